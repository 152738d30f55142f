"""Plausibility rules of the candidate moves, checked generally (not by name) on several
region-years: every new tie is between states that are not rivals, not in opposing
camps, and that are contiguous, already tied, or share a defence ally in one region; an
alliance admits only states of its home regions and never a bloc's leader."""

from __future__ import annotations

import numpy as np
import pytest

from alliancelab import snapshot
from alliancelab.codes import region_of
from alliancelab.measures._military import major_powers
from alliancelab.policy import candidates
from alliancelab.reference import contiguity

CASES = [(2024, "europe"), (2024, "asia"), (1960, "europe"), (1985, "asia"), (2024, "middle_east")]


def _reg(c: int) -> str:
    r = region_of(c)
    return "asia" if r == "oceania" else str(r)


def _camps(defense: np.ndarray, codes: list[int]) -> dict[int, int]:
    """Connected components of the defence graph, by breadth-first search."""
    lab: dict[int, int] = {}
    adj = defense | defense.T
    for i in range(len(codes)):
        if codes[i] in lab:
            continue
        stack, seen = [i], {i}
        while stack:
            k = stack.pop()
            for j in np.nonzero(adj[k])[0]:
                if int(j) not in seen:
                    seen.add(int(j))
                    stack.append(int(j))
        for k in seen:
            lab[codes[k]] = i
    return lab


def _new_pairs(s: object, c: object) -> list[tuple[int, int]]:
    if c.kind == "defense_pact":  # type: ignore[attr-defined]
        a, b = c.members  # type: ignore[attr-defined]
        return [(a, b)]
    joiner = c.edits[0].state  # type: ignore[attr-defined]
    return [(joiner, m) for m in c.members if m != joiner]  # type: ignore[attr-defined]


@pytest.mark.parametrize(("year", "region"), CASES)
def test_every_new_tie_is_plausible(year: int, region: str) -> None:
    s = snapshot(year, region)
    codes = list(s.ccodes)
    defense = np.asarray(s.obligation("defense"), dtype=bool)
    anytie = np.asarray(s.obligations, dtype=bool).any(axis=2)
    anytie = anytie | anytie.T
    camp = _camps(defense, codes)
    riv = np.asarray(s.rivalry, dtype=bool)
    opposed = {
        frozenset((camp[codes[i]], camp[codes[j]]))
        for i, j in zip(*np.nonzero(riv), strict=True)
        if camp[codes[i]] != camp[codes[j]]
    }
    ct = contiguity(year, max_type=5)
    near = set(zip(ct["ccode1"].astype(int), ct["ccode2"].astype(int), strict=True))
    dpart = {
        c: {codes[j] for j in np.nonzero((defense | defense.T)[i])[0]} for i, c in enumerate(codes)
    }
    cands = candidates(s)
    assert cands
    new = [c for c in cands if c.kind in ("admit", "defense_pact")]
    assert new  # the rules are exercised, not vacuous
    for c in cands:
        assert c.reason, c.label
    for c in new:
        pairs = _new_pairs(s, c)
        group = {b for _, b in pairs}
        a = pairs[0][0]
        for x, y in pairs:
            i, j = s.index(x), s.index(y)
            assert not riv[i, j], f"{c.label}: rivals {x}-{y}"
            assert frozenset((camp[x], camp[y])) not in opposed, f"{c.label}: opposing camps"
        # affinity with at least one state of the other side
        ok = any(
            (a, b) in near
            or anytie[s.index(a), s.index(b)]
            or (dpart[a] & dpart[b] and _reg(a) == _reg(b))
            for b in group
        )
        assert ok, f"{c.label}: no contiguity, tie or shared ally"
        if c.kind == "admit":
            members = group
            # no rival of the joiner inside, nor a defence partner of a member's rival
            assert not any(riv[s.index(a), s.index(m)] for m in members), c.label
            regs = [_reg(m) for m in members]
            assert 3 * regs.count(_reg(a)) >= len(regs), f"{c.label}: outside home regions"
            assert not (a in major_powers(year) and dpart[a]), f"{c.label}: a bloc leader"


def test_no_cross_bloc_pact_in_the_cold_war() -> None:
    """1960: no candidate ties a Warsaw Pact member to a NATO member."""
    s = snapshot(1960, "europe")
    names = list(s.alliance_names)
    blocs = []
    for key in ("North Atlantic", "Warsaw"):
        k = next(i for i, n in enumerate(names) if key in n)
        blocs.append({s.ccodes[i] for i in np.nonzero(s.membership[k])[0]})
    for c in candidates(s):
        if c.kind in ("admit", "defense_pact"):
            for x, y in _new_pairs(s, c):
                assert not (
                    (x in blocs[0] and y in blocs[1]) or (x in blocs[1] and y in blocs[0])
                ), c.label
