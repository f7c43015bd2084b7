"""Fuzzing FilteredOverSampler with random small tables (issue #16).

Numeric (float64, float32), integer (int64, Int64), boolean, categorical and
string (object, pandas' string) columns, now and then a NaN, an infinity or a
missing value; two or three classes with integer or string
labels, from one row each. Whatever the table, the sampler either resamples
(originals first and unchanged, no class loses rows) or raises a ValueError or
TypeError whose message says something, names no column ``x0`` for a
DataFrame and no label as ``np.int64(1)``; it never modifies its input.

Derandomized (a fixed sequence of examples) so that CI is reproducible, and
bounded (50 tables of at most 30 rows, fast settings) to run in well under a
minute.
"""

from __future__ import annotations

import copy
import re
import warnings

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from imblearn.over_sampling import RandomOverSampler

from synthsieve import FilteredOverSampler

KINDS = (
    "float",
    "float32",
    "integer",
    "Int64",
    "boolean",
    "category",
    "string",
    "string-dtype",
)
LABELS = {"int": (0, 1, 2), "str": ("healthy", "sick", "unsure")}


@st.composite
def columns(draw, n: int, kind: str):
    """`n` values of one column of `kind`; sometimes one of them is bad."""
    if kind in ("float", "float32"):
        values = draw(
            st.lists(
                st.floats(-1e3, 1e3, allow_nan=False, width=32),
                min_size=n,
                max_size=n,
            )
        )
        bad = draw(st.sampled_from([None] * 9 + [np.nan, np.inf, -np.inf]))
        if bad is not None:
            values[draw(st.integers(0, n - 1))] = bad
        return np.asarray(values, dtype=np.float32 if kind == "float32" else float)
    if kind in ("integer", "Int64"):
        values = draw(st.lists(st.integers(-5, 20), min_size=n, max_size=n))
        if kind == "integer":
            return np.asarray(values)
        if draw(st.integers(0, 11)) == 0:
            values[draw(st.integers(0, n - 1))] = None
        return pd.array(values, dtype="Int64")
    if kind == "boolean":
        return np.asarray(draw(st.lists(st.booleans(), min_size=n, max_size=n)))
    values = draw(st.lists(st.sampled_from(["a", "b", "c"]), min_size=n, max_size=n))
    if draw(st.integers(0, 11)) == 0:
        values[draw(st.integers(0, n - 1))] = None
    if kind == "category":
        return pd.Categorical(values)
    if kind == "string-dtype":
        return pd.array(values, dtype="string")
    return np.asarray(values, dtype=object)


@st.composite
def tables(draw):
    """A small DataFrame and its labels (an array or a Series)."""
    n_classes = draw(st.integers(2, 3))
    sizes = draw(st.lists(st.integers(1, 14), min_size=n_classes, max_size=n_classes))
    labels = LABELS[draw(st.sampled_from(sorted(LABELS)))][:n_classes]
    y = np.concatenate([np.full(k, label) for k, label in zip(sizes, labels)])
    order = draw(st.permutations(range(len(y))))
    y = y[list(order)]
    n = len(y)
    kinds = draw(st.lists(st.sampled_from(KINDS), min_size=1, max_size=4))
    X = pd.DataFrame(
        {f"{kind}_{i}": draw(columns(n, kind)) for i, kind in enumerate(kinds)}
    )
    if draw(st.booleans()):
        y = pd.Series(y, name="target")
    return X, y


@st.composite
def samplers(draw):
    """Parameters of a fast FilteredOverSampler: the default base sampler (which
    needs 6 rows a class) or RandomOverSampler (which needs one)."""
    base = draw(st.sampled_from([None, "random", "random"]))
    return {
        "sampler": RandomOverSampler(random_state=0) if base == "random" else None,
        "detector": draw(st.sampled_from(["logreg", None])),
        "auditors": None,
        "max_rounds": 1,
        "cv": 2,
        "random_state": 0,
    }


@pytest.mark.filterwarnings("ignore::UserWarning")
@settings(
    max_examples=50,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(data=tables(), params=samplers())
def test_resamples_or_raises_a_clear_error_and_never_modifies_input(data, params):
    X, y = data
    X_before, y_before = copy.deepcopy(X), copy.deepcopy(y)
    sampler = FilteredOverSampler(**params)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", UserWarning)
            X_res, y_res = sampler.fit_resample(X, y)
    except (ValueError, TypeError) as exc:
        message = str(exc)
        assert message.strip(), f"{type(exc).__name__} without a message"
        assert "np.int64(" not in message and "np.str_(" not in message, message
        assert not re.search(r"'x\d+'", message), message  # the user's names
    else:
        assert len(X_res) == len(y_res) >= len(X)
        pd.testing.assert_frame_equal(X_res.iloc[: len(X)], X_before)
        counts = pd.Series(np.asarray(y_before)).value_counts()
        after = pd.Series(np.asarray(y_res)).value_counts()
        assert (after.reindex(counts.index) >= counts).all()
    pd.testing.assert_frame_equal(X, X_before)
    if isinstance(y, pd.Series):
        pd.testing.assert_series_equal(y, y_before)
    else:
        np.testing.assert_array_equal(y, y_before)
