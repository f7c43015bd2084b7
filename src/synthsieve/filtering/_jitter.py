"""Local Gaussian noise on the candidates, and the choice of its scale.

Interpolating samplers put their rows on the segments between real rows, closer
to them than real rows lie to each other; the noise widens what the detector can
choose from. See the user guide's section on the jitter (``docs/sampler.md``).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy.stats import ks_2samp

from .._input import all_float64
from .._neighbors import NeighborIndex
from .._scale import pow2_scale
from .._schema import TableSchema
from ._state import ROW_BLOCK

__all__ = [
    "JITTER_FALLBACK",
    "JITTER_GRID",
    "JITTER_MAX_RATIO",
    "JITTER_MAX_ROWS",
    "LEAST_JITTER_NEAR_SHARE",
    "LocalSpread",
    "add_jitter",
    "choose_jitter",
    "jitter_noise",
    "wants_least_jitter",
]

#: Jitter scales that ``jitter="auto"`` chooses among, the candidates it judges
#: them on, and the scale used when it cannot judge (fewer than 3 real rows or
#: 10 candidates; without integer or continuous columns it uses 0).
JITTER_GRID = (0.0, 0.25, 0.5, 0.75, 1.0, 1.25, 1.5, 2.0, 2.5, 3.0)
JITTER_ROWS = 2000
JITTER_FALLBACK = 1.0
#: ``jitter="auto"`` adds no noise to a class asked for more than this many
#: synthetic rows per real row: its rows would then be mostly the noise's
#: spread, which its few real rows cannot check (see the guide's section on
#: the jitter).
JITTER_MAX_RATIO = 20
#: ... and has fewer than this many real rows: a larger class's detector has
#: real rows enough to judge the noise, and without it, on many columns, its
#: interpolated candidates are near copies of real rows.
JITTER_MAX_ROWS = 100
#: Such a class gets the least noise in the grid whose candidates are near
#: copies of real rows in at most this share of cases (none where copies are
#: allowed): on many columns, every interpolated row is nearer a real row than
#: real rows lie to each other.
LEAST_JITTER_NEAR_SHARE = 0.75

#: Candidates per block of the local spread: its temporaries stay small.
_SPREAD_BLOCK = 4096
#: Real rows whose values set a local spread.
_SPREAD_K = 5
#: Real rows of a class indexed at most by the local spread: beyond, a seeded
#: uniform sample of them (seed `_SPREAD_SEED`, the same for every block), so
#: that each candidate's search costs the same however large the class.
SPREAD_ROWS = 1000
_SPREAD_SEED = 0


def _unit(V: np.ndarray):
    """Per column, the power of two huge values are divided by (1.0 for the
    others; see :mod:`synthsieve._scale`), and `V` divided by it."""
    unit = pow2_scale(np.abs(V).max(axis=0)) if len(V) else np.ones(V.shape[1])
    return (V / unit if (unit != 1.0).any() else V), unit


def _spread_index(real: pd.DataFrame):
    """The real rows' values (divided by their `unit`), column scales, their
    neighbour index (on the values divided by the scales) and the unit."""
    V, unit = _unit(real.to_numpy(dtype=float))
    scale = V.std(axis=0)
    scale[scale == 0] = 1.0
    nn = NeighborIndex().fit(V / scale)
    return V, scale, nn, unit


class LocalSpread:
    """Per column, the spread of the real rows around any point.

    Each indexed real row's spread is the standard deviation, per column, of
    its `_SPREAD_K` nearest real rows (itself included, among all the rows
    given), computed once; a candidate takes the spread of its nearest indexed
    real row, so that the search per candidate is for one neighbour. At most
    `SPREAD_ROWS` real rows are indexed (a seeded sample beyond), so that the
    search per candidate costs the same however many rows the class has; their
    spreads are still measured among all its rows. Distances are Euclidean on
    the columns divided by their standard deviation over the class's rows; huge
    columns are searched and spread in their power-of-two unit (see
    :func:`_unit`) and the spreads returned in the columns' own units.
    """

    def __init__(self, real: pd.DataFrame):
        V, self.scale, every, self.unit = _spread_index(real)
        self.huge = bool((self.unit != 1.0).any())
        rows = np.arange(len(V))
        if len(V) > SPREAD_ROWS:
            rng = np.random.default_rng(_SPREAD_SEED)
            rows = np.sort(rng.choice(len(V), SPREAD_ROWS, replace=False))
        # each indexed row's spread among all the class's rows
        k = min(_SPREAD_K, len(V))
        idx = every.kneighbors(V[rows] / self.scale, k, return_distance=False)
        self.spreads = _spread(V, idx)
        if self.huge:
            self.spreads *= self.unit
        self.nn = (
            every if len(rows) == len(V) else NeighborIndex().fit(V[rows] / self.scale)
        )

    def nearest(self, C: np.ndarray) -> np.ndarray:
        """The indexed real row nearest each row of `C` (in the columns' own
        units): one search, however many rows (its size chooses how it is
        searched)."""
        Q = C / self.unit if self.huge else C
        return self.nn.kneighbors(Q / self.scale, 1, return_distance=False)[:, 0]

    def __call__(self, C: np.ndarray) -> np.ndarray:
        """Per row of `C` and column, the spread of its nearest indexed real
        row."""
        return self.spreads[self.nearest(C)]


def _spread(V, idx) -> np.ndarray:
    """Per candidate and column, the standard deviation of ``V[idx]``.

    The same operations in the same order as ``V[idx].std(axis=1)`` (so the
    same bits), one neighbour at a time and in blocks of candidates, without
    the (n, k, d) array.
    """
    k = idx.shape[1]
    out = np.empty((len(idx), V.shape[1]))
    for start in range(0, len(idx), _SPREAD_BLOCK):
        rows = idx[start : start + _SPREAD_BLOCK]
        values = [V[rows[:, j]] for j in range(k)]
        mean = values[0].copy()
        for v in values[1:]:
            mean += v
        mean /= k
        acc = np.zeros_like(mean)
        for v in values:
            v -= mean
            v *= v
            acc += v
        acc /= k
        np.sqrt(acc, out=out[start : start + _SPREAD_BLOCK])
    return out


def wants_least_jitter(n_needed: int, n_real: int) -> bool:
    """Whether ``jitter="auto"`` gives a class the least noise (see
    :func:`choose_jitter`'s `near_copies`): fewer than `JITTER_MAX_ROWS` real
    rows, asked for more than `JITTER_MAX_RATIO` synthetic rows per real row."""
    return n_real < JITTER_MAX_ROWS and n_needed > JITTER_MAX_RATIO * max(1, n_real)


def jitter_noise(streams, shape) -> np.ndarray:
    """The standard normal draws of a block's jitter: its ``"jitter"`` stream,
    row by row (candidate i's draws do not depend on how many follow)."""
    return streams.child("jitter").generator().standard_normal(shape)


def add_jitter(cand, real, schema: TableSchema, streams, scale: float, spread=None):
    """Add local Gaussian noise to the integer and continuous columns.

    Each candidate's noise in column j has standard deviation `scale` times the
    spread of column j around its nearest real row of the class (among the
    rows the sampler saw; see :class:`LocalSpread`, `spread` when the caller
    has it for those rows), drawn by :func:`jitter_noise` from the block's
    `streams`. Binary and nominal columns are left alone.
    """
    numeric = schema.jittered
    if not numeric or len(real) < 3:
        return cand
    spread = LocalSpread(real[numeric]) if spread is None else spread
    C = cand[numeric].to_numpy(dtype=float)
    noise = jitter_noise(streams, C.shape)
    nearest = spread.nearest(C)
    for start in range(0, len(C), ROW_BLOCK):
        block = slice(start, start + ROW_BLOCK)
        noise[block] *= scale * spread.spreads[nearest[block]]
    noise += C
    if list(cand.columns) == list(numeric) and all_float64(cand):
        return pd.DataFrame(noise, index=cand.index, columns=cand.columns, copy=False)
    out = cand.copy()
    out[numeric] = noise
    return out


def choose_jitter(
    raw,
    gen_real,
    ref_real,
    schema,
    rules,
    label,
    streams,
    repair_seed=None,
    spread=None,
    near_copies=None,
) -> float:
    """The scale whose repaired candidates lie as far from the rows that
    generated them as other real rows do.

    The smallest Kolmogorov-Smirnov distance between the two distributions of
    nearest-neighbour distances (numeric columns, standardised). The other real
    rows are `ref_real` (a held-out fold) or, in-sample (None), each real row's
    nearest other real row. The trial candidates are `raw` (at most
    `JITTER_ROWS` of them, drawn from the ``"jitter-rows"`` child of the block's
    `streams`) with the noise :func:`add_jitter` adds to these same candidates
    (:func:`jitter_noise`), repaired with `repair_seed`, the seed the block's
    repair uses. `spread` is the :class:`LocalSpread` of `gen_real`'s jittered
    columns, when the caller has it.

    With `near_copies` (repaired candidates -> True where one is a copy or a
    near copy of a real row), the least noise instead: the smallest
    scale whose candidates are near copies in at most `LEAST_JITTER_NEAR_SHARE`
    of cases, or the distance match above where none is.
    """
    cols = schema.jittered
    if not cols:
        return 0.0  # binary and nominal columns only: the noise changes nothing
    numeric = schema.numeric
    if len(gen_real) < 3 or len(raw) < 10:
        return JITTER_FALLBACK
    # add_jitter draws the noise of every candidate; the trial keeps a sample
    picked = np.arange(len(raw))
    if len(raw) > JITTER_ROWS:
        rng = streams.child("jitter-rows").generator()
        picked = np.sort(rng.choice(len(raw), JITTER_ROWS, replace=False))
    noise = jitter_noise(streams, (len(raw), len(cols)))[picked]
    raw = raw.iloc[picked]
    # the distances: every numeric column, standardised (huge ones in their unit)
    G, g_scale, g_nn, g_unit = _spread_index(gen_real[numeric])
    if ref_real is None:  # in-sample: distance to the nearest other real row
        d_real = g_nn.kneighbors(G / g_scale, 2)[0][:, 1]
    else:
        R = ref_real[numeric].to_numpy(dtype=float)
        d_real = g_nn.kneighbors(R / g_unit / g_scale, 1)[0][:, 0]
    # the local spreads add_jitter computes for these candidates, computed
    # once and scaled per value
    C = raw[cols].to_numpy(dtype=float)
    local = (LocalSpread(gen_real[cols]) if spread is None else spread)(C)
    best, best_ks = JITTER_FALLBACK, np.inf
    for value in JITTER_GRID:
        cand = raw
        if value > 0:
            cand = raw.copy()
            cand[cols] = C + noise * (value * local)
        if rules is not None:
            cand = rules.repair(cand, y=label, random_state=repair_seed)
        if near_copies is not None and (
            np.mean(near_copies(cand)) <= LEAST_JITTER_NEAR_SHARE
        ):
            return float(value)
        D = cand[numeric].to_numpy(dtype=float) / g_unit / g_scale
        d = g_nn.kneighbors(D, 1)[0][:, 0]
        ks = ks_2samp(d, d_real).statistic
        if ks < best_ks - 1e-9:
            best, best_ks = value, ks
    return float(best)
