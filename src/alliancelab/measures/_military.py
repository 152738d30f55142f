"""Military expenditure per state and year, the capability index of :func:`polarity` (private).

Both data sources give COW NMC ``milex`` (Singer, Bremer & Stuckey 1972; NMC v7.0 in the
reference set, the imported NMC file in a store). The reference set has it at its
benchmark years only (1816, 1850, ..., 2016, plus SIPRI 2024); between two benchmarks a
state's *share of the system's military expenditure* is interpolated linearly (the units
change in 1914, from thousands of pounds to thousands of dollars, so levels are never
interpolated; shares are unit-free). A store gives every NMC year as published.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from typing import cast

import numpy as np
import pandas as pd

from ..reference import load_capabilities

__all__ = ["MAJOR_POWERS", "major_powers", "military_shares"]

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


@cache
def _reference_shares() -> dict[int, dict[int, float]]:
    """Per benchmark year, each state's share of that year's total reference milex."""
    cap = load_capabilities().dropna(subset=["milex"])
    out: dict[int, dict[int, float]] = {}
    for y, g in cap.groupby("year"):
        total = float(g["milex"].sum())
        if total > 0:
            shares = g["milex"] / total
            out[int(cast(int, y))] = dict(zip(g["ccode"].astype(int), shares, strict=True))
    return out


def _reference(year: int, ccodes: Sequence[int]) -> np.ndarray:
    bench = _reference_shares()
    years = sorted(bench)
    if year in bench:
        return np.array([bench[year].get(int(c), np.nan) for c in ccodes])
    lo = max((y for y in years if y < year), default=None)
    hi = min((y for y in years if y > year), default=None)
    out = np.full(len(ccodes), np.nan)
    for k, c in enumerate(ccodes):
        a = bench[lo].get(int(c), np.nan) if lo is not None else np.nan
        b = bench[hi].get(int(c), np.nan) if hi is not None else np.nan
        if np.isnan(a) or np.isnan(b):
            out[k] = b if np.isnan(a) else a  # a state new or gone: nearest benchmark
        else:
            w = (year - lo) / (hi - lo)  # type: ignore[operator]
            out[k] = (1 - w) * a + w * b
    return out


_STORE_MILEX: dict[str, pd.DataFrame] = {}


def _store(year: int, ccodes: Sequence[int], store: object | None) -> np.ndarray:
    from ..store import Store

    st = store if isinstance(store, Store) else Store(None if store is None else str(store))
    key = str(st.path.resolve())
    if key not in _STORE_MILEX:
        nmc = (
            st.read("cow_nmc", "nmc", columns=["ccode", "year", "milex"])
            if st.has("cow_nmc")
            else pd.DataFrame(columns=["ccode", "year", "milex"])
        )
        nmc = nmc.dropna(subset=["ccode", "year"])
        nmc = nmc[pd.to_numeric(nmc["milex"], errors="coerce") >= 0]
        _STORE_MILEX[key] = nmc.astype({"ccode": int, "year": int, "milex": float})
    d = _STORE_MILEX[key]
    g = d[d["year"] == year]
    total = float(g["milex"].sum())
    if total <= 0:
        return np.full(len(ccodes), np.nan)
    share = dict(zip(g["ccode"], g["milex"] / total, strict=True))
    return np.array([share.get(int(c), np.nan) for c in ccodes])


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
    if data == "store":
        return _store(int(year), ccodes, store)
    return _reference(int(year), ccodes)
