"""The user's own table in and out: the original rows bit-exact.

A DataFrame that mixes integer and float columns becomes one float64 array in
scikit-learn's validation, which rounds integers beyond 2**53 (nanosecond
timestamps, identifiers). The filter therefore works on the user's own frame and
returns its rows as they were, with the accepted rows appended in the input's
dtypes.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from pandas.api import types as ptypes
from scipy import sparse

from .._values import as_numbers, holds_numbers

__all__ = ["assemble_array", "assemble_frame", "internal_frame"]


def internal_frame(X: pd.DataFrame, names) -> pd.DataFrame:
    """`X` under the column `names` the fit uses, with a fresh index, and its
    object columns of numbers (:func:`~synthsieve._values.holds_numbers`) as
    numbers; `X` itself is not modified."""
    frame = X.set_axis(list(names), axis=1).reset_index(drop=True)
    numbers = [c for c in frame.columns if holds_numbers(frame[c])]
    if numbers:
        frame = frame.copy()
        for col in numbers:
            frame[col] = as_numbers(frame[col])
    return frame


def assemble_frame(X: pd.DataFrame, y, records, accepted):
    """`X`'s own rows first (values and dtypes unchanged, a fresh index), then
    each class's accepted rows in `X`'s dtypes (integer and boolean columns
    rounded to the nearest value); the labels likewise."""
    parts, y_new = [X.reset_index(drop=True)], [y]
    for record, rows in zip(records, accepted):
        if len(rows):
            parts.append(_cast_like(rows, X))
            y_new.append(np.full(len(rows), record.label, dtype=y.dtype))
    out = pd.concat(parts, ignore_index=True) if len(parts) > 1 else parts[0]
    return out, np.concatenate(y_new)


def _cast_like(rows: pd.DataFrame, X: pd.DataFrame) -> pd.DataFrame:
    """`rows` (the fit's column names) under `X`'s names and in its dtypes."""
    columns = {}
    for j, dtype in enumerate(X.dtypes):
        values = rows.iloc[:, j]
        rounded = ptypes.is_integer_dtype(dtype) or ptypes.is_bool_dtype(dtype)
        if rounded and ptypes.is_float_dtype(values.dtype):
            values = np.rint(values)  # rules=None: nearest, not floor
        columns[j] = values.astype(dtype).reset_index(drop=True)
    out = pd.DataFrame(columns, index=pd.RangeIndex(len(rows)))
    out.columns = X.columns
    return out


def assemble_array(X, y, records, accepted, sparse_format=None):
    """`X`'s own rows first and unchanged, then each class's accepted rows in
    `X`'s dtype (integer and boolean columns rounded to the nearest value),
    sparse again in `sparse_format` when given; the labels likewise.
    `records` and `accepted` are emptied as the rows are copied."""
    n_new = sum(len(a) for a in accepted)
    X_out = np.empty((len(X) + n_new, X.shape[1]), dtype=X.dtype)
    X_out[: len(X)] = X
    y_new = [y]
    start = len(X)
    while accepted:
        acc, label = accepted.pop(0), records.pop(0).label
        if len(acc):
            values = acc.to_numpy(dtype=object if X.dtype == object else float)
            del acc
            if np.issubdtype(X.dtype, np.integer) or X.dtype == bool:
                values = np.rint(values)  # rules=None: nearest, not floor
            X_out[start : start + len(values)] = values.astype(X.dtype, copy=False)
            start += len(values)
            y_new.append(np.full(len(values), label, dtype=y.dtype))
            del values
    if sparse_format:
        X_out = sparse.csr_matrix(X_out).asformat(sparse_format)
    return X_out, np.concatenate(y_new)
