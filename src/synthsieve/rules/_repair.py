"""Repair: each family's repair applied in turn to the numeric matrix, then the
table reassembled with the real columns' dtypes restored where the values allow."""

from __future__ import annotations

import logging

import numpy as np
import pandas as pd
from pandas.api import types as ptypes

from ._bounds import clip_to_bounds
from ._kinds import round_to_kinds
from ._one_hot import sample_one_hot
from ._pairs import restore_implied
from ._user import apply_constraints

logger = logging.getLogger(__name__)


def repair_numeric(Z, rules, families: set, y_arr, rows_of: dict, rng) -> None:
    """Repair the numeric matrix `Z` in place with the fitted `rules`.

    In order: bounds, the user's column constraints (on the rows `rows_of` gives
    each class), one-hot levels, kinds and decimals, point-mass gaps,
    implications. The random draws come from `rng` in that order.
    """
    table, pos = rules._table, rules._table.pos
    if "bounds" in families:
        clip_to_bounds(Z, table.numeric, rules.bounds_)
    apply_constraints(Z, table.blocks, rows_of, pos, rng)
    grouped = set()
    if "one_hot" in families:
        grouped = sample_one_hot(Z, rules.one_hot_groups_, rules._group_prior, pos, rng)
    if "kind" in families:
        round_to_kinds(
            Z, table.numeric, rules.kinds_, rules.decimals_, pos, grouped, rng
        )
    if "point_mass" in families:
        for block in table.blocks:
            if block.family == "point_mass":
                block.repair(Z)
    if rules.implications_:
        restore_implied(Z, y_arr, rules.implications_, rules.one_hot_groups_, pos)


def assemble(frame: pd.DataFrame, Z: np.ndarray, table, dtypes) -> pd.DataFrame:
    """`frame` with its numeric columns taken from `Z`, in the fitted dtypes."""
    parts = []
    if table.numeric:
        by_dtype: dict = {}
        for c, j in table.pos.items():
            target = dtypes[c]
            if ptypes.is_bool_dtype(target):
                ok = ((Z[:, j] == 0) | (Z[:, j] == 1)).all()
            elif ptypes.is_integer_dtype(target):
                ok = (Z[:, j] == np.floor(Z[:, j])).all()
            else:
                ok = True
            if not ok:
                logger.debug("column %r left as float: values not whole", c)
            by_dtype.setdefault(target if ok else np.dtype(float), []).append(c)
        if len(by_dtype) == 1 and len(table.pos) == len(table.columns):
            dtype, cols = next(iter(by_dtype.items()))
            if _is_float64(dtype) and cols == list(table.columns):
                # float columns only, in order: the matrix is the table
                order = [table.pos[c] for c in cols]
                if order != list(range(Z.shape[1])):
                    Z = Z[:, order]
                return pd.DataFrame(Z, index=frame.index, columns=cols, copy=False)
        for dtype, cols in by_dtype.items():
            block = pd.DataFrame(
                Z[:, [table.pos[c] for c in cols]], index=frame.index, columns=cols
            )
            try:
                block = block.astype(dtype)
            except (TypeError, ValueError):
                logger.debug("columns %r: could not restore dtype %s", cols, dtype)
            parts.append(block)
    for c in table.columns:
        if c not in table.pos:
            parts.append(_restore_nominal(frame[c], dtypes[c]))
    return pd.concat(parts, axis=1)[table.columns]


def _is_float64(dtype) -> bool:
    return isinstance(dtype, np.dtype) and dtype == np.float64


def _restore_nominal(s: pd.Series, target) -> pd.Series:
    if s.dtype == target:
        return s
    try:
        if isinstance(target, pd.CategoricalDtype):
            unseen = pd.unique(s[~s.isin(target.categories)].astype(object))
            if len(unseen):
                target = pd.CategoricalDtype(
                    list(target.categories) + list(unseen), ordered=target.ordered
                )
        return s.astype(target)
    except (TypeError, ValueError):
        logger.debug("column %r: could not restore dtype %s", s.name, target)
        return s
