"""The detector of Boudegzdame et al. (2024): a small torch MLP, scikit-learn API.

torch is imported inside the methods that need it, so ``import synthsieve`` stays
cheap for users who never train the network.
"""

from __future__ import annotations

import copy
import logging
import math
import numbers
from numbers import Integral, Real

import numpy as np
from sklearn.base import BaseEstimator, ClassifierMixin, _fit_context
from sklearn.model_selection import train_test_split
from sklearn.utils._param_validation import Interval, InvalidParameterError, StrOptions
from sklearn.utils.class_weight import compute_class_weight
from sklearn.utils.multiclass import check_classification_targets
from sklearn.utils.validation import check_is_fitted, validate_data

from .._runtime import progress
from .._seeds import Streams
from ._torch import DeviceWarning, build_module, resolve_device, single_torch_thread

__all__ = ["DeviceWarning", "MLPDetector"]

logger = logging.getLogger(__name__)

# Below this many rows no validation split is made (see MLPDetector's Notes).
_MIN_ROWS_FOR_VALIDATION = 10
# Rows per forward pass at prediction time, to bound memory on large inputs.
_PREDICT_CHUNK = 65536


def _check_hidden_layer_sizes(value) -> tuple[int, ...]:
    sizes = (value,) if isinstance(value, numbers.Integral) else tuple(value)
    for size in sizes:
        if isinstance(size, bool) or not isinstance(size, numbers.Integral) or size < 1:
            raise InvalidParameterError(
                "The 'hidden_layer_sizes' parameter of MLPDetector must hold "
                f"positive integers, e.g. (30, 20). Got {value!r} instead."
            )
    return tuple(int(size) for size in sizes)


class _EarlyStopping:
    """The best validation loss so far, its weights, and when to stop."""

    def __init__(self, patience, tol):
        self.patience, self.tol = patience, tol
        self.best_loss, self.best_state, self.stale = math.inf, None, 0

    def update(self, valid_loss, module):
        """Record an epoch's validation loss; True when training should stop."""
        if valid_loss < self.best_loss:
            self.best_state = {
                k: v.detach().clone() for k, v in module.state_dict().items()
            }
        self.stale = 0 if valid_loss < self.best_loss - self.tol else self.stale + 1
        self.best_loss = min(self.best_loss, valid_loss)
        return self.stale >= self.patience


def _row_losses(module, binary):
    """The per-row loss of `module`: binary or multi-class cross-entropy."""
    import torch.nn.functional as F

    def row_losses(x, t):
        logits = module(x)
        if binary:
            return F.binary_cross_entropy_with_logits(logits[:, 0], t, reduction="none")
        return F.cross_entropy(logits, t, reduction="none")

    return row_losses


def _log_epoch(epochs, level, record):
    """Log an epoch's losses and show them on the progress bar, if any."""
    valid = record["valid_loss"]
    logger.log(
        level,
        "epoch %d: train_loss=%.5g valid_loss=%s lr=%.3g",
        record["epoch"],
        record["train_loss"],
        "n/a" if valid is None else f"{valid:.5g}",
        record["lr"],
    )
    if hasattr(epochs, "set_postfix"):
        epochs.set_postfix(train_loss=record["train_loss"], valid_loss=valid)


class MLPDetector(ClassifierMixin, BaseEstimator):
    """Multilayer perceptron in torch, the detector of Boudegzdame et al. (2024).

    A fully connected network with LeakyReLU hidden layers, trained with Adam on
    standardised inputs. Two classes use one sigmoid output and binary
    cross-entropy, as in the paper; more classes use a softmax output and
    cross-entropy. A stratified validation split drives a ReduceLROnPlateau
    schedule and early stopping, and the weights of the best validation epoch are
    kept.

    Parameters
    ----------
    hidden_layer_sizes : int or tuple of int, default=(30, 20)
        Units in each hidden layer. An empty tuple gives a logistic regression.

    negative_slope : float, default=0.01
        Slope of the LeakyReLU activations for negative inputs.

    max_epochs : int, default=100
        Largest number of passes over the training rows.

    batch_size : int, default=64
        Rows per Adam step; the training rows are reshuffled every epoch.

    lr : float, default=1e-3
        Initial learning rate of Adam.

    weight_decay : float, default=0.0
        L2 penalty passed to Adam.

    validation_fraction : float, default=0.1
        Share of the rows held out (stratified) to compute the validation loss that
        drives the learning-rate schedule and early stopping. 0 trains on all rows
        for `max_epochs` epochs with a constant learning rate.

    patience : int, default=10
        Stop after this many epochs in a row without the validation loss falling
        by more than `tol`.

    tol : float, default=1e-4
        Smallest fall of the validation loss that counts as an improvement for
        early stopping.

    lr_patience : int, default=5
        Epochs without improvement of the validation loss before the learning
        rate is multiplied by `lr_factor` (torch's ``ReduceLROnPlateau``).

    lr_factor : float, default=0.5
        Factor applied to the learning rate on a plateau.

    class_weight : dict, "balanced" or None, default=None
        Weights of the classes in the loss, ``{label: weight}``. "balanced"
        weighs each class by ``n_samples / (n_classes * count)``. None weighs
        every row 1.

    device : {"auto", "cpu", "cuda"}, default="auto"
        Where to train. "auto" uses CUDA when ``torch.cuda.is_available()`` and
        the CPU otherwise; "cuda" on a machine without CUDA warns with a
        :class:`DeviceWarning` and uses the CPU.

    random_state : int, RandomState instance or None, default=None
        Seeds the validation split, the weight initialisation and the shuffling
        of the batches. Training only draws from local generators: the global
        torch and numpy random states are left untouched.

    verbose : int, default=0
        0 is silent; 1 or more shows a progress bar over epochs and logs each
        epoch's losses at INFO level on the ``synthsieve.detectors._mlp`` logger.

    Attributes
    ----------
    classes_ : ndarray of shape (n_classes,)
        Class labels, sorted.

    n_features_in_ : int
        Number of features seen during fit.

    feature_names_in_ : ndarray of shape (`n_features_in_`,)
        Names of the features seen during fit, when `X` has string column names.

    mean_ : ndarray of shape (`n_features_in_`,)
        Feature means of the training rows, used to standardise inputs.

    scale_ : ndarray of shape (`n_features_in_`,)
        Feature standard deviations of the training rows; 1 for constant features.

    module_ : torch.nn.Sequential
        The trained network, on the CPU, in evaluation mode. It returns logits:
        one column for two classes, one per class otherwise.

    history_ : list of dict
        One dict per epoch with keys ``epoch``, ``train_loss``, ``valid_loss``
        (None when no validation split was made) and ``lr`` (the learning rate
        used in that epoch).

    n_epochs_ : int
        Number of epochs run.

    device_ : str
        Device the network was trained on, "cpu" or "cuda".

    See Also
    --------
    sklearn.neural_network.MLPClassifier : A NumPy MLP without a validation-driven
        learning-rate schedule or GPU support.

    Notes
    -----
    Inputs are standardised with the mean and standard deviation of the training
    rows; constant features get a scale of 1, so they become 0 instead of NaN.

    With fewer than 10 rows, with a class of fewer than 2 rows, or when the
    validation split would leave a class out of the training rows, there is no
    validation split: the network trains on all rows for `max_epochs` epochs with
    a constant learning rate, and ``valid_loss`` is None in `history_`.

    Training runs in float32 on `device_`. After fit the network is moved to the
    CPU, so a fitted detector pickles and unpickles on machines without a GPU,
    and predictions are computed on the CPU in float64, so they do not depend on
    how many rows are predicted at once. Training on the CPU is reproducible for
    a fixed `random_state`; CUDA kernels may not be. The network is small, so
    fit and predict run torch on one CPU thread (``torch.set_num_threads(1)``)
    and restore the caller's thread count when they return.

    References
    ----------
    .. [1] B. Boudegzdame, K. Sedki, R. Tsopra and J.-B. Lamy, "SMOTE: Are We
       Learning to Classify or to Detect Synthetic Data?", Proceedings of the 16th
       International Conference on Agents and Artificial Intelligence (ICAART),
       2024.

    Examples
    --------
    >>> from sklearn.datasets import make_blobs
    >>> from synthsieve import MLPDetector
    >>> X, y = make_blobs(n_samples=200, centers=[[-3, -3], [3, 3]], random_state=0)
    >>> clf = MLPDetector(random_state=0).fit(X, y)
    >>> clf.predict_proba(X[:3]).shape
    (3, 2)
    >>> print(round(clf.score(X, y), 2))
    1.0
    """

    _parameter_constraints: dict = {
        "hidden_layer_sizes": [
            "array-like",
            Interval(Integral, 1, None, closed="left"),
        ],
        "negative_slope": [Interval(Real, 0, None, closed="left")],
        "max_epochs": [Interval(Integral, 1, None, closed="left")],
        "batch_size": [Interval(Integral, 1, None, closed="left")],
        "lr": [Interval(Real, 0, None, closed="neither")],
        "weight_decay": [Interval(Real, 0, None, closed="left")],
        "validation_fraction": [Interval(Real, 0, 1, closed="left")],
        "patience": [Interval(Integral, 1, None, closed="left")],
        "tol": [Interval(Real, 0, None, closed="left")],
        "lr_patience": [Interval(Integral, 0, None, closed="left")],
        "lr_factor": [Interval(Real, 0, 1, closed="neither")],
        "class_weight": [dict, StrOptions({"balanced"}), None],
        "device": [StrOptions({"auto", "cpu", "cuda"})],
        "random_state": ["random_state"],
        "verbose": ["verbose"],
    }

    def __init__(
        self,
        *,
        hidden_layer_sizes=(30, 20),
        negative_slope=0.01,
        max_epochs=100,
        batch_size=64,
        lr=1e-3,
        weight_decay=0.0,
        validation_fraction=0.1,
        patience=10,
        tol=1e-4,
        lr_patience=5,
        lr_factor=0.5,
        class_weight=None,
        device="auto",
        random_state=None,
        verbose=0,
    ):
        self.hidden_layer_sizes = hidden_layer_sizes
        self.negative_slope = negative_slope
        self.max_epochs = max_epochs
        self.batch_size = batch_size
        self.lr = lr
        self.weight_decay = weight_decay
        self.validation_fraction = validation_fraction
        self.patience = patience
        self.tol = tol
        self.lr_patience = lr_patience
        self.lr_factor = lr_factor
        self.class_weight = class_weight
        self.device = device
        self.random_state = random_state
        self.verbose = verbose

    @_fit_context(prefer_skip_nested_validation=True)
    def fit(self, X, y):
        """Train the network on `X`, `y`.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
            Training rows.

        y : array-like of shape (n_samples,)
            Class labels; at least two classes.

        Returns
        -------
        self : MLPDetector
            The fitted detector.
        """
        hidden = _check_hidden_layer_sizes(self.hidden_layer_sizes)
        X, y = validate_data(self, X, y, dtype=np.float64)
        check_classification_targets(y)
        self.classes_, y_enc = np.unique(y, return_inverse=True)
        n_classes = len(self.classes_)
        if n_classes < 2:
            raise ValueError(
                "MLPDetector needs rows of at least 2 classes, but `y` holds only "
                f"one class: {self.classes_.tolist()[0]!r}."
            )
        row_weight = compute_class_weight(self.class_weight, classes=self.classes_, y=y)
        row_weight = row_weight[y_enc]

        self.mean_ = X.mean(axis=0)
        scale = X.std(axis=0)
        scale[(X.max(axis=0) == X.min(axis=0)) | (scale < 10 * np.finfo(float).eps)] = 1
        self.scale_ = scale
        Z = (X - self.mean_) / self.scale_

        streams = Streams.of(self.random_state)
        train_idx, valid_idx = self._split(
            y_enc, n_classes, streams.child("validation").random_state()
        )
        seed = streams.child("torch").seed()
        self.device_ = resolve_device(self.device)
        with single_torch_thread():
            self.module_, self.history_ = self._train(
                Z, y_enc, row_weight, train_idx, valid_idx, hidden, n_classes, seed
            )
        self.n_epochs_ = len(self.history_)
        return self

    def _split(self, y_enc, n_classes, rng):
        """Stratified train/validation indices; an empty validation set if none."""
        n = len(y_enc)
        everything = np.arange(n)
        n_valid = math.ceil(self.validation_fraction * n)
        if (
            n_valid == 0
            or n < _MIN_ROWS_FOR_VALIDATION
            or np.bincount(y_enc).min() < 2
            or not n_classes <= n_valid <= n - n_classes
        ):
            return everything, everything[:0]
        train_idx, valid_idx = train_test_split(
            everything, test_size=n_valid, stratify=y_enc, random_state=rng
        )
        if len(np.unique(y_enc[train_idx])) < n_classes:
            return everything, everything[:0]
        return np.sort(train_idx), np.sort(valid_idx)

    def _train(
        self, Z, y_enc, row_weight, train_idx, valid_idx, hidden, n_classes, seed
    ):
        import torch

        device = torch.device(self.device_)
        generator = torch.Generator().manual_seed(seed)
        binary = n_classes == 2
        module = build_module(
            Z.shape[1],
            hidden,
            1 if binary else n_classes,
            self.negative_slope,
            generator,
        ).to(device)

        def tensors(idx):
            x = torch.as_tensor(Z[idx], dtype=torch.float32, device=device)
            t = torch.as_tensor(
                y_enc[idx], dtype=torch.float32 if binary else torch.long, device=device
            )
            w = torch.as_tensor(row_weight[idx], dtype=torch.float32, device=device)
            return x, t, w

        row_losses = _row_losses(module, binary)
        # Weights rescaled to mean 1 over the training rows: a batch's loss is the
        # mean of weight * loss, an unbiased estimate of the epoch's loss.
        row_weight = row_weight / row_weight[train_idx].mean()
        x_train, t_train, w_train = tensors(train_idx)
        use_valid = len(valid_idx) > 0
        if use_valid:
            x_valid, t_valid, w_valid = tensors(valid_idx)

        optimizer, scheduler = self._optimizer(module)
        history = []
        stopper = _EarlyStopping(self.patience, self.tol)
        level = logging.INFO if self.verbose else logging.DEBUG
        epochs = progress(
            range(1, self.max_epochs + 1),
            verbose=self.verbose,
            desc="MLPDetector",
            total=self.max_epochs,
        )
        for epoch in epochs:
            lr = optimizer.param_groups[0]["lr"]
            module.train()
            record = {
                "epoch": epoch,
                "train_loss": self._epoch(
                    optimizer, row_losses, x_train, t_train, w_train, generator
                ),
                "valid_loss": None,
                "lr": lr,
            }
            stop = False
            if use_valid:
                module.eval()
                with torch.no_grad():
                    valid_loss = (row_losses(x_valid, t_valid) * w_valid).mean().item()
                record["valid_loss"] = valid_loss
                stop = stopper.update(valid_loss, module)
                scheduler.step(valid_loss)
            history.append(record)
            _log_epoch(epochs, level, record)
            if stop:
                break
        if hasattr(epochs, "close"):
            epochs.close()
        if stopper.best_state is not None:
            module.load_state_dict(stopper.best_state)
        return module.cpu().eval(), history

    def _optimizer(self, module):
        """Adam and the schedule that lowers its rate on a validation plateau."""
        import torch

        optimizer = torch.optim.Adam(
            module.parameters(), lr=self.lr, weight_decay=self.weight_decay
        )
        scheduler = torch.optim.lr_scheduler.ReduceLROnPlateau(
            optimizer, mode="min", factor=self.lr_factor, patience=self.lr_patience
        )
        return optimizer, scheduler

    def _epoch(self, optimizer, row_losses, x, t, w, generator):
        """One pass over the training rows in random batches; the mean loss."""
        import torch

        n_train = len(x)
        order = torch.randperm(n_train, generator=generator).to(x.device)
        total = torch.zeros((), device=x.device)
        for start in range(0, n_train, self.batch_size):
            batch = order[start : start + self.batch_size]
            loss = (row_losses(x[batch], t[batch]) * w[batch]).mean()
            optimizer.zero_grad(set_to_none=True)
            loss.backward()
            optimizer.step()
            total += loss.detach() * len(batch)
        return total.item() / n_train

    def predict_proba(self, X):
        """Class probabilities of the rows of `X`.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
            Rows to score.

        Returns
        -------
        proba : ndarray of shape (n_samples, n_classes)
            Probabilities in the order of `classes_`; rows sum to 1.
        """
        import torch

        check_is_fitted(self)
        X = validate_data(self, X, reset=False, dtype=np.float64)
        Z = (X - self.mean_) / self.scale_
        module = copy.deepcopy(self.module_).to(device="cpu", dtype=torch.float64)
        chunks = []
        with torch.no_grad(), single_torch_thread():
            for start in range(0, len(Z), _PREDICT_CHUNK):
                logits = module(torch.from_numpy(Z[start : start + _PREDICT_CHUNK]))
                if len(self.classes_) == 2:
                    p = torch.sigmoid(logits[:, 0])
                    chunks.append(torch.stack([1 - p, p], dim=1).numpy())
                else:
                    chunks.append(torch.softmax(logits, dim=1).numpy())
        return np.concatenate(chunks)

    def predict(self, X):
        """Most probable class of each row of `X`.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
            Rows to classify.

        Returns
        -------
        y_pred : ndarray of shape (n_samples,)
            Predicted labels, taken from `classes_`.
        """
        check_is_fitted(self)
        return self.classes_[np.argmax(self.predict_proba(X), axis=1)]
