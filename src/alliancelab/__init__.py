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

from importlib import import_module
from typing import TYPE_CHECKING, Any

from . import _startup
from .errors import (
    AllianceLabError,
    CoverageError,
    DataFormatError,
    UnknownAllianceError,
    UnknownRegionError,
    UnknownSourceError,
    UnknownStateError,
)

# The snapshot layer is imported eagerly: its module shares the name of the function
# `alliancelab.snapshot`, which must win over the submodule. The other public names are
# imported on first use (PEP 562), so `from alliancelab import panels` does not load the
# measures, model, scenario and policy layers: a short panel job is mostly imports.
# pandas and numpy come in here: see _startup for why the cyclic GC sits this out.
with _startup.quiet_gc():
    from .snapshot import Snapshot, alliance_members, snapshot, snapshot_from_ties, system_members

_LAZY: dict[str, str] = {
    **{m: m for m in ("measures", "panels", "policy", "scenario")},
    "run_sweep": "experiments",
    **dict.fromkeys(
        (
            "add_atop_alliance",
            "add_capability_ratio",
            "add_contiguity",
            "add_cow_alliance",
            "add_cow_majors",
            "add_cow_mids",
            "add_nmc",
            "add_peace_years",
            "add_pooled_capability",
            "add_similarity",
            "add_sipri_milex",
            "create_dyad_years",
            "create_kad_years",
            "create_state_years",
            "filter_prd",
        ),
        "panels",
    ),
    "cite": "sources",
    "versions": "sources",
    "StabilityPanel": "stability",
    "stability_panel": "stability",
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'alliancelab' has no attribute {name!r}")
    mod = import_module(f".{module}", __name__)
    value = mod if module == name else getattr(mod, name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))


if TYPE_CHECKING:
    from . import measures, panels, policy, scenario
    from .experiments import run_sweep
    from .panels import (
        add_atop_alliance,
        add_capability_ratio,
        add_contiguity,
        add_cow_alliance,
        add_cow_majors,
        add_cow_mids,
        add_nmc,
        add_peace_years,
        add_pooled_capability,
        add_similarity,
        add_sipri_milex,
        create_dyad_years,
        create_kad_years,
        create_state_years,
        filter_prd,
    )
    from .sources import cite, versions
    from .stability import StabilityPanel, stability_panel

__version__ = "0.1.0"

__all__ = [
    "AllianceLabError",
    "CoverageError",
    "DataFormatError",
    "Snapshot",
    "StabilityPanel",
    "UnknownAllianceError",
    "UnknownRegionError",
    "UnknownSourceError",
    "UnknownStateError",
    "__version__",
    "add_atop_alliance",
    "add_capability_ratio",
    "add_contiguity",
    "add_cow_alliance",
    "add_cow_majors",
    "add_cow_mids",
    "add_nmc",
    "add_peace_years",
    "add_pooled_capability",
    "add_similarity",
    "add_sipri_milex",
    "alliance_members",
    "cite",
    "create_dyad_years",
    "create_kad_years",
    "create_state_years",
    "filter_prd",
    "measures",
    "panels",
    "policy",
    "run_sweep",
    "scenario",
    "snapshot",
    "snapshot_from_ties",
    "stability_panel",
    "system_members",
    "versions",
]
