"""The small-class jitter rule against near copies: shared sets and many columns.

``jitter="auto"`` gives a class of fewer than ``JITTER_MAX_ROWS`` real rows,
asked for more than ``JITTER_MAX_RATIO`` synthetic rows per real row, the least
noise whose candidates are near copies in at most ``LEAST_JITTER_NEAR_SHARE``
of cases (``docs/sampler.md``, section ``sampler-jitter``). This script gives
the figures behind the two constants of that rule:

1. on the shared sets the rule touches, the share of the candidates without
   noise (SMOTE's rows, repaired) that are copies or near copies of real rows,
   in the first of five stratified training folds;
2. on Gaussian data with many columns, what the default filter returns for a
   small class and for a class of more than 100 rows, both asked for more
   than 20 rows per real row (without the rule's limits, none: every SMOTE row
   is then a near copy);
3. on two classes of 8 rows, what the default returns against ``jitter=0``
   (``--tiny-only`` runs this table alone; ``--sets`` and ``--folds`` run the
   first table alone, on the sets and folds named).

    python benchmarks/least_jitter.py

The tables are quoted on ``docs/acceptance-evidence.md``.
"""

from __future__ import annotations

import argparse
import time
import warnings

import numpy as np
from _common import load
from sklearn.model_selection import StratifiedKFold

from synthsieve import FilteredOverSampler

#: The shared sets whose minority class the rule touches (fewer than 100 rows,
#: more than 20 synthetic rows asked per real row, integer or continuous
#: columns), by half.
SETS = {
    "dev": [
        "abalone19",
        "yeast4",
        "winequality-red-4",
        "kddcup-guess_passwd_vs_satan",
    ],
    "eval": [
        "yeast5",
        "abalone-17_vs_7-8-9-10",
        "kddcup-land_vs_portsweep",
        "poker-9_vs_7",
    ],
}
#: Gaussian classes: (minority rows, majority rows, columns).
GAUSSIAN = [(60, 1800, 10), (60, 1800, 30), (40, 1200, 41), (120, 2640, 30)]


def near_copy_share(name: str, fold: int = 0) -> tuple[int, float]:
    """Minority rows of training fold `fold` (of five), and the share of the
    filter's candidates without noise (SMOTE's rows, repaired) that are copies
    or near copies of real rows (no detector, no class consistency: every
    candidate is checked)."""
    X, y = load(name)
    folds = StratifiedKFold(5, shuffle=True, random_state=0).split(X, y)
    train = list(folds)[fold][0]
    X_tr, y_tr = X.iloc[train].reset_index(drop=True), y[train]
    sampler = FilteredOverSampler(
        jitter=0,
        detector=None,
        class_consistency=None,
        max_rounds=1,
        shortfall="return",
        auditors=None,
        random_state=0,
    )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        sampler.fit_resample(X_tr, y_tr)
    outcome = sampler.report_.classes[1]
    flagged = outcome.rejected.get("copy", 0) + outcome.rejected.get("near_copy", 0)
    return int((y_tr == 1).sum()), flagged / outcome.candidates


def gaussian(n_min: int, n_maj: int, d: int):
    rng = np.random.default_rng(0)
    X = np.vstack([rng.normal(size=(n_maj, d)), rng.normal(0.7, 1.0, (n_min, d))])
    return X, np.r_[np.zeros(n_maj, dtype=int), np.ones(n_min, dtype=int)]


def integer_grid(n_min: int, n_maj: int, d: int):
    """Integer codes: the majority over 1..13, the minority over 9..13 only
    (a coarse grid, where interpolated rows round onto few distinct rows)."""
    rng = np.random.default_rng(0)
    X = np.vstack([rng.integers(1, 14, (n_maj, d)), rng.integers(9, 14, (n_min, d))])
    return X, np.r_[np.zeros(n_maj, dtype=int), np.ones(n_min, dtype=int)]


#: Classes of 8 rows: (name, data), judged with the rule and without noise.
TINY = [
    ("Gaussian, 30 columns", lambda: gaussian(8, 240, 30)),
    ("integer grid, 6 columns", lambda: integer_grid(8, 400, 6)),
]


def tiny_lines() -> list[str]:
    """Rows returned for a class of 8 rows by the default (the least noise)
    and by ``jitter=0``."""
    lines = [
        "| 8-row class | jitter | synthetic rows (asked) | jitter_ |",
        "|---|---|---|---|",
    ]
    for name, make in TINY:
        X, y = make()
        for jitter in ("auto", 0):
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                sampler = FilteredOverSampler(
                    jitter=jitter, auditors=None, random_state=0
                )
                _, y_res = sampler.fit_resample(X, y)
            got = int((y_res == 1).sum()) - 8
            lines.append(
                f"| {name} | {jitter} | {got:,} ({sampler.sampling_strategy_[1]:,}) "
                f"| {sampler.jitter_[1]} |"
            )
            print(lines[-1], flush=True)
    return lines


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", default=None, help="write the tables here")
    parser.add_argument(
        "--sets",
        default=None,
        help="comma-separated shared sets for the first table (default: all "
        "the rule touches)",
    )
    parser.add_argument(
        "--folds",
        type=int,
        default=1,
        help="the first table's share in each of the first FOLDS training folds",
    )
    parser.add_argument(
        "--tiny-only",
        action="store_true",
        help="only the third table: 8-row classes, the rule against no noise",
    )
    args = parser.parse_args(argv)
    start = time.time()
    if args.sets:
        sets = {"chosen": [n.strip() for n in args.sets.split(",") if n.strip()]}
        lines = shared_lines(sets, args.folds)
    elif args.tiny_only:
        lines = tiny_lines()
    else:
        lines = shared_lines(SETS, args.folds) + [""] + gaussian_lines() + [""]
        lines += tiny_lines()
    text = "\n".join(lines) + "\n"
    print(f"({time.time() - start:.0f} s)")
    if args.out:
        with open(args.out, "w", encoding="utf-8") as fh:
            fh.write(text)


def shared_lines(sets: dict, folds: int = 1) -> list[str]:
    """Per set (and training fold, with `folds` > 1) the near-copy share."""
    lines = [
        "| half | set | minority rows (training fold) | near copies without noise |",
        "|---|---|---|---|",
    ]
    for half, names in sets.items():
        for name in names:
            for fold in range(folds):
                n_min, share = near_copy_share(name, fold)
                tag = f" (fold {fold + 1})" if folds > 1 else ""
                lines.append(f"| {half} | {name}{tag} | {n_min} | {share:.2f} |")
                print(lines[-1], flush=True)
    return lines


def gaussian_lines() -> list[str]:
    lines = [
        "| minority rows | majority rows | columns | synthetic rows (asked) "
        "| jitter_ | holdout_folds_ | fit s |",
        "|---|---|---|---|---|---|---|",
    ]
    for n_min, n_maj, d in GAUSSIAN:
        X, y = gaussian(n_min, n_maj, d)
        t = time.time()
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            sampler = FilteredOverSampler(auditors=None, random_state=0)
            _, y_res = sampler.fit_resample(X, y)
        got = int((y_res == 1).sum()) - n_min
        lines.append(
            f"| {n_min} | {n_maj} | {d} | {got:,} ({n_maj - n_min:,}) "
            f"| {sampler.jitter_[1]} | {sampler.holdout_folds_[1]} "
            f"| {time.time() - t:.1f} |"
        )
        print(lines[-1], flush=True)
    return lines


if __name__ == "__main__":
    main()
