"""Benchmark: ``alliancelab risk fit --train-end 1989`` (issue 12's goal: under 2 minutes).

Builds a store of the official files the risk model reads (COW states v2016 with majors,
ATOP 5.1, NMC 7.0, MID 5.0, COW contiguity, Thompson & Dreyer rivalries) in a temporary
folder, then times, in one process pinned to one CPU: the baseline, building the raw
dyad-year panel 1816-2014 the model reads (``alliancelab.risk.raw_panel``, the panel
verbs alone), and the whole fit (``alliancelab.risk.fit_store``: features, tuning
by year-block CV, GBM, calibration, bootstrap calibrators, logit, held-out scoring). The
fit reads the panel from the cache the panel build fills, so its time is the model's
cost; the CLI's ``risk fit`` costs panel + fit. Each of ``ALLIANCELAB_BENCH_RISK_RUNS``
runs (default 5) builds the panel afresh then fits, alternated; min/median/max are
printed, the ratios are fit / panel and (panel + fit) / 120 s. With
``ALLIANCELAB_BENCH_RISK_BAG=K`` every run also fits the bag of K GBMs
(:class:`alliancelab.risk._bag.BaggedGBM`, the round-4 candidate), printed as bag / fit.
"""

from __future__ import annotations

import os

for _var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[_var] = "1"

import statistics  # noqa: E402
import sys  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402
from typing import Any  # noqa: E402

from _record import record, spread  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))  # _official
TARGET_S = 120.0


def _data_dir() -> Path | None:
    env = os.environ.get("ALLIANCELAB_DATA")
    path = Path(env) if env else Path(__file__).resolve().parents[2] / "shared" / "data"
    return path if path.is_dir() else None


def main() -> int:
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
    d = _data_dir()
    if d is None:
        print("official data not found (set ALLIANCELAB_DATA): benchmark not run")
        return 0
    from _official import import_official
    from alliancelab import risk
    from alliancelab.risk import features
    from alliancelab.store import Store

    runs = int(os.environ.get("ALLIANCELAB_BENCH_RISK_RUNS", "5"))
    bag = int(os.environ.get("ALLIANCELAB_BENCH_RISK_BAG", "0"))
    variants: dict[str, dict[str, Any]] = {"fit": {}, "single": {"logit_weight": 0.0}}
    if bag > 1:
        variants["bag"] = {"logit_weight": 0.0, "n_bag": bag}
    walls: dict[str, list[float]] = {k: [] for k in ("panel", *variants)}
    cpus: dict[str, list[float]] = {k: [] for k in ("panel", *variants)}
    auc = float("nan")
    with tempfile.TemporaryDirectory() as tmp:
        st = Store(Path(tmp) / "s.duckdb")
        t = time.perf_counter()
        import_official(st, d)
        print(f"import (not timed below): {time.perf_counter() - t:.1f} s")
        for _ in range(runs):  # alternated: panel, then each variant, in every run
            features._CACHE.clear()
            w, c = time.perf_counter(), time.process_time()
            risk.raw_panel(st, (1816, 2014))
            walls["panel"].append(time.perf_counter() - w)
            cpus["panel"].append(time.process_time() - c)
            for name, kw in variants.items():
                w, c = time.perf_counter(), time.process_time()
                m = risk.fit_store(st, train_end=1989, test_end=2014, **kw)  # cached panel
                walls[name].append(time.perf_counter() - w)
                cpus[name].append(time.process_time() - c)
                if name == "fit":
                    auc = m.card["held_out"]["gbm"]["all"]["auc"]
    base, fit = statistics.median(walls["panel"]), statistics.median(walls["fit"])
    total = [p + f for p, f in zip(walls["panel"], walls["fit"], strict=True)]
    print(f"baseline raw_panel 1816-2014: {spread(walls['panel'], fmt='{:.1f}')}; "
          f"CPU {spread(cpus['panel'], fmt='{:.1f}')}")  # fmt: skip
    print(f"risk fit --train-end 1989 (panel cached): {spread(walls['fit'], fmt='{:.1f}')}; "
          f"CPU {spread(cpus['fit'], fmt='{:.1f}')}")  # fmt: skip
    goal = statistics.median(total) / TARGET_S
    print(f"  {fit / base:.1f}x the panel (medians); panel + fit {spread(total, fmt='{:.1f}')}, "
          f"{goal:.2f}x the 120 s goal; held-out AUC {auc:.3f}")  # fmt: skip
    for name, label in (("single", "single GBM (round 3, logit_weight=0)"),
                        ("bag", f"bag of {bag} GBMs (candidate, not adopted)")):  # fmt: skip
        if walls.get(name):
            ratio = fit / statistics.median(walls[name])
            cpu = statistics.median(cpus["fit"]) / statistics.median(cpus[name])
            print(f"{label}: {spread(walls[name], fmt='{:.1f}')}; CPU "
                  f"{spread(cpus[name], fmt='{:.1f}')}; recipe / this {ratio:.2f}x wall, "
                  f"{cpu:.2f}x CPU (medians)")  # fmt: skip
    record("risk fit --train-end 1989", fit, "s", runs=walls["fit"], baseline=base,
           baseline_kind="floor", baseline_label="raw_panel 1816-2014 in the same run")  # fmt: skip
    record("risk fit --train-end 1989 vs goal", statistics.median(total), "s", runs=total,
           baseline=TARGET_S, baseline_kind="target", target="< 120 s")  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
