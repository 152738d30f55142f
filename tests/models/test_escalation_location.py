"""Location-conditioned defence obligations in the escalation cascade (issue 11, Deliver 3).

A crisis is fought on the target's territory: a defence obligation conditional on the
location of the conflict (ATOP 5.1 ``defcoloc``: NATO, Rio, SEATO, ...) applies only to
the target; to the challenger and to any state joining either side it does not.

Historical checks on the official data (COW states2016, ATOP 5.1), every obligation
honoured: Israel attacking Egypt on 29 October 1956 brings in the UK and France (the
Sevres offence pact, ATOP codes it), but never the United States on Israel's side
(without the rule every NATO, Rio and SEATO member follows the UK and France); the
United States attacking Iraq on 20 March 2003 calls in no Rio Treaty member of the
Americas.
"""

from __future__ import annotations

import dataclasses

import pytest

from alliancelab import snapshot, snapshot_from_ties
from alliancelab.models import escalation as esc
from alliancelab.snapshot import Snapshot, TieConditions
from alliancelab.store import Store

LOCAL = TieConditions(defense_location=True)


@pytest.fixture(scope="module")
def store(official_store: Store) -> Store:
    return official_store


def _run(s: Snapshot, challenger: int, target: int) -> dict[int, tuple[float, float]]:
    r = esc.simulate(s, challenger, target, esc.Params(honour=1.0), n=20, seed=1).states
    return {
        int(c): (float(a), float(b))
        for c, a, b in zip(r["ccode"], r["p_challenger_side"], r["p_target_side"], strict=True)
    }


def _conditions(s: Snapshot, by_tie: dict[int, TieConditions]) -> Snapshot:
    tc = tuple(by_tie.get(t, TieConditions()) for t in range(len(s.tie_from)))
    return dataclasses.replace(s, tie_conditions=tc)


def _unlocated(s: Snapshot) -> Snapshot:
    tc = tuple(dataclasses.replace(c, defense_location=False) for c in s.tie_conditions)
    return dataclasses.replace(s, tie_conditions=tc)


def test_a_location_pledge_applies_to_the_target_and_not_to_a_joiner() -> None:
    # 9 attacks 1; 2 defends 1 (unconditional); 3 defends 1 and 4 defends 2 by location
    caps = {1: 1.0, 2: 1.0, 3: 1.0, 4: 1.0, 9: 1.0}
    ties = [(2, 1, "defense"), (3, 1, "defense"), (4, 2, "defense")]
    bare = snapshot_from_ties(1950, caps, ties)
    assert _run(bare, 9, 1)[4] == (0.0, 1.0)  # unconditioned: the chain reaches 4
    s = _conditions(bare, {1: LOCAL, 2: LOCAL})
    side = _run(s, 9, 1)
    assert side[3] == (0.0, 1.0)  # owed to the target, attacked at home: applies
    assert side[2] == (0.0, 1.0)
    assert side[4] == (0.0, 0.0)  # owed to a joiner fighting abroad: does not apply
    # the pledge to 2 applies when 2 itself is the target
    assert _run(s, 9, 2)[4] == (0.0, 1.0)


def test_an_unconditional_parallel_tie_keeps_the_pair() -> None:
    caps = {1: 1.0, 2: 1.0, 4: 1.0, 9: 1.0}
    ties = [(2, 1, "defense"), (4, 2, "defense"), (4, 2, "defense")]
    s = _conditions(snapshot_from_ties(1950, caps, ties), {1: LOCAL})
    assert _run(s, 9, 1)[4] == (0.0, 1.0)
    both = _conditions(s, {1: LOCAL, 2: LOCAL})
    assert _run(both, 9, 1)[4] == (0.0, 0.0)


def test_location_pledges_never_defend_the_challenger_or_its_joiners() -> None:
    # 2 defends target 1, so 9's coalition is attacked: 5 defends 9, 6 defends 5
    caps = {1: 1.0, 2: 1.0, 5: 1.0, 6: 1.0, 9: 1.0}
    ties = [(2, 1, "defense"), (5, 9, "defense"), (6, 5, "defense")]
    bare = snapshot_from_ties(1950, caps, ties)
    assert _run(bare, 9, 1)[5] == (1.0, 0.0) and _run(bare, 9, 1)[6] == (1.0, 0.0)
    side = _run(_conditions(bare, {1: LOCAL}), 9, 1)
    assert side[5] == (0.0, 0.0) and side[6] == (0.0, 0.0)
    side = _run(_conditions(bare, {2: LOCAL}), 9, 1)
    assert side[5] == (1.0, 0.0) and side[6] == (0.0, 0.0)


def test_a_location_pledge_naming_the_adversary_still_needs_the_target() -> None:
    # 4 defends joiner 2 against 9 only, by location: 9 is the challenger, yet 4 stays out
    caps = {1: 1.0, 2: 1.0, 4: 1.0, 9: 1.0}
    ties = [(2, 1, "defense"), (4, 2, "defense")]
    named = TieConditions(defense_against=frozenset({9}), defense_location=True)
    s = _conditions(snapshot_from_ties(1950, caps, ties), {1: named})
    assert _run(s, 9, 1)[4] == (0.0, 0.0)
    assert _run(s, 9, 2)[4] == (0.0, 1.0)
    assert _run(s, 1, 2)[4] == (0.0, 0.0)  # 1 is not a named adversary


def test_suez_1956_the_united_states_never_fights_for_israel(store: Store) -> None:
    s = snapshot("1956-10-29", data="store", store=store)
    assert any(c.defense_location for c in s.tie_conditions)
    side = _run(s, 666, 651)
    assert side[200][0] == 1.0 and side[220][0] == 1.0  # Sevres: the UK and France
    assert side[2][0] == 0.0
    # without the location rule NATO's pledges to the UK and France call the US in
    assert _run(_unlocated(s), 666, 651)[2][0] == 1.0


def _rio(s: Snapshot) -> set[int]:
    k = [a for a, name in enumerate(s.alliance_names) if "Rio Pact" in name]
    assert len(k) == 1
    members = s.membership[k[0]]
    return {int(c) for c, m in zip(s.ccodes, members.tolist(), strict=True) if m}


@pytest.mark.parametrize("honour", [None, 1.0])
def test_iraq_2003_calls_no_rio_treaty_member_in(store: Store, honour: float | None) -> None:
    s = snapshot("2003-03-20", data="store", store=store)
    rio = _rio(s) - {2}
    assert len(rio) > 15 and all(c < 200 for c in rio)
    r = esc.simulate(s, 2, 645, esc.Params(honour=honour), n=2000, seed=0).states
    joined = r.set_index("ccode")["p_join"]
    assert all(joined[c] == 0.0 for c in rio), joined[sorted(rio)]
    bare = esc.simulate(_unlocated(s), 2, 645, esc.Params(honour=honour), n=2000, seed=0)
    assert (bare.states.set_index("ccode")["p_join"][sorted(rio)] > 0).all()
