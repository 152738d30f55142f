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
from dataclasses import dataclass
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
    """Copy ``src`` (plain or .gz) to ``dst`` with its lines edited by ``fn`` (LF endings)."""
    data = src.read_bytes()
    text = (gzip.decompress(data) if src.name.endswith(".gz") else data).decode("utf-8")
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
    importing it (with the official files ``extra``) as ``source`` must raise
    DataFormatError matching ``match`` with these ``row`` and ``field`` (and ``file``,
    default the file's name), leave the store unchanged, and put every string of ``also``
    in the message."""

    source: str
    make: Callable[[Path, Path], Made]
    row: int | None
    field: str | None
    match: str
    also: tuple[str, ...] = ()
    extra: tuple[str, ...] = ()  # more official files of the same import


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


def _slice(
    src: str,
    dst: str,
    line: int | None = None,
    index: int | None = None,
    value: str = "",
    *,
    head: int = 40,
    old: str | None = None,
) -> Callable[[Path, Path], Made]:
    """A maker: the header and first ``head`` data lines of the official file ``src``,
    with field ``index`` of line ``line`` (0-based, header = 0) set to ``value`` (or the
    text ``old`` in that line replaced by ``value``); ``line`` None keeps the header only."""

    def make(shared: Path, tmp: Path) -> Made:
        def edit(lines: list[str]) -> list[str]:
            lines = [ln for ln in lines if ln][: head + 1] if line is not None else lines[:1]
            if line is not None and old is not None:
                assert old in lines[line]
                lines[line] = lines[line].replace(old, value, 1)
            elif line is not None and index is not None:
                lines[line] = _set_field(lines[line], index, value)
            return lines

        return _edit(shared / src, tmp / dst, edit)

    return make


def _synthetic(name: str, *lines: str) -> Callable[[Path, Path], Made]:
    """A maker writing a small CSV file ``name`` from ``lines``."""

    def make(shared: Path, tmp: Path) -> Made:
        f = tmp / name
        f.write_text("\n".join(lines) + "\n")
        return f

    return make


def _alliance(**fields: str) -> Callable[[Path, Path], Made]:
    """Two alliance members; row 3's named fields (by header name) set."""

    def make(shared: Path, tmp: Path) -> Made:
        names = ALLIANCE_HEADER.split(",")
        bad = _alliance_row(1, 20, 1900, 1905).split(",")
        for k, v in fields.items():
            bad[names.index(k)] = v
        rows = [ALLIANCE_HEADER, _alliance_row(1, 2, 1900, 1905), ",".join(bad)]
        return _synthetic("members.csv", *rows)(shared, tmp)

    return make


def _blank_lines_then_bad(shared: Path, tmp: Path) -> Made:
    """peacesciencer's cow_ddy with two blank lines before a bad row: the row named is the
    file line (blank lines counted), not the data row."""
    f = tmp / "cow_ddy.csv"
    f.write_text("ccode1,ccode2,year\n2,20,1920\n\n\n2,20,1921\n2,20,2099\n")
    return f


MAJORS_HEADER = "stateabb,ccode,styear,stmonth,stday,endyear,endmonth,endday,version"
RIVALRY_ROW = "1,Austria-France,220,300,1494,1918,E,s,,"
RIVALRY_HEADER = "rivalryno,rivalryname,ccode1,ccode2,styear,endyear,region,type1,type2,type3"


MIDB = ("cow_mid/MIDB 5.0.csv", "MIDB 5.0.csv")
NMC60 = ("cow_nmc/NMC-60-abridged.csv", "nmc.csv")
ATOPM = ("atop/atop5_1m.csv", "atop5_1m.csv")
MIDA = ("cow_mid/MIDA 5.0.csv", "MIDA 5.0.csv")
CONTDIR = ("cow_contiguity/contdir.csv", "contdir.csv")
CONTDIR32 = ("peacesciencer/cow_contdir.csv.gz", "cow_contdir.csv")
SYSTEM = ("cow_states/system2016.csv", "system2016.csv")
STATES = ("cow_states/states2016.csv", "states2016.csv")
MAJORS = ("cow_states/majors2016.csv", "majors2016.csv")
PS_MAJORS = ("peacesciencer/cow_majors.csv.gz", "cow_majors.csv")
PS_NMC = ("peacesciencer/cow_nmc.csv.gz", "cow_nmc.csv")
PS_ISARD = ("peacesciencer/isard_cw_system.csv.gz", "isard_cw_system.csv")
ISARD = ("peacesciencer/isard_cw_system.csv.gz",)  # the file a peacesciencer import needs

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
    # -- impossible values (issue 13, item 4): range and finiteness rules of _parse ----
    "nmc_milex_inf": Bad(
        "cow-nmc", _slice(*NMC60, 7, 3, "inf"), 8, "milex", "not a finite number: 'inf'"
    ),
    "nmc_cinc_minus_inf": Bad(
        "cow-nmc", _slice(*NMC60, 3, 9, "-inf"), 4, "cinc", "not a finite number: '-inf'"
    ),
    "nmc_milex_1e400": Bad(
        "cow-nmc", _slice(*NMC60, 12, 3, "1e400"), 13, "milex", "not a finite number: '1e400'"
    ),
    "nmc_negative_milper": Bad(
        "cow-nmc", _slice(*NMC60, 5, 4, "-5"), 6, "milper", "value -5 below 0"
    ),
    "nmc_negative_cinc": Bad(
        "cow-nmc", _slice(*NMC60, 5, 9, "-0.01"), 6, "cinc", "value -0.01 below 0"
    ),
    "nmc_cinc_above_one": Bad(
        "cow-nmc", _slice(*NMC60, 9, 9, "1.5"), 10, "cinc", "value 1.5 above 1"
    ),
    "nmc_minus_7_is_no_missing_code": Bad(
        "cow-nmc", _slice(*NMC60, 9, 3, "-7"), 10, "milex", "value -7 below 0"
    ),
    "nmc_year_2099": Bad("cow-nmc", _slice(*NMC60, 20, 2, "2099"), 21, "year", "2099 above"),
    "nmc_header_only": Bad("cow-nmc", _slice(*NMC60), 2, None, "header but no data rows"),
    "nmc_nul_byte": Bad(
        "cow-nmc", _slice(*NMC60, 14, 0, "U\x00SA"), 15, None, "NUL byte"
    ),
    "mida_stmon_13": Bad(
        "cow-mid", _slice(*MIDA, 6, 2, "13"), 7, "stmon", "stmon 13 is not a month"
    ),
    "mida_stmon_minus_1": Bad(
        "cow-mid", _slice(*MIDA, 4, 2, "-1"), 5, "stmon", "stmon -1 is not a month"
    ),
    "mida_endday_32": Bad(
        "cow-mid", _slice(*MIDA, 4, 4, "32"), 5, "endday", "endday 32 is not a day"
    ),
    "mida_31_june": Bad(  # row 3 of MIDA: dispute 3 starts 2 May 1913
        "cow-mid", _slice(*MIDA, 2, old="2,5,1913", value="31,6,1913"), 3, "stday",
        "1913-06-31 is not a calendar date",
    ),
    "midb_styear_2099": Bad("cow-mid", _slice(*MIDB, 3, 5, "2099"), 4, "styear", "2099 above"),
    "contiguity_begin_minus_1816": Bad(
        "cow-contiguity", _slice(*CONTDIR, 2, old=",197307,", value=",-1816,"), 3, "begin",
        "value -1816 below 181601",
    ),
    "contiguity_begin_0001": Bad(
        "cow-contiguity", _slice(*CONTDIR, 2, old=",197307,", value=",0001,"), 3, "begin",
        "value 0001 below 181601",
    ),
    "contiguity_32_date_year_1": Bad(
        "cow-contiguity", _slice(*CONTDIR32, 5, 3, "0001-01-01"), 6, "stdate", "0001-01-01"
    ),
    "contiguity_32_date_minus_1816": Bad(
        "cow-contiguity", _slice(*CONTDIR32, 5, 4, "-1816-01-01"), 6, "enddate", "-1816-01-01"
    ),
    "contiguity_header_only": Bad(
        "cow-contiguity", _slice(*CONTDIR), 2, None, "header but no data rows"
    ),
    "contiguity_32_header_only": Bad(
        "cow-contiguity", _slice(*CONTDIR32), 2, None, "header but no data rows"
    ),
    "system_year_2099": Bad("cow-states", _slice(*SYSTEM, 30, 2, "2099"), 31, "year", "2099 above"),
    "states_month_13": Bad(
        "cow-states", _slice(*STATES, 3, 4, "13"), 4, "stmonth", "stmonth 13 is not a month"
    ),
    "states_nul_in_name": Bad(
        "cow-states", _slice(*STATES, 6, 2, "Ja\x00pan"), 7, None, "NUL byte"
    ),
    "majors_31_february": Bad(
        "cow-states", _slice(*MAJORS, 2, 6, "2"), 3, "endday", "2016-02-31 is not a calendar date"
    ),
    "majors_29_february_1900": Bad(
        "cow-states", _synthetic("majors.csv", MAJORS_HEADER, "UKG,200,1900,2,29,1901,1,1,2016"),
        2, "stday", "1900-02-29 is not a calendar date",
    ),
    "majors_header_only": Bad("cow-states", _slice(*MAJORS), 2, None, "header but no data rows"),
    "alliance_member_31_february": Bad(
        "cow-alliance", _alliance(mem_st_day="31", mem_st_month="2"), 3, "mem_st_day",
        "1900-02-31 is not a calendar date",
    ),
    "alliance_end_31_april": Bad(
        "cow-alliance", _alliance(all_end_day="31", all_end_month="4"), 3, "all_end_day",
        "1905-04-31 is not a calendar date",
    ),
    "alliance_year_2099": Bad(
        "cow-alliance", _alliance(mem_end_year="2099"), 3, "mem_end_year", "2099 above"
    ),
    "alliance_header_only": Bad(
        "cow-alliance", _synthetic("members.csv", ALLIANCE_HEADER), 2, None, "no data rows"
    ),
    "atop_members_header_only": Bad("atop", _slice(*ATOPM), 2, None, "header but no data rows"),
    "atop_entry_2099": Bad("atop", _slice(*ATOPM, 3, 5, "2099"), 4, "yrent", "2099 above"),
    "rivalries_header_only": Bad(
        "rivalries", _synthetic("r.csv", RIVALRY_HEADER), 2, None, "header but no data rows"
    ),
    "rivalries_nul_in_name": Bad(
        "rivalries", _synthetic("r.csv", RIVALRY_HEADER, RIVALRY_ROW.replace("-", "\x00")),
        2, None, "NUL byte",
    ),
    "rivalries_end_2099": Bad(
        "rivalries", _synthetic("r.csv", RIVALRY_HEADER, RIVALRY_ROW.replace("1918", "2099")),
        2, "endyear", "2099 above",
    ),
    # -- peacesciencer's exported inputs (with isard_cw_system, which every import needs) --
    "ps_majors_month_13": Bad(
        "peacesciencer", _slice(*PS_MAJORS, 2, 2, "13"), 3, "stmonth", "value 13 outside 1-12",
        extra=ISARD,
    ),
    "ps_majors_day_99": Bad(
        "peacesciencer", _slice(*PS_MAJORS, 1, 3, "99"), 2, "stday", "value 99 outside 1-31",
        extra=ISARD,
    ),
    "ps_majors_31_february": Bad(
        "peacesciencer", _slice(*PS_MAJORS, 2, 5, "2"), 3, "endday", "no calendar date",
        extra=ISARD,
    ),
    "ps_nmc_header_only": Bad(
        "peacesciencer", _slice(*PS_NMC), 2, None, "header but no data rows", extra=ISARD
    ),
    "ps_nmc_milex_inf": Bad(
        "peacesciencer", _slice(*PS_NMC, 4, 2, "inf"), 5, "milex", "not a finite number",
        extra=ISARD,
    ),
    "ps_nmc_negative_tpop": Bad(
        "peacesciencer", _slice(*PS_NMC, 4, 6, "-3"), 5, "tpop", "negative amount -3",
        extra=ISARD,
    ),
    "ps_nmc_year_2099": Bad(
        "peacesciencer", _slice(*PS_NMC, 6, 1, "2099"), 7, "year", "year 2099 out of range",
        extra=ISARD,
    ),
    "ps_row_numbers_count_blank_lines": Bad(
        "peacesciencer", _blank_lines_then_bad, 6, "year", "year 2099 out of range", extra=ISARD
    ),
    "ps_duplicate_key_shows_plain_numbers": Bad(
        "peacesciencer", _slice(*PS_NMC, 3, 1, "1817"), 4, "year",
        r"duplicate key \(ccode=2, year=1817\)", extra=ISARD,
    ),
    "ps_isard_nul_in_name": Bad(
        "peacesciencer", _slice(*PS_ISARD, 3, 2, "Ha\x00iti"), 4, "cw_name", "NUL byte"
    ),
    "ps_isard_date_2099": Bad(
        "peacesciencer", _slice(*PS_ISARD, 3, 4, "2099-12-31"), 4, "end", "out of range"
    ),
    # covariate sources (issue 14)
    "gml_onset_2": Bad(
        "gml-mid", _slice("gml_mid/gml_mid_ddydisps.csv.gz", "gml_mid_ddydisps.csv", 3, 5, "2"),
        4, "gmlmidonset", "above 1",
    ),
    "democracy_polity2_11": Bad(
        "democracy", _slice("extra/cw_democracy.csv.gz", "cw_democracy.csv", 2, 4, "11"),
        3, "polity2", "above 10",
    ),
    "gdppop_negative_sd": Bad(
        "gdp-pop", _slice("extra/cw_gdppop.csv.gz", "cw_gdppop.csv", 5, 3, "-5"),
        6, "sd_mrgdppc", "below 0",
    ),
    "capitals_month_13": Bad(
        "capitals", _slice("extra/cow_capitals.csv.gz", "cow_capitals.csv", 2, 3, "1816-13-01"),
        3, "stdate", "not a date",
    ),
    "mindist_negative": Bad(
        "cow-mindist", _slice("extra/cow_mindist.csv.gz", "cow_mindist.csv", 4, 3, "-4"),
        5, "mindist", "below 0",
    ),
    "cow_war_onset_7": Bad(
        "cow-war", _slice("extra/cow_war_inter.csv.gz", "cow_war_inter.csv", 1, 5, "7"),
        2, "cowinteronset", "above 1",
    ),
    "cow_war_participants_31_april": Bad(
        "cow-war-participants",
        _slice("cow_war/Inter-StateWarData_v4.0.csv", "Inter-StateWarData_v4.0.csv", 1, 7, "31"),
        2, "StartDay1", "not in its month",
    ),
    "terrthreat_year_text": Bad(
        "terrthreat", _slice("extra/terrthreat.csv.gz", "terrthreat.csv", 3, 1, "18x6"),
        4, "year", "not a number",
    ),
    "arms_race_unknown_state": Bad(
        "arms-races", _slice("extra/grh_arms_races.csv.gz", "grh_arms_races.csv", 2, 2, "998"),
        3, "ccode2", "unknown COW state code",
    ),
    "gw_crosswalk_code_1000": Bad(
        "gw-crosswalk", _slice("extra/cw_gw_panel.csv.gz", "cw_gw_panel.csv", 2, 2, "1000"),
        3, "gwcode", "above 999",
    ),
    "powers_end_before_start": Bad(
        "powers", _slice("extra/maoz_powers.csv.gz", "maoz_powers.csv", 1, 2, "1800-01-01"),
        2, "regenddate", "before",
    ),
    "tss_rivalry_end_before_start": Bad(
        "tss-rivalries",
        _slice("rivalries/tss_rivalries.csv.gz", "tss_rivalries.csv", 1, 5, "1400"),
        2, "end", "before",
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
    paths = [*(shared_data / f for f in case.extra), path]
    with pytest.raises(DataFormatError, match=case.match) as exc:
        import_source(case.source, paths, store=store)
    assert exc.value.file == expect["file"]
    assert exc.value.row == expect["row"]
    assert exc.value.field == expect["field"]
    for text in case.also:
        assert text in str(exc.value)
    assert "np." not in str(exc.value)  # 201, never np.int64(201)
    assert store.snapshot_contents() == before


def test_the_table_covers_every_kind_of_source() -> None:
    """Every importer has bad cases, at least 40 in all (issue 13)."""
    from alliancelab.store.importers import IMPORTERS, _key

    covered = {_key(c.source) for c in BAD.values()}
    assert covered == set(IMPORTERS)
    assert len(BAD) >= 40


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


def _classify(shared: Path) -> dict[str, int]:
    """Run every case of :data:`BAD` outside pytest and count the outcomes: a clean
    project error, a traceback (any other exception) or a silent acceptance (no error),
    and whether the store changed. ``python tests/store/test_store_import_bad.py`` prints
    the counts (with ``PYTHONPATH=<old checkout>/src`` it measures an older version)."""
    import collections
    import tempfile

    from alliancelab.errors import AllianceLabError

    count: collections.Counter[str] = collections.Counter()
    for name, case in BAD.items():
        with tempfile.TemporaryDirectory() as d:
            tmp = Path(d)
            st = Store(tmp / "store.duckdb")
            import_source("rivalries", shared / "rivalries/td_rivalries.csv.gz", store=st)
            before = st.snapshot_contents()
            made = case.make(shared, tmp)
            path = made[0] if isinstance(made, tuple) else made
            try:
                import_source(case.source, [*(shared / f for f in case.extra), path], store=st)
                kind = "silent acceptance"
            except AllianceLabError:
                kind = "clean error"
            except Exception as exc:
                kind = f"traceback ({type(exc).__name__})"
            if st.snapshot_contents() != before:
                kind += ", store changed"
            print(f"{name}: {kind}")
            count[kind] += 1
    return dict(count)


if __name__ == "__main__":
    here = Path(__file__).resolve()
    counts = _classify(here.parents[3] / "shared" / "data")
    print(counts, "cases:", sum(counts.values()))
