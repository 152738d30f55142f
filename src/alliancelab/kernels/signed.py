"""Exact minimum frustrated weight of a small signed graph: a Gray-code enumeration (numba).

The frustrated weight of a bipartition ``sigma in {-1, +1}^n`` of a weighted signed graph
``W`` (symmetric, zero diagonal) is

.. math:: F(\\sigma) = \\sum_{i<j} \\frac{|W_{ij}| - W_{ij}\\sigma_i\\sigma_j}{2},

the weight of positive edges across and negative edges within the sides (Harary 1959's
line index when ``W`` is +-1; Aref & Wilson 2018). Node ``n-1`` is fixed on one side (a
cut and its mirror cost the same), so ``2**(n-1)`` bipartitions are visited in
binary-reflected Gray-code order: one node flips per step and the cost changes by
``sigma_k h_k`` with the local field ``h_k = sum_j W_kj sigma_j``, updated in O(n). With
integer-valued weights every partial sum is an exact float64, so the minimum equals that
of a direct evaluation of every cut.

References
----------
Harary, Frank. 1959. "On the Measurement of Structural Balance." *Behavioral Science*
4(4): 316-323. Aref, Samin & Mark C. Wilson. 2018. "Measuring partial balance in signed
networks." *Journal of Complex Networks* 6(4): 566-595. Knuth, Donald E. 2011. *The Art of
Computer Programming*, Vol. 4A, section 7.2.1.1 (Gray codes).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from typing import Any

import numpy as np

from . import _jit

__all__ = ["local_moves", "min_frustrated_weight"]

#: Largest graph enumerated here (2**(n-1) cuts; the callers cap n lower).
MAX_NODES = 40


@cache
def _kernel() -> Callable[..., Any]:
    numba = _jit.numba()

    @numba.njit(cache=_jit.cache_enabled(), nogil=True)
    def gray_min(W: np.ndarray) -> float:  # pragma: no cover - compiled
        n = W.shape[0]
        # start: every node on side +1, so the cost is the negative edges' weight
        sigma = np.ones(n)
        h = np.zeros(n)
        cost = 0.0
        for i in range(n):
            acc = 0.0
            for j in range(n):
                acc += W[i, j]
                if j > i and W[i, j] < 0:
                    cost -= W[i, j]
            h[i] = acc
        best = cost
        total = np.int64(1) << np.int64(n - 1)
        for step in range(1, total):
            # binary-reflected Gray code: node k = number of trailing zeros of step
            k = 0
            y = step
            while (y & 1) == 0:
                y >>= 1
                k += 1
            cost += sigma[k] * h[k]
            sigma[k] = -sigma[k]
            two = 2.0 * sigma[k]
            for j in range(n):
                h[j] += two * W[j, k]
            if cost < best:
                best = cost
        return best

    return gray_min


@cache
def _moves_kernel() -> Callable[..., Any]:
    numba = _jit.numba()

    @numba.njit(cache=_jit.cache_enabled(), nogil=True)
    def moves(S: np.ndarray, label: np.ndarray, sweeps: int) -> None:  # pragma: no cover
        n = S.shape[0]
        nxt = label.max() + 1
        cands = np.empty(n + 1, dtype=np.int64)
        for _ in range(sweeps):
            moved = False
            for i in range(n):
                cur = label[i]
                n_pos = 0
                n_c = 0
                cands[n_c] = cur
                n_c += 1
                for j in range(n):
                    if S[i, j] > 0:
                        n_pos += 1
                    if S[i, j] != 0:
                        g = label[j]
                        seen = False
                        for a in range(n_c):
                            if cands[a] == g:
                                seen = True
                                break
                        if not seen:
                            cands[n_c] = g
                            n_c += 1
                # the cheapest group, the smallest label among ties; and the current one
                best_g = -1
                best = np.int64(0)
                cost_cur = np.int64(0)
                for a in range(n_c):
                    g = cands[a]
                    cost = np.int64(0)
                    for j in range(n):
                        if (S[i, j] < 0 and label[j] == g) or (S[i, j] > 0 and label[j] != g):
                            cost += 1
                    if g == cur:
                        cost_cur = cost
                    if best_g < 0 or cost < best or (cost == best and g < best_g):
                        best_g = g
                        best = cost
                if n_pos < best and n_pos < cost_cur:  # alone in a new group
                    label[i] = nxt
                    nxt += 1
                    moved = True
                elif best < cost_cur:
                    label[i] = best_g
                    moved = True
            if not moved:
                break

    return moves


def local_moves(S: np.ndarray, label: np.ndarray, sweeps: int = 50) -> np.ndarray:
    """Single-state moves of a correlation clustering of the signed graph ``S``.

    Up to ``sweeps`` passes over the states in index order; each state moves to the group
    (among its neighbours' and its own, or a new one) with the fewest disagreements
    (negative edges inside its group plus positive edges to other groups), the smallest
    label among ties, when that is strictly fewer than where it is; a pass without a
    move ends the search. Bansal, Nikhil, Avrim Blum & Shuchi Chawla. 2004. "Correlation
    Clustering." *Machine Learning* 56: 89-113.

    Parameters
    ----------
    S : (n, n) array
        Signed adjacency (+1, -1, 0).
    label : (n,) int array
        Starting groups (non-negative); a moved copy is returned.

    Examples
    --------
    A triangle 0-1 allied, 2 rival of both, all starting in one group: 2 leaves.

    >>> import numpy as np
    >>> S = np.array([[0, 1, -1], [1, 0, -1], [-1, -1, 0]])
    >>> local_moves(S, np.zeros(3, dtype=int)).tolist()
    [0, 0, 1]
    """
    out = np.array(label, dtype=np.int64)
    if out.size:
        _moves_kernel()(np.ascontiguousarray(S, dtype=np.int64), out, int(sweeps))
    return out


def min_frustrated_weight(W: np.ndarray) -> float:
    """The minimum over bipartitions of the frustrated weight of ``W`` (see the module).

    Parameters
    ----------
    W : (n, n) array
        Symmetric weighted signed adjacency with integer-valued weights (exact float64
        sums; the diagonal is ignored); ``n <= MAX_NODES``.

    Examples
    --------
    An all-negative triangle: one edge must be frustrated.

    >>> import numpy as np
    >>> min_frustrated_weight(-(np.ones((3, 3)) - np.eye(3)))
    1.0
    """
    W = np.array(W, dtype=np.float64)  # a copy: the diagonal is cleared
    np.fill_diagonal(W, 0.0)
    n = W.shape[0]
    if n > MAX_NODES:
        raise ValueError(f"at most {MAX_NODES} nodes can be enumerated, got {n}")
    if n <= 1:
        return 0.0
    return float(_kernel()(W))
