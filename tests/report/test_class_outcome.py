"""One frozen, typed result per class is what the report, its summary, tables,
JSON, HTML, plots and the verdict read: attributes, never a dict's keys."""

from __future__ import annotations

import dataclasses
import pickle
import warnings

import numpy as np
import pandas as pd
import pytest
from sklearn.datasets import make_classification
from sklearn.dummy import DummyClassifier
from sklearn.linear_model import LogisticRegression

import synthsieve.filtering._report_basis as basis_module
from synthsieve import FilteredOverSampler, SieveReport, SynthsieveWarning
from synthsieve.report import ClassMeasures, ClassOutcome, ClassSample

SECTIONS = ("classes", "detectability", "holdout", "shift", "profile", "diversity")


def _outcome(**changes) -> ClassOutcome:
    real = pd.DataFrame({"a": [0.0, 1.0, 2.0]})
    fields = {
        "label": 1,
        "n_real": 3,
        "needed": 4,
        "candidates": 9,
        "accepted": 3,
        "rounds": 2,
        "rejected": {"copy": 2, "detectable": 4},
        "jitter": 0.5,
        "sample": ClassSample(
            real=real,
            raw=real,
            accepted=real,
            real_scores=None,
            accepted_scores=np.array([0.2, 0.3, 0.4]),
        ),
    }
    return ClassOutcome(**{**fields, **changes})


@pytest.fixture(scope="module")
def fitted():
    """A fit whose report has audits, a shortfall filled and a verdict."""
    X, y = make_classification(600, 5, weights=[0.85], random_state=0)
    sampler = FilteredOverSampler(
        detector=DummyClassifier(),
        auditors={"lr": LogisticRegression()},
        random_state=0,
    )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        sampler.fit_resample(X, y)
        sampler.report_
    return sampler


# ------------------------------------------------------------------ frozen


def test_the_result_its_measures_and_its_rows_are_frozen():
    outcome = _outcome()
    for obj, name in (
        (outcome, "accepted"),
        (outcome, "no_help"),
        (outcome.measures, "after"),
        (outcome.sample, "accepted"),
    ):
        with pytest.raises(dataclasses.FrozenInstanceError):
            setattr(obj, name, None)
    changed = dataclasses.replace(outcome, no_help="why")
    assert changed.no_help == "why" and outcome.no_help == ""


def test_the_counts_are_a_copy_of_what_was_given():
    counts = {"copy": 2}
    outcome = _outcome(rejected=counts)
    counts["copy"] = 99
    assert outcome.rejected == {"copy": 2}


def test_measures_derived_on_read():
    outcome = _outcome(filled=1)
    assert outcome.shortfall == 1
    assert outcome.detectable == 4
    assert outcome.scored == 3 - 1 + 4
    measures = ClassMeasures(overlap_real=0.1, overlap_accepted=0.3)
    assert measures.overlap == {"real": 0.1, "accepted": 0.3}
    assert measures.overlap_excess == pytest.approx(0.2)
    assert ClassMeasures(overlap_real=float("nan")).overlap_excess is None
    assert not measures.audited


# ------------------------------------------------------------- reads no dict


@pytest.fixture
def no_mapping_read(monkeypatch):
    """The mapping read of earlier versions raises: only attributes work."""

    def refuse(self, *args, **kwargs):
        raise AssertionError(f"a class result was read by key: {args!r}")

    for name in ("__getitem__", "__contains__", "get", "keys", "_mapping"):
        monkeypatch.setattr(ClassOutcome, name, refuse)


def test_the_report_reads_attributes_only(no_mapping_read):
    X, y = make_classification(400, 4, weights=[0.8], random_state=0)
    sampler = FilteredOverSampler(
        detector="logreg", auditors={"lr": LogisticRegression()}, random_state=0
    )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        sampler.fit_resample(X, y)
    report = sampler.report_  # the verdict runs here
    assert isinstance(report.classes[1], ClassOutcome)
    assert report.classes[1].measures.after is not None
    text = report.summary()
    assert "class 1:" in text
    for section in SECTIONS:
        report.to_frame(section)
    again = SieveReport.from_json(report.to_json())
    assert again.summary() == text
    assert again.to_dict() == report.to_dict()
    pytest.importorskip("matplotlib")
    assert "<!DOCTYPE html>" in report.to_html()


def test_the_verdict_works_from_the_typed_result(no_mapping_read, monkeypatch):
    monkeypatch.setattr(basis_module, "no_gain_reason", lambda outcome: "it did not")
    X, y = make_classification(400, 4, weights=[0.8], random_state=0)
    sampler = FilteredOverSampler(detector="logreg", random_state=0)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        sampler.fit_resample(X, y)
    with pytest.warns(SynthsieveWarning, match="did not help class 1: it did not"):
        report = sampler.report_
    (kept,) = sampler._report_basis.outcomes
    assert report.classes[1].no_help == "it did not"
    assert kept.no_help == ""  # a new result, the kept one untouched
    assert report.classes[1].sample is None and kept.sample is not None


def test_the_fit_verdict_travels_on_the_result(fitted):
    (kept,) = fitted._report_basis.outcomes
    assert kept.no_help.startswith("the detector turned down only")
    assert fitted.report_.classes[1].no_help == kept.no_help


# ------------------------------------------------------------------- edges


def test_json_is_the_edge_and_round_trips(fitted):
    outcome = fitted.report_.classes[1]
    entry = outcome.to_dict()
    assert entry["label"] == 1 and entry["no_help"] == outcome.no_help
    assert set(entry) >= {"n_real", "rejected", "before", "after", "diversity"}
    back = ClassOutcome.from_dict(entry)
    assert back.to_dict() == entry
    assert back.measures.after.roc_auc == outcome.measures.after.roc_auc


def test_the_mapping_read_of_earlier_versions_still_answers(fitted):
    c = fitted.report_.classes[1]
    assert c["accepted"] == c.accepted and c["rejected"] == c.rejected
    assert c["after"] is c.measures.after
    assert c["no_help"] == c.no_help
    assert "before" in c and ("note" in c) == bool(c.note)
    assert c.get("note", "") == c.note
    with pytest.raises(KeyError):
        c["no_such_key"]


def test_a_report_made_from_dicts_holds_typed_results():
    report = SieveReport(
        {
            1: {
                "n_real": 4,
                "needed": 4,
                "candidates": 9,
                "accepted": 4,
                "rounds": 1,
                "rejected": {"copy": 3, "detectable": 2},
            }
        }
    )
    c = report.classes[1]
    assert isinstance(c, ClassOutcome)
    assert (c.label, c.candidates, c.filled, c.rejected["copy"]) == (1, 9, 0, 3)
    assert c.measures == ClassMeasures()
    assert "rejected: copy 3, detectable 2" in report.summary()


def test_a_report_pickled_with_dict_classes_is_read_into_typed_results(fitted):
    report = fitted.report_
    legacy = {label: dict(c._mapping()) for label, c in report.classes.items()}
    old = object.__new__(SieveReport)
    old.__setstate__({**report.__dict__, "classes": legacy})
    assert isinstance(old.classes[1], ClassOutcome)
    assert old.to_dict() == report.to_dict()
    again = pickle.loads(pickle.dumps(report))
    assert again.to_json() == report.to_json()
