"""The data of the report's HTML page (the page itself is ``report.html.j2``).

Tables become :func:`synthsieve._pages.table` data and figures base64 PNGs
drawn by :mod:`synthsieve.plotting`; the prose lives in the template.
"""

from __future__ import annotations

import pandas as pd

from .._pages import anchor, figure, table
from .._result_io import label_text
from ..audit._results import COPY_LIKE_MARGIN, METRICS
from ..plotting import (
    plot_feature_shift,
    plot_gap,
    plot_pr,
    plot_rejection_reasons,
    plot_roc,
    plot_score_histograms,
)
from ._class_overlap import OVERLAP_K, overlap_advice, overlap_hurts
from ._measures import COVERAGE_K, DIVERSITY_KEYS, PROFILE_KEYS

__all__ = ["report_context"]

_PROFILE_ROWS = {
    "active": "active binary features per row",
    "binary_sum": "sum of binary columns per row",
    "non_integer_share": "non-integer values in integer columns",
    "out_of_range_share": "values outside the real range",
    "unseen_category_share": "unseen categories",
    "exact_copy_share": "exact copies of a real row",
}

_GAP_CAPTION = (
    "Points: hold-out AUC per auditor; black bar: real-vs-real reference; green "
    "band: within 0.05 of it."
)


def _verdict(ca) -> dict:
    return {
        "gap": ca.gap,
        "verdict": ca.verdict(),
        "copy_like": ca.copy_like,
        "copy_share": ca.copy_share,
        "worst_auditor": ca.worst_auditor,
    }


def _headline(report) -> dict | None:
    """Gap before and after per class, the gap figures and the hold-out table."""
    before, after = report.holdout.get("before"), report.holdout.get("after")
    if after is None:
        return None
    rows = []
    for label, ca in after.classes.items():
        cb = before.classes.get(label) if before is not None else None
        rows.append(
            {
                "label": label_text(label),
                "before": None if cb is None else _verdict(cb),
                "after": _verdict(ca),
            }
        )
    base = report.extra.get("base_sampler") or (
        before.sampler_name if before is not None else "base sampler"
    )
    figures = [
        figure(
            plot_gap,
            report,
            label=label,
            size=(5.6, 2.4 + 0.6 * len(after.classes[label].auc())),
            caption=_GAP_CAPTION,
        )
        for label in after.classes
    ]
    return {
        "base": base,
        "rows": rows,
        "copy_like": any(ca.copy_like for ca in after.classes.values()),
        "figures": figures,
        "table": table(report.to_frame("holdout")),
    }


def _overview(report) -> dict | None:
    frame = report.to_frame()
    keep = [
        c
        for c in frame.columns
        if not c.startswith("auc_before_") and not c.startswith("auc_after_")
    ]
    overview = frame[keep].T
    overview.columns = [f"class {label_text(k)}" for k in overview.columns]
    overview.index.name = None
    return table(overview.astype(object))


def _profile_table(prof: dict) -> pd.DataFrame:
    """Measures as rows; real rows, raw candidates, accepted rows as columns."""
    first = next(iter(prof.values()))
    cols = {"real rows": {"active": first.get("active_real")}}
    if first.get("active_real") is not None:
        cols["real rows"]["binary_sum"] = first.get("active_real")
    for key in ("non_integer_share", "out_of_range_share"):
        cols["real rows"][key] = 0.0
    for name, p in prof.items():
        cols[{"raw": "raw candidates"}.get(name, name)] = {
            "active": p.get("active_synthetic"),
            "binary_sum": p.get("binary_sum_synthetic"),
            **{k: p.get(k) for k in PROFILE_KEYS if k.endswith("_share")},
        }
    frame = pd.DataFrame(cols).reindex(list(_PROFILE_ROWS))
    frame.index = [_PROFILE_ROWS[k] for k in frame.index]
    return frame.astype(float)


def _detectability(report, label, m) -> dict | None:
    if not m.audited:
        return None
    frame = report.to_frame("detectability")
    frame = frame.xs(label, level="class") if len(frame) else frame
    data = None
    if len(frame):
        frame = frame.rename(index={"before": "raw candidates", "after": "accepted"})
        cols = [*("roc_auc", "pr_auc"), *(m for m in METRICS if "auc" not in m)]
        data = table(frame[cols + ["tn", "fp", "fn", "tp"]])
    return {
        "table": data,
        "figures": [
            figure(plot_roc, report, label=label),
            figure(plot_pr, report, label=label),
        ],
    }


def _diversity(div: dict) -> dict | None:
    if not any(k in div for k in ("raw", "accepted")):
        return None
    rows = {
        n: {k: div[n].get(k) for k in DIVERSITY_KEYS}
        for n in ("raw", "accepted")
        if n in div
    }
    frame = pd.DataFrame(rows).T.astype(float)
    frame.index = [{"raw": "raw candidates"}.get(i, i) for i in frame.index]
    frame["n_rows"] = frame["n_rows"].astype(int)
    return {
        "table": table(frame),
        "real_median_distance": div.get("real_median_distance", float("nan")),
    }


def _overlap(m, class_consistency=None) -> dict | None:
    """The class-overlap figures of a class (its measures), and the warning
    when they hurt."""
    if m.overlap_real is None:
        return None
    names = {"real": "real rows", "raw": "raw candidates", "accepted": "accepted"}
    shares = {names[key]: share for key, share in m.overlap.items()}
    return {
        "shares": shares,
        "k": OVERLAP_K,
        "warning": overlap_advice(m, class_consistency) if overlap_hurts(m) else "",
    }


def _class_context(report, label, c) -> dict:
    """The page data of one class section (`c`: its ClassOutcome)."""
    name = label_text(label)
    m = c.measures
    counts = pd.DataFrame(
        [
            {
                "real rows": c.n_real,
                "rows needed": c.needed,
                "candidates": c.candidates,
                "accepted": c.accepted,
                "rounds": c.rounds,
                **{f"rejected: {k}": v for k, v in sorted(c.rejected.items())},
            }
        ]
    )
    detail = m.rejected_detail or {}
    fine = {k: v for k, v in detail.items() if ":" in k}
    rules = None
    if fine:
        frame = pd.DataFrame(
            {"rule broken": list(fine), "rejected": list(fine.values())}
        )
        rules = table(frame.head(15), index=False)
    sc = m.scores or {}
    shift = m.shift
    prof = m.profile or {}
    return {
        "anchor": anchor("class", name),
        "heading": f"Class {name}",
        "ids": {
            part: anchor(part, name)
            for part in ("counts", "detect", "scores", "shift", "profile", "diversity")
        },
        "counts": table(counts, index=False),
        "shortfall": (
            {
                "accepted": c.accepted,
                "needed": c.needed,
                "rounds": c.rounds,
                "note": c.note,
            }
            if c.shortfall
            else None
        ),
        "note": "" if c.shortfall else c.note,
        "no_help": c.no_help,
        "overlap": _overlap(m, report.extra.get("class_consistency")),
        "reasons_figure": figure(
            plot_rejection_reasons, report, label=label, size=(5.4, 3.0)
        ),
        "rules": rules,
        "detect": _detectability(report, label, m),
        "scores": (
            {
                "real_missing": "real" not in sc,
                "figure": figure(plot_score_histograms, report, label=label),
            }
            if sc
            else None
        ),
        "shift": (
            {
                "table": table(pd.DataFrame(shift).head(12).set_index("column")),
                "figure": figure(plot_feature_shift, report, label=label),
            }
            if shift
            else None
        ),
        "profile": table(_profile_table(prof)) if prof else None,
        "diversity": _diversity(m.diversity or {}),
    }


def report_context(report) -> dict:
    """The variables of ``report.html.j2`` for a :class:`SieveReport`.

    Parameters
    ----------
    report : SieveReport
        The report to show.

    Returns
    -------
    dict
        Title, table of contents, headline, overview and one entry per class.
    """
    auditors = report.extra.get("auditors")
    classes = [_class_context(report, k, c) for k, c in report.classes.items()]
    return {
        "title": "synthsieve quality report",
        "sampler": report.sampler,
        "base_sampler": report.extra.get("base_sampler"),
        "class_names": ", ".join(map(label_text, report.classes)),
        "auditors": ", ".join(map(str, auditors)) if auditors else None,
        "toc": [
            ("headline", "Headline: hold-out detectability gap"),
            ("overview", "Overview per class"),
            *((c["anchor"], c["heading"]) for c in classes),
            ("reading", "How to read this report"),
        ],
        "headline": _headline(report),
        "margin": COPY_LIKE_MARGIN,
        "coverage_k": COVERAGE_K,
        "overview": _overview(report),
        "classes": classes,
    }
