"""The user's own rules: callables, query strings and column constraints."""

from __future__ import annotations

import numbers
import warnings
from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

from .._warn import SynthsieveWarning
from ._base import RuleError, _Block, _Context, _key
from ._kinds import _stochastic_round

__all__ = ["ColumnConstraint", "UserRule"]


@dataclass(frozen=True)
class ColumnConstraint:
    """A declared constraint on one column.

    See the :doc:`user guide </rules>`.

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

    See the :doc:`user guide </rules>`.

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
    """The `rules` parameter of :class:`DomainRules` as a list of UserRule."""
    if rules is None:
        return []
    if isinstance(rules, Mapping):
        return [UserRule(rule, name=name) for name, rule in rules.items()]
    if isinstance(rules, (str, ColumnConstraint, UserRule)) or callable(rules):
        return [_as_user_rule(rules)]
    return [_as_user_rule(item) for item in rules]


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


def compile_user_rule(entry: UserRule, k: int, columns: list, kinds: dict):
    """The block of the `k`-th user rule, checked against the fitted columns."""
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
        if rule.column not in columns:
            raise RuleError(
                f"rule {entry.name or default!r} constrains column "
                f"{rule.column!r}, which is not a column of `X`; columns are "
                f"{columns[:10]}."
            )
        if (rule.lower is not None or rule.upper is not None or rule.integer) and kinds[
            rule.column
        ] == "nominal":
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
        raise TypeError(f"a rule's `name` must be a non-empty string, got {name!r}.")
    return _UserBlock(name, rule, entry.for_class)


def apply_constraints(Z, blocks: list, rows_of: dict, pos: dict, rng) -> None:
    """Clip to the bounds of the user's column constraints and round their
    `integer` columns stochastically, in place, on the rows of each rule's class.

    `rows_of` maps a class to its rows (None: all rows).
    """
    for block in blocks:
        if block.family != "user" or not isinstance(block.rule, ColumnConstraint):
            continue
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


def check_on_real_rows(block: _UserBlock, table, frame, y_arr) -> None:
    """Evaluate a user rule on the real rows, so that errors surface at fit time,
    and warn (at the caller of ``fit``) when real rows break it."""
    rows = None
    if block.for_class is not None and y_arr is not None:
        rows = np.flatnonzero(y_arr == block.for_class)
    sub = frame if rows is None else frame.iloc[rows]
    broken = int(block.evaluate(table.context(sub)).sum())
    if broken and (block.for_class is None or y_arr is not None):
        warnings.warn(
            f"user rule {block.names[0]!r} is broken by {broken} of {len(sub)} "
            "real rows.",
            SynthsieveWarning,
            stacklevel=4,
        )


def fit_user_blocks(rules, table, columns: list, kinds: dict, frame, y_arr) -> list:
    """The blocks of the `rules` parameter, each checked on the real rows."""
    blocks = []
    for k, entry in enumerate(_user_rule_list(rules)):
        block = compile_user_rule(entry, k, columns, kinds)
        check_on_real_rows(block, table, frame, y_arr)
        blocks.append(block)
    return blocks
