"""Nearest-neighbour search: exact on small data, faiss above it.

One index for every neighbour search of the filter (the copy check, the
jitter's local spread and its scale choice). Three backends:

* scikit-learn's exact ``NearestNeighbors`` (float64), when the search is
  small: ``n_index * n_queries`` below :data:`EXACT_WORK` (5e7, a fraction of a
  second, where faiss gains little). Results are those of scikit-learn, bit
  for bit.
* faiss's exhaustive ``IndexFlatL2`` above it, with fewer than
  :data:`GRAPH_ROWS` indexed rows: the same neighbours up to float32 rounding
  (only near-ties can swap), from a float32 matrix product, faster than
  scikit-learn's float64 search.
* faiss's graph index ``IndexHNSWFlat`` (HNSW, ``M=48``, ``efSearch=128``) from
  :data:`GRAPH_ROWS` indexed rows on, or always with ``approximate=True``:
  approximate neighbours, at a cost that grows with the logarithm of the
  indexed rows rather than linearly.

Why these (measured on the speed page of the docs): on standardised columns
of little structure, in tens of dimensions, faiss's exhaustive float32 search
was faster than every HNSW or IVF setting that keeps recall@1 at 0.99 up to
indexes of about a hundred thousand rows (HNSW also costs a build, and each
query grows with ``efSearch``); HNSW pays on larger indexes, and earlier on
data of low intrinsic dimension; IVF needed too many probes. faiss runs one
single-threaded search per block of queries and thread: its own OpenMP
threads stalled at their barriers on a busy machine.

Whatever the backend, the distances returned are computed again in float64
from the original rows, and each row's neighbours are sorted by them, so a
distance compared with a threshold is exact for the neighbour found (without
distances, faiss's float32 order is kept). Exact copies must not rely on this
search: they are found by hashing (``_tabular.exact_copy_mask``).
"""

from __future__ import annotations

import os
from concurrent.futures import ThreadPoolExecutor
from numbers import Integral

import numpy as np
from sklearn.base import BaseEstimator
from sklearn.neighbors import NearestNeighbors
from sklearn.utils._param_validation import StrOptions
from sklearn.utils.validation import check_array, check_is_fitted

__all__ = ["EXACT_WORK", "GRAPH_ROWS", "NeighborIndex"]

#: With ``approximate="auto"``, searches of fewer than this many (indexed row,
#: query) pairs use scikit-learn's exact float64 search.
EXACT_WORK = 5e7
#: With ``approximate="auto"``, indexes of at least this many rows use the HNSW
#: graph; smaller ones faiss's exhaustive float32 search.
GRAPH_ROWS = 200_000
#: HNSW settings: neighbours per node, the search breadth at build and query.
HNSW_M = 48
HNSW_EF_CONSTRUCTION = 96
HNSW_EF_SEARCH = 128
#: Queries per scikit-learn call and per faiss call (one thread's task), and
#: rows per block when distances are recomputed.
_QUERY_BLOCK = 65536
_FAISS_BLOCK = 16384
_DIST_BLOCK = 4096


class NeighborIndex(BaseEstimator):
    """Euclidean k-nearest-neighbour search, exact or approximate by size.

    Parameters
    ----------
    metric : {"euclidean"}, default="euclidean"
        The distance; only Euclidean is supported.
    approximate : bool or "auto", default="auto"
        False: scikit-learn's exact search. True: faiss's HNSW graph
        (approximate). ``"auto"``: exact below :data:`EXACT_WORK` (indexed rows
        x queries of one call), faiss above it (exhaustive below
        :data:`GRAPH_ROWS` indexed rows, HNSW from there).
    n_jobs : int, default=None
        Threads of the faiss searches: None uses faiss's OpenMP setting (every
        core unless limited by ``OMP_NUM_THREADS`` or threadpoolctl), as
        scikit-learn's exact search does with its own; -1 every core. Each
        thread runs single-threaded faiss searches on blocks of queries; the
        OpenMP settings are restored afterwards.

    Attributes
    ----------
    n_samples_fit_ : int
        Number of indexed rows.
    n_features_in_ : int
        Number of columns.

    Examples
    --------
    >>> import numpy as np
    >>> from synthsieve._neighbors import NeighborIndex
    >>> index = NeighborIndex().fit(np.array([[0.0, 0.0], [3.0, 4.0]]))
    >>> dist, idx = index.kneighbors(np.array([[3.0, 3.0]]), 2)
    >>> dist.tolist(), idx.tolist()
    ([[1.0, 4.242640687119285]], [[1, 0]])
    """

    _parameter_constraints = {
        "metric": [StrOptions({"euclidean"})],
        "approximate": ["boolean", StrOptions({"auto"})],
        "n_jobs": [Integral, None],
    }

    def __init__(self, metric="euclidean", approximate="auto", n_jobs=None):
        self.metric = metric
        self.approximate = approximate
        self.n_jobs = n_jobs

    def fit(self, X, y=None) -> NeighborIndex:
        """Index the rows of `X` (kept as given, float64; never modified).

        Parameters
        ----------
        X : array-like of shape (n_index, n_features)
        y : ignored

        Returns
        -------
        self : NeighborIndex
        """
        self._validate_params()
        if self.n_jobs == 0:
            raise ValueError(
                "The 'n_jobs' parameter of NeighborIndex must be a nonzero "
                "integer or None (None: 1 thread, -1: every core). Got 0 instead."
            )
        self._X = check_array(X, dtype=np.float64, input_name="X")
        self.n_samples_fit_, self.n_features_in_ = self._X.shape
        self._sklearn = None
        self._faiss = {}
        return self

    # -- the backends ------------------------------------------------------- #

    def backend(self, n_queries: int) -> str:
        """The search a call with `n_queries` queries uses.

        Parameters
        ----------
        n_queries : int

        Returns
        -------
        {"exact", "flat", "hnsw"}
            scikit-learn's exact search, faiss's exhaustive float32 search, or
            faiss's HNSW graph.

        Examples
        --------
        >>> import numpy as np
        >>> from synthsieve._neighbors import NeighborIndex
        >>> index = NeighborIndex().fit(np.zeros((2000, 3)))
        >>> index.backend(1000), index.backend(600_000)
        ('exact', 'flat')
        """
        check_is_fitted(self, "n_samples_fit_")
        if not isinstance(self.approximate, str):  # a bool
            return "hnsw" if self.approximate else "exact"
        if self.n_samples_fit_ * float(n_queries) < EXACT_WORK:
            return "exact"
        return "hnsw" if self.n_samples_fit_ >= GRAPH_ROWS else "flat"

    def _threads(self, faiss) -> int:
        if self.n_jobs is None:
            return max(1, faiss.omp_get_max_threads())
        if self.n_jobs < 0:
            if hasattr(os, "sched_getaffinity"):
                cores = len(os.sched_getaffinity(0))
            else:  # pragma: no cover - macOS, Windows
                cores = os.cpu_count() or 1
            return max(1, cores + 1 + self.n_jobs)
        return int(self.n_jobs)

    def _faiss_index(self, kind: str):
        if kind in self._faiss:
            return self._faiss[kind]
        try:
            import faiss
        except ImportError as exc:  # pragma: no cover - a required dependency
            raise ImportError(
                "Approximate neighbour search needs faiss: run `python -m pip "
                "install faiss-cpu`, or pass approximate=False."
            ) from exc
        self._mean = self._X.mean(axis=0)  # centred: less float32 cancellation
        R = np.ascontiguousarray(self._X - self._mean, dtype=np.float32)
        d = R.shape[1]
        if kind == "flat":
            index = faiss.IndexFlatL2(d)
        else:
            index = faiss.IndexHNSWFlat(d, HNSW_M)
            index.hnsw.efConstruction = HNSW_EF_CONSTRUCTION
        with _faiss_threads(faiss, self._threads(faiss)):
            index.add(R)
        self._faiss[kind] = index
        return index

    def __getstate__(self):
        state = self.__dict__.copy()
        state["_faiss"] = {}  # faiss indexes do not pickle; rebuilt on demand
        return state

    # -- the search ------------------------------------------------------- #

    def kneighbors(self, X, n_neighbors=1, return_distance=True):
        """The `n_neighbors` nearest indexed rows of each row of `X`.

        Parameters
        ----------
        X : array-like of shape (n_queries, n_features)
        n_neighbors : int, default=1
            At most the number of indexed rows.
        return_distance : bool, default=True

        Returns
        -------
        dist : numpy.ndarray of float64, shape (n_queries, n_neighbors)
            Euclidean distances, ascending per row (only if `return_distance`).
        ind : numpy.ndarray of int64, shape (n_queries, n_neighbors)
            Row numbers in the indexed rows.
        """
        check_is_fitted(self, "n_samples_fit_")
        if (
            isinstance(n_neighbors, bool)
            or not isinstance(n_neighbors, Integral)
            or not 1 <= n_neighbors <= self.n_samples_fit_
        ):
            raise ValueError(
                f"`n_neighbors` must be an integer from 1 to the number of "
                f"indexed rows ({self.n_samples_fit_}); got {n_neighbors!r}."
            )
        Q = check_array(X, dtype=np.float64, input_name="X", ensure_min_samples=0)
        if Q.shape[1] != self.n_features_in_:
            raise ValueError(
                f"`X` has {Q.shape[1]} columns, but the index was fitted on "
                f"{self.n_features_in_}."
            )
        k = int(n_neighbors)
        kind = self.backend(len(Q))
        if kind == "exact" or len(Q) == 0:
            return self._exact(Q, k, return_distance)
        import faiss

        index = self._faiss_index(kind)
        if kind == "hnsw":
            index.hnsw.efSearch = max(HNSW_EF_SEARCH, k)
        ind = np.empty((len(Q), k), dtype=np.int64)

        def search(start):
            rows = slice(start, start + _FAISS_BLOCK)
            q = np.ascontiguousarray(Q[rows] - self._mean, dtype=np.float32)
            with _faiss_threads(faiss, 1):  # this thread's OpenMP setting
                ind[rows] = index.search(q, k)[1]

        # one single-threaded faiss search per block and thread: no OpenMP
        # barriers, which stall on a busy machine
        starts = range(0, len(Q), _FAISS_BLOCK)
        n_threads = min(self._threads(faiss), len(starts))
        if n_threads == 1:
            for start in starts:
                search(start)
        else:
            with ThreadPoolExecutor(n_threads) as pool:
                list(pool.map(search, starts))
        missing = (ind < 0).any(axis=1)
        if missing.any():  # the graph found fewer than k rows: search exactly
            ind[missing] = self._exact(Q[missing], k, False)
        if not return_distance:
            return ind  # in the order of faiss's float32 distances
        dist = np.empty((len(Q), k))
        self._exact_distances(Q, ind, dist)
        return dist, ind

    def _exact(self, Q, k, return_distance):
        if self._sklearn is None:
            self._sklearn = NearestNeighbors(n_jobs=self.n_jobs).fit(self._X)
        if len(Q) == 0:
            ind = np.zeros((0, k), dtype=np.int64)
            return (np.zeros((0, k)), ind) if return_distance else ind
        out = [
            self._sklearn.kneighbors(
                Q[start : start + _QUERY_BLOCK], k, return_distance=return_distance
            )
            for start in range(0, len(Q), _QUERY_BLOCK)
        ]
        if not return_distance:
            return np.concatenate(out).astype(np.int64, copy=False)
        dist = np.concatenate([d for d, _ in out])
        ind = np.concatenate([i for _, i in out]).astype(np.int64, copy=False)
        return dist, ind

    def _exact_distances(self, Q, ind, dist) -> None:
        """Fill `dist` with the float64 distances to the rows `ind`, and sort
        each row of both by them."""
        for start in range(0, len(Q), _DIST_BLOCK):
            rows = slice(start, start + _DIST_BLOCK)
            diff = self._X[ind[rows]] - Q[rows, None, :]
            d = np.sqrt(np.einsum("ijk,ijk->ij", diff, diff))
            if d.shape[1] > 1:
                order = np.argsort(d, axis=1, kind="stable")
                d = np.take_along_axis(d, order, axis=1)
                ind[rows] = np.take_along_axis(ind[rows], order, axis=1)
            dist[rows] = d


class _faiss_threads:
    """Set faiss's OpenMP thread count for a block, and restore it after."""

    def __init__(self, faiss, n: int):
        self.faiss, self.n = faiss, n

    def __enter__(self):
        self.before = self.faiss.omp_get_max_threads()
        self.faiss.omp_set_num_threads(self.n)

    def __exit__(self, *exc):
        self.faiss.omp_set_num_threads(self.before)
