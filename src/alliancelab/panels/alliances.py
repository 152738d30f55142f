"""Alliance verbs: ATOP v5.1 obligations and COW Formal Alliances v4.1 on dyad-years."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from ..store.core import Store
from ._join import (
    Span,
    _Cells,
    _DyadIndex,
    _Hits,
    _int_dtype,
    _na_where,
    _outside,
    _span,
    _take_int,
)
from ._meta import (
    _ATOP_COLS,
    _COW_ALLIANCE_COLS,
    _arr,
    _coverage,
    _ints,
    _label,
    _pick,
    _prefer,
    _read,
    _require_unit,
    _resolve_store,
    _with,
    panel_info,
)


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
    # ATOP holds a few hundred thousand dyad-years: kept in their own integer dtype
    s1, s2, sy = _ints(d["ccode1"]), _ints(d["ccode2"]), _ints(d["year"])
    obligations = [_ints(d[c], 0) for c in _ATOP_COLS]
    lo, hi = _coverage("atop", src, sy)
    c1, c2, year = (df[c].to_numpy() for c in ("ccode1", "ccode2", "year"))
    span = _span(year)
    outside = _outside(year, lo, hi, span)
    new: dict[str, Any] = {}
    if not meta["directed"] and ndir:
        # both directions of a pair-year fall into one cell; each column is its maximum
        cm = _Cells(np.minimum(s1, s2), np.maximum(s1, s2), sy, span)
        cols = {"atop_alliance": np.ones(len(sy), dtype=np.int8)}
        cols.update(zip(_ATOP_COLS, obligations, strict=True))
        if all(len(v) == 0 or (v.min() >= 0 and v.max() <= 1) for v in obligations):
            new = _max_of_flags(cols, cm, (c1, c2, year, span), outside)
        else:
            new = _max_of_values(cols, cm, cm.cells(c1, c2, year, span=span), outside)
    else:
        idx = _DyadIndex(s1, s2, sy, f"{src}.{table}", span).get(c1, c2, year, span)
        h = _Hits(idx, len(sy))
        na = _na_where(idx == len(sy), outside, reuse=True)
        new["atop_alliance"] = _take_int(np.ones(len(sy), dtype=np.int8), h, na)
        for i, (c, v) in enumerate(zip(_ATOP_COLS, obligations, strict=True)):
            new[c] = _take_int(v, h, na, copy_na=i < len(_ATOP_COLS) - 1)
    return _with(df, meta, new, "add_atop_alliance", _label(src, table, ver))


def _max_of_flags(
    cols: dict[str, np.ndarray],
    cm: _Cells,
    keys: tuple[np.ndarray, np.ndarray, np.ndarray, Span],
    outside: np.ndarray | None,
) -> dict[str, Any]:
    """Per panel row, each 0/1 column's maximum over the source rows of its cell.

    The columns (at most 8) are packed into the bits of one byte per source row, so one
    ``bitwise_or.at`` over the source and one chunked gather over the panel (``keys``:
    its ccode1, ccode2, year and year span; :meth:`_Cells.lookup`) serve them all (the
    maximum of 0/1 values is their OR). The first column is 1 on every source row, so a
    cell with a row is a nonzero byte. NA where a row has no source row and lies
    ``outside`` the coverage (None: no row does); 0 where it has none inside.
    """
    packed = np.zeros(len(cm.src), dtype=np.uint8)
    for bit, v in enumerate(cols.values()):
        packed |= v.astype(np.uint8) << np.uint8(bit)
    dense = np.zeros(cm.size, dtype=np.uint8)
    np.bitwise_or.at(dense, cm.src, packed)
    c1, c2, year, span = keys
    got = cm.lookup(c1, c2, year, dense, span)
    del dense
    na = _na_where(got == 0, outside, reuse=True)
    # the shifts are taken first, so that bit 0 is masked in ``got`` itself
    flags = [got, *(got >> np.uint8(bit) for bit in range(1, len(cols)))]
    out: dict[str, Any] = {}
    last = len(cols) - 1
    for bit, (c, flag) in enumerate(zip(cols, flags, strict=True)):
        flag &= np.uint8(1)  # the last column owns the mask
        out[c] = pd.arrays.IntegerArray(flag.view(np.int8), na.copy() if bit < last else na)
    return out


def _max_of_values(
    cols: dict[str, np.ndarray], cm: _Cells, cell: np.ndarray, outside: np.ndarray | None
) -> dict[str, Any]:
    """As :func:`_max_of_flags` for any integer values (one ``maximum.at`` per column)."""
    present = np.zeros(cm.size, dtype=bool)
    present[cm.src] = True
    found = present[cell]
    del present
    hit = np.flatnonzero(found)
    np.logical_not(found, out=found)
    na = _na_where(found, outside)
    cell_hit = cell[hit]
    out: dict[str, Any] = {}
    for c, v in cols.items():
        dt = _int_dtype(v, 0)
        dense = np.full(cm.size, np.iinfo(dt).min, dtype=dt)
        np.maximum.at(dense, cm.src, v.astype(dt))
        col = np.zeros(len(cell), dtype=dt)
        col[hit] = dense[cell_hit]
        out[c] = pd.arrays.IntegerArray(col, na.copy())
    return out


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
    span = _span(year)
    index = _DyadIndex(_arr(d["ccode1"]), _arr(d["ccode2"]), sy, f"{src}.{table}", span)
    idx = index.get(c1, c2, year, span)
    na = _na_where(idx == len(sy), _outside(year, lo, hi, span), reuse=True)
    h = _Hits(idx, len(sy))
    last = len(_COW_ALLIANCE_COLS) - 1
    new = {
        c: _take_int(_arr(d[c], np.int64, 0), h, na, copy_na=i < last)
        for i, c in enumerate(_COW_ALLIANCE_COLS)
    }
    return _with(df, meta, new, "add_cow_alliance", _label(src, table, ver))
