"""Dated snapshots (issue 11, Deliver 2) from both sources, and the conditions they carry.

Facts checked (COW State System Membership v2016 day-level dates; ATOP 5.1 member file):
the German Federal Republic and the GDR end on 1990-10-02 and Germany (255) re-enters on
1990-10-03; the Yemen Arab Republic and the PDRY end on 1990-05-21 and Yemen (679) enters
on 1990-05-22; Czechoslovakia ends 1992-12-31, the Czech Republic and Slovakia enter on
1993-01-01; ATOP 2020 (Russia-Romania, 1914-10-01) is not in force on 1914-07-28; the
USSR is the "Soviet Union" until 25 December 1991.
"""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from alliancelab import scenario, snapshot
from alliancelab.errors import ParameterError
from alliancelab.snapshot import alliance_members, system_members
from alliancelab.store import Store

SUCCESSIONS = [
    ("1990-10-02", {260, 265}, {255}),
    ("1990-10-03", {255}, {260, 265}),
    ("1990-05-21", {678, 680}, {679}),
    ("1990-05-22", {679}, {678, 680}),
    ("1992-12-31", {315}, {316, 317}),
    ("1993-01-01", {316, 317}, {315}),
    ("1941-04-20", {345}, set()),
    ("1941-04-21", set(), {345}),
]


@pytest.fixture(scope="module")
def store(official_store: Store) -> Store:
    return official_store


@pytest.mark.parametrize(("day", "present", "absent"), SUCCESSIONS)
def test_one_state_per_date_on_both_sources(
    store: Store, day: str, present: set[int], absent: set[int]
) -> None:
    for s in (snapshot(day), snapshot(day, data="store", store=store)):
        assert present <= set(s.ccodes), (day, s.notes)
        assert not absent & set(s.ccodes), day
        assert s.date == dt.date.fromisoformat(day) and s.year == int(day[:4])
    assert present <= set(system_members(day)) and not absent & set(system_members(day))


def test_a_date_object_equals_its_string(store: Store) -> None:
    a = snapshot(dt.date(1914, 7, 28), "europe", data="store", store=store)
    b = snapshot("1914-07-28", "europe", data="store", store=store)
    assert a.ccodes == b.ccodes and a.alliances == b.alliances


def test_store_date_keeps_only_the_pacts_in_force_that_day(store: Store) -> None:
    year = snapshot(1914, "europe", data="store", store=store)
    day = snapshot("1914-07-28", "europe", data="store", store=store)
    assert "atop2020" in year.alliances  # signed 1 October 1914
    assert "atop2020" not in day.alliances
    assert {"atop1335", "atop1385", "atop1355"} <= set(day.alliances)
    # every alliance of the day is in force some day of the year
    assert set(day.alliances) <= set(year.alliances)


def test_names_on_a_date(store: Store) -> None:
    for s in (snapshot("1991-12-25", "europe"), snapshot("1991-12-25", data="store", store=store)):
        assert s.names[s.index(365)] == "Soviet Union"
    s = snapshot("1991-12-26", "europe", data="store", store=store)
    assert s.names[s.index(365)] == "Russia"
    s = snapshot("1914-07-28", "europe", data="store", store=store)
    assert s.names[s.index(345)] == "Serbia"


def test_reference_alliance_members_on_a_date() -> None:
    year = alliance_members(1949)
    day = alliance_members("1949-04-04")
    assert set(day["alliance"]) <= set(year["alliance"])
    assert len(alliance_members("2024-12-31").query("alliance == 'nato'")) == 32


@pytest.mark.parametrize("bad", ["1914-13-01", "1914-02-30", "28/07/1914", "1914"])
def test_bad_dates_raise_parameter_error(bad: str) -> None:
    with pytest.raises(ParameterError, match="YYYY-MM-DD"):
        snapshot(bad)


def test_store_ties_carry_atop_conditions(store: Store) -> None:
    s = snapshot("1914-07-28", "europe", data="store", store=store)
    k = s.alliances.index("atop1335")  # Dual Alliance 1879: defence against Russia
    ger, auh = s.index(255), s.index(300)
    t = [int(x) for x in range(len(s.tie_alliance))
         if s.tie_alliance[x] == k and s.tie_from[x] == ger and s.tie_to[x] == auh]  # fmt: skip
    assert len(t) == 1 and s.conditions(t[0]).defense_against == frozenset({365})


def test_an_edit_on_a_store_snapshot_keeps_every_untouched_tie(store: Store) -> None:
    """Issue 11, Deliver 1: count the defence ties before and after an unrelated edit."""
    s = snapshot("1914-07-28", "europe", data="store", store=store)
    defence = int(s.tie_obligations[:, 0].sum())
    assert defence > 0
    t = scenario.apply(s, [{"type": "capability", "state": 200, "scale": 2.0}], data="store")
    assert int(t.tie_obligations[:, 0].sum()) == defence
    assert t.tie_conditions == s.tie_conditions and len(t.tie_conditions) > 0
    assert t.date == s.date
    # a leave edit removes that member's ties and keeps every other tie's conditions
    u = scenario.apply(s, [{"type": "leave", "state": 360, "alliance": "atop1355"}], data="store")
    kept = {
        (s.alliances[a], s.ccodes[i], s.ccodes[j]): s.conditions(q)
        for q, (a, i, j) in enumerate(zip(s.tie_alliance, s.tie_from, s.tie_to, strict=True))
    }
    for q, (a, i, j) in enumerate(zip(u.tie_alliance, u.tie_from, u.tie_to, strict=True)):
        assert kept[(u.alliances[a], u.ccodes[i], u.ccodes[j])] == u.conditions(q)
    assert len(u.tie_alliance) < len(s.tie_alliance)
    assert dataclasses.replace(u).tie_conditions == u.tie_conditions
