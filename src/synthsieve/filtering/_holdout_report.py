"""sieve_report: fit a filtered sampler and complete its report with the hold-out
audits of its base sampler ("before") and of itself ("after")."""

from __future__ import annotations

import warnings
from dataclasses import replace

from sklearn.base import clone

from .._arguments import check_positive_int
from .._runtime import progress
from .._seeds import Streams
from .._warn import ShortfallWarning
from ..audit import audit_sampler
from ..detectors import check_detectors, default_auditors
from ..report import SieveReport
from ._sampler import FilteredOverSampler

__all__ = ["sieve_report", "sieve_report_and_data"]


def _base_sampler(sampler, seed):
    """The base sampler the fit used (``base_sampler_``: the user's, or the
    default chosen from the column kinds), with the filter's strategy."""
    base = clone(sampler.base_sampler_)
    if sampler.sampler is None:
        base.set_params(random_state=seed)
    strategy = sampler.sampling_strategy
    if not (isinstance(strategy, str) and strategy == "auto"):
        if "sampling_strategy" in base.get_params():
            base.set_params(sampling_strategy=strategy)
    return base


def sieve_report_and_data(
    sampler,
    X,
    y,
    *,
    auditors=None,
    random_state=None,
    n_repeats=1,
    cv=5,
    holdout=True,
    verbose=0,
):
    """:func:`sieve_report`, also returning the resampled data; without
    `holdout`, the fit's own report only (the command line's ``--no-holdout``)."""
    if not isinstance(sampler, FilteredOverSampler):
        raise TypeError(
            "`sampler` must be a FilteredOverSampler, got "
            f"{type(sampler).__name__}; wrap it: "
            "FilteredOverSampler(sampler=...)."
        )
    n_repeats = check_positive_int(n_repeats, "n_repeats")
    streams = Streams.of(random_state)
    # both audits draw the same half splits and folds: the one "audit" seed
    seed = streams.child("audit").seed()
    det_seed = streams.child("auditors").seed()
    dets = (
        default_auditors(det_seed)
        if auditors is None
        else check_detectors(auditors, det_seed)
    )
    stages = ["fit", "hold-out before", "hold-out after"] if holdout else ["fit"]
    bar = progress(stages, verbose=verbose, desc="sieve report", total=len(stages))
    audits = {}
    X_res = y_res = base = None
    for stage in bar:
        if verbose and hasattr(bar, "set_postfix_str"):
            bar.set_postfix_str(stage)
        if stage == "fit":
            X_res, y_res = sampler.fit_resample(X, y)
            base = _base_sampler(sampler, streams.child("base").seed())
            continue
        if stage == "hold-out before":
            target = base
        else:
            target = clone(sampler).set_params(auditors=None, verbose=0)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", ShortfallWarning)
            audits[stage.split()[-1]] = audit_sampler(
                target,
                X,
                y,
                protocol="holdout",
                detectors=dets,
                cv=cv,
                n_repeats=n_repeats,
                random_state=seed,
            )
    report = replace(
        sampler.report_,
        holdout=audits,
        extra={
            **sampler.report_.extra,
            "base_sampler": type(base).__name__,
            "auditors": list(dets),
            "n_repeats": n_repeats,
            "cv": cv,
        },
    )
    return report, X_res, y_res


def sieve_report(
    sampler, X, y, *, auditors=None, random_state=None, n_repeats=1, cv=5, verbose=0
) -> SieveReport:
    """Fit a filtered sampler and report on it, with the honest hold-out headline.

    `sampler` is fitted on (X, y) in place (its ``report_``, ``rejected_`` and
    ``accepted_`` are then available), and its in-fit report is completed with
    two hold-out audits (:func:`~synthsieve.audit_sampler`,
    ``protocol="holdout"``): of the wrapped base sampler (``sampler.sampler``,
    or SMOTE when None: "before") and of the filtered sampler ("after"). Both
    use the same half splits, auditors and real-vs-real reference, so the gaps
    compare directly. The hold-out gap is the headline: the in-fit figures are
    in-sample, since the accepted rows were chosen against the same real rows.

    Parameters
    ----------
    sampler : FilteredOverSampler
        Fitted in place. Its clones in the hold-out audit skip their own in-fit
        audits (``auditors=None``) and their shortfall warnings.
    X : array-like or DataFrame of shape (n_samples, n_features)
    y : array-like of shape (n_samples,)
    auditors : classifier, list or dict, default=None
        The hold-out auditors; None uses :func:`~synthsieve.default_auditors`.
        The in-fit audit uses the sampler's own `auditors`.
    random_state : int, RandomState instance or None, default=None
        Controls the half splits and the auditors' folds (not the sampler).
    n_repeats : int, default=1
        Random half splits; more repeats steady the estimate.
    cv : int, default=5
        Folds of the hold-out audits; each class needs at least ``2 * cv`` rows.
    verbose : int, default=0
        Show a progress bar over the three stages.

    Returns
    -------
    SieveReport
        With ``holdout = {"before": SamplerAudit, "after": SamplerAudit}``.

    See Also
    --------
    synthsieve.audit_sampler : the hold-out audit of any sampler.

    Examples
    --------
    >>> from sklearn.datasets import make_classification
    >>> from sklearn.linear_model import LogisticRegression
    >>> from synthsieve import FilteredOverSampler, sieve_report
    >>> X, y = make_classification(n_samples=300, n_features=4, weights=[0.8],
    ...                            random_state=0)
    >>> sampler = FilteredOverSampler(detector="logreg", auditors=None,
    ...                               random_state=0)
    >>> report = sieve_report(sampler, X, y, random_state=0,
    ...                       auditors={"lr": LogisticRegression()})
    >>> sorted(report.holdout)
    ['after', 'before']
    >>> print(report.headline()[1])
      class 1: ... (...) -> ... (...)
    """
    report, _, _ = sieve_report_and_data(
        sampler,
        X,
        y,
        auditors=auditors,
        random_state=random_state,
        n_repeats=n_repeats,
        cv=cv,
        verbose=verbose,
    )
    return report
