"""How low can the filter take the hold-out gap on one data set? Probes of the floor.

For one shared data set, runs ``FilteredOverSampler`` with several base samplers
and settings through the same hold-out audit as ``benchmarks/quality.py``
(``audit_sampler``, auditors trained afresh, ``--repeats`` half splits), and, on
one extra half split, measures what the auditors see:

* ``d_syn`` / ``d_real``: the median distance (standardised numeric columns,
  one-hot nominal ones; for 0/1 columns the square root of the Hamming distance)
  from a kept synthetic row, and from a real row the sampler never saw, to the
  nearest real row the sampler was given. Real rows of the other half lie
  ``d_real`` away; rows that hug the rows that made them lie closer;
* ``dist_auc``: the out-of-fold ROC AUC of gradient boosting told synthetic from
  unseen real rows by that one distance alone.

The base ``random`` (imbalanced-learn's ``RandomOverSampler``) with jitter is a
smoothed bootstrap: copies of the given real rows moved by local noise, then
repaired, copy-checked and filtered like any candidate. It is the closest
non-copy candidate source there is, so its gap is a floor for generators that
draw near the real rows.

Run from the project root (needs ../shared/datasets)::

    python benchmarks/floor.py --dataset page-blocks0 --out /tmp/floor.md

The tables of the two sets probed are kept on the evidence page of the
filter's defaults (docs/sampler-defaults-evidence.md, "The floor probes").
"""

from __future__ import annotations

import argparse
import json
import shlex
import sys
import time
import warnings
from pathlib import Path

import _common  # benchmarks/_common.py: loading, encoding, machine description
import numpy as np
import pandas as pd
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.metrics import roc_auc_score
from sklearn.model_selection import (
    StratifiedKFold,
    cross_val_predict,
    train_test_split,
)
from sklearn.neighbors import NearestNeighbors

from synthsieve import (
    FilteredOverSampler,
    audit_sampler,
    default_auditors,
    make_sampler,
)

#: (base sampler, FilteredOverSampler settings) probed by default.
CONFIGS = [
    ("smote", {"holdout_folds": 2}),
    ("smote", {"jitter": 0.0, "holdout_folds": 2}),
    ("smote", {"holdout_folds": 1}),
    ("smote", {"candidate_factor": 10, "holdout_folds": 2}),
    ("random", {"jitter": 0.25, "holdout_folds": 2}),
    ("random", {"jitter": 1.0, "holdout_folds": 2}),
    ("random", {"holdout_folds": 2}),
]


def build(base, params, X, seed) -> FilteredOverSampler:
    """The filtered sampler of one probe: `base` by name, `params` its settings."""
    return FilteredOverSampler(
        sampler=make_sampler(base, X, random_state=seed),
        auditors=None,
        random_state=seed,
        **params,
    )


def distances(X, y, base, params, seed, minority):
    """d_syn, d_real and dist_auc on one half split (see the module docstring)."""
    Xa, Xb, ya, yb = train_test_split(
        X, y, test_size=0.5, stratify=y, random_state=seed
    )
    Xr, yr = build(base, params, X, seed).fit_resample(Xa, ya)
    syn = Xr.iloc[len(Xa) :][np.asarray(yr)[len(Xa) :] == minority]
    real = Xb[yb == minority]
    n = min(len(syn), len(real))
    syn = syn.sample(n, random_state=seed)
    real = real.sample(n, random_state=seed)
    enc = _common.encoder(X)
    given = enc.transform(Xa[ya == minority])
    scale = given.std(axis=0)
    binary = np.isin(given, (0.0, 1.0)).all(axis=0)
    scale[binary | (scale == 0)] = 1.0  # 0/1 columns unscaled: Hamming distance
    nn = NearestNeighbors(n_neighbors=1).fit(given / scale)
    d_syn = nn.kneighbors(enc.transform(syn) / scale)[0][:, 0]
    d_real = nn.kneighbors(enc.transform(real) / scale)[0][:, 0]
    labels = np.r_[np.zeros(n), np.ones(n)]
    p = cross_val_predict(
        HistGradientBoostingClassifier(random_state=seed),
        np.r_[d_real, d_syn][:, None],
        labels,
        cv=StratifiedKFold(5, shuffle=True, random_state=seed),
        method="predict_proba",
    )[:, 1]
    return float(np.median(d_syn)), float(np.median(d_real)), roc_auc_score(labels, p)


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--dataset", default="page-blocks0")
    p.add_argument(
        "--configs",
        type=json.loads,
        default=CONFIGS,
        help="JSON list of [base, settings] pairs, e.g. '[[\"smote\", {}]]'",
    )
    p.add_argument("--repeats", type=int, default=2, help="hold-out half splits")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--out", default=None, help="write a Markdown page here")
    args = p.parse_args(argv)
    warnings.simplefilter("ignore")
    command = "python benchmarks/floor.py " + shlex.join(argv or sys.argv[1:])
    X, y = _common.load(args.dataset)
    classes, counts = np.unique(y, return_counts=True)
    minority = classes[np.argmin(counts)]
    rows = []
    t_start = time.perf_counter()
    for base, params in args.configs:
        t0 = time.perf_counter()
        hold = audit_sampler(
            build(base, params, X, args.seed),
            X,
            y,
            detectors=default_auditors(args.seed + 1),
            n_repeats=args.repeats,
            random_state=args.seed,
        )
        ca = hold.classes[minority]
        d_syn, d_real, d_auc = distances(X, y, base, params, args.seed + 7, minority)
        row = {
            "base": base,
            "settings": json.dumps(params) if params else "defaults",
            "gap": ca.gap,
            "worst_auditor": ca.worst_auditor,
            "copies": ca.copy_share,
            **{f"auc_{k}": v for k, v in ca.auc().items()},
            "d_syn": d_syn,
            "d_real": d_real,
            "dist_auc": d_auc,
            "seconds": time.perf_counter() - t0,
        }
        rows.append(row)
        print(
            f"{base:8s} {row['settings']:32s} gap {ca.gap:.3f} ({ca.worst_auditor}) "
            f"d_syn {d_syn:.2f} d_real {d_real:.2f} dist_auc {d_auc:.3f}",
            flush=True,
        )
    df = pd.DataFrame(rows)
    if args.out:
        cols = [c for c in df.columns if c != "seconds"] + ["seconds"]
        text = [
            f"# Floor probes: {args.dataset}",
            "",
            f"Command: `{command}`  ",
            f"Machine: {_common.machine_line()}  ",
            f"Wall time: {(time.perf_counter() - t_start) / 60:.1f} min",
            "",
            "Hold-out gap as in `benchmarks/quality.py` (worst auditor family, "
            f"{args.repeats} half splits); `d_syn`, `d_real`, `dist_auc` from one "
            "more split: see the script's docstring.",
            "",
            _common.to_markdown(df, cols),
            "",
        ]
        Path(args.out).write_text("\n".join(text))
        print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
