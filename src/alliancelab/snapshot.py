"""Frozen one-year views of the alliance system: :class:`Snapshot` and its builders.

A snapshot holds, for one year and optionally one region, the states (ordered by COW
code), their capability index, a directional obligation tensor (state x state x ATOP
obligation type), the rivalry matrix and one adjacency matrix per alliance domain
(conventional, nuclear, cyber, non_traditional). Everything in ``measures`` and
``models`` takes a Snapshot; scenario edits return new ones.

Capabilities come from the reference table at benchmark years (COW NMC v7.0; a SIPRI-
based proxy for 2024). Between benchmarks the index is interpolated log-linearly,
``c(y) = c0 * (c1 / c0) ** ((y - y0) / (y1 - y0))``, and marked ``interpolated``; a state
with data on only one side of the year (it entered or left the system in between) carries
its nearest benchmark value, marked ``carried``. Alliances and rivalries are exact for
every year: a member counts in year Y when ``entry_year <= Y <= exit_year``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import cast

import numpy as np
import pandas as pd

from .codes import Region, ccode_to_name, display_name, resolve_region
from .errors import CoverageError, UnknownStateError
from .reference import (
    DOMAINS,
    FIRST_YEAR,
    LAST_YEAR,
    OBLIGATIONS,
    load_alliance_members,
    load_alliances,
    load_capabilities,
    load_rivalries,
    load_states,
)

__all__ = [
    "Snapshot",
    "alliance_members",
    "assemble_ties",
    "snapshot",
    "snapshot_from_ties",
    "store_data",
    "system_members",
]

SYSTEM_FIRST_YEAR = 1816
_ALIGNING = ("defense", "offense")


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


def _frozen(a: np.ndarray) -> np.ndarray:
    a = np.array(a, copy=True)
    a.setflags(write=False)
    return a


@dataclass(frozen=True, eq=False)
class Snapshot:
    """The alliance system of one year (and optionally one region), as immutable arrays.

    Attributes
    ----------
    year : int
    region : str or None
        Region name; ``None`` for the whole system or a hypothetical one.
    ccodes : tuple of int
        The states, in ascending COW code order; index ``i`` in every array is ``ccodes[i]``.
    names : tuple of str
    in_region : ndarray of bool, shape (n,)
        False for states outside the region that are in the snapshot because they are
        allied (defense or offense) to a state inside it.
    capability : ndarray of float, shape (n,)
        Capability index (CINC or its proxy); NaN where unknown.
    capability_kind : tuple of str
        Per state: ``benchmark``, ``proxy``, ``interpolated``, ``carried``, ``missing``
        or ``given`` (hypothetical systems).
    obligations : ndarray of bool, shape (n, n, 5)
        ``obligations[i, j, k]``: state i owes obligation ``OBLIGATIONS[k]`` to state j,
        in conventional or nuclear alliances.
    rivalry : ndarray of bool, shape (n, n)
        Symmetric; True for an ongoing strategic rivalry.
    layers : mapping of str to ndarray of bool, shape (n, n)
        Per alliance domain, whether i owes j any obligation in an alliance of that domain.
    alliances : tuple of str
        Ids of the alliances in force with at least two members in the snapshot, oldest
        first (by start year, then id).
    membership : ndarray of bool, shape (len(alliances), n)
    alliance_names : tuple of str
    alliance_obligations : ndarray of bool, shape (len(alliances), 5)
        Which obligation types some member of each alliance promises.
    alliance_domains : tuple of str
    tie_alliance, tie_from, tie_to : ndarray of int, shape (m,)
        The ties behind ``obligations`` and ``layers``, one per (alliance, i, j): the
        alliance's index in ``alliances`` (-1 for a hypothetical tie) and the state
        indices; :func:`assemble_ties` rebuilds the tensor and layers from them, which is
        how scenario edits (join, leave, dissolve, create) make new snapshots.
    tie_obligations : ndarray of bool, shape (m, 5)
    notes : tuple of str
        What was interpolated, carried or missing.
    """

    year: int
    region: str | None
    ccodes: tuple[int, ...]
    names: tuple[str, ...]
    in_region: np.ndarray
    capability: np.ndarray
    capability_kind: tuple[str, ...]
    obligations: np.ndarray
    rivalry: np.ndarray
    layers: Mapping[str, np.ndarray]
    alliances: tuple[str, ...] = ()
    membership: np.ndarray = field(default_factory=lambda: np.zeros((0, 0), dtype=bool))
    alliance_names: tuple[str, ...] = ()
    alliance_obligations: np.ndarray = field(
        default_factory=lambda: np.zeros((0, len(OBLIGATIONS)), dtype=bool)
    )
    alliance_domains: tuple[str, ...] = ()
    tie_alliance: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    tie_from: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    tie_to: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    tie_obligations: np.ndarray = field(
        default_factory=lambda: np.zeros((0, len(OBLIGATIONS)), dtype=bool)
    )
    notes: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        n = len(self.ccodes)
        if len(set(self.ccodes)) != n:
            raise ValueError("duplicate state codes in snapshot")
        shapes = {
            "names": (len(self.names), n),
            "in_region": (self.in_region.shape, (n,)),
            "capability": (self.capability.shape, (n,)),
            "capability_kind": (len(self.capability_kind), n),
            "obligations": (self.obligations.shape, (n, n, len(OBLIGATIONS))),
            "rivalry": (self.rivalry.shape, (n, n)),
            "membership": (self.membership.shape, (len(self.alliances), n)),
            "alliance_names": (len(self.alliance_names), len(self.alliances)),
            "alliance_obligations": (
                self.alliance_obligations.shape,
                (len(self.alliances), len(OBLIGATIONS)),
            ),
            "alliance_domains": (len(self.alliance_domains), len(self.alliances)),
            "tie_from": (self.tie_from.shape, self.tie_alliance.shape),
            "tie_to": (self.tie_to.shape, self.tie_alliance.shape),
            "tie_obligations": (
                self.tie_obligations.shape,
                (len(self.tie_alliance), len(OBLIGATIONS)),
            ),
        }
        for what, (got, want) in shapes.items():
            if got != want:
                raise ValueError(f"snapshot {what} has shape {got}, expected {want}")
        for name in (
            "in_region",
            "capability",
            "obligations",
            "rivalry",
            "membership",
            "alliance_obligations",
            "tie_alliance",
            "tie_from",
            "tie_to",
            "tie_obligations",
        ):
            object.__setattr__(self, name, _frozen(getattr(self, name)))
        object.__setattr__(self, "layers", {k: _frozen(v) for k, v in dict(self.layers).items()})

    @property
    def n(self) -> int:
        """Number of states."""
        return len(self.ccodes)

    def index(self, ccode: int) -> int:
        """Position of ``ccode`` in the arrays; raises UnknownStateError if absent."""
        try:
            return self.ccodes.index(int(ccode))
        except ValueError:
            raise UnknownStateError(
                f"state {ccode} is not in the {self.year} snapshot"
                + (f" of {self.region}" if self.region else "")
            ) from None

    def obligation(self, kind: str) -> np.ndarray:
        """The (n, n) boolean matrix of one obligation type (``defense``, ...)."""
        if kind not in OBLIGATIONS:
            raise ValueError(f"unknown obligation {kind!r}; use one of {OBLIGATIONS}")
        return self.obligations[:, :, OBLIGATIONS.index(kind)]

    def states(self) -> pd.DataFrame:
        """One row per state: ccode, name, in_region, capability, capability_kind."""
        return pd.DataFrame(
            {
                "ccode": list(self.ccodes),
                "name": list(self.names),
                "in_region": self.in_region.tolist(),
                "capability": self.capability.tolist(),
                "capability_kind": list(self.capability_kind),
            }
        )

    def to_networkx(self):  # type: ignore[no-untyped-def]
        """A ``networkx.DiGraph``: nodes carry name, capability, in_region; an edge i -> j
        exists where i owes j any obligation and carries one boolean per obligation type
        plus ``domains``; ``graph["rivalries"]`` lists the rival pairs.

        Examples
        --------
        >>> s = snapshot_from_ties(2000, {2: 0.2, 20: 0.02}, [(2, 20, "defense")])
        >>> g = s.to_networkx()
        >>> g.edges[2, 20]["defense"], g.has_edge(20, 2)
        (True, False)
        """
        import networkx as nx

        g = nx.DiGraph(year=self.year, region=self.region)
        for i, c in enumerate(self.ccodes):
            g.add_node(
                c,
                name=self.names[i],
                capability=float(self.capability[i]),
                in_region=bool(self.in_region[i]),
            )
        any_tie = self.obligations.any(axis=2)
        for layer in self.layers.values():
            any_tie = any_tie | layer
        for i, j in zip(*np.nonzero(any_tie), strict=True):
            attrs: dict[str, object] = {
                k: bool(self.obligations[i, j, t]) for t, k in enumerate(OBLIGATIONS)
            }
            attrs["domains"] = [d for d, m in self.layers.items() if m[i, j]]
            g.add_edge(self.ccodes[i], self.ccodes[j], **attrs)
        ri, rj = np.nonzero(np.triu(self.rivalry, 1))
        g.graph["rivalries"] = [
            (self.ccodes[i], self.ccodes[j]) for i, j in zip(ri, rj, strict=True)
        ]
        return g


def assemble_ties(
    n: int,
    tie_alliance: np.ndarray,
    tie_from: np.ndarray,
    tie_to: np.ndarray,
    tie_obligations: np.ndarray,
    alliance_domains: tuple[str, ...],
) -> tuple[np.ndarray, dict[str, np.ndarray]]:
    """The obligation tensor and the domain layers implied by a list of ties.

    Ties of conventional and nuclear alliances (and hypothetical ties, alliance -1) fill
    the (n, n, 5) tensor; every tie with some obligation marks its domain's layer.
    """
    obligations = np.zeros((n, n, len(OBLIGATIONS)), dtype=bool)
    layers = {d: np.zeros((n, n), dtype=bool) for d in DOMAINS}
    doms = np.array([*alliance_domains, "conventional"])  # index -1 -> conventional
    tie_dom = doms[tie_alliance] if len(tie_alliance) else np.zeros(0, dtype=str)
    mil = np.isin(tie_dom, ("conventional", "nuclear"))
    np.logical_or.at(obligations, (tie_from[mil], tie_to[mil]), tie_obligations[mil])
    some = tie_obligations.any(axis=1)
    for d in DOMAINS:
        sel = some & (tie_dom == d)
        layers[d][tie_from[sel], tie_to[sel]] = True
    return obligations, layers


def system_members(year: int, data: str = "reference") -> list[int]:
    """COW codes of the states in the state system in ``year`` (COW v2016, to 2024).

    Examples
    --------
    >>> 255 in system_members(1914), 260 in system_members(1914), len(system_members(2024))
    (True, False, 195)
    """
    _check_data(data)
    year = _check_year(year, SYSTEM_FIRST_YEAR)
    st = load_states()
    live = (st["start_year"] <= year) & (st["end_year"].fillna(LAST_YEAR) >= year)
    return sorted({int(c) for c in st.loc[live, "ccode"]})


def alliance_members(year: int, data: str = "reference") -> pd.DataFrame:
    """Members of every alliance in force in ``year``, one row per (alliance, member).

    Parameters
    ----------
    year : int
        A year in 1815-2024.
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
    year = _check_year(year)
    al = load_alliances()
    mem = load_alliance_members()
    live_al = al[(al["start_year"] <= year) & (al["end_year"].fillna(LAST_YEAR) >= year)]
    live = mem[(mem["entry_year"] <= year) & (mem["exit_year"].fillna(LAST_YEAR) >= year)]
    out = live.merge(live_al[["alliance", "name", "domain"]], on="alliance", how="inner")
    out = out.drop_duplicates(["alliance", "ccode"])
    cols = ["alliance", "name", "ccode", *OBLIGATIONS, "domain"]
    out = out[cols].copy()
    out["ccode"] = out["ccode"].astype(int)
    for k in OBLIGATIONS:
        out[k] = out[k].astype(bool)
    return out.sort_values(["alliance", "ccode"]).reset_index(drop=True)


@cache
def _capabilities_by_state() -> dict[int, pd.DataFrame]:
    """The reference capability rows with a CINC, split by state and sorted by year (once
    per process: every snapshot of a panel reads them)."""
    cap = load_capabilities()
    cap = cap[cap["cinc"].notna()]
    return {int(cast(int, c)): g.sort_values("year") for c, g in cap.groupby("ccode")}


def _capabilities(year: int, ccodes: Sequence[int]) -> tuple[np.ndarray, list[str], list[str]]:
    """Capability index per state for ``year``: exact, interpolated, carried or missing."""
    values = np.full(len(ccodes), np.nan)
    kinds: list[str] = []
    notes: list[str] = []
    by_state = _capabilities_by_state()
    st = load_states()
    for i, c in enumerate(ccodes):
        g = by_state.get(int(c))
        if g is None or g.empty:
            kinds.append("missing")
            continue
        years = g["year"].astype(int).to_numpy()
        cinc = g["cinc"].to_numpy(dtype=float)
        ckind = g["cinc_kind"].tolist()
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


def _parse_toward(value: object) -> set[int] | None:
    if value is None or (isinstance(value, float) and np.isnan(value)) or value == "":
        return None
    return {int(x) for x in str(value).split()}


def snapshot(
    year: int,
    region: str | Sequence[int] | Region | None = None,
    data: str = "reference",
    store: object | None = None,
) -> Snapshot:
    """The alliance system in ``year``, for the whole system or one region.

    Parameters
    ----------
    year : int
        A year in 1816-2024.
    region : str or sequence of int, optional
        A COW region (``europe``, ``asia``, ...) or a list of ccodes. The snapshot holds
        the region's system members plus every state allied to one of them by a defense
        or offense obligation (``in_region`` False), since outside allies shape a
        region's balance.
    data : {"reference", "store"}
        ``"reference"``: the shipped reference data. ``"store"``: the official data
        imported into an alliancelab store (COW state system, ATOP 5.1 members, COW NMC
        CINC, Thompson & Dreyer rivalries); see :func:`store_data`.
    store : Store or path, optional
        The store for ``data="store"`` (default: the default store).

    Raises
    ------
    CoverageError
        Year outside the data's coverage (1816-2024 for the reference data), or a region
        with no state in the system that year; the message names what is covered.

    Examples
    --------
    >>> s = snapshot(1914, "europe")
    >>> s.obligation("defense")[s.index(220), s.index(365)]
    np.True_
    >>> bool(s.in_region[s.index(740)])
    False
    """
    if data == "store":
        return store_data(store).snapshot(year, region)
    _check_data(data)
    year = _check_year(year, SYSTEM_FIRST_YEAR)
    system = system_members(year)
    members = alliance_members(year)
    reg = resolve_region(region) if region is not None else None
    if reg is None:
        core = system
    else:
        core = reg.select(system)
        if not core:
            covered = _region_years(reg)
            raise CoverageError(
                f"region {reg.name!r} has no state in the system in {year}"
                + (f"; it has states in {covered[0]}-{covered[-1]}" if covered else "")
            )
    core_set = set(core)
    extra: set[int] = set()
    if reg is not None:
        # outside states with a defense or offense obligation in a conventional or nuclear
        # alliance that has a member inside the region
        mil = members[members["domain"].isin(("conventional", "nuclear"))]
        for _, grp in mil.groupby("alliance"):
            if core_set & set(grp["ccode"].astype(int)):
                allied = grp[grp[list(_ALIGNING)].any(axis=1)]
                extra |= set(allied["ccode"].astype(int))
    system_set = set(system)
    ccodes = sorted(core_set | (extra & system_set))
    return _build(year, reg.name if reg else None, ccodes, core_set, members)


def _region_years(reg: Region) -> list[int]:
    """Years in which ``reg`` has at least one state in the system."""
    st = load_states()
    years: set[int] = set()
    for _, row in st[st["ccode"].map(lambda c: reg.contains(int(c)))].iterrows():
        end = row["end_year"] if pd.notna(row["end_year"]) else LAST_YEAR
        years.update(range(int(row["start_year"]), int(end) + 1))
    return sorted(years)


def _build(
    year: int,
    region: str | None,
    ccodes: list[int],
    core: set[int],
    members: pd.DataFrame,
) -> Snapshot:
    n = len(ccodes)
    pos = {c: i for i, c in enumerate(ccodes)}
    t_al: list[int] = []
    t_from: list[int] = []
    t_to: list[int] = []
    t_obl: list[list[bool]] = []
    mem_full = load_alliance_members()
    live = mem_full[
        (mem_full["entry_year"] <= year) & (mem_full["exit_year"].fillna(LAST_YEAR) >= year)
    ]
    toward_of = {
        (a, int(c)): _parse_toward(t)
        for a, c, t in zip(live["alliance"], live["ccode"], live["toward"], strict=True)
    }
    ids: list[str] = []
    names: list[str] = []
    rows: list[np.ndarray] = []
    al = load_alliances()
    start = dict(zip(al["alliance"], al["start_year"], strict=True))
    obls: list[list[bool]] = []
    domains: list[str] = []
    groups = sorted(members.groupby("alliance"), key=lambda kv: (int(start[kv[0]]), kv[0]))
    for aid, grp in groups:
        in_snap = [int(c) for c in grp["ccode"] if int(c) in pos]
        if len(in_snap) < 2:
            continue
        domain = str(grp["domain"].iloc[0])
        ids.append(str(aid))
        names.append(str(grp["name"].iloc[0]))
        domains.append(domain)
        obls.append([bool(grp[k].any()) for k in OBLIGATIONS])
        row = np.zeros(n, dtype=bool)
        row[[pos[c] for c in in_snap]] = True
        rows.append(row)
        for _, m in grp.iterrows():
            a = int(m["ccode"])
            if a not in pos:
                continue
            targets = toward_of.get((str(aid), a))
            flags = [bool(m[k]) for k in OBLIGATIONS]
            if not any(flags):
                continue
            for b in in_snap:
                if b == a or (targets is not None and b not in targets):
                    continue
                t_al.append(len(ids) - 1)
                t_from.append(pos[a])
                t_to.append(pos[b])
                t_obl.append(flags)
    tie_alliance = np.array(t_al, dtype=np.int64)
    tie_from = np.array(t_from, dtype=np.int64)
    tie_to = np.array(t_to, dtype=np.int64)
    tie_obligations = np.array(t_obl, dtype=bool).reshape(len(t_al), len(OBLIGATIONS))
    obligations, layers = assemble_ties(
        n, tie_alliance, tie_from, tie_to, tie_obligations, tuple(domains)
    )
    riv = np.zeros((n, n), dtype=bool)
    rv = load_rivalries()
    live_r = rv[(rv["start_year"] <= year) & (rv["end_year"].fillna(LAST_YEAR) >= year)]
    for a, b in zip(live_r["ccode1"], live_r["ccode2"], strict=True):
        if int(a) in pos and int(b) in pos:
            riv[pos[int(a)], pos[int(b)]] = riv[pos[int(b)], pos[int(a)]] = True
    cap, kinds, notes = _capabilities(year, ccodes)
    st = load_states()
    name_of = dict(zip(st["ccode"].astype(int), st["name"], strict=False))
    return Snapshot(
        year=year,
        region=region,
        ccodes=tuple(ccodes),
        names=tuple(display_name(c, year, str(name_of.get(c, c))) for c in ccodes),
        in_region=np.array([c in core for c in ccodes], dtype=bool),
        capability=cap,
        capability_kind=tuple(kinds),
        obligations=obligations,
        rivalry=riv,
        layers=layers,
        alliances=tuple(ids),
        membership=np.array(rows, dtype=bool).reshape(len(ids), n),
        alliance_names=tuple(names),
        alliance_obligations=np.array(obls, dtype=bool).reshape(len(ids), len(OBLIGATIONS)),
        alliance_domains=tuple(domains),
        tie_alliance=tie_alliance,
        tie_from=tie_from,
        tie_to=tie_to,
        tie_obligations=tie_obligations,
        notes=tuple(notes),
    )


def snapshot_from_ties(
    year: int,
    capabilities: Mapping[int, float],
    ties: Iterable[tuple[int, int, str]],
    rivalries: Iterable[tuple[int, int]] = (),
) -> Snapshot:
    """A hypothetical system from capabilities and directional ties.

    Parameters
    ----------
    year : int
        A label; no data is read for it.
    capabilities : mapping of ccode to float
        The capability of every state in the system (non-negative).
    ties : iterable of (a, b, obligation)
        ``a`` owes ``obligation`` (one of defense, offense, neutrality, nonaggression,
        consultation) to ``b``; for a mutual pact give both directions.
    rivalries : iterable of (a, b)
        Rival pairs (symmetric).

    Raises
    ------
    UnknownStateError
        A tie or rivalry names a state absent from ``capabilities``.
    ValueError
        An unknown obligation type or a negative capability.

    Examples
    --------
    >>> s = snapshot_from_ties(1900, {1: 3.0, 2: 1.0}, [(1, 2, "defense"), (2, 1, "defense")])
    >>> s.obligation("defense").sum(), s.capability.tolist()
    (np.int64(2), [3.0, 1.0])
    """
    ccodes = sorted(int(c) for c in capabilities)
    pos = {c: i for i, c in enumerate(ccodes)}
    n = len(ccodes)
    cap = np.array([float(capabilities[c]) for c in ccodes])
    if (cap < 0).any() or np.isnan(cap).any():
        raise ValueError("capabilities must be non-negative numbers")
    t_from: list[int] = []
    t_to: list[int] = []
    t_obl: list[list[bool]] = []
    for tie in ties:
        try:
            a, b, kind = tie
        except (TypeError, ValueError):
            raise ValueError(f"a tie is (a, b, obligation), got {tie!r}") from None
        if kind not in OBLIGATIONS:
            raise ValueError(f"unknown obligation {kind!r} in tie {tie!r}; use {OBLIGATIONS}")
        for c in (a, b):
            if int(c) not in pos:
                raise UnknownStateError(f"tie {tie!r} names state {c}, which has no capability")
        if int(a) == int(b):
            raise ValueError(f"a state cannot owe an obligation to itself: {tie!r}")
        t_from.append(pos[int(a)])
        t_to.append(pos[int(b)])
        t_obl.append([k == kind for k in OBLIGATIONS])
    riv = np.zeros((n, n), dtype=bool)
    for a, b in rivalries:
        for c in (a, b):
            if int(c) not in pos:
                raise UnknownStateError(f"rivalry ({a}, {b}) names state {c}, not in the system")
        riv[pos[int(a)], pos[int(b)]] = riv[pos[int(b)], pos[int(a)]] = True
    tie_from = np.array(t_from, dtype=np.int64)
    tie_to = np.array(t_to, dtype=np.int64)
    tie_alliance = np.full(len(t_from), -1, dtype=np.int64)
    tie_obligations = np.array(t_obl, dtype=bool).reshape(len(t_from), len(OBLIGATIONS))
    obligations, layers = assemble_ties(n, tie_alliance, tie_from, tie_to, tie_obligations, ())

    def _name(c: int) -> str:
        try:
            return ccode_to_name(c)
        except UnknownStateError:
            return f"State {c}"

    return Snapshot(
        year=int(year),
        region=None,
        ccodes=tuple(ccodes),
        names=tuple(_name(c) for c in ccodes),
        in_region=np.ones(n, dtype=bool),
        capability=cap,
        capability_kind=("given",) * n,
        obligations=obligations,
        rivalry=riv,
        layers=layers,
        membership=np.zeros((0, n), dtype=bool),
        tie_alliance=tie_alliance,
        tie_from=tie_from,
        tie_to=tie_to,
        tie_obligations=tie_obligations,
    )


# --- snapshots from the store of official data ------------------------------------------

#: ATOP 5.1 obligation columns in the member file, in OBLIGATIONS order.
_ATOP_COLUMNS = ("defense", "offense", "neutral", "nonagg", "consul")
_STORE_CACHE: dict[tuple[str, tuple[tuple[str, ...], ...]], StoreData] = {}


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
    from .store import Store

    st = store if isinstance(store, Store) else Store(store if store is None else str(store))
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


class StoreData:
    """Official data read from a store, with fast per-year snapshot building.

    Obligations follow the ATOP 5.1 member file: a member that promises obligation k in an
    alliance (``defense``, ``offense``, ``neutral``, ``nonagg``, ``consul`` = 1) owes it to
    every other member of that alliance present in the same year (``yrent <= year <=
    yrexit``; ``yrexit`` 0 or missing = still in force at the end of the data). ATOP's
    conditions and partner-specific asymmetries are not modelled. All ATOP alliances count
    as ``conventional`` (ATOP codes no domain). Capability is NMC ``cinc`` of the year
    (NaN, marked ``missing``, outside NMC coverage); rivalries are Thompson & Dreyer's,
    known up to their last year (2010): after it the rivalry matrix is empty and a note
    says the rivalries are not covered.

    Attributes
    ----------
    coverage : dict
        ``(first, last)`` year per component: ``system``, ``alliances``,
        ``capability``, ``rivalries`` (None when the source is not in the store).
    """

    def __init__(self, store: object) -> None:
        from .store import Store

        if not isinstance(store, Store):
            raise TypeError("store must be an alliancelab Store")
        self.store = store
        for source, table in (("cow_states", "system"), ("atop", "members")):
            if not store.has(source):
                raise CoverageError(
                    f"the store at {store.path} has no {source!r} data ({table} table); "
                    f"import it with `alliancelab data import {source.replace('_', '-')} "
                    "PATH...`"
                )
        system = store.read("cow_states", "system", columns=["ccode", "year"]).dropna()
        self._system: dict[int, np.ndarray] = {
            int(cast(int, y)): np.sort(g["ccode"].astype(int).unique())
            for y, g in system.groupby("year")
        }
        years = sorted(self._system)
        self.coverage: dict[str, tuple[int, int] | None] = {"system": (years[0], years[-1])}
        self.names: dict[int, str] = {}
        try:
            st = store.read("cow_states", "states", columns=["ccode", "statenme"])
            self.names = {int(c): str(n) for c, n in zip(st["ccode"], st["statenme"], strict=True)}
        except CoverageError:
            pass
        mem = store.read(
            "atop", "members", columns=["atopid", "member", "yrent", "yrexit", *_ATOP_COLUMNS]
        )
        mem = mem.dropna(subset=["atopid", "member", "yrent"])
        last = int(np.nanmax(mem[["yrent", "yrexit"]].to_numpy(dtype=float)))
        yrexit = pd.to_numeric(mem["yrexit"], errors="coerce").fillna(0)
        self._m_id = mem["atopid"].astype(int).to_numpy()
        self._m_state = mem["member"].astype(int).to_numpy()
        self._m_start = mem["yrent"].astype(int).to_numpy()
        self._m_end = np.where(yrexit.to_numpy() <= 0, last, yrexit.to_numpy()).astype(int)
        self._m_obl = np.stack(
            [
                pd.to_numeric(mem[c], errors="coerce").fillna(0).to_numpy() > 0
                for c in _ATOP_COLUMNS
            ],
            axis=1,
        )
        self.coverage["alliances"] = (int(self._m_start.min()), last)
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
        self.coverage["rivalries"] = None
        self._riv = np.zeros((0, 4), dtype=np.int64)
        if store.has("rivalries"):
            rv = store.read(
                "rivalries", "rivalries", columns=["ccode1", "ccode2", "styear", "endyear"]
            )
            rv = rv.dropna()
            self._riv = rv.astype(int).to_numpy()
            self.coverage["rivalries"] = (int(rv["styear"].min()), int(rv["endyear"].max()))

    def system(self, year: int) -> np.ndarray:
        """COW codes of the system members in ``year``."""
        return self._system.get(int(year), np.zeros(0, dtype=np.int64))

    def snapshot(self, year: int, region: str | Sequence[int] | Region | None = None) -> Snapshot:
        """The snapshot of ``year`` (and ``region``) from the store's data.

        Raises
        ------
        CoverageError
            Outside the state system's coverage, or no state of the region in the system.
        """
        if isinstance(year, bool) or not isinstance(year, int | np.integer):
            raise TypeError(f"year must be an integer, got {year!r}")
        year = int(year)
        first, last = cast(tuple[int, int], self.coverage["system"])
        if not first <= year <= last:
            raise CoverageError(
                f"year {year} is outside the store's COW state system, which covers {first}-{last}"
            )
        system = self.system(year)
        live = (self._m_start <= year) & (self._m_end >= year)
        ids, states, obl = self._m_id[live], self._m_state[live], self._m_obl[live]
        reg = resolve_region(region) if region is not None else None
        sys_set = set(system.tolist())
        if reg is None:
            core = sorted(sys_set)
        else:
            core = reg.select(system.tolist())
            if not core:
                raise CoverageError(f"region {reg.name!r} has no state in the system in {year}")
        core_set = set(core)
        extra: set[int] = set()
        if reg is not None:
            in_core = np.isin(states, core)
            touched = np.unique(ids[in_core])
            aligning = obl[:, 0] | obl[:, 1]
            sel = np.isin(ids, touched) & aligning
            extra = set(states[sel].tolist()) & sys_set
        ccodes = sorted(core_set | extra)
        n = len(ccodes)
        pos = {c: i for i, c in enumerate(ccodes)}
        inside = np.array([c in pos for c in states.tolist()], dtype=bool)
        ids, states, obl = ids[inside], states[inside], obl[inside]
        uid, a_idx = np.unique(ids, return_inverse=True)
        col = np.array([pos[c] for c in states.tolist()], dtype=np.int64)
        member = np.zeros((len(uid), n), dtype=bool)
        member[a_idx, col] = True
        owes = np.zeros((len(uid), n, len(OBLIGATIONS)), dtype=bool)
        owes[a_idx, col] |= obl
        multi = member.sum(axis=1) >= 2
        uid, member, owes = uid[multi], member[multi], owes[multi]
        mf = member.astype(np.float32)
        obligations = np.zeros((n, n, len(OBLIGATIONS)), dtype=bool)
        for k in range(len(OBLIGATIONS)):
            obligations[:, :, k] = (owes[:, :, k].astype(np.float32).T @ mf) > 0
        idx = np.arange(n)
        obligations[idx, idx, :] = False
        layers: dict[str, np.ndarray] = {d: np.zeros((n, n), dtype=bool) for d in DOMAINS}
        layers["conventional"] = np.asarray(obligations.any(axis=2))
        riv = np.zeros((n, n), dtype=bool)
        notes: list[str] = []
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
            live_r = (r[:, 2] <= year) & (r[:, 3] >= year)
            for a, b in r[live_r, :2].tolist():
                if a in pos and b in pos:
                    riv[pos[a], pos[b]] = riv[pos[b], pos[a]] = True
        caps = self._cap.get(year)
        if caps is None:
            cap = np.full(n, np.nan)
            kinds = ["missing"] * n
            cov_c = self.coverage["capability"]
            notes.append(
                "capability: COW NMC not in the store"
                if cov_c is None
                else f"capability: COW NMC covers {cov_c[0]}-{cov_c[1]}, not {year}"
            )
        else:
            cap = np.array([caps.get(c, np.nan) for c in ccodes], dtype=float)
            kinds = ["missing" if np.isnan(v) else "benchmark" for v in cap]
            miss = [str(c) for c, v in zip(ccodes, cap, strict=True) if np.isnan(v)]
            if miss:
                notes.append(f"no capability data for state(s) {', '.join(miss)}")
        return Snapshot(
            year=year,
            region=reg.name if reg else None,
            ccodes=tuple(ccodes),
            names=tuple(self.names.get(c, f"State {c}") for c in ccodes),
            in_region=np.array([c in core_set for c in ccodes], dtype=bool),
            capability=cap,
            capability_kind=tuple(kinds),
            obligations=obligations,
            rivalry=riv,
            layers=layers,
            alliances=tuple(f"atop{a}" for a in uid.tolist()),
            membership=member,
            alliance_names=tuple(f"ATOP {a}" for a in uid.tolist()),
            alliance_obligations=owes.any(axis=1),
            alliance_domains=("conventional",) * len(uid),
            notes=tuple(notes),
        )
