"""Scenario files on a date: ``[base] date = "YYYY-MM-DD"`` besides ``year`` (issue 11)."""

from __future__ import annotations

import datetime as dt

import pytest

from alliancelab.errors import ScenarioError
from alliancelab.scenario import loads, run

BASE = '[scenario]\nname = "d"\n[base]\n{base}\nregion = "europe"\n'
EDIT = '[[edits]]\ntype = "capability"\nstate = 200\nscale = 2.0\n'


@pytest.mark.parametrize("value", ['"1914-07-28"', "1914-07-28"])  # string or TOML date
def test_a_scenario_can_start_on_a_date(value: str) -> None:
    sc = loads(BASE.format(base=f"date = {value}") + EDIT)
    assert sc.date == "1914-07-28" and sc.year == 1914


def test_year_and_date_must_agree() -> None:
    assert loads(BASE.format(base='year = 1914\ndate = "1914-07-28"') + EDIT).year == 1914
    with pytest.raises(ScenarioError, match="disagree") as err:
        loads(BASE.format(base='year = 1915\ndate = "1914-07-28"') + EDIT)
    assert err.value.key == "date"


@pytest.mark.parametrize("bad", ['"1914-02-30"', '"July 1914"', "1914"])
def test_bad_dates_name_the_key(bad: str) -> None:
    with pytest.raises(ScenarioError, match="date must be a date YYYY-MM-DD") as err:
        loads(BASE.format(base=f"date = {bad}") + EDIT)
    assert err.value.key == "date"


def test_neither_year_nor_date() -> None:
    with pytest.raises(ScenarioError, match="needs a year or a date"):
        loads(BASE.format(base="") + EDIT)


def test_a_dated_scenario_runs_on_the_dated_snapshot() -> None:
    sc = loads(BASE.format(base='date = "1990-10-02"') + EDIT)
    res = run(sc, n=20, seed=1)
    for s in (res.baseline, res.snapshot):
        assert s.date == dt.date(1990, 10, 2)
        assert 260 in s.ccodes and 255 not in s.ccodes
