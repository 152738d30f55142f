"""Policy options: engine-based criteria with intervals, the Pareto rule, ranking, the CLI."""

from __future__ import annotations

import html
import re
from xml.etree import ElementTree

import numpy as np
import pandas as pd
import pytest
from typer.testing import CliRunner

from alliancelab import snapshot
from alliancelab.cli import app
from alliancelab.errors import UnknownStateError
from alliancelab.policy import CRITERIA, KINDS, MATERIAL, candidates, options, pareto

runner = CliRunner()


@pytest.fixture(scope="module")
def asia() -> object:
    return options("asia", 2024, n=40, seed=1)


@pytest.fixture(scope="module")
def europe() -> object:
    return options("europe", 2024, n=40, seed=1)


@pytest.mark.parametrize("which", ["asia", "europe"])
def test_ranked_by_regional_risk_with_intervals(which: str, request: pytest.FixtureRequest) -> None:
    po = request.getfixturevalue(which)
    t = po.table
    assert len(t) >= 20
    assert set(t["kind"]) == set(KINDS)
    assert t["rank"].tolist() == list(range(1, len(t) + 1))
    # ranked by tier, then by the change in expected regional onsets (safest first)
    assert (np.diff(t["tier"].to_numpy()) >= 0).all()
    for _, g in t.groupby("tier"):
        assert (np.diff(g["onset_risk"].to_numpy()) >= -1e-12).all()
    tier1 = (t["onset_risk_hi"] < 0) & (t["pooled_deterrence_hi"] >= 0)
    assert ((t["tier"] == 1) == tier1).all()
    assert ((t["tier"] == 3) == (t["onset_risk"] >= 0)).all()
    for c in CRITERIA:
        lo, pt, hi = (t[f"{c}{b}"].to_numpy(float) for b in ("_lo", "", "_hi"))
        assert np.isfinite(pt).all() and (lo <= pt + 1e-12).all() and (pt <= hi + 1e-12).all()
        assert t[f"why_{c}"].map(lambda r: isinstance(r, str) and len(r) > 20).all(), c
    assert t["reason"].map(lambda r: isinstance(r, str) and len(r) > 10).all()
    # a short Pareto set (the issue: <= ~10), not all leave moves, none resolvably
    # riskier than the status quo; a leave move first only on the evidence (tier 1)
    par = t[t["pareto"]]
    assert 1 <= len(par) <= 10 and (par["kind"] != "leave").any()
    assert (par["onset_risk_lo"] <= 0).all()
    assert t["kind"].iloc[0] != "leave" or t["tier"].iloc[0] == 1
    dominance = pareto(t, draws=t.attrs["draws"], material=MATERIAL)
    assert not (t["pareto"] & ~dominance).any()
    engine = {"onset_risk", "deterrence_gain", "pooled_deterrence", "provocation"}
    assert set(t.attrs["draws"]) == engine | {"belligerents"}
    assert all(d.shape == (len(t), 50) for d in t.attrs["draws"].values())


def test_criteria_come_from_the_engine_and_share_random_numbers(asia: object) -> None:
    t = asia.table  # type: ignore[attr-defined]
    # cyber and non-traditional pacts change no conventional tie: the engine's features
    # are those of the baseline, so every conflict criterion and its interval is exactly 0
    coop = t[t["kind"] == "cooperation"]
    for c in ("onset_risk", "deterrence_gain", "pooled_deterrence", "provocation",
              "belligerents"):  # fmt: skip
        assert (coop[[c, f"{c}_lo", f"{c}_hi"]].to_numpy() == 0).all(), c
    # any defence move changes some predicted risk
    moves = t[t["kind"].isin(["admit", "defense_pact", "leave"])]
    assert (moves["onset_risk"] != 0).mean() > 0.5
    assert t["why_onset_risk"].str.contains("expected MID onsets").all()


def test_reproducible(asia: object) -> None:
    again = options("asia", 2024, n=40, seed=1)
    pd.testing.assert_frame_equal(asia.table, again.table)  # type: ignore[attr-defined]


def test_focal_state_azerbaijan() -> None:
    s = snapshot(2024, "europe")
    cands = candidates(s, focal=373)
    assert cands and all(373 in c.members for c in cands if c.kind in ("admit", "defense_pact"))
    po = options("europe", 2024, focal="Azerbaijan", n=30)
    assert po.focal == 373 and len(po.table)
    assert po.table["why_deterrence_gain"].str.contains("Azerbaijan").all()


def test_pareto_by_hand() -> None:
    t = pd.DataFrame({"gain": [1.0, 1.0, 0.0], "risk": [1.0, 2.0, 0.0]})
    # row 1 is dominated by row 0 (same gain, more risk); row 2 trades gain for risk
    assert pareto(t, {"gain": 1, "risk": -1}).tolist() == [True, False, True]
    # with intervals: a risk difference inside row 1's interval is a tie, so row 1 is
    # then dominated only if something beats it clearly somewhere
    t["risk_lo"], t["risk_hi"] = t["risk"] - 0.1, t["risk"] + 0.1
    assert pareto(t, {"gain": 1, "risk": -1}).tolist() == [True, False, True]
    t["gain_lo"], t["gain_hi"] = t["gain"] - 2.0, t["gain"] + 2.0
    # gains now unresolved: row 2 (clearly lowest risk) dominates the others
    assert pareto(t, {"gain": 1, "risk": -1}).tolist() == [False, False, True]


def test_policy_cli_and_report(tmp_path: object) -> None:
    from pathlib import Path

    rep = Path(str(tmp_path)) / "policy.html"
    res = runner.invoke(
        app, ["policy", "--region", "europe", "--year", "2024", "--report", str(rep)]
    )
    assert res.exit_code == 0, res.output
    out = " ".join(res.output.split())
    assert "Pareto-efficient options" in out and "onset_risk:" in out
    text = rep.read_text()
    assert text.count("<svg") == 1 and "<script" not in text
    svg = text[text.index("<svg") : text.index("</svg>") + 6]
    root = ElementTree.fromstring(svg)  # well-formed inline SVG
    assert len(root.findall(".//{http://www.w3.org/2000/svg}circle")) >= 2
    assert "http" not in text.replace("http://www.w3.org/2000/svg", "")  # offline
    px = re.findall(r"font-size='(\d+)'", text) + re.findall(r"font-size:(\d+)px", text)
    assert px and min(int(x) for x in px) >= 12  # readable fonts in px (CSS and SVG)
    assert "cow_mid" in text and "5.0" in text  # the model card's data versions
    po = options("europe", 2024, n=300)
    for opt in po.table["option"].head(5):
        assert html.escape(opt) in text


def test_policy_bad_input() -> None:
    with pytest.raises(UnknownStateError):
        options("europe", 2024, focal="Atlantis")
    res = runner.invoke(app, ["policy", "--region", "mars", "--year", "2024"])
    assert res.exit_code == 1 and "UnknownRegionError" in res.output
    res = runner.invoke(app, ["policy", "--region", "asia", "--year", "2024", "--for", "Narnia"])
    assert res.exit_code == 1 and "UnknownStateError" in res.output
    res = runner.invoke(app, ["policy", "--region", "asia", "--year", "2024", "--n", "0"])
    assert res.exit_code == 1 and "ParameterError" in res.output
    assert "Traceback" not in res.output


def test_policy_sizes_seeds_and_weights_are_checked_first() -> None:
    from alliancelab.errors import LimitError, ParameterError

    with pytest.raises(ParameterError, match="n must be >= 1"):
        options("europe", 2024, n=0)
    with pytest.raises(LimitError, match="policy_draws"):
        options("europe", 2024, n=10**8)
    with pytest.raises(ParameterError, match="seed"):
        options("europe", 2024, n=10, seed=-3)
    with pytest.raises(ParameterError, match="weights"):
        options("europe", 2024, n=10, weights={"provocation": float("inf")})


def test_policy_reports_progress_per_option() -> None:
    seen: list[str] = []
    po = options("asia", 2024, n=20, progress=seen.append)
    assert sum(m.startswith("scoring option") for m in seen) == len(po.table)


def test_policy_on_the_official_data_store(official_store: object) -> None:
    """``data="store"``: the snapshot (ATOP alliances, NMC CINC) comes from the store; the
    engine criteria and plausibility reasons are computed the same way."""
    po = options("europe", 2000, data="store", store=official_store, n=20)
    t = po.table
    assert len(t) and t["reason"].str.len().gt(10).all()
    assert (t["onset_risk_lo"] <= t["onset_risk"]).all()
    assert (t["onset_risk"] <= t["onset_risk_hi"]).all()
    assert 1 <= int(t["pareto"].sum()) <= len(t)


def test_pareto_with_paired_draws_by_hand() -> None:
    """Common draws: a difference far smaller than each option's own interval is still
    resolved when it holds in every paired draw."""
    rng = np.random.default_rng(0)
    shared = rng.normal(0.0, 1.0, 200)  # the calibrator draw both options share
    d = np.vstack([shared, shared + 0.05])  # option 1 is 0.05 riskier in every draw
    t = pd.DataFrame({"risk": d.mean(axis=1)})
    t["risk_lo"], t["risk_hi"] = np.percentile(d, 5, axis=1), np.percentile(d, 95, axis=1)
    assert pareto(t, {"risk": -1}).tolist() == [True, True]  # bands: a tie
    assert pareto(t, {"risk": -1}, draws={"risk": d}).tolist() == [True, False]
    noisy = np.vstack([shared, rng.normal(0.05, 1.0, 200)])  # unpaired noise: unresolved
    assert pareto(t, {"risk": -1}, draws={"risk": noisy}).tolist() == [True, True]
