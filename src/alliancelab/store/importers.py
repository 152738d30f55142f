"""Importers of the official data files into the :class:`~alliancelab.store.Store`.

One importer per data source, registered in :data:`IMPORTERS` under its store name
(``cow_states``, ``cow_alliance``, ...). :func:`import_source` is the entry point; the CLI
``alliancelab data import SOURCE PATH...`` calls it. Every importer parses and validates
its files completely in memory, then writes all tables in one transaction through
:meth:`Store.write_import`; a failed import leaves the store unchanged.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Sequence
from pathlib import Path

from ..errors import UnknownSourceError
from .core import ImportRecord, Store

__all__ = ["IMPORTERS", "Importer", "import_source", "register"]

Importer = Callable[..., ImportRecord]
"""``importer(paths: list[Path], store: Store, version: str | None) -> ImportRecord``."""

IMPORTERS: dict[str, Importer] = {}

# importers defined in their own modules (imported lazily on first use)
_LAZY = {"peacesciencer": "alliancelab.store.peacesciencer"}


def register(name: str) -> Callable[[Importer], Importer]:
    """Register ``fn(paths, store, version)`` as the importer of source ``name``."""

    def deco(fn: Importer) -> Importer:
        IMPORTERS[_key(name)] = fn
        return fn

    return deco


def _key(source: str) -> str:
    return source.strip().lower().replace("-", "_")


def _known() -> list[str]:
    return sorted(set(IMPORTERS) | set(_LAZY))


def import_source(
    source: str,
    paths: str | Path | Sequence[str | Path],
    store: Store | str | Path | None = None,
    version: str | None = None,
) -> ImportRecord:
    """Import official data files of ``source`` into the store, all or nothing.

    Parameters
    ----------
    source : str
        Source name (``cow-states``, ``cow_alliance``, ``atop``, ...; dashes and
        underscores are interchangeable).
    paths : path or sequence of paths
        The official files (a directory for ``peacesciencer``).
    store : Store or path, optional
        Target store (a ``Store`` or the path of its DuckDB file); default ``Store()``.
    version : str, optional
        Override the detected version label.

    Returns
    -------
    ImportRecord
        What was written (``unchanged=True`` if the same files were already imported).

    Raises
    ------
    UnknownSourceError
        For an unknown source (the message lists the known ones).
    DataFormatError
        For malformed input, naming file, row and field; the store is left unchanged.

    Examples
    --------
    >>> import tempfile
    >>> d = Path(tempfile.mkdtemp())
    >>> _ = (d / "r.csv").write_text("rivalryno,rivalryname,ccode1,ccode2,styear,endyear,"
    ...     "region,type1,type2,type3\\n2,UK-France,200,220,1494,1904,Eur,positional,,\\n")
    >>> rec = import_source("rivalries", d / "r.csv", store=Store(d / "s.duckdb"))
    >>> (rec.source, rec.version, rec.rows, rec.unchanged)
    ('rivalries', '2012', 1, False)
    >>> import_source("rivalries", d / "r.csv", store=Store(d / "s.duckdb")).unchanged
    True
    """
    key = _key(source)
    if key not in IMPORTERS and key in _LAZY:
        importlib.import_module(_LAZY[key])
    if key not in IMPORTERS:
        raise UnknownSourceError(
            f"no importer for data source {source!r}; known sources: "
            f"{', '.join(s.replace('_', '-') for s in _known())}"
        )
    if isinstance(paths, str | Path):
        paths = [paths]
    target = store if isinstance(store, Store) else Store(store)
    return IMPORTERS[key]([Path(p) for p in paths], target, version)


# The built-in importers register themselves on import (they need ``register`` above).
from . import _atop, _cow, _other  # noqa: E402, F401
