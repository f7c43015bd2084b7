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
   is then a near copy).

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


def near_copy_share(name: str) -> tuple[int, float]:
    """Minority rows of the first training fold, and the share of the filter's
    candidates without noise (SMOTE's rows, repaired) that are copies or near
    copies of real rows (no detector, no class consistency: every candidate is
    checked)."""
    X, y = load(name)
    train = next(StratifiedKFold(5, shuffle=True, random_state=0).split(X, y))[0]
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


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", default=None, help="write the tables here")
    args = parser.parse_args(argv)
    start = time.time()
    lines = [
        "| half | set | minority rows (training fold) | near copies without noise |",
        "|---|---|---|---|",
    ]
    for half, names in SETS.items():
        for name in names:
            n_min, share = near_copy_share(name)
            lines.append(f"| {half} | {name} | {n_min} | {share:.2f} |")
            print(lines[-1], flush=True)
    lines += [
        "",
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
    text = "\n".join(lines) + "\n"
    print(f"({time.time() - start:.0f} s)")
    if args.out:
        with open(args.out, "w", encoding="utf-8") as fh:
            fh.write(text)


if __name__ == "__main__":
    main()
