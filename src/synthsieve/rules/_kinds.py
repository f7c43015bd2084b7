"""Kind, precision and category rules: what one column's values may be.

The kinds, recorded decimals and categories come from the column schema
(:class:`synthsieve._schema.TableSchema`); this module turns them into rules
(``binary:<col>``, ``integer:<col>``, ``decimals:<col>``, ``category:<col>``) and
repairs kinds by unbiased, stochastic rounding.
"""

from __future__ import annotations

import numpy as np

from .._schema import TableSchema, at_decimals
from ._base import _Block, _key


def schema_rules(schema: TableSchema) -> tuple[dict, dict, dict]:
    """``kinds_``, ``decimals_`` and ``categories_`` (sorted lists) of a schema."""
    kinds = {c.name: c.kind for c in schema.columns}
    decimals = {c.name: c.decimals for c in schema.columns if c.decimals is not None}
    categories = {
        c.name: list(c.categories) for c in schema.columns if c.kind == "nominal"
    }
    return kinds, decimals, categories


class _KindBlock(_Block):
    family = "kind"
    column_level = True

    def __init__(self, kind, columns, pos):
        super().__init__(
            [f"{kind}:{c}" for c in columns],
            [(c,) for c in columns],
            [
                f"{c} must be {'0 or 1' if kind == 'binary' else 'a whole number'}"
                for c in columns
            ],
        )
        self.kind = kind
        self.idx = np.array([pos[c] for c in columns], dtype=int)

    def evaluate(self, ctx):
        V = ctx.Z[:, self.idx]
        if self.kind == "binary":
            return (V != 0) & (V != 1)
        return V != np.floor(V)


class _DecimalsBlock(_Block):
    family = "kind"
    column_level = True

    def __init__(self, decimals: dict, pos):
        cols = list(decimals)
        super().__init__(
            [f"decimals:{c}" for c in cols],
            [(c,) for c in cols],
            [f"{c} has at most {decimals[c]} decimals" for c in cols],
        )
        self.idx = np.array([pos[c] for c in cols], dtype=int)
        self.d = [decimals[c] for c in cols]

    def evaluate(self, ctx):
        out = np.zeros((len(ctx.frame), len(self.d)), dtype=bool)
        for k, (j, d) in enumerate(zip(self.idx, self.d)):
            V = ctx.Z[:, j]
            out[:, k] = ~(at_decimals(V, d) | np.isnan(V))
        return out


class _CategoryBlock(_Block):
    family = "category"
    column_level = True

    def __init__(self, categories: dict):
        cols = list(categories)
        super().__init__(
            [f"category:{c}" for c in cols],
            [(c,) for c in cols],
            [f"{c} is one of {len(categories[c])} seen categories" for c in cols],
        )
        self.allowed = {
            c: np.array([_key(v) for v in categories[c]], dtype=object) for c in cols
        }

    def evaluate(self, ctx):
        out = np.zeros((len(ctx.frame), len(self.names)), dtype=bool)
        for k, (col,) in enumerate(self.columns):
            out[:, k] = ~np.isin(ctx.keys(col), self.allowed[col])
        return out


def category_blocks(categories: dict) -> list:
    """The ``category`` family: one rule per nominal column."""
    return [_CategoryBlock(categories)] if categories else []


def kind_blocks(numeric: list, kinds: dict, decimals: dict, pos: dict) -> list:
    """The ``kind`` family: binary and integer columns, then recorded decimals."""
    blocks = []
    for kind in ("binary", "integer"):
        cols = [c for c in numeric if kinds[c] == kind]
        if cols:
            blocks.append(_KindBlock(kind, cols, pos))
    if decimals:
        blocks.append(_DecimalsBlock(decimals, pos))
    return blocks


def _stochastic_round(V: np.ndarray, rng) -> np.ndarray:
    """``floor(v) + Bernoulli(v - floor(v))``: whole numbers with the same mean."""
    F = np.floor(V)
    return F + (rng.random_sample(V.shape) < (V - F))


def _round_to_decimals(V: np.ndarray, d: int, rng) -> np.ndarray:
    """Stochastic rounding to a multiple of 10**-d: unbiased, like integers."""
    return np.round(_stochastic_round(V * 10.0**d, rng) / 10.0**d, d)


def round_to_kinds(Z, numeric, kinds, decimals, pos, skip, rng) -> None:
    """Round binary and integer columns (but `skip`), then recorded decimals.

    In place, stochastically: one draw for all whole-number columns, then one
    per column with recorded decimals, in the order of `decimals`.
    """
    round_cols = [
        pos[c] for c in numeric if kinds[c] in ("binary", "integer") and c not in skip
    ]
    if round_cols:
        Z[:, round_cols] = _stochastic_round(Z[:, round_cols], rng)
    for c, d in decimals.items():
        Z[:, pos[c]] = _round_to_decimals(Z[:, pos[c]], d, rng)
