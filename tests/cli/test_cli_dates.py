"""``--date YYYY-MM-DD`` on simulate and measure (issue 11): dated snapshots, clean errors."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

from alliancelab.cli import app
from alliancelab.store import Store

runner = CliRunner()


@pytest.fixture(autouse=True)
def _empty_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ALLIANCELAB_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("COLUMNS", "160")


ESC = ["simulate", "escalation", "--challenger", "300", "--target", "345", "--n", "200"]


def test_escalation_on_a_date() -> None:
    r = runner.invoke(app, [*ESC, "--date", "1914-07-28", "--honour", "1", "--seed", "1"])
    assert r.exit_code == 0, r.output
    assert "Austria-Hungary -> Serbia, 1914-07-28" in r.output


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--date", "1914-07-32"], "--date must be a date YYYY-MM-DD"),
        (["--date", "28.07.1914"], "--date must be a date YYYY-MM-DD"),
        (["--date", "1914-07-28", "--year", "1914"], "give --year or --date, not both"),
        ([], "give --year or --date"),
    ],
)
def test_escalation_date_errors_are_clean(args: list[str], message: str) -> None:
    r = runner.invoke(app, [*ESC, *args])
    assert r.exit_code == 1
    assert f"ParameterError: {message}" in r.output
    assert "Traceback" not in r.output


def test_bargaining_year_or_date() -> None:
    r = runner.invoke(app, ["simulate", "bargaining", "--date", "1914-07-28", "--a", "300",
                            "--b", "345", "--n", "100", "--seed", "1"])  # fmt: skip
    assert r.exit_code == 0, r.output
    assert "with allies' pooled capability" in r.output


def test_measure_on_a_date(official_store: Store, tmp_path: Path) -> None:
    out = tmp_path / "p.csv"
    args = ["measure", "-r", "europe", "--date", "1990-10-02", "--data", "store"]
    r = runner.invoke(app, [*args, "--store", str(official_store.path), "--out", str(out)])
    assert r.exit_code == 0, r.output
    df = pd.read_csv(out)
    assert df["date"].tolist() == ["1990-10-02"] and df["year"].tolist() == [1990]
    assert df["polarity"].notna().all()
    r = runner.invoke(app, ["measure", "-r", "europe", "--date", "1990-10-02", "-y", "1990"])
    assert r.exit_code == 1 and "give --years or --date, not both" in r.output


def test_escalation_on_the_official_data_on_a_date(official_store: Store) -> None:
    args = [*ESC, "--date", "1914-07-28", "--honour", "1", "--seed", "1", "--data", "store"]
    r = runner.invoke(app, [*args, "--store", str(official_store.path)])
    assert r.exit_code == 0, r.output
    assert "1914-07-28: 200 crises, seed 1, store data" in r.output
    for name in ("Russia", "France", "United Kingdom"):
        assert name not in r.output  # nobody pulls them in: they never fight at all here
    r = runner.invoke(app, [*ESC, "--year", "1914", "--data", "cow"])
    assert r.exit_code == 1 and "--data must be 'reference' or 'store'" in r.output
