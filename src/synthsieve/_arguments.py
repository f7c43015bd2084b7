"""Checks of estimator arguments: nested estimators and counts.

Shared by every package that takes a sampler, a classifier or a count from the
user, so that each refuses a wrong one with the same message.
"""

from __future__ import annotations

import numbers

from sklearn.utils._param_validation import InvalidParameterError

__all__ = [
    "check_classifier_with_proba",
    "check_instance",
    "check_positive_int",
    "check_sampler",
]


def check_instance(estimator, name: str) -> None:
    """Raise scikit-learn's InvalidParameterError (a TypeError and a ValueError)
    when `estimator` is a class rather than an instance."""
    if isinstance(estimator, type):
        raise InvalidParameterError(
            f"`{name}` must be an estimator instance, e.g. {estimator.__name__}(); "
            f"got the class {estimator.__name__} itself."
        )


def check_classifier_with_proba(estimator, name: str) -> None:
    """Raise scikit-learn's InvalidParameterError (a TypeError and a ValueError)
    unless `estimator` looks like a probabilistic classifier."""
    check_instance(estimator, name)
    if not (hasattr(estimator, "fit") and hasattr(estimator, "predict_proba")):
        raise InvalidParameterError(
            f"`{name}` must be a classifier with `fit` and `predict_proba`; got "
            f"{type(estimator).__name__}. Wrap a margin classifier in "
            "sklearn.calibration.CalibratedClassifierCV to use it."
        )


def check_positive_int(value, name: str, *, minimum: int = 1) -> int:
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise TypeError(f"`{name}` must be an integer, got {value!r}.")
    if value < minimum:
        raise ValueError(f"`{name}` must be >= {minimum}, got {value}.")
    return int(value)


def check_sampler(sampler, name: str = "sampler") -> None:
    """Raise unless `sampler` is an over-sampler instance with ``fit_resample``."""
    check_instance(sampler, name)
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
