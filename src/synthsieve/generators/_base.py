"""Pieces shared by the generators: numeric input checks, the resampling frame,
neighbour search, standardisation and the torch training loop.

torch is imported inside the functions that need it, so importing the generators
stays cheap for users who never train a network.
"""

from __future__ import annotations

import copy
import logging
from numbers import Integral, Real

import numpy as np
import pandas as pd
from imblearn.over_sampling.base import BaseOverSampler
from scipy import sparse
from sklearn.neighbors import NearestNeighbors
from sklearn.utils._param_validation import (
    Interval,
    InvalidParameterError,
    StrOptions,
)

from .._input import check_input_columns, check_labels, check_strategy, check_table
from .._polars import from_polars
from .._runtime import progress
from .._scale import pow2_scale, raise_non_finite
from .._seeds import Streams
from .._values import is_nominal

__all__ = [
    "TRAINING_CONSTRAINTS",
    "BaseGenerator",
    "check_hidden_layer_sizes",
    "class_label",
    "kneighbors_excluding_self",
    "mean_scale",
    "require_rows",
    "train_module",
    "predict_module",
]


#: Parameter constraints every torch generator shares: its training loop
#: (`train_module`), device and verbosity.
TRAINING_CONSTRAINTS = {
    "max_epochs": [Interval(Integral, 1, None, closed="left")],
    "batch_size": [Interval(Integral, 1, None, closed="left")],
    "lr": [Interval(Real, 0, None, closed="neither")],
    "device": [StrOptions({"auto", "cpu", "cuda"})],
    "verbose": ["verbose"],
}


def class_label(cls) -> str:
    """Class label as users wrote it: ``1`` or ``'a'``, not ``np.int64(1)``."""
    return repr(cls.item() if isinstance(cls, np.generic) else cls)


def require_rows(owner: str, cls, n_have: int, n_need: int, *, what="", fix=""):
    """Raise a ValueError when class `cls` has fewer than `n_need` rows.

    `what` is the formula of `n_need` in parameter names (``"k_neighbors + 1"``)
    and `fix` the advice appended to the message.
    """
    if n_have < n_need:
        need = f"{what} = {n_need}" if what else f"{n_need}"
        raise ValueError(
            f"{owner} needs at least {need} rows of class {class_label(cls)}; "
            f"got {n_have}. {fix}".rstrip()
        )


def _non_numeric_columns(X) -> list[tuple[str, object]]:
    """(column name, example value) of each column of `X` that is not numeric."""
    if isinstance(X, pd.DataFrame):
        bad = []
        for i, name in enumerate(X.columns):
            column = X.iloc[:, i]
            if is_nominal(column):
                example = column.iloc[0] if len(column) else None
                bad.append((str(name), example))
        return bad
    if sparse.issparse(X) or isinstance(X, pd.Series):
        return []
    try:
        arr = np.asarray(X)
    except (ValueError, TypeError):  # ragged lists: validate_data will complain
        return []
    if arr.dtype.kind not in "OUSV" or arr.ndim != 2:
        return []
    bad = []
    for j in range(arr.shape[1]):
        try:
            arr[:, j].astype(np.float64)
        except (ValueError, TypeError):
            bad.append((str(j), arr[0, j] if len(arr) else None))
    return bad


def check_numeric_features(X, owner: str) -> None:
    """Raise a TypeError naming the non-numeric columns of `X`, if any."""
    bad = _non_numeric_columns(X)
    if bad:
        names = str([name for name, _ in bad[:5]])
        if len(bad) > 5:
            names += f" and {len(bad) - 5} more"
        name, example = bad[0]
        raise TypeError(
            f"{owner} works on numeric features only, but {len(bad)} column(s) of "
            f"`X` are not numeric: {names} (e.g. column {name!r} holds "
            f"{example!r}). One-hot encode them first, e.g. with "
            "sklearn.preprocessing.OneHotEncoder in a ColumnTransformer placed "
            "before the sampler in an imblearn Pipeline, or use imblearn's "
            "SMOTENC or SMOTEN for nominal features."
        )


def kneighbors_excluding_self(X, k: int, *, rows=None, n_jobs=None) -> np.ndarray:
    """Indices into `X` of the k nearest rows of `X` to each of its `rows`.

    Returns shape (len(rows), k); `rows` defaults to all rows. The row itself is
    left out even when duplicates put another row at distance 0 first; where
    the row is not among its k + 1 nearest (many duplicates), the farthest of
    them is dropped instead.
    """
    rows = np.arange(len(X)) if rows is None else np.asarray(rows)
    nn = NearestNeighbors(n_neighbors=k + 1, n_jobs=n_jobs).fit(X)
    ind = nn.kneighbors(X[rows], return_distance=False)
    drop = ind == rows[:, None]
    drop[~drop.any(axis=1), -1] = True
    return ind[~drop].reshape(len(rows), k)


def mean_scale(X) -> tuple[np.ndarray, np.ndarray]:
    """Column means and standard deviations; constant columns get a scale of 1."""
    mean = X.mean(axis=0)
    scale = X.std(axis=0)
    constant = (X.max(axis=0) == X.min(axis=0)) | (scale < 10 * np.finfo(float).eps)
    scale[constant] = 1.0
    return mean, scale


def check_hidden_layer_sizes(value, owner: str) -> tuple[int, ...]:
    """Tuple of positive layer widths, or an error naming `hidden_layer_sizes`."""
    sizes = (value,) if isinstance(value, Integral) else tuple(value)
    for size in sizes:
        if isinstance(size, bool) or not isinstance(size, Integral) or size < 1:
            raise InvalidParameterError(
                f"The 'hidden_layer_sizes' parameter of {owner} must hold positive "
                f"integers, e.g. (64, 64). Got {value!r} instead."
            )
    return tuple(int(size) for size in sizes)


def train_module(
    parameters,
    batch_loss,
    n_rows: int,
    *,
    max_epochs: int,
    batch_size: int,
    lr: float,
    generator,
    device,
    verbose,
    desc: str,
    logger: logging.Logger,
) -> list[dict]:
    """Adam over shuffled mini-batches for `max_epochs` epochs; the loss history.

    `batch_loss(batch)` receives a tensor of row indices on `device` and returns
    the mean loss of those rows. Batches are shuffled with the local `generator`,
    so the global torch random state is left untouched.
    """
    import torch

    optimizer = torch.optim.Adam(parameters, lr=lr)
    level = logging.INFO if verbose else logging.DEBUG
    epochs = progress(
        range(1, max_epochs + 1), verbose=verbose, desc=desc, total=max_epochs
    )
    history = []
    for epoch in epochs:
        order = torch.randperm(n_rows, generator=generator).to(device)
        total = torch.zeros((), device=device)
        for start in range(0, n_rows, batch_size):
            batch = order[start : start + batch_size]
            loss = batch_loss(batch)
            optimizer.zero_grad(set_to_none=True)
            loss.backward()
            optimizer.step()
            total += loss.detach() * len(batch)
        train_loss = total.item() / n_rows
        history.append({"epoch": epoch, "train_loss": train_loss})
        logger.log(level, "%s epoch %d: train_loss=%.5g", desc, epoch, train_loss)
        if hasattr(epochs, "set_postfix"):
            epochs.set_postfix(train_loss=train_loss)
    if hasattr(epochs, "close"):
        epochs.close()
    return history


def predict_module(module, inputs: np.ndarray) -> np.ndarray:
    """Outputs of `module` for `inputs`, computed on the CPU in float64."""
    import torch

    cpu = copy.deepcopy(module).to(device="cpu", dtype=torch.float64).eval()
    with torch.no_grad():
        return cpu(torch.from_numpy(np.ascontiguousarray(inputs))).numpy()


class BaseGenerator(BaseOverSampler):
    """Numeric over-sampler: dense float64 inside, original rows first.

    Subclasses implement ``_generate(X, y, targets, streams)``, which returns a
    dict ``{class: new rows}`` for the classes of `targets` (``{class: n_new}``,
    only classes that need rows). `streams` (:class:`synthsieve._seeds.Streams`,
    from `random_state`) gives each consumer its own stream: the numpy draws
    its ``"rows"`` child, each torch network a ``("torch", i)`` child. This
    base class validates the features, converts sparse input to dense and
    back, and keeps the dtype of floating inputs.
    """

    _parameter_constraints: dict = {**BaseOverSampler._parameter_constraints}

    def fit_resample(self, X, y, **params):
        """Resample the data set.

        Parameters
        ----------
        X : {array-like, dataframe, sparse matrix} of shape (n_samples, n_features)
            Numeric features.
        y : array-like of shape (n_samples,)
            Class labels.
        **params : dict
            Unused; kept for imbalanced-learn's signature.

        Returns
        -------
        X_resampled : {ndarray, dataframe, sparse matrix}
            The original rows first, then the new ones.
        y_resampled : {ndarray, series}
        """
        X, y, back = from_polars(X, y)  # imbalanced-learn's output step needs pandas
        check_labels(y)  # before imbalanced-learn's, which names neither
        return back(*super().fit_resample(X, y, **params))

    def _check_X_y(self, X, y, accept_sparse=None):
        # dates, mixed columns, duplicated names: named, before the advice to
        # one-hot encode (which would not help a date column)
        check_input_columns(X)
        check_numeric_features(X, type(self).__name__)
        if not sparse.issparse(X):
            check_table(X, "X")  # NaN and inf named by column, not "Input X"
        X, y, binarize_y = super()._check_X_y(X, y, accept_sparse=accept_sparse)
        check_strategy(self.sampling_strategy, y)
        return X, y, binarize_y

    def _generate(self, X, y, targets, streams):  # pragma: no cover - abstract
        raise NotImplementedError

    def _fit_resample(self, X, y):
        dense = X.toarray() if sparse.issparse(X) else X
        X_float = np.asarray(dense, dtype=np.float64)
        streams = Streams.of(self.random_state)
        targets = {
            cls: int(n) for cls, n in self.sampling_strategy_.items() if int(n) > 0
        }
        # huge values (squares beyond float64) are generated from in a space
        # scaled down by one power of two for the whole table: exact, and the
        # same geometry
        factor = pow2_scale(np.abs(X_float).max()) if X_float.size else 1.0
        X_in = X_float / factor if factor != 1.0 else X_float
        new = self._generate(X_in, y, targets, streams) if targets else {}
        if factor != 1.0:
            new = {
                cls: np.asarray(rows, dtype=float) * factor for cls, rows in new.items()
            }
            _unscale_attributes(self, factor)
        out_dtype = X.dtype if np.issubdtype(X.dtype, np.floating) else np.float64
        blocks = [np.empty((0, X.shape[1]), dtype=out_dtype)]
        labels = [np.empty(0, dtype=y.dtype)]
        names = getattr(self, "feature_names_in_", None)
        for cls in targets:
            raise_non_finite(np.asarray(new[cls]), X_float, type(self).__name__, names)
            rows = np.asarray(new[cls], dtype=out_dtype)
            blocks.append(rows)
            labels.append(np.full(len(rows), cls, dtype=y.dtype))
        X_new, y_new = np.vstack(blocks), np.concatenate(labels)
        if sparse.issparse(X):
            X_res = sparse.vstack([X, sparse.csr_matrix(X_new)]).asformat(X.format)
        else:
            X_res = np.vstack([X, X_new])
        return X_res, np.concatenate([y, y_new])


def _unscale_attributes(sampler, factor: float) -> None:
    """Multiply the fitted ``mean_`` and ``scale_`` (arrays, or dicts of arrays
    per class) back by `factor`, the power of two the input was divided by."""
    for name in ("mean_", "scale_"):
        value = getattr(sampler, name, None)
        if isinstance(value, dict):
            setattr(sampler, name, {k: v * factor for k, v in value.items()})
        elif isinstance(value, np.ndarray):
            setattr(sampler, name, value * factor)
