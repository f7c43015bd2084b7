"""Exact output of FilteredOverSampler on tiny seeded inputs, written literally.

In the style of imbalanced-learn's ``combine/tests/test_smote_enn.py``: any
change to the random streams, the order of the steps, the repair, the copy
checks or the acceptance shows up here as a changed row. A refactoring that
keeps the behaviour keeps these numbers; a deliberate change of behaviour
updates them, with its reason in the commit message. Every draw comes from a
stream of its own (``synthsieve._seeds.Streams``: per class, round, block and
stage), so a stage switched off leaves the others' draws unchanged. The three
first tests run with ``class_consistency=None``, the filter without the
class-consistency stage; the last one pins the default.

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
            [0.897702580543, 2.143802550959],
            [1.554036099385, 0.92838300482],
            [1.72813387021, 1.179886936143],
            [1.629375214972, 2.240893199201],
            [0.427035329814, 0.766577241993],
            [0.960018404062, 1.934201237342],
            [2.23288152182, 1.854158133211],
            [1.879954361856, 1.587057723598],
            [-0.557226897874, -0.166578424747],
            [0.343244721232, 2.045573802899],
            [1.232085197785, 0.346811439448],
            [0.74872956876, 2.240893199201],
            [1.854287738017, 1.188390312109],
            [-0.912044468996, 2.240893199201],
            [0.753638671142, 2.240893199201],
            [1.267566356365, 2.240893199201],
            [-0.347444280578, 1.886031280322],
            [2.001353975749, 2.002775523984],
        ]
    )
    assert X_res.shape == (48, 2)
    assert_array_equal(X_res[:30], X)
    assert_allclose(X_res[30:], X_expected, rtol=1e-6)
    assert_array_equal(y_res, np.r_[y, np.ones(18, dtype=np.int64)])
    _check_fitted(sampler, {"detectable": 16, "near_copy": 3}, 18, 2.5)


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
            [1.123119560021, 2.234933990983],
            [0.307771678952, 2.146037830683],
            [1.729922248342, 2.240893199201],
            [2.269754623988, 0.883627519404],
            [0.28336373233, 0.89263969782],
            [1.208864008292, 2.170397099919],
        ]
    )
    assert X_res.shape == (36, 2)
    assert_array_equal(X_res[:30], X)
    assert_allclose(X_res[30:], X_expected, rtol=1e-6)
    assert_array_equal(y_res, np.r_[y, np.ones(6, dtype=np.int64)])
    _check_fitted(sampler, {"detectable": 6}, 6, 2.5)


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
            183.958494114,
            177.183933061,
            183.958494114,
            178.105231907,
            180.910029307,
            177.167673623,
        ],
        rtol=1e-6,
    )
    assert_array_equal(new["visits"].to_numpy(), np.array([3, 0, 0, 3, 5, 6]))
    assert_array_equal(y_res.to_numpy(), np.r_[y, np.ones(6, dtype=np.int64)])
    _check_fitted(sampler, {"detectable": 8, "duplicate": 1}, 6, 1.5)


def test_pinned_default_class_consistency():
    """The default filter, class-consistency stage included (its thinning
    draws from the block's own stream, after acceptance)."""
    X, y = _table()
    sampler, X_res, y_res = _fit(X, y, detector="logreg", auditors=None, random_state=0)
    X_expected = np.array(
        [
            [1.554036099385, 0.92838300482],
            [1.72813387021, 1.179886936143],
            [-0.021414801773, 2.240893199201],
            [2.269754623988, 0.774886250683],
            [0.574851836051, 2.240893199201],
            [1.53421469623, 2.240893199201],
            [0.343244721232, 2.045573802899],
            [0.74872956876, 2.240893199201],
            [0.469860921744, 1.667332038874],
            [2.217964319199, 1.687055473259],
            [0.190650095686, 1.979160265941],
            [1.686208538026, 2.240893199201],
            [-0.103143246762, 1.64333727426],
            [0.576083952058, 2.240893199201],
            [0.362783673215, 2.240893199201],
            [0.753638671142, 2.240893199201],
            [1.267566356365, 2.240893199201],
            [-0.347444280578, 1.886031280322],
        ]
    )
    assert X_res.shape == (48, 2)
    assert_array_equal(X_res[:30], X)
    assert_allclose(X_res[30:], X_expected, rtol=1e-6)
    assert_array_equal(y_res, np.r_[y, np.ones(18, dtype=np.int64)])
    _check_fitted(
        sampler, {"detectable": 16, "other_class": 9, "near_copy": 3}, 18, 2.5
    )
