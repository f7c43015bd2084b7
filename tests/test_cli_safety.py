"""The command line loses nothing and says what is wrong (issue #26): atomic
writes, refused path collisions, Ctrl-C, warnings about the CSV, help."""

import errno
import json
import os
import stat

import numpy as np
import pandas as pd
import pytest

from synthsieve import cli
from synthsieve._registry import SAMPLER_NAMES
from synthsieve.cli import _atomic_write, build_parser, main

#: The quickest resample: no detector, no audit, no progress bars.
QUICK = ["--detector", "none", "--auditors", "none", "--quiet"]
#: The quickest audit.
QUICK_AUDIT = ["--no-mlp", "--no-holdout", "--cv", "2"]


@pytest.fixture
def data(tmp_path):
    """A small continuous CSV file, 30 of 200 rows in class 1."""
    rng = np.random.default_rng(0)
    frame = pd.DataFrame(rng.normal(size=(200, 3)), columns=["a", "b", "c"])
    frame["label"] = np.r_[np.zeros(170, dtype=int), np.ones(30, dtype=int)]
    path = tmp_path / "data.csv"
    frame.to_csv(path, index=False)
    return path


def _stderr_lines(capsys):
    """Standard output, and the lines of standard error save the library's
    advice that the filter did not help (QUICK runs have no detector)."""
    captured = capsys.readouterr()
    return captured.out, [
        line
        for line in captured.err.splitlines()
        if line and "The filter did not help" not in line
    ]


# ------------------------------------------------------------ atomic writes


def _half_then(exc):
    """A stand-in for DataFrame.to_csv that writes half the CSV text, then
    raises `exc`, as a full disk or a Ctrl-C during the write would."""
    real = pd.DataFrame.to_csv

    def to_csv(self, path=None, **kwargs):
        text = real(self, None, **kwargs)
        with open(path, "w", encoding="utf-8") as fh:
            fh.write(text[: len(text) // 2])
        raise exc

    return to_csv


@pytest.mark.parametrize(
    "exc, status, message",
    [
        (KeyboardInterrupt(), 130, "interrupted"),
        (OSError(errno.ENOSPC, "No space left on device"), 2, "No space left"),
    ],
    ids=["ctrl-c", "disk-full"],
)
@pytest.mark.parametrize("where", ["new-path", "input"])
def test_an_interrupted_write_leaves_the_old_file_and_no_temporary_file(
    data, tmp_path, monkeypatch, capsys, exc, status, message, where
):
    """A write that fails halfway (Ctrl-C, a full disk) leaves the file that was
    there, whole, even when --out is the input; no temporary file is left."""
    if where == "input":
        out, extra = data, ["--overwrite-input"]
    else:
        out, extra = tmp_path / "out.csv", []
        out.write_text("old,file\n1,2\n")
    before = out.read_bytes()
    monkeypatch.setattr(pd.DataFrame, "to_csv", _half_then(exc))
    rc = main(
        ["resample", str(data), "--target", "label", "--out", str(out)] + QUICK + extra
    )
    _, err = _stderr_lines(capsys)
    assert rc == status
    assert len(err) == 1 and message in err[0]
    if status == 2:
        assert "--out" in err[0] and "unchanged" in err[0]
    assert out.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted({data.name, out.name})


def test_a_failed_write_of_a_later_output_keeps_the_earlier_ones_whole(
    data, tmp_path, monkeypatch, capsys
):
    """--out is written; --json fails halfway: --out is whole, --json is the
    old file."""
    out, js = tmp_path / "out.csv", tmp_path / "report.json"
    js.write_text('{"old": true}')

    def to_json(self, path=None, **kwargs):
        with open(path, "w", encoding="utf-8") as fh:
            fh.write('{"new": ')
        raise KeyboardInterrupt

    monkeypatch.setattr(cli.SieveReport, "to_json", to_json)
    rc = main(
        [
            "resample",
            str(data),
            "--target",
            "label",
            "--out",
            str(out),
            "--json",
            str(js),
        ]
        + QUICK
    )
    assert rc == 130
    assert len(pd.read_csv(out)) == 340
    assert json.loads(js.read_text()) == {"old": True}
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "data.csv",
        "out.csv",
        "report.json",
    ]


def test_audit_json_is_written_atomically(data, tmp_path, monkeypatch, capsys):
    js = tmp_path / "tables.json"
    js.write_text("[]")

    def dump(obj, fh, **kwargs):
        fh.write('{"table1": [')
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(cli.json, "dump", dump)
    rc = main(
        [
            "audit",
            str(data),
            "--target",
            "label",
            "--samplers",
            "random",
            "--json",
            str(js),
        ]
        + QUICK_AUDIT
    )
    _, err = _stderr_lines(capsys)
    assert rc == 2 and "--json" in err[-1]
    assert js.read_text() == "[]"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["data.csv", "tables.json"]


def test_atomic_write_replaces_whole_and_keeps_the_permissions(tmp_path):
    path = tmp_path / "x.txt"
    path.write_text("old")
    os.chmod(path, 0o640)
    _atomic_write(path, lambda p: open(p, "w").write("new"))
    assert path.read_text() == "new"
    assert stat.S_IMODE(path.stat().st_mode) == 0o640
    fresh = tmp_path / "fresh.txt"
    _atomic_write(fresh, lambda p: open(p, "w").write("new"))
    umask = os.umask(0)
    os.umask(umask)
    assert stat.S_IMODE(fresh.stat().st_mode) == 0o666 & ~umask
    assert sorted(p.name for p in tmp_path.iterdir()) == ["fresh.txt", "x.txt"]


def test_atomic_write_through_a_symbolic_link_writes_its_file(tmp_path):
    real, link = tmp_path / "real.txt", tmp_path / "link.txt"
    real.write_text("old")
    link.symlink_to(real)
    _atomic_write(link, lambda p: open(p, "w").write("new"))
    assert link.is_symlink() and real.read_text() == "new"


# ------------------------------------------------------------ colliding paths


@pytest.mark.parametrize(
    "outputs, flags",
    [
        (["--out", "out.csv", "--rejected", "out.csv"], ("--out", "--rejected")),
        (["--out", "out.csv", "--report", "./sub/../out.csv"], ("--out", "--report")),
        (
            ["--out", "a.csv", "--json", "r.json", "--report", "r.json"],
            ("--json", "--report"),
        ),
        (["--out", "data.csv"], ("--out", "data.csv")),
        (["--out", "out.csv", "--json", "data.csv"], ("--json", "data.csv")),
        (["--out", "out.csv", "--rejected", "link.csv"], ("--rejected", "data.csv")),
        (["--out", "out.csv", "--rejected", "hard.csv"], ("--rejected", "data.csv")),
        (["--out", "nowhere/out.csv"], ("--out", "does not exist")),
    ],
)
def test_colliding_outputs_are_refused_before_any_fitting(
    data, tmp_path, monkeypatch, capsys, outputs, flags
):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "sub").mkdir()
    (tmp_path / "link.csv").symlink_to(data)
    os.link(data, tmp_path / "hard.csv")
    before = data.read_bytes()

    def no_fit(*args, **kwargs):
        raise AssertionError("fitted before checking the paths")

    monkeypatch.setattr(cli.FilteredOverSampler, "fit_resample", no_fit)
    rc = main(["resample", "data.csv", "--target", "label", *outputs] + QUICK)
    out, err = _stderr_lines(capsys)
    assert rc == 2 and out == ""
    assert len(err) == 1 and all(flag in err[0] for flag in flags), err
    assert data.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "data.csv",
        "hard.csv",
        "link.csv",
        "sub",
    ]


def test_overwrite_input_allows_out_to_replace_the_input(data, capsys):
    rc = main(
        [
            "resample",
            str(data),
            "--target",
            "label",
            "--out",
            str(data),
            "--overwrite-input",
        ]
        + QUICK
    )
    assert rc == 0
    assert len(pd.read_csv(data)) == 340
    assert [p.name for p in data.parent.iterdir()] == ["data.csv"]


@pytest.mark.parametrize(
    "argv, flags",
    [
        (
            ["audit", "{data}", "--target", "label", "--json", "{data}"],
            ("--json", "data.csv"),
        ),
        (["report", "{report}", "--html", "{report}"], ("--html", "r.json")),
    ],
)
def test_audit_and_report_refuse_to_replace_their_input(
    data, tmp_path, capsys, argv, flags
):
    report = tmp_path / "r.json"
    report.write_text("{}")
    before = data.read_bytes(), report.read_bytes()
    rc = main([a.format(data=data, report=report) for a in argv])
    out, err = _stderr_lines(capsys)
    assert rc == 2 and out == ""
    assert len(err) == 1 and all(flag in err[0] for flag in flags), err
    assert (data.read_bytes(), report.read_bytes()) == before


# ------------------------------------------------------------ Ctrl-C


@pytest.mark.parametrize("command", ["resample", "audit"])
def test_ctrl_c_is_one_line_and_exit_130(data, tmp_path, monkeypatch, capsys, command):
    def interrupt(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(cli.FilteredOverSampler, "fit_resample", interrupt)
    monkeypatch.setattr(cli, "compare_samplers", interrupt)
    out = tmp_path / "out.csv"
    extra = (
        ["--out", str(out)] + QUICK
        if command == "resample"
        else ["--json", str(out)] + QUICK_AUDIT
    )
    rc = main([command, str(data), "--target", "label", *extra])
    _, err = _stderr_lines(capsys)
    assert rc == 130
    assert err == [f"synthsieve {command}: interrupted; no partial file written"]
    assert not out.exists()


# ------------------------------------------------------------ the CSV file


def test_a_saved_index_column_is_named_in_a_warning(data, tmp_path, capsys):
    indexed = tmp_path / "indexed.csv"
    pd.read_csv(data).to_csv(indexed)  # with the index, as pandas does
    out = tmp_path / "out.csv"
    rc = main(
        ["resample", str(indexed), "--target", "label", "--out", str(out)] + QUICK
    )
    _, err = _stderr_lines(capsys)
    assert rc == 0
    assert len(err) == 1
    assert "'Unnamed: 0'" in err[0] and "--drop 'Unnamed: 0'" in err[0]
    assert "warning" in err[0]

    rc = main(
        [
            "resample",
            str(indexed),
            "--target",
            "label",
            "--out",
            str(out),
            "--drop",
            "Unnamed: 0",
        ]
        + QUICK
    )
    _, err = _stderr_lines(capsys)
    assert rc == 0 and err == []
    assert list(pd.read_csv(out).columns) == ["a", "b", "c", "label"]


@pytest.mark.parametrize(
    "drop, message",
    [
        ("label", "--drop names the target column 'label'"),
        ("zzz", "--drop names column 'zzz'"),
    ],
)
def test_drop_errors(data, tmp_path, capsys, drop, message):
    rc = main(
        [
            "resample",
            str(data),
            "--target",
            "label",
            "--out",
            str(tmp_path / "o.csv"),
            "--drop",
            drop,
        ]
        + QUICK
    )
    _, err = _stderr_lines(capsys)
    assert rc == 2 and len(err) == 1 and message in err[0]


@pytest.mark.parametrize(
    "sep, name, shown", [(";", "semicolon", ";"), ("\t", "tab", "\\t")]
)
def test_a_file_with_another_separator_gets_the_flag_to_pass(
    data, tmp_path, capsys, sep, name, shown
):
    other = tmp_path / "other.csv"
    pd.read_csv(data).to_csv(other, sep=sep, index=False)
    out = tmp_path / "out.csv"
    rc = main(["resample", str(other), "--target", "label", "--out", str(out)] + QUICK)
    _, err = _stderr_lines(capsys)
    assert rc == 2 and len(err) == 1
    assert f"looks {name}-separated; pass --sep '{shown}'" in err[0]
    rc = main(
        ["resample", str(other), "--target", "label", "--out", str(out), "--sep", shown]
        + QUICK
    )
    assert rc == 0 and len(pd.read_csv(out)) == 340


def test_decimal_commas_get_a_warning_and_decimal_reads_them(data, tmp_path, capsys):
    euro = tmp_path / "euro.csv"
    pd.read_csv(data).to_csv(euro, sep=";", decimal=",", index=False)
    argv = [
        "audit",
        str(euro),
        "--target",
        "label",
        "--sep",
        ";",
        "--samplers",
        "random",
    ] + QUICK_AUDIT
    assert main(argv) == 0
    err = [line for line in _stderr_lines(capsys)[1] if "warning" in line]
    assert len(err) == 3 and all("--decimal ','" in line for line in err)
    assert "column 'a'" in err[0]
    assert main([*argv, "--decimal", ","]) == 0
    assert "warning" not in capsys.readouterr().err


# ------------------------------------------------------------ help and flags


def _subparsers():
    parser = build_parser()
    (sub,) = (a for a in parser._actions if a.dest == "command")
    return sub.choices


def test_every_command_documents_seed_and_cv_and_has_a_description():
    for name, sub in _subparsers().items():
        assert sub.description, f"{name} has no description"
        for action in sub._actions:
            if {"--seed", "--cv"} & set(action.option_strings):
                assert action.help, f"{name} {action.option_strings} has no help"


def test_resample_and_audit_help_list_the_sampler_names(capsys):
    for command in ("resample", "audit"):
        with pytest.raises(SystemExit):
            main([command, "--help"])
        text = " ".join(capsys.readouterr().out.split())
        assert "audit --help" not in text
        for sampler in SAMPLER_NAMES:
            # argparse may break a name at its hyphen
            assert sampler in text.replace("- ", "-"), (command, sampler)


@pytest.mark.parametrize(
    "args, message",
    [
        (["--seed", "-1"], "--seed must be a non-negative integer"),
        (["--seed", "2.5"], "--seed must be a non-negative integer"),
        (["--cv", "1"], "--cv must be an integer of at least 2"),
        (["--auditors", "none,hgb"], "'none' cannot be combined with other names"),
        (["--auditors", "hgb,foo"], "--auditors: unknown auditor(s) foo"),
    ],
)
def test_flag_errors_name_the_flag(data, tmp_path, capsys, args, message):
    try:
        rc = main(
            [
                "resample",
                str(data),
                "--target",
                "label",
                "--out",
                str(tmp_path / "o.csv"),
                *args,
            ]
        )
    except SystemExit as exc:  # argparse's own checks
        rc = exc.code
    _, err = _stderr_lines(capsys)
    assert rc == 2
    assert len(err) == 1 and message in err[0], err
    assert "random_state" not in err[0]


# ------------------------------------------------------------ what audit prints


def test_audit_on_continuous_data_prints_only_what_applies_with_the_legend(
    data, capsys
):
    rc = main(
        [
            "audit",
            str(data),
            "--target",
            "label",
            "--samplers",
            "smote,random",
            "--no-mlp",
            "--cv",
            "2",
        ]
    )
    out = capsys.readouterr().out
    assert rc == 0
    for absent in ("NaN", "active_real", "n_binary_columns", "binary_sum"):
        assert absent not in out, absent
    assert "holdout_gap" in out and "Reading the tables" in out
    assert "copy-like" in out and "active_*" not in out
    # exact copies are flagged for the sampler that makes them, only
    copies = [line for line in out.splitlines() if line.startswith("Exact copies")]
    assert copies == ["Exact copies of real rows: random (class 1: 100%)."]


def test_audit_without_holdout_drops_the_empty_gap_column(data, capsys):
    rc = main(
        ["audit", str(data), "--target", "label", "--samplers", "smote"] + QUICK_AUDIT
    )
    out = capsys.readouterr().out
    assert rc == 0 and "holdout_gap" not in out and "NaN" not in out
    assert "Exact copies" not in out
