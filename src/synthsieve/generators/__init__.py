"""Base over-samplers from the literature that imbalanced-learn lacks.

Each is an imbalanced-learn over-sampler: use it alone, in an
``imblearn.pipeline.Pipeline``, or as the `sampler` of ``FilteredOverSampler``.
"""

from ._cvae import CVAEOverSampler
from ._dasmote import DASMOTE
from ._deep_smote import DeepSMOTE
from ._kde import KDEOverSampler
from ._mmd_triplet import MMDTripletOverSampler
from ._safe_level import SafeLevelSMOTE
from ._tabular_transformer import TabularTransformerOverSampler

__all__ = [
    "CVAEOverSampler",
    "DASMOTE",
    "DeepSMOTE",
    "KDEOverSampler",
    "MMDTripletOverSampler",
    "SafeLevelSMOTE",
    "TabularTransformerOverSampler",
]
