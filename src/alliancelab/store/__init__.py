"""The embedded DuckDB store of imported official data (COW, ATOP, SIPRI, rivalries)."""

from .core import ImportRecord, Store, default_store_path, sha256_file
from .importers import import_source

__all__ = ["ImportRecord", "Store", "default_store_path", "import_source", "sha256_file"]
