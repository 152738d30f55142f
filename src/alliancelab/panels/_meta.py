"""Panel metadata, what each verb reads from the store, and the column-adding helper.

A panel carries its unit in ``df.attrs["alliancelab"]`` (peacesciencer's
``ps_data_type``); :func:`panel_info` reads or infers it. :data:`_CANDIDATES` lists, per
input, the store tables a verb reads in order of preference (official import first,
peacesciencer's export second); reading goes through :mod:`alliancelab.store.read`.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from ..errors import ParameterError
from ..store import read as store_read
from ..store.core import Store

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

_X = "`alliancelab data import {} ../shared/data/{}`"
# covariate sources (issue 14): read on first use only, never preloaded (cow_mindist
# alone holds about a million rows)
_EXTRA_CANDIDATES: dict[str, list[tuple[str, str, str]]] = {
    "gml_mids": [("gml_mid", "ddydisps", _X.format("gml-mid", "gml_mid"))],
    "gml_part": [("gml_mid", "part", _X.format("gml-mid", "gml_mid"))],
    "democracy": [("democracy", "democracy", _X.format("democracy", "extra/cw_democracy.csv.gz"))],
    "gdp_pop": [("gdp_pop", "gdppop", _X.format("gdp-pop", "extra/cw_gdppop.csv.gz"))],
    "capitals": [("capitals", "capitals", _X.format("capitals", "extra/cow_capitals.csv.gz"))],
    "mindist": [("cow_mindist", "mindist", _X.format("cow-mindist", "extra/cow_mindist.csv.gz"))],
    "cow_war": [("cow_war", "inter", _X.format("cow-war", "extra/cow_war_inter.csv.gz"))],
    "terrthreat": [
        ("terrthreat", "terrthreat", _X.format("terrthreat", "extra/terrthreat.csv.gz"))
    ],
    "arms_races": [("arms_races", "races", _X.format("arms-races", "extra/grh_arms_races.csv.gz"))],
    "gw": [("gw_crosswalk", "panel", _X.format("gw-crosswalk", "extra/cw_gw_panel.csv.gz"))],
    "tss": [
        ("tss_rivalries", "rivalries", _X.format("tss-rivalries", "rivalries/tss_rivalries.csv.gz"))
    ],
}

# coverage windows ("no event" = 0 inside, NA outside), by what and source
_COVERAGE = {
    ("atop", "peacesciencer"): (1815, 2018),
    ("mids", "peacesciencer"): (1816, 2014),
    ("contiguity", "peacesciencer"): (1816, 2016),
}


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
        elif {"gwcode1", "gwcode2", "year"} <= cols:
            g1, g2 = df["gwcode1"].to_numpy(), df["gwcode2"].to_numpy()
            meta.update(unit="dyad_year", directed=bool((g1 > g2).any()), k=2, system="gw")
        elif {"gwcode", "year"} <= cols:
            meta.update(unit="state_year", directed=False, k=1, system="gw")
        else:
            raise ParameterError(
                "not a panel: expected key columns (ccode, year) or (ccode1, ccode2, year); "
                "build one with create_state_years() or create_dyad_years()"
            )
    need = _keys(meta)
    missing = [c for c in need if c not in cols]
    if missing:
        raise ParameterError(
            f"the panel says it is {meta['unit']} but lacks the key column(s) "
            f"{', '.join(missing)}; rebuild it with create_{meta['unit'].replace('_year', '')}"
            "_years()"
        )
    meta.setdefault("sources", {})
    return meta


def _keys(meta: dict[str, Any]) -> list[str]:
    code = "gwcode" if meta.get("system") == "gw" else "ccode"
    if meta["unit"] == "state_year":
        return [code, "year"]
    return [f"{code}{i}" for i in range(1, int(meta.get("k", 2)) + 1)] + ["year"]


def _require_unit(meta: dict[str, Any], verb: str, units: Sequence[str]) -> None:
    if meta["unit"] not in units:
        kinds = " or ".join(u.replace("_", "-") for u in units)
        raise ParameterError(f"{verb}() works on {kinds} panels, not on a {meta['unit']} panel")


def _resolve_store(meta: dict[str, Any] | None, store: Store | str | Path | None) -> Store:
    if isinstance(store, Store):
        return store
    if store is not None:
        return Store(store)
    if meta is not None and meta.get("store"):
        return Store(meta["store"])
    return Store()


# -- reading the store (alliancelab.store.read, with what the verbs read) ----------------

# every (source, table) a verb may read: loaded together, in one connection, on first use
_WANTED = frozenset(
    {(src, table) for cands in _CANDIDATES.values() for src, table, _ in cands}
    | {("peacesciencer", "false_cow_dyads")}
)


def _pick(
    store: Store, what: str, source: str | None, verb: str, version: str | None = None
) -> tuple[str, str, str]:
    """(source, table, version) that ``verb`` reads for ``what`` (see :data:`_CANDIDATES`
    and :data:`_EXTRA_CANDIDATES`)."""
    if what in _EXTRA_CANDIDATES:
        return store_read.pick(store, _EXTRA_CANDIDATES[what], None, verb, version)
    return store_read.pick(store, _CANDIDATES[what], source, verb, version, preload=_WANTED)


def _read(store: Store, src: str, table: str, version: str, cols: Sequence[str]) -> dict[str, Any]:
    """Columns of one store table as numpy arrays (masked where NULL)."""
    return store_read.read_columns(store, src, table, version, cols, preload=_WANTED)


def _arr(x: Any, dtype: Any = np.int64, fill: Any = None) -> np.ndarray:
    """A plain ndarray from a (masked) fetchnumpy column; masked -> fill (or NaN)."""
    if isinstance(x, np.ma.MaskedArray):
        if fill is None:
            return np.ma.filled(x.astype(np.float64), np.nan)
        return np.ma.filled(x, fill).astype(dtype)
    return np.asarray(x).astype(dtype, copy=False)


def _ints(x: Any, fill: int | None = None) -> np.ndarray:
    """An integer column in its own dtype (no int64 copy); masked -> ``fill``.

    Any other column, or a masked one without ``fill``, goes through :func:`_arr`.
    """
    a = x if isinstance(x, np.ma.MaskedArray) else np.asarray(x)
    if a.dtype.kind not in "iu" or (isinstance(a, np.ma.MaskedArray) and fill is None):
        return _arr(x, np.int64, fill)
    return np.ma.filled(a, fill) if isinstance(a, np.ma.MaskedArray) else a


def _label(src: str, table: str, version: str) -> str:
    return f"{src} {version} ({table})"


def _with(
    df: pd.DataFrame,
    meta: dict[str, Any],
    new: dict[str, Any] | pd.DataFrame,
    verb: str,
    used: str | None = None,
) -> pd.DataFrame:
    """``df`` plus the new columns (a dict of arrays, or a frame on ``df``'s index);
    checks names and that the row count is kept."""
    clash = [str(c) for c in new if c in df.columns]
    if clash:
        raise ParameterError(
            f"{verb}() would add {', '.join(clash)}, which the panel already has "
            "(was the verb applied twice?)"
        )
    if isinstance(new, pd.DataFrame):
        if len(new) != len(df):
            raise ValueError(f"{verb}() changed the row count ({len(df)} -> {len(new)})")
        add = new
    else:
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


def _coverage(what: str, src: str, years: np.ndarray) -> tuple[int, int]:
    if (what, src) in _COVERAGE:
        return _COVERAGE[(what, src)]
    if not len(years):
        return (0, -1)
    return int(years.min()), int(years.max())


def _prefer(meta: dict[str, Any], source: str | None) -> str | None:
    return source if source is not None else meta.get("prefer")


def _suffixes(meta: dict[str, Any]) -> list[str]:
    return [""] if meta["unit"] == "state_year" else [str(i) for i in range(1, int(meta["k"]) + 1)]


def _code_cols(meta: dict[str, Any]) -> list[str]:
    return ["ccode"] if meta["unit"] == "state_year" else [f"ccode{s}" for s in _suffixes(meta)]
