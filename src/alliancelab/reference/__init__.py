"""The curated reference data shipped with alliancelab, loaded and validated.

Six CSV files beside this module form the default knowledge base (see ``README.md`` here
for the schema, the sources and every deliberate difference from the official files):

* ``states.csv``: COW State System Membership v2016 spells, extended to 2024;
* ``alliances.csv`` and ``alliance_members.csv``: the major alliances 1815-2024 with
  ATOP 5.1 obligations per member (ATOP: Leeds et al. 2002), treaty texts after 2018;
* ``capabilities.csv``: COW NMC v7.0 figures at benchmark years, with a documented 2024
  proxy from SIPRI's 2025 release;
* ``rivalries.csv``: Thompson & Dreyer (2012) strategic rivalries;
* ``contiguity.csv``: COW Direct Contiguity v3.2 spells (Stinnett et al. 2002) among the
  reference states, extended to 2024.

Every row carries a ``source``. Loaders validate types and codes and raise
:class:`~alliancelab.errors.DataFormatError` naming file, row (header = row 1) and field.

Examples
--------
>>> states = load_states()
>>> int(states.loc[states["ccode"] == 2, "start_year"].iloc[0])
1816
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from functools import cache
from pathlib import Path

import pandas as pd

from ..errors import DataFormatError

__all__ = [
    "CONTIGUITY_TYPES",
    "DOMAINS",
    "FIRST_YEAR",
    "LAST_YEAR",
    "OBLIGATIONS",
    "REFERENCE_DIR",
    "contiguity",
    "load_alliance_members",
    "load_alliances",
    "load_capabilities",
    "load_contiguity",
    "load_rivalries",
    "load_states",
    "read_table",
]

REFERENCE_DIR = Path(__file__).resolve().parent
_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
#: First and last year the reference data covers (alliances from 1815, state system 1816).
FIRST_YEAR = 1815
LAST_YEAR = 2024
#: ATOP obligation types, in the order of the obligation tensor's last axis.
OBLIGATIONS: tuple[str, ...] = ("defense", "offense", "neutrality", "nonaggression", "consultation")
#: COW Direct Contiguity v3.2 types (Stinnett et al. 2002): 1 land or river border, then
#: separation by at most 12, 24, 150 or 400 miles of water.
CONTIGUITY_TYPES: dict[int, str] = {
    1: "land or river border",
    2: "water, 12 miles or less",
    3: "water, 24 miles or less",
    4: "water, 150 miles or less",
    5: "water, 400 miles or less",
}
DOMAINS: tuple[str, ...] = ("conventional", "nuclear", "cyber", "non_traditional")
_FLAGS = ("integrated_command", "foreign_bases", "joint_exercises", "intelligence_sharing")

# Column kinds: int (required integer), int? (optional integer), float?, str, str?, flag (0/1),
# date? (optional ISO YYYY-MM-DD, read as datetime.date).
_SCHEMAS: dict[str, dict[str, str]] = {
    "states.csv": {
        "ccode": "int",
        "stateabb": "str",
        "name": "str",
        "iso3": "str?",
        "region": "str",
        "start_year": "int",
        "end_year": "int?",
        "start_date": "date?",
        "end_date": "date?",
        "source": "str",
    },
    "alliances.csv": {
        "alliance": "str",
        "name": "str",
        "signed_year": "int",
        "start_year": "int",
        "end_year": "int?",
        "domain": "str",
        **dict.fromkeys(_FLAGS, "flag"),
        "atopid": "int?",
        "cow_id": "int?",
        "source": "str",
    },
    "alliance_members.csv": {
        "alliance": "str",
        "ccode": "int",
        "entry_year": "int",
        "exit_year": "int?",
        **dict.fromkeys(OBLIGATIONS, "flag"),
        "toward": "str?",
        "entry_date": "date?",
        "exit_date": "date?",
        "against": "str?",
        "source": "str",
    },
    "capabilities.csv": {
        "ccode": "int",
        "year": "int",
        "milex": "float?",
        "milex_unit": "str?",
        "milper": "float?",
        "tpop": "float?",
        "cinc": "float?",
        "cinc_kind": "str",
        "source": "str",
    },
    "contiguity.csv": {
        "ccode1": "int",
        "ccode2": "int",
        "conttype": "int",
        "start_year": "int",
        "end_year": "int?",
        "source": "str",
    },
    "rivalries.csv": {
        "rivalry_id": "int",
        "name": "str",
        "ccode1": "int",
        "ccode2": "int",
        "start_year": "int",
        "end_year": "int?",
        "type": "str?",
        "source": "str",
    },
}


def read_table(path: Path | str, schema: dict[str, str]) -> pd.DataFrame:
    """Read a CSV and check it against ``schema`` (column -> kind), with exact error places.

    Parameters
    ----------
    path : Path or str
        The CSV file.
    schema : dict
        Column name to kind: ``int``, ``int?``, ``float?``, ``str``, ``str?``, ``flag``
        (0/1) or ``date?`` (ISO ``YYYY-MM-DD``, read as :class:`datetime.date`); a trailing
        ``?`` allows blanks (read as missing, never as 0; a blank date is ``None``).

    Raises
    ------
    DataFormatError
        Missing file, missing column, or a value of the wrong type; names file, row, field.
    """
    path = Path(path)
    if not path.is_file():
        raise DataFormatError("file not found", file=str(path))
    try:
        raw = pd.read_csv(path, dtype=str, keep_default_na=False)
    except (pd.errors.ParserError, UnicodeDecodeError) as exc:
        raise DataFormatError(f"cannot parse CSV: {exc}", file=path.name) from None
    missing = [c for c in schema if c not in raw.columns]
    if missing:
        raise DataFormatError(
            f"missing column(s) {missing}; expected {list(schema)}", file=path.name, row=1
        )
    out: dict[str, pd.Series] = {}
    for col, kind in schema.items():
        values = raw[col].str.strip()
        blank = values == ""
        optional = kind.endswith("?") or kind == "str?"
        if blank.any() and not optional:
            row = int(blank.to_numpy().argmax()) + 2
            raise DataFormatError("required value is empty", file=path.name, row=row, field=col)
        base = kind.rstrip("?")
        if base in ("int", "flag"):
            num = pd.to_numeric(values.where(~blank), errors="coerce")
            bad = (~blank) & (num.isna() | (num != num.round()))
            if base == "flag":
                bad |= (~blank) & ~num.isin([0, 1])
            if bad.any():
                row = int(bad.to_numpy().argmax()) + 2
                what = "0 or 1" if base == "flag" else "an integer"
                raise DataFormatError(
                    f"expected {what}, got {raw[col].iloc[row - 2]!r}",
                    file=path.name,
                    row=row,
                    field=col,
                )
            out[col] = num.astype("Int64")
        elif base == "float":
            num = pd.to_numeric(values.where(~blank), errors="coerce")
            bad = (~blank) & num.isna()
            if bad.any():
                row = int(bad.to_numpy().argmax()) + 2
                raise DataFormatError(
                    f"expected a number, got {raw[col].iloc[row - 2]!r}",
                    file=path.name,
                    row=row,
                    field=col,
                )
            out[col] = num.astype("float64")
        elif base == "date":
            out[col] = _dates(raw[col], values, blank, path.name, col)
        else:
            out[col] = values.where(~blank, None).astype(object)
    return pd.DataFrame(out)


def _dates(raw: pd.Series, values: pd.Series, blank: pd.Series, file: str, col: str) -> pd.Series:
    """ISO dates as :class:`datetime.date` (``None`` where blank), or the first bad cell."""
    out: list[dt.date | None] = []
    for i, (text, empty) in enumerate(zip(values, blank, strict=True)):
        if empty:
            out.append(None)
            continue
        try:
            if not _ISO_DATE.fullmatch(text):
                raise ValueError
            out.append(dt.date.fromisoformat(text))
        except ValueError:
            raise DataFormatError(
                f"expected an ISO date YYYY-MM-DD, got {raw.iloc[i]!r}",
                file=file,
                row=i + 2,
                field=col,
            ) from None
    return pd.Series(out, index=values.index, dtype=object)


def _check_date_years(df: pd.DataFrame, name: str, pairs: tuple[tuple[str, str], ...]) -> None:
    """Each date falls in the year column it refines (``end_date`` blank = year only)."""
    for date_col, year_col in pairs:
        year = df[date_col].map(lambda d: d.year if d is not None else None)
        known = df[date_col].notna() & df[year_col].notna()
        wrong = known & (year != df[year_col].astype("float"))
        _fail_at(df, wrong, name, date_col, f"{date_col} is not in {year_col}")


def _load(name: str, check: Callable[[pd.DataFrame, str], None] | None = None) -> pd.DataFrame:
    df = read_table(REFERENCE_DIR / name, _SCHEMAS[name])
    if check is not None:
        check(df, name)
    return df


def _fail_at(df: pd.DataFrame, mask: pd.Series, name: str, field: str, message: str) -> None:
    if mask.any():
        row = int(mask.to_numpy().argmax()) + 2
        raise DataFormatError(message, file=name, row=row, field=field)


def _check_years(
    df: pd.DataFrame, name: str, start: str, end: str, *, bound_start: bool = True
) -> None:
    for col in (start, end) if bound_start else (end,):
        vals = df[col]
        _fail_at(
            df,
            vals.notna() & ((vals < FIRST_YEAR) | (vals > LAST_YEAR)).fillna(False),
            name,
            col,
            f"year outside the reference coverage {FIRST_YEAR}-{LAST_YEAR}",
        )
    _fail_at(df, (df[end] < df[start]).fillna(False), name, end, f"{end} is before {start}")


@cache
def load_states() -> pd.DataFrame:
    """COW system-membership spells of every state, 1816-2024 (``end_year`` NA = ongoing).

    Source: COW State System Membership v2016, spells ending 2016-12-31 extended to 2024.
    """

    def check(df: pd.DataFrame, name: str) -> None:
        _check_years(df, name, "start_year", "end_year")
        _check_date_years(df, name, (("start_date", "start_year"), ("end_date", "end_year")))
        from ..codes import region_of

        wrong = df["region"] != df["ccode"].map(lambda c: region_of(int(c)))
        _fail_at(df, wrong, name, "region", "region does not match the COW code range")

    return _load("states.csv", check)


@cache
def load_alliances() -> pd.DataFrame:
    """The curated alliances: id, name, years, domain, institutional depth, ATOP/COW ids.

    Source: ATOP 5.1 (Leeds et al. 2002) and COW Formal Alliances v4.1 (Gibler 2009) where
    they cover an alliance; treaty texts and accession protocols otherwise (per row).
    """

    def check(df: pd.DataFrame, name: str) -> None:
        _fail_at(df, df["alliance"].duplicated(), name, "alliance", "duplicate alliance id")
        _fail_at(
            df,
            ~df["domain"].isin(DOMAINS),
            name,
            "domain",
            f"domain must be one of {DOMAINS}",
        )
        _check_years(df, name, "start_year", "end_year")

    return _load("alliances.csv", check)


@cache
def load_alliance_members() -> pd.DataFrame:
    """One row per membership spell with per-member ATOP obligations and their addressees.

    ``toward`` lists the ccodes an asymmetric obligation is owed to (blank = all other
    members). Source: ATOP 5.1 member file, treaty texts after 2018 (per row).
    """

    def check(df: pd.DataFrame, name: str) -> None:
        known = set(load_alliances()["alliance"])
        _fail_at(
            df, ~df["alliance"].isin(known), name, "alliance", "alliance id not in alliances.csv"
        )
        _check_years(df, name, "entry_year", "exit_year")
        toward = df["toward"].fillna("")
        bad = ~toward.str.fullmatch(r"(\d+( \d+)*)?")
        _fail_at(df, bad, name, "toward", "toward must be COW codes separated by spaces")
        against = df["against"].fillna("")
        bad = ~against.str.fullmatch(r"(\d+( \d+)*)?")
        _fail_at(df, bad, name, "against", "against must be COW codes separated by spaces")
        _check_date_years(df, name, (("entry_date", "entry_year"), ("exit_date", "exit_year")))

    return _load("alliance_members.csv", check)


@cache
def load_capabilities() -> pd.DataFrame:
    """Capabilities at benchmark years: milex, milper, tpop and CINC (or its 2024 proxy).

    Source: COW NMC v7.0 (Singer, Bremer & Stuckey 1972) to 2016; for 2024 SIPRI Military
    Expenditure Database (2025 release) with NMC 2022 components carried forward.
    """

    def check(df: pd.DataFrame, name: str) -> None:
        _fail_at(df, df.duplicated(["ccode", "year"]), name, "year", "duplicate (ccode, year)")
        cinc = df["cinc"]
        _fail_at(df, ((cinc < 0) | (cinc > 1)).fillna(False), name, "cinc", "cinc outside [0, 1]")

    return _load("capabilities.csv", check)


@cache
def load_rivalries() -> pd.DataFrame:
    """Strategic rivalries (Thompson & Dreyer 2012), ``end_year`` NA = ongoing in 2024."""

    def check(df: pd.DataFrame, name: str) -> None:
        _fail_at(df, df["rivalry_id"].duplicated(), name, "rivalry_id", "duplicate rivalry_id")
        # rivalries may begin before 1815 (Thompson & Dreyer start in 1494)
        _check_years(df, name, "start_year", "end_year", bound_start=False)

    return _load("rivalries.csv", check)


@cache
def load_contiguity() -> pd.DataFrame:
    """Contiguity spells among reference states, one undirected row each (``ccode1 < ccode2``).

    ``conttype`` is COW's 1-5 (see :data:`CONTIGUITY_TYPES`); ``end_year`` NA = ongoing in
    2024. Source: COW Direct Contiguity v3.2 (Stinnett, Tir, Schafer, Diehl & Gochman 2002)
    to 2016, spells ongoing in December 2016 extended to 2024 (no change known; per row).
    """

    def check(df: pd.DataFrame, name: str) -> None:
        _check_years(df, name, "start_year", "end_year")
        _fail_at(df, df["ccode1"] >= df["ccode2"], name, "ccode2", "need ccode1 < ccode2")
        bad = ~df["conttype"].isin(list(CONTIGUITY_TYPES))
        _fail_at(df, bad, name, "conttype", "conttype must be 1-5 (COW Direct Contiguity)")
        known = set(load_states()["ccode"].astype(int))
        for col in ("ccode1", "ccode2"):
            _fail_at(df, ~df[col].isin(known), name, col, "not a state in states.csv")

    return _load("contiguity.csv", check)


def contiguity(year: int | None = None, max_type: int = 5) -> pd.DataFrame:
    """Directed contiguity: each spell in both directions, optionally in force in ``year``.

    Parameters
    ----------
    year : int, optional
        Keep the spells in force at some point of ``year`` (``start_year <= year <=
        end_year``); with several spells of a dyad in one year (a change of type within
        the year) the closest type is kept, one row per directed dyad.
    max_type : int
        Keep types ``1..max_type`` (1 = land or river border only, 5 = up to 400 miles).

    Returns
    -------
    DataFrame
        ``ccode1, ccode2, conttype, start_year, end_year, source``; symmetric: every row
        has its mirror. Source: COW Direct Contiguity v3.2, extended to 2024.

    Examples
    --------
    >>> c = contiguity(1914, max_type=1)  # Serbia: A-H, Albania, Greece, Bulgaria, Romania
    >>> sorted(c.loc[c["ccode1"] == 345, "ccode2"].tolist())
    [300, 339, 350, 355, 360]
    """
    if isinstance(max_type, bool) or not isinstance(max_type, int) or not 1 <= max_type <= 5:
        raise ValueError(f"max_type must be an integer 1-5, got {max_type!r}")
    df = load_contiguity()
    df = df[df["conttype"] <= max_type]
    if year is not None:
        df = df[(df["start_year"] <= year) & (df["end_year"].fillna(LAST_YEAR) >= year)]
    both = pd.concat(
        [df, df.rename(columns={"ccode1": "ccode2", "ccode2": "ccode1"})], ignore_index=True
    )[list(df.columns)]
    if year is not None:
        both = both.sort_values("conttype").drop_duplicates(["ccode1", "ccode2"])
    return both.sort_values(["ccode1", "ccode2", "start_year"]).reset_index(drop=True)
