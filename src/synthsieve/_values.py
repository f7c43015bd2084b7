"""What a column or a value holds, and how messages name a value.

A column is nominal (categories) or numeric; object columns of Python numbers
count as numbers, numbers written as strings as categories (and are warned
about by :func:`synthsieve._input.warn_numeric_strings`).
"""

from __future__ import annotations

import numbers

import numpy as np
import pandas as pd
from pandas.api import types as ptypes

__all__ = ["as_numbers", "holds_numbers", "is_nominal", "label_repr", "numeric_strings"]


def is_nominal(series: pd.Series) -> bool:
    """True for a column that holds categories rather than numbers.

    Object, string and categorical columns are nominal; numeric and boolean
    columns are not (booleans are treated as 0/1), nor object columns whose
    values are all numbers (Python ints, floats, Decimals: see
    :func:`holds_numbers`).
    """
    dtype = series.dtype
    if isinstance(dtype, pd.CategoricalDtype):
        return True
    if ptypes.is_numeric_dtype(dtype) or ptypes.is_bool_dtype(dtype):
        return False
    return not holds_numbers(series)


#: What pandas' ``infer_dtype`` calls an object column of numbers only.
_NUMBER_KINDS = ("integer", "floating", "mixed-integer-float", "decimal")


def _is_number(value) -> bool:
    """A real number (Decimals too), not a boolean (booleans alone are a
    category) nor a complex number."""
    return isinstance(value, numbers.Number) and not isinstance(
        value, (bool, np.bool_, complex, np.complexfloating)
    )


def holds_numbers(series: pd.Series) -> bool:
    """True for an object column whose values are all real numbers (Python ints,
    floats, Decimals, numpy scalars; missing values aside), not booleans.

    Such a column (a frame built from Python objects, or read from a database)
    is read as numbers, as plain SMOTE reads it, rather than as categories.
    Numbers written as strings are not numbers here (see
    :func:`numeric_strings`).
    """
    if not ptypes.is_object_dtype(series.dtype) or not len(series):
        return False
    if isinstance(series.iloc[0], str):
        return False  # the common nominal column, at no cost
    kind = ptypes.infer_dtype(series, skipna=True)
    if kind in _NUMBER_KINDS:
        return True
    if kind in ("mixed", "mixed-integer"):  # Decimals with ints, say
        return all(_is_number(v) for v in series.dropna())
    return False


def as_numbers(series: pd.Series) -> pd.Series:
    """A :func:`holds_numbers` column as int64 or float64 (a new Series)."""
    out = pd.to_numeric(series, errors="coerce")
    return out if ptypes.is_numeric_dtype(out.dtype) else out.astype(float)


def numeric_strings(series: pd.Series):
    """An example value when every value of an object or string column is a
    number written as a string (``"1.5"``), else None."""
    dtype = series.dtype
    if isinstance(dtype, pd.CategoricalDtype) or not (
        ptypes.is_object_dtype(dtype) or ptypes.is_string_dtype(dtype)
    ):
        return None
    values = series.dropna()
    if not len(values) or not isinstance(values.iloc[0], str):
        return None
    head = values.iloc[:100]  # most text columns fail on their first values
    if pd.to_numeric(head, errors="coerce").isna().any():
        return None
    if pd.to_numeric(values, errors="coerce").isna().any():
        return None
    return values.iloc[0]


def label_repr(label) -> str:
    """A class label for messages, as the user wrote it: ``1`` and ``'a'``, not
    ``np.int64(1)`` and ``np.str_('a')``."""
    return repr(label.item() if isinstance(label, np.generic) else label)
