"""Measures: pure functions of a :class:`~alliancelab.snapshot.Snapshot` returning frames.

Each measure states its formula and source in its docstring and is tested on
hand-computed systems. No I/O, no mutation.
"""

from .blocs import alliance_blocs, pooled_capability
from .dependency import dependency, free_riding, spearman
from .deterrence import HONOUR_RATES, deterrence, honour_probabilities, min_deterrence
from .exposure import entanglement, war_participation
from .network import (
    balance,
    bloc_structure,
    defense_density,
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
    "PARITY_BAND",
    "POLE_THRESHOLD",
    "alliance_blocs",
    "balance",
    "bloc_structure",
    "capability_shares",
    "con",
    "concentration",
    "defense_density",
    "dependency",
    "deterrence",
    "entanglement",
    "free_riding",
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
    "taub_matrix",
    "war_participation",
]
