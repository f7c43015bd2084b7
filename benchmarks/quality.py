"""Quality benchmark: plain vs filtered oversamplers on the shared real data sets.

For each data set and base sampler, plain and wrapped in FilteredOverSampler:

* the hold-out detectability gap (worst |AUC - real-vs-real reference| over the
  auditor families, auditors trained afresh) with its standard error over the
  random half splits, and the exact-copy share;
* the paper-protocol AUC (Boudegzdame et al., 2024; in-sample, flatters copies;
  in the CSV only: one run, no standard error);
* the filter's rejections by reason (one fit on all rows);
* downstream PR AUC, MCC, F1 and balanced accuracy on real held-out rows under
  repeated stratified cross-validation, resampling inside the training folds, for
  gradient boosting and the paper's MLP, beside the baselines "no resampling"
  and "class weights", each with its standard error over the folds.

The sets come in two halves declared in ``benchmarks/splits.py`` (``--half``):
the development half, where the defaults were chosen, and the evaluation half,
which no default has seen; the page reports them apart and checks the targets of
issue #17 on the evaluation half. ``--samplers recommended`` adds the base
recommended for each set's kind of data (``RECOMMENDED``).

Run from the project root (needs ../shared/datasets):

    python benchmarks/quality.py --half eval --samplers smote,recommended \\
        --out docs/benchmarks.md --csv benchmarks/results/benchmarks.csv

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

import _common  # benchmarks/_common.py: data, pipeline pieces, page helpers
import numpy as np
import pandas as pd
import splits  # benchmarks/splits.py: the development and evaluation halves
from _common import (
    CLASSIFIERS,
    METRICS,
    ROOT,
    classifiers,
    load,
    noise,
    pm,
    preprocessor,
    to_markdown,
)
from imblearn.pipeline import Pipeline

from synthsieve import (
    FilteredOverSampler,
    audit_sampler,
    class_overlap,
    default_auditors,
    evaluate,
    make_sampler,
)

HALVES = splits.HALVES
#: Samplers by name beside synthsieve's (``make_sampler``), for scripts that run
#: this benchmark with samplers of their own (ideas.py): name -> factory(X, seed).
EXTRA_SAMPLERS: dict = {}
HALF_TITLES = {
    "eval": "Evaluation half (sets no default has seen)",
    "dev": "Development half (sets the defaults were chosen on)",
    "other": "Other sets (outside the declared halves)",
}
GENERATORS = "safe-level-smote,kde,deep-smote,cvae"
# The base recommended per kind of data (splits.KINDS), as make_sampler names:
# docs/generators.md keeps SMOTE for numeric, integer and binary data; "smote"
# builds SMOTENC on mixed data and SMOTEN on all-nominal data.
RECOMMENDED = {
    "numeric": "smote",
    "integer": "smote",
    "nominal": "smoten",
    "mixed": "smote",
    "binary": "smote",
}
# Classes under this many rows get --small-repeats half splits.
FEW_ROWS = 50
# Per-fold values kept in the table (JSON lists) for paired comparisons: the
# folds are the same for every sampler of a set.
PAIRED = ("pr_auc", "mcc", "brier")
RIVALS = ("none", "class-weights", "smote")


def fewer_minority_rows(X: pd.DataFrame, y, n: int, seed: int):
    """`X`, `y` with a seeded sample of `n` rows of the minority class (1) and
    every other row, in their order: a smaller class on the same data."""
    y = np.asarray(y)
    minority = np.flatnonzero(y == 1)
    if n >= len(minority):
        return X, y
    drop = np.random.default_rng(seed).choice(
        minority, len(minority) - n, replace=False
    )
    keep = np.setdiff1d(np.arange(len(y)), drop)
    return X.iloc[keep].reset_index(drop=True), y[keep]


def set_info(name: str, X: pd.DataFrame, y, args) -> dict:
    """Half, kind, minority rows and half splits of one data set."""
    n_min = int(min(np.unique(y, return_counts=True)[1]))
    declared = splits.SETS.get(name)
    repeats = args.repeats
    if n_min < FEW_ROWS:
        repeats = max(repeats, args.small_repeats)
    return {
        "dataset": name,
        "half": splits.half_of(name),
        "kind": declared.kind if declared else splits.kind_of(X),
        "n_minority": n_min,
        "repeats": repeats,
    }


def downstream(X, y, sampler, seed, n_repeats) -> dict:
    """Mean, spread and standard error of each metric per classifier.

    Through :func:`evaluate`, with the same folds (``random_state=seed``) for
    every sampler of a data set; the sampler sits inside the pipeline, so it only
    ever sees training rows. The standard error is the standard deviation over
    the folds divided by the square root of their number.
    """
    weighted = sampler == "class-weights"
    pipes = {}
    for clf_name, clf in classifiers(seed, weighted=weighted).items():
        steps = [("prep", preprocessor(X)), ("clf", clf)]
        if sampler not in (None, "class-weights"):
            steps.insert(0, ("sampler", sampler))
        pipes[clf_name] = Pipeline(steps)
    ev = evaluate(
        pipes, X, y, cv=5, n_repeats=n_repeats, scoring=METRICS, random_state=seed
    )
    result = ev.to_frame()
    folds = ev.per_fold
    n_folds = 5 * n_repeats
    out = {}
    for clf_name in pipes:
        mine = folds[folds["pipeline"] == clf_name].sort_values("fold")
        for m in PAIRED:
            out[f"{clf_name}_{m}_folds"] = json.dumps(
                [round(float(v), 6) for v in mine[m]]
            )
        for m in METRICS:
            std = float(result.loc[clf_name, f"{m}_std"])
            out[f"{clf_name}_{m}"] = float(result.loc[clf_name, f"{m}_mean"])
            out[f"{clf_name}_{m}_std"] = std
            out[f"{clf_name}_{m}_se"] = std / np.sqrt(n_folds)
        out[f"{clf_name}_n_folds"] = n_folds
    return out


def sampler_plan(names: list[str], X, kind: str, seed: int) -> list[tuple]:
    """``[(name, is_recommended)]``: the samplers to run on one set.

    ``recommended`` becomes the base recommended for `kind`; when that base is
    one of the other names (the same sampler once built for `X`), it is not run
    twice but that entry is marked recommended.
    """
    plan = {n: False for n in names if n != "recommended"}
    if "recommended" in names:
        rec = RECOMMENDED[kind]
        built = _built(rec, X, seed)
        same = [n for n in plan if _built(n, X, seed) == built]
        plan[same[0] if same else rec] = True
    return list(plan.items())


def sampler_by_name(name: str, X, seed: int):
    """The sampler called `name`: one of `EXTRA_SAMPLERS`, else synthsieve's."""
    if name in EXTRA_SAMPLERS:
        return EXTRA_SAMPLERS[name](X, seed)
    return make_sampler(name, X, random_state=seed)


def _built(name: str, X, seed: int) -> str | None:
    try:
        return repr(sampler_by_name(name, X, seed))
    except ValueError:  # a numeric-only sampler on nominal data
        return None


def holdout_figures(sampler, X, y, repeats: int, seed: int) -> dict:
    """The hold-out audit over `repeats` half splits, and the paper's AUC."""
    auditors = default_auditors(seed + 1)
    t0 = time.perf_counter()
    hold = audit_sampler(
        sampler, X, y, detectors=auditors, n_repeats=repeats, random_state=seed
    )
    ca = hold.classes[1]
    paper = audit_sampler(
        sampler, X, y, protocol="paper", detectors=auditors, random_state=seed
    )
    return {
        "gap": ca.gap,
        "gap_se": ca.gap_se,
        "n_splits": ca.n_splits,
        "worst_auditor": ca.worst_auditor,
        "copy_like": ca.copy_like,
        "copies": ca.copy_share,
        **{f"auc_{k}": v for k, v in ca.auc().items()},
        **{f"ref_{k}": v for k, v in ca.reference_auc().items()},
        "paper_auc": paper.roc_auc,
        "audit_s": time.perf_counter() - t0,
    }


def fit_figures(sampler, X, y) -> dict:
    """One ``fit_resample`` on all rows: its time, the filter's rejections, and
    the overlap measure (mean share of the majority among each minority row's
    5 nearest real rows: the synthetic rows' against the real rows' own)."""
    t0 = time.perf_counter()
    X_res, y_res = sampler.fit_resample(X, y)
    row = {"fit_s": time.perf_counter() - t0}
    labels, counts = np.unique(y, return_counts=True)
    minority = labels[np.argmin(counts)]
    new = np.asarray(y_res)[len(X) :] == minority
    if new.any():
        synthetic = (
            X_res.iloc[len(X) :][new]
            if hasattr(X_res, "iloc")
            else (np.asarray(X_res)[len(X) :][new])
        )
        ov = class_overlap(X, y, synthetic, minority)
        row["overlap_real"], row["overlap_synthetic"] = ov["real"], ov["synthetic"]
    if isinstance(sampler, FilteredOverSampler):
        row["rejected"] = json.dumps(sampler.report_.classes[1]["rejected"])
    return row


def run_one(info: dict, X, y, base_name: str, filtered: bool, args) -> dict:
    """The audit and the downstream figures of one sampler, plain or filtered.

    Either part may fail on its own (a class too small to split in halves for
    the audit, say); the other still runs, and ``note`` says what failed.
    """
    seed = args.seed
    # the filter's own seed may differ from the folds' and splits' (--filter-seed)
    params = {"auditors": None, "random_state": seed, **args.filter_params}

    def build():
        base_seed = seed if args.sampler_seed is None else args.sampler_seed
        base = sampler_by_name(base_name, X, base_seed)
        return FilteredOverSampler(sampler=base, **params) if filtered else base

    try:
        build()
    except ValueError as exc:  # a numeric-only sampler on nominal data
        return {"note": f"no result: {exc}"}
    parts = [
        (
            "hold-out audit",
            lambda: holdout_figures(build(), X, y, info["repeats"], seed),
        ),
        ("fit", lambda: fit_figures(build(), X, y)),
    ]
    if not args.no_downstream:
        parts.append(
            ("downstream", lambda: downstream(X, y, build(), seed, args.cv_repeats))
        )
    row, notes = {}, []
    for what, part in parts:
        try:
            row.update(part())
        except (ValueError, TypeError) as exc:  # e.g. too few rows to split
            notes.append(f"{what}: {exc}")
    if notes:
        row["note"] = "no result: " + "; ".join(notes)
    return row


def baselines(info: dict, X, y, args) -> list[dict]:
    rows = []
    for label, s in (("none", None), ("class-weights", "class-weights")):
        row = {**info, "sampler": label, "base": label, "mode": "baseline"}
        row.update(downstream(X, y, s, args.seed, args.cv_repeats))
        rows.append(row)
    return rows


def progress_line(row: dict) -> str:
    if "gap" not in row:
        return row.get("note", "")
    line = (
        f"gap {row['gap']:.3f} +- {row['gap_se']:.3f} ({row['worst_auditor']}) "
        f"copies {row['copies']:.1%}"
    )
    return line + (f"; {row['note']}" if "note" in row else "")


def run_set(name: str, args) -> list[dict]:
    """Every row of one data set: the baselines, then each sampler plain/filtered."""
    X, y = load(name)
    if args.minority_rows:
        X, y = fewer_minority_rows(X, y, args.minority_rows, args.seed)
    info = set_info(name, X, y, args)
    if args.minority_rows:
        info["dataset"] = f"{name}@{args.minority_rows}"
    print(
        f"== {name} ({info['half']}, {info['kind']}): {X.shape}, "
        f"{info['n_minority']} minority rows, {info['repeats']} half splits",
        flush=True,
    )
    rows = []
    if not (args.no_downstream or args.no_baselines):
        rows += baselines(info, X, y, args)
    names = args.samplers.replace("generators", GENERATORS).split(",")
    modes = [m.strip() for m in args.modes.split(",")]
    for base, recommended in sampler_plan(names, X, info["kind"], args.seed):
        for mode in modes:
            label = ("filtered-" if mode == "filtered" else "") + base
            row = {**info, "sampler": label, "base": base, "mode": mode}
            row["recommended"] = recommended
            row.update(run_one(info, X, y, base, mode == "filtered", args))
            print(f"   {label:28s} {progress_line(row)}", flush=True)
            rows.append(row)
    return rows


# ------------------------------------------------------------------ the page


def audited(df: pd.DataFrame) -> pd.DataFrame:
    """The rows with a hold-out gap (samplers that ran)."""
    return df[df["gap"].notna()] if "gap" in df else df.iloc[:0]


def groups(df: pd.DataFrame) -> list[str]:
    """Base samplers to compare plain vs filtered; ``recommended`` when it varies.

    ``recommended`` is its own group only when the recommended base is not one
    and the same sampler name on every set (else that name's group says it all).
    """
    have = df[df["mode"].isin(("plain", "filtered"))] if "mode" in df else df.iloc[:0]
    out = list(dict.fromkeys(have["base"]))
    if "recommended" in have:
        rec = set(have.loc[have["recommended"].eq(True), "base"])
        if len(rec) > 1:
            out.append("recommended")
    return out


def pick(sub: pd.DataFrame, group: str, mode: str) -> pd.Series | None:
    """The row of one set's audited rows `sub` for `group` in `mode`, or None."""
    if group == "recommended":
        hit = sub[sub["recommended"].eq(True)]
    else:
        hit = sub[sub["base"] == group]
    hit = hit[hit["mode"] == mode]
    return None if hit.empty else hit.iloc[0]


def pairs(df: pd.DataFrame, group: str) -> list[tuple]:
    """``[(dataset, plain row, filtered row)]`` for the sets with both."""
    have = audited(df)
    out = []
    for name, sub in have.groupby("dataset", sort=False):
        plain, filt = pick(sub, group, "plain"), pick(sub, group, "filtered")
        if plain is not None and filt is not None:
            out.append((name, plain, filt))
    return out


def verdict(lead: str, n_ok: int, n_all: int, target: float, *extra: str) -> str:
    """One target's line: ``- lead: n_ok/n_all sets (share; target): met; extra.``

    `target` is the share of the sets that must pass (1.0: every one).
    """
    share = n_ok / n_all
    goal = "every set" if target == 1 else f"target {target:.0%}"
    tail = "".join(f"; {e}" for e in extra if e)
    met = "met" if share >= target else "missed"
    return f"- {lead}: {n_ok}/{n_all} sets ({share:.0%}; {goal}): {met}{tail}."


def title(group: str) -> str:
    return f"`filtered-{group}` vs `{group}`"


def unjudged(df: pd.DataFrame, group: str) -> str:
    """The sets of `df` lacking a plain or a filtered gap for `group`, in words."""
    judged = {n for n, _, _ in pairs(df, group)}
    names = [n for n in dict.fromkeys(df["dataset"]) if n not in judged]
    return f"not judged on {', '.join(names)} (no hold-out gap)" if names else ""


def never_worse(df: pd.DataFrame, group: str) -> str | None:
    """The line of the check ``filtered gap <= plain gap + 2 SE``, or None."""
    both = pairs(df, group)
    if not both:
        return None
    fails, strict = [], 0
    for name, plain, filt in both:
        margin = noise(plain, filt)
        # With no standard error (one split) only the plain gap itself counts.
        bound = plain["gap"] + (margin if np.isfinite(margin) else 0.0)
        strict += filt["gap"] <= plain["gap"]
        if filt["gap"] > bound:
            fails.append(
                f"{name} {plain['gap']:.3f} -> {filt['gap']:.3f} (2 SE {margin:.3f})"
            )
    return verdict(
        f"{title(group)}: filtered gap no worse than the plain base's, within "
        "the noise",
        len(both) - len(fails),
        len(both),
        1.0,
        f"lower or equal outright on {strict}/{len(both)}",
        f"worse on {'; '.join(fails)}" if fails else "",
        unjudged(df, group),
    )


def never_worse_section(df: pd.DataFrame) -> list[str]:
    lines = [
        "## Never worse than the base (every set)",
        "",
        "The filtered gap must not exceed the plain base's by more than the "
        "stated noise: filtered gap <= plain gap + 2 sqrt(se_f² + se_p²).",
        "",
    ]
    for half in ("eval", "dev", "other"):
        sub = df[df["half"] == half]
        found = [line for g in groups(sub) if (line := never_worse(sub, g))]
        if found:
            lines += [f"{HALF_TITLES[half]}:", "", *found, ""]
    return lines


def within_one_se(sub: pd.DataFrame, row: pd.Series, clf: str, metric: str):
    """Is `row` within one standard error of, or above, the best of `RIVALS`?

    `sub` holds one set's rows; the error is that of the difference of the two
    means, ``sqrt(se_row² + se_best²)``. None when a figure is missing.
    """
    col = f"{clf}_{metric}"
    if col not in row or pd.isna(row[col]):
        return None
    rivals = [
        sub[sub["sampler"] == r].iloc[0] for r in RIVALS if (sub["sampler"] == r).any()
    ]
    rivals = [r for r in rivals if pd.notna(r[col])]
    if not rivals:
        return None
    best = max(rivals, key=lambda r: r[col])
    se = np.sqrt(row[f"{col}_se"] ** 2 + best[f"{col}_se"] ** 2)
    return bool(row[col] >= best[col] - se)


def target_gaps(df: pd.DataFrame, group: str) -> list[str]:
    """Never worse than the plain base; at most 0.10 where SMOTE's is >= 0.15."""
    lines = [never_worse(df, group)]
    smote = {n: p for n, p, _ in pairs(df, "smote")}
    big = [(n, smote[n], f) for n, _, f in pairs(df, group) if n in smote]
    big = [(n, s, f) for n, s, f in big if s["gap"] >= 0.15]
    if big:
        hits = sum(f["gap"] <= 0.10 for _, _, f in big)
        figures = "; ".join(
            f"{n} {pm(s['gap'], s['gap_se'])} -> {pm(f['gap'], f['gap_se'])}"
            for n, s, f in big
        )
        lines.append(
            verdict(
                f"{title(group)}: filtered gap <= 0.10 on the sets where plain "
                "SMOTE's is >= 0.15",
                hits,
                len(big),
                0.75,
                figures,
            )
        )
    return [line for line in lines if line]


def target_copies(df: pd.DataFrame, group: str) -> list[str]:
    rows = [(n, f) for n, _, f in pairs(df, group)]
    if not rows:
        return []
    copied = [f"{n} {f['copies']:.1%}" for n, f in rows if f["copies"] > 0]
    return [
        verdict(
            f"{title(group)}: no exact copies among the filtered rows",
            len(rows) - len(copied),
            len(rows),
            1.0,
            f"copies on {', '.join(copied)}" if copied else "",
        )
    ]


def downstream_hits(df: pd.DataFrame, pick_row, clf: str) -> tuple[list, list]:
    """Sets where ``pick_row(sub)`` has PR AUC and MCC within one standard
    error of the best rival, and the sets where both could be judged."""
    ok_sets, all_sets = [], []
    for name, sub in df.groupby("dataset", sort=False):
        row = pick_row(sub)
        if row is None:
            continue
        res = [within_one_se(sub, row, clf, m) for m in ("pr_auc", "mcc")]
        if None in res:
            continue
        all_sets.append(name)
        if all(res):
            ok_sets.append(name)
    return ok_sets, all_sets


def target_downstream(df: pd.DataFrame, group: str) -> list[str]:
    """Downstream PR AUC and MCC within one SE of the best rival, per classifier.

    Plain SMOTE's own count on the same sets follows each line: the filter
    picks among SMOTE's candidates, so where SMOTE itself trails no resampling
    or class weights the filter is not expected to close the distance.
    """
    lines = []
    for clf in CLASSIFIERS:
        ok_sets, all_sets = downstream_hits(
            df, lambda sub: pick(sub, group, "filtered"), clf
        )
        if not all_sets:
            continue
        missed = [n for n in all_sets if n not in ok_sets]
        smote_ok, _ = downstream_hits(
            df[df["dataset"].isin(all_sets)],
            lambda sub: pick(sub, "smote", "plain"),
            clf,
        )
        lines.append(
            verdict(
                f"{title(group)} with {clf}: PR AUC and MCC within one standard "
                f"error of, or above, the best of {', '.join(RIVALS)}",
                len(ok_sets),
                len(all_sets),
                0.8,
                f"not on {', '.join(missed)}" if missed else "",
                f"plain SMOTE on the same sets: {len(smote_ok)}/{len(all_sets)}",
            )
        )
    return lines


def targets(df: pd.DataFrame) -> list[str]:
    """The issue's targets, checked on the evaluation half of this run."""
    ev = df[df["half"] == "eval"]
    lines = []
    for group in groups(ev):
        lines += target_gaps(ev, group)
        lines += target_copies(ev, group)
        lines += target_downstream(ev, group)
    return lines


def detectability_table(df: pd.DataFrame) -> str:
    have = audited(df)
    rec = have.get("recommended", pd.Series(False, index=have.index))
    show = pd.DataFrame(
        {
            "dataset": have["dataset"],
            "kind": have["kind"],
            "minority": have["n_minority"].astype(int),
            "sampler": have["sampler"] + np.where(rec.eq(True), " (rec.)", ""),
            "splits": have["n_splits"].astype(int),
            "gap ± se": [pm(g, s) for g, s in zip(have["gap"], have["gap_se"])],
            "worst auditor": have["worst_auditor"],
            "copy-like": have["copy_like"],
            "copies": have["copies"],
            "fit s": have["fit_s"],
        }
    )
    return to_markdown(show, list(show.columns))


def downstream_table(df: pd.DataFrame) -> str:
    first = f"{CLASSIFIERS[0]}_pr_auc"
    have = df[df[first].notna()]
    show = pd.DataFrame({"dataset": have["dataset"], "sampler": have["sampler"]})
    for clf in CLASSIFIERS:
        for m, title in (("pr_auc", "PR AUC"), ("mcc", "MCC")):
            col = f"{clf}_{m}"
            show[f"{clf} {title}"] = [
                pm(v, s) for v, s in zip(have[col], have[f"{col}_se"])
            ]
    show["folds"] = have[f"{CLASSIFIERS[0]}_n_folds"].astype(int)
    return to_markdown(show, list(show.columns))


def mean_gaps(df: pd.DataFrame) -> list[str]:
    """Per group, the mean plain and filtered gaps over the sets with both.

    The standard error of a mean of gaps is ``sqrt(sum se²) / n``.
    """
    lines = []
    for group in groups(df):
        both = pairs(df, group)
        if not both:
            continue
        parts = []
        for i, mode in ((1, "plain"), (2, "filtered")):
            gaps = np.array([p[i]["gap"] for p in both])
            ses = np.array([p[i]["gap_se"] for p in both])
            parts.append(pm(gaps.mean(), np.sqrt((ses**2).sum()) / len(both)))
        lines.append(
            f"- {title(group)}: mean gap {parts[1]} filtered, {parts[0]} plain, "
            f"over the {len(both)} sets with both."
        )
    return lines


def half_section(df: pd.DataFrame, half: str) -> list[str]:
    sub = df[df["half"] == half]
    text = [f"## {HALF_TITLES[half]}", ""]
    if not audited(sub).empty:
        text += [*mean_gaps(sub), "", "### Detectability", ""]
        text += [detectability_table(sub), ""]
    if (
        f"{CLASSIFIERS[0]}_pr_auc" in sub
        and sub[f"{CLASSIFIERS[0]}_pr_auc"].notna().any()
    ):
        text += [
            "### Downstream (real held-out rows, resampling inside the folds)",
            "",
            downstream_table(sub),
            "",
        ]
    return text


INTRO = (
    "`gap` is the hold-out detectability gap: the largest |AUC - real-vs-real "
    "reference AUC| over the auditors (gradient boosting, logistic regression, "
    "MLP), trained afresh; 0 is the limit. `± se` is its standard error over the "
    "`splits` random half splits (each audited both ways): the standard deviation "
    "of the worst auditor's per-split differences over the square root of their "
    f"number; classes under {FEW_ROWS} rows get more splits. Two gaps differ "
    "beyond the noise when they are more than 2 sqrt(se_1² + se_2²) apart. "
    "`copy-like` marks an AUC below the reference (copies, not success). `copies` "
    "is the share of synthetic rows equal to a real row the sampler saw, over "
    "every split (0 means none in any). `(rec.)` marks the base recommended for "
    "the set's kind of data. `fit s` is one `fit_resample` on all rows, in "
    "seconds. Downstream: means over repeated stratified 5-fold cross-validation "
    "(`synthsieve.evaluate`) ± the standard deviation over the folds over the "
    "square root of their number (folds of repeated cross-validation share rows, "
    "so this understates the noise a little). The halves are declared in "
    "`benchmarks/splits.py`. The CSV (`--csv`) adds F1, balanced accuracy, the "
    "per-auditor AUCs and the paper protocol's AUC (one run, no error). Speed at "
    "scale: `benchmarks-speed.md` (`python benchmarks/speed.py`)."
)


def run_lines(df: pd.DataFrame, command: str, elapsed) -> list[str]:
    """The page's header lines: the command, or the runs a merged page is made
    of (``--from-csv``: each CSV's ``command`` column)."""
    if elapsed is not None:
        return [
            f"Command: `{command}`  ",
            f"Machine: {_common.machine_line()}.  ",
            f"Run on {time.strftime('%Y-%m-%d')}; took {elapsed / 60:.1f} min.",
        ]
    runs = df["command"].dropna().unique() if "command" in df else []
    lines = [f"Page written from earlier runs' tables by `{command}`. The runs:", ""]
    lines += [f"- `{run}`" for run in runs] or ["- (commands not recorded)"]
    return [*lines, "", f"Machine: {_common.machine_line()}."]


def write_report(df: pd.DataFrame, path: Path, command: str, elapsed):
    """Write the page; `elapsed` None for a page merged from earlier runs."""
    text = [
        "# Quality benchmark: plain vs filtered oversampling",
        "",
        *run_lines(df, command, elapsed),
        "",
        INTRO,
        "",
    ]
    goals = targets(df)
    if goals:
        text += ["## Targets (evaluation half)", "", *goals, ""]
    if not audited(df).empty:
        text += never_worse_section(df)
    for half in ("eval", "dev", "other"):
        if (df["half"] == half).any():
            text += half_section(df, half)
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


def parse_args(argv=None):
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument(
        "--half",
        choices=("dev", "eval", "all"),
        default="all",
        help="which declared half of the shared sets (benchmarks/splits.py)",
    )
    p.add_argument("--datasets", default=None, help="comma-separated; wins over --half")
    p.add_argument(
        "--samplers",
        default="smote,recommended",
        help="comma-separated names (synthsieve.make_sampler); "
        f"'generators' stands for {GENERATORS}; 'recommended' for the base "
        "recommended for each set's kind of data",
    )
    p.add_argument("--modes", default="plain,filtered", help="plain, filtered or both")
    p.add_argument(
        "--filter-params",
        type=json.loads,
        default={},
        help="JSON of FilteredOverSampler settings, e.g. '{\"jitter\": 1.0}'",
    )
    p.add_argument(
        "--repeats", type=int, default=5, help="hold-out half splits, at least"
    )
    p.add_argument(
        "--small-repeats",
        type=int,
        default=10,
        help=f"half splits for a minority class under {FEW_ROWS} rows",
    )
    p.add_argument("--cv-repeats", type=int, default=2)
    p.add_argument("--seed", type=int, default=0)
    p.add_argument(
        "--filter-seed",
        type=int,
        default=None,
        help="the filter's own random_state (default: --seed); the folds and half "
        "splits stay those of --seed, so runs pair split by split",
    )
    p.add_argument(
        "--sampler-seed",
        type=int,
        default=None,
        help="the plain sampler's own random_state (default: --seed), with the "
        "folds and half splits of --seed: SMOTE against SMOTE with another seed "
        "shows what chance alone moves",
    )
    p.add_argument(
        "--minority-rows",
        type=int,
        default=None,
        help="keep a seeded sample of this many minority rows (a smaller class "
        "on the same data; the set is named <name>@<rows>)",
    )
    p.add_argument("--no-downstream", action="store_true")
    p.add_argument("--no-baselines", action="store_true")
    p.add_argument("--out", default=str(ROOT / "docs" / "benchmarks.md"))
    p.add_argument("--csv", default=None, help="also write the raw table here")
    p.add_argument(
        "--from-csv",
        default=None,
        help="comma-separated tables of earlier runs (--csv): write the page "
        "from them, running nothing (e.g. one page from the two halves' runs)",
    )
    return p.parse_args(argv)


def main(argv=None):
    args = parse_args(argv)
    if args.filter_seed is not None:
        args.filter_params = {**args.filter_params, "random_state": args.filter_seed}
    warnings.simplefilter("ignore")
    command = "python benchmarks/quality.py " + shlex.join(
        sys.argv[1:] if argv is None else argv
    )
    if args.from_csv:
        paths = [p.strip() for p in args.from_csv.split(",") if p.strip()]
        df = pd.concat([pd.read_csv(p) for p in paths], ignore_index=True)
        write_report(df, Path(args.out), command, None)
        print(f"wrote {args.out}")
        return
    names = args.datasets.split(",") if args.datasets else HALVES[args.half]
    t_start = time.perf_counter()
    rows = []
    for name in names:
        t0 = time.perf_counter()
        rows += [{**r, "command": command} for r in run_set(name.strip(), args)]
        print(f"   ({time.perf_counter() - t0:.0f} s)", flush=True)
        df = pd.DataFrame(rows)
        write_report(df, Path(args.out), command, time.perf_counter() - t_start)
        if args.csv:
            df.to_csv(args.csv, index=False)
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
