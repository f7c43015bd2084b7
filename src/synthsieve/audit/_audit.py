"""Transitional: the names other packages imported from here before the split.

Import them from their modules instead (``_auditors``: ``_check_detectors``,
``_seed``, ``default_auditors``; ``_validation``: ``_check_sampler``; public
names from :mod:`synthsieve.audit`); this module goes once nothing uses it.
"""

from ._auditors import _check_detectors, _seed, default_auditors
from ._compare import compare_samplers
from ._holdout import audit_sampler
from ._validation import _check_sampler

__all__ = [
    "_check_detectors",
    "_check_sampler",
    "_seed",
    "audit_sampler",
    "compare_samplers",
    "default_auditors",
]
