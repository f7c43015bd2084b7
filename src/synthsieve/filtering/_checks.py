"""What the base sampler and the detector hand back, checked and named.

A base sampler that returns NaN, another number of columns or rows under a
label `y` does not hold, and a detector that returns NaN probabilities, would
otherwise fail far from the cause (or leave a shortfall with no reason).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .._values import label_repr

__all__ = [
    "check_columns_returned",
    "check_new_labels",
    "check_new_rows",
    "check_scores",
    "sampler_failed",
]


def sampler_failed(sampler, exc, label, n_label, holdout_folds) -> ValueError:
    """The error to raise for a base sampler that raised `exc` on class
    `label`, given `n_label` of its real rows: a hint to lower ``k_neighbors``
    (or `holdout_folds`) where it asked for more neighbours than the rows hold."""
    k = sampler.get_params().get("k_neighbors")
    hint = ""
    if (
        isinstance(k, (int, np.integer))
        and not isinstance(k, bool)
        and ("neighbor" in str(exc) or n_label <= k)
    ):
        hint = (
            f" It needs at least k_neighbors + 1 = {k + 1} rows of the class; "
            "lower `k_neighbors`"
            + (" or `holdout_folds`" if holdout_folds > 1 else "")
            + "."
        )
    return ValueError(
        f"`sampler` ({type(sampler).__name__}) failed on class "
        f"{label_repr(label)}, given {n_label} of its real rows: "
        f"{str(exc).rstrip('.')}.{hint}"
    )


def check_columns_returned(sampler, X, Xr, label) -> None:
    """Raise when the base `sampler`, given `X` to make rows of class `label`,
    returned another number of columns."""
    n_cols = np.shape(Xr)[1] if np.ndim(Xr) == 2 else None
    if n_cols != X.shape[1]:
        raise ValueError(
            f"`sampler` ({type(sampler).__name__}) returned rows of {n_cols} "
            f"columns when given {X.shape[1]} (class {label_repr(label)}); an "
            "over-sampler must return the columns it was given, in their order."
        )


def check_new_labels(sampler, y, yr_new, label) -> None:
    """Raise when the base `sampler` labelled new rows with a class `y` lacks."""
    labels = pd.unique(np.asarray(yr_new))
    unknown = [v for v in labels if not np.isin(v, y)]
    if unknown:
        known = ", ".join(label_repr(v) for v in np.unique(y)[:10])
        raise ValueError(
            f"`sampler` ({type(sampler).__name__}) returned new rows under the "
            f"label {label_repr(unknown[0])}, which is not a class of its input "
            f"(asked for rows of class {label_repr(label)}; the classes are "
            f"{known}); it must label new rows with the classes it was given."
        )


def check_new_rows(sampler, new: pd.DataFrame, numeric: list, label) -> None:
    """Raise when the base `sampler`'s new rows of class `label` hold NaN, or
    infinite values in the `numeric` columns, naming the columns."""
    bad = list(new.columns[new.isna().any().to_numpy()])
    what = "NaN"
    if not bad and numeric and len(new):
        finite = np.isfinite(new[numeric].to_numpy(dtype=float)).all(axis=0)
        bad, what = [c for c, ok in zip(numeric, finite) if not ok], "infinite values"
    if bad:
        raise ValueError(
            f"`sampler` ({type(sampler).__name__}) returned new rows of class "
            f"{label_repr(label)} with {what} (in columns {bad[:5]}); the base "
            "sampler must return finite values for every column."
        )


def check_scores(scores: np.ndarray, detector) -> None:
    """Raise when the `detector` returned NaN probabilities."""
    missing = np.isnan(scores)
    if missing.any():
        name = type(detector[0] if isinstance(detector, list) else detector).__name__
        raise ValueError(
            f"`detector` ({name}) returned NaN probabilities for "
            f"{int(missing.sum())} of {len(scores)} rows; it must return "
            "finite probabilities from `predict_proba` (check its settings, or "
            "use detector='hgb')."
        )
