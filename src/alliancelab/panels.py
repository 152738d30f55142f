"""State-year, dyad-year and k-ad-year panels: peacesciencer's verbs, exact and fast.

``create_*`` builds a panel from the state system, ``add_*`` adds columns (a left join
that must keep the row count), ``filter_*`` drops rows; every verb takes and returns a
pandas DataFrame and works with :meth:`pandas.DataFrame.pipe`. Column names are
peacesciencer's. A panel carries its unit in ``df.attrs["alliancelab"]`` (peacesciencer's
``ps_data_type``): ``unit`` (``state_year``, ``dyad_year`` or ``kad_year``), ``directed``,
``system`` (``cow``), ``extend_to``, the store it was read from and the data source each
verb used. Verbs check the unit against the key columns (``ccode, year``;
``ccode1, ccode2, year``; ``ccode1 ... ccodek, year``).

Data come from the alliancelab store (:class:`~alliancelab.store.Store`; the default
store unless ``store=`` is given; a panel remembers its store). Each verb reads the
official import when it is in the store, else peacesciencer's exported input
(``alliancelab data import peacesciencer DIR``); ``source="official"`` or
``source="peacesciencer"`` forces one (``create_*(..., source=...)`` sets the default of
the whole pipeline). A missing source raises :class:`~alliancelab.errors.CoverageError`
naming the ``alliancelab data import`` command.

No silent imputation: a verb fills "no event" (0) only inside its source's coverage
(ATOP 1815-2018, COW alliances 1816-2012, MIDs 1816-2014, contiguity 1816-2016, major
powers to the panel's last year); outside it the column is NA. ``extend_to`` (carry the
states alive at the end of the system data, 2016, forward to that year, peacesciencer's
``mry = TRUE``) is always explicit, never today's date.

With peacesciencer 1.2.9's inputs and ``extend_to=2025`` the pipelines of its
``PARITY.md`` are reproduced exactly (``tests/test_parity.py``; ``docs/panels.md``).

References
----------
Miller, Steven V. 2022. "{peacesciencer}: An R Package for Quantitative Peace Science
Research." *Conflict Management and Peace Science* 39(6): 755-779.

Examples
--------
A tiny store (two states, one alliance) built by hand:

>>> import tempfile, pathlib, pandas as pd
>>> from alliancelab.store import Store
>>> st = Store(pathlib.Path(tempfile.mkdtemp()) / "s.duckdb")
>>> sysm = pd.DataFrame({"ccode": [2, 20], "cw_abb": ["USA", "CAN"],
...     "cw_name": ["United States", "Canada"],
...     "start": pd.to_datetime(["1816-01-01", "1920-01-10"]),
...     "end": pd.to_datetime(["2016-12-31", "2016-12-31"])})
>>> atop = pd.DataFrame({"ccode1": [2, 20], "ccode2": [20, 2], "year": [2016, 2016],
...     "atop_defense": [1, 1], "atop_offense": [0, 0], "atop_neutral": [0, 0],
...     "atop_nonagg": [0, 0], "atop_consul": [1, 0]})
>>> _ = st.write_import("peacesciencer", "1.2.9", {"isard_cw_system": sysm,
...     "atop_alliance": atop}, files=["x"], sha256=["y"])
>>> dy = create_dyad_years(directed=False, years=(2016, 2019), extend_to=2019, store=st)
>>> dy.pipe(add_atop_alliance)[["ccode1", "ccode2", "year", "atop_alliance"]]
   ccode1  ccode2  year  atop_alliance
0       2      20  2016              1
1       2      20  2017              0
2       2      20  2018              0
3       2      20  2019           <NA>

(ATOP 5.1 covers 1815-2018: the toy input has no row for 2017-2018, so "no alliance" is
0 there; 2019 lies outside the coverage, so it stays NA.)
"""

from __future__ import annotations

import itertools
import math
import re
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any

import duckdb
import numpy as np
import pandas as pd

from .errors import CoverageError
from .store.core import Store

__all__ = [
    "SIMILARITY_MEASURES",
    "add_atop_alliance",
    "add_capability_ratio",
    "add_contiguity",
    "add_cow_alliance",
    "add_cow_majors",
    "add_cow_mids",
    "add_nmc",
    "add_peace_years",
    "add_pooled_capability",
    "add_similarity",
    "add_sipri_milex",
    "create_dyad_years",
    "create_kad_years",
    "create_state_years",
    "filter_prd",
    "panel_info",
]

ATTR = "alliancelab"
#: Similarity measures :func:`add_similarity` computes (column names).
SIMILARITY_MEASURES = ("s_unweighted", "s_weighted", "kappa", "pi", "tau_b")
_ATOP_COLS = ("atop_defense", "atop_offense", "atop_neutral", "atop_nonagg", "atop_consul")
_OBLIGATION_COLS = {
    "defense": "atop_defense",
    "offense": "atop_offense",
    "neutrality": "atop_neutral",
    "nonaggression": "atop_nonagg",
    "consultation": "atop_consul",
}
_NMC_COLS = ("milex", "milper", "irst", "pec", "tpop", "upop", "cinc")
_COW_ALLIANCE_COLS = ("cow_defense", "cow_neutral", "cow_nonagg", "cow_entente")
_SIPRI_COLS = ("milex_constant_usd_m", "milex_current_usd_m", "milex_share_gdp")
_YEAR0 = 1700  # year offset in packed keys (years 1700-2699)
_PS_IMPORT = "`alliancelab data import peacesciencer DIR` (peacesciencer's exported inputs)"

# what each verb reads, in the order tried: (store source, table, import command)
_CANDIDATES: dict[str, list[tuple[str, str, str]]] = {
    "system": [
        (
            "cow_states",
            "states",
            "`alliancelab data import cow-states states2016.csv system2016.csv majors2016.csv`",
        ),
        ("peacesciencer", "isard_cw_system", _PS_IMPORT),
    ],
    "atop": [
        ("atop", "ddy", "`alliancelab data import atop atop5_1m.csv atop5_1a.csv`"),
        ("peacesciencer", "atop_alliance", _PS_IMPORT),
    ],
    "cow_alliance": [
        (
            "cow_alliance",
            "dyad_years",
            "`alliancelab data import cow-alliance alliance_v4.1_by_member.csv`",
        ),
    ],
    "nmc": [
        ("cow_nmc", "nmc", "`alliancelab data import cow-nmc NMC-60-abridged.csv`"),
        ("peacesciencer", "cow_nmc", _PS_IMPORT),
    ],
    "mids": [
        ("cow_mid", "ddydisps", '`alliancelab data import cow-mid "MIDA 5.0.csv" "MIDB 5.0.csv"`'),
        ("peacesciencer", "cow_mid_ddydisps", _PS_IMPORT),
    ],
    "contiguity": [
        ("cow_contiguity", "contdir", "`alliancelab data import cow-contiguity contdir.csv`"),
        ("peacesciencer", "cow_contdir", _PS_IMPORT),
    ],
    "majors": [
        (
            "cow_states",
            "majors",
            "`alliancelab data import cow-states states2016.csv system2016.csv majors2016.csv`",
        ),
        ("peacesciencer", "cow_majors", _PS_IMPORT),
    ],
    "sipri": [
        ("sipri_milex", "milex", "`alliancelab data import sipri-milex SIPRI-Milex-data.xlsx`"),
    ],
}

# coverage windows ("no event" = 0 inside, NA outside), by what and source
_COVERAGE = {
    ("atop", "peacesciencer"): (1815, 2018),
    ("mids", "peacesciencer"): (1816, 2014),
    ("contiguity", "peacesciencer"): (1816, 2016),
}


# -- panel metadata ---------------------------------------------------------------------


def panel_info(df: pd.DataFrame) -> dict[str, Any]:
    """The panel's metadata: unit, directed, system, k, extend_to, store, sources.

    Read from ``df.attrs["alliancelab"]``; when pandas dropped the attrs (some
    operations do), the unit is inferred from the key columns (a dyad-year panel is
    directed if any row has ``ccode1 > ccode2``).

    Examples
    --------
    >>> panel_info(pd.DataFrame({"ccode": [2], "year": [1816]}))["unit"]
    'state_year'
    """
    meta = df.attrs.get(ATTR)
    cols = set(df.columns)
    if isinstance(meta, dict) and "unit" in meta:
        meta = dict(meta)
    else:
        meta = {"system": "cow", "sources": {}, "extend_to": None, "store": None}
        if {"ccode1", "ccode2", "year"} <= cols:
            k = 2
            while f"ccode{k + 1}" in cols:
                k += 1
            if k == 2:
                c1 = df["ccode1"].to_numpy()
                c2 = df["ccode2"].to_numpy()
                meta.update(unit="dyad_year", directed=bool((c1 > c2).any()), k=2)
            else:
                meta.update(unit="kad_year", directed=False, k=k)
        elif {"ccode", "year"} <= cols:
            meta.update(unit="state_year", directed=False, k=1)
        else:
            raise ValueError(
                "not a panel: expected key columns (ccode, year) or (ccode1, ccode2, year); "
                "build one with create_state_years() or create_dyad_years()"
            )
    need = _keys(meta)
    missing = [c for c in need if c not in cols]
    if missing:
        raise ValueError(
            f"the panel says it is {meta['unit']} but lacks the key column(s) "
            f"{', '.join(missing)}; rebuild it with create_{meta['unit'].replace('_year', '')}"
            "_years()"
        )
    meta.setdefault("sources", {})
    return meta


def _keys(meta: dict[str, Any]) -> list[str]:
    if meta["unit"] == "state_year":
        return ["ccode", "year"]
    return [f"ccode{i}" for i in range(1, int(meta.get("k", 2)) + 1)] + ["year"]


def _require_unit(meta: dict[str, Any], verb: str, units: Sequence[str]) -> None:
    if meta["unit"] not in units:
        kinds = " or ".join(u.replace("_", "-") for u in units)
        raise ValueError(f"{verb}() works on {kinds} panels, not on a {meta['unit']} panel")


def _resolve_store(meta: dict[str, Any] | None, store: Store | str | Path | None) -> Store:
    if isinstance(store, Store):
        return store
    if store is not None:
        return Store(store)
    if meta is not None and meta.get("store"):
        return Store(meta["store"])
    return Store()


class _Loaded:
    """The panel inputs of one store, read in one connection and kept while it is unchanged.

    DuckDB takes 10-30 ms to open a file; a pipeline of six verbs would open it a dozen
    times. On first use the import metadata and the best version of every table a verb
    can read are loaded as numpy arrays (a few hundred thousand rows); the cache is
    keyed on the file's size and modification time (and its WAL's), so any import or
    removal invalidates it. No connection stays open.
    """

    def __init__(self, store: Store, key: tuple[int, ...]) -> None:
        self.key = key
        self.path = store.path
        self.imports: list[tuple[str, str, list[str]]] = []
        self.tables: dict[str, dict[str, Any]] = {}
        with store.connect(read_only=True) as con:
            try:
                rows = con.execute(
                    "SELECT source, version, tables FROM _imports ORDER BY source, imported_at"
                ).fetchall()
            except duckdb.CatalogException:  # an empty store: nothing imported yet
                rows = []
            self.imports = [(str(a), str(b), [str(t) for t in c]) for a, b, c in rows]
            wanted = {(src, table) for cands in _CANDIDATES.values() for src, table, _ in cands}
            wanted.add(("peacesciencer", "false_cow_dyads"))
            for src, table in sorted(wanted):
                versions = self.versions(src)
                if versions:
                    name = self.table_name(src, table, _best_version(versions))
                    if name is not None:
                        try:
                            self.tables[name] = _fetch(con, name)
                        except duckdb.CatalogException:  # listed but absent
                            continue

    def versions(self, src: str) -> list[str]:
        return [v for s, v, _ in self.imports if s == src]

    def table_name(self, src: str, table: str, version: str) -> str | None:
        for s, v, tabs in self.imports:
            if s == src and v == version:
                prefix = f"{_slug(src)}__{_slug(table)}__"
                return next((t for t in tabs if t.startswith(prefix)), None)
        return None

    def read(self, store: Store, name: str) -> dict[str, Any]:
        if name not in self.tables:
            with store.connect(read_only=True) as con:
                self.tables[name] = _fetch(con, name)
        return self.tables[name]


_ARROW_PLAIN = re.compile(
    r"^(u?int(8|16|32|64)|double|float|bool|string|large_string|timestamp\[us\])$"
)


def _fetch(con: duckdb.DuckDBPyConnection, name: str) -> dict[str, Any]:
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


_LOADED: dict[str, _Loaded] = {}


def _slug(text: str) -> str:
    return re.sub(r"[^0-9a-zA-Z]+", "_", text).strip("_").lower()


def _loaded(store: Store) -> _Loaded:
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
        hit = _LOADED[str(store.path)] = _Loaded(store, key)
    return hit


def _pick(
    store: Store, what: str, source: str | None, verb: str, version: str | None = None
) -> tuple[str, str, str]:
    """(source, table, version) that ``verb`` reads for ``what``."""
    if source not in (None, "auto", "official", "peacesciencer"):
        raise ValueError(f"source must be 'official', 'peacesciencer' or None, got {source!r}")
    cands = _CANDIDATES[what]
    if source == "peacesciencer":
        cands = [c for c in cands if c[0] == "peacesciencer"]
    elif source == "official":
        cands = [c for c in cands if c[0] != "peacesciencer"]
    if not cands:
        raise CoverageError(
            f"{verb}() has no {source} source; it reads "
            + " or ".join(f"{s}.{t}" for s, t, _ in _CANDIDATES[what])
        )
    lo = _loaded(store)
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
        best = _best_version(found)
        if lo.table_name(src, table, best) is None:  # e.g. a partial peacesciencer import
            continue
        return src, table, best
    how = " or ".join(cmd for _, _, cmd in cands)
    raise CoverageError(
        f"{verb}() needs {' or '.join(f'{s}.{t}' for s, t, _ in cands)}, which the store at "
        f"{store.path} does not hold; import it with {how}"
    )


def _best_version(found: list[str]) -> str:
    """The highest version number (e.g. NMC 7.0 over 6.0), else the latest import."""

    def key(v: str) -> tuple[int, ...]:
        try:
            return tuple(int(x) for x in v.split("."))
        except ValueError:
            return (-1,)

    return max(found, key=key) if all(key(v) != (-1,) for v in found) else found[-1]


def _read(store: Store, src: str, table: str, version: str, cols: Sequence[str]) -> dict[str, Any]:
    """Columns of one store table as numpy arrays (masked where NULL)."""
    lo = _loaded(store)
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


def _arr(x: Any, dtype: Any = np.int64, fill: Any = None) -> np.ndarray:
    """A plain ndarray from a (masked) fetchnumpy column; masked -> fill (or NaN)."""
    if isinstance(x, np.ma.MaskedArray):
        if fill is None:
            return np.ma.filled(x.astype(np.float64), np.nan)
        return np.ma.filled(x, fill).astype(dtype)
    return np.asarray(x).astype(dtype, copy=False)


def _label(src: str, table: str, version: str) -> str:
    return f"{src} {version} ({table})"


def _with(
    df: pd.DataFrame, meta: dict[str, Any], new: dict[str, Any], verb: str, used: str | None = None
) -> pd.DataFrame:
    """``df`` plus the new columns; checks names and that the row count is kept."""
    clash = [c for c in new if c in df.columns]
    if clash:
        raise ValueError(
            f"{verb}() would add {', '.join(clash)}, which the panel already has "
            "(was the verb applied twice?)"
        )
    for c, v in new.items():
        if len(v) != len(df):
            raise ValueError(f"{verb}() changed the row count ({len(df)} -> {len(v)}) in {c}")
    add = pd.DataFrame(new, index=df.index, copy=False)
    out = pd.concat([df, add], axis=1) if len(df.columns) else add
    if len(out) != len(df):  # pragma: no cover - guarded above
        raise ValueError(f"{verb}() changed the row count ({len(df)} -> {len(out)})")
    meta = dict(meta)
    if used is not None:
        meta["sources"] = {**meta.get("sources", {}), verb: used}
    out.attrs = {ATTR: meta}
    return out


# -- key lookups ------------------------------------------------------------------------


def _pack(cols: Sequence[np.ndarray], year: np.ndarray) -> np.ndarray:
    k = np.zeros(len(year), dtype=np.int64)
    for c in cols:
        k = k * 1000 + np.asarray(c, dtype=np.int64)
    return k * 1000 + (np.asarray(year, dtype=np.int64) - _YEAR0)


def _pair_code(c1: np.ndarray, c2: np.ndarray) -> np.ndarray:
    """``ccode1 * 1000 + ccode2`` as intp (an index into a dense 1000 x 1000 table)."""
    pc = np.asarray(c1).astype(np.intp)
    pc *= 1000
    pc += np.asarray(c2)
    return pc


class _Cells:
    """Dense numbering of (ccode1, ccode2, year): ``slot[ccode1, ccode2] * ny + year - y0``.

    The slots number the pairs of the source; pairs it lacks share one empty slot, so a
    lookup needs no masks. The years cover the source's and ``span`` (the panel's).
    """

    def __init__(
        self, c1: np.ndarray, c2: np.ndarray, year: np.ndarray, span: tuple[int, int] | None
    ) -> None:
        _check_ccodes(c1, c2)
        pc = _pair_code(c1, c2)
        present = np.zeros(1_000_000, dtype=bool)
        present[pc] = True
        pairs = np.flatnonzero(present)
        self.empty = len(pairs)
        self.slot = np.full(1_000_000, self.empty, dtype=np.int32)
        self.slot[pairs] = np.arange(len(pairs), dtype=np.int32)
        ys = [int(year.min()), int(year.max())] if len(year) else []
        if span is not None:
            ys += list(span)
        self.y0 = min(ys) if ys else 0
        self.ny = max(ys) - self.y0 + 1 if ys else 1
        self.size = (self.empty + 1) * self.ny
        self.src = self.cells(c1, c2, year, pc)

    def cells(
        self, c1: np.ndarray, c2: np.ndarray, year: np.ndarray, pc: np.ndarray | None = None
    ) -> np.ndarray:
        s = self.slot[_pair_code(c1, c2) if pc is None else pc]
        year = np.asarray(year)
        if len(year) and (int(year.min()) < self.y0 or int(year.max()) >= self.y0 + self.ny):
            out = (year < self.y0) | (year >= self.y0 + self.ny)
            s[out] = self.empty
            year = np.where(out, self.y0, year)
        cell = s.astype(np.intp)
        cell *= self.ny
        cell += year
        cell -= self.y0
        return cell


class _DyadIndex:
    """(ccode1, ccode2, year) -> source row through dense tables (no sorting, no hashing).

    ``rows[cell]`` holds the source row of each :class:`_Cells` cell (``n``, one past
    the end, where there is none). Raises if the source holds a dyad-year twice (the
    join would add rows).
    """

    def __init__(
        self,
        c1: np.ndarray,
        c2: np.ndarray,
        year: np.ndarray,
        what: str,
        span: tuple[int, int] | None = None,
    ) -> None:
        self.n = len(year)
        self.cellmap = _Cells(c1, c2, year, span)
        self.rows = np.full(self.cellmap.size, self.n, dtype=np.int32)
        self.rows[self.cellmap.src] = np.arange(self.n, dtype=np.int32)
        if self.n and int(np.count_nonzero(self.rows != self.n)) != self.n:
            raise ValueError(
                f"{what} holds a dyad-year twice; joining it would change the row count"
            )

    def get(self, c1: np.ndarray, c2: np.ndarray, year: np.ndarray) -> np.ndarray:
        """Source row of each panel row, or ``n`` (one past the end) where there is none."""
        return self.rows[self.cellmap.cells(c1, c2, year)]


def _span(year: np.ndarray) -> tuple[int, int] | None:
    return (int(year.min()), int(year.max())) if len(year) else None


def _int_dtype(values: np.ndarray, extra: int = 0) -> Any:
    lo = min(int(values.min()), extra) if len(values) else extra
    hi = max(int(values.max()), extra) if len(values) else extra
    for dt in (np.int8, np.int16, np.int32):
        info = np.iinfo(dt)
        if info.min <= lo and hi <= info.max:
            return dt
    return np.int64


class _Hits:
    """The panel rows a join found (``idx < n``), computed once for all its columns."""

    def __init__(self, idx: np.ndarray, n: int) -> None:
        self.idx = idx
        self.n = n
        self.hit = np.flatnonzero(idx < n)
        self.sparse = len(self.hit) < len(idx) // 4
        self.src_rows = idx[self.hit] if self.sparse else idx


def _take_int(
    src: np.ndarray, idx: np.ndarray | _Hits, na: np.ndarray, fill: int = 0
) -> pd.api.extensions.ExtensionArray:
    """Nullable ints ``src[idx]`` (``fill`` where idx == len(src)), NA where ``na``."""
    src = np.asarray(src)
    h = idx if isinstance(idx, _Hits) else _Hits(idx, len(src))
    dt = _int_dtype(src, fill)
    if h.sparse:  # sparse sources (alliances, disputes): scatter the hits
        out = np.zeros(len(h.idx), dtype=dt) if fill == 0 else np.full(len(h.idx), fill, dtype=dt)
        out[h.hit] = src[h.src_rows]
    else:
        out = np.append(src.astype(dt), np.array([fill], dtype=dt))[h.idx]
    return pd.arrays.IntegerArray(out, na.copy())


def _take_float(src: np.ndarray, idx: np.ndarray) -> np.ndarray:
    """Floats ``src[idx]``, NaN where idx == len(src) (``idx`` intp for speed)."""
    return np.take(np.append(np.asarray(src, dtype=np.float64), np.nan), idx)


def _check_ccodes(*arrays: np.ndarray) -> None:
    for a in arrays:
        if len(a) and (a.min() < 0 or a.max() > 999):
            raise ValueError("state codes must lie in 0-999 (COW codes)")


# -- state system -----------------------------------------------------------------------


class _System:
    """System membership by state and year: spells, membership matrix, day spans."""

    def __init__(self, store: Store, source: str | None, extend_to: int | None, verb: str) -> None:
        src, table, ver = _pick(store, "system", source, verb)
        self.label = _label(src, table, ver)
        self.src = src
        if src == "peacesciencer":
            d = _read(store, src, table, ver, ["ccode", "cw_name", "start", "end"])
            cc = _arr(d["ccode"])
            names = np.asarray(d["cw_name"], dtype=object)
            start = np.asarray(d["start"]).astype("datetime64[D]")
            end = np.asarray(d["end"]).astype("datetime64[D]")
        else:
            cols = ["ccode", "statenme", "styear", "stmonth", "stday", "endyear"]
            d = _read(store, src, table, ver, [*cols, "endmonth", "endday"])
            cc = _arr(d["ccode"])
            names = np.asarray(d["statenme"], dtype=object)
            start = _dates(d["styear"], d["stmonth"], d["stday"])
            end = _dates(d["endyear"], d["endmonth"], d["endday"])
        _check_ccodes(cc)
        self.data_end = int(end.max().astype(object).year)
        if extend_to is not None:
            try:
                extend_to = int(extend_to)
            except (TypeError, ValueError):
                raise ValueError(f"extend_to must be a year, got {extend_to!r}") from None
            if extend_to < self.data_end:
                raise ValueError(
                    f"extend_to={extend_to} is before the end of the system data "
                    f"({self.data_end}); use years=(first, last) to cut the panel"
                )
            if extend_to > 2100:
                raise ValueError(f"extend_to={extend_to} is implausible")
            # states alive on the last day of the data are carried forward (mry = TRUE)
            end = np.where(end == end.max(), np.datetime64(f"{extend_to}-12-31"), end)
        self.extend_to = extend_to
        self.last = extend_to if extend_to is not None else self.data_end
        self.first = int(start.min().astype(object).year)
        self.ccodes = np.unique(cc)
        self.names: dict[int, str] = {}
        ny = self.last - self.first + 1
        n = len(self.ccodes)
        self.member = np.zeros((n, ny), dtype=bool)
        self.first_day = np.zeros((n, ny), dtype=np.int64)
        self.last_day = np.zeros((n, ny), dtype=np.int64)
        row = np.searchsorted(self.ccodes, cc)
        sy = start.astype("datetime64[Y]").astype(np.int64) + 1970
        ey = end.astype("datetime64[Y]").astype(np.int64) + 1970
        sd = start.astype(np.int64)
        ed = end.astype(np.int64)
        jan1 = (np.arange(self.first, self.last + 1) - 1970).astype("datetime64[Y]")
        jan1d = jan1.astype("datetime64[D]").astype(np.int64)
        dec31d = (jan1 + 1).astype("datetime64[D]").astype(np.int64) - 1
        for i in range(len(cc)):
            r = row[i]
            a, b = sy[i] - self.first, ey[i] - self.first + 1
            if self.member[r, a:b].any():
                raise ValueError(
                    f"state {cc[i]} has two membership spells in one year; cannot build state-years"
                )
            self.member[r, a:b] = True
            self.first_day[r, a:b] = np.maximum(jan1d[a:b], sd[i])
            self.last_day[r, a:b] = np.minimum(dec31d[a:b], ed[i])
            self.names[int(cc[i])] = str(names[i])
        jan = np.broadcast_to(jan1d, self.member.shape)
        dec = np.broadcast_to(dec31d, self.member.shape)
        self.partial = self.member & ((self.first_day > jan) | (self.last_day < dec))

    def year_slice(self, years: tuple[int, int] | None, verb: str) -> tuple[int, int]:
        if years is None:
            return self.first, self.last
        lo, hi = years
        if lo < self.first:
            raise CoverageError(f"{verb}(): the state system data start in {self.first}")
        if hi > self.last:
            hint = (
                f"; pass extend_to={hi} to carry the states alive at the end of "
                f"{self.data_end} forward (peacesciencer's mry)"
                if self.extend_to is None
                else ""
            )
            raise CoverageError(
                f"{verb}(): years to {hi} requested but the panel ends in {self.last}{hint}"
            )
        return lo, hi


def _dates(y: Any, m: Any, d: Any) -> np.ndarray:
    ya, ma, da = _arr(y, fill=1), _arr(m, fill=1), _arr(d, fill=1)
    s = [f"{a:04d}-{b:02d}-{c:02d}" for a, b, c in zip(ya, ma, da, strict=True)]
    return np.array(s, dtype="datetime64[D]")


def _years_arg(years: Any) -> tuple[tuple[int, int] | None, set[int] | None]:
    """Normalise ``years``: None, an int, (first, last), "1816-2025", or an iterable."""
    if years is None:
        return None, None
    if isinstance(years, str):
        parts = years.replace(":", "-").split("-")
        try:
            span = [int(p) for p in parts]
        except ValueError:
            span = []
        if len(span) not in (1, 2):
            raise ValueError(f"years must look like '1816-2025', got {years!r}")
        years = (span[0], span[-1])
    if isinstance(years, int | np.integer):
        return (int(years), int(years)), None
    if isinstance(years, range):
        if years.step == 1 and len(years):
            return (years.start, years.stop - 1), None
        ys = set(years)
    elif isinstance(years, tuple) and len(years) == 2:
        lo, hi = int(years[0]), int(years[1])
        if hi < lo:
            raise ValueError(f"years=({lo}, {hi}): the last year is before the first")
        return (lo, hi), None
    else:
        ys = {int(y) for y in years}
    if not ys:
        raise ValueError("years is empty")
    return (min(ys), max(ys)), ys


def _new_meta(
    unit: str, directed: bool, k: int, sysm: _System, store: Store, source: str | None
) -> dict[str, Any]:
    return {
        "unit": unit,
        "directed": directed,
        "k": k,
        "system": "cow",
        "extend_to": sysm.extend_to,
        "data_end": sysm.data_end,
        "store": str(store.path),
        "prefer": source,
        "sources": {"system": sysm.label},
    }


def _system_arg(system: str) -> None:
    if system != "cow":
        raise ValueError(
            f"system={system!r}: only the Correlates of War state system ('cow') is supported"
        )


def create_state_years(
    system: str = "cow",
    years: Any = None,
    extend_to: int | None = None,
    store: Store | str | Path | None = None,
    source: str | None = None,
) -> pd.DataFrame:
    """One row per state and year it is a member of the state system.

    peacesciencer's ``create_stateyears(system = "cow")``: every spell of the COW state
    system membership (COW v2016, via ``isard::cw_system`` in peacesciencer, or the
    official ``states2016``) expanded from its entry year to its exit year.

    Parameters
    ----------
    system : {"cow"}
        State system (Gleditsch-Ward is not supported yet).
    years : (first, last), "1816-2025", int or iterable of int, optional
        Keep these years (default: all).
    extend_to : int, optional
        Carry states still in the system on the last day of the data (2016-12-31) to the
        end of this year. peacesciencer does this with ``mry = TRUE`` up to last year's
        date; here it is explicit. Without it the panel ends in 2016.
    store : Store or path, optional
        Default: the default store (``ALLIANCELAB_HOME``).
    source : {None, "official", "peacesciencer"}
        Which import to read (default: official ``cow_states`` if imported, else
        peacesciencer's ``isard_cw_system``); also the default of later verbs.

    Returns
    -------
    DataFrame
        ``ccode`` (int32), ``cw_name``, ``year`` (int32), sorted by ccode and year;
        ``attrs["alliancelab"]["unit"] == "state_year"``.

    Raises
    ------
    CoverageError
        No state-system data in the store (the message names the import command), or
        years beyond the data without ``extend_to``.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> st = Store(pathlib.Path(tempfile.mkdtemp()) / "s.duckdb")
    >>> _ = st.write_import("peacesciencer", "1.2.9", {"isard_cw_system": pd.DataFrame({
    ...     "ccode": [2], "cw_abb": ["USA"], "cw_name": ["United States"],
    ...     "start": pd.to_datetime(["1816-01-01"]), "end": pd.to_datetime(["2016-12-31"])})},
    ...     files=["x"], sha256=["y"])
    >>> create_state_years(years=(2015, 2018), extend_to=2018, store=st)
       ccode        cw_name  year
    0      2  United States  2015
    1      2  United States  2016
    2      2  United States  2017
    3      2  United States  2018
    """
    _system_arg(system)
    st = _resolve_store(None, store)
    sysm = _System(st, source, extend_to, "create_state_years")
    span, only = _years_arg(years)
    lo, hi = sysm.year_slice(span, "create_state_years")
    m = sysm.member[:, lo - sysm.first : hi - sysm.first + 1]
    si, yi = np.nonzero(m)
    year = (yi + lo).astype(np.int32)
    cc = sysm.ccodes[si].astype(np.int32)
    if only is not None:
        keep = np.isin(year, np.fromiter(only, dtype=np.int32))
        cc, year = cc[keep], year[keep]
    names = np.array([sysm.names[int(c)] for c in sysm.ccodes], dtype=object)
    df = pd.DataFrame(
        {
            "ccode": cc,
            "cw_name": pd.array(names[np.searchsorted(sysm.ccodes, cc)], dtype="str"),
            "year": year,
        },
        copy=False,
    )
    df.attrs = {ATTR: _new_meta("state_year", False, 1, sysm, st, source)}
    return df


def create_dyad_years(
    system: str = "cow",
    directed: bool = True,
    years: Any = None,
    extend_to: int | None = None,
    store: Store | str | Path | None = None,
    source: str | None = None,
) -> pd.DataFrame:
    """Every pair of states and year in which both are members of the state system.

    peacesciencer's ``create_dyadyears(system = "cow")``: all pairs ccode1 != ccode2 of
    COW system members in each year (entry year <= year <= exit year), non-directed
    keeping ``ccode2 > ccode1``, minus the pairs that are both members in a year but
    never on the same day (peacesciencer anti-joins its ``false_cow_dyads``; from the
    official dates these are computed, which gives the same 60 directed dyad-years).

    Parameters
    ----------
    system : {"cow"}
    directed : bool
        Directed (both (a, b) and (b, a)) or non-directed (ccode1 < ccode2).
    years, extend_to, store, source
        As in :func:`create_state_years`.

    Returns
    -------
    DataFrame
        ``ccode1, ccode2, year`` (int32), sorted; unit ``dyad_year``.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> st = Store(pathlib.Path(tempfile.mkdtemp()) / "s.duckdb")
    >>> _ = st.write_import("peacesciencer", "1.2.9", {"isard_cw_system": pd.DataFrame({
    ...     "ccode": [2, 20, 31], "cw_abb": ["USA", "CAN", "BHM"],
    ...     "cw_name": ["United States", "Canada", "Bahamas"],
    ...     "start": pd.to_datetime(["1816-01-01", "1920-01-10", "1973-07-10"]),
    ...     "end": pd.to_datetime(["2016-12-31", "2016-12-31", "2016-12-31"])})},
    ...     files=["x"], sha256=["y"])
    >>> d = create_dyad_years(directed=False, years=1973, store=st)
    >>> d.values.tolist(), d.attrs["alliancelab"]["unit"]
    ([[2, 20, 1973], [2, 31, 1973], [20, 31, 1973]], 'dyad_year')
    """
    _system_arg(system)
    st = _resolve_store(None, store)
    sysm = _System(st, source, extend_to, "create_dyad_years")
    span, only = _years_arg(years)
    lo, hi = sysm.year_slice(span, "create_dyad_years")
    a, b = lo - sysm.first, hi - sysm.first + 1
    member = sysm.member[:, a:b]
    n = len(sysm.ccodes)
    if directed:
        ii, jj = np.nonzero(~np.eye(n, dtype=bool))
    else:
        ii, jj = np.triu_indices(n, 1)
    both = member[ii] & member[jj]  # (pairs, years), pairs in sorted (ccode1, ccode2) order
    pairpos = np.full((n, n), -1, dtype=np.int64)
    pairpos[ii, jj] = np.arange(len(ii))
    false = _ps_false_dyads(st, sysm) if sysm.src == "peacesciencer" else None
    if false is not None:  # peacesciencer's anti-join with false_cow_dyads
        fr1, fr2, fy = false
        p = pairpos[fr1, fr2]
        ok = (p >= 0) & (fy >= lo) & (fy <= hi)
        both[p[ok], fy[ok] - lo] = False
    else:  # pairs in the system that year but never on the same day
        partial = sysm.partial[:, a:b]
        pc, yc = np.nonzero(both & (partial[ii] | partial[jj]))
        ic, jc, ya = ii[pc], jj[pc], yc + a
        fd = np.maximum(sysm.first_day[ic, ya], sysm.first_day[jc, ya])
        ld = np.minimum(sysm.last_day[ic, ya], sysm.last_day[jc, ya])
        bad = fd > ld
        both[pc[bad], yc[bad]] = False
    # rows in (pair, year) order: each pair's codes repeated over its years
    per_pair = np.count_nonzero(both, axis=1)
    c1 = np.repeat(sysm.ccodes[ii].astype(np.int32), per_pair)
    c2 = np.repeat(sysm.ccodes[jj].astype(np.int32), per_pair)
    year = np.broadcast_to(np.arange(lo, hi + 1, dtype=np.int32), both.shape)[both]
    if only is not None:
        sel = np.isin(year, np.fromiter(only, dtype=np.int32))
        c1, c2, year = c1[sel], c2[sel], year[sel]
    df = pd.DataFrame({"ccode1": c1, "ccode2": c2, "year": year}, copy=False)
    df.attrs = {ATTR: _new_meta("dyad_year", bool(directed), 2, sysm, st, source)}
    return df


def _ps_false_dyads(st: Store, sysm: _System) -> tuple[np.ndarray, np.ndarray, np.ndarray] | None:
    """peacesciencer's ``false_cow_dyads`` as (row of ccode1, row of ccode2, year)."""
    try:
        _, _, ver = _pick(st, "system", "peacesciencer", "create_dyad_years")
        d = _read(st, "peacesciencer", "false_cow_dyads", ver, ["ccode1", "ccode2", "year"])
    except CoverageError:
        return None  # computed from the dates instead (the same 60 rows on COW v2016)
    f1, f2, fy = _arr(d["ccode1"]), _arr(d["ccode2"]), _arr(d["year"])
    r1 = np.searchsorted(sysm.ccodes, f1)
    r2 = np.searchsorted(sysm.ccodes, f2)
    r1, r2 = np.minimum(r1, len(sysm.ccodes) - 1), np.minimum(r2, len(sysm.ccodes) - 1)
    known = (sysm.ccodes[r1] == f1) & (sysm.ccodes[r2] == f2)
    return r1[known], r2[known], fy[known]


def create_kad_years(
    k: int = 3,
    system: str = "cow",
    years: Any = None,
    extend_to: int | None = None,
    ccodes: Iterable[int] | None = None,
    store: Store | str | Path | None = None,
    source: str | None = None,
    max_rows: int = 20_000_000,
) -> pd.DataFrame:
    """Every set of ``k`` states (triads and up) and year in which all are in the system.

    NewGene's k-ad years: unordered sets ``ccode1 < ccode2 < ... < ccodek`` of COW
    system members sharing at least one day in the system that year (for k = 2 this is
    :func:`create_dyad_years` with ``directed=False``). The count grows as n^k / k!
    (about 1.2 million triads in each recent year), so restrict ``years`` or
    ``ccodes``; more than ``max_rows`` rows is an error, not a slow surprise.

    Parameters
    ----------
    k : int
        Size of the sets, >= 2.
    ccodes : iterable of int, optional
        Only sets of these states (e.g. a region).
    system, years, extend_to, store, source
        As in :func:`create_state_years`.
    max_rows : int
        Refuse to build more rows than this.

    Returns
    -------
    DataFrame
        ``ccode1, ..., ccodek, year`` (int32), sorted; unit ``kad_year``. Only
        :func:`add_nmc` and :func:`add_cow_majors` accept k-ad panels (columns suffixed
        1..k).

    Examples
    --------
    >>> import tempfile, pathlib
    >>> st = Store(pathlib.Path(tempfile.mkdtemp()) / "s.duckdb")
    >>> _ = st.write_import("peacesciencer", "1.2.9", {"isard_cw_system": pd.DataFrame({
    ...     "ccode": [2, 20, 31, 40], "cw_abb": ["USA", "CAN", "BHM", "CUB"],
    ...     "cw_name": ["United States", "Canada", "Bahamas", "Cuba"],
    ...     "start": pd.to_datetime(["1816-01-01", "1920-01-10", "1973-07-10", "1909-01-23"]),
    ...     "end": pd.to_datetime(["2016-12-31"] * 4)})}, files=["x"], sha256=["y"])
    >>> create_kad_years(3, years=1973, store=st).values.tolist()
    [[2, 20, 31, 1973], [2, 20, 40, 1973], [2, 31, 40, 1973], [20, 31, 40, 1973]]
    """
    if not isinstance(k, int | np.integer) or k < 2:
        raise ValueError(f"k must be an integer >= 2, got {k!r}")
    k = int(k)
    _system_arg(system)
    st = _resolve_store(None, store)
    sysm = _System(st, source, extend_to, "create_kad_years")
    span, only = _years_arg(years)
    lo, hi = sysm.year_slice(span, "create_kad_years")
    rows_of = np.arange(len(sysm.ccodes))
    if ccodes is not None:
        want = np.unique(np.fromiter((int(c) for c in ccodes), dtype=np.int64))
        rows_of = rows_of[np.isin(sysm.ccodes, want)]
    yrs = [y for y in range(lo, hi + 1) if only is None or y in only]
    counts = [math.comb(int(sysm.member[rows_of, y - sysm.first].sum()), k) for y in yrs]
    if sum(counts) > max_rows:
        raise ValueError(
            f"create_kad_years(k={k}) would build {sum(counts):,} rows (> max_rows="
            f"{max_rows:,}); restrict years= or ccodes=, or raise max_rows"
        )
    parts: list[np.ndarray] = []
    yparts: list[np.ndarray] = []
    for y, cnt in zip(yrs, counts, strict=True):
        if cnt == 0:
            continue
        yi = y - sysm.first
        live = rows_of[sysm.member[rows_of, yi]]
        combo = np.fromiter(
            itertools.chain.from_iterable(itertools.combinations(live, k)),
            dtype=np.int64,
            count=cnt * k,
        ).reshape(cnt, k)
        fd = sysm.first_day[combo, yi].max(axis=1)
        ld = sysm.last_day[combo, yi].min(axis=1)
        combo = combo[fd <= ld]
        parts.append(combo)
        yparts.append(np.full(len(combo), y, dtype=np.int32))
    allc = np.concatenate(parts) if parts else np.zeros((0, k), dtype=np.int64)
    year = np.concatenate(yparts) if yparts else np.zeros(0, dtype=np.int32)
    cc = sysm.ccodes[allc].astype(np.int32)
    order = np.lexsort([year, *[cc[:, c] for c in range(k - 1, -1, -1)]])
    data = {f"ccode{c + 1}": cc[order, c] for c in range(k)}
    data["year"] = year[order]
    df = pd.DataFrame(data, copy=False)
    df.attrs = {ATTR: _new_meta("kad_year", False, k, sysm, st, source)}
    return df


# -- add_* verbs ------------------------------------------------------------------------


def _coverage(what: str, src: str, years: np.ndarray) -> tuple[int, int]:
    if (what, src) in _COVERAGE:
        return _COVERAGE[(what, src)]
    if not len(years):
        return (0, -1)
    return int(years.min()), int(years.max())


def _prefer(meta: dict[str, Any], source: str | None) -> str | None:
    return source if source is not None else meta.get("prefer")


def add_atop_alliance(
    df: pd.DataFrame,
    ndir: bool = True,
    store: Store | str | Path | None = None,
    source: str | None = None,
) -> pd.DataFrame:
    """Add ATOP alliance obligations (v5.1) to a dyad-year panel.

    peacesciencer's ``add_atop_alliance()``: ``atop_alliance = 1`` for every dyad-year
    in the ATOP directed dyad-year data, and ``atop_defense, atop_offense,
    atop_neutral, atop_nonagg, atop_consul`` (ccode1's obligation to ccode2). Directed
    panels join on (ccode1, ccode2, year). Non-directed panels with ``ndir=True`` take,
    for each pair-year, the maximum of every column over both directions; with
    ``ndir=False`` they join the (ccode1 < ccode2) direction only. Missing becomes 0
    only for 1815-2018 (ATOP's coverage); later years stay NA.

    Reads ``atop.ddy`` (derived from the official ATOP 5.1 member file) when imported,
    else peacesciencer's ``atop_alliance``.

    References
    ----------
    Leeds, Ritter, Mitchell & Long (2002), *International Interactions* 28: 237-60;
    ATOP v5.1.

    Examples
    --------
    See the module example.
    """
    meta = panel_info(df)
    _require_unit(meta, "add_atop_alliance", ["dyad_year"])
    st = _resolve_store(meta, store)
    src, table, ver = _pick(st, "atop", _prefer(meta, source), "add_atop_alliance")
    d = _read(st, src, table, ver, ["ccode1", "ccode2", "year", *_ATOP_COLS])
    s1, s2, sy = _arr(d["ccode1"]), _arr(d["ccode2"]), _arr(d["year"])
    vals = np.stack([_arr(d[c], np.int64, 0) for c in _ATOP_COLS], axis=1)
    lo, hi = _coverage("atop", src, sy)
    c1, c2, year = (df[c].to_numpy() for c in ("ccode1", "ccode2", "year"))
    inside = (year >= lo) & (year <= hi)
    new: dict[str, Any] = {}
    if not meta["directed"] and ndir:
        # both directions of a pair-year fall into one cell; each column is its maximum
        cm = _Cells(np.minimum(s1, s2), np.maximum(s1, s2), sy, _span(year))
        cell = cm.cells(c1, c2, year)
        present = np.zeros(cm.size, dtype=bool)
        present[cm.src] = True
        found = present[cell]
        del present
        na = ~found & ~inside
        hit = np.flatnonzero(found)
        cell_hit = cell[hit]
        del cell
        cols = {"atop_alliance": np.ones(len(sy), dtype=np.int8)}
        cols.update((c, vals[:, n]) for n, c in enumerate(_ATOP_COLS))
        for c, v in cols.items():
            dt = _int_dtype(v, 0)
            dense = np.full(cm.size, np.iinfo(dt).min, dtype=dt)
            np.maximum.at(dense, cm.src, v.astype(dt))
            out = np.zeros(len(year), dtype=dt)
            out[hit] = dense[cell_hit]
            new[c] = pd.arrays.IntegerArray(out, na.copy())
    else:
        idx = _DyadIndex(s1, s2, sy, f"{src}.{table}", _span(year)).get(c1, c2, year)
        h = _Hits(idx, len(sy))
        na = (idx == len(sy)) & ~inside
        new["atop_alliance"] = _take_int(np.ones(len(sy), dtype=np.int8), h, na)
        for n, c in enumerate(_ATOP_COLS):
            new[c] = _take_int(vals[:, n], h, na)
    return _with(df, meta, new, "add_atop_alliance", _label(src, table, ver))


def add_cow_alliance(
    df: pd.DataFrame, store: Store | str | Path | None = None, source: str | None = None
) -> pd.DataFrame:
    """Add COW formal alliance types (v4.1) to a dyad-year panel.

    peacesciencer's ``add_cow_alliance()``: ``cow_defense, cow_neutral, cow_nonagg,
    cow_entente`` joined on (ccode1, ccode2, year) from the directed dyad-years derived
    from the official by-member file (``cow_alliance.dyad_years``); missing becomes 0
    inside the data's coverage (1816-2012 for v4.1) and stays NA after it.

    References
    ----------
    Gibler, Douglas M. 2009. *International Military Alliances, 1648-2008*. CQ Press.
    COW Formal Alliances v4.1.
    """
    meta = panel_info(df)
    _require_unit(meta, "add_cow_alliance", ["dyad_year"])
    st = _resolve_store(meta, store)
    src, table, ver = _pick(st, "cow_alliance", _prefer(meta, source), "add_cow_alliance")
    d = _read(st, src, table, ver, ["ccode1", "ccode2", "year", *_COW_ALLIANCE_COLS])
    sy = _arr(d["year"])
    lo, hi = 1816, int(sy.max()) if len(sy) else 0
    c1, c2, year = (df[c].to_numpy() for c in ("ccode1", "ccode2", "year"))
    index = _DyadIndex(_arr(d["ccode1"]), _arr(d["ccode2"]), sy, f"{src}.{table}", _span(year))
    idx = index.get(c1, c2, year)
    na = (idx == len(sy)) & ~((year >= lo) & (year <= hi))
    h = _Hits(idx, len(sy))
    new = {c: _take_int(_arr(d[c], np.int64, 0), h, na) for c in _COW_ALLIANCE_COLS}
    return _with(df, meta, new, "add_cow_alliance", _label(src, table, ver))


def _state_year_index(
    sc: np.ndarray, sy: np.ndarray, what: str
) -> Callable[[np.ndarray, np.ndarray], np.ndarray]:
    """Dense (ccode, year) -> source row lookup; ``len(sc)`` where there is none."""
    _check_ccodes(sc)
    n = len(sc)
    table = np.full(1_000_000, n, dtype=np.intp)
    yy = np.asarray(sy, dtype=np.int64) - _YEAR0
    if n and (yy.min() < 0 or yy.max() > 999):
        raise ValueError(f"{what}: years outside {_YEAR0}-{_YEAR0 + 999}")
    table[np.asarray(sc, dtype=np.int64) * 1000 + yy] = np.arange(n)
    if n and int(np.count_nonzero(table < n)) != n:
        raise ValueError(f"{what} holds a state-year twice; joining it would change the row count")

    def get(c: np.ndarray, y: np.ndarray) -> np.ndarray:
        y = np.asarray(y)
        if len(y) and (int(y.min()) < _YEAR0 or int(y.max()) > _YEAR0 + 999):
            y = np.clip(y, _YEAR0, _YEAR0 + 999)  # years outside 1700-2699 hold no data
        key = np.asarray(c).astype(np.intp)
        key *= 1000
        key += y
        key -= _YEAR0
        return table[key]

    return get


def _suffixes(meta: dict[str, Any]) -> list[str]:
    return [""] if meta["unit"] == "state_year" else [str(i) for i in range(1, int(meta["k"]) + 1)]


def _code_cols(meta: dict[str, Any]) -> list[str]:
    return ["ccode"] if meta["unit"] == "state_year" else [f"ccode{s}" for s in _suffixes(meta)]


def add_nmc(
    df: pd.DataFrame,
    store: Store | str | Path | None = None,
    source: str | None = None,
    version: str | None = None,
) -> pd.DataFrame:
    """Add COW National Material Capabilities (v7.0 by default) to any panel.

    peacesciencer's ``add_nmc()``: ``milex, milper, irst, pec, tpop, upop, cinc``
    joined on (ccode, year); dyad-year panels get them for each side with suffixes 1 and
    2 (k-ad panels 1..k). Never filled: missing stays NA. milex is thousands of GBP
    1816-1913 and thousands of current USD from 1914.

    Reads ``cow_nmc.nmc`` (the highest imported version unless ``version=`` is given)
    when imported, else peacesciencer's ``cow_nmc`` (v7.0).

    References
    ----------
    Singer, Bremer & Stuckey (1972); Singer (1987), *International Interactions* 14:
    115-32. COW NMC v7.0.
    """
    meta = panel_info(df)
    st = _resolve_store(meta, store)
    src, table, ver = _pick(st, "nmc", _prefer(meta, source), "add_nmc", version)
    d = _read(st, src, table, ver, ["ccode", "year", *_NMC_COLS])
    get = _state_year_index(_arr(d["ccode"]), _arr(d["year"]), f"{src}.{table}")
    vals = {c: _arr(d[c], np.float64, np.nan) for c in _NMC_COLS}
    year = df["year"].to_numpy()
    new: dict[str, Any] = {}
    for cc, suf in zip(_code_cols(meta), _suffixes(meta), strict=True):
        idx = get(df[cc].to_numpy(), year)
        for c in _NMC_COLS:
            new[f"{c}{suf}"] = _take_float(vals[c], idx)
    return _with(df, meta, new, "add_nmc", _label(src, table, ver))


def add_sipri_milex(df: pd.DataFrame, store: Store | str | Path | None = None) -> pd.DataFrame:
    """Add SIPRI military expenditure to a state-year or dyad-year panel.

    Columns ``milex_constant_usd_m`` (constant US$ m), ``milex_current_usd_m`` (current
    US$ m) and ``milex_share_gdp`` (share of GDP), suffixed 1/2 on dyad-year panels;
    joined on (ccode, year) from the official SIPRI Military Expenditure Database import
    (``sipri_milex.milex``). Never filled: NA outside SIPRI's coverage (1949 on) or where
    SIPRI has no figure. peacesciencer has no SIPRI verb.

    References
    ----------
    SIPRI Military Expenditure Database (Stockholm International Peace Research
    Institute).
    """
    meta = panel_info(df)
    st = _resolve_store(meta, store)
    src, table, ver = _pick(st, "sipri", None, "add_sipri_milex")
    d = _read(st, src, table, ver, ["ccode", "year", *_SIPRI_COLS])
    get = _state_year_index(_arr(d["ccode"]), _arr(d["year"]), f"{src}.{table}")
    vals = {c: _arr(d[c], np.float64, np.nan) for c in _SIPRI_COLS}
    year = df["year"].to_numpy()
    new: dict[str, Any] = {}
    for cc, suf in zip(_code_cols(meta), _suffixes(meta), strict=True):
        idx = get(df[cc].to_numpy(), year)
        for c in _SIPRI_COLS:
            new[f"{c}{suf}"] = _take_float(vals[c], idx)
    return _with(df, meta, new, "add_sipri_milex", _label(src, table, ver))


def add_cow_mids(
    df: pd.DataFrame, store: Store | str | Path | None = None, source: str | None = None
) -> pd.DataFrame:
    """Add COW Militarized Interstate Disputes (MID 5.0, dyad-year form) to a dyad-year panel.

    peacesciencer's ``add_cow_mids()``: left-joins ``cow_mid_ddydisps`` (one row per
    directed dyad-year, chosen by Miller's rules from the dispute-years) on (ccode1,
    ccode2, year); a non-directed panel uses the ccode1 < ccode2 row. Adds ``dispnum,
    cowmidongoing, cowmidonset, sidea1, sidea2, fatality1, fatality2, fatalpre1,
    fatalpre2, hiact1, hiact2, hostlev1, hostlev2, orig1, orig2, fatality, hostlev,
    mindur, maxdur, recip, stmon``. ``cowmidonset`` and ``cowmidongoing`` are 0 without
    a dispute for 1816-2014 (the MID coverage) and NA after; the other columns are NA
    without a dispute. COW's own negative codes (-9) pass through unchanged, as in
    peacesciencer.

    Reads the dyad-years derived at import from the official MIDB 5.0 file
    (``alliancelab data import cow-mid "MIDA 5.0.csv" "MIDB 5.0.csv"``; Miller's
    conversion and whittling, equal to peacesciencer's ``cow_mid_ddydisps`` row for row,
    see :mod:`alliancelab.store._mid`), else peacesciencer's exported
    ``cow_mid_ddydisps``; ``source="official"`` or ``"peacesciencer"`` chooses.

    References
    ----------
    Palmer et al. (2022), *Conflict Management and Peace Science* 39(4): 470-82 (MID5);
    Miller (2021), "How to (Meticulously) Convert Participant-Level Dispute Data to
    Dyadic Dispute-Year Data in R".
    """
    meta = panel_info(df)
    _require_unit(meta, "add_cow_mids", ["dyad_year"])
    st = _resolve_store(meta, store)
    src, table, ver = _pick(st, "mids", _prefer(meta, source), "add_cow_mids")
    cols = [
        "dispnum", "cowmidongoing", "cowmidonset", "sidea1", "sidea2", "fatality1",
        "fatality2", "fatalpre1", "fatalpre2", "hiact1", "hiact2", "hostlev1", "hostlev2",
        "orig1", "orig2", "fatality", "hostlev", "mindur", "maxdur", "recip", "stmon",
    ]  # fmt: skip
    d = _read(st, src, table, ver, ["ccode1", "ccode2", "year", *cols])
    sy = _arr(d["year"])
    lo, hi = _coverage("mids", src, sy)
    c1, c2, year = (df[c].to_numpy() for c in ("ccode1", "ccode2", "year"))
    index = _DyadIndex(_arr(d["ccode1"]), _arr(d["ccode2"]), sy, f"{src}.{table}", _span(year))
    idx = index.get(c1, c2, year)
    missing = idx == len(sy)
    inside = (year >= lo) & (year <= hi)
    h = _Hits(idx, len(sy))
    new: dict[str, Any] = {}
    for c in cols:
        if c in ("cowmidongoing", "cowmidonset"):
            new[c] = _take_int(_arr(d[c]), h, missing & ~inside)
        else:
            new[c] = _take_int(_arr(d[c]), h, missing)
    return _with(df, meta, new, "add_cow_mids", _label(src, table, ver))


def _contiguity_first_month(
    c1: np.ndarray, c2: np.ndarray, ct: np.ndarray, begin: np.ndarray, end: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """(packed dyad-year keys, conttype) of the first month of each dyad-year.

    ``begin``/``end`` are YYYYMM. Equivalent to expanding every spell to months,
    stable-sorting by (ccode1, month) and keeping the first row of each (ccode1, ccode2,
    year), as peacesciencer's ``add_contiguity(slice = "first")`` does.
    """
    sy, sm = begin // 100, begin % 100
    ey = end // 100
    n = (ey - sy + 1).astype(np.int64)
    rid = np.repeat(np.arange(len(c1)), n)
    offs = np.arange(int(n.sum())) - np.repeat(np.cumsum(n) - n, n)
    year = sy[rid] + offs
    first_month = np.where(offs == 0, sm[rid], 1)
    key = _pack([c1[rid], c2[rid]], year)
    order = np.lexsort([rid, first_month, key])
    key, rid = key[order], rid[order]
    head = np.r_[True, key[1:] != key[:-1]]
    return key[head], ct[rid[head]]


def _unpack2(key: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    return key // 1000000, key // 1000 % 1000, key % 1000 + _YEAR0


def add_contiguity(
    df: pd.DataFrame, store: Store | str | Path | None = None, source: str | None = None
) -> pd.DataFrame:
    """Add COW direct contiguity (v3.2) to a dyad-year panel.

    peacesciencer's ``add_contiguity()`` (``slice = "first"``): the contiguity type in
    the first month of the year in which the dyad has a contiguity record (1 land; 2, 3,
    4, 5 separated by at most 12, 24, 150, 400 miles of water; 0 a recorded
    non-contiguous spell). Missing becomes 0 for 1816-2016 (the data's coverage) and
    stays NA after.

    Reads ``cow_contiguity.contdir`` when imported (the official master file, non-
    directed spells made directed; it has no explicit conttype-0 spells, so a year whose
    first months fall before a spell starts takes that spell's type, where
    peacesciencer's copy would give 0), else peacesciencer's ``cow_contdir`` (exact
    parity).

    References
    ----------
    Stinnett, Tir, Schafer, Diehl & Gochman (2002), *Conflict Management and Peace
    Science* 19(2): 58-66. COW Direct Contiguity v3.2.
    """
    meta = panel_info(df)
    _require_unit(meta, "add_contiguity", ["dyad_year"])
    st = _resolve_store(meta, store)
    src, table, ver = _pick(st, "contiguity", _prefer(meta, source), "add_contiguity")
    if src == "peacesciencer":
        d = _read(st, src, table, ver, ["ccode1", "ccode2", "conttype", "stdate", "enddate"])
        sd = np.asarray(d["stdate"]).astype("datetime64[M]").astype(np.int64)
        ed = np.asarray(d["enddate"]).astype("datetime64[M]").astype(np.int64)
        begin = (sd // 12 + 1970) * 100 + sd % 12 + 1
        end = (ed // 12 + 1970) * 100 + ed % 12 + 1
        s1, s2, ct = _arr(d["ccode1"]), _arr(d["ccode2"]), _arr(d["conttype"])
    else:
        d = _read(st, src, table, ver, ["ccode1", "ccode2", "conttype", "begin", "end"])
        s1, s2, ct = _arr(d["ccode1"]), _arr(d["ccode2"]), _arr(d["conttype"])
        begin, end = _arr(d["begin"]), _arr(d["end"])
        pairs = set(zip(s1.tolist(), s2.tolist(), strict=True))
        if not any((b, a) in pairs for a, b in pairs):  # non-directed file: add (b, a)
            s1, s2 = np.r_[s1, s2], np.r_[s2, s1]
            ct, begin, end = np.r_[ct, ct], np.r_[begin, begin], np.r_[end, end]
    keys, types = _contiguity_first_month(s1, s2, ct, begin, end)
    lo, hi = _coverage("contiguity", src, np.r_[begin // 100, end // 100])
    lo = min(lo, 1816)
    c1, c2, year = (df[c].to_numpy() for c in ("ccode1", "ccode2", "year"))
    k1, k2, ky = _unpack2(keys)
    idx = _DyadIndex(k1, k2, ky, f"{src}.{table}", _span(year)).get(c1, c2, year)
    inside = (year >= lo) & (year <= hi)
    new = {"conttype": _take_int(types, idx, (idx == len(ky)) & ~inside)}
    return _with(df, meta, new, "add_contiguity", _label(src, table, ver))


def add_cow_majors(
    df: pd.DataFrame, store: Store | str | Path | None = None, source: str | None = None
) -> pd.DataFrame:
    """Add COW major-power status (v2016) to any panel.

    peacesciencer's ``add_cow_majors()``: ``cowmaj`` (state-year) or ``cowmaj1``,
    ``cowmaj2`` (dyad-year; k-ad panels 1..k): 1 in a year of a major-power spell, else
    0. Spells ending on the last day of the data (2016-12-31) are carried to the panel's
    ``extend_to`` year; after the covered years (2016, or ``extend_to``) the columns are
    NA.

    Reads ``cow_states.majors`` when imported, else peacesciencer's ``cow_majors``.

    References
    ----------
    Correlates of War Project. 2017. "State System Membership List, v2016."
    """
    meta = panel_info(df)
    st = _resolve_store(meta, store)
    src, table, ver = _pick(st, "majors", _prefer(meta, source), "add_cow_majors")
    d = _read(st, src, table, ver, ["ccode", "styear", "endyear", "endmonth", "endday"])
    cc, sy, ey = _arr(d["ccode"]), _arr(d["styear"]), _arr(d["endyear"])
    em, ed = _arr(d["endmonth"], fill=0), _arr(d["endday"], fill=0)
    end_code = ey * 10000 + em * 100 + ed
    last = int(ey.max()) if len(ey) else 0
    ext = meta.get("extend_to")
    if ext is not None and len(ey):
        ey = np.where(end_code == end_code.max(), max(int(ext), last), ey)
        last = max(int(ext), last)
    _check_ccodes(cc)
    major = np.zeros((1000, last - _YEAR0 + 1), dtype=bool)
    for c, a, b in zip(cc, sy, ey, strict=True):
        major[c, a - _YEAR0 : b - _YEAR0 + 1] = True
    year = df["year"].to_numpy()
    yo = np.clip(year - _YEAR0, 0, major.shape[1] - 1)
    na = (year > last) | (year < 1816)
    new = {}
    names = ["cowmaj"] if meta["unit"] == "state_year" else [f"cowmaj{s}" for s in _suffixes(meta)]
    for col, name in zip(_code_cols(meta), names, strict=True):
        new[name] = pd.arrays.IntegerArray(major[df[col].to_numpy(), yo].view(np.int8), na.copy())
    return _with(df, meta, new, "add_cow_majors", _label(src, table, ver))


def add_peace_years(df: pd.DataFrame) -> pd.DataFrame:
    """Add ``cowmidspell``: years since the dyad's last ongoing MID (peace years).

    peacesciencer's ``add_peace_years()`` (its ``ps_btscs``, after Armstrong's
    ``DAMisc::btscs`` and Beck, Katz & Tucker 1998) on ``cowmidongoing``: within each
    directed dyad (ccode1, ccode2), over the rows where ``cowmidongoing`` is not NA in
    year order, the spell is 0 in the first row; after that, the number of rows since the
    last row with an ongoing dispute minus one (so 0 right after a dispute year), or the
    row's position when there has been none; a dispute year carries the count of the
    peace years before it. Gaps in the years are not padded (``pad = FALSE``). NA where
    ``cowmidongoing`` is NA. Needs :func:`add_cow_mids` first.

    Examples
    --------
    >>> df = pd.DataFrame({"ccode1": [2] * 6, "ccode2": [20] * 6,
    ...     "year": range(2000, 2006), "cowmidongoing": [0, 0, 1, 1, 0, 0]})
    >>> add_peace_years(df)["cowmidspell"].tolist()
    [0, 1, 2, 0, 0, 1]
    """
    meta = panel_info(df)
    _require_unit(meta, "add_peace_years", ["dyad_year"])
    if "cowmidongoing" not in df.columns:
        raise ValueError("add_peace_years() needs cowmidongoing: run add_cow_mids() first")
    ev = df["cowmidongoing"]
    valid = ev.notna().to_numpy()
    pos_valid = np.flatnonzero(valid)
    c1 = df["ccode1"].to_numpy()[valid].astype(np.int64)
    c2 = df["ccode2"].to_numpy()[valid].astype(np.int64)
    y = df["year"].to_numpy()[valid].astype(np.int64)
    e = ev.to_numpy(dtype=np.float64, na_value=np.nan)[valid] != 0
    order = np.lexsort([y, c2, c1])
    dy = (c1 * 1000 + c2)[order]
    es = e[order]
    n = len(order)
    idx = np.arange(n)
    start = np.r_[True, dy[1:] != dy[:-1]] if n else np.zeros(0, dtype=bool)
    gstart = np.maximum.accumulate(np.where(start, idx, 0)) if n else idx
    last_ev = np.maximum.accumulate(np.where(es, idx, -1)) if n else idx
    prev_ev = np.r_[-1, last_ev[:-1]] if n else idx
    spell_sorted = np.where(prev_ev >= gstart, idx - prev_ev - 1, idx - gstart)
    spell = np.zeros(len(df), dtype=np.int64)
    spell[pos_valid[order]] = spell_sorted
    new = {"cowmidspell": _take_int(spell, np.arange(len(spell)), ~valid)}
    return _with(df, meta, new, "add_peace_years")


def filter_prd(df: pd.DataFrame) -> pd.DataFrame:
    """Keep the politically relevant dyads (contiguous, or with a major power).

    peacesciencer's ``filter_prd()``: ``prd = 1`` if ``conttype >= 1``, or
    ``conttype == 0`` and ``cowmaj1 == 1`` or ``cowmaj2 == 1``; rows with ``prd = 0``
    (including rows where those columns are NA) are dropped; the ``prd`` column (all 1)
    is kept. Needs :func:`add_contiguity` and :func:`add_cow_majors` first.

    References
    ----------
    Weede (1976), *Journal of Conflict Resolution* 20: 395-411; Lemke & Reed (2001),
    *Journal of Conflict Resolution* 45(1): 126-144.

    Examples
    --------
    >>> df = pd.DataFrame({"ccode1": [2, 2, 20], "ccode2": [20, 31, 31], "year": 1990,
    ...     "conttype": [1, 0, 0], "cowmaj1": [1, 1, 0], "cowmaj2": [0, 0, 0]})
    >>> filter_prd(df)[["ccode1", "ccode2", "prd"]].values.tolist()
    [[2, 20, 1], [2, 31, 1]]
    """
    meta = panel_info(df)
    _require_unit(meta, "filter_prd", ["dyad_year"])
    need = [c for c in ("conttype", "cowmaj1", "cowmaj2") if c not in df.columns]
    if need:
        raise ValueError(
            f"filter_prd() needs {', '.join(need)}: run add_contiguity() and add_cow_majors() first"
        )
    ct = df["conttype"].to_numpy(dtype=np.float64, na_value=np.nan)
    m1 = df["cowmaj1"].to_numpy(dtype=np.float64, na_value=np.nan) == 1
    m2 = df["cowmaj2"].to_numpy(dtype=np.float64, na_value=np.nan) == 1
    prd = (ct >= 1) | ((ct == 0) & (m1 | m2))
    out = df.loc[prd].reset_index(drop=True)
    if "prd" in out.columns:
        out = out.drop(columns="prd")
    out["prd"] = pd.array(np.ones(len(out), dtype=np.int8), dtype="Int8")
    out.attrs = {ATTR: {**meta, "filtered": [*meta.get("filtered", []), "prd"]}}
    return out


# -- beyond peacesciencer ---------------------------------------------------------------


def add_capability_ratio(df: pd.DataFrame) -> pd.DataFrame:
    """Add the dyad's capability balance from CINC: ``cinc_ratio`` and ``cinc_share1``.

    ``cinc_ratio`` is the stronger side's CINC over the weaker side's (>= 1; NA if
    either is missing or the weaker is 0), the capability ratio of the power-transition
    and preponderance literature (e.g. Bremer 1992); ``cinc_share1 = cinc1 / (cinc1 +
    cinc2)``, ccode1's share of the dyad's capabilities. Needs :func:`add_nmc` first.

    References
    ----------
    Bremer, Stuart A. 1992. "Dangerous Dyads." *Journal of Conflict Resolution* 36(2):
    309-341. COW NMC (CINC).

    Examples
    --------
    >>> df = pd.DataFrame({"ccode1": [2], "ccode2": [20], "year": [1990],
    ...     "cinc1": [0.15], "cinc2": [0.05]})
    >>> add_capability_ratio(df)[["cinc_ratio", "cinc_share1"]].round(3).values.tolist()
    [[3.0, 0.75]]
    """
    meta = panel_info(df)
    _require_unit(meta, "add_capability_ratio", ["dyad_year"])
    if not {"cinc1", "cinc2"} <= set(df.columns):
        raise ValueError("add_capability_ratio() needs cinc1 and cinc2: run add_nmc() first")
    a = df["cinc1"].to_numpy(dtype=np.float64, na_value=np.nan)
    b = df["cinc2"].to_numpy(dtype=np.float64, na_value=np.nan)
    hi, lo = np.fmax(a, b), np.fmin(a, b)
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = np.where((lo > 0) & ~np.isnan(a) & ~np.isnan(b), hi / lo, np.nan)
        share = np.where(a + b > 0, a / (a + b), np.nan)
    return _with(df, meta, {"cinc_ratio": ratio, "cinc_share1": share}, "add_capability_ratio")


def _atop_nmc(
    st: Store, meta: dict[str, Any], source: str | None, verb: str
) -> tuple[dict[str, Any], str, tuple[int, int], np.ndarray, str]:
    src, table, ver = _pick(st, "atop", _prefer(meta, source), verb)
    d = _read(st, src, table, ver, ["ccode1", "ccode2", "year", *_ATOP_COLS])
    cov = _coverage("atop", src, _arr(d["year"]))
    nsrc, ntable, nver = _pick(st, "nmc", _prefer(meta, source), verb)
    n = _read(st, nsrc, ntable, nver, ["ccode", "year", "cinc"])
    cinc = np.full((1000, 1000), np.nan)
    cinc[_arr(n["ccode"]), _arr(n["year"]) - _YEAR0] = _arr(n["cinc"], np.float64, np.nan)
    return d, _label(src, table, ver), cov, cinc, _label(nsrc, ntable, nver)


def add_pooled_capability(
    df: pd.DataFrame,
    obligations: Sequence[str] = ("defense",),
    store: Store | str | Path | None = None,
    source: str | None = None,
) -> pd.DataFrame:
    """Add each side's CINC plus that of the states obliged to it by an ATOP alliance.

    ``pooled_cinc`` (state-year) or ``pooled_cinc1``, ``pooled_cinc2`` (dyad-year): the
    state's CINC plus the CINC of every state that owes it one of ``obligations`` in that
    year (ATOP directed dyad-years: ccode1 owes ccode2). In a dyad the other side is
    never counted as an ally of its opponent. NA where the state's or a counted ally's
    CINC is missing and outside ATOP's coverage (1815-2018).

    Parameters
    ----------
    obligations : sequence of {"defense", "offense", "neutrality", "nonaggression",
        "consultation"}
        Which obligations make a state an ally (default: defence pacts).

    References
    ----------
    Leeds et al. (2002), ATOP v5.1; COW NMC v7.0 (CINC). Pooled capabilities of allies as
    in Snyder (1997), *Alliance Politics*.
    """
    meta = panel_info(df)
    _require_unit(meta, "add_pooled_capability", ["state_year", "dyad_year"])
    bad = [o for o in obligations if o not in _OBLIGATION_COLS]
    if bad or not obligations:
        raise ValueError(
            f"obligations must be a non-empty subset of {', '.join(_OBLIGATION_COLS)}; got {bad}"
        )
    st = _resolve_store(meta, store)
    d, alabel, (lo, hi), cinc, nlabel = _atop_nmc(st, meta, source, "add_pooled_capability")
    owes = np.zeros(len(d["year"]), dtype=bool)
    for o in obligations:
        owes |= _arr(d[_OBLIGATION_COLS[o]], np.int64, 0) == 1
    s1, s2, sy = _arr(d["ccode1"])[owes], _arr(d["ccode2"])[owes], _arr(d["year"])[owes]
    ally = np.zeros((1000, 1000))
    np.add.at(ally, (s2, sy - _YEAR0), cinc[s1, sy - _YEAR0])
    year = df["year"].to_numpy()
    yo = year - _YEAR0
    outside = (year < lo) | (year > hi)
    new: dict[str, Any] = {}
    if meta["unit"] == "state_year":
        c = df["ccode"].to_numpy()
        v = cinc[c, yo] + ally[c, yo]
        new["pooled_cinc"] = np.where(outside, np.nan, v)
    else:
        c1, c2 = df["ccode1"].to_numpy(), df["ccode2"].to_numpy()
        index = _DyadIndex(s1, s2, sy, "ATOP obligations")
        owes21 = index.get(c2, c1, year) < len(sy)
        owes12 = index.get(c1, c2, year) < len(sy)
        v1 = cinc[c1, yo] + ally[c1, yo] - np.where(owes21, cinc[c2, yo], 0.0)
        v2 = cinc[c2, yo] + ally[c2, yo] - np.where(owes12, cinc[c1, yo], 0.0)
        new["pooled_cinc1"] = np.where(outside, np.nan, v1)
        new["pooled_cinc2"] = np.where(outside, np.nan, v2)
    return _with(df, meta, new, "add_pooled_capability", f"{alabel}; {nlabel}")


def add_similarity(
    df: pd.DataFrame,
    measures: Sequence[str] = SIMILARITY_MEASURES,
    store: Store | str | Path | None = None,
    source: str | None = None,
) -> pd.DataFrame:
    """Add alliance-portfolio similarity of the two states of each dyad-year.

    Each state's portfolio is its ATOP tie to every member of the COW state system that
    year, coded 3 defence or offence, 2 neutrality or non-aggression, 1 consultation, 0
    none (the highest obligation in either direction; 3 to itself), as in
    :func:`alliancelab.measures.similarity.portfolio_matrix`. Columns:

    - ``s_unweighted``: Signorino & Ritter's S, absolute distance, unweighted;
    - ``s_weighted``: the same weighted by CINC (NA in a year where a system member's
      CINC is missing, or without NMC data);
    - ``kappa``: Cohen's kappa with quadratic weights (Häge 2011);
    - ``pi``: Scott's pi with quadratic weights (Häge 2011);
    - ``tau_b``: Kendall's tau-b (Bueno de Mesquita 1975).

    NA outside ATOP's coverage (1815-2018) and for years without system data.
    Computed with the vectorised all-pairs functions of
    :mod:`alliancelab.measures.similarity` (a few milliseconds per year).

    References
    ----------
    Signorino & Ritter (1999), *International Studies Quarterly* 43(1): 115-144;
    Häge (2011), *Political Analysis* 19(3): 287-305; Bueno de Mesquita (1975),
    *Journal of Conflict Resolution* 19(2): 187-216.
    """
    from .measures.similarity import kappa_matrix, pi_matrix, s_matrix, taub_matrix

    meta = panel_info(df)
    _require_unit(meta, "add_similarity", ["dyad_year"])
    measures = tuple(measures)
    bad = [m for m in measures if m not in SIMILARITY_MEASURES]
    if bad or not measures:
        raise ValueError(f"measures must be a non-empty subset of {SIMILARITY_MEASURES}; got {bad}")
    st = _resolve_store(meta, store)
    src, table, ver = _pick(st, "atop", _prefer(meta, source), "add_similarity")
    d = _read(st, src, table, ver, ["ccode1", "ccode2", "year", *_ATOP_COLS])
    s1, s2, sy = _arr(d["ccode1"]), _arr(d["ccode2"]), _arr(d["year"])
    code = np.zeros(len(sy), dtype=np.int64)
    for c, v in zip(_ATOP_COLS, (3, 3, 2, 2, 1), strict=True):
        code = np.maximum(code, np.where(_arr(d[c], np.int64, 0) == 1, v, 0))
    lo, hi = _coverage("atop", src, sy)
    used = [_label(src, table, ver)]
    cinc = None
    if "s_weighted" in measures:
        nsrc, ntable, nver = _pick(st, "nmc", _prefer(meta, source), "add_similarity")
        n = _read(st, nsrc, ntable, nver, ["ccode", "year", "cinc"])
        cinc = np.full((1000, 1000), np.nan)
        cinc[_arr(n["ccode"]), _arr(n["year"]) - _YEAR0] = _arr(n["cinc"], np.float64, np.nan)
        used.append(_label(nsrc, ntable, nver))
    sysm = _System(st, meta.get("prefer"), meta.get("extend_to"), "add_similarity")
    year = df["year"].to_numpy()
    c1, c2 = df["ccode1"].to_numpy(), df["ccode2"].to_numpy()
    out = {m: np.full(len(df), np.nan) for m in measures}
    order = np.argsort(year, kind="stable")
    ys = year[order]
    bounds = np.flatnonzero(np.r_[True, ys[1:] != ys[:-1], True])
    src_order = np.argsort(sy, kind="stable")
    sys_sorted = sy[src_order]
    for a, b in itertools.pairwise(bounds):
        y = int(ys[a])
        if y < lo or y > hi or y < sysm.first or y > sysm.last:
            continue
        rows = order[a:b]
        members = sysm.ccodes[sysm.member[:, y - sysm.first]]
        nm = len(members)
        pos = np.full(1000, -1, dtype=np.int64)
        pos[members] = np.arange(nm)
        r0, r1 = np.searchsorted(sys_sorted, [y, y + 1])
        e = src_order[r0:r1]
        i, j = pos[s1[e]], pos[s2[e]]
        ok = (i >= 0) & (j >= 0)
        P = np.zeros((nm, nm), dtype=np.int64)
        np.maximum.at(P, (i[ok], j[ok]), code[e][ok])
        P = np.maximum(P, P.T)
        np.fill_diagonal(P, 3)
        pi_, pj = pos[c1[rows]], pos[c2[rows]]
        good = (pi_ >= 0) & (pj >= 0)
        rows, pi_, pj = rows[good], pi_[good], pj[good]
        for m in measures:
            if m == "s_unweighted":
                M = s_matrix(P)
            elif m == "s_weighted":
                w = cinc[members, y - _YEAR0] if cinc is not None else np.array([np.nan])
                if np.isnan(w).any() or w.sum() <= 0:
                    continue
                M = s_matrix(P, weights=w)
            elif m == "kappa":
                M = kappa_matrix(P)
            elif m == "pi":
                M = pi_matrix(P)
            elif m == "tau_b":
                M = taub_matrix(P)
            out[m][rows] = M[pi_, pj]
    return _with(df, meta, dict(out), "add_similarity", "; ".join(used))
