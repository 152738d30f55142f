"""One region-year, one number: the brief, the stability panel, policy, scenarios and the
case-study report agree.

Issue 10 found ``alliancelab brief --region europe --year 2024`` printing CON 0.404, bipolar
(USA, RUS) while ``alliancelab measure`` printed CON 0.313 with Russia and Germany as poles:
the brief computed shares over the snapshot (the region plus its outside allies), the panel
over the region's own states. Both now read :mod:`alliancelab.measures.indicators`, whose
one definition is the region's own states (docs/measures.md). These tests compare every
consumer with the registry on several region-years of both data sources: the shipped
reference data and a DuckDB store built from the official files in ``../shared/data``
(the default store of ``ALLIANCELAB_HOME`` for the scenario runs, which name no store).
"""

from __future__ import annotations

import html
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
from alliancelab.reports.case_study import PANEL_INDICATORS as CASE_INDICATORS
from alliancelab.reports.case_study import build_report, render_html
from alliancelab.scenario import MEASURES, Scenario, run
from alliancelab.stability import PANEL_INDICATORS
from alliancelab.store import Store

REFERENCE = [("europe", 1914), ("europe", 1990), ("europe", 2024), ("asia", 2024)]
REFERENCE += [("middle_east", 1973)]
# the store's state system ends in 2016 (COW v2016) and its rivalries in 2010
STORE = [("europe", 1914), ("europe", 1990), ("asia", 2010), ("middle_east", 1973)]
SHARED = ("con", "polarity", "n_poles", "n_blocs", "n_rivalries")


@pytest.fixture(scope="module")
def store(official_store: Store) -> Store:
    return official_store  # tests/conftest.py: the official files, imported once a session


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


def _same(a: object, b: object) -> bool:
    return bool(pd.isna(a) and pd.isna(b)) or a == b


def _report_cells(page: str) -> dict[str, list[str]]:
    """The results table of a rendered report: quantity -> its cells, as the reader sees."""
    rows = re.findall(r"<tr(?: class='moved')?>((?:<td>.*?</td>)+)</tr>", page)
    cells = [[html.unescape(c) for c in re.findall(r"<td>(.*?)</td>", r)] for r in rows]
    return {c[0]: c for c in cells if len(c) == 7}


def _check_scenario_and_report(region: str, year: int, data: str, store: Store | None) -> None:
    """An unedited scenario's baseline and its case-study report show the registry's numbers."""
    r = run(Scenario(name="agree", year=year, region=region, data=data, window=1), n=200, seed=3)
    s = snapshot(year, region, data=data, store=store)
    ctx = Context(s, seed=r.measure_seed, n_sims=200, details=True)
    vals, _ = indicator_values(ctx, list(MEASURES))
    t = r.table.set_index("name")
    for name, v in vals.items():  # the scenario: value, Monte Carlo interval and "why"
        want = float("nan") if pd.isna(v.value) else float(v.value)
        got = float(t.loc[name, "baseline"])
        assert (np.isnan(got) and np.isnan(want)) or got == pytest.approx(want, rel=1e-12), name
        assert t.loc[name, "why"] == v.detail, name
        assert bool(t.loc[name, "stochastic"]) == (v.se is not None), name
        if v.se is not None and np.isfinite(v.se):
            assert float(t.loc[name, "baseline_hi"]) == pytest.approx(
                want + 1.959963984540054 * v.se
            )
    # the report's indicators over time: the stability panel with the scenario's seed and
    # draws, whose base year is the scenario's baseline
    rep = build_report(r)
    lo, hi = rep.years
    panel = stability_panel(
        region, range(lo, hi + 1), data=data, store=store, seed=r.measure_seed, n_sims=200
    )
    assert isinstance(panel, pd.DataFrame)
    pd.testing.assert_frame_equal(rep.panel, panel)
    base = rep.panel.set_index("year").loc[year]
    for name in CASE_INDICATORS:
        assert _same(base[name], vals[name].value), (region, year, name)
    # the rendered page: each measure's description and "before" figure from the registry
    page = render_html(rep)
    cells = _report_cells(page)
    for name, v in vals.items():
        assert cells[name][1] == INDICATORS[name].description, name
        value = float("nan") if pd.isna(v.value) else float(v.value)
        assert cells[name][2] == ("" if np.isnan(value) else f"{value:.4g}"), name
    n_in = indicator_values(Context(s), ["n_states"])[0]["n_states"].value
    assert f"</b>{n_in} in the region</div>" in page


@pytest.mark.parametrize(("region", "year"), REFERENCE)
def test_reference_consumers_agree(region: str, year: int) -> None:
    _check_one(region, year, "reference", None)
    _check_scenario_and_report(region, year, "reference", None)


@pytest.mark.parametrize(("region", "year"), STORE)
def test_store_consumers_agree(
    region: str, year: int, store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    _check_one(region, year, "store", store)
    monkeypatch.setenv("ALLIANCELAB_HOME", str(store.path.parent))
    _check_scenario_and_report(region, year, "store", store)


def test_europe_2024_is_the_regions_own_distribution_of_power() -> None:
    # military expenditure inside Europe, five-year means 2020-2024 (NMC 2016 and SIPRI
    # 2024 benchmarks, shares interpolated): Russia leads; the UK (0.64 of Russia's),
    # Germany (0.63) and France (0.52) have more than half; Ukraine (0.37 over the window,
    # 0.43 in 2024 alone) does not; the US (outside ally in NATO) is no pole of Europe's
    # distribution of power
    reg = evaluate(snapshot(2024, "europe"), ["con", "polarity", "poles"]).iloc[0]
    assert reg["polarity"] == "multipolar"
    assert reg["poles"] == (365, 200, 255, 220)
    assert round(float(reg["con"]), 3) == 0.313


def test_scenario_baseline_measures_equal_the_registry() -> None:
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
    assert "multipolar" in brief and "multipolar" in line
    assert "RUS" in brief and "USA 38%" not in brief
