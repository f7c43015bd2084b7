"""The folds shared by every pipeline, and one fit scored on one fold."""

from __future__ import annotations

import numbers
import time

import numpy as np
import pandas as pd
from sklearn.base import clone
from sklearn.model_selection import RepeatedStratifiedKFold, StratifiedKFold

from .._arguments import check_positive_int
from .._runtime import small_data_threads
from ._metrics import _column


def _rows(X, idx):
    if isinstance(X, (pd.DataFrame, pd.Series)):
        return X.iloc[idx]
    return X[idx]


def _minority_label(classes, counts):
    """The least frequent class; on ties, the last in sorted order."""
    smallest = np.flatnonzero(counts == counts.min())
    return classes[smallest[-1]]


def _splits(cv, X, y, *, n_repeats, random_state) -> list:
    """The folds as a list of ``(train, test)`` index arrays, checked."""
    if cv is None:
        cv = 5
    if isinstance(cv, numbers.Integral) and not isinstance(cv, bool):
        cv = check_positive_int(cv, "cv", minimum=2)
        if n_repeats == 1:
            splitter = StratifiedKFold(
                n_splits=cv, shuffle=True, random_state=random_state
            )
        else:
            splitter = RepeatedStratifiedKFold(
                n_splits=cv, n_repeats=n_repeats, random_state=random_state
            )
        splits = list(splitter.split(np.zeros((len(y), 1)), y))
    elif hasattr(cv, "split"):
        splits = list(cv.split(X, y))
    elif hasattr(cv, "__iter__") and not isinstance(cv, str):
        splits = list(cv)
    else:
        raise TypeError(
            "`cv` must be None, an integer, a splitter with `split(X, y)` or an "
            f"iterable of (train, test) index arrays; got {cv!r}."
        )
    if not splits:
        raise ValueError("`cv` gave no split.")
    out = []
    for i, split in enumerate(splits):
        train, test = (np.asarray(part, dtype=int) for part in split)
        if len(train) == 0 or len(test) == 0:
            raise ValueError(f"`cv` split {i} has an empty training or test part.")
        if np.intersect1d(train, test).size:
            raise ValueError(
                f"`cv` split {i} has rows in both its training and its test part; "
                "the scores would be measured on rows the model was fitted on."
            )
        out.append((train, test))
    return out


def _proba(estimator, X, classes) -> np.ndarray:
    """``predict_proba`` with one column per class of `classes`, in that order."""
    raw = np.asarray(estimator.predict_proba(X), dtype=float)
    fitted = list(getattr(estimator, "classes_", classes))
    if fitted == list(classes):
        return raw
    out = np.zeros((raw.shape[0], len(classes)))
    for j, c in enumerate(fitted):
        out[:, _column(classes, c)] = raw[:, j]
    return out


def _fit_score(estimator, X, y, train, test, metrics, classes, pos_label):
    """Fit a clone on the training rows; score it on the test rows."""
    model = clone(estimator)
    with small_data_threads(len(train)):
        start = time.perf_counter()
        model.fit(_rows(X, train), y[train])
        fit_time = time.perf_counter() - start
        X_test, y_test = _rows(X, test), y[test]
        cache, scores = {}, {}
        for m in metrics:
            if m.response == "scorer":
                scores[m.name] = float(m.scorer(model, X_test, y_test))
                continue
            if m.response not in cache:
                if m.response == "predict_proba":
                    cache[m.response] = _proba(model, X_test, classes)
                else:
                    cache[m.response] = np.asarray(model.predict(X_test))
            scores[m.name] = float(
                m.func(y_test, cache[m.response], classes, pos_label)
            )
    return scores, fit_time


def _std(values) -> float:
    values = np.asarray(values, dtype=float)
    return float(np.std(values, ddof=1)) if len(values) > 1 else float("nan")
