"""What a fit keeps for ``report_``, and the report computed from it when read.

A fit in a pipeline or a cross-validation never reads its report; the audit and
the measures (diversity, feature shift, class overlap) cost as much as a good
part of the filtering. So the fit keeps only what they need, a seeded sample
of at most ``REPORT_ROWS`` rows a side per class (real, raw first-round
candidates, accepted) and of the real rows of every other class, with the
counts and the seeds, and the first read of ``report_`` computes the report and
caches it here.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np

from .._seeds import Streams
from .._warn import SynthsieveWarning, warn
from ..report import ClassSample, build_report
from ..report._class_overlap import RealSample
from ..report._measures import sample_rows
from ._verdict import no_gain_reason, no_help_message, removed_little_reason

__all__ = ["REPORT_ROWS", "ReportBasis", "keep_for_report"]

#: Rows a side (real, raw, accepted) of each class, and real rows of every
#: other class, that the report measures: a seeded sample, so that the report
#: costs little at any size and the fit keeps little for it.
REPORT_ROWS = 1000

#: Folds of the report's in-sample audit.
AUDIT_CV = 3


@dataclass
class ReportBasis:
    """What a fit keeps for its report; `report` caches it once read.

    Parameters
    ----------
    outcomes : list of ClassOutcome
        One per over-sampled class: its counts and, in its ``sample``, a
        seeded sample of at most ``REPORT_ROWS`` rows a side; the rejected
        candidates are read from the sampler's ``rejected_`` when the report
        is computed. ``no_help`` is set where the fit already warned (the
        counts showed that the detector turned down next to nothing).
    real_sample : RealSample
        At most ``REPORT_ROWS`` real rows of every class (the class overlap's
        reference).
    auditors : dict or None
        The unfitted auditors, seeded at fit.
    seed : int
        Seed of the audit.
    sampler : str
        Name written in the report.
    extra : dict
        Settings written in the report's ``extra``.
    """

    outcomes: list
    real_sample: RealSample
    auditors: dict | None
    seed: int
    sampler: str
    extra: dict
    report: object = None

    def compute(self, rejected, copy_detector):
        """The report (cached after the first call); warns for each class the
        audit shows the filter did not make harder to detect."""
        if self.report is not None:
            return self.report
        outcomes = [
            replace(o, sample=replace(o.sample, rejected=_of_class(rejected, o.label)))
            for o in self.outcomes
        ]
        report = build_report(
            outcomes,
            auditors=self.auditors,
            random_state=self.seed,
            sampler=self.sampler,
            max_audit_rows=REPORT_ROWS,
            audit_cv=AUDIT_CV,
            copy_detector=copy_detector,
            real_sample=self.real_sample,
            extra=self.extra,
        )
        report = replace(
            report, classes={label: _judged(o) for label, o in report.classes.items()}
        )
        self.report = report
        return report


def _judged(outcome):
    """`outcome` with the audit's verdict, warned about, unless the fit already
    gave one (from the counts)."""
    if outcome.no_help:
        return outcome
    reason = no_gain_reason(outcome)
    if not reason:
        return outcome
    warn(no_help_message(outcome.label, reason), SynthsieveWarning)
    return replace(outcome, no_help=reason)


def keep_for_report(
    records, accepted, real_sample, *, auditors, seed, sampler, extra, scored=True
):
    """The :class:`ReportBasis` of a fit; warns, per class, when the counts
    alone show that the detector removed next to nothing (with `scored`:
    a detector scored the candidates)."""
    streams = Streams.of(seed)
    outcomes = []
    for i, (r, rows) in enumerate(zip(records, accepted)):
        s = streams.child("class", i).seed()
        raw = r.raw_first_round
        sides = (r.real, raw, rows)
        sampled = max(0 if x is None else len(x) for x in sides) > REPORT_ROWS
        sample = ClassSample(
            real=real_sample.of(r.label),
            raw=_copy(sample_rows(raw, REPORT_ROWS, s)),
            accepted=_copy(sample_rows(rows, REPORT_ROWS, s)),
            real_scores=(
                [np.asarray(x, dtype=float) for x in r.real_scores]
                if r.real_scores
                else None
            ),
            accepted_scores=np.concatenate(
                [m["score"].to_numpy() for m in r.accepted_meta()] or [[]]
            ),
        )
        outcome = r.outcome(
            len(rows), sample, audit_rows=REPORT_ROWS if sampled else None
        )
        reason = scored and removed_little_reason(outcome)
        if reason:
            outcome = replace(outcome, no_help=reason)
            warn(no_help_message(r.label, reason), SynthsieveWarning)
        outcomes.append(outcome)
    return ReportBasis(
        outcomes=outcomes,
        real_sample=real_sample,
        auditors=auditors,
        seed=int(seed),
        sampler=sampler,
        extra=dict(extra),
    )


def _copy(rows):
    """A sample of its own (not a view that holds the full frame alive)."""
    return None if rows is None else rows.copy()


def _of_class(rejected, label):
    """The rejected candidates of class `label`: their reasons and scores."""
    if rejected is None or "class" not in getattr(rejected, "columns", ()):
        return ClassSample.__dataclass_fields__["rejected"].default_factory()
    mine = rejected["class"] == label
    return rejected.loc[mine, ["reason", "score"]].reset_index(drop=True)
