"""The table the rules were fitted on, and their evaluation by class.

:class:`_RuleTable` holds the fitted columns and the compiled rule blocks; it
checks that a table has those columns, builds its numeric matrix, and evaluates
each block on the rows of the block's class.
"""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd

from .._input import check_labels, check_table
from .._values import is_nominal
from .._warn import SynthsieveWarning
from ._base import RuleError, _Context


def fit_table(X, y):
    """The real rows as a frame (``x0, x1, ...`` for arrays), their labels, and
    the classes (``[None]`` without `y`)."""
    frame = check_table(X, "X")
    if not isinstance(X, pd.DataFrame):
        frame = frame.set_axis([f"x{i}" for i in range(frame.shape[1])], axis=1)
    # check_table refused duplicated column names
    frame = frame.reset_index(drop=True)
    n = len(frame)
    if y is None:
        return frame, None, [None]
    y_arr = np.asarray(y)
    if y_arr.ndim != 1 or len(y_arr) != n:
        raise ValueError(
            f"`y` must be 1-D with one label per row of `X` ({n}); got "
            f"shape {y_arr.shape}."
        )
    check_labels(y_arr)  # missing labels, numbers mixed with strings
    return frame, y_arr, np.unique(y_arr).tolist()


def resolve_y(y, n: int):
    """The classes of `n` rows to check: None, or one label per row."""
    if y is None:
        return None
    if np.ndim(y) == 0:
        return np.full(n, y, dtype=object)
    y_arr = np.asarray(y)
    if y_arr.ndim != 1 or len(y_arr) != n:
        raise ValueError(
            f"`y` must be a class label or 1-D with one label per row ({n}); "
            f"got shape {y_arr.shape}."
        )
    return y_arr


class _RuleTable:
    """The fitted columns and rule blocks; evaluates the blocks on a table."""

    def __init__(self, frame: pd.DataFrame, fitted_on_frame: bool, numeric: list):
        self.columns = list(frame.columns)
        self.fitted_on_frame = fitted_on_frame
        self.template = frame.iloc[:0].copy()
        self.numeric = numeric
        self.pos = {c: i for i, c in enumerate(numeric)}
        self.blocks, self.names = [], []
        self._catalog = None

    def add(self, blocks) -> None:
        taken = set(self.names)
        for block in blocks:
            for name in block.names:
                if name in taken:
                    raise RuleError(
                        f"rule name {name!r} is used twice; give the rule a "
                        "distinct `name`."
                    )
                taken.add(name)
            self.blocks.append(block)
            self.names.extend(block.names)
        self._catalog = None

    def numeric_matrix(self, frame: pd.DataFrame) -> np.ndarray:
        if not self.numeric:
            return np.zeros((len(frame), 0))
        try:
            return frame[self.numeric].to_numpy(dtype=float)
        except (TypeError, ValueError) as exc:
            bad = [c for c in self.numeric if is_nominal(frame[c])]
            raise RuleError(
                f"columns {bad[:5]} hold non-numeric values, but the rules were "
                "inferred on numbers there."
            ) from exc

    def context(self, frame: pd.DataFrame) -> _Context:
        return _Context(frame, self.numeric_matrix(frame), self.pos)

    def validate(self, X) -> pd.DataFrame:
        """`X` as a frame with the fitted columns, in their order."""
        frame = check_table(X, "X", min_rows=0)
        if isinstance(X, pd.DataFrame) and self.fitted_on_frame:
            missing = [c for c in self.columns if c not in frame.columns]
            extra = [c for c in frame.columns if c not in set(self.columns)]
            if missing or extra:
                raise RuleError(
                    "`X` does not have the columns the rules were inferred on; "
                    f"missing: {missing[:5]}, unexpected: {extra[:5]}."
                )
            return frame[self.columns]
        if frame.shape[1] != len(self.columns):
            raise RuleError(
                f"`X` has {frame.shape[1]} columns, but the rules were inferred on "
                f"{len(self.columns)}."
            )
        return frame.set_axis(self.columns, axis=1)

    def rows_by_class(self, y_arr, n: int, what: str) -> dict:
        """Map each block's class to the rows it applies to (None: all rows).

        Without `y_arr`, class-specific blocks get no rows, with one warning
        that points at the caller of the public method calling this.
        """
        rows = {None: None}
        skipped = 0
        for block in self.blocks:
            cls = block.for_class
            if cls is None or cls in rows:
                continue
            if y_arr is None:
                rows[cls] = np.zeros(0, dtype=int)
                skipped += 1
            else:
                rows[cls] = np.flatnonzero(y_arr == cls)
        if skipped:
            n_rules = sum(len(b.names) for b in self.blocks if b.for_class is not None)
            warnings.warn(
                f"{what}: {n_rules} class-specific rules were skipped because `y` "
                "is None; pass the rows' class (a scalar for rows of one class).",
                SynthsieveWarning,
                stacklevel=3,
            )
        return rows

    def matrix(self, frame, y, *, column_level=False, what="violations"):
        """Booleans, one column per rule (only single-column rules when
        `column_level`); True where the row breaks the rule."""
        n = len(frame)
        y_arr = resolve_y(y, n)
        if n == 0:
            k = sum(
                len(b.names) for b in self.blocks if b.column_level or not column_level
            )
            return np.zeros((0, k), dtype=bool)
        ctx = self.context(frame)
        rows = self.rows_by_class(y_arr, n, what)
        subs = {}
        parts = []
        for block in self.blocks:
            if column_level and not block.column_level:
                continue
            r = rows.get(block.for_class)
            if r is None:
                parts.append(block.evaluate(ctx))
                continue
            out = np.zeros((n, len(block.names)), dtype=bool)
            if len(r):
                if block.for_class not in subs:
                    subs[block.for_class] = ctx.subset(r)
                out[r] = block.evaluate(subs[block.for_class])
            parts.append(out)
        if not parts:
            return np.zeros((n, 0), dtype=bool)
        return np.hstack(parts)

    def by_column(self, M: np.ndarray) -> np.ndarray:
        """The single-column rules' `M` (from ``matrix(..., column_level=True)``)
        folded onto the columns: True where a value breaks a rule on its own."""
        out = np.zeros((len(M), len(self.columns)), dtype=bool)
        col_index = {c: i for i, c in enumerate(self.columns)}
        k = 0
        for block in self.blocks:
            if not block.column_level:
                continue
            for cols in block.columns:
                out[:, col_index[cols[0]]] |= M[:, k]
                k += 1
        return out

    def catalog(self) -> pd.DataFrame:
        """One row per rule: name, family, class, columns, description, source."""
        if self._catalog is None:
            records = []
            for block in self.blocks:
                source = "user" if block.family == "user" else "inferred"
                for name, cols, desc in zip(
                    block.names, block.columns, block.descriptions
                ):
                    records.append(
                        {
                            "name": name,
                            "family": block.family,
                            "class": block.for_class,
                            "columns": cols,
                            "description": desc,
                            "source": source,
                        }
                    )
            self._catalog = pd.DataFrame(
                records,
                columns=["name", "family", "class", "columns", "description", "source"],
            )
        return self._catalog
