"""The one model contract: every model in ``alliancelab.models.MODELS`` exposes the same
surface, and the same seed gives identical frames through it (DESIGN.md conventions 5, 10)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from alliancelab import experiments, scenario, snapshot
from alliancelab.models import (
    MODELS,
    Estimate,
    Model,
    alignment,
    arms_race,
    bargaining,
    escalation,
    transition,
)

# One snapshot run per model that is built from a snapshot (the options of a scenario's
# [models.<name>] table) and one sweep run per model (the options of run_sweep).
SNAPSHOT_OPTIONS = {
    "escalation": {"challenger": 365, "target": 366},
    "bargaining": {"a": 365, "b": 375},
    "arms_race": {"a": 365, "b": 2},
    "transition": {"leader": 2, "challenger": 365, "horizon": 5},
}
SWEEP_OPTIONS = {
    "escalation": {"year": 2023, "challenger": 365, "target": 366, "region": "europe", "n": 300},
    "bargaining": {"p": 0.4, "c_b": 0.1, "c_bar": 0.3, "n": 300},
    "arms_race": {"a": 0.5, "b": 0.4, "m": 1.0, "n": 1.0, "sigma": 0.1, "years": 5},
    "alignment": {"n_actors": 7},
    "transition": {"base_year": 2010, "leader": 2, "challenger": 710, "n": 100, "horizon": 5},
}


def _frame(out: dict[str, Estimate]) -> pd.DataFrame:
    return pd.DataFrame(
        [
            {"name": k, "value": float(e.value), "se": e.se, "detail": e.detail}
            for k, e in out.items()
        ]
    )


def test_one_table_of_every_model_module() -> None:
    modules = {m.__name__.rsplit(".", 1)[1]: m for m in
               (alignment, arms_race, bargaining, escalation, transition)}  # fmt: skip
    assert set(MODELS) == set(modules)
    for name, m in MODELS.items():
        assert isinstance(m, Model) and m.name == name
        assert modules[name].MODEL is m  # each module's descriptor is the registered one
    assert experiments.MODELS is MODELS
    # the scenario's model table is derived from the contract (alignment has no snapshot form)
    assert set(scenario.MODELS) == set(SNAPSHOT_OPTIONS)
    assert scenario.MODELS["bargaining"][0] == {"a", "b"}
    assert set(scenario.MODEL_OUTPUTS) == {
        f"{n}.{o}" for n in SNAPSHOT_OPTIONS for o in MODELS[n].outputs
    }


@pytest.mark.parametrize("name", sorted(SNAPSHOT_OPTIONS))
def test_snapshot_runs_are_reproducible_and_report_their_outputs(name: str) -> None:
    s = snapshot(2023, "europe")
    m = MODELS[name]
    frames = []
    for _ in range(2):
        setup = m.params_from(s, systems=(s,), n=200, **SNAPSHOT_OPTIONS[name])
        result = m.simulate(setup, seed=np.random.SeedSequence(11))
        frames.append((_frame(m.summarise(result)), m.states(result)))
    pd.testing.assert_frame_equal(frames[0][0], frames[1][0])
    pd.testing.assert_frame_equal(frames[0][1], frames[1][1])
    assert list(frames[0][0]["name"]) == list(m.outputs)
    other = m.summarise(m.simulate(m.params_from(s, n=200, **SNAPSHOT_OPTIONS[name]), seed=12))
    stochastic = [k for k, e in m.summarise(result).items() if e.se is not None]
    if stochastic:  # another seed draws other numbers
        assert any(other[k].value != m.summarise(result)[k].value for k in stochastic)


@pytest.mark.parametrize("name", sorted(SWEEP_OPTIONS))
def test_sweep_runs_are_reproducible(name: str) -> None:
    m = MODELS[name]
    a = _frame(m.run(None, rng=np.random.default_rng(5), **SWEEP_OPTIONS[name]))
    b = _frame(m.run(None, rng=np.random.default_rng(5), **SWEEP_OPTIONS[name]))
    pd.testing.assert_frame_equal(a, b)
    assert len(a) >= 2 and a["value"].notna().all()
    # run_sweep reads the same contract: one task gets the first child of SeedSequence(3)
    df = experiments.run_sweep(name, {k: [v] for k, v in SWEEP_OPTIONS[name].items()},
                               seed=3, progress=False)  # fmt: skip
    child = np.random.SeedSequence(3).spawn(1)[0]
    direct = m.run(None, rng=np.random.default_rng(child), **SWEEP_OPTIONS[name])
    assert [float(df[k].iloc[0]) for k in direct] == [float(e.value) for e in direct.values()]


def test_check_names_the_option_and_snapshot_less_alignment_is_refused() -> None:
    with pytest.raises(ValueError, match="fatigue"):
        MODELS["arms_race"].check({"fatigue": 0})
    with pytest.raises(ValueError, match="honour"):
        MODELS["transition"].check({"honour": 2})
    MODELS["escalation"].check({"regional_share": 0.5})  # valid options pass
    with pytest.raises(ValueError, match="landscape_inputs"):
        MODELS["alignment"].params_from(snapshot(1936, "europe"))


def test_contract_gives_what_the_simulate_commands_compute() -> None:
    # escalation as `alliancelab simulate escalation` runs it (snapshot, Params, seed)
    s = snapshot(2023, "europe")
    direct = escalation.simulate(s, 365, 366, escalation.Params(None, None), n=300, seed=9)
    m = MODELS["escalation"]
    setup = m.params_from(None, year=2023, region="europe", challenger=365, target=366, n=300)
    result = m.simulate(setup, seed=9)
    via = {k: e.value for k, e in m.summarise(result).items()}
    pd.testing.assert_series_equal(pd.Series(via), pd.Series(direct.summary()))
    pd.testing.assert_frame_equal(result[1].states, direct.states)
    # alignment on given inputs (as landscape_inputs gives them): the same minima
    sizes = [1.0, 2.0, 1.5, 0.5]
    p = np.array([[0, 1, -1, 0.5], [1, 0, -0.5, -1], [-1, -0.5, 0, 1], [0.5, -1, 1, 0.0]])
    a = MODELS["alignment"]
    got = a.simulate(a.params_from(None, sizes=sizes, propensities=p, labels=[2, 200, 220, 255]))
    pd.testing.assert_frame_equal(got, alignment.minima(sizes, p, labels=[2, 200, 220, 255]))
    # transition over given capabilities with a window, as `simulate transition --nmc`
    from alliancelab.reference import load_capabilities

    caps = load_capabilities()[["ccode", "year", "cinc"]]
    prm = transition.Params(horizon=5, window=10, n=50)
    pr = transition.project(caps, 2010, prm, seed=4)
    want = transition.parity(pr, [(2, 710)], prm).attrs["summary"].iloc[0]
    t = MODELS["transition"]
    got_t = t.run(None, seed=4, caps=caps, base_year=2010, leader=2, challenger=710,
                  horizon=5, window=10, n=50)  # fmt: skip
    assert got_t["p_overtaken_by_end"].value == float(want["p_overtaken_by_end"])
