"""Property tests of FilteredOverSampler on small random tables.

Hypothesis draws the shape of a table (rows per class, numbers of float,
integer and categorical columns, how far the classes sit apart, the sampling
strategy) and a seed for its values; each property must hold on every table.
Fast settings (logistic-regression detector, no audit, two rounds) keep a fit
to a fraction of a second.
"""

import re
import warnings
from collections import Counter

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from synthsieve import FilteredOverSampler, ShortfallWarning, SynthsieveWarning

FAST = {"detector": "logreg", "auditors": None, "max_rounds": 2}

SETTINGS = {"deadline": None, "suppress_health_check": [HealthCheck.too_slow]}

CATEGORIES = ["a", "b", "c", "d", "e"]


@st.composite
def tables(draw):
    """A DataFrame of float, integer, 0/1 integer and string columns (1 to 6),
    and its labels: 8-20 rows of class 1 (the minority), 30-60 of class 0."""
    n_min = draw(st.integers(8, 20), label="n_min")
    n_maj = draw(st.integers(30, 60), label="n_maj")
    n_float = draw(st.integers(0, 2), label="n_float")
    n_int = draw(st.integers(0, 2), label="n_int")
    n_binary = draw(st.integers(0, 1), label="n_binary")
    n_cat = draw(st.integers(0 if n_float + n_int + n_binary else 1, 1), label="n_cat")
    shift = draw(st.sampled_from([0.0, 0.5, 1.5]), label="shift")
    seed = draw(st.integers(0, 2**32 - 1), label="seed")
    rng = np.random.default_rng(seed)
    y = np.r_[np.zeros(n_maj, dtype=np.int64), np.ones(n_min, dtype=np.int64)]
    n = n_maj + n_min
    columns = {}
    for j in range(n_float):
        columns[f"f{j}"] = rng.normal(0.0, 1.0 + j, n) + shift * y
    for j in range(n_int):
        columns[f"i{j}"] = rng.poisson(3.0 + 2.0 * shift * y + 5 * j).astype("int64")
    for j in range(n_binary):
        columns[f"b{j}"] = (rng.random(n) < 0.3 + 0.4 * (shift > 0) * y).astype("int64")
    for j in range(n_cat):
        k = draw(st.integers(2, len(CATEGORIES)), label=f"categories_{j}")
        columns[f"c{j}"] = rng.choice(CATEGORIES[:k], n).astype(object)
    return pd.DataFrame(columns), y


@st.composite
def strategies(draw, y):
    """A sampling strategy for class 1 and the number of rows it asks for."""
    n_maj, n_min = int((y == 0).sum()), int((y == 1).sum())
    kind = draw(st.sampled_from(["auto", "dict", "float"]), label="strategy")
    if kind == "auto":
        return "auto", n_maj - n_min
    if kind == "dict":
        target = draw(st.integers(n_min, n_maj), label="target")
        return {1: target}, target - n_min
    ratio = draw(st.integers(ceil_div(100 * (n_min + 1), n_maj), 100), label="r") / 100
    return ratio, int(n_maj * ratio - n_min)  # imbalanced-learn's formula


def ceil_div(a, b):
    return -(-a // b)


def _fit(X, y, **params):
    """Fit and resample; the synthsieve warnings raised on the way."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", SynthsieveWarning)
        sampler = FilteredOverSampler(**{**FAST, **params})
        X_res, y_res = sampler.fit_resample(X, y)
    ours = [w for w in caught if issubclass(w.category, SynthsieveWarning)]
    return sampler, X_res, y_res, ours


def _row_set(frame: pd.DataFrame) -> set:
    """Rows as tuples of python values (integers and floats compare equal)."""
    return set(frame.itertuples(index=False, name=None))


@settings(max_examples=25, **SETTINGS)
@given(data=st.data())
def test_invariants_of_one_fit(data):
    X, y = data.draw(tables(), label="table")
    strategy, need = data.draw(strategies(y), label="sampling_strategy")
    selection = data.draw(st.sampled_from(["auto", None]), label="selection")
    X_before, y_before = X.copy(), y.copy()
    sampler, X_res, y_res, caught = _fit(
        X, y, sampling_strategy=strategy, selection=selection, random_state=0
    )

    # (a) the caller's data is untouched; its rows come first and unchanged
    pd.testing.assert_frame_equal(X, X_before)
    np.testing.assert_array_equal(y, y_before)
    assert isinstance(X_res, pd.DataFrame)
    assert list(X_res.columns) == list(X.columns)
    assert X_res.dtypes.to_dict() == X.dtypes.to_dict()
    pd.testing.assert_frame_equal(X_res.iloc[: len(X)], X)
    np.testing.assert_array_equal(y_res[: len(y)], y)
    new = X_res.iloc[len(X) :].reset_index(drop=True)
    assert (y_res[len(y) :] == 1).all()

    # (b) as many rows as asked for, or a ShortfallWarning that says why
    assert Counter(y_res.tolist())[0] == int((y == 0).sum())
    assert sampler.sampling_strategy_ == {1: need}
    shortfalls = [str(w.message) for w in caught if w.category is ShortfallWarning]
    if not shortfalls:
        assert len(new) == need
        # without the set selection, a row is filled only to settle a
        # shortfall; with it, the pool may be completed quietly (flagged)
        assert selection is not None or not sampler.accepted_["filled"].any()
    else:
        (message,) = shortfalls
        found = re.match(
            rf"Class (?:1|np\.int64\(1\)): (\d+) of {need} rows accepted"
            r"(?: after max_rounds=2|, stopped after round 1 of max_rounds=2"
            r"|, no candidates made)(?:; .*?)?; "
            r"filled (\d+) with the least detectable",
            message,
        )
        assert found, message
        accepted, filled = int(found.group(1)), int(found.group(2))
        assert accepted < need
        assert len(new) == accepted + filled <= need
        assert int(sampler.accepted_["filled"].sum()) == filled
    assert len(sampler.accepted_) == len(new)
    assert (sampler.accepted_["class"] == 1).all()

    # (c) every accepted row obeys the rules fitted on the data
    if len(new):
        reasons = sampler.rules_.reasons(new, y=1)
        assert (reasons == "").all(), reasons[reasons != ""].tolist()

    # (d) no accepted row is a copy of a real row (of either class)
    assert not _row_set(new) & _row_set(X)


@settings(max_examples=15, **SETTINGS)
@given(table=tables(), seed=st.integers(0, 2**31 - 1))
def test_same_seed_same_output(table, seed):
    X, y = table
    first, X_a, y_a, _ = _fit(X, y, random_state=seed)
    second, X_b, y_b, _ = _fit(X, y, random_state=seed)
    pd.testing.assert_frame_equal(X_a, X_b)
    np.testing.assert_array_equal(y_a, y_b)
    pd.testing.assert_frame_equal(first.rejected_, second.rejected_)
    pd.testing.assert_frame_equal(first.accepted_, second.accepted_)


@settings(max_examples=15, **SETTINGS)
@given(table=tables())
def test_n_jobs_does_not_change_the_output(table):
    X, y = table
    one, X_one, y_one, _ = _fit(X, y, random_state=0, n_jobs=1)
    two, X_two, y_two, _ = _fit(X, y, random_state=0, n_jobs=2)
    pd.testing.assert_frame_equal(X_one, X_two)
    np.testing.assert_array_equal(y_one, y_two)
    pd.testing.assert_frame_equal(one.accepted_, two.accepted_)


# The same invariants on the shared fixtures of conftest.py (numeric array,
# mixed dtypes, strings only), with the default detector.
@pytest.mark.parametrize("name", ["binary_numeric", "mixed_frame", "nominal_frame"])
def test_invariants_on_the_shared_fixtures(name, request):
    X, y = request.getfixturevalue(name)
    frame = pd.DataFrame(X) if isinstance(X, np.ndarray) else X
    X_before = frame.copy()
    sampler = FilteredOverSampler(auditors=None, random_state=0)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", SynthsieveWarning)
        X_res, y_res = sampler.fit_resample(X, y)
        X_again, _ = FilteredOverSampler(auditors=None, random_state=0).fit_resample(
            X, y
        )
    out = pd.DataFrame(X_res) if isinstance(X_res, np.ndarray) else X_res
    pd.testing.assert_frame_equal(frame, X_before)
    pd.testing.assert_frame_equal(out.iloc[: len(frame)], frame)
    new = out.iloc[len(frame) :].reset_index(drop=True)
    assert len(new) > 0
    assert (np.asarray(y_res)[len(frame) :] == 1).all()
    as_given = new if isinstance(X, pd.DataFrame) else new.to_numpy()
    assert (sampler.rules_.reasons(as_given, y=1) == "").all()
    assert not _row_set(new) & _row_set(frame)
    np.testing.assert_array_equal(np.asarray(X_res), np.asarray(X_again))


def test_bool_and_categorical_columns_together(mixed_frame):
    # was a bug: such a frame failed input validation ("Cannot cast str dtype
    # to float64"); each column type alone worked
    X, y = mixed_frame
    X = X.assign(insured=X["smoker"].astype(bool))
    X_res, _ = FilteredOverSampler(**FAST, random_state=0).fit_resample(X, y)
    assert X_res.dtypes.to_dict() == X.dtypes.to_dict()
