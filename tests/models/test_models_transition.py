"""Power transition: projected shares with bands, parity windows, projected snapshots."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from _models_data import nmc_table
from alliancelab import snapshot
from alliancelab.models import escalation, transition
from alliancelab.reference import load_capabilities


def _exp_caps() -> pd.DataFrame:
    years = np.arange(2000, 2011)
    return pd.DataFrame(
        {
            "ccode": np.repeat([1, 2], len(years)),
            "year": np.tile(years, 2),
            "cinc": np.concatenate(
                [0.2 * np.exp(-0.02 * (years - 2000)), 0.1 * np.exp(0.05 * (years - 2000))]
            ),
        }
    )


def test_exact_exponential_growth_is_projected_exactly() -> None:
    # noiseless log-linear histories: growth is recovered, residual sd 0, bands collapse
    pr = transition.project(_exp_caps(), 2010, transition.Params(horizon=10, n=50), seed=0)
    assert pr.groupby("ccode")["growth"].first().tolist() == pytest.approx([-0.02, 0.05])
    c1 = 0.2 * np.exp(-0.02 * 20)
    c2 = 0.1 * np.exp(0.05 * 20)
    row = pr[(pr.year == 2020) & (pr.ccode == 2)].iloc[0]
    assert row["share"] == pytest.approx(c2 / (c1 + c2))
    assert row["share_hi"] - row["share_lo"] == pytest.approx(0.0, abs=1e-9)
    # 0.2*e^{-0.02t} vs 0.1*e^{0.05t} (t from 2000) are equal at t = ln 2 / 0.07 = 9.9,
    # so state 2 is ahead from the base year 2010 on
    par = transition.parity(pr, [(1, 2)])
    assert par.attrs["summary"]["overtaking_year"].iloc[0] == 2010
    band = par[par["parity"]]["year"]
    ratio = (0.1 * np.exp(0.05 * (np.arange(2010, 2021) - 2000))) / (
        0.2 * np.exp(-0.02 * (np.arange(2010, 2021) - 2000))
    )
    assert band.tolist()[0] == 2010 and len(band) >= 2
    assert band.tolist() == [
        y for y, r in zip(range(2010, 2021), ratio, strict=True) if 0.8 <= r <= 1.2
    ]


def test_bands_widen_with_the_horizon_and_same_seed() -> None:
    caps = load_capabilities()[["ccode", "year", "cinc"]]
    prm = transition.Params(horizon=20, window=24, n=500)
    pr = transition.project(caps, 2024, prm, seed=3, states=[2, 710, 750, 365])
    w = pr.assign(width=pr.share_hi - pr.share_lo).pivot(
        index="year", columns="ccode", values="width"
    )
    assert (w.loc[2044] > w.loc[2030]).all()
    pd.testing.assert_frame_equal(
        pr, transition.project(caps, 2024, prm, seed=3, states=[2, 710, 750, 365])
    )


def test_us_china_backtest_on_nmc(shared_data: Path, tmp_path: Path) -> None:
    # Project 1985 forward from 1970-1985 growth and compare with what NMC v7.0 recorded.
    nmc, _ = nmc_table(shared_data, tmp_path)
    caps = nmc[["ccode", "year", "cinc"]]
    pr = transition.project(caps, 1985, transition.Params(horizon=25, window=15, n=2000), seed=1)
    summ = transition.parity(pr, [(2, 710)]).attrs["summary"].iloc[0]
    us = caps[caps.ccode == 2].set_index("year")["cinc"]
    cn = caps[caps.ccode == 710].set_index("year")["cinc"]
    ratio = (cn / us).loc[1985:2010]
    actual = int(ratio[ratio > 1].index.min())
    # Found: projected (median path) overtaking 1994; NMC records China ahead from 1995.
    assert summ["overtaking_year"] == 1994
    assert actual == 1995
    assert summ["parity_from"] == 1985


def test_projected_snapshot_feeds_the_other_models() -> None:
    caps = load_capabilities()[["ccode", "year", "cinc"]]
    s = snapshot(2024, "europe")
    pr = transition.project(
        caps, 2024, transition.Params(horizon=10, window=24, n=200), seed=0, states=list(s.ccodes)
    )
    snaps = list(transition.snapshots(s, pr, [2029, 2034]))
    assert [x.year for x in snaps] == [2029, 2034]
    assert np.nansum(snaps[1].capability) == pytest.approx(np.nansum(s.capability))
    assert np.array_equal(snaps[1].obligations, s.obligations)
    res = escalation.simulate(snaps[1], 365, 366, escalation.Params(honour=1.0), n=10, seed=0)
    assert res.p_war == 1.0
    with pytest.raises(ValueError, match="not in the projection"):
        transition.projected_snapshot(s, pr, 2050)


def test_validation() -> None:
    with pytest.raises(ValueError, match="horizon"):
        transition.Params(horizon=0)
    with pytest.raises(ValueError, match="band"):
        transition.Params(band=(1.1, 1.2))
    with pytest.raises(ValueError, match="fewer than two"):
        transition.project(_exp_caps(), 1990)
