"""Malformed input: an error naming file, row and field (or a reported repair), and a store
that is exactly as it was before the failed import.

Malformed files are made in ``tmp_path`` by editing copies of the official files in memory
or by writing tiny synthetic CSVs.
"""

from __future__ import annotations

import gzip
import warnings
from collections.abc import Callable
from pathlib import Path

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


def _fails(
    store: Store, source: str, path: Path, *, row: int | None, field: str | None, match: str
) -> DataFormatError:
    before = store.snapshot_contents()
    with pytest.raises(DataFormatError, match=match) as exc:
        import_source(source, [path], store=store)
    assert exc.value.file == path.name
    assert exc.value.row == row
    assert exc.value.field == field
    assert store.snapshot_contents() == before
    return exc.value


def test_truncated_csv(store: Store, shared_data: Path, tmp_path: Path) -> None:
    data = (shared_data / "cow_nmc/NMC-60-abridged.csv").read_bytes()
    cut = data[: data.index(b"\r\n", 5000) + 12]  # stops 10 characters into a line
    bad = tmp_path / "NMC-60-abridged.csv"
    bad.write_bytes(cut)
    row = cut.count(b"\n") + 1
    _fails(store, "cow-nmc", bad, row=row, field=None, match="fields but the header has 11")


def test_truncated_gzip(store: Store, shared_data: Path, tmp_path: Path) -> None:
    data = (shared_data / "cow_nmc/cow_nmc.csv.gz").read_bytes()
    bad = tmp_path / "cow_nmc.csv.gz"
    bad.write_bytes(data[: len(data) // 2])
    _fails(store, "cow-nmc", bad, row=None, field=None, match="truncated or corrupt")


def test_missing_header_row(store: Store, shared_data: Path, tmp_path: Path) -> None:
    bad = _edit(shared_data / "cow_mid/MIDB 5.0.csv", tmp_path / "MIDB 5.0.csv", lambda x: x[1:])
    _fails(store, "cow-mid", bad, row=1, field=None, match="header row is missing")


def test_wrong_header_name(store: Store, shared_data: Path, tmp_path: Path) -> None:
    def rename(lines: list[str]) -> list[str]:
        return [lines[0].replace("milper", "milpers"), *lines[1:]]

    bad = _edit(shared_data / "cow_nmc/NMC_5_0.csv", tmp_path / "NMC_5_0.csv", rename)
    err = _fails(store, "cow-nmc", bad, row=1, field="milper", match="missing column 'milper'")
    assert "milpers" in str(err)  # the message shows the header found


def test_non_numeric_state_code(store: Store, shared_data: Path, tmp_path: Path) -> None:
    def edit(lines: list[str]) -> list[str]:
        lines[9] = _set_field(lines[9], 1, "USA")  # row 10: ccode
        return lines

    bad = _edit(shared_data / "cow_states/system2016.csv", tmp_path / "system2016.csv", edit)
    _fails(store, "cow-states", bad, row=10, field="ccode", match="not a number: 'USA'")


def test_unknown_state_code(store: Store, shared_data: Path, tmp_path: Path) -> None:
    def edit(lines: list[str]) -> list[str]:
        lines[99] = _set_field(lines[99], 2, "999")  # row 100 of MIDB: ccode
        return lines

    bad = _edit(shared_data / "cow_mid/MIDB 5.0.csv", tmp_path / "MIDB 5.0.csv", edit)
    _fails(store, "cow-mid", bad, row=100, field="ccode", match="unknown COW state code 999")


def test_missing_code_in_a_key_column(store: Store, shared_data: Path, tmp_path: Path) -> None:
    def edit(lines: list[str]) -> list[str]:
        lines[41] = _set_field(lines[41], 2, "-9")  # row 42: year
        return lines

    bad = _edit(shared_data / "cow_nmc/NMC-60-abridged.csv", tmp_path / "nmc.csv", edit)
    _fails(store, "cow-nmc", bad, row=42, field="year", match="missing-value code -9")


def test_nmc_unknown_release_tag_and_coverage(
    store: Store, shared_data: Path, tmp_path: Path
) -> None:
    """A release tag not listed and a coverage (to 2010) matching no release: an error
    naming the version column; the store unchanged."""

    def edit(lines: list[str]) -> list[str]:
        head, body = lines[0], [ln for ln in lines[1:] if ln]
        keep = [ln for ln in body if int(ln.split(",")[2]) <= 2010]
        return [head, *(ln.rsplit(",", 1)[0] + ",2099" for ln in keep)]

    bad = _edit(shared_data / "cow_nmc/NMC-60-abridged.csv", tmp_path / "nmc.csv", edit)
    _fails(store, "cow-nmc", bad, row=None, field="version", match="release tag 2099")


def test_minus_8_where_no_missing_value_is_allowed(store: Store, tmp_path: Path) -> None:
    bad = tmp_path / "majors.csv"
    bad.write_text(
        "stateabb,ccode,styear,stmonth,stday,endyear,endmonth,endday,version\n"
        "USA,2,1898,8,13,2016,12,31,2016\n"
        "UKG,200,1816,-8,1,2016,12,31,2016\n"
    )
    _fails(store, "cow-states", bad, row=3, field="stmonth", match="missing-value code -8")


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


def test_duplicate_state_year(store: Store, shared_data: Path, tmp_path: Path) -> None:
    def edit(lines: list[str]) -> list[str]:
        return [*lines[:21], lines[20], *lines[21:]]  # row 22 repeats row 21

    bad = _edit(shared_data / "cow_nmc/NMC_5_0.csv", tmp_path / "NMC_5_0.csv", edit)
    _fails(store, "cow-nmc", bad, row=22, field="year", match="duplicate state-year")


def _alliance_row(aid: int, ccode: int, start: int, end: int, flags: str = "1,0,1,1") -> str:
    return f"{aid},{ccode},X,1,1,{start},1,1,{end},T,1,1,{start},1,1,{end},0,0,{flags},4.1"


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


def test_alliance_year_zero_is_an_error(store: Store, tmp_path: Path) -> None:
    f = tmp_path / "members.csv"
    bad = _alliance_row(1, 20, 1900, 1905).split(",")
    bad[5] = "0"  # all_st_year 0 on row 3
    f.write_text("\n".join([ALLIANCE_HEADER, _alliance_row(1, 2, 1900, 1905), ",".join(bad)]))
    _fails(store, "cow-alliance", f, row=3, field="all_st_year", match="year 0")


def test_atop_exit_before_entry(store: Store, shared_data: Path, tmp_path: Path) -> None:
    def edit(lines: list[str]) -> list[str]:
        lines[4] = _set_field(lines[4], 8, "1700")  # row 5: yrexit
        return lines

    bad = _edit(shared_data / "atop/atop5_1m.csv", tmp_path / "atop5_1m.csv", edit)
    _fails(store, "atop", bad, row=5, field="yrexit", match="before yrent")


def test_atop_obligation_not_a_flag(store: Store, shared_data: Path, tmp_path: Path) -> None:
    def edit(lines: list[str]) -> list[str]:
        lines[6] = _set_field(lines[6], 30, "2")  # row 7: defense
        return lines

    bad = _edit(shared_data / "atop/atop5_1m.csv", tmp_path / "atop5_1m.csv", edit)
    _fails(store, "atop", bad, row=7, field="defense", match="above 1")


def test_empty_file_and_unterminated_quote(store: Store, tmp_path: Path) -> None:
    empty = tmp_path / "empty.csv"
    empty.write_text("")
    _fails(store, "rivalries", empty, row=1, field=None, match="empty")
    quote = tmp_path / "r.csv"
    quote.write_text(
        "rivalryno,rivalryname,ccode1,ccode2,styear,endyear,region,type1,type2,type3\n"
        '1,"Austria-France,220,300,1494,1918,E,spatial,,\n'
    )
    _fails(store, "rivalries", quote, row=2, field=None, match="malformed CSV")


def test_contiguity_bad_month(store: Store, shared_data: Path, tmp_path: Path) -> None:
    def edit(lines: list[str]) -> list[str]:
        lines[2] = lines[2].replace("197307", "197313")  # row 3: begin
        return lines

    bad = _edit(shared_data / "cow_contiguity/contdir.csv", tmp_path / "contdir.csv", edit)
    _fails(store, "cow-contiguity", bad, row=3, field="begin", match="not a YYYYMM date")


def test_sipri_unmapped_country_and_bad_cell(
    store: Store, shared_data: Path, tmp_path: Path
) -> None:
    import openpyxl

    src = shared_data / "milex/SIPRI-Milex-data-1949-2024_2.xlsx"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # openpyxl style warnings on some SIPRI workbooks
        wb = openpyxl.load_workbook(src)
    ws = wb["Share of GDP"]
    row = next(r for r in range(1, ws.max_row + 1) if ws.cell(r, 1).value == "Kenya")
    ws.cell(row, 1).value = "Narnia"
    bad = tmp_path / "sipri.xlsx"
    wb.save(bad)
    before = store.snapshot_contents()
    with pytest.raises(DataFormatError, match="'Narnia' has no COW code") as exc:
        import_source("sipri-milex", bad, store=store)
    assert exc.value.file == "sipri.xlsx [Share of GDP]"
    assert (exc.value.row, exc.value.field) == (row, "Country")
    assert store.snapshot_contents() == before
    ws.cell(row, 1).value = "Kenya"
    ws.cell(row, 40).value = "n/a"
    year = int(ws.cell(6, 40).value)
    wb.save(bad)
    with pytest.raises(DataFormatError, match="not a number: 'n/a'") as exc:
        import_source("sipri-milex", bad, store=store)
    assert (exc.value.row, exc.value.field) == (row, str(year))
    assert store.snapshot_contents() == before


def test_not_a_workbook(store: Store, tmp_path: Path) -> None:
    bad = tmp_path / "milex.xlsx"
    bad.write_bytes(b"PK\x03\x04 not really a zip")
    _fails(store, "sipri-milex", bad, row=None, field=None, match="not a readable .xlsx")


def test_gzip_plain_text_with_gz_name(store: Store, tmp_path: Path) -> None:
    bad = tmp_path / "td_rivalries.csv.gz"
    bad.write_bytes(gzip.compress(b"rivalryno,rivalryname\n1,x\n")[:-4])
    _fails(store, "rivalries", bad, row=None, field=None, match="truncated or corrupt")
