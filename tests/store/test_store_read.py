"""The store's reading API (``alliancelab.store.read``), its one table-naming rule and the
one table of importers."""

from __future__ import annotations

import ast
import inspect
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from alliancelab.errors import CoverageError
from alliancelab.store import Store, read
from alliancelab.store.core import table_name
from alliancelab.store.importers import IMPORTERS, importer


def _store(tmp_path: Path) -> Store:
    st = Store(tmp_path / "s.duckdb")
    df = pd.DataFrame({"ccode": [2, 20], "cinc": [0.2, None]})
    for v in ("6.0", "7.0", "5.0"):  # imported out of order: 7.0 is not the latest import
        st.write_import("cow_nmc", v, {"nmc": df}, files=[v], sha256=[v])
    return st


def test_writer_and_reader_share_the_table_name(tmp_path: Path) -> None:
    st = _store(tmp_path)
    rec = st.imports()
    assert list(rec.loc[rec["version"] == "7.0", "tables"].iloc[0]) == ["cow_nmc__nmc__7_0"]
    assert table_name("cow_nmc", "nmc", "7.0") == "cow_nmc__nmc__7_0"
    assert st.table_name("cow_nmc", "nmc", "7.0") == "cow_nmc__nmc__7_0"
    lo = read.loaded(st)
    assert lo.table_name("cow_nmc", "nmc", "7.0") == "cow_nmc__nmc__7_0"
    assert lo.table_name("cow_nmc", "milex", "7.0") is None  # not part of that import


def test_pick_takes_the_highest_version_and_read_masks_nulls(tmp_path: Path) -> None:
    st = _store(tmp_path)
    cands = [("cow_nmc", "nmc", "`import nmc`"), ("peacesciencer", "cow_nmc", "`import ps`")]
    assert read.pick(st, cands, None, "add_nmc") == ("cow_nmc", "nmc", "7.0")
    assert read.pick(st, cands, "official", "add_nmc", "5.0") == ("cow_nmc", "nmc", "5.0")
    with pytest.raises(CoverageError, match="import ps"):
        read.pick(st, cands, "peacesciencer", "add_nmc")
    with pytest.raises(ValueError, match="source must be"):
        read.pick(st, cands, "cow", "add_nmc")
    d = read.read_columns(st, "cow_nmc", "nmc", "7.0", ["ccode", "cinc"])
    assert d["ccode"].tolist() == [2, 20]
    assert isinstance(d["cinc"], np.ma.MaskedArray) and d["cinc"].mask.tolist() == [False, True]
    with pytest.raises(CoverageError, match="lacks the column"):
        read.read_columns(st, "cow_nmc", "nmc", "7.0", ["milex"])


def test_the_cache_follows_the_file(tmp_path: Path) -> None:
    st = _store(tmp_path)
    first = read.loaded(st, [("cow_nmc", "nmc")])
    assert "cow_nmc__nmc__7_0" in first.tables  # preloaded
    assert read.loaded(st) is first  # unchanged file: the same view
    st.write_import("cow_nmc", "8.0", {"nmc": pd.DataFrame({"ccode": [2], "cinc": [1.0]})},
                    files=["8"], sha256=["8"])  # fmt: skip
    again = read.loaded(st)
    assert again is not first and "8.0" in again.versions("cow_nmc")
    assert read.pick(st, [("cow_nmc", "nmc", "")], None, "v") == ("cow_nmc", "nmc", "8.0")


def _mixed_store(tmp_path: Path) -> Store:
    """One table of every column kind the readers get: ints, floats and strings with
    NULLs, booleans, timestamps."""
    st = Store(tmp_path / "m.duckdb")
    df = pd.DataFrame(
        {
            "ccode": np.array([2, 20, 200], dtype=np.int32),
            "cinc": [0.25, None, 1e-12],
            "name": ["United States", None, "Ünited Kingdom"],
            "major": [True, False, True],
            "start": pd.to_datetime(["1816-01-01", "1920-01-10", "1816-01-01"]),
        }
    )
    st.write_import("cow_nmc", "7.0", {"nmc": df}, files=["x"], sha256=["y"])
    return st


def _same_columns(a: dict, b: dict) -> None:
    assert list(a) == list(b)
    for c in a:
        assert type(a[c]) is type(b[c]) and a[c].dtype == b[c].dtype, c
        if isinstance(a[c], np.ma.MaskedArray):
            assert a[c].mask.tolist() == b[c].mask.tolist(), c
        assert a[c].tolist() == b[c].tolist(), c


_WANT = [("cow_nmc", "nmc"), ("cow_nmc", "missing_table")]


def test_the_read_cache_serves_a_new_process_without_duckdb(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    st = _mixed_store(tmp_path)
    read._LOADED.clear()
    cold = read.loaded(st, _WANT)
    cache = tmp_path / "m.duckdb.arrays"
    assert cache.is_file()
    assert cache.stat().st_mode & 0o777 == st.path.stat().st_mode & 0o777
    read._LOADED.clear()  # as in a new process

    def no_duckdb(*args: object, **kwargs: object) -> None:
        raise AssertionError("DuckDB opened although the read cache covers the preload")

    monkeypatch.setattr(Store, "connect", no_duckdb)
    warm = read.loaded(st, _WANT)
    assert warm.imports == cold.imports and list(warm.tables) == ["cow_nmc__nmc__7_0"]
    _same_columns(warm.tables["cow_nmc__nmc__7_0"], cold.tables["cow_nmc__nmc__7_0"])
    assert warm.tables["cow_nmc__nmc__7_0"]["name"].tolist() == ["United States", None,
                                                                  "Ünited Kingdom"]  # fmt: skip
    assert read.pick(st, [("cow_nmc", "nmc", "")], None, "v") == ("cow_nmc", "nmc", "7.0")
    with pytest.raises(AssertionError, match="DuckDB opened"):  # a table not preloaded
        read.loaded(st, [("cow_nmc", "other")]).read(st, "cow_nmc__other__7_0")


def test_the_read_cache_follows_the_file(tmp_path: Path) -> None:
    st = _mixed_store(tmp_path)
    read._LOADED.clear()
    read.loaded(st, _WANT)
    st.write_import("cow_nmc", "8.0", {"nmc": pd.DataFrame({"ccode": [2], "cinc": [1.0]})},
                    files=["8"], sha256=["8"])  # fmt: skip
    read._LOADED.clear()
    lo = read.loaded(st, _WANT)  # the key changed: DuckDB again, and the file rewritten
    assert "8.0" in lo.versions("cow_nmc") and "cow_nmc__nmc__8_0" in lo.tables
    from alliancelab.store import _arrays

    hit = _arrays.read_arrays(tmp_path / "m.duckdb.arrays", lo.key)
    assert hit is not None and list(hit[1]) == ["cow_nmc__nmc__8_0"]
    assert _arrays.read_arrays(tmp_path / "m.duckdb.arrays", (1, 2)) is None  # another key


@pytest.mark.parametrize("damage", ["garbage", "truncated", "object dtype", "outside"])
def test_a_damaged_read_cache_is_ignored(tmp_path: Path, damage: str) -> None:
    from alliancelab.store import _arrays

    st = _mixed_store(tmp_path)
    read._LOADED.clear()
    ref = read.loaded(st, _WANT).tables["cow_nmc__nmc__7_0"]
    cache = tmp_path / "m.duckdb.arrays"
    raw = cache.read_bytes()
    if damage == "garbage":
        cache.write_bytes(b"\x00" * 100)
    elif damage == "truncated":
        cache.write_bytes(raw[: len(raw) - 40])
    else:  # a header that would read pointers or bytes beyond the file
        size = int.from_bytes(raw[8:16], "little")
        head = raw[16 : 16 + size].decode()
        bad = head.replace('"<i4"', '"|O"') if damage == "object dtype" else head.replace(
            '"<i4", 3, 0', '"<i4", 3000, 0')  # fmt: skip
        assert bad != head
        cache.write_bytes(raw[:8] + len(bad).to_bytes(8, "little") + bad.encode()
                          + raw[16 + size :])  # fmt: skip
    key = read.loaded(st).key
    assert _arrays.read_arrays(cache, key) is None
    read._LOADED.clear()
    _same_columns(read.loaded(st, _WANT).tables["cow_nmc__nmc__7_0"], ref)
    assert _arrays.read_arrays(cache, key) is not None  # rewritten


def test_no_read_cache_where_the_folder_is_read_only(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import tempfile

    st = _mixed_store(tmp_path)

    def read_only(*args: object, **kwargs: object) -> None:
        raise PermissionError("read-only folder")

    monkeypatch.setattr(tempfile, "mkstemp", read_only)
    read._LOADED.clear()
    assert "cow_nmc__nmc__7_0" in read.loaded(st, _WANT).tables
    assert sorted(p.name for p in tmp_path.iterdir()) == ["m.duckdb"]


def test_every_row_of_the_importer_table_resolves() -> None:
    for source, (module, func) in IMPORTERS.items():
        fn = importer(source.replace("_", "-"))
        assert fn.__name__ == func and fn.__module__ == "alliancelab.store" + module
        assert list(inspect.signature(fn).parameters) == ["paths", "store", "version"]


def test_reading_the_store_loads_no_importer() -> None:
    """A panel job imports the reader, never an importer module (they load on first use)."""
    code = (
        "import sys; import alliancelab.panels, alliancelab.store.read; "
        "print(sorted(m for m in sys.modules if m.startswith('alliancelab.store')))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    loaded = ast.literal_eval(out.stdout)
    assert loaded == [
        "alliancelab.store",
        "alliancelab.store._arrays",
        "alliancelab.store.core",
        "alliancelab.store.read",
    ]
