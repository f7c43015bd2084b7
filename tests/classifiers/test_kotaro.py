"""KOTAROClassifier: density-adaptive widths, interpolating weights, the API."""

import pickle

import numpy as np
import pandas as pd
import pytest
from sklearn.base import clone
from sklearn.datasets import make_classification
from sklearn.metrics import balanced_accuracy_score
from sklearn.model_selection import train_test_split
from sklearn.neighbors import KernelDensity
from sklearn.preprocessing import StandardScaler
from sklearn.utils._param_validation import InvalidParameterError
from sklearn.utils.estimator_checks import parametrize_with_checks

from synthsieve.classifiers._kotaro import KOTAROClassifier


# No check is skipped: the classifier passes all of scikit-learn's.
@parametrize_with_checks([KOTAROClassifier()])
def test_sklearn_compatible(estimator, check):
    check(estimator)


def _imbalanced(seed, n=600, weight=0.93):
    X, y = make_classification(
        n_samples=n,
        n_features=4,
        n_informative=3,
        n_redundant=0,
        weights=[weight],
        random_state=seed,
    )
    return train_test_split(X, y, stratify=y, test_size=0.5, random_state=0)


def _fixed_bandwidth_kde_predict(X_train, y_train, X_test):
    """The plain KDE classifier KOTARO extends: one Gaussian KDE per class,
    Scott's bandwidth on standardised features, class priors, Bayes rule."""
    scaler = StandardScaler().fit(X_train)
    A, B = scaler.transform(X_train), scaler.transform(X_test)
    classes = np.unique(y_train)
    log_post = [
        KernelDensity(bandwidth="scott").fit(A[y_train == c]).score_samples(B)
        + np.log(np.mean(y_train == c))
        for c in classes
    ]
    return classes[np.argmax(log_post, axis=0)]


def test_denser_regions_get_narrower_kernels():
    rng = np.random.RandomState(0)
    tight = rng.normal(0.0, 0.1, (60, 2))
    loose = rng.normal(5.0, 1.0, (60, 2))
    other = rng.normal([0.0, 5.0], 0.5, (40, 2))
    X = np.vstack([tight, loose, other])
    y = np.array([0] * 120 + [1] * 40)
    clf = KOTAROClassifier(k_neighbors=5).fit(X, y)
    h = clf.bandwidths_
    assert np.median(h[:60]) * 4 < np.median(h[60:120])
    # width = distance to the 5th nearest row of the same class (standardised)
    Z = clf.X_fit_[:120]
    d = np.sqrt(((Z[:, None, :] - Z[None, :, :]) ** 2).sum(-1))
    np.testing.assert_allclose(h[:120], np.sort(d, axis=1)[:, 5], rtol=1e-9)


def test_the_sparse_minority_class_gets_wider_kernels():
    X_train, _, y_train, _ = _imbalanced(seed=0)
    clf = KOTAROClassifier().fit(X_train, y_train)
    h = clf.bandwidths_
    assert np.median(h[y_train == 1]) > 1.5 * np.median(h[y_train == 0])


def test_bandwidth_scale_multiplies_every_width():
    X_train, _, y_train, _ = _imbalanced(seed=0)
    one = KOTAROClassifier().fit(X_train, y_train)
    two = KOTAROClassifier(bandwidth_scale=2.0).fit(X_train, y_train)
    np.testing.assert_allclose(two.bandwidths_, 2 * one.bandwidths_)


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_beats_a_fixed_bandwidth_kde_classifier_on_balanced_accuracy(seed):
    X_train, X_test, y_train, y_test = _imbalanced(seed)
    kotaro = KOTAROClassifier().fit(X_train, y_train)
    ours = balanced_accuracy_score(y_test, kotaro.predict(X_test))
    kde = balanced_accuracy_score(
        y_test, _fixed_bandwidth_kde_predict(X_train, y_train, X_test)
    )
    assert ours >= kde - 0.02
    assert ours > 0.65  # well above chance (0.5) with 21 minority rows


def test_exact_interpolation_without_ridge():
    rng = np.random.RandomState(0)
    X = rng.normal(size=(40, 3))
    y = (X[:, 0] + 0.5 * rng.normal(size=40) > 0.8).astype(int)
    clf = KOTAROClassifier(alpha=0.0).fit(X, y)
    # the paper's w = K^{-1} y: the decision values reproduce the labels
    np.testing.assert_allclose(clf.decision_function(X), 2 * y - 1, atol=1e-6)
    np.testing.assert_array_equal(clf.predict(X), y)


def test_probabilities_follow_the_decision_function():
    X_train, X_test, y_train, _ = _imbalanced(seed=0)
    clf = KOTAROClassifier().fit(X_train, y_train)
    d = clf.decision_function(X_test)
    p = clf.predict_proba(X_test)
    np.testing.assert_allclose(p.sum(axis=1), 1.0)
    np.testing.assert_allclose(p[:, 1], 1 / (1 + np.exp(-clf.proba_scale_ * d)))
    np.testing.assert_array_equal(clf.predict(X_test), (d > 0).astype(int))
    assert 1e-2 <= clf.proba_scale_ <= 1e3


def test_multiclass_one_function_per_class():
    X, y = make_classification(
        n_samples=240,
        n_features=4,
        n_informative=3,
        n_redundant=0,
        n_classes=3,
        weights=[0.6, 0.3, 0.1],
        random_state=0,
    )
    clf = KOTAROClassifier().fit(X, y)
    assert clf.dual_coef_.shape == (240, 3)
    assert clf.decision_function(X).shape == (240, 3)
    assert balanced_accuracy_score(y, clf.predict(X)) > 0.8


def test_n_jobs_does_not_change_the_result(monkeypatch):
    import synthsieve.classifiers._kotaro as module

    monkeypatch.setattr(module, "_BLOCK_ENTRIES", 3000)  # several blocks
    X_train, X_test, y_train, _ = _imbalanced(seed=0)
    one = KOTAROClassifier().fit(X_train, y_train).predict_proba(X_test)
    two = KOTAROClassifier(n_jobs=2).fit(X_train, y_train).predict_proba(X_test)
    np.testing.assert_allclose(one, two, rtol=1e-12)


def test_standardises_inside():
    X_train, X_test, y_train, _ = _imbalanced(seed=0)
    units = np.array([1.0, 1000.0, 0.001, 50.0])
    plain = KOTAROClassifier().fit(X_train, y_train).predict_proba(X_test)
    scaled = KOTAROClassifier().fit(X_train * units, y_train)
    np.testing.assert_allclose(scaled.predict_proba(X_test * units), plain, atol=1e-8)


def test_duplicated_rows_get_a_positive_width():
    X = np.vstack([np.zeros((8, 2)), np.ones((4, 2)) + [[0.1, 0], [0, 0.1]] * 2])
    y = np.array([0] * 8 + [1] * 4)
    clf = KOTAROClassifier(k_neighbors=3).fit(X, y)
    assert np.all(clf.bandwidths_ > 0)
    assert np.all(np.isfinite(clf.predict_proba(X)))


def test_pandas_in_names_kept_input_unchanged_clone_and_pickle():
    X_train, X_test, y_train, _ = _imbalanced(seed=0)
    cols = ["a", "b", "c", "d"]
    frame = pd.DataFrame(X_train, columns=cols)
    before = frame.copy()
    clf = KOTAROClassifier().fit(frame, pd.Series(y_train, name="target"))
    pd.testing.assert_frame_equal(frame, before)
    assert list(clf.feature_names_in_) == cols
    proba = clf.predict_proba(pd.DataFrame(X_test, columns=cols))
    again = pickle.loads(pickle.dumps(clf)).predict_proba(
        pd.DataFrame(X_test, columns=cols)
    )
    np.testing.assert_array_equal(proba, again)
    assert not hasattr(clone(clf), "dual_coef_")
    refit = KOTAROClassifier().fit(X_train, y_train).predict_proba(X_test)
    np.testing.assert_allclose(proba, refit)


def test_too_few_rows_of_a_class_is_explained():
    X = np.random.RandomState(0).normal(size=(11, 2))
    y = np.array([0] * 10 + [1])
    msg = (
        r"KOTAROClassifier needs at least 2 rows of class 1; got 1\. A kernel's "
        r"width is the distance to another row of its class\."
    )
    with pytest.raises(ValueError, match=msg):
        KOTAROClassifier().fit(X, y)
    with pytest.raises(ValueError, match=r"at least two classes.*1 class: \['a'\]"):
        KOTAROClassifier().fit(X, ["a"] * 11)


def test_text_column_is_named_with_advice():
    frame = pd.DataFrame({"age": [1.0, 2, 3, 4, 5, 6], "city": list("xyzxyz")})
    with pytest.raises(TypeError, match=r"\['city'\].*OneHotEncoder"):
        KOTAROClassifier().fit(frame, [0, 0, 0, 1, 1, 1])
    with pytest.raises(TypeError, match=r"not numeric: \['1'\]"):
        KOTAROClassifier().fit(frame.to_numpy(), [0, 0, 0, 1, 1, 1])


def test_nan_is_named_by_column():
    frame = pd.DataFrame({"age": [1.0, 2, np.nan, 4, 5, 6], "dose": np.arange(6.0)})
    with pytest.raises(ValueError, match=r"`X` contains NaN \(in columns \['age'\]\)"):
        KOTAROClassifier().fit(frame, [0, 0, 0, 1, 1, 1])
    clf = KOTAROClassifier().fit(frame.fillna(0), [0, 0, 0, 1, 1, 1])
    with pytest.raises(ValueError, match="NaN"):
        clf.predict(frame)
    clf = KOTAROClassifier().fit(frame.fillna(0).to_numpy(), [0, 0, 0, 1, 1, 1])
    with pytest.raises(ValueError, match="Input X contains NaN"):
        clf.predict(frame.to_numpy())


def test_bad_parameters_are_named():
    X, y = np.random.RandomState(0).normal(size=(10, 2)), [0] * 5 + [1] * 5
    with pytest.raises(InvalidParameterError, match="'k_neighbors' parameter"):
        KOTAROClassifier(k_neighbors=0).fit(X, y)
    with pytest.raises(InvalidParameterError, match="'bandwidth_scale' parameter"):
        KOTAROClassifier(bandwidth_scale=0).fit(X, y)
