"""Smoke tests of the quality ideas' building blocks (benchmarks/ideas.py)."""

import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from imblearn.over_sampling import SMOTE
from sklearn.datasets import make_classification

BENCHMARKS = Path(__file__).resolve().parents[1] / "benchmarks"
if str(BENCHMARKS) not in sys.path:
    sys.path.insert(0, str(BENCHMARKS))

import ideas  # noqa: E402

from synthsieve import FilteredOverSampler  # noqa: E402


@pytest.fixture
def data():
    X, y = make_classification(
        n_samples=240, n_features=4, weights=[0.85], random_state=0
    )
    return pd.DataFrame(X, columns=list("abcd")), y


@pytest.mark.parametrize("build", [ideas._regularised, ideas._calibrated])
def test_an_idea_detector_filters(build, data):
    X, y = data
    sampler = FilteredOverSampler(
        sampler=SMOTE(random_state=0), detector=build(0), random_state=0
    )
    X_res, y_res = sampler.fit_resample(X, y)
    assert np.bincount(y_res)[1] == np.bincount(y_res)[0]  # balanced
    assert sampler.report_ is not None
    # the detector was trained afresh: the one passed in is left unfitted
    assert not hasattr(sampler.detector, "classes_")


def test_marginal_transform_keeps_dtypes_and_balances(data):
    X, y = data
    X = X.assign(n=np.arange(len(X)) % 7)  # a whole-number column
    sampler = ideas.MarginalTransformSampler(SMOTE(random_state=0), random_state=0)
    X_res, y_res = sampler.fit_resample(X, y)
    assert (X_res.dtypes == X.dtypes).all()
    assert np.bincount(y_res)[1] == np.bincount(y_res)[0]
    new = X_res.iloc[len(X) :]
    assert new["n"].between(0, 6).all()  # mapped back into the column's range
    pd.testing.assert_frame_equal(X_res.iloc[: len(X)], X)  # real rows untouched


def test_an_unknown_idea_is_refused():
    with pytest.raises(SystemExit, match="unknown idea 'bogus'"):
        ideas.main(["--idea", "bogus"])


def test_the_table_pairs_each_idea_with_the_default(tmp_path):
    def rows(*entries):
        return pd.DataFrame(
            [
                {"dataset": d, "sampler": s, "gap": g, "gap_se": se}
                for d, s, g, se in entries
            ]
        )

    ref, run = tmp_path / "ref.csv", tmp_path / "run.csv"
    rows(
        ("a", "smote", 0.30, 0.01),
        ("a", "filtered-smote", 0.10, 0.01),
        ("b", "smote", 0.20, 0.01),
        ("b", "filtered-smote", 0.15, 0.01),
    ).to_csv(ref, index=False)
    rows(
        ("a", "filtered-smote", 0.20, 0.01),  # worse beyond 2·sqrt(2)·0.01
        ("b", "filtered-smote", 0.14, 0.01),  # within the noise
    ).to_csv(run, index=False)
    text = ideas.compare_table({"x": run}, reference=ref)
    assert "| a | 0.300 ± 0.010 | 0.100 ± 0.010 | 0.200 ± 0.010 (worse) |" in text
    assert "| b | 0.200 ± 0.010 | 0.150 ± 0.010 | 0.140 ± 0.010 |" in text
    assert "| mean of 2 sets | 0.250 ± 0.007 | 0.125 ± 0.007 | 0.170 ± 0.007 |" in text


def test_the_second_detector_keeps_rows_like_the_real_ones():
    rng = np.random.default_rng(1)
    real = rng.normal(size=(80, 3))
    pool = np.vstack([rng.normal(size=(150, 3)), rng.normal(3.0, 1.0, (150, 3))])
    pick = ideas.second_detector(pool, real, 100, rng)
    assert len(set(pick)) == 100
    assert (pick < 150).mean() > 0.8  # mostly from the real rows' region


def test_the_pooled_filter_returns_what_the_class_needs(data):
    X, y = data
    sampler = ideas.PooledFilter(
        sampler=SMOTE(random_state=0), auditors=None, random_state=0, selection=None
    )
    X_res, y_res = sampler.fit_resample(X, y)
    assert np.bincount(y_res)[1] == np.bincount(y_res)[0]  # what "auto" asks
    assert sampler.sampling_strategy == "auto"  # the pool's strategy undone
    # the filter was asked for twice the rows: the report counts them
    need = np.bincount(y)[0] - np.bincount(y)[1]
    assert sampler.report_.classes[1]["accepted"] >= ideas.POOL * need - 1
    pd.testing.assert_frame_equal(X_res.iloc[: len(X)], X)  # real rows untouched
