"""
============================================
Quality report of a filtered over-sampler
============================================

Fit a :class:`~synthsieve.FilteredOverSampler` (SMOTE proposes candidates, the
filter keeps those that look real) on a small slice of the embedded HIVA
fingerprints and report on it with :func:`~synthsieve.sieve_report`:

* the honest headline: the hold-out detectability gap of SMOTE alone ("before")
  and of the filtered sampler ("after"), next to a real-vs-real reference;
* the in-fit sections: counts and rejection reasons, in-sample detectability of
  the raw candidates and the accepted rows, detector scores, feature shift,
  active features per row (the paper's Table 2), copies and coverage;
* figures from :mod:`synthsieve.plotting` and one self-contained HTML page.

``python examples/plot_html_report.py`` writes ``docs/report-example.html``
and, when a Chromium binary is installed, its screenshot
``docs/report-example.png``; ``python examples/plot_html_report.py FOLDER``
writes the page only, into ``FOLDER`` (the documentation build does so, to
leave the committed files alone). The page made by this script is the
`rendered example <../report-example.html>`_.
"""

# %%
# Data: 100 fingerprint bits, all 135 active molecules, 400 inactive ones
# -----------------------------------------------------------------------
import sys
import tempfile
from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np

from synthsieve import FilteredOverSampler, default_auditors, load_hiva, sieve_report
from synthsieve.plotting import plot_gap, plot_rejection_reasons, plot_roc

# the screenshot helpers live with the tests, outside the package; sphinx-gallery
# runs this script without __file__, from the examples folder
try:
    _here = Path(__file__).resolve().parent
except NameError:
    _here = Path.cwd().resolve()
_tests = next(
    p / "tests" for p in (_here, *_here.parents) if (p / "tests/_browser.py").exists()
)
sys.path.insert(0, str(_tests))
from _browser import find_chromium, headless_chromium  # noqa: E402

X, y = load_hiva(return_X_y=True, n_features=100)
rng = np.random.default_rng(0)
inactive = rng.choice(np.flatnonzero(y.to_numpy() == 0), 400, replace=False)
keep = np.sort(np.r_[inactive, np.flatnonzero(y.to_numpy() == 1)])
X, y = X.iloc[keep].reset_index(drop=True), y.iloc[keep].reset_index(drop=True)
print(f"{X.shape[0]} molecules x {X.shape[1]} bits, {int(y.sum())} active")

# %%
# Fit and report
# --------------
# Gradient-boosted trees and logistic regression audit the rows. To keep the
# example fast, the MLP auditor is left out and the filter's detector is a
# logistic regression (the default gradient-boosted trees are stronger and
# take several times as long on these 100 bits). The sampler's own
# ``report_`` holds in-sample audits; ``sieve_report`` adds the hold-out
# headline.
auditors = default_auditors(random_state=0, mlp=False)
sampler = FilteredOverSampler(auditors=auditors, detector="logreg", random_state=0)
report = sieve_report(sampler, X, y, auditors=auditors, random_state=0)
print(report.summary())

# %%
# The figures
# -----------
# Left: hold-out AUC per auditor against the real-vs-real reference, SMOTE
# alone to filtered. Middle: in-sample ROC curves, raw candidates (dashed) and
# accepted rows (solid). Right: why candidates were rejected.
fig, axes = plt.subplots(1, 3, figsize=(16, 4.5), layout="constrained")
plot_gap(report, ax=axes[0])
plot_roc(report, ax=axes[1])
plot_rejection_reasons(report, ax=axes[2])

# %%
# One self-contained HTML page
# ----------------------------
# CSS inline, figures embedded as base64 PNG: it opens from disk in any
# browser, with no network and no JavaScript.
screenshot = len(sys.argv) == 1
if screenshot:
    out = Path(__file__).resolve().parent.parent / "docs"
else:
    out = Path(sys.argv[1])
out.mkdir(parents=True, exist_ok=True)
html_path = out / "report-example.html"
report.to_html(html_path)
print(f"wrote {html_path}")

# %%
# A screenshot of the page for ``docs/``, taken by headless Chromium when it is
# installed.
browser = find_chromium()
if not screenshot:
    print("writing into a given folder: no screenshot")
elif browser is None:
    print("no Chromium found; skipping the screenshot")
else:
    with tempfile.TemporaryDirectory() as profile:
        headless_chromium(
            browser,
            profile,
            "--hide-scrollbars",
            "--window-size=1200,2300",
            f"--screenshot={out / 'report-example.png'}",
            html_path.resolve().as_uri(),
        ).check_returncode()
    print(f"wrote {out / 'report-example.png'}")
