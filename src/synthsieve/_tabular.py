"""Mixed tables as numbers: one-hot encoding and row keys for exact copies."""

from __future__ import annotations

import numpy as np
import pandas as pd

from ._input import check_pair
from ._values import is_nominal

__all__ = [
    "TabularEncoder",
    "exact_copy_mask",
    "row_keys",
    "sorted_isin",
    "sorted_union",
]


class TabularEncoder:
    """Encode mixed tables into one numeric matrix, the same way for every table.

    Numeric columns are kept as floats; nominal columns (object, string, category,
    bool) are one-hot encoded with the categories seen in any of the tables the
    encoder was fitted on, so a category that only one side uses is visible.
    """

    def fit(self, *frames: pd.DataFrame) -> TabularEncoder:
        first = frames[0]
        self.columns_ = list(first.columns)
        self.categories_ = {}
        for col in self.columns_:
            if is_nominal(first[col]):
                values = pd.unique(
                    pd.concat(
                        [f[col].astype(object) for f in frames], ignore_index=True
                    )
                )
                self.categories_[col] = sorted(values, key=str)
        return self

    def transform(self, frame: pd.DataFrame) -> np.ndarray:
        if not self.categories_ and len(self.columns_):
            # numbers only: one copy, laid out as the column-by-column stack
            Z = frame[self.columns_].to_numpy(dtype=float)
            return np.array(Z, dtype=float, order="C")  # always a copy
        blocks = []
        for col in self.columns_:
            values = frame[col]
            if col in self.categories_:
                cats = self.categories_[col]
                codes = pd.Categorical(values.astype(object), categories=cats).codes
                block = np.zeros((len(frame), len(cats)), dtype=float)
                ok = codes >= 0
                block[np.flatnonzero(ok), codes[ok]] = 1.0
                blocks.append(block)
            else:
                blocks.append(values.to_numpy(dtype=float).reshape(-1, 1))
        if not blocks:
            return np.zeros((len(frame), 0))
        return np.hstack(blocks)

    def fit_transform_many(self, *frames: pd.DataFrame) -> list[np.ndarray]:
        self.fit(*frames)
        return [self.transform(f) for f in frames]


def row_keys(frame: pd.DataFrame) -> np.ndarray:
    """One hashable key per row, equal for rows with equal values.

    A 64-bit hash of the row's numbers (as float64) and categories (as strings),
    column by column: linear in the table's size, without copying numeric
    columns that are already float64.
    """
    normal = pd.DataFrame(
        {
            i: (
                frame.iloc[:, i].astype(str).to_numpy(dtype=object)
                if is_nominal(frame.iloc[:, i])
                else frame.iloc[:, i].to_numpy(dtype=float)
            )
            for i in range(frame.shape[1])
        },
        index=pd.RangeIndex(len(frame)),
    )
    return pd.util.hash_pandas_object(normal, index=False).to_numpy()


def sorted_isin(keys, sorted_keys) -> np.ndarray:
    """``np.isin(keys, sorted_keys)`` for sorted unique `sorted_keys`, by binary
    search (no sort of the queries)."""
    keys = np.asarray(keys)
    if len(sorted_keys) == 0 or len(keys) == 0:
        return np.zeros(len(keys), dtype=bool)
    pos = np.searchsorted(sorted_keys, keys).clip(max=len(sorted_keys) - 1)
    return sorted_keys[pos] == keys


def sorted_union(sorted_keys: np.ndarray, keys) -> np.ndarray:
    """``np.union1d(sorted_keys, keys)`` for sorted unique `sorted_keys`: the
    few new keys inserted in place, so that a growing set of keys costs a copy
    per call rather than a sort."""
    new = np.unique(np.asarray(keys, dtype=sorted_keys.dtype))
    new = new[~sorted_isin(new, sorted_keys)]
    return np.insert(sorted_keys, np.searchsorted(sorted_keys, new), new)


def exact_copy_mask(candidates, reference) -> np.ndarray:
    """Boolean mask of the rows of `candidates` equal to some row of `reference`.

    Numbers are compared as floats (``1`` equals ``1.0``), categories as strings.
    """
    cand, ref = check_pair(reference, candidates, names=("reference", "candidates"))
    cand, ref = ref, cand  # check_pair aligns its second argument to the first
    if len(cand) == 0:
        return np.zeros(0, dtype=bool)
    return np.isin(row_keys(cand), row_keys(ref))
