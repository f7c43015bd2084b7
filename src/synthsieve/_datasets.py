"""Embedded demo data."""

from __future__ import annotations

from importlib import resources

import numpy as np
import pandas as pd
from sklearn.utils import Bunch

__all__ = ["load_hiva", "make_prescriptions"]


def load_hiva(*, return_X_y: bool = False, n_features: int | None = None):
    """Load the embedded HIVA fingerprints: 3,845 molecules, 3.51 % active.

    Binary (0/1) structural fingerprints of molecules from the NCI AIDS antiviral
    screen, the training split of HIVA (Guyon et al., 2007); only the 721 bits set
    in at least 5 % of the molecules are embedded. See ``synthsieve/data/README.md``
    for the source and licence note.

    Parameters
    ----------
    return_X_y : bool, default=False
        Return ``(X, y)`` instead of a :class:`~sklearn.utils.Bunch`.
    n_features : int, default=None
        Keep only the `n_features` most frequent bits (for fast examples and
        tests); all 721 when None.

    Returns
    -------
    data : Bunch with ``data`` (DataFrame of int8), ``target`` (Series of int),
        ``frame`` and ``DESCR``; or the tuple ``(X, y)``.

    Examples
    --------
    >>> from synthsieve import load_hiva
    >>> X, y = load_hiva(return_X_y=True)
    >>> X.shape, int(y.sum())
    ((3845, 721), 135)
    """
    path = resources.files("synthsieve") / "data" / "hiva_fingerprints.csv.gz"
    with resources.as_file(path) as p:
        frame = pd.read_csv(p, compression="gzip")
    X = frame.drop(columns="target").astype("int8")
    y = frame["target"].astype("int64")
    if n_features is not None:
        if not isinstance(n_features, int) or not 1 <= n_features <= X.shape[1]:
            raise ValueError(
                f"`n_features` must be an integer in [1, {X.shape[1]}], "
                f"got {n_features!r}."
            )
        order = X.mean().sort_values(ascending=False, kind="stable").index
        X = X[list(order[:n_features])]
    if return_X_y:
        return X, y
    readme = resources.files("synthsieve") / "data" / "README.md"
    return Bunch(
        data=X,
        target=y,
        frame=pd.concat([X, y], axis=1),
        feature_names=list(X.columns),
        DESCR=readme.read_text(encoding="utf-8"),
    )


def make_prescriptions(n=1500, n_free=12, minority=0.2, random_state=0):
    """Generate prescription-like rows with planted structure (for rule tests).

    Drugs ``ace1``/``ace2`` (and ``ace3``/``ace4``) are never prescribed together;
    ``code_a`` always comes with ``code_b`` (a drug carrying two codes), which
    also appears alone; ``dual1`` and ``dual2`` are the same drug (both codes
    always together). The ``free*`` drugs are independent. Minority rows hold
    more drugs.

    Examples
    --------
    >>> from synthsieve import make_prescriptions
    >>> X, y = make_prescriptions(n=200, random_state=0)
    >>> X.shape, bool(((X["ace1"] == 1) & (X["ace2"] == 1)).any())
    ((200, 24), False)
    """
    rng = np.random.default_rng(random_state)
    y = (rng.random(n) < minority).astype(int)
    boost = np.where(y == 1, 0.1, 0.0)
    cols = {}
    for j in range(n_free):
        p = 0.25 + 0.25 * j / max(n_free - 1, 1)
        cols[f"free{j}"] = rng.random(n) < p + boost
    for a, b in (("ace1", "ace2"), ("ace3", "ace4")):
        first = rng.random(n) < 0.35
        cols[a] = first
        cols[b] = ~first & (rng.random(n) < 0.35 / 0.65)
    cols["code_a"] = rng.random(n) < 0.3
    cols["code_b"] = cols["code_a"] | (rng.random(n) < 0.2)
    cols["dual1"] = rng.random(n) < 0.3 + boost
    cols["dual2"] = cols["dual1"].copy()
    drugs = pd.DataFrame(cols).astype("int64")
    age = rng.integers(18, 90, n)
    weight = np.round(rng.normal(75, 12, n).clip(40, 150), 1)
    sex = rng.choice(["F", "M"], n)
    frame = pd.concat(
        [
            pd.DataFrame({"age": age, "weight": weight}),
            pd.get_dummies(pd.Series(sex, name="sex"), prefix="sex", dtype="int64"),
            drugs,
        ],
        axis=1,
    )
    return frame, y
