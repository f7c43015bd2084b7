"""Classifiers for imbalanced data: one corrects the bias of synthetic rows, one
needs none, one gives a resampling pipeline's probabilities the real prior."""

from ._bias_corrected import BiasCorrectedClassifier
from ._kotaro import KOTAROClassifier
from ._prior import PriorCorrectedClassifier

__all__ = ["BiasCorrectedClassifier", "KOTAROClassifier", "PriorCorrectedClassifier"]
