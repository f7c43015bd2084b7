"""Detectors: models that tell synthetic rows from real ones, and copy finders."""

from ._copies import CopyDetector
from ._mlp import MLPDetector
from ._presets import check_detectors, default_auditors, make_detector
from ._torch import DeviceWarning

__all__ = [
    "CopyDetector",
    "DeviceWarning",
    "MLPDetector",
    "check_detectors",
    "default_auditors",
    "make_detector",
]
