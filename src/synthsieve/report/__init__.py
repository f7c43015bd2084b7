"""The filter's report: what it kept, what it rejected and how detectable it is."""

from ._records import ClassMeasures, ClassOutcome, ClassSample
from ._report import build_report
from ._sieve_report import SieveReport

__all__ = [
    "ClassMeasures",
    "ClassOutcome",
    "ClassSample",
    "SieveReport",
    "build_report",
]
