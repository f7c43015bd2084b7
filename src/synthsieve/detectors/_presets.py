"""Named detector configurations, built in one place.

The filter's detector, the auditors of :func:`~synthsieve.audit_sampler` and the
fast auditors of :func:`~synthsieve.tune_sampling_strategy` are all built here,
by name; so are the default auditor families and the check of a user's
`detectors` argument, which the audits and the filter share.
"""

from __future__ import annotations

from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

from .._arguments import check_classifier_with_proba
from .._seeds import Streams
from ._mlp import MLPDetector

__all__ = [
    "DETECTOR_NAMES",
    "check_detectors",
    "default_auditors",
    "make_detector",
]


def _hgb(random_state):
    return HistGradientBoostingClassifier(
        max_iter=50,
        min_samples_leaf=10,
        l2_regularization=1.0,
        random_state=random_state,
    )


def _hgb_audit(random_state):
    return HistGradientBoostingClassifier(random_state=random_state)


def _hgb_fast(random_state):
    return HistGradientBoostingClassifier(max_iter=50, random_state=random_state)


def _logreg(random_state):
    return make_pipeline(StandardScaler(), LogisticRegression(max_iter=2000))


def _logreg_fast(random_state):
    return make_pipeline(StandardScaler(), LogisticRegression(max_iter=1000))


def _mlp(random_state):
    return MLPDetector(random_state=random_state)


_PRESETS = {
    "hgb": _hgb,
    "hgb-audit": _hgb_audit,
    "hgb-fast": _hgb_fast,
    "logreg": _logreg,
    "logreg-fast": _logreg_fast,
    "mlp": _mlp,
}

DETECTOR_NAMES = tuple(_PRESETS)


def make_detector(name, random_state=None):
    """Build the unfitted detector configuration called `name`.

    Parameters
    ----------
    name : {"hgb", "hgb-audit", "hgb-fast", "logreg", "logreg-fast", "mlp"}
        The configuration; see Notes.
    random_state : int, RandomState instance or None, default=None
        Given as it is to the detectors that use randomness; the logistic
        regressions ignore it.

    Returns
    -------
    estimator
        A new, unfitted classifier with ``predict_proba``.

    See Also
    --------
    synthsieve.MLPDetector : the torch detector behind ``"mlp"``.
    synthsieve.default_auditors : the auditors of the hold-out audit.

    Notes
    -----
    - ``"hgb"``: gradient-boosted trees (50 iterations, at least 10 rows per
      leaf, L2 penalty 1.0), the default detector of
      :class:`~synthsieve.FilteredOverSampler` (see the evidence page on the
      detector's cost).
    - ``"hgb-audit"``: gradient-boosted trees with scikit-learn's defaults, the
      tree auditor of :func:`~synthsieve.default_auditors`.
    - ``"hgb-fast"``: gradient-boosted trees with 50 iterations, the fast tree
      auditor of :func:`~synthsieve.tune_sampling_strategy`.
    - ``"logreg"``: standardisation then a logistic regression (2,000
      iterations at most).
    - ``"logreg-fast"``: the same with 1,000 iterations at most.
    - ``"mlp"``: :class:`~synthsieve.MLPDetector` with its defaults (needs
      torch to fit).

    Examples
    --------
    >>> from synthsieve import make_detector
    >>> make_detector("hgb-fast", random_state=0)
    HistGradientBoostingClassifier(max_iter=50, random_state=0)
    >>> make_detector("svm")
    Traceback (most recent call last):
    ...
    ValueError: Unknown detector 'svm'; choose from 'hgb', 'hgb-audit', ...
    """
    factory = _PRESETS.get(name) if isinstance(name, str) else None
    if factory is None:
        raise ValueError(
            f"Unknown detector {name!r}; choose from "
            f"{', '.join(map(repr, DETECTOR_NAMES))}, or pass a classifier with "
            "`predict_proba`."
        )
    return factory(random_state)


def default_auditors(random_state=None, *, mlp=True) -> dict:
    """The default detector families: gradient-boosted trees, a linear model, an MLP.

    Trees catch the artefacts SMOTE leaves in integer, binary and one-hot columns
    (fractions, too few active features); the linear model catches shifted means;
    the MLP is the detector of Boudegzdame et al. (2024).

    Parameters
    ----------
    random_state : int, RandomState instance or None, default=None
        Seed given to the auditors that use randomness.
    mlp : bool, default=True
        Include :class:`~synthsieve.MLPDetector` (needs torch).

    Returns
    -------
    dict
        Auditor name to unfitted estimator.

    Examples
    --------
    >>> from synthsieve import default_auditors
    >>> sorted(default_auditors(random_state=0))
    ['hgb', 'logreg', 'mlp']
    """
    streams = Streams.of(random_state)
    auditors = {
        "hgb": make_detector("hgb-audit", streams.child("hgb").seed()),
        "logreg": make_detector("logreg"),
    }
    if mlp:
        auditors["mlp"] = make_detector("mlp", streams.child("mlp").seed())
    return auditors


def check_detectors(detectors, random_state, name: str = "detectors") -> dict:
    """``{name: classifier}`` from the `detectors` argument (`name` in messages)."""
    if detectors is None:
        return default_auditors(random_state)
    if isinstance(detectors, dict):
        items = list(detectors.items())
    elif hasattr(detectors, "fit"):
        items = [(type(detectors).__name__, detectors)]
    elif isinstance(detectors, (list, tuple)):
        items = []
        for det in detectors:
            key = type(det).__name__
            if any(key == n for n, _ in items):
                key = f"{key}_{len(items)}"
            items.append((key, det))
    else:
        raise TypeError(
            f"`{name}` must be None, a classifier, a list of classifiers or a "
            f"dict of name to classifier; got {type(detectors).__name__}."
        )
    if not items:
        raise ValueError(f"`{name}` is empty; give at least one classifier.")
    for key, det in items:
        check_classifier_with_proba(det, f"{name}[{key!r}]")
    return dict(items)
