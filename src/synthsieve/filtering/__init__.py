"""The filtering over-sampler, its stages and its report."""

from ._holdout_report import sieve_report
from ._sampler import FilteredOverSampler

__all__ = ["FilteredOverSampler", "sieve_report"]
