"""What the filter decided for one class: accepted, rejected, kept for a shortfall.

Blocks are folded into the record as they come (`add_block`), so that a fit holds
at most the output, the rejected candidates' metadata, the capped features of
the rejected ones and, per block, the few candidates that could fill a
shortfall.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from pandas.api import types as ptypes

from .._tabular import sorted_isin, sorted_union
from .._values import label_repr
from .._warn import ShortfallWarning
from ..report import ClassOutcome
from ._state import Block

__all__ = ["META", "ClassRecord", "feature_names", "rejected_frame"]

#: The columns of ``rejected_`` before the features.
META = ("class", "round", "candidate", "reason", "score")
ACCEPTED_COLUMNS = ["class", "round", "score", "filled"]
#: Rejection reasons that mean "a copy": of a real row, near one, or of another
#: candidate.
COPY_REASONS = ("copy", "near_copy", "duplicate")
#: First-round raw candidates kept for the report (its measures sample them).
RAW_ROWS = 50000
#: No row keys (``_tabular.row_keys`` gives one uint64 per row).
_NO_KEYS = np.zeros(0, dtype=np.uint64)


def feature_names(columns) -> dict:
    """Renames for feature columns whose names clash with `rejected_`'s own."""
    return {c: f"{c}_feature" for c in columns if c in META}


@dataclass
class _Round:
    """The running state of one round."""

    r: int
    still: int
    offset: int = 0
    accepted: int = 0
    keys: np.ndarray = field(default_factory=lambda: _NO_KEYS)  # sorted, unique
    pool_scores: list = field(default_factory=list)  # (fold, candidate, score)
    pool_rows: list = field(default_factory=list)  # frames with "_candidate"
    pending: list = field(default_factory=list)  # accepted: (rows, scores, keys)
    copy_like: dict = field(default_factory=dict)  # copies, near copies, duplicates

    def trim_pool(self) -> None:
        """Keep, per fold, the rows of the `still` least detectable candidates:
        a shortfall never takes more from one fold, so the pool stays bounded."""
        rows = pd.concat(self.pool_rows, ignore_index=True)
        order = np.argsort(rows["_score"].to_numpy(), kind="stable")
        fold = rows["_fold"].to_numpy()[order]
        keep = np.concatenate([order[fold == f][: self.still] for f in pd.unique(fold)])
        self.pool_rows = [rows.take(np.sort(keep)).reset_index(drop=True)]


@dataclass
class ClassRecord:
    """One class's rounds: what was accepted, rejected and kept to fill a
    shortfall, with the counts the report reads."""

    label: object
    needed: int
    real: pd.DataFrame
    max_rejected_rows: int | None = None
    holdout_folds: int = 1
    jitter: float | None = None
    #: ``jitter="auto"`` gives this class the least noise (see
    #: ``_jitter.wants_least_jitter``).
    least_jitter: bool = False
    sampler: object = None
    rounds: int = 0
    candidates: int = 0
    filled: int = 0
    rejected_counts: dict = field(default_factory=dict)
    real_scores: list = field(default_factory=list)
    raw_first_round: pd.DataFrame | None = None
    #: The row keys of the accepted candidates of the rounds so far (sorted).
    seen_keys: np.ndarray = field(default_factory=lambda: _NO_KEYS)
    #: The class's ClassDomain (see ``_rounds.class_domain``), or None.
    domain: object = None
    #: Why the class fell short, when known (for the report).
    note: str = ""
    _accepted: list = field(default_factory=list)
    _accepted_meta: list = field(default_factory=list)
    _rejected_meta: list = field(default_factory=list)
    _rejected_rows: list = field(default_factory=list)
    _n_rejected_rows: int = 0
    _rounds: list = field(default_factory=list)
    _n_accepted: int = 0

    @property
    def n_accepted(self) -> int:
        return self._n_accepted

    # ------------------------------------------------------------ rounds

    def start_round(self, r: int, still: int) -> None:
        self._rounds.append(_Round(r, still))

    def round_full(self) -> bool:
        """True once the current round has accepted what it still needed."""
        rd = self._rounds[-1]
        return rd.accepted >= rd.still

    def add_block(self, block: Block, fold: int) -> int:
        """Fold one block of the current round into the record; returns how
        many of its candidates were accepted. Accepted candidates equal to one
        an earlier block of the round accepted become ``"duplicate"``."""
        rd = self._rounds[-1]
        cand, reason, scores = block.candidates, block.reason, block.scores
        n = len(cand)
        index = rd.offset + np.arange(n)
        rd.offset += n
        self.candidates += n
        if len(block.real_scores):
            self.real_scores.append(block.real_scores)
        have = 0 if self.raw_first_round is None else len(self.raw_first_round)
        if rd.r == 1 and have < RAW_ROWS:
            raw = block.raw.iloc[: RAW_ROWS - have].reset_index(drop=True)
            self.raw_first_round = (
                raw
                if self.raw_first_round is None
                else pd.concat([self.raw_first_round, raw], ignore_index=True)
            )
        acc = np.flatnonzero(reason == "")
        if len(acc) and len(rd.keys):
            dup = sorted_isin(block.keys[acc], rd.keys)
            reason[acc[dup]] = "duplicate"
            acc = acc[~dup]
        rd.keys = sorted_union(rd.keys, block.keys[acc])
        rd.accepted += len(acc)
        rd.pending.append((cand.iloc[acc], scores[acc], block.keys[acc]))
        rej = np.flatnonzero(reason != "")
        if len(rej):
            self._rejected_meta.append(
                pd.DataFrame(
                    {
                        "class": self.label,
                        "round": rd.r,
                        "candidate": index[rej],
                        "reason": reason[rej],
                        "score": scores[rej],
                    }
                )
            )
            cap = self.max_rejected_rows
            room_rows = len(rej) if cap is None else max(0, cap - self._n_rejected_rows)
            if room_rows:
                keep = rej[:room_rows]
                self._rejected_rows.append(cand.iloc[keep].reset_index(drop=True))
                self._n_rejected_rows += len(keep)
        counts: dict = {}  # "invalid: <rules>" counted as "invalid"
        for key, count in (
            pd.Series(reason[rej], dtype=object).value_counts(sort=False).items()
        ):
            key = "invalid" if key.startswith("invalid") else key
            counts[key] = counts.get(key, 0) + int(count)
        for key, count in counts.items():
            self.rejected_counts[key] = self.rejected_counts.get(key, 0) + int(count)
            if key in COPY_REASONS:
                rd.copy_like[key] = rd.copy_like.get(key, 0) + int(count)
        # only "detectable" rejects can fill a shortfall: keep their scores, and
        # the rows of those that could be needed (the least detectable ones)
        pick = np.flatnonzero(reason == "detectable")
        if len(pick):
            rd.pool_scores.append(
                np.column_stack([np.full(len(pick), fold), index[pick], scores[pick]])
            )
            best = pick[np.argsort(scores[pick], kind="stable")[: rd.still]]
            rows = cand.iloc[best].reset_index(drop=True)
            rows.insert(0, "_candidate", index[best])
            rows.insert(1, "_fold", fold)
            rows.insert(2, "_score", scores[best])
            rd.pool_rows.append(rows)
            if sum(len(r) for r in rd.pool_rows) > 2 * rd.still:
                rd.trim_pool()
        return len(acc)

    def end_round(self, rng) -> int:
        """Commit the round's accepted candidates; beyond what it still needed,
        a seeded choice drops the rest (``"surplus"``, not listed). Returns how
        many were kept."""
        rd = self._rounds[-1]
        if not rd.pending:
            return 0
        rows = pd.concat([p[0] for p in rd.pending], ignore_index=True)
        scores = np.concatenate([p[1] for p in rd.pending])
        keys = np.concatenate([p[2] for p in rd.pending])
        rd.pending.clear()
        keep = np.arange(len(rows))
        if len(keep) > rd.still:
            extra = rng.choice(keep, len(keep) - rd.still, replace=False)
            keep = np.setdiff1d(keep, extra)
        self.seen_keys = sorted_union(self.seen_keys, keys[keep])
        self._n_accepted += len(keep)
        self._accepted.append(rows.iloc[keep])
        self._accepted_meta.append(
            pd.DataFrame(
                {
                    "class": self.label,
                    "round": rd.r,
                    "score": scores[keep],
                    "filled": False,
                }
            )
        )
        return len(keep)

    # ------------------------------------------------------------ shortfall

    def copies_only(self) -> bool:
        """True when the last round accepted nothing and at least 99 % of its
        candidates were copies of real rows or duplicates: more rounds would
        make the same ones."""
        if not self._rounds:
            return False
        rd = self._rounds[-1]
        n_copy = sum(rd.copy_like.values())
        return rd.accepted == 0 and rd.offset > 0 and n_copy >= 0.99 * rd.offset

    def _exhausted(self) -> str:
        """The reason, when most candidates were copies because the class's
        domain holds few new rows; '' otherwise."""
        if self.domain is None:
            return ""
        copy_like = sum(self.rejected_counts.get(k, 0) for k in COPY_REASONS)
        if not self.domain.full and copy_like < 0.5 * max(1, self.candidates):
            return ""
        share = (
            f"{copy_like:,} of its {self.candidates:,} candidates were copies, near "
            "copies or duplicates: "
            if self.candidates
            else ""
        )
        return (
            f"{share}{self.domain.explain()}. More rounds or candidates cannot "
            "help; instead over-sample with exact copies (imbalanced-learn's "
            "RandomOverSampler), weight the classes in the classifier "
            "(class_weight='balanced'), or accept fewer rows (shortfall='return')"
        )

    def settle_shortfall(self, shortfall: str, max_rounds: int, screen=None) -> None:
        """After the last round: raise, warn, or fill the missing rows with the
        least detectable candidates rejected as ``"detectable"``.

        `screen`, called on the rows a fill would take, is True where a row is
        a near copy (the near-copy search ran on accepted candidates only)."""
        n_got = self.n_accepted
        if n_got >= self.needed:
            self._drop_pools()
            return
        exhausted = self.note = self._exhausted()
        if self.rounds == 0:
            when = ", no candidates made"
        elif self.rounds < max_rounds:
            when = f", stopped after round {self.rounds} of max_rounds={max_rounds}"
        else:
            when = f" after max_rounds={max_rounds}"
        msg = (
            f"Class {label_repr(self.label)}: {n_got} of {self.needed} rows "
            f"accepted{when}" + (f"; {exhausted}" if exhausted else "")
        )
        if shortfall == "raise":
            raise RuntimeError(
                msg
                + (
                    "."
                    if exhausted
                    else "; raise `max_rounds` or `candidate_factor`, relax the "
                    "rules, or set shortfall='fill'."
                )
            )
        if shortfall == "return":
            warnings.warn(
                msg + "; returning fewer rows (shortfall='return').",
                ShortfallWarning,
                stacklevel=5,
            )
            self._drop_pools()
            return
        n_filled = self.fill(self.needed - n_got, screen)
        self._drop_pools()
        warnings.warn(
            msg + f"; filled {n_filled} with the least detectable remaining "
            "candidates (shortfall='fill').",
            ShortfallWarning,
            stacklevel=5,
        )

    def fill(self, missing: int, screen=None) -> int:
        """Fill up to `missing` rows with the least detectable candidates
        rejected as ``"detectable"`` (see :meth:`settle_shortfall`), quietly;
        returns how many were filled."""
        filled, near = self._fill(missing, screen)
        if near:
            meta = pd.concat(self._rejected_meta, ignore_index=True)
            hit = self._meta_rows(meta, near)
            meta.loc[hit, "reason"] = "near_copy"
            self._rejected_meta = [meta]
            self.rejected_counts["detectable"] -= len(near)
            self.rejected_counts["near_copy"] = self.rejected_counts.get(
                "near_copy", 0
            ) + len(near)
        if filled:
            meta = pd.concat(self._rejected_meta, ignore_index=True)
            self._drop_rejected(self._meta_rows(meta, filled))
            self.rejected_counts["detectable"] -= len(filled)
            self.filled += len(filled)
        return len(filled)

    @staticmethod
    def _meta_rows(meta: pd.DataFrame, which: set) -> np.ndarray:
        """Mask of the rejected candidates whose (round, candidate) is in `which`."""
        taken = pd.MultiIndex.from_tuples(sorted(which))
        return pd.MultiIndex.from_arrays([meta["round"], meta["candidate"]]).isin(taken)

    def _fill(self, missing: int, screen=None) -> tuple[set, set]:
        """Fill with the least detectable rejects that are not near copies;
        returns the (round, candidate) filled and those found near copies.

        Scores of different detectors are never compared: within a round, each
        fold detector's candidates are ranked by their quantile among that
        detector's own scores."""
        filled, near = set(), set()
        for rd in reversed(self._rounds):
            if missing <= 0:
                break
            if not rd.pool_scores:
                continue
            pool = np.vstack(rd.pool_scores)
            fold, index, scores = pool[:, 0], pool[:, 1].astype(np.int64), pool[:, 2]
            quantile = np.empty(len(index))
            for b in np.unique(fold):
                sel = fold == b
                ranks = np.argsort(np.argsort(scores[sel], kind="stable"))
                quantile[sel] = (ranks + 0.5) / sel.sum()
            order = np.argsort(quantile, kind="stable")
            rows = pd.concat(rd.pool_rows, ignore_index=True).set_index("_candidate")
            order = order[np.isin(index[order], rows.index)]
            chosen = (
                rows.loc[index[order]]
                .drop(columns=["_fold", "_score"])
                .reset_index(drop=True)
            )
            if screen is not None and len(chosen):
                bad = np.asarray(screen(chosen), dtype=bool)
                near.update((rd.r, int(i)) for i in index[order[bad]])
                order, chosen = order[~bad], chosen[~bad].reset_index(drop=True)
            order, chosen = order[:missing], chosen.iloc[:missing]
            self._accepted.append(chosen)
            self._accepted_meta.append(
                pd.DataFrame(
                    {
                        "class": self.label,
                        "round": rd.r,
                        "score": scores[order],
                        "filled": True,
                    }
                )
            )
            self._n_accepted += len(order)
            filled.update((rd.r, int(i)) for i in index[order])
            missing -= len(order)
        return filled, near

    def _drop_rejected(self, drop: np.ndarray) -> None:
        """Remove the rejected candidates in `drop` (a mask over all of them)."""
        meta = pd.concat(self._rejected_meta, ignore_index=True)
        has_rows = np.zeros(len(meta), dtype=bool)
        has_rows[: self._n_rejected_rows] = True
        keep_rows = ~drop[has_rows]
        if self._rejected_rows:
            rows = pd.concat(self._rejected_rows, ignore_index=True)
            self._rejected_rows = [rows[keep_rows].reset_index(drop=True)]
        self._n_rejected_rows = int(keep_rows.sum())
        self._rejected_meta = [meta[~drop].reset_index(drop=True)]

    def _drop_pools(self) -> None:
        for rd in self._rounds:
            rd.pool_rows.clear()
            rd.pool_scores.clear()
            rd.keys = _NO_KEYS

    def keep_accepted(self, keep: np.ndarray, rows: pd.DataFrame) -> None:
        """Keep only the accepted rows at the sorted positions `keep` (in the
        order the rows were accepted); the others are dropped unlisted. `rows`
        is :meth:`accepted_rows`, already built by the caller."""
        rows = rows.take(keep)
        meta = pd.concat(self._accepted_meta, ignore_index=True).take(keep)
        self._accepted = [rows.reset_index(drop=True)]
        self._accepted_meta = [meta.reset_index(drop=True)]
        self._n_accepted = len(keep)
        self.filled = int(meta["filled"].sum())

    # ------------------------------------------------------------ outputs

    def accepted_rows(self) -> pd.DataFrame:
        """The accepted candidates, in the order they were accepted."""
        if not self._accepted:
            return self.real.iloc[:0]
        return pd.concat(self._accepted, ignore_index=True)

    def accepted_meta(self) -> list[pd.DataFrame]:
        """The accepted rows' ``class``, ``round``, ``score``, ``filled``."""
        return self._accepted_meta

    def rejected_parts(self) -> tuple[list, list, int]:
        """The rejected candidates' metadata, the frames of their features (for
        the first ones, up to ``max_rejected_rows``) and how many have them."""
        return self._rejected_meta, self._rejected_rows, self._n_rejected_rows

    def outcome(self, accepted: int, sample, audit_rows=None) -> ClassOutcome:
        """The class's result: its counts, with `sample` (the rows the report
        measures; see :class:`~synthsieve.report.ClassSample`) and `accepted`
        rows returned."""
        return ClassOutcome(
            label=self.label,
            n_real=len(self.real),
            needed=self.needed,
            candidates=self.candidates,
            accepted=accepted,
            filled=self.filled,
            rounds=self.rounds,
            rejected=self.rejected_counts,
            jitter=None if self.jitter is None else float(self.jitter),
            note=self.note,
            audit_rows=audit_rows,
            sample=sample,
        )

    def release(self) -> None:
        """Drop the working copies once the output is built."""
        self._drop_pools()
        self._accepted.clear()
        self.raw_first_round = None


def rejected_frame(records, columns) -> pd.DataFrame:
    """``rejected_``: every rejected candidate's metadata, then its features (for
    candidates beyond a class's ``max_rejected_rows``, missing values held in
    sparse or categorical columns, so they cost next to no memory)."""
    renames = feature_names(columns)
    metas, rows, has = [], [], []
    for record in records:
        meta, frames, n_rows = record.rejected_parts()
        if not meta:
            continue
        meta = pd.concat(meta, ignore_index=True)
        metas.append(meta)
        if frames:
            rows.append(pd.concat(frames, ignore_index=True))
        mask = np.zeros(len(meta), dtype=bool)
        mask[:n_rows] = True
        has.append(mask)
    if not metas:
        return pd.DataFrame(columns=[*META, *[renames.get(c, c) for c in columns]])
    meta = pd.concat(metas, ignore_index=True)
    feats = (
        pd.concat(rows, ignore_index=True)
        if rows
        else pd.DataFrame(columns=list(columns))
    ).rename(columns=renames)
    has = np.concatenate(has)
    if has.all():
        return pd.concat([meta, feats], axis=1)
    where = np.flatnonzero(has)
    out = {}
    for c in feats.columns:
        col = feats[c]
        if ptypes.is_numeric_dtype(col.dtype) and not ptypes.is_bool_dtype(col.dtype):
            dense = np.full(len(meta), np.nan)
            dense[where] = col.to_numpy(dtype=float)
            out[c] = pd.arrays.SparseArray(dense, fill_value=np.nan)
        else:
            values = pd.Categorical(col.astype(object))
            codes = np.full(len(meta), -1, dtype=values.codes.dtype)
            codes[where] = values.codes
            out[c] = pd.Categorical.from_codes(codes, values.categories)
    return pd.concat([meta, pd.DataFrame(out)], axis=1)
