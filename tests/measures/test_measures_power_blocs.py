"""Measures on hand-computed systems (derivations beside the numbers)."""

from __future__ import annotations

import math

import numpy as np
import pytest

from alliancelab import snapshot_from_ties
from alliancelab.measures import (
    alliance_blocs,
    capability_shares,
    con,
    concentration,
    polarity,
    pooled_capability,
)


def test_con_published_unit_values() -> None:
    # LITERATURE.md section 4: (0.5, 0.5) -> 0; (1, 0) -> 1; (0.5, 0.3, 0.2) -> 0.2646
    assert concentration([0.5, 0.5]) == 0.0
    assert concentration([1.0, 0.0]) == 1.0
    assert concentration([0.5, 0.3, 0.2]) == pytest.approx(0.2646, abs=5e-5)


def test_con_normalises_capabilities_and_handles_degenerate_input() -> None:
    # capabilities 5, 3, 2 are shares 0.5, 0.3, 0.2
    assert concentration([5, 3, 2]) == pytest.approx(math.sqrt(0.07))
    assert math.isnan(concentration([1.0]))
    assert math.isnan(concentration([0.0, 0.0]))
    assert concentration([0.5, np.nan, 0.5]) == 0.0
    with pytest.raises(ValueError, match="non-negative"):
        concentration([0.5, -0.1])


def test_con_of_four_equal_states_is_zero_and_rises_with_inequality() -> None:
    even = snapshot_from_ties(1900, {1: 1, 2: 1, 3: 1, 4: 1}, [])
    skew = snapshot_from_ties(1900, {1: 7, 2: 1, 3: 1, 4: 1}, [])
    # shares .7 .1 .1 .1: sum sq = .52; (.52 - .25) / .75 = .36; sqrt = .6
    assert con(even) == 0.0
    assert con(skew) == pytest.approx(0.6)


def test_shares_sum_to_one_and_missing_stays_na() -> None:
    s = snapshot_from_ties(1900, {1: 2.0, 2: 6.0}, [])
    sh = capability_shares(s)
    assert sh["share"].tolist() == [0.75, 0.25]
    assert sh["ccode"].tolist() == [2, 1]


def test_polarity_thresholds() -> None:
    # 55, 30, 15: 30/55 = 0.55 of the leader, 15/55 = 0.27 below half -> two poles
    s = snapshot_from_ties(1900, {1: 55, 2: 30, 3: 15}, [])
    row = polarity(s).iloc[0]
    assert row["polarity"] == "bipolar" and row["n_poles"] == 2
    assert row["poles"] == (1, 2)
    # 55, 30, 28: 28/55 = 0.51 -> three poles; with a third (the earlier rule) 55, 30, 20
    s = snapshot_from_ties(1900, {1: 55, 2: 30, 3: 28}, [])
    assert polarity(s)["poles"].item() == (1, 2, 3)
    s = snapshot_from_ties(1900, {1: 55, 2: 30, 3: 20}, [])
    assert polarity(s)["n_poles"].item() == 2
    assert polarity(s, threshold=1 / 3)["poles"].item() == (1, 2, 3)
    # 60, 15, 15, 10: nobody within half of the leader -> unipolar
    s = snapshot_from_ties(1900, {1: 60, 2: 15, 3: 15, 4: 10}, [])
    assert polarity(s)["polarity"].item() == "unipolar"
    # .4, .4, .05 x 4: two poles
    s = snapshot_from_ties(1900, {1: 40, 2: 40, 3: 5, 4: 5, 5: 5, 6: 5}, [])
    assert polarity(s)["polarity"].item() == "bipolar"
    with pytest.raises(ValueError):
        polarity(s, threshold=0)


def _ties(pairs: list[tuple[int, int]], kind: str = "defense") -> list[tuple[int, int, str]]:
    out = []
    for a, b in pairs:
        out += [(a, b, kind), (b, a, kind)]
    return out


def test_blocs_are_components_of_mutual_defence() -> None:
    # 1-2-3 chain of mutual pacts, 4-5 pact, 6 alone; 5 -> 1 and 4 -> 2 one-sided
    # guarantees (with mutual=False they tie 4-5 to 1-2-3 as strongly as 4-5 to each
    # other, so the pair is no weak community of its own and the component stays whole)
    caps = {1: 4.0, 2: 2.0, 3: 2.0, 4: 1.0, 5: 0.5, 6: 0.5}  # total 10
    guarantees = [(5, 1, "defense"), (4, 2, "defense")]
    s = snapshot_from_ties(1950, caps, [*_ties([(1, 2), (2, 3), (4, 5)]), *guarantees])
    b = alliance_blocs(s)
    assert b["members"].tolist() == [(1, 2, 3), (4, 5)]
    assert b["share"].tolist() == pytest.approx([0.8, 0.15])
    assert b["bloc"].tolist() == [1, 2]
    loose = alliance_blocs(s, mutual=False)
    assert loose["members"].tolist() == [(1, 2, 3, 4, 5)]
    # one guarantee alone is a bridge between two groups: the pair is a community
    bridge = snapshot_from_ties(1950, caps, [*_ties([(1, 2), (2, 3), (4, 5)]), guarantees[0]])
    assert alliance_blocs(bridge, mutual=False)["members"].tolist() == [(1, 2, 3), (4, 5)]


def test_defence_answered_by_consultation_is_a_bloc_but_by_neutrality_is_not() -> None:
    # 1 owes 2 defence, 2 owes 1 consultation (US-Japan 1960 in ATOP's coding);
    # 3 owes 4 defence, 4 owes 3 neutrality (the 1839 guarantee of Belgium)
    s = snapshot_from_ties(
        1960,
        {1: 1, 2: 1, 3: 1, 4: 1},
        [(1, 2, "defense"), (2, 1, "consultation"), (3, 4, "defense"), (4, 3, "neutrality")],
    )
    assert alliance_blocs(s)["members"].tolist() == [(1, 2)]
    strict = alliance_blocs(s, reciprocated_by=())
    assert strict.empty


def test_consultation_ties_make_alignments_not_defence_blocs() -> None:
    s = snapshot_from_ties(
        1914, {1: 1, 2: 1, 3: 1}, [*_ties([(1, 2)]), *_ties([(2, 3)], "consultation")]
    )
    assert alliance_blocs(s)["members"].tolist() == [(1, 2)]
    aligned = alliance_blocs(s, obligations=("defense", "consultation"))
    assert aligned["members"].tolist() == [(1, 2, 3)]
    with pytest.raises(ValueError):
        alliance_blocs(s, obligations=("friendship",))


def test_no_blocs_gives_an_empty_frame_with_columns() -> None:
    b = alliance_blocs(snapshot_from_ties(1900, {1: 1.0, 2: 1.0}, []))
    assert b.empty and "members" in b.columns


def test_pooled_capability_adds_those_who_owe_defence() -> None:
    # 2 and 3 owe 1 defence; 1 owes 2 defence; 3 owes 2 consultation only
    s = snapshot_from_ties(
        1950,
        {1: 5.0, 2: 3.0, 3: 2.0},
        [(2, 1, "defense"), (3, 1, "defense"), (1, 2, "defense"), (3, 2, "consultation")],
    )
    p = pooled_capability(s).set_index("ccode")
    assert p.loc[1, "pooled_capability"] == 10.0  # 5 + 3 + 2
    assert p.loc[2, "pooled_capability"] == 8.0  # 3 + 5
    assert p.loc[3, "pooled_capability"] == 2.0
    assert p.loc[1, "pooled_share"] == 1.0
    assert p["n_allies"].tolist() == [2, 1, 0]
    both = pooled_capability(s, obligations=("defense", "consultation")).set_index("ccode")
    assert both.loc[2, "pooled_capability"] == 10.0
