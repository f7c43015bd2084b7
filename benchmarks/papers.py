"""The systems of the project's source papers on the shared sets.

For each data set (the evaluation half by default):

* the three samplers (``dasmote``, ``mmd-triplet``, ``tabular-transformer``),
  plain and wrapped in ``FilteredOverSampler``: hold-out detectability gap with
  its standard error, copies, one fit's time, downstream PR AUC and MCC
  (``quality.run_one``, the quality benchmark's own code);
* the two classifiers, which do not hand rows to another model: downstream PR
  AUC and MCC under the same folds, ``BiasCorrectedClassifier`` around the
  benchmark's gradient boosting and MLP with the set's SMOTE, and
  ``KOTAROClassifier`` alone (reported in both columns).

The rivals (no resampling, class weights, plain and filtered SMOTE) come from
the quality benchmark's table of the same half (``--rivals``, same seed, same
folds), so they are not run again.

The three samplers work on numeric columns only. On a set with nominal columns
they run where their error message sends a user: on the table with those
columns one-hot encoded (0/1 columns), and plain and filtered SMOTE are run
again on that same table beside them, so that the gaps compare like with like.
These rows say ``one-hot`` in the table. Run from the project root:

    python benchmarks/papers.py --datasets glass1,ecoli3,new_thyroid1 \\
        --out docs/benchmarks-papers.md \\
        --csv benchmarks/results/generators-papers.csv
"""

from __future__ import annotations

import argparse
import shlex
import sys
import time
import warnings
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent))

import _common  # noqa: E402
import quality  # noqa: E402
import splits  # noqa: E402
from imblearn.pipeline import Pipeline  # noqa: E402

from synthsieve import (  # noqa: E402
    BiasCorrectedClassifier,
    KOTAROClassifier,
    evaluate,
    make_sampler,
)

ROOT = Path(__file__).resolve().parents[1]
SAMPLERS = ("dasmote", "mmd-triplet", "tabular-transformer")
CLASSIFIER_SYSTEMS = ("bias-corrected", "kotaro")
RIVALS = ("none", "class-weights", "smote", "filtered-smote")
ONE_HOT = "one-hot"


def one_hot(X: pd.DataFrame) -> pd.DataFrame | None:
    """`X` with its nominal columns one-hot encoded as 0/1; None if it has none."""
    nominal = [c for c in X.columns if _common.is_nominal(X[c])]
    if not nominal:
        return None
    return pd.get_dummies(X, columns=nominal, dtype=float)


def classifier_downstream(X, y, system: str, seed: int, n_repeats: int) -> dict:
    """Downstream figures of a classifier system, in the quality table's columns."""
    pipes = {}
    for clf_name, clf in _common.classifiers(seed).items():
        if system == "bias-corrected":
            model = BiasCorrectedClassifier(
                estimator=clf,
                sampler=make_sampler("smote", X, random_state=seed),
                random_state=seed,
            )
        else:
            model = KOTAROClassifier()
        pipes[clf_name] = Pipeline([("prep", _common.preprocessor(X)), ("clf", model)])
        if system == "kotaro":
            break  # one classifier: reported under both columns
    t0 = time.perf_counter()
    result = evaluate(
        pipes,
        X,
        y,
        cv=5,
        n_repeats=n_repeats,
        scoring=_common.METRICS,
        random_state=seed,
    ).to_frame()
    out = {"fit_s": (time.perf_counter() - t0) / (5 * n_repeats * len(pipes))}
    n_folds = 5 * n_repeats
    for clf_name in _common.CLASSIFIERS:
        row = result.loc[clf_name if clf_name in pipes else next(iter(pipes))]
        for m in _common.METRICS:
            std = float(row[f"{m}_std"])
            out[f"{clf_name}_{m}"] = float(row[f"{m}_mean"])
            out[f"{clf_name}_{m}_se"] = std / np.sqrt(n_folds)
        out[f"{clf_name}_n_folds"] = n_folds
    return out


class Rows(list):
    """Rows collected so far; `saved(rows)` runs after each one is added, so
    that a run stopped halfway keeps every row it finished."""

    def __init__(self, saved=None):
        super().__init__()
        self.saved = saved

    def append(self, row):
        super().append(row)
        if self.saved is not None:
            self.saved(self)


def sampler_rows(info: dict, X, y, systems, args, rows: list) -> None:
    """Each sampler of `systems`, plain and filtered, audited on `X`."""
    for system in systems:
        for mode in ("plain", "filtered"):
            label = ("filtered-" if mode == "filtered" else "") + system
            row = {**info, "sampler": label, "base": system, "mode": mode}
            t0 = time.perf_counter()
            row.update(quality.run_one(info, X, y, system, mode == "filtered", args))
            row["wall_s"] = time.perf_counter() - t0
            print(f"   {label:30s} {quality.progress_line(row)}", flush=True)
            rows.append(row)


def run_set(name: str, args, rows: list | None = None) -> list[dict]:
    """Every row of one set, appended to `rows` as it is done; returns them."""
    rows = [] if rows is None else rows
    start = len(rows)
    X, y = _common.load(name)
    info = quality.set_info(name, X, y, args)
    print(f"== {name}: {X.shape}, {info['n_minority']} minority rows", flush=True)
    samplers = [s for s in args.systems if s in SAMPLERS]
    if samplers:
        X_num = one_hot(X)
        if X_num is None:
            sampler_rows(info, X, y, samplers, args, rows)
        else:  # numeric-only samplers: SMOTE again beside them, same table
            print(f"   one-hot: {X_num.shape[1]} columns", flush=True)
            info_num = {**info, "encoding": ONE_HOT}
            sampler_rows(info_num, X_num, y, ["smote", *samplers], args, rows)
    for system in args.systems:
        if system in SAMPLERS:
            continue
        row = {**info, "sampler": system, "base": system, "mode": "classifier"}
        row.update(classifier_downstream(X, y, system, args.seed, args.cv_repeats))
        print(f"   {system:30s} hgb PR AUC {row['hgb_pr_auc']:.3f}", flush=True)
        rows.append(row)
    return rows[start:]


def _labelled(df: pd.DataFrame) -> pd.DataFrame:
    """`df` with " (one-hot)" after the sampler of its one-hot rows."""
    if "encoding" not in df.columns:
        return df
    df = df.copy()
    encoded = df["encoding"] == ONE_HOT
    df.loc[encoded, "sampler"] = df.loc[encoded, "sampler"] + f" ({ONE_HOT})"
    return df


def _cell(row, metric, clf="hgb"):
    value = row.get(f"{clf}_{metric}")
    if value is None or pd.isna(value):
        return ""
    return _common.pm(value, row.get(f"{clf}_{metric}_se", np.nan))


def table(df: pd.DataFrame) -> str:
    cols = ["dataset", "system", "gap ± se", "splits", "copies", "fit s"]
    cols += [f"{c} {m}" for c in _common.CLASSIFIERS for m in ("PR AUC", "MCC")]
    lines = ["| " + " | ".join(cols) + " |", "|" + "---|" * len(cols)]
    for _, r in _labelled(df).iterrows():
        gap = _common.pm(r["gap"], r["gap_se"]) if pd.notna(r.get("gap")) else ""
        cells = [
            r["dataset"],
            r["sampler"],
            gap,
            f"{r['n_splits']:.0f}" if pd.notna(r.get("n_splits")) else "",
            f"{r['copies']:.3f}" if pd.notna(r.get("copies")) else "",
            f"{r['fit_s']:.2f}" if pd.notna(r.get("fit_s")) else "",
        ]
        for clf in _common.CLASSIFIERS:
            cells += [_cell(r, "pr_auc", clf), _cell(r, "mcc", clf)]
        lines.append("| " + " | ".join(map(str, cells)) + " |")
    return "\n".join(lines)


CLAIM_METRICS = (("pr_auc", "PR AUC"), ("mcc", "MCC"))
GAP_COLUMNS = ("smote", *SAMPLERS)


def gap_table(df: pd.DataFrame) -> str:
    """The hold-out gaps side by side: a row per set, table and mode."""
    df = df.copy()
    if "encoding" not in df.columns:
        df["encoding"] = None
    one_hot = df["encoding"] == ONE_HOT
    lines = [
        "| set | " + " | ".join(GAP_COLUMNS) + " |",
        "|---" * (len(GAP_COLUMNS) + 1) + "|",
    ]
    for name in dict.fromkeys(df["dataset"]):
        for encoded in (False, True):
            sub = df[(df["dataset"] == name) & (one_hot == encoded)]
            bases = sub["sampler"].str.removeprefix("filtered-")
            if not bases.isin(SAMPLERS).any():
                continue
            for mode, prefix in (("plain", ""), ("filtered", "filtered-")):
                cells = []
                for system in GAP_COLUMNS:
                    hit = sub[(sub["sampler"] == prefix + system) & sub["gap"].notna()]
                    row = hit.iloc[0] if len(hit) else None
                    cells.append(
                        "" if row is None else _common.pm(row["gap"], row["gap_se"])
                    )
                if not any(cells):  # no gap at all: the notes say why
                    continue
                label = f"{name}{f' ({ONE_HOT})' if encoded else ''}, {mode}"
                lines.append(f"| {label} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def _smote_row(df: pd.DataFrame, row: pd.Series) -> pd.Series | None:
    """Plain SMOTE's row on the same set and the same table (one-hot or not)."""
    encoded = row.get("encoding") == ONE_HOT
    same = (df["dataset"] == row["dataset"]) & (df["sampler"] == "smote")
    if "encoding" in df.columns:
        same &= (df["encoding"] == ONE_HOT) == encoded
    elif encoded:
        return None
    return df[same].iloc[0] if same.any() else None


def comparisons(df: pd.DataFrame, system: str) -> dict[str, list[str]]:
    """`system` (plain) against plain SMOTE, downstream, set by set.

    A figure is above or below SMOTE's beyond the noise when the difference
    exceeds 2 sqrt(se_1² + se_2²), as the gaps are judged; a hint is a figure
    above SMOTE's by more than its own standard error but within the noise.
    """
    found = {"above": [], "below": [], "hint": []}
    for _, row in df[df["sampler"] == system].iterrows():
        smote = _smote_row(df, row)
        if smote is None:
            continue
        for clf in _common.CLASSIFIERS:
            for metric, name in CLAIM_METRICS:
                col, se = f"{clf}_{metric}", f"{clf}_{metric}_se"
                if pd.isna(row.get(col)) or pd.isna(smote.get(col)):
                    continue
                diff = row[col] - smote[col]
                noise = _common.noise(row, smote, se)
                what = f"{row['dataset']} {clf} {name} " + (
                    f"{_common.pm(row[col], row[se])} against "
                    f"{_common.pm(smote[col], smote[se])}"
                )
                if diff > noise:
                    found["above"].append(what)
                elif diff < -noise:
                    found["below"].append(what)
                elif diff > row[se]:
                    found["hint"].append(what)
    return found


def claims_section(df: pd.DataFrame) -> list[str]:
    """Each system against plain SMOTE: the papers' claim, judged set by set."""
    lines = [
        "## Against plain SMOTE downstream",
        "",
        "Each system (plain) against plain SMOTE on the same set and table: "
        "above or below beyond the noise (2 sqrt(se_1² + se_2²)), and hints "
        "(above by more than the system's own standard error, within the "
        "noise).",
        "",
    ]
    for system in SAMPLERS + CLASSIFIER_SYSTEMS:
        if not (df["sampler"] == system).any():
            continue
        n_sets = df.loc[df["sampler"] == system, "dataset"].nunique()
        found = comparisons(df, system)
        parts = [
            f"{label}: " + ("; ".join(found[key]) if found[key] else "none")
            for key, label in (
                ("above", "above beyond the noise"),
                ("below", "below beyond the noise"),
                ("hint", "hints"),
            )
        ]
        lines.append(f"- **{system}** ({n_sets} sets): " + ". ".join(parts) + ".")
    return lines + [""]


def write_page(df: pd.DataFrame, path: Path, command: str, elapsed):
    """Write the page; `elapsed` None for a page written from earlier tables."""
    took = "" if elapsed is None else f"; took {elapsed / 60:.1f} min"
    text = [
        "# The source papers' systems on the shared sets",
        "",
        f"Command: `{command}`  ",
        f"Machine: {_common.machine_line()}.  ",
        f"Written on {time.strftime('%Y-%m-%d')}{took}.",
        "",
        "Columns as in {doc}`benchmarks` (`gap` the hold-out detectability gap, "
        "0 the limit; downstream means over stratified 5-fold cross-validation "
        "± their standard error). The rivals' rows (no resampling, class "
        "weights, plain and filtered SMOTE) are the quality benchmark's, same "
        "seed; their downstream means are over its repeats of the 5 folds "
        "(`--cv-repeats` there), the first of which are the folds used here. "
        "A classifier's `fit s` is one fold's fit and "
        "prediction; a sampler's is one `fit_resample` on all rows.",
        "",
        table(df),
        "",
        "## Hold-out gaps side by side",
        "",
        "Each sampler plain and filtered (0 is the limit); one-hot rows are "
        "the samplers and SMOTE on the set's table with its nominal columns "
        "one-hot encoded.",
        "",
        gap_table(df),
        "",
        *claims_section(df),
    ]
    if "note" in df.columns and df["note"].notna().any():
        text += [
            "Runs without a result:",
            "",
            _common.to_markdown(
                _labelled(df[df["note"].notna()]), ["dataset", "sampler", "note"]
            ),
            "",
        ]
    path.write_text("\n".join(text), encoding="utf-8")


def parse_args(argv=None):
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--datasets", default=",".join(splits.HALVES["eval"]))
    p.add_argument("--systems", default=",".join(SAMPLERS + CLASSIFIER_SYSTEMS))
    p.add_argument(
        "--rivals",
        default=str(ROOT / "benchmarks" / "results" / "benchmarks-eval.csv"),
        help="the quality benchmark's table (--csv) to take the rivals' rows from",
    )
    p.add_argument("--repeats", type=int, default=5)
    p.add_argument("--small-repeats", type=int, default=10)
    p.add_argument("--cv-repeats", type=int, default=1)
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--out", default=str(ROOT / "docs" / "benchmarks-papers.md"))
    p.add_argument("--csv", default=None)
    p.add_argument(
        "--from-csv",
        default=None,
        help="comma-separated tables of earlier runs (--csv): write the page "
        "from them, running nothing",
    )
    args = p.parse_args(argv)
    args.systems = [s.strip() for s in args.systems.split(",") if s.strip()]
    unknown = set(args.systems) - set(SAMPLERS + CLASSIFIER_SYSTEMS)
    if unknown:
        p.error(f"unknown systems {sorted(unknown)}")
    # what quality.run_one reads
    args.filter_params, args.no_downstream, args.sampler_seed = {}, False, None
    return args


def main(argv=None):
    args = parse_args(argv)
    warnings.simplefilter("ignore")
    command = "python benchmarks/papers.py " + shlex.join(
        sys.argv[1:] if argv is None else argv
    )
    names = [n.strip() for n in args.datasets.split(",") if n.strip()]
    rivals = pd.DataFrame()
    if args.rivals and Path(args.rivals).is_file():
        rivals = pd.read_csv(args.rivals)
        rivals = rivals[rivals["sampler"].isin(RIVALS)]
    if args.from_csv:
        paths = [p.strip() for p in args.from_csv.split(",") if p.strip()]
        rows = pd.concat([pd.read_csv(p) for p in paths], ignore_index=True)
        names = list(dict.fromkeys(rows["dataset"]))
        write_page(_with_rivals(rows, rivals, names), Path(args.out), command, None)
        print(f"wrote {args.out}")
        return
    t_start = time.perf_counter()
    rows = Rows(
        (lambda done: pd.DataFrame(done).to_csv(args.csv, index=False))
        if args.csv
        else None
    )
    for name in names:
        run_set(name, args, rows)
        df = _with_rivals(pd.DataFrame(rows), rivals, names)
        write_page(df, Path(args.out), command, time.perf_counter() - t_start)
    print(f"wrote {args.out}")


def _with_rivals(rows: pd.DataFrame, rivals: pd.DataFrame, names: list):
    """The rivals' rows of the sets `names`, then ours, set by set."""
    df = pd.concat([rivals[rivals["dataset"].isin(names)], rows], ignore_index=True)
    order = {n: i for i, n in enumerate(names)}
    return df.sort_values("dataset", key=lambda s: s.map(order), kind="stable")


if __name__ == "__main__":
    main()
