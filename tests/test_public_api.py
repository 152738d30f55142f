"""The public surface is small and explicit, and importing it stays light."""

from __future__ import annotations

import subprocess
import sys

import alliancelab

EXPECTED = {
    "AllianceLabError",
    "CoverageError",
    "DataFormatError",
    "Snapshot",
    "UnknownAllianceError",
    "UnknownRegionError",
    "UnknownSourceError",
    "UnknownStateError",
    "__version__",
    "alliance_members",
    "cite",
    "measures",
    "run_sweep",
    "snapshot",
    "snapshot_from_ties",
    "system_members",
    "versions",
}


def test_all_is_locked() -> None:
    assert set(alliancelab.__all__) == EXPECTED
    for name in alliancelab.__all__:
        assert hasattr(alliancelab, name), name


def test_measures_all() -> None:
    assert set(alliancelab.measures.__all__) == {
        "POLE_THRESHOLD",
        "alliance_blocs",
        "capability_shares",
        "con",
        "concentration",
        "polarity",
        "pooled_capability",
    }


def test_import_does_not_pull_cli_or_plot_libraries() -> None:
    code = (
        "import sys, alliancelab; "
        "bad = [m for m in ('typer', 'rich', 'matplotlib', 'fastapi', 'dask', 'numba') "
        "if m in sys.modules]; "
        "print(','.join(bad))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout.strip()
    assert out == ""
