"""What every rule family shares: the error, the family names, rule blocks.

A block holds the rules of one family (and one class) and evaluates them together,
vectorised, on a :class:`_Context`: one table and its numeric matrix.
"""

from __future__ import annotations

import numbers

import numpy as np
import pandas as pd

from .._values import is_nominal

__all__ = ["FAMILIES", "RuleError"]

#: Families of inferred rules, in the order their rules are listed.
FAMILIES = (
    "kind",
    "bounds",
    "category",
    "point_mass",
    "one_hot",
    "active_count",
    "never_together",
    "implies",
)


def resolve_families(inferred) -> set:
    """The families the `inferred` parameter of :class:`DomainRules` asks for."""
    if inferred is True:
        return set(FAMILIES)
    if inferred is False:
        return set()
    fams = set(inferred)
    unknown = fams - set(FAMILIES)
    if unknown:
        raise ValueError(
            f"`inferred` names unknown rule families {sorted(unknown)}; "
            f"choose from {list(FAMILIES)}."
        )
    return fams


class RuleError(ValueError):
    """A rule is malformed, fails when evaluated, or does not fit the data.

    Examples
    --------
    >>> import pandas as pd
    >>> from synthsieve import DomainRules, RuleError
    >>> try:
    ...     DomainRules.infer(pd.DataFrame({"age": [20, 30]}), rules=["agee > 1"])
    ... except RuleError as exc:
    ...     print(exc)
    rule 'agee > 1': the query 'agee > 1' names something that is not a column ...
    """


class _Context:
    """One table prepared for evaluation: the frame and its numeric matrix."""

    def __init__(self, frame: pd.DataFrame, Z: np.ndarray, pos: dict):
        self.frame = frame
        self.Z = Z
        self.pos = pos
        self._keys = {}

    def keys(self, column) -> np.ndarray:
        if column not in self._keys:
            self._keys[column] = _nominal_keys(self.frame[column])
        return self._keys[column]

    def subset(self, rows: np.ndarray) -> _Context:
        return _Context(self.frame.iloc[rows], self.Z[rows], self.pos)


def _key(value) -> str:
    """A category's comparison key: whole numbers without decimals (2.0 -> '2')."""
    if isinstance(value, (numbers.Real, np.number)) and not isinstance(
        value, (bool, np.bool_)
    ):
        f = float(value)
        if np.isfinite(f) and f == int(f):
            return str(int(f))
    return str(value)


def _nominal_keys(series: pd.Series) -> np.ndarray:
    """Comparison keys of a column's values, as in :func:`_key`."""
    if is_nominal(series):
        return series.astype(object).map(_key).to_numpy(dtype=object)
    values = series.to_numpy(dtype=float)
    keys = values.astype(str).astype(object)
    whole = np.isfinite(values) & (values == np.round(values))
    keys[whole] = values[whole].astype(np.int64).astype(str)
    return keys


def _class_tag(cls) -> str:
    return "" if cls is None else f"[{cls}]"


class _Block:
    """Rules of one family evaluated together: one boolean column per rule.

    `columns` holds, per rule, the tuple of columns it reads; a `column_level`
    block's rules each read one column (reported by ``value_violations``).
    """

    family = ""
    column_level = False

    def __init__(self, names, columns, descriptions, for_class=None):
        self.names = list(names)
        self.columns = list(columns)
        self.descriptions = list(descriptions)
        self.for_class = for_class

    def evaluate(self, ctx: _Context) -> np.ndarray:  # pragma: no cover
        raise NotImplementedError
