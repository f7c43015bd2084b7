"""One default fit of FilteredOverSampler(sampler=SMOTE()) beside SMOTE, timed.

The script behind the single-fit timings and profiles of the speed pages
(``docs/benchmarks-speed.md``, ``docs/benchmarks-speed-pipelines.md``):

    OMP_NUM_THREADS=1 python benchmarks/profile_fit.py 20000
    OMP_NUM_THREADS=1 python benchmarks/profile_fit.py 200000 --informative 2 --stages
    OMP_NUM_THREADS=1 python -m pyinstrument benchmarks/profile_fit.py 200000

Arguments: rows, then optionally features (default 50) and the filter's extra
parameters as a JSON object, e.g. ``'{"detector": "logreg"}'``. Data:
``make_classification(rows, features, n_informative=10, weights=[0.99],
random_state=0)``; ``--informative 2`` gives scikit-learn's default, the data
of ``benchmarks/speed.py``. ``--detector-iterations N`` sets the default tree
detector's boosting iterations. With ``-v``, each class's rounds are logged
(candidates and accepted per round). ``--stages`` runs the filter's fit under
cProfile, timed in CPU seconds of this process (steadier than wall time on a
shared machine), and prints the time of each stage of the fit (cumulative, so a
stage's line includes what it calls); ``--profile FILE`` also writes the
profile for ``pstats`` or snakeviz.
"""

from __future__ import annotations

import argparse
import json
import logging
import time

from imblearn.over_sampling import SMOTE
from sklearn.datasets import make_classification

from synthsieve import FilteredOverSampler, make_detector

#: The stages of a fit, as (label, function name, file the function is in).
STAGES = (
    ("rules (DomainRules.infer)", "infer", "rules/_domain.py"),
    ("copy detector (CopyDetector.fit)", "fit", "detectors/_copies.py"),
    ("class overlap index (ClassOverlap.fit)", "fit", "_overlap.py"),
    ("propose (the base sampler)", "propose", "filtering/_stages.py"),
    ("jitter scale (jitter='auto', once)", "choose_jitter", "filtering/_jitter.py"),
    ("jitter", "add_jitter", "filtering/_jitter.py"),
    ("  its nearest real rows", "nearest", "filtering/_jitter.py"),
    ("repair and validate", "repair_and_validate", "filtering/_stages.py"),
    ("exact copies and duplicates (hashing)", "find_copies", "filtering/_stages.py"),
    ("score (the detector)", "score", "filtering/_stages.py"),
    ("  detector fits (out_of_fold)", "out_of_fold", "filtering/_stages.py"),
    ("  predictions outside its sample", "_score_rest", "filtering/_stages.py"),
    ("accept", "accept", "filtering/_stages.py"),
    ("class consistency", "check_consistency", "filtering/_stages.py"),
    ("near copies (accepted candidates)", "find_near_copies", "filtering/_stages.py"),
    ("bookkeeping (ClassRecord.add_block)", "add_block", "filtering/_record.py"),
)


def stage_times(stats) -> list:
    """(label, calls, cumulative seconds) of each of `STAGES` in a
    ``pstats.Stats``."""
    out = []
    for label, name, where in STAGES:
        calls, seconds = 0, 0.0
        for (path, _, func), (_, n_calls, _, cum, _) in stats.stats.items():
            if func == name and path.replace("\\", "/").endswith(where):
                calls += n_calls
                seconds += cum
        out.append((label, calls, seconds))
    return out


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("rows", type=int)
    parser.add_argument("features", type=int, nargs="?", default=50)
    parser.add_argument("params", nargs="?", default="{}", help="JSON object")
    parser.add_argument(
        "--informative",
        type=int,
        default=10,
        help="make_classification's n_informative (2: the data of speed.py)",
    )
    parser.add_argument(
        "--detector-iterations",
        type=int,
        default=None,
        help="boosting iterations of the default tree detector (its max_iter)",
    )
    parser.add_argument("-v", action="store_true", help="log each round")
    parser.add_argument(
        "--stages", action="store_true", help="print each stage's CPU time"
    )
    parser.add_argument("--profile", default=None, help="write the profile here")
    args = parser.parse_args(argv)
    if args.v:
        logging.basicConfig(
            level=logging.INFO, format="%(relativeCreated)d %(message)s"
        )
        logging.getLogger("synthsieve.filtering").setLevel(logging.INFO)
    X, y = make_classification(
        args.rows,
        args.features,
        n_informative=args.informative,
        weights=[0.99],
        random_state=0,
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
    profile = None
    if args.stages or args.profile:
        import cProfile

        profile = cProfile.Profile(time.process_time)
    t0, c0 = time.perf_counter(), time.process_time()
    if profile is not None:
        profile.enable()
    sampler.fit_resample(X, y)
    if profile is not None:
        profile.disable()
    wall, cpu = time.perf_counter() - t0, time.process_time() - c0
    print(f"filtered {wall:.2f} s ({cpu:.2f} s of CPU)")
    print(sampler.rejected_["reason"].value_counts().to_string())
    if profile is not None:
        import pstats

        if args.profile:
            profile.dump_stats(args.profile)
        print(f"\nstage (CPU seconds under cProfile, {cpu:.2f} s in all):")
        for label, calls, seconds in stage_times(pstats.Stats(profile)):
            print(f"  {label:<44} {seconds:7.2f}  ({calls} calls)")


if __name__ == "__main__":
    main()
