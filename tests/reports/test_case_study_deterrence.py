"""The NATO case studies ask a deterrence question, so they run the escalation model with
deterrence on, at the one documented value (the parity threshold the July 1914 case uses)."""

from __future__ import annotations

import pytest

from alliancelab.scenario import bundled, bundled_path, load, run

NATO = sorted(n for n in bundled()["name"] if n.startswith("nato-"))


def test_every_nato_case_runs_with_the_documented_deterrence_threshold() -> None:
    ref = load(bundled_path("july-1914")).models["escalation"]["deterrence_threshold"]
    assert len(NATO) == 11
    for name in NATO:
        esc = load(bundled_path(name)).models["escalation"]
        assert esc.get("deterrence_threshold") == ref == 1.0, name


def test_p_war_is_not_one_by_construction() -> None:
    t = run(bundled_path("nato-1949-founding"), n=300, seed=0).table.set_index("name")
    assert t.loc["escalation.p_war", "baseline"] == pytest.approx(1.0)  # Norway alone
    assert t.loc["escalation.p_war", "scenario"] < 1.0  # allies may deter the attack
    assert t.loc["escalation.p_war", "delta_hi"] < 0
