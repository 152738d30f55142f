"""Covariate verbs: COW NMC, SIPRI military expenditure, COW MIDs, contiguity, major
powers and peace years (peacesciencer's ``add_*`` verbs, Miller 2022)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from ..errors import ParameterError
from ..store.core import Store
from ._join import (
    _YEAR0,
    _check_ccodes,
    _chunks,
    _DyadIndex,
    _float_block,
    _gather,
    _Hits,
    _na_where,
    _outside,
    _pack,
    _scratch,
    _span,
    _state_year_index,
    _take_int,
)
from ._meta import (
    _NMC_COLS,
    _SIPRI_COLS,
    _arr,
    _code_cols,
    _coverage,
    _label,
    _pick,
    _prefer,
    _read,
    _require_unit,
    _resolve_store,
    _suffixes,
    _with,
    panel_info,
)


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
    new = _float_block(get, df, _code_cols(meta), _suffixes(meta), vals)
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
    new = _float_block(get, df, _code_cols(meta), _suffixes(meta), vals)
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
    span = _span(year)
    index = _DyadIndex(_arr(d["ccode1"]), _arr(d["ccode2"]), sy, f"{src}.{table}", span)
    idx = index.get(c1, c2, year, span)
    missing = idx == len(sy)
    outside = _outside(year, lo, hi, span)
    h = _Hits(idx, len(sy))
    del idx
    new: dict[str, Any] = {}
    for i, c in enumerate(cols):
        if c in ("cowmidongoing", "cowmidonset"):  # 0 without a dispute inside the coverage
            new[c] = _take_int(_arr(d[c]), h, _na_where(missing, outside), copy_na=False)
        else:  # the last column owns the mask
            new[c] = _take_int(_arr(d[c]), h, missing, copy_na=i < len(cols) - 1)
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
    span = _span(year)
    idx = _DyadIndex(k1, k2, ky, f"{src}.{table}", span).get(c1, c2, year, span)
    na = _na_where(idx == len(ky), _outside(year, lo, hi, span), reuse=True)
    new = {"conttype": _take_int(types, idx, na, copy_na=False)}
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
    year = df["year"].to_numpy()
    span = _span(year)
    # a row per code, a column per year from 1700 to the coverage's or the panel's last
    width = max(last, span[1] if span else 0, _YEAR0) - _YEAR0 + 1
    major = np.zeros((1000, width), dtype=bool)
    for c, a, b in zip(cc, sy, ey, strict=True):
        major[c, a - _YEAR0 : b - _YEAR0 + 1] = True
    flat = major.ravel()  # (code, year) at code * width + year - 1700: one 1-D gather
    outside = _outside(year, 1816, last, span)
    names = ["cowmaj"] if meta["unit"] == "state_year" else [f"cowmaj{s}" for s in _suffixes(meta)]
    cols = _code_cols(meta)
    new = {}
    early = span is not None and span[0] < _YEAR0
    key = _scratch(len(year))
    for i, (col, name) in enumerate(zip(cols, names, strict=True)):
        codes, flag = df[col].to_numpy(), np.empty(len(year), dtype=bool)
        for ch, k in _chunks(len(year)):  # the keys never exist in full
            np.multiply(codes[ch], width, out=key[k], casting="unsafe")
            yr = np.clip(year[ch], _YEAR0, None) if early else year[ch]
            np.add(key[k], yr, out=key[k], casting="unsafe")
            key[k] -= _YEAR0
            _gather(flat, key[k], flag[ch])
        if outside is None:
            na = np.zeros(len(year), dtype=bool)
        else:  # the last column owns the mask
            na = outside.copy() if i < len(cols) - 1 else outside
        new[name] = pd.arrays.IntegerArray(flag.view(np.int8), na)
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
        raise ParameterError("add_peace_years() needs cowmidongoing: run add_cow_mids() first")
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
    new = {"cowmidspell": _take_int(spell, np.arange(len(spell)), ~valid, copy_na=False)}
    return _with(df, meta, new, "add_peace_years")
