"""Importers of the official data files into the :class:`~alliancelab.store.Store`.

One importer per data source, listed in the one table :data:`IMPORTERS` under its store
name (``cow_states``, ``cow_alliance``, ...) as the module and function that implement
it; the module is imported on first use (:func:`importer`), so reading the store, as a
panel job does, loads no importer. :func:`import_source` is the entry point; the CLI
``alliancelab data import SOURCE PATH...`` calls it. Every importer parses and validates
its files completely in memory, then writes all tables in one transaction through
:meth:`Store.write_import`; a failed import leaves the store unchanged.

The importer modules import nothing from this one (no circle): to add a source, write
``import_<source>(paths, store, version) -> ImportRecord`` in a module of this package
and add one row to :data:`IMPORTERS`.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from types import MappingProxyType

from ..errors import UnknownSourceError
from .core import ImportRecord, Store

__all__ = ["IMPORTERS", "Importer", "import_source", "importer"]

Importer = Callable[..., ImportRecord]
"""``importer(paths: list[Path], store: Store, version: str | None) -> ImportRecord``."""

IMPORTERS: Mapping[str, tuple[str, str]] = MappingProxyType(
    {
        "arms_races": ("._extra", "import_arms_races"),
        "atop": ("._atop", "import_atop"),
        "capitals": ("._extra", "import_capitals"),
        "cow_alliance": ("._cow", "import_cow_alliance"),
        "cow_contiguity": ("._contiguity", "import_cow_contiguity"),
        "cow_mid": ("._cow", "import_cow_mid"),
        "cow_mindist": ("._extra", "import_cow_mindist"),
        "cow_nmc": ("._cow", "import_cow_nmc"),
        "cow_states": ("._cow", "import_cow_states"),
        "cow_war": ("._extra", "import_cow_war"),
        "cow_war_participants": ("._extra", "import_cow_war_participants"),
        "democracy": ("._extra", "import_democracy"),
        "gdp_pop": ("._extra", "import_gdp_pop"),
        "gml_mid": ("._gml", "import_gml_mid"),
        "gw_crosswalk": ("._extra", "import_gw_crosswalk"),
        "peacesciencer": (".peacesciencer", "import_peacesciencer"),
        "powers": ("._extra", "import_powers"),
        "rivalries": ("._other", "import_rivalries"),
        "sipri_milex": ("._other", "import_sipri_milex"),
        "terrthreat": ("._extra", "import_terrthreat"),
        "tss_rivalries": ("._extra", "import_tss_rivalries"),
    }
)
"""Store source name -> (module relative to :mod:`alliancelab.store`, function)."""


def _key(source: str) -> str:
    return source.strip().lower().replace("-", "_")


def importer(source: str) -> Importer:
    """The importer function of ``source`` (its module imported on first use).

    Raises
    ------
    UnknownSourceError
        For an unknown source (the message lists the known ones).

    Examples
    --------
    >>> importer("cow-nmc").__name__
    'import_cow_nmc'
    """
    key = _key(source)
    if key not in IMPORTERS:
        raise UnknownSourceError(
            f"no importer for data source {source!r}; known sources: "
            f"{', '.join(s.replace('_', '-') for s in sorted(IMPORTERS))}"
        )
    module, func = IMPORTERS[key]
    fn: Importer = getattr(importlib.import_module(module, __package__), func)
    return fn


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
        The official files (a directory for ``peacesciencer`` and ``gml-mid``).
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
    fn = importer(source)
    if isinstance(paths, str | Path):
        paths = [paths]
    target = store if isinstance(store, Store) else Store(store)
    return fn([Path(p) for p in paths], target, version)
