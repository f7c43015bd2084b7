"""The stages of a round: propose, jitter, repair and validate, exact copies,
score, accept, class consistency, near copies.

The near-copy search (a nearest-neighbour search among the real rows) runs on
the accepted candidates only, after the cheap checks and the detector: about one
candidate in five, so a fifth of the search.

Each stage is a function of a :class:`~._state.Block` and the fit's
:class:`~._state.FitState`; it updates the block (its candidates, reasons and
scores) and returns nothing else the round needs.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from joblib import Parallel, delayed
from sklearn.base import clone
from sklearn.model_selection import StratifiedKFold

from .._input import all_float64
from .._runtime import small_data_threads
from .._seeds import Streams
from .._tabular import row_keys, sorted_isin
from ._checks import (
    check_columns_returned,
    check_new_labels,
    check_new_rows,
    check_scores,
    sampler_failed,
)
from ._jitter import LocalSpread, add_jitter
from ._smote import smote_values
from ._state import ROW_BLOCK, Block, FitState

__all__ = [
    "accept",
    "check_consistency",
    "find_copies",
    "find_near_copies",
    "jitter",
    "propose",
    "repair_and_validate",
    "score",
    "Scorer",
]

_EPS = 1e-6

#: Above this many candidates outside the detector's sample, one model fitted on
#: the whole sample scores them (see ``max_detector_rows``).
_ONE_MODEL_ROWS = 65536

#: A class expected to need more candidates than this (``candidate_factor``
#: times the rows it needs) has the candidates outside the detector's sample
#: scored by one model fitted on the whole sample, in every round; a smaller
#: class by the mean of the fold models.
ONE_MODEL_CANDIDATES = 16384

#: Folds of the out-of-fold scores when one model scores the candidates
#: outside the detector's sample: the fold models then score only that sample
#: (at most ``max_detector_rows`` candidates) and the real rows, so fewer
#: folds cost fewer fits where the candidates are many.
ONE_MODEL_FOLDS = 2

#: The quantile of a fold's first density ratios that accepts with probability
#: 1 (``acceptance="density_ratio"``): the largest ratios are the noisiest, so
#: the maximum itself would let a few outliers set everyone's acceptance. The
#: ratios are heavy-tailed, so a lower quantile accepts many more candidates
#: per draw (measured in the speed evidence of the docs).
RATIO_QUANTILE = 0.9

#: Base-sampler candidates per block whose depths make the reference of
#: ``class_consistency="base"`` (an even sample of the block's).
_REFERENCE_ROWS = 2000
#: Depth levels holding fewer accepted candidates than this share do not set
#: the normalisation of ``class_consistency="base"`` (their ratio is noise).
_MIN_LEVEL_SHARE = 0.05


# --------------------------------------------------------------------------- #
# propose
# --------------------------------------------------------------------------- #


def generation_rows(state: FitState, label, held_out):
    """The rows the base sampler sees, and the real rows the detector compares
    the candidates with (positions in the training rows).

    With `held_out` (positions within the class), the base sampler runs without
    those real rows, and the detector compares the candidates with them: rows
    the generator never saw.
    """
    y = state.y
    in_class = np.flatnonzero(y == label)
    gen_mask = np.ones(len(y), dtype=bool)
    if held_out is None:
        ref = in_class
    else:
        gen_mask[in_class[held_out]] = False
        ref = in_class[held_out]
    if _uses_own_class_only(state.sampler):
        # SMOTE reads only the rows of the class it over-samples: hand it those
        # (and one row of another class, as imbalanced-learn wants two classes)
        # instead of a copy of the whole table. Same candidates.
        gen_mask[y != label] = False
        gen_mask[np.flatnonzero(y != label)[:1]] = True
    return np.flatnonzero(gen_mask), ref


def propose(
    state: FitState, gen_rows, label, n_want, seed, holdout_folds=1, neighbors=None
):
    """Ask the base sampler for about `n_want` rows of class `label`, from the
    rows `gen_rows`; returns the fitted base sampler, a new block and the
    base sampler's neighbour graph for the fold's later blocks (see
    :func:`~._smote.smote_values`; None for other samplers)."""
    X, y = state.gen_frame.iloc[gen_rows], state.y[gen_rows]
    s = clone(state.sampler)
    if _uses_own_class_only(s) and all_float64(X):
        # imbalanced-learn's SMOTE on the values: the same rows, without a
        # frame built around its whole output, and its neighbour graph of the
        # fold's rows computed once
        new, neighbors = smote_values(
            s, X, y, label, n_want, seed, holdout_folds, neighbors
        )
        return s, Block.proposed(new), neighbors
    params = s.get_params()
    if "random_state" in params:
        s.set_params(random_state=seed)
    n_label = int((y == label).sum())
    if "sampling_strategy" in params:
        s.set_params(sampling_strategy={label: n_label + n_want})
    try:
        try:
            Xr, yr = s.fit_resample(X, y)
        except ValueError:
            # Samplers that spread the rows asked for over the class's rows by
            # weights and round per row (ADASYN) make none, and raise, when
            # asked for few; ask once more for at least as many rows as the
            # class holds (the surplus is dropped after filtering).
            if "sampling_strategy" not in params or n_want >= n_label:
                raise
            s.set_params(sampling_strategy={label: 2 * n_label})
            Xr, yr = s.fit_resample(X, y)
    except ValueError as exc:
        raise sampler_failed(s, exc, label, n_label, holdout_folds) from exc
    n = len(X)
    if len(Xr) < n:
        raise ValueError(
            f"`sampler` ({type(s).__name__}) returned fewer rows than it got; "
            "it must be an over-sampler that appends rows."
        )
    check_columns_returned(s, X, Xr, label)
    yr = np.asarray(yr)
    check_new_labels(s, y, yr[n:], label)
    new = Xr.iloc[n:] if isinstance(Xr, pd.DataFrame) else Xr[n:]
    if not isinstance(new, pd.DataFrame):
        new = pd.DataFrame(np.asarray(new, dtype=object), columns=X.columns)
        new = new.astype(X.dtypes.to_dict())
    new.columns = X.columns
    new = new[yr[n:] == label].reset_index(drop=True)
    check_new_rows(s, new, state.schema.numeric, label)
    return s, Block.proposed(new), None


def _uses_own_class_only(sampler) -> bool:
    """True for base samplers known to read only the rows of the class they
    over-sample (imbalanced-learn's SMOTE, exactly: not its subclasses)."""
    from imblearn.over_sampling import SMOTE

    return type(sampler) is SMOTE


# --------------------------------------------------------------------------- #
# jitter, repair and validate, copies
# --------------------------------------------------------------------------- #


def local_spread(state: FitState, gen_real):
    """The :class:`~._jitter.LocalSpread` of the real rows `gen_real` that the
    jitter reads (None when it adds no noise: no integer or continuous column,
    or fewer than 3 rows)."""
    cols = state.schema.jittered
    if not cols or len(gen_real) < 3:
        return None
    return LocalSpread(gen_real[cols])


def jitter(
    block: Block, state: FitState, gen_real, scale: float, streams, spread=None
) -> None:
    """Add local Gaussian noise of `scale` to the candidates (see `add_jitter`:
    the block's ``"jitter"`` stream; `spread`, the fold's :func:`local_spread`,
    spares measuring it again)."""
    if scale > 0 and len(block):
        block.candidates = add_jitter(
            block.candidates, gen_real, state.schema, streams, scale, spread
        )


def repair_seed(streams) -> int:
    """The repair's seed: the block's ``"repair"`` stream (`choose_jitter`
    repairs its trial candidates with it too)."""
    return streams.child("repair").seed()


def repair_and_validate(block: Block, state: FitState, label, streams) -> None:
    """Repair the candidates (``on_invalid="repair"``), then reject what still
    breaks a rule, as ``"invalid: <rules>"``."""
    rules = state.rules
    if rules is None:
        return
    if state.settings.on_invalid == "repair":
        block.candidates = rules.repair(
            block.candidates, y=label, random_state=repair_seed(streams)
        )
    reasons = rules.reasons(block.candidates, y=label).to_numpy(dtype=object)
    block.reject(reasons != "", "invalid: " + reasons)


def find_copies(block: Block, state: FitState, label, seen_keys) -> None:
    """Reject exact copies of real rows (by hashing), and duplicates of this
    block's or earlier rounds' accepted candidates (`seen_keys`, their sorted
    row keys). Near copies are searched after acceptance
    (`find_near_copies`)."""
    block.keys = row_keys(block.candidates)
    if state.copies is None:
        return
    copy = state.copies.is_copy(block.candidates, keys=block.keys)
    block.reject(copy, "copy")
    dup = pd.Series(block.keys).duplicated().to_numpy() | sorted_isin(
        block.keys, seen_keys
    )
    block.reject(dup, "duplicate")


def find_near_copies(block: Block, state: FitState, label) -> None:
    """Reject the accepted candidates that lie nearer a real row than the
    copy detector's threshold, as ``"near_copy"``."""
    if state.copies is None:
        return
    rows = np.flatnonzero(block.valid)
    if len(rows):
        flag = state.copies.flag(
            block.candidates.iloc[rows], y=label, keys=block.keys[rows]
        )
        mask = np.zeros(len(block), dtype=bool)
        mask[rows] = flag != ""
        why = np.full(len(block), "", dtype=object)
        why[rows] = flag
        block.reject(mask, why)


# --------------------------------------------------------------------------- #
# score and accept
# --------------------------------------------------------------------------- #


@dataclass
class Scorer:
    """A fold's detector, fitted on the first block of a round: scores later
    blocks with a model that never saw them, and normalises their density
    ratios like the first block's."""

    model: object
    ratio_scale: float
    real_scores: np.ndarray

    def predict(self, C: np.ndarray) -> np.ndarray:
        scores = _score_rest(self.model, C, np.arange(len(C)))
        check_scores(scores, self.model)
        return np.clip(scores, _EPS, 1 - _EPS)


def score(
    block: Block,
    state: FitState,
    detector,
    ref_rows,
    streams,
    scorer=None,
    one_model=False,
):
    """Score the valid candidates against the real rows `ref_rows` (positions
    in the training rows). Without a `scorer` (a generation fold's first
    block), the detector is trained out of fold on this block and returns the
    `Scorer` for the fold's later blocks and rounds (one model fitted on the
    whole sample with `one_model`, else the fold models); with one, they are
    scored by it. None when there is nothing to score."""
    valid = block.valid
    if detector is None or valid.sum() < 2:
        return None
    C = state.features.transform(block.candidates[valid])
    if scorer is not None:
        block.scores[valid] = scorer.predict(C)
        return scorer
    R = state.features.transform(state.frame.iloc[ref_rows])
    s_c, s_r, model = out_of_fold(detector, R, C, streams, state.settings, one_model)
    block.scores[valid] = s_c
    block.real_scores = s_r
    ratio = (1 - s_c) / s_c
    return Scorer(model, float(np.quantile(ratio, RATIO_QUANTILE)), s_r)


def accept(block: Block, state: FitState, scorer: Scorer, rng) -> None:
    """Reject the scored candidates the acceptance rule does not keep, as
    ``"detectable"``."""
    valid = np.flatnonzero(block.valid)
    s_cand, s_real = block.scores[valid], scorer.real_scores
    settings = state.settings
    if settings.acceptance == "density_ratio":
        ratio = (1 - s_cand) / s_cand
        keep = rng.random(len(s_cand)) < np.minimum(1.0, ratio / scorer.ratio_scale)
    elif settings.acceptance == "threshold":
        keep = s_cand <= np.quantile(s_real, settings.threshold_quantile)
    else:
        n_keep = len(s_cand) - int(round(settings.rejection_rate * len(s_cand)))
        keep = np.zeros(len(s_cand), dtype=bool)
        keep[np.argsort(s_cand, kind="stable")[:n_keep]] = True
    block.reason[valid[~keep]] = "detectable"


def check_consistency(block: Block, state: FitState, label, rng, reference=None):
    """Reject accepted candidates for sitting deeper in other classes' regions
    than ``class_consistency`` allows, as ``"other_class"``; returns the
    reference depths of ``"base"`` (None otherwise).

    Depth is the share of other classes' rows among a row's nearest real rows
    (:class:`~synthsieve._overlap.ClassOverlap`). With ``"base"``, the
    accepted candidates are thinned, depth level by depth level, so that
    their depths follow those of the base sampler's own candidates (before
    the jitter): rejection sampling with the ratio of the two histograms,
    normalised by its largest value over the levels that hold at least
    `_MIN_LEVEL_SHARE` of the accepted candidates. The base candidates'
    depths are measured once per generation fold, on an even sample of at
    most `_REFERENCE_ROWS` of its first block's (`reference`, passed back for
    the fold's later blocks and rounds: they come from the same base
    sampler). With a number ``q``, a candidate deeper than the ``q`` quantile
    of the class's real rows' own depths (each among the other real rows) is
    rejected, unless every accepted candidate of the block is (on nominal
    data, all can be): then only those deeper than the shallowest of them
    are. It runs on the accepted candidates only (about one in five), after
    the detector.
    """
    setting = state.settings.class_consistency
    if setting is None or state.overlap is None:
        return reference
    if setting == "base" and reference is None and len(block.raw):
        raw = block.raw.iloc[:: max(1, len(block.raw) // _REFERENCE_ROWS)]
        reference = state.overlap.share(raw, label)
    rows = np.flatnonzero(block.valid)
    if not len(rows):
        return reference
    share = state.overlap.share(block.candidates.iloc[rows], label)
    if setting == "base":
        drop = ~_match_depths(share, reference, state.overlap.levels, rng)
    else:
        drop = share > state.overlap.limit(label, setting) + 1e-12
        if drop.all():  # nothing this shallow: keep the shallowest level
            drop = share > share.min() + 1e-12
    mask = np.zeros(len(block), dtype=bool)
    mask[rows] = drop
    block.reject(mask, "other_class")
    return reference


def _match_depths(share, ref, n_levels: int, rng) -> np.ndarray:
    """Which of the rows of depths `share` to keep so that the kept rows'
    depths follow the histogram of `ref` (both shares of k neighbours)."""
    levels = np.rint(share * (n_levels - 1)).astype(int)
    ref_levels = np.rint(ref * (n_levels - 1)).astype(int)
    p_acc = np.bincount(levels, minlength=n_levels) / len(levels)
    p_ref = np.bincount(ref_levels, minlength=n_levels) / max(1, len(ref_levels))
    ratio = np.divide(p_ref, p_acc, out=np.zeros(n_levels), where=p_acc > 0)
    common = p_acc >= _MIN_LEVEL_SHARE
    scale = ratio[common].max() if common.any() and ratio[common].max() > 0 else 1.0
    prob = np.minimum(1.0, ratio / scale)
    return rng.random(len(levels)) < prob[levels]


def out_of_fold(detector, R, C, streams, settings, one_model=False):
    """Out-of-fold P(synthetic) for candidates C and real rows R, and the model
    that scores candidates outside the detector's sample.

    The detector is trained on the real rows against at most
    ``min(max_detector_rows, max(500, 10 * n_real))`` candidates; a candidate in
    the training sample is scored by the fold model that did not see it, every
    other candidate by the mean of the fold models, none of which saw it. With
    `one_model`, or when those are many (over 65,536), one model fitted on the
    whole sample scores them instead (k times fewer predictions), and the
    out-of-fold scores of the sample come from at most ``ONE_MODEL_FOLDS``
    folds. The returned model (the list of fold models or that one model)
    scores the later blocks and rounds too. The sample and the folds draw from
    the ``"sample"`` and ``"folds"`` children of `streams` (a
    :class:`~synthsieve._seeds.Streams`, or anything
    :meth:`~synthsieve._seeds.Streams.of` takes).
    """
    streams = Streams.of(streams)
    rng = streams.child("sample").generator()
    n_r, n_c = len(R), len(C)
    n_train = min(n_c, settings.max_detector_rows, max(500, 10 * n_r))
    train_idx = np.sort(rng.choice(n_c, n_train, replace=False))
    rest = np.setdiff1d(np.arange(n_c), train_idx)
    Xd = np.vstack([R, C[train_idx]])
    labels = np.r_[np.zeros(n_r, dtype=int), np.ones(n_train, dtype=int)]
    one_model = one_model or len(rest) > _ONE_MODEL_ROWS
    k = min(settings.cv, n_r, n_train)
    if one_model:  # the folds score the detector's sample only
        k = min(k, ONE_MODEL_FOLDS)
    folds = StratifiedKFold(k, shuffle=True, random_state=streams.child("folds").seed())
    oof = np.empty(len(labels))
    # the folds are independent: fitted in parallel with n_jobs, in fold order,
    # so the scores do not depend on n_jobs
    results = Parallel(n_jobs=settings.n_jobs)(
        delayed(_fit_fold)(detector, Xd, labels, tr, te)
        for tr, te in folds.split(Xd, labels)
    )
    for te, p_te, _ in results:
        oof[te] = p_te
    if one_model:
        with small_data_threads(len(Xd)):
            model = clone(detector).fit(Xd, labels)
    else:
        model = [m for _, _, m in results]
    s_cand = np.empty(n_c)
    s_cand[train_idx] = oof[n_r:]
    if len(rest):
        s_cand[rest] = _score_rest(model, C, rest)
    check_scores(oof, detector)
    check_scores(s_cand, detector)
    clip = (_EPS, 1 - _EPS)
    return np.clip(s_cand, *clip), np.clip(oof[:n_r], *clip), model


def _score_rest(model, C, rows) -> np.ndarray:
    """P(synthetic) of ``C[rows]`` by one model, or the mean of a list of them."""
    models = model if isinstance(model, list) else [model]
    out = np.zeros(len(rows))
    for m in models:
        out += _predict_chunked(m, C, rows, list(m.classes_).index(1)) / len(models)
    return out


def _fit_fold(detector, Xd, labels, tr, te):
    """Fit one fold's detector; its scores of the fold's held-out rows, and it."""
    with small_data_threads(len(Xd)):
        model = clone(detector).fit(Xd[tr], labels[tr])
    col = list(model.classes_).index(1)
    with small_data_threads(len(te)):
        return te, model.predict_proba(Xd[te])[:, col], model


def _predict_chunked(model, C, rows, col) -> np.ndarray:
    """``model.predict_proba(C[rows])[:, col]``, in blocks of `ROW_BLOCK` rows, so
    that no copy of all of ``C[rows]`` is made."""
    out = np.empty(len(rows))
    with small_data_threads(len(rows)):
        for start in range(0, len(rows), ROW_BLOCK):
            part = rows[start : start + ROW_BLOCK]
            out[start : start + len(part)] = model.predict_proba(C[part])[:, col]
    return out
