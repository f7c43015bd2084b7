"""The README's command lines run as shown, and its headline table is what
`synthsieve demo` prints (issue #26, items 11 and 13)."""

import json
import re
import shlex
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from synthsieve.cli import main

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
GETTING_STARTED = ROOT / "docs" / "getting-started.md"
#: `synthsieve demo --json benchmarks/results/demo.json`, run when the README's
#: table was last updated (the demo takes minutes, too long for the suite).
DEMO_JSON = ROOT / "benchmarks" / "results" / "demo.json"


def _cli_commands(path: Path, heading: str) -> list[list[str]]:
    """The ``synthsieve`` command lines of the first bash block under
    `heading` in `path`, continuation lines joined, each split as a shell
    would."""
    text = path.read_text(encoding="utf-8")
    section = text.split(f"\n{heading}\n", 1)[1]
    block = re.search(r"```bash\n(.*?)```", section, flags=re.DOTALL).group(1)
    lines = block.replace("\\\n", " ").splitlines()
    return [shlex.split(line) for line in lines if line.startswith("synthsieve ")]


def test_getting_started_shows_the_readme_command_lines():
    assert _cli_commands(README, "## Command line") == _cli_commands(
        GETTING_STARTED, "## The command line"
    )


def test_readme_command_lines_run_in_order(tmp_path, monkeypatch, capsys):
    """The README's command lines run one after the other as shown, in a
    folder holding a small `data.csv` made here (200 rows, 3 features, a
    `label` column) in place of the user's file; the audit gets `--no-mlp
    --cv 2` to keep the test quick. Each later command reads what an earlier
    one wrote (the README once read a report.json it never wrote)."""
    commands = _cli_commands(README, "## Command line")
    assert [c[1] for c in commands] == ["audit", "resample", "report"]
    rng = np.random.default_rng(0)
    frame = pd.DataFrame(rng.normal(size=(200, 3)), columns=["a", "b", "c"])
    frame["label"] = np.r_[np.zeros(170, dtype=int), np.ones(30, dtype=int)]
    monkeypatch.chdir(tmp_path)
    frame.to_csv("data.csv", index=False)
    for argv in commands:
        assert argv[0] == "synthsieve"
        quick = ["--no-mlp", "--cv", "2"] if argv[1] == "audit" else []
        rc = main(argv[1:] + quick)
        assert rc == 0, (argv, capsys.readouterr().err)
        for i, arg in enumerate(argv[:-1]):
            if arg in ("--out", "--rejected", "--report", "--json", "--html"):
                assert Path(argv[i + 1]).is_file(), f"{arg} wrote nothing"
    assert "FilteredOverSampler report" in capsys.readouterr().out


# ------------------------------------------------------------ the headline


#: README row label -> the demo's sampler name.
_ROWS = {
    "SMOTE": "smote",
    "Borderline-SMOTE": "borderline-smote",
    "ADASYN": "adasyn",
    "RandomOverSampler": "random",
    "SMOTEN": "smoten",
    "FilteredOverSampler(SMOTE)": "filtered-smote",
}


def _headline_rows() -> dict:
    text = README.read_text(encoding="utf-8")
    section = text.split("\n## Headline\n", 1)[1].split("\n## ", 1)[0]
    rows = {}
    for line in section.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if cells[0] in _ROWS:
            rows[_ROWS[cells[0]]] = cells[1:]
        elif cells[0] == "sampler":
            header = cells
    return header, rows


def _number(cell: str) -> str:
    """The first number of a table cell, as written."""
    return re.search(r"\d+(?:\.\d+)?", cell).group(0)


def _same(written: str, value: float) -> bool:
    """Whether `value` rounds to the number `written` (with its decimals)."""
    decimals = len(written.split(".")[1]) if "." in written else 0
    return round(value, decimals) == float(written)


def test_readme_headline_table_is_the_demo_output():
    """Every number of the README's headline table equals the stored output
    of `synthsieve demo --json benchmarks/results/demo.json` (rerun it, and
    update the table, when the samplers change)."""
    tables = json.loads(DEMO_JSON.read_text(encoding="utf-8"))
    t1 = pd.DataFrame(tables["table1"])
    t1 = t1[t1["class"] == 1]
    t2 = pd.DataFrame(tables["table2"]).set_index("sampler")
    header, rows = _headline_rows()
    assert set(rows) == set(_ROWS.values())
    real = re.search(r"real (\d+\.\d+)", header[-1]).group(1)
    assert _same(real, t2.loc["real", "active_real"])
    for sampler, (auc, gap, copies, active) in rows.items():
        mine = t1[t1["sampler"] == sampler]
        checks = {
            "worst auditor's ROC AUC": (auc, mine["roc_auc"].max()),
            "hold-out gap": (gap, mine["holdout_gap"].iloc[0]),
            "exact copies (%)": (copies, 100 * mine["copy_share"].iloc[0]),
            "active bits": (active, t2.loc[sampler, "active_synthetic"]),
        }
        for what, (cell, value) in checks.items():
            assert _same(_number(cell), value), (
                f"README {sampler} {what}: {cell}, the demo gives {value:.4f}"
            )
        if mine["copy_share"].iloc[0] == 0:
            assert "cop" not in auc, f"{sampler}: no copies, yet flagged"


@pytest.mark.parametrize("path", [README, GETTING_STARTED])
def test_cli_command_lines_write_every_file_they_read(path):
    """No documented command reads a file that no earlier one wrote."""
    written = {"data.csv"}
    heading = "## Command line" if path == README else "## The command line"
    for argv in _cli_commands(path, heading):
        for i, arg in enumerate(argv):
            if arg.startswith("-"):
                continue
            if i and argv[i - 1] in (
                "--out",
                "--rejected",
                "--report",
                "--json",
                "--html",
            ):
                written.add(arg)
            elif arg.endswith((".csv", ".json")):
                assert arg in written, f"{' '.join(argv)} reads {arg}, never written"
