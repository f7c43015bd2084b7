"""End-to-end tests of `synthsieve resample` and `synthsieve report`."""

import json

import numpy as np
import pandas as pd
import pytest

from synthsieve import SieveReport
from synthsieve.cli import main

FAST = ["--detector", "logreg", "--auditors", "logreg", "--quiet"]


@pytest.fixture
def csv(tmp_path):
    """Integers, floats, a binary column; the target (strings) in the middle."""
    rng = np.random.default_rng(0)
    n = 200
    sick = rng.random(n) < 0.2
    frame = pd.DataFrame(
        {
            "age": rng.integers(20, 80, n) + 10 * sick,
            "outcome": np.where(sick, "sick", "well"),
            "bmi": rng.normal(25, 4, n) + 2 * sick,
            "smoker": (rng.random(n) < 0.3 + 0.3 * sick).astype(int),
            "visits": rng.poisson(2 + 2 * sick),
        }
    )
    path = tmp_path / "data.csv"
    frame.to_csv(path, index=False)
    return path, frame


def test_resample_end_to_end(csv, tmp_path, capsys):
    path, frame = csv
    out, rej = tmp_path / "balanced.csv", tmp_path / "rejected.csv"
    html, js = tmp_path / "report.html", tmp_path / "report.json"
    rc = main(
        [
            "resample",
            str(path),
            "--target",
            "outcome",
            "--sampler",
            "smote",
            *FAST,
            "--out",
            str(out),
            "--rejected",
            str(rej),
            "--report",
            str(html),
            "--json",
            str(js),
            "--seed",
            "0",
            "--holdout",
        ]
    )
    text = capsys.readouterr().out
    assert rc == 0
    assert "Hold-out detectability gap" in text
    assert "class sick:" in text
    assert f"Balanced data written to {out}" in text

    balanced = pd.read_csv(out)
    assert list(balanced.columns) == list(frame.columns)
    assert (balanced.dtypes == frame.dtypes).all()  # integers stay integers
    counts = balanced["outcome"].value_counts()
    assert counts["sick"] == counts["well"] == (frame["outcome"] == "well").sum()
    pd.testing.assert_frame_equal(balanced.iloc[: len(frame)], frame)

    rejected = pd.read_csv(rej)
    assert list(rejected.columns[:5]) == [
        "outcome",
        "round",
        "candidate",
        "reason",
        "score",
    ]
    assert set(rejected["outcome"]) <= {"sick"}

    page = html.read_text(encoding="utf-8")
    assert "data:image/png;base64," in page and 'id="headline"' in page
    report = SieveReport.from_json(js)
    assert set(report.holdout) == {"before", "after"}
    assert report.extra["base_sampler"] == "SMOTE"
    assert report.to_dict() == json.loads(js.read_text())


def test_resample_without_holdout_and_report_command(csv, tmp_path, capsys):
    path, _ = csv
    js = tmp_path / "report.json"
    rc = main(
        [
            "resample",
            str(path),
            "--target",
            "outcome",
            *FAST,
            "--out",
            str(tmp_path / "b.csv"),
            "--json",
            str(js),
        ]
    )
    first = capsys.readouterr().out
    assert rc == 0 and "Hold-out audit not run" in first

    html = tmp_path / "again.html"
    assert main(["report", str(js), "--html", str(html)]) == 0
    again = capsys.readouterr().out
    assert SieveReport.from_json(js).summary() in again
    assert f"HTML report written to {html}" in again
    assert html.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


def _single_class(tmp_path):
    p = tmp_path / "one.csv"
    pd.DataFrame({"x": [1, 2, 3], "y": [0, 0, 0]}).to_csv(p, index=False)
    return ["resample", str(p), "--target", "y"]


@pytest.mark.parametrize(
    "args, message",
    [
        (
            lambda d, t: ["resample", str(t / "nope.csv"), "--target", "outcome"],
            "no such file",
        ),
        (
            lambda d, t: ["resample", str(d), "--target", "label"],
            "target column 'label' is not in",
        ),
        (
            lambda d, t: [
                "resample",
                str(d),
                "--target",
                "outcome",
                "--sampler",
                "smoote",
            ],
            "Unknown sampler 'smoote'",
        ),
        (lambda d, t: _single_class(t), "holds a single class"),
        (
            lambda d, t: [
                "resample",
                str(d),
                "--target",
                "outcome",
                "--auditors",
                "svm",
            ],
            "unknown auditor(s) svm",
        ),
        (lambda d, t: ["report", str(t / "nope.json")], "no such file"),
        (lambda d, t: ["report", str(d)], "is not JSON"),
    ],
    ids=[
        "missing-file",
        "missing-target",
        "unknown-sampler",
        "one-class",
        "unknown-auditor",
        "missing-json",
        "not-json",
    ],
)
def test_errors_exit_2_with_a_message(csv, tmp_path, capsys, args, message):
    path, _ = csv
    argv = args(path, tmp_path)
    if argv[0] == "resample":
        argv += ["--out", str(tmp_path / "o.csv"), "--quiet"]
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"synthsieve {argv[0]}: error:")
    assert message in err


def test_report_of_a_json_that_is_not_a_report(tmp_path, capsys):
    p = tmp_path / "other.json"
    p.write_text('{"table1": []}')
    assert main(["report", str(p)]) == 2
    assert "is not a synthsieve report" in capsys.readouterr().err


def test_audit_command_still_works(csv, capsys):
    path, _ = csv
    rc = main(
        [
            "audit",
            str(path),
            "--target",
            "outcome",
            "--samplers",
            "random",
            "--no-mlp",
            "--no-holdout",
            "--cv",
            "3",
        ]
    )
    assert rc == 0
    assert "Table 1" in capsys.readouterr().out
