"""What the stages of a fit read: the settings, the fitted state and a block.

A fit builds one :class:`FitState` (the data, its schema, the rules, the copy
detector, the detector's features, the base sampler and the detector) and passes
it, read-only, to every stage. Candidates travel through the stages as a
:class:`Block`: one base-sampler call's candidates, for one class and one
generation fold.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields, make_dataclass

import numpy as np
import pandas as pd

from .._schema import TableSchema
from ._params import STAGE_PARAMS

__all__ = ["ROW_BLOCK", "Block", "FitState", "FoldCache", "Settings"]


#: Cells (candidates x columns) of one block: about 32 MiB of float64, so that
#: a fit's working memory does not grow with the number of candidates.
BLOCK_CELLS = 2**22

#: Fewest rows of a block.
MIN_BLOCK_ROWS = 4096

#: Candidates per pass of the row-wise work inside a block (the jitter's
#: noise, the detector's predictions), to bound the memory of temporaries.
ROW_BLOCK = 65536


def _settings_fields() -> list:
    """``Settings``'s fields: the parameters the stages read (declared in
    ``_params.PARAMS``), then the block sizes."""
    return [(name, object) for name in STAGE_PARAMS] + [
        ("block_cells", int, 0),
        ("min_block_rows", int, 0),
    ]


def _of(cls, estimator):
    """The settings of a fit of `estimator`."""
    own = {"block_cells": BLOCK_CELLS, "min_block_rows": MIN_BLOCK_ROWS}
    return cls(
        **{f.name: own.get(f.name) or getattr(estimator, f.name) for f in fields(cls)}
    )


#: The sampler's parameters that the stages read (a frozen copy), and the
#: block size, read once in the process that fits (joblib workers get it from
#: here, not from their own copy of the module). Its fields come from the
#: parameter table, ``_params.PARAMS``; ``Settings.of(estimator)`` builds it.
Settings = make_dataclass(
    "Settings",
    _settings_fields(),
    frozen=True,
    namespace={"of": classmethod(_of), "__module__": __name__},
)


@dataclass(frozen=True)
class FitState:
    """The fitted state every stage reads; built once per fit.

    `frame` holds the training rows with the input's dtypes; `gen_frame` the
    same rows with integer and boolean columns as floats, for the base sampler
    (imbalanced-learn casts its output back to the input's dtypes, which floors
    interpolated integers before the unbiased repair could round them).
    """

    frame: pd.DataFrame
    gen_frame: pd.DataFrame
    y: np.ndarray
    schema: TableSchema
    rules: object
    copies: object
    features: object
    sampler: object
    detector: object
    settings: Settings
    overlap: object = None


@dataclass(frozen=True)
class FoldCache:
    """What a generation fold's first block leaves for the fold's later blocks
    and rounds, which come from the same base sampler and real rows: the
    detector's scorer, the base sampler's depths read by
    ``class_consistency="base"``, the base sampler's neighbour graph of the
    fold's real rows (see ``_stages.propose``) and the jitter's local spread of
    those rows (``_jitter.LocalSpread``). None where not made yet."""

    scorer: object = None
    reference: np.ndarray | None = None
    neighbors: object = None
    spread: object = None


@dataclass
class Block:
    """Candidates on their way through the stages.

    ``reason`` is ``""`` while a candidate is still in, else why it was rejected;
    ``scores`` is NaN until the detector scored it.
    """

    raw: pd.DataFrame
    candidates: pd.DataFrame
    reason: np.ndarray
    scores: np.ndarray
    keys: np.ndarray = field(default_factory=lambda: np.empty(0, dtype=np.uint64))
    real_scores: np.ndarray = field(default_factory=lambda: np.empty(0))

    @classmethod
    def proposed(cls, raw: pd.DataFrame) -> Block:
        """A block of a base sampler's candidates, none rejected yet."""
        n = len(raw)
        return cls(
            raw=raw,
            candidates=raw,
            reason=np.full(n, "", dtype=object),
            scores=np.full(n, np.nan),
        )

    def __len__(self) -> int:
        return len(self.candidates)

    @property
    def valid(self) -> np.ndarray:
        """Candidates not rejected so far."""
        return self.reason == ""

    def reject(self, mask, why) -> None:
        """Reject the candidates in `mask` not rejected yet, for `why` (a string
        or one per candidate)."""
        self.reason = np.where(self.valid & mask, why, self.reason)
