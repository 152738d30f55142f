"""The store core on a real DuckDB file: atomic writes, versions, idempotent re-import."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pandas as pd
import pytest

from alliancelab.errors import AllianceLabError, CoverageError
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


class _DiskFullOnCommit:
    """A writable DuckDB connection whose COMMIT fails as on a full disk: DuckDB ends the
    transaction (rolled back) and raises an IOException, so a later ROLLBACK finds "no
    transaction is active" (issue 13, item 3)."""

    def __init__(self, con: object) -> None:
        self._con = con

    def execute(self, query: str, *args: object) -> object:
        if query.strip().upper() == "COMMIT":
            self._con.execute("ROLLBACK")  # type: ignore[attr-defined]
            raise duckdb.IOException("could not write file: No space left on device")
        return self._con.execute(query, *args)  # type: ignore[attr-defined]

    def __getattr__(self, name: str) -> object:
        return getattr(self._con, name)


def test_disk_full_at_commit_is_a_clear_error_and_changes_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    st = Store(tmp_path / "s.duckdb")
    st.write_import("x", "1", {"t": pd.DataFrame({"v": [1]})}, files=["a"], sha256=["h1"])
    before = st.snapshot_contents()
    real = Store.connect

    def connect(self: Store, read_only: bool = False) -> object:
        con = real(self, read_only)
        return con if read_only else _DiskFullOnCommit(con)

    monkeypatch.setattr(Store, "connect", connect)
    with pytest.raises(AllianceLabError, match="No space left on device") as exc:
        st.write_import("x", "2", {"t": pd.DataFrame({"v": [2]})}, files=["b"], sha256=["h2"])
    assert "nothing was written" in str(exc.value)
    assert isinstance(exc.value.__cause__, duckdb.IOException)  # not "no transaction is active"
    with pytest.raises(AllianceLabError, match="No space left on device"):
        st.remove("x", "1")
    monkeypatch.undo()
    assert st.snapshot_contents() == before  # still readable, contents as before
    assert st.versions("x") == ["1"]


def test_an_error_after_the_transaction_ended_is_the_error_raised(tmp_path: Path) -> None:
    """The helper's ROLLBACK may find no transaction; the block's own error still wins."""
    st = Store(tmp_path / "s.duckdb")
    with pytest.raises(RuntimeError, match="the original error"), st._transaction() as con:
        con.execute("COMMIT")  # the transaction ends here
        raise RuntimeError("the original error")


def test_one_rule_for_the_default_version(tmp_path: Path) -> None:
    """The highest version number is read by default, whatever the import order; labels
    that are not all numbers fall back to the latest import (docs/data.md)."""
    from alliancelab import panels as P

    st = Store(tmp_path / "s.duckdb")
    system = pd.DataFrame({"ccode": [2], "cw_abb": ["USA"], "cw_name": ["United States"],
                           "start": pd.to_datetime(["1816-01-01"]),
                           "end": pd.to_datetime(["2016-12-31"])})  # fmt: skip
    st.write_import("peacesciencer", "1.2.9", {"isard_cw_system": system}, files=["p"],
                    sha256=["p"])  # fmt: skip
    for v, cinc in (("7.0", 0.7), ("6.0", 0.6)):  # 6.0 imported last
        nmc = pd.DataFrame({"ccode": [2], "year": [2000], "cinc": [cinc]})
        nmc = nmc.assign(**{c: 1.0 for c in ("milex", "milper", "irst", "pec", "tpop", "upop")})
        st.write_import("cow_nmc", v, {"nmc": nmc}, files=[v], sha256=[v])
    assert float(st.read("cow_nmc", "nmc")["cinc"].iloc[0]) == 0.7
    panel = P.add_nmc(P.create_state_years(years=2000, store=st))
    assert float(panel["cinc"].iloc[0]) == 0.7
    assert P.panel_info(panel)["sources"] == {
        "system": "peacesciencer 1.2.9 (isard_cw_system)",
        "add_nmc": "cow_nmc 7.0 (nmc)",
    }
    st.write_import("demo", "2016", {"t": pd.DataFrame({"v": [1]})}, files=["a"], sha256=["a"])
    st.write_import("demo", "v2", {"t": pd.DataFrame({"v": [2]})}, files=["b"], sha256=["b"])
    assert st.read("demo", "t")["v"].tolist() == [2]
