"""``create_*`` verbs: state-year, dyad-year and k-ad-year panels of the COW state system.

peacesciencer's ``create_stateyears()`` / ``create_dyadyears()`` (Miller 2022) and
NewGene's k-ad years, from COW State System Membership v2016.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from ..errors import CoverageError, ParameterError
from ..store.core import Store
from ._meta import (
    ATTR,
    _arr,
    _pick,
    _read,
    _resolve_store,
)
from ._system import (
    _new_meta,
    _System,
    _system_arg,
    _years_arg,
)
from .gw import gw_dyad_years, gw_state_years


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
    system : {"cow", "gw"}
        State system: Correlates of War, or Gleditsch-Ward from the COW <-> G-W crosswalk
        (columns ``gwcode, statename, year``; see :mod:`alliancelab.panels.gw` for what
        the crosswalk can and cannot tell; ``alliancelab data import gw-crosswalk
        cw_gw_panel.csv.gz``).
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
    if system == "gw":
        _gw_args(extend_to, source, "create_state_years")
        return gw_state_years(years, store)
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
    system : {"cow", "gw"}
        Correlates of War, or Gleditsch-Ward from the crosswalk (columns ``gwcode1,
        gwcode2, year``: pairs of states members in the same year; see
        :mod:`alliancelab.panels.gw`).
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
    if system == "gw":
        _gw_args(extend_to, source, "create_dyad_years")
        return gw_dyad_years(directed, years, store)
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
    # (pairs, years), pairs in sorted (ccode1, ccode2) order; built per ccode1 (its pairs
    # are consecutive) instead of from two (pairs, years) gathers of the membership matrix
    both = np.empty((len(ii), member.shape[1]), dtype=bool)
    first = np.searchsorted(ii, np.arange(n + 1))
    for i in range(n):
        s, e = first[i], first[i + 1]
        partners = member[i + 1 :] if not directed else member[jj[s:e]]
        np.logical_and(member[i], partners, out=both[s:e])
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
    # years per pair (fewer than 65,536): a uint16 sum over the bytes is ~3x count_nonzero
    per_pair = np.add.reduce(both.view(np.uint8), axis=1, dtype=np.uint16)
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
        raise ParameterError(f"k must be an integer >= 2, got {k!r}")
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
        raise ParameterError(
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


def _gw_args(extend_to: int | None, source: str | None, verb: str) -> None:
    if extend_to is not None or source is not None:
        raise ParameterError(
            f"{verb}(system='gw'): extend_to and source apply to the COW system only (the "
            "G-W crosswalk runs to 2025)"
        )
