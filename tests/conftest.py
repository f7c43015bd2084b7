"""Shared seeded data for the tests, and global seeding before every test.

Only public names of synthsieve are used here, so that these fixtures keep
working whatever the package's internal layout.
"""

import random
import warnings

import numpy as np
import pandas as pd
import pytest
from sklearn.datasets import make_classification

# When a hypothesis test fails, its pytest plugin imports libcst, which warns
# DeprecationWarning (through mypy_extensions); with pyproject's
# "error::DeprecationWarning" that turns a plain failure into a pytest
# INTERNALERROR. Import it once here, with that warning silenced.
with warnings.catch_warnings():
    warnings.simplefilter("ignore", DeprecationWarning)
    try:
        import hypothesis.extra._patching  # noqa: F401
    except ImportError:  # hypothesis or libcst not installed
        pass


@pytest.fixture(autouse=True)
def _seed_global_rngs():
    """Seed numpy's, python's and torch's global generators before every test,
    so that a test (or library code) that forgets a seed still repeats."""
    np.random.seed(0)
    random.seed(0)
    try:
        import torch
    except ImportError:  # pragma: no cover - torch is a dependency
        return
    torch.manual_seed(0)


@pytest.fixture
def binary_numeric():
    """200 rows x 4 continuous features; class 0 has about 170 rows, class 1
    about 30 (``make_classification``, ``random_state=0``)."""
    X, y = make_classification(
        n_samples=200,
        n_features=4,
        n_informative=3,
        n_redundant=0,
        weights=[0.85],
        random_state=0,
    )
    return X, y


@pytest.fixture
def mixed_frame():
    """150 rows: float, integer, 0/1 integer and categorical (string) columns;
    120 rows of class 0, 30 of class 1 (a Series named ``target``)."""
    rng = np.random.default_rng(0)
    n0, n1 = 120, 30
    y = np.r_[np.zeros(n0, dtype=np.int64), np.ones(n1, dtype=np.int64)]
    n = n0 + n1
    frame = pd.DataFrame(
        {
            "weight": rng.normal(70.0, 10.0, n) + 6.0 * y,
            "age": rng.integers(18, 90, n).astype("int64"),
            "smoker": (rng.random(n) < 0.3 + 0.3 * y).astype("int64"),
            "city": pd.Categorical(rng.choice(["north", "south", "east"], n)),
        }
    )
    return frame, pd.Series(y, name="target")


@pytest.fixture
def nominal_frame():
    """120 rows of string columns only (960 possible rows, so that new rows
    exist that copy no real one); 96 rows of class 0, 24 of class 1."""
    rng = np.random.default_rng(0)
    n0, n1 = 96, 24
    n = n0 + n1
    y = np.r_[np.zeros(n0, dtype=np.int64), np.ones(n1, dtype=np.int64)]
    colours = ["red", "green", "blue", "white"]
    frame = pd.DataFrame(
        {
            "colour": np.r_[
                rng.choice(colours, n0, p=[0.5, 0.3, 0.1, 0.1]),
                rng.choice(colours, n1, p=[0.1, 0.2, 0.5, 0.2]),
            ],
            "size": rng.choice(["S", "M", "L", "XL"], n),
            "shape": rng.choice(["round", "square", "oval"], n),
            "grade": rng.choice(["A", "B", "C", "D", "E"], n),
            "mark": rng.choice(["yes", "no"], n),
        }
    )
    return frame, y
