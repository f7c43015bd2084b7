"""`categorical_features`: integer codes the user declares nominal."""

import numpy as np
import pandas as pd
import pytest
from sklearn.base import clone

from synthsieve import FilteredOverSampler, ShortfallWarning

CODES = [1, 5, 9]  # gaps: an interpolated, rounded code falls between them


@pytest.fixture
def coded():
    rng = np.random.default_rng(0)
    n_major, n_minor = 120, 30
    n = n_major + n_minor
    y = np.r_[np.zeros(n_major, int), np.ones(n_minor, int)]
    X = pd.DataFrame(
        {
            "suit": rng.choice(CODES, n),
            "rank": rng.choice(CODES, n),
            "size": rng.normal(size=n) + y,
            "weight": rng.gamma(2.0, size=n),
        }
    )
    return X, y


def _fit(X, y, **params):
    sampler = FilteredOverSampler(auditors=None, random_state=0, **params)
    X_res, y_res = sampler.fit_resample(X, y)
    return sampler, X_res, y_res


def _new_rows(X, X_res):
    return X_res.iloc[len(X) :] if isinstance(X_res, pd.DataFrame) else X_res[len(X) :]


@pytest.mark.parametrize(
    "declared",
    [["suit", "rank"], [0, 1], [True, True, False, False], np.array([0, 1])],
    ids=["names", "positions", "mask", "array"],
)
def test_declared_codes_are_nominal(coded, declared):
    X, y = coded
    before = X.copy()
    sampler, X_res, y_res = _fit(X, y, categorical_features=declared)
    pd.testing.assert_frame_equal(X, before)  # input untouched
    assert type(sampler.base_sampler_).__name__ == "SMOTENC"
    assert list(X_res.dtypes) == list(X.dtypes)  # integer codes stay integers
    new = _new_rows(X, X_res)
    assert len(new) > 0
    for column in ("suit", "rank"):
        assert set(new[column]) <= set(CODES)
    pd.testing.assert_frame_equal(X_res.iloc[: len(X)], X)  # originals first


def test_undeclared_codes_are_integers(coded):
    # without the declaration the same columns are integers, interpolated by
    # SMOTE (the rules then keep them to the values seen)
    X, y = coded
    sampler, X_res, _ = _fit(X, y)
    assert type(sampler.base_sampler_).__name__ == "SMOTE"
    assert list(X_res.dtypes) == list(X.dtypes)


def test_positions_on_an_array(coded):
    X, y = coded
    A = X.to_numpy(dtype=float)
    sampler, X_res, _ = _fit(A, y, categorical_features=[0, 1])
    assert type(sampler.base_sampler_).__name__ == "SMOTENC"
    new = _new_rows(A, X_res)
    assert set(np.unique(new[:, :2])) <= set(map(float, CODES))


def test_every_column_declared_uses_smoten(coded):
    X, y = coded
    X = X[["suit", "rank"]]
    # 3 x 3 codes, all nine combinations already rows: nothing new to make
    with pytest.warns(ShortfallWarning, match="at most 9 distinct rows"):
        sampler, X_res, _ = _fit(X, y, categorical_features=["suit", "rank"])
    assert type(sampler.base_sampler_).__name__ == "SMOTEN"
    assert (X_res.dtypes == X.dtypes).all()


def test_is_a_parameter(coded):
    sampler = FilteredOverSampler(categorical_features=["suit"])
    assert clone(sampler).get_params()["categorical_features"] == ["suit"]


@pytest.mark.parametrize(
    "declared, error, match",
    [
        (["colour"], ValueError, r"names the column 'colour'.*'suit', 'rank'"),
        ([7], ValueError, r"position 7, but `X` has 4 columns"),
        ([True, False], ValueError, r"one entry per column of `X` \(4\); got 2"),
        ("suit", TypeError, r"must be an array-like or None. Got 'suit'"),
        ([1.5], TypeError, r"positions, names or a boolean mask; got 1.5"),
    ],
    ids=["unknown-name", "position", "mask-length", "string", "float"],
)
def test_bad_declarations_are_named(coded, declared, error, match):
    X, y = coded
    with pytest.raises(error, match=match):
        FilteredOverSampler(categorical_features=declared).fit_resample(X, y)


def test_names_without_column_names(coded):
    X, y = coded
    with pytest.raises(TypeError, match=r"`X` has no column names \(pass positions\)"):
        FilteredOverSampler(categorical_features=["suit"]).fit_resample(X.to_numpy(), y)
