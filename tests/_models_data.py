"""Official-data access for the model tests (not a conftest: imported explicitly).

COW NMC v7.0 is imported from the official file into a real DuckDB store in a temporary
folder with ``alliancelab.store.import_source("cow-nmc", ...)`` and read back from it.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from alliancelab.store import Store, import_source


def nmc_table(shared_data: Path, tmp: Path) -> tuple[pd.DataFrame, Store]:
    """COW NMC v7.0 (ccode, year, milex, ..., cinc) read from a fresh store in ``tmp``."""
    store = Store(tmp / "alliancelab.duckdb")
    import_source("cow-nmc", [shared_data / "cow_nmc" / "cow_nmc.csv.gz"], store=store)
    return store.read("cow_nmc", "nmc"), store
