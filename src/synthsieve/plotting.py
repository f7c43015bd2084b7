"""Figures of audits and sieve reports (matplotlib, an optional extra).

Every function draws on the matplotlib ``ax`` it is given (or on a new figure
when ``ax`` is None) and returns that ``ax``. They accept the result objects of
synthsieve: :class:`~synthsieve.SieveReport` (a fitted sampler's ``report_`` or
:func:`~synthsieve.sieve_report`), :class:`~synthsieve.AuditResult`,
:class:`~synthsieve.SamplerAudit` and :class:`~synthsieve.Comparison`, as each
function's docstring says. Each function asks the object for what it draws
(``_roc_curves``, ``_gap_data``, ``_report_classes``), so this module imports no
result class. matplotlib is imported only when a figure is made; install it with
``pip install "synthsieve[plot]"``.
"""

from __future__ import annotations

import numpy as np

from ._result_io import label_text, pick_class

__all__ = [
    "plot_feature_shift",
    "plot_gap",
    "plot_pr",
    "plot_rejection_reasons",
    "plot_roc",
    "plot_score_histograms",
]

_INSTALL = (
    "synthsieve.plotting needs matplotlib, an optional extra; install it with "
    '`pip install "synthsieve[plot]"` (or `pip install matplotlib`).'
)


def axes_or_new(ax, figsize=(6.0, 4.0)):
    """`ax`, or the axes of a new figure; a polite ImportError without matplotlib."""
    if ax is not None:
        return ax
    try:
        import matplotlib.pyplot as plt
    except ImportError as exc:
        raise ImportError(_INSTALL) from exc
    _, ax = plt.subplots(figsize=figsize, layout="constrained")
    return ax


def _curves(obj, label, auditor) -> tuple[list, str]:
    """``[(legend, DetectorResult, style)]`` and a title, from ``obj._roc_curves``."""
    hook = getattr(obj, "_roc_curves", None)
    if hook is None:
        raise TypeError(
            "Expected a SieveReport, AuditResult, SamplerAudit or Comparison; got "
            f"{type(obj).__name__}."
        )
    return hook(label, auditor)


def _report_classes(report) -> dict:
    """Class label to its ClassOutcome (read by attribute), from
    ``report._report_classes``."""
    hook = getattr(report, "_report_classes", None)
    if hook is None:
        raise TypeError(f"Expected a SieveReport, got {type(report).__name__}.")
    return hook()


def plot_roc(obj, ax=None, *, label=None, auditor=None):
    """ROC curves of the detectors telling synthetic rows from real ones.

    For a :class:`~synthsieve.SieveReport`: each auditor's curve on the raw
    candidates (dashed) and on the accepted rows (solid) of one class, the
    before/after figure of Boudegzdame et al. (2024, Figure 1). For a hold-out
    :class:`~synthsieve.SamplerAudit`: held-out real vs synthetic (solid) and
    the real-vs-real reference (dotted). For a
    :class:`~synthsieve.Comparison`: one curve per sampler (its strongest
    detector). The diagonal is chance: rows that cannot be told apart.

    Parameters
    ----------
    obj : SieveReport, AuditResult, SamplerAudit or Comparison
    ax : matplotlib Axes, default=None
        Drawn on; a new figure when None.
    label : class label, default=None
        The class to draw; the first one when None.
    auditor : str or list of str, default=None
        Only these auditors; all when None.

    Returns
    -------
    ax : matplotlib Axes

    Examples
    --------
    >>> import numpy as np
    >>> from sklearn.linear_model import LogisticRegression
    >>> from synthsieve import audit
    >>> from synthsieve.plotting import plot_roc
    >>> rng = np.random.default_rng(0)
    >>> result = audit(rng.normal(size=(60, 2)), rng.normal(1, 1, (60, 2)),
    ...                detectors={"lr": LogisticRegression()}, random_state=0)
    >>> ax = plot_roc(result)
    >>> len(ax.lines)
    2
    """
    curves, title = _curves(obj, label, auditor)
    ax = axes_or_new(ax)
    for text, det, style in curves:
        fpr, tpr = det.roc_curve
        ax.plot(fpr, tpr, label=f"{text} (AUC {det.roc_auc:.2f})", **style)
    ax.plot([0, 1], [0, 1], color="0.6", linewidth=0.8, label="_chance")
    ax.set(
        xlim=(0, 1),
        ylim=(0, 1.01),
        xlabel="false positive rate (real rows called synthetic)",
        ylabel="true positive rate",
        title=f"ROC - {title}",
    )
    ax.legend(loc="lower right", fontsize="small")
    return ax


def plot_pr(obj, ax=None, *, label=None, auditor=None):
    """Precision-recall curves (synthetic rows are the positive class).

    Same inputs and line styles as :func:`plot_roc`; the dotted grey line is
    the precision of a detector that guesses (half of the audited rows are
    synthetic).

    Parameters
    ----------
    obj : SieveReport, AuditResult, SamplerAudit or Comparison
    ax : matplotlib Axes, default=None
    label : class label, default=None
    auditor : str or list of str, default=None

    Returns
    -------
    ax : matplotlib Axes

    Examples
    --------
    >>> import numpy as np
    >>> from sklearn.linear_model import LogisticRegression
    >>> from synthsieve import audit
    >>> from synthsieve.plotting import plot_pr
    >>> rng = np.random.default_rng(0)
    >>> result = audit(rng.normal(size=(60, 2)), rng.normal(1, 1, (60, 2)),
    ...                detectors={"lr": LogisticRegression()}, random_state=0)
    >>> len(plot_pr(result).lines)
    2
    """
    curves, title = _curves(obj, label, auditor)
    ax = axes_or_new(ax)
    for text, det, style in curves:
        precision, recall = det.pr_curve
        pr_auc = det.metrics.get("pr_auc", float("nan"))
        ax.plot(recall, precision, label=f"{text} (AP {pr_auc:.2f})", **style)
    ax.axhline(0.5, color="0.6", linewidth=0.8, linestyle=":")
    ax.set(
        xlim=(0, 1),
        ylim=(0, 1.01),
        xlabel="recall (synthetic rows caught)",
        ylabel="precision",
        title=f"Precision-recall - {title}",
    )
    ax.legend(loc="lower left", fontsize="small")
    return ax


def _report_class(report, label):
    return pick_class(_report_classes(report), label, "report")


def plot_score_histograms(report, ax=None, *, label=None):
    """Histograms of the filtering detector's scores: real, accepted, rejected.

    Scores are the out-of-fold probability that a row is synthetic. Accepted
    rows should score like the real rows; rejected rows (reason
    ``"detectable"``) higher. The real rows' histogram is drawn only when the
    fit recorded their scores.

    Parameters
    ----------
    report : SieveReport
    ax : matplotlib Axes, default=None
    label : class label, default=None

    Returns
    -------
    ax : matplotlib Axes

    Examples
    --------
    >>> from synthsieve import SieveReport
    >>> from synthsieve.plotting import plot_score_histograms
    >>> scores = {"edges": [0.0, 0.5, 1.0],
    ...           "accepted": {"n": 4, "median": 0.3, "counts": [3, 1]},
    ...           "rejected": {"n": 2, "median": 0.8, "counts": [0, 2]}}
    >>> report = SieveReport({1: {"n_real": 4, "needed": 4, "candidates": 6,
    ...     "accepted": 4, "rounds": 1, "rejected": {"detectable": 2},
    ...     "scores": scores}})
    >>> len(plot_score_histograms(report).patches)
    2
    """
    key, c = _report_class(report, label)
    sc = c.measures.scores or {}
    ax = axes_or_new(ax)
    edges = np.asarray(sc.get("edges", [0.0, 1.0]), dtype=float)
    width = np.diff(edges)
    styles = {
        "real": {"color": "0.35", "fill": True, "alpha": 0.35},
        "accepted": {"color": "C2", "fill": False, "linewidth": 2},
        "rejected": {"color": "C3", "fill": False, "linewidth": 2},
    }
    drawn = 0
    for name in ("real", "accepted", "rejected"):
        g = sc.get(name)
        if not g:
            continue
        counts = np.asarray(g["counts"], dtype=float)
        density = counts / max(counts.sum(), 1) / width
        ax.stairs(
            density,
            edges,
            label=f"{name} (n={g['n']}, median {g['median']:.2f})",
            **styles[name],
        )
        drawn += 1
    if drawn == 0:
        ax.text(0.5, 0.5, "no detector scores recorded", ha="center", va="center")
    if "real" not in sc:
        ax.plot([], [], " ", label="real rows: scores not recorded")
    ax.set(
        xlim=(0, 1),
        xlabel="detector score P(synthetic)",
        ylabel="density",
        title=f"Detector scores - class {label_text(key)}",
    )
    ax.legend(fontsize="small")
    return ax


def plot_rejection_reasons(report, ax=None, *, label=None):
    """Bar chart of the rejected candidates by reason, per class.

    Parameters
    ----------
    report : SieveReport
    ax : matplotlib Axes, default=None
    label : class label, default=None
        One class; every class (grouped bars) when None.

    Returns
    -------
    ax : matplotlib Axes

    Examples
    --------
    >>> from synthsieve import SieveReport
    >>> from synthsieve.plotting import plot_rejection_reasons
    >>> report = SieveReport({1: {"n_real": 4, "needed": 4, "candidates": 9,
    ...     "accepted": 4, "rounds": 1, "rejected": {"copy": 3, "detectable": 2}}})
    >>> len(plot_rejection_reasons(report).patches)
    2
    """
    classes = _report_classes(report)
    items = (
        list(classes.items())
        if label is None
        else [pick_class(classes, label, "report")]
    )
    order = ("invalid", "copy", "near_copy", "duplicate", "detectable")
    seen = {r for _, c in items for r in c.rejected}
    reasons = [r for r in order if r in seen] + sorted(seen - set(order))
    ax = axes_or_new(ax)
    if not reasons:
        ax.text(0.5, 0.5, "no candidate rejected", ha="center", va="center")
        ax.set_axis_off()
        return ax
    y = np.arange(len(reasons))
    height = 0.8 / len(items)
    for i, (key, c) in enumerate(items):
        counts = [c.rejected.get(r, 0) for r in reasons]
        bars = ax.barh(
            y + i * height - 0.4 + height / 2,
            counts,
            height=height,
            color=f"C{i}",
            label=f"class {label_text(key)} ({c.candidates} candidates)",
        )
        ax.bar_label(bars, fmt="%d", fontsize="small", padding=2)
    ax.set_yticks(y, [r.replace("_", " ") for r in reasons])
    ax.invert_yaxis()
    ax.margins(x=0.15)
    ax.set(xlabel="rejected candidates", title="Rejected candidates by reason")
    ax.legend(fontsize="small", loc="lower right")
    return ax


def plot_feature_shift(report, ax=None, *, label=None, top=10):
    """The columns whose distribution moved most, real rows vs accepted rows.

    Bars: the shift of the accepted rows (Kolmogorov-Smirnov statistic for
    numeric columns, total variation distance for binary and nominal ones; 0 =
    same distribution, 1 = disjoint). Hollow markers: the same statistic for the
    raw candidates, before filtering and repair.

    Parameters
    ----------
    report : SieveReport
    ax : matplotlib Axes, default=None
    label : class label, default=None
    top : int, default=10
        Columns drawn.

    Returns
    -------
    ax : matplotlib Axes

    Examples
    --------
    >>> from synthsieve import SieveReport
    >>> from synthsieve.plotting import plot_feature_shift
    >>> shift = [{"column": "a", "test": "ks", "statistic": 0.4, "before": 0.6},
    ...          {"column": "b", "test": "tvd", "statistic": 0.1, "before": None}]
    >>> report = SieveReport({1: {"n_real": 4, "needed": 4, "candidates": 4,
    ...     "accepted": 4, "rounds": 1, "rejected": {}, "shift": shift}})
    >>> len(plot_feature_shift(report).patches)
    2
    """
    key, c = _report_class(report, label)
    shift = (c.measures.shift or [])[:top]
    ax = axes_or_new(ax)
    if not shift:
        ax.text(0.5, 0.5, "no feature shift recorded", ha="center", va="center")
        ax.set_axis_off()
        return ax
    y = np.arange(len(shift))
    colors = ["C0" if s["test"] == "ks" else "C1" for s in shift]
    ax.barh(y, [s["statistic"] for s in shift], color=colors, height=0.6)
    before = [
        (i, s["before"]) for i, s in enumerate(shift) if s.get("before") is not None
    ]
    if before:
        ax.plot(
            [b for _, b in before],
            [i for i, _ in before],
            "o",
            markerfacecolor="none",
            markeredgecolor="k",
            label="raw candidates",
        )
    ax.set_yticks(y, [f"{s['column']} ({s['test']})" for s in shift])
    ax.invert_yaxis()
    ax.set_xlim(0, 1)
    from matplotlib.patches import Patch

    tests = {s["test"] for s in shift}
    handles = [
        Patch(color=color, label=text)
        for test, color, text in (
            ("ks", "C0", "accepted, KS (numeric)"),
            ("tvd", "C1", "accepted, TVD (binary/nominal)"),
        )
        if test in tests
    ]
    if before:
        handles.append(ax.lines[-1])
    ax.legend(handles=handles, fontsize="small", loc="lower right")
    ax.set(
        xlabel="shift from the real rows (0 = same distribution)",
        title=f"Largest feature shifts - class {label_text(key)}",
    )
    return ax


def _gap_data(obj, label) -> dict:
    """Auditors, reference AUCs, series and band, from ``obj._gap_data``."""
    hook = getattr(obj, "_gap_data", None)
    if hook is None:
        raise TypeError(
            "Expected a SieveReport (from sieve_report), a hold-out SamplerAudit or "
            f"a Comparison; got {type(obj).__name__}."
        )
    return hook(label)


def plot_gap(obj, ax=None, *, label=None):
    """Hold-out AUC per auditor against the real-vs-real reference.

    Each row is an auditor; the black bar is the AUC of real half vs real half
    (what "indistinguishable" looks like at this sample size) and the green band
    around it spans +/- 0.05. Points are the hold-out AUC of the synthetic rows:
    right of the band means detectable, left of it copy-like (rows that copy the
    real rows the sampler saw: not a success). For a
    :class:`~synthsieve.SieveReport` from :func:`~synthsieve.sieve_report`, an
    arrow goes from the base sampler to the filtered one.

    Parameters
    ----------
    obj : SieveReport (with a hold-out audit), SamplerAudit (hold-out) or \
Comparison
    ax : matplotlib Axes, default=None
    label : class label, default=None

    Returns
    -------
    ax : matplotlib Axes

    Examples
    --------
    >>> import numpy as np
    >>> from imblearn.over_sampling import RandomOverSampler
    >>> from sklearn.linear_model import LogisticRegression
    >>> from synthsieve import audit_sampler
    >>> from synthsieve.plotting import plot_gap
    >>> rng = np.random.default_rng(0)
    >>> X = rng.normal(size=(200, 2)); y = np.r_[np.zeros(160), np.ones(40)]
    >>> result = audit_sampler(RandomOverSampler(random_state=0), X, y,
    ...                        detectors={"lr": LogisticRegression()},
    ...                        random_state=0)
    >>> len(plot_gap(result).lines) > 0
    True
    """
    data = _gap_data(obj, label)
    auditors, ref, series = data["auditors"], data["reference"], data["series"]
    margin = data["margin"]
    ax = axes_or_new(ax)
    y = np.arange(len(auditors))
    ref_values = np.array([ref[a] for a in auditors])
    ax.barh(
        y,
        2 * margin,
        left=ref_values - margin,
        height=0.7,
        color="C2",
        alpha=0.15,
        label=f"reference +/- {margin}",
    )
    ax.plot(ref_values, y, "|", color="k", markersize=18, mew=2, label="real vs real")
    offsets = np.linspace(-0.15, 0.15, len(series)) if len(series) > 1 else [0.0]
    points = []
    for (text, auc, color), off in zip(series, offsets):
        xs = np.array([auc[a] for a in auditors])
        ax.plot(xs, y + off, "o", color=color, markersize=8, label=text)
        points.append(xs)
    if data["arrows"] and len(points) == 2:
        for i in range(len(auditors)):
            ax.annotate(
                "",
                xy=(points[1][i], y[i] + offsets[1]),
                xytext=(points[0][i], y[i] + offsets[0]),
                arrowprops={"arrowstyle": "->", "color": "0.4"},
            )
    every = np.concatenate([ref_values, *points])
    lo = max(0.0, min(every.min(), 0.5) - 0.08)
    hi = min(1.0, max(every.max(), 0.5) + 0.08)
    ax.axvline(0.5, color="0.6", linewidth=0.8, linestyle=":")
    ax.set_yticks(y, auditors)
    ax.set_ylim(len(auditors) - 0.5, -0.5)
    ax.set(
        xlim=(lo, hi),
        xlabel="hold-out ROC AUC (real held out vs synthetic)",
        title=f"Detectability gap - class {label_text(data['label'])}",
    )
    ax.legend(
        fontsize="small",
        loc="upper center",
        bbox_to_anchor=(0.5, -0.22),
        ncol=2,
        frameon=False,
    )
    return ax
