"""State identifiers and regions.

Conversions between Correlates of War state codes (``ccode``), Gleditsch-Ward codes
(``gwcode``), ISO 3166 alpha-3 codes and English names. The maintained ``countrycode``
package (Arel-Bundock, Enevoldsen & Yetman 2018, JOSS 3(28):848; Python port on PyPI)
does the work for present-day states; historical states it lacks (the German and Italian
states of the 19th century, West and East Germany, Austria-Hungary, Czechoslovakia,
Yugoslavia, the USSR, Korea, the Republic of Vietnam, the two Yemens, ...) come from a
small table below that follows the COW State System Membership list v2016 and
Gleditsch & Ward (1999), "A Revised List of Independent States since the Congress of
Vienna", International Interactions 25(4):393-413.

Regions follow COW: americas 2-165, europe 200-399, africa 400-599, middle_east 600-699,
asia 700-899 (which includes oceania 900-999 unless ``oceania`` is asked for apart);
a user-defined region is any list of ccodes.

Examples
--------
>>> ccode_to_iso3(2), iso3_to_ccode("FRA"), ccode_to_gw(260), gw_to_ccode(260, year=1970)
('USA', 220, 260, 260)
>>> ccode_to_name(300), ccode_to_iso3(365, year=1970), ccode_to_iso3(365, year=2000)
('Austria-Hungary', 'SUN', 'RUS')
>>> region_of(365), resolve_region("asia").contains(900)
('europe', True)
"""

from __future__ import annotations

import numbers
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import cast

from .errors import UnknownRegionError, UnknownStateError

__all__ = [
    "REGIONS",
    "Region",
    "abbreviation",
    "ccode_to_gw",
    "ccode_to_iso3",
    "ccode_to_name",
    "convert",
    "display_name",
    "gw_to_ccode",
    "iso3_to_ccode",
    "name_to_ccode",
    "region_of",
    "resolve_region",
    "resolve_state",
]

#: A code as written on the command line or in a file: ASCII digits only.
_ASCII_CODE = re.compile(r"[0-9]+", re.ASCII)

#: COW regions as inclusive ccode ranges (DESIGN.md); ``world`` is the whole system.
REGIONS: dict[str, tuple[tuple[int, int], ...]] = {
    "world": ((2, 999),),
    "americas": ((2, 165),),
    "europe": ((200, 399),),
    "africa": ((400, 599),),
    "middle_east": ((600, 699),),
    "asia": ((700, 899), (900, 999)),
    "oceania": ((900, 999),),
}


@dataclass(frozen=True)
class _Hist:
    name: str
    iso3: str | None
    gwcode: int | None


# States the countrycode tables lack or get wrong for COW codes. Names follow COW v2016,
# ISO codes are ISO 3166-1 or, for dissolved states, ISO 3166-3 (DDR, CSK, YUG, SUN);
# GW codes follow Gleditsch & Ward (1999) and their microstates list.
_HISTORICAL: dict[int, _Hist] = {
    54: _Hist("Dominica", "DMA", 54),
    55: _Hist("Grenada", "GRD", 55),
    56: _Hist("St. Lucia", "LCA", 56),
    57: _Hist("St. Vincent and the Grenadines", "VCT", 57),
    58: _Hist("Antigua & Barbuda", "ATG", 58),
    60: _Hist("St. Kitts and Nevis", "KNA", 60),
    221: _Hist("Monaco", "MCO", 221),
    223: _Hist("Liechtenstein", "LIE", 223),
    232: _Hist("Andorra", "AND", 232),
    240: _Hist("Hanover", None, 240),
    245: _Hist("Bavaria", None, 245),
    255: _Hist("Germany", "DEU", 260),
    260: _Hist("German Federal Republic", "DEU", 260),
    265: _Hist("German Democratic Republic", "DDR", 265),
    267: _Hist("Baden", None, 267),
    269: _Hist("Saxony", None, 269),
    271: _Hist("Wuerttemberg", None, 271),
    273: _Hist("Hesse Electoral", None, 273),
    275: _Hist("Hesse Grand Ducal", None, 275),
    280: _Hist("Mecklenburg Schwerin", None, 280),
    300: _Hist("Austria-Hungary", None, 300),
    315: _Hist("Czechoslovakia", "CSK", 315),
    329: _Hist("Two Sicilies", None, 329),
    331: _Hist("San Marino", "SMR", 331),
    332: _Hist("Modena", None, 332),
    335: _Hist("Parma", None, 335),
    337: _Hist("Tuscany", None, 337),
    345: _Hist("Yugoslavia", "YUG", 345),
    347: _Hist("Kosovo", "XKX", 347),
    365: _Hist("Russia", "RUS", 365),
    403: _Hist("Sao Tome and Principe", "STP", 403),
    511: _Hist("Zanzibar", None, 511),
    591: _Hist("Seychelles", "SYC", 591),
    678: _Hist("Yemen Arab Republic", "YEM", 678),
    680: _Hist("Yemen People's Republic", "YMD", 680),
    730: _Hist("Korea", None, 730),
    817: _Hist("Republic of Vietnam", None, 817),
    935: _Hist("Vanuatu", "VUT", 935),
    946: _Hist("Kiribati", "KIR", 946),
    947: _Hist("Tuvalu", "TUV", 947),
    955: _Hist("Tonga", "TON", 955),
    970: _Hist("Nauru", "NRU", 970),
    983: _Hist("Marshall Islands", "MHL", 983),
    986: _Hist("Palau", "PLW", 986),
    987: _Hist("Federated States of Micronesia", "FSM", 987),
    990: _Hist("Samoa", "WSM", 990),
}

# Codes whose ISO3 or GW code depends on the year: (ccode, first year, last year) -> value.
_ISO3_BY_YEAR: dict[int, tuple[tuple[int, int, str], ...]] = {
    365: ((1922, 1991, "SUN"),),
    345: ((1816, 1991, "YUG"), (1992, 2005, "SCG"), (2006, 9999, "SRB")),
}
_GW_BY_YEAR: dict[int, tuple[tuple[int, int, int], ...]] = {
    255: ((1816, 1945, 255), (1990, 9999, 260)),
    345: ((1816, 2005, 345), (2006, 9999, 340)),
    679: ((1990, 9999, 678),),
}


def _is_code_token(token: str) -> bool:
    """Whether ``token`` is a code written in ASCII digits only.

    ``str.isdigit`` is also true of ``'²'`` and of Arabic-Indic ``'٢'`` (which ``int``
    reads as 2); codes on the command line and in files are ASCII digits.

    Examples
    --------
    >>> _is_code_token("200"), _is_code_token("²"), _is_code_token("٢"), _is_code_token("")
    (True, False, False, False)
    """
    return bool(_ASCII_CODE.fullmatch(token))


def _check_code(ccode: object) -> int:
    if isinstance(ccode, numbers.Integral) and not isinstance(ccode, bool):
        return int(ccode)
    if isinstance(ccode, str) and _is_code_token(ccode.strip()):
        return int(ccode.strip())
    if isinstance(ccode, float) and ccode.is_integer():
        return int(ccode)
    raise UnknownStateError(f"not a COW state code: {ccode!r} (codes are ASCII digits)")


@lru_cache(maxsize=1)
def _codelist() -> dict[str, list[object]]:
    """countrycode's code list, read once per process.

    ``countrycode.countrycode`` reads its pickled code list again on every call (about
    35 ms), so the first look-up of each distinct state paid that; the list is read here
    once and handed back as ``custom_dict``. The conversion itself is countrycode's own
    (exact or regex matching on the same table), so the results are identical.
    """
    from countrycode.countrycode import prepare_codelist

    return cast(dict[str, list[object]], prepare_codelist(None))


@lru_cache(maxsize=4096)
def _cc(value: str | int, origin: str, destination: str) -> str | int | None:
    from countrycode import countrycode as _countrycode

    out = _countrycode([value], origin=origin, destination=destination, custom_dict=_codelist())[0]
    if out is None or (isinstance(out, float) and out != out):
        return None
    return cast(str | int, out)


def ccode_to_name(ccode: int) -> str:
    """English name of COW state ``ccode``.

    Raises
    ------
    UnknownStateError
        If neither ``countrycode`` nor the historical table knows the code.

    Examples
    --------
    >>> ccode_to_name(200), ccode_to_name(817)
    ('United Kingdom', 'Republic of Vietnam')
    """
    code = _check_code(ccode)
    if code in _HISTORICAL:
        return _HISTORICAL[code].name
    name = _cc(code, "cown", "country.name.en")
    if name is None:
        raise UnknownStateError(f"unknown COW state code {code}; see `alliancelab states`")
    return str(name)


# English names for years in which a COW code's state was known by another name than the
# one COW gives the whole spell (COW calls 345 "Yugoslavia" and 365 "Russia" throughout).
_NAME_BY_YEAR: dict[int, tuple[tuple[int, int, str], ...]] = {
    255: ((1816, 1870, "Prussia"),),
    345: (
        (1816, 1917, "Serbia"),
        (1918, 1991, "Yugoslavia"),
        (1992, 2005, "Serbia and Montenegro"),
        (2006, 9999, "Serbia"),
    ),
    365: ((1922, 1991, "Soviet Union"),),
}


#: Day-level name changes (ISO dates, inclusive) for :func:`display_name` on a date:
#: Prussia became the German Empire on 1871-01-18; the Kingdom of Serbs, Croats and
#: Slovenes (Yugoslavia) was proclaimed 1918-12-01; the Federal Republic of Yugoslavia
#: (here "Serbia and Montenegro", as in the yearly table) 1992-04-27; Montenegro's
#: independence left Serbia on 2006-06-05; the USSR existed 1922-12-30 to 1991-12-25.
_NAME_BY_DATE: dict[int, tuple[tuple[str, str, str], ...]] = {
    255: (("1816-01-01", "1871-01-17", "Prussia"),),
    345: (
        ("1816-01-01", "1918-11-30", "Serbia"),
        ("1918-12-01", "1992-04-26", "Yugoslavia"),
        ("1992-04-27", "2006-06-04", "Serbia and Montenegro"),
        ("2006-06-05", "9999-12-31", "Serbia"),
    ),
    365: (("1922-12-30", "1991-12-25", "Soviet Union"),),
}

#: Day-level dates of the COW states2016 spells around unifications and breakups, keyed by
#: (ccode, start year) -> (first day, last day or None while in the system). Used to place
#: a date in a years-only spell table (the reference states) so that one state holds each
#: date: Germany 1945/1990, the two German states, the Yemens, Czechoslovakia and its
#: successors, Yugoslavia/Serbia and Montenegro, Austria-Hungary and its successors.
STATE_SPELL_DAYS: dict[tuple[int, int], tuple[str, str | None]] = {
    (255, 1816): ("1816-01-01", "1945-05-08"),
    (255, 1990): ("1990-10-03", None),
    (260, 1955): ("1955-05-05", "1990-10-02"),
    (265, 1954): ("1954-03-25", "1990-10-02"),
    (300, 1816): ("1816-01-01", "1918-11-12"),
    (305, 1919): ("1919-09-10", "1938-03-13"),
    (305, 1955): ("1955-07-27", None),
    (310, 1918): ("1918-11-16", None),
    (315, 1918): ("1918-10-28", "1939-03-15"),
    (315, 1945): ("1945-05-10", "1992-12-31"),
    (316, 1993): ("1993-01-01", None),
    (317, 1993): ("1993-01-01", None),
    (341, 2006): ("2006-06-12", None),
    (345, 1878): ("1878-07-13", "1941-04-20"),
    (345, 1944): ("1944-10-20", None),
    (678, 1926): ("1926-09-02", "1990-05-21"),
    (679, 1990): ("1990-05-22", None),
    (680, 1967): ("1967-11-30", "1990-05-21"),
}


def display_name(ccode: int, year: object, default: str | None = None) -> str:
    """The name a state went by in ``year`` (falls back to ``default`` or its COW name).

    ``year`` is a year or a date (``datetime.date`` or ``"YYYY-MM-DD"``); on a date the
    day-level changes apply (the USSR is "Soviet Union" to 25 December 1991).

    Examples
    --------
    >>> display_name(345, 2024), display_name(345, 1950), display_name(365, 1960)
    ('Serbia', 'Yugoslavia', 'Soviet Union')
    >>> display_name(200, 1914, "United Kingdom")
    'United Kingdom'
    >>> display_name(365, "1991-12-25"), display_name(365, "1991-12-26", "Russia")
    ('Soviet Union', 'Russia')
    """
    code = _check_code(ccode)
    if not isinstance(year, numbers.Integral):
        day = str(year)[:10]
        if code in _NAME_BY_DATE:
            for lo_d, hi_d, name in _NAME_BY_DATE[code]:
                if lo_d <= day <= hi_d:
                    return name
            return default if default is not None else ccode_to_name(code)
        year = int(day[:4])
    for lo, hi, name in _NAME_BY_YEAR.get(code, ()):
        if lo <= int(cast(int, year)) <= hi:
            return name
    return default if default is not None else ccode_to_name(code)


#: COW-style abbreviations of the names :func:`display_name` gives where they differ from
#: the COW name (COW State System Membership v2016 has one ``stateabb`` per code).
_ABBREV_OF_NAME = {"Serbia": "SER", "Serbia and Montenegro": "SCG", "Prussia": "PRU",
                   "Soviet Union": "USSR"}  # fmt: skip


def abbreviation(ccode: int, when: object, stateabb: str, name: str) -> str:
    """The abbreviation of a state by the name it had at ``when`` (a year or a date).

    ``stateabb`` and ``name`` are its COW abbreviation and name (COW v2016), kept when
    :func:`display_name` gives the same name at ``when``.

    >>> abbreviation(345, 1914, "YUG", "Yugoslavia"), abbreviation(365, 1960, "RUS", "Russia")
    ('SER', 'USSR')
    """
    today = display_name(ccode, when, name)
    return _ABBREV_OF_NAME.get(today, stateabb) if today != name else stateabb


def ccode_to_iso3(ccode: int, year: int | None = None) -> str | None:
    """ISO 3166 alpha-3 code of COW state ``ccode`` (``None`` where none exists).

    ``year`` picks the code in force for states whose code changed (365 is SUN in
    1922-1991, 345 is YUG to 1991, SCG 1992-2005 and SRB from 2006).

    Examples
    --------
    >>> ccode_to_iso3(255), ccode_to_iso3(265), ccode_to_iso3(300)
    ('DEU', 'DDR', None)
    """
    code = _check_code(ccode)
    if year is not None:
        for lo, hi, iso_then in _ISO3_BY_YEAR.get(code, ()):
            if lo <= year <= hi:
                return iso_then
    if code in _HISTORICAL:
        return _HISTORICAL[code].iso3
    iso = _cc(code, "cown", "iso3c")
    if iso is None:
        ccode_to_name(code)  # raises UnknownStateError for an unknown code
        return None
    return str(iso)


def ccode_to_gw(ccode: int, year: int | None = None) -> int | None:
    """Gleditsch-Ward code of COW state ``ccode`` (``year`` resolves codes that changed).

    Examples
    --------
    >>> ccode_to_gw(255, year=1900), ccode_to_gw(255, year=2000), ccode_to_gw(679, year=2000)
    (255, 260, 678)
    """
    code = _check_code(ccode)
    if year is not None:
        for lo, hi, gw_then in _GW_BY_YEAR.get(code, ()):
            if lo <= year <= hi:
                return gw_then
    if code in _HISTORICAL:
        return _HISTORICAL[code].gwcode
    gw = _cc(code, "cown", "gwn")
    if gw is None:
        ccode_to_name(code)
        return None
    return int(gw)


def iso3_to_ccode(iso3: str, year: int | None = None) -> int:
    """COW code for an ISO 3166 alpha-3 code (``DEU`` is 260 in 1955-1989 with ``year``).

    Examples
    --------
    >>> iso3_to_ccode("deu"), iso3_to_ccode("DEU", year=1970), iso3_to_ccode("SUN")
    (255, 260, 365)
    >>> iso3_to_ccode("YEM"), iso3_to_ccode("YEM", year=1980)
    (679, 678)
    """
    key = str(iso3).strip().upper()
    if key == "DEU" and year is not None and 1955 <= year <= 1989:
        return 260
    if key == "YEM" and year is not None and year < 1990:
        return 678
    for code, hist in _HISTORICAL.items():
        if hist.iso3 == key and code not in (260, 678):
            return code
    for code, spans in _ISO3_BY_YEAR.items():
        if any(iso == key for _, _, iso in spans):
            return code
    out = _cc(key, "iso3c", "cown")
    if out is None:
        raise UnknownStateError(f"unknown ISO3 code {iso3!r}")
    return int(out)


def gw_to_ccode(gwcode: int, year: int | None = None) -> int:
    """COW code for a Gleditsch-Ward code (GW 260 is COW 255 after 1990, 260 before).

    Examples
    --------
    >>> gw_to_ccode(260, year=2000), gw_to_ccode(340), gw_to_ccode(678, year=2000)
    (255, 345, 679)
    """
    code = _check_code(gwcode)
    if code == 260:
        return 260 if year is not None and year < 1990 else 255
    if code == 340:
        return 345
    if code == 678 and year is not None and year >= 1990:
        return 679
    for ccode, hist in _HISTORICAL.items():
        if hist.gwcode == code and ccode not in (255, 260):
            return ccode
    out = _cc(code, "gwn", "cown")
    if out is None:
        raise UnknownStateError(f"unknown Gleditsch-Ward code {gwcode!r}")
    return int(out)


def name_to_ccode(name: str) -> int:
    """COW code for an English country name (regex matching from ``countrycode``).

    Examples
    --------
    >>> name_to_ccode("United Kingdom"), name_to_ccode("Austria-Hungary")
    (200, 300)
    """
    key = str(name).strip()
    for code, hist in _HISTORICAL.items():
        if hist.name.lower() == key.lower():
            return code
    out = _cc(key, "country.name", "cown")
    if out is None:
        raise UnknownStateError(f"unknown state name {name!r}")
    return int(out)


_CONVERTERS = {"cow", "iso3", "gw", "name"}


def convert(value: int | str, origin: str, destination: str, year: int | None = None) -> object:
    """Convert one identifier between ``cow``, ``iso3``, ``gw`` and ``name`` (via COW).

    Examples
    --------
    >>> convert("RUS", "iso3", "gw"), convert(2, "cow", "name")
    (365, 'United States')
    """
    if origin not in _CONVERTERS or destination not in _CONVERTERS:
        raise ValueError(f"origin and destination must be among {sorted(_CONVERTERS)}")
    if origin == "cow":
        ccode = _check_code(value)
    elif origin == "iso3":
        ccode = iso3_to_ccode(str(value), year)
    elif origin == "gw":
        ccode = gw_to_ccode(int(value), year)
    else:
        ccode = name_to_ccode(str(value))
    if destination == "cow":
        return ccode
    if destination == "iso3":
        return ccode_to_iso3(ccode, year)
    if destination == "gw":
        return ccode_to_gw(ccode, year)
    return ccode_to_name(ccode)


def region_of(ccode: int) -> str:
    """The COW region of ``ccode``: americas, europe, africa, middle_east, asia or oceania.

    Examples
    --------
    >>> [region_of(c) for c in (2, 200, 475, 630, 710, 900)]
    ['americas', 'europe', 'africa', 'middle_east', 'asia', 'oceania']
    """
    code = _check_code(ccode)
    for name in ("americas", "europe", "africa", "middle_east", "oceania", "asia"):
        if any(lo <= code <= hi for lo, hi in REGIONS[name]):
            return name
    raise UnknownStateError(f"COW state code {code} lies in no COW region (2-999)")


@dataclass(frozen=True)
class Region:
    """A named set of states: a COW region (by code ranges) or a user list of ccodes."""

    name: str
    ranges: tuple[tuple[int, int], ...] = ()
    ccodes: frozenset[int] = frozenset()

    def contains(self, ccode: int) -> bool:
        """Whether ``ccode`` belongs to the region."""
        return ccode in self.ccodes or any(lo <= ccode <= hi for lo, hi in self.ranges)

    def select(self, ccodes: Iterable[int]) -> list[int]:
        """The members of ``ccodes`` that belong to the region, in order."""
        return [c for c in ccodes if self.contains(c)]


def resolve_region(region: str | Sequence[int] | Region, name: str | None = None) -> Region:
    """Turn a region name or a list of ccodes into a :class:`Region`.

    Parameters
    ----------
    region : str, sequence of int or Region
        A COW region name (``americas``, ``europe``, ``africa``, ``middle_east``, ``asia``,
        ``oceania``; ``-`` and ``_`` interchangeable), ``world`` (the whole system: every
        COW code, as ``region=None`` in a snapshot), a comma-separated string of ccodes
        (``"2,200,220"``) or a sequence of ccodes.
    name : str, optional
        Label of a user-defined region (default ``"custom"``).

    Raises
    ------
    UnknownRegionError
        For an unknown name or an empty list.
    UnknownStateError
        For a list naming a code that is not a COW state code.

    Examples
    --------
    >>> resolve_region("middle-east").name
    'middle_east'
    >>> resolve_region("world").contains(2), resolve_region("World").contains(990)
    (True, True)
    >>> resolve_region([2, 200], name="anglo").contains(200)
    True
    >>> resolve_region("2,²")
    Traceback (most recent call last):
    ...
    alliancelab.errors.UnknownRegionError: region '2,²': '²' is not a COW code (codes are \
ASCII digits 0-9); use one of world, americas, europe, africa, middle_east, asia, oceania \
or a comma-separated list of COW codes
    """
    if isinstance(region, Region):
        return region
    if isinstance(region, str):
        key = region.strip().lower().replace("-", "_").replace(" ", "_")
        if key in REGIONS:
            return Region(key, ranges=REGIONS[key])
        parts = [p.strip() for p in region.split(",") if p.strip()]
        if parts and all(_is_code_token(p) for p in parts):
            return resolve_region([int(p) for p in parts], name=name)
        bad = [p for p in parts if not _is_code_token(p)]
        if len(parts) > 1 or any(ch.isdigit() or ch.isnumeric() for ch in region):
            raise UnknownRegionError(
                f"region {region!r}: {bad[0]!r} is not a COW code (codes are ASCII digits "
                f"0-9); use one of {', '.join(REGIONS)} or a comma-separated list of COW codes"
            )
        raise UnknownRegionError(
            f"unknown region {region!r}; use one of {', '.join(REGIONS)} "
            "or a comma-separated list of COW codes"
        )
    codes = [_check_code(c) for c in region]
    if not codes:
        raise UnknownRegionError("a user-defined region needs at least one COW state code")
    for c in codes:
        ccode_to_name(c)  # raises UnknownStateError for a code COW does not know
    return Region(name or "custom", ccodes=frozenset(codes))


def resolve_state(value: object) -> int:
    """A COW code from a code, an ISO3 code (``"SWE"``) or an English name (``"Sweden"``).

    Codes are COW state codes (COW State System Membership v2016); names and ISO3 codes are
    looked up with :func:`name_to_ccode` and :func:`iso3_to_ccode`. A positive integer is
    returned as given: whether that state exists in a year is checked by its user (the
    snapshot or the state system).

    Raises
    ------
    UnknownStateError
        For a code or name COW does not know.

    Examples
    --------
    >>> resolve_state("Sweden"), resolve_state("FIN"), resolve_state(2), resolve_state("740")
    (380, 375, 2, 740)
    """
    if isinstance(value, bool):
        raise UnknownStateError(f"a state must be a COW code, ISO3 code or name, got {value!r}")
    if isinstance(value, numbers.Integral):  # int and numpy integers
        code = int(value)
        if code < 1:
            raise UnknownStateError(f"state codes are positive integers, got {code}")
        return code
    if isinstance(value, str):
        v = value.strip()
        if _is_code_token(v):
            return resolve_state(int(v))
        if any(ch.isdigit() or ch.isnumeric() for ch in v):
            raise UnknownStateError(
                f"{value!r} is not a COW code, ISO3 code or name (codes are ASCII digits 0-9)"
            )
        if len(v) == 3 and v.isalpha() and v.isupper():
            return iso3_to_ccode(v)
        if not v:
            raise UnknownStateError("empty state name")
        return name_to_ccode(v)
    raise UnknownStateError(f"a state must be a COW code, ISO3 code or name, got {value!r}")
