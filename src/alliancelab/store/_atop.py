"""Importer of ATOP 5.1 (member- and alliance-level files) with derived directed dyad-years."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from ..errors import DataFormatError
from ._atopinst import INST_KIND, parse_atop_inst
from ._common import classify_files, finish, known_ccodes, need_files
from ._parse import (
    THIS_YEAR,
    Col,
    RawTable,
    Report,
    check_order,
    check_states,
    check_unique,
    fail_at,
    parse,
)
from ._parse import single_value as _single
from .core import ImportRecord, Store

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
    "yrent": Col("int", lo=1000, hi=THIS_YEAR),
    "moent": Col("int", required=False, lo=0, hi=12),
    "dayent": Col("int", required=False, lo=0, hi=31),
    "yrexit": Col("int", lo=0, hi=THIS_YEAR),
    "moexit": Col("int", required=False, lo=0, hi=12),
    "dayexit": Col("int", required=False, lo=0, hi=31),
    "phase": Col("int", required=False, lo=0),
    **{o: Col("int", lo=0, hi=1) for o in ATOP_OBLIGATIONS},
    "version": Col("float"),
}
_ALLIANCES = {
    "atopid": Col("int", lo=1),
    "begyr": Col("int", lo=1000, hi=THIS_YEAR),
    "endyr": Col("int", lo=0, hi=THIS_YEAR),
    **{o: Col("int", lo=0, hi=1) for o in ATOP_OBLIGATIONS},
    "version": Col("float"),
}


def import_atop(paths: list[Path], store: Store, version: str | None) -> ImportRecord:
    """Import ATOP 5.1: ``atop5_1m.csv`` (required) and ``atop5_1a.csv`` (optional).

    Source: Leeds, Ritter, Mitchell & Long (2002), Alliance Treaty Obligations and
    Provisions v5.1. Tables: ``members`` and ``alliances`` (all official columns) and
    ``ddy``, directed dyad-years derived here (columns as peacesciencer's
    ``atop_alliance``):

    * a member row (one per alliance x member x phase) is in force from its entry date
      (``yrent``/``moent``/``dayent``) up to its exit date (``yrexit``/``moexit``/
      ``dayexit``); ``yrexit`` 0 = still in force at the end of the data (the file's last
      year, 2018 for v5.1); an unknown day or month widens the spell to the whole month
      or year;
    * two distinct members of the same alliance form a directed dyad if their spells
      overlap by at least one day (one leaving on the day the other joins do not: the
      GDR and the FRG on 3 October 1990); the dyad-years run from the year of the later
      entry to the year of the earlier exit, both included;
    * ``atop_<obligation>`` is ccode1's own member-level obligation (ATOP codes
      obligations per member, so asymmetric treaties give asymmetric directed dyads)
      taken from ccode1's **last phase of the year** that overlaps ccode2, i.e. the
      obligations in force on the last day of the year on which both were members, then
      maximised over every alliance the pair shares that year. The same last-phase rule
      reproduces the official ATOP v5.1 state-year file ``atop5_1sy.csv`` exactly (all
      11,923 state-years, five obligations), where the maximum over the year's phases
      gets 6 state-years wrong;
    * members without a COW code (``cowsys`` 0 and a code outside the COW list, e.g.
      8152) stay in ``members`` but are left out of ``ddy`` (reported); other ``cowsys``
      0 members (e.g. 91, 93, 94 in 1887-1890) stay in, as in the official files.

    Against peacesciencer's ``atop_alliance`` (the official ``atop5_1ddyr``, obligation
    columns) this gives exactly its 273,296 dyad-years and identical obligations on
    99.873% of them (defence alone 99.922%). The 346 dyad-years that differ all lie in 10
    alliances coded asymmetric (``asymm`` 1: atopid 1100, 1110, 1120, 1160, 1205, 1227,
    1350, 1355, 2130, 3322), where the official file directs each obligation at specific
    partners (e.g. Locarno 1925: the British and Italian guarantees cover France, Germany
    and Belgium, not each other). The member-level file does not say towards whom, so in
    those dyad-years ours carries an obligation the official file does not (never the
    reverse). tests/store/test_store_import_atop.py measures all of this.

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
    need_files(paths, "atop", 1, 3)
    report = Report()
    kinds = {"members": {"atopid", "member", "yrent"}, "alliances": {"atopid", "begyr", "mem1"}}
    found = classify_files(paths, {**kinds, "inst": INST_KIND}, "atop", report)
    if "members" not in found:
        raise DataFormatError(
            "the ATOP member-level file (atop5_1m.csv) is required to derive dyad-years",
            file=next(iter(found.values()))[1].file,
        )
    known = known_ccodes(store)
    raw = found["members"][1]
    m = parse(raw, _MEMBERS, report, others="numeric")
    ongoing = (m["yrexit"] == 0).to_numpy()
    last = int(max(m["yrent"].max(), m["yrexit"].max()))
    exit_year = m["yrexit"].where(~ongoing, last)
    # yrexit 0 (in force) resolves to the last year, so only a real exit can fail here
    check_order(m.assign(yrexit=exit_year), raw, "yrent", "yrexit")
    # ... and, within the same year, the exit month/day must not precede the entry's
    entry, exit_ = _spells(m, last)
    fail_at(raw, exit_ < entry, "moexit", "exit date before the entry date (moexit {value})")
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
    if "inst" in found:  # atopinst5_1.csv (Leeds & Anac 2005), parsed in _atopinst
        tables["inst"], inst_version = parse_atop_inst(found["inst"][1], report)
        vers.add(inst_version)
    if len(vers) > 1:
        raise DataFormatError(f"member and alliance files are from different versions: {vers}")
    ddy = _atop_ddy(m[~non_cow], last)
    report.add(f"ddy: {len(ddy)} directed dyad-years {int(m['yrent'].min())}-{last}")
    tables["ddy"] = ddy
    files = [found[k][0] for k in ("members", "alliances", "inst") if k in found]
    return finish(store, "atop", vers.pop(), tables, files, report, version)


def _sub(raw: RawTable, keep: np.ndarray) -> RawTable:
    """A RawTable restricted to ``keep`` rows (for row numbers in error messages)."""
    return RawTable(raw.file, raw.header, raw.frame[keep].reset_index(drop=True), raw.rows[keep])


def derive_atop_ddy(members: pd.DataFrame, last_year: int = 2018) -> pd.DataFrame:
    """Directed dyad-years from ATOP 5.1 member-level rows (rules: :func:`import_atop`).

    Source: Leeds et al. (2002), ATOP v5.1 member-level file ``atop5_1m.csv``.

    Parameters
    ----------
    members : DataFrame
        ATOP member rows with atopid, member, yrent, yrexit and the five obligations;
        ``moent``/``dayent``/``moexit``/``dayexit`` are used when present (absent or 0 =
        unknown: the whole year or month).
    last_year : int
        The year ``yrexit == 0`` (ongoing) runs to.

    Examples
    --------
    Phase 2 (from 1 July 1900) drops member 2's defence promise; 20 joins in phase 2 and
    30 leaves the day phase 2 begins, so 30 and 20 never overlap:

    >>> m = pd.DataFrame({"atopid": [1, 1, 1, 1], "member": [2, 30, 2, 20],
    ...     "yrent": [1899, 1899, 1900, 1900], "moent": [1, 1, 7, 7], "dayent": [1, 1, 1, 1],
    ...     "yrexit": [1900, 1900, 0, 0], "moexit": [7, 7, 0, 0], "dayexit": [1, 1, 0, 0],
    ...     "defense": [1, 1, 0, 0], "offense": [0, 0, 0, 0], "neutral": [0, 0, 0, 0],
    ...     "nonagg": [0, 0, 1, 1], "consul": [0, 0, 0, 0]})
    >>> derive_atop_ddy(m, 1901)[["ccode1", "ccode2", "year", "atop_defense", "atop_nonagg"]]
       ccode1  ccode2  year  atop_defense  atop_nonagg
    0       2      20  1900             0            1
    1       2      20  1901             0            1
    2       2      30  1899             1            0
    3       2      30  1900             1            0
    4      20       2  1900             0            1
    5      20       2  1901             0            1
    6      30       2  1899             1            0
    7      30       2  1900             1            0
    """
    return _atop_ddy(members, last_year)


def _int_col(m: pd.DataFrame, name: str) -> np.ndarray:
    """An integer column with NA (or an absent column) as 0."""
    if name not in m:
        return np.zeros(len(m), dtype="int64")
    return pd.to_numeric(m[name]).fillna(0).to_numpy(dtype="int64")


def _spells(m: pd.DataFrame, last_year: int) -> tuple[np.ndarray, np.ndarray]:
    """Entry and exit of each ATOP member row as YYYYMMDD integers, exit exclusive.

    Unknown (0/NA) entry month or day = 1; unknown exit month = the whole year, unknown
    exit day = the whole month (day 32); ``yrexit`` 0 = in force through ``last_year``.
    """
    mo0, d0 = _int_col(m, "moent"), _int_col(m, "dayent")
    entry = _int_col(m, "yrent") * 10000 + np.where(mo0 > 0, mo0, 1) * 100 + np.where(d0 > 0, d0, 1)
    y1, mo1, d1 = _int_col(m, "yrexit"), _int_col(m, "moexit"), _int_col(m, "dayexit")
    ongoing = y1 == 0
    d1 = np.where((d1 > 0) & (mo1 > 0) & ~ongoing, d1, 32)
    mo1 = np.where((mo1 > 0) & ~ongoing, mo1, 12)
    exit_ = np.where(ongoing, last_year, y1) * 10000 + mo1 * 100 + d1
    return entry, exit_


def _atop_ddy(m: pd.DataFrame, last_year: int) -> pd.DataFrame:
    obl = list(ATOP_OBLIGATIONS)
    entry, exit_ = _spells(m, last_year)
    rows = pd.DataFrame(
        {
            "atopid": m["atopid"].to_numpy(dtype="int64"),
            "member": m["member"].to_numpy(dtype="int64"),
            "entry": entry,
            # a same-day spell is still in force on that day
            "exit": np.maximum(exit_, entry + 1),
            **{o: m[o].to_numpy(dtype="int64") for o in obl},
        }
    )
    pairs = rows.merge(
        rows[["atopid", "member", "entry", "exit"]], on="atopid", suffixes=("", "_2")
    )
    lo = np.maximum(pairs["entry"].to_numpy(), pairs["entry_2"].to_numpy())
    hi = np.minimum(pairs["exit"].to_numpy(), pairs["exit_2"].to_numpy())
    keep = (pairs["member"].to_numpy() != pairs["member_2"].to_numpy()) & (lo < hi)
    pairs, lo, hi = pairs[keep], lo[keep] // 10000, hi[keep] // 10000
    n = hi - lo + 1
    idx = np.repeat(np.arange(len(pairs)), n)
    offs = np.arange(int(n.sum())) - np.repeat(np.cumsum(n) - n, n)
    dy = pairs.iloc[idx][["atopid", "member", "member_2", "entry", *obl]].assign(
        year=lo[idx] + offs
    )
    # ccode1's obligations: its last phase row of the year that overlaps ccode2
    last = dy.groupby(["atopid", "member", "member_2", "year"], sort=False)["entry"].transform(
        "max"
    )
    dy = dy[dy["entry"].to_numpy() == last.to_numpy()]
    out = (
        dy.groupby(["member", "member_2", "year"], as_index=False, sort=True)[obl]
        .max()
        .rename(columns={"member": "ccode1", "member_2": "ccode2", **ATOP_OBLIGATIONS})
    )
    return (
        out[["ccode1", "ccode2", "year", *ATOP_OBLIGATIONS.values()]]
        .astype("int64")
        .reset_index(drop=True)
    )
