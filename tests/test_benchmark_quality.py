"""Tests of the quality benchmark's halves (benchmarks/splits.py) and its page."""

import sys
from pathlib import Path
from types import SimpleNamespace

import numpy as np
import pandas as pd
import pytest

BENCHMARKS = Path(__file__).resolve().parents[1] / "benchmarks"
if str(BENCHMARKS) not in sys.path:
    sys.path.insert(0, str(BENCHMARKS))

import _common  # noqa: E402
import quality  # noqa: E402
import splits  # noqa: E402

needs_data = pytest.mark.skipif(
    not _common.DATA.is_dir(), reason=f"shared data sets not found at {_common.DATA}"
)

DEV = [
    "hiva",
    "car-good",
    "abalone19",
    "yeast4",
    "page-blocks0",
    "wisconsin",
    "pima",
    "kddcup-guess_passwd_vs_satan",
    "winequality-red-4",
]
EVAL = [
    "vehicle0",
    "glass1",
    "ecoli3",
    "haberman",
    "yeast5",
    "yeast-1_vs_7",
    "car-vgood",
    "new_thyroid1",
    "abalone-17_vs_7-8-9-10",
    "poker-9_vs_7",
    "kddcup-land_vs_portsweep",
]


def test_the_halves_are_the_declared_ones():
    assert splits.DEV == DEV
    assert splits.EVAL == EVAL
    assert all(s.kind in splits.KINDS for s in splits.SETS.values())


@pytest.mark.parametrize("half", ["dev", "eval"])
def test_each_half_spans_small_classes_nominal_mixed_and_numeric_data(half):
    sets = [s for s in splits.SETS.values() if s.half == half]
    kinds = {s.kind for s in sets}
    assert {"nominal", "mixed", "numeric"} <= kinds
    assert any(s.n_minority < splits.SMALL for s in sets)


@needs_data
@pytest.mark.parametrize("name", DEV + EVAL)
def test_the_declaration_matches_the_file(name):
    X, y = quality.load(name)
    declared = splits.SETS[name]
    assert splits.kind_of(X) == declared.kind
    assert int((y == 1).sum()) == declared.n_minority


@pytest.mark.parametrize(
    ("frame", "kind"),
    [
        (pd.DataFrame({"a": [0, 1, 1], "b": [1, 0, 1]}), "binary"),
        (pd.DataFrame({"a": [0, 2, 7], "b": [1, 0, 1]}), "integer"),
        (pd.DataFrame({"a": [0.5, 2, 7], "b": [1, 0, 1]}), "numeric"),
        (pd.DataFrame({"a": ["x", "y", "x"], "b": ["u", "u", "v"]}), "nominal"),
        (pd.DataFrame({"a": ["x", "y", "x"], "b": [0.5, 2, 7]}), "mixed"),
    ],
)
def test_kind_of(frame, kind):
    assert splits.kind_of(frame) == kind


def test_small_classes_get_more_half_splits():
    args = SimpleNamespace(repeats=5, small_repeats=10)
    X = pd.DataFrame({"a": np.linspace(0, 1, 100)})
    few = quality.set_info("x", X, np.r_[np.zeros(51), np.ones(49)], args)
    many = quality.set_info("x", X, np.r_[np.zeros(50), np.ones(50)], args)
    assert (few["repeats"], many["repeats"]) == (10, 5)
    assert few["half"] == "other" and few["kind"] == "numeric"


def test_the_recommended_base_is_not_run_twice():
    numeric = pd.DataFrame({"a": [0.5, 1.5], "b": [1.0, 2.0]})
    nominal = pd.DataFrame({"a": ["x", "y"], "b": ["u", "v"]})
    plan = quality.sampler_plan(["smote", "recommended"], numeric, "numeric", 0)
    assert plan == [("smote", True)]
    # on all-nominal data 'smote' builds SMOTEN, the recommended 'smoten'
    plan = quality.sampler_plan(["smote", "recommended"], nominal, "nominal", 0)
    assert plan == [("smote", True)]
    plan = quality.sampler_plan(["random", "recommended"], nominal, "nominal", 0)
    assert plan == [("random", False), ("smoten", True)]


def _row(name, half, mode, gap, se, copies=0.0, **down):
    return {
        "dataset": name,
        "half": half,
        "kind": "numeric",
        "n_minority": 40,
        "sampler": ("filtered-" if mode == "filtered" else "") + "smote",
        "base": "smote",
        "mode": mode,
        "recommended": True,
        "gap": gap,
        "gap_se": se,
        "n_splits": 10,
        "worst_auditor": "hgb",
        "copy_like": False,
        "copies": copies,
        "fit_s": 1.0,
        **down,
    }


def _down(name, half, sampler, pr_auc, mcc, se=0.01):
    row = {"dataset": name, "half": half, "sampler": sampler, "base": sampler}
    row["mode"] = "baseline"
    for clf in quality.CLASSIFIERS:
        for m, v in (("pr_auc", pr_auc), ("mcc", mcc)):
            row.update({f"{clf}_{m}": v, f"{clf}_{m}_se": se})
        row[f"{clf}_n_folds"] = 10
    return row


def test_the_page_checks_the_targets_on_the_evaluation_half(tmp_path):
    down = {"pr_auc": 0.5, "mcc": 0.3}
    rows = [
        # a: filtered better and below 0.10; b: filtered worse beyond the noise
        _row("a", "eval", "plain", 0.30, 0.01),
        _row("a", "eval", "filtered", 0.08, 0.01),
        _row("b", "eval", "plain", 0.20, 0.01),
        _row("b", "eval", "filtered", 0.30, 0.01, copies=0.02),
        # c (development half): worse, but within the noise
        _row("c", "dev", "plain", 0.20, 0.05),
        _row("c", "dev", "filtered", 0.25, 0.05),
        _down("a", "eval", "none", **down),
    ]
    for r in rows[:4]:
        for clf in quality.CLASSIFIERS:
            r.update({f"{clf}_pr_auc": 0.5, f"{clf}_pr_auc_se": 0.01})
            r.update({f"{clf}_mcc": 0.3, f"{clf}_mcc_se": 0.01})
            r[f"{clf}_n_folds"] = 10
    path = tmp_path / "page.md"
    quality.write_report(pd.DataFrame(rows), path, "python benchmarks/quality.py", 6)
    page = path.read_text(encoding="utf-8")
    assert "Command: `python benchmarks/quality.py`" in page
    targets = page.split("## Targets (evaluation half)")[1].split("## Never")[0]
    assert "within the noise: 1/2 sets (50%; every set): missed" in targets
    assert "worse on b 0.200 -> 0.300 (2 SE 0.028)" in targets
    assert "<= 0.10 on the sets where plain SMOTE's is >= 0.15: 1/2" in targets
    assert "copies on b 2.0%" in targets
    assert "with hgb: PR AUC and MCC" in targets and "2/2 sets" in targets
    assert "c 0.200" not in targets  # the development half is not a target
    dev = page.split("Development half (sets the defaults were chosen on):")[1]
    assert "1/1 sets (100%; every set): met" in dev.split("\n\n")[1]
    assert "| a | numeric | 40 | filtered-smote (rec.) | 10 | 0.080 ± 0.010 |" in page
    assert "0.500 ± 0.010" in page


def test_one_page_from_the_two_halves_runs(tmp_path):
    halves = {
        "dev": [
            _row("c", "dev", "plain", 0.20, 0.02),
            _row("c", "dev", "filtered", 0.05, 0.02),
        ],
        "eval": [
            _row("a", "eval", "plain", 0.30, 0.01),
            _row("a", "eval", "filtered", 0.08, 0.01),
        ],
    }
    paths = []
    for half, rows in halves.items():
        path = tmp_path / f"{half}.csv"
        frame = pd.DataFrame(rows)
        frame["command"] = f"python benchmarks/quality.py --half {half}"
        frame.to_csv(path, index=False)
        paths.append(str(path))
    out = tmp_path / "page.md"
    quality.main(["--from-csv", ",".join(paths), "--out", str(out)])
    page = out.read_text(encoding="utf-8")
    assert "- `python benchmarks/quality.py --half dev`" in page
    assert "- `python benchmarks/quality.py --half eval`" in page
    assert "## Evaluation half" in page and "## Development half" in page
    assert "| c | numeric | 40 | filtered-smote (rec.) | 10 | 0.050 ± 0.020 |" in page
    assert "took" not in page  # nothing was run


@pytest.mark.slow
@needs_data
def test_a_tiny_run_writes_the_page(tmp_path):
    out, csv = tmp_path / "q.md", tmp_path / "q.csv"
    quality.main(
        [
            "--datasets",
            "haberman",
            "--samplers",
            "smote",
            "--modes",
            "plain",
            "--repeats",
            "2",
            "--no-downstream",
            "--out",
            str(out),
            "--csv",
            str(csv),
        ]
    )
    frame = pd.read_csv(csv)
    assert frame["n_splits"].tolist() == [2]
    assert frame["command"].str.startswith("python benchmarks/quality.py").all()
    assert np.isfinite(frame["gap_se"]).all()
    assert "## Evaluation half" in out.read_text(encoding="utf-8")


def test_the_downstream_target_counts_plain_smote_beside_the_filter():
    def row(dataset, sampler, value, se=0.01, mode="baseline"):
        base = sampler.removeprefix("filtered-")
        r = {"dataset": dataset, "sampler": sampler, "mode": mode, "base": base}
        for clf in quality.CLASSIFIERS:
            for m in ("pr_auc", "mcc"):
                r[f"{clf}_{m}"], r[f"{clf}_{m}_se"] = value, se
        return r

    df = pd.DataFrame(
        [
            # a: the filter trails SMOTE, the best rival, beyond one error
            row("a", "none", 0.50),
            row("a", "smote", 0.70, mode="plain"),
            row("a", "filtered-smote", 0.60, mode="filtered"),
            # b: class weights win; SMOTE and the filter both trail
            row("b", "class-weights", 0.90),
            row("b", "smote", 0.70, mode="plain"),
            row("b", "filtered-smote", 0.895, mode="filtered"),
        ]
    )
    lines = quality.target_downstream(df, "smote")
    assert len(lines) == len(quality.CLASSIFIERS)
    assert "1/2 sets" in lines[0] and "not on a;" in lines[0]
    assert lines[0].endswith("plain SMOTE on the same sets: 1/2.")


def test_fewer_minority_rows_keeps_a_seeded_sample_of_the_minority_only():
    X = pd.DataFrame({"a": np.arange(40.0), "b": np.arange(40) % 3})
    y = np.r_[np.zeros(30, dtype=int), np.ones(10, dtype=int)]
    X_few, y_few = quality.fewer_minority_rows(X, y, 4, seed=0)
    assert (y_few == 1).sum() == 4 and (y_few == 0).sum() == 30
    kept = X_few["a"].to_numpy()
    assert np.array_equal(kept[:30], np.arange(30.0))  # every other row, in order
    assert set(kept[30:]) <= set(range(30, 40)) and np.all(np.diff(kept) > 0)
    again, _ = quality.fewer_minority_rows(X, y, 4, seed=0)
    pd.testing.assert_frame_equal(X_few, again)  # seeded
    other, _ = quality.fewer_minority_rows(X, y, 4, seed=1)
    assert not X_few.equals(other)
    same_X, same_y = quality.fewer_minority_rows(X, y, 10, seed=0)  # not fewer
    assert same_X is X and np.array_equal(same_y, y)
    assert len(X) == 40  # the input is left alone


def test_the_sampler_seed_changes_the_sampler_only(monkeypatch):
    """``--sampler-seed``: the plain sampler draws with its own seed while the
    half splits and folds keep ``--seed``'s, so the runs pair fold by fold."""
    seen = {}
    monkeypatch.setattr(
        quality,
        "holdout_figures",
        lambda s, X, y, r, seed: seen.update(audit=(s.random_state, seed)) or {},
    )
    monkeypatch.setattr(quality, "fit_figures", lambda s, X, y: {})
    monkeypatch.setattr(
        quality,
        "downstream",
        lambda X, y, s, seed, n: seen.update(folds=(s.random_state, seed)) or {},
    )
    X = pd.DataFrame({"a": np.arange(30.0), "b": np.arange(30.0) % 7})
    y = np.r_[np.zeros(24, dtype=int), np.ones(6, dtype=int)]
    info = {"repeats": 2}
    args = quality.parse_args(["--seed", "4", "--sampler-seed", "9"])
    quality.run_one(info, X, y, "smote", False, args)
    assert seen == {"audit": (9, 4), "folds": (9, 4)}
    default = quality.parse_args(["--seed", "4"])
    quality.run_one(info, X, y, "smote", False, default)
    assert seen == {"audit": (4, 4), "folds": (4, 4)}
