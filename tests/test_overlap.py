"""The class-overlap measure (``synthsieve.class_overlap``, ``ClassOverlap``)."""

import numpy as np
import pandas as pd
import pytest
from sklearn.datasets import make_classification

from synthsieve import class_overlap
from synthsieve._overlap import ClassOverlap


def _brute_share(E, y, queries, label, k, leave_out=None):
    """Other-class share among the k nearest rows of E, by brute force."""
    out = []
    for i, q in enumerate(queries):
        d = np.linalg.norm(E - q, axis=1)
        if leave_out is not None:
            d[leave_out[i]] = np.inf
        nn = np.argsort(d, kind="stable")[:k]
        out.append((y[nn] != label).mean())
    return np.array(out)


def test_shares_match_a_brute_force_search(binary_numeric):
    X, y = binary_numeric
    index = ClassOverlap(k=5).fit(pd.DataFrame(X), y)
    E = (X - X.mean(axis=0)) / X.std(axis=0)
    own = np.flatnonzero(y == 1)
    expected = _brute_share(E, y, E[own], 1, 5, leave_out=own)
    np.testing.assert_allclose(index.real_share(1), expected)
    Q = X[own[:7]] + 0.01
    Eq = (Q - X.mean(axis=0)) / X.std(axis=0)
    np.testing.assert_allclose(
        index.share(pd.DataFrame(Q), 1), _brute_share(E, y, Eq, 1, 5)
    )


def test_rows_in_another_class_region_score_higher():
    X = np.r_[np.linspace(0, 1, 20), np.linspace(2, 3, 20)][:, None]
    y = np.r_[np.zeros(20, int), np.ones(20, int)]
    inside = class_overlap(X, y, np.array([[2.5], [2.6]]), 1, k=3)
    deep = class_overlap(X, y, np.array([[0.5], [0.4]]), 1, k=3)
    assert inside["synthetic"] == 0.0
    assert deep["synthetic"] == 1.0
    assert deep["excess"] == pytest.approx(1.0 - deep["real"])


def test_unknown_label_is_named():
    X, y = np.arange(6.0)[:, None], np.array([0, 0, 0, 1, 1, 1])
    with pytest.raises(ValueError, match="`label` 7 is not a class"):
        class_overlap(X, y, X[:1], 7)


def test_large_data_is_sampled_but_keeps_every_class():
    X, y = make_classification(
        n_samples=3000, n_features=4, weights=[0.998], random_state=0
    )
    index = ClassOverlap(k=5, max_rows=500).fit(pd.DataFrame(X), y)
    assert len(index.y_) <= 500 + 6
    assert len(index.real_share(1)) >= min((y == 1).sum(), 6)
    assert index.share(pd.DataFrame(X[:3]), 1).shape == (3,)


def test_nominal_columns_are_one_hot(mixed_frame):
    X, y = mixed_frame
    out = class_overlap(X, y, X[y == 1].head(5), 1)
    assert 0.0 <= out["real"] <= 1.0
    assert 0.0 <= out["synthetic"] <= 1.0
