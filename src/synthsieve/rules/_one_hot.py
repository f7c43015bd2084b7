"""One-hot rules: groups of binary columns with exactly one 1 per row.

Groups are found by their ``<prefix>_<level>`` names, searched for among the
binary columns, or declared (``one_hot:<group>``); repair draws one level per row.
"""

from __future__ import annotations

import warnings

import numpy as np

from .._warn import SynthsieveWarning
from ._base import _Block

_SEPARATORS = ("_", "=")


def _prefix_groups(names: list, B: np.ndarray) -> dict:
    """One-hot groups by shared name prefix: columns ``<prefix><sep><level>``."""
    by_prefix: dict[str, list[int]] = {}
    for j, name in enumerate(names):
        s = str(name)
        for i in range(1, len(s) - 1):
            if s[i] in _SEPARATORS:
                by_prefix.setdefault(s[:i], []).append(j)
    groups, used = {}, set()
    for prefix in sorted(by_prefix, key=lambda p: (len(p), p)):
        members = by_prefix[prefix]
        if len(members) < 2 or used.intersection(members):
            continue
        if np.all(B[:, members].sum(axis=1) == 1):
            groups[prefix] = [names[j] for j in members]
            used.update(members)
    return groups


def _structural_groups(names: list, B: np.ndarray) -> dict:
    """Greedy search for exclusive and exhaustive sets of binary columns.

    A set whose columns never co-occur and whose supports add up to the number of
    rows has exactly one 1 on every row.
    """
    n = B.shape[0]
    support = B.sum(axis=0)
    eligible = np.flatnonzero((support > 0) & (support < n))
    if len(eligible) < 2:
        return {}
    Be = B[:, eligible].astype(np.float32)
    C = Be.T @ Be > 0
    s = support[eligible]
    order = np.argsort(-s, kind="stable")
    used = np.zeros(len(eligible), dtype=bool)
    groups = {}
    for start in order:
        if used[start]:
            continue
        free = ~C[start] & ~used
        if s[start] + s[free].sum() < n:
            continue
        blocked = C[start].copy()
        total, members = s[start], [start]
        for j in order[free[order]]:
            if blocked[j] or total + s[j] > n:
                continue
            members.append(j)
            total += s[j]
            blocked |= C[j]
            if total == n:
                break
        if total == n and len(members) >= 2:
            cols = [names[eligible[m]] for m in members]
            label = (
                "+".join(map(str, cols))
                if len(cols) <= 4
                else (f"{cols[0]}+...+{cols[-1]} ({len(cols)} columns)")
            )
            groups[label] = cols
            used[members] = True
    return groups


def find_one_hot_groups(spec, binary: list, B: np.ndarray) -> dict:
    """Group name -> columns, as `spec` (the `one_hot_groups` parameter) asks.

    `B` holds the `binary` columns of the real rows. A declared group that real
    rows break is kept, with a warning pointing at the caller of ``fit``.
    """
    if spec is None or (not binary and not isinstance(spec, dict)):
        return {}
    if isinstance(spec, dict):
        # declared groups are checked even on data without binary columns
        groups = {}
        for g, cols in spec.items():
            if isinstance(cols, str) or not np.iterable(cols):
                raise ValueError(
                    f"one-hot group {g!r} must list its columns, e.g. "
                    f"['{g}_a', '{g}_b']; got {cols!r}."
                )
            cols = list(cols)
            bad = [c for c in cols if c not in binary]
            if bad:
                raise ValueError(
                    f"one-hot group {g!r} names columns that are not binary "
                    f"columns of `X`: {bad[:5]}."
                )
            sums = B[:, [binary.index(c) for c in cols]].sum(axis=1)
            if not np.all(sums == 1):
                warnings.warn(
                    f"one-hot group {g!r}: {int((sums != 1).sum())} real rows "
                    "do not have exactly one 1 in it.",
                    SynthsieveWarning,
                    stacklevel=3,
                )
            groups[str(g)] = cols
        return groups
    groups = _prefix_groups(binary, B)
    if spec == "auto":
        used = {c for cols in groups.values() for c in cols}
        rest = [c for c in binary if c not in used]
        if len(rest) >= 2:
            idx = [binary.index(c) for c in rest]
            groups.update(_structural_groups(rest, B[:, idx]))
    return groups


def group_index(groups: dict, names: list) -> np.ndarray:
    """Each of `names`' one-hot group number, -1 for columns in no group."""
    group_of = np.full(len(names), -1)
    for g, cols in enumerate(groups.values()):
        for c in cols:
            group_of[names.index(c)] = g
    return group_of


def group_priors(Z: np.ndarray, groups: dict, pos: dict) -> dict:
    """Group -> the real level frequencies, drawn from when a row's values are 0."""
    return {g: Z[:, [pos[c] for c in cols]].mean(axis=0) for g, cols in groups.items()}


class _OneHotBlock(_Block):
    family = "one_hot"

    def __init__(self, groups: dict, pos):
        names = list(groups)
        super().__init__(
            [f"one_hot:{g}" for g in names],
            [tuple(groups[g]) for g in names],
            [f"exactly one of {len(groups[g])} columns is 1" for g in names],
        )
        self.idx = [np.array([pos[c] for c in groups[g]], dtype=int) for g in names]

    def evaluate(self, ctx):
        out = np.zeros((len(ctx.frame), len(self.names)), dtype=bool)
        for k, idx in enumerate(self.idx):
            G = ctx.Z[:, idx]
            ok = ((G == 0) | (G == 1)).all(axis=1) & (G.sum(axis=1) == 1)
            out[:, k] = ~ok
        return out


def one_hot_blocks(groups: dict, pos: dict) -> list:
    """The ``one_hot`` family: one rule per group."""
    return [_OneHotBlock(groups, pos)] if groups else []


def _sample_one_hot(G: np.ndarray, prior: np.ndarray, rng) -> np.ndarray:
    """Draw one level per row in proportion to the clipped, renormalised values."""
    W = np.clip(G, 0.0, None)
    total = W.sum(axis=1, keepdims=True)
    empty = total[:, 0] <= 0
    if empty.any():
        W[empty] = prior
        total[empty, 0] = prior.sum()
    W = W / total
    cum = np.cumsum(W, axis=1)
    u = rng.random_sample((len(G), 1))
    level = np.minimum((cum < u).sum(axis=1), G.shape[1] - 1)
    out = np.zeros_like(G, dtype=float)
    out[np.arange(len(G)), level] = 1.0
    return out


def sample_one_hot(Z, groups: dict, priors: dict, pos: dict, rng) -> set:
    """Set one level per row of each group, in place; returns the grouped columns."""
    grouped = set()
    for g, cols in groups.items():
        idx = np.array([pos[c] for c in cols])
        Z[:, idx] = _sample_one_hot(Z[:, idx], priors[g], rng)
        grouped.update(cols)
    return grouped
