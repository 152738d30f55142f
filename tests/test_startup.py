"""alliancelab._startup: the GC is off during the heavy imports and frozen after them,
except where freezing could leak (interactive sessions) or is switched off."""

from __future__ import annotations

import os
import subprocess
import sys

PROBE = "import gc, alliancelab.panels; print(gc.isenabled(), gc.get_freeze_count())"


def _probe(extra_env: dict[str, str] | None = None, interactive: bool = False) -> tuple[str, int]:
    env = dict(os.environ)
    env.pop("ALLIANCELAB_GC_FREEZE", None)
    env.update(extra_env or {})
    args = [sys.executable, "-c", PROBE] if not interactive else [sys.executable, "-i"]
    out = subprocess.run(
        args,
        input=PROBE + "\n" if interactive else None,
        capture_output=True,
        text=True,
        env=env,
        check=True,
        timeout=120,
    ).stdout
    enabled, frozen = out.split()[-2:]
    return enabled, int(frozen)


def test_script_import_freezes_import_time_objects() -> None:
    enabled, frozen = _probe()
    assert enabled == "True"  # the collector is back on after the import
    assert frozen > 20_000  # pandas, numpy, pyarrow, duckdb: tens of thousands of objects


def test_freeze_can_be_switched_off() -> None:
    assert _probe({"ALLIANCELAB_GC_FREEZE": "0"}) == ("True", 0)


def test_interactive_session_is_not_frozen() -> None:
    assert _probe(interactive=True) == ("True", 0)


def test_collector_left_off_by_caller_stays_off_and_unfrozen() -> None:
    code = "import gc; gc.disable(); " + PROBE
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120
    ).stdout
    assert out.split() == ["False", "0"]
