"""Local Gaussian noise on the candidates, and the choice of its scale.

Interpolating samplers put their rows on the segments between real rows, closer
to them than real rows lie to each other; the noise widens what the detector can
choose from. See the user guide's section on the jitter (``docs/sampler.md``).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy.stats import ks_2samp

from .._neighbors import NeighborIndex
from .._scale import pow2_scale
from .._schema import TableSchema
from ._state import ROW_BLOCK

__all__ = [
    "JITTER_FALLBACK",
    "JITTER_GRID",
    "JITTER_MAX_RATIO",
    "add_jitter",
    "auto_jitter_off",
    "choose_jitter",
    "jitter_noise",
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

#: Candidates per block of the local spread: its temporaries stay small.
_SPREAD_BLOCK = 4096
#: Real rows whose values set a candidate's local spread.
_SPREAD_K = 5


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


def _spread_neighbors(V, scale, nn, C) -> np.ndarray:
    """The rows of `V` nearest each candidate: one search, however many."""
    return nn.kneighbors(C / scale, min(_SPREAD_K, len(V)), return_distance=False)


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


def _local_spread(V, scale, nn, C) -> np.ndarray:
    """Per candidate and column, the spread of its nearest real rows' values."""
    return _spread(V, _spread_neighbors(V, scale, nn, C))


def auto_jitter_off(n_needed: int, n_real: int) -> bool:
    """Whether ``jitter="auto"`` leaves a class without noise: more than
    `JITTER_MAX_RATIO` synthetic rows asked for per real row."""
    return n_needed > JITTER_MAX_RATIO * max(1, n_real)


def jitter_noise(streams, shape) -> np.ndarray:
    """The standard normal draws of a block's jitter: its ``"jitter"`` stream,
    row by row (candidate i's draws do not depend on how many follow)."""
    return streams.child("jitter").generator().standard_normal(shape)


def add_jitter(cand, real, schema: TableSchema, streams, scale: float):
    """Add local Gaussian noise to the integer and continuous columns.

    Each candidate's noise in column j has standard deviation `scale` times the
    spread of column j over its 5 nearest real rows of the class (among the rows
    the sampler saw), drawn by :func:`jitter_noise` from the block's `streams`.
    Binary and nominal columns are left alone.
    """
    numeric = schema.jittered
    if not numeric or len(real) < 3:
        return cand
    V, v_scale, nn, unit = _spread_index(real[numeric])
    C = cand[numeric].to_numpy(dtype=float)
    huge = (unit != 1.0).any()  # spreads of huge columns in their unit
    noise = jitter_noise(streams, C.shape)
    # one search for all the candidates (its size chooses how it is searched)
    idx = _spread_neighbors(V, v_scale, nn, C / unit if huge else C)
    for start in range(0, len(C), ROW_BLOCK):
        block = slice(start, start + ROW_BLOCK)
        noise[block] *= scale * _spread(V, idx[block])
    if huge:
        noise *= unit
    out = cand.copy()
    out[numeric] = C + noise
    return out


def choose_jitter(
    raw, gen_real, ref_real, schema, rules, label, streams, repair_seed=None
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
    repair uses.
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
    V, v_scale, v_nn, unit = (
        (G, g_scale, g_nn, g_unit) if cols == numeric else _spread_index(gen_real[cols])
    )
    C = raw[cols].to_numpy(dtype=float)
    huge = (unit != 1.0).any()
    local = _local_spread(V, v_scale, v_nn, C / unit if huge else C)
    if huge:
        local *= unit
    best, best_ks = JITTER_FALLBACK, np.inf
    for value in JITTER_GRID:
        cand = raw
        if value > 0:
            cand = raw.copy()
            cand[cols] = C + noise * (value * local)
        if rules is not None:
            cand = rules.repair(cand, y=label, random_state=repair_seed)
        D = cand[numeric].to_numpy(dtype=float) / g_unit / g_scale
        d = g_nn.kneighbors(D, 1)[0][:, 0]
        ks = ks_2samp(d, d_real).statistic
        if ks < best_ks - 1e-9:
            best, best_ks = value, ks
    return float(best)
