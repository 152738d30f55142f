"""The work copy behind :func:`~alliancelab.scenario.apply`: edits made one by one.

:class:`_Work` holds a snapshot's parts keyed by COW code; :func:`_apply_one` makes one
edit on it, using the reference alliance data (ATOP v5.1 members and obligations) and COW
State System Membership v2016 (extended to 2024) for states and alliances that the
snapshot does not hold yet; :func:`_rebuild` turns it back into a frozen snapshot.
"""

from __future__ import annotations

import dataclasses
import difflib
import math
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from ..codes import ccode_to_name
from ..errors import CoverageError, UnknownAllianceError, UnknownStateError
from ..reference import LAST_YEAR, OBLIGATIONS, load_alliance_members, load_alliances
from ..snapshot import UNCONDITIONAL, Snapshot, TieConditions, assemble_ties, system_members
from ._keyed import _Keyed, _label

if TYPE_CHECKING:
    from .edits import Edit


@dataclass
class _Work:
    """A mutable copy of a snapshot's parts, keyed by ccode (internal to apply)."""

    year: int
    data: str
    hypothetical: bool
    ccodes: list[int]
    names: dict[int, str]
    in_region: dict[int, bool]
    capability: dict[int, float]
    kind: dict[int, str]
    rivals: set[tuple[int, int]]
    alliances: list[str]
    anames: dict[str, str]
    aobl: dict[str, np.ndarray]
    adom: dict[str, str]
    members: dict[str, set[int]]
    ties: list[tuple[str | None, int, int, np.ndarray]]
    notes: list[str]
    dissolved: dict[str, int] = field(default_factory=dict)
    system: set[int] | None = None
    #: conditions of the snapshot's ties by (alliance, from, to); edits add none
    conditions: dict[tuple[str | None, int, int], TieConditions] = field(default_factory=dict)
    when: object = None
    #: the store of ``data="store"`` (None: the default store)
    store: object | None = None

    @classmethod
    def of(cls, s: Snapshot, data: str, store: object | None = None) -> _Work:
        cc = list(s.ccodes)
        ties: list[tuple[str | None, int, int, np.ndarray]] = []
        for a, i, j, o in zip(
            s.tie_alliance.tolist(), s.tie_from.tolist(), s.tie_to.tolist(), s.tie_obligations,
            strict=True,
        ):  # fmt: skip
            ties.append((s.alliances[a] if a >= 0 else None, cc[i], cc[j], np.array(o)))
        conditions = {
            (aid, i, j): s.conditions(t)
            for t, (aid, i, j, _) in enumerate(ties)
            if s.conditions(t) != UNCONDITIONAL
        }
        ri, rj = np.nonzero(np.triu(s.rivalry, 1))
        return cls(
            year=s.year,
            data=data,
            hypothetical=all(k == "given" for k in s.capability_kind) and s.n > 0,
            ccodes=cc,
            names=dict(zip(cc, s.names, strict=True)),
            in_region=dict(zip(cc, s.in_region.tolist(), strict=True)),
            capability=dict(zip(cc, s.capability.tolist(), strict=True)),
            kind=dict(zip(cc, s.capability_kind, strict=True)),
            rivals={(cc[i], cc[j]) for i, j in zip(ri.tolist(), rj.tolist(), strict=True)},
            alliances=list(s.alliances),
            anames=dict(zip(s.alliances, s.alliance_names, strict=True)),
            aobl={a: np.array(s.alliance_obligations[k]) for k, a in enumerate(s.alliances)},
            adom=dict(zip(s.alliances, s.alliance_domains, strict=True)),
            members={
                a: {cc[i] for i in np.nonzero(s.membership[k])[0]}
                for k, a in enumerate(s.alliances)
            },
            ties=ties,
            notes=list(s.notes),
            conditions=conditions,
            when=s.date.isoformat() if s.date is not None else s.year,
            store=store,
        )

    def in_system(self, code: int) -> bool:
        if self.system is None:
            when = self.when if self.when is not None else self.year
            self.system = set(system_members(when)) if self.year >= 1816 else set()
        return code in self.system

    def ensure_state(self, code: int, key: str) -> None:
        """Add a state of the system to the snapshot as an outside state, if missing."""
        if code in self.names:
            return
        if self.hypothetical:
            raise _Keyed(
                UnknownStateError(f"state {_label(code)} is not in this hypothetical snapshot"),
                key,
            )
        if not self.in_system(code):
            try:
                ccode_to_name(code)
            except UnknownStateError:
                raise _Keyed(
                    UnknownStateError(f"unknown COW state code {code}; see `alliancelab states`"),
                    key,
                ) from None
            raise _Keyed(
                CoverageError(
                    f"state {_label(code)} is not in the state system in {self.year} "
                    "(COW state system membership v2016, extended to 2024)"
                ),
                key,
            )
        from ..snapshot import snapshot as _snapshot

        one = _snapshot(
            self.when if isinstance(self.when, str) else self.year,
            [code],
            data=self.data,
            store=self.store,
        )
        k = one.index(code)
        self.ccodes.append(code)
        self.names[code] = one.names[k]
        self.in_region[code] = False
        self.capability[code] = float(one.capability[k])
        self.kind[code] = one.capability_kind[k]
        for i, j in zip(*np.nonzero(np.triu(one.rivalry, 1)), strict=True):
            a, b = one.ccodes[int(i)], one.ccodes[int(j)]
            if a in self.names and b in self.names:
                self.rivals.add((min(a, b), max(a, b)))
        self.notes.append(f"scenario: {_label(code)} added to the snapshot as an outside state")

    def alliance_info(self, aid: str, key: str) -> pd.Series:
        al = load_alliances()
        row = al[al["alliance"] == aid]
        if row.empty:
            live = [a for a in self.alliances if a not in self.dissolved]
            hint = difflib.get_close_matches(aid, [*live, *al["alliance"]], n=3)
            raise _Keyed(
                UnknownAllianceError(
                    f"unknown alliance {aid!r}"
                    + (f"; did you mean {' or '.join(repr(h) for h in hint)}?" if hint else "")
                    + f" Alliances in this snapshot: {', '.join(live) or 'none'}"
                ),
                key,
            )
        return row.iloc[0]

    def require_alliance(self, aid: str, key: str, verb: str) -> None:
        """Make sure alliance ``aid`` is in force in the work copy; explain when it is not."""
        if aid in self.dissolved:
            raise _Keyed(
                CoverageError(
                    f"alliance {aid!r} was dissolved by edit {self.dissolved[aid]}: "
                    f"it cannot {verb}"
                ),
                key,
            )
        if aid in self.members:
            return
        info = self.alliance_info(aid, key)
        start = int(info["start_year"])
        end = int(info["end_year"]) if pd.notna(info["end_year"]) else None
        if not start <= self.year <= (end if end is not None else LAST_YEAR):
            span = f"{start}-{end}" if end is not None else f"since {start}"
            when = "was dissolved in" if end is not None and self.year > end else "only began in"
            raise _Keyed(
                CoverageError(
                    f"alliance {aid!r} is not in force in {self.year} ({span}; it "
                    f"{when} {end if end is not None and self.year > end else start}), so it "
                    f"cannot {verb}; use a 'create' edit for a new alliance"
                ),
                key,
            )
        if self.hypothetical:
            raise _Keyed(
                UnknownAllianceError(f"alliance {aid!r} is not in this hypothetical snapshot"),
                key,
            )
        # in force but with fewer than two members in the snapshot: bring it in with its
        # members and their ties (reference data)
        mem = load_alliance_members()
        live = mem[
            (mem["alliance"] == aid)
            & (mem["entry_year"] <= self.year)
            & (mem["exit_year"].fillna(LAST_YEAR) >= self.year)
        ]
        codes = sorted(
            {int(c) for c in live["ccode"]} & (self.system or set(system_members(self.year)))
        )
        for c in codes:
            self.ensure_state(c, key)
        self.alliances.append(aid)
        self.anames[aid] = str(info["name"])
        self.adom[aid] = str(info["domain"])
        self.aobl[aid] = np.array([bool(live[k].astype(bool).any()) for k in OBLIGATIONS])
        self.members[aid] = set(codes)
        for _, m in live.iterrows():
            a = int(m["ccode"])
            if a not in codes:
                continue
            flags = np.array([bool(m[k]) for k in OBLIGATIONS])
            toward = m.get("toward")
            targets = (
                {int(x) for x in str(toward).split()}
                if isinstance(toward, str) and toward.strip()
                else None
            )
            if not flags.any():
                continue
            for b in codes:
                if b != a and (targets is None or b in targets):
                    self.ties.append((aid, a, b, flags.copy()))

    def own_flags(self, aid: str, code: int) -> np.ndarray:
        """What a member promises in an alliance: the union of its ties' obligations."""
        out = np.zeros(len(OBLIGATIONS), dtype=bool)
        for a, i, _, o in self.ties:
            if a == aid and i == code:
                out |= o
        return out


def _apply_one(w: _Work, e: Edit, number: int) -> str:
    """Apply edit ``e`` (1-based ``number``) to ``w``; return a description."""
    return _EDITORS[e.type](w, e, number)


def _join(w: _Work, e: Edit, number: int) -> str:
    """A state joins an alliance in force (ATOP: obligations per member, owed to all)."""
    aid = str(e.alliance)
    w.require_alliance(aid, "alliance", "be joined")
    code = int(e.state)  # type: ignore[arg-type]
    w.ensure_state(code, "state")
    if code in w.members[aid]:
        raise _Keyed(
            ValueError(f"{_label(code)} is already a member of {aid!r} in {w.year}"), "state"
        )
    before = len(w.members[aid])
    per_member = {m: w.own_flags(aid, m) for m in sorted(w.members[aid])}
    if e.obligations is not None:
        flags = np.array([k in e.obligations for k in OBLIGATIONS])
    else:
        stack = np.array(list(per_member.values())) if per_member else np.zeros((0, 5))
        flags = stack.mean(axis=0) >= 0.5 if len(stack) else np.array(w.aobl[aid], dtype=bool)
        if not flags.any():
            flags = np.array(w.aobl[aid], dtype=bool)
    for m, mf in per_member.items():
        w.ties.append((aid, code, m, flags.copy()))
        if mf.any():
            w.ties.append((aid, m, code, mf.copy()))
    w.members[aid].add(code)
    w.aobl[aid] = np.asarray(w.aobl[aid], dtype=bool) | flags
    promised = ", ".join(k for k, f in zip(OBLIGATIONS, flags, strict=True) if f)
    return (
        f"{_label(code)} joins {w.anames[aid]}: {before} -> {before + 1} members in the "
        f"snapshot; it owes {promised} to each member and each member owes it what it "
        "owes the others"
    )


def _leave(w: _Work, e: Edit, number: int) -> str:
    """A state leaves an alliance: its ties in it, both ways, go."""
    aid = str(e.alliance)
    w.require_alliance(aid, "alliance", "be left")
    code = int(e.state)  # type: ignore[arg-type]
    if code not in w.members[aid]:
        raise _Keyed(ValueError(f"{_label(code)} is not a member of {aid!r} in {w.year}"), "state")
    before = len(w.members[aid])
    w.ties = [t for t in w.ties if not (t[0] == aid and code in (t[1], t[2]))]
    w.members[aid].discard(code)
    return f"{_label(code)} leaves {w.anames[aid]}: {before} -> {before - 1} members"


def _dissolve(w: _Work, e: Edit, number: int) -> str:
    """Every tie of an alliance goes."""
    aid = str(e.alliance)
    w.require_alliance(aid, "alliance", "be dissolved")
    n_ties = sum(1 for t in w.ties if t[0] == aid)
    n_mem = len(w.members[aid])
    w.ties = [t for t in w.ties if t[0] != aid]
    name = w.anames[aid]
    w.alliances.remove(aid)
    for d in (w.members, w.aobl, w.adom, w.anames):
        d.pop(aid, None)
    w.dissolved[aid] = number
    return f"{name} dissolved: its {n_mem} members lose {n_ties} directed ties"


def _create(w: _Work, e: Edit, number: int) -> str:
    """A new alliance; each member owes its obligations to the others."""
    aid = str(e.alliance)
    if aid in w.members:
        raise _Keyed(ValueError(f"alliance id {aid!r} is already in the snapshot"), "id")
    al = load_alliances()
    if aid in set(al["alliance"]):
        raise _Keyed(
            ValueError(
                f"alliance id {aid!r} is taken by the reference data "
                f"({al.loc[al['alliance'] == aid, 'name'].iloc[0]}); choose another id"
            ),
            "id",
        )
    for c in e.states:
        w.ensure_state(c, "members")
    owed = dict(e.owed)
    base = e.obligations or ("defense",)
    flags_of = {c: np.array([k in owed.get(c, base) for k in OBLIGATIONS]) for c in e.states}
    for a in e.states:
        if not flags_of[a].any():
            continue
        for b in e.states:
            if a != b:
                w.ties.append((aid, a, b, flags_of[a].copy()))
    w.alliances.append(aid)
    w.anames[aid] = e.name or aid
    w.adom[aid] = e.domain
    w.aobl[aid] = np.any(np.array(list(flags_of.values())), axis=0)
    w.members[aid] = set(e.states)
    parts = [
        f"{_label(c)} owes "
        + ", ".join(k for k, f in zip(OBLIGATIONS, flags_of[c], strict=True) if f)
        for c in e.states
    ]
    uniform = len({tuple(f) for f in flags_of.values()}) == 1
    what = (
        "each owes "
        + ", ".join(k for k, f in zip(OBLIGATIONS, flags_of[e.states[0]], strict=True) if f)
        if uniform
        else "; ".join(parts)
    )
    return (
        f"new {e.domain} alliance {w.anames[aid]} ({aid}) of "
        f"{', '.join(_label(c) for c in e.states)}: {what} to the other members"
    )


def _capability(w: _Work, e: Edit, number: int) -> str:
    """A state's capability index scaled or set."""
    code = int(e.state)  # type: ignore[arg-type]
    if code not in w.names:
        raise _Keyed(
            UnknownStateError(
                f"state {_label(code)} is not in the {w.year} snapshot; a capability edit "
                "needs a state of the snapshot"
            ),
            "state",
        )
    old = w.capability[code]
    if e.scale is not None:
        if not math.isfinite(old):
            raise _Keyed(
                ValueError(f"{_label(code)} has no capability data to scale; use set"),
                "scale",
            )
        new = old * e.scale
    else:
        new = float(e.value)  # type: ignore[arg-type]
    w.capability[code] = new
    w.kind[code] = "scenario"
    return f"capability of {_label(code)}: {old:.4g} -> {new:.4g}"


def _rivalry(w: _Work, e: Edit, number: int) -> str:
    """A rivalry begins or ends."""
    a, b = e.states
    for c in (a, b):
        w.ensure_state(c, "states")
    pair = (min(a, b), max(a, b))
    if e.action == "begin":
        if pair in w.rivals:
            raise _Keyed(
                ValueError(f"{_label(a)} and {_label(b)} are already rivals in {w.year}"),
                "states",
            )
        w.rivals.add(pair)
        return f"rivalry begins between {_label(a)} and {_label(b)}"
    if pair not in w.rivals:
        raise _Keyed(
            ValueError(f"{_label(a)} and {_label(b)} are not rivals in {w.year}"), "states"
        )
    w.rivals.discard(pair)
    return f"rivalry ends between {_label(a)} and {_label(b)}"


_EDITORS: dict[str, Callable[[_Work, Edit, int], str]] = {
    "join": _join,
    "leave": _leave,
    "dissolve": _dissolve,
    "create": _create,
    "capability": _capability,
    "rivalry": _rivalry,
}


def _rebuild(snapshot: Snapshot, w: _Work) -> Snapshot:
    """A snapshot from a work copy (via an empty apply on a snapshot carrying its parts)."""
    cc = sorted(w.ccodes)
    pos = {c: i for i, c in enumerate(cc)}
    aidx = {a: k for k, a in enumerate(w.alliances)}
    n = len(cc)
    t_al = np.array([aidx[a] if a is not None else -1 for a, *_ in w.ties], dtype=np.int64)
    t_from = np.array([pos[i] for _, i, _, _ in w.ties], dtype=np.int64)
    t_to = np.array([pos[j] for _, _, j, _ in w.ties], dtype=np.int64)
    t_obl = np.array([o for *_, o in w.ties], dtype=bool).reshape(len(w.ties), len(OBLIGATIONS))
    domains = tuple(w.adom[a] for a in w.alliances)
    obligations, layers = assemble_ties(n, t_al, t_from, t_to, t_obl, domains)
    riv = np.zeros((n, n), dtype=bool)
    for r1, r2 in w.rivals:
        riv[pos[r1], pos[r2]] = riv[pos[r2], pos[r1]] = True
    membership = np.zeros((len(w.alliances), n), dtype=bool)
    for row, aid in enumerate(w.alliances):
        membership[row, [pos[c] for c in w.members[aid]]] = True
    return dataclasses.replace(
        snapshot,
        ccodes=tuple(cc),
        names=tuple(w.names[c] for c in cc),
        in_region=np.array([w.in_region[c] for c in cc], dtype=bool),
        capability=np.array([w.capability[c] for c in cc], dtype=float),
        capability_kind=tuple(w.kind[c] for c in cc),
        obligations=obligations,
        rivalry=riv,
        layers=layers,
        alliances=tuple(w.alliances),
        membership=membership,
        alliance_names=tuple(w.anames[a] for a in w.alliances),
        alliance_obligations=np.array([w.aobl[a] for a in w.alliances], dtype=bool).reshape(
            len(w.alliances), len(OBLIGATIONS)
        ),
        alliance_domains=domains,
        tie_alliance=t_al,
        tie_from=t_from,
        tie_to=t_to,
        tie_obligations=t_obl,
        notes=tuple(w.notes),
        tie_conditions=tuple(w.conditions.get((a, i, j), UNCONDITIONAL) for a, i, j, _ in w.ties),
    )
