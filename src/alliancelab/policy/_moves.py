"""Candidate policy moves for a region-year, the generator behind ``policy.options``.

Five kinds (``docs/policy.md``): a multilateral alliance admits a state, a new bilateral
defence pact, non-aggression and consultation frameworks among rivals, cyber and
non-traditional cooperation pacts, a member leaving a defence alliance. Each move is a
tuple of :class:`alliancelab.scenario.Edit` applied to the baseline snapshot.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from ..codes import region_of
from ..reference import OBLIGATIONS
from ..scenario.edits import Edit
from ..snapshot import Snapshot

__all__ = ["Candidate", "affinity", "candidates", "hostile"]


@dataclass(frozen=True)
class Candidate:
    """A candidate move: its kind, a label and the scenario edits that make it."""

    kind: str
    label: str
    edits: tuple[Edit, ...]
    members: tuple[int, ...]
    reason: str = ""


def _name(s: Snapshot, c: int) -> str:
    return s.names[s.index(c)]


def _short(name: str) -> str:
    """A short alliance label: its acronym if the name has one ("NATO"), else the name
    without parenthetical detail.

    Examples
    --------
    >>> _short("North Atlantic Treaty Organization (NATO)"), _short("Warsaw Pact (1955-1991)")
    ('NATO', 'Warsaw Pact')
    >>> _short("US-Republic of China (Taiwan) Mutual Defense Treaty (1954)")
    'US-Republic of China Mutual Defense Treaty'
    """
    m = re.search(r"\(([^);,]+)", name)
    if m and re.fullmatch(r"[A-Z]{2,8}", m.group(1).strip()):
        return m.group(1).strip()
    return re.sub(r"\s*\([^)]*\)", "", name).strip()


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
    near: dict[int, set[int]]
    ties: dict[int, set[int]]
    camp: dict[int, int]
    opposed: frozenset[frozenset[int]]
    threatened: tuple[int, ...] = ()


def _camps(s: Snapshot, partners: dict[int, set[int]]) -> dict[int, int]:
    """Each state's camp: its connected component in the defence-tie graph (a bloc and
    everyone tied to it by defence, directly or through allies), numbered by the
    smallest COW code in it."""
    camp: dict[int, int] = {}
    for c in s.ccodes:
        if c in camp:
            continue
        comp, todo = {c}, [c]
        while todo:
            for q in partners[todo.pop()] - comp:
                comp.add(q)
                todo.append(q)
        for q in comp:
            camp[q] = min(comp)
    return camp


def _opposed_camps(riv: dict[int, set[int]], camp: dict[int, int]) -> frozenset[frozenset[int]]:
    """Pairs of distinct camps with a strategic rivalry between their members."""
    return frozenset(
        frozenset((camp[a], camp[b])) for a in riv for b in riv[a] if camp[a] != camp[b]
    )


def _near(s: Snapshot) -> dict[int, set[int]]:
    """States contiguous by land or by up to 400 miles of water in the snapshot's year
    (reference contiguity: COW Direct Contiguity 3.2, types 1-5)."""
    from ..reference import contiguity

    ct = contiguity(int(s.year), max_type=5)
    out: dict[int, set[int]] = {c: set() for c in s.ccodes}
    for a, b in zip(ct["ccode1"], ct["ccode2"], strict=True):
        if int(a) in out:
            out[int(a)].add(int(b))
    return out


def _any_ties(s: Snapshot) -> dict[int, set[int]]:
    ob = np.asarray(np.asarray(s.obligations, dtype=bool).any(axis=2))
    both = ob | ob.T
    return {c: {s.ccodes[j] for j in np.nonzero(both[i])[0]} for i, c in enumerate(s.ccodes)}


def hostile(st: _Setting, a: int, b: int) -> str | None:
    """Why states ``a`` and ``b`` may not be tied (rivals, or in opposing camps), or
    None when nothing opposes them."""
    if b in st.riv[a]:
        return "strategic rivals"
    if frozenset((st.camp[a], st.camp[b])) in st.opposed:
        return "in opposing camps (their defence networks hold rivals of each other)"
    return None


def affinity(st: _Setting, a: int, group: set[int]) -> str | None:
    """Why ``a`` is a plausible partner of the states ``group``: geography (contiguous
    by land or within 400 miles of water of one of them), an existing tie, or a shared
    ally; None when none holds."""
    s = st.s
    near = sorted(st.near[a] & group)
    if near:
        return f"{_name(s, a)} is contiguous to {', '.join(_name(s, c) for c in near[:3])}"
    tied = sorted(st.ties[a] & group)
    if tied:
        return f"{_name(s, a)} already has a tie with {', '.join(_name(s, c) for c in tied[:3])}"
    shared = sorted(st.partners[a] & set().union(*(st.partners[g] for g in group)) - group - {a})
    same = {_region(g) for g in group} & {_region(a)}
    if shared and same:
        return f"{_name(s, a)} shares the defence ally {_name(s, shared[0])} and its region"
    return None


def _region(c: int) -> str:
    r = region_of(int(c))
    return "asia" if r == "oceania" else str(r)


def _home(members: set[int]) -> set[str]:
    """An alliance's home regions: the COW regions holding at least a third of its
    members (Oceania counted with Asia, COW's practice)."""
    regs = [_region(m) for m in members]
    return {r for r in set(regs) if 3 * regs.count(r) >= len(regs)}


def _leaders(st: _Setting) -> dict[int, str]:
    """Bloc leaders: the strongest member of each multilateral defence alliance, and
    every COW major power with a defence ally of its own."""
    from ..measures._military import major_powers

    s, out = st.s, {}
    for c in major_powers(int(s.year)):
        if st.partners.get(c):
            out[c] = "its own allies"
    for k in st.mil:
        members = [s.ccodes[i] for i in np.nonzero(s.membership[k])[0]]
        if len(members) >= 3:
            lead = max(members, key=lambda c: (st.cap[c], -c))
            out[lead] = _short(s.alliance_names[k])
    return out


def _admit(st: _Setting, admit_per_alliance: int) -> list[Candidate]:
    """Candidate moves of one kind: admit (plausibility rules in :func:`candidates`)."""
    s, focal, inside, riv, cap = st.s, st.focal, st.inside, st.riv, st.cap
    leaders = _leaders(st)
    out: list[Candidate] = []
    for k in st.mil:
        members = {s.ccodes[i] for i in np.nonzero(s.membership[k])[0]}
        if len(members) < 3:  # bilateral treaties do not admit members
            continue
        home = _home(members)
        eligible = []
        for c in inside:
            if c in members or cap[c] <= 0 or (focal is not None and focal not in (c, *members)):
                continue
            if c in leaders or _region(c) not in home or any(hostile(st, c, m) for m in members):
                continue
            if st.partners[c] & set().union(*(riv[m] for m in members)):
                continue
            why = affinity(st, c, members)
            if why is not None:
                eligible.append((c, why))
        # states the engine finds most threatened first, then those with a rival, then
        # the strongest
        thr = {c: i for i, c in enumerate(st.threatened)}
        eligible.sort(key=lambda e: (thr.get(e[0], len(thr)), not riv[e[0]], -cap[e[0]], e[0]))
        for c, why in eligible[:admit_per_alliance]:
            out.append(
                Candidate(
                    "admit",
                    f"{_short(s.alliance_names[k])} admits {_name(s, c)}",
                    (Edit("join", state=c, alliance=s.alliances[k]),),
                    (c, *sorted(members)),
                    f"{why}; no rival of it inside, not in an opposing camp, leads no bloc",
                )
            )
    return out


def _pact_targets(st: _Setting) -> list[int]:
    """States a new defence pact would protect: the focal state, else the engine's most
    threatened states of the region (else the least deterred states with a rival)."""
    from ..measures.deterrence import deterrence

    if st.focal is not None:
        return [st.focal]
    if st.threatened:
        return list(st.threatened)
    targets = [c for c in st.inside if st.riv[c]]
    det = deterrence(st.s)
    low = det[det["target"].isin(targets)].groupby("target")["deterrence"].min()
    return [int(c) for c in low.sort_values().index[:5]]


def _defense_pacts(st: _Setting, top_partners: int) -> list[Candidate]:
    """Candidate moves of one kind: bilateral defence pacts."""
    s, riv, partners, cap = st.s, st.riv, st.partners, st.cap
    out: list[Candidate] = []
    strongest = sorted(s.ccodes, key=lambda c: (-cap[c], c))
    seen: set[frozenset[int]] = set()
    for t in _pact_targets(st):
        camp_hostile = set(riv[t]).union(*(partners[r] for r in riv[t]))
        camp_hostile |= set().union(*(riv[q] for q in partners[t]))
        n_added = 0
        for p in strongest:
            if n_added >= top_partners:
                break
            if p == t or p in camp_hostile or p in partners[t] or cap[p] <= 0:
                continue
            if hostile(st, t, p):
                continue
            why = affinity(st, p, {t})
            if why is None:
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
                    f"{_name(s, t)} among the most threatened; {why}; "
                    "not rivals, no opposing camps",
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
                "strategic rivals: a pledge between them is the classic confidence-building "
                "step (no defence commitment)",
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
                "inclusive security: every state in the region's rivalries, no defence commitment",
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
                "existing allies deepen cooperation (consultation only)",
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
                "shared non-military threats; consultation only",
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
                    f"among the members most exposed to rival wars (exposure "
                    f"{float(expo.get(c, 0.0)):.2f}); scored with the deterrence it gives up",
                )
            )
    return out


def candidates(
    s: Snapshot,
    focal: int | None = None,
    *,
    top_partners: int = 4,
    admit_per_alliance: int = 6,
    threatened: Sequence[int] = (),
) -> list[Candidate]:
    """Enumerate candidate moves on snapshot ``s`` (optionally only those of ``focal``).

    Plausibility rules (every new tie; ``docs/policy.md``):

    * no tie between strategic rivals, nor between states in **opposing camps** (a camp
      is a connected component of the defence-tie graph; two camps oppose when a
      rivalry joins them);
    * **affinity**: the new partner is contiguous (land, or up to 400 miles of water:
      reference contiguity, COW Direct Contiguity 3.2) to the state or a member, already
      has a tie with one, or shares a defence ally with one;
    * an alliance admits no state whose rival sits inside it, no state tied by defence
      to a member's rival, and no bloc's leader (the strongest member of a multilateral
      defence alliance).

    Kinds:

    * **admit**: a multilateral alliance (three or more members) with defence obligations
      and a member in the region admits a state of the region (at most
      ``admit_per_alliance``: the most threatened by the engine's ``threatened`` order
      first, then states with a rival, then the strongest);
    * **defense_pact**: a new bilateral defence pact between one of the ``threatened``
      states (default: the least deterred with a rival; with ``focal``, the focal
      state) and up to ``top_partners`` of the strongest plausible partners not already
      its defence partners;
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
    camp = _camps(s, partners)
    st = _Setting(s, focal, inside, riv, partners, cap, mil, _near(s), _any_ties(s), camp,
                  _opposed_camps(riv, camp), tuple(threatened))  # fmt: skip
    return [
        *_admit(st, admit_per_alliance),
        *_defense_pacts(st, top_partners),
        *_frameworks(st),
        *_cooperation(st),
        *_leave(st),
    ]
