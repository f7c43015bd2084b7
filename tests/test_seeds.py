"""The random streams of synthsieve._seeds: independent, named, reproducible."""

import pickle

import numpy as np
import pandas as pd
import pytest

from synthsieve._schema import TableSchema
from synthsieve._seeds import Streams
from synthsieve.filtering._jitter import add_jitter, jitter_noise


def _draws(streams, n=5):
    return streams.generator().random(n)


def test_an_integer_is_read_as_scikit_learn_reads_it():
    """``random_state=n`` and ``random_state=RandomState(n)`` give the same
    streams, as they give the same draws in scikit-learn's estimators."""
    a = Streams.of(3).child("class", 0)
    b = Streams.of(np.random.RandomState(3)).child("class", 0)
    np.testing.assert_array_equal(_draws(a), _draws(b))
    assert Streams.of(3).seed() == Streams.of(3).seed()
    assert Streams.of(3).seed() != Streams.of(4).seed()


def test_a_random_state_instance_is_drawn_from_once():
    rs = np.random.RandomState(0)
    first, second = Streams.of(rs).seed(), Streams.of(rs).seed()
    assert first != second  # each fit of an estimator draws anew


def test_children_are_named_and_independent_of_each_other():
    root = Streams.of(0)
    # the same key gives the same stream, however many others were asked for
    before = _draws(root.child("block", 2))
    for j in range(10):
        root.child("block", j).generator().random(100)
    np.testing.assert_array_equal(_draws(root.child("block", 2)), before)
    # different keys (names, indices, depth) give different streams
    keys = [("block", 1), ("block", 2), ("jitter",), ("accept",), ("block", 1, 0)]
    values = {tuple(_draws(root.child(*k))) for k in keys}
    assert len(values) == len(keys)
    nested = root.child("class", 0).child("round", 1)
    assert not np.array_equal(_draws(nested), _draws(root.child("class", 0)))


@pytest.mark.parametrize("bad", [(), (-1,), (1.5,), (True,)])
def test_a_bad_key_is_refused(bad):
    with pytest.raises((TypeError, ValueError)):
        Streams.of(0).child(*bad)


def test_seeds_fit_every_library_and_streams_pickle():
    seeds = [Streams.of(0).child("torch", i).seed() for i in range(200)]
    assert all(0 <= s < 2**31 for s in seeds) and len(set(seeds)) == 200
    s = Streams.of(0).child("class", 1)
    back = pickle.loads(pickle.dumps(s))  # joblib workers receive them
    np.testing.assert_array_equal(_draws(back), _draws(s))
    assert Streams.of(s) is s
    rs = s.random_state()
    assert isinstance(rs, np.random.RandomState)


def test_add_jitter_draws_the_noise_choose_jitter_tries():
    """The jitter's trial in choose_jitter adds to a candidate the draws that
    add_jitter adds to it (the block's "jitter" stream, row by row)."""
    rng = np.random.default_rng(0)
    real = pd.DataFrame(rng.normal(size=(20, 2)), columns=["a", "b"])
    cand = pd.DataFrame(rng.normal(size=(30, 2)), columns=["a", "b"])
    schema = TableSchema.infer(real)
    block = Streams.of(0).child("block", 0)
    out = add_jitter(cand, real, schema, block, 1.0)
    noise = jitter_noise(block, (30, 2))
    # every candidate's noise is its row of jitter_noise times its local spread
    ratio = (out - cand).to_numpy() / noise
    assert np.all(np.isfinite(ratio)) and np.all(ratio > 0)
    # the first rows' draws do not depend on how many rows follow
    np.testing.assert_array_equal(jitter_noise(block, (10, 2)), noise[:10])
