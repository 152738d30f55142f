"""Leeds (2003): third-party alliance commitments and the initiation of MIDs, 1816-1944.

Directed dyad-years 1816-1944 (COW system), ccode1 the potential challenger. Outcome:
the challenger initiates a MID against the target that year (COW MID 5.0 dyad-years,
``cowmidonset`` 1 with ccode1 on side A from the dispute's first day, ``sidea1`` and
``orig1`` 1). Regressors: ``tpdef_target``, ``tpoff_challenger``, ``tpneu_challenger``
(:func:`alliancelab.panels.add_third_party_alliances`, ATOP 5.1 member file, specific
adversary rule) and the usual controls: land contiguity (COW ``conttype`` 1), the
challenger's share of the dyad's CINC (NMC 7.0), major power challenger and target,
a direct ATOP alliance between them, joint democracy (Polity 2 of both >= 6, from
``add_democracy``; NA where Polity has no score, so those rows drop out), cubic peace
years on COW MIDs.

Published (Leeds 2003, Table 2, directions only here: the magnitudes are unverified):
target's third-party defence -, challenger's offence +, challenger's neutrality or
non-intervention +.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from .. import panels
from ..store.core import Store
from ._fit import fit_logit
from ._result import Published, Replication

TITLE = 'Leeds (2003) "Do Alliances Deter Aggression?" AJPS 47(3): 427-439'
PUBLISHED = [
    Published("tpdef_target", "target: third-party defence", sign=-1),
    Published("tpoff_challenger", "challenger: third-party offence", sign=1),
    Published("tpneu_challenger", "challenger: neutrality/non-intervention", sign=1),
]


def build(store: Store | None = None, unnamed: str = "include") -> Any:
    """The directed dyad-years 1816-1944 with outcome and regressors (see module)."""
    dy = (
        panels.create_dyad_years(directed=True, years=(1816, 1944), store=store)
        .pipe(panels.add_cow_mids)
        .pipe(panels.add_peace_years)
        .pipe(panels.add_contiguity)
        .pipe(panels.add_cow_majors)
        .pipe(panels.add_nmc)
        .pipe(panels.add_capability_ratio)
        .pipe(panels.add_atop_alliance)
        .pipe(panels.add_third_party_alliances, unnamed=unnamed)
        .pipe(panels.add_democracy)
    )
    f = lambda c: dy[c].to_numpy(dtype=np.float64, na_value=np.nan)  # noqa: E731
    onset = f("cowmidonset")
    init = np.where(np.isnan(onset), np.nan, (onset == 1) & (f("sidea1") == 1) & (f("orig1") == 1))
    spell = f("cowmidspell")
    p1, p2 = f("polity21"), f("polity22")
    out = dy.assign(
        jointdem=np.where(np.isnan(p1) | np.isnan(p2), np.nan, (p1 >= 6) & (p2 >= 6)),
        initiation=init,
        landcontig=np.where(np.isnan(f("conttype")), np.nan, f("conttype") == 1),
        spell=spell,
        spell2=spell**2 / 10,
        spell3=spell**3 / 100,
    )
    return out


TERMS = [
    "tpdef_target", "tpoff_challenger", "tpneu_challenger", "landcontig", "cinc_share1",
    "cowmaj1", "cowmaj2", "atop_alliance", "jointdem", "spell", "spell2", "spell3",
]  # fmt: skip


def run(store: Store | None = None, data: Any = None) -> Replication:
    """Fit the model (``data``: a frame from :func:`build`, to reuse one)."""
    d = build(store) if data is None else data
    rep = Replication(
        name="leeds-2003",
        title=TITLE,
        data="COW directed dyad-years 1816-1944; MID 5.0 challenger initiation; ATOP 5.1 "
        "member file (third-party pledges); COW contiguity, NMC 7.0, majors; Polity 2",
        published=PUBLISHED,
    )
    rep.fits["conditions"] = fit_logit(d, "initiation", TERMS)
    rep.notes.append(
        "pledges conditional on a specific adversary count only against the states ATOP "
        "names as the treaty's threat (statthr1/2; the shared rule of "
        "store.atop_conditions); the 68 of 264 such member rows that name none (e.g. the "
        "Franco-Russian alliance, atopid 1385) count against every state"
    )
    fit = rep.fits["conditions"]
    for p in PUBLISHED:
        if not p.check(float(fit.coef[fit.terms.index(p.term)])):
            rep.notes.append(
                f"{p.label}: sign differs from Leeds (2003); cause not established here. "
                "Candidates: the adversaries of conditional pledges (ATOP names them only "
                "as the treaty's threat, not per condition), the location/conflict "
                "conditions a dyad-year cannot evaluate, and a control set smaller than "
                "Leeds's (no distance, no alliance-portfolio similarity). Counting the "
                "unnamed conditional pledges against nobody (unnamed='exclude') does not "
                "flip it (docs/replicate.md)"
            )
    return rep
