"""Calibration benchmark: getting trustworthy probabilities back from an
oversampling pipeline.

Oversampling moves the class prior the classifier learns, so its probabilities
overstate the minority; the Brier score and the log loss show it. For each data
set, on the same repeated stratified folds (``synthsieve.evaluate``, real
held-out rows only), for gradient boosting:

* ``none``: the classifier alone (no oversampling), the reference;
* ``filtered``: ``FilteredOverSampler(SMOTE)`` then the classifier;
* ``filtered+sigmoid`` / ``filtered+isotonic``: that pipeline inside
  scikit-learn's ``CalibratedClassifierCV(cv=3)`` (the sampler refitted inside
  each calibration fold, the calibrator fitted on that fold's real held-out
  rows);
* ``filtered+prior``: the pipeline's probabilities corrected for the prior
  shift (``synthsieve.PriorCorrectedClassifier``: each class's probability
  multiplied by its real training share over its resampled share);
* ``filtered+sigmoid+threshold``: the calibrated pipeline inside
  ``TunedThresholdClassifierCV`` tuned for MCC, for the decisions (MCC, F1);
* ``smote``, ``smote+threshold``, ``filtered+threshold``: plain SMOTE's
  pipeline, and either pipeline with its decision threshold tuned for MCC
  (``TunedThresholdClassifierCV``, 3 folds), to tell how much of a difference
  in MCC is the threshold's.

Each figure is a mean over the folds ± the standard error of the paired
difference with ``none`` (the folds are the same), so the target "Brier score
within 2 standard errors of no oversampling" is read directly.

Run from the project root (needs ../shared/datasets):

    python benchmarks/calibration.py --half dev --out docs/calibration-evidence.md \\
        --csv benchmarks/results/calibration-dev.csv
"""

from __future__ import annotations

import argparse
import json
import shlex
import sys
import time
import warnings
from pathlib import Path

import _common
import pandas as pd
import splits  # benchmarks/splits.py: the halves of the data sets
from imblearn.pipeline import Pipeline
from sklearn.base import clone
from sklearn.calibration import CalibratedClassifierCV
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.model_selection import TunedThresholdClassifierCV

from synthsieve import (
    FilteredOverSampler,
    PriorCorrectedClassifier,
    evaluate,
    make_sampler,
)

METRICS = ["brier", "log_loss", "pr_auc", "mcc"]
RECIPES = (
    "none",
    "filtered",
    "filtered+sigmoid",
    "filtered+isotonic",
    "filtered+prior",
    "filtered+sigmoid+threshold",
    "smote",
    "smote+threshold",
    "filtered+threshold",
)


def recipes(X, seed: int, filter_params: dict) -> dict:
    """The pipelines of `RECIPES`, by name."""

    def pipe(filtered=True):
        base = make_sampler("smote", X, random_state=seed)
        sampler = base
        if filtered:
            sampler = FilteredOverSampler(
                sampler=base, auditors=None, random_state=seed, **filter_params
            )
        return Pipeline(
            [
                ("sampler", sampler),
                ("prep", _common.preprocessor(X)),
                ("clf", HistGradientBoostingClassifier(random_state=seed)),
            ]
        )

    def tuned(estimator):
        return TunedThresholdClassifierCV(
            estimator, scoring="matthews_corrcoef", cv=3, random_state=seed
        )

    none = Pipeline(
        [
            ("prep", _common.preprocessor(X)),
            ("clf", HistGradientBoostingClassifier(random_state=seed)),
        ]
    )
    sigmoid = CalibratedClassifierCV(pipe(), method="sigmoid", cv=3)
    return {
        "none": none,
        "filtered": pipe(),
        "filtered+sigmoid": sigmoid,
        "filtered+isotonic": CalibratedClassifierCV(pipe(), method="isotonic", cv=3),
        "filtered+prior": PriorCorrectedClassifier(pipe()),
        "filtered+sigmoid+threshold": tuned(clone(sigmoid)),
        "smote": pipe(filtered=False),
        "smote+threshold": tuned(pipe(filtered=False)),
        "filtered+threshold": tuned(pipe()),
    }


def paired(per_fold: pd.DataFrame, name: str, ref: str, metric: str) -> tuple:
    """Mean of `metric` for `name`, and its paired difference with `ref` ± se."""

    def values(pipeline):
        rows = per_fold[per_fold["pipeline"] == pipeline].sort_values("fold")
        return rows[metric].to_numpy(dtype=float)

    a = values(name)
    return (float(a.mean()), *_common.paired(a, values(ref)))


def run_set(name: str, args) -> list[dict]:
    X, y = _common.load(name)
    pipes = recipes(X, args.seed, args.filter_params)
    pipes = {k: v for k, v in pipes.items() if k in args.recipes}
    t0 = time.perf_counter()
    ev = evaluate(
        pipes,
        X,
        y,
        cv=5,
        n_repeats=args.cv_repeats,
        scoring=METRICS,
        random_state=args.seed,
    )
    rows = []
    for recipe in pipes:
        row = {"dataset": name, "half": splits.half_of(name), "recipe": recipe}
        for m in METRICS:
            mean, diff, se = paired(ev.per_fold, recipe, "none", m)
            row[m], row[f"{m}_diff"], row[f"{m}_diff_se"] = mean, diff, se
        row["n_folds"] = int((ev.per_fold["pipeline"] == recipe).sum())
        rows.append(row)
    print(f"== {name}: {time.perf_counter() - t0:.0f} s", flush=True)
    for r in rows:
        print(
            f"   {r['recipe']:28s} brier {r['brier']:.4f} "
            f"({r['brier_diff']:+.4f} ± {r['brier_diff_se']:.4f}) "
            f"pr_auc {r['pr_auc']:.3f} mcc {r['mcc']:.3f}",
            flush=True,
        )
    return rows


def within(row: pd.Series) -> bool:
    """Brier score within 2 standard errors of the paired difference of no
    oversampling's (or below it)."""
    return bool(row["brier_diff"] <= 2 * row["brier_diff_se"])


def write_page(df: pd.DataFrame, path: Path, command: str, elapsed) -> None:
    lines = [
        "# Calibrated probabilities from an oversampling pipeline",
        "",
        f"Written by `{command}`"
        + (f"; took {elapsed / 60:.1f} min." if elapsed else "."),
        "",
        f"Machine: {_common.machine_line()}.",
        "",
        "Gradient boosting, repeated stratified 5-fold cross-validation; each "
        "cell is the mean over the folds, with the paired difference to no "
        "oversampling (`none`) ± its standard error in brackets. Lower is "
        "better for the Brier score and the log loss.",
        "",
    ]
    for recipe in [r for r in RECIPES if r in set(df["recipe"])]:
        if recipe == "none":
            continue
        sub = df[df["recipe"] == recipe]
        ok = sub.apply(within, axis=1)
        lines.append(
            f"- `{recipe}`: Brier score within 2 standard errors of no "
            f"oversampling (or better) on {int(ok.sum())}/{len(sub)} sets"
            + (f"; not on {', '.join(sub.loc[~ok, 'dataset'])}" if (~ok).any() else "")
            + "."
        )
    lines += [
        "",
        "| set | recipe | Brier | log loss | PR AUC | MCC |",
        "|---" * 6 + "|",
    ]
    for _, r in df.iterrows():
        cells = []
        for m in METRICS:
            if r["recipe"] == "none":
                cells.append(
                    f"{r[m]:.4f}" if m in ("brier", "log_loss") else f"{r[m]:.3f}"
                )
            else:
                d = 4 if m in ("brier", "log_loss") else 3
                diff, se = r[f"{m}_diff"], r[f"{m}_diff_se"]
                cells.append(f"{r[m]:.{d}f} ({diff:+.{d}f} ± {se:.{d}f})")
        lines.append(f"| {r['dataset']} | {r['recipe']} | " + " | ".join(cells) + " |")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def parse_args(argv=None):
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--half", choices=("dev", "eval", "all"), default="dev")
    p.add_argument("--datasets", default=None, help="comma-separated; wins over --half")
    p.add_argument("--recipes", default=",".join(RECIPES), help="comma-separated")
    p.add_argument("--filter-params", type=json.loads, default={})
    p.add_argument("--cv-repeats", type=int, default=2)
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--out", default="/tmp/calibration.md")
    p.add_argument("--csv", default=None)
    p.add_argument("--from-csv", default=None, help="write the page from tables")
    args = p.parse_args(argv)
    args.recipes = [r.strip() for r in args.recipes.split(",")]
    if "none" not in args.recipes:
        args.recipes.insert(0, "none")
    unknown = sorted(set(args.recipes) - set(RECIPES))
    if unknown:
        p.error(f"unknown recipes {unknown}; choose among {list(RECIPES)}")
    return args


def main(argv=None):
    args = parse_args(argv)
    warnings.simplefilter("ignore")
    command = "python benchmarks/calibration.py " + shlex.join(
        sys.argv[1:] if argv is None else argv
    )
    if args.from_csv:
        df = pd.concat([pd.read_csv(p) for p in args.from_csv.split(",")])
        write_page(df, Path(args.out), command, None)
        return
    names = args.datasets.split(",") if args.datasets else splits.HALVES[args.half]
    t0, rows = time.perf_counter(), []
    for name in names:
        try:
            rows += run_set(name.strip(), args)
        except ValueError as exc:  # e.g. too few rows for the calibration folds
            print(f"== {name}: no result: {exc}", flush=True)
            continue
        df = pd.DataFrame(rows)
        if args.csv:
            df.to_csv(args.csv, index=False)
        write_page(df, Path(args.out), command, time.perf_counter() - t0)
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
