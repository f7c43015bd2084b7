"""Pipelines cross-validated side by side on the same folds: :func:`evaluate`."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from sklearn.utils.parallel import Parallel, delayed

from .._arguments import check_positive_int
from .._input import check_X_y
from .._result_io import ResultMixin, jsonable
from .._runtime import progress
from ..classifiers import KOTAROClassifier
from ._cv import _fit_score, _minority_label, _splits, _std
from ._metrics import _LABELS, _METRICS, _check_evaluate_scoring, _check_response

__all__ = ["Evaluation", "evaluate"]

logger = logging.getLogger(__name__)

#: Reference classifiers :func:`evaluate` adds by name (`baselines`): ways to
#: handle the imbalance without resampling, beside the bare classifier (no
#: resampling) and ``class_weight="balanced"`` the user passes in `pipelines`.
_BASELINES = {"kotaro": KOTAROClassifier}


def _with_baselines(pipelines: dict, baselines) -> dict:
    """`pipelines` with the named baselines added after them."""
    if baselines is None:
        return pipelines
    names = [baselines] if isinstance(baselines, str) else list(baselines)
    unknown = [b for b in names if b not in _BASELINES]
    if unknown:
        raise ValueError(
            f"`baselines` names {unknown}; the known baselines are "
            f"{sorted(_BASELINES)}."
        )
    out = dict(pipelines)
    for name in dict.fromkeys(names):
        if name in out:
            raise ValueError(
                f"`pipelines` already has an entry named {name!r}; rename it or "
                f"drop {name!r} from `baselines`."
            )
        out[name] = _BASELINES[name]()
    return out


@dataclass(repr=False)
class Evaluation(ResultMixin):
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
        The folds, the same for every pipeline; empty after :meth:`from_dict`.
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
        """The number of folds (read from `per_fold` when `folds` is empty)."""
        if self.folds:
            return len(self.folds)
        return int(self.per_fold["fold"].nunique())

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

    def __repr__(self) -> str:
        return (
            f"Evaluation(pipelines={self.pipelines}, metrics={self.metrics}, "
            f"n_folds={self.n_folds})"
        )

    def to_dict(self) -> dict:
        """Plain Python (JSON-ready): per pipeline, each metric's mean, std, folds.

        :meth:`from_dict` reads it back.
        """
        out = {
            "metrics": list(self.metrics),
            "classes": [jsonable(c) for c in self.classes],
            "pos_label": jsonable(self.pos_label),
            "n_folds": self.n_folds,
            "pipelines": {},
            "greater_is_better": dict(self.greater_is_better),
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

    @classmethod
    def from_dict(cls, d: dict) -> Evaluation:
        """Rebuild a result from :meth:`to_dict`; the fold indices are not kept.

        Parameters
        ----------
        d : dict
            What :meth:`to_dict` returned.

        Returns
        -------
        Evaluation
            With the same scores and fit times per pipeline and fold, and an
            empty `folds`.
        """
        metrics = list(d["metrics"])
        columns = [*metrics, "fit_time"]
        rows = []
        for name, entry in d["pipelines"].items():
            for i in range(len(entry["fit_time"]["folds"])):
                values = {c: float(entry[c]["folds"][i]) for c in columns}
                rows.append({"pipeline": str(name), "fold": i, **values})
        greater = d.get("greater_is_better") or {
            m: _METRICS[m].greater_is_better if m in _METRICS else True for m in metrics
        }
        return cls(
            per_fold=pd.DataFrame(rows, columns=["pipeline", "fold", *columns]),
            metrics=metrics,
            classes=list(d["classes"]),
            pos_label=d["pos_label"],
            folds=[],
            greater_is_better=dict(greater),
        )

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
        from ..plotting import axes_or_new

        metrics = list(self.metrics if metrics is None else metrics)
        unknown = [m for m in metrics if m not in self.metrics]
        if unknown:
            raise ValueError(
                f"`metrics` names {unknown}, not in this evaluation: {self.metrics}."
            )
        frame = self.to_frame()
        ax = axes_or_new(ax, figsize=(1.6 * len(metrics) + 2.5, 4.0))
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
    baselines=None,
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
        is the reweighting one; `baselines` adds others. Never pass a pipeline
        fitted on resampled data: give the sampler to the pipeline instead.
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
        ``"roc_auc"``, ``"brier"`` (Brier score), ``"log_loss"`` and
        ``"balanced_log_loss"`` (the last three: lower is better; see
        :func:`tune_sampling_strategy`); None takes all but the balanced log
        loss. The Brier score and log loss judge the probabilities, which
        oversampling shifts (see the :ref:`user guide <tuning-calibration>`). A
        dict maps names to scorer callables ``scorer(estimator, X, y)``.
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
    baselines : str or list of str, default=None
        Reference classifiers added after `pipelines`, by name. ``"kotaro"``
        adds :class:`~synthsieve.classifiers.KOTAROClassifier` with its
        defaults, under the name ``"kotaro"``: a kernel classifier whose widths
        follow each class's local density, without resampling or class
        weights. Opt-in, because its fit holds and inverts a square matrix of
        the training rows: memory grows with their square and time with their
        cube (a few seconds per fold at 2,000 rows, minutes at 10,000).

    Returns
    -------
    Evaluation
        ``to_frame()``, ``summary()``, ``plot()``, ``to_dict()``,
        ``to_json()``, ``to_html()``; per-fold scores and fit times in
        ``per_fold``.

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
    (2, 16)
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
    pipelines = _with_baselines(pipelines, baselines)
    if not pipelines:
        raise ValueError("`pipelines` is empty; give at least one classifier.")
    X, y = check_X_y(X, y, as_frame=False)
    classes, counts = np.unique(y, return_counts=True)
    metrics = _check_evaluate_scoring(scoring)
    for name, est in pipelines.items():
        _check_response(est, metrics, f"pipelines[{name!r}]")
    n_repeats = check_positive_int(n_repeats, "n_repeats")
    splits = _splits(cv, X, y, n_repeats=n_repeats, random_state=random_state)
    pos_label = _minority_label(classes, counts) if len(classes) == 2 else None
    pos_label = jsonable(pos_label)
    class_list = [jsonable(c) for c in classes]

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
