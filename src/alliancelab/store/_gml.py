"""Importer of the Gibler-Miller-Little (GML) MID data, version 2.2.1.

Source: Gibler, Miller & Little (2016), "An Analysis of the Militarized Interstate
Dispute (MID) Dataset, 1816-2001", *International Studies Quarterly* 60(4): 719-730;
GML MID 2.2.1 as shipped by peacesciencer 1.2.9 (``gml_mid/`` in the shared data).
"""

from __future__ import annotations

from pathlib import Path

from ..errors import DataFormatError
from ._common import classify_files, finish, known_ccodes
from ._parse import YEAR, Col, RawTable, Report, check_states, check_unique, parse
from .core import ImportRecord, Store

__all__ = ["GML_KINDS", "import_gml_mid"]

#: file kind -> the columns that identify it (first match wins)
GML_KINDS: dict[str, set[str]] = {
    "ddydisps": {"dispnum", "ccode1", "ccode2", "year", "gmlmidonset", "gmlmidongoing"},
    "dirdisps": {"dispnum", "ccode1", "ccode2", "year", "midonset", "midongoing"},
    "part": {"dispnum", "ccode", "styear", "endyear", "sidea"},
    "disps": {"dispnum", "styear", "stmon", "outcome", "settle"},
}
_CODE = Col("int", lo=0, hi=999)
_FLAG = Col("int", lo=0, hi=1)
_SPECS: dict[str, dict[str, Col]] = {
    "ddydisps": {
        "dispnum": Col("int", lo=1),
        "ccode1": _CODE,
        "ccode2": _CODE,
        "year": YEAR,
        "gmlmidongoing": _FLAG,
        "gmlmidonset": _FLAG,
    },
    "dirdisps": {
        "dispnum": Col("int", lo=1),
        "ccode1": _CODE,
        "ccode2": _CODE,
        "year": YEAR,
        "midongoing": _FLAG,
        "midonset": _FLAG,
    },
    "part": {"dispnum": Col("int", lo=1), "ccode": _CODE, "styear": YEAR, "endyear": YEAR},
    "disps": {"dispnum": Col("int", lo=1), "styear": YEAR},
}
_KEYS = {
    "ddydisps": ["ccode1", "ccode2", "year"],
    "dirdisps": ["dispnum", "ccode1", "ccode2", "year"],
    "part": None,
    "disps": ["dispnum"],
}


def _expand(paths: list[Path], report: Report) -> list[Path]:
    """Files of the given folders (``gml_*.csv.gz``, else ``gml_*.csv``) and files."""
    out: list[Path] = []
    for p in paths:
        p = Path(p)
        if p.is_dir():
            found = sorted(p.glob("gml_*.csv.gz")) or sorted(p.glob("gml_*.csv"))
            if not found:
                raise DataFormatError("no gml_*.csv(.gz) file in this folder", file=str(p))
            skipped = sorted(f.name for f in p.iterdir() if f.is_file() and f not in found)
            if skipped:
                report.add(f"{p.name}/: not read: {', '.join(skipped)}")
            out += found
        elif p.is_file():
            out.append(p)
        else:
            raise DataFormatError("file not found", file=str(p))
    return out


def _version(raw: RawTable, report: Report) -> str:
    if "version" not in raw.header:
        report.add("no version column: labelled 2.2.1")
        return "2.2.1"
    labels = sorted(set(raw.frame["version"]) - {""})
    if len(labels) != 1:
        raise DataFormatError(
            f"expected one version label, found {labels}", file=raw.file, field="version"
        )
    return labels[0].removeprefix("gml-")


def import_gml_mid(paths: list[Path], store: Store, version: str | None) -> ImportRecord:
    """Import GML MID 2.2.1 (a folder, or its files), all or nothing.

    Tables: ``ddydisps`` (directed dyad-years, one dispute per dyad-year by Miller's
    whittling rules: ``gml_mid_ddydisps``; required, :func:`~alliancelab.panels.add_gml_mids`
    reads it), and when given ``dirdisps`` (directed dispute-years, ``gml_dirdisp``, its
    ``version`` column gives the version label), ``part`` (participants, ``gml_part``)
    and ``disps`` (disputes, ``gml_mid_disps``). Each file is recognised by its columns;
    a folder contributes its ``gml_*.csv.gz`` files (the 2.1.1 file and MIE are not read,
    and reported). State codes must be COW codes; keys are unique per table.
    """
    report = Report()
    files = _expand(paths, report)
    found = classify_files(files, GML_KINDS, "gml-mid", report)
    if "ddydisps" not in found:
        raise DataFormatError(
            "the GML directed dyad-year file (gml_mid_ddydisps.csv.gz, with gmlmidonset) "
            "is required; got " + ", ".join(raw.file for _, raw in found.values()),
            file=str(paths[0]) if paths else None,
        )
    known = known_ccodes(store)
    tables = {}
    ver = "2.2.1"
    for kind, (_, raw) in found.items():
        df = parse(raw, _SPECS[kind], report, others="numeric")
        for c in ("ccode", "ccode1", "ccode2"):
            if c in df:
                check_states(df, raw, c, known)
        keys = _KEYS[kind]
        if keys:
            check_unique(df, raw, keys, kind.rstrip("s"))
        if kind == "dirdisps":
            ver = _version(raw, report)
        tables[kind] = df
        report.add(f"{raw.file}: {kind}, {len(df)} rows")
    used = [p for p, _ in found.values()]
    return finish(store, "gml_mid", ver, tables, used, report, version)
