"""A store of the official data as a snapshot source (``data="store"``).

Reads the COW State System Membership v2016 (``cow_states``: ``states``, ``system``), ATOP
5.1 members (``atop``: ``members``; Leeds et al. 2002), COW NMC v7.0 capabilities
(``cow_nmc``: ``nmc``; optional) and Thompson & Dreyer (2012) strategic rivalries
(``rivalries``: ``rivalries``; optional) from an alliancelab store, and hands one year's
tables to the one builder (:func:`~alliancelab.snapshot._build.build`).
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Sequence
from typing import TYPE_CHECKING, cast

import numpy as np
import pandas as pd

from ..codes import Region, display_name
from ..errors import CoverageError
from ..reference import OBLIGATIONS
from ..store.atop_conditions import CONDITION_COLUMNS, CONDITIONED, member_conditions
from ._build import MEMBER_COLUMNS, YearTables, build
from ._dates import day_number, parse_when, spell_days
from ._snapshot import UNCONDITIONAL, Snapshot, TieConditions

if TYPE_CHECKING:
    from ..store import Store

__all__ = ["StoreData", "alliance_label", "store_data"]

#: ATOP 5.1 obligation columns in the member file, in OBLIGATIONS order.
_ATOP_COLUMNS = ("defense", "offense", "neutral", "nonagg", "consul")
_STORE_CACHE: dict[tuple[str, tuple[tuple[str, ...], ...]], StoreData] = {}
#: ATOP member-file obligation column -> the condition type of atop_conditions.
_CONDITIONED_OBL = {"defense": "defense", "offense": "offense", "neutral": "neutral"}


def alliance_label(atopid: int, founders: Sequence[str], signed: int) -> str:
    """A readable name for an ATOP alliance the reference set does not name.

    The founding members' COW abbreviations (the first three and how many more) and the
    signature year, then the ATOP id, so the label stays traceable to ATOP 5.1.

    Examples
    --------
    >>> alliance_label(3375, ["USA", "JPN"], 1960)
    'USA-JPN 1960 (ATOP 3375)'
    >>> alliance_label(3180, ["USA", "CAN", "UKG", "NTH", "BEL"], 1949)
    'USA-CAN-UKG +2 1949 (ATOP 3180)'
    """
    head = "-".join(founders[:3])
    more = f" +{len(founders) - 3}" if len(founders) > 3 else ""
    return f"{head}{more} {int(signed)} (ATOP {int(atopid)})"


def store_data(store: object | None = None) -> StoreData:
    """The official data of a store, loaded once and ready to build snapshots.

    Reads the COW state system (``cow_states``: ``system``, ``states``), ATOP 5.1 members
    (``atop``: ``members``), COW NMC capabilities (``cow_nmc``: ``nmc``; optional) and
    Thompson & Dreyer strategic rivalries (``rivalries``: ``rivalries``; optional). The
    result is cached per store file and import state.

    Parameters
    ----------
    store : Store, str or Path, optional
        Default: the default store (``ALLIANCELAB_HOME``).

    Raises
    ------
    CoverageError
        The store lacks the state system or ATOP; the message says what to import.
    """
    from ..store import Store as _Store

    st = store if isinstance(store, _Store) else _Store(store if store is None else str(store))
    imports = st.imports()
    key = (
        str(st.path.resolve()),
        tuple(
            tuple(str(v) for v in row)
            for row in imports[["source", "version", "imported_at"]].itertuples(index=False)
        ),
    )
    cached = _STORE_CACHE.get(key)
    if cached is None:
        cached = StoreData(st)
        _STORE_CACHE.clear()
        _STORE_CACHE[key] = cached
    return cached


def _year_end_system(states: pd.DataFrame) -> dict[int, np.ndarray]:
    """System members on 31 December of each year, from COW states2016's day-level spells.

    A spell covers 31 December of Y when it starts on or before that day and ends on or
    after it: the German Federal Republic (to 1990-10-02) is out in 1990, Germany (from
    1990-10-03) in; Czechoslovakia (to 1992-12-31) is in in 1992.
    """
    st = states.dropna(subset=["ccode", "styear", "endyear"])
    start = st["styear"].astype(int).to_numpy()
    end = st["endyear"].astype(int).to_numpy()
    end_md = (
        pd.to_numeric(st["endmonth"], errors="coerce").fillna(12).astype(int).to_numpy() * 100
        + pd.to_numeric(st["endday"], errors="coerce").fillna(31).astype(int).to_numpy()
    )
    last = np.where(end_md >= 1231, end, end - 1)  # last year whose 31 December is covered
    codes = st["ccode"].astype(int).to_numpy()
    out: dict[int, set[int]] = {}
    for c, lo, hi in zip(codes.tolist(), start.tolist(), last.tolist(), strict=True):
        for y in range(lo, hi + 1):
            out.setdefault(y, set()).add(c)
    return {y: np.array(sorted(s), dtype=np.int64) for y, s in out.items()}


class StoreData:
    """Official data read from a store: a snapshot source with fast per-year tables.

    Rules (the same as for the reference data where both have the information):

    * **System members** of year Y are the states that are COW system members on 31
      December of Y, from the day-level spells of the ``states`` table (without it, COW's
      yearly ``system`` table, which lists every state that was a member on any day of
      the year; a note says so). Coverage is the ``system`` table's years.
    * **Obligations** follow the ATOP 5.1 member file: a member that promises obligation k
      in an alliance (``defense``, ``offense``, ``neutral``, ``nonagg``, ``consul`` = 1;
      phases of one member in force in the same year are combined) owes it to every other
      member of that alliance in the snapshot in the same year (``yrent <= year <=
      yrexit``; ``yrexit`` 0 or missing = still in force at the end of the data). On a
      date, a member counts when its spell (``yrent/moent/dayent`` to
      ``yrexit/moexit/dayexit``; a missing month or day covers the whole year or month)
      covers that day, and the state system is the ``states`` spells covering the day.
    * **Conditions**: each member's obligations carry the ATOP member-level conditions
      read by :func:`alliancelab.store.atop_conditions.member_conditions` (specific
      adversary from ``defcoadv``/``offcoadv``/``neucoadv`` with ``statthr1``/
      ``statthr2``; non-provocation ``defconpr``; defence location ``defcoloc``, read by
      :meth:`~._snapshot.TieConditions.defense_applies`; the other location, conflict,
      number and demand flags kept as unevaluated). Phases in force together: an
      obligation is limited only if every phase carrying it is (to the union of their
      adversaries; non-provocation and location likewise).
      Partner-specific asymmetries are not modelled. All ATOP alliances
      count as ``conventional`` (ATOP codes no domain) and are ordered by their first
      ``yrent``. **Names** (:func:`alliance_label`; ATOP 5.1 has no name field): the
      reference set's name where ``alliances.csv`` carries the ATOP id (``NATO``);
      otherwise one built from the founding members (COW abbreviations of the states
      whose spell starts on the alliance's first day, in COW order) and the signature
      year (``begyr`` of the alliance file, else the first ``yrent``), with the id:
      ``"USA-JPN 1960 (ATOP 3375)"``, ``"USA-CAN-UKG +9 1949 (ATOP 3180)"``.
    * **Capability** is NMC ``cinc`` of the year (NaN, marked ``missing``, outside NMC
      coverage); **rivalries** are Thompson & Dreyer's, known up to their last year
      (2010): after it the rivalry matrix is empty and a note says so.
    * **Names** are the name a state had in the year
      (:func:`alliancelab.codes.display_name`: 345 is Serbia in 1914, Yugoslavia in 1950),
      else COW's ``statenme``.

    Attributes
    ----------
    coverage : dict
        ``(first, last)`` year per component: ``system``, ``alliances``,
        ``capability``, ``rivalries`` (None when the source is not in the store).
    """

    def __init__(self, store: object) -> None:
        from ..store import Store as _Store

        if not isinstance(store, _Store):
            raise TypeError("store must be an alliancelab Store")
        self.store = store
        for source, table in (("cow_states", "system"), ("atop", "members")):
            if not store.has(source):
                raise CoverageError(
                    f"the store at {store.path} has no {source!r} data ({table} table); "
                    f"import it with `alliancelab data import {source.replace('_', '-')} "
                    "PATH...`"
                )
        self._read_system(store)
        self._read_members(store)
        self._read_capabilities(store)
        self._read_rivalries(store)

    def _read_system(self, store: Store) -> None:
        system = store.read("cow_states", "system", columns=["ccode", "year"]).dropna()
        yearly: dict[int, np.ndarray] = {
            int(cast(int, y)): np.sort(g["ccode"].astype(int).unique())
            for y, g in system.groupby("year")
        }
        years = sorted(yearly)
        self.coverage: dict[str, tuple[int, int] | None] = {"system": (years[0], years[-1])}
        self.names: dict[int, str] = {}
        self._system_note: tuple[str, ...] = ()
        try:
            st = store.read("cow_states", "states")
        except CoverageError:
            st = None
        self._spells: tuple[np.ndarray, np.ndarray, np.ndarray] | None = None
        self._abbr: dict[int, str] = {}
        if st is not None and "stateabb" in st.columns:
            self._abbr = {int(c): str(a) for c, a in zip(st["ccode"], st["stateabb"], strict=True)}
        if st is not None and {"endmonth", "endday"} <= set(st.columns):
            self.names = {int(c): str(n) for c, n in zip(st["ccode"], st["statenme"], strict=True)}
            sp = st.dropna(subset=["ccode", "styear", "endyear"])
            self._spells = (
                sp["ccode"].astype(int).to_numpy(),
                spell_days(sp["styear"], sp.get("stmonth"), sp.get("stday"), end=False),
                spell_days(sp["endyear"], sp.get("endmonth"), sp.get("endday"), end=True),
            )
            by_end = _year_end_system(st)
            empty = np.zeros(0, dtype=np.int64)
            self._system = {y: by_end.get(y, empty) for y in years}
        else:
            self._system = yearly
            self._system_note = (
                "system: COW states table not in the store; members of any day of the year "
                "counted (import states2016 for the 31 December rule)",
            )

    def _read_members(self, store: Store) -> None:
        mem = store.read("atop", "members")
        mem = mem.dropna(subset=["atopid", "member", "yrent"]).reset_index(drop=True)
        last = int(np.nanmax(mem[["yrent", "yrexit"]].to_numpy(dtype=float)))
        yrexit = pd.to_numeric(mem["yrexit"], errors="coerce").fillna(0)
        self._m_id = mem["atopid"].astype(int).to_numpy()
        self._m_state = mem["member"].astype(int).to_numpy()
        self._m_start = mem["yrent"].astype(int).to_numpy()
        self._m_end = np.where(yrexit.to_numpy() <= 0, last, yrexit.to_numpy()).astype(int)
        open_ = yrexit.to_numpy() <= 0
        self._m_day0 = spell_days(mem["yrent"], mem.get("moent"), mem.get("dayent"), end=False)
        self._m_day1 = np.where(
            open_,
            99_991_231,
            spell_days(mem["yrexit"], mem.get("moexit"), mem.get("dayexit"), end=True),
        )
        self._m_cond = _row_conditions(mem)
        self._m_obl = np.stack(
            [
                pd.to_numeric(mem[c], errors="coerce").fillna(0).to_numpy() > 0
                for c in _ATOP_COLUMNS
            ],
            axis=1,
        )
        first = pd.Series(self._m_start).groupby(self._m_id).min()
        self._a_start: dict[int, int] = dict(
            zip(first.index.astype(int).tolist(), first.astype(int).tolist(), strict=True)
        )
        self.coverage["alliances"] = (int(self._m_start.min()), last)
        self._a_name = self._alliance_names(store)

    def _alliance_names(self, store: Store) -> dict[int, str]:
        """Name per ATOP id: the reference set's, else founders and signature year."""
        from ..reference import load_alliances, load_states

        ref = load_alliances().dropna(subset=["atopid"])
        named = {int(a): str(n) for a, n in zip(ref["atopid"], ref["name"], strict=True)}
        signed: dict[int, int] = {}
        if store.has("atop"):
            try:
                al = store.read("atop", "alliances", columns=["atopid", "begyr"]).dropna()
                signed = dict(zip(al["atopid"].astype(int), al["begyr"].astype(int), strict=False))
            except CoverageError:
                signed = {}
        ref_abb = load_states()
        abbr = {
            **dict(
                zip(ref_abb["ccode"].astype(int), ref_abb["stateabb"].astype(str), strict=False)
            ),
            **self._abbr,
        }
        day0 = pd.DataFrame({"id": self._m_id, "state": self._m_state, "d": self._m_day0})
        first_day = day0.groupby("id")["d"].transform("min")
        founders = day0[day0["d"] == first_day].groupby("id")["state"].unique()
        out: dict[int, str] = {}
        for aid, states in founders.items():
            a = int(cast(int, aid))
            if a in named:
                out[a] = named[a]
                continue
            codes = sorted({int(c) for c in states})
            out[a] = alliance_label(
                a, [abbr.get(c, str(c)) for c in codes], signed.get(a, self._a_start[a])
            )
        return out

    def _read_capabilities(self, store: Store) -> None:
        self._cap: dict[int, dict[int, float]] = {}
        self.coverage["capability"] = None
        if store.has("cow_nmc"):
            nmc = store.read("cow_nmc", "nmc", columns=["ccode", "year", "cinc"])
            nmc = nmc.dropna(subset=["ccode", "year"])
            for y, g in nmc.groupby("year"):
                self._cap[int(cast(int, y))] = dict(
                    zip(g["ccode"].astype(int), g["cinc"].astype(float), strict=True)
                )
            self.coverage["capability"] = (min(self._cap), max(self._cap))

    def _read_rivalries(self, store: Store) -> None:
        self.coverage["rivalries"] = None
        self._riv = np.zeros((0, 4), dtype=np.int64)
        if store.has("rivalries"):
            rv = store.read(
                "rivalries", "rivalries", columns=["ccode1", "ccode2", "styear", "endyear"]
            )
            rv = rv.dropna()
            self._riv = rv.astype(int).to_numpy()
            self.coverage["rivalries"] = (int(rv["styear"].min()), int(rv["endyear"].max()))

    def member_entries(self, atopid: int, ccode: int) -> list[_dt.date]:
        """The first days of a state's ATOP member spells in an alliance, oldest first.

        ATOP 5.1's ``yrent/moent/dayent`` (a missing month or day: the first of the year or
        month). ATOP dates an accession to the signature of its protocol (Greece and Turkey
        in NATO: 22 October 1951, in force 18 February 1952).
        """
        sel = (self._m_id == int(atopid)) & (self._m_state == int(ccode))
        days = sorted({int(d) for d in self._m_day0[sel]})
        return [_dt.date(d // 10_000, d // 100 % 100, d % 100) for d in days]

    def system(self, year: int, day: _dt.date | None = None) -> np.ndarray:
        """COW codes of the system members at the end of ``year`` or on ``day``."""
        if day is not None and self._spells is not None:
            codes, lo, hi = self._spells
            d = day_number(day)
            return np.unique(codes[(lo <= d) & (hi >= d)]).astype(np.int64)
        return self._system.get(int(year), np.zeros(0, dtype=np.int64))

    def tables(self, year: int, day: _dt.date | None = None) -> YearTables:
        """System members, ATOP members in force and ongoing rivalries of ``year`` (or on
        ``day``: members whose spells cover it).

        A year's tables are computed once and shared by every region's snapshot of the
        year (a panel of five regions asks five times); dated tables are not kept.
        """
        if day is not None:
            return self._tables(year, day)
        memo: dict[int, YearTables] = self.__dict__.setdefault("_year_tables", {})
        if year not in memo:
            memo[year] = self._tables(year, None)
        return memo[year]

    def _tables(self, year: int, day: _dt.date | None) -> YearTables:
        if day is None:
            live = (self._m_start <= year) & (self._m_end >= year)
        else:
            d = day_number(day)
            live = (self._m_day0 <= d) & (self._m_day1 >= d)
        ids, states = self._m_id[live], self._m_state[live]
        # phases of one member in force in the same year: what any of them promises
        key = ids * 100_000 + states
        uk, first, inv = np.unique(key, return_index=True, return_inverse=True)
        obl = np.zeros((len(uk), len(OBLIGATIONS)), dtype=bool)
        np.logical_or.at(obl, inv, self._m_obl[live])
        aid = ids[first]
        conds = _combine_phases(inv, len(uk), self._m_obl[live], self._m_cond, np.nonzero(live)[0])
        frame = pd.DataFrame(
            {
                "alliance": [f"atop{a}" for a in aid.tolist()],
                "name": [self._a_name[a] for a in aid.tolist()],
                "start": [self._a_start[a] for a in aid.tolist()],
                "domain": "conventional",
                "ccode": states[first],
                **{k: obl[:, t] for t, k in enumerate(OBLIGATIONS)},
                "toward": None,
                "conditions": pd.Series(conds, dtype=object),
            }
        )
        notes: list[str] = list(self._system_note)
        pairs = np.zeros((0, 2), dtype=np.int64)
        cov_r = self.coverage["rivalries"]
        if cov_r is None:
            notes.append("rivalries: not in the store (import `rivalries`); rivalry matrix empty")
        elif year > cov_r[1]:
            notes.append(
                f"rivalries: Thompson & Dreyer data end in {cov_r[1]}; rivalries in {year} "
                "unknown, rivalry matrix empty"
            )
        else:
            r = self._riv
            pairs = r[(r[:, 2] <= year) & (r[:, 3] >= year), :2]
        if day is not None and self._spells is None:
            notes.append(
                "system: COW states table not in the store; the state system of the year's "
                "end is used for the date"
            )
        return YearTables(
            year=year,
            system=self.system(year, day).tolist(),
            members=frame[list(MEMBER_COLUMNS)],
            rivalries=pairs,
            notes=tuple(notes),
            day=day,
        )

    def capabilities(
        self, year: int, ccodes: Sequence[int]
    ) -> tuple[np.ndarray, list[str], list[str]]:
        """NMC ``cinc`` of ``year`` per state (``benchmark``), NaN and ``missing`` elsewhere."""
        caps = self._cap.get(year)
        if caps is None:
            cov_c = self.coverage["capability"]
            note = (
                "capability: COW NMC not in the store"
                if cov_c is None
                else f"capability: COW NMC covers {cov_c[0]}-{cov_c[1]}, not {year}"
            )
            return np.full(len(ccodes), np.nan), ["missing"] * len(ccodes), [note]
        cap = np.array([caps.get(c, np.nan) for c in ccodes], dtype=float)
        kinds = ["missing" if np.isnan(v) else "benchmark" for v in cap]
        miss = [str(c) for c, v in zip(ccodes, cap, strict=True) if np.isnan(v)]
        notes = [f"no capability data for state(s) {', '.join(miss)}"] if miss else []
        return cap, kinds, notes

    def state_names(
        self, year: int, ccodes: Sequence[int], day: _dt.date | None = None
    ) -> list[str]:
        """The states' names in ``year`` or on ``day`` (else COW's ``statenme``)."""
        when: object = day.isoformat() if day is not None else year
        return [display_name(c, when, self.names.get(int(c), f"State {c}")) for c in ccodes]

    def region_years(self, reg: Region) -> list[int]:
        """Years in which ``reg`` has at least one state in the store's system."""
        memo: dict[Region, list[int]] = self.__dict__.setdefault("_region_years", {})
        if reg not in memo:  # once per region (a panel asks for every uncovered year)
            memo[reg] = sorted(y for y, s in self._system.items() if reg.select(s.tolist()))
        return list(memo[reg])

    def snapshot(
        self, year: object, region: str | Sequence[int] | Region | None = None
    ) -> Snapshot:
        """The snapshot of ``year`` (an int, or a date: that day) and ``region``.

        Raises
        ------
        CoverageError
            Outside the state system's coverage, or no state of the region in the system.
        ParameterError
            A string that is not a ``YYYY-MM-DD`` date.
        """
        if isinstance(year, bool) or not isinstance(year, int | np.integer | str | _dt.date):
            raise TypeError(f"year must be an integer or a date, got {year!r}")
        year, day = parse_when(year)
        first, last = cast(tuple[int, int], self.coverage["system"])
        if not first <= year <= last:
            raise CoverageError(
                f"year {year} is outside the store's COW state system, which covers {first}-{last}"
            )
        return build(self, year, region, day)


def _row_conditions(mem: pd.DataFrame) -> list[TieConditions]:
    """One :class:`TieConditions` per ATOP member row (identical ones shared)."""
    have = [c for c in CONDITION_COLUMNS if c in mem.columns]
    cond = member_conditions(mem[have])
    flags = [c for c in cond.columns if not c.endswith(("_against", "_nonprovocation"))]
    fl = cond[flags].to_numpy(dtype=bool)
    cache: dict[tuple[object, ...], TieConditions] = {
        (None, None, None, False, frozenset(), False): UNCONDITIONAL
    }
    out: list[TieConditions] = []
    cols = [cond[f"{k}_against"].tolist() for k in CONDITIONED]
    npr = cond["defense_nonprovocation"].to_numpy(dtype=bool).tolist()
    loc = cond["defense_location"].to_numpy(dtype=bool).tolist()
    for r in range(len(cond)):
        unev = frozenset(
            f for f, on in zip(flags, fl[r].tolist(), strict=True) if on and f != "defense_location"
        )
        key = (cols[0][r], cols[1][r], cols[2][r], npr[r], unev, loc[r])
        if key not in cache:
            cache[key] = TieConditions(
                defense_against=cols[0][r],
                offense_against=cols[1][r],
                neutral_against=cols[2][r],
                defense_nonprovocation=npr[r],
                defense_location=loc[r],
                unevaluated=unev,
            )
        out.append(cache[key])
    return out


def _combine_phases(
    inv: np.ndarray, n: int, obl: np.ndarray, conds: list[TieConditions], rows: np.ndarray
) -> list[TieConditions]:
    """The conditions of each (alliance, member) from its phases in force (``inv`` groups
    the live rows ``rows``): an obligation type is limited only when every phase carrying
    it is, to the union of their adversaries; non-provocation and location hold when they
    hold in every defence phase; unevaluated flags are united."""
    out: list[TieConditions] = [UNCONDITIONAL] * n
    groups: dict[int, list[int]] = {}
    for k, g in enumerate(inv.tolist()):
        groups.setdefault(g, []).append(k)
    col = {k: _ATOP_COLUMNS.index(k) for k in _CONDITIONED_OBL}
    for g, ks in groups.items():
        cs = [conds[int(rows[k])] for k in ks]
        if len(cs) == 1:
            out[g] = cs[0]
            continue
        against: dict[str, frozenset[int] | None] = {}
        for atop_col, kind in _CONDITIONED_OBL.items():
            sets = [getattr(c, f"{kind}_against") for c, k in zip(cs, ks, strict=True)
                    if obl[k, col[atop_col]]]  # fmt: skip
            if not sets or any(x is None for x in sets):
                against[kind] = None
            else:
                against[kind] = frozenset().union(*[x for x in sets if x is not None])
        dphases = [c for c, k in zip(cs, ks, strict=True) if obl[k, col["defense"]]]
        out[g] = TieConditions(
            defense_against=against["defense"],
            offense_against=against["offense"],
            neutral_against=against["neutral"],
            defense_nonprovocation=bool(dphases) and all(c.defense_nonprovocation for c in dphases),
            defense_location=bool(dphases) and all(c.defense_location for c in dphases),
            unevaluated=frozenset().union(*[c.unevaluated for c in cs]),
        )
    return out
