"""Detectability audits: how easily can a classifier tell synthetic rows from real ones?

Two protocols:

* the paper's (Boudegzdame et al., 2024): real rows of a class (label 0) against as
  many synthetic rows (label 1), every row scored out of fold;
* the hold-out protocol: the generator sees half of the real rows of a class, the
  auditors compare the other half with the synthetic rows, the halves swap, and
  the same auditors on real half against real half give the *reference*. The
  headline is the detectability gap, ``max |AUC - reference AUC|`` over auditors.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from joblib import Parallel, delayed
from sklearn.base import clone
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import (
    accuracy_score,
    average_precision_score,
    cohen_kappa_score,
    confusion_matrix,
    f1_score,
    precision_recall_curve,
    precision_score,
    recall_score,
    roc_auc_score,
    roc_curve,
)
from sklearn.model_selection import StratifiedKFold
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler
from sklearn.utils import check_random_state

from .._utils import (
    TabularEncoder,
    check_classifier_with_proba,
    check_pair,
    check_positive_int,
    check_table,
    exact_copy_mask,
    is_nominal,
    progress,
    small_data_threads,
    to_frame,
)

__all__ = [
    "AuditResult",
    "DetectorResult",
    "SamplerAudit",
    "ClassAudit",
    "Comparison",
    "audit",
    "audit_sampler",
    "compare_samplers",
    "default_auditors",
    "out_of_fold_scores",
]

METRICS = ("f1", "recall", "precision", "accuracy", "kappa", "roc_auc", "pr_auc")

# A synthetic AUC this far below the real-vs-real reference is called copy-like.
COPY_LIKE_MARGIN = 0.05


def default_auditors(random_state=None, *, mlp=True) -> dict:
    """The default detector families: gradient-boosted trees, a linear model, an MLP.

    Trees catch the artefacts SMOTE leaves in integer, binary and one-hot columns
    (fractions, too few active features); the linear model catches shifted means;
    the MLP is the detector of Boudegzdame et al. (2024).

    Parameters
    ----------
    random_state : int, RandomState instance or None, default=None
        Seed given to the auditors that use randomness.
    mlp : bool, default=True
        Include :class:`~synthsieve.MLPDetector` (needs torch).

    Returns
    -------
    dict
        Auditor name to unfitted estimator.

    Examples
    --------
    >>> from synthsieve import default_auditors
    >>> sorted(default_auditors(random_state=0))
    ['hgb', 'logreg', 'mlp']
    """
    seed = _seed(random_state)
    auditors = {
        "hgb": HistGradientBoostingClassifier(random_state=seed),
        "logreg": make_pipeline(StandardScaler(), LogisticRegression(max_iter=2000)),
    }
    if mlp:
        from ..detectors._mlp import MLPDetector

        auditors["mlp"] = MLPDetector(random_state=seed)
    return auditors


def _seed(random_state) -> int:
    """An integer seed drawn from any `random_state` form."""
    return int(check_random_state(random_state).randint(np.iinfo(np.int32).max))


def _check_detectors(detectors, random_state) -> dict:
    if detectors is None:
        return default_auditors(random_state)
    if isinstance(detectors, dict):
        items = list(detectors.items())
    elif hasattr(detectors, "fit"):
        items = [(type(detectors).__name__, detectors)]
    elif isinstance(detectors, (list, tuple)):
        items = []
        for det in detectors:
            name = type(det).__name__
            if any(name == n for n, _ in items):
                name = f"{name}_{len(items)}"
            items.append((name, det))
    else:
        raise TypeError(
            "`detectors` must be None, a classifier, a list of classifiers or a "
            f"dict of name to classifier; got {type(detectors).__name__}."
        )
    if not items:
        raise ValueError("`detectors` is empty; give at least one classifier.")
    for name, det in items:
        check_classifier_with_proba(det, f"detectors[{name!r}]")
    return dict(items)


def _check_cv(cv, n_per_group: int) -> int:
    cv = check_positive_int(cv, "cv", minimum=2)
    if n_per_group < cv:
        raise ValueError(
            f"Each group has {n_per_group} rows after balancing, fewer than cv={cv} "
            "folds; lower `cv` or give more rows."
        )
    return cv


def out_of_fold_scores(
    estimator, X, labels, *, cv=5, random_state=None, n_jobs=None
) -> np.ndarray:
    """Score every row with a model that never saw it (stratified k-fold).

    Parameters
    ----------
    estimator : classifier with ``predict_proba``
        Cloned afresh for each fold.
    X : array of shape (n_samples, n_features)
        Numeric features.
    labels : array of shape (n_samples,)
        0 for real rows, 1 for synthetic rows.
    cv : int, default=5
        Number of folds.
    random_state : int, RandomState instance or None, default=None
        Controls the fold assignment.
    n_jobs : int, default=None
        Folds fitted in parallel.

    Returns
    -------
    scores : ndarray of shape (n_samples,)
        Out-of-fold probability of label 1.

    Examples
    --------
    >>> import numpy as np
    >>> from sklearn.linear_model import LogisticRegression
    >>> from synthsieve import out_of_fold_scores
    >>> rng = np.random.default_rng(0)
    >>> X = np.vstack([rng.normal(0, 1, (50, 2)), rng.normal(3, 1, (50, 2))])
    >>> labels = np.repeat([0, 1], 50)
    >>> s = out_of_fold_scores(LogisticRegression(), X, labels, random_state=0)
    >>> bool(s[labels == 1].mean() > 0.8)
    True
    """
    labels = np.asarray(labels)
    seed = _seed(random_state)
    folds = StratifiedKFold(n_splits=cv, shuffle=True, random_state=seed)

    def one(train, test):
        with small_data_threads(len(X)):
            model = clone(estimator).fit(X[train], labels[train])
            proba = model.predict_proba(X[test])
        col = list(model.classes_).index(1)
        return test, proba[:, col]

    results = Parallel(n_jobs=n_jobs)(
        delayed(one)(tr, te) for tr, te in folds.split(X, labels)
    )
    scores = np.empty(len(labels), dtype=float)
    for test, s in results:
        scores[test] = s
    return scores


class _ResultMixin:
    """Shared by the audit results: text, JSON and HTML on top of each class's
    ``summary``, ``to_dict`` and ``from_dict``."""

    def __str__(self) -> str:
        return self.summary()

    def to_html(self, path=None) -> str:
        """One self-contained HTML page (figures embedded, no network, no JS).

        Parameters
        ----------
        path : str or path-like, default=None
            Also write the page there.

        Returns
        -------
        str
            The HTML text. Figures need matplotlib (``pip install
            "synthsieve[plot]"``); without it the page holds the tables only.
        """
        from ..report._html import render

        return render(self, path)

    def to_json(self, path=None, **kwargs) -> str:
        """The result as JSON text (written to `path` when given);
        :meth:`from_json` reads it back."""
        text = json.dumps(self.to_dict(), **kwargs)
        if path is not None:
            with open(path, "w", encoding="utf-8") as fh:
                fh.write(text)
        return text

    @classmethod
    def from_json(cls, text_or_path):
        """Rebuild a result from JSON text or from the path of a JSON file."""
        text = str(text_or_path)
        if not text.lstrip().startswith("{"):
            with open(text_or_path, encoding="utf-8") as fh:
                text = fh.read()
        return cls.from_dict(json.loads(text))


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


def _metrics(labels, scores) -> tuple[dict, np.ndarray]:
    pred = (scores >= 0.5).astype(int)
    m = {
        "f1": f1_score(labels, pred, zero_division=0),
        "recall": recall_score(labels, pred, zero_division=0),
        "precision": precision_score(labels, pred, zero_division=0),
        "accuracy": accuracy_score(labels, pred),
        "kappa": cohen_kappa_score(labels, pred),
        "roc_auc": roc_auc_score(labels, scores),
        "pr_auc": average_precision_score(labels, scores),
    }
    m = {k: float(0.0 if np.isnan(v) else v) for k, v in m.items()}
    return m, confusion_matrix(labels, pred, labels=[0, 1])


@dataclass
class AuditResult(_ResultMixin):
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


def _encode_pair(real: pd.DataFrame, synth: pd.DataFrame):
    enc = TabularEncoder()
    a, b = enc.fit_transform_many(real, synth)
    return a, b


def _subsample(M: np.ndarray, n: int, rng) -> np.ndarray:
    """Indices of `n` rows of `M`, distinct rows first.

    An over-sampler that duplicates rows (RandomOverSampler) fills a large pool
    with repeats; a plain random subsample of it would put twins of one row in a
    training fold and a test fold, where the detector recognises them by
    memory. Drawing distinct rows first avoids that; repeats are drawn only when
    the pool has fewer than `n` distinct rows.
    """
    if len(M) <= n:
        return np.arange(len(M))
    _, first = np.unique(M, axis=0, return_index=True)
    if len(first) >= n:
        return np.sort(rng.choice(first, n, replace=False))
    rest = np.setdiff1d(np.arange(len(M)), first)
    return np.sort(np.r_[first, rng.choice(rest, n - len(first), replace=False)])


def audit(
    real,
    synthetic,
    *,
    detectors=None,
    cv=5,
    n_subsamples=None,
    random_state=None,
    n_jobs=None,
    verbose=0,
) -> AuditResult:
    """Audit synthetic rows with the protocol of Boudegzdame et al. (2024).

    Real rows are labelled 0 and synthetic rows 1; the larger side is subsampled
    to the size of the smaller one (several subsamples are averaged when the sizes
    differ a lot); every row is scored out of fold by each detector with
    stratified k-fold; the paper's metrics are computed on the out-of-fold
    scores (threshold 0.5 for the label metrics). The subsample of the larger
    side takes distinct rows first, so that a sampler's repeated rows are not
    recognised across folds by memory.

    An AUC near 0.5 means the detector cannot tell the sides apart; near 1 means
    the synthetic rows are easy to spot; far *below* 0.5 means the synthetic rows
    copy the real ones they are compared with (the detector learns the reversed
    answer), which is not a success. Prefer :func:`audit_sampler` with
    ``protocol="holdout"`` for a verdict on a generator.

    Parameters
    ----------
    real : array-like or DataFrame of shape (n_real, n_features)
        Real rows of one class.
    synthetic : array-like or DataFrame of shape (n_synthetic, n_features)
        Synthetic rows of the same class, with the same columns.
    detectors : classifier, list or dict of classifiers, default=None
        Any classifiers with ``predict_proba``; None uses
        :func:`default_auditors` (gradient boosting, logistic regression, MLP).
    cv : int, default=5
        Folds of the out-of-fold scoring.
    n_subsamples : int, default=None
        Balanced subsamples to average; None takes 1 when the sides have the
        same size, else ``min(3, ceil(larger / smaller))``.
    random_state : int, RandomState instance or None, default=None
        Seed of subsampling, folds and detectors.
    n_jobs : int, default=None
        Folds fitted in parallel.
    verbose : int, default=0
        Show a progress bar.

    Returns
    -------
    AuditResult

    References
    ----------
    .. [1] Boudegzdame, Sedki, Bouzillé, Jaulent, Lamy. "SMOTE: Are We Learning to
       Classify or to Detect Synthetic Data?", ICAART 2024.

    Examples
    --------
    >>> import numpy as np
    >>> from sklearn.linear_model import LogisticRegression
    >>> from synthsieve import audit
    >>> rng = np.random.default_rng(0)
    >>> real = rng.normal(0, 1, size=(100, 3))
    >>> shifted = rng.normal(2, 1, size=(100, 3))
    >>> result = audit(real, shifted, detectors={"lr": LogisticRegression()},
    ...                random_state=0)
    >>> round(result.roc_auc, 2) > 0.9
    True
    """
    real_f, synth_f = check_pair(real, synthetic)
    dets = _check_detectors(detectors, random_state)
    n = min(len(real_f), len(synth_f))
    cv = _check_cv(cv, n)
    ratio = max(len(real_f), len(synth_f)) / n
    if n_subsamples is None:
        n_subsamples = 1 if ratio == 1 else int(min(3, np.ceil(ratio)))
    n_subsamples = check_positive_int(n_subsamples, "n_subsamples")
    rng = check_random_state(random_state)

    R, S = _encode_pair(real_f, synth_f)
    per_det: dict[str, list] = {name: [] for name in dets}
    first: dict[str, tuple] = {}
    steps = progress(range(n_subsamples), verbose=verbose, desc="audit")
    for rep in steps:
        ri, si = _subsample(R, n, rng), _subsample(S, n, rng)
        Xb = np.vstack([R[ri], S[si]])
        labels = np.repeat([0, 1], n)
        fold_seed = _seed(rng)
        for name, det in dets.items():
            scores = out_of_fold_scores(
                det,
                Xb,
                labels,
                cv=cv,
                random_state=fold_seed,
                n_jobs=n_jobs,
            )
            per_det[name].append(_metrics(labels, scores))
            if rep == 0:
                first[name] = (labels, scores)

    results = {}
    for name, runs in per_det.items():
        metrics = {k: float(np.mean([m[k] for m, _ in runs])) for k in METRICS}
        cm = np.sum([c for _, c in runs], axis=0)
        labels, scores = first[name]
        fpr, tpr, _ = roc_curve(labels, scores)
        prec, rec, _ = precision_recall_curve(labels, scores)
        results[name] = DetectorResult(
            name=name,
            metrics=metrics,
            confusion_matrix=cm,
            roc_curve=(fpr, tpr),
            pr_curve=(prec, rec),
            labels=labels,
            scores=scores,
        )
    return AuditResult(
        detectors=results,
        n_real=len(real_f),
        n_synthetic=len(synth_f),
        n_used=n,
        n_subsamples=n_subsamples,
    )


# --------------------------------------------------------------------------- #
# Running a sampler and taking the rows it added
# --------------------------------------------------------------------------- #


def _check_sampler(sampler, name="sampler"):
    if not hasattr(sampler, "fit_resample"):
        raise TypeError(
            f"`{name}` must be an over-sampler with `fit_resample(X, y)`, got "
            f"{type(sampler).__name__}."
        )
    sampling_type = getattr(sampler, "_sampling_type", "over-sampling")
    if sampling_type != "over-sampling":
        raise ValueError(
            f"`{name}` must be an over-sampler; {type(sampler).__name__} is "
            f"{sampling_type!r}."
        )


def synthetic_rows(sampler, X: pd.DataFrame, y: np.ndarray, *, name="sampler"):
    """Run `sampler` on (X, y) and return the rows it appended, with their labels.

    Over-samplers in imbalanced-learn return the original rows first, then the new
    ones; a sampler that returns fewer rows than it got, or reorders the
    originals, is refused.
    """
    Xr, yr = sampler.fit_resample(X, y)
    Xr = to_frame(Xr, columns=X.columns)
    yr = np.asarray(yr)
    n = len(X)
    if len(Xr) < n:
        raise ValueError(
            f"`{name}` ({type(sampler).__name__}) returned {len(Xr)} rows from "
            f"{n}; an over-sampler must keep the original rows and append new ones."
        )
    if len(Xr) == n:
        raise ValueError(
            f"`{name}` ({type(sampler).__name__}) added no rows; check its "
            "`sampling_strategy` (is the data already balanced?)."
        )
    if not np.array_equal(yr[:n], np.asarray(y)):
        raise ValueError(
            f"`{name}` ({type(sampler).__name__}) did not return the original rows "
            "first; synthsieve needs over-samplers that append rows."
        )
    new = Xr.iloc[n:].reset_index(drop=True)
    new.columns = X.columns
    return new, yr[n:]


def _rows_of_class(new, new_y, label, sampler, name):
    """The synthetic rows of class `label`; an error naming the sampler if none."""
    rows = new[new_y == label]
    if len(rows) == 0:
        raise ValueError(
            f"`{name}` ({type(sampler).__name__}) added no rows of class {label!r}; "
            "check its `sampling_strategy`."
        )
    return rows


def _check_holdout_sizes(y, classes, cv, alternative: str) -> None:
    """Each half of each audited class must fill the `cv` folds."""
    for label in classes:
        n_c = int((y == label).sum())
        if n_c // 2 < cv:
            raise ValueError(
                f"Class {label!r} has {n_c} real rows; the hold-out protocol needs "
                f"at least 2 x cv = {2 * cv} so that each half fills the folds. "
                f"Lower `cv` or {alternative}."
            )


def _minority_classes(y) -> list:
    classes, counts = np.unique(y, return_counts=True)
    return [c for c, k in zip(classes, counts) if k < counts.max()]


def _check_Xy(X, y):
    Xf = check_table(X, "X", min_rows=2)
    if y is None:
        raise TypeError("`y` must be an array of class labels, got None.")
    y_arr = np.asarray(y)
    if y_arr.ndim != 1 or len(y_arr) != len(Xf):
        raise ValueError(
            f"`y` must be 1-D with one label per row of `X` ({len(Xf)}); got shape "
            f"{y_arr.shape}."
        )
    if len(np.unique(y_arr)) < 2:
        raise ValueError("`y` holds a single class; an audit needs at least two.")
    return Xf.reset_index(drop=True), y_arr


def _with_strategy(sampler, strategy):
    s = clone(sampler)
    if "sampling_strategy" in s.get_params():
        s.set_params(sampling_strategy=strategy)
    return s


# --------------------------------------------------------------------------- #
# The hold-out protocol
# --------------------------------------------------------------------------- #


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
            "label": _jsonable(self.label),
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


def _jsonable(value):
    if isinstance(value, np.generic):
        return value.item()
    return value


@dataclass
class SamplerAudit(_ResultMixin):
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
                    f"class {label!r}: gap {c.gap:.3f} ({c.worst_auditor}) - "
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
                    "label": _jsonable(k),
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


def _halves(idx: np.ndarray, rng) -> tuple[np.ndarray, np.ndarray]:
    perm = rng.permutation(idx)
    half = len(perm) // 2
    return np.sort(perm[:half]), np.sort(perm[half:])


def holdout_splits(y, classes, *, n_repeats=1, random_state=None) -> list:
    """Random halves of each class's rows: a list of ``{label: (A, B)}`` dicts."""
    rng = check_random_state(random_state)
    y = np.asarray(y)
    return [
        {c: _halves(np.flatnonzero(y == c), rng) for c in classes}
        for _ in range(n_repeats)
    ]


def _reference_audits(X, splits, label, dets, cv, seed, n_jobs):
    return [
        audit(
            X.iloc[s[label][0]],
            X.iloc[s[label][1]],
            detectors=dets,
            cv=cv,
            random_state=seed + i,
            n_jobs=n_jobs,
        )
        for i, s in enumerate(splits)
    ]


def _holdout_class(
    sampler,
    X,
    y,
    label,
    splits,
    dets,
    cv,
    seed,
    n_jobs,
    reference=None,
    name="sampler",
    n_subsamples=None,
):
    synth_audits, copies = [], []
    for i, split in enumerate(splits):
        A, B = split[label]
        for j, unseen in enumerate((B, A)):
            keep = np.ones(len(y), dtype=bool)
            keep[unseen] = False
            X_train, y_train = (
                X.iloc[np.flatnonzero(keep)].reset_index(drop=True),
                y[keep],
            )
            new, new_y = synthetic_rows(clone(sampler), X_train, y_train, name=name)
            synth = _rows_of_class(new, new_y, label, sampler, name)
            copies.append(exact_copy_mask(synth, X_train).mean())
            synth_audits.append(
                audit(
                    X.iloc[unseen],
                    synth,
                    detectors=dets,
                    cv=cv,
                    n_subsamples=n_subsamples,
                    random_state=seed + 1000 + 2 * i + j,
                    n_jobs=n_jobs,
                )
            )
    if reference is None:
        reference = _reference_audits(X, splits, label, dets, cv, seed, n_jobs)
    return ClassAudit(
        label=label,
        synthetic=synth_audits,
        reference=reference,
        copy_share=float(np.mean(copies)),
        n_real=int((y == label).sum()),
    )


def audit_sampler(
    sampler,
    X,
    y,
    *,
    protocol="holdout",
    detectors=None,
    cv=5,
    classes=None,
    n_repeats=1,
    n_subsamples=None,
    random_state=None,
    n_jobs=None,
    verbose=0,
) -> SamplerAudit:
    """Audit an over-sampler on (X, y) with the hold-out or the paper's protocol.

    ``protocol="holdout"`` (the honest one): for each audited class, its real rows
    are split into halves A and B; the sampler sees the other classes plus A; the
    auditors compare B (never seen by the sampler) with as many of the sampler's
    new rows of that class; the halves swap; and the same auditors comparing A
    with B give the real-vs-real *reference*, what "indistinguishable" looks like
    at this sample size. The headline :attr:`SamplerAudit.gap` is the largest
    ``|AUC - reference AUC|`` over auditors and classes. An AUC well below the
    reference means the rows copy the real ones the sampler saw.

    ``protocol="paper"``: the sampler sees all rows, and each class's real rows are
    audited against its synthetic rows (Boudegzdame et al., 2024). Copies score
    far below 0.5 here.

    Parameters
    ----------
    sampler : imbalanced-learn over-sampler
        Any object whose ``fit_resample`` appends rows; cloned for each run.
    X : array-like or DataFrame of shape (n_samples, n_features)
    y : array-like of shape (n_samples,)
    protocol : {"holdout", "paper"}, default="holdout"
    detectors : classifier, list or dict, default=None
        The auditors; None uses :func:`default_auditors`.
    cv : int, default=5
        Folds of the out-of-fold scoring.
    classes : list, default=None
        Classes to audit; None audits every class but the majority.
    n_repeats : int, default=1
        Random half splits (hold-out protocol); more repeats steady the estimate.
    n_subsamples : int, default=None
        Balanced subsamples per audit (see :func:`audit`).
    random_state : int, RandomState instance or None, default=None
    n_jobs : int, default=None
        Folds fitted in parallel.
    verbose : int, default=0
        Show a progress bar.

    Returns
    -------
    SamplerAudit

    Examples
    --------
    >>> import numpy as np
    >>> from imblearn.over_sampling import RandomOverSampler
    >>> from sklearn.linear_model import LogisticRegression
    >>> from synthsieve import audit_sampler
    >>> rng = np.random.default_rng(0)
    >>> X = rng.normal(size=(300, 3)); y = np.r_[np.zeros(240), np.ones(60)]
    >>> result = audit_sampler(RandomOverSampler(random_state=0), X, y,
    ...                        detectors={"lr": LogisticRegression()}, random_state=0)
    >>> result.copy_share[1.0]
    1.0
    """
    if protocol not in ("holdout", "paper"):
        raise ValueError(f"`protocol` must be 'holdout' or 'paper', got {protocol!r}.")
    _check_sampler(sampler)
    Xf, y_arr = _check_Xy(X, y)
    dets = _check_detectors(detectors, random_state)
    n_repeats = check_positive_int(n_repeats, "n_repeats")
    if classes is None:
        classes = _minority_classes(y_arr)
    else:
        unknown = [c for c in classes if c not in set(y_arr.tolist())]
        if unknown:
            raise ValueError(f"`classes` names labels not in `y`: {unknown}.")
    rng = check_random_state(random_state)
    seed = _seed(rng)
    name = type(sampler).__name__

    if protocol == "paper":
        new, new_y = synthetic_rows(clone(sampler), Xf, y_arr)
        results, copies = {}, {}
        for label in progress(classes, verbose=verbose, desc=f"audit {name}"):
            synth = _rows_of_class(new, new_y, label, sampler, "sampler")
            real = Xf[y_arr == label]
            results[label] = audit(
                real,
                synth,
                detectors=dets,
                cv=cv,
                n_subsamples=n_subsamples,
                random_state=seed,
                n_jobs=n_jobs,
            )
            copies[label] = float(exact_copy_mask(synth, Xf).mean())
        out = SamplerAudit("paper", results, name)
        out._copy_share = copies
        return out

    _check_holdout_sizes(y_arr, classes, cv, "use protocol='paper'")
    splits = holdout_splits(y_arr, classes, n_repeats=n_repeats, random_state=rng)
    results = {}
    for label in progress(classes, verbose=verbose, desc=f"audit {name}"):
        results[label] = _holdout_class(
            sampler,
            Xf,
            y_arr,
            label,
            splits,
            dets,
            cv,
            seed,
            n_jobs,
            name=name,
            n_subsamples=n_subsamples,
        )
    return SamplerAudit("holdout", results, name)


# --------------------------------------------------------------------------- #
# The paper's Tables 1 and 2 for several samplers
# --------------------------------------------------------------------------- #


def _column_kinds(real: pd.DataFrame) -> tuple[list, list]:
    """Binary (0/1) and integer-valued numeric columns of the real rows."""
    binary, integer = [], []
    for col in real.columns:
        s = real[col]
        if is_nominal(s):
            continue
        v = s.to_numpy(dtype=float)
        if np.all(v == np.round(v)):
            integer.append(col)
            if np.isin(v, (0.0, 1.0)).all():
                binary.append(col)
    return binary, integer


def domain_profile(real, synthetic) -> dict:
    """The paper's Table 2 measures for one real/synthetic pair.

    Returns the mean number of active binary features per row (value exactly 1) on
    each side, the mean sum of the binary columns of the synthetic rows (their
    expected activity, fractions included), the share of non-integer values in
    integer-valued columns, of values outside the real range, of nominal values
    the real rows never take, and of exact copies.
    """
    real_f, synth_f = check_pair(real, synthetic)
    binary, integer = _column_kinds(real_f)
    out = {"n_binary_columns": len(binary), "n_integer_columns": len(integer)}
    if binary:
        rb = real_f[binary].to_numpy(dtype=float)
        sb = synth_f[binary].to_numpy(dtype=float)
        out["active_real"] = float((rb == 1).sum(axis=1).mean())
        out["active_synthetic"] = float((sb == 1).sum(axis=1).mean())
        out["binary_sum_synthetic"] = float(sb.sum(axis=1).mean())
    else:
        out["active_real"] = out["active_synthetic"] = np.nan
        out["binary_sum_synthetic"] = np.nan
    if integer:
        si = synth_f[integer].to_numpy(dtype=float)
        out["non_integer_share"] = float((si != np.round(si)).mean())
    else:
        out["non_integer_share"] = np.nan
    numeric = [c for c in real_f.columns if not is_nominal(real_f[c])]
    if numeric:
        lo = real_f[numeric].to_numpy(dtype=float).min(axis=0)
        hi = real_f[numeric].to_numpy(dtype=float).max(axis=0)
        sv = synth_f[numeric].to_numpy(dtype=float)
        out["out_of_range_share"] = float(((sv < lo) | (sv > hi)).mean())
    else:
        out["out_of_range_share"] = np.nan
    nominal = [c for c in real_f.columns if is_nominal(real_f[c])]
    if nominal:
        unseen = [
            ~synth_f[c].astype(str).isin(set(real_f[c].astype(str))) for c in nominal
        ]
        out["unseen_category_share"] = float(np.mean(np.column_stack(unseen)))
    else:
        out["unseen_category_share"] = np.nan
    out["exact_copy_share"] = float(exact_copy_mask(synth_f, real_f).mean())
    return out


@dataclass
class Comparison(_ResultMixin):
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


def _sampler_items(samplers) -> list:
    if isinstance(samplers, dict):
        items = list(samplers.items())
    elif isinstance(samplers, (list, tuple)):
        items = [(type(s).__name__, s) for s in samplers]
    elif hasattr(samplers, "fit_resample"):
        items = [(type(samplers).__name__, samplers)]
    else:
        raise TypeError(
            "`samplers` must be a sampler, a list of samplers or a dict of name to "
            f"sampler; got {type(samplers).__name__}."
        )
    if not items:
        raise ValueError("`samplers` is empty.")
    for name, s in items:
        _check_sampler(s, f"samplers[{name!r}]")
    return items


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
    Xf, y_arr = _check_Xy(X, y)
    items = _sampler_items(samplers)
    dets = _check_detectors(detectors, random_state)
    rng = check_random_state(random_state)
    seed = _seed(rng)
    classes = _minority_classes(y_arr)
    counts = {c: int((y_arr == c).sum()) for c in np.unique(y_arr)}
    strategy = {c: 2 * counts[c] for c in classes}

    splits = reference = None
    if holdout:
        _check_holdout_sizes(y_arr, classes, cv, "pass holdout=False")
        splits = holdout_splits(y_arr, classes, n_repeats=n_repeats, random_state=rng)
        reference = {
            c: _reference_audits(Xf, splits, c, dets, cv, seed, n_jobs) for c in classes
        }

    rows1, rows2, audits = [], [], {}
    for c in classes:
        real = Xf[y_arr == c]
        rows2.append(
            {
                "sampler": "real",
                "class": c,
                **domain_profile(real, real),
                "exact_copy_share": np.nan,
            }
        )
    bar = progress(items, verbose=verbose, desc="samplers", total=len(items))
    for name, sampler in bar:
        if verbose and hasattr(bar, "set_postfix_str"):
            bar.set_postfix_str(name)
        paper_sampler = _with_strategy(sampler, strategy)
        new, new_y = synthetic_rows(paper_sampler, Xf, y_arr, name=name)
        paper = {}
        hold = SamplerAudit("holdout", {}, name) if holdout else None
        for c in classes:
            synth = _rows_of_class(new, new_y, c, sampler, f"samplers[{name!r}]")
            real = Xf[y_arr == c]
            res = audit(
                real,
                synth,
                detectors=dets,
                cv=cv,
                random_state=seed,
                n_subsamples=n_subsamples,
                n_jobs=n_jobs,
            )
            paper[c] = res
            profile = domain_profile(real, synth)
            copy_share = float(exact_copy_mask(synth, Xf).mean())
            gap = np.nan
            if holdout:
                ca = _holdout_class(
                    sampler,
                    Xf,
                    y_arr,
                    c,
                    splits,
                    dets,
                    cv,
                    seed,
                    n_jobs,
                    reference=reference[c],
                    name=name,
                    n_subsamples=n_subsamples,
                )
                hold.classes[c] = ca
                gap = ca.gap
            for det_name, d in res.detectors.items():
                (tn, fp), (fn, tp) = np.asarray(d.confusion_matrix)
                rows1.append(
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
            rows2.append(
                {"sampler": name, "class": c, **profile, "exact_copy_share": copy_share}
            )
        paper_audit = SamplerAudit("paper", paper, name)
        paper_audit._copy_share = {
            c: float(exact_copy_mask(new[new_y == c], Xf).mean()) for c in classes
        }
        audits[name] = {"paper": paper_audit, "holdout": hold}
    table1 = pd.DataFrame(rows1).set_index(["sampler", "class", "detector"])
    table2 = pd.DataFrame(rows2).set_index(["sampler", "class"])
    return Comparison(table1=table1, table2=table2, audits=audits)
