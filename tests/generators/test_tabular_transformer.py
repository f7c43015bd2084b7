"""TabularTransformerOverSampler: the imbalanced-learn contract, binned tokens,
feature conditioning, interpolated training rows and diversity."""

import logging
import pickle
from collections import Counter

import numpy as np
import pandas as pd
import pytest
import torch
from imblearn.pipeline import Pipeline
from imblearn.utils.estimator_checks import parametrize_with_checks
from sklearn.base import clone
from sklearn.linear_model import LogisticRegression

from synthsieve import DeviceWarning
from synthsieve.generators._tabular_transformer import (
    TabularTransformerOverSampler,
    _bin_codes,
    _build_module,
    _interpolate,
    _sample_codes,
)

FAST = {
    "max_epochs": 2,
    "d_model": 16,
    "n_layers": 1,
    "n_heads": 2,
    "n_bins": 8,
    "batch_size": 64,
}


def make(**params):
    """A sampler with fast settings and random_state=0 unless overridden."""
    return TabularTransformerOverSampler(**{"random_state": 0, **FAST, **params})


def _codes(sampler, X):
    return _bin_codes(X, sampler.bin_edges_, sampler.categories_)


def _correlated(seed=0, n_minority=60):
    """Class 1's second column repeats its first (times 2, plus small noise);
    its third column is independent. Class 0 is noise elsewhere."""
    rng = np.random.RandomState(seed)
    x0 = rng.uniform(0, 10, n_minority)
    minority = np.column_stack(
        [x0, 2 * x0 + rng.normal(0, 0.05, n_minority), rng.normal(size=n_minority)]
    )
    majority = rng.normal(20, 1, (150, 3))
    return np.vstack([majority, minority]), np.array([0] * 150 + [1] * n_minority)


# -- the imbalanced-learn contract ---------------------------------------------


# larger batches: imbalanced-learn's checks resample a thousand rows or more
@parametrize_with_checks([make(n_bins=4, max_epochs=1, batch_size=512)])
def test_imblearn_estimator_checks(estimator, check):
    check(estimator)


def test_multiclass_counts_and_one_network_for_all_classes(multiclass_data):
    X, y = multiclass_data
    sampler = make(sampling_strategy="not majority")
    X_res, y_res = sampler.fit_resample(X, y)
    assert dict(Counter(y_res.tolist())) == {0: 60, 1: 60, 2: 60}
    assert sampler.class_tokens_ == {1: 0, 2: 1}
    # new rows of each class stay in the range of that class's rows
    for cls in (1, 2):
        new = X_res[len(X) :][y_res[len(X) :] == cls]
        assert (new >= X[np.isin(y, [1, 2])].min(axis=0)).all()
        assert (new <= X[np.isin(y, [1, 2])].max(axis=0)).all()


def test_originals_first_and_inputs_untouched(multiclass_data):
    X, y = multiclass_data
    X_before, y_before = X.copy(), y.copy()
    X_res, y_res = make().fit_resample(X, y)
    np.testing.assert_array_equal(X, X_before)
    np.testing.assert_array_equal(y, y_before)
    np.testing.assert_array_equal(X_res[: len(X)], X)
    np.testing.assert_array_equal(y_res[: len(y)], y)
    assert np.isfinite(X_res).all()
    assert (np.diff(y_res[len(y) :]) >= 0).all()


def test_reproducible_seed_dependent_and_global_state_untouched(binary_data):
    X, y = binary_data
    threads = torch.get_num_threads()
    torch_state = torch.random.get_rng_state()
    numpy_state = np.random.get_state()[1].copy()
    first, _ = make(random_state=3).fit_resample(X, y)
    assert torch.get_num_threads() == threads
    assert torch.equal(torch.random.get_rng_state(), torch_state)
    np.testing.assert_array_equal(np.random.get_state()[1], numpy_state)
    # the global generators do not steer the result
    np.random.seed(123)
    torch.manual_seed(123)
    again, _ = make(random_state=3).fit_resample(X, y)
    other, _ = make(random_state=4).fit_resample(X, y)
    np.testing.assert_array_equal(first, again)
    assert not np.allclose(first[len(X) :], other[len(X) :])
    from_instance, _ = make(random_state=np.random.RandomState(3)).fit_resample(X, y)
    np.testing.assert_array_equal(first, from_instance)


def test_pandas_in_pandas_out(binary_data):
    X, y = binary_data
    X_df = pd.DataFrame(X, columns=["age", "dose", "weight", "score"])
    X_df.index = X_df.index + 1000
    y_s = pd.Series(y, name="outcome", index=X_df.index)
    X_before = X_df.copy()
    X_res, y_res = make().fit_resample(X_df, y_s)
    assert isinstance(X_res, pd.DataFrame) and isinstance(y_res, pd.Series)
    assert list(X_res.columns) == ["age", "dose", "weight", "score"]
    assert y_res.name == "outcome"
    pd.testing.assert_frame_equal(X_df, X_before)
    X_np, _ = make().fit_resample(X, y)
    np.testing.assert_allclose(X_res.to_numpy(), X_np)


def test_float32_stays_float32_and_integers_give_float_rows(binary_data):
    X, y = binary_data
    X_res, _ = make().fit_resample(X.astype(np.float32), y)
    assert X_res.dtype == np.float32
    X_int = np.round(X * 10).astype(np.int64)
    X_res, _ = make().fit_resample(X_int, y)
    assert X_res.dtype == np.float64
    np.testing.assert_array_equal(X_res[: len(X)], X_int)


def test_nothing_to_generate_returns_the_input():
    X = np.arange(40, dtype=float).reshape(20, 2)
    y = np.repeat([0, 1], 10)
    X_res, y_res = make().fit_resample(X, y)
    np.testing.assert_array_equal(X_res, X)
    np.testing.assert_array_equal(y_res, y)


def test_clone_pickle_and_pipeline(binary_data):
    X, y = binary_data
    sampler = make()
    X_res, _ = sampler.fit_resample(X, y)
    restored = pickle.loads(pickle.dumps(sampler))
    assert restored.get_params() == sampler.get_params()
    assert all(p.device.type == "cpu" for p in restored.module_.parameters())
    X_again, _ = clone(restored).fit_resample(X, y)
    np.testing.assert_array_equal(X_res, X_again)
    pipe = Pipeline([("sampler", make()), ("clf", LogisticRegression())]).fit(X, y)
    assert pipe.score(X, y) > 0.7


# -- what the algorithm promises -----------------------------------------------


def test_new_rows_stay_in_the_observed_range_of_their_class(binary_data):
    X, y = binary_data
    sampler = make(max_epochs=5, temperature=3.0)  # flat: reaches the end bins
    X_res, _ = sampler.fit_resample(X, y)
    new, own = X_res[len(X) :], X[y == 1]
    assert (new >= own.min(axis=0)).all() and (new <= own.max(axis=0)).all()
    # the end bins are used, so the check above is not vacuous
    assert (np.abs(new.min(axis=0) - own.min(axis=0)) < np.ptp(own, axis=0) / 4).all()
    # bins span each column of the class, from its smallest to its largest value
    for j, edges in enumerate(sampler.bin_edges_):
        assert edges[0] == own[:, j].min() and edges[-1] == own[:, j].max()
        assert 2 <= len(edges) <= sampler.n_bins + 1


def test_values_are_drawn_within_bins_not_copied():
    X, y = _correlated()
    sampler = make(max_epochs=40, prefix_fraction=0.0)
    X_res, _ = sampler.fit_resample(X, y)
    new, own = X_res[len(X) :], X[y == 1]
    # real-valued: almost no new value repeats a training value
    assert np.isin(new, own).mean() < 0.01


def test_network_learns_the_dependence_between_columns():
    X, y = _correlated()
    trained = make(max_epochs=60, d_model=32, lr=3e-3, prefix_fraction=0.0)
    X_res, _ = trained.fit_resample(X, y)
    new = X_res[len(X) :]
    assert np.corrcoef(new[:, 0], new[:, 1])[0, 1] > 0.8
    assert abs(np.corrcoef(new[:, 0], new[:, 2])[0, 1]) < 0.4
    history = trained.history_
    assert len(history) == 60
    assert history[-1]["train_loss"] < 0.75 * history[0]["train_loss"]
    # an untrained network knows no dependence
    untrained = make(max_epochs=1, lr=1e-6, prefix_fraction=0.0)
    X_res, _ = untrained.fit_resample(X, y)
    new = X_res[len(X) :]
    assert abs(np.corrcoef(new[:, 0], new[:, 1])[0, 1]) < 0.3


def test_bin_patterns_are_mostly_not_copies_of_training_rows(binary_data):
    X, y = binary_data
    sampler = make(max_epochs=40, d_model=32)
    X_res, _ = sampler.fit_resample(X, y)
    assert sampler.history_[-1]["train_loss"] < sampler.history_[0]["train_loss"]
    real = {tuple(row) for row in _codes(sampler, X[y == 1])}
    new = _codes(sampler, X_res[len(X) :])
    copied = np.mean([tuple(row) in real for row in new])
    assert copied < 0.5
    # and the new rows differ from one another
    assert len({tuple(row) for row in new}) > 0.5 * len(new)


def test_prefix_columns_carry_the_bins_of_a_real_row():
    X, y = _correlated(n_minority=40)
    X = np.column_stack([X, X[:, 2] ** 2, -X[:, 0]])  # five columns
    own_codes = None

    def best_match(prefix_fraction):
        nonlocal own_codes
        sampler = make(
            max_epochs=1,
            lr=1e-6,
            n_bins=32,
            prefix_fraction=prefix_fraction,
            sampling_strategy={1: 500},
        )
        X_res, _ = sampler.fit_resample(X, y)
        own_codes = _codes(sampler, X[y == 1])
        new = _codes(sampler, X_res[len(X) :])
        shared = (new[:, None, :] == own_codes[None, :, :]).sum(axis=2)
        return shared.max(axis=1)

    # prefix_fraction=1: 1 to 4 (2.5 on average) of the 5 columns come from one
    # real row, so every new row shares at least one column's bin with a row of
    # its class, and usually more than a near-untrained network gives by chance
    conditioned = best_match(1.0)
    unconditioned = best_match(0.0)
    assert (conditioned >= 1).all()
    assert conditioned.mean() > 2.3
    assert conditioned.mean() > unconditioned.mean() + 0.8


def test_sample_codes_copies_exactly_the_prefix():
    gen = torch.Generator().manual_seed(0)
    n_bins = torch.tensor([3, 5, 4, 2])
    offsets = torch.tensor([1, 4, 9, 13])
    module = _build_module(15, 4, 5, 8, 1, 2, gen).eval()
    given = torch.tensor([[2, 4, 3, 1]] * 200)
    n_given = np.repeat([0, 1, 2, 3, 4], 40)
    codes = _sample_codes(
        module,
        torch.zeros(200, dtype=torch.long),
        given,
        n_given,
        offsets,
        n_bins,
        1.0,
        gen,
    ).numpy()
    assert (codes < n_bins.numpy()).all() and (codes >= 0).all()
    equal = (codes == given.numpy()).sum(axis=1)
    assert (equal >= n_given).all()
    np.testing.assert_array_equal(codes[n_given == 4], given.numpy()[n_given == 4])
    # sampled columns differ from the real row at random (about 1 - 1/bins)
    assert (equal[n_given == 0] < 4).mean() > 0.7


def test_low_temperature_concentrates_the_sampled_bins(binary_data):
    X, y = binary_data
    distinct = {}
    for temperature in (0.05, 3.0):
        sampler = make(max_epochs=40, prefix_fraction=0.0, temperature=temperature)
        X_res, _ = sampler.fit_resample(X, y)
        new = _codes(sampler, X_res[len(X) :])
        distinct[temperature] = len({tuple(row) for row in new})
    assert distinct[0.05] < distinct[3.0]


def test_interpolated_rows_lie_on_segments_and_take_discrete_ends():
    rng = np.random.RandomState(0)
    X_c = np.column_stack(
        [rng.normal(size=30), rng.normal(size=30), rng.randint(3, size=30)]
    )
    discrete = np.array([False, False, True])
    new = _interpolate(X_c, 200, 3, discrete, np.random.RandomState(1))
    assert new.shape == (200, 3)
    assert np.isin(new[:, 2], X_c[:, 2]).all()
    assert (new[:, :2].min(axis=0) >= X_c[:, :2].min(axis=0)).all()
    assert (new[:, :2].max(axis=0) <= X_c[:, :2].max(axis=0)).all()
    # each continuous part is on a segment between two rows of the class
    A = X_c[:, None, :2]  # (30, 1, 2) start
    seg = X_c[None, :, :2] - A  # (30, 30, 2) to every other row
    for row in new[:50, :2]:
        length = np.maximum((seg**2).sum(axis=2), 1e-12)
        lam = ((row - A) * seg).sum(axis=2) / length
        off = np.linalg.norm(A + lam[..., None] * seg - row, axis=2)
        assert ((lam >= 0) & (lam <= 1) & (off < 1e-9)).any()


def test_interpolation_ratio_changes_the_training_rows(binary_data):
    X, y = binary_data
    with_interp = make(max_epochs=1)
    without = make(max_epochs=1, interpolation_ratio=0.0)
    with_interp.fit_resample(X, y)
    without.fit_resample(X, y)
    # the loss is averaged over a different number of rows
    assert with_interp.history_[0]["train_loss"] != without.history_[0]["train_loss"]
    # without interpolation a class needs just one row
    X_small = np.vstack([X[y == 0], X[y == 1][:3]])
    y_small = np.array([0] * 100 + [1] * 3)
    X_res, y_res = make(interpolation_ratio=0.0).fit_resample(X_small, y_small)
    assert Counter(y_res.tolist()) == {0: 100, 1: 100}


def test_use_all_classes_trains_on_every_class(binary_data):
    X, y = binary_data
    sampler = make(use_all_classes=True)
    X_res, y_res = sampler.fit_resample(X, y)
    assert sampler.class_tokens_ == {0: 0, 1: 1}
    assert sampler.bin_edges_[0][0] == X[:, 0].min()
    assert (X_res >= X.min(axis=0)).all() and (X_res <= X.max(axis=0)).all()
    assert Counter(y_res.tolist()) == {0: 100, 1: 100}


# -- discrete (integer-coded) columns ------------------------------------------


def _with_codes(binary_data):
    X, y = binary_data
    rng = np.random.RandomState(0)
    codes = np.where(y == 1, rng.choice([3, 7, 9], size=len(y)), 0).astype(float)
    many = rng.randint(0, 60, size=len(y)).astype(float)  # whole, but 60 values
    return np.column_stack([X, codes, many]), y


def test_auto_gives_whole_columns_with_few_values_one_token_each(binary_data):
    X, y = _with_codes(binary_data)
    sampler = make(n_bins=8)
    X_res, _ = sampler.fit_resample(X, y)
    new = X_res[len(X) :]
    np.testing.assert_array_equal(sampler.categories_[4], np.unique(X[y == 1, 4]))
    assert sampler.bin_edges_[4] is None
    assert np.isin(new[:, 4], [3, 7, 9]).all()
    # the column of 60 whole values (more than n_bins among the class's 20 rows)
    # is binned: its new values are real numbers
    assert sampler.categories_[5] is None or len(sampler.categories_[5]) <= 8
    assert sampler.categories_[0] is None


@pytest.mark.parametrize(
    "spec", [[5], [-1], np.array([False] * 5 + [True])], ids=["index", "neg", "mask"]
)
def test_categorical_features_given_explicitly(binary_data, spec):
    X, y = _with_codes(binary_data)
    sampler = make(categorical_features=spec)
    X_res, _ = sampler.fit_resample(X, y)
    assert sampler.bin_edges_[5] is None and sampler.bin_edges_[4] is not None
    assert np.isin(X_res[len(X) :, 5], X[y == 1, 5]).all()


def test_categorical_features_by_name_and_none(binary_data):
    X, y = _with_codes(binary_data)
    X_df = pd.DataFrame(X, columns=["a", "b", "c", "d", "code", "count"])
    sampler = make(categorical_features=["count"])
    sampler.fit_resample(X_df, y)
    assert sampler.bin_edges_[5] is None and sampler.bin_edges_[4] is not None
    sampler = make(categorical_features=None)
    X_res, _ = sampler.fit_resample(X, y)
    assert all(cats is None for cats in sampler.categories_)
    assert not np.isin(X_res[len(X) :, 4], [3, 7, 9]).all()


@pytest.mark.parametrize(
    "spec, match",
    [
        (
            [7],
            r"`categorical_features` holds column indices out of range for 6 "
            r"features: \[7\]",
        ),
        (["age"], r"`categorical_features` holds column names, but `X` has no string"),
        (
            np.array([True, False]),
            r"boolean mask needs one entry per feature \(6\); got 2",
        ),
        ([1.5], r"must hold column indices, column names or booleans"),
    ],
    ids=["index", "name", "mask", "float"],
)
def test_bad_categorical_features_are_named(binary_data, spec, match):
    X, y = _with_codes(binary_data)
    with pytest.raises(ValueError, match=match):
        make(categorical_features=spec).fit_resample(X, y)


def test_unknown_column_name_is_named(binary_data):
    X, y = _with_codes(binary_data)
    X_df = pd.DataFrame(X, columns=["a", "b", "c", "d", "code", "count"])
    with pytest.raises(
        ValueError, match=r"names columns that are not in `X`: \['cnt'\]"
    ):
        make(categorical_features=["cnt"]).fit_resample(X_df, y)


# -- bad input -----------------------------------------------------------------


def test_too_few_rows_of_a_class_is_explained():
    rng = np.random.RandomState(0)
    X = rng.normal(size=(24, 2))
    y = np.array([0] * 20 + [1] * 4)
    msg = (
        r"TabularTransformerOverSampler needs at least k_neighbors \+ 1 = 6 rows of "
        r"class 1; got 4\. Lower `k_neighbors` or set interpolation_ratio=0\."
    )
    with pytest.raises(ValueError, match=msg):
        make().fit_resample(X, y)


def test_non_numeric_columns_are_refused_with_advice(binary_data):
    X, y = binary_data
    X_df = pd.DataFrame(X, columns=["a", "b", "c", "d"])
    X_df["colour"] = pd.Categorical(np.where(y == 1, "red", "blue"))
    msg = (
        r"works on numeric features only.*\['colour'\].*One-hot encode.*"
        r"integer-code them .* `categorical_features`"
    )
    with pytest.raises(TypeError, match=msg):
        make().fit_resample(X_df, y)
    X_obj = X.astype(object)
    X_obj[:, 2] = "n/a"
    with pytest.raises(TypeError, match=r"not numeric: \['2'\]"):
        make().fit_resample(X_obj, y)


@pytest.mark.parametrize(
    "params, match",
    [
        (
            {"d_model": 30, "n_heads": 4},
            r"`d_model` to be a multiple of `n_heads`; "
            r"got d_model=30 and n_heads=4",
        ),
        ({"n_bins": 1}, r"'n_bins' parameter of TabularTransformerOverSampler"),
        ({"temperature": 0}, r"'temperature' parameter"),
        ({"prefix_fraction": 1.5}, r"'prefix_fraction' parameter"),
        ({"categorical_features": "all"}, r"'categorical_features' parameter"),
        ({"sampling_strategy": "most"}, r"'sampling_strategy' parameter"),
    ],
)
def test_bad_parameters_are_named(binary_data, params, match):
    X, y = binary_data
    with pytest.raises(ValueError, match=match):
        make(**params).fit_resample(X, y)


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
    sampler = make(device="cuda", max_epochs=5)
    X_res, y_res = sampler.fit_resample(X, y)
    assert sampler.device_ == "cuda"
    assert Counter(y_res.tolist()) == {0: 100, 1: 100}
    own = X[y == 1]
    new = X_res[len(X) :]
    assert (new >= own.min(axis=0)).all() and (new <= own.max(axis=0)).all()
    restored = pickle.loads(pickle.dumps(sampler))
    assert all(p.device.type == "cpu" for p in restored.module_.parameters())


def test_verbose_logs_epochs(binary_data, caplog):
    X, y = binary_data
    name = "synthsieve.generators._tabular_transformer"
    with caplog.at_level(logging.INFO, logger=name):
        make(verbose=1).fit_resample(X, y)
    assert "epoch 2: train_loss=" in caplog.text
    caplog.clear()
    with caplog.at_level(logging.INFO, logger=name):
        make().fit_resample(X, y)
    assert caplog.text == ""
