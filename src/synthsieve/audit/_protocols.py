"""The paper's protocol: real rows (0) against synthetic rows (1), out of fold.

The protocol of Boudegzdame et al. (2024): the larger side is subsampled to the
size of the smaller one, every row is scored by each detector with stratified
k-fold, and the paper's metrics are computed on the out-of-fold scores.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from joblib import Parallel, delayed
from sklearn.base import clone
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

from .._arguments import check_positive_int
from .._input import check_pair
from .._runtime import progress, small_data_threads
from .._scale import pow2_scale
from .._seeds import Streams
from .._tabular import TabularEncoder
from ..detectors import check_detectors
from ._results import METRICS, AuditResult, DetectorResult
from ._validation import _check_cv

__all__ = ["audit", "out_of_fold_scores"]


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
    seed = Streams.of(random_state).seed()
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


def _encode_pair(real: pd.DataFrame, synth: pd.DataFrame):
    enc = TabularEncoder()
    a, b = enc.fit_transform_many(real, synth)
    # huge columns divided by one power of two (exact), so that a detector
    # that standardises them does not overflow; see synthsieve._scale
    if a.size and b.size:
        unit = pow2_scale(np.maximum(np.abs(a).max(axis=0), np.abs(b).max(axis=0)))
        if (unit != 1.0).any():
            a, b = a / unit, b / unit
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
    streams = Streams.of(random_state)
    dets = check_detectors(detectors, streams.child("auditors").seed())
    n = min(len(real_f), len(synth_f))
    cv = _check_cv(cv, n)
    ratio = max(len(real_f), len(synth_f)) / n
    if n_subsamples is None:
        n_subsamples = 1 if ratio == 1 else int(min(3, np.ceil(ratio)))
    n_subsamples = check_positive_int(n_subsamples, "n_subsamples")

    R, S = _encode_pair(real_f, synth_f)
    per_det: dict[str, list] = {name: [] for name in dets}
    first: dict[str, tuple] = {}
    steps = progress(range(n_subsamples), verbose=verbose, desc="audit")
    for rep in steps:
        draw = streams.child("subsample", rep)
        ri = _subsample(R, n, draw.child("real").generator())
        si = _subsample(S, n, draw.child("synthetic").generator())
        Xb = np.vstack([R[ri], S[si]])
        labels = np.repeat([0, 1], n)
        fold_seed = draw.child("folds").seed()
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
