"""Shared helpers: input checks, tabular encoding, copy detection, warnings.

Everything here is private; modules of the package import from here instead of
writing their own variant.
"""

from __future__ import annotations

import numbers

import numpy as np
import pandas as pd
from pandas.api import types as ptypes
from sklearn.utils import check_random_state

__all__ = [
    "SynthsieveWarning",
    "ShortfallWarning",
    "is_nominal",
    "to_frame",
    "check_table",
    "check_pair",
    "check_X_y",
    "TabularEncoder",
    "exact_copy_mask",
    "check_classifier_with_proba",
    "progress",
    "small_data_threads",
]


class SynthsieveWarning(UserWarning):
    """Base class of every warning synthsieve emits."""


class ShortfallWarning(SynthsieveWarning):
    """A sampler could not accept as many rows as `sampling_strategy` asked."""


def is_nominal(series: pd.Series) -> bool:
    """True for a column that holds categories rather than numbers.

    Object, string and categorical columns are nominal; numeric and boolean
    columns are not (booleans are treated as 0/1).
    """
    dtype = series.dtype
    if isinstance(dtype, pd.CategoricalDtype):
        return True
    return not (ptypes.is_numeric_dtype(dtype) or ptypes.is_bool_dtype(dtype))


def to_frame(X, columns=None) -> pd.DataFrame:
    """Return `X` as a DataFrame without modifying it.

    DataFrames are returned as they are (never modified by callers); arrays get
    string column names ``x0, x1, ...`` unless `columns` is given. An object array
    whose columns hold numbers is converted column by column to numbers.
    """
    if isinstance(X, pd.DataFrame):
        return X
    if isinstance(X, pd.Series):
        return X.to_frame()
    arr = np.asarray(X)
    if arr.ndim == 1:
        arr = arr.reshape(-1, 1)
    if arr.ndim != 2:
        raise ValueError(f"Expected a 2-D table, got an array with shape {arr.shape}.")
    if columns is None:
        columns = [f"x{i}" for i in range(arr.shape[1])]
    frame = pd.DataFrame(arr, columns=list(columns))
    if arr.dtype == object:
        for col in frame.columns:
            converted = pd.to_numeric(frame[col], errors="coerce")
            if converted.notna().all():
                frame[col] = converted
    return frame


def check_table(X, name: str, *, min_rows: int = 1) -> pd.DataFrame:
    """Validate one table: 2-D, enough rows, no NaN and no infinite values."""
    if X is None:
        raise TypeError(f"`{name}` must be an array or a DataFrame, got None.")
    if hasattr(X, "toarray") and not isinstance(X, (pd.DataFrame, np.ndarray)):
        X = X.toarray()
    frame = to_frame(X)
    if frame.shape[0] < min_rows:
        raise ValueError(
            f"`{name}` has {frame.shape[0]} rows; at least {min_rows} are needed."
        )
    if frame.shape[1] == 0:
        raise ValueError(f"`{name}` has no columns.")
    if frame.isna().to_numpy().any():
        bad = list(frame.columns[frame.isna().any()])[:5]
        raise ValueError(
            f"`{name}` contains NaN (in columns {bad}); impute or drop them first."
        )
    numeric = frame.select_dtypes(include=[np.number])
    if numeric.shape[1] and not np.isfinite(numeric.to_numpy(dtype=float)).all():
        finite = np.isfinite(numeric.to_numpy(dtype=float)).all(axis=0)
        bad = list(numeric.columns[~finite])[:5]
        raise ValueError(f"`{name}` contains infinite values (in columns {bad}).")
    return frame


def check_pair(real, synthetic, *, names=("real", "synthetic"), min_rows: int = 1):
    """Validate two tables that must share their columns; align the second."""
    real_f = check_table(real, names[0], min_rows=min_rows)
    synth_f = check_table(synthetic, names[1], min_rows=min_rows)
    if isinstance(real, pd.DataFrame) and isinstance(synthetic, pd.DataFrame):
        missing = [c for c in real_f.columns if c not in synth_f.columns]
        extra = [c for c in synth_f.columns if c not in real_f.columns]
        if missing or extra:
            raise ValueError(
                f"`{names[0]}` and `{names[1]}` must have the same columns; "
                f"missing from `{names[1]}`: {missing[:5]}, "
                f"not in `{names[0]}`: {extra[:5]}."
            )
        synth_f = synth_f[list(real_f.columns)]
    else:
        if real_f.shape[1] != synth_f.shape[1]:
            raise ValueError(
                f"`{names[0]}` has {real_f.shape[1]} columns but `{names[1]}` has "
                f"{synth_f.shape[1]}; both must have the same columns."
            )
        synth_f = synth_f.set_axis(real_f.columns, axis=1)
    return real_f, synth_f


def check_X_y(X, y, *, as_frame=True, min_rows=1, task=None):
    """Validate a table `X` and its class labels `y`, one label per row.

    Parameters
    ----------
    X : array-like, sparse matrix or DataFrame of shape (n_samples, n_features)
        The rows.
    y : array-like of shape (n_samples,)
        The class labels; at least two distinct classes.
    as_frame : bool, default=True
        True: `X` is checked by :func:`check_table` (2-D, at least `min_rows`
        rows, no NaN nor infinite values) and returned as a DataFrame with a
        fresh ``RangeIndex``. False: `X` is returned as it is (DataFrames,
        arrays and sparse matrices; anything else through ``np.asarray``), for
        callers that hand it to estimators which validate it themselves.
    min_rows : int, default=1
        Fewest rows `X` may have when `as_frame` is True.
    task : str, default=None
        What needs two classes, for the message: ``"an audit"`` gives "an audit
        needs at least two"; None gives "at least two are needed".

    Returns
    -------
    X : DataFrame, ndarray or sparse matrix
    y : ndarray of shape (n_samples,)
    """
    if X is None:
        raise TypeError("`X` must be an array or a DataFrame, got None.")
    if as_frame:
        X = check_table(X, "X", min_rows=min_rows).reset_index(drop=True)
    elif not (isinstance(X, (pd.DataFrame, np.ndarray)) or hasattr(X, "tocsr")):
        X = np.asarray(X)
    if y is None:
        raise TypeError("`y` must be an array of class labels, got None.")
    y_arr = np.asarray(y)
    if y_arr.ndim != 1 or len(y_arr) != X.shape[0]:
        raise ValueError(
            f"`y` must be 1-D with one label per row of `X` ({X.shape[0]}); got "
            f"shape {y_arr.shape}."
        )
    if len(np.unique(y_arr)) < 2:
        need = (
            "at least two are needed" if task is None else f"{task} needs at least two"
        )
        raise ValueError(f"`y` holds a single class; {need}.")
    return X, y_arr


class TabularEncoder:
    """Encode mixed tables into one numeric matrix, the same way for every table.

    Numeric columns are kept as floats; nominal columns (object, string, category,
    bool) are one-hot encoded with the categories seen in any of the tables the
    encoder was fitted on, so a category that only one side uses is visible.
    """

    def fit(self, *frames: pd.DataFrame) -> TabularEncoder:
        first = frames[0]
        self.columns_ = list(first.columns)
        self.categories_ = {}
        for col in self.columns_:
            if is_nominal(first[col]):
                values = pd.unique(
                    pd.concat(
                        [f[col].astype(object) for f in frames], ignore_index=True
                    )
                )
                self.categories_[col] = sorted(values, key=str)
        return self

    def transform(self, frame: pd.DataFrame) -> np.ndarray:
        blocks = []
        for col in self.columns_:
            values = frame[col]
            if col in self.categories_:
                cats = self.categories_[col]
                codes = pd.Categorical(values.astype(object), categories=cats).codes
                block = np.zeros((len(frame), len(cats)), dtype=float)
                ok = codes >= 0
                block[np.flatnonzero(ok), codes[ok]] = 1.0
                blocks.append(block)
            else:
                blocks.append(values.to_numpy(dtype=float).reshape(-1, 1))
        if not blocks:
            return np.zeros((len(frame), 0))
        return np.hstack(blocks)

    def fit_transform_many(self, *frames: pd.DataFrame) -> list[np.ndarray]:
        self.fit(*frames)
        return [self.transform(f) for f in frames]


def _row_keys(frame: pd.DataFrame) -> np.ndarray:
    """One hashable key per row, equal for rows with equal values.

    A 64-bit hash of the row's numbers (as float64) and categories (as strings),
    column by column: linear in the table's size, without copying numeric
    columns that are already float64.
    """
    normal = pd.DataFrame(
        {
            i: (
                frame.iloc[:, i].astype(str).to_numpy(dtype=object)
                if is_nominal(frame.iloc[:, i])
                else frame.iloc[:, i].to_numpy(dtype=float)
            )
            for i in range(frame.shape[1])
        },
        index=pd.RangeIndex(len(frame)),
    )
    return pd.util.hash_pandas_object(normal, index=False).to_numpy()


def exact_copy_mask(candidates, reference) -> np.ndarray:
    """Boolean mask of the rows of `candidates` equal to some row of `reference`.

    Numbers are compared as floats (``1`` equals ``1.0``), categories as strings.
    """
    cand, ref = check_pair(reference, candidates, names=("reference", "candidates"))
    cand, ref = ref, cand  # check_pair aligns its second argument to the first
    if len(cand) == 0:
        return np.zeros(0, dtype=bool)
    return np.isin(_row_keys(cand), _row_keys(ref))


def check_classifier_with_proba(estimator, name: str) -> None:
    """Raise a TypeError unless `estimator` looks like a probabilistic classifier."""
    if not (hasattr(estimator, "fit") and hasattr(estimator, "predict_proba")):
        raise TypeError(
            f"`{name}` must be a classifier with `fit` and `predict_proba`; got "
            f"{type(estimator).__name__}. Wrap a margin classifier in "
            "sklearn.calibration.CalibratedClassifierCV to use it."
        )


def check_positive_int(value, name: str, *, minimum: int = 1) -> int:
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise TypeError(f"`{name}` must be an integer, got {value!r}.")
    if value < minimum:
        raise ValueError(f"`{name}` must be >= {minimum}, got {value}.")
    return int(value)


def small_data_threads(n_rows: int, *, limit: int = 20000):
    """Limit scikit-learn's OpenMP and BLAS to one thread on small data.

    Gradient boosting's OpenMP threads cost more than they give on a few hundred
    rows, and far more when the cores are busy (see the speed page of the docs).
    Torch's own thread pool is left alone: :class:`~synthsieve.MLPDetector`
    manages its threads itself. Large data keeps every thread.
    """
    from contextlib import nullcontext

    if n_rows >= limit:
        return nullcontext()
    from threadpoolctl import ThreadpoolController

    controller = ThreadpoolController()
    paths = [
        lib.filepath
        for lib in controller.lib_controllers
        if "torch" not in lib.filepath
    ]
    if not paths:
        return nullcontext()
    return controller.select(filepath=paths).limit(limits=1)


def progress(iterable, *, verbose: int | bool = 0, desc: str = "", total=None):
    """Wrap `iterable` in a tqdm progress bar when `verbose`, else return it."""
    if not verbose:
        return iterable
    from tqdm.auto import tqdm

    return tqdm(iterable, desc=desc, total=total, leave=False)


def seed_from(random_state) -> int:
    """An integer seed drawn from any `random_state` form (one draw)."""
    return int(check_random_state(random_state).randint(np.iinfo(np.int32).max))


def label_repr(label) -> str:
    """A class label for messages, as the user wrote it: ``1`` and ``'a'``, not
    ``np.int64(1)`` and ``np.str_('a')``."""
    return repr(label.item() if isinstance(label, np.generic) else label)
