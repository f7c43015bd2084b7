"""Bound rules: a numeric column's values lie within the real minimum and maximum
(``bounds:<col>``); repair clips to them."""

from __future__ import annotations

import numpy as np

from ._base import _Block


class _BoundsBlock(_Block):
    family = "bounds"
    column_level = True

    def __init__(self, columns, lows, highs, pos):
        super().__init__(
            [f"bounds:{c}" for c in columns],
            [(c,) for c in columns],
            [f"{c} in [{lo:g}, {hi:g}]" for c, lo, hi in zip(columns, lows, highs)],
        )
        self.idx = np.array([pos[c] for c in columns], dtype=int)
        self.lo = np.asarray(lows, dtype=float)
        self.hi = np.asarray(highs, dtype=float)

    def evaluate(self, ctx):
        V = ctx.Z[:, self.idx]
        return (V < self.lo) | (V > self.hi)


def fit_bounds(Z: np.ndarray, pos: dict) -> dict:
    """Numeric column -> ``(min, max)`` of its column of `Z`."""
    return {c: (float(Z[:, j].min()), float(Z[:, j].max())) for c, j in pos.items()}


def bounds_blocks(numeric: list, kinds: dict, bounds: dict, pos, *, kind_rules):
    """The ``bounds`` family; a 0/1 column needs none when kind rules check it."""
    cols = [
        c
        for c in numeric
        if not (kind_rules and kinds[c] == "binary" and bounds[c] == (0.0, 1.0))
    ]
    if not cols:
        return []
    lows = [bounds[c][0] for c in cols]
    highs = [bounds[c][1] for c in cols]
    return [_BoundsBlock(cols, lows, highs, pos)]


def clip_to_bounds(Z: np.ndarray, numeric: list, bounds: dict) -> None:
    """Clip every numeric column of `Z` to its bounds, in place."""
    if numeric:
        lo = np.array([bounds[c][0] for c in numeric])
        hi = np.array([bounds[c][1] for c in numeric])
        np.clip(Z, lo, hi, out=Z)
