"""Issue 13 / DESIGN.md convention 5: every model's frozen Params rejects non-finite,
out-of-range and over-cap values with ParameterError (LimitError for caps) naming the
parameter, the value and the allowed range; the contract's ``check`` runs the same checks
and the caps hold for Python callers, before anything is allocated."""

from __future__ import annotations

import math

import numpy as np
import pytest

from alliancelab import limits
from alliancelab.errors import AllianceLabError, LimitError, ParameterError
from alliancelab.models import MODELS, alignment, arms_race, bargaining, escalation, transition
from alliancelab.models._rng import make_rng

INF, NAN = math.inf, math.nan


@pytest.mark.parametrize(
    ("make", "words"),
    [
        (lambda: bargaining.Params(p=1.5), ["p", "1.5", "[0, 1]"]),
        (lambda: bargaining.Params(p=NAN), ["p", "nan"]),
        (lambda: bargaining.Params(c_b=INF), ["c_b", "inf", "[0, 1]"]),
        (lambda: bargaining.Params(c_b=-0.1), ["c_b", "-0.1"]),
        (lambda: bargaining.Params(c_bar=0.0), ["c_bar", "(0, 1]"]),
        (lambda: bargaining.Params(c_bar=1e308), ["c_bar", "1e+308"]),
        (lambda: bargaining.Params(mediation=-0.5), ["mediation", "[0, 1]"]),
        (lambda: bargaining.Params(precision=10**9), ["precision", "[1, 10000]", "1000000000"]),
        (lambda: bargaining.Params(precision=2.5), ["precision", "2.5"]),
        (lambda: bargaining.Params(precision=True), ["precision"]),
        (lambda: escalation.Params(honour=NAN), ["honour", "[0, 1]"]),
        (lambda: escalation.Params(honour={"defense": -0.1}), ["honour['defense']", "-0.1"]),
        (lambda: escalation.Params(deterrence_threshold=INF), ["deterrence_threshold", "inf"]),
        (lambda: escalation.Params(deterrence_threshold=-1.0), ["deterrence_threshold", "(0,"]),
        (lambda: escalation.Params(regional_share=1.5), ["regional_share", "(0, 1]"]),
        (lambda: transition.Params(window=0), ["window", "0"]),
        (lambda: transition.Params(default_sd=INF), ["default_sd", "inf"]),
        (lambda: transition.Params(band=(0.8, INF)), ["band"]),
        (lambda: alignment.Params(rtol=INF), ["rtol", "inf"]),
        (lambda: alignment.Params(method="exhaustive"), ["method", "exhaustive"]),
        (lambda: arms_race.Params.two_bloc(INF, 1, 1, 1, 1, 1), ["reaction", "inf"]),
        (lambda: arms_race.Params.two_bloc(1, 1, 1e308, 1, 1, 1), ["fatigue", "1e+308"]),
        (lambda: arms_race.Params.two_bloc(1, 1, 1, 1, NAN, 1), ["grievance", "nan"]),
    ],
)
def test_params_reject_impossible_values(make, words: list[str]) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ParameterError) as info:
        make()
    assert isinstance(info.value, ValueError) and isinstance(info.value, AllianceLabError)
    for w in words:
        assert w in str(info.value), (w, str(info.value))


@pytest.mark.parametrize(
    ("make", "cap"),
    [
        (lambda: transition.Params(horizon=10**8), "horizon"),
        (lambda: transition.Params(n=10**12), "draws"),
        (lambda: alignment.Params(method="multistart", n_starts=10**8), "starts"),
        (lambda: bargaining.simulate(bargaining.Params(), n=10**12), "draws"),
        (lambda: MODELS["bargaining"].params_from(None, n=10**12), "draws"),
        (lambda: MODELS["alignment"].params_from(None, n_actors=10**6), "cells"),
        (lambda: MODELS["alignment"].params_from(None, starts=10**8), "starts"),
        (
            lambda: MODELS["transition"].params_from(
                None, base_year=2024, leader=2, challenger=710, horizon=10**8
            ),
            "horizon",
        ),
        (
            lambda: arms_race.simulate(
                arms_race.Params.two_bloc(0.5, 0.5, 1, 1, 1, 1), [1, 1], 10**9
            ),
            "horizon",
        ),
        (
            lambda: arms_race.simulate(
                arms_race.Params.two_bloc(0.5, 0.5, 1, 1, 1, 1), [1, 1], 5, n=10**12
            ),
            "draws",
        ),
        (
            lambda: arms_race.trajectory(
                arms_race.Params.two_bloc(0.5, 0.5, 1, 1, 1, 1), [0, 0], 1e9
            ),
            "t_end",
        ),
    ],
)
def test_sizes_over_a_cap_fail_before_allocation(make, cap: str) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ParameterError, match=cap):
        make()


def test_cells_cap_bounds_the_product_before_allocating() -> None:
    p = arms_race.Params.two_bloc(0.5, 0.5, 1, 1, 1, 1)
    with limits.raised(cells=1000):
        with pytest.raises(LimitError, match=r"11 x 100 x 2 = 2,200 elements"):
            arms_race.simulate(p, [1.0, 1.0], 10, n=100)
        assert len(arms_race.simulate(p, [1.0, 1.0], 10, n=10)) == 11 * 10 * 2
    from alliancelab.reference import load_capabilities

    caps = load_capabilities()
    with limits.raised(cells=10_000), pytest.raises(LimitError, match="transition paths"):
        transition.project(caps, 2010, transition.Params(horizon=50, n=1000), seed=0)
    with limits.raised(cells=1000), pytest.raises(LimitError, match="exact landscape"):
        alignment.minima(np.ones(12), np.zeros((12, 12)))


def test_raised_caps_let_bigger_runs_through() -> None:
    with limits.raised(horizon=600):
        assert transition.Params(horizon=550).horizon == 550
    with pytest.raises(LimitError):
        transition.Params(horizon=550)


@pytest.mark.parametrize(
    ("model", "options", "key"),
    [
        ("bargaining", {"precision": 1e9}, "precision"),
        ("bargaining", {"c_b": INF}, "c_b"),
        ("bargaining", {"c_bar": -1.0}, "c_bar"),
        ("escalation", {"honour": 1.5}, "honour"),
        ("escalation", {"deterrence_threshold": INF}, "deterrence_threshold"),
        ("arms_race", {"years": 10**9}, "years"),
        ("arms_race", {"sigma": INF}, "sigma"),
        ("arms_race", {"reaction": 1e308}, "reaction"),
        ("transition", {"horizon": 10**8}, "horizon"),
        ("transition", {"window": 0}, "window"),
        ("transition", {"honour": NAN}, "honour"),
    ],
)
def test_contract_check_uses_the_params_validation(model: str, options: dict, key: str) -> None:  # type: ignore[type-arg]
    with pytest.raises(ParameterError, match=key):
        MODELS[model].check(options)


def test_good_options_pass_the_check() -> None:
    MODELS["bargaining"].check({"c_b": 0.2, "precision": 8.0})
    MODELS["transition"].check({"horizon": 30, "window": 20, "honour": 0.5})
    MODELS["arms_race"].check({"years": 40, "sigma": 0.1})


def test_seeds_must_be_non_negative() -> None:
    with pytest.raises(ParameterError, match="seed"):
        make_rng(-3)
    with pytest.raises(ParameterError, match="seed"):
        bargaining.mediation_effect(0.5, 0.1, 0.3, n=100, seed=-1)
    assert make_rng(0).random() == make_rng(0).random()
