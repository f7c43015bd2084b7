"""What the filter decided for one class: accepted, rejected, kept for a shortfall."""

from __future__ import annotations

import warnings
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from .._utils import ShortfallWarning
from ._state import Block

__all__ = ["META", "ClassRecord", "feature_names"]

#: The columns of ``rejected_`` before the features.
META = ("class", "round", "candidate", "reason", "score")
ACCEPTED_COLUMNS = ["class", "round", "score", "filled"]


def feature_names(columns) -> dict:
    """Renames for feature columns whose names clash with `rejected_`'s own."""
    return {c: f"{c}_feature" for c in columns if c in META}


@dataclass
class ClassRecord:
    """One class's rounds: what was accepted, rejected and kept to fill a
    shortfall, with the counts the report reads."""

    label: object
    needed: int
    real: pd.DataFrame
    holdout_folds: int = 1
    jitter: float | None = None
    sampler: object = None
    rounds: int = 0
    candidates: int = 0
    filled: int = 0
    rejected_counts: dict = field(default_factory=dict)
    real_scores: list = field(default_factory=list)
    raw_first_round: pd.DataFrame | None = None
    seen_keys: set = field(default_factory=set)
    _accepted: list = field(default_factory=list)
    _accepted_meta: list = field(default_factory=list)
    _rejected: list = field(default_factory=list)
    _pools: list = field(default_factory=list)

    @property
    def n_accepted(self) -> int:
        return sum(len(part) for part in self._accepted)

    def add_round(self, r: int, blocks: list[Block], still: int, rng) -> int:
        """Record round `r`'s blocks; keeps at most `still` accepted candidates
        (a seeded choice) and returns how many it kept."""
        cand = pd.concat([b.candidates for b in blocks], ignore_index=True)
        scores = np.concatenate([b.scores for b in blocks])
        reason = np.concatenate([b.reason for b in blocks])
        keys = np.concatenate([b.keys for b in blocks])
        batch_id = np.concatenate([np.full(len(b), i) for i, b in enumerate(blocks)])
        self.real_scores.extend(b.real_scores for b in blocks if len(b.real_scores))
        if r == 1:
            self.raw_first_round = pd.concat([b.raw for b in blocks], ignore_index=True)
        self.candidates += len(cand)
        acc = np.flatnonzero(reason == "")
        if len(acc) > still:
            extra = rng.choice(acc, len(acc) - still, replace=False)
            reason[extra] = "surplus"
        acc = np.flatnonzero(reason == "")
        self.seen_keys.update(keys[acc].tolist())
        self._accepted.append(cand.iloc[acc])
        self._accepted_meta.append(
            pd.DataFrame(
                {"class": self.label, "round": r, "score": scores[acc], "filled": False}
            )
        )
        rej = np.flatnonzero((reason != "") & (reason != "surplus"))
        # only "detectable" rejects can fill a shortfall: keep those
        pick = np.flatnonzero(reason == "detectable")
        self._pools.append((r, cand.iloc[pick], scores[pick], batch_id[pick], pick))
        if len(rej):
            part = (
                cand.iloc[rej]
                .reset_index(drop=True)
                .rename(columns=feature_names(cand.columns))
            )
            meta = pd.DataFrame(
                {
                    "class": self.label,
                    "round": r,
                    "candidate": rej,
                    "reason": reason[rej],
                    "score": scores[rej],
                }
            )
            self._rejected.append(pd.concat([meta, part], axis=1))
        for why in reason[rej]:
            key = why.split(":")[0] if why.startswith("invalid") else why
            self.rejected_counts[key] = self.rejected_counts.get(key, 0) + 1
        return len(acc)

    def settle_shortfall(self, shortfall: str, max_rounds: int) -> None:
        """After the last round: raise, warn, or fill the missing rows with the
        least detectable candidates rejected as ``"detectable"``."""
        n_got = self.n_accepted
        if n_got >= self.needed:
            return
        msg = (
            f"Class {self.label!r}: {n_got} of {self.needed} rows accepted after "
            f"max_rounds={max_rounds}"
        )
        if shortfall == "raise":
            raise RuntimeError(
                msg + "; raise `max_rounds` or `candidate_factor`, relax the rules, "
                "or set shortfall='fill'."
            )
        if shortfall == "return":
            warnings.warn(
                msg + "; returning fewer rows (shortfall='return').",
                ShortfallWarning,
                stacklevel=5,
            )
            return
        filled = self._fill(self.needed - n_got)
        if filled:
            for i, part in enumerate(self._rejected):
                keep = [
                    (rr, cc) not in filled
                    for rr, cc in zip(part["round"], part["candidate"])
                ]
                self._rejected[i] = part[keep]
            self.rejected_counts["detectable"] -= len(filled)
            self.filled = len(filled)
        warnings.warn(
            msg + f"; filled {len(filled)} with the least detectable remaining "
            "candidates (shortfall='fill').",
            ShortfallWarning,
            stacklevel=5,
        )

    def _fill(self, missing: int) -> set:
        # Scores of different detectors are never compared: within a round,
        # each fold detector's candidates are ranked by their quantile among
        # that detector's own scores.
        filled = set()
        for r, cand, scores, batch_id, index in reversed(self._pools):
            if missing <= 0:
                break
            if not len(index):
                continue
            quantile = np.empty(len(index))
            for b in np.unique(batch_id):
                sel = batch_id == b
                ranks = np.argsort(np.argsort(scores[sel], kind="stable"))
                quantile[sel] = (ranks + 0.5) / sel.sum()
            order = np.argsort(quantile, kind="stable")[:missing]
            self._accepted.append(cand.iloc[order])
            self._accepted_meta.append(
                pd.DataFrame(
                    {
                        "class": self.label,
                        "round": r,
                        "score": scores[order],
                        "filled": True,
                    }
                )
            )
            filled.update((r, int(i)) for i in index[order])
            missing -= len(order)
        return filled

    def accepted_rows(self) -> pd.DataFrame:
        """The accepted candidates, in the order they were accepted."""
        if not self._accepted:
            return self.real.iloc[:0]
        return pd.concat(self._accepted, ignore_index=True)

    def accepted_meta(self) -> list[pd.DataFrame]:
        """The accepted rows' ``class``, ``round``, ``score``, ``filled``."""
        return self._accepted_meta

    def rejected_parts(self) -> list[pd.DataFrame]:
        """The rejected candidates, metadata then features, one frame per round."""
        return self._rejected

    def release(self) -> None:
        """Drop the working copies once the output is built."""
        self._pools.clear()
        self._accepted.clear()
        self.raw_first_round = None
