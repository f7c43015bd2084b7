"""Bad values are reported under the column names the user wrote."""

import numpy as np
import pandas as pd
import pytest

from synthsieve import FilteredOverSampler

FAST = {"detector": "logreg", "auditors": None, "random_state": 0}


def _frame():
    rng = np.random.default_rng(0)
    X = pd.DataFrame(
        {
            "age": pd.array(rng.integers(20, 80, 60), dtype="Int64"),
            "bmi": rng.normal(25, 4, 60),
            "city": pd.Categorical(rng.choice(["a", "b"], 60)),
        }
    )
    y = np.r_[np.zeros(45, dtype=int), np.ones(15, dtype=int)]
    return X, y


@pytest.mark.parametrize(
    "column, value",
    [("bmi", np.nan), ("age", pd.NA), ("city", np.nan), ("bmi", np.inf)],
)
def test_bad_value_names_the_users_column(column, value):
    X, y = _frame()
    X.loc[3, column] = value
    before = X.copy()
    with pytest.raises(ValueError, match=rf"\['{column}'\]"):
        FilteredOverSampler(**FAST).fit_resample(X, y)
    pd.testing.assert_frame_equal(X, before)  # the input is not modified


def test_arrays_name_positions_as_x0_x1():
    X = np.random.default_rng(0).normal(size=(60, 3))
    X[5, 2] = np.nan
    y = np.r_[np.zeros(45, dtype=int), np.ones(15, dtype=int)]
    with pytest.raises(ValueError, match=r"\['x2'\]"):
        FilteredOverSampler(**FAST).fit_resample(X, y)


@pytest.mark.parametrize(
    "labels, shown",
    [((0, 1), "Class 1 has 4"), (("healthy", "sick"), "Class 'sick' has 4")],
)
def test_messages_name_labels_as_the_user_wrote_them(labels, shown):
    from imblearn.over_sampling import SMOTE

    X = np.random.default_rng(0).normal(size=(104, 3))
    y = np.r_[np.full(100, labels[0]), np.full(4, labels[1])]
    with pytest.warns(UserWarning) as caught:
        FilteredOverSampler(sampler=SMOTE(k_neighbors=2), **FAST).fit_resample(X, y)
    text = " ".join(str(w.message) for w in caught)
    assert "np." not in text
    assert shown in text
