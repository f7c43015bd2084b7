"""Speed benchmark: FilteredOverSampler(SMOTE()) against SMOTE alone.

Two measurements, side by side in one run, on ``make_classification`` data
(float64, 50 features and a 1 % minority by default):

* the sampler alone: wall time and peak memory of ``fit_resample`` for
  imbalanced-learn's ``SMOTE`` (``smote``), for
  ``FilteredOverSampler(sampler=SMOTE())`` with its default settings, report and
  audit included (``filtered-default``), and with the documented fast settings
  ``FAST`` (``filtered-fast``);
* a pipeline: the whole ``imblearn.pipeline.Pipeline([("s", sampler), ("clf",
  HistGradientBoostingClassifier(random_state=0))]).fit(X, y)``, with
  ``SMOTE(random_state=0)`` (``pipeline-smote``) and with
  ``FilteredOverSampler(sampler=SMOTE(), random_state=0)`` (``pipeline-filtered``).

Every (size, method, repeat) runs in a fresh subprocess, so its peak resident
memory is its own, under a watchdog for time and memory. The methods are
interleaved per size (and their order reversed on every other repeat), so a busy
spell on a shared machine hits them alike; ``--repeats N`` takes the median over
N runs per cell. The script prints and writes (``--out`` markdown, ``--json``
raw results) the table, the ratios to SMOTE, the scaling exponents
``log(t2 / t1) / log(n2 / n1)`` and the issue's targets, met or missed.

Run from the project root; the full targets (long: see the docs page)::

    python benchmarks/speed.py --sizes 20000,200000,1000000 \\
        --pipeline-sizes 20000,200000 --out docs/benchmarks-speed.md

``--quick`` is a smoke test of every method at 2,000 and 5,000 rows with 10
features (about a minute); see ``--help``.
"""

from __future__ import annotations

import argparse
import datetime
import json
import math
import os
import platform
import resource
import shlex
import statistics
import subprocess
import sys
import time
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

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

_PIPE = (
    'Pipeline([("s", {}), '
    '("clf", HistGradientBoostingClassifier(random_state=0))]).fit(X, y)'
)
METHODS = {
    "smote": "SMOTE(random_state=0)",
    "filtered-default": "FilteredOverSampler(sampler=SMOTE(), random_state=0)",
    "filtered-fast": "FilteredOverSampler(sampler=SMOTE(), random_state=0, "
    + ", ".join(f"{k}={v!r}" for k, v in FAST.items())
    + ")",
    "pipeline-smote": _PIPE.format("SMOTE(random_state=0)"),
    "pipeline-filtered": _PIPE.format(
        "FilteredOverSampler(sampler=SMOTE(), random_state=0)"
    ),
}
SAMPLER_METHODS = ("smote", "filtered-default", "filtered-fast")
PIPELINE_METHODS = ("pipeline-smote", "pipeline-filtered")
#: The method each one is compared with.
BASELINE = {
    "filtered-default": "smote",
    "filtered-fast": "smote",
    "pipeline-filtered": "pipeline-smote",
}
QUICK = {"sizes": "2000,5000", "pipeline_sizes": "2000,5000", "features": 10}
EXPONENT_SIZES = (200_000, 1_000_000)
#: Set to --threads in the children (OpenMP: gradient boosting; BLAS).
THREAD_VARS = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS")


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


# ---------------------------------------------------------------- one run


def _make_sampler(method: str, n_jobs):
    from imblearn.over_sampling import SMOTE

    from synthsieve import FilteredOverSampler

    if method in ("smote", "pipeline-smote"):
        return SMOTE(random_state=0)
    params = FAST if method == "filtered-fast" else {}
    return FilteredOverSampler(sampler=SMOTE(), random_state=0, n_jobs=n_jobs, **params)


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
    out = {"n_jobs": getattr(sampler, "n_jobs", None)}
    if hasattr(sampler, "max_rejected_rows"):
        out["max_rejected_rows"] = sampler.max_rejected_rows
    # Rejections by reason: the report's counts (rejected_ may keep a sample).
    counts = {}
    report = getattr(sampler, "report_", None)
    for entry in (getattr(report, "classes", None) or {}).values():
        for reason, k in (entry.get("rejected") or {}).items():
            counts[reason] = counts.get(reason, 0) + int(k)
    rejected = getattr(sampler, "rejected_", None)
    if not counts and rejected is not None and len(rejected):
        reasons = rejected["reason"].astype(str).str.split(":").str[0]
        counts = {k: int(v) for k, v in reasons.value_counts().items()}
    out["rejected"] = {k: v for k, v in counts.items() if v}
    if rejected is not None:
        out["rejected_rows_kept"] = int(len(rejected))
    rounds = getattr(sampler, "n_rounds_", None) or {}
    out["rounds"] = {str(k): int(v) for k, v in rounds.items()}
    out["audit"] = sampler.auditors is not None
    if report is not None:
        sample = _report_sample(report)
        if sample:
            out["report_sample"] = sample
        classes = getattr(report, "classes", None) or {}
        filled = [c.get("filled") for c in classes.values() if isinstance(c, dict)]
        if filled and all(isinstance(f, int) for f in filled):
            out["filled"] = sum(filled)
    return out


def child(n: int, n_features: int, minority: float, method: str, n_jobs) -> dict:
    """One measurement, run in a fresh interpreter; returns a JSON-able dict."""
    import numpy as np
    from imblearn.pipeline import Pipeline
    from sklearn.datasets import make_classification
    from sklearn.ensemble import HistGradientBoostingClassifier

    import synthsieve  # noqa: F401  (the same imports for every method)

    X, y = make_classification(
        n_samples=n,
        n_features=n_features,
        weights=[1 - minority],
        random_state=0,
    )
    data_mb = _rss_mb()
    sampler = _make_sampler(method, n_jobs)
    pipeline = method in PIPELINE_METHODS
    if pipeline:
        model = Pipeline(
            [("s", sampler), ("clf", HistGradientBoostingClassifier(random_state=0))]
        )
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        start = time.perf_counter()
        if pipeline:
            model.fit(X, y)
        else:
            X_res, y_res = sampler.fit_resample(X, y)
        wall = time.perf_counter() - start
    if pipeline:
        sampler = model.named_steps["s"]  # the fitted step (no caching: no clone)
    out = {
        "n": n,
        "method": method,
        "wall_s": wall,
        "peak_mb": _rss_mb(),
        "data_mb": data_mb,
        "counts_in": np.bincount(y).tolist(),
        "asked": int(sum(getattr(sampler, "sampling_strategy_", {}).values())),
        "warnings": sorted({type(w.message).__name__ for w in caught}),
    }
    if not pipeline:
        out["returned"] = int(len(y_res) - len(y))
        out["counts_out"] = np.bincount(y_res).tolist()
    elif getattr(sampler, "accepted_", None) is not None:
        out["returned"] = int(len(sampler.accepted_))
    if method not in ("smote", "pipeline-smote"):
        out.update(_filtered_extras(sampler))
    return out


def run_one(args, n: int, method: str) -> dict:
    """Run `child` in a fresh subprocess, under a watchdog for time and memory."""
    cmd = [
        sys.executable,
        __file__,
        "--child",
        f"{n},{method}",
        "--features",
        str(args.features),
        "--minority",
        str(args.minority),
        "--n-jobs",
        str(args.n_jobs),
    ]
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
                    return {"n": n, "method": method, "timeout": args.timeout}
                return {
                    "n": n,
                    "method": method,
                    "error": f"stopped after {elapsed:.0f} s at "
                    f"{rss_max / 1024:.1f} GB resident (--max-memory "
                    f"{args.max_memory:g} GB)",
                }
            time.sleep(0.2)
        stdout, stderr = proc.communicate()
    if proc.returncode != 0:
        last = (stderr or stdout).strip().splitlines()[-1:]
        return {
            "n": n,
            "method": method,
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


def _machine_text(info: dict) -> str:
    return (
        f"{info['cpu']}, {info['cores']} cores, {info['ram']} RAM; Python "
        f"{info['python']}, numpy {info['numpy']}, scikit-learn {info['sklearn']}, "
        f"imbalanced-learn {info['imblearn']}, torch {info['torch']}"
    )


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


def aggregate(runs: list) -> dict:
    """One cell per (size, method): the median over its successful runs."""
    cells = {}
    for r in runs:
        cells.setdefault((r["n"], r["method"]), []).append(r)
    out = {}
    for key, rs in cells.items():
        ok = [r for r in rs if "wall_s" in r]
        cell = {"n": key[0], "method": key[1], "runs": len(rs), "ok": len(ok)}
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
            last = ok[-1]
            for k in (
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
            ):
                if k in last:
                    cell[k] = last[k]
        failed = [r for r in rs if "wall_s" not in r]
        if failed:
            cell["status"] = _status(failed[-1])
            if "timeout" in failed[-1]:
                cell["timeout"] = failed[-1]["timeout"]
        out[key] = cell
    return out


def analyse(cells: dict, args) -> dict:
    """Ratios to the baseline and scaling exponents, added to the cells in place."""
    for (n, m), c in cells.items():
        base = cells.get((n, BASELINE.get(m, "")))
        if base and "wall_s" in base:
            if "wall_s" in c:
                c["time_ratio"] = c["wall_s"] / base["wall_s"]
                c["mem_ratio"] = c["peak_mb"] / base["peak_mb"]
            elif "timeout" in c:  # a lower bound
                c["time_ratio_over"] = c["timeout"] / base["wall_s"]
    for m in args.methods:
        sizes = sorted(n for (n, mm) in cells if mm == m)
        for n1, n2 in zip(sizes, sizes[1:]):
            a, b = cells[(n1, m)], cells[(n2, m)]
            if "wall_s" in a and "wall_s" in b:
                b["exponent"] = math.log(b["wall_s"] / a["wall_s"]) / math.log(n2 / n1)
    return cells


def _exponent(cells: dict, m: str, n1: int, n2: int) -> float | None:
    a, b = cells.get((n1, m)), cells.get((n2, m))
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


def targets(cells: dict) -> list[dict]:
    """The issue's targets, each met / missed / not measured, with the figure.

    A target whose size was not run is checked at the nearest stand-in (the
    largest size run, or the two largest for an exponent) and marked
    "indicative", not met or missed.
    """
    sizes_of = {}
    for n, m in cells:
        sizes_of.setdefault(m, []).append(n)
    out = []

    def ratio(label, m, key, n, limit):
        at = n
        if (n, m) not in cells:
            have = sorted(sizes_of.get(m, []))
            at = have[-1] if have else None
        c = cells.get((at, m)) if at else None
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
        out.append(t)

    for n in (20_000, 200_000):
        ratio(
            f"pipeline fit time <= 3x SMOTE's at {n:,} rows",
            "pipeline-filtered",
            "time_ratio",
            n,
            3,
        )
    for n in (200_000, 1_000_000):
        ratio(
            f"sampler wall time <= 10x SMOTE's at {n:,} rows",
            "filtered-default",
            "time_ratio",
            n,
            10,
        )
    ratio(
        "sampler peak memory <= 2x SMOTE's at 1,000,000 rows",
        "filtered-default",
        "mem_ratio",
        1_000_000,
        2,
    )
    for m in ("filtered-default", "smote"):
        n1, n2 = EXPONENT_SIZES
        label = f"scaling exponent 200,000 -> 1,000,000 rows <= 1.1 ({m})"
        t = {"target": label, "method": m, "limit": 1.1}
        e = _exponent(cells, m, n1, n2)
        if e is not None:
            t.update(value=e, figure=f"{e:.2f}", state="met" if e <= 1.1 else "missed")
        else:
            have = sorted(sizes_of.get(m, []))
            e = _exponent(cells, m, *have[-2:]) if len(have) >= 2 else None
            t["value"] = None
            a, b = cells.get((n1, m)), cells.get((n2, m))
            if a and b and "wall_s" in a and "timeout" in b:  # a lower bound
                low = math.log(b["timeout"] / a["wall_s"]) / math.log(n2 / n1)
                t.update(
                    value=low,
                    lower_bound=True,
                    state="missed" if low > 1.1 else "not measured",
                    figure=f"over {low:.2f}: {n2:,} rows timed out after "
                    f"{b['timeout']:.0f} s",
                )
            elif e is None:
                t.update(state="not measured", figure="no result")
            else:
                t.update(
                    state=f"not measured (indicative, {have[-2]:,} -> "
                    f"{have[-1]:,} rows)",
                    figure=f"{e:.2f}",
                )
        if m == "smote":
            t["target"] = "for reference: " + label.replace(" <= 1.1", "")
            t["state"] = "reference"
        out.append(t)
    ratio(
        "fast setting (FAST) wall time <= 3x SMOTE's at 1,000,000 rows",
        "filtered-fast",
        "time_ratio",
        1_000_000,
        3,
    )
    return out


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


def table(cells: dict, repeats: int) -> list[str]:
    head = (
        "| rows | method | wall s | "
        + ("min-max s | " if repeats > 1 else "")
        + "peak MB | data MB | time / SMOTE | memory / SMOTE | exponent | "
        "synthetic rows (asked) | rejected | report sample | n_jobs | note |"
    )
    lines = [head, "|" + "---|" * (head.count("|") - 1)]
    for c in sorted(cells.values(), key=_order):
        rej = c.get("rejected")
        rej_txt = ", ".join(f"{k} {v:,}" for k, v in rej.items()) if rej else "-"
        rows = (
            f"{c['returned']:,} ({c['asked']:,})"
            if "returned" in c and "asked" in c
            else "-"
        )
        sample = c.get("report_sample")
        sample_txt = ", ".join(f"{k} {v}" for k, v in sample.items()) if sample else "-"
        spread = (
            f"{_sec(c['wall_min'])}-{_sec(c['wall_max'])} | "
            if repeats > 1 and "wall_min" in c
            else ("- | " if repeats > 1 else "")
        )
        note = c.get("status", "")
        if c.get("ok", 1) and c.get("runs", 1) > 1 and c["ok"] < c["runs"]:
            note = f"{c['ok']}/{c['runs']} runs; " + note
        lines.append(
            f"| {c['n']:,} | {c['method']} | "
            f"{_sec(c['wall_s']) if 'wall_s' in c else '-'} | {spread}"
            f"{_fmt(c, 'peak_mb', ',.0f')} | {_fmt(c, 'data_mb', ',.0f')} | "
            f"{_fmt(c, 'time_ratio', '.2f')} | {_fmt(c, 'mem_ratio', '.2f')} | "
            f"{_fmt(c, 'exponent', '.2f')} | {rows} | {rej_txt} | {sample_txt} | "
            f"{c.get('n_jobs', '-') if c['method'] != 'smote' else '-'} | {note} |"
        )
    return lines


def _order(c: dict):
    return (c["n"], list(METHODS).index(c["method"]))


def ratios(cells: dict) -> list[str]:
    """Filtered / SMOTE wall and peak memory per size, and the pipeline ratio."""
    sizes = sorted({n for n, _ in cells})
    cols = [m for m in BASELINE if any(mm == m for _, mm in cells)]
    if not cols:
        return []
    head = "| rows | " + " | ".join(
        f"{m} / {BASELINE[m]} wall"
        + (f" | {m} / {BASELINE[m]} peak memory" if m in SAMPLER_METHODS else "")
        for m in cols
    )
    head += " |"
    lines = [head, "|" + "---|" * (head.count("|") - 1)]
    for n in sizes:
        cells_txt = []
        for m in cols:
            c = cells.get((n, m))
            cells_txt.append((_ratio_text(c) or "-") if c else "-")
            if m in SAMPLER_METHODS:
                cells_txt.append((_ratio_text(c, "mem_ratio") or "-") if c else "-")
        lines.append(f"| {n:,} | " + " | ".join(cells_txt) + " |")
    return lines


def scaling(cells: dict) -> list[str]:
    """Scaling exponent per method between consecutive sizes, 200k -> 1M first."""
    lines = []
    for m in METHODS:
        have = sorted(n for n, mm in cells if mm == m)
        if len(have) < 2:
            continue
        parts = []
        e = _exponent(cells, m, *EXPONENT_SIZES)
        if e is not None:
            parts.append(f"200,000 -> 1,000,000: **{e:.2f}**")
        for n1, n2 in zip(have, have[1:]):
            if (n1, n2) == EXPONENT_SIZES and parts:
                continue
            e = _exponent(cells, m, n1, n2)
            parts.append(f"{n1:,} -> {n2:,}: " + (f"{e:.2f}" if e is not None else "-"))
        lines.append(f"- `{m}`: " + "; ".join(parts))
    return lines


def target_lines(goals: list[dict]) -> list[str]:
    return [f"- {t['target']}: **{t['state']}** ({t['figure']})" for t in goals]


def markdown(args, cells, goals, info, loads, started, elapsed, command) -> str:
    lines = [
        "# Speed benchmark",
        "",
        f"Command: `{command}`  ",
        f"Machine: {_machine_text(info)}.  ",
        f"Run on {started}; took {elapsed / 60:.1f} min; load average "
        f"(1 / 5 / 15 min) {loads[0]} at start, {loads[1]} at end.",
        "",
        *(
            [f"**Busy machine**: {_busy(loads[0], info)}", ""]
            if _busy(loads[0], info)
            else []
        ),
        "Wall time and peak memory on `make_classification` data "
        f"({args.features} float64 features, {args.minority:.0%} minority, "
        "`random_state=0`). Each (size, method, repeat) is one fresh subprocess: "
        "*peak MB* is that process's peak resident memory (`VmHWM`; the same "
        "imports and the data included), *data MB* its resident memory after "
        "the data was made. The sampler methods time `fit_resample` only, the "
        "pipeline methods the whole `Pipeline.fit`. The methods run interleaved "
        f"per size; {args.repeats} run(s) per cell, median shown. *exponent* is "
        "`log(t2/t1) / log(n2/n1)` against the method's previous size (1 = "
        "linear). *synthetic rows* are the rows the sampler returned beyond the "
        "input, against those asked for (`sampling_strategy_`); *report sample* "
        "is the report's sample size where the report exposes one.",
        "",
        "Methods:",
        "",
    ]
    for m in args.methods:
        lines.append(f"- `{m}`: `{METHODS[m]}`")
    lines += [
        "",
        "`filtered-default` and `pipeline-filtered` use the default settings, "
        'the report\'s audit included (`auditors="default"`); `filtered-fast` is '
        "the documented fast setting (`FAST` in `benchmarks/speed.py`), "
        f"`auditors=None`. `n_jobs={args.n_jobs}`; threads: "
        + (
            f"{args.threads} ({', '.join(THREAD_VARS)})"
            if args.threads
            else "inherited ("
            + ", ".join(f"{v}={os.environ.get(v, 'unset')}" for v in THREAD_VARS)
            + ")"
        )
        + f". Per-run limits: "
        f"{args.timeout:.0f} s, {args.max_memory:g} GB resident.",
        "",
        *table(cells, args.repeats),
        "",
    ]
    rat = ratios(cells)
    if rat:
        lines += ["## Ratios to SMOTE", "", *rat, ""]
    sca = scaling(cells)
    if sca:
        lines += ["## Scaling exponents", "", *sca, ""]
    lines += [
        "## Targets",
        "",
        "Default settings, report included, measured side by side in one run, "
        "ratios against SMOTE.",
        "",
        *target_lines(goals),
        "",
    ]
    return "\n".join(lines)


# ---------------------------------------------------------------- main


def _ints(text: str) -> list[int]:
    return [int(float(s)) for s in text.split(",") if s.strip()]


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--sizes",
        default=None,
        help="rows for the sampler methods (comma list); default 20000,200000,1000000",
    )
    parser.add_argument(
        "--pipeline-sizes",
        default=None,
        help="rows for the pipeline methods; default 20000,200000",
    )
    parser.add_argument(
        "--features", type=int, default=None, help="features; default 50"
    )
    parser.add_argument(
        "--minority", type=float, default=0.01, help="minority share (default 0.01)"
    )
    parser.add_argument(
        "--methods",
        default=",".join(METHODS),
        help="comma list of " + ", ".join(METHODS) + " (default: all)",
    )
    parser.add_argument(
        "--settings", default=None, help=argparse.SUPPRESS
    )  # older spelling: filtered settings (default, fast), SMOTE always
    parser.add_argument(
        "--repeats",
        type=int,
        default=1,
        help="runs per cell; the median is shown (default 1)",
    )
    parser.add_argument(
        "--n-jobs",
        type=lambda s: None if s == "None" else int(s),
        default=None,
        help="n_jobs of the filtered sampler (default None)",
    )
    parser.add_argument(
        "--threads",
        type=int,
        default=None,
        help="set OMP_NUM_THREADS, OPENBLAS_NUM_THREADS and MKL_NUM_THREADS in "
        "every run (default: inherited). On a busy machine OpenMP threads that "
        "wait for a core can slow gradient boosting many times over",
    )
    parser.add_argument(
        "--timeout", type=float, default=1200, help="seconds per run (default 1200)"
    )
    parser.add_argument(
        "--max-memory",
        type=float,
        default=16,
        help="GB of resident memory at which a run is stopped (default 16)",
    )
    parser.add_argument(
        "--quick",
        action="store_true",
        help="smoke test: 2000,5000 rows, 10 features, every method "
        "(explicit --sizes / --pipeline-sizes / --features win)",
    )
    parser.add_argument("--out", default=None, help="markdown file to write")
    parser.add_argument("--json", default=None, help="raw results (JSON) to write")
    parser.add_argument("--child", default=None, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    defaults = {
        "sizes": "20000,200000,1000000",
        "pipeline_sizes": "20000,200000",
        "features": 50,
    }
    for key, value in defaults.items():
        if getattr(args, key) is None:
            setattr(args, key, QUICK[key] if args.quick else value)

    if args.child:
        n, method = args.child.split(",")
        result = child(int(n), args.features, args.minority, method, args.n_jobs)
        print(json.dumps(result))
        return 0

    methods = [m.strip() for m in args.methods.split(",") if m.strip()]
    if args.settings is not None:
        settings = [s.strip() for s in args.settings.split(",") if s.strip()]
        methods = [m for m in methods if not m.startswith("filtered-")]
        methods += [f"filtered-{s}" for s in settings]
    unknown = sorted(set(methods) - set(METHODS))
    if unknown:
        parser.error(f"unknown methods {unknown}; choose from {list(METHODS)}")
    args.methods = [m for m in METHODS if m in methods]
    sizes, pipe_sizes = _ints(args.sizes), _ints(args.pipeline_sizes)
    plan = {}  # size -> methods, in METHODS order
    for n in sorted(set(sizes) | set(pipe_sizes)):
        plan[n] = [
            m
            for m in args.methods
            if (m in SAMPLER_METHODS and n in sizes)
            or (m in PIPELINE_METHODS and n in pipe_sizes)
        ]

    argv_list = sys.argv if argv is None else [__file__, *argv]
    script = os.path.relpath(argv_list[0], ROOT) if argv is not None else argv_list[0]
    command = shlex.join(["python", script, *argv_list[1:]])
    started = datetime.datetime.now().isoformat(timespec="seconds")
    t_start = time.perf_counter()
    load_start = load()
    info = machine()
    print(f"{command}\nload average at start: {load_start}", flush=True)
    if _busy(load_start, info):
        print("warning: " + _busy(load_start, info), flush=True)
    runs, stopped = [], {}  # stopped: method -> why larger sizes are skipped
    for n, ms in plan.items():
        for rep in range(args.repeats):
            order = ms if rep % 2 == 0 else ms[::-1]
            for m in order:
                if m in stopped:
                    if rep == 0:
                        runs.append({"n": n, "method": m, "skipped": stopped[m]})
                    continue
                done = [r for r in runs if r["n"] == n and r["method"] == m]
                if any("wall_s" not in r for r in done):
                    continue  # a failed cell is not run again
                r = run_one(args, n, m)
                r["repeat"] = rep
                runs.append(r)
                print(
                    f"{n:>9,} {m:<17} #{rep + 1} "
                    + (
                        f"{r['wall_s']:8.2f} s {r['peak_mb']:8,.0f} MB"
                        if "wall_s" in r
                        else _status(r)
                    ),
                    flush=True,
                )
                if "timeout" in r or "error" in r:
                    stopped[m] = f"{_status(r)} at {n:,} rows"
    load_end = load()
    elapsed = time.perf_counter() - t_start
    cells = analyse(aggregate(runs), args)
    goals = targets(cells)
    print()
    print("\n".join(table(cells, args.repeats)))
    for title, body in (
        ("Ratios to SMOTE", ratios(cells)),
        ("Scaling", scaling(cells)),
    ):
        if body:
            print(f"\n{title}:\n" + "\n".join(body))
    print("\nTargets:\n" + "\n".join(target_lines(goals)))
    print(f"load average at end: {load_end}; took {elapsed / 60:.1f} min")
    if args.out:
        text = markdown(
            args, cells, goals, info, (load_start, load_end), started, elapsed, command
        )
        path = Path(args.out)
        old = path.read_text() if path.is_file() else ""
        keep = old.find("\n## Profile and optimisations")
        if keep >= 0:
            text = text.rstrip("\n") + "\n" + old[keep:]
        path.write_text(text)
        print(f"wrote {path}")
    if args.json:
        raw = {
            "command": command,
            "machine": info,
            "started": started,
            "duration_s": elapsed,
            "load": {"start": load_start, "end": load_end},
            "settings": {
                "sizes": sizes,
                "pipeline_sizes": pipe_sizes,
                "features": args.features,
                "minority": args.minority,
                "methods": args.methods,
                "repeats": args.repeats,
                "n_jobs": args.n_jobs,
                "threads": args.threads,
                "thread_env": {v: os.environ.get(v) for v in THREAD_VARS},
                "timeout": args.timeout,
                "max_memory_gb": args.max_memory,
                "fast": FAST,
            },
            "runs": runs,
            "cells": sorted(cells.values(), key=_order),
            "targets": goals,
        }
        Path(args.json).write_text(json.dumps(raw, indent=1, default=str))
        print(f"wrote {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
