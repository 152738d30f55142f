"""The default honour rates (the war-joining fit, issue 12 Deliver 4) in July 1914.

On the store (COW states2016, ATOP 5.1 with conditions) and the reference data, by the
day: with the default rates Russia (365), France (220) and the United Kingdom (200)
never fight on the side of Austria-Hungary (300) attacking Serbia (345), nor on
Germany's (255) attacking Russia; France, owing Russia defence, joins Russia with the
fitted 1816-1914 defence rate (it is called once), within binomial error.
"""

from __future__ import annotations

import math

import pytest

from alliancelab import snapshot
from alliancelab.models import escalation as esc
from alliancelab.store import Store

ENTENTE = (365, 220, 200)
N = 4000


@pytest.mark.parametrize("data", ["store", "reference"])
def test_default_rates_in_july_1914(official_store: Store, data: str) -> None:
    st = official_store if data == "store" else None
    rate = esc.Params().rates(1914)["defense"]
    assert rate == esc.fitted_honour(1914)["defense"] != esc.bf2018_honour(1914)["defense"]
    for day, challenger, target in (("1914-07-28", 300, 345), ("1914-08-01", 255, 365)):
        s = snapshot(day, "europe", data=data, store=st)
        r = esc.simulate(s, challenger, target, esc.Params(), n=N, seed=11)
        t = r.states.set_index("ccode")
        assert r.rates == esc.fitted_honour(1914)
        for c in ENTENTE:
            if c != target:
                assert t.loc[c, "p_challenger_side"] == 0.0, (day, data, c)
        if challenger == 255:
            p = float(t.loc[220, "p_target_side"])
            assert abs(p - rate) < 4 * math.sqrt(rate * (1 - rate) / N), (data, p, rate)
