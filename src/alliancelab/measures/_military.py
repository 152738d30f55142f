"""Military expenditure per state and year, the capability index of :func:`polarity` (private).

Both data sources give COW NMC ``milex`` (Singer, Bremer & Stuckey 1972; NMC v7.0 in the
reference set, the imported NMC file in a store). The reference set has it at its
benchmark years (1816, 1850, ..., 2016, plus SIPRI 2024; every state) and, for the great
powers alone, at 1920, 1925, 1930, 1935, 1946, 1955, 1991 and 1995; between two of a
state's rows its *share of the system's military expenditure* is interpolated linearly
(the units change in 1914, from thousands of pounds to thousands of dollars, so levels are
never interpolated; shares are unit-free). A store gives every NMC year as published.

The index poles are counted on is each state's share averaged over the
:data:`WINDOW` years ending in the year (:func:`windowed_shares`): the half-decade, the
unit of observation of Singer, Bremer & Stuckey (1972), smooths one-year war budgets.
Each data source's whole table of shares (years by states) is built once and cached, so
a whole-system series (:func:`alliancelab.measures.power.system_polarity`) needs no
snapshot per year.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache

import numpy as np
import pandas as pd

from ..reference import load_capabilities

__all__ = [
    "MAJOR_POWERS",
    "WINDOW",
    "major_powers",
    "military_shares",
    "share_table",
    "windowed_shares",
]

#: Years averaged by :func:`windowed_shares` (the year and the four before it): the
#: half-decade of Singer, Bremer & Stuckey (1972), who observe major-power capability
#: concentration every five years.
WINDOW = 5

#: COW major-power spells (COW State System Membership, ``majors2024.csv``, version 2024;
#: the 2016 list has the same spells ending 2016): ccode, first day, last day.
MAJOR_POWERS: tuple[tuple[int, str, str], ...] = (
    (2, "1898-08-13", "2024-12-31"),
    (200, "1816-01-01", "2024-12-31"),
    (220, "1816-01-01", "1940-06-22"),
    (220, "1945-08-15", "2024-12-31"),
    (255, "1816-01-01", "1918-11-11"),
    (255, "1925-01-01", "1945-05-07"),
    (255, "1991-12-11", "2024-12-31"),
    (300, "1816-01-01", "1918-11-03"),
    (325, "1860-01-01", "1943-09-02"),
    (365, "1816-01-01", "1917-12-05"),
    (365, "1922-01-01", "2024-12-31"),
    (710, "1950-01-01", "2024-12-31"),
    (740, "1895-04-01", "1945-08-14"),
    (740, "1991-12-11", "2024-12-31"),
)


def major_powers(year: int) -> frozenset[int]:
    """The COW major powers on 31 December of ``year`` (the snapshots' year-end rule).

    Examples
    --------
    >>> sorted(major_powers(1913))
    [2, 200, 220, 255, 300, 325, 365, 740]
    >>> sorted(major_powers(1950))
    [2, 200, 220, 365, 710]
    """
    end = f"{int(year):04d}-12-31"
    return frozenset(c for c, a, b in MAJOR_POWERS if a <= end <= b)


def _shares_by_year(nmc: pd.DataFrame) -> pd.DataFrame:
    """Years by states: each state's share of the year's total ``milex`` (NaN: no figure)."""
    wide = nmc.pivot_table(index="year", columns="ccode", values="milex", aggfunc="sum")
    total = wide.sum(axis=1, skipna=True)
    wide = wide.div(total.where(total > 0), axis=0)
    wide.index = wide.index.astype(int)
    wide.columns = wide.columns.astype(int)
    return wide.sort_index()


def _great_power_years(cap: pd.DataFrame) -> list[int]:
    """Years of the reference table whose rows are great powers only (every row a COW major
    of that year): the interwar, early Cold War and 1990s rows of reference/README.md."""
    years = cap["year"].astype(int)
    out = []
    for y in sorted(set(years.tolist())):
        if set(cap.loc[years == y, "ccode"].astype(int).tolist()) <= major_powers(y):
            out.append(y)
    return out


def _interpolate(anchors: pd.DataFrame, span: range) -> pd.DataFrame:
    """Each state's share between its own anchor years, linearly; where one of two
    neighbouring anchors is NaN (no figure: the state is new or gone) the other's share is
    carried; an anchor year itself keeps its value (NaN included)."""
    out = pd.DataFrame(np.nan, index=span, columns=anchors.columns)
    for c in anchors.columns:
        col = anchors[c]
        years = col.index.to_numpy()
        vals = col.to_numpy(dtype=float)
        res = np.full(len(span), np.nan)
        for k in range(len(years) - 1):
            lo, hi = int(years[k]), int(years[k + 1])
            a, b = vals[k], vals[k + 1]
            a_f = b if np.isnan(a) else a
            b_f = a if np.isnan(b) else b
            for y in range(lo, hi):
                w = (y - lo) / (hi - lo)
                res[y - span.start] = (1 - w) * a_f + w * b_f
            res[lo - span.start] = a
        res[int(years[-1]) - span.start] = vals[-1]
        out[c] = res
    return out


@cache
def _reference_table() -> pd.DataFrame:
    """Every year 1816-2024 by state: benchmark shares, interpolated between benchmarks.

    At the full benchmarks (every state of the system) a share is the state's part of the
    year's total. Between two benchmarks a state's share is interpolated linearly; a state
    with a figure at only one of the two (new or gone) takes that benchmark's share.

    The great-power years (:func:`_great_power_years`: NMC rows of the COW majors alone,
    e.g. 1925) have no world total. There the great powers' combined share is the one
    interpolated between the surrounding full benchmarks, and it is divided among them in
    proportion to their published ``milex`` of that year, so their ratios to one another
    are exactly NMC's; the other states stay interpolated between the full benchmarks.
    """
    cap = load_capabilities().dropna(subset=["milex"])
    cap = cap.astype({"ccode": int, "year": int, "milex": float})
    partial = _great_power_years(cap)
    full = _shares_by_year(cap[~cap["year"].isin(partial)])
    span = range(int(full.index[0]), int(full.index[-1]) + 1)
    base = _interpolate(full, span)
    if not partial:
        return base
    levels = cap[cap["year"].isin(partial)].pivot_table(
        index="year", columns="ccode", values="milex", aggfunc="sum"
    )
    anchors = full.reindex(columns=sorted(set(full.columns) | set(levels.columns)))
    anchors = anchors.reindex(sorted(set(anchors.index) | set(partial)))
    moved = set()
    for y in partial:
        row = levels.loc[y].dropna()
        gp_share = float(np.nansum(base.loc[y].reindex(row.index).to_numpy(dtype=float)))
        anchors.loc[y] = np.nan
        anchors.loc[y, row.index] = row.to_numpy() / row.sum() * gp_share
        moved |= set(int(c) for c in row.index)
    out = base.reindex(columns=anchors.columns)
    for c in sorted(moved):
        col = anchors[c]
        keep = [y for y in col.index if y not in partial or not np.isnan(col.loc[y])]
        out[c] = _interpolate(col.loc[keep].to_frame(), span)[c]
    return out


_STORE_TABLES: dict[str, pd.DataFrame] = {}
_INDEXED: dict[int, tuple[pd.DataFrame, np.ndarray, dict[int, int], dict[int, int]]] = {}


def _indexed(table: pd.DataFrame) -> tuple[np.ndarray, dict[int, int], dict[int, int]]:
    """A share table's values with the row of each year and the column of each ccode
    (computed once per table, which the caches above keep)."""
    hit = _INDEXED.get(id(table))
    if hit is None or hit[0] is not table:
        if len(_INDEXED) > 16:
            _INDEXED.clear()
        vals = table.to_numpy(dtype=float)
        rows = {int(y): k for k, y in enumerate(table.index)}
        cols = {int(c): k for k, c in enumerate(table.columns)}
        hit = _INDEXED[id(table)] = (table, vals, rows, cols)
    return hit[1], hit[2], hit[3]


def _store_table(store: object | None) -> pd.DataFrame:
    from ..store import Store

    st = store if isinstance(store, Store) else Store(None if store is None else str(store))
    key = str(st.path.resolve())
    if key not in _STORE_TABLES:
        nmc = (
            st.read("cow_nmc", "nmc", columns=["ccode", "year", "milex"])
            if st.has("cow_nmc")
            else pd.DataFrame(columns=["ccode", "year", "milex"])
        )
        nmc = nmc.dropna(subset=["ccode", "year"])
        nmc = nmc[pd.to_numeric(nmc["milex"], errors="coerce") >= 0]
        nmc = nmc.astype({"ccode": int, "year": int, "milex": float})
        _STORE_TABLES[key] = _shares_by_year(nmc) if len(nmc) else pd.DataFrame(dtype=float)
    return _STORE_TABLES[key]


def share_table(data: str = "reference", store: object | None = None) -> pd.DataFrame:
    """Years by states: each state's share of the system's ``milex`` (cached per source).

    Parameters
    ----------
    data : {"reference", "store"}
    store : Store or path, optional

    Examples
    --------
    >>> t = share_table()
    >>> int(t.index[0]), int(t.index[-1]), round(float(t.loc[1913].sum()), 6)
    (1816, 2024, 1.0)
    """
    return _store_table(store) if data == "store" else _reference_table()


def military_shares(
    year: int, ccodes: Sequence[int], data: str = "reference", store: object | None = None
) -> np.ndarray:
    """Each state's share of the whole system's military expenditure in ``year``.

    Parameters
    ----------
    year : int
    ccodes : sequence of int
    data : {"reference", "store"}
        The reference set (NMC v7.0 benchmarks, SIPRI 2024; shares interpolated between
        benchmarks) or the NMC table of a store.
    store : Store or path, optional

    Returns
    -------
    ndarray of float
        NaN where the data have no figure (or outside the data's years).

    Examples
    --------
    >>> s = military_shares(1913, [2, 200, 255])
    >>> bool(s[2] > s[1] > s[0])
    True
    """
    return windowed_shares(year, ccodes, data=data, store=store, window=1)


def windowed_shares(
    year: int,
    ccodes: Sequence[int],
    data: str = "reference",
    store: object | None = None,
    window: int = WINDOW,
) -> np.ndarray:
    """Each state's share of the system's military expenditure, averaged over the
    ``window`` years ending in ``year`` (years without a figure are skipped).

    Examples
    --------
    Hand-checked against the one-year shares of the same table:

    >>> one = [military_shares(y, [2])[0] for y in range(1909, 1914)]
    >>> bool(np.isclose(windowed_shares(1913, [2])[0], np.mean(one)))
    True
    """
    vals, row_of, col_of = _indexed(share_table(data, store))
    rows = [row_of[y] for y in range(int(year) - int(window) + 1, int(year) + 1) if y in row_of]
    if int(year) not in row_of or not rows:
        return np.full(len(ccodes), np.nan)
    # the table's rows of the window and the states' columns (NaN for a state not in it)
    cols = np.array([col_of.get(int(c), -1) for c in ccodes], dtype=np.int64)
    if vals.shape[1]:
        sub = vals[np.ix_(np.asarray(rows, dtype=np.int64), np.maximum(cols, 0))]
        sub[:, cols < 0] = np.nan
    else:
        sub = np.full((len(rows), len(cols)), np.nan)
    with np.errstate(all="ignore"):
        ok = ~np.isnan(sub)
        n = ok.sum(axis=0)
        mean = np.where(n > 0, np.nansum(sub, axis=0) / np.maximum(n, 1), np.nan)
    return mean
