"""The filtering over-sampler and its stages."""

from ._sampler import FilteredOverSampler

__all__ = ["FilteredOverSampler"]
