"""Safe-Level-SMOTE (Bunkhumpornpat, Sinapiromsaran and Lursinsap, 2009)."""

from __future__ import annotations

from numbers import Integral

import numpy as np
from sklearn.utils._param_validation import Interval

from .._docstring import Substitution
from ._base import BaseGenerator, class_label, kneighbors_excluding_self, require_rows

__all__ = ["SafeLevelSMOTE"]


def _gap_bounds(sl_p, sl_n):
    """Interval of the interpolation gap for safe levels `sl_p`, `sl_n`.

    Returns ``(low, high, valid)`` arrays broadcast from the inputs; the gap is
    drawn uniformly in ``[low, high]`` and the new row is ``p + gap * (n - p)``.
    The five cases of the paper, with ``ratio = sl_p / sl_n``:

    1. ``sl_p == sl_n == 0``: no row (``valid`` is False);
    2. ``sl_n == 0 < sl_p``: gap 0, a copy of ``p``;
    3. ``ratio == 1``: gap in [0, 1], as in SMOTE;
    4. ``ratio > 1``: gap in [0, 1 / ratio], closer to ``p``;
    5. ``ratio < 1``: gap in [1 - ratio, 1], closer to ``n`` (a copy of ``n``
       when ``sl_p == 0``).
    """
    sl_p, sl_n = np.broadcast_arrays(
        np.asarray(sl_p, dtype=float), np.asarray(sl_n, dtype=float)
    )
    valid = (sl_p > 0) | (sl_n > 0)
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = np.where(sl_n > 0, sl_p / np.where(sl_n > 0, sl_n, 1.0), np.inf)
    low = np.zeros(sl_p.shape)
    high = np.ones(sl_p.shape)
    copy_p = np.isinf(ratio)  # sl_n == 0: case 2 (case 1 is masked by `valid`)
    high[copy_p] = 0.0
    closer_p = ~copy_p & (ratio > 1)
    high[closer_p] = 1.0 / ratio[closer_p]
    closer_n = ratio < 1
    low[closer_n] = 1.0 - ratio[closer_n]
    return low, high, valid


@Substitution()
class SafeLevelSMOTE(BaseGenerator):
    """Safe-Level-SMOTE: SMOTE that interpolates towards the safer parent.

    The safe level of a row of the class being over-sampled is the number of rows
    of that class among its `k_neighbors` nearest neighbours in the whole data.
    For a row ``p`` and one of its `k_neighbors` nearest neighbours ``n`` in its
    own class, the new row is ``p + gap * (n - p)``, where the gap depends on the
    ratio of their safe levels ``sl_p / sl_n``: no row when both are 0, a copy of
    ``p`` when only ``sl_n`` is 0, a gap in [0, 1] when they are equal, in
    [0, sl_n / sl_p] when ``p`` is safer and in [1 - sl_p / sl_n, 1] when ``n`` is
    safer. New rows thus stay near the parent that has more rows of its class
    around it.

    Parameters
    ----------
    %(sampling_strategy)s

    random_state : int, RandomState instance or None, default=None
        Seeds the choice of parents, neighbours and gaps.

    k_neighbors : int, default=5
        Number of nearest neighbours used both for the safe levels (among all
        rows) and for the choice of ``n`` (among the rows of the class).

    n_jobs : int or None, default=None
        Parallel jobs of the nearest-neighbour searches; None means 1 unless in a
        :obj:`joblib.parallel_backend` context, -1 means all processors.

    Attributes
    ----------
    sampling_strategy_ : dict
        Number of new rows for each class, as imbalanced-learn computes it.

    safe_levels_ : dict
        ``{class: ndarray of shape (n_rows_of_class,)}``: the safe level of each
        row of each over-sampled class, in the order of the rows in `X`.

    n_features_in_ : int
        Number of features seen during ``fit_resample``.

    feature_names_in_ : ndarray of shape (`n_features_in_`,)
        Names of the features seen during ``fit_resample``, when `X` has string
        column names.

    See Also
    --------
    imblearn.over_sampling.SMOTE : Interpolation with a uniform gap.
    imblearn.over_sampling.BorderlineSMOTE : Interpolation from borderline rows.
    synthsieve.KDEOverSampler : Kernel-density sampling from safe, dense seeds.

    Notes
    -----
    What was adapted from the paper [1]_:

    - The paper makes one new row per minority row, a doubling. Here rows are
      generated in passes until exactly the number `sampling_strategy` asks for
      is reached: each pass visits the rows of the class in random order, each
      with one random neighbour among its `k_neighbors` nearest rows of the
      class; pairs of case 1 (both safe levels 0) make nothing and the pass goes
      on. The last pass stops when enough rows are made.
    - The paper's pseudo-code draws a gap for each attribute, which scatters new
      rows in the box spanned by the parents. Here one gap is drawn per new row,
      as in imbalanced-learn's SMOTE, so each new row lies on the segment between
      its parents.
    - With several classes, each class to over-sample is the "positive" class
      and all other rows are the "negative" class.

    Cases 2 and 5 with ``sl_p == 0`` copy a real row exactly; these copies are
    part of the method. :class:`~synthsieve.FilteredOverSampler` rejects them as copies.

    Distances are Euclidean on the features as given (no standardisation), as in
    SMOTE: scale the features first when their units differ. Only numeric
    features are supported; sparse input is converted to a dense array inside
    and the result is returned in the input's sparse format.

    References
    ----------
    .. [1] C. Bunkhumpornpat, K. Sinapiromsaran and C. Lursinsap,
       "Safe-Level-SMOTE: Safe-Level-Synthetic Minority Over-Sampling TEchnique
       for Handling the Class Imbalanced Problem", Advances in Knowledge Discovery
       and Data Mining (PAKDD 2009), LNCS 5476, pp. 475-482, Springer, 2009.

    Examples
    --------
    >>> from collections import Counter
    >>> from sklearn.datasets import make_classification
    >>> from synthsieve.generators import SafeLevelSMOTE
    >>> X, y = make_classification(n_samples=200, weights=[0.9], random_state=0)
    >>> sorted(Counter(y.tolist()).items())
    [(0, 180), (1, 20)]
    >>> X_res, y_res = SafeLevelSMOTE(random_state=0).fit_resample(X, y)
    >>> sorted(Counter(y_res.tolist()).items())
    [(0, 180), (1, 180)]
    >>> bool((X_res[: len(X)] == X).all())
    True
    """

    _parameter_constraints: dict = {
        **BaseGenerator._parameter_constraints,
        "k_neighbors": [Interval(Integral, 1, None, closed="left")],
        "n_jobs": [None, Integral],
    }

    def __init__(
        self,
        *,
        sampling_strategy="auto",
        random_state=None,
        k_neighbors=5,
        n_jobs=None,
    ):
        super().__init__(sampling_strategy=sampling_strategy)
        self.random_state = random_state
        self.k_neighbors = k_neighbors
        self.n_jobs = n_jobs

    def _generate(self, X, y, targets, streams):
        rng = streams.child("rows").random_state()
        k = self.k_neighbors
        name = type(self).__name__
        for cls in targets:
            require_rows(
                name,
                cls,
                int(np.sum(y == cls)),
                k + 1,
                what="k_neighbors + 1",
                fix="Lower `k_neighbors`.",
            )
        self.safe_levels_ = {}
        new = {}
        for cls, n_new in targets.items():
            idx = np.flatnonzero(y == cls)
            X_c = X[idx]
            # Safe level: rows of the class among the k nearest rows of all rows.
            neighbours = kneighbors_excluding_self(X, k, rows=idx, n_jobs=self.n_jobs)
            safe = (y[neighbours] == cls).sum(axis=1)
            self.safe_levels_[cls] = safe

            within = kneighbors_excluding_self(X_c, k, n_jobs=self.n_jobs)
            low, high, valid = _gap_bounds(safe[:, None], safe[within])
            if not valid.any():
                raise ValueError(
                    f"{name} cannot make rows of class {class_label(cls)}: every "
                    "row of that class has safe level 0 (no other row of the class "
                    f"among its k_neighbors={k} nearest rows), so every pair is in "
                    "the case where the method makes nothing. Raise `k_neighbors` "
                    "or use another sampler for this class."
                )
            parents, columns = self._draw_pairs(valid, n_new, rng)
            gaps = low[parents, columns] + rng.uniform(size=n_new) * (
                high[parents, columns] - low[parents, columns]
            )
            p = X_c[parents]
            n = X_c[within[parents, columns]]
            new[cls] = p + gaps[:, None] * (n - p)
        return new

    @staticmethod
    def _draw_pairs(valid, n_new, rng):
        """Parent rows and neighbour columns of `n_new` valid pairs, in passes."""
        n_rows, k = valid.shape
        parents, columns = [], []
        remaining = n_new
        while remaining > 0:
            order = rng.permutation(n_rows)
            cols = rng.randint(k, size=n_rows)
            keep = valid[order, cols]
            order, cols = order[keep][:remaining], cols[keep][:remaining]
            parents.append(order)
            columns.append(cols)
            remaining -= len(order)
        return np.concatenate(parents), np.concatenate(columns)
