"""Gibler, Rider & Hutchison (2005): arms races among strategic rivals and conflict.

Non-directed dyad-years of strategic rivals (Thompson, Sakuwa & Suhas 2022, ``add_strategic_
rivalries``), 1816-1993 (the arms-race data's coverage); outcomes GML MID onset and COW
inter-state war onset; regressor of interest: an arms race ongoing in the dyad (Gibler,
Rider & Hutchison 2005, ``add_arms_races``), with land contiguity, CINC proportion, a
major power in the dyad and cubic peace spells. Published: arms races raise both MID and
war onset among rivals (signs +).

References
----------
Gibler, Douglas M., Toby J. Rider & Marc L. Hutchison. 2005. "Taking Arms Against a Sea
of Troubles: Conventional Arms Races during Periods of Rivalry." *Journal of Peace
Research* 42(2): 131-147.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from .. import panels
from ..store.core import Store
from ._fit import fit_logit
from ._result import Published, Replication

NEEDS = ("add_gml_mids", "add_spells", "add_strategic_rivalries", "add_arms_races",
         "add_cow_wars")  # fmt: skip
PUBLISHED = [Published("armsrace", "arms race", sign=1, model="MID onset")]
PUBLISHED_WAR = [Published("armsrace", "arms race", sign=1, model="war onset")]


def missing_verbs() -> list[str]:
    """The panel verbs this replication needs that this installation lacks."""
    return [v for v in NEEDS if not hasattr(panels, v)]


def build(store: Store | None = None) -> Any:
    """Rival dyad-years 1816-1993 with MID and war onset, arms races and controls."""
    p: Any = panels
    dy = (
        p.create_dyad_years(directed=False, years=(1816, 1993), store=store)
        .pipe(p.add_strategic_rivalries)
        .pipe(p.add_contiguity)
        .pipe(p.add_cow_majors)
        .pipe(p.add_nmc)
        .pipe(p.add_gml_mids, keep=[])
        .pipe(p.add_cow_wars, type="inter", keep=[])
        .pipe(p.add_spells)
        .pipe(p.add_arms_races)
    )
    f = lambda c: dy[c].to_numpy(dtype=np.float64, na_value=np.nan)  # noqa: E731
    ct, m1, m2 = f("conttype"), f("cowmaj1"), f("cowmaj2")
    c1, c2 = f("cinc1"), f("cinc2")
    mid, war = f("gmlmidspell"), f("cowinterspell")
    out = dy.assign(
        landcontig=np.where(np.isnan(ct), np.nan, ct == 1),
        cowmajdyad=np.where(np.isnan(m1) | np.isnan(m2), np.nan, (m1 == 1) | (m2 == 1)),
        cincprop=np.minimum(c1, c2) / np.maximum(c1, c2),
        midspell2=mid**2 / 10,
        midspell3=mid**3 / 100,
        warspell2=war**2 / 10,
        warspell3=war**3 / 100,
    )
    return out[f("ongoingrivalry") == 1]


CONTROLS = ["landcontig", "cincprop", "cowmajdyad"]
TERMS = ["armsrace", *CONTROLS, "gmlmidspell", "midspell2", "midspell3"]
TERMS_WAR = ["armsrace", *CONTROLS, "cowinterspell", "warspell2", "warspell3"]


def run(store: Store | None = None, data: Any = None) -> Replication:
    """Fit MID onset and war onset on arms races among strategic rivals."""
    rep = Replication(
        name="gibler-2005",
        title="Gibler, Rider & Hutchison (2005) JPR 42(2): arms races among rivals",
        data="COW non-directed dyad-years of Thompson-Sakuwa-Suhas strategic rivals 1816-1993; "
        "GML MID onset; COW inter-state war onset; GRH arms races",
        published=PUBLISHED + PUBLISHED_WAR,
    )
    gone = missing_verbs() if data is None else []
    if gone:
        rep.missing += [
            f"panel verb {v}() (issue 14, branch h4) is not in this build" for v in gone
        ]
        return rep
    d = build(store) if data is None else data
    rep.fits["MID onset"] = fit_logit(d, "gmlmidonset", TERMS)
    rep.fits["war onset"] = fit_logit(d, "cowinteronset", TERMS_WAR)
    rep.notes.append(
        "rivals from Thompson, Sakuwa & Suhas (2022), the update of the Thompson (2001) "
        "strategic rivalries the paper used; controls are this suite's (contiguity, CINC "
        "proportion, major power, cubic spells), not the paper's full set"
    )
    return rep
