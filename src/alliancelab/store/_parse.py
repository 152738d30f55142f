"""Strict CSV reading and column validation shared by the importers.

Every check raises :class:`~alliancelab.errors.DataFormatError` naming the file, the row
(1-based, the header is row 1; for files without multi-line fields this is the line
number) and the field. Repairs that the importers make on purpose are collected in a
:class:`Report` and stored in the import's ``notes``.
"""

from __future__ import annotations

import csv
import gzip
import io
import zlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from ..errors import DataFormatError

__all__ = [
    "AMOUNT",
    "DAY",
    "MONTH",
    "SHARE",
    "THIS_YEAR",
    "YEAR",
    "YEAR_OPT",
    "Col",
    "RawTable",
    "Report",
    "bad_dates",
    "check_dates",
    "check_states",
    "parse",
    "read_csv_raw",
    "show",
]

#: Tokens read as "no value" in CSV cells (besides the COW missing codes of a column).
NA_TOKENS = frozenset({"", "NA"})
#: COW missing-value codes: -9 missing, -8 not applicable.
COW_MISSING = (-9, -8)


@dataclass
class Report:
    """Repairs and observations made during one import, stored as the import's notes."""

    items: list[str] = field(default_factory=list)

    def add(self, text: str) -> None:
        self.items.append(text)

    def text(self) -> str:
        return "; ".join(self.items)


@dataclass(frozen=True)
class Col:
    """How to read and check one column.

    kind is ``"int"``, ``"float"`` or ``"str"``; ``required`` forbids empty cells;
    ``missing`` lists the COW codes mapped to NA (and reported) where the codebook uses
    them; ``state`` checks COW state codes; ``lo``/``hi`` bound the values (after the
    missing codes are removed). Every number must be finite (``inf``, ``-inf``, ``nan``
    and overflowing literals such as ``1e400`` are errors) unless ``finite=False``.

    The range rules of every importer are the shared specs below (:data:`YEAR`,
    :data:`MONTH`, :data:`DAY`, :data:`COUNT`, ...): one place per kind of field.
    """

    kind: str = "int"
    required: bool = True
    missing: tuple[int, ...] = ()
    state: bool = False
    lo: float | None = None
    hi: float | None = None
    finite: bool = True
    what: str | None = None  # "a month": out-of-range says "stmon 13 is not a month (1-12)"
    #: False where -9/-8 are ordinary values (Polity2 -9, a latitude), not COW missing codes
    cow_codes: bool = True


#: The current calendar year: no source covers a later year (2099 is a typo, not data).
THIS_YEAR = date.today().year
#: A calendar year every importer accepts (shared column spec): 1000 to this year.
YEAR = Col("int", lo=1000, hi=THIS_YEAR)
#: An optional year (empty or a COW missing code allowed).
YEAR_OPT = Col("int", required=False, missing=COW_MISSING, lo=1000, hi=THIS_YEAR)
#: A month 1-12, optional, COW missing codes -9/-8 allowed.
MONTH = Col("int", required=False, missing=COW_MISSING, lo=1, hi=12, what="a month")
#: A day 1-31, optional, COW missing codes allowed (the calendar is checked by bad_dates).
DAY = Col("int", required=False, missing=COW_MISSING, lo=1, hi=31, what="a day of a month")
#: A non-negative amount (NMC components, counts), optional, COW missing codes allowed.
AMOUNT = Col("float", required=False, missing=COW_MISSING, lo=0)
#: A share 0-1 (NMC's cinc), optional, COW missing codes allowed.
SHARE = Col("float", required=False, missing=COW_MISSING, lo=0, hi=1)


@dataclass
class RawTable:
    """A CSV file read as strings: header, cells and the 1-based row number of each row."""

    file: str
    header: list[str]
    frame: pd.DataFrame  # object columns of stripped strings
    rows: np.ndarray  # 1-based row numbers (header = 1)

    def row_of(self, position: int) -> int:
        return int(self.rows[position])


def _read_bytes(path: Path) -> bytes:
    name = path.name
    if not path.is_file():
        raise DataFormatError("file not found", file=str(path))
    data = path.read_bytes()
    if name.endswith(".gz"):
        try:
            data = gzip.decompress(data)
        except (EOFError, OSError, zlib.error) as exc:
            raise DataFormatError(
                f"compressed file is truncated or corrupt ({exc})", file=name
            ) from None
    return data


def read_csv_raw(path: Path, report: Report | None = None) -> RawTable:
    """Read a CSV file (plain or .gz; LF, CRLF or old-Mac CR line endings) as strings.

    Checks: not empty, no duplicate column names, every row has as many fields as the
    header (a shorter last row is the usual sign of a truncated file). Empty unnamed
    trailing columns (a spreadsheet artefact) are dropped and reported.
    """
    name = path.name
    data = _read_bytes(path)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")
        if report is not None:
            report.add(f"{name}: not UTF-8, read as Windows-1252")
    if "\x00" in text:
        head = text[: text.index("\x00")]
        line = head.count("\n") + head.count("\r") - head.count("\r\n") + 1
        raise DataFormatError(
            "a NUL byte (\\x00) in the file: binary data or a damaged copy; download the "
            "official file again",
            file=name,
            row=line,
        )
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    records: list[list[str]] = []
    lines: list[int] = []
    try:
        for rec in reader:
            if not rec or (all(not c.strip() for c in rec) and len(rec) <= 1):
                continue
            records.append(rec)
            lines.append(reader.line_num)
    except csv.Error as exc:
        raise DataFormatError(
            f"malformed CSV ({exc}); is the file truncated?", file=name, row=reader.line_num
        ) from None
    if not records:
        raise DataFormatError("the file is empty (no header row)", file=name, row=1)
    header = [h.strip() for h in records[0]]
    width = len(header)
    numeric = sum(_is_number(h) for h in header)
    if numeric > len(header) / 2:
        raise DataFormatError(
            f"the first row looks like data ({', '.join(header[:4])}, ...): the header row "
            "is missing",
            file=name,
            row=1,
        )
    for rec, line in zip(records[1:], lines[1:], strict=True):
        if len(rec) != width:
            raise DataFormatError(
                f"row has {len(rec)} fields but the header has {width} "
                "(truncated file or broken line?)",
                file=name,
                row=line,
            )
    body = np.array(records[1:], dtype=object).reshape(len(records) - 1, width)
    frame = pd.DataFrame(body, columns=pd.Index(range(width)), dtype=object)
    frame = frame.apply(lambda s: s.str.strip()) if len(frame) else frame
    unnamed = [i for i, h in enumerate(header) if h == ""]
    if unnamed:
        named = [i for i, h in enumerate(header) if h != ""]
        inner = [i for i in unnamed if named and i < named[-1]]
        if inner:
            raise DataFormatError(
                "a column without a header name between named columns",
                file=name,
                row=1,
                field=f"column {inner[0] + 1}",
            )
        cells = (frame[unnamed] != "").to_numpy() if len(frame) else np.zeros((0, 1), bool)
        filled = int(cells.sum())
        frame = frame.drop(columns=unnamed)
        header = [h for h in header if h != ""]
        if report is not None:
            msg = f"{name}: dropped {len(unnamed)} unnamed trailing columns (spreadsheet artefact)"
            if filled:
                first = lines[1 + int(np.argmax(cells.any(axis=1)))]
                msg += f", discarding {filled} stray non-empty cells (first on row {first})"
            report.add(msg)
    dup = sorted({h for h in header if header.count(h) > 1})
    if dup:
        raise DataFormatError(f"duplicate column name {dup[0]!r}", file=name, row=1, field=dup[0])
    frame.columns = pd.Index(header)
    return RawTable(name, header, frame, np.asarray(lines[1:], dtype=np.int64))


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def require_columns(raw: RawTable, columns: Iterable[str]) -> None:
    """Raise naming the first missing column (row 1 is the header)."""
    for c in columns:
        if c not in raw.header:
            raise DataFormatError(
                f"missing column {c!r}; the header has: {', '.join(raw.header)}",
                file=raw.file,
                row=1,
                field=c,
            )


def fail_at(raw: RawTable, mask: np.ndarray, col: str, message: str) -> None:
    """Raise at the first row where ``mask`` holds, naming file, row and column;
    ``{value}`` in ``message`` is the raw cell."""
    if mask.any():
        pos = int(np.argmax(mask))
        value = show(raw.frame[col].iloc[pos])
        raise DataFormatError(
            message.format(value=value), file=raw.file, row=raw.row_of(pos), field=col
        )


def show(value: Any) -> Any:
    """A cell value as plain Python for a message (``201``, never ``np.int64(201)``).

    Examples
    --------
    >>> f"{show(np.int64(201))!r} {show(np.float64(1.5))!r} {show('x')!r}"
    "201 1.5 'x'"
    """
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def bad_dates(year: Any, month: Any, day: Any) -> np.ndarray:
    """Rows whose year, month and day (all present) are no calendar date (31 February,
    30 February 1900, 29 February 1901, 31 April...); a row with a part missing passes.

    Examples
    --------
    >>> bad_dates([1900, 2000, 1901, 1816], [2, 2, 4, None], [29, 29, 31, 31]).tolist()
    [True, False, True, False]
    """
    y = np.asarray(pd.array(year, dtype="Float64").to_numpy(dtype="float64", na_value=np.nan))
    m = np.asarray(pd.array(month, dtype="Float64").to_numpy(dtype="float64", na_value=np.nan))
    d = np.asarray(pd.array(day, dtype="Float64").to_numpy(dtype="float64", na_value=np.nan))
    known = ~(np.isnan(y) | np.isnan(m) | np.isnan(d)) & (m >= 1) & (m <= 12)
    yi = np.where(known, y, 2000).astype("int64")
    mi = np.where(known, m, 1).astype("int64")
    leap = (yi % 4 == 0) & ((yi % 100 != 0) | (yi % 400 == 0))
    length = np.array([31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31])[mi - 1] + (leap & (mi == 2))
    return known & ((d < 1) | (d > length))


def check_dates(df: pd.DataFrame, raw: RawTable, y: str, m: str, d: str) -> None:
    """Fail at the first row whose ``y``-``m``-``d`` is no calendar date (field ``d``)."""
    bad = bad_dates(df[y], df[m], df[d])
    if bad.any():
        pos = int(np.argmax(bad))
        when = f"{show(df[y].iloc[pos])}-{show(df[m].iloc[pos]):02d}-{show(df[d].iloc[pos]):02d}"
        raise DataFormatError(
            f"{when} is not a calendar date", file=raw.file, row=raw.row_of(pos), field=d
        )


def parse(
    raw: RawTable,
    spec: Mapping[str, Col],
    report: Report,
    *,
    known_states: set[int] | None = None,
    others: str | None = None,
) -> pd.DataFrame:
    """Convert the columns of ``raw`` named in ``spec`` to typed columns, checking each.

    Integer columns become pandas ``Int64`` (NA allowed), floats ``float64`` and strings
    ``object``. Columns not in ``spec`` are kept as numbers when every cell is numeric
    (``others="numeric"``), as strings (``others="str"``), or dropped (``None``).
    """
    require_columns(raw, spec)
    if not len(raw.frame):
        raise DataFormatError(
            "the file has a header but no data rows (truncated or an empty export?); "
            "nothing imported",
            file=raw.file,
            row=2,
        )
    out: dict[str, pd.Series] = {}
    for col in raw.header:
        if col in spec:
            out[col] = _convert(raw, col, spec[col], report, known_states)
        elif others == "str":
            out[col] = raw.frame[col].where(raw.frame[col] != "", None)
        elif others == "numeric":
            s = raw.frame[col]
            empty = s.isin(NA_TOKENS).to_numpy()
            num = pd.to_numeric(s.where(~empty, None), errors="coerce")
            if (num.isna().to_numpy() & ~empty).any():
                out[col] = s.where(~empty, None)
            elif (num.dropna() == num.dropna().round()).all():
                out[col] = num.astype("Int64")
            else:
                out[col] = num.astype("float64")
    return pd.DataFrame(out, index=pd.RangeIndex(len(raw.frame)))


def _convert(
    raw: RawTable, col: str, c: Col, report: Report, known_states: set[int] | None
) -> pd.Series:
    s = raw.frame[col]
    empty = s.isin(NA_TOKENS).to_numpy()
    if c.required:
        fail_at(raw, empty, col, "empty value in a required column")
    if c.kind == "str":
        return s.where(~empty, None)
    num = pd.to_numeric(s.where(~empty, None), errors="coerce")
    bad = num.isna().to_numpy() & ~empty
    fail_at(raw, bad, col, "not a number: {value!r}")
    values = num.to_numpy(dtype="float64", na_value=np.nan)
    if c.finite:
        fail_at(raw, np.isinf(values), col, "not a finite number: {value!r}")
    if c.kind == "int":
        frac = ~np.isnan(values) & (values != np.round(values))
        fail_at(raw, frac, col, "not an integer: {value!r}")
    codes = np.isin(values, [float(m) for m in COW_MISSING])
    if codes.any() and c.cow_codes:
        if not c.missing:
            fail_at(
                raw, codes, col, "COW missing-value code {value} in a column that needs a value"
            )
        mapped = np.isin(values, [float(m) for m in c.missing])
        fail_at(raw, codes & ~mapped, col, "unexpected missing-value code {value}")
        counts = ", ".join(
            f"{int((values == m).sum())} x {m}" for m in c.missing if (values == m).any()
        )
        report.add(f"{raw.file}: {col}: COW missing codes ({counts}) -> NA")
        values = np.where(mapped, np.nan, values)
        if c.required:
            fail_at(raw, mapped, col, "COW missing-value code {value} in a required column")
    present = ~np.isnan(values)
    if c.what is not None and c.lo is not None and c.hi is not None:
        out = present & ((values < c.lo) | (values > c.hi))
        fail_at(raw, out, col, f"{col} {{value}} is not {c.what} ({c.lo:g}-{c.hi:g})")
    if c.lo is not None:
        fail_at(raw, present & (values < c.lo), col, f"value {{value}} below {c.lo:g}")
    if c.hi is not None:
        fail_at(raw, present & (values > c.hi), col, f"value {{value}} above {c.hi:g}")
    if c.state and known_states is not None:
        unknown = present & ~np.isin(values, np.fromiter(known_states, dtype="float64"))
        fail_at(raw, unknown, col, "unknown COW state code {value}")
    if c.kind == "int":
        return pd.Series(values, dtype="Float64").astype("Int64")
    return pd.Series(values, dtype="float64")


def check_states(
    df: pd.DataFrame, raw: RawTable, col: str, known: set[int], allowed: Mapping[int, str] = {}
) -> None:
    """Raise if ``df[col]`` holds a code neither in ``known`` nor in ``allowed``."""
    v = df[col].to_numpy(dtype="float64", na_value=np.nan)
    ok = np.isnan(v) | np.isin(v, np.fromiter(set(known) | set(allowed), dtype="float64"))
    fail_at(raw, ~ok, col, "unknown COW state code {value}")


def single_value(df: pd.DataFrame, raw: RawTable, col: str) -> str:
    """The one value of a column that must be constant (e.g. ``version``)."""
    s = df[col]
    if s.isna().all():
        raise DataFormatError("no value", file=raw.file, row=2, field=col)
    first = s.dropna().iloc[0]
    differ = (s.notna() & (s != first)).to_numpy()
    if differ.any():
        pos = int(np.argmax(differ))
        raise DataFormatError(
            f"{col} {show(s.iloc[pos])!r} differs from {show(first)!r} in earlier rows",
            file=raw.file,
            row=raw.row_of(pos),
            field=col,
        )
    return str(show(first))


def check_order(df: pd.DataFrame, raw: RawTable, start: str, end: str) -> None:
    """Fail at the first row whose ``end`` lies before its ``start`` (NA never fails)."""
    s = df[start].to_numpy(dtype="float64", na_value=np.nan)
    e = df[end].to_numpy(dtype="float64", na_value=np.nan)
    bad = e < s
    if bad.any():
        pos = int(np.argmax(bad))
        raise DataFormatError(
            f"{end} {int(e[pos])} is before {start} {int(s[pos])}",
            file=raw.file,
            row=raw.row_of(pos),
            field=end,
        )


def check_unique(df: pd.DataFrame, raw: RawTable, keys: list[str], what: str) -> None:
    """Raise on the first row repeating an earlier row's ``keys``."""
    dup = df.duplicated(keys).to_numpy()
    if dup.any():
        pos = int(np.argmax(dup))
        vals = ", ".join(f"{k}={show(df[k].iloc[pos])}" for k in keys)
        raise DataFormatError(
            f"duplicate {what} ({vals})", file=raw.file, row=raw.row_of(pos), field=keys[-1]
        )
