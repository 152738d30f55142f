"""Benchmark: ``alliancelab risk fit --train-end 1989`` (issue 12's goal: under 2 minutes).

Builds a store of the official files the risk model reads (COW states v2016 with majors,
ATOP 5.1, NMC 7.0, MID 5.0, COW contiguity, Thompson & Dreyer rivalries) in a temporary
folder, then times, in one process pinned to one CPU: the baseline, building the raw
dyad-year panel 1816-2014 the model reads (``alliancelab.risk.raw_panel``, the panel
verbs alone), and the whole fit (``alliancelab.risk.fit_store``: panel, features, tuning
by year-block CV, GBM, calibration, bootstrap calibrators, logit, held-out scoring). The
ratio printed is fit / panel (the model's cost over reading its data) and fit / 120 s.
"""

from __future__ import annotations

import os

for _var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[_var] = "1"

import sys  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402

from _record import record  # noqa: E402

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
    from alliancelab.store import Store

    with tempfile.TemporaryDirectory() as tmp:
        st = Store(Path(tmp) / "s.duckdb")
        t = time.perf_counter()
        import_official(st, d)
        print(f"import (not timed below): {time.perf_counter() - t:.1f} s")
        t = time.perf_counter()
        risk.raw_panel(st, (1816, 2014))
        base = time.perf_counter() - t
        t = time.perf_counter()
        m = risk.fit_store(st, train_end=1989, test_end=2014)
        fit = time.perf_counter() - t
    auc = m.card["held_out"]["gbm"]["all"]["auc"]
    print(f"baseline raw_panel 1816-2014: {base:.1f} s")
    print(f"risk fit --train-end 1989:    {fit:.1f} s  ({fit / base:.1f}x the panel; "
          f"{fit / TARGET_S:.2f}x the 120 s goal)  held-out AUC {auc:.3f}")  # fmt: skip
    record("risk fit --train-end 1989", fit, "s", baseline=base, baseline_kind="floor",
           baseline_label="raw_panel 1816-2014 in the same run")  # fmt: skip
    record("risk fit --train-end 1989 vs goal", fit, "s", baseline=TARGET_S,
           baseline_kind="target", target="< 120 s")  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
