"""Exact output of FilteredOverSampler on tiny seeded inputs, written literally.

In the style of imbalanced-learn's ``combine/tests/test_smote_enn.py``: any
change to the random streams, the order of the steps, the repair, the copy
checks or the acceptance shows up here as a changed row. A refactoring that
keeps the behaviour keeps these numbers; a deliberate change of behaviour
updates them, with its reason in the commit message. Every draw comes from a
stream of its own (``synthsieve._seeds.Streams``: per class, round, block and
stage), so a stage switched off leaves the others' draws unchanged. They were
last re-recorded when issue 25 (speed) changed the jitter's spread to that of
the candidate's nearest real row, normalised the density-ratio acceptance at
the 90th percentile of the ratios instead of the 95th, and read the class
consistency's depths once per generation fold. The first four run with
``selection=None``, the filter without the set selection (added by issue
24, which left them unchanged); the three first of those also with
``class_consistency=None``, the filter without the class-consistency stage;
the last test pins the default, set selection included.

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
        X,
        y,
        detector="logreg",
        auditors=None,
        class_consistency=None,
        selection=None,
        random_state=0,
    )
    X_expected = np.array(
        [
            [0.800465526947, 1.988593367422],
            [1.609727331216, 0.950260992384],
            [1.67965923319, 1.302417184249],
            [2.040679222751, 0.926935447906],
            [0.584236263176, 2.203913787005],
            [1.675109769422, 1.620900914339],
            [1.371873729188, 2.240893199201],
            [1.296220226321, 0.722377668832],
            [0.484567097408, 1.88586264494],
            [0.86446254438, 2.240893199201],
            [1.78709272235, 1.278544138405],
            [0.607278115254, 1.743330584025],
            [0.788446509928, 1.620496303555],
            [2.269754623988, 1.569375173523],
            [1.612141675749, 1.181097984983],
            [0.525767482157, 1.00654954424],
            [-0.046260613031, 1.651776458921],
            [1.895767613508, 1.957619403212],
        ]
    )
    assert X_res.shape == (48, 2)
    assert_array_equal(X_res[:30], X)
    assert_allclose(X_res[30:], X_expected, rtol=1e-6)
    assert_array_equal(y_res, np.r_[y, np.ones(18, dtype=np.int64)])
    _check_fitted(sampler, {"detectable": 15, "near_copy": 7}, 18, 2.0)


def test_pinned_default_detector():
    X, y = _table()
    sampler, X_res, y_res = _fit(
        X,
        y,
        sampling_strategy={1: 12},
        auditors=None,
        class_consistency=None,
        selection=None,
        random_state=0,
    )
    X_expected = np.array(
        [
            [1.123119560021, 2.234933990983],
            [0.307771678952, 2.146037830683],
            [1.038003841689, 2.14655625467],
            [0.819264516767, 1.039695140114],
            [1.729922248342, 2.240893199201],
            [0.28336373233, 0.89263969782],
        ]
    )
    assert X_res.shape == (36, 2)
    assert_array_equal(X_res[:30], X)
    assert_allclose(X_res[30:], X_expected, rtol=1e-6)
    assert_array_equal(y_res, np.r_[y, np.ones(6, dtype=np.int64)])
    _check_fitted(sampler, {"detectable": 2, "near_copy": 1}, 6, 2.5)


def test_pinned_frame_with_an_integer_column():
    X, y = _frame()
    sampler, X_res, y_res = _fit(
        X,
        y,
        sampling_strategy={1: 12},
        detector="logreg",
        auditors=None,
        class_consistency=None,
        selection=None,
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
            174.988942986,
            177.183933061,
            177.598505791,
            180.910029307,
            177.167673623,
        ],
        rtol=1e-6,
    )
    assert_array_equal(new["visits"].to_numpy(), np.array([3, 4, 0, 3, 5, 6]))
    assert_array_equal(y_res.to_numpy(), np.r_[y, np.ones(6, dtype=np.int64)])
    _check_fitted(sampler, {"detectable": 6, "copy": 1, "duplicate": 1}, 6, 1.5)


def test_pinned_default_class_consistency():
    """The default filter, class-consistency stage included (its thinning
    draws from the block's own stream, after acceptance)."""
    X, y = _table()
    sampler, X_res, y_res = _fit(
        X, y, detector="logreg", auditors=None, selection=None, random_state=0
    )
    X_expected = np.array(
        [
            [0.800465526947, 1.988593367422],
            [1.609727331216, 0.950260992384],
            [1.67965923319, 1.302417184249],
            [2.040679222751, 0.926935447906],
            [0.584236263176, 2.203913787005],
            [1.675109769422, 1.620900914339],
            [1.371873729188, 2.240893199201],
            [0.484567097408, 1.88586264494],
            [1.78709272235, 1.278544138405],
            [0.607278115254, 1.743330584025],
            [0.788446509928, 1.620496303555],
            [2.269754623988, 1.569375173523],
            [0.348275623408, 1.834908654295],
            [1.78363881328, 2.240893199201],
            [0.761709104642, 2.240893199201],
            [0.571399106199, 2.240893199201],
            [0.525767482157, 1.00654954424],
            [1.895767613508, 1.957619403212],
        ]
    )
    assert X_res.shape == (48, 2)
    assert_array_equal(X_res[:30], X)
    assert_allclose(X_res[30:], X_expected, rtol=1e-6)
    assert_array_equal(y_res, np.r_[y, np.ones(18, dtype=np.int64)])
    _check_fitted(
        sampler, {"detectable": 15, "near_copy": 6, "other_class": 5}, 18, 2.0
    )


def test_pinned_default():
    """The default filter: the rounds accept twice the rows needed (36), and
    kernel herding keeps 18 of them, in the order they were accepted."""
    X, y = _table()
    sampler, X_res, y_res = _fit(X, y, detector="logreg", auditors=None, random_state=0)
    X_expected = np.array(
        [
            [1.673725018269, 1.11466694213],
            [0.488160346436, 1.762442132696],
            [1.383310189964, 2.065427187126],
            [1.280816872959, 1.501790440158],
            [0.635036508478, 1.630212289799],
            [1.140623286764, 1.755488943366],
            [-0.069795561794, 1.583964857382],
            [1.61806564828, 1.173224750071],
            [1.453284927212, 1.13240614472],
            [1.706552021676, 1.572632616834],
            [-0.000191678352, 1.552016699043],
            [1.663871958104, 2.240893199201],
            [1.502354845722, 1.588767122307],
            [0.703513635629, 2.003301793382],
            [0.960285995885, 1.881744174678],
            [0.980306535454, 1.811420372501],
            [1.169976356371, 1.470399211766],
            [1.481877319269, 0.620334795047],
        ]
    )
    assert X_res.shape == (48, 2)
    assert_array_equal(X_res[:30], X)
    assert_allclose(X_res[30:], X_expected, rtol=1e-6)
    assert_array_equal(y_res, np.r_[y, np.ones(18, dtype=np.int64)])
    _check_fitted(
        sampler, {"detectable": 31, "other_class": 22, "near_copy": 4}, 18, 2.0
    )
    assert sampler.report_.classes[1]["candidates"] == 108  # 3 per pool row
