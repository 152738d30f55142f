"""The frozen :class:`Snapshot`, the tie list behind it, and hypothetical systems.

A snapshot holds, for one year and optionally one region, the states (ordered by COW
code), their capability index, a directional obligation tensor (state x state x ATOP
obligation type, Leeds et al. 2002), the rivalry matrix and one adjacency matrix per
alliance domain (conventional, nuclear, cyber, non_traditional). Data snapshots come from
the one builder in :mod:`alliancelab.snapshot._build`; :func:`snapshot_from_ties` makes a
hypothetical one from capabilities and ties.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from ..codes import ccode_to_name
from ..errors import UnknownStateError
from ..reference import DOMAINS, OBLIGATIONS

__all__ = ["UNCONDITIONAL", "Snapshot", "TieConditions", "assemble_ties", "snapshot_from_ties"]


def _frozen(a: np.ndarray) -> np.ndarray:
    a = np.array(a, copy=True)
    a.setflags(write=False)
    return a


@dataclass(frozen=True)
class TieConditions:
    """The conditions of one tie's obligations (ATOP 5.1 member level, or reference data).

    Attributes
    ----------
    defense_against, offense_against, neutral_against : frozenset of int or None
        The states (COW codes) the defence / offence / neutrality obligation applies
        against; None: any adversary. Read by
        :func:`alliancelab.store.atop_conditions.member_conditions` (``<type>coadv`` with
        ``statthr1``/``statthr2``) or from the reference ``against`` column.
    defense_nonprovocation : bool
        The defence obligation holds only if the ally did not provoke the conflict
        (ATOP ``defconpr``).
    defense_location : bool
        The defence obligation holds only for a conflict in a given location (ATOP
        codebook v5.1, ``defcoloc`` = 1: defence conditional on the location of the
        conflict, e.g. NATO's Article 6 treaty area, the parties' territory). Read by
        :meth:`defense_applies`: a crisis is fought on the target's territory.
    unevaluated : frozenset of str
        Conditions the toolkit cannot evaluate (``offense_location``, ``offense_demand``,
        ...: offence and neutrality location, specific conflict, number of adversaries,
        demand); consumers assume they hold.
    """

    defense_against: frozenset[int] | None = None
    offense_against: frozenset[int] | None = None
    neutral_against: frozenset[int] | None = None
    defense_nonprovocation: bool = False
    defense_location: bool = False
    unevaluated: frozenset[str] = frozenset()

    def aimed_at(self) -> frozenset[int]:
        """Every state a defence or offence obligation of the tie is aimed against."""
        out: frozenset[int] = frozenset()
        for s in (self.defense_against, self.offense_against):
            if s is not None:
                out = out | s
        return out

    def defense_applies(self, *, attacked_at_home: bool, provoked: bool) -> bool:
        """Whether the tie's defence obligation can apply to its ally in a crisis.

        The one statement of the rule, read by the escalation cascade
        (:mod:`alliancelab.models.escalation`) and the war-joining data
        (:mod:`alliancelab.risk._joiners_data`):

        * *non-provocation* (ATOP ``defconpr``): void when the ally ``provoked`` the
          crisis (started it);
        * *location* (ATOP ``defcoloc``): a crisis is fought on the target's territory,
          so a defence obligation conditional on location applies only to the ally
          ``attacked_at_home`` (the target); to the challenger and to any state that joins
          either side it does not apply, since they fight on another state's territory.
          Leeds, Long & Mitchell (2000) and Berkemeier & Fuhrmann (2018) likewise count a
          commitment only where its casus foederis, location included, arose.

        The specific adversary (``defense_against``) is checked apart, against the
        states on the other side. Offence location conditions (``offcoloc``) are not
        evaluated: they are assumed to hold.

        Examples
        --------
        >>> nato = TieConditions(defense_location=True)
        >>> nato.defense_applies(attacked_at_home=True, provoked=False)
        True
        >>> nato.defense_applies(attacked_at_home=False, provoked=False)
        False
        >>> TieConditions().defense_applies(attacked_at_home=False, provoked=True)
        True
        """
        if self.defense_nonprovocation and provoked:
            return False
        return not (self.defense_location and not attacked_at_home)


#: A tie with no condition (the default for hypothetical ties and scenario edits).
UNCONDITIONAL = TieConditions()


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
    tie_conditions : tuple of TieConditions
        Per tie, the conditions of its obligations (empty: every tie unconditional);
        see :meth:`conditions`.
    date : datetime.date or None
        The day of a dated snapshot (``year`` is its year); None for a year snapshot
        (states at 31 December, alliances in force some day of the year).
    source : object or None
        The data source that built the snapshot (None for a hypothetical one); measures
        that need a column the snapshot does not carry (polarity's military expenditure)
        read it there.
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
    tie_conditions: tuple[TieConditions, ...] = ()
    date: _dt.date | None = None
    source: object | None = field(default=None, repr=False)

    def __post_init__(self) -> None:
        n = len(self.ccodes)
        if self.tie_conditions and len(self.tie_conditions) != len(self.tie_alliance):
            raise ValueError(
                f"snapshot tie_conditions has {len(self.tie_conditions)} entries, "
                f"expected {len(self.tie_alliance)}"
            )
        if self.tie_conditions and all(c == UNCONDITIONAL for c in self.tie_conditions):
            object.__setattr__(self, "tie_conditions", ())
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

    def conditions(self, tie: int) -> TieConditions:
        """The conditions of tie ``tie`` (an index into ``tie_alliance``)."""
        return self.tie_conditions[tie] if self.tie_conditions else UNCONDITIONAL

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
