"""The COW state system as arrays, read from the store, and the ``years`` argument.

Correlates of War Project. 2017. "State System Membership List, v2016." Read from the
official ``states2016`` import or peacesciencer's ``isard::cw_system`` export.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ..errors import CoverageError, ParameterError
from ..store.core import Store
from ._join import (
    _check_ccodes,
)
from ._meta import (
    _arr,
    _label,
    _pick,
    _read,
)


class _System:
    """System membership by state and year: spells, membership matrix, day spans."""

    def __init__(self, store: Store, source: str | None, extend_to: int | None, verb: str) -> None:
        src, table, ver = _pick(store, "system", source, verb)
        self.label = _label(src, table, ver)
        self.src = src
        if src == "peacesciencer":
            d = _read(store, src, table, ver, ["ccode", "cw_name", "start", "end"])
            cc = _arr(d["ccode"])
            names = np.asarray(d["cw_name"], dtype=object)
            start = np.asarray(d["start"]).astype("datetime64[D]")
            end = np.asarray(d["end"]).astype("datetime64[D]")
        else:
            cols = ["ccode", "statenme", "styear", "stmonth", "stday", "endyear"]
            d = _read(store, src, table, ver, [*cols, "endmonth", "endday"])
            cc = _arr(d["ccode"])
            names = np.asarray(d["statenme"], dtype=object)
            start = _dates(d["styear"], d["stmonth"], d["stday"])
            end = _dates(d["endyear"], d["endmonth"], d["endday"])
        _check_ccodes(cc)
        self.data_end = int(end.max().astype(object).year)
        if extend_to is not None:
            try:
                extend_to = int(extend_to)
            except (TypeError, ValueError):
                raise ParameterError(f"extend_to must be a year, got {extend_to!r}") from None
            if extend_to < self.data_end:
                raise ParameterError(
                    f"extend_to={extend_to} is before the end of the system data "
                    f"({self.data_end}); use years=(first, last) to cut the panel"
                )
            if extend_to > 2100:
                raise ParameterError(f"extend_to={extend_to} is implausible")
            # states alive on the last day of the data are carried forward (mry = TRUE)
            end = np.where(end == end.max(), np.datetime64(f"{extend_to}-12-31"), end)
        self.extend_to = extend_to
        self.last = extend_to if extend_to is not None else self.data_end
        self.first = int(start.min().astype(object).year)
        self.ccodes = np.unique(cc)
        self.names: dict[int, str] = {}
        ny = self.last - self.first + 1
        n = len(self.ccodes)
        self.member = np.zeros((n, ny), dtype=bool)
        self.first_day = np.zeros((n, ny), dtype=np.int64)
        self.last_day = np.zeros((n, ny), dtype=np.int64)
        row = np.searchsorted(self.ccodes, cc)
        sy = start.astype("datetime64[Y]").astype(np.int64) + 1970
        ey = end.astype("datetime64[Y]").astype(np.int64) + 1970
        sd = start.astype(np.int64)
        ed = end.astype(np.int64)
        jan1 = (np.arange(self.first, self.last + 1) - 1970).astype("datetime64[Y]")
        jan1d = jan1.astype("datetime64[D]").astype(np.int64)
        dec31d = (jan1 + 1).astype("datetime64[D]").astype(np.int64) - 1
        for i in range(len(cc)):
            r = row[i]
            a, b = sy[i] - self.first, ey[i] - self.first + 1
            if self.member[r, a:b].any():
                raise ParameterError(
                    f"state {cc[i]} has two membership spells in one year; cannot build state-years"
                )
            self.member[r, a:b] = True
            self.first_day[r, a:b] = np.maximum(jan1d[a:b], sd[i])
            self.last_day[r, a:b] = np.minimum(dec31d[a:b], ed[i])
            self.names[int(cc[i])] = str(names[i])
        jan = np.broadcast_to(jan1d, self.member.shape)
        dec = np.broadcast_to(dec31d, self.member.shape)
        self.partial = self.member & ((self.first_day > jan) | (self.last_day < dec))

    def year_slice(self, years: tuple[int, int] | None, verb: str) -> tuple[int, int]:
        if years is None:
            return self.first, self.last
        lo, hi = years
        if lo < self.first:
            raise CoverageError(f"{verb}(): the state system data start in {self.first}")
        if hi > self.last:
            hint = (
                f"; pass extend_to={hi} to carry the states alive at the end of "
                f"{self.data_end} forward (peacesciencer's mry)"
                if self.extend_to is None
                else ""
            )
            raise CoverageError(
                f"{verb}(): years to {hi} requested but the panel ends in {self.last}{hint}"
            )
        return lo, hi


def _dates(y: Any, m: Any, d: Any) -> np.ndarray:
    ya, ma, da = _arr(y, fill=1), _arr(m, fill=1), _arr(d, fill=1)
    s = [f"{a:04d}-{b:02d}-{c:02d}" for a, b, c in zip(ya, ma, da, strict=True)]
    return np.array(s, dtype="datetime64[D]")


def _years_arg(years: Any) -> tuple[tuple[int, int] | None, set[int] | None]:
    """Normalise ``years``: None, an int, (first, last), "1816-2025", or an iterable."""
    if years is None:
        return None, None
    if isinstance(years, str):
        parts = years.replace(":", "-").split("-")
        try:
            span = [int(p) for p in parts]
        except ValueError:
            span = []
        if len(span) not in (1, 2):
            raise ParameterError(f"years must look like '1816-2025', got {years!r}")
        years = (span[0], span[-1])
    if isinstance(years, int | np.integer):
        return (int(years), int(years)), None
    if isinstance(years, range):
        if years.step == 1 and len(years):
            return (years.start, years.stop - 1), None
        ys = set(years)
    elif isinstance(years, tuple) and len(years) == 2:
        lo, hi = int(years[0]), int(years[1])
        if hi < lo:
            raise ParameterError(f"years=({lo}, {hi}): the last year is before the first")
        return (lo, hi), None
    else:
        ys = {int(y) for y in years}
    if not ys:
        raise ParameterError("years is empty")
    return (min(ys), max(ys)), ys


def _new_meta(
    unit: str, directed: bool, k: int, sysm: _System, store: Store, source: str | None
) -> dict[str, Any]:
    return {
        "unit": unit,
        "directed": directed,
        "k": k,
        "system": "cow",
        "extend_to": sysm.extend_to,
        "data_end": sysm.data_end,
        "store": str(store.path),
        "prefer": source,
        "sources": {"system": sysm.label},
    }


def _system_arg(system: str) -> None:
    if system != "cow":
        raise ParameterError(
            f"system={system!r}: use 'cow' (Correlates of War), or 'gw' (Gleditsch-Ward) for "
            "state-years and dyad-years"
        )
