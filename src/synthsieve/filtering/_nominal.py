"""Columns the user declares nominal: integer codes read as categories."""

from __future__ import annotations

from numbers import Integral

import numpy as np
import pandas as pd

__all__ = ["declared_nominal", "as_nominal"]


def declared_nominal(categorical_features, columns: list, user_names: bool) -> list:
    """The names (in `columns`) of the columns `categorical_features` declares.

    `categorical_features` is None, or array-like of column positions, of column
    names (when `X` had string column names: `user_names`), or a boolean mask
    of length ``len(columns)``, as imbalanced-learn's ``SMOTENC`` takes it.
    """
    if categorical_features is None:
        return []
    values = list(categorical_features)
    n = len(columns)
    if values and all(isinstance(v, (bool, np.bool_)) for v in values):
        if len(values) != n:
            raise ValueError(
                f"`categorical_features` as a boolean mask needs one entry per "
                f"column of `X` ({n}); got {len(values)}."
            )
        return [c for c, keep in zip(columns, values) if keep]
    out = []
    for v in values:
        if isinstance(v, (Integral, np.integer)) and not isinstance(v, bool):
            if not -n <= int(v) < n:
                raise ValueError(
                    f"`categorical_features` holds the position {int(v)}, but `X` "
                    f"has {n} columns (positions 0 to {n - 1})."
                )
            name = columns[int(v)]
        elif isinstance(v, str) and user_names:
            if v not in columns:
                known = ", ".join(map(repr, columns[:10]))
                more = f" and {n - 10} more" if n > 10 else ""
                raise ValueError(
                    f"`categorical_features` names the column {v!r}, which `X` "
                    f"does not have; its columns are {known}{more}."
                )
            name = v
        else:
            what = (
                "names, but `X` has no column names (pass positions)"
                if isinstance(v, str)
                else "positions, names or a boolean mask"
            )
            raise TypeError(
                f"`categorical_features` must hold column {what}; got {v!r}."
            )
        if name not in out:
            out.append(name)
    return out


def as_nominal(frame: pd.DataFrame, names: list) -> pd.DataFrame:
    """`frame` with the columns `names` as pandas categories (a copy), so that
    the schema, the rules, the default sampler and the detector read them as
    nominal; their values, and so the output, are unchanged."""
    if not names:
        return frame
    cast = {
        c: "category"
        for c in names
        if not isinstance(frame[c].dtype, pd.CategoricalDtype)
    }
    return frame.astype(cast) if cast else frame
