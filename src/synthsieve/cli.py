"""The ``synthsieve`` command line: ``demo``, ``audit``, ``resample``, ``report``."""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

__all__ = ["main"]

DEMO_SAMPLERS = ("smote", "borderline-smote", "adasyn", "random", "smoten")


class CommandError(Exception):
    """A user error the command line reports without a traceback."""


def _read_csv(path: str, target: str) -> tuple[pd.DataFrame, pd.Series]:
    p = Path(path)
    if not p.is_file():
        raise CommandError(f"no such file: {path}")
    try:
        frame = pd.read_csv(p)
    except Exception as exc:  # pandas raises many kinds
        raise CommandError(f"could not read {path} as CSV: {exc}") from exc
    if target not in frame.columns:
        cols = ", ".join(map(str, frame.columns[:10]))
        raise CommandError(
            f"target column {target!r} is not in {path}; its columns are: {cols}"
            + (" ..." if frame.shape[1] > 10 else "")
        )
    y = frame[target]
    if y.isna().any():
        raise CommandError(f"target column {target!r} has missing values")
    if y.nunique() < 2:
        raise CommandError(
            f"target column {target!r} holds a single class ({y.iloc[0]!r}); "
            "oversampling needs at least two classes"
        )
    X = frame.drop(columns=[target])
    if X.shape[1] == 0:
        raise CommandError(f"{path} has no feature columns besides {target!r}")
    return X, y


def _dump_json(obj, path):
    with open(path, "w", encoding="utf-8") as fh:
        json.dump(obj, fh, indent=1, default=_json_default)


def _json_default(o):
    if isinstance(o, np.generic):
        return o.item()
    if isinstance(o, np.ndarray):
        return o.tolist()
    raise TypeError(f"not JSON serialisable: {type(o).__name__}")


def _comparison_json(cmp) -> dict:
    return {
        "table1": json.loads(cmp.table1.reset_index().to_json(orient="records")),
        "table2": json.loads(cmp.table2.reset_index().to_json(orient="records")),
    }


def _detectors(no_mlp: bool, seed: int):
    from ._audit import default_auditors

    return default_auditors(seed, mlp=not no_mlp)


# ------------------------------------------------------------------ commands


def cmd_demo(args) -> int:
    from ._audit import compare_samplers
    from ._datasets import load_hiva
    from ._registry import make_sampler

    X, y = load_hiva(return_X_y=True, n_features=args.n_features)
    if args.n_majority is not None:
        rng = np.random.default_rng(args.seed)
        maj = np.flatnonzero(y.to_numpy() == 0)
        keep = np.sort(
            np.r_[
                rng.choice(maj, min(args.n_majority, len(maj)), replace=False),
                np.flatnonzero(y.to_numpy() == 1),
            ]
        )
        X, y = X.iloc[keep].reset_index(drop=True), y.iloc[keep].reset_index(drop=True)
    print(
        f"synthsieve demo: HIVA fingerprints (embedded), {X.shape[0]} molecules x "
        f"{X.shape[1]} binary bits, {int(y.sum())} active ({y.mean():.2%} minority)."
    )
    print(
        "Each sampler makes as many synthetic actives as there are real ones; "
        "auditors (gradient boosting, logistic regression, the paper's MLP) try to "
        "tell them apart, out of fold.\n"
    )
    names = list(DEMO_SAMPLERS)
    if not args.no_filtered:
        names.append("filtered-smote")
    samplers = {}
    for n in names:
        try:
            samplers[n] = make_sampler(n, X, random_state=args.seed)
        except ImportError:
            continue
    t0 = time.perf_counter()
    cmp = compare_samplers(
        X,
        y,
        samplers,
        detectors=_detectors(args.no_mlp, args.seed),
        cv=args.cv,
        random_state=args.seed,
        verbose=1,
    )
    print(cmp.summary())
    print(
        "\nReading the tables: roc_auc near 0.5 means the synthetic rows cannot be "
        "told from real ones; far below 0.5 (paper protocol) means they copy real "
        "rows. holdout_gap is |AUC - real-vs-real AUC| under the hold-out "
        "protocol, the honest headline (0 is the limit). active_* count the bits "
        "set per molecule, real vs synthetic (the paper's Table 2)."
    )
    print(f"\nDone in {time.perf_counter() - t0:.0f} s.")
    if args.json:
        _dump_json(_comparison_json(cmp), args.json)
        print(f"Tables written to {args.json}")
    return 0


def cmd_audit(args) -> int:
    from ._audit import compare_samplers
    from ._registry import sampler_for_data

    X, y = _read_csv(args.data, args.target)
    try:
        samplers = sampler_for_data(args.samplers, X, random_state=args.seed)
    except ValueError as exc:
        raise CommandError(str(exc)) from exc
    print(
        f"Auditing {', '.join(samplers)} on {args.data}: {X.shape[0]} rows, "
        f"{X.shape[1]} features, classes {y.value_counts().to_dict()}"
    )
    cmp = compare_samplers(
        X,
        y.to_numpy(),
        samplers,
        detectors=_detectors(args.no_mlp, args.seed),
        cv=args.cv,
        holdout=not args.no_holdout,
        random_state=args.seed,
        verbose=1,
    )
    print(cmp.summary())
    if args.json:
        _dump_json(_comparison_json(cmp), args.json)
        print(f"Tables written to {args.json}")
    return 0


# ------------------------------------------------------------------ parser


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="synthsieve",
        description="Honest oversampling: audit and filter synthetic minority rows.",
    )
    sub = parser.add_subparsers(dest="command", required=True)

    demo = sub.add_parser(
        "demo", help="audit SMOTE and friends on the embedded HIVA data"
    )
    demo.add_argument("--seed", type=int, default=0)
    demo.add_argument("--cv", type=int, default=5)
    demo.add_argument(
        "--n-features",
        type=int,
        default=None,
        help="keep only the N most frequent bits (faster)",
    )
    demo.add_argument(
        "--n-majority",
        type=int,
        default=None,
        help="keep only N inactive molecules (faster)",
    )
    demo.add_argument("--no-mlp", action="store_true", help="skip the MLP auditor")
    demo.add_argument(
        "--no-filtered", action="store_true", help="skip the filtered sampler"
    )
    demo.add_argument("--json", help="also write the tables to this JSON file")
    demo.set_defaults(func=cmd_demo)

    aud = sub.add_parser("audit", help="audit over-samplers on a CSV file")
    aud.add_argument("data", help="CSV file with a header row")
    aud.add_argument("--target", required=True, help="name of the class column")
    aud.add_argument(
        "--samplers",
        default="smote,borderline-smote,adasyn,random",
        help="comma-separated sampler names",
    )
    aud.add_argument("--cv", type=int, default=5)
    aud.add_argument("--seed", type=int, default=0)
    aud.add_argument(
        "--no-holdout", action="store_true", help="skip the hold-out protocol"
    )
    aud.add_argument("--no-mlp", action="store_true", help="skip the MLP auditor")
    aud.add_argument("--json", help="also write the tables to this JSON file")
    aud.set_defaults(func=cmd_audit)
    return parser


def main(argv=None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return args.func(args)
    except CommandError as exc:
        print(f"synthsieve {args.command}: error: {exc}", file=sys.stderr)
        return 2
    except (ValueError, TypeError) as exc:
        print(f"synthsieve {args.command}: error: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
