"""Ideas to lower the filtered gap, tried on the development half only.

Each idea is a variant of the filter's defaults, run through the quality
benchmark (``benchmarks/quality.py``) with the same seeds and half splits as the
default, so the gaps compare split for split. Ideas live here until one is
kept; a kept idea moves into the package and this script runs it from there.

    python benchmarks/ideas.py --idea ensemble --datasets pima,yeast4 \
        --out /tmp/ideas-ensemble.md --csv /tmp/ideas-ensemble.csv

The table of the evidence page is printed from the runs' tables (``--csv``)
against the default's run of the development half:

    python benchmarks/ideas.py --table quantile=benchmarks/results/ideas-quantile.csv \
        ensemble=benchmarks/results/ideas-ensemble.csv

Ideas:

* ``default``: the filter as it is (the reference).
* ``ensemble``: the detector is the soft vote of the default gradient-boosted
  trees and a logistic regression on standardised columns, so candidates a
  linear auditor would spot are rejected too.
* ``mlp``: the torch MLP detector instead of the trees.
* ``quantile``: the base sampler interpolates in a per-class normal-scores
  space (a quantile transform of each numeric column, fitted on the class's
  own rows) and the new rows are mapped back, so skewed and heavy-tailed
  columns keep their marginal shape.
* ``power``: the same with a Yeo-Johnson power transform.
* ``regularised``: a more strongly regularised tree detector (half the
  learning rate, at most 8 leaves of at least 20 rows, L2 penalty 5), so that
  on small classes the density ratio is smoother and less driven by the few
  real rows it memorises.
* ``calibrated``: the default detector's probabilities calibrated (Platt
  scaling) on held-out rows by 3-fold cross-validation inside each training
  fold, so the density ratio the acceptance step reads is calibrated on real
  rows and candidates the trees did not train on.
* ``detector-es``: the default detector with early stopping on a 10 %
  validation split (issue 25: cheaper detector fits).
* ``detector-it50``: the default detector with 50 boosting iterations instead
  of 100 (the same).
* ``herding``: ``selection="herding"`` on every class (issue 24's set
  selection, kept: ``"auto"`` is the default), against ``selection=None``.
* ``no-selection``: ``selection=None``, the filter before the set selection.
* ``second-detector``: a second stage aimed at what the first let through
  (issue 24). The filter (``selection=None``) is asked for ``POOL`` times the
  rows each class needs; a fresh default detector learns the class's real
  rows against these accepted rows (out of fold, 5 folds), and the rows to
  keep are drawn without replacement with probability proportional to its
  density ratio (sampling-importance-resampling).

An idea that needs to change the filter's internals (``strict``, tried on the
quality-ideas evidence page) is tried on a branch of the package, not patched
in from here: the benchmarks use synthsieve's public names only.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import _common  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import quality  # noqa: E402
from imblearn.utils import check_sampling_strategy  # noqa: E402
from sklearn.base import BaseEstimator, clone  # noqa: E402
from sklearn.calibration import CalibratedClassifierCV  # noqa: E402
from sklearn.ensemble import (  # noqa: E402
    HistGradientBoostingClassifier,
    VotingClassifier,
)
from sklearn.preprocessing import PowerTransformer, QuantileTransformer  # noqa: E402

from synthsieve import (  # noqa: E402
    FilteredOverSampler,
    make_detector,
    make_sampler,
)


class MarginalTransformSampler(BaseEstimator):
    """Run `sampler` in a per-class transformed space of the numeric columns."""

    def __init__(
        self,
        sampler=None,
        transform="quantile",
        sampling_strategy="auto",
        random_state=None,
    ):
        self.sampler = sampler
        self.transform = transform
        self.sampling_strategy = sampling_strategy
        self.random_state = random_state

    def _transformer(self, n_rows):
        if self.transform == "quantile":
            return QuantileTransformer(
                n_quantiles=max(2, min(1000, n_rows)), output_distribution="normal"
            )
        return PowerTransformer(method="yeo-johnson")

    def fit_resample(self, X, y):
        frame = X if isinstance(X, pd.DataFrame) else pd.DataFrame(X)
        y = np.asarray(y)
        strategy = check_sampling_strategy(self.sampling_strategy, y, "over-sampling")
        numeric = [
            c
            for c in frame.columns
            if pd.api.types.is_numeric_dtype(frame[c])
            and not pd.api.types.is_bool_dtype(frame[c])
            and frame[c].nunique() > 2
        ]
        out_X, out_y = [frame], [y]
        for cls, n_new in strategy.items():
            if n_new <= 0:
                continue
            in_class = y == cls
            work = frame.copy()
            tr = self._transformer(int(in_class.sum()))
            if numeric:
                tr.fit(frame.loc[in_class, numeric].to_numpy(float))
                work[numeric] = tr.transform(frame[numeric].to_numpy(float))
            inner = clone(self.sampler)
            inner.set_params(
                sampling_strategy={cls: int(in_class.sum()) + n_new},
                random_state=self.random_state,
            )
            Xr, yr = inner.fit_resample(work, y)
            n = len(work)
            new = (
                Xr.iloc[n:]
                if isinstance(Xr, pd.DataFrame)
                else pd.DataFrame(np.asarray(Xr)[n:], columns=frame.columns)
            )
            new = new[np.asarray(yr)[n:] == cls].copy()
            if numeric and len(new):
                back = tr.inverse_transform(new[numeric].to_numpy(float))
                for j, c in enumerate(numeric):
                    col = back[:, j]
                    if pd.api.types.is_integer_dtype(frame[c]):
                        col = np.round(col)
                    new[c] = col.astype(frame[c].dtype)
            out_X.append(new)
            out_y.append(np.full(len(new), cls, dtype=y.dtype))
        res = pd.concat(out_X, ignore_index=True)
        res = res.astype(frame.dtypes.to_dict())
        if not isinstance(X, pd.DataFrame):
            res = res.to_numpy()
        return res, np.concatenate(out_y)


#: How many times the rows a class needs the set-level ideas ask the filter for.
POOL = 2.0


def _numeric(frame: pd.DataFrame) -> np.ndarray:
    """The columns as floats (categories by their codes)."""
    cols = []
    for c in frame.columns:
        col = frame[c]
        if pd.api.types.is_numeric_dtype(col) or pd.api.types.is_bool_dtype(col):
            cols.append(col.to_numpy(dtype=float))
        else:
            cols.append(pd.Categorical(col.astype(object)).codes.astype(float))
    return np.column_stack(cols)


def second_detector(pool: np.ndarray, real: np.ndarray, n: int, rng) -> np.ndarray:
    """Indices of `n` rows of `pool`, drawn with probability proportional to
    a fresh detector's out-of-fold density ratio real/pool."""
    from sklearn.model_selection import StratifiedKFold, cross_val_predict

    X = np.vstack([real, pool])
    y = np.r_[np.ones(len(real)), np.zeros(len(pool))]
    folds = min(5, len(real))
    if folds < 2:
        return rng.choice(len(pool), n, replace=False)
    cv = StratifiedKFold(folds, shuffle=True, random_state=int(rng.integers(2**31)))
    det = make_detector("hgb", int(rng.integers(2**31)))
    p = cross_val_predict(det, X, y, cv=cv, method="predict_proba")[len(real) :, 1]
    p = np.clip(p, 1e-3, 1 - 1e-3)
    w = p / (1 - p)
    return rng.choice(len(pool), n, replace=False, p=w / w.sum())


class PooledFilter(FilteredOverSampler):
    """The filter asked for `POOL` times the rows, then :func:`second_detector`
    chooses the rows each class needs (give it ``selection=None``, or the
    filter's own set selection runs first)."""

    def fit_resample(self, X, y):
        frame = X if isinstance(X, pd.DataFrame) else pd.DataFrame(X)
        y_arr = np.asarray(y)
        strategy = check_sampling_strategy(
            self.sampling_strategy, y_arr, "over-sampling"
        )
        labels, counts = np.unique(y_arr, return_counts=True)
        count = dict(zip(labels, counts))
        need = {c: int(n) for c, n in strategy.items() if n > 0}
        asked = {c: int(count[c] + np.ceil(POOL * n)) for c, n in need.items()}
        original = self.sampling_strategy
        self.sampling_strategy = asked
        try:
            X_res, y_res = super().fit_resample(frame, y_arr)
        finally:
            self.sampling_strategy = original
        X_res = X_res if isinstance(X_res, pd.DataFrame) else pd.DataFrame(X_res)
        n = len(frame)
        new, new_y = X_res.iloc[n:], np.asarray(y_res)[n:]
        rng = np.random.default_rng(
            0 if self.random_state is None else int(self.random_state)
        )
        keep = []
        for c, k in need.items():
            rows = np.flatnonzero(new_y == c)
            if len(rows) <= k:
                keep.append(rows)
                continue
            pick = second_detector(
                _numeric(new.iloc[rows]), _numeric(frame[y_arr == c]), k, rng
            )
            keep.append(rows[np.sort(pick)])
        keep = np.sort(np.concatenate(keep)) if keep else np.zeros(0, dtype=int)
        out = pd.concat([X_res.iloc[:n], new.iloc[keep]], ignore_index=True)
        out_y = np.concatenate([np.asarray(y_res)[:n], new_y[keep]])
        if not isinstance(X, pd.DataFrame):
            out = out.to_numpy()
        return out, out_y


def _ensemble(seed):
    return VotingClassifier(
        [("hgb", make_detector("hgb", seed)), ("logreg", make_detector("logreg"))],
        voting="soft",
    )


def _regularised(seed):
    return HistGradientBoostingClassifier(
        learning_rate=0.05,
        max_iter=200,
        max_leaf_nodes=8,
        min_samples_leaf=20,
        l2_regularization=5.0,
        random_state=seed,
    )


def _cheaper(seed, **params):
    """The default tree detector with fewer boosting iterations or early
    stopping (issue 25: detector fits that cost less)."""
    base = {"max_iter": 100, "min_samples_leaf": 10, "l2_regularization": 1.0}
    return HistGradientBoostingClassifier(**{**base, **params}, random_state=seed)


def _calibrated(seed):
    return CalibratedClassifierCV(
        make_detector("hgb", seed), method="sigmoid", cv=3, ensemble=True
    )


REFERENCE = Path(__file__).resolve().parent / "results" / "benchmarks-dev.csv"


def compare_table(runs: dict, reference=REFERENCE) -> str:
    """Markdown table of each idea's gaps beside the default's, set by set.

    `runs` maps an idea's label to its table (``--csv``). Every column is
    paired with the default's filtered SMOTE, or plain SMOTE for a plain
    sampler; "(better)" or "(worse)" marks a difference beyond
    2 sqrt(se_1² + se_2²). The last row is the mean over the sets every
    column ran on, ± its standard error.
    """
    ref = pd.read_csv(reference).set_index("dataset")
    plain, default = "plain SMOTE", "filtered, default"
    # label -> (the column's rows, the label of the column it is judged against)
    columns = {
        plain: (ref[ref["sampler"] == "smote"], None),
        default: (ref[ref["sampler"] == "filtered-smote"], None),
    }
    for label, path in runs.items():
        df = pd.read_csv(path).set_index("dataset")
        for sampler in dict.fromkeys(df["sampler"]):
            against = default if sampler.startswith("filtered-") else plain
            columns[f"{label}: {sampler}"] = (df[df["sampler"] == sampler], against)
    sets = list(
        dict.fromkeys(
            d for col, against in columns.values() if against for d in col.index
        )
    )
    lines = ["| set | " + " | ".join(columns) + " |", "|---" * (len(columns) + 1) + "|"]
    for name in sets:
        cells = []
        for col, against in columns.values():
            if name not in col.index or pd.isna(col.loc[name, "gap"]):
                cells.append("not run")
                continue
            row = col.loc[name]
            cell = _common.pm(row["gap"], row["gap_se"])
            other = columns[against][0] if against else None
            if other is not None and name in other.index:
                diff = row["gap"] - other.loc[name, "gap"]
                if abs(diff) > _common.noise(row, other.loc[name]):
                    cell += " (worse)" if diff > 0 else " (better)"
            cells.append(cell)
        lines.append(f"| {name} | " + " | ".join(cells) + " |")
    frames = [col for col, _ in columns.values()]
    common = [
        n
        for n in sets
        if all(n in c.index and pd.notna(c.loc[n, "gap"]) for c in frames)
    ]
    if common:
        means = []
        for col in frames:
            gaps = col.loc[common, "gap"].to_numpy(float)
            ses = col.loc[common, "gap_se"].to_numpy(float)
            means.append(_common.pm(gaps.mean(), np.sqrt((ses**2).sum()) / len(gaps)))
        lines.append(f"| mean of {len(common)} sets | " + " | ".join(means) + " |")
    return "\n".join(lines)


def main(argv=None):
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv[:1] == ["--table"]:
        runs = dict(a.split("=", 1) for a in argv[1:])
        print(compare_table(runs))
        return
    idea = "default"
    if "--idea" in argv:
        i = argv.index("--idea")
        idea = argv[i + 1]
        del argv[i : i + 2]
    for kind in ("quantile", "power"):
        quality.EXTRA_SAMPLERS[f"smote-{kind}"] = lambda X, rs, kind=kind: (
            MarginalTransformSampler(
                make_sampler("smote", X, random_state=rs), kind, random_state=rs
            )
        )
    extra = {}
    if idea == "ensemble":
        extra = {"detector": _ensemble(0)}
    elif idea == "regularised":
        extra = {"detector": _regularised(0)}
    elif idea == "calibrated":
        extra = {"detector": _calibrated(0)}
    elif idea == "detector-es":
        extra = {"detector": _cheaper(0, early_stopping=True)}
    elif idea == "detector-it50":
        extra = {"detector": _cheaper(0, max_iter=50)}
    elif idea == "mlp":
        extra = {"detector": "mlp"}
    elif idea in ("quantile", "power"):
        argv += ["--samplers", f"smote-{idea}"]
    elif idea == "herding":
        extra = {"selection": "herding"}
    elif idea == "no-selection":
        extra = {"selection": None}
    elif idea == "second-detector":
        extra = {"selection": None}
        quality.FilteredOverSampler = PooledFilter
    elif idea != "default":
        raise SystemExit(f"unknown idea {idea!r}")
    parse = quality.parse_args

    def parse_args(a=None):
        args = parse(a)
        args.filter_params = {**args.filter_params, **extra}
        return args

    quality.parse_args = parse_args
    quality.main(argv)


if __name__ == "__main__":
    main()
