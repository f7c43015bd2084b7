"""Nothing lost, nothing silently wrong (issue #26, the library's items).

Original rows come back bit-exact whatever the internal float cast does (4);
numbers stored in object columns are numbers, numbers written as strings warn
(5); no generator returns NaN or inf on huge values (6, 9), nor does the filter
fail on them (7, 9); a base sampler or a detector that hands back something
wrong is named (8); polars input works from end to end (10).
"""

from __future__ import annotations

import warnings
from decimal import Decimal

import numpy as np
import pandas as pd
import pytest
from imblearn.over_sampling import SMOTE
from sklearn.base import BaseEstimator
from sklearn.linear_model import LogisticRegression

import synthsieve.generators as generators
from synthsieve import FilteredOverSampler, KDEOverSampler, SynthsieveWarning
from synthsieve._values import is_nominal
from synthsieve.generators._base import BaseGenerator

FAST = {"detector": "logreg", "auditors": None, "max_rounds": 2, "random_state": 0}
N0, N1 = 60, 20
N = N0 + N1
Y = np.r_[np.zeros(N0, dtype=int), np.ones(N1, dtype=int)]
BIG = 1704067385000000005  # nanoseconds: beyond 2**53, so float64 rounds it


def _quiet(call, *args, **kwargs):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return call(*args, **kwargs)


def _normal(scale=1.0, seed=0):
    return np.random.default_rng(seed).normal(size=N) * scale


# --------------------------------------------------------------------------- #
# 4. original rows bit-exact
# --------------------------------------------------------------------------- #


def _big_ints(dtype):
    """Timestamps in nanoseconds (or beyond int64), seconds to days apart."""
    rng = np.random.default_rng(0)
    values = rng.integers(0, 10**14, N).astype(dtype)
    if dtype == np.uint64:
        return np.uint64(2**63 + 5) + values  # beyond int64 too
    return np.int64(BIG) + values


def _small_ints(dtype):
    return np.random.default_rng(1).integers(0, 1000, N).astype(dtype)


@pytest.mark.parametrize("dtype", [np.int64, np.uint64])
def test_array_of_big_integers_comes_back_bit_exact(dtype):
    X = np.c_[_big_ints(dtype), _small_ints(dtype)]
    before = X.copy()
    X_res, y_res = _quiet(FilteredOverSampler(**FAST).fit_resample, X, Y)
    assert X_res.dtype == dtype
    np.testing.assert_array_equal(X_res[:N], before)
    np.testing.assert_array_equal(X, before)
    assert len(X_res) > N


@pytest.mark.parametrize("dtype", ["int64", "uint64"])
@pytest.mark.parametrize("other", ["float", "category"])
def test_frame_of_big_integers_comes_back_bit_exact(dtype, other):
    X = pd.DataFrame(
        {
            "t": _big_ints(np.dtype(dtype).type),
            "f": _normal()
            if other == "float"
            else pd.Categorical(np.where(_normal() > 0, "a", "b")),
        },
        index=np.arange(N) + 100,  # the index is not carried over
    )
    before = X.copy()
    X_res, y_res = _quiet(FilteredOverSampler(**FAST).fit_resample, X, Y)
    assert X_res.dtypes.to_dict() == before.dtypes.to_dict()
    assert len(X_res) > N
    # every original value, bit for bit (float64 would round them)
    assert X_res["t"].iloc[:N].tolist() == before["t"].tolist()
    pd.testing.assert_frame_equal(X_res.iloc[:N], before.reset_index(drop=True))
    pd.testing.assert_frame_equal(X, before)


def test_frame_output_keeps_integer_columns_integer():
    X = pd.DataFrame({"age": np.arange(N) % 50 + 20, "bmi": _normal(4) + 25})
    X_res, _ = _quiet(FilteredOverSampler(rules=None, **FAST).fit_resample, X, Y)
    assert X_res["age"].dtype == np.int64
    assert (X_res["age"].iloc[N:] >= 0).all()


# --------------------------------------------------------------------------- #
# 5. numbers stored in object columns
# --------------------------------------------------------------------------- #


def _object_numbers(kind):
    values = np.round(_normal(3), 3)
    if kind == "float":
        return [float(v) for v in values]
    if kind == "int":
        return [int(v * 1000) for v in values]
    return [Decimal(str(v)) for v in values]


@pytest.mark.parametrize("kind", ["float", "int", "decimal"])
def test_numbers_in_object_column_are_numbers(kind):
    values = _object_numbers(kind)
    X = pd.DataFrame({"a": pd.Series(values, dtype=object), "b": _normal(seed=1)})
    before = X.copy()
    assert not is_nominal(X["a"])
    sampler = FilteredOverSampler(**FAST)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        warnings.simplefilter("error", SynthsieveWarning)  # no numeric-string one
        warnings.filterwarnings("ignore", "The filter did not help")
        warnings.filterwarnings("ignore", category=UserWarning, message="Class")
        X_res, _ = sampler.fit_resample(X, Y)
    assert type(sampler.base_sampler_) is SMOTE  # not SMOTENC
    assert X_res["a"].dtype == object  # as the user gave it
    assert X_res["a"].iloc[:N].tolist() == values  # the originals, exactly
    new = pd.to_numeric(X_res["a"].iloc[N:]).to_numpy(dtype=float)
    real = np.asarray(values, dtype=float)
    assert not np.isin(new, real).all()  # interpolated, not copies of real values
    pd.testing.assert_frame_equal(X, before)


def test_bool_and_string_object_columns_stay_nominal():
    assert is_nominal(pd.Series([True, False, True], dtype=object))
    assert is_nominal(pd.Series(["1.5", "2"], dtype=object))
    assert is_nominal(pd.Series(["x", "y"], dtype=object))
    assert not is_nominal(pd.Series([Decimal("1.5"), 2], dtype=object))


def test_numeric_strings_warn_with_the_column_and_the_fix():
    X = pd.DataFrame({"dose": [f"{v:.2f}" for v in _normal(2)], "b": _normal(seed=1)})
    with pytest.warns(
        SynthsieveWarning,
        match=r"Column 'dose' of `X` holds numbers written as strings \(e\.g\. "
        r"'[-0-9.]+'\).*pd\.to_numeric\(X\['dose'\]\).*`categorical_features` "
        r"\(`--categorical`",
    ):
        X_res, _ = FilteredOverSampler(**FAST).fit_resample(X, Y)
    assert X_res["dose"].iloc[:N].tolist() == X["dose"].tolist()


def test_numeric_strings_declared_nominal_do_not_warn():
    X = pd.DataFrame({"dose": [str(i % 4) for i in range(N)], "b": _normal()})
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        FilteredOverSampler(categorical_features=["dose"], **FAST).fit_resample(X, Y)
    assert not [w for w in caught if "written as strings" in str(w.message)]


# --------------------------------------------------------------------------- #
# 6 and 9. generators on huge values
# --------------------------------------------------------------------------- #


def _huge_table(scale):
    return np.c_[_normal(scale), _normal(seed=1)]


def _generator(name):
    cls = getattr(generators, name)
    params = {"random_state": 0}
    if "max_epochs" in cls().get_params():
        params["max_epochs"] = 2
    return cls(**params)


@pytest.mark.parametrize("scale", [1e155, 1e200])
@pytest.mark.parametrize("name", generators.__all__)
def test_generators_on_huge_values_return_finite_rows(name, scale):
    X = _huge_table(scale)
    before = X.copy()
    try:
        X_res, y_res = _quiet(_generator(name).fit_resample, X, Y)
    except ValueError as exc:  # the other way allowed: a refusal naming the column
        assert "'x0'" in str(exc)
        return
    assert np.isfinite(X_res).all()
    assert len(X_res) == 2 * N0
    np.testing.assert_array_equal(X_res[:N], before)
    # the new rows are on the column's own scale
    assert np.abs(X_res[N:, 0]).max() > scale / 100


def test_kde_huge_values_keep_fitted_scale_in_the_columns_units():
    X = _huge_table(1e200)
    sampler = KDEOverSampler(random_state=0)
    sampler.fit_resample(X, Y)
    std = (X[:, 0] / 1e200).std() * 1e200  # numpy's own std overflows here
    np.testing.assert_allclose(sampler.scale_[0], std, rtol=1e-9)


class _NaNGenerator(BaseGenerator):
    def __init__(self, *, sampling_strategy="auto", random_state=None):
        self.sampling_strategy = sampling_strategy
        self.random_state = random_state

    def _generate(self, X, y, targets, rng):
        rows = {c: np.tile(X[y == c][:1], (n, 1)) for c, n in targets.items()}
        for r in rows.values():
            r[:, 1] = np.nan
        return rows


def test_generator_returning_nan_is_refused_naming_the_column():
    X = pd.DataFrame({"age": _normal(), "dose": _normal(seed=1)})
    with pytest.raises(
        ValueError,
        match=r"_NaNGenerator produced NaN or infinite values in column 'dose'",
    ):
        _NaNGenerator().fit_resample(X, Y)


def test_generator_beyond_float64_says_the_values_are_too_large():
    X = _huge_table(1.0)
    X[:, 0] = np.finfo(float).max * np.linspace(-1, 1, N)  # the noise overflows
    with pytest.raises(
        ValueError,
        match=r"KDEOverSampler produced NaN or infinite values in column 'x0', "
        r"whose values reach 1\.8e\+308 in absolute value; values this large "
        r"cannot be resampled in float64\. Rescale the column",
    ):
        _quiet(KDEOverSampler(bandwidth=1.0, random_state=0).fit_resample, X, Y)


# --------------------------------------------------------------------------- #
# 7 and 9. the filter on huge values
# --------------------------------------------------------------------------- #


@pytest.mark.parametrize("scale", [1e155, 1e200, 1e300])
@pytest.mark.parametrize("jitter", ["auto", 0])
def test_filter_on_huge_values_works_like_smote(scale, jitter):
    X = _huge_table(scale)
    before = X.copy()
    X_res, y_res = _quiet(FilteredOverSampler(jitter=jitter, **FAST).fit_resample, X, Y)
    assert np.isfinite(X_res).all()
    np.testing.assert_array_equal(X_res[:N], before)
    assert len(X_res) > N
    assert np.abs(X_res[N:, 0]).max() > scale / 100


def test_filter_on_huge_values_with_the_default_detector_and_report():
    X = pd.DataFrame({"amount": _normal(1e200), "b": _normal(seed=1)})
    sampler = FilteredOverSampler(max_rounds=2, random_state=0)
    X_res, _ = _quiet(sampler.fit_resample, X, Y)
    assert np.isfinite(X_res.to_numpy()).all()
    assert np.isfinite(sampler.report_.classes[1]["after"].roc_auc)


# --------------------------------------------------------------------------- #
# 8. a base sampler or a detector that returns something wrong
# --------------------------------------------------------------------------- #


class _Broken(BaseEstimator):
    """SMOTE, then spoiled: NaN values, an extra column or an unknown label."""

    _sampling_type = "over-sampling"

    def __init__(self, how="nan", sampling_strategy="auto", random_state=None):
        self.how = how
        self.sampling_strategy = sampling_strategy
        self.random_state = random_state

    def fit_resample(self, X, y):
        smote = SMOTE(
            sampling_strategy=self.sampling_strategy, random_state=self.random_state
        )
        Xr, yr = smote.fit_resample(np.asarray(X, dtype=float), y)
        n = len(X)
        if self.how == "nan":
            Xr[n:, 1] = np.nan
        elif self.how == "columns":
            Xr = np.c_[Xr, np.zeros(len(Xr))]
        else:
            yr = np.asarray(yr).copy()
            yr[n:] = 99
        return Xr, yr


def _frame2():
    return pd.DataFrame({"age": _normal(), "dose": _normal(seed=1)})


@pytest.mark.parametrize(
    "how, match",
    [
        (
            "nan",
            r"`sampler` \(_Broken\) returned new rows of class 1 with NaN \(in "
            r"columns \['dose'\]\)",
        ),
        (
            "columns",
            r"`sampler` \(_Broken\) returned rows of 3 columns when given 2 "
            r"\(class 1\)",
        ),
        (
            "label",
            r"`sampler` \(_Broken\) returned new rows under the label 99, which is "
            r"not a class of its input",
        ),
    ],
)
def test_broken_base_sampler_is_named(how, match):
    X = _frame2()
    before = X.copy()
    with pytest.raises(ValueError, match=match):
        _quiet(FilteredOverSampler(sampler=_Broken(how), **FAST).fit_resample, X, Y)
    pd.testing.assert_frame_equal(X, before)


class _NaNDetector(LogisticRegression):
    def predict_proba(self, X):
        proba = super().predict_proba(X)
        proba[::3] = np.nan
        return proba


def test_detector_returning_nan_is_named():
    params = {**FAST, "detector": _NaNDetector()}
    with pytest.raises(
        ValueError,
        match=r"`detector` \(_NaNDetector\) returned NaN probabilities for \d+ of "
        r"\d+ rows",
    ):
        _quiet(FilteredOverSampler(**params).fit_resample, _frame2(), Y)


# --------------------------------------------------------------------------- #
# 10. polars
# --------------------------------------------------------------------------- #


@pytest.mark.parametrize("make", ["filter", "generator"])
def test_polars_in_polars_out(make):
    pl = pytest.importorskip("polars")
    X = pl.DataFrame({"age": np.arange(N) % 50 + 20, "dose": _normal(seed=1)})
    y = pl.Series("sick", Y)
    sampler = (
        FilteredOverSampler(**FAST)
        if make == "filter"
        else KDEOverSampler(random_state=0)
    )
    X_res, y_res = _quiet(sampler.fit_resample, X, y)
    assert isinstance(X_res, pl.DataFrame) and isinstance(y_res, pl.Series)
    assert X_res.columns == ["age", "dose"] and y_res.name == "sick"
    assert X_res.height == len(y_res) > N
    assert X_res["age"].head(N).to_list() == X["age"].to_list()
    assert X_res["dose"].head(N).to_list() == X["dose"].to_list()
