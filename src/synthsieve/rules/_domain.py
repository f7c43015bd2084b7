"""DomainRules: the rule families composed into one estimator."""

from __future__ import annotations

import logging
from numbers import Integral, Real

import numpy as np
import pandas as pd
from sklearn.base import BaseEstimator
from sklearn.utils import check_random_state
from sklearn.utils._param_validation import Interval, StrOptions

from .._schema import TableSchema
from ._active_count import active_count_blocks, fit_active_counts
from ._base import resolve_families
from ._bounds import bounds_blocks, fit_bounds
from ._checks import _RuleChecks
from ._kinds import category_blocks, kind_blocks, schema_rules
from ._one_hot import find_one_hot_groups, group_index, group_priors, one_hot_blocks
from ._pairs import fit_pairs, pair_blocks
from ._point_masses import fit_point_masses, point_mass_blocks
from ._repair import assemble, repair_numeric
from ._table import _RuleTable, fit_table, resolve_y
from ._user import (
    ColumnConstraint,
    UserRule,
    _user_rule_list,
    compile_user_rule,
    fit_user_blocks,
)

__all__ = ["DomainRules"]

logger = logging.getLogger(__name__)


class DomainRules(_RuleChecks, BaseEstimator):
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

    Read more in the :doc:`user guide </rules>`.

    Parameters
    ----------
    rules : list, dict or None, default=None
        The user's own rules: callables ``DataFrame -> boolean mask`` (True where
        the row is valid), pandas query strings, :class:`ColumnConstraint` objects
        or dicts of their arguments, :class:`UserRule` objects or ``(name, rule)``
        tuples; or a dict ``{name: rule}``. More can be added with :meth:`add`.
    inferred : bool or iterable of str, default=True
        Which families of rules to infer: True for all (``"kind", "bounds",
        "category", "point_mass", "one_hot", "active_count", "never_together",
        "implies"``), False for none.
    one_hot_groups : {"auto", "prefix"}, dict or None, default="auto"
        How to find one-hot groups (binary columns with exactly one 1 per row):
        ``"prefix"`` groups columns named ``<prefix>_<level>`` (or ``=``) whose
        sum is 1 on every real row; ``"auto"`` also searches the other binary
        columns for exclusive and exhaustive sets; a dict ``{name: [columns]}``
        declares them; None finds none.
    point_mass_min_share : float, default=0.05
        Smallest share of the real rows a single value of a numeric, non-binary
        column must hold to be a point mass. A point mass apart from the range of
        the column's other values makes the values in the gap invalid.
    min_expected_count : float or "auto", default="auto"
        How many counter-examples independence must predict before a pair of
        binary features of a class becomes a rule: rows with both
        (``never_together``), or with ``a`` but not ``b`` (``a => b``).
        ``"auto"`` corrects for the number ``m`` of pairs tested in the class,
        ``max(5, log(m / 0.05))``; see the :doc:`user guide </rules>`.
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
    with a warning. :meth:`repair` rounds and picks one-hot levels at random, in
    proportion to the values, so that it keeps their mean instead of turning
    interpolated rows back into their parents.

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
            block = compile_user_rule(entry, len(existing), self.columns_, self.kinds_)
            if isinstance(block.rule, str):  # unknown columns fail now, not later
                block.evaluate(self._table.context(self._table.template))
            self._table.add([block])
        self.rules = [*existing, entry]
        return self

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
        families = resolve_families(self.inferred)
        frame, y_arr, self.classes_ = fit_table(X, y)
        schema = TableSchema.infer(frame)
        self.kinds_, self.decimals_, self.categories_ = schema_rules(schema)
        numeric, binary = schema.numeric, schema.binary
        table = _RuleTable(frame, isinstance(X, pd.DataFrame), numeric)
        self._table, pos = table, table.pos
        self.columns_ = list(table.columns)
        self.dtypes_ = frame.dtypes.copy()
        Z = table.numeric_matrix(frame)
        self.bounds_ = fit_bounds(Z, pos)
        B = Z[:, [pos[c] for c in binary]] if binary else np.zeros((len(frame), 0))
        self.point_masses_, pm_ranges = fit_point_masses(
            Z, numeric, self.kinds_, pos, self.point_mass_min_share, self.min_support
        )
        self.one_hot_groups_ = find_one_hot_groups(self.one_hot_groups, binary, B)
        self._group_prior = group_priors(Z, self.one_hot_groups_, pos)
        in_group = {c for cols in self.one_hot_groups_.values() for c in cols}
        self.active_columns_ = [c for c in binary if c not in in_group]
        active = [binary.index(c) for c in self.active_columns_]
        self.active_count_range_ = (
            fit_active_counts(
                B[:, active], self.classes_, y_arr, self.active_count_tolerance
            )
            if "active_count" in families and len(active) >= 2
            else {}
        )
        self.exclusive_pairs_, self.implications_, self.pair_thresholds_ = fit_pairs(
            B,
            binary,
            group_index(self.one_hot_groups_, binary),
            self.classes_,
            y_arr,
            families,
            min_expected=self.min_expected_count,
            min_support=self.min_support,
            max_rules=self.max_pair_rules,
        )
        table.add(self._inferred_blocks(families, pm_ranges))
        table.add(
            fit_user_blocks(self.rules, table, self.columns_, self.kinds_, frame, y_arr)
        )
        logger.debug(
            "inferred %d rules on %d columns", len(table.names), len(self.columns_)
        )
        return self

    def _inferred_blocks(self, families: set, pm_ranges: dict) -> list:
        """The inferred rules, family by family, then the per-class ones by class."""
        numeric, pos, kinds = self._table.numeric, self._table.pos, self.kinds_
        blocks = []
        if "kind" in families:
            blocks += kind_blocks(numeric, kinds, self.decimals_, pos)
        if "bounds" in families:
            blocks += bounds_blocks(
                numeric, kinds, self.bounds_, pos, kind_rules="kind" in families
            )
        if "category" in families:
            blocks += category_blocks(self.categories_)
        if "point_mass" in families:
            blocks += point_mass_blocks(self.point_masses_, pm_ranges, pos)
        if "one_hot" in families:
            blocks += one_hot_blocks(self.one_hot_groups_, pos)
        for cls in self.classes_:
            blocks += active_count_blocks(
                cls, self.active_count_range_, self.active_columns_, pos
            )
            blocks += pair_blocks(cls, self.exclusive_pairs_, self.implications_, pos)
        return blocks

    # ------------------------------------------------------------------ #
    # repair
    # ------------------------------------------------------------------ #

    def repair(self, X, y=None, random_state=None):
        """A repaired copy of `X`: unbiased rounding, one-hot sampling, clipping.

        Fixes what has a well-defined repair without biasing the distribution,
        in this order (see the :doc:`user guide </rules>`):

        * numeric values are clipped to the real bounds and to the user's
          :class:`ColumnConstraint` bounds (constraints with `integer` also
          round stochastically);
        * each one-hot group takes one level, drawn with probability proportional
          to its values clipped at 0 (the real level frequencies when all are 0);
        * integer and binary values are rounded stochastically,
          ``floor(x) + Bernoulli(x - floor(x))``, which keeps their mean in
          expectation; continuous values of a column recorded at d decimals
          (``decimals_``) are rounded the same way to a multiple of ``10**-d``;
        * a value in a point-mass gap moves to the nearest mass when it is
          nearer to a mass than to the range of the column's other values;
        * for each implication ``a => b`` of the row's class, ``b`` is set to 1
          where ``a`` is 1 (repeated until nothing changes).

        Categories outside the allowed set, never-together pairs, active counts,
        gap values nearer the range and the user's callables and queries are not
        repaired; :meth:`violations` reports them.

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
        rng = check_random_state(random_state)
        y_arr = resolve_y(y, len(frame))
        Z = self._table.numeric_matrix(frame).copy()
        rows_of = self._table.rows_by_class(y_arr, len(frame), "repair")
        repair_numeric(Z, self, resolve_families(self.inferred), y_arr, rows_of, rng)
        out = assemble(frame, Z, self._table, self.dtypes_)
        if isinstance(X, pd.DataFrame):
            if not self._table.fitted_on_frame:
                return out.set_axis(X.columns, axis=1)
            columns = list(X.columns)
            return out if list(out.columns) == columns else out[columns]
        return out.to_numpy()
