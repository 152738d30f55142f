"""alliancelab: measure, explain and simulate how military alliances shape regional stability.

The public surface is small and explicit (``__all__`` is locked by a test). Importing
alliancelab does not import the CLI or report libraries.

Examples
--------
>>> import alliancelab
>>> s = alliancelab.snapshot(2024, "europe")
>>> len(alliancelab.alliance_members(2024).query("alliance == 'nato'"))
32
"""

from . import measures
from .errors import (
    AllianceLabError,
    CoverageError,
    DataFormatError,
    UnknownAllianceError,
    UnknownRegionError,
    UnknownSourceError,
    UnknownStateError,
)
from .experiments import run_sweep
from .snapshot import Snapshot, alliance_members, snapshot, snapshot_from_ties, system_members
from .sources import cite, versions

__version__ = "0.1.0"

__all__ = [
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
]
