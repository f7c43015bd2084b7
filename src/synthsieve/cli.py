"""The ``synthsieve`` command line: ``demo``, ``audit``, ``resample``, ``report``."""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
import warnings
from dataclasses import replace
from pathlib import Path

import numpy as np
import pandas as pd

from ._datasets import load_hiva
from ._registry import make_sampler, sampler_for_data
from .audit import compare_samplers, default_auditors
from .filtering import FilteredOverSampler
from .filtering._sieve_report import _sieve_report
from .report import SieveReport

__all__ = ["main"]

DEMO_SAMPLERS = ("smote", "borderline-smote", "adasyn", "random", "smoten")
AUDITOR_NAMES = ("hgb", "logreg", "mlp")


class CommandError(Exception):
    """A user error the command line reports without a traceback."""


class _Parser(argparse.ArgumentParser):
    """An argument parser whose errors are one line (the usage is one
    ``--help`` away), with exit status 2."""

    def error(self, message):
        self.exit(2, f"{self.prog}: error: {message} (see {self.prog} --help)\n")


#: The library's advice names Python parameters; on the command line it names
#: the flags, or says plainly what the command line cannot do.
_ADVICE = (
    (r"pass holdout=False", "pass --no-holdout"),
    (r"[Ll]ower `cv`", "lower --cv"),
    (r"`cv`", "--cv"),
    (r" or `holdout_folds`", ""),
    (
        r"[Ll]ower `k_neighbors`",
        "the command line's samplers use their default neighbours; call "
        "FilteredOverSampler from Python with a smaller k_neighbors",
    ),
    (r"\(shortfall='fill'\)", ""),
    (r"accept fewer rows \(shortfall='return'\)", "pass --allow-shortfall"),
    (
        r"exact copies \(imbalanced-learn's RandomOverSampler\)",
        "exact copies (imbalanced-learn's RandomOverSampler, outside synthsieve)",
    ),
)

#: Exit status when a class got no rows and --allow-shortfall was not given.
EXIT_SHORTFALL = 3


def cli_advice(message: str) -> str:
    """`message` with the library's Python advice put in command-line terms,
    on one line."""
    for pattern, repl in _ADVICE:
        message = re.sub(pattern, repl, message)
    return " ".join(message.split()).replace(" .", ".").replace(" ;", ";")


def _read_table(path: str, target: str) -> pd.DataFrame:
    """The CSV file at `path`, checked to hold a usable class column `target`."""
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
    if frame.empty:
        raise CommandError(f"{path} has a header but no rows")
    y = frame[target]
    if y.isna().any():
        raise CommandError(f"target column {target!r} has missing values")
    if pd.api.types.is_float_dtype(y) and not np.isclose(y, np.round(y)).all():
        example = y[~np.isclose(y, np.round(y))].iloc[0]
        raise CommandError(
            f"target column {target!r} holds continuous values (e.g. {example:g}); "
            "give a column of class labels"
        )
    if y.nunique() < 2:
        raise CommandError(
            f"target column {target!r} holds a single class ({y.iloc[0]!r}); "
            "oversampling needs at least two classes"
        )
    if frame.shape[1] < 2:
        raise CommandError(f"{path} has no feature columns besides {target!r}")
    return frame


def _read_csv(path: str, target: str) -> tuple[pd.DataFrame, pd.Series]:
    frame = _read_table(path, target)
    return frame.drop(columns=[target]), frame[target]


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
    return default_auditors(seed, mlp=not no_mlp)


# ------------------------------------------------------------------ commands


def cmd_demo(args) -> int:
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
    samplers = {n: make_sampler(n, X, random_state=args.seed) for n in DEMO_SAMPLERS}
    if not args.no_filtered:
        # the auditors below measure it; its own in-fit audit is not needed here
        samplers["filtered-smote"] = FilteredOverSampler(
            sampler=samplers["smote"], auditors=None, random_state=args.seed
        )
    t0 = time.perf_counter()
    cmp = compare_samplers(
        X,
        y,
        samplers,
        detectors=_detectors(args.no_mlp, args.seed),
        cv=args.cv,
        n_subsamples=1,  # one balanced subsample per audit keeps the demo short
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


def _auditor_dict(names: str, seed: int):
    """``{name: auditor}`` from a comma-separated list; None for "none"."""
    wanted = [n.strip().lower() for n in names.split(",") if n.strip()]
    if wanted == ["none"]:
        return None
    known = default_auditors(seed, mlp="mlp" in wanted)
    unknown = [n for n in wanted if n not in known]
    if unknown or not wanted:
        raise CommandError(
            f"unknown auditor(s) {', '.join(unknown) or '(none given)'}; choose "
            f"from {', '.join(AUDITOR_NAMES)}, or 'none'"
        )
    return {n: known[n] for n in wanted}


def _restore_dtypes(frame: pd.DataFrame, dtypes: pd.Series) -> pd.DataFrame:
    """Give the resampled columns their input dtypes back where values allow.

    Integer and boolean columns stay integers and booleans when every value is
    whole (the domain rules see to that); otherwise they stay floats.
    """
    out = frame.copy()
    for col, dtype in dtypes.items():
        values = out[col]
        if values.dtype == dtype:
            continue
        try:
            if pd.api.types.is_integer_dtype(dtype) or pd.api.types.is_bool_dtype(
                dtype
            ):
                num = pd.to_numeric(values)
                if (num == np.round(num)).all():
                    out[col] = num.astype(dtype)
            else:
                out[col] = values.astype(dtype)
        except (TypeError, ValueError):
            continue
    return out


def _rejected_table(rejected: pd.DataFrame, X: pd.DataFrame, target: str):
    """`rejected_` with its class column named like the target column.

    The sampler's own columns (``round``, ``reason``, ``score``) get a
    ``sieve_`` prefix when a feature has the same name.
    """
    meta = list(rejected.columns[: rejected.shape[1] - X.shape[1]])
    names = {
        m: target if m == "class" else (f"sieve_{m}" if m in X.columns else m)
        for m in meta
    }
    out = rejected.copy()
    out.columns = [names.get(c, c) for c in meta] + list(X.columns)
    return out


def _write(what: str, path: str, write) -> None:
    try:
        write(path)
    except OSError as exc:
        raise CommandError(f"could not write {what} to {path}: {exc}") from exc
    print(f"{what[0].upper()}{what[1:]} written to {path}")


def _declare_categorical(X, names):
    """`X` with the `--categorical` columns as categories: integer codes that
    the base sampler, the rules and the detector then read as nominal (the
    written CSV holds the same codes)."""
    if not names:
        return X
    columns = [c.strip() for c in names.split(",") if c.strip()]
    unknown = [c for c in columns if c not in X.columns]
    if unknown:
        raise CommandError(
            f"--categorical names column {unknown[0]!r}, which the data does not "
            f"have (besides the target); its columns are "
            f"{', '.join(map(str, X.columns[:10]))}"
            + (" ..." if X.shape[1] > 10 else "")
        )
    return X.astype(dict.fromkeys(columns, "category"))


def cmd_resample(args) -> int:
    frame = _read_table(args.data, args.target)
    X, y = frame.drop(columns=[args.target]), frame[args.target]
    X = _declare_categorical(X, args.categorical)
    name = args.sampler.strip().lower()
    if name.startswith("filtered-"):
        name = name[len("filtered-") :]
    try:
        base = make_sampler(name, X, random_state=args.seed)
    except ValueError as exc:
        raise CommandError(str(exc)) from exc
    auditors = _auditor_dict(args.auditors, args.seed)
    if args.holdout and auditors is None:
        raise CommandError("--holdout needs auditors; drop --auditors none")
    verbose = 0 if args.quiet else 1
    sampler = FilteredOverSampler(
        sampler=base,
        detector=None if args.detector == "none" else args.detector,
        auditors=auditors,
        random_state=args.seed,
        verbose=verbose,
    )
    print(
        f"Resampling {args.data}: {X.shape[0]} rows, {X.shape[1]} features, "
        f"classes {y.value_counts().sort_index().to_dict()}; base sampler "
        f"{type(base).__name__}, detector {args.detector}"
        + (", hold-out audit" if args.holdout else "")
    )
    t0 = time.perf_counter()
    report, X_res, y_res = _fit_resample(sampler, X, y, args, auditors, verbose)
    report = replace(
        report, extra={**report.extra, "base_sampler": type(base).__name__}
    )
    out = _output_table(frame, X, y, X_res, y_res, args.target)
    print(
        f"{len(frame)} rows -> {len(out)} rows "
        f"(classes {out[args.target].value_counts().sort_index().to_dict()}) in "
        f"{time.perf_counter() - t0:.0f} s\n"
    )
    print(report.summary(top=3))
    print()
    empty = _rows_added(report, y, out[args.target])
    if empty and not args.allow_shortfall:
        print(
            f"synthsieve resample: error: no rows added to class "
            f"{', '.join(map(str, empty))} (see the warning above); nothing "
            "written. Pass --allow-shortfall to write the data anyway.",
            file=sys.stderr,
        )
        return EXIT_SHORTFALL
    _write("balanced data", args.out, lambda p: out.to_csv(p, index=False))
    if args.rejected:
        _write(
            "rejected candidates",
            args.rejected,
            lambda p: _rejected_table(sampler.rejected_, X, args.target).to_csv(
                p, index=False
            ),
        )
    if args.report:
        _write("HTML report", args.report, report.to_html)
    if args.json:
        _write("JSON report", args.json, lambda p: report.to_json(p, indent=1))
    return 0


def _fit_resample(sampler, X, y, args, auditors, verbose):
    """The report and resampled data of `sampler` on (X, y), with the hold-out
    audit under ``--holdout``; its warnings printed in command-line terms."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        if args.holdout:
            report, X_res, y_res = _sieve_report(
                sampler,
                X,
                y,
                auditors=auditors,
                random_state=args.seed,
                cv=args.cv,
                verbose=verbose,
            )
        else:
            X_res, y_res = sampler.fit_resample(X, y)
            report = sampler.report_
    for w in caught:
        print(
            f"synthsieve resample: warning: {cli_advice(str(w.message))}",
            file=sys.stderr,
        )
    return report, X_res, y_res


def _output_table(frame, X, y, X_res, y_res, target) -> pd.DataFrame:
    """The resampled rows as the input CSV's columns, dtypes and column order."""
    out = _restore_dtypes(pd.DataFrame(X_res, columns=X.columns), X.dtypes)
    y_out = pd.Series(np.asarray(y_res), name=target)
    try:
        y_out = y_out.astype(y.dtype)
    except (TypeError, ValueError):
        pass
    out.insert(list(frame.columns).index(target), target, y_out.to_numpy())
    return out


def _rows_added(report, y, y_out) -> list:
    """Print the rows added per over-sampled class; return the classes that
    needed rows and got none."""
    before, after = y.value_counts(), y_out.value_counts()
    parts, empty = [], []
    for label, entry in report.classes.items():
        key = label if label in before.index else str(label)
        added = int(after.get(key, 0) - before.get(key, 0))
        parts.append(f"{label}: {added:,} of {entry['needed']:,}")
        if entry["needed"] > 0 and added == 0:
            empty.append(label)
    print(f"Rows added per class: {'; '.join(parts)}")
    return empty


def cmd_report(args) -> int:
    p = Path(args.report)
    if not p.is_file():
        raise CommandError(f"no such file: {args.report}")
    try:
        report = SieveReport.from_json(p)
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise CommandError(f"{args.report} is not JSON: {exc}") from exc
    except (KeyError, TypeError, AttributeError, ValueError) as exc:
        raise CommandError(
            f"{args.report} is not a synthsieve report (written by `synthsieve "
            f"resample --json` or SieveReport.to_json): {exc!r}"
        ) from exc
    print(report.summary())
    if args.html:
        print()
        _write("HTML report", args.html, report.to_html)
    return 0


# ------------------------------------------------------------------ parser


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="synthsieve",
        description="Honest oversampling: audit and filter synthetic minority rows.",
    )
    sub = parser.add_subparsers(dest="command", required=True)

    _add_demo(sub)
    _add_audit(sub)
    _add_resample(sub)
    _add_report(sub)
    return parser


def _add_demo(sub) -> None:
    """The ``demo`` command's arguments."""
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


def _add_audit(sub) -> None:
    """The ``audit`` command's arguments."""
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


def _add_resample(sub) -> None:
    """The ``resample`` command's arguments."""
    res = sub.add_parser(
        "resample",
        help="balance a CSV file with a filtered over-sampler and report on it",
        description="Over-sample the minority classes of a CSV file with a base "
        "sampler wrapped in FilteredOverSampler; write the balanced data, the "
        "rejected candidates and a quality report (HTML and JSON). With "
        "--holdout, the report's headline is the honest hold-out detectability "
        "gap of the base sampler and of the filtered one.",
    )
    res.add_argument("data", help="CSV file with a header row")
    res.add_argument("--target", required=True, help="name of the class column")
    res.add_argument(
        "--sampler",
        default="smote",
        help="base sampler name (default smote; see `synthsieve audit --help`)",
    )
    res.add_argument(
        "--detector",
        choices=("hgb", "mlp", "logreg", "none"),
        default="hgb",
        help="detector of the filter; none filters by rules and copies only",
    )
    res.add_argument(
        "--auditors",
        default=",".join(AUDITOR_NAMES),
        help="comma-separated auditors of the report (hgb, logreg, mlp) or none",
    )
    res.add_argument(
        "--categorical",
        metavar="COLUMNS",
        help="comma-separated columns of integer codes to treat as categories "
        "(as SMOTENC's categorical_features)",
    )
    res.add_argument("--out", required=True, help="write the balanced CSV here")
    res.add_argument("--rejected", help="write the rejected candidates here (CSV)")
    res.add_argument("--report", help="write the HTML report here")
    res.add_argument("--json", help="write the report as JSON here")
    res.add_argument("--seed", type=int, default=0)
    res.add_argument("--cv", type=int, default=5, help="folds of the hold-out audit")
    res.add_argument(
        "--holdout",
        action="store_true",
        help="also audit base and filtered sampler with the hold-out protocol "
        "(the honest headline; slower)",
    )
    res.add_argument(
        "--allow-shortfall",
        action="store_true",
        help="write the data even when a class got no new rows (otherwise the "
        f"command writes nothing and exits with status {EXIT_SHORTFALL})",
    )
    res.add_argument("--quiet", action="store_true", help="no progress bars")
    res.set_defaults(func=cmd_resample)


def _add_report(sub) -> None:
    """The ``report`` command's arguments."""
    rep = sub.add_parser("report", help="print a saved report; re-render its HTML")
    rep.add_argument("report", help="JSON file written by `resample --json`")
    rep.add_argument("--html", help="write the HTML report here")
    rep.set_defaults(func=cmd_report)


def main(argv=None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return args.func(args)
    except (CommandError, ValueError, TypeError, RuntimeError) as exc:
        print(
            f"synthsieve {args.command}: error: {cli_advice(str(exc))}", file=sys.stderr
        )
        return 2


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
