"""
=====================================================
Inspect the rejected candidates
=====================================================

A fitted :class:`~synthsieve.FilteredOverSampler` keeps every candidate it
turned down in ``rejected_``, with the round it was proposed in, the reason
and the detector's score, followed by the row itself; ``accepted_`` describes
the rows it kept, and ``report_`` sums both up. Looking at them tells you what
the base sampler gets wrong on your data.

We use :func:`~synthsieve.make_prescriptions`, prescription-like rows with
planted structure: two pairs of drugs are never prescribed together, one code
always comes with another, and the patients' sex is one-hot encoded. SMOTE
knows none of this.
"""

# %%
# Data and fit
# ------------
import matplotlib.pyplot as plt
import pandas as pd
from imblearn.over_sampling import SMOTE

from synthsieve import FilteredOverSampler, default_auditors, make_prescriptions
from synthsieve.plotting import plot_rejection_reasons, plot_score_histograms

pd.set_option("display.width", 120)
pd.set_option("display.max_columns", 12)

X, y = make_prescriptions(n=1200, random_state=0)
print(f"{X.shape[0]} patients x {X.shape[1]} columns; minority class: {y.sum()}")

sampler = FilteredOverSampler(
    sampler=SMOTE(random_state=0),
    auditors=default_auditors(random_state=0, mlp=False),
    random_state=0,
)
X_res, y_res = sampler.fit_resample(X, y)
print(f"{len(X_res) - len(X)} rows added in {sampler.n_rounds_[1]} rounds")

# %%
# Why were candidates rejected?
# -----------------------------
# One row per rejected candidate: ``class``, ``round``, ``candidate`` (its
# index among the round's candidates), ``reason``, ``score`` (the detector's
# out-of-fold probability that the row is synthetic; NaN when it was rejected
# before scoring), then its columns.
rejected = sampler.rejected_
print(rejected.iloc[:5, :9])
print(rejected["reason"].value_counts())

# %%
# ``invalid`` rows name the rules they broke (several are joined by ``"; "``).
# Here SMOTE prescribes drugs that never go together: it interpolates between
# two patients, and the stochastic repair of the 0/1 columns can set both.
# The rules were inferred from the real rows (:class:`~synthsieve.DomainRules`)
# and are in ``sampler.rules_``.
invalid = rejected.loc[rejected["reason"].str.startswith("invalid"), "reason"]
rules_broken = invalid.str.removeprefix("invalid: ").str.split("; ").explode()
print(rules_broken.value_counts())
print(sampler.rules_.rules_.query("source == 'inferred'")["family"].value_counts())

# %%
# Two of the rows rejected for prescribing ``ace1`` with ``ace2``:
both = rules_broken[rules_broken.str.endswith("ace1&ace2")].index[:2]
print(rejected.loc[both, ["round", "reason", "ace1", "ace2", "ace3", "ace4"]])

# %%
# By round
# --------
# Later rounds ask the base sampler for more candidates when few were
# accepted so far. Each round's detector is trained afresh, so scores are
# comparable within a round only.
family = rejected["reason"].str.split(":").str[0]
print(pd.crosstab(rejected["round"], family, margins=True))
print(sampler.accepted_.groupby("round").size().rename("accepted"))

# %%
# Scores: what the detector could still see
# -----------------------------------------
# With the default density-ratio acceptance, a candidate of score ``s`` is
# kept with a probability that falls as ``(1 - s) / s`` falls: within each
# round, the accepted rows score lower than those rejected as
# ``detectable``, but not all below one cut. Compare scores within a round
# only: each round's detector is another model.
scored = pd.concat(
    [
        rejected.loc[rejected["reason"] == "detectable", ["round", "score"]].assign(
            kept="rejected (detectable)"
        ),
        sampler.accepted_[["round", "score"]].assign(kept="accepted"),
    ]
)
print(scored.groupby(["round", "kept"])["score"].describe()[["count", "mean", "50%"]])

# %%
# The report
# ----------
# ``report_`` sums it up per class. Its detectability figures are in-sample:
# the filter chose the accepted rows against the same real rows they are
# compared with, so they flatter it; :func:`~synthsieve.sieve_report` adds the
# hold-out headline (see the HTML report example).
print(sampler.report_.summary())

fig, axes = plt.subplots(1, 2, figsize=(12, 4.2), layout="constrained")
plot_rejection_reasons(sampler.report_, ax=axes[0])
plot_score_histograms(sampler.report_, ax=axes[1])
plt.show()
