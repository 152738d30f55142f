"""Policy options: candidates, scores with reasons, the Pareto set, the CLI."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from typer.testing import CliRunner

from alliancelab import snapshot
from alliancelab.cli import app
from alliancelab.errors import UnknownStateError
from alliancelab.policy import CRITERIA, KINDS, candidates, options, pareto

runner = CliRunner()


@pytest.fixture(scope="module")
def asia() -> object:
    return options("asia", 2024, n=40, seed=1)


def test_asia_2024_ranked_explained_and_reproducible(asia: object) -> None:
    t = asia.table  # type: ignore[attr-defined]
    assert len(t) >= 20
    assert set(t["kind"]) == set(KINDS)
    assert t["rank"].tolist() == list(range(1, len(t) + 1))
    assert (np.diff(t["score"].to_numpy()) <= 1e-12).all()  # best first
    for c in CRITERIA:
        reasons = t[f"why_{c}"]
        assert reasons.map(lambda r: isinstance(r, str) and len(r) > 20).all(), c
    # the Pareto set is exactly the undominated rows
    x = t[list(CRITERIA)].to_numpy(float) * np.array(list(CRITERIA.values()))
    for i in np.nonzero(t["pareto"].to_numpy())[0]:
        dominated = ((x >= x[i] - 1e-12).all(axis=1) & (x > x[i] + 1e-12).any(axis=1)).any()
        assert not dominated
    again = options("asia", 2024, n=40, seed=1)
    pd.testing.assert_frame_equal(t, again.table)


def test_a_defence_pact_for_a_threatened_state_deters_and_provokes(asia: object) -> None:
    t = asia.table.set_index("option")  # type: ignore[attr-defined]
    pacts = t[t["kind"] == "defense_pact"]
    assert (pacts["deterrence_gain"] > 0).any()
    # a pact that raises deterrence raises some rival's threat ratio (provocation >= 0)
    best = pacts.sort_values("deterrence_gain").iloc[-1]
    assert best["provocation"] > 0 and "threat ratio" in best["why_provocation"]
    # cooperation pacts in the cyber and non-traditional domains touch no military tie
    coop = t[t["kind"] == "cooperation"]
    assert (coop[["deterrence_gain", "entanglement_risk", "provocation"]] == 0).all().all()
    # an inclusive non-aggression framework keeps third states out of rival wars
    inc = t[t.index.str.startswith("inclusive")].iloc[0]
    assert inc["entanglement_risk"] < 0 and inc["deterrence_gain"] == 0


def test_focal_state_azerbaijan_admission_into_nato() -> None:
    s = snapshot(2024, "europe")
    cands = candidates(s, focal=373)
    labels = [c.label for c in cands]
    assert any(lab.endswith("admits Azerbaijan") and "NATO" in lab for lab in labels)
    assert all(373 in c.members or c.kind == "framework" for c in cands if c.kind != "cooperation")
    po = options("europe", 2024, focal="Azerbaijan", n=30)
    row = po.table[po.table["option"].str.contains("NATO.*admits Azerbaijan")].iloc[0]
    # hand-checkable direction: NATO's defence commitment raises Azerbaijan's deterrence
    # against its rival Armenia and raises Armenia's threat ratio
    assert row["deterrence_gain"] > 0 and row["provocation"] > 0
    assert "Armenia" in row["why_provocation"]


def test_pareto_by_hand() -> None:
    t = pd.DataFrame(
        {
            "deterrence_gain": [1.0, 1.0, 0.0],
            "entanglement_risk": [1.0, 2.0, 0.0],
            "provocation": [0.0, 0.0, 0.0],
            "dependency": [0.0, 0.0, 0.0],
            "balance": [0.0, 0.0, 0.0],
        }
    )
    # row 1 is dominated by row 0 (same gain, more risk); row 2 trades gain for risk
    assert pareto(t).tolist() == [True, False, True]


def test_policy_cli_europe_and_asia() -> None:
    for region in ("europe", "asia"):
        res = runner.invoke(app, ["policy", "--region", region, "--year", "2024", "--n", "20"])
        assert res.exit_code == 0, res.output
        out = " ".join(res.output.split())
        assert "Pareto-efficient options" in out and "Ranked options" in out
        assert "deterrence_gain:" in out and "entanglement_risk:" in out


def test_policy_bad_input() -> None:
    with pytest.raises(UnknownStateError):
        options("europe", 2024, focal="Atlantis")
    res = runner.invoke(app, ["policy", "--region", "mars", "--year", "2024"])
    assert res.exit_code == 1 and "UnknownRegionError" in res.output
    res = runner.invoke(app, ["policy", "--region", "asia", "--year", "2024", "--for", "Narnia"])
    assert res.exit_code == 1 and "UnknownStateError" in res.output


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
    assert len(seen) == len(po.table) and seen[0].startswith("scoring option 1/")
