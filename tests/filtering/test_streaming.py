"""Streaming blocks, joblib and Dask, the capped ``rejected_`` and the sampled
in-fit audit."""

import math
import sys

import numpy as np
import pandas as pd
import pytest
from imblearn.over_sampling import SMOTE
from sklearn.datasets import make_classification

import synthsieve.filtering._rounds as rounds
import synthsieve.filtering._state as state
from synthsieve import FilteredOverSampler, SynthsieveWarning

FAST = {"detector": "logreg", "auditors": None, "random_state": 0}


@pytest.fixture
def data():
    X, y = make_classification(
        n_samples=1200, n_features=5, weights=[0.9], random_state=0
    )
    return X, y


@pytest.fixture
def small_blocks(monkeypatch):
    """Blocks of 60 candidates, so that a small fit streams many of them."""
    monkeypatch.setattr(state, "MIN_BLOCK_ROWS", 60)
    monkeypatch.setattr(state, "BLOCK_CELLS", 1)


def _fit(X, y, **params):
    sampler = FilteredOverSampler(**{**FAST, **params})
    X_res, y_res = sampler.fit_resample(X, y)
    return sampler, X_res, y_res


def test_plan_splits_a_round_into_bounded_blocks_first_of_each_fold_first():
    settings = state.Settings.of(FilteredOverSampler())
    plan = rounds._plan(settings, n_want=10_000, n_folds=2, n_columns=2**20)
    # 4,096 rows at most per block (the floor), every fold's first block first
    assert [f for f, _ in plan][:2] == [0, 1]
    assert max(n for _, n in plan) == state.MIN_BLOCK_ROWS
    assert sum(n for f, n in plan if f == 0) == 5_000
    assert sum(n for f, n in plan if f == 1) == 5_000


def test_streaming_blocks_give_the_same_output_for_any_n_jobs(data, small_blocks):
    X, y = data
    one, X1, y1 = _fit(X, y)
    two, X2, y2 = _fit(X, y, n_jobs=2)
    np.testing.assert_array_equal(X1, X2)
    np.testing.assert_array_equal(y1, y2)
    pd.testing.assert_frame_equal(one.rejected_, two.rejected_)
    pd.testing.assert_frame_equal(one.accepted_, two.accepted_)
    # many blocks ran, and the first round stopped once it had what it needed
    # (the set selection's pool): fewer candidates than candidate_factor x that
    need = int((y == 0).sum() - (y == 1).sum())
    pool = math.ceil(FilteredOverSampler.SELECTION_POOL * need)
    assert one.report_.classes[1]["candidates"] < 3 * pool
    assert one.report_.classes[1]["candidates"] > 2 * 60


def test_blocks_and_one_block_follow_the_same_rules(data, small_blocks):
    X, y = data
    sampler, X_res, _ = _fit(X, y)
    new = X_res[len(X) :]
    real = X[y == 1]
    # no accepted row equals a real row or another accepted row
    keys = {tuple(r) for r in real}
    assert not any(tuple(r) in keys for r in new)
    assert len({tuple(r) for r in new}) == len(new)
    # the candidates of a round are numbered across its blocks
    rej = sampler.rejected_
    for _, part in rej.groupby("round"):
        assert part["candidate"].is_unique


def test_multiclass_classes_run_in_parallel_with_the_same_output():
    X, y = make_classification(
        n_samples=900,
        n_features=5,
        n_informative=3,
        n_classes=3,
        weights=[0.7, 0.2, 0.1],
        random_state=0,
    )
    _, X1, y1 = _fit(X, y)
    _, X2, y2 = _fit(X, y, n_jobs=2)
    np.testing.assert_array_equal(X1, X2)
    np.testing.assert_array_equal(y1, y2)


def test_warnings_from_workers_reach_the_caller():
    rng = np.random.default_rng(0)
    X = rng.normal(size=(130, 3))
    y = np.r_[np.zeros(100, dtype=int), np.ones(4, dtype=int), np.full(26, 2)]
    with pytest.warns(SynthsieveWarning, match="fewer than cv=5"):
        _fit(X, y, n_jobs=2, sampler=SMOTE(k_neighbors=2))


def test_rejected_keeps_every_candidates_metadata_and_capped_features(data):
    X, y = data
    full, _, _ = _fit(X, y, max_rejected_rows=None)
    capped, _, _ = _fit(X, y, max_rejected_rows=25)
    # the same candidates were rejected, with the same metadata
    meta = ["class", "round", "candidate", "reason", "score"]
    pd.testing.assert_frame_equal(full.rejected_[meta], capped.rejected_[meta])
    assert len(capped.rejected_) > 25
    features = capped.rejected_["x0"]
    assert isinstance(features.dtype, pd.SparseDtype)
    assert features.notna().sum() == 25  # one class over-sampled
    np.testing.assert_array_equal(
        features.iloc[:25].to_numpy(dtype=float),
        full.rejected_["x0"].iloc[:25].to_numpy(),
    )
    # without a cap, plain dense columns
    assert full.rejected_["x0"].dtype == np.float64


def test_capped_nominal_features_stay_categorical():
    rng = np.random.default_rng(0)
    X = pd.DataFrame(
        {"a": rng.normal(size=300), "city": rng.choice(list("xyz"), size=300)}
    )
    y = np.r_[np.zeros(240, dtype=int), np.ones(60, dtype=int)]
    sampler, _, _ = _fit(X, y, max_rejected_rows=3)
    city = sampler.rejected_["city"]
    assert isinstance(city.dtype, pd.CategoricalDtype)
    assert city.notna().sum() == min(3, len(city))


def test_bad_max_rejected_rows_is_named(data):
    X, y = data
    with pytest.raises(ValueError, match="max_rejected_rows"):
        _fit(X, y, max_rejected_rows=-1)


def test_in_fit_audit_runs_on_a_seeded_sample_and_says_so(data):
    X, y = data
    sampler = FilteredOverSampler(detector="logreg", random_state=0)
    sampler.fit_resample(X, y)
    c = sampler.report_.classes[1]
    assert c["audit_rows"] == 1000  # the raw candidates were more: sampled
    assert "a seeded sample of at most 1000 rows a side" in sampler.report_.summary()
    assert set(c["before"].detectors) == {"hgb", "logreg"}  # the light auditors
    again = type(sampler.report_).from_json(sampler.report_.to_json())
    assert again.classes[1]["audit_rows"] == 1000
    # a class small enough to audit whole says no sample
    small = FilteredOverSampler(detector="logreg", selection=None, random_state=0)
    small.fit_resample(X[:300], y[:300])
    assert "audit_rows" not in small.report_.classes[1]
    assert "seeded sample" not in small.report_.summary()


def test_a_dask_cluster_gives_the_sequential_output(data, small_blocks):
    distributed = pytest.importorskip("distributed")
    import joblib

    X, y = data
    _, X_seq, y_seq = _fit(X, y, n_jobs=2)
    with (
        distributed.LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
        ) as cluster,
        distributed.Client(cluster),
    ):
        with joblib.parallel_config(backend="dask"):
            _, X_dask, y_dask = _fit(X, y, n_jobs=2)
    np.testing.assert_array_equal(X_seq, X_dask)
    np.testing.assert_array_equal(y_seq, y_dask)


def test_the_shortfall_pool_stays_bounded_and_fill_still_takes_the_best(
    data, small_blocks
):
    X, y = data
    # a strict acceptance leaves a shortfall that the pool must fill
    params = {"acceptance": "rate", "rejection_rate": 0.95, "max_rounds": 1}
    sampler, X_res, _ = _fit(X, y, **params)
    acc = sampler.accepted_
    assert acc["filled"].any()
    rej = sampler.rejected_
    detectable = rej.loc[rej["reason"] == "detectable", "score"]
    # the filled rows are less detectable than every leftover detectable reject
    # of their round (one generation fold here)
    assert acc.loc[acc["filled"], "score"].max() <= detectable.min()
    assert len(X_res) == 2 * int((y == 0).sum())


def test_near_copies_are_searched_among_accepted_candidates_only(data, monkeypatch):
    X, y = data
    from synthsieve.detectors import _copies

    searched = []
    real_flag = _copies.CopyDetector.flag

    def spy(self, candidates, y=None, keys=None):
        if sys._getframe(1).f_code.co_name == "find_near_copies":  # not the report
            searched.append(len(candidates))
        return real_flag(self, candidates, y, keys)

    monkeypatch.setattr(_copies.CopyDetector, "flag", spy)
    sampler, X_res, y_res = _fit(X, y)
    rej = sampler.rejected_
    n_detectable = int((rej["reason"] == "detectable").sum())
    # every candidate the detector rejected was never searched
    assert n_detectable > 0
    assert sum(searched) <= sampler.report_.classes[1]["candidates"] - n_detectable
    # near copies were scored first, and none reached the output
    near = rej[rej["reason"] == "near_copy"]
    assert near["score"].notna().all()
    new = X_res[len(X) :]
    assert (real_flag(sampler.copy_detector_, new, 1) == "").all()


def test_a_shortfall_never_fills_with_a_near_copy(data, small_blocks):
    X, y = data
    # a near-copy threshold so wide that many of the pool's rows are near copies
    params = {
        "acceptance": "rate",
        "rejection_rate": 0.95,
        "max_rounds": 1,
        "near_copy_quantile": 0.5,
    }
    sampler, X_res, _ = _fit(X, y, **params)
    assert sampler.accepted_["filled"].any()
    new = X_res[len(X) :]
    assert (sampler.copy_detector_.flag(new, 1) == "").all()
    # the pool's near copies were counted as such, not as detectable
    counts = sampler.report_.classes[1]["rejected"]
    assert counts["near_copy"] == int(
        (sampler.rejected_["reason"] == "near_copy").sum()
    )
    assert counts["detectable"] == int(
        (sampler.rejected_["reason"] == "detectable").sum()
    )


def test_the_report_counts_near_copies_as_the_filter_does(data):
    X, y = data
    sampler = FilteredOverSampler(detector="logreg", random_state=0)
    sampler.fit_resample(X, y)
    diversity = sampler.report_.classes[1]["diversity"]
    # the filter removed every near copy, and the report, using the filter's
    # own definition, finds none among the accepted rows
    assert diversity["accepted"]["near_copy_share"] == 0
    assert diversity["accepted"]["exact_copy_share"] == 0
    # the raw candidates' share is the filter's flag on the same rows
    raw = sampler.report_.classes[1]["diversity"]["raw"]
    assert raw["near_copy_share"] > 0


def test_verbose_shows_one_bar_over_blocks_with_counts(data, small_blocks, capsys):
    X, y = data
    _fit(X, y, verbose=1)
    err = capsys.readouterr().err
    need = int((y == 0).sum() - (y == 1).sum())
    pool = math.ceil(FilteredOverSampler.SELECTION_POOL * need)  # the rounds' aim
    assert "class 1:" in err and "block" in err
    assert "candidates=" in err and f"accepted={pool}/{pool}" in err
    _fit(X, y)  # quiet by default
    assert "candidates=" not in capsys.readouterr().err


def test_smote_searches_a_folds_neighbours_once_with_the_same_output(
    data, small_blocks, monkeypatch
):
    """SMOTE's neighbour graph of a generation fold's rows, recorded on its
    first block, is given back to the later blocks: one search per fold, and
    the candidates SMOTE makes when it searches on every block."""
    from sklearn.neighbors import NearestNeighbors

    import synthsieve.filtering._smote as smote
    import synthsieve.filtering._stages as stages

    X, y = data
    searched = []
    real_search = NearestNeighbors.kneighbors

    def spy(self, X=None, n_neighbors=None, return_distance=True):
        if isinstance(self, smote.KnownNeighbors):
            searched.append(len(X))
        return real_search(self, X, n_neighbors, return_distance)

    monkeypatch.setattr(NearestNeighbors, "kneighbors", spy)
    cached, X1, y1 = _fit(X, y, sampler=SMOTE(), holdout_folds=2)
    blocks = cached.report_.classes[1]["candidates"] // state.MIN_BLOCK_ROWS
    assert blocks > 4 and len(searched) == 2  # many blocks, one search per fold
    real = stages.smote_values
    monkeypatch.setattr(  # every block searches
        stages, "smote_values", lambda *args: real(*args[:7], None)
    )
    searched.clear()
    plain, X2, y2 = _fit(X, y, sampler=SMOTE(), holdout_folds=2)
    assert len(searched) > 4
    np.testing.assert_array_equal(X1, X2)
    np.testing.assert_array_equal(y1, y2)
    pd.testing.assert_frame_equal(cached.rejected_, plain.rejected_)
    assert cached.sampler_.get_params()["k_neighbors"] == 5  # the user's setting


def test_known_neighbors_answers_for_its_rows_and_searches_otherwise():
    from sklearn.base import clone
    from sklearn.neighbors import NearestNeighbors

    from synthsieve.filtering._smote import KnownNeighbors

    rng = np.random.default_rng(0)
    R, Q = rng.normal(size=(50, 3)), rng.normal(size=(7, 3))
    truth = NearestNeighbors(n_neighbors=4).fit(R)
    graph = truth.kneighbors(R, return_distance=False)
    recording = KnownNeighbors(4).fit(R)
    np.testing.assert_array_equal(recording.kneighbors(R, return_distance=False), graph)
    np.testing.assert_array_equal(recording.graph_, graph)
    known = clone(KnownNeighbors(4, data=R, graph=graph + 0))
    known.graph[:] = -1  # answered from the graph given, not searched
    assert (known.fit(R.copy()).kneighbors(R, return_distance=False) == -1).all()
    for other in (Q, R[:10]):  # other rows: searched
        np.testing.assert_array_equal(
            known.kneighbors(other, return_distance=False),
            truth.kneighbors(other, return_distance=False),
        )
    dist, ind = known.kneighbors(R, 2)  # with distances: searched
    np.testing.assert_allclose(dist, truth.kneighbors(R, 2)[0])


def test_the_jitters_spread_is_measured_once_per_generation_fold(
    data, small_blocks, monkeypatch
):
    import synthsieve.filtering._jitter as jitter

    X, y = data
    made = []
    real_init = jitter.LocalSpread.__init__

    def spy(self, real):
        made.append(len(real))
        real_init(self, real)

    monkeypatch.setattr(jitter.LocalSpread, "__init__", spy)
    sampler, _, _ = _fit(X, y, holdout_folds=2)
    assert sampler.holdout_folds_ == {1: 2} and sampler.jitter_[1] > 0
    assert len(made) == 2  # one per generation fold, its blocks and rounds
