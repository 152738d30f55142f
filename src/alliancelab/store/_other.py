"""Importers of the SIPRI Military Expenditure workbook and Thompson & Dreyer rivalries."""

from __future__ import annotations

import re
import warnings
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from ..errors import DataFormatError
from ._common import finish, known_ccodes, need_files
from ._parse import (
    THIS_YEAR,
    YEAR,
    Col,
    Report,
    check_order,
    check_states,
    check_unique,
    parse,
    read_csv_raw,
)
from .core import ImportRecord, Store

# -- SIPRI Military Expenditure Database ------------------------------------------------

#: SIPRI country name -> [(COW code, first year or None, last year or None)]. Names not
#: here go through ``countrycode`` (country.name -> cown). Years outside every range are
#: dropped and reported (e.g. SIPRI's "Russia" rows before 1992 overlap the USSR).
SIPRI_TO_COW: dict[str, list[tuple[int, int | None, int | None]]] = {
    "USSR": [(365, None, 1991)],
    "Russia": [(365, 1992, None)],
    "Germany": [(260, None, 1990), (255, 1991, None)],  # FRG figures until 1990
    "German Democratic Republic": [(265, None, 1990)],
    "Yemen, North": [(678, None, 1989)],
    "Yemen": [(679, 1990, None)],
    "Czechoslovakia": [(315, None, 1992)],
    "Czechia": [(316, 1993, None)],
    "Yugoslavia": [(345, None, None)],
    "Serbia": [(345, None, None)],  # COW keeps 345 for Yugoslavia/Serbia
}
#: SIPRI rows that are not states (aggregates), skipped and reported.
SIPRI_SKIP = frozenset({"European Union"})
_SIPRI_NA = frozenset({"...", ". .", "..", "xxx", ""})
_SHEETS = {
    "milex_constant_usd_m": re.compile(r"^Constant \((\d{4})\) US\$$"),
    "milex_current_usd_m": re.compile(r"^Current US\$$"),
    "milex_share_gdp": re.compile(r"^Share of GDP$"),
}


def _sheet_long(ws: Any, file: str, sheet: str, column: str) -> tuple[pd.DataFrame, list[int]]:
    rows = list(ws.iter_rows(values_only=True))
    head = next(
        (i for i, r in enumerate(rows) if r and isinstance(r[0], str) and r[0] == "Country"),
        None,
    )
    if head is None:
        raise DataFormatError(
            "no header row starting with 'Country'", file=f"{file} [{sheet}]", field="Country"
        )
    years = {
        j: int(v)
        for j, v in enumerate(rows[head])
        if isinstance(v, int | float) and 1900 <= v <= 2100 and v == int(v)
    }
    if not years:
        raise DataFormatError("no year columns", file=f"{file} [{sheet}]", row=head + 1)
    out: list[tuple[str, int, int, float]] = []
    for i in range(head + 1, len(rows)):
        r = rows[i]
        if not r or not isinstance(r[0], str) or not r[0].strip():
            continue
        cells = {y: (r[j] if j < len(r) else None) for j, y in years.items()}
        if all(v is None or v == "" for v in cells.values()):
            continue  # a region or subregion heading
        for y, v in cells.items():
            if v is None or (isinstance(v, str) and v.strip() in _SIPRI_NA):
                val = np.nan
            elif isinstance(v, int | float):
                val = float(v)
            else:
                raise DataFormatError(
                    f"not a number: {v!r}", file=f"{file} [{sheet}]", row=i + 1, field=str(y)
                )
            out.append((r[0].strip(), i + 1, y, val))
    df = pd.DataFrame(out, columns=["country", "row", "year", column])
    return df, sorted(years.values())


def import_sipri_milex(paths: list[Path], store: Store, version: str | None) -> ImportRecord:
    """Import the official SIPRI Military Expenditure Database workbook (``.xlsx``).

    Source: SIPRI Military Expenditure Database (``SIPRI-Milex-data-1949-2024_2.xlsx``,
    2025 release). Reads the sheets "Constant (YYYY) US$", "Current US$" and "Share of
    GDP" (those present; at least one). "..." (unavailable) and "xxx" (state did not
    exist) become NA; rows with no value in any sheet are dropped. Country names are
    mapped to COW codes with the explicit table :data:`SIPRI_TO_COW` (year ranges for
    successor states) and ``countrycode`` otherwise; an unmapped name is an error naming
    its row, aggregates (:data:`SIPRI_SKIP`) are skipped. Table ``milex``: ccode, year,
    country, milex_constant_usd_m, milex_current_usd_m, milex_share_gdp (a fraction:
    0.034 = 3.4%). Version: ``<last year>-c<constant-price base year>``, e.g.
    ``2024-c2023``.
    """
    need_files(paths, "sipri-milex", 1, 1)
    import openpyxl

    path = paths[0]
    report = Report()
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # openpyxl style warnings on SIPRI's files
            wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:
        raise DataFormatError(f"not a readable .xlsx workbook ({exc})", file=path.name) from None
    try:
        frames: dict[str, pd.DataFrame] = {}
        base = None
        last = first = None
        for col, pat in _SHEETS.items():
            name = next((s for s in wb.sheetnames if pat.match(s)), None)
            if name is None:
                report.add(f"{path.name}: no sheet for {col} (NA)")
                continue
            df, years = _sheet_long(wb[name], path.name, name, col)
            frames[col] = df.assign(sheet=name)
            first, last = years[0], years[-1]
            m = pat.match(name)
            if m and m.groups():
                base = m.group(1)
    finally:
        wb.close()
    if not frames:
        raise DataFormatError(
            "none of the sheets 'Constant (YYYY) US$', 'Current US$', 'Share of GDP' found",
            file=path.name,
        )
    known = known_ccodes(store)
    long: pd.DataFrame | None = None
    for df in frames.values():
        part = df.drop(columns=["row", "sheet"])
        long = part if long is None else long.merge(part, on=["country", "year"], how="outer")
    assert long is not None
    rows_of = pd.concat([f[["country", "row", "sheet"]] for f in frames.values()])
    rows_of = rows_of.drop_duplicates("country")
    row_map = dict(zip(rows_of["country"], rows_of["row"], strict=True))
    sheet_of = dict(zip(rows_of["country"], rows_of["sheet"], strict=True))
    for c in _SHEETS:
        if c not in long:
            long[c] = np.nan
    codes = _sipri_codes(sorted(row_map), row_map, path.name, sheet_of)
    long = long[~long["country"].isin(SIPRI_SKIP)]
    skipped = sorted(set(row_map) & SIPRI_SKIP)
    if skipped:
        report.add(f"{path.name}: aggregates skipped: {', '.join(skipped)}")
    ccode = np.full(len(long), -1, dtype="int64")
    cty = long["country"].to_numpy()
    yrs = long["year"].to_numpy()
    for name, spans in codes.items():
        sel = cty == name
        for code, lo, hi in spans:
            ok = sel & (yrs >= (lo or 0)) & (yrs <= (hi or 9999))
            ccode[ok] = code
    values = ["milex_constant_usd_m", "milex_current_usd_m", "milex_share_gdp"]
    has = long[values].notna().any(axis=1).to_numpy()
    outside = (ccode < 0) & has
    if outside.any():
        lost = long[outside].groupby("country")["year"].agg(["min", "max"])
        report.add(
            "rows outside the COW mapping's years dropped: "
            + ", ".join(f"{c} {r['min']}-{r['max']}" for c, r in lost.iterrows())
        )
    long = long.assign(ccode=ccode)[(ccode >= 0) & has]
    for name in set(long["country"]):
        code = int(long.loc[long["country"] == name, "ccode"].iloc[0])
        if code not in known:
            raise DataFormatError(
                f"{name!r} maps to {code}, not a known COW state code",
                file=f"{path.name} [{sheet_of[name]}]",
                row=row_map[name],
                field="Country",
            )
    dup = long.duplicated(["ccode", "year"], keep=False)
    if dup.any():
        clash = long[dup].sort_values(["ccode", "year"]).head(2)
        a, b = clash["country"].tolist()
        raise DataFormatError(
            f"{a!r} and {b!r} both map to COW {int(clash['ccode'].iloc[0])} in "
            f"{int(clash['year'].iloc[0])}; add a year range to SIPRI_TO_COW",
            file=f"{path.name} [{sheet_of[b]}]",
            row=row_map[b],
            field="Country",
        )
    out = (
        long[["ccode", "year", "country", *values]]
        .sort_values(["ccode", "year"])
        .astype({"ccode": "int64", "year": "int64"})
    )
    ver = f"{last}-c{base}" if base else f"{last}"
    _refuse_lost_columns(store, out, values, path.name)
    report.add(f"{path.name}: {out['ccode'].nunique()} states, {first}-{last}")
    return finish(store, "sipri_milex", ver, {"milex": out}, paths, report, version)


def _refuse_lost_columns(store: Store, out: pd.DataFrame, values: list[str], file: str) -> None:
    """Refuse a workbook whose layout leaves a value column empty that the store's default
    SIPRI version fills (a sheet renamed or dropped): importing it would silently empty
    that column for every panel reading the default version."""
    if not store.path.exists() or not store.has("sipri_milex"):
        return
    empty = [c for c in values if not out[c].notna().any()]
    if not empty:
        return
    from .core import default_version

    current = default_version(store.versions("sipri_milex"))
    old = store.read("sipri_milex", "milex", current, columns=empty)
    lost = {c: int(old[c].notna().sum()) for c in empty if old[c].notna().any()}
    if lost:
        raise DataFormatError(
            "this workbook gives no value for "
            + ", ".join(f"{c} (the stored version {current} has {n})" for c, n in lost.items())
            + ": a different layout (a sheet renamed or missing?); importing it would empty "
            "that column for every panel; import the full SIPRI workbook",
            file=file,
            field=next(iter(lost)),
        )


def _sipri_codes(
    names: list[str], row_map: dict[str, int], file: str, sheet_of: dict[str, str]
) -> dict[str, list[tuple[int, int | None, int | None]]]:
    from countrycode import countrycode

    todo = [n for n in names if n not in SIPRI_TO_COW and n not in SIPRI_SKIP]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        got = countrycode(todo, origin="country.name", destination="cown") if todo else []
    out = {n: SIPRI_TO_COW[n] for n in names if n in SIPRI_TO_COW}
    for n, c in zip(todo, got, strict=True):
        if c is None or (isinstance(c, float) and np.isnan(c)):
            raise DataFormatError(
                f"SIPRI country {n!r} has no COW code (countrycode found none); add it to "
                "alliancelab.store._other.SIPRI_TO_COW or SIPRI_SKIP",
                file=f"{file} [{sheet_of[n]}]",
                row=row_map[n],
                field="Country",
            )
        out[n] = [(int(c), None, None)]
    return out


# -- Thompson & Dreyer strategic rivalries -----------------------------------------------

_RIVALRIES = {
    "rivalryno": Col("int", lo=1),
    "rivalryname": Col("str"),
    "ccode1": Col("int"),
    "ccode2": Col("int"),
    "styear": YEAR,
    "endyear": Col("int", required=False, lo=1000, hi=THIS_YEAR),
    "region": Col("str", required=False),
    "type1": Col("str", required=False),
    "type2": Col("str", required=False),
    "type3": Col("str", required=False),
}
#: Codes in peacesciencer's td_rivalries that are not COW state codes (pre-1816 rivals).
RIVALRY_NON_COW = {324: "Venice (pre-1816 rivalries; code assigned by peacesciencer)"}


def import_rivalries(paths: list[Path], store: Store, version: str | None) -> ImportRecord:
    """Import Thompson & Dreyer strategic rivalries, COW-coded (``td_rivalries.csv.gz``).

    Source: Thompson & Dreyer (2012), *Handbook of International Rivalries, 1494-2010*,
    with COW codes as added by peacesciencer. Table ``rivalries`` (rivalryno,
    rivalryname, ccode1, ccode2, styear, endyear, region, type1-3). Codes must be COW
    codes except :data:`RIVALRY_NON_COW` (Venice, 324), kept and reported. The
    uncoded ``strategic_rivalries`` file (side names only) is refused with a hint.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> d = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (d / "r.csv").write_text("rivalryno,rivalryname,ccode1,ccode2,styear,endyear,"
    ...     "region,type1,type2,type3\\n1,Austria-France,220,300,1494,1918,Eur,spatial,,\\n")
    >>> import_rivalries([d / "r.csv"], Store(d / "s.duckdb"), None).version
    '2012'
    """
    need_files(paths, "rivalries", 1, 1)
    report = Report()
    raw = read_csv_raw(paths[0], report)
    if "sidea" in raw.header and "ccode1" not in raw.header:
        raise DataFormatError(
            "this rivalry file names its sides without COW codes; import the COW-coded "
            "td_rivalries file instead",
            file=raw.file,
            row=1,
            field="ccode1",
        )
    df = parse(raw, _RIVALRIES, report)[list(_RIVALRIES)]
    known = known_ccodes(store)
    for c in ("ccode1", "ccode2"):
        check_states(df, raw, c, known, RIVALRY_NON_COW)
    odd = sorted(
        {int(v) for v in pd.concat([df["ccode1"], df["ccode2"]]) if int(v) in RIVALRY_NON_COW}
    )
    if odd:
        report.add(
            f"{raw.file}: non-COW codes kept: "
            + ", ".join(f"{c} = {RIVALRY_NON_COW[c]}" for c in odd)
        )
    check_order(df, raw, "styear", "endyear")
    check_unique(df, raw, ["rivalryno"], "rivalry")
    return finish(store, "rivalries", "2012", {"rivalries": df}, paths, report, version)
