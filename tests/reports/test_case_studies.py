"""Every bundled case study runs as a user runs it (CLI), and writes its report."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from typer.testing import CliRunner

from alliancelab.cli import app
from alliancelab.scenario import bundled, bundled_path, load, run

runner = CliRunner()
NAMES = sorted(bundled()["name"])
DOCS = Path(__file__).resolve().parents[2] / "docs" / "case_studies"


def test_the_bundled_cases_are_the_ones_promised() -> None:
    expected = {
        "nato-1949-founding",
        "nato-1952-greece-turkey",
        "nato-1955-west-germany",
        "nato-1982-spain",
        "nato-1999-enlargement",
        "nato-2004-enlargement",
        "nato-2009-albania-croatia",
        "nato-2017-montenegro",
        "nato-2020-north-macedonia",
        "nato-2023-finland",
        "nato-2024-sweden",
        "warsaw-pact-1955",
        "warsaw-pact-1991-dissolution",
        "us-japan-1951",
        "us-japan-1960",
        "july-1914",
    }
    assert set(NAMES) == expected
    res = runner.invoke(app, ["case-study", "--list"])
    assert res.exit_code == 0
    out = " ".join(res.output.split())
    assert all(name in out for name in expected)


@pytest.mark.parametrize("name", NAMES)
def test_case_study_runs_from_the_cli_and_writes_a_report(name: str, tmp_path: Path) -> None:
    out = tmp_path / name
    res = runner.invoke(
        app, ["case-study", name, "--n", "40", "--seed", "1", "--window", "0", "--out", str(out)]
    )
    assert res.exit_code == 0, res.output
    html = (out / "report.html").read_text(encoding="utf-8")
    sc = load(bundled_path(name))
    assert sc.title in html.replace("&#x27;", "'")
    assert html.count("<svg") >= 4  # network before, after, deltas, indicators
    assert "<script" not in html and "http://" not in html.split("<svg")[0]
    results = pd.read_csv(out / "results.csv")
    assert len(results) >= 19 and set(results["kind"]) == {"measure", "model"}
    changes = pd.read_csv(out / "changes.csv")
    assert (changes["stage"] == "scenario").sum() == len(sc.edits)
    # the edits change the alliance system: some defence tie or membership moved
    states = pd.read_csv(out / "states.csv")
    assert states["changed"].any()
    assert (DOCS / f"{name}.md").is_file(), f"narrative page docs/case_studies/{name}.md"


def test_nato_enlargements_grow_nato_by_the_accession_count() -> None:
    joined = {
        "nato-1952-greece-turkey": 2,
        "nato-1982-spain": 1,
        "nato-1999-enlargement": 3,
        "nato-2004-enlargement": 7,
        "nato-2009-albania-croatia": 2,
        "nato-2017-montenegro": 1,
        "nato-2020-north-macedonia": 1,
        "nato-2023-finland": 1,
        "nato-2024-sweden": 1,
    }
    for name, k in joined.items():
        sc = load(bundled_path(name))
        sc = type(sc)(**{**sc.__dict__, "measures": ("n_blocs",), "models": {}})
        r = run(sc, n=10)
        i, j = r.baseline.alliances.index("nato"), r.snapshot.alliances.index("nato")
        before, after = int(r.baseline.membership[i].sum()), int(r.snapshot.membership[j].sum())
        assert after - before == k, name
    # the enlargements reach the reference data's next-year membership (accession year)
    from alliancelab import alliance_members

    assert (alliance_members(2024)["alliance"] == "nato").sum() == 32


def test_july_1914_british_commitment_deters_germany() -> None:
    r = run(bundled_path("july-1914"), n=1000, seed=0)
    row = r.table.set_index("name").loc["escalation.p_war"]
    # with deterrence on, a Triple Entente defence pact makes a German attack on France
    # end in war less often, beyond Monte Carlo noise
    assert row["delta_hi"] < 0
    assert np.isfinite(row["baseline_lo"]) and row["baseline"] > row["scenario"]


def test_warsaw_pact_dissolution_removes_the_pact() -> None:
    r = run(bundled_path("warsaw-pact-1991-dissolution"), n=50)
    assert "warsaw_pact" in r.baseline.alliances and "warsaw_pact" not in r.snapshot.alliances
    t = r.table.set_index("name")
    assert t.loc["defense_density", "delta"] < 0


def test_report_figures_show_every_delta_and_indicator_at_a_fixed_size() -> None:
    import html as _html
    import re

    from alliancelab.reports.case_study import (
        PANEL_INDICATORS,
        _delta_figure,
        _delta_rows,
        _panel_figure,
        build_report,
    )

    rep = build_report(run(bundled_path("nato-2023-finland"), n=100, seed=1), window=2)
    rows = _delta_rows(rep.result.table)
    assert len(rows) > 3
    deltas = _delta_figure(rep)
    texts = [_html.unescape(t) for t in re.findall(r">([^<>]+)</text>", deltas)]
    for name, d in zip(rows["name"], rows["delta"], strict=True):
        assert name in texts and f"Δ {d:+.3g}" in " ".join(texts), name
    assert texts.count("before") == texts.count("after") == len(rows)
    nrow = -(-len(rows) // 3)  # fixed layout: 2.7 in a row (gap 1.0) plus margins, 9 in wide
    height = 2.7 * nrow - 1.0 + 0.35 + 1.1
    assert re.search(r'<svg[^>]*width="648pt"', deltas)
    assert re.search(rf'<svg[^>]*height="{height * 72:g}pt"', deltas)
    panel = _panel_figure(rep)
    titles = [_html.unescape(t) for t in re.findall(r">([^<>]+)</text>", panel)]
    assert all(label in titles for label in PANEL_INDICATORS.values())
    assert "history" in titles and "scenario" in titles
