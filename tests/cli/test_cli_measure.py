"""``alliancelab measure`` run as a user runs it (a real subprocess)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pandas as pd

from alliancelab.stability import PANEL_COLUMNS

CLI = [sys.executable, "-c", "from alliancelab.cli import main; main()"]


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*CLI, *args], capture_output=True, text=True, timeout=120)


def test_measure_prints_the_panel() -> None:
    r = _run("measure", "--region", "europe", "--years", "1913-1914")
    assert r.returncode == 0, r.stderr
    assert "europe" in r.stdout and "1914" in r.stdout and "multipolar" in r.stdout


def test_measure_writes_csv_and_parquet(tmp_path: Path) -> None:
    csv = tmp_path / "p.csv"
    r = _run("measure", "-r", "europe+asia", "-y", "1914", "--out", str(csv))
    assert r.returncode == 0, r.stderr
    df = pd.read_csv(csv)
    assert list(df.columns) == list(PANEL_COLUMNS)
    assert df["region"].tolist() == ["europe", "asia"]
    pq = tmp_path / "sub" / "p.parquet"
    r = _run("measure", "-r", "200,220,255", "-y", "1900-1901", "--out", str(pq))
    assert r.returncode == 0, r.stderr
    assert pd.read_parquet(pq)["year"].tolist() == [1900, 1901]


def test_measure_user_errors_exit_1_without_traceback(tmp_path: Path) -> None:
    r = _run("measure", "--region", "narnia", "--years", "1914")
    assert r.returncode == 1
    assert "UnknownRegionError: unknown region 'narnia'" in r.stderr
    assert "Traceback" not in r.stderr
    r = _run("measure", "--region", "europe", "--years", "19x")
    assert r.returncode == 1 and "ParameterError: years must look like" in r.stderr
    r = _run("measure", "-r", "europe", "-y", "1914", "--out", str(tmp_path / "p.xlsx"))
    assert r.returncode != 0 and "csv or .parquet" in r.stderr
    empty = tmp_path / "none.duckdb"
    r = _run("measure", "-r", "europe", "-y", "1914", "--data", "store", "--store", str(empty))
    assert r.returncode == 1 and "CoverageError" in r.stderr
    assert "Traceback" not in r.stderr
