"""One class's rounds: blocks of candidates through the stages until the class
has what it needs.

A round asks for its candidates in blocks of bounded size. The first block of
each generation fold trains the fold's detector (out of fold) and leaves a
scorer for the fold's later blocks and rounds (the candidates of every round
come from the same base sampler, so one detector estimates their density ratio;
none of them trained it). The later blocks run in parallel through joblib
(``n_jobs``, or any joblib backend such as Dask), in waves, and the round stops
at the first block after which it has what it needs. Every block draws from its
own random streams (one per stage, spawned from the class's stream by round and
block: see :mod:`synthsieve._seeds`), and blocks are folded into the record in
their planned order, so the output does not depend on ``n_jobs`` or the
backend.
"""

from __future__ import annotations

import logging
import math
import warnings
from dataclasses import dataclass
from functools import partial

import numpy as np
from joblib import Parallel, delayed, effective_n_jobs

from .._runtime import progress
from .._seeds import Streams
from .._values import label_repr
from .._warn import SynthsieveWarning
from . import _stages as stages
from ._jitter import choose_jitter, wants_least_jitter
from ._record import ClassRecord
from ._selection import SELECTION_POOL, herding, wants_selection
from ._state import Block, FitState, FoldCache

__all__ = ["resample_class", "round_size"]

logger = logging.getLogger(__name__)

#: Cells (candidates x columns) a later round may grow to when the acceptance
#: rate is low; the first round's ``candidate_factor * still needed`` is always
#: allowed.
ROUND_CELLS = 2**24

#: Fewest real rows per generation fold (see ``holdout_folds``).
MIN_FOLD_ROWS = 10


def resample_class(state: FitState, label, need: int, streams: Streams):
    """Run the rounds for class `label` until `need` rows are accepted or
    ``max_rounds`` is spent; settle a shortfall.

    Returns the class's record and the warnings raised on the way (re-issued
    by the caller, so that they reach the user from any joblib worker).
    """
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            record = _resample_class(state, label, need, streams)
        except Exception as exc:
            exc.synthsieve_warnings = list(caught)  # re-issued by the caller
            raise
    return record, caught


def _resample_class(state: FitState, label, need: int, streams) -> ClassRecord:
    settings = state.settings
    real = state.frame[state.y == label]
    selection = settings.selection
    if selection == "auto" and settings.class_consistency is None:
        selection = None  # the most realistic rows: each accepted on its own
    select = wants_selection(selection, need, real.shape[1], len(state.schema.binary))
    # the rows the rounds look for: with a set selection, a pool to choose from
    pool = math.ceil(SELECTION_POOL * need) if select else need
    record = ClassRecord(
        label=label,
        needed=need,
        real=real,
        max_rejected_rows=settings.max_rejected_rows,
    )
    detector = _class_detector(state, label, len(real))
    useful = settings.class_consistency is not None  # None: the most realistic
    if useful and settings.jitter == "auto" and wants_least_jitter(pool, len(real)):
        record.least_jitter = True  # the rows would be mostly noise: the least
    folds = _generation_folds(state, record, streams.child("folds").generator())
    caches = [FoldCache()] * len(folds)  # each fold's, from its first block on
    one_model = settings.candidate_factor * pool > stages.ONE_MODEL_CANDIDATES
    if state.copies is not None:  # copies allowed: every row is possible
        record.domain = class_domain(state.schema, state.frame, real)
    bar = BlockBar(settings.verbose, f"class {label_repr(label)}", pool)
    r = 0
    for r in range(1, settings.max_rounds + 1):
        still = pool - record.n_accepted
        full = record.domain is not None and record.domain.full
        if still <= 0 or full or record.copies_only():
            r -= 1  # done, or no new row can be made: no more rounds
            break
        n_want = round_size(
            settings, still, record.candidates, record.n_accepted, real.shape[1]
        )
        record.start_round(r, still)
        n_cand = _run_round(
            state,
            record,
            folds,
            caches,
            n_want,
            detector,
            one_model,
            streams.child("round", r),
            bar,
        )
        n_acc = record.end_round(streams.child("surplus", r).generator())
        logger.info(
            "class %r round %d: %d candidates, %d accepted, %d still needed",
            label,
            r,
            n_cand,
            n_acc,
            still - n_acc,
        )
    record.rounds = r
    bar.close()
    screen = (
        None if state.copies is None else partial(_near_copies, state.copies, label)
    )
    if select and record.n_accepted >= need and settings.shortfall == "fill":
        record.fill(pool - record.n_accepted, screen)  # a fuller pool, quietly
    # a shortfall is of the rows needed (record.needed), not of the pool
    record.settle_shortfall(settings.shortfall, settings.max_rounds, screen)
    if select:
        _select(state, record)
    return record


def _select(state: FitState, record: ClassRecord) -> None:
    """Keep the ``record.needed`` accepted rows that kernel herding chooses
    towards the class's real rows (see :func:`~._selection.wants_selection`)."""
    rows = record.accepted_rows()
    if len(rows) > record.needed:
        encode = state.features.transform  # what the detector sees of a row
        chosen = herding(encode(rows), encode(record.real), record.needed)
        record.keep_accepted(np.sort(chosen), rows)


@dataclass(frozen=True)
class ClassDomain:
    """How many distinct rows the columns allow, where that is finite.

    When every column is binary or nominal, a valid row combines one of the
    values each column takes in the training data: `possible` is the product
    of their counts (None when some column is integer or continuous). A
    candidate equal to any training row is a copy, so only `possible -
    taken` new rows exist; `distinct` counts the class's own distinct rows.
    """

    distinct: int
    possible: int | None = None
    taken: int = 0
    values: tuple = ()

    @property
    def full(self) -> bool:
        """The training rows hold every row the columns allow: no new row
        can be made."""
        return self.possible is not None and self.taken >= self.possible

    def explain(self) -> str:
        """Why candidates come out as copies, in a sentence."""
        if self.possible is None:
            return (
                f"the class has only {self.distinct:,} distinct "
                f"row{'s' if self.distinct != 1 else ''}, and the "
                "candidates made from the class were copies of real rows or of each "
                "other"
            )
        counts = " x ".join(str(v) for v in self.values)
        return (
            f"its columns allow at most {self.possible:,} distinct rows ({counts} "
            f"values) and the training data already holds {self.taken:,} of them "
            f"({self.distinct:,} in this class)"
            + (", so no new row can be made" if self.full else "")
        )


def class_domain(schema, frame, real) -> ClassDomain:
    """The :class:`ClassDomain` of a class with real rows `real`, among the
    training rows `frame`."""
    distinct = len(real.drop_duplicates())
    if not all(c.kind in ("binary", "nominal") for c in schema.columns):
        return ClassDomain(distinct)
    values = tuple(
        2 if c.kind == "binary" else len(c.categories) for c in schema.columns
    )
    return ClassDomain(
        distinct, math.prod(values), len(frame.drop_duplicates()), values
    )


def _near_copies(copies, label, rows) -> np.ndarray:
    """True where a row is a copy or near copy of a real row."""
    return copies.flag(rows, y=label) != ""


def _plan(settings, n_want: int, n_folds: int, n_columns: int) -> list:
    """(fold, rows) per block: every fold's first block, then the others in
    turn across the folds."""
    size = max(settings.min_block_rows, settings.block_cells // max(1, n_columns))
    per_fold = max(1, math.ceil(n_want / n_folds))
    n_blocks = math.ceil(per_fold / size)
    sizes = [
        min(size, per_fold - b * size) for b in range(n_blocks)
    ]  # the last one smaller
    return [(f, sizes[b]) for b in range(n_blocks) for f in range(n_folds)]


class BlockBar:
    """One progress bar over a class's blocks (``verbose`` >= 1), showing the
    candidates made and the rows accepted so far, out of `aim` (the rows the
    rounds look for); nothing when quiet."""

    def __init__(self, verbose, desc: str, aim: int):
        self._bar = progress(None, verbose=verbose, desc=desc) if verbose else None
        self.accepted, self.aim = 0, aim
        if self._bar is not None:
            self._bar.unit = "block"

    def block(self, record: ClassRecord, accepted: int) -> None:
        """Count one block, `accepted` of whose candidates were accepted."""
        self.accepted += accepted
        if self._bar is None:
            return
        self._bar.update(1)
        self._bar.set_postfix(
            candidates=record.candidates,
            accepted=f"{min(self.accepted, self.aim)}/{self.aim}",
        )

    def close(self) -> None:
        if self._bar is not None:
            self._bar.close()


def _run_round(
    state, record, folds, caches, n_want, detector, one_model, streams, bar
) -> int:
    """Run one round's blocks, in waves, until the round has what it needs;
    block j draws from the round's `streams` child ``("block", j)``.

    `caches` holds each generation fold's :class:`FoldCache`, which its first
    block fills (updated in place)."""
    plan = _plan(state.settings, n_want, len(folds), state.frame.shape[1])
    n_folds = len(folds)
    n_cand = 0

    def block_args(j, f, n):
        """`run_block`'s arguments for block j of the plan (fold f, n rows)."""
        return (
            state,
            record.label,
            record.real,
            folds[f],
            n,
            detector,
            streams.child("block", j),
            "least" if record.least_jitter and record.jitter is None else record.jitter,
            record.holdout_folds,
            caches[f],
            one_model,
            record.seen_keys,
        )

    # a fold's first block, in the first round, trains its detector
    first = [
        (j, (f, n))
        for j, (f, n) in enumerate(plan[:n_folds])
        if caches[f].scorer is None
    ]
    for j, (f, n) in first:
        block, record.sampler, record.jitter, caches[f] = run_block(
            *block_args(j, f, n)
        )
        bar.block(record, record.add_block(block, f))
        n_cand += len(block)
    rest = list(enumerate(plan))[len(first) :]
    wave = max(1, effective_n_jobs(state.settings.n_jobs))
    while rest and not record.round_full():
        now, rest = rest[:wave], rest[wave:]
        results = Parallel(n_jobs=state.settings.n_jobs)(
            delayed(run_block)(*block_args(j, f, n)) for j, (f, n) in now
        )
        for (j, (f, _)), (block, sampler, _, _) in zip(now, results):
            if record.round_full():
                break  # blocks past the one that filled the round are dropped
            record.sampler = sampler
            bar.block(record, record.add_block(block, f))
            n_cand += len(block)
    return n_cand


def run_block(
    state: FitState,
    label,
    real,
    held_out,
    n_want,
    detector,
    streams: Streams,
    jitter,
    holdout_folds,
    cache=FoldCache(),
    one_model=False,
    seen_keys=np.zeros(0, dtype=np.uint64),
):
    """One block through the stages: propose, jitter, repair and validate,
    exact copies, score, accept, class consistency, near copies. Returns the
    block, the fitted base sampler, the jitter scale (chosen here when
    `jitter` is None, or ``"least"`` for the least noise: see
    :func:`~._jitter.wants_least_jitter`) and the fold's :class:`FoldCache`,
    with what `cache` lacked made here (a first block trains the fold's detector).

    Each stage that draws takes its own child of the block's `streams`, named
    after the stage, so that a stage switched off or drawing more leaves the
    others' draws unchanged."""
    gen_rows, ref_rows = stages.generation_rows(state, label, held_out)
    sampler, block, neighbors = stages.propose(
        state,
        gen_rows,
        label,
        n_want,
        streams.child("propose").seed(),
        holdout_folds,
        cache.neighbors,
    )
    gen_real = state.frame.iloc[gen_rows][state.y[gen_rows] == label]
    choose = jitter is None or jitter == "least"
    spread = cache.spread
    if spread is None and (choose or jitter > 0):
        spread = stages.local_spread(state, gen_real)
    if choose:
        jitter = _jitter_scale(
            state, label, real, block, gen_real, held_out, streams, spread, jitter
        )
    stages.jitter(block, state, gen_real, jitter, streams, spread)
    stages.repair_and_validate(block, state, label, streams)
    stages.find_copies(block, state, label, seen_keys)
    scorer = stages.score(
        block,
        state,
        detector,
        ref_rows,
        streams.child("score"),
        cache.scorer,
        one_model,
    )
    if scorer is not None:
        stages.accept(block, state, scorer, streams.child("accept").generator())
    reference = stages.check_consistency(
        block, state, label, streams.child("consistency").generator(), cache.reference
    )
    stages.find_near_copies(block, state, label)
    block.candidates = block.candidates.reset_index(drop=True)
    return block, sampler, jitter, FoldCache(scorer, reference, neighbors, spread)


def _jitter_scale(
    state, label, real, block: Block, gen_real, held_out, streams, spread, mode
):
    """The user's jitter, or the one ``"auto"`` chooses on the first block
    (`mode` ``"least"``: the least noise that keeps the candidates from being
    near copies, none where copies are allowed)."""
    if state.settings.jitter != "auto":
        return float(state.settings.jitter)
    near_copies = None
    if mode == "least":
        if state.copies is None:
            return 0.0
        near_copies = partial(_near_copies, state.copies, label)
    ref_real = None if held_out is None else real.iloc[held_out]
    value = choose_jitter(
        block.raw,
        gen_real,
        ref_real,
        state.schema,
        state.rules,
        label,
        streams,
        repair_seed=stages.repair_seed(streams),
        spread=spread,
        near_copies=near_copies,
    )
    logger.info("class %r: jitter %.2f chosen", label, value)
    return value


def _class_detector(state: FitState, label, n_real: int):
    """The detector for this class, or None (with a warning) below 2 rows."""
    detector, cv = state.detector, state.settings.cv
    if detector is not None and n_real < 2:
        warnings.warn(
            f"Class {label_repr(label)} has {n_real} real row; the detector needs at "
            "least 2, so this class is filtered by rules and copies only.",
            SynthsieveWarning,
            stacklevel=5,
        )
        return None
    if detector is not None and n_real < cv:
        warnings.warn(
            f"Class {label_repr(label)} has {n_real} real rows, fewer than cv="
            f"{cv}; scoring it with {n_real}-fold cross-fitting.",
            SynthsieveWarning,
            stacklevel=5,
        )
    return detector


def _generation_folds(state: FitState, record: ClassRecord, rng) -> list:
    # rng: a numpy Generator, the class's "folds" stream
    """Split the class's real rows (positions within the class) into folds.

    Returns a list of ``held_out`` index arrays; a single ``None`` means
    in-sample scoring (the generator and the detector see the same rows). Sets
    ``record.holdout_folds``.
    """
    settings = state.settings
    n_real = len(record.real)
    k = settings.holdout_folds
    small = n_real // 2 < max(settings.cv, MIN_FOLD_ROWS)
    if k == "auto":  # in-sample only where the jitter checks the distance
        jittered = settings.jitter != 0 and not record.least_jitter
        k = 1 if (jittered and state.schema.jittered) or small else 2
    record.holdout_folds = k
    if k == 1:
        return [None]
    if n_real // k < max(settings.cv, MIN_FOLD_ROWS):
        record.holdout_folds = 1
        warnings.warn(
            f"Class {label_repr(record.label)} has {n_real} real rows, too few for "
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
