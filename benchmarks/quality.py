"""Quality benchmark: plain vs filtered oversamplers on the shared real data sets.

For each data set and base sampler, plain and wrapped in FilteredOverSampler:

* the hold-out detectability gap (worst |AUC - real-vs-real reference| over the
  auditor families, auditors trained afresh) and the exact-copy share;
* the paper-protocol AUC (Boudegzdame et al., 2024; in-sample, flatters copies);
* the filter's rejections by reason (one fit on all rows);
* downstream PR AUC, MCC, F1 and balanced accuracy on real held-out rows under
  repeated stratified cross-validation, resampling inside the training folds, for
  gradient boosting and the paper's MLP, beside the baselines "no resampling"
  and "class weights".

Run from the project root (needs ../shared/datasets):

    python benchmarks/quality.py --out docs/benchmarks-quality.md

Options pick data sets, samplers, repeats; see ``--help``.
"""

from __future__ import annotations

import argparse
import json
import platform
import sys
import time
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
from imblearn.pipeline import Pipeline
from sklearn.compose import ColumnTransformer
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.metrics import (
    average_precision_score,
    balanced_accuracy_score,
    f1_score,
    matthews_corrcoef,
)
from sklearn.model_selection import RepeatedStratifiedKFold
from sklearn.preprocessing import OneHotEncoder, StandardScaler

from synthsieve import FilteredOverSampler, MLPDetector, audit_sampler
from synthsieve._audit import default_auditors
from synthsieve._registry import make_sampler
from synthsieve._utils import is_nominal

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "datasets"
ALL = [
    "hiva",
    "car-good",
    "abalone19",
    "yeast4",
    "page-blocks0",
    "wisconsin",
    "pima",
    "kddcup-guess_passwd_vs_satan",
    "winequality-red-4",
]


def load(name: str):
    path = DATA / f"{name}.csv.gz"
    if not path.is_file():
        sys.exit(
            f"benchmarks/quality.py: {path} is missing. The benchmarks read the "
            "shared data sets in ../shared/datasets beside the project."
        )
    frame = pd.read_csv(path)
    y = frame.pop("target").to_numpy()
    return frame, y


def preprocessor(X: pd.DataFrame):
    nominal = [c for c in X.columns if is_nominal(X[c])]
    numeric = [c for c in X.columns if c not in nominal]
    return ColumnTransformer(
        [
            ("num", StandardScaler(), numeric),
            ("nom", OneHotEncoder(handle_unknown="ignore"), nominal),
        ],
        sparse_threshold=0,
    )


def classifiers(seed: int, weighted: bool = False) -> dict:
    cw = "balanced" if weighted else None
    return {
        "hgb": HistGradientBoostingClassifier(random_state=seed, class_weight=cw),
        "mlp": MLPDetector(random_state=seed, class_weight=cw),
    }


def downstream(X, y, sampler, seed, n_repeats) -> dict:
    """Mean metrics per classifier under repeated stratified CV."""
    cv = RepeatedStratifiedKFold(n_splits=5, n_repeats=n_repeats, random_state=seed)
    weighted = sampler == "class-weights"
    out = {}
    for clf_name, clf in classifiers(seed, weighted=weighted).items():
        steps = [("prep", preprocessor(X)), ("clf", clf)]
        if sampler not in (None, "class-weights"):
            steps.insert(0, ("sampler", sampler))
        pipe = Pipeline(steps)
        scores = {"pr_auc": [], "mcc": [], "f1": [], "balanced_accuracy": []}
        for train, test in cv.split(X, y):
            pipe.fit(X.iloc[train], y[train])
            proba = pipe.predict_proba(X.iloc[test])[:, 1]
            pred = (proba >= 0.5).astype(int)
            scores["pr_auc"].append(average_precision_score(y[test], proba))
            scores["mcc"].append(matthews_corrcoef(y[test], pred))
            scores["f1"].append(f1_score(y[test], pred, zero_division=0))
            scores["balanced_accuracy"].append(balanced_accuracy_score(y[test], pred))
        for k, v in scores.items():
            out[f"{clf_name}_{k}"] = float(np.mean(v))
            out[f"{clf_name}_{k}_std"] = float(np.std(v))
    return out


def run_one(name, X, y, sampler_name, filtered, args):
    seed = args.seed
    base = make_sampler(sampler_name, X, random_state=seed)
    sampler = (
        FilteredOverSampler(sampler=base, auditors=None, random_state=seed)
        if filtered
        else base
    )
    label = ("filtered-" if filtered else "") + sampler_name
    row = {"dataset": name, "sampler": label}
    auditors = default_auditors(seed + 1)
    t0 = time.perf_counter()
    hold = audit_sampler(
        sampler, X, y, detectors=auditors, n_repeats=args.repeats, random_state=seed
    )
    ca = hold.classes[1]
    row.update(
        gap=ca.gap,
        worst_auditor=ca.worst_auditor,
        copy_like=ca.copy_like,
        copies=ca.copy_share,
        **{f"auc_{k}": v for k, v in ca.auc().items()},
        **{f"ref_{k}": v for k, v in ca.reference_auc().items()},
    )
    paper = audit_sampler(
        sampler, X, y, protocol="paper", detectors=auditors, random_state=seed
    )
    row["paper_auc"] = paper.roc_auc
    row["audit_s"] = time.perf_counter() - t0
    if filtered:
        t0 = time.perf_counter()
        fitted = FilteredOverSampler(sampler=base, auditors=None, random_state=seed)
        fitted.fit_resample(X, y)
        row["fit_s"] = time.perf_counter() - t0
        row["rejected"] = json.dumps(fitted.report_.classes[1]["rejected"])
    else:
        t0 = time.perf_counter()
        base.fit_resample(X, y)
        row["fit_s"] = time.perf_counter() - t0
    if not args.no_downstream:
        row.update(downstream(X, y, sampler, seed, args.cv_repeats))
    return row


def baselines(name, X, y, args):
    rows = []
    for label, s in (("none", None), ("class-weights", "class-weights")):
        row = {"dataset": name, "sampler": label}
        row.update(downstream(X, y, s, args.seed, args.cv_repeats))
        rows.append(row)
    return rows


def to_markdown(df: pd.DataFrame, cols, floatfmt=3) -> str:
    sub = df[cols].copy()
    lines = ["| " + " | ".join(cols) + " |", "|" + "---|" * len(cols)]
    for _, r in sub.iterrows():
        cells = []
        for c in cols:
            v = r[c]
            if isinstance(v, float):
                cells.append("" if np.isnan(v) else f"{v:.{floatfmt}f}")
            else:
                cells.append(str(v))
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def write_report(df: pd.DataFrame, path: Path, command: str, elapsed: float):
    audit_cols = [
        "dataset",
        "sampler",
        "gap",
        "worst_auditor",
        "copy_like",
        "copies",
        "paper_auc",
        "fit_s",
    ]
    down = [
        c
        for c in (
            "hgb_pr_auc",
            "hgb_mcc",
            "mlp_pr_auc",
            "mlp_mcc",
            "hgb_f1",
            "hgb_balanced_accuracy",
        )
        if c in df.columns
    ]
    text = [
        "# Quality benchmark: plain vs filtered oversampling",
        "",
        f"Command: `{command}`  ",
        f"Machine: {platform.machine()}, {platform.processor() or 'cpu'}, "
        f"Python {platform.python_version()}; took {elapsed / 60:.1f} min.",
        "",
        "`gap` is the hold-out detectability gap: the largest |AUC - real-vs-real "
        "reference AUC| over the auditors (gradient boosting, logistic regression, "
        "MLP), trained afresh; 0 is the limit. `copy_like` marks an AUC below the "
        "reference (copies, not success). `copies` is the share of synthetic rows "
        "equal to a real row the sampler saw. `paper_auc` is the in-sample protocol "
        "of Boudegzdame et al. (worst auditor).",
        "",
        "## Detectability",
        "",
        to_markdown(df[df["gap"].notna()] if "gap" in df else df, audit_cols),
        "",
    ]
    if down:
        text += [
            "## Downstream (real held-out rows, resampling inside the folds)",
            "",
            "Means over repeated stratified 5-fold cross-validation.",
            "",
            to_markdown(df[df[down[0]].notna()], ["dataset", "sampler", *down]),
            "",
        ]
    if "note" in df.columns:
        text += [
            "## Runs without a result",
            "",
            to_markdown(df[df["note"].notna()], ["dataset", "sampler", "note"]),
            "",
        ]
    if "rejected" in df.columns:
        text += [
            "## Rejections by reason (filtered samplers, one fit on all rows)",
            "",
            to_markdown(df[df["rejected"].notna()], ["dataset", "sampler", "rejected"]),
            "",
        ]
    path.write_text("\n".join(text), encoding="utf-8")


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--datasets", default=",".join(ALL))
    p.add_argument("--samplers", default="smote,borderline-smote,adasyn")
    p.add_argument("--repeats", type=int, default=2, help="hold-out half splits")
    p.add_argument("--cv-repeats", type=int, default=2)
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--no-downstream", action="store_true")
    p.add_argument("--no-baselines", action="store_true")
    p.add_argument("--out", default=str(ROOT / "docs" / "benchmarks-quality.md"))
    p.add_argument("--csv", default=None, help="also write the raw table here")
    args = p.parse_args(argv)
    warnings.simplefilter("ignore")
    command = "python benchmarks/quality.py " + " ".join(argv or sys.argv[1:])
    t_start = time.perf_counter()
    rows = []
    for name in args.datasets.split(","):
        X, y = load(name)
        print(f"== {name}: {X.shape}, minority {y.mean():.2%}", flush=True)
        if not (args.no_downstream or args.no_baselines):
            rows += baselines(name, X, y, args)
        for s in args.samplers.split(","):
            for filtered in (False, True):
                try:
                    row = run_one(name, X, y, s, filtered, args)
                except ValueError as exc:  # e.g. a numeric-only sampler on nominal
                    label = ("filtered-" if filtered else "") + s
                    print(f"   {label}: no result ({exc})", flush=True)
                    rows.append(
                        {"dataset": name, "sampler": label, "note": f"no result: {exc}"}
                    )
                    continue
                rows.append(row)
                print(
                    f"   {row['sampler']:28s} gap {row['gap']:.3f} "
                    f"({row['worst_auditor']}) copies {row['copies']:.1%} "
                    f"paper {row['paper_auc']:.3f}",
                    flush=True,
                )
        df = pd.DataFrame(rows)
        write_report(df, Path(args.out), command, time.perf_counter() - t_start)
        if args.csv:
            df.to_csv(args.csv, index=False)
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
