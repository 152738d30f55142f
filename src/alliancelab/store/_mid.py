"""Dyadic MID data from the official COW MID 5.0 files: dispute-years and dyad-years.

Two pure functions (pandas/numpy, no I/O) turn the participant-level file (MIDB) into the
directed dyadic dispute-years peacesciencer ships as ``cow_mid_dirdisps``, and cut those
to one dispute per directed dyad-year as in peacesciencer's ``cow_mid_ddydisps``:

* :func:`derive_mid_dirdisps` follows Miller (2021), "How to (Meticulously) Convert
  Participant-Level Dispute Data to Dyadic Dispute-Year Data in R" (svmiller.com blog,
  2021-05-25), as run in peacesciencer's ``data-raw/cow_mid_dirdisps.R``;
* :func:`whittle_mid_ddy` applies the rules of peacesciencer's
  ``data-raw/cow_mid_ddydisps.R`` (described in Miller, "How peacesciencer Coerces
  Dispute-Year Data into Dyad-Year Data", peacesciencer vignette).

On the official MID 5.0 files both reproduce peacesciencer 1.2.9's exported data exactly
(11,390 and 10,234 rows, every key and value; ``tests/store/test_store_mid_dyads.py``).

Data: Palmer, Glenn et al. 2022. "The MID5 Dataset, 2011-2014: Procedures, Coding Rules,
and Description." *Conflict Management and Peace Science* 39(4): 470-482.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from ..errors import DataFormatError
from ._parse import RawTable, Report

__all__ = [
    "DDYDISPS_COLUMNS",
    "DIRDISPS_COLUMNS",
    "PEACESCIENCER_ONSET_FIXES",
    "MidRecordError",
    "derive_mid_dirdisps",
    "dyad_tables",
    "whittle_counts",
    "whittle_mid_ddy",
]

#: COW's code for a missing value, used in the dyadic tables as peacesciencer does.
MISSING = -9
#: Participant-level (MIDB) columns carried into the dyadic data, suffixed 1 and 2.
PARTICIPANT_COLUMNS = ("sidea", "fatality", "fatalpre", "hiact", "hostlev", "orig")
#: Dispute-level (MIDA) columns the whittling rules use and keep.
DISPUTE_COLUMNS = ("fatality", "hostlev", "mindur", "maxdur", "recip", "stmon")
_PAIRED = tuple(f"{c}{i}" for c in PARTICIPANT_COLUMNS for i in (1, 2))
DIRDISPS_COLUMNS = (
    "dispnum", "ccode1", "ccode2", "year", "dispongoing", "disponset", *_PAIRED,
)  # fmt: skip
DDYDISPS_COLUMNS = (
    "dispnum", "ccode1", "ccode2", "year", "cowmidongoing", "cowmidonset", *_PAIRED,
    *DISPUTE_COLUMNS,
)  # fmt: skip
_MIDB_NEEDS = ("dispnum", "ccode", "styear", "stmon", "stday", "endyear", "endmon", "endday")

#: Onsets Miller set by hand in ``cow_mid_dirdisps`` (peacesciencer
#: ``data-raw/cow_mid_dirdisps.R``): participants that left a dispute and joined it again
#: within a year, which the "first year or a gap of more than one year" rule misses.
#: (dispnum, ccode, years): every dyad-year of that dispute with ccode on either side in
#: those years is an onset.
PEACESCIENCER_ONSET_FIXES: tuple[tuple[int, int, tuple[int, ...]], ...] = (
    (4095, 350, (1999, 2000)),
    (4137, 343, (1999,)),
    (4182, 652, (1994, 1995, 1996)),
    (4273, 690, (2002,)),
    (4676, 385, (2012,)),
    (4676, 390, (2011,)),
    (4678, 200, (2014,)),
    (4678, 366, (2014,)),
    (4678, 385, (2014,)),
    (4680, 732, (2014,)),
    (4691, 2, (2013, 2014)),
)

#: The whittling rules of :func:`whittle_mid_ddy`, in order: (column, keep max or min).
WHITTLE_RULES: tuple[tuple[str, str], ...] = (
    ("disponset", "max"),
    ("fatality", "max"),
    ("hostlev", "max"),
    ("mindur", "max"),
    ("maxdur", "max"),
    ("recip", "max"),
    ("stmon", "min"),
)


class MidRecordError(ValueError):
    """A MIDB record whose dates cannot be used; ``position`` is its 0-based row position
    in the frame given, ``field`` the column at fault."""

    def __init__(self, message: str, position: int, field: str) -> None:
        super().__init__(message)
        self.position = position
        self.field = field


def _ints(s: pd.Series, fill: int = MISSING) -> np.ndarray:
    """A column as int64 with NA (the store's form of -9/-8) replaced by ``fill``."""
    return pd.to_numeric(s).astype("float64").fillna(fill).to_numpy().astype("int64")


def _participant_days(midb: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """First and last day (days since 1970-01-01) of each participant record.

    A missing start day (NA or a negative COW code) is the 1st of the month, a missing end
    day the last day of the month (Miller 2021). Raises :class:`MidRecordError` at the
    first record with a missing year or month, a day the month does not have, or an end
    before the start.
    """
    cols = {c: pd.to_numeric(midb[c]).astype("float64").to_numpy() for c in _MIDB_NEEDS[2:]}
    out = []
    for part in ("st", "end"):
        y, m, d = cols[f"{part}year"], cols[f"{part}mon"], cols[f"{part}day"]
        for name, ok in ((f"{part}year", ~np.isnan(y)), (f"{part}mon", ~np.isnan(m))):
            if not ok.all():
                pos = int(np.argmin(ok))
                raise MidRecordError(f"{name} is missing: the record cannot be dated", pos, name)
        bad = (m < 1) | (m > 12)
        if bad.any():
            pos = int(np.argmax(bad))
            raise MidRecordError(
                f"{part}mon {int(m[pos])} is not a month (1-12)", pos, f"{part}mon"
            )
        month = ((y - 1970) * 12 + m - 1).astype("int64").astype("datetime64[M]")
        first = month.astype("datetime64[D]").astype("int64")
        length = (month + 1).astype("datetime64[D]").astype("int64") - first
        unknown = np.isnan(d) | (d < 0)
        bad = ~unknown & ((d < 1) | (d > length))
        if bad.any():
            pos = int(np.argmax(bad))
            raise MidRecordError(
                f"day {int(d[pos])} does not exist in {int(m[pos])}/{int(y[pos])}",
                pos,
                f"{part}day",
            )
        default = 1 if part == "st" else length
        day = np.where(unknown, default, np.nan_to_num(d)).astype("int64")
        out.append(first + day - 1)
    start, end = out
    bad = end < start
    if bad.any():
        pos = int(np.argmax(bad))
        span = [str(np.datetime64(int(v[pos]), "D")) for v in (start, end)]
        raise MidRecordError(f"record ends ({span[1]}) before it starts ({span[0]})", pos, "endday")
    return start, end


def _year_of(days: np.ndarray) -> np.ndarray:
    return days.astype("datetime64[D]").astype("datetime64[Y]").astype("int64") + 1970


def _jan1(year: np.ndarray) -> np.ndarray:
    return (year - 1970).astype("datetime64[Y]").astype("datetime64[D]").astype("int64")


def derive_mid_dirdisps(midb: pd.DataFrame, *, onsets: str = "peacesciencer") -> pd.DataFrame:
    """Directed dyadic dispute-years from the MID 5.0 participant-level file (MIDB).

    Source: Miller, Steven V. 2021. "How to (Meticulously) Convert Participant-Level
    Dispute Data to Dyadic Dispute-Year Data in R" (svmiller.com, 2021-05-25), the method
    of peacesciencer's ``cow_mid_dirdisps`` (``data-raw/cow_mid_dirdisps.R``), applied to
    COW MID 5.0 (Palmer et al. 2022). ``midb`` is the participant file as read from the
    CSV (-9 for unknown days) or as stored by the importer (NA). The rules:

    1. Each participant record (a stint: one state's spell on one side of one dispute; a
       state that left and rejoined has several) runs from its start date to its end
       date. An unknown start day is the 1st of the month, an unknown end day the last
       day of the month.
    2. Two records of the same dispute form a directed dyad on every day both run when
       the states differ and are on opposite sides (``sidea``); each year with at least
       one such day is a dyadic dispute-year, in both directions (ccode1, ccode2).
    3. Per (dispnum, ccode1, ccode2, year, sidea1, sidea2) one row is kept, with the
       participant columns (sidea, fatality, fatalpre, hiact, hostlev, orig; suffixed 1
       for ccode1, 2 for ccode2) of the records running on the first shared day of
       that year (ties: the records' order in ``midb``), our reading of the row Miller's
       day-level self-join, ordered by date, followed by ``slice(1)`` keeps. On MID 5.0
       the choice changes no value: a state's several stints on one side of a dispute
       never share a year with different codes.
    4. ``dispongoing`` is 1. ``disponset`` (``onsets="peacesciencer"``) is 1 in the
       first year of each (dispnum, ccode1, ccode2) and in a year more than one year
       after the dyad's previous dispute-year, plus Miller's hand-coded re-entries
       (:data:`PEACESCIENCER_ONSET_FIXES`). ``onsets="spells"`` instead marks every year
       in which a joint spell of the dyad starts (a first shared day not preceded by a
       shared day): it finds Miller's re-entries by itself and one he missed (MID 4678,
       Russia-Finland 2014: Finland's 2013 and 2014 stints), so it differs from
       peacesciencer on those two directed rows only.
    5. Missing values of the participant columns (NA, or COW's -9) are written as -9,
       the code peacesciencer keeps in ``fatality``/``fatalpre``.

    Rows are ordered by dispnum, ccode1, ccode2, year, sidea1 (peacesciencer's order);
    columns: :data:`DIRDISPS_COLUMNS`, all int64.

    Examples
    --------
    A dispute where state 2 faces 20 from 1900 to 1901 and state 30 joins state 20's
    side for December 1901 only:

    >>> midb = pd.DataFrame({
    ...     "dispnum": [1, 1, 1], "ccode": [2, 20, 30],
    ...     "styear": [1900, 1900, 1901], "stmon": [5, 5, 12], "stday": [-9, 3, 1],
    ...     "endyear": [1901, 1901, 1901], "endmon": [12, 12, 12], "endday": [-9, 31, 31],
    ...     "sidea": [1, 0, 0], "fatality": [0, -9, 0], "fatalpre": [0, -9, 0],
    ...     "hiact": [7, 0, 0], "hostlev": [3, 1, 1], "orig": [1, 1, 0]})
    >>> d = derive_mid_dirdisps(midb)
    >>> d[["ccode1", "ccode2", "year", "disponset", "sidea1", "fatality2"]]
       ccode1  ccode2  year  disponset  sidea1  fatality2
    0       2      20  1900          1       1         -9
    1       2      20  1901          0       1         -9
    2       2      30  1901          1       1          0
    3      20       2  1900          1       0          0
    4      20       2  1901          0       0          0
    5      30       2  1901          1       0          0
    """
    if onsets not in ("peacesciencer", "spells"):
        raise ValueError(f"onsets must be 'peacesciencer' or 'spells', not {onsets!r}")
    need = [*_MIDB_NEEDS, *PARTICIPANT_COLUMNS]
    missing = [c for c in need if c not in midb.columns]
    if missing:
        raise ValueError(f"MIDB is missing column(s): {', '.join(missing)}")
    start, end = _participant_days(midb)
    rec = pd.DataFrame(
        {
            "dispnum": _ints(midb["dispnum"]),
            "ccode": _ints(midb["ccode"]),
            "s": start,
            "e": end,
            "rid": np.arange(len(midb)),
            **{c: _ints(midb[c]) for c in PARTICIPANT_COLUMNS},
        }
    )
    pair = rec.merge(rec, on="dispnum", suffixes=("1", "2"))
    keep = (pair["ccode1"] != pair["ccode2"]) & (pair["sidea1"] != pair["sidea2"])
    pair = pair[keep.to_numpy()]
    lo = np.maximum(pair["s1"].to_numpy(), pair["s2"].to_numpy())
    hi = np.minimum(pair["e1"].to_numpy(), pair["e2"].to_numpy())
    shared = hi >= lo
    pair, lo, hi = pair[shared].reset_index(drop=True), lo[shared], hi[shared]
    ylo, yhi = _year_of(lo), _year_of(hi)
    n = yhi - ylo + 1
    idx = np.repeat(np.arange(len(pair)), n)
    year = ylo[idx] + np.arange(int(n.sum())) - np.repeat(np.cumsum(n) - n, n)
    first_day = np.maximum(lo[idx], _jan1(year))
    rows = pair.iloc[idx].reset_index(drop=True)
    rows["year"] = year
    rows["first_day"] = first_day
    group = ["dispnum", "ccode1", "ccode2", "year", "sidea1", "sidea2"]
    rows = rows.sort_values([*group, "first_day", "rid1", "rid2"], kind="stable")
    rows = rows.drop_duplicates(group).reset_index(drop=True)
    dyad = rows[["dispnum", "ccode1", "ccode2"]]
    is_first = ~dyad.duplicated().to_numpy()
    if onsets == "peacesciencer":
        prev = np.r_[0, rows["year"].to_numpy()[:-1]]
        onset = is_first | (rows["year"].to_numpy() - prev > 1)
        for dispnum, ccode, years in PEACESCIENCER_ONSET_FIXES:
            onset |= (
                (rows["dispnum"] == dispnum)
                & ((rows["ccode1"] == ccode) | (rows["ccode2"] == ccode))
                & rows["year"].isin(years)
            ).to_numpy()
    else:
        onset = _spell_onsets(pair, lo, hi, rows)
    rows["dispongoing"] = 1
    rows["disponset"] = onset.astype("int64")
    return rows[list(DIRDISPS_COLUMNS)].astype("int64")


def _spell_onsets(
    pair: pd.DataFrame, lo: np.ndarray, hi: np.ndarray, rows: pd.DataFrame
) -> np.ndarray:
    """1 for the rows whose (dispnum, ccode1, ccode2, year) holds the first day of a joint
    spell: a shared day of the dyad not preceded by a shared day (overlapping and adjacent
    stint pairs merge into one spell)."""
    sp = pd.DataFrame(
        {
            "dispnum": pair["dispnum"].to_numpy(),
            "ccode1": pair["ccode1"].to_numpy(),
            "ccode2": pair["ccode2"].to_numpy(),
            "lo": lo,
            "hi": hi,
        }
    ).sort_values(["dispnum", "ccode1", "ccode2", "lo"], kind="stable")
    keys = [sp["dispnum"], sp["ccode1"], sp["ccode2"]]
    reach = sp.groupby(keys, sort=False)["hi"].cummax()
    before = reach.groupby(keys, sort=False).shift(1)
    starts = sp[(before.isna() | (sp["lo"] > before + 1)).to_numpy()]
    start_keys = pd.MultiIndex.from_arrays(
        [starts["dispnum"], starts["ccode1"], starts["ccode2"], _year_of(starts["lo"].to_numpy())]
    )
    row_keys = pd.MultiIndex.from_frame(rows[["dispnum", "ccode1", "ccode2", "year"]])
    return np.asarray(row_keys.isin(start_keys))


def whittle_mid_ddy(dirdisps: pd.DataFrame, mida: pd.DataFrame) -> pd.DataFrame:
    """One dispute per directed dyad-year, by peacesciencer's rules for ``cow_mid_ddydisps``.

    Source: peacesciencer's ``data-raw/cow_mid_ddydisps.R`` (Miller 2021, "How
    peacesciencer Coerces Dispute-Year Data into Dyad-Year Data"), applied to COW MID 5.0
    (Palmer et al. 2022). ``dirdisps`` is :func:`derive_mid_dirdisps`'s output, ``mida``
    the dispute-level file (CSV values or the importer's NA). The dispute-level fatality,
    hostlev, mindur, maxdur, recip and stmon of MIDA are attached to each dispute-year;
    then, within each (ccode1, ccode2, year) with several rows, the rules below are
    applied in turn, each keeping only the rows that tie for the best value:

    1. onsets beat ongoing disputes (highest ``disponset``);
    2. highest dispute ``fatality``, an unknown fatality (-9) ranking as 0.5, i.e. above
       none and below 1-25 deaths;
    3. highest dispute ``hostlev``;
    4. highest ``mindur``, then 5. highest ``maxdur``;
    6. reciprocated disputes (highest ``recip``);
    7. lowest start month ``stmon``.

    peacesciencer stops there (on MID 5.0 no dyad-year is left with two rows). So that
    the result always has one row per dyad-year, a last, deterministic rule of ours keeps
    the lowest ``dispnum`` (then the first row in ``dirdisps`` order); it decides nothing
    on MID 5.0. A dispute without a MIDA record gets -9 in the MIDA columns, as do NA
    values. ``disponset``/``dispongoing`` become ``cowmidonset``/``cowmidongoing``.
    Rows are ordered by ccode1, ccode2, year; columns :data:`DDYDISPS_COLUMNS`, int64.

    Examples
    --------
    Dispute 1 starts in 1899; dispute 2 starts in 1900, when dispute 1 goes on: the onset
    wins. In 1901 both go on; dispute 1's unknown fatality (-9) beats dispute 2's none:

    >>> keys = ["dispnum", "ccode1", "ccode2", "year", "dispongoing", "disponset"]
    >>> d = pd.DataFrame([[1, 2, 20, 1899, 1, 1], [1, 2, 20, 1900, 1, 0],
    ...     [2, 2, 20, 1900, 1, 1], [1, 2, 20, 1901, 1, 0], [2, 2, 20, 1901, 1, 0]],
    ...     columns=keys).assign(**{c: 0 for c in DIRDISPS_COLUMNS[6:]})
    >>> a = pd.DataFrame({"dispnum": [1, 2], "fatality": [-9, 0], "hostlev": [4, 5],
    ...     "mindur": [1, 1], "maxdur": [1, 1], "recip": [1, 1], "stmon": [1, 6]})
    >>> whittle_mid_ddy(d, a)[["dispnum", "year", "cowmidonset", "fatality", "hostlev"]]
       dispnum  year  cowmidonset  fatality  hostlev
    0        1  1899            1        -9        4
    1        2  1900            1         0        5
    2        1  1901            0        -9        4
    """
    return whittle_counts(dirdisps, mida)[0]


def whittle_counts(
    dirdisps: pd.DataFrame, mida: pd.DataFrame
) -> tuple[pd.DataFrame, dict[str, int]]:
    """:func:`whittle_mid_ddy` and the number of rows each rule dropped (keys: the rule
    columns of :data:`WHITTLE_RULES`, then ``dispnum`` and ``first`` for our tie-break)."""
    missing = [c for c in ("dispnum", *DISPUTE_COLUMNS) if c not in mida.columns]
    if missing:
        raise ValueError(f"MIDA is missing column(s): {', '.join(missing)}")
    a = pd.DataFrame(
        {"dispnum": _ints(mida["dispnum"]), **{c: _ints(mida[c]) for c in DISPUTE_COLUMNS}}
    ).drop_duplicates("dispnum")
    d = dirdisps[list(DIRDISPS_COLUMNS)].reset_index(drop=True)
    d = d.merge(a, on="dispnum", how="left", validate="many_to_one")
    for c in DISPUTE_COLUMNS:
        d[c] = d[c].fillna(MISSING).astype("int64")
    d["_order"] = np.arange(len(d))
    # fatality -9 (unknown) ranks between 0 (none) and 1 (1-25 deaths)
    fat_rank = np.where(d["fatality"].to_numpy() == MISSING, 0.5, d["fatality"].to_numpy())
    d["_fatality"] = fat_rank
    rules: Sequence[tuple[str, str, str]] = [
        (name, "_fatality" if name == "fatality" else name, how) for name, how in WHITTLE_RULES
    ]
    dropped: dict[str, int] = {}
    for name, col, how in [*rules, ("dispnum", "dispnum", "min"), ("first", "_order", "min")]:
        key = [d["ccode1"], d["ccode2"], d["year"]]
        grouped = d[col].groupby(key, sort=False)
        best = grouped.transform("max") if how == "max" else grouped.transform("min")
        keep = d[col].to_numpy(dtype="float64") == best.to_numpy(dtype="float64")
        dropped[name] = int((~keep).sum())
        d = d[keep]
    d = d.sort_values(["ccode1", "ccode2", "year"], kind="stable")
    d = d.rename(columns={"dispongoing": "cowmidongoing", "disponset": "cowmidonset"})
    return d[list(DDYDISPS_COLUMNS)].astype("int64").reset_index(drop=True), dropped


def dyad_tables(
    mida: pd.DataFrame, midb: pd.DataFrame, raw_b: RawTable, report: Report
) -> dict[str, pd.DataFrame]:
    """The importer's derived ``dirdisps`` and ``ddydisps`` tables (MID 5.0, Miller 2021).

    A MIDB record that cannot be dated becomes a :class:`DataFormatError` naming the file,
    row and field; the notes get the row counts and the rows each whittling rule dropped.
    """
    try:
        dirdisps = derive_mid_dirdisps(midb)
    except MidRecordError as exc:
        raise DataFormatError(
            str(exc), file=raw_b.file, row=raw_b.row_of(exc.position), field=exc.field
        ) from None
    ddy, dropped = whittle_counts(dirdisps, mida)
    rules = ", ".join(f"{k} {v}" for k, v in dropped.items() if k not in ("dispnum", "first"))
    last = dropped["dispnum"] + dropped["first"]
    report.add(
        f"dirdisps: {len(dirdisps)} directed dispute-years (Miller 2021); ddydisps: "
        f"{len(ddy)} directed dyad-years, rows dropped per peacesciencer rule: {rules}"
        + (f"; {last} more by the lowest-dispnum tie-break" if last else "")
    )
    return {"dirdisps": dirdisps, "ddydisps": ddy}
