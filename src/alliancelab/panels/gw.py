"""The Gleditsch-Ward state system from the COW <-> G-W crosswalk (``isard::cw_gw_panel``).

``create_state_years(system="gw")`` and ``create_dyad_years(system="gw")`` build their
panels here; :func:`add_ccode_to_gw` and :func:`add_gwcode_to_cow` translate codes
(peacesciencer's verbs of the same names, Miller 2022).

What the crosswalk can tell: which G-W states exist in which years (1816-2025), their
names and, per year, the COW state that matches (the crosswalk is the full join of the
COW and G-W state-years, so unmatched years of either system are rows with the other
code empty). What it cannot tell: entry and exit dates within a year, so a G-W
dyad-year is every pair of states that are both members at some time in that year, even
if they never were on the same day (peacesciencer's ``create_dyadyears(system =
"gw")`` reads day-level G-W membership and can drop such pairs); and no G-W microstate
list is included (the crosswalk covers the G-W independent-states list only).

References
----------
Gleditsch, Kristian S. & Michael D. Ward. 1999. "A Revised List of Independent States
since the Congress of Vienna." *International Interactions* 25(4): 393-413.
"""

from __future__ import annotations

import itertools
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from ..errors import CoverageError, ParameterError
from ..store.core import Store
from ._join import _state_year_index
from ._meta import (
    ATTR,
    _arr,
    _label,
    _pick,
    _read,
    _require_unit,
    _resolve_store,
    _with,
    panel_info,
)
from ._system import _years_arg

__all__ = ["add_ccode_to_gw", "add_gwcode_to_cow", "gw_dyad_years", "gw_state_years"]


def _crosswalk(st: Store, verb: str) -> tuple[pd.DataFrame, str]:
    src, table, ver = _pick(st, "gw", None, verb)
    d = _read(st, src, table, ver, ["gwcode", "ccode", "year", "gw_name"])
    f = pd.DataFrame(
        {
            "gwcode": _arr(d["gwcode"], fill=-1),
            "ccode": _arr(d["ccode"], fill=-1),
            "year": _arr(d["year"]),
            "gw_name": np.ma.filled(d["gw_name"], None)
            if isinstance(d["gw_name"], np.ma.MaskedArray)
            else d["gw_name"],
        }
    )
    return f, _label(src, table, ver)


def _gw_to_cow(f: pd.DataFrame) -> pd.DataFrame:
    """One COW code per G-W state-year: a matched row over a G-W-only one; where two COW
    states match (Germany and Yemen in 1990), the COW code equal to the G-W code."""
    g = f[f["gwcode"] >= 0].assign(
        _unmatched=lambda x: x["ccode"] < 0, _other=lambda x: x["ccode"] != x["gwcode"]
    )
    g = g.sort_values(["gwcode", "year", "_unmatched", "_other"], kind="stable")
    return g.drop_duplicates(["gwcode", "year"])[["gwcode", "year", "ccode"]]


def _years_filter(df: pd.DataFrame, years: Any) -> pd.DataFrame:
    span, only = _years_arg(years)
    if span is None:
        return df
    lo, hi = span
    if hi > int(df["year"].max()) or lo < int(df["year"].min()):
        raise CoverageError(
            f"the G-W crosswalk covers {int(df['year'].min())}-{int(df['year'].max())}; "
            f"asked for {lo}-{hi}"
        )
    keep = df["year"].between(lo, hi)
    if only is not None:
        keep &= df["year"].isin(only)
    return df[keep]


def _meta(unit: str, directed: bool, st: Store, used: str) -> dict[str, Any]:
    return {
        "unit": unit,
        "directed": directed,
        "k": 1 if unit == "state_year" else 2,
        "system": "gw",
        "extend_to": None,
        "store": str(st.path),
        "prefer": None,
        "sources": {"system": used},
    }


def gw_state_years(years: Any = None, store: Store | str | Path | None = None) -> pd.DataFrame:
    """G-W state-years ``gwcode, statename, year`` from the crosswalk (see the module
    docstring for what it can and cannot tell); ``create_state_years(system="gw")``."""
    st = _resolve_store(None, store)
    f, used = _crosswalk(st, "create_state_years")
    g = f[f["gwcode"] >= 0]
    names = (
        g.dropna(subset=["gw_name"])
        .groupby("gwcode")["gw_name"]
        .agg(lambda s: s.value_counts().index[0])
    )
    sy = g.drop_duplicates(["gwcode", "year"]).sort_values(["gwcode", "year"])
    sy = _years_filter(sy, years)
    out = pd.DataFrame(
        {
            "gwcode": sy["gwcode"].to_numpy(dtype=np.int32),
            "statename": pd.array(sy["gwcode"].map(names).to_numpy(), dtype="str"),
            "year": sy["year"].to_numpy(dtype=np.int32),
        }
    )
    out.attrs = {ATTR: _meta("state_year", False, st, used)}
    return out


def gw_dyad_years(
    directed: bool = True, years: Any = None, store: Store | str | Path | None = None
) -> pd.DataFrame:
    """G-W dyad-years ``gwcode1, gwcode2, year``: every pair of G-W states both in the
    system in a year (directed: both orders; else gwcode1 < gwcode2);
    ``create_dyad_years(system="gw")``. See the module docstring for the limits."""
    sy = gw_state_years(years, store)
    st = _resolve_store(None, store)
    g = sy["gwcode"].to_numpy(np.int64)
    y = sy["year"].to_numpy(np.int64)
    order = np.lexsort([g, y])
    g, y = g[order], y[order]
    bounds = np.flatnonzero(np.r_[True, y[1:] != y[:-1], True])
    parts1, parts2, party = [], [], []
    for a, b in itertools.pairwise(bounds):
        m = g[a:b]
        i, j = np.meshgrid(np.arange(len(m)), np.arange(len(m)), indexing="ij")
        keep = (i != j) if directed else (i < j)
        parts1.append(m[i[keep]])
        parts2.append(m[j[keep]])
        party.append(np.full(int(keep.sum()), y[a]))
    c1 = np.concatenate(parts1) if parts1 else np.zeros(0, np.int64)
    c2 = np.concatenate(parts2) if parts2 else np.zeros(0, np.int64)
    yy = np.concatenate(party) if party else np.zeros(0, np.int64)
    o = np.lexsort([yy, c2, c1])
    out = pd.DataFrame(
        {
            "gwcode1": c1[o].astype(np.int32),
            "gwcode2": c2[o].astype(np.int32),
            "year": yy[o].astype(np.int32),
        }
    )
    out.attrs = {ATTR: _meta("dyad_year", directed, st, sy.attrs[ATTR]["sources"]["system"])}
    return out


def _translate(
    df: pd.DataFrame, store: Store | str | Path | None, verb: str, frm: str, to: str
) -> pd.DataFrame:
    meta = panel_info(df)
    _require_unit(meta, verb, ["state_year", "dyad_year"])
    sides = [""] if meta["unit"] == "state_year" else ["1", "2"]
    missing = [f"{frm}{s}" for s in sides if f"{frm}{s}" not in df.columns]
    if missing:
        raise ParameterError(f"{verb}() needs the column(s) {', '.join(missing)}")
    st = _resolve_store(meta, store)
    f, used = _crosswalk(st, verb)
    t = _gw_to_cow(f) if frm == "gwcode" else f[f["ccode"] >= 0][["gwcode", "year", "ccode"]]
    t = t[t[to] >= 0]
    get = _state_year_index(t[frm].to_numpy(), t["year"].to_numpy(), used)
    vals = t[to].to_numpy()
    year = df["year"].to_numpy()
    new: dict[str, Any] = {}
    for s in sides:
        code = df[f"{frm}{s}"]
        na = code.isna().to_numpy()
        idx = get(code.to_numpy(dtype=np.float64, na_value=0).astype(np.int64), year)
        idx[na] = len(vals)
        hit = idx < len(vals)
        out = np.zeros(len(df), dtype=np.int64)
        out[hit] = vals[idx[hit]]
        new[f"{to}{s}"] = pd.arrays.IntegerArray(out, ~hit)
    return _with(df, meta, new, verb, used)


def add_ccode_to_gw(df: pd.DataFrame, store: Store | str | Path | None = None) -> pd.DataFrame:
    """Add the COW code(s) matching the G-W code(s) of a state-year or dyad-year panel.

    peacesciencer's ``add_ccode_to_gw()`` on ``isard::gw_cw_panel``: ``ccode`` (or
    ``ccode1``, ``ccode2``) by (gwcode, year); NA where the G-W state-year has no COW
    counterpart. Where two COW states match one G-W state-year (Germany and Yemen in
    1990) peacesciencer's join duplicates the row; here the row count is kept and the
    COW code equal to the G-W code is taken. Reads ``gw_crosswalk.panel``.
    """
    return _translate(df, store, "add_ccode_to_gw", "gwcode", "ccode")


def add_gwcode_to_cow(df: pd.DataFrame, store: Store | str | Path | None = None) -> pd.DataFrame:
    """Add the G-W code(s) matching the COW code(s) of a state-year or dyad-year panel.

    peacesciencer's ``add_gwcode_to_cow()`` on ``isard::cw_gw_panel``: ``gwcode`` (or
    ``gwcode1``, ``gwcode2``) by (ccode, year); NA where the COW state-year has no G-W
    counterpart (each COW state-year matches at most one). Reads
    ``gw_crosswalk.panel``.
    """
    return _translate(df, store, "add_gwcode_to_cow", "ccode", "gwcode")
