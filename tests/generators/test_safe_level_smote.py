"""Safe-Level-SMOTE: safe levels, the five gap cases, exact counts, errors."""

import numpy as np
import pytest

from synthsieve.generators import SafeLevelSMOTE
from synthsieve.generators._safe_level import _gap_bounds


@pytest.mark.parametrize(
    "sl_p, sl_n, low, high, valid",
    [
        (0, 0, None, None, False),  # case 1: nothing
        (3, 0, 0.0, 0.0, True),  # case 2: copy of p
        (2, 2, 0.0, 1.0, True),  # case 3: as SMOTE
        (4, 1, 0.0, 0.25, True),  # case 4: near p, gap <= 1 / ratio
        (1, 4, 0.75, 1.0, True),  # case 5: near n, gap >= 1 - ratio
        (0, 3, 1.0, 1.0, True),  # case 5 with sl_p == 0: copy of n
    ],
)
def test_gap_bounds_follow_the_five_cases(sl_p, sl_n, low, high, valid):
    lo, hi, ok = _gap_bounds(np.array([sl_p]), np.array([sl_n]))
    assert bool(ok[0]) is valid
    if valid:
        assert lo[0] == pytest.approx(low)
        assert hi[0] == pytest.approx(high)


def _hand_built():
    """Three rows of class 1 with safe levels 2, 1 and 0 for k_neighbors=2.

    P = (0, 0) has Q and R as its two nearest rows (safe level 2); Q = (1, 0) has
    the majority row (1.5, 0) and P (safe level 1); R = (0, 1) sits between two
    majority rows (safe level 0). With three rows, each row's two neighbours of
    its class are the other two.
    """
    X = np.array(
        [
            [0.0, 0.0],  # P
            [1.0, 0.0],  # Q
            [0.0, 1.0],  # R
            [1.5, 0.0],  # majority, next to Q
            [0.0, 1.3],  # majority, next to R
            [-0.3, 1.0],  # majority, next to R
        ]
    )
    y = np.array([1, 1, 1, 0, 0, 0])
    return X, y


def test_hand_built_safe_levels_and_case_logic():
    X, y = _hand_built()
    sampler = SafeLevelSMOTE(k_neighbors=2, sampling_strategy={1: 403}, random_state=0)
    X_res, y_res = sampler.fit_resample(X, y)
    np.testing.assert_array_equal(sampler.safe_levels_[1], [2, 1, 0])
    new = X_res[len(X) :]
    assert len(new) == 400 and (y_res[len(X) :] == 1).all()
    # Every pair makes its row on the x axis between P and Q or copies Q:
    # (P, Q) ratio 2 -> gap in [0, 0.5] from P; (Q, P) ratio 0.5 -> gap in
    # [0.5, 1] from Q; (P, R) and (Q, R) copy P and Q (sl_n = 0); (R, P) and
    # (R, Q) copy P and Q (sl_p = 0). Nothing lands near R.
    np.testing.assert_array_equal(new[:, 1], 0.0)
    on_p_half = (new[:, 0] >= 0.0) & (new[:, 0] <= 0.5)
    copies_of_q = new[:, 0] == 1.0
    assert (on_p_half | copies_of_q).all()
    assert copies_of_q.any() and on_p_half.any()
    strictly_between = (new[:, 0] > 0.0) & (new[:, 0] < 0.5)
    assert strictly_between.mean() > 0.2
    assert np.linalg.norm(new - X[2], axis=1).min() > 0.9


def test_rows_lie_on_segments_between_neighbours_of_the_class(binary_data):
    X, y = binary_data
    k = 3
    X_res, _ = SafeLevelSMOTE(k_neighbors=k, random_state=1).fit_resample(X, y)
    new = X_res[len(X) :]
    X_c = X[y == 1]
    d = np.linalg.norm(X_c[:, None] - X_c[None], axis=2)
    np.fill_diagonal(d, np.inf)
    neighbours = np.argsort(d, axis=1)[:, :k]
    p = np.repeat(X_c, k, axis=0)
    n = X_c[neighbours.ravel()]
    seg = n - p
    for row in new:
        g = ((row - p) * seg).sum(1) / (seg**2).sum(1)
        g = np.clip(g, 0.0, 1.0)
        residual = np.linalg.norm(p + g[:, None] * seg - row, axis=1)
        assert residual.min() < 1e-9


def test_pinned_output_for_a_fixed_seed():
    X, y = _hand_built()
    X_res, _ = SafeLevelSMOTE(
        k_neighbors=2, sampling_strategy={1: 6}, random_state=0
    ).fit_resample(X, y)
    np.testing.assert_allclose(
        X_res[len(X) :],
        [[0.0, 0.0], [1.0, 0.0], [0.0576448091, 0.0]],
        rtol=1e-6,
    )


def test_too_few_rows_of_a_class_is_explained():
    rng = np.random.RandomState(0)
    X = rng.normal(size=(24, 2))
    y = np.array([0] * 20 + [1] * 4)
    msg = (
        r"SafeLevelSMOTE needs at least k_neighbors \+ 1 = 6 rows of class 1; "
        r"got 4\. Lower `k_neighbors`\."
    )
    with pytest.raises(ValueError, match=msg):
        SafeLevelSMOTE().fit_resample(X, y)
    X_res, y_res = SafeLevelSMOTE(k_neighbors=3, random_state=0).fit_resample(X, y)
    assert (y_res == 1).sum() == 20


def test_string_labels_in_messages_are_quoted():
    rng = np.random.RandomState(0)
    X = rng.normal(size=(12, 2))
    y = np.array(["no"] * 9 + ["yes"] * 3)
    with pytest.raises(ValueError, match=r"rows of class 'yes'; got 3"):
        SafeLevelSMOTE().fit_resample(X, y)


def test_class_with_only_unsafe_rows_is_refused():
    # Each row of class 1 sits inside a ring of class-0 rows, far from the others.
    rows, labels = [], []
    for centre in ([0, 0], [50, 0], [0, 50]):
        rows.append(centre)
        labels.append(1)
        for angle in np.linspace(0, 2 * np.pi, 6, endpoint=False):
            rows.append(np.add(centre, [np.cos(angle), np.sin(angle)]))
            labels.append(0)
    X, y = np.array(rows, dtype=float), np.array(labels)
    with pytest.raises(ValueError, match="cannot make rows of class 1.*safe level 0"):
        SafeLevelSMOTE(k_neighbors=2).fit_resample(X, y)


def test_k_neighbors_is_validated(binary_data):
    X, y = binary_data
    with pytest.raises(ValueError, match="'k_neighbors' parameter of SafeLevelSMOTE"):
        SafeLevelSMOTE(k_neighbors=0).fit_resample(X, y)


def test_n_jobs_does_not_change_the_rows(binary_data):
    X, y = binary_data
    a, _ = SafeLevelSMOTE(random_state=0).fit_resample(X, y)
    b, _ = SafeLevelSMOTE(random_state=0, n_jobs=2).fit_resample(X, y)
    np.testing.assert_array_equal(a, b)
