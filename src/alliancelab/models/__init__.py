"""Simulation models over snapshots (DESIGN.md section 5).

Each model lives in its own module with a frozen, validated ``Params`` dataclass, explicit
state, and ``simulate(...)`` drawing only from an injected ``numpy.random.Generator``:

* :mod:`.escalation`: crises cascading through alliance obligations, with deterrence.
* :mod:`.arms_race`: Richardson's (1960) arms-race equations for two or more blocs.
* :mod:`.alignment`: Axelrod & Bennett's (1993) landscape theory of aggregation.
* :mod:`.bargaining`: Fearon's (1995) crisis bargaining with private costs, and mediation.
* :mod:`.transition`: power-transition projections (Organski & Kugler 1980).

Every module also exposes the same small surface, a frozen :class:`Model` descriptor
``MODEL`` (``params_from``, ``simulate``, ``summarise``, ``states``, ``check``; see
:mod:`._contract`), registered by name in :data:`MODELS`: experiments, scenarios and the
CLI run models through it.

Examples
--------
>>> sorted(MODELS)
['alignment', 'arms_race', 'bargaining', 'escalation', 'transition']
>>> out = MODELS["bargaining"].run(None, seed=1, p=0.5, c_b=0.1, c_bar=0.3, n=1000)
>>> round(out["p_war_closed"].value, 4)
0.3333
"""

from collections.abc import Mapping

from . import alignment, arms_race, bargaining, escalation, transition
from ._contract import Estimate, Model

__all__ = [
    "MODELS",
    "Estimate",
    "Model",
    "alignment",
    "arms_race",
    "bargaining",
    "escalation",
    "transition",
]

#: The one table of models, by name (each module's ``MODEL``).
MODELS: Mapping[str, Model] = {
    m.name: m
    for m in (
        escalation.MODEL,
        bargaining.MODEL,
        arms_race.MODEL,
        alignment.MODEL,
        transition.MODEL,
    )
}
