"""Tests of the trade-off page (benchmarks/tradeoff.py) and the calibration
benchmark's pieces (benchmarks/calibration.py)."""

import json
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

BENCHMARKS = Path(__file__).resolve().parents[1] / "benchmarks"
if str(BENCHMARKS) not in sys.path:
    sys.path.insert(0, str(BENCHMARKS))

import calibration  # noqa: E402
import tradeoff  # noqa: E402


def test_paired_difference_and_its_standard_error():
    a, b = [0.5, 0.6, 0.7, 0.8], [0.4, 0.6, 0.5, 0.7]
    d, se = tradeoff.paired_diff(json.dumps(a), json.dumps(b))
    diff = np.subtract(a, b)
    assert d == pytest.approx(diff.mean())
    assert se == pytest.approx(diff.std(ddof=1) / 2)
    assert np.isnan(tradeoff.paired_diff("[1.0]", "[1.0]")[0])


@pytest.mark.parametrize(
    "metric, diff, se, mark",
    [
        ("pr_auc", -0.05, 0.01, "below"),
        ("pr_auc", -0.02, 0.001, ""),  # beyond 2 se but under 0.03
        ("mcc", 0.05, 0.03, ""),  # over 0.03 but within 2 se
        ("mcc", 0.05, 0.01, "above"),
        ("brier", 0.02, 0.005, "worse"),
        ("brier", -0.02, 0.005, "better"),
    ],
)
def test_a_difference_counts_beyond_both_lines(metric, diff, se, mark):
    assert tradeoff.judge(metric, diff, se) == mark


def _table(path, rows):
    pd.DataFrame(rows).to_csv(path, index=False)
    return str(path)


def _row(sampler, shift, folds=10):
    base = np.linspace(0.4, 0.6, folds)
    row = {
        "dataset": "toy",
        "n_minority": 30,
        "sampler": sampler,
        "gap": 0.1 + shift,
        "gap_se": 0.01,
        "overlap_real": 0.5,
        "overlap_synthetic": 0.4 + shift,
    }
    for clf in ("hgb", "mlp"):
        for m in ("pr_auc", "mcc", "brier"):
            values = base + (shift if m != "brier" else -shift)
            row[f"{clf}_{m}"] = values.mean()
            row[f"{clf}_{m}_folds"] = json.dumps(values.round(6).tolist())
    return row


def test_rows_pair_each_rule_with_plain_smote(tmp_path):
    a = _table(tmp_path / "a.csv", [_row("smote", 0.0), _row("filtered-smote", -0.1)])
    b = _table(tmp_path / "b.csv", [_row("filtered-smote", 0.05)])
    df = tradeoff.rows({"off": a, "on": b})
    assert list(df["rule"]) == ["off", "on"]
    off, on = df.iloc[0], df.iloc[1]
    assert off["hgb_pr_auc_diff"] == pytest.approx(-0.1)
    assert off["hgb_pr_auc_mark"] == "below"  # a constant shift: se 0
    assert on["hgb_mcc_mark"] == "above"
    assert on["hgb_brier_mark"] == "better"
    assert on["smote_gap"] == pytest.approx(0.1)
    text = "\n".join(tradeoff.summary(df))
    assert "`off`" in text and "below SMOTE's in 4 of 4" in text


def test_paired_reads_the_same_folds():
    per_fold = pd.DataFrame(
        {
            "pipeline": ["none"] * 3 + ["x"] * 3,
            "fold": [0, 1, 2] * 2,
            "brier": [0.1, 0.2, 0.3, 0.2, 0.2, 0.5],
        }
    )
    mean, diff, se = calibration.paired(per_fold, "x", "none", "brier")
    assert mean == pytest.approx(0.3)
    assert diff == pytest.approx(0.1)
    assert se == pytest.approx(np.std([0.1, 0.0, 0.2], ddof=1) / np.sqrt(3))


def test_a_run_without_plain_smote_is_refused_with_the_fix(tmp_path):
    only = _table(tmp_path / "f.csv", [_row("filtered-smote", 0.0)])
    with pytest.raises(SystemExit, match="no table holds plain SMOTE's rows"):
        tradeoff.rows({"rule": only})


def test_plain_smote_with_another_seed_is_judged_as_a_rule(tmp_path):
    ref = _table(tmp_path / "ref.csv", [_row("smote", 0.0)])
    other = _table(tmp_path / "other.csv", [_row("smote", -0.05)])
    df = tradeoff.rows({"smote": ref, "smote-seed1": other}, ["smote-seed1"])
    assert list(df["rule"]) == ["smote-seed1"]
    row = df.iloc[0]
    assert row["hgb_pr_auc_diff"] == pytest.approx(-0.05)  # against the reference
    assert row["hgb_pr_auc_mark"] == "below"
    assert row["smote_gap"] == pytest.approx(0.1)
    # without the label it would be a second reference, and no rule is left
    assert tradeoff.rows({"smote": ref, "smote-seed1": other}).empty


def test_tables_without_a_gap_still_give_the_downstream_cells(tmp_path):
    # a class too small for the hold-out audit: no gap columns at all
    def no_gap(sampler, shift):
        row = _row(sampler, shift)
        return {k: v for k, v in row.items() if not k.startswith("gap")}

    a = _table(tmp_path / "a.csv", [no_gap("smote", 0.0)])
    b = _table(tmp_path / "b.csv", [no_gap("filtered-smote", -0.1)])
    df = tradeoff.rows({"smote": a, "rule": b})
    assert df["gap"].isna().all() and df["gap"].dtype == float
    text = "\n".join(tradeoff.summary(df))
    assert "over 0 sets" in text and "below SMOTE's in 4 of 4" in text
    assert "no gap" in "\n".join(tradeoff.table(df))
