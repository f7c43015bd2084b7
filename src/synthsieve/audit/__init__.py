"""Audits: how detectable synthetic rows are (paper and hold-out protocols)."""

from ._audit import (
    AuditResult,
    ClassAudit,
    Comparison,
    DetectorResult,
    SamplerAudit,
    audit,
    audit_sampler,
    compare_samplers,
    default_auditors,
    domain_profile,
    out_of_fold_scores,
)

__all__ = [
    "AuditResult",
    "ClassAudit",
    "Comparison",
    "DetectorResult",
    "SamplerAudit",
    "audit",
    "audit_sampler",
    "compare_samplers",
    "default_auditors",
    "domain_profile",
    "out_of_fold_scores",
]
