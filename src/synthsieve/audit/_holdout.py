"""The hold-out protocol: the sampler sees half of a class, auditors the other half.

For each audited class the real rows are split into halves A and B; the sampler
sees the other classes plus A; the auditors compare B with the sampler's new rows
of the class; the halves swap; and the same auditors on A against B give the
real-vs-real reference. The headline is the detectability gap,
``max |AUC - reference AUC|`` over auditors.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from sklearn.base import clone
from sklearn.utils import check_random_state

from .._arguments import check_positive_int, check_sampler
from .._input import check_X_y, to_frame
from .._runtime import progress
from .._seeds import Streams
from .._tabular import exact_copy_mask
from .._values import label_repr
from ..detectors import check_detectors
from ._protocols import audit
from ._results import ClassAudit, SamplerAudit
from ._validation import (
    _check_classes,
    _check_holdout_sizes,
    _check_paper_sizes,
)

__all__ = ["audit_sampler", "holdout_splits", "synthetic_rows"]


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
            f"`{name}` ({type(sampler).__name__}) added no rows of class "
            f"{label_repr(label)}; "
            "check its `sampling_strategy`."
        )
    return rows


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


def _reference_audits(X, splits, label, dets, cv, streams, n_jobs):
    return [
        audit(
            X.iloc[s[label][0]],
            X.iloc[s[label][1]],
            detectors=dets,
            cv=cv,
            random_state=streams.child("reference", i),
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
    streams,
    n_jobs,
    reference=None,
    name="sampler",
    n_subsamples=None,
):
    """The hold-out audit of one class; split i's audit of half j draws from
    the ``("synthetic", i, j)`` child of `streams`, its reference from
    ``("reference", i)``, the same for every sampler audited with them."""
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
                    random_state=streams.child("synthetic", i, j),
                    n_jobs=n_jobs,
                )
            )
    if reference is None:
        reference = _reference_audits(X, splits, label, dets, cv, streams, n_jobs)
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
    check_sampler(sampler)
    Xf, y_arr = check_X_y(X, y, min_rows=2, task="an audit")
    streams = Streams.of(random_state)
    dets = check_detectors(detectors, streams.child("auditors").seed())
    n_repeats = check_positive_int(n_repeats, "n_repeats")
    classes = _check_classes(classes, y_arr)
    name = type(sampler).__name__

    if protocol == "paper":
        _check_paper_sizes(y_arr, classes, cv)
        new, new_y = synthetic_rows(clone(sampler), Xf, y_arr)
        results, copies = {}, {}
        steps = progress(classes, verbose=verbose, desc=f"audit {name}")
        for k, label in enumerate(steps):
            synth = _rows_of_class(new, new_y, label, sampler, "sampler")
            real = Xf[y_arr == label]
            results[label] = audit(
                real,
                synth,
                detectors=dets,
                cv=cv,
                n_subsamples=n_subsamples,
                random_state=streams.child("paper", k),
                n_jobs=n_jobs,
            )
            copies[label] = float(exact_copy_mask(synth, Xf).mean())
        out = SamplerAudit("paper", results, name)
        out._copy_share = copies
        return out

    _check_holdout_sizes(y_arr, classes, cv, "use protocol='paper'")
    splits = holdout_splits(
        y_arr,
        classes,
        n_repeats=n_repeats,
        random_state=streams.child("halves").random_state(),
    )
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
            streams,
            n_jobs,
            name=name,
            n_subsamples=n_subsamples,
        )
    return SamplerAudit("holdout", results, name)
