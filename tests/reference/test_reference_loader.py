"""The reference loaders: validation errors name file, row and field."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from alliancelab.errors import DataFormatError
from alliancelab.reference import (
    load_alliance_members,
    load_alliances,
    load_capabilities,
    load_rivalries,
    load_states,
    read_table,
)

SCHEMA = {"ccode": "int", "year": "int?", "share": "float?", "flag": "flag", "source": "str"}


def _write(tmp_path: Path, text: str) -> Path:
    p = tmp_path / "t.csv"
    p.write_text(text, encoding="utf-8")
    return p


def test_good_file_types(tmp_path: Path) -> None:
    p = _write(tmp_path, "ccode,year,share,flag,source\n2,1816,0.5,1,x\n20,,,0,y\n")
    df = read_table(p, SCHEMA)
    assert df["ccode"].tolist() == [2, 20]
    assert pd.isna(df["year"].iloc[1]) and pd.isna(df["share"].iloc[1])  # blank is NA, not 0


@pytest.mark.parametrize(
    ("body", "row", "field"),
    [
        ("2,1816,0.5,1,x\nUSA,1816,0.5,1,x\n", 3, "ccode"),
        ("2,1816,0.5,1,x\n2,18x6,0.5,1,x\n", 3, "year"),
        ("2,1816,abc,1,x\n", 2, "share"),
        ("2,1816,0.5,2,x\n", 2, "flag"),
        ("2,1816,0.5,1,\n", 2, "source"),
        ("2.5,1816,0.5,1,x\n", 2, "ccode"),
    ],
)
def test_bad_values_name_row_and_field(tmp_path: Path, body: str, row: int, field: str) -> None:
    p = _write(tmp_path, "ccode,year,share,flag,source\n" + body)
    with pytest.raises(DataFormatError) as info:
        read_table(p, SCHEMA)
    assert (info.value.file, info.value.row, info.value.field) == ("t.csv", row, field)
    assert f"row {row}" in str(info.value)


def test_missing_column_and_missing_file(tmp_path: Path) -> None:
    p = _write(tmp_path, "ccode,year,share,source\n2,1816,0.5,x\n")
    with pytest.raises(DataFormatError, match=r"missing column.*flag"):
        read_table(p, SCHEMA)
    with pytest.raises(DataFormatError, match="file not found"):
        read_table(tmp_path / "nope.csv", SCHEMA)


def test_every_shipped_table_loads_and_every_row_has_a_source() -> None:
    for loader in (
        load_states,
        load_alliances,
        load_alliance_members,
        load_capabilities,
        load_rivalries,
    ):
        df = loader()
        assert len(df) > 0
        assert df["source"].map(lambda s: isinstance(s, str) and s.strip() != "").all()


def test_reference_dates_parse_and_refine_their_years() -> None:
    import datetime as dt

    from alliancelab.reference import load_alliance_members, load_states

    st = load_states()
    for col in ("start_date", "end_date"):
        vals = st[col].dropna()
        assert all(isinstance(d, dt.date) for d in vals), col
    assert st["start_date"].notna().all()  # COW gives every spell's start day
    by = {(int(r.ccode), int(r.start_year)): r for r in st.itertuples()}
    # the unification and break-up days of the task (COW states2016)
    assert by[(255, 1990)].start_date == dt.date(1990, 10, 3)
    assert by[(260, 1955)].end_date == dt.date(1990, 10, 2)
    assert by[(265, 1954)].end_date == dt.date(1990, 10, 2)
    assert by[(679, 1990)].start_date == dt.date(1990, 5, 22)
    assert by[(316, 1993)].start_date == dt.date(1993, 1, 1)
    m = load_alliance_members()
    both = m["entry_date"].notna() & m["exit_date"].notna()
    assert (m.loc[both, "exit_date"] >= m.loc[both, "entry_date"]).all()
    nato = m[m["alliance"] == "nato"].set_index("ccode")
    assert nato.loc[380, "entry_date"] == dt.date(2024, 3, 7)
    assert nato.loc[2, "entry_date"] == dt.date(1949, 4, 4)
    # every 1914-system, NATO, Warsaw Pact and US-Japan row has its entry day
    core = m["alliance"].isin(
        ["nato", "warsaw_pact", "us_japan_1951", "us_japan_1960", "triple_alliance",
         "dual_alliance", "franco_russian", "austro_romanian_1883", "anglo_japanese",
         "serbia_montenegro_1912", "greek_serbian_1913", "anglo_portuguese_1899"]
    )  # fmt: skip
    assert m.loc[core, "entry_date"].notna().all()


def test_against_codes_are_states_and_never_members_addressed() -> None:
    from alliancelab.reference import load_alliance_members, load_states

    codes = set(load_states()["ccode"].astype(int))
    m = load_alliance_members()
    against = m["against"].dropna()
    assert len(against) >= 15
    for aid, text in zip(m.loc[against.index, "alliance"], against, strict=True):
        named = {int(x) for x in text.split()}
        assert named <= codes, (aid, named - codes)
    fr = m[m["alliance"] == "franco_russian"].set_index("ccode")["against"]
    assert fr[220] == "255 300" and fr[365] == "255 325"  # convention art. 1
    dual = m[m["alliance"] == "dual_alliance"]["against"]
    assert set(dual) == {"365"}  # ATOP 1335: specthrt 1, statthr1 365 (Russia)


def test_bad_date_is_reported_with_its_place(tmp_path: Path) -> None:
    from alliancelab.reference import read_table

    p = tmp_path / "t.csv"
    p.write_text("d\n1914-07-28\n1914-13-01\n", encoding="utf-8")
    with pytest.raises(DataFormatError) as info:
        read_table(p, {"d": "date?"})
    assert info.value.row == 3 and info.value.field == "d"
