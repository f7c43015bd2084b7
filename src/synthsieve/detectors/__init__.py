"""Detectors: models that tell synthetic rows from real ones, and copy finders."""

from ._copies import CopyDetector
from ._mlp import MLPDetector
from ._presets import make_detector
from ._torch import DeviceWarning

__all__ = ["CopyDetector", "DeviceWarning", "MLPDetector", "make_detector"]
