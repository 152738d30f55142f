"""Fearon (1995) bargaining: closed form vs Monte Carlo, alliances through p, mediation."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from alliancelab import snapshot
from alliancelab import snapshot_from_ties as ties
from alliancelab.models import bargaining as bg


def test_fearon_worked_example() -> None:
    # p = 0.5, c_B = 0.1, c_bar = 0.3: x* = 0.5 + (0.1 - 0.3)/2 = 0.4; P(war) = 0.2/0.6 = 1/3
    assert bg.optimal_offer(0.5, 0.1, 0.3) == pytest.approx(0.4)
    assert bg.war_probability(0.5, 0.1, 0.3) == pytest.approx(1 / 3)
    assert bg.war_probability(0.5, 0.3, 0.3) == 0.0  # c_B >= c_bar: no war
    assert bg.war_probability(0.05, 0.0, 0.3) == pytest.approx(0.05 / 0.3)  # offer hits 0


@pytest.mark.parametrize(
    ("p", "c_b", "c_bar"), [(0.5, 0.1, 0.3), (0.3, 0.05, 0.5), (0.8, 0.2, 0.25), (0.1, 0.0, 0.6)]
)
def test_monte_carlo_agrees_with_closed_form(p: float, c_b: float, c_bar: float) -> None:
    n = 200_000
    df = bg.simulate(bg.Params(p=p, c_b=c_b, c_bar=c_bar), n=n, seed=3)
    q = bg.war_probability(p, c_b, c_bar)
    assert abs(df["war"].mean() - q) < 4 * np.sqrt(max(q * (1 - q), 1e-12) / n) + 1e-12


def test_mediation_narrows_uncertainty_and_lowers_war() -> None:
    eff = bg.mediation_effect(0.5, 0.02, 0.3, precisions=(1, 2, 3, 6, 20), n=100_000, seed=1)
    # closed form: max(0, c_bar/k - c_B) / (2 c_bar)
    expect = [max(0.0, 0.3 / k - 0.02) / 0.6 for k in (1, 2, 3, 6, 20)]
    assert eff["p_war_closed"].tolist() == pytest.approx(expect)
    assert list(eff["p_war_closed"]) == sorted(eff["p_war_closed"], reverse=True)
    assert ((eff["p_war_mc"] - eff["p_war_closed"]).abs() < 4 * eff["mc_se"] + 1e-9).all()
    # a mediated share of crises mixes the two
    prm = bg.Params(p=0.5, c_b=0.02, c_bar=0.3, mediation=0.4, precision=3)
    assert prm.p_war() == pytest.approx(0.6 * expect[0] + 0.4 * expect[2])
    n = 200_000
    mc = bg.simulate(prm, n=n, seed=2)
    assert abs(mc["war"].mean() - prm.p_war()) < 4 * np.sqrt(prm.p_war() * (1 - prm.p_war()) / n)
    assert abs(mc["mediated"].mean() - 0.4) < 4 * np.sqrt(0.24 / n)


def test_alliances_shift_p_through_pooled_capability() -> None:
    s = ties(
        1900,
        {1: 1.0, 2: 2.0, 3: 1.0, 4: 1.0},
        [(3, 1, "defense"), (4, 1, "defense"), (4, 2, "defense")],
    )
    assert bg.p_from_snapshot(s, 1, 2, pooled=False) == pytest.approx(1 / 3)
    # 3 backs 1; 4 owes both and counts for neither: (1 + 1) / (2 + 2)
    assert bg.p_from_snapshot(s, 1, 2) == pytest.approx(0.5)
    assert bg.p_from_snapshot(s, 1, 2, honour=0.5) == pytest.approx(1.5 / 3.5)
    # and P(war) follows: B must concede more to a stronger A but war risk is unchanged
    # by p in the interior (Fearon: it depends on c_B and c_bar only)
    assert bg.war_probability(bg.p_from_snapshot(s, 1, 2), 0.1, 0.3) == pytest.approx(1 / 3)


def test_nato_shifts_p_for_estonia_against_russia_2024() -> None:
    s = snapshot(2024, "europe")
    alone = bg.p_from_snapshot(s, 366, 365, pooled=False)
    allied = bg.p_from_snapshot(s, 366, 365)
    assert alone < 0.05 and allied > 0.5


def test_same_seed_identical_and_validation() -> None:
    a = bg.simulate(bg.Params(mediation=0.5), n=1000, seed=8)
    pd.testing.assert_frame_equal(a, bg.simulate(bg.Params(mediation=0.5), n=1000, seed=8))
    bad = [
        ({"p": 1.5}, "p must"),
        ({"c_bar": 0}, "c_bar"),
        ({"c_b": -1}, "c_b"),
        ({"mediation": 2}, "mediation"),
        ({"precision": 0}, "precision"),
    ]
    for kw, match in bad:
        with pytest.raises(ValueError, match=match):
            bg.Params(**kw)  # type: ignore[arg-type]
