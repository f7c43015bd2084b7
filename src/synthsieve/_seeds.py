"""Seeds."""

from __future__ import annotations

import numpy as np
from sklearn.utils import check_random_state

__all__ = ["seed_from"]


def seed_from(random_state) -> int:
    """An integer seed drawn from any `random_state` form (one draw)."""
    return int(check_random_state(random_state).randint(np.iinfo(np.int32).max))
