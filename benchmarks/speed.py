"""Speed benchmark: FilteredOverSampler(SMOTE()) against SMOTE alone.

Wall time and peak memory of ``fit_resample`` on ``make_classification`` data
(float64, a 1 % minority by default), for imbalanced-learn's ``SMOTE`` alone and
for ``FilteredOverSampler(sampler=SMOTE())`` with its default settings and with
the fastest settings that still filter (rules, copy rejection, a trained
detector, density-ratio acceptance). Every (size, method) runs in a fresh
subprocess, so its peak resident memory is its own; only ``fit_resample`` is
timed. The script prints the table, the ratios to SMOTE and the scaling exponent
``log(t2 / t1) / log(n2 / n1)`` between consecutive sizes, and writes the same
as markdown.

Run from the project root:

    python benchmarks/speed.py --out docs/benchmarks-speed.md

``--quick`` runs 5,000 and 20,000 rows (a smoke test); see ``--help``.
"""

from __future__ import annotations

import argparse
import datetime
import json
import math
import os
import platform
import resource
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

METHODS = {
    "smote": "SMOTE(random_state=0)",
    "filtered-default": "FilteredOverSampler(sampler=SMOTE(), random_state=0)",
    "filtered-fast": "FilteredOverSampler(sampler=SMOTE(), random_state=0, "
    + ", ".join(f"{k}={v!r}" for k, v in FAST.items())
    + ")",
}


def _rss_mb() -> float:
    """Peak resident memory of this process so far, in MB (Linux: KiB units)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def child(n: int, n_features: int, minority: float, method: str) -> dict:
    """One measurement, run in a fresh interpreter; returns a JSON-able dict."""
    import numpy as np
    from imblearn.over_sampling import SMOTE
    from sklearn.datasets import make_classification

    if method != "smote":
        from synthsieve import FilteredOverSampler
    X, y = make_classification(
        n_samples=n,
        n_features=n_features,
        weights=[1 - minority],
        random_state=0,
    )
    data_mb = _rss_mb()
    if method == "smote":
        sampler = SMOTE(random_state=0)
    else:
        params = FAST if method == "filtered-fast" else {}
        sampler = FilteredOverSampler(sampler=SMOTE(), random_state=0, **params)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        start = time.perf_counter()
        X_res, y_res = sampler.fit_resample(X, y)
        wall = time.perf_counter() - start
    out = {
        "n": n,
        "method": method,
        "wall_s": wall,
        "peak_mb": _rss_mb(),
        "data_mb": data_mb,
        "counts_in": np.bincount(y).tolist(),
        "counts_out": np.bincount(y_res).tolist(),
        "warnings": sorted({type(w.message).__name__ for w in caught}),
    }
    if method != "smote":
        rejected = sampler.rejected_["reason"].str.split(":").str[0]
        out["rejected"] = rejected.value_counts().to_dict()
        out["rounds"] = {str(k): int(v) for k, v in sampler.n_rounds_.items()}
        out["audit"] = sampler.auditors is not None
    return out


def run_one(args, n: int, method: str) -> dict:
    """Run `child` in a fresh subprocess with a wall-clock limit."""
    cmd = [
        sys.executable,
        __file__,
        "--child",
        f"{n},{method}",
        "--features",
        str(args.features),
        "--minority",
        str(args.minority),
    ]
    start = time.perf_counter()
    # The machine is shared: a watchdog stops a run that exceeds --timeout or
    # whose resident memory exceeds --max-memory, and says so in the table.
    with subprocess.Popen(
        cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    ) as proc:
        rss_max = 0.0
        while proc.poll() is None:
            rss_max = max(rss_max, _child_rss_mb(proc.pid))
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
    return json.loads(stdout.strip().splitlines()[-1])


def _child_rss_mb(pid: int) -> float:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS"):
                return int(line.split()[1]) / 1024
    except (OSError, ValueError):
        pass
    return 0.0


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


def load() -> str:
    try:
        return " / ".join(f"{v:.2f}" for v in os.getloadavg())
    except OSError:
        return "unknown"


def _fmt_cell(r: dict, key: str, spec: str) -> str:
    return format(r[key], spec) if key in r else "-"


def _status(r: dict) -> str:
    if "timeout" in r:
        return f"timed out after {r['timeout']:.0f} s"
    if "error" in r:
        return f"failed: {r['error']}"
    return ""


def analyse(results: list, sizes: list, methods: list) -> list:
    """Add ratios to SMOTE and scaling exponents to the results, in place."""
    by = {(r["n"], r["method"]): r for r in results}
    for r in results:
        base = by.get((r["n"], "smote"))
        if "wall_s" in r and base and "wall_s" in base:
            r["time_ratio"] = r["wall_s"] / base["wall_s"]
            r["mem_ratio"] = r["peak_mb"] / base["peak_mb"]
    for m in methods:
        for n1, n2 in zip(sizes, sizes[1:]):
            a, b = by.get((n1, m)), by.get((n2, m))
            if a and b and "wall_s" in a and "wall_s" in b:
                b["exponent"] = math.log(b["wall_s"] / a["wall_s"]) / math.log(n2 / n1)
    return results


def table(results: list) -> list[str]:
    head = (
        "| rows | method | wall s | peak MB | data MB | time / SMOTE | "
        "memory / SMOTE | exponent | rows out (minority) | rejected | note |"
    )
    lines = [head, "|" + "---|" * (head.count("|") - 1)]
    for r in results:
        rej = r.get("rejected")
        rej_txt = ", ".join(f"{k} {v}" for k, v in rej.items()) if rej else "-"
        out = r.get("counts_out")
        lines.append(
            f"| {r['n']:,} | {r['method']} | {_fmt_cell(r, 'wall_s', '.1f')} | "
            f"{_fmt_cell(r, 'peak_mb', ',.0f')} | {_fmt_cell(r, 'data_mb', ',.0f')} | "
            f"{_fmt_cell(r, 'time_ratio', '.2f')} | "
            f"{_fmt_cell(r, 'mem_ratio', '.2f')} | "
            f"{_fmt_cell(r, 'exponent', '.2f')} | "
            f"{f'{out[-1]:,}' if out else '-'} | {rej_txt} | {_status(r)} |"
        )
    return lines


def targets(results: list, n_max: int) -> list[str]:
    by = {(r["n"], r["method"]): r for r in results}
    lines = []
    for m in ("filtered-fast", "filtered-default"):
        r = by.get((n_max, m))
        if not r:
            continue
        if "wall_s" not in r:
            lines.append(f"- `{m}` at {n_max:,} rows: {_status(r)}; targets not met.")
            continue
        t_ok = r["time_ratio"] <= 3
        m_ok = r["mem_ratio"] <= 2
        exps = [x["exponent"] for x in results if x["method"] == m and "exponent" in x]
        e_txt = ", ".join(f"{e:.2f}" for e in exps) or "-"
        lines.append(
            f"- `{m}` at {n_max:,} rows: time {r['time_ratio']:.2f}x SMOTE "
            f"(target <= 3x: {'met' if t_ok else 'missed'}), peak memory "
            f"{r['mem_ratio']:.2f}x (target <= 2x: {'met' if m_ok else 'missed'}), "
            f"scaling exponents {e_txt} (target about 1)."
        )
    return lines


def markdown(args, results, info, load_start, load_end, started, command) -> str:
    sizes = [int(s) for s in args.sizes.split(",")]
    lines = [
        "# Speed benchmark",
        "",
        "Wall time and peak memory of `fit_resample` for imbalanced-learn's `SMOTE` "
        "alone and for `FilteredOverSampler(sampler=SMOTE())`, on "
        f"`make_classification` data ({args.features} float64 features, "
        f"{args.minority:.0%} minority, `random_state=0`). Each row of the table is "
        "one fresh subprocess: *peak MB* is that process's peak resident memory "
        "(`ru_maxrss`, imports and data included), *data MB* its resident memory "
        "after the data was made (what the data itself costs), and only "
        "`fit_resample` is timed. *exponent* is `log(t2/t1) / log(n2/n1)` against "
        "the previous size (1 = linear).",
        "",
        "Generated by:",
        "",
        "```",
        command,
        "```",
        "",
        f"- date: {started}",
        f"- machine: {info['cpu']}, {info['cores']} cores, {info['ram']} RAM; "
        f"Python {info['python']}, numpy {info['numpy']}, scikit-learn "
        f"{info['sklearn']}, imbalanced-learn {info['imblearn']}, torch "
        f"{info['torch']}",
        f"- load average (1 / 5 / 15 min) at start: {load_start}; at end: {load_end}",
        "- methods:",
    ]
    for m in args.methods:
        lines.append(f"  - `{m}`: `{METHODS[m]}`")
    lines += [
        "- `filtered-default` includes the report's audit (the default "
        '`auditors="default"`: gradient boosting, logistic regression and the MLP, '
        "on raw and accepted rows); `filtered-fast` sets `auditors=None`.",
        f"- per-run limits: {args.timeout:.0f} s, {args.max_memory:g} GB resident",
        "",
        *table(results),
        "",
        "## Targets",
        "",
        "At the largest size, the filtered sampler (fastest sensible settings) should "
        "take at most 3x SMOTE's wall time and 2x its peak memory, and its cost "
        "should grow linearly with rows.",
        "",
        *targets(results, max(sizes)),
        "",
    ]
    return "\n".join(lines)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="50000,200000,1000000")
    parser.add_argument("--features", type=int, default=50)
    parser.add_argument("--minority", type=float, default=0.01)
    parser.add_argument(
        "--settings",
        default="default,fast",
        help="filtered settings to run: default, fast or both (comma-separated)",
    )
    parser.add_argument("--out", default=None, help="markdown file to write")
    parser.add_argument(
        "--timeout", type=float, default=1200, help="seconds per run (default 1200)"
    )
    parser.add_argument(
        "--max-memory",
        type=float,
        default=16,
        help="GB of resident memory at which a run is stopped (default 16)",
    )
    parser.add_argument("--quick", action="store_true", help="sizes 5000,20000")
    parser.add_argument("--child", default=None, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    if args.child:
        n, method = args.child.split(",")
        print(json.dumps(child(int(n), args.features, args.minority, method)))
        return 0

    if args.quick:
        args.sizes = "5000,20000"
    sizes = [int(s) for s in args.sizes.split(",")]
    settings = [s.strip() for s in args.settings.split(",") if s.strip()]
    args.methods = ["smote"] + [f"filtered-{s}" for s in settings]
    command = "python benchmarks/speed.py " + " ".join(
        a for a in (argv if argv is not None else sys.argv[1:])
    )
    started = datetime.datetime.now().isoformat(timespec="seconds")
    load_start = load()
    info = machine()
    print(f"load average at start: {load_start}", flush=True)
    results = []
    for n in sizes:
        for m in args.methods:
            r = run_one(args, n, m)
            results.append(r)
            print(
                f"{n:>9,} {m:<17} "
                + (
                    f"{r['wall_s']:8.1f} s {r['peak_mb']:8,.0f} MB"
                    if "wall_s" in r
                    else _status(r)
                ),
                flush=True,
            )
    load_end = load()
    analyse(results, sizes, args.methods)
    print()
    print("\n".join(table(results)))
    print()
    print("\n".join(targets(results, max(sizes))))
    print(f"load average at end: {load_end}")
    if args.out:
        text = markdown(args, results, info, load_start, load_end, started, command)
        path = Path(args.out)
        old = path.read_text() if path.is_file() else ""
        keep = old.find("\n## Profile and optimisations")
        if keep >= 0:
            text = text.rstrip("\n") + "\n" + old[keep:]
        path.write_text(text)
        print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
