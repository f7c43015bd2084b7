"""The training table, checked and built once at the start of a fit.

``FilteredOverSampler._check_X_y`` (imbalanced-learn's hook) runs the checks and
builds one frozen :class:`FitInput`, which imbalanced-learn hands to
``_fit_resample`` in place of `X`: the working table the stages read, its
schema, the column names and the declared nominal columns, and what the output
needs to give the original rows back bit-exact (the user's own frame, or the
validated array and its sparse format). Nothing about the input is kept on the
estimator during a fit; the output is assembled from the FitInput at the edge
(:meth:`FitInput.assemble`), in the input's dtypes.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import sparse

from .._input import check_table
from .._schema import TableSchema
from ._nominal import as_nominal, declared_nominal
from ._output import assemble_array, assemble_frame, internal_frame

__all__ = ["FitInput"]


@dataclass(frozen=True)
class FitInput:
    """One fit's training table, built once from the validated input.

    Parameters
    ----------
    frame : DataFrame
        The working table every stage reads: the fit's column names, a fresh
        index, object columns of numbers as numbers, the declared nominal
        columns as pandas categories.
    schema : TableSchema
        The columns' kinds, read once from `frame`.
    columns : tuple
        The column names the fit uses (``feature_names_in_``, or ``x0, x1,
        ...``).
    nominal : tuple
        The columns `categorical_features` declares nominal.
    original : DataFrame or None
        The user's own frame (polars already converted), whose rows come back
        bit-exact; None for an array or a sparse matrix.
    values : ndarray or None
        The validated array (dense), whose rows come back for an array or a
        sparse input; None when `original` gives them.
    sparse_format : str or None
        ``"csr"`` or ``"csc"`` when `X` was sparse (densified for the fit, made
        sparse again on output).
    """

    frame: pd.DataFrame
    schema: TableSchema
    columns: tuple
    nominal: tuple
    original: pd.DataFrame | None = None
    values: np.ndarray | None = None
    sparse_format: str | None = None

    @property
    def dtypes(self) -> pd.Series | None:
        """The user's frame's dtypes, which the output keeps; None for arrays."""
        return None if self.original is None else self.original.dtypes

    @property
    def from_frame(self) -> bool:
        """True when the output is assembled from the user's own frame."""
        return self.original is not None and not self.sparse_format

    @classmethod
    def build(
        cls, X, validated, *, feature_names=None, categorical_features=None
    ) -> FitInput:
        """Check the validated input and build the fit's table from it.

        Parameters
        ----------
        X : DataFrame, ndarray or sparse matrix
            What the user passed (polars already converted to pandas).
        validated : ndarray or sparse matrix
            `X` after scikit-learn's ``validate_data``.
        feature_names : array-like of str or None
            ``feature_names_in_``: the column names when `X` had string names.
        categorical_features : array-like or None
            The sampler's `categorical_features`.

        Returns
        -------
        FitInput
        """
        original = X if isinstance(X, pd.DataFrame) else None
        sparse_format = None
        if sparse.issparse(validated):
            # Candidates are repaired, compared and scored row by row as a table;
            # sparse input is densified here and the output made sparse again.
            sparse_format = validated.format
            validated = validated.toarray()
        user_names = feature_names is not None
        columns = (
            list(feature_names)
            if user_names
            else [f"x{i}" for i in range(validated.shape[1])]
        )
        if original is not None and not sparse_format:
            frame, values = internal_frame(original, columns), None
        else:
            # a view of the array: the fit never writes to its table
            frame = pd.DataFrame(validated, columns=columns, copy=False)
            values = validated
        # NaN and inf get our message, for any dtype, naming the user's columns
        check_table(frame, "X")
        nominal = declared_nominal(categorical_features, columns, user_names)
        if values is not None:
            frame = _typed(frame, None if original is None else original.dtypes)
        frame = as_nominal(frame, nominal)
        return cls(
            frame=frame,
            schema=TableSchema.infer(frame),
            columns=tuple(columns),
            nominal=tuple(nominal),
            original=original,
            values=values,
            sparse_format=sparse_format,
        )

    def assemble(self, y, records, accepted):
        """The output: the original rows first and unchanged, then each class's
        accepted rows, in the input's kind and dtypes. `records` and `accepted`
        are emptied as the rows are copied (an array output's memory)."""
        if self.from_frame:
            return assemble_frame(self.original, y, records, accepted)
        return assemble_array(self.values, y, records, accepted, self.sparse_format)


def _typed(frame: pd.DataFrame, dtypes) -> pd.DataFrame:
    """The table of an array (or of a sparse frame, with its `dtypes`): object
    columns that hold numbers only become numbers."""
    if dtypes is not None:
        return frame.astype(dict(zip(frame.columns, dtypes)))
    for col in frame.columns:
        if frame[col].dtype == object:
            conv = pd.to_numeric(frame[col], errors="coerce")
            if conv.notna().all():
                frame[col] = conv
    return frame
