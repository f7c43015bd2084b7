"""MMDTripletOverSampler: a map from the other classes into a class, learned with
the MMD and a triplet loss; the sampler contract and the algorithm's properties."""

import logging
import pickle
from collections import Counter

import numpy as np
import pandas as pd
import pytest
import torch
from imblearn.utils.estimator_checks import parametrize_with_checks
from sklearn.base import clone
from sklearn.datasets import make_blobs
from sklearn.neighbors import NearestNeighbors

from synthsieve import DeviceWarning
from synthsieve._seeds import Streams
from synthsieve.generators._mmd_triplet import (
    MMDTripletOverSampler,
    danger_rows,
    mmd2,
    triplet,
)

FAST = {"max_epochs": 2, "batch_size": 64, "hidden_layer_sizes": (16,)}


def make(**params):
    return MMDTripletOverSampler(**{"random_state": 0, **FAST, **params})


def mmd_numpy(a, b, bandwidths):
    """The biased squared MMD, written independently of the module."""

    def kernel(u, v):
        d2 = ((u[:, None, :] - v[None, :, :]) ** 2).sum(axis=-1)
        return np.mean([np.exp(-d2 / (2 * h * h)) for h in bandwidths], axis=0)

    return kernel(a, a).mean() + kernel(b, b).mean() - 2 * kernel(a, b).mean()


# --------------------------------------------------------------------------- #
# The imbalanced-learn contract
# --------------------------------------------------------------------------- #


@parametrize_with_checks(
    [
        MMDTripletOverSampler(
            max_epochs=2, batch_size=64, hidden_layer_sizes=(16,), random_state=0
        )
    ]
)
def test_imblearn_estimator_checks(estimator, check):
    check(estimator)


@pytest.mark.parametrize(
    "strategy, expected",
    [
        ("not majority", {0: 60, 1: 60, 2: 60}),
        ("not minority", {0: 60, 1: 60, 2: 15}),
        ({0: 70, 2: 40}, {0: 70, 1: 25, 2: 40}),
    ],
)
def test_counts_multiclass(multiclass_data, strategy, expected):
    X, y = multiclass_data
    X_res, y_res = make(sampling_strategy=strategy).fit_resample(X, y)
    assert dict(Counter(y_res.tolist())) == expected


def test_originals_first_and_unchanged_inputs_untouched(multiclass_data):
    X, y = multiclass_data
    X_before, y_before = X.copy(), y.copy()
    X_res, y_res = make().fit_resample(X, y)
    np.testing.assert_array_equal(X, X_before)
    np.testing.assert_array_equal(y, y_before)
    np.testing.assert_array_equal(X_res[: len(X)], X)
    np.testing.assert_array_equal(y_res[: len(y)], y)
    assert np.isfinite(X_res).all()


def test_reproducible_and_seed_dependent(binary_data):
    X, y = binary_data
    first, _ = make(random_state=3).fit_resample(X, y)
    again, _ = make(random_state=3).fit_resample(X, y)
    other, _ = make(random_state=4).fit_resample(X, y)
    np.testing.assert_array_equal(first, again)
    assert not np.allclose(first[len(X) :], other[len(X) :])
    a, _ = make(random_state=np.random.RandomState(5)).fit_resample(X, y)
    b, _ = make(random_state=5).fit_resample(X, y)
    np.testing.assert_array_equal(a, b)


def test_global_random_states_and_threads_are_left_alone(binary_data):
    X, y = binary_data
    threads = torch.get_num_threads()
    torch_state = torch.random.get_rng_state()
    numpy_state = np.random.get_state()[1].copy()
    first, _ = make().fit_resample(X, y)
    assert torch.get_num_threads() == threads
    assert torch.equal(torch.random.get_rng_state(), torch_state)
    np.testing.assert_array_equal(np.random.get_state()[1], numpy_state)
    # and the output does not depend on the global generators
    np.random.seed(123)
    torch.manual_seed(123)
    again, _ = make().fit_resample(X, y)
    np.testing.assert_array_equal(first, again)


def test_pandas_in_pandas_out(binary_data):
    X, y = binary_data
    X_df = pd.DataFrame(X, columns=["age", "dose", "weight", "score"])
    X_df.index = X_df.index + 1000
    y_s = pd.Series(y, name="outcome", index=X_df.index)
    X_before = X_df.copy()
    X_res, y_res = make().fit_resample(X_df, y_s)
    assert isinstance(X_res, pd.DataFrame)
    assert isinstance(y_res, pd.Series)
    assert list(X_res.columns) == ["age", "dose", "weight", "score"]
    assert y_res.name == "outcome"
    pd.testing.assert_frame_equal(X_df, X_before)
    X_np, _ = make().fit_resample(X, y)
    np.testing.assert_allclose(X_res.to_numpy(), X_np)


def test_float32_stays_float32_and_strings_labels_work(binary_data):
    X, y = binary_data
    labels = np.where(y == 1, "rare", "common").astype(object)
    X_res, y_res = make().fit_resample(X.astype(np.float32), labels)
    assert X_res.dtype == np.float32
    assert Counter(y_res.tolist()) == {"common": 100, "rare": 100}


def test_clone_and_pickle(binary_data):
    X, y = binary_data
    sampler = make()
    X_res, _ = sampler.fit_resample(X, y)
    restored = pickle.loads(pickle.dumps(sampler))
    assert restored.get_params() == sampler.get_params()
    assert all(p.device.type == "cpu" for p in restored.modules_[1].parameters())
    X_again, _ = clone(restored).fit_resample(X, y)
    np.testing.assert_array_equal(X_res, X_again)


def test_nothing_to_generate_returns_the_input():
    X = np.arange(40, dtype=float).reshape(20, 2)
    y = np.repeat([0, 1], 10)
    X_res, y_res = make().fit_resample(X, y)
    np.testing.assert_array_equal(X_res, X)
    np.testing.assert_array_equal(y_res, y)


# --------------------------------------------------------------------------- #
# The algorithm
# --------------------------------------------------------------------------- #


def _blobs():
    """200 rows of class 0 around the origin, 40 of class 1 overlapping them."""
    return make_blobs(
        n_samples=[200, 40],
        centers=[[0, 0, 0, 0], [2, 2, 0, 0]],
        cluster_std=[1.5, 1.0],
        random_state=1,
    )


@pytest.fixture(scope="module")
def trained():
    """Samplers trained on `_blobs` without and with the triplet term."""
    X, y = _blobs()
    out = {}
    for weight in (0.0, 0.1):
        sampler = MMDTripletOverSampler(
            max_epochs=30, batch_size=64, triplet_weight=weight, random_state=0
        )
        X_res, _ = sampler.fit_resample(X, y)
        out[weight] = sampler, X_res[len(X) :]
    return X, y, out


def test_mapped_rows_match_the_class_in_mmd(trained):
    X, y, out = trained
    sampler, new = out[0.1]
    Z = (X - sampler.mean_) / sampler.scale_
    Z_new = (new - sampler.mean_) / sampler.scale_
    bandwidths = sampler.bandwidths_[1]
    raw = mmd_numpy(Z[y == 0], Z[y == 1], bandwidths)
    after = mmd_numpy(Z_new, Z[y == 1], bandwidths)
    assert raw > 0.15
    assert after < raw / 5
    history = sampler.history_[1]
    assert len(history) == 30
    assert history[-1]["mmd"] < history[0]["mmd"] / 5
    for entry in history:
        assert entry["train_loss"] == pytest.approx(
            entry["mmd"] + 0.1 * entry["triplet"], rel=1e-5
        )
    # and with the MMD alone it matches at least as closely
    sampler0, new0 = out[0.0]
    Z_new0 = (new0 - sampler0.mean_) / sampler0.scale_
    assert mmd_numpy(Z_new0, Z[y == 1], bandwidths) < raw / 10


def test_triplet_term_keeps_rows_off_the_other_class(trained):
    X, y, out = trained
    (plain, new0), (with_triplet, new1) = out[0.0], out[0.1]
    assert not np.allclose(new0, new1)  # triplet_weight=0 changes the output
    nearest = NearestNeighbors(n_neighbors=1).fit(X)

    def share_nearest_to_class_0(new):
        return (y[nearest.kneighbors(new, return_distance=False)[:, 0]] == 0).mean()

    # fewer new rows sit nearer to a row of class 0 than to any row of class 1
    assert share_nearest_to_class_0(new1) < 0.6 * share_nearest_to_class_0(new0)
    # the triplet loss it was trained on is lower than without the term
    assert with_triplet.history_[1][-1]["triplet"] < plain.history_[1][-1]["triplet"]


def test_new_rows_are_the_map_of_source_rows():
    # With a learning rate too small to move the network, the residual map is the
    # identity it starts at: every new row is a row of another class, unchanged.
    X, y = _blobs()
    sampler = make(lr=1e-12, max_epochs=1)
    X_res, _ = sampler.fit_resample(X, y)
    new = X_res[len(X) :]
    distance, index = NearestNeighbors(n_neighbors=1).fit(X).kneighbors(new)
    assert distance.max() < 1e-6
    assert (y[index[:, 0]] == 0).all()
    assert len(np.unique(index)) < len(new)  # drawn with replacement
    # without the residual connection the network is the whole map
    direct, _ = make(lr=1e-12, max_epochs=1, residual=False).fit_resample(X, y)
    assert not np.allclose(direct[len(X) :], new)


def test_sources_are_the_other_classes(multiclass_data):
    X, y = multiclass_data
    sampler = make(sampling_strategy="not majority", lr=1e-12, max_epochs=1)
    X_res, y_res = sampler.fit_resample(X, y)
    assert sorted(sampler.modules_) == [1, 2]
    assert sorted(sampler.history_) == [1, 2]
    assert sampler.device_ in {"cpu", "cuda"}
    np.testing.assert_allclose(sampler.mean_, X.mean(axis=0))
    nearest = NearestNeighbors(n_neighbors=1).fit(X)
    for cls in (1, 2):
        new = X_res[len(X) :][y_res[len(y) :] == cls]
        index = nearest.kneighbors(new, return_distance=False)[:, 0]
        sources = set(y[index].tolist())
        assert cls not in sources
        assert len(sources) == 2  # rows of both other classes are mapped


def test_median_and_given_bandwidths(binary_data):
    X, y = binary_data
    sampler = make()
    sampler.fit_resample(X, y)
    Z_c = ((X - sampler.mean_) / sampler.scale_)[y == 1]
    i, j = np.triu_indices(len(Z_c), k=1)
    median = np.median(np.linalg.norm(Z_c[i] - Z_c[j], axis=1))
    assert sampler.median_distance_[1] == pytest.approx(median)
    np.testing.assert_allclose(
        sampler.bandwidths_[1], median * np.array([0.5, 1, 2, 4])
    )
    given = make(mmd_bandwidths=[0.7, 1.5])
    X_given, _ = given.fit_resample(X, y)
    assert given.bandwidths_[1] == (0.7, 1.5)
    assert not np.allclose(X_given, make().fit_resample(X, y)[0])


def test_danger_rows_are_the_borderline_rows():
    # on a line: class 0 at 0..4; class 1 at 2.1 (all 3 neighbours of class 0:
    # noise), 4.6 (2 of 3: borderline), 7.5 and 10..10.3 (safe)
    x = np.array([0, 1, 2, 3, 4, 2.1, 4.6, 7.5, 10, 10.1, 10.2, 10.3])
    X = np.column_stack([x, np.zeros_like(x)])
    is_class = np.arange(len(x)) >= 5
    np.testing.assert_array_equal(danger_rows(X, is_class, 3), [1])
    # no borderline row: every row of the class is a positive
    keep = x != 4.6
    np.testing.assert_array_equal(danger_rows(X[keep], is_class[keep], 3), np.arange(6))


def test_losses_agree_with_their_definitions():
    rng = np.random.RandomState(0)
    a, b = rng.normal(size=(7, 3)), rng.normal(1.0, 1.0, size=(5, 3))
    got = mmd2(torch.tensor(a), torch.tensor(b), (0.5, 2.0)).item()
    assert got == pytest.approx(mmd_numpy(a, b, (0.5, 2.0)), rel=1e-9)
    pos, neg = rng.normal(size=(4, 3)), rng.normal(size=(6, 3))
    d_pos = np.linalg.norm(a[:, None] - pos[None], axis=-1).min(axis=1)
    d_neg = np.linalg.norm(a[:, None] - neg[None], axis=-1).min(axis=1)
    expected = np.maximum(0.0, d_pos - d_neg + 0.3).mean()
    got = triplet(torch.tensor(a), torch.tensor(pos), torch.tensor(neg), 0.3).item()
    assert got == pytest.approx(expected, rel=1e-6)
    # distances in units of `unit`, the margin too
    expected = np.maximum(0.0, (d_pos - d_neg) / 2.0 + 0.3).mean()
    got = triplet(*map(torch.tensor, (a, pos, neg)), 0.3, unit=2.0).item()
    assert got == pytest.approx(expected, rel=1e-6)


def test_verbose_logs_epochs(binary_data, caplog):
    X, y = binary_data
    logger = "synthsieve.generators._mmd_triplet"
    with caplog.at_level(logging.INFO, logger=logger):
        make(verbose=1).fit_resample(X, y)
    assert "class 1 epoch 2: train_loss=" in caplog.text
    caplog.clear()
    with caplog.at_level(logging.INFO, logger=logger):
        make().fit_resample(X, y)
    assert caplog.text == ""


# --------------------------------------------------------------------------- #
# Bad input
# --------------------------------------------------------------------------- #


@pytest.mark.parametrize(
    "labels, shown",
    [((0, 1), "1"), (("common", "rare"), "'rare'")],
    ids=["int", "str"],
)
def test_a_class_of_one_row_is_refused(labels, shown):
    X = np.random.RandomState(0).normal(size=(11, 2))
    y = np.array([labels[0]] * 10 + [labels[1]])
    msg = (
        rf"MMDTripletOverSampler needs at least 2 rows of class {shown}; got 1\. "
        r"The MMD compares pairs"
    )
    with pytest.raises(ValueError, match=msg):
        make().fit_resample(X, y)


def test_no_source_row_is_refused():
    # imbalanced-learn refuses a single class before the sampler runs, so the
    # guard is reached through the hook
    X = np.random.RandomState(0).normal(size=(5, 2))
    y = np.array(["a"] * 5, dtype=object)
    msg = r"maps rows of the other classes into class 'a', but `y` holds no row"
    with pytest.raises(ValueError, match=msg):
        make()._generate(X, y, {"a": 3}, Streams.of(0))


def test_non_numeric_column_is_refused(binary_data):
    X, y = binary_data
    X_df = pd.DataFrame(X, columns=["a", "b", "c", "d"])
    X_df["colour"] = np.where(y == 1, "red", "blue")
    msg = r"MMDTripletOverSampler works on numeric features only.*\['colour'\]"
    with pytest.raises(TypeError, match=msg):
        make().fit_resample(X_df, y)


@pytest.mark.parametrize(
    "params, match",
    [
        ({"mmd_bandwidths": [1.0, -1.0]}, "'mmd_bandwidths' parameter"),
        ({"mmd_bandwidths": []}, "'mmd_bandwidths' parameter"),
        ({"mmd_bandwidths": "mean"}, "'mmd_bandwidths' parameter"),
        ({"triplet_weight": -0.1}, "'triplet_weight' parameter"),
        ({"margin": -1.0}, "'margin' parameter"),
        ({"hidden_layer_sizes": (16, 0)}, "'hidden_layer_sizes' parameter"),
        ({"k_neighbors": 0}, "'k_neighbors' parameter"),
    ],
)
def test_bad_parameters_are_named(binary_data, params, match):
    X, y = binary_data
    with pytest.raises(ValueError, match=match):
        make(**params).fit_resample(X, y)


def test_linear_map_without_hidden_layers(binary_data):
    X, y = binary_data
    X_res, _ = make(hidden_layer_sizes=()).fit_resample(X, y)
    assert np.isfinite(X_res).all()


@pytest.mark.skipif(torch.cuda.is_available(), reason="CUDA is available here")
def test_cuda_without_cuda_warns_and_uses_cpu(binary_data):
    X, y = binary_data
    sampler = make(device="cuda")
    with pytest.warns(DeviceWarning, match="CUDA is not available"):
        X_res, _ = sampler.fit_resample(X, y)
    assert sampler.device_ == "cpu"
    X_cpu, _ = make(device="cpu").fit_resample(X, y)
    np.testing.assert_array_equal(X_res, X_cpu)


@pytest.mark.skipif(not torch.cuda.is_available(), reason="needs CUDA")
def test_trains_on_cuda_and_pickles_on_cpu(binary_data):
    X, y = binary_data
    sampler = make(device="cuda")
    X_res, y_res = sampler.fit_resample(X, y)
    assert sampler.device_ == "cuda"
    assert dict(Counter(y_res.tolist())) == {0: 100, 1: 100}
    assert np.isfinite(X_res).all()
    restored = pickle.loads(pickle.dumps(sampler))
    assert all(p.device.type == "cpu" for p in restored.modules_[1].parameters())
