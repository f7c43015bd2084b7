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
Generator, and when issue 25 (speed) changed three things: the jitter's
spread became that of the candidate's nearest real row's neighbours (one
neighbour searched per candidate instead of five), the density-ratio
acceptance came to be normalised by the 90th percentile of the ratios instead
of the 95th, and the class-consistency stage came to read the base sampler's
depths once per generation fold (the restructuring into stages, earlier,
kept them unchanged). The three first tests run with
``class_consistency=None``, the filter without the class-consistency stage,
whose output that stage left unchanged; the last one pins the default.

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
            [2.26975462399, -0.992200009408],
            [2.26975462399, 1.27652062929],
            [-0.430743967028, 2.2408931992],
            [0.858156345889, 2.2408931992],
            [1.3384919805, 1.27488032742],
            [1.4349381999, 2.16109077759],
            [0.173875660756, 2.2408931992],
            [1.89579896674, 1.66082450392],
            [1.98328293666, 0.695650157956],
            [1.05178053308, 0.494251394556],
            [1.25610804218, 1.00892042781],
            [-0.60514666546, 0.273969103638],
            [0.682761552813, 1.75727906326],
            [1.41257190214, 0.918756153048],
            [1.10966655124, 1.57323633246],
            [0.54207953001, 2.2408931992],
            [-0.0598944615764, 1.1553154125],
            [1.81509056805, 0.870442996417],
        ]
    )
    assert X_res.shape == (48, 2)
    assert_array_equal(X_res[:30], X)
    assert_allclose(X_res[30:], X_expected, rtol=1e-6)
    assert_array_equal(y_res, np.r_[y, np.ones(18, dtype=np.int64)])
    _check_fitted(sampler, {"detectable": 12, "near_copy": 5}, 18, 2.0)


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
            [1.17467923148, 2.2408931992],
            [-1.02382885738, 1.36796230668],
            [0.356667427373, 0.953873461733],
            [-0.357752123498, 2.2408931992],
            [0.347494572167, 1.59607530077],
            [1.12257035779, 2.18322299324],
        ]
    )
    assert X_res.shape == (36, 2)
    assert_array_equal(X_res[:30], X)
    assert_allclose(X_res[30:], X_expected, rtol=1e-6)
    assert_array_equal(y_res, np.r_[y, np.ones(6, dtype=np.int64)])
    _check_fitted(sampler, {"near_copy": 1, "detectable": 1}, 6, 2.0)


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
            178.293660497,
        ],
        rtol=1e-6,
    )
    assert_array_equal(new["visits"].to_numpy(), np.array([1, 2, 3, 0, 4, 4]))
    assert_array_equal(y_res.to_numpy(), np.r_[y, np.ones(6, dtype=np.int64)])
    _check_fitted(sampler, {"detectable": 7}, 6, 0.75)


def test_pinned_default_class_consistency():
    """The default filter, class-consistency stage included (its thinning
    draws from the block's own stream, after acceptance)."""
    X, y = _table()
    sampler, X_res, y_res = _fit(X, y, detector="logreg", auditors=None, random_state=0)
    X_expected = np.array(
        [
            [1.27922882154, 2.2408931992],
            [1.11558812816, 2.2408931992],
            [0.858156345889, 2.2408931992],
            [1.3384919805, 1.27488032742],
            [1.4349381999, 2.16109077759],
            [1.76030758743, 2.22870860353],
            [1.94342808948, 1.41370890718],
            [2.01790155103, 2.14421833546],
            [1.89579896674, 1.66082450392],
            [0.748291266156, 1.72623064489],
            [1.15048796258, 2.2408931992],
            [1.46481273855, 1.30615809446],
            [1.25610804218, 1.00892042781],
            [0.682761552813, 1.75727906326],
            [1.41257190214, 0.918756153048],
            [0.811246008555, 2.2408931992],
            [0.54207953001, 2.2408931992],
            [1.81509056805, 0.870442996417],
        ]
    )
    assert X_res.shape == (48, 2)
    assert_array_equal(X_res[:30], X)
    assert_allclose(X_res[30:], X_expected, rtol=1e-6)
    assert_array_equal(y_res, np.r_[y, np.ones(18, dtype=np.int64)])
    _check_fitted(
        sampler, {"other_class": 15, "detectable": 12, "near_copy": 3}, 18, 2.0
    )
