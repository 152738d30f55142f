"""The brief on either data source: tables from the snapshot, the data it used, dates.

Store tests use the ``official_store`` session fixture (COW states v2016, ATOP 5.1,
NMC 7.0 and Thompson & Dreyer imported from the official files, as docs/data.md does).
"""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from alliancelab.cli import app
from alliancelab.reports.brief import build_brief, data_used, render_html

runner = CliRunner()


def test_reference_brief_tables_come_from_the_snapshot() -> None:
    b = build_brief("europe", 1914)
    s = b.snapshot
    assert set(b.alliances["alliance"]) <= set(s.alliances)
    # every rivalry row is a rivalry of the snapshot with a state in the region
    pos = {c: i for i, c in enumerate(s.ccodes)}
    for a, c in zip(b.rivalries["ccode1"], b.rivalries["ccode2"], strict=True):
        assert s.rivalry[pos[a], pos[c]]
        assert s.in_region[pos[a]] or s.in_region[pos[c]]
    assert int(b.indicators["n_rivalries"].iloc[0]) == len(b.rivalries)
    # the 1914 pacts the reference set now holds
    assert {"greek_serbian_1913", "anglo_portuguese_1899"} <= set(b.alliances["alliance"])
    assert b.abbrev[345] == "SER"  # Serbia in 1914, not COW's "YUG"
    assert "shipped reference data" in b.data_note


def test_brief_on_the_official_store(official_store) -> None:
    b = build_brief("europe", 1914, data="store", store=official_store)
    assert b.data == "store"
    for part in ("atop 5.1", "cow_states 2016", "cow_nmc 7.0"):
        assert part in b.data_note, part
    al = b.alliances.set_index("alliance")
    # ATOP ids; those the reference set holds carry its name and start year
    assert al.loc["atop1350", "name"].startswith("Triple Alliance")
    assert al.loc["atop1350", "since"] == 1882
    assert al.loc["atop1385", "obligations"] == "defense"  # ATOP 1385 codes defence only
    blocs = b.blocs.set_index("alliance")
    assert blocs.loc["atop1385", "label"].startswith("Franco-Russian")
    assert set(blocs.loc["atop1385", "members"]) == {220, 365}
    riv = b.rivalries.set_index(["ccode1", "ccode2"])
    assert riv.loc[(300, 345), "name"] == "Austria-Serbia"
    page = render_html(b)
    assert "atop 5.1" in page and "SER" in page and "shipped reference data" not in page
    # each label names its alliance once ("Triple Alliance (...) (Triple Alliance (...))"
    # came from naming a store alliance a second time in the brief)
    from alliancelab.reference import load_alliances

    for name in load_alliances()["name"]:
        for label in [*b.alliances["name"], *b.blocs["label"], *b.alignments["label"]]:
            assert str(label).count(str(name)) <= 1, label


def test_cli_brief_and_policy_with_store_data(official_store, tmp_path: Path) -> None:
    out = tmp_path / "b.html"
    store = str(official_store.path)
    res = runner.invoke(
        app,
        ["brief", "--region", "europe", "--year", "1914", "--data", "store", "--store", store,
         "--out", str(out)],
    )  # fmt: skip
    assert res.exit_code == 0, res.output
    assert "atop 5.1" in res.output and "Triple Alliance" in res.output
    assert "SER" in res.output and "YUG" not in res.output
    assert "atop 5.1" in out.read_text(encoding="utf-8")
    res = runner.invoke(
        app,
        ["policy", "--region", "345,350,355", "--year", "1914", "--data", "store",
         "--store", store, "--n", "5", "--top", "15"],
    )  # fmt: skip
    assert res.exit_code == 0, res.output
    assert "atop 5.1" in res.output and "Greek-Serbian" in res.output  # ATOP 1490


def test_cli_year_date_and_data_are_checked() -> None:
    for args, msg in (
        (["--year", "1914", "--date", "1914-07-28"], "exactly one of --year and --date"),
        ([], "exactly one of --year and --date"),
        (["--date", "28/07/1914"], "--date must be a day as YYYY-MM-DD"),
        (["--date", "1914-02-30"], "--date must be a day as YYYY-MM-DD"),
        (["--year", "1914", "--data", "official"], "--data must be 'reference' or 'store'"),
    ):
        for cmd in ("brief", "policy"):
            res = runner.invoke(app, [cmd, "--region", "europe", *args])
            assert res.exit_code != 0, (cmd, args)
            assert msg in res.output, (cmd, args, res.output)
            assert "Traceback" not in res.output


def test_data_used_names_the_reference_version() -> None:
    from alliancelab.sources import SOURCES

    line = data_used("reference")
    assert SOURCES["alliancelab_reference"].version in line
    assert "64 alliances" in line


def test_case_study_on_store_data(official_store, tmp_path: Path, monkeypatch) -> None:
    from alliancelab.reports.case_study import on_data
    from alliancelab.scenario import bundled_path, load

    # the fixture's file is the default store of ALLIANCELAB_HOME=<its folder>
    monkeypatch.setenv("ALLIANCELAB_HOME", str(official_store.path.parent))
    res = runner.invoke(
        app,
        ["case-study", "july-1914", "--data", "store", "--n", "50", "--window", "0",
         "--out", str(tmp_path / "cs")],
    )  # fmt: skip
    assert res.exit_code == 0, res.output
    page = (tmp_path / "cs" / "report.html").read_text(encoding="utf-8")
    assert "official data from the store" in page and "atop 5.1" in page
    res = runner.invoke(app, ["case-study", "july-1914", "--data", "atop"])
    assert res.exit_code != 0 and "--data must be" in res.output
    # reference alliance ids become ATOP ids on the store, the others stay
    sc = on_data(load(bundled_path("warsaw-pact-1991-dissolution")), "store")
    assert {e.alliance for e in sc.edits if e.alliance} == {"atop3285"}  # warsaw_pact
    assert on_data(load(bundled_path("warsaw-pact-1955")), "store").edits[0].alliance == (
        load(bundled_path("warsaw-pact-1955")).edits[0].alliance
    )  # an alliance the case creates keeps its id
    assert on_data(sc, "reference").data == "reference"


def test_brief_pole_shares_are_the_rule_s_index() -> None:
    """The printed pole shares are the polarity rule's own index (every pole at least half
    the leader's), and the poles are the indicator registry's."""
    from alliancelab.measures.indicators import evaluate
    from alliancelab.measures.power import POLE_THRESHOLD
    from alliancelab.reports.brief import build_brief

    for region, year in (("europe", 1914), ("europe", 2024), ("asia", 1960)):
        b = build_brief(region, year)
        pol = b.polarity
        ind = evaluate(b.snapshot, ("poles",)).iloc[0]
        assert tuple(pol["poles"]) == tuple(ind["poles"])
        assert pol["pole_shares"] and max(pol["pole_shares"]) == pol["leading_share"]
        assert all(x >= POLE_THRESHOLD * pol["leading_share"] for x in pol["pole_shares"])
