"""Metrics of :func:`evaluate` and :func:`tune_sampling_strategy`, and their checks.

Each metric takes the held-out labels and either the predicted labels or the
predicted probabilities; the checks turn a user's `scoring` into metrics and
refuse estimators that lack the response a metric needs.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from sklearn.metrics import (
    average_precision_score,
    balanced_accuracy_score,
    brier_score_loss,
    f1_score,
    get_scorer,
    log_loss,
    matthews_corrcoef,
    roc_auc_score,
)
from sklearn.preprocessing import label_binarize

__all__ = ["balanced_log_loss"]

DEFAULT_METRICS = (
    "pr_auc",
    "mcc",
    "f1",
    "balanced_accuracy",
    "roc_auc",
    "brier",
    "log_loss",
)

_LABELS = {
    "pr_auc": "PR AUC",
    "mcc": "MCC",
    "f1": "F1",
    "balanced_accuracy": "balanced\naccuracy",
    "roc_auc": "ROC AUC",
    "balanced_log_loss": "balanced\nlog loss",
    "brier": "Brier\nscore",
    "log_loss": "log loss",
}


def balanced_log_loss(y_true, proba, classes) -> float:
    """Class-balanced log loss: the mean over classes of each class's log loss.

    Every class weighs the same, however many rows it has: the same as
    scikit-learn's ``log_loss`` with sample weights inversely proportional to the
    class counts. Lower is better; ``log(n_classes)`` is what a constant uniform
    prediction scores.

    Parameters
    ----------
    y_true : array-like of shape (n_samples,)
    proba : array-like of shape (n_samples, n_classes)
        Predicted probabilities, one column per entry of `classes`, in order.
    classes : array-like of shape (n_classes,)

    Returns
    -------
    float

    Examples
    --------
    >>> from synthsieve.evaluation import balanced_log_loss
    >>> y = [0, 0, 0, 1]
    >>> proba = [[0.9, 0.1], [0.9, 0.1], [0.9, 0.1], [0.5, 0.5]]
    >>> round(balanced_log_loss(y, proba, classes=[0, 1]), 4)
    0.3993
    """
    y_true = np.asarray(y_true)
    proba = np.asarray(proba, dtype=float)
    classes = list(classes)
    if proba.ndim != 2 or proba.shape != (len(y_true), len(classes)):
        raise ValueError(
            f"`proba` must have shape (n_samples, n_classes) = "
            f"({len(y_true)}, {len(classes)}); got {proba.shape}."
        )
    column = {c: i for i, c in enumerate(classes)}
    try:
        idx = np.array([column[v] for v in y_true.tolist()], dtype=int)
    except KeyError as exc:
        raise ValueError(
            f"`y_true` holds label {exc.args[0]!r}, not in `classes`."
        ) from exc
    eps = np.finfo(proba.dtype).eps
    p = np.clip(proba[np.arange(len(y_true)), idx], eps, 1 - eps)
    losses = -np.log(p)
    per_class = [
        losses[idx == i].mean() for i in range(len(classes)) if (idx == i).any()
    ]
    return float(np.mean(per_class))


def _column(classes, label) -> int:
    return list(classes).index(label)


def _pr_auc(y, proba, classes, pos_label):
    if len(classes) == 2:
        return average_precision_score(
            y == pos_label, proba[:, _column(classes, pos_label)]
        )
    return average_precision_score(
        label_binarize(y, classes=classes), proba, average="macro"
    )


def _roc_auc(y, proba, classes, pos_label):
    if len(classes) == 2:
        return roc_auc_score(y == pos_label, proba[:, _column(classes, pos_label)])
    return roc_auc_score(y, proba, multi_class="ovr", average="macro", labels=classes)


def _f1(y, pred, classes, pos_label):
    if len(classes) == 2:
        return f1_score(y, pred, pos_label=pos_label, zero_division=0.0)
    return f1_score(y, pred, labels=classes, average="macro", zero_division=0.0)


def _mcc(y, pred, classes, pos_label):
    return matthews_corrcoef(y, pred)


def _balanced_accuracy(y, pred, classes, pos_label):
    return balanced_accuracy_score(y, pred)


def _bll(y, proba, classes, pos_label):
    return balanced_log_loss(y, proba, classes)


def _brier(y, proba, classes, pos_label):
    """Brier score: the mean squared error of the predicted probabilities
    (binary: of the positive class; multiclass: summed over the classes)."""
    if len(classes) == 2:
        return brier_score_loss(
            np.asarray(y) == pos_label, proba[:, _column(classes, pos_label)]
        )
    onehot = label_binarize(y, classes=classes)
    return float(((onehot - proba) ** 2).sum(axis=1).mean())


def _log_loss(y, proba, classes, pos_label):
    return log_loss(y, np.clip(proba, 1e-15, 1), labels=list(classes))


@dataclass(frozen=True)
class _Metric:
    """One score of a fitted estimator on held-out rows.

    ``response`` is the method whose output `func` takes (``"predict"`` or
    ``"predict_proba"``), or ``"scorer"`` for a scikit-learn scorer called as
    ``scorer(estimator, X, y)``.
    """

    name: str
    response: str
    func: Callable | None = None
    greater_is_better: bool = True
    scorer: Callable | None = None


_METRICS = {
    "pr_auc": _Metric("pr_auc", "predict_proba", _pr_auc),
    "mcc": _Metric("mcc", "predict", _mcc),
    "f1": _Metric("f1", "predict", _f1),
    "balanced_accuracy": _Metric("balanced_accuracy", "predict", _balanced_accuracy),
    "roc_auc": _Metric("roc_auc", "predict_proba", _roc_auc),
    "balanced_log_loss": _Metric(
        "balanced_log_loss", "predict_proba", _bll, greater_is_better=False
    ),
    "brier": _Metric("brier", "predict_proba", _brier, greater_is_better=False),
    "log_loss": _Metric(
        "log_loss", "predict_proba", _log_loss, greater_is_better=False
    ),
}


def _check_evaluate_scoring(scoring) -> list[_Metric]:
    if scoring is None:
        return [_METRICS[name] for name in DEFAULT_METRICS]
    if isinstance(scoring, str):
        scoring = [scoring]
    if isinstance(scoring, dict):
        items = list(scoring.items())
    elif isinstance(scoring, (list, tuple)):
        items = [(s, s) for s in scoring]
    else:
        raise TypeError(
            "`scoring` must be None, a metric name, a list of names or a dict of "
            f"name to scorer; got {type(scoring).__name__}."
        )
    if not items:
        raise ValueError(
            f"`scoring` is empty; choose among {sorted(_METRICS)} or pass None."
        )
    metrics = []
    for name, spec in items:
        if callable(spec):
            metrics.append(_Metric(str(name), "scorer", scorer=spec))
        elif isinstance(spec, str) and spec in _METRICS:
            metrics.append(_METRICS[spec])
        else:
            raise ValueError(
                f"`scoring` names an unknown metric {spec!r}; choose among "
                f"{sorted(_METRICS)}, or pass a dict of name to scorer callable "
                "`scorer(estimator, X, y)`."
            )
    names = [m.name for m in metrics]
    if len(set(names)) != len(names):
        raise ValueError(f"`scoring` repeats a metric: {names}.")
    return metrics


def _check_tuning_scoring(scoring) -> _Metric:
    if isinstance(scoring, str):
        if scoring in _METRICS:
            return _METRICS[scoring]
        try:
            scorer = get_scorer(scoring)
        except ValueError as exc:
            raise ValueError(
                f"`scoring`={scoring!r} is neither one of {sorted(_METRICS)} nor a "
                "scikit-learn scorer name (see sklearn.metrics.get_scorer_names())."
            ) from exc
        return _Metric(scoring, "scorer", scorer=scorer)
    if callable(scoring):
        name = getattr(scoring, "__name__", type(scoring).__name__)
        return _Metric(name, "scorer", scorer=scoring)
    raise TypeError(
        "`scoring` must be a metric name or a scorer callable "
        f"`scorer(estimator, X, y)` (greater is better); got {scoring!r}."
    )


def _check_response(estimator, metrics, name: str) -> None:
    """Refuse an estimator that lacks what the metrics need."""
    for method in ("fit", "predict"):
        if not hasattr(estimator, method):
            raise TypeError(
                f"`{name}` must be a classifier or a pipeline ending in one "
                f"(with `fit` and `predict`); got {type(estimator).__name__}, "
                f"which has no `{method}`."
            )
    needs = [m.name for m in metrics if m.response == "predict_proba"]
    if needs and not hasattr(estimator, "predict_proba"):
        raise TypeError(
            f"`{name}` ({type(estimator).__name__}) has no `predict_proba`, which "
            f"the metrics {needs} in `scoring` need. Drop them from `scoring`, or "
            "wrap the classifier in sklearn.calibration.CalibratedClassifierCV."
        )
