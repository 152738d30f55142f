"""Store snapshots come from the same builder as reference snapshots (real DuckDB file).

The store holds the official files from ``../shared/data``: COW State System Membership
v2016 (states2016 with day-level dates, system2016), ATOP 5.1 members, COW NMC v7.0 and
Thompson & Dreyer (2012) rivalries. The facts checked: Germany's unification on 3 October
1990 (COW states2016: GFR and GDR end 1990-10-02), NATO's 16 members in 1990 (ATOP 3180),
Serbia's name before 1918 (the Kingdom of Serbia; Yugoslavia from 1 December 1918).
"""

from __future__ import annotations

import numpy as np
import pytest

from alliancelab import scenario, snapshot
from alliancelab.snapshot import assemble_ties, store_data, system_members
from alliancelab.store import Store


@pytest.fixture(scope="module")
def store(official_store: Store) -> Store:
    return official_store  # tests/conftest.py: the official files, imported once a session


@pytest.mark.parametrize(("year", "region"), [(1914, "europe"), (1990, "europe"), (1960, None)])
def test_store_and_reference_snapshots_both_carry_their_ties(
    store: Store, year: int, region: str | None
) -> None:
    for s in (snapshot(year, region), snapshot(year, region, data="store", store=store)):
        assert len(s.tie_alliance) > 0
        ob, layers = assemble_ties(
            s.n, s.tie_alliance, s.tie_from, s.tie_to, s.tie_obligations, s.alliance_domains
        )
        assert (ob == s.obligations).all()
        for d, m in s.layers.items():
            assert (layers[d] == m).all(), d
        # every tie joins two members of its alliance; no state owes itself
        assert s.membership[s.tie_alliance, s.tie_from].all()
        assert s.membership[s.tie_alliance, s.tie_to].all()
        assert (s.tie_from != s.tie_to).all()


def test_store_ties_follow_atop_obligations(store: Store) -> None:
    s = snapshot(1914, "europe", data="store", store=store)
    # ATOP 1385 (Franco-Russian military convention, 1893): France owes Russia defence
    # there; in ATOP 1380 (1891) consultation only
    fra, rus = s.index(220), s.index(365)
    for atopid, obligation in ((1385, 0), (1380, 4)):
        k = s.alliances.index(f"atop{atopid}")
        ties = (s.tie_alliance == k) & (s.tie_from == fra) & (s.tie_to == rus)
        assert ties.sum() == 1
        assert s.tie_obligations[ties][0].tolist() == [i == obligation for i in range(5)]
    # alliances oldest first: by the first ATOP entry year, then id
    mem = store.read("atop", "members", columns=["atopid", "yrent"])
    first = mem.groupby("atopid")["yrent"].min()
    starts = [int(first[int(a.removeprefix("atop"))]) for a in s.alliances]
    assert starts == sorted(starts)


def test_a_capability_edit_on_a_store_snapshot_keeps_every_tie(store: Store) -> None:
    s = snapshot(1914, "europe", data="store", store=store)
    before = int(s.obligation("defense").sum())
    assert before > 0
    t = scenario.apply(s, [{"type": "capability", "state": 255, "scale": 0.5}], data="store")
    assert int(t.obligation("defense").sum()) == before
    assert (t.obligations == s.obligations).all()
    for name in ("tie_alliance", "tie_from", "tie_to", "tie_obligations"):
        assert (getattr(t, name) == getattr(s, name)).all(), name
    assert t.capability[t.index(255)] == pytest.approx(0.5 * s.capability[s.index(255)])


def test_leaving_an_alliance_on_a_store_snapshot_removes_only_its_ties(store: Store) -> None:
    s = snapshot(1990, data="store", store=store)
    nato = s.alliances.index("atop3180")
    size = int(s.membership[nato].sum())
    t = scenario.apply(s, [{"type": "leave", "state": 255, "alliance": "atop3180"}], data="store")
    # Germany's ties in NATO both ways go, every other tie stays
    assert len(s.tie_alliance) - len(t.tie_alliance) == 2 * (size - 1)


def test_store_europe_1990_counts_germany_once(store: Store) -> None:
    s = snapshot(1990, "europe", data="store", store=store)
    assert [c for c in s.ccodes if c in (255, 260, 265)] == [255]
    assert list(s.states()["ccode"]).count(255) == 1
    nato = s.membership[s.alliances.index("atop3180")]
    assert nato.sum() == 16 and nato[s.index(255)]
    assert s.capability_kind[s.index(255)] == "benchmark"


def test_store_system_is_taken_on_31_december(store: Store) -> None:
    sd = store_data(store)
    assert {255, 260, 265} & set(sd.system(1990).tolist()) == {255}
    assert {255, 260, 265} & set(sd.system(1989).tolist()) == {260, 265}
    assert 315 in sd.system(1992) and 316 in sd.system(1993) and 315 not in sd.system(1993)
    # the two sources apply the same rule: identical members in every year both cover
    for year in range(1816, 2017):
        assert sd.system(year).tolist() == system_members(year), year


@pytest.mark.parametrize(("year", "name"), [(1914, "Serbia"), (1950, "Yugoslavia")])
def test_store_names_follow_the_year(store: Store, year: int, name: str) -> None:
    s = snapshot(year, "europe", data="store", store=store)
    assert s.names[s.index(345)] == name
    assert snapshot(year, "europe").names[snapshot(year, "europe").index(345)] == name


def test_store_region_without_states_names_the_years_it_has(store: Store) -> None:
    from alliancelab import CoverageError

    with pytest.raises(CoverageError, match="has no state in the system in 1816; it has states"):
        snapshot(1816, "asia", data="store", store=store)


def test_store_snapshot_is_read_only(store: Store) -> None:
    s = snapshot(1914, "europe", data="store", store=store)
    with pytest.raises(ValueError):
        s.tie_from[0] = 1
    assert isinstance(s.tie_obligations, np.ndarray)
