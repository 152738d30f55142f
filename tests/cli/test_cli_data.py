"""``alliancelab data ...`` run as a user runs it: the installed script in a subprocess."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from _loopback import serve

SCRIPT = Path(sys.executable).parent / "alliancelab"


def run(home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "ALLIANCELAB_HOME": str(home), "COLUMNS": "200", "NO_COLOR": "1"}
    return subprocess.run(
        [str(SCRIPT), "data", *args], capture_output=True, text=True, env=env, timeout=120
    )


@pytest.fixture(scope="module")
def script() -> Path:
    if not SCRIPT.exists():
        pytest.fail(f"the alliancelab script is not installed at {SCRIPT}")
    return SCRIPT


def test_import_list_reimport_remove(script: Path, shared_data: Path, tmp_path: Path) -> None:
    riv = str(shared_data / "rivalries/td_rivalries.csv.gz")
    r = run(tmp_path, "import", "rivalries", riv)
    assert r.returncode == 0, r.stderr
    assert "imported rivalries version 2012: 197 rows" in r.stdout
    assert "324 = Venice" in r.stdout
    assert (tmp_path / "alliancelab.duckdb").exists()
    r = run(tmp_path, "import", "rivalries", riv)
    assert r.returncode == 0 and "store unchanged" in r.stdout
    r = run(tmp_path, "list")
    assert r.returncode == 0 and "rivalries" in r.stdout and "2012" in r.stdout
    assert "td_rivalries.csv.gz" in r.stdout
    r = run(tmp_path, "remove", "rivalries", "--version", "2012")
    assert r.returncode == 0 and "removed rivalries version(s): 2012" in r.stdout
    r = run(tmp_path, "list")
    assert "no data imported yet" in r.stdout
    r = run(tmp_path, "remove", "rivalries")
    assert r.returncode == 1 and r.stderr.startswith("CoverageError: ")


def test_versions_side_by_side_with_store_option(
    script: Path, shared_data: Path, tmp_path: Path
) -> None:
    st = tmp_path / "elsewhere.duckdb"
    for f in ("NMC_5_0.csv", "cow_nmc.csv.gz"):
        r = run(tmp_path, "import", "cow-nmc", str(shared_data / "cow_nmc" / f), "--store", str(st))
        assert r.returncode == 0, r.stderr
    r = run(tmp_path, "list", "--store", str(st))
    assert "5.0" in r.stdout and "7.0" in r.stdout
    assert not (tmp_path / "alliancelab.duckdb").exists()


def test_malformed_file_exits_1_without_traceback(
    script: Path, shared_data: Path, tmp_path: Path
) -> None:
    lines = (shared_data / "cow_mid/MIDB 5.0.csv").read_text().splitlines()
    parts = lines[6].split(",")
    parts[2] = "1234"  # row 7: an unknown COW code
    lines[6] = ",".join(parts)
    bad = tmp_path / "MIDB 5.0.csv"
    bad.write_text("\n".join(lines))
    r = run(tmp_path, "import", "cow-mid", str(bad))
    assert r.returncode == 1
    assert r.stderr.strip() == (
        "DataFormatError: MIDB 5.0.csv, row 7, field 'ccode': unknown COW state code 1234"
    )
    assert "Traceback" not in r.stderr + r.stdout
    r = run(tmp_path, "list")
    assert "no data imported yet" in r.stdout


def test_unknown_source_and_missing_file(script: Path, tmp_path: Path) -> None:
    r = run(tmp_path, "import", "cow-alliances", str(tmp_path / "x.csv"))
    assert r.returncode == 1 and r.stderr.startswith("UnknownSourceError: ")
    assert "cow-alliance" in r.stderr
    r = run(tmp_path, "import", "cow-nmc", str(tmp_path / "nope.csv"))
    assert r.returncode == 1 and "DataFormatError:" in r.stderr and "file not found" in r.stderr
    assert "Traceback" not in r.stderr


def test_download_and_import(script: Path, shared_data: Path, tmp_path: Path) -> None:
    with serve(shared_data) as base:
        r = run(tmp_path, "download", "cow-nmc", "--url", base + "cow_nmc/", "--import")
        assert r.returncode == 0, r.stderr
        assert "sha256 verified" in r.stdout
        assert "imported cow_nmc 6.0: 15951 rows" in r.stdout
        assert (tmp_path / "downloads/cow_nmc/NMC-60-abridged.csv").exists()
        r = run(
            tmp_path,
            "download",
            "cow-nmc",
            "--url",
            base + "missing/",
            "--dest",
            str(tmp_path / "x"),
        )
    assert r.returncode == 1
    assert r.stderr.startswith("DownloadError: ") and "HTTP 404" in r.stderr
