"""Exact output of FilteredOverSampler on tiny seeded inputs, written literally.

In the style of imbalanced-learn's ``combine/tests/test_smote_enn.py``: any
change to the random stream, the order of the steps, the repair, the copy
checks or the acceptance shows up here as a changed row. A refactoring that
keeps the behaviour keeps these numbers; a deliberate change of behaviour
updates them (and says so in its changelog). They were re-recorded once, when
the filter started streaming candidates in blocks, each drawing from its own
seed (so that the output no longer depends on ``n_jobs`` or the joblib
backend); the restructuring into stages before that kept them unchanged.

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
    sampler, X_res, y_res = _fit(X, y, detector="logreg", auditors=None, random_state=0)
    X_expected = np.array(
        [
            [0.126322404541, 0.105194469009],
            [2.15088519472, 2.2408931992],
            [1.23401687713, 1.41113354626],
            [1.77735264764, 1.68913330181],
            [-0.173870900319, 2.00679210416],
            [1.97956106541, 0.490160815941],
            [0.0208525420674, 1.34587880952],
            [0.602250515867, 1.76343556706],
            [0.817643099068, 1.34326608721],
            [2.26975462399, 0.0994414724281],
            [1.67115290024, 1.76938528115],
            [2.26975462399, 2.2408931992],
            [1.39860560741, 2.2408931992],
            [1.39379971961, 2.2408931992],
            [1.50397351651, 2.2408931992],
            [2.26975462399, 2.10737531036],
            [0.527353666492, 0.92337883873],
            [0.302863941132, 1.69833393197],
        ]
    )
    assert X_res.shape == (48, 2)
    assert_array_equal(X_res[:30], X)
    assert_allclose(X_res[30:], X_expected, rtol=1e-6)
    assert_array_equal(y_res, np.r_[y, np.ones(18, dtype=np.int64)])
    _check_fitted(sampler, {"detectable": 19, "near_copy": 4}, 18, 2.0)


def test_pinned_default_detector():
    X, y = _table()
    sampler, X_res, y_res = _fit(
        X, y, sampling_strategy={1: 12}, auditors=None, random_state=0
    )
    X_expected = np.array(
        [
            [2.04610549314, 0.645301698447],
            [2.26163080373, 2.19345597389],
            [2.1207838691, 2.2408931992],
            [1.20980087142, 1.4433177437],
            [-0.254725324293, 1.22393628769],
            [1.64872151442, 1.44240131033],
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
            182.923882558,
            175.587967405,
            181.585435771,
            174.46556468,
            180.563054588,
            180.403482408,
        ],
        rtol=1e-6,
    )
    assert_array_equal(new["visits"].to_numpy(), np.array([4, 1, 3, 5, 1, 2]))
    assert_array_equal(y_res.to_numpy(), np.r_[y, np.ones(6, dtype=np.int64)])
    _check_fitted(sampler, {"detectable": 4}, 6, 0.75)
