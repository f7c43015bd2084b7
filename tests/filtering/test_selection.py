"""The set selection: kernel herding of a pool of accepted rows
(``selection``)."""

import itertools
import warnings

import numpy as np
import pandas as pd
import pytest
from imblearn.over_sampling import SMOTE
from sklearn.datasets import make_classification

from synthsieve import FilteredOverSampler, ShortfallWarning
from synthsieve.filtering._selection import (
    SELECTION_MAX_CELLS,
    SELECTION_POOL,
    herding,
    wants_selection,
)


def _mmd(a, b, gamma=0.5):
    def k(u, v):
        d = (u**2).sum(1)[:, None] + (v**2).sum(1)[None, :] - 2 * u @ v.T
        return np.exp(-gamma * np.maximum(d, 0))

    return k(a, a).mean() + k(b, b).mean() - 2 * k(a, b).mean()


def test_herding_chooses_a_set_closer_to_the_real_rows_than_chance():
    rng = np.random.default_rng(0)
    real = rng.normal(size=(60, 3))
    # half the pool where the real rows are, half off to one side
    pool = np.vstack([rng.normal(size=(100, 3)), rng.normal(2.0, 1.0, (100, 3))])
    pick = herding(pool, real, 50)
    assert len(set(pick)) == 50  # without replacement
    chance = [_mmd(pool[rng.choice(200, 50, replace=False)], real) for _ in range(20)]
    assert _mmd(pool[pick], real) < min(chance)
    assert (pick < 100).mean() > 0.7  # mostly where the real rows are
    np.testing.assert_array_equal(herding(pool, real, 50), pick)  # no draw


def test_herding_spreads_over_the_real_rows_modes():
    # two real modes, the pool crowded around one: a candidate-by-candidate
    # choice would keep the crowd; herding covers both modes
    rng = np.random.default_rng(1)
    real = np.vstack([rng.normal(-3, 0.5, (30, 2)), rng.normal(3, 0.5, (30, 2))])
    pool = np.vstack([rng.normal(-3, 0.5, (180, 2)), rng.normal(3, 0.5, (20, 2))])
    pick = herding(pool, real, 40)
    assert 15 <= (pick >= 180).sum() <= 20  # about half from the rare mode


def test_a_large_class_is_represented_by_an_even_sample(monkeypatch):
    import synthsieve.filtering._selection as selection

    rng = np.random.default_rng(2)
    real = rng.normal(size=(400, 3))
    pool = np.vstack([rng.normal(size=(100, 3)), rng.normal(2.0, 1.0, (100, 3))])
    monkeypatch.setattr(selection, "REAL_ROWS", 40)  # 40 of the 400 stand for them
    pick = selection.herding(pool, real, 50)
    assert len(set(pick)) == 50
    chance = [_mmd(pool[rng.choice(200, 50, replace=False)], real) for _ in range(20)]
    assert _mmd(pool[pick], real) < min(chance)  # still towards all 400


def test_herding_keeps_everything_when_the_pool_is_no_larger():
    real, pool = np.zeros((5, 2)), np.ones((3, 2))
    np.testing.assert_array_equal(herding(pool, real, 3), [0, 1, 2])


def test_constant_columns_and_one_real_row_do_not_break_it():
    real = np.array([[1.0, 2.0]])
    pool = np.array([[1.0, 2.0], [5.0, 2.0], [1.1, 2.0]])
    pick = herding(pool, real, 2)
    assert sorted(pick) == [0, 2]


def test_when_the_selection_applies():
    assert not wants_selection(None, 100, 5)
    assert wants_selection("herding", 10**6, 100)
    assert wants_selection("auto", 100, 5)
    big = int(np.sqrt(SELECTION_MAX_CELLS / SELECTION_POOL / 50)) + 1
    assert not wants_selection("auto", big, 50)  # too costly: none
    assert wants_selection("auto", big - 2, 50)
    assert not wants_selection("auto", 0, 5)
    # mostly binary columns: not by default, on request
    assert wants_selection("auto", 100, 10, n_binary=5)
    assert not wants_selection("auto", 100, 10, n_binary=6)
    assert wants_selection("herding", 100, 10, n_binary=10)


def test_auto_leaves_a_mostly_binary_table_to_the_plain_acceptance():
    rng = np.random.default_rng(0)
    X = pd.DataFrame(rng.integers(0, 2, (200, 6)), columns=list("abcdef"))
    X["g"] = rng.normal(size=200)
    y = np.r_[np.zeros(170, int), np.ones(30, int)]
    kw = {"sampler": SMOTE(random_state=0), "auditors": None, "random_state": 0}
    auto = FilteredOverSampler(**kw).fit_resample(X, y)[0]
    none = FilteredOverSampler(selection=None, **kw).fit_resample(X, y)[0]
    pd.testing.assert_frame_equal(auto, none)


@pytest.fixture
def data():
    X, y = make_classification(
        n_samples=300, n_features=4, weights=[0.85], random_state=0
    )
    return pd.DataFrame(X, columns=list("abcd")), y


def test_the_selection_returns_what_the_class_needs_from_twice_the_candidates(data):
    X, y = data
    kw = {"sampler": SMOTE(random_state=0), "auditors": None, "random_state": 0}
    chosen = FilteredOverSampler(**kw)
    with warnings.catch_warnings():
        warnings.simplefilter("error", ShortfallWarning)  # a full pool: no warning
        X_res, y_res = chosen.fit_resample(X, y)
    plain = FilteredOverSampler(selection=None, **kw)
    plain.fit_resample(X, y)
    need = np.bincount(y)[0] - np.bincount(y)[1]
    assert np.bincount(y_res)[1] == np.bincount(y_res)[0]
    cls = chosen.report_.classes[1]
    assert cls["needed"] == need and cls["accepted"] == need
    # the rounds looked for twice the rows: more candidates than without
    assert cls["candidates"] > plain.report_.classes[1]["candidates"]
    pd.testing.assert_frame_equal(X_res.iloc[: len(X)], X)  # real rows untouched
    # the kept rows are among the candidates, not listed as rejected
    assert len(chosen.rejected_) < cls["candidates"] - need


def test_selection_none_is_the_filter_without_it(data):
    X, y = data
    kw = {"sampler": SMOTE(random_state=0), "auditors": None, "random_state": 0}
    a = FilteredOverSampler(selection=None, **kw).fit_resample(X, y)[0]
    b = FilteredOverSampler(selection="herding", **kw).fit_resample(X, y)[0]
    assert not a.equals(b)
    # without the selection, the rounds aim at the rows needed only
    need = np.bincount(y)[0] - np.bincount(y)[1]
    assert len(a) == len(X) + need == len(b)


def test_a_shortfall_counts_the_rows_wanted_not_the_pool():
    # three binary columns, the minority holding all eight rows they allow
    combos = np.array(list(itertools.product([0, 1], repeat=3)))
    rng = np.random.default_rng(0)
    minority = combos[rng.integers(0, 8, 40)]
    minority[:8] = combos
    X = pd.DataFrame(np.vstack([combos[rng.integers(0, 8, 280)], minority]))
    y = np.r_[np.zeros(280, dtype=int), np.ones(40, dtype=int)]
    sampler = FilteredOverSampler(auditors=None, random_state=0)
    with pytest.warns(ShortfallWarning) as caught:
        sampler.fit_resample(X, y)
    messages = " ".join(str(w.message) for w in caught)
    assert "0 of 240 rows" in messages  # 280 - 40, not twice that
    assert sampler.report_.classes[1]["needed"] == 240


def test_class_consistency_none_is_the_filter_before_the_selection_too(data):
    # the most realistic rows one option away: "auto" does not herd there,
    # "herding" asked by name still does
    X, y = data
    kw = {"sampler": SMOTE(random_state=0), "auditors": None, "random_state": 0}
    faithful = FilteredOverSampler(class_consistency=None, **kw)
    X_f = faithful.fit_resample(X, y)[0]
    before = FilteredOverSampler(class_consistency=None, selection=None, **kw)
    pd.testing.assert_frame_equal(X_f, before.fit_resample(X, y)[0])
    herded = FilteredOverSampler(class_consistency=None, selection="herding", **kw)
    assert not X_f.equals(herded.fit_resample(X, y)[0])
    cls = faithful.report_.classes[1]
    assert cls["candidates"] < herded.report_.classes[1]["candidates"]
