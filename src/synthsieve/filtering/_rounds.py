"""One class's rounds: blocks of candidates through the stages until the class
has what it needs."""

from __future__ import annotations

import logging
import math
import warnings

import numpy as np

from .._utils import SynthsieveWarning, progress, seed_from
from . import _stages as stages
from ._jitter import choose_jitter
from ._record import ClassRecord
from ._state import Block, FitState

__all__ = ["resample_class"]

logger = logging.getLogger(__name__)

#: Cells (candidates x columns) a later round may grow to when the acceptance
#: rate is low; the first round's ``candidate_factor * still needed`` is always
#: allowed. Bounds memory on large data (about 130 MB of float64 per copy).
ROUND_CELLS = 2**24

#: Fewest real rows per generation fold (see ``holdout_folds``).
MIN_FOLD_ROWS = 10


def resample_class(state: FitState, label, need: int, rng) -> ClassRecord:
    """Run the rounds for class `label` until `need` rows are accepted or
    ``max_rounds`` is spent; settle a shortfall."""
    settings = state.settings
    real = state.frame[state.y == label]
    record = ClassRecord(label=label, needed=need, real=real)
    detector = _class_detector(state, label, len(real))
    folds = _generation_folds(state, record, rng)
    rounds = progress(
        range(1, settings.max_rounds + 1),
        verbose=settings.verbose,
        desc=f"class {label!r}",
    )
    r = 0
    for r in rounds:
        still = need - record.n_accepted
        if still <= 0:
            r -= 1
            break
        n_want = round_size(
            settings, still, record.candidates, record.n_accepted, real.shape[1]
        )
        n_fold = max(1, math.ceil(n_want / len(folds)))
        blocks = [
            run_block(state, record, held_out, n_fold, detector, rng)
            for held_out in folds
        ]
        n_acc = record.add_round(r, blocks, still, rng)
        logger.info(
            "class %r round %d: %d candidates, %d accepted, %d still needed",
            label,
            r,
            sum(len(b) for b in blocks),
            n_acc,
            still - n_acc,
        )
    record.rounds = r
    record.settle_shortfall(settings.shortfall, settings.max_rounds)
    return record


def run_block(state: FitState, record: ClassRecord, held_out, n_want, detector, rng):
    """One block through the stages: propose, jitter, repair and validate,
    copies, score, accept."""
    label = record.label
    seed = seed_from(rng)
    gen_rows, ref_rows = stages.generation_rows(state, label, held_out)
    record.sampler, block = stages.propose(
        state, gen_rows, label, n_want, seed, record.holdout_folds
    )
    gen_real = state.frame.iloc[gen_rows][state.y[gen_rows] == label]
    if record.jitter is None:
        record.jitter = _jitter_scale(state, record, block, gen_real, held_out, seed)
    stages.jitter(block, state, gen_real, record.jitter, rng)
    stages.repair_and_validate(block, state, label, seed)
    stages.find_copies(block, state, label, record.seen_keys)
    if stages.score(block, state, detector, ref_rows, seed):
        stages.accept(block, state, rng)
    block.candidates = block.candidates.reset_index(drop=True)
    return block


def _jitter_scale(state, record, block: Block, gen_real, held_out, seed) -> float:
    """The user's jitter, or the one ``"auto"`` chooses on the first block."""
    if state.settings.jitter != "auto":
        return float(state.settings.jitter)
    ref_real = None
    if held_out is not None:
        ref_real = record.real.iloc[held_out]
    value = choose_jitter(
        block.raw, gen_real, ref_real, state.schema, state.rules, record.label, seed
    )
    logger.info("class %r: jitter %.2f chosen", record.label, value)
    return value


def _class_detector(state: FitState, label, n_real: int):
    """The detector for this class, or None (with a warning) below 2 rows."""
    detector, cv = state.detector, state.settings.cv
    if detector is not None and n_real < 2:
        warnings.warn(
            f"Class {label!r} has {n_real} real row; the detector needs at "
            "least 2, so this class is filtered by rules and copies only.",
            SynthsieveWarning,
            stacklevel=5,
        )
        return None
    if detector is not None and n_real < cv:
        warnings.warn(
            f"Class {label!r} has {n_real} real rows, fewer than cv="
            f"{cv}; scoring it with {n_real}-fold cross-fitting.",
            SynthsieveWarning,
            stacklevel=5,
        )
    return detector


def _generation_folds(state: FitState, record: ClassRecord, rng) -> list:
    """Split the class's real rows (positions within the class) into folds.

    Returns a list of ``held_out`` index arrays; a single ``None`` means
    in-sample scoring (the generator and the detector see the same rows). Sets
    ``record.holdout_folds``.
    """
    settings = state.settings
    n_real = len(record.real)
    k = settings.holdout_folds
    if k == "auto":  # in-sample only where the jitter checks the distance
        k = 1 if settings.jitter != 0 and state.schema.jittered else 2
    record.holdout_folds = k
    if k == 1:
        return [None]
    if n_real // k < max(settings.cv, MIN_FOLD_ROWS):
        record.holdout_folds = 1
        warnings.warn(
            f"Class {record.label!r} has {n_real} real rows, too few for "
            f"holdout_folds={k} (each fold needs at least max(cv, "
            f"{MIN_FOLD_ROWS}) = {max(settings.cv, MIN_FOLD_ROWS)} rows); its "
            "candidates are scored against the "
            "same real rows that generated them.",
            SynthsieveWarning,
            stacklevel=5,
        )
        return [None]
    perm = rng.permutation(n_real)
    return [np.sort(part) for part in np.array_split(perm, k)]


def round_size(settings, still: int, done: int, accepted: int, n_columns: int) -> int:
    """Candidates to ask for: `candidate_factor` per row still needed, more in
    later rounds when few of the `done` candidates were `accepted`, within
    `ROUND_CELLS`."""
    base = max(1, math.ceil(settings.candidate_factor * still))
    if not done:
        return base
    rate = accepted / done
    factor = min(
        10 * settings.candidate_factor,
        max(settings.candidate_factor, 1.2 / max(rate, 1e-3)),
    )
    cap = max(base, ROUND_CELLS // max(1, n_columns))
    return min(max(1, math.ceil(factor * still)), cap)
