"""Detectability audits: how easily can a classifier tell synthetic rows from real?

Two protocols:

* the paper's (Boudegzdame et al., 2024): real rows of a class (label 0) against
  as many synthetic rows (label 1), every row scored out of fold
  (:func:`audit`);
* the hold-out protocol: the generator sees half of the real rows of a class, the
  auditors compare the other half with the synthetic rows, the halves swap, and
  the same auditors on real half against real half give the *reference*. The
  headline is the detectability gap, ``max |AUC - reference AUC|`` over auditors
  (:func:`audit_sampler`).
"""

from .._overlap import class_overlap
from ..detectors import default_auditors
from ._compare import Comparison, compare_samplers
from ._holdout import audit_sampler
from ._profile import domain_profile
from ._protocols import audit, out_of_fold_scores
from ._results import AuditResult, ClassAudit, DetectorResult, SamplerAudit

__all__ = [
    "AuditResult",
    "ClassAudit",
    "Comparison",
    "DetectorResult",
    "SamplerAudit",
    "audit",
    "audit_sampler",
    "class_overlap",
    "compare_samplers",
    "default_auditors",
    "domain_profile",
    "out_of_fold_scores",
]
