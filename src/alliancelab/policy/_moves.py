"""Candidate policy moves for a region-year, the generator behind ``policy.options``.

Five kinds (``docs/policy.md``): a multilateral alliance admits a state, a new bilateral
defence pact, non-aggression and consultation frameworks among rivals, cyber and
non-traditional cooperation pacts, a member leaving a defence alliance. Each move is a
tuple of :class:`alliancelab.scenario.Edit` applied to the baseline snapshot.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np

from ..reference import OBLIGATIONS
from ..scenario.edits import Edit
from ..snapshot import Snapshot

__all__ = ["Candidate", "candidates"]


@dataclass(frozen=True)
class Candidate:
    """A candidate move: its kind, a label and the scenario edits that make it."""

    kind: str
    label: str
    edits: tuple[Edit, ...]
    members: tuple[int, ...]


def _name(s: Snapshot, c: int) -> str:
    return s.names[s.index(c)]


def _short(name: str) -> str:
    """A short alliance label: its acronym if the name has one ("NATO"), else the name
    without parenthetical detail.

    Examples
    --------
    >>> _short("North Atlantic Treaty Organization (NATO)"), _short("Warsaw Pact (1955-1991)")
    ('NATO', 'Warsaw Pact')
    """
    m = re.search(r"\(([^);,]+)", name)
    if m and re.fullmatch(r"[A-Z][A-Za-z]{1,7}", m.group(1).strip()):
        return m.group(1).strip()
    return name.split(" (")[0]


def _defense(s: Snapshot) -> np.ndarray:
    return np.asarray(s.obligation("defense"), dtype=bool)


def _rivals(s: Snapshot) -> dict[int, set[int]]:
    out: dict[int, set[int]] = {c: set() for c in s.ccodes}
    for i, j in zip(*np.nonzero(np.triu(s.rivalry, 1)), strict=True):
        a, b = s.ccodes[int(i)], s.ccodes[int(j)]
        out[a].add(b)
        out[b].add(a)
    return out


def _defense_partners(s: Snapshot) -> dict[int, set[int]]:
    d = _defense(s)
    both = d | d.T
    return {c: {s.ccodes[j] for j in np.nonzero(both[i])[0]} for i, c in enumerate(s.ccodes)}


@dataclass(frozen=True)
class _Setting:
    """What every kind of candidate move reads from the baseline snapshot."""

    s: Snapshot
    focal: int | None
    inside: list[int]
    riv: dict[int, set[int]]
    partners: dict[int, set[int]]
    cap: dict[int, float]
    mil: list[int]


def _admit(st: _Setting, admit_per_alliance: int) -> list[Candidate]:
    """Candidate moves of one kind: admit."""
    s, focal, inside, riv = st.s, st.focal, st.inside, st.riv
    partners, cap, mil = st.partners, st.cap, st.mil
    out: list[Candidate] = []
    for k in mil:
        members = {s.ccodes[i] for i in np.nonzero(s.membership[k])[0]}
        if len(members) < 3:  # bilateral treaties do not admit members
            continue
        hostile = set().union(*(riv[m] for m in members))
        eligible = [
            c
            for c in inside
            if c not in members
            and c not in hostile
            and not partners[c] & hostile
            and cap[c] > 0
            and (focal is None or focal in (c, *members))
        ]
        # states with a rival (who need deterrence) first, then the strongest
        eligible = sorted(eligible, key=lambda c: (not riv[c], -cap[c], c))[:admit_per_alliance]
        for c in eligible:
            out.append(
                Candidate(
                    "admit",
                    f"{_short(s.alliance_names[k])} admits {_name(s, c)}",
                    (Edit("join", state=c, alliance=s.alliances[k]),),
                    (c, *sorted(members)),
                )
            )
    return out


def _defense_pacts(st: _Setting, top_partners: int) -> list[Candidate]:
    """Candidate moves of one kind: bilateral defence pacts."""
    from ..measures.deterrence import deterrence

    s, focal, inside, riv, partners, cap = st.s, st.focal, st.inside, st.riv, st.partners, st.cap
    out: list[Candidate] = []
    det = deterrence(s)
    targets = [c for c in inside if riv[c]]
    if focal is not None:
        targets = [focal]
    else:
        low = det[det["target"].isin(targets)].groupby("target")["deterrence"].min()
        targets = [int(c) for c in low.sort_values().index[:5]]
    strongest = sorted(s.ccodes, key=lambda c: -cap[c])
    seen: set[frozenset[int]] = set()
    for t in targets:
        hostile = set(riv[t]).union(*(partners[r] for r in riv[t]), *(riv[q] for q in partners[t]))
        n_added = 0
        for p in strongest:
            if n_added >= top_partners:
                break
            if p == t or p in hostile or p in partners[t] or cap[p] <= 0:
                continue
            n_added += 1
            if frozenset((t, p)) in seen:
                continue
            seen.add(frozenset((t, p)))
            out.append(
                Candidate(
                    "defense_pact",
                    f"defence pact {_name(s, t)}-{_name(s, p)}",
                    (
                        Edit(
                            "create",
                            alliance=f"pact_{t}_{p}",
                            states=(t, p),
                            obligations=("defense", "consultation"),
                            name=f"{_name(s, t)}-{_name(s, p)} defence pact",
                        ),
                    ),
                    (t, p),
                )
            )
    return out


def _frameworks(st: _Setting) -> list[Candidate]:
    """Candidate moves of one kind: frameworks among rivals."""
    s, focal, inside, riv = st.s, st.focal, st.inside, st.riv
    out: list[Candidate] = []
    pairs = sorted(
        {(min(a, b), max(a, b)) for a in inside for b in riv[a] if focal is None or focal in (a, b)}
    )
    for a, b in pairs:
        out.append(
            Candidate(
                "framework",
                f"non-aggression and consultation pact {_name(s, a)}-{_name(s, b)}",
                (
                    Edit(
                        "create",
                        alliance=f"nap_{a}_{b}",
                        states=(a, b),
                        obligations=("nonaggression", "consultation"),
                        name=f"{_name(s, a)}-{_name(s, b)} non-aggression pact",
                    ),
                ),
                (a, b),
            )
        )
    everyone = sorted({c for p in pairs for c in p})
    if len(everyone) > 2:
        out.append(
            Candidate(
                "framework",
                f"inclusive non-aggression and consultation framework of all {len(everyone)} "
                "states in the region's rivalries",
                (
                    Edit(
                        "create",
                        alliance="inclusive_framework",
                        states=tuple(everyone),
                        obligations=("nonaggression", "consultation"),
                        name="Inclusive security framework",
                    ),
                ),
                tuple(everyone),
            )
        )
    return out


def _cooperation(st: _Setting) -> list[Candidate]:
    """Candidate moves of one kind: cyber / non-traditional cooperation."""
    s, focal, inside, mil = st.s, st.focal, st.inside, st.mil
    out: list[Candidate] = []
    for k in mil:
        in_members = tuple(
            c for c in (s.ccodes[i] for i in np.nonzero(s.membership[k])[0]) if c in inside
        )
        if len(in_members) < 2 or (focal is not None and focal not in in_members):
            continue
        out.append(
            Candidate(
                "cooperation",
                f"cyber cooperation pact of {_short(s.alliance_names[k])}'s members in the region",
                (
                    Edit(
                        "create",
                        alliance=f"cyber_{s.alliances[k]}",
                        states=in_members,
                        obligations=("consultation",),
                        domain="cyber",
                        name=f"{s.alliance_names[k]} cyber pact",
                    ),
                ),
                in_members,
            )
        )
    if len(inside) >= 2:
        out.append(
            Candidate(
                "cooperation",
                "region-wide non-traditional security pact (terrorism, disasters, health)",
                (
                    Edit(
                        "create",
                        alliance="regional_non_traditional",
                        states=tuple(inside),
                        obligations=("consultation",),
                        domain="non_traditional",
                        name="Regional non-traditional security pact",
                    ),
                ),
                tuple(inside),
            )
        )
    return out


def _leave(st: _Setting) -> list[Candidate]:
    """Candidate moves of one kind: a member leaves."""
    from ..measures.exposure import war_exposure

    s, focal, inside, mil = st.s, st.focal, st.inside, st.mil
    out: list[Candidate] = []
    expo = war_exposure(s, n_sims=300, seed=0).set_index("ccode")["exposure"].fillna(0.0)
    for k in mil:
        all_members = [s.ccodes[i] for i in np.nonzero(s.membership[k])[0]]
        if len(all_members) < 2:
            continue
        leavers = [c for c in all_members if c in inside]
        if focal is not None:
            leavers = [focal] if focal in all_members else []
        else:
            leavers = sorted(leavers, key=lambda c: (-float(expo.get(c, 0.0)), c))[:3]
        for c in leavers:
            out.append(
                Candidate(
                    "leave",
                    f"{_name(s, c)} leaves {_short(s.alliance_names[k])}",
                    (Edit("leave", state=c, alliance=s.alliances[k]),),
                    (c,),
                )
            )
    return out


def candidates(
    s: Snapshot, focal: int | None = None, *, top_partners: int = 6, admit_per_alliance: int = 8
) -> list[Candidate]:
    """Enumerate candidate moves on snapshot ``s`` (optionally only those of ``focal``).

    * **admit**: a multilateral alliance (three or more members) with defence obligations
      and a member in the region admits a state of the region that is not a member, is no
      rival of a member and is not tied by defence to a rival of a member (at most
      ``admit_per_alliance`` per alliance: states with a rival first, then the strongest;
      the reference data hold no contiguity, so every such state of the region counts as
      a neighbour);
    * **defense_pact**: a new bilateral defence pact between a state of the region that
      has a rival (the least deterred first; with ``focal``, the focal state) and one of
      the ``top_partners`` strongest states of the snapshot that is not its rival, not
      allied to its rivals, no rival of its allies and not already its defence partner;
    * **framework**: non-aggression and consultation among rivals, bilateral for each
      rival pair with a member in the region and one inclusive framework for all of them;
    * **cooperation**: a cyber cooperation pact (consultation) among the region's members
      of each defence alliance, and a region-wide non-traditional pact (terrorism,
      disaster relief, health);
    * **leave**: a member of the region leaves a defence alliance (the members most
      exposed to rival wars; with ``focal``, the focal state).

    Examples
    --------
    >>> from alliancelab import snapshot
    >>> kinds = {c.kind for c in candidates(snapshot(2024, "europe"))}
    >>> sorted(kinds)
    ['admit', 'cooperation', 'defense_pact', 'framework', 'leave']
    """
    inside = [c for c, m in zip(s.ccodes, s.in_region, strict=True) if m]
    riv = _rivals(s)
    partners = _defense_partners(s)
    cap = dict(zip(s.ccodes, np.nan_to_num(s.capability, nan=0.0), strict=True))
    mil = [
        k
        for k, a in enumerate(s.alliances)
        if s.alliance_domains[k] in ("conventional", "nuclear")
        and s.alliance_obligations[k, OBLIGATIONS.index("defense")]
        and any(s.in_region[np.nonzero(s.membership[k])[0]])
    ]
    st = _Setting(s, focal, inside, riv, partners, cap, mil)
    return [
        *_admit(st, admit_per_alliance),
        *_defense_pacts(st, top_partners),
        *_frameworks(st),
        *_cooperation(st),
        *_leave(st),
    ]
