"""Small seeded data and fast settings for the generator tests."""

import warnings

import numpy as np
import pytest
from sklearn.datasets import make_blobs

from synthsieve.generators import (
    DASMOTE,
    CVAEOverSampler,
    DeepSMOTE,
    KDEOverSampler,
    MMDTripletOverSampler,
    SafeLevelSMOTE,
    TabularTransformerOverSampler,
)

# When a hypothesis test fails, its pytest plugin imports libcst, which warns
# DeprecationWarning (through mypy_extensions); with pyproject's
# "error::DeprecationWarning" that turns a plain failure into a pytest
# INTERNALERROR. Import it once here, with that warning silenced.
with warnings.catch_warnings():
    warnings.simplefilter("ignore", DeprecationWarning)
    try:
        import hypothesis.extra._patching  # noqa: F401
    except ImportError:  # libcst is optional
        pass

# Settings that keep the torch generators to a fraction of a second per fit.
FAST = {
    SafeLevelSMOTE: {},
    KDEOverSampler: {},
    DeepSMOTE: {"max_epochs": 2, "n_training_pairs": 200, "hidden_layer_sizes": (16,)},
    DASMOTE: {
        "max_epochs": 2,
        "n_training_pairs": 200,
        "hidden_layer_sizes": (16,),
        "discriminator_layer_sizes": (8,),
    },
    MMDTripletOverSampler: {"max_epochs": 40, "hidden_layer_sizes": (16,), "lr": 0.01},
    TabularTransformerOverSampler: {
        "max_epochs": 3,
        "d_model": 16,
        "n_layers": 1,
        "n_heads": 2,
    },
    CVAEOverSampler: {
        "max_epochs": 2,
        "batch_size": 128,
        "hidden_layer_sizes": (16,),
        "latent_dim": 2,
    },
}


def _fast(cls, **params):
    return cls(**{"random_state": 0, **FAST[cls], **params})


@pytest.fixture
def make():
    """Factory ``make(cls, **params)``: fast settings, random_state=0 by default."""
    return _fast


@pytest.fixture(params=list(FAST), ids=lambda cls: cls.__name__)
def generator_cls(request):
    """Each generator class in turn."""
    return request.param


@pytest.fixture(autouse=True)
def _seed_everything():
    """Seed the global generators, so a test that forgets a seed still repeats."""
    import torch

    np.random.seed(0)
    torch.manual_seed(0)


@pytest.fixture
def binary_data():
    """120 rows, 4 features, classes 0 (100 rows) and 1 (20 rows)."""
    X, y = make_blobs(
        n_samples=[100, 20],
        centers=[[0, 0, 0, 0], [2, 2, 1, 0]],
        cluster_std=[1.5, 1.0],
        random_state=0,
    )
    return X, y


@pytest.fixture
def multiclass_data():
    """Three blobs with 60, 25 and 15 rows in 3 features."""
    X, y = make_blobs(
        n_samples=[60, 25, 15],
        centers=[[0, 0, 0], [4, 4, 0], [0, 4, 4]],
        n_features=3,
        random_state=0,
    )
    return X, y
