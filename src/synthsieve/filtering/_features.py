"""What the filtering detector sees of a row."""

from __future__ import annotations

import numpy as np
import pandas as pd

from .._scale import pow2_scale
from .._schema import TableSchema
from .._tabular import TabularEncoder

__all__ = ["DetectorFeatures"]


class DetectorFeatures:
    """The encoded columns plus, when the data has binary columns, the number of
    active ones per row.

    Trees split on one column at a time and miss a shift in the *count* of active
    features (the paper's synthetic prescriptions held 20 drugs where real ones
    held 34.8); the count as one more column makes it visible.
    """

    def __init__(self, schema: TableSchema):
        self.schema = schema

    def fit(self, frame: pd.DataFrame) -> DetectorFeatures:
        self.encoder_ = TabularEncoder().fit(frame)
        self.binary_ = self.schema.binary
        # huge columns divided by a power of two, so that a detector that
        # standardises (squares) them does not overflow; see synthsieve._scale
        Z = self.encoder_.transform(frame)
        unit = pow2_scale(np.abs(Z).max(axis=0)) if Z.size else np.ones(Z.shape[1])
        self.unit_ = unit if (unit != 1.0).any() else None
        return self

    def transform(self, frame: pd.DataFrame) -> np.ndarray:
        Z = self.encoder_.transform(frame)
        if self.unit_ is not None:
            Z /= self.unit_
        if len(self.binary_) < 2:
            return Z
        count = frame[self.binary_].to_numpy(dtype=float).sum(axis=1)
        return np.hstack([Z, count[:, None]])
