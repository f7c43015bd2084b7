"""
=====================================================
How many synthetic rows to add
=====================================================

Balancing the classes fully is a reflex, not a rule: Ma and Zhang ("Synthetic
Augmentation in Imbalanced Learning: When It Helps, When It Hurts, and How Much
to Add") show that the best number of synthetic rows is often not the one that
balances the classes, and propose to choose it on a balanced validation loss
(VTSS).
:func:`~synthsieve.tune_sampling_strategy` does that for any over-sampler in an
imbalanced-learn pipeline:

* candidate sizes are shares of the rows needed for full balance, from 0 (no
  synthetic rows: the sampler step is skipped) to 1.25 (past balance);
* each size is cross-validated, resampling inside the training folds only, and
  scored on the real validation rows by the class-balanced log loss;
* optionally, sizes whose rows are easy to tell from real rows are penalised
  by the sampler's hold-out detectability gap.

We tune SMOTE in front of a logistic regression, first on generated data, then
on a slice of the embedded HIVA fingerprints.
"""

# %%
# Generated data: continuous features, 8 % minority
# --------------------------------------------------
import matplotlib.pyplot as plt
import numpy as np
from imblearn.over_sampling import SMOTE
from imblearn.pipeline import make_pipeline
from sklearn.datasets import make_classification
from sklearn.linear_model import LogisticRegression

from synthsieve import load_hiva, tune_sampling_strategy

X_gen, y_gen = make_classification(
    n_samples=600,
    n_features=8,
    n_informative=4,
    weights=[0.92],
    class_sep=0.8,
    random_state=0,
)
pipeline = make_pipeline(SMOTE(random_state=0), LogisticRegression(max_iter=1000))
generated = tune_sampling_strategy(pipeline, X_gen, y_gen, random_state=0)
print(generated.summary())

# %%
# ``best_params_`` sets the chosen size on the pipeline (or replaces the
# sampler step by ``"passthrough"`` when no synthetic rows is best);
# ``best_strategy_`` is the same size as a ``sampling_strategy`` dict, counted
# on the data the pipeline is then fitted on.
pipeline.set_params(**generated.best_params_).fit(X_gen, y_gen)
print("sampling_strategy:", generated.best_strategy_)

# %%
# HIVA fingerprints: binary features, where SMOTE's rows are easy to spot
# -----------------------------------------------------------------------
# SMOTE interpolates 0/1 bits into fractions that no real molecule has, so its
# rows are easy to detect here. A detectability penalty of 0.5 adds half the
# hold-out gap (0 = as hard to detect as real rows) to the validation loss.
X, y = load_hiva(return_X_y=True, n_features=30)
rng = np.random.default_rng(0)
inactive = rng.choice(np.flatnonzero(y.to_numpy() == 0), 1000, replace=False)
keep = np.sort(np.r_[inactive, np.flatnonzero(y.to_numpy() == 1)])
X, y = X.iloc[keep].reset_index(drop=True), y.iloc[keep].reset_index(drop=True)
print(f"{X.shape[0]} molecules x {X.shape[1]} bits, {int(y.sum())} active")

hiva = tune_sampling_strategy(pipeline, X, y, detectability_penalty=0.5, random_state=0)
print(hiva.summary())

# %%
# The curves
# ----------
# Points are the mean validation loss over the folds, bars one standard
# deviation; the dotted line marks the chosen size. On HIVA, the dashed line is
# the penalised objective and the triangles (right axis) the detectability gap.
#
# Reading them: the first synthetic rows help most (they act as class weights);
# where the curve flattens, sizes within one standard deviation of the best
# are about as good, and the smaller one costs less. The balanced loss keeps
# rewarding the reweighting past full balance unless the synthetic rows are
# bad enough to cancel it. The penalty weighs that second effect directly:
# when the gap hardly changes with the size, as for SMOTE on these bits, it
# shifts the curve up rather than moving its minimum, and only a penalty large
# enough to outweigh the gain would send the choice back to 0.
fig, axes = plt.subplots(1, 2, figsize=(12, 4.5), layout="constrained")
generated.plot(ax=axes[0])
axes[0].set_title("Generated data")
hiva.plot(ax=axes[1])
axes[1].set_title("HIVA fingerprints, detectability penalty 0.5")
plt.show()
