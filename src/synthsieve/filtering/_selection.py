"""Choosing a class's rows as a set: kernel herding towards its real rows.

With ``selection="herding"`` the rounds accept ``SELECTION_POOL`` times the rows
a class needs; this module then keeps the rows whose set matches the class's
real rows best, one row at a time (kernel herding, Chen, Welling and Smola,
2010: each step takes the pool row that brings the kept rows' kernel mean
embedding closest to the real rows', a greedy minimisation of the maximum
mean discrepancy). A candidate-by-candidate acceptance cannot see that many
accepted rows crowd one region while another is left empty; herding can.
"""

from __future__ import annotations

import numpy as np
from scipy.spatial.distance import pdist
from sklearn.metrics import pairwise_distances_chunked

__all__ = [
    "REAL_ROWS",
    "SELECTION_MAX_CELLS",
    "SELECTION_POOL",
    "herding",
    "wants_selection",
]

#: Rows accepted per row a class needs, for the set selection to choose from.
SELECTION_POOL = 2.0

#: ``selection="auto"`` chooses by herding where the choice costs at most this
#: many kernel cells (rows needed x pool rows x columns): its time grows with
#: the square of the rows a class needs.
SELECTION_MAX_CELLS = 2**30


def wants_selection(selection, need: int, n_columns: int, n_binary: int = 0) -> bool:
    """Whether a class needing `need` rows, in a table of `n_columns` columns
    of which `n_binary` are binary, is chosen as a set: always with
    ``"herding"``, never with None, and with ``"auto"`` where the choice costs
    at most ``SELECTION_MAX_CELLS`` and at most half the columns are binary
    (on mostly binary columns the kernel favours rows next to real ones)."""
    if selection is None or need <= 0:
        return False
    if selection == "herding":
        return True
    cheap = need * SELECTION_POOL * need * max(1, n_columns) <= SELECTION_MAX_CELLS
    return cheap and 2 * n_binary <= n_columns


#: Real rows, at most, that stand for the class's embedding (an even sample
#: of a larger class), so the memory does not grow with the class's size.
REAL_ROWS = 2000


def herding(pool: np.ndarray, real: np.ndarray, n: int) -> np.ndarray:
    """Positions of the `n` rows of `pool` that kernel herding chooses towards
    `real` (both encoded as numbers, one row per row).

    The columns are standardised by the real rows; the Gaussian kernel's width
    is the median distance between real rows. A class of more than
    `REAL_ROWS` real rows is represented by an even sample of them.
    Deterministic: no random draw.
    """
    n_pool = len(pool)
    if n >= n_pool:
        return np.arange(n_pool)
    if len(real) > REAL_ROWS:  # an even, deterministic sample of a large class
        real = real[np.linspace(0, len(real) - 1, REAL_ROWS).astype(np.int64)]
    centre, scale = real.mean(axis=0), real.std(axis=0)
    scale[~(scale > 0)] = 1.0
    P = (pool - centre) / scale
    R = (real - centre) / scale
    between = pdist(R)
    between = between[between > 0]
    width = float(np.median(between)) if len(between) else 1.0
    gamma = 1.0 / (2.0 * width**2)
    # each pool row's mean kernel with the real rows: the real rows' embedding
    # (in chunks of bounded memory)
    target = np.concatenate(
        list(
            pairwise_distances_chunked(
                P, R, reduce_func=lambda D, start: np.exp(-gamma * D**2).mean(axis=1)
            )
        )
    )
    norms = (P**2).sum(axis=1)
    kept_kernel = np.zeros(n_pool)  # each pool row's kernel sum with the kept
    free = np.ones(n_pool, dtype=bool)
    chosen = np.empty(n, dtype=np.int64)
    for t in range(n):
        score = np.where(free, target - kept_kernel / (t + 1), -np.inf)
        i = int(np.argmax(score))
        chosen[t], free[i] = i, False
        kept_kernel += np.exp(
            -gamma * np.maximum(norms + norms[i] - 2.0 * (P @ P[i]), 0.0)
        )
    return chosen
