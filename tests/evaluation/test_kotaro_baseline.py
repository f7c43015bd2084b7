"""evaluate(baselines="kotaro"): KOTARO beside the user's pipelines, opt-in."""

import numpy as np
import pytest
from sklearn.datasets import make_classification
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import balanced_accuracy_score

from synthsieve.classifiers._kotaro import KOTAROClassifier
from synthsieve.evaluation import evaluate


@pytest.fixture(scope="module")
def data():
    return make_classification(
        n_samples=240,
        n_features=4,
        n_informative=3,
        n_redundant=0,
        weights=[0.9],
        random_state=0,
    )


def test_kotaro_is_added_after_the_pipelines_on_the_same_folds(data):
    X, y = data
    pipelines = {
        "none": LogisticRegression(),
        "weights": LogisticRegression(class_weight="balanced"),
    }
    result = evaluate(
        pipelines,
        X,
        y,
        cv=3,
        n_repeats=1,
        scoring=["balanced_accuracy", "roc_auc"],
        random_state=0,
        baselines="kotaro",
    )
    assert result.pipelines == ["none", "weights", "kotaro"]
    assert list(pipelines) == ["none", "weights"]  # the caller's dict untouched
    # its scores are those of KOTAROClassifier() fitted on each fold's rows
    kotaro = result.to_frame(per_fold=True).loc["kotaro"]
    for i, (train, test) in enumerate(result.folds):
        clf = KOTAROClassifier().fit(X[train], y[train])
        expected = balanced_accuracy_score(y[test], clf.predict(X[test]))
        assert kotaro.loc[i, "balanced_accuracy"] == pytest.approx(expected)
    # it handles the imbalance without resampling: better than the bare model
    frame = result.to_frame()
    assert (
        frame.loc["kotaro", "balanced_accuracy_mean"]
        > frame.loc["none", "balanced_accuracy_mean"]
    )


def test_opt_in_and_list_form(data):
    X, y = data
    kwargs = {"cv": 2, "n_repeats": 1, "scoring": ["mcc"], "random_state": 0}
    plain = evaluate({"none": LogisticRegression()}, X, y, **kwargs)
    assert plain.pipelines == ["none"]
    only = evaluate({}, X, y, baselines=["kotaro"], **kwargs)
    assert only.pipelines == ["kotaro"]
    assert np.isfinite(only.to_frame().loc["kotaro", "mcc_mean"])


def test_bad_baselines_are_named(data):
    X, y = data
    with pytest.raises(ValueError, match=r"`baselines` names \['knn'\].*\['kotaro'\]"):
        evaluate({"none": LogisticRegression()}, X, y, baselines=["knn"])
    with pytest.raises(ValueError, match=r"already has an entry named 'kotaro'"):
        evaluate({"kotaro": LogisticRegression()}, X, y, baselines="kotaro")
    with pytest.raises(ValueError, match="`pipelines` is empty"):
        evaluate({}, X, y)
