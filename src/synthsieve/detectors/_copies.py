"""Copy rejection: candidates equal to, or much closer than usual to, a real row."""

from __future__ import annotations

import logging
from numbers import Real

import numpy as np
import pandas as pd
from sklearn.base import BaseEstimator
from sklearn.utils._param_validation import Interval, StrOptions
from sklearn.utils.validation import check_is_fitted

from .._input import check_pair, check_table
from .._neighbors import NeighborIndex
from .._scale import safe_std
from .._tabular import TabularEncoder, row_keys, sorted_isin
from .._values import label_repr
from .._warn import SynthsieveWarning, warn

__all__ = ["CopyDetector"]

logger = logging.getLogger(__name__)


class CopyDetector(BaseEstimator):
    """Flag candidates that copy a real row or sit unusually close to one.

    A candidate equal to a real row (of any class) is a ``"copy"``. A candidate
    closer to its nearest real row than the `near_copy_quantile` quantile of the
    real rows' own nearest-neighbour distances (each real row to the nearest
    *other, distinct* real row) is a ``"near_copy"``. Distances are Euclidean on
    standardised numeric columns, with binary (0/1) columns and one-hot encoded
    nominal columns left as 0/1 indicators.

    Parameters
    ----------
    near_copy_quantile : float, default=0.01
        The threshold quantile: about this share of the rows of a generator that
        draws from the real distribution is flagged, its false-rejection rate
        (``docs/rules-evidence.md`` explains the default). 0 turns near-copy
        detection off (exact copies are still flagged).
    search : {"all", "class"}, default="all"
        Where the nearest real row is searched and which real rows set the
        thresholds: the rows of every class (``"all"``), or those of the
        candidate's own class (``"class"``, cheaper on large data; needs `y` at
        :meth:`fit` and :meth:`flag`). Exact copies are looked up among the real
        rows of every class either way.
    search_classes : list or None, default=None
        With ``search="class"``, the classes whose candidates will be checked:
        only their rows are indexed and their thresholds computed (the other
        classes' rows still count for exact copies). None: every class.
    approximate : bool or "auto", default="auto"
        How the nearest real row is searched (exact copies are always found by
        hashing): ``"auto"`` searches exactly on small data and with faiss on
        large data (see ``synthsieve._neighbors.NeighborIndex``); False always
        exactly (scikit-learn); True always with faiss's approximate HNSW graph.
    n_jobs : int, default=None
        Parallel jobs of the nearest-neighbour search.

    Attributes
    ----------
    encoder_ : TabularEncoder
        Encodes tables into the numeric matrix the distances use.
    center_, scale_ : numpy.ndarray
        Per encoded column: subtracted and divided before distances (0 and 1
        for indicator columns).
    real_distances_ : numpy.ndarray of shape (n_real,)
        Each real row's distance to the nearest other distinct real row (of
        its class with ``search="class"``). With more than 5,000 real rows
        (overall, or in a class), the thresholds are quantiles over a seeded
        sample of 5,000 rows (overall and per class), and rows outside the
        samples hold NaN: the neighbours are still searched among all rows, so
        this keeps the cost of :meth:`fit` linear in the number of rows.
    threshold_ : float
        The `near_copy_quantile` quantile of `real_distances_` over all real
        rows.
    class_thresholds_ : dict
        Class -> the quantile over that class's real rows (empty without `y`).
    nn_ : NeighborIndex or dict
        The index of the distinct real rows searched (with ``search="class"``,
        class -> the index of that class's rows).
    n_features_in_ : int
        Number of columns.

    See Also
    --------
    synthsieve.DomainRules : rules and repair, applied before this step.

    Notes
    -----
    A generator that draws from the real distribution puts its rows as close to
    the real rows as the real rows are to each other, so the threshold flags
    about `near_copy_quantile` of its rows (checked on held-out real rows).

    With ``search="all"``, the thresholds come from the real rows' distances to
    their nearest other row of any class; with ``search="class"``, each class's
    threshold comes from its rows' distances to their nearest other row of the
    same class. The search costs candidates x real rows searched; exact copies
    are found by hashing, at linear cost. On large searches (indexed rows x
    candidates of one call above ``synthsieve._neighbors.EXACT_WORK``) it runs
    in float32 with faiss, approximate on the largest indexes; the distances
    are then computed again in float64 for the nearest row found, and the
    recall of near copies against an exact search is tested to be 0.99 or more.

    With `y` at fit, pass the candidates' class to :meth:`flag` to compare them
    with the spacing of their own class (the nearest real row is still searched
    among all classes). Real rows that duplicate each other do not count as each
    other's neighbours, so a data set with many duplicates keeps a positive
    threshold; its own duplicates would, however, be flagged as copies.

    Examples
    --------
    >>> import numpy as np
    >>> from synthsieve import CopyDetector
    >>> real = np.random.default_rng(0).normal(size=(200, 3))
    >>> det = CopyDetector().fit(real)
    >>> det.flag(np.vstack([real[:1], real[1:2] + 1e-3, [[9.0, 9.0, 9.0]]])).tolist()
    ['copy', 'near_copy', '']
    """

    _parameter_constraints = {
        "near_copy_quantile": [Interval(Real, 0, 1, closed="both")],
        "search": [StrOptions({"all", "class"})],
        "search_classes": ["array-like", None],
        "approximate": ["boolean", StrOptions({"auto"})],
        "n_jobs": [int, None],
    }

    #: Largest number of real rows (overall and per class) whose own
    #: nearest-neighbour distance is computed to estimate the thresholds.
    _max_threshold_rows = 5000

    def __init__(
        self,
        *,
        near_copy_quantile=0.01,
        search="all",
        search_classes=None,
        approximate="auto",
        n_jobs=None,
    ):
        self.near_copy_quantile = near_copy_quantile
        self.search = search
        self.search_classes = search_classes
        self.approximate = approximate
        self.n_jobs = n_jobs

    def fit(self, X, y=None) -> CopyDetector:
        """Learn the real rows and their nearest-neighbour spacing.

        Parameters
        ----------
        X : array-like or DataFrame of shape (n_real, n_features)
            Real rows (all classes a candidate must not copy).
        y : array-like of shape (n_real,), default=None
            Their classes, for per-class thresholds.

        Returns
        -------
        self : CopyDetector
        """
        self._validate_params()
        real = check_table(X, "X")
        self._real = real.reset_index(drop=True)
        self._was_frame = isinstance(X, pd.DataFrame)
        self.n_features_in_ = real.shape[1]
        self.encoder_ = TabularEncoder().fit(real)
        E = self.encoder_.transform(real)
        indicator = ((E == 0) | (E == 1)).all(axis=0)
        self.center_ = np.where(indicator, 0.0, E.mean(axis=0))
        std = safe_std(E)  # huge columns: no overflow
        self.scale_ = np.where(indicator | (std == 0), 1.0, std)
        E -= self.center_
        E /= self.scale_
        self._real_keys = np.unique(row_keys(real))
        y_arr = None
        if y is not None:
            y_arr = np.asarray(y)
            if y_arr.ndim != 1 or len(y_arr) != len(real):
                raise ValueError(
                    f"`y` must be 1-D with one label per row of `X` ({len(real)}); "
                    f"got shape {y_arr.shape}."
                )
        elif self.search == "class":
            raise ValueError(
                "search='class' compares candidates with the real rows of their "
                "class: pass the real rows' classes as `y` to fit."
            )
        classes = [] if y_arr is None else np.unique(y_arr).tolist()
        if self.search == "class" and self.search_classes is not None:
            wanted = set(np.asarray(self.search_classes, dtype=object).tolist())
            classes = [c for c in classes if c in wanted]
        rng = np.random.default_rng(0)
        cap = self._max_threshold_rows

        def sample(rows):
            if len(rows) <= cap:
                return rows
            return np.sort(rng.choice(rows, cap, replace=False))

        queries = {None: sample(np.arange(len(real)))}
        for cls in classes:
            queries[cls] = sample(np.flatnonzero(y_arr == cls))
        self.real_distances_ = np.full(len(real), np.nan)
        if self.search == "all":
            rows = np.unique(np.concatenate(list(queries.values())))
            self.nn_ = self._nn_distances(E, rows)
        else:
            self.nn_ = {}
            for cls in classes:
                rows = np.flatnonzero(y_arr == cls)
                index = np.searchsorted(rows, queries[cls])
                self.nn_[cls] = self._nn_distances(E[rows], index, rows)
        q = self.near_copy_quantile
        if self.search == "all":
            self.threshold_ = self._quantile(self.real_distances_[queries[None]])
        else:
            self.threshold_ = self._quantile(
                self.real_distances_[np.concatenate(list(queries.values())[1:])]
            )
        self.class_thresholds_ = {
            cls: self._quantile(self.real_distances_[queries[cls]]) for cls in classes
        }
        logger.debug("near-copy threshold %.4g (q=%g)", self.threshold_, q)
        return self

    def _nn_distances(self, E, queries, rows=None):
        """Index the distinct rows of `E`; store the `queries`' distances to the
        nearest other distinct row in ``real_distances_[rows[queries]]``."""
        keys = row_keys(pd.DataFrame(E + 0.0))  # + 0.0: -0.0 hashes as 0.0
        _, first, inverse = np.unique(keys, return_index=True, return_inverse=True)
        unique = E[first]
        nn = NeighborIndex(approximate=self.approximate, n_jobs=self.n_jobs)
        nn.fit(unique)
        target = queries if rows is None else rows[queries]
        if len(unique) >= 2:
            dist, _ = nn.kneighbors(unique[inverse.reshape(-1)[queries]], n_neighbors=2)
            self.real_distances_[target] = dist[:, 1]
        else:
            warn(
                "All real rows are identical; near-copy detection is off."
                if rows is None
                else "All real rows of a class are identical; near-copy "
                "detection is off for it.",
                SynthsieveWarning,
            )
            self.real_distances_[target] = 0.0
        return nn

    def _quantile(self, distances) -> float:
        if self.near_copy_quantile == 0:
            return 0.0
        return float(np.quantile(distances, self.near_copy_quantile))

    def _encode(self, candidates) -> tuple[pd.DataFrame, np.ndarray]:
        check_is_fitted(self, "nn_")
        cand = self._aligned(candidates)
        E = (self.encoder_.transform(cand) - self.center_) / self.scale_
        return cand, E

    def _aligned(self, candidates):
        """The candidates, checked and aligned with the real rows' columns."""
        cand = check_table(candidates, "candidates", min_rows=0)
        if self._was_frame and isinstance(candidates, pd.DataFrame):
            _, cand = check_pair(
                self._real.iloc[:1],
                cand,
                names=("real rows", "candidates"),
                min_rows=0,
            )
        else:
            if cand.shape[1] != self.n_features_in_:
                raise ValueError(
                    f"`candidates` has {cand.shape[1]} columns, but the detector was "
                    f"fitted on {self.n_features_in_}."
                )
            cand = cand.set_axis(self._real.columns, axis=1)
        return cand

    def distance(self, candidates, y=None) -> np.ndarray:
        """Distance from each candidate to its nearest real row.

        Parameters
        ----------
        candidates : array-like or DataFrame of shape (n_candidates, n_features)
        y : object or array-like of shape (n_candidates,), default=None
            The candidates' class; needed with ``search="class"`` only.

        Returns
        -------
        numpy.ndarray of shape (n_candidates,)

        Examples
        --------
        >>> import numpy as np
        >>> from synthsieve import CopyDetector
        >>> det = CopyDetector().fit(np.array([[0.0, 0.0], [2.0, 2.0]]))
        >>> det.distance(np.array([[0.0, 0.0], [0.0, 1.0]])).round(3).tolist()
        [0.0, 1.0]
        """
        _, E = self._encode(candidates)
        if len(E) == 0:
            return np.zeros(0)
        return self._nearest(E, y)

    def _nearest(self, E, y) -> np.ndarray:
        if self.search == "all":
            return self.nn_.kneighbors(E, n_neighbors=1)[0][:, 0]
        if y is None:
            raise ValueError(
                "search='class' compares candidates with the real rows of their "
                "class: pass the candidates' class as `y`."
            )
        y_arr = np.broadcast_to(np.asarray(y, dtype=object), (len(E),))
        dist = np.empty(len(E))
        for cls in pd.unique(y_arr).tolist():
            if cls not in self.nn_:
                raise ValueError(
                    f"Class {label_repr(cls)} had no real rows at fit; with "
                    "search='class' "
                    "its candidates cannot be compared."
                )
            rows = np.flatnonzero(y_arr == cls)
            dist[rows] = self.nn_[cls].kneighbors(E[rows], n_neighbors=1)[0][:, 0]
        return dist

    def is_copy(self, candidates, keys=None) -> np.ndarray:
        """Whether each candidate equals a real row, value for value.

        Found by hashing the rows, with no neighbour search: cheap enough to
        run on every candidate before the costlier checks.

        Parameters
        ----------
        candidates : array-like or DataFrame of shape (n_candidates, n_features)
        keys : numpy.ndarray of shape (n_candidates,), default=None
            The candidates' row hashes, when the caller has them already
            (``synthsieve._tabular.row_keys`` of the same frame).

        Returns
        -------
        numpy.ndarray of bool, shape (n_candidates,)

        Examples
        --------
        >>> import numpy as np
        >>> from synthsieve import CopyDetector
        >>> det = CopyDetector().fit(np.arange(20.0).reshape(10, 2))
        >>> det.is_copy(np.array([[2.0, 3.0], [2.1, 3.1]])).tolist()
        [True, False]
        """
        check_is_fitted(self, "nn_")
        if keys is None:
            cand = self._aligned(candidates)
            keys = row_keys(cand) if len(cand) else np.zeros(0, dtype=np.uint64)
        return sorted_isin(keys, self._real_keys)

    def flag(self, candidates, y=None, keys=None) -> np.ndarray:
        """Why each candidate is rejected: ``"copy"``, ``"near_copy"`` or ``""``.

        Parameters
        ----------
        candidates : array-like or DataFrame of shape (n_candidates, n_features)
        y : object or array-like of shape (n_candidates,), default=None
            The candidates' class (a scalar when they share one), to use that
            class's threshold; None uses ``threshold_``.
        keys : numpy.ndarray of shape (n_candidates,), default=None
            The candidates' row hashes, when the caller has them already
            (``synthsieve._tabular.row_keys`` of the same frame).

        Returns
        -------
        numpy.ndarray of object, shape (n_candidates,)

        Examples
        --------
        >>> import numpy as np
        >>> from synthsieve import CopyDetector
        >>> real = np.arange(20.0).reshape(10, 2)
        >>> det = CopyDetector().fit(real)
        >>> det.flag(np.array([[2.0, 3.0], [2.1, 3.1], [50.0, 50.0]])).tolist()
        ['copy', 'near_copy', '']
        """
        cand, E = self._encode(candidates)
        n = len(cand)
        out = np.full(n, "", dtype=object)
        if n == 0:
            return out
        if keys is None:
            keys = row_keys(cand)
        copy = sorted_isin(keys, self._real_keys)
        dist = self._nearest(E, y)
        threshold = self._thresholds(y, n)
        near = (dist < threshold) & ~copy
        out[copy] = "copy"
        out[near] = "near_copy"
        return out

    def _thresholds(self, y, n: int):
        if y is None:
            return self.threshold_
        if np.ndim(y) == 0:
            return self.class_thresholds_.get(
                y.item() if hasattr(y, "item") else y, self.threshold_
            )
        y_arr = np.asarray(y)
        if y_arr.ndim != 1 or len(y_arr) != n:
            raise ValueError(
                f"`y` must be a class label or 1-D with one label per candidate "
                f"({n}); got shape {y_arr.shape}."
            )
        return np.array(
            [self.class_thresholds_.get(c, self.threshold_) for c in y_arr.tolist()]
        )
