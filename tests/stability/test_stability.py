"""The stability panel on the shipped reference data."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from alliancelab import StabilityPanel, UnknownRegionError, snapshot, stability_panel
from alliancelab.stability import PANEL_COLUMNS


@pytest.fixture(scope="module")
def europe() -> StabilityPanel:
    p = stability_panel("europe", [1913, 1914, 1950, 2024, 2025], detail=True)
    assert isinstance(p, StabilityPanel)
    return p


def test_panel_has_the_issue_columns_keyed_by_region_year(europe: StabilityPanel) -> None:
    r = europe.regions
    for c in (
        "con",
        "polarity",
        "parity_rivalries",
        "n_blocs",
        "largest_bloc_share",
        "defense_density",
        "polarization",
        "balanced_share",
        "frustration",
        "mean_s",
        "mean_kappa",
        "min_deterrence",
        "mean_exposure",
        "expected_war_size",
        "max_dependency",
    ):
        assert c in r.columns
    assert list(r.columns) == list(PANEL_COLUMNS)
    assert not r.duplicated(["region", "year"]).any()
    assert r["year"].tolist() == [1913, 1914, 1950, 2024, 2025]


def test_values_are_in_range_and_overtakings_need_the_previous_year(
    europe: StabilityPanel,
) -> None:
    r = europe.regions.set_index("year")
    covered = r.loc[[1913, 1914, 1950, 2024]]
    assert covered["con"].between(0, 1).all()
    assert covered["balanced_share"].between(0, 1).all()
    assert covered["mean_s"].between(-1, 1).all()
    assert (covered["expected_war_size"] >= 2).all()
    # 1914 follows 1913 in the request, 1950 does not follow 1949
    assert not pd.isna(r.loc[1914, "overtakings"])
    assert pd.isna(r.loc[1913, "overtakings"]) and pd.isna(r.loc[1950, "overtakings"])
    # defence honoured far less after 1945 (Berkemeier & Fuhrmann): smaller expected wars
    # per obligation; NATO exists in 2024 so blocs exist
    assert r.loc[2024, "n_blocs"] >= 1


def test_beyond_coverage_is_na_with_a_note_never_zero(europe: StabilityPanel) -> None:
    row = europe.regions.set_index("year").loc[2025]
    assert "not covered" in row["notes"]
    for c in ("con", "defense_density", "mean_s", "n_blocs", "frustration"):
        assert pd.isna(row[c]), c


def test_drill_down_frames(europe: StabilityPanel) -> None:
    st, dy = europe.states, europe.dyads
    assert not st.duplicated(["region", "ccode", "year"]).any()
    assert not dy.duplicated(["region", "ccode1", "ccode2", "year"]).any()
    assert (dy["ccode1"] < dy["ccode2"]).all()
    d14 = dy[(dy["year"] == 1914)].set_index(["ccode1", "ccode2"])
    # France-Russia defence pact: both tied and similar; France-Germany rivals
    assert bool(d14.loc[(220, 365), "defense"])
    assert d14.loc[(220, 365), "s"] > d14.loc[(220, 255), "s"]
    assert bool(d14.loc[(220, 255), "rivalry"])
    assert d14.loc[(220, 255), "war_size"] >= 2
    s14 = st[st["year"] == 1914].set_index("ccode")
    assert s14["share"].sum() == pytest.approx(1.0)
    # the region means equal the means of the dyad frame
    r14 = europe.regions.set_index("year").loc[1914]
    assert r14["mean_s"] == pytest.approx(d14["s"].mean())


def test_same_seed_same_panel_and_user_regions() -> None:
    a = stability_panel([200, 220, 255, 300, 365], "1912-1913", seed=3)
    b = stability_panel([200, 220, 255, 300, 365], "1912-1913", seed=3)
    assert isinstance(a, pd.DataFrame) and isinstance(b, pd.DataFrame)
    pd.testing.assert_frame_equal(a, b)
    assert (a["region"] == "custom").all()
    assert (a["n_states"] == 5).all()


def test_several_regions_and_progress() -> None:
    seen: list[tuple[int, int]] = []
    p = stability_panel(["europe", "asia"], 1914, progress=lambda d, t: seen.append((d, t)))
    assert isinstance(p, pd.DataFrame)
    assert p["region"].tolist() == ["europe", "asia"]
    assert seen == [(1, 2), (2, 2)]


@pytest.mark.parametrize(
    ("kwargs", "error"),
    [
        ({"region": "narnia", "years": 1914}, UnknownRegionError),
        ({"region": "europe", "years": "19x"}, ValueError),
        ({"region": "europe", "years": "1915-1914"}, ValueError),
        ({"region": "europe", "years": 1914, "data": "web"}, ValueError),
    ],
)
def test_bad_input_raises_clear_errors(kwargs: dict, error: type[Exception]) -> None:
    with pytest.raises(error):
        stability_panel(**kwargs)


def test_region_without_states_gives_na_rows() -> None:
    p = stability_panel("africa", 1816)
    assert isinstance(p, pd.DataFrame)
    assert np.isnan(p["con"].iloc[0]) and "not covered" in p["notes"].iloc[0]


def test_years_are_ascii_digits_and_require_coverage_names_the_span() -> None:
    from alliancelab.errors import CoverageError, ParameterError
    from alliancelab.stability import require_coverage

    # Python's \d matches Arabic-Indic digits: '٢٠٢٠' must not be read as 2020
    with pytest.raises(ParameterError, match="years must look like"):
        stability_panel("europe", "٢٠٢٠")
    assert require_coverage("1913-1914") == [1913, 1914]
    with pytest.raises(CoverageError, match="1816-2024"):
        require_coverage("2020-2030")


def test_world_and_none_are_the_whole_system() -> None:
    # region None and "world" are one region: every state of the system, the great powers'
    # polarity (1913: five of the eight COW major powers have half the leader's milex)
    a = stability_panel(None, 1913, n_sims=50)
    b = stability_panel("world", 1913, n_sims=50)
    assert a["region"].tolist() == b["region"].tolist() == ["world"]
    assert a["n_states"].item() == b["n_states"].item() == snapshot(1913).n
    assert a["polarity"].item() == b["polarity"].item() == "multipolar"
