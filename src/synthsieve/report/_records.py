"""One class's result: the only currency from the filter's rounds to the report.

A fit ends each over-sampled class with one frozen :class:`ClassOutcome`: its
counts, and the seeded sample of rows (:class:`ClassSample`) its measures are
computed from. :func:`build_report` measures it (a new outcome, with
:class:`ClassMeasures` and without the rows), the verdict adds ``no_help``
(again a new outcome, by :func:`dataclasses.replace`), and the report's summary,
tables, plots, HTML and JSON read its attributes. The JSON and the mapping read
of earlier versions are the only places it becomes a dict (:meth:`to_dict`,
:meth:`from_dict`).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, fields

import numpy as np
import pandas as pd

from .._result_io import jsonable
from ..audit import AuditResult

__all__ = ["ClassMeasures", "ClassOutcome", "ClassSample"]

#: The counts of a class, in the order of the JSON and the tables.
COUNTS = ("n_real", "needed", "candidates", "accepted", "filled", "rounds")

#: The class-overlap measures (see ``FilteredOverSampler``'s
#: ``class_consistency`` and :func:`~synthsieve.class_overlap`).
OVERLAP = ("overlap_real", "overlap_raw", "overlap_accepted")

#: The JSON-ready measure documents, in the order of the JSON.
DOCUMENTS = ("rejected_detail", "scores", "shift", "profile", "diversity")

#: The in-sample audits: raw candidates ("before"), accepted rows ("after").
STAGES = ("before", "after")


def _no_rejected() -> pd.DataFrame:
    return pd.DataFrame(columns=["reason", "score"])


@dataclass(frozen=True)
class ClassSample:
    """The rows one class's measures are computed from: kept at fit (a seeded
    sample on large data), dropped once the class is measured.

    Parameters
    ----------
    real : DataFrame
        Real rows of the class.
    raw : DataFrame or None
        First-round candidates before repair; None when not recorded.
    accepted : DataFrame
        The accepted rows.
    real_scores : list of ndarray or None
        Out-of-fold detector scores of the real rows, one array per round;
        None when not recorded.
    accepted_scores : ndarray
        Detector scores of the accepted rows.
    rejected : DataFrame, default=empty
        The class's rejected candidates, with ``reason`` and ``score`` columns.
    """

    real: pd.DataFrame
    raw: pd.DataFrame | None
    accepted: pd.DataFrame
    real_scores: list | None
    accepted_scores: np.ndarray
    rejected: pd.DataFrame = field(default_factory=_no_rejected)


@dataclass(frozen=True)
class ClassMeasures:
    """What the report measured for one class, when it was read.

    None marks a measure not taken (no auditors, no other class, a report
    read back from a JSON that lacks it). The documents (`rejected_detail`,
    `scores`, `shift`, `profile`, `diversity`) are JSON-ready values, written
    as they are; :class:`~synthsieve.SieveReport` documents their content.

    Parameters
    ----------
    before, after : AuditResult or None
        In-sample audits of the raw first-round candidates and of the accepted
        rows against the real rows.
    rejected_detail : dict or None
        Every recorded rejection reason (an invalid row's broken rule named)
        to its count.
    scores : dict or None
        Histograms of the detector's scores: real, accepted, rejected rows.
    shift : list of dict or None
        One record per column, largest shift first.
    profile : dict or None
        :func:`~synthsieve.domain_profile` of the raw and the accepted rows.
    diversity : dict or None
        Distances to the closest real row, copies and coverage.
    overlap_real, overlap_raw, overlap_accepted : float or None
        Mean share of other classes' rows among the nearest real rows of the
        real rows, the raw candidates and the accepted rows.
    """

    before: AuditResult | None = None
    after: AuditResult | None = None
    rejected_detail: dict | None = None
    scores: dict | None = None
    shift: list | None = None
    profile: dict | None = None
    diversity: dict | None = None
    overlap_real: float | None = None
    overlap_raw: float | None = None
    overlap_accepted: float | None = None

    @property
    def audited(self) -> bool:
        """True when an in-sample audit ran."""
        return self.before is not None or self.after is not None

    @property
    def overlap(self) -> dict:
        """The overlap shares taken, ``{"real": ..., "raw": ..., "accepted": ...}``."""
        shares = {name: getattr(self, f"overlap_{name}") for name in _OVERLAP_SETS}
        return {k: v for k, v in shares.items() if v is not None}

    @property
    def overlap_excess(self) -> float | None:
        """How much deeper in other classes' regions the accepted rows sit than
        the real rows (accepted share minus real share); None when unknown."""
        real, acc = self.overlap_real, self.overlap_accepted
        if real is None or acc is None:
            return None
        if not (math.isfinite(real) and math.isfinite(acc)):
            return None
        return acc - real


_OVERLAP_SETS = ("real", "raw", "accepted")


@dataclass(frozen=True)
class ClassOutcome:
    """What the filter did for one class, and what the report measured of it.

    The filter makes one per over-sampled class at fit (counts and `sample`);
    :func:`build_report` returns it measured (`measures` filled, `sample`
    dropped); the verdict sets `no_help`. It is frozen: a stage that changes it
    makes a new one with :func:`dataclasses.replace`.

    Parameters
    ----------
    label : object
        The class label.
    n_real : int, default=0
        Real rows of the class.
    needed : int, default=0
        Synthetic rows asked for.
    candidates : int, default=0
        Candidates the base sampler proposed, over all rounds.
    accepted : int, default=0
        Rows accepted (including those filled in after a shortfall).
    filled : int, default=0
        Accepted rows that fill a shortfall: the least detectable candidates
        the detector had turned down.
    rounds : int, default=0
        Proposal rounds run.
    rejected : dict of str to int, default={}
        Rejected candidates per reason (``invalid``, ``copy``, ``near_copy``,
        ``duplicate``, ``detectable``, ``other_class``); a copy is kept.
    jitter : float or None, default=None
        Scale of the noise added to the candidates; None when not used.
    note : str, default=""
        Why the class got fewer rows than asked, when the filter knows (for
        example: every row its columns allow exists already).
    audit_rows : int or None, default=None
        When the measures read a seeded sample of at most this many rows a
        side (some side had more rows): the size; None when they read every
        row.
    no_help : str, default=""
        Why the filter changed little for the class, when it did.
    measures : ClassMeasures, default=ClassMeasures()
        What the report measured; empty until :func:`build_report` ran.
    sample : ClassSample or None, default=None
        The rows to measure; None once measured (and in a report read back
        from JSON).

    Examples
    --------
    >>> import dataclasses
    >>> import numpy as np
    >>> import pandas as pd
    >>> from synthsieve.report import ClassOutcome, ClassSample
    >>> real = pd.DataFrame({"a": [0.0, 1.0, 2.0]})
    >>> outcome = ClassOutcome(
    ...     label=1, n_real=3, needed=2, candidates=3, accepted=2, rounds=1,
    ...     rejected={"copy": 1},
    ...     sample=ClassSample(real=real, raw=None, accepted=real.iloc[:2],
    ...                        real_scores=None,
    ...                        accepted_scores=np.array([0.4, 0.5])))
    >>> outcome.accepted, outcome.shortfall, outcome.rejected
    (2, 0, {'copy': 1})
    >>> dataclasses.replace(outcome, note="why").note
    'why'
    """

    label: object
    n_real: int = 0
    needed: int = 0
    candidates: int = 0
    accepted: int = 0
    filled: int = 0
    rounds: int = 0
    rejected: dict = field(default_factory=dict)
    jitter: float | None = None
    note: str = ""
    audit_rows: int | None = None
    no_help: str = ""
    measures: ClassMeasures = field(default_factory=ClassMeasures)
    sample: ClassSample | None = field(default=None, compare=False, repr=False)

    def __post_init__(self):
        object.__setattr__(self, "rejected", dict(self.rejected))

    # ------------------------------------------------------------ derived

    @property
    def shortfall(self) -> int:
        """Rows fewer than asked (0 when the class got what it needed)."""
        return max(0, self.needed - self.accepted)

    @property
    def detectable(self) -> int:
        """Candidates the detector turned down (and that stayed so)."""
        return int(self.rejected.get("detectable", 0))

    @property
    def scored(self) -> int:
        """Candidates the detector scored and decided on: those it accepted
        (filled rows aside) and those it turned down."""
        return self.accepted - self.filled + self.detectable

    # ------------------------------------------------------------ JSON edge

    def to_dict(self) -> dict:
        """The class's entry in :meth:`SieveReport.to_dict
        <synthsieve.SieveReport.to_dict>` (JSON-ready; NaN as None)."""
        entry = {"label": jsonable(self.label)}
        entry.update({k: int(getattr(self, k)) for k in COUNTS})
        entry["rejected"] = {k: int(v) for k, v in self.rejected.items()}
        if self.jitter is not None:
            entry["jitter"] = float(self.jitter)
        if self.audit_rows is not None:
            entry["audit_rows"] = int(self.audit_rows)
        if self.note:
            entry["note"] = str(self.note)
        if self.no_help:
            entry["no_help"] = str(self.no_help)
        m = self.measures
        for key in OVERLAP:
            if getattr(m, key) is not None:
                entry[key] = clean(float(getattr(m, key)))
        for key in DOCUMENTS:
            if getattr(m, key) is not None:
                entry[key] = clean(getattr(m, key))
        for when in STAGES:
            if getattr(m, when) is not None:
                entry[when] = getattr(m, when).to_dict()
        return entry

    @classmethod
    def from_dict(cls, entry: dict, label=None) -> ClassOutcome:
        """Read back what :meth:`to_dict` wrote; also takes the mapping of
        earlier versions (audits as :class:`~synthsieve.AuditResult`, the label
        given apart)."""
        overlap = {
            key: float("nan") if entry[key] is None else float(entry[key])
            for key in OVERLAP
            if key in entry
        }
        audits = {
            when: _audit(entry[when]) for when in STAGES if entry.get(when) is not None
        }
        documents = {key: entry[key] for key in DOCUMENTS if key in entry}
        return cls(
            label=entry["label"] if label is None else label,
            **{k: entry.get(k, 0) for k in COUNTS},
            rejected=dict(entry["rejected"]),
            jitter=None if entry.get("jitter") is None else float(entry["jitter"]),
            note=str(entry.get("note") or ""),
            audit_rows=(
                None if entry.get("audit_rows") is None else int(entry["audit_rows"])
            ),
            no_help=str(entry.get("no_help") or ""),
            measures=ClassMeasures(**audits, **documents, **overlap),
        )

    # ------------------------------------------------------------ mapping read

    def _mapping(self) -> dict:
        """The dict a report's class entry was in earlier versions: the counts,
        ``rejected``, the optional fields and the measures taken."""
        out = {k: getattr(self, k) for k in COUNTS}
        out["rejected"] = dict(self.rejected)
        if self.jitter is not None:
            out["jitter"] = float(self.jitter)
        if self.note:
            out["note"] = self.note
        if self.audit_rows is not None:
            out["audit_rows"] = self.audit_rows
        for f in fields(ClassMeasures):
            value = getattr(self.measures, f.name)
            if value is not None:
                out[f.name] = value
        if self.no_help:
            out["no_help"] = self.no_help
        return out

    def __getitem__(self, key):
        """Read-only access by the keys of earlier versions
        (``outcome["accepted"]``, ``outcome["after"]``); attributes are the
        interface, and the package itself reads only those."""
        return self._mapping()[key]

    def __contains__(self, key) -> bool:
        return key in self._mapping()

    def get(self, key, default=None):
        """``outcome[key]``, or `default` when the class lacks it."""
        return self._mapping().get(key, default)

    def keys(self):
        """The keys of :meth:`__getitem__`."""
        return self._mapping().keys()


def _audit(value) -> AuditResult:
    return value if isinstance(value, AuditResult) else AuditResult.from_dict(value)


def clean(obj):
    """JSON-ready copy: numpy scalars to Python, NaN and inf to None."""
    if isinstance(obj, dict):
        return {
            str(jsonable(k)) if not isinstance(k, str) else k: clean(v)
            for k, v in obj.items()
        }
    if isinstance(obj, (list, tuple)):
        return [clean(v) for v in obj]
    if isinstance(obj, np.ndarray):
        return clean(obj.tolist())
    if isinstance(obj, np.generic):
        obj = obj.item()
    if isinstance(obj, float) and not math.isfinite(obj):
        return None
    return obj
