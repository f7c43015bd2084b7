"""The measures of one class behind the report's sections.

Feature shift, domain profile, diversity (distances to the closest real row,
copies, coverage), detector-score histograms and rejection reasons, computed
from the rows a fit recorded.
"""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
from sklearn.neighbors import NearestNeighbors

from .._input import check_pair
from .._tabular import exact_copy_mask
from .._values import is_nominal
from .._warn import SynthsieveWarning
from ..audit import domain_profile
from ..detectors import CopyDetector

#: Bins of the detector-score histograms (scores are probabilities).
SCORE_BINS = 20

#: Neighbours of the k-NN coverage measure (Naeem et al., 2020).
COVERAGE_K = 5

#: Largest number of synthetic rows per class whose distances and coverage the
#: diversity section measures (a seeded sample beyond): the nearest-neighbour
#: searches cost synthetic rows x real rows. Coverage then counts what that
#: many rows cover.
DIVERSITY_ROWS = 20000

#: Synthetic rows per class (a seeded sample) behind the shift and profile
#: sections; counts, rejections and scores always use every row.
PROFILE_ROWS = 50000

#: Domain-profile measures shown in tables, in order.
PROFILE_KEYS = (
    "active_real",
    "active_synthetic",
    "binary_sum_synthetic",
    "non_integer_share",
    "out_of_range_share",
    "unseen_category_share",
    "exact_copy_share",
)

#: Diversity measures shown in tables, in order.
DIVERSITY_KEYS = (
    "n_rows",
    "median_distance",
    "median_ratio",
    "exact_copy_share",
    "near_copy_share",
    "coverage_nearest",
    "coverage_knn",
)


def _feature_shift(real: pd.DataFrame, synthetic: pd.DataFrame) -> dict:
    """Per-column distribution shift of `synthetic` from `real`.

    Numeric columns: two-sample Kolmogorov-Smirnov statistic (with its p-value);
    binary (0/1 in the real rows) and nominal columns: total variation distance
    between the value frequencies. Returns ``{column: record}``.
    """
    from scipy.stats import ks_2samp

    real_f, synth_f = check_pair(real, synthetic)
    out = {}
    for col in real_f.columns:
        r, s = real_f[col], synth_f[col]
        rec = {"column": str(col)}
        if is_nominal(r) or is_nominal(s):
            rec.update(kind="nominal", test="tvd")
            rec["statistic"] = _tvd(r.astype(str), s.astype(str))
            rec.update(p_value=None, real_mean=None, synthetic_mean=None)
        else:
            rv, sv = r.to_numpy(dtype=float), s.to_numpy(dtype=float)
            rec["real_mean"], rec["synthetic_mean"] = float(rv.mean()), float(sv.mean())
            if np.isin(rv, (0.0, 1.0)).all():
                rec.update(kind="binary", test="tvd", p_value=None)
                rec["statistic"] = _tvd(pd.Series(rv), pd.Series(sv))
            else:
                res = ks_2samp(rv, sv)
                rec.update(kind="numeric", test="ks")
                rec["statistic"] = float(res.statistic)
                rec["p_value"] = float(res.pvalue)
        out[str(col)] = rec
    return out


def _tvd(a: pd.Series, b: pd.Series) -> float:
    p = a.value_counts(normalize=True)
    q = b.value_counts(normalize=True)
    p, q = p.align(q, fill_value=0.0)
    return float(0.5 * np.abs(p.to_numpy() - q.to_numpy()).sum())


def sample_rows(rows, n=None, seed=0):
    """At most `n` (default `PROFILE_ROWS`) rows of `rows`: a seeded sample, in
    order."""
    n = PROFILE_ROWS if n is None else n
    if rows is None or len(rows) <= n:
        return rows
    pick = np.sort(np.random.default_rng(seed).choice(len(rows), n, replace=False))
    return rows.iloc[pick] if hasattr(rows, "iloc") else rows[pick]


def _shift_records(real, raw, accepted) -> list | None:
    """Shift of the accepted rows (and of the raw candidates), largest first."""
    if len(real) < 1 or accepted is None or len(accepted) < 1:
        return None
    after = _feature_shift(real, accepted)
    before = _feature_shift(real, raw) if raw is not None and len(raw) else {}
    records = []
    for col, rec in after.items():
        b = before.get(col)
        records.append(
            {
                "column": col,
                "kind": rec["kind"],
                "test": rec["test"],
                "statistic": rec["statistic"],
                "p_value": rec["p_value"],
                "before": None if b is None else b["statistic"],
                "real_mean": rec["real_mean"],
                "accepted_mean": rec["synthetic_mean"],
            }
        )
    records.sort(key=lambda r: -r["statistic"])
    return records


def _profiles(real, raw, accepted) -> dict | None:
    out = {}
    for name, rows in (("raw", raw), ("accepted", accepted)):
        if rows is not None and len(rows) and len(real):
            out[name] = domain_profile(real, rows)
    return out or None


def _diversity(real, raw, accepted, label=None, copies=None) -> dict | None:
    """Distances to the closest real row of the class, copies and coverage.

    With `copies` (the filter's fitted copy detector), a copy and a near copy
    are what the filter calls them; else they are judged against the class's
    real rows by a copy detector fitted on them."""
    if len(real) < 2:
        return None
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", SynthsieveWarning)
        det = CopyDetector().fit(real)
    real_nn = det.real_distances_[~np.isnan(det.real_distances_)]
    real_med = float(np.median(real_nn))

    def encode(frame):
        return (det.encoder_.transform(frame) - det.center_) / det.scale_

    E_real = encode(real)
    uniq = np.unique(E_real, axis=0)
    k = min(COVERAGE_K, len(uniq) - 1)
    radius = None
    if k >= 1:
        nn = NearestNeighbors(n_neighbors=k + 1).fit(uniq)
        dist, _ = nn.kneighbors(uniq)
        radius = dist[:, k]
    out = {"real_median_distance": real_med}
    for name, rows in (("raw", raw), ("accepted", accepted)):
        if rows is None or len(rows) == 0:
            continue
        _, rows_f = check_pair(real, rows)
        n_rows = len(rows_f)
        if n_rows > DIVERSITY_ROWS:  # a seeded sample keeps the cost linear
            rng = np.random.default_rng(0)
            pick = np.sort(rng.choice(n_rows, DIVERSITY_ROWS, replace=False))
            rows_f = rows_f.iloc[pick]
        E = encode(rows_f)
        dist, idx = det.nn_.kneighbors(E, n_neighbors=1)  # one search, both uses
        d, nearest = dist[:, 0], idx[:, 0]
        if copies is None:
            copy = exact_copy_mask(rows_f, real)
            near = (d < det.threshold_) & ~copy
        else:  # the filter's own definition, one for the filter and the report
            flag = copies.flag(rows_f, y=label)
            copy, near = flag == "copy", flag == "near_copy"
        rec = {
            "n_rows": int(n_rows),
            "median_distance": float(np.median(d)),
            "median_ratio": float(np.median(d) / real_med) if real_med > 0 else None,
            "exact_copy_share": float(copy.mean()),
            "near_copy_share": float(near.mean()),
            "coverage_nearest": float(len(np.unique(nearest)) / len(uniq)),
            "coverage_knn": None,
        }
        if radius is not None:
            to_synth = NearestNeighbors(n_neighbors=1).fit(E).kneighbors(uniq)[0][:, 0]
            rec["coverage_knn"] = float((to_synth <= radius).mean())
        rec["quantiles"] = {
            "synthetic": np.quantile(d, [0.1, 0.25, 0.5, 0.75, 0.9]).tolist(),
            "real": np.quantile(real_nn, [0.1, 0.25, 0.5, 0.75, 0.9]).tolist(),
        }
        out[name] = rec
    return out


def _scores(real_scores, accepted_scores, rejected) -> dict | None:
    """Histograms over [0, 1] of the filtering detector's scores."""
    edges = np.linspace(0.0, 1.0, SCORE_BINS + 1)
    groups = {}
    if real_scores is not None:
        if (
            isinstance(real_scores, (list, tuple))
            and len(real_scores)
            and np.ndim(real_scores[0])
        ):
            real_scores = np.concatenate([np.ravel(s) for s in real_scores])
        groups["real"] = real_scores
    groups["accepted"] = accepted_scores
    if rejected is not None and "score" in getattr(rejected, "columns", ()):
        groups["rejected"] = rejected["score"].to_numpy(dtype=float)
    out = {"edges": edges.tolist()}
    for name, s in groups.items():
        if s is None:
            continue
        s = np.asarray(s, dtype=float).ravel()
        s = s[np.isfinite(s)]
        if len(s) == 0:
            continue
        counts, _ = np.histogram(np.clip(s, 0.0, 1.0), bins=edges)
        out[name] = {
            "n": int(len(s)),
            "median": float(np.median(s)),
            "counts": counts.astype(int).tolist(),
        }
    return out if len(out) > 1 else None


def _rejected_detail(rejected) -> dict | None:
    if rejected is None or "reason" not in getattr(rejected, "columns", ()):
        return None
    counts = rejected["reason"].astype(str).value_counts()
    return {str(k): int(v) for k, v in counts.items()}
