"""Importer of ATOP 5.1 (member- and alliance-level files) with derived directed dyad-years."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from ..errors import DataFormatError
from ._common import finish, known_ccodes, need_files
from ._cow import _classify
from ._parse import Col, RawTable, Report, check_order, check_states, check_unique, parse
from ._parse import single_value as _single
from .core import ImportRecord, Store
from .importers import register

#: ATOP obligation columns (member level) -> directed dyad-year column (peacesciencer names).
ATOP_OBLIGATIONS = {
    "defense": "atop_defense",
    "offense": "atop_offense",
    "neutral": "atop_neutral",
    "nonagg": "atop_nonagg",
    "consul": "atop_consul",
}

_MEMBERS = {
    "atopid": Col("int", lo=1),
    "member": Col("int", lo=1),
    "cowsys": Col("int", required=False, lo=0, hi=1),
    "yrent": Col("int", lo=1000, hi=2100),
    "moent": Col("int", required=False, lo=0, hi=12),
    "dayent": Col("int", required=False, lo=0, hi=31),
    "yrexit": Col("int", lo=0, hi=2100),
    "moexit": Col("int", required=False, lo=0, hi=12),
    "dayexit": Col("int", required=False, lo=0, hi=31),
    "phase": Col("int", required=False, lo=0),
    **{o: Col("int", lo=0, hi=1) for o in ATOP_OBLIGATIONS},
    "version": Col("float"),
}
_ALLIANCES = {
    "atopid": Col("int", lo=1),
    "begyr": Col("int", lo=1000, hi=2100),
    "endyr": Col("int", lo=0, hi=2100),
    **{o: Col("int", lo=0, hi=1) for o in ATOP_OBLIGATIONS},
    "version": Col("float"),
}


@register("atop")
def import_atop(paths: list[Path], store: Store, version: str | None) -> ImportRecord:
    """Import ATOP 5.1: ``atop5_1m.csv`` (required) and ``atop5_1a.csv`` (optional).

    Source: Leeds, Ritter, Mitchell & Long (2002), Alliance Treaty Obligations and
    Provisions v5.1. Tables: ``members`` and ``alliances`` (all official columns) and
    ``ddy``, directed dyad-years derived here (columns as peacesciencer's
    ``atop_alliance``):

    * a member row is in force every year from ``yrent`` to ``yrexit`` (``yrexit`` 0 =
      still in force at the end of the data, the file's last year, 2018 for v5.1);
    * every ordered pair (ccode1, ccode2) of distinct members of the same alliance that
      are both in force in a year gives a dyad-year (year-level overlap);
    * ``atop_<obligation>`` is ccode1's own member-level obligation in that alliance
      (ATOP codes obligations per member, so asymmetric treaties give asymmetric
      directed dyads), maximised over ccode1's phases and over every alliance the pair
      shares that year;
    * members without a COW code (``cowsys`` 0 and a code outside the COW list, e.g.
      8152) stay in ``members`` but are left out of ``ddy`` (reported).

    Against peacesciencer's ``atop_alliance`` (from the official ``atop5_1ddyr``) this
    gives the same 273,296 dyad-years plus 14 more (successor/predecessor states in
    their transition year) and identical obligations on 99.86% of shared dyad-years
    (tests/test_store_import_atop.py measures it).

    Examples
    --------
    >>> import tempfile, pathlib
    >>> d = pathlib.Path(tempfile.mkdtemp())
    >>> hdr = "atopid,member,cowsys,yrent,moent,dayent,yrexit,moexit,dayexit,phase,"
    >>> hdr += "defense,offense,neutral,nonagg,consul,version"
    >>> rows = ["1,2,1,1900,1,1,1901,6,1,0,1,0,0,0,1,5.1", "1,20,1,1901,1,1,0,0,0,0,0,0,0,0,1,5.1"]
    >>> _ = (d / "m.csv").write_text("\\n".join([hdr, *rows]))
    >>> rec = import_atop([d / "m.csv"], Store(d / "s.duckdb"), None)
    >>> Store(d / "s.duckdb").read("atop", "ddy")[["ccode1", "ccode2", "year", "atop_defense"]]
       ccode1  ccode2  year  atop_defense
    0       2      20  1901             1
    1      20       2  1901             0
    """
    need_files(paths, "atop", 1, 2)
    report = Report()
    found = _classify(
        paths,
        {"members": {"atopid", "member", "yrent"}, "alliances": {"atopid", "begyr", "mem1"}},
        "atop",
        report,
    )
    if "members" not in found:
        raise DataFormatError(
            "the ATOP member-level file (atop5_1m.csv) is required to derive dyad-years",
            file=found["alliances"][1].file,
        )
    known = known_ccodes(store)
    raw = found["members"][1]
    m = parse(raw, _MEMBERS, report, others="numeric")
    ongoing = (m["yrexit"] == 0).to_numpy()
    last = int(max(m["yrent"].max(), m["yrexit"].max()))
    exit_year = m["yrexit"].where(~ongoing, last)
    # yrexit 0 (in force) resolves to the last year, so only a real exit can fail here
    check_order(m.assign(yrexit=exit_year), raw, "yrent", "yrexit")
    cowsys = m["cowsys"].fillna(1).to_numpy(dtype="int64")
    non_cow = ~m["member"].isin(known).to_numpy() & (cowsys == 0)
    check_states(m[~non_cow].reset_index(drop=True), _sub(raw, ~non_cow), "member", known)
    if non_cow.any():
        codes = sorted({int(c) for c in m.loc[non_cow, "member"]})
        report.add(
            f"{raw.file}: members without a COW code (cowsys 0) kept in members, left out of "
            f"ddy: {', '.join(map(str, codes))}"
        )
    check_unique(m, raw, ["atopid", "member", "yrent", "phase"], "member spell")
    vers = {f"{float(_single(m, raw, 'version')):.1f}"}
    tables: dict[str, pd.DataFrame] = {"members": m}
    if "alliances" in found:
        araw = found["alliances"][1]
        mem_cols = {c: Col("int", required=False) for c in araw.header if c.startswith("mem")}
        a = parse(araw, {**_ALLIANCES, **mem_cols}, report, others="numeric")
        check_unique(a, araw, ["atopid"], "alliance")
        a_end = a["endyr"].where(a["endyr"] != 0, last)
        check_order(a.assign(endyr=a_end), araw, "begyr", "endyr")
        vers.add(f"{float(_single(a, araw, 'version')):.1f}")
        missing = set(m["atopid"]) - set(a["atopid"])
        if missing:
            raise DataFormatError(
                f"{len(missing)} alliance(s) of the member file are not in the alliance file, "
                f"e.g. atopid {min(missing)}",
                file=araw.file,
                field="atopid",
            )
        tables["alliances"] = a
    if len(vers) > 1:
        raise DataFormatError(f"member and alliance files are from different versions: {vers}")
    ddy = _atop_ddy(m[~non_cow], exit_year[~non_cow])
    report.add(f"ddy: {len(ddy)} directed dyad-years {int(m['yrent'].min())}-{last}")
    tables["ddy"] = ddy
    files = [found[k][0] for k in ("members", "alliances") if k in found]
    return finish(store, "atop", vers.pop(), tables, files, report, version)


def _sub(raw: RawTable, keep: np.ndarray) -> RawTable:
    """A RawTable restricted to ``keep`` rows (for row numbers in error messages)."""
    return RawTable(raw.file, raw.header, raw.frame[keep].reset_index(drop=True), raw.rows[keep])


def derive_atop_ddy(members: pd.DataFrame, last_year: int = 2018) -> pd.DataFrame:
    """Directed dyad-years from ATOP member-level rows (see :func:`import_atop`).

    Parameters
    ----------
    members : DataFrame
        ATOP member rows with atopid, member, yrent, yrexit and the five obligations.
    last_year : int
        The year ``yrexit == 0`` (ongoing) runs to.

    Examples
    --------
    >>> m = pd.DataFrame({"atopid": [1, 1], "member": [2, 20], "yrent": [1900, 1900],
    ...     "yrexit": [1900, 0], "defense": [1, 1], "offense": [0, 0], "neutral": [0, 0],
    ...     "nonagg": [0, 0], "consul": [0, 0]})
    >>> len(derive_atop_ddy(m, 1905))
    2
    """
    ex = members["yrexit"].where(members["yrexit"] != 0, last_year)
    return _atop_ddy(members, ex)


def _atop_ddy(m: pd.DataFrame, exit_year: pd.Series) -> pd.DataFrame:
    obl = list(ATOP_OBLIGATIONS)
    start = m["yrent"].to_numpy(dtype="int64")
    end = exit_year.to_numpy(dtype="int64")
    n = end - start + 1
    idx = np.repeat(np.arange(len(m)), n)
    offs = np.arange(int(n.sum())) - np.repeat(np.cumsum(n) - n, n)
    my = pd.DataFrame(
        {
            "atopid": m["atopid"].to_numpy(dtype="int64")[idx],
            "member": m["member"].to_numpy(dtype="int64")[idx],
            "year": start[idx] + offs,
            **{o: m[o].to_numpy(dtype="int64")[idx] for o in obl},
        }
    )
    my = my.groupby(["atopid", "member", "year"], as_index=False, sort=False).max()
    pairs = my.merge(my[["atopid", "member", "year"]], on=["atopid", "year"], suffixes=("", "_2"))
    pairs = pairs[pairs["member"] != pairs["member_2"]]
    out = (
        pairs.groupby(["member", "member_2", "year"], as_index=False, sort=True)[obl]
        .max()
        .rename(columns={"member": "ccode1", "member_2": "ccode2", **ATOP_OBLIGATIONS})
    )
    return out.astype("int64").reset_index(drop=True)
