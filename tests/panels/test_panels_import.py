"""The peacesciencer importer: validation errors name file, row and field, and a failed
import leaves the store byte-for-byte as it was (compared with snapshot_contents)."""

from __future__ import annotations

import gzip
import shutil
from pathlib import Path

import pandas as pd
import pytest

from alliancelab.errors import DataFormatError
from alliancelab.store import Store, import_source


@pytest.fixture
def inputs(shared_data: Path, tmp_path: Path) -> Path:
    """A copy of the small inputs (cow_ddy is left out: files are passed one by one)."""
    d = tmp_path / "in"
    d.mkdir()
    for stem in ("isard_cw_system", "cow_majors", "cow_contdir", "false_cow_dyads"):
        shutil.copy(shared_data / "peacesciencer" / f"{stem}.csv.gz", d)
    return d


def _write(path: Path, text: str) -> Path:
    with gzip.open(path, "wt") as fh:
        fh.write(text)
    return path


def _files(d: Path) -> list[Path]:
    return sorted(d.glob("*.csv.gz"))


def test_import_directory_records_version_and_sha(shared_data: Path, tmp_path: Path) -> None:
    st = Store(tmp_path / "s.duckdb")
    rec = import_source("peacesciencer", shared_data / "peacesciencer", store=st)
    assert rec.version == "1.2.9" and len(rec.sha256) == 10 and not rec.unchanged
    assert rec.rows == 2_529_405
    assert st.read("peacesciencer", "cow_nmc")["milex"].isna().sum() == 2_360
    before = st.imports()
    mtime = st.path.stat().st_mtime_ns
    again = import_source("peacesciencer", shared_data / "peacesciencer", store=st)
    assert again.unchanged and again.imported_at == rec.imported_at
    assert st.path.stat().st_mtime_ns == mtime  # the file was not even opened for writing
    pd.testing.assert_frame_equal(st.imports(), before)


@pytest.mark.parametrize(
    ("stem", "text", "row", "field"),
    [
        ("cow_majors", "ccode,styear\n2,1898\n", 1, "stmonth"),  # missing column
        (
            "false_cow_dyads",
            "ccode1,ccode2,year,in_ps\n115,817,1975,1\n115,x,1975,1\n",
            3,
            "ccode2",
        ),
        ("false_cow_dyads", "ccode1,ccode2,year,in_ps\n115,817,1975.5,1\n", 2, "year"),
        ("false_cow_dyads", "ccode1,ccode2,year,in_ps\n115,999,1975,1\n", 2, "ccode2"),
        ("false_cow_dyads", "ccode1,ccode2,year,in_ps\n115,817,1975,2\n", 2, "in_ps"),
        ("false_cow_dyads", "ccode1,ccode2,year,in_ps\n115,817,,1\n", 2, "year"),
        (
            "false_cow_dyads",
            "ccode1,ccode2,year,in_ps\n115,817,1975,1\n115,817,1975,1\n",
            3,
            "year",
        ),
        (
            "cow_contdir",
            "ccode1,ccode2,conttype,stdate,enddate\n2,20,1,1920-13-01,2016-12-01\n",
            2,
            "stdate",
        ),
    ],
)
def test_bad_input_names_file_row_field_and_changes_nothing(
    inputs: Path, tmp_path: Path, stem: str, text: str, row: int, field: str
) -> None:
    st = Store(tmp_path / "s.duckdb")
    import_source("peacesciencer", [inputs / "isard_cw_system.csv.gz"], store=st)
    before = st.snapshot_contents()
    _write(inputs / f"{stem}.csv.gz", text)
    with pytest.raises(DataFormatError) as err:
        import_source("peacesciencer", _files(inputs), store=st)
    assert (err.value.file, err.value.row, err.value.field) == (f"{stem}.csv.gz", row, field)
    assert st.snapshot_contents() == before


def test_truncated_gzip_and_unknown_file(inputs: Path, tmp_path: Path) -> None:
    st = Store(tmp_path / "s.duckdb")
    data = (inputs / "cow_contdir.csv.gz").read_bytes()
    (inputs / "cow_contdir.csv.gz").write_bytes(data[: len(data) // 2])
    with pytest.raises(DataFormatError, match="truncated") as err:
        import_source("peacesciencer", _files(inputs), store=st)
    assert err.value.file == "cow_contdir.csv.gz"
    assert st.snapshot_contents() == {}
    with pytest.raises(DataFormatError, match="missing peacesciencer input"):
        import_source("peacesciencer", inputs, store=st)  # a directory needs all ten
    _write(inputs / "mystery.csv.gz", "a\n1\n")
    with pytest.raises(DataFormatError, match="unknown peacesciencer input 'mystery'"):
        import_source("peacesciencer", [inputs / "mystery.csv.gz"], store=st)
