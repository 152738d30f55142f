"""Partial re-imports of multi-file sources merge; a SIPRI layout that would empty a
stored column is refused (issue 13, item 5). Every failed import leaves the store as it
was; every successful one keeps the tables the files given do not replace."""

from __future__ import annotations

import warnings
from pathlib import Path

import pytest

from alliancelab.errors import DataFormatError
from alliancelab.store import Store, import_source

STATES = ["cow_states/states2016.csv", "cow_states/system2016.csv", "cow_states/majors2016.csv"]


def _corrected_majors(shared_data: Path, tmp_path: Path) -> Path:
    """majors2016.csv with one end day corrected (a different file, same version)."""
    lines = (shared_data / "cow_states/majors2016.csv").read_text().splitlines()
    assert lines[1].startswith("USA,2,1898,8,13,2016,12,31")
    lines[1] = lines[1].replace(",12,31,", ",12,30,")
    f = tmp_path / "majors2016.csv"
    f.write_text("\n".join(lines) + "\n")
    return f


def test_a_corrected_majors_file_alone_keeps_states_and_system(
    tmp_path: Path, shared_data: Path
) -> None:
    st = Store(tmp_path / "s.duckdb")
    import_source("cow-states", [shared_data / f for f in STATES], store=st)
    states, system = st.read("cow_states", "states"), st.read("cow_states", "system")
    majors = st.read("cow_states", "majors")
    assert len(states) + len(system) == 16194  # the rows the issue saw dropped
    rec = import_source("cow-states", _corrected_majors(shared_data, tmp_path), store=st)
    assert st.versions("cow_states") == ["2016"]
    assert rec.rows == len(states) + len(system) + len(majors)
    assert "states, system kept from version 2016" in rec.notes
    assert st.read("cow_states", "states").equals(states)
    assert st.read("cow_states", "system").equals(system)
    usa = st.read("cow_states", "majors").query("ccode == 2")
    assert usa["endday"].tolist() == [30]
    again = import_source("cow-states", _corrected_majors(shared_data, tmp_path), store=st)
    assert again.unchanged


def test_a_newer_majors_file_alone_gives_a_whole_version(tmp_path: Path, shared_data: Path) -> None:
    st = Store(tmp_path / "s.duckdb")
    import_source("cow-states", [shared_data / f for f in STATES], store=st)
    rec = import_source("cow-states", shared_data / "cow_states/majors2024.csv", store=st)
    assert rec.version == "2016-majors2024"
    assert st.versions("cow_states") == ["2016", "2016-majors2024"]
    assert len(st.read("cow_states", "states")) == len(st.read("cow_states", "states", "2016"))
    assert int(st.read("cow_states", "majors")["endyear"].max()) == 2024


def test_midb_alone_keeps_mida_and_derives_the_dyads_again(
    tmp_path: Path, shared_data: Path
) -> None:
    st = Store(tmp_path / "s.duckdb")
    both = [shared_data / "cow_mid/MIDA 5.0.csv", shared_data / "cow_mid/MIDB 5.0.csv"]
    first = import_source("cow-mid", both, store=st)
    before = st.snapshot_contents()
    rec = import_source("cow-mid", both[1], store=st)
    assert "mida kept from version 5.0" in rec.notes
    assert sorted(rec.tables) == sorted(first.tables)
    assert st.snapshot_contents().keys() == before.keys()
    for name in first.tables:
        assert st.snapshot_contents()[name] == before[name], name


def test_a_peacesciencer_file_alone_keeps_the_other_tables(
    tmp_path: Path, shared_data: Path
) -> None:
    ps = shared_data / "peacesciencer"
    st = Store(tmp_path / "s.duckdb")
    import_source(
        "peacesciencer", [ps / "isard_cw_system.csv.gz", ps / "cow_majors.csv.gz"], store=st
    )
    majors = st.read("peacesciencer", "cow_majors")
    rec = import_source(
        "peacesciencer", [ps / "isard_cw_system.csv.gz", ps / "cow_nmc.csv.gz"], store=st
    )
    assert "cow_majors kept from version 1.2.9" in rec.notes
    assert st.read("peacesciencer", "cow_majors").equals(majors)
    assert len(st.read("peacesciencer", "cow_nmc")) > 10000


def test_a_sipri_layout_that_empties_a_stored_column_is_refused(
    tmp_path: Path, shared_data: Path
) -> None:
    import openpyxl

    src = shared_data / "milex/SIPRI-Milex-data-1949-2024_2.xlsx"
    st = Store(tmp_path / "s.duckdb")
    import_source("sipri-milex", src, store=st)
    before = st.snapshot_contents()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        wb = openpyxl.load_workbook(src)
    wb["Current US$"].title = "Current USD"  # a renamed sheet: a different layout
    bad = tmp_path / "sipri-2026.xlsx"
    wb.save(bad)
    with pytest.raises(DataFormatError, match="gives no value for milex_current_usd_m") as exc:
        import_source("sipri-milex", bad, store=st)
    assert exc.value.file == bad.name and exc.value.field == "milex_current_usd_m"
    assert "import the full SIPRI workbook" in str(exc.value)
    assert st.snapshot_contents() == before
