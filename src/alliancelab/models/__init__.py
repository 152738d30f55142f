"""Simulation models over snapshots (DESIGN.md section 5).

Each model lives in its own module with a frozen, validated ``Params`` dataclass, explicit
state, and ``simulate(...)`` drawing only from an injected ``numpy.random.Generator``:

* :mod:`.escalation`: crises cascading through alliance obligations, with deterrence.
* :mod:`.arms_race`: Richardson's (1960) arms-race equations for two or more blocs.
* :mod:`.alignment`: Axelrod & Bennett's (1993) landscape theory of aggregation.
* :mod:`.bargaining`: Fearon's (1995) crisis bargaining with private costs, and mediation.
* :mod:`.transition`: power-transition projections (Organski & Kugler 1980).
"""

from . import alignment, arms_race, bargaining, escalation, transition

__all__ = ["alignment", "arms_race", "bargaining", "escalation", "transition"]
