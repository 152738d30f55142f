"""The reference source reads day-level dates and ``against`` when the tables carry them.

The reference CSVs gain ``entry_date``/``exit_date`` (alliance_members.csv),
``start_date``/``end_date`` (states.csv) and ``against`` (alliance_members.csv); the
snapshot reads them when present and falls back to the years when absent or blank. These
tests add the columns to copies of the loaded tables (monkeypatched loaders), so they hold
before and after the data lands.
"""

from __future__ import annotations

import pandas as pd
import pytest

from alliancelab import snapshot
from alliancelab.reference import load_alliance_members, load_states
from alliancelab.snapshot import _reference, alliance_members, system_members


@pytest.fixture
def members(monkeypatch: pytest.MonkeyPatch) -> pd.DataFrame:
    mem = load_alliance_members().copy()
    for col in ("entry_date", "exit_date", "against"):
        if col not in mem:
            mem[col] = pd.Series([pd.NA] * len(mem), dtype="string")
    monkeypatch.setattr(_reference, "load_alliance_members", lambda: mem)
    return mem


def test_member_dates_when_present(members: pd.DataFrame) -> None:
    nato = members["alliance"] == "nato"
    first = members.loc[nato, "entry_year"].min()
    members.loc[nato & (members["entry_year"] == first), "entry_date"] = f"{first}-08-24"
    before = alliance_members(f"{first}-08-23")
    on = alliance_members(f"{first}-08-24")
    assert "nato" not in set(before["alliance"]) and "nato" in set(on["alliance"])
    # a blank date falls back to the whole year
    members.loc[nato, "entry_date"] = pd.NA
    assert "nato" in set(alliance_members(f"{first}-01-01")["alliance"])


def test_against_when_present(members: pd.DataFrame) -> None:
    row = (members["alliance"] == "nato") & (members["ccode"] == 2)
    members.loc[row, "against"] = "365"
    s = snapshot(1960, "europe")
    us = s.index(2)
    conds = {s.conditions(t) for t in range(len(s.tie_alliance)) if s.tie_from[t] == us
             and s.alliances[s.tie_alliance[t]] == "nato"}  # fmt: skip
    assert {c.defense_against for c in conds} == {frozenset({365})}


def test_state_dates_when_present(monkeypatch: pytest.MonkeyPatch) -> None:
    st = load_states().copy()
    st["start_date"] = pd.Series([pd.NA] * len(st), dtype="string")
    st["end_date"] = pd.Series([pd.NA] * len(st), dtype="string")
    st.loc[(st["ccode"] == 260), "end_date"] = "1990-10-01"  # a (counterfactual) day
    monkeypatch.setattr(_reference, "load_states", lambda: st)
    assert 260 in system_members("1990-10-01") and 260 not in system_members("1990-10-02")
    assert 265 in system_members("1990-10-02")  # falls back to the built-in COW day
