"""Cross-checks of the shipped states, capabilities and rivalries tables.

Schema tests need only the repository. The others compare the shipped tables with the
official files (COW states2016 / system2016, NMC v7.0, SIPRI 2025 release) through the
``shared_data`` fixture; the rivalries against Thompson & Dreyer and the
Thompson-Sakuwa-Suhas update are in ``test_reference_rivalries.py``.

Every deliberate difference from an official file is listed below with its reason; any
other disagreement fails.
"""

from __future__ import annotations

import itertools
import math
import warnings
from pathlib import Path

import pandas as pd
import pytest

REF = Path(__file__).resolve().parents[2] / "src/alliancelab/reference"

BENCHMARKS_PUBLISHED = (1816, 1850, 1880, 1900, 1913, 1938, 1950, 1962, 1975, 1989, 2000, 2010)
BENCHMARKS_PUBLISHED += (2016,)
#: NMC v7.0 rows of the great powers alone (tests/reference/test_reference_capabilities.py)
GREAT_POWER_YEARS = (1920, 1925, 1930, 1935, 1946, 1955, 1991, 1995)
PROXY_YEAR = 2024
NMC_BASE_YEAR = 2022
COMPONENTS = ("milex", "milper", "irst", "pec", "tpop", "upop")

REGIONS = (
    (2, 165, "americas"),
    (200, 399, "europe"),
    (400, 599, "africa"),
    (600, 699, "middle_east"),
    (700, 899, "asia"),
    (900, 999, "oceania"),
)

# --- deliberate differences, with reasons ------------------------------------------------

# ccode -> (COW statenme, our name, reason)
NAME_DIFFERENCES: dict[int, tuple[str, str, str]] = {
    58: ("Antigua & Barbuda", "Antigua and Barbuda", "'and' as in every other COW name"),
    271: ("Wuerttemburg", "Wuerttemberg", "COW misspelling of Württemberg"),
    280: ("Mecklenburg Schwerin", "Mecklenburg-Schwerin", "hyphenated English form"),
}

# (ccode, start_year) -> (our iso3, reason); everything else equals countrycode cown->iso3c.
ISO3_DIFFERENCES: dict[tuple[int, int], tuple[str, str]] = {
    (260, 1955): ("DEU", "ISO 3166 DE/DEU was West Germany's code; countrycode has none"),
    (265, 1954): ("DDR", "ISO 3166-3 code of East Germany"),
    (315, 1918): ("CSK", "ISO 3166-3 code of Czechoslovakia"),
    (315, 1945): ("CSK", "ISO 3166-3 code of Czechoslovakia"),
    (327, 1816): ("", "Papal States are not Vatican City (countrycode says VAT)"),
    (345, 1878): ("YUG", "Serbia/Yugoslavia 1878-1941; ISO 3166-3 Yugoslavia"),
    (345, 1944): ("SRB", "spell continues as Serbia in 2024"),
    (678, 1926): ("YEM", "Yemen Arab Republic held YEM before unification"),
    (680, 1967): ("YMD", "ISO 3166-3 code of South Yemen"),
}

# SIPRI names the test maps by hand (countrycode misses or must be pinned).
SIPRI_NAMES: dict[str, int | None] = {
    "Serbia": 345,
    "Kosovo": 347,
    "Korea, South": 732,
    "Korea, North": 731,
    "Türkiye": 640,
    "Czechia": 316,
    "Russia": 365,
    "USSR": 365,
    "Yemen, North": 678,
    "Yemen": 679,
    "Viet Nam": 816,
    "European Union": None,
}
# SIPRI 2024 figures deliberately not used: ccode -> reason.
SIPRI_2024_NOT_USED: dict[int, str] = {
    101: "Venezuela 2024 current-US$ cell is 0.0 with no constant-US$ value: conversion artefact",
}


# --- helpers -----------------------------------------------------------------------------


def _read(name: str) -> pd.DataFrame:
    return pd.read_csv(REF / name, dtype=str, keep_default_na=False)


def _num(value: str) -> float | None:
    return None if value == "" else float(value)


def _same(ours: str, official: float) -> bool:
    if pd.isna(official):
        return ours == ""
    return ours != "" and float(ours) == float(official)


def _region(ccode: int) -> str | None:
    return next((name for lo, hi, name in REGIONS if lo <= ccode <= hi), None)


def _countrycode(values: list, origin: str, destination: str) -> list:
    from countrycode import countrycode

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return list(countrycode(values, origin=origin, destination=destination))


@pytest.fixture(scope="module")
def states() -> pd.DataFrame:
    return _read("states.csv")


@pytest.fixture(scope="module")
def caps() -> pd.DataFrame:
    return _read("capabilities.csv")


@pytest.fixture(scope="module")
def rivals() -> pd.DataFrame:
    return _read("rivalries.csv")


@pytest.fixture(scope="module")
def nmc(shared_data: Path) -> pd.DataFrame:
    return pd.read_csv(shared_data / "cow_nmc" / "cow_nmc.csv.gz")


# --- schema ------------------------------------------------------------------------------


def test_states_schema(states: pd.DataFrame) -> None:
    assert list(states.columns) == [
        "ccode",
        "stateabb",
        "name",
        "iso3",
        "region",
        "start_year",
        "end_year",
        "start_date",
        "end_date",
        "source",
    ]
    assert (states["source"].str.strip() != "").all()
    assert (states["name"].str.strip() != "").all()
    assert not states.duplicated(["ccode", "start_year"]).any()
    for r in states.itertuples(index=False):
        assert r.region == _region(int(r.ccode)), r
        assert 1815 <= int(r.start_year) <= 2024, r
        if r.end_year:
            assert int(r.start_year) <= int(r.end_year) <= 2024, r
        assert r.iso3 == "" or (len(r.iso3) == 3 and r.iso3.isalpha() and r.iso3.isupper()), r
    # one stateabb per ccode, spells of a state do not overlap
    assert (states.groupby("ccode")["stateabb"].nunique() == 1).all()
    for _, g in states.groupby("ccode"):
        ends = [int(e) if e else 9999 for e in g["end_year"]]
        starts = [int(s) for s in g["start_year"]]
        order = sorted(zip(starts, ends, strict=True))
        for (_, e1), (s2, _) in itertools.pairwise(order):
            assert e1 <= s2


def test_capabilities_schema(caps: pd.DataFrame, states: pd.DataFrame) -> None:
    assert list(caps.columns) == [
        "ccode",
        "year",
        "milex",
        "milex_unit",
        "milper",
        "tpop",
        "cinc",
        "cinc_kind",
        "source",
    ]
    assert (caps["source"].str.strip() != "").all()
    assert not caps.duplicated(["ccode", "year"]).any()
    assert set(caps["ccode"]) <= set(states["ccode"])
    years = caps["year"].astype(int)
    assert years.between(1815, 2024).all()
    assert set(years) == {*BENCHMARKS_PUBLISHED, *GREAT_POWER_YEARS, PROXY_YEAR}
    cinc = caps["cinc"].map(_num)
    assert cinc.notna().all()
    assert cinc.between(0, 1).all()
    for col in ("milex", "milper", "tpop"):
        vals = caps[col].map(_num).dropna()
        assert (vals >= 0).all(), col
    expected_unit = years.map(lambda y: "thousand_gbp" if y <= 1913 else "thousand_usd")
    assert (caps["milex_unit"] == expected_unit).all()
    expected_kind = years.map(lambda y: "proxy" if y == PROXY_YEAR else "published")
    assert (caps["cinc_kind"] == expected_kind).all()
    # sorted by year, ccode
    keys = list(zip(years, caps["ccode"].astype(int), strict=True))
    assert keys == sorted(keys)


def test_rivalries_schema(rivals: pd.DataFrame, states: pd.DataFrame) -> None:
    assert list(rivals.columns) == [
        "rivalry_id",
        "name",
        "ccode1",
        "ccode2",
        "start_year",
        "end_year",
        "type",
        "source",
    ]
    assert (rivals["source"].str.strip() != "").all()
    assert not rivals["rivalry_id"].duplicated().any()
    cow = set(states["ccode"].astype(int))
    allowed = {"spatial", "positional", "ideological", "interventionary"}
    for r in rivals.itertuples(index=False):
        c1, c2 = int(r.ccode1), int(r.ccode2)
        assert c1 < c2 and c1 in cow and c2 in cow, r
        # T&D start years go back to 1494; the span must overlap 1816-2024
        assert int(r.start_year) <= 2024, r
        if r.end_year:
            assert 1816 <= int(r.end_year) <= 2024 and int(r.start_year) <= int(r.end_year), r
        parts = r.type.split("+")
        assert parts and set(parts) <= allowed and len(set(parts)) == len(parts), r


# --- states vs COW states2016 --------------------------------------------------------------


def test_states_match_states2016(states: pd.DataFrame, shared_data: Path) -> None:
    cow = pd.read_csv(shared_data / "cow_states" / "cow_states.csv.gz")
    ours = {(int(r.ccode), int(r.start_year)): r for r in states.itertuples(index=False)}
    theirs = {(int(r.ccode), int(r.styear)): r for r in cow.itertuples(index=False)}
    assert set(ours) == set(theirs)
    for key, c in theirs.items():
        o = ours[key]
        ongoing = (int(c.endyear), int(c.endmonth), int(c.endday)) == (2016, 12, 31)
        assert o.end_year == ("" if ongoing else str(int(c.endyear))), key
        start = f"{int(c.styear):04d}-{int(c.stmonth):02d}-{int(c.stday):02d}"
        end = f"{int(c.endyear):04d}-{int(c.endmonth):02d}-{int(c.endday):02d}"
        assert (o.start_date, o.end_date) == (start, "" if ongoing else end), key
        assert o.stateabb == c.stateabb, key
        if key[0] in NAME_DIFFERENCES:
            cow_name, our_name, _reason = NAME_DIFFERENCES[key[0]]
            assert (c.statenme, o.name) == (cow_name, our_name), key
        else:
            assert o.name == c.statenme, key
        extended = "extended to 2024" in o.source
        assert extended == ongoing, key


def test_states_iso3_matches_countrycode(states: pd.DataFrame) -> None:
    ccodes = sorted({int(c) for c in states["ccode"]})
    auto = dict(zip(ccodes, _countrycode(ccodes, "cown", "iso3c"), strict=True))
    for r in states.itertuples(index=False):
        key = (int(r.ccode), int(r.start_year))
        if key in ISO3_DIFFERENCES:
            assert r.iso3 == ISO3_DIFFERENCES[key][0], key
        else:
            expected = auto[key[0]] if isinstance(auto[key[0]], str) else ""
            assert r.iso3 == expected, key


def test_states_majors2024_are_members(states: pd.DataFrame, shared_data: Path) -> None:
    """COW's 2024 major-power list must fall inside our membership spells."""
    majors = pd.read_csv(shared_data / "cow_states" / "majors2024.csv")
    for m in majors.itertuples(index=False):
        spells = states[states["ccode"].astype(int) == int(m.ccode)]
        ends = spells["end_year"].map(lambda e: int(e) if e else 2024)
        for year in (int(m.styear), int(m.endyear)):
            inside = (spells["start_year"].astype(int) <= year) & (ends >= year)
            assert inside.any(), (m.ccode, year)


# --- capabilities vs NMC v7.0 and SIPRI --------------------------------------------------------


def test_published_rows_equal_nmc(caps: pd.DataFrame, nmc: pd.DataFrame) -> None:
    pub = caps[caps["cinc_kind"] == "published"]
    great = pub["year"].astype(int).isin(GREAT_POWER_YEARS)
    assert (pub.loc[~great, "source"] == "COW NMC v7.0").all()
    assert pub.loc[great, "source"].str.startswith("COW NMC v7.0; great-power row").all()
    idx = nmc.set_index(["ccode", "year"])
    for r in pub.itertuples(index=False):
        key = (int(r.ccode), int(r.year))
        assert key in idx.index, key
        rec = idx.loc[key]
        for col in ("milex", "milper", "tpop"):
            assert _same(getattr(r, col), rec[col]), (key, col, getattr(r, col), rec[col])
        assert math.isclose(float(r.cinc), rec["cinc"], rel_tol=1e-9), key


def test_published_rows_cover_system(caps: pd.DataFrame, nmc: pd.DataFrame, shared_data: Path):
    system = pd.read_csv(shared_data / "cow_states" / "system2016.csv")
    for year in BENCHMARKS_PUBLISHED:
        members = set(system.loc[system["year"] == year, "ccode"])
        in_nmc = set(nmc.loc[nmc["year"] == year, "ccode"])
        ours = set(caps.loc[caps["year"] == str(year), "ccode"].astype(int))
        assert ours == members & in_nmc, year


def test_milex_units_known_values(caps: pd.DataFrame) -> None:
    """NMC: thousands of current GBP to 1913, thousands of current US$ from 1914."""
    uk = caps[caps["ccode"] == "200"].set_index("year")
    # UK defence spending in 1913 was of the order of GBP 70 million (army + navy estimates).
    assert uk.loc["1913", "milex_unit"] == "thousand_gbp"
    assert 50_000 <= float(uk.loc["1913", "milex"]) <= 100_000
    assert uk.loc["1938", "milex_unit"] == "thousand_usd"
    # USA 2024 (SIPRI): about US$ 1 trillion = 1e9 thousand US$.
    us = caps[(caps["ccode"] == "2") & (caps["year"] == "2024")].iloc[0]
    assert 0.9e9 <= float(us["milex"]) <= 1.1e9


def _sipri_2024(shared_data: Path) -> dict[int, float]:
    sipri = pd.read_csv(shared_data / "milex" / "sipri_milex_1949_2024_long.csv.gz")
    names = sorted(sipri["country"].unique())
    auto = _countrycode(names, "country.name", "cown")
    mapping = {}
    for name, code in zip(names, auto, strict=True):
        if name in SIPRI_NAMES:
            mapping[name] = SIPRI_NAMES[name]
        else:
            assert code is not None and not pd.isna(code), f"unmapped SIPRI name {name!r}"
            mapping[name] = int(code)
    cur = sipri[(sipri["year"] == PROXY_YEAR) & sipri["milex_current_usd_m"].notna()]
    out: dict[int, float] = {}
    for r in cur.itertuples(index=False):
        ccode = mapping[r.country]
        if ccode is not None:
            assert ccode not in out, r.country
            out[ccode] = float(r.milex_current_usd_m) * 1000.0  # US$ m -> thousand US$
    return out


def test_proxy_rows_against_sipri_and_nmc(
    caps: pd.DataFrame, states: pd.DataFrame, nmc: pd.DataFrame, shared_data: Path
) -> None:
    proxy = caps[caps["year"] == str(PROXY_YEAR)].copy()
    proxy["ccode"] = proxy["ccode"].astype(int)
    base = nmc[nmc["year"] == NMC_BASE_YEAR].set_index("ccode")
    ongoing = set(states.loc[states["end_year"] == "", "ccode"].astype(int))
    assert set(proxy["ccode"]) == ongoing & set(base.index)
    sipri = _sipri_2024(shared_data)
    assert set(sipri) <= ongoing
    for r in proxy.itertuples(index=False):
        rec = base.loc[r.ccode]
        assert _same(r.milper, rec["milper"]) and _same(r.tpop, rec["tpop"]), r.ccode
        from_sipri = r.source.startswith("SIPRI Milex 2025 release (2024")
        if r.ccode in sipri and r.ccode not in SIPRI_2024_NOT_USED:
            assert from_sipri, r.ccode
            want = sipri[r.ccode]
            assert math.isclose(float(r.milex), want, rel_tol=0.005, abs_tol=0.5), r.ccode
        else:
            assert not from_sipri, r.ccode
            assert _same(r.milex, rec["milex"]), r.ccode
            if r.milex:
                assert "NMC v7.0 2022 carried forward" in r.source, r.ccode
            else:
                assert "milex missing" in r.source, r.ccode
    for ccode in SIPRI_2024_NOT_USED:
        assert ccode in sipri, f"{ccode}: listed as not used but SIPRI has no 2024 value"


def test_proxy_cinc_formula_and_total(caps: pd.DataFrame, nmc: pd.DataFrame) -> None:
    proxy = caps[caps["year"] == str(PROXY_YEAR)].copy()
    proxy["ccode"] = proxy["ccode"].astype(int)
    total = proxy["cinc"].astype(float).sum()
    assert 0.97 <= total <= 1.03, total
    # recompute: mean of available component shares; milex from the table, the rest NMC 2022
    base = nmc[nmc["year"] == NMC_BASE_YEAR].set_index("ccode").loc[proxy["ccode"]]
    comp = base[list(COMPONENTS)].astype(float).copy()
    comp["milex"] = proxy.set_index("ccode")["milex"].map(_num).astype(float)
    shares = comp / comp.sum(axis=0, skipna=True)
    want = shares.mean(axis=1, skipna=True)
    got = proxy.set_index("ccode")["cinc"].astype(float)
    for ccode in got.index:
        assert math.isclose(got[ccode], want[ccode], rel_tol=1e-8), ccode
    # sanity: the published NMC convention is the same mean of available shares
    pub = nmc[nmc["year"] == NMC_BASE_YEAR].set_index("ccode")
    pshares = pub[list(COMPONENTS)] / pub[list(COMPONENTS)].sum(axis=0, skipna=True)
    assert ((pshares.mean(axis=1, skipna=True) - pub["cinc"]).abs() / pub["cinc"]).max() < 1e-6


# The rivalries against Thompson & Dreyer and TSS (2022): test_reference_rivalries.py.
