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

    python benchmarks/quality.py            # writes docs/benchmarks.md

Options pick data sets, samplers, repeats; see ``--help``.
"""

from __future__ import annotations

import argparse
import json
import shlex
import sys
import time
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import speed  # benchmarks/speed.py: one machine description for both
from imblearn.pipeline import Pipeline
from sklearn.compose import ColumnTransformer
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.preprocessing import OneHotEncoder, StandardScaler

from synthsieve import (
    FilteredOverSampler,
    MLPDetector,
    audit_sampler,
    default_auditors,
    evaluate,
    load_hiva,
)
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
    "hiva-embedded",
]
GENERATORS = "safe-level-smote,kde,deep-smote,cvae"


def load(name: str):
    if name == "hiva-embedded":  # shipped with the package: no shared data needed
        return load_hiva(return_X_y=True)
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


METRICS = ["pr_auc", "mcc", "f1", "balanced_accuracy"]


def downstream(X, y, sampler, seed, n_repeats) -> dict:
    """Mean and spread of each metric per classifier, through :func:`evaluate`.

    The same folds (``random_state=seed``) for every sampler of a data set; the
    sampler sits inside the pipeline, so it only ever sees training rows.
    """
    weighted = sampler == "class-weights"
    pipes = {}
    for clf_name, clf in classifiers(seed, weighted=weighted).items():
        steps = [("prep", preprocessor(X)), ("clf", clf)]
        if sampler not in (None, "class-weights"):
            steps.insert(0, ("sampler", sampler))
        pipes[clf_name] = Pipeline(steps)
    result = evaluate(
        pipes, X, y, cv=5, n_repeats=n_repeats, scoring=METRICS, random_state=seed
    ).to_frame()
    out = {}
    for clf_name in pipes:
        for m in METRICS:
            out[f"{clf_name}_{m}"] = float(result.loc[clf_name, f"{m}_mean"])
            out[f"{clf_name}_{m}_std"] = float(result.loc[clf_name, f"{m}_std"])
        out[f"{clf_name}_n_folds"] = 5 * n_repeats
    return out


def run_one(name, X, y, sampler_name, filtered, args):
    seed = args.seed
    base = make_sampler(sampler_name, X, random_state=seed)
    params = dict(auditors=None, random_state=seed, **args.filter_params)
    sampler = FilteredOverSampler(sampler=base, **params) if filtered else base
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
        fitted = FilteredOverSampler(sampler=base, **params)
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


def machine() -> str:
    """The CPU, cores, RAM and versions, as speed.py records them."""
    info = speed.machine()
    return (
        f"{info['cpu']}, {info['cores']} cores, {info['ram']} RAM; Python "
        f"{info['python']}, numpy {info['numpy']}, scikit-learn {info['sklearn']}, "
        f"imbalanced-learn {info['imblearn']}, torch {info['torch']}"
    )


def _within_noise(df, dataset, label, rivals, clf, metric) -> bool | None:
    """Is `label` within one standard error of, or above, the best rival?"""
    sub = df[df["dataset"] == dataset].set_index("sampler")
    col = f"{clf}_{metric}"
    if col not in sub or label not in sub.index or pd.isna(sub.at[label, col]):
        return None
    have = [r for r in rivals if r in sub.index and pd.notna(sub.at[r, col])]
    if not have:
        return None
    best = max(have, key=lambda r: sub.at[r, col])
    n = sub.at[label, f"{clf}_n_folds"]
    se = np.sqrt(
        (sub.at[label, col + "_std"] ** 2 + sub.at[best, col + "_std"] ** 2) / n
    )
    return bool(sub.at[label, col] >= sub.at[best, col] - se)


def targets(df: pd.DataFrame) -> list[str]:
    """The issue's targets, checked on this run's table."""
    lines = []
    have = df[df["gap"].notna()] if "gap" in df else df.iloc[:0]
    filtered = sorted({s for s in have["sampler"] if s.startswith("filtered-")})
    for label in filtered:
        plain = label[len("filtered-") :]
        hits, checked = [], []
        for name in dict.fromkeys(have["dataset"]):
            sub = have[have["dataset"] == name].set_index("sampler")
            if "smote" not in sub.index or label not in sub.index:
                continue
            if sub.at["smote", "gap"] < 0.2:
                continue
            gap, copies = sub.at[label, "gap"], sub.at[label, "copies"]
            ok = gap <= 0.10 and copies == 0
            checked.append(name)
            hits.append(
                f"{name} {sub.at['smote', 'gap']:.3f} -> {gap:.3f}"
                f"{'' if copies == 0 else f' ({copies:.1%} copies)'}"
                f" {'met' if ok else 'missed'}"
            )
        if checked:
            lines.append(
                f"- `{label}`, gap <= 0.10 with no copies where plain SMOTE's gap "
                f">= 0.2: " + "; ".join(hits) + "."
            )
        rivals = ["none", "class-weights", "smote", plain]
        for clf in ("hgb", "mlp"):
            ok_sets, all_sets = [], []
            for name in dict.fromkeys(df["dataset"]):
                res = [
                    _within_noise(df, name, label, rivals, clf, m)
                    for m in ("pr_auc", "mcc")
                ]
                if None in res:
                    continue
                all_sets.append(name)
                if all(res):
                    ok_sets.append(name)
            if all_sets:
                share = len(ok_sets) / len(all_sets)
                missed = sorted(set(all_sets) - set(ok_sets))
                best_of = ", ".join(dict.fromkeys(rivals))
                lines.append(
                    f"- `{label}` with {clf}: PR AUC and MCC within one standard "
                    f"error of, or above, the best of {best_of} on "
                    f"{len(ok_sets)}/{len(all_sets)} sets ({share:.0%}; target "
                    f"80 %): {'met' if share >= 0.8 else 'missed'}"
                    + (f"; not on {', '.join(missed)}" if missed else "")
                    + "."
                )
    return lines


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
            "mlp_f1",
            "mlp_balanced_accuracy",
        )
        if c in df.columns
    ]
    text = [
        "# Quality benchmark: plain vs filtered oversampling",
        "",
        f"Command: `{command}`  ",
        f"Machine: {machine()}.  ",
        f"Run on {time.strftime('%Y-%m-%d')}; took {elapsed / 60:.1f} min.",
        "",
        "`gap` is the hold-out detectability gap: the largest |AUC - real-vs-real "
        "reference AUC| over the auditors (gradient boosting, logistic regression, "
        "MLP), trained afresh; 0 is the limit. `copy_like` marks an AUC below the "
        "reference (copies, not success). `copies` is the share of synthetic rows "
        "equal to a real row the sampler saw. `paper_auc` is the in-sample protocol "
        "of Boudegzdame et al. (worst auditor). `fit_s` is one `fit_resample` on "
        "all rows, in seconds. Speed at scale: `benchmarks-speed.md` "
        "(`python benchmarks/speed.py`).",
        "",
    ]
    goals = targets(df)
    if goals:
        text += ["## Targets", "", *goals, ""]
    text += [
        "## Detectability",
        "",
        to_markdown(df[df["gap"].notna()] if "gap" in df else df, audit_cols),
        "",
    ]
    if down:
        text += [
            "## Downstream (real held-out rows, resampling inside the folds)",
            "",
            "Means over repeated stratified 5-fold cross-validation "
            "(`synthsieve.evaluate`); the standard deviations over folds are in "
            "the CSV (`--csv`).",
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
    p.add_argument(
        "--samplers",
        default="smote,borderline-smote,adasyn",
        help="comma-separated names (synthsieve._registry.make_sampler); "
        f"'generators' stands for {GENERATORS}",
    )
    p.add_argument("--modes", default="plain,filtered", help="plain, filtered or both")
    p.add_argument(
        "--filter-params",
        type=json.loads,
        default={},
        help="JSON of FilteredOverSampler settings, e.g. '{\"jitter\": 1.0}'",
    )
    p.add_argument("--repeats", type=int, default=2, help="hold-out half splits")
    p.add_argument("--cv-repeats", type=int, default=2)
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--no-downstream", action="store_true")
    p.add_argument("--no-baselines", action="store_true")
    p.add_argument("--out", default=str(ROOT / "docs" / "benchmarks.md"))
    p.add_argument("--csv", default=None, help="also write the raw table here")
    args = p.parse_args(argv)
    warnings.simplefilter("ignore")
    command = "python benchmarks/quality.py " + shlex.join(argv or sys.argv[1:])
    t_start = time.perf_counter()
    rows = []
    for name in args.datasets.split(","):
        X, y = load(name)
        print(f"== {name}: {X.shape}, minority {y.mean():.2%}", flush=True)
        if not (args.no_downstream or args.no_baselines):
            rows += baselines(name, X, y, args)
        names = args.samplers.replace("generators", GENERATORS).split(",")
        modes = [m.strip() for m in args.modes.split(",")]
        for s in names:
            for filtered in [m == "filtered" for m in modes]:
                try:
                    row = run_one(name, X, y, s, filtered, args)
                except (
                    ValueError,
                    TypeError,
                ) as exc:  # e.g. a numeric-only sampler on nominal
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
