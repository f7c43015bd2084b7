"""sieve_report audits, as "before", the base sampler the fit used."""

import numpy as np
import pandas as pd
from sklearn.linear_model import LogisticRegression

from synthsieve import FilteredOverSampler, sieve_report


def _mixed(n_major=120, n_minor=40, seed=0):
    rng = np.random.default_rng(seed)
    n = n_major + n_minor
    frame = pd.DataFrame(
        {
            "x": rng.normal(size=n).round(3),
            "city": rng.choice(["a", "b", "c"], size=n),
        }
    )
    y = np.r_[np.zeros(n_major, dtype=int), np.ones(n_minor, dtype=int)]
    return frame, y


def test_before_is_the_default_sampler_the_fit_chose_on_nominal_data():
    X, y = _mixed()
    sampler = FilteredOverSampler(detector="logreg", auditors=None, random_state=0)
    report = sieve_report(
        sampler, X, y, random_state=0, cv=3, auditors={"lr": LogisticRegression()}
    )
    # the fit used SMOTENC on a table with a nominal column: so does "before"
    assert type(sampler.base_sampler_).__name__ == "SMOTENC"
    assert report.extra["base_sampler"] == "SMOTENC"


def test_before_is_the_users_sampler_when_given():
    from imblearn.over_sampling import RandomOverSampler

    X, y = _mixed()
    X = X[["x"]]
    sampler = FilteredOverSampler(
        sampler=RandomOverSampler(random_state=0),
        detector="logreg",
        auditors=None,
        random_state=0,
    )
    report = sieve_report(
        sampler, X, y, random_state=0, cv=3, auditors={"lr": LogisticRegression()}
    )
    assert report.extra["base_sampler"] == "RandomOverSampler"
    assert sampler.base_sampler_.get_params()["random_state"] == 0
