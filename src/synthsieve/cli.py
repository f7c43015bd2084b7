"""The ``synthsieve`` command line: ``demo``, ``audit``, ``resample``, ``report``."""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
import tempfile
import time
import warnings
from dataclasses import replace
from functools import partial
from pathlib import Path

import numpy as np
import pandas as pd

from ._datasets import load_hiva
from ._registry import SAMPLER_NAMES, make_sampler, sampler_for_data, split_name
from .audit import compare_samplers, default_auditors
from .filtering import FilteredOverSampler
from .filtering._holdout_report import sieve_report_and_data
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
        # "argument --seed: must be ..." reads "--seed must be ..."
        message = re.sub(r"^argument (\S+): must ", r"\1 must ", message)
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
#: Exit status after Ctrl-C (128 + SIGINT, as shells report it).
EXIT_INTERRUPTED = 130


def cli_advice(message: str) -> str:
    """`message` with the library's Python advice put in command-line terms,
    on one line."""
    for pattern, repl in _ADVICE:
        message = re.sub(pattern, repl, message)
    return " ".join(message.split()).replace(" .", ".").replace(" ;", ";")


def _warn(args, message: str) -> None:
    """Print one warning line on stderr, prefixed with the command."""
    print(f"synthsieve {args.command}: warning: {message}", file=sys.stderr)


#: Separators a CSV read with the default "," may hold in its one header name.
_SEPARATORS = ((";", "semicolon"), ("\t", "tab"), ("|", "pipe"))


def _separator(args) -> str:
    """``--sep`` with a typed ``\\t`` read as a tab."""
    return "\t" if args.sep in ("\\t", "tab") else args.sep


def _looks_separated(frame: pd.DataFrame, args) -> str | None:
    """The advice for a file read as one column whose header holds another
    separator, or None."""
    if frame.shape[1] != 1:
        return None
    header = str(frame.columns[0])
    for sep, name in _SEPARATORS:
        if sep in header and sep != _separator(args):
            shown = "\\t" if sep == "\t" else sep
            hint = " (and --decimal ',' if its numbers use a decimal comma)"
            return (
                f"{args.data} was read as one column {header!r}: the file looks "
                f"{name}-separated; pass --sep '{shown}'" + (hint if sep == ";" else "")
            )
    return None


_DECIMAL_COMMA = re.compile(r"^\s*[-+]?\d*,\d+(?:[eE][-+]?\d+)?\s*$")


def _check_features(frame: pd.DataFrame, args) -> None:
    """Warn about columns the user probably did not mean as they will be read:
    a saved row index, numbers written with a decimal comma."""
    for col in frame.columns:
        if col == args.target:
            continue
        if re.fullmatch(r"Unnamed: \d+", str(col)):
            _warn(
                args,
                f"column {col!r} has no name in the header of {args.data}, so it "
                "is likely a saved row index (pandas' to_csv without "
                f"index=False); it is used as a feature. Pass --drop '{col}' to "
                "leave it out",
            )
        values = frame[col].dropna()
        if (
            args.decimal != ","
            and (
                pd.api.types.is_object_dtype(values)
                or pd.api.types.is_string_dtype(values)
            )
            and len(values)
            and values.astype(str).str.match(_DECIMAL_COMMA).all()
        ):
            _warn(
                args,
                f"column {col!r} holds numbers written with a decimal comma "
                f"(e.g. {values.iloc[0]!r}), read as text and so treated as "
                "categories; if the commas are decimal commas, pass --decimal ','",
            )


def _drop_columns(frame: pd.DataFrame, args) -> pd.DataFrame:
    """`frame` without the ``--drop`` columns."""
    if not getattr(args, "drop", None):
        return frame
    columns = [c.strip() for c in args.drop.split(",") if c.strip()]
    for col in columns:
        if col == args.target:
            raise CommandError(f"--drop names the target column {col!r}")
        if col not in frame.columns:
            raise CommandError(
                f"--drop names column {col!r}, which {args.data} does not have; "
                f"its columns are {', '.join(map(str, frame.columns[:10]))}"
                + (" ..." if frame.shape[1] > 10 else "")
            )
    return frame.drop(columns=columns)


def _read_table(args) -> pd.DataFrame:
    """The CSV file ``args.data``, checked to hold a usable class column
    ``args.target``, without the ``--drop`` columns."""
    path, target = args.data, args.target
    p = Path(path)
    if not p.is_file():
        raise CommandError(f"no such file: {path}")
    try:
        frame = pd.read_csv(p, sep=_separator(args), decimal=args.decimal)
    except Exception as exc:  # pandas raises many kinds
        raise CommandError(f"could not read {path} as CSV: {exc}") from exc
    separated = _looks_separated(frame, args)
    if separated:
        raise CommandError(separated)
    if target not in frame.columns:
        cols = ", ".join(map(str, frame.columns[:10]))
        raise CommandError(
            f"target column {target!r} is not in {path}; its columns are: {cols}"
            + (" ..." if frame.shape[1] > 10 else "")
        )
    frame = _drop_columns(frame, args)
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
    _check_features(frame, args)
    return frame


def _read_csv(args) -> tuple[pd.DataFrame, pd.Series]:
    frame = _read_table(args)
    return frame.drop(columns=[args.target]), frame[args.target]


def _dump_json(obj, path):
    with open(path, "w", encoding="utf-8") as fh:
        json.dump(obj, fh, indent=1, default=_json_default)


# ------------------------------------------------------------------ outputs


def _same_file(a, b) -> bool:
    """Whether paths `a` and `b` name one file (hard and symbolic links, ``..``
    and relative paths included)."""
    try:
        return os.path.samefile(a, b)
    except OSError:  # one of them does not exist (yet)
        return Path(a).resolve() == Path(b).resolve()


def _check_outputs(args, outputs, inputs=()) -> None:
    """Refuse, before any work, two outputs with one path, an output that
    would replace an input (unless ``--overwrite-input``), and an output in a
    folder that does not exist.

    `outputs` and `inputs` are ``(flag, path)`` pairs; paths may be None.
    """
    given = [(flag, path) for flag, path in outputs if path]
    for i, (flag, path) in enumerate(given):
        for other, other_path in given[:i]:
            if _same_file(path, other_path):
                raise CommandError(
                    f"{other} and {flag} name the same file ({path}); give each "
                    "output its own path"
                )
        for name, source in inputs:
            if _same_file(path, source) and not getattr(args, "overwrite_input", False):
                raise CommandError(
                    f"{flag} names the input file {source} ({name}); choose "
                    "another path, or pass --overwrite-input to replace it"
                )
        folder = Path(path).resolve().parent
        if not folder.is_dir():
            raise CommandError(f"{flag}: the folder {folder} does not exist")
        if Path(path).is_dir():
            raise CommandError(f"{flag}: {path} is a folder; give a file name")


def _file_mode(path: str) -> int:
    """The permission bits a new file at `path` gets from ``open``, or those
    of the file already there."""
    try:
        return os.stat(path).st_mode & 0o7777
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def _atomic_write(path, write) -> None:
    """Call ``write(temporary_path)`` on a new file in `path`'s folder, then
    rename it to `path`, so that a reader sees the old file or the whole new
    one, never a part. On any failure, Ctrl-C included, the temporary file is
    removed and the file at `path` is left as it was."""
    target = os.path.realpath(path)  # through a symbolic link, to its file
    folder, name = os.path.split(target)
    fd, tmp = tempfile.mkstemp(dir=folder, prefix=f".{name}.", suffix=".part")
    try:
        os.close(fd)
        write(tmp)
        fd = os.open(tmp, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
        os.chmod(tmp, _file_mode(target))
        os.replace(tmp, target)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


def _write(what: str, flag: str, path: str, write) -> None:
    """Write `what` (``--flag``) to `path` atomically; say so, or say why not."""
    try:
        _atomic_write(path, write)
    except OSError as exc:
        raise CommandError(
            f"could not write the {what} ({flag}) to {path}: "
            f"{exc.strerror or exc}; the file there, if any, is unchanged"
        ) from exc
    print(f"{what[0].upper()}{what[1:]} written to {path}")


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
    _check_outputs(args, [("--json", args.json)])
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
    _print_tables(cmp)
    print(f"\nDone in {time.perf_counter() - t0:.0f} s.")
    if args.json:
        _write(
            "tables", "--json", args.json, partial(_dump_json, _comparison_json(cmp))
        )
    return 0


def _applicable(cmp):
    """`cmp` without the table columns that do not apply to its data: those
    left empty (no hold-out audit, no binary columns) and zero counts of
    binary or integer columns."""
    t1 = cmp.table1.dropna(axis=1, how="all")
    t2 = cmp.table2.dropna(axis=1, how="all")
    for col in ("n_binary_columns", "n_integer_columns"):
        if col in t2.columns and (t2[col] == 0).all():
            t2 = t2.drop(columns=col)
    if t2.isna().any().any():  # e.g. the copy share of the real rows: "-"
        t2 = t2.round(3).astype(object).where(t2.notna(), "-")
    return replace(cmp, table1=t1, table2=t2)


def _legend(cmp) -> str:
    """How to read the printed tables, for the columns they hold."""
    t1, t2 = cmp.table1, cmp.table2
    lines = [
        "Reading the tables: roc_auc is the strongest auditor's (paper protocol: "
        "real vs synthetic rows, out of fold). Near 0.5 the synthetic rows cannot "
        "be told from real ones; above 0.5 they can. Below 0.5 they are "
        "copy-like: they sit closer to the real rows than real rows sit to each "
        "other, so an auditor takes them for real (small departures from 0.5 are "
        "noise on small classes)."
    ]
    if "holdout_gap" in t1.columns:
        lines.append(
            "holdout_gap is |AUC - real-vs-real AUC| under the hold-out protocol, "
            "the honest headline (0 is the limit)."
        )
    if "copy_share" in t1.columns:
        lines.append(
            "copy_share is the share of synthetic rows that are exact copies of "
            "real rows."
        )
        shares = (
            t1.reset_index()
            .groupby(["sampler", "class"], sort=False)["copy_share"]
            .first()
        )
        copied = [
            f"{sampler} (class {label}: {share:.0%})"
            for (sampler, label), share in shares.items()
            if share > 0
        ]
        if copied:
            lines.append(f"Exact copies of real rows: {', '.join(copied)}.")
    if "active_real" in t2.columns:
        lines.append(
            "active_* count the bits set per row, real vs synthetic (the paper's "
            "Table 2)."
        )
    return "\n".join(lines)


def _print_tables(cmp) -> None:
    """Print Tables 1 and 2 with only the columns that apply, and the legend."""
    cmp = _applicable(cmp)
    print(cmp.summary())
    print()
    print(_legend(cmp))


def cmd_audit(args) -> int:
    _check_outputs(args, [("--json", args.json)], [("DATA", args.data)])
    X, y = _read_csv(args)
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
    _print_tables(cmp)
    if args.json:
        _write(
            "tables", "--json", args.json, partial(_dump_json, _comparison_json(cmp))
        )
    return 0


def _auditor_dict(names: str, seed: int):
    """``{name: auditor}`` from a comma-separated list; None for "none"."""
    wanted = [n.strip().lower() for n in names.split(",") if n.strip()]
    if wanted == ["none"]:
        return None
    if "none" in wanted:
        raise CommandError(
            f"--auditors {names}: 'none' cannot be combined with other names; "
            "give 'none' alone for no audit, or only auditor names"
        )
    known = default_auditors(seed, mlp="mlp" in wanted)
    unknown = [n for n in wanted if n not in known]
    if unknown or not wanted:
        raise CommandError(
            f"--auditors: unknown auditor(s) {', '.join(unknown) or '(none given)'}"
            f"; choose from {', '.join(AUDITOR_NAMES)}, or 'none' alone"
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
    _check_outputs(
        args,
        [
            ("--out", args.out),
            ("--rejected", args.rejected),
            ("--report", args.report),
            ("--json", args.json),
        ],
        [("DATA", args.data)],
    )
    frame = _read_table(args)
    X, y = frame.drop(columns=[args.target]), frame[args.target]
    X = _declare_categorical(X, args.categorical)
    name, _ = split_name(args.sampler)  # the command filters in any case
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
    _write("balanced data", "--out", args.out, lambda p: out.to_csv(p, index=False))
    if args.rejected:
        rejected = _rejected_table(sampler.rejected_, X, args.target)
        _write(
            "rejected candidates",
            "--rejected",
            args.rejected,
            lambda p: rejected.to_csv(p, index=False),
        )
    if args.report:
        _write("HTML report", "--report", args.report, report.to_html)
    if args.json:
        _write(
            "JSON report", "--json", args.json, lambda p: report.to_json(p, indent=1)
        )
    return 0


def _fit_resample(sampler, X, y, args, auditors, verbose):
    """The report and resampled data of `sampler` on (X, y), with the hold-out
    audit under ``--holdout``; its warnings printed in command-line terms."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        if args.holdout:
            report, X_res, y_res = sieve_report_and_data(
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
        parts.append(f"{label}: {added:,} of {entry.needed:,}")
        if entry.needed > 0 and added == 0:
            empty.append(label)
    print(f"Rows added per class: {'; '.join(parts)}")
    return empty


def cmd_report(args) -> int:
    _check_outputs(args, [("--html", args.html)], [("REPORT", args.report)])
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
        _write("HTML report", "--html", args.html, report.to_html)
    return 0


# ------------------------------------------------------------------ parser

_SEED_MAX = 2**32 - 1  # numpy's random seeds


def _seed(text: str) -> int:
    """``--seed``: an integer from 0 to 2**32 - 1."""
    try:
        value = int(text)
    except ValueError:
        value = -1
    if not 0 <= value <= _SEED_MAX:
        raise argparse.ArgumentTypeError(
            f"must be a non-negative integer (0 to {_SEED_MAX}), got {text!r}"
        )
    return value


def _at_least(low: int):
    """An argparse type: an integer of at least `low`."""

    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            value = low - 1
        if value < low:
            raise argparse.ArgumentTypeError(
                f"must be an integer of at least {low}, got {text!r}"
            )
        return value

    return parse


def _add_seed_cv(parser, cv_help: str) -> None:
    """``--seed`` and ``--cv``, with their help, on a command."""
    parser.add_argument(
        "--seed",
        type=_seed,
        default=0,
        help="random seed of the samplers, auditors and folds (default 0); the "
        "same seed gives the same output",
    )
    parser.add_argument("--cv", type=_at_least(2), default=5, help=cv_help)


def _add_csv_options(parser) -> None:
    """How the CSV file is read: ``--sep``, ``--decimal``, ``--drop``."""
    parser.add_argument(
        "--sep",
        default=",",
        help="column separator of the CSV file (default ','; e.g. ';', or '\\t' "
        "for tabs)",
    )
    parser.add_argument(
        "--decimal",
        default=".",
        help="decimal mark of its numbers (default '.'; e.g. ',')",
    )
    parser.add_argument(
        "--drop",
        metavar="COLUMNS",
        help="comma-separated columns to leave out, e.g. a saved row index "
        "('Unnamed: 0'); they are neither features nor written out",
    )


def _add_overwrite_input(parser) -> None:
    parser.add_argument(
        "--overwrite-input",
        action="store_true",
        help="allow an output to replace the input file (refused otherwise)",
    )


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
        "demo",
        help="audit SMOTE and friends on the embedded HIVA data",
        description="Audit SMOTE, Borderline-SMOTE, ADASYN, random over-sampling, "
        "SMOTEN and the filtered sampler on the embedded HIVA fingerprints: the "
        "paper's Tables 1 and 2, with the hold-out gap. Takes minutes.",
    )
    _add_seed_cv(demo, "folds of the out-of-fold audits (default 5)")
    demo.add_argument(
        "--n-features",
        type=_at_least(1),
        default=None,
        help="keep only the N most frequent bits (faster)",
    )
    demo.add_argument(
        "--n-majority",
        type=_at_least(1),
        default=None,
        help="keep only N inactive molecules (faster)",
    )
    demo.add_argument("--no-mlp", action="store_true", help="skip the MLP auditor")
    demo.add_argument(
        "--no-filtered", action="store_true", help="skip the filtered sampler"
    )
    demo.add_argument("--json", help="also write the tables to this JSON file")
    demo.set_defaults(func=cmd_demo)


def _sampler_names() -> str:
    return ", ".join(SAMPLER_NAMES)


def _add_audit(sub) -> None:
    """The ``audit`` command's arguments."""
    aud = sub.add_parser(
        "audit",
        help="audit over-samplers on a CSV file",
        description="Audit over-samplers on a CSV file: each makes as many "
        "synthetic rows of each minority class as the class has real rows, and "
        "auditors (gradient boosting, logistic regression, an MLP) try to tell "
        "them from the real rows, out of fold (the paper's protocol) and on held-"
        "out real rows (the hold-out protocol). Prints Table 1 (detectability) "
        "and Table 2 (domain profile); writes nothing unless --json is given.",
    )
    aud.add_argument("data", metavar="DATA", help="CSV file with a header row")
    aud.add_argument("--target", required=True, help="name of the class column")
    aud.add_argument(
        "--samplers",
        default="smote,borderline-smote,adasyn,random",
        help="comma-separated sampler names (default "
        f"smote,borderline-smote,adasyn,random), from: {_sampler_names()}; "
        "prefix one with filtered- to audit it inside FilteredOverSampler",
    )
    _add_seed_cv(aud, "folds of the out-of-fold audits (default 5)")
    aud.add_argument(
        "--no-holdout", action="store_true", help="skip the hold-out protocol"
    )
    aud.add_argument("--no-mlp", action="store_true", help="skip the MLP auditor")
    _add_csv_options(aud)
    aud.add_argument("--json", help="also write the tables to this JSON file")
    _add_overwrite_input(aud)
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
        "gap of the base sampler and of the filtered one. Every output is "
        "written whole or not at all; none may replace another or the input.",
    )
    res.add_argument("data", metavar="DATA", help="CSV file with a header row")
    res.add_argument("--target", required=True, help="name of the class column")
    res.add_argument(
        "--sampler",
        default="smote",
        help=f"base sampler (default smote), one of: {_sampler_names()}",
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
        help="comma-separated auditors of the report (hgb, logreg, mlp), or none "
        "alone for no audit",
    )
    res.add_argument(
        "--categorical",
        metavar="COLUMNS",
        help="comma-separated columns of integer codes to treat as categories "
        "(as SMOTENC's categorical_features)",
    )
    _add_csv_options(res)
    res.add_argument("--out", required=True, help="write the balanced CSV here")
    res.add_argument("--rejected", help="write the rejected candidates here (CSV)")
    res.add_argument("--report", help="write the HTML report here")
    res.add_argument("--json", help="write the report as JSON here")
    _add_overwrite_input(res)
    _add_seed_cv(res, "folds of the hold-out audit (default 5)")
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
    rep = sub.add_parser(
        "report",
        help="print a saved report; re-render its HTML",
        description="Print the summary of a report saved by `synthsieve resample "
        "--json`; with --html, write its HTML page again.",
    )
    rep.add_argument(
        "report", metavar="REPORT", help="JSON file written by `resample --json`"
    )
    rep.add_argument("--html", help="write the HTML report here")
    _add_overwrite_input(rep)
    rep.set_defaults(func=cmd_report)


def main(argv=None) -> int:
    """Run the command line; return its exit status (2 for a usage or data
    error, 3 for a shortfall, 130 after Ctrl-C)."""
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return args.func(args)
    except KeyboardInterrupt:
        print(
            f"synthsieve {args.command}: interrupted; no partial file written",
            file=sys.stderr,
        )
        return EXIT_INTERRUPTED
    except (CommandError, ValueError, TypeError, RuntimeError) as exc:
        print(
            f"synthsieve {args.command}: error: {cli_advice(str(exc))}", file=sys.stderr
        )
        return 2


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
