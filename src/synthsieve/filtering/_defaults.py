"""The default base sampler, chosen from the columns' kinds."""

from __future__ import annotations

import pandas as pd
from imblearn.over_sampling import SMOTE, SMOTEN, SMOTENC

from .._schema import TableSchema
from .._values import is_nominal

__all__ = ["default_sampler", "nominal_columns", "smote_for"]


def nominal_columns(X) -> list[int]:
    """Positions of the nominal columns of a DataFrame (none for an array)."""
    if not isinstance(X, pd.DataFrame):
        return []
    return [i for i, c in enumerate(X.columns) if is_nominal(X[c])]


def _smote_variant(nominal: list, n_columns: int, random_state):
    if not nominal:
        return SMOTE(random_state=random_state)
    if len(nominal) == n_columns:
        return SMOTEN(random_state=random_state)
    return SMOTENC(categorical_features=nominal, random_state=random_state)


def default_sampler(schema: TableSchema, random_state=None):
    """SMOTE for numeric data, SMOTEN when every column is nominal, else SMOTENC."""
    return _smote_variant(schema.nominal_positions(), len(schema.columns), random_state)


def smote_for(X, *, random_state=None):
    """SMOTE for numeric data, SMOTEN when every column is nominal, else SMOTENC.

    Examples
    --------
    >>> import pandas as pd
    >>> from synthsieve.filtering._defaults import smote_for
    >>> smote_for(pd.DataFrame({"a": ["x", "y"], "b": [1.0, 2.0]}), random_state=0)
    SMOTENC(categorical_features=[0], random_state=0)
    """
    nominal = nominal_columns(X)
    return _smote_variant(nominal, X.shape[1] if nominal else 0, random_state)
