"""The report's class-overlap measure: how deep a class's rows sit in other
classes' regions, for its real rows, the raw candidates and the accepted rows.

The measure is :func:`~synthsieve.class_overlap`'s: the share of other-class
rows among a row's 5 nearest real rows (real rows among the other real rows,
themselves left out). The report measures it on what a fit keeps, a seeded
sample of at most 1,000 real rows of every class (:class:`RealSample`). Where a
class had more rows than that, each sampled row stands for ``n_rows / n_kept``
rows of its class: a neighbour's vote is weighted so, which keeps the classes'
proportions of the full data in the share. With every class under the cap the
weights are 1 and the figures are :func:`~synthsieve.class_overlap`'s own.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from .._overlap import ClassOverlap

__all__ = [
    "OVERLAP_EXCESS",
    "OVERLAP_K",
    "RealSample",
    "overlap_advice",
    "overlap_hurts",
    "overlap_shares",
]

#: Nearest real rows per row of the overlap measure.
OVERLAP_K = 5

#: When the accepted rows' mean other-class share exceeds the real rows' own by
#: more than this, the report says that the accepted rows sit deeper in other
#: classes' regions than the real rows do (they can add false positives).
OVERLAP_EXCESS = 0.05


@dataclass
class RealSample:
    """A seeded sample of at most `max_rows` real rows of every class.

    Parameters
    ----------
    rows : DataFrame
        The sampled rows, in their original order.
    y : ndarray
        Their classes.
    counts : dict
        Class to its number of real rows in the full data.
    """

    rows: pd.DataFrame
    y: np.ndarray
    counts: dict = field(default_factory=dict)

    @classmethod
    def draw(cls, frame: pd.DataFrame, y, max_rows: int, seed: int) -> RealSample:
        """At most `max_rows` rows of each class of `frame`, a seeded sample."""
        y = np.asarray(y)
        rng = np.random.default_rng(seed)
        labels, counts = np.unique(y, return_counts=True)
        picks = []
        for label in labels:
            rows = np.flatnonzero(y == label)
            if len(rows) > max_rows:
                rows = rng.choice(rows, max_rows, replace=False)
            picks.append(rows)
        pick = np.sort(np.concatenate(picks)) if picks else np.empty(0, dtype=int)
        return cls(
            rows=frame.iloc[pick].reset_index(drop=True),
            y=y[pick],
            counts={label: int(n) for label, n in zip(labels.tolist(), counts)},
        )

    def of(self, label) -> pd.DataFrame:
        """The sampled rows of class `label`."""
        return self.rows[self.y == label].reset_index(drop=True)


def overlap_shares(sample: RealSample, label, rows: dict, k: int = OVERLAP_K) -> dict:
    """Mean other-class share of the real rows of `label` and of each row set.

    Parameters
    ----------
    sample : RealSample
        The real rows of every class.
    label : class label
    rows : dict of str to DataFrame or None
        Row sets of class `label` to measure (``"raw"``, ``"accepted"``).
    k : int, default=OVERLAP_K

    Returns
    -------
    dict
        ``overlap_real`` and ``overlap_<name>`` per row set: mean shares in
        [0, 1]; empty when the sample has no other class or fewer than 2 real
        rows of `label`.
    """
    y = np.asarray(sample.y)
    own = np.flatnonzero(y == label)
    if len(own) < 2 or len(np.unique(y)) < 2:
        return {}
    index = ClassOverlap(k=k, max_rows=len(y)).fit(sample.rows, y)
    kept = {c: int(n) for c, n in zip(*np.unique(y, return_counts=True))}
    weight = np.array([sample.counts.get(c, kept[c]) / kept[c] for c in y.tolist()])
    other = (y != label).astype(float)

    def mean_share(ind) -> float:
        w = weight[ind]
        return float(((w * other[ind]).sum(axis=1) / w.sum(axis=1)).mean())

    out = {"overlap_real": mean_share(index.real_neighbors(label))}
    for name, frame in rows.items():
        if frame is not None and len(frame):
            out[f"overlap_{name}"] = mean_share(index.neighbors(frame))
    return out


def overlap_hurts(measures) -> bool:
    """True when the accepted rows of a class (its
    :class:`~synthsieve.report.ClassMeasures`) sit deeper in other classes'
    regions than its real rows, by more than ``OVERLAP_EXCESS``."""
    excess = measures.overlap_excess
    return excess is not None and excess > OVERLAP_EXCESS


def overlap_advice(measures, class_consistency=None) -> str:
    """The plain-words warning of a class whose accepted rows sit deeper in
    other classes' regions than its real rows (see :func:`overlap_hurts`)."""
    if class_consistency is None:
        fix = (
            'turn on `class_consistency` ("base", the default, keeps them no '
            "deeper than the base sampler's own rows)"
        )
    elif isinstance(class_consistency, str):
        fix = (
            f"the base sampler's own rows sit that deep too (class_consistency="
            f"{class_consistency!r}); a number such as 0.5 turns down the "
            "candidates deeper than most real rows of the class"
        )
    else:
        fix = (
            f"lower `class_consistency` (it was {class_consistency:g}) to keep the "
            "new rows nearer the class's clean interior"
        )
    return (
        "the accepted rows sit deeper in other classes' regions than the real "
        f"rows do (on average {measures.overlap_accepted:.0%} of their {OVERLAP_K} "
        "nearest real rows belong to other classes, against "
        f"{measures.overlap_real:.0%} "
        "for the real rows): they can add false positives to a classifier "
        f"trained on them; {fix}"
    )
