"""The filter's report: what it kept, what it rejected and how detectable it is."""

from ._report import SieveReport

__all__ = ["SieveReport"]
