"""Tests of MLPDetector, the torch MLP behind the scikit-learn API."""

import logging
import pickle
import subprocess
import sys
import warnings

import joblib
import numpy as np
import pandas as pd
import pytest
import torch
from numpy.testing import assert_allclose, assert_array_equal
from sklearn.base import clone
from sklearn.datasets import make_blobs, make_classification
from sklearn.metrics import roc_auc_score
from sklearn.utils._param_validation import InvalidParameterError
from sklearn.utils.estimator_checks import parametrize_with_checks

from synthsieve._warn import SynthsieveWarning
from synthsieve.detectors import DeviceWarning, MLPDetector, make_detector

# A few large steps are enough for the checks' small, easy problems.
FAST = {"max_epochs": 20, "batch_size": 32, "lr": 1e-2}


@parametrize_with_checks([MLPDetector(**FAST, random_state=0)])
def test_sklearn_compatible(estimator, check):
    check(estimator)


@pytest.fixture(scope="module")
def blobs():
    X, y = make_blobs(
        n_samples=300, centers=[[-3, -3, 0], [3, 3, 0]], cluster_std=1.0, random_state=0
    )
    return X, y


@pytest.fixture(scope="module")
def fitted(blobs):
    X, y = blobs
    return MLPDetector(**FAST, random_state=0).fit(X, y)


def _weights(model):
    return torch.cat([p.detach().ravel() for p in model.module_.parameters()])


def test_clone_refits_to_the_same_model(blobs, fitted):
    X, y = blobs
    twin = clone(fitted)
    assert not hasattr(twin, "module_")
    assert_array_equal(twin.fit(X, y).predict_proba(X), fitted.predict_proba(X))


@pytest.mark.parametrize("dumper", ["pickle", "joblib"])
def test_pickle_round_trip(blobs, fitted, dumper, tmp_path):
    X, _ = blobs
    if dumper == "pickle":
        loaded = pickle.loads(pickle.dumps(fitted))
    else:
        joblib.dump(fitted, tmp_path / "model.joblib")
        loaded = joblib.load(tmp_path / "model.joblib")
    assert_array_equal(loaded.predict_proba(X), fitted.predict_proba(X))
    assert loaded.history_ == fitted.history_


def test_same_random_state_same_model(blobs):
    X, y = blobs
    a = MLPDetector(**FAST, random_state=3).fit(X, y)
    b = MLPDetector(**FAST, random_state=3).fit(X, y)
    assert_array_equal(a.predict_proba(X), b.predict_proba(X))
    assert a.history_ == b.history_


def test_different_random_state_different_model(blobs):
    X, y = blobs
    a = MLPDetector(max_epochs=1, random_state=0).fit(X, y)
    b = MLPDetector(max_epochs=1, random_state=1).fit(X, y)
    assert not torch.equal(_weights(a), _weights(b))


def test_global_random_and_thread_state_untouched(blobs):
    X, y = blobs
    torch_state = torch.get_rng_state()
    numpy_state = np.random.get_state()[1].copy()
    threads = torch.get_num_threads()
    MLPDetector(max_epochs=2, random_state=0).fit(X, y).predict_proba(X)
    assert torch.equal(torch.get_rng_state(), torch_state)
    assert_array_equal(np.random.get_state()[1], numpy_state)
    assert torch.get_num_threads() == threads


def test_learns_a_separable_problem():
    X, y = make_blobs(n_samples=400, centers=[[-2, -2], [2, 2]], random_state=1)
    clf = MLPDetector(random_state=0).fit(X[::2], y[::2])
    assert roc_auc_score(y[1::2], clf.predict_proba(X[1::2])[:, 1]) > 0.95


def test_multiclass_probabilities():
    X, y = make_blobs(n_samples=300, centers=4, random_state=0)
    clf = MLPDetector(**FAST, random_state=0).fit(X, y)
    proba = clf.predict_proba(X)
    assert proba.shape == (300, 4)
    assert_allclose(proba.sum(axis=1), 1.0)
    assert clf.module_[-1].out_features == 4
    assert clf.score(X, y) > 0.9


def test_binary_uses_one_sigmoid_output(fitted):
    assert fitted.module_[-1].out_features == 1
    assert [m.out_features for m in fitted.module_ if hasattr(m, "out_features")] == [
        30,
        20,
        1,
    ]
    assert isinstance(fitted.module_[1], torch.nn.LeakyReLU)


def test_history_and_early_stopping(blobs):
    X, y = blobs
    clf = MLPDetector(max_epochs=100, lr=1e-2, patience=3, random_state=0).fit(X, y)
    assert clf.n_epochs_ < 100
    assert clf.n_epochs_ == len(clf.history_)
    assert [h["epoch"] for h in clf.history_] == list(range(1, clf.n_epochs_ + 1))
    for record in clf.history_:
        assert set(record) == {"epoch", "train_loss", "valid_loss", "lr"}
        assert np.isfinite(record["train_loss"]) and np.isfinite(record["valid_loss"])
    assert clf.history_[-1]["train_loss"] < clf.history_[0]["train_loss"]


def test_learning_rate_drops_on_a_plateau():
    # Labels independent of X: the validation loss cannot keep improving.
    rng = np.random.RandomState(0)
    X, y = rng.normal(size=(200, 3)), rng.randint(2, size=200)
    clf = MLPDetector(
        max_epochs=30,
        lr=1e-2,
        lr_patience=0,
        lr_factor=0.5,
        patience=30,
        random_state=0,
    ).fit(X, y)
    lrs = [h["lr"] for h in clf.history_]
    assert lrs[0] == 1e-2
    assert min(lrs) < 1e-2
    assert all(later <= earlier for earlier, later in zip(lrs, lrs[1:]))


def test_keeps_the_best_validation_epoch():
    rng = np.random.RandomState(0)
    X, y = rng.normal(size=(200, 3)), rng.randint(2, size=200)
    clf = MLPDetector(max_epochs=15, lr=5e-2, patience=15, random_state=0).fit(X, y)
    losses = [h["valid_loss"] for h in clf.history_]
    assert np.argmin(losses) < len(losses) - 1, "pick a run whose best epoch is early"
    # Recompute the validation loss of the kept weights on the same split.
    refit = MLPDetector(max_epochs=15, lr=5e-2, patience=15, random_state=0)
    refit.set_params(max_epochs=int(np.argmin(losses)) + 1).fit(X, y)
    assert_allclose(refit.predict_proba(X), clf.predict_proba(X), rtol=1e-5)


@pytest.mark.parametrize("validation_fraction", [0.0, 0.1])
def test_small_data_trains_on_all_rows(validation_fraction):
    X = np.array([[0.0], [0.1], [0.2], [1.0], [1.1], [1.2]])
    y = np.array([0, 0, 0, 1, 1, 1])
    clf = MLPDetector(
        max_epochs=40,
        lr=5e-2,
        patience=1,
        validation_fraction=validation_fraction,
        random_state=0,
    ).fit(X, y)
    assert clf.n_epochs_ == 40
    assert all(h["valid_loss"] is None for h in clf.history_)
    assert all(h["lr"] == 5e-2 for h in clf.history_)
    assert_array_equal(clf.predict(X), y)


def test_no_validation_when_a_class_has_one_row():
    X = np.arange(20, dtype=float).reshape(-1, 1)
    y = np.array([0] * 19 + [1])
    clf = MLPDetector(max_epochs=3, random_state=0).fit(X, y)
    assert clf.n_epochs_ == 3
    assert all(h["valid_loss"] is None for h in clf.history_)


def test_constant_columns(blobs):
    X, y = blobs
    X = np.column_stack([X, np.zeros(len(X)), np.full(len(X), 1e6)])
    clf = MLPDetector(**FAST, random_state=0).fit(X, y)
    assert_array_equal(clf.scale_[-2:], [1.0, 1.0])
    proba = clf.predict_proba(X)
    assert np.isfinite(proba).all()
    assert clf.score(X, y) > 0.95


def test_inputs_are_standardised():
    # The same problem in wildly different units gives the same model.
    X, y = make_classification(n_samples=200, n_features=4, random_state=0)
    scaled = X * np.array([1e-3, 1.0, 1e3, 1e5]) + 50.0
    a = MLPDetector(**FAST, random_state=0).fit(X, y)
    b = MLPDetector(**FAST, random_state=0).fit(scaled, y)
    assert_allclose(a.predict_proba(X), b.predict_proba(scaled), atol=1e-4)


def test_pandas_input_sets_feature_names(blobs):
    X, y = blobs
    frame = pd.DataFrame(X, columns=["a", "b", "c"])
    labels = pd.Series(np.where(y == 1, "minority", "majority"))
    clf = MLPDetector(**FAST, random_state=0).fit(frame, labels)
    assert_array_equal(clf.feature_names_in_, ["a", "b", "c"])
    assert_array_equal(clf.classes_, ["majority", "minority"])
    assert set(clf.predict(frame)) == {"majority", "minority"}
    numpy_fit = MLPDetector(**FAST, random_state=0).fit(X, labels)
    assert not hasattr(numpy_fit, "feature_names_in_")
    assert_allclose(numpy_fit.predict_proba(X), clf.predict_proba(frame), rtol=1e-9)
    with pytest.raises(ValueError, match="feature names"):
        clf.predict(frame[["c", "b", "a"]])


def test_balanced_class_weight_favours_the_minority():
    X, y = make_blobs(n_samples=[450, 50], centers=[[0, 0], [1.5, 1.5]], random_state=0)
    plain = MLPDetector(**FAST, random_state=0).fit(X, y)
    balanced = MLPDetector(**FAST, class_weight="balanced", random_state=0).fit(X, y)
    assert (balanced.predict(X) == 1).sum() > 2 * (plain.predict(X) == 1).sum()


def test_verbose_logs_each_epoch(blobs, caplog):
    X, y = blobs
    with caplog.at_level(logging.INFO, logger="synthsieve.detectors._mlp"):
        MLPDetector(max_epochs=3, verbose=1, random_state=0).fit(X, y)
    assert [r.getMessage().split(":")[0] for r in caplog.records] == [
        "epoch 1",
        "epoch 2",
        "epoch 3",
    ]


def test_silent_by_default(blobs, caplog, capsys):
    X, y = blobs
    with caplog.at_level(logging.INFO, logger="synthsieve.detectors._mlp"):
        MLPDetector(max_epochs=3, random_state=0).fit(X, y)
    assert caplog.records == []
    assert capsys.readouterr() == ("", "")


def test_auto_device():
    X, y = make_blobs(n_samples=40, centers=2, random_state=0)
    clf = MLPDetector(max_epochs=1, random_state=0).fit(X, y)
    assert clf.device_ == ("cuda" if torch.cuda.is_available() else "cpu")


@pytest.mark.skipif(torch.cuda.is_available(), reason="CUDA is available here")
def test_cuda_without_cuda_warns_and_uses_cpu(blobs):
    X, y = blobs
    with pytest.warns(DeviceWarning, match="CUDA is not available") as record:
        clf = MLPDetector(max_epochs=2, device="cuda", random_state=0).fit(X, y)
    assert issubclass(record[0].category, SynthsieveWarning)
    assert record[0].filename == __file__
    assert clf.device_ == "cpu"
    cpu = MLPDetector(max_epochs=2, device="cpu", random_state=0).fit(X, y)
    assert_array_equal(clf.predict_proba(X), cpu.predict_proba(X))


def test_cpu_device_does_not_warn(blobs):
    X, y = blobs
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        MLPDetector(max_epochs=1, device="cpu", random_state=0).fit(X, y)


@pytest.mark.skipif(not torch.cuda.is_available(), reason="needs a CUDA device")
def test_trains_on_gpu_and_stores_weights_on_cpu(blobs):
    X, y = blobs
    clf = MLPDetector(device="cuda", random_state=0).fit(X, y)
    assert clf.device_ == "cuda"
    assert all(p.device.type == "cpu" for p in clf.module_.parameters())
    assert roc_auc_score(y, clf.predict_proba(X)[:, 1]) > 0.95
    loaded = pickle.loads(pickle.dumps(clf))
    assert_array_equal(loaded.predict_proba(X), clf.predict_proba(X))


@pytest.mark.parametrize(
    "params, name",
    [
        ({"hidden_layer_sizes": (30, 0)}, "hidden_layer_sizes"),
        ({"hidden_layer_sizes": (30, 2.5)}, "hidden_layer_sizes"),
        ({"hidden_layer_sizes": 0}, "hidden_layer_sizes"),
        ({"max_epochs": 0}, "max_epochs"),
        ({"batch_size": 0}, "batch_size"),
        ({"lr": 0.0}, "lr"),
        ({"weight_decay": -1.0}, "weight_decay"),
        ({"validation_fraction": 1.0}, "validation_fraction"),
        ({"patience": 0}, "patience"),
        ({"lr_factor": 1.0}, "lr_factor"),
        ({"class_weight": "auto"}, "class_weight"),
        ({"device": "gpu"}, "device"),
        ({"random_state": "seed"}, "random_state"),
    ],
)
def test_bad_parameters_raise(blobs, params, name):
    X, y = blobs
    with pytest.raises(
        InvalidParameterError, match=f"'{name}' parameter of MLPDetector"
    ):
        MLPDetector(**params).fit(X, y)


def test_one_class_raises():
    with pytest.raises(ValueError, match="only one class: 'a'"):
        MLPDetector().fit(np.zeros((20, 2)), ["a"] * 20)


def test_wrong_number_of_features_at_predict(fitted):
    with pytest.raises(ValueError, match="3 features"):
        fitted.predict_proba(np.zeros((2, 4)))


def test_import_does_not_load_torch():
    code = (
        "import sys, synthsieve, synthsieve.detectors._mlp, synthsieve.cli; "
        "assert 'torch' not in sys.modules, 'torch imported'"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


# --------------------------------------------------------------------------- #
# make_detector: the named configurations
# --------------------------------------------------------------------------- #


@pytest.mark.parametrize(
    "name, expected",
    [
        (
            "hgb",
            "HistGradientBoostingClassifier(l2_regularization=1.0, max_iter=50, "
            "min_samples_leaf=10, random_state=3)",
        ),
        ("hgb-audit", "HistGradientBoostingClassifier(random_state=3)"),
        ("hgb-fast", "HistGradientBoostingClassifier(max_iter=50, random_state=3)"),
        ("logreg", "LogisticRegression(max_iter=2000)"),
        ("logreg-fast", "LogisticRegression(max_iter=1000)"),
        ("mlp", "MLPDetector(random_state=3)"),
    ],
)
def test_make_detector_builds_each_named_configuration(name, expected):
    detector = make_detector(name, random_state=3)
    last = detector[-1] if hasattr(detector, "steps") else detector
    assert " ".join(repr(last).split()) == expected
    assert hasattr(detector, "predict_proba")
    assert make_detector(name, random_state=3) is not detector  # a new one


def test_make_detector_is_exported_at_the_top():
    import synthsieve

    assert synthsieve.make_detector is make_detector
    assert "make_detector" in synthsieve.__all__


@pytest.mark.parametrize("name", ["svm", "HGB", None])
def test_make_detector_unknown_name(name):
    with pytest.raises(
        ValueError, match=f"Unknown detector {name!r}; choose from 'hgb'"
    ):
        make_detector(name)
