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

import pandas as pd

from .errors import UnknownSourceError

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
    return pd.DataFrame(
        [(s.name, s.title, s.version, s.url, s.licence) for s in _SOURCES],
        columns=["name", "title", "version", "url", "licence"],
    )
