"""Base over-samplers from the literature that imbalanced-learn lacks.

Each is an imbalanced-learn over-sampler: use it alone, in an
``imblearn.pipeline.Pipeline``, or as the `sampler` of ``FilteredOverSampler``.
"""

from ._cvae import CVAEOverSampler
from ._deep_smote import DeepSMOTE
from ._kde import KDEOverSampler
from ._safe_level import SafeLevelSMOTE

__all__ = [
    "CVAEOverSampler",
    "DeepSMOTE",
    "KDEOverSampler",
    "SafeLevelSMOTE",
]
