"""polars input: converted to pandas at the start, and the output back.

imbalanced-learn's output step knows numpy, pandas and lists only; a polars
frame would fail there, after the whole fit.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

__all__ = ["is_polars", "from_polars"]


def is_polars(obj) -> bool:
    """True for a polars DataFrame or Series (without importing polars)."""
    return type(obj).__module__.split(".")[0] == "polars"


def from_polars(X, y):
    """`X` and `y` as pandas when they are polars, and a function that turns
    the resampled pair back into the kinds the user passed."""
    x_polars, y_polars = is_polars(X), is_polars(y)
    if not (x_polars or y_polars):
        return X, y, lambda X_res, y_res: (X_res, y_res)
    import polars as pl

    # column by column through numpy: polars' own to_pandas needs pyarrow
    X_pd = X
    if x_polars:
        X_pd = (
            pd.DataFrame({c: X[c].to_numpy() for c in X.columns})
            if hasattr(X, "columns")
            else X.to_numpy()  # a Series as `X`: refused as 1-D by the checks
        )
    y_pd = pd.Series(y.to_numpy(), name=y.name) if y_polars else y

    def back(X_res, y_res):
        if x_polars:
            X_res = pl.DataFrame({c: X_res[c].to_numpy() for c in X_res.columns})
        if y_polars:
            y_res = pl.Series(y.name, np.asarray(y_res))
        return X_res, y_res

    return X_pd, y_pd, back
