"""
=====================================================
Replace SMOTE in a pipeline
=====================================================

:class:`~synthsieve.FilteredOverSampler` is an imbalanced-learn over-sampler:
it goes where ``SMOTE()`` went, in an imbalanced-learn
:class:`~imblearn.pipeline.Pipeline`, and the SMOTE it wraps proposes the
candidates. Inside the pipeline, resampling happens on the training rows of
each fold only, so scikit-learn's :func:`~sklearn.model_selection.cross_validate`
and :class:`~sklearn.model_selection.GridSearchCV` score on real held-out rows,
and the wrapped sampler's parameters are reachable as
``sampler__sampler__<name>``.

We swap SMOTE for the filtered sampler, cross-validate, search SMOTE's
``k_neighbors`` through the wrapper, and compare the result with plain SMOTE
and no resampling with :func:`~synthsieve.evaluate`.
"""

# %%
# Data: 30 fingerprint bits, every active molecule, 600 inactive ones
# -------------------------------------------------------------------
import warnings

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from imblearn.over_sampling import SMOTE
from imblearn.pipeline import Pipeline
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GridSearchCV, StratifiedKFold, cross_validate

from synthsieve import FilteredOverSampler, ShortfallWarning, evaluate, load_hiva

X, y = load_hiva(return_X_y=True, n_features=30)
rng = np.random.default_rng(0)
inactive = rng.choice(np.flatnonzero(y.to_numpy() == 0), 600, replace=False)
keep = np.sort(np.r_[inactive, np.flatnonzero(y.to_numpy() == 1)])
X, y = X.iloc[keep].reset_index(drop=True), y.iloc[keep].reset_index(drop=True)
print(f"{X.shape[0]} molecules x {X.shape[1]} bits, {int(y.sum())} active")

# %%
# The SMOTE pipeline, and the same pipeline with SMOTE replaced
# -------------------------------------------------------------
# ``set_params`` swaps the step; the new step wraps the same SMOTE. To keep
# the example fast, the filter's detector is a logistic regression (the
# default gradient-boosted trees are stronger and slower) and its in-fit
# audit is off, as only the downstream scores matter here. When the filter
# cannot accept enough rows it fills up with the least detectable ones and
# says so with a ShortfallWarning; we silence it.
warnings.filterwarnings("ignore", category=ShortfallWarning)
smote_pipe = Pipeline(
    [
        ("sampler", SMOTE(random_state=0)),
        ("clf", LogisticRegression(max_iter=1000)),
    ]
)
filtered_pipe = Pipeline(smote_pipe.steps).set_params(
    sampler=FilteredOverSampler(
        sampler=SMOTE(random_state=0), detector="logreg", auditors=None, random_state=0
    )
)
print(filtered_pipe)

# %%
# Cross-validation, resampling inside the folds
# ---------------------------------------------
cv = StratifiedKFold(n_splits=3, shuffle=True, random_state=0)
scores = cross_validate(filtered_pipe, X, y, cv=cv, scoring="average_precision")
print("PR AUC per fold:", np.round(scores["test_score"], 3))

# %%
# Searching the wrapped SMOTE's parameters
# ----------------------------------------
# ``sampler__sampler__k_neighbors`` is the ``k_neighbors`` of the SMOTE inside
# the ``sampler`` step. Every candidate setting is fitted on the training
# folds only.
search = GridSearchCV(
    filtered_pipe,
    {"sampler__sampler__k_neighbors": [3, 10]},
    cv=cv,
    scoring="average_precision",
)
search.fit(X, y)
results = pd.DataFrame(search.cv_results_)
print(results[["param_sampler__sampler__k_neighbors", "mean_test_score"]])
print("best:", search.best_params_)

# %%
# Searching only the classifier: cache the filter
# -----------------------------------------------
# When a search varies only the steps after the sampler, every setting of a
# fold resamples the same training rows the same way. imbalanced-learn's
# ``Pipeline(..., memory=...)`` caches each fitted step (the sampler's
# ``fit_resample`` included) by its inputs and parameters, so the filter runs
# once per fold (and once for the refit) rather than once per fold and
# setting. The report is computed only if a fitted sampler's ``report_`` is
# read, so the cached fits carry no audit either.
from tempfile import TemporaryDirectory  # noqa: E402

with TemporaryDirectory() as cache:
    cached_pipe = Pipeline(filtered_pipe.steps, memory=cache)
    search_clf = GridSearchCV(
        cached_pipe, {"clf__C": [0.1, 1.0, 10.0]}, cv=cv, scoring="average_precision"
    )
    search_clf.fit(X, y)
print("best C:", search_clf.best_params_["clf__C"])

# %%
# Side by side with plain SMOTE and no resampling
# -----------------------------------------------
# :func:`~synthsieve.evaluate` fits every pipeline on the same folds and
# reports several metrics, with the minority class as the positive class.
best_filtered = filtered_pipe.set_params(**search.best_params_)
result = evaluate(
    {
        "no resampling": LogisticRegression(max_iter=1000),
        "SMOTE": smote_pipe,
        "filtered SMOTE": best_filtered,
    },
    X,
    y,
    cv=3,
    n_repeats=1,
    scoring=["pr_auc", "roc_auc", "mcc", "balanced_accuracy"],
    random_state=0,
)
print(result.summary())

fig, ax = plt.subplots(figsize=(9, 4), layout="constrained")
result.plot(ax=ax)
plt.show()
