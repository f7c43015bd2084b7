"""Downstream evaluation of resampling pipelines and synthetic-size tuning."""

from ._evaluate import Evaluation, evaluate
from ._metrics import balanced_log_loss
from ._tuning import TuningResult, tune_sampling_strategy

__all__ = [
    "Evaluation",
    "TuningResult",
    "balanced_log_loss",
    "evaluate",
    "tune_sampling_strategy",
]
