"""Random streams: one seed, an independent stream for each consumer.

A :class:`Streams` wraps a numpy :class:`~numpy.random.SeedSequence`. Each
consumer of randomness (a class's rounds, one block of candidates, one stage of
a block, a fold split, a torch network) takes its own child stream, named by a
key such as ``("class", 0)``, ``("block", 2, 5)`` or ``("jitter",)``, instead of
drawing an integer seed from a shared generator. Children are independent of
each other and of the order in which they are asked for: a stage that is
switched off, or draws more numbers than before, leaves every other stream's
draws unchanged.

>>> from synthsieve._seeds import Streams
>>> root = Streams.of(0)
>>> a = root.child("class", 0).generator().random()
>>> b = root.child("class", 1).generator().random()
>>> a == Streams.of(0).child("class", 0).generator().random(), a == b
(True, False)
"""

from __future__ import annotations

import hashlib
import numbers

import numpy as np
from sklearn.utils import check_random_state

__all__ = ["Streams"]

#: Seeds handed to other libraries (scikit-learn, imbalanced-learn, torch) are
#: below this: every one of them accepts them.
_SEED_BOUND = 2**31


def _word(part) -> int:
    """A spawn-key word: a name as a 64-bit hash of it (top bit set, so it
    never equals an index), a non-negative index as itself."""
    if isinstance(part, str):
        digest = hashlib.blake2b(part.encode("utf-8"), digest_size=8).digest()
        return int.from_bytes(digest, "little") | (1 << 63)
    if isinstance(part, (bool, np.bool_)) or not isinstance(part, numbers.Integral):
        raise TypeError(f"a stream key is a name or an index, got {part!r}")
    if not 0 <= part < 2**32:
        raise ValueError(f"a stream index is in [0, 2**32), got {part}")
    return int(part)


class Streams:
    """Independent random streams spawned from one
    :class:`~numpy.random.SeedSequence`.

    Parameters
    ----------
    seq : numpy.random.SeedSequence
        The root of this stream and of its children.
    """

    __slots__ = ("seq",)

    def __init__(self, seq: np.random.SeedSequence):
        self.seq = seq

    @classmethod
    def of(cls, random_state) -> Streams:
        """The root stream of a `random_state`.

        None, an integer, a ``RandomState`` or a ``Generator`` are drawn from
        once (128 bits of entropy) as scikit-learn's ``check_random_state``
        reads them: an integer ``n`` gives the stream that
        ``RandomState(n)`` gives, and None numpy's global ``RandomState``. A
        ``SeedSequence`` or a ``Streams`` are used as they are.
        """
        if isinstance(random_state, Streams):
            return random_state
        if isinstance(random_state, np.random.SeedSequence):
            return cls(random_state)
        if isinstance(random_state, np.random.Generator):
            words = random_state.integers(2**32, size=4, dtype=np.uint64)
        else:
            words = check_random_state(random_state).randint(
                2**32, size=4, dtype=np.uint64
            )
        return cls(np.random.SeedSequence([int(w) for w in words]))

    def child(self, *key) -> Streams:
        """The stream named `key` (names and non-negative indices), the same
        for the same key however many others were asked for."""
        if not key:
            raise ValueError("a child stream needs a key")
        words = tuple(_word(part) for part in key)
        seq = self.seq
        return Streams(
            np.random.SeedSequence(
                seq.entropy, spawn_key=(*seq.spawn_key, *words), pool_size=seq.pool_size
            )
        )

    def generator(self) -> np.random.Generator:
        """A numpy ``Generator`` (PCG64) on this stream."""
        return np.random.Generator(np.random.PCG64(self.seq))

    def random_state(self) -> np.random.RandomState:
        """A legacy ``RandomState`` (MT19937) on this stream, for code written
        against its interface (``randint``, ``random_sample``)."""
        return np.random.RandomState(np.random.MT19937(self.seq))

    def seed(self) -> int:
        """An integer seed in ``[0, 2**31)`` for another library's estimator or
        torch generator, taken from this stream's state (not drawn from a
        generator)."""
        return int(self.seq.generate_state(1, np.uint32)[0]) % _SEED_BOUND

    def __repr__(self) -> str:
        return f"Streams(entropy={self.seq.entropy}, key={self.seq.spawn_key})"
