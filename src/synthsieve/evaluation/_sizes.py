"""Synthetic sizes: the ratio grid and the `sampling_strategy` it sets."""

from __future__ import annotations

import math
import numbers

import numpy as np

DEFAULT_GRID = (0.0, 0.25, 0.5, 0.75, 1.0, 1.25)


def _round(x: float) -> int:
    return int(math.floor(x + 0.5))


def _n_new(counts: dict, ratio: float) -> dict:
    """Rows to add per class smaller than the largest, at `ratio` of full balance."""
    n_max = max(counts.values())
    return {c: _round(ratio * (n_max - n)) for c, n in counts.items() if n < n_max}


class _SyntheticSize:
    """A `sampling_strategy` callable: the target count per class for a sampler.

    With `ratio`, every class smaller than the largest one gets
    ``round(ratio * (n_largest - n_class))`` new rows, counted on the data the
    sampler is given (a training fold). With `n_new`, the listed classes get that
    many new rows whatever the data.
    """

    def __init__(self, ratio=None, n_new=None):
        self.ratio = ratio
        self.n_new = n_new

    def __call__(self, y, **kwargs):
        labels, counts = np.unique(np.asarray(y), return_counts=True)
        counts = {
            c.item() if hasattr(c, "item") else c: int(n)
            for c, n in zip(labels, counts)
        }
        add = _n_new(counts, self.ratio) if self.n_new is None else self.n_new
        return {c: counts[c] + int(k) for c, k in add.items() if c in counts}

    def __repr__(self) -> str:
        if self.n_new is None:
            return f"SyntheticSize(ratio={self.ratio!r})"
        return f"SyntheticSize(n_new={self.n_new!r})"


def _check_grid(grid) -> list[float]:
    if grid is None:
        return list(DEFAULT_GRID)
    if isinstance(grid, (str, bytes)) or not hasattr(grid, "__iter__"):
        raise TypeError(
            "`grid` must be a list of ratios to full balance, e.g. "
            f"[0, 0.5, 1.0]; got {grid!r}."
        )
    values = list(grid)
    if not values:
        raise ValueError(
            "`grid` is empty; give ratios to full balance, e.g. [0, 0.5, 1.0], "
            "or None for the default."
        )
    out = []
    for v in values:
        if isinstance(v, bool) or not isinstance(v, numbers.Real) or not np.isfinite(v):
            raise ValueError(f"`grid` must hold finite numbers; got {v!r}.")
        if v < 0:
            raise ValueError(
                f"`grid` holds the negative ratio {v!r}; ratios count synthetic "
                "rows as a share of those needed for full balance and must be "
                ">= 0 (0 = no synthetic rows)."
            )
        out.append(float(v))
    return sorted(set(out))
