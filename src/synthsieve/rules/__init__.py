"""Domain rules: what a valid row of the data looks like, and how to repair one."""

from ._rules import ColumnConstraint, DomainRules, RuleError, UserRule

__all__ = ["ColumnConstraint", "DomainRules", "RuleError", "UserRule"]
