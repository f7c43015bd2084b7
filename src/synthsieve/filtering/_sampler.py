"""FilteredOverSampler: a meta-sampler that keeps only candidates that look real."""

from __future__ import annotations

import logging
import math
import warnings
from numbers import Integral, Real

import numpy as np
import pandas as pd
from imblearn.over_sampling.base import BaseOverSampler
from joblib import Parallel, delayed
from scipy import sparse
from sklearn.base import clone
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedKFold
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler
from sklearn.utils import check_random_state
from sklearn.utils._param_validation import HasMethods, Interval, StrOptions
from sklearn.utils.validation import validate_data

from .._utils import (
    ShortfallWarning,
    SynthsieveWarning,
    TabularEncoder,
    _row_keys,
    check_classifier_with_proba,
    check_table,
    is_nominal,
    progress,
    small_data_threads,
)
from ..audit._audit import _check_detectors, _check_sampler, _seed, default_auditors
from ..detectors._copies import CopyDetector
from ..rules._rules import DomainRules
from ._defaults import smote_for

__all__ = ["FilteredOverSampler"]

logger = logging.getLogger(__name__)

_EPS = 1e-6

#: Above this many training rows, copy rejection compares a candidate with the
#: real rows of its own class only (see ``reject_copies``).
_CLASS_SEARCH_ROWS = 20000

#: Candidates per block in the row-wise steps (jitter, scoring), to bound memory.
_BLOCK = 65536

#: Above this many candidates outside the detector's sample, one model fitted on
#: the whole sample scores them (see ``max_detector_rows``).
_ONE_MODEL_ROWS = 65536

#: Cells (candidates x columns) a later round may grow to when the acceptance
#: rate is low; the first round's ``candidate_factor * still needed`` is always
#: allowed. Bounds memory on large data (about 130 MB of float64 per copy).
_ROUND_CELLS = 2**24

#: Fewest real rows per generation fold (see ``holdout_folds``).
_MIN_FOLD_ROWS = 10

#: Jitter scales that ``jitter="auto"`` chooses among, the candidates it judges
#: them on, and the scale used when it cannot judge (fewer than 3 real rows or
#: 10 candidates; without numeric, non-binary columns it uses 0).
_JITTER_GRID = (0.0, 0.25, 0.5, 0.75, 1.0, 1.25, 1.5, 2.0, 2.5, 3.0)
_JITTER_ROWS = 2000
_JITTER_FALLBACK = 1.0


def _named_detector(name: str, seed: int):
    if name == "hgb":
        return HistGradientBoostingClassifier(
            max_iter=100,
            min_samples_leaf=10,
            l2_regularization=1.0,
            random_state=seed,
        )
    if name == "logreg":
        return make_pipeline(StandardScaler(), LogisticRegression(max_iter=2000))
    from ..detectors._mlp import MLPDetector

    return MLPDetector(random_state=seed)


class FilteredOverSampler(BaseOverSampler):
    """Over-sample with any sampler, keeping only candidates that look real.

    For each class to over-sample, the base sampler proposes candidates in
    rounds. Each round, candidates are repaired or rejected by the domain rules,
    copies and near-copies of real rows are rejected, and a detector trained
    afresh on the class's real rows (0) against this round's candidates (1) scores
    every candidate out of fold. Candidates are accepted by rejection sampling
    with the detector's density ratio, so that the accepted rows follow the real
    distribution rather than collapse onto the rows closest to it. Rounds repeat
    until the class has what `sampling_strategy` asks, or `max_rounds` is spent.

    Parameters
    ----------
    sampling_strategy : float, str, dict or callable, default="auto"
        How many rows to reach per class, as in imbalanced-learn's over-samplers.
    sampler : over-sampler, default=None
        Proposes the candidates: any imbalanced-learn over-sampler or any object
        whose ``fit_resample`` appends rows. None uses ``SMOTE`` on numeric data,
        ``SMOTEN`` when every column is nominal and ``SMOTENC`` when some are.
        Cloned at fit.
    detector : {"hgb", "mlp", "logreg"}, classifier or None, default="hgb"
        Scores candidates: ``"hgb"`` gradient-boosted trees (measured strongest
        at catching domain artefacts), ``"mlp"`` the torch MLP of Boudegzdame et
        al. (2024), ``"logreg"`` logistic regression, any classifier with
        ``predict_proba``, or None to filter by rules and copies only.
    rules : "auto", DomainRules or None, default="auto"
        ``"auto"`` infers :class:`DomainRules` from the training data at fit; a
        :class:`DomainRules` is cloned and fitted on the training data at each
        fit, keeping its settings and user rules (so rules never come from rows
        outside the training fold); None applies no rules.
    on_invalid : {"repair", "reject"}, default="repair"
        ``"repair"`` repairs candidates (unbiased stochastic rounding, one-hot
        sampling, clipping) and rejects what is still invalid; ``"reject"``
        rejects every invalid candidate.
    reject_copies : bool, default=True
        Reject candidates equal to a real row (``"copy"``) or closer to one than
        the `near_copy_quantile` of real nearest-neighbour distances
        (``"near_copy"``), and candidates equal to an earlier candidate
        (``"duplicate"``). With more than 20,000 training rows, the nearest
        real row (and the threshold's spacing) is searched among the real rows
        of the candidate's class only (``CopyDetector(search="class")``): the
        search among all rows costs candidates x rows, quadratic in the size
        of the data. Exact copies of any class's rows are rejected either way.
    near_copy_quantile : float, default=0.01
        A candidate closer to its nearest real row than this quantile of the real
        rows' own nearest-neighbour distances is a near copy (see
        :class:`~synthsieve.CopyDetector`): a generator that draws from the real
        distribution loses about this share of its rows. Measured on the shared
        data sets, 13-50 % of repaired SMOTE rows are that close to a parent at
        0.01, and nearly all in 20 continuous dimensions with 50 real rows.
    acceptance : {"density_ratio", "threshold", "rate"}, default="density_ratio"
        ``"density_ratio"``: accept a candidate with probability proportional to
        ``(1 - s) / s`` for its out-of-fold score ``s`` (discriminator rejection
        sampling, Azadi et al., 2019), normalised by the 95th percentile of the
        round's ratios. ``"threshold"``: accept candidates scored below the
        `threshold_quantile` quantile of the real rows' own out-of-fold scores.
        ``"rate"``: reject the `rejection_rate` share of each round's most
        detectable candidates.
    threshold_quantile : float, default=0.9
        Used with ``acceptance="threshold"``.
    rejection_rate : float, default=0.5
        Used with ``acceptance="rate"``.
    candidate_factor : float, default=3.0
        Candidates asked of the base sampler per row still needed, in the first
        round. Later rounds ask for ``still needed / acceptance rate so far``
        (times 1.2), at most ``10 * candidate_factor`` per row still needed and,
        on large data, at most about 16.8 million cells (candidates x columns)
        or ``candidate_factor`` per row still needed, whichever is more.
    max_rounds : int, default=5
        Rounds of generation per class.
    shortfall : {"fill", "raise", "return"}, default="fill"
        After `max_rounds`: ``"fill"`` warns and fills with the least detectable
        candidates rejected as ``"detectable"`` (ranked within their own round,
        latest round first; never invalid rows, copies or near copies), and
        returns fewer rows if those run out; ``"raise"`` raises a RuntimeError;
        ``"return"`` warns and returns fewer rows.
    cv : int, default=5
        Folds of the out-of-fold scoring.
    holdout_folds : int or "auto", default="auto"
        1: the base sampler generates from all of the class's real rows, and
        the detector is trained on those same rows against the candidates
        (each candidate still scored by a model that did not see it). k > 1:
        the real rows are split into k folds; candidates are generated without
        fold k and scored by a detector trained on fold k's rows only, rows the
        generator never saw. Held-out rows expose candidates that hug the rows
        that made them (a detector trained on the generating rows cannot see
        it), but the generator and the detector each get a k-th fewer rows.
        ``"auto"`` uses 1 for a class with numeric, non-binary columns, where
        ``jitter="auto"`` matches the candidates' distance to their parents,
        and 2 for a class with only binary and nominal columns, or with
        ``jitter=0``, where nothing else checks that distance; the choice is in
        ``holdout_folds_``.
        Hold-out gap of ``FilteredOverSampler(SMOTE())``, 2 folds -> 1
        (``docs/benchmarks.md``, and the same page at commit 1aa89f2 for 2
        folds): pima 0.070 -> 0.051, yeast4 0.064 -> 0.044, winequality-red-4
        0.146 -> 0.110, page-blocks0 0.171 -> 0.151, wisconsin 0.069 -> 0.072,
        abalone19 0.170 -> 0.175, kddcup 0.099 -> 0.125; downstream scores
        moved within their noise. With Borderline-SMOTE and ADASYN as the base
        it is mixed: better on pima, yeast4 (ADASYN 0.117 -> 0.058) and
        winequality-red-4 (Borderline 0.260 -> 0.164), worse on page-blocks0
        (Borderline 0.200 -> 0.290, ADASYN 0.198 -> 0.239) and on wisconsin
        with Borderline (0.210 -> 0.295): try ``holdout_folds=2`` with those bases. On
        the binary HIVA, 1 fold lowers the gap too (0.253 -> 0.222) but pulls
        the paper-protocol AUC from 0.487 to 0.419 (``docs/benchmarks-hiva.md``
        for 2 folds; ``benchmarks/quality.py --datasets hiva --samplers smote
        --modes filtered --no-downstream --filter-params '{"holdout_folds":
        1}'`` for 1): kept rows sit closer to the detector's own real rows
        than real rows do, hence 2 there. Classes with fewer
        than ``holdout_folds * max(cv, 10)`` rows fall back to in-sample
        scoring with a warning: a generator and a detector fed a handful of
        rows each did more harm than good (``abalone19`` audited on half of
        its 32 minority rows, before this fallback).
    jitter : float or "auto", default="auto"
        Local Gaussian noise added to the numeric, non-binary columns of each
        candidate before repair, in units of the spread of its 5 nearest real
        rows (0 turns it off). ``"auto"`` chooses the scale per class, once,
        from 0, 0.25, ..., 3: the one whose repaired candidates lie as far from
        the real rows that generated them as other real rows do (the
        smallest Kolmogorov-Smirnov distance between the two distributions of
        nearest-neighbour distances; the other real rows are the held-out fold
        with ``holdout_folds > 1``, and in-sample each real row's nearest other
        real row); the choice is in ``jitter_``.
        Interpolating samplers put their rows on the segments between real
        rows, too close to them (SMOTE's rows sit at about a third of the real
        rows' own nearest-neighbour distance); the detector can only choose
        among candidates, so the noise widens what it can choose
        from, and density-ratio acceptance removes what the noise made
        implausible. Hold-out gap of ``FilteredOverSampler(SMOTE())`` for jitter
        0.5 / 1.0 / 1.5 / 2.5 (two splits, ``benchmarks/quality.py
        --filter-params``): pima 0.087 / 0.055 / 0.072 / 0.076, wisconsin
        0.129 / 0.111 / 0.092 / 0.093; on page-blocks0, whose heavy-tailed
        columns are ratios of other columns, more noise hurts (0.178 at 0.5,
        0.19 at 1.5, 0.24 at 2.5). ``"auto"`` (``random_state=0``, whole set)
        chose 1.5 on pima, 2.0 on wisconsin, 1.0 on page-blocks0 (0.5 with
        ``holdout_folds=2``), and measured 0.051, 0.072 and 0.151 there
        (``benchmarks/quality.py`` with the default settings; its command and
        table are in ``docs/benchmarks.md``).
    max_detector_rows : int, default=5000
        Largest number of candidates the detector is trained on per batch (and
        never more than ``max(500, 10 * n_real)``: beyond ten candidates per real
        row the detector learns little more, and costs linearly); the other
        candidates are scored by the average of the fold models, none of which
        saw them (by one model fitted on the whole training sample when they
        are more than 65,536: k times fewer predictions).
    auditors : "default", classifier, list, dict or None, default="default"
        Independent auditors (never the filtering detector's fitted models) that
        measure the residual detectability of raw candidates and accepted rows
        for ``report_``; None skips the audit.
    random_state : int, RandomState instance or None, default=None
    n_jobs : int, default=None
        Jobs (joblib) for the folds of the out-of-fold scoring and for the
        copy checks; the result does not depend on it.
    verbose : int, default=0
        Log progress (and show a progress bar over rounds).

    Attributes
    ----------
    sampling_strategy_ : dict
        Rows to add per class.
    sampler_ : over-sampler
        The fitted clone of `sampler` from the last round.
    rules_ : DomainRules or None
    copy_detector_ : CopyDetector or None
    rejected_ : DataFrame
        Every rejected candidate: ``class``, ``round``, ``candidate`` (its index
        among the round's candidates), ``reason`` (``invalid: <rules>``,
        ``copy``, ``near_copy``, ``duplicate`` or ``detectable``), ``score``
        (detector score, NaN when rejected before scoring), then its features
        under the input's column names (a feature named like one of those five
        columns gets the suffix ``_feature``). Candidates taken back by
        ``shortfall="fill"`` are not listed.
    accepted_ : DataFrame
        The accepted rows' ``class``, ``round``, ``score``, ``filled``.
    n_rounds_ : dict
        Rounds used per class.
    jitter_ : dict
        Jitter scale used per class (the chosen one with ``jitter="auto"``).
    holdout_folds_ : dict
        Generation folds used per class (1: in-sample scoring; the choice of
        ``holdout_folds="auto"``, or 1 after a fallback for a small class).
    report_ : SieveReport
        Counts, reasons and residual detectability per class.
    feature_names_in_ : ndarray of str
        Column names, when `X` had string column names.
    n_features_in_ : int

    See Also
    --------
    synthsieve.audit_sampler : the hold-out audit of any sampler, this one too.
    synthsieve.DomainRules : the rules and repair used here.

    Notes
    -----
    The original rows come first and unchanged; the accepted rows follow, class
    by class. Scores of different rounds are never compared: each round's
    detector is trained afresh, and acceptance looks only at that round's scores.

    References
    ----------
    .. [1] Boudegzdame et al. "SMOTE: Are We Learning to Classify or to Detect
       Synthetic Data?", ICAART 2024.
    .. [2] Azadi et al. "Discriminator Rejection Sampling", ICLR 2019.

    Examples
    --------
    >>> from collections import Counter
    >>> from sklearn.datasets import make_classification
    >>> from synthsieve import FilteredOverSampler
    >>> X, y = make_classification(n_samples=500, weights=[0.9], random_state=0)
    >>> sampler = FilteredOverSampler(detector="logreg", auditors=None,
    ...                               random_state=0)
    >>> X_res, y_res = sampler.fit_resample(X, y)
    >>> sorted(Counter(y_res).items())
    [(np.int64(0), 450), (np.int64(1), 450)]
    """

    _parameter_constraints: dict = {
        **BaseOverSampler._parameter_constraints,
        "sampler": [HasMethods(["fit_resample"]), None],
        "detector": [
            StrOptions({"hgb", "mlp", "logreg"}),
            HasMethods(["fit", "predict_proba"]),
            None,
        ],
        "rules": [StrOptions({"auto"}), DomainRules, None],
        "on_invalid": [StrOptions({"repair", "reject"})],
        "reject_copies": ["boolean"],
        "near_copy_quantile": [Interval(Real, 0, 1, closed="both")],
        "acceptance": [StrOptions({"density_ratio", "threshold", "rate"})],
        "threshold_quantile": [Interval(Real, 0, 1, closed="right")],
        "rejection_rate": [Interval(Real, 0, 1, closed="left")],
        "candidate_factor": [Interval(Real, 1, None, closed="left")],
        "max_rounds": [Interval(Integral, 1, None, closed="left")],
        "shortfall": [StrOptions({"fill", "raise", "return"})],
        "cv": [Interval(Integral, 2, None, closed="left")],
        "holdout_folds": [
            Interval(Integral, 1, None, closed="left"),
            StrOptions({"auto"}),
        ],
        "jitter": [Interval(Real, 0, None, closed="left"), StrOptions({"auto"})],
        "max_detector_rows": [Interval(Integral, 10, None, closed="left")],
        "auditors": [StrOptions({"default"}), dict, list, HasMethods(["fit"]), None],
        "random_state": ["random_state"],
        "n_jobs": [Integral, None],
        "verbose": ["verbose"],
    }

    def __init__(
        self,
        *,
        sampling_strategy="auto",
        sampler=None,
        detector="hgb",
        rules="auto",
        on_invalid="repair",
        reject_copies=True,
        near_copy_quantile=0.01,
        acceptance="density_ratio",
        threshold_quantile=0.9,
        rejection_rate=0.5,
        candidate_factor=3.0,
        max_rounds=5,
        shortfall="fill",
        cv=5,
        holdout_folds="auto",
        jitter="auto",
        max_detector_rows=5000,
        auditors="default",
        random_state=None,
        n_jobs=None,
        verbose=0,
    ):
        super().__init__(sampling_strategy=sampling_strategy)
        self.sampler = sampler
        self.detector = detector
        self.rules = rules
        self.on_invalid = on_invalid
        self.reject_copies = reject_copies
        self.near_copy_quantile = near_copy_quantile
        self.acceptance = acceptance
        self.threshold_quantile = threshold_quantile
        self.rejection_rate = rejection_rate
        self.candidate_factor = candidate_factor
        self.max_rounds = max_rounds
        self.shortfall = shortfall
        self.cv = cv
        self.holdout_folds = holdout_folds
        self.jitter = jitter
        self.max_detector_rows = max_detector_rows
        self.auditors = auditors
        self.random_state = random_state
        self.n_jobs = n_jobs
        self.verbose = verbose

    # ------------------------------------------------------------ validation

    def fit_resample(self, X, y, **params):
        """Resample the data set; see the class docstring.

        Parameters
        ----------
        X : {array-like, dataframe} of shape (n_samples, n_features)
        y : array-like of shape (n_samples,)

        Returns
        -------
        X_resampled : {ndarray, dataframe} of shape (n_samples_new, n_features)
            The original rows first, then the accepted rows.
        y_resampled : ndarray or Series of shape (n_samples_new,)
        """
        self._input_dtypes = X.dtypes if isinstance(X, pd.DataFrame) else None
        self._sparse_format = None
        try:
            return super().fit_resample(X, y, **params)
        finally:
            del self._input_dtypes, self._sparse_format

    def _check_X_y(self, X, y):
        y, binarize_y = self._check_target(y)
        X, y = validate_data(
            self,
            X=X,
            y=y,
            reset=True,
            dtype=None,
            ensure_all_finite=False,
            accept_sparse=["csr", "csc"],
        )
        if sparse.issparse(X):
            # Candidates are repaired, compared and scored row by row as a table;
            # sparse input is densified here and the output made sparse again.
            self._sparse_format = X.format
            X = X.toarray()
        check_table(X, "X")  # NaN and inf get our message, for any dtype
        return X, y, binarize_y

    @staticmethod
    def _check_target(y):
        from imblearn.utils import check_target_type

        return check_target_type(y, indicate_one_vs_all=True)

    def _check_nested(self, random_state, frame):
        if self.sampler is None:
            sampler = smote_for(frame, random_state=_seed(random_state))
        else:
            _check_sampler(self.sampler)
            sampler = _validated(clone(self.sampler), "sampler")
        if isinstance(self.detector, str):
            detector = _named_detector(self.detector, _seed(random_state))
        elif self.detector is None:
            detector = None
        else:
            check_classifier_with_proba(self.detector, "detector")
            detector = _validated(clone(self.detector), "detector")
        return sampler, detector

    # ------------------------------------------------------------ helpers

    def _frame(self, X) -> pd.DataFrame:
        names = getattr(self, "feature_names_in_", None)
        if names is None:
            names = [f"x{i}" for i in range(X.shape[1])]
        frame = pd.DataFrame(X, columns=list(names))
        dtypes = getattr(self, "_input_dtypes", None)
        if dtypes is not None:
            frame = frame.astype(dict(zip(frame.columns, dtypes)))
        else:
            for col in frame.columns:
                if frame[col].dtype == object:
                    conv = pd.to_numeric(frame[col], errors="coerce")
                    if conv.notna().all():
                        frame[col] = conv
        return frame

    def _candidates(self, sampler, X, y, label, n_want, seed):
        """Ask the base sampler for about `n_want` rows of class `label`.

        `X` holds integer and boolean columns as floats (see `_float_frame`):
        imbalanced-learn casts its output back to the input's dtypes, which
        floors interpolated integers (a bias of -0.33 per value measured on
        ``wisconsin``) before our unbiased repair could round them.
        """
        s = clone(sampler)
        params = s.get_params()
        if "random_state" in params:
            s.set_params(random_state=seed)
        n_label = int((y == label).sum())
        if "sampling_strategy" in params:
            s.set_params(sampling_strategy={label: n_label + n_want})
        try:
            try:
                Xr, yr = s.fit_resample(X, y)
            except ValueError:
                # Samplers that spread the rows asked for over the class's rows
                # by weights and round per row (ADASYN) make none, and raise,
                # when asked for few; ask once more for at least as many rows
                # as the class holds (the surplus is dropped after filtering).
                if "sampling_strategy" not in params or n_want >= n_label:
                    raise
                s.set_params(sampling_strategy={label: 2 * n_label})
                Xr, yr = s.fit_resample(X, y)
        except ValueError as exc:
            hint = ""
            if "k_neighbors" in params and (
                "neighbor" in str(exc) or n_label <= params["k_neighbors"]
            ):
                hint = (
                    f" It needs at least k_neighbors + 1 = "
                    f"{params['k_neighbors'] + 1} rows of the class; lower "
                    "`k_neighbors`"
                    + (
                        " or `holdout_folds`"
                        if self.holdout_folds_.get(label, 1) > 1
                        else ""
                    )
                    + "."
                )
            raise ValueError(
                f"`sampler` ({type(s).__name__}) failed on class {label!r}, "
                f"given {n_label} of its real rows: {str(exc).rstrip('.')}.{hint}"
            ) from exc
        n = len(X)
        if len(Xr) < n:
            raise ValueError(
                f"`sampler` ({type(s).__name__}) returned fewer rows than it got; "
                "it must be an over-sampler that appends rows."
            )
        yr = np.asarray(yr)
        new = Xr.iloc[n:] if isinstance(Xr, pd.DataFrame) else Xr[n:]
        if not isinstance(new, pd.DataFrame):
            new = pd.DataFrame(np.asarray(new, dtype=object), columns=X.columns)
            new = new.astype(X.dtypes.to_dict())
        new.columns = X.columns
        return s, new[yr[n:] == label].reset_index(drop=True)

    def _generation_folds(self, label, real, rng) -> list:
        """Split the class's real rows (positions within the class) into folds.

        Returns a list of ``held_out`` index arrays; a single ``None`` means
        in-sample scoring (the generator and the detector see the same rows).
        Records the number of folds used in ``holdout_folds_``.
        """
        n_real = len(real)
        k = self.holdout_folds
        if k == "auto":  # in-sample only where the jitter checks the distance
            k = 1 if self.jitter != 0 and _jitter_columns(real) else 2
        self.holdout_folds_[label] = k
        if k == 1:
            return [None]
        if n_real // k < max(self.cv, _MIN_FOLD_ROWS):
            self.holdout_folds_[label] = 1
            warnings.warn(
                f"Class {label!r} has {n_real} real rows, too few for "
                f"holdout_folds={k} (each fold needs at least max(cv, "
                f"{_MIN_FOLD_ROWS}) = {max(self.cv, _MIN_FOLD_ROWS)} rows); its "
                "candidates are scored against the "
                "same real rows that generated them.",
                SynthsieveWarning,
                stacklevel=3,
            )
            return [None]
        perm = rng.permutation(n_real)
        return [np.sort(part) for part in np.array_split(perm, k)]

    def _batch(
        self,
        sampler,
        frame,
        gen_frame,
        y,
        label,
        held_out,
        n_want,
        encoder,
        rules,
        copies,
        det,
        seen_keys,
        rng,
    ):
        """Generate, repair, reject and score one batch of candidates.

        With `held_out` (positions within the class), the base sampler runs
        without those real rows, and the detector compares the candidates with
        them: rows the generator never saw.
        """
        in_class = np.flatnonzero(y == label)
        if held_out is None:
            gen_mask = np.ones(len(y), dtype=bool)
            ref = in_class
        else:
            gen_mask = np.ones(len(y), dtype=bool)
            gen_mask[in_class[held_out]] = False
            ref = in_class[held_out]
        seed = _seed(rng)
        if _uses_own_class_only(sampler):
            # SMOTE reads only the rows of the class it over-samples: hand it
            # those (and one row of another class, as imbalanced-learn wants two
            # classes) instead of a copy of the whole table. Same candidates.
            gen_mask[y != label] = False
            gen_mask[np.flatnonzero(y != label)[:1]] = True
        gen_rows = np.flatnonzero(gen_mask)
        self.sampler_, raw = self._candidates(
            sampler, gen_frame.iloc[gen_rows], y[gen_rows], label, n_want, seed
        )
        cand = raw
        gen_real = frame.iloc[gen_rows][y[gen_rows] == label]
        jitter = self._jitter_for(
            label,
            raw,
            gen_real,
            None if held_out is None else frame.iloc[ref],
            rules,
            seed,
        )
        if jitter > 0 and len(cand):
            cand = self._jitter(cand, gen_real, rng, jitter)
        reason = np.full(len(cand), "", dtype=object)
        if rules is not None:
            if self.on_invalid == "repair":
                cand = rules.repair(cand, y=label, random_state=seed)
            reason = rules.reasons(cand, y=label).to_numpy(dtype=object)
            reason = np.where(reason != "", "invalid: " + reason, "")
        keys = _row_keys(cand)
        if copies is not None:
            flag = copies.flag(cand, y=np.full(len(cand), label))
            reason = np.where((reason == "") & (flag != ""), flag, reason)
            dup = pd.Series(keys).duplicated().to_numpy() | np.isin(
                keys, list(seen_keys)
            )
            reason = np.where((reason == "") & dup, "duplicate", reason)
        valid = reason == ""
        scores = np.full(len(cand), np.nan)
        s_r = np.empty(0)
        if det is not None and valid.sum() >= 2:
            R = encoder.transform(frame.iloc[ref])
            C = encoder.transform(cand[valid])
            s_c, s_r = self._score(det, R, C, seed)
            scores[valid] = s_c
            ok = self._accept(s_c, s_r, rng)
            reason[np.flatnonzero(valid)[~ok]] = "detectable"
        return cand.reset_index(drop=True), scores, reason, keys, raw, s_r

    def _jitter_for(self, label, raw, gen_real, ref_real, rules, seed) -> float:
        """The jitter scale for this class: the user's, or chosen once (``"auto"``).

        ``"auto"`` picks, from `_JITTER_GRID`, the scale whose repaired
        candidates lie as far from the rows that generated them as real rows the
        generator never saw (`ref_real`, the held-out fold) lie from those same
        rows: the smallest Kolmogorov-Smirnov distance between the two
        distributions of nearest-neighbour distances (numeric columns,
        standardised). Scored in-sample (no held-out fold), the real rows'
        distance to their nearest other real row stands in.
        """
        if label in self.jitter_:
            return self.jitter_[label]
        if self.jitter != "auto":
            value = float(self.jitter)
        else:
            value = self._choose_jitter(raw, gen_real, ref_real, rules, label, seed)
            logger.info("class %r: jitter %.2f chosen", label, value)
        self.jitter_[label] = value
        return value

    def _choose_jitter(self, raw, gen_real, ref_real, rules, label, seed) -> float:
        from scipy.stats import ks_2samp
        from sklearn.neighbors import NearestNeighbors

        if not _jitter_columns(gen_real):
            return 0.0  # binary and nominal columns only: the noise changes nothing
        numeric = [c for c in raw.columns if not is_nominal(gen_real[c])]
        if len(gen_real) < 3 or len(raw) < 10:
            return _JITTER_FALLBACK
        rng = np.random.default_rng(seed)
        if len(raw) > _JITTER_ROWS:
            raw = raw.iloc[np.sort(rng.choice(len(raw), _JITTER_ROWS, replace=False))]
        G = gen_real[numeric].to_numpy(dtype=float)
        scale = G.std(axis=0)
        scale[scale == 0] = 1.0
        nn = NearestNeighbors(n_neighbors=2).fit(G / scale)
        if ref_real is None:  # in-sample: distance to the nearest other real row
            d_real = nn.kneighbors(G / scale)[0][:, 1]
        else:
            d_real = nn.kneighbors(ref_real[numeric].to_numpy(dtype=float) / scale)[0][
                :, 0
            ]
        # the same noise draws and local spreads as `_jitter` makes for `raw`
        # with this seed, computed once and scaled per value
        cols = _jitter_columns(gen_real)
        V, v_scale, v_nn = _spread_index(gen_real[cols])
        C = raw[cols].to_numpy(dtype=float)
        noise = np.random.default_rng(seed).normal(size=C.shape)
        local = _local_spread(V, v_scale, v_nn, C)
        best, best_ks = _JITTER_FALLBACK, np.inf
        for value in _JITTER_GRID:
            cand = raw
            if value > 0:
                cand = raw.copy()
                cand[cols] = C + noise * (value * local)
            if rules is not None:
                cand = rules.repair(cand, y=label, random_state=seed)
            d = nn.kneighbors(cand[numeric].to_numpy(dtype=float) / scale)[0][:, 0]
            ks = ks_2samp(d, d_real).statistic
            if ks < best_ks - 1e-9:
                best, best_ks = value, ks
        return float(best)

    def _jitter(self, cand, real, rng, jitter=None):
        """Add local Gaussian noise to the numeric columns of the candidates.

        Each candidate's noise in column j has standard deviation ``jitter``
        times the spread (standard deviation) of column j over its k = 5 nearest
        real rows of the class (among the rows the sampler saw): a local
        bandwidth, small where the class is dense and on heavy-tailed columns'
        small values, wider where the real rows are spread out. Binary (0/1) and
        nominal columns are left alone: interpolation plus stochastic repair
        already mixes the parents' values there.
        """

        numeric = _jitter_columns(real)
        if not numeric or len(real) < 3:
            return cand
        V, scale, nn = _spread_index(real[numeric])
        C = cand[numeric].to_numpy(dtype=float)
        noise = rng.normal(size=C.shape)
        for start in range(0, len(C), _BLOCK):  # blocks bound the (n, k, d) array
            block = slice(start, start + _BLOCK)
            local = _local_spread(V, scale, nn, C[block])  # (n_block, n_numeric)
            noise[block] *= (self.jitter if jitter is None else jitter) * local
        out = cand.copy()
        out[numeric] = C + noise
        return out

    def _round_size(self, still, stats, n_columns=1) -> int:
        base = max(1, math.ceil(self.candidate_factor * still))
        done = stats["candidates"]
        if not done:
            return base
        rate = stats["accepted_so_far"] / done
        factor = min(
            10 * self.candidate_factor,
            max(self.candidate_factor, 1.2 / max(rate, 1e-3)),
        )
        cap = max(base, _ROUND_CELLS // max(1, n_columns))
        return min(max(1, math.ceil(factor * still)), cap)

    def _score(self, detector, R, C, seed):
        """Out-of-fold P(synthetic) for candidates C and real rows R.

        The detector is trained on the real rows against at most
        ``min(max_detector_rows, max(500, 10 * n_real))`` candidates; a
        candidate in the training sample is scored by the fold model that did
        not see it, every other candidate by the mean of the fold models (by
        one model fitted on the whole sample when they are many).
        """
        rng = np.random.default_rng(seed)
        n_r, n_c = len(R), len(C)
        n_train = min(n_c, self.max_detector_rows, max(500, 10 * n_r))
        train_idx = np.sort(rng.choice(n_c, n_train, replace=False))
        rest = np.setdiff1d(np.arange(n_c), train_idx)
        Xd = np.vstack([R, C[train_idx]])
        labels = np.r_[np.zeros(n_r, dtype=int), np.ones(n_train, dtype=int)]
        k = min(self.cv, n_r, n_train)
        folds = StratifiedKFold(k, shuffle=True, random_state=seed % (2**31))
        oof = np.empty(len(labels))
        rest_scores = np.zeros(len(rest))
        # Many unseen candidates: one model fitted on the whole training sample
        # scores them, instead of k fold models each predicting all of them.
        one_model = len(rest) > _ONE_MODEL_ROWS
        # the folds are independent: fitted in parallel with n_jobs, and summed
        # in fold order, so the scores do not depend on n_jobs
        fold_rest = rest if len(rest) and not one_model else rest[:0]
        results = Parallel(n_jobs=self.n_jobs)(
            delayed(_fit_fold)(detector, Xd, labels, tr, te, C, fold_rest)
            for tr, te in folds.split(Xd, labels)
        )
        for te, p_te, p_rest in results:
            oof[te] = p_te
            if len(fold_rest):
                rest_scores += p_rest / k
        if one_model:
            with small_data_threads(len(Xd)):
                model = clone(detector).fit(Xd, labels)
            col = list(model.classes_).index(1)
            rest_scores = _predict_chunked(model, C, rest, col)
        s_cand = np.empty(n_c)
        s_cand[train_idx] = oof[n_r:]
        s_cand[rest] = rest_scores
        return np.clip(s_cand, _EPS, 1 - _EPS), np.clip(oof[:n_r], _EPS, 1 - _EPS)

    def _accept(self, s_cand, s_real, rng):
        if self.acceptance == "density_ratio":
            ratio = (1 - s_cand) / s_cand
            m = np.quantile(ratio, 0.95)
            return rng.random(len(s_cand)) < np.minimum(1.0, ratio / m)
        if self.acceptance == "threshold":
            return s_cand <= np.quantile(s_real, self.threshold_quantile)
        n_keep = len(s_cand) - int(round(self.rejection_rate * len(s_cand)))
        keep = np.zeros(len(s_cand), dtype=bool)
        keep[np.argsort(s_cand, kind="stable")[:n_keep]] = True
        return keep

    # ------------------------------------------------------------ fit

    def _fit_resample(self, X, y):
        rng = check_random_state(self.random_state)
        frame = self._frame(X)
        sampler, detector = self._check_nested(rng, frame)
        classes = [c for c, n in self.sampling_strategy_.items() if n > 0]

        if self.rules == "auto":
            rules = DomainRules.infer(frame, y)
        elif isinstance(self.rules, DomainRules):
            rules = clone(self.rules).fit(frame, y)
        else:
            rules = None
        self.rules_ = rules
        copies = None
        if self.reject_copies:
            # Beyond _CLASS_SEARCH_ROWS real rows, a candidate's nearest real row
            # is searched among its own class only: the search over all rows
            # costs candidates x rows, quadratic in the data's size.
            copies = CopyDetector(
                near_copy_quantile=self.near_copy_quantile,
                search="all" if len(frame) <= _CLASS_SEARCH_ROWS else "class",
                search_classes=classes,
                n_jobs=self.n_jobs,
            ).fit(frame, y)
        self.copy_detector_ = copies
        encoder = _DetectorFeatures().fit(frame)
        gen_frame = _float_frame(frame)

        accepted_parts, rejected_parts, acc_info = [], [], []
        self.n_rounds_ = {}
        self.jitter_ = {}
        self.holdout_folds_ = {}
        class_stats = {}
        for label in classes:
            need = int(self.sampling_strategy_[label])
            real = frame[y == label]
            n_real = len(real)
            det = detector
            if det is not None and n_real < 2:
                warnings.warn(
                    f"Class {label!r} has {n_real} real row; the detector needs at "
                    "least 2, so this class is filtered by rules and copies only.",
                    SynthsieveWarning,
                    stacklevel=2,
                )
                det = None
            elif det is not None and n_real < self.cv:
                warnings.warn(
                    f"Class {label!r} has {n_real} real rows, fewer than cv="
                    f"{self.cv}; scoring it with {n_real}-fold cross-fitting.",
                    SynthsieveWarning,
                    stacklevel=2,
                )
            folds = self._generation_folds(label, real, rng)
            first_part = len(rejected_parts)
            got, pools = [], []
            stats = {
                "candidates": 0,
                "rejected": {},
                "accepted_so_far": 0,
                "real_scores": [],
                "filled": 0,
            }
            seen_keys: set = set()
            rounds = progress(
                range(1, self.max_rounds + 1),
                verbose=self.verbose,
                desc=f"class {label!r}",
            )
            r = 0
            for r in rounds:
                still = need - sum(len(g) for g in got)
                if still <= 0:
                    r -= 1
                    break
                n_want = self._round_size(still, stats, frame.shape[1])
                batches = []
                for fold in folds:
                    n_fold = max(1, math.ceil(n_want / len(folds)))
                    batches.append(
                        self._batch(
                            sampler,
                            frame,
                            gen_frame,
                            y,
                            label,
                            fold,
                            n_fold,
                            encoder,
                            rules,
                            copies,
                            det,
                            seen_keys,
                            rng,
                        )
                    )
                cand = pd.concat([b[0] for b in batches], ignore_index=True)
                scores = np.concatenate([b[1] for b in batches])
                reason = np.concatenate([b[2] for b in batches])
                keys = np.concatenate([b[3] for b in batches])
                batch_id = np.concatenate(
                    [np.full(len(b[0]), i) for i, b in enumerate(batches)]
                )
                stats["real_scores"].extend(b[5] for b in batches if len(b[5]))
                if r == 1:
                    stats["raw_first_round"] = pd.concat(
                        [b[4] for b in batches], ignore_index=True
                    )
                stats["candidates"] += len(cand)
                acc = np.flatnonzero(reason == "")
                if len(acc) > still:
                    extra = rng.choice(acc, len(acc) - still, replace=False)
                    reason[extra] = "surplus"
                acc = np.flatnonzero(reason == "")
                seen_keys.update(keys[acc].tolist())
                got.append(cand.iloc[acc])
                stats["accepted_so_far"] += len(acc)
                acc_info.append(
                    pd.DataFrame(
                        {
                            "class": label,
                            "round": r,
                            "score": scores[acc],
                            "filled": False,
                        }
                    )
                )
                rej = np.flatnonzero((reason != "") & (reason != "surplus"))
                # only "detectable" rejects can fill a shortfall: keep those
                pick = np.flatnonzero(reason == "detectable")
                pools.append((r, cand.iloc[pick], scores[pick], batch_id[pick], pick))
                if len(rej):
                    part = (
                        cand.iloc[rej]
                        .reset_index(drop=True)
                        .rename(columns=_feature_names(frame.columns))
                    )
                    meta = pd.DataFrame(
                        {
                            "class": label,
                            "round": r,
                            "candidate": rej,
                            "reason": reason[rej],
                            "score": scores[rej],
                        }
                    )
                    rejected_parts.append(pd.concat([meta, part], axis=1))
                for why in reason[rej]:
                    key = why.split(":")[0] if why.startswith("invalid") else why
                    stats["rejected"][key] = stats["rejected"].get(key, 0) + 1
                logger.info(
                    "class %r round %d: %d candidates, %d accepted, %d still needed",
                    label,
                    r,
                    len(cand),
                    len(acc),
                    still - len(acc),
                )
            self.n_rounds_[label] = r
            n_got = sum(len(g) for g in got)
            if n_got < need:
                got, acc_info, filled = self._shortfall(
                    label, need, n_got, pools, got, acc_info
                )
                if filled:
                    for i in range(first_part, len(rejected_parts)):
                        part = rejected_parts[i]
                        keep = [
                            (rr, cc) not in filled
                            for rr, cc in zip(part["round"], part["candidate"])
                        ]
                        rejected_parts[i] = part[keep]
                    stats["rejected"]["detectable"] -= len(filled)
                    stats["filled"] = len(filled)
            accepted = pd.concat(got, ignore_index=True) if got else frame.iloc[:0]
            stats["accepted"] = len(accepted)
            stats["needed"] = need
            stats["n_real"] = n_real
            stats["rounds"] = self.n_rounds_[label]
            stats["jitter"] = self.jitter_.get(label)
            class_stats[label] = (stats, real, accepted)
            accepted_parts.append((label, accepted))

        self.accepted_ = (
            pd.concat(acc_info, ignore_index=True)
            if acc_info
            else pd.DataFrame(columns=["class", "round", "score", "filled"])
        )
        cols = [
            *_META,
            *frame.rename(columns=_feature_names(frame.columns)).columns,
        ]
        self.rejected_ = (
            pd.concat(rejected_parts, ignore_index=True)
            if rejected_parts
            else pd.DataFrame(columns=cols)
        )
        self.report_ = self._build_report(class_stats, rng)
        # the working copies (the frames, the first round's raw candidates held
        # for the report) go before the output is assembled: on large data
        # they are what sets the peak memory
        del class_stats, frame, gen_frame, rejected_parts, acc_info

        n_new = sum(len(acc) for _, acc in accepted_parts)
        X_out = np.empty((len(X) + n_new, X.shape[1]), dtype=X.dtype)
        X_out[: len(X)] = X
        y_new = [y]
        start = len(X)
        while accepted_parts:
            label, acc = accepted_parts.pop(0)
            if len(acc):
                values = acc.to_numpy(dtype=object if X.dtype == object else float)
                del acc
                if np.issubdtype(X.dtype, np.integer) or X.dtype == bool:
                    values = np.rint(values)  # rules=None: nearest, not floor
                X_out[start : start + len(values)] = values.astype(X.dtype, copy=False)
                start += len(values)
                y_new.append(np.full(len(values), label, dtype=y.dtype))
                del values
        if getattr(self, "_sparse_format", None):
            X_out = sparse.csr_matrix(X_out).asformat(self._sparse_format)
        return X_out, np.concatenate(y_new)

    def _shortfall(self, label, need, n_got, pools, got, acc_info):
        msg = (
            f"Class {label!r}: {n_got} of {need} rows accepted after max_rounds="
            f"{self.max_rounds}"
        )
        if self.shortfall == "raise":
            raise RuntimeError(
                msg + "; raise `max_rounds` or `candidate_factor`, relax the rules, "
                "or set shortfall='fill'."
            )
        if self.shortfall == "return":
            warnings.warn(
                msg + "; returning fewer rows (shortfall='return').",
                ShortfallWarning,
                stacklevel=3,
            )
            return got, acc_info, set()
        # fill: least detectable leftovers. Scores of different detectors are
        # never compared: within a round, each fold detector's candidates are
        # ranked by their quantile among that detector's own scores.
        missing = need - n_got
        filled = set()
        for r, cand, scores, batch_id, index in reversed(pools):
            if missing <= 0:
                break
            if not len(index):
                continue
            quantile = np.empty(len(index))
            for b in np.unique(batch_id):
                sel = batch_id == b
                ranks = np.argsort(np.argsort(scores[sel], kind="stable"))
                quantile[sel] = (ranks + 0.5) / sel.sum()
            order = np.argsort(quantile, kind="stable")[:missing]
            got.append(cand.iloc[order])
            acc_info.append(
                pd.DataFrame(
                    {"class": label, "round": r, "score": scores[order], "filled": True}
                )
            )
            filled.update((r, int(i)) for i in index[order])
            missing -= len(order)
        warnings.warn(
            msg + f"; filled {len(filled)} with the least detectable remaining "
            "candidates (shortfall='fill').",
            ShortfallWarning,
            stacklevel=3,
        )
        return got, acc_info, filled

    def _build_report(self, class_stats, rng):
        from ..report._report import build_report

        auditors = None
        if self.auditors is not None:
            seed = _seed(rng)
            auditors = (
                default_auditors(seed)
                if isinstance(self.auditors, str)
                else _check_detectors(self.auditors, seed)
            )
        data = {
            label: {
                "stats": stats,
                "real": real,
                "raw": stats.get("raw_first_round"),
                "accepted": accepted,
                "real_scores": stats["real_scores"] or None,
                "accepted_scores": self.accepted_.loc[
                    self.accepted_["class"] == label, "score"
                ].to_numpy(),
                "rejected": self.rejected_[self.rejected_["class"] == label],
            }
            for label, (stats, real, accepted) in class_stats.items()
        }
        return build_report(
            data,
            auditors=auditors,
            random_state=_seed(rng),
            sampler=type(self).__name__,
        )

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.input_tags.string = True
        tags.input_tags.allow_nan = False
        return tags


def _fit_fold(detector, Xd, labels, tr, te, C, rest):
    """Fit one fold's detector; its scores of the fold's rows and of `rest`."""
    with small_data_threads(len(Xd)):
        model = clone(detector).fit(Xd[tr], labels[tr])
    col = list(model.classes_).index(1)
    with small_data_threads(len(te)):
        p_te = model.predict_proba(Xd[te])[:, col]
    p_rest = _predict_chunked(model, C, rest, col) if len(rest) else None
    return te, p_te, p_rest


def _predict_chunked(model, C, rows, col) -> np.ndarray:
    """``model.predict_proba(C[rows])[:, col]``, in blocks of `_BLOCK` rows, so
    that no copy of all of ``C[rows]`` is made."""
    out = np.empty(len(rows))
    with small_data_threads(len(rows)):
        for start in range(0, len(rows), _BLOCK):
            part = rows[start : start + _BLOCK]
            out[start : start + len(part)] = model.predict_proba(C[part])[:, col]
    return out


def _spread_index(real: pd.DataFrame):
    """The real rows' values, column scales and a 5-nearest-neighbour index."""
    from sklearn.neighbors import NearestNeighbors

    V = real.to_numpy(dtype=float)
    scale = V.std(axis=0)
    scale[scale == 0] = 1.0
    nn = NearestNeighbors(n_neighbors=min(5, len(V))).fit(V / scale)
    return V, scale, nn


def _local_spread(V, scale, nn, C) -> np.ndarray:
    """Per candidate and column, the spread of its nearest real rows' values."""
    idx = nn.kneighbors(C / scale, return_distance=False)
    return V[idx].std(axis=1)


def _jitter_columns(real: pd.DataFrame) -> list:
    """The columns the jitter adds noise to: numeric and not binary (0/1)."""
    return [
        c
        for c in real.columns
        if not is_nominal(real[c])
        and not np.isin(real[c].to_numpy(dtype=float), (0.0, 1.0)).all()
    ]


def _uses_own_class_only(sampler) -> bool:
    """True for base samplers known to read only the rows of the class they
    over-sample (imbalanced-learn's SMOTE, exactly: not its subclasses)."""
    from imblearn.over_sampling import SMOTE

    return type(sampler) is SMOTE


def _float_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """`frame` with integer and boolean columns as float64 (a copy if needed)."""
    cast = {
        c: "float64"
        for c in frame.columns
        if not is_nominal(frame[c])
        and (
            pd.api.types.is_integer_dtype(frame[c])
            or pd.api.types.is_bool_dtype(frame[c])
        )
    }
    return frame.astype(cast) if cast else frame


def _validated(estimator, name: str):
    """Run a nested estimator's own parameter validation now, with its role named.

    imbalanced-learn skips nested validation in ``fit_resample``, so a wrapped
    ``SMOTE(k_neighbors=0)`` would otherwise fail deep inside a round.
    """
    if hasattr(type(estimator), "_parameter_constraints"):
        try:
            estimator._validate_params()
        except (ValueError, TypeError) as exc:
            raise type(exc)(f"Invalid `{name}`: {exc}") from exc
    return estimator


_META = ("class", "round", "candidate", "reason", "score")


def _feature_names(columns) -> dict:
    """Renames for feature columns whose names clash with `rejected_`'s own."""
    return {c: f"{c}_feature" for c in columns if c in _META}


class _DetectorFeatures:
    """What the filtering detector sees: the encoded columns plus, when the data
    has binary columns, the number of active ones per row.

    Trees split on one column at a time and miss a shift in the *count* of active
    features (the paper's synthetic prescriptions held 20 drugs where real ones
    held 34.8); the count as one more column makes it visible.
    """

    def fit(self, frame: pd.DataFrame) -> _DetectorFeatures:
        self.encoder_ = TabularEncoder().fit(frame)
        self.binary_ = [
            c
            for c in frame.columns
            if not is_nominal(frame[c])
            and np.isin(frame[c].to_numpy(dtype=float), (0.0, 1.0)).all()
        ]
        return self

    def transform(self, frame: pd.DataFrame) -> np.ndarray:
        Z = self.encoder_.transform(frame)
        if len(self.binary_) < 2:
            return Z
        count = frame[self.binary_].to_numpy(dtype=float).sum(axis=1)
        return np.hstack([Z, count[:, None]])
