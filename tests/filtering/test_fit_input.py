"""The input is checked and built once, into one frozen FitInput that the fit
passes down; nothing about it is kept on the estimator, during a fit or after
one, and the original rows still come back bit-exact."""

from __future__ import annotations

import dataclasses
import warnings
from decimal import Decimal

import numpy as np
import pandas as pd
import pytest
from imblearn.over_sampling import SMOTE, SMOTENC
from scipy import sparse

import synthsieve.filtering._holdout_report as holdout_module
import synthsieve.filtering._input as input_module
import synthsieve.filtering._sampler as sampler_module
from synthsieve import FilteredOverSampler, sieve_report
from synthsieve.filtering._input import FitInput

FAST = {"detector": "logreg", "auditors": None, "max_rounds": 2, "random_state": 0}
N0, N1 = 60, 20
N = N0 + N1
Y = np.r_[np.zeros(N0, dtype=int), np.ones(N1, dtype=int)]
BIG = 1704067385000000005  # beyond 2**53: float64 would round it


def _quiet(call, *args, **kwargs):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return call(*args, **kwargs)


def _mixed_frame() -> pd.DataFrame:
    rng = np.random.default_rng(0)
    return pd.DataFrame(
        {
            "t": np.int64(BIG) + rng.integers(0, 10**12, N),
            "dose": rng.normal(size=N),
            "amount": np.array(
                [Decimal(str(round(v, 3))) for v in rng.normal(size=N)], dtype=object
            ),
            "suit": rng.integers(1, 5, N),  # declared nominal below
            "colour": pd.Categorical(rng.choice(["red", "blue"], N)),
        },
        index=np.arange(N) + 100,
    )


@pytest.fixture
def attributes_set(monkeypatch):
    """Every attribute name set on a FilteredOverSampler while it lives."""
    names = []

    def spy(self, name, value):
        names.append(name)
        object.__setattr__(self, name, value)

    monkeypatch.setattr(FilteredOverSampler, "__setattr__", spy)
    return names


def _parked(names) -> set:
    """Private attributes other than the report's basis (a fitted attribute)."""
    return {n for n in names if n.startswith("_") and n != "_report_basis"}


@pytest.mark.parametrize(
    "make",
    [
        lambda: np.random.default_rng(0).normal(size=(N, 3)),
        lambda: sparse.csc_matrix(np.abs(np.random.default_rng(0).normal(size=(N, 3)))),
        _mixed_frame,
    ],
    ids=["array", "sparse", "frame"],
)
def test_a_fit_sets_no_input_attribute(make, attributes_set):
    X = make()
    sampler = FilteredOverSampler(categorical_features=None, **FAST)
    _quiet(sampler.fit_resample, X, Y)
    assert not _parked(attributes_set)
    assert not [n for n in vars(sampler) if n.startswith("_input")]
    assert not hasattr(sampler, "_sparse_format")


class _Boom(SMOTE):
    """A base sampler that fails once the fit is under way."""

    def fit_resample(self, X, y, **params):
        raise RuntimeError("boom")


def test_a_fit_that_raised_midway_leaves_nothing_behind(attributes_set):
    sampler = FilteredOverSampler(sampler=_Boom(), **FAST)
    with pytest.raises(RuntimeError, match="boom"):
        _quiet(sampler.fit_resample, _mixed_frame(), Y)
    assert not _parked(attributes_set)
    assert not [n for n in vars(sampler) if n.startswith("_")]


def test_fit_resample_hands_a_frozen_fit_input_down(monkeypatch):
    seen = []
    fit = FilteredOverSampler._fit_resample

    def spy(self, data, y):
        seen.append(data)
        return fit(self, data, y)

    monkeypatch.setattr(FilteredOverSampler, "_fit_resample", spy)
    X = _mixed_frame()
    _quiet(
        FilteredOverSampler(categorical_features=["suit"], **FAST).fit_resample, X, Y
    )
    (data,) = seen
    assert isinstance(data, FitInput)
    with pytest.raises(dataclasses.FrozenInstanceError):
        data.frame = None
    assert data.original is X and data.values is None and data.from_frame
    assert data.columns == tuple(X.columns) and data.nominal == ("suit",)
    assert data.dtypes.to_dict() == X.dtypes.to_dict()
    assert isinstance(data.frame["suit"].dtype, pd.CategoricalDtype)
    assert data.frame["amount"].dtype == float  # numbers in an object column
    assert data.schema.names == list(X.columns)
    assert data.schema["suit"].kind == "nominal"


def test_an_array_input_keeps_its_validated_array_and_a_view_of_it():
    X = np.random.default_rng(0).normal(size=(N, 3))
    data = FitInput.build(X, X)
    assert data.original is None and data.values is X and not data.from_frame
    assert data.columns == ("x0", "x1", "x2") and data.nominal == ()
    assert np.shares_memory(data.frame.to_numpy(), X)
    data = FitInput.build(sparse.csr_matrix(X), sparse.csr_matrix(X))
    assert data.sparse_format == "csr" and isinstance(data.values, np.ndarray)


def test_the_input_is_built_and_checked_once(monkeypatch):
    calls = {"declared": 0, "sampler": 0, "frames": 0}
    declared, check_sampler = (
        input_module.declared_nominal,
        sampler_module.check_sampler,
    )
    internal = input_module.internal_frame

    def count(key, fn):
        def wrapped(*args, **kwargs):
            calls[key] += 1
            return fn(*args, **kwargs)

        return wrapped

    monkeypatch.setattr(input_module, "declared_nominal", count("declared", declared))
    monkeypatch.setattr(input_module, "internal_frame", count("frames", internal))
    monkeypatch.setattr(
        sampler_module, "check_sampler", count("sampler", check_sampler)
    )
    sampler = FilteredOverSampler(
        sampler=SMOTENC(categorical_features="auto", k_neighbors=3),
        categorical_features=["suit"],
        **FAST,
    )
    _quiet(sampler.fit_resample, _mixed_frame(), Y)
    assert calls == {"declared": 1, "sampler": 1, "frames": 1}


def test_sieve_report_builds_the_base_sampler_once(monkeypatch):
    built = []
    base = holdout_module._base_sampler

    def counting(*args):
        built.append(1)
        return base(*args)

    monkeypatch.setattr(holdout_module, "_base_sampler", counting)
    X = np.random.default_rng(0).normal(size=(200, 3))
    y = np.r_[np.zeros(150, int), np.ones(50, int)]
    report = _quiet(sieve_report, FilteredOverSampler(**FAST), X, y, random_state=0)
    assert len(built) == 1
    assert report.extra["base_sampler"] == "SMOTE"


# ----------------------------------------------------------------- bit-exact


def test_a_mixed_frame_comes_back_bit_exact():
    X = _mixed_frame()
    before = X.copy()
    sampler = FilteredOverSampler(categorical_features=["suit"], **FAST)
    X_res, _ = _quiet(sampler.fit_resample, X, Y)
    assert len(X_res) > N
    assert X_res.dtypes.to_dict() == before.dtypes.to_dict()
    assert X_res["t"].iloc[:N].tolist() == before["t"].tolist()  # beyond 2**53
    assert X_res["amount"].iloc[:N].tolist() == before["amount"].tolist()
    pd.testing.assert_frame_equal(X_res.iloc[:N], before.reset_index(drop=True))
    pd.testing.assert_frame_equal(X, before)
    assert set(X_res["suit"].iloc[N:]) <= set(before["suit"])  # codes seen only


def test_a_polars_frame_comes_back_bit_exact():
    pl = pytest.importorskip("polars")
    X = _mixed_frame().drop(columns=["amount", "colour"]).reset_index(drop=True)
    X_res, _ = _quiet(
        FilteredOverSampler(**FAST).fit_resample, pl.from_dict(X.to_dict("list")), Y
    )
    assert isinstance(X_res, pl.DataFrame)
    assert X_res["t"].head(N).to_list() == X["t"].tolist()


@pytest.mark.parametrize("fmt", ["csr", "csc"])
def test_a_sparse_matrix_comes_back_in_its_format(fmt):
    dense = np.abs(np.random.default_rng(0).normal(size=(N, 3))).round(2)
    dense[dense < 0.5] = 0
    X = sparse.csr_matrix(dense).asformat(fmt)
    X_res, _ = _quiet(FilteredOverSampler(**FAST).fit_resample, X, Y)
    assert sparse.issparse(X_res) and X_res.format == fmt
    np.testing.assert_array_equal(X_res[:N].toarray(), dense)


def test_an_object_array_of_big_integers_comes_back_bit_exact():
    rng = np.random.default_rng(0)
    X = np.empty((N, 2), dtype=object)
    X[:, 0] = [BIG + int(v) for v in rng.integers(0, 10**9, N)]
    X[:, 1] = rng.normal(size=N).tolist()
    before = X.copy()
    X_res, _ = _quiet(FilteredOverSampler(**FAST).fit_resample, X, Y)
    assert X_res.dtype == object
    assert X_res[:N, 0].tolist() == before[:, 0].tolist()
    np.testing.assert_array_equal(X, before)
