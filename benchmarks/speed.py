"""Speed benchmark: FilteredOverSampler(SMOTE()) against SMOTE alone.

Four kinds of measurement, side by side in one run (wall time and peak memory
of each), every filtered method against its SMOTE counterpart:

* the sampler alone, on ``make_classification`` data (float64, 50 features
  unless a size says otherwise, ``--minority`` shares): ``fit_resample`` of
  imbalanced-learn's ``SMOTE`` (``smote``), of
  ``FilteredOverSampler(sampler=SMOTE())`` with its default settings, report and
  audit included (``filtered-default``), and with the documented fast settings
  ``FAST`` (``filtered-fast``);
* a pipeline: the whole ``imblearn.pipeline.Pipeline([("s", sampler), ("clf",
  HistGradientBoostingClassifier(random_state=0))]).fit(X, y)``, with
  ``SMOTE(random_state=0)`` (``pipeline-smote``) and with
  ``FilteredOverSampler(sampler=SMOTE(), random_state=0)`` (``pipeline-filtered``);
* a mixed table (float, integer and category columns, see `mixed_data`):
  ``SMOTENC`` (``smote-mixed``) against ``FilteredOverSampler(random_state=0)``,
  whose default sampler is SMOTENC there (``filtered-mixed``);
* a grid search: ``GridSearchCV`` of that pipeline, 5 folds x 4 settings of
  the classifier only (``GRID``), with SMOTE (``grid-smote``) and with the
  filter (``grid-filtered``); and the same with ``Pipeline(..., memory=<a
  fresh temporary folder>)`` on both sides (``grid-smote-cached``,
  ``grid-filtered-cached``), which caches each fold's resampling, so the
  sampler runs once per fold and once for the refit.

The filtered sampler's ``report_`` is computed when it is read; nothing here
reads it, so no method pays for the report's audit.

Every (rows, features, minority, method, repeat) runs in a fresh subprocess, so
its peak resident memory is its own, under a watchdog for time and memory. The
methods are interleaved per (rows, features, minority) (and their order reversed
on every other repeat), so a busy spell on a shared machine hits them alike;
``--repeats N`` takes the median over N runs per cell. The script prints and
writes (``--out`` markdown, ``--json`` raw results) the table, the ratios to
SMOTE per (rows, features, minority), the scaling exponents
``log(t2 / t1) / log(n2 / n1)`` and the issue's targets (judged at 50 features
and a 1 % minority), met or missed.

A size is ``ROWS`` (``--features`` columns) or ``ROWSxFEATURES``. Run from the
project root; the issue's whole table (long: hours, see the docs page)::

    python benchmarks/speed.py \\
        --sizes 5000x20,20000x20,50000x50,200000x50,1000000x50 \\
        --minority 0.01,0.1 --extra-minority 0.01 \\
        --pipeline-sizes 20000,200000 --mixed-sizes 200000 --grid-sizes 20000 \\
        --threads 1 --out docs/benchmarks-speed.md

Without sizes it runs the sampler at 20,000, 200,000 and 1,000,000 rows, the
pipeline at 20,000 and 200,000 (and 1,000,000 with ``--pipeline-1m``: long),
the mixed table at 200,000 and the grid searches at 20,000 rows, 50 features and
a 1 % minority. ``--quick`` is a smoke test of
every method at 2,000 and 5,000 rows with 10 features (the mixed and grid
methods at 2,000 rows; about two minutes); see ``--help``.
"""

from __future__ import annotations

import argparse
import datetime
import json
import math
import os
import re
import resource
import shlex
import statistics
import subprocess
import sys
import time
import warnings
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import FAST, machine, machine_text  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]

#: The grid search: 4 settings of the classifier, 5 folds, this score.
GRID = {"clf__learning_rate": [0.05, 0.1], "clf__max_leaf_nodes": [15, 31]}
GRID_CV = 5
GRID_SCORING = "average_precision"
#: The mixed table: columns of each kind, in this order (categories last).
MIXED = {"float": 40, "int": 6, "category": 4}
MIXED_FEATURES = sum(MIXED.values())
#: Levels of each category column (cut at quantiles of an informative feature).
MIXED_LEVELS = (3, 4, 6, 8)
#: Each integer column is an informative feature times this, rounded.
MIXED_INT_SCALES = (10, 100, 1000)
#: make_classification's informative and redundant features for the mixed table.
MIXED_INFORMATIVE, MIXED_REDUNDANT = 14, 4
MIXED_CATEGORICAL = list(range(MIXED_FEATURES - MIXED["category"], MIXED_FEATURES))
#: Where the issue's targets are judged.
TARGET_FEATURES, TARGET_MINORITY = 50, 0.01

_FILTERED = "FilteredOverSampler(sampler=SMOTE(), random_state=0)"
_PIPE = 'Pipeline([("s", {}), ("clf", HistGradientBoostingClassifier(random_state=0))])'
_PIPE_CACHED = _PIPE[:-1] + ", memory=<a fresh temporary folder>)"
_GRID = (
    "GridSearchCV({}, "
    + repr(GRID).replace("{", "{{").replace("}", "}}")
    + f", cv={GRID_CV}, scoring={GRID_SCORING!r}).fit(X, y)"
)
METHODS = {
    "smote": "SMOTE(random_state=0)",
    "filtered-default": _FILTERED,
    "filtered-fast": _FILTERED[:-1]
    + ", "
    + ", ".join(f"{k}={v!r}" for k, v in FAST.items())
    + ")",
    "pipeline-smote": _PIPE.format("SMOTE(random_state=0)") + ".fit(X, y)",
    "pipeline-filtered": _PIPE.format(_FILTERED) + ".fit(X, y)",
    "smote-mixed": f"SMOTENC(categorical_features={MIXED_CATEGORICAL}, random_state=0)",
    "filtered-mixed": "FilteredOverSampler(random_state=0) (its default sampler, "
    f"for the category columns: SMOTENC(categorical_features={MIXED_CATEGORICAL}), "
    "seeded by the filter)",
    "grid-smote": _GRID.format(_PIPE.format("SMOTE(random_state=0)")),
    "grid-filtered": _GRID.format(_PIPE.format(_FILTERED)),
    "grid-smote-cached": _GRID.format(_PIPE_CACHED.format("SMOTE(random_state=0)")),
    "grid-filtered-cached": _GRID.format(_PIPE_CACHED.format(_FILTERED)),
}
#: Methods of each kind, the baseline (SMOTE) first.
KINDS = {
    "sampler": ("smote", "filtered-default", "filtered-fast"),
    "pipeline": ("pipeline-smote", "pipeline-filtered"),
    "mixed": ("smote-mixed", "filtered-mixed"),
    "grid": ("grid-smote", "grid-filtered"),
    "grid-cached": ("grid-smote-cached", "grid-filtered-cached"),
}
#: The grid-search kinds (a fitted GridSearchCV: best score, refit's sampler).
GRID_KINDS = ("grid", "grid-cached")
KIND = {m: kind for kind, ms in KINDS.items() for m in ms}
KIND_TITLES = {
    "sampler": "Sampler alone (`fit_resample`)",
    "pipeline": "Pipeline (`Pipeline.fit`)",
    "mixed": "Mixed table (`fit_resample` on float, integer and category columns)",
    "grid": f"Grid search (`GridSearchCV.fit`, {GRID_CV} folds x "
    f"{math.prod(len(v) for v in GRID.values())} settings)",
    "grid-cached": f"Grid search with `Pipeline(memory=...)` (`GridSearchCV.fit`, "
    f"{GRID_CV} folds x {math.prod(len(v) for v in GRID.values())} settings of the "
    "classifier; each fold's resampling cached)",
}
#: The method each one is compared with.
BASELINE = {m: ms[0] for ms in KINDS.values() for m in ms[1:]}
QUICK = {
    "sizes": "2000,5000",
    "pipeline_sizes": "2000,5000",
    "mixed_sizes": "2000",
    "grid_sizes": "2000",
    "features": 10,
}
DEFAULTS = {
    "sizes": "20000,200000,1000000",
    "pipeline_sizes": "20000,200000",
    "mixed_sizes": "200000",
    "grid_sizes": "20000",
    "features": 50,
}
EXPONENT_SIZES = (200_000, 1_000_000)
#: The filter's exponent may exceed SMOTE's own, in the same run, by this much.
EXPONENT_MARGIN = 0.1
#: The pipeline size that ``--pipeline-1m`` adds (long: the filter's pipeline
#: at 1,000,000 x 50 takes many minutes on two cores).
PIPELINE_1M = 1_000_000
#: Set to --threads in the children (OpenMP: gradient boosting; BLAS).
THREAD_VARS = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS")
#: Sections this script writes; an earlier page's other sections are kept.
GENERATED = ("Ratios to SMOTE", "Scaling exponents", "Targets")


def _rss_mb() -> float:
    """Peak resident memory of this process so far, in MB.

    ``VmHWM`` of ``/proc/self/status``: Linux carries ``ru_maxrss`` over an
    ``exec``, so in a child started by this script it would never read below
    the parent's resident memory at the fork (numpy, scikit-learn and torch
    imported, some 350 MB), flattening the small sizes. ``ru_maxrss`` where
    there is no ``/proc``.
    """
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM"):
                return int(line.split()[1]) / 1024
    except (OSError, ValueError):
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _pct(q: float) -> str:
    """A minority share as a percentage: 0.01 -> '1 %'."""
    return f"{q * 100:g} %"


def _features_text(p: int, method: str) -> str:
    """The feature count of a row of the table ('50 mixed' for the mixed table)."""
    return f"{p} mixed" if KIND[method] == "mixed" else str(p)


# ---------------------------------------------------------------- data


def numeric_data(n: int, p: int, minority: float):
    """``make_classification`` data: `n` rows, `p` float64 features."""
    from sklearn.datasets import make_classification

    return make_classification(
        n_samples=n, n_features=p, weights=[1 - minority], random_state=0
    )


def mixed_data(n: int, minority: float):
    """A DataFrame of float64, int64 and category columns, and its labels.

    ``make_classification`` without shuffling puts the informative features
    first, then the redundant ones, then noise. Columns 0-3 (informative) are
    cut at their quantiles into `MIXED_LEVELS` categories (``c0``-``c3``, so they
    carry signal); columns 4-9 (informative) times `MIXED_INT_SCALES`, rounded,
    are the integer columns (``i0``-``i5``); columns 10-49 (4 informative, 4
    redundant, 32 noise) are the float columns (``f0``-``f39``). Order: floats,
    integers, categories (positions `MIXED_CATEGORICAL`).
    """
    import numpy as np
    import pandas as pd
    from sklearn.datasets import make_classification

    X, y = make_classification(
        n_samples=n,
        n_features=MIXED_FEATURES,
        n_informative=MIXED_INFORMATIVE,
        n_redundant=MIXED_REDUNDANT,
        weights=[1 - minority],
        shuffle=False,
        random_state=0,
    )
    n_cat, n_int = MIXED["category"], MIXED["int"]
    columns = {f"f{j}": X[:, n_cat + n_int + j] for j in range(MIXED["float"])}
    for j in range(n_int):
        scale = MIXED_INT_SCALES[j % len(MIXED_INT_SCALES)]
        columns[f"i{j}"] = np.round(X[:, n_cat + j] * scale).astype(np.int64)
    for j, levels in enumerate(MIXED_LEVELS[:n_cat]):
        cuts = np.quantile(X[:, j], np.linspace(0, 1, levels + 1)[1:-1])
        codes = np.searchsorted(cuts, X[:, j], side="right")
        names = [f"c{j}_{k}" for k in range(levels)]
        columns[f"c{j}"] = pd.Categorical.from_codes(codes, categories=names)
    return pd.DataFrame(columns), y


# ---------------------------------------------------------------- one run


def _make_sampler(method: str, n_jobs):
    """The unfitted sampler of `method` (SMOTE or SMOTENC for the baselines)."""
    from imblearn.over_sampling import SMOTE, SMOTENC

    from synthsieve import FilteredOverSampler

    if method == "smote-mixed":
        return SMOTENC(categorical_features=MIXED_CATEGORICAL, random_state=0)
    if method not in BASELINE:
        return SMOTE(random_state=0)
    if method == "filtered-mixed":
        return FilteredOverSampler(random_state=0, n_jobs=n_jobs)
    params = FAST if method == "filtered-fast" else {}
    return FilteredOverSampler(sampler=SMOTE(), random_state=0, n_jobs=n_jobs, **params)


def _make_estimator(method: str, n_jobs):
    """What `method` fits: its sampler, a pipeline of it, or a grid search of one."""
    from imblearn.pipeline import Pipeline
    from sklearn.ensemble import HistGradientBoostingClassifier
    from sklearn.model_selection import GridSearchCV

    sampler = _make_sampler(method, n_jobs)
    if KIND[method] in ("sampler", "mixed"):
        return sampler
    pipe = Pipeline(
        [("s", sampler), ("clf", HistGradientBoostingClassifier(random_state=0))]
    )
    if KIND[method] == "pipeline":
        return pipe
    if KIND[method] == "grid-cached":
        import tempfile

        pipe.set_params(memory=tempfile.mkdtemp(prefix="synthsieve-speed-cache-"))
    return GridSearchCV(pipe, GRID, cv=GRID_CV, scoring=GRID_SCORING)


def _fitted_sampler(estimator, method: str):
    """The sampler a fitted estimator used (the grid search's: its refit's)."""
    if KIND[method] in GRID_KINDS:
        return estimator.best_estimator_.named_steps["s"]
    if KIND[method] == "pipeline":
        return estimator.named_steps["s"]  # the fitted step (no caching: no clone)
    return estimator


def _report_sample(report) -> dict:
    """The report's sample size(s), where it exposes any: attributes, `extra`,
    or per-class entries (``audit_rows`` and the like; the largest over classes).
    """
    out = {}
    for name in ("sample_size", "n_sample", "audit_rows", "max_audit_rows"):
        value = getattr(report, name, None)
        if value is not None:
            out[name] = value
    extra = getattr(report, "extra", None) or {}
    for key, value in extra.items():
        if "sample" in key or key.endswith("_rows"):
            out[key] = value
    classes = getattr(report, "classes", None) or {}
    for entry in classes.values():
        if not isinstance(entry, dict):
            continue
        for key, value in entry.items():
            if ("sample" in key or key.endswith("_rows")) and isinstance(value, int):
                out[key] = max(value, out.get(key, value))
    return {k: v for k, v in out.items() if _jsonable(v)}


def _jsonable(value) -> bool:
    try:
        json.dumps(value)
    except TypeError:
        return False
    return True


def _filtered_extras(sampler) -> dict:
    """What a fitted FilteredOverSampler did: rejections, rounds, report sample."""
    out = {
        "n_jobs": getattr(sampler, "n_jobs", None),
        "base_sampler": repr(getattr(sampler, "base_sampler_", None)),
    }
    if hasattr(sampler, "max_rejected_rows"):
        out["max_rejected_rows"] = sampler.max_rejected_rows
    # Rejections by reason, from rejected_'s metadata (every rejected candidate;
    # only the feature values are capped). The report is not read: it is
    # computed when read, and the benchmark measures fits.
    counts = {}
    report = None
    rejected = getattr(sampler, "rejected_", None)
    if rejected is not None and len(rejected):
        reasons = rejected["reason"].astype(str).str.split(":").str[0]
        counts = {k: int(v) for k, v in reasons.value_counts().items()}
    out["rejected"] = {k: v for k, v in counts.items() if v}
    if rejected is not None:
        out["rejected_rows_kept"] = int(len(rejected))
    rounds = getattr(sampler, "n_rounds_", None) or {}
    out["rounds"] = {str(k): int(v) for k, v in rounds.items()}
    out["audit"] = sampler.auditors is not None
    accepted = getattr(sampler, "accepted_", None)
    if accepted is not None and "filled" in getattr(accepted, "columns", ()):
        out["filled"] = int(accepted["filled"].sum())
    if report is not None:
        sample = _report_sample(report)
        if sample:
            out["report_sample"] = sample
        classes = getattr(report, "classes", None) or {}
        filled = [c.get("filled") for c in classes.values() if isinstance(c, dict)]
        if filled and all(isinstance(f, int) for f in filled):
            out["filled"] = sum(filled)
    return out


def child(n: int, p: int, minority: float, method: str, n_jobs) -> dict:
    """One measurement, run in a fresh interpreter; returns a JSON-able dict."""
    import numpy as np

    import synthsieve  # noqa: F401  (the same imports for every method)

    if KIND[method] == "mixed":
        X, y = mixed_data(n, minority)
    else:
        X, y = numeric_data(n, p, minority)
    data_mb = _rss_mb()
    estimator = _make_estimator(method, n_jobs)
    resamples = KIND[method] in ("sampler", "mixed")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        start = time.perf_counter()
        if resamples:
            _, y_res = estimator.fit_resample(X, y)
        else:
            estimator.fit(X, y)
        wall = time.perf_counter() - start
    sampler = _fitted_sampler(estimator, method)
    out = {
        "n": n,
        "features": p,
        "minority": minority,
        "method": method,
        "wall_s": wall,
        "peak_mb": _rss_mb(),
        "data_mb": data_mb,
        "counts_in": np.bincount(y).tolist(),
        "asked": int(sum(getattr(sampler, "sampling_strategy_", {}).values())),
        "warnings": sorted({type(w.message).__name__ for w in caught}),
    }
    if resamples:
        out["returned"] = int(len(y_res) - len(y))
        out["counts_out"] = np.bincount(y_res).tolist()
    elif getattr(sampler, "accepted_", None) is not None:
        out["returned"] = int(len(sampler.accepted_))
    if KIND[method] in GRID_KINDS:
        out["best_score"] = float(estimator.best_score_)
        out["best_params"] = estimator.best_params_
    if KIND[method] == "pipeline" or KIND[method] in GRID_KINDS:
        # the classifier's own cost: HistGradientBoostingClassifier stops early
        # (on by default above 10,000 rows) after as many iterations as the
        # resampled rows make it (the grid: its refit's)
        pipe = estimator if KIND[method] == "pipeline" else estimator.best_estimator_
        out["clf_iterations"] = int(pipe.named_steps["clf"].n_iter_)
    if KIND[method] == "grid-cached":
        import shutil

        shutil.rmtree(estimator.estimator.memory, ignore_errors=True)
    if method in BASELINE:
        out.update(_filtered_extras(sampler))
    return out


def run_one(args, n: int, p: int, q: float, method: str) -> dict:
    """Run `child` in a fresh subprocess, under a watchdog for time and memory."""
    ident = {"n": n, "features": p, "minority": q, "method": method}
    cmd = [sys.executable, __file__, "--child", f"{n},{p},{q!r},{method}"]
    cmd += ["--n-jobs", str(args.n_jobs)]
    env = dict(os.environ)
    if args.threads:
        for var in THREAD_VARS:
            env[var] = str(args.threads)
    start = time.perf_counter()
    # The machine is shared: a watchdog stops a run that exceeds --timeout or
    # whose resident memory (with its worker processes) exceeds --max-memory.
    with subprocess.Popen(
        cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env
    ) as proc:
        rss_max = 0.0
        while proc.poll() is None:
            rss_max = max(rss_max, _tree_rss_mb(proc.pid))
            elapsed = time.perf_counter() - start
            if elapsed > args.timeout or rss_max > args.max_memory * 1024:
                proc.kill()
                proc.wait()
                if elapsed > args.timeout:
                    return {**ident, "timeout": args.timeout}
                return {
                    **ident,
                    "error": f"stopped after {elapsed:.0f} s at "
                    f"{rss_max / 1024:.1f} GB resident (--max-memory "
                    f"{args.max_memory:g} GB)",
                }
            time.sleep(0.2)
        stdout, stderr = proc.communicate()
    if proc.returncode != 0:
        last = (stderr or stdout).strip().splitlines()[-1:]
        return {
            **ident,
            "error": f"exit {proc.returncode} after "
            f"{time.perf_counter() - start:.0f} s: {last}",
        }
    out = json.loads(stdout.strip().splitlines()[-1])
    out["tree_peak_mb"] = rss_max  # sampled every 0.2 s, worker processes included
    return out


def _tree_rss_mb(pid: int) -> float:
    """Resident memory of `pid` and its descendants (joblib/loky workers), MB."""
    parents = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            parents.setdefault(int(fields[1]), []).append(int(entry.name))
        except (OSError, IndexError, ValueError):
            continue
    total, todo = 0.0, [pid]
    while todo:
        p = todo.pop()
        total += _child_rss_mb(p)
        todo += parents.get(p, [])
    return total


def _child_rss_mb(pid: int) -> float:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS"):
                return int(line.split()[1]) / 1024
    except (OSError, ValueError):
        pass
    return 0.0


# ---------------------------------------------------------------- machine


def _busy(load_text: str, info: dict) -> str:
    """A warning when the 1-min load average at start was half the cores or more."""
    try:
        load1 = float(load_text.split("/")[0])
    except ValueError:
        return ""
    cores = info.get("cores") or 1
    if load1 < cores / 2:
        return ""
    return (
        f"load average {load1:.2f} on {cores} cores at start. Times are noisy, "
        "and gradient boosting's OpenMP threads that wait for a busy core can "
        "slow it many times over (pipeline times above all); rerun on a quiet "
        "machine, with --repeats, or with --threads 1."
    )


def load() -> str:
    try:
        return " / ".join(f"{v:.2f}" for v in os.getloadavg())
    except OSError:
        return "unknown"


# ---------------------------------------------------------------- analysis

#: What a cell keeps of its last successful run besides the medians.
_KEPT = (
    "asked",
    "returned",
    "filled",
    "rejected",
    "rounds",
    "n_jobs",
    "max_rejected_rows",
    "rejected_rows_kept",
    "report_sample",
    "warnings",
    "best_score",
    "best_params",
    "base_sampler",
    "clf_iterations",
)


def _key(r: dict) -> tuple:
    """A run's cell: (rows, features, minority, method)."""
    return (r["n"], r["features"], r["minority"], r["method"])


def aggregate(runs: list) -> dict:
    """One cell per (rows, features, minority, method): the median over its
    successful runs."""
    groups = {}
    for r in runs:
        groups.setdefault(_key(r), []).append(r)
    out = {}
    for key, rs in groups.items():
        ok = [r for r in rs if "wall_s" in r]
        cell = dict(zip(("n", "features", "minority", "method"), key))
        cell.update(runs=len(rs), ok=len(ok))
        if ok:
            walls = [r["wall_s"] for r in ok]
            cell.update(
                wall_s=statistics.median(walls),
                wall_min=min(walls),
                wall_max=max(walls),
                walls=walls,
                peak_mb=statistics.median(r["peak_mb"] for r in ok),
                data_mb=statistics.median(r["data_mb"] for r in ok),
            )
            cell.update({k: ok[-1][k] for k in _KEPT if k in ok[-1]})
        failed = [r for r in rs if "wall_s" not in r]
        if failed:
            cell["status"] = _status(failed[-1])
            if "timeout" in failed[-1]:
                cell["timeout"] = failed[-1]["timeout"]
        out[key] = cell
    return out


def _series(cells: dict) -> dict:
    """(method, features, minority) -> the sizes run, ascending."""
    out = {}
    for n, p, q, m in cells:
        out.setdefault((m, p, q), []).append(n)
    return {k: sorted(v) for k, v in out.items()}


def analyse(cells: dict) -> dict:
    """Ratios to the baseline (same rows, features and minority) and scaling
    exponents (same method, features and minority), added to the cells."""
    for (n, p, q, m), c in cells.items():
        base = cells.get((n, p, q, BASELINE.get(m, "")))
        if base and "wall_s" in base:
            if "wall_s" in c:
                c["time_ratio"] = c["wall_s"] / base["wall_s"]
                c["mem_ratio"] = c["peak_mb"] / base["peak_mb"]
            elif "timeout" in c:  # a lower bound
                c["time_ratio_over"] = c["timeout"] / base["wall_s"]
    for (m, p, q), sizes in _series(cells).items():
        for n1, n2 in zip(sizes, sizes[1:]):
            e = _exponent(cells, (m, p, q), n1, n2)
            if e is not None:
                cells[(n2, p, q, m)]["exponent"] = e
    return cells


def _exponent(cells: dict, series: tuple, n1: int, n2: int) -> float | None:
    """``log(t2 / t1) / log(n2 / n1)`` of a (method, features, minority) series."""
    m, p, q = series
    a, b = cells.get((n1, p, q, m)), cells.get((n2, p, q, m))
    if a and b and "wall_s" in a and "wall_s" in b:
        return math.log(b["wall_s"] / a["wall_s"]) / math.log(n2 / n1)
    return None


def _ratio_text(c: dict | None, key: str = "time_ratio") -> str | None:
    if c is None:
        return None
    if key in c:
        return f"{c[key]:.2f}x"
    if key == "time_ratio" and "time_ratio_over" in c:
        return (
            f"over {c['time_ratio_over']:.0f}x (timed out after {c['timeout']:.0f} s)"
        )
    if "status" in c:
        return c["status"]
    return None


# ---------------------------------------------------------------- targets


def target_frame(cells: dict) -> tuple[int | None, float | None, bool]:
    """The features and minority the targets are read at, and whether that is
    the issue's frame (`TARGET_FEATURES`, `TARGET_MINORITY`).

    Elsewhere (a run without 50-feature, 1 % rows of the sampler or pipeline
    methods): the smallest minority and the most features run, read as
    indicative.
    """
    judged = ("sampler", "pipeline", *GRID_KINDS)
    frames = {(p, q) for n, p, q, m in cells if KIND[m] in judged}
    if not frames:
        return None, None, False
    if any(
        p == TARGET_FEATURES and math.isclose(q, TARGET_MINORITY) for p, q in frames
    ):
        return TARGET_FEATURES, TARGET_MINORITY, True
    q = min(q for _, q in frames)
    return max(p for p, qq in frames if qq == q), q, False


def targets(cells: dict) -> list[dict]:
    """The issue's targets, each met / missed / not measured, with the figure.

    Read on the cells at `target_frame`; a target whose size was not run is
    checked at the nearest stand-in (the largest size run, or the two largest
    for an exponent) and marked "indicative", not met or missed; so is every
    target when the frame is not the issue's.
    """
    p, q, official = target_frame(cells)
    sizes_of = {}
    for n, pp, qq, m in cells:
        if (pp, qq) == (p, q):
            sizes_of.setdefault(m, []).append(n)
    frame = (p, q, sizes_of)
    out = [_ratio_target(cells, frame, *spec) for spec in _RATIO_TARGETS]
    out += [_exponent_target(cells, frame, m) for m in ("filtered-default", "smote")]
    out.append(_ratio_target(cells, frame, *_FAST_TARGET))
    if not official and p is not None:
        for t in out:
            if t["state"] in ("met", "missed"):
                t["state"] = f"not measured (indicative, at {p} features, {_pct(q)})"
    return out


#: (label, method, ratio, rows, limit) of the ratio targets (issue 25).
_RATIO_TARGETS = [
    (
        "pipeline fit time <= 3x SMOTE's at 20,000 rows",
        "pipeline-filtered",
        "time_ratio",
        20_000,
        3,
    ),
    *(
        (
            f"pipeline fit time <= 2x SMOTE's at {n:,} rows",
            "pipeline-filtered",
            "time_ratio",
            n,
            2,
        )
        for n in (200_000, 1_000_000)
    ),
    (
        "grid search with memory on both sides <= 2x SMOTE's at 20,000 rows",
        "grid-filtered-cached",
        "time_ratio",
        20_000,
        2,
    ),
    (
        "grid search without memory <= 4x SMOTE's at 20,000 rows",
        "grid-filtered",
        "time_ratio",
        20_000,
        4,
    ),
    (
        "sampler wall time <= 30x SMOTE's at 1,000,000 rows",
        "filtered-default",
        "time_ratio",
        1_000_000,
        30,
    ),
    (
        "sampler peak memory <= 2x SMOTE's at 1,000,000 rows",
        "filtered-default",
        "mem_ratio",
        1_000_000,
        2,
    ),
]
_FAST_TARGET = (
    "fast setting (FAST) wall time <= 3x SMOTE's at 1,000,000 rows",
    "filtered-fast",
    "time_ratio",
    1_000_000,
    3,
)


def _ratio_target(cells, frame, label, m, key, n, limit) -> dict:
    """A ratio target of `m` at `n` rows, in `frame` (features, minority, the
    sizes run of each method there)."""
    p, q, sizes_of = frame
    at = n if (n, p, q, m) in cells else max(sizes_of.get(m, []), default=None)
    c = cells.get((at, p, q, m)) if at else None
    t = {"target": label, "method": m, "rows": at, "limit": limit}
    value = c.get(key) if c else None
    if value is None and c and key == "time_ratio" and "time_ratio_over" in c:
        value = c["time_ratio_over"]
        t["lower_bound"] = True
    t["value"] = value
    if value is None:
        t["state"] = "not measured"
        t["figure"] = _ratio_text(c, key) or "no result"
    elif at != n:
        t["state"] = f"not measured (indicative, at {at:,} rows)"
        t["figure"] = _ratio_text(c, key)
    else:
        t["state"] = "met" if value <= limit else "missed"
        t["figure"] = _ratio_text(c, key)
    return t


def _exponent_target(cells, frame, m) -> dict:
    """The scaling exponent target of `m` in `frame`: from 200,000 to 1,000,000
    rows, at most SMOTE's own exponent in the same run + `EXPONENT_MARGIN`;
    for SMOTE, the reference figure."""
    p, q, sizes_of = frame
    n1, n2 = EXPONENT_SIZES
    smote = _exponent(cells, ("smote", p, q), n1, n2)
    if m == "smote":
        label = "for reference: SMOTE's scaling exponent 200,000 -> 1,000,000 rows"
        limit = None
    else:
        label = (
            "scaling exponent 200,000 -> 1,000,000 rows <= SMOTE's own + "
            f"{EXPONENT_MARGIN:g} ({m})"
        )
        limit = None if smote is None else smote + EXPONENT_MARGIN
    t = {"target": label, "method": m, "limit": limit}
    e = _exponent(cells, (m, p, q), n1, n2)
    have = sorted(sizes_of.get(m, []))
    a, b = cells.get((n1, p, q, m)), cells.get((n2, p, q, m))
    if e is not None:
        t.update(value=e, figure=f"{e:.2f}")
        if limit is None:
            t["state"] = "not measured (no SMOTE exponent in this run)"
        else:
            t["state"] = "met" if e <= limit else "missed"
            t["figure"] += f" against {limit:.2f}"
    elif a and b and "wall_s" in a and "timeout" in b:  # a lower bound
        low = math.log(b["timeout"] / a["wall_s"]) / math.log(n2 / n1)
        t.update(
            value=low,
            lower_bound=True,
            state="missed" if limit is not None and low > limit else "not measured",
            figure=f"over {low:.2f}: {n2:,} rows timed out after {b['timeout']:.0f} s",
        )
    else:
        e = _exponent(cells, (m, p, q), *have[-2:]) if len(have) >= 2 else None
        t["value"] = None
        if e is None:
            t.update(state="not measured", figure="no result")
        else:
            t.update(
                state=f"not measured (indicative, {have[-2]:,} -> {have[-1]:,} rows)",
                figure=f"{e:.2f}",
            )
    if m == "smote":
        t["state"] = "reference"
    return t


# ---------------------------------------------------------------- output


def _fmt(c: dict, key: str, spec: str) -> str:
    return format(c[key], spec) if key in c else "-"


def _sec(v: float) -> str:
    """Seconds: three significant digits below 100 s (SMOTE takes milliseconds)."""
    return f"{v:.3g}" if v < 100 else f"{v:.0f}"


def _status(r: dict) -> str:
    if "timeout" in r:
        return f"timed out after {r['timeout']:.0f} s"
    if "error" in r:
        return f"failed: {r['error']}"
    if "skipped" in r:
        return f"skipped: {r['skipped']}"
    return ""


def _head(names: list[str]) -> list[str]:
    """A markdown table's header and rule."""
    return ["| " + " | ".join(names) + " |", "|" + "---|" * len(names)]


def _row(texts: list[str]) -> str:
    """A markdown table's row."""
    return "| " + " | ".join(texts) + " |"


def _order(c: dict):
    """Table order: kind, rows, features, minority, method."""
    m = c["method"]
    kind, method = list(KINDS).index(KIND[m]), list(METHODS).index(m)
    return (kind, c["n"], c["features"], c["minority"], method)


def table(cells: dict, repeats: int) -> list[str]:
    """The table of every cell: times, memory, ratios, what the sampler did."""
    names = ["rows", "features", "minority", "method", "wall s"]
    names += ["min-max s"] if repeats > 1 else []
    names += ["peak MB", "data MB", "time / SMOTE", "memory / SMOTE", "exponent"]
    names += ["synthetic rows (asked)", "rejected", "report sample", "n_jobs"]
    names += ["classifier iterations", "note"]
    lines = _head(names)
    for c in sorted(cells.values(), key=_order):
        spread = []
        if repeats > 1:
            spread = [
                f"{_sec(c['wall_min'])}-{_sec(c['wall_max'])}"
                if "wall_min" in c
                else "-"
            ]
        lines.append(
            _row(
                [
                    f"{c['n']:,}",
                    _features_text(c["features"], c["method"]),
                    _pct(c["minority"]),
                    c["method"],
                    _sec(c["wall_s"]) if "wall_s" in c else "-",
                    *spread,
                    _fmt(c, "peak_mb", ",.0f"),
                    _fmt(c, "data_mb", ",.0f"),
                    _fmt(c, "time_ratio", ".2f"),
                    _fmt(c, "mem_ratio", ".2f"),
                    _fmt(c, "exponent", ".2f"),
                    *_sampler_texts(c),
                    str(c.get("clf_iterations", "-")),
                    _note(c),
                ]
            )
        )
    return lines


def _sampler_texts(c: dict) -> list[str]:
    """Synthetic rows (asked), rejections, report sample and n_jobs of a cell."""
    rej = c.get("rejected")
    sample = c.get("report_sample")
    return [
        f"{c['returned']:,} ({c['asked']:,})"
        if "returned" in c and "asked" in c
        else "-",
        ", ".join(f"{k} {v:,}" for k, v in rej.items()) if rej else "-",
        ", ".join(f"{k} {v}" for k, v in sample.items()) if sample else "-",
        str(c.get("n_jobs", "-")) if c["method"] in BASELINE else "-",
    ]


def _note(c: dict) -> str:
    """Failures, runs that failed among repeats, the warnings a run raised."""
    note = c.get("status", "")
    if c.get("ok", 1) and c.get("runs", 1) > 1 and c["ok"] < c["runs"]:
        note = f"{c['ok']}/{c['runs']} runs; " + note
    if c.get("warnings"):
        note = (note + "; " if note else "") + "warnings: " + ", ".join(c["warnings"])
    return note


def ratios(cells: dict, kind: str) -> list[str]:
    """One row per (rows, features, minority) of `kind`: wall time and peak
    memory of each filtered method over its SMOTE counterpart's (and, for the
    grid search, the best cross-validated score of each)."""
    ms = KINDS[kind]
    compared = [m for m in ms[1:] if any(k[3] == m for k in cells)]
    if not compared:
        return []
    names = ["rows", "features", "minority"]
    for m in compared:
        names += [f"{m} / {BASELINE[m]} wall", f"{m} / {BASELINE[m]} peak memory"]
    if kind in GRID_KINDS:
        names += [f"{m} best {GRID_SCORING}" for m in ms]
    lines = _head(names)
    for n, p, q in sorted({k[:3] for k in cells if KIND[k[3]] == kind}):
        texts = [f"{n:,}", _features_text(p, ms[0]), _pct(q)]
        for m in compared:
            c = cells.get((n, p, q, m))
            texts += [_ratio_text(c) or "-", _ratio_text(c, "mem_ratio") or "-"]
        if kind in GRID_KINDS:
            texts += [
                _fmt(cells.get((n, p, q, m), {}), "best_score", ".4f") for m in ms
            ]
        lines.append(_row(texts))
    return lines


def ratio_sections(cells: dict, level: str = "###") -> list[str]:
    """The ratio table of each kind run, under its title."""
    lines = []
    for kind in KINDS:
        body = ratios(cells, kind)
        if body:
            lines += [f"{level} {KIND_TITLES[kind]}", "", *body, ""]
    return lines


def scaling(cells: dict) -> list[str]:
    """Scaling exponent per (method, features, minority) between consecutive
    sizes, 200k -> 1M first."""
    lines = []
    for (m, p, q), have in sorted(
        _series(cells).items(), key=lambda kv: (list(METHODS).index(kv[0][0]), kv[0])
    ):
        if len(have) < 2:
            continue
        parts = []
        top = _exponent(cells, (m, p, q), *EXPONENT_SIZES)
        if top is not None:
            parts.append(f"200,000 -> 1,000,000: **{top:.2f}**")
        for n1, n2 in zip(have, have[1:]):
            if (n1, n2) == EXPONENT_SIZES and top is not None:
                continue  # shown first
            e = _exponent(cells, (m, p, q), n1, n2)
            parts.append(f"{n1:,} -> {n2:,}: " + (f"{e:.2f}" if e is not None else "-"))
        head = f"- `{m}` ({_features_text(p, m)} features, {_pct(q)} minority): "
        lines.append(head + "; ".join(parts))
    return lines


def target_lines(goals: list[dict]) -> list[str]:
    return [f"- {t['target']}: **{t['state']}** ({t['figure']})" for t in goals]


def _header_lines(info, loads, started, elapsed, command) -> list[str]:
    """Title, command, machine, date, duration and load of the page."""
    lines = [
        "# Speed benchmark",
        "",
        f"Command: `{command}`  ",
        f"Machine: {machine_text(info)}.  ",
        f"Run on {started}; took {elapsed / 60:.1f} min; load average "
        f"(1 / 5 / 15 min) {loads[0]} at start, {loads[1]} at end.",
        "",
    ]
    if _busy(loads[0], info):
        lines += [f"**Busy machine**: {_busy(loads[0], info)}", ""]
    return lines


def _data_text(args) -> str:
    """What was measured, on what data, and how the table reads."""
    shares = ", ".join(_pct(q) for q in args.minorities)
    extra = ", ".join(_pct(q) for q in args.extra_minorities)
    return (
        "Wall time and peak memory on `make_classification` data (float64; "
        "`random_state=0`; the features of each row as in the table; the sampler "
        f"methods at {shares} minority, the pipeline, mixed and grid methods at "
        f"{extra}). Each (rows, features, minority, method, repeat) is one fresh "
        "subprocess: *peak MB* is that process's peak resident memory (`VmHWM`; "
        "the same imports and the data included), *data MB* its resident memory "
        "after the data was made. The sampler and mixed methods time "
        "`fit_resample` only, the pipeline methods the whole `Pipeline.fit`, the "
        "grid methods the whole `GridSearchCV.fit` (every fold and setting, and "
        "the refit of the best setting on all rows; `n_jobs=None`). The methods "
        "run interleaved per (rows, features, minority); "
        f"{args.repeats} run(s) per cell, median shown. *exponent* is "
        "`log(t2/t1) / log(n2/n1)` against the method's previous size at the same "
        "features and minority (1 = linear). *synthetic rows* are the rows the "
        "sampler returned beyond the input, against those asked for "
        "(`sampling_strategy_`; for the grid methods, those of the refit); "
        "*report sample* is the report's sample size where the report exposes "
        "one; *classifier iterations* are the boosting iterations of the "
        "pipeline's `HistGradientBoostingClassifier` (for the grid methods, of "
        "the refit), which stops early by default above 10,000 rows, so its "
        "cost follows the rows it is given; *note* names the warnings a run "
        "raised."
    )


def _mixed_text() -> str:
    """The mixed table's columns, as `mixed_data` makes them."""
    n_cat, n_int, n_float = MIXED["category"], MIXED["int"], MIXED["float"]
    return (
        "The mixed table is a pandas DataFrame from `make_classification("
        f"n_features={MIXED_FEATURES}, n_informative={MIXED_INFORMATIVE}, "
        f"n_redundant={MIXED_REDUNDANT}, weights=[1 - minority], shuffle=False, "
        f"random_state=0)`: {n_float} float64 columns (`f0`-`f{n_float - 1}`, "
        f"features {n_cat + n_int}-{MIXED_FEATURES - 1}: informative, redundant "
        f"and noise), {n_int} int64 columns (`i0`-`i{n_int - 1}`, informative "
        f"features {n_cat}-{n_cat + n_int - 1} times "
        f"{', '.join(map(str, MIXED_INT_SCALES))} in turn, rounded) and {n_cat} "
        f'"category" columns (`c0`-`c{n_cat - 1}`, informative features '
        f"0-{n_cat - 1} cut at their quantiles into "
        f"{', '.join(map(str, MIXED_LEVELS[:n_cat]))} levels), in that order (the "
        f"categories at positions {MIXED_CATEGORICAL}). `filtered-mixed` names no "
        "sampler: its default is SMOTENC for a frame with category columns."
    )


def _method_lines(args) -> list[str]:
    """Each method run, exactly as run, and the settings they share."""
    lines = ["Methods:", ""]
    lines += [f"- `{m}`: `{METHODS[m]}`" for m in args.methods]
    threads = (
        f"{args.threads} ({', '.join(THREAD_VARS)})"
        if args.threads
        else "inherited ("
        + ", ".join(f"{v}={os.environ.get(v, 'unset')}" for v in THREAD_VARS)
        + ")"
    )
    lines += [
        "",
        "`Pipeline` is `imblearn.pipeline.Pipeline`. The filtered methods but "
        '`filtered-fast` use the default settings (`auditors="default"`; the '
        "report and its audit are computed when `report_` is read, which no run "
        "here does); `filtered-fast` is the documented fast setting "
        "(`FAST` in `benchmarks/speed.py`), `auditors=None`. "
        f"`n_jobs={args.n_jobs}` (the filter's); threads: {threads}. Per-run "
        f"limits: {args.timeout:.0f} s, {args.max_memory:g} GB resident.",
        "",
    ]
    if any(KIND[m] == "mixed" for m in args.methods):
        lines += [_mixed_text(), ""]
    return lines


def _targets_text(cells: dict) -> str:
    """Where the targets are read."""
    p, q, official = target_frame(cells)
    where = f"Judged at {TARGET_FEATURES} features and {_pct(TARGET_MINORITY)} minority"
    if not official:
        where += (
            f"; this run has no such rows, so they are read at {p} features and "
            f"{_pct(q)} minority, indicative only"
            if p is not None
            else "; this run has no sampler, pipeline or grid rows"
        )
    return (
        where + ". Default settings (the report is computed when read, and no run "
        "reads it), measured side by side in one run, ratios against SMOTE."
    )


def markdown(args, cells, goals, info, loads, started, elapsed, command) -> str:
    """The page: header, methods, the table, ratios, exponents, targets."""
    lines = [
        *_header_lines(info, loads, started, elapsed, command),
        _data_text(args),
        "",
        *_method_lines(args),
        *table(cells, args.repeats),
        "",
    ]
    rat = ratio_sections(cells)
    if rat:
        lines += ["## Ratios to SMOTE", "", *rat]
    sca = scaling(cells)
    if sca:
        lines += ["## Scaling exponents", "", *sca, ""]
    lines += ["## Targets", "", _targets_text(cells), "", *target_lines(goals), ""]
    return "\n".join(lines)


def _kept_tail(old: str) -> str:
    """An earlier page's hand-written sections: from its first ``## `` heading
    that this script does not write (`GENERATED`) to its end."""
    for match in re.finditer(r"^## (.+)$", old, flags=re.MULTILINE):
        if match.group(1).strip() not in GENERATED:
            return old[match.start() :]
    return ""


def write_page(path: Path, text: str) -> None:
    """Write the page, keeping the hand-written sections of the one it replaces."""
    tail = _kept_tail(path.read_text()) if path.is_file() else ""
    if tail:
        text = text.rstrip("\n") + "\n\n" + tail
    path.write_text(text)


# ---------------------------------------------------------------- main


def _ints(text: str) -> list[int]:
    return [int(float(s)) for s in text.split(",") if s.strip()]


def _floats(text: str) -> list[float]:
    """``0.01,0.1`` -> [0.01, 0.1]."""
    return [float(s) for s in text.split(",") if s.strip()]


def _sizes(text: str, features: int) -> list[tuple[int, int]]:
    """``5000x20,20000`` -> [(5000, 20), (20000, features)]."""
    out = []
    for item in text.split(","):
        if item.strip():
            n, _, p = item.strip().lower().partition("x")
            try:
                out.append((int(float(n)), int(p) if p else features))
            except ValueError:
                raise ValueError(f"size {item!r}: ROWS or ROWSxFEATURES") from None
    return out


def _parser() -> argparse.ArgumentParser:
    """The command line."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    add = parser.add_argument
    add(
        "--sizes",
        default=None,
        help="sizes for the sampler methods: comma list of ROWS or ROWSxFEATURES "
        f"(e.g. 5000x20,200000x50); default {DEFAULTS['sizes']}",
    )
    add(
        "--pipeline-sizes",
        default=None,
        help=f"sizes for the pipeline methods; default {DEFAULTS['pipeline_sizes']}",
    )
    add(
        "--pipeline-1m",
        action="store_true",
        help=f"add {PIPELINE_1M:,} rows to the pipeline sizes (long: the filtered "
        "pipeline there takes many minutes)",
    )
    add(
        "--mixed-sizes",
        default=None,
        help="rows for the mixed-table methods (always "
        f"{MIXED_FEATURES} columns); default {DEFAULTS['mixed_sizes']}",
    )
    add(
        "--grid-sizes",
        default=None,
        help=f"sizes for the grid-search methods; default {DEFAULTS['grid_sizes']}",
    )
    add("--features", type=int, default=None, help="features of a plain ROWS size")
    add(
        "--minority",
        default="0.01",
        help="minority shares of the sampler methods, comma list (default 0.01); "
        "each is its own set of rows",
    )
    add(
        "--extra-minority",
        default=None,
        help="minority shares of the pipeline, mixed and grid methods, comma "
        "list (default: the first of --minority)",
    )
    add(
        "--methods",
        default=",".join(METHODS),
        help="comma list of " + ", ".join(METHODS) + " (default: all)",
    )
    # Older spelling: filtered settings (default, fast), SMOTE always.
    add("--settings", default=None, help=argparse.SUPPRESS)
    add("--repeats", type=int, default=1, help="runs per cell, median shown")
    add(
        "--n-jobs",
        type=lambda s: None if s == "None" else int(s),
        default=None,
        help="n_jobs of the filtered sampler (default None)",
    )
    add(
        "--threads",
        type=int,
        default=None,
        help="set OMP_NUM_THREADS, OPENBLAS_NUM_THREADS and MKL_NUM_THREADS in "
        "every run (default: inherited). On a busy machine OpenMP threads that "
        "wait for a core can slow gradient boosting many times over",
    )
    add("--timeout", type=float, default=1200, help="seconds per run (default 1200)")
    add(
        "--max-memory",
        type=float,
        default=16,
        help="GB of resident memory at which a run is stopped (default 16)",
    )
    add(
        "--quick",
        action="store_true",
        help="smoke test: every method at 2000,5000 rows (mixed and grid at 2000), "
        "10 features (explicit sizes and --features win)",
    )
    add("--out", default=None, help="markdown file to write")
    add("--json", default=None, help="raw results (JSON) to write")
    add("--child", default=None, help=argparse.SUPPRESS)
    return parser


def _methods(args) -> list[str]:
    """The methods asked for (--methods, or the older --settings), in METHODS order."""
    methods = [m.strip() for m in args.methods.split(",") if m.strip()]
    if args.settings is not None:
        settings = [s.strip() for s in args.settings.split(",") if s.strip()]
        methods = [m for m in methods if not m.startswith("filtered-")]
        methods += [f"filtered-{s}" for s in settings]
    unknown = sorted(set(methods) - set(METHODS))
    if unknown:
        raise ValueError(f"unknown methods {unknown}; choose from {list(METHODS)}")
    return [m for m in METHODS if m in methods]


def plan(args) -> dict:
    """(rows, features, minority) -> the methods run on it, in METHODS order."""
    where = {
        "sampler": (_sizes(args.sizes, args.features), args.minorities),
        "pipeline": (_sizes(args.pipeline_sizes, args.features), args.extra_minorities),
        "mixed": (
            [(n, MIXED_FEATURES) for n in _ints(args.mixed_sizes)],
            args.extra_minorities,
        ),
        "grid": (_sizes(args.grid_sizes, args.features), args.extra_minorities),
        "grid-cached": (
            _sizes(args.grid_sizes, args.features),
            args.extra_minorities,
        ),
    }
    cases = {}
    for m in args.methods:
        sizes, shares = where[KIND[m]]
        for n, p in sizes:
            for q in shares:
                cases.setdefault((n, p, q), []).append(m)
    return dict(sorted(cases.items()))


def _resolve(parser, argv) -> argparse.Namespace:
    """Parse the command line, fill the defaults (or --quick's) and check it."""
    args = parser.parse_args(argv)
    for key, value in DEFAULTS.items():
        if getattr(args, key) is None:
            setattr(args, key, QUICK[key] if args.quick else value)
    if getattr(args, "pipeline_1m", False) and str(PIPELINE_1M) not in {
        s.strip().partition("x")[0] for s in args.pipeline_sizes.split(",")
    }:
        args.pipeline_sizes += f",{PIPELINE_1M}"
    try:
        args.minorities = _floats(args.minority)
        args.extra_minorities = (
            _floats(args.extra_minority)
            if args.extra_minority is not None
            else args.minorities[:1]
        )
        args.methods = _methods(args)
        if "x" in args.mixed_sizes.lower():
            raise ValueError(f"--mixed-sizes are rows ({MIXED_FEATURES} columns)")
        if args.child is None:
            args.plan = plan(args)
    except ValueError as exc:
        parser.error(str(exc))
    bad = sorted(
        {q for q in args.minorities + args.extra_minorities if not 0 < q < 0.5}
    )
    if bad:
        parser.error(f"minority shares must lie in (0, 0.5), got {bad}")
    return args


def measure(args) -> list[dict]:
    """Every planned (case, method, repeat), each in a fresh subprocess."""
    runs, stopped = [], []  # stopped: (method, rows, minority, why)
    for (n, p, q), ms in args.plan.items():
        for rep in range(args.repeats):
            for m in ms if rep % 2 == 0 else ms[::-1]:
                why = [
                    w for mm, nn, qq, w in stopped if mm == m and nn <= n and qq <= q
                ]
                if why:  # failed at no more rows and no larger minority
                    if rep == 0:
                        runs.append(
                            {"n": n, "features": p, "minority": q, "method": m}
                            | {"skipped": why[0]}
                        )
                    continue
                r = run_one(args, n, p, q, m) | {"repeat": rep}
                runs.append(r)
                print(
                    f"{n:>9,} x{p:<3} {_pct(q):>6} {m:<17} #{rep + 1} "
                    + (
                        f"{r['wall_s']:8.2f} s {r['peak_mb']:8,.0f} MB"
                        if "wall_s" in r
                        else _status(r)
                    ),
                    flush=True,
                )
                if "timeout" in r or "error" in r:
                    stopped.append((m, n, q, f"{_status(r)} at {n:,} rows, {_pct(q)}"))
    return runs


def _print_results(args, cells, goals) -> None:
    """The table, the ratios, the exponents and the targets, on stdout."""
    print()
    print("\n".join(table(cells, args.repeats)))
    rat = ratio_sections(cells)
    if rat:
        print("\nRatios to SMOTE:\n\n" + "\n".join(rat))
    sca = scaling(cells)
    if sca:
        print("Scaling:\n" + "\n".join(sca))
    print(f"\nTargets: {_targets_text(cells)}\n" + "\n".join(target_lines(goals)))


def _raw(args, meta: dict, runs, cells, goals) -> dict:
    """The JSON file's content."""
    return {
        **meta,
        "settings": {
            "sizes": _sizes(args.sizes, args.features),
            "pipeline_sizes": _sizes(args.pipeline_sizes, args.features),
            "mixed_sizes": _ints(args.mixed_sizes),
            "grid_sizes": _sizes(args.grid_sizes, args.features),
            "features": args.features,
            "minority": args.minorities,
            "extra_minority": args.extra_minorities,
            "methods": args.methods,
            "method_text": {m: METHODS[m] for m in args.methods},
            "repeats": args.repeats,
            "n_jobs": args.n_jobs,
            "threads": args.threads,
            "thread_env": {v: os.environ.get(v) for v in THREAD_VARS},
            "timeout": args.timeout,
            "max_memory_gb": args.max_memory,
            "fast": FAST,
            "grid": {"params": GRID, "cv": GRID_CV, "scoring": GRID_SCORING},
            "mixed": {"columns": MIXED, "levels": MIXED_LEVELS},
        },
        "runs": runs,
        "cells": sorted(cells.values(), key=_order),
        "targets": goals,
    }


def _command(argv) -> str:
    """The command line that made this run, from the project root."""
    argv_list = sys.argv if argv is None else [__file__, *argv]
    script = os.path.relpath(argv_list[0], ROOT) if argv is not None else argv_list[0]
    return shlex.join(["python", script, *argv_list[1:]])


def main(argv=None) -> int:
    """Run the benchmark (or, with ``--child``, one measurement)."""
    args = _resolve(_parser(), argv)
    if args.child:
        n, p, q, method = args.child.split(",")
        print(json.dumps(child(int(n), int(p), float(q), method, args.n_jobs)))
        return 0
    command = _command(argv)
    started = datetime.datetime.now().isoformat(timespec="seconds")
    t_start = time.perf_counter()
    load_start = load()
    info = machine()
    print(f"{command}\nload average at start: {load_start}", flush=True)
    if _busy(load_start, info):
        print("warning: " + _busy(load_start, info), flush=True)
    runs = measure(args)
    load_end = load()
    elapsed = time.perf_counter() - t_start
    cells = analyse(aggregate(runs))
    goals = targets(cells)
    _print_results(args, cells, goals)
    print(f"load average at end: {load_end}; took {elapsed / 60:.1f} min")
    if args.out:
        loads = (load_start, load_end)
        page = markdown(args, cells, goals, info, loads, started, elapsed, command)
        write_page(Path(args.out), page)
        print(f"wrote {args.out}")
    if args.json:
        meta = {
            "command": command,
            "machine": info,
            "started": started,
            "duration_s": elapsed,
            "load": {"start": load_start, "end": load_end},
        }
        raw = _raw(args, meta, runs, cells, goals)
        Path(args.json).write_text(json.dumps(raw, indent=1, default=str))
        print(f"wrote {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
