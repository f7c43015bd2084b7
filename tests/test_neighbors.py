"""Tests of NeighborIndex: the exact path is scikit-learn's, faiss's recall."""

import pickle

import faiss
import numpy as np
import pandas as pd
import pytest
from sklearn.neighbors import NearestNeighbors

from synthsieve import CopyDetector, _neighbors
from synthsieve._neighbors import EXACT_WORK, GRAPH_ROWS, NeighborIndex
from synthsieve.filtering import _jitter


def smote_like(n_real=4000, n_cand=20000, d=30, random_state=0):
    """Real rows, and candidates interpolated between neighbours with local
    noise of a range of scales (from near copies to far rows)."""
    rng = np.random.default_rng(random_state)
    R = rng.normal(size=(n_real, d))
    R[:, :4] += 3 * rng.normal(size=(n_real, 1))  # some structure
    idx = NearestNeighbors(n_neighbors=6).fit(R).kneighbors(R)[1]
    i = rng.integers(0, n_real, n_cand)
    j = idx[i, rng.integers(1, 6, n_cand)]
    C = R[i] + rng.random((n_cand, 1)) * (R[j] - R[i])
    spread = R[idx[i, :5]].std(axis=1)
    C += rng.uniform(0.0, 1.5, (n_cand, 1)) * spread * rng.normal(size=C.shape)
    return R, C


@pytest.fixture(scope="module")
def data():
    return smote_like()


@pytest.mark.parametrize("approximate", ["auto", False])
@pytest.mark.parametrize("k", [1, 2, 5])
def test_exact_path_is_scikit_learn_bit_for_bit(data, approximate, k):
    R, C = data[0][:500], data[1][:2000]
    index = NeighborIndex(approximate=approximate).fit(R)
    assert index.backend(len(C)) == "exact"
    dist, ind = index.kneighbors(C, k)
    ref_dist, ref_ind = NearestNeighbors().fit(R).kneighbors(C, k)
    np.testing.assert_array_equal(dist, ref_dist)
    np.testing.assert_array_equal(ind, ref_ind)
    assert dist.dtype == np.float64 and ind.dtype == np.int64
    only = index.kneighbors(C, k, return_distance=False)
    np.testing.assert_array_equal(only, ref_ind)


def test_backend_by_size_and_the_forced_ones(monkeypatch):
    R = np.zeros((2000, 3))
    auto = NeighborIndex().fit(R)
    small = int(EXACT_WORK // 2000) - 1
    assert auto.backend(small) == "exact"
    assert auto.backend(small + 2) == "flat"
    assert NeighborIndex(approximate=False).fit(R).backend(10**9) == "exact"
    assert NeighborIndex(approximate=True).fit(R).backend(1) == "hnsw"
    assert NeighborIndex(approximate=np.bool_(True)).fit(R).backend(1) == "hnsw"
    monkeypatch.setattr(_neighbors, "GRAPH_ROWS", 2000)
    assert auto.backend(small + 2) == "hnsw"
    assert GRAPH_ROWS > 2000


def _recall_at(ind, ref, k):
    return np.mean([len(set(a[:k]) & set(b[:k])) / k for a, b in zip(ind, ref)])


@pytest.mark.parametrize("forced", ["flat", "hnsw"])
def test_recall_of_the_faiss_paths(data, monkeypatch, forced):
    R, C = data
    ref_dist, ref_ind = NearestNeighbors().fit(R).kneighbors(C, 5)
    if forced == "flat":
        monkeypatch.setattr(_neighbors, "EXACT_WORK", 1.0)
        index = NeighborIndex().fit(R)
    else:
        index = NeighborIndex(approximate=True).fit(R)
    assert index.backend(len(C)) == forced
    dist, ind = index.kneighbors(C, 5)
    assert (ind[:, 0] == ref_ind[:, 0]).mean() >= 0.99
    assert _recall_at(ind, ref_ind, 5) >= 0.98
    # distances are float64, exact for the rows found, sorted per row
    assert dist.dtype == np.float64 and ind.dtype == np.int64
    exact = np.linalg.norm(R[ind] - C[:, None, :], axis=2)
    np.testing.assert_allclose(dist, exact, rtol=1e-12, atol=1e-12)
    assert (np.diff(dist, axis=1) >= 0).all()
    # scikit-learn's (GEMM-based) distances agree to its own rounding
    same = ind[:, 0] == ref_ind[:, 0]
    np.testing.assert_allclose(dist[same, 0], ref_dist[same, 0], atol=1e-9)


@pytest.mark.parametrize("forced", ["flat", "hnsw"])
def test_recall_of_near_copies(data, monkeypatch, forced):
    """Near copies flagged by the exact search are flagged by faiss's: recall
    at least 0.99 (the issue's bar), with exact copies caught by hashing."""
    R, C = data
    real = pd.DataFrame(R)
    cand = pd.DataFrame(np.vstack([C, R[:200]]))  # and 200 exact copies
    exact = CopyDetector(near_copy_quantile=0.05, approximate=False).fit(real)
    if forced == "flat":
        monkeypatch.setattr(_neighbors, "EXACT_WORK", 1.0)
        fast = CopyDetector(near_copy_quantile=0.05).fit(real)
    else:
        fast = CopyDetector(near_copy_quantile=0.05, approximate=True).fit(real)
    assert fast.nn_.backend(len(cand)) == forced
    want, got = exact.flag(cand), fast.flag(cand)
    np.testing.assert_array_equal(got == "copy", want == "copy")
    assert (want[-200:] == "copy").all()
    near = want == "near_copy"
    assert near.sum() > 500  # enough near copies to measure the recall
    recall = (got[near] == "near_copy").mean()
    assert recall >= 0.99, recall
    assert ((got == "near_copy") & ~near).mean() < 0.01  # and few new ones


@pytest.mark.parametrize("forced", ["flat", "hnsw"])
def test_faiss_threads_are_restored_and_change_nothing(monkeypatch, forced):
    monkeypatch.setattr(_neighbors, "EXACT_WORK", 1.0)
    monkeypatch.setattr(_neighbors, "_FAISS_BLOCK", 100)  # several blocks
    before = faiss.omp_get_max_threads()
    R, C = smote_like(300, 1000, d=5)
    results = []
    for n_jobs in (None, 1, -1, 2):
        approximate = True if forced == "hnsw" else "auto"
        index = NeighborIndex(approximate=approximate, n_jobs=n_jobs).fit(R)
        assert index.backend(len(C)) == forced
        results.append(index.kneighbors(C, 3))
        assert faiss.omp_get_max_threads() == before
    for dist, ind in results[1:]:
        np.testing.assert_array_equal(dist, results[0][0])
        np.testing.assert_array_equal(ind, results[0][1])


@pytest.mark.parametrize("approximate", ["auto", False, True])
def test_inputs_are_not_modified(approximate):
    R, C = smote_like(300, 500, d=5)
    R0, C0 = R.copy(), C.copy()
    R.setflags(write=False)
    C.setflags(write=False)
    NeighborIndex(approximate=approximate).fit(R).kneighbors(C, 3)
    np.testing.assert_array_equal(R, R0)
    np.testing.assert_array_equal(C, C0)


def test_bad_parameters_are_named():
    R = np.zeros((10, 2))
    with pytest.raises(ValueError, match="'approximate' parameter of NeighborIndex"):
        NeighborIndex(approximate="yes").fit(R)
    with pytest.raises(ValueError, match="'metric' parameter of NeighborIndex"):
        NeighborIndex(metric="cosine").fit(R)
    with pytest.raises(ValueError, match="'n_jobs' parameter of NeighborIndex"):
        NeighborIndex(n_jobs=0).fit(R)
    with pytest.raises(ValueError, match="'n_jobs' parameter of NeighborIndex"):
        NeighborIndex(n_jobs="2").fit(R)
    with pytest.raises(ValueError, match="'approximate' parameter of CopyDetector"):
        CopyDetector(approximate="fast").fit(R)
    index = NeighborIndex().fit(R)
    for k in (0, 11, 2.0, True):
        with pytest.raises(ValueError, match="`n_neighbors` must be an integer"):
            index.kneighbors(R, k)
    with pytest.raises(ValueError, match="`X` has 3 columns, but the index"):
        index.kneighbors(np.zeros((2, 3)))
    with pytest.raises(ValueError, match="NaN"):
        index.kneighbors(np.full((2, 2), np.nan))


@pytest.mark.parametrize("approximate", ["auto", True])
def test_empty_queries_and_pickle(approximate):
    R, C = smote_like(300, 500, d=5)
    index = NeighborIndex(approximate=approximate).fit(R)
    dist, ind = index.kneighbors(C[:0], 2)
    assert dist.shape == ind.shape == (0, 2)
    first = index.kneighbors(C, 2)
    again = pickle.loads(pickle.dumps(index)).kneighbors(C, 2)
    np.testing.assert_array_equal(first[1], again[1])
    np.testing.assert_array_equal(first[0], again[0])


def test_jitter_spread_is_the_3d_std_bit_for_bit():
    rng = np.random.default_rng(0)
    V = rng.normal(size=(300, 7)) * rng.uniform(0.1, 100, 7)
    for k in (3, 5):
        idx = rng.integers(0, 300, (10000, k))
        np.testing.assert_array_equal(_jitter._spread(V, idx), V[idx].std(axis=1))


def test_jitter_spread_on_the_faiss_path_matches_the_exact_one(monkeypatch):
    R, C = smote_like(1000, 5000, d=8)
    exact = _jitter.LocalSpread(pd.DataFrame(R))(C)
    monkeypatch.setattr(_neighbors, "EXACT_WORK", 1.0)
    spread = _jitter.LocalSpread(pd.DataFrame(R))
    assert spread.nn.backend(len(C)) == "flat"
    same = (spread(C) == exact).all(axis=1)
    assert same.mean() >= 0.99


def test_jitter_spread_is_that_of_the_nearest_real_row():
    """A candidate takes the spread of its nearest real row's 5 nearest real
    rows (itself included), in the columns' own units."""
    R, C = smote_like(300, 2000, d=6)
    R[:, 2] *= 1e200  # a huge column: searched and spread in its unit
    C[:, 2] *= 1e200
    got = _jitter.LocalSpread(pd.DataFrame(R))(C)
    unit = np.ones(6)
    unit[2] = 2.0 ** np.maximum(np.frexp(np.abs(R[:, 2]).max())[1] - 301, 0)
    scale = (R / unit).std(axis=0)
    nn = NearestNeighbors().fit(R / unit / scale)
    rows = nn.kneighbors(R / unit / scale, 5, return_distance=False)
    nearest = nn.kneighbors(C / unit / scale, 1, return_distance=False)[:, 0]
    expected = (R / unit)[rows].std(axis=1)[nearest] * unit
    np.testing.assert_allclose(got, expected)
    assert np.isfinite(got).all()


def test_jitter_spread_indexes_a_seeded_sample_of_a_large_class(monkeypatch):
    """Beyond SPREAD_ROWS, a seeded sample of the rows is searched, each with
    its spread measured among all the rows."""
    R, C = smote_like(600, 1000, d=5)
    monkeypatch.setattr(_jitter, "SPREAD_ROWS", 200)
    spread = _jitter.LocalSpread(pd.DataFrame(R))
    assert spread.nn.n_samples_fit_ == 200 and spread.spreads.shape == (200, 5)
    rows = np.sort(np.random.default_rng(0).choice(600, 200, replace=False))
    scale = R.std(axis=0)
    nn = NearestNeighbors().fit(R / scale)
    near = nn.kneighbors(R[rows] / scale, 5, return_distance=False)
    np.testing.assert_allclose(spread.spreads, R[near].std(axis=1))
    nearest = NearestNeighbors().fit(R[rows] / scale).kneighbors(C / scale, 1)[1]
    np.testing.assert_allclose(spread(C), R[near].std(axis=1)[nearest[:, 0]])
    again = _jitter.LocalSpread(pd.DataFrame(R))  # the same rows every block
    np.testing.assert_array_equal(spread(C), again(C))
    np.testing.assert_allclose(spread.scale, R.std(axis=0))  # of every row
