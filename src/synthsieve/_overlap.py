"""Class overlap: how deep rows sit in other classes' regions.

A row's *other-class share* is the share of its `k` nearest real rows that
belong to another class than its own (the edited-nearest-neighbour view of
Wilson's ENN and of SMOTE-IPF's noise filter). Real rows of a class measure it
among the other real rows (leave one out); synthetic rows among all real rows.
The distances are Euclidean on the encoded columns, each continuous column
standardised (indicator columns kept 0/1), as the copy check measures them.

The filter reads it to turn down candidates that sit deeper in other classes'
regions than most real rows of their class (``class_consistency``), and the
report compares the accepted rows' mean share with the real rows' own.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ._neighbors import NeighborIndex
from ._scale import safe_std
from ._tabular import TabularEncoder
from ._values import label_repr

__all__ = ["ClassOverlap", "class_overlap"]

#: Real rows indexed at most; beyond, a seeded uniform sample (class shares kept
#: in expectation, every class at least k + 1 rows). Every share is then
#: measured against the same sample, real rows and candidates alike, so the
#: filter's rule compares like with like; the search costs candidates x this.
MAX_INDEX_ROWS = 5000


class ClassOverlap:
    """The `k` nearest real rows of any row, and the class they belong to.

    Parameters
    ----------
    k : int, default=5
        Neighbours per row.
    max_rows : int, default=MAX_INDEX_ROWS
        Real rows indexed at most (a seeded sample stratified by class above).
    random_state : int, default=0
        Seed of that sample.
    n_jobs : int, default=None
        Threads of the neighbour search.
    """

    def __init__(self, k=5, max_rows=MAX_INDEX_ROWS, random_state=0, n_jobs=None):
        self.k = k
        self.max_rows = max_rows
        self.random_state = random_state
        self.n_jobs = n_jobs

    def fit(self, frame: pd.DataFrame, y) -> ClassOverlap:
        """Index the real rows `frame` of classes `y`."""
        y = np.asarray(y)
        rows = np.arange(len(y))
        if len(y) > self.max_rows:
            rng = np.random.default_rng(self.random_state)
            rows = np.sort(rng.choice(len(y), self.max_rows, replace=False))
            # every class keeps rows enough for its own shares
            for label in np.unique(y):
                own = np.flatnonzero(y == label)
                if np.isin(own, rows).sum() < min(len(own), self.k + 1):
                    rows = np.union1d(rows, own[: self.k + 1])
        self.encoder_ = TabularEncoder().fit(frame)
        E = self._raw(frame.iloc[rows])
        indicator = ((E == 0) | (E == 1)).all(axis=0)
        self.center_ = np.where(indicator, 0.0, E.mean(axis=0))
        std = safe_std(E)
        self.scale_ = np.where(indicator | (std == 0) | ~np.isfinite(std), 1.0, std)
        self.rows_ = rows
        self.y_ = y[rows]
        self.index_ = NeighborIndex(n_jobs=self.n_jobs).fit(self._scaled(E))
        self._real_share = {}
        return self

    def _raw(self, frame) -> np.ndarray:
        return np.asarray(self.encoder_.transform(frame), dtype=float)

    def _scaled(self, E) -> np.ndarray:
        return (E - self.center_) / self.scale_

    @property
    def levels(self) -> int:
        """How many values a share takes: 0, 1/k, ..., 1."""
        return self._k() + 1

    def _k(self, extra: int = 0) -> int:
        return max(1, min(self.k, len(self.y_) - extra))

    def neighbors(self, frame: pd.DataFrame) -> np.ndarray:
        """Positions (in ``y_``) of the `k` nearest indexed real rows of each
        row of `frame`."""
        return self.index_.kneighbors(
            self._scaled(self._raw(frame)), self._k(), return_distance=False
        )

    def real_neighbors(self, label) -> np.ndarray:
        """Positions (in ``y_``) of the `k` nearest other indexed real rows of
        each indexed real row of class `label` (itself left out, or among
        duplicates one copy of it)."""
        own = np.flatnonzero(self.y_ == label)
        if len(own) == 0:
            raise ValueError(f"Class {label_repr(label)} has no real rows.")
        k = self._k(extra=1)
        ind = self.index_.kneighbors(self.index_._X[own], k + 1, return_distance=False)
        keep = ind != own[:, None]
        first = np.argmax(~keep, axis=1)
        has_self = (~keep).any(axis=1)
        keep[np.arange(len(own)), np.where(has_self, first, k)] = False
        return ind[keep].reshape(len(own), k)

    def share(self, frame: pd.DataFrame, label) -> np.ndarray:
        """Other-class share among the `k` nearest real rows of each row of
        `frame` (rows of class `label` that are not among the real rows)."""
        if len(frame) == 0:
            return np.empty(0)
        return (self.y_[self.neighbors(frame)] != label).mean(axis=1)

    def real_share(self, label) -> np.ndarray:
        """Other-class share of each indexed real row of class `label`, among
        its `k` nearest other real rows (itself left out)."""
        if label not in self._real_share:
            ind = self.real_neighbors(label)
            self._real_share[label] = (self.y_[ind] != label).mean(axis=1)
        return self._real_share[label]

    def limit(self, label, quantile: float) -> float:
        """The `quantile` of the real rows' own shares of class `label`."""
        return float(np.quantile(self.real_share(label), quantile))


def class_overlap(X, y, synthetic, label, *, k=5, random_state=0):
    """Mean other-class share of synthetic rows, against the real rows' own.

    For each synthetic row of class `label`, the share of its `k` nearest real
    rows that belong to another class; for each real row of `label`, the same
    among the other real rows. A synthetic mean well above the real one means
    the synthetic rows sit deeper in other classes' regions than the real rows
    do (they add false positives downstream); well below, that they keep to
    the class's clean interior.

    Parameters
    ----------
    X : DataFrame or array-like of shape (n_samples, n_features)
        Real rows, every class.
    y : array-like of shape (n_samples,)
        Their classes.
    synthetic : DataFrame or array-like of shape (n_synthetic, n_features)
        Synthetic rows of class `label`.
    label : class label
    k : int, default=5
        Nearest real rows per row.
    random_state : int, default=0
        Seed of the sample of real rows indexed beyond ``MAX_INDEX_ROWS``.

    Returns
    -------
    dict
        ``real`` and ``synthetic``: the mean other-class shares; ``excess``:
        synthetic minus real.

    Examples
    --------
    >>> import numpy as np
    >>> from synthsieve import class_overlap
    >>> X = np.array([[0.0], [0.1], [0.2], [1.0], [1.1], [1.2]])
    >>> y = np.array([0, 0, 0, 1, 1, 1])
    >>> class_overlap(X, y, np.array([[1.05]]), 1, k=2)["synthetic"]
    0.0
    """
    frame = X if isinstance(X, pd.DataFrame) else pd.DataFrame(np.asarray(X))
    syn = synthetic
    if not isinstance(syn, pd.DataFrame):
        syn = pd.DataFrame(np.asarray(syn), columns=frame.columns)
    y = np.asarray(y)
    if label not in set(y.tolist()):
        raise ValueError(f"`label` {label!r} is not a class of `y`.")
    index = ClassOverlap(k=k, random_state=random_state).fit(frame, y)
    real = float(index.real_share(label).mean())
    synth = float(index.share(syn, label).mean()) if len(syn) else float("nan")
    return {"real": real, "synthetic": synth, "excess": synth - real}
