"""Network measures on hand-computed signed systems (derivations beside the numbers)."""

from __future__ import annotations

import itertools

import numpy as np
import pytest

from alliancelab import snapshot, snapshot_from_ties
from alliancelab.measures import (
    balance,
    bloc_structure,
    defense_density,
    frustration_index,
    layer_network,
    polarization_index,
    signed_blocs,
    signed_matrix,
)


def _mutual(pairs: list[tuple[int, int]], kind: str = "defense") -> list[tuple[int, int, str]]:
    return [t for a, b in pairs for t in ((a, b, kind), (b, a, kind))]


def test_defense_density_counts_ties_either_way() -> None:
    # 5 states, ties 1-2 (mutual), 2->3 (one-sided), 4-5 consultation only: 2 of 10 pairs
    s = snapshot_from_ties(
        1900,
        dict.fromkeys(range(1, 6), 1.0),
        [*_mutual([(1, 2)]), (2, 3, "defense"), *_mutual([(4, 5)], "consultation")],
    )
    r = defense_density(s).iloc[0]
    assert r["defense_ties"] == 2 and r["n_states"] == 5
    assert r["defense_density"] == pytest.approx(0.2)


def test_balance_share_of_triangles() -> None:
    # 1-2, 2-3, 1-3 allied (+++ balanced); 3-4 allied, 1-4 and 2-4 rivals:
    # triangles 123 (+++), 134 (+ + -: 1-3 +, 3-4 +, 1-4 -) unbalanced,
    # 234 (2-3 +, 3-4 +, 2-4 -) unbalanced, 124 (1-2 +, 1-4 -, 2-4 -) balanced -> 2 of 4
    s = snapshot_from_ties(
        1900,
        dict.fromkeys(range(1, 5), 1.0),
        _mutual([(1, 2), (2, 3), (1, 3), (3, 4)]),
        [(1, 4), (2, 4)],
    )
    b = balance(s).iloc[0]
    assert b["triangles"] == 4
    assert b["balanced_triangles"] == 2
    assert b["balanced_share"] == 0.5
    # no triangle -> NA, not 0
    s2 = snapshot_from_ties(1900, {1: 1, 2: 1}, _mutual([(1, 2)]))
    assert np.isnan(balance(s2)["balanced_share"].iloc[0])


def test_allied_rivals_sign_is_configurable() -> None:
    # 1-2 allied and rivals; 1-3, 2-3 allied
    s = snapshot_from_ties(1950, {1: 1, 2: 1, 3: 1}, _mutual([(1, 2), (1, 3), (2, 3)]), [(1, 2)])
    assert signed_matrix(s)[0, 1] == -1
    assert signed_matrix(s, both="positive")[0, 1] == 1
    assert signed_matrix(s, both="drop")[0, 1] == 0
    # rivalry wins: triangle (-, +, +) is unbalanced; as positive it is balanced
    assert balance(s)["balanced_share"].iloc[0] == 0.0
    assert balance(s, both="positive")["balanced_share"].iloc[0] == 1.0
    assert balance(s)["allied_rivals"].iloc[0] == 1
    with pytest.raises(ValueError, match="both"):
        signed_matrix(s, both="ignore")


def _brute_frustration(S: np.ndarray) -> int:
    n = S.shape[0]
    best = None
    for bits in itertools.product([-1, 1], repeat=n):
        sig = np.array(bits)
        cost = int((np.abs(S).sum() - sig @ S @ sig) // 4)
        best = cost if best is None else min(best, cost)
    return int(best or 0)


def test_frustration_index_equals_brute_force_minimum() -> None:
    # L(S) = min over bipartitions of frustrated edges = (sum|S| - s'Ss)/4 (i<j counted once)
    rng = np.random.default_rng(11)
    for _ in range(60):
        n = int(rng.integers(3, 10))
        S = np.triu(rng.choice([-1, 0, 0, 1, 1], size=(n, n)), 1)
        S = S + S.T
        value, exact = frustration_index(S)
        assert exact
        assert value == _brute_frustration(S)


def test_frustration_hand_cases_and_reductions() -> None:
    neg_triangle = -(np.ones((3, 3), dtype=int) - np.eye(3, dtype=int))
    assert frustration_index(neg_triangle) == (1, True)  # one of the three must go
    # a 40-state all-positive clique with two rival pairs inside: delete the 2 rivalries.
    # 40 nodes cannot be enumerated; merging positive twins reduces it exactly.
    S = np.ones((40, 40), dtype=int) - np.eye(40, dtype=int)
    S[0, 1] = S[1, 0] = -1
    S[5, 39] = S[39, 5] = -1
    assert frustration_index(S) == (2, True)
    with pytest.raises(ValueError, match="symmetric"):
        frustration_index(np.array([[0, 1], [0, 0]]))


def test_frustration_large_component_is_flagged_inexact() -> None:
    rng = np.random.default_rng(3)
    S = np.triu(rng.choice([-1, 0, 0, 0, 1], size=(40, 40)), 1)
    S = S + S.T
    value, exact = frustration_index(S, exact_limit=10)
    assert not exact
    assert value <= int((S < 0).sum() // 2)  # deleting all negatives always balances


def test_signed_blocs_split_rivals() -> None:
    # 1-2 allied, 3-4 allied, 2-3 rivals, 5 rival of 1 only: blocs {1,2}, {3,4} and {5}
    s = snapshot_from_ties(
        1900, {1: 3, 2: 1, 3: 2, 4: 1, 5: 1}, _mutual([(1, 2), (3, 4)]), [(2, 3), (1, 5)]
    )
    b = signed_blocs(s).set_index("ccode")["bloc"]
    assert b[1] == b[2] != b[3] == b[4]
    assert b[5] not in (b[1], b[3])
    assert b[1] == 1  # strongest bloc (capability 4) first


def test_polarization_index_values() -> None:
    # RQ = 4 sum p^2 (1 - p): two equal groups -> 4*2*(.25*.5) = 1
    assert polarization_index([1, 1]) == 1.0
    assert polarization_index([1]) == 0.0
    # four equal groups: 4*4*(1/16*3/4) = 0.75
    assert polarization_index([1, 1, 1, 1]) == pytest.approx(0.75)
    assert np.isnan(polarization_index([]))


def test_bloc_structure_counts_lone_states_as_groups() -> None:
    # bloc 1-2 (caps 3+3), lone 3 (cap 2), lone 4 (cap 2): total 10
    # largest share .6; RQ = 4*(.36*.4 + 2*.04*.8) = 4*(.144 + .064) = .832
    s = snapshot_from_ties(1900, {1: 3, 2: 3, 3: 2, 4: 2}, _mutual([(1, 2)]))
    r = bloc_structure(s).iloc[0]
    assert r["n_blocs"] == 1
    assert r["largest_bloc_share"] == pytest.approx(0.6)
    assert r["polarization"] == pytest.approx(0.832)


def test_layer_network_marks_uncoded_layers() -> None:
    s = snapshot_from_ties(1900, {1: 1, 2: 1}, _mutual([(1, 2)]))
    r = layer_network(s, "cyber").iloc[0]
    assert not r["covered"] and np.isnan(r["density"])
    assert layer_network(s, "conventional")["density"].iloc[0] == 1.0
    with pytest.raises(ValueError, match="domain"):
        layer_network(s, "space")


def test_reference_europe_1914_is_a_two_camp_system() -> None:
    s = snapshot(1914, "europe")
    b = signed_blocs(s).set_index("ccode")["bloc"]
    # France (220) and Russia (365) together, Germany (255) and Austria-Hungary (300)
    # together, the two camps apart
    assert b[220] == b[365]
    assert b[255] == b[300]
    assert b[220] != b[255]


@pytest.mark.parametrize("seed", range(40))
def test_two_colouring_finds_exactly_the_zero_frustration_graphs(seed: int) -> None:
    from alliancelab.measures._frustration import _balanced, _enumerate

    rng = np.random.default_rng(seed)
    n = int(rng.integers(2, 11))
    mask = np.triu(rng.random((n, n)) < rng.uniform(0.2, 0.9), 1)
    if seed % 2:  # balanced by construction: signs from a random two-way split
        sides = rng.integers(0, 2, n)
        signs = np.where(sides[:, None] == sides[None, :], 1.0, -1.0)
    else:
        signs = rng.choice([-1.0, 1.0], size=(n, n), p=[0.4, 0.6])
    W = np.where(mask, signs * rng.integers(1, 4, (n, n)), 0.0)
    W = W + W.T
    assert _balanced(W) == (_enumerate(W) == 0.0)
    if seed % 2:
        assert _balanced(W)
