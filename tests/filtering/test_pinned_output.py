"""Exact output of FilteredOverSampler on tiny seeded inputs, written literally.

In the style of imbalanced-learn's ``combine/tests/test_smote_enn.py``: any
change to the random stream, the order of the steps, the repair, the copy
checks or the acceptance shows up here as a changed row. A refactoring that
keeps the behaviour keeps these numbers; a deliberate change of behaviour
updates them (and says so in its changelog). They were re-recorded when the
filter started streaming candidates in blocks, each drawing from its own seed
(so that the output no longer depends on ``n_jobs`` or the joblib backend), and
when the near-copy search moved after acceptance, each generation fold's
detector came to serve every round, and the jitter's noise came from numpy's
Generator; the restructuring into stages before that kept them unchanged. The
three first tests run with ``class_consistency=None``, the filter without the
class-consistency stage, whose output that stage left unchanged; the last one
pins the default.

The inputs come from numpy's legacy ``RandomState``, whose stream numpy keeps
fixed across versions.
"""

import warnings

import numpy as np
import pandas as pd
from numpy.testing import assert_allclose, assert_array_equal

from synthsieve import FilteredOverSampler, SynthsieveWarning


def _table():
    """30 rows x 2 continuous features: 24 rows of class 0, 6 of class 1."""
    rs = np.random.RandomState(0)
    X = np.vstack([rs.normal(0.0, 1.0, (24, 2)), rs.normal(1.5, 0.7, (6, 2))])
    y = np.r_[np.zeros(24, dtype=np.int64), np.ones(6, dtype=np.int64)]
    return X, y


def _frame():
    """30 rows: a float and an integer column; 24 rows of class 0, 6 of class 1."""
    rs = np.random.RandomState(1)
    X = pd.DataFrame(
        {
            "height": np.r_[rs.normal(170, 8, 24), rs.normal(178, 6, 6)],
            "visits": np.r_[rs.poisson(2, 24), rs.poisson(5, 6)].astype("int64"),
        }
    )
    y = pd.Series(np.r_[np.zeros(24, dtype=np.int64), np.ones(6, dtype=np.int64)])
    return X, y.rename("target")


def _fit(X, y, **params):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", SynthsieveWarning)
        sampler = FilteredOverSampler(**params)
        X_res, y_res = sampler.fit_resample(X, y)
    ours = [str(w.message) for w in caught if issubclass(w.category, SynthsieveWarning)]
    assert ours == []  # neither a shortfall nor a fallback on these inputs
    return sampler, X_res, y_res


def _check_fitted(sampler, reasons, n_new, jitter):
    assert sampler.rejected_["reason"].value_counts().to_dict() == reasons
    assert sampler.n_rounds_ == {1: 1}
    assert sampler.jitter_ == {1: jitter}
    assert sampler.holdout_folds_ == {1: 1}
    assert sampler.accepted_["filled"].tolist() == [False] * n_new
    assert sampler.accepted_["round"].tolist() == [1] * n_new


def test_pinned_logreg_detector():
    X, y = _table()
    sampler, X_res, y_res = _fit(
        X, y, detector="logreg", auditors=None, class_consistency=None, random_state=0
    )
    X_expected = np.array(
        [
            [1.015308273459, 0.862336685014],
            [2.269754623988, -0.992200009408],
            [1.393084801942, 0.923883971037],
            [0.74764528268, 0.988775592998],
            [1.760307587432, 2.228708603531],
            [0.564322861063, 2.240893199201],
            [2.017901551028, 2.144218335457],
            [2.085356030547, 2.240893199201],
            [1.150487962577, 2.240893199201],
            [1.715732428794, 0.625311197737],
            [1.464812738546, 1.306158094459],
            [1.05178053308, 0.494251394556],
            [0.693781436715, 1.670723887129],
            [0.811246008555, 2.240893199201],
            [1.355870736556, 0.356029492759],
            [2.212256919197, 1.034675161574],
            [-0.059894461576, 1.155315412497],
            [2.197510929774, 1.261822516954],
        ]
    )
    assert X_res.shape == (48, 2)
    assert_array_equal(X_res[:30], X)
    assert_allclose(X_res[30:], X_expected, rtol=1e-6)
    assert_array_equal(y_res, np.r_[y, np.ones(18, dtype=np.int64)])
    _check_fitted(sampler, {"detectable": 18, "near_copy": 6}, 18, 2.0)


def test_pinned_default_detector():
    X, y = _table()
    sampler, X_res, y_res = _fit(
        X,
        y,
        sampling_strategy={1: 12},
        auditors=None,
        class_consistency=None,
        random_state=0,
    )
    X_expected = np.array(
        [
            [1.174679231476, 2.240893199201],
            [-1.02382885738, 1.367962306681],
            [0.65131965462, 0.948290743325],
            [-0.357752123498, 2.240893199201],
            [0.347494572167, 1.59607530077],
            [1.122570357791, 2.183222993237],
        ]
    )
    assert X_res.shape == (36, 2)
    assert_array_equal(X_res[:30], X)
    assert_allclose(X_res[30:], X_expected, rtol=1e-6)
    assert_array_equal(y_res, np.r_[y, np.ones(6, dtype=np.int64)])
    _check_fitted(sampler, {"detectable": 1, "near_copy": 1}, 6, 2.0)


def test_pinned_frame_with_an_integer_column():
    X, y = _frame()
    sampler, X_res, y_res = _fit(
        X,
        y,
        sampling_strategy={1: 12},
        detector="logreg",
        auditors=None,
        class_consistency=None,
        random_state=0,
    )
    assert isinstance(X_res, pd.DataFrame) and isinstance(y_res, pd.Series)
    assert list(X_res.columns) == ["height", "visits"]
    assert X_res.dtypes.to_dict() == {
        "height": np.dtype("float64"),
        "visits": np.dtype("int64"),
    }
    assert y_res.name == "target"
    pd.testing.assert_frame_equal(X_res.iloc[:30], X)
    new = X_res.iloc[30:]
    assert_allclose(
        new["height"].to_numpy(),
        [
            182.502815196,
            174.92306569,
            178.441183845,
            183.958494114,
            176.530907335,
            175.798596001,
        ],
        rtol=1e-6,
    )
    assert_array_equal(new["visits"].to_numpy(), np.array([1, 2, 3, 0, 4, 2]))
    assert_array_equal(y_res.to_numpy(), np.r_[y, np.ones(6, dtype=np.int64)])
    _check_fitted(sampler, {"detectable": 8}, 6, 0.75)


def test_pinned_default_class_consistency():
    """The default filter, class-consistency stage included (its thinning
    draws from the block's own stream, after acceptance)."""
    X, y = _table()
    sampler, X_res, y_res = _fit(X, y, detector="logreg", auditors=None, random_state=0)
    X_expected = np.array(
        [
            [1.015308273459, 0.862336685014],
            [1.115588128164, 2.240893199201],
            [1.109352667862, 2.177879353552],
            [0.858156345889, 2.240893199201],
            [1.434938199896, 2.161090777595],
            [1.760307587432, 2.228708603531],
            [0.564322861063, 2.240893199201],
            [2.017901551028, 2.144218335457],
            [1.895798966736, 1.66082450392],
            [2.085356030547, 2.240893199201],
            [0.748291266156, 1.726230644889],
            [1.150487962577, 2.240893199201],
            [1.464812738546, 1.306158094459],
            [1.256108042182, 1.008920427808],
            [0.693781436715, 1.670723887129],
            [0.811246008555, 2.240893199201],
            [0.04787830756, 2.240893199201],
            [2.212256919197, 1.034675161574],
        ]
    )
    assert X_res.shape == (48, 2)
    assert_array_equal(X_res[:30], X)
    assert_allclose(X_res[30:], X_expected, rtol=1e-6)
    assert_array_equal(y_res, np.r_[y, np.ones(18, dtype=np.int64)])
    _check_fitted(
        sampler, {"detectable": 18, "other_class": 10, "near_copy": 4}, 18, 2.0
    )
