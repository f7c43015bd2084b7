"""Tests of the detectability audits (paper protocol and hold-out protocol)."""

import json

import numpy as np
import pandas as pd
import pytest
from imblearn.over_sampling import SMOTE, RandomOverSampler
from imblearn.under_sampling import RandomUnderSampler
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import (
    accuracy_score,
    average_precision_score,
    cohen_kappa_score,
    confusion_matrix,
    f1_score,
    precision_score,
    recall_score,
    roc_auc_score,
)
from sklearn.model_selection import StratifiedKFold
from sklearn.svm import LinearSVC

from synthsieve import (
    AuditResult,
    Comparison,
    SamplerAudit,
    audit,
    audit_sampler,
    compare_samplers,
    domain_profile,
    load_hiva,
    out_of_fold_scores,
)
from synthsieve.audit._protocols import _metrics

FAST = {
    "lr": LogisticRegression(max_iter=1000),
    "hgb": HistGradientBoostingClassifier(max_iter=30, random_state=0),
}


@pytest.fixture
def blobs():
    rng = np.random.default_rng(0)
    X = rng.normal(size=(400, 4))
    y = np.r_[np.zeros(320, dtype=int), np.ones(80, dtype=int)]
    X[y == 1] += 1.0
    return X, y


def test_shifted_rows_audit_near_one():
    rng = np.random.default_rng(1)
    real = rng.normal(0, 1, size=(120, 3))
    fake = rng.normal(3, 1, size=(120, 3))
    result = audit(real, fake, detectors=FAST, random_state=0)
    assert result.roc_auc > 0.97
    assert result.detectors["lr"].metrics["accuracy"] > 0.9


def test_same_distribution_audits_near_half():
    rng = np.random.default_rng(2)
    real = rng.normal(size=(200, 3))
    other = rng.normal(size=(200, 3))
    result = audit(real, other, detectors={"lr": LogisticRegression()}, random_state=0)
    assert abs(result.roc_auc - 0.5) < 0.1


def test_metrics_equal_sklearn_on_fixed_scores():
    rng = np.random.default_rng(3)
    labels = np.repeat([0, 1], 50)
    scores = np.clip(labels * 0.3 + rng.uniform(0, 0.7, 100), 0, 1)
    m, cm = _metrics(labels, scores)
    pred = (scores >= 0.5).astype(int)
    assert m["f1"] == pytest.approx(f1_score(labels, pred))
    assert m["recall"] == pytest.approx(recall_score(labels, pred))
    assert m["precision"] == pytest.approx(precision_score(labels, pred))
    assert m["accuracy"] == pytest.approx(accuracy_score(labels, pred))
    assert m["kappa"] == pytest.approx(cohen_kappa_score(labels, pred))
    assert m["roc_auc"] == pytest.approx(roc_auc_score(labels, scores))
    assert m["pr_auc"] == pytest.approx(average_precision_score(labels, scores))
    np.testing.assert_array_equal(cm, confusion_matrix(labels, pred))


def test_out_of_fold_scores_match_manual_folds():
    rng = np.random.default_rng(4)
    X = rng.normal(size=(60, 2))
    labels = np.repeat([0, 1], 30)
    X[labels == 1] += 0.8
    got = out_of_fold_scores(LogisticRegression(), X, labels, cv=3, random_state=7)
    from synthsieve._seeds import Streams

    folds = StratifiedKFold(3, shuffle=True, random_state=Streams.of(7).seed())
    want = np.empty(60)
    for tr, te in folds.split(X, labels):
        want[te] = (
            LogisticRegression().fit(X[tr], labels[tr]).predict_proba(X[te])[:, 1]
        )
    np.testing.assert_allclose(got, want)


def test_audit_result_metrics_and_json_round_trip():
    rng = np.random.default_rng(5)
    real = pd.DataFrame(rng.normal(size=(60, 2)), columns=["a", "b"])
    fake = pd.DataFrame(rng.normal(1, 1, size=(90, 2)), columns=["b", "a"])
    result = audit(real, fake, detectors=FAST, random_state=0)
    assert result.n_used == 60 and result.n_subsamples == 2
    frame = result.to_frame()
    assert set(frame.index) == {"lr", "hgb"}
    assert {"roc_auc", "pr_auc", "kappa", "tn", "tp"} <= set(frame.columns)
    cm = result.detectors["lr"].confusion_matrix
    assert cm.sum() == 2 * 60 * 2  # two subsamples of 60 + 60 rows
    again = AuditResult.from_dict(json.loads(result.to_json()))
    assert again.auc() == pytest.approx(result.auc())
    assert "worst case" in result.summary()


def test_audit_is_reproducible():
    rng = np.random.default_rng(6)
    real, fake = rng.normal(size=(50, 3)), rng.normal(0.5, 1, size=(80, 3))
    a = audit(real, fake, detectors=FAST, random_state=3).auc()
    b = audit(real, fake, detectors=FAST, random_state=3).auc()
    assert a == b


def test_nominal_columns_encoded_on_both_sides():
    real = pd.DataFrame({"c": ["a", "b"] * 30, "x": np.arange(60.0)})
    fake = pd.DataFrame({"c": ["z"] * 60, "x": np.arange(60.0)})
    result = audit(real, fake, detectors={"lr": LogisticRegression()}, random_state=0)
    assert result.roc_auc > 0.95


def test_inputs_not_modified():
    rng = np.random.default_rng(7)
    real = pd.DataFrame(rng.normal(size=(30, 2)), columns=["a", "b"])
    fake = rng.normal(size=(30, 2))
    real_copy, fake_copy = real.copy(), fake.copy()
    audit(real, fake, detectors={"lr": LogisticRegression()}, cv=3, random_state=0)
    pd.testing.assert_frame_equal(real, real_copy)
    np.testing.assert_array_equal(fake, fake_copy)


# ----------------------------------------------------------------- protocols


def test_duplicates_below_half_in_paper_protocol_and_near_reference_holdout(blobs):
    X, y = blobs
    ros = RandomOverSampler(random_state=0)
    paper = audit_sampler(ros, X, y, protocol="paper", detectors=FAST, random_state=0)
    assert paper.roc_auc < 0.35
    assert paper.copy_share[1] == 1.0
    hold = audit_sampler(ros, X, y, detectors=FAST, random_state=0)
    assert hold.copy_share[1] == 1.0
    assert hold.gap < 0.12
    assert isinstance(hold, SamplerAudit)
    assert set(hold.to_frame().columns) >= {"roc_auc", "reference_auc", "gap"}


def test_shifted_sampler_has_large_gap(blobs):
    X, y = blobs

    class Shifted(RandomOverSampler):
        def _fit_resample(self, X, y):
            Xr, yr = super()._fit_resample(X, y)
            Xr = Xr.copy()
            Xr[len(X) :] += 3.0
            return Xr, yr

    hold = audit_sampler(Shifted(random_state=0), X, y, detectors=FAST, random_state=0)
    assert hold.gap > 0.4
    assert not hold.classes[1].copy_like
    assert "easily detectable" in hold.summary()


@pytest.mark.slow
def test_smote_on_hiva_is_detectable():
    X, y = load_hiva(return_X_y=True, n_features=120)
    paper = audit_sampler(
        SMOTE(random_state=0), X, y, protocol="paper", detectors=FAST, random_state=0
    )
    assert paper.roc_auc > 0.65
    assert paper.copy_share[1] < 0.2


def test_holdout_sampler_audit_json_round_trip(blobs):
    X, y = blobs
    hold = audit_sampler(
        SMOTE(random_state=0),
        X,
        y,
        detectors={"lr": LogisticRegression()},
        random_state=0,
    )
    again = SamplerAudit.from_dict(json.loads(json.dumps(hold.to_dict())))
    assert again.gap == pytest.approx(hold.gap)


def test_compare_samplers_tables(blobs):
    X, y = blobs
    X = np.round(X * 2)  # integer-valued columns
    cmp = compare_samplers(
        X,
        y,
        {"ros": RandomOverSampler(random_state=0), "smote": SMOTE(random_state=0)},
        detectors={"lr": LogisticRegression()},
        random_state=0,
    )
    t1, t2 = cmp.table1, cmp.table2
    assert {
        "f1",
        "recall",
        "precision",
        "accuracy",
        "kappa",
        "roc_auc",
        "pr_auc",
        "holdout_gap",
        "copy_share",
    } <= set(t1.columns)
    assert t1.loc[("ros", 1, "lr"), "copy_share"] == 1.0
    assert t1.loc[("ros", 1, "lr"), "roc_auc"] < 0.45
    # SMOTE interpolates integer columns into fractions
    assert t2.loc[("smote", 1), "non_integer_share"] > 0.5
    assert t2.loc[("ros", 1), "non_integer_share"] == 0.0
    assert "Table 1" in cmp.summary() and "Table 2" in cmp.summary()


def test_domain_profile_counts_active_features():
    real = pd.DataFrame({"a": [1, 1, 0, 1], "b": [1, 0, 1, 1], "n": [1, 2, 3, 4]})
    fake = pd.DataFrame({"a": [0.5, 1, 0, 1], "b": [1, 0, 0, 1], "n": [1.5, 9, 3, 4]})
    prof = domain_profile(real, fake)
    assert prof["active_real"] == pytest.approx(1.5)
    assert prof["active_synthetic"] == pytest.approx(1.0)
    assert prof["non_integer_share"] == pytest.approx(2 / 12)
    assert prof["out_of_range_share"] == pytest.approx(1 / 12)
    assert prof["exact_copy_share"] == pytest.approx(0.25)


# ----------------------------------------------------------------- bad input


@pytest.mark.parametrize(
    "real, fake, match",
    [
        (np.empty((0, 2)), np.ones((5, 2)), "`real` has 0 rows"),
        (np.ones((5, 2)), np.ones((5, 3)), "same columns"),
        (np.array([[np.nan, 1.0]] * 5), np.ones((5, 2)), "NaN"),
        (np.ones((5, 2)), np.array([[np.inf, 1.0]] * 5), "infinite"),
        (np.ones((3, 2)), np.ones((3, 2)), "fewer than cv=5"),
    ],
)
def test_audit_bad_input(real, fake, match):
    with pytest.raises(ValueError, match=match):
        audit(real, fake, detectors={"lr": LogisticRegression()})


def test_audit_different_column_names():
    a = pd.DataFrame({"x": range(10), "y": range(10)})
    b = pd.DataFrame({"x": range(10), "z": range(10)})
    with pytest.raises(ValueError, match="missing from `synthetic`"):
        audit(a, b, detectors={"lr": LogisticRegression()})


def test_detector_without_predict_proba():
    with pytest.raises(TypeError, match="predict_proba"):
        audit(np.ones((10, 2)), np.zeros((10, 2)), detectors=[LinearSVC()])


def test_sampler_that_adds_no_rows(blobs):
    X, y = blobs
    with pytest.raises(ValueError, match="added no rows"):
        audit_sampler(
            RandomOverSampler(sampling_strategy={1: 80}),
            X,
            y,
            protocol="paper",
            detectors={"lr": LogisticRegression()},
        )


def test_under_sampler_refused(blobs):
    X, y = blobs
    with pytest.raises(ValueError, match="must be an over-sampler"):
        audit_sampler(RandomUnderSampler(), X, y)


def test_bad_protocol_and_small_class(blobs):
    X, y = blobs
    with pytest.raises(ValueError, match="`protocol`"):
        audit_sampler(SMOTE(), X, y, protocol="other")
    with pytest.raises(ValueError, match="hold-out protocol needs"):
        audit_sampler(
            SMOTE(k_neighbors=2),
            X[:328],
            y[:328],
            detectors={"lr": LogisticRegression()},
        )


def test_json_round_trips_of_every_result(blobs, tmp_path):
    X, y = blobs
    lr = {"lr": LogisticRegression()}
    cmp = compare_samplers(
        X, y, {"smote": SMOTE(random_state=0)}, detectors=lr, random_state=0
    )
    again = Comparison.from_json(cmp.to_json())
    pd.testing.assert_frame_equal(again.table1, cmp.table1, check_dtype=False)
    pd.testing.assert_frame_equal(again.table2, cmp.table2, check_dtype=False)
    assert again.to_dict() == cmp.to_dict()
    assert again.audits["smote"]["holdout"].gap == pytest.approx(
        cmp.audits["smote"]["holdout"].gap
    )
    assert cmp.to_frame("table2") is cmp.table2
    hold = cmp.audits["smote"]["holdout"]
    path = tmp_path / "hold.json"
    hold.to_json(path)
    assert SamplerAudit.from_json(path).to_dict() == hold.to_dict()
    res = audit(X[y == 1], X[y == 0][:80], detectors=lr, random_state=0)
    assert AuditResult.from_json(res.to_json()).to_dict() == res.to_dict()
