"""DeepSMOTE: the network learns SMOTE's interpolation; training bookkeeping."""

import logging

import numpy as np
import pytest

from synthsieve.generators import DeepSMOTE
from synthsieve.generators._base import kneighbors_excluding_self, predict_module
from synthsieve.generators._deep_smote import _pair_inputs


def _two_blobs(seed, n_minority=60):
    rng = np.random.RandomState(seed)
    X = np.vstack(
        [
            rng.normal(0.0, 1.0, (150, 3)),
            rng.normal(3.0, [1.0, 2.0, 0.5], (n_minority, 3)),
        ]
    )
    return X, np.array([0] * 150 + [1] * n_minority)


def _held_out_gaps(sampler, use_lambda, rows_of_class=None):
    """Position along each held-out segment where the network puts its row.

    The pairs come from fresh rows of class 1 drawn from the same distribution
    (or from `rows_of_class`), each with one of its 5 nearest rows, and fresh
    weights `lam`; returns the network's gap ``g`` (projection of ``out - x`` on
    ``n - x``), `lam` and the distance of ``out`` from the line, relative to the
    segment's length.
    """
    if rows_of_class is None:
        X_new, y_new = _two_blobs(seed=11)
        fresh = X_new[y_new == 1]
    else:
        fresh = rows_of_class
    rng = np.random.RandomState(3)
    rows = rng.randint(len(fresh), size=400)
    partners = kneighbors_excluding_self(fresh, 5)[rows, rng.randint(5, size=400)]
    lam = rng.uniform(size=400)
    mean, scale = sampler.mean_[1], sampler.scale_[1]
    inputs = _pair_inputs(
        (fresh[rows] - mean) / scale, (fresh[partners] - mean) / scale, lam, use_lambda
    )
    out = predict_module(sampler.modules_[1], inputs) * scale + mean
    x, seg = fresh[rows], fresh[partners] - fresh[rows]
    g = ((out - x) * seg).sum(axis=1) / (seg**2).sum(axis=1)
    off_line = np.linalg.norm(out - x - g[:, None] * seg, axis=1)
    return g, lam, off_line / np.linalg.norm(seg, axis=1)


def test_network_learns_the_interpolation_on_held_out_pairs():
    X, y = _two_blobs(seed=0)
    sampler = DeepSMOTE(n_training_pairs=3000, random_state=0)
    X_res, _ = sampler.fit_resample(X, y)
    # Fresh rows of the class: "copy x" would be off by lam (median 0.5) and
    # "midpoint" by |lam - 0.5| (median 0.25), both uncorrelated with lam.
    g, lam, off_line = _held_out_gaps(sampler, use_lambda=True)
    assert np.median(np.abs(g - lam)) < 0.18
    assert np.corrcoef(g, lam)[0, 1] > 0.5
    assert np.median(off_line) < 0.3
    # Rows it was trained on, with weights it has not seen: how it generates.
    g, lam, off_line = _held_out_gaps(sampler, True, rows_of_class=X[y == 1])
    assert np.median(np.abs(g - lam)) < 0.12
    assert np.corrcoef(g, lam)[0, 1] > 0.8
    history = sampler.history_[1]
    assert len(history) == 50
    assert history[-1]["train_loss"] < 0.2 * history[0]["train_loss"]
    # new rows sit among the rows of their class
    new = X_res[len(X) :]
    assert np.linalg.norm(new.mean(axis=0) - X[y == 1].mean(axis=0)) < 0.5


def test_without_lambda_the_network_learns_the_midpoint():
    X, y = _two_blobs(seed=0)
    sampler = DeepSMOTE(use_lambda=False, n_training_pairs=3000, random_state=0)
    sampler.fit_resample(X, y)
    g, lam, _ = _held_out_gaps(sampler, use_lambda=False)
    assert abs(np.corrcoef(g, lam)[0, 1]) < 0.3
    assert np.median(np.abs(g - 0.5)) < 0.15


def test_too_few_rows_of_a_class_is_explained():
    rng = np.random.RandomState(0)
    X = rng.normal(size=(24, 2))
    y = np.array([0] * 20 + [1] * 4)
    msg = (
        r"DeepSMOTE needs at least k_neighbors \+ 1 = 6 rows of class 1; got 4\. "
        r"Lower `k_neighbors`\."
    )
    with pytest.raises(ValueError, match=msg):
        DeepSMOTE(max_epochs=1).fit_resample(X, y)


def test_one_network_per_over_sampled_class(make, multiclass_data):
    X, y = multiclass_data
    sampler = make(DeepSMOTE)
    sampler.fit_resample(X, y)
    assert sorted(sampler.modules_) == [1, 2]
    assert sorted(sampler.history_) == [1, 2]
    np.testing.assert_allclose(sampler.mean_[2], X[y == 2].mean(axis=0))
    assert sampler.device_ in {"cpu", "cuda"}


def test_verbose_logs_epochs(make, binary_data, caplog):
    X, y = binary_data
    with caplog.at_level(logging.INFO, logger="synthsieve.generators._deep_smote"):
        make(DeepSMOTE, verbose=1).fit_resample(X, y)
    assert "epoch 2: train_loss=" in caplog.text
    caplog.clear()
    with caplog.at_level(logging.INFO, logger="synthsieve.generators._deep_smote"):
        make(DeepSMOTE).fit_resample(X, y)
    assert caplog.text == ""
