"""Input checks shared by the classifiers: named columns, named classes."""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..generators._base import check_numeric_features, class_label

__all__ = ["check_features", "class_list"]


def _has_strings(X) -> bool:
    """Whether array-like `X` (not a DataFrame) holds text."""
    if hasattr(X, "toarray") or isinstance(X, pd.Series):
        return False
    try:
        arr = np.asarray(X)
    except (ValueError, TypeError):  # ragged: validate_data will complain
        return False
    if arr.dtype.kind in "US":
        return True
    if arr.dtype.kind == "O" and arr.ndim == 2:
        return any(isinstance(v, (str, bytes)) for v in arr.ravel()[:10000])
    return False


def check_features(X, owner: str) -> None:
    """Name non-numeric, NaN and infinite columns of `X` before scikit-learn's
    check, which names neither the column nor the fix.

    Text columns raise a TypeError advising an encoder; NaN or infinite values
    in a DataFrame raise a ValueError naming the columns (arrays get
    scikit-learn's own message, which also says NaN or infinity).
    """
    if isinstance(X, pd.DataFrame) or _has_strings(X):
        check_numeric_features(X, owner)
    if isinstance(X, pd.DataFrame) and X.shape[1]:
        values = X.to_numpy(dtype=float, na_value=np.nan)
        for what, bad in (
            ("NaN", np.isnan(values).any(axis=0)),
            ("infinite values", np.isinf(values).any(axis=0)),
        ):
            if bad.any():
                names = [str(c) for c in X.columns[bad][:5]]
                raise ValueError(
                    f"`X` contains {what} (in columns {names}); {owner} needs "
                    "finite values: impute or drop them first, e.g. with "
                    "sklearn.impute.SimpleImputer in a Pipeline."
                )


def class_list(classes) -> str:
    """``[0, 1, 2]`` or ``['a', 'b']``: labels as the user wrote them."""
    return "[" + ", ".join(class_label(c) for c in classes) + "]"
