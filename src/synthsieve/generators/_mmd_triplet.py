"""Majority-to-minority transformations learned with MMD and a triplet loss."""

from __future__ import annotations

import logging
from numbers import Integral, Real

import numpy as np
from sklearn.neighbors import NearestNeighbors
from sklearn.utils._param_validation import (
    Interval,
    InvalidParameterError,
    StrOptions,
)

from .._docstring import Substitution, epoch_verbose
from ..detectors._torch import build_module, resolve_device, single_torch_thread
from ._base import (
    TRAINING_CONSTRAINTS,
    BaseGenerator,
    check_hidden_layer_sizes,
    class_label,
    kneighbors_excluding_self,
    mean_scale,
    predict_module,
    require_rows,
    train_module,
)

__all__ = ["MMDTripletOverSampler"]

logger = logging.getLogger(__name__)

#: Multiples of the median pairwise distance used as bandwidths by "median".
MEDIAN_FACTORS = (0.5, 1.0, 2.0, 4.0)
#: Rows of a class the median pairwise distance is computed from, at most.
MEDIAN_ROWS = 1000
#: Source rows a mapped row's nearest negative is searched among, at most (the
#: ones nearest to the class), to bound the cost of a training step.
MAX_NEGATIVES = 1000


def median_distance(Z_c, rng):
    """Median distance between two rows of `Z_c`.

    At most `MEDIAN_ROWS` rows (drawn with `rng`) are used; a median of 0 (all
    rows equal) or of a single row gives 1, the standard deviation of the
    standardised features.
    """
    if len(Z_c) > MEDIAN_ROWS:
        Z_c = Z_c[rng.choice(len(Z_c), MEDIAN_ROWS, replace=False)]
    i, j = np.triu_indices(len(Z_c), k=1)
    distances = np.sqrt(((Z_c[i] - Z_c[j]) ** 2).sum(axis=1))
    median = float(np.median(distances)) if len(distances) else 0.0
    return median if median > 0.0 else 1.0


def danger_rows(Z, is_class, k):
    """Indices (into the class's rows) of its borderline rows, Borderline-SMOTE's
    DANGER set: more than half, but not all, of their `k` nearest rows of `Z`
    belong to other classes. All the class's rows when none is borderline.
    """
    rows = np.flatnonzero(is_class)
    k = min(k, len(Z) - 1)
    others = (~is_class[kneighbors_excluding_self(Z, k, rows=rows)]).sum(axis=1)
    danger = np.flatnonzero((others > k / 2) & (others < k))
    return danger if len(danger) else np.arange(len(rows))


def border_rows(Z_source, Z_c, n_max=MAX_NEGATIVES):
    """Indices of the `n_max` rows of `Z_source` nearest to the rows `Z_c` (by
    each source row's distance to its nearest row of `Z_c`); all of them when
    there are fewer."""
    if len(Z_source) <= n_max:
        return np.arange(len(Z_source))
    distance, _ = NearestNeighbors(n_neighbors=1).fit(Z_c).kneighbors(Z_source)
    return np.sort(np.argsort(distance[:, 0], kind="stable")[:n_max])


def squared_distances(a, b):
    """Squared Euclidean distances between the rows of `a` and `b` (tensors)."""
    d2 = (a * a).sum(dim=1)[:, None] + (b * b).sum(dim=1)[None, :] - 2.0 * a @ b.T
    return d2.clamp(min=0.0)


def mmd2(a, b, bandwidths):
    """Biased estimate of the squared MMD between the rows of `a` and `b` (torch
    tensors), with the mean of Gaussian kernels of the given `bandwidths`."""
    import torch

    pooled = torch.cat([a, b])
    d2 = squared_distances(pooled, pooled)
    kernel = sum((-d2 / (2.0 * h * h)).exp() for h in bandwidths) / len(bandwidths)
    # +1/n_a for the rows of a, -1/n_b for those of b: w' K w is the estimate
    w_a = a.new_full((len(a),), 1.0 / len(a))
    w_b = b.new_full((len(b),), -1.0 / len(b))
    w = torch.cat([w_a, w_b])
    return w @ kernel @ w


def triplet(anchor, positives, negatives, margin, unit=1.0):
    """Mean hinge ``max(0, (d(a, p) - d(a, n)) / unit + margin)`` with the nearest
    positive and the nearest negative of each anchor row (torch tensors).

    The nearest rows are found without gradient; the distances to them carry it.
    """
    import torch

    with torch.no_grad():
        p = squared_distances(anchor, positives).argmin(dim=1)
        n = squared_distances(anchor, negatives).argmin(dim=1)

    def distance(rows):
        return ((anchor - rows) ** 2).sum(dim=1).add(1e-12).sqrt()

    gap = (distance(positives[p]) - distance(negatives[n])) / unit
    return torch.relu(gap + margin).mean()


@Substitution(verbose=epoch_verbose(__name__, "loss"))
class MMDTripletOverSampler(BaseGenerator):
    """Over-sampling by a learned map from the other classes into a class.

    For each class to over-sample, a network ``T`` (an MLP, residual by default:
    ``T(x) = x + f(x)``) is trained to carry the rows of the other classes (the
    sources) into the class: it minimises the maximum mean discrepancy (MMD)
    between mapped source rows and the class's real rows, which aligns the two
    distributions as a whole, plus `triplet_weight` times a triplet loss that
    keeps each mapped row nearer to a borderline row of the class than to any
    row of the other classes, by `margin`. New rows are ``T`` applied to source
    rows drawn with replacement, mapped back to the original units.

    Parameters
    ----------
    %(sampling_strategy)s

    random_state : int, RandomState instance or None, default=None
        Seeds the network initialisation, the batches, the subsample the median
        distance is computed on and the source rows that are mapped. Only local
        generators are used: the global torch and numpy random states are left
        untouched.

    hidden_layer_sizes : int or tuple of int, default=(64, 64)
        Units in each hidden layer of ``f`` (LeakyReLU). An empty tuple gives a
        linear (affine with `residual`) map.

    residual : bool, default=True
        Learn ``T(x) = x + f(x)``, with the output layer of ``f`` started at 0,
        so training starts from the identity and the map learns a displacement.
        False learns ``T = f`` directly.

    mmd_bandwidths : "median" or array-like of float, default="median"
        Bandwidths ``h`` of the Gaussian kernels ``exp(-||a - b||^2 / (2 h^2))``
        whose mean is the MMD's kernel, in standardised units. "median" uses
        0.5, 1, 2 and 4 times the median distance between two rows of the class
        (`median_distance_`).

    triplet_weight : float, default=0.1
        Weight of the triplet loss against the squared MMD; 0 trains on the MMD
        alone.

    margin : float, default=0.25
        Margin of the triplet loss, in units of the median distance between two
        rows of the class: how much nearer to a borderline row of the class than
        to a row of the other classes a mapped row must be before the loss stops
        pulling it.

    k_neighbors : int, default=5
        Number of nearest rows (of all classes) that decide whether a row of the
        class is borderline: more than half, but not all, of them belong to
        other classes.

    max_epochs : int, default=50
        Passes over the source rows.

    batch_size : int, default=128
        Source rows per Adam step; each step compares them with as many rows of
        the class (all of them when the class has fewer), drawn afresh.

    lr : float, default=3e-3
        Learning rate of Adam.

    %(device)s

    %(verbose)s

    Attributes
    ----------
    sampling_strategy_ : dict
        Number of new rows for each class, as imbalanced-learn computes it.

    mean_ : ndarray of shape (`n_features_in_`,)
        Feature means of all rows, used to standardise.

    scale_ : ndarray of shape (`n_features_in_`,)
        Feature standard deviations of all rows; 1 for constant features.

    modules_ : dict
        ``{class: torch.nn.Sequential}``: the network ``f`` of each over-sampled
        class, on the CPU, in evaluation mode. It maps a standardised source row
        ``z`` to ``T(z) - z`` with `residual`, to ``T(z)`` without.

    bandwidths_ : dict
        ``{class: tuple of float}``: the kernel bandwidths used for the class,
        in standardised units.

    median_distance_ : dict
        ``{class: float}``: median distance between two rows of the class, in
        standardised units; the unit of the triplet loss and of `margin`.

    history_ : dict
        ``{class: list of dict}``: per epoch, ``epoch``, ``mmd`` (squared MMD),
        ``triplet`` (triplet loss) and ``train_loss`` (``mmd + triplet_weight *
        triplet``), each the mean over the epoch's batches.

    device_ : str
        Device the networks were trained on, "cpu" or "cuda".

    n_features_in_ : int
        Number of features seen during ``fit_resample``.

    feature_names_in_ : ndarray of shape (`n_features_in_`,)
        Names of the features seen during ``fit_resample``, when `X` has string
        column names.

    See Also
    --------
    synthsieve.CVAEOverSampler : Sampling from a conditional variational auto-encoder.
    synthsieve.DeepSMOTE : A network that learns SMOTE's interpolation.
    imblearn.over_sampling.BorderlineSMOTE : The DANGER set the positives come from.

    Notes
    -----
    After Cha and Kim [1]_, who learn a map from the majority class to the
    minority class by minimising the MMD [2]_ between mapped majority rows and
    minority rows, regularised by a triplet loss whose anchors are the mapped
    rows and whose positives are the minority rows of Borderline-SMOTE's DANGER
    set. What was adapted:

    - Negatives: each anchor's negative is its nearest source row (searched
      among the 1000 source rows nearest to the class when there are more), so
      the loss asks a mapped row to be nearer to a borderline row of the class
      than to any row of the other classes, by `margin`. The authors' code
      takes the negatives from the majority rows farthest from the minority
      class ("safe" rows) and widens the margin by the spread of the DANGER
      set. On seeded blob problems that term barely moved the rows, while the
      nearest source row as negative clearly lowered the share of new rows
      whose nearest real row belongs to another class, at a small cost in
      MMD. Distances in the triplet loss are divided by the median distance
      between two rows of the class, so one `triplet_weight` and `margin` suit
      any number of features (with raw distances the term grows with the
      square root of the number of features and swamped the MMD in our tests),
      and the margin is not widened. When the class has no borderline row,
      every row of the class is a positive (the authors drop the triplet term
      then).
    - Map: a LeakyReLU MLP, residual and started at the identity, instead of
      the authors' encoder-decoder with batch normalisation; plain Adam on
      mini-batches instead of full-batch AdamW with a cosine schedule and
      gradient clipping.
    - Kernel: the mean of Gaussian kernels at several multiples of the class's
      median pairwise distance, fixed before training, instead of one bandwidth
      recomputed from each batch.
    - Several classes: the sources of a class are the rows of all the other
      classes (the paper has two classes), and one map is trained per class to
      over-sample. New rows come from source rows drawn with replacement, so
      any number can be made; the authors map each of a fixed set of majority
      rows once.

    Features are standardised with the mean and standard deviation of all rows
    inside; borderline rows and the sources nearest to the class are found in
    the standardised space. A class needs at least 2 rows for the MMD. Only
    numeric features are supported; sparse input is converted to a dense array
    inside.

    A training step computes O(batch_size * (batch_size + n_borderline +
    n_negatives)) distances, with at most 1000 negatives; an epoch makes
    ``ceil(n_source_rows / batch_size)`` steps, so the cost of a fit grows
    linearly with the number of rows of the other classes.
    Training runs in float32 on `device_`; generation runs on the CPU in float64.
    Training on the CPU is reproducible for a fixed `random_state`; CUDA kernels
    may not be. Fitted networks live on the CPU, so a fitted sampler pickles and
    unpickles on machines without a GPU. torch runs on one CPU thread during
    ``fit_resample`` and the caller's thread count is restored afterwards.

    References
    ----------
    .. [1] S. Cha and H. Kim, "Learning Majority-to-Minority Transformations with
       MMD and Triplet Loss for Imbalanced Classification", arXiv:2509.11511,
       2025.
    .. [2] A. Gretton, K. M. Borgwardt, M. J. Rasch, B. Schoelkopf and A. Smola,
       "A Kernel Two-Sample Test", Journal of Machine Learning Research 13,
       pp. 723-773, 2012.

    Examples
    --------
    >>> from collections import Counter
    >>> from sklearn.datasets import make_classification
    >>> from synthsieve.generators import MMDTripletOverSampler
    >>> X, y = make_classification(n_samples=200, weights=[0.9], random_state=0)
    >>> sampler = MMDTripletOverSampler(max_epochs=5, random_state=0)
    >>> X_res, y_res = sampler.fit_resample(X, y)
    >>> sorted(Counter(y_res.tolist()).items())
    [(0, 180), (1, 180)]
    >>> history = sampler.history_[1]
    >>> sorted(history[-1])
    ['epoch', 'mmd', 'train_loss', 'triplet']
    >>> bool(history[-1]["mmd"] < history[0]["mmd"])
    True
    """

    _parameter_constraints: dict = {
        **BaseGenerator._parameter_constraints,
        **TRAINING_CONSTRAINTS,
        "hidden_layer_sizes": [
            "array-like",
            Interval(Integral, 1, None, closed="left"),
        ],
        "residual": ["boolean"],
        "mmd_bandwidths": [StrOptions({"median"}), "array-like"],
        "triplet_weight": [Interval(Real, 0, None, closed="left")],
        "margin": [Interval(Real, 0, None, closed="left")],
        "k_neighbors": [Interval(Integral, 1, None, closed="left")],
    }

    def __init__(
        self,
        *,
        sampling_strategy="auto",
        random_state=None,
        hidden_layer_sizes=(64, 64),
        residual=True,
        mmd_bandwidths="median",
        triplet_weight=0.1,
        margin=0.25,
        k_neighbors=5,
        max_epochs=50,
        batch_size=128,
        lr=3e-3,
        device="auto",
        verbose=0,
    ):
        super().__init__(sampling_strategy=sampling_strategy)
        self.random_state = random_state
        self.hidden_layer_sizes = hidden_layer_sizes
        self.residual = residual
        self.mmd_bandwidths = mmd_bandwidths
        self.triplet_weight = triplet_weight
        self.margin = margin
        self.k_neighbors = k_neighbors
        self.max_epochs = max_epochs
        self.batch_size = batch_size
        self.lr = lr
        self.device = device
        self.verbose = verbose

    def _check_bandwidths(self):
        """The `mmd_bandwidths` as a tuple of positive floats, or None for
        "median"; an error naming the parameter otherwise."""
        value = self.mmd_bandwidths
        if isinstance(value, str):  # "median", the only string constraints allow
            return None
        name = type(self).__name__
        try:
            bandwidths = np.asarray(value, dtype=float).ravel()
        except (TypeError, ValueError):
            bandwidths = np.array([np.nan])
        valid = np.isfinite(bandwidths) & (bandwidths > 0)
        if len(bandwidths) == 0 or not valid.all():
            raise InvalidParameterError(
                f"The 'mmd_bandwidths' parameter of {name} must be \"median\" or "
                f"hold positive finite floats, e.g. (0.5, 1.0, 2.0). Got {value!r} "
                "instead."
            )
        return tuple(float(h) for h in bandwidths)

    def _generate(self, X, y, targets, streams):
        rng = streams.child("rows").random_state()
        name = type(self).__name__
        hidden = check_hidden_layer_sizes(self.hidden_layer_sizes, name)
        fixed = self._check_bandwidths()
        for cls in targets:
            is_class = y == cls
            require_rows(
                name,
                cls,
                int(is_class.sum()),
                2,
                fix="The MMD compares pairs of rows of the class; add rows or "
                "leave the class out of `sampling_strategy`.",
            )
            if not (~is_class).any():
                raise ValueError(
                    f"{name} maps rows of the other classes into class "
                    f"{class_label(cls)}, but `y` holds no row of another class."
                )
        self.mean_, self.scale_ = mean_scale(X)
        Z = (X - self.mean_) / self.scale_
        self.device_ = resolve_device(self.device)
        self.modules_, self.history_ = {}, {}
        self.bandwidths_, self.median_distance_ = {}, {}
        new = {}
        with single_torch_thread():
            for i, (cls, n_new) in enumerate(targets.items()):
                is_class = y == cls
                Z_c, Z_source = Z[is_class], Z[~is_class]
                unit = median_distance(Z_c, rng)
                bandwidths = fixed or tuple(f * unit for f in MEDIAN_FACTORS)
                positives = Z_c[danger_rows(Z, is_class, self.k_neighbors)]
                negatives = Z_source[border_rows(Z_source, Z_c)]
                module, history = self._train(
                    Z_source,
                    Z_c,
                    positives,
                    negatives,
                    bandwidths=bandwidths,
                    unit=unit,
                    hidden=hidden,
                    cls=cls,
                    seed=streams.child("torch", i).seed(),
                )
                seeds = Z_source[rng.randint(len(Z_source), size=n_new)]
                Z_new = predict_module(module, seeds)
                if self.residual:
                    Z_new = Z_new + seeds
                new[cls] = Z_new * self.scale_ + self.mean_
                self.modules_[cls] = module
                self.bandwidths_[cls] = bandwidths
                self.median_distance_[cls] = unit
                self.history_[cls] = history
        return new

    def _train(
        self,
        Z_source,
        Z_c,
        positives,
        negatives,
        *,
        bandwidths,
        unit,
        hidden,
        cls,
        seed,
    ):
        """Fit the map of one class (its weights and batches from `seed`);
        (module, history)."""
        import torch

        generator = torch.Generator().manual_seed(seed)
        device = torch.device(self.device_)
        n_features = Z_source.shape[1]
        module = build_module(n_features, hidden, n_features, 0.01, generator)
        if self.residual:
            with torch.no_grad():
                module[-1].weight.zero_()  # T starts as the identity
        module = module.to(device)

        def as_tensor(a):
            return torch.as_tensor(a, dtype=torch.float32, device=device)

        source, target = as_tensor(Z_source), as_tensor(Z_c)
        pos, neg = as_tensor(positives), as_tensor(negatives)
        n_target = min(len(Z_c), self.batch_size)
        weight, margin = float(self.triplet_weight), float(self.margin)
        parts = []  # (mmd, triplet, n_rows) of each batch, as tensors

        def batch_loss(batch):
            xb = source[batch]
            mapped = module(xb) + xb if self.residual else module(xb)
            if n_target < len(target):
                drawn = torch.randperm(len(target), generator=generator)[:n_target]
                tb = target[drawn.to(device)]
            else:
                tb = target
            mmd = mmd2(mapped, tb, bandwidths)
            trip = triplet(mapped, pos, neg, margin, unit)
            parts.append((mmd.detach(), trip.detach(), len(batch)))
            return mmd + weight * trip

        module.train()
        history = train_module(
            module.parameters(),
            batch_loss,
            len(source),
            max_epochs=self.max_epochs,
            batch_size=self.batch_size,
            lr=self.lr,
            generator=generator,
            device=device,
            verbose=self.verbose,
            desc=f"{type(self).__name__} class {class_label(cls)}",
            logger=logger,
        )
        n_batches = -(-len(source) // self.batch_size)
        for i, entry in enumerate(history):
            epoch = parts[i * n_batches : (i + 1) * n_batches]
            n_rows = sum(n for _, _, n in epoch)
            entry["mmd"] = sum(m.item() * n for m, _, n in epoch) / n_rows
            entry["triplet"] = sum(t.item() * n for _, t, n in epoch) / n_rows
        return module.cpu().eval(), history
