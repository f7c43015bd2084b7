"""Classifiers for imbalanced data: one corrects the bias of synthetic rows, the
other needs none."""

from ._bias_corrected import BiasCorrectedClassifier
from ._kotaro import KOTAROClassifier

__all__ = ["BiasCorrectedClassifier", "KOTAROClassifier"]
