"""Smoke tests of the source papers' benchmark (benchmarks/papers.py)."""

import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from sklearn.datasets import make_classification

BENCHMARKS = Path(__file__).resolve().parents[1] / "benchmarks"
if str(BENCHMARKS) not in sys.path:
    sys.path.insert(0, str(BENCHMARKS))

import _common  # noqa: E402
import papers  # noqa: E402
import quality  # noqa: E402

from synthsieve import make_sampler  # noqa: E402


def test_unknown_system_is_refused(capsys):
    with pytest.raises(SystemExit):
        papers.parse_args(["--systems", "dasmote,gan"])
    assert "unknown systems ['gan']" in capsys.readouterr().err


@pytest.mark.parametrize("system", ["kotaro", "bias-corrected"])
def test_a_classifier_system_fills_both_columns(system):
    X, y = make_classification(
        n_samples=150, n_features=4, weights=[0.85], random_state=0
    )
    X = pd.DataFrame(X, columns=list("abcd"))
    row = papers.classifier_downstream(X, y, system, seed=0, n_repeats=1)
    for clf in _common.CLASSIFIERS:
        assert 0.0 <= row[f"{clf}_pr_auc"] <= 1.0
        assert np.isfinite(row[f"{clf}_mcc_se"])
        assert row[f"{clf}_n_folds"] == 5
    if system == "kotaro":  # one classifier, reported under both columns
        assert row["hgb_pr_auc"] == row["mlp_pr_auc"]


def test_the_page_lists_rivals_and_systems(tmp_path):
    rows = [
        {
            "dataset": "a",
            "sampler": "smote",
            "gap": 0.2,
            "gap_se": 0.01,
            "n_splits": 5,
            "copies": 0.0,
            "fit_s": 0.01,
            "hgb_pr_auc": 0.5,
            "hgb_pr_auc_se": 0.02,
        },
        {
            "dataset": "a",
            "sampler": "filtered-dasmote",
            "gap": 0.08,
            "gap_se": 0.02,
            "n_splits": 5,
            "copies": 0.0,
            "fit_s": 3.0,
            "note": "no result: downstream: failed",
        },
    ]
    path = tmp_path / "page.md"
    papers.write_page(pd.DataFrame(rows), path, "python benchmarks/papers.py", 60)
    page = path.read_text(encoding="utf-8")
    assert "| a | smote | 0.200 ± 0.010 | 5 | 0.000 | 0.01 | 0.500 ± 0.020 |" in page
    assert "| a | filtered-dasmote | 0.080 ± 0.020 | 5 |" in page
    assert "no result: downstream: failed" in page


def test_the_page_from_earlier_tables(tmp_path):
    table, rivals, out = tmp_path / "t.csv", tmp_path / "r.csv", tmp_path / "p.md"
    pd.DataFrame(
        [{"dataset": "a", "sampler": "mmd-triplet", "gap": 0.1, "gap_se": 0.02}]
    ).to_csv(table, index=False)
    pd.DataFrame(
        [
            {"dataset": "a", "sampler": "smote", "gap": 0.2, "gap_se": 0.01},
            {"dataset": "b", "sampler": "smote", "gap": 0.3, "gap_se": 0.01},
        ]
    ).to_csv(rivals, index=False)
    papers.main(["--from-csv", str(table), "--rivals", str(rivals), "--out", str(out)])
    page = out.read_text(encoding="utf-8")
    assert "| a | smote | 0.200 ± 0.010 |" in page  # the rival of a set run
    assert "| a | mmd-triplet | 0.100 ± 0.020 |" in page
    assert "| b |" not in page  # not a set of the tables
    assert "took" not in page  # nothing was run


def test_one_hot_encodes_only_nominal_columns():
    X = pd.DataFrame({"sex": ["M", "F", "I", "M"], "size": [1.5, 2.0, 0.5, 1.0]})
    encoded = papers.one_hot(X)
    assert list(encoded.columns) == ["size", "sex_F", "sex_I", "sex_M"]
    assert encoded["sex_M"].tolist() == [1.0, 0.0, 0.0, 1.0]
    assert list(X.columns) == ["sex", "size"]  # the input is left alone
    assert papers.one_hot(X[["size"]]) is None


def test_a_mixed_set_runs_the_samplers_one_hot_beside_smote(
    monkeypatch, tmp_path, binary_numeric
):
    X, y = binary_numeric
    X = pd.DataFrame(X, columns=list("abcd"))
    X["kind"] = np.where(X["a"] > 0, "up", "down")
    seen = []

    def run_one(info, X_run, y_run, base_name, filtered, args):
        # what the audit would do first: build the sampler and resample
        sampler = make_sampler(base_name, X_run, random_state=0)
        X_res, _ = sampler.fit_resample(X_run, y_run)
        seen.append((base_name, filtered, list(X_run.columns), len(X_res)))
        return {"gap": 0.1, "gap_se": 0.01, "worst_auditor": "gb", "copies": 0.0}

    monkeypatch.setattr(_common, "load", lambda name: (X, y))
    monkeypatch.setattr(quality, "run_one", run_one)
    args = papers.parse_args(["--systems", "mmd-triplet"])
    rows = papers.run_set("mixed-set", args)
    assert [r["sampler"] for r in rows] == [
        "smote",
        "filtered-smote",
        "mmd-triplet",
        "filtered-mmd-triplet",
    ]
    assert all(r["encoding"] == papers.ONE_HOT for r in rows)
    for _, _, columns, n_res in seen:  # every sampler saw the one-hot table
        assert columns == ["a", "b", "c", "d", "kind_down", "kind_up"]
        assert n_res > len(y)
    assert "kind" in X.columns  # the loaded table is left alone
    path = tmp_path / "page.md"
    papers.write_page(pd.DataFrame(rows), path, "python benchmarks/papers.py", 1)
    assert "| mixed-set | filtered-mmd-triplet (one-hot) |" in path.read_text()


def test_claims_judge_each_system_against_smote_on_the_same_table():
    def row(dataset, sampler, pr_auc, se, encoding=None):
        return {
            "dataset": dataset,
            "sampler": sampler,
            "encoding": encoding,
            "hgb_pr_auc": pr_auc,
            "hgb_pr_auc_se": se,
        }

    df = pd.DataFrame(
        [
            row("a", "smote", 0.50, 0.01),
            row("a", "dasmote", 0.60, 0.01),  # above beyond 2·sqrt(2)·0.01
            row("b", "smote", 0.50, 0.01),
            row("b", "dasmote", 0.52, 0.01),  # above its own se, within noise
            row("c", "smote", 0.50, 0.01),  # the raw table's SMOTE: not compared
            row("c", "smote", 0.80, 0.01, papers.ONE_HOT),
            row("c", "dasmote", 0.60, 0.01, papers.ONE_HOT),  # below one-hot SMOTE
        ]
    )
    found = papers.comparisons(df, "dasmote")
    assert [f.split()[0] for f in found["above"]] == ["a"]
    assert [f.split()[0] for f in found["hint"]] == ["b"]
    assert found["below"] == ["c hgb PR AUC 0.600 ± 0.010 against 0.800 ± 0.010"]
    section = "\n".join(papers.claims_section(df))
    assert "**dasmote** (3 sets): above beyond the noise: a hgb PR AUC" in section


def test_the_gap_table_puts_each_table_of_a_set_on_its_own_rows():
    df = pd.DataFrame(
        [
            {"dataset": "m", "sampler": "smote", "gap": 0.30, "gap_se": 0.01},
            {
                "dataset": "m",
                "sampler": "filtered-dasmote",
                "gap": 0.10,
                "gap_se": 0.02,
                "encoding": papers.ONE_HOT,
            },
            {
                "dataset": "m",
                "sampler": "smote",
                "gap": 0.20,
                "gap_se": 0.01,
                "encoding": papers.ONE_HOT,
            },
        ]
    )
    text = papers.gap_table(df)
    assert "| m (one-hot), plain | 0.200 ± 0.010 |  |  |  |" in text
    assert "| m (one-hot), filtered |  | 0.100 ± 0.020 |  |  |" in text
    assert "| m, plain |" not in text  # the raw table ran no paper sampler


def test_rows_are_saved_as_they_are_done(monkeypatch, tmp_path, binary_numeric):
    X, y = binary_numeric
    X = pd.DataFrame(X, columns=list("abcd"))

    def run_one(info, X_run, y_run, base_name, filtered, args):
        if filtered and base_name == "mmd-triplet":
            raise KeyboardInterrupt  # the run is stopped halfway
        return {"gap": 0.1, "gap_se": 0.01, "worst_auditor": "gb", "copies": 0.0}

    monkeypatch.setattr(_common, "load", lambda name: (X, y))
    monkeypatch.setattr(quality, "run_one", run_one)
    csv = tmp_path / "rows.csv"
    with pytest.raises(KeyboardInterrupt):
        papers.main(
            [
                "--datasets",
                "s",
                "--systems",
                "dasmote,mmd-triplet",
                "--csv",
                str(csv),
                "--out",
                str(tmp_path / "p.md"),
            ]
        )
    saved = pd.read_csv(csv)
    assert saved["sampler"].tolist() == ["dasmote", "filtered-dasmote", "mmd-triplet"]
