"""One round of the independent-cascade Monte Carlo on sparse edges (numba).

The exposure Monte Carlo (:func:`alliancelab.measures.exposure.entanglement`) runs many
cascades at once, one per row: in each round the states that joined in the previous round
test their edges, and a state ``c`` still out joins with probability
``1 - prod_{i new} (1 - P[i, c])`` = ``-expm1(sum_{i new} L[i, c])`` with
``L = log(1 - P)`` (float32). This kernel computes, for every row with new states, the
candidates ``c`` (some new state has an edge to ``c``, ``c`` not yet reached) and their
``sum_{i new} L[i, c]``, visiting only the edges from the new states to states still out
(rows and neighbourhoods as 64-bit sets). The sums are float32,
accumulated over the new states in increasing index order, which is the order of the
dense product ``new @ L`` it replaces (one float32 accumulator per entry along the inner
dimension), so the candidates, their order (by row, then state) and their values are
those of the dense computation; the random draws stay with the caller's numpy generator.

References
----------
Kempe, David, Jon Kleinberg & Éva Tardos. 2003. "Maximizing the Spread of Influence
through a Social Network." *KDD '03*: 137-146 (the independent cascade model).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from typing import Any

import numpy as np

from . import _jit

__all__ = ["Cascade"]

_DEBRUIJN = 0x03F79D71B4CB0A89  # de Bruijn sequence: the index of a set bit by one multiply
_BIT_INDEX = np.zeros(64, dtype=np.int64)
for _b in range(64):
    _BIT_INDEX[((1 << _b) * _DEBRUIJN % (1 << 64)) >> 58] = _b


@cache
def _kernels() -> tuple[Callable[..., Any], Callable[..., Any]]:
    numba = _jit.numba()
    cached = _jit.cache_enabled()

    @numba.njit(cache=cached, nogil=True)
    def candidates(
        rbits: np.ndarray,
        new_r: np.ndarray,
        new_c: np.ndarray,
        nbr: np.ndarray,
        deg: np.ndarray,
        L: np.ndarray,
        bit_index: np.ndarray,
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:  # pragma: no cover - compiled
        n_words = rbits.shape[1]
        n_new = new_r.shape[0]
        db = np.uint64(_DEBRUIJN)
        one = np.uint64(1)
        shift = np.uint64(58)
        cap = 0  # every candidate is the end of an edge of a new state
        for k in range(n_new):
            cap += deg[new_c[k]]
        out_r = np.empty(cap, dtype=np.int64)
        out_c = np.empty(cap, dtype=np.int64)
        out_v = np.empty(cap, dtype=np.float32)
        acc = np.zeros(L.shape[0], dtype=np.float32)
        cand = np.zeros(n_words, dtype=np.uint64)
        n_out = 0
        k = 0
        while k < n_new:
            row = new_r[k]
            # this row's new states (ascending), each adding log(1 - p) of its edges to
            # states still out, in that order (the dense product's order)
            while k < n_new and new_r[k] == row:
                i = new_c[k]
                for w in range(n_words):
                    bits = nbr[i, w] & ~rbits[row, w]
                    cand[w] |= bits
                    while bits:
                        low = bits & (~bits + one)
                        c = w * 64 + bit_index[(low * db) >> shift]
                        acc[c] += L[i, c]
                        bits ^= low
                k += 1
            for w in range(n_words):  # candidates in increasing state order
                bits = cand[w]
                while bits:
                    low = bits & (~bits + one)
                    c = w * 64 + bit_index[(low * db) >> shift]
                    if acc[c] < 0:
                        out_r[n_out] = row
                        out_c[n_out] = c
                        out_v[n_out] = acc[c]
                        n_out += 1
                    acc[c] = np.float32(0.0)
                    bits ^= low
                cand[w] = np.uint64(0)
        return out_r[:n_out], out_c[:n_out], out_v[:n_out]

    @numba.njit(cache=cached, nogil=True)
    def mark(rbits: np.ndarray, rows: np.ndarray, cols: np.ndarray) -> None:  # pragma: no cover
        one = np.uint64(1)
        for k in range(rows.shape[0]):
            c = cols[k]
            rbits[rows[k], c // 64] |= one << np.uint64(c % 64)

    return candidates, mark


def _bits(mask: np.ndarray) -> np.ndarray:
    """(r, m) bool -> (r, ceil(m / 64)) uint64, state c at bit c % 64 of word c // 64."""
    n_words = max(1, -(-mask.shape[1] // 64))
    padded = np.zeros((mask.shape[0], n_words * 64), dtype=bool)
    padded[:, : mask.shape[1]] = mask
    packed = np.packbits(padded, axis=1, bitorder="little")
    return np.ascontiguousarray(packed).view("<u8").astype(np.uint64)


class Cascade:
    """Independent cascades over one edge set, one per row, advanced round by round.

    Parameters
    ----------
    L : (m, m) float32 array
        ``log(1 - P[i, c])``; a zero entry is no edge.
    reached : (B, m) bool array
        The states each row starts with (copied).

    Examples
    --------
    Row 0 starts from state 0; 0 -> 1 -> 2 each with p = 0.5.

    >>> import numpy as np
    >>> L = np.log1p(-np.array([[0, .5, 0], [0, 0, .5], [0, 0, 0]])).astype(np.float32)
    >>> cas = Cascade(L, np.array([[True, False, False]]))
    >>> r, c, v = cas.candidates(np.array([0]), np.array([0]))
    >>> r.tolist(), c.tolist(), bool(v[0] == L[0, 1])
    ([0], [1], True)
    >>> cas.mark(r, c)
    >>> cas.reached().tolist()
    [[True, True, False]]
    """

    def __init__(self, L: np.ndarray, reached: np.ndarray) -> None:
        self.L = np.ascontiguousarray(L, dtype=np.float32)
        edges = self.L != 0
        self.m = self.L.shape[0]
        self.nbr = _bits(edges)
        self.deg = edges.sum(axis=1).astype(np.int64)
        self.rbits = _bits(np.asarray(reached, dtype=bool))

    def candidates(
        self, new_r: np.ndarray, new_c: np.ndarray
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """One round's candidates of the rows' new states (``new_r, new_c``, sorted by
        row then state): ``(rows, states, float32 sum of log(1 - p))`` in that order."""
        return _kernels()[0](
            self.rbits,
            np.ascontiguousarray(new_r, dtype=np.int64),
            np.ascontiguousarray(new_c, dtype=np.int64),
            self.nbr,
            self.deg,
            self.L,
            _BIT_INDEX,
        )

    def mark(self, rows: np.ndarray, cols: np.ndarray) -> None:
        """Mark ``(rows[k], cols[k])`` reached."""
        _kernels()[1](
            self.rbits,
            np.ascontiguousarray(rows, dtype=np.int64),
            np.ascontiguousarray(cols, dtype=np.int64),
        )

    def reached(self) -> np.ndarray:
        """(B, m) bool: the states each row has reached."""
        as_bytes = np.ascontiguousarray(self.rbits, dtype="<u8").view(np.uint8)
        return np.unpackbits(as_bytes, axis=1, bitorder="little")[:, : self.m].astype(bool)
