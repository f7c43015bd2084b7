"""SieveReport: what a FilteredOverSampler kept, rejected, and how detectable it is.

Two layers of measurement live in one report:

* the *in-fit* sections, built by :func:`build_report` at the end of every
  :meth:`FilteredOverSampler.fit_resample <synthsieve.FilteredOverSampler.fit_resample>`
  from what the fit recorded: counts, rejection reasons, in-sample detectability
  of the raw candidates and of the accepted rows, detector scores, feature shift,
  the domain profile and the distances to the closest real rows. They are cheap
  and in-sample: the accepted rows were chosen by looking at these same real rows.
* the *hold-out* headline, added by :func:`sieve_report`: the base sampler
  ("before") and the filtered sampler ("after") are audited with
  :func:`~synthsieve.audit_sampler` (``protocol="holdout"``) against real rows they
  never saw, next to the real-vs-real reference. That detectability gap is the
  honest number; an AUC well below the reference means copy-like rows.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from .._result_io import ResultMixin, jsonable, label_text, pick_class, select_auditors
from ..audit import SamplerAudit
from ..audit._results import COPY_LIKE_MARGIN, METRICS
from ._class_overlap import OVERLAP_K, overlap_advice, overlap_hurts
from ._html import report_context
from ._measures import COVERAGE_K
from ._records import COUNTS, OVERLAP, ClassOutcome, clean

__all__ = ["SieveReport"]

#: Table sections of :meth:`SieveReport.to_frame`.
SECTIONS = ("classes", "detectability", "holdout", "shift", "profile", "diversity")

_STAGE_TEXT = {"before": "raw candidates", "after": "accepted"}


@dataclass
class SieveReport(ResultMixin):
    """What a :class:`~synthsieve.FilteredOverSampler` kept, rejected and how
    detectable the kept rows remain, per minority class.

    A fitted sampler's ``report_`` holds the in-fit sections (in-sample: the
    accepted rows were chosen against the same real rows they are compared
    with). :func:`sieve_report` adds the honest headline, the hold-out
    detectability gap of the base sampler ("before") and of the filtered sampler
    ("after"); read that one first.

    Attributes
    ----------
    classes : dict of label to ClassOutcome
        Class label to its :class:`~synthsieve.report.ClassOutcome` (a frozen
        result; a dict given here, in the shape of :meth:`to_dict`'s class
        entries, is read into one):

        * the counts ``n_real``, ``needed``, ``candidates``, ``accepted``,
          ``filled``, ``rounds``; ``jitter``, the scale of the noise added to
          the candidates (see ``FilteredOverSampler``); ``rejected`` (reason
          to count: ``invalid``, ``copy``, ``near_copy``, ``duplicate``,
          ``detectable``, ``other_class``); ``note`` and ``no_help``: why the
          class fell short, and why the filter changed little for it, when it
          did (see ``FilteredOverSampler``);
        * ``measures`` (:class:`~synthsieve.report.ClassMeasures`):
          ``rejected_detail`` (every recorded reason, with the rule that an
          invalid row broke); ``before`` and ``after``,
          :class:`~synthsieve.AuditResult` of the raw first-round candidates
          and of the accepted rows against the real rows (in-sample, the
          paper's protocol), when auditors ran; ``scores``, histograms of the
          filtering detector's scores of the real rows (when recorded),
          accepted and rejected rows; ``shift``, one record per column,
          largest shift first (Kolmogorov-Smirnov statistic for numeric
          columns, total variation distance for binary and nominal ones),
          real rows vs accepted rows (``statistic``) and vs raw candidates
          (``before``); ``profile``, :func:`~synthsieve.domain_profile` of the
          raw candidates and of the accepted rows (the paper's Table 2: active
          features per row, non-integer and out-of-range values, exact
          copies); ``diversity``, distances to the closest real row of the
          class, copies and coverage, for the raw candidates and the accepted
          rows; ``overlap_real``, ``overlap_raw``, ``overlap_accepted``, the
          mean share of other classes' rows among the 5 nearest real rows of
          the real rows (themselves left out), of the raw first-round
          candidates and of the accepted rows
          (:func:`~synthsieve.class_overlap`): an accepted share above the
          real one means rows deeper in other classes' regions than the real
          rows sit, which can add false positives.

        ``report.classes[label]["accepted"]`` and the like, the dict read of
        earlier versions, still work (read-only).
    sampler : str
        Name of the sampler that made the report.
    extra : dict
        Settings and further sections (JSON-ready values).
    holdout : dict
        ``{"before": SamplerAudit, "after": SamplerAudit}`` from
        :func:`sieve_report`; empty in a fitted sampler's ``report_``.

    See Also
    --------
    sieve_report : fit a sampler and add the hold-out headline.
    synthsieve.plotting : the figures of the report.

    Notes
    -----
    Diversity measures (on standardised numeric columns and 0/1 indicators, as
    :class:`~synthsieve.CopyDetector` encodes them): ``median_ratio`` is the
    median distance from a synthetic row to its closest real row of the class,
    divided by the median distance from a real row to its closest other real
    row (about 1 for rows drawn from the real distribution, 0 for copies);
    ``coverage_nearest`` is the share of distinct real rows that are the closest
    real row of at least one synthetic row; ``coverage_knn`` is the share of real
    rows whose ball reaching their 5th nearest real neighbour holds at least one
    synthetic row (the coverage of Naeem et al., 2020). Both coverages grow with
    the number of synthetic rows; a low value means the rows collapsed onto part
    of the class.

    Detector scores of different rounds come from different detectors (each
    round trains its own), so their histograms mix scales.

    References
    ----------
    .. [1] Naeem, Oh, Uh, Choi, Yoo. "Reliable Fidelity and Diversity Metrics
       for Generative Models", ICML 2020.

    Examples
    --------
    >>> from sklearn.datasets import make_classification
    >>> from sklearn.linear_model import LogisticRegression
    >>> from synthsieve import FilteredOverSampler
    >>> X, y = make_classification(n_samples=300, n_features=4, weights=[0.8],
    ...                            random_state=0)
    >>> sampler = FilteredOverSampler(detector="logreg", random_state=0,
    ...                               auditors={"lr": LogisticRegression()})
    >>> X_res, y_res = sampler.fit_resample(X, y)
    >>> report = sampler.report_
    >>> report.to_frame().loc[1, ["n_real", "needed", "accepted"]].tolist()
    [61, 178, 178]
    >>> text = report.to_json()
    >>> type(report).from_json(text).to_dict() == report.to_dict()
    True
    """

    classes: dict
    sampler: str = "FilteredOverSampler"
    extra: dict = field(default_factory=dict)
    holdout: dict = field(default_factory=dict)

    def __post_init__(self):
        # the edge where dicts come in (from_dict, a report made by hand): read
        # into the typed result once
        self.classes = {
            label: (
                c if isinstance(c, ClassOutcome) else ClassOutcome.from_dict(c, label)
            )
            for label, c in self.classes.items()
        }

    def __setstate__(self, state):
        # a report pickled by an earlier version holds dicts: read them too
        self.__dict__.update(state)
        self.__post_init__()

    # ------------------------------------------------------------ headline

    def gap(self, stage: str = "after") -> float | None:
        """Hold-out detectability gap of ``"before"`` or ``"after"``, worst class.

        None when the report has no hold-out audit (see :func:`sieve_report`).
        """
        if stage not in ("before", "after"):
            raise ValueError(f"`stage` must be 'before' or 'after', got {stage!r}.")
        audit_ = self.holdout.get(stage)
        return None if audit_ is None else float(audit_.gap)

    def headline(self) -> list[str]:
        """The hold-out gap before -> after per class, with verdicts, as lines."""
        before, after = self.holdout.get("before"), self.holdout.get("after")
        if after is None:
            return [
                "Hold-out audit not run: the detectability below is in-sample (the "
                "accepted rows were chosen against the same real rows). Run "
                "synthsieve.sieve_report(...) or `synthsieve resample --holdout` "
                "for the honest headline."
            ]
        lines = [
            "Hold-out detectability gap |AUC - real-vs-real AUC| (worst auditor; 0 "
            "is the limit), base sampler -> filtered:"
        ]
        for label, ca in after.classes.items():
            cell = f"{ca.gap:.3f} ({ca.verdict()})"
            if before is not None and label in before.classes:
                cb = before.classes[label]
                cell = f"{cb.gap:.3f} ({cb.verdict()}) -> " + cell
            if ca.copy_like:
                cell += " - copy-like rows, NOT a success"
            lines.append(f"  class {label_text(label)}: {cell}")
        return lines

    # ------------------------------------------------------------ tables

    def to_frame(self, section: str = "classes") -> pd.DataFrame:
        """A table of one section of the report.

        Parameters
        ----------
        section : {"classes", "detectability", "holdout", "shift", "profile", \
"diversity"}, default="classes"
            ``"classes"``: one row per class with counts, rejections by reason,
            in-sample AUC before/after, hold-out gaps and the main diversity
            figures. ``"detectability"``: one row per class, stage and auditor
            with every metric and the confusion matrix. ``"holdout"``: hold-out
            AUC, reference AUC and gap per class, stage and auditor.
            ``"shift"``: one row per class and column, largest shift first.
            ``"profile"`` and ``"diversity"``: one row per class and row set.

        Returns
        -------
        DataFrame
        """
        if section not in SECTIONS:
            raise ValueError(
                f"`section` must be one of {', '.join(SECTIONS)}; got {section!r}."
            )
        return getattr(self, f"_frame_{section}")()

    def _frame_classes(self) -> pd.DataFrame:
        rows = []
        for label, c in self.classes.items():
            m = c.measures
            row = {"class": label, **{k: getattr(c, k) for k in COUNTS}}
            if c.jitter is not None:
                row["jitter"] = c.jitter
            for reason, n in c.rejected.items():
                row[f"rejected_{reason}"] = n
            for when in ("before", "after"):
                result = getattr(m, when)
                if result is not None:
                    for name, auc in result.auc().items():
                        row[f"auc_{when}_{name}"] = auc
                    row[f"auc_{when}"] = result.roc_auc
            for when in ("before", "after"):
                sa = self.holdout.get(when)
                if sa is not None and label in sa.classes:
                    row[f"gap_{when}"] = sa.classes[label].gap
                    row[f"verdict_{when}"] = sa.classes[label].verdict()
            for key in OVERLAP:
                if getattr(m, key) is not None:
                    row[key] = getattr(m, key)
            div = (m.diversity or {}).get("accepted") or {}
            for key in ("median_ratio", "exact_copy_share", "coverage_knn"):
                if key in div:
                    row[key] = div[key]
            prof = (m.profile or {}).get("accepted") or {}
            if prof.get("n_binary_columns"):
                row["active_real"] = prof["active_real"]
                row["active_accepted"] = prof["active_synthetic"]
            rows.append(row)
        frame = pd.DataFrame(rows)
        rej = [col for col in frame.columns if col.startswith("rejected_")]
        frame[rej] = frame[rej].fillna(0).astype(int)
        return frame.set_index("class")

    def _frame_detectability(self) -> pd.DataFrame:
        parts = []
        for label, c in self.classes.items():
            for when in ("before", "after"):
                result = getattr(c.measures, when)
                if result is not None:
                    f = result.to_frame().reset_index()
                    f.insert(0, "stage", when)
                    f.insert(0, "class", label)
                    parts.append(f)
        return _concat(parts, ["class", "stage", "detector"])

    def _frame_holdout(self) -> pd.DataFrame:
        parts = []
        for when in ("before", "after"):
            sa = self.holdout.get(when)
            if sa is not None:
                f = sa.to_frame().reset_index()
                f.insert(1, "stage", when)
                parts.append(f)
        if parts:  # class by class, "before" then "after"
            both = pd.concat(parts, ignore_index=True)
            labels = list(dict.fromkeys(label_text(k) for k in both["class"]))
            key = both["class"].map(lambda k: labels.index(label_text(k)))
            parts = [both.iloc[np.argsort(key.to_numpy(), kind="stable")]]
        return _concat(parts, ["class", "stage", "auditor"])

    def _frame_shift(self) -> pd.DataFrame:
        parts = []
        for label, c in self.classes.items():
            if c.measures.shift:
                f = pd.DataFrame(c.measures.shift)
                f.insert(0, "class", label)
                parts.append(f)
        return _concat(parts, ["class", "column"])

    def _frame_profile(self) -> pd.DataFrame:
        rows = []
        for label, c in self.classes.items():
            prof = c.measures.profile or {}
            for rows_name in ("raw", "accepted"):
                p = prof.get(rows_name)
                if p:
                    rows.append({"class": label, "rows": rows_name, **p})
        return _concat([pd.DataFrame(rows)] if rows else [], ["class", "rows"])

    def _frame_diversity(self) -> pd.DataFrame:
        rows = []
        for label, c in self.classes.items():
            div = c.measures.diversity or {}
            for rows_name in ("raw", "accepted"):
                d = div.get(rows_name)
                if d:
                    rows.append(
                        {
                            "class": label,
                            "rows": rows_name,
                            **d,
                            "real_median_distance": div.get("real_median_distance"),
                        }
                    )
        return _concat([pd.DataFrame(rows)] if rows else [], ["class", "rows"])

    # ------------------------------------------------------------ text

    def summary(self, *, top: int = 5) -> str:
        """A readable text report: headline, then one block per class.

        Parameters
        ----------
        top : int, default=5
            Columns listed under the largest feature shift.

        Returns
        -------
        str
        """
        title = f"{self.sampler} report"
        base = self.extra.get("base_sampler")
        if base:
            title += f" (base sampler {base})"
        lines = [title, *self.headline(), ""]
        consistency = self.extra.get("class_consistency")
        for label, c in self.classes.items():
            lines += _class_counts_lines(label, c)
            lines += _class_measure_lines(c, consistency, top)
        if self.holdout:
            lines += ["", "Hold-out audits (AUC vs real-vs-real reference):"]
            lines.append(self.to_frame("holdout").round(3).to_string())
        return "\n".join(lines).rstrip()

    # ------------------------------------------------------------ figures, page

    def _report_classes(self) -> dict:
        """Class label to its :class:`~synthsieve.report.ClassOutcome` (the
        report-only figures read its attributes)."""
        return self.classes

    def _roc_curves(self, label=None, auditor=None) -> tuple[list, str]:
        """Each auditor's curve on the raw candidates (dashed) and the accepted
        rows (solid) of one class, and a title."""
        key, c = pick_class(self.classes, label, "report")
        m = c.measures
        if not m.audited:
            raise ValueError(
                f"Class {label_text(key)} of the report has no detectability audit "
                "(the sampler ran with auditors=None)."
            )
        first = m.before or m.after
        out = []
        for i, name in enumerate(select_auditors(first.detectors, auditor)):
            for when, ls in (("before", "--"), ("after", "-")):
                result = getattr(m, when)
                if result is not None and name in result.detectors:
                    out.append(
                        (
                            f"{name}, {_STAGE_TEXT[when]}",
                            result.detectors[name],
                            {"color": f"C{i}", "linestyle": ls},
                        )
                    )
        return out, f"class {label_text(key)}, in-sample"

    def _gap_data(self, label=None) -> dict:
        """The hold-out AUCs of the base sampler and of the filtered one."""
        if "after" not in self.holdout:
            raise ValueError(
                "The report has no hold-out audit; make it with "
                "synthsieve.sieve_report(...) to plot the gap."
            )
        series = []
        ref = None
        key = None
        for when, color in (("before", "C3"), ("after", "C2")):
            sa = self.holdout.get(when)
            if sa is None:
                continue
            key, ca = pick_class(sa.classes, label, "hold-out audit")
            ref = ca.reference_auc()
            text = "base sampler" if when == "before" else "filtered"
            series.append((f"{text} (gap {ca.gap:.3f})", ca.auc(), color))
        return {
            "auditors": list(ref),
            "reference": ref,
            "series": series,
            "label": key,
            "margin": COPY_LIKE_MARGIN,
            "arrows": True,
        }

    _html_template = "report.html.j2"

    def _html_context(self) -> dict:
        return report_context(self)

    # I/O: ``__str__``, ``to_html``, ``to_json`` and ``from_json`` come from
    # :class:`synthsieve._result_io.ResultMixin`, on top of summary/to_dict/from_dict.

    def to_dict(self) -> dict:
        """A JSON-ready dict; :meth:`from_dict` reads it back.

        Missing values are written as None (JSON null), so the JSON is strict.
        """
        classes = [c.to_dict() for c in self.classes.values()]
        out = {
            "sampler": self.sampler,
            "classes": classes,
            "extra": clean(_json_ready(self.extra)),
        }
        if self.holdout:
            out["holdout"] = {k: v.to_dict() for k, v in self.holdout.items()}
        return out

    @classmethod
    def from_dict(cls, d: dict) -> SieveReport:
        """Read back what :meth:`to_dict` wrote."""
        classes = {}
        for entry in d["classes"]:
            c = ClassOutcome.from_dict(entry)
            classes[c.label] = c
        holdout = {
            k: SamplerAudit.from_dict(v) for k, v in (d.get("holdout") or {}).items()
        }
        return cls(
            classes=classes,
            sampler=d.get("sampler", ""),
            extra=d.get("extra", {}),
            holdout=holdout,
        )


def _overlap_lines(m, class_consistency=None) -> list[str]:
    if m.overlap_real is None:
        return []
    parts = [f"real {_fmt(m.overlap_real, '.2f')}"]
    if m.overlap_raw is not None:
        parts.append(f"raw candidates {_fmt(m.overlap_raw, '.2f')}")
    if m.overlap_accepted is not None:
        parts.append(f"accepted {_fmt(m.overlap_accepted, '.2f')}")
    lines = [
        f"  class overlap (share of other classes among the {OVERLAP_K} nearest "
        "real rows): " + ", ".join(parts)
    ]
    if overlap_hurts(m):
        lines.append("  warning: " + overlap_advice(m, class_consistency))
    return lines


def _class_counts_lines(label, c: ClassOutcome) -> list[str]:
    """One class's counts in :meth:`SieveReport.summary`: rows, shortfall,
    notes and rejections."""
    lines = [
        f"class {label_text(label)}: {c.accepted} of {c.needed} rows "
        f"accepted from {c.candidates} candidates in {c.rounds} "
        f"round(s); {c.n_real} real rows"
        + (f"; jitter {c.jitter:g}" if c.jitter is not None else "")
    ]
    if c.shortfall:
        lines.append(
            f"  shortfall: {c.shortfall} rows fewer than asked"
            + (f": {c.note}" if c.note else "")
        )
    elif c.note:
        lines.append(f"  note: {c.note}")
    if c.no_help:
        lines.append(f"  the filter changed little for this class: {c.no_help}")
    if c.filled:
        lines.append(
            f"  shortfall filled: {c.filled} of the accepted rows are the "
            "least detectable candidates the detector had turned down"
        )
    rej = ", ".join(f"{k} {v}" for k, v in sorted(c.rejected.items()))
    lines.append(f"  rejected: {rej or 'none'}")
    return lines


def _class_measure_lines(c: ClassOutcome, class_consistency, top: int) -> list[str]:
    """One class's measures in :meth:`SieveReport.summary`: detectability,
    active features, distances, overlap, feature shift."""
    lines = []
    m = c.measures
    if m.before is not None:
        sample = (
            f"; a seeded sample of at most {c.audit_rows} rows a side"
            if c.audit_rows is not None
            else ""
        )
        lines.append(
            "  in-sample detectability (real vs synthetic, out-of-fold; "
            f"ROC AUC 0.5 = indistinguishable{sample}), raw candidates -> "
            "accepted:"
        )
        lines.extend("    " + s for s in _before_after_text(m).splitlines() if s)
    prof = (m.profile or {}).get("accepted") or {}
    raw_prof = (m.profile or {}).get("raw") or {}
    if prof.get("n_binary_columns"):
        raw_part = (
            f", raw {_fmt(raw_prof.get('active_synthetic'), '.2f')}" if raw_prof else ""
        )
        lines.append(
            f"  active binary features per row: real "
            f"{_fmt(prof['active_real'], '.2f')}{raw_part}, accepted "
            f"{_fmt(prof['active_synthetic'], '.2f')} "
            f"({prof['n_binary_columns']} binary columns)"
        )
    div = (m.diversity or {}).get("accepted")
    if div:
        lines.append(
            "  closest real row: median distance "
            f"{_fmt(div['median_ratio'], '.2f')} x the real rows' own spacing"
            f"; exact copies {_fmt(div['exact_copy_share'], '.1%')}, near "
            f"copies {_fmt(div['near_copy_share'], '.1%')}; coverage "
            f"{_fmt(div['coverage_knn'], '.0%')} ({COVERAGE_K}-NN), "
            f"{_fmt(div['coverage_nearest'], '.0%')} (nearest real row)"
        )
    lines.extend(_overlap_lines(m, class_consistency))
    if m.shift:
        cells = [
            f"{s['column']} ({s['test']} {s['statistic']:.2f})" for s in m.shift[:top]
        ]
        lines.append("  largest feature shift: " + ", ".join(cells))
    sc = m.scores or {}
    if sc and "real" not in sc:
        lines.append("  (the real rows' detector scores were not recorded in this fit)")
    return lines


def _before_after_text(m) -> str:
    rows = []
    for when in ("before", "after"):
        result = getattr(m, when)
        if result is not None:
            f = result.to_frame()
            f.index = [f"{name} {when}" for name in f.index]
            rows.append(f)
    frame = pd.concat(rows)
    names = list(dict.fromkeys(n.rsplit(" ", 1)[0] for n in frame.index))
    order = [f"{n} {w}" for n in names for w in ("before", "after")]
    order = [o for o in order if o in frame.index]
    cols = list(dict.fromkeys(("roc_auc", "pr_auc", *METRICS)))
    return frame.loc[order, cols].round(3).to_string()


def _fmt(value, spec: str) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "n/a"
    return format(value, spec)


def _concat(parts, index) -> pd.DataFrame:
    parts = [p for p in parts if len(p)]
    if not parts:
        return pd.DataFrame(columns=index).set_index(index)
    return pd.concat(parts, ignore_index=True).set_index(index)


def _json_ready(obj):
    if isinstance(obj, dict):
        return {str(jsonable(k)): _json_ready(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [_json_ready(v) for v in obj]
    if isinstance(obj, np.ndarray):
        return obj.tolist()
    if isinstance(obj, pd.DataFrame):
        return json.loads(obj.to_json(orient="split"))
    return jsonable(obj)
