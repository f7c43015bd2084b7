"""CVAEOverSampler: class-conditional sampling and local-entropy weighting."""

import numpy as np
import pytest

from synthsieve.generators import CVAEOverSampler
from synthsieve.generators._cvae import local_entropy

MU0 = np.array([-2.0, 0.0, 1.0, 0.0])
MU1 = np.array([2.0, 1.0, -1.0, 0.0])


def _two_blobs():
    rng = np.random.RandomState(0)
    X = np.vstack([rng.normal(MU0, 1.0, (200, 4)), rng.normal(MU1, 0.7, (50, 4))])
    return X, np.array([0] * 200 + [1] * 50)


def test_samples_follow_their_class_condition():
    X, y = _two_blobs()
    sampler = CVAEOverSampler(
        max_epochs=40, lr=3e-3, sampling_strategy={0: 300, 1: 250}, random_state=0
    )
    X_res, y_res = sampler.fit_resample(X, y)
    new, labels = X_res[len(X) :], y_res[len(X) :]
    gap = np.linalg.norm(MU1 - MU0)
    for cls, own, other in [(1, MU1, MU0), (0, MU0, MU1)]:
        mean = new[labels == cls].mean(axis=0)
        assert np.linalg.norm(mean - own) < 0.25 * gap
        assert np.linalg.norm(mean - other) > 0.75 * gap
    assert sampler.history_[-1]["train_loss"] < sampler.history_[0]["train_loss"]
    np.testing.assert_array_equal(sampler.classes_, [0, 1])


def test_local_entropy_of_a_hand_built_neighbourhood():
    # Row 0 has two rows of each class among its 4 nearest: 1 bit. Rows far to
    # the right have only class 0 around them: 0 bits.
    X = np.array(
        [[0.0], [1.0], [-1.0], [1.1], [-1.1], [10.0], [10.1], [10.2], [10.3], [10.4]]
    )
    y = np.array([0, 0, 0, 1, 1, 0, 0, 0, 0, 0])
    entropy = local_entropy(X, y, 4)
    assert entropy[0] == pytest.approx(1.0)
    np.testing.assert_allclose(entropy[5:], 0.0)


def test_entropy_weighting_is_stored_and_changes_training(make, binary_data):
    X, y = binary_data
    weighted = make(CVAEOverSampler)
    plain = make(CVAEOverSampler, entropy_weighting=False)
    X_w, _ = weighted.fit_resample(X, y)
    X_p, _ = plain.fit_resample(X, y)
    assert weighted.local_entropy_.shape == (len(X),)
    assert weighted.local_entropy_.max() > 0
    assert plain.local_entropy_ is None
    assert not np.allclose(X_w[len(X) :], X_p[len(X) :])


def test_too_few_rows_for_local_entropy_is_explained():
    X = np.arange(10, dtype=float).reshape(5, 2)
    y = np.array([0, 0, 0, 1, 1])
    msg = (
        r"CVAEOverSampler needs at least k_neighbors \+ 1 = 6 rows in `X` to "
        r"compute local entropies; got 5\. Lower `k_neighbors` or set "
        r"entropy_weighting=False\."
    )
    with pytest.raises(ValueError, match=msg):
        CVAEOverSampler(max_epochs=1).fit_resample(X, y)
    _, y_res = CVAEOverSampler(
        max_epochs=1, entropy_weighting=False, random_state=0
    ).fit_resample(X, y)
    assert (y_res == 1).sum() == 3


def test_beta_is_validated(binary_data):
    X, y = binary_data
    with pytest.raises(ValueError, match="'beta' parameter of CVAEOverSampler"):
        CVAEOverSampler(beta=-1.0).fit_resample(X, y)
