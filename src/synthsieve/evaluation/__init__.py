"""Downstream evaluation of resampling pipelines and synthetic-size tuning."""

from ._evaluation import Evaluation, TuningResult, evaluate, tune_sampling_strategy

__all__ = ["Evaluation", "TuningResult", "evaluate", "tune_sampling_strategy"]
