"""Tests of evaluate() and tune_sampling_strategy(): honest folds, exact metrics."""

import json

import numpy as np
import pandas as pd
import pytest
from imblearn.over_sampling import SMOTE, RandomOverSampler
from imblearn.over_sampling.base import BaseOverSampler
from imblearn.pipeline import make_pipeline
from imblearn.under_sampling import RandomUnderSampler
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import (
    average_precision_score,
    balanced_accuracy_score,
    f1_score,
    log_loss,
    matthews_corrcoef,
    roc_auc_score,
)
from sklearn.preprocessing import StandardScaler, label_binarize
from sklearn.svm import LinearSVC
from sklearn.utils.class_weight import compute_sample_weight

from synthsieve.evaluation import (
    Evaluation,
    TuningResult,
    balanced_log_loss,
    evaluate,
    tune_sampling_strategy,
)

# --------------------------------------------------------------------------- #
# Fixtures and helpers
# --------------------------------------------------------------------------- #


def gaussian_data(seed=0, n0=180, n1=20, d=4, shift=1.5):
    """Majority N(0, 1), minority N(shift, 1); every row distinct."""
    rng = np.random.default_rng(seed)
    X = np.vstack([rng.normal(0, 1, (n0, d)), rng.normal(shift, 1, (n1, d))])
    y = np.r_[np.zeros(n0, dtype=int), np.ones(n1, dtype=int)]
    return X, y


def row_ids(X_seen, X_all) -> np.ndarray:
    """Indices in X_all of the rows of X_seen (rows are identified by column 0)."""
    lookup = {v: i for i, v in enumerate(np.asarray(X_all)[:, 0])}
    return np.array(sorted(lookup[v] for v in np.asarray(X_seen)[:, 0]))


class SpySampler(BaseOverSampler):
    """Appends random duplicates and records every call (rows seen, strategy)."""

    calls: list = []
    _parameter_constraints = {
        **BaseOverSampler._parameter_constraints,
        "random_state": ["random_state"],
    }

    def __init__(self, *, sampling_strategy="auto", random_state=None):
        super().__init__(sampling_strategy=sampling_strategy)
        self.random_state = random_state

    def _fit_resample(self, X, y):
        SpySampler.calls.append(
            {"X": np.array(X, copy=True), "need": dict(self.sampling_strategy_)}
        )
        rng = np.random.default_rng(self.random_state)
        parts_X, parts_y = [X], [y]
        for label, n in self.sampling_strategy_.items():
            idx = np.flatnonzero(y == label)
            pick = rng.choice(idx, size=n)
            parts_X.append(X[pick])
            parts_y.append(y[pick])
        return np.vstack(parts_X), np.concatenate(parts_y)


class FarNoiseSampler(BaseOverSampler):
    """Adds minority rows shifted 20 units away from the real ones: pure harm."""

    _parameter_constraints = {
        **BaseOverSampler._parameter_constraints,
        "random_state": ["random_state"],
    }

    def __init__(self, *, sampling_strategy="auto", random_state=None):
        super().__init__(sampling_strategy=sampling_strategy)
        self.random_state = random_state

    def _fit_resample(self, X, y):
        rng = np.random.default_rng(self.random_state)
        parts_X, parts_y = [X], [y]
        for label, n in self.sampling_strategy_.items():
            real = X[y == label]
            parts_X.append(real[rng.integers(len(real), size=n)] - 20.0)
            parts_y.append(np.full(n, label))
        return np.vstack(parts_X), np.concatenate(parts_y)


class SpyClassifier(LogisticRegression):
    """A logistic regression that records the rows of every fit."""

    fits: list = []

    def fit(self, X, y, sample_weight=None):
        SpyClassifier.fits.append(np.array(X, copy=True))
        return super().fit(X, y, sample_weight=sample_weight)


@pytest.fixture(autouse=True)
def reset_spies():
    SpySampler.calls = []
    SpyClassifier.fits = []
    yield
    SpySampler.calls = []
    SpyClassifier.fits = []


@pytest.fixture
def close_figures():
    plt = pytest.importorskip("matplotlib.pyplot")
    yield plt
    plt.close("all")


# --------------------------------------------------------------------------- #
# evaluate: folds
# --------------------------------------------------------------------------- #


@pytest.mark.parametrize("as_frame", [False, True])
def test_evaluate_resamples_inside_training_folds_only(as_frame):
    X, y = gaussian_data()
    data = pd.DataFrame(X, columns=list("abcd")) if as_frame else X
    pipe = make_pipeline(SpySampler(random_state=0), LogisticRegression())
    result = evaluate({"spy": pipe}, data, y, cv=3, n_repeats=2, random_state=0)
    assert len(SpySampler.calls) == result.n_folds == 6
    for call, (train, test) in zip(SpySampler.calls, result.folds):
        seen = row_ids(call["X"], X)
        np.testing.assert_array_equal(seen, np.sort(train))
        assert not np.isin(seen, test).any()


def test_evaluate_uses_the_same_folds_for_every_pipeline():
    X, y = gaussian_data()
    pipelines = {
        "bare": SpyClassifier(),
        "weighted": SpyClassifier(class_weight="balanced"),
        "resampled": make_pipeline(SpySampler(random_state=0), LogisticRegression()),
    }
    result = evaluate(pipelines, X, y, cv=4, n_repeats=2, random_state=1)
    n = result.n_folds
    assert n == 8
    bare, weighted = SpyClassifier.fits[:n], SpyClassifier.fits[n:]
    for a, b, call, (train, _) in zip(bare, weighted, SpySampler.calls, result.folds):
        np.testing.assert_array_equal(row_ids(a, X), np.sort(train))
        np.testing.assert_array_equal(row_ids(b, X), np.sort(train))
        np.testing.assert_array_equal(row_ids(call["X"], X), np.sort(train))
    # Repeated stratified folds: each row is tested once per repeat.
    tested = np.concatenate([test for _, test in result.folds])
    np.testing.assert_array_equal(np.bincount(tested), np.full(len(y), 2))
    frame = result.to_frame(per_fold=True)
    assert frame.index.get_level_values("fold").tolist() == list(range(n)) * 3


def test_evaluate_folds_depend_on_random_state_only():
    X, y = gaussian_data()
    a = evaluate({"lr": LogisticRegression()}, X, y, random_state=3)
    b = evaluate({"lr": LogisticRegression()}, X, y, random_state=3)
    for (ta, sa), (tb, sb) in zip(a.folds, b.folds):
        np.testing.assert_array_equal(ta, tb)
        np.testing.assert_array_equal(sa, sb)
    pd.testing.assert_frame_equal(
        a.per_fold.drop(columns="fit_time"), b.per_fold.drop(columns="fit_time")
    )
    assert a.n_folds == 10  # default: 5 folds x 2 repeats


# --------------------------------------------------------------------------- #
# evaluate: metrics
# --------------------------------------------------------------------------- #


def test_binary_metrics_equal_scikit_learn_with_minority_as_positive():
    X, y01 = gaussian_data(seed=2, shift=1.0)
    # The minority label sorts first, so scikit-learn's default positive class
    # (the last label) would be the majority: the minority must be used.
    y = np.where(y01 == 1, "active", "inactive")
    rng = np.random.default_rng(0)
    test = np.sort(rng.choice(len(y), 80, replace=False))
    train = np.setdiff1d(np.arange(len(y)), test)
    model = LogisticRegression(C=0.5)
    result = evaluate({"lr": model}, X, y, cv=[(train, test)])
    assert result.pos_label == "active"
    fitted = LogisticRegression(C=0.5).fit(X[train], y[train])
    proba = fitted.predict_proba(X[test])[:, list(fitted.classes_).index("active")]
    pred = fitted.predict(X[test])
    truth = y[test]
    expected = {
        "pr_auc": average_precision_score(truth == "active", proba),
        "mcc": matthews_corrcoef(truth, pred),
        "f1": f1_score(truth, pred, pos_label="active"),
        "balanced_accuracy": balanced_accuracy_score(truth, pred),
        "roc_auc": roc_auc_score(truth == "active", proba),
    }
    got = result.per_fold.iloc[0]
    for name, value in expected.items():
        assert got[name] == pytest.approx(value, abs=1e-12), name
    assert 0 < expected["f1"] < 1


def test_multiclass_metrics_are_macro_averages():
    rng = np.random.default_rng(0)
    centres = np.array([[0, 0], [2, 0], [0, 2]])
    sizes = [120, 40, 20]
    X = np.vstack([rng.normal(c, 1.0, (n, 2)) for c, n in zip(centres, sizes)])
    y = np.repeat([0, 1, 2], sizes)
    test = np.sort(rng.choice(len(y), 60, replace=False))
    train = np.setdiff1d(np.arange(len(y)), test)
    result = evaluate({"lr": LogisticRegression()}, X, y, cv=[(train, test)])
    assert result.pos_label is None
    fitted = LogisticRegression().fit(X[train], y[train])
    proba, pred, truth = fitted.predict_proba(X[test]), fitted.predict(X[test]), y[test]
    expected = {
        "pr_auc": average_precision_score(
            label_binarize(truth, classes=[0, 1, 2]), proba, average="macro"
        ),
        "mcc": matthews_corrcoef(truth, pred),
        "f1": f1_score(truth, pred, average="macro"),
        "balanced_accuracy": balanced_accuracy_score(truth, pred),
        "roc_auc": roc_auc_score(truth, proba, multi_class="ovr", average="macro"),
    }
    got = result.per_fold.iloc[0]
    for name, value in expected.items():
        assert got[name] == pytest.approx(value, abs=1e-12), name
    assert "macro" in result.summary()


def test_balanced_log_loss_is_class_weighted_log_loss():
    rng = np.random.default_rng(0)
    y = np.r_[np.zeros(30, int), np.ones(7, int), np.full(3, 2)]
    proba = rng.dirichlet([1, 1, 1], size=len(y))
    weights = compute_sample_weight("balanced", y)
    expected = log_loss(y, proba, sample_weight=weights)
    assert balanced_log_loss(y, proba, [0, 1, 2]) == pytest.approx(expected)
    with pytest.raises(ValueError, match="shape"):
        balanced_log_loss(y, proba[:, :2], [0, 1, 2])


def test_evaluate_result_views(close_figures):
    X, y = gaussian_data()
    result = evaluate(
        {
            "none": LogisticRegression(),
            "ros": make_pipeline(
                RandomOverSampler(random_state=0), LogisticRegression()
            ),
        },
        X,
        y,
        cv=3,
        n_repeats=1,
        scoring=["pr_auc", "mcc", "balanced_log_loss"],
        random_state=0,
    )
    assert isinstance(result, Evaluation)
    frame = result.to_frame()
    assert frame.index.tolist() == ["none", "ros"]
    assert frame.columns.tolist() == [
        "pr_auc_mean",
        "pr_auc_std",
        "mcc_mean",
        "mcc_std",
        "balanced_log_loss_mean",
        "balanced_log_loss_std",
        "fit_time_mean",
        "fit_time_std",
    ]
    per_fold = result.to_frame(per_fold=True)
    assert per_fold.shape == (6, 4)
    assert frame.loc["ros", "mcc_mean"] == pytest.approx(
        per_fold.loc["ros", "mcc"].mean()
    )
    assert (per_fold["fit_time"] > 0).all()
    text = result.summary()
    assert "±" in text and "ros" in text and "lower is better" in text
    d = json.loads(json.dumps(result.to_dict()))
    assert d["pos_label"] == 1 and d["n_folds"] == 3
    assert len(d["pipelines"]["none"]["pr_auc"]["folds"]) == 3
    plt = close_figures
    fig, ax = plt.subplots()
    assert result.plot(ax=ax) is ax
    assert len(ax.containers) == 2  # one error-bar series per pipeline
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["none", "ros"]


def test_evaluate_accepts_scorer_callables():
    X, y = gaussian_data()
    result = evaluate(
        {"lr": LogisticRegression()},
        X,
        y,
        cv=3,
        n_repeats=1,
        scoring={"acc": lambda est, X_, y_: float((est.predict(X_) == y_).mean())},
    )
    assert result.metrics == ["acc"]
    assert result.per_fold["acc"].between(0.5, 1).all()


def test_evaluation_json_round_trip(tmp_path):
    X, y = gaussian_data()
    result = evaluate(
        {"lr": LogisticRegression()},
        X,
        y,
        cv=3,
        n_repeats=1,
        scoring=["mcc", "balanced_log_loss"],
        random_state=0,
    )
    path = tmp_path / "evaluation.json"
    text = result.to_json(path)
    again = Evaluation.from_json(path)
    assert Evaluation.from_json(text).to_dict() == result.to_dict()
    pd.testing.assert_frame_equal(again.per_fold, result.per_fold)
    assert again.greater_is_better == {"mcc": True, "balanced_log_loss": False}
    assert str(again) == str(result) and again.n_folds == 3
    assert "<table" in result.to_html()


# --------------------------------------------------------------------------- #
# evaluate: bad input
# --------------------------------------------------------------------------- #


def test_evaluate_refuses_a_classifier_without_predict_proba_for_proba_metrics():
    X, y = gaussian_data()
    with pytest.raises(TypeError, match=r"pipelines\['svm'\].*predict_proba.*pr_auc"):
        evaluate({"svm": LinearSVC()}, X, y)
    # Metrics that need only `predict` are fine.
    result = evaluate(
        {"svm": LinearSVC()}, X, y, cv=3, n_repeats=1, scoring=["mcc", "f1"]
    )
    assert result.metrics == ["mcc", "f1"]


@pytest.mark.parametrize(
    "kwargs, error, match",
    [
        ({"pipelines": {}}, ValueError, "`pipelines` is empty"),
        ({"pipelines": [LogisticRegression()]}, TypeError, "`pipelines` must be"),
        (
            {"pipelines": {"s": RandomOverSampler()}},
            TypeError,
            r"pipelines\['s'\].*no `predict`",
        ),
        ({"scoring": ["pr_auc", "auc"]}, ValueError, "`scoring` names an unknown"),
        ({"scoring": []}, ValueError, "`scoring` is empty"),
        ({"n_repeats": 0}, ValueError, "`n_repeats` must be >= 1"),
        ({"cv": 1}, ValueError, "`cv` must be >= 2"),
        ({"cv": [(np.arange(150), np.arange(140, 200))]}, ValueError, "both"),
        ({"y": np.zeros(200)}, ValueError, "single class"),
        ({"y": np.zeros(5)}, ValueError, "one label per row"),
    ],
)
def test_evaluate_bad_input(kwargs, error, match):
    X, y = gaussian_data()
    args = {"pipelines": {"lr": LogisticRegression()}, "X": X, "y": y, **kwargs}
    with pytest.raises(error, match=match):
        evaluate(args.pop("pipelines"), args.pop("X"), args.pop("y"), **args)


# --------------------------------------------------------------------------- #
# tune_sampling_strategy
# --------------------------------------------------------------------------- #


def test_tune_resamples_inside_training_folds_with_fold_relative_sizes():
    X, y = gaussian_data()
    pipe = make_pipeline(SpySampler(random_state=0), LogisticRegression())
    result = tune_sampling_strategy(
        pipe, X, y, grid=[0, 0.5, 1.0], cv=3, random_state=0
    )
    folds = list(result.scores_.columns)
    assert len(folds) == 3
    # Ratio 0 skips the sampler: it is called for 0.5 and 1.0 only.
    assert len(SpySampler.calls) == 2 * 3
    for k, call in enumerate(SpySampler.calls):
        ratio = [0.5, 1.0][k // 3]
        y_seen = y[row_ids(call["X"], X)]
        n0, n1 = (y_seen == 0).sum(), (y_seen == 1).sum()
        # Sizes are counted on the training fold, not on the full data.
        assert call["need"] == {1: int(np.floor(ratio * (n0 - n1) + 0.5))}
    # The sampler's rows are training folds: their complements (the validation
    # folds) partition the data, so no validation row was ever resampled.
    unseen = [
        np.setdiff1d(np.arange(len(y)), row_ids(c["X"], X)) for c in SpySampler.calls
    ]
    np.testing.assert_array_equal(
        np.sort(np.concatenate(unseen[:3])), np.arange(len(y))
    )
    # The same folds serve every ratio.
    for a, b in zip(unseen[:3], unseen[3:]):
        np.testing.assert_array_equal(a, b)
    assert result.curve_["n_synthetic_1"].tolist() == [0, 80, 160]


def test_tune_picks_no_synthetic_rows_when_they_only_hurt():
    X, y = gaussian_data(seed=0)
    pipe = make_pipeline(FarNoiseSampler(random_state=0), LogisticRegression())
    result = tune_sampling_strategy(pipe, X, y, random_state=0)
    assert isinstance(result, TuningResult)
    assert result.best_ratio_ == 0
    assert result.best_strategy_ == {1: 20}
    assert result.best_params_ == {"farnoisesampler": "passthrough"}
    curve = result.curve_
    assert curve["ratio"].tolist() == [0.0, 0.25, 0.5, 0.75, 1.0, 1.25]
    assert (curve["score_mean"].iloc[1:] > curve["score_mean"].iloc[0] + 0.5).all()
    pipe.set_params(**result.best_params_).fit(X, y)


def test_tune_picks_a_positive_size_when_synthetic_rows_help():
    X, y = gaussian_data(seed=0)
    pipe = make_pipeline(SMOTE(random_state=0), LogisticRegression())
    result = tune_sampling_strategy(pipe, X, y, grid=[0, 0.5, 1.0], random_state=0)
    assert result.best_ratio_ > 0
    curve = result.curve_.set_index("ratio")
    assert curve.loc[result.best_ratio_, "score_mean"] < curve.loc[0, "score_mean"]
    n_new = int(curve.loc[result.best_ratio_, "n_synthetic_1"])
    assert result.best_strategy_ == {1: 20 + n_new}
    fitted = pipe.set_params(**result.best_params_).fit(X, y)
    assert fitted[0].sampling_strategy_ == {1: n_new}


def test_tune_penalises_detectable_sizes():
    X, y = gaussian_data(seed=1)
    pipe = make_pipeline(FarNoiseSampler(random_state=0), LogisticRegression())
    result = tune_sampling_strategy(
        pipe,
        X,
        y,
        grid=[0, 1.0],
        cv=3,
        detectability_penalty=2.0,
        auditors={"lr": LogisticRegression()},
        random_state=0,
    )
    curve = result.curve_
    assert curve.columns.tolist()[-2:] == ["gap", "objective"]
    assert curve["gap"].iloc[0] == 0.0
    assert curve["gap"].iloc[1] > 0.4  # rows 20 units away: trivially detectable
    np.testing.assert_allclose(
        curve["objective"], curve["score_mean"] + 2.0 * curve["gap"]
    )
    assert list(result.audits_) == [1.0]
    assert result.best_ratio_ == 0


def test_tune_penalty_with_a_preprocessing_step_and_a_score_to_maximise():
    X, y = gaussian_data(seed=1)
    pipe = make_pipeline(
        StandardScaler(), RandomOverSampler(random_state=0), LogisticRegression()
    )
    result = tune_sampling_strategy(
        pipe,
        X,
        y,
        grid=[0.5, 1.0],
        cv=3,
        scoring="roc_auc",
        detectability_penalty=0.5,
        auditors={"lr": LogisticRegression()},
        random_state=0,
    )
    assert result.greater_is_better
    curve = result.curve_
    np.testing.assert_allclose(
        curve["objective"], curve["score_mean"] - 0.5 * curve["gap"]
    )
    assert result.best_ratio_ == curve["ratio"][curve["objective"].idxmax()]


def test_tune_multiclass_uses_one_common_ratio():
    rng = np.random.default_rng(0)
    sizes = [150, 40, 20]
    X = np.vstack(
        [rng.normal(c, 1.0, (n, 2)) for c, n in zip([[0, 0], [2, 0], [0, 2]], sizes)]
    )
    y = np.repeat(["a", "b", "c"], sizes)
    pipe = make_pipeline(SpySampler(random_state=0), LogisticRegression())
    result = tune_sampling_strategy(pipe, X, y, grid=[0, 0.5], cv=3, random_state=0)
    curve = result.curve_
    assert curve["n_synthetic_b"].tolist() == [0, 55]
    assert curve["n_synthetic_c"].tolist() == [0, 65]
    for call in SpySampler.calls:
        assert set(call["need"]) == {"b", "c"}
    assert set(result.best_strategy_) == {"b", "c"}


def test_tuning_result_views(close_figures):
    X, y = gaussian_data(seed=0)
    pipe = make_pipeline(RandomOverSampler(random_state=0), LogisticRegression())
    result = tune_sampling_strategy(
        pipe,
        X,
        y,
        grid=[0, 1.0],
        cv=3,
        detectability_penalty=0.1,
        auditors={"lr": LogisticRegression()},
        random_state=0,
    )
    assert "<- best" in result.summary()
    d = json.loads(json.dumps(result.to_dict()))
    assert d["scoring"] == "balanced_log_loss" and len(d["curve"]) == 2
    assert result.scores_.shape == (2, 3)
    plt = close_figures
    fig, ax = plt.subplots()
    assert result.plot(ax=ax) is ax
    assert len(ax.containers) == 1 and len(fig.axes) == 2  # curve; gap on a twin
    labels = [t.get_text() for t in ax.get_legend().get_texts()]
    assert labels[-1] == "detectability gap"


# --------------------------------------------------------------------------- #
# tune_sampling_strategy: bad input
# --------------------------------------------------------------------------- #


@pytest.mark.parametrize(
    "pipeline, kwargs, error, match",
    [
        (
            make_pipeline(SMOTE(), LogisticRegression()),
            {"sampler_step": "smoot"},
            ValueError,
            r"`sampler_step`='smoot' is not a step.*\['smote', 'logisticregression'\]",
        ),
        (
            make_pipeline(SMOTE(), LogisticRegression()),
            {"sampler_step": "logisticregression"},
            ValueError,
            "not a sampler",
        ),
        (
            make_pipeline(StandardScaler(), LogisticRegression()),
            {},
            ValueError,
            "`pipeline` has no sampler step",
        ),
        (LogisticRegression(), {}, TypeError, "`pipeline` must be an imbalanced"),
        (
            make_pipeline(SMOTE(), RandomOverSampler(), LogisticRegression()),
            {},
            ValueError,
            "several sampler steps.*`sampler_step`",
        ),
        (
            make_pipeline(RandomUnderSampler(), LogisticRegression()),
            {},
            ValueError,
            "'under-sampling'",
        ),
        (
            make_pipeline(SMOTE(), LogisticRegression()),
            {"grid": []},
            ValueError,
            "`grid` is empty",
        ),
        (
            make_pipeline(SMOTE(), LogisticRegression()),
            {"grid": [0, -0.5, 1]},
            ValueError,
            "`grid` holds the negative ratio -0.5",
        ),
        (
            make_pipeline(SMOTE(), LogisticRegression()),
            {"grid": 1.0},
            TypeError,
            "`grid` must be a list",
        ),
        (
            make_pipeline(SMOTE(), LinearSVC()),
            {},
            TypeError,
            "`pipeline`.*no `predict_proba`.*balanced_log_loss.*`scoring`",
        ),
        (
            make_pipeline(SMOTE(), LogisticRegression()),
            {"scoring": "no_such_score"},
            ValueError,
            "`scoring`='no_such_score'",
        ),
        (
            make_pipeline(SMOTE(), LogisticRegression()),
            {"detectability_penalty": -1},
            ValueError,
            "`detectability_penalty` must be",
        ),
    ],
)
def test_tune_bad_input(pipeline, kwargs, error, match):
    X, y = gaussian_data()
    with pytest.raises(error, match=match):
        tune_sampling_strategy(pipeline, X, y, **kwargs)


@pytest.mark.parametrize("labels", [(0, 1), ("neg", "pos")])
def test_tuning_result_json_round_trip(labels):
    X, y = gaussian_data()
    y = np.asarray(labels, dtype=object)[y] if labels[0] == "neg" else y
    pipe = make_pipeline(RandomOverSampler(random_state=0), LogisticRegression())
    result = tune_sampling_strategy(pipe, X, y, grid=[0, 1.0], cv=3, random_state=0)
    again = TuningResult.from_json(result.to_json())
    assert again.best_params_ == result.best_params_
    assert again.best_strategy_ == result.best_strategy_
    pd.testing.assert_frame_equal(again.curve_, result.curve_)
    np.testing.assert_array_equal(again.scores_, result.scores_)
    assert str(again) == str(result) and again.to_dict() == result.to_dict()
    assert "<table" in result.to_html()


def test_tune_refuses_balanced_data():
    X, _ = gaussian_data()
    y = np.tile([0, 1], len(X) // 2)
    with pytest.raises(ValueError, match="balanced"):
        tune_sampling_strategy(make_pipeline(SMOTE(), LogisticRegression()), X, y)


def test_brier_and_log_loss_are_reported_by_default(binary_numeric):
    """The probabilities' scores sit beside the ranking ones, equal to
    scikit-learn's on each fold, lower is better."""
    from sklearn.linear_model import LogisticRegression
    from sklearn.metrics import brier_score_loss, log_loss

    from synthsieve import evaluate

    X, y = binary_numeric
    ev = evaluate({"lr": LogisticRegression()}, X, y, cv=3, n_repeats=1, random_state=0)
    assert {"brier", "log_loss"} <= set(ev.metrics)
    assert ev.greater_is_better["brier"] is False
    assert ev.greater_is_better["log_loss"] is False
    train, test = ev.folds[0]
    p = LogisticRegression().fit(X[train], y[train]).predict_proba(X[test])
    row = ev.per_fold.iloc[0]
    assert row["brier"] == pytest.approx(brier_score_loss(y[test] == 1, p[:, 1]))
    assert row["log_loss"] == pytest.approx(log_loss(y[test], p, labels=[0, 1]))
