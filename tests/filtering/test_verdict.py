"""The filter says when it did not help a class, and why."""

import warnings
from dataclasses import replace
from types import SimpleNamespace

import numpy as np
from sklearn.datasets import make_classification
from sklearn.dummy import DummyClassifier

from synthsieve import FilteredOverSampler, SynthsieveWarning
from synthsieve.filtering._verdict import no_help_reason
from synthsieve.report import ClassMeasures, ClassOutcome


def _audit(auc, n_real=200, n_synthetic=800):
    return SimpleNamespace(roc_auc=auc, n_real=n_real, n_synthetic=n_synthetic)


def _entry(before, after, accepted=500, detectable=1500):
    """A measured class result, as the verdict reads it (attributes only)."""
    return ClassOutcome(
        label=1,
        needed=accepted,
        accepted=accepted,
        rejected={"detectable": detectable},
        measures=ClassMeasures(before=_audit(before), after=_audit(after)),
    )


def test_a_filter_that_lowered_detectability_is_not_flagged():
    assert no_help_reason(_entry(0.75, 0.58)) == ""
    assert no_help_reason(_entry(0.30, 0.45)) == ""  # copy-like raw rows, fixed


def test_no_gain_beyond_chance_is_named_with_both_aucs():
    reason = no_help_reason(_entry(0.75, 0.76))
    assert "0.75 before, 0.76 after" in reason
    # copy-like (below 0.5) counts as detectable too
    assert "before" in no_help_reason(_entry(0.25, 0.24))


def test_differences_within_chance_are_not_called_a_failure():
    # raw candidates no more detectable than chance moves an AUC on these counts
    assert no_help_reason(_entry(0.53, 0.54)) == ""
    # a small class: the same AUCs are noise
    small = _entry(0.58, 0.59)
    small = replace(
        small,
        measures=replace(
            small.measures, before=_audit(0.58, n_real=20, n_synthetic=60)
        ),
    )
    assert no_help_reason(small) == ""


def test_a_detector_that_removes_almost_nothing_is_named():
    reason = no_help_reason(_entry(0.6, 0.4, accepted=950, detectable=50))
    assert "turned down only 50 of the 1,000 candidates" in reason


def test_a_fit_whose_detector_cannot_tell_warns_and_notes_it():
    X, y = make_classification(600, 5, weights=[0.85], random_state=0)
    sampler = FilteredOverSampler(detector=DummyClassifier(), random_state=0)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        sampler.fit_resample(X, y)
    ours = [str(w.message) for w in caught if w.category is SynthsieveWarning]
    assert any(m.startswith("The filter did not help class 1:") for m in ours)
    reason = sampler.report_.classes[1]["no_help"]
    assert "turned down only" in reason
    assert (
        "the filter changed little for this class: the detector turned down only"
        in sampler.report_.summary()
    )
    assert np.isfinite(sampler.report_.classes[1]["after"].roc_auc)


def test_a_fit_that_helps_stays_silent():
    X, y = make_classification(600, 5, weights=[0.85], random_state=0)
    sampler = FilteredOverSampler(random_state=0)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        sampler.fit_resample(X, y)
    assert not [w for w in caught if "did not help" in str(w.message)]
    assert "note" not in sampler.report_.classes[1]
    assert "no_help" not in sampler.report_.classes[1]
