"""
=====================================================
The paper's Tables 1 and 2 on the embedded data
=====================================================

Boudegzdame et al. ("SMOTE: Are We Learning to Classify or to Detect Synthetic
Data?", ICAART 2024) balance a prescription data set with SMOTE and its
variants, then train classifiers to tell the synthetic minority rows from the
real ones. Their Table 1 holds how well the detectors do, their Table 2 the
number of drugs per patient, too low in SMOTE's rows.

:func:`~synthsieve.compare_samplers` makes both tables for any data, and adds
the hold-out detectability gap of :func:`~synthsieve.audit_sampler` (the
honest headline). We use the embedded HIVA fingerprints
(:func:`~synthsieve.load_hiva`), binary bits per molecule, where the same
artefact shows. ``synthsieve demo`` runs the same comparison on the full data
(721 bits, 3,845 molecules); here a slice keeps the example fast.
"""

# %%
# Data: 60 fingerprint bits, every active molecule, 800 inactive ones
# -------------------------------------------------------------------
import matplotlib.pyplot as plt
import numpy as np
from imblearn.over_sampling import ADASYN, SMOTE, SMOTEN, RandomOverSampler

from synthsieve import (
    FilteredOverSampler,
    compare_samplers,
    default_auditors,
    load_hiva,
)
from synthsieve.plotting import plot_gap, plot_roc

X, y = load_hiva(return_X_y=True, n_features=60)
rng = np.random.default_rng(0)
inactive = rng.choice(np.flatnonzero(y.to_numpy() == 0), 800, replace=False)
keep = np.sort(np.r_[inactive, np.flatnonzero(y.to_numpy() == 1)])
X, y = X.iloc[keep].reset_index(drop=True), y.iloc[keep].reset_index(drop=True)
print(f"{X.shape[0]} molecules x {X.shape[1]} bits, {int(y.sum())} active")

# %%
# The samplers and the auditors
# -----------------------------
# Each sampler makes as many synthetic actives as there are real ones, and
# only its new rows are audited. ``SMOTEN`` treats every bit as a category.
# ``RandomOverSampler`` copies real rows: the paper's protocol gives it an AUC
# far below 0.5, which is no success, and the hold-out protocol a small gap,
# since its rows *are* real rows; its share of exact copies says what they
# are. The filtered sampler wraps SMOTE;
# to keep the example fast its detector is a logistic regression (the default
# gradient-boosted trees are stronger and slower; ``synthsieve demo`` uses
# them) and its own in-fit audit is skipped, since the comparison audits it.
# The auditors are gradient-boosted trees and a logistic regression;
# ``synthsieve demo`` adds the paper's MLP (:class:`~synthsieve.MLPDetector`).
samplers = {
    "SMOTE": SMOTE(random_state=0),
    "ADASYN": ADASYN(random_state=0),
    "RandomOverSampler": RandomOverSampler(random_state=0),
    "SMOTEN": SMOTEN(random_state=0),
    "FilteredOverSampler(SMOTE)": FilteredOverSampler(
        sampler=SMOTE(random_state=0), detector="logreg", auditors=None, random_state=0
    ),
}
auditors = default_auditors(random_state=0, mlp=False)
comparison = compare_samplers(
    X, y, samplers, detectors=auditors, cv=5, n_subsamples=1, random_state=0
)

# %%
# Table 1: can a classifier tell the synthetic rows from real ones?
# -----------------------------------------------------------------
# One row per sampler and auditor: the paper's metrics (synthetic = positive,
# out-of-fold scores, threshold 0.5), then ``holdout_gap``, the largest
# ``|AUC - real-vs-real reference AUC|`` under the hold-out protocol, and the
# share of exact copies of a real row. A paper-protocol AUC far below 0.5 is
# not a success: the rows are copy-like, closer to the real rows they are
# compared with than real rows sit to each other (``copy_share`` says whether
# they are exact copies).
table1 = comparison.table1.droplevel("class")
columns = ["f1", "kappa", "roc_auc", "pr_auc", "holdout_gap", "copy_share"]
print(table1[columns].round(3).to_string())

# %%
# Table 2: the domain profile of the synthetic rows
# -------------------------------------------------
# ``active_synthetic`` is the mean number of bits set per synthetic molecule,
# against ``active_real`` for the real actives (the paper's drugs per
# patient). SMOTE and ADASYN interpolate between two molecules, and
# imbalanced-learn casts the result back to the input's integer type, which
# floors every fractional bit to 0: their molecules lose bits. The filter's
# stochastic repair keeps the count.
table2 = comparison.table2.droplevel("class")
print(table2.round(3).to_string())

# %%
# The whole comparison as text, as ``synthsieve demo`` prints it
print(comparison.summary())

# %%
# The figures
# -----------
# Left: the paper's protocol, one ROC curve per sampler (its strongest
# auditor); the diagonal is chance. Right: the hold-out protocol, each
# sampler's AUC per auditor against the real-vs-real reference (black bar,
# with a +/- 0.05 band): right of the band is detectable, left of it
# copy-like. The hold-out figure is the one to trust.
fig, axes = plt.subplots(1, 2, figsize=(13, 4.8), layout="constrained")
plot_roc(comparison, ax=axes[0])
plot_gap(comparison, ax=axes[1])
plt.show()
