"""Importer of COW Direct Contiguity (v3.1 master file or peacesciencer's v3.2 copy)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from ..errors import DataFormatError
from ._common import finish, known_ccodes, need_files
from ._parse import (
    THIS_YEAR,
    Col,
    Report,
    check_order,
    check_unique,
    fail_at,
    parse,
    read_csv_raw,
)
from ._parse import single_value as _single
from .core import ImportRecord, Store

STATE = Col("int", state=True)

# -- COW direct contiguity ---------------------------------------------------------------

_CONTDIR_31 = {
    "dyad": Col("int"),
    "statelno": STATE,
    "statelab": Col("str"),
    "statehno": STATE,
    "statehab": Col("str"),
    "conttype": Col("int", lo=1, hi=5),
    "begin": Col("int", lo=181601, hi=THIS_YEAR * 100 + 12),
    "end": Col("int", lo=181601, hi=THIS_YEAR * 100 + 12),
    "notes": Col("str", required=False),
    "version": Col("float"),
}
_CONTDIR_32 = {
    "ccode1": STATE,
    "ccode2": STATE,
    "conttype": Col("int", lo=0, hi=5),
    "stdate": Col("str"),
    "enddate": Col("str"),
}


def import_cow_contiguity(paths: list[Path], store: Store, version: str | None) -> ImportRecord:
    """Import COW Direct Contiguity: ``contdir.csv`` (v3.x) or peacesciencer's ``cow_contdir``.

    Source: Stinnett et al. (2002), COW Direct Contiguity v3. The official master file
    (non-directed spells, ``begin``/``end`` as YYYYMM, old-Mac line endings) keeps its
    columns and gains ``ccode1``/``ccode2`` (= ``statelno``/``statehno``); the version is
    its ``version`` column (3.1). peacesciencer's v3.2 copy (directed, ``stdate``/
    ``enddate`` dates, explicit conttype 0 spells) is stored with ``begin``/``end`` derived
    as YYYYMM and version 3.2. Table ``contdir``.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> d = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (d / "c.csv").write_text('dyad,statelno,statelab,statehno,statehab,conttype,'
    ...     'begin,end,notes,version\\r2020,2,"USA",20,"CAN",1,192001,200612,"",3.1\\r')
    >>> rec = import_cow_contiguity([d / "c.csv"], Store(d / "s.duckdb"), None)
    >>> Store(d / "s.duckdb").read("cow_contiguity", "contdir")[["ccode1", "ccode2"]].values
    array([[ 2, 20]])
    """
    need_files(paths, "cow-contiguity", 1, 1)
    report = Report()
    raw = read_csv_raw(paths[0], report)
    known = known_ccodes(store)
    if "statelno" in raw.header:
        df = parse(raw, _CONTDIR_31, report, known_states=known)[list(_CONTDIR_31)]
        for c in ("begin", "end"):
            month = (df[c] % 100).to_numpy(dtype="float64")
            fail_at(raw, (month < 1) | (month > 12), c, "not a YYYYMM date: {value}")
        check_order(df, raw, "begin", "end")
        check_unique(df, raw, ["statelno", "statehno", "begin"], "contiguity spell")
        ver = f"{float(_single(df, raw, 'version')):.1f}"
        df["ccode1"] = df["statelno"]
        df["ccode2"] = df["statehno"]
    elif "stdate" in raw.header:
        df = parse(raw, _CONTDIR_32, report, known_states=known)[list(_CONTDIR_32)]
        for c, out in (("stdate", "begin"), ("enddate", "end")):
            d = pd.to_datetime(df[c], format="%Y-%m-%d", errors="coerce")
            fail_at(raw, d.isna().to_numpy(), c, "not a YYYY-MM-DD date: {value!r}")
            yr = d.dt.year.to_numpy()
            fail_at(raw, (yr < 1816) | (yr > THIS_YEAR), c, "date {value} out of range")
            df[out] = (d.dt.year * 100 + d.dt.month).astype("Int64")
        check_order(df, raw, "begin", "end")
        check_unique(df, raw, ["ccode1", "ccode2", "stdate"], "contiguity spell")
        ver = "3.2"
        df["version"] = 3.2
        report.add(f"{raw.file}: peacesciencer layout (directed, with conttype 0 spells)")
    else:
        raise DataFormatError(
            "not a contiguity file: expected the columns of contdir.csv (statelno, statehno, "
            "conttype, begin, end) or of cow_contdir (ccode1, ccode2, conttype, stdate, "
            f"enddate); found {', '.join(raw.header)}",
            file=raw.file,
            row=1,
        )
    return finish(store, "cow_contiguity", ver, {"contdir": df}, paths, report, version)
