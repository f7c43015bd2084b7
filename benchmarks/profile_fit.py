"""One default fit of FilteredOverSampler(sampler=SMOTE()) beside SMOTE, timed.

The script behind the single-fit timings and profiles of the speed page
(``docs/benchmarks-speed.md``); run it under pyinstrument for the profile:

    OMP_NUM_THREADS=1 python benchmarks/profile_fit.py 20000
    OMP_NUM_THREADS=1 python -m pyinstrument benchmarks/profile_fit.py 200000

Arguments: rows, then optionally features (default 50) and the filter's extra
parameters as a JSON object, e.g. ``'{"detector": "logreg"}'``. Data:
``make_classification(rows, features, n_informative=10, weights=[0.99],
random_state=0)``. ``--detector-iterations N`` sets the default tree
detector's boosting iterations. With ``-v``, each class's rounds are logged
(candidates and accepted per round).
"""

from __future__ import annotations

import argparse
import json
import logging
import time

from imblearn.over_sampling import SMOTE
from sklearn.datasets import make_classification

from synthsieve import FilteredOverSampler, make_detector


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("rows", type=int)
    parser.add_argument("features", type=int, nargs="?", default=50)
    parser.add_argument("params", nargs="?", default="{}", help="JSON object")
    parser.add_argument(
        "--detector-iterations",
        type=int,
        default=None,
        help="boosting iterations of the default tree detector (its max_iter)",
    )
    parser.add_argument("-v", action="store_true", help="log each round")
    args = parser.parse_args(argv)
    if args.v:
        logging.basicConfig(
            level=logging.INFO, format="%(relativeCreated)d %(message)s"
        )
        logging.getLogger("synthsieve.filtering").setLevel(logging.INFO)
    X, y = make_classification(
        args.rows, args.features, n_informative=10, weights=[0.99], random_state=0
    )
    t0 = time.perf_counter()
    SMOTE(random_state=0).fit_resample(X, y)
    print(f"smote {time.perf_counter() - t0:.3f} s")
    params = json.loads(args.params)
    if args.detector_iterations is not None:
        params["detector"] = make_detector("hgb", 0).set_params(
            max_iter=args.detector_iterations
        )
    sampler = FilteredOverSampler(sampler=SMOTE(), random_state=0, **params)
    t0 = time.perf_counter()
    sampler.fit_resample(X, y)
    print(f"filtered {time.perf_counter() - t0:.2f} s")
    print(sampler.rejected_["reason"].value_counts().to_string())


if __name__ == "__main__":
    main()
