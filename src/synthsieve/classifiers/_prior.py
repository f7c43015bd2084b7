"""Probabilities corrected for the class prior an over-sampler moved."""

from __future__ import annotations

import numpy as np
import pandas as pd
from sklearn.base import BaseEstimator, ClassifierMixin, MetaEstimatorMixin, clone
from sklearn.utils import get_tags
from sklearn.utils._param_validation import HasMethods
from sklearn.utils.validation import check_is_fitted

__all__ = ["PriorCorrectedClassifier"]


class PriorCorrectedClassifier(MetaEstimatorMixin, ClassifierMixin, BaseEstimator):
    """A resampling pipeline whose probabilities follow the real class prior.

    A classifier trained on over-sampled rows learns the resampled class
    shares, not the real ones, and states minority probabilities far above
    the real rate. This wrapper fits the pipeline as it is, reads how many
    rows its over-samplers added per class, and multiplies each class's
    predicted probability by its share among the real training rows over its
    share after resampling, then renormalises (the prior-shift correction of
    Saerens et al., 2002, with both priors known). The ranking of the rows
    for a class does not change; the probabilities, and the decisions taken
    at the most probable class, do. See the :ref:`user guide
    <tuning-calibration>`.

    Parameters
    ----------
    estimator : estimator with ``predict_proba``
        Usually an imbalanced-learn :class:`~imblearn.pipeline.Pipeline`
        whose resampling steps are over-samplers; cloned at fit.

    Attributes
    ----------
    estimator_ : estimator
        The fitted clone of `estimator`.
    classes_ : ndarray of shape (n_classes,)
    train_prior_ : ndarray of shape (n_classes,)
        The class shares of the rows given to ``fit``.
    resampled_prior_ : ndarray of shape (n_classes,)
        The class shares of the rows the final classifier was trained on.
    weights_ : ndarray of shape (n_classes,)
        ``train_prior_ / resampled_prior_``.

    See Also
    --------
    sklearn.calibration.CalibratedClassifierCV : calibration fitted on held-out
        rows, at the cost of refitting the pipeline per calibration fold.

    References
    ----------
    .. [1] Saerens, Latinne and Decaestecker. "Adjusting the Outputs of a
       Classifier to New a Priori Probabilities: A Simple Procedure", Neural
       Computation 14(1), 2002.

    Examples
    --------
    >>> from imblearn.over_sampling import RandomOverSampler
    >>> from imblearn.pipeline import make_pipeline
    >>> from sklearn.datasets import make_classification
    >>> from sklearn.linear_model import LogisticRegression
    >>> from synthsieve import PriorCorrectedClassifier
    >>> X, y = make_classification(500, weights=[0.9], random_state=0)
    >>> pipe = make_pipeline(RandomOverSampler(random_state=0), LogisticRegression())
    >>> clf = PriorCorrectedClassifier(pipe).fit(X, y)
    >>> clf.resampled_prior_.round(2).tolist(), clf.train_prior_.round(2).tolist()
    ([0.5, 0.5], [0.9, 0.1])
    """

    _parameter_constraints: dict = {
        "estimator": [HasMethods(["fit", "predict_proba"])],
    }

    def __init__(self, estimator=None):
        self.estimator = estimator

    def fit(self, X, y, **fit_params):
        """Fit the pipeline and the correction.

        Parameters
        ----------
        X : {array-like, dataframe} of shape (n_samples, n_features)
        y : array-like of shape (n_samples,)
        **fit_params : dict
            Passed to the estimator's ``fit``.

        Returns
        -------
        self : PriorCorrectedClassifier
        """
        self._validate_params()
        self.estimator_ = clone(self.estimator).fit(X, y, **fit_params)
        self.classes_ = np.asarray(self.estimator_.classes_)
        y = np.asarray(y)
        counts = np.array([(y == c).sum() for c in self.classes_], dtype=float)
        added = _rows_added(self.estimator_, self.classes_)
        self.train_prior_ = counts / counts.sum()
        resampled = counts + added
        self.resampled_prior_ = resampled / resampled.sum()
        self.weights_ = np.divide(
            self.train_prior_,
            self.resampled_prior_,
            out=np.ones_like(self.train_prior_),
            where=self.resampled_prior_ > 0,
        )
        if hasattr(self.estimator_, "n_features_in_"):
            self.n_features_in_ = self.estimator_.n_features_in_
        if hasattr(self.estimator_, "feature_names_in_"):
            self.feature_names_in_ = self.estimator_.feature_names_in_
        return self

    def predict_proba(self, X):
        """Class probabilities under the training rows' class prior.

        Parameters
        ----------
        X : {array-like, dataframe} of shape (n_samples, n_features)

        Returns
        -------
        ndarray of shape (n_samples, n_classes)
        """
        check_is_fitted(self, "weights_")
        p = np.asarray(self.estimator_.predict_proba(X), dtype=float) * self.weights_
        total = p.sum(axis=1, keepdims=True)
        return np.divide(
            p, total, out=np.full_like(p, 1.0 / p.shape[1]), where=total > 0
        )

    def predict(self, X):
        """The most probable class under the training rows' prior."""
        proba = self.predict_proba(X)
        return self.classes_[np.argmax(proba, axis=1)]

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        if self.estimator is not None:
            inner = get_tags(self.estimator).input_tags
            tags.input_tags.sparse = inner.sparse
            tags.input_tags.allow_nan = inner.allow_nan
            tags.input_tags.string = inner.string
        return tags


def _rows_added(estimator, classes) -> np.ndarray:
    """Rows the fitted over-samplers of `estimator` (a pipeline's steps, or
    none) added per class, in the order of `classes`."""
    steps = [s for _, s in getattr(estimator, "steps", [])[:-1]]
    added = np.zeros(len(classes))
    index = {c: i for i, c in enumerate(classes.tolist())}
    for step in steps:
        if step is None or step == "passthrough" or not hasattr(step, "fit_resample"):
            continue
        kind = getattr(step, "_sampling_type", None)
        if kind != "over-sampling":
            raise ValueError(
                "PriorCorrectedClassifier reads the rows over-samplers add; the "
                f"step {type(step).__name__} resamples by "
                f"{kind or 'an unknown kind of resampling'!r}, whose output class "
                "counts it cannot know. Keep only over-samplers in the pipeline."
            )
        accepted = getattr(step, "accepted_", None)
        if isinstance(accepted, pd.DataFrame):  # rows actually added (shortfalls)
            per_class = accepted["class"].value_counts().to_dict()
        else:
            per_class = dict(getattr(step, "sampling_strategy_", {}))
        for label, n in per_class.items():
            if label in index:
                added[index[label]] += n
    return added
