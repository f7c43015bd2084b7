"""What the benchmark scripts share: the description of the machine they ran on.

The benchmarks are scripts, not a library: they import each other's helpers
through this module only.
"""

from __future__ import annotations

import os
import platform
from pathlib import Path

import numpy as np

__all__ = ["machine", "machine_text", "paired"]


def machine() -> dict:
    import numpy as np
    import sklearn
    import torch

    cpu = platform.processor() or "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    ram = "unknown"
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                ram = f"{int(line.split()[1]) / 2**20:.1f} GiB"
    except OSError:
        pass
    import imblearn

    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "ram": ram,
        "python": platform.python_version(),
        "numpy": np.__version__,
        "sklearn": sklearn.__version__,
        "imblearn": imblearn.__version__,
        "torch": torch.__version__,
    }


def machine_text(info: dict) -> str:
    return (
        f"{info['cpu']}, {info['cores']} cores, {info['ram']} RAM; Python "
        f"{info['python']}, numpy {info['numpy']}, scikit-learn {info['sklearn']}, "
        f"imbalanced-learn {info['imblearn']}, torch {info['torch']}"
    )


def paired(a, b) -> tuple[float, float]:
    """Mean and standard error of the fold-by-fold difference ``a - b`` (the
    same folds for both); NaN when they differ in length or hold one fold."""
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    if len(a) != len(b) or len(a) < 2:
        return float("nan"), float("nan")
    d = a - b
    return float(d.mean()), float(d.std(ddof=1) / np.sqrt(len(d)))
