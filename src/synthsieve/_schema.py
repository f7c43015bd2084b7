"""The column schema: each column's kind, decided once from the training rows.

Every part of a fit that treats columns differently (the domain rules, the jitter,
the detector's features, the choice of the default base sampler) reads one
:class:`TableSchema` instead of deriving the kinds afresh.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from pandas.api import types as ptypes

from ._values import is_nominal

__all__ = [
    "ColumnSchema",
    "TableSchema",
    "at_decimals",
    "column_kind",
    "recorded_decimals",
]

#: The column kinds, from the most to the least constrained.
KINDS = ("nominal", "binary", "integer", "continuous")

#: Most decimals a continuous column may be recorded at to get a precision.
MAX_DECIMALS = 6
#: Rows a precision is first checked on before all rows are (same result).
_DECIMALS_PROBE = 1024


def column_kind(series: pd.Series) -> str:
    """``"nominal"``, ``"binary"`` (0/1 or bool), ``"integer"`` or ``"continuous"``.

    Object, string and categorical columns are nominal; the kind of a numeric
    column is read from its values.
    """
    if is_nominal(series):
        return "nominal"
    if ptypes.is_bool_dtype(series.dtype):
        return "binary"
    values = series.to_numpy(dtype=float)
    if ((values == 0) | (values == 1)).all():
        return "binary"
    if (values == np.floor(values)).all():
        return "integer"
    return "continuous"


def at_decimals(V: np.ndarray, d: int) -> np.ndarray:
    """True where a value is a multiple of 10**-d (up to float error)."""
    scaled = V * 10.0**d
    tol = 1e-6 + 64 * np.finfo(float).eps * np.abs(scaled)
    return np.abs(scaled - np.round(scaled)) <= tol


def recorded_decimals(values: np.ndarray) -> int | None:
    """The fewest decimals (1 to `MAX_DECIMALS`) every value is recorded at.

    None when the values need more (measured, not typed, precision) or are not
    all finite.
    """
    values = values[~np.isnan(values)]
    if not len(values) or not np.isfinite(values).all():
        return None
    head = values[:_DECIMALS_PROBE]  # most columns fail on a few rows: stop early
    for d in range(1, MAX_DECIMALS + 1):
        if at_decimals(head, d).all() and at_decimals(values, d).all():
            return d
    return None


@dataclass(frozen=True)
class ColumnSchema:
    """One column: its name, kind, pandas dtype, recorded decimals (continuous
    columns) and categories (nominal columns)."""

    name: object
    kind: str
    dtype: object
    decimals: int | None = None
    categories: tuple | None = None

    @property
    def numeric(self) -> bool:
        """Not nominal: binary, integer or continuous."""
        return self.kind != "nominal"

    @property
    def jittered(self) -> bool:
        """Numeric and not binary: the columns local noise is added to."""
        return self.kind in ("integer", "continuous")


@dataclass(frozen=True)
class TableSchema:
    """The columns of a table, in order, with their kinds.

    Examples
    --------
    >>> import pandas as pd
    >>> from synthsieve._schema import TableSchema
    >>> frame = pd.DataFrame({"a": [0, 1, 1], "b": [1.5, 2.25, 3.0],
    ...                       "c": ["x", "y", "x"], "d": [1, 2, 5]})
    >>> schema = TableSchema.infer(frame)
    >>> [(c.name, c.kind) for c in schema.columns]
    [('a', 'binary'), ('b', 'continuous'), ('c', 'nominal'), ('d', 'integer')]
    >>> schema["b"].decimals, schema["c"].categories
    (2, ('x', 'y'))
    """

    columns: tuple

    @classmethod
    def infer(cls, frame: pd.DataFrame) -> TableSchema:
        """Read each column's kind, decimals and categories from `frame`."""
        cols = []
        for name in frame.columns:
            series = frame[name]
            kind = column_kind(series)
            decimals = categories = None
            if kind == "continuous":
                decimals = recorded_decimals(series.to_numpy(dtype=float))
            elif kind == "nominal":
                categories = tuple(sorted(pd.unique(series.astype(object)), key=str))
            cols.append(ColumnSchema(name, kind, series.dtype, decimals, categories))
        return cls(tuple(cols))

    def __getitem__(self, name) -> ColumnSchema:
        for col in self.columns:
            if col.name == name:
                return col
        raise KeyError(name)

    @property
    def names(self) -> list:
        return [c.name for c in self.columns]

    def of_kind(self, *kinds: str) -> list:
        """Names of the columns of the given kinds, in column order."""
        return [c.name for c in self.columns if c.kind in kinds]

    @property
    def nominal(self) -> list:
        return self.of_kind("nominal")

    @property
    def binary(self) -> list:
        return self.of_kind("binary")

    @property
    def numeric(self) -> list:
        """Binary, integer and continuous columns."""
        return self.of_kind("binary", "integer", "continuous")

    @property
    def jittered(self) -> list:
        """Integer and continuous columns: those local noise is added to."""
        return self.of_kind("integer", "continuous")

    def nominal_positions(self) -> list[int]:
        return [i for i, c in enumerate(self.columns) if c.kind == "nominal"]
