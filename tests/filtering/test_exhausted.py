"""Exhausted domains: when the valid rows already exist, the filter says so
instead of generating copies for nothing."""

import itertools
import warnings

import numpy as np
import pandas as pd
import pytest

from synthsieve import FilteredOverSampler, ShortfallWarning, SieveReport


def _full_factorial():
    """Three binary columns; the minority class holds all eight combinations."""
    combos = np.array(list(itertools.product([0, 1], repeat=3)))
    rng = np.random.default_rng(0)
    minority = combos[rng.integers(0, 8, 40)]
    minority[:8] = combos
    majority = combos[rng.integers(0, 8, 280)]
    X = pd.DataFrame(
        np.vstack([majority, minority]), columns=["fever", "rash", "cough"]
    )
    y = np.r_[np.zeros(280, dtype=int), np.ones(40, dtype=int)]
    return X, y


def _fit(X, y, **params):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        sampler = FilteredOverSampler(auditors=None, random_state=0, **params)
        X_res, y_res = sampler.fit_resample(X, y)
    shortfall = [str(w.message) for w in caught if w.category is ShortfallWarning]
    return sampler, X_res, shortfall


def test_a_full_factorial_makes_no_candidates_and_says_why():
    X, y = _full_factorial()
    sampler, X_res, msgs = _fit(X, y)
    assert len(X_res) == len(X)
    assert sampler.n_rounds_ == {1: 0}
    assert sampler.report_.classes[1]["candidates"] == 0
    (msg,) = msgs
    assert "at most 8 distinct rows (2 x 2 x 2 values)" in msg
    assert "already holds 8 of them" in msg and "no new row can be made" in msg
    for choice in (
        "RandomOverSampler",
        "class_weight='balanced'",
        "shortfall='return'",
    ):
        assert choice in msg
    assert "max_rounds`" not in msg  # more rounds cannot help: not advised
    # the report carries the reason, through JSON too
    summary = sampler.report_.summary()
    assert "no new row can be made" in summary
    again = SieveReport.from_json(sampler.report_.to_json())
    assert again.classes[1]["note"] == sampler.report_.classes[1]["note"]


def test_shortfall_raise_explains_instead_of_advising_more_rounds():
    X, y = _full_factorial()
    with pytest.raises(RuntimeError, match="no new row can be made") as info:
        _fit(X, y, shortfall="raise")
    assert "raise `max_rounds`" not in str(info.value)


def test_a_class_of_identical_rows_stops_after_one_round():
    rng = np.random.default_rng(0)
    X = np.r_[rng.normal(size=(60, 3)), np.tile([[1.0, 2.0, 3.0]], (10, 1))]
    y = np.r_[np.zeros(60, dtype=int), np.ones(10, dtype=int)]
    sampler, X_res, msgs = _fit(X, y)
    assert sampler.n_rounds_ == {1: 1}  # not max_rounds=5 rounds of copies
    (msg,) = msgs
    assert "stopped after round 1 of max_rounds=5" in msg
    assert "only 1 distinct row," in msg
    counts = sampler.report_.classes[1]["rejected"]
    assert set(counts) <= {"copy", "near_copy", "duplicate"}


def test_with_copies_allowed_the_domain_is_not_a_limit():
    X, y = _full_factorial()
    sampler, X_res, msgs = _fit(X, y, reject_copies=False, detector=None)
    assert msgs == []
    assert len(X_res) == 2 * 280


def test_a_domain_with_room_left_says_how_much():
    combos = np.array(list(itertools.product([0, 1], repeat=3)))[:7]  # no (1, 1, 1)
    rng = np.random.default_rng(0)
    X = pd.DataFrame(
        np.vstack(
            [combos[rng.integers(0, 7, 280)], combos, combos[rng.integers(0, 7, 33)]]
        ),
        columns=["fever", "rash", "cough"],
    )
    y = np.r_[np.zeros(280, dtype=int), np.ones(40, dtype=int)]
    sampler, X_res, msgs = _fit(X, y, max_rounds=2)
    assert sampler.report_.classes[1]["candidates"] > 0  # it tried
    (msg,) = msgs
    assert "at most 8 distinct rows" in msg and "already holds 7 of them" in msg
    assert "no new row can be made" not in msg
    new = X_res.iloc[len(X) :]
    assert len(new) <= 1 and (new.to_numpy() == 1).all()  # only (1, 1, 1) is new


def test_warnings_point_at_the_callers_line():
    X, y = _full_factorial()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        FilteredOverSampler(auditors=None, random_state=0).fit_resample(X, y)
    ours = [w for w in caught if w.category is ShortfallWarning]
    assert ours and all(w.filename == __file__ for w in ours)


def test_warnings_in_a_pipeline_point_at_the_callers_line():
    from imblearn.pipeline import make_pipeline
    from sklearn.linear_model import LogisticRegression

    X, y = _full_factorial()
    pipe = make_pipeline(
        FilteredOverSampler(auditors=None, random_state=0), LogisticRegression()
    )
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        pipe.fit(X, y)
    ours = [w for w in caught if w.category is ShortfallWarning]
    assert ours and all(w.filename == __file__ for w in ours)
