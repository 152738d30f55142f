"""The script's start-up: quick commands and usage errors load no scientific library.

``alliancelab --help``, ``cite``, ``versions``, ``states`` and a usage error run through
the real entry point (:func:`alliancelab.cli.main`) in a fresh interpreter, which then
reports the heavy libraries it holds (issue 16: a CLI that answers at once). The entry
point imports a command's heavy modules (GC off, then frozen) only once its arguments
have parsed.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from alliancelab.cli import _freeze_before_run, main, toplevel

HEAVY = ("pandas", "numpy", "duckdb", "matplotlib", "pyarrow", "networkx", "numba", "scipy")


def _script(*args: str, modules: tuple[str, ...] = HEAVY) -> tuple[int, list[str], str]:
    """Run ``alliancelab ARGS`` through ``main()`` in a fresh interpreter: exit status,
    which of ``modules`` are loaded by the end, standard error."""
    probe = (
        "import atexit, sys\n"
        f"atexit.register(lambda: print('HEAVY=' + ','.join(m for m in {modules!r} "
        "if m in sys.modules), file=sys.__stderr__))\n"
        f"sys.argv = ['alliancelab', *{list(args)!r}]\n"
        "from alliancelab.cli import main\n"
        "main()\n"
    )
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=120)
    line = [x for x in out.stderr.splitlines() if x.startswith("HEAVY=")][-1]
    return out.returncode, [m for m in line[len("HEAVY=") :].split(",") if m], out.stderr


@pytest.mark.parametrize(
    ("args", "status"),
    [
        (("--help",), 0),
        ((), 2),  # no arguments: the help, as a usage error
        (("cite", "atop"), 0),
        (("versions",), 0),
        (("states", "--year", "1914", "--region", "europe"), 0),
        (("states", "--region", "2,200,255"), 0),
        (("states", "--year", "1700"), 1),  # CoverageError, one line
        (("brief", "--help"), 0),
        (("simulate", "--help"), 0),
        (("brief", "--year", "2024"), 2),  # missing --region: a usage error
        (("brief", "--region", "europe", "--year", "soon"), 2),  # not a number
        (("no-such-command",), 2),
        (("--limit", "nonsense=3", "states"), 1),  # a bad root option
    ],
)
def test_quick_commands_and_usage_errors_load_no_heavy_library(
    args: tuple[str, ...], status: int
) -> None:
    code, heavy, err = _script(*args)
    assert code == status, err
    assert heavy == [], (args, heavy)
    assert "Traceback" not in err


def test_a_brief_on_the_reference_data_loads_neither_duckdb_nor_pyplot(tmp_path: Path) -> None:
    out = tmp_path / "b.html"
    args = ("brief", "--region", "europe", "--year", "1914", "--out", str(out))
    code, loaded, err = _script(*args, modules=("duckdb", "matplotlib.pyplot", "pandas"))
    assert code == 0, err
    assert loaded == ["pandas"] and out.read_text(encoding="utf-8").count("<svg") == 2


def test_a_command_that_needs_pandas_still_gets_it_frozen_first(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """``alliances`` (a pandas command) asks for its family's imports once, after parsing;
    ``states`` asks for none."""
    import alliancelab.cli as cli

    calls: list[tuple[str, ...]] = []
    monkeypatch.setattr(cli._startup, "freeze_after_imports", lambda *m: calls.append(m))
    for argv, want in (
        (["alliancelab", "states", "--region", "2,20"], []),
        (
            ["alliancelab", "alliances", "--year", "1914", "--region", "europe"],
            [("numpy", "pandas")],
        ),
        (["alliancelab", "alliances", "--help"], []),
    ):
        calls.clear()
        monkeypatch.setattr(sys, "argv", argv)
        with pytest.raises(SystemExit) as exit_:
            main()
        assert exit_.value.code in (0, None)
        assert calls == want, argv


def test_the_wrapper_covers_every_command_of_the_tree() -> None:
    import typer.main

    from alliancelab.cli import app

    root = typer.main.get_command(app)
    before = {}

    def leaves(cmd, path=()):  # type: ignore[no-untyped-def]
        subs = getattr(cmd, "commands", None)
        if subs is None:
            yield path, cmd
            return
        for name, sub in subs.items():
            yield from leaves(sub, (*path, name))

    for path, cmd in leaves(root):
        before[path] = cmd.callback
    _freeze_before_run(root)
    light = {("states",), ("cite",), ("versions",)}
    for path, cmd in leaves(root):
        assert (cmd.callback is before[path]) == (path in light), path
    assert toplevel.COMMAND_IMPORTS["brief"][:2] == ("numpy", "pandas")
    assert "matplotlib.pyplot" not in toplevel.COMMAND_IMPORTS["brief"]


def test_states_lists_the_spells_of_system_members_as_the_library_does() -> None:
    """The pandas-free reader of ``states`` agrees with :func:`alliancelab.system_members`
    and :func:`alliancelab.reference.load_states` (years chosen around state deaths and
    births: 1866-1871 Germany, 1945, 1990-1992, the data's edges)."""
    from alliancelab.codes import resolve_region
    from alliancelab.reference import LAST_YEAR, load_states
    from alliancelab.snapshot import SYSTEM_FIRST_YEAR, system_members
    from alliancelab.snapshot._reference import _ENDS_ON_31_DECEMBER

    assert toplevel._SYSTEM_YEARS == (SYSTEM_FIRST_YEAR, LAST_YEAR)
    assert toplevel._ENDS_ON_31_DECEMBER == _ENDS_ON_31_DECEMBER
    st = load_states()
    assert [int(r["ccode"]) for r in toplevel.state_spells()] == st["ccode"].astype(int).tolist()
    for year in (1816, 1866, 1871, 1914, 1945, 1990, 1991, 1992, 1993, 2016, 2024):
        for region in (None, "europe", "asia", "255,260,265,315,316,317"):
            rows = toplevel.state_spells(year, region)
            members = set(system_members(year))
            if region is not None:
                members = {c for c in members if resolve_region(region).contains(c)}
            want = st[st["ccode"].isin(members)]
            assert [(int(r["ccode"]), int(r["start_year"])) for r in rows] == list(
                zip(want["ccode"].astype(int), want["start_year"].astype(int), strict=True)
            ), (year, region)


def test_piped_tables_are_wide_enough(monkeypatch: pytest.MonkeyPatch) -> None:
    """Piped output gets a width that fits the policy table's numbers, not Rich's 80."""
    import io
    import sys

    from alliancelab.cli import _common

    monkeypatch.delenv("COLUMNS", raising=False)
    monkeypatch.setattr(sys, "stdout", io.StringIO())
    assert _common._width() == _common.PIPE_WIDTH
    monkeypatch.setenv("COLUMNS", "100")
    assert _common._width() is None  # Rich reads COLUMNS itself
