"""Key lookups for the joins: dense (ccode1, ccode2, year) and (ccode, year) indexes.

Panels hold up to a few million rows; the ``add_*`` verbs join a source onto them
through dense integer tables (COW codes 0-999, years 1700-2699) instead of sorting or
hashing, and check that the source holds each key once, so the join keeps the row count.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
import pandas as pd

from ..errors import ParameterError

_YEAR0 = 1700  # year offset in packed keys and dense tables (years 1700-2699)


def _pack(cols: Sequence[np.ndarray], year: np.ndarray) -> np.ndarray:
    k = np.zeros(len(year), dtype=np.int64)
    for c in cols:
        k = k * 1000 + np.asarray(c, dtype=np.int64)
    return k * 1000 + (np.asarray(year, dtype=np.int64) - _YEAR0)


def _pair_code(c1: np.ndarray, c2: np.ndarray) -> np.ndarray:
    """``ccode1 * 1000 + ccode2`` as intp (an index into a dense 1000 x 1000 table)."""
    pc = np.multiply(c1, 1000, dtype=np.intp, casting="unsafe")  # one pass, any int dtype
    pc += np.asarray(c2)
    return pc


class _Cells:
    """Dense numbering of (ccode1, ccode2, year): ``slot[ccode1, ccode2] * ny + year - y0``.

    The slots number the pairs of the source; pairs it lacks share one empty slot, so a
    lookup needs no masks. The years cover the source's and ``span`` (the panel's).
    ``base[pair code]`` holds ``slot * ny - y0``, so a lookup is one gather and one add.
    """

    def __init__(
        self, c1: np.ndarray, c2: np.ndarray, year: np.ndarray, span: tuple[int, int] | None
    ) -> None:
        _check_ccodes(c1, c2)
        pc = _pair_code(c1, c2)
        present = np.zeros(1_000_000, dtype=bool)
        present[pc] = True
        pairs = np.flatnonzero(present)
        self.empty = len(pairs)
        ys = [int(year.min()), int(year.max())] if len(year) else []
        if span is not None:
            ys += list(span)
        self.y0 = min(ys) if ys else 0
        self.ny = max(ys) - self.y0 + 1 if ys else 1
        self.size = (self.empty + 1) * self.ny
        # int32 when every cell (and the years added to it) fits, else intp
        small = self.size + abs(self.y0) + self.ny < np.iinfo(np.int32).max
        dt = np.int32 if small else np.intp
        self.base = np.full(1_000_000, self.empty * self.ny - self.y0, dtype=dt)
        self.base[pairs] = np.arange(len(pairs), dtype=dt) * self.ny - self.y0
        self.src = self.cells(c1, c2, year, pc)

    def cells(
        self, c1: np.ndarray, c2: np.ndarray, year: np.ndarray, pc: np.ndarray | None = None
    ) -> np.ndarray:
        """The cell of each (ccode1, ccode2, year), in ``base``'s dtype; years outside the
        cells' span, like pairs the source lacks, fall into the empty slot."""
        cell = self.base[_pair_code(c1, c2) if pc is None else pc]
        year = np.asarray(year)
        np.add(cell, year, out=cell, casting="unsafe")  # fits: see __init__
        if len(year) and (int(year.min()) < self.y0 or int(year.max()) >= self.y0 + self.ny):
            cell[(year < self.y0) | (year >= self.y0 + self.ny)] = self.empty * self.ny
        return cell


class _DyadIndex:
    """(ccode1, ccode2, year) -> source row through dense tables (no sorting, no hashing).

    ``rows[cell]`` holds the source row of each :class:`_Cells` cell (``n``, one past
    the end, where there is none). Raises if the source holds a dyad-year twice (the
    join would add rows).
    """

    def __init__(
        self,
        c1: np.ndarray,
        c2: np.ndarray,
        year: np.ndarray,
        what: str,
        span: tuple[int, int] | None = None,
    ) -> None:
        self.n = len(year)
        self.cellmap = _Cells(c1, c2, year, span)
        self.rows = np.full(self.cellmap.size, self.n, dtype=np.int32)
        self.rows[self.cellmap.src] = np.arange(self.n, dtype=np.int32)
        if self.n and int(np.count_nonzero(self.rows != self.n)) != self.n:
            raise ParameterError(
                f"{what} holds a dyad-year twice; joining it would change the row count"
            )

    def get(self, c1: np.ndarray, c2: np.ndarray, year: np.ndarray) -> np.ndarray:
        """Source row of each panel row, or ``n`` (one past the end) where there is none."""
        return self.rows[self.cellmap.cells(c1, c2, year)]


def _span(year: np.ndarray) -> tuple[int, int] | None:
    return (int(year.min()), int(year.max())) if len(year) else None


def _int_dtype(values: np.ndarray, extra: int = 0) -> Any:
    lo = min(int(values.min()), extra) if len(values) else extra
    hi = max(int(values.max()), extra) if len(values) else extra
    for dt in (np.int8, np.int16, np.int32):
        info = np.iinfo(dt)
        if info.min <= lo and hi <= info.max:
            return dt
    return np.int64


class _Hits:
    """The panel rows a join found (``idx < n``), computed once for all its columns."""

    def __init__(self, idx: np.ndarray, n: int) -> None:
        self.idx = idx
        self.n = n
        self.hit = np.flatnonzero(idx < n)
        self.sparse = len(self.hit) < len(idx) // 4
        self.src_rows = idx[self.hit] if self.sparse else idx


def _take_int(
    src: np.ndarray, idx: np.ndarray | _Hits, na: np.ndarray, fill: int = 0
) -> pd.api.extensions.ExtensionArray:
    """Nullable ints ``src[idx]`` (``fill`` where idx == len(src)), NA where ``na``."""
    src = np.asarray(src)
    h = idx if isinstance(idx, _Hits) else _Hits(idx, len(src))
    dt = _int_dtype(src, fill)
    if h.sparse:  # sparse sources (alliances, disputes): scatter the hits
        out = np.zeros(len(h.idx), dtype=dt) if fill == 0 else np.full(len(h.idx), fill, dtype=dt)
        out[h.hit] = src[h.src_rows]
    else:
        out = np.append(src.astype(dt), np.array([fill], dtype=dt))[h.idx]
    return pd.arrays.IntegerArray(out, na.copy())


def _take_float(src: np.ndarray, idx: np.ndarray) -> np.ndarray:
    """Floats ``src[idx]``, NaN where idx == len(src) (``idx`` intp for speed)."""
    return np.take(np.append(np.asarray(src, dtype=np.float64), np.nan), idx)


def _check_ccodes(*arrays: np.ndarray) -> None:
    for a in arrays:
        if len(a) and (a.min() < 0 or a.max() > 999):
            raise ParameterError("state codes must lie in 0-999 (COW codes)")


def _state_year_index(
    sc: np.ndarray, sy: np.ndarray, what: str
) -> Callable[[np.ndarray, np.ndarray], np.ndarray]:
    """Dense (ccode, year) -> source row lookup; ``len(sc)`` where there is none.

    The table is indexed by ``ccode * 1000 + year``, which is one-to-one over codes 0-999
    and the 1,000 years 1700-2699 (so a lookup is one multiply, one add and one gather).
    """
    _check_ccodes(sc)
    n = len(sc)
    table = np.full(1_000_000 + _YEAR0, n, dtype=np.intp)
    yy = np.asarray(sy, dtype=np.int64)
    if n and (yy.min() < _YEAR0 or yy.max() > _YEAR0 + 999):
        raise ParameterError(f"{what}: years outside {_YEAR0}-{_YEAR0 + 999}")
    table[np.asarray(sc, dtype=np.int64) * 1000 + yy] = np.arange(n)
    if n and int(np.count_nonzero(table < n)) != n:
        raise ParameterError(
            f"{what} holds a state-year twice; joining it would change the row count"
        )

    def get(c: np.ndarray, y: np.ndarray) -> np.ndarray:
        y = np.asarray(y)
        outside = None
        if len(y) and (int(y.min()) < _YEAR0 or int(y.max()) > _YEAR0 + 999):
            outside = (y < _YEAR0) | (y > _YEAR0 + 999)  # years outside 1700-2699: no data
            y = np.where(outside, _YEAR0, y)
        key = np.multiply(c, 1000, dtype=np.intp, casting="unsafe")
        key += y
        rows = table[key]
        if outside is not None:
            rows[outside] = n
        return rows

    return get
