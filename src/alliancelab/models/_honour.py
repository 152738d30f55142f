"""Honour probabilities of the escalation cascade, by obligation type and era.

Two tables:

* :func:`fitted_honour`, the default: the war-joining fit of
  :mod:`alliancelab.risk.joiners` shipped as ``models/joining_default.json`` (its model
  card: data versions and sha256, span, leave-one-war-out metrics). Defence and offence
  rates by era (1816-1914, 1915-1945, 1946-) are the fitted P(a state joins a
  belligerent it owes that obligation, given who is already at war) on the COW
  inter-state wars 1823-2003 dated by day and the ATOP 5.1 obligations in force at each
  onset. Neutrality and non-aggression pledge-keeping is not identified by those wars
  (no state before 1946 both held a pledge and was called in against its partner, three
  in 1915-1945), so those two rates are Berkemeier & Fuhrmann's (2018).
* :func:`bf2018_honour` (``Params(honour="bf2018")``): Berkemeier & Fuhrmann's (2018)
  recomputed rates: defence 61% before 1945 and 14% from 1945 (36/59 and 6/43),
  offence 74% (31/42), neutrality 78% (35/45), non-aggression 37% (18/49); the exact
  ratios of their counts, whose one copy is :data:`BF2018_COUNTS`
  (:mod:`alliancelab.measures._bf2018`, read by the deterrence and exposure measures
  too).

The two differ in what counts as an opportunity. Berkemeier & Fuhrmann, like Leeds,
Long & Mitchell (2000, 74.5% honoured), count a commitment only where its casus
foederis arose (location, named conflict); the cascade calls in every state owing a
belligerent an obligation whose adversary, non-provocation and (for defence) location
conditions hold (a location-conditioned defence pledge applies only to the target), the
named conflict assumed to hold, which is the opportunity set of the fit. Applied to that
set, their defence rates expect 2.7 to 3.8 times the joiners the wars had
(11.6, 11.0 and 30.1 by era against 4, 4 and 8: ``joining_default.json``,
``defence_check``); the fitted rates before 1946 (14-19%) lie below Sabrosky's (1980)
25% of allies joining a partner at war, after 1945 at 4% (docs/risk.md, War joining).

References
----------
Berkemeier, Molly & Matthew Fuhrmann. 2018. "Reassessing the Fulfillment of Alliance
Commitments in War." *Research & Politics* 5(2).
Leeds, Brett Ashley, Andrew G. Long & Sara McLaughlin Mitchell. 2000. "Reevaluating
Alliance Reliability." *Journal of Conflict Resolution* 44(5): 686-699.
Sabrosky, Alan Ned. 1980. "Interstate Alliances: Their Reliability and the Expansion of
War." In J. David Singer (ed.), *The Correlates of War II*. Free Press.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Mapping
from pathlib import Path

from ..measures._bf2018 import BF2018_COUNTS, ERA_BREAK, bf2018_rates

__all__ = [
    "BF2018_COUNTS",
    "DEFAULT_SOURCE",
    "HONOUR_POST_1945",
    "HONOUR_PRE_1945",
    "TYPES",
    "bf2018_honour",
    "default_honour",
    "fitted_honour",
]

#: Berkemeier & Fuhrmann (2018) honour rates by type, wars before 1945.
HONOUR_PRE_1945: Mapping[str, float] = bf2018_rates(ERA_BREAK - 1)
#: Berkemeier & Fuhrmann (2018) honour rates by type, wars from 1945.
HONOUR_POST_1945: Mapping[str, float] = bf2018_rates(ERA_BREAK)
#: What the default table is, in one line, for reasons and report footers.
DEFAULT_SOURCE = (
    "honour rates fitted on the COW inter-state wars 1823-2003 dated by day and ATOP 5.1 "
    "(defence and offence; models/joining_default.json), pledge-keeping Berkemeier & "
    "Fuhrmann 2018"
)
#: The obligation types with an honour rate.
TYPES = ("defense", "offense", "neutrality", "nonaggression")
JOINING = Path(__file__).with_name("joining_default.json")


@functools.cache
def _fitted() -> tuple[tuple[tuple[int, int], dict[str, float]], ...]:
    table = json.loads(JOINING.read_text())
    return tuple(
        ((int(lo), int(hi)), {k: float(table["honour"][label][k]) for k in TYPES})
        for label, lo, hi in table["eras"]
    )


def bf2018_honour(year: int) -> dict[str, float]:
    """Berkemeier & Fuhrmann's (2018) honour rates for a crisis in ``year``.

    Examples
    --------
    >>> round(bf2018_honour(1914)["defense"], 3), round(bf2018_honour(1990)["defense"], 3)
    (0.61, 0.14)
    """
    return bf2018_rates(year)


def fitted_honour(year: int) -> dict[str, float]:
    """The shipped fitted honour probabilities for a crisis in ``year``.

    Read from ``joining_default.json``, written by
    :func:`alliancelab.risk.joiners.write_default`; the first era for years before 1816,
    the last for years after its end.

    Examples
    --------
    >>> r = fitted_honour(1914)
    >>> sorted(r), all(0 <= v <= 1 for v in r.values())
    (['defense', 'neutrality', 'nonaggression', 'offense'], True)
    >>> fitted_honour(1990) == fitted_honour(2024)
    True
    """
    eras = _fitted()
    for (lo, hi), rates in eras:
        if lo <= year <= hi:
            return dict(rates)
    return dict(eras[0][1] if year < eras[0][0][0] else eras[-1][1])


def default_honour(year: int) -> dict[str, float]:
    """The default honour rates for a crisis in ``year``: :func:`fitted_honour`."""
    return fitted_honour(year)
