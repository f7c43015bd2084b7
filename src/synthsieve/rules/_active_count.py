"""Active-count rules: how many binary features a row of a class has set.

Binary columns outside one-hot groups are counted; a class's real rows give the
range, widened a little (``active_count[<class>]``).
"""

from __future__ import annotations

import numpy as np

from ._base import _Block, _class_tag


def active_count_range(A: np.ndarray, tolerance: float) -> tuple[int, int]:
    """The allowed number of 1s per row, from the counted columns `A` of a class.

    The real rows' [min, max], widened on each side by `tolerance` times its
    width and rounded outwards, within [0, number of columns].
    """
    count = A.sum(axis=1)
    lo, hi = count.min(), count.max()
    widen = tolerance * (hi - lo)
    return (
        int(max(0, np.floor(lo - widen))),
        int(min(A.shape[1], np.ceil(hi + widen))),
    )


class _ActiveCountBlock(_Block):
    family = "active_count"

    def __init__(self, cls, columns, lo, hi, pos):
        super().__init__(
            [f"active_count{_class_tag(cls)}"],
            [tuple(columns)],
            [f"{lo} to {hi} of {len(columns)} binary features are 1"],
            for_class=cls,
        )
        self.idx = np.array([pos[c] for c in columns], dtype=int)
        self.lo, self.hi = lo, hi

    def evaluate(self, ctx):
        count = (ctx.Z[:, self.idx] == 1).sum(axis=1)
        return ((count < self.lo) | (count > self.hi)).reshape(-1, 1)


def fit_active_counts(A: np.ndarray, classes: list, y_arr, tolerance: float) -> dict:
    """Class -> allowed range, from the counted columns `A` of the real rows."""
    return {
        cls: active_count_range(A if cls is None else A[y_arr == cls], tolerance)
        for cls in classes
    }


def active_count_blocks(cls, ranges: dict, columns: list, pos: dict) -> list:
    """The ``active_count`` rule of class `cls`, if it has one."""
    if cls not in ranges:
        return []
    lo, hi = ranges[cls]
    return [_ActiveCountBlock(cls, columns, lo, hi, pos)]
