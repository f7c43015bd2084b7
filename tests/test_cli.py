"""The `synthsieve demo` and `synthsieve audit` commands."""

import json
import subprocess
import sys

import numpy as np
import pandas as pd
import pytest

from synthsieve.cli import main


@pytest.mark.slow
def test_demo_on_a_small_subset_prints_both_tables(tmp_path, capsys):
    out = tmp_path / "tables.json"
    code = main(
        [
            "demo",
            "--n-features",
            "25",
            "--n-majority",
            "250",
            "--no-mlp",
            "--cv",
            "3",
            "--json",
            str(out),
        ]
    )
    assert code == 0
    text = capsys.readouterr().out
    assert "Table 1" in text and "Table 2" in text
    for name in (
        "smote",
        "borderline-smote",
        "adasyn",
        "random",
        "smoten",
        "filtered-smote",
    ):
        assert name in text
    tables = json.loads(out.read_text())
    t1 = pd.DataFrame(tables["table1"])
    ros = t1[t1["sampler"] == "random"]
    assert (ros["copy_share"] == 1.0).all()
    assert (t1[t1["sampler"] == "filtered-smote"]["copy_share"] == 0.0).all()


def test_demo_console_script_help():
    res = subprocess.run(
        [sys.executable, "-m", "synthsieve.cli", "demo", "--help"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert "--n-features" in res.stdout


@pytest.fixture
def csv(tmp_path):
    rng = np.random.default_rng(0)
    frame = pd.DataFrame(rng.normal(size=(200, 3)), columns=["a", "b", "c"])
    frame["label"] = np.r_[np.zeros(170, dtype=int), np.ones(30, dtype=int)]
    path = tmp_path / "data.csv"
    frame.to_csv(path, index=False)
    return path


def test_audit_command(csv, tmp_path, capsys):
    out = tmp_path / "a.json"
    code = main(
        [
            "audit",
            str(csv),
            "--target",
            "label",
            "--samplers",
            "smote,random",
            "--no-mlp",
            "--cv",
            "3",
            "--json",
            str(out),
        ]
    )
    assert code == 0
    assert "holdout_gap" in capsys.readouterr().out
    assert {r["sampler"] for r in json.loads(out.read_text())["table1"]} == {
        "smote",
        "random",
    }


@pytest.mark.parametrize(
    "args, message",
    [
        (["missing.csv", "--target", "label"], "no such file"),
        (["DATA", "--target", "nope"], "target column 'nope' is not in"),
        (["DATA", "--target", "label", "--samplers", "magic"], "Unknown sampler"),
    ],
)
def test_audit_errors(csv, capsys, args, message):
    args = [str(csv) if a == "DATA" else a for a in args]
    assert main(["audit", *args]) == 2
    assert message in capsys.readouterr().err


def test_audit_single_class(tmp_path, capsys):
    path = tmp_path / "one.csv"
    pd.DataFrame({"a": [1.0, 2.0, 3.0], "label": [1, 1, 1]}).to_csv(path, index=False)
    assert main(["audit", str(path), "--target", "label"]) == 2
    assert "single class" in capsys.readouterr().err


@pytest.mark.parametrize("command", ["audit", "resample"])
def test_a_csv_with_a_header_and_no_rows_is_one_readable_line(tmp_path, command):
    path = tmp_path / "empty.csv"
    path.write_text("age,bmi,target\n")
    extra = ["--out", str(tmp_path / "out.csv")] if command == "resample" else []
    res = subprocess.run(
        [
            sys.executable,
            "-m",
            "synthsieve.cli",
            command,
            str(path),
            "--target",
            "target",
            *extra,
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert res.returncode == 2
    assert "Traceback" not in res.stderr
    assert "has a header but no rows" in res.stderr
    assert len(res.stderr.strip().splitlines()) == 1
