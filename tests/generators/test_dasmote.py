"""DASMOTE: Deep SMOTE's generator trained against a discriminator."""

import logging
import pickle
from collections import Counter

import numpy as np
import pandas as pd
import pytest
import torch
from imblearn.utils.estimator_checks import parametrize_with_checks
from sklearn.base import clone

from synthsieve import DeviceWarning
from synthsieve.generators._dasmote import DASMOTE
from synthsieve.generators._deep_smote import DeepSMOTE

FAST = {"max_epochs": 2, "n_training_pairs": 200, "hidden_layer_sizes": (16,)}


def _make(**params):
    return DASMOTE(
        **{"random_state": 0, **FAST, "discriminator_layer_sizes": (8,), **params}
    )


def _two_blobs(seed=0, n_minority=60):
    rng = np.random.RandomState(seed)
    X = np.vstack(
        [
            rng.normal(0.0, 1.0, (150, 3)),
            rng.normal(3.0, [1.0, 2.0, 0.5], (n_minority, 3)),
        ]
    )
    return X, np.array([0] * 150 + [1] * n_minority)


@parametrize_with_checks([_make()])
def test_imblearn_estimator_checks(estimator, check):
    check(estimator)


# --------------------------------------------------------------------------- #
# What the adversarial term does
# --------------------------------------------------------------------------- #


@pytest.mark.parametrize(
    "data, params",
    [
        ("binary_data", {}),
        ("multiclass_data", {"use_lambda": False, "sampling_strategy": "all"}),
    ],
)
def test_without_the_adversarial_term_it_is_deep_smote(data, params, request):
    X, y = request.getfixturevalue(data)
    deep = DeepSMOTE(random_state=0, **FAST, **params)
    adversarial = _make(adversarial_weight=0.0, **params)
    X_deep, y_deep = deep.fit_resample(X, y)
    X_adv, y_adv = adversarial.fit_resample(X, y)
    np.testing.assert_array_equal(X_adv, X_deep)
    np.testing.assert_array_equal(y_adv, y_deep)
    for cls, history in deep.history_.items():
        ours = adversarial.history_[cls]
        assert [h["train_loss"] for h in ours] == [h["train_loss"] for h in history]
        # the discriminator was still trained, and its losses recorded
        assert all(np.isfinite(h["discriminator_loss"]) for h in ours)
    assert sorted(adversarial.discriminators_) == sorted(deep.modules_)


def test_the_adversarial_term_fools_the_discriminator_at_a_price():
    X, y = _two_blobs()
    settings = {
        "max_epochs": 10,
        "n_training_pairs": 1000,
        "hidden_layer_sizes": (32, 32),
    }
    plain = DASMOTE(adversarial_weight=0.0, random_state=0, **settings)
    adversarial = DASMOTE(adversarial_weight=1.0, random_state=0, **settings)
    X_plain, _ = plain.fit_resample(X, y)
    X_adv, _ = adversarial.fit_resample(X, y)
    assert not np.allclose(X_plain[len(X) :], X_adv[len(X) :])

    def last(sampler, key, n=3):
        return np.mean([h[key] for h in sampler.history_[1][-n:]])

    # the discriminator is fooled more (its loss nearer chance, 2 log 2) ...
    assert last(adversarial, "discriminator_loss") > last(plain, "discriminator_loss")
    assert last(adversarial, "adversarial_loss") < last(plain, "adversarial_loss")
    # ... at the price of a looser fit to SMOTE's interpolation
    assert last(adversarial, "regression_loss", 1) > last(plain, "regression_loss", 1)

    # interpolation shrinks the spread of the class; the adversarial rows less so
    def shrink(X_res):
        ratio = X_res[len(X) :].std(axis=0) / X[y == 1].std(axis=0)
        return np.abs(ratio - 1).mean()

    assert shrink(X_adv) < shrink(X_plain)

    # the fitted discriminators score real rows above the generator's, and the
    # adversarial generator's rows less far below
    gap_plain = _critic_gap(plain, X[y == 1], X_plain[len(X) :])
    gap_adv = _critic_gap(adversarial, X[y == 1], X_adv[len(X) :])
    assert gap_plain > 0.05
    assert gap_adv < gap_plain


def test_history_records_both_networks_losses(binary_data):
    X, y = binary_data
    sampler = _make(max_epochs=3, adversarial_weight=0.5)
    sampler.fit_resample(X, y)
    history = sampler.history_[1]
    assert [h["epoch"] for h in history] == [1, 2, 3]
    for h in history:
        assert set(h) == {
            "epoch",
            "train_loss",
            "regression_loss",
            "adversarial_loss",
            "discriminator_loss",
        }
        total = h["regression_loss"] + 0.5 * h["adversarial_loss"]
        assert h["train_loss"] == pytest.approx(total, rel=1e-5)
        assert 0 < h["discriminator_loss"] < 10
    assert len({h["discriminator_loss"] for h in history}) == 3  # it changes


def _critic_gap(sampler, X_real, X_new):
    """Mean logit of the class's discriminator on real rows minus on new rows."""
    critic = sampler.discriminators_[1]
    assert not critic.training
    assert all(p.device.type == "cpu" for p in critic.parameters())
    mean, scale = sampler.mean_[1], sampler.scale_[1]
    with torch.no_grad():
        logits = [
            critic(torch.as_tensor((rows - mean) / scale, dtype=torch.float32))
            for rows in (X_real, X_new)
        ]
    assert logits[0].shape == (len(X_real), 1)
    return (logits[0].mean() - logits[1].mean()).item()


# --------------------------------------------------------------------------- #
# The sampler's contract
# --------------------------------------------------------------------------- #


@pytest.mark.parametrize("strategy", ["auto", {1: 30, 2: 40}, "not minority"])
def test_one_discriminator_per_grown_class(multiclass_data, strategy):
    """The counts themselves are the conformance test's; here, each class that
    grows gets its generator and its discriminator, and no other class does."""
    X, y = multiclass_data
    sampler = _make(sampling_strategy=strategy)
    _, y_res = sampler.fit_resample(X, y)
    counts = Counter(y_res.tolist())
    grown = sorted(c for c in counts if counts[c] > int(np.sum(y == c)))
    assert grown
    assert sorted(sampler.discriminators_) == grown == sorted(sampler.modules_)


def test_originals_first_unchanged_and_input_untouched(multiclass_data):
    X, y = multiclass_data
    X_before, y_before = X.copy(), y.copy()
    X_res, y_res = _make().fit_resample(X, y)
    np.testing.assert_array_equal(X, X_before)
    np.testing.assert_array_equal(y, y_before)
    np.testing.assert_array_equal(X_res[: len(X)], X)
    np.testing.assert_array_equal(y_res[: len(y)], y)
    assert np.isfinite(X_res).all()


def test_reproducible_seed_dependent_and_global_rngs_untouched(binary_data):
    X, y = binary_data
    torch_state = torch.random.get_rng_state()
    numpy_state = np.random.get_state()[1].copy()
    threads = torch.get_num_threads()
    first, _ = _make(random_state=3).fit_resample(X, y)
    assert torch.equal(torch.random.get_rng_state(), torch_state)
    np.testing.assert_array_equal(np.random.get_state()[1], numpy_state)
    assert torch.get_num_threads() == threads
    np.random.seed(123)
    torch.manual_seed(123)
    again, _ = _make(random_state=np.random.RandomState(3)).fit_resample(X, y)
    other, _ = _make(random_state=4).fit_resample(X, y)
    np.testing.assert_array_equal(first, again)
    assert not np.allclose(first[len(X) :], other[len(X) :])


def test_pandas_in_pandas_out_and_float32_kept(binary_data):
    X, y = binary_data
    X_df = pd.DataFrame(
        X.astype(np.float32), columns=["age", "dose", "weight", "score"]
    )
    X_df.index += 1000
    y_s = pd.Series(y, name="outcome", index=X_df.index)
    X_before = X_df.copy()
    X_res, y_res = _make().fit_resample(X_df, y_s)
    assert isinstance(X_res, pd.DataFrame) and isinstance(y_res, pd.Series)
    assert list(X_res.columns) == ["age", "dose", "weight", "score"]
    assert y_res.name == "outcome"
    assert (X_res.dtypes == np.float32).all()
    pd.testing.assert_frame_equal(X_df, X_before)
    X_np, _ = _make().fit_resample(X.astype(np.float32), y)
    np.testing.assert_array_equal(X_res.to_numpy(), X_np)


def test_clone_and_pickle(binary_data):
    X, y = binary_data
    sampler = _make(adversarial_weight=0.3, discriminator_lr=5e-3)
    assert clone(sampler).get_params() == sampler.get_params()
    X_res, _ = sampler.fit_resample(X, y)
    restored = pickle.loads(pickle.dumps(sampler))
    assert restored.get_params() == sampler.get_params()
    assert sorted(restored.discriminators_) == [1]
    X_again, _ = clone(restored).fit_resample(X, y)
    np.testing.assert_array_equal(X_res, X_again)


def test_verbose_logs_both_losses(binary_data, caplog):
    X, y = binary_data
    with caplog.at_level(logging.INFO, logger="synthsieve.generators._dasmote"):
        _make(verbose=1).fit_resample(X, y)
    assert "DASMOTE class 1 epoch 2: train_loss=" in caplog.text
    assert "epoch 2: regression_loss=" in caplog.text
    assert "discriminator_loss=" in caplog.text
    caplog.clear()
    with caplog.at_level(logging.INFO, logger="synthsieve.generators._dasmote"):
        _make().fit_resample(X, y)
    assert caplog.text == ""


# --------------------------------------------------------------------------- #
# Bad input
# --------------------------------------------------------------------------- #


def test_too_few_rows_of_a_class_is_explained():
    rng = np.random.RandomState(0)
    X = rng.normal(size=(24, 2))
    y = np.array([0] * 20 + [1] * 4)
    msg = (
        r"DASMOTE needs at least k_neighbors \+ 1 = 6 rows of class 1; got 4\. "
        r"Lower `k_neighbors`\."
    )
    with pytest.raises(ValueError, match=msg):
        _make().fit_resample(X, y)
    y_str = np.array(["a"] * 20 + ["b"] * 4)
    with pytest.raises(ValueError, match=r"rows of class 'b'; got 4"):
        _make().fit_resample(X, y_str)


def test_non_numeric_column_is_refused(binary_data):
    X, y = binary_data
    X_df = pd.DataFrame(X, columns=["a", "b", "c", "d"])
    X_df["colour"] = np.where(y == 1, "red", "blue")
    msg = r"DASMOTE works on numeric features only.*\['colour'\].*One-hot encode"
    with pytest.raises(TypeError, match=msg):
        _make().fit_resample(X_df, y)


@pytest.mark.parametrize(
    "params, match",
    [
        ({"adversarial_weight": -0.1}, "'adversarial_weight' parameter of DASMOTE"),
        ({"discriminator_lr": 0.0}, "'discriminator_lr' parameter of DASMOTE"),
        (
            {"discriminator_layer_sizes": (8, 0)},
            r"'discriminator_layer_sizes' parameter of DASMOTE must hold positive "
            r"integers, e\.g\. \(32, 32\)\. Got \(8, 0\) instead\.",
        ),
        ({"hidden_layer_sizes": (16, 0)}, "'hidden_layer_sizes' parameter of DASMOTE"),
    ],
)
def test_bad_parameters_are_named(binary_data, params, match):
    X, y = binary_data
    with pytest.raises(ValueError, match=match):
        _make(**params).fit_resample(X, y)


def test_linear_networks_are_allowed(binary_data):
    X, y = binary_data
    sampler = _make(hidden_layer_sizes=(), discriminator_layer_sizes=())
    X_res, _ = sampler.fit_resample(X, y)
    assert np.isfinite(X_res).all()
    assert len(sampler.discriminators_[1]) == 1  # one Linear layer


@pytest.mark.skipif(torch.cuda.is_available(), reason="CUDA is available here")
def test_cuda_without_cuda_warns_and_uses_cpu(binary_data):
    X, y = binary_data
    sampler = _make(device="cuda")
    with pytest.warns(DeviceWarning, match="CUDA is not available"):
        X_res, _ = sampler.fit_resample(X, y)
    assert sampler.device_ == "cpu"
    X_cpu, _ = _make(device="cpu").fit_resample(X, y)
    np.testing.assert_array_equal(X_res, X_cpu)


@pytest.mark.skipif(not torch.cuda.is_available(), reason="needs CUDA")
def test_trains_on_cuda_and_pickles_on_cpu(binary_data):
    X, y = binary_data
    sampler = _make(device="cuda")
    X_res, y_res = sampler.fit_resample(X, y)
    assert sampler.device_ == "cuda"
    assert dict(Counter(y_res.tolist())) == {0: 100, 1: 100}
    assert np.isfinite(X_res).all()
    restored = pickle.loads(pickle.dumps(sampler))
    for module in [*restored.modules_.values(), *restored.discriminators_.values()]:
        assert all(p.device.type == "cpu" for p in module.parameters())
