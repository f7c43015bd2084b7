"""Conditional variational auto-encoder over-sampling (after LEO-CVAE)."""

from __future__ import annotations

import logging
from numbers import Integral, Real

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
    train_module,
)

__all__ = ["CVAEOverSampler"]

logger = logging.getLogger(__name__)


def local_entropy(Z, y, k):
    """Shannon entropy (bits) of the classes among each row's k nearest rows."""
    neighbours = kneighbors_excluding_self(Z, k)
    _, codes = np.unique(y, return_inverse=True)
    counts = np.zeros((len(Z), codes.max() + 1))
    np.add.at(counts, (np.repeat(np.arange(len(Z)), k), codes[neighbours].ravel()), 1)
    p = counts / k
    with np.errstate(divide="ignore", invalid="ignore"):
        terms = np.where(p > 0, -p * np.log2(np.where(p > 0, p, 1.0)), 0.0)
    return terms.sum(axis=1)


@Substitution(verbose=epoch_verbose(__name__, "loss"))
class CVAEOverSampler(BaseGenerator):
    """Over-sampling with a conditional variational auto-encoder (CVAE).

    A CVAE is trained on all rows, standardised, with the class as its condition
    (one-hot): the encoder maps a row and its class to a Gaussian over the latent
    space, the decoder maps a latent point and a class back to a row. New rows of
    a class are decoded from ``z ~ N(0, I)`` with that class as the condition and
    mapped back to the original units. With `entropy_weighting`, each row's
    reconstruction loss is weighted by ``1 + H``, ``H`` being the entropy (in
    bits) of the classes among its `k_neighbors` nearest rows, so rows near class
    boundaries count more, as in LEO-CVAE.

    Parameters
    ----------
    %(sampling_strategy)s

    random_state : int, RandomState instance or None, default=None
        Seeds the network initialisation, the batches, the reparameterisation
        noise and the latent draws. Only local generators are used: the global
        torch and numpy random states are left untouched.

    latent_dim : int, default=8
        Dimension of the latent space.

    hidden_layer_sizes : int or tuple of int, default=(64, 64)
        Units in each hidden layer (LeakyReLU) of the encoder; the decoder uses
        them in reverse order.

    max_epochs : int, default=100
        Passes over the rows.

    batch_size : int, default=64
        Rows per Adam step; rows are reshuffled every epoch.

    lr : float, default=1e-3
        Learning rate of Adam.

    beta : float, default=1.0
        Weight of the Kullback-Leibler term of the loss (1 is the plain ELBO with
        a unit-variance Gaussian decoder, up to constants).

    entropy_weighting : bool, default=True
        Weight each row's reconstruction loss by one plus its local entropy.

    k_neighbors : int, default=5
        Number of nearest rows (among all rows, on standardised features) that
        the local entropy is computed on. Unused without `entropy_weighting`.

    %(device)s

    %(verbose)s

    Attributes
    ----------
    sampling_strategy_ : dict
        Number of new rows for each class, as imbalanced-learn computes it.

    classes_ : ndarray of shape (n_classes,)
        Class labels, sorted; the order of the one-hot condition.

    mean_ : ndarray of shape (`n_features_in_`,)
        Feature means of all rows, used to standardise.

    scale_ : ndarray of shape (`n_features_in_`,)
        Feature standard deviations of all rows; 1 for constant features.

    encoder_ : torch.nn.Sequential
        Maps standardised ``[x, one_hot(class)]`` to ``[mu, log_var]`` of the
        latent Gaussian; on the CPU, in evaluation mode.

    decoder_ : torch.nn.Sequential
        Maps ``[z, one_hot(class)]`` to a standardised row; on the CPU, in
        evaluation mode.

    local_entropy_ : ndarray of shape (n_samples,) or None
        Local entropy (bits) of each row of `X`; None without
        `entropy_weighting`.

    history_ : list of dict
        Per epoch, ``epoch`` and ``train_loss`` (weighted reconstruction error
        plus ``beta`` times the KL divergence, per row).

    device_ : str
        Device the network was trained on, "cpu" or "cuda".

    n_features_in_ : int
        Number of features seen during ``fit_resample``.

    feature_names_in_ : ndarray of shape (`n_features_in_`,)
        Names of the features seen during ``fit_resample``, when `X` has string
        column names.

    See Also
    --------
    synthsieve.DeepSMOTE : A network that learns SMOTE's interpolation.
    synthsieve.KDEOverSampler : Kernel-density sampling from safe, dense seeds.

    Notes
    -----
    In the spirit of LEO-CVAE [1]_, on top of the CVAE of Sohn et al. [2]_.
    The loss of a row is ``w * ||x - decoder(z, c)||^2 + beta * KL(q(z | x, c) ||
    N(0, I))``, summed over features and latent dimensions, with ``w = 1 + H``
    rescaled to mean 1 over the rows (``w = 1`` without `entropy_weighting`).
    What was adapted: LEO-CVAE also concentrates generation near rows of high
    entropy; here new rows are decoded from the prior ``N(0, I)``, so they follow
    the model's distribution of the class. A new row is the decoder's output (its
    mean), without added observation noise, so the rows are smoother than the
    data.

    One network serves every class; classes with few rows shape it little, so
    check the rows of small classes (e.g. with :func:`synthsieve.audit`). Only
    numeric features are supported; integer, binary and one-hot columns get
    continuous values, which the domain rules of
    :class:`~synthsieve.FilteredOverSampler` repair. Sparse input is converted
    to a dense array inside.

    Training runs in float32 on `device_`; generation runs on the CPU in float64.
    Training on the CPU is reproducible for a fixed `random_state`; CUDA kernels
    may not be. Fitted networks live on the CPU, so a fitted sampler pickles and
    unpickles on machines without a GPU. torch runs on one CPU thread during
    ``fit_resample`` and the caller's thread count is restored afterwards.

    References
    ----------
    .. [1] A. Zare, A. Zare, P. S. Pezeshki, H. Rahimi, A. Ebrahimi,
       I. Vazquez-Garcia and L. A. Celi, "Uncertainty-Aware Generative
       Oversampling Using an Entropy-Guided Conditional Variational
       Autoencoder", arXiv:2509.25334, 2025.
    .. [2] K. Sohn, H. Lee and X. Yan, "Learning Structured Output Representation
       using Deep Conditional Generative Models", Advances in Neural Information
       Processing Systems 28 (NeurIPS), 2015.

    Examples
    --------
    >>> from collections import Counter
    >>> from sklearn.datasets import make_classification
    >>> from synthsieve.generators import CVAEOverSampler
    >>> X, y = make_classification(n_samples=200, weights=[0.9], random_state=0)
    >>> sampler = CVAEOverSampler(max_epochs=5, random_state=0)
    >>> X_res, y_res = sampler.fit_resample(X, y)
    >>> sorted(Counter(y_res.tolist()).items())
    [(0, 180), (1, 180)]
    """

    _parameter_constraints: dict = {
        **BaseGenerator._parameter_constraints,
        **TRAINING_CONSTRAINTS,
        "latent_dim": [Interval(Integral, 1, None, closed="left")],
        "hidden_layer_sizes": [
            "array-like",
            Interval(Integral, 1, None, closed="left"),
        ],
        "beta": [Interval(Real, 0, None, closed="left")],
        "entropy_weighting": ["boolean"],
        "k_neighbors": [Interval(Integral, 1, None, closed="left")],
    }

    def __init__(
        self,
        *,
        sampling_strategy="auto",
        random_state=None,
        latent_dim=8,
        hidden_layer_sizes=(64, 64),
        max_epochs=100,
        batch_size=64,
        lr=1e-3,
        beta=1.0,
        entropy_weighting=True,
        k_neighbors=5,
        device="auto",
        verbose=0,
    ):
        super().__init__(sampling_strategy=sampling_strategy)
        self.random_state = random_state
        self.latent_dim = latent_dim
        self.hidden_layer_sizes = hidden_layer_sizes
        self.max_epochs = max_epochs
        self.batch_size = batch_size
        self.lr = lr
        self.beta = beta
        self.entropy_weighting = entropy_weighting
        self.k_neighbors = k_neighbors
        self.device = device
        self.verbose = verbose

    def _generate(self, X, y, targets, streams):
        rng = streams.child("rows").random_state()
        name = type(self).__name__
        hidden = check_hidden_layer_sizes(self.hidden_layer_sizes, name)
        k = self.k_neighbors
        if self.entropy_weighting and len(X) < k + 1:
            raise ValueError(
                f"{name} needs at least k_neighbors + 1 = {k + 1} rows in `X` to "
                f"compute local entropies; got {len(X)}. Lower `k_neighbors` or "
                "set entropy_weighting=False."
            )
        self.classes_, codes = np.unique(y, return_inverse=True)
        self.mean_, self.scale_ = mean_scale(X)
        Z = (X - self.mean_) / self.scale_
        if self.entropy_weighting:
            self.local_entropy_ = local_entropy(Z, y, k)
            weight = 1.0 + self.local_entropy_
        else:
            self.local_entropy_ = None
            weight = np.ones(len(Z))
        weight = weight / weight.mean()
        condition = np.eye(len(self.classes_))[codes]
        self.device_ = resolve_device(self.device)
        with single_torch_thread():
            self._train(Z, condition, weight, hidden, streams.child("torch").seed())
            new = {}
            for cls, n_new in targets.items():
                one_hot = (self.classes_ == cls).astype(float)
                z = rng.standard_normal((n_new, self.latent_dim))
                inputs = np.hstack([z, np.tile(one_hot, (n_new, 1))])
                new[cls] = predict_module(self.decoder_, inputs) * self.scale_
                new[cls] += self.mean_
        return new

    def _train(self, Z, condition, weight, hidden, seed):
        import torch

        generator = torch.Generator().manual_seed(seed)
        device = torch.device(self.device_)
        n_features, n_classes, latent = Z.shape[1], condition.shape[1], self.latent_dim
        encoder = build_module(
            n_features + n_classes, hidden, 2 * latent, 0.01, generator
        ).to(device)
        decoder = build_module(
            latent + n_classes, hidden[::-1], n_features, 0.01, generator
        ).to(device)

        def as_tensor(a):
            return torch.as_tensor(a, dtype=torch.float32, device=device)

        x, c, w = as_tensor(Z), as_tensor(condition), as_tensor(weight)

        def batch_loss(batch):
            xb, cb = x[batch], c[batch]
            mu, log_var = encoder(torch.cat([xb, cb], dim=1)).chunk(2, dim=1)
            log_var = log_var.clamp(-20.0, 20.0)
            eps = torch.randn(len(batch), latent, generator=generator).to(device)
            z = mu + eps * torch.exp(0.5 * log_var)
            recon = decoder(torch.cat([z, cb], dim=1))
            rec = ((recon - xb) ** 2).sum(dim=1)
            kl = 0.5 * (mu**2 + log_var.exp() - 1.0 - log_var).sum(dim=1)
            return (w[batch] * rec + self.beta * kl).mean()

        encoder.train()
        decoder.train()
        self.history_ = train_module(
            list(encoder.parameters()) + list(decoder.parameters()),
            batch_loss,
            len(x),
            max_epochs=self.max_epochs,
            batch_size=self.batch_size,
            lr=self.lr,
            generator=generator,
            device=device,
            verbose=self.verbose,
            desc="CVAEOverSampler",
            logger=logger,
        )
        self.encoder_ = encoder.cpu().eval()
        self.decoder_ = decoder.cpu().eval()
