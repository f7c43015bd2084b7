"""synthsieve: honest oversampling for imbalanced learning.

Wrap any oversampler, reject the synthetic rows a classifier could detect or that
break the data's domain, and audit what is left.
"""

from ._datasets import load_hiva, make_prescriptions
from ._registry import make_sampler
from ._version import __version__  # noqa: E402
from ._warn import ShortfallWarning, SynthsieveWarning
from .audit import (
    AuditResult,
    ClassAudit,
    Comparison,
    DetectorResult,
    SamplerAudit,
    audit,
    audit_sampler,
    class_overlap,
    compare_samplers,
    default_auditors,
    domain_profile,
    out_of_fold_scores,
)
from .classifiers import (
    BiasCorrectedClassifier,
    KOTAROClassifier,
    PriorCorrectedClassifier,
)
from .detectors import CopyDetector, DeviceWarning, MLPDetector, make_detector
from .evaluation import Evaluation, TuningResult, evaluate, tune_sampling_strategy
from .filtering import FilteredOverSampler, sieve_report
from .generators import (
    DASMOTE,
    CVAEOverSampler,
    DeepSMOTE,
    KDEOverSampler,
    MMDTripletOverSampler,
    SafeLevelSMOTE,
    TabularTransformerOverSampler,
)
from .report import SieveReport
from .rules import ColumnConstraint, DomainRules, RuleError, UserRule

__all__ = [
    "AuditResult",
    "BiasCorrectedClassifier",
    "CVAEOverSampler",
    "DASMOTE",
    "DeepSMOTE",
    "KOTAROClassifier",
    "PriorCorrectedClassifier",
    "MMDTripletOverSampler",
    "KDEOverSampler",
    "SafeLevelSMOTE",
    "TabularTransformerOverSampler",
    "ClassAudit",
    "ColumnConstraint",
    "CopyDetector",
    "DomainRules",
    "FilteredOverSampler",
    "RuleError",
    "SieveReport",
    "UserRule",
    "Comparison",
    "DetectorResult",
    "Evaluation",
    "TuningResult",
    "evaluate",
    "tune_sampling_strategy",
    "DeviceWarning",
    "MLPDetector",
    "make_detector",
    "make_sampler",
    "SamplerAudit",
    "audit",
    "audit_sampler",
    "class_overlap",
    "compare_samplers",
    "default_auditors",
    "domain_profile",
    "out_of_fold_scores",
    "sieve_report",
    "ShortfallWarning",
    "SynthsieveWarning",
    "load_hiva",
    "make_prescriptions",
    "__version__",
]
