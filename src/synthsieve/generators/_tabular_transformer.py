"""Tabular transformer over-sampling (after ImbLLM): a small autoregressive
transformer over binned column tokens, trained from scratch on the table."""

from __future__ import annotations

import logging
from numbers import Integral, Real

import numpy as np
from sklearn.utils._param_validation import Interval, StrOptions

from .._docstring import Substitution, epoch_verbose
from ..detectors._torch import resolve_device, single_torch_thread
from ._base import (
    TRAINING_CONSTRAINTS,
    BaseGenerator,
    class_label,
    kneighbors_excluding_self,
    require_rows,
    train_module,
)

__all__ = ["TabularTransformerOverSampler"]

logger = logging.getLogger(__name__)

# Rows decoded per forward pass at generation time (bounds the logits' memory).
_GENERATION_CHUNK = 4096


def _fit_column(values, n_bins, discrete):
    """(edges, categories) of one column; exactly one of the two is None.

    A discrete or constant column gets one token per distinct value
    (`categories`); any other column gets quantile bins (`edges`, increasing,
    from its minimum to its maximum; tied quantiles are merged).
    """
    distinct = np.unique(values)
    if discrete or len(distinct) == 1:
        return None, distinct
    edges = np.unique(np.quantile(values, np.linspace(0.0, 1.0, n_bins + 1)))
    return edges, None


def _bin_codes(X, bin_edges, categories):
    """Token index of each value inside its column's vocabulary, shape of `X`.

    A value on an inner edge belongs to the bin above it; values below the first
    or above the last edge fall in the first or last bin.
    """
    codes = np.empty(X.shape, dtype=np.int64)
    for j in range(X.shape[1]):
        if categories[j] is not None:
            where = np.searchsorted(categories[j], X[:, j])
            codes[:, j] = np.clip(where, 0, len(categories[j]) - 1)
        else:
            codes[:, j] = np.searchsorted(bin_edges[j][1:-1], X[:, j], side="right")
    return codes


def _decode(codes, bin_edges, categories, rng):
    """Real values for token indices: the category itself, or a value drawn
    uniformly between the edges of the bin."""
    X = np.empty(codes.shape, dtype=np.float64)
    for j in range(codes.shape[1]):
        if categories[j] is not None:
            X[:, j] = categories[j][codes[:, j]]
        else:
            low = bin_edges[j][codes[:, j]]
            high = bin_edges[j][codes[:, j] + 1]
            drawn = low + rng.uniform(size=len(codes)) * (high - low)
            X[:, j] = np.clip(drawn, low, high)
    return X


def _interpolate(X_c, n_rows, k, discrete, rng):
    """`n_rows` SMOTE-like rows of one class: a random point on the segment from
    a row to one of its `k` nearest rows; a discrete column takes the value of
    one end (the far end with probability equal to the interpolation weight)."""
    neighbours = kneighbors_excluding_self(X_c, k)
    rows = rng.randint(len(X_c), size=n_rows)
    partners = neighbours[rows, rng.randint(k, size=n_rows)]
    lam = rng.uniform(size=(n_rows, 1))
    new = X_c[rows] + lam * (X_c[partners] - X_c[rows])
    take_partner = rng.uniform(size=new.shape) < lam
    ends = np.where(take_partner, X_c[partners], X_c[rows])
    new[:, discrete] = ends[:, discrete]
    return new


def _build_module(
    n_tokens, n_features, max_bins, d_model, n_layers, n_heads, generator
):
    """Token and column embeddings, a pre-norm causal transformer and a linear
    head with `max_bins` logits per column.

    The layers are created on the meta device (so torch's global generator is
    not drawn from) and initialised from the local `generator`: matrices from
    N(0, 0.02^2), biases at 0 and layer-norm weights at 1, as in GPT-2.
    """
    import torch
    from torch import nn

    with torch.device("meta"):
        layer = nn.TransformerEncoderLayer(
            d_model,
            n_heads,
            dim_feedforward=2 * d_model,
            dropout=0.0,  # dropout would draw from torch's global generator
            activation="gelu",
            batch_first=True,
            norm_first=True,
        )
        module = nn.ModuleDict(
            {
                "tokens": nn.Embedding(n_tokens, d_model),
                "columns": nn.Embedding(n_features, d_model),
                "encoder": nn.TransformerEncoder(
                    layer,
                    n_layers,
                    norm=nn.LayerNorm(d_model),
                    enable_nested_tensor=False,
                ),
                "head": nn.Linear(d_model, n_features * max_bins),
            }
        )
    module = module.to_empty(device="cpu")
    with torch.no_grad():
        for name, parameter in module.named_parameters():
            if parameter.dim() > 1:
                parameter.normal_(0.0, 0.02, generator=generator)
            elif "norm" in name and name.endswith("weight"):
                parameter.fill_(1.0)
            else:
                parameter.zero_()
    return module


def _hidden_states(module, inputs, query):
    """Transformer states (n, L, d_model) of token sequences.

    `inputs` (n, L) are the tokens so far (the class token first) and `query`
    (n, L) the column whose bin comes next after each of them. The column to
    predict is embedded with the token before it, as a column name precedes its
    value in the paper's text rows; a causal mask hides later positions.
    """
    import torch

    hidden = module["tokens"](inputs) + module["columns"](query)
    length = inputs.shape[1]
    mask = torch.triu(
        torch.full((length, length), float("-inf"), device=inputs.device), diagonal=1
    )
    return module["encoder"](hidden, mask=mask, is_causal=True)


def _bin_logits(module, hidden, query, n_bins):
    """Logits (n, L, max_bins) of the bins of the query column at each position;
    -inf past the column's number of bins (`n_bins`, a tensor per column)."""
    import torch

    n, length, _ = hidden.shape
    max_bins = module["head"].out_features // len(n_bins)
    every = module["head"](hidden).view(n, length, len(n_bins), max_bins)
    pick = query[:, :, None, None].expand(n, length, 1, max_bins)
    logits = every.gather(2, pick)[:, :, 0]
    slots = torch.arange(max_bins, device=hidden.device)
    return logits.masked_fill(slots >= n_bins[query][..., None], float("-inf"))


def _sample_codes(
    module, class_tokens, given, n_given, offsets, n_bins, temperature, generator
):
    """Generate rows of bin codes, each from its class token and a prefix.

    `given` (n, F) holds the bin codes of real rows in column order; the first
    `n_given[i]` columns of row i's random column order are copied from it (the
    conditioning prefix), the others are sampled one at a time at `temperature`.
    `offsets` (F,) turns a column's code into its token. Returns the (n, F) codes
    in column order. Runs on the CPU.
    """
    import torch

    n_rows, n_features = given.shape
    order = torch.argsort(torch.rand(n_rows, n_features, generator=generator), dim=1)
    inputs = class_tokens[:, None]
    n_given = torch.as_tensor(n_given)
    produced = torch.empty_like(given)
    with torch.no_grad():
        for t in range(n_features):
            column = order[:, t : t + 1]
            hidden = _hidden_states(module, inputs, order[:, : t + 1])[:, -1:]
            logits = _bin_logits(module, hidden, column, n_bins)[:, 0]
            probs = torch.softmax(logits / temperature, dim=1)
            drawn = torch.multinomial(probs, 1, generator=generator)[:, 0]
            copied = given.gather(1, column)[:, 0]
            code = torch.where(t < n_given, copied, drawn)
            produced[:, t] = code
            token = offsets[column[:, 0]] + code
            inputs = torch.cat([inputs, token[:, None]], dim=1)
    codes = torch.empty_like(given)
    codes.scatter_(1, order, produced)
    return codes


@Substitution(verbose=epoch_verbose(__name__, "loss"))
class TabularTransformerOverSampler(BaseGenerator):
    """Over-sampling with a small autoregressive transformer over binned columns.

    The recipe of ImbLLM [1]_ on a transformer trained from scratch. Each row is
    written as a sequence of tokens: its class first, then one token per column,
    in a random column order redrawn every epoch. A numeric column's token is its
    quantile bin (one of at most `n_bins`); a discrete column has one token per
    distinct value. A causal transformer learns to predict each column's token
    from the class and the tokens before it. It is trained on the rows of the
    classes to over-sample plus SMOTE-like interpolated rows of those classes
    (`interpolation_ratio`).

    A new row of a class starts from its class token and a prefix copied from a
    random real row of the class: a random number of that row's column tokens (up
    to `prefix_fraction` of the columns). The other columns are sampled one at a
    time, in random order, at `temperature`. Each bin token is then turned into a
    value drawn uniformly inside the bin, so new rows are real-valued and stay
    within the range of the training rows.

    Parameters
    ----------
    %(sampling_strategy)s

    random_state : int, RandomState instance or None, default=None
        Seeds the interpolated rows, the network initialisation, the column
        orders, the batches, the prefixes, the sampled tokens and the values
        drawn in the bins. Only local generators are used: the global torch
        and numpy random states are left untouched.

    n_bins : int, default=32
        Largest number of quantile bins (tokens) of a numeric column. Tied
        quantiles are merged, so columns with many repeated values get fewer.

    categorical_features : "auto", array-like of int, str or bool, or None, \
default="auto"
        Columns that get one token per distinct value and whose new values are
        exactly values seen in training (integer-coded nominal or ordinal
        columns). "auto" picks the columns whose training values are all whole
        numbers and have at most `n_bins` distinct values; an array gives column
        indices, column names (when `X` is a DataFrame) or a boolean mask; None
        bins every column.

    interpolation_ratio : float, default=1.0
        Interpolated rows added to the training rows, per real row of each class
        to over-sample; 0 trains on the real rows only.

    k_neighbors : int, default=5
        Nearest rows of the same class an interpolation partner is drawn from.

    prefix_fraction : float, default=0.5
        Largest share of the columns copied from a real row into a new row's
        prefix. Each new row copies a number of columns drawn uniformly from 1 to
        ``max(1, int(prefix_fraction * n_features))`` (at most ``n_features -
        1``); 0 conditions on the class only.

    use_all_classes : bool, default=False
        Train on the rows of every class (each with its class token) rather than
        on the classes to over-sample only. The other classes then shape the
        network and the bins, which helps when the classes to over-sample are
        very small, at the cost of training on more rows.

    d_model : int, default=64
        Width of the token embeddings and of the transformer.

    n_layers : int, default=2
        Transformer layers.

    n_heads : int, default=4
        Attention heads per layer; must divide `d_model`.

    max_epochs : int, default=100
        Passes over the training rows.

    batch_size : int, default=128
        Rows per Adam step; rows and column orders are redrawn every epoch.

    lr : float, default=3e-3
        Learning rate of Adam.

    temperature : float, default=1.0
        Softmax temperature of the sampled tokens: below 1 favours the likeliest
        bins, above 1 flattens the distribution.

    %(device)s

    %(verbose)s

    Attributes
    ----------
    sampling_strategy_ : dict
        Number of new rows for each class, as imbalanced-learn computes it.

    module_ : torch.nn.ModuleDict
        The trained network, on the CPU, in evaluation mode: ``"tokens"`` (token
        embeddings), ``"columns"`` (embeddings of the column to predict next),
        ``"encoder"`` (a ``torch.nn.TransformerEncoder`` run with a causal mask)
        and ``"head"`` (logits over all tokens).

    bin_edges_ : list of ndarray or None
        Per feature, the increasing edges of its bins (from the smallest to the
        largest training value), or None for a column with one token per
        value.

    categories_ : list of ndarray or None
        Per feature, its distinct training values when it has one token per
        value, else None.

    class_tokens_ : dict
        ``{class: token}``: the class token of each class the network was
        trained on. Column tokens follow the class tokens, column by column.

    history_ : list of dict
        Per epoch, ``epoch`` and ``train_loss`` (mean cross-entropy of the
        column tokens, in nats).

    device_ : str
        Device the network was trained on, "cpu" or "cuda".

    n_features_in_ : int
        Number of features seen during ``fit_resample``.

    feature_names_in_ : ndarray of shape (`n_features_in_`,)
        Names of the features seen during ``fit_resample``, when `X` has string
        column names.

    See Also
    --------
    synthsieve.CVAEOverSampler : Sampling from a conditional variational
        auto-encoder.
    imblearn.over_sampling.SMOTE : The interpolation that enriches the training
        rows.

    Notes
    -----
    After Nguyen et al. [1]_ (ImbLLM), who fine-tune a pretrained large language
    model on minority rows written as text ("age is 42, ...") and generate new
    minority rows with it. Their three ingredients are kept: generation is
    conditioned on the class and on feature values of a real row of the class;
    the class stays first while the feature order is permuted at random during
    training; and the model is trained on the minority rows plus interpolated
    rows. What differs from the paper:

    - No pretrained language model: a small decoder-only transformer is trained
      from scratch on the table, so nothing is downloaded and no world knowledge
      is used. With few rows it knows less than a fine-tuned language model.
    - Tokens are bins, not text: a numeric value is its quantile bin, decoded to
      a value drawn uniformly in the bin; a discrete column has one token per
      value. Values therefore never leave the training range, and resolution
      within a bin is uniform rather than learned digit by digit.
    - Each token carries its column, and the column to produce next is given to
      the network as an input (as the column name precedes its value in the
      paper's text), so the network predicts values only, never column names.
    - One network serves all the classes to over-sample (each with its class
      token); by default it sees only their rows, as in the paper's fine-tuning
      set. ``use_all_classes=True`` adds the other classes' rows.
    - Conditioning values are given as bins: a new row shares the prefix
      columns' bins with the real row, but its values in those bins are drawn
      afresh.
    - Interpolated rows are SMOTE's, between a row and one of its
      `k_neighbors` nearest rows of the same class; a discrete column takes the
      value of one end.

    Only numeric features are supported: pandas categorical or string columns
    raise a TypeError; integer-code them (e.g. with
    ``sklearn.preprocessing.OrdinalEncoder``) to get one token per category. A
    binned integer column gets real values. Sparse input is converted to a dense
    array inside.

    Cost grows with the training rows times the square of the number of
    columns (a sequence has one token per column, and the head scores
    `n_bins` tokens of every column at every position); generation runs one
    forward pass per column.

    Training runs in float32 on `device_`; generation runs on the CPU. Training
    on the CPU is reproducible for a fixed `random_state`; CUDA kernels may not
    be. The fitted network lives on the CPU, so a fitted sampler pickles and
    unpickles on machines without a GPU. torch runs on one CPU thread during
    ``fit_resample`` and the caller's thread count is restored afterwards.

    References
    ----------
    .. [1] D. Nguyen, S. Gupta, K. Do, T. Nguyen, T. Braund, A. Whitton and
       S. Venkatesh, "Large Language Models for Imbalanced Classification:
       Diversity makes the difference", arXiv:2510.09783, 2025.

    Examples
    --------
    >>> from collections import Counter
    >>> from sklearn.datasets import make_classification
    >>> from synthsieve.generators import TabularTransformerOverSampler
    >>> X, y = make_classification(n_samples=200, weights=[0.9], random_state=0)
    >>> sampler = TabularTransformerOverSampler(max_epochs=5, random_state=0)
    >>> X_res, y_res = sampler.fit_resample(X, y)
    >>> sorted(Counter(y_res.tolist()).items())
    [(0, 180), (1, 180)]
    >>> bool((X_res[200:] >= X[y == 1].min(axis=0)).all())
    True
    """

    _parameter_constraints: dict = {
        **BaseGenerator._parameter_constraints,
        **TRAINING_CONSTRAINTS,
        "n_bins": [Interval(Integral, 2, None, closed="left")],
        "categorical_features": [StrOptions({"auto"}), "array-like", None],
        "interpolation_ratio": [Interval(Real, 0, None, closed="left")],
        "k_neighbors": [Interval(Integral, 1, None, closed="left")],
        "prefix_fraction": [Interval(Real, 0, 1, closed="both")],
        "use_all_classes": ["boolean"],
        "d_model": [Interval(Integral, 1, None, closed="left")],
        "n_layers": [Interval(Integral, 1, None, closed="left")],
        "n_heads": [Interval(Integral, 1, None, closed="left")],
        "temperature": [Interval(Real, 0, None, closed="neither")],
    }

    def __init__(
        self,
        *,
        sampling_strategy="auto",
        random_state=None,
        n_bins=32,
        categorical_features="auto",
        interpolation_ratio=1.0,
        k_neighbors=5,
        prefix_fraction=0.5,
        use_all_classes=False,
        d_model=64,
        n_layers=2,
        n_heads=4,
        max_epochs=100,
        batch_size=128,
        lr=3e-3,
        temperature=1.0,
        device="auto",
        verbose=0,
    ):
        super().__init__(sampling_strategy=sampling_strategy)
        self.random_state = random_state
        self.n_bins = n_bins
        self.categorical_features = categorical_features
        self.interpolation_ratio = interpolation_ratio
        self.k_neighbors = k_neighbors
        self.prefix_fraction = prefix_fraction
        self.use_all_classes = use_all_classes
        self.d_model = d_model
        self.n_layers = n_layers
        self.n_heads = n_heads
        self.max_epochs = max_epochs
        self.batch_size = batch_size
        self.lr = lr
        self.temperature = temperature
        self.device = device
        self.verbose = verbose

    def _check_X_y(self, X, y, accept_sparse=None):
        try:
            return super()._check_X_y(X, y, accept_sparse=accept_sparse)
        except TypeError as exc:
            if "works on numeric features only" not in str(exc):
                raise
            raise TypeError(
                f"{exc} Or integer-code them (e.g. with OrdinalEncoder) and list "
                "them in `categorical_features`, which gives one token per "
                "category."
            ) from None

    def _discrete_mask(self, X_train):
        """Boolean mask of the columns with one token per distinct value."""
        n_features = X_train.shape[1]
        spec = self.categorical_features
        if spec is None:
            return np.zeros(n_features, dtype=bool)
        if isinstance(spec, str):  # "auto", the only string the constraints allow
            whole = (X_train == np.round(X_train)).all(axis=0)
            few = np.array(
                [
                    len(np.unique(X_train[:, j])) <= self.n_bins
                    for j in range(n_features)
                ]
            )
            return whole & few
        spec = np.asarray(spec)
        if spec.ndim != 1:
            raise ValueError(
                "`categorical_features` must be a 1-D list of column indices, "
                f"names or a boolean mask; got an array of shape {spec.shape}."
            )
        mask = np.zeros(n_features, dtype=bool)
        if spec.dtype.kind == "b":
            if len(spec) != n_features:
                raise ValueError(
                    f"`categorical_features` as a boolean mask needs one entry per "
                    f"feature ({n_features}); got {len(spec)}."
                )
            return spec.copy()
        if len(spec) == 0:
            return mask
        if spec.dtype.kind in "iu":
            bad = [int(i) for i in spec if not -n_features <= i < n_features]
            if bad:
                raise ValueError(
                    f"`categorical_features` holds column indices out of range for "
                    f"{n_features} features: {bad}."
                )
            mask[spec] = True
            return mask
        if spec.dtype.kind in "OUS":
            names = getattr(self, "feature_names_in_", None)
            if names is None:
                raise ValueError(
                    "`categorical_features` holds column names, but `X` has no "
                    "string column names; pass column indices instead."
                )
            position = {name: i for i, name in enumerate(names.tolist())}
            unknown = [name for name in spec.tolist() if name not in position]
            if unknown:
                raise ValueError(
                    f"`categorical_features` names columns that are not in `X`: "
                    f"{unknown}."
                )
            mask[[position[name] for name in spec.tolist()]] = True
            return mask
        raise ValueError(
            "`categorical_features` must hold column indices, column names or "
            f"booleans; got values of dtype {spec.dtype}."
        )

    def _prefix_sizes(self, n_rows, n_features, rng):
        """Number of columns copied from a real row, for each new row."""
        if self.prefix_fraction == 0 or n_features == 1:
            return np.zeros(n_rows, dtype=np.int64)
        largest = min(n_features - 1, max(1, int(self.prefix_fraction * n_features)))
        return rng.randint(1, largest + 1, size=n_rows)

    def _check_settings(self, y, targets) -> None:
        """`d_model` divisible by `n_heads`, and enough rows in each class."""
        name = type(self).__name__
        if self.d_model % self.n_heads:
            raise ValueError(
                f"{name} needs `d_model` to be a multiple of `n_heads`; got "
                f"d_model={self.d_model} and n_heads={self.n_heads}."
            )
        interpolating = self.interpolation_ratio > 0
        for cls in targets:
            require_rows(
                name,
                cls,
                int(np.sum(y == cls)),
                self.k_neighbors + 1 if interpolating else 1,
                what="k_neighbors + 1" if interpolating else "",
                fix="Lower `k_neighbors` or set interpolation_ratio=0."
                if interpolating
                else "",
            )

    def _training_rows(self, X, y, X_real, y_real, targets, discrete, rng):
        """The real rows of the trained classes (`X_real`, `y_real`), then each
        class's interpolated rows (`interpolation_ratio`); (rows, labels)."""
        blocks, labels = [X_real], [y_real]
        if self.interpolation_ratio > 0:
            for cls in targets:
                X_c = X[y == cls]
                n_interp = int(round(self.interpolation_ratio * len(X_c)))
                if n_interp:
                    blocks.append(
                        _interpolate(X_c, n_interp, self.k_neighbors, discrete, rng)
                    )
                    labels.append(np.full(n_interp, cls, dtype=y.dtype))
        return np.vstack(blocks), np.concatenate(labels)

    def _sample_class(self, X_c, cls, n_new, offsets, n_bins, generator, rng):
        """`n_new` rows of class `cls`, each from a prefix of a random real row
        of the class (`X_c`), sampled in chunks and decoded to values."""
        import torch

        sources = rng.randint(len(X_c), size=n_new)
        given = _bin_codes(X_c, self.bin_edges_, self.categories_)
        n_given = self._prefix_sizes(n_new, X_c.shape[1], rng)
        parts = []
        for start in range(0, n_new, _GENERATION_CHUNK):
            chunk = slice(start, start + _GENERATION_CHUNK)
            rows = sources[chunk]
            parts.append(
                _sample_codes(
                    self.module_,
                    torch.full((len(rows),), self.class_tokens_[cls]),
                    torch.as_tensor(given[rows]),
                    n_given[chunk],
                    offsets,
                    n_bins,
                    self.temperature,
                    generator,
                ).numpy()
            )
        return _decode(np.vstack(parts), self.bin_edges_, self.categories_, rng)

    def _generate(self, X, y, targets, streams):
        import torch

        rng = streams.child("rows").random_state()
        self._check_settings(y, targets)
        trained = np.unique(y) if self.use_all_classes else np.array(list(targets))
        self.class_tokens_ = {cls: i for i, cls in enumerate(trained.tolist())}
        real = np.isin(y, trained)
        X_real = X[real]

        discrete = self._discrete_mask(X_real)
        fitted = [
            _fit_column(X_real[:, j], self.n_bins, discrete[j])
            for j in range(X.shape[1])
        ]
        self.bin_edges_ = [edges for edges, _ in fitted]
        self.categories_ = [cats for _, cats in fitted]
        n_bins = np.array(
            [len(c) if c is not None else len(e) - 1 for e, c in fitted], dtype=np.int64
        )
        offsets = len(trained) + np.concatenate([[0], np.cumsum(n_bins)[:-1]])
        n_tokens = len(trained) + int(n_bins.sum())

        X_train, y_train = self._training_rows(
            X, y, X_real, y[real], targets, discrete, rng
        )
        codes = _bin_codes(X_train, self.bin_edges_, self.categories_)
        class_tokens = np.array([self.class_tokens_[c] for c in y_train.tolist()])

        self.device_ = resolve_device(self.device)
        generator = torch.Generator().manual_seed(streams.child("torch").seed())
        new = {}
        with single_torch_thread():
            self.module_, self.history_ = self._train(
                codes, class_tokens, n_tokens, offsets, n_bins, generator
            )
            offsets, n_bins = torch.as_tensor(offsets), torch.as_tensor(n_bins)
            for cls, n_new in targets.items():
                new[cls] = self._sample_class(
                    X[y == cls], cls, n_new, offsets, n_bins, generator, rng
                )
                logger.debug(
                    "%s: %d rows of class %s generated",
                    type(self).__name__,
                    n_new,
                    class_label(cls),
                )
        return new

    def _train(self, codes, class_tokens, n_tokens, offsets, n_bins, generator):
        """Fit the transformer to the rows' bin codes; (module on the CPU, history)."""
        import torch
        import torch.nn.functional as F

        device = torch.device(self.device_)
        n_features = codes.shape[1]
        module = _build_module(
            n_tokens,
            n_features,
            int(n_bins.max()),
            self.d_model,
            self.n_layers,
            self.n_heads,
            generator,
        ).to(device)
        rows = torch.as_tensor(codes, device=device)
        tokens = rows + torch.as_tensor(offsets, device=device)
        starts = torch.as_tensor(class_tokens, device=device)
        n_bins = torch.as_tensor(n_bins, device=device)

        def batch_loss(batch):
            order = torch.argsort(
                torch.rand(len(batch), n_features, generator=generator), dim=1
            ).to(device)
            targets = rows[batch].gather(1, order)
            sequence = tokens[batch].gather(1, order)
            inputs = torch.cat([starts[batch, None], sequence[:, :-1]], dim=1)
            hidden = _hidden_states(module, inputs, order)
            logits = _bin_logits(module, hidden, order, n_bins)
            return F.cross_entropy(
                logits.reshape(-1, logits.shape[-1]), targets.reshape(-1)
            )

        module.train()
        history = train_module(
            module.parameters(),
            batch_loss,
            len(rows),
            max_epochs=self.max_epochs,
            batch_size=self.batch_size,
            lr=self.lr,
            generator=generator,
            device=device,
            verbose=self.verbose,
            desc=type(self).__name__,
            logger=logger,
        )
        return module.cpu().eval(), history
