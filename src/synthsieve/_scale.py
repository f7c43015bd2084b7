"""Huge values: computed on in a space scaled down by a power of two.

Squares of values beyond about 1.3e154 overflow float64, so a standard
deviation, a distance or a variance of such a column comes out infinite (and
what is computed from it NaN). Dividing by a power of two is exact (the same
significands, a smaller exponent), so a column scaled by :func:`pow2_scale`
and multiplied back holds the same bits; only the squares stay finite.
"""

from __future__ import annotations

import numpy as np

__all__ = ["HUGE", "column_names", "pow2_scale", "raise_non_finite", "safe_std"]

#: Largest absolute value worked on as it is (about 2e90): its square and the
#: sum of a billion such squares stay far below float64's 1.8e308.
HUGE_EXPONENT = 300
HUGE = 2.0**HUGE_EXPONENT


def pow2_scale(max_abs):
    """The power of two (1.0 up to :data:`HUGE`) that brings `max_abs` down to
    about :data:`HUGE`; a float, or an array for an array of maxima.

    Examples
    --------
    >>> from synthsieve._scale import pow2_scale
    >>> pow2_scale(1e6), 1e200 / pow2_scale(1e200) < 2.0**301
    (1.0, True)
    """
    max_abs = np.asarray(max_abs, dtype=float)
    finite = np.where(np.isfinite(max_abs), max_abs, 0.0)
    _, exponent = np.frexp(finite)
    scale = np.ldexp(1.0, np.maximum(exponent - HUGE_EXPONENT - 1, 0))
    return float(scale) if scale.ndim == 0 else scale


def column_names(n_columns: int, names=None) -> list:
    """The columns' names as the user wrote them, or ``x0, x1, ...``."""
    return list(names) if names is not None else [f"x{j}" for j in range(n_columns)]


def raise_non_finite(rows: np.ndarray, X: np.ndarray, owner: str, names) -> None:
    """Raise a ValueError naming the first column in which `owner` produced NaN
    or infinite values, with the largest value of that column in `X`."""
    bad = ~np.isfinite(rows).all(axis=0)
    if not bad.any():
        return
    j = int(np.flatnonzero(bad)[0])
    col = column_names(X.shape[1], names)[j]
    top = float(np.max(np.abs(X[:, j]))) if len(X) else float("nan")
    if top > HUGE:
        fix = (
            "values this large cannot be resampled in float64. Rescale the "
            f"column before resampling (e.g. divide it by "
            f"1e{max(int(np.log10(top)) - 3, 1)}) and scale the result back."
        )
    else:
        fix = (
            "its fit diverged (for a torch generator, try a smaller `lr` or "
            "another `random_state`)."
        )
    raise ValueError(
        f"{owner} produced NaN or infinite values in column {col!r}, whose "
        f"values reach {top:.3g} in absolute value; {fix}"
    )


def safe_std(E: np.ndarray) -> np.ndarray:
    """``E.std(axis=0)``, computed for huge columns in their :func:`pow2_scale`
    unit, so that it stays finite (the same bits for the other columns)."""
    unit = pow2_scale(np.abs(E).max(axis=0)) if len(E) else np.ones(E.shape[1])
    if not (unit != 1.0).any():
        return E.std(axis=0)
    return (E / unit).std(axis=0) * unit
