"""Measures: pure functions of a :class:`~alliancelab.snapshot.Snapshot` returning frames.

Each measure states its formula and source in its docstring and is tested on
hand-computed systems. No I/O, no mutation. Measures return DataFrames keyed by
``(ccode, year)``, ``(ccode1, ccode2, year)`` or ``(region, year)``; documented
conveniences keep other shapes: ``con`` and ``concentration`` (a float), the matrix
helpers (``signed_matrix``, ``portfolio_matrix``, ``s_matrix``, ...), ``frustration_index``
on a signed matrix (``(int, bool)``; :func:`frustration` is the frame), and
``entanglement`` / ``dependency`` (all their frames at once as a tuple; one frame each from
:func:`war_exposure` / :func:`alliance_dependency`).

Region indicators are registered once in :mod:`alliancelab.measures.indicators`
(:data:`INDICATORS`); :func:`evaluate_indicators` gives them as a ``(region, year)`` frame.
"""

from .blocs import alliance_blocs, pooled_capability
from .dependency import alliance_dependency, dependency, free_riding, spearman
from .deterrence import HONOUR_RATES, deterrence, honour_probabilities, min_deterrence
from .exposure import entanglement, war_exposure, war_participation
from .indicators import INDICATORS, Indicator
from .indicators import evaluate as evaluate_indicators
from .network import (
    balance,
    bloc_structure,
    defense_density,
    frustration,
    frustration_index,
    layer_network,
    polarization_index,
    signed_blocs,
    signed_matrix,
)
from .power import (
    PARITY_BAND,
    POLE_THRESHOLD,
    capability_shares,
    con,
    concentration,
    parity_rivalries,
    polarity,
    rival_parity,
    system_polarity,
)
from .similarity import (
    kappa_matrix,
    pi_matrix,
    portfolio_matrix,
    s_matrix,
    s_score,
    similarity_dyads,
    taub_matrix,
)

__all__ = [
    "HONOUR_RATES",
    "INDICATORS",
    "PARITY_BAND",
    "POLE_THRESHOLD",
    "Indicator",
    "alliance_blocs",
    "alliance_dependency",
    "balance",
    "bloc_structure",
    "capability_shares",
    "con",
    "concentration",
    "defense_density",
    "dependency",
    "deterrence",
    "entanglement",
    "evaluate_indicators",
    "free_riding",
    "frustration",
    "frustration_index",
    "honour_probabilities",
    "kappa_matrix",
    "layer_network",
    "min_deterrence",
    "parity_rivalries",
    "pi_matrix",
    "polarity",
    "polarization_index",
    "pooled_capability",
    "portfolio_matrix",
    "rival_parity",
    "s_matrix",
    "s_score",
    "signed_blocs",
    "signed_matrix",
    "similarity_dyads",
    "spearman",
    "system_polarity",
    "taub_matrix",
    "war_exposure",
    "war_participation",
]
