"""The filter's report: what it kept, what it rejected and how detectable it is."""

from ._records import ClassOutcome
from ._report import build_report
from ._sieve_report import SieveReport

__all__ = ["ClassOutcome", "SieveReport", "build_report"]
