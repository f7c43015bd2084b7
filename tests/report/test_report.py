"""Tests of the quality report: content, JSON round trip, HTML page."""

import copy
import json
import re
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from imblearn.over_sampling import RandomOverSampler
from sklearn.linear_model import LogisticRegression

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from _browser import find_chromium, headless_chromium  # noqa: E402
from synthsieve import (
    AuditResult,
    FilteredOverSampler,
    SamplerAudit,
    SieveReport,
    audit,
    audit_sampler,
    compare_samplers,
    sieve_report,
)
from synthsieve.report import ClassOutcome, ClassSample, build_report
from synthsieve.report._sieve_report import SECTIONS

LR = {"lr": LogisticRegression(max_iter=1000)}


def make_data(n=300, seed=0):
    """Mixed columns: numeric, integer, binary; 20 % minority."""
    rng = np.random.default_rng(seed)
    y = np.r_[np.zeros(int(n * 0.8), dtype=int), np.ones(n - int(n * 0.8), dtype=int)]
    X = pd.DataFrame(
        {
            "height": rng.normal(170, 10, n) + 5 * y,
            "visits": rng.poisson(3 + 2 * y),
            "smoker": (rng.random(n) < 0.3 + 0.3 * y).astype(int),
            "weight": rng.normal(70, 8, n),
        }
    )
    return X, y


@pytest.fixture(scope="module")
def data():
    return make_data()


@pytest.fixture(scope="module")
def fitted(data):
    X, y = data
    sampler = FilteredOverSampler(detector="logreg", auditors=LR, random_state=0)
    sampler.fit_resample(X, y)
    return sampler


@pytest.fixture(scope="module")
def holdout_report(data):
    X, y = data
    sampler = FilteredOverSampler(detector="logreg", auditors=LR, random_state=0)
    return sieve_report(sampler, X, y, auditors=LR, random_state=0)


def roundtrip(report):
    d = report.to_dict()
    text = json.dumps(d, allow_nan=False)  # strict JSON: no NaN
    return d, SieveReport.from_dict(json.loads(text)).to_dict()


# --------------------------------------------------------------------- content


def test_counts_match_the_fit(fitted):
    c = fitted.report_.classes[1]
    assert c["n_real"] == 60
    assert c["accepted"] == c["needed"] == 180
    assert sum(c["rejected"].values()) == len(fitted.rejected_)
    assert c["rounds"] == fitted.n_rounds_[1]
    assert sum(c["rejected_detail"].values()) == len(fitted.rejected_)


def test_detectability_before_and_after_hold_every_metric(fitted):
    c = fitted.report_.classes[1]
    for when in ("before", "after"):
        det = c[when].detectors["lr"]
        assert set(det.metrics) == {
            "f1",
            "recall",
            "precision",
            "accuracy",
            "kappa",
            "roc_auc",
            "pr_auc",
        }
        assert np.asarray(det.confusion_matrix).shape == (2, 2)
    frame = fitted.report_.to_frame("detectability")
    assert list(frame.index.get_level_values("stage").unique()) == ["before", "after"]
    assert {"tn", "fp", "fn", "tp", "kappa"} <= set(frame.columns)


def test_score_histograms_of_real_accepted_rejected(fitted):
    sc = fitted.report_.classes[1]["scores"]
    assert len(sc["edges"]) == len(sc["accepted"]["counts"]) + 1
    assert sum(sc["accepted"]["counts"]) == sc["accepted"]["n"] == 180
    n_scored = int(fitted.rejected_["score"].notna().sum())
    assert sc["rejected"]["n"] == n_scored
    # every held-out real row is scored out of fold once per round
    assert sc["real"]["n"] == 60 * fitted.n_rounds_[1]
    assert "scores were not recorded" not in fitted.report_.summary()


def test_feature_shift_is_sorted_and_typed(fitted):
    shift = fitted.report_.classes[1]["shift"]
    stats = [s["statistic"] for s in shift]
    assert stats == sorted(stats, reverse=True)
    kinds = {s["column"]: (s["kind"], s["test"]) for s in shift}
    assert kinds["smoker"] == ("binary", "tvd")
    assert kinds["height"] == ("numeric", "ks")
    assert all(0 <= s["statistic"] <= 1 for s in shift)
    assert all(s["before"] is not None for s in shift)


def test_profile_and_diversity(fitted):
    c = fitted.report_.classes[1]
    prof = c["profile"]["accepted"]
    assert prof["n_binary_columns"] == 1
    assert prof["active_real"] == pytest.approx(
        fitted.report_.to_frame().loc[1, "active_real"]
    )
    div = c["diversity"]["accepted"]
    assert div["n_rows"] == 180
    assert div["exact_copy_share"] == 0.0  # copies are rejected by the filter
    for key in ("coverage_nearest", "coverage_knn", "near_copy_share"):
        assert 0.0 <= div[key] <= 1.0
    assert div["median_ratio"] > 0


def test_real_scores_are_used_when_recorded():
    X, y = make_data(120)
    real = X[y == 1]
    rng = np.random.default_rng(0)
    accepted = real.sample(20, random_state=0).reset_index(drop=True)
    accepted["height"] += 0.5
    rejected = pd.concat(
        [
            pd.DataFrame(
                {"class": 1, "round": 1, "reason": ["detectable", "copy"]},
            ),
            pd.DataFrame({"score": [0.9, np.nan]}),
            real.iloc[:2].reset_index(drop=True),
        ],
        axis=1,
    )
    outcome = ClassOutcome(
        label=1,
        n_real=len(real),
        needed=20,
        candidates=22,
        accepted=20,
        rounds=1,
        rejected={"detectable": 1, "copy": 1},
        sample=ClassSample(
            real=real,
            raw=accepted,
            accepted=accepted,
            accepted_scores=rng.uniform(0, 0.6, 20),
            rejected=rejected,
            real_scores=[rng.uniform(0, 1, 10), rng.uniform(0, 1, 14)],
        ),
    )
    report = build_report([outcome])
    measured = report.classes[1]
    assert measured.sample is None and outcome.sample is not None  # a new one
    sc = measured.measures.scores
    assert sc["real"]["n"] == 24
    assert sc["rejected"]["n"] == 1
    assert measured.measures.rejected_detail == {"detectable": 1, "copy": 1}
    assert measured.measures.before is None  # no auditors given
    assert not measured.measures.audited
    assert "not recorded" not in report.summary()
    assert roundtrip(report)[0] == roundtrip(report)[1]


# --------------------------------------------------------------------- JSON


def test_json_round_trip_in_fit(fitted, tmp_path):
    d, again = roundtrip(fitted.report_)
    assert again == d
    # the jitter scale chosen at fit travels with the report
    ((label, chosen),) = fitted.jitter_.items()
    assert d["classes"][0]["jitter"] == chosen
    assert f"jitter {chosen:g}" in fitted.report_.summary()
    assert fitted.report_.to_frame("classes")["jitter"].tolist() == [chosen]
    path = tmp_path / "report.json"
    fitted.report_.to_json(path)
    assert SieveReport.from_json(path).to_dict() == d
    assert SieveReport.from_json(path.read_text()).summary() == (
        fitted.report_.summary()
    )


def test_json_round_trip_with_holdout(holdout_report):
    d, again = roundtrip(holdout_report)
    assert again == d
    back = SieveReport.from_dict(d)
    assert back.gap("after") == pytest.approx(holdout_report.gap("after"))
    assert back.to_frame("holdout").equals(holdout_report.to_frame("holdout"))


def test_audit_results_round_trip():
    rng = np.random.default_rng(0)
    res = audit(rng.normal(size=(60, 2)), rng.normal(1, 1, (60, 2)), detectors=LR)
    d = res.to_dict()
    assert AuditResult.from_dict(json.loads(json.dumps(d))).to_dict() == d
    X, y = make_data(200)
    sa = audit_sampler(
        RandomOverSampler(random_state=0), X, y, detectors=LR, random_state=0
    )
    d = sa.to_dict()
    assert SamplerAudit.from_dict(json.loads(json.dumps(d))).to_dict() == d


# --------------------------------------------------------------------- tables


# Per section: its index levels and the rows the report of `data` must give
# (one class, 1; one auditor, "lr"; stages "before"/"after"; row sets).
_STAGES = [(1, "before", "lr"), (1, "after", "lr")]
_ROW_SETS = [(1, "raw"), (1, "accepted")]
SECTION_ROWS = {
    "classes": (["class"], [1]),
    "detectability": (["class", "stage", "detector"], _STAGES),
    "holdout": (["class", "stage", "auditor"], _STAGES),
    "shift": (["class", "column"], None),  # every column, largest shift first
    "profile": (["class", "rows"], _ROW_SETS),
    "diversity": (["class", "rows"], _ROW_SETS),
}


@pytest.mark.parametrize("section", SECTIONS)
def test_every_section_is_a_frame(holdout_report, data, section):
    frame = holdout_report.to_frame(section)
    assert isinstance(frame, pd.DataFrame)
    names, rows = SECTION_ROWS[section]
    assert list(frame.index.names) == names
    if rows is None:
        columns = frame.index.get_level_values("column")
        assert sorted(columns) == sorted(data[0].columns)
        assert frame["statistic"].is_monotonic_decreasing
        rows = [(1, column) for column in columns]
    assert frame.index.tolist() == rows
    assert not frame.isna().all(axis=1).any()  # no row without a value


def test_unknown_section_is_refused(fitted):
    with pytest.raises(ValueError, match="`section` must be one of classes"):
        fitted.report_.to_frame("nope")


def test_classes_frame_has_the_headline(holdout_report):
    row = holdout_report.to_frame().loc[1]
    assert row["gap_after"] == pytest.approx(holdout_report.gap("after"))
    assert row["gap_before"] == pytest.approx(holdout_report.gap("before"))
    assert isinstance(row["verdict_after"], str)


# --------------------------------------------------------------------- headline


def test_sieve_report_audits_base_and_filtered_sampler(holdout_report):
    before, after = holdout_report.holdout["before"], holdout_report.holdout["after"]
    assert before.sampler_name == "SMOTE"
    assert after.sampler_name == "FilteredOverSampler"
    # same splits and auditors: the same real-vs-real reference
    assert before.classes[1].reference_auc() == after.classes[1].reference_auc()
    assert holdout_report.extra["base_sampler"] == "SMOTE"
    text = holdout_report.summary()
    assert "Hold-out detectability gap" in text and "->" in text


def test_in_fit_report_says_the_headline_is_missing(fitted):
    assert fitted.report_.gap() is None
    assert "Hold-out audit not run" in fitted.report_.summary()


def test_sieve_report_needs_a_filtered_sampler(data):
    X, y = data
    with pytest.raises(TypeError, match="must be a FilteredOverSampler"):
        sieve_report(RandomOverSampler(), X, y)


def _copy_like(report):
    """The same report with a hold-out AUC far below the reference."""
    report = copy.deepcopy(report)
    ca = report.holdout["after"].classes[1]
    ref = ca.reference_auc()["lr"]
    for a in ca.synthetic:
        a.detectors["lr"].metrics["roc_auc"] = ref - 0.3
    assert ca.copy_like
    return report


def test_copy_like_is_never_shown_as_success(holdout_report):
    report = _copy_like(holdout_report)
    assert "copy-like rows, NOT a success" in report.summary()
    page = report.to_html()
    assert "Copy-like rows." in page
    assert 'class="badge copy"' in page


# --------------------------------------------------------------------- HTML


def test_html_holds_every_section(holdout_report, tmp_path):
    path = tmp_path / "report.html"
    page = holdout_report.to_html(path)
    assert path.read_text(encoding="utf-8") == page
    assert page.startswith("<!DOCTYPE html>")
    for anchor in (
        "headline",
        "overview",
        "class-1",
        "counts-1",
        "detect-1",
        "scores-1",
        "shift-1",
        "profile-1",
        "diversity-1",
        "reading",
    ):
        assert f'id="{anchor}"' in page
    images = re.findall(r'<img [^>]*src="data:image/png;base64,', page)
    assert len(images) == 6  # gap, reasons, ROC, PR, scores, shift
    assert page.count("<table") >= 8
    assert not re.search(r"https?://", page)
    assert "<script" not in page and "<link" not in page


def test_html_of_audit_results(tmp_path):
    X, y = make_data(200)
    res = audit(X[y == 1], X[y == 0].iloc[:40], detectors=LR, random_state=0)
    sa = audit_sampler(
        RandomOverSampler(random_state=0), X, y, detectors=LR, random_state=0
    )
    paper = audit_sampler(
        RandomOverSampler(random_state=0),
        X,
        y,
        protocol="paper",
        detectors=LR,
        random_state=0,
    )
    cmp = compare_samplers(
        X, y, {"ros": RandomOverSampler(random_state=0)}, detectors=LR, random_state=0
    )
    for obj, n_img in ((res, 2), (sa, 2), (paper, 2), (cmp, 2)):
        path = tmp_path / f"{type(obj).__name__}.html"
        page = obj.to_html(path)
        assert path.is_file()
        assert page.count("data:image/png;base64,") == n_img, type(obj).__name__
        assert "<table" in page
        assert not re.search(r"https?://", page)


def test_generic_page_of_a_result_without_its_own_template():
    from synthsieve._result_io import ResultMixin

    class Tally(ResultMixin):
        def summary(self):
            return "tally <b>"

        def to_frame(self):
            return pd.DataFrame({"auc": [0.51234, np.nan]}, index=["a<", "b"])

    page = Tally().to_html()
    assert page.startswith("<!DOCTYPE html>")
    assert "<title>synthsieve Tally</title>" in page
    assert 'id="summary"' in page and 'id="table"' in page
    assert "tally &lt;b&gt;" in page and "<th>a&lt;</th>" in page  # escaped
    assert "<td>0.512</td>" in page and "<td>–</td>" in page


def test_class_outcome_is_exported_from_the_report_package_only():
    import synthsieve
    import synthsieve.report

    assert "ClassOutcome" in synthsieve.report.__all__
    assert not hasattr(synthsieve, "ClassOutcome")


def test_html_without_matplotlib(holdout_report, monkeypatch):
    monkeypatch.setitem(sys.modules, "matplotlib.figure", None)
    page = holdout_report.to_html()
    assert "data:image/png" not in page
    assert 'pip install "synthsieve[plot]"' in page
    assert page.count("<table") >= 8


def test_html_renders_in_headless_chromium(holdout_report, tmp_path):
    browser = find_chromium()
    if browser is None:
        pytest.skip("no chromium binary found")
    path = tmp_path / "report.html"
    holdout_report.to_html(path)
    url = path.resolve().as_uri()
    dom = headless_chromium(browser, tmp_path / "profile", "--dump-dom", url)
    assert dom.returncode == 0, dom.stderr[-2000:]
    html = dom.stdout
    assert "synthsieve quality report" in html
    assert len(re.findall(r'<img [^>]*src="data:image/png;base64,', html)) == 6
    assert html.count("<table") >= 8
    # the headline section rendered, with the report's hold-out gaps
    assert '<h2 id="headline">Headline: hold-out detectability gap</h2>' in html
    for stage in ("before", "after"):
        assert f"<td>{holdout_report.gap(stage):.3f}</td>" in html

    shot = tmp_path / "shot.png"
    out = headless_chromium(
        browser,
        tmp_path / "profile",
        "--hide-scrollbars",
        "--window-size=1200,1600",
        f"--screenshot={shot}",
        url,
    )
    assert out.returncode == 0, out.stderr[-2000:]
    data = shot.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    assert len(data) > 20_000  # a rendered page, not a blank one


def test_shift_and_profile_use_a_seeded_sample_on_large_data(data, monkeypatch):
    import synthsieve.report._measures as module

    X, y = data
    sampler = FilteredOverSampler(detector="logreg", auditors=None, random_state=0)
    sampler.fit_resample(X, y)
    full = sampler.report_.to_dict()["classes"][0]
    monkeypatch.setattr(module, "PROFILE_ROWS", 40)
    rows = pd.DataFrame({"a": np.arange(100)})
    picked = module.sample_rows(rows)
    assert len(picked) == 40 and picked["a"].is_monotonic_increasing
    assert module.sample_rows(rows).equals(picked)  # seeded
    sampler.fit_resample(X, y)
    sampled = sampler.report_.to_dict()["classes"][0]
    assert sampled["accepted"] == full["accepted"] > 40  # counts use every row
    ks_full = {r["column"]: r["statistic"] for r in full["shift"]}
    ks_sampled = {r["column"]: r["statistic"] for r in sampled["shift"]}
    assert ks_full.keys() == ks_sampled.keys()
    assert ks_full != ks_sampled
    assert all(abs(ks_full[f] - ks_sampled[f]) < 0.3 for f in ks_full)
