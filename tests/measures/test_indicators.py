"""The indicator registry on hand-computed systems: entries, frames, coverage, extension."""

from __future__ import annotations

import pandas as pd
import pytest

from alliancelab import snapshot, snapshot_from_ties
from alliancelab.measures import indicators as ind
from alliancelab.measures.indicators import (
    COVERAGE_NOTES,
    INDICATORS,
    Indicator,
    Value,
    evaluate,
    frame_columns,
)


def test_every_entry_is_complete_and_unique() -> None:
    assert len(INDICATORS) == len(ind._ENTRIES)  # no name registered twice
    for name, i in INDICATORS.items():
        assert i.name == name and i.description
        assert set(i.needs) <= set(COVERAGE_NOTES), name
        assert i.kind in {"float", "int", "bool", "label", "object"}, name
    assert {n for n, i in INDICATORS.items() if i.monte_carlo} == {
        "mean_exposure",
        "expected_war_size",
    }


def test_hand_computed_three_state_system() -> None:
    # shares 0.45, 0.35, 0.2: CON = sqrt((0.365 - 1/3) / (2/3)) = 0.2179 (Ray & Singer
    # 1973). 1 and 2 owe each other defence
    # (one bloc), 3 is alone; one of three pairs is tied: density 1/3. Rivals 1-3,
    # capability ratio 2.25: no parity.
    s = snapshot_from_ties(
        1900, {1: 4.5, 2: 3.5, 3: 2.0}, [(1, 2, "defense"), (2, 1, "defense")], [(1, 3)]
    )
    f = evaluate(s, ["con", "polarity", "n_poles", "poles", "n_blocs", "defense_density"])
    row = f.iloc[0]
    assert row["con"] == pytest.approx(0.2179, abs=1e-4)
    # 3.5 / 4.5 = 0.78 of the leader, 2.0 / 4.5 = 0.44 under half: two poles
    assert row["polarity"] == "bipolar" and row["n_poles"] == 2
    assert row["poles"] == (1, 2)
    assert row["n_blocs"] == 1
    assert row["defense_density"] == pytest.approx(1 / 3)
    g = evaluate(s, ["n_rivalries", "parity_rivalries", "expected_war_size"]).iloc[0]
    assert g["n_rivalries"] == 1 and g["parity_rivalries"] == 0
    # 3 has no ally, 1's ally 2 honours defence with p = 36/59 (before 1945; Berkemeier &
    # Fuhrmann's count, 0.61 rounded): 2 + 0.6102
    assert g["expected_war_size"] == pytest.approx(2 + 36 / 59)
    assert g["expected_war_size_se"] == 0.0  # exact enumeration


def test_frame_columns_and_types() -> None:
    names = ["n_blocs", "mean_exposure", "polarity", "frustration_exact"]
    f = evaluate(snapshot(1914, "europe"), names)
    assert list(f.columns) == frame_columns(names)
    assert list(f.columns) == [
        "region",
        "year",
        "n_blocs",
        "mean_exposure",
        "mean_exposure_se",
        "polarity",
        "frustration_exact",
        "notes",
    ]
    assert str(f["n_blocs"].dtype) == "Int64"
    assert str(f["frustration_exact"].dtype) == "boolean"
    assert f["mean_exposure"].dtype == float


def test_uncovered_data_is_na_with_one_note() -> None:
    f = evaluate(
        snapshot(1914, "europe"),
        ["n_blocs", "n_rivalries", "balanced_share", "min_deterrence", "con"],
        covered={"rivalries": False},
    ).iloc[0]
    # Triple Alliance (+ Romania), Franco-Russian and the Balkan pacts (Greece-Serbia 1913,
    # ATOP 1490, with Serbia-Montenegro, ATOP 1480); the Anglo-Japanese alliance is an
    # Asian commitment (one European member) and makes no bloc of Europe
    assert f["n_blocs"] == 3 and f["con"] > 0
    assert pd.isna(f["n_rivalries"]) and pd.isna(f["balanced_share"])
    assert pd.isna(f["min_deterrence"])
    assert f["notes"].count(COVERAGE_NOTES["rivalries"]) == 1


def test_overtakings_need_the_previous_year() -> None:
    f = evaluate([snapshot(y, "europe") for y in (1913, 1914)], ["overtakings"])
    assert pd.isna(f["overtakings"].iloc[0])
    assert not pd.isna(f["overtakings"].iloc[1])
    # not consecutive: no previous year
    g = evaluate([snapshot(y, "europe") for y in (1910, 1914)], ["overtakings"])
    assert g["overtakings"].isna().all()


def test_unknown_indicator_is_a_clear_error() -> None:
    with pytest.raises(ValueError, match=r"unknown indicators.*'cn'"):
        evaluate(snapshot(1914, "europe"), ["cn"])


def test_a_new_indicator_is_one_entry(monkeypatch: pytest.MonkeyPatch) -> None:
    new = Indicator(
        "n_outside_allies", (), "int", lambda c: Value(int((~c.inside).sum())), "outside allies"
    )
    monkeypatch.setitem(INDICATORS, new.name, new)
    f = evaluate(snapshot(2024, "europe"), ["n_states", "n_outside_allies"]).iloc[0]
    s = snapshot(2024, "europe")
    assert f["n_outside_allies"] == s.n - f["n_states"] > 0


def test_frame_measures_match_their_tuple_conveniences() -> None:
    import numpy as np

    from alliancelab.measures import (
        alliance_dependency,
        dependency,
        entanglement,
        frustration,
        frustration_index,
        signed_matrix,
        war_exposure,
    )

    s = snapshot(1914, "europe")
    m = np.asarray(s.in_region, dtype=bool)
    fr = frustration(s).iloc[0]
    assert (int(fr["frustration"]), bool(fr["frustration_exact"])) == frustration_index(
        signed_matrix(s)[np.ix_(m, m)]
    )
    assert list(frustration(s).columns[:2]) == ["region", "year"]
    frames = entanglement(s, n_sims=200, seed=1)
    for k, level in enumerate(("region", "state", "rivalry")):
        pd.testing.assert_frame_equal(war_exposure(s, level=level, n_sims=200, seed=1), frames[k])
    reg, states = dependency(s)
    pd.testing.assert_frame_equal(alliance_dependency(s), states)
    pd.testing.assert_frame_equal(alliance_dependency(s, level="region"), reg)
    with pytest.raises(ValueError, match="level"):
        war_exposure(s, level="dyad")
    with pytest.raises(ValueError, match="level"):
        alliance_dependency(s, level="dyad")
