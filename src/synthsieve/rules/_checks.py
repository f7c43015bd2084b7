"""Checking rows against fitted rules: which rules and values each row breaks."""

from __future__ import annotations

import numpy as np
import pandas as pd
from sklearn.utils.validation import check_is_fitted


class _RuleChecks:
    """The checks of :class:`DomainRules`, read from its fitted ``_table``."""

    def _validate_X(self, X) -> pd.DataFrame:
        check_is_fitted(self, "columns_")
        return self._table.validate(X)

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
        M = self._table.matrix(frame, y)
        return pd.DataFrame(M, index=frame.index, columns=list(self._table.names))

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
        M = self._table.matrix(frame, y, what="reasons")
        names = np.array(self._table.names, dtype=object)
        out = np.full(len(M), "", dtype=object)
        bad = np.flatnonzero(M.any(axis=1))
        if len(bad):  # one join per distinct pattern of broken rules
            patterns, which = np.unique(M[bad], axis=0, return_inverse=True)
            joined = np.array([sep.join(names[p]) for p in patterns], dtype=object)
            out[bad] = joined[which.ravel()]
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
        return ~self._table.matrix(frame, y, what="is_valid").any(axis=1)

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
        M = self._table.matrix(frame, y, column_level=True, what="value_violations")
        out = self._table.by_column(M)
        return pd.DataFrame(out, index=frame.index, columns=list(self.columns_))

    @property
    def rules_(self) -> pd.DataFrame:
        """One row per rule: name, family, class, columns, description, source."""
        check_is_fitted(self, "columns_")
        return self._table.catalog()
