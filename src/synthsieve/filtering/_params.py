"""The filter's parameters, declared once.

Each parameter of :class:`~synthsieve.FilteredOverSampler` (beyond
imbalanced-learn's ``sampling_strategy``) is listed here with its default, its
constraint (scikit-learn's parameter validation) and whether the stages of a
fit read it. The sampler's ``_parameter_constraints`` and the stages'
:class:`~._state.Settings` are built from this table; the sampler's
``__init__`` stays written out, as scikit-learn's ``get_params`` reads its
signature, and a test checks that its defaults are these.
"""

from __future__ import annotations

from dataclasses import dataclass
from numbers import Integral, Real

from sklearn.utils._param_validation import HasMethods, Interval, StrOptions

from ..rules import DomainRules

__all__ = ["PARAMS", "STAGE_PARAMS", "Param", "constraints"]


@dataclass(frozen=True)
class Param:
    """One parameter: its default, its constraint, and whether the stages read
    it (then it is a field of ``Settings``)."""

    default: object
    constraint: list
    stages: bool = False


PARAMS: dict[str, Param] = {
    "sampler": Param(None, [HasMethods(["fit_resample"]), None]),
    "categorical_features": Param(None, ["array-like", None]),
    # `fit` only: a classifier without `predict_proba` gets our message, with
    # the CalibratedClassifierCV hint, from _check_nested_params
    "detector": Param(
        "hgb", [StrOptions({"hgb", "mlp", "logreg"}), HasMethods(["fit"]), None]
    ),
    "rules": Param("auto", [StrOptions({"auto"}), DomainRules, None]),
    "on_invalid": Param("repair", [StrOptions({"repair", "reject"})], True),
    "reject_copies": Param(True, ["boolean"]),
    "near_copy_quantile": Param(0.01, [Interval(Real, 0, 1, closed="both")]),
    "acceptance": Param(
        "density_ratio", [StrOptions({"density_ratio", "threshold", "rate"})], True
    ),
    "class_consistency": Param(
        "base",
        [StrOptions({"base"}), Interval(Real, 0, 1, closed="both"), None],
        True,
    ),
    "threshold_quantile": Param(0.9, [Interval(Real, 0, 1, closed="right")], True),
    "rejection_rate": Param(0.5, [Interval(Real, 0, 1, closed="left")], True),
    "candidate_factor": Param(3.0, [Interval(Real, 1, None, closed="left")], True),
    "selection": Param("auto", [StrOptions({"auto", "herding"}), None], True),
    "max_rounds": Param(5, [Interval(Integral, 1, None, closed="left")], True),
    "shortfall": Param("fill", [StrOptions({"fill", "raise", "return"})], True),
    "cv": Param(5, [Interval(Integral, 2, None, closed="left")], True),
    "holdout_folds": Param(
        "auto",
        [Interval(Integral, 1, None, closed="left"), StrOptions({"auto"})],
        True,
    ),
    "jitter": Param(
        "auto", [Interval(Real, 0, None, closed="left"), StrOptions({"auto"})], True
    ),
    "max_detector_rows": Param(
        5000, [Interval(Integral, 10, None, closed="left")], True
    ),
    "max_rejected_rows": Param(
        10000, [Interval(Integral, 0, None, closed="left"), None], True
    ),
    "auditors": Param(
        "default", [StrOptions({"default"}), dict, list, HasMethods(["fit"]), None]
    ),
    "random_state": Param(None, ["random_state"]),
    "n_jobs": Param(None, [Integral, None], True),
    "verbose": Param(0, ["verbose"], True),
}

#: The parameters the stages read, in the order of the table.
STAGE_PARAMS = tuple(name for name, p in PARAMS.items() if p.stages)


def constraints() -> dict:
    """``{name: constraint}`` for scikit-learn's parameter validation."""
    return {name: p.constraint for name, p in PARAMS.items()}
