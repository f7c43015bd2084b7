"""Checks of the arguments shared by the audit functions."""

from __future__ import annotations

import numpy as np

from .._arguments import check_positive_int, check_sampler
from .._values import label_repr


def _check_cv(cv, n_per_group: int) -> int:
    cv = check_positive_int(cv, "cv", minimum=2)
    if n_per_group < cv:
        raise ValueError(
            f"Each group has {n_per_group} rows after balancing, fewer than cv={cv} "
            "folds; lower `cv` or give more rows."
        )
    return cv


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
        check_sampler(s, f"samplers[{name!r}]")
    return items


def _check_holdout_sizes(y, classes, cv, alternative: str) -> None:
    """Each half of each audited class must fill the `cv` folds."""
    for label in classes:
        n_c = int((y == label).sum())
        if n_c // 2 < cv:
            raise ValueError(
                f"Class {label_repr(label)} has {n_c} real rows; the hold-out "
                "protocol needs "
                f"at least 2 x cv = {2 * cv} so that each half fills the folds. "
                f"Lower `cv` or {alternative}."
            )


def _minority_classes(y) -> list:
    classes, counts = np.unique(y, return_counts=True)
    return [c for c, k in zip(classes, counts) if k < counts.max()]


def _check_paper_sizes(y, classes, cv) -> None:
    """Each audited class must fill the `cv` folds (the paper's protocol)."""
    cv = check_positive_int(cv, "cv", minimum=2)
    for label in classes:
        n_c = int((y == label).sum())
        if n_c < cv:
            raise ValueError(
                f"Class {label_repr(label)} has {n_c} real rows, fewer than "
                f"cv={cv} folds; lower `cv` or give more rows of the class."
            )


def _check_classes(classes, y) -> list:
    """The classes to audit: the user's `classes` checked against `y`, or every
    class smaller than the largest."""
    present = np.unique(y)
    if classes is None:
        classes = _minority_classes(y)
        if not classes:
            counts = ", ".join(
                f"{label_repr(c)}: {int((y == c).sum())}" for c in present[:10]
            )
            raise ValueError(
                f"Every class of `y` has as many rows as the largest ({counts}); "
                "there is no minority class to audit. Name the classes to audit "
                "with `classes`."
            )
        return classes
    if isinstance(classes, (str, bytes)) or not np.iterable(classes):
        raise TypeError(
            f"`classes` must be a list of class labels, e.g. [{classes!r}]; got "
            f"{classes!r}."
        )
    classes = list(classes)
    if not classes:
        raise ValueError("`classes` is empty; name at least one class of `y`.")
    known = set(present.tolist())
    unknown = [c for c in classes if c not in known]
    if unknown:
        raise ValueError(
            f"`classes` names labels not in `y`: "
            f"{', '.join(label_repr(c) for c in unknown[:5])}; the classes of `y` "
            f"are {', '.join(label_repr(c) for c in present[:10])}."
        )
    return classes
