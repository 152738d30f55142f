"""alliancelab: measure, explain and simulate how military alliances shape regional stability.

The public surface is small and explicit (``__all__`` is locked by a test). Importing
alliancelab does not import the CLI or report libraries, nor pandas, numpy or DuckDB
(each public name is loaded on first use), and it changes no global state.

Examples
--------
>>> import alliancelab
>>> s = alliancelab.snapshot(2024, "europe")
>>> len(alliancelab.alliance_members(2024).query("alliance == 'nato'"))
32
"""

import sys
from types import ModuleType
from typing import TYPE_CHECKING, Any

from .errors import (
    AllianceLabError,
    CoverageError,
    DataFormatError,
    UnknownAllianceError,
    UnknownRegionError,
    UnknownSourceError,
    UnknownStateError,
)

# Every public name but the errors is imported on first use (PEP 562), so importing
# alliancelab (or the CLI, for ``alliancelab --help``) does not load pandas, numpy or
# DuckDB, and `from alliancelab import panels` does not load the measures, model,
# scenario and policy layers: a short panel job is mostly imports. Importing alliancelab
# changes no global state: in particular it leaves the cyclic GC alone (entry points may
# freeze it, see alliancelab._startup).
_LAZY_MODULES = frozenset({"measures", "panels", "policy", "risk", "scenario"})
_LAZY: dict[str, str] = {
    **dict.fromkeys(
        ("Snapshot", "alliance_members", "snapshot", "snapshot_from_ties", "system_members"),
        "snapshot",
    ),
    "run_sweep": "experiments",
    "replicate": "replications",
    **dict.fromkeys(
        (
            "add_atop_alliance",
            "add_atop_provisions",
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
            "add_third_party_alliances",
            "create_dyad_years",
            "create_kad_years",
            "create_state_years",
            "filter_prd",
            "add_arms_races",
            "add_capital_distance",
            "add_ccode_to_gw",
            "add_cow_wars",
            "add_democracy",
            "add_gml_mids",
            "add_gwcode_to_cow",
            "add_latent_territorial_threat",
            "add_minimum_distance",
            "add_sim_gdp_pop",
            "add_spells",
            "add_strategic_rivalries",
            "panel_info",
        ),
        "panels",
    ),
    "cite": "sources",
    "versions": "sources",
    "StabilityPanel": "stability",
    "stability_panel": "stability",
}


class _Package(ModuleType):
    """alliancelab's module type: ``alliancelab.snapshot`` stays the function.

    The import system binds a submodule, once loaded, as an attribute of its package, so
    the first ``import alliancelab.snapshot`` (by any module) would replace the public
    function ``alliancelab.snapshot`` with the module of the same name. This hook binds the
    function instead, as the eager ``from .snapshot import snapshot`` used to.
    """

    def __setattr__(self, name: str, value: Any) -> None:
        if (
            name == "snapshot"
            and isinstance(value, ModuleType)
            and value.__name__ == f"{self.__name__}.snapshot"
        ):
            value = value.snapshot
        super().__setattr__(name, value)


sys.modules[__name__].__class__ = _Package


def _submodule(name: str) -> ModuleType:
    """Import ``alliancelab.<name>`` through the ``import`` statement's own machinery.

    ``importlib.import_module`` runs the pure-Python import path, which ``python -X
    importtime`` does not log: a module loaded that way (and so everything it imports
    first) would be missing from, or misplaced in, the report. The built-in
    ``__import__`` is what ``import alliancelab.panels`` calls, so the report shows the
    submodule and its imports nested under it, exactly as for an eager import.
    """
    full = f"{__name__}.{name}"
    if full not in sys.modules:
        __import__(full)
    return sys.modules[full]


def __getattr__(name: str) -> Any:
    if name in _LAZY_MODULES:
        value: Any = _submodule(name)
    elif name in _LAZY:
        value = getattr(_submodule(_LAZY[name]), name)
    else:
        raise AttributeError(f"module 'alliancelab' has no attribute {name!r}")
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))


if TYPE_CHECKING:
    from . import measures, panels, policy, scenario
    from .experiments import run_sweep
    from .panels import (
        add_arms_races,
        add_atop_alliance,
        add_atop_provisions,
        add_capability_ratio,
        add_capital_distance,
        add_ccode_to_gw,
        add_contiguity,
        add_cow_alliance,
        add_cow_majors,
        add_cow_mids,
        add_cow_wars,
        add_democracy,
        add_gml_mids,
        add_gwcode_to_cow,
        add_latent_territorial_threat,
        add_minimum_distance,
        add_nmc,
        add_peace_years,
        add_pooled_capability,
        add_sim_gdp_pop,
        add_similarity,
        add_sipri_milex,
        add_spells,
        add_strategic_rivalries,
        add_third_party_alliances,
        create_dyad_years,
        create_kad_years,
        create_state_years,
        filter_prd,
        panel_info,
    )
    from .replications import replicate
    from .snapshot import (
        Snapshot,
        alliance_members,
        snapshot,
        snapshot_from_ties,
        system_members,
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
    "add_arms_races",
    "add_atop_alliance",
    "add_atop_provisions",
    "add_capability_ratio",
    "add_capital_distance",
    "add_ccode_to_gw",
    "add_contiguity",
    "add_cow_alliance",
    "add_cow_majors",
    "add_cow_mids",
    "add_cow_wars",
    "add_democracy",
    "add_gml_mids",
    "add_gwcode_to_cow",
    "add_latent_territorial_threat",
    "add_minimum_distance",
    "add_nmc",
    "add_peace_years",
    "add_pooled_capability",
    "add_sim_gdp_pop",
    "add_similarity",
    "add_sipri_milex",
    "add_spells",
    "add_strategic_rivalries",
    "add_third_party_alliances",
    "alliance_members",
    "cite",
    "create_dyad_years",
    "create_kad_years",
    "create_state_years",
    "filter_prd",
    "measures",
    "panel_info",
    "panels",
    "policy",
    "replicate",
    "risk",
    "run_sweep",
    "scenario",
    "snapshot",
    "snapshot_from_ties",
    "stability_panel",
    "system_members",
    "versions",
]
