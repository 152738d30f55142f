"""Berkemeier & Fuhrmann's (2018) alliance-honouring counts: the one copy of the table.

Berkemeier & Fuhrmann recompute Leeds, Long & Mitchell's (2000) test of alliance
reliability for the wars of 1816-2003: a commitment counts where its casus foederis
arose, and it is honoured when the ally fulfils it. The counts here are recomputed
exactly from their replication file ``BerkemeierFuhrmannRAP2018_0303.dta`` (rate =
count(honorLLM == 1) / count(dnaLLM != 1); LITERATURE.md section 2): defence 36 of 59
before 1945 and 6 of 43 from 1945, offence 31 of 42, neutrality 35 of 45,
non-aggression 18 of 49. Only defence is split by era in the paper; the other types
repeat their all-period counts in both eras.

Every reader takes its rates from these counts: the deterrence and exposure measures
(:data:`alliancelab.measures.deterrence.HONOUR_RATES`), the escalation cascade's
``honour="bf2018"`` table (:mod:`alliancelab.models._honour`) and the policy layer's
honour-rate draws (:mod:`alliancelab.policy._deterrence`).

References
----------
Berkemeier, Molly & Matthew Fuhrmann. 2018. "Reassessing the Fulfillment of Alliance
Commitments in War." *Research & Politics* 5(2).
Leeds, Brett Ashley, Andrew G. Long & Sara McLaughlin Mitchell. 2000. "Reevaluating
Alliance Reliability." *Journal of Conflict Resolution* 44(5): 686-699.
"""

from __future__ import annotations

from collections.abc import Mapping

__all__ = ["BF2018_COUNTS", "ERA_BREAK", "bf2018_rates"]

#: The first year of the second era: wars before 1945, wars from 1945.
ERA_BREAK = 1945

#: Berkemeier & Fuhrmann (2018): (honoured, cases) by obligation type, for wars before
#: :data:`ERA_BREAK` and from it.
BF2018_COUNTS: Mapping[str, tuple[tuple[int, int], tuple[int, int]]] = {
    "defense": ((36, 59), (6, 43)),
    "offense": ((31, 42), (31, 42)),
    "neutrality": ((35, 45), (35, 45)),
    "nonaggression": ((18, 49), (18, 49)),
}


def bf2018_rates(year: int) -> dict[str, float]:
    """Berkemeier & Fuhrmann's (2018) honour rates (honoured / cases) for a war in ``year``.

    Examples
    --------
    >>> r = bf2018_rates(1914)
    >>> r["defense"] == 36 / 59, round(r["nonaggression"], 4)
    (True, 0.3673)
    >>> round(bf2018_rates(1945)["defense"], 4)
    0.1395
    """
    era = 0 if year < ERA_BREAK else 1
    return {k: h / n for k, counts in BF2018_COUNTS.items() for h, n in (counts[era],)}
