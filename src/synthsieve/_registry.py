"""Samplers by name (:func:`~synthsieve.make_sampler`), for the command line,
the benchmarks and users who choose a sampler from a string."""

from __future__ import annotations

from imblearn.over_sampling import (
    ADASYN,
    SMOTEN,
    SVMSMOTE,
    BorderlineSMOTE,
    RandomOverSampler,
)

from . import generators
from .filtering import FilteredOverSampler
from .filtering._defaults import nominal_columns, smote_for

__all__ = [
    "SAMPLER_NAMES",
    "make_sampler",
    "sampler_for_data",
    "smote_for",
    "split_name",
]

#: The prefix of a sampler name that wraps it in FilteredOverSampler.
FILTERED = "filtered-"


def _numeric_only(cls, name):
    def make(X, random_state):
        if nominal_columns(X):
            raise ValueError(
                f"Sampler {name!r} needs numeric columns; this data has nominal "
                f"columns {list(X.columns[nominal_columns(X)])[:5]}. Use 'smote' "
                "(SMOTENC/SMOTEN) or one-hot encode them first."
            )
        return cls(random_state=random_state)

    return make


def _generator(attr):
    def make(X, random_state):
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
    "dasmote": _generator("DASMOTE"),
    "mmd-triplet": _generator("MMDTripletOverSampler"),
    "tabular-transformer": _generator("TabularTransformerOverSampler"),
}

SAMPLER_NAMES = tuple(_FACTORIES)


def split_name(name: str) -> tuple[str, bool]:
    """A sampler's name as a key (lower case, ``-`` for ``_``) without the
    ``filtered-`` prefix, and whether it had the prefix.

    >>> from synthsieve._registry import split_name
    >>> split_name("Filtered-Borderline_SMOTE")
    ('borderline-smote', True)
    """
    key = name.strip().lower().replace("_", "-")
    if key.startswith(FILTERED):
        return key[len(FILTERED) :], True
    return key, False


def make_sampler(name: str, X=None, *, random_state=None):
    """Build the sampler called `name`, adapted to the column types of `X`.

    Names: ``smote`` (SMOTENC or SMOTEN when `X` has nominal columns),
    ``borderline-smote``, ``adasyn``, ``svm-smote``, ``random``, ``smoten``, and
    synthsieve's generators ``safe-level-smote``, ``kde``, ``deep-smote``,
    ``cvae``, ``dasmote``, ``mmd-triplet``, ``tabular-transformer``. A
    ``filtered-`` prefix (``filtered-smote``) wraps the sampler in
    :class:`~synthsieve.FilteredOverSampler`.

    Parameters
    ----------
    name : str
        The sampler's name (case and ``_`` or ``-`` do not matter).
    X : DataFrame, default=None
        The data it will over-sample: ``"smote"`` picks SMOTENC or SMOTEN
        from its nominal columns, and the numeric-only samplers refuse data
        that has some. None: numeric data.
    random_state : int, RandomState instance or None, default=None
        Given to the sampler (and to the filter with ``filtered-``).

    Returns
    -------
    sampler
        A new, unfitted over-sampler.

    See Also
    --------
    synthsieve.make_detector : detectors by name.

    Examples
    --------
    >>> from synthsieve import make_sampler
    >>> make_sampler("adasyn", random_state=0)
    ADASYN(random_state=0)
    >>> make_sampler("filtered-random", random_state=0)
    FilteredOverSampler(random_state=0, sampler=RandomOverSampler(random_state=0))
    """
    key, filtered = split_name(name)
    if filtered:
        base = make_sampler(key, X, random_state=random_state)
        return FilteredOverSampler(sampler=base, random_state=random_state)
    if key not in _FACTORIES:
        raise ValueError(
            f"Unknown sampler {name!r}; choose from {', '.join(SAMPLER_NAMES)} "
            f"(or prefix one with {FILTERED!r})."
        )
    return _FACTORIES[key](X, random_state)


def sampler_for_data(names, X, *, random_state=None) -> dict:
    """``{name: sampler}`` for a comma-separated string or a list of names."""
    if isinstance(names, str):
        names = [n for n in names.split(",") if n.strip()]
    if not names:
        raise ValueError("No sampler named; give at least one, e.g. 'smote'.")
    return {n.strip(): make_sampler(n, X, random_state=random_state) for n in names}
