"""The paper's Tables 1 and 2 for several over-samplers on one data set."""

from __future__ import annotations

import json
from dataclasses import dataclass

import numpy as np
import pandas as pd
from sklearn.base import clone

from .._input import check_X_y
from .._pages import anchor, figure, table
from .._result_io import ResultMixin, label_text, pick_class, select_auditors
from .._runtime import progress
from .._seeds import Streams
from .._tabular import exact_copy_mask
from ..detectors import check_detectors
from ..plotting import plot_gap, plot_roc
from ._holdout import (
    _holdout_class,
    _reference_audits,
    _rows_of_class,
    holdout_splits,
    synthetic_rows,
)
from ._profile import domain_profile
from ._protocols import audit
from ._results import COPY_LIKE_MARGIN, METRICS, SamplerAudit
from ._validation import (
    _check_holdout_sizes,
    _minority_classes,
    _sampler_items,
)

__all__ = ["Comparison", "compare_samplers"]


@dataclass
class Comparison(ResultMixin):
    """Result of :func:`compare_samplers`.

    Attributes
    ----------
    table1 : DataFrame
        One row per sampler, class and detector: F1, recall, precision, accuracy,
        Cohen's kappa, ROC AUC, PR AUC and the confusion matrix (paper protocol),
        with the hold-out gap and the exact-copy share of the sampler.
    table2 : DataFrame
        One row per sampler and class: the domain profile of the synthetic rows
        (:func:`domain_profile`), with a ``real`` row per class for reference.
    audits : dict
        ``{sampler: {"paper": SamplerAudit, "holdout": SamplerAudit or None}}``.
    """

    table1: pd.DataFrame
    table2: pd.DataFrame
    audits: dict

    def to_frame(self, table: str = "table1") -> pd.DataFrame:
        """Table 1 (``"table1"``, default) or Table 2 (``"table2"``)."""
        if table not in ("table1", "table2"):
            raise ValueError(f"`table` must be 'table1' or 'table2', got {table!r}.")
        return getattr(self, table)

    def to_dict(self) -> dict:
        """JSON-ready dict of both tables and every audit.

        :meth:`~synthsieve.Comparison.from_dict` reads it back.
        """

        def records(frame):
            return json.loads(frame.reset_index().to_json(orient="records"))

        return {
            "table1": records(self.table1),
            "table2": records(self.table2),
            "audits": {
                name: {
                    k: (v.to_dict() if v is not None else None) for k, v in a.items()
                }
                for name, a in self.audits.items()
            },
        }

    @classmethod
    def from_dict(cls, d: dict) -> Comparison:
        audits = {
            name: {
                k: (SamplerAudit.from_dict(v) if v is not None else None)
                for k, v in a.items()
            }
            for name, a in d["audits"].items()
        }
        return cls(
            table1=_numeric_frame(d["table1"]).set_index(
                ["sampler", "class", "detector"]
            ),
            table2=_numeric_frame(d["table2"]).set_index(["sampler", "class"]),
            audits=audits,
        )

    def summary(self) -> str:
        t1 = self.table1.reset_index()
        keys = ["sampler", "class"]
        worst = t1.loc[t1.groupby(keys, sort=False)["roc_auc"].idxmax()]
        auc = t1.pivot_table(
            index=keys, columns="detector", values="roc_auc", sort=False
        )
        auc.columns = [f"auc_{c}" for c in auc.columns]
        cols = [*keys, "detector", *METRICS]
        compact = worst[cols].set_index(keys).join(auc)
        extra = [c for c in ("holdout_gap", "copy_share") if c in t1.columns]
        compact = compact.join(t1.groupby(keys, sort=False)[extra].first())
        compact = compact.rename(columns={"detector": "worst_detector"})
        lines = [
            "Table 1 - detectability of synthetic rows (paper protocol: real vs "
            "synthetic, out-of-fold; metrics of the strongest detector)",
            compact.round(3).to_string(),
            "",
            "Table 2 - domain profile of the synthetic rows",
            self.table2.round(3).to_string(),
        ]
        return "\n".join(lines)

    # ------------------------------------------------------------ figures, page

    def _roc_curves(self, label=None, auditor=None) -> tuple[list, str]:
        """One ROC/PR curve per sampler: its strongest detector, or `auditor`."""
        out = []
        key = None
        for i, (name, entry) in enumerate(self.audits.items()):
            key, res = pick_class(entry["paper"].classes, label, "comparison")
            det = (
                res.worst
                if auditor is None
                else res.detectors[select_auditors(res.detectors, auditor)[0]]
            )
            out.append(
                (f"{name} ({det.name})", det, {"color": f"C{i}", "linestyle": "-"})
            )
        return out, f"class {label_text(key)}: samplers (paper protocol)"

    def _gap_data(self, label=None) -> dict:
        """Auditors, reference AUCs and one gap series per sampler."""
        series, ref, key = [], None, None
        for i, (name, entry) in enumerate(self.audits.items()):
            sa = entry.get("holdout")
            if sa is None or not sa.classes:
                continue
            key, ca = pick_class(sa.classes, label, "comparison")
            ref = ca.reference_auc()
            series.append((f"{name} (gap {ca.gap:.3f})", ca.auc(), f"C{i}"))
        if not series:
            raise ValueError(
                "The comparison has no hold-out audit; run compare_samplers with "
                "holdout=True."
            )
        return {
            "auditors": list(ref),
            "reference": ref,
            "series": series,
            "label": key,
            "margin": COPY_LIKE_MARGIN,
            "arrows": False,
        }

    _html_template = "comparison.html.j2"

    def _html_context(self) -> dict:
        t1 = self.table1.reset_index()
        keys = ["sampler", "class"]
        worst = t1.loc[t1.groupby(keys, sort=False)["roc_auc"].idxmax()]
        cols = [*keys, "detector", *METRICS]
        extra = [c for c in ("holdout_gap", "copy_share") if c in t1.columns]
        compact = worst[cols + extra].set_index(keys)
        compact = compact.rename(columns={"detector": "strongest_detector"})
        classes = [
            {
                "anchor": anchor("class", label_text(label)),
                "heading": f"Class {label_text(label)}",
                "figures": [
                    figure(plot_gap, self, label=label),
                    figure(plot_roc, self, label=label),
                ],
            }
            for label in dict.fromkeys(t1["class"])
        ]
        return {
            "title": "synthsieve sampler comparison",
            "toc": [
                ("table1", "Table 1 - detectability of the synthetic rows"),
                ("table2", "Table 2 - domain profile of the synthetic rows"),
                *((c["anchor"], c["heading"]) for c in classes),
                ("detail", "All detectors"),
            ],
            "table1": table(compact),
            "table2": table(self.table2),
            "classes": classes,
            "detail": table(self.table1),
        }


def _numeric_frame(records) -> pd.DataFrame:
    """A frame from JSON records, with nulls read back as NaN in numeric columns."""
    frame = pd.DataFrame(records)
    for col in frame.columns:
        if frame[col].dtype == object:
            try:
                frame[col] = pd.to_numeric(frame[col])
            except (TypeError, ValueError):
                pass
    return frame


@dataclass(frozen=True)
class _Setup:
    """What every sampler of a comparison is audited with."""

    X: pd.DataFrame
    y: np.ndarray
    classes: list
    detectors: dict
    cv: int
    streams: Streams
    n_jobs: int | None
    n_subsamples: int | None
    strategy: dict  # the rows each class is over-sampled to
    splits: list | None  # None without the hold-out protocol
    reference: dict | None  # per class; None without the hold-out protocol


def _compare_one(setup: _Setup, name, sampler):
    """One sampler's Table 1 and 2 rows and its audits, class by class."""
    Xf, y_arr = setup.X, setup.y
    new, new_y = synthetic_rows(
        _with_strategy(sampler, setup.strategy), Xf, y_arr, name=name
    )
    holdout = setup.reference is not None
    paper, rows1, rows2 = {}, [], []
    hold = SamplerAudit("holdout", {}, name) if holdout else None
    for k, c in enumerate(setup.classes):
        synth = _rows_of_class(new, new_y, c, sampler, f"samplers[{name!r}]")
        real = Xf[y_arr == c]
        paper[c] = res = audit(
            real,
            synth,
            detectors=setup.detectors,
            cv=setup.cv,
            random_state=setup.streams.child("paper", k),
            n_subsamples=setup.n_subsamples,
            n_jobs=setup.n_jobs,
        )
        copy_share = float(exact_copy_mask(synth, Xf).mean())
        gap = np.nan
        if holdout:
            hold.classes[c] = _holdout_class(
                sampler,
                Xf,
                y_arr,
                c,
                setup.splits,
                setup.detectors,
                setup.cv,
                setup.streams,
                setup.n_jobs,
                reference=setup.reference[c],
                name=name,
                n_subsamples=setup.n_subsamples,
            )
            gap = hold.classes[c].gap
        rows1 += _table1_rows(name, c, res, gap, copy_share)
        rows2.append(
            {
                "sampler": name,
                "class": c,
                **domain_profile(real, synth),
                "exact_copy_share": copy_share,
            }
        )
    paper_audit = SamplerAudit("paper", paper, name)
    paper_audit._copy_share = {
        c: float(exact_copy_mask(new[new_y == c], Xf).mean()) for c in setup.classes
    }
    return rows1, rows2, {"paper": paper_audit, "holdout": hold}


def _table1_rows(name, c, res, gap, copy_share) -> list[dict]:
    """Table 1's rows of one sampler and class: one per detector."""
    rows = []
    for det_name, d in res.detectors.items():
        (tn, fp), (fn, tp) = np.asarray(d.confusion_matrix)
        rows.append(
            {
                "sampler": name,
                "class": c,
                "detector": det_name,
                **d.metrics,
                "tn": tn,
                "fp": fp,
                "fn": fn,
                "tp": tp,
                "holdout_gap": gap,
                "copy_share": copy_share,
            }
        )
    return rows


def _with_strategy(sampler, strategy):
    s = clone(sampler)
    if "sampling_strategy" in s.get_params():
        s.set_params(sampling_strategy=strategy)
    return s


def compare_samplers(
    X,
    y,
    samplers,
    *,
    detectors=None,
    cv=5,
    holdout=True,
    n_repeats=1,
    n_subsamples=None,
    random_state=None,
    n_jobs=None,
    verbose=0,
) -> Comparison:
    """The paper's Tables 1 and 2 for several over-samplers on one data set.

    Each sampler generates as many synthetic rows of each minority class as the
    class has real rows (only the rows it adds are audited). Table 1 holds the
    paper-protocol metrics per detector, the hold-out gap (when `holdout`) and
    the share of exact copies; Table 2 the domain profile.

    Parameters
    ----------
    X : array-like or DataFrame of shape (n_samples, n_features)
    y : array-like of shape (n_samples,)
    samplers : over-sampler, list or dict of name to over-sampler
    detectors : classifier, list or dict, default=None
        None uses :func:`default_auditors`.
    cv : int, default=5
    holdout : bool, default=True
        Also run the hold-out protocol (:func:`audit_sampler`) for the gap.
    n_repeats : int, default=1
        Half splits of the hold-out protocol.
    n_subsamples : int, default=None
        Balanced subsamples per audit (see :func:`audit`).
    random_state : int, RandomState instance or None, default=None
    n_jobs : int, default=None
    verbose : int, default=0

    Returns
    -------
    Comparison

    Examples
    --------
    >>> import numpy as np
    >>> from imblearn.over_sampling import RandomOverSampler, SMOTE
    >>> from sklearn.linear_model import LogisticRegression
    >>> from synthsieve import compare_samplers
    >>> rng = np.random.default_rng(0)
    >>> X = rng.normal(size=(300, 3)); y = np.r_[np.zeros(240), np.ones(60)]
    >>> cmp = compare_samplers(X, y, {"ros": RandomOverSampler(random_state=0),
    ...                               "smote": SMOTE(random_state=0)},
    ...                        detectors={"lr": LogisticRegression()},
    ...                        random_state=0)
    >>> cmp.table1["copy_share"].to_dict()
    {('ros', 1.0, 'lr'): 1.0, ('smote', 1.0, 'lr'): 0.0}
    """
    Xf, y_arr = check_X_y(X, y, min_rows=2, task="an audit")
    items = _sampler_items(samplers)
    streams = Streams.of(random_state)
    dets = check_detectors(detectors, streams.child("auditors").seed())
    classes = _minority_classes(y_arr)
    counts = {c: int((y_arr == c).sum()) for c in np.unique(y_arr)}
    strategy = {c: 2 * counts[c] for c in classes}

    splits = reference = None
    if holdout:
        _check_holdout_sizes(y_arr, classes, cv, "pass holdout=False")
        splits = holdout_splits(
            y_arr,
            classes,
            n_repeats=n_repeats,
            random_state=streams.child("halves").random_state(),
        )
        reference = {
            c: _reference_audits(Xf, splits, c, dets, cv, streams, n_jobs)
            for c in classes
        }

    setup = _Setup(
        Xf,
        y_arr,
        classes,
        dets,
        cv,
        streams,
        n_jobs,
        n_subsamples,
        strategy,
        splits,
        reference,
    )
    rows1, audits = [], {}
    rows2 = [
        {
            "sampler": "real",
            "class": c,
            **domain_profile(Xf[y_arr == c], Xf[y_arr == c]),
            "exact_copy_share": np.nan,
        }
        for c in classes
    ]
    bar = progress(items, verbose=verbose, desc="samplers", total=len(items))
    for name, sampler in bar:
        if verbose and hasattr(bar, "set_postfix_str"):
            bar.set_postfix_str(name)
        r1, r2, audits[name] = _compare_one(setup, name, sampler)
        rows1 += r1
        rows2 += r2
    table1 = pd.DataFrame(rows1).set_index(["sampler", "class", "detector"])
    table2 = pd.DataFrame(rows2).set_index(["sampler", "class"])
    return Comparison(table1=table1, table2=table2, audits=audits)
