"""BiasCorrectedClassifier: the bias of synthetic rows, estimated on the majority
class, corrected; the scikit-learn API."""

import pickle

import numpy as np
import pandas as pd
import pytest
from imblearn.over_sampling import SMOTE, RandomOverSampler
from imblearn.over_sampling.base import BaseOverSampler
from scipy.special import expit, logit
from sklearn.base import clone
from sklearn.ensemble import RandomForestClassifier
from sklearn.linear_model import LogisticRegression
from sklearn.svm import LinearSVC
from sklearn.utils._param_validation import InvalidParameterError
from sklearn.utils.estimator_checks import parametrize_with_checks

from synthsieve.classifiers._bias_corrected import BiasCorrectedClassifier


# No check is skipped: the classifier passes all of scikit-learn's (binary
# only, declared by its `multi_class` tag).
@parametrize_with_checks([BiasCorrectedClassifier(n_splits=2, random_state=0)])
def test_sklearn_compatible(estimator, check):
    check(estimator)


class ShiftedSMOTE(BaseOverSampler):
    """SMOTE whose new rows are all moved by `shift`: a generator biased the
    same way for every class (the paper's transfer assumption)."""

    _parameter_constraints = {
        **BaseOverSampler._parameter_constraints,
        "shift": [list, tuple, np.ndarray],
        "random_state": ["random_state"],
    }

    def __init__(
        self, *, sampling_strategy="auto", shift=(0.0, 0.0), random_state=None
    ):
        super().__init__(sampling_strategy=sampling_strategy)
        self.shift = shift
        self.random_state = random_state

    def _fit_resample(self, X, y):
        smote = SMOTE(
            sampling_strategy=self.sampling_strategy, random_state=self.random_state
        )
        X_res, y_res = smote.fit_resample(X, y)
        X_res = np.array(X_res, dtype=float)
        X_res[len(X) :] += np.asarray(self.shift, dtype=float)
        return X_res, y_res


def _gaussians(seed, n0=800, n1=40):
    rng = np.random.RandomState(seed)
    X = np.vstack([rng.normal(0, 1, (n0, 2)), rng.normal(2, 1, (n1, 2))])
    return X, np.r_[np.zeros(n0, dtype=int), np.ones(n1, dtype=int)]


@pytest.mark.parametrize("shift", [(-0.7, -0.7), (0.3, 0.3), (-0.3, -0.3)])
def test_correction_moves_a_biased_generator_towards_the_unbiased_model(shift):
    X, y = _gaussians(seed=0)
    X_test, _ = _gaussians(seed=100)
    # the model trained on unbiased synthetic rows: the target of the correction
    unbiased = BiasCorrectedClassifier(sampler=SMOTE(random_state=0), random_state=0)
    target = unbiased.fit(X, y).estimator_.predict_proba(X_test)[:, 1]
    biased = BiasCorrectedClassifier(
        sampler=ShiftedSMOTE(shift=shift, random_state=0), random_state=0
    ).fit(X, y)
    raw = biased.estimator_.predict_proba(X_test)[:, 1]
    corrected = biased.predict_proba(X_test)[:, 1]
    err_raw = np.mean(np.abs(raw - target))
    err_corrected = np.mean(np.abs(corrected - target))
    assert err_corrected < 0.6 * err_raw
    # rows moved towards the minority class score higher: the gap says so, and
    # the minority log-odds are raised (bias_ < 0); the other way round too
    assert np.sign(biased.synthetic_gap_) == np.sign(shift[0])
    assert np.sign(biased.bias_) == -np.sign(shift[0])


def test_bias_is_the_newton_step_of_the_corrected_risk():
    X, y = _gaussians(seed=1)
    clf = BiasCorrectedClassifier(
        sampler=ShiftedSMOTE(shift=(-0.5, -0.5), random_state=0), random_state=0
    ).fit(X, y)
    # the shift of the log-odds is the same everywhere, and bias_ is its size
    z_raw = logit(clf.estimator_.predict_proba(X)[:, 1])
    np.testing.assert_allclose(clf.decision_function(X), z_raw - clf.bias_)
    np.testing.assert_allclose(clf.predict_proba(X)[:, 1], expit(z_raw - clf.bias_))
    assert clf.n_synthetic_ == 760
    # bias_ = -(m / n) * gap / mean sigmoid'(s) over the augmented training rows
    X_aug, _ = clf.sampler_.fit_resample(X, y)
    p = clf.estimator_.predict_proba(X_aug)[:, 1]
    expected = -(760 / 1600) * clf.synthetic_gap_ / np.mean(p * (1 - p))
    assert clf.bias_ == pytest.approx(expected, rel=1e-9)


def test_an_unbiased_copy_generator_needs_little_correction():
    # random over-sampling copies real rows: synthetic majority rows are real
    # rows, and score like the held-out ones up to noise and training fit
    X, y = _gaussians(seed=2)
    clf = BiasCorrectedClassifier(
        sampler=RandomOverSampler(random_state=0), random_state=0
    ).fit(X, y)
    shifted = BiasCorrectedClassifier(
        sampler=ShiftedSMOTE(shift=(-0.7, -0.7), random_state=0), random_state=0
    ).fit(X, y)
    assert abs(clf.bias_) < 0.5 * abs(shifted.bias_)


def test_no_synthetic_rows_no_correction():
    X, y = _gaussians(seed=0, n0=50, n1=50)
    clf = BiasCorrectedClassifier(random_state=0).fit(X, y)
    assert clf.n_synthetic_ == 0 and clf.bias_ == 0.0
    np.testing.assert_allclose(
        clf.predict_proba(X), clf.estimator_.predict_proba(X), atol=1e-12
    )


def test_deterministic_independent_of_global_rng_and_input_untouched():
    X, y = _gaussians(seed=3, n0=300, n1=30)
    X_before, y_before = X.copy(), y.copy()
    np.random.seed(1)
    one = BiasCorrectedClassifier(random_state=0).fit(X, y)
    np.random.seed(2)
    two = BiasCorrectedClassifier(random_state=0).fit(X, y)
    assert one.bias_ == two.bias_
    np.testing.assert_array_equal(one.predict_proba(X), two.predict_proba(X))
    np.testing.assert_array_equal(X, X_before)
    np.testing.assert_array_equal(y, y_before)
    other = BiasCorrectedClassifier(random_state=1).fit(X, y)
    assert other.bias_ != one.bias_


def test_minority_label_first_in_sorted_order():
    X, y = _gaussians(seed=0, n0=300, n1=30)
    labels = np.where(y == 1, "a", "b")  # minority "a" is classes_[0]
    sampler = ShiftedSMOTE(shift=(-0.5, -0.5), random_state=0)
    clf = BiasCorrectedClassifier(sampler=sampler, random_state=0).fit(X, labels)
    ref = BiasCorrectedClassifier(sampler=sampler, random_state=0).fit(X, y)
    assert clf.minority_class_ == "a"
    assert clf.bias_ == pytest.approx(ref.bias_, rel=1e-9)
    np.testing.assert_allclose(
        clf.predict_proba(X)[:, 0], ref.predict_proba(X)[:, 1], rtol=1e-9
    )
    assert set(clf.predict(X)) <= {"a", "b"}


def test_any_probabilistic_estimator_and_pandas_in():
    X, y = _gaussians(seed=4, n0=300, n1=30)
    frame = pd.DataFrame(X, columns=["dose", "age"])
    clf = BiasCorrectedClassifier(
        estimator=RandomForestClassifier(n_estimators=20, random_state=0),
        n_splits=3,
        random_state=0,
    ).fit(frame, pd.Series(y, name="target"))
    assert list(clf.feature_names_in_) == ["dose", "age"]
    assert isinstance(clf.estimator_, RandomForestClassifier)
    assert np.isfinite(clf.bias_)
    proba = clf.predict_proba(frame)
    again = pickle.loads(pickle.dumps(clf)).predict_proba(frame)
    np.testing.assert_array_equal(proba, again)
    assert not hasattr(clone(clf), "estimator_")


def test_multiclass_is_refused_naming_the_classes():
    X = np.random.RandomState(0).normal(size=(60, 2))
    y = np.array(["a"] * 30 + ["b"] * 20 + ["c"] * 10)
    msg = r"Only binary classification is supported.*3 classes: \['a', 'b', 'c'\]"
    with pytest.raises(ValueError, match=msg):
        BiasCorrectedClassifier().fit(X, y)


def test_too_few_rows_of_a_class_is_explained():
    X, y = _gaussians(seed=0, n0=40, n1=4)
    msg = (
        r"BiasCorrectedClassifier needs at least the sampler's k_neighbors \+ 1 = "
        r"6 rows of class 1; got 4\. Lower the sampler's `k_neighbors`\."
    )
    with pytest.raises(ValueError, match=msg):
        BiasCorrectedClassifier(sampler=SMOTE()).fit(X, y)
    # the default SMOTE lowers its k_neighbors for a small class
    assert BiasCorrectedClassifier(random_state=0).fit(X, y).n_synthetic_ == 36
    X, y = _gaussians(seed=0, n0=40, n1=1)
    with pytest.raises(
        ValueError, match=r"at least 2 rows of class 1; got 1\. The sampler needs two"
    ):
        BiasCorrectedClassifier().fit(X, y)
    X, y = _gaussians(seed=0, n0=7, n1=3)
    msg = r"at least 2 \* n_splits = 10 rows of class 0; got 7\. Lower `n_splits`"
    with pytest.raises(ValueError, match=msg):
        BiasCorrectedClassifier(sampler=SMOTE(k_neighbors=2)).fit(X, y)


def test_text_column_and_nan_are_named():
    frame = pd.DataFrame({"age": np.arange(40.0), "city": ["x", "y"] * 20})
    y = [0] * 30 + [1] * 10
    with pytest.raises(TypeError, match=r"\['city'\].*OneHotEncoder"):
        BiasCorrectedClassifier().fit(frame, y)
    frame = pd.DataFrame({"age": np.arange(40.0), "dose": np.arange(40.0)})
    frame.loc[3, "dose"] = np.nan
    with pytest.raises(ValueError, match=r"NaN \(in columns \['dose'\]\)"):
        BiasCorrectedClassifier().fit(frame, y)


def test_bad_settings_are_named():
    X, y = _gaussians(seed=0, n0=60, n1=20)
    with pytest.raises(InvalidParameterError, match="'n_splits' parameter"):
        BiasCorrectedClassifier(n_splits=1).fit(X, y)
    with pytest.raises(
        InvalidParameterError, match="'estimator' parameter.*'predict_proba'"
    ):
        BiasCorrectedClassifier(estimator=LinearSVC()).fit(X, y)
    with pytest.raises(InvalidParameterError, match="got the class SMOTE itself"):
        BiasCorrectedClassifier(sampler=SMOTE).fit(X, y)
    # a wrapped sampler with a bad setting fails with its own, readable message
    with pytest.raises(InvalidParameterError, match="'k_neighbors' parameter of SMOTE"):
        BiasCorrectedClassifier(sampler=SMOTE(k_neighbors=0)).fit(X, y)


def test_default_estimator_is_logistic_regression():
    X, y = _gaussians(seed=0, n0=100, n1=20)
    clf = BiasCorrectedClassifier(random_state=0).fit(X, y)
    assert isinstance(clf.estimator_, LogisticRegression)
    assert isinstance(clf.sampler_, SMOTE)
    assert clf.sampler_.random_state is not None  # seeded from random_state
