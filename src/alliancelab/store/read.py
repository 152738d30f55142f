"""Reading the store fast: imported tables as numpy arrays, cached while the file is unchanged.

:meth:`Store.read <alliancelab.store.Store.read>` returns one table as a DataFrame
through its own connection. The panel verbs (:mod:`alliancelab.panels`) read a dozen
tables per pipeline and need plain arrays, so this module is the store's reading API for
them (and for any other reader of many tables):

- :func:`loaded` gives the :class:`Loaded` view of a store: its import metadata and the
  tables read so far, kept in memory while the DuckDB file (and its WAL) keep their size
  and modification time, so any import or removal invalidates it;
- :func:`pick` chooses, from candidates ``(source, table, import command)`` in order of
  preference, the first one imported and its default version (the store's one rule,
  :func:`alliancelab.store.core.default_version`);
- :func:`read_columns` returns columns of one table as numpy arrays (masked where NULL).

Table names follow the store's one rule, :func:`alliancelab.store.core.table_name`.

Examples
--------
>>> import tempfile, pathlib, pandas as pd
>>> from alliancelab.store import Store
>>> st = Store(pathlib.Path(tempfile.mkdtemp()) / "s.duckdb")
>>> for v in ("6.0", "7.0", "5.0"):
...     _ = st.write_import("cow_nmc", v, {"nmc": pd.DataFrame({"cinc": [float(v)]})},
...                         files=[v], sha256=[v])
>>> cands = [("cow_nmc", "nmc", "`alliancelab data import cow-nmc FILE`")]
>>> pick(st, cands, None, "add_nmc")
('cow_nmc', 'nmc', '7.0')
>>> read_columns(st, "cow_nmc", "nmc", "7.0", ["cinc"])["cinc"].tolist()
[7.0]
"""

from __future__ import annotations

import re
import stat
from collections.abc import Iterable, Sequence
from typing import Any

import numpy as np

from ..errors import CoverageError
from . import _arrays
from .core import Store, damaged, default_version, duckdb, table_name

__all__ = ["Candidate", "Loaded", "fetch", "loaded", "pick", "read_columns"]

Candidate = tuple[str, str, str]
"""``(store source, table, import command to name when it is missing)``."""

SOURCES = (None, "auto", "official", "peacesciencer")
"""The values of a reader's ``source`` preference: None/"auto" (official if imported,
else peacesciencer's export), "official" or "peacesciencer"."""


class Loaded:
    """The import metadata of one store and the tables read from it, as numpy arrays.

    DuckDB takes 20-30 ms to open a file; a pipeline of six panel verbs would open it a
    dozen times. On creation the import metadata and the default version of every
    ``preload`` table are read in one connection (a few hundred thousand rows);
    :meth:`preload` adds more, :meth:`read` reads a table not loaded yet. No connection
    stays open. The preloaded tables are also kept beside the store, in its read cache
    (:mod:`alliancelab.store._arrays`, ``PATH.arrays``) under the same ``key``: a later
    process whose preload it covers reads that file and opens no DuckDB connection.

    Parameters
    ----------
    store : Store
    key : tuple of int
        Size and modification time of the file (and its WAL) when it was read.
    preload : iterable of (source, table)
        Tables to read now.
    """

    def __init__(
        self, store: Store, key: tuple[int, ...], preload: Iterable[tuple[str, str]] = ()
    ) -> None:
        self.key = key
        self.path = store.path
        self.imports: list[tuple[str, str, list[str]]] = []
        self.tables: dict[str, dict[str, Any]] = {}
        self._tried: set[tuple[str, str]] = set()
        self._absent: set[str] = set()  # listed in the metadata, missing in DuckDB
        self._cached: set[str] = set()  # the preloaded tables: what the read cache holds
        hit = _arrays.read_arrays(_arrays.cache_path(store.path), key)
        if hit is not None:
            self.imports, self.tables, absent = hit
            self._cached, self._absent = set(self.tables), set(absent)
            self.preload(store, preload)
            return
        with store.connect(read_only=True) as con, damaged(store.path):
            try:
                rows = con.execute(
                    "SELECT source, version, tables FROM _imports ORDER BY source, imported_at"
                ).fetchall()
            except duckdb.CatalogException:  # an empty store: nothing imported yet
                rows = []
            self.imports = [(str(a), str(b), [str(t) for t in c]) for a, b, c in rows]
            self._fetch_all(con, self._missing(preload))
        self._save()

    def versions(self, src: str) -> list[str]:
        """Imported versions of ``src``, oldest import first."""
        return [v for s, v, _ in self.imports if s == src]

    def table_name(self, src: str, table: str, version: str) -> str | None:
        """The DuckDB table of ``table`` in that import, or None if the import lacks it."""
        name = table_name(src, table, version)
        for s, v, tabs in self.imports:
            if s == src and v == version:
                return name if name in tabs else None
        return None

    def preload(self, store: Store, wanted: Iterable[tuple[str, str]]) -> None:
        """Read the default version (:func:`default_version`) of every ``(source, table)``
        not read yet, all in one connection."""
        todo = self._missing(wanted)
        if todo:
            with store.connect(read_only=True) as con, damaged(store.path):
                self._fetch_all(con, todo)
            self._save()

    def _missing(self, wanted: Iterable[tuple[str, str]]) -> list[str]:
        """Names of the default-version tables of ``wanted`` not tried yet."""
        todo = []
        for src, table in sorted(set(wanted) - self._tried):
            self._tried.add((src, table))
            versions = self.versions(src)
            if versions:
                name = self.table_name(src, table, default_version(versions))
                if name is not None and name not in self.tables and name not in self._absent:
                    todo.append(name)
        return todo

    def _fetch_all(self, con: duckdb.DuckDBPyConnection, names: list[str]) -> None:
        for name in names:
            try:
                self.tables[name] = fetch(con, name)
            except duckdb.CatalogException:  # listed but absent
                self._absent.add(name)
                continue
            self._cached.add(name)

    def _save(self) -> None:
        """Write the preloaded tables to the read cache (skipped where it cannot be)."""
        tables = {n: self.tables[n] for n in sorted(self._cached)}
        try:
            mode = stat.S_IMODE(self.path.stat().st_mode)
        except OSError:  # removed meanwhile: nothing to cache
            return
        path = _arrays.cache_path(self.path)
        _arrays.write_arrays(path, self.key, self.imports, tables, sorted(self._absent), mode)

    def read(self, store: Store, name: str) -> dict[str, Any]:
        """All columns of table ``name`` (read on first use; not kept in the read cache)."""
        if name not in self.tables:
            with store.connect(read_only=True) as con, damaged(store.path):
                self.tables[name] = fetch(con, name)
        return self.tables[name]


_ARROW_PLAIN = re.compile(
    r"^(u?int(8|16|32|64)|double|float|bool|string|large_string|timestamp\[us\])$"
)


def fetch(con: duckdb.DuckDBPyConnection, name: str) -> dict[str, Any]:
    """All columns of a store table as numpy arrays, masked where NULL (as ``fetchnumpy``).

    Read through Arrow, which DuckDB exports about twice as fast as ``fetchnumpy``
    (pyarrow is already loaded by pandas); tables with a column type not handled here
    fall back to ``fetchnumpy``.
    """
    query = f'SELECT * FROM "{name}"'
    tab = con.sql(query).to_arrow_table()
    if not all(_ARROW_PLAIN.match(str(t)) for t in tab.schema.types):
        return dict(con.execute(query).fetchnumpy())
    out: dict[str, Any] = {}
    for col_name, col in zip(tab.column_names, tab.columns, strict=True):
        if col.null_count == 0:
            out[col_name] = col.to_numpy()
        else:
            mask = col.is_null().to_numpy()
            kind = str(col.type)
            if kind.startswith(("int", "uint", "double", "float", "bool")):
                data = col.fill_null(False if kind == "bool" else 0).to_numpy()
            else:
                data = col.to_numpy()
            out[col_name] = np.ma.MaskedArray(data, mask=mask)
    return out


_LOADED: dict[str, Loaded] = {}


def loaded(store: Store, preload: Iterable[tuple[str, str]] = ()) -> Loaded:
    """The cached :class:`Loaded` view of ``store``, re-read when the file changed.

    ``preload`` names ``(source, table)`` pairs to read now in one connection.
    """
    if not store.path.exists():
        raise CoverageError(
            f"no alliancelab store at {store.path}; import data first with "
            "`alliancelab data import SOURCE PATH...` (e.g. `alliancelab data import "
            "peacesciencer DIR`)"
        )
    key: tuple[int, ...] = ()
    for f in (store.path, store.path.with_name(store.path.name + ".wal")):
        if f.exists():
            stat = f.stat()
            key += (stat.st_mtime_ns, stat.st_size)
    hit = _LOADED.get(str(store.path))
    if hit is None or hit.key != key:
        _LOADED.clear()
        hit = _LOADED[str(store.path)] = Loaded(store, key, preload)
    else:
        hit.preload(store, preload)
    return hit


def pick(
    store: Store,
    candidates: Sequence[Candidate],
    source: str | None,
    verb: str,
    version: str | None = None,
    preload: Iterable[tuple[str, str]] = (),
) -> tuple[str, str, str]:
    """``(source, table, version)`` that ``verb`` reads, from ``candidates`` in order.

    Parameters
    ----------
    store : Store
    candidates : sequence of (source, table, import command)
        What the reader can use, preferred first; peacesciencer's export is the
        store source ``peacesciencer``, every other source is "official".
    source : {None, "auto", "official", "peacesciencer"}
        Restrict the candidates.
    verb : str
        The reader's name, for the messages.
    version : str, optional
        A version of an official source to read instead of its default.
    preload : iterable of (source, table)
        Passed to :func:`loaded`.

    Raises
    ------
    CoverageError
        Nothing suitable is imported; the message names the import command.
    """
    if source not in SOURCES:
        raise ValueError(f"source must be 'official', 'peacesciencer' or None, got {source!r}")
    cands = list(candidates)
    if source == "peacesciencer":
        cands = [c for c in cands if c[0] == "peacesciencer"]
    elif source == "official":
        cands = [c for c in cands if c[0] != "peacesciencer"]
    if not cands:
        raise CoverageError(
            f"{verb}() has no {source} source; it reads "
            + " or ".join(f"{s}.{t}" for s, t, _ in candidates)
        )
    lo = loaded(store, preload)
    for src, table, _cmd in cands:
        found = lo.versions(src)
        if not found:
            continue
        if version is not None and src != "peacesciencer":
            if version not in found:
                raise CoverageError(
                    f"{verb}() asked for {src} version {version!r}; the store at {store.path} "
                    f"holds {', '.join(found)}"
                )
            return src, table, version
        best = default_version(found)
        if lo.table_name(src, table, best) is None:  # e.g. a partial peacesciencer import
            continue
        return src, table, best
    how = " or ".join(cmd for _, _, cmd in cands)
    raise CoverageError(
        f"{verb}() needs {' or '.join(f'{s}.{t}' for s, t, _ in cands)}, which the store at "
        f"{store.path} does not hold; import it with {how}"
    )


def read_columns(
    store: Store,
    src: str,
    table: str,
    version: str,
    cols: Sequence[str],
    preload: Iterable[tuple[str, str]] = (),
) -> dict[str, Any]:
    """Columns ``cols`` of one imported table as numpy arrays (masked where NULL).

    Raises
    ------
    CoverageError
        The import lacks the table or a column (the message says to re-import).
    """
    lo = loaded(store, preload)
    name = lo.table_name(src, table, version)
    if name is None:
        raise CoverageError(f"table {table!r} is not part of the imported {src!r} {version} data")
    d = lo.read(store, name)
    missing = [c for c in cols if c not in d]
    if missing:
        raise CoverageError(
            f"the store table {src}.{table} ({version}) lacks the column(s) "
            f"{', '.join(missing)}; re-import it with a current alliancelab"
        )
    return {c: d[c] for c in cols}
