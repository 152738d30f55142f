"""Where each state of a snapshot goes on the dashboard's map.

The map draws the present-day country polygons of world-atlas 2.0.2
(``countries-110m.json``, Natural Earth 1:110m via Mike Bostock's TopoJSON, ISC; vendored
under ``static/vendor/world-atlas``), whose ids are ISO 3166-1 numeric codes. A COW state
(COW State System Membership v2016) reaches a polygon through the dated COW-to-ISO3
crosswalk of :func:`alliancelab.codes.ccode_to_iso3` and the ISO 3166-1 numeric code of
that ISO3 code (``countrycode``, Arel-Bundock et al. 2018), with a few dated overrides
below. A state with no polygon (a defunct state such as Austria-Hungary or the GDR, a
German or Italian state before unification, a state too small for the 1:110m map) is
drawn as a point at its capital when the table below knows it, and is listed on the page
either way: no state is dropped silently.
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path
from typing import Any

__all__ = ["ATLAS", "CAPITALS", "CAPITALS_SOURCE", "map_rows"]

ATLAS = Path(__file__).resolve().parent / "static/vendor/world-atlas/countries-110m.json"

#: ISO3 codes whose COW state is drawn with another code's present-day polygon. None:
#: a defunct state (the Soviet Union, ``SUN``; Yugoslavia, ``YUG``; the GDR, ``DDR``;
#: Austria-Hungary, no ISO code) is a point at its capital, never a successor's polygon.
_POLYGON_OF: dict[str, str] = {}

#: COW codes with an ISO 3166-1 numeric code of their own that world-atlas has no
#: polygon for: the German Federal Republic (COW 260, 1955-1990) was ISO 280, not the
#: present-day Germany (276) that includes the GDR.
_NUMERIC_OF: dict[int, str] = {260: "280"}

#: Source of every row of :data:`CAPITALS`: the capital's coordinates in peacesciencer's
#: ``cow_capitals`` (Miller 2022, peacesciencer 1.2.9; ``alliancelab.cite("capitals")``),
#: rounded to 0.01 degree; ``tests/web/test_web_geo.py`` checks each row against that
#: file when the official data are present. The dashboard needs no store for them.
CAPITALS_SOURCE = "peacesciencer 1.2.9 cow_capitals (Miller 2022), rounded to 0.01 deg"

#: (longitude, latitude) of the capitals of states that may have no polygon on the map
#: (the city of the latest capital in ``cow_capitals``; source: :data:`CAPITALS_SOURCE`).
CAPITALS: dict[int, tuple[float, float]] = {
    221: (7.43, 43.73),  # Monaco
    223: (9.52, 47.14),  # Liechtenstein, Vaduz
    232: (1.50, 42.50),  # Andorra, Andorra la Vella
    240: (9.74, 52.37),  # Hanover
    245: (11.58, 48.14),  # Bavaria, Munich
    260: (7.10, 50.74),  # German Federal Republic, Bonn
    265: (13.44, 52.50),  # German Democratic Republic, East Berlin
    267: (8.40, 49.01),  # Baden, Karlsruhe
    269: (13.74, 51.05),  # Saxony, Dresden
    271: (9.18, 48.78),  # Wuerttemberg, Stuttgart
    273: (9.50, 51.32),  # Hesse Electoral, Kassel
    275: (8.67, 49.89),  # Hesse Grand Ducal, Darmstadt
    280: (11.41, 53.63),  # Mecklenburg Schwerin, Schwerin
    300: (16.37, 48.21),  # Austria-Hungary, Vienna
    315: (14.42, 50.09),  # Czechoslovakia, Prague
    327: (12.48, 41.89),  # Papal States, Rome
    329: (14.25, 40.84),  # Two Sicilies, Naples
    331: (12.46, 43.95),  # San Marino
    332: (10.94, 44.54),  # Modena
    335: (10.10, 44.70),  # Parma
    337: (11.26, 43.77),  # Tuscany, Florence
    338: (14.51, 35.90),  # Malta, Valletta
    345: (20.45, 44.79),  # Serbia / Yugoslavia / Serbia and Montenegro, Belgrade
    347: (21.16, 42.66),  # Kosovo, Pristina
    365: (37.61, 55.63),  # Soviet Union (drawn as a point 1922-1991), Moscow
    511: (39.21, -6.17),  # Zanzibar, Zanzibar City
    680: (45.03, 12.79),  # Yemen People's Republic, Aden
    730: (126.98, 37.57),  # Korea, Seoul
    817: (106.70, 10.78),  # Republic of Vietnam, Saigon (Ho Chi Minh City)
}


@lru_cache(maxsize=1)
def atlas_ids() -> frozenset[str]:
    """The ISO 3166-1 numeric ids world-atlas has a polygon for."""
    doc = json.loads(ATLAS.read_text())
    geoms = doc["objects"]["countries"]["geometries"]
    return frozenset(str(g["id"]) for g in geoms if "id" in g)


@lru_cache(maxsize=4096)
def iso_numeric(ccode: int, year: int) -> str | None:
    """The world-atlas id (ISO 3166-1 numeric, 3 digits) of a COW state in ``year``."""
    from countrycode import countrycode

    from ..codes import ccode_to_iso3

    if ccode in _NUMERIC_OF:
        return _NUMERIC_OF[ccode]
    iso3 = ccode_to_iso3(ccode, year)
    if iso3 is None:
        return None
    out = countrycode([_POLYGON_OF.get(iso3, iso3)], origin="iso3c", destination="iso3n")[0]
    if out is None or (isinstance(out, float) and out != out):
        return None
    return f"{int(out):03d}"


def map_rows(nodes: list[dict[str, Any]], year: int) -> list[dict[str, Any]]:
    """One row per snapshot node: how the map draws it.

    ``drawn`` is ``polygon`` (``iso_numeric`` names a world-atlas polygon), ``point``
    (at ``lon, lat``, the capital) or ``listed`` (neither: named in the page's list).
    """
    ids = atlas_ids()
    rows = []
    for n in nodes:
        c = int(n["ccode"])
        iso = iso_numeric(c, year)
        cap = CAPITALS.get(c)
        drawn = "polygon" if iso in ids else "point" if cap else "listed"
        rows.append(
            {
                "ccode": c,
                "name": n["name"],
                "in_region": n["in_region"],
                "bloc_alliance": n.get("bloc_alliance"),
                "iso_numeric": iso,
                "drawn": drawn,
                "lon": cap[0] if drawn == "point" and cap else None,
                "lat": cap[1] if drawn == "point" and cap else None,
            }
        )
    return rows
