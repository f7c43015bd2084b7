"""Downstream evaluation: pipelines side by side, and how many synthetic rows to add.

Two mistakes are common with over-samplers: resampling before splitting (the
synthetic rows leak the test rows they were made from, and the scores are
inflated), and balancing fully by reflex (the best number of synthetic rows is
often smaller, and sometimes zero). :func:`evaluate` cross-validates several
pipelines on the same folds, resampling only inside the training folds and
scoring on the real held-out rows; :func:`tune_sampling_strategy` searches the
synthetic size on a balanced validation loss, as Ma and Zhang's VTSS does.
"""

from __future__ import annotations

import logging
import math
import numbers
import time
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from sklearn.base import clone
from sklearn.metrics import (
    average_precision_score,
    balanced_accuracy_score,
    f1_score,
    get_scorer,
    matthews_corrcoef,
    roc_auc_score,
)
from sklearn.model_selection import RepeatedStratifiedKFold, StratifiedKFold
from sklearn.preprocessing import label_binarize
from sklearn.utils.parallel import Parallel, delayed

from .._utils import check_positive_int, progress, small_data_threads

__all__ = [
    "Evaluation",
    "TuningResult",
    "balanced_log_loss",
    "evaluate",
    "tune_sampling_strategy",
]

logger = logging.getLogger(__name__)

DEFAULT_METRICS = ("pr_auc", "mcc", "f1", "balanced_accuracy", "roc_auc")
DEFAULT_GRID = (0.0, 0.25, 0.5, 0.75, 1.0, 1.25)

_LABELS = {
    "pr_auc": "PR AUC",
    "mcc": "MCC",
    "f1": "F1",
    "balanced_accuracy": "balanced\naccuracy",
    "roc_auc": "ROC AUC",
    "balanced_log_loss": "balanced\nlog loss",
}


# --------------------------------------------------------------------------- #
# Metrics
# --------------------------------------------------------------------------- #


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
    >>> from synthsieve._evaluation import balanced_log_loss
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


# --------------------------------------------------------------------------- #
# Data, folds and one fit
# --------------------------------------------------------------------------- #


def _rows(X, idx):
    if isinstance(X, (pd.DataFrame, pd.Series)):
        return X.iloc[idx]
    return X[idx]


def _check_Xy(X, y):
    if X is None:
        raise TypeError("`X` must be an array or a DataFrame, got None.")
    if not (isinstance(X, (pd.DataFrame, np.ndarray)) or hasattr(X, "tocsr")):
        X = np.asarray(X)
    if y is None:
        raise TypeError("`y` must be an array of class labels, got None.")
    y_arr = np.asarray(y)
    if y_arr.ndim != 1 or len(y_arr) != X.shape[0]:
        raise ValueError(
            f"`y` must be 1-D with one label per row of `X` ({X.shape[0]}); got "
            f"shape {y_arr.shape}."
        )
    classes, counts = np.unique(y_arr, return_counts=True)
    if len(classes) < 2:
        raise ValueError("`y` holds a single class; at least two are needed.")
    return X, y_arr, classes, counts


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


def _jsonable(value):
    if isinstance(value, np.generic):
        return value.item()
    return value


def _std(values) -> float:
    values = np.asarray(values, dtype=float)
    return float(np.std(values, ddof=1)) if len(values) > 1 else float("nan")


# --------------------------------------------------------------------------- #
# evaluate
# --------------------------------------------------------------------------- #


@dataclass(repr=False)
class Evaluation:
    """Scores of several pipelines on the same cross-validation folds.

    Made by :func:`evaluate`. Every score was measured on real held-out rows of
    one fold by a pipeline fitted (and resampled) on that fold's training rows.

    Attributes
    ----------
    per_fold : DataFrame
        One row per pipeline and fold: ``pipeline``, ``fold``, one column per
        metric, ``fit_time`` (seconds).
    metrics : list of str
        The metric names, in the order of `scoring`.
    classes : list
        The class labels.
    pos_label : label
        The positive class of the binary metrics (the minority class); None for
        multiclass data, whose metrics are macro averages.
    folds : list of (train, test) index arrays
        The folds, the same for every pipeline.
    greater_is_better : dict of str to bool
        Direction of each metric.

    See Also
    --------
    evaluate : makes it.

    Examples
    --------
    >>> from sklearn.datasets import make_classification
    >>> from sklearn.linear_model import LogisticRegression
    >>> from synthsieve import evaluate
    >>> X, y = make_classification(n_samples=200, weights=[0.8], random_state=0)
    >>> result = evaluate({"lr": LogisticRegression()}, X, y, cv=3, n_repeats=1,
    ...                   scoring=["mcc"], random_state=0)
    >>> result.to_frame(per_fold=True).shape
    (3, 2)
    >>> print(result.summary().splitlines()[0])
    Cross-validated scores on real held-out rows: 3 folds, positive class 1 (the
    minority); mean ± std over folds.
    """

    per_fold: pd.DataFrame
    metrics: list
    classes: list
    pos_label: object
    folds: list = field(default_factory=list)
    greater_is_better: dict = field(default_factory=dict)

    @property
    def pipelines(self) -> list:
        """The pipeline names, in the order given."""
        return list(dict.fromkeys(self.per_fold["pipeline"]))

    @property
    def n_folds(self) -> int:
        return len(self.folds)

    def to_frame(self, *, per_fold: bool = False) -> pd.DataFrame:
        """The scores as a DataFrame.

        Parameters
        ----------
        per_fold : bool, default=False
            False: one row per pipeline, ``<metric>_mean`` and ``<metric>_std``
            columns (sample standard deviation over folds), then
            ``fit_time_mean`` and ``fit_time_std``. True: one row per pipeline
            and fold (index ``(pipeline, fold)``), one column per metric and
            ``fit_time``.

        Returns
        -------
        DataFrame
        """
        if per_fold:
            return self.per_fold.set_index(["pipeline", "fold"])
        rows = {}
        for name, group in self.per_fold.groupby("pipeline", sort=False):
            row = {}
            for col in [*self.metrics, "fit_time"]:
                row[f"{col}_mean"] = float(group[col].mean())
                row[f"{col}_std"] = _std(group[col])
            rows[name] = row
        frame = pd.DataFrame.from_dict(rows, orient="index")
        frame.index.name = "pipeline"
        return frame.loc[self.pipelines]

    def summary(self, *, digits: int = 3) -> str:
        """A text table: each metric as ``mean ± std`` over folds, per pipeline."""
        frame = self.to_frame()
        table = pd.DataFrame(index=frame.index)
        for m in [*self.metrics, "fit_time"]:
            d = 2 if m == "fit_time" else digits
            head = "fit time (s)" if m == "fit_time" else m
            if m != "fit_time" and not self.greater_is_better.get(m, True):
                head += " (lower is better)"
            table[head] = [
                f"{mu:.{d}f} ± {sd:.{d}f}"
                for mu, sd in zip(frame[f"{m}_mean"], frame[f"{m}_std"])
            ]
        if self.pos_label is None:
            target = f"{len(self.classes)} classes, macro averages"
        else:
            target = f"positive class {self.pos_label!r} (the minority)"
        head = (
            f"Cross-validated scores on real held-out rows: {self.n_folds} folds, "
            f"{target}; mean ± std over folds."
        )
        return head + "\n" + table.to_string()

    def __str__(self) -> str:
        return self.summary()

    def __repr__(self) -> str:
        return (
            f"Evaluation(pipelines={self.pipelines}, metrics={self.metrics}, "
            f"n_folds={self.n_folds})"
        )

    def to_dict(self) -> dict:
        """Plain Python (JSON-ready): per pipeline, each metric's mean, std, folds."""
        out = {
            "metrics": list(self.metrics),
            "classes": [_jsonable(c) for c in self.classes],
            "pos_label": _jsonable(self.pos_label),
            "n_folds": self.n_folds,
            "pipelines": {},
        }
        for name, group in self.per_fold.groupby("pipeline", sort=False):
            entry = {}
            for col in [*self.metrics, "fit_time"]:
                values = [float(v) for v in group[col]]
                entry[col] = {
                    "mean": float(np.mean(values)),
                    "std": _std(values),
                    "folds": values,
                }
            out["pipelines"][name] = entry
        return out

    def plot(self, ax=None, *, metrics=None):
        """Per metric, each pipeline's mean score with a ± std error bar.

        Parameters
        ----------
        ax : matplotlib Axes, default=None
            Drawn on; a new figure when None.
        metrics : list of str, default=None
            The metrics drawn; all of them when None.

        Returns
        -------
        ax : matplotlib Axes
        """
        from ..plotting import _axes

        metrics = list(self.metrics if metrics is None else metrics)
        unknown = [m for m in metrics if m not in self.metrics]
        if unknown:
            raise ValueError(
                f"`metrics` names {unknown}, not in this evaluation: {self.metrics}."
            )
        frame = self.to_frame()
        ax = _axes(ax, figsize=(1.6 * len(metrics) + 2.5, 4.0))
        names = self.pipelines
        x = np.arange(len(metrics))
        width = 0.7
        offsets = (
            np.linspace(-width / 2, width / 2, len(names))
            if len(names) > 1
            else np.zeros(1)
        )
        for i, (name, off) in enumerate(zip(names, offsets)):
            means = [frame.loc[name, f"{m}_mean"] for m in metrics]
            stds = np.nan_to_num([frame.loc[name, f"{m}_std"] for m in metrics])
            ax.errorbar(
                x + off,
                means,
                yerr=stds,
                fmt="o",
                capsize=3,
                color=f"C{i}",
                label=name,
            )
        ax.set_xticks(x, [_LABELS.get(m, m) for m in metrics])
        ax.axhline(0.0, color="0.7", linewidth=0.8)
        ax.set(
            ylabel="score on held-out real rows",
            title=f"Cross-validated scores, mean ± std over {self.n_folds} folds",
        )
        ax.legend(fontsize="small", loc="best")
        return ax


def evaluate(
    pipelines,
    X,
    y,
    *,
    cv=None,
    scoring=None,
    n_repeats=2,
    random_state=None,
    n_jobs=None,
    verbose=0,
) -> Evaluation:
    """Cross-validate several pipelines side by side on the same folds.

    Each pipeline is cloned and fitted on the training rows of each fold, and
    scored on the fold's held-out rows, which are real rows only: samplers in an
    imbalanced-learn :class:`~imblearn.pipeline.Pipeline` resample at fit time
    only, so the synthetic rows are made from the training rows of the fold and
    never reach the scores. Every pipeline sees exactly the same folds.

    Parameters
    ----------
    pipelines : dict of str to estimator
        Name to classifier or imbalanced-learn pipeline. A bare classifier is the
        "no resampling" baseline; a classifier with ``class_weight="balanced"``
        is the reweighting one. Never pass a pipeline fitted on resampled data:
        give the sampler to the pipeline instead.
    X : array-like, sparse matrix or DataFrame of shape (n_samples, n_features)
        The real rows, not resampled.
    y : array-like of shape (n_samples,)
    cv : int, cross-validation splitter or iterable, default=None
        None: :class:`~sklearn.model_selection.RepeatedStratifiedKFold` with 5
        folds repeated `n_repeats` times; an integer: that many stratified folds,
        repeated `n_repeats` times; a splitter (its ``split(X, y)``) or an
        iterable of ``(train, test)`` index arrays is used as it is. The folds
        are drawn once and shared by every pipeline.
    scoring : str, list of str or dict, default=None
        Metrics among ``"pr_auc"`` (average precision), ``"mcc"`` (Matthews
        correlation coefficient), ``"f1"``, ``"balanced_accuracy"``,
        ``"roc_auc"`` and ``"balanced_log_loss"`` (lower is better; see
        :func:`tune_sampling_strategy`); None takes the first five. A dict maps
        names to scorer callables ``scorer(estimator, X, y)``.
    n_repeats : int, default=2
        Repeats of the stratified folds when `cv` is None or an integer.
    random_state : int, RandomState instance or None, default=None
        Draws the folds. The pipelines keep their own seeds: set
        ``random_state`` on their samplers and classifiers to make the run
        reproducible.
    n_jobs : int, default=None
        Fits run in parallel (one job per pipeline and fold).
    verbose : int, default=0
        Show a progress bar over the fits.

    Returns
    -------
    Evaluation
        ``to_frame()``, ``summary()``, ``plot()``, ``to_dict()``; per-fold
        scores and fit times in ``per_fold``.

    See Also
    --------
    tune_sampling_strategy : how many synthetic rows to add.
    synthsieve.audit_sampler : how detectable a sampler's rows are.

    Notes
    -----
    Binary data: the positive class of PR AUC, F1 and ROC AUC is the minority
    class (the less frequent one in `y`; on a tie, the last in sorted order),
    whatever its label. Multiclass data: PR AUC, F1 and ROC AUC are macro
    averages over the classes (one-vs-rest for the two AUCs); balanced accuracy
    is the macro average of the recalls and MCC is its multiclass
    generalisation. PR AUC and ROC AUC need ``predict_proba``; MCC, F1 and
    balanced accuracy use ``predict`` (its default threshold).

    Resampling before splitting is the mistake this function is built to avoid:
    rows synthesised from a test row sit next to it in the training set, and the
    scores are inflated. imbalanced-learn's documentation warns about it in its
    section on common pitfalls.

    Examples
    --------
    >>> from imblearn.over_sampling import SMOTE
    >>> from imblearn.pipeline import make_pipeline
    >>> from sklearn.datasets import make_classification
    >>> from sklearn.linear_model import LogisticRegression
    >>> from synthsieve import evaluate
    >>> X, y = make_classification(n_samples=300, weights=[0.9], random_state=0)
    >>> result = evaluate(
    ...     {"none": LogisticRegression(),
    ...      "smote": make_pipeline(SMOTE(random_state=0), LogisticRegression())},
    ...     X, y, random_state=0)
    >>> result.to_frame().shape
    (2, 12)
    >>> result.n_folds, result.pos_label
    (10, 1)
    >>> bool(result.to_frame().loc["smote", "roc_auc_mean"] > 0.8)
    True
    """
    if not isinstance(pipelines, dict):
        raise TypeError(
            "`pipelines` must be a dict of name to classifier or pipeline, e.g. "
            "{'none': LogisticRegression(), 'smote': make_pipeline(SMOTE(), "
            f"LogisticRegression())}}; got {type(pipelines).__name__}."
        )
    if not pipelines:
        raise ValueError("`pipelines` is empty; give at least one classifier.")
    X, y, classes, counts = _check_Xy(X, y)
    metrics = _check_evaluate_scoring(scoring)
    for name, est in pipelines.items():
        _check_response(est, metrics, f"pipelines[{name!r}]")
    n_repeats = check_positive_int(n_repeats, "n_repeats")
    splits = _splits(cv, X, y, n_repeats=n_repeats, random_state=random_state)
    pos_label = _minority_label(classes, counts) if len(classes) == 2 else None
    pos_label = _jsonable(pos_label)
    class_list = [_jsonable(c) for c in classes]

    tasks = [
        (name, i, est, train, test)
        for name, est in pipelines.items()
        for i, (train, test) in enumerate(splits)
    ]
    logger.info("evaluate: %d pipelines x %d folds", len(pipelines), len(splits))
    results = Parallel(n_jobs=n_jobs)(
        delayed(_fit_score)(est, X, y, train, test, metrics, class_list, pos_label)
        for (_, _, est, train, test) in progress(
            tasks, verbose=verbose, desc="evaluate", total=len(tasks)
        )
    )
    rows = []
    for (name, i, *_), (scores, fit_time) in zip(tasks, results):
        rows.append({"pipeline": str(name), "fold": i, **scores, "fit_time": fit_time})
    per_fold = pd.DataFrame(
        rows, columns=["pipeline", "fold", *[m.name for m in metrics], "fit_time"]
    )
    return Evaluation(
        per_fold=per_fold,
        metrics=[m.name for m in metrics],
        classes=class_list,
        pos_label=pos_label,
        folds=splits,
        greater_is_better={m.name: m.greater_is_better for m in metrics},
    )


# --------------------------------------------------------------------------- #
# tune_sampling_strategy
# --------------------------------------------------------------------------- #


def _round(x: float) -> int:
    return int(math.floor(x + 0.5))


def _n_new(counts: dict, ratio: float) -> dict:
    """Rows to add per class smaller than the largest, at `ratio` of full balance."""
    n_max = max(counts.values())
    return {c: _round(ratio * (n_max - n)) for c, n in counts.items() if n < n_max}


class _SyntheticSize:
    """A `sampling_strategy` callable: the target count per class for a sampler.

    With `ratio`, every class smaller than the largest one gets
    ``round(ratio * (n_largest - n_class))`` new rows, counted on the data the
    sampler is given (a training fold). With `n_new`, the listed classes get that
    many new rows whatever the data.
    """

    def __init__(self, ratio=None, n_new=None):
        self.ratio = ratio
        self.n_new = n_new

    def __call__(self, y, **kwargs):
        labels, counts = np.unique(np.asarray(y), return_counts=True)
        counts = {
            c.item() if hasattr(c, "item") else c: int(n)
            for c, n in zip(labels, counts)
        }
        add = _n_new(counts, self.ratio) if self.n_new is None else self.n_new
        return {c: counts[c] + int(k) for c, k in add.items() if c in counts}

    def __repr__(self) -> str:
        if self.n_new is None:
            return f"SyntheticSize(ratio={self.ratio!r})"
        return f"SyntheticSize(n_new={self.n_new!r})"


def _find_sampler(pipeline, sampler_step):
    """``(name, index, sampler)`` of the over-sampler step to tune."""
    steps = getattr(pipeline, "steps", None)
    if not isinstance(steps, list):
        raise TypeError(
            "`pipeline` must be an imbalanced-learn Pipeline with a sampler step, "
            "e.g. imblearn.pipeline.make_pipeline(SMOTE(), LogisticRegression()); "
            f"got {type(pipeline).__name__}."
        )
    names = [name for name, _ in steps]
    if sampler_step is not None:
        if sampler_step not in names:
            raise ValueError(
                f"`sampler_step`={sampler_step!r} is not a step of `pipeline`; its "
                f"steps are {names}."
            )
        index = names.index(sampler_step)
        step = steps[index][1]
        if not hasattr(step, "fit_resample"):
            raise ValueError(
                f"`sampler_step`={sampler_step!r} names a "
                f"{type(step).__name__}, not a sampler with `fit_resample`; the "
                f"steps of `pipeline` are {names}."
            )
    else:
        found = [i for i, (_, s) in enumerate(steps) if hasattr(s, "fit_resample")]
        if not found:
            raise ValueError(
                f"`pipeline` has no sampler step (its steps are {names}); add an "
                "over-sampler, e.g. make_pipeline(SMOTE(), LogisticRegression())."
            )
        if len(found) > 1:
            raise ValueError(
                f"`pipeline` has several sampler steps "
                f"{[names[i] for i in found]}; name the one to tune with "
                "`sampler_step`."
            )
        index = found[0]
        step = steps[index][1]
    name = names[index]
    if index == len(steps) - 1:
        raise ValueError(
            f"The sampler step {name!r} is the last step of `pipeline`; the last "
            "step must be the classifier."
        )
    kind = getattr(step, "_sampling_type", "over-sampling")
    if kind != "over-sampling":
        raise ValueError(
            f"The sampler step {name!r} ({type(step).__name__}) is {kind!r}; "
            "tune_sampling_strategy sizes the rows an over-sampler adds."
        )
    if "sampling_strategy" not in step.get_params(deep=False):
        raise ValueError(
            f"The sampler step {name!r} ({type(step).__name__}) has no "
            "`sampling_strategy` parameter to tune."
        )
    return name, index, step


def _check_grid(grid) -> list[float]:
    if grid is None:
        return list(DEFAULT_GRID)
    if isinstance(grid, (str, bytes)) or not hasattr(grid, "__iter__"):
        raise TypeError(
            "`grid` must be a list of ratios to full balance, e.g. "
            f"[0, 0.5, 1.0]; got {grid!r}."
        )
    values = list(grid)
    if not values:
        raise ValueError(
            "`grid` is empty; give ratios to full balance, e.g. [0, 0.5, 1.0], "
            "or None for the default."
        )
    out = []
    for v in values:
        if isinstance(v, bool) or not isinstance(v, numbers.Real) or not np.isfinite(v):
            raise ValueError(f"`grid` must hold finite numbers; got {v!r}.")
        if v < 0:
            raise ValueError(
                f"`grid` holds the negative ratio {v!r}; ratios count synthetic "
                "rows as a share of those needed for full balance and must be "
                ">= 0 (0 = no synthetic rows)."
            )
        out.append(float(v))
    return sorted(set(out))


@dataclass(repr=False)
class TuningResult:
    """The synthetic size chosen by :func:`tune_sampling_strategy`, and its curve.

    Attributes
    ----------
    best_strategy_ : dict
        Class label to target row count on the data tuned on: usable as the
        sampler's ``sampling_strategy`` when the pipeline is fitted on that data.
        At ratio 0, each minority class keeps its count (no synthetic rows).
    best_ratio_ : float
        The chosen share of the rows needed for full balance.
    best_params_ : dict
        Parameters for ``pipeline.set_params(**best_params_)``: the sampler
        step's ``sampling_strategy``, or the step set to ``"passthrough"`` at
        ratio 0.
    curve_ : DataFrame
        One row per candidate ratio: ``ratio``, ``n_synthetic_<label>`` (rows
        added per minority class on the full data), ``score_mean``,
        ``score_std`` and, when ``detectability_penalty > 0``, ``gap`` (the
        hold-out detectability gap) and ``objective`` (the penalised score).
    scores_ : DataFrame
        The validation score per ratio (rows) and fold (columns).
    audits_ : dict of float to SamplerAudit
        The hold-out audit behind each ``gap``.
    scoring : str
    greater_is_better : bool
    sampler_step : str
    detectability_penalty : float

    See Also
    --------
    tune_sampling_strategy : makes it.

    Examples
    --------
    >>> from imblearn.over_sampling import RandomOverSampler
    >>> from imblearn.pipeline import make_pipeline
    >>> from sklearn.datasets import make_classification
    >>> from sklearn.linear_model import LogisticRegression
    >>> from synthsieve import tune_sampling_strategy
    >>> X, y = make_classification(n_samples=300, weights=[0.9], random_state=0)
    >>> pipe = make_pipeline(RandomOverSampler(random_state=0), LogisticRegression())
    >>> result = tune_sampling_strategy(pipe, X, y, grid=[0, 1], cv=3,
    ...                                 random_state=0)
    >>> result.best_ratio_, result.best_params_
    (1.0, {'randomoversampler__sampling_strategy': {1: 269}})
    >>> result.curve_.round(2)
       ratio  n_synthetic_1  score_mean  score_std
    0    0.0              0        0.79       0.27
    1    1.0            238        0.58       0.14
    """

    best_strategy_: dict
    best_ratio_: float
    best_params_: dict
    curve_: pd.DataFrame
    scores_: pd.DataFrame
    scoring: str
    greater_is_better: bool
    sampler_step: str
    detectability_penalty: float = 0.0
    audits_: dict = field(default_factory=dict)

    def summary(self, *, digits: int = 4) -> str:
        """The curve as text, the chosen ratio marked."""
        direction = "higher" if self.greater_is_better else "lower"
        table = self.curve_.copy()
        table[""] = np.where(
            np.isclose(table["ratio"], self.best_ratio_), "<- best", ""
        )
        head = (
            f"Synthetic size of step {self.sampler_step!r} on validation "
            f"{self.scoring} ({direction} is better), best ratio "
            f"{self.best_ratio_:g}: sampling_strategy={self.best_strategy_}"
        )
        return head + "\n" + table.round(digits).to_string(index=False)

    def __str__(self) -> str:
        return self.summary()

    def __repr__(self) -> str:
        return (
            f"TuningResult(best_ratio_={self.best_ratio_:g}, "
            f"best_strategy_={self.best_strategy_}, scoring={self.scoring!r})"
        )

    def to_dict(self) -> dict:
        """Plain Python (JSON-ready) result: best choice and curve."""
        return {
            "best_ratio": self.best_ratio_,
            "best_strategy": {
                str(_jsonable(k)): v for k, v in self.best_strategy_.items()
            },
            "scoring": self.scoring,
            "greater_is_better": self.greater_is_better,
            "sampler_step": self.sampler_step,
            "detectability_penalty": self.detectability_penalty,
            "curve": self.curve_.to_dict(orient="records"),
        }

    def plot(self, ax=None):
        """The validation score against the synthetic size, best ratio marked.

        Error bars span ± one standard deviation over folds. With a
        detectability penalty, the penalised objective is drawn dashed and the
        hold-out gap on a second y axis.

        Parameters
        ----------
        ax : matplotlib Axes, default=None

        Returns
        -------
        ax : matplotlib Axes
        """
        from ..plotting import _axes

        ax = _axes(ax)
        c = self.curve_
        direction = "higher" if self.greater_is_better else "lower"
        handles = [
            ax.errorbar(
                c["ratio"],
                c["score_mean"],
                yerr=np.nan_to_num(c["score_std"].to_numpy(dtype=float)),
                fmt="o-",
                capsize=3,
                color="C0",
                label=f"validation {self.scoring} (mean ± std)",
            )
        ]
        if "objective" in c:
            handles += ax.plot(
                c["ratio"],
                c["objective"],
                "s--",
                color="C1",
                label=f"penalised: + {self.detectability_penalty:g} x gap"
                if not self.greater_is_better
                else f"penalised: - {self.detectability_penalty:g} x gap",
            )
        handles.append(
            ax.axvline(
                self.best_ratio_,
                color="C2",
                linestyle=":",
                label=f"best ratio {self.best_ratio_:g}",
            )
        )
        ax.set(
            xlabel="synthetic rows / rows needed for full balance",
            ylabel=f"{self.scoring} ({direction} is better)",
            title=f"Synthetic size of {self.sampler_step!r}",
        )
        if "gap" in c:
            twin = ax.twinx()
            handles += twin.plot(
                c["ratio"], c["gap"], "^:", color="C3", label="detectability gap"
            )
            twin.set_ylim(bottom=0)
            twin.set_ylabel("hold-out detectability gap")
        ax.legend(
            handles=handles,
            fontsize="small",
            loc="upper center",
            bbox_to_anchor=(0.5, -0.15),
            ncol=2,
            frameon=False,
        )
        return ax


def _fast_auditors(seed: int) -> dict:
    from sklearn.ensemble import HistGradientBoostingClassifier
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    return {
        "hgb": HistGradientBoostingClassifier(max_iter=50, random_state=seed),
        "logreg": make_pipeline(StandardScaler(), LogisticRegression(max_iter=1000)),
    }


def _gaps(
    pipeline, index, sampler, X, y, counts, grid, auditors, seed, n_jobs, verbose
):
    """Hold-out detectability gap of the sampler at each ratio of the grid."""
    from ..audit._audit import audit_sampler

    before = pipeline.steps[:index]
    if any(hasattr(s, "fit_resample") for _, s in before):
        raise ValueError(
            "`detectability_penalty` > 0 needs the tuned sampler to be the only "
            "sampler before it in `pipeline`; move the other sampler after it or "
            "set detectability_penalty=0."
        )
    if before:
        # The sampler sees what the steps before it output; fitted on all rows
        # here, as this only measures the sampler, never a downstream score.
        X = clone(pipeline[:index]).fit_transform(X, y)
    n_min = min(counts[c] for c in _n_new(counts, 1.0))
    audit_cv = max(2, min(3, n_min // 2))
    gaps, audits = {}, {}
    for ratio in progress(grid, verbose=verbose, desc="audit sizes"):
        add = {c: k for c, k in _n_new(counts, ratio).items() if k > 0}
        if not add:
            gaps[ratio] = 0.0
            continue
        s = clone(sampler).set_params(sampling_strategy=_SyntheticSize(n_new=add))
        dets = auditors if auditors is not None else _fast_auditors(seed)
        result = audit_sampler(
            s,
            X,
            y,
            detectors=dets,
            cv=audit_cv,
            classes=list(add),
            random_state=seed,
            n_jobs=n_jobs,
        )
        gaps[ratio] = float(result.gap)
        audits[ratio] = result
    return gaps, audits


def _fit_score_ratio(pipeline, step, ratio, X, y, train, test, metric, classes, pos):
    model = clone(pipeline)
    if ratio == 0:
        model.set_params(**{step: "passthrough"})
    else:
        model.set_params(**{f"{step}__sampling_strategy": _SyntheticSize(ratio=ratio)})
    scores, _ = _fit_score(model, X, y, train, test, [metric], classes, pos)
    return scores[metric.name]


def tune_sampling_strategy(
    pipeline,
    X,
    y,
    *,
    grid=None,
    cv=None,
    scoring="balanced_log_loss",
    detectability_penalty=0.0,
    sampler_step=None,
    auditors=None,
    random_state=None,
    n_jobs=None,
    verbose=0,
) -> TuningResult:
    """Choose how many synthetic rows to add, on a balanced validation loss.

    For each candidate size, the sampler step's ``sampling_strategy`` is set,
    the pipeline is cross-validated (resampling inside the training folds only)
    and scored on the real validation rows of each fold. The default score is
    the class-balanced log loss (``"balanced_log_loss"``): the validation-tuned
    synthetic size (VTSS) of Ma and Zhang, who show that full balance is often
    not the best size. Optionally, sizes whose rows are easy to tell from real
    ones are penalised by their hold-out detectability gap.

    Parameters
    ----------
    pipeline : imbalanced-learn Pipeline
        Holds one over-sampler step (or name it with `sampler_step`) followed by
        a classifier.
    X : array-like, sparse matrix or DataFrame of shape (n_samples, n_features)
        The real rows, not resampled.
    y : array-like of shape (n_samples,)
    grid : list of float, default=None
        Candidate sizes, as ratios of the rows needed for full balance: 0 adds
        no synthetic rows (the sampler step is skipped), 1 balances fully, 1.25
        over-shoots. None: ``[0, 0.25, 0.5, 0.75, 1.0, 1.25]``. In each training
        fold, a class of ``n_c`` rows, with ``n_max`` rows in the largest class,
        gets ``round(ratio * (n_max - n_c))`` synthetic rows.
    cv : int, cross-validation splitter or iterable, default=None
        None: stratified 5-fold repeated twice; an integer: that many stratified
        folds; a splitter or an iterable of ``(train, test)`` arrays as it is.
        The same folds serve every candidate.
    scoring : str or callable, default="balanced_log_loss"
        ``"balanced_log_loss"`` (lower is better), one of the metric names of
        :func:`evaluate` (higher is better), a scikit-learn scorer name, or a
        scorer callable ``scorer(estimator, X, y)`` (higher is better).
    detectability_penalty : float, default=0.0
        When positive, each size's hold-out detectability gap
        (:func:`~synthsieve.audit_sampler`, 3 folds, fast auditors) times this
        weight is added to the loss (subtracted from a higher-is-better score).
        0 skips the audits.
    sampler_step : str, default=None
        Name of the sampler step; None finds the single sampler step.
    auditors : classifier, list or dict, default=None
        Auditors of the detectability gap; None uses gradient-boosted trees (50
        iterations) and a logistic regression.
    random_state : int, RandomState instance or None, default=None
        Draws the folds and seeds the audits. The pipeline keeps its own seeds.
    n_jobs : int, default=None
        Fits run in parallel (one job per candidate and fold).
    verbose : int, default=0
        Show progress bars.

    Returns
    -------
    TuningResult
        ``best_strategy_``, ``best_ratio_``, ``best_params_``, ``curve_``,
        ``plot()``.

    See Also
    --------
    evaluate : compare pipelines side by side.
    synthsieve.audit_sampler : the hold-out detectability audit.

    Notes
    -----
    Multiclass data: one common ratio is tuned for every class smaller than the
    largest one (each gets that share of the rows it lacks); per-class search is
    not offered. The binary metrics take the minority class as positive (see
    :func:`evaluate`).

    The best ratio is the one with the best mean score (or penalised objective)
    over folds; on an exact tie, the smaller ratio wins. ``best_strategy_``
    counts rows on the full `X`, `y`: the sizes to use when the pipeline is
    refitted on all of it. The detectability audits run the sampler on the
    output of the steps before it, fitted on all rows; they measure only the
    sampler and never enter a downstream score.

    References
    ----------
    .. [1] Z. Ma and A. R. Zhang. "Synthetic Augmentation in Imbalanced
       Learning: When It Helps, When It Hurts, and How Much to Add."

    Examples
    --------
    >>> from imblearn.over_sampling import RandomOverSampler
    >>> from imblearn.pipeline import make_pipeline
    >>> from sklearn.datasets import make_classification
    >>> from sklearn.linear_model import LogisticRegression
    >>> from synthsieve import tune_sampling_strategy
    >>> X, y = make_classification(n_samples=400, weights=[0.9], random_state=0)
    >>> pipe = make_pipeline(RandomOverSampler(random_state=0), LogisticRegression())
    >>> result = tune_sampling_strategy(pipe, X, y, grid=[0, 0.5, 1.0],
    ...                                 random_state=0)
    >>> result.curve_.columns.tolist()
    ['ratio', 'n_synthetic_1', 'score_mean', 'score_std']
    >>> result.best_ratio_ > 0
    True
    >>> pipe.set_params(**result.best_params_).fit(X, y)[-1].coef_.shape
    (1, 20)
    """
    name, index, sampler = _find_sampler(pipeline, sampler_step)
    X, y, classes, counts_arr = _check_Xy(X, y)
    metric = _check_tuning_scoring(scoring)
    _check_response(pipeline, [metric], "pipeline")
    grid = _check_grid(grid)
    if (
        isinstance(detectability_penalty, bool)
        or not isinstance(detectability_penalty, numbers.Real)
        or not np.isfinite(detectability_penalty)
        or detectability_penalty < 0
    ):
        raise ValueError(
            "`detectability_penalty` must be a finite number >= 0 (0 turns the "
            f"audits off); got {detectability_penalty!r}."
        )
    counts = {_jsonable(c): int(n) for c, n in zip(classes, counts_arr)}
    if not _n_new(counts, 1.0):
        raise ValueError(
            f"`y` is balanced ({counts}); there is no synthetic size to tune."
        )
    from sklearn.utils import check_random_state

    rng = check_random_state(random_state)
    seed = int(rng.randint(np.iinfo(np.int32).max))
    splits = _splits(cv, X, y, n_repeats=2 if cv is None else 1, random_state=seed)
    pos_label = _minority_label(classes, counts_arr) if len(classes) == 2 else None
    pos_label = _jsonable(pos_label)
    class_list = [_jsonable(c) for c in classes]

    tasks = [(r, i, tr, te) for r in grid for i, (tr, te) in enumerate(splits)]
    values = Parallel(n_jobs=n_jobs)(
        delayed(_fit_score_ratio)(
            pipeline, name, r, X, y, tr, te, metric, class_list, pos_label
        )
        for (r, _, tr, te) in progress(
            tasks, verbose=verbose, desc="tune sizes", total=len(tasks)
        )
    )
    table = np.asarray(values, dtype=float).reshape(len(grid), len(splits))
    scores = pd.DataFrame(
        table,
        index=pd.Index(grid, name="ratio"),
        columns=pd.RangeIndex(len(splits), name="fold"),
    )

    curve = pd.DataFrame({"ratio": grid})
    for c in _n_new(counts, 1.0):
        curve[f"n_synthetic_{c}"] = [_n_new(counts, r)[c] for r in grid]
    curve["score_mean"] = table.mean(axis=1)
    curve["score_std"] = [_std(row) for row in table]
    sign = 1.0 if metric.greater_is_better else -1.0
    audits = {}
    if detectability_penalty > 0:
        gaps, audits = _gaps(
            pipeline,
            index,
            sampler,
            X,
            y,
            counts,
            grid,
            auditors,
            seed,
            n_jobs,
            verbose,
        )
        curve["gap"] = [gaps[r] for r in grid]
        curve["objective"] = (
            curve["score_mean"] - sign * detectability_penalty * curve["gap"]
        )
        target = curve["objective"].to_numpy(dtype=float)
    else:
        target = curve["score_mean"].to_numpy(dtype=float)
    if np.isnan(target).all():
        raise ValueError(
            f"Every candidate scored NaN with `scoring`={metric.name!r}; check the "
            "scorer and that each validation fold holds every class."
        )
    best = int(np.nanargmax(sign * target))
    best_ratio = grid[best]
    best_strategy = {c: counts[c] + k for c, k in _n_new(counts, best_ratio).items()}
    if best_ratio == 0:
        best_params = {name: "passthrough"}
    else:
        best_params = {f"{name}__sampling_strategy": dict(best_strategy)}
    logger.info("tune_sampling_strategy: best ratio %g", best_ratio)
    return TuningResult(
        best_strategy_=best_strategy,
        best_ratio_=best_ratio,
        best_params_=best_params,
        curve_=curve,
        scores_=scores,
        scoring=metric.name,
        greater_is_better=metric.greater_is_better,
        sampler_step=name,
        detectability_penalty=float(detectability_penalty),
        audits_=audits,
    )
