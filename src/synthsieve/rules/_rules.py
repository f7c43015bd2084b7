"""Domain rules: learned from real rows or declared by the user.

:class:`DomainRules` learns what real rows look like (column kinds, bounds,
categories, one-hot groups, point masses, and per class: how many binary features
are active, which pairs never co-occur, which features imply others), checks
candidate rows against those rules and the user's own, and repairs what has a
well-defined, unbiased repair (stochastic rounding, one-hot sampling, clipping,
restoring implied features).
"""

from __future__ import annotations

import logging
import numbers
import warnings
from collections.abc import Mapping
from dataclasses import dataclass
from numbers import Integral, Real

import numpy as np
import pandas as pd
from pandas.api import types as ptypes
from sklearn.base import BaseEstimator
from sklearn.utils import check_random_state
from sklearn.utils._param_validation import Interval, StrOptions
from sklearn.utils.validation import check_is_fitted

from .._utils import SynthsieveWarning, check_table, is_nominal

__all__ = ["ColumnConstraint", "DomainRules", "RuleError", "UserRule", "FAMILIES"]

logger = logging.getLogger(__name__)

#: Families of inferred rules, in the order their rules are listed.
FAMILIES = (
    "kind",
    "bounds",
    "category",
    "point_mass",
    "one_hot",
    "active_count",
    "never_together",
    "implies",
)

_SEPARATORS = ("_", "=")


class RuleError(ValueError):
    """A rule is malformed, fails when evaluated, or does not fit the data."""


# --------------------------------------------------------------------------- #
# User rules
# --------------------------------------------------------------------------- #


@dataclass(frozen=True)
class ColumnConstraint:
    """A declared constraint on one column.

    Parameters
    ----------
    column : str
        The column it constrains.
    lower, upper : float, default=None
        Smallest and largest allowed values (inclusive); None for no bound.
    allowed : iterable, default=None
        The allowed values (categories); None allows any value.
    integer : bool, default=False
        Whether values must be whole numbers.

    Notes
    -----
    :meth:`DomainRules.repair` clips to `lower`/`upper` and rounds `integer`
    columns stochastically; values outside `allowed` are left for rejection.

    Examples
    --------
    >>> from synthsieve import ColumnConstraint
    >>> ColumnConstraint("age", lower=0, upper=120, integer=True)
    ColumnConstraint(column='age', lower=0, upper=120, allowed=None, integer=True)
    """

    column: object
    lower: float | None = None
    upper: float | None = None
    allowed: tuple | None = None
    integer: bool = False

    def __post_init__(self):
        if self.allowed is not None:
            if isinstance(self.allowed, str) or not hasattr(self.allowed, "__iter__"):
                raise TypeError(
                    f"`allowed` of the constraint on {self.column!r} must be a list "
                    f"of values, got {self.allowed!r}."
                )
            object.__setattr__(self, "allowed", tuple(self.allowed))
        for bound in ("lower", "upper"):
            value = getattr(self, bound)
            if value is not None and (
                isinstance(value, bool) or not isinstance(value, numbers.Real)
            ):
                raise TypeError(
                    f"`{bound}` of the constraint on {self.column!r} must be a "
                    f"number or None, got {value!r}."
                )
        if (
            self.lower is not None
            and self.upper is not None
            and self.lower > self.upper
        ):
            raise ValueError(
                f"The constraint on {self.column!r} has lower={self.lower} > "
                f"upper={self.upper}."
            )
        if (
            self.lower is None
            and self.upper is None
            and self.allowed is None
            and not self.integer
        ):
            raise ValueError(
                f"The constraint on {self.column!r} constrains nothing; give "
                "`lower`, `upper`, `allowed` or `integer=True`."
            )


@dataclass(frozen=True)
class UserRule:
    """A user rule with its name and, optionally, the class it applies to.

    Parameters
    ----------
    rule : callable, str, ColumnConstraint or dict
        A callable ``DataFrame -> boolean mask`` (True where the row is valid), a
        pandas query string (``"age >= 18 or weight < 60"``, evaluated with
        :meth:`pandas.DataFrame.eval`), a :class:`ColumnConstraint`, or a dict of
        :class:`ColumnConstraint` arguments.
    name : str, default=None
        The rule's name, used as the rejection reason. Defaults to the query
        string, the function's name, or ``"constraint:<column>"``.
    for_class : object, default=None
        Apply the rule only to rows of this class; None applies it to every row.

    Examples
    --------
    >>> from synthsieve import UserRule
    >>> UserRule("age >= 18 or weight < 60", name="child_weight").name
    'child_weight'
    """

    rule: object
    name: str | None = None
    for_class: object = None


def _as_user_rule(item) -> UserRule:
    if isinstance(item, UserRule):
        return item
    if isinstance(item, tuple) and len(item) in (2, 3) and isinstance(item[0], str):
        return UserRule(item[1], name=item[0], for_class=(item + (None,))[2])
    return UserRule(item)


def _user_rule_list(rules) -> list[UserRule]:
    if rules is None:
        return []
    if isinstance(rules, Mapping):
        return [UserRule(rule, name=name) for name, rule in rules.items()]
    if isinstance(rules, (str, ColumnConstraint, UserRule)) or callable(rules):
        return [_as_user_rule(rules)]
    return [_as_user_rule(item) for item in rules]


# --------------------------------------------------------------------------- #
# Rule blocks: rules of one family evaluated together, vectorised
# --------------------------------------------------------------------------- #


class _Context:
    """One table prepared for evaluation: the frame and its numeric matrix."""

    def __init__(self, frame: pd.DataFrame, Z: np.ndarray, pos: dict):
        self.frame = frame
        self.Z = Z
        self.pos = pos
        self._keys = {}

    def keys(self, column) -> np.ndarray:
        if column not in self._keys:
            self._keys[column] = _nominal_keys(self.frame[column])
        return self._keys[column]

    def subset(self, rows: np.ndarray) -> _Context:
        return _Context(self.frame.iloc[rows], self.Z[rows], self.pos)


def _key(value) -> str:
    """A category's comparison key: whole numbers without decimals (2.0 -> '2')."""
    if isinstance(value, (numbers.Real, np.number)) and not isinstance(
        value, (bool, np.bool_)
    ):
        f = float(value)
        if np.isfinite(f) and f == int(f):
            return str(int(f))
    return str(value)


def _nominal_keys(series: pd.Series) -> np.ndarray:
    """Comparison keys of a column's values, as in :func:`_key`."""
    if is_nominal(series):
        return series.astype(object).map(_key).to_numpy(dtype=object)
    values = series.to_numpy(dtype=float)
    keys = values.astype(str).astype(object)
    whole = np.isfinite(values) & (values == np.round(values))
    keys[whole] = values[whole].astype(np.int64).astype(str)
    return keys


class _Block:
    family = ""
    column_level = False

    def __init__(self, names, columns, descriptions, for_class=None):
        self.names = list(names)
        self.columns = list(columns)
        self.descriptions = list(descriptions)
        self.for_class = for_class

    def evaluate(self, ctx: _Context) -> np.ndarray:  # pragma: no cover
        raise NotImplementedError


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
            out[:, k] = ~(_at_decimals(V, d) | np.isnan(V))
        return out


class _BoundsBlock(_Block):
    family = "bounds"
    column_level = True

    def __init__(self, columns, lows, highs, pos):
        super().__init__(
            [f"bounds:{c}" for c in columns],
            [(c,) for c in columns],
            [f"{c} in [{lo:g}, {hi:g}]" for c, lo, hi in zip(columns, lows, highs)],
        )
        self.idx = np.array([pos[c] for c in columns], dtype=int)
        self.lo = np.asarray(lows, dtype=float)
        self.hi = np.asarray(highs, dtype=float)

    def evaluate(self, ctx):
        V = ctx.Z[:, self.idx]
        return (V < self.lo) | (V > self.hi)


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


class _PointMassBlock(_Block):
    family = "point_mass"
    column_level = True

    def __init__(self, columns, masses, ranges, pos):
        descriptions = []
        for c in columns:
            lo, hi = ranges[c]
            rest = "" if np.isnan(lo) else f" or in [{lo:g}, {hi:g}]"
            pm = ", ".join(f"{v:g}" for v in masses[c])
            descriptions.append(f"{c} is {pm}{rest}")
        super().__init__(
            [f"point_mass:{c}" for c in columns],
            [(c,) for c in columns],
            descriptions,
        )
        self.idx = [pos[c] for c in columns]
        self.masses = [np.asarray(masses[c], dtype=float) for c in columns]
        self.ranges = [ranges[c] for c in columns]

    def evaluate(self, ctx):
        out = np.zeros((len(ctx.frame), len(self.names)), dtype=bool)
        for k, (j, pm, (lo, hi)) in enumerate(zip(self.idx, self.masses, self.ranges)):
            v = ctx.Z[:, j]
            ok = np.isin(v, pm)
            if not np.isnan(lo):
                ok |= (v >= lo) & (v <= hi)
            out[:, k] = ~ok
        return out

    def repair(self, Z):
        """Move a value in a gap to its nearest mass when a mass is nearest.

        A value nearer to the range of the other values than to any mass is
        left alone (and stays invalid): moving it to the range's end would
        pile rows up at a value the real rows rarely take.
        """
        for j, pm, (lo, hi) in zip(self.idx, self.masses, self.ranges):
            v = Z[:, j]
            ok = np.isin(v, pm) | np.isnan(v)
            if not np.isnan(lo):
                ok |= (v >= lo) & (v <= hi)
            bad = np.flatnonzero(~ok)
            if not len(bad):
                continue
            dist = np.abs(v[bad, None] - pm[None, :])
            near, d_mass = pm[dist.argmin(axis=1)], dist.min(axis=1)
            if np.isnan(lo):
                snap = np.ones(len(bad), dtype=bool)
            else:
                d_range = np.minimum(np.abs(v[bad] - lo), np.abs(v[bad] - hi))
                snap = d_mass < d_range
            Z[bad[snap], j] = near[snap]


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


def _class_tag(cls) -> str:
    return "" if cls is None else f"[{cls}]"


class _ActiveCountBlock(_Block):
    family = "active_count"

    def __init__(self, cls, columns, lo, hi, pos):
        super().__init__(
            [f"active_count{_class_tag(cls)}"],
            [tuple(columns)],
            [f"{lo} to {hi} of {len(columns)} binary features are 1"],
            for_class=cls,
        )
        self.idx = np.array([pos[c] for c in columns], dtype=int)
        self.lo, self.hi = lo, hi

    def evaluate(self, ctx):
        count = (ctx.Z[:, self.idx] == 1).sum(axis=1)
        return ((count < self.lo) | (count > self.hi)).reshape(-1, 1)


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


class _UserBlock(_Block):
    family = "user"

    def __init__(self, name, rule, for_class):
        self.rule = rule
        if isinstance(rule, ColumnConstraint):
            self.column_level = True
            desc = f"declared constraint on {rule.column}"
            columns = (rule.column,)
        elif isinstance(rule, str):
            desc = f"query: {rule}"
            columns = ()
        else:
            desc = f"callable {getattr(rule, '__name__', type(rule).__name__)}"
            columns = ()
        super().__init__([name], [columns], [desc], for_class=for_class)

    def evaluate(self, ctx):
        name = self.names[0]
        frame = ctx.frame
        rule = self.rule
        if isinstance(rule, ColumnConstraint):
            return (~_constraint_ok(rule, ctx)).reshape(-1, 1)
        try:
            if isinstance(rule, str):
                result = frame.eval(rule)
            else:
                result = rule(frame)
        except Exception as exc:  # noqa: BLE001 - re-raised with the rule's name
            if isinstance(rule, str) and isinstance(exc, NameError):
                raise RuleError(
                    f"rule {name!r}: the query {rule!r} names something that is "
                    f"not a column ({exc}); columns are {list(frame.columns)[:10]}"
                    f"{' ...' if frame.shape[1] > 10 else ''}. Quote names with "
                    "spaces or dashes in backticks."
                ) from exc
            raise RuleError(
                f"rule {name!r} raised {type(exc).__name__}: {exc}"
            ) from exc
        return (~_as_mask(result, name, len(frame))).reshape(-1, 1)


def _constraint_ok(c: ColumnConstraint, ctx: _Context) -> np.ndarray:
    n = len(ctx.frame)
    ok = np.ones(n, dtype=bool)
    if c.column in ctx.pos:
        v = ctx.Z[:, ctx.pos[c.column]]
        if c.lower is not None:
            ok &= v >= c.lower
        if c.upper is not None:
            ok &= v <= c.upper
        if c.integer:
            ok &= v == np.floor(v)
    if c.allowed is not None:
        ok &= np.isin(ctx.keys(c.column), np.array([_key(a) for a in c.allowed]))
    return ok


def _as_mask(result, name: str, n: int) -> np.ndarray:
    """Check that a user rule returned one boolean per row; return it as numpy."""
    if isinstance(result, (pd.Series, pd.Index)):
        if isinstance(result.dtype, pd.BooleanDtype):
            if result.isna().any():
                raise RuleError(
                    f"rule {name!r} returned missing values; return True or False "
                    "for every row."
                )
            result = result.to_numpy(dtype=bool)
        else:
            result = result.to_numpy()
    arr = np.asarray(result)
    if arr.ndim != 1 or len(arr) != n:
        got = "a single value" if arr.ndim == 0 else f"shape {arr.shape}"
        raise RuleError(
            f"rule {name!r} returned {got} for {n} rows; a rule must return one "
            "boolean per row (True where the row is valid)."
        )
    if arr.dtype != bool:
        raise RuleError(
            f"rule {name!r} returned values of dtype {arr.dtype}, not booleans; "
            "return a boolean mask (True where the row is valid)."
        )
    return arr


# --------------------------------------------------------------------------- #
# Inference helpers
# --------------------------------------------------------------------------- #


def _column_kind(series: pd.Series) -> str:
    if is_nominal(series):
        return "nominal"
    if ptypes.is_bool_dtype(series.dtype):
        return "binary"
    values = series.to_numpy(dtype=float)
    if ((values == 0) | (values == 1)).all():
        return "binary"
    if (values == np.floor(values)).all():
        return "integer"
    return "continuous"


#: Most decimals a continuous column may be recorded at to get a precision rule.
_MAX_DECIMALS = 6
#: Rows a precision is first checked on before all rows are (same result).
_DECIMALS_PROBE = 1024


def _at_decimals(V: np.ndarray, d: int) -> np.ndarray:
    """True where a value is a multiple of 10**-d (up to float error)."""
    scaled = V * 10.0**d
    tol = 1e-6 + 64 * np.finfo(float).eps * np.abs(scaled)
    return np.abs(scaled - np.round(scaled)) <= tol


def _decimals(values: np.ndarray) -> int | None:
    """The fewest decimals (1 to `_MAX_DECIMALS`) every value is recorded at.

    None when the values need more (measured, not typed, precision) or are
    not all finite.
    """
    values = values[~np.isnan(values)]
    if not len(values) or not np.isfinite(values).all():
        return None
    head = values[:_DECIMALS_PROBE]  # most columns fail on a few rows: stop early
    for d in range(1, _MAX_DECIMALS + 1):
        if _at_decimals(head, d).all() and _at_decimals(values, d).all():
            return d
    return None


def _round_to_decimals(V: np.ndarray, d: int, rng) -> np.ndarray:
    """Stochastic rounding to a multiple of 10**-d: unbiased, like integers."""
    return np.round(_stochastic_round(V * 10.0**d, rng) / 10.0**d, d)


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


def _point_masses(values: np.ndarray, min_share: float, min_count: int):
    """Values holding at least `min_share` of the rows, and the other values."""
    vals, counts = np.unique(values, return_counts=True)
    heavy = (counts / len(values) >= min_share) & (counts >= min_count)
    return vals[heavy], vals[~heavy]


def _has_gap(masses, rest, integer: bool) -> bool:
    """Whether the masses and the rest's range leave a gap wider than one step.

    A step is 1 for integer columns, else the median spacing of the rest's
    distinct values, so that a point mass next to the rest is not a gap.
    """
    spans = [(float(m), float(m)) for m in masses]
    if len(rest):
        spans.append((float(rest.min()), float(rest.max())))
    spans.sort()
    if integer:
        step = 1.0
    else:
        step = float(np.median(np.diff(rest))) if len(rest) >= 2 else 0.0
    end = spans[0][1]
    for lo, hi in spans[1:]:
        if lo - end > step:
            return True
        end = max(end, hi)
    return False


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


# --------------------------------------------------------------------------- #
# DomainRules
# --------------------------------------------------------------------------- #


class DomainRules(BaseEstimator):
    """Rules real rows obey, inferred from them or declared; checks and repair.

    Inferred from the real rows (all classes): each column's kind (binary,
    integer, continuous, nominal) and, for continuous columns recorded at 1 to
    6 decimals, that precision; bounds, the categories of nominal columns,
    one-hot groups, and point masses (values holding a large share of the rows,
    such as zeros meaning "not measured"). Inferred per class, from that class's
    real rows: the range of the number of active (``== 1``) binary features per
    row, pairs of binary features that never occur together, and implications
    (``a = 1`` never without ``b = 1``). Every rule has a name, which is the
    rejection reason :meth:`violations` reports.

    Parameters
    ----------
    rules : list, dict or None, default=None
        The user's own rules: callables ``DataFrame -> boolean mask`` (True where
        the row is valid), pandas query strings, :class:`ColumnConstraint` objects
        or dicts of their arguments, :class:`UserRule` objects (for a name or a
        class) or ``(name, rule)`` tuples; or a dict ``{name: rule}``. More can be
        added with :meth:`add`.
    inferred : bool or iterable of str, default=True
        Which families of rules to infer: True for all of ``FAMILIES``
        (``"kind", "bounds", "category", "point_mass", "one_hot",
        "active_count", "never_together", "implies"``), False for none.
    one_hot_groups : {"auto", "prefix"}, dict or None, default="auto"
        How to find one-hot groups (binary columns with exactly one 1 per row):
        ``"prefix"`` groups columns named ``<prefix>_<level>`` (or ``=``) whose
        sum is 1 on every real row; ``"auto"`` also searches the remaining binary
        columns for exclusive and exhaustive sets; a dict ``{name: [columns]}``
        declares them; None finds none.
    point_mass_min_share : float, default=0.05
        Smallest share of the real rows a single value of a numeric, non-binary
        column must hold to be a point mass. A point mass outside the range of
        the column's other values (pima's zero insulin below 14) makes a
        ``point_mass`` rule: values in the gap are invalid.
    min_expected_count : float or "auto", default="auto"
        A pair of binary features that never co-occur in a class becomes a
        ``never_together`` rule only if independence would predict at least this
        many rows with both (``n p_a p_b``); an implication ``a => b`` only if it
        would predict this many rows with ``a`` but not ``b``
        (``n_a (1 - p_b)``). Under independence the chance of seeing none is
        about ``exp(-min_expected_count)`` (0.7 % at 5). ``"auto"`` corrects for
        the number ``m`` of pairs tested in the class (Bonferroni):
        ``max(5, log(m / 0.05))``, so that independent features yield a
        spurious rule with probability below 5 % (about 17 on hiva's 1,617
        bits, 8.5 on 22 binary columns).
    min_support : int, default=10
        Smallest number of real rows of the class with ``a = 1`` behind an
        implication ``a => b``, and of real rows behind a point mass.
    active_count_tolerance : float, default=0.1
        The active-count range of a class is its real rows' [min, max], widened
        on each side by this fraction of its width (rounded outwards).
    max_pair_rules : int or None, default=1000
        Keep at most this many ``never_together`` and this many ``implies`` rules
        per class, the strongest first (largest expected count); None keeps all.

    Attributes
    ----------
    columns_ : list
        Column names the rules were inferred on (``x0, x1, ...`` for arrays).
    dtypes_ : pandas.Series
        The real columns' dtypes, restored by :meth:`repair`.
    kinds_ : dict
        Column -> ``"binary"``, ``"integer"``, ``"continuous"`` or ``"nominal"``.
    bounds_ : dict
        Numeric column -> ``(min, max)`` over the real rows.
    decimals_ : dict
        Continuous column -> the number of decimals (1 to 6) every real value
        is recorded at, for columns recorded at such a precision (a rule of the
        ``"kind"`` family, ``decimals:<column>``).
    categories_ : dict
        Nominal column -> list of its categories.
    point_masses_ : dict
        Numeric non-binary column -> array of its point-mass values.
    one_hot_groups_ : dict
        Group name -> list of its columns.
    classes_ : list
        The classes of `y` (``[None]`` when fitted without `y`).
    active_columns_ : list
        Binary columns outside one-hot groups, counted by ``active_count``.
    active_count_range_ : dict
        Class -> ``(low, high)`` allowed number of active features.
    exclusive_pairs_ : dict
        Class -> list of ``(a, b)`` never together.
    implications_ : dict
        Class -> list of ``(a, b)`` meaning ``a => b``.
    pair_thresholds_ : dict
        Class -> the expected counts ``(never_together, implies)`` a pair needed
        (`min_expected_count` after the ``"auto"`` correction).
    rules_ : pandas.DataFrame
        One row per rule: ``name``, ``family``, ``class``, ``columns``,
        ``description``, ``source`` ("inferred" or "user").

    See Also
    --------
    synthsieve.CopyDetector : rejects copies and near-copies of real rows.

    Notes
    -----
    Class-specific rules (active counts, pairs, implications, user rules with a
    class) apply to rows of their class: pass `y` (a scalar for rows of one
    class) to :meth:`violations` and :meth:`repair`; without it they are skipped
    with a warning.

    :meth:`repair` is unbiased where it acts: integer and binary values are
    rounded stochastically (``floor(x) + Bernoulli(x - floor(x))``), so the mean
    is kept in expectation, and a one-hot group takes one level drawn with
    probability proportional to its (clipped, renormalised) values. Rounding
    SMOTE's 0/1 interpolations to the nearest integer would instead turn every
    row back into one of its parents.

    Examples
    --------
    >>> import pandas as pd
    >>> from synthsieve import DomainRules
    >>> real = pd.DataFrame({"age": [3, 25, 40, 61, 35, 50],
    ...                      "weight": [14.0, 70.5, 80.2, 75.0, 66.1, 90.3]})
    >>> rules = DomainRules.infer(real, rules={"child_weight":
    ...                                        "age >= 18 or weight < 30"})
    >>> rules.kinds_
    {'age': 'integer', 'weight': 'continuous'}
    >>> candidates = pd.DataFrame({"age": [3.0, 30.4], "weight": [80.0, 72.0]})
    >>> rules.reasons(candidates).tolist()
    ['child_weight', 'integer:age']
    >>> rules.repair(candidates, random_state=0).dtypes.tolist()
    [dtype('int64'), dtype('float64')]
    """

    _parameter_constraints = {
        "rules": [list, tuple, dict, None, callable, str, ColumnConstraint, UserRule],
        "inferred": ["boolean", list, tuple, set, frozenset],
        "one_hot_groups": [StrOptions({"auto", "prefix"}), dict, None],
        "point_mass_min_share": [Interval(Real, 0, 1, closed="right")],
        "min_expected_count": [
            Interval(Real, 0, None, closed="neither"),
            StrOptions({"auto"}),
        ],
        "min_support": [Interval(Integral, 1, None, closed="left")],
        "active_count_tolerance": [Interval(Real, 0, None, closed="left")],
        "max_pair_rules": [Interval(Integral, 0, None, closed="left"), None],
    }

    def __init__(
        self,
        *,
        rules=None,
        inferred=True,
        one_hot_groups="auto",
        point_mass_min_share=0.05,
        min_expected_count="auto",
        min_support=10,
        active_count_tolerance=0.1,
        max_pair_rules=1000,
    ):
        self.rules = rules
        self.inferred = inferred
        self.one_hot_groups = one_hot_groups
        self.point_mass_min_share = point_mass_min_share
        self.min_expected_count = min_expected_count
        self.min_support = min_support
        self.active_count_tolerance = active_count_tolerance
        self.max_pair_rules = max_pair_rules

    # ------------------------------------------------------------------ #
    # construction
    # ------------------------------------------------------------------ #

    @classmethod
    def infer(cls, X, y=None, **params) -> DomainRules:
        """Infer the rules of (X, y): ``DomainRules(**params).fit(X, y)``.

        Parameters
        ----------
        X : array-like or DataFrame of shape (n_samples, n_features)
            Real rows.
        y : array-like of shape (n_samples,), default=None
            Their classes; class-specific rules are inferred per class. Without
            `y` they are inferred once, over all rows.
        **params
            Parameters of :class:`DomainRules`.

        Returns
        -------
        DomainRules
            The fitted rules.

        Examples
        --------
        >>> import numpy as np
        >>> from synthsieve import DomainRules
        >>> X = np.array([[0, 1, 2.5], [1, 0, 3.5], [1, 1, 0.5]])
        >>> DomainRules.infer(X).kinds_
        {'x0': 'binary', 'x1': 'binary', 'x2': 'continuous'}
        """
        return cls(**params).fit(X, y)

    def add(self, rule, name=None, *, for_class=None) -> DomainRules:
        """Add one of the user's rules; returns self.

        Parameters
        ----------
        rule : callable, str, ColumnConstraint or dict
            See :class:`UserRule`.
        name : str, default=None
            The rule's name (the rejection reason).
        for_class : object, default=None
            Apply the rule only to rows of this class.

        Returns
        -------
        self : DomainRules

        Examples
        --------
        >>> import pandas as pd
        >>> from synthsieve import ColumnConstraint, DomainRules
        >>> rules = DomainRules.infer(pd.DataFrame({"age": [20, 30, 40]}))
        >>> _ = rules.add(ColumnConstraint("age", lower=18), name="adult")
        >>> rules.is_valid(pd.DataFrame({"age": [17, 25]})).tolist()
        [False, True]
        """
        entry = UserRule(rule, name=name, for_class=for_class)
        existing = _user_rule_list(self.rules)
        if hasattr(self, "columns_"):
            block = self._compile_user(entry, len(existing))
            if isinstance(block.rule, str):  # unknown columns fail now, not later
                block.evaluate(self._context(self._template_))
            self._add_blocks([block])
        self.rules = [*existing, entry]
        return self

    # ------------------------------------------------------------------ #
    # fit
    # ------------------------------------------------------------------ #

    def _families(self) -> set:
        if self.inferred is True:
            return set(FAMILIES)
        if self.inferred is False:
            return set()
        fams = set(self.inferred)
        unknown = fams - set(FAMILIES)
        if unknown:
            raise ValueError(
                f"`inferred` names unknown rule families {sorted(unknown)}; "
                f"choose from {list(FAMILIES)}."
            )
        return fams

    def fit(self, X, y=None) -> DomainRules:
        """Infer the rules from real rows.

        Parameters
        ----------
        X : array-like or DataFrame of shape (n_samples, n_features)
            Real rows (no NaN).
        y : array-like of shape (n_samples,), default=None
            Their classes.

        Returns
        -------
        self : DomainRules
        """
        self._validate_params()
        families = self._families()
        frame = check_table(X, "X")
        self._fitted_on_frame = isinstance(X, pd.DataFrame)
        if not self._fitted_on_frame:
            frame = frame.set_axis([f"x{i}" for i in range(frame.shape[1])], axis=1)
        if frame.columns.has_duplicates:
            dup = list(frame.columns[frame.columns.duplicated()])[:5]
            raise ValueError(f"`X` has duplicated column names {dup}.")
        frame = frame.reset_index(drop=True)
        n = len(frame)
        if y is None:
            y_arr = None
            self.classes_ = [None]
        else:
            y_arr = np.asarray(y)
            if y_arr.ndim != 1 or len(y_arr) != n:
                raise ValueError(
                    f"`y` must be 1-D with one label per row of `X` ({n}); got "
                    f"shape {y_arr.shape}."
                )
            if pd.isna(y_arr).any():
                raise ValueError("`y` contains missing labels.")
            self.classes_ = np.unique(y_arr).tolist()

        self.columns_ = list(frame.columns)
        self.dtypes_ = frame.dtypes.copy()
        self._template_ = frame.iloc[:0].copy()
        self.kinds_ = {c: _column_kind(frame[c]) for c in self.columns_}
        self._numeric = [c for c in self.columns_ if self.kinds_[c] != "nominal"]
        self._pos = {c: i for i, c in enumerate(self._numeric)}
        Z = self._numeric_matrix(frame)

        self.bounds_ = {
            c: (float(Z[:, j].min()), float(Z[:, j].max()))
            for c, j in self._pos.items()
        }
        self.decimals_ = {}
        for c, j in self._pos.items():
            if self.kinds_[c] == "continuous":
                d = _decimals(Z[:, j])
                if d is not None:
                    self.decimals_[c] = d
        self.categories_ = {
            c: sorted(pd.unique(frame[c].astype(object)), key=str)
            for c in self.columns_
            if self.kinds_[c] == "nominal"
        }
        binary = [c for c in self._numeric if self.kinds_[c] == "binary"]
        B = Z[:, [self._pos[c] for c in binary]] if binary else np.zeros((n, 0))

        # point masses
        self.point_masses_, pm_ranges = {}, {}
        for c in self._numeric:
            if self.kinds_[c] == "binary":
                continue
            masses, rest = _point_masses(
                Z[:, self._pos[c]], self.point_mass_min_share, self.min_support
            )
            if len(masses):
                self.point_masses_[c] = masses
                if _has_gap(masses, rest, self.kinds_[c] == "integer"):
                    pm_ranges[c] = (
                        (float(rest.min()), float(rest.max()))
                        if len(rest)
                        else (np.nan, np.nan)
                    )

        # one-hot groups
        self.one_hot_groups_ = self._find_groups(binary, B)
        in_group = {c for cols in self.one_hot_groups_.values() for c in cols}
        self._group_prior = {
            g: Z[:, [self._pos[c] for c in cols]].mean(axis=0)
            for g, cols in self.one_hot_groups_.items()
        }
        self.active_columns_ = [c for c in binary if c not in in_group]

        # per class
        self.active_count_range_, self.exclusive_pairs_, self.implications_ = {}, {}, {}
        self.pair_thresholds_ = {}
        group_of = np.full(len(binary), -1)
        for g, cols in enumerate(self.one_hot_groups_.values()):
            for c in cols:
                group_of[binary.index(c)] = g
        active_idx = [binary.index(c) for c in self.active_columns_]
        for cls in self.classes_:
            rows = slice(None) if cls is None else y_arr == cls
            Bc = B[rows]
            if "active_count" in families and len(active_idx) >= 2:
                count = Bc[:, active_idx].sum(axis=1)
                lo, hi = count.min(), count.max()
                widen = self.active_count_tolerance * (hi - lo)
                self.active_count_range_[cls] = (
                    int(max(0, np.floor(lo - widen))),
                    int(min(len(active_idx), np.ceil(hi + widen))),
                )
            if {"never_together", "implies"} & families and len(binary) >= 2:
                found = _pair_rules(
                    Bc,
                    binary,
                    group_of,
                    min_expected=self.min_expected_count,
                    min_support=self.min_support,
                    max_rules=self.max_pair_rules,
                )
                self.pair_thresholds_[cls] = found["thresholds"]
                for family, store in (
                    ("never_together", self.exclusive_pairs_),
                    ("implies", self.implications_),
                ):
                    if family not in families:
                        continue
                    pairs, total = found[family]
                    store[cls] = pairs
                    if total > len(pairs):
                        logger.info(
                            "class %r: kept the %d strongest of %d %s rules "
                            "(max_pair_rules=%d)",
                            cls,
                            len(pairs),
                            total,
                            family,
                            self.max_pair_rules,
                        )

        self._build_inferred_blocks(families, pm_ranges)
        self._fit_user_rules(frame, y_arr)
        logger.debug(
            "inferred %d rules on %d columns", len(self._names), len(self.columns_)
        )
        return self

    def _find_groups(self, binary: list, B: np.ndarray) -> dict:
        spec = self.one_hot_groups
        if spec is None or not binary:
            return {}
        if isinstance(spec, dict):
            groups = {}
            for g, cols in spec.items():
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

    def _build_inferred_blocks(self, families: set, pm_ranges: dict):
        self._blocks, self._names = [], []
        blocks = []
        pos = self._pos
        if "kind" in families:
            for kind in ("binary", "integer"):
                cols = [c for c in self._numeric if self.kinds_[c] == kind]
                if cols:
                    blocks.append(_KindBlock(kind, cols, pos))
            if self.decimals_:
                blocks.append(_DecimalsBlock(self.decimals_, pos))
        if "bounds" in families:
            cols = [
                c
                for c in self._numeric
                if not (
                    "kind" in families
                    and self.kinds_[c] == "binary"
                    and self.bounds_[c] == (0.0, 1.0)
                )
            ]
            if cols:
                blocks.append(
                    _BoundsBlock(
                        cols,
                        [self.bounds_[c][0] for c in cols],
                        [self.bounds_[c][1] for c in cols],
                        pos,
                    )
                )
        if "category" in families and self.categories_:
            blocks.append(_CategoryBlock(self.categories_))
        if "point_mass" in families and pm_ranges:
            cols = list(pm_ranges)
            blocks.append(_PointMassBlock(cols, self.point_masses_, pm_ranges, pos))
        if "one_hot" in families and self.one_hot_groups_:
            blocks.append(_OneHotBlock(self.one_hot_groups_, pos))
        for cls in self.classes_:
            if cls in self.active_count_range_:
                lo, hi = self.active_count_range_[cls]
                blocks.append(_ActiveCountBlock(cls, self.active_columns_, lo, hi, pos))
            for family, store in (
                ("never_together", self.exclusive_pairs_),
                ("implies", self.implications_),
            ):
                if store.get(cls):
                    blocks.append(_PairBlock(family, cls, store[cls], pos))
        self._add_blocks(blocks)

    def _add_blocks(self, blocks):
        taken = set(self._names)
        for block in blocks:
            for name in block.names:
                if name in taken:
                    raise RuleError(
                        f"rule name {name!r} is used twice; give the rule a "
                        "distinct `name`."
                    )
                taken.add(name)
            self._blocks.append(block)
            self._names.extend(block.names)
        self._catalog = None

    def _compile_user(self, entry: UserRule, k: int) -> _UserBlock:
        rule = entry.rule
        if isinstance(rule, Mapping):
            try:
                rule = ColumnConstraint(**rule)
            except TypeError as exc:
                raise TypeError(
                    f"a dict rule must hold ColumnConstraint arguments (column, "
                    f"lower, upper, allowed, integer); got {dict(rule)!r}: {exc}"
                ) from exc
        if isinstance(rule, ColumnConstraint):
            default = f"constraint:{rule.column}"
            if rule.column not in self.columns_:
                raise RuleError(
                    f"rule {entry.name or default!r} constrains column "
                    f"{rule.column!r}, which is not a column of `X`; columns are "
                    f"{self.columns_[:10]}."
                )
            if (
                rule.lower is not None or rule.upper is not None or rule.integer
            ) and self.kinds_[rule.column] == "nominal":
                raise RuleError(
                    f"rule {entry.name or default!r}: `lower`, `upper` and "
                    f"`integer` need a numeric column; {rule.column!r} is nominal."
                )
        elif isinstance(rule, str):
            default = rule
        elif callable(rule):
            fname = getattr(rule, "__name__", "")
            default = fname if fname and fname != "<lambda>" else f"user_rule_{k}"
        else:
            raise TypeError(
                "a rule must be a callable DataFrame -> boolean mask, a query "
                "string, a ColumnConstraint or a dict of its arguments; got "
                f"{type(rule).__name__}."
            )
        name = entry.name if entry.name is not None else default
        if not isinstance(name, str) or not name:
            raise TypeError(
                f"a rule's `name` must be a non-empty string, got {name!r}."
            )
        return _UserBlock(name, rule, entry.for_class)

    def _check_user_block(self, block, frame, y_arr):
        """Evaluate a user rule on the real rows: errors surface at fit time."""
        rows = None
        if block.for_class is not None and y_arr is not None:
            rows = np.flatnonzero(y_arr == block.for_class)
        sub = frame if rows is None else frame.iloc[rows]
        ctx = self._context(sub)
        broken = int(block.evaluate(ctx).sum())
        if broken and (block.for_class is None or y_arr is not None):
            warnings.warn(
                f"user rule {block.names[0]!r} is broken by {broken} of {len(sub)} "
                "real rows.",
                SynthsieveWarning,
                stacklevel=4,
            )

    def _fit_user_rules(self, frame, y_arr):
        blocks = []
        for k, entry in enumerate(_user_rule_list(self.rules)):
            block = self._compile_user(entry, k)
            self._check_user_block(block, frame, y_arr)
            blocks.append(block)
        self._add_blocks(blocks)

    # ------------------------------------------------------------------ #
    # evaluation
    # ------------------------------------------------------------------ #

    def _numeric_matrix(self, frame: pd.DataFrame) -> np.ndarray:
        if not self._numeric:
            return np.zeros((len(frame), 0))
        try:
            return frame[self._numeric].to_numpy(dtype=float)
        except (TypeError, ValueError) as exc:
            bad = [c for c in self._numeric if is_nominal(frame[c])]
            raise RuleError(
                f"columns {bad[:5]} hold non-numeric values, but the rules were "
                "inferred on numbers there."
            ) from exc

    def _context(self, frame: pd.DataFrame) -> _Context:
        return _Context(frame, self._numeric_matrix(frame), self._pos)

    def _validate_X(self, X) -> pd.DataFrame:
        check_is_fitted(self, "columns_")
        frame = check_table(X, "X", min_rows=0)
        if isinstance(X, pd.DataFrame) and self._fitted_on_frame:
            missing = [c for c in self.columns_ if c not in frame.columns]
            extra = [c for c in frame.columns if c not in set(self.columns_)]
            if missing or extra:
                raise RuleError(
                    "`X` does not have the columns the rules were inferred on; "
                    f"missing: {missing[:5]}, unexpected: {extra[:5]}."
                )
            return frame[self.columns_]
        if frame.shape[1] != len(self.columns_):
            raise RuleError(
                f"`X` has {frame.shape[1]} columns, but the rules were inferred on "
                f"{len(self.columns_)}."
            )
        return frame.set_axis(self.columns_, axis=1)

    def _resolve_y(self, y, n: int):
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

    def _rows_by_class(self, y_arr, n: int, what: str) -> dict:
        """Map each block's class to the rows it applies to (None: skipped)."""
        rows = {None: None}
        skipped = 0
        for block in self._blocks:
            cls = block.for_class
            if cls is None or cls in rows:
                continue
            if y_arr is None:
                rows[cls] = np.zeros(0, dtype=int)
                skipped += 1
            else:
                rows[cls] = np.flatnonzero(y_arr == cls)
        if skipped:
            n_rules = sum(len(b.names) for b in self._blocks if b.for_class is not None)
            warnings.warn(
                f"{what}: {n_rules} class-specific rules were skipped because `y` "
                "is None; pass the rows' class (a scalar for rows of one class).",
                SynthsieveWarning,
                stacklevel=3,
            )
        return rows

    def _matrix(self, frame: pd.DataFrame, y, *, column_level=False, what="violations"):
        n = len(frame)
        y_arr = self._resolve_y(y, n)
        if n == 0:
            k = sum(
                len(b.names) for b in self._blocks if b.column_level or not column_level
            )
            return np.zeros((0, k), dtype=bool)
        ctx = self._context(frame)
        rows = self._rows_by_class(y_arr, n, what)
        subs = {}
        parts = []
        for block in self._blocks:
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

    def violations(self, X, y=None) -> pd.DataFrame:
        """Which rules each row breaks.

        Parameters
        ----------
        X : array-like or DataFrame of shape (n_samples, n_features)
            Rows to check, with the columns the rules were inferred on.
        y : object or array-like of shape (n_samples,), default=None
            The rows' class (a scalar when they share one) for class-specific
            rules; without it those are skipped with a warning.

        Returns
        -------
        pandas.DataFrame
            Booleans, one row per row of `X` (same index for a DataFrame), one
            column per rule name; True where the row breaks the rule.

        Examples
        --------
        >>> import pandas as pd
        >>> from synthsieve import DomainRules
        >>> rules = DomainRules.infer(pd.DataFrame({"n": [0, 2, 5]}))
        >>> rules.violations(pd.DataFrame({"n": [1.5, 7.0]}))
           integer:n  bounds:n
        0       True     False
        1      False      True
        """
        frame = self._validate_X(X)
        M = self._matrix(frame, y)
        return pd.DataFrame(M, index=frame.index, columns=list(self._names))

    def reasons(self, X, y=None, *, sep="; ") -> pd.Series:
        """The names of the rules each row breaks, joined by `sep` ('' if none).

        Parameters
        ----------
        X : array-like or DataFrame of shape (n_samples, n_features)
        y : object or array-like of shape (n_samples,), default=None
        sep : str, default="; "

        Returns
        -------
        pandas.Series of str

        Examples
        --------
        >>> import pandas as pd
        >>> from synthsieve import DomainRules
        >>> rules = DomainRules.infer(pd.DataFrame({"n": [0, 2, 5]}))
        >>> rules.reasons(pd.DataFrame({"n": [1.5, 9.5, 3.0]})).tolist()
        ['integer:n', 'integer:n; bounds:n', '']
        """
        frame = self._validate_X(X)
        M = self._matrix(frame, y, what="reasons")
        names = np.array(self._names, dtype=object)
        out = [sep.join(names[row]) if row.any() else "" for row in M]
        return pd.Series(out, index=frame.index, dtype=object, name="reasons")

    def is_valid(self, X, y=None) -> np.ndarray:
        """Boolean mask: True where a row breaks no rule.

        Parameters
        ----------
        X : array-like or DataFrame of shape (n_samples, n_features)
        y : object or array-like of shape (n_samples,), default=None

        Returns
        -------
        numpy.ndarray of bool

        Examples
        --------
        >>> import pandas as pd
        >>> from synthsieve import DomainRules
        >>> rules = DomainRules.infer(pd.DataFrame({"n": [0, 2, 5]}))
        >>> rules.is_valid(pd.DataFrame({"n": [1.5, 3.0]})).tolist()
        [False, True]
        """
        frame = self._validate_X(X)
        return ~self._matrix(frame, y, what="is_valid").any(axis=1)

    def value_violations(self, X, y=None) -> pd.DataFrame:
        """Which values break a single-column rule (kind, bounds, category, ...).

        Parameters
        ----------
        X : array-like or DataFrame of shape (n_samples, n_features)
        y : object or array-like of shape (n_samples,), default=None

        Returns
        -------
        pandas.DataFrame
            Booleans shaped like `X` (the rules' column order); True where the
            value breaks a rule on its column alone.

        Examples
        --------
        >>> import pandas as pd
        >>> from synthsieve import DomainRules
        >>> rules = DomainRules.infer(pd.DataFrame({"n": [0, 2, 5], "f": [0, 1, 1]}))
        >>> rules.value_violations(pd.DataFrame({"n": [1.5], "f": [1.0]}))
              n      f
        0  True  False
        """
        frame = self._validate_X(X)
        M = self._matrix(frame, y, column_level=True, what="value_violations")
        out = np.zeros(frame.shape, dtype=bool)
        col_index = {c: i for i, c in enumerate(self.columns_)}
        k = 0
        for block in self._blocks:
            if not block.column_level:
                continue
            for cols in block.columns:
                out[:, col_index[cols[0]]] |= M[:, k]
                k += 1
        return pd.DataFrame(out, index=frame.index, columns=list(self.columns_))

    @property
    def rules_(self) -> pd.DataFrame:
        check_is_fitted(self, "columns_")
        if self._catalog is None:
            records = []
            for block in self._blocks:
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

    # ------------------------------------------------------------------ #
    # repair
    # ------------------------------------------------------------------ #

    def repair(self, X, y=None, random_state=None):
        """A repaired copy of `X`: unbiased rounding, one-hot sampling, clipping.

        Fixes what has a well-defined repair without biasing the distribution:

        * numeric values are clipped to the real bounds (and to the user's
          :class:`ColumnConstraint` bounds);
        * each one-hot group takes one level, drawn with probability proportional
          to its values clipped at 0 (the real level frequencies when all are 0);
        * integer and binary values are rounded stochastically,
          ``floor(x) + Bernoulli(x - floor(x))``, which keeps their mean in
          expectation and mixes the parents of an interpolated row instead of
          returning one of them;
        * continuous values of a column the real rows record at d decimals
          (``decimals_``) are rounded stochastically to a multiple of
          ``10**-d`` the same way, so the rows look as recorded as the real
          ones (no 0.3281492268932133 where every real value has 3 decimals);
        * for each implication ``a => b`` of the row's class, ``b`` is set to 1
          where ``a`` is 1 (repeated until nothing changes).

        * a value in a point-mass gap (a column whose real values are a few
          heavy values, such as 0, and a separate range of other values) moves
          to the nearest mass when it is nearer to a mass than to that range
          (values nearer the range stay invalid: moving them to its end would
          pile rows up where real rows rarely are). Without it, a generator
          that adds continuous noise (kernel density, jitter) to a column that
          is 0 in most real rows makes almost every row invalid (before this
          repair, ``FilteredOverSampler(sampler=KDEOverSampler())`` returned
          no rows in the hold-out audit of ``yeast4``: every candidate broke
          ``point_mass:Pox``; see ``docs/generators-more-evidence.md``).

        Categories outside the allowed set, never-together pairs, active counts
        and the user's callables and queries are not repaired;
        :meth:`violations` reports them.

        Parameters
        ----------
        X : array-like or DataFrame of shape (n_samples, n_features)
            Candidate rows; not modified.
        y : object or array-like of shape (n_samples,), default=None
            The rows' class (for implications and class-specific constraints).
        random_state : int, RandomState instance or None, default=None
            Seeds the rounding and the one-hot draws.

        Returns
        -------
        DataFrame or numpy.ndarray
            The repaired rows; a DataFrame (same index and column order, the real
            columns' dtypes restored where the values allow) for a DataFrame, an
            array otherwise.

        Examples
        --------
        >>> import numpy as np
        >>> from synthsieve import DomainRules
        >>> real = np.array([[0, 1], [1, 3], [1, 2]])
        >>> rules = DomainRules.infer(real)
        >>> rules.repair(np.array([[0.25, 2.5], [1.0, 7.0]]), random_state=0)
        array([[0, 2],
               [1, 3]])
        """
        frame = self._validate_X(X)
        n = len(frame)
        rng = check_random_state(random_state)
        y_arr = self._resolve_y(y, n)
        families = self._families()
        Z = self._numeric_matrix(frame).copy()
        pos = self._pos

        if "bounds" in families and self._numeric:
            lo = np.array([self.bounds_[c][0] for c in self._numeric])
            hi = np.array([self.bounds_[c][1] for c in self._numeric])
            np.clip(Z, lo, hi, out=Z)

        constraints = [
            b
            for b in self._blocks
            if b.family == "user" and isinstance(b.rule, ColumnConstraint)
        ]
        rows_of = self._rows_by_class(y_arr, n, "repair")
        for block in constraints:
            c = block.rule
            if c.column not in pos:
                continue
            rows = rows_of.get(block.for_class)
            rows = slice(None) if rows is None else rows
            j = pos[c.column]
            if c.lower is not None or c.upper is not None:
                Z[rows, j] = np.clip(Z[rows, j], c.lower, c.upper)
            if c.integer:
                Z[rows, j] = _stochastic_round(Z[rows, j], rng)

        in_group = set()
        if "one_hot" in families:
            for g, cols in self.one_hot_groups_.items():
                idx = np.array([pos[c] for c in cols])
                Z[:, idx] = _sample_one_hot(Z[:, idx], self._group_prior[g], rng)
                in_group.update(cols)
        if "kind" in families:
            round_cols = [
                pos[c]
                for c in self._numeric
                if self.kinds_[c] in ("binary", "integer") and c not in in_group
            ]
            if round_cols:
                Z[:, round_cols] = _stochastic_round(Z[:, round_cols], rng)
            for c, d in self.decimals_.items():
                Z[:, pos[c]] = _round_to_decimals(Z[:, pos[c]], d, rng)
        if "point_mass" in families:
            for block in self._blocks:
                if block.family == "point_mass":
                    block.repair(Z)
        if self.implications_:
            self._restore_implied(Z, y_arr)

        out = self._assemble(frame, Z)
        if isinstance(X, pd.DataFrame):
            return (
                out.set_axis(X.columns, axis=1)
                if not self._fitted_on_frame
                else out[list(X.columns)]
            )
        return out.to_numpy()

    def _restore_implied(self, Z, y_arr):
        group_cols = {}
        for cols in self.one_hot_groups_.values():
            idx = np.array([self._pos[c] for c in cols])
            for j in idx:
                group_cols[j] = idx
        for cls, pairs in self.implications_.items():
            if not pairs:
                continue
            if cls is None:
                rows = np.arange(len(Z))
            elif y_arr is None:
                continue  # _rows_by_class in violations warns about skipped rules
            else:
                rows = np.flatnonzero(y_arr == cls)
            if not len(rows):
                continue
            a = np.array([self._pos[p] for p, _ in pairs])
            b = np.array([self._pos[q] for _, q in pairs])
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

    def _assemble(self, frame: pd.DataFrame, Z: np.ndarray) -> pd.DataFrame:
        """The repaired table: numeric values from `Z`, real dtypes restored."""
        parts = []
        if self._numeric:
            whole = (Z == np.floor(Z)).all(axis=0)
            zero_one = ((Z == 0) | (Z == 1)).all(axis=0)
            by_dtype: dict = {}
            for c, j in self._pos.items():
                target = self.dtypes_[c]
                if ptypes.is_bool_dtype(target):
                    ok = zero_one[j]
                elif ptypes.is_integer_dtype(target):
                    ok = whole[j]
                else:
                    ok = True
                if not ok:
                    logger.debug("column %r left as float: values not whole", c)
                by_dtype.setdefault(target if ok else np.dtype(float), []).append(c)
            for dtype, cols in by_dtype.items():
                block = pd.DataFrame(
                    Z[:, [self._pos[c] for c in cols]], index=frame.index, columns=cols
                )
                try:
                    block = block.astype(dtype)
                except (TypeError, ValueError):
                    logger.debug("columns %r: could not restore dtype %s", cols, dtype)
                parts.append(block)
        for c in self.columns_:
            if c not in self._pos:
                parts.append(self._restore_nominal(frame[c]))
        return pd.concat(parts, axis=1)[self.columns_]

    def _restore_nominal(self, s: pd.Series) -> pd.Series:
        target = self.dtypes_[s.name]
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


def _stochastic_round(V: np.ndarray, rng) -> np.ndarray:
    """``floor(v) + Bernoulli(v - floor(v))``: whole numbers with the same mean."""
    F = np.floor(V)
    return F + (rng.random_sample(V.shape) < (V - F))


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
