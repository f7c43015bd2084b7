"""Embedded demo data."""

from __future__ import annotations

from importlib import resources

import pandas as pd
from sklearn.utils import Bunch

__all__ = ["load_hiva"]


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
