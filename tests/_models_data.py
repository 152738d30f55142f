"""Official-data access for the model tests (not a conftest: imported explicitly).

COW NMC v7.0 is imported from the official file into a real DuckDB store in a temporary
folder with ``alliancelab.store.import_source("cow-nmc", ...)`` and read back from it,
once per test session (per pytest-xdist worker): the first caller's ``tmp`` holds the
store, later callers get the same (read-only) store and a fresh copy of the table.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from alliancelab.store import Store, import_source

_CACHE: dict[Path, tuple[pd.DataFrame, Store]] = {}


def nmc_table(shared_data: Path, tmp: Path) -> tuple[pd.DataFrame, Store]:
    """COW NMC v7.0 (ccode, year, milex, ..., cinc) read from a store (built once, in ``tmp``
    on the first call; the store is read only, the frame is the caller's own copy)."""
    key = Path(shared_data).resolve()
    if key not in _CACHE:
        store = Store(tmp / "alliancelab.duckdb")
        import_source("cow-nmc", [shared_data / "cow_nmc" / "cow_nmc.csv.gz"], store=store)
        _CACHE[key] = (store.read("cow_nmc", "nmc"), store)
    table, store = _CACHE[key]
    return table.copy(), store
