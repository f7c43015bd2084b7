"""Who audits: the default auditor families, seeds and the `detectors` argument."""

from __future__ import annotations

from .._utils import check_classifier_with_proba, seed_from
from ..detectors import make_detector

__all__ = ["default_auditors"]


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
    seed = seed_from(random_state)
    auditors = {
        "hgb": make_detector("hgb-audit", seed),
        "logreg": make_detector("logreg", seed),
    }
    if mlp:
        auditors["mlp"] = make_detector("mlp", seed)
    return auditors


def _check_detectors(detectors, random_state, name="detectors") -> dict:
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
