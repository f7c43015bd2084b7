"""The `synthsieve demo` and `synthsieve audit` commands."""

import json
import subprocess
import sys

import numpy as np
import pandas as pd
import pytest

from synthsieve.cli import main


def _cli(*args):
    """`synthsieve ARGS...` run as a process: its exit status and output."""
    return subprocess.run(
        [sys.executable, "-m", "synthsieve.cli", *map(str, args)],
        capture_output=True,
        text=True,
        timeout=300,
    )


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
    res = _cli(command, path, "--target", "target", *extra)
    assert res.returncode == 2
    assert "Traceback" not in res.stderr
    assert "has a header but no rows" in res.stderr
    assert len(res.stderr.strip().splitlines()) == 1


def _full_factorial_csv(path):
    """Three binary columns whose eight combinations the minority all holds."""
    import itertools

    combos = np.array(list(itertools.product([0, 1], repeat=3)))
    rng = np.random.default_rng(0)
    minority = combos[rng.integers(0, 8, 40)]
    minority[:8] = combos
    frame = pd.DataFrame(
        np.vstack([combos[rng.integers(0, 8, 280)], minority]),
        columns=["fever", "rash", "cough"],
    )
    frame["sick"] = np.r_[np.zeros(280, dtype=int), np.ones(40, dtype=int)]
    frame.to_csv(path, index=False)


def _resample(path, out, *extra):
    return _cli(
        "resample",
        path,
        "--target",
        "sick",
        "--out",
        out,
        "--auditors",
        "none",
        "--quiet",
        *extra,
    )


def test_resample_exits_non_zero_and_writes_nothing_when_a_class_gets_no_rows(
    tmp_path,
):
    data, out = tmp_path / "flu.csv", tmp_path / "balanced.csv"
    _full_factorial_csv(data)
    res = _resample(data, out)
    assert res.returncode == 3
    assert not out.exists()
    assert "Rows added per class: 1: 0 of 240" in res.stdout
    assert "Traceback" not in res.stderr
    warning, error = res.stderr.strip().splitlines()
    assert "no new row can be made" in warning
    # the advice names the command line's flag, not the Python parameter
    assert "--allow-shortfall" in warning and "shortfall='" not in warning
    assert error.startswith("synthsieve resample: error: no rows added to class 1")
    # opting in writes the data unchanged, and exits 0
    res = _resample(data, out, "--allow-shortfall")
    assert res.returncode == 0 and out.exists()
    assert len(pd.read_csv(out)) == 320


@pytest.mark.parametrize(
    "message, flag, python",
    [
        ("too few rows; pass holdout=False.", "pass --no-holdout", "holdout=False"),
        ("fewer than cv=5 folds; lower `cv` or give more rows.", "lower --cv", "`cv`"),
        ("needs 6 rows; lower `k_neighbors` or `holdout_folds`.", "Python", "`holdout"),
    ],
)
def test_advice_names_the_command_line_flags(message, flag, python):
    from synthsieve.cli import cli_advice

    text = cli_advice(message)
    assert flag in text and python not in text
    assert "\n" not in text


def test_audit_advice_names_no_holdout(tmp_path):
    path = tmp_path / "tiny.csv"
    rng = np.random.default_rng(0)
    frame = pd.DataFrame(rng.normal(size=(40, 2)), columns=["a", "b"])
    frame["label"] = np.r_[np.zeros(36, dtype=int), np.ones(4, dtype=int)]
    frame.to_csv(path, index=False)
    res = _cli("audit", path, "--target", "label", "--samplers", "random", "--no-mlp")
    assert res.returncode == 2
    assert "Traceback" not in res.stderr
    assert len(res.stderr.strip().splitlines()) == 1
    assert "--no-holdout" in res.stderr and "holdout=False" not in res.stderr


def _coded_csv(path):
    rng = np.random.default_rng(0)
    y = np.r_[np.zeros(120, dtype=int), np.ones(30, dtype=int)]
    frame = pd.DataFrame(
        {"suit": rng.choice([1, 5, 9], len(y)), "size": rng.normal(size=len(y)) + y}
    )
    frame["label"] = y
    frame.to_csv(path, index=False)
    return frame


def test_resample_categorical_codes(tmp_path, capsys):
    data, out = tmp_path / "coded.csv", tmp_path / "balanced.csv"
    frame = _coded_csv(data)
    args = ["resample", str(data), "--target", "label", "--out", str(out)]
    code = main([*args, "--auditors", "none", "--quiet", "--categorical", "suit"])
    assert code == 0
    assert "base sampler SMOTENC" in capsys.readouterr().out
    written = pd.read_csv(out)
    assert written["suit"].dtype == np.int64  # codes written as they were read
    assert set(written["suit"]) <= {1, 5, 9}
    pd.testing.assert_frame_equal(written.iloc[: len(frame)], frame)


def test_resample_categorical_unknown_column(tmp_path, capsys):
    data, out = tmp_path / "coded.csv", tmp_path / "balanced.csv"
    _coded_csv(data)
    args = ["resample", str(data), "--target", "label", "--out", str(out)]
    assert main([*args, "--categorical", "suit,colour"]) == 2
    err = capsys.readouterr().err.strip()
    assert "--categorical names column 'colour'" in err and "suit, size" in err
    assert len(err.splitlines()) == 1 and not out.exists()
