"""The one snapshot builder: year tables from a data source in, a frozen Snapshot out.

A data source (the shipped reference data, :mod:`._reference`, or a store of the official
COW/ATOP files, :mod:`._store`) only answers questions about one year: which states are
system members, which alliances are in force with which members and obligations, which
rivalries are ongoing, what each state's capability and name are. :func:`build` does the
rest the same way for every source: the region's states and their outside allies, the
per-alliance ties, the obligation tensor and domain layers
(:func:`~alliancelab.snapshot._snapshot.assemble_ties`), the rivalry matrix and the notes.

Rules the builder applies (for every source)
--------------------------------------------
* **System members** are the source's members of the year (the rule is the source's and
  the same in both: a state counts in year Y when it is a COW system member on 31 December
  of Y, see :func:`alliancelab.snapshot.system_members`).
* **Region**: the region's system members (``in_region`` True) plus every system member
  with a defense or offense obligation in a conventional or nuclear alliance that has a
  member in the region (``in_region`` False).
* **Alliances** in force with at least two members in the snapshot, oldest first (start
  year, then id). A member that promises some obligation owes it to every other member in
  the snapshot (or, where the source names them, only to the states it is ``toward``).
* **Conditions**: each tie carries the conditions of its member's obligations (the
  source's ``conditions`` column, a :class:`~._snapshot.TieConditions`; ATOP's are read
  by :func:`alliancelab.store.atop_conditions.member_conditions`).
* **Dates**: a source answers for a year (``day`` None: states at 31 December, alliance
  members in force some day of the year) or for one day (states and members whose spells
  cover that day); the builder does not care which.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Protocol

import numpy as np
import pandas as pd

from ..codes import Region, resolve_region
from ..errors import CoverageError
from ..reference import OBLIGATIONS
from ._snapshot import UNCONDITIONAL, Snapshot, TieConditions, assemble_ties

__all__ = ["MEMBER_COLUMNS", "Source", "YearTables", "build"]

_ALIGNING = ("defense", "offense")
_MILITARY = ("conventional", "nuclear")

#: Columns of :attr:`YearTables.members`, one row per (alliance, member) in force.
MEMBER_COLUMNS = (
    "alliance",
    "name",
    "start",
    "domain",
    "ccode",
    *OBLIGATIONS,
    "toward",
    "conditions",
)


@dataclass(frozen=True)
class YearTables:
    """What a data source knows about one year, as plain tables.

    Attributes
    ----------
    year : int
    system : list of int
        COW codes of the system members, ascending.
    members : DataFrame
        Columns :data:`MEMBER_COLUMNS`: alliance id, alliance name, start year (for
        ordering), domain, member ccode, one boolean per obligation the member promises,
        ``toward`` (a frozenset of the ccodes the obligations are owed to, or None
        for every other member) and ``conditions`` (a TieConditions, or None for none).
    rivalries : ndarray of int, shape (k, 2)
        Ongoing rival pairs.
    notes : tuple of str
        What the source does not cover in this year (shown before capability notes).
    day : datetime.date or None
        The day the tables are for (None: the year).
    """

    year: int
    system: list[int]
    members: pd.DataFrame
    rivalries: np.ndarray = field(default_factory=lambda: np.zeros((0, 2), dtype=np.int64))
    notes: tuple[str, ...] = ()
    day: _dt.date | None = None
    #: What the builder derives from these tables (their members as arrays), kept with
    #: them: a source that hands out the same tables for every region (a store) pays once.
    derived: dict[str, object] = field(default_factory=dict, init=False, repr=False, compare=False)


class Source(Protocol):
    """A data source the builder reads: the reference data or a store."""

    def tables(self, year: int, day: _dt.date | None = None) -> YearTables:
        """The year's (or day's) system members, alliance members, rivalries and notes."""
        ...

    def capabilities(
        self, year: int, ccodes: Sequence[int]
    ) -> tuple[np.ndarray, list[str], list[str]]:
        """Capability per state, its kind (benchmark, interpolated, ...) and notes."""
        ...

    def state_names(
        self, year: int, ccodes: Sequence[int], day: _dt.date | None = None
    ) -> list[str]:
        """The name each state had in ``year`` (or on ``day``)."""
        ...

    def region_years(self, reg: Region) -> list[int]:
        """Years in which ``reg`` has a state in the system (for error messages)."""
        ...


class _Members:
    """The columns of :attr:`YearTables.members` as numpy arrays, alliances numbered."""

    def __init__(self, members: pd.DataFrame) -> None:
        ids = members["alliance"].astype(str).to_numpy(dtype=object)
        self.uniq, first, self.inv = np.unique(ids, return_index=True, return_inverse=True)
        self.inv = self.inv.astype(np.int64)
        self.name = members["name"].astype(str).to_numpy(dtype=object)[first]
        self.start = members["start"].to_numpy(dtype=np.int64)[first]
        self.domain = members["domain"].astype(str).to_numpy(dtype=object)[first]
        self.ccode = members["ccode"].to_numpy(dtype=np.int64)
        self.flags = members[list(OBLIGATIONS)].to_numpy(dtype=bool).reshape(-1, len(OBLIGATIONS))
        self.toward = members["toward"].tolist()
        cond = members["conditions"].tolist() if "conditions" in members else []
        self.conditions: list[TieConditions] = [
            c if isinstance(c, TieConditions) else UNCONDITIONAL for c in cond
        ] or [UNCONDITIONAL] * len(self.ccode)
        # what some member of each alliance promises (every member in force, as ATOP codes)
        self.promised = np.zeros((len(self.uniq), len(OBLIGATIONS)), dtype=bool)
        np.logical_or.at(self.promised, self.inv, self.flags)


def _select(
    tables: YearTables, mem: _Members, reg: Region | None, source: Source
) -> tuple[list[int], set[int]]:
    """The snapshot's states (ascending) and the region's core among them."""
    system = tables.system
    if reg is None:
        return list(system), set(system)
    core = reg.select(system)
    if not core:
        covered = source.region_years(reg)
        raise CoverageError(
            f"region {reg.name!r} has no state in the system in {tables.year}"
            + (f"; it has states in {covered[0]}-{covered[-1]}" if covered else "")
        )
    mil = np.isin(mem.domain[mem.inv], _MILITARY)
    touched = np.unique(mem.inv[mil & np.isin(mem.ccode, core)])
    aligning = mem.flags[:, [OBLIGATIONS.index(k) for k in _ALIGNING]].any(axis=1)
    allied = mil & np.isin(mem.inv, touched) & aligning
    extra = set(mem.ccode[allied].tolist()) & set(system)
    return sorted(set(core) | extra), set(core)


def _ties(
    mem: _Members, pos: dict[int, int]
) -> tuple[
    np.ndarray,
    np.ndarray,
    np.ndarray,
    np.ndarray,
    np.ndarray,
    np.ndarray,
    tuple[TieConditions, ...],
]:
    """Alliances with two or more members in the snapshot and their ties.

    Returns the alliances kept (indices into ``mem.uniq``, oldest first), the membership
    matrix, and tie_alliance, tie_from, tie_to, tie_obligations, tie_conditions.
    """
    n = len(pos)
    p = np.array([pos.get(c, -1) for c in mem.ccode.tolist()], dtype=np.int64)
    inside = p >= 0
    counts = np.bincount(mem.inv[inside], minlength=len(mem.uniq))
    kept = sorted(np.nonzero(counts >= 2)[0].tolist(), key=lambda u: (mem.start[u], mem.uniq[u]))
    rank = np.full(len(mem.uniq), -1, dtype=np.int64)
    rank[kept] = np.arange(len(kept))
    rows = np.nonzero(inside & (rank[mem.inv] >= 0))[0]
    rows = rows[np.lexsort((mem.ccode[rows], rank[mem.inv[rows]]))]
    al = rank[mem.inv[rows]]
    col = p[rows]
    flags = mem.flags[rows]
    membership = np.zeros((len(kept), n), dtype=bool)
    membership[al, col] = True
    # every ordered pair (i, j) of rows of one alliance: rows are grouped by alliance
    size = np.bincount(al, minlength=len(kept))
    first = (np.cumsum(size) - size).astype(np.int64)
    reps = size[al]
    i = np.repeat(np.arange(len(al)), reps)
    block = (np.cumsum(reps) - reps).astype(np.int64)
    j = first[al][i] + (np.arange(len(i)) - np.repeat(block, reps))
    keep = (i != j) & flags[i].any(axis=1)
    toward = [mem.toward[r] for r in rows.tolist()]
    limited = np.array([t is not None for t in toward], dtype=bool)
    if limited.any():
        sel = np.nonzero(keep & limited[i])[0]
        ccode = mem.ccode[rows]
        ok = np.array([int(ccode[j[k]]) in toward[i[k]] for k in sel], dtype=bool)
        keep[sel[~ok]] = False
    i, j = i[keep], j[keep]
    cond = tuple(mem.conditions[r] for r in rows[i].tolist())
    return (
        np.array(kept, dtype=np.int64),
        membership,
        al[i],
        col[i],
        col[j],
        flags[i].reshape(len(i), len(OBLIGATIONS)),
        cond,
    )


def build(
    source: Source,
    year: int,
    region: str | Sequence[int] | Region | None,
    day: _dt.date | None = None,
) -> Snapshot:
    """The snapshot of ``year`` or ``day`` (and ``region``) from ``source``: the one builder.

    Parameters
    ----------
    source : Source
        Supplies the year's tables, capabilities and names.
    year : int
        Already validated against the source's coverage.
    region : str, sequence of int, Region or None
        None for the whole system.
    day : datetime.date, optional
        The day of a dated snapshot (in ``year``); None for the year.

    Raises
    ------
    CoverageError
        The region has no state in the system in ``year``.
    """
    tables = source.tables(year, day) if day is not None else source.tables(year)
    mem = tables.derived.get("members")
    if not isinstance(mem, _Members):
        mem = tables.derived["members"] = _Members(tables.members)
    reg = resolve_region(region) if region is not None else None
    ccodes, core = _select(tables, mem, reg, source)
    n = len(ccodes)
    pos = {c: i for i, c in enumerate(ccodes)}
    kept, membership, t_al, t_from, t_to, t_obl, t_cond = _ties(mem, pos)
    domains = tuple(str(d) for d in mem.domain[kept])
    obligations, layers = assemble_ties(n, t_al, t_from, t_to, t_obl, domains)
    riv = np.zeros((n, n), dtype=bool)
    for a, b in np.asarray(tables.rivalries, dtype=np.int64).reshape(-1, 2).tolist():
        if a in pos and b in pos:
            riv[pos[a], pos[b]] = riv[pos[b], pos[a]] = True
    cap, kinds, cap_notes = source.capabilities(year, ccodes)
    return Snapshot(
        year=year,
        region=reg.name if reg else None,
        ccodes=tuple(ccodes),
        names=tuple(
            source.state_names(year, ccodes, day) if day else source.state_names(year, ccodes)
        ),
        in_region=np.array([c in core for c in ccodes], dtype=bool),
        capability=cap,
        capability_kind=tuple(kinds),
        obligations=obligations,
        rivalry=riv,
        layers=layers,
        alliances=tuple(str(a) for a in mem.uniq[kept]),
        membership=membership,
        alliance_names=tuple(str(a) for a in mem.name[kept]),
        alliance_obligations=mem.promised[kept],
        alliance_domains=domains,
        tie_alliance=t_al,
        tie_from=t_from,
        tie_to=t_to,
        tie_obligations=t_obl,
        notes=(*tables.notes, *cap_notes),
        tie_conditions=t_cond,
        date=day,
        source=source,
    )
