"""A search that varies only the classifier, with imbalanced-learn's
``Pipeline(memory=...)``, runs the filter once per fold and once for the refit."""

import pytest
from imblearn.pipeline import Pipeline
from sklearn.datasets import make_classification
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GridSearchCV, StratifiedKFold

from synthsieve import FilteredOverSampler


@pytest.fixture
def fits(tmp_path, monkeypatch):
    """The number of filter fits, counted in a file: joblib's Memory may run a
    cached step's function anywhere, and the count is read here."""
    path = tmp_path / "fits.txt"
    path.write_text("")
    original = FilteredOverSampler._fit_resample

    def counting(self, X, y):
        with open(path, "a") as f:
            f.write("x")
        return original(self, X, y)

    monkeypatch.setattr(FilteredOverSampler, "_fit_resample", counting)
    return lambda: len(path.read_text())


def _search(memory):
    pipe = Pipeline(
        [
            (
                "sampler",
                FilteredOverSampler(detector="logreg", auditors=None, random_state=0),
            ),
            ("clf", LogisticRegression()),
        ],
        memory=memory,
    )
    cv = StratifiedKFold(3, shuffle=True, random_state=0)
    return GridSearchCV(pipe, {"clf__C": [0.1, 1.0, 10.0]}, cv=cv, n_jobs=1)


def test_a_cached_search_over_the_classifier_filters_once_per_fold(tmp_path, fits):
    X, y = make_classification(300, 4, weights=[0.8], random_state=0)
    cached = _search(str(tmp_path / "cache")).fit(X, y)
    assert fits() == 3 + 1  # one per fold, one for the refit
    plain = _search(None).fit(X, y)
    assert fits() == 4 + 3 * 3 + 1  # without memory: every fold and setting
    assert cached.best_params_ == plain.best_params_
    assert cached.best_score_ == pytest.approx(plain.best_score_)
