"""Where FilteredOverSampler's peak memory is reached: resident memory by phase.

A thread samples the process's resident memory every 50 ms together with the
innermost synthsieve / imbalanced-learn / scikit-learn frames of the main
thread, then prints the peak, the phase it fell in, and the largest resident
memory seen in each phase. One fit with the fast settings of
``benchmarks/speed.py`` on ``make_classification`` data (50 features, 1 %
minority)::

    python benchmarks/memory_phases.py --rows 200000
"""

from __future__ import annotations

import argparse
import os
import sys
import threading
import time
import traceback
import warnings
from collections import defaultdict

from imblearn.over_sampling import SMOTE
from sklearn.datasets import make_classification

from synthsieve import FilteredOverSampler

sys.path.insert(0, os.path.dirname(__file__))
from _common import FAST  # noqa: E402  (the fast settings, one definition)

_OURS = ("synthsieve", "imblearn", "sklearn")


def _rss_mb() -> float:
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


def main(argv=None) -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--rows", type=int, default=200000)
    p.add_argument("--features", type=int, default=50)
    p.add_argument("--top", type=int, default=10, help="phases to list")
    args = p.parse_args(argv)
    warnings.simplefilter("ignore")
    X, y = make_classification(
        n_samples=args.rows,
        n_features=args.features,
        n_informative=10,
        weights=[0.99],
        random_state=0,
    )
    main_id = threading.get_ident()
    log, done = [], threading.Event()

    def poll():
        while not done.is_set():
            frame = sys._current_frames().get(main_id)
            stack = [
                f"{f.name}:{f.lineno}"
                for f in traceback.extract_stack(frame)
                if any(name in f.filename for name in _OURS)
            ]
            log.append((_rss_mb(), " < ".join(reversed(stack[-2:]))))
            time.sleep(0.05)

    base = _rss_mb()
    thread = threading.Thread(target=poll, daemon=True)
    thread.start()
    t0 = time.perf_counter()
    sampler = FilteredOverSampler(sampler=SMOTE(), random_state=0, **FAST)
    sampler.fit_resample(X, y)
    elapsed = time.perf_counter() - t0
    done.set()
    thread.join()
    peak, where = max(log)
    print(
        f"{args.rows:,} x {args.features}: {elapsed:.1f} s; resident memory "
        f"{base:.0f} MB before the fit, peak {peak:.0f} MB in {where}"
    )
    by_phase = defaultdict(float)
    for rss, phase in log:
        by_phase[phase] = max(by_phase[phase], rss)
    for phase, rss in sorted(by_phase.items(), key=lambda kv: -kv[1])[: args.top]:
        print(f"{rss:8.0f} MB  {phase}")


if __name__ == "__main__":
    main()
