"""Power transition, deterrence, entanglement and dependency on hand-computed systems."""

from __future__ import annotations

import numpy as np
import pytest

from alliancelab import snapshot_from_ties
from alliancelab.measures import (
    dependency,
    deterrence,
    entanglement,
    free_riding,
    honour_probabilities,
    min_deterrence,
    parity_rivalries,
    rival_parity,
    spearman,
    war_participation,
)


def test_parity_band_and_overtaking() -> None:
    # pairs: (1,2) 9 vs 10 -> 0.9 parity; (2,3) 10 vs 7 -> 1.43 no parity;
    # (1,3) 9 vs 7 -> 1.286 just outside 1.25
    now = snapshot_from_ties(1900, {1: 9, 2: 10, 3: 7}, [], [(1, 2), (2, 3), (1, 3)])
    d = rival_parity(now).set_index(["ccode1", "ccode2"])
    assert d.loc[(1, 2), "ratio"] == pytest.approx(0.9)
    assert bool(d.loc[(1, 2), "parity"]) and not bool(d.loc[(2, 3), "parity"])
    assert not bool(d.loc[(1, 3), "parity"])
    assert d["overtaking"].isna().all()  # no previous year given: NA, not False
    # a year earlier 1 led 2 (11 > 10) and 3 led 1 (8 > ... no: 3 had 6 < 9)
    before = snapshot_from_ties(1899, {1: 11, 2: 10, 3: 6}, [], [(1, 2), (2, 3), (1, 3)])
    r = parity_rivalries(now, previous=before).iloc[0]
    assert r["parity_rivalries"] == 1 and r["n_rivalries"] == 3
    assert r["overtakings"] == 1  # only 2 overtook 1
    with pytest.raises(ValueError, match="band"):
        rival_parity(now, band=(1.1, 1.3))


#: Berkemeier & Fuhrmann's (2018) counts (LITERATURE.md section 2, recomputed [V]):
#: defence 36/59 before 1945 and 6/43 from 1945, offence 31/42
PD0, PD1, PO = 36 / 59, 6 / 43, 31 / 42


def test_honour_probabilities_by_era_and_source() -> None:
    # Berkemeier & Fuhrmann (2018), the exact ratios of their counts: defence 36/59
    # (61.0%) before 1945, 6/43 (14.0%) after; offence 31/42 (73.8%); neutrality 35/45
    # (77.8%); non-aggression 18/49 (36.7%)
    early, late = honour_probabilities(1900), honour_probabilities(1945)
    assert (early["defense"], late["defense"]) == (PD0, PD1)
    assert early["offense"] == PO == late["offense"] and early["neutrality"] == 35 / 45
    assert early["nonaggression"] == 18 / 49 and early["consultation"] == 0.0
    assert round(early["defense"], 2) == 0.61 and round(late["defense"], 2) == 0.14
    # Leeds, Long & Mitchell (2000): 74.5%
    assert honour_probabilities(1900, "leeds-long-mitchell")["defense"] == 0.745
    assert honour_probabilities(1900, {"defense": 0.5})["offense"] == 0.0
    with pytest.raises(ValueError):
        honour_probabilities(1900, "sabrosky")
    with pytest.raises(ValueError):
        honour_probabilities(1900, {"defense": 1.5})


def test_one_berkemeier_fuhrmann_table() -> None:
    # the measures, the escalation model's "bf2018" table and the policy draws read the
    # one copy of the counts; every rate is its count's ratio
    from alliancelab.measures import _bf2018
    from alliancelab.measures.deterrence import HONOUR_RATES
    from alliancelab.models import escalation
    from alliancelab.policy import _deterrence

    counts = _bf2018.BF2018_COUNTS
    assert escalation.BF2018_COUNTS is counts and _deterrence.COUNTS is counts
    table = HONOUR_RATES["berkemeier-fuhrmann"]
    for year, era in ((1944, 0), (1945, 1)):
        measured = honour_probabilities(year)
        modelled = escalation.bf2018_honour(year)
        assert set(modelled) == set(counts) and set(measured) - set(counts) == {"consultation"}
        for kind, pair in counts.items():
            h, n = pair[era]
            assert measured[kind] == modelled[kind] == h / n == table[kind][era]  # type: ignore[index]
    assert counts["defense"] == ((36, 59), (6, 43)) and counts["offense"][0] == (31, 42)


def test_deterrence_pools_honoured_allies() -> None:
    # 1950 (defence p = 6/43): 1 (cap 10) rivals 2 (cap 4); 3 (cap 6) and 4 (cap 5) owe 2
    # defence; 5 (cap 2) owes 1 offence (p = 31/42).
    # target 2: 4 + 6/43*(6 + 5) = 5.5349; challenger 1: 10 + 31/42*2 = 11.4762 -> 0.48229
    # (0.48258 with the rounded .14 and .74); target 1: 10 + 0 = 10; challenger 2: 4 -> 2.5
    s = snapshot_from_ties(
        1950,
        {1: 10, 2: 4, 3: 6, 4: 5, 5: 2},
        [(3, 2, "defense"), (4, 2, "defense"), (5, 1, "offense")],
        [(1, 2)],
    )
    d = deterrence(s).set_index(["challenger", "target"])
    assert d.loc[(1, 2), "target_pooled"] == pytest.approx(4 + PD1 * 11)
    assert d.loc[(1, 2), "target_pooled"] == pytest.approx(5.5349, abs=1e-4)
    assert d.loc[(1, 2), "challenger_pooled"] == pytest.approx(10 + PO * 2)
    assert d.loc[(1, 2), "deterrence"] == pytest.approx(0.48229, abs=1e-5)
    assert d.loc[(2, 1), "deterrence"] == pytest.approx(2.5)
    m = min_deterrence(s).iloc[0]
    assert m["min_deterrence"] == pytest.approx(0.48229, abs=1e-5) and m["weakest_target"] == 2
    # before 1945 defence is honoured with 36/59: 4 + 36/59*11 = 10.7119 (10.71 with .61)
    s14 = snapshot_from_ties(
        1914, {1: 10, 2: 4, 3: 6, 4: 5}, [(3, 2, "defense"), (4, 2, "defense")], [(1, 2)]
    )
    assert deterrence(s14).set_index("target").loc[2, "target_pooled"] == pytest.approx(
        10.7119, abs=1e-4
    )
    # no rivalry -> NA
    assert np.isnan(min_deterrence(snapshot_from_ties(1914, {1: 1}, []))["min_deterrence"][0])


def test_war_participation_exact_hand_values() -> None:
    # a diamond: 0 at war; 1 and 2 owe 0 (p .5 each); 3 owes 1 and 2 (p .5 each):
    # P(3) = P(reach 1 or 2 and honour) = 1 - (1 - .25)^2 = .4375
    P = np.zeros((4, 4))
    P[0, 1] = P[0, 2] = P[1, 3] = P[2, 3] = 0.5
    prob, se, exact = war_participation(P, (0,))
    assert exact and se.tolist() == [0, 0, 0, 0]
    assert prob.tolist() == pytest.approx([1.0, 0.5, 0.5, 0.4375])


def test_monte_carlo_agrees_with_exact_within_its_error_and_is_seeded() -> None:
    rng = np.random.default_rng(9)
    P = (rng.random((8, 8)) < 0.3) * rng.random((8, 8))
    np.fill_diagonal(P, 0)
    exact, _, was_exact = war_participation(P, (0, 1), exact_edges=20)
    assert was_exact
    mc, se, was_exact = war_participation(
        P, (0, 1), exact_edges=0, n_sims=20000, rng=np.random.default_rng(1)
    )
    assert not was_exact
    ok = se > 0
    assert np.all(np.abs(mc - exact)[ok] <= 5 * se[ok])
    again, _, _ = war_participation(
        P, (0, 1), exact_edges=0, n_sims=20000, rng=np.random.default_rng(1)
    )
    assert np.array_equal(mc, again)


def test_entanglement_chain_and_war_size() -> None:
    # 1914 (defence 36/59): rivals 1-2; 3 owes 1 defence; 4 owes 3 defence; 5 owes 2
    # offence (31/42). P(3) = 36/59 = .6102, P(4) = (36/59)^2 = .3723, P(5) = .7381.
    # war size = 2 + .6102 + .3723 + .7381 = 3.7206 (3.7221 with .61 and .74)
    s = snapshot_from_ties(
        1914,
        dict.fromkeys(range(1, 6), 1.0),
        [(3, 1, "defense"), (4, 3, "defense"), (5, 2, "offense")],
        [(1, 2)],
    )
    reg, states, riv = entanglement(s)
    assert riv["war_size"].iloc[0] == pytest.approx(2 + PD0 + PD0**2 + PO)
    assert riv["war_size"].iloc[0] == pytest.approx(3.7206, abs=1e-4)
    assert bool(riv["exact"].iloc[0])
    e = states.set_index("ccode")["exposure"]
    assert e[3] == pytest.approx(PD0) and e[4] == pytest.approx(PD0**2)
    assert np.isnan(e[1])  # a rival is not "drawn in" to its own war
    r = reg.iloc[0]
    assert r["expected_war_size"] == pytest.approx(2 + PD0 + PD0**2 + PO)
    assert r["mean_exposure"] == pytest.approx((PD0 + PD0**2 + PO) / 3)
    # after 1945 defence drops to 6/43: P(3) = .1395
    s50 = snapshot_from_ties(1950, dict.fromkeys(range(1, 4), 1.0), [(3, 1, "defense")], [(1, 2)])
    assert entanglement(s50)[1].set_index("ccode")["exposure"][3] == pytest.approx(PD1)


def test_entanglement_monte_carlo_is_seeded_and_reports_error() -> None:
    # a 7-member mutual-defence clique around rival 1: 42 edges -> Monte Carlo
    members = range(1, 8)
    ties = [(a, b, "defense") for a in members for b in members if a != b]
    s = snapshot_from_ties(1914, {**dict.fromkeys(members, 1.0), 9: 1.0}, ties, [(1, 9)])
    a = entanglement(s, seed=4, n_sims=500)
    b = entanglement(s, seed=4, n_sims=500)
    assert a[0].equals(b[0]) and a[1].equals(b[1])
    assert not bool(a[0]["exact"].iloc[0])
    assert a[0]["war_size_se"].iloc[0] > 0
    # every clique member owes 1 directly: P(join) >= 36/59
    assert (a[1].set_index("ccode")["exposure"].loc[2:7] >= PD0 - 4 * 0.03).all()


def test_dependency_and_asymmetry() -> None:
    # 2 (cap 1) is owed defence by 1 (cap 6) and 3 (cap 3): 6/10 = .6;
    # 1 owed defence by 2 only (mutual 1-2): 1/(6+1) = 1/7; 3 owed nothing: 0.
    # defence pairs: 1-2 mutual, 2-3 one-sided -> asymmetry 1/2
    s = snapshot_from_ties(
        1950, {1: 6, 2: 1, 3: 3}, [(1, 2, "defense"), (2, 1, "defense"), (3, 2, "defense")]
    )
    reg, st = dependency(s)
    d = st.set_index("ccode")
    assert d.loc[2, "dependency"] == pytest.approx(0.6) and d.loc[2, "largest_partner"] == 1
    assert d.loc[1, "dependency"] == pytest.approx(1 / 7)
    assert d.loc[3, "dependency"] == 0.0
    assert reg["max_dependency"].iloc[0] == pytest.approx(0.6)
    assert reg["asymmetry"].iloc[0] == 0.5


def test_spearman_and_free_riding() -> None:
    # perfect positive rank order -> 1; reversed -> -1; ties get average ranks
    assert spearman(np.array([1, 2, 3, 4]), np.array([2, 4, 6, 8])) == pytest.approx(1.0)
    assert spearman(np.array([1, 2, 3]), np.array([3, 2, 1])) == pytest.approx(-1.0)
    assert np.isnan(spearman(np.array([1, 2]), np.array([1, 2])))
    s = snapshot_from_ties(1960, {1: 1, 2: 1, 3: 1}, [])
    assert free_riding(s, {1: 0.1}).empty  # no alliances in a hypothetical system
