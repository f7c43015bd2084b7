"""How a computation runs: progress bars and thread limits on small data."""

from __future__ import annotations

__all__ = ["progress", "small_data_threads"]


def small_data_threads(n_rows: int, *, limit: int = 20000):
    """Limit scikit-learn's OpenMP and BLAS to one thread on small data.

    Gradient boosting's OpenMP threads cost more than they give on a few hundred
    rows, and far more when the cores are busy (see the speed page of the docs).
    Torch's own thread pool is left alone: :class:`~synthsieve.MLPDetector`
    manages its threads itself. Large data keeps every thread.
    """
    from contextlib import nullcontext

    if n_rows >= limit:
        return nullcontext()
    from threadpoolctl import ThreadpoolController

    controller = ThreadpoolController()
    paths = [
        lib.filepath
        for lib in controller.lib_controllers
        if "torch" not in lib.filepath
    ]
    if not paths:
        return nullcontext()
    return controller.select(filepath=paths).limit(limits=1)


def progress(iterable, *, verbose: int | bool = 0, desc: str = "", total=None):
    """Wrap `iterable` in a tqdm progress bar when `verbose`, else return it."""
    if not verbose:
        return iterable
    from tqdm.auto import tqdm

    return tqdm(iterable, desc=desc, total=total, leave=False)
