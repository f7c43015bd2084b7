"""How many synthetic rows to add: :func:`tune_sampling_strategy`."""

from __future__ import annotations

import logging
import numbers
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from sklearn.base import clone
from sklearn.utils.parallel import Parallel, delayed

from .._input import check_X_y
from .._result_io import ResultMixin, jsonable
from .._runtime import progress
from .._seeds import Streams
from ..audit import audit_sampler
from ..detectors import make_detector
from ._cv import _fit_score, _minority_label, _splits, _std
from ._metrics import _check_response, _check_tuning_scoring
from ._sizes import _check_grid, _n_new, _SyntheticSize

__all__ = ["TuningResult", "tune_sampling_strategy"]

logger = logging.getLogger(__name__)


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


@dataclass(repr=False)
class TuningResult(ResultMixin):
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
    0    0.0              0        0.93       0.62
    1    1.0            238        0.79       0.80
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

    def __repr__(self) -> str:
        return (
            f"TuningResult(best_ratio_={self.best_ratio_:g}, "
            f"best_strategy_={self.best_strategy_}, scoring={self.scoring!r})"
        )

    def to_dict(self) -> dict:
        """Plain Python (JSON-ready): choice, curve, scores; see :meth:`from_dict`."""
        return {
            "best_ratio": self.best_ratio_,
            "best_strategy": {
                str(jsonable(k)): v for k, v in self.best_strategy_.items()
            },
            "scoring": self.scoring,
            "greater_is_better": self.greater_is_better,
            "sampler_step": self.sampler_step,
            "detectability_penalty": self.detectability_penalty,
            "curve": self.curve_.to_dict(orient="records"),
            "classes": [jsonable(k) for k in self.best_strategy_],
            "scores": self.scores_.to_numpy(dtype=float).tolist(),
        }

    @classmethod
    def from_dict(cls, d: dict) -> TuningResult:
        """Rebuild a result from :meth:`to_dict`; the audits are not kept.

        Parameters
        ----------
        d : dict
            What :meth:`to_dict` returned.

        Returns
        -------
        TuningResult
            With the same choice, curve and scores, and an empty `audits_`.
        """
        labels = {str(c): c for c in d.get("classes", [])}
        best_strategy = {
            labels.get(k, k): int(v) for k, v in d["best_strategy"].items()
        }
        step, ratio = d["sampler_step"], float(d["best_ratio"])
        if ratio == 0:
            best_params = {step: "passthrough"}
        else:
            best_params = {f"{step}__sampling_strategy": dict(best_strategy)}
        curve = pd.DataFrame.from_records(d["curve"])
        scores = np.asarray(d.get("scores", []), dtype=float).reshape(len(curve), -1)
        return cls(
            best_strategy_=best_strategy,
            best_ratio_=ratio,
            best_params_=best_params,
            curve_=curve,
            scores_=pd.DataFrame(
                scores,
                index=pd.Index(curve["ratio"].tolist(), name="ratio"),
                columns=pd.RangeIndex(scores.shape[1], name="fold"),
            ),
            scoring=d["scoring"],
            greater_is_better=bool(d["greater_is_better"]),
            sampler_step=step,
            detectability_penalty=float(d["detectability_penalty"]),
        )

    def to_frame(self) -> pd.DataFrame:
        """The curve: one row per candidate ratio (a copy of ``curve_``)."""
        return self.curve_.copy()

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
        from ..plotting import axes_or_new

        ax = axes_or_new(ax)
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
    return {
        "hgb": make_detector("hgb-fast", seed),
        "logreg": make_detector("logreg-fast", seed),
    }


def _gaps(
    pipeline, index, sampler, X, y, counts, grid, auditors, streams, n_jobs, verbose
):
    """Hold-out detectability gap of the sampler at each ratio of the grid, every
    ratio audited with the same seed (the same half splits and folds)."""
    seed = streams.child("audit").seed()
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
        dets = (
            auditors
            if auditors is not None
            else _fast_auditors(streams.child("auditors").seed())
        )
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


def _check_penalty(detectability_penalty):
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


def _score_grid(
    pipeline, name, grid, X, y, splits, metric, classes, pos_label, n_jobs, verbose
) -> pd.DataFrame:
    """The validation score of every ratio of `grid` on every split."""
    class_list = [jsonable(c) for c in classes]
    pos_label = jsonable(pos_label)
    tasks = [(r, tr, te) for r in grid for tr, te in splits]
    values = Parallel(n_jobs=n_jobs)(
        delayed(_fit_score_ratio)(
            pipeline, name, r, X, y, tr, te, metric, class_list, pos_label
        )
        for (r, tr, te) in progress(
            tasks, verbose=verbose, desc="tune sizes", total=len(tasks)
        )
    )
    return pd.DataFrame(
        np.asarray(values, dtype=float).reshape(len(grid), len(splits)),
        index=pd.Index(grid, name="ratio"),
        columns=pd.RangeIndex(len(splits), name="fold"),
    )


def _score_curve(counts, grid, table) -> pd.DataFrame:
    """Each ratio's synthetic rows per class and its scores' mean and spread."""
    curve = pd.DataFrame({"ratio": grid})
    for c in _n_new(counts, 1.0):
        curve[f"n_synthetic_{c}"] = [_n_new(counts, r)[c] for r in grid]
    curve["score_mean"] = table.mean(axis=1)
    curve["score_std"] = [_std(row) for row in table]
    return curve


def _best(target, sign, grid, counts, name, metric):
    """The best ratio of `grid` by `target`, its strategy and pipeline params."""
    if np.isnan(target).all():
        raise ValueError(
            f"Every candidate scored NaN with `scoring`={metric.name!r}; check the "
            "scorer and that each validation fold holds every class."
        )
    best_ratio = grid[int(np.nanargmax(sign * target))]
    strategy = {c: counts[c] + k for c, k in _n_new(counts, best_ratio).items()}
    if best_ratio == 0:
        return best_ratio, strategy, {name: "passthrough"}
    return best_ratio, strategy, {f"{name}__sampling_strategy": dict(strategy)}


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
    X, y = check_X_y(X, y, as_frame=False)
    classes, counts_arr = np.unique(y, return_counts=True)
    metric = _check_tuning_scoring(scoring)
    _check_response(pipeline, [metric], "pipeline")
    grid = _check_grid(grid)
    _check_penalty(detectability_penalty)
    counts = {jsonable(c): int(n) for c, n in zip(classes, counts_arr)}
    if not _n_new(counts, 1.0):
        raise ValueError(
            f"`y` is balanced ({counts}); there is no synthetic size to tune."
        )
    streams = Streams.of(random_state)
    splits = _splits(
        cv,
        X,
        y,
        n_repeats=2 if cv is None else 1,
        random_state=streams.child("folds").seed(),
    )
    pos_label = _minority_label(classes, counts_arr) if len(classes) == 2 else None
    scores = _score_grid(
        pipeline, name, grid, X, y, splits, metric, classes, pos_label, n_jobs, verbose
    )
    curve = _score_curve(counts, grid, scores.to_numpy())
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
            streams,
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
    best_ratio, best_strategy, best_params = _best(
        target, sign, grid, counts, name, metric
    )
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
