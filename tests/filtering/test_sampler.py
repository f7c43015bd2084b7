"""Behaviour of FilteredOverSampler: counts, order, dtypes, rounds, errors."""

import pickle
import re
from collections import Counter

import joblib
import numpy as np
import pandas as pd
import pytest
from imblearn.over_sampling import SMOTE, RandomOverSampler
from imblearn.pipeline import Pipeline
from imblearn.under_sampling import RandomUnderSampler
from sklearn.base import BaseEstimator, ClassifierMixin, clone
from sklearn.datasets import make_classification
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GridSearchCV, StratifiedKFold, cross_validate
from sklearn.svm import LinearSVC
from sklearn.utils._param_validation import InvalidParameterError

import synthsieve.filtering._jitter as jitter
import synthsieve.filtering._stages as stages
from synthsieve import (
    ColumnConstraint,
    DomainRules,
    FilteredOverSampler,
    ShortfallWarning,
    SieveReport,
    SynthsieveWarning,
)
from synthsieve._seeds import Streams
from synthsieve.detectors import make_detector
from synthsieve.filtering._state import Settings

FAST = {"detector": "logreg", "auditors": None, "random_state": 0}


@pytest.fixture
def mixed():
    rng = np.random.default_rng(0)
    n = 300
    y = np.r_[np.zeros(240, dtype=int), np.ones(60, dtype=int)]
    frame = pd.DataFrame(
        {
            "age": rng.integers(18, 90, n).astype("int64"),
            "weight": rng.normal(70, 10, n) + 5 * y,
            "visits": rng.poisson(2 + 2 * y).astype("int32"),
            "smoker": rng.integers(0, 2, n).astype("int64"),
            "city": pd.Categorical(rng.choice(["a", "b", "c"], n)),
        }
    )
    return frame, pd.Series(y, name="target")


# --------------------------------------------------------------- counts, order


@pytest.mark.parametrize(
    "strategy, expected",
    [
        ("auto", {0: 170, 1: 170}),
        (0.5, {0: 170, 1: 85}),
        ({1: 100}, {0: 170, 1: 100}),
        ("minority", {0: 170, 1: 170}),
        (lambda y: {1: 90}, {0: 170, 1: 90}),
    ],
)
def test_counts_follow_sampling_strategy(binary_numeric, strategy, expected):
    X, y = binary_numeric
    sampler = FilteredOverSampler(sampling_strategy=strategy, **FAST)
    _, y_res = sampler.fit_resample(X, y)
    assert dict(Counter(y_res.tolist())) == expected


def test_multiclass_each_class_filtered_against_its_own_rows():
    X, y = make_classification(
        n_samples=600,
        n_features=4,
        n_informative=3,
        n_redundant=0,
        n_classes=3,
        weights=[0.7, 0.2, 0.1],
        random_state=1,
    )
    sampler = FilteredOverSampler(**FAST)
    X_res, y_res = sampler.fit_resample(X, y)
    counts = Counter(y_res.tolist())
    assert counts[0] == counts[1] == counts[2]
    assert set(sampler.report_.classes) == {1, 2}
    assert sampler.report_.classes[1]["n_real"] == int((y == 1).sum())


def test_originals_first_unchanged_and_inputs_not_modified(binary_numeric):
    X, y = binary_numeric
    X_before, y_before = X.copy(), y.copy()
    X_res, y_res = FilteredOverSampler(**FAST).fit_resample(X, y)
    np.testing.assert_array_equal(X, X_before)
    np.testing.assert_array_equal(y, y_before)
    np.testing.assert_array_equal(X_res[: len(X)], X)
    np.testing.assert_array_equal(y_res[: len(y)], y)
    assert (y_res[len(y) :] == 1).all()


def test_reproducible_with_random_state(binary_numeric):
    X, y = binary_numeric
    a = FilteredOverSampler(**FAST).fit_resample(X, y)[0]
    b = FilteredOverSampler(**FAST).fit_resample(X, y)[0]
    c = FilteredOverSampler(**{**FAST, "random_state": 1}).fit_resample(X, y)[0]
    np.testing.assert_array_equal(a, b)
    assert not np.array_equal(a, c)


# --------------------------------------------------------------- pandas, dtypes


def test_pandas_in_pandas_out_dtypes_kept(mixed):
    X, y = mixed
    X_copy = X.copy()
    X_res, y_res = FilteredOverSampler(**FAST).fit_resample(X, y)
    assert isinstance(X_res, pd.DataFrame) and isinstance(y_res, pd.Series)
    assert list(X_res.columns) == list(X.columns)
    assert X_res.dtypes.to_dict() == X.dtypes.to_dict()
    assert y_res.name == "target"
    pd.testing.assert_frame_equal(X, X_copy)
    new = X_res.iloc[len(X) :]
    assert set(new["city"].unique()) <= {"a", "b", "c"}
    assert set(new["smoker"].unique()) <= {0, 1}
    assert new["age"].between(X["age"].min(), X["age"].max()).all()


def test_accepted_rows_obey_rules_and_copy_nothing(mixed):
    X, y = mixed
    sampler = FilteredOverSampler(**FAST)
    X_res, _ = sampler.fit_resample(X, y)
    new = X_res.iloc[len(X) :].reset_index(drop=True)
    assert sampler.rules_.is_valid(new, y=1).all()
    keys = pd.util.hash_pandas_object(X.astype(str), index=False)
    new_keys = pd.util.hash_pandas_object(new.astype(str), index=False)
    assert not new_keys.isin(set(keys)).any()
    assert not new_keys.duplicated().any()


def test_integer_columns_not_floored():
    """imbalanced-learn floors interpolated integers; our repair rounds unbiasedly."""
    rng = np.random.default_rng(0)
    X = pd.DataFrame(rng.integers(0, 11, size=(400, 3)), columns=list("abc"))
    y = np.r_[np.zeros(300, dtype=int), np.ones(100, dtype=int)]
    real_mean = X[y == 1].to_numpy().mean()
    floored = SMOTE(random_state=0).fit_resample(X, y)[0].iloc[len(X) :]
    floor_bias = real_mean - floored.to_numpy().mean()
    assert floor_bias > 0.15  # the bias we avoid
    sampler = FilteredOverSampler(
        detector=None, reject_copies=False, jitter=0, auditors=None, random_state=0
    )
    X_res, _ = sampler.fit_resample(X, y)
    new = X_res.iloc[len(X) :]
    assert X_res.dtypes.to_dict() == X.dtypes.to_dict()
    assert abs(new.to_numpy().mean() - real_mean) < floor_bias / 2


def test_user_rule_is_enforced(mixed):
    X, y = mixed
    rules = DomainRules(rules=[ColumnConstraint("weight", upper=85)])
    sampler = FilteredOverSampler(rules=rules, **FAST)
    X_res, _ = sampler.fit_resample(X, y)
    assert (X_res.iloc[len(X) :]["weight"] <= 85).all()
    # without repair the broken rule is the rejection reason
    Xw = X[["weight"]]
    strict = FilteredOverSampler(rules=rules, on_invalid="reject", **FAST)
    X_res, _ = strict.fit_resample(Xw, y)
    assert (X_res.iloc[len(X) :]["weight"] <= 85).all()
    assert strict.rejected_["reason"].str.contains("constraint:weight").any()


# --------------------------------------------------------------- rounds, detector


class SpyDetector(ClassifierMixin, BaseEstimator):
    """Logistic regression that records what each fit saw (class-level log)."""

    log = []

    def fit(self, X, y):
        type(self).log.append(("fit", X.copy(), y.copy()))
        self.model_ = LogisticRegression().fit(X, y)
        self.classes_ = self.model_.classes_
        return self

    def predict_proba(self, X):
        return self.model_.predict_proba(X)


class SpySMOTE(SMOTE):
    seen = []

    def _fit_resample(self, X, y):
        type(self).seen.append(X[y == 1].copy())
        SpyDetector.log.append(("generate", X[y == 1].copy(), None))
        return super()._fit_resample(X, y)


def test_detector_trained_afresh_on_rows_the_generator_did_not_see(binary_numeric):
    X, y = binary_numeric
    SpyDetector.log.clear()
    SpySMOTE.seen.clear()
    sampler = FilteredOverSampler(
        sampler=SpySMOTE(),
        detector=SpyDetector(),
        auditors=None,
        cv=3,
        holdout_folds=2,
        random_state=0,
    )
    sampler.fit_resample(X, y)
    # each generation fold's detector is trained afresh on its first block (3
    # fold models), after the block was generated; the later rounds' blocks are
    # scored by those models, which never saw them
    events = [e[0] for e in SpyDetector.log]
    assert events[0] == "generate" and events.count("generate") >= 4
    assert sampler.n_rounds_[1] >= 2
    real_rows = {tuple(r) for r in X[y == 1]}
    assert events.count("fit") == 3 * 2
    last_fit = max(i for i, e in enumerate(events) if e == "fit")
    assert events[:last_fit].count("generate") == 2  # the folds' first blocks
    seen_rows = set()
    for kind, rows, labels in SpyDetector.log:
        if kind == "generate":
            seen_rows = {tuple(r) for r in rows}
            continue
        trained_real = {tuple(r) for r in rows[labels == 0]}
        assert trained_real <= real_rows
        assert not trained_real & seen_rows  # held out from the generator


def test_density_ratio_acceptance_does_not_collapse(binary_numeric):
    from scipy.spatial.distance import cdist

    X, y = binary_numeric
    sampler = FilteredOverSampler(jitter=0, **FAST)
    accepted = sampler.fit_resample(X, y)[0][len(X) :]
    plain = SMOTE(random_state=0).fit_resample(X, y)[0][len(X) :]
    real = X[y == 1]
    d_acc = np.median(cdist(accepted, real).min(axis=1))
    d_plain = np.median(cdist(plain, real).min(axis=1))
    # accepted rows keep their distance from the real rows (no copies selected)
    assert d_acc > 0.8 * d_plain
    assert sampler.accepted_["score"].notna().all()


def test_threshold_acceptance_runs(binary_numeric):
    X, y = binary_numeric
    sampler = FilteredOverSampler(
        acceptance="threshold", threshold_quantile=0.8, **FAST
    )
    _, y_res = sampler.fit_resample(X, y)
    assert Counter(y_res.tolist())[1] == 170


def test_rejected_and_report(binary_numeric):
    X, y = binary_numeric
    sampler = FilteredOverSampler(
        detector="logreg", random_state=0, auditors={"lr": LogisticRegression()}
    )
    sampler.fit_resample(X, y)
    rej = sampler.rejected_
    assert list(rej.columns[:5]) == ["class", "round", "candidate", "reason", "score"]
    assert (rej["reason"] != "").all()
    assert rej.loc[rej["reason"] == "detectable", "score"].notna().all()
    report = sampler.report_
    assert isinstance(report, SieveReport)
    c = report.classes[1]
    assert c["accepted"] == c["needed"] == 170 - 30
    assert sum(c["rejected"].values()) == len(rej)
    assert "before" in c and "after" in c
    assert sampler.n_rounds_[1] >= 1
    assert "accepted" in report.summary()


def test_rules_only_without_detector(binary_numeric):
    X, y = binary_numeric
    sampler = FilteredOverSampler(detector=None, auditors=None, random_state=0)
    _, y_res = sampler.fit_resample(X, y)
    assert Counter(y_res.tolist())[1] == 170
    assert sampler.accepted_["score"].isna().all()


# --------------------------------------------------------------- shortfall


class Copier(RandomOverSampler):
    """An over-sampler whose rows are all copies: nothing can be accepted."""


def test_shortfall_policies(binary_numeric):
    X, y = binary_numeric
    with pytest.raises(RuntimeError, match="max_rounds=1"):
        FilteredOverSampler(
            sampler=Copier(), shortfall="raise", max_rounds=1, jitter=0, **FAST
        ).fit_resample(X, y)
    with pytest.warns(ShortfallWarning, match="returning fewer rows"):
        _, y_res = FilteredOverSampler(
            sampler=Copier(), shortfall="return", max_rounds=1, jitter=0, **FAST
        ).fit_resample(X, y)
    assert len(y_res) == len(y)


def test_shortfall_fill_takes_least_detectable(binary_numeric):
    X, y = binary_numeric
    sampler = FilteredOverSampler(
        max_rounds=1,
        candidate_factor=3.0,
        acceptance="rate",
        rejection_rate=0.9,
        **FAST,
    )
    with pytest.warns(ShortfallWarning) as caught:
        X_res, y_res = sampler.fit_resample(X, y)
    (message,) = [str(w.message) for w in caught if w.category is ShortfallWarning]
    found = re.search(
        r"(\d+) of 140 rows accepted after max_rounds=1; filled (\d+) with the "
        r"least detectable remaining candidates",
        message,
    )
    assert found, message
    n_accepted, n_filled = int(found.group(1)), int(found.group(2))
    # rows were filled, as many as were missing, and the fit says so everywhere
    assert 0 < n_filled == 140 - n_accepted
    acc = sampler.accepted_
    assert int(acc["filled"].sum()) == n_filled
    assert int((~acc["filled"]).sum()) == n_accepted
    assert Counter(y_res.tolist())[1] == 170
    assert sampler.report_.classes[1]["filled"] == n_filled
    assert "shortfall filled" in sampler.report_.summary()
    # one round, one batch (in-sample scoring): its scores are comparable
    assert sampler.n_rounds_ == {1: 1} and sampler.holdout_folds_ == {1: 1}
    rej = sampler.rejected_
    detectable = rej.loc[rej["reason"] == "detectable", "score"]
    filled_scores = acc.loc[acc["filled"], "score"]
    # filled rows were scored (rules and copy checks passed: never invalid rows,
    # copies or near copies) ...
    assert filled_scores.notna().all()
    # ... and are the least detectable of the rows rejected as "detectable":
    # above every row accepted outright, below every detectable row left over
    assert len(detectable) > 0
    assert filled_scores.min() >= acc.loc[~acc["filled"], "score"].max()
    assert filled_scores.max() <= detectable.min()
    # rows taken back are no longer listed as rejected
    assert sampler.report_.classes[1]["rejected"]["detectable"] == len(detectable)
    filled_rows = X_res[len(X) :][acc["filled"].to_numpy()]
    left_over = rej[[f"x{i}" for i in range(X.shape[1])]].to_numpy()
    assert not {tuple(r) for r in filled_rows} & {tuple(r) for r in left_over}
    assert not {tuple(r) for r in filled_rows} & {tuple(r) for r in X}
    assert sampler.rules_.is_valid(filled_rows, y=1).all()
    assert sampler.report_.classes[1]["accepted"] == 140


# --------------------------------------------------------------- pipelines


def test_pipeline_cross_validate_and_grid_search(binary_numeric):
    X, y = binary_numeric
    pipe = Pipeline(
        [
            ("sampler", FilteredOverSampler(sampler=SMOTE(), **FAST)),
            ("clf", LogisticRegression()),
        ]
    )
    cv = StratifiedKFold(3, shuffle=True, random_state=0)
    scores = cross_validate(pipe, X, y, cv=cv, scoring="average_precision")
    assert np.isfinite(scores["test_score"]).all()
    grid = GridSearchCV(
        pipe,
        {"sampler__sampler__k_neighbors": [3, 5]},
        cv=cv,
        scoring="average_precision",
    )
    grid.fit(X, y)
    assert grid.best_params_["sampler__sampler__k_neighbors"] in (3, 5)


def test_clone_and_pickle_after_fit(tmp_path, binary_numeric):
    X, y = binary_numeric
    sampler = FilteredOverSampler(**FAST)
    assert clone(sampler).get_params() == sampler.get_params()
    sampler.fit_resample(X, y)
    again = pickle.loads(pickle.dumps(sampler))
    assert again.report_.to_dict() == sampler.report_.to_dict()
    joblib.dump(sampler, tmp_path / "s.joblib")
    loaded = joblib.load(tmp_path / "s.joblib")
    pd.testing.assert_frame_equal(loaded.rejected_, sampler.rejected_)


def test_sparse_input(binary_numeric):
    from scipy import sparse

    X, y = binary_numeric
    Xs = sparse.csr_matrix(X)
    X_res, y_res = FilteredOverSampler(**FAST).fit_resample(Xs, y)
    assert sparse.issparse(X_res) and X_res.format == "csr"
    np.testing.assert_allclose(
        X_res.toarray(), FilteredOverSampler(**FAST).fit_resample(X, y)[0]
    )


# --------------------------------------------------------------- bad input


def test_bad_nested_sampler_fails_readably(binary_numeric):
    X, y = binary_numeric
    with pytest.raises(InvalidParameterError, match="Invalid `sampler`.*k_neighbors"):
        FilteredOverSampler(sampler=SMOTE(k_neighbors=0), **FAST).fit_resample(X, y)


def test_under_sampler_and_no_rows(binary_numeric):
    X, y = binary_numeric
    with pytest.raises(ValueError, match="must be an over-sampler"):
        FilteredOverSampler(sampler=RandomUnderSampler(), **FAST).fit_resample(X, y)


def test_detector_without_predict_proba(binary_numeric):
    X, y = binary_numeric
    with pytest.raises(InvalidParameterError, match="detector"):
        FilteredOverSampler(detector=LinearSVC(), auditors=None).fit_resample(X, y)


def test_max_rounds_below_one(binary_numeric):
    X, y = binary_numeric
    with pytest.raises(InvalidParameterError, match="max_rounds"):
        FilteredOverSampler(max_rounds=0, **FAST).fit_resample(X, y)


def test_nan_in_X(binary_numeric):
    X, y = binary_numeric
    X = X.copy()
    X[3, 1] = np.nan
    with pytest.raises(ValueError, match="NaN"):
        FilteredOverSampler(**FAST).fit_resample(X, y)


def test_tiny_class_clear_error_and_fallback_warning():
    rng = np.random.default_rng(0)
    X = rng.normal(size=(104, 3))
    y = np.r_[np.zeros(100, dtype=int), np.ones(4, dtype=int)]
    with (
        pytest.raises(ValueError, match="k_neighbors \\+ 1 = 6"),
        pytest.warns(SynthsieveWarning, match="too few for holdout_folds"),
    ):
        FilteredOverSampler(holdout_folds=2, **FAST).fit_resample(X, y)
    with pytest.warns(SynthsieveWarning, match="fewer than cv=5"):
        FilteredOverSampler(sampler=SMOTE(k_neighbors=2), **FAST).fit_resample(X, y)


def test_base_sampler_failure_not_about_rows_gets_no_row_count_hint():
    rng = np.random.default_rng(0)
    X = pd.DataFrame(
        {"a": rng.normal(size=120), "sex": rng.choice(["M", "F"], size=120)}
    )
    y = np.r_[np.zeros(80, dtype=int), np.ones(40, dtype=int)]
    with pytest.raises(ValueError, match="string to float") as info:
        FilteredOverSampler(sampler=SMOTE(), **FAST).fit_resample(X, y)
    assert "k_neighbors + 1" not in str(info.value)


def test_rejected_keeps_features_named_like_its_own_columns(binary_numeric):
    X, y = binary_numeric
    frame = pd.DataFrame(X, columns=["class", "score", "c", "d"])
    sampler = FilteredOverSampler(**FAST)
    X_res, _ = sampler.fit_resample(frame, y)
    assert list(X_res.columns) == ["class", "score", "c", "d"]
    rej = sampler.rejected_
    assert rej.columns.is_unique
    assert {"class_feature", "score_feature", "c", "d"} <= set(rej.columns)
    assert set(rej["class"]) == {1}


def _fit(binary_numeric, **params):
    X, y = binary_numeric
    sampler = FilteredOverSampler(sampler=SMOTE(random_state=0), **{**FAST, **params})
    X_res, y_res = sampler.fit_resample(X, y)
    return sampler, X_res, y_res


def test_smote_gets_only_its_class_rows_with_the_same_result(
    binary_numeric, monkeypatch
):

    _, X_fast, y_fast = _fit(binary_numeric)
    monkeypatch.setattr(stages, "_uses_own_class_only", lambda sampler: False)
    _, X_full, y_full = _fit(binary_numeric)
    np.testing.assert_array_equal(X_fast, X_full)
    np.testing.assert_array_equal(y_fast, y_full)


def test_blocked_jitter_and_scoring_equal_unblocked(binary_numeric, monkeypatch):

    params = {"detector": "hgb", "max_detector_rows": 50}
    one, X_one, _ = _fit(binary_numeric, **params)
    monkeypatch.setattr(stages, "ROW_BLOCK", 7)  # prediction chunks
    monkeypatch.setattr(jitter, "ROW_BLOCK", 7)  # neighbour-search chunks
    many, X_many, _ = _fit(binary_numeric, **params)
    np.testing.assert_allclose(X_one, X_many)
    np.testing.assert_allclose(one.accepted_["score"], many.accepted_["score"])


def test_large_data_searches_copies_within_the_class(binary_numeric, monkeypatch):
    import synthsieve.filtering._sampler as module

    small, _, _ = _fit(binary_numeric)
    assert small.copy_detector_.search == "all"
    monkeypatch.setattr(module, "_CLASS_SEARCH_ROWS", 100)
    large, X_res, y_res = _fit(binary_numeric)
    assert large.copy_detector_.search == "class"
    assert list(large.copy_detector_.class_thresholds_) == [1]
    assert len(X_res) == len(y_res) > len(binary_numeric[0])


def test_unseen_candidates_are_scored_by_models_that_never_saw_them(monkeypatch):
    rng = np.random.default_rng(0)
    R, C = rng.normal(size=(40, 3)), rng.normal(0.5, 1.0, size=(300, 3))
    sampler = FilteredOverSampler(detector="logreg", max_detector_rows=100, cv=3)
    detector = make_detector("logreg", 0)
    settings = Settings.of(sampler)
    # out_of_fold's sample: the "sample" stream of its streams (here from 0)
    draw = Streams.of(0).child("sample").generator()
    sample = np.sort(draw.choice(300, 100, replace=False))
    rest = np.setdiff1d(np.arange(300), sample)
    # few of them: the mean of the fold models, none of which saw them
    s_avg, s_real, folds = stages.out_of_fold(detector, R, C, 0, settings)
    assert isinstance(folds, list) and len(folds) == 3 and len(s_real) == 40
    mean = np.mean([m.predict_proba(C[rest])[:, 1] for m in folds], axis=0)
    np.testing.assert_allclose(s_avg[rest], mean)
    # many of them, or later blocks to score: one model of the whole sample,
    # and the sample scored out of fold by at most ONE_MODEL_FOLDS folds
    monkeypatch.setattr(stages, "_ONE_MODEL_ROWS", 50)
    s_one, s_real_one, model = stages.out_of_fold(detector, R, C, 0, settings)
    Xd, labels = np.vstack([R, C[sample]]), np.r_[np.zeros(40), np.ones(100)]
    oof = np.empty(len(labels))
    assert stages.ONE_MODEL_FOLDS == 2
    fold_seed = Streams.of(0).child("folds").seed()  # out_of_fold's folds
    split = StratifiedKFold(2, shuffle=True, random_state=fold_seed).split(Xd, labels)
    for tr, te in split:
        oof[te] = clone(detector).fit(Xd[tr], labels[tr]).predict_proba(Xd[te])[:, 1]
    np.testing.assert_allclose(s_real_one, oof[:40])
    np.testing.assert_allclose(s_one[sample], oof[40:])
    monkeypatch.setattr(stages, "ONE_MODEL_FOLDS", 3)  # as many as cv: unchanged
    s_three, s_real_three, _ = stages.out_of_fold(detector, R, C, 0, settings)
    np.testing.assert_array_equal(s_real, s_real_three)
    np.testing.assert_array_equal(s_avg[sample], s_three[sample])
    full = clone(detector).fit(
        np.vstack([R, C[sample]]), np.r_[np.zeros(40), np.ones(100)]
    )
    np.testing.assert_allclose(s_one[rest], full.predict_proba(C[rest])[:, 1])
    # no candidate outside the sample: the fold models still score later blocks
    _, _, kept = stages.out_of_fold(detector, R, C[:50], 0, settings)
    assert isinstance(kept, list) and len(kept) == 3
    # a large class asks for one model of the whole sample, however few are left
    monkeypatch.setattr(stages, "_ONE_MODEL_ROWS", 65536)
    _, _, one = stages.out_of_fold(detector, R, C[:50], 0, settings, one_model=True)
    assert not isinstance(one, list)
    np.testing.assert_allclose(
        one.predict_proba(C[:5])[:, 1],
        clone(detector)
        .fit(np.vstack([R, C[:50]]), np.r_[np.zeros(40), np.ones(50)])
        .predict_proba(C[:5])[:, 1],
    )


def test_later_rounds_are_capped_by_a_cell_budget_on_large_data():
    from synthsieve.filtering._rounds import ROUND_CELLS, round_size

    s = Settings.of(FilteredOverSampler(candidate_factor=3.0))
    # 1 % accepted so far (10 of 1000 candidates)
    # Small data: the adaptive factor grows to 10 x candidate_factor.
    assert round_size(s, 100, 1000, 10, n_columns=10) == 3000
    # Large data: later rounds stay within the cell budget ...
    still = ROUND_CELLS // 50 // 10
    assert round_size(s, still, 1000, 10, n_columns=50) == ROUND_CELLS // 50
    # ... but never below candidate_factor per row still needed.
    big = ROUND_CELLS
    assert round_size(s, big, 1000, 10, n_columns=50) == 3 * big
    assert round_size(s, big, 0, 0, 50) == 3 * big


class _GaussianOracle(RandomOverSampler):
    """Appends fresh draws from the minority class's true N(0, I): no artefact."""

    def _fit_resample(self, X, y):
        rng = np.random.default_rng(self.random_state)
        Xs, ys = [X], [y]
        for label, n in self.sampling_strategy_.items():
            if n > 0:
                Xs.append(rng.normal(size=(n, X.shape[1])))
                ys.append(np.full(n, label))
        return np.vstack(Xs), np.concatenate(ys)


def _gaussian_classes(n_min=120):
    rng = np.random.default_rng(1)
    X = np.vstack([rng.normal(3.0, 1.0, size=(600, 4)), rng.normal(size=(n_min, 4))])
    return X, np.r_[np.zeros(600, dtype=int), np.ones(n_min, dtype=int)]


def test_auto_jitter_widens_interpolated_rows_and_leaves_fresh_draws_alone():
    from synthsieve.filtering._jitter import JITTER_GRID as _JITTER_GRID

    X, y = _gaussian_classes()
    interp = FilteredOverSampler(jitter="auto", **FAST)
    X_res, _ = interp.fit_resample(X, y)
    oracle = FilteredOverSampler(sampler=_GaussianOracle(), jitter="auto", **FAST)
    oracle.fit_resample(X, y)
    assert len(X_res) == 1200
    # SMOTE's rows sit too close to their parents: noise is needed to match the
    # distances of unseen real rows; the oracle's rows already match them (the
    # scale chosen for fresh draws is 0 to 0.5 depending on the seed).
    assert interp.jitter_[1] >= 0.75
    assert oracle.jitter_[1] <= 0.5
    assert interp.jitter_[1] in _JITTER_GRID


def test_fixed_jitter_is_recorded_and_a_bad_jitter_is_named():
    X, y = _gaussian_classes(60)
    sampler = FilteredOverSampler(jitter=0.5, **FAST)
    sampler.fit_resample(X, y)
    assert sampler.jitter_ == {1: 0.5}
    with pytest.raises(InvalidParameterError, match="jitter"):
        FilteredOverSampler(jitter="wide", **FAST).fit_resample(X, y)
    with pytest.raises(InvalidParameterError, match="jitter"):
        FilteredOverSampler(jitter=-1.0, **FAST).fit_resample(X, y)


@pytest.mark.parametrize("n_min, falls_back", [(19, True), (20, False)])
def test_generation_folds_need_ten_real_rows_each(n_min, falls_back):
    import warnings

    X, y = _gaussian_classes(n_min)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        sampler = FilteredOverSampler(holdout_folds=2, **FAST)
        sampler.fit_resample(X, y)
    messages = [str(w.message) for w in caught]
    assert any("too few for holdout_folds=2" in m for m in messages) == falls_back
    assert sampler.holdout_folds_ == {1: 1 if falls_back else 2}


def test_auto_holdout_folds_in_sample_for_numeric_two_for_binary():
    rng = np.random.default_rng(0)
    y = np.r_[np.zeros(160, dtype=int), np.ones(40, dtype=int)]
    numeric = FilteredOverSampler(**FAST)
    numeric.fit_resample(rng.normal(size=(200, 3)), y)
    assert numeric.holdout_folds_ == {1: 1}
    binary = FilteredOverSampler(**FAST)
    binary.fit_resample(rng.integers(0, 2, size=(200, 6)), y)
    assert binary.holdout_folds_ == {1: 2}
    no_noise = FilteredOverSampler(jitter=0, **FAST)
    no_noise.fit_resample(rng.normal(size=(200, 3)), y)
    assert no_noise.holdout_folds_ == {1: 2}
    fixed = FilteredOverSampler(holdout_folds=2, **FAST)
    fixed.fit_resample(rng.normal(size=(200, 3)), y)
    assert fixed.holdout_folds_ == {1: 2}
    with pytest.raises(InvalidParameterError, match="holdout_folds"):
        FilteredOverSampler(holdout_folds="many", **FAST).fit_resample(
            rng.normal(size=(200, 3)), y
        )


def test_auto_jitter_is_zero_on_binary_columns(monkeypatch):

    rng = np.random.default_rng(0)
    X = rng.integers(0, 2, size=(200, 6))
    y = np.r_[np.zeros(160, dtype=int), np.ones(40, dtype=int)]
    monkeypatch.setattr(jitter, "JITTER_GRID", ())  # the grid is not searched
    sampler = FilteredOverSampler(jitter="auto", **FAST)
    X_res, _ = sampler.fit_resample(X, y)
    assert sampler.jitter_ == {1: 0.0}
    assert np.isin(X_res, (0, 1)).all()


def test_n_jobs_fits_folds_in_parallel_with_the_same_result(
    binary_numeric, monkeypatch
):

    calls = []
    real_parallel = stages.Parallel

    def spy(*args, **kwargs):
        calls.append(kwargs.get("n_jobs"))
        return real_parallel(*args, **kwargs)

    monkeypatch.setattr(stages, "Parallel", spy)
    one, X_one, y_one = _fit(binary_numeric, detector="hgb")
    two, X_two, y_two = _fit(binary_numeric, detector="hgb", n_jobs=2)
    assert None in calls and 2 in calls
    np.testing.assert_array_equal(X_one, X_two)
    np.testing.assert_array_equal(y_one, y_two)
    np.testing.assert_array_equal(one.accepted_["score"], two.accepted_["score"])


def test_adasyn_asked_for_few_rows_is_asked_again_for_more():
    from imblearn.over_sampling import ADASYN

    rng = np.random.default_rng(0)
    X = np.vstack([rng.normal(0, 1, (300, 3)), rng.normal(1.0, 1, (40, 3))])
    y = np.r_[np.zeros(300, dtype=int), np.ones(40, dtype=int)]
    with pytest.raises(ValueError, match="No samples will be generated"):
        ADASYN(sampling_strategy={1: 43}, random_state=0).fit_resample(X, y)
    sampler = FilteredOverSampler(sampler=ADASYN(), sampling_strategy={1: 43}, **FAST)
    X_res, y_res = sampler.fit_resample(X, y)
    assert Counter(y_res[len(y) :]) == {1: 3}
    np.testing.assert_array_equal(X_res[: len(X)], X)


def test_auto_jitter_is_off_where_synthetic_rows_would_outnumber_real_ones():
    from synthsieve.filtering._jitter import JITTER_MAX_RATIO, wants_least_jitter

    assert wants_least_jitter(JITTER_MAX_RATIO * 10 + 1, 10)
    assert not wants_least_jitter(JITTER_MAX_RATIO * 10, 10)
    assert not wants_least_jitter(JITTER_MAX_RATIO * 100 + 1, 100)  # not small
    # 572 rows asked for 28 real ones: more than 20 per row, no noise, and
    # two generation folds check the distance to the parents instead
    X, y = _gaussian_classes(28)
    auto = FilteredOverSampler(jitter="auto", **FAST)
    auto.fit_resample(X, y)
    assert auto.jitter_ == {1: 0.0}
    assert auto.holdout_folds_ == {1: 2}
    # a number is the user's choice, whatever the ratio
    fixed = FilteredOverSampler(jitter=1.0, **FAST)
    fixed.fit_resample(X, y)
    assert fixed.jitter_ == {1: 1.0}
    assert fixed.holdout_folds_ == {1: 1}
    # class_consistency=None, the most realistic rows: "auto" chooses as ever
    faithful = FilteredOverSampler(class_consistency=None, **FAST)
    faithful.fit_resample(X, y)
    assert faithful.jitter_[1] >= 0.75
    # asked for fewer rows (272, under 10 per real row), "auto" chooses again
    fewer = FilteredOverSampler(jitter="auto", sampling_strategy=0.5, **FAST)
    fewer.fit_resample(X, y)
    assert fewer.jitter_[1] >= 0.75


def _many_columns(n_min, n_maj, d=30):
    rng = np.random.default_rng(0)
    X = np.vstack([rng.normal(size=(n_maj, d)), rng.normal(0.7, 1.0, (n_min, d))])
    return X, np.r_[np.zeros(n_maj, dtype=int), np.ones(n_min, dtype=int)]


def test_a_small_class_on_many_columns_gets_the_least_jitter_that_avoids_copies():
    from synthsieve.filtering._jitter import LEAST_JITTER_NEAR_SHARE

    # 60 rows on 30 columns, 29 synthetic rows asked per real row: without
    # noise every SMOTE row would be a near copy, and none would be returned
    X, y = _many_columns(60, 1800)
    sampler = FilteredOverSampler(detector="logreg", auditors=None, random_state=0)
    X_res, y_res = sampler.fit_resample(X, y)
    assert (y_res == 1).sum() == 1800
    assert 0 < sampler.jitter_[1] < 3.0
    assert sampler.holdout_folds_ == {1: 2}  # the small-class rule still holds
    near = (sampler.rejected_["reason"] == "near_copy").sum()
    assert near <= LEAST_JITTER_NEAR_SHARE * len(sampler.rejected_)
    # copies allowed: nothing to avoid, no noise
    free = FilteredOverSampler(
        detector="logreg", auditors=None, reject_copies=False, random_state=0
    )
    free.fit_resample(X, y)
    assert free.jitter_ == {1: 0.0}


def test_a_class_of_eight_rows_on_many_columns_still_gets_every_row():
    # 8 rows: the near-copy threshold comes from the two closest rows, yet
    # without noise every SMOTE row is still a near copy and none comes back
    X, y = _many_columns(8, 240)
    sampler = FilteredOverSampler(detector="logreg", auditors=None, random_state=0)
    _, y_res = sampler.fit_resample(X, y)
    assert (y_res == 1).sum() == 240 and sampler.jitter_[1] > 0
    bare = FilteredOverSampler(
        detector="logreg", auditors=None, jitter=0, shortfall="return", random_state=0
    )
    with pytest.warns(ShortfallWarning):
        _, y_bare = bare.fit_resample(X, y)
    assert (y_bare == 1).sum() < 240


def test_a_large_class_keeps_its_jitter_whatever_the_ratio():
    # 120 real rows asked for 21 synthetic rows each: the rule is for small
    # classes; on 30 columns, without noise, no row would be returned
    X, y = _many_columns(120, 2640)
    sampler = FilteredOverSampler(detector="logreg", auditors=None, random_state=0)
    X_res, y_res = sampler.fit_resample(X, y)
    assert (y_res == 1).sum() == 2640
    assert sampler.jitter_[1] >= 0.75
    assert sampler.holdout_folds_ == {1: 1}


def test_auto_holdout_folds_stays_in_sample_without_warning_for_a_small_class():
    import warnings

    X, y = _gaussian_classes(19)  # 19 // 2 rows per fold: too few for two
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        sampler = FilteredOverSampler(**FAST)
        sampler.fit_resample(X, y)
    assert sampler.jitter_ == {1: 0.0}
    assert sampler.holdout_folds_ == {1: 1}
    assert not any("holdout_folds" in str(w.message) for w in caught)
