"""State attributes joined on (ccode, year): democracy, simulated GDP and population,
latent territorial threat; and distances between states: capitals and minimum distance.

peacesciencer's ``add_democracy()``, ``add_sim_gdp_pop()``,
``add_latent_territorial_threat()``, ``add_capital_distance()`` and
``add_minimum_distance()`` (Miller 2022), on the COW-coded tables those verbs read
(isard 0.2.0 and peacesciencer 1.2.9 data, imported with ``alliancelab data import``;
``docs/data.md``). A state-year panel gets the columns as named; a dyad-year panel gets
them for each side with suffixes 1 and 2 (``euds1``, ``euds2``). Never filled: NA where
the source has no row (outside its coverage or for a state it does not cover).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from ..errors import ParameterError
from ..store.core import Store
from ._join import _DyadIndex, _span, _state_year_index, _take_float
from ._meta import _arr, _label, _pick, _read, _require_unit, _resolve_store, _with, panel_info

__all__ = [
    "add_capital_distance",
    "add_democracy",
    "add_latent_territorial_threat",
    "add_minimum_distance",
    "add_sim_gdp_pop",
]

_DEMOCRACY = ("euds", "aeuds", "polity2", "v2x_polyarchy")
_GDP_POP = ("mrgdppc", "sd_mrgdppc", "pwtrgdp", "sd_pwtrgdp", "pwtpop", "sd_pwtpop")
_TERRTHREAT = ("lterrthreat", "sd", "lwr", "upr", "m_lterrthreat", "m_sd", "m_lwr", "m_upr")
#: Earth radius of geosphere::distVincentySphere (metres), which peacesciencer uses
EARTH_RADIUS_M = 6378137.0


def _cow_sides(meta: dict[str, Any], df: pd.DataFrame, verb: str) -> list[tuple[str, str]]:
    """(COW code column, suffix) of each side of a state-year or dyad-year panel."""
    _require_unit(meta, verb, ["state_year", "dyad_year"])
    sides = [("ccode", "")] if meta["unit"] == "state_year" else [("ccode1", "1"), ("ccode2", "2")]
    missing = [c for c, _ in sides if c not in df.columns]
    if missing:
        raise ParameterError(
            f"{verb}() joins on COW codes ({', '.join(missing)} missing); on a Gleditsch-Ward "
            "panel run add_ccode_to_gw() first"
        )
    return sides


def _codes(df: pd.DataFrame, col: str) -> tuple[np.ndarray, np.ndarray]:
    """COW codes as int64 (0 where NA) and the NA mask."""
    s = df[col]
    na = s.isna().to_numpy()
    return s.to_numpy(dtype=np.float64, na_value=0).astype(np.int64), na


def _state_vars(
    df: pd.DataFrame,
    store: Store | str | Path | None,
    verb: str,
    what: str,
    cols: Sequence[str],
    keep: Sequence[str] | None,
) -> pd.DataFrame:
    meta = panel_info(df)
    sides = _cow_sides(meta, df, verb)
    if keep is not None:
        bad = [c for c in keep if c not in cols]
        if bad:
            raise ParameterError(f"{verb}(keep=...): unknown column(s) {bad}; choose from {cols}")
        cols = list(keep)
    st = _resolve_store(meta, store)
    src, table, ver = _pick(st, what, None, verb)
    d = _read(st, src, table, ver, ["ccode", "year", *cols])
    get = _state_year_index(_arr(d["ccode"]), _arr(d["year"]), f"{src}.{table}")
    vals = {c: _arr(d[c], np.float64, np.nan) for c in cols}
    year = df["year"].to_numpy()
    new: dict[str, Any] = {}
    for cc, suf in sides:
        code, na = _codes(df, cc)
        idx = get(code, year)
        idx[na] = len(d["year"])
        for c in cols:
            new[f"{c}{suf}"] = _take_float(vals[c], idx)
    return _with(df, meta, new, verb, _label(src, table, ver))


def add_democracy(
    df: pd.DataFrame, keep: Sequence[str] | None = None, store: Store | str | Path | None = None
) -> pd.DataFrame:
    """Add democracy scores: ``euds``, ``aeuds``, ``polity2``, ``v2x_polyarchy``.

    peacesciencer's ``add_democracy()`` on ``isard::cw_democracy`` (isard 0.2.0): the
    extended Unified Democracy Scores (``euds``, ``aeuds``: Márquez 2016, extending
    Pemstein, Meserve & Melton 2010), Polity2 (Polity5, Marshall & Gurr) and V-Dem's
    electoral democracy index (``v2x_polyarchy``, Coppedge et al.). Coverage 1816-2025
    (each measure has its own gaps); NA where the source has no value. Dyad-year panels
    get ``euds1``, ``euds2``, ... ``keep`` selects columns.

    Reads ``democracy.democracy`` (``alliancelab data import democracy
    cw_democracy.csv.gz``).
    """
    return _state_vars(df, store, "add_democracy", "democracy", _DEMOCRACY, keep)


def add_sim_gdp_pop(
    df: pd.DataFrame, keep: Sequence[str] | None = None, store: Store | str | Path | None = None
) -> pd.DataFrame:
    """Add simulated GDP per capita, GDP and population with their standard deviations.

    peacesciencer's ``add_sim_gdp_pop()`` on ``isard::cw_gdppop`` (isard 0.2.0):
    ``mrgdppc`` (Maddison GDP per capita), ``pwtrgdp`` (Penn World Table real GDP),
    ``pwtpop`` (population), each with its ``sd_`` column, from the latent simulations of
    Anders, Fariss & Markowitz (2020), *International Studies Quarterly* 64(2). The
    values are on the log scale, as in the source. Coverage 1816-2019; NA elsewhere.
    Dyad-year panels get suffixes 1/2. ``keep`` selects columns.
    """
    return _state_vars(df, store, "add_sim_gdp_pop", "gdp_pop", _GDP_POP, keep)


def add_latent_territorial_threat(
    df: pd.DataFrame, keep: Sequence[str] | None = None, store: Store | str | Path | None = None
) -> pd.DataFrame:
    """Add latent territorial threat: ``lterrthreat``, ``sd``, ``lwr``, ``upr`` and the
    ``m_`` columns.

    peacesciencer's ``add_latent_territorial_threat()`` on its ``terrthreat`` data: the
    random item response estimates of external territorial threat of Miller (2022),
    *Journal of Peace Research* (posterior mean, sd and 90% bounds; ``m_*`` the second
    model). Coverage 1816-2010; NA elsewhere. Dyad-year panels get suffixes 1/2.
    """
    return _state_vars(df, store, "add_latent_territorial_threat", "terrthreat", _TERRTHREAT, keep)


def _capital_years(d: dict[str, Any]) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """(ccode, year, lat, lng): the capital of each state on the first day of each year it
    has one (peacesciencer's ``transsum = "first"``: the earliest-starting record)."""
    cc = _arr(d["ccode"])
    sd = np.asarray(d["stdate"]).astype("datetime64[Y]").astype(np.int64) + 1970
    ed = np.asarray(d["enddate"]).astype("datetime64[Y]").astype(np.int64) + 1970
    start = np.asarray(d["stdate"]).astype("datetime64[D]").astype(np.int64)
    n = ed - sd + 1
    rid = np.repeat(np.arange(len(cc)), n)
    year = sd[rid] + (np.arange(int(n.sum())) - np.repeat(np.cumsum(n) - n, n))
    order = np.lexsort([start[rid], year, cc[rid]])
    rid, year = rid[order], year[order]
    key = cc[rid] * 10000 + year
    first = np.r_[True, key[1:] != key[:-1]]
    rid, year = rid[first], year[first]
    lat = _arr(d["lat"], np.float64, np.nan)
    lng = _arr(d["lng"], np.float64, np.nan)
    return cc[rid], year, lat[rid], lng[rid]


def great_circle_km(
    lat1: np.ndarray, lng1: np.ndarray, lat2: np.ndarray, lng2: np.ndarray
) -> np.ndarray:
    """Great-circle distance in km on a sphere of radius :data:`EARTH_RADIUS_M`.

    The Vincenty form on the sphere, as ``geosphere::distVincentySphere`` (which
    peacesciencer's ``add_capital_distance()`` uses), divided by 1000.

    Examples
    --------
    >>> round(float(great_circle_km(38.895, -77.0366, 45.4209, -75.6901)), 1)  # DC-Ottawa
    734.9
    """
    p1, p2 = np.radians(lat1), np.radians(lat2)
    dl = np.radians(np.asarray(lng2) - np.asarray(lng1))
    num = np.hypot(
        np.cos(p2) * np.sin(dl), np.cos(p1) * np.sin(p2) - np.sin(p1) * np.cos(p2) * np.cos(dl)
    )
    den = np.sin(p1) * np.sin(p2) + np.cos(p1) * np.cos(p2) * np.cos(dl)
    return np.arctan2(num, den) * EARTH_RADIUS_M / 1000.0


def add_capital_distance(df: pd.DataFrame, store: Store | str | Path | None = None) -> pd.DataFrame:
    """Add ``capdist``: the great-circle distance (km) between the two states' capitals.

    peacesciencer's ``add_capital_distance()`` (``transsum = "first"``) on its
    ``cow_capitals`` data (peacesciencer 1.2.9; capitals and coordinates per COW state,
    records to 2024-12-31): each state's capital on the first day of the year (the
    earliest-starting record covering the year, so a move during the year counts from
    the next year), distance by :func:`great_circle_km`. NA where either state has no
    capital record that year. On a state-year panel, ``mincapdist``: the smallest
    distance from the state's capital to another system member's that year (over the
    COW dyad-years of the panel's store and ``extend_to``, as peacesciencer's ``cow_ddy``).
    """
    meta = panel_info(df)
    sides = _cow_sides(meta, df, "add_capital_distance")
    st = _resolve_store(meta, store)
    src, table, ver = _pick(st, "capitals", None, "add_capital_distance")
    d = _read(st, src, table, ver, ["ccode", "stdate", "enddate", "lat", "lng"])
    cc, cy, lat, lng = _capital_years(d)
    get = _state_year_index(cc, cy, f"{src}.{table}")

    def dist(frame: pd.DataFrame) -> np.ndarray:
        year = frame["year"].to_numpy()
        coords = []
        for col in ("ccode1", "ccode2"):
            code, na = _codes(frame, col)
            idx = get(code, year)
            idx[na] = len(cc)
            coords.append((_take_float(lat, idx), _take_float(lng, idx)))
        (a1, o1), (a2, o2) = coords
        return great_circle_km(a1, o1, a2, o2)

    if meta["unit"] == "dyad_year":
        new = {"capdist": dist(df)}
    else:
        from .create import create_dyad_years

        ys = df["year"].to_numpy()
        dy = create_dyad_years(
            directed=True, years=(int(ys.min()), int(ys.max())), extend_to=meta.get("extend_to"),
            store=st, source=meta.get("prefer"),
        )  # fmt: skip
        m = pd.DataFrame({"ccode": dy["ccode1"].to_numpy(), "year": dy["year"].to_numpy(),
                          "d": dist(dy)}).groupby(["ccode", "year"])["d"].min()  # fmt: skip
        g2 = _state_year_index(
            m.index.get_level_values(0).to_numpy(), m.index.get_level_values(1).to_numpy(),
            "capital distances",
        )  # fmt: skip
        code, na = _codes(df, sides[0][0])
        idx = g2(code, ys)
        idx[na] = len(m)
        new = {"mincapdist": _take_float(m.to_numpy(), idx)}
    return _with(df, meta, new, "add_capital_distance", _label(src, table, ver))


def add_minimum_distance(df: pd.DataFrame, store: Store | str | Path | None = None) -> pd.DataFrame:
    """Add the minimum distance (km) between two states (``mindist``), or, on a state-year
    panel, the smallest minimum distance to any other state that year (``minmindist``).

    peacesciencer's ``add_minimum_distance(use_extdata = FALSE)`` on its ``cow_mindist``
    data: the CShapes 2.0 minimum distances (Schvitz et al. 2022, *Journal of Conflict
    Resolution* 66(1)), non-directed, made directed by adding each pair reversed; 0 for
    land neighbours. Coverage 1886-2019 (CShapes 2.0); NA outside it and for pairs the
    source lacks.
    """
    meta = panel_info(df)
    sides = _cow_sides(meta, df, "add_minimum_distance")
    st = _resolve_store(meta, store)
    src, table, ver = _pick(st, "mindist", None, "add_minimum_distance")
    d = _read(st, src, table, ver, ["ccode1", "ccode2", "year", "mindist"])
    s1, s2, sy = _arr(d["ccode1"]), _arr(d["ccode2"]), _arr(d["year"])
    md = _arr(d["mindist"], np.float64, np.nan)
    year = df["year"].to_numpy()
    if meta["unit"] == "state_year":
        frame = pd.DataFrame({"c": np.r_[s1, s2], "y": np.r_[sy, sy], "m": np.r_[md, md]})
        mins = frame.groupby(["c", "y"], sort=False)["m"].min()
        cs = mins.index.get_level_values(0).to_numpy()
        ys = mins.index.get_level_values(1).to_numpy()
        get = _state_year_index(cs, ys, f"{src}.{table}")
        code, na = _codes(df, "ccode")
        idx = get(code, year)
        idx[na] = len(cs)
        new = {"minmindist": _take_float(mins.to_numpy(), idx)}
    else:
        c1, c2 = (np.r_[s1, s2], np.r_[s2, s1])
        index = _DyadIndex(c1, c2, np.r_[sy, sy], f"{src}.{table}", _span(year))
        (k1, na1), (k2, na2) = (_codes(df, c) for c, _ in sides)
        idx = index.get(k1, k2, year)
        idx[na1 | na2] = len(c1)
        new = {"mindist": _take_float(np.r_[md, md], idx)}
    return _with(df, meta, new, "add_minimum_distance", _label(src, table, ver))
