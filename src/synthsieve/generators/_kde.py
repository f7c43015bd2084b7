"""Gaussian kernel-density over-sampling from dense, safe seeds (after GK-SMOTE)."""

from __future__ import annotations

import warnings
from numbers import Integral, Real

import numpy as np
from scipy.special import logsumexp
from sklearn.utils._param_validation import Interval, StrOptions

from .._docstring import Substitution
from .._warn import SynthsieveWarning
from ._base import (
    BaseGenerator,
    class_label,
    kneighbors_excluding_self,
    mean_scale,
    require_rows,
)

__all__ = ["KDEOverSampler"]

# Rows of a class used as kernel centres when its density is evaluated; larger
# classes use a random subset of this size (the cost is quadratic).
_MAX_DENSITY_REFERENCE = 5000
# Rows used by the cross-validated bandwidth search (a dense distance matrix).
_MAX_CV_ROWS = 2000
# Multipliers of Scott's bandwidth tried by bandwidth="cv".
_CV_FACTORS = np.geomspace(0.1, 3.0, 16)
_CHUNK = 1024


def _pairwise_sq(A, B):
    """Squared Euclidean distances between the rows of `A` and `B`."""
    sq = (A**2).sum(1)[:, None] + (B**2).sum(1)[None, :] - 2.0 * A @ B.T
    return np.maximum(sq, 0.0)


def _loo_log_density(U, ref_idx):
    """Leave-one-out log density, up to a constant, of the rows of `U`.

    `U` holds the rows divided by the per-dimension bandwidths, so the kernel is
    the standard Gaussian; `ref_idx` indexes the rows used as kernel centres. A
    row is never its own kernel centre.
    """
    n = len(U)
    R = U[ref_idx]
    position = np.full(n, -1)
    position[ref_idx] = np.arange(len(ref_idx))
    out = np.empty(n)
    for start in range(0, n, _CHUNK):
        rows = np.arange(start, min(start + _CHUNK, n))
        logk = -0.5 * _pairwise_sq(U[rows], R)
        own = position[rows]
        mine = own >= 0
        logk[np.flatnonzero(mine), own[mine]] = -np.inf
        n_centres = len(ref_idx) - mine.astype(int)
        with np.errstate(divide="ignore"):
            out[rows] = logsumexp(logk, axis=1) - np.log(n_centres)
    return out


def _cv_factor(Z, h, rng):
    """Multiplier of `h` that maximises the leave-one-out log-likelihood."""
    active = h > 0
    if len(Z) > _MAX_CV_ROWS:
        Z = Z[rng.choice(len(Z), _MAX_CV_ROWS, replace=False)]
    U = Z[:, active] / h[active]
    sq = _pairwise_sq(U, U)
    np.fill_diagonal(sq, np.inf)
    n, d = U.shape
    scores = [
        logsumexp(-0.5 * sq / factor**2, axis=1).mean() - d * np.log(factor)
        for factor in _CV_FACTORS
    ]
    return float(_CV_FACTORS[int(np.argmax(scores))])


@Substitution()
class KDEOverSampler(BaseGenerator):
    """Gaussian kernel-density over-sampling from dense and safe seed rows.

    For each class to over-sample, a Gaussian kernel density is fitted to its
    rows on standardised features, with a data-driven bandwidth per feature. Seed
    rows are drawn with weights that favour dense *and* safe regions of the
    class: each row's weight is its leave-one-out density in its class times the
    share of rows of its class among its `k_neighbors` nearest rows in the whole
    data. Rows whose neighbours all belong to other classes are treated as noise
    and never seed. A new row is its seed plus Gaussian kernel noise scaled by
    the bandwidth, mapped back to the original units.

    Parameters
    ----------
    %(sampling_strategy)s

    random_state : int, RandomState instance or None, default=None
        Seeds the choice of seeds, the kernel noise and the subsets used on
        large classes.

    bandwidth : {"scott", "silverman", "cv"} or float, default="scott"
        Kernel bandwidth per feature, in standardised units: Scott's or
        Silverman's rule of thumb per class, "cv" (Scott's times the factor from
        0.1 to 3 that maximises the class's leave-one-out log-likelihood), or a
        float for every feature that varies within the class. The formulas are
        in the :doc:`user guide </generators>`.

    k_neighbors : int, default=5
        Number of nearest rows, among all rows, used to measure how safe each
        row is.

    n_jobs : int or None, default=None
        Parallel jobs of the nearest-neighbour search; None means 1 unless in a
        :obj:`joblib.parallel_backend` context, -1 means all processors.

    Attributes
    ----------
    sampling_strategy_ : dict
        Number of new rows for each class, as imbalanced-learn computes it.

    mean_ : ndarray of shape (`n_features_in_`,)
        Feature means of all rows, used to standardise.

    scale_ : ndarray of shape (`n_features_in_`,)
        Feature standard deviations of all rows; 1 for constant features.

    bandwidth_ : dict
        ``{class: ndarray of shape (n_features_in_,)}``: the kernel bandwidth of
        each feature, in standardised units (multiply by `scale_` for original
        units). It is 0 for features constant within the class.

    seed_weights_ : dict
        ``{class: ndarray of shape (n_rows_of_class,)}``: the probability of each
        row of the class, in the order of `X`, to be drawn as a seed.

    n_features_in_ : int
        Number of features seen during ``fit_resample``.

    feature_names_in_ : ndarray of shape (`n_features_in_`,)
        Names of the features seen during ``fit_resample``, when `X` has string
        column names.

    See Also
    --------
    imblearn.over_sampling.SMOTE : Interpolation between neighbours.
    synthsieve.SafeLevelSMOTE : Interpolation that stays near the safer parent.
    synthsieve.CVAEOverSampler : Sampling from a conditional variational auto-encoder.

    Notes
    -----
    In the spirit of GK-SMOTE [1]_, which uses a Gaussian kernel density to
    generate in dense minority regions and to keep away from noisy ones. What is
    done here differs from the paper:

    - The bandwidth is a per-feature rule of thumb (Scott [2]_ or Silverman [3]_)
      or a cross-validated multiple of Scott's, rather than the paper's choice.
    - Safety is measured with the `k_neighbors` nearest rows of the whole data,
      and density and safety multiply into one seed weight. If every row of a
      class looks like noise, seeds are drawn by density alone and a
      :class:`~synthsieve.SynthsieveWarning` says so.
    - New rows are seed + kernel noise, i.e. draws from the kernel density of the
      weighted seeds, rather than SMOTE interpolations.

    Features constant within a class (bandwidth 0) keep their value in the new
    rows of that class. Only numeric features are supported: one-hot encode
    nominal columns first. New rows are continuous: integer, binary and one-hot
    columns get non-integer values, which the domain rules of
    :class:`~synthsieve.FilteredOverSampler` repair. Densities of classes with
    more than 5000 rows are estimated against a random subset of 5000 of them,
    and "cv" searches on at most 2000.

    References
    ----------
    .. [1] M. R. Miraj, H. Huang, T. Yang, J. Zhao, N. Mu and X. Lei, "GK-SMOTE:
       A Hyperparameter-free Noise-Resilient Gaussian KDE-Based Oversampling
       Approach", arXiv:2509.11163, 2025.
    .. [2] D. W. Scott, "Multivariate Density Estimation: Theory, Practice, and
       Visualization", Wiley, 1992.
    .. [3] B. W. Silverman, "Density Estimation for Statistics and Data
       Analysis", Chapman and Hall, 1986.

    Examples
    --------
    >>> from collections import Counter
    >>> from sklearn.datasets import make_classification
    >>> from synthsieve.generators import KDEOverSampler
    >>> X, y = make_classification(n_samples=200, weights=[0.9], random_state=0)
    >>> X_res, y_res = KDEOverSampler(random_state=0).fit_resample(X, y)
    >>> sorted(Counter(y_res.tolist()).items())
    [(0, 180), (1, 180)]
    """

    _parameter_constraints: dict = {
        **BaseGenerator._parameter_constraints,
        "bandwidth": [
            StrOptions({"scott", "silverman", "cv"}),
            Interval(Real, 0, None, closed="neither"),
        ],
        "k_neighbors": [Interval(Integral, 1, None, closed="left")],
        "n_jobs": [None, Integral],
    }

    def __init__(
        self,
        *,
        sampling_strategy="auto",
        random_state=None,
        bandwidth="scott",
        k_neighbors=5,
        n_jobs=None,
    ):
        super().__init__(sampling_strategy=sampling_strategy)
        self.random_state = random_state
        self.bandwidth = bandwidth
        self.k_neighbors = k_neighbors
        self.n_jobs = n_jobs

    def _generate(self, X, y, targets, streams):
        rng = streams.child("rows").random_state()
        name = type(self).__name__
        k = self.k_neighbors
        for cls in targets:
            require_rows(
                name,
                cls,
                int(np.sum(y == cls)),
                2,
                fix="A bandwidth needs two rows; leave this class out of "
                "`sampling_strategy`.",
            )
        if len(X) < k + 1:
            raise ValueError(
                f"{name} needs at least k_neighbors + 1 = {k + 1} rows in `X`; got "
                f"{len(X)}. Lower `k_neighbors`."
            )
        self.mean_, self.scale_ = mean_scale(X)
        Z = (X - self.mean_) / self.scale_
        neighbours = kneighbors_excluding_self(Z, k, n_jobs=self.n_jobs)
        safety = (y[neighbours] == y[:, None]).mean(axis=1)
        self.bandwidth_, self.seed_weights_ = {}, {}
        new = {}
        for cls, n_new in targets.items():
            idx = np.flatnonzero(y == cls)
            Z_c = Z[idx]
            h = self._bandwidth(Z_c, rng)
            active = h > 0
            U = Z_c[:, active] / h[active]
            if len(U) > _MAX_DENSITY_REFERENCE:
                ref = np.sort(rng.choice(len(U), _MAX_DENSITY_REFERENCE, False))
            else:
                ref = np.arange(len(U))
            log_density = _loo_log_density(U, ref)
            density = np.exp(log_density - log_density.max())
            weights = density * safety[idx]
            if not weights.sum() > 0:
                warnings.warn(
                    f"Every row of class {class_label(cls)} has only rows of other "
                    f"classes among its k_neighbors={k} nearest rows, so all look "
                    "like noise; seeds are drawn by density alone. Raise "
                    "`k_neighbors` or check the labels.",
                    SynthsieveWarning,
                    stacklevel=5,
                )
                weights = density
            weights = weights / weights.sum()
            self.bandwidth_[cls] = h
            self.seed_weights_[cls] = weights
            seeds = rng.choice(len(idx), size=n_new, p=weights)
            noise = rng.standard_normal((n_new, Z.shape[1])) * h
            new[cls] = (Z_c[seeds] + noise) * self.scale_ + self.mean_
        return new

    def _bandwidth(self, Z_c, rng):
        """Per-feature bandwidth of one class, 0 for features constant in it."""
        n = len(Z_c)
        sigma = Z_c.std(axis=0, ddof=1)
        active = sigma > 1e-12
        d = max(int(active.sum()), 1)
        if isinstance(self.bandwidth, str):
            if self.bandwidth == "silverman":
                factor = (4.0 / ((d + 2) * n)) ** (1.0 / (d + 4))
            else:
                factor = n ** (-1.0 / (d + 4))
            h = np.where(active, sigma * factor, 0.0)
            if self.bandwidth == "cv" and active.any():
                h = h * _cv_factor(Z_c, h, rng)
            return h
        return np.where(active, float(self.bandwidth), 0.0)
