"""Importers of the Correlates of War files: states, alliances, NMC, MIDs."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from ..errors import DataFormatError
from ._common import carry_over, classify_files, finish, known_ccodes, need_files
from ._mid import dyad_tables as _mid_dyads
from ._parse import (
    AMOUNT,
    COW_MISSING,
    DAY,
    MONTH,
    SHARE,
    THIS_YEAR,
    YEAR,
    Col,
    RawTable,
    Report,
    check_dates,
    check_order,
    check_unique,
    parse,
    read_csv_raw,
    show,
)
from ._parse import single_value as _single
from .core import ImportRecord, Store

STATE = Col("int", state=True)
FLAG = Col("int", lo=0, hi=1)
FLAG_OPT = Col("int", required=False, lo=0, hi=1)
#: A month or day that must be given (the state system's spells).
MONTH_REQ = Col("int", lo=1, hi=12, what="a month")
DAY_REQ = Col("int", lo=1, hi=31, what="a day of a month")


# -- COW state system ------------------------------------------------------------------

_STATES = {
    "stateabb": Col("str"),
    "ccode": STATE,
    "statenme": Col("str"),
    "styear": YEAR,
    "stmonth": MONTH_REQ,
    "stday": DAY_REQ,
    "endyear": YEAR,
    "endmonth": MONTH_REQ,
    "endday": DAY_REQ,
    "version": Col("int"),
}
_SYSTEM = {"stateabb": Col("str"), "ccode": STATE, "year": YEAR, "version": Col("int")}
_MAJORS = {k: v for k, v in _STATES.items() if k != "statenme"}
_STATE_KINDS = ("states", "system", "majors")


def import_cow_states(paths: list[Path], store: Store, version: str | None) -> ImportRecord:
    """Import COW State System Membership: ``states2016.csv``, ``system2016.csv``, majors.

    Source: Correlates of War Project, State System Membership List v2016 (majors v2016
    or v2024). Any subset of the three files may be given; each is recognised by its
    header (``statenme`` = states, ``year`` = system, ``styear`` without ``statenme`` =
    majors). Tables: ``states``, ``system``, ``majors``. The version is the files'
    ``version`` column (``2016``; ``2016-majors2024`` when the majors file is newer).
    A partial import merges (:func:`._common.carry_over`): the tables not given are
    kept from the store's default ``cow_states`` version, and the label says which
    versions the result holds (``majors2024.csv`` alone onto 2016 -> ``2016-majors2024``).

    Examples
    --------
    >>> import tempfile, pathlib
    >>> d = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (d / "majors.csv").write_text(
    ...     "stateabb,ccode,styear,stmonth,stday,endyear,endmonth,endday,version\\n"
    ...     "USA,2,1898,8,13,2016,12,31,2016\\n")
    >>> rec = import_cow_states([d / "majors.csv"], Store(d / "s.duckdb"), None)
    >>> (rec.version, rec.rows)
    ('2016', 1)
    """
    need_files(paths, "cow-states", 1, 3)
    report = Report()
    known = known_ccodes(store)
    found = classify_files(
        paths,
        {
            "states": {"ccode", "statenme", "styear"},
            "system": {"ccode", "year"},
            "majors": {"ccode", "styear", "endyear"},
        },
        "cow-states",
        report,
    )
    tables: dict[str, pd.DataFrame] = {}
    vers: dict[str, str] = {}
    for kind, spec in (("states", _STATES), ("system", _SYSTEM), ("majors", _MAJORS)):
        if kind not in found:
            continue
        raw = found[kind][1]
        df = parse(raw, spec, report, known_states=known)[list(spec)]
        vers[kind] = _single(df, raw, "version")
        if kind == "system":
            check_unique(df, raw, ["ccode", "year"], "state-year")
        else:
            check_dates(df, raw, "styear", "stmonth", "stday")
            check_dates(df, raw, "endyear", "endmonth", "endday")
            check_order(df, raw, "styear", "endyear")
            check_unique(df, raw, ["ccode", "styear", "stmonth", "stday"], "spell")
        tables[kind] = df
    for kind, df in carry_over(store, "cow_states", _STATE_KINDS, list(tables), report).items():
        tables[kind] = df
        vers[kind] = str(show(df["version"].dropna().iloc[0])) if len(df) else "unknown"
    base = vers.get("states") or vers.get("system") or vers["majors"]
    label = base
    if "majors" in vers and vers["majors"] != base:
        label = f"{base}-majors{vers['majors']}"
    paths_in = [found[k][0] for k in _STATE_KINDS if k in found]
    tables = {k: tables[k] for k in _STATE_KINDS if k in tables}
    return finish(store, "cow_states", label, tables, paths_in, report, version)


# -- COW formal alliances v4.1 -----------------------------------------------------------

_ALLIANCE = {
    "version4id": Col("int", lo=1),
    "ccode": STATE,
    "state_name": Col("str", required=False),
    "all_st_day": DAY,
    "all_st_month": MONTH,
    "all_st_year": Col("int", lo=0, hi=THIS_YEAR),
    "all_end_day": DAY,
    "all_end_month": MONTH,
    "all_end_year": Col("int", required=False, missing=COW_MISSING, lo=0, hi=THIS_YEAR),
    "ss_type": Col("str", required=False),
    "mem_st_day": DAY,
    "mem_st_month": MONTH,
    "mem_st_year": Col("int", lo=0, hi=THIS_YEAR),
    "mem_end_day": DAY,
    "mem_end_month": MONTH,
    "mem_end_year": Col("int", required=False, missing=COW_MISSING, lo=0, hi=THIS_YEAR),
    "left_censor": FLAG_OPT,
    "right_censor": FLAG_OPT,
    "defense": FLAG_OPT,
    "neutrality": FLAG_OPT,
    "nonaggression": FLAG_OPT,
    "entente": FLAG_OPT,
    "version": Col("float"),
}
_COW_FLAGS = {
    "defense": "cow_defense",
    "neutrality": "cow_neutral",
    "nonaggression": "cow_nonagg",
    "entente": "cow_entente",
}


def import_cow_alliance(paths: list[Path], store: Store, version: str | None) -> ImportRecord:
    """Import COW Formal Alliances v4.1 (``alliance_v4.1_by_member.csv``).

    Source: Gibler (2009), COW Formal Interstate Alliance Dataset v4.1. Tables:
    ``members`` (the by-member file) and ``dyad_years``, derived here by COW's rules for
    its dyadic files: every ordered pair of members of the same alliance whose
    membership spells (``mem_st_*`` to ``mem_end_*``; a blank end means in force at the
    end of the data, the file's last year) share at least one day, each year from the
    later entry to the earlier exit. The type flags are those of the member with the
    lower ccode (as COW's non-directed dyad file, ccode1 < ccode2, evidently codes them:
    inferred, not documented, from reproducing that file's flags as peacesciencer ships
    it), in both directions; several alliances in one dyad-year are collapsed with
    max (the count is reported). Repairs (reported in the notes): a membership year 0 is
    replaced by the alliance's own start/end year; exact duplicate rows are dropped;
    missing type flags count as 0 in ``dyad_years``. An alliance year 0, or a membership
    ending before it starts, is an error.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> d = pathlib.Path(tempfile.mkdtemp())
    >>> hdr = ",".join(_ALLIANCE)
    >>> row = "1,{c},X,1,1,1900,1,1,1901,T,1,1,1900,1,1,1901,0,0,1,0,1,1,4.1"
    >>> _ = (d / "m.csv").write_text("\\n".join([hdr, row.format(c=2), row.format(c=20)]))
    >>> rec = import_cow_alliance([d / "m.csv"], Store(d / "s.duckdb"), None)
    >>> Store(d / "s.duckdb").read("cow_alliance", "dyad_years").shape
    (4, 7)
    """
    need_files(paths, "cow-alliance", 1, 1)
    report = Report()
    raw = read_csv_raw(paths[0], report)
    df = parse(raw, _ALLIANCE, report, known_states=known_ccodes(store))[list(_ALLIANCE)]
    ver = _single(df, raw, "version")
    ver = f"{float(ver):.1f}"
    for part in ("all_st", "all_end", "mem_st", "mem_end"):
        check_dates(df, raw, f"{part}_year", f"{part}_month", f"{part}_day")
    for kind in ("st", "end"):
        acol, mcol = f"all_{kind}_year", f"mem_{kind}_year"
        a0 = (df[acol] == 0).fillna(False).to_numpy()
        if a0.any():
            pos = int(np.argmax(a0))
            raise DataFormatError(
                "alliance year 0 cannot be repaired", file=raw.file, row=raw.row_of(pos), field=acol
            )
        m0 = (df[mcol] == 0).fillna(False).to_numpy()
        if m0.any():
            rows = [raw.row_of(int(i)) for i in np.flatnonzero(m0)]
            df.loc[m0, mcol] = df.loc[m0, acol]
            report.add(
                f"{raw.file}: {mcol} 0 on row(s) {', '.join(map(str, rows))} repaired with {acol}"
            )
    last = int(
        np.nanmax(
            df[["all_st_year", "mem_st_year", "all_end_year", "mem_end_year"]].to_numpy(
                dtype="float64", na_value=np.nan
            )
        )
    )
    start, end = _cow_spells(df, last)
    bad = end < start
    if bad.any():
        pos = int(np.argmax(bad))
        parts = [(int(start[pos]) // k % m, int(end[pos]) // k % m) for k, m in _YMD]
        field = next(f for f, (a, b) in zip(_END_FIELDS, parts, strict=True) if a != b)
        raise DataFormatError(
            f"membership ends ({_ymd(end[pos])}) before it starts ({_ymd(start[pos])})",
            file=raw.file,
            row=raw.row_of(pos),
            field=field,
        )
    dups = df.duplicated().to_numpy()
    if dups.any():
        rows = [raw.row_of(int(i)) for i in np.flatnonzero(dups)]
        report.add(
            f"{raw.file}: {len(rows)} exact duplicate row(s) dropped (rows "
            f"{', '.join(map(str, rows[:10]))}{'...' if len(rows) > 10 else ''})"
        )
        df = df[~dups]
    dyads, collapsed, year_only = _cow_dyad_years(df, last)
    report.add(
        f"dyad_years: {len(dyads)} directed dyad-years 1816-{last}; {collapsed} duplicate "
        "dyad-years (pair in several alliances or overlapping spells) collapsed with max"
    )
    if year_only:
        report.add(
            f"dyad_years: {year_only} ordered member pair(s) share a calendar year but no day "
            "and are not allied that year (COW's by_dyad_yearly file lists such years)"
        )
    flags_na = int(df[list(_COW_FLAGS)].isna().to_numpy().sum())
    if flags_na:
        report.add(f"{raw.file}: {flags_na} missing type flag(s) counted as 0 in dyad_years")
    return finish(
        store,
        "cow_alliance",
        ver,
        {"members": df, "dyad_years": dyads},
        paths,
        report,
        version,
    )


_YMD = ((10000, 10000), (100, 100), (1, 100))  # (divisor, modulus) of year, month, day
_END_FIELDS = ("mem_end_year", "mem_end_month", "mem_end_day")


def _ymd(d: int) -> str:
    return f"{int(d) // 10000:04d}-{int(d) // 100 % 100:02d}-{int(d) % 100:02d}"


def _cow_spells(df: pd.DataFrame, last: int) -> tuple[np.ndarray, np.ndarray]:
    """First and last day in force of each COW v4.1 membership row, as YYYYMMDD integers.

    Source: COW Formal Alliances v4.1 by-member file (Gibler 2009), ``mem_st_*`` and
    ``mem_end_*``. Both days count as in force. A blank end year means in force through
    31 December of ``last``; an unknown start month or day counts as 1 and an unknown end
    month as 12, end day as 31, so a missing part never shortens a spell.

    Examples
    --------
    >>> df = pd.DataFrame({"mem_st_year": [1900, 1950], "mem_st_month": [3, pd.NA],
    ...     "mem_st_day": [5, pd.NA], "mem_end_year": [1901, pd.NA],
    ...     "mem_end_month": [pd.NA, pd.NA], "mem_end_day": [pd.NA, pd.NA]}, dtype="Int64")
    >>> [list(map(int, a)) for a in _cow_spells(df, 2012)]
    [[19000305, 19500101], [19011231, 20121231]]
    """

    def col(name: str, fill: int) -> np.ndarray:
        return df[name].fillna(fill).to_numpy(dtype="int64")

    start = col("mem_st_year", 0) * 10000 + col("mem_st_month", 1) * 100 + col("mem_st_day", 1)
    ongoing = df["mem_end_year"].isna().to_numpy()
    end = col("mem_end_year", 0) * 10000 + col("mem_end_month", 12) * 100 + col("mem_end_day", 31)
    return start, np.where(ongoing, last * 10000 + 1231, end)


def _cow_dyad_years(df: pd.DataFrame, last: int) -> tuple[pd.DataFrame, int, int]:
    """Directed dyad-years of COW Formal Alliances v4.1 from the by-member rows.

    Source: Gibler (2009), COW Formal Interstate Alliance Dataset v4.1; the common-day
    rule is the one COW states for its dyadic files. Two members of an alliance form a dyad when
    their membership spells share at least one day (``_cow_spells``); the dyad-years run
    from the year of the later entry to the year of the earlier exit. The type flags of a
    dyad are those of the member with the lower ccode: COW's non-directed
    ``by_dyad_yearly`` file lists each pair once with ``ccode1 < ccode2``, and its flags
    are ccode1's commitments (inferred from the data, not documented: the rule reproduces
    the flags of that file as peacesciencer's ``cow_alliance`` ships it); both
    directions carry them. Several alliances (or spells) in one dyad-year are collapsed with
    max. Returns the table, the number of rows collapsed and the number of member pairs
    whose spells share a calendar year but no day (not allied that year).

    Examples
    --------
    Member 2 leaves on 1 June 1900, member 20 joins on 2 June: no common day, no dyad.
    Member 31 (in force throughout) takes member 2's flags toward 2 and its own toward 20.

    >>> cols = ["version4id", "ccode", "mem_st_year", "mem_st_month", "mem_st_day",
    ...         "mem_end_year", "mem_end_month", "mem_end_day", *_COW_FLAGS]
    >>> df = pd.DataFrame([[1, 2, 1899, 1, 1, 1900, 6, 1, 1, 0, 0, 1],
    ...                    [1, 20, 1900, 6, 2, 1900, 12, 31, 0, 0, 1, 1],
    ...                    [1, 31, 1899, 1, 1, 1900, 12, 31, 0, 0, 0, 1]], columns=cols)
    >>> dy, collapsed, yearonly = _cow_dyad_years(df, 2012)
    >>> print(dy.to_string(index=False))
     ccode1  ccode2  year  cow_defense  cow_neutral  cow_nonagg  cow_entente
          2      31  1899            1            0           0            1
          2      31  1900            1            0           0            1
         20      31  1900            0            0           1            1
         31       2  1899            1            0           0            1
         31       2  1900            1            0           0            1
         31      20  1900            0            0           1            1
    >>> (collapsed, yearonly)
    (0, 2)
    """
    start, end = _cow_spells(df, last)
    m = pd.DataFrame(
        {
            "a": df["version4id"].to_numpy(dtype="int64"),
            "ccode": df["ccode"].to_numpy(dtype="int64"),
            "s": start,
            "e": end,
            **{f: df[f].fillna(0).to_numpy(dtype="int64") for f in _COW_FLAGS},
        }
    )
    p = m.merge(m, on="a", suffixes=("1", "2"))
    c1, c2 = p["ccode1"].to_numpy(), p["ccode2"].to_numpy()
    lo = np.maximum(p["s1"].to_numpy(), p["s2"].to_numpy())
    hi = np.minimum(p["e1"].to_numpy(), p["e2"].to_numpy())
    keep = (c1 != c2) & (lo <= hi)  # at least one common day
    year_only = int(((c1 != c2) & (lo > hi) & (lo // 10000 <= hi // 10000)).sum())
    p, lo, hi = p[keep], lo[keep] // 10000, hi[keep] // 10000
    n = hi - lo + 1
    idx = np.repeat(np.arange(len(p)), n)
    offs = np.arange(int(n.sum())) - np.repeat(np.cumsum(n) - n, n)
    first = (p["ccode1"].to_numpy() < p["ccode2"].to_numpy())[idx]
    out = pd.DataFrame(
        {
            "ccode1": p["ccode1"].to_numpy()[idx],
            "ccode2": p["ccode2"].to_numpy()[idx],
            "year": lo[idx] + offs,
            **{
                col: np.where(first, p[f + "1"].to_numpy()[idx], p[f + "2"].to_numpy()[idx])
                for f, col in _COW_FLAGS.items()
            },
        }
    )
    grouped = out.groupby(["ccode1", "ccode2", "year"], as_index=False, sort=True).max()
    return grouped.astype("int64"), len(out) - len(grouped), year_only


# -- COW National Material Capabilities --------------------------------------------------

_NMC_COMPONENTS = ("milex", "milper", "irst", "pec", "tpop", "upop", "cinc")
_NMC_VERSIONS = {"2011": "5.0", "2017": "5.0", "2021": "6.0"}
#: last year covered -> version, for files without a known release tag (v7.0 ends 2022)
_NMC_LAST_YEAR = {2022: "7.0", 2016: "6.0", 2012: "5.0"}


def import_cow_nmc(paths: list[Path], store: Store, version: str | None) -> ImportRecord:
    """Import COW National Material Capabilities (v5.0, v6.0 or v7.0 abridged CSV).

    Source: Singer, Bremer & Stuckey (1972); COW NMC v5.0 (``NMC_5_0.csv``), v6.0
    (``NMC-60-abridged.csv``), v7.0 (peacesciencer's ``cow_nmc`` copy without
    ``stateabb``/``version``, NA instead of -9) or the official v7.0 layout. The version is
    read from the ``version`` column's release tag (2011 -> 5.0, 2021 -> 6.0) or, without
    that column or with a tag not listed (the official v7.0 file's), from the coverage
    (last year 2022 -> 7.0, 2016 -> 6.0, 2012 -> 5.0; reported); pass ``version=``
    otherwise. -9/-8 become NA (reported).
    Table ``nmc``: ccode, year, milex, milper, irst, pec, tpop, upop, cinc.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> d = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (d / "n.csv").write_text("stateabb,ccode,year,milex,milper,irst,pec,tpop,upop,"
    ...     "cinc,version\\nUSA,2,1816,3823,17,80,254,8659,-9,.0397,2021\\n")
    >>> rec = import_cow_nmc([d / "n.csv"], Store(d / "s.duckdb"), None)
    >>> (rec.version, Store(d / "s.duckdb").read("cow_nmc", "nmc")["upop"].isna().item())
    ('6.0', True)
    """
    need_files(paths, "cow-nmc", 1, 1)
    report = Report()
    raw = read_csv_raw(paths[0], report)
    spec = {
        "ccode": STATE,
        "year": Col("int", lo=1816, hi=THIS_YEAR),
        **{c: AMOUNT for c in _NMC_COMPONENTS if c != "cinc"},
        "cinc": SHARE,
    }
    if "version" in raw.header:
        spec["version"] = Col("int")
    df = parse(raw, spec, report, known_states=known_ccodes(store))
    check_unique(df, raw, ["ccode", "year"], "state-year")
    last = int(df["year"].max())
    by_coverage = _NMC_LAST_YEAR.get(last)
    tag = _single(df, raw, "version") if "version" in df else None
    detected = _NMC_VERSIONS.get(tag) if tag is not None else None
    if detected is None and by_coverage is not None:
        # no version column, or a release tag not listed here (a newer release's file)
        detected = by_coverage
        why = "no version column" if tag is None else f"release tag {tag} not known here"
        report.add(f"{raw.file}: {why}; version {detected} from coverage to {last}")
    if detected is None and version is None:
        what = f"release tag {tag}" if tag is not None else "no version column"
        raise DataFormatError(
            f"cannot tell the NMC version ({what}, data ending in {last}); pass --version",
            file=raw.file,
            field="version" if tag is not None else None,
        )
    detected = detected or tag or "unknown"
    nmc = df[["ccode", "year", *_NMC_COMPONENTS]]
    return finish(store, "cow_nmc", detected, {"nmc": nmc}, paths, report, version)


# -- COW Militarized Interstate Disputes 5.0 ---------------------------------------------

_MID_KEYS = {"dispnum": Col("int", lo=1), "styear": YEAR, "endyear": YEAR}
_MIDA_COLS = [
    "stday",
    "stmon",
    "endday",
    "endmon",
    "outcome",
    "settle",
    "fatality",
    "fatalpre",
    "maxdur",
    "mindur",
    "hiact",
    "hostlev",
    "recip",
    "numa",
    "numb",
    "ongo2014",
]
_MIDB_COLS = [
    "stday",
    "stmon",
    "endday",
    "endmon",
    "sidea",
    "revstate",
    "revtype1",
    "revtype2",
    "fatality",
    "fatalpre",
    "hiact",
    "hostlev",
    "orig",
]


def import_cow_mid(paths: list[Path], store: Store, version: str | None) -> ImportRecord:
    """Import COW Militarized Interstate Disputes 5.0: ``MIDA 5.0.csv`` and/or ``MIDB 5.0.csv``.

    Source: Palmer et al. (2022), MID 5.0. Files are recognised by header (MIDA has
    ``outcome``, MIDB ``ccode``). Tables ``mida`` and ``midb`` keep the official columns;
    the COW missing codes -9/-8 of every non-key column (days, outcome, settle, fatality,
    fatalpre, revtype1/2, ...) become NA and are counted in the notes.

    With both files, two derived tables are stored as well (see :mod:`._mid`):
    ``dirdisps``, directed dyadic dispute-years (Miller 2021's conversion of MIDB,
    peacesciencer's ``cow_mid_dirdisps``), and ``ddydisps``, one dispute per directed
    dyad-year (peacesciencer's ``cow_mid_ddydisps``, what ``add_cow_mids`` joins). They
    keep COW's -9 where MIDB/MIDA have an unknown value, as peacesciencer does, and
    reproduce peacesciencer 1.2.9's tables exactly on the official MID 5.0 files.
    A partial import merges (:func:`._common.carry_over`): MIDB alone keeps the store's
    MIDA (and the dyadic tables are derived again from both), MIDA alone keeps MIDB.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> d = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (d / "b.csv").write_text("dispnum,stabb,ccode,stday,stmon,styear,endday,endmon,"
    ...     "endyear,sidea,revstate,revtype1,revtype2,fatality,fatalpre,hiact,hostlev,orig,"
    ...     "version\\r\\n2,USA,2,-9,7,1902,24,1,1903,1,1,1,-9,0,0,7,3,1,5\\r\\n")
    >>> rec = import_cow_mid([d / "b.csv"], Store(d / "s.duckdb"), None)
    >>> (rec.version, rec.tables)
    ('5.0', ('cow_mid__midb__5_0',))
    """
    need_files(paths, "cow-mid", 1, 2)
    report = Report()
    found = classify_files(
        paths,
        {"mida": {"dispnum", "outcome", "numa"}, "midb": {"dispnum", "ccode", "sidea"}},
        "cow-mid",
        report,
    )
    known = known_ccodes(store)
    tables: dict[str, pd.DataFrame] = {}
    vers = set()
    for kind, cols in (("mida", _MIDA_COLS), ("midb", _MIDB_COLS)):
        if kind not in found:
            continue
        raw = found[kind][1]
        spec: dict[str, Col] = dict(_MID_KEYS)
        spec.update({c: Col("int", required=False, missing=COW_MISSING) for c in cols})
        spec.update({"stmon": MONTH, "endmon": MONTH, "stday": DAY, "endday": DAY})
        if kind == "midb":
            spec["ccode"] = STATE
            spec["stabb"] = Col("str")
        spec["version"] = Col("int")
        df = parse(raw, spec, report, known_states=known, others="numeric")
        vers.add(_single(df, raw, "version"))
        if kind == "mida":  # MIDB's dates are checked by the dyad derivation (._mid)
            check_dates(df, raw, "styear", "stmon", "stday")
            check_dates(df, raw, "endyear", "endmon", "endday")
        check_order(df, raw, "styear", "endyear")
        keys = ["dispnum", "ccode", "styear", "stmon", "stday"] if kind == "midb" else ["dispnum"]
        check_unique(df, raw, keys, "record")
        tables[kind] = df
    kept = carry_over(store, "cow_mid", ("mida", "midb"), list(tables), report)
    for kind, df in kept.items():
        tables[kind] = df
        vers.add(str(show(df["version"].dropna().iloc[0])) if len(df) else "unknown")
    if len(vers) > 1:
        raise DataFormatError(
            f"MIDA and MIDB are from different versions: {sorted(vers)}"
            + (f" (kept from the store: {', '.join(kept)}; give both files)" if kept else "")
        )
    tag = vers.pop()
    ver = f"{tag}.0" if "." not in tag else tag
    if "mida" in tables and "midb" in tables:
        orphans = set(tables["midb"]["dispnum"]) - set(tables["mida"]["dispnum"])
        if orphans:
            report.add(f"{len(orphans)} MIDB dispute(s) without a MIDA record")
        raw_b = found["midb"][1] if "midb" in found else _stored_raw(tables["midb"])
        tables.update(_mid_dyads(tables["mida"], tables["midb"], raw_b, report))
    else:
        report.add("dirdisps/ddydisps (dyadic MID data) need both MIDA and MIDB: not derived")
    files = [found[k][0] for k in ("mida", "midb") if k in found]
    return finish(store, "cow_mid", ver, tables, files, report, version)


def _stored_raw(df: pd.DataFrame) -> RawTable:
    """A stand-in RawTable for a table kept from the store (row = position + 2)."""
    return RawTable("midb (kept from the store)", list(df.columns), df, np.arange(2, len(df) + 2))
