"""Tests of CopyDetector: exact copies, near-copies, thresholds, errors."""

import numpy as np
import pandas as pd
import pytest
from sklearn.base import clone

from synthsieve import CopyDetector, DomainRules, SynthsieveWarning


def numeric(n=300, d=4, random_state=0):
    rng = np.random.default_rng(random_state)
    return pd.DataFrame(rng.normal(size=(n, d)), columns=[f"c{j}" for j in range(d)])


def mixed(n=300, random_state=0):
    rng = np.random.default_rng(random_state)
    return pd.DataFrame(
        {
            "age": rng.integers(18, 90, n),
            "weight": rng.normal(75, 12, n).round(1),
            "sex": rng.choice(["F", "M"], n),
            "smoker": rng.integers(0, 2, n),
        }
    )


def test_copies_near_copies_and_distinct_rows():
    real = numeric()
    det = CopyDetector().fit(real)
    scale = real.std(ddof=0).to_numpy()
    cand = pd.concat(
        [
            real.iloc[[3, 7]],
            real.iloc[[10]] + 1e-4 * scale,
            pd.DataFrame([[10.0, -10.0, 10.0, -10.0]], columns=real.columns),
        ],
        ignore_index=True,
    )
    assert det.flag(cand).tolist() == ["copy", "copy", "near_copy", ""]


def test_copy_of_any_class_is_flagged():
    real = numeric()
    y = np.r_[np.zeros(250), np.ones(50)]
    det = CopyDetector().fit(real, y)
    majority_row = real.iloc[[0]]
    assert det.flag(majority_row, y=1).tolist() == ["copy"]


def test_mixed_columns_with_categories():
    real = mixed()
    det = CopyDetector().fit(real)
    cand = real.iloc[[0, 1]].copy()
    cand.loc[cand.index[1], "sex"] = "F" if cand.iloc[1]["sex"] == "M" else "M"
    cand.loc[cand.index[1], "weight"] += 30
    flags = det.flag(cand)
    assert flags[0] == "copy" and flags[1] != "copy"
    # a changed category moves a row by sqrt(2): one indicator off, one on
    two = pd.DataFrame({"x": [0.0, 100.0], "sex": ["F", "M"]})
    flipped = pd.DataFrame({"x": [0.0], "sex": ["M"]})
    np.testing.assert_allclose(CopyDetector().fit(two).distance(flipped), [2**0.5])


def test_threshold_is_the_quantile_of_distinct_neighbour_distances():
    real = numeric(200)
    dup = pd.concat([real, real.iloc[:50]], ignore_index=True)  # exact duplicates
    det = CopyDetector(near_copy_quantile=0.1).fit(dup)
    assert det.threshold_ > 0
    assert (det.real_distances_ > 0).all()
    np.testing.assert_allclose(det.threshold_, np.quantile(det.real_distances_, 0.1))
    # duplicates of a row share its distance to the nearest *other* row
    np.testing.assert_allclose(det.real_distances_[:50], det.real_distances_[200:])


def test_quantile_is_the_false_rejection_rate_of_an_ideal_generator():
    rng = np.random.default_rng(0)
    real = rng.normal(size=(1000, 5))
    fresh = rng.normal(size=(4000, 5))
    for q in (0.01, 0.05, 0.2):
        share = (CopyDetector(near_copy_quantile=q).fit(real).flag(fresh) != "").mean()
        assert abs(share - q) < max(0.4 * q, 0.01), (q, share)


def test_zero_quantile_turns_near_copies_off():
    real = numeric()
    det = CopyDetector(near_copy_quantile=0.0).fit(real)
    cand = real.iloc[[1]] + 1e-6
    assert det.flag(cand).tolist() == [""]


def test_per_class_thresholds():
    rng = np.random.default_rng(0)
    tight = rng.normal(scale=0.05, size=(100, 2))
    wide = rng.normal(loc=10, scale=3, size=(100, 2))
    real = np.vstack([tight, wide])
    y = np.r_[np.zeros(100), np.ones(100)]
    det = CopyDetector(near_copy_quantile=0.2).fit(real, y)
    assert det.class_thresholds_[1.0] > 10 * det.class_thresholds_[0.0]
    cand = wide[:1] + 0.05  # near by class 1's spacing, far by class 0's
    d = det.distance(cand)[0]
    assert det.class_thresholds_[0.0] < d < det.class_thresholds_[1.0]
    assert det.flag(cand, y=1).tolist() == ["near_copy"]
    assert det.flag(cand, y=0).tolist() == [""]
    assert det.flag(np.vstack([cand, cand]), y=[0, 1]).tolist() == ["", "near_copy"]


def test_binary_columns_are_not_rescaled():
    rng = np.random.default_rng(0)
    real = pd.DataFrame((rng.random((200, 10)) < 0.05).astype(int))
    det = CopyDetector().fit(real)
    assert (det.scale_ == 1).all() and (det.center_ == 0).all()
    row = real.iloc[[0]].copy()
    row.iloc[0, 0] = 1 - row.iloc[0, 0]
    assert det.distance(row)[0] <= 1.0 + 1e-12


def test_repaired_interpolations_are_not_copies_but_rounded_ones_are():
    rng = np.random.default_rng(0)
    X = pd.DataFrame((rng.random((300, 40)) < 0.3).astype(int))
    X.columns = [f"b{j}" for j in range(40)]
    A = X.to_numpy(float)
    i, j = rng.integers(0, 300, 1000), rng.integers(0, 300, 1000)
    cand = pd.DataFrame(A[i] + rng.random((1000, 1)) * (A[j] - A[i]), columns=X.columns)
    det = CopyDetector().fit(X)
    rounded = (det.flag(cand.round()) == "copy").mean()
    repaired = DomainRules.infer(X).repair(cand, random_state=0)
    stochastic = (det.flag(repaired) == "copy").mean()
    assert rounded > 0.99
    assert stochastic < 0.15


def test_empty_candidates_and_clone():
    det = CopyDetector().fit(numeric())
    assert det.flag(numeric().iloc[:0]).shape == (0,)
    assert det.distance(numeric().iloc[:0]).shape == (0,)
    assert clone(det).get_params() == {
        "near_copy_quantile": 0.01,
        "search": "all",
        "search_classes": None,
        "approximate": "auto",
        "n_jobs": None,
    }


def test_numpy_in_and_numpy_fitted():
    real = numeric().to_numpy()
    det = CopyDetector().fit(real)
    assert det.flag(real[:2]).tolist() == ["copy", "copy"]
    assert det.flag(pd.DataFrame(real[:1], columns=list("abcd"))).tolist() == ["copy"]


def test_bad_input():
    det = CopyDetector().fit(mixed())
    with pytest.raises(ValueError, match="missing from `candidates`: \\['sex'\\]"):
        det.flag(mixed().drop(columns="sex"))
    with pytest.raises(ValueError, match="has 3 columns, but the detector was fitted"):
        det.flag(np.zeros((2, 3)))
    with pytest.raises(ValueError, match="`candidates` contains NaN"):
        det.flag(mixed().assign(weight=np.nan))
    with pytest.raises(ValueError, match="`X` contains NaN"):
        CopyDetector().fit(mixed().assign(age=np.nan))
    with pytest.raises(ValueError, match="'near_copy_quantile' parameter"):
        CopyDetector(near_copy_quantile=1.5).fit(mixed())
    with pytest.raises(ValueError, match="one label per row of `X` \\(300\\)"):
        CopyDetector().fit(mixed(), y=[0, 1])
    with pytest.raises(ValueError, match="one label per candidate \\(2\\)"):
        det.flag(mixed().iloc[:2], y=[0, 1, 1])


def test_identical_real_rows_warn():
    with pytest.warns(SynthsieveWarning, match="near-copy detection is off"):
        det = CopyDetector().fit(np.ones((5, 2)))
    assert det.flag(np.array([[1.0, 1.0], [1.0, 1.1]])).tolist() == ["copy", ""]


def test_hashed_copy_check_agrees_with_exact_copy_mask():
    from synthsieve._tabular import exact_copy_mask

    real = mixed()
    cand = pd.concat([real.iloc[::7], mixed(random_state=1).iloc[:40]])
    cand = cand.sample(frac=1.0, random_state=0)
    flags = CopyDetector().fit(real).flag(cand)
    np.testing.assert_array_equal(flags == "copy", exact_copy_mask(cand, real))


def test_class_search_compares_with_the_class_rows_only():
    real = numeric(n=400)
    y = np.r_[np.zeros(300), np.ones(100)]
    det = CopyDetector(search="class").fit(real, y)
    det_all = CopyDetector().fit(real, y)
    cand = real.iloc[[5, 350]] + 1e-4
    # class-1 candidate near a class-0 row: far from every class-1 row
    assert det_all.flag(cand.iloc[[0]], y=1).tolist() == ["near_copy"]
    assert det.flag(cand.iloc[[0]], y=1).tolist() == [""]
    assert det.flag(cand, y=[0, 1]).tolist() == ["near_copy", "near_copy"]
    assert det.flag(real.iloc[[0]], y=1).tolist() == ["copy"]  # any class's copy
    # thresholds come from the class's own spacing
    rows = real.to_numpy()[y == 1]
    scaled = (rows - det.center_) / det.scale_
    d = np.sort(((scaled[:, None] - scaled[None]) ** 2).sum(-1) ** 0.5, axis=1)[:, 1]
    np.testing.assert_allclose(det.class_thresholds_[1.0], np.quantile(d, 0.01))
    with pytest.raises(ValueError, match="pass the candidates' class"):
        det.flag(cand)
    with pytest.raises(ValueError, match="pass the real rows' classes"):
        CopyDetector(search="class").fit(real)


def test_search_classes_limits_the_indexed_classes():
    real = numeric(n=400)
    y = np.r_[np.zeros(300), np.ones(100)]
    det = CopyDetector(search="class", search_classes=[1.0]).fit(real, y)
    assert list(det.class_thresholds_) == [1.0]
    full = CopyDetector(search="class").fit(real, y)
    assert det.class_thresholds_[1.0] == full.class_thresholds_[1.0]
    with pytest.raises(ValueError, match="Class 0.0 had no real rows"):
        det.flag(real.iloc[[0]] + 1.0, y=0.0)


def test_thresholds_from_a_sample_on_large_data(monkeypatch):
    real = numeric(n=600)
    full = CopyDetector(near_copy_quantile=0.1).fit(real)
    monkeypatch.setattr(CopyDetector, "_max_threshold_rows", 300)
    det = CopyDetector(near_copy_quantile=0.1).fit(real)
    sampled = ~np.isnan(det.real_distances_)
    assert sampled.sum() == 300
    # sampled rows keep their exact distance among all rows
    np.testing.assert_allclose(
        det.real_distances_[sampled], full.real_distances_[sampled]
    )
    np.testing.assert_allclose(
        det.threshold_, np.quantile(full.real_distances_[sampled], 0.1)
    )


def test_is_copy_finds_exact_copies_by_hash_with_or_without_keys():
    from synthsieve._tabular import row_keys

    real = pd.DataFrame({"a": [0.0, 1.0, 2.0], "b": ["x", "y", "z"]})
    det = CopyDetector().fit(real)
    cand = pd.DataFrame({"a": [1.0, 1.0, 5.0], "b": ["y", "x", "z"]})
    np.testing.assert_array_equal(det.is_copy(cand), [True, False, False])
    np.testing.assert_array_equal(
        det.is_copy(cand, keys=row_keys(cand)), [True, False, False]
    )
    assert det.is_copy(cand.iloc[:0]).shape == (0,)
    # the same answer as flag's "copy"
    assert (det.flag(cand) == "copy").tolist() == det.is_copy(cand).tolist()


def test_sorted_key_sets_match_numpys():
    """The filter's sets of row keys: sorted arrays, searched and grown without
    sorting them again, with numpy's answers."""
    from synthsieve._tabular import sorted_isin, sorted_union

    rng = np.random.default_rng(0)
    known = np.unique(rng.integers(0, 2**63, 5000, dtype=np.uint64))
    new = np.r_[rng.integers(0, 2**63, 300, dtype=np.uint64), known[:50], known[:2]]
    np.testing.assert_array_equal(sorted_isin(new, known), np.isin(new, known))
    grown = sorted_union(known, new)
    np.testing.assert_array_equal(grown, np.union1d(known, new))
    assert grown.dtype == np.uint64
    empty = np.zeros(0, dtype=np.uint64)
    np.testing.assert_array_equal(sorted_union(empty, new), np.union1d(empty, new))
    assert len(sorted_union(empty, empty)) == 0 and not sorted_isin(new, empty).any()
