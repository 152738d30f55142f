"""Importers of the covariate files peacesciencer and isard ship (democracy, GDP and
population, capitals, minimum distance, COW wars, territorial threat, arms races, the
Gleditsch-Ward crosswalk, Maoz's powers, Thompson, Sakuwa & Suhas rivalries).

Each file is one table, described by an :class:`ExtraSpec`: its column specs
(:class:`~._parse.Col`, the shared rules of :mod:`._parse`), the columns holding COW
state codes, the key that must be unique, the ISO date columns and the version label.
:func:`import_extra` reads, validates and writes one of them in one transaction; a bad
cell raises :class:`~alliancelab.errors.DataFormatError` naming file, row and field.
The files are the data frames of peacesciencer 1.2.9 and isard 0.2.0 written to CSV
(``../shared/data/extra/README.md``); each source's citation is in
:mod:`alliancelab.sources`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from ..errors import DataFormatError
from ._common import finish, known_ccodes, need_files
from ._parse import (
    DAY,
    MONTH,
    THIS_YEAR,
    YEAR,
    YEAR_OPT,
    Col,
    RawTable,
    Report,
    bad_dates,
    check_order,
    check_states,
    check_unique,
    fail_at,
    parse,
    read_csv_raw,
    single_value,
)
from .core import ImportRecord, Store

__all__ = ["EXTRA", "ExtraSpec", "import_extra"]

_CODE = Col("int", lo=0, hi=999)
_CODE_OPT = Col("int", required=False, lo=0, hi=999)
_NUM = Col("float", required=False, cow_codes=False)
_POS = Col("float", required=False, lo=0, cow_codes=False)
_FLAG = Col("int", lo=0, hi=1)
_DATE = Col("str")
_DATE_OPT = Col("str", required=False)


@dataclass(frozen=True)
class ExtraSpec:
    """How to import one covariate file: store source and table, columns, checks."""

    source: str
    table: str
    version: str
    cols: dict[str, Col]
    keys: list[str]
    states: tuple[str, ...] = ()
    dates: tuple[str, ...] = ()
    order: tuple[tuple[str, str], ...] = ()
    #: codes in the state columns that are not COW codes but belong to the source
    allowed: dict[int, str] = field(default_factory=dict)
    hint: str = ""


EXTRA: dict[str, ExtraSpec] = {
    "democracy": ExtraSpec(
        "democracy",
        "democracy",
        "isard-0.2.0",
        {
            "ccode": _CODE,
            "year": YEAR,
            "euds": _NUM,
            "aeuds": _NUM,
            "polity2": Col("float", required=False, lo=-10, hi=10, cow_codes=False),
            "v2x_polyarchy": Col("float", required=False, lo=0, hi=1),
        },
        ["ccode", "year"],
        states=("ccode",),
        hint="cw_democracy.csv.gz",
    ),
    "gdp_pop": ExtraSpec(
        "gdp_pop",
        "gdppop",
        "isard-0.2.0",
        {
            "ccode": _CODE,
            "year": YEAR,
            **{c: _NUM for c in ("mrgdppc", "pwtrgdp", "pwtpop")},
            **{f"sd_{c}": _POS for c in ("mrgdppc", "pwtrgdp", "pwtpop")},
        },
        ["ccode", "year"],
        states=("ccode",),
        hint="cw_gdppop.csv.gz",
    ),
    "capitals": ExtraSpec(
        "capitals",
        "capitals",
        "ps-1.2.9",
        {
            "ccode": _CODE,
            "statenme": Col("str"),
            "capital": Col("str"),
            "stdate": _DATE,
            "enddate": _DATE,
            "lat": Col("float", lo=-90, hi=90, cow_codes=False),
            "lng": Col("float", lo=-180, hi=180, cow_codes=False),
        },
        ["ccode", "stdate"],
        states=("ccode",),
        dates=("stdate", "enddate"),
        order=(("stdate", "enddate"),),
        hint="cow_capitals.csv.gz",
    ),
    "cow_mindist": ExtraSpec(
        "cow_mindist",
        "mindist",
        "cshapes-2.0",
        {"ccode1": _CODE, "ccode2": _CODE, "year": YEAR, "mindist": _POS},
        ["ccode1", "ccode2", "year"],
        states=("ccode1", "ccode2"),
        hint="cow_mindist.csv.gz",
    ),
    "cow_war": ExtraSpec(
        "cow_war",
        "inter",
        "4.0",
        {
            "warnum": Col("int", lo=1),
            "ccode1": _CODE,
            "ccode2": _CODE,
            "year": YEAR,
            "cowinterongoing": _FLAG,
            "cowinteronset": _FLAG,
            "sidea1": Col("int", lo=1, hi=2),
            "sidea2": Col("int", lo=1, hi=2),
            "initiator1": _FLAG,
            "initiator2": _FLAG,
            "outcome1": Col("int", required=False, cow_codes=False),
            "outcome2": Col("int", required=False, cow_codes=False),
            "batdeath1": Col("float", required=False, cow_codes=False),
            "batdeath2": Col("float", required=False, cow_codes=False),
            "resume": Col("int", required=False, lo=0, hi=1),
        },
        ["warnum", "ccode1", "ccode2", "year", "resume"],
        states=("ccode1", "ccode2"),
        hint="cow_war_inter.csv.gz (peacesciencer's directed dyad-year inter-state wars)",
    ),
    "terrthreat": ExtraSpec(
        "terrthreat",
        "terrthreat",
        "miller-2022",
        {
            "ccode": _CODE,
            "year": YEAR,
            **{c: _NUM for c in ("lterrthreat", "lwr", "upr", "m_lterrthreat", "m_lwr", "m_upr")},
            "sd": _POS,
            "m_sd": _POS,
        },
        ["ccode", "year"],
        states=("ccode",),
        hint="terrthreat.csv.gz",
    ),
    "arms_races": ExtraSpec(
        "arms_races",
        "races",
        "grh-2005",
        {
            "race_id": Col("int", lo=1),
            "ccode1": _CODE,
            "ccode2": _CODE,
            "styear": YEAR,
            "endyear": YEAR,
        },
        ["race_id"],
        states=("ccode1", "ccode2"),
        order=(("styear", "endyear"),),
        hint="grh_arms_races.csv.gz",
    ),
    "gw_crosswalk": ExtraSpec(
        "gw_crosswalk",
        "panel",
        "isard-0.2.0",
        {
            "stateabb": Col("str", required=False),
            "year": YEAR,
            "gwcode": _CODE_OPT,
            "ccode": _CODE_OPT,
            "gw_name": Col("str", required=False),
            "cw_name": Col("str", required=False),
        },
        ["gwcode", "ccode", "year"],
        hint="cw_gw_panel.csv.gz",
    ),
    "powers": ExtraSpec(
        "powers",
        "powers",
        "maoz-2010",
        {
            "ccode": _CODE,
            "regstdate": _DATE_OPT,
            "regenddate": _DATE_OPT,
            "globstdate": _DATE_OPT,
            "globenddate": _DATE_OPT,
        },
        ["ccode", "regstdate", "globstdate"],
        states=("ccode",),
        dates=("regstdate", "regenddate", "globstdate", "globenddate"),
        order=(("regstdate", "regenddate"), ("globstdate", "globenddate")),
        hint="maoz_powers.csv.gz",
    ),
    "tss_rivalries": ExtraSpec(
        "tss_rivalries",
        "rivalries",
        "2022",
        {
            "tssr_id": Col("int", lo=1),
            "rivalry": Col("str"),
            "ccode1": _CODE,
            "ccode2": _CODE,
            "start": YEAR,
            "end": Col("int", lo=1000, hi=THIS_YEAR),
            **{
                c: Col("int", required=False, lo=0, hi=1)
                for c in (
                    "positional",
                    "spatial",
                    "ideological",
                    "interventionary",
                    "principal",
                    "aprin",
                )
            },
        },
        ["tssr_id"],
        states=("ccode1", "ccode2"),
        order=(("start", "end"),),
        allowed={324: "Venice (pre-1816 rivalries; code assigned by peacesciencer)"},
        hint="tss_rivalries.csv.gz",
    ),
}
"""Store source name -> :class:`ExtraSpec` of its one file."""


def _dates(df: pd.DataFrame, raw: RawTable, col: str) -> pd.Series:
    s = df[col]
    parsed = pd.to_datetime(s, format="%Y-%m-%d", errors="coerce")
    bad = (parsed.isna() & s.notna()).to_numpy()
    fail_at(raw, bad, col, "not a date (YYYY-MM-DD): {value!r}")
    return parsed


def import_extra(key: str, paths: list[Path], store: Store, version: str | None) -> ImportRecord:
    """Import the one file of source ``key`` (see :data:`EXTRA`), all or nothing."""
    spec = EXTRA[key]
    need_files(paths, spec.source.replace("_", "-"), 1, 1)
    report = Report()
    raw = read_csv_raw(paths[0], report)
    missing = [c for c in spec.cols if c not in raw.header]
    if missing:
        raise DataFormatError(
            f"not a {spec.source.replace('_', '-')} file: column(s) {', '.join(missing)} "
            f"missing (expected {spec.hint})",
            file=raw.file,
            row=1,
            field=missing[0],
        )
    df = parse(raw, spec.cols, report)[list(spec.cols)]
    if spec.states:
        known = known_ccodes(store)
        for c in spec.states:
            check_states(df, raw, c, known, spec.allowed)
    for c in spec.dates:
        df[c] = _dates(df, raw, c)
    for a, b in spec.order:
        if a in spec.dates:
            bad = (df[b] < df[a]).fillna(False).to_numpy(dtype=bool)
            fail_at(raw, bad, b, f"{b} {{value}} is before {a}")
        else:
            check_order(df, raw, a, b)
    check_unique(df, raw, spec.keys, "row")
    if "year" in df:
        y = df["year"].to_numpy(dtype=np.int64)
        report.add(f"{raw.file}: {len(df)} rows, {int(y.min())}-{int(y.max())}")
    else:
        report.add(f"{raw.file}: {len(df)} rows")
    return finish(store, spec.source, spec.version, {spec.table: df}, paths, report, version)


def _make(key: str) -> Callable[[list[Path], Store, str | None], ImportRecord]:
    def importer(paths: list[Path], store: Store, version: str | None) -> ImportRecord:
        return import_extra(key, paths, store, version)

    importer.__name__ = f"import_{key}"
    importer.__doc__ = f"Import ``{EXTRA[key].hint}`` as ``{key}.{EXTRA[key].table}``."
    return importer


import_democracy = _make("democracy")
import_gdp_pop = _make("gdp_pop")
import_capitals = _make("capitals")
import_cow_mindist = _make("cow_mindist")
import_terrthreat = _make("terrthreat")
import_arms_races = _make("arms_races")
import_gw_crosswalk = _make("gw_crosswalk")
import_powers = _make("powers")
import_tss_rivalries = _make("tss_rivalries")


def import_cow_war(paths: list[Path], store: Store, version: str | None) -> ImportRecord:
    """Import COW inter-state wars v4.0 as directed dyad-years (``cow_war_inter.csv.gz``).

    Source: Sarkees & Wayman (2010), *Resort to War*, COW Inter-State War Data v4.0, in
    peacesciencer's directed dyad-year form (one row per war, directed dyad and year).
    The raw COW files of ``cow_war/`` (participant-level ``Inter-StateWarData_v4.0.csv``
    and Maoz's ``directed_dyadic_war.csv``) are refused with a hint: their conversion
    to dyad-years is not implemented (the participant file is imported by
    :func:`import_cow_war_participants`).
    """
    for p in paths:
        if Path(p).is_file():
            head = read_csv_raw(Path(p)).header
            if "WarNum" in head or "statea" in head:
                raise DataFormatError(
                    "a raw COW war file (participant-level or Maoz dyadic); import "
                    "peacesciencer's dyad-year cow_war_inter.csv.gz here (the "
                    "participant file Inter-StateWarData_v4.0.csv is the source "
                    "cow-war-participants)",
                    file=Path(p).name,
                    row=1,
                )
    return import_extra("cow_war", paths, store, version)


_INT = Col("int", required=False, missing=(-9, -8), cow_codes=False)
#: COW Inter-State War Data v4.0, participant level: raw column -> spec (stored lower case)
_PARTICIPANT_COLS: dict[str, Col] = {
    "WarNum": Col("int", lo=1),
    "WarName": Col("str"),
    "WarType": Col("int", lo=1, cow_codes=False),
    "ccode": _CODE,
    "StateName": Col("str"),
    "Side": Col("int", lo=1, hi=2),
    "StartMonth1": MONTH,
    "StartDay1": DAY,
    "StartYear1": YEAR,
    "EndMonth1": MONTH,
    "EndDay1": DAY,
    "EndYear1": YEAR_OPT,
    "StartMonth2": MONTH,
    "StartDay2": DAY,
    "StartYear2": YEAR_OPT,
    "EndMonth2": MONTH,
    "EndDay2": DAY,
    "EndYear2": YEAR_OPT,
    "TransFrom": Col("str", required=False),  # war numbers, "404, 410" or -8
    "WhereFought": _INT,
    "Initiator": Col("int", lo=1, hi=2),
    "Outcome": _INT,
    "TransTo": Col("str", required=False),
    "BatDeath": Col("float", required=False, missing=(-9, -8), lo=0),
    "Version": Col("int", cow_codes=False),
}


def import_cow_war_participants(
    paths: list[Path], store: Store, version: str | None
) -> ImportRecord:
    """Import COW Inter-State War Data v4.0 at participant level as ``participants``.

    Source: Sarkees & Wayman (2010), *Resort to War*, COW ``Inter-StateWarData_v4.0.csv``:
    one row per war participant and side (a state that changed sides has two rows),
    with the month, day and year of its entry into and exit from the war (a second
    spell in ``*2``), its side (1/2), initiator flag (1 = initiator, 2 = not), outcome
    and battle deaths. The file has old-Mac CR line endings; -9 (missing) and -8 (not
    applicable) become empty cells. Checks: COW codes, sides 1/2, months 1-12, days
    1-31 and calendar dates, an entry year for every row, one ``Version`` (the version
    label ``4.0`` for ``4``), one row per (war, state, side, entry date).
    Columns are stored lower case (``warnum, ccode, side, startyear1, ...``).
    """
    need_files(paths, "cow-war-participants", 1, 1)
    report = Report()
    raw = read_csv_raw(paths[0], report)
    missing = [c for c in _PARTICIPANT_COLS if c not in raw.header]
    if missing:
        raise DataFormatError(
            f"not a COW participant-level war file: column(s) {', '.join(missing)} "
            "missing (expected Inter-StateWarData_v4.0.csv)",
            file=raw.file,
            row=1,
            field=missing[0],
        )
    df = parse(raw, _PARTICIPANT_COLS, report)[list(_PARTICIPANT_COLS)]
    check_states(df, raw, "ccode", known_ccodes(store))
    for k in ("1", "2"):
        for part in ("Start", "End"):
            ymd = (df[f"{part}{u}{k}"] for u in ("Year", "Month", "Day"))
            fail_at(raw, bad_dates(*ymd), f"{part}Day{k}", "day {value} is not in its month")
    detected = single_value(df, raw, "Version")
    check_unique(df, raw, ["WarNum", "ccode", "Side", "StartYear1", "StartMonth1",
                           "StartDay1"], "participant")  # fmt: skip
    df = df.rename(columns=str.lower)
    y = df["startyear1"].to_numpy(dtype=np.int64)
    report.add(
        f"{raw.file}: {len(df)} participants of {df['warnum'].nunique()} wars, "
        f"entries {int(y.min())}-{int(y.max())}"
    )
    label = f"{detected}.0" if detected.isdigit() else detected
    return finish(store, "cow_war_participants", label, {"participants": df}, paths,
                  report, version)  # fmt: skip
