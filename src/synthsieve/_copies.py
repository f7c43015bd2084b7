"""Copy rejection: candidates equal to, or much closer than usual to, a real row."""

from __future__ import annotations

import logging
import warnings
from numbers import Real

import numpy as np
import pandas as pd
from sklearn.base import BaseEstimator
from sklearn.neighbors import NearestNeighbors
from sklearn.utils._param_validation import Interval
from sklearn.utils.validation import check_is_fitted

from ._utils import (
    SynthsieveWarning,
    TabularEncoder,
    check_pair,
    check_table,
    exact_copy_mask,
)

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
        The threshold quantile. A generator that draws from the real
        distribution puts its rows as close to the real rows as the real rows are
        to each other, so about this share of its rows is flagged: it is the
        false-rejection rate of a perfect generator (checked on held-out real
        rows in ``docs/rules-evidence.md``). 0.01 rather than 0.05: SMOTE puts
        about half of its rows inside either threshold (they sit on segments
        between neighbours), so 0.05 catches little more of them while costing
        a good generator five times as many rows, and the hold-out
        detectability gap does not reward near-copy rejection. 0 turns
        near-copy detection off (exact copies are still flagged).
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
        Each real row's distance to the nearest other distinct real row.
    threshold_ : float
        The `near_copy_quantile` quantile of `real_distances_` over all real
        rows.
    class_thresholds_ : dict
        Class -> the quantile over that class's real rows (empty without `y`).
    n_features_in_ : int
        Number of columns.

    See Also
    --------
    synthsieve.DomainRules : rules and repair, applied before this step.

    Notes
    -----
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
        "n_jobs": [int, None],
    }

    def __init__(self, *, near_copy_quantile=0.01, n_jobs=None):
        self.near_copy_quantile = near_copy_quantile
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
        std = E.std(axis=0)
        self.scale_ = np.where(indicator | (std == 0), 1.0, std)
        E = (E - self.center_) / self.scale_

        unique, inverse = np.unique(E, axis=0, return_inverse=True)
        inverse = inverse.reshape(-1)
        self.nn_ = NearestNeighbors(n_neighbors=1, n_jobs=self.n_jobs).fit(unique)
        if len(unique) >= 2:
            dist, _ = self.nn_.kneighbors(unique, n_neighbors=2)
            self.real_distances_ = dist[inverse, 1]
        else:
            warnings.warn(
                "All real rows are identical; near-copy detection is off.",
                SynthsieveWarning,
                stacklevel=2,
            )
            self.real_distances_ = np.zeros(len(real))
        q = self.near_copy_quantile
        self.threshold_ = self._quantile(self.real_distances_)
        self.class_thresholds_ = {}
        if y is not None:
            y_arr = np.asarray(y)
            if y_arr.ndim != 1 or len(y_arr) != len(real):
                raise ValueError(
                    f"`y` must be 1-D with one label per row of `X` ({len(real)}); "
                    f"got shape {y_arr.shape}."
                )
            for cls in np.unique(y_arr).tolist():
                self.class_thresholds_[cls] = self._quantile(
                    self.real_distances_[y_arr == cls]
                )
        logger.debug("near-copy threshold %.4g (q=%g)", self.threshold_, q)
        return self

    def _quantile(self, distances) -> float:
        if self.near_copy_quantile == 0:
            return 0.0
        return float(np.quantile(distances, self.near_copy_quantile))

    def _encode(self, candidates) -> tuple[pd.DataFrame, np.ndarray]:
        check_is_fitted(self, "nn_")
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
        E = (self.encoder_.transform(cand) - self.center_) / self.scale_
        return cand, E

    def distance(self, candidates) -> np.ndarray:
        """Distance from each candidate to its nearest real row.

        Parameters
        ----------
        candidates : array-like or DataFrame of shape (n_candidates, n_features)

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
        dist, _ = self.nn_.kneighbors(E, n_neighbors=1)
        return dist[:, 0]

    def flag(self, candidates, y=None) -> np.ndarray:
        """Why each candidate is rejected: ``"copy"``, ``"near_copy"`` or ``""``.

        Parameters
        ----------
        candidates : array-like or DataFrame of shape (n_candidates, n_features)
        y : object or array-like of shape (n_candidates,), default=None
            The candidates' class (a scalar when they share one), to use that
            class's threshold; None uses :attr:`threshold_`.

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
        copy = exact_copy_mask(cand, self._real)
        dist, _ = self.nn_.kneighbors(E, n_neighbors=1)
        threshold = self._thresholds(y, n)
        near = (dist[:, 0] < threshold) & ~copy
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
