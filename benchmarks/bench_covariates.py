"""Covariate verbs of issue 14: seconds for a dyad-year panel 1816-2014 to gain each one.

Non-directed (about 0.9 million rows) and directed (about 1.8 million) COW dyad-years
1816-2014; each verb is timed on the bare panel (median of 3 runs, in process, warm
store: the first call of each verb, which reads its table from DuckDB, is not timed).
Target (issue 14): a covariate in seconds. The store is built first (not timed) from the
real files in ``$ALLIANCELAB_DATA`` (default ``../shared/data``). Run:
``python benchmarks/bench_covariates.py``.
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from _record import record, spread

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
TARGET_S = 5.0


def main() -> int:
    from alliancelab import panels as P
    from alliancelab.store import Store, import_source
    from conftest import COVARIATE_FILES  # the list of imports the tests use

    data = Path(os.environ.get("ALLIANCELAB_DATA", ROOT.parent / "shared" / "data"))
    with tempfile.TemporaryDirectory() as tmp:
        st = Store(Path(tmp) / "s.duckdb")
        import_source(
            "cow-states",
            [data / "cow_states/cow_states.csv.gz", data / "cow_states/system2016.csv"],
            store=st,
        )
        for source, rel in COVARIATE_FILES:
            import_source(source, data / rel, store=st)
        verbs: dict[str, Callable[..., object]] = {
            "add_gml_mids": P.add_gml_mids,
            "add_cow_wars": P.add_cow_wars,
            "add_strategic_rivalries": P.add_strategic_rivalries,
            "add_arms_races": P.add_arms_races,
            "add_democracy": P.add_democracy,
            "add_sim_gdp_pop": P.add_sim_gdp_pop,
            "add_latent_territorial_threat": P.add_latent_territorial_threat,
            "add_capital_distance": P.add_capital_distance,
            "add_minimum_distance": P.add_minimum_distance,
            "add_gwcode_to_cow": P.add_gwcode_to_cow,
        }
        worst = 0.0
        for directed in (False, True):
            dy = P.create_dyad_years(directed=directed, years=(1816, 2014), store=st)
            kind = "directed" if directed else "non-directed"
            for name, verb in verbs.items():
                verb(dy)  # warm: reads the table once
                runs = []
                for _ in range(3):
                    t = time.perf_counter()
                    verb(dy)
                    runs.append(time.perf_counter() - t)
                med = statistics.median(runs)
                worst = max(worst, med)
                print(f"{name:32s} {kind:13s} {len(dy):>9,} rows  {spread(runs)}")
                record(f"{name}, {kind} dyad-years 1816-2014", med, "s", runs=runs,
                       baseline=TARGET_S, baseline_kind="target", target="seconds")  # fmt: skip
            spells_in = P.add_cow_wars(P.add_gml_mids(dy), keep=["initiator1"])
            runs = []
            for _ in range(3):
                t = time.perf_counter()
                P.add_spells(spells_in)
                runs.append(time.perf_counter() - t)
            print(f"{'add_spells (gml + war)':32s} {kind:13s} {len(dy):>9,} rows  {spread(runs)}")
            worst = max(worst, statistics.median(runs))
    print(f"slowest verb: {worst:.2f} s (target: <= {TARGET_S:.0f} s)")
    return 0 if worst <= TARGET_S else 1


if __name__ == "__main__":
    raise SystemExit(main())
