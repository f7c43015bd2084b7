"""Where :mod:`synthsieve.filtering` imports ``DomainRules`` from, until it
imports it from :mod:`synthsieve.rules`; the code lives in the per-family
modules of this package."""

from ._base import FAMILIES, RuleError
from ._domain import DomainRules
from ._user import ColumnConstraint, UserRule

__all__ = ["ColumnConstraint", "DomainRules", "FAMILIES", "RuleError", "UserRule"]
