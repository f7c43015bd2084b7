"""Point-mass rules: values that hold a large share of a column's rows.

A point mass (such as 0 meaning "not measured") lying apart from the range of
the column's other values makes the values in the gap invalid
(``point_mass:<col>``); repair moves a gap value to a mass when a mass is nearer
than that range.
"""

from __future__ import annotations

import numpy as np

from ._base import _Block


def _point_masses(values: np.ndarray, min_share: float, min_count: int):
    """Values holding at least `min_share` of the rows, and the other values."""
    vals, counts = np.unique(values, return_counts=True)
    heavy = (counts / len(values) >= min_share) & (counts >= min_count)
    return vals[heavy], vals[~heavy]


def _has_gap(masses, rest, integer: bool) -> bool:
    """Whether the masses and the rest's range leave a gap wider than one step.

    A step is 1 for integer columns, else the median spacing of the rest's
    distinct values, so that a point mass next to the rest is not a gap.
    """
    spans = [(float(m), float(m)) for m in masses]
    if len(rest):
        spans.append((float(rest.min()), float(rest.max())))
    spans.sort()
    if integer:
        step = 1.0
    else:
        step = float(np.median(np.diff(rest))) if len(rest) >= 2 else 0.0
    end = spans[0][1]
    for lo, hi in spans[1:]:
        if lo - end > step:
            return True
        end = max(end, hi)
    return False


def fit_point_masses(Z, numeric, kinds, pos, min_share, min_count):
    """Point masses of the numeric non-binary columns, and the gap rules' ranges.

    Returns ``(masses, ranges)``: column -> array of mass values, and, for the
    columns whose masses leave a gap, column -> ``(low, high)`` of the other
    values (NaN, NaN when there are none).
    """
    masses, ranges = {}, {}
    for c in numeric:
        if kinds[c] == "binary":
            continue
        heavy, rest = _point_masses(Z[:, pos[c]], min_share, min_count)
        if len(heavy):
            masses[c] = heavy
            if _has_gap(heavy, rest, kinds[c] == "integer"):
                ranges[c] = (
                    (float(rest.min()), float(rest.max()))
                    if len(rest)
                    else (np.nan, np.nan)
                )
    return masses, ranges


class _PointMassBlock(_Block):
    family = "point_mass"
    column_level = True

    def __init__(self, columns, masses, ranges, pos):
        descriptions = []
        for c in columns:
            lo, hi = ranges[c]
            rest = "" if np.isnan(lo) else f" or in [{lo:g}, {hi:g}]"
            pm = ", ".join(f"{v:g}" for v in masses[c])
            descriptions.append(f"{c} is {pm}{rest}")
        super().__init__(
            [f"point_mass:{c}" for c in columns],
            [(c,) for c in columns],
            descriptions,
        )
        self.idx = [pos[c] for c in columns]
        self.masses = [np.asarray(masses[c], dtype=float) for c in columns]
        self.ranges = [ranges[c] for c in columns]

    def evaluate(self, ctx):
        out = np.zeros((len(ctx.frame), len(self.names)), dtype=bool)
        for k, (j, pm, (lo, hi)) in enumerate(zip(self.idx, self.masses, self.ranges)):
            v = ctx.Z[:, j]
            ok = np.isin(v, pm)
            if not np.isnan(lo):
                ok |= (v >= lo) & (v <= hi)
            out[:, k] = ~ok
        return out

    def repair(self, Z):
        """Move a value in a gap to its nearest mass when a mass is nearest.

        A value nearer to the range of the other values than to any mass is
        left alone (and stays invalid): moving it to the range's end would
        pile rows up at a value the real rows rarely take.
        """
        for j, pm, (lo, hi) in zip(self.idx, self.masses, self.ranges):
            v = Z[:, j]
            ok = np.isin(v, pm) | np.isnan(v)
            if not np.isnan(lo):
                ok |= (v >= lo) & (v <= hi)
            bad = np.flatnonzero(~ok)
            if not len(bad):
                continue
            dist = np.abs(v[bad, None] - pm[None, :])
            near, d_mass = pm[dist.argmin(axis=1)], dist.min(axis=1)
            if np.isnan(lo):
                snap = np.ones(len(bad), dtype=bool)
            else:
                d_range = np.minimum(np.abs(v[bad] - lo), np.abs(v[bad] - hi))
                snap = d_mass < d_range
            Z[bad[snap], j] = near[snap]


def point_mass_blocks(masses: dict, ranges: dict, pos: dict) -> list:
    """The ``point_mass`` family: one rule per column with a gap."""
    return [_PointMassBlock(list(ranges), masses, ranges, pos)] if ranges else []
