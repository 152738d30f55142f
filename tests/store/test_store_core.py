"""The store core on a real DuckDB file: atomic writes, versions, idempotent re-import."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from alliancelab.errors import CoverageError
from alliancelab.store import Store, default_store_path


def test_default_path_honours_alliancelab_home(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ALLIANCELAB_HOME", str(tmp_path))
    assert default_store_path() == tmp_path / "alliancelab.duckdb"
    assert Store().path == tmp_path / "alliancelab.duckdb"


def test_write_read_versions_and_remove(tmp_path: Path) -> None:
    st = Store(tmp_path / "s.duckdb")
    assert st.imports().empty and not st.has("x")
    a = st.write_import("x", "1", {"t": pd.DataFrame({"v": [1]})}, files=["a"], sha256=["h1"])
    assert not a.unchanged and a.rows == 1
    b = st.write_import("x", "2", {"t": pd.DataFrame({"v": [2, 3]})}, files=["b"], sha256=["h2"])
    assert st.versions("x") == ["1", "2"]
    assert st.read("x", "t")["v"].tolist() == [2, 3]  # latest by default
    assert st.read("x", "t", version="1")["v"].tolist() == [1]
    assert b.tables == ("x__t__2",)
    before = st.snapshot_contents()
    again = st.write_import("x", "2", {"t": pd.DataFrame({"v": [9]})}, files=["b"], sha256=["h2"])
    assert again.unchanged and st.snapshot_contents() == before
    assert st.remove("x", "1") == ["1"]
    assert st.versions("x") == ["2"]
    with pytest.raises(CoverageError, match="imported: 2"):
        st.read("x", "t", version="1")
    with pytest.raises(CoverageError, match="alliancelab data import y"):
        st.read("y", "t")


def test_failed_write_leaves_the_store_unchanged(tmp_path: Path) -> None:
    st = Store(tmp_path / "s.duckdb")
    st.write_import("x", "1", {"t": pd.DataFrame({"v": [1]})}, files=["a"], sha256=["h1"])
    before = st.snapshot_contents()

    # "t" and "T" map to the same DuckDB table name: the second CREATE fails after the
    # first table was already created inside the transaction
    bad = {"t": pd.DataFrame({"v": [1]}), "T": pd.DataFrame({"v": [2]})}
    with pytest.raises(Exception):  # noqa: B017 - whatever DuckDB raises, nothing may remain
        st.write_import("x", "2", bad, files=["b"], sha256=["h2"])
    assert st.snapshot_contents() == before
    assert st.versions("x") == ["1"]


def test_reading_a_missing_store_says_how_to_import(tmp_path: Path) -> None:
    with pytest.raises(CoverageError, match="alliancelab data import"):
        Store(tmp_path / "none.duckdb").read("cow_nmc", "nmc")


def test_a_path_that_is_no_duckdb_store_is_a_clear_error(tmp_path: Path, shared_data: Path) -> None:
    """A directory or a file that is not a DuckDB database: AllianceLabError naming the
    path (no DuckDB traceback), for reading and for importing; the file is left as it was."""
    from alliancelab.errors import AllianceLabError
    from alliancelab.store import import_source

    not_db = tmp_path / "notes.duckdb"
    not_db.write_text("not a database\n")
    for path in (tmp_path, not_db):
        with pytest.raises(AllianceLabError, match=f"cannot open the alliancelab store at {path}"):
            Store(path).imports()
    with pytest.raises(AllianceLabError, match="not a valid DuckDB database"):
        import_source("rivalries", shared_data / "rivalries/td_rivalries.csv.gz", store=not_db)
    assert not_db.read_text() == "not a database\n"
