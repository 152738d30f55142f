"""The embedded DuckDB store: one file, atomic imports, versions side by side.

Every import goes through :meth:`Store.write_import`: the importer parses and validates
its files completely in memory first (raising :class:`~alliancelab.errors.DataFormatError`
before anything is written), then all of its tables and its metadata row are written in
one DuckDB transaction. Re-importing a file whose sha256 is already recorded for that
source changes nothing; a new version is stored beside the old one and either can be
read. Tables are named ``<source>__<table>__<version>`` and described in ``_imports``.
"""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd

from ..errors import AllianceLabError, CoverageError

__all__ = [
    "ImportRecord",
    "Store",
    "damaged",
    "default_store_path",
    "default_version",
    "sha256_file",
    "table_name",
]

_META = "_imports"
_META_DDL = f"""
CREATE TABLE IF NOT EXISTS {_META} (
    source VARCHAR NOT NULL,
    version VARCHAR NOT NULL,
    tables VARCHAR[] NOT NULL,
    files VARCHAR[] NOT NULL,
    sha256 VARCHAR[] NOT NULL,
    rows BIGINT NOT NULL,
    imported_at TIMESTAMP NOT NULL,
    notes VARCHAR,
    PRIMARY KEY (source, version)
)
"""


def default_store_path() -> Path:
    """``$ALLIANCELAB_HOME/alliancelab.duckdb``, else the user's data directory."""
    home = os.environ.get("ALLIANCELAB_HOME")
    if home:
        return Path(home).expanduser() / "alliancelab.duckdb"
    from platformdirs import user_data_dir

    return Path(user_data_dir("alliancelab", appauthor=False)) / "alliancelab.duckdb"


def _damaged_error(path: Path, exc: BaseException) -> AllianceLabError:
    return AllianceLabError(
        f"the alliancelab store file {path} is damaged (truncated or overwritten: {exc}); "
        "restore it from a backup, or remove it and import the data again "
        "(`alliancelab data import SOURCE PATH...`)"
    )


def _is_damage(exc: BaseException) -> bool:
    """A DuckDB error that means the file's bytes are not a whole database."""
    text = str(exc)
    return isinstance(exc, duckdb.IOException | duckdb.InternalException) and (
        "read enough bytes" in text or "corrupt" in text.lower() or "checksum" in text.lower()
    )


@contextmanager
def damaged(path: Path) -> Iterator[None]:
    """Turn DuckDB's errors for a truncated or corrupt store file, raised at the first
    query (``IOException: Could not read enough bytes``), into an
    :class:`~alliancelab.errors.AllianceLabError` naming the file and what to do."""
    try:
        yield
    except duckdb.Error as exc:
        if _is_damage(exc):
            raise _damaged_error(path, exc) from None
        raise


def sha256_file(path: str | Path) -> str:
    """Hex sha256 of a file's bytes."""
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def _slug(text: str) -> str:
    return re.sub(r"[^0-9a-zA-Z]+", "_", text).strip("_").lower()


def table_name(source: str, table: str, version: str) -> str:
    """The DuckDB table holding ``table`` of version ``version`` of ``source``.

    The store's one naming rule, ``<source>__<table>__<version>`` with every run of
    characters other than letters and digits made ``_`` and lower-cased:
    :meth:`Store.write_import` names the tables it writes with it and
    :mod:`alliancelab.store.read` finds them with it.

    Examples
    --------
    >>> table_name("cow_nmc", "nmc", "7.0")
    'cow_nmc__nmc__7_0'
    >>> table_name("cow-states", "States", "2016")
    'cow_states__states__2016'
    """
    return f"{_slug(source)}__{_slug(table)}__{_slug(version)}"


def default_version(found: Sequence[str]) -> str:
    """The version of a source that is read when none is asked for: the store's one rule.

    ``found`` lists the imported versions, oldest import first. When every label is a
    version number (dotted integers: ``5.0``, ``7.0``, ``2016``, ``1.2.9``) the highest
    number is the default, whatever the import order (NMC 7.0 over 6.0 even if 6.0 was
    imported later); otherwise the most recent import. :meth:`Store.read`, the panel verbs
    (:mod:`alliancelab.store.read`) and everything built on them use this rule; pass
    ``version=`` to read another. Documented in ``docs/data.md`` ("Which version is read").

    Examples
    --------
    >>> default_version(["7.0", "6.0"]), default_version(["2016", "v2"])
    ('7.0', 'v2')
    """

    def key(v: str) -> tuple[int, ...]:
        try:
            return tuple(int(x) for x in v.split("."))
        except ValueError:
            return (-1,)

    if not found:
        raise ValueError("no imported version to choose from")
    if all(key(v) != (-1,) for v in found):
        return max(found, key=key)
    return found[-1]


@dataclass(frozen=True)
class ImportRecord:
    """What one import wrote (or found already there, ``unchanged=True``)."""

    source: str
    version: str
    tables: tuple[str, ...]
    rows: int
    sha256: tuple[str, ...]
    imported_at: datetime
    unchanged: bool = False
    notes: str = ""


class Store:
    """A DuckDB file holding imported official data sets.

    Parameters
    ----------
    path : str or Path, optional
        The DuckDB file; default :func:`default_store_path` (``ALLIANCELAB_HOME``
        overrides the user's data directory).

    Examples
    --------
    >>> import tempfile, pandas as pd
    >>> with tempfile.TemporaryDirectory() as d:
    ...     st = Store(Path(d) / "x.duckdb")
    ...     rec = st.write_import("demo", "1.0", {"t": pd.DataFrame({"a": [1, 2]})},
    ...                           files=["t.csv"], sha256=["abc"])
    ...     (rec.rows, st.read("demo", "t")["a"].tolist(), st.has("demo"))
    (2, [1, 2], True)
    """

    def __init__(self, path: str | Path | None = None) -> None:
        self.path = Path(path) if path is not None else default_store_path()

    def __repr__(self) -> str:
        return f"Store({str(self.path)!r})"

    # -- connections -------------------------------------------------------------------
    def connect(self, read_only: bool = False) -> duckdb.DuckDBPyConnection:
        """Open the DuckDB file (created with its metadata table when writing)."""
        if read_only:
            if not self.path.exists():
                raise CoverageError(
                    f"no alliancelab store at {self.path}; import data first with "
                    "`alliancelab data import SOURCE PATH...`"
                )
            return self._open(read_only=True)
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise AllianceLabError(
                f"cannot create the folder of the alliancelab store {self.path}: {exc} "
                f"({self.path.parent} is a file, read-only or not reachable); point "
                "ALLIANCELAB_HOME or --store at a writable folder"
            ) from None
        con = self._open(read_only=False)
        try:
            with damaged(self.path):
                con.execute(_META_DDL)
        except BaseException:
            con.close()
            raise
        return con

    @contextmanager
    def _transaction(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """A writable connection inside one transaction: committed when the block ends,
        rolled back on any exception (so the store is as before), always closed.

        The original error is the one raised: when DuckDB has already ended the
        transaction (a failed COMMIT, e.g. on a full disk), the ROLLBACK's own "no
        transaction is active" is not allowed to hide it. A DuckDB I/O error (disk full,
        unwritable file) becomes an :class:`~alliancelab.errors.AllianceLabError` saying
        that nothing was written: the store's contents are as before (its bytes may not
        be, DuckDB may have grown the file or left a WAL). A COMMIT that DuckDB cannot
        write (``TransactionException: Failed to commit: Could not write file ...wal``,
        the error of a real full disk or file-size limit) is said the same way.
        """
        con = self.connect()
        try:
            con.execute("BEGIN TRANSACTION")
            yield con
            con.execute("COMMIT")
        except BaseException as exc:
            with suppress(duckdb.Error):  # the transaction may be gone: keep the first error
                con.execute("ROLLBACK")
            if _is_damage(exc):
                raise _damaged_error(self.path, exc) from None
            failed_commit = isinstance(exc, duckdb.TransactionException) and (
                "Failed to commit" in str(exc)
            )
            if isinstance(exc, duckdb.IOException) or failed_commit:
                raise AllianceLabError(
                    f"could not write to the alliancelab store at {self.path}: {exc}; nothing "
                    "was written (the store's contents are as before); free disk space or "
                    "point ALLIANCELAB_HOME or --store at a writable place, then try again"
                ) from exc
            raise
        finally:
            con.close()

    def _open(self, read_only: bool) -> duckdb.DuckDBPyConnection:
        """``duckdb.connect``, with DuckDB's own errors (a directory, a file that is not a
        DuckDB database, a file another process holds open for writing) said in terms of
        the store."""
        try:
            return duckdb.connect(str(self.path), read_only=read_only)
        except duckdb.Error as exc:
            if _is_damage(exc):
                raise _damaged_error(self.path, exc) from None
            raise AllianceLabError(
                f"cannot open the alliancelab store at {self.path}: {exc} (point "
                "ALLIANCELAB_HOME or --store at an alliancelab DuckDB file, or at a new path)"
            ) from None

    # -- metadata ----------------------------------------------------------------------
    def imports(self) -> pd.DataFrame:
        """One row per imported (source, version): tables, files, sha256, rows, time."""
        cols = ["source", "version", "tables", "files", "sha256", "rows", "imported_at", "notes"]
        if not self.path.exists():
            return pd.DataFrame(columns=cols)
        with self.connect(read_only=True) as con, damaged(self.path):
            if not _has_meta(con):
                return pd.DataFrame(columns=cols)
            return con.execute(
                f"SELECT {', '.join(cols)} FROM {_META} ORDER BY source, imported_at"
            ).df()

    def has(self, source: str, version: str | None = None) -> bool:
        """Whether ``source`` (optionally that ``version``) has been imported."""
        df = self.imports()
        df = df[df["source"] == source]
        if version is not None:
            df = df[df["version"] == version]
        return len(df) > 0

    def versions(self, source: str) -> list[str]:
        """Imported versions of ``source``, oldest import first."""
        df = self.imports()
        return df.loc[df["source"] == source, "version"].tolist()

    def _resolve(self, source: str, version: str | None) -> str:
        found = self.versions(source)
        if not found:
            raise CoverageError(
                f"data source {source!r} is not in the store at {self.path}; import it with "
                f"`alliancelab data import {source.replace('_', '-')} PATH...`"
            )
        if version is None:
            return default_version(found)
        if version not in found:
            raise CoverageError(
                f"version {version!r} of {source!r} is not in the store; imported: "
                f"{', '.join(found)}"
            )
        return version

    def table_name(self, source: str, table: str, version: str | None = None) -> str:
        """The DuckDB table holding ``table`` of ``source`` (:func:`default_version` by
        default)."""
        return table_name(source, table, self._resolve(source, version))

    def read(
        self,
        source: str,
        table: str,
        version: str | None = None,
        columns: Sequence[str] | None = None,
    ) -> pd.DataFrame:
        """Read one imported table as a DataFrame (:func:`default_version` by default)."""
        name = self.table_name(source, table, version)
        cols = ", ".join(f'"{c}"' for c in columns) if columns else "*"
        with self.connect(read_only=True) as con, damaged(self.path):
            try:
                return con.execute(f'SELECT {cols} FROM "{name}"').df()
            except duckdb.CatalogException:
                raise CoverageError(
                    f"table {table!r} is not part of the imported {source!r} data"
                ) from None

    def sql(self, query: str, params: Sequence[Any] | None = None) -> pd.DataFrame:
        """Run a read-only SQL query against the store."""
        with self.connect(read_only=True) as con, damaged(self.path):
            return con.execute(query, params or []).df()

    # -- writing -----------------------------------------------------------------------
    def write_import(
        self,
        source: str,
        version: str,
        tables: Mapping[str, pd.DataFrame],
        *,
        files: Sequence[str],
        sha256: Sequence[str],
        notes: str = "",
    ) -> ImportRecord:
        """Write validated tables of one import atomically, or change nothing.

        If the same (source, version) was imported from files with the same sha256, the
        store is left untouched and the existing record is returned (``unchanged``).
        If the version exists with different files, its tables are replaced in the same
        transaction. Any failure rolls back everything.
        """
        if not tables:
            raise AllianceLabError(f"import of {source} {version} produced no tables")
        existing = self.imports()
        prior = existing[(existing["source"] == source) & (existing["version"] == version)]
        if len(prior) and sorted(prior["sha256"].iloc[0]) == sorted(sha256):
            row = prior.iloc[0]
            return ImportRecord(
                source=source,
                version=version,
                tables=tuple(row["tables"]),
                rows=int(row["rows"]),
                sha256=tuple(row["sha256"]),
                imported_at=row["imported_at"].to_pydatetime(),
                unchanged=True,
                notes=str(row["notes"] or ""),
            )
        now = datetime.now(UTC).replace(tzinfo=None)
        names = {t: table_name(source, t, version) for t in tables}
        total = int(sum(len(df) for df in tables.values()))
        with self._transaction() as con:
            if len(prior):
                for old in prior["tables"].iloc[0]:
                    con.execute(f'DROP TABLE IF EXISTS "{old}"')
                con.execute(
                    f"DELETE FROM {_META} WHERE source = ? AND version = ?", [source, version]
                )
            for t, df in tables.items():
                con.register("_incoming", df)
                con.execute(f'CREATE TABLE "{names[t]}" AS SELECT * FROM _incoming')
                con.unregister("_incoming")
            con.execute(
                f"INSERT INTO {_META} VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    source,
                    version,
                    list(names.values()),
                    list(files),
                    list(sha256),
                    total,
                    now,
                    notes,
                ],
            )
        return ImportRecord(
            source=source,
            version=version,
            tables=tuple(names.values()),
            rows=total,
            sha256=tuple(sha256),
            imported_at=now,
            notes=notes,
        )

    def remove(self, source: str, version: str | None = None) -> list[str]:
        """Remove one version of ``source`` (or every version when ``version`` is None).

        Returns the versions removed; raises CoverageError if there is nothing to remove.
        """
        found = self.versions(source)
        targets = found if version is None else [self._resolve(source, version)]
        if not targets:
            raise CoverageError(f"data source {source!r} is not in the store at {self.path}")
        df = self.imports()
        with self._transaction() as con:
            for v in targets:
                row = df[(df["source"] == source) & (df["version"] == v)].iloc[0]
                for t in row["tables"]:
                    con.execute(f'DROP TABLE IF EXISTS "{t}"')
                con.execute(f"DELETE FROM {_META} WHERE source = ? AND version = ?", [source, v])
        return targets

    def snapshot_contents(self) -> dict[str, list[tuple[Any, ...]]]:
        """Every table's sorted rows, for comparing the store before and after an operation."""
        if not self.path.exists():
            return {}
        out: dict[str, list[tuple[Any, ...]]] = {}
        with self.connect(read_only=True) as con, damaged(self.path):
            names = [r[0] for r in con.execute("SHOW TABLES").fetchall()]
            for n in sorted(names):
                rows = con.execute(f'SELECT * FROM "{n}"').fetchall()
                out[n] = sorted(rows, key=repr)
        return out


def _has_meta(con: duckdb.DuckDBPyConnection) -> bool:
    return bool(
        con.execute(
            "SELECT count(*) FROM information_schema.tables WHERE table_name = ?", [_META]
        ).fetchone()[0]  # type: ignore[index]
    )
