"""The ATOP 5.1 member-level condition rule (store/atop_conditions.py), on the official file."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from alliancelab.store.atop_conditions import (
    CONDITION_COLUMNS,
    applies_against,
    combine_conditions,
    member_conditions,
)


@pytest.fixture(scope="module")
def atop_members(shared_data: Path) -> pd.DataFrame:
    return pd.read_csv(shared_data / "atop" / "atop5_1m.csv")


def _row(m: pd.DataFrame, atopid: int, member: int) -> pd.Series:
    c = member_conditions(m)
    sel = (m["atopid"] == atopid) & (m["member"] == member)
    assert sel.sum() >= 1
    return c[sel].iloc[0]


def test_condition_columns_are_official(atop_members: pd.DataFrame) -> None:
    assert set(CONDITION_COLUMNS) <= set(atop_members.columns)


def test_dual_alliance_defence_is_against_russia(atop_members: pd.DataFrame) -> None:
    r = _row(atop_members, 1335, 255)  # Germany in the Austro-German alliance of 1879
    assert r["defense_against"] == frozenset({365})
    assert r["offense_against"] is None


def test_unnamed_adversary_means_any(atop_members: pd.DataFrame) -> None:
    # Franco-Russian convention: defcoadv 1 but no state named -> cannot be evaluated
    r = _row(atop_members, 1385, 220)
    assert r["defense_against"] is None


def test_flags_follow_the_columns(atop_members: pd.DataFrame) -> None:
    r = _row(atop_members, 1355, 360)  # Romania's 1883 treaty: location, non-provocation
    assert r["defense_nonprovocation"] and r["defense_location"]
    assert not r["defense_conflict"]
    greece = _row(atop_members, 1490, 350)
    assert greece["defense_against"] is None and greece["offense_against"] == frozenset({355})


def test_every_row_limited_only_when_flag_and_named(atop_members: pd.DataFrame) -> None:
    c = member_conditions(atop_members)
    named = (atop_members[["statthr1", "statthr2"]].fillna(0) > 0).any(axis=1)
    limited = c["defense_against"].notna()
    assert (limited == ((atop_members["defcoadv"] == 1) & named)).all()
    assert limited.sum() > 50  # the file has many adversary-specific defence pledges


def test_missing_columns_count_as_unconditional() -> None:
    c = member_conditions(pd.DataFrame({"atopid": [1, 2]}))
    assert c["defense_against"].isna().all() and not c["defense_location"].any()


def test_combine_and_apply() -> None:
    assert combine_conditions([], []) == (None, False)
    assert combine_conditions([frozenset({2})], [True]) == (frozenset({2}), True)
    assert not applies_against(frozenset({365}), [])
    assert applies_against(frozenset({365, 2}), [2])
