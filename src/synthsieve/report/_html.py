"""One self-contained HTML page for any synthsieve result.

The page has its CSS inline and its figures embedded as base64 PNG images drawn
by :mod:`synthsieve.plotting` on matplotlib's non-interactive canvas; it needs no
network and no JavaScript. Without matplotlib the page holds the tables and a
note saying how to get the figures.
"""

from __future__ import annotations

import base64
import html
import io
from pathlib import Path

import numpy as np
import pandas as pd

from ..audit._audit import (
    COPY_LIKE_MARGIN,
    METRICS,
    AuditResult,
    Comparison,
    SamplerAudit,
)
from ._report import (
    COVERAGE_K,
    DIVERSITY_KEYS,
    PROFILE_KEYS,
    SieveReport,
    label_text,
)

__all__ = ["render"]

_CSS = """
body { font-family: -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial,
  sans-serif; color: #1d2430; background: #f6f7f9; margin: 0; line-height: 1.45; }
main { max-width: 1120px; margin: 0 auto; padding: 24px 28px 48px; background: #fff; }
h1 { font-size: 1.7em; margin: 0.2em 0 0.1em; }
h2 { font-size: 1.3em; border-bottom: 2px solid #dfe3ea; padding-bottom: 4px;
  margin-top: 1.8em; }
h3 { font-size: 1.05em; margin: 1.4em 0 0.4em; color: #2c3e5a; }
p.meta { color: #5a6472; margin-top: 0; }
p.note, div.note { color: #5a6472; font-size: 0.92em; }
div.callout { border-left: 4px solid #4a78c2; background: #f1f5fc; padding: 8px 14px;
  margin: 12px 0; }
div.callout.warn { border-left-color: #d9822b; background: #fdf5ec; }
nav { font-size: 0.92em; margin: 10px 0 4px; }
nav a { margin-right: 14px; color: #2f5fa8; text-decoration: none; }
table.tbl { border-collapse: collapse; margin: 8px 0 14px; font-size: 0.88em; }
table.tbl th, table.tbl td { padding: 4px 9px; border-bottom: 1px solid #e3e6eb;
  text-align: right; }
table.tbl th { background: #eef1f5; font-weight: 600; }
table.tbl tbody tr:nth-child(even) { background: #fafbfc; }
table.tbl td:first-child, table.tbl th:first-child { text-align: left; }
div.scroll { overflow-x: auto; }
div.figs { display: flex; flex-wrap: wrap; gap: 14px; }
figure { margin: 4px 0; }
figure img { max-width: 100%; height: auto; border: 1px solid #e3e6eb; }
figcaption { font-size: 0.85em; color: #5a6472; max-width: 540px; }
span.badge { display: inline-block; padding: 1px 8px; border-radius: 10px;
  font-size: 0.85em; font-weight: 600; color: #fff; white-space: nowrap; }
span.ok { background: #2e8b57; } span.fair { background: #6a9f3a; }
span.mid { background: #d9a21b; } span.bad { background: #c0392b; }
span.copy { background: #d9822b; }
footer { margin-top: 36px; font-size: 0.82em; color: #7a8391; }
dl dt { font-weight: 600; margin-top: 6px; } dl dd { margin-left: 18px; }
"""


# --------------------------------------------------------------------------- #
# Building blocks
# --------------------------------------------------------------------------- #


def find_chromium() -> str | None:
    """The path of a Chromium or Chrome binary on PATH, or None."""
    import shutil

    for name in ("chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return found
    return None


def headless_chromium(browser: str, profile, *args, timeout: float = 120):
    """Run `browser` headless with a fresh profile folder and `args`.

    The flags keep it off the network (no background fetches, no sync or
    component updates), which a closed machine needs; used to screenshot the
    report and by the rendering test. Returns the completed process (text
    output captured).
    """
    import subprocess

    cmd = [
        browser,
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        f"--user-data-dir={profile}",
        *args,
    ]
    return subprocess.run(cmd, capture_output=True, text=True, timeout=timeout)


def _esc(value) -> str:
    return html.escape(str(value))


def _have_matplotlib() -> bool:
    try:
        from matplotlib.figure import Figure  # noqa: F401
    except ImportError:
        return False
    return True


class _Page:
    """Collects the parts of one page and whether figures can be drawn."""

    def __init__(self, title: str):
        self.title = title
        self.parts: list[str] = []
        self.figures = _have_matplotlib()
        self.toc: list[tuple[str, str]] = []

    def add(self, *parts: str) -> None:
        self.parts.extend(p for p in parts if p)

    def section(self, anchor: str, title: str) -> None:
        self.toc.append((anchor, title))
        self.add(f'<h2 id="{_esc(anchor)}">{_esc(title)}</h2>')

    def figure(self, draw, obj, caption: str = "", size=(5.4, 3.7), **kwargs) -> str:
        """A base64 PNG of ``draw(obj, ax=ax, **kwargs)``; "" when it cannot draw."""
        if not self.figures:
            return ""
        from matplotlib.figure import Figure

        fig = Figure(figsize=size, dpi=100, layout="constrained")
        ax = fig.subplots()
        try:
            draw(obj, ax=ax, **kwargs)
        except (ValueError, KeyError, IndexError):
            return ""
        buf = io.BytesIO()
        fig.savefig(buf, format="png")
        data = base64.b64encode(buf.getvalue()).decode("ascii")
        alt = _esc(ax.get_title() or caption)
        cap = f"<figcaption>{_esc(caption)}</figcaption>" if caption else ""
        return (
            f'<figure><img alt="{alt}" src="data:image/png;base64,{data}">'
            f"{cap}</figure>"
        )

    def figures_row(self, *figs: str) -> None:
        figs = [f for f in figs if f]
        if figs:
            self.add('<div class="figs">' + "".join(figs) + "</div>")

    def render(self, intro: str = "") -> str:
        from .._version import __version__

        toc = "".join(f'<a href="#{_esc(a)}">{_esc(t)}</a>' for a, t in self.toc)
        note = (
            ""
            if self.figures
            else '<div class="callout warn">Figures need matplotlib: '
            '<code>pip install "synthsieve[plot]"</code>, then render again.</div>'
        )
        body = "\n".join(self.parts)
        return (
            "<!DOCTYPE html>\n"
            '<html lang="en">\n<head>\n<meta charset="utf-8">\n'
            '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f"<title>{_esc(self.title)}</title>\n<style>{_CSS}</style>\n</head>\n"
            f"<body>\n<main>\n<h1>{_esc(self.title)}</h1>\n{intro}\n"
            f"<nav>{toc}</nav>\n{note}\n{body}\n"
            f"<footer>Made by synthsieve {_esc(__version__)}. Self-contained page: "
            "figures are embedded, nothing is loaded from the network.</footer>\n"
            "</main>\n</body>\n</html>\n"
        )


def _table(frame: pd.DataFrame, *, digits: int = 3, index: bool = True) -> str:
    """A DataFrame as an escaped HTML table."""
    if frame is None or len(frame) == 0:
        return '<p class="note">(nothing to show)</p>'
    frame = frame.copy()
    for col in frame.columns:
        if frame[col].dtype == object:
            frame[col] = frame[col].map(lambda v: _cell(v, digits))
    text = frame.to_html(
        border=0,
        classes="tbl",
        index=index,
        na_rep="–",
        float_format=lambda v: f"{v:.{digits}f}",
        escape=True,
    )
    return f'<div class="scroll">{text}</div>'


def _cell(value, digits: int):
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return "–"
    if isinstance(value, (float, np.floating)):
        return f"{value:.{digits}f}"
    return value


def _badge(verdict: str, copy_like: bool = False) -> str:
    if copy_like or verdict.startswith("copy"):
        kind = "copy"
    elif verdict.startswith("indistinguishable"):
        kind = "ok"
    elif verdict.startswith("hard"):
        kind = "fair"
    elif verdict.startswith("detectable"):
        kind = "mid"
    else:
        kind = "bad"
    return f'<span class="badge {kind}">{_esc(verdict)}</span>'


def _p(text: str, cls: str = "note") -> str:
    return f'<p class="{cls}">{text}</p>'


def _anchor(prefix: str, label) -> str:
    text = "".join(ch if ch.isalnum() else "-" for ch in label_text(label))
    return f"{prefix}-{text}"


_GAP_TEXT = (
    "The hold-out protocol: the sampler sees half of the real rows of a class; "
    "auditors (models trained afresh, never the filtering detector) try to tell "
    "the other half from the sampler's rows, out of fold; the halves swap; and "
    "the same auditors on real half vs real half give the <em>reference</em>, "
    "what indistinguishable looks like at this sample size. The gap is "
    "|AUC &minus; reference AUC| of the worst auditor: 0 is the limit. An AUC "
    f"more than {COPY_LIKE_MARGIN} <em>below</em> the reference means the rows "
    "copy the real rows the sampler saw (copy-like): that is not a success."
)


# --------------------------------------------------------------------------- #
# SieveReport
# --------------------------------------------------------------------------- #


def _headline(page: _Page, report: SieveReport) -> None:
    from ..plotting import plot_gap

    page.section("headline", "Headline: hold-out detectability gap")
    before, after = report.holdout.get("before"), report.holdout.get("after")
    if after is None:
        page.add(
            '<div class="callout warn"><strong>No hold-out audit in this '
            "report.</strong> The detectability figures below are in-sample: the "
            "accepted rows were chosen against the same real rows they are "
            "compared with, so they flatter the sampler. Make the report with "
            "<code>synthsieve.sieve_report(...)</code> or <code>synthsieve "
            "resample --holdout</code> for the honest headline.</div>"
        )
        return
    rows = []
    for label, ca in after.classes.items():
        cb = before.classes.get(label) if before is not None else None
        cells = [f"<td>{_esc(label_text(label))}</td>"]
        if cb is not None:
            cells.append(
                f"<td>{cb.gap:.3f}</td><td>{_badge(cb.verdict(), cb.copy_like)}</td>"
                f"<td>{cb.copy_share:.1%}</td>"
            )
        else:
            cells.append("<td>–</td><td></td><td>–</td>")
        cells.append(
            f"<td>{ca.gap:.3f}</td><td>{_badge(ca.verdict(), ca.copy_like)}</td>"
            f"<td>{ca.copy_share:.1%}</td><td>{_esc(ca.worst_auditor)}</td>"
        )
        rows.append("<tr>" + "".join(cells) + "</tr>")
    base = report.extra.get("base_sampler") or (
        before.sampler_name if before is not None else "base sampler"
    )
    head = (
        "<tr><th>class</th><th>gap before</th><th>verdict before</th>"
        "<th>exact copies before</th><th>gap after</th><th>verdict after</th>"
        "<th>exact copies after</th><th>worst auditor after</th></tr>"
    )
    page.add(
        _p(
            f"Before: the base sampler <strong>{_esc(base)}</strong> alone. After: "
            f"the filtered sampler <strong>{_esc(report.sampler)}</strong>. Same "
            "half splits, auditors and reference for both.",
            "meta",
        ),
        '<div class="scroll"><table class="tbl"><thead>'
        + head
        + "</thead><tbody>"
        + "".join(rows)
        + "</tbody></table></div>",
    )
    if any(ca.copy_like for ca in after.classes.values()):
        page.add(
            '<div class="callout warn"><strong>Copy-like rows.</strong> The '
            "auditors find the filtered rows <em>harder</em> to tell from the real "
            "rows the sampler saw than real rows are from each other: they copy "
            "them. A low AUC here is a failure, not a success.</div>"
        )
    page.add(_p(_GAP_TEXT))
    page.figures_row(
        *(
            page.figure(
                plot_gap,
                report,
                label=label,
                size=(5.6, 2.4 + 0.6 * len(after.classes[label].auc())),
                caption="Points: hold-out AUC per auditor; black bar: real-vs-real "
                "reference; green band: within 0.05 of it.",
            )
            for label in after.classes
        )
    )
    page.add(_table(report.to_frame("holdout")))


def _class_section(page: _Page, report: SieveReport, label, c: dict) -> None:
    from ..plotting import (
        plot_feature_shift,
        plot_pr,
        plot_rejection_reasons,
        plot_roc,
        plot_score_histograms,
    )

    name = label_text(label)
    page.section(_anchor("class", label), f"Class {name}")

    page.add(f'<h3 id="{_anchor("counts", label)}">Counts and rejections</h3>')
    counts = pd.DataFrame(
        [
            {
                "real rows": c["n_real"],
                "rows needed": c["needed"],
                "candidates": c["candidates"],
                "accepted": c["accepted"],
                "rounds": c["rounds"],
                **{f"rejected: {k}": v for k, v in sorted(c["rejected"].items())},
            }
        ]
    )
    page.add(_table(counts, index=False))
    if c["accepted"] < c["needed"]:
        page.add(
            f'<div class="callout warn"><strong>Shortfall:</strong> {c["accepted"]} '
            f"of the {c['needed']} rows asked for were accepted after "
            f"{c['rounds']} round(s).</div>"
        )
    page.add(
        _p(
            "Reasons: <em>invalid</em> breaks a domain rule even after repair; "
            "<em>copy</em> equals a real row; <em>near copy</em> sits closer to a "
            "real row than nearly all real rows sit to each other; "
            "<em>duplicate</em> repeats an earlier candidate; <em>detectable</em> "
            "was turned down by the detector's density-ratio acceptance."
        )
    )
    detail = c.get("rejected_detail") or {}
    fine = {k: v for k, v in detail.items() if ":" in k}
    fig = page.figure(plot_rejection_reasons, report, label=label, size=(5.4, 3.0))
    if fine:
        frame = pd.DataFrame(
            {"rule broken": list(fine), "rejected": list(fine.values())}
        )
        side = _p("Invalid candidates by rule:", "meta") + _table(
            frame.head(15), index=False
        )
        page.add(f'<div class="figs">{fig}<div>{side}</div></div>')
    else:
        page.figures_row(fig)

    page.add(
        f'<h3 id="{_anchor("detect", label)}">In-sample detectability: raw '
        "candidates vs accepted rows</h3>"
    )
    if "before" in c or "after" in c:
        page.add(
            _p(
                "The paper's protocol (Boudegzdame et al., 2024): real rows of the "
                "class (0) against as many synthetic rows (1), every row scored out "
                "of fold by each auditor; threshold 0.5 for the label metrics; "
                "confusion matrix with synthetic as the positive class. "
                "<strong>In-sample</strong>: the filter chose the accepted rows "
                "against these same real rows; the hold-out headline is the honest "
                "figure."
            )
        )
        frame = report.to_frame("detectability")
        frame = frame.xs(label, level="class") if len(frame) else frame
        if len(frame):
            frame = frame.rename(
                index={"before": "raw candidates", "after": "accepted"}
            )
            cols = [*("roc_auc", "pr_auc"), *(m for m in METRICS if "auc" not in m)]
            page.add(_table(frame[cols + ["tn", "fp", "fn", "tp"]]))
        page.figures_row(
            page.figure(plot_roc, report, label=label),
            page.figure(plot_pr, report, label=label),
        )
    else:
        page.add(_p("Not measured: the sampler ran with <code>auditors=None</code>."))

    page.add(f'<h3 id="{_anchor("scores", label)}">Detector scores</h3>')
    sc = c.get("scores") or {}
    note = (
        "The filtering detector's out-of-fold P(synthetic). Accepted rows should "
        "score like real rows; rejected ones (reason <em>detectable</em>) higher. "
        "Each round trains its own detector, so rounds mix scales."
    )
    if sc and "real" not in sc:
        note += (
            " The real rows' scores were not recorded in this fit, so their "
            "histogram is missing."
        )
    if sc:
        page.add(_p(note))
        page.figures_row(page.figure(plot_score_histograms, report, label=label))
    else:
        page.add(_p("No detector scores (the sampler ran with detector=None)."))

    page.add(f'<h3 id="{_anchor("shift", label)}">Per-feature distribution shift</h3>')
    shift = c.get("shift")
    if shift:
        page.add(
            _p(
                "Real rows of the class vs accepted rows, per column, largest "
                "first: the Kolmogorov&ndash;Smirnov statistic for numeric columns "
                "(with its p-value), the total variation distance between value "
                "frequencies for binary and nominal columns (0 = same distribution, "
                "1 = disjoint). <em>before</em>: the same statistic for the raw "
                "candidates."
            )
        )
        frame = pd.DataFrame(shift).head(12).set_index("column")
        fig = page.figure(plot_feature_shift, report, label=label)
        page.add(f'<div class="figs"><div>{_table(frame)}</div>{fig}</div>')
    else:
        page.add(_p("Not measured (no accepted rows)."))

    page.add(
        f'<h3 id="{_anchor("profile", label)}">Domain profile (active features)</h3>'
    )
    prof = c.get("profile") or {}
    if prof:
        page.add(
            _p(
                "The paper's Table 2: mean number of active binary features (value "
                "exactly 1) per row, real vs synthetic; the mean sum of the binary "
                "columns (fractions included); shares of non-integer values in "
                "integer columns, of values outside the real range, of unseen "
                "categories and of exact copies of a real row of the class."
            )
        )
        page.add(_table(_profile_table(prof)))
    else:
        page.add(_p("Not measured."))

    page.add(f'<h3 id="{_anchor("diversity", label)}">Diversity and copying</h3>')
    div = c.get("diversity") or {}
    if any(k in div for k in ("raw", "accepted")):
        page.add(
            _p(
                "Distances on standardised numeric columns and 0/1 indicators. "
                "<em>median_ratio</em>: median distance from a synthetic row to its "
                "closest real row of the class over the median distance from a real "
                "row to its closest other real row (about 1 for rows drawn like the "
                "real ones; near 0 for copies). <em>near_copy_share</em>: closer "
                "than 99 % of real rows are to each other. "
                "<em>coverage_nearest</em>: share of distinct real rows that are "
                "the closest real row of at least one synthetic row. "
                f"<em>coverage_knn</em>: share of real rows whose {COVERAGE_K}-NN "
                "ball among the real rows holds a synthetic row (Naeem et al., "
                "2020). Low coverage means the rows collapsed onto part of the "
                "class."
            )
        )
        rows = {
            n: {k: div[n].get(k) for k in DIVERSITY_KEYS}
            for n in ("raw", "accepted")
            if n in div
        }
        frame = pd.DataFrame(rows).T.astype(float)
        frame.index = [{"raw": "raw candidates"}.get(i, i) for i in frame.index]
        frame["n_rows"] = frame["n_rows"].astype(int)
        page.add(_table(frame))
        page.add(
            _p(
                "Median distance between a real row and its closest other real "
                f"row: {div.get('real_median_distance', float('nan')):.3f}.",
                "meta",
            )
        )
    else:
        page.add(_p("Not measured (fewer than 2 real rows or no accepted rows)."))


_PROFILE_ROWS = {
    "active": "active binary features per row",
    "binary_sum": "sum of binary columns per row",
    "non_integer_share": "non-integer values in integer columns",
    "out_of_range_share": "values outside the real range",
    "unseen_category_share": "unseen categories",
    "exact_copy_share": "exact copies of a real row",
}


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


def _report_page(report: SieveReport) -> str:
    page = _Page("synthsieve quality report")
    base = report.extra.get("base_sampler")
    auditors = report.extra.get("auditors")
    meta = f"Sampler: <strong>{_esc(report.sampler)}</strong>"
    if base:
        meta += f" over base sampler <strong>{_esc(base)}</strong>"
    names = ", ".join(map(label_text, report.classes))
    meta += f". Classes over-sampled: {_esc(names)}."
    if auditors:
        meta += f" Hold-out auditors: {_esc(', '.join(map(str, auditors)))}."
    _headline(page, report)
    page.section("overview", "Overview per class")
    frame = report.to_frame()
    keep = [
        c
        for c in frame.columns
        if not c.startswith("auc_before_") and not c.startswith("auc_after_")
    ]
    overview = frame[keep].T
    overview.columns = [f"class {label_text(k)}" for k in overview.columns]
    overview.index.name = None
    page.add(_table(overview.astype(object)))
    for label, c in report.classes.items():
        _class_section(page, report, label, c)
    page.section("reading", "How to read this report")
    page.add(
        "<dl><dt>candidate / accepted / rejected</dt><dd>A candidate is a row the "
        "base sampler proposed; the filter accepted or rejected it.</dd>"
        "<dt>detector / auditor</dt><dd>The detector filters; auditors are "
        "trained afresh only to measure and never are the filtering detector.</dd>"
        "<dt>ROC AUC</dt><dd>0.5: synthetic rows cannot be told from real ones; "
        "near 1: easy to spot; far below 0.5 (in-sample) or below the reference "
        "(hold-out): copies.</dd><dt>Honest headline</dt><dd>The hold-out gap. "
        "The in-sample sections describe what the filter did; they are not a "
        "verdict on the rows.</dd></dl>"
    )
    return page.render(_p(meta, "meta"))


# --------------------------------------------------------------------------- #
# Audits and comparisons
# --------------------------------------------------------------------------- #


def _audit_block(page: _Page, result: AuditResult, heading: str = "") -> None:
    from ..plotting import plot_pr, plot_roc

    if heading:
        page.add(f"<h3>{_esc(heading)}</h3>")
    page.add(
        _p(
            f"{result.n_used} real vs {result.n_used} synthetic rows per subsample "
            f"({result.n_real} real and {result.n_synthetic} synthetic given, "
            f"{result.n_subsamples} subsample(s)); strongest detector "
            f"<strong>{_esc(result.worst.name)}</strong> with ROC AUC "
            f"{result.roc_auc:.3f} (0.5 = indistinguishable; far below 0.5 = "
            "copies).",
            "meta",
        )
    )
    page.add(_table(result.to_frame()))
    page.figures_row(page.figure(plot_roc, result), page.figure(plot_pr, result))


def _audit_page(result: AuditResult) -> str:
    page = _Page("synthsieve detectability audit")
    page.section("audit", "Real vs synthetic (out-of-fold)")
    _audit_block(page, result)
    page.add(
        _p(
            "In-sample protocol of Boudegzdame et al. (2024). For a verdict on a "
            "generator, use the hold-out protocol (synthsieve.audit_sampler)."
        )
    )
    return page.render()


def _sampler_audit_page(result: SamplerAudit) -> str:
    from ..plotting import plot_gap, plot_roc

    name = result.sampler_name or "sampler"
    if result.protocol == "paper":
        page = _Page(f"synthsieve audit of {name} (paper protocol)")
        for label, res in result.classes.items():
            page.section(_anchor("class", label), f"Class {label_text(label)}")
            page.add(_p(f"Exact copies of a real row: {result.copy_share[label]:.1%}."))
            _audit_block(page, res)
        return page.render()
    page = _Page(f"synthsieve hold-out audit of {name}")
    page.section("headline", "Detectability gap")
    rows = "".join(
        f"<tr><td>{_esc(label_text(k))}</td><td>{c.gap:.3f}</td>"
        f"<td>{_badge(c.verdict(), c.copy_like)}</td><td>{_esc(c.worst_auditor)}</td>"
        f"<td>{c.copy_share:.1%}</td><td>{c.n_real}</td></tr>"
        for k, c in result.classes.items()
    )
    page.add(
        '<div class="scroll"><table class="tbl"><thead><tr><th>class</th><th>gap'
        "</th><th>verdict</th><th>worst auditor</th><th>exact copies</th>"
        f"<th>real rows</th></tr></thead><tbody>{rows}</tbody></table></div>",
        _p(_GAP_TEXT),
        _table(result.to_frame()),
    )
    for label in result.classes:
        page.section(_anchor("class", label), f"Class {label_text(label)}")
        page.figures_row(
            page.figure(plot_gap, result, label=label),
            page.figure(plot_roc, result, label=label),
        )
    return page.render()


def _comparison_page(cmp: Comparison) -> str:
    from ..plotting import plot_gap, plot_roc

    page = _Page("synthsieve sampler comparison")
    t1 = cmp.table1.reset_index()
    keys = ["sampler", "class"]
    worst = t1.loc[t1.groupby(keys, sort=False)["roc_auc"].idxmax()]
    cols = [*keys, "detector", *METRICS]
    extra = [c for c in ("holdout_gap", "copy_share") if c in t1.columns]
    compact = worst[cols + extra].set_index(keys)
    compact = compact.rename(columns={"detector": "strongest_detector"})
    page.section("table1", "Table 1 - detectability of the synthetic rows")
    page.add(
        _p(
            "Paper protocol (real vs synthetic, out of fold), metrics of the "
            "strongest detector; <em>holdout_gap</em> is the honest headline "
            "(|AUC &minus; real-vs-real AUC| under the hold-out protocol, 0 is the "
            "limit); <em>copy_share</em> the share of exact copies of real rows."
        ),
        _table(compact),
    )
    page.section("table2", "Table 2 - domain profile of the synthetic rows")
    page.add(_table(cmp.table2))
    classes = list(dict.fromkeys(t1["class"]))
    for label in classes:
        page.section(_anchor("class", label), f"Class {label_text(label)}")
        page.figures_row(
            page.figure(plot_gap, cmp, label=label),
            page.figure(plot_roc, cmp, label=label),
        )
    page.section("detail", "All detectors")
    page.add(_table(cmp.table1))
    return page.render()


# --------------------------------------------------------------------------- #
# Entry point
# --------------------------------------------------------------------------- #


def render(obj, path=None) -> str:
    """The HTML page of `obj`; written to `path` too when given.

    Parameters
    ----------
    obj : SieveReport, AuditResult, SamplerAudit or Comparison
    path : str or path-like, default=None

    Returns
    -------
    str
        The page.

    Examples
    --------
    >>> import numpy as np
    >>> from sklearn.linear_model import LogisticRegression
    >>> from synthsieve import audit
    >>> from synthsieve._html import render
    >>> rng = np.random.default_rng(0)
    >>> result = audit(rng.normal(size=(60, 2)), rng.normal(1, 1, (60, 2)),
    ...                detectors={"lr": LogisticRegression()}, random_state=0)
    >>> page = render(result)
    >>> page.startswith("<!DOCTYPE html>"), "data:image/png;base64," in page
    (True, True)
    """
    if isinstance(obj, SieveReport):
        text = _report_page(obj)
    elif isinstance(obj, AuditResult):
        text = _audit_page(obj)
    elif isinstance(obj, SamplerAudit):
        text = _sampler_audit_page(obj)
    elif isinstance(obj, Comparison):
        text = _comparison_page(obj)
    else:
        raise TypeError(
            "Expected a SieveReport, AuditResult, SamplerAudit or Comparison; got "
            f"{type(obj).__name__}."
        )
    if path is not None:
        Path(path).write_text(text, encoding="utf-8")
    return text
