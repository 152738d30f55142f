"""One region-year, one number: the brief, the stability panel, policy and scenarios agree.

Issue 10 found ``alliancelab brief --region europe --year 2024`` printing CON 0.404, bipolar
(USA, RUS) while ``alliancelab measure`` printed CON 0.313 with Russia and Germany as poles:
the brief computed shares over the snapshot (the region plus its outside allies), the panel
over the region's own states. Both now read :mod:`alliancelab.measures.indicators`, whose
one definition is the region's own states (docs/measures.md). These tests compare every
consumer with the registry on several region-years of both data sources: the shipped
reference data and a DuckDB store built from the official files in ``../shared/data``.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from alliancelab import snapshot, stability_panel
from alliancelab.measures.indicators import INDICATORS, Context, evaluate, indicator_values
from alliancelab.measures.power import capability_shares, concentration
from alliancelab.policy import _deterrence_table, _log_det, _structure
from alliancelab.reports.brief import build_brief
from alliancelab.stability import PANEL_INDICATORS
from alliancelab.store import Store, import_source

REFERENCE = [("europe", 1914), ("europe", 1990), ("europe", 2024), ("asia", 2024)]
REFERENCE += [("middle_east", 1973)]
# the store's state system ends in 2016 (COW v2016) and its rivalries in 2010
STORE = [("europe", 1914), ("europe", 1990), ("asia", 2010), ("middle_east", 1973)]
SHARED = ("con", "polarity", "n_poles", "n_blocs", "n_rivalries")


@pytest.fixture(scope="module")
def store(shared_data: Path, tmp_path_factory: pytest.TempPathFactory) -> Store:
    st = Store(tmp_path_factory.mktemp("agreement") / "official.duckdb")
    import_source(
        "cow_states",
        [shared_data / "cow_states/cow_states.csv.gz", shared_data / "cow_states/system2016.csv"],
        store=st,
    )
    import_source("atop", [shared_data / "atop/atop5_1m.csv"], store=st)
    import_source("cow_nmc", [shared_data / "cow_nmc/cow_nmc.csv.gz"], store=st)
    import_source("rivalries", [shared_data / "rivalries/td_rivalries.csv.gz"], store=st)
    return st


def _check_one(region: str, year: int, data: str, store: Store | None) -> None:
    s = snapshot(year, region, data=data, store=store)
    layers = data == "reference"
    reg = evaluate(s, covered={"layers": layers}).iloc[0]
    # the stability panel: every indicator it shares with the registry, same value
    panel = stability_panel(region, year, data=data, store=store)
    assert isinstance(panel, pd.DataFrame)
    row = panel.iloc[0]
    for name in PANEL_INDICATORS:
        a, b = row[name], reg[name]
        if pd.isna(b):
            assert pd.isna(a), (region, year, name)
        else:
            assert a == b, (region, year, name, a, b)
    assert row["war_size_se"] == reg["expected_war_size_se"]
    assert row["notes"] == reg["notes"]
    # the brief: headline CON, polarity, poles, blocs and rivalries
    b = build_brief(region, year, data=data, store=store)
    assert b.con == reg["con"]
    assert b.polarity["polarity"] == reg["polarity"]
    assert b.polarity["n_poles"] == reg["n_poles"]
    assert b.polarity["poles"] == reg["poles"]
    assert len(b.blocs) == reg["n_blocs"]
    if data == "reference":  # the brief lists the reference rivalries
        assert len(b.rivalries) == reg["n_rivalries"]
    # the registry's CON is the published formula over the region's own states
    shares = capability_shares(s, region_only=True)["share"]
    assert reg["con"] == pytest.approx(concentration(shares), rel=1e-12)
    # policy's baseline structure: the registry's values with its 300 exposure draws
    vals, _ = indicator_values(Context(s, seed=0, n_sims=300))
    bal, fr, ex = _structure(s, 0)
    for got, name in ((bal, "balanced_share"), (fr, "frustration"), (ex, "mean_exposure")):
        want = vals[name].value
        assert (np.isnan(got) and np.isnan(want)) or got == want, (region, year, name)
    ld = _log_det(_deterrence_table(s, None))
    want_ld = vals["mean_log_deterrence"].value
    assert (np.isnan(ld) and np.isnan(want_ld)) or ld == want_ld


@pytest.mark.parametrize(("region", "year"), REFERENCE)
def test_reference_consumers_agree(region: str, year: int) -> None:
    _check_one(region, year, "reference", None)


@pytest.mark.parametrize(("region", "year"), STORE)
def test_store_consumers_agree(region: str, year: int, store: Store) -> None:
    _check_one(region, year, "store", store)


def test_europe_2024_is_the_regions_own_distribution_of_power() -> None:
    # NMC-proxy shares inside Europe: Russia, then Germany, both >= 10%; the US (outside
    # ally in NATO) is no pole of Europe's distribution of power
    reg = evaluate(snapshot(2024, "europe"), ["con", "polarity", "poles"]).iloc[0]
    assert reg["polarity"] == "bipolar"
    assert reg["poles"] == (365, 255)
    assert round(float(reg["con"]), 3) == 0.313


def test_scenario_baseline_measures_equal_the_registry() -> None:
    from alliancelab.scenario import MEASURES, Scenario, run

    names = list(MEASURES)
    assert set(names) <= set(INDICATORS)
    r = run(Scenario(name="agree", year=1914, region="europe"), n=200, seed=3)
    t = r.table.set_index("name")
    mseed = int(np.random.SeedSequence(3).spawn(1)[0].generate_state(1)[0])
    reg = evaluate(snapshot(1914, "europe"), names, seed=mseed, n_sims=200).iloc[0]
    for name in names:
        a, b = float(t.loc[name, "baseline"]), float(reg[name])
        assert (np.isnan(a) and np.isnan(b)) or a == pytest.approx(b, rel=1e-12), name


def _cli(*args: str) -> str:
    exe = Path(sys.executable).with_name("alliancelab")
    r = subprocess.run([str(exe), *args], capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, r.stderr
    return r.stdout


def test_brief_and_measure_commands_print_the_same_con(tmp_path: Path) -> None:
    brief = _cli("brief", "--region", "europe", "--year", "2024", "--out", str(tmp_path / "b"))
    measure = _cli("measure", "--region", "europe", "--years", "2024")
    con_brief = float(re.search(r"CON = ([0-9.]+)", brief).group(1))  # type: ignore[union-attr]
    line = next(ln for ln in measure.splitlines() if ln.startswith("europe"))
    con_measure = float(line.split()[2])
    assert con_brief == pytest.approx(con_measure, abs=5e-4)
    assert "bipolar" in brief and "bipolar" in line
    assert "RUS" in brief and "USA 38%" not in brief
