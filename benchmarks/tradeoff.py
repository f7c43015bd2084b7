"""The trade-off page: each acceptance rule's hold-out gap beside its
downstream PR AUC, MCC and Brier score, paired with plain SMOTE fold by fold.

Reads tables written by ``benchmarks/quality.py --csv`` (one per rule, labelled
on the command line); plain SMOTE's rows come from whichever table holds them.
The folds of ``quality.py``'s downstream runs are the same for every sampler of
a set (the same seed), so each difference is paired: the mean over the folds
of (rule - SMOTE), ± the standard error of that difference.

    python benchmarks/tradeoff.py none=/tmp/devA.csv q0.5=/tmp/devB.csv \\
        --out docs/acceptance-evidence.md

A downstream cell is marked *below* when the rule is below SMOTE's by both
more than 2 standard errors of the paired difference and more than 0.03 (the
issue's line: with about forty comparisons chance alone crosses 2 se
somewhere), *above* when above by as much. The Brier score is lower-is-better:
*worse* marks a rise by both more than 2 se and 0.01.
"""

from __future__ import annotations

import argparse
import json
import shlex
import sys
from pathlib import Path

import _common
import numpy as np
import pandas as pd

CLFS = ("hgb", "mlp")
#: Both conditions make a downstream difference count (see the module doc).
MIN_DIFF = {"pr_auc": 0.03, "mcc": 0.03, "brier": 0.01}


def paired_diff(a: str, b: str) -> tuple[float, float]:
    """Mean and standard error of the fold-by-fold difference of two JSON
    lists of per-fold values."""
    return _common.paired(json.loads(a), json.loads(b))


def judge(metric: str, diff: float, se: float) -> str:
    """'below', 'above' (or 'worse', 'better' for the Brier score) or ''."""
    if not np.isfinite(diff):
        return ""
    big = abs(diff) > 2 * se and abs(diff) > MIN_DIFF[metric]
    if not big:
        return ""
    if metric == "brier":
        return "worse" if diff > 0 else "better"
    return "above" if diff > 0 else "below"


def load_runs(runs: dict, plain_rules=()) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(the rules' filtered rows, labelled; plain SMOTE's rows by set).

    The tables labelled in `plain_rules` hold plain SMOTE with another seed
    (``quality.py --sampler-seed``): their plain rows are judged as a rule,
    against the reference SMOTE of the other tables.
    """
    filtered, plain = [], []
    for label, path in runs.items():
        df = pd.read_csv(path)
        if label in plain_rules:
            f = df[df["sampler"] == "smote"].copy()
            f["rule"] = label
            filtered.append(f)
            continue
        plain.append(df[df["sampler"] == "smote"])
        f = df[df["sampler"] == "filtered-smote"].copy()
        f["rule"] = label
        filtered.append(f)
    smote = pd.concat(plain) if plain else pd.DataFrame(columns=["dataset"])
    smote = smote.drop_duplicates("dataset").set_index("dataset")
    if smote.empty:
        raise SystemExit(
            "benchmarks/tradeoff.py: no table holds plain SMOTE's rows (sampler "
            "'smote'); add the table of a run with --modes plain."
        )
    return pd.concat(filtered, ignore_index=True), smote


def rows(runs: dict, plain_rules=()) -> pd.DataFrame:
    """One row per set and rule: gap, overlap and the paired differences."""
    filtered, smote = load_runs(runs, plain_rules)
    out = []
    for _, r in filtered.iterrows():
        name = r["dataset"]
        row = {
            "dataset": name,
            "n_minority": r["n_minority"],
            "rule": r["rule"],
            "gap": r.get("gap"),
            "gap_se": r.get("gap_se"),
            "overlap_real": r.get("overlap_real"),
            "overlap_synthetic": r.get("overlap_synthetic"),
        }
        if name in smote.index:
            s = smote.loc[name]
            row["smote_gap"], row["smote_gap_se"] = s.get("gap"), s.get("gap_se")
            row["smote_overlap"] = s.get("overlap_synthetic")
            for clf in CLFS:
                for m in MIN_DIFF:
                    col = f"{clf}_{m}_folds"
                    if (
                        col in r
                        and isinstance(r[col], str)
                        and isinstance(s.get(col), str)
                    ):
                        d, se = paired_diff(r[col], s[col])
                        row[f"{clf}_{m}"] = r[f"{clf}_{m}"]
                        row[f"{clf}_{m}_diff"], row[f"{clf}_{m}_diff_se"] = d, se
                        row[f"{clf}_{m}_mark"] = judge(m, d, se)
        out.append(row)
    df = pd.DataFrame(out)
    # a class too small for the hold-out audit leaves its gap empty
    gaps = ["gap", "gap_se", "smote_gap", "smote_gap_se"]
    df[gaps] = df.reindex(columns=gaps).apply(pd.to_numeric, errors="coerce")
    return df


def _cell(row, clf, m) -> str:
    d = row.get(f"{clf}_{m}_diff")
    if d is None or not np.isfinite(d):
        return "n/a"
    se, mark = row[f"{clf}_{m}_diff_se"], row[f"{clf}_{m}_mark"]
    text = f"{d:+.3f} ± {se:.3f}"
    return f"**{text} ({mark})**" if mark else text


def summary(df: pd.DataFrame) -> list[str]:
    """Per rule: the mean gap, downstream cells below / above SMOTE's."""
    lines = []
    for rule, sub in df.groupby("rule", sort=False):
        marks = [
            sub[f"{c}_{m}_mark"]
            for c in CLFS
            for m in ("pr_auc", "mcc")
            if f"{c}_{m}_mark" in sub
        ]
        marks = pd.concat(marks) if marks else pd.Series(dtype=object)
        brier = [sub[f"{c}_brier_mark"] for c in CLFS if f"{c}_brier_mark" in sub]
        brier = pd.concat(brier) if brier else pd.Series(dtype=object)
        gaps = sub["gap"].dropna()
        se = np.sqrt((sub.loc[gaps.index, "gap_se"] ** 2).sum()) / max(1, len(gaps))
        worse_gap = (
            sub["gap"]
            > sub["smote_gap"]
            + 2 * np.sqrt(sub["gap_se"] ** 2 + sub["smote_gap_se"] ** 2)
        ).sum()
        lines.append(
            f"- `{rule}`: mean gap {gaps.mean():.3f} ± {se:.3f} over {len(gaps)} sets "
            f"(plain SMOTE {sub.loc[gaps.index, 'smote_gap'].mean():.3f}); gap worse "
            f"than SMOTE's beyond the noise on {int(worse_gap)}; PR AUC or MCC below "
            f"SMOTE's in {int((marks == 'below').sum())} of {int(marks.notna().sum())} "
            f"cells, above in {int((marks == 'above').sum())}; Brier score worse in "
            f"{int((brier == 'worse').sum())} of {int(brier.notna().sum())}, better in "
            f"{int((brier == 'better').sum())}; mean overlap "
            f"{sub['overlap_synthetic'].mean():.3f} "
            f"(real rows {sub['overlap_real'].mean():.3f}, SMOTE "
            f"{sub['smote_overlap'].mean():.3f})."
        )
    return lines


def table(df: pd.DataFrame) -> list[str]:
    head = (
        "| set | minority | rule | gap ± se (SMOTE) | overlap: rows (real, SMOTE) | "
        "hgb PR AUC | hgb MCC | mlp PR AUC | mlp MCC | hgb Brier | mlp Brier |"
    )
    lines = [head, "|---" * 11 + "|"]
    for _, r in df.iterrows():
        gap = (
            f"{r['gap']:.3f} ± {r['gap_se']:.3f} ({r.get('smote_gap', np.nan):.3f})"
            if pd.notna(r["gap"])
            else "no gap"
        )
        ov = (
            f"{r['overlap_synthetic']:.2f} ({r['overlap_real']:.2f}, "
            f"{r.get('smote_overlap', np.nan):.2f})"
        )
        cells = [_cell(r, c, m) for c in CLFS for m in ("pr_auc", "mcc")]
        cells += [_cell(r, c, "brier") for c in CLFS]
        lines.append(
            f"| {r['dataset']} | {r['n_minority']} | {r['rule']} | {gap} | {ov} | "
            + " | ".join(cells)
            + " |"
        )
    return lines


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("runs", nargs="+", help="label=path of a quality.py table")
    p.add_argument("--out", default=None, help="write the table page here")
    p.add_argument(
        "--title", default="Acceptance rules: detectability and the user's model"
    )
    p.add_argument(
        "--plain-rule",
        action="append",
        default=[],
        metavar="LABEL",
        help="the table with this label holds plain SMOTE with another seed "
        "(quality.py --sampler-seed): judge it as a rule, the chance line",
    )
    args = p.parse_args(argv)
    runs = dict(r.split("=", 1) for r in args.runs)
    df = rows(runs, args.plain_rule)
    command = "python benchmarks/tradeoff.py " + shlex.join(
        sys.argv[1:] if argv is None else argv
    )
    text = [
        f"# {args.title}",
        "",
        f"Table written by `{command}`.",
        "",
        "Downstream cells: the rule's mean minus plain SMOTE's, fold by fold on the "
        "same folds, ± the standard error of the paired difference; bold marks a "
        "difference beyond both 2 standard errors and 0.03 (0.01 for the Brier "
        "score, where lower is better). Overlap: the mean share of the majority "
        "among each synthetic row's 5 nearest real rows, beside the real minority "
        "rows' own share and plain SMOTE's rows'.",
        "",
        *summary(df),
        "",
        *table(df),
        "",
    ]
    if args.out:
        Path(args.out).write_text("\n".join(text), encoding="utf-8")
    print("\n".join(text))


if __name__ == "__main__":
    main()
