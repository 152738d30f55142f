"""Registry of the data sources alliancelab uses: one entry per source.

Modelled on peacesciencer's ``ps_cite()``/``ps_version()``, without date-dependent defaults:
every loader names the registry entry it reads, ``cite(name)`` returns its BibTeX and
``versions()`` lists every entry with its version, URL and licence.

Examples
--------
>>> from alliancelab import cite
>>> print(cite("atop").splitlines()[0])
@article{leeds2002atop,
>>> "cow_nmc" in set(versions()["name"])
True
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from .errors import UnknownSourceError

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["SOURCES", "Source", "cite", "versions"]


@dataclass(frozen=True)
class Source:
    """One data source: what it is, which version we use, where it lives, how to cite it."""

    name: str
    title: str
    version: str
    url: str
    licence: str
    bibtex: str
    sha256: str | None = None


_SOURCES: tuple[Source, ...] = (
    Source(
        name="alliancelab_reference",
        title="alliancelab curated reference data (states, alliances, capabilities, rivalries)",
        version="0.1.0",
        url="https://github.com/alliancelab/alliancelab (src/alliancelab/reference)",
        licence="CC-BY-4.0 for the curation; each row cites its own source",
        bibtex="""@misc{alliancelab_reference,
  title = {alliancelab curated reference data},
  note = {Curated from COW, ATOP, SIPRI and Thompson \\& Dreyer; every row names its source},
  year = {2026}
}""",
    ),
    Source(
        name="cow_states",
        title="Correlates of War State System Membership",
        version="2016",
        url="https://correlatesofwar.org/data-sets/state-system-membership/",
        licence="COW terms of use (free for research, cite)",
        bibtex="""@misc{cow_states2016,
  author = {{Correlates of War Project}},
  title = {State System Membership List, v2016},
  year = {2017},
  url = {http://correlatesofwar.org}
}""",
    ),
    Source(
        name="cow_alliance",
        title="Correlates of War Formal Interstate Alliance Dataset",
        version="4.1",
        url="https://correlatesofwar.org/data-sets/formal-alliances/",
        licence="COW terms of use (free for research, cite)",
        bibtex="""@book{gibler2009alliances,
  author = {Gibler, Douglas M.},
  title = {International Military Alliances, 1648-2008},
  publisher = {CQ Press},
  address = {Washington, DC},
  year = {2009}
}""",
    ),
    Source(
        name="cow_nmc",
        title="Correlates of War National Material Capabilities",
        version="7.0",
        url="https://correlatesofwar.org/data-sets/national-material-capabilities/",
        licence="COW terms of use (free for research, cite)",
        bibtex="""@incollection{singer1972capability,
  author = {Singer, J. David and Bremer, Stuart and Stuckey, John},
  title = {Capability Distribution, Uncertainty, and Major Power War, 1820-1965},
  booktitle = {Peace, War, and Numbers},
  editor = {Russett, Bruce},
  publisher = {Sage},
  pages = {19--48},
  year = {1972}
}""",
    ),
    Source(
        name="cow_mid",
        title="Correlates of War Militarized Interstate Disputes",
        version="5.0",
        url="https://correlatesofwar.org/data-sets/mids/",
        licence="COW terms of use (free for research, cite)",
        bibtex="""@article{palmer2022mid5,
  author = {Palmer, Glenn and McManus, Roseanne W. and D'Orazio, Vito and Kenwick, Michael R.
            and Karstens, Mikaela and Bloch, Chase and Dietrich, Nick and Kahn, Kayla
            and Ritter, Kellan and Soules, Michael J.},
  title = {The MID5 Dataset, 2011-2014: Procedures, Coding Rules, and Description},
  journal = {Conflict Management and Peace Science},
  volume = {39},
  number = {4},
  pages = {470--482},
  year = {2022}
}""",
    ),
    Source(
        name="cow_contiguity",
        title="Correlates of War Direct Contiguity",
        version="3.2",
        url="https://correlatesofwar.org/data-sets/direct-contiguity/",
        licence="COW terms of use (free for research, cite)",
        bibtex="""@article{stinnett2002contiguity,
  author = {Stinnett, Douglas M. and Tir, Jaroslav and Schafer, Philip and Diehl, Paul F.
            and Gochman, Charles},
  title = {The Correlates of War Project Direct Contiguity Data, Version 3},
  journal = {Conflict Management and Peace Science},
  volume = {19},
  number = {2},
  pages = {58--66},
  year = {2002}
}""",
    ),
    Source(
        name="atop",
        title="Alliance Treaty Obligations and Provisions (ATOP)",
        version="5.1",
        url="http://www.atopdata.org/",
        licence="free for research, cite",
        bibtex="""@article{leeds2002atop,
  author = {Leeds, Brett Ashley and Ritter, Jeffrey M. and Mitchell, Sara McLaughlin
            and Long, Andrew G.},
  title = {Alliance Treaty Obligations and Provisions, 1815-1944},
  journal = {International Interactions},
  volume = {28},
  number = {3},
  pages = {237--260},
  year = {2002}
}""",
    ),
    Source(
        name="sipri_milex",
        title="SIPRI Military Expenditure Database",
        version="2025 release (data 1949-2024)",
        url="https://www.sipri.org/databases/milex",
        licence="SIPRI terms of use (free for non-commercial use, cite)",
        bibtex="""@misc{sipri2025milex,
  author = {{Stockholm International Peace Research Institute}},
  title = {SIPRI Military Expenditure Database},
  year = {2025},
  url = {https://www.sipri.org/databases/milex}
}""",
    ),
    Source(
        name="rivalries",
        title="Thompson & Dreyer strategic rivalries",
        version="2012 (Handbook, 1494-2010)",
        url="https://doi.org/10.4135/9781608718191",
        licence="published book; COW-coded copy via peacesciencer (GPL-2)",
        bibtex="""@book{thompson2012rivalries,
  author = {Thompson, William R. and Dreyer, David R.},
  title = {Handbook of International Rivalries, 1494-2010},
  publisher = {CQ Press},
  address = {Washington, DC},
  year = {2012}
}""",
    ),
    Source(
        name="tss_rivalries",
        title="Thompson, Sakuwa & Suhas strategic rivalries (update)",
        version="2022",
        url="https://doi.org/10.1007/978-981-16-3991-9",
        licence="published book; COW-coded copy via peacesciencer (GPL-2)",
        bibtex="""@book{thompson2022rivalries,
  author = {Thompson, William R. and Sakuwa, Kentaro and Suhas, Prashant Hosur},
  title = {Analyzing Strategic Rivalries in World Politics},
  publisher = {Springer},
  year = {2022}
}""",
    ),
    Source(
        name="gml_mid",
        title="Gibler-Miller-Little Militarized Interstate Disputes",
        version="2.2.1",
        url="https://correlatesofwar.org/data-sets/mids/ (GML MID; via peacesciencer)",
        licence="free for research, cite",
        bibtex="""@article{gibler2016mid,
  author = {Gibler, Douglas M. and Miller, Steven V. and Little, Erin K.},
  title = {An Analysis of the Militarized Interstate Dispute (MID) Dataset, 1816-2001},
  journal = {International Studies Quarterly},
  volume = {60},
  number = {4},
  pages = {719--730},
  year = {2016}
}""",
    ),
    Source(
        name="democracy",
        title="Democracy scores per COW state-year (extended UDS, Polity2, V-Dem polyarchy)",
        version="isard 0.2.0 (cw_democracy)",
        url="https://github.com/svmiller/isard",
        licence="GPL-3 (isard); each measure under its own terms, cite",
        bibtex="""@article{marquez2016uds,
  author = {M{\'a}rquez, Xavier},
  title = {A Quick Method for Extending the Unified Democracy Scores},
  journal = {SSRN Working Paper},
  year = {2016},
  note = {Also cite Marshall, Gurr \\& Jaggers, Polity IV/5; Coppedge et al., V-Dem}
}""",
    ),
    Source(
        name="gdp_pop",
        title="Simulated GDP, GDP per capita and population (Anders, Fariss & Markowitz)",
        version="isard 0.2.0 (cw_gdppop)",
        url="https://github.com/svmiller/isard",
        licence="free for research, cite",
        bibtex="""@article{anders2020bread,
  author = {Anders, Therese and Fariss, Christopher J. and Markowitz, Jonathan N.},
  title = {Bread Before Guns or Butter: Introducing Surplus Domestic Product (SDP)},
  journal = {International Studies Quarterly},
  volume = {64},
  number = {2},
  pages = {392--405},
  year = {2020}
}""",
    ),
    Source(
        name="capitals",
        title="COW state capitals with coordinates (peacesciencer)",
        version="peacesciencer 1.2.9 (cow_capitals)",
        url="https://svmiller.com/peacesciencer/",
        licence="GPL-2",
        bibtex=r"""@article{miller2022peacesciencer_capitals,
  author = {Miller, Steven V.},
  title = {peacesciencer: An R Package for Quantitative Peace Science Research},
  journal = {Conflict Management and Peace Science},
  volume = {39},
  number = {6},
  pages = {755--779},
  year = {2022},
  note = {cow\_capitals data}
}""",
    ),
    Source(
        name="cow_mindist",
        title="Minimum distance between states (CShapes 2.0), COW codes",
        version="CShapes 2.0 (1886-2019)",
        url="https://icr.ethz.ch/data/cshapes/",
        licence="CC-BY-NC-SA 4.0",
        bibtex="""@article{schvitz2022cshapes,
  author = {Schvitz, Guy and Girardin, Luc and R{\\"u}egger, Seraina and Weidmann, Nils B.
            and Cederman, Lars-Erik and Gleditsch, Kristian Skrede},
  title = {Mapping the International System, 1886-2019: The CShapes 2.0 Dataset},
  journal = {Journal of Conflict Resolution},
  volume = {66},
  number = {1},
  pages = {144--161},
  year = {2022}
}""",
    ),
    Source(
        name="cow_war",
        title="Correlates of War Inter-State War Data (directed dyad-years)",
        version="4.0",
        url="https://correlatesofwar.org/data-sets/cow-war/",
        licence="COW terms of use (free for research, cite)",
        bibtex="""@book{sarkees2010resort,
  author = {Sarkees, Meredith Reid and Wayman, Frank Whelon},
  title = {Resort to War: A Data Guide to Inter-State, Extra-State, Intra-State, and
           Non-State Wars, 1816-2007},
  publisher = {CQ Press},
  address = {Washington, DC},
  year = {2010}
}""",
    ),
    Source(
        name="cow_war_participants",
        title="Correlates of War Inter-State War Data (participant level, dated entries)",
        version="4.0",
        url="https://correlatesofwar.org/data-sets/cow-war/",
        licence="COW terms of use (free for research, cite)",
        bibtex="""@book{sarkees2010resort,
  author = {Sarkees, Meredith Reid and Wayman, Frank Whelon},
  title = {Resort to War: A Data Guide to Inter-State, Extra-State, Intra-State, and
           Non-State Wars, 1816-2007},
  publisher = {CQ Press},
  address = {Washington, DC},
  year = {2010}
}""",
    ),
    Source(
        name="terrthreat",
        title="Latent territorial threat (Miller)",
        version="2022",
        url="https://doi.org/10.1177/00223433211052838",
        licence="free for research, cite",
        bibtex="""@article{miller2022terrthreat,
  author = {Miller, Steven V.},
  title = {A Random Item Response Model of External Territorial Threat, 1816-2010},
  journal = {Journal of Peace Research},
  volume = {59},
  number = {5},
  year = {2022}
}""",
    ),
    Source(
        name="arms_races",
        title="Arms races 1816-1993 (Gibler, Rider & Hutchison)",
        version="2005",
        url="https://doi.org/10.1177/0022343305050688",
        licence="free for research, cite",
        bibtex="""@article{gibler2005taking,
  author = {Gibler, Douglas M. and Rider, Toby J. and Hutchison, Marc L.},
  title = {Taking Arms Against a Sea of Troubles: Conventional Arms Races During
           Periods of Rivalry},
  journal = {Journal of Peace Research},
  volume = {42},
  number = {2},
  pages = {131--147},
  year = {2005}
}""",
    ),
    Source(
        name="gw_crosswalk",
        title="COW <-> Gleditsch-Ward state-year crosswalk",
        version="isard 0.2.0 (cw_gw_panel)",
        url="https://github.com/svmiller/isard",
        licence="GPL-3 (isard)",
        bibtex="""@article{gleditsch1999interstate,
  author = {Gleditsch, Kristian S. and Ward, Michael D.},
  title = {A Revised List of Independent States since the Congress of Vienna},
  journal = {International Interactions},
  volume = {25},
  number = {4},
  pages = {393--413},
  year = {1999}
}""",
    ),
    Source(
        name="powers",
        title="Regional and global powers (Maoz)",
        version="2010",
        url="https://doi.org/10.1017/CBO9780511779152",
        licence="published book; copy via peacesciencer (GPL-2)",
        bibtex="""@book{maoz2010networks,
  author = {Maoz, Zeev},
  title = {Networks of Nations: The Evolution, Structure, and Impact of International
           Networks, 1816-2001},
  publisher = {Cambridge University Press},
  year = {2010}
}""",
    ),
    Source(
        name="peacesciencer",
        title="peacesciencer: An R Package for Quantitative Peace Science Research",
        version="1.2.9",
        url="https://svmiller.com/peacesciencer/",
        licence="GPL-2",
        bibtex="""@article{miller2022peacesciencer,
  author = {Miller, Steven V.},
  title = {peacesciencer: An R Package for Quantitative Peace Science Research},
  journal = {Conflict Management and Peace Science},
  volume = {39},
  number = {6},
  pages = {755--779},
  year = {2022}
}""",
    ),
    Source(
        name="countrycode",
        title="countrycode: convert country names and codes (Python port)",
        version="0.6",
        url="https://pypi.org/project/countrycode/",
        licence="GPL-3",
        bibtex="""@article{arelbundock2018countrycode,
  author = {Arel-Bundock, Vincent and Enevoldsen, Nils and Yetman, CJ},
  title = {countrycode: An R package to convert country names and country codes},
  journal = {Journal of Open Source Software},
  volume = {3},
  number = {28},
  pages = {848},
  year = {2018}
}""",
    ),
)

SOURCES: dict[str, Source] = {s.name: s for s in _SOURCES}


def _lookup(name: str) -> Source:
    key = name.strip().lower().replace("-", "_")
    if key not in SOURCES:
        raise UnknownSourceError(
            f"unknown data source {name!r}; known sources: {', '.join(sorted(SOURCES))}"
        )
    return SOURCES[key]


def cite(name: str) -> str:
    """Return the BibTeX entry to cite for data source ``name``.

    Parameters
    ----------
    name : str
        A registry name such as ``"atop"``, ``"cow_nmc"`` or ``"sipri_milex"``
        (``-`` and ``_`` are interchangeable, case is ignored).

    Raises
    ------
    UnknownSourceError
        If ``name`` is not in the registry; the message lists the known names.

    Examples
    --------
    >>> "Gibler" in cite("cow-alliance")
    True
    """
    return _lookup(name).bibtex


def versions() -> pd.DataFrame:
    """One row per registered data source: name, title, version, URL and licence.

    Examples
    --------
    >>> list(versions().columns)
    ['name', 'title', 'version', 'url', 'licence']
    """
    import pandas as pd  # on first use: `alliancelab cite` and `versions` need no pandas

    return pd.DataFrame(
        [(s.name, s.title, s.version, s.url, s.licence) for s in _SOURCES],
        columns=["name", "title", "version", "url", "licence"],
    )
