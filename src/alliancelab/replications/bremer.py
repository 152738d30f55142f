"""peacesciencer's Bremer (1992) "dangerous dyads" vignette (ATOP) and Miller (2022) Table 2.

Non-directed politically relevant dyad-years 1816-2010 (COW system, ``filter_prd``);
outcome GML MID 2.2.1 onset (``gmlmidonset``; ongoing dispute years are kept, as in the
vignette); regressors: land contiguity (``conttype`` 1), CINC proportion (lower over
higher, NMC 7.0), a major power in the dyad, the defence pact (ATOP 5.1 ``atop_defense``
for ``bremer-atop``, COW 4.1 ``cow_defense`` for ``miller-2022``), weak-link democracy
(the lower ``aeuds``, extended UDS), weak-link GDP per capita (the lower ``mrgdppc``),
the lower militarisation (``milper / tpop``), the last four scaled by two standard
deviations (``r2sd_at``: (x - mean) / (2 sd)), and cubic GML peace spells
(``gmlmidspell``).

References
----------
Bremer, Stuart A. 1992. "Dangerous Dyads." *Journal of Conflict Resolution* 36(2):
309-341. Miller, Steven V. 2022. "{peacesciencer}: An R Package for Quantitative Peace
Science Research." *Conflict Management and Peace Science* 39(6): 755-779 (Table 2);
peacesciencer's vignette ``bremer-example.Rmd`` (ATOP version).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from .. import panels
from ..store.core import Store
from ._fit import fit_logit
from ._result import Published, Replication

NEEDS = ("add_gml_mids", "add_spells", "add_democracy", "add_sim_gdp_pop")
TERMS = [
    "landcontig", "cincprop", "cowmajdyad", "DEFENSE", "mindemest", "minmgdppc",
    "minmilit", "gmlmidspell", "gmlmidspell2", "gmlmidspell3",
]  # fmt: skip


def missing_verbs() -> list[str]:
    """The panel verbs this replication needs that this installation lacks."""
    return [v for v in NEEDS if not hasattr(panels, v)]


def _r2sd(x: np.ndarray) -> np.ndarray:
    ok = ~np.isnan(x)
    return (x - x[ok].mean()) / (2 * x[ok].std(ddof=1))


def build(store: Store | None = None, defense: str = "atop") -> Any:
    """The politically relevant non-directed dyad-years 1816-2010 (``defense``: ``"atop"``
    adds ATOP 5.1 obligations, ``"cow"`` COW 4.1 alliance types)."""
    p: Any = panels
    dy = (
        p.create_dyad_years(directed=False, years=(1816, 2010), store=store)
        .pipe(p.add_contiguity)
        .pipe(p.add_cow_majors)
        .pipe(p.filter_prd)
        .pipe(p.add_gml_mids)
        .pipe(p.add_spells)
        .pipe(p.add_nmc)
        .pipe(p.add_democracy)
        .pipe(p.add_atop_alliance if defense == "atop" else p.add_cow_alliance)
        .pipe(p.add_sim_gdp_pop)
    )
    f = lambda c: dy[c].to_numpy(dtype=np.float64, na_value=np.nan)  # noqa: E731
    ct = f("conttype")
    m1, m2 = f("cowmaj1"), f("cowmaj2")
    c1, c2 = f("cinc1"), f("cinc2")
    spell = f("gmlmidspell")
    return dy.assign(
        landcontig=np.where(np.isnan(ct), np.nan, ct == 1),
        cowmajdyad=np.where(np.isnan(m1) | np.isnan(m2), np.nan, (m1 == 1) | (m2 == 1)),
        cincprop=_r2sd(np.minimum(c1, c2) / np.maximum(c1, c2)),
        mindemest=_r2sd(np.minimum(f("aeuds1"), f("aeuds2"))),
        minmgdppc=_r2sd(np.minimum(f("mrgdppc1"), f("mrgdppc2"))),
        minmilit=_r2sd(np.minimum(f("milper1") / f("tpop1"), f("milper2") / f("tpop2"))),
        gmlmidspell2=spell**2,
        gmlmidspell3=spell**3,
    )


def _run(name: str, title: str, defense: str, published: list[Published], n: int,
         store: Store | None, data: Any) -> Replication:  # fmt: skip
    rep = Replication(
        name=name,
        title=title,
        data="COW non-directed politically relevant dyad-years 1816-2010; GML MID 2.2.1 "
        f"onset (ongoing years kept); {defense}; NMC 7.0; extended UDS; simulated GDP",
        published=published,
        published_n=n,
    )
    gone = missing_verbs() if data is None else []
    if gone:
        rep.missing += [
            f"panel verb {v}() (issue 14, branch h4) is not in this build" for v in gone
        ]
        return rep
    d = build(store, "atop" if defense.startswith("atop") else "cow") if data is None else data
    terms = [defense if t == "DEFENSE" else t for t in TERMS]
    rep.fits["logit"] = fit_logit(d, "gmlmidonset", terms)
    return rep


def run_atop(store: Store | None = None, data: Any = None) -> Replication:
    """peacesciencer's Bremer vignette, ATOP version (N 106,056; published figures)."""
    pub = [
        Published("landcontig", "land contiguity", coef=1.057, se=None, sign=1),
        Published("atop_defense", "ATOP defence pact", coef=-0.132, se=0.058),
    ]
    rep = _run("bremer-atop", "peacesciencer Bremer vignette, ATOP version", "atop_defense",
               pub, 106_056, store, data)  # fmt: skip
    rep.notes.append(
        "land contiguity is published without its SE here: checked within 2 of our classical SEs"
    )
    _contig_check(rep, 1.057)
    return rep


def run_miller(store: Store | None = None, data: Any = None) -> Replication:
    """Miller (2022) Table 2 with COW defence pacts (N 106,937)."""
    pub = [
        Published("landcontig", "land contiguity", coef=1.044, se=0.057),
        Published("cow_defense", "COW defence pact", coef=-0.102, se=0.058),
    ]
    rep = _run("miller-2022", 'Miller (2022) CMPS 39(6), Table 2 ("dangerous dyads", COW)',
               "cow_defense", pub, 106_937, store, data)  # fmt: skip
    rep.missing.append(
        "GDP per capita of add_sdp_gdp() (Anders, Fariss & Markowitz 2020 SDP estimates), "
        "which the manuscript used, is not in ../shared/data; the fit uses peacesciencer's "
        "later add_sim_gdp_pop() mrgdppc instead, so N and the GDP term differ by design"
    )
    return rep


def _contig_check(rep: Replication, published: float) -> None:
    """Land contiguity has no published SE: replace its check by 2 of our classical SEs."""
    fit = rep.fits.get("logit")
    if fit is None:
        return
    i = fit.terms.index("landcontig")
    se = float(fit.se[i])
    label = "land contiguity (SE: ours)"
    rep.published[0] = Published("landcontig", label, coef=published, se=se)
