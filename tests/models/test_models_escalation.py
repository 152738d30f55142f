"""Escalation cascade: exact closure at honour 1, r**k chains, pledges, deterrence, seeds."""

from __future__ import annotations

import networkx as nx
import numpy as np
import pandas as pd
import pytest

from alliancelab import alliance_members, snapshot, snapshot_from_ties
from alliancelab.models import escalation as esc


def _se(p: float, n: int) -> float:
    """Binomial standard error of a Monte Carlo share."""
    return float(np.sqrt(p * (1 - p) / n))


def _joined(res: esc.EscalationResult) -> set[int]:
    return {int(c) for c, p in zip(res.states["ccode"], res.states["p_join"], strict=True) if p}


@pytest.mark.parametrize("graph_seed", range(6))
def test_honour_one_joiners_are_the_closure_of_the_obligations(graph_seed: int) -> None:
    # Random forests hanging off the target (1) and the challenger (2), plus bystanders.
    # Target component: defense ties only (i owes an earlier member defense). Challenger
    # component: offense and defense ties. With honour 1 the joiners must be: every
    # state with a defense path to the target; every state with an offense path to the
    # challenger's coalition; and, because the war escalates as soon as a third state
    # fights for the target, every state with a defense path into the challenger's side.
    rng = np.random.default_rng(graph_seed)
    caps = {c: 1.0 for c in range(1, 31)}
    comp = {1: "T", 2: "C"}
    ties = []
    for c in range(3, 31):
        comp[c] = str(rng.choice(["T", "C", "X"]))
        if comp[c] == "X":
            continue
        earlier = [d for d in range(1, c) if comp[d] == comp[c]]
        for d in rng.choice(earlier, size=min(len(earlier), 2), replace=False):
            kind = "defense" if comp[c] == "T" else str(rng.choice(["offense", "defense"]))
            ties.append((c, int(d), kind))
    s = snapshot_from_ties(1900, caps, ties)
    res = esc.simulate(s, 2, 1, esc.Params(honour=1.0), n=50, seed=0)

    g_def = nx.DiGraph([(a, b) for a, b, k in ties if k == "defense"])
    g_def.add_nodes_from(caps)
    target_side = {1} | nx.ancestors(g_def, 1)
    escalated = len(target_side) > 1
    chal = {2}
    while True:  # fixed point of: offense always, defense once escalated
        new = {a for a, b, k in ties if b in chal and (k == "offense" or escalated)}
        if new <= chal:
            break
        chal |= new
    assert _joined(res) == target_side | chal
    assert (res.wars["n_states"] == len(target_side | chal)).all()
    st = res.states.set_index("ccode")
    assert set(st.index[st["p_target_side"] == 1]) == target_side
    assert set(st.index[st["p_challenger_side"] == 1]) == chal


def test_chain_of_k_defense_links_joins_with_r_to_the_k() -> None:
    # State d owes state d-1 defense, state 1 owes the target (100); challenger 200.
    # State d fights only if all d links are honoured: probability r**d.
    r, depth, n = 0.6, 5, 200_000
    caps = {100: 1.0, 200: 1.0} | {d: 1.0 for d in range(1, depth + 1)}
    ties = [(1, 100, "defense")] + [(d, d - 1, "defense") for d in range(2, depth + 1)]
    s = snapshot_from_ties(1900, caps, ties)
    res = esc.simulate(s, 200, 100, esc.Params(honour={"defense": r}), n=n, seed=42)
    p = res.states.set_index("ccode")["p_join"]
    for d in range(1, depth + 1):
        # tolerance: 4 binomial standard errors of the Monte Carlo share
        assert abs(p[d] - r**d) < 4 * _se(r**d, n), (d, p[d], r**d)


def test_neutrality_and_nonaggression_pledges_keep_states_out() -> None:
    caps = {1: 1.0, 2: 1.0, 3: 1.0, 4: 1.0}
    # 3 owes the target (1) defense but promised the challenger (2) neutrality;
    # 4 owes the target defense but signed non-aggression with the challenger.
    ties = [(3, 1, "defense"), (3, 2, "neutrality"), (4, 1, "defense"), (4, 2, "nonaggression")]
    s = snapshot_from_ties(1900, caps, ties)
    kept = esc.simulate(s, 2, 1, esc.Params(honour=1.0), n=1000, seed=1)
    assert _joined(kept) == {1, 2}
    broken = esc.simulate(
        s, 2, 1, esc.Params(honour={"defense": 1, "neutrality": 0, "nonaggression": 0}), n=10
    )
    assert _joined(broken) == {1, 2, 3, 4}
    n = 100_000
    partly = esc.simulate(
        s,
        2,
        1,
        esc.Params(honour={"defense": 1.0, "neutrality": 0.3, "nonaggression": 0.8}),
        n=n,
        seed=2,
    )
    p = partly.states.set_index("ccode")["p_join"]
    assert abs(p[3] - 0.7) < 4 * _se(0.7, n)
    assert abs(p[4] - 0.2) < 4 * _se(0.2, n)


def test_state_called_to_both_sides_stays_out() -> None:
    s = snapshot_from_ties(1900, {1: 1.0, 2: 1.0, 3: 1.0}, [(3, 1, "defense"), (3, 2, "offense")])
    assert _joined(esc.simulate(s, 2, 1, esc.Params(honour=1.0), n=10, seed=0)) == {1, 2}


def test_consultation_calls_nobody() -> None:
    s = snapshot_from_ties(1900, {1: 1.0, 2: 1.0, 3: 1.0}, [(3, 1, "consultation")])
    assert _joined(esc.simulate(s, 2, 1, esc.Params(honour=1.0), n=10, seed=0)) == {1, 2}


def test_challenger_defended_only_after_a_third_state_enters() -> None:
    # 3 owes the challenger defense. Without allies of the target the war stays
    # bilateral; once 4 fights for the target, 3 defends the challenger (1914 pattern).
    caps = {1: 1.0, 2: 1.0, 3: 1.0, 4: 1.0}
    alone = snapshot_from_ties(1900, caps, [(3, 2, "defense")])
    assert _joined(esc.simulate(alone, 2, 1, esc.Params(honour=1.0), n=10, seed=0)) == {1, 2}
    backed = snapshot_from_ties(1900, caps, [(3, 2, "defense"), (4, 1, "defense")])
    res = esc.simulate(backed, 2, 1, esc.Params(honour=1.0), n=10, seed=0)
    assert _joined(res) == {1, 2, 3, 4}


def test_deterrence_step() -> None:
    # Challenger 2 (capability 1.5) vs target 1 (1.0) whose ally 3 (2.0) honours with 0.4.
    # Threshold 1: deterred exactly when 3 declares (1 + 2 > 1.5; 1 < 1.5), P = 0.4.
    caps = {1: 1.0, 2: 1.5, 3: 2.0}
    s = snapshot_from_ties(1900, caps, [(3, 1, "defense")])
    n = 100_000
    res = esc.simulate(s, 2, 1, esc.Params(honour=0.4, deterrence_threshold=1.0), n=n, seed=5)
    assert abs(res.p_deterred - 0.4) < 4 * _se(0.4, n)
    assert abs(res.p_war - 0.6) < 4 * _se(0.6, n)
    det = res.wars[res.wars["deterred"]]
    assert (det["n_states"] == 0).all() and (det["capability_share"] == 0).all()
    assert (res.wars.loc[~res.wars["deterred"], "n_states"] == 2).all()
    # a threshold of 10 is never reached; without deterrence nobody backs down
    assert esc.simulate(s, 2, 1, esc.Params(honour=1, deterrence_threshold=10), n=100).p_war == 1
    assert esc.simulate(s, 2, 1, esc.Params(honour=1.0), n=100, seed=1).p_deterred == 0


def test_summary_figures_from_the_wars_frame() -> None:
    caps = {1: 1.0, 2: 1.0, 3: 2.0}
    s = snapshot_from_ties(1900, caps, [(3, 1, "defense")])
    res = esc.simulate(s, 2, 1, esc.Params(honour=0.5, regional_share=0.75), n=20_000, seed=3)
    # the war is region-wide (4/4 of capability >= 0.75) exactly when 3 joins
    assert res.p_regional_war == pytest.approx((res.wars["n_states"] == 3).mean())
    assert res.mean_states == pytest.approx(res.wars["n_states"].mean())
    assert set(res.wars["capability_share"].round(6)) == {0.5, 1.0}


def test_same_seed_identical_frames_and_rng_injection() -> None:
    s = snapshot(1914, "europe")
    a = esc.simulate(s, 300, 345, n=5000, seed=9)
    b = esc.simulate(s, 300, 345, n=5000, seed=9)
    c = esc.simulate(s, 300, 345, n=5000, rng=np.random.default_rng(9))
    pd.testing.assert_frame_equal(a.wars, b.wars)
    pd.testing.assert_frame_equal(a.states, b.states)
    pd.testing.assert_frame_equal(a.wars, c.wars)
    d = esc.simulate(s, 300, 345, n=5000, seed=10)
    assert not a.states.equals(d.states)


def test_nato_closes_ranks_behind_estonia_2024() -> None:
    # Reference data, honour 1: every NATO member in the snapshot fights for Estonia.
    s = snapshot(2024, "europe")
    res = esc.simulate(s, 365, 366, esc.Params(honour=1.0), n=20, seed=0)
    nato = set(alliance_members(2024).query("alliance == 'nato'")["ccode"]) & set(s.ccodes)
    st = res.states.set_index("ccode")
    assert set(st.index[st["p_target_side"] == 1]) == nato
    assert st.loc[365, "p_challenger_side"] == 1


def test_default_rates_are_the_fitted_table_and_bf2018_on_request() -> None:
    # default (and "fitted"): the war-joining fit shipped as models/joining_default.json
    # (issue 12); "bf2018": Berkemeier & Fuhrmann (2018), the default before it
    import json
    from pathlib import Path

    assert esc.Params(honour="bf2018").rates(1914)["defense"] == pytest.approx(36 / 59)
    assert esc.Params(honour="bf2018").rates(1950)["defense"] == pytest.approx(6 / 43)
    table = json.loads((Path(esc.__file__).with_name("joining_default.json")).read_text())
    for p in (esc.Params(), esc.Params(honour="fitted")):
        assert p.rates(1914) == pytest.approx(table["honour"]["1816-1914"])
        assert p.rates(1939) == pytest.approx(table["honour"]["1915-1945"])
        assert p.rates(1950) == pytest.approx(table["honour"]["1946-"])
    assert esc.Params(honour={"offense": 0.1}).rates(1950)["offense"] == 0.1


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"honour": 1.5}, "probability"),
        ({"honour": {"alliance": 0.5}}, "unknown obligation"),
        ({"deterrence_threshold": 0}, "positive"),
        ({"regional_share": 0}, "regional_share"),
    ],
)
def test_params_validation(kwargs: dict[str, object], match: str) -> None:
    with pytest.raises(ValueError, match=match):
        esc.Params(**kwargs)  # type: ignore[arg-type]


def test_simulate_argument_errors() -> None:
    from alliancelab.errors import UnknownStateError

    s = snapshot_from_ties(1900, {1: 1.0, 2: 1.0}, [])
    with pytest.raises(UnknownStateError):
        esc.simulate(s, 1, 99)
    with pytest.raises(ValueError, match="different"):
        esc.simulate(s, 1, 1)
    with pytest.raises(ValueError, match="positive integer"):
        esc.simulate(s, 1, 2, n=0)
    with pytest.raises(ValueError, match="either seed or rng"):
        esc.simulate(s, 1, 2, seed=1, rng=np.random.default_rng(1))


def test_more_than_64_states() -> None:
    # multi-word bit masks: a chain through 100 states with honour 1 reaches everyone
    caps = {c: 1.0 for c in range(1, 101)}
    ties = [(c, c - 1, "defense") for c in range(4, 101)] + [(3, 1, "defense")]
    s = snapshot_from_ties(1900, caps, ties)
    res = esc.simulate(s, 2, 1, esc.Params(honour=1.0), n=5, seed=0)
    assert _joined(res) == set(range(1, 101))


@pytest.mark.parametrize("n", [1, 2, 55, 63, 64, 65, 128, 200])
@pytest.mark.parametrize("dtype", [bool, np.int8, np.float64])
def test_vectorised_masks_equal_the_loop(n: int, dtype: type) -> None:
    from alliancelab.models._escalation_kernel import _masks, _masks_loop

    rng = np.random.default_rng(n)
    w = max(1, (n + 63) // 64)
    for density in (0.0, 0.05, 0.5, 1.0):
        rows = (rng.random((n, n)) < density).astype(dtype)
        got = _masks(rows, n, w)
        want = _masks_loop(rows, n, w)
        assert got.dtype == want.dtype == np.uint64
        assert got.shape == want.shape == (n, w)
        np.testing.assert_array_equal(got, want)
