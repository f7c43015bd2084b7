"""Bias-corrected data synthesis (Lyu, Ma, Zhang and Zhang, 2025): train on real
and synthetic minority rows, and remove the bias of the synthetic rows, estimated
by running the same generator on the majority class."""

from __future__ import annotations

import logging
from numbers import Integral

import numpy as np
from scipy.special import expit, logit
from sklearn.base import BaseEstimator, ClassifierMixin, _fit_context, clone
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import KFold
from sklearn.utils._param_validation import HasMethods, Interval
from sklearn.utils.multiclass import check_classification_targets
from sklearn.utils.validation import check_is_fitted, validate_data

from .._arguments import check_classifier_with_proba, check_instance
from .._runtime import progress
from .._seeds import Streams
from ..generators._base import class_label, require_rows
from ._validation import check_features, class_list

__all__ = ["BiasCorrectedClassifier"]

logger = logging.getLogger(__name__)

# Probabilities are clipped to [_EPS, 1 - _EPS] before taking log-odds.
_EPS = 1e-12


def _seeded(sampler, streams):
    """`sampler` (a clone), its random_state the seed of `streams` when unset."""
    sampler = clone(sampler)
    params = sampler.get_params(deep=False)
    if "random_state" in params and params["random_state"] is None:
        sampler.set_params(random_state=streams.seed())
    return sampler


def _new_rows(sampler, X, y, label):
    """The rows of class `label` that `sampler` appended to (X, y)."""
    X_res, y_res = sampler.fit_resample(X, y)
    X_new, y_new = np.asarray(X_res)[len(X) :], np.asarray(y_res)[len(X) :]
    return X_new[y_new == label]


def _minority_log_odds(estimator, X, minority_index):
    p = estimator.predict_proba(X)[:, minority_index]
    return logit(np.clip(p, _EPS, 1 - _EPS))


def _newton_shift(s_train, weight_synthetic, u_synthetic, v_real):
    """One Newton step of the bias-corrected risk along a constant shift ``c``
    of the minority log-odds, from ``c = 0`` (the augmented fit).

    ``s_train``: log-odds of the augmented training rows (real and synthetic);
    ``u_synthetic``: of the synthetic majority rows; ``v_real``: of the real
    held-out majority rows; ``weight_synthetic``: share of synthetic rows in
    the augmented training set. The gradient of the bias term at ``c = 0`` is
    ``weight_synthetic * (mean sigmoid(u) - mean sigmoid(v))``; the step
    divides it by the curvature of the augmented risk, ``mean sigmoid'(s)``.
    """
    gradient = weight_synthetic * (np.mean(expit(u_synthetic)) - np.mean(expit(v_real)))
    p = expit(s_train)
    curvature = max(float(np.mean(p * (1.0 - p))), 1e-6)
    return float(gradient / curvature)


class BiasCorrectedClassifier(ClassifierMixin, BaseEstimator):
    """Classifier trained on real and synthetic minority rows, with the
    synthetic rows' bias estimated on the majority class and removed.

    An over-sampler adds synthetic rows of the minority class and `estimator` is
    fitted on the real rows and the synthetic ones. Synthetic rows are not real
    rows: a generator that smooths, contracts or shifts the class biases the
    classifier. That bias cannot be measured on the minority class, which has
    too few real rows, but the majority class has plenty: the same generator
    (a clone of `sampler`) synthesises majority rows from a subset of the
    majority rows, and the classifier's behaviour on them is compared with its
    behaviour on real majority rows held out from that subset. The gap is
    carried over to the minority class as the paper's bias term, and the
    minority log-odds of `estimator` are shifted by the amount that the
    bias-corrected risk asks for (see Notes).

    Parameters
    ----------
    estimator : classifier, default=None
        A classifier with ``fit`` and ``predict_proba``, cloned. None uses
        ``LogisticRegression(max_iter=1000)``.

    sampler : over-sampler, default=None
        Any imbalanced-learn over-sampler (``fit_resample``), cloned; it decides
        how many synthetic minority rows to add. None uses
        ``imblearn.over_sampling.SMOTE()``, its `k_neighbors` lowered to the
        number of minority rows minus one for classes of 6 rows or fewer. Its
        clones synthesise the majority rows, with their `sampling_strategy` set
        to the number of rows needed.

    n_splits : int, default=5
        Folds of the majority rows. In each fold, the fold's rows are the real
        held-out rows and synthetic majority rows are made from other majority
        rows; a clone of `estimator` fitted without the fold's rows scores both.
        Each fold costs one fit of `estimator` and one run of `sampler`.

    random_state : int, RandomState instance or None, default=None
        Seeds the folds, the choice of the rows the synthetic majority rows are
        made from, and the clones of `sampler` whose own `random_state` is None.

    verbose : int, default=0
        Show a progress bar over the folds when above 0.

    Attributes
    ----------
    classes_ : ndarray of shape (2,)
        The class labels.

    minority_class_ : label
        The less frequent class (the last in sorted order on a tie), the class
        the sampler over-samples and whose log-odds are corrected.

    estimator_ : classifier
        `estimator` fitted on the real rows and the synthetic minority rows.

    sampler_ : over-sampler
        The clone of `sampler` that made the synthetic minority rows.

    bias_ : float
        The estimated bias of the minority log-odds of `estimator_` caused by
        the synthetic rows; the corrected log-odds are
        ``log-odds - bias_``. 0 when the sampler added no rows.

    synthetic_gap_ : float
        Mean minority probability given by the fold classifiers to synthetic
        majority rows minus that given to real held-out majority rows: the
        comparison `bias_` is computed from (0 when no rows were added).

    n_synthetic_ : int
        Number of synthetic minority rows `estimator_` was trained on.

    n_features_in_ : int
        Number of features seen during ``fit``.

    feature_names_in_ : ndarray of shape (`n_features_in_`,)
        Names of the features seen during ``fit``, when `X` has string column
        names.

    See Also
    --------
    synthsieve.classifiers.KOTAROClassifier : Handles imbalance without
        synthetic rows.
    synthsieve.FilteredOverSampler : Rejects detectable synthetic rows instead.

    Notes
    -----
    After Lyu, Ma, Zhang and Zhang [1]_. With ``n`` training rows in all, of
    which ``m`` are synthetic, the paper minimises the bias-corrected risk
    ``L_bc(theta) = L_aug(theta) - (m / n) * B(theta)``, where ``L_aug`` is the
    empirical risk on the real and synthetic rows and ``B`` estimates, on the
    majority class, how much the generator changes the loss of the minority
    label: ``B(theta)`` is the mean loss ``l(theta; x, minority)`` over
    synthetic majority rows minus its mean over real majority rows. What was
    adapted, so that any classifier with ``predict_proba`` can be used:

    - The risk is minimised along one direction only, a constant shift ``c``
      of the minority log-odds of the fitted `estimator_` (taken as the
      minimiser of ``L_aug``), by one Newton step from ``c = 0``. With the
      logistic loss, ``dB/dc`` at 0 is ``mean_synth sigmoid(u) - mean_real
      sigmoid(v)`` and the curvature of ``L_aug`` is ``mean_aug sigmoid'(s)``,
      where ``s``, ``u`` and ``v`` are the log-odds of the training rows, of the
      synthetic majority rows and of the real majority rows; so
      ``c = (m / n) * (mean_synth sigmoid(u) - mean_real sigmoid(v)) /
      mean_aug sigmoid'(s)`` and ``bias_ = -c``. For a logistic regression
      this corrects the intercept; the paper's correction also moves the
      slopes, which a constant shift cannot. The step is first-order: in our
      tests it removed most of the bias of generators that shift their rows by
      up to a third of a standard deviation, and over-corrected larger shifts
      away from the majority class (where the iterated solution over-corrected
      further).
    - ``u`` and ``v`` are cross-fitted: per fold of the majority rows, a clone
      of `estimator` is fitted without the fold and scores the fold's real rows
      and the synthetic rows made from other majority rows, so that neither set
      was seen in training (a classifier scores its own training rows too
      well, which would pass for a generator bias).
    - The synthetic majority rows are made from as many majority rows as there
      are real minority rows, so that the generator works at the sample size it
      has on the minority class; the real minority rows stand in as the other
      class the sampler may consult.
    - The paper's transfer assumption is kept: the generator distorts both
      classes alike. A generator whose bias differs by class (one that moves
      rows towards the other class, for instance) is not corrected by it.

    Binary problems only, like the paper.

    References
    ----------
    .. [1] P. Lyu, Z. Ma, L. Zhang and A. R. Zhang, "Bias-Corrected Data
       Synthesis for Imbalanced Learning", arXiv:2510.26046, 2025.

    Examples
    --------
    >>> from imblearn.over_sampling import SMOTE
    >>> from sklearn.datasets import make_classification
    >>> from synthsieve.classifiers import BiasCorrectedClassifier
    >>> X, y = make_classification(n_samples=300, weights=[0.9], random_state=0)
    >>> clf = BiasCorrectedClassifier(sampler=SMOTE(random_state=0),
    ...                               random_state=0).fit(X, y)
    >>> print(clf.n_synthetic_, clf.minority_class_)
    238 1
    >>> print(round(clf.bias_, 3))
    0.073
    >>> clf.predict_proba(X[:2]).round(3)
    array([[0.05 , 0.95 ],
           [0.403, 0.597]])
    """

    _parameter_constraints: dict = {
        "estimator": [HasMethods(["fit", "predict_proba"]), None],
        "sampler": [HasMethods(["fit_resample"]), None],
        "n_splits": [Interval(Integral, 2, None, closed="left")],
        "random_state": ["random_state"],
        "verbose": ["verbose"],
    }

    def __init__(
        self,
        *,
        estimator=None,
        sampler=None,
        n_splits=5,
        random_state=None,
        verbose=0,
    ):
        self.estimator = estimator
        self.sampler = sampler
        self.n_splits = n_splits
        self.random_state = random_state
        self.verbose = verbose

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.input_tags.sparse = False
        tags.classifier_tags.multi_class = False
        return tags

    def _defaults(self, n_minority):
        if self.estimator is None:
            estimator = LogisticRegression(max_iter=1000)
        else:
            check_classifier_with_proba(self.estimator, "estimator")
            estimator = self.estimator
        if self.sampler is None:
            from imblearn.over_sampling import SMOTE

            sampler = SMOTE(k_neighbors=max(1, min(5, n_minority - 1)))
        else:
            check_instance(self.sampler, "sampler")
            sampler = self.sampler
        return estimator, sampler

    def _check_classes(self, y):
        name = type(self).__name__
        self.classes_, y_enc = np.unique(y, return_inverse=True)
        if len(self.classes_) != 2:
            n = len(self.classes_)
            raise ValueError(
                "Only binary classification is supported. "
                f"{name} corrects one minority class against one majority class, "
                f"as in the paper; `y` has {n} class{'es' if n != 1 else ''}: "
                f"{class_list(self.classes_)}. "
                + (
                    "Merge classes or fit one classifier per class."
                    if n > 2
                    else "Give it rows of two classes (1 class found)."
                )
            )
        counts = np.bincount(y_enc, minlength=2)
        minority = 0 if counts[0] < counts[1] else 1
        return y_enc, counts, minority

    def _check_rows(self, sampler, counts, minority):
        name = type(self).__name__
        minority_label = self.classes_[minority]
        majority_label = self.classes_[1 - minority]
        k = sampler.get_params(deep=False).get("k_neighbors")
        if (
            self.sampler is not None
            and isinstance(k, Integral)
            and not isinstance(k, bool)
            and k >= 1
        ):
            require_rows(
                name,
                minority_label,
                int(counts[minority]),
                int(k) + 1,
                what="the sampler's k_neighbors + 1",
                fix="Lower the sampler's `k_neighbors`.",
            )
        else:
            require_rows(
                name,
                minority_label,
                int(counts[minority]),
                2,
                fix="The sampler needs two rows of a class to learn from.",
            )
        # each fold needs held-out rows and at least two other rows to sample from
        require_rows(
            name,
            majority_label,
            int(counts[1 - minority]),
            max(2 * self.n_splits, self.n_splits + 2),
            what="2 * n_splits",
            fix="Lower `n_splits`.",
        )

    @_fit_context(prefer_skip_nested_validation=False)
    def fit(self, X, y):
        """Fit `estimator` on real and synthetic rows and estimate the bias.

        Parameters
        ----------
        X : {array-like, dataframe} of shape (n_samples, n_features)
            Numeric features.
        y : array-like of shape (n_samples,)
            Two classes.

        Returns
        -------
        self : BiasCorrectedClassifier
        """
        check_features(X, type(self).__name__)
        X, y = validate_data(self, X, y, dtype=np.float64)
        check_classification_targets(y)
        y_enc, counts, minority = self._check_classes(y)
        estimator, sampler = self._defaults(int(counts[minority]))
        self._check_rows(sampler, counts, minority)
        streams = Streams.of(self.random_state)
        self.minority_class_ = self.classes_[minority]
        minority_label = self.classes_[minority]
        majority_label = self.classes_[1 - minority]

        self.sampler_ = _seeded(sampler, streams.child("sampler"))
        X_min_new = _new_rows(self.sampler_, X, y, minority_label)
        self.n_synthetic_ = len(X_min_new)
        X_aug = np.vstack([X, X_min_new])
        y_aug = np.concatenate([y, np.full(len(X_min_new), minority_label, y.dtype)])
        self.estimator_ = clone(estimator).fit(X_aug, y_aug)
        if self.n_synthetic_ == 0:
            logger.info("the sampler added no rows: no bias to correct")
            self.bias_, self.synthetic_gap_ = 0.0, 0.0
            return self

        u, v = self._cross_fit(
            estimator, sampler, X, y, X_min_new, minority, majority_label, streams
        )
        s_train = _minority_log_odds(self.estimator_, X_aug, minority)
        share = self.n_synthetic_ / len(X_aug)
        self.synthetic_gap_ = float(np.mean(expit(u)) - np.mean(expit(v)))
        self.bias_ = -_newton_shift(s_train, share, u, v)
        logger.info(
            "synthetic majority rows score %.4g higher in minority probability "
            "than real ones; minority log-odds bias %.4g",
            self.synthetic_gap_,
            self.bias_,
        )
        return self

    def _cross_fit(self, estimator, sampler, X, y, X_min_new, minority, label, streams):
        """Minority log-odds of synthetic (u) and real held-out (v) majority rows,
        each scored by a classifier fitted without them; fold i draws from the
        ``("fold", i)`` child of `streams`."""
        majority_rows = np.flatnonzero(y == label)
        minority_rows = np.flatnonzero(y != label)
        n_source_wanted = len(minority_rows)
        folds = KFold(
            self.n_splits, shuffle=True, random_state=streams.child("folds").seed()
        )
        u_parts, v_parts = [], []
        splits = progress(
            folds.split(majority_rows),
            verbose=self.verbose,
            desc="bias folds",
            total=self.n_splits,
        )
        for i, (rest, held) in enumerate(splits):
            fold = streams.child("fold", i)
            held_rows, rest_rows = majority_rows[held], majority_rows[rest]
            n_source = min(n_source_wanted, len(rest_rows))
            source = (
                fold.child("source")
                .generator()
                .choice(rest_rows, size=n_source, replace=False)
            )
            X_mirror = np.vstack([X[source], X[minority_rows]])
            y_mirror = np.concatenate([y[source], y[minority_rows]])
            mirror = _seeded(sampler, fold.child("sampler")).set_params(
                sampling_strategy={label: n_source + len(held_rows)}
            )
            X_synth = _new_rows(mirror, X_mirror, y_mirror, label)
            keep = np.ones(len(X), dtype=bool)
            keep[held_rows] = False
            X_fold = np.vstack([X[keep], X_min_new])
            y_fold = np.concatenate(
                [y[keep], np.full(len(X_min_new), y[minority_rows[0]], y.dtype)]
            )
            fold_model = clone(estimator).fit(X_fold, y_fold)
            if len(X_synth):
                u_parts.append(_minority_log_odds(fold_model, X_synth, minority))
            v_parts.append(_minority_log_odds(fold_model, X[held_rows], minority))
        if not u_parts:
            raise ValueError(
                f"The sampler {type(sampler).__name__} made no synthetic rows of "
                f"class {class_label(label)} when asked for some; "
                f"{type(self).__name__} needs a sampler that accepts a dict "
                "`sampling_strategy` {class: n_rows}."
            )
        return np.concatenate(u_parts), np.concatenate(v_parts)

    def _log_odds_1(self, X):
        """Corrected log-odds of ``classes_[1]``."""
        check_is_fitted(self)
        check_features(X, type(self).__name__)
        X = validate_data(self, X, reset=False, dtype=np.float64)
        p1 = self.estimator_.predict_proba(X)[:, 1]
        z1 = logit(np.clip(p1, _EPS, 1 - _EPS))
        return (
            z1 - self.bias_
            if self.classes_[1] == self.minority_class_
            else (z1 + self.bias_)
        )

    def decision_function(self, X):
        """Corrected log-odds of ``classes_[1]`` (positive: ``classes_[1]``).

        Parameters
        ----------
        X : {array-like, dataframe} of shape (n_samples, n_features)

        Returns
        -------
        ndarray of shape (n_samples,)
        """
        return self._log_odds_1(X)

    def predict_proba(self, X):
        """Class probabilities, with the minority log-odds corrected by `bias_`.

        Parameters
        ----------
        X : {array-like, dataframe} of shape (n_samples, n_features)

        Returns
        -------
        ndarray of shape (n_samples, 2)
            Columns in the order of `classes_`.
        """
        p1 = expit(self._log_odds_1(X))
        return np.column_stack([1.0 - p1, p1])

    def predict(self, X):
        """The class of larger corrected probability.

        Parameters
        ----------
        X : {array-like, dataframe} of shape (n_samples, n_features)

        Returns
        -------
        ndarray of shape (n_samples,)
        """
        check_is_fitted(self)
        return self.classes_[(self._log_odds_1(X) > 0).astype(int)]
