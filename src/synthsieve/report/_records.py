"""What a fit recorded for one class: the typed input of :func:`build_report`."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

__all__ = ["ClassOutcome"]


@dataclass
class ClassOutcome:
    """What the filter did for one class, as :func:`build_report` reads it.

    The filter writes one per over-sampled class; the report reads it and never
    calls back.

    Parameters
    ----------
    label : object
        The class label.
    n_real : int
        Real rows of the class.
    needed : int
        Synthetic rows asked for.
    candidates : int
        Candidates the base sampler proposed, over all rounds.
    accepted : int
        Rows accepted (including those filled in after a shortfall).
    filled : int
        Accepted rows that fill a shortfall: the least detectable candidates
        the detector had turned down.
    rounds : int
        Proposal rounds run.
    jitter : float or None
        Scale of the noise added to the candidates; None when not used.
    rejected_counts : dict of str to int
        Rejected candidates per reason (``invalid``, ``copy``, ``near_copy``,
        ``duplicate``, ``detectable``).
    real : DataFrame
        The real rows of the class.
    raw : DataFrame or None
        First-round candidates before repair; None when not recorded.
    accepted_rows : DataFrame
        The accepted rows.
    real_scores : list of ndarray or None
        Out-of-fold detector scores of the real rows, one array per round;
        None when not recorded.
    accepted_scores : ndarray
        Detector scores of the accepted rows.
    rejected : DataFrame, default=empty
        This class's rejected candidates, with ``reason`` and ``score`` columns.
    note : str, default=""
        Why the class got fewer rows than asked, when the filter knows (for
        example: every row its columns allow exists already).
    audit_rows : int or None, default=None
        When `real`, `raw` and `accepted_rows` are a seeded sample of at most
        this many rows a side (some side had more rows): the size, which the
        report records; None when they are every row.

    Examples
    --------
    >>> import numpy as np
    >>> import pandas as pd
    >>> from synthsieve.report import ClassOutcome
    >>> real = pd.DataFrame({"a": [0.0, 1.0, 2.0]})
    >>> outcome = ClassOutcome(
    ...     label=1, n_real=3, needed=2, candidates=2, accepted=2, filled=0,
    ...     rounds=1, jitter=None, rejected_counts={}, real=real, raw=None,
    ...     accepted_rows=real.iloc[:2], real_scores=None,
    ...     accepted_scores=np.array([0.4, 0.5]))
    >>> outcome.accepted, len(outcome.rejected)
    (2, 0)
    """

    label: object
    n_real: int
    needed: int
    candidates: int
    accepted: int
    filled: int
    rounds: int
    jitter: float | None
    rejected_counts: dict
    real: pd.DataFrame
    raw: pd.DataFrame | None
    accepted_rows: pd.DataFrame
    real_scores: list | None
    accepted_scores: np.ndarray
    rejected: pd.DataFrame = field(
        default_factory=lambda: pd.DataFrame(columns=["reason", "score"])
    )
    note: str = ""
    audit_rows: int | None = None
