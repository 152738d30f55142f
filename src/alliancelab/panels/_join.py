"""Key lookups for the joins: dense (ccode1, ccode2, year) and (ccode, year) indexes.

Panels hold up to a few million rows; the ``add_*`` verbs join a source onto them
through dense integer tables (COW codes 0-999, years 1700-2699) instead of sorting or
hashing, and check that the source holds each key once, so the join keeps the row count.

Memory is what such a join costs: a panel-sized array of 8-byte integers is 9 MB of
fresh memory on P2's 1.1 million rows. The lookups therefore keep panel-sized keys in
int32 (numpy's fancy indexing casts an int32 index in small buffers, where
:func:`numpy.take` would first copy it to intp), compare years once per verb against
the panel's year span (:func:`_span`, :func:`_outside`), and let a verb's last column
own a mask instead of copying it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from typing import Any

import numpy as np
import pandas as pd

from ..errors import ParameterError

_YEAR0 = 1700  # year offset in packed keys and dense tables (years 1700-2699)
_CHUNK = 1 << 15  # panel rows per step of a chunked lookup (see _chunks)

Span = tuple[int, int] | None
"""The (first, last) year of a panel's rows, None for an empty panel."""


def _pack(cols: Sequence[np.ndarray], year: np.ndarray) -> np.ndarray:
    k = np.zeros(len(year), dtype=np.int64)
    for c in cols:
        k = k * 1000 + np.asarray(c, dtype=np.int64)
    return k * 1000 + (np.asarray(year, dtype=np.int64) - _YEAR0)


def _pair_code(c1: np.ndarray, c2: np.ndarray) -> np.ndarray:
    """``ccode1 * 1000 + ccode2`` as int32 (an index into a dense 1000 x 1000 table)."""
    pc = np.multiply(c1, 1000, dtype=np.int32, casting="unsafe")  # one pass, any int dtype
    np.add(pc, c2, out=pc, casting="unsafe")  # < 1,000,000: fits
    return pc


def _chunks(n: int) -> Iterator[tuple[slice, slice]]:
    """(rows, the same length from 0) of at most ``_CHUNK`` rows each, covering ``range(n)``.

    A lookup over the panel (key arithmetic, then a gather from a dense table) runs chunk
    by chunk into its output: its keys never exist in full (each a panel-sized temporary,
    4.5 MB of fresh memory in int32 on P2) and stay in the CPU cache between the passes
    (P2's MID lookup: 2.6 instead of 3.8 ms warm). The keys of a chunk go into scratch
    arrays of ``_CHUNK`` items made once per lookup (:func:`_scratch`), the second slice's
    part of them: a chunk's temporaries would be fresh pages every time (glibc serves
    128 KiB and more with ``mmap``).
    """
    for a in range(0, n, _CHUNK):
        b = min(a + _CHUNK, n)
        yield slice(a, b), slice(0, b - a)


def _scratch(n: int, dtype: Any = np.intp) -> np.ndarray:
    """A scratch array for the keys of one chunk of :func:`_chunks`."""
    return np.empty(min(n, _CHUNK), dtype=dtype)


def _gather(table: np.ndarray, key: np.ndarray, out: np.ndarray) -> None:
    """``out[:] = table[key]`` for intp ``key``, without numpy's copies: checks the range
    (``mode="raise"`` would copy ``out`` first), then gathers with ``mode="wrap"``."""
    if len(key) and (int(key.min()) < 0 or int(key.max()) >= len(table)):
        raise ParameterError("state codes must lie in 0-999 (COW codes)")
    np.take(table, key, out=out, mode="wrap")


def _span(year: np.ndarray) -> Span:
    return (int(year.min()), int(year.max())) if len(year) else None


def _outside(year: np.ndarray, lo: int, hi: int, span: Span) -> np.ndarray | None:
    """Rows whose year lies outside ``lo``-``hi``; None when none does (``span`` is
    :func:`_span` of ``year``), which saves the comparisons on most panels."""
    if span is None or (span[0] >= lo and span[1] <= hi):
        return None
    if span[0] >= lo:
        return year > hi
    if span[1] <= hi:
        return year < lo
    out = year < lo
    out |= year > hi
    return out


def _na_where(missing: np.ndarray, outside: np.ndarray | None, reuse: bool = False) -> np.ndarray:
    """A new mask: ``missing`` rows that are ``outside`` (no row is when it is None);
    ``reuse=True`` writes it into ``missing``, a temporary of the caller's."""
    if outside is None:
        return np.zeros(len(missing), dtype=bool)
    return np.logical_and(missing, outside, out=missing) if reuse else missing & outside


class _Cells:
    """Dense numbering of (ccode1, ccode2, year): ``slot[ccode1, ccode2] * ny + year - y0``.

    The slots number the pairs of the source; pairs it lacks share one empty slot, so a
    lookup needs no masks. The years cover the source's and ``span`` (the panel's).
    ``base[pair code]`` holds ``slot * ny - y0``, so a lookup is one gather and one add.
    """

    def __init__(self, c1: np.ndarray, c2: np.ndarray, year: np.ndarray, span: Span) -> None:
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
        self,
        c1: np.ndarray,
        c2: np.ndarray,
        year: np.ndarray,
        pc: np.ndarray | None = None,
        span: Span = None,
    ) -> np.ndarray:
        """The cell of each (ccode1, ccode2, year), in ``base``'s dtype; years outside the
        cells' span, like pairs the source lacks, fall into the empty slot. ``span``, the
        years' (min, max) when the caller has it, saves two passes."""
        cell = self.base[_pair_code(c1, c2) if pc is None else pc]
        year = np.asarray(year)
        np.add(cell, year, out=cell, casting="unsafe")  # fits: see __init__
        lo, hi = span if span is not None else (_span(year) or (self.y0, self.y0))
        if lo < self.y0 or hi >= self.y0 + self.ny:
            cell[(year < self.y0) | (year >= self.y0 + self.ny)] = self.empty * self.ny
        return cell

    def lookup(
        self, c1: np.ndarray, c2: np.ndarray, year: np.ndarray, table: np.ndarray, span: Span
    ) -> np.ndarray:
        """``table[cell]`` of each (ccode1, ccode2, year) (``table`` has :attr:`size`
        entries), computed by :func:`_chunks`: the cells never exist in full. ``span`` as
        in :meth:`cells`."""
        year = np.asarray(year)
        lo, hi = span if span is not None else (_span(year) or (self.y0, self.y0))
        clip = lo < self.y0 or hi >= self.y0 + self.ny
        n = len(year)
        out = np.empty(n, dtype=table.dtype)
        pc, base, cell = _scratch(n), _scratch(n, self.base.dtype), _scratch(n)
        for ch, k in _chunks(n):
            _check_ccodes(c2[ch])  # with it, the pair code's range checks ccode1
            np.multiply(c1[ch], 1000, out=pc[k], casting="unsafe")
            np.add(pc[k], c2[ch], out=pc[k], casting="unsafe")
            if len(pc[k]) and (int(pc[k].min()) < 0 or int(pc[k].max()) >= 1_000_000):
                _check_ccodes(c1[ch])  # raises
            np.take(self.base, pc[k], out=base[k], mode="wrap")  # in range: checked
            np.add(base[k], year[ch], out=cell[k], casting="unsafe")  # fits: see __init__
            if clip:
                y = year[ch]
                cell[k][(y < self.y0) | (y >= self.y0 + self.ny)] = self.empty * self.ny
            np.take(table, cell[k], out=out[ch], mode="wrap")  # cells < size: never wraps
        return out


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
        span: Span = None,
    ) -> None:
        self.n = len(year)
        self.cellmap = _Cells(c1, c2, year, span)
        self.rows = np.full(self.cellmap.size, self.n, dtype=np.int32)
        self.rows[self.cellmap.src] = np.arange(self.n, dtype=np.int32)
        if self.n and int(np.count_nonzero(self.rows != self.n)) != self.n:
            raise ParameterError(
                f"{what} holds a dyad-year twice; joining it would change the row count"
            )

    def get(
        self, c1: np.ndarray, c2: np.ndarray, year: np.ndarray, span: Span = None
    ) -> np.ndarray:
        """Source row of each panel row (int32), or ``n`` (one past the end) where there is
        none; ``span`` as in :meth:`_Cells.cells`."""
        return self.cellmap.lookup(c1, c2, year, self.rows, span)


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
    src: np.ndarray,
    idx: np.ndarray | _Hits,
    na: np.ndarray,
    fill: int = 0,
    copy_na: bool = True,
) -> pd.api.extensions.ExtensionArray:
    """Nullable ints ``src[idx]`` (``fill`` where idx == len(src)), NA where ``na``.

    The column holds a copy of ``na`` unless ``copy_na`` is False: then it owns ``na``,
    which the caller must not use or change afterwards (a verb's last column, or a mask
    made for this column alone).
    """
    src = np.asarray(src)
    h = idx if isinstance(idx, _Hits) else _Hits(idx, len(src))
    dt = _int_dtype(src, fill)
    if h.sparse:  # sparse sources (alliances, disputes): scatter the hits
        out = np.zeros(len(h.idx), dtype=dt) if fill == 0 else np.full(len(h.idx), fill, dtype=dt)
        out[h.hit] = src[h.src_rows]
    else:
        out = np.append(src.astype(dt), np.array([fill], dtype=dt))[h.idx]
    return pd.arrays.IntegerArray(out, na.copy() if copy_na else na)


def _take_float(src: np.ndarray, idx: np.ndarray) -> np.ndarray:
    """Floats ``src[idx]``, NaN where idx == len(src) (``idx`` intp for speed)."""
    return np.take(np.append(np.asarray(src, dtype=np.float64), np.nan), idx)


def _float_block(
    get: Callable[..., np.ndarray],
    df: pd.DataFrame,
    code_cols: Sequence[str],
    suffixes: Sequence[str],
    vals: dict[str, np.ndarray],
) -> pd.DataFrame:
    """State-year floats for each side of a panel as one float64 block.

    Columns ``{name}{suffix}`` for each code column (side) and each ``vals`` column,
    looked up on (code, year) through ``get`` (:func:`_state_year_index`), NaN where the
    source has no row. The columns are the rows of one (sides x columns, panel rows)
    array, as pandas keeps a float block: one allocation (P2's 14 NMC columns, 126 MB)
    instead of one per column, and the gathers write into it directly; the source rows
    of a side are computed in one reused intp array.
    """
    year = df["year"].to_numpy()
    span = _span(year)
    n, k = len(df), len(vals)
    m = len(next(iter(vals.values()))) if vals else 0
    table = np.full((k, m + 1), np.nan)  # the extra last slot: no source row
    for i, v in enumerate(vals.values()):
        table[i, :m] = v
    block = np.empty((len(code_cols) * k, n))
    rows = np.empty(n, dtype=np.intp)
    for s, cc in enumerate(code_cols):
        get(df[cc].to_numpy(), year, span, out=rows)
        for i in range(k):  # rows <= m: "wrap" never wraps (and skips "raise"'s copy)
            np.take(table[i], rows, out=block[s * k + i], mode="wrap")
    names = [f"{c}{suf}" for suf in suffixes for c in vals]
    return pd.DataFrame(block.T, index=df.index, columns=names, copy=False)


def _check_ccodes(*arrays: np.ndarray) -> None:
    for a in arrays:
        if len(a) and (a.min() < 0 or a.max() > 999):
            raise ParameterError("state codes must lie in 0-999 (COW codes)")


class _StateYears:
    """Dense (ccode, year) -> source row lookup; ``n`` (the source's length) where none.

    The table has one slot per code 0-999 and year of a span ``y0``-``y0 + ny - 1`` that
    covers the source's years and every year looked up so far (it is rebuilt, from the
    source's few thousand rows, when a lookup brings years outside it). The slot of
    (code, year) is ``code * ny + year``, one-to-one over that span (the first ``y0``
    slots are unused), so a lookup is one multiply, one add and one gather, on int32 keys.
    """

    def __init__(self, sc: np.ndarray, sy: np.ndarray, what: str) -> None:
        _check_ccodes(sc)
        self.n = len(sc)
        self.sc = np.asarray(sc, dtype=np.intp)
        self.sy = np.asarray(sy, dtype=np.intp)
        if self.n and (self.sy.min() < _YEAR0 or self.sy.max() > _YEAR0 + 999):
            raise ParameterError(f"{what}: years outside {_YEAR0}-{_YEAR0 + 999}")
        first, last = (int(self.sy.min()), int(self.sy.max())) if self.n else (_YEAR0, _YEAR0)
        self._build(first, last)
        if self.n and int(np.count_nonzero(self.table != self.n)) != self.n:
            raise ParameterError(
                f"{what} holds a state-year twice; joining it would change the row count"
            )

    def _build(self, first: int, last: int) -> None:
        self.y0, self.ny = first, last - first + 1
        self.table = np.full(first + 1000 * self.ny, self.n, dtype=np.intp)
        self.table[self.sc * self.ny + self.sy] = np.arange(self.n)

    def get(
        self, c: np.ndarray, y: np.ndarray, span: Span = None, out: np.ndarray | None = None
    ) -> np.ndarray:
        """Source row (intp) of each (code, year); ``span`` is :func:`_span` of ``y`` when
        the caller has it. ``out``: an intp array of ``len(y)`` to write the rows into."""
        y = np.asarray(y)
        if not len(y):
            return np.zeros(0, dtype=np.intp)
        lo, hi = span if span is not None else (int(y.min()), int(y.max()))
        outside = None
        if lo < _YEAR0 or hi > _YEAR0 + 999:  # years outside 1700-2699: no data
            outside = (y < _YEAR0) | (y > _YEAR0 + 999)
            y = np.clip(y, _YEAR0, _YEAR0 + 999)
            lo, hi = max(lo, _YEAR0), min(hi, _YEAR0 + 999)
        if lo < self.y0 or hi >= self.y0 + self.ny:
            self._build(min(lo, self.y0), max(hi, self.y0 + self.ny - 1))
        rows = np.empty(len(y), dtype=np.intp) if out is None else out
        c, key = np.asarray(c), _scratch(len(y))
        for ch, k in _chunks(len(y)):  # the keys never exist in full (_chunks)
            _check_ccodes(c[ch])  # a code below 0 would land on another code's years
            np.multiply(c[ch], self.ny, out=key[k], casting="unsafe")
            np.add(key[k], y[ch], out=key[k], casting="unsafe")
            _gather(self.table, key[k], rows[ch])
        if outside is not None:
            rows[outside] = self.n
        return rows


def _state_year_index(sc: np.ndarray, sy: np.ndarray, what: str) -> Callable[..., np.ndarray]:
    """The lookup ``get(codes, years[, span])`` of :class:`_StateYears`: source rows, or
    ``len(sc)`` where there is none; raises if the source holds a state-year twice or a
    year outside 1700-2699."""
    return _StateYears(sc, sy, what).get
