"""The curated contiguity table: schema, symmetry, and agreement with COW v3.2 (1816-2016).

The COW Direct Contiguity v3.2 master records are read from the official file
(``cow_contiguity/cow_contdir.csv.gz``, peacesciencer's copy) through ``shared_data``;
the repository ships only the curated rows among reference states.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from alliancelab.reference import (
    CONTIGUITY_TYPES,
    contiguity,
    load_contiguity,
    load_states,
)

COW_LAST = 2016


def _dyad_years(
    df: pd.DataFrame, start: str, end: str, last: int
) -> set[tuple[int, int, int, int]]:
    out: set[tuple[int, int, int, int]] = set()
    for a, b, t, y0, y1 in zip(
        df["ccode1"], df["ccode2"], df["conttype"], df[start], df[end], strict=True
    ):
        for y in range(int(y0), min(int(y1) if pd.notna(y1) else last, last) + 1):
            out.add((int(a), int(b), int(t), y))
    return out


def test_contiguity_schema_and_sources() -> None:
    c = load_contiguity()
    assert list(c.columns) == ["ccode1", "ccode2", "conttype", "start_year", "end_year", "source"]
    assert (c["ccode1"] < c["ccode2"]).all()
    assert set(c["conttype"]) <= set(CONTIGUITY_TYPES)
    assert c["source"].str.startswith("COW Direct Contiguity v3.2").all()
    ongoing = c["end_year"].isna()
    assert c.loc[ongoing, "source"].str.contains("extended to 2024").all()
    assert not c.loc[~ongoing, "source"].str.contains("extended").any()
    assert set(c["ccode1"]) | set(c["ccode2"]) <= set(load_states()["ccode"].astype(int))


def test_contiguity_is_symmetric() -> None:
    for year in (None, 1914, 1990, 2024):
        d = contiguity(year)
        pairs = set(zip(d["ccode1"], d["ccode2"], d["conttype"], strict=True))
        assert pairs == {(b, a, t) for a, b, t in pairs}, year
        if year is not None:
            assert not d.duplicated(["ccode1", "ccode2"]).any()


def test_contiguity_historical_facts() -> None:
    land = contiguity(1914, max_type=1)
    fr = set(land.loc[land["ccode1"] == 220, "ccode2"])
    assert {211, 230, 255, 225} <= fr and 200 not in fr  # no land border with the UK
    sea = contiguity(1914)
    uk_fr = sea[(sea["ccode1"] == 200) & (sea["ccode2"] == 220)]
    assert uk_fr["conttype"].tolist() == [3]  # English Channel, <= 24 miles
    d2024 = contiguity(2024, max_type=1)
    assert {369, 370, 705, 710} <= set(d2024.loc[d2024["ccode1"] == 365, "ccode2"])
    # East and West Germany border each other 1955-1990, never after unification
    assert ((contiguity(1970)["ccode1"] == 260) & (contiguity(1970)["ccode2"] == 265)).any()
    assert not (contiguity(2000)["ccode1"] == 260).any()
    with pytest.raises(ValueError):
        contiguity(1914, max_type=6)


def test_contiguity_matches_cow_v32(shared_data: Path) -> None:
    cow = pd.read_csv(shared_data / "cow_contiguity" / "cow_contdir.csv.gz")
    cow = cow[(cow["conttype"] > 0) & (cow["ccode1"] < cow["ccode2"])]
    cow = cow.assign(sy=cow["stdate"].str[:4].astype(int), ey=cow["enddate"].str[:4].astype(int))
    theirs = _dyad_years(cow, "sy", "ey", COW_LAST)
    ours = _dyad_years(load_contiguity(), "start_year", "end_year", COW_LAST)
    assert len(theirs) > 40_000  # 41,249 dyad-type-years 1816-2016
    assert ours == theirs, (sorted(ours - theirs)[:5], sorted(theirs - ours)[:5])
