"""Domain rules: what a valid row of the data looks like, and how to repair one."""

from ._base import RuleError
from ._domain import DomainRules
from ._user import ColumnConstraint, UserRule

__all__ = ["ColumnConstraint", "DomainRules", "RuleError", "UserRule"]
