"""The shipped reference data as a snapshot source (``data="reference"``).

Reads the curated tables of :mod:`alliancelab.reference`: COW State System Membership
v2016 spells (extended to 2024), the major alliances with ATOP 5.1 obligations per member
(Leeds et al. 2002; treaty texts after 2018), COW NMC v7.0 capabilities at benchmark years
with a SIPRI-based 2024 proxy, and Thompson & Dreyer (2012) strategic rivalries.

Capabilities between benchmarks are interpolated log-linearly,
``c(y) = c0 * (c1 / c0) ** ((y - y0) / (y1 - y0))``, and marked ``interpolated``; a state
with data on only one side of the year (it entered or left the system in between) carries
its nearest benchmark value, marked ``carried``. Alliances and rivalries are exact for
every year: a member counts in year Y when ``entry_year <= Y <= exit_year``.

On a date (``"1914-07-28"``): a member counts when ``entry_date <= day <= exit_date``
(columns of ``alliance_members.csv`` when present; blank or absent: only the years are
known and the member covers the whole of its entry and exit years); a state counts when
its spell covers the day, with ``start_date``/``end_date`` of ``states.csv`` when present,
else the COW states2016 day-level dates of :data:`alliancelab.codes.STATE_SPELL_DAYS` for
the unifications and breakups, else the whole of its start and end years. A member's
obligations apply only against the states of its ``against`` column (when present;
space-separated COW codes, blank = any adversary).
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Sequence
from functools import cache
from typing import cast

import numpy as np
import pandas as pd

from ..codes import STATE_SPELL_DAYS, Region, display_name
from ..errors import CoverageError
from ..reference import (
    FIRST_YEAR,
    LAST_YEAR,
    OBLIGATIONS,
    load_alliance_members,
    load_alliances,
    load_capabilities,
    load_rivalries,
    load_states,
)
from ._build import MEMBER_COLUMNS, YearTables
from ._dates import day_number, parse_when
from ._snapshot import UNCONDITIONAL, TieConditions

__all__ = ["SYSTEM_FIRST_YEAR", "ReferenceSource", "alliance_members", "system_members"]

SYSTEM_FIRST_YEAR = 1816

#: Spells of COW states2016 that end on 31 December of their end year (so the state is a
#: member at the end of that year). The reference states table carries years only; every
#: other spell in states2016 that ends before the data's last day ends during its year.
_ENDS_ON_31_DECEMBER = frozenset({(315, 1992)})  # Czechoslovakia, dissolved 1992-12-31


def _check_data(data: str) -> None:
    if data != "reference":
        raise ValueError(
            f"data={data!r} is not available here: this function reads the shipped reference "
            "data only (data='reference'); snapshot() also accepts data='store'"
        )


def _check_year(year: int, first: int = FIRST_YEAR) -> int:
    if isinstance(year, bool) or not isinstance(year, int | np.integer):
        raise TypeError(f"year must be an integer, got {year!r}")
    if not first <= int(year) <= LAST_YEAR:
        raise CoverageError(
            f"year {year} is outside the reference data, which covers {first}-{LAST_YEAR}"
        )
    return int(year)


def _member_at_year_end(start: pd.Series, end: pd.Series, ccode: pd.Series, year: int) -> pd.Series:
    """Whether each spell covers 31 December of ``year`` (years-only spells)."""
    end_f = end.fillna(LAST_YEAR + 1)  # an open spell runs past the data's last year
    dec31 = pd.Series(
        [(int(c), year) in _ENDS_ON_31_DECEMBER for c in ccode], index=ccode.index, dtype=bool
    )
    return (start <= year) & ((end_f > year) | ((end_f == year) & dec31))


def _iso_days(col: pd.Series | None, fallback: np.ndarray) -> np.ndarray:
    """Day numbers from an ISO date column, ``fallback`` where blank or absent."""
    if col is None:
        return fallback
    txt = col.fillna("").astype(str).str.strip()
    ok = txt.str.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
    num = pd.to_numeric(txt.str.replace("-", "", regex=False).where(ok), errors="coerce")
    return np.where(ok.to_numpy(), num.fillna(0).to_numpy(dtype=np.int64), fallback)


def _state_days(st: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """First and last day of each reference state spell (see the module docstring)."""
    start = st["start_year"].astype(int).to_numpy()
    end = st["end_year"].fillna(99_99).astype(int).to_numpy()
    lo = start * 10_000 + 101
    hi = np.where(st["end_year"].isna().to_numpy(), 99_991_231, end * 10_000 + 1231)
    for k, (c, y) in enumerate(zip(st["ccode"].astype(int), start.tolist(), strict=True)):
        known = STATE_SPELL_DAYS.get((int(c), int(y)))
        if known is not None:
            lo[k] = int(known[0].replace("-", ""))
            if known[1] is not None:
                hi[k] = int(known[1].replace("-", ""))
    lo = _iso_days(st.get("start_date", None), lo)
    hi = _iso_days(st.get("end_date", None), hi)
    return lo, hi


def _system_on(day: _dt.date) -> list[int]:
    st = load_states()
    lo, hi = _state_days(st)
    d = day_number(day)
    return sorted({int(c) for c in st.loc[(lo <= d) & (hi >= d), "ccode"]})


def _members_live(mem: pd.DataFrame, year: int, day: _dt.date | None) -> pd.Series:
    """Which membership rows are in force in ``year`` (or on ``day``)."""
    if day is None:
        return (mem["entry_year"] <= year) & (mem["exit_year"].fillna(LAST_YEAR) >= year)
    lo = _iso_days(
        mem.get("entry_date", None),
        mem["entry_year"].astype(int).to_numpy() * 10_000 + 101,
    )
    hi = _iso_days(
        mem.get("exit_date", None),
        mem["exit_year"].fillna(9999).astype(int).to_numpy() * 10_000 + 1231,
    )
    d = day_number(day)
    return pd.Series((lo <= d) & (hi >= d), index=mem.index)


def system_members(year: object, data: str = "reference") -> list[int]:
    """COW codes of the states in the state system at the end of ``year`` (COW v2016, to 2024).

    ``year`` may be a date (``"1990-10-03"`` or ``datetime.date``): the states whose spells
    cover that day (module docstring).

    A state counts in year Y when it is a system member on 31 December of Y: a state whose
    spell ends during Y (Germany 1945, the two German states 1990) is not counted in Y, a
    state that enters during Y is (Germany 1990). So a year never holds both a state and
    its successor. The same rule holds for store snapshots (which read the day-level dates
    of COW's states2016); the reference table has years only and knows the one states2016
    spell that ends on 31 December (Czechoslovakia, 1992).

    Examples
    --------
    >>> 255 in system_members(1914), 260 in system_members(1914), len(system_members(2024))
    (True, False, 195)
    >>> [c in system_members(1990) for c in (255, 260, 265)]
    [True, False, False]
    >>> [c in system_members("1990-10-02") for c in (255, 260, 265)]
    [False, True, True]
    """
    _check_data(data)
    year, day = _when(year)
    if day is not None:
        return _system_on(day)
    st = load_states()
    live = _member_at_year_end(st["start_year"], st["end_year"], st["ccode"], year)
    return sorted({int(c) for c in st.loc[live, "ccode"]})


def _when(when: object, first: int = SYSTEM_FIRST_YEAR) -> tuple[int, _dt.date | None]:
    """Year (checked against the coverage) and day of a year-or-date argument."""
    if isinstance(when, str | _dt.date):
        year, day = parse_when(when)
        _check_year(year, first)
        return year, day
    return _check_year(cast(int, when), first), None


def alliance_members(year: object, data: str = "reference") -> pd.DataFrame:
    """Members of every alliance in force in ``year``, one row per (alliance, member).

    Parameters
    ----------
    year : int, str or datetime.date
        A year in 1815-2024 (members in force some day of it), or a date
        (``"1914-07-28"``): members in force that day (module docstring).
    data : {"reference"}
        The shipped reference data (ATOP 5.1 obligations, extended to 2024).

    Returns
    -------
    DataFrame
        Columns ``alliance, name, ccode, defense, offense, neutrality, nonaggression,
        consultation, domain``; obligations are booleans, what the member promises.

    Raises
    ------
    CoverageError
        For a year outside 1815-2024.

    Examples
    --------
    >>> m = alliance_members(2024)
    >>> int((m["alliance"] == "nato").sum())
    32
    """
    _check_data(data)
    year, day = _when(year, FIRST_YEAR)
    al = load_alliances()
    mem = load_alliance_members()
    live_al = al[(al["start_year"] <= year) & (al["end_year"].fillna(LAST_YEAR) >= year)]
    live = mem[_members_live(mem, year, day)]
    out = live.merge(live_al[["alliance", "name", "domain"]], on="alliance", how="inner")
    out = out.drop_duplicates(["alliance", "ccode"])
    cols = ["alliance", "name", "ccode", *OBLIGATIONS, "domain"]
    out = out[cols].copy()
    out["ccode"] = out["ccode"].astype(int)
    for k in OBLIGATIONS:
        out[k] = out[k].astype(bool)
    return out.sort_values(["alliance", "ccode"]).reset_index(drop=True)


@cache
def _capabilities_by_state() -> dict[int, tuple[np.ndarray, np.ndarray, list[str]]]:
    """The reference capability rows with a CINC, split by state and sorted by year, as
    (years, cinc, cinc_kind) arrays (once per process: every snapshot reads them; one sort
    of the table, since a (ccode, year) has one row)."""
    cap = load_capabilities()
    cap = cap[cap["cinc"].notna()].sort_values(["ccode", "year"], kind="stable")
    codes = cap["ccode"].astype(int).to_numpy()
    years = cap["year"].astype(int).to_numpy()
    cinc = cap["cinc"].to_numpy(dtype=float)
    kinds = cap["cinc_kind"].tolist()
    cut = (np.flatnonzero(np.diff(codes)) + 1).tolist()
    return {
        int(codes[a]): (years[a:b], cinc[a:b], kinds[a:b])
        for a, b in zip([0, *cut], [*cut, len(codes)], strict=True)
        if b > a
    }


def _capabilities(year: int, ccodes: Sequence[int]) -> tuple[np.ndarray, list[str], list[str]]:
    """Capability index per state for ``year``: exact, interpolated, carried or missing."""
    values = np.full(len(ccodes), np.nan)
    kinds: list[str] = []
    notes: list[str] = []
    by_state = _capabilities_by_state()
    st = load_states()
    for i, c in enumerate(ccodes):
        g = by_state.get(int(c))
        if g is None:
            kinds.append("missing")
            continue
        years, cinc, ckind = g
        if year in years:
            k = int(np.nonzero(years == year)[0][0])
            values[i] = cinc[k]
            kinds.append("proxy" if ckind[k] == "proxy" else "benchmark")
            continue
        # limit to the state's system spell that contains `year`
        spells = st[st["ccode"] == c]
        spell = spells[
            (spells["start_year"] <= year) & (spells["end_year"].fillna(LAST_YEAR) >= year)
        ]
        lo_b, hi_b = SYSTEM_FIRST_YEAR, LAST_YEAR
        if len(spell):
            lo_b = int(spell["start_year"].astype(int).to_numpy()[0])
            hi_b = int(spell["end_year"].fillna(LAST_YEAR).astype(int).to_numpy()[0])
        inside = (years >= lo_b) & (years <= hi_b)
        before = np.nonzero(inside & (years < year))[0]
        after = np.nonzero(inside & (years > year))[0]
        if len(before) and len(after):
            a, b = before[-1], after[0]
            y0, y1, c0, c1 = years[a], years[b], cinc[a], cinc[b]
            t = (year - y0) / (y1 - y0)
            values[i] = c0 * (c1 / c0) ** t if c0 > 0 and c1 > 0 else c0 + t * (c1 - c0)
            kinds.append("interpolated")
        elif len(before) or len(after):
            k = before[-1] if len(before) else after[0]
            values[i] = cinc[k]
            kinds.append("carried")
            notes.append(f"{c}: capability carried from benchmark year {years[k]}")
        else:
            kinds.append("missing")
    missing = [str(c) for c, k in zip(ccodes, kinds, strict=True) if k == "missing"]
    if missing:
        notes.append(f"no capability data for state(s) {', '.join(missing)}")
    if "interpolated" in kinds:
        notes.append(f"capabilities for {year} interpolated log-linearly between benchmark years")
    return values, kinds, notes


def _parse_toward(value: object) -> frozenset[int] | None:
    if value is None or value is pd.NA or value == "":
        return None
    if isinstance(value, float) and np.isnan(value):
        return None
    return frozenset(int(x) for x in str(value).split())


def _against(value: object) -> TieConditions:
    """The conditions of a reference row's ``against`` column (blank: none)."""
    named = _parse_toward(value)
    if not named:
        return UNCONDITIONAL
    return TieConditions(defense_against=named, offense_against=named, neutral_against=named)


class ReferenceSource:
    """The reference tables of one year, for :func:`~alliancelab.snapshot._build.build`."""

    def tables(self, year: int, day: _dt.date | None = None) -> YearTables:
        """System members, alliance members (with ``toward`` and ``against``) and rivalries
        of ``year`` (or on ``day``)."""
        members = alliance_members(day.isoformat() if day is not None else year)
        mem = load_alliance_members()
        live = mem[_members_live(mem, year, day)]
        toward_of = {
            (str(a), int(c)): _parse_toward(t)
            for a, c, t in zip(live["alliance"], live["ccode"], live["toward"], strict=True)
        }
        against = live["against"] if "against" in live else pd.Series("", index=live.index)
        cond_of = {
            (str(a), int(c)): _against(t)
            for a, c, t in zip(live["alliance"], live["ccode"], against, strict=True)
        }
        al = load_alliances()
        start = dict(zip(al["alliance"], al["start_year"].astype(int), strict=True))
        members["start"] = members["alliance"].map(start)
        toward = [
            toward_of.get((str(a), int(c)))
            for a, c in zip(members["alliance"], members["ccode"], strict=True)
        ]
        members["toward"] = pd.Series(toward, index=members.index, dtype=object)
        members["conditions"] = pd.Series(
            [
                cond_of.get((str(a), int(c)), UNCONDITIONAL)
                for a, c in zip(members["alliance"], members["ccode"], strict=True)
            ],
            index=members.index,
            dtype=object,
        )
        rv = load_rivalries()
        live_r = rv[(rv["start_year"] <= year) & (rv["end_year"].fillna(LAST_YEAR) >= year)]
        pairs = live_r[["ccode1", "ccode2"]].to_numpy(dtype=np.int64)
        return YearTables(
            year=year,
            system=system_members(day.isoformat() if day is not None else year),
            members=members[list(MEMBER_COLUMNS)],
            rivalries=pairs,
            day=day,
        )

    def capabilities(
        self, year: int, ccodes: Sequence[int]
    ) -> tuple[np.ndarray, list[str], list[str]]:
        """Benchmark, proxy, interpolated or carried capability per state."""
        return _capabilities(year, ccodes)

    def state_names(
        self, year: int, ccodes: Sequence[int], day: _dt.date | None = None
    ) -> list[str]:
        """The states' names in ``year`` or on ``day`` (:func:`~alliancelab.codes.display_name`)."""
        st = load_states()
        name_of = dict(zip(st["ccode"].astype(int), st["name"], strict=False))
        when: object = day.isoformat() if day is not None else year
        return [display_name(c, when, str(name_of.get(c, c))) for c in ccodes]

    def region_years(self, reg: Region) -> list[int]:
        """Years in which ``reg`` has at least one state in the system."""
        st = load_states()
        years: set[int] = set()
        for _, row in st[st["ccode"].map(lambda c: reg.contains(int(c)))].iterrows():
            end = row["end_year"] if pd.notna(row["end_year"]) else LAST_YEAR
            years.update(range(int(row["start_year"]), int(end) + 1))
        return sorted(years)
