"""When a snapshot is taken: a year (31 December for states) or one day.

``when`` is an int year or a date (``datetime.date`` or ``"YYYY-MM-DD"``). Days are
compared as integers ``YYYYMMDD`` (:func:`day_number`), so spells read from the COW and
ATOP files (year, month, day columns) compare without building date objects; a missing
month or day at the start of a spell counts as its first day (1 January), at the end as
its last (31 December): a spell known only by its years covers the whole of them.
"""

from __future__ import annotations

import datetime as _dt
import re

import numpy as np
import pandas as pd

from ..errors import ParameterError

__all__ = ["day_number", "parse_when", "spell_days", "year_or_date"]

_ISO = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})", re.ASCII)


def parse_when(when: object, option: str = "when") -> tuple[int, _dt.date | None]:
    """The year and (for a date) the day of ``when``.

    Raises
    ------
    ParameterError
        A string that is not a valid ``YYYY-MM-DD`` date (the message names ``option``).
    TypeError
        Neither an int, a date nor a string.

    Examples
    --------
    >>> parse_when(1914), parse_when("1914-07-28")
    ((1914, None), (1914, datetime.date(1914, 7, 28)))
    >>> parse_when("1914-02-30", "--date")
    Traceback (most recent call last):
    ...
    alliancelab.errors.ParameterError: --date must be a date YYYY-MM-DD, got '1914-02-30'
    """
    if isinstance(when, bool):
        raise TypeError(f"{option} must be a year or a date, got {when!r}")
    if isinstance(when, int | np.integer):
        return int(when), None
    if isinstance(when, _dt.datetime):
        when = when.date()
    if isinstance(when, _dt.date):
        return when.year, when
    if isinstance(when, str):
        m = _ISO.fullmatch(when.strip())
        try:
            if m is None:
                raise ValueError
            day = _dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        except ValueError:
            raise ParameterError(f"{option} must be a date YYYY-MM-DD, got {when!r}") from None
        return day.year, day
    raise TypeError(f"{option} must be a year or a date, got {when!r}")


def day_number(day: _dt.date) -> int:
    """``YYYYMMDD`` as an integer (days compare as numbers).

    >>> day_number(__import__("datetime").date(1990, 10, 3))
    19901003
    """
    return day.year * 10_000 + day.month * 100 + day.day


def spell_days(
    year: pd.Series, month: pd.Series | None, day: pd.Series | None, end: bool
) -> np.ndarray:
    """Day numbers of spell starts (``end`` False) or ends (True) from year/month/day columns.

    Missing or 0 month/day: 1 January / first of the month at a start, 31 December / the
    31st at an end (the whole year or month counts).

    >>> spell_days(pd.Series([1914, 1990]), pd.Series([10, None]), pd.Series([1, 0]), True)
    array([19141001, 19901231])
    """
    y = pd.to_numeric(year, errors="coerce").fillna(0).to_numpy(dtype=np.int64)
    fill_m, fill_d = (12, 31) if end else (1, 1)
    if month is None:
        m = np.full(len(y), fill_m, dtype=np.int64)
    else:
        m = pd.to_numeric(month, errors="coerce").fillna(0).to_numpy(dtype=np.int64)
    if day is None:
        d = np.full(len(y), fill_d, dtype=np.int64)
    else:
        d = pd.to_numeric(day, errors="coerce").fillna(0).to_numpy(dtype=np.int64)
    no_m = m <= 0
    m = np.where(no_m, fill_m, m)
    d = np.where((d <= 0) | no_m, fill_d, d)
    return y * 10_000 + m * 100 + d


def year_or_date(
    year: int | None,
    date: str | None,
    year_option: str = "--year",
    date_option: str = "--date",
    required: bool = True,
) -> int | str | None:
    """The ``when`` of a command given ``--year`` or ``--date`` (mutually exclusive).

    Returns the year, or the date checked and normalised to ``YYYY-MM-DD``; None when
    neither is given and ``required`` is False.

    Raises
    ------
    ParameterError
        Both given, neither given (when ``required``), or a bad date (naming the option).

    Examples
    --------
    >>> year_or_date(None, "1914-07-28"), year_or_date(1914, None)
    ('1914-07-28', 1914)
    >>> year_or_date(1914, "1914-07-28")
    Traceback (most recent call last):
    ...
    alliancelab.errors.ParameterError: give --year or --date, not both
    """
    if year is not None and date is not None:
        raise ParameterError(f"give {year_option} or {date_option}, not both")
    if date is not None:
        day = parse_when(date, date_option)[1]
        return day.isoformat() if day is not None else None
    if year is None and required:
        raise ParameterError(f"give {year_option} or {date_option}")
    return year
