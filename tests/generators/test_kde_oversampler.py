"""KDEOverSampler: bandwidths, spread, safe and dense seeds, noise rows."""

import numpy as np
import pytest

from synthsieve import SynthsieveWarning
from synthsieve.generators import KDEOverSampler


def _nearest(A, B, *, same=False):
    d = np.linalg.norm(A[:, None] - B[None], axis=2)
    if same:
        np.fill_diagonal(d, np.inf)
    return d.min(axis=1)


def _blobs_with_planted_noise():
    """Class 1: 40 rows around 0 plus one row deep inside class 0 (at 6, 6)."""
    rng = np.random.RandomState(0)
    minority = rng.normal(0.0, 1.0, size=(40, 2))
    majority = rng.normal(6.0, 1.0, size=(300, 2))
    planted = np.array([[6.0, 6.0]])
    X = np.vstack([majority, minority, planted])
    y = np.array([0] * 300 + [1] * 41)
    return X, y


def test_new_rows_spread_like_real_rows_without_copying():
    rng = np.random.RandomState(1)
    X = np.vstack([rng.normal(0, 1, (200, 3)), rng.normal(4, 1, (60, 3))])
    y = np.array([0] * 200 + [1] * 60)
    X_res, _ = KDEOverSampler(random_state=0).fit_resample(X, y)
    new, real = X_res[len(X) :], X[y == 1]
    real_nn = np.median(_nearest(real, real, same=True))
    new_nn = _nearest(new, real)
    assert new_nn.min() > 1e-6  # no copies
    assert 0.3 * real_nn < np.median(new_nn) < 3 * real_nn
    # the rows spread over the class rather than collapsing on its centre
    spread_ratio = new.std(axis=0) / real.std(axis=0)
    assert ((spread_ratio > 0.6) & (spread_ratio < 1.5)).all()


def test_noise_row_seeds_nothing_and_gets_no_neighbours():
    X, y = _blobs_with_planted_noise()
    sampler = KDEOverSampler(random_state=0)
    X_res, _ = sampler.fit_resample(X, y)
    weights = sampler.seed_weights_[1]
    assert weights[-1] == 0.0  # the planted row's neighbours are all class 0
    assert weights.sum() == pytest.approx(1.0)
    new = X_res[len(X) :]
    assert len(new) == 259
    assert np.linalg.norm(new - [6.0, 6.0], axis=1).min() > 2.0


def test_dense_rows_seed_more_than_sparse_ones():
    rng = np.random.RandomState(0)
    dense = rng.normal(0.0, 0.2, size=(30, 2))
    sparse = np.array([[3.0, 0.0], [-3.0, 0.0], [0.0, 3.0], [0.0, -3.0]])
    majority = rng.normal(12.0, 1.0, size=(100, 2))
    X = np.vstack([majority, dense, sparse])
    y = np.array([0] * 100 + [1] * 34)
    sampler = KDEOverSampler(random_state=0)
    sampler.fit_resample(X, y)
    weights = sampler.seed_weights_[1]
    assert weights[:30].min() > 3 * weights[30:].max()


def test_all_noise_falls_back_to_density_with_a_warning():
    rows, labels = [], []
    for centre in ([0, 0], [50, 0], [0, 50]):
        rows.append(centre)
        labels.append(1)
        for angle in np.linspace(0, 2 * np.pi, 6, endpoint=False):
            rows.append(np.add(centre, [np.cos(angle), np.sin(angle)]))
            labels.append(0)
    X, y = np.array(rows, dtype=float), np.array(labels)
    sampler = KDEOverSampler(random_state=0)
    with pytest.warns(SynthsieveWarning, match="class 1 .*look like noise"):
        X_res, y_res = sampler.fit_resample(X, y)
    assert (y_res == 1).sum() == 18
    assert sampler.seed_weights_[1].sum() == pytest.approx(1.0)


@pytest.mark.parametrize("rule", ["scott", "silverman"])
def test_rule_of_thumb_bandwidths(rule, binary_data):
    X, y = binary_data
    sampler = KDEOverSampler(bandwidth=rule, random_state=0)
    sampler.fit_resample(X, y)
    Z = (X[y == 1] - sampler.mean_) / sampler.scale_
    sigma = Z.std(axis=0, ddof=1)
    n, d = Z.shape
    factor = (
        n ** (-1 / (d + 4)) if rule == "scott" else (4 / ((d + 2) * n)) ** (1 / (d + 4))
    )
    np.testing.assert_allclose(sampler.bandwidth_[1], sigma * factor)


def test_float_bandwidth_and_constant_features():
    rng = np.random.RandomState(0)
    X = rng.normal(size=(80, 3))
    y = np.array([0] * 60 + [1] * 20)
    X[y == 1, 2] = 7.0  # constant within class 1
    sampler = KDEOverSampler(bandwidth=0.3, random_state=0)
    X_res, _ = sampler.fit_resample(X, y)
    np.testing.assert_allclose(sampler.bandwidth_[1], [0.3, 0.3, 0.0])
    np.testing.assert_array_equal(X_res[len(X) :, 2], 7.0)


def test_cross_validated_bandwidth_adapts_to_tight_clusters():
    # Class 1 is ten tight clusters: Scott's rule, driven by the overall spread,
    # smooths them away; the cross-validated bandwidth stays much narrower.
    rng = np.random.RandomState(0)
    centres = rng.uniform(-5, 5, size=(10, 2))
    minority = np.repeat(centres, 8, axis=0) + rng.normal(0, 0.02, size=(80, 2))
    X = np.vstack([rng.normal(0, 3, size=(150, 2)) + 20, minority])
    y = np.array([0] * 150 + [1] * 80)
    scott = KDEOverSampler(random_state=0)
    cv = KDEOverSampler(bandwidth="cv", random_state=0)
    scott.fit_resample(X, y)
    X_res, _ = cv.fit_resample(X, y)
    assert (cv.bandwidth_[1] < 0.3 * scott.bandwidth_[1]).all()
    new = X_res[len(X) :]
    assert np.median(_nearest(new, centres)) < 0.2


def test_too_few_rows_of_a_class_is_explained():
    X = np.arange(20, dtype=float).reshape(10, 2)
    y = np.array([0] * 9 + [1])
    with pytest.raises(
        ValueError, match=r"KDEOverSampler needs at least 2 rows of class 1; got 1\."
    ):
        KDEOverSampler().fit_resample(X, y)


def test_too_few_rows_for_k_neighbors_is_explained():
    X = np.arange(10, dtype=float).reshape(5, 2)
    y = np.array([0, 0, 0, 1, 1])
    with pytest.raises(
        ValueError, match=r"k_neighbors \+ 1 = 6 rows in `X`; got 5\. Lower"
    ):
        KDEOverSampler().fit_resample(X, y)
    X_res, y_res = KDEOverSampler(k_neighbors=2, random_state=0).fit_resample(X, y)
    assert (y_res == 1).sum() == 3


def test_bandwidth_is_validated(binary_data):
    X, y = binary_data
    with pytest.raises(ValueError, match="'bandwidth' parameter of KDEOverSampler"):
        KDEOverSampler(bandwidth="wide").fit_resample(X, y)
    with pytest.raises(ValueError, match="'bandwidth' parameter of KDEOverSampler"):
        KDEOverSampler(bandwidth=0.0).fit_resample(X, y)
