"""`alliancelab simulate ...` run as a user runs it (the installed script and CliRunner)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from alliancelab.cli import app

runner = CliRunner()


@pytest.fixture(autouse=True)
def _empty_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ALLIANCELAB_HOME", str(tmp_path / "home"))


def test_escalation_script_end_to_end(tmp_path: Path) -> None:
    exe = Path(sys.executable).with_name("alliancelab")
    env = {**os.environ, "ALLIANCELAB_HOME": str(tmp_path), "COLUMNS": "120"}
    args = [
        str(exe),
        "simulate",
        "escalation",
        "--year",
        "1914",
        "--challenger",
        "300",
        "--target",
        "345",
        "--region",
        "europe",
        "--n",
        "20000",
        "--seed",
        "7",
        "--honour",
        "1",
    ]
    out = subprocess.run(args, capture_output=True, text=True, env=env, check=False)
    assert out.returncode == 0, out.stderr
    assert "P(war) = 1.0000" in out.stdout
    assert "Germany" in out.stdout  # bound by its defence treaty with Austria-Hungary
    again = subprocess.run(args, capture_output=True, text=True, env=env, check=False)
    assert again.stdout == out.stdout  # same seed, same output
    bad = subprocess.run(
        [
            str(exe),
            "simulate",
            "escalation",
            "--year",
            "1914",
            "--challenger",
            "300",
            "--target",
            "999",
            "--region",
            "europe",
        ],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert bad.returncode == 1
    assert bad.stderr.startswith("UnknownStateError: state 999 is not in the 1914 snapshot")
    assert "Traceback" not in bad.stderr


def test_escalation_deterrence_and_bad_value() -> None:
    r = runner.invoke(
        app,
        [
            "simulate",
            "escalation",
            "-y",
            "2024",
            "--challenger",
            "RUS",
            "--target",
            "EST",
            "-r",
            "europe",
            "--n",
            "5000",
            "--seed",
            "1",
            "--honour",
            "0.9",
            "--deterrence",
            "1",
        ],
    )
    assert r.exit_code == 0, r.output
    assert "P(deterred) = 1.0000" in r.output
    r = runner.invoke(
        app,
        [
            "simulate",
            "escalation",
            "-y",
            "2024",
            "--challenger",
            "RUS",
            "--target",
            "EST",
            "--honour",
            "2",
        ],
    )
    assert r.exit_code == 1
    assert "ParameterError: honour must be a probability in [0, 1], got 2.0" in r.output


def test_bargaining_closed_form_and_alliances() -> None:
    r = runner.invoke(
        app,
        ["simulate", "bargaining", "--p", "0.5", "--c-b", "0.1", "--c-bar", "0.3", "--seed", "1"],
    )
    assert r.exit_code == 0, r.output
    assert "offer x* = 0.4000; P(war) closed form 0.3333" in r.output
    r = runner.invoke(
        app, ["simulate", "bargaining", "--year", "2024", "--a", "EST", "--b", "RUS", "--seed", "1"]
    )
    assert r.exit_code == 0 and "with allies' pooled capability" in r.output
    r = runner.invoke(app, ["simulate", "bargaining"])
    assert r.exit_code == 1 and "ParameterError: give --p" in r.output


def test_arms_race_from_an_nmc_file_and_missing_store(shared_data: Path) -> None:
    nmc = shared_data / "cow_nmc" / "cow_nmc.csv.gz"
    r = runner.invoke(
        app,
        [
            "simulate",
            "arms-race",
            "--bloc",
            "TA=255,300,325",
            "--bloc",
            "FR=220,365",
            "--nmc",
            str(nmc),
            "--add",
            "FR=200",
        ],
    )
    assert r.exit_code == 0, r.output
    assert "stable: False" in r.output and "with 200 in FR" in r.output
    r = runner.invoke(app, ["simulate", "arms-race", "--bloc", "TA=255", "--bloc", "FR=220"])
    assert r.exit_code == 1 and r.output.startswith("CoverageError: COW NMC is not in the store")


def test_alignment_and_transition() -> None:
    r = runner.invoke(
        app, ["simulate", "alignment", "--year", "1936", "--states", "200,220,255,325,365"]
    )
    assert r.exit_code == 0, r.output
    assert "factors: alliances, rivalries; 5 states" in r.output
    r = runner.invoke(
        app,
        [
            "simulate",
            "transition",
            "--year",
            "2024",
            "--pair",
            "2,750",
            "--horizon",
            "10",
            "--n",
            "300",
            "--seed",
            "2",
        ],
    )
    assert r.exit_code == 0, r.output
    assert "Power transitions projected 2024-2034" in r.output
    r = runner.invoke(app, ["simulate", "transition", "--pair", "2"])
    assert r.exit_code == 1 and "--pair needs two states" in r.output
