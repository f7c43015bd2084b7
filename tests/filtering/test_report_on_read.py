"""``report_`` is computed when first read, from what the fit kept, and cached;
the class-overlap measure in it, and the report's plain-words warnings."""

import pickle
import warnings

import numpy as np
import pandas as pd
import pytest
from sklearn.base import BaseEstimator
from sklearn.datasets import make_classification
from sklearn.exceptions import NotFittedError
from sklearn.utils.validation import check_is_fitted

import synthsieve.filtering._report_basis as basis_module
import synthsieve.report._report as report_module
from synthsieve import FilteredOverSampler, SynthsieveWarning, class_overlap
from synthsieve.report._class_overlap import (
    OVERLAP_EXCESS,
    RealSample,
    overlap_shares,
)

FAST = {"detector": "logreg", "random_state": 0}


@pytest.fixture(scope="module")
def data():
    X, y = make_classification(
        n_samples=400, n_features=4, weights=[0.8], random_state=0
    )
    return X, y


@pytest.fixture
def counted(monkeypatch):
    """Count the report's builds; the audit raises while `state["audit"]` is
    False."""
    state = {"builds": 0, "audit": False}
    build, audit = basis_module.build_report, report_module.audit

    def counting_build(*args, **kwargs):
        state["builds"] += 1
        return build(*args, **kwargs)

    def guarded_audit(*args, **kwargs):
        if not state["audit"]:
            raise AssertionError("the audit ran during the fit")
        return audit(*args, **kwargs)

    monkeypatch.setattr(basis_module, "build_report", counting_build)
    monkeypatch.setattr(report_module, "audit", guarded_audit)
    return state


def test_the_fit_runs_no_audit_and_the_first_read_computes_once(data, counted):
    X, y = data
    sampler = FilteredOverSampler(**FAST)
    sampler.fit_resample(X, y)  # the audit would raise
    assert counted["builds"] == 0
    counted["audit"] = True
    report = sampler.report_
    assert counted["builds"] == 1
    assert "after" in report.classes[1]  # the audit ran on read
    assert sampler.report_ is report  # cached
    sampler.report_.summary()
    sampler.report_.to_json()
    assert counted["builds"] == 1


def test_an_unfitted_sampler_has_no_report():
    sampler = FilteredOverSampler()
    with pytest.raises(NotFittedError, match="not fitted yet.*report_"):
        sampler.report_
    assert not hasattr(sampler, "report_")
    assert isinstance(NotFittedError(), AttributeError)


def test_a_fitted_sampler_has_a_report_and_is_fitted(data):
    X, y = data
    sampler = FilteredOverSampler(**FAST)
    sampler.fit_resample(X, y)
    check_is_fitted(sampler)
    assert hasattr(sampler, "report_")


def test_the_same_report_before_and_after_pickling(data, counted):
    X, y = data
    counted["audit"] = True
    sampler = FilteredOverSampler(**FAST)
    sampler.fit_resample(X, y)
    unread = pickle.loads(pickle.dumps(sampler))  # pickled before any read
    assert counted["builds"] == 0
    direct = sampler.report_.to_json()
    assert unread.report_.to_json() == direct
    assert counted["builds"] == 2
    # pickled after reading: the cached report travels, nothing is recomputed
    read = pickle.loads(pickle.dumps(sampler))
    assert read.report_.to_json() == direct
    assert counted["builds"] == 2


def test_the_same_report_for_the_same_seed(data):
    X, y = data
    one = FilteredOverSampler(**FAST)
    one.fit_resample(X, y)
    two = FilteredOverSampler(**FAST)
    two.fit_resample(X, y)
    assert one.report_.to_json() == two.report_.to_json()


def test_a_new_fit_forgets_the_old_report(data):
    X, y = data
    sampler = FilteredOverSampler(**FAST)
    sampler.fit_resample(X, y)
    first = sampler.report_
    sampler.fit_resample(X[:300], y[:300])
    assert sampler.report_ is not first
    assert sampler.report_.classes[1]["n_real"] == int((y[:300] == 1).sum())


def test_the_audit_verdict_warns_when_read_not_at_fit(data, monkeypatch):
    X, y = data
    monkeypatch.setattr(basis_module, "no_gain_reason", lambda entry: "it did not")
    sampler = FilteredOverSampler(**FAST)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        sampler.fit_resample(X, y)
    assert not [w for w in caught if "did not help" in str(w.message)]
    with pytest.warns(SynthsieveWarning, match="did not help class 1: it did not"):
        report = sampler.report_
    assert report.classes[1]["no_help"] == "it did not"
    assert "the filter changed little for this class: it did not" in report.summary()
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        sampler.report_  # cached: warned once


def test_the_kept_sample_is_bounded(monkeypatch):
    monkeypatch.setattr(basis_module, "REPORT_ROWS", 50)
    import synthsieve.filtering._sampler as sampler_module

    monkeypatch.setattr(sampler_module, "REPORT_ROWS", 50)
    X, y = make_classification(400, 4, weights=[0.8], random_state=0)
    sampler = FilteredOverSampler(detector="logreg", auditors=None, random_state=0)
    sampler.fit_resample(X, y)
    kept = sampler._report_basis
    assert kept.report is None
    assert {len(kept.real_sample.of(c)) for c in (0, 1)} == {50}
    assert kept.real_sample.counts == {0: int((y == 0).sum()), 1: int((y == 1).sum())}
    (outcome,) = kept.outcomes
    rows = outcome.sample
    assert len(rows.real) == len(rows.raw) == len(rows.accepted) == 50
    assert outcome.n_real == int((y == 1).sum())
    assert outcome.audit_rows == 50
    c = sampler.report_.classes[1]
    assert c["accepted"] == int((y == 0).sum() - (y == 1).sum())  # counts: all rows
    assert c["diversity"]["accepted"]["n_rows"] == 50


# ------------------------------------------------------------ class overlap


def test_overlap_is_class_overlap_on_small_data(data):
    X, y = data
    sampler = FilteredOverSampler(**FAST)
    X_res, _ = sampler.fit_resample(X, y)
    c = sampler.report_.classes[1]
    expected = class_overlap(X, y, X_res[len(X) :], 1)
    assert c["overlap_real"] == pytest.approx(expected["real"])
    assert c["overlap_accepted"] == pytest.approx(expected["synthetic"])
    assert 0 <= c["overlap_raw"] <= 1
    frame = sampler.report_.to_frame("classes")
    assert {"overlap_real", "overlap_raw", "overlap_accepted"} <= set(frame.columns)
    again = type(sampler.report_).from_json(sampler.report_.to_json())
    for key in ("overlap_real", "overlap_raw", "overlap_accepted"):
        assert again.classes[1][key] == pytest.approx(c[key])
    assert "class overlap (share of other classes among the 5 nearest" in (
        sampler.report_.summary()
    )
    assert "Class overlap" in sampler.report_.to_html()


def test_overlap_weighs_sampled_classes_back_to_their_size():
    """With a class sampled, each of its kept rows votes for the rows it stands
    for: the share stays near the full data's (unweighted, it would not)."""
    rng = np.random.default_rng(0)
    X = np.vstack([rng.normal(0, 1, (2000, 2)), rng.normal(1, 1, (200, 2))])
    y = np.r_[np.zeros(2000, int), np.ones(200, int)]
    truth = class_overlap(X, y, X[:1], 1)["real"]
    sampler = FilteredOverSampler(
        detector="logreg", auditors=None, random_state=0, sampling_strategy={1: 400}
    )
    sampler.fit_resample(X, y)
    kept = sampler._report_basis.real_sample
    assert kept.counts[0] == 2000 and len(kept.of(0)) == 1000  # sampled
    weighted = sampler.report_.classes[1]["overlap_real"]
    assert weighted == pytest.approx(truth, abs=0.06)
    unweighted = RealSample(kept.rows, kept.y, counts={})
    assert overlap_shares(unweighted, 1, {})["overlap_real"] < weighted - 0.03


class _IntoTheOtherClass(BaseEstimator):
    """Proposes rows of the over-sampled class next to other classes' rows."""

    def __init__(self, sampling_strategy="auto", random_state=None):
        self.sampling_strategy = sampling_strategy
        self.random_state = random_state

    def fit_resample(self, X, y):
        rng = np.random.default_rng(self.random_state)
        ((label, total),) = self.sampling_strategy.items()
        n = total - int((np.asarray(y) == label).sum())
        others = np.asarray(X, dtype=float)[np.asarray(y) != label]
        new = others[rng.integers(len(others), size=n)]
        new = new + rng.normal(0, 0.3, new.shape)
        X_out = pd.concat([X, pd.DataFrame(new, columns=X.columns)], ignore_index=True)
        return X_out, np.r_[np.asarray(y), np.full(n, label)]


def test_the_summary_says_when_the_accepted_rows_sit_in_other_classes():
    rng = np.random.default_rng(0)
    X = np.vstack([rng.normal(0, 1, (300, 2)), rng.normal(3, 1, (60, 2))])
    y = np.r_[np.zeros(300, int), np.ones(60, int)]
    sampler = FilteredOverSampler(
        sampler=_IntoTheOtherClass(),
        detector=None,
        class_consistency=None,
        auditors=None,
        random_state=0,
    )
    sampler.fit_resample(X, y)
    report = sampler.report_
    c = report.classes[1]
    assert c["overlap_accepted"] - c["overlap_real"] > OVERLAP_EXCESS
    text = report.summary()
    assert (
        "the accepted rows sit deeper in other classes' regions than the real rows"
        in text
    )
    assert "false positives" in text
    assert "turn on `class_consistency`" in text
    assert "Deeper in other classes' regions" in report.to_html()

    # with the stage on, the advice is to lower it, or to use a quantile
    def advice(setting):
        return type(report)(
            classes=report.classes, extra={"class_consistency": setting}
        ).summary()

    assert "lower `class_consistency` (it was 0.75)" in advice(0.75)
    assert "class_consistency='base'); a number such as 0.5" in advice("base")


def test_the_summary_stays_quiet_when_the_rows_keep_to_their_class(data):
    X, y = data
    sampler = FilteredOverSampler(**FAST)
    sampler.fit_resample(X, y)
    c = sampler.report_.classes[1]
    assert c["overlap_accepted"] - c["overlap_real"] <= OVERLAP_EXCESS
    assert "deeper in other classes' regions" not in sampler.report_.summary()
