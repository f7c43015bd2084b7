"""Checks of the user's data: tables, class labels and the sampling strategy.

Every check raises with a message that names the column, row or class as the
user wrote it and says how to fix it, before scikit-learn's or
imbalanced-learn's own validation would fail without naming it.
"""

from __future__ import annotations

import numbers
from collections.abc import Mapping

import numpy as np
import pandas as pd
from pandas.api import types as ptypes

from ._values import holds_numbers, label_repr, numeric_strings
from ._warn import SynthsieveWarning, warn

__all__ = [
    "all_float64",
    "check_X_y",
    "check_columns",
    "check_input_columns",
    "check_labels",
    "check_pair",
    "check_strategy",
    "check_table",
    "to_frame",
    "warn_numeric_strings",
]


def warn_numeric_strings(frame: pd.DataFrame, declared=(), name: str = "X") -> None:
    """Warn about each column of `frame` (not in `declared`) that holds numbers
    written as strings: they are read as categories."""
    for col in frame.columns:
        if col in declared:
            continue
        example = numeric_strings(frame[col])
        if example is None:
            continue
        shown = label_repr(col)
        warn(
            f"Column {shown} of `{name}` holds numbers written as strings (e.g. "
            f"{example!r}), so it is read as categories: every synthetic value "
            "in it is a copy of a real one. To treat it as numbers, convert it "
            f"first: {name}[{shown}] = pd.to_numeric({name}[{shown}]); to keep it "
            "nominal without this warning, list it in `categorical_features` "
            "(`--categorical` in the command line).",
            SynthsieveWarning,
        )


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


#: What a column of these kinds holds, for messages, and how to convert it.
_DATE_ADVICE = (
    "convert it to numbers (e.g. days since a reference date: "
    "({X}[{col}] - {X}[{col}].min()).dt.days) or drop it"
)


_DURATION_ADVICE = (
    "convert it to numbers (e.g. {X}[{col}].dt.total_seconds()) or drop it"
)


_PERIOD_ADVICE = (
    "convert it to numbers (e.g. days since a reference date: "
    "({X}[{col}].dt.start_time - {X}[{col}].dt.start_time.min()).dt.days) or "
    "drop it"
)


_COMPLEX_ADVICE = "split it into its real and imaginary parts or drop it"


_CONTAINERS = (list, tuple, dict, set, frozenset, np.ndarray)


def _unsupported_dtype(series: pd.Series):
    """(what the column holds, advice) for a dtype synthsieve cannot use, or None."""
    dtype = series.dtype
    if isinstance(dtype, pd.CategoricalDtype):
        # the categories decide: dates as categories are dates all the same
        return _unsupported_values(pd.Series(series.cat.categories, dtype=object))
    if isinstance(dtype, pd.PeriodDtype):
        return f"periods ({dtype})", _PERIOD_ADVICE
    if ptypes.is_datetime64_any_dtype(dtype):
        return f"dates or times ({dtype})", _DATE_ADVICE
    if ptypes.is_timedelta64_dtype(dtype):
        return f"durations ({dtype})", _DURATION_ADVICE
    if ptypes.is_complex_dtype(dtype):
        return f"complex numbers ({dtype})", _COMPLEX_ADVICE
    if ptypes.is_object_dtype(dtype):
        return _unsupported_values(series)
    return None


def _unsupported_values(series: pd.Series):
    """(what the column holds, advice) for object values synthsieve cannot use.

    An object column mixing numbers and strings is refused rather than read as
    categories: it is most often a numeric column with a text marker in it
    ("n/a", "<5"), where categories would silently turn the numbers into
    levels; scikit-learn's encoders (and so SMOTENC) refuse it too.
    """
    inferred = ptypes.infer_dtype(series, skipna=True)
    if inferred in ("datetime", "datetime64", "date", "time"):
        return "dates or times", _DATE_ADVICE
    if inferred == "period":
        return "periods", _PERIOD_ADVICE
    if inferred in ("timedelta", "timedelta64"):
        return "durations", _DURATION_ADVICE
    if inferred == "complex":
        return "complex numbers", _COMPLEX_ADVICE
    if inferred not in ("mixed", "mixed-integer"):
        return None
    values = series.dropna()
    containers = [v for v in values if isinstance(v, _CONTAINERS)]
    if containers:
        kind = type(containers[0]).__name__
        return (
            f"{kind} values (e.g. {containers[0]!r})",
            "give each cell one number or one category (a string)",
        )
    kinds = {}
    for v in values:
        kinds.setdefault(
            "number" if isinstance(v, numbers.Number) else type(v).__name__, v
        )
    if len(kinds) < 2:
        return None  # numbers only (bools with ints), or one kind of object
    examples = " and ".join(repr(_plain(v)) for v in list(kinds.values())[:2])
    return (
        f"values of mixed types ({', '.join(sorted(kinds))}, e.g. {examples})",
        "make it numeric (pd.to_numeric({X}[{col}], errors='coerce'), then "
        "impute) or all strings ({X}[{col}].astype(str)) so that every value is "
        "a category",
    )


def _plain(value):
    return value.item() if isinstance(value, np.generic) else value


def check_columns(frame: pd.DataFrame, name: str = "X") -> None:
    """Raise for column names and dtypes synthsieve cannot use, naming them.

    Duplicated names are a ValueError. Dates, times, durations, complex numbers,
    cells holding lists or dicts and object columns mixing numbers and strings
    are a TypeError naming the first such column as the user wrote it.
    """
    if frame.columns.has_duplicates:
        dup = [_plain(c) for c in frame.columns[frame.columns.duplicated()]]
        raise ValueError(
            f"`{name}` has duplicated column names {list(dict.fromkeys(dup))[:5]}; "
            "give each column a distinct name."
        )
    for i, dtype in enumerate(frame.dtypes.to_numpy()):
        if getattr(dtype, "kind", "O") in "biuf":
            continue  # plain numbers and booleans: the common case, at no cost
        found = _unsupported_dtype(frame.iloc[:, i])
        if found is not None:
            what, advice = found
            col = label_repr(frame.columns[i])
            message = (
                f"Column {col} of `{name}` holds {what}, which synthsieve "
                f"cannot use; {advice.format(X=name, col=col)}."
            )
            if advice is _COMPLEX_ADVICE:  # scikit-learn's type and words
                raise ValueError(f"Complex data not supported: {message}")
            raise TypeError(message)


def check_input_columns(X, name: str = "X") -> None:
    """:func:`check_columns` on an estimator's raw input, before scikit-learn's
    validation (which would fail on these columns without naming them).

    Numeric arrays and sparse matrices pass at no cost.
    """
    if X is None:
        raise TypeError(f"`{name}` must be an array or a DataFrame, got None.")
    no_rows = f"`{name}` has 0 rows; at least 1 is needed."
    if isinstance(X, pd.DataFrame):
        if len(X) == 0:
            raise ValueError(no_rows)
        if X.shape[1] == 0:
            raise ValueError(f"`{name}` has no columns.")
        check_columns(X, name)
        return
    if hasattr(X, "tocsr") or hasattr(X, "toarray"):
        return  # sparse: numbers only; scikit-learn checks the shape
    try:
        arr = np.asarray(X)
    except (TypeError, ValueError):
        return  # ragged: scikit-learn's validation says so
    if arr.ndim != 2:
        fix = (
            f" Reshape one column with {name}.reshape(-1, 1), one row with "
            f"{name}.reshape(1, -1)."
            if arr.ndim == 1
            else ""
        )
        raise ValueError(
            f"`{name}` must be 2-D (rows x columns); got an array of shape "
            f"{arr.shape}.{fix}"
        )
    if arr.shape[0] == 0:
        raise ValueError(no_rows)
    if arr.dtype.kind in "biuf":
        return
    check_columns(to_frame(arr), name)


def check_labels(y, name: str = "y") -> np.ndarray:
    """The class labels `y` as an array; a clear error for None, missing labels,
    labels mixing numbers and strings, and continuous values.

    Only 1-D `y` is checked here; other shapes are left to the caller.
    """
    from sklearn.utils.multiclass import type_of_target

    if y is None:
        raise TypeError(f"`{name}` must be an array of class labels, got None.")
    y_arr = np.asarray(y)
    if y_arr.ndim != 1:
        return y_arr
    missing = pd.isna(y_arr)
    if missing.any():
        rows = np.flatnonzero(missing)[:5].tolist()
        raise ValueError(
            f"`{name}` contains missing labels (NaN or None), at rows {rows}; "
            "drop those rows or give them a class."
        )
    if y_arr.dtype == object:
        kinds = {}
        for v in y_arr:
            kinds.setdefault(
                "number" if isinstance(v, numbers.Number) else type(v).__name__, v
            )
        if len(kinds) > 1:
            examples = " and ".join(label_repr(v) for v in list(kinds.values())[:2])
            raise TypeError(
                f"`{name}` mixes label types ({', '.join(sorted(kinds))}, e.g. "
                f"{examples}); give every label the same type, e.g. "
                f"{name}.astype(str)."
            )
    if len(y_arr) and type_of_target(y_arr) == "continuous":
        example = next(v for v in y_arr if float(v) != int(v))
        raise ValueError(
            f"`{name}` holds continuous values (e.g. {label_repr(example)}), not "
            "class labels; over-sampling needs classes (bin the values first if "
            "they are a measurement)."
        )
    return y_arr


def check_strategy(sampling_strategy, y) -> None:
    """Check a dict or callable `sampling_strategy` against the labels `y`.

    imbalanced-learn checks the dict's classes and counts with messages that do
    not name the class, and fails with an AttributeError when a callable returns
    something other than a dict. A callable is called here on `y`, as
    imbalanced-learn then calls it again.
    """
    if callable(sampling_strategy):
        result = sampling_strategy(y)
        if not isinstance(result, Mapping):
            raise ValueError(
                "`sampling_strategy` is a callable, so it must return a dict "
                f"{{class: number of rows wanted}}; it returned {result!r} "
                f"({type(result).__name__}). To name a strategy, pass the string "
                "itself, e.g. sampling_strategy='minority'."
            )
        where = "`sampling_strategy` returned a dict that"
    elif isinstance(sampling_strategy, Mapping):
        result = sampling_strategy
        where = "`sampling_strategy`"
    else:
        return
    classes, counts = np.unique(y, return_counts=True)
    have = dict(zip(classes.tolist(), counts.tolist()))
    for label, wanted in result.items():
        shown = label_repr(label)
        if _plain(label) not in have:
            known = ", ".join(label_repr(c) for c in classes[:10])
            raise ValueError(
                f"{where} names class {shown}, which is not in `y`; its classes "
                f"are {known}."
            )
        whole = isinstance(wanted, numbers.Integral) or (
            isinstance(wanted, numbers.Real) and float(wanted).is_integer()
        )
        if isinstance(wanted, (bool, np.bool_)) or not whole:
            raise TypeError(
                f"{where} asks for {_plain(wanted)!r} rows of class {shown}; give "
                "a whole number of rows."
            )
        n = have[_plain(label)]
        if wanted < n:
            raise ValueError(
                f"{where} asks for {int(wanted)} rows of class {shown}, which "
                f"already has {n}; an over-sampler only adds rows, so ask for at "
                f"least {n}."
            )


def check_table(X, name: str, *, min_rows: int = 1) -> pd.DataFrame:
    """Validate one table: 2-D, enough rows, columns synthsieve can use (see
    :func:`check_columns`), no NaN and no infinite values."""
    if X is None:
        raise TypeError(f"`{name}` must be an array or a DataFrame, got None.")
    if hasattr(X, "toarray") and not isinstance(X, (pd.DataFrame, np.ndarray)):
        X = X.toarray()
    frame = to_frame(X)
    if frame.shape[0] < min_rows:
        raise ValueError(
            f"`{name}` has {frame.shape[0]} rows; at least {min_rows} "
            f"{'is' if min_rows == 1 else 'are'} needed."
        )
    if frame.shape[1] == 0:
        raise ValueError(f"`{name}` has no columns.")
    check_columns(frame, name)
    if _all_finite_floats(frame):
        return frame  # the common case, checked in one pass over the values
    if frame.isna().to_numpy().any():
        bad = list(frame.columns[frame.isna().any()])[:5]
        raise ValueError(
            f"`{name}` contains NaN (in columns {bad}); impute or drop them first."
        )
    numeric = frame.select_dtypes(include=[np.number])
    objects = [c for c in frame.columns if holds_numbers(frame[c])]
    if objects:  # numbers in object columns: infinite values named too
        numeric = frame[[*numeric.columns, *objects]]
    if numeric.shape[1] and not np.isfinite(numeric.to_numpy(dtype=float)).all():
        finite = np.isfinite(numeric.to_numpy(dtype=float)).all(axis=0)
        bad = list(numeric.columns[~finite])[:5]
        raise ValueError(f"`{name}` contains infinite values (in columns {bad}).")
    return frame


def all_float64(frame: pd.DataFrame) -> bool:
    """True when `frame` has columns and every one is numpy float64 (the
    common case of the filter's working frames, which have fast paths)."""
    dtypes = frame.dtypes.to_numpy()
    return bool(len(dtypes)) and all(
        isinstance(d, np.dtype) and d == np.float64 for d in dtypes
    )


def _all_finite_floats(frame: pd.DataFrame) -> bool:
    """True when every column of `frame` is float64 and every value finite."""
    return all_float64(frame) and bool(np.isfinite(frame.to_numpy()).all())


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
    y_arr = check_labels(y)
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
