"""The embedded DuckDB store of imported official data (COW, ATOP, SIPRI, rivalries).

``import_source`` (and with it every importer module) is loaded on first use (PEP 562):
reading the store, as a panel job does, needs only :mod:`.core`.
"""

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .core import ImportRecord, Store, default_store_path, sha256_file
    from .importers import import_source

__all__ = ["ImportRecord", "Store", "default_store_path", "import_source", "sha256_file"]


def __getattr__(name: str) -> Any:
    # .core (and DuckDB with it) loads on first use too: a module of the package that
    # needs no store, such as .atop_conditions for a snapshot of the reference data, does
    # not import DuckDB
    if name in ("ImportRecord", "Store", "default_store_path", "sha256_file"):
        from . import core

        return getattr(core, name)
    if name == "import_source":
        from .importers import import_source

        return import_source
    raise AttributeError(f"module 'alliancelab.store' has no attribute {name!r}")
