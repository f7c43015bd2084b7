"""The class-consistency stage: candidates deeper in other classes' regions
than the real rows of their class are turned down as ``"other_class"``."""

import numpy as np
import pandas as pd
import pytest
from sklearn.datasets import make_classification

from synthsieve import FilteredOverSampler
from synthsieve._overlap import ClassOverlap


@pytest.fixture
def overlapping():
    """600 rows, two classes that overlap (class_sep=0.6), 10 % minority."""
    return make_classification(
        n_samples=600,
        n_features=4,
        n_informative=3,
        n_redundant=0,
        weights=[0.9],
        class_sep=0.6,
        flip_y=0.02,
        random_state=1,
    )


def _fit(X, y, consistency, **params):
    sampler = FilteredOverSampler(
        detector="logreg",
        auditors=None,
        class_consistency=consistency,
        random_state=0,
        **params,
    )
    return sampler, *sampler.fit_resample(X, y)


def test_other_class_reason_and_accepted_rows_within_the_limit(overlapping):
    X, y = overlapping
    sampler, X_res, y_res = _fit(X, y, 0.25)
    reasons = sampler.rejected_["reason"]
    assert (reasons == "other_class").any()
    # other_class rejects were scored (they passed the detector first)
    assert sampler.rejected_.loc[reasons == "other_class", "score"].notna().all()
    index = ClassOverlap().fit(pd.DataFrame(X), y)
    new = X_res[len(X) :][~sampler.accepted_["filled"].to_numpy(bool)]
    share = index.share(pd.DataFrame(new), 1)
    assert (share <= index.limit(1, 0.25) + 1e-12).all()
    # and the classes are balanced all the same (later rounds make up for it)
    assert (y_res == 1).sum() == (y_res == 0).sum()


def test_lower_quantile_keeps_rows_nearer_the_class(overlapping):
    X, y = overlapping
    index = ClassOverlap().fit(pd.DataFrame(X), y)
    means = {}
    for q in (None, 0.25):
        _, X_res, _ = _fit(X, y, q)
        means[q] = index.share(pd.DataFrame(X_res[len(X) :]), 1).mean()
    assert means[0.25] < means[None]


def test_none_turns_the_stage_off(overlapping):
    X, y = overlapping
    sampler, *_ = _fit(X, y, None)
    assert "other_class" not in set(sampler.rejected_["reason"])


def test_none_is_todays_filter(overlapping):
    """The stage draws no random numbers: with it off, the output is the one
    of a filter whose stage rejects nothing (quantile 1 on rows that no
    candidate exceeds) and that keeps each accepted row on its own (None
    also turns off ``selection="auto"``)."""
    X, y = overlapping
    _, a, _ = _fit(X, y, None)
    _, b, _ = _fit(X, y, 1.0, selection=None)
    index = ClassOverlap().fit(pd.DataFrame(X), y)
    assert index.limit(1, 1.0) == 1.0  # no candidate can exceed the maximum
    np.testing.assert_array_equal(a, b)


@pytest.mark.parametrize("bad", [-0.1, 1.5, "high"])
def test_bad_values_are_named(binary_numeric, bad):
    X, y = binary_numeric
    with pytest.raises((ValueError, TypeError), match="class_consistency"):
        FilteredOverSampler(class_consistency=bad).fit_resample(X, y)


def test_base_follows_the_base_samplers_depths(overlapping):
    """With "base", the kept rows sit as deep in the other class's region as
    the base sampler's own rows do on average, and the thinning shows in
    ``rejected_``."""
    from imblearn.over_sampling import SMOTE

    from synthsieve import class_overlap

    X, y = overlapping
    smote = SMOTE(random_state=0).fit_resample(X, y)[0][len(X) :]
    ref = class_overlap(X, y, smote, 1)["synthetic"]
    sampler, X_res, _ = _fit(X, y, "base")
    got = class_overlap(X, y, X_res[len(X) :], 1)["synthetic"]
    assert abs(got - ref) < 0.05
    assert (sampler.rejected_["reason"] == "other_class").any()


def test_match_depths_reweights_levels():
    from synthsieve.filtering._stages import _match_depths

    rng = np.random.RandomState(0)
    share = np.r_[np.zeros(500), np.ones(500)]  # half shallow, half deep
    ref = np.r_[np.zeros(900), np.ones(100)]  # the base: mostly shallow
    keep = _match_depths(share, ref, 6, rng)
    kept = share[keep]
    assert keep[:500].all()  # the shallow level is the one kept whole
    assert (kept == 1).mean() == pytest.approx(0.1, abs=0.03)


def test_a_strict_quantile_never_empties_a_class(nominal_frame):
    """On nominal data every candidate can sit deeper than the real rows'
    low quantile; the stage then keeps the shallowest level, and the class is
    still filled."""
    X, y = nominal_frame
    sampler = FilteredOverSampler(auditors=None, class_consistency=0.0, random_state=0)
    X_res, y_res = sampler.fit_resample(X, y)
    assert (np.asarray(y_res) == 1).sum() > (y == 1).sum()


def test_base_depths_are_measured_once_per_generation_fold(overlapping, monkeypatch):
    """``"base"`` reads the base sampler's depths on a generation fold's first
    block and passes them to the fold's later blocks and rounds."""
    import synthsieve.filtering._stages as stages
    import synthsieve.filtering._state as state

    monkeypatch.setattr(state, "MIN_BLOCK_ROWS", 60)  # many blocks
    monkeypatch.setattr(state, "BLOCK_CELLS", 1)
    real = stages.check_consistency
    given = []

    def spy(block, fit_state, label, rng, reference=None):
        given.append(reference)
        return real(block, fit_state, label, rng, reference)

    monkeypatch.setattr(stages, "check_consistency", spy)
    X, y = overlapping
    sampler, _, _ = _fit(X, y, "base")
    assert sampler.holdout_folds_ == {1: 1}  # one generation fold
    assert len(given) > 2 and given[0] is None  # the first block measures them
    assert all(ref is given[1] for ref in given[1:])  # every later one reuses them
    assert given[1] is not None and len(given[1]) > 0
