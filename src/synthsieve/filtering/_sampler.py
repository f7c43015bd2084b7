"""FilteredOverSampler: a meta-sampler that keeps only candidates that look real."""

from __future__ import annotations

import pandas as pd
from imblearn.over_sampling.base import BaseOverSampler
from joblib import Parallel, delayed
from sklearn.base import clone
from sklearn.exceptions import NotFittedError
from sklearn.utils.validation import validate_data

from .._arguments import check_classifier_with_proba, check_sampler
from .._docstring import Substitution
from .._input import (
    check_input_columns,
    check_labels,
    check_strategy,
    warn_numeric_strings,
)
from .._overlap import ClassOverlap
from .._polars import from_polars
from .._schema import TableSchema
from .._seeds import Streams
from .._values import is_nominal
from .._warn import warn
from ..detectors import CopyDetector, check_detectors, make_detector
from ..report._class_overlap import RealSample
from ..rules import DomainRules
from ._defaults import default_sampler
from ._features import DetectorFeatures
from ._input import FitInput
from ._jitter import JITTER_MAX_RATIO, JITTER_MAX_ROWS
from ._params import constraints
from ._record import ACCEPTED_COLUMNS, rejected_frame
from ._report_basis import AUDIT_CV, REPORT_ROWS, keep_for_report
from ._rounds import ROUND_CELLS, resample_class
from ._selection import SELECTION_MAX_CELLS, SELECTION_POOL
from ._state import FitState, Settings

__all__ = ["FilteredOverSampler"]

#: Above this many training rows, copy rejection compares a candidate with the
#: real rows of its own class only (see ``reject_copies``): the near-copy check
#: guards against the detector favouring candidates that hug the real rows it
#: compares them with, those of their own class, and the search among every
#: row grows with rows squared.
_CLASS_SEARCH_ROWS = 10000


@Substitution()
class FilteredOverSampler(BaseOverSampler):
    """Over-sample with any sampler, keeping only candidates that look real.

    For each class to over-sample, the base sampler proposes candidates in
    rounds. Candidates are repaired or rejected by the domain rules, copies of
    real rows are rejected, and a detector trained afresh on the class's real
    rows (0) against the first candidates (1) scores every candidate out of
    fold (no candidate is scored by a model that saw it). Candidates are
    accepted by rejection sampling with the detector's density ratio, so that
    the accepted rows follow the real distribution rather than collapse onto
    the rows closest to it; accepted near copies of real rows are rejected.
    Rounds repeat until the class has what `sampling_strategy` asks, or
    `max_rounds` is spent.

    Parameters
    ----------
    %(sampling_strategy)s
    sampler : over-sampler, default=None
        Proposes the candidates: any imbalanced-learn over-sampler or any object
        whose ``fit_resample`` appends rows. None uses ``SMOTE`` on numeric data,
        ``SMOTEN`` when every column is nominal and ``SMOTENC`` when some are.
        Cloned at fit.
    categorical_features : array-like or None, default=None
        Columns to treat as nominal although they hold numbers (integer codes
        such as 1 to 4 for a card's suit): positions, names (when `X` has
        column names) or a boolean mask, as in imbalanced-learn's ``SMOTENC``.
        Inside, they become pandas categories, so the default sampler, the rules
        and the detector read them as categories; new rows only take codes seen
        in the training data, and the output keeps their dtype. Object, string
        and categorical columns are nominal without being declared.
        See the :ref:`user guide <sampler-categorical>`.
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
        (``"duplicate"``). Near copies are searched among the candidates the
        detector accepted (the search costs the most). With more than
        ``FilteredOverSampler.CLASS_SEARCH_ROWS`` training rows, the nearest
        real row (and the threshold's spacing) is searched among the real rows
        of the candidate's class only (``CopyDetector(search="class")``): the
        search among all rows costs candidates x rows, quadratic in the size
        of the data. Exact copies of any class's rows are rejected either way.
    near_copy_quantile : float, default=0.01
        A candidate closer to its nearest real row than this quantile of the
        real rows' own nearest-neighbour distances is a near copy (see
        :class:`~synthsieve.CopyDetector` and the :ref:`user guide
        <sampler-defaults-evidence>`).
    acceptance : {"density_ratio", "threshold", "rate"}, default="density_ratio"
        ``"density_ratio"``: accept a candidate with probability proportional to
        ``(1 - s) / s`` for its out-of-fold score ``s`` (discriminator rejection
        sampling, Azadi et al., 2019), normalised by the 90th percentile of the
        round's ratios. ``"threshold"``: accept candidates scored below the
        `threshold_quantile` quantile of the real rows' own out-of-fold scores.
        ``"rate"``: reject the `rejection_rate` share of each round's most
        detectable candidates.
    class_consistency : "base", float or None, default="base"
        Keeps the accepted rows out of other classes' regions, where they add
        false positives downstream. A row's depth there is the share of other
        classes' rows among its 5 nearest real rows. ``"base"``: the accepted
        rows are thinned so that their depths follow those of the base
        sampler's own candidates (no deeper in the overlap than plain
        ``SMOTE``'s rows, say). A number ``q`` in [0, 1]: candidates deeper
        than the ``q`` quantile of the class's real rows' own depths are
        rejected. Rejected rows get the reason ``"other_class"``. Unless
        None, ``jitter="auto"`` also gives the least noise to a small class
        whose synthetic rows would outnumber its real ones many times, and
        ``selection="auto"`` may choose the rows as a set. None turns all three
        off: the most realistic rows, each accepted on its own, overlap
        included. See the :ref:`user guide <sampler-consistency>`.
    threshold_quantile : float, default=0.9
        Used with ``acceptance="threshold"``.
    rejection_rate : float, default=0.5
        Used with ``acceptance="rate"``.
    candidate_factor : float, default=3.0
        Candidates asked of the base sampler per row still needed, in the first
        round. Later rounds ask for ``still needed / acceptance rate so far``
        (times 1.2), at most ``10 * candidate_factor`` per row still needed and,
        on large data, at most ``FilteredOverSampler.ROUND_CELLS`` cells
        (candidates x columns) or ``candidate_factor`` per row still needed,
        whichever is more.
    selection : {"auto", "herding"} or None, default="auto"
        ``"herding"``: the rounds accept ``FilteredOverSampler.SELECTION_POOL``
        times the rows a class needs, and kernel herding keeps the set of rows
        that matches the class's real rows best (the others are dropped, not
        listed in ``rejected_``; `shortfall` counts the rows needed, and
        ``"fill"`` quietly completes a pool that holds them): less detectable
        rows, for the extra candidates and a choice whose time grows with the
        square of the rows a class needs. ``"auto"``: herding where that
        choice costs at most ``FilteredOverSampler.SELECTION_MAX_CELLS`` kernel
        cells (rows needed x pool rows x columns) and at most half the columns
        are binary, none elsewhere or with ``class_consistency=None``. None:
        the accepted candidates are the new rows. See the :ref:`user guide
        <sampler-selection>`.
    max_rounds : int, default=5
        Rounds of generation per class.
    shortfall : {"fill", "raise", "return"}, default="fill"
        After `max_rounds`: ``"fill"`` warns and fills with the least detectable
        candidates rejected as ``"detectable"`` (ranked within their own round,
        latest round first; never invalid rows, copies or near copies), and
        returns fewer rows if those run out; ``"raise"`` raises a RuntimeError;
        ``"return"`` warns and returns fewer rows.
    cv : int, default=5
        Folds of the out-of-fold scoring. On a class expected to need more than
        16,384 candidates, one model of the detector's sample scores the other
        candidates, and the sample itself is scored by ``min(cv, 2)`` folds.
    holdout_folds : int or "auto", default="auto"
        1: the detector is trained on the same real rows the base sampler
        generated from; k > 1: candidates generated without fold k are scored
        by a detector trained on fold k's rows only. ``"auto"`` uses 1 for a
        class whose candidates are jittered and 2 otherwise, or 1 where two
        folds would be too small; a number k leaves classes with fewer than
        ``k * max(cv, 10)`` rows at 1, with a warning. See the :ref:`user
        guide <sampler-defaults-evidence>`.
    jitter : float or "auto", default="auto"
        Local Gaussian noise added to the integer and continuous columns of
        each candidate before repair, in units of the local spread of the
        class's real rows around the candidate's nearest real row (0 turns it
        off). ``"auto"`` chooses the scale per class from 0, 0.25, ..., 3: the
        one whose candidates lie as far from their generating rows as other
        real rows do, and, unless ``class_consistency=None``, the least noise
        that keeps most candidates from being near copies (usually none) for a
        class of fewer than ``FilteredOverSampler.JITTER_MAX_ROWS`` real rows
        asked for more than ``FilteredOverSampler.JITTER_MAX_RATIO`` synthetic
        rows per real row; the choice is in ``jitter_``. See the :ref:`user
        guide <sampler-jitter>`.
    max_detector_rows : int, default=5000
        Most candidates the detector is trained on per block (never more than
        ``max(500, 10 * n_real)``); the other candidates are scored by models
        that did not see them.
    max_rejected_rows : int or None, default=10000
        Rejected candidates per class whose feature values ``rejected_`` keeps
        (the first ones, in round and candidate order); every rejected
        candidate's metadata is kept. None keeps them all, at the memory cost of
        a copy of every rejected candidate.
    auditors : "default", classifier, list, dict or None, default="default"
        Independent auditors (never the filtering detector's fitted models) of
        the raw candidates and the accepted rows for ``report_``, on a seeded
        sample of at most ``FilteredOverSampler.REPORT_ROWS`` rows a side per
        class, ``FilteredOverSampler.AUDIT_CV`` folds, when the report is first
        read; ``"default"`` is fast gradient boosting and logistic
        regression, None skips the audit. The full hold-out audit is
        :func:`~synthsieve.sieve_report`.
    %(random_state)s
    %(n_jobs)s
    %(verbose)s

    Attributes
    ----------
    sampling_strategy_ : dict
        Rows to add per class.
    base_sampler_ : over-sampler
        The unfitted base sampler the fit used (a clone of `sampler`, or the
        default chosen from the column kinds); the "before" of the report.
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
        Counts, reasons, residual detectability and class overlap per class.
        Computed when first read (by ``report_`` itself, its summary, JSON or
        HTML, the command line or :func:`~synthsieve.sieve_report`) and cached
        on the fitted sampler, so that a fit in a pipeline or a search pays
        only for the filtering; the same for the same `random_state`, before
        or after pickling. A class that the audit shows the filter did not
        make harder to detect is warned about then (a class whose detector
        turned down next to nothing is warned about at fit). To compute it,
        the fit keeps a seeded sample of at most ``REPORT_ROWS`` rows a side
        of each over-sampled class (real rows, raw first-round candidates,
        accepted rows) and at most ``REPORT_ROWS`` real rows of every other
        class, that is at most 3 x ``REPORT_ROWS`` x `n_features_in_` values
        per over-sampled class and ``REPORT_ROWS`` x `n_features_in_` per
        other class, with the real rows'
        detector scores and the accepted rows' scores; ``rejected_`` holds the
        rejected candidates' metadata it reads.
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
    by class. The detector is trained once per class (and generation fold), on
    the first block of candidates; it scores the later blocks and rounds, which
    come from the same base sampler and which it never saw.

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

    #: Training rows above which the copy check searches a candidate's own
    #: class only (see `reject_copies`).
    CLASS_SEARCH_ROWS = _CLASS_SEARCH_ROWS
    #: Cells (candidates x columns) a later round may grow to.
    ROUND_CELLS = ROUND_CELLS
    #: Synthetic rows per real row above which ``jitter="auto"`` gives a small
    #: class the least noise.
    JITTER_MAX_RATIO = JITTER_MAX_RATIO
    #: Real rows below which a class is small enough for that rule.
    JITTER_MAX_ROWS = JITTER_MAX_ROWS
    #: Rows accepted per row a class needs, for the set selection.
    SELECTION_POOL = SELECTION_POOL
    #: Kernel cells up to which ``selection="auto"`` chooses by herding.
    SELECTION_MAX_CELLS = SELECTION_MAX_CELLS
    #: Rows a side per class the report's sample keeps, and its audit's folds.
    REPORT_ROWS = REPORT_ROWS
    AUDIT_CV = AUDIT_CV

    # declared once, with the defaults, in _params.PARAMS (a test checks that
    # __init__'s defaults are the table's)
    _parameter_constraints: dict = {
        **BaseOverSampler._parameter_constraints,
        **constraints(),
    }

    def __init__(
        self,
        *,
        sampling_strategy="auto",
        sampler=None,
        categorical_features=None,
        detector="hgb",
        rules="auto",
        on_invalid="repair",
        reject_copies=True,
        near_copy_quantile=0.01,
        acceptance="density_ratio",
        class_consistency="base",
        threshold_quantile=0.9,
        rejection_rate=0.5,
        candidate_factor=3.0,
        selection="auto",
        max_rounds=5,
        shortfall="fill",
        cv=5,
        holdout_folds="auto",
        jitter="auto",
        max_detector_rows=5000,
        max_rejected_rows=10000,
        auditors="default",
        random_state=None,
        n_jobs=None,
        verbose=0,
    ):
        super().__init__(sampling_strategy=sampling_strategy)
        self.sampler = sampler
        self.categorical_features = categorical_features
        self.detector = detector
        self.rules = rules
        self.on_invalid = on_invalid
        self.reject_copies = reject_copies
        self.near_copy_quantile = near_copy_quantile
        self.acceptance = acceptance
        self.class_consistency = class_consistency
        self.threshold_quantile = threshold_quantile
        self.rejection_rate = rejection_rate
        self.candidate_factor = candidate_factor
        self.selection = selection
        self.max_rounds = max_rounds
        self.shortfall = shortfall
        self.cv = cv
        self.holdout_folds = holdout_folds
        self.jitter = jitter
        self.max_detector_rows = max_detector_rows
        self.max_rejected_rows = max_rejected_rows
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
        X, y, back = from_polars(X, y)  # imbalanced-learn's output step needs pandas
        check_labels(y)  # before imbalanced-learn's, which names neither
        return back(*super().fit_resample(X, y, **params))

    def _check_X_y(self, X, y):
        """imbalanced-learn's hook: every check of the input, and the one
        :class:`FitInput` that it hands to ``_fit_resample`` in place of `X`."""
        self._check_nested_params()
        # dates, mixed object columns, duplicated names... named as the user wrote
        # them, before scikit-learn's validation fails on them without a name
        check_input_columns(X)
        y, binarize_y = self._check_target(y)
        checked = X
        if isinstance(X, pd.DataFrame) and any(is_nominal(X[c]) for c in X.columns):
            # scikit-learn casts pandas' own dtypes (bool, Int64, ...) to float
            # when a frame mixes them with categories, and fails on the
            # categories; as objects it keeps every value (the fit reads the
            # user's frame itself, see FitInput)
            checked = X.astype(object)
        validated, y = validate_data(
            self,
            X=checked,
            y=y,
            reset=True,
            dtype=None,
            ensure_all_finite=False,
            accept_sparse=["csr", "csc"],
        )
        data = FitInput.build(
            X,
            validated,
            feature_names=getattr(self, "feature_names_in_", None),
            categorical_features=self.categorical_features,
        )
        check_strategy(self.sampling_strategy, y)
        return data, y, binarize_y

    @staticmethod
    def _check_target(y):
        from imblearn.utils import check_target_type

        return check_target_type(y, indicate_one_vs_all=True)

    def _check_nested_params(self):
        """The nested estimators' kinds, before any data is looked at: a class
        instead of an instance, a detector without ``predict_proba``, auditors
        that cannot audit (otherwise found only when the report is built)."""
        if self.sampler is not None:
            check_sampler(self.sampler)
        if self.detector is not None and not isinstance(self.detector, str):
            check_classifier_with_proba(self.detector, "detector")
        if self.auditors is not None and not isinstance(self.auditors, str):
            check_detectors(self.auditors, 0, name="auditors")

    def _build_nested(self, streams, schema):
        """The fit's base sampler and detector: clones of the user's (their
        kinds checked by ``_check_nested_params``, their parameters here), or
        the defaults."""
        if self.sampler is None:
            sampler = default_sampler(
                schema, random_state=streams.child("sampler").seed()
            )
        else:
            sampler = _validated(clone(self.sampler), "sampler")
        if isinstance(self.detector, str):
            detector = make_detector(self.detector, streams.child("detector").seed())
        elif self.detector is None:
            detector = None
        else:
            detector = _validated(clone(self.detector), "detector")
        return sampler, detector

    # ------------------------------------------------------------ fit

    def _fit_resample(self, data: FitInput, y):
        streams = Streams.of(self.random_state)
        frame, schema = data.frame, data.schema
        warn_numeric_strings(frame, data.nominal)
        base, detector = self._build_nested(streams, schema)
        classes = [c for c, n in self.sampling_strategy_.items() if n > 0]
        rules = self._fit_rules(frame, y)
        copies = self._fit_copies(frame, y, classes)
        state = FitState(
            frame=frame,
            gen_frame=_float_frame(frame, schema),
            y=y,
            schema=schema,
            rules=rules,
            copies=copies,
            features=DetectorFeatures(schema).fit(frame),
            sampler=base,
            detector=detector,
            settings=Settings.of(self),
            overlap=self._fit_overlap(frame, y),
        )
        records = self._resample_classes(state, classes, streams)
        report_seeds = self._report_seeds(streams)
        real_sample = RealSample.draw(
            frame, y, REPORT_ROWS, streams.child("real-sample").seed()
        )
        # on large data the working copies (in the state) set the peak memory;
        # the input's frame is the user's frame or a view of the validated array
        del state, frame

        self.base_sampler_, self.rules_, self.copy_detector_ = base, rules, copies
        self.sampler_ = records[-1].sampler if records else clone(base)
        self.n_rounds_ = {r.label: r.rounds for r in records}
        self.jitter_ = {r.label: r.jitter for r in records}
        self.holdout_folds_ = {r.label: r.holdout_folds for r in records}
        accepted = [r.accepted_rows() for r in records]
        self.accepted_ = _accepted_frame(records)
        self.rejected_ = rejected_frame(records, list(data.columns))
        self._report_basis = self._keep_for_report(
            records, accepted, real_sample, report_seeds
        )
        for record in records:
            record.release()
        return data.assemble(y, records, accepted)

    def _resample_classes(self, state, classes, streams) -> list:
        """Each class's rounds, through joblib, each from its own stream;
        warnings raised in a worker are re-issued here, in class order."""
        need = self.sampling_strategy_
        try:
            results = Parallel(n_jobs=self.n_jobs if len(classes) > 1 else None)(
                delayed(resample_class)(
                    state, c, int(need[c]), streams.child("class", i)
                )
                for i, c in enumerate(classes)
            )
        except Exception as exc:
            _reissue(getattr(exc, "synthsieve_warnings", []))
            raise
        for _, caught in results:
            _reissue(caught)
        return [record for record, _ in results]

    def _fit_rules(self, frame, y):
        if self.rules == "auto":
            return DomainRules.infer(frame, y)
        if isinstance(self.rules, DomainRules):
            return clone(self.rules).fit(frame, y)
        return None

    def _fit_overlap(self, frame, y):
        """The class-overlap index of ``class_consistency`` (None when off).

        Its sample of real rows (beyond ``MAX_INDEX_ROWS``) has a fixed seed,
        so that the seeds drawn for the rounds do not depend on it."""
        if self.class_consistency is None:
            return None
        return ClassOverlap(random_state=0, n_jobs=self.n_jobs).fit(frame, y)

    def _fit_copies(self, frame, y, classes):
        if not self.reject_copies:
            return None
        # Beyond _CLASS_SEARCH_ROWS real rows, a candidate's nearest real row is
        # searched among its own class only: the search over all rows costs
        # candidates x rows, quadratic in the data's size.
        return CopyDetector(
            near_copy_quantile=self.near_copy_quantile,
            search="all" if len(frame) <= _CLASS_SEARCH_ROWS else "class",
            search_classes=classes,
            n_jobs=self.n_jobs,
        ).fit(frame, y)

    # ------------------------------------------------------------ report

    @property
    def report_(self):
        """The :class:`~synthsieve.SieveReport`, computed when first read (see
        the class docstring) and cached on the fitted sampler."""
        basis = self.__dict__.get("_report_basis")
        if basis is None:
            if "report_" in self.__dict__:  # unpickled from an earlier version
                return self.__dict__["report_"]
            raise NotFittedError(
                f"This {type(self).__name__} instance is not fitted yet: call "
                "'fit_resample' before reading `report_`."
            )
        return basis.compute(self.rejected_, self.copy_detector_)

    def _report_seeds(self, streams) -> tuple:
        """The report's seeds, from streams of their own: the audit's and
        samples', and the auditors' (None without auditors)."""
        auditors = None if self.auditors is None else streams.child("auditors")
        return streams.child("report").seed(), auditors and auditors.seed()

    def _keep_for_report(self, records, accepted, real_sample, seeds):
        """What the report needs, kept at fit; the report itself is computed
        when ``report_`` is first read."""
        seed, auditor_seed = seeds
        auditors = None
        if self.auditors is not None:
            auditors = (
                {
                    "hgb": make_detector("hgb-fast", auditor_seed),
                    "logreg": make_detector("logreg-fast", auditor_seed),
                }
                if isinstance(self.auditors, str)
                else check_detectors(self.auditors, auditor_seed)
            )
        return keep_for_report(
            records,
            accepted,
            real_sample,
            auditors=auditors,
            seed=seed,
            sampler=type(self).__name__,
            extra={"class_consistency": self.class_consistency},
            scored=self.detector is not None,
        )

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.input_tags.string = True
        tags.input_tags.allow_nan = False
        return tags


def _reissue(caught) -> None:
    """Warn again what a class's rounds warned (in a joblib worker or here)."""
    for w in caught:
        warn(w.message, w.category)


def _accepted_frame(records) -> pd.DataFrame:
    parts = [m for r in records for m in r.accepted_meta()]
    if not parts:
        return pd.DataFrame(columns=ACCEPTED_COLUMNS)
    return pd.concat(parts, ignore_index=True)


def _float_frame(frame: pd.DataFrame, schema: TableSchema) -> pd.DataFrame:
    """`frame` with integer and boolean columns as float64 (a copy if needed)."""
    cast = {
        c.name: "float64"
        for c in schema.columns
        if c.numeric
        and (
            pd.api.types.is_integer_dtype(c.dtype)
            or pd.api.types.is_bool_dtype(c.dtype)
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
