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


# -- issue 13, item 3: a damaged store file, an unusable ALLIANCELAB_HOME, a full disk --


def _two_sources(tmp_path: Path, shared_data: Path) -> Store:
    from alliancelab.store import import_source

    st = Store(tmp_path / "s.duckdb")
    import_source("rivalries", shared_data / "rivalries/td_rivalries.csv.gz", store=st)
    import_source("cow-nmc", shared_data / "cow_nmc/NMC_5_0.csv", store=st)
    return st


@pytest.mark.parametrize("keep", [0.5, 12288, 100])
def test_a_truncated_store_file_is_a_clear_error(
    tmp_path: Path, shared_data: Path, keep: float
) -> None:
    """DuckDB opens a truncated file and fails at the first query ("IOException: Could
    not read enough bytes"): every entry point says which file is damaged and what to do,
    and the file is left as it was."""
    from alliancelab.store import import_source
    from alliancelab.store.read import loaded

    data = _two_sources(tmp_path, shared_data).path.read_bytes()
    cut = tmp_path / "cut.duckdb"
    cut.write_bytes(data[: int(len(data) * keep) if keep < 1 else int(keep)])
    st = Store(cut)
    calls = {
        "imports": st.imports,
        "read": lambda: st.read("cow_nmc", "nmc"),
        "sql": lambda: st.sql('SELECT * FROM "cow_nmc__nmc__5_0"'),
        "panel cache": lambda: loaded(st),
        "import": lambda: import_source(
            "cow-nmc", shared_data / "cow_nmc/NMC-60-abridged.csv", store=st
        ),
    }
    for what, call in calls.items():
        with pytest.raises(AllianceLabError) as exc:
            call()
        msg = str(exc.value)
        assert f"store file {cut} is damaged" in msg, what
        assert "restore it from a backup, or remove it" in msg, what
        assert not isinstance(exc.value.__cause__, duckdb.Error) or exc.value.__suppress_context__
    assert cut.read_bytes() == data[: len(cut.read_bytes())]


@pytest.mark.parametrize("home", ["a_file", "a_file/below", "missing/../a_file/x"])
def test_alliancelab_home_that_is_no_folder_is_a_clear_error(
    tmp_path: Path, shared_data: Path, monkeypatch: pytest.MonkeyPatch, home: str
) -> None:
    from alliancelab.store import import_source

    (tmp_path / "a_file").write_text("x")
    monkeypatch.setenv("ALLIANCELAB_HOME", str(tmp_path / home))
    with pytest.raises(AllianceLabError, match="cannot create the folder") as exc:
        import_source("rivalries", shared_data / "rivalries/td_rivalries.csv.gz")
    assert str(tmp_path / home) in str(exc.value) and "ALLIANCELAB_HOME" in str(exc.value)
    with pytest.raises(CoverageError, match="store at"):  # nothing there to read
        Store().read("rivalries", "rivalries")
    assert (tmp_path / "a_file").read_text() == "x"


_FULL_DISK = """
import resource, signal, sys
signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # write() then fails with EFBIG
resource.setrlimit(resource.RLIMIT_FSIZE, ({limit}, {limit}))
from alliancelab.errors import AllianceLabError
from alliancelab.store import Store, import_source
try:
    import_source("cow-nmc", {nmc!r}, store=Store({path!r}))
except AllianceLabError as exc:
    print("AllianceLabError:", exc)
    sys.exit(1)
"""


def test_a_real_write_failure_during_an_import_leaves_the_store_readable(
    tmp_path: Path, shared_data: Path
) -> None:
    """A real failed write (a file-size limit: DuckDB cannot write its WAL, as on a full
    disk) in a separate process: a clean AllianceLabError, no traceback; the store opens
    afterwards with its contents unchanged (an empty ``.wal`` may be left: contents, not
    bytes, are what "unchanged" guarantees), and the next import works and removes it."""
    import subprocess
    import sys

    from alliancelab.store import import_source

    st = Store(tmp_path / "s.duckdb")
    import_source("rivalries", shared_data / "rivalries/td_rivalries.csv.gz", store=st)
    before = st.snapshot_contents()
    nmc = str(shared_data / "cow_nmc/NMC_5_0.csv")
    code = _FULL_DISK.format(limit=st.path.stat().st_size + 4096, nmc=nmc, path=str(st.path))
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert run.returncode == 1, run.stderr
    assert "Traceback" not in run.stderr
    assert "nothing was written (the store's contents are as before)" in run.stdout
    wal = st.path.with_name(st.path.name + ".wal")
    assert not wal.exists() or wal.stat().st_size == 0
    assert st.snapshot_contents() == before
    assert st.versions("cow_nmc") == []
    import_source("cow-nmc", nmc, store=st)
    assert st.versions("cow_nmc") == ["5.0"] and not wal.exists()


def test_alliancelab_home_on_a_read_only_mount_is_a_clear_error(
    tmp_path: Path, shared_data: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A read-only mount (EROFS; simulated: the tests run as root, so chmod cannot make a
    folder unwritable) is an AllianceLabError naming the path, not an OSError traceback."""
    import errno

    from alliancelab.store import import_source

    def read_only(self: Path, *args: object, **kwargs: object) -> None:
        raise OSError(errno.EROFS, "Read-only file system", str(self))

    home = tmp_path / "ro" / "home"
    monkeypatch.setenv("ALLIANCELAB_HOME", str(home))
    monkeypatch.setattr(Path, "mkdir", read_only)
    with pytest.raises(AllianceLabError, match="Read-only file system") as exc:
        import_source("rivalries", shared_data / "rivalries/td_rivalries.csv.gz")
    assert str(home / "alliancelab.duckdb") in str(exc.value)
    assert "point ALLIANCELAB_HOME or --store at a writable folder" in str(exc.value)
