"""Which official files each store source is imported from, in one table, for the tests
and benchmarks that build a store of the official data (``ALLIANCELAB_DATA``; never
copied into the repository).

The files are those docs/data.md names: COW states v2016 with the major-power list,
ATOP 5.1 members, COW NMC 7.0, Thompson & Dreyer's strategic rivalries, COW MID 5.0,
COW direct contiguity 3.2 and the COW Inter-State War participants v4.0.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

#: store source -> its files under the data folder
OFFICIAL_FILES: dict[str, tuple[str, ...]] = {
    "cow_states": (
        "cow_states/cow_states.csv.gz",
        "cow_states/system2016.csv",
        "cow_states/majors2016.csv",
    ),
    "atop": ("atop/atop5_1m.csv",),
    "cow_nmc": ("cow_nmc/cow_nmc.csv.gz",),
    "rivalries": ("rivalries/td_rivalries.csv.gz",),
    "cow_mid": ("cow_mid/MIDA 5.0.csv", "cow_mid/MIDB 5.0.csv"),
    "cow_contiguity": ("cow_contiguity/contdir.csv",),
    "cow_war_participants": ("cow_war/Inter-StateWarData_v4.0.csv",),
}
#: What the risk engine (and so ``/api/risk`` on a store) reads.
RISK_SOURCES = ("cow_states", "atop", "cow_nmc", "rivalries", "cow_mid", "cow_contiguity")


def import_official(store: Any, data: Path, sources: Iterable[str] = RISK_SOURCES) -> Any:
    """Import ``sources`` from the official files under ``data`` into ``store``; returns
    the store."""
    from alliancelab.store import import_source

    for source in sources:
        import_source(source, [data / f for f in OFFICIAL_FILES[source]], store=store)
    return store
