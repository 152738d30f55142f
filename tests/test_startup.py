"""alliancelab._startup: importing the library leaves the cyclic GC alone; the CLI's entry
point (and any script calling ``freeze_after_imports``) imports the heavy modules with the
GC off and freezes them after, except where freezing could leak (interactive sessions,
a caller that turned the GC off) or is switched off (``ALLIANCELAB_GC_FREEZE=0``)."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

REPORT = "import gc; print(gc.isenabled(), gc.get_freeze_count())"
LIBRARY = "import alliancelab, alliancelab.panels, alliancelab.store, alliancelab.snapshot; "
# the CLI process: main() as the installed script calls it, on a cheap command
CLI = (
    "import sys; from alliancelab.cli import main; sys.argv = ['alliancelab', {args}]\n"
    "try:\n    main()\nexcept SystemExit:\n    pass\n\n"
)
# a command that needs pandas (``versions`` and ``cite`` import nothing heavy to freeze)
PANDAS_CMD = "'alliances', '--year', '1914', '--region', 'europe'"
SCRIPT = "from alliancelab._startup import freeze_after_imports; freeze_after_imports('pandas'); "


def _probe(
    code: str, extra_env: dict[str, str] | None = None, interactive: bool = False
) -> tuple[str, int]:
    env = dict(os.environ)
    env.pop("ALLIANCELAB_GC_FREEZE", None)
    env.update(extra_env or {})
    args = [sys.executable, "-c", code] if not interactive else [sys.executable, "-i"]
    out = subprocess.run(
        args,
        input=code + "\n" if interactive else None,
        capture_output=True,
        text=True,
        env=env,
        check=True,
        timeout=120,
    ).stdout
    enabled, frozen = out.split()[-2:]
    return enabled, int(frozen)


def test_library_import_leaves_the_gc_alone() -> None:
    # the library, its store and the data it reads: nothing freezes, the collector stays on
    assert _probe(LIBRARY + "alliancelab.snapshot(1914, 'europe'); " + REPORT) == ("True", 0)


def test_cli_process_freezes_its_heavy_imports() -> None:
    enabled, frozen = _probe(CLI.format(args=PANDAS_CMD) + REPORT)
    assert enabled == "True"  # the collector is back on after the imports
    assert frozen > 20_000  # pandas, numpy, pyarrow: tens of thousands of objects


@pytest.mark.parametrize("args", ["'--help'", "'versions'", "'alliances', '--help'"])
def test_cli_help_neither_freezes_nor_imports_pandas(args: str) -> None:
    code = CLI.format(args=args) + "print('pandas' in sys.modules); " + REPORT
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120
    ).stdout.split()
    assert out[-3:] == ["False", "True", "0"]


@pytest.mark.parametrize("code", [CLI.format(args=PANDAS_CMD) + REPORT, SCRIPT + REPORT])
def test_freeze_can_be_switched_off(code: str) -> None:
    assert _probe(code, {"ALLIANCELAB_GC_FREEZE": "0"}) == ("True", 0)


def test_a_script_can_ask_for_the_freeze() -> None:
    enabled, frozen = _probe(SCRIPT + REPORT)
    assert enabled == "True" and frozen > 20_000


@pytest.mark.parametrize("code", [CLI.format(args=PANDAS_CMD) + REPORT, SCRIPT + REPORT])
def test_interactive_session_is_not_frozen(code: str) -> None:
    assert _probe(code, interactive=True) == ("True", 0)


@pytest.mark.parametrize("code", [CLI.format(args=PANDAS_CMD) + REPORT, SCRIPT + REPORT])
def test_collector_left_off_by_caller_stays_off_and_unfrozen(code: str) -> None:
    out = subprocess.run(
        [sys.executable, "-c", "import gc; gc.disable()\n" + code],
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    ).stdout
    assert out.split()[-2:] == ["False", "0"]
