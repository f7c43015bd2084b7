"""Whether the filter helped a class: read from the counts at fit, and from the
report's audit when the report is read.

The filter costs many times its base sampler. Where it cannot make a class's
rows harder to detect, the user should hear so, with the reason, rather than
pay for rows no better than the base sampler's.
"""

from __future__ import annotations

import numpy as np

from .._values import label_repr

__all__ = [
    "MIN_REMOVED",
    "no_gain_reason",
    "no_help_message",
    "no_help_reason",
    "removed_little_reason",
]

#: When the detector turns down fewer than this share of the candidates it
#: scores, the filter removed next to nothing: its rows are the base sampler's.
MIN_REMOVED = 0.1


def _chance_se(result) -> float:
    """Standard error of a ROC AUC near 0.5 from the audited row counts
    (Hanley and McNeil, 1982): what chance alone moves it by."""
    n1, n2 = max(1, result.n_real), max(1, result.n_synthetic)
    return float(np.sqrt((n1 + n2 + 1) / (12.0 * n1 * n2)))


def removed_little_reason(outcome) -> str:
    """Why the filter did not help a class (its
    :class:`~synthsieve.report.ClassOutcome`), read from the counts alone (a
    fit tells it without an audit); '' when it cannot tell."""
    if outcome.accepted - outcome.filled > 0 and outcome.detectable < (
        MIN_REMOVED * outcome.scored
    ):
        return (
            f"the detector turned down only {outcome.detectable:,} of the "
            f"{outcome.scored:,} candidates it scored, so the accepted "
            "rows are almost the base sampler's own: the base sampler alone "
            "gives rows as good, at a fraction of the cost"
        )
    return ""


def no_gain_reason(outcome) -> str:
    """Why the filter did not help a class (its measured
    :class:`~synthsieve.report.ClassOutcome`), read from the report's audit
    (computed when the report is read); '' when it helped, or when the report
    has no audit."""
    before, after = outcome.measures.before, outcome.measures.after
    if before is None or after is None:
        return ""
    # the raw candidates clearly detectable (beyond twice chance's standard
    # error), and the accepted rows no nearer chance at all: the in-fit audit is
    # in-sample and flatters the accepted rows, so this is no gain for sure
    b, a = abs(before.roc_auc - 0.5), abs(after.roc_auc - 0.5)
    if b > 2 * _chance_se(before) and a >= b:
        return (
            f"the accepted rows are as detectable as the base sampler's "
            f"candidates (in-sample ROC AUC {before.roc_auc:.2f} before, "
            f"{after.roc_auc:.2f} after): the detector did not find what the "
            "auditors find; try detector='mlp', another base sampler, or the "
            "base sampler alone"
        )
    return ""


def no_help_reason(outcome) -> str:
    """Why the filter did not help the class of `outcome`; '' when it helped,
    or when the report cannot tell."""
    return removed_little_reason(outcome) or no_gain_reason(outcome)


def no_help_message(label, reason: str) -> str:
    """The warning for a class the filter did not help."""
    return f"The filter did not help class {label_repr(label)}: {reason}."
