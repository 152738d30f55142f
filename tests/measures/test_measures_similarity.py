"""Similarity of alliance portfolios: S, kappa, pi, tau-b (derivations beside the numbers)."""

from __future__ import annotations

import itertools

import numpy as np
import pytest

from alliancelab import snapshot_from_ties
from alliancelab.measures.similarity import (
    kappa_matrix,
    pi_matrix,
    portfolio_matrix,
    s_matrix,
    s_score,
    similarity_dyads,
    taub_matrix,
)

# Signorino & Ritter (1999, Table 6): Germany's and Russia's alliance portfolios in 1914
# over the 20 European states, with the capability shares S&R report. The data are the
# `gmyrus14` table of the fpsim R package (svmiller/fpsim, R/data.R), printed in
# S. Miller's fpsim documentation. Expected values are fpsim's documented outputs on it:
# srs() 0.4, srs(weights = syscap) -0.46, taub() 0.03031695, cohenk(levels = 0:3)
# -0.07758621, spi(levels = 0:3) -0.04477612 (S&R's own printed numbers are [U] in
# LITERATURE.md and are not used).
STATES = "GMY RUS UKG FRN AUH ITA BEL SPN TUR NTH SWD RUM POR SWZ GRC DEN YUG BUL NOR ALB"
SYSCAP = [0.25, 0.21, 0.2, 0.08, 0.08, 0.05, 0.03, 0.03, 0.02, 0.01, 0.01, 0.01, 0.01, 0.01] + [
    0.0
] * 6
GMY = [3, 0, 0, 0, 3, 3, 0, 0, 0, 0, 0, 3] + [0] * 8
RUS = [0, 3, 1, 3, 0, 1] + [0] * 14


def test_gmyrus14_matches_fpsim() -> None:
    assert len(STATES.split()) == len(SYSCAP) == len(GMY) == len(RUS) == 20
    # unweighted S: |GMY - RUS| sums to 3+3+1+3+3+2+3 = 18 over K = 20 states:
    # 1 - 2*18/(20*3) = 0.4
    assert s_score(GMY, RUS) == pytest.approx(0.4)
    # weighted: sum w|d| = .25*3+.21*3+.2*1+.08*3+.08*3+.05*2+.01*3 = 2.19, sum w = 1.0:
    # 1 - 2*2.19/3 = -0.46
    assert s_score(GMY, RUS, weights=SYSCAP) == pytest.approx(-0.46)
    P = np.array([GMY, RUS])
    assert taub_matrix(P)[0, 1] == pytest.approx(0.03031695, abs=5e-9)
    assert kappa_matrix(P, q=2)[0, 1] == pytest.approx(-0.07758621, abs=5e-9)
    assert pi_matrix(P, q=0)[0, 1] == pytest.approx(-0.04477612, abs=5e-9)


def test_s_score_hand_worked() -> None:
    # identical portfolios -> 1; opposite extremes everywhere -> -1
    assert s_score([3, 2, 1, 0], [3, 2, 1, 0]) == 1.0
    assert s_score([3, 3], [0, 0]) == -1.0
    # x = (3, 0, 1), y = (3, 3, 0): |d| = 0, 3, 1 -> 4; S = 1 - 8/9 = 1/9
    assert s_score([3, 0, 1], [3, 3, 0]) == pytest.approx(1 / 9)
    # squared: 0 + 9 + 1 = 10; S = 1 - 20/27 = 7/27
    assert s_score([3, 0, 1], [3, 3, 0], distance="squared") == pytest.approx(7 / 27)
    # weights (2, 1, 1): 2*0 + 1*3 + 1*1 = 4 over sum w = 4: S = 1 - 8/12 = 1/3
    assert s_score([3, 0, 1], [3, 3, 0], weights=[2, 1, 1]) == pytest.approx(1 / 3)
    # weight 0 on the disagreeing states: S = 1
    assert s_score([3, 0, 1], [3, 3, 0], weights=[1, 0, 0]) == 1.0


@pytest.mark.parametrize(
    ("x", "y", "kw", "match"),
    [
        ([3, 4], [3, 3], {}, "codes 0-3"),
        ([3, -1], [3, 3], {}, "codes 0-3"),
        ([3, 1.5], [3, 3], {}, "integer"),
        ([3, 1], [3], {}, "same length"),
        ([3, 1], [3, 1], {"distance": "euclid"}, "distance"),
        ([3, 1], [3, 1], {"weights": [1, -1]}, "non-negative"),
        ([3, 1], [3, 1], {"weights": [0, 0]}, "all be zero"),
        ([3, 1], [3, 1], {"weights": [1]}, "one value per state"),
    ],
)
def test_s_score_rejects_bad_input(x: list, y: list, kw: dict, match: str) -> None:
    with pytest.raises(ValueError, match=match):
        s_score(x, y, **kw)


def _brute_taub(x: np.ndarray, y: np.ndarray) -> float:
    c = d = tx = ty = 0
    for k, m in itertools.combinations(range(len(x)), 2):
        a, b = np.sign(x[k] - x[m]), np.sign(y[k] - y[m])
        if a * b > 0:
            c += 1
        elif a * b < 0:
            d += 1
        elif a == 0 and b != 0:
            tx += 1
        elif b == 0 and a != 0:
            ty += 1
    den = np.sqrt((c + d + tx) * (c + d + ty))
    return (c - d) / den if den > 0 else float("nan")


def _brute_kappa(x: np.ndarray, y: np.ndarray, q: float, w: np.ndarray, pi: bool) -> float:
    d = np.abs(np.arange(4)[:, None] - np.arange(4)[None, :])
    W = np.where(d > 0, (d / 3) ** q, 0.0)
    o = np.zeros((4, 4))
    for k in range(len(x)):
        o[x[k], y[k]] += w[k]
    o /= w.sum()
    r, c = o.sum(1), o.sum(0)
    e = np.outer((r + c) / 2, (r + c) / 2) if pi else np.outer(r, c)
    return float(1 - (W * o).sum() / (W * e).sum())


def test_all_pairs_versions_equal_the_pairwise_definitions() -> None:
    # a random symmetric 15-state system; every matrix entry against a direct loop
    rng = np.random.default_rng(7)
    P = rng.integers(0, 4, (15, 15))
    P = np.maximum(P, P.T)
    np.fill_diagonal(P, 3)
    w = rng.random(15)
    mats = {
        "s": s_matrix(P),
        "s_sq_w": s_matrix(P, weights=w, distance="squared"),
        "taub": taub_matrix(P),
        "k2": kappa_matrix(P),
        "k1w": kappa_matrix(P, q=1, weights=w),
        "k0": kappa_matrix(P, q=0),
        "pi2": pi_matrix(P),
        "pi15": pi_matrix(P, q=1.5),
    }
    ones = np.ones(15)
    for i, j in itertools.combinations(range(15), 2):
        x, y = P[i], P[j]
        assert mats["s"][i, j] == pytest.approx(s_score(x, y))
        assert mats["s_sq_w"][i, j] == pytest.approx(s_score(x, y, w, "squared"))
        assert mats["taub"][i, j] == pytest.approx(_brute_taub(x, y))
        assert mats["k2"][i, j] == pytest.approx(_brute_kappa(x, y, 2, ones, False))
        assert mats["k1w"][i, j] == pytest.approx(_brute_kappa(x, y, 1, w, False))
        assert mats["k0"][i, j] == pytest.approx(_brute_kappa(x, y, 0, ones, False))
        assert mats["pi2"][i, j] == pytest.approx(_brute_kappa(x, y, 2, ones, True))
        assert mats["pi15"][i, j] == pytest.approx(_brute_kappa(x, y, 1.5, ones, True))
    for m in mats.values():
        np.testing.assert_allclose(m, m.T, atol=1e-12)


def test_matrix_hand_worked_values() -> None:
    # kappa, q=2: x=(3,3,0,0), y=(3,0,0,0): observed 1/4 (one state differs by 3 -> w=1);
    # r=(.5,0,0,.5), c=(.75,0,0,.25): expected .5*.25 + .5*.75 = .5 -> kappa = .5
    P = np.array([[3, 3, 0, 0], [3, 0, 0, 0]])
    assert kappa_matrix(P)[0, 1] == pytest.approx(0.5)
    # pi: m = (.625, 0, 0, .375): expected 2*.625*.375 = .46875 -> 1 - .25/.46875
    assert pi_matrix(P)[0, 1] == pytest.approx(1 - 0.25 / 0.46875)
    # tau-b: x=(3,3,0), y=(3,0,0): one concordant pair, one tied in x only, one in y
    # only: 1/sqrt(2*2) = .5
    assert taub_matrix([[3, 3, 0], [3, 0, 0]])[0, 1] == pytest.approx(0.5)
    # constant portfolio: tau-b and kappa undefined -> NaN, not 0
    assert np.isnan(taub_matrix([[3, 3], [3, 0]])[0, 1])
    assert np.isnan(kappa_matrix([[3, 3], [3, 3]])[0, 1])


def test_portfolio_matrix_takes_the_highest_obligation_in_either_direction() -> None:
    s = snapshot_from_ties(
        1900,
        {1: 1, 2: 1, 3: 1, 4: 1},
        [
            (1, 2, "defense"),  # one-sided defence: tie 3 both ways
            (2, 3, "consultation"),
            (3, 2, "nonaggression"),  # highest of 1 and 2 -> 2
            (4, 1, "offense"),  # offence counts as defence: 3
            (3, 4, "consultation"),
        ],
    )
    P = portfolio_matrix(s)
    assert P.tolist() == [[3, 3, 0, 3], [3, 3, 2, 0], [0, 2, 3, 1], [3, 0, 1, 3]]
    # Chiba et al. ordering: non-aggression 1, consultation 2 -> the 2-3 tie is still 2
    # (consultation), and 3-4 consultation becomes 2
    C = portfolio_matrix(s, scheme="chiba")
    assert C[2, 3] == 2 and C[1, 2] == 2
    with pytest.raises(ValueError, match="scheme"):
        portfolio_matrix(s, scheme="cow")


def test_similarity_dyads_frame() -> None:
    # 1-2 mutual defence, 3 alone, capabilities 2, 1, 1
    s = snapshot_from_ties(1900, {1: 2, 2: 1, 3: 1}, [(1, 2, "defense"), (2, 1, "defense")])
    d = similarity_dyads(s).set_index(["ccode1", "ccode2"])
    # rows (3,3,0),(3,3,0),(0,0,3): S(1,2) = 1, S(1,3) = 1 - 2*9/9 = -1
    assert d.loc[(1, 2), "s_abs"] == 1.0
    assert d.loc[(1, 3), "s_abs"] == -1.0
    # weighted: all three states disagree by 3 between 1 and 3 -> -1 regardless of weights
    assert d.loc[(1, 3), "s_abs_w"] == -1.0
    assert list(d.index) == [(1, 2), (1, 3), (2, 3)]
    assert (d["year"] == 1900).all()
