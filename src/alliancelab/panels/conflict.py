"""Conflict verbs: GML MIDs, COW inter-state wars, strategic rivalries, arms races and
peace spells (peacesciencer's ``add_gml_mids()``, ``add_cow_wars()``,
``add_strategic_rivalries()``, ``add_spells()``, Miller 2022; arms races after Gibler,
Rider & Hutchison 2005, which peacesciencer ships as data only).

Event indicators (onset, ongoing, rivalry, arms race) are 0 without an event inside the
source's coverage and NA outside it; the other columns are NA without an event.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from ..errors import ParameterError
from ..store.core import Store
from ._join import _DyadIndex, _Hits, _outside, _span, _state_year_index, _take_int
from ._meta import _arr, _label, _pick, _read, _require_unit, _resolve_store, _with, panel_info

__all__ = [
    "add_arms_races",
    "add_cow_wars",
    "add_gml_mids",
    "add_spells",
    "add_strategic_rivalries",
    "spells",
]

#: GML MID 2.2.1 coverage (peacesciencer fills 0 for 1816-2010)
GML_YEARS = (1816, 2010)
#: COW inter-state war v4.0 coverage (peacesciencer fills 0 for 1816-2007)
COW_WAR_YEARS = (1816, 2007)
#: Gibler, Rider & Hutchison's arms races cover 1816-1993
ARMS_RACE_YEARS = (1816, 1993)
#: Thompson, Sakuwa & Suhas rivalries: peacesciencer fills 0 up to 2020
TSS_LAST_YEAR = 2020
_GML_COLS = (
    "dispnum", "gmlmidongoing", "gmlmidonset", "sidea1", "sidea2", "fatality1", "fatality2",
    "fatalpre1", "fatalpre2", "hiact1", "hiact2", "hostlev1", "hostlev2", "orig1", "orig2",
    "fatality", "hostlev", "recip", "mindur", "maxdur", "stmon",
)  # fmt: skip
_WAR_COLS = (
    "cowinterongoing", "cowinteronset", "sidea1", "sidea2", "initiator1", "initiator2",
    "outcome1", "outcome2", "batdeath1", "batdeath2", "resume",
)  # fmt: skip
_FLAGS = ("gmlmidongoing", "gmlmidonset", "cowinterongoing", "cowinteronset")


_Keys = tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]


def _dyad_keys(df: pd.DataFrame, verb: str) -> tuple[dict[str, Any], _Keys]:
    """The panel's metadata and (ccode1, ccode2, year, NA-code mask) of its rows."""
    meta = panel_info(df)
    _require_unit(meta, verb, ["dyad_year"])
    if not {"ccode1", "ccode2"} <= set(df.columns):
        raise ParameterError(f"{verb}() joins on ccode1, ccode2: run add_ccode_to_gw() first")
    c1, c2 = (
        df[c].to_numpy(dtype=np.float64, na_value=-1).astype(np.int64) for c in ("ccode1", "ccode2")
    )
    bad = (c1 < 0) | (c2 < 0)
    return meta, (np.where(bad, 0, c1), np.where(bad, 0, c2), df["year"].to_numpy(), bad)


def _keep(
    cols: Sequence[str], keep: Sequence[str] | None, fixed: Sequence[str], verb: str
) -> list[str]:
    if keep is None:
        return list(cols)
    bad = [c for c in keep if c not in cols]
    if bad:
        raise ParameterError(f"{verb}(keep=...): unknown column(s) {bad}; choose from {list(cols)}")
    return [c for c in cols if c in fixed or c in keep]


def _join_events(
    keys: _Keys,
    d: dict[str, Any],
    cols: Sequence[str],
    flags: Sequence[str],
    years: tuple[int, int],
    what: str,
) -> dict[str, Any]:
    """Columns ``cols`` of the dyad-year source ``d`` for the panel rows ``keys``.

    ``flags`` are 0 for a row without a source row inside ``years`` and NA outside; the
    other columns are NA without a source row; ``batdeath*`` columns are floats.
    """
    c1, c2, year, bad = keys
    sy = _arr(d["year"])
    span = _span(year)
    index = _DyadIndex(_arr(d["ccode1"]), _arr(d["ccode2"]), sy, what, span)
    idx = index.get(c1, c2, year, span)
    idx[bad] = len(sy)
    missing = idx == len(sy)
    outside = _outside(year, years[0], years[1], span)
    outside = bad if outside is None else outside | bad
    h = _Hits(idx, len(sy))
    new: dict[str, Any] = {}
    for c in cols:
        src = d[c]
        fill_na = missing & outside if c in flags else missing
        masked = isinstance(src, np.ma.MaskedArray) and bool(np.ma.getmaskarray(src).any())
        if masked or c.startswith("batdeath"):
            vals = np.ma.filled(np.ma.asarray(src).astype(np.float64), np.nan)
            out = np.append(vals, np.nan)[idx]
            if c in flags:
                out[missing & ~outside] = 0
            if c.startswith("batdeath"):
                new[c] = out
            else:
                na = np.isnan(out)
                new[c] = pd.arrays.IntegerArray(np.nan_to_num(out).astype(np.int64), na)
            continue
        new[c] = _take_int(_arr(src), h, fill_na, copy_na=c not in flags)
    return new


def add_gml_mids(
    df: pd.DataFrame, keep: Sequence[str] | None = None, store: Store | str | Path | None = None
) -> pd.DataFrame:
    """Add Gibler-Miller-Little MIDs (GML 2.2.1, dyad-year form) to a dyad-year panel.

    peacesciencer's ``add_gml_mids()`` on dyad-year data: left-joins ``gml_mid_ddydisps``
    (one dispute per directed dyad-year, whittled by Miller's rules: unique onsets, then
    highest fatality, hostility, duration, reciprocation, earliest start month) on
    (ccode1, ccode2, year). Adds ``gmlmidonset``, ``gmlmidongoing`` and the dyadic
    columns ``dispnum, sidea1, sidea2, fatality1, fatality2, fatalpre1, fatalpre2, hiact1,
    hiact2, hostlev1, hostlev2, orig1, orig2, fatality, hostlev, recip, mindur, maxdur,
    stmon`` (``keep`` restricts these; onset and ongoing are always added). On a directed
    panel it also adds ``init1``/``init2`` (peacesciencer's default ``init =
    "sidea-all-joiners"``: on side A, or a joiner: ``sidea == 1 | orig == 0``).
    ``gmlmidonset``/``gmlmidongoing`` are 0 without a dispute for 1816-2010 (GML's
    coverage) and NA after; the other columns are NA without a dispute. A non-directed
    panel (ccode1 < ccode2) reads the ccode1 < ccode2 row, as peacesciencer.

    On a state-year panel (peacesciencer's state-year branch, from the participant file
    ``gml_part``, keeping participants whose leader is known at start and end):
    ``gmlmidongoing`` (the state takes part in a dispute that year), ``gmlmidonset`` (one
    of its disputes starts), and ``gmlmidongoing_init``/``gmlmidonset_init`` (the same
    for participations on side A or as a joiner). peacesciencer fills 0 in every year;
    here 0 for 1816-2010 and NA after.

    Reads ``gml_mid.ddydisps`` (dyad-years) or ``gml_mid.part`` (state-years)
    (``alliancelab data import gml-mid gml_mid/``).

    References
    ----------
    Gibler, Miller & Little (2016), *International Studies Quarterly* 60(4): 719-730.
    """
    if panel_info(df)["unit"] == "state_year":
        return _gml_state_years(df, store)
    meta, keys = _dyad_keys(df, "add_gml_mids")
    cols = _keep(_GML_COLS, keep, ("gmlmidongoing", "gmlmidonset"), "add_gml_mids")
    st = _resolve_store(meta, store)
    src, table, ver = _pick(st, "gml_mids", None, "add_gml_mids")
    need = set(cols) | ({"sidea1", "sidea2", "orig1", "orig2"} if meta["directed"] else set())
    d = _read(st, src, table, ver, ["ccode1", "ccode2", "year", *sorted(need)])
    if meta["directed"]:
        for i in ("1", "2"):
            sa, og = _arr(d[f"sidea{i}"], fill=0), _arr(d[f"orig{i}"], fill=1)
            d[f"init{i}"] = ((sa == 1) | (og == 0)).astype(np.int8)
        cols = [*cols, "init1", "init2"]
    flags = ("gmlmidongoing", "gmlmidonset")
    new = _join_events(keys, d, cols, flags, GML_YEARS, f"{src}.{table}")
    return _with(df, meta, new, "add_gml_mids", _label(src, table, ver))


def _gml_state_years(df: pd.DataFrame, store: Store | str | Path | None) -> pd.DataFrame:
    """peacesciencer's state-year ``add_gml_mids()`` from the participant file: see
    :func:`add_gml_mids`."""
    meta = panel_info(df)
    if "ccode" not in df.columns:
        raise ParameterError("add_gml_mids() joins on ccode: run add_ccode_to_gw() first")
    st = _resolve_store(meta, store)
    src, table, ver = _pick(st, "gml_part", None, "add_gml_mids")
    cols = ["ccode", "styear", "endyear", "sidea", "orig", "allmiss_leader_start",
            "allmiss_leader_end"]  # fmt: skip
    d = _read(st, src, table, ver, cols)
    ok = (_arr(d["allmiss_leader_start"], fill=1) == 0) & (
        _arr(d["allmiss_leader_end"], fill=1) == 0
    )
    cc, sy, ey = (_arr(d[c])[ok] for c in ("ccode", "styear", "endyear"))
    init = ((_arr(d["sidea"], fill=0) == 1) | (_arr(d["orig"], fill=1) == 0))[ok]
    n = (ey - sy + 1).astype(np.int64)
    rid = np.repeat(np.arange(len(cc)), n)
    offs = np.arange(int(n.sum())) - np.repeat(np.cumsum(n) - n, n)
    f = pd.DataFrame({"ccode": cc[rid], "year": sy[rid] + offs, "onset": offs == 0,
                      "init": init[rid]})  # fmt: skip
    f["onset_init"] = f["onset"] & f["init"]
    g = f.groupby(["ccode", "year"], sort=False)[["onset", "init", "onset_init"]].max()
    get = _state_year_index(
        g.index.get_level_values(0).to_numpy(), g.index.get_level_values(1).to_numpy(),
        f"{src}.{table}",
    )  # fmt: skip
    year = df["year"].to_numpy()
    idx = get(df["ccode"].to_numpy(), year)
    na = (year < GML_YEARS[0]) | (year > GML_YEARS[1])
    ones = np.ones(len(g), dtype=np.int8)
    new = {
        "gmlmidongoing": _take_int(ones, idx, na),
        "gmlmidonset": _take_int(g["onset"].to_numpy(np.int8), idx, na),
        "gmlmidongoing_init": _take_int(g["init"].to_numpy(np.int8), idx, na),
        "gmlmidonset_init": _take_int(g["onset_init"].to_numpy(np.int8), idx, na),
    }
    return _with(df, meta, new, "add_gml_mids", _label(src, table, ver))


def _whittle_wars(d: dict[str, Any]) -> dict[str, Any]:
    """One war per directed dyad-year, by peacesciencer's ``add_cow_wars(type = "inter")``:
    where a dyad-year has several rows and they differ in onset, drop the non-onsets; set
    negative battle deaths to NA; keep the row with the most deaths (batdeath1 +
    batdeath2, or the one known), the first in file order on ties or when unknown."""
    f = pd.DataFrame(
        {
            k: (
                np.ma.filled(v.astype(np.float64), np.nan)
                if isinstance(v, np.ma.MaskedArray)
                else v
            )
            for k, v in d.items()
        }
    )
    g = f.groupby(["ccode1", "ccode2", "year"], sort=False)["cowinteronset"]
    varies = g.transform("nunique") > 1
    f = f[~(varies & (f["cowinteronset"] == 0))].copy()
    for c in ("batdeath1", "batdeath2"):
        f[c] = f[c].where(f[c] >= 0)
    deaths = f["batdeath1"].add(f["batdeath2"], fill_value=np.nan)
    f["_deaths"] = deaths.fillna(f["batdeath1"]).fillna(f["batdeath2"])
    f["_pos"] = np.arange(len(f))
    f = f.sort_values(
        ["_deaths", "_pos"], ascending=[False, True], na_position="last", kind="stable"
    )
    f = f.drop_duplicates(["ccode1", "ccode2", "year"], keep="first").sort_values("_pos")
    out: dict[str, Any] = {}
    for c in f.columns:
        if c.startswith("_"):
            continue
        v = f[c].to_numpy(dtype=np.float64)
        if c.startswith("batdeath"):
            out[c] = np.ma.MaskedArray(np.nan_to_num(v), mask=np.isnan(v))
        elif np.isnan(v).any():
            out[c] = np.ma.MaskedArray(np.nan_to_num(v).astype(np.int64), mask=np.isnan(v))
        else:
            out[c] = v.astype(np.int64)
    return out


def add_cow_wars(
    df: pd.DataFrame,
    type: str = "inter",  # peacesciencer's argument name
    keep: Sequence[str] | None = None,
    store: Store | str | Path | None = None,
) -> pd.DataFrame:
    """Add COW inter-state wars (v4.0) to a dyad-year panel.

    peacesciencer's ``add_cow_wars(type = "inter")`` on its ``cow_war_inter`` data
    (directed dyad-years of the COW Inter-State War Data v4.0, Sarkees & Wayman 2010),
    whittled to one war per dyad-year by :func:`_whittle_wars`. Adds ``cowinteronset``,
    ``cowinterongoing`` (0 without a war for 1816-2007, NA after), ``sidea1``,
    ``sidea2`` (side 1 or 2), ``initiator1``, ``initiator2``, ``outcome1``, ``outcome2``
    (COW outcome codes), ``batdeath1``, ``batdeath2`` (NA where COW codes them
    negative) and ``resume``; ``keep`` restricts the columns besides onset and ongoing
    (use it when the panel already has ``sidea1``/``sidea2`` from a MID verb). Only
    ``type="inter"`` (intra-state wars are state-year data COW codes separately).

    Reads ``cow_war.inter`` (``alliancelab data import cow-war cow_war_inter.csv.gz``).
    """
    if type != "inter":
        raise ParameterError(f"add_cow_wars(type={type!r}): only type='inter' is supported")
    meta, keys = _dyad_keys(df, "add_cow_wars")
    cols = _keep(_WAR_COLS, keep, ("cowinterongoing", "cowinteronset"), "add_cow_wars")
    st = _resolve_store(meta, store)
    src, table, ver = _pick(st, "cow_war", None, "add_cow_wars")
    d = _whittle_wars(_read(st, src, table, ver, ["ccode1", "ccode2", "year", *_WAR_COLS]))
    flags = ("cowinterongoing", "cowinteronset")
    new = _join_events(keys, d, cols, flags, COW_WAR_YEARS, f"{src}.{table}")
    return _with(df, meta, new, "add_cow_wars", _label(src, table, ver))


def _flag_years(
    c1: np.ndarray, c2: np.ndarray, sy: np.ndarray, ey: np.ndarray, both: bool
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """(ccode1, ccode2, year, spell row) of every year of every spell (both directions)."""
    n = (ey - sy + 1).astype(np.int64)
    rid = np.repeat(np.arange(len(c1)), n)
    year = sy[rid] + (np.arange(int(n.sum())) - np.repeat(np.cumsum(n) - n, n))
    a, b = c1[rid], c2[rid]
    if both:
        a, b, year, rid = np.r_[a, b], np.r_[b, a], np.r_[year, year], np.r_[rid, rid]
    return a, b, year, rid


def add_arms_races(df: pd.DataFrame, store: Store | str | Path | None = None) -> pd.DataFrame:
    """Add ``armsrace`` (1 in a year of an arms race between the two states) and
    ``race_id`` to a dyad-year panel.

    After Gibler, Rider & Hutchison (2005), *Journal of Peace Research* 42(2): 131-147
    (peacesciencer's ``grh_arms_races``, 71 races 1816-1993; peacesciencer has no verb
    for it): a race between ccode1 and ccode2 from ``styear`` to ``endyear`` marks both
    directions. ``armsrace`` is 0 otherwise for 1816-1993 and NA outside; ``race_id`` is
    NA without a race. A dyad-year in two races raises (none in the data).
    """
    meta, keys = _dyad_keys(df, "add_arms_races")
    st = _resolve_store(meta, store)
    src, table, ver = _pick(st, "arms_races", None, "add_arms_races")
    d = _read(st, src, table, ver, ["race_id", "ccode1", "ccode2", "styear", "endyear"])
    a, b, y, rid = _flag_years(
        _arr(d["ccode1"]), _arr(d["ccode2"]), _arr(d["styear"]), _arr(d["endyear"]), True
    )
    src_d = {"ccode1": a, "ccode2": b, "year": y, "race_id": _arr(d["race_id"])[rid],
             "armsrace": np.ones(len(y), dtype=np.int8)}  # fmt: skip
    new = _join_events(
        keys, src_d, ["armsrace", "race_id"], ["armsrace"], ARMS_RACE_YEARS, f"{src}.{table}"
    )
    return _with(df, meta, new, "add_arms_races", _label(src, table, ver))


def _tss_years(d: dict[str, Any]) -> pd.DataFrame:
    """peacesciencer's ``.rivalryyears()``: every year of every TSS rivalry, both
    directions, Austria-Hungary (300) recoded to Austria (305) from 1919, NA types 0,
    years from 1816."""
    types = ("positional", "spatial", "ideological", "interventionary")
    a, b, y, rid = _flag_years(
        _arr(d["ccode1"]), _arr(d["ccode2"]), _arr(d["start"]), _arr(d["end"]), True
    )
    out = pd.DataFrame({"tssr_id": _arr(d["tssr_id"])[rid], "ccode1": a, "ccode2": b, "year": y})
    for t in types:
        out[t] = _arr(d[t], fill=0)[rid]
    for c in ("ccode1", "ccode2"):
        out[c] = np.where((out[c] == 300) & (out["year"] >= 1919), 305, out[c])
    return out[out["year"] >= 1816].reset_index(drop=True)


def add_strategic_rivalries(
    df: pd.DataFrame, store: Store | str | Path | None = None
) -> pd.DataFrame:
    """Add Thompson, Sakuwa & Suhas (2022) strategic rivalries.

    peacesciencer's ``add_strategic_rivalries()`` on its ``tss_rivalries`` data
    (:func:`_tss_years`). Dyad-year panels get ``tssr_id`` (NA without a rivalry),
    ``ongoingrivalry`` and the rivalry types ``positional``, ``spatial``,
    ``ideological``, ``interventionary`` (0/1); state-year panels get the number of
    ongoing rivalries of each type, ``n_ideological``, ``n_interventionary``,
    ``n_positional``, ``n_spatial``. Without a rivalry these are 0 up to 2020 and NA
    after, as in peacesciencer. Reads ``tss_rivalries.rivalries`` (``alliancelab data
    import tss-rivalries tss_rivalries.csv.gz``).

    References
    ----------
    Thompson, Sakuwa & Suhas (2022), *Analyzing Strategic Rivalries in World Politics*.
    """
    meta = panel_info(df)
    _require_unit(meta, "add_strategic_rivalries", ["state_year", "dyad_year"])
    st = _resolve_store(meta, store)
    src, table, ver = _pick(st, "tss", None, "add_strategic_rivalries")
    cols = ["tssr_id", "ccode1", "ccode2", "start", "end", "positional", "spatial",
            "ideological", "interventionary"]  # fmt: skip
    ry = _tss_years(_read(st, src, table, ver, cols))
    types = ["ideological", "interventionary", "positional", "spatial"]
    year = df["year"].to_numpy()
    after = year > TSS_LAST_YEAR
    new: dict[str, Any] = {}
    if meta["unit"] == "state_year":
        n = ry.groupby(["ccode1", "year"], sort=False)[types].sum()
        get = _state_year_index(
            n.index.get_level_values(0).to_numpy(), n.index.get_level_values(1).to_numpy(),
            f"{src}.{table}",
        )  # fmt: skip
        idx = get(df["ccode"].to_numpy(), year)
        for t in types:
            new[f"n_{t}"] = _take_int(n[t].to_numpy(), idx, (idx == len(n)) & after)
    else:
        meta, keys = _dyad_keys(df, "add_strategic_rivalries")
        d = {c: ry[c].to_numpy() for c in ry.columns}
        d["ongoingrivalry"] = np.ones(len(ry), dtype=np.int8)
        flags = ["ongoingrivalry", *types]
        new = _join_events(
            keys, d, ["tssr_id", *flags], flags, (0, TSS_LAST_YEAR), f"{src}.{table}"
        )
    return _with(df, meta, new, "add_strategic_rivalries", _label(src, table, ver))


def spells(
    unit: np.ndarray, year: np.ndarray, event: np.ndarray, ongoing: bool = False
) -> np.ndarray:
    """Peace spells (``stevemisc::ps_spells``): years since the last event within a unit.

    Rows are taken in (unit, year) order; a spell ends at an event or the unit's last
    row; ``spell`` counts 0, 1, 2, ... within a spell, so an event year carries the count
    of the years before it and the next year starts at 0. With ``ongoing=True`` a year
    continuing an event (event this year and the last) is not a new failure: its spell
    is -1 (the caller makes it NA). ``event`` must be 0/1 without NA.

    Examples
    --------
    >>> spells(np.zeros(6, int), np.arange(6), np.array([0, 0, 1, 1, 0, 0])).tolist()
    [0, 1, 2, 0, 0, 1]
    >>> spells(np.zeros(6, int), np.arange(6), np.array([0, 0, 1, 1, 0, 0]), True).tolist()
    [0, 1, 2, -1, 0, 1]
    """
    order = np.lexsort([year, unit])
    u, e = np.asarray(unit)[order], np.asarray(event)[order] != 0
    n = len(order)
    out = np.full(n, -1, dtype=np.int64)
    if not n:
        return out
    start = np.r_[True, u[1:] != u[:-1]]
    cont = np.zeros(n, dtype=bool)
    if ongoing:
        cont = e & ~start & np.r_[False, e[:-1]]
    keep = ~cont
    ku, ke, ks = u[keep], e[keep], start[keep]
    idx = np.arange(len(ku))
    ks = ks | np.r_[True, ku[1:] != ku[:-1]]
    gstart = np.maximum.accumulate(np.where(ks, idx, 0))
    last = np.maximum.accumulate(np.where(ke, idx, -1))
    prev = np.r_[-1, last[:-1]]
    sp = np.where(prev >= gstart, idx - prev - 1, idx - gstart)
    tmp = np.full(n, -1, dtype=np.int64)
    tmp[np.flatnonzero(keep)] = sp
    out[order] = tmp
    return out


def add_spells(
    df: pd.DataFrame, conflict_event_type: str = "ongoing", ongo: bool = False
) -> pd.DataFrame:
    """Add peace spells for every conflict onset/ongoing pair present in a panel.

    peacesciencer's ``add_spells()`` (via ``stevemisc::ps_spells``, after Beck, Katz &
    Tucker 1998 and Armstrong's ``btscs``): ``gmlmidspell`` from ``gmlmidongoing``
    (:func:`add_gml_mids`), ``cowmidspell`` from ``cowmidongoing``
    (:func:`~alliancelab.panels.add_cow_mids`), ``cowinterspell`` from
    ``cowinterongoing`` (:func:`add_cow_wars`); ``conflict_event_type="onset"`` uses the
    onset columns instead. Within each directed dyad, in year order, see :func:`spells`;
    ``ongo=True`` makes continuing event years NA. Rows where the event column is NA
    (outside the source's coverage) get NA and are skipped (peacesciencer stops there:
    subset first). Gaps in the years are not padded. ``cowmidspell`` equals
    :func:`~alliancelab.panels.add_peace_years` (which stays). On a state-year panel with
    the state-year GML columns: ``gmlmidspell`` and ``gmlmidinitspell`` (from
    ``gmlmidongoing_init``) within each state.
    """
    if conflict_event_type not in ("ongoing", "onset"):
        raise ParameterError("conflict_event_type must be 'ongoing' or 'onset'")
    meta = panel_info(df)
    _require_unit(meta, "add_spells", ["dyad_year", "state_year"])
    if meta["unit"] == "state_year":
        pairs = {"gmlmid": "gmlmidspell", "gmlmid_init": "gmlmidinitspell"}
        found = [p for p in pairs if {"gmlmidongoing_init", "gmlmidonset_init"} <= set(df.columns)]
    else:
        pairs = {"gmlmid": "gmlmidspell", "cowmid": "cowmidspell", "cowinter": "cowinterspell"}
        found = [p for p in pairs if {f"{p}ongoing", f"{p}onset"} <= set(df.columns)]
    if not found:
        raise ParameterError(
            "add_spells() found no conflict columns (gmlmidongoing/onset, cowmidongoing/onset, "
            "cowinterongoing/onset): run add_gml_mids(), add_cow_mids() or add_cow_wars() first"
        )
    code = "gwcode" if meta.get("system") == "gw" else "ccode"
    if meta["unit"] == "state_year":
        dyad = df[code].to_numpy(dtype=np.int64)
    else:
        dyad = df[f"{code}1"].to_numpy(np.int64) * 1000 + df[f"{code}2"].to_numpy(np.int64)
    year = df["year"].to_numpy()
    new: dict[str, Any] = {}
    for p in found:
        col = (
            f"gmlmid{conflict_event_type}_init"
            if p == "gmlmid_init"
            else f"{p}{conflict_event_type}"
        )
        ev = df[col]
        valid = ev.notna().to_numpy()
        e = ev.to_numpy(dtype=np.float64, na_value=0)[valid]
        sp = np.full(len(df), -1, dtype=np.int64)
        sp[valid] = spells(dyad[valid], year[valid], e, ongo)
        new[pairs[p]] = pd.arrays.IntegerArray(np.maximum(sp, 0), sp < 0)
    return _with(df, meta, new, "add_spells")
