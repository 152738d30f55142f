"""State identifiers: COW <-> ISO3 <-> GW <-> names, historical states, regions."""

from __future__ import annotations

import pandas as pd
import pytest

from alliancelab import codes
from alliancelab.errors import UnknownRegionError, UnknownStateError
from alliancelab.reference import load_states

# Historical states the countrycode tables lack or merge, with what COW v2016 and
# Gleditsch & Ward (1999) say about them.
HISTORICAL = [
    # ccode, name, iso3 (year-specific where given), gw
    (255, "Germany", "DEU", 260),
    (260, "German Federal Republic", "DEU", 260),
    (265, "German Democratic Republic", "DDR", 265),
    (300, "Austria-Hungary", None, 300),
    (315, "Czechoslovakia", "CSK", 315),
    (345, "Yugoslavia", "YUG", 345),
    (365, "Russia", "RUS", 365),
    (817, "Republic of Vietnam", None, 817),
]


@pytest.mark.parametrize(("ccode", "name", "iso3", "gw"), HISTORICAL)
def test_historical_states(ccode: int, name: str, iso3: str | None, gw: int) -> None:
    assert codes.ccode_to_name(ccode) == name
    assert codes.ccode_to_iso3(ccode) == iso3
    assert codes.ccode_to_gw(ccode) == gw


def test_year_specific_codes() -> None:
    assert codes.ccode_to_iso3(365, year=1950) == "SUN"
    assert codes.ccode_to_iso3(365, year=1850) == "RUS"
    assert codes.ccode_to_iso3(345, year=2000) == "SCG"
    assert codes.ccode_to_iso3(345, year=2010) == "SRB"
    assert codes.ccode_to_gw(255, year=1914) == 255
    assert codes.gw_to_ccode(260, year=1970) == 260
    assert codes.gw_to_ccode(260, year=1995) == 255
    assert codes.iso3_to_ccode("DEU", year=1970) == 260
    assert codes.iso3_to_ccode("DDR") == 265
    assert codes.iso3_to_ccode("CSK") == 315


@pytest.mark.parametrize("ccode", [2, 20, 200, 220, 325, 640, 710, 740, 750, 900])
def test_round_trips_for_present_day_states(ccode: int) -> None:
    iso = codes.ccode_to_iso3(ccode)
    assert iso is not None
    assert codes.iso3_to_ccode(iso) == ccode
    assert codes.convert(codes.convert(ccode, "cow", "gw"), "gw", "cow", year=2020) == ccode
    assert codes.name_to_ccode(codes.ccode_to_name(ccode)) == ccode


def test_every_reference_state_has_a_name_and_the_iso3_codes_agree() -> None:
    st = load_states().drop_duplicates("ccode")
    for c, iso in zip(st["ccode"], st["iso3"], strict=True):
        assert codes.ccode_to_name(int(c))
        if isinstance(iso, str) and int(c) not in (345, 365):
            assert codes.ccode_to_iso3(int(c)) == iso, c


def test_unknown_codes_raise() -> None:
    with pytest.raises(UnknownStateError):
        codes.ccode_to_name(1234)
    with pytest.raises(UnknownStateError):
        codes.iso3_to_ccode("QQQ")
    with pytest.raises(UnknownStateError):
        codes.ccode_to_name("abc")  # type: ignore[arg-type]


def test_regions() -> None:
    assert [codes.region_of(c) for c in (2, 165, 200, 399, 400, 599, 600, 699, 700, 999)] == [
        "americas",
        "americas",
        "europe",
        "europe",
        "africa",
        "africa",
        "middle_east",
        "middle_east",
        "asia",
        "oceania",
    ]
    asia = codes.resolve_region("asia")
    assert asia.contains(740) and asia.contains(900) and not asia.contains(365)
    assert not codes.resolve_region("oceania").contains(740)
    custom = codes.resolve_region("2, 200,220")
    assert custom.select([2, 20, 200, 220, 255]) == [2, 200, 220]
    assert codes.resolve_region([365, 710], name="eurasia").name == "eurasia"


def test_bad_regions() -> None:
    with pytest.raises(UnknownRegionError, match="europe"):
        codes.resolve_region("atlantis")
    with pytest.raises(UnknownRegionError):
        codes.resolve_region([])
    with pytest.raises(UnknownStateError, match="1234"):
        codes.resolve_region("2,1234")


def test_reference_regions_follow_the_code_ranges() -> None:
    st = load_states()
    assert (st["region"] == st["ccode"].map(lambda c: codes.region_of(int(c)))).all()
    assert isinstance(st, pd.DataFrame)


@pytest.mark.parametrize("token", ["²", "٢", "２", "2,²", "200,٢٢٠"])
def test_region_codes_are_ascii_digits_only(token: str) -> None:
    with pytest.raises(UnknownRegionError, match="is not a COW code") as info:
        codes.resolve_region(token)
    bad = next(t for t in token.split(",") if not t.isascii())
    assert repr(bad) in str(info.value)


@pytest.mark.parametrize("token", ["٢", "²", "٣٠٠"])
def test_state_codes_are_ascii_digits_only(token: str) -> None:
    with pytest.raises(UnknownStateError, match="ASCII digits"):
        codes.resolve_state(token)
    with pytest.raises(UnknownStateError):
        codes.resolve_region([token])  # type: ignore[list-item]
    assert codes.resolve_state("200") == 200 and codes.resolve_region(["200"]).contains(200)  # type: ignore[list-item]


def test_countrycode_list_is_read_once(monkeypatch: pytest.MonkeyPatch) -> None:
    import sys
    from pathlib import PurePath

    import countrycode  # noqa: F401  (its package binds the function over the submodule)

    from alliancelab import codes

    ccmod = sys.modules["countrycode.countrycode"]

    reads: list[object] = []
    real = ccmod.prepare_codelist

    def counting(custom_dict: object = None, *args: object, **kwargs: object) -> object:
        if isinstance(custom_dict, str | PurePath):  # a read of the pickled list
            reads.append(custom_dict)
        return real(custom_dict, *args, **kwargs)

    monkeypatch.setattr(ccmod, "prepare_codelist", counting)
    codes._codelist.cache_clear()
    codes._cc.cache_clear()
    try:
        names = [codes.ccode_to_name(c) for c in (2, 20, 200, 220, 710, 750, 900)]
        isos = [codes.ccode_to_iso3(c) for c in (2, 20, 200, 220, 710, 750, 900)]
        assert codes.name_to_ccode("France") == 220
    finally:
        codes._codelist.cache_clear()
        codes._cc.cache_clear()
    assert len(reads) == 1
    assert names[:3] == ["United States", "Canada", "United Kingdom"]
    assert isos[:3] == ["USA", "CAN", "GBR"]


@pytest.mark.parametrize(
    ("value", "origin", "destination"),
    [
        (2, "cown", "country.name.en"),
        (710, "cown", "iso3c"),
        (750, "cown", "gwn"),
        (999, "cown", "iso3c"),
        ("FRA", "iso3c", "cown"),
        ("ZZZ", "iso3c", "cown"),
        (816, "gwn", "cown"),
        ("Ivory Coast", "country.name", "cown"),
        ("Burma", "country.name", "cown"),
        ("Nowhere", "country.name", "cown"),
    ],
)
def test_cached_code_list_converts_like_countrycode(
    value: str | int, origin: str, destination: str
) -> None:
    from countrycode import countrycode

    from alliancelab import codes

    want = countrycode([value], origin=origin, destination=destination)[0]
    if isinstance(want, float) and want != want:
        want = None
    assert codes._cc(value, origin, destination) == want
