"""The escalation cascade honours alliance conditions (issue 11, Deliver 3).

July 1914 (Austria-Hungary 300 attacks Serbia 345) with every obligation honoured, on the
official data (COW states2016, ATOP 5.1) and the reference data, by year and on the day
the war began: Russia (365), France (220) and the United Kingdom (200) never fight on
Austria-Hungary's side. Without the conditions the store's 1914 system puts Russia and
France there (the chain Romania -> Austria-Hungary (ATOP 1355, non-provocation) -> Russia
(ATOP 2020) -> France the issue reports), which the tests check too, so they can fail.
General checks on other crises: a state whose obligation names X as adversary never joins
X's side; Germany against Poland on 1 September 1939 brings in the UK and France (ATOP
2440, 2060/2135, both aimed at Germany).
"""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest

from alliancelab import snapshot, snapshot_from_ties
from alliancelab.models import escalation as esc
from alliancelab.snapshot import Snapshot, TieConditions
from alliancelab.store import Store

ENTENTE = (365, 220, 200)


@pytest.fixture(scope="module")
def store(official_store: Store) -> Store:
    return official_store


def _side0(s: Snapshot, challenger: int, target: int, n: int = 400) -> dict[int, float]:
    r = esc.simulate(s, challenger, target, esc.Params(honour=1.0), n=n, seed=3).states
    return dict(zip(r["ccode"].astype(int), r["p_challenger_side"], strict=True))


@pytest.mark.parametrize("when", [1914, "1914-07-28"])
@pytest.mark.parametrize("data", ["store", "reference"])
def test_july_1914_entente_never_on_austria_hungarys_side(
    store: Store, when: object, data: str
) -> None:
    for region in (None, "europe"):
        s = snapshot(when, region, data=data, store=store if data == "store" else None)
        side0 = _side0(s, 300, 345)
        for c in ENTENTE:
            assert side0.get(c, 0.0) == 0.0, (c, when, data, region)
        assert side0[300] == 1.0


def test_without_conditions_the_1914_store_chain_misleads(store: Store) -> None:
    s = snapshot(1914, data="store", store=store)
    assert len(s.tie_conditions) > 0
    bare = dataclasses.replace(s, tie_conditions=())
    side0 = _side0(bare, 300, 345)
    assert side0[365] == 1.0 and side0[220] == 1.0  # the bug the conditions remove


def test_europe_1939_germany_poland_on_a_date(store: Store) -> None:
    s = snapshot("1939-09-01", "europe", data="store", store=store)
    r = esc.simulate(s, 255, 290, esc.Params(honour=1.0), n=200, seed=1).states.set_index("ccode")
    assert r.loc[200, "p_target_side"] == 1.0 and r.loc[220, "p_target_side"] == 1.0
    for c in (200, 220, 365):
        assert r.loc[c, "p_challenger_side"] == 0.0


def _aimed(s: Snapshot) -> dict[int, set[int]]:
    out: dict[int, set[int]] = {}
    for t in range(len(s.tie_alliance)):
        named = s.conditions(t).aimed_at() & set(s.ccodes)
        if named:
            out.setdefault(int(s.ccodes[s.tie_from[t]]), set()).update(named)
    return out


@pytest.mark.parametrize("when", [1914, "1939-09-01", 1960])
def test_a_state_never_joins_the_side_its_pledges_are_aimed_against(
    store: Store, when: object
) -> None:
    s = snapshot(when, data="store", store=store)
    aimed = _aimed(s)
    assert aimed  # the year has adversary-specific pledges
    rng = np.random.default_rng(11)
    tied = sorted({int(s.ccodes[i]) for i in s.tie_from.tolist()})
    crises = [tuple(int(x) for x in rng.choice(tied, 2, replace=False)) for _ in range(25)]
    # plus every crisis started or suffered by a named adversary
    named = sorted({x for v in aimed.values() for x in v})
    crises += [(x, int(rng.choice(tied))) for x in named[:10]]
    crises += [(int(rng.choice(tied)), x) for x in named[:10]]
    for c, t in crises:
        if c == t:
            continue
        r = esc.simulate(s, c, t, esc.Params(honour=1.0), n=50, seed=2).states
        side = {int(k): (a, b) for k, a, b in zip(r["ccode"], r["p_challenger_side"],
                                                 r["p_target_side"], strict=True)}  # fmt: skip
        for state, adversaries in aimed.items():
            if state in (c, t):
                continue
            if c in adversaries:
                assert side[state][0] == 0.0, (when, c, t, state)
            if t in adversaries:
                assert side[state][1] == 0.0, (when, c, t, state)


def _with(s: Snapshot, conds: dict[tuple[int, int], TieConditions]) -> Snapshot:
    tc = tuple(
        conds.get((s.ccodes[i], s.ccodes[j]), TieConditions())
        for i, j in zip(s.tie_from.tolist(), s.tie_to.tolist(), strict=True)
    )
    return dataclasses.replace(s, tie_conditions=tc)


def test_specific_adversary_applies_only_against_the_named_state() -> None:
    caps = {1: 1.0, 3: 1.0, 8: 1.0, 9: 1.0}
    s = _with(
        snapshot_from_ties(1900, caps, [(3, 1, "defense")]),
        {(3, 1): TieConditions(defense_against=frozenset({9}))},
    )
    assert _side0(s, 8, 1).get(3) == 0.0
    r = esc.simulate(s, 8, 1, esc.Params(honour=1.0), n=20, seed=1).states.set_index("ccode")
    assert r.loc[3, "p_join"] == 0.0
    r = esc.simulate(s, 9, 1, esc.Params(honour=1.0), n=20, seed=1).states.set_index("ccode")
    assert r.loc[3, "p_target_side"] == 1.0
    # and 3 never fights for 9, even when 9's ally calls it
    s2 = _with(
        snapshot_from_ties(1900, caps, [(3, 1, "defense"), (3, 9, "defense")]),
        {(3, 1): TieConditions(defense_against=frozenset({9}))},
    )
    r = esc.simulate(s2, 9, 1, esc.Params(honour=1.0), n=20, seed=1).states.set_index("ccode")
    assert r.loc[3, "p_target_side"] == 1.0 and r.loc[3, "p_challenger_side"] == 0.0


def test_a_specific_adversary_who_joins_later_triggers_the_pledge() -> None:
    # 9 defends challenger 8 once the war escalates; 3 defends target 1 against 9 only
    caps = {1: 1.0, 2: 1.0, 3: 1.0, 8: 1.0, 9: 1.0}
    ties = [(3, 1, "defense"), (2, 1, "defense"), (9, 8, "defense")]
    s = _with(
        snapshot_from_ties(1900, caps, ties),
        {(3, 1): TieConditions(defense_against=frozenset({9}))},
    )
    r = esc.simulate(s, 8, 1, esc.Params(honour=1.0), n=20, seed=1).states.set_index("ccode")
    assert r.loc[9, "p_challenger_side"] == 1.0 and r.loc[3, "p_target_side"] == 1.0


def test_non_provocation_pledge_never_defends_the_challenger() -> None:
    caps = {1: 1.0, 2: 1.0, 4: 1.0, 8: 1.0}
    ties = [(2, 1, "defense"), (4, 8, "defense")]
    s = snapshot_from_ties(1900, caps, ties)
    r = esc.simulate(s, 8, 1, esc.Params(honour=1.0), n=20, seed=1).states.set_index("ccode")
    assert r.loc[4, "p_challenger_side"] == 1.0  # unconditioned: escalation calls 4 in
    s = _with(s, {(4, 8): TieConditions(defense_nonprovocation=True)})
    r = esc.simulate(s, 8, 1, esc.Params(honour=1.0), n=20, seed=1).states.set_index("ccode")
    assert r.loc[4, "p_join"] == 0.0
    # ... but still defends 8 when 8 is attacked
    r = esc.simulate(s, 1, 8, esc.Params(honour=1.0), n=20, seed=1).states.set_index("ccode")
    assert r.loc[4, "p_target_side"] == 1.0


def test_unconditioned_snapshots_give_identical_results() -> None:
    # the reference set now names adversaries (the ``against`` column): drop them to get a
    # snapshot without conditions, then compare with every tie explicitly unconditional
    s = dataclasses.replace(snapshot(1914, "europe"), tie_conditions=())
    assert any(c != TieConditions() for c in snapshot(1914, "europe").tie_conditions)
    a = esc.simulate(s, 300, 345, esc.Params(honour=0.6), n=2000, seed=5)
    b = esc.simulate(_with(s, {}), 300, 345, esc.Params(honour=0.6), n=2000, seed=5)
    assert a.states.equals(b.states) and a.wars.equals(b.wars)
