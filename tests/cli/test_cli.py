"""The command line, run as a user runs it: the installed ``alliancelab`` script."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

SCRIPT = Path(sys.executable).with_name("alliancelab")


def run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(SCRIPT), *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        env={"COLUMNS": "200", "PATH": "/usr/bin:/bin", "TERM": "dumb"},
        timeout=120,
    )


def test_help_lists_the_commands() -> None:
    r = run("--help")
    assert r.returncode == 0
    for cmd in ("states", "alliances", "brief", "cite"):
        assert cmd in r.stdout


def test_states_and_alliances() -> None:
    r = run("states", "--year", "1914", "--region", "europe")
    assert r.returncode == 0, r.stderr
    assert "Austria-Hungary" in r.stdout and "German Federal Republic" not in r.stdout
    r = run("alliances", "--year", "1914", "--region", "europe")
    assert r.returncode == 0, r.stderr
    assert "Triple Alliance" in r.stdout and "NATO" not in r.stdout


def test_cite() -> None:
    r = run("cite", "cow_nmc")
    assert r.returncode == 0
    assert r.stdout.startswith("@incollection{singer1972capability")


@pytest.mark.parametrize(
    ("args", "error"),
    [
        (("brief", "--region", "atlantis", "--year", "2024"), "UnknownRegionError"),
        (("brief", "--region", "europe", "--year", "1700"), "CoverageError"),
        (("alliances", "--year", "2030"), "CoverageError"),
        (("cite", "gdelt"), "UnknownSourceError"),
        (("brief", "--region", "oceania", "--year", "1850"), "CoverageError"),
        (("states", "--region", "2,1234"), "UnknownStateError"),
        (("brief", "--region", "2,20,1234", "--year", "2000"), "UnknownStateError"),
    ],
)
def test_user_errors_print_type_and_message_and_exit_1(
    args: tuple[str, ...], error: str, tmp_path: Path
) -> None:
    r = run(*args, cwd=tmp_path)
    assert r.returncode == 1
    assert re.match(rf"{error}: \S", r.stderr), r.stderr
    assert "Traceback" not in r.stderr
    assert not (tmp_path / "out").exists()


def test_brief_prints_and_writes_self_contained_html(tmp_path: Path) -> None:
    out = tmp_path / "b.html"
    r = run("brief", "--region", "europe", "--year", "2024", "--out", str(out))
    assert r.returncode == 0, r.stderr
    assert "North Atlantic Treaty Organization" in r.stdout
    assert "Collective Security Treaty Organization" in r.stdout
    page = out.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and page.rstrip().endswith("</html>")
    assert "<svg" in page
    # opens offline: no scripts, stylesheets, fonts or images fetched from anywhere
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", page)
    assert "<script" not in page and "@import" not in page


def test_brief_for_a_user_defined_region(tmp_path: Path) -> None:
    r = run("brief", "--region", "2,740,732", "--year", "2000", cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    assert (tmp_path / "out" / "brief-custom-2000.html").is_file()
    assert "Mutual Defense Treaty" in r.stdout or "Security Treaty" in r.stdout


def test_brief_default_path_is_under_out(tmp_path: Path) -> None:
    r = run("brief", "--region", "europe", "--year", "1914", cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    assert (tmp_path / "out" / "brief-europe-1914.html").is_file()
    assert "Triple Alliance" in r.stdout and "Franco-Russian" in r.stdout
