"""Issue 13, CLI side: bad sizes, bad values and bad paths end in ``ErrorType: message``,
exit 1, nothing written; every case runs the CLI in a subprocess as a user would."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from alliancelab.cli._common import error_line

CLI = [sys.executable, "-c", "from alliancelab.cli import main; main()"]

SCENARIO = """
[scenario]
name = "t"
[base]
year = 2022
region = "europe"
[[edits]]
type = "join"
state = "Finland"
alliance = "nato"
[run]
n = 200
seed = 0
window = 0
{extra}
"""


def _run(
    *args: str, cwd: Path, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    full = {**os.environ, "ALLIANCELAB_HOME": str(cwd / "home"), "COLUMNS": "200", **(env or {})}
    return subprocess.run(
        [*CLI, *args], capture_output=True, text=True, timeout=120, cwd=cwd, env=full
    )


def _clean(r: subprocess.CompletedProcess[str], kind: str, *words: str) -> None:
    """Exit 1, one ``kind: message`` line naming ``words``, no traceback, short."""
    assert r.returncode == 1, (r.returncode, r.stdout, r.stderr)
    assert "Traceback" not in r.stderr and "Traceback" not in r.stdout
    assert f"{kind}: " in r.stderr, r.stderr
    assert len(r.stderr) < 1500, r.stderr
    for w in words:
        assert w in r.stderr, (w, r.stderr)


def _scenario(tmp_path: Path, extra: str = "") -> str:
    p = tmp_path / "s.toml"
    p.write_text(textwrap.dedent(SCENARIO.format(extra=extra)))
    return str(p)


@pytest.mark.parametrize(
    ("args", "cap"),
    [
        (["simulate", "alignment", "--starts", "100000000"], "starts"),
        (["policy", "-r", "europe", "-y", "2024", "--n", "100000000"], "policy_draws"),
        (["case-study", "nato-2023-finland", "--window", "100000"], "window"),
        (
            [
                "simulate",
                "escalation",
                "-y",
                "1914",
                "--challenger",
                "300",
                "--target",
                "345",
                "--n",
                "1000000000000",
            ],
            "draws",
        ),
        (["simulate", "transition", "--horizon", "100000000"], "horizon"),
        (["simulate", "arms-race", "--end", "99999"], "horizon"),
    ],
)
def test_sizes_over_their_cap_are_refused_before_any_work(
    tmp_path: Path, args: list[str], cap: str
) -> None:
    r = _run(*args, cwd=tmp_path)
    _clean(r, "LimitError", f"({cap})", f"--limit {cap}=N")
    assert not (tmp_path / "out").exists()


def test_scenario_n_over_the_cap(tmp_path: Path) -> None:
    r = _run("scenario", "run", _scenario(tmp_path), "--n", "1000000000000", "--no-report",
             cwd=tmp_path)  # fmt: skip
    _clean(r, "LimitError", "--n", "(draws)")
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize(
    ("table", "key", "words"),
    [
        (
            '[models.arms_race]\na="Russia"\nb="Finland"\nyears = 1000000000\n',
            "years",
            ["(horizon)"],
        ),
        (
            '[models.bargaining]\na="Russia"\nb="Finland"\nprecision = 1e9\n',
            "precision",
            ["[1, 10000]"],
        ),
        ('[models.bargaining]\na="Russia"\nb="Finland"\nc_b = inf\n', "c_b", ["finite", "inf"]),
        ('[models.bargaining]\na="Russia"\nb="Finland"\nc_bar = -0.5\n', "c_bar", ["(0, 1]"]),
        (
            '[models.transition]\nleader="Russia"\nchallenger="Germany"\nhorizon = 100000000\n',
            "horizon",
            ["(horizon)"],
        ),
        (
            '[models.escalation]\nchallenger="Russia"\ntarget="Finland"\nhonour = 1.5\n',
            "honour",
            ["[0, 1]"],
        ),
    ],
)
def test_model_parameters_are_checked_when_the_file_is_read(
    tmp_path: Path, table: str, key: str, words: list[str]
) -> None:
    r = _run("scenario", "run", _scenario(tmp_path, table), "--no-report", cwd=tmp_path)
    assert r.returncode == 1 and "Traceback" not in r.stderr, r.stderr
    flat = " ".join(r.stderr.split())
    assert f"key '{key}'" in flat and all(w in flat for w in words), r.stderr
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize(
    "args",
    [
        ["states", "--region", "²"],
        ["states", "--region", "٢"],
        ["brief", "--region", "2,²", "--year", "2024"],
        ["alliances", "--year", "1914", "--region", "200,٢٢٠"],
    ],
)
def test_non_ascii_digits_are_not_codes(tmp_path: Path, args: list[str]) -> None:
    r = _run(*args, cwd=tmp_path)
    _clean(r, "UnknownRegionError", "is not a COW code", "ASCII digits")


def test_non_ascii_state_code(tmp_path: Path) -> None:
    r = _run("simulate", "escalation", "-y", "1914", "--challenger", "٣٠٠", "--target", "345",
             cwd=tmp_path)  # fmt: skip
    _clean(r, "UnknownStateError", "ASCII digits")


def test_brief_out_existing_folder_writes_nothing(tmp_path: Path) -> None:
    folder = tmp_path / "existing"
    folder.mkdir()
    r = _run("brief", "-r", "europe", "-y", "2024", "--out", str(folder), cwd=tmp_path)
    _clean(r, "ParameterError", str(folder), "is a folder")
    assert list(folder.iterdir()) == [] and not list(tmp_path.glob("*.tmp"))


@pytest.mark.parametrize(
    "args",
    [
        ["measure", "-r", "europe", "-y", "2000", "--out", "{ro}/m.csv"],
        ["scenario", "run", "{scenario}", "--out", "{ro}/s", "--no-report"],
        ["policy", "-r", "europe", "-y", "2024", "--n", "20", "--out", "{ro}/p.csv"],
        ["brief", "-r", "europe", "-y", "2024", "--out", "{ro}/sub/b.html"],
    ],
)
def test_out_under_a_file_is_a_clean_error(tmp_path: Path, args: list[str]) -> None:
    ro = tmp_path / "ro"
    ro.write_text("a file, not a folder")  # the tests run as root: modes are no barrier
    argv = [a.format(ro=ro, scenario=_scenario(tmp_path)) for a in args]
    r = _run(*argv, cwd=tmp_path)
    _clean(r, "ParameterError", str(ro), "is a file, not a folder")
    assert ro.read_text() == "a file, not a folder"


def test_out_into_a_missing_folder_is_created_and_said(tmp_path: Path) -> None:
    out = tmp_path / "new" / "deeper" / "m.csv"
    r = _run("measure", "-r", "europe", "-y", "1914", "--out", str(out), cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    assert out.is_file() and f"created folder {out.parent}" in " ".join(r.stderr.split())


@pytest.mark.parametrize(
    ("args", "kind", "words"),
    [
        (["policy", "-r", "europe", "-y", "2024", "--n", "0"], "ParameterError", ["--n", ">= 1"]),
        (["policy", "-r", "europe", "-y", "2024", "--top", "-1"], "ParameterError", ["--top"]),
        (["simulate", "alignment", "--seed", "-3"], "ParameterError", ["--seed", ">= 0"]),
        (["simulate", "bargaining", "--p", "0.5", "--seed", "-1"], "ParameterError", ["--seed"]),
        (
            ["simulate", "bargaining", "--p", "0.5", "--precision", "1000000000"],
            "ParameterError",
            ["precision", "[1, 10000]"],
        ),
        (
            ["simulate", "bargaining", "--p", "0.5", "--c-b", "inf"],
            "ParameterError",
            ["c_b", "inf"],
        ),
        (["simulate", "alignment", "--starts", "-2"], "ParameterError", ["--starts"]),
        (["measure", "-r", "europe", "--years", "1700"], "CoverageError", ["1816-2024"]),
        (["measure", "-r", "europe", "--years", "2000-2030"], "CoverageError", ["1816-2024"]),
        (
            ["measure", "-r", "europe", "--years", "1914", "--seed", "-3"],
            "ParameterError",
            ["--seed"],
        ),
    ],
)
def test_impossible_values_are_refused(
    tmp_path: Path, args: list[str], kind: str, words: list[str]
) -> None:
    _clean(_run(*args, cwd=tmp_path), kind, *words)


def test_home_that_is_a_file(tmp_path: Path) -> None:
    home = tmp_path / "homefile"
    home.write_text("x")
    r = _run("data", "list", cwd=tmp_path, env={"ALLIANCELAB_HOME": str(home)})
    _clean(r, "ParameterError", "ALLIANCELAB_HOME", "is a file, not a folder")
    assert home.read_text() == "x"


def test_limit_option_raises_and_lowers_caps(tmp_path: Path) -> None:
    r = _run("--limit", "horizon=10", "simulate", "transition", "--horizon", "20", cwd=tmp_path)
    _clean(r, "LimitError", "cap of 10 (horizon)")
    low = {"ALLIANCELAB_LIMIT_DRAWS": "100"}
    r = _run("simulate", "bargaining", "--p", "0.5", "--n", "500", cwd=tmp_path, env=low)
    _clean(r, "LimitError", "cap of 100 (draws)")
    r = _run("--limit", "draws=1e3", "simulate", "bargaining", "--p", "0.5", "--n", "500",
             cwd=tmp_path, env=low)  # fmt: skip
    assert r.returncode == 0 and "500 crises" in r.stdout, r.stderr
    for bad in ("bogus=3", "draws", "draws=0", "draws=x", "draws=2.5"):
        r = _run("--limit", bad, "simulate", "bargaining", "--p", "0.5", cwd=tmp_path)
        _clean(r, "ParameterError", "--limit")


def test_error_lines_show_plain_numbers() -> None:
    import numpy as np

    exc = ValueError(f"state {np.int64(201)!r} and share {np.float64(0.5)!r}")
    assert error_line(exc) == "ValueError: state 201 and share 0.5"


@pytest.mark.parametrize(
    ("command", "body", "words"),
    [
        (["simulate", "transition"], "ccode,year\n2,2000\n", ["cinc", "missing"]),
        (["simulate", "arms-race"], "ccode,year,milex\n2,x,3\n", ["field 'year'", "not numeric"]),
        (["simulate", "transition"], '"a,b\n1', ["not a readable CSV"]),
    ],
)
def test_bad_nmc_file_is_a_data_format_error(
    tmp_path: Path, command: list[str], body: str, words: list[str]
) -> None:
    f = tmp_path / "nmc.csv"
    f.write_text(body)
    _clean(_run(*command, "--nmc", str(f), cwd=tmp_path), "DataFormatError", str(f), *words)
    missing = tmp_path / "none.csv"
    _clean(_run(*command, "--nmc", str(missing), cwd=tmp_path), "ParameterError", "no such file")
