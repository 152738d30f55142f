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
    assert loaded == ["alliancelab.store", "alliancelab.store.core", "alliancelab.store.read"]
