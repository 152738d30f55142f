"""Cross-checks of the shipped alliance tables (``alliances.csv``, ``alliance_members.csv``).

Schema and content tests need only the repository. The cross-checks compare the shipped
tables with the official files through the ``shared_data`` fixture:

* ATOP 5.1 member level (``atop/atop5_1m.csv``) and alliance level (``atop5_1a.csv``):
  member sets, entry and exit years, and the five obligation flags year by year (when
  two ATOP phases share a boundary year the later phase counts for that year);
* COW Formal Alliances v4.1 by member (``cow_alliance/formal alliances.csv``): member sets
  and start years, and - one way - every obligation COW codes must be in our flags
  (defense -> defense, neutrality -> neutrality, nonaggression -> nonaggression,
  entente -> consultation). COW folds lesser obligations into higher types, so a flag we
  carry from ATOP that COW lacks is not a disagreement;
* COW State System Membership v2016 (``cow_states/cow_states.csv.gz``): every member is a
  system member in each year of its spell (years before 1816 are outside the state system
  and not checked; spells ending in 2016, the last year of states2016, count as ongoing).

Every deliberate difference is listed below with its reason; any other disagreement fails,
and so does a listed difference that no longer occurs (a stale entry).
"""

from __future__ import annotations

from collections import defaultdict
from itertools import pairwise
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import alliancelab

REF = Path(alliancelab.__file__).resolve().parent / "reference"

ALLIANCE_COLUMNS = [
    "alliance",
    "name",
    "signed_year",
    "start_year",
    "end_year",
    "domain",
    "integrated_command",
    "foreign_bases",
    "joint_exercises",
    "intelligence_sharing",
    "atopid",
    "cow_id",
    "source",
]
MEMBER_COLUMNS = [
    "alliance",
    "ccode",
    "entry_year",
    "exit_year",
    "defense",
    "offense",
    "neutrality",
    "nonaggression",
    "consultation",
    "toward",
    "entry_date",
    "exit_date",
    "against",
    "source",
]
DEPTH = ["integrated_command", "foreign_bases", "joint_exercises", "intelligence_sharing"]
OBLIGATIONS = ["defense", "offense", "neutrality", "nonaggression", "consultation"]
ATOP_FLAGS = dict(
    zip(OBLIGATIONS, ["defense", "offense", "neutral", "nonagg", "consul"], strict=True)
)
COW_FLAGS = {
    "defense": "defense",
    "neutrality": "neutrality",
    "nonaggression": "nonaggression",
    "entente": "consultation",
}
DOMAINS = {"conventional", "nuclear", "cyber", "non_traditional"}
FIRST_YEAR, LAST_YEAR = 1815, 2024
ATOP_LAST, COW_LAST, STATES_LAST = 2018, 2012, 2016

_NATO_ACCESSION = "entry = year of accession (NATO's own dates); ATOP yrent = protocol signature"

# --- deliberate differences from ATOP 5.1, with reasons -----------------------------------
# (alliance, ccode) for one member, (alliance, None) for alliance-level years.
DELIBERATE: dict[tuple[str, int | None], str] = {
    ("nato", 350): f"Greece 1952; {_NATO_ACCESSION} 1951",
    ("nato", 640): f"Turkey 1952; {_NATO_ACCESSION} 1951",
    ("nato", 260): f"West Germany 1955; {_NATO_ACCESSION} 1954",
    ("nato", 230): f"Spain 1982; {_NATO_ACCESSION} 1981",
    ("nato", 290): f"Poland 1999; {_NATO_ACCESSION} 1997",
    ("nato", 310): f"Hungary 1999; {_NATO_ACCESSION} 1997",
    ("nato", 316): f"Czech Republic 1999; {_NATO_ACCESSION} 1997",
    ("nato", 317): f"Slovakia 2004; {_NATO_ACCESSION} 2003",
    ("nato", 349): f"Slovenia 2004; {_NATO_ACCESSION} 2003",
    ("nato", 355): f"Bulgaria 2004; {_NATO_ACCESSION} 2003",
    ("nato", 360): f"Romania 2004; {_NATO_ACCESSION} 2003",
    ("nato", 366): f"Estonia 2004; {_NATO_ACCESSION} 2003",
    ("nato", 367): f"Latvia 2004; {_NATO_ACCESSION} 2003",
    ("nato", 368): f"Lithuania 2004; {_NATO_ACCESSION} 2003",
    ("nato", 339): f"Albania 2009; {_NATO_ACCESSION} 2008",
    ("nato", 344): f"Croatia 2009; {_NATO_ACCESSION} 2008",
    ("nato", 341): f"Montenegro 2017; {_NATO_ACCESSION} 2016",
    ("anglo_japanese", None): "ends 1923, when the Four-Power Treaty entered into force and "
    "terminated the alliance; ATOP ends it at the treaty's signature in 1921",
    ("anglo_japanese", 200): "exit 1923 instead of ATOP's 1921 (see the alliance entry)",
    ("anglo_japanese", 740): "exit 1923 instead of ATOP's 1921 (see the alliance entry)",
    ("anzus", 920): "New Zealand kept as a party after 1986 with obligations toward Australia "
    "only (the US suspended its obligations to NZ; the treaty stays in force between "
    "Australia and NZ); ATOP ends NZ's membership in 1986",
}

# --- deliberate differences from COW v4.1, with reasons -----------------------------------
_COW_MISSING = "COW v4.1 omits this member, which ATOP 5.1 and the treaty record include"
_COW_OAS = (
    "COW v4.1 lists this OAS member as a Rio Treaty party, but it never ratified the treaty; "
    "we follow ATOP 5.1's list of parties"
)
DELIBERATE_COW: dict[tuple[str, int | None], str] = {
    **{
        ("quadruple_alliance_1815", c): "COW starts members in 1816, the first year of its "
        "state system; signed 20 Nov 1815"
        for c in (200, 255, 300, 365)
    },
    ("nato", 350): f"Greece: {_NATO_ACCESSION}; COW also 1951",
    ("nato", 640): f"Turkey: {_NATO_ACCESSION}; COW also 1951",
    ("nato", 260): f"West Germany: {_NATO_ACCESSION}; COW also 1954",
    ("nato", 230): f"Spain: {_NATO_ACCESSION}; COW also 1981",
    **{
        ("nato", c): "COW v4.1 omits the 2004 and 2009 enlargements (ATOP and NATO have them)"
        for c in (317, 339, 344, 349, 355, 360, 366, 367, 368)
    },
    ("brussels_treaty", 260): "COW dates West Germany's WEU entry 1955 (in force); we keep "
    "ATOP's 1954 (Paris Agreements signed 23 Oct 1954)",
    ("brussels_treaty", 255): "COW v4.1 omits unified Germany (1990), which ATOP includes",
    ("arab_league_defence", 522): _COW_MISSING + " (Djibouti 1977)",
    ("arab_league_defence", 581): _COW_MISSING + " (Comoros 1993)",
    ("arab_league_defence", 698): _COW_MISSING + " (Oman 1971)",
    ("arab_league_defence", 645): "COW dates Iraq 1952; ATOP 1951 (ratification year)",
    ("arab_league_defence", 616): "COW dates Tunisia 1953, before its 1956 independence; ATOP 1964",
    ("arab_league_defence", 696): "COW dates the UAE 1953, before its 1971 independence; ATOP 1971",
    ("rio_pact", 20): _COW_OAS,
    ("rio_pact", 51): _COW_OAS,
    ("rio_pact", 53): _COW_OAS,
    ("rio_pact", 54): _COW_OAS,
    ("rio_pact", 55): _COW_OAS,
    ("rio_pact", 56): _COW_OAS,
    ("rio_pact", 57): _COW_OAS,
    ("rio_pact", 58): _COW_OAS,
    ("rio_pact", 60): _COW_OAS,
    ("rio_pact", 80): _COW_OAS,
    ("rio_pact", 110): _COW_OAS,
    ("rio_pact", 115): _COW_OAS,
    ("rio_pact", 93): "COW dates Nicaragua 1947; ATOP 1948",
    ("rio_pact", 130): "COW dates Ecuador 1947; ATOP 1949",
    ("cento", 2): "COW v4.1 counts the US (Military Committee member from 1958); the US was "
    "an associate, not a party; ATOP 5.1 excludes it",
    ("csto", 370): "COW dates Belarus 1992; ATOP 1994 (accession Dec 1993)",
    ("csto", 372): "COW dates Georgia 1992; ATOP 1993 (accession Dec 1993)",
    ("csto", 373): "COW dates Azerbaijan 1992; ATOP 1993 (accession Sep 1993)",
}

# --- members outside the COW state system in some year of their spell, with reasons ------
STATE_SYSTEM_EXCEPTIONS: dict[tuple[str, int], str] = {
    ("arab_league_defence", 652): "Syria was part of the United Arab Republic (Feb 1958 - "
    "Sep 1961), outside the COW system 1959-1960; ATOP 5.1 keeps its membership continuous "
    "and so do we",
    ("us_japan_1951", 740): "treaty signed Sep 1951 (ATOP year); Japan re-enters the COW "
    "system on 28 Apr 1952, the day the treaty came into force",
    ("brussels_treaty", 260): "ATOP dates the FRG's accession to the Paris Agreements of Oct "
    "1954; the FRG enters the COW system on 5 May 1955",
    ("serbia_montenegro_1912", 341): "ATOP 5.1 codes the Kingdom of Montenegro as 341; COW "
    "states2016 has Montenegro in the system only from 12 Jun 2006, so snapshots (which hold "
    "system members only) carry no Serbia-Montenegro tie",
}


def _read(name: str) -> pd.DataFrame:
    return pd.read_csv(REF / name, dtype=str, keep_default_na=False)


def _ints(df: pd.DataFrame, cols: list[str]) -> pd.DataFrame:
    out = df.copy()
    for c in cols:
        out[c] = pd.to_numeric(out[c].replace("", None)).astype("Int64")
    return out


@pytest.fixture(scope="module")
def alliances() -> pd.DataFrame:
    raw = _read("alliances.csv")
    return _ints(raw, ["signed_year", "start_year", "end_year", *DEPTH, "atopid", "cow_id"])


@pytest.fixture(scope="module")
def members(alliances: pd.DataFrame) -> pd.DataFrame:
    raw = _read("alliance_members.csv")
    df = _ints(raw, ["ccode", "entry_year", "exit_year", *OBLIGATIONS])
    end = df["alliance"].map(dict(zip(alliances["alliance"], alliances["end_year"], strict=True)))
    # the effective last year: exit_year, else the alliance's end_year, else ongoing (None)
    df["last"] = df["exit_year"].fillna(end.astype("Int64"))
    return df


def _in_force(members: pd.DataFrame, alliance: str, year: int) -> set[int]:
    m = members[members["alliance"] == alliance]
    live = (m["entry_year"] <= year) & (m["last"].fillna(LAST_YEAR) >= year)
    return {int(c) for c in m.loc[live, "ccode"]}


def _merge(spells: list[tuple[int, int | None]]) -> list[tuple[int, int | None]]:
    """Merge touching or overlapping (entry, last) spells; last None = ongoing."""
    out: list[tuple[int, int | None]] = []
    for entry, last in sorted(spells, key=lambda s: s[0]):
        if out:
            prev_entry, prev_last = out[-1]
            if prev_last is None or entry <= prev_last + 1:
                longer = None if prev_last is None or last is None else max(prev_last, last)
                out[-1] = (prev_entry, longer)
                continue
        out.append((entry, last))
    return out


def _opt(value: object) -> int | None:
    return None if pd.isna(value) else int(str(value))


# --- schema ------------------------------------------------------------------------------


def test_alliances_schema(alliances: pd.DataFrame) -> None:
    assert list(_read("alliances.csv").columns) == ALLIANCE_COLUMNS
    assert alliances["alliance"].is_unique
    assert alliances["alliance"].str.fullmatch(r"[a-z][a-z0-9_]*").all()
    assert (alliances["name"].str.strip() != "").all()
    assert (alliances["source"].str.strip() != "").all()
    assert set(alliances["domain"]) <= DOMAINS
    for col in DEPTH:
        assert alliances[col].notna().all() and alliances[col].isin([0, 1]).all(), col
    for col in ("signed_year", "start_year"):
        assert alliances[col].notna().all(), col
        assert alliances[col].between(FIRST_YEAR, LAST_YEAR).all(), col
    assert (alliances["signed_year"] <= alliances["start_year"]).all()
    ended = alliances["end_year"].notna()
    assert alliances.loc[ended, "end_year"].between(FIRST_YEAR, LAST_YEAR).all()
    assert (alliances.loc[ended, "end_year"] >= alliances.loc[ended, "start_year"]).all()
    assert alliances["atopid"].dropna().is_unique


def test_members_schema(alliances: pd.DataFrame, members: pd.DataFrame) -> None:
    assert list(_read("alliance_members.csv").columns) == MEMBER_COLUMNS
    assert (members["source"].str.strip() != "").all()
    assert set(members["alliance"]) <= set(alliances["alliance"])
    assert set(alliances["alliance"]) <= set(members["alliance"]), "alliance without members"
    for col in ("ccode", "entry_year", *OBLIGATIONS):
        assert members[col].notna().all(), col
    for col in OBLIGATIONS:
        assert members[col].isin([0, 1]).all(), col
    assert members["entry_year"].between(FIRST_YEAR, LAST_YEAR).all()
    has_exit = members["exit_year"].notna()
    assert (members.loc[has_exit, "exit_year"] >= members.loc[has_exit, "entry_year"]).all()
    assert members.loc[has_exit, "exit_year"].between(FIRST_YEAR, LAST_YEAR).all()
    assert members["toward"].str.fullmatch(r"(\d+( \d+)*)?").all()
    years = alliances.set_index("alliance")
    for (aid, cc), grp in members.groupby(["alliance", "ccode"]):
        al = years.loc[aid]
        assert (grp["entry_year"] >= al["start_year"]).all(), (aid, cc, "entry before start")
        if pd.notna(al["end_year"]):
            assert (grp["last"] <= al["end_year"]).all(), (aid, cc, "exit after end")
        # spells of one member never overlap, so a year holds at most one row per member
        spans = sorted(
            (int(e), int(x) if pd.notna(x) else LAST_YEAR)
            for e, x in zip(grp["entry_year"], grp["last"], strict=True)
        )
        for (_, x0), (e1, _) in pairwise(spans):
            assert e1 > x0, (aid, cc, "overlapping spells")
    for aid, grp in members.groupby("alliance"):
        start = years.loc[aid, "start_year"]
        assert grp["entry_year"].min() == start, (aid, "start_year != first entry")
        codes = set(grp["ccode"].astype(int))
        assert len(codes) >= 2, aid
        for t in grp["toward"]:
            if t:
                assert {int(x) for x in t.split()} <= codes, (aid, t)


def test_content_counts(alliances: pd.DataFrame) -> None:
    assert len(alliances) >= 45
    counts = alliances["domain"].value_counts()
    assert counts.get("cyber", 0) >= 3
    assert counts.get("non_traditional", 0) >= 3
    assert alliances.set_index("alliance").loc["nato", "domain"] == "nuclear"
    required = {
        "nato",
        "warsaw_pact",
        "us_japan_1951",
        "us_japan_1960",
        "triple_alliance",
        "austro_romanian_1883",
        "franco_russian",
        "anglo_japanese",
        "entente_cordiale",
        "anglo_russian_entente",
        "belgium_guarantee_1839",
        "axis",
        "tripartite_pact",
        "rio_pact",
        "anzus",
        "seato",
        "cento",
        "us_rok",
        "us_philippines",
        "sino_soviet_1950",
        "sino_nk_1961",
        "csto",
        "arab_league_defence",
    }
    assert required <= set(alliances["alliance"])


def test_nato_and_warsaw_pact(members: pd.DataFrame) -> None:
    assert len(_in_force(members, "nato", 2024)) == 32
    assert len(_in_force(members, "nato", 1949)) == 12
    assert 380 in _in_force(members, "nato", 2024) and 380 not in _in_force(members, "nato", 2023)
    assert 375 in _in_force(members, "nato", 2023) and 375 not in _in_force(members, "nato", 2022)
    assert 343 in _in_force(members, "nato", 2020) and 343 not in _in_force(members, "nato", 2019)
    assert 341 in _in_force(members, "nato", 2017) and 341 not in _in_force(members, "nato", 2016)
    assert {260, 255} <= _in_force(members, "nato", 1990)
    assert 260 not in _in_force(members, "nato", 1991)
    assert 260 not in _in_force(members, "nato", 1954)
    assert {350, 640} <= _in_force(members, "nato", 1952)
    assert len(_in_force(members, "warsaw_pact", 1955)) == 8
    assert len(_in_force(members, "warsaw_pact", 1968)) == 8
    assert len(_in_force(members, "warsaw_pact", 1969)) == 7
    assert 339 not in _in_force(members, "warsaw_pact", 1969)
    assert 265 in _in_force(members, "warsaw_pact", 1990)
    assert 265 not in _in_force(members, "warsaw_pact", 1991)
    assert len(_in_force(members, "warsaw_pact", 1991)) == 6
    assert not _in_force(members, "warsaw_pact", 1992)


def test_other_landmarks(members: pd.DataFrame) -> None:
    csto_2024 = _in_force(members, "csto", 2024)
    assert 371 in csto_2024 and 704 not in csto_2024
    assert 704 in _in_force(members, "csto", 2012)
    assert not {372, 373} & _in_force(members, "csto", 2000)
    assert _in_force(members, "sino_nk_1961", 2024) == {710, 731}
    assert _in_force(members, "triple_alliance", 1882) == {255, 300, 325}
    assert 360 in _in_force(members, "austro_romanian_1883", 1883)
    assert 365 in _in_force(members, "franco_russian", 1914)
    assert not _in_force(members, "franco_russian", 1918)
    b = members[members["alliance"] == "belgium_guarantee_1839"].set_index("ccode")
    for c in (200, 220, 255, 300, 365):
        assert b.loc[c, "defense"] == 1 and b.loc[c, "toward"] == "211"
    assert b.loc[211, "neutrality"] == 1 and b.loc[211, "toward"] == ""
    j = members[members["alliance"] == "us_japan_1951"].set_index("ccode")
    assert j.loc[2, "defense"] == 1 and j.loc[740, "defense"] == 0


# --- ATOP 5.1 ----------------------------------------------------------------------------


ATOP_COLUMNS = ["atopid", "member", "yrent", "yrexit", "phase", *ATOP_FLAGS.values()]


def _year_rows(frame: pd.DataFrame, first: pd.Series, last: pd.Series) -> pd.DataFrame:
    """One copy of each row of ``frame`` per year from ``first`` to ``last`` (inclusive)."""
    lo = first.to_numpy(dtype="int64")
    n = np.clip(last.to_numpy(dtype="int64") - lo + 1, 0, None)
    rows = np.repeat(np.arange(len(frame)), n)
    out = frame.iloc[rows].reset_index(drop=True)
    out["year"] = lo[rows] + np.arange(n.sum()) - np.repeat(np.cumsum(n) - n, n)
    return out


def _atop_yearly_obligations(
    atop_m: pd.DataFrame, members: pd.DataFrame, atop_alliance: dict[int, str]
) -> dict[tuple[str, int], list[str]]:
    """Year-by-year obligation disagreements per (alliance, ccode), years in order.

    For each year up to ``ATOP_LAST`` that both an ATOP row and one of our rows cover,
    the ATOP row is the last covering one in (yrent, phase) order (the later phase wins
    a shared boundary year) and ours the first covering one in file order.
    """
    flags = {ATOP_FLAGS[k]: f"atop_{k}" for k in OBLIGATIONS}
    a = atop_m.rename(columns={**flags, "member": "ccode"}).sort_values(
        ["yrent", "phase"], kind="stable"
    )
    a["alliance"] = a["atopid"].map(atop_alliance)
    a_last = a["yrexit"].replace(0, ATOP_LAST).clip(upper=ATOP_LAST)
    a_years = _year_rows(a, a["yrent"], a_last)
    a_years = a_years.drop_duplicates(["alliance", "ccode", "year"], keep="last")
    o = members[
        members["alliance"].isin(atop_alliance.values()) & (members["entry_year"] <= ATOP_LAST)
    ]
    o = o[["alliance", "ccode", "entry_year", "last", *OBLIGATIONS]].astype({"ccode": "int64"})
    o_last = o["last"].fillna(LAST_YEAR).clip(upper=ATOP_LAST)
    o_years = _year_rows(o, o["entry_year"], o_last)
    o_years = o_years.drop_duplicates(["alliance", "ccode", "year"], keep="first")
    both = a_years.merge(o_years, on=["alliance", "ccode", "year"]).sort_values("year")
    differs = pd.DataFrame(
        {k: both[f"atop_{k}"].astype("int64") != both[k].astype("int64") for k in OBLIGATIONS}
    )
    out: dict[tuple[str, int], list[str]] = defaultdict(list)
    hits = both.loc[differs.any(axis=1), ["alliance", "ccode", "year"]]
    for (aid, cc, year), row in zip(
        hits.itertuples(index=False), differs[differs.any(axis=1)].to_numpy(), strict=True
    ):
        diff = [k for k, bad in zip(OBLIGATIONS, row, strict=True) if bad]
        out[(str(aid), int(cc))].append(f"{year}: {diff} differ from ATOP")
    return dict(out)


def _atop_disagreements(
    shared_data: Path, alliances: pd.DataFrame, members: pd.DataFrame
) -> dict[tuple[str, int | None], list[str]]:
    atop_m = pd.read_csv(shared_data / "atop" / "atop5_1m.csv")
    atop_a = pd.read_csv(shared_data / "atop" / "atop5_1a.csv").set_index("atopid")
    linked = alliances[alliances["atopid"].notna()]
    atop_alliance = dict(zip(linked["atopid"].astype(int), linked["alliance"], strict=True))
    atop_m = atop_m.loc[atop_m["atopid"].isin(atop_alliance), ATOP_COLUMNS]
    yearly = _atop_yearly_obligations(atop_m, members, atop_alliance)
    atop_by = dict(iter(atop_m.groupby(["atopid", "member"])))
    ours = members[members["entry_year"] <= ATOP_LAST]
    ours_by = dict(iter(ours.astype({"ccode": "int64"}).groupby(["alliance", "ccode"])))
    empty_a, empty_o = atop_m.iloc[:0], ours.iloc[:0]
    out: dict[tuple[str, int | None], list[str]] = defaultdict(list)
    for al in linked.itertuples():
        aid, atopid = str(al.alliance), int(al.atopid)
        assert atopid in atop_a.index, f"{aid}: atopid {atopid} not in ATOP 5.1"
        # alliance level: begin and end years
        a = atop_a.loc[atopid]
        if int(a["begyr"]) != int(al.start_year):
            out[(aid, None)].append(f"start {al.start_year} vs ATOP begyr {a['begyr']}")
        atop_end = None if int(a["endyr"]) == 0 else int(a["endyr"])
        ours_end = _opt(al.end_year)
        if atop_end is None:
            if ours_end is not None and ours_end < ATOP_LAST:
                out[(aid, None)].append(f"end {ours_end} vs ATOP ongoing")
        elif ours_end != atop_end:
            out[(aid, None)].append(f"end {ours_end} vs ATOP endyr {atop_end}")
        # member level
        codes_a = set(atop_m.loc[atop_m["atopid"] == atopid, "member"].astype(int))
        codes_o = set(ours.loc[ours["alliance"] == aid, "ccode"].astype(int))
        for cc in codes_a | codes_o:
            rows_a = atop_by.get((atopid, cc), empty_a)
            rows_o = ours_by.get((aid, cc), empty_o)
            if rows_a.empty or rows_o.empty:
                out[(aid, cc)].append("member only in " + ("ours" if rows_a.empty else "ATOP"))
                continue
            spells_a = _merge(
                [
                    (int(e), None if int(x) == 0 else int(x))
                    for e, x in zip(rows_a["yrent"], rows_a["yrexit"], strict=True)
                ]
            )
            spells_o = _merge(
                [
                    (int(e), None if pd.isna(x) or int(x) >= ATOP_LAST else int(x))
                    for e, x in zip(rows_o["entry_year"], rows_o["last"], strict=True)
                ]
            )
            if spells_a != spells_o:
                out[(aid, cc)].append(f"spells {spells_o} vs ATOP {spells_a}")
            # obligations, year by year (the later ATOP phase wins a shared boundary year)
            if (aid, cc) in yearly:
                out[(aid, cc)].extend(yearly[(aid, cc)])
    return dict(out)


def _check(
    found: dict[tuple[str, int | None], list[str]],
    listed: dict[tuple[str, int | None], str],
    what: str,
) -> None:
    unexplained = {
        k: v[:3] for k, v in found.items() if k not in listed and (k[0], None) not in listed
    }
    assert not unexplained, f"unexplained disagreements with {what}: {unexplained}"
    stale = sorted(set(listed) - set(found), key=str)
    assert not stale, f"listed differences from {what} that no longer occur: {stale}"


def test_cross_check_atop(
    shared_data: Path, alliances: pd.DataFrame, members: pd.DataFrame
) -> None:
    found = _atop_disagreements(shared_data, alliances, members)
    _check(found, DELIBERATE, "ATOP 5.1")


# --- COW v4.1 ----------------------------------------------------------------------------


def _cow_disagreements(
    shared_data: Path, alliances: pd.DataFrame, members: pd.DataFrame
) -> dict[tuple[str, int | None], list[str]]:
    cow = pd.read_csv(shared_data / "cow_alliance" / "formal alliances.csv")
    out: dict[tuple[str, int | None], list[str]] = defaultdict(list)
    for al in alliances[alliances["cow_id"].notna()].itertuples():
        aid, cid = str(al.alliance), int(al.cow_id)
        cm = cow[cow["version4id"] == cid]
        assert not cm.empty, f"{aid}: COW id {cid} not in COW v4.1"
        if int(cm["all_st_year"].min()) != int(al.start_year):
            out[(aid, None)].append(f"start {al.start_year} vs COW {cm['all_st_year'].min()}")
        om = members[(members["alliance"] == aid) & (members["entry_year"] <= COW_LAST)]
        for cc in set(cm["ccode"].astype(int)) | set(om["ccode"].astype(int)):
            rows_c = cm[cm["ccode"] == cc]
            rows_o = om[om["ccode"] == cc]
            if rows_c.empty or rows_o.empty:
                out[(aid, cc)].append("member only in " + ("ours" if rows_c.empty else "COW"))
                continue
            st_c, st_o = int(rows_c["mem_st_year"].min()), int(rows_o["entry_year"].min())
            if st_c != st_o:
                out[(aid, cc)].append(f"entry {st_o} vs COW {st_c}")
            for cow_col, ours in COW_FLAGS.items():
                if rows_c[cow_col].fillna(0).max() == 1 and rows_o[ours].max() != 1:
                    out[(aid, cc)].append(f"COW {cow_col}=1 but our {ours}=0")
    return dict(out)


def test_cross_check_cow(shared_data: Path, alliances: pd.DataFrame, members: pd.DataFrame) -> None:
    found = _cow_disagreements(shared_data, alliances, members)
    _check(found, DELIBERATE_COW, "COW v4.1")


# --- COW state system --------------------------------------------------------------------


def test_members_in_state_system(shared_data: Path, members: pd.DataFrame) -> None:
    states = pd.read_csv(shared_data / "cow_states" / "cow_states.csv.gz")
    spells: dict[int, list[tuple[int, int]]] = defaultdict(list)
    for cc, st, en in zip(states["ccode"], states["styear"], states["endyear"], strict=True):
        spells[int(cc)].append((int(st), LAST_YEAR if int(en) == STATES_LAST else int(en)))
    unknown = sorted(set(members["ccode"].astype(int)) - set(spells))
    assert not unknown, f"not COW state codes: {unknown}"
    found: dict[tuple[str, int], list[int]] = defaultdict(list)
    for row in members.itertuples():
        cc = int(row.ccode)
        last = LAST_YEAR if pd.isna(row.last) else int(row.last)
        for year in range(max(int(row.entry_year), 1816), last + 1):
            if not any(st <= year <= en for st, en in spells[cc]):
                found[(str(row.alliance), cc)].append(year)
    unexplained = {k: v for k, v in found.items() if k not in STATE_SYSTEM_EXCEPTIONS}
    assert not unexplained, f"members outside the COW state system (years): {unexplained}"
    stale = sorted(set(STATE_SYSTEM_EXCEPTIONS) - set(found))
    assert not stale, f"listed state-system exceptions that no longer occur: {stale}"
