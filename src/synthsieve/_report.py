"""SieveReport: what a FilteredOverSampler kept, rejected, and how detectable it is."""

from __future__ import annotations

import json
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from ._audit import AuditResult, _jsonable, audit

__all__ = ["SieveReport", "build_report"]

_COUNTS = ("n_real", "needed", "candidates", "accepted", "rounds")


@dataclass
class SieveReport:
    """Per-class record of a :class:`~synthsieve.FilteredOverSampler` fit.

    Attributes
    ----------
    classes : dict
        Class label to a dict with the counts ``n_real``, ``needed``,
        ``candidates``, ``accepted``, ``rounds``, ``rejected`` (reason to count)
        and, when auditors ran, ``before`` (raw candidates of the first round vs
        real rows) and ``after`` (accepted rows vs real rows), each an
        :class:`~synthsieve.AuditResult`.
    sampler : str
        Name of the sampler that made the report.
    extra : dict
        Further sections (hold-out audit, diversity, shift) when computed.
    """

    classes: dict
    sampler: str = "FilteredOverSampler"
    extra: dict = field(default_factory=dict)

    def to_frame(self) -> pd.DataFrame:
        """One row per class: counts, rejections by reason, AUC before/after."""
        rows = []
        for label, c in self.classes.items():
            row = {"class": label, **{k: c[k] for k in _COUNTS}}
            for reason, n in c["rejected"].items():
                row[f"rejected_{reason}"] = n
            for when in ("before", "after"):
                if when in c:
                    for name, auc in c[when].auc().items():
                        row[f"auc_{when}_{name}"] = auc
                    row[f"auc_{when}"] = c[when].roc_auc
            rows.append(row)
        frame = pd.DataFrame(rows)
        rej = [col for col in frame.columns if col.startswith("rejected_")]
        frame[rej] = frame[rej].fillna(0).astype(int)
        return frame.set_index("class")

    def summary(self) -> str:
        """A readable text table."""
        lines = [f"{self.sampler} report"]
        for label, c in self.classes.items():
            rej = ", ".join(f"{k} {v}" for k, v in sorted(c["rejected"].items()))
            lines.append(
                f"class {label!r}: {c['accepted']} of {c['needed']} rows accepted "
                f"from {c['candidates']} candidates in {c['rounds']} round(s); "
                f"{c['n_real']} real rows"
            )
            lines.append(f"  rejected: {rej or 'none'}")
            if "before" in c:
                before = c["before"].auc()
                after = c["after"].auc() if "after" in c else {}
                cells = [
                    f"{n} {before[n]:.3f} -> {after.get(n, float('nan')):.3f}"
                    for n in before
                ]
                lines.append(
                    "  detectability (ROC AUC, real vs synthetic, 0.5 = "
                    "indistinguishable), raw candidates -> accepted: "
                    + "; ".join(cells)
                )
        return "\n".join(lines)

    def __str__(self) -> str:
        return self.summary()

    def to_dict(self) -> dict:
        """A JSON-ready dict; :meth:`from_dict` reads it back."""
        classes = []
        for label, c in self.classes.items():
            entry = {"label": _jsonable(label)}
            entry.update({k: int(c[k]) for k in _COUNTS})
            entry["rejected"] = {k: int(v) for k, v in c["rejected"].items()}
            for when in ("before", "after"):
                if when in c:
                    entry[when] = c[when].to_dict()
            classes.append(entry)
        return {
            "sampler": self.sampler,
            "classes": classes,
            "extra": _json_ready(self.extra),
        }

    @classmethod
    def from_dict(cls, d: dict) -> SieveReport:
        classes = {}
        for entry in d["classes"]:
            c = {k: entry[k] for k in _COUNTS}
            c["rejected"] = dict(entry["rejected"])
            for when in ("before", "after"):
                if when in entry:
                    c[when] = AuditResult.from_dict(entry[when])
            classes[entry["label"]] = c
        return cls(
            classes=classes, sampler=d.get("sampler", ""), extra=d.get("extra", {})
        )

    def to_json(self, path=None, **kwargs) -> str:
        text = json.dumps(self.to_dict(), **kwargs)
        if path is not None:
            with open(path, "w", encoding="utf-8") as fh:
                fh.write(text)
        return text

    @classmethod
    def from_json(cls, text_or_path) -> SieveReport:
        text = str(text_or_path)
        if not text.lstrip().startswith("{"):
            with open(text_or_path, encoding="utf-8") as fh:
                text = fh.read()
        return cls.from_dict(json.loads(text))


def build_report(class_data, *, auditors=None, random_state=0, sampler=""):
    """Assemble a :class:`SieveReport` from what a fit recorded per class.

    `class_data` maps each label to ``stats`` (counts), ``real`` (the class's real
    rows), ``raw`` (first-round candidates before repair), ``accepted`` (the
    accepted rows), ``accepted_scores`` and ``rejected`` (the rejected rows with
    reason and score). With `auditors`, residual detectability is measured
    before (raw candidates) and after (accepted rows) with :func:`audit`.
    """
    rng = np.random.default_rng(random_state)
    classes = {}
    for label, d in class_data.items():
        stats, real, raw, accepted = d["stats"], d["real"], d["raw"], d["accepted"]
        entry = {
            "n_real": stats["n_real"],
            "needed": stats["needed"],
            "candidates": stats["candidates"],
            "accepted": stats["accepted"],
            "rejected": dict(stats["rejected"]),
            "rounds": stats["rounds"],
        }
        if auditors is not None and len(real) >= 2 and raw is not None:
            cv = min(5, len(real), len(raw))
            if cv >= 2:
                seed = int(rng.integers(2**31 - 1))
                entry["before"] = audit(
                    real, raw, detectors=auditors, cv=cv, random_state=seed
                )
                if len(accepted) >= cv:
                    entry["after"] = audit(
                        real, accepted, detectors=auditors, cv=cv, random_state=seed
                    )
        classes[label] = entry
    return SieveReport(classes=classes, sampler=sampler)


def _json_ready(obj):
    if isinstance(obj, dict):
        return {str(_jsonable(k)): _json_ready(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [_json_ready(v) for v in obj]
    if isinstance(obj, np.ndarray):
        return obj.tolist()
    if isinstance(obj, pd.DataFrame):
        return json.loads(obj.to_json(orient="split"))
    return _jsonable(obj)
