"""Measures: pure functions of a :class:`~alliancelab.snapshot.Snapshot` returning frames.

Each measure states its formula and source in its docstring and is tested on
hand-computed systems. No I/O, no mutation.
"""

from .blocs import alliance_blocs, pooled_capability
from .power import POLE_THRESHOLD, capability_shares, con, concentration, polarity

__all__ = [
    "POLE_THRESHOLD",
    "alliance_blocs",
    "capability_shares",
    "con",
    "concentration",
    "polarity",
    "pooled_capability",
]
