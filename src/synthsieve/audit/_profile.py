"""The domain profile of synthetic rows (the paper's Table 2 measures)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from .._input import check_pair
from .._tabular import exact_copy_mask
from .._values import is_nominal

__all__ = ["domain_profile"]


def _column_kinds(real: pd.DataFrame) -> tuple[list, list]:
    """Binary (0/1) and integer-valued numeric columns of the real rows."""
    binary, integer = [], []
    for col in real.columns:
        s = real[col]
        if is_nominal(s):
            continue
        v = s.to_numpy(dtype=float)
        if np.all(v == np.round(v)):
            integer.append(col)
            if np.isin(v, (0.0, 1.0)).all():
                binary.append(col)
    return binary, integer


def domain_profile(real, synthetic) -> dict:
    """The paper's Table 2 measures for one real/synthetic pair.

    Returns the mean number of active binary features per row (value exactly 1) on
    each side, the mean sum of the binary columns of the synthetic rows (their
    expected activity, fractions included), the share of non-integer values in
    integer-valued columns, of values outside the real range, of nominal values
    the real rows never take, and of exact copies.
    """
    real_f, synth_f = check_pair(real, synthetic)
    binary, integer = _column_kinds(real_f)
    out = {"n_binary_columns": len(binary), "n_integer_columns": len(integer)}
    if binary:
        rb = real_f[binary].to_numpy(dtype=float)
        sb = synth_f[binary].to_numpy(dtype=float)
        out["active_real"] = float((rb == 1).sum(axis=1).mean())
        out["active_synthetic"] = float((sb == 1).sum(axis=1).mean())
        out["binary_sum_synthetic"] = float(sb.sum(axis=1).mean())
    else:
        out["active_real"] = out["active_synthetic"] = np.nan
        out["binary_sum_synthetic"] = np.nan
    if integer:
        si = synth_f[integer].to_numpy(dtype=float)
        out["non_integer_share"] = float((si != np.round(si)).mean())
    else:
        out["non_integer_share"] = np.nan
    numeric = [c for c in real_f.columns if not is_nominal(real_f[c])]
    if numeric:
        lo = real_f[numeric].to_numpy(dtype=float).min(axis=0)
        hi = real_f[numeric].to_numpy(dtype=float).max(axis=0)
        sv = synth_f[numeric].to_numpy(dtype=float)
        out["out_of_range_share"] = float(((sv < lo) | (sv > hi)).mean())
    else:
        out["out_of_range_share"] = np.nan
    nominal = [c for c in real_f.columns if is_nominal(real_f[c])]
    if nominal:
        unseen = [
            ~synth_f[c].astype(str).isin(set(real_f[c].astype(str))) for c in nominal
        ]
        out["unseen_category_share"] = float(np.mean(np.column_stack(unseen)))
    else:
        out["unseen_category_share"] = np.nan
    out["exact_copy_share"] = float(exact_copy_mask(synth_f, real_f).mean())
    return out
