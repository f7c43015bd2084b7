"""How much the hold-out audit's real-vs-real reference moves with the seed.

The hold-out gap is ``|AUC - reference AUC|``: the reference is the same
auditor comparing the two real halves of the class, what "indistinguishable"
reads at this sample size. This script audits plain SMOTE on one data set with
the tree auditor alone, once per seed (``random_state`` of the audit and of
SMOTE), and prints the reference AUC, the synthetic rows' AUC and the gap of
each seed, with their means and spreads: the noise a single seed's gap carries
from its reference.

    python benchmarks/reference_spread.py --dataset pima --seeds 0-11
"""

from __future__ import annotations

import argparse
import shlex
import sys
import time
import warnings

import _common  # benchmarks/_common.py: loading, machine description
import numpy as np
import pandas as pd
from imblearn.over_sampling import SMOTE

from synthsieve import audit_sampler, make_detector


def spread(X, y, seeds, repeats: int) -> pd.DataFrame:
    rows = []
    for seed in seeds:
        audit = audit_sampler(
            SMOTE(random_state=seed),
            X,
            y,
            detectors={"hgb": make_detector("hgb-audit", seed)},
            n_repeats=repeats,
            random_state=seed,
        )
        minority = next(iter(audit.classes.values()))  # the one minority class
        rows.append(
            {
                "seed": seed,
                "reference_auc": minority.reference_auc()["hgb"],
                "synthetic_auc": minority.auc()["hgb"],
                "gap": minority.gap,
            }
        )
    return pd.DataFrame(rows)


def _seeds(text: str) -> list[int]:
    if "-" in text:
        lo, hi = text.split("-")
        return list(range(int(lo), int(hi) + 1))
    return [int(s) for s in text.split(",")]


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--dataset", default="pima")
    p.add_argument("--seeds", default="0-11", help="'0-11' or '0,3,5'")
    p.add_argument("--repeats", type=int, default=5, help="half splits per audit")
    args = p.parse_args(argv)
    X, y = _common.load(args.dataset)
    numeric = [c for c in X.columns if not _common.is_nominal(X[c])]
    X = X.astype(dict.fromkeys(numeric, float))
    t0 = time.perf_counter()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        df = spread(X, y, _seeds(args.seeds), args.repeats)
    command = "python benchmarks/reference_spread.py " + shlex.join(
        sys.argv[1:] if argv is None else argv
    )
    cols = ["seed", "reference_auc", "synthetic_auc", "gap"]
    summary = df[cols[1:]].agg(["mean", "std"])
    print(f"Command: `{command.strip()}`  ")
    print(f"Machine: {_common.machine_line()}  ")
    print(f"Wall time: {(time.perf_counter() - t0) / 60:.1f} min\n")
    print(_common.to_markdown(df.astype({"seed": str}), cols))
    print()
    n = len(df)
    for col in cols[1:]:
        mean, sd = summary.loc["mean", col], summary.loc["std", col]
        print(f"- {col}: mean {_common.pm(mean, sd / np.sqrt(n))}, sd {sd:.3f}")


if __name__ == "__main__":
    main()
