"""What the benchmark scripts share: the data sets, the downstream pipeline,
the machine description and the page helpers.

The benchmarks are scripts, not a library. What more than one of them needs
lives here (and the halves of the data sets in ``splits.py``); they import
synthsieve's public names only. ``ideas.py`` and ``papers.py`` extend the
quality benchmark itself (its runs, ``quality.run_one`` and ``quality.main``),
so they import ``quality.py``; no script imports ``speed.py``.
"""

from __future__ import annotations

import os
import platform
import sys
from pathlib import Path

import numpy as np
import pandas as pd
from pandas.api import types as ptypes

__all__ = [
    "CLASSIFIERS",
    "DATA",
    "FAST",
    "METRICS",
    "ROOT",
    "classifiers",
    "encoder",
    "is_nominal",
    "load",
    "machine",
    "machine_text",
    "machine_line",
    "noise",
    "paired",
    "pm",
    "preprocessor",
    "to_markdown",
]

ROOT = Path(__file__).resolve().parents[1]
#: The shared data sets, beside the project.
DATA = ROOT.parent / "shared" / "datasets"
#: The downstream classifiers and metrics of the quality benchmark.
CLASSIFIERS = ("hgb", "mlp")
METRICS = ["pr_auc", "mcc", "f1", "balanced_accuracy", "brier", "log_loss"]
#: The fastest settings that still filter: every step runs (rules and repair,
#: copy and near-copy rejection, a gradient-boosting detector trained out of
#: fold, density-ratio acceptance); one round of 1.5 candidates per row needed,
#: filled up with the least detectable of the rejected ones (shortfall="fill"),
#: 3 folds, a smaller detector sample and no audit of the kept rows. jitter=1.5,
#: fixed (no search as with the default "auto"): with 0.5, every SMOTE candidate
#: on this 50-dimensional data is a near copy (closer to a real row than 99 % of
#: the real rows are to each other), so nothing reaches the detector and no row
#: is returned.
FAST = {
    "candidate_factor": 1.5,
    "max_rounds": 1,
    "jitter": 1.5,
    "cv": 3,
    "max_detector_rows": 2000,
    "auditors": None,
}


# ------------------------------------------------------------------ data


def load(name: str):
    """``(X, y)`` of a shared data set (``hiva-embedded`` ships with synthsieve)."""
    if name == "hiva-embedded":  # shipped with the package: no shared data needed
        from synthsieve import load_hiva

        return load_hiva(return_X_y=True)
    path = DATA / f"{name}.csv.gz"
    if not path.is_file():
        sys.exit(
            f"benchmarks: {path} is missing. The benchmarks read the shared data "
            "sets in ../shared/datasets beside the project."
        )
    frame = pd.read_csv(path)
    y = frame.pop("target").to_numpy()
    return frame, y


def is_nominal(column: pd.Series) -> bool:
    """True for a column of categories: categorical, object and string columns
    of the data sets (numbers and booleans are not), as synthsieve reads them."""
    dtype = column.dtype
    if isinstance(dtype, pd.CategoricalDtype):
        return True
    return not (ptypes.is_numeric_dtype(dtype) or ptypes.is_bool_dtype(dtype))


def preprocessor(X: pd.DataFrame):
    """Standardised numeric columns and one-hot nominal ones, for the
    downstream classifiers."""
    from sklearn.compose import ColumnTransformer
    from sklearn.preprocessing import OneHotEncoder, StandardScaler

    nominal = [c for c in X.columns if is_nominal(X[c])]
    numeric = [c for c in X.columns if c not in nominal]
    return ColumnTransformer(
        [
            ("num", StandardScaler(), numeric),
            ("nom", OneHotEncoder(handle_unknown="ignore"), nominal),
        ],
        sparse_threshold=0,
    )


def encoder(X: pd.DataFrame):
    """Numeric columns as they are and nominal ones one-hot, fitted on `X`
    (categories of every row of `X`): rows as numbers, for distances."""
    from sklearn.compose import ColumnTransformer
    from sklearn.preprocessing import OneHotEncoder

    nominal = [c for c in X.columns if is_nominal(X[c])]
    numeric = [c for c in X.columns if c not in nominal]
    return ColumnTransformer(
        [
            ("num", "passthrough", numeric),
            ("nom", OneHotEncoder(handle_unknown="ignore"), nominal),
        ],
        sparse_threshold=0,
    ).fit(X)


def classifiers(seed: int, weighted: bool = False) -> dict:
    """The downstream classifiers, unfitted (``weighted``: balanced class
    weights)."""
    from sklearn.ensemble import HistGradientBoostingClassifier

    from synthsieve import MLPDetector

    cw = "balanced" if weighted else None
    return {
        "hgb": HistGradientBoostingClassifier(random_state=seed, class_weight=cw),
        "mlp": MLPDetector(random_state=seed, class_weight=cw),
    }


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


def machine_line() -> str:
    """The CPU, cores, RAM and versions of this machine, as every page records
    them."""
    return machine_text(machine())


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


# ------------------------------------------------------------------ pages


def pm(mean, se, digits: int = 3) -> str:
    """``mean ± se``; blank without a mean, ``n/a`` for a missing error."""
    if mean is None or pd.isna(mean):
        return ""
    err = "n/a" if se is None or pd.isna(se) else f"{se:.{digits}f}"
    return f"{mean:.{digits}f} ± {err}"


def noise(a: pd.Series, b: pd.Series, se: str = "gap_se") -> float:
    """Two standard errors of the difference of two figures, the gaps by
    default, `se` naming the column of their errors (NaN when unknown)."""
    return 2 * float(np.sqrt(a[se] ** 2 + b[se] ** 2))


def to_markdown(df: pd.DataFrame, cols, floatfmt=3) -> str:
    """The columns `cols` of `df` as a Markdown table, floats to `floatfmt`."""
    lines = ["| " + " | ".join(cols) + " |", "|" + "---|" * len(cols)]
    for _, r in df[cols].iterrows():
        cells = []
        for c in cols:
            v = r[c]
            if isinstance(v, float):
                cells.append("" if np.isnan(v) else f"{v:.{floatfmt}f}")
            else:
                cells.append(str(v))
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)
