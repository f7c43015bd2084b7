"""imbalanced-learn's SMOTE as the base sampler, on the values.

Every block of a generation fold asks SMOTE for candidates from the same real
rows. SMOTE searches the neighbours of every row of the class at each call
(``NearestNeighbors(k_neighbors + 1)`` on the class's rows); on a large class
that search, which grows with the class's rows squared, costs more than the
candidates themselves. The fold's first block records the graph SMOTE
computed, and the later blocks give it back through SMOTE's own
``k_neighbors`` parameter (any ``KNeighborsMixin``), so SMOTE makes the same
candidates without searching again.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from sklearn.neighbors import NearestNeighbors

from ._checks import check_new_rows, sampler_failed

__all__ = ["KnownNeighbors", "smote_values"]


class KnownNeighbors(NearestNeighbors):
    """``NearestNeighbors`` that answers for rows whose neighbours it knows.

    Given `data` and `graph` (the ``kneighbors(data, return_distance=False)``
    of ``NearestNeighbors(n_neighbors)`` fitted on `data`), fitted on `data`
    and asked for the neighbours of `data` itself, it returns `graph` without
    searching; asked anything else, it searches as ``NearestNeighbors`` does.
    Without them it searches and records: ``data_`` and ``graph_`` hold the
    rows it was fitted on and their neighbours once asked for them.

    Parameters
    ----------
    n_neighbors : int, default=5
    data : numpy.ndarray or None, default=None
    graph : numpy.ndarray of int or None, default=None
    """

    def __init__(self, n_neighbors=5, *, data=None, graph=None):
        super().__init__(n_neighbors=n_neighbors)
        self.data = data
        self.graph = graph

    def _is_known(self, X) -> bool:
        return (
            self.graph is not None
            and self.data is not None
            and np.shape(X) == np.shape(self.data)
            and np.array_equal(X, self.data)
        )

    def fit(self, X, y=None):
        self.data_ = np.asarray(X)
        self.graph_ = None
        if self._is_known(self.data_):
            self.graph_ = self.graph
            self.n_samples_fit_ = len(self.data_)
            return self
        return super().fit(X)

    def kneighbors(self, X=None, n_neighbors=None, return_distance=True):
        same = X is not None and (X is self.data_ or np.array_equal(X, self.data_))
        exact = n_neighbors in (None, self.n_neighbors) and not return_distance
        if same and exact and self.graph_ is not None:
            return self.graph_.copy()
        if not hasattr(self, "_fit_X"):  # known at fit, asked something else
            super().fit(self.data_)
        out = super().kneighbors(X, n_neighbors, return_distance)
        if same and exact:
            self.graph_ = out.copy()
        return out


def smote_values(s, X, y, label, n_want, seed, holdout_folds, neighbors=None):
    """`propose` for imbalanced-learn's SMOTE (`s`, unfitted) on the float
    frame `X`: its new rows of class `label`, as a frame with the columns of
    `X`, and ``(data, graph)``, the neighbours of the class's rows it read
    (`neighbors`, from the fold's first block, spares it the search)."""
    k = s.get_params()["k_neighbors"]
    n_label = int((y == label).sum())
    s.set_params(random_state=seed, sampling_strategy={label: n_label + n_want})
    known = isinstance(k, (int, np.integer)) and not isinstance(k, bool)
    if known:
        data, graph = neighbors if neighbors is not None else (None, None)
        s.set_params(k_neighbors=KnownNeighbors(k + 1, data=data, graph=graph))
    try:
        Xr, yr = s.fit_resample(X.to_numpy(), y)
    except ValueError as exc:
        # the user's k_neighbors back first: the message names it
        s.set_params(k_neighbors=k)
        raise sampler_failed(s, exc, label, n_label, holdout_folds) from exc
    finally:
        if known:
            s.set_params(k_neighbors=k)  # the user's setting on `sampler_`
    if known and getattr(s.nn_k_, "graph_", None) is not None:
        neighbors = (s.nn_k_.data_, s.nn_k_.graph_)
    n = len(X)
    values = Xr[n:][np.asarray(yr)[n:] == label]
    new = pd.DataFrame(values, columns=X.columns, copy=False)
    if not np.isfinite(values).all():
        check_new_rows(s, new, list(X.columns), label)
    return new, neighbors
