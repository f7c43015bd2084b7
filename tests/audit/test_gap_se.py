"""Tests of ClassAudit.gap_se and n_splits: the noise of the detectability gap."""

import numpy as np
import pytest
from imblearn.over_sampling import SMOTE
from sklearn.linear_model import LogisticRegression

from synthsieve import AuditResult, ClassAudit, DetectorResult, audit_sampler


def _audit(aucs: dict) -> AuditResult:
    """An AuditResult whose detectors have the given ROC AUCs (nothing else)."""
    detectors = {
        name: DetectorResult(
            name=name,
            metrics={"roc_auc": auc},
            confusion_matrix=np.zeros((2, 2), dtype=int),
            roc_curve=(np.array([]), np.array([])),
            pr_curve=(np.array([]), np.array([])),
            labels=np.array([], dtype=int),
            scores=np.array([]),
        )
        for name, auc in aucs.items()
    }
    return AuditResult(
        detectors=detectors, n_real=20, n_synthetic=20, n_used=20, n_subsamples=1
    )


def _class_audit(synthetic: list, reference: list) -> ClassAudit:
    return ClassAudit(
        label=1,
        synthetic=[_audit(a) for a in synthetic],
        reference=[_audit(a) for a in reference],
        copy_share=0.0,
        n_real=40,
    )


# Three splits; hgb is the worst auditor. Per split, hgb's synthetic AUC (mean of
# the two swapped halves) minus its reference: 0.30, 0.22, 0.40.
SWAPPED = [
    {"hgb": 0.80, "lr": 0.55},
    {"hgb": 0.84, "lr": 0.53},
    {"hgb": 0.70, "lr": 0.50},
    {"hgb": 0.74, "lr": 0.52},
    {"hgb": 0.90, "lr": 0.49},
    {"hgb": 0.86, "lr": 0.51},
]
ONE_WAY = [
    {"hgb": 0.82, "lr": 0.54},
    {"hgb": 0.72, "lr": 0.51},
    {"hgb": 0.88, "lr": 0.5},
]
REFERENCE = [
    {"hgb": 0.52, "lr": 0.50},
    {"hgb": 0.50, "lr": 0.49},
    {"hgb": 0.48, "lr": 0.51},
]


@pytest.mark.parametrize("synthetic", [SWAPPED, ONE_WAY], ids=["swapped", "one-way"])
def test_gap_se_is_the_standard_error_of_the_per_split_differences(synthetic):
    ca = _class_audit(synthetic, REFERENCE)
    diffs = np.array([0.30, 0.22, 0.40])
    assert ca.n_splits == 3
    assert ca.worst_auditor == "hgb"
    assert ca.gap == pytest.approx(diffs.mean())
    assert ca.gap_se == pytest.approx(np.std(diffs, ddof=1) / np.sqrt(3))


def test_gap_se_is_nan_with_one_split():
    ca = _class_audit(SWAPPED[:2], REFERENCE[:1])
    assert ca.n_splits == 1
    assert ca.gap == pytest.approx(0.30)
    assert np.isnan(ca.gap_se)


def test_gap_se_refuses_unpaired_audits():
    ca = _class_audit(SWAPPED[:3], REFERENCE[:2])
    with pytest.raises(ValueError, match="3 synthetic and 2 reference audits"):
        ca.gap_se


def test_gap_se_of_a_holdout_audit():
    rng = np.random.default_rng(0)
    X = rng.normal(size=(200, 3))
    y = np.r_[np.zeros(160, dtype=int), np.ones(40, dtype=int)]
    result = audit_sampler(
        SMOTE(random_state=0),
        X,
        y,
        detectors={"lr": LogisticRegression()},
        n_repeats=3,
        random_state=0,
    )
    ca = result.classes[1]
    assert ca.n_splits == 3 and len(ca.synthetic) == 6
    assert np.isfinite(ca.gap_se) and ca.gap_se >= 0
