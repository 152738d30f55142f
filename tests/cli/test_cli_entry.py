"""The CLI's entry module: one error guard for every command, and a light import.

``alliancelab --help`` (and importing :mod:`alliancelab.cli`) must not load the scientific
stack: each command imports what it needs when it runs (issue 16 wants a quick help).
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

import alliancelab.sources
from alliancelab.cli import app
from alliancelab.errors import CoverageError

HEAVY = ("pandas", "numpy", "duckdb", "matplotlib", "pyarrow", "networkx", "numba", "dask")
runner = CliRunner()


def _loaded_after(code: str) -> list[str]:
    probe = f"import sys\n{code}\nprint(','.join(m for m in {HEAVY!r} if m in sys.modules))"
    out = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True, timeout=120
    ).stdout
    return [m for m in out.strip().splitlines()[-1].split(",") if m] if out.strip() else []


def test_importing_the_cli_app_loads_no_heavy_library() -> None:
    assert _loaded_after("from alliancelab.cli import app, main") == []


def test_help_of_every_command_loads_no_heavy_library() -> None:
    code = (
        "import typer\n"
        "from typer.testing import CliRunner\n"
        "from alliancelab.cli import app\n"
        "root = typer.main.get_command(app)\n"
        "paths = [[]] + [[n] for n in root.list_commands(None)]\n"
        "paths += [[g, n] for g in ('backtest', 'data', 'panel', 'risk', 'scenario', 'simulate')\n"
        "          for n in root.get_command(None, g).list_commands(None)]\n"
        "for p in paths:\n"
        "    r = CliRunner().invoke(app, [*p, '--help'])\n"
        "    assert r.exit_code == 0 and 'Usage' in r.output, (p, r.output)\n"
        # + replicate (issue 14), risk x3, backtest, backtest joiners (issue 12) and
        # backtest alliances (issue 17)
        "assert len(paths) == 34, len(paths)\n"
    )
    assert _loaded_after(code) == []


def test_user_error_from_any_command_is_one_line_and_exit_1(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def boom(name: str) -> str:
        raise CoverageError(f"nothing about {name}")

    monkeypatch.setattr(alliancelab.sources, "cite", boom)
    r = runner.invoke(app, ["cite", "atop"])
    assert r.exit_code == 1
    assert r.stderr == "CoverageError: nothing about atop\n"
    assert r.exception is None or isinstance(r.exception, SystemExit)


def test_bad_values_are_user_errors_only_where_a_family_says_so(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    import alliancelab.cli.panel as cli_panel
    from alliancelab.errors import ParameterError

    def bad_verb(add: str) -> list[str]:
        raise ParameterError("no verb here")

    monkeypatch.setattr(cli_panel, "_parse_add", bad_verb)
    r = runner.invoke(app, ["panel", "state-years", "--out", str(tmp_path / "x.csv")])
    assert r.exit_code == 1 and r.stderr == "ParameterError: no verb here\n"

    def buggy_verb(add: str) -> list[str]:
        raise KeyError("a bug in the panel family")

    monkeypatch.setattr(cli_panel, "_parse_add", buggy_verb)
    r = runner.invoke(app, ["panel", "state-years", "--out", str(tmp_path / "x.csv")])
    assert isinstance(r.exception, KeyError)  # no family treats plain KeyError as user error
    assert "KeyError:" not in r.stderr

    def bug(name: str) -> str:
        raise ValueError("a bug, not a user error")

    monkeypatch.setattr(alliancelab.sources, "cite", bug)
    r = runner.invoke(app, ["cite", "atop"])  # the top-level family lists no USER_ERRORS
    assert isinstance(r.exception, ValueError)  # propagates: the script shows a traceback
    assert "ValueError:" not in r.stderr
