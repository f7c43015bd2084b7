"""Samplers by name, for the command line and the benchmarks."""

from __future__ import annotations

import pandas as pd
from imblearn.over_sampling import (
    ADASYN,
    SMOTE,
    SMOTEN,
    SMOTENC,
    SVMSMOTE,
    BorderlineSMOTE,
    RandomOverSampler,
)

from ._utils import is_nominal

__all__ = ["SAMPLER_NAMES", "make_sampler", "sampler_for_data", "smote_for"]


def _nominal_columns(X) -> list[int]:
    if not isinstance(X, pd.DataFrame):
        return []
    return [i for i, c in enumerate(X.columns) if is_nominal(X[c])]


def smote_for(X, *, random_state=None):
    """SMOTE for numeric data, SMOTEN when every column is nominal, else SMOTENC.

    Examples
    --------
    >>> import pandas as pd
    >>> from synthsieve._registry import smote_for
    >>> smote_for(pd.DataFrame({"a": ["x", "y"], "b": [1.0, 2.0]}), random_state=0)
    SMOTENC(categorical_features=[0], random_state=0)
    """
    nominal = _nominal_columns(X)
    if not nominal:
        return SMOTE(random_state=random_state)
    if len(nominal) == X.shape[1]:
        return SMOTEN(random_state=random_state)
    return SMOTENC(categorical_features=nominal, random_state=random_state)


def _numeric_only(cls, name):
    def make(X, random_state):
        if _nominal_columns(X):
            raise ValueError(
                f"Sampler {name!r} needs numeric columns; this data has nominal "
                f"columns {list(X.columns[_nominal_columns(X)])[:5]}. Use 'smote' "
                "(SMOTENC/SMOTEN) or one-hot encode them first."
            )
        return cls(random_state=random_state)

    return make


def _generator(attr):
    def make(X, random_state):
        from . import generators

        return getattr(generators, attr)(random_state=random_state)

    return make


_FACTORIES = {
    "smote": lambda X, rs: smote_for(X, random_state=rs),
    "borderline-smote": _numeric_only(BorderlineSMOTE, "borderline-smote"),
    "adasyn": _numeric_only(ADASYN, "adasyn"),
    "svm-smote": _numeric_only(SVMSMOTE, "svm-smote"),
    "random": lambda X, rs: RandomOverSampler(random_state=rs),
    "smoten": lambda X, rs: SMOTEN(random_state=rs),
    "safe-level-smote": _generator("SafeLevelSMOTE"),
    "kde": _generator("KDEOverSampler"),
    "deep-smote": _generator("DeepSMOTE"),
    "cvae": _generator("CVAEOverSampler"),
}

SAMPLER_NAMES = tuple(_FACTORIES)


def make_sampler(name: str, X=None, *, random_state=None):
    """Build the sampler called `name`, adapted to the column types of `X`.

    Names: ``smote`` (SMOTENC or SMOTEN when `X` has nominal columns),
    ``borderline-smote``, ``adasyn``, ``svm-smote``, ``random``, ``smoten``, and
    synthsieve's generators ``safe-level-smote``, ``kde``, ``deep-smote``,
    ``cvae``. A ``filtered-`` prefix (``filtered-smote``) wraps the sampler in
    :class:`~synthsieve.FilteredOverSampler`.

    Examples
    --------
    >>> from synthsieve._registry import make_sampler
    >>> make_sampler("adasyn", random_state=0)
    ADASYN(random_state=0)
    """
    key = name.strip().lower().replace("_", "-")
    if key.startswith("filtered-"):
        from ._sampler import FilteredOverSampler

        base = make_sampler(key[len("filtered-") :], X, random_state=random_state)
        return FilteredOverSampler(sampler=base, random_state=random_state)
    if key not in _FACTORIES:
        raise ValueError(
            f"Unknown sampler {name!r}; choose from {', '.join(SAMPLER_NAMES)} "
            "(or prefix one with 'filtered-')."
        )
    return _FACTORIES[key](X, random_state)


def sampler_for_data(names, X, *, random_state=None) -> dict:
    """``{name: sampler}`` for a comma-separated string or a list of names."""
    if isinstance(names, str):
        names = [n for n in names.split(",") if n.strip()]
    if not names:
        raise ValueError("No sampler named; give at least one, e.g. 'smote'.")
    return {n.strip(): make_sampler(n, X, random_state=random_state) for n in names}
