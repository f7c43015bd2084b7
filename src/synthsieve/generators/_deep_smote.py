"""Deep SMOTE (Mansourifar and Shi, 2020): a network that learns to interpolate."""

from __future__ import annotations

import logging
from numbers import Integral

import numpy as np
from sklearn.utils._param_validation import Interval

from .._docstring import Substitution, epoch_verbose
from ..detectors._torch import build_module, resolve_device, single_torch_thread
from ._base import (
    TRAINING_CONSTRAINTS,
    BaseGenerator,
    check_hidden_layer_sizes,
    kneighbors_excluding_self,
    mean_scale,
    predict_module,
    require_rows,
    train_module,
)

__all__ = ["DeepSMOTE"]

logger = logging.getLogger(__name__)


def _pair_inputs(Z_a, Z_b, lam, use_lambda):
    """Network inputs for pairs of standardised rows and interpolation weights."""
    blocks = [Z_a, Z_b]
    if use_lambda:
        blocks.append(np.asarray(lam, dtype=float).reshape(-1, 1))
    return np.hstack(blocks)


def _draw_pairs(neighbours, n_pairs, rng):
    """Rows, their neighbours (both as indices) and weights of `n_pairs` pairs."""
    n_rows, k = neighbours.shape
    rows = rng.randint(n_rows, size=n_pairs)
    partners = neighbours[rows, rng.randint(k, size=n_pairs)]
    lam = rng.uniform(size=n_pairs)
    return rows, partners, lam


def _smote_training_set(Z_c, neighbours, n_pairs, use_lambda, rng):
    """Rows drawn, network inputs and SMOTE targets of `n_pairs` training pairs.

    `rows` indexes the first row ``x`` of each pair in `Z_c`; the target is
    SMOTE's interpolation ``x + lam * (n - x)``, in the units of `Z_c`.
    """
    rows, partners, lam = _draw_pairs(neighbours, n_pairs, rng)
    inputs = _pair_inputs(Z_c[rows], Z_c[partners], lam, use_lambda)
    targets = Z_c[rows] + lam[:, None] * (Z_c[partners] - Z_c[rows])
    return rows, inputs, targets


@Substitution(verbose=epoch_verbose(__name__, "loss"))
class DeepSMOTE(BaseGenerator):
    """Deep SMOTE: a regression network trained on SMOTE's inputs and outputs.

    For each class to over-sample, pairs of rows are drawn as SMOTE draws them (a
    row ``x`` and one of its `k_neighbors` nearest rows ``n`` of the same class)
    with a weight ``lam`` uniform in [0, 1]. A fully connected network learns to
    map the pair (and ``lam`` when `use_lambda` is True) to SMOTE's interpolation
    ``x + lam * (n - x)``. New rows are the network's outputs for new pairs and
    new weights, mapped back to the original units.

    Parameters
    ----------
    %(sampling_strategy)s

    random_state : int, RandomState instance or None, default=None
        Seeds the pairs, the weights, the network initialisation and the
        shuffling of the batches. Only local generators are used: the global
        torch and numpy random states are left untouched.

    k_neighbors : int, default=5
        Number of nearest rows of the same class a partner is drawn from.

    use_lambda : bool, default=True
        Give the interpolation weight ``lam`` to the network as an extra input.
        Without it the network sees only the pair and can only learn the
        expected interpolation, the midpoint ``(x + n) / 2``.

    hidden_layer_sizes : int or tuple of int, default=(64, 64)
        Units in each hidden layer (LeakyReLU). An empty tuple gives a linear
        map.

    max_epochs : int, default=50
        Passes over the training pairs.

    n_training_pairs : int, default=5000
        Number of SMOTE pairs (with their weights and targets) the network is
        trained on, per class.

    batch_size : int, default=128
        Pairs per Adam step; pairs are reshuffled every epoch.

    lr : float, default=3e-3
        Learning rate of Adam. The regression target is smooth and the network
        small; 3e-3 fitted the interpolation better than 1e-3 in our tests.

    %(device)s

    %(verbose)s

    Attributes
    ----------
    sampling_strategy_ : dict
        Number of new rows for each class, as imbalanced-learn computes it.

    modules_ : dict
        ``{class: torch.nn.Sequential}``: the trained network of each
        over-sampled class, on the CPU, in evaluation mode. It maps standardised
        ``[x, n, lam]`` (``[x, n]`` without `use_lambda`) to a standardised row.

    mean_ : dict
        ``{class: ndarray of shape (n_features_in_,)}``: feature means of the
        class's rows, used to standardise.

    scale_ : dict
        ``{class: ndarray of shape (n_features_in_,)}``: feature standard
        deviations of the class's rows; 1 for features constant in the class.

    history_ : dict
        ``{class: list of dict}``: per epoch, ``epoch`` and ``train_loss`` (mean
        squared error in standardised units).

    device_ : str
        Device the networks were trained on, "cpu" or "cuda".

    n_features_in_ : int
        Number of features seen during ``fit_resample``.

    feature_names_in_ : ndarray of shape (`n_features_in_`,)
        Names of the features seen during ``fit_resample``, when `X` has string
        column names.

    See Also
    --------
    imblearn.over_sampling.SMOTE : The interpolation the network learns.
    synthsieve.CVAEOverSampler : Sampling from a conditional variational auto-encoder.

    Notes
    -----
    After Mansourifar and Shi [1]_, who train a deep regression network with
    SMOTE's inputs (two minority rows) and outputs (their interpolation) and
    use it to synthesise rows. What was adapted:

    - The interpolation weight is an input of the network by default
      (`use_lambda`), so outputs spread along the segment instead of being
      pinned to its expected value, the midpoint; ``use_lambda=False`` gives the
      paper's two-row input.
    - One network is trained per class to over-sample, on that class's pairs;
      with several classes each is handled as the minority class of the paper.
    - Features are standardised with the class's own mean and standard deviation
      inside; neighbours are found on the features as given, as in SMOTE.

    The network's errors are what distinguishes its rows from SMOTE's: they leave
    the segment a little and smooth the interpolation. Only numeric features are
    supported; sparse input is converted to a dense array inside.

    Training runs in float32 on `device_`; generation runs on the CPU in float64.
    Training on the CPU is reproducible for a fixed `random_state`; CUDA kernels
    may not be. Fitted networks live on the CPU, so a fitted sampler pickles and
    unpickles on machines without a GPU. torch runs on one CPU thread during
    ``fit_resample`` (the networks are small) and the caller's thread count is
    restored afterwards.

    References
    ----------
    .. [1] H. Mansourifar and W. Shi, "Deep Synthetic Minority Over-Sampling
       Technique", arXiv:2003.09788, 2020.

    Examples
    --------
    >>> from collections import Counter
    >>> from sklearn.datasets import make_classification
    >>> from synthsieve.generators import DeepSMOTE
    >>> X, y = make_classification(n_samples=200, weights=[0.9], random_state=0)
    >>> sampler = DeepSMOTE(max_epochs=5, n_training_pairs=500, random_state=0)
    >>> X_res, y_res = sampler.fit_resample(X, y)
    >>> sorted(Counter(y_res.tolist()).items())
    [(0, 180), (1, 180)]
    """

    _parameter_constraints: dict = {
        **BaseGenerator._parameter_constraints,
        **TRAINING_CONSTRAINTS,
        "k_neighbors": [Interval(Integral, 1, None, closed="left")],
        "use_lambda": ["boolean"],
        "hidden_layer_sizes": [
            "array-like",
            Interval(Integral, 1, None, closed="left"),
        ],
        "n_training_pairs": [Interval(Integral, 1, None, closed="left")],
    }

    #: Logger of the per-epoch losses (a subclass names its own module's).
    _logger = logger

    def __init__(
        self,
        *,
        sampling_strategy="auto",
        random_state=None,
        k_neighbors=5,
        use_lambda=True,
        hidden_layer_sizes=(64, 64),
        max_epochs=50,
        n_training_pairs=5000,
        batch_size=128,
        lr=3e-3,
        device="auto",
        verbose=0,
    ):
        super().__init__(sampling_strategy=sampling_strategy)
        self.random_state = random_state
        self.k_neighbors = k_neighbors
        self.use_lambda = use_lambda
        self.hidden_layer_sizes = hidden_layer_sizes
        self.max_epochs = max_epochs
        self.n_training_pairs = n_training_pairs
        self.batch_size = batch_size
        self.lr = lr
        self.device = device
        self.verbose = verbose

    def _generate(self, X, y, targets, streams):
        rng = streams.child("rows").random_state()
        name = type(self).__name__
        hidden = check_hidden_layer_sizes(self.hidden_layer_sizes, name)
        k = self.k_neighbors
        for cls in targets:
            require_rows(
                name,
                cls,
                int(np.sum(y == cls)),
                k + 1,
                what="k_neighbors + 1",
                fix="Lower `k_neighbors`.",
            )
        self.device_ = resolve_device(self.device)
        self.modules_, self.mean_, self.scale_, self.history_ = {}, {}, {}, {}
        new = {}
        with single_torch_thread():
            for i, (cls, n_new) in enumerate(targets.items()):
                X_c = X[y == cls]
                mean, scale = mean_scale(X_c)
                Z_c = (X_c - mean) / scale
                neighbours = kneighbors_excluding_self(X_c, k)
                seed = streams.child("torch", i).seed()
                module, history = self._train(Z_c, neighbours, hidden, cls, rng, seed)
                rows, partners, lam = _draw_pairs(neighbours, n_new, rng)
                inputs = _pair_inputs(Z_c[rows], Z_c[partners], lam, self.use_lambda)
                new[cls] = predict_module(module, inputs) * scale + mean
                self.modules_[cls] = module
                self.mean_[cls], self.scale_[cls] = mean, scale
                self.history_[cls] = history
        return new

    def _train(self, Z_c, neighbours, hidden, cls, rng, seed):
        """Fit one network (its weights and batches from `seed`) to SMOTE pairs
        of one class; (module, history)."""
        import torch

        rows, inputs, targets = _smote_training_set(
            Z_c, neighbours, self.n_training_pairs, self.use_lambda, rng
        )
        generator = torch.Generator().manual_seed(seed)
        device = torch.device(self.device_)
        module = build_module(
            inputs.shape[1], hidden, Z_c.shape[1], 0.01, generator
        ).to(device)
        x = torch.as_tensor(inputs, dtype=torch.float32, device=device)
        t = torch.as_tensor(targets, dtype=torch.float32, device=device)
        batch_loss, finish = self._objective(module, x, t, Z_c[rows], seed, cls)

        module.train()
        history = train_module(
            module.parameters(),
            batch_loss,
            len(x),
            max_epochs=self.max_epochs,
            batch_size=self.batch_size,
            lr=self.lr,
            generator=generator,
            device=device,
            verbose=self.verbose,
            desc=f"{type(self).__name__} class {cls}",
            logger=self._logger,
        )
        return module.cpu().eval(), finish(history)

    def _objective(self, module, x, t, real, seed, cls):
        """What the network minimises: ``(batch_loss, finish)``.

        `x` and `t` are the inputs and SMOTE targets of the training pairs
        (float32 tensors on the training device), `real` the first row of each
        pair (a real row of class `cls`, standardised, as an ndarray) and `seed`
        the one the network was initialised from.
        ``batch_loss(batch)`` is handed to `train_module`; ``finish(history)``
        completes the history it returns. Deep SMOTE's is the regression alone.
        """
        import torch.nn.functional as F

        def batch_loss(batch):
            return F.mse_loss(module(x[batch]), t[batch])

        return batch_loss, lambda history: history
