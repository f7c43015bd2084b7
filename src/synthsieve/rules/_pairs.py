"""Pair rules among the binary features of a class.

``never_together[<class>]:<a>&<b>``: a and b are never both 1;
``implies[<class>]:<a>=><b>``: a = 1 never without b = 1. A pair becomes a rule
only when independence would predict enough counter-examples. Repair restores
implied features.
"""

from __future__ import annotations

import logging

import numpy as np

from ._base import _Block, _class_tag

logger = logging.getLogger(__name__)

#: The pair families, in the order their rules are listed.
PAIR_FAMILIES = ("never_together", "implies")


def _auto_expected(n_tests: int) -> float:
    """Bonferroni: ``exp(-E) * n_tests <= 0.05``, never below 5."""
    return max(5.0, float(np.log(max(n_tests, 1) / 0.05)))


def _pair_rules(B, names, group_of, *, min_expected, min_support, max_rules):
    """Never-together pairs and implications among binary columns of one class."""
    n = B.shape[0]
    Bf = B.astype(np.float32)
    C = (Bf.T @ Bf).astype(np.float64)
    s = np.diag(C).copy()
    p = s / n
    k = len(names)
    same = (group_of[:, None] == group_of[None, :]) & (group_of[:, None] >= 0)
    same |= np.eye(k, dtype=bool)
    varies = (s > 0) & (s < n)
    testable = varies[:, None] & varies[None, :] & ~same
    if min_expected == "auto":
        t_excl = _auto_expected(int(np.triu(testable, 1).sum()))
        t_impl = _auto_expected(int((testable & (s[:, None] >= min_support)).sum()))
    else:
        t_excl = t_impl = float(min_expected)
    # a and b never both 1, although independence expects t_excl rows with both
    expected_both = np.outer(s, s) / n
    excl = (C == 0) & (expected_both >= t_excl) & ~same
    excl = np.triu(excl, 1)
    # a => b: no row has a = 1 and b = 0, although independence expects t_impl
    expected_without = s[:, None] * (1.0 - p[None, :])
    impl = (
        (s[:, None] - C == 0)
        & (expected_without >= t_impl)
        & (s[:, None] >= min_support)
        & ~same
    )
    out = {}
    for family, mask, strength in (
        ("never_together", excl, expected_both),
        ("implies", impl, expected_without),
    ):
        ai, bi = np.nonzero(mask)
        order = np.argsort(-strength[ai, bi], kind="stable")
        found = len(order)
        if max_rules is not None and found > max_rules:
            order = order[:max_rules]
        out[family] = ([(names[ai[o]], names[bi[o]]) for o in order], found)
    out["thresholds"] = (t_excl, t_impl)
    return out


def fit_pairs(B, names, group_of, classes, y_arr, families, **params) -> tuple:
    """The pair rules of each class: ``(exclusive, implications, thresholds)``.

    `B` holds the binary columns `names` of the real rows; `group_of` gives each
    column's one-hot group (-1 for none), whose members are not paired. Each is
    a dict by class, empty for a pair family not in `families`; `params` are
    ``min_expected``, ``min_support`` and ``max_rules``.
    """
    stores = {family: {} for family in PAIR_FAMILIES}
    thresholds = {}
    if not set(PAIR_FAMILIES) & families or len(names) < 2:
        return stores["never_together"], stores["implies"], thresholds
    for cls in classes:
        found = _pair_rules(
            B if cls is None else B[y_arr == cls], names, group_of, **params
        )
        thresholds[cls] = found["thresholds"]
        for family in PAIR_FAMILIES:
            if family not in families:
                continue
            pairs, total = found[family]
            stores[family][cls] = pairs
            if total > len(pairs):
                logger.info(
                    "class %r: kept the %d strongest of %d %s rules "
                    "(max_pair_rules=%d)",
                    cls,
                    len(pairs),
                    total,
                    family,
                    params["max_rules"],
                )
    return stores["never_together"], stores["implies"], thresholds


class _PairBlock(_Block):
    def __init__(self, family, cls, pairs, pos):
        self.family = family
        tag = _class_tag(cls)
        if family == "never_together":
            names = [f"never_together{tag}:{a}&{b}" for a, b in pairs]
            desc = [f"{a} and {b} are never both 1" for a, b in pairs]
        else:
            names = [f"implies{tag}:{a}=>{b}" for a, b in pairs]
            desc = [f"{b} is 1 whenever {a} is 1" for a, b in pairs]
        super().__init__(names, [tuple(p) for p in pairs], desc, for_class=cls)
        self.a = np.array([pos[a] for a, _ in pairs], dtype=int)
        self.b = np.array([pos[b] for _, b in pairs], dtype=int)

    def evaluate(self, ctx):
        A = ctx.Z[:, self.a] == 1
        B = ctx.Z[:, self.b] == 1
        return A & B if self.family == "never_together" else A & ~B


def pair_blocks(cls, exclusive: dict, implications: dict, pos: dict) -> list:
    """The ``never_together`` then ``implies`` rules of class `cls`."""
    return [
        _PairBlock(family, cls, store[cls], pos)
        for family, store in (("never_together", exclusive), ("implies", implications))
        if store.get(cls)
    ]


def restore_implied(Z, y_arr, implications: dict, groups: dict, pos: dict) -> None:
    """Set b to 1 where a is 1, for each implication of the row's class, in place.

    Repeated until nothing changes; setting a one-hot column clears the rest of
    its group. Class-specific implications are skipped when `y_arr` is None.
    """
    group_cols = {}
    for cols in groups.values():
        idx = np.array([pos[c] for c in cols])
        for j in idx:
            group_cols[j] = idx
    for cls, pairs in implications.items():
        if not pairs:
            continue
        if cls is None:
            rows = np.arange(len(Z))
        elif y_arr is None:
            continue  # the caller warns about skipped class-specific rules
        else:
            rows = np.flatnonzero(y_arr == cls)
        if not len(rows):
            continue
        a = np.array([pos[p] for p, _ in pairs])
        b = np.array([pos[q] for _, q in pairs])
        for _ in range(len(pairs) + 1):
            sub = Z[rows]
            broken = (sub[:, a] == 1) & (sub[:, b] != 1)
            if not broken.any():
                break
            r, k = np.nonzero(broken)
            targets = b[k]
            for t in np.unique(targets):
                if t in group_cols:
                    hit = rows[r[targets == t]]
                    Z[np.ix_(hit, group_cols[t])] = 0.0
            Z[rows[r], targets] = 1.0
