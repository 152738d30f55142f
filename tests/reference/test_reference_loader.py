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
