"""Fast checks of benchmarks/speed.py's planning and tables (no subprocess).

They run with the unit tests, so a change to the benchmark's planning or
tables that breaks it shows in CI.
"""

import importlib.util
from pathlib import Path

import pytest

_SPEC = importlib.util.spec_from_file_location(
    "speed", Path(__file__).resolve().parents[1] / "benchmarks" / "speed.py"
)
speed = importlib.util.module_from_spec(_SPEC)
_SPEC.loader.exec_module(speed)

FULL = [
    "--sizes",
    "5000x20,20000x20,50000x50,200000x50,1000000x50",
    "--minority",
    "0.01,0.1",
    "--extra-minority",
    "0.01",
    "--pipeline-sizes",
    "20000,200000",
    "--mixed-sizes",
    "200000",
    "--grid-sizes",
    "20000",
]


def _args(argv):
    return speed._resolve(speed._parser(), argv)


def test_sizes_carry_their_features():
    assert speed._sizes("5000x20,2e4", 50) == [(5000, 20), (20000, 50)]
    with pytest.raises(ValueError, match="ROWSxFEATURES"):
        speed._sizes("5000xa", 50)


def test_plan_covers_the_issue_table():
    plan = _args(FULL).plan
    assert len(plan) == 11
    assert plan[(1_000_000, 50, 0.1)] == ["smote", "filtered-default", "filtered-fast"]
    assert plan[(20_000, 50, 0.01)] == [
        "pipeline-smote",
        "pipeline-filtered",
        "grid-smote",
        "grid-filtered",
        "grid-smote-cached",
        "grid-filtered-cached",
    ]
    assert "filtered-mixed" in plan[(200_000, 50, 0.01)]
    assert not any("grid-smote" in ms for (_, _, q), ms in plan.items() if q == 0.1)


def test_old_spelling_and_quick():
    plan = _args(["--sizes", "2000", "--features", "10", "--settings", "fast"]).plan
    assert plan[(2000, 10, 0.01)][:2] == ["smote", "filtered-fast"]
    quick = _args(["--quick"]).plan
    assert {m for ms in quick.values() for m in ms} == set(speed.METHODS)


def test_mixed_data_kinds():
    X, y = speed.mixed_data(600, 0.1)
    kinds = X.dtypes.astype(str).value_counts().to_dict()
    assert kinds == {"float64": 40, "int64": 6, "category": 4}
    assert [X.columns.get_loc(c) for c in ("c0", "c3")] == [46, 49]
    assert [X[f"c{j}"].nunique() for j in range(4)] == list(speed.MIXED_LEVELS)


def _cells(plan, slow=None):
    runs = []
    for (n, p, q), ms in plan.items():
        for m in ms:
            r = {"n": n, "features": p, "minority": q, "method": m}
            if (n, q, m) == slow:
                runs.append(r | {"timeout": 1200})
                continue
            factor = 4 if m in speed.BASELINE else 1
            runs.append(
                r
                | {"wall_s": factor * n / 1e4, "peak_mb": 90 + 10 * factor}
                | {"data_mb": 50, "best_score": 0.5}
            )
    return speed.analyse(speed.aggregate(runs))


def test_targets_read_at_50_features_1_percent():
    cells = _cells(_args(FULL).plan, slow=(1_000_000, 0.1, "filtered-default"))
    goals = {t["target"]: t for t in speed.targets(cells)}
    wall = goals["sampler wall time <= 30x SMOTE's at 1,000,000 rows"]
    assert (wall["state"], wall["value"]) == ("met", 4)
    grid = goals["grid search with memory on both sides <= 2x SMOTE's at 20,000 rows"]
    assert (grid["state"], grid["value"]) == ("missed", 4)
    lines = speed.scaling(cells)
    assert any("10 % minority): 50,000 -> 200,000" in s for s in lines)
    assert any(s.endswith("200,000 -> 1,000,000: -") for s in lines)
    sections = "\n".join(speed.ratio_sections(cells))
    assert "over 12x" in sections and "| 200,000 | 50 mixed | 1 % |" in sections


def test_targets_elsewhere_are_indicative():
    cells = _cells(_args(["--quick"]).plan)
    states = {t["state"] for t in speed.targets(cells)}
    assert not states & {"met", "missed"}


def test_hand_written_sections_are_kept():
    old = "# Speed\n\n## Targets\n\n- x\n\nprose\n\n## Notes\n\nkept\n"
    assert speed._kept_tail(old) == "## Notes\n\nkept\n"


def test_pipeline_1m_is_behind_a_flag():
    plain = _args(FULL).plan
    assert "pipeline-filtered" not in plain.get((1_000_000, 50, 0.01), [])
    flagged = _args([*FULL, "--pipeline-1m"]).plan
    assert flagged[(1_000_000, 50, 0.01)][-2:] == [
        "pipeline-smote",
        "pipeline-filtered",
    ]


def test_the_exponent_target_is_smotes_own_plus_a_margin():
    plan = _args([*FULL, "--pipeline-1m"]).plan
    runs = []
    for (n, p, q), ms in plan.items():
        for m in ms:
            # SMOTE scales as n, the filter as n ** 1.05: within SMOTE's + 0.1
            wall = n / 1e4 if m == "smote" else 3 * (n / 1e4) ** 1.05
            runs.append(
                {"n": n, "features": p, "minority": q, "method": m}
                | {"wall_s": wall, "peak_mb": 100, "data_mb": 50, "best_score": 0.5}
            )
    goals = speed.targets(speed.analyse(speed.aggregate(runs)))
    (exp,) = [t for t in goals if t["target"].startswith("scaling exponent")]
    assert exp["state"] == "met"
    assert exp["limit"] == pytest.approx(1.1)
    assert exp["value"] == pytest.approx(1.05)
    (ref,) = [t for t in goals if t["method"] == "smote"]
    assert ref["state"] == "reference" and ref["value"] == pytest.approx(1.0)
