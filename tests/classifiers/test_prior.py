"""PriorCorrectedClassifier: a resampling pipeline's probabilities under the
real class prior."""

import numpy as np
import pytest
from imblearn.over_sampling import RandomOverSampler
from imblearn.pipeline import make_pipeline
from imblearn.under_sampling import RandomUnderSampler
from sklearn.base import clone
from sklearn.datasets import make_classification
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import brier_score_loss, roc_auc_score
from sklearn.utils.estimator_checks import parametrize_with_checks

from synthsieve import FilteredOverSampler, PriorCorrectedClassifier


@pytest.fixture
def data():
    return make_classification(
        2000, n_features=5, weights=[0.95], class_sep=0.8, random_state=0
    )


def _pipe():
    return make_pipeline(RandomOverSampler(random_state=0), LogisticRegression())


def test_probabilities_follow_the_real_prior_and_keep_the_ranking(data):
    X, y = data
    train, test = np.arange(0, 2000, 2), np.arange(1, 2000, 2)
    raw = _pipe().fit(X[train], y[train])
    fixed = PriorCorrectedClassifier(_pipe()).fit(X[train], y[train])
    p_raw = raw.predict_proba(X[test])[:, 1]
    p_fix = fixed.predict_proba(X[test])[:, 1]
    np.testing.assert_allclose(fixed.predict_proba(X[test]).sum(axis=1), 1.0)
    # the balanced pipeline overstates the minority; corrected, it does not
    assert p_raw.mean() > 2 * y.mean()
    assert abs(p_fix.mean() - y[test].mean()) < 0.03
    assert brier_score_loss(y[test], p_fix) < brier_score_loss(y[test], p_raw)
    assert roc_auc_score(y[test], p_fix) == pytest.approx(roc_auc_score(y[test], p_raw))
    np.testing.assert_allclose(fixed.resampled_prior_, [0.5, 0.5])
    np.testing.assert_allclose(fixed.train_prior_, np.bincount(y[train]) / len(train))


def test_the_filters_accepted_rows_are_counted(data):
    """With a shortfall the filter adds fewer rows than its strategy asks: the
    rows it accepted set the learned prior."""
    X, y = data
    sampler = FilteredOverSampler(
        detector="logreg",
        auditors=None,
        acceptance="rate",
        rejection_rate=0.5,
        candidate_factor=1.0,
        max_rounds=1,
        shortfall="return",
        random_state=0,
    )
    clf = PriorCorrectedClassifier(make_pipeline(sampler, LogisticRegression()))
    with pytest.warns(UserWarning):
        clf.fit(X, y)
    fitted = clf.estimator_.steps[0][1]
    added = len(fitted.accepted_)
    assert added < fitted.sampling_strategy_[1]
    n0, n1 = np.bincount(y)
    np.testing.assert_allclose(
        clf.resampled_prior_, [n0 / (n0 + n1 + added), (n1 + added) / (n0 + n1 + added)]
    )


def test_a_classifier_alone_is_left_as_it_is(data):
    X, y = data
    clf = PriorCorrectedClassifier(LogisticRegression()).fit(X, y)
    np.testing.assert_allclose(clf.weights_, 1.0)
    np.testing.assert_allclose(
        clf.predict_proba(X), LogisticRegression().fit(X, y).predict_proba(X)
    )


def test_under_samplers_are_refused_by_name(data):
    X, y = data
    pipe = make_pipeline(RandomUnderSampler(random_state=0), LogisticRegression())
    with pytest.raises(
        ValueError, match="RandomUnderSampler resamples by 'under-sampling'"
    ):
        PriorCorrectedClassifier(pipe).fit(X, y)


def test_clone_keeps_the_estimator(data):
    clf = clone(PriorCorrectedClassifier(_pipe()))
    assert isinstance(clf.estimator, type(_pipe()))


@parametrize_with_checks([PriorCorrectedClassifier(LogisticRegression())])
def test_scikit_learn_conventions(estimator, check):
    check(estimator)
