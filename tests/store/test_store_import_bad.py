"""Malformed input: an error naming file, row and field (or a reported repair), and a store
that is exactly as it was before the failed import.

Malformed files are made in ``tmp_path`` by editing copies of the official files in memory
or by writing tiny synthetic CSVs. The failing imports are one table, :data:`BAD`: each
case names the source, how its file is made and the error expected (file, row, field,
message); :func:`test_bad_import` checks every case the same way, including that the store
is exactly as before. The repairs that succeed (with a note) are separate tests below.
"""

from __future__ import annotations

import gzip
import warnings
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from alliancelab.errors import DataFormatError
from alliancelab.store import Store, import_source

ALLIANCE_HEADER = (
    "version4id,ccode,state_name,all_st_day,all_st_month,all_st_year,all_end_day,"
    "all_end_month,all_end_year,ss_type,mem_st_day,mem_st_month,mem_st_year,mem_end_day,"
    "mem_end_month,mem_end_year,left_censor,right_censor,defense,neutrality,nonaggression,"
    "entente,version"
)


@pytest.fixture
def store(tmp_path: Path, shared_data: Path) -> Store:
    """A store that already holds something (rivalries), so 'unchanged' is not trivial."""
    st = Store(tmp_path / "store.duckdb")
    import_source("rivalries", shared_data / "rivalries/td_rivalries.csv.gz", store=st)
    return st


def _edit(src: Path, dst: Path, fn: Callable[[list[str]], list[str]]) -> Path:
    """Copy ``src`` to ``dst`` with its lines edited by ``fn`` (line endings kept as LF)."""
    text = src.read_bytes().decode("utf-8")
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    dst.write_text("\n".join(fn(lines)), encoding="utf-8")
    return dst


def _set_field(line: str, index: int, value: str) -> str:
    parts = line.split(",")
    parts[index] = value
    return ",".join(parts)


Made = Path | tuple[Path, dict[str, Any]]
"""A maker's result: the bad file, or the file and expected values computed from it."""


@dataclass(frozen=True)
class Bad:
    """One malformed-input case: ``make(shared_data, tmp_path)`` writes the bad file;
    importing it as ``source`` must raise DataFormatError matching ``match`` with these
    ``row`` and ``field`` (and ``file``, default the file's name), leave the store
    unchanged, and put every string of ``also`` in the message."""

    source: str
    make: Callable[[Path, Path], Made]
    row: int | None
    field: str | None
    match: str
    also: tuple[str, ...] = field(default=())


def _truncated_csv(shared: Path, tmp: Path) -> Made:
    data = (shared / "cow_nmc/NMC-60-abridged.csv").read_bytes()
    cut = data[: data.index(b"\r\n", 5000) + 12]  # stops 10 characters into a line
    bad = tmp / "NMC-60-abridged.csv"
    bad.write_bytes(cut)
    return bad, {"row": cut.count(b"\n") + 1}


def _truncated_gzip(shared: Path, tmp: Path) -> Made:
    data = (shared / "cow_nmc/cow_nmc.csv.gz").read_bytes()
    bad = tmp / "cow_nmc.csv.gz"
    bad.write_bytes(data[: len(data) // 2])
    return bad


def _missing_header_row(shared: Path, tmp: Path) -> Made:
    return _edit(shared / "cow_mid/MIDB 5.0.csv", tmp / "MIDB 5.0.csv", lambda x: x[1:])


def _wrong_header_name(shared: Path, tmp: Path) -> Made:
    def rename(lines: list[str]) -> list[str]:
        return [lines[0].replace("milper", "milpers"), *lines[1:]]

    return _edit(shared / "cow_nmc/NMC_5_0.csv", tmp / "NMC_5_0.csv", rename)


def _set_line(
    src: str, dst: str, line: int, index: int, value: str
) -> Callable[[Path, Path], Made]:
    """A maker: copy ``src`` with field ``index`` of line ``line`` (0-based) set to ``value``."""

    def make(shared: Path, tmp: Path) -> Made:
        def edit(lines: list[str]) -> list[str]:
            lines[line] = _set_field(lines[line], index, value)
            return lines

        return _edit(shared / src, tmp / dst, edit)

    return make


def _nmc_unknown_release(shared: Path, tmp: Path) -> Made:
    """A release tag not listed and a coverage (to 2010) matching no release."""

    def edit(lines: list[str]) -> list[str]:
        head, body = lines[0], [ln for ln in lines[1:] if ln]
        keep = [ln for ln in body if int(ln.split(",")[2]) <= 2010]
        return [head, *(ln.rsplit(",", 1)[0] + ",2099" for ln in keep)]

    return _edit(shared / "cow_nmc/NMC-60-abridged.csv", tmp / "nmc.csv", edit)


def _majors_minus_8(shared: Path, tmp: Path) -> Made:
    bad = tmp / "majors.csv"
    bad.write_text(
        "stateabb,ccode,styear,stmonth,stday,endyear,endmonth,endday,version\n"
        "USA,2,1898,8,13,2016,12,31,2016\n"
        "UKG,200,1816,-8,1,2016,12,31,2016\n"
    )
    return bad


def _duplicate_state_year(shared: Path, tmp: Path) -> Made:
    def edit(lines: list[str]) -> list[str]:
        return [*lines[:21], lines[20], *lines[21:]]  # row 22 repeats row 21

    return _edit(shared / "cow_nmc/NMC_5_0.csv", tmp / "NMC_5_0.csv", edit)


def _alliance_year_zero(shared: Path, tmp: Path) -> Made:
    f = tmp / "members.csv"
    bad = _alliance_row(1, 20, 1900, 1905).split(",")
    bad[5] = "0"  # all_st_year 0 on row 3
    f.write_text("\n".join([ALLIANCE_HEADER, _alliance_row(1, 2, 1900, 1905), ",".join(bad)]))
    return f


def _empty_file(shared: Path, tmp: Path) -> Made:
    empty = tmp / "empty.csv"
    empty.write_text("")
    return empty


def _unterminated_quote(shared: Path, tmp: Path) -> Made:
    quote = tmp / "r.csv"
    quote.write_text(
        "rivalryno,rivalryname,ccode1,ccode2,styear,endyear,region,type1,type2,type3\n"
        '1,"Austria-France,220,300,1494,1918,E,spatial,,\n'
    )
    return quote


def _contiguity_bad_month(shared: Path, tmp: Path) -> Made:
    def edit(lines: list[str]) -> list[str]:
        lines[2] = lines[2].replace("197307", "197313")  # row 3: begin
        return lines

    return _edit(shared / "cow_contiguity/contdir.csv", tmp / "contdir.csv", edit)


def _sipri_workbook(shared: Path, tmp: Path, cell_value: str | None) -> Made:
    """SIPRI's workbook with Kenya renamed Narnia (``cell_value`` None) or with one of
    Kenya's cells (column 40) set to ``cell_value``."""
    import openpyxl

    src = shared / "milex/SIPRI-Milex-data-1949-2024_2.xlsx"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # openpyxl style warnings on some SIPRI workbooks
        wb = openpyxl.load_workbook(src)
    ws = wb["Share of GDP"]
    row = next(r for r in range(1, ws.max_row + 1) if ws.cell(r, 1).value == "Kenya")
    expect: dict[str, Any] = {"row": row, "file": "sipri.xlsx [Share of GDP]"}
    if cell_value is None:
        ws.cell(row, 1).value = "Narnia"
    else:
        ws.cell(row, 40).value = cell_value
        expect["field"] = str(int(ws.cell(6, 40).value))
    bad = tmp / "sipri.xlsx"
    wb.save(bad)
    return bad, expect


def _not_a_workbook(shared: Path, tmp: Path) -> Made:
    bad = tmp / "milex.xlsx"
    bad.write_bytes(b"PK\x03\x04 not really a zip")
    return bad


def _gzip_plain_text(shared: Path, tmp: Path) -> Made:
    bad = tmp / "td_rivalries.csv.gz"
    bad.write_bytes(gzip.compress(b"rivalryno,rivalryname\n1,x\n")[:-4])
    return bad


MIDB = ("cow_mid/MIDB 5.0.csv", "MIDB 5.0.csv")
NMC60 = ("cow_nmc/NMC-60-abridged.csv", "nmc.csv")
ATOPM = ("atop/atop5_1m.csv", "atop5_1m.csv")

# fmt: off
BAD: dict[str, Bad] = {
    # row None in the table = computed by the maker where it says so
    "truncated_csv": Bad("cow-nmc", _truncated_csv, None, None, "fields but the header has 11"),
    "truncated_gzip": Bad("cow-nmc", _truncated_gzip, None, None, "truncated or corrupt"),
    "missing_header_row": Bad("cow-mid", _missing_header_row, 1, None, "header row is missing"),
    "wrong_header_name": Bad(
        "cow-nmc", _wrong_header_name, 1, "milper", "missing column 'milper'",
        also=("milpers",),  # the message shows the header found
    ),
    "non_numeric_state_code": Bad(  # row 10: ccode
        "cow-states", _set_line("cow_states/system2016.csv", "system2016.csv", 9, 1, "USA"),
        10, "ccode", "not a number: 'USA'",
    ),
    "unknown_state_code": Bad(  # row 100 of MIDB: ccode
        "cow-mid", _set_line(*MIDB, 99, 2, "999"), 100, "ccode", "unknown COW state code 999"
    ),
    "missing_code_in_a_key_column": Bad(  # row 42: year
        "cow-nmc", _set_line(*NMC60, 41, 2, "-9"), 42, "year", "missing-value code -9"
    ),
    "nmc_unknown_release_tag_and_coverage": Bad(
        "cow-nmc", _nmc_unknown_release, None, "version", "release tag 2099"
    ),
    "minus_8_where_no_missing_value_is_allowed": Bad(
        "cow-states", _majors_minus_8, 3, "stmonth", "missing-value code -8"
    ),
    "duplicate_state_year": Bad(
        "cow-nmc", _duplicate_state_year, 22, "year", "duplicate state-year"
    ),
    "alliance_year_zero_is_an_error": Bad(
        "cow-alliance", _alliance_year_zero, 3, "all_st_year", "year 0"
    ),
    "atop_exit_before_entry": Bad(  # row 5: yrexit
        "atop", _set_line(*ATOPM, 4, 8, "1700"), 5, "yrexit", "before yrent"
    ),
    "atop_obligation_not_a_flag": Bad(  # row 7: defense
        "atop", _set_line(*ATOPM, 6, 30, "2"), 7, "defense", "above 1"
    ),
    "empty_file": Bad("rivalries", _empty_file, 1, None, "empty"),
    "unterminated_quote": Bad("rivalries", _unterminated_quote, 2, None, "malformed CSV"),
    "contiguity_bad_month": Bad(
        "cow-contiguity", _contiguity_bad_month, 3, "begin", "not a YYYYMM date"
    ),
    "sipri_unmapped_country": Bad(
        "sipri-milex", lambda s, t: _sipri_workbook(s, t, None), None, "Country",
        "'Narnia' has no COW code",
    ),
    "sipri_bad_cell": Bad(
        "sipri-milex", lambda s, t: _sipri_workbook(s, t, "n/a"), None, None,
        "not a number: 'n/a'",
    ),
    "not_a_workbook": Bad("sipri-milex", _not_a_workbook, None, None, "not a readable .xlsx"),
    "gzip_plain_text_with_gz_name": Bad(
        "rivalries", _gzip_plain_text, None, None, "truncated or corrupt"
    ),
}
# fmt: on


@pytest.mark.parametrize("case", list(BAD.values()), ids=list(BAD))
def test_bad_import(case: Bad, store: Store, shared_data: Path, tmp_path: Path) -> None:
    """The import fails with file, row and field named, and the store is as before."""
    made = case.make(shared_data, tmp_path)
    path, computed = made if isinstance(made, tuple) else (made, {})
    expect = {"file": path.name, "row": case.row, "field": case.field, **computed}
    before = store.snapshot_contents()
    with pytest.raises(DataFormatError, match=case.match) as exc:
        import_source(case.source, [path], store=store)
    assert exc.value.file == expect["file"]
    assert exc.value.row == expect["row"]
    assert exc.value.field == expect["field"]
    for text in case.also:
        assert text in str(exc.value)
    assert store.snapshot_contents() == before


def test_the_table_covers_every_kind_of_source() -> None:
    """Every importer but peacesciencer's (tested in its own module) has a bad case."""
    from alliancelab.store.importers import IMPORTERS, _key

    covered = {_key(c.source) for c in BAD.values()}
    assert covered == set(IMPORTERS) - {"peacesciencer"}


# -- repairs that succeed, with a note --------------------------------------------------


def _alliance_row(aid: int, ccode: int, start: int, end: int, flags: str = "1,0,1,1") -> str:
    return f"{aid},{ccode},X,1,1,{start},1,1,{end},T,1,1,{start},1,1,{end},0,0,{flags},4.1"


def test_missing_codes_are_mapped_and_reported(store: Store, tmp_path: Path) -> None:
    f = tmp_path / "nmc.csv"
    f.write_text(
        "stateabb,ccode,year,milex,milper,irst,pec,tpop,upop,cinc,version\n"
        "USA,2,1816,-9,17,80,254,8659,-8,.0397,2021\n"
        "UKG,200,1816,-9,-9,80,254,8659,101,.0397,2021\n"
    )
    rec = import_source("cow-nmc", f, store=store)
    df = store.read("cow_nmc", "nmc")
    assert df["milex"].isna().all() and int(df["milper"].isna().sum()) == 1
    assert df["upop"].isna().tolist() == [True, False]
    assert "milex: COW missing codes (2 x -9) -> NA" in rec.notes
    assert "upop: COW missing codes (1 x -8) -> NA" in rec.notes


def test_duplicate_dyad_years_collapse_with_max(store: Store, tmp_path: Path) -> None:
    """Two alliances joined by the same pair in 1900-1901: one dyad-year each, flags max."""
    f = tmp_path / "members.csv"
    f.write_text(
        "\n".join(
            [
                ALLIANCE_HEADER,
                _alliance_row(1, 2, 1900, 1901, "1,0,0,0"),
                _alliance_row(1, 20, 1900, 1901, "1,0,0,0"),
                _alliance_row(2, 2, 1899, 1901, "0,0,1,1"),
                _alliance_row(2, 20, 1899, 1901, "0,0,1,1"),
            ]
        )
    )
    rec = import_source("cow-alliance", f, store=store)
    dy = store.read("cow_alliance", "dyad_years").sort_values(["ccode1", "year"])
    assert len(dy) == 6  # 1899-1901, both directions
    row = dy[(dy["ccode1"] == 2) & (dy["year"] == 1900)].iloc[0]
    assert (row["cow_defense"], row["cow_nonagg"], row["cow_entente"]) == (1, 1, 1)
    assert "4 duplicate dyad-years" in rec.notes


def test_membership_year_zero_is_repaired(store: Store, tmp_path: Path) -> None:
    f = tmp_path / "members.csv"
    bad = _alliance_row(1, 20, 1900, 1905).split(",")
    bad[12] = "0"  # mem_st_year 0 on row 3
    f.write_text("\n".join([ALLIANCE_HEADER, _alliance_row(1, 2, 1900, 1905), ",".join(bad)]))
    rec = import_source("cow-alliance", f, store=store)
    assert "mem_st_year 0 on row(s) 3 repaired with all_st_year" in rec.notes
    members = store.read("cow_alliance", "members")
    assert set(members["mem_st_year"]) == {1900}
    assert len(store.read("cow_alliance", "dyad_years")) == 12
