"""Tests of synthsieve.plotting: each figure draws on the axes it is given."""

import sys

import numpy as np
import pandas as pd
import pytest
from imblearn.over_sampling import SMOTE, RandomOverSampler
from sklearn.linear_model import LogisticRegression

matplotlib = pytest.importorskip("matplotlib")
matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

from synthsieve import (  # noqa: E402
    FilteredOverSampler,
    audit,
    audit_sampler,
    compare_samplers,
    sieve_report,  # noqa: E402
)
from synthsieve.plotting import (  # noqa: E402
    plot_feature_shift,
    plot_gap,
    plot_pr,
    plot_rejection_reasons,
    plot_roc,
    plot_score_histograms,
)

LR = {"lr": LogisticRegression(max_iter=1000)}
TWO = {"lr": LogisticRegression(max_iter=1000), "lr2": LogisticRegression(C=0.1)}


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


@pytest.fixture(scope="module")
def data():
    rng = np.random.default_rng(0)
    n = 240
    y = np.r_[np.zeros(190, dtype=int), np.ones(n - 190, dtype=int)]
    X = pd.DataFrame(
        {
            "a": rng.normal(size=n) + y,
            "b": rng.poisson(3, n),
            "flag": (rng.random(n) < 0.3 + 0.3 * y).astype(int),
        }
    )
    return X, y


@pytest.fixture(scope="module")
def report(data):
    X, y = data
    sampler = FilteredOverSampler(detector="logreg", auditors=TWO, random_state=0)
    return sieve_report(sampler, X, y, auditors=TWO, random_state=0)


@pytest.fixture
def ax():
    return plt.subplots()[1]


def test_roc_of_a_report_draws_before_and_after(report, ax):
    out = plot_roc(report, ax=ax)
    assert out is ax
    # two auditors x (before, after) + the chance diagonal
    assert len(ax.lines) == 5
    styles = {line.get_linestyle() for line in ax.lines[:4]}
    assert styles == {"--", "-"}
    assert "raw candidates" in ax.get_legend().get_texts()[0].get_text()


def test_roc_of_one_auditor(report, ax):
    plot_roc(report, ax=ax, auditor="lr")
    assert len(ax.lines) == 3
    with pytest.raises(ValueError, match="not in this result"):
        plot_roc(report, auditor="svm")


def test_pr_of_a_report(report, ax):
    plot_pr(report, ax=ax)
    assert len(ax.lines) == 5  # four curves and the chance line
    assert ax.get_xlabel().startswith("recall")


def test_curves_of_audit_results(data, ax):
    X, y = data
    res = audit(X[y == 1], X[y == 0].iloc[:50], detectors=TWO, random_state=0)
    assert len(plot_roc(res, ax=ax).lines) == 3
    hold = audit_sampler(SMOTE(random_state=0), X, y, detectors=LR, random_state=0)
    ax2 = plt.subplots()[1]
    plot_roc(hold, ax=ax2)  # synthetic + reference + chance
    assert len(ax2.lines) == 3
    cmp = compare_samplers(
        X,
        y,
        {"smote": SMOTE(random_state=0), "ros": RandomOverSampler(random_state=0)},
        detectors=LR,
        random_state=0,
    )
    ax3 = plt.subplots()[1]
    assert len(plot_pr(cmp, ax=ax3).lines) == 3
    ax4 = plt.subplots()[1]
    plot_gap(cmp, ax=ax4)
    assert len(ax4.lines) == 4  # reference, the 0.5 line, a series per sampler


def test_score_histograms(report, ax):
    plot_score_histograms(report, ax=ax)
    # real, accepted and rejected histograms
    assert len(ax.patches) == 3
    labels = [t.get_text() for t in ax.get_legend().get_texts()]
    assert any(t.startswith("real") for t in labels)


def test_rejection_reasons(report, ax):
    plot_rejection_reasons(report, ax=ax)
    assert len(ax.patches) == len(report.classes[1]["rejected"])
    heights = sorted(p.get_width() for p in ax.patches)
    assert heights == sorted(report.classes[1]["rejected"].values())


def test_feature_shift(report, ax):
    plot_feature_shift(report, ax=ax, top=2)
    assert len(ax.patches) == 2
    assert len(ax.get_yticklabels()) == 2
    top = report.classes[1]["shift"][0]["column"]
    assert ax.get_yticklabels()[0].get_text().startswith(top)


def test_gap_of_a_report(report, ax):
    plot_gap(report, ax=ax)
    # reference, before and after points
    assert len(ax.lines) >= 3
    assert len(ax.patches) == 2  # the reference bands of the two auditors
    assert "gap" in ax.get_title().lower()


def test_gap_needs_a_holdout_audit(data):
    X, y = data
    sampler = FilteredOverSampler(detector="logreg", auditors=LR, random_state=0)
    sampler.fit_resample(X, y)
    with pytest.raises(ValueError, match="no hold-out audit"):
        plot_gap(sampler.report_)
    with pytest.raises(TypeError, match="Expected a SieveReport"):
        plot_gap("report")


def test_unknown_class_is_refused(report):
    with pytest.raises(ValueError, match="Class 'x' is not in the report"):
        plot_score_histograms(report, label="x")


def test_new_figure_when_no_ax(report):
    ax = plot_rejection_reasons(report)
    assert ax.figure is not None and len(ax.patches) > 0


def test_polite_import_error_without_matplotlib(report, monkeypatch):
    monkeypatch.setitem(sys.modules, "matplotlib.pyplot", None)
    with pytest.raises(ImportError, match=r'pip install "synthsieve\[plot\]"'):
        plot_roc(report)
