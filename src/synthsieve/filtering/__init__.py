"""The filtering over-sampler, its stages and its report."""

from ._sampler import FilteredOverSampler
from ._sieve_report import sieve_report

__all__ = ["FilteredOverSampler", "sieve_report"]
