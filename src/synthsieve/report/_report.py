"""build_report: a SieveReport from what a fit recorded, one ClassOutcome a class."""

from __future__ import annotations

from dataclasses import replace

import numpy as np

from ..audit import audit
from ._class_overlap import overlap_shares
from ._measures import (
    _diversity,
    _profiles,
    _rejected_detail,
    _scores,
    _shift_records,
    sample_rows,
)
from ._records import ClassMeasures, ClassOutcome, clean
from ._sieve_report import SieveReport

__all__ = ["build_report"]


def build_report(
    outcomes,
    *,
    auditors=None,
    random_state=0,
    sampler="",
    max_audit_rows=None,
    audit_cv=5,
    copy_detector=None,
    real_sample=None,
    extra=None,
):
    """Assemble a :class:`SieveReport` from what a fit recorded per class.

    Parameters
    ----------
    outcomes : list of ClassOutcome
        One per over-sampled class, in the order of the report, each with the
        rows to measure (its ``sample``).
    auditors : dict of name to classifier, default=None
        With auditors, residual detectability is measured with
        :func:`~synthsieve.audit`, before (raw candidates) and after (accepted
        rows), in-sample.
    random_state : int, default=0
        Seed of the in-sample audits.
    sampler : str, default=""
        Name written in the report.
    max_audit_rows : int, default=None
        Audit at most this many rows of each side (real, raw, accepted) per
        class, a seeded sample; when a side was sampled, the report records
        the size in ``audit_rows``. None audits every row.
    audit_cv : int, default=5
        Folds of the in-sample audits (fewer when a side has fewer rows).
    copy_detector : CopyDetector, default=None
        The fitted copy detector that filtered the rows: the diversity
        section's copy and near-copy shares then use its definition (its
        threshold and the real rows it searches). None: a
        :class:`~synthsieve.CopyDetector` fitted on each class's real rows.
    real_sample : RealSample, default=None
        Real rows of every class (a seeded sample): with it, the class overlap
        of the real rows, the raw candidates and the accepted rows is measured
        (``overlap_real``, ``overlap_raw``, ``overlap_accepted``; see
        :func:`~synthsieve.class_overlap`).
    extra : dict, default=None
        Settings written in the report's ``extra``.

    Returns
    -------
    SieveReport
        Its ``classes`` map each label to the class's outcome, measured: a new
        :class:`ClassOutcome` with ``measures`` and without ``sample``.

    Examples
    --------
    >>> import numpy as np
    >>> import pandas as pd
    >>> from synthsieve.report import ClassOutcome, ClassSample, build_report
    >>> rng = np.random.default_rng(0)
    >>> real = pd.DataFrame({"a": rng.normal(size=20)})
    >>> outcome = ClassOutcome(
    ...     label=1, n_real=20, needed=10, candidates=12, accepted=10, rounds=1,
    ...     rejected={"copy": 2},
    ...     sample=ClassSample(real=real, raw=None, accepted=real.iloc[:10] + 0.1,
    ...                        real_scores=None,
    ...                        accepted_scores=rng.uniform(size=10)))
    >>> report = build_report([outcome], sampler="demo")
    >>> report.to_frame().loc[1, ["needed", "accepted", "rejected_copy"]].tolist()
    [10, 10, 2]
    >>> report.classes[1].measures.diversity["accepted"]["n_rows"]
    10
    """
    rng = np.random.default_rng(random_state)
    measured = [
        _measure(
            o,
            rng,
            auditors=auditors,
            max_audit_rows=max_audit_rows,
            audit_cv=audit_cv,
            copy_detector=copy_detector,
            real_sample=real_sample,
        )
        for o in outcomes
    ]
    return SieveReport(
        classes={o.label: o for o in measured},
        sampler=sampler,
        extra=dict(extra or {}),
    )


def _measure(
    o: ClassOutcome,
    rng,
    *,
    auditors,
    max_audit_rows,
    audit_cv,
    copy_detector,
    real_sample,
) -> ClassOutcome:
    """`o` measured: a new outcome with its measures, without its rows."""
    if o.sample is None:
        raise ValueError(
            f"The outcome of class {o.label!r} holds no rows to measure (it was "
            "measured already, or read back from JSON)."
        )
    s = o.sample
    real, raw, accepted = s.real, s.raw, s.accepted
    audit_rows, before, after = o.audit_rows, None, None
    if auditors is not None and len(real) >= 2 and raw is not None:
        cv = min(audit_cv, len(real), len(raw))
        if cv >= 2:
            seed = int(rng.integers(2**31 - 1))
            a_real, a_raw, a_acc = (
                rows
                if max_audit_rows is None
                else sample_rows(rows, max_audit_rows, seed)
                for rows in (real, raw, accepted)
            )
            if max(len(real), len(raw), len(accepted)) > (max_audit_rows or np.inf):
                audit_rows = int(max_audit_rows)  # some side sampled
            before = audit(a_real, a_raw, detectors=auditors, cv=cv, random_state=seed)
            if len(a_acc) >= cv:
                after = audit(
                    a_real, a_acc, detectors=auditors, cv=cv, random_state=seed
                )
    rejected_detail = _rejected_detail(s.rejected)
    scores = clean(_scores(s.real_scores, s.accepted_scores, s.rejected))
    # shift, profile and diversity describe distributions: on large data a
    # seeded sample of the synthetic rows measures them, in bounded memory
    raw_s, accepted_s = sample_rows(raw), sample_rows(accepted)
    shift = clean(_shift_records(real, raw_s, accepted_s))
    profile = clean(_profiles(real, raw_s, accepted_s))
    diversity = clean(
        _diversity(real, raw_s, accepted_s, label=o.label, copies=copy_detector)
    )
    overlap = (
        {}
        if real_sample is None
        else overlap_shares(real_sample, o.label, {"raw": raw, "accepted": accepted})
    )
    measures = ClassMeasures(
        before=before,
        after=after,
        rejected_detail=rejected_detail,
        scores=scores,
        shift=shift,
        profile=profile,
        diversity=diversity,
        **overlap,
    )
    return replace(o, audit_rows=audit_rows, measures=measures, sample=None)
