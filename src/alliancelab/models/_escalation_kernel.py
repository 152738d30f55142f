"""The escalation cascade's compiled kernel (numba) and its bit-packing helper.

Kept apart from :mod:`alliancelab.models.escalation` (parameters, result, contract) so that
module stays readable; the model, its sources and its semantics are documented there
(Christensen & Snyder 1990; honour rates of Berkemeier & Fuhrmann 2018). The kernel is one
long loop on purpose: it is compiled once per process and runs a million crises a second.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from typing import Any

import numpy as np

from . import _jit


def _masks(rows: np.ndarray, n: int, w: int) -> np.ndarray:
    """Pack a boolean (n, n) matrix into (n, w) uint64 words, row by row.

    Bit ``j % 64`` of word ``j // 64`` in row ``i`` is ``rows[i, j]``. Vectorised: the
    columns are padded to ``64 * w``, packed eight to a byte in little bit order
    (:func:`numpy.packbits`) and the bytes read as little-endian 64-bit words, so the
    result is the same on any byte order.

    Examples
    --------
    >>> m = np.zeros((2, 70), dtype=bool)
    >>> m[0, 0] = m[0, 65] = m[1, 63] = True
    >>> [[hex(int(v)) for v in row] for row in _masks(m[:, :70], 2, 2)]
    [['0x1', '0x2'], ['0x8000000000000000', '0x0']]
    """
    padded = np.zeros((n, 64 * w), dtype=bool)
    padded[:, : rows.shape[1]] = rows[:n] != 0
    packed = np.packbits(padded, axis=1, bitorder="little")
    return np.ascontiguousarray(packed).view("<u8").astype(np.uint64)


def _masks_loop(rows: np.ndarray, n: int, w: int) -> np.ndarray:
    """The reference loop :func:`_masks` replaced (kept for the identity test)."""
    out = np.zeros((n, w), dtype=np.uint64)
    for i, j in zip(*np.nonzero(rows), strict=True):
        out[i, j // 64] |= np.uint64(1) << np.uint64(j % 64)
    return out


@cache
def _kernel() -> Callable[..., Any]:
    """Compile the cascade (numba; on first use, or loaded from the on-disk cache, ``_jit``)."""
    numba = _jit.numba()

    @numba.njit(cache=_jit.cache_enabled(), nogil=True)
    def run(  # pragma: no cover - compiled
        rng: Any,
        n_sims: int,
        c: int,
        t: int,
        owers_def: np.ndarray,
        owers_off: np.ndarray,
        cond_def: np.ndarray,
        cond_def_mask: np.ndarray,
        cond_off: np.ndarray,
        cond_off_mask: np.ndarray,
        aimed: np.ndarray,
        pledge_neu: np.ndarray,
        pledge_na: np.ndarray,
        r_def: float,
        r_off: float,
        r_neu: float,
        r_na: float,
        cap: np.ndarray,
        threshold: float,
        n_states: np.ndarray,
        cap_war: np.ndarray,
        deterred: np.ndarray,
        joined: np.ndarray,
    ) -> None:
        n, w = owers_def.shape
        one = np.uint64(1)
        magic = np.uint64(0x03F79D71B4CB0A89)
        shift = np.uint64(58)
        debruijn = np.empty(64, np.int64)
        for b in range(64):
            debruijn[((one << np.uint64(b)) * magic) >> shift] = b
        side = np.empty(n, np.int8)
        dd = np.empty(n, np.int8)
        do = np.empty(n, np.int8)
        dn = np.empty(n, np.int8)
        dna = np.empty(n, np.int8)
        m0 = np.empty(w, np.uint64)
        m1 = np.empty(w, np.uint64)
        cd1 = np.empty(w, np.uint64)
        cd0 = np.empty(w, np.uint64)
        co0 = np.empty(w, np.uint64)
        out = np.empty(w, np.uint64)
        new_i = np.empty(n, np.int64)
        new_s = np.empty(n, np.int8)
        for s in range(n_sims):
            side[:] = -1
            dd[:] = 0
            do[:] = 0
            dn[:] = 0
            dna[:] = 0
            m0[:] = 0
            m1[:] = 0
            cd0[:] = 0
            out[:] = 0
            side[c] = 0
            side[t] = 1
            m0[c // 64] |= one << np.uint64(c % 64)
            m1[t // 64] |= one << np.uint64(t % 64)
            for k in range(w):
                cd1[k] = owers_def[t, k]
                co0[k] = owers_off[c, k]
            escalated = False
            rnd = 0
            det = False
            while True:
                nj = 0
                # conditional ties apply once a named adversary is on the opposing side
                for q in range(cond_def.shape[0]):
                    f = cond_def[q, 0]
                    s_to = side[cond_def[q, 1]]
                    if side[f] >= 0 or s_to < 0 or (s_to == 0 and not escalated):
                        continue
                    hit = False
                    for k in range(w):
                        if cond_def_mask[q, k] & (m0[k] if s_to == 1 else m1[k]):
                            hit = True
                    if hit:
                        if s_to == 1:
                            cd1[f // 64] |= one << np.uint64(f % 64)
                        else:
                            cd0[f // 64] |= one << np.uint64(f % 64)
                for q in range(cond_off.shape[0]):
                    f = cond_off[q, 0]
                    if side[f] >= 0 or side[cond_off[q, 1]] != 0:
                        continue
                    for k in range(w):
                        if cond_off_mask[q, k] & m1[k]:
                            co0[f // 64] |= one << np.uint64(f % 64)
                for k in range(w):
                    x = (cd1[k] | cd0[k] | co0[k]) & ~m0[k] & ~m1[k] & ~out[k]
                    while x:
                        low = x & (~x + one)
                        x ^= low
                        b = debruijn[(low * magic) >> shift]
                        i = k * 64 + b
                        c1 = (cd1[k] & low) != 0
                        c0 = ((cd0[k] | co0[k]) & low) != 0
                        # never on the side of a state its obligations are aimed against
                        for q in range(w):
                            if aimed[i, q] & m1[q]:
                                c1 = False
                            if aimed[i, q] & m0[q]:
                                c0 = False
                        if c1 or c0:
                            hit_neu0 = False
                            hit_neu1 = False
                            hit_na0 = False
                            hit_na1 = False
                            for q in range(w):
                                if pledge_neu[i, q] & m0[q]:
                                    hit_neu0 = True
                                if pledge_neu[i, q] & m1[q]:
                                    hit_neu1 = True
                                if pledge_na[i, q] & m0[q]:
                                    hit_na0 = True
                                if pledge_na[i, q] & m1[q]:
                                    hit_na1 = True
                            if (c1 and hit_neu0) or (c0 and hit_neu1):
                                if dn[i] == 0:
                                    dn[i] = 1 if rng.random() < r_neu else 2
                                if dn[i] == 1:
                                    if hit_neu0:
                                        c1 = False
                                    if hit_neu1:
                                        c0 = False
                            if (c1 and hit_na0) or (c0 and hit_na1):
                                if dna[i] == 0:
                                    dna[i] = 1 if rng.random() < r_na else 2
                                if dna[i] == 1:
                                    if hit_na0:
                                        c1 = False
                                    if hit_na1:
                                        c0 = False
                        if c1 and c0:
                            out[k] |= low
                            continue
                        if c1:
                            if dd[i] == 0:
                                dd[i] = 1 if rng.random() < r_def else 2
                            if dd[i] == 1:
                                new_i[nj] = i
                                new_s[nj] = 1
                                nj += 1
                        elif c0:
                            hon = False
                            if cd0[k] & low:
                                if dd[i] == 0:
                                    dd[i] = 1 if rng.random() < r_def else 2
                                hon = dd[i] == 1
                            if not hon and (co0[k] & low):
                                if do[i] == 0:
                                    do[i] = 1 if rng.random() < r_off else 2
                                hon = do[i] == 1
                            if hon:
                                new_i[nj] = i
                                new_s[nj] = 0
                                nj += 1
                any_new1 = False
                for a in range(nj):
                    i = new_i[a]
                    side[i] = new_s[a]
                    bit = one << np.uint64(i % 64)
                    if new_s[a] == 1:
                        m1[i // 64] |= bit
                        any_new1 = True
                    else:
                        m0[i // 64] |= bit
                rnd += 1
                if rnd == 1 and threshold > 0.0:
                    cap0 = 0.0
                    cap1 = 0.0
                    for i in range(n):
                        if side[i] == 0:
                            cap0 += cap[i]
                        elif side[i] == 1:
                            cap1 += cap[i]
                    if cap1 > threshold * cap0:
                        det = True
                        break
                if nj == 0:
                    break
                for a in range(nj):
                    i = new_i[a]
                    for k in range(w):
                        if new_s[a] == 1:
                            cd1[k] |= owers_def[i, k]
                        else:
                            co0[k] |= owers_off[i, k]
                            if escalated:
                                cd0[k] |= owers_def[i, k]
                if any_new1 and not escalated:
                    escalated = True
                    for i in range(n):
                        if side[i] == 0:
                            for k in range(w):
                                cd0[k] |= owers_def[i, k]
            deterred[s] = det
            if det:
                n_states[s] = 0
                cap_war[s] = 0.0
                continue
            cnt = 0
            tot = 0.0
            for i in range(n):
                if side[i] >= 0:
                    cnt += 1
                    tot += cap[i]
                    joined[i, side[i]] += 1
            n_states[s] = cnt
            cap_war[s] = tot

    return run
