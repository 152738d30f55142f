"""State-year, dyad-year and k-ad-year panels: peacesciencer's verbs, exact and fast.

The verbs live in :mod:`.create` (``create_*``), :mod:`.alliances` (ATOP, COW
alliances), :mod:`.covariates` (NMC, SIPRI, MIDs, contiguity, majors, peace years),
:mod:`.conflict` (GML MIDs, COW wars, strategic rivalries, arms races, peace spells),
:mod:`.states` (democracy, GDP and population, territorial threat, capital and minimum
distance), :mod:`.gw` (the Gleditsch-Ward system and code translation) and
:mod:`.derived` (``filter_prd``, capability ratio, pooled capability, similarity); all of
them are importable from here. Store reading is :mod:`alliancelab.store.read`.

``create_*`` builds a panel from the state system, ``add_*`` adds columns (a left join
that must keep the row count), ``filter_*`` drops rows; every verb takes and returns a
pandas DataFrame and works with :meth:`pandas.DataFrame.pipe`. Column names are
peacesciencer's. A panel carries its unit in ``df.attrs["alliancelab"]`` (peacesciencer's
``ps_data_type``): ``unit`` (``state_year``, ``dyad_year`` or ``kad_year``), ``directed``,
``system`` (``cow``), ``extend_to``, the store it was read from and the data source each
verb used. Verbs check the unit against the key columns (``ccode, year``;
``ccode1, ccode2, year``; ``ccode1 ... ccodek, year``).

Data come from the alliancelab store (:class:`~alliancelab.store.Store`; the default
store unless ``store=`` is given; a panel remembers its store). Each verb reads the
official import when it is in the store, else peacesciencer's exported input
(``alliancelab data import peacesciencer DIR``); ``source="official"`` or
``source="peacesciencer"`` forces one (``create_*(..., source=...)`` sets the default of
the whole pipeline). A missing source raises :class:`~alliancelab.errors.CoverageError`
naming the ``alliancelab data import`` command.

No silent imputation: a verb fills "no event" (0) only inside its source's coverage
(ATOP 1815-2018, COW alliances 1816-2012, MIDs 1816-2014, contiguity 1816-2016, major
powers to the panel's last year); outside it the column is NA. ``extend_to`` (carry the
states alive at the end of the system data, 2016, forward to that year, peacesciencer's
``mry = TRUE``) is always explicit, never today's date.

With peacesciencer 1.2.9's inputs and ``extend_to=2025`` the pipelines of its
``PARITY.md`` are reproduced exactly (``tests/panels/test_parity.py``; ``docs/panels.md``).

References
----------
Miller, Steven V. 2022. "{peacesciencer}: An R Package for Quantitative Peace Science
Research." *Conflict Management and Peace Science* 39(6): 755-779.

Examples
--------
A tiny store (two states, one alliance) built by hand:

>>> import tempfile, pathlib, pandas as pd
>>> from alliancelab.store import Store
>>> st = Store(pathlib.Path(tempfile.mkdtemp()) / "s.duckdb")
>>> sysm = pd.DataFrame({"ccode": [2, 20], "cw_abb": ["USA", "CAN"],
...     "cw_name": ["United States", "Canada"],
...     "start": pd.to_datetime(["1816-01-01", "1920-01-10"]),
...     "end": pd.to_datetime(["2016-12-31", "2016-12-31"])})
>>> atop = pd.DataFrame({"ccode1": [2, 20], "ccode2": [20, 2], "year": [2016, 2016],
...     "atop_defense": [1, 1], "atop_offense": [0, 0], "atop_neutral": [0, 0],
...     "atop_nonagg": [0, 0], "atop_consul": [1, 0]})
>>> _ = st.write_import("peacesciencer", "1.2.9", {"isard_cw_system": sysm,
...     "atop_alliance": atop}, files=["x"], sha256=["y"])
>>> dy = create_dyad_years(directed=False, years=(2016, 2019), extend_to=2019, store=st)
>>> dy.pipe(add_atop_alliance)[["ccode1", "ccode2", "year", "atop_alliance"]]
   ccode1  ccode2  year  atop_alliance
0       2      20  2016              1
1       2      20  2017              0
2       2      20  2018              0
3       2      20  2019           <NA>

(ATOP 5.1 covers 1815-2018: the toy input has no row for 2017-2018, so "no alliance" is
0 there; 2019 lies outside the coverage, so it stays NA.)
"""

from ._meta import _ATOP_COLS as _ATOP_COLS  # column groups the tests read
from ._meta import _NMC_COLS as _NMC_COLS
from ._meta import ATTR as ATTR
from ._meta import SIMILARITY_MEASURES, panel_info
from ._thirdparty import add_atop_provisions, add_third_party_alliances
from .alliances import add_atop_alliance, add_cow_alliance
from .conflict import (
    add_arms_races,
    add_cow_wars,
    add_gml_mids,
    add_spells,
    add_strategic_rivalries,
)
from .covariates import (
    add_contiguity,
    add_cow_majors,
    add_cow_mids,
    add_nmc,
    add_peace_years,
    add_sipri_milex,
)
from .create import create_dyad_years, create_kad_years, create_state_years
from .derived import add_capability_ratio, add_pooled_capability, add_similarity, filter_prd
from .gw import add_ccode_to_gw, add_gwcode_to_cow
from .states import (
    add_capital_distance,
    add_democracy,
    add_latent_territorial_threat,
    add_minimum_distance,
    add_sim_gdp_pop,
)

__all__ = [
    "SIMILARITY_MEASURES",
    "add_arms_races",
    "add_atop_alliance",
    "add_atop_provisions",
    "add_capability_ratio",
    "add_capital_distance",
    "add_ccode_to_gw",
    "add_contiguity",
    "add_cow_alliance",
    "add_cow_majors",
    "add_cow_mids",
    "add_cow_wars",
    "add_democracy",
    "add_gml_mids",
    "add_gwcode_to_cow",
    "add_latent_territorial_threat",
    "add_minimum_distance",
    "add_nmc",
    "add_peace_years",
    "add_pooled_capability",
    "add_sim_gdp_pop",
    "add_similarity",
    "add_sipri_milex",
    "add_spells",
    "add_strategic_rivalries",
    "add_third_party_alliances",
    "create_dyad_years",
    "create_kad_years",
    "create_state_years",
    "filter_prd",
    "panel_info",
]
