"""The audit results: per detector, per audit, per class and per sampler."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from .._pages import anchor, figure, table
from .._result_io import ResultMixin, jsonable, label_text, pick_class, select_auditors
from .._values import label_repr
from ..plotting import plot_gap, plot_pr, plot_roc

__all__ = ["AuditResult", "ClassAudit", "DetectorResult", "SamplerAudit"]

METRICS = ("f1", "recall", "precision", "accuracy", "kappa", "roc_auc", "pr_auc")

# A synthetic AUC this far below the real-vs-real reference is called copy-like.
COPY_LIKE_MARGIN = 0.05


@dataclass
class DetectorResult:
    """What one detector achieved at telling synthetic (1) from real (0) rows.

    Metrics are averaged over the balanced subsamples; curves and scores are those
    of the first subsample. The confusion matrix is ``[[TN, FP], [FN, TP]]`` with
    synthetic as the positive class, summed over subsamples.
    """

    name: str
    metrics: dict
    confusion_matrix: np.ndarray
    roc_curve: tuple
    pr_curve: tuple
    labels: np.ndarray = field(repr=False)
    scores: np.ndarray = field(repr=False)

    @property
    def roc_auc(self) -> float:
        return self.metrics["roc_auc"]

    def to_dict(self, *, curves: bool = True) -> dict:
        out = {
            "name": self.name,
            "metrics": {k: float(v) for k, v in self.metrics.items()},
            "confusion_matrix": np.asarray(self.confusion_matrix).tolist(),
        }
        if curves:
            out["roc_curve"] = [np.asarray(a).tolist() for a in self.roc_curve]
            out["pr_curve"] = [np.asarray(a).tolist() for a in self.pr_curve]
            out["labels"] = np.asarray(self.labels).tolist()
            out["scores"] = np.asarray(self.scores).tolist()
        return out

    @classmethod
    def from_dict(cls, d: dict) -> DetectorResult:
        return cls(
            name=d["name"],
            metrics=dict(d["metrics"]),
            confusion_matrix=np.asarray(d["confusion_matrix"]),
            roc_curve=tuple(np.asarray(a) for a in d.get("roc_curve", ([], []))),
            pr_curve=tuple(np.asarray(a) for a in d.get("pr_curve", ([], []))),
            labels=np.asarray(d.get("labels", []), dtype=int),
            scores=np.asarray(d.get("scores", []), dtype=float),
        )


@dataclass
class AuditResult(ResultMixin):
    """The result of :func:`audit`: one :class:`DetectorResult` per detector.

    Attributes
    ----------
    detectors : dict of str to DetectorResult
    n_real, n_synthetic : int
        Rows given on each side.
    n_used : int
        Rows per side after balancing (the smaller side's size).
    n_subsamples : int
        Balanced subsamples averaged.
    """

    detectors: dict
    n_real: int
    n_synthetic: int
    n_used: int
    n_subsamples: int

    @property
    def worst(self) -> DetectorResult:
        """The detector with the highest ROC AUC (the worst case for the data)."""
        return max(self.detectors.values(), key=lambda d: d.roc_auc)

    @property
    def roc_auc(self) -> float:
        """Highest ROC AUC over the detectors."""
        return self.worst.roc_auc

    def auc(self) -> dict:
        """ROC AUC per detector."""
        return {name: d.roc_auc for name, d in self.detectors.items()}

    def to_frame(self) -> pd.DataFrame:
        """One row per detector: the paper's metrics and the confusion matrix."""
        rows = []
        for name, d in self.detectors.items():
            (tn, fp), (fn, tp) = np.asarray(d.confusion_matrix)
            rows.append(
                {"detector": name, **d.metrics, "tn": tn, "fp": fp, "fn": fn, "tp": tp}
            )
        return pd.DataFrame(rows).set_index("detector")

    def to_dict(self, *, curves: bool = True) -> dict:
        return {
            "n_real": self.n_real,
            "n_synthetic": self.n_synthetic,
            "n_used": self.n_used,
            "n_subsamples": self.n_subsamples,
            "detectors": {
                n: d.to_dict(curves=curves) for n, d in self.detectors.items()
            },
        }

    @classmethod
    def from_dict(cls, d: dict) -> AuditResult:
        return cls(
            detectors={
                n: DetectorResult.from_dict(v) for n, v in d["detectors"].items()
            },
            n_real=d["n_real"],
            n_synthetic=d["n_synthetic"],
            n_used=d["n_used"],
            n_subsamples=d["n_subsamples"],
        )

    def summary(self) -> str:
        frame = self.to_frame()[list(METRICS)].round(3)
        head = (
            f"Detectability audit: {self.n_used} real vs {self.n_used} synthetic rows"
            f" per subsample ({self.n_subsamples} subsample(s)); worst case "
            f"{self.worst.name} ROC AUC {self.roc_auc:.3f} (0.5 = indistinguishable)"
        )
        return head + "\n" + frame.to_string()

    # ------------------------------------------------------------ figures, page

    def _roc_curves(self, label=None, auditor=None) -> tuple[list, str]:
        """``[(legend, DetectorResult, style)]`` and a title for ROC/PR figures."""
        names = select_auditors(self.detectors, auditor)
        curves = [
            (n, self.detectors[n], {"color": f"C{i}", "linestyle": "-"})
            for i, n in enumerate(names)
        ]
        return curves, "real vs synthetic"

    def _html_block(self) -> dict:
        """Page data of this audit: counts, the metrics table, ROC and PR."""
        return {
            "n_used": self.n_used,
            "n_real": self.n_real,
            "n_synthetic": self.n_synthetic,
            "n_subsamples": self.n_subsamples,
            "worst": self.worst.name,
            "roc_auc": self.roc_auc,
            "table": table(self.to_frame()),
            "figures": [figure(plot_roc, self), figure(plot_pr, self)],
        }

    _html_template = "audit.html.j2"

    def _html_context(self) -> dict:
        return {
            "title": "synthsieve detectability audit",
            "toc": [("audit", "Real vs synthetic (out-of-fold)")],
            "block": self._html_block(),
        }


@dataclass
class ClassAudit:
    """Hold-out audit of one class.

    Attributes
    ----------
    label : the class
    synthetic : list of AuditResult
        Held-out real half against synthetic rows, one per split.
    reference : list of AuditResult
        Real half against real half, one per split, same auditors.
    copy_share : float
        Share of synthetic rows that exactly copy a real row the sampler saw.
    n_real : int
        Real rows of the class.
    """

    label: object
    synthetic: list
    reference: list
    copy_share: float
    n_real: int

    def auc(self) -> dict:
        """Mean synthetic AUC per auditor."""
        names = self.synthetic[0].detectors
        return {
            n: float(np.mean([a.detectors[n].roc_auc for a in self.synthetic]))
            for n in names
        }

    def reference_auc(self) -> dict:
        """Mean real-vs-real reference AUC per auditor."""
        names = self.reference[0].detectors
        return {
            n: float(np.mean([a.detectors[n].roc_auc for a in self.reference]))
            for n in names
        }

    def gaps(self) -> dict:
        """``|AUC - reference AUC|`` per auditor."""
        ref = self.reference_auc()
        return {n: abs(a - ref[n]) for n, a in self.auc().items()}

    @property
    def gap(self) -> float:
        """The detectability gap: the largest ``|AUC - reference|`` over auditors."""
        return max(self.gaps().values())

    @property
    def worst_auditor(self) -> str:
        gaps = self.gaps()
        return max(gaps, key=gaps.get)

    @property
    def n_splits(self) -> int:
        """Random half splits audited (one real-vs-real reference per split)."""
        return len(self.reference)

    def _split_differences(self, auditor: str) -> np.ndarray:
        """Per split: the auditor's synthetic AUC minus its reference AUC.

        A split audited both ways (halves swapped) has its synthetic audits next
        to each other in :attr:`synthetic`; their mean is the split's AUC.
        """
        n = self.n_splits
        if n == 0 or len(self.synthetic) % n:
            raise ValueError(
                f"ClassAudit has {len(self.synthetic)} synthetic and {n} reference "
                "audits; it needs the same number of synthetic audits per split."
            )
        synth = [a.detectors[auditor].roc_auc for a in self.synthetic]
        ref = [a.detectors[auditor].roc_auc for a in self.reference]
        return np.asarray(synth).reshape(n, -1).mean(axis=1) - np.asarray(ref)

    @property
    def gap_se(self) -> float:
        """Standard error of :attr:`gap` over the half splits.

        The standard deviation (``ddof=1``) of the worst auditor's per-split
        differences, synthetic AUC minus reference AUC, divided by
        ``sqrt(n_splits)``. A split's synthetic AUC is the mean of its two swapped
        halves. NaN with a single split: one split says nothing of the spread.

        Notes
        -----
        The splits are drawn at random from one data set, so this is the noise of
        the audit at this sample size, not of the data set's draw from the world.
        Two gaps differ beyond their noise when the difference exceeds about
        ``2 * sqrt(se_1**2 + se_2**2)``.
        """
        if self.n_splits < 2:
            return float("nan")
        diffs = self._split_differences(self.worst_auditor)
        return float(np.std(diffs, ddof=1) / np.sqrt(len(diffs)))

    @property
    def copy_like(self) -> bool:
        """True when the worst auditor's AUC lies well below the reference."""
        name = self.worst_auditor
        return self.auc()[name] < self.reference_auc()[name] - COPY_LIKE_MARGIN

    def verdict(self) -> str:
        if self.copy_like:
            return "copy-like (AUC below the real-vs-real reference)"
        if self.gap <= 0.05:
            return "indistinguishable from real rows"
        if self.gap <= 0.10:
            return "hard to detect"
        if self.gap <= 0.20:
            return "detectable"
        return "easily detectable"

    def to_dict(self) -> dict:
        return {
            "label": jsonable(self.label),
            "n_real": self.n_real,
            "copy_share": self.copy_share,
            "synthetic": [a.to_dict() for a in self.synthetic],
            "reference": [a.to_dict() for a in self.reference],
        }

    @classmethod
    def from_dict(cls, d: dict) -> ClassAudit:
        return cls(
            label=d["label"],
            synthetic=[AuditResult.from_dict(a) for a in d["synthetic"]],
            reference=[AuditResult.from_dict(a) for a in d["reference"]],
            copy_share=d["copy_share"],
            n_real=d["n_real"],
        )


@dataclass
class SamplerAudit(ResultMixin):
    """Result of :func:`audit_sampler`: one entry per audited class.

    Attributes
    ----------
    protocol : {"holdout", "paper"}
    classes : dict of label to ClassAudit (hold-out) or AuditResult (paper)
    copy_share : dict of label to float
    """

    protocol: str
    classes: dict
    sampler_name: str = ""

    @property
    def gap(self) -> float:
        """Worst detectability gap over classes (hold-out protocol only)."""
        if self.protocol != "holdout":
            raise AttributeError("`gap` exists only for protocol='holdout'.")
        return max(c.gap for c in self.classes.values())

    @property
    def roc_auc(self) -> float:
        """Worst (highest) synthetic ROC AUC over classes and auditors."""
        if self.protocol == "holdout":
            return max(max(c.auc().values()) for c in self.classes.values())
        return max(a.roc_auc for a in self.classes.values())

    @property
    def copy_share(self) -> dict:
        if self.protocol == "holdout":
            return {k: c.copy_share for k, c in self.classes.items()}
        return dict(self._copy_share)

    def to_frame(self) -> pd.DataFrame:
        """One row per class and auditor: AUC, reference AUC and gap."""
        rows = []
        for label, c in self.classes.items():
            if self.protocol == "holdout":
                ref, gaps = c.reference_auc(), c.gaps()
                for name, auc in c.auc().items():
                    rows.append(
                        {
                            "class": label,
                            "auditor": name,
                            "roc_auc": auc,
                            "reference_auc": ref[name],
                            "gap": gaps[name],
                            "copy_share": c.copy_share,
                        }
                    )
            else:
                for name, auc in c.auc().items():
                    rows.append(
                        {
                            "class": label,
                            "auditor": name,
                            "roc_auc": auc,
                            "copy_share": self._copy_share[label],
                        }
                    )
        return pd.DataFrame(rows).set_index(["class", "auditor"])

    def summary(self) -> str:
        lines = [
            f"Hold-out audit of {self.sampler_name}"
            if self.protocol == "holdout"
            else f"Paper-protocol audit of {self.sampler_name}"
        ]
        if self.protocol == "holdout":
            for label, c in self.classes.items():
                lines.append(
                    f"class {label_repr(label)}: gap {c.gap:.3f} ({c.worst_auditor}) - "
                    f"{c.verdict()}; exact copies {c.copy_share:.1%}"
                )
        lines.append(self.to_frame().round(3).to_string())
        return "\n".join(lines)

    def to_dict(self) -> dict:
        out = {"protocol": self.protocol, "sampler_name": self.sampler_name}
        if self.protocol == "holdout":
            out["classes"] = [c.to_dict() for c in self.classes.values()]
        else:
            out["classes"] = [
                {
                    "label": jsonable(k),
                    "audit": a.to_dict(),
                    "copy_share": self._copy_share[k],
                }
                for k, a in self.classes.items()
            ]
        return out

    @classmethod
    def from_dict(cls, d: dict) -> SamplerAudit:
        if d["protocol"] == "holdout":
            classes = {}
            for c in d["classes"]:
                ca = ClassAudit.from_dict(c)
                classes[ca.label] = ca
            return cls("holdout", classes, d.get("sampler_name", ""))
        obj = cls(
            "paper",
            {c["label"]: AuditResult.from_dict(c["audit"]) for c in d["classes"]},
            d.get("sampler_name", ""),
        )
        obj._copy_share = {c["label"]: c["copy_share"] for c in d["classes"]}
        return obj

    # ------------------------------------------------------------ figures, page

    def _roc_curves(self, label=None, auditor=None) -> tuple[list, str]:
        """``[(legend, DetectorResult, style)]`` and a title for ROC/PR figures."""
        key, c = pick_class(self.classes, label, "audit")
        if self.protocol == "paper":
            return (
                c._roc_curves(None, auditor)[0],
                f"{self.sampler_name}, class {label_text(key)} (paper protocol)",
            )
        out = []
        names = select_auditors(c.synthetic[0].detectors, auditor)
        for i, n in enumerate(names):
            out.append(
                (
                    f"{n}, held-out real vs synthetic",
                    c.synthetic[0].detectors[n],
                    {"color": f"C{i}", "linestyle": "-"},
                )
            )
            out.append(
                (
                    f"{n}, real vs real (reference)",
                    c.reference[0].detectors[n],
                    {"color": f"C{i}", "linestyle": ":"},
                )
            )
        return out, f"{self.sampler_name}, class {label_text(key)} (hold-out)"

    def _gap_data(self, label=None) -> dict:
        """Auditors, reference AUCs and the series of the gap figure."""
        if self.protocol != "holdout":
            raise ValueError("plot_gap needs a hold-out audit (protocol='holdout').")
        key, ca = pick_class(self.classes, label, "audit")
        ref = ca.reference_auc()
        name = self.sampler_name or "sampler"
        return {
            "auditors": list(ref),
            "reference": ref,
            "series": [(f"{name} (gap {ca.gap:.3f})", ca.auc(), "C0")],
            "label": key,
            "margin": COPY_LIKE_MARGIN,
            "arrows": False,
        }

    _html_template = "sampler_audit.html.j2"

    def _html_context(self) -> dict:
        name = self.sampler_name or "sampler"
        classes = [
            {
                "label": label,
                "anchor": anchor("class", label_text(label)),
                "heading": f"Class {label_text(label)}",
            }
            for label in self.classes
        ]
        toc = [(c["anchor"], c["heading"]) for c in classes]
        if self.protocol == "paper":
            for c in classes:
                c["copy_share"] = self.copy_share[c["label"]]
                c["block"] = self.classes[c["label"]]._html_block()
            return {
                "title": f"synthsieve audit of {name} (paper protocol)",
                "protocol": "paper",
                "toc": toc,
                "classes": classes,
            }
        for c in classes:
            c["figures"] = [
                figure(plot_gap, self, label=c["label"]),
                figure(plot_roc, self, label=c["label"]),
            ]
        rows = [
            {
                "label": label_text(k),
                "gap": c.gap,
                "verdict": c.verdict(),
                "copy_like": c.copy_like,
                "worst_auditor": c.worst_auditor,
                "copy_share": c.copy_share,
                "n_real": c.n_real,
            }
            for k, c in self.classes.items()
        ]
        return {
            "title": f"synthsieve hold-out audit of {name}",
            "protocol": "holdout",
            "toc": [("headline", "Detectability gap"), *toc],
            "rows": rows,
            "margin": COPY_LIKE_MARGIN,
            "table": table(self.to_frame()),
            "classes": classes,
        }
