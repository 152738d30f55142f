"""Exact and heuristic pieces of the frustration index (:func:`~.network.frustration_index`).

Kept apart from :mod:`alliancelab.measures.network` so that module stays readable: the
exact reductions of a weighted signed graph, the structural-balance test (Harary 1953),
the exhaustive enumeration of bipartitions and the seeded local search (an upper bound).
Sources are cited in each function and in ``frustration_index``.
"""

from __future__ import annotations

import numpy as np

from ..kernels.signed import MAX_NODES, min_frustrated_weight

__all__: list[str] = []


def _prune_and_merge(W: np.ndarray) -> tuple[np.ndarray, float]:
    """Exact reductions of a weighted signed graph for the frustration index.

    1. A node with at most one neighbour can always satisfy its edge: drop it.
    2. Two adjacent nodes u, v with ``W[u, v] > 0`` and identical weights to every
       other node ("positive twins") lie on the same side in some optimum (if split,
       moving both to the side that is cheaper for one of them costs no more), so they
       merge into one node with summed weights.
    Returns the reduced matrix and the constant cost already fixed (always 0 here).
    """
    W = W.copy()
    while W.shape[0] > 0:
        deg = (W != 0).sum(axis=1)
        keep = deg >= 2
        if not keep.all():
            W = W[np.ix_(keep, keep)]
            continue
        # twins: rows differ only at positions u and v (where W[u,u]=0 != W[v,u] > 0)
        diff = (W[:, None, :] != W[None, :, :]).sum(axis=2)
        twin = (diff == 2) & (W > 0)
        if not twin.any():
            break
        used = np.zeros(W.shape[0], dtype=bool)
        drop: list[int] = []
        for u, v in zip(*np.nonzero(np.triu(twin, 1)), strict=True):
            if used[u] or used[v]:
                continue
            used[u] = used[v] = True
            merged = W[u] + W[v]
            W[u] = merged
            W[:, u] = merged
            W[u, u] = 0.0
            W[v] = 0.0
            W[:, v] = 0.0
            drop.append(int(v))
        keep_idx = np.setdiff1d(np.arange(W.shape[0]), drop)
        W = W[np.ix_(keep_idx, keep_idx)]
    return W, 0.0


def _balanced(W: np.ndarray) -> bool:
    """Whether a weighted signed graph is structurally balanced (frustration index 0).

    Harary (1953): a signed graph is balanced iff its nodes split into two sides with
    every positive edge within a side and every negative edge across, i.e. iff its
    frustration index is 0 (Aref & Wilson 2018, "Measuring partial balance in signed
    networks", *Journal of Complex Networks* 6(4): 566-595). A graph without negative
    edges is balanced at once (one side); otherwise a depth-first two-colouring either
    finds the split or meets an edge that contradicts it. O(n^2) on the matrix, against
    ``2**(n-1)`` cuts for :func:`_enumerate`.

    Examples
    --------
    >>> _balanced(np.array([[0, -1, 1], [-1, 0, -1], [1, -1, 0]]))
    True
    >>> _balanced(-(np.ones((3, 3)) - np.eye(3)))
    False
    """
    if not (W < 0).any():
        return True
    n = W.shape[0]
    side = np.full(n, -1, dtype=np.int8)
    for root in range(n):
        if side[root] >= 0:
            continue
        side[root] = 0
        stack = [root]
        while stack:
            u = stack.pop()
            for v in np.flatnonzero(W[u]):
                want = side[u] if W[u, v] > 0 else 1 - side[u]
                if side[v] < 0:
                    side[v] = want
                    stack.append(int(v))
                elif side[v] != want:
                    return False
    return True


def _enumerate(W: np.ndarray) -> float:
    """Exact minimum frustrated weight of a small weighted signed graph (2^(n-1) cuts).

    Integer-valued weights (the +-1 signs and the sums of merged twins of
    :func:`_prune_and_merge`) go to the compiled Gray-code enumeration of
    :func:`alliancelab.kernels.signed.min_frustrated_weight`, which is exact for them;
    other weights to :func:`_enumerate_cuts`, which evaluates every cut directly. Both give
    the same minimum (``tests/measures/test_frustration_kernel.py``).
    """
    W = np.asarray(W, dtype=float)
    if W.shape[0] <= MAX_NODES and np.array_equal(W, np.round(W)):
        return min_frustrated_weight(W)
    return _enumerate_cuts(W)


def _enumerate_cuts(W: np.ndarray) -> float:
    """Every cut evaluated directly (vectorised in chunks of 2**16): the reference."""
    n = W.shape[0]
    if n <= 1:
        return 0.0
    iu, ju = np.nonzero(np.triu(W != 0, 1))
    w = W[iu, ju]
    best = np.inf
    total = 1 << (n - 1)  # node n-1 fixed on side 0
    chunk = 1 << 16
    for start in range(0, total, chunk):
        codes = np.arange(start, min(total, start + chunk), dtype=np.int64)
        side = (codes[:, None] >> np.arange(n, dtype=np.int64)[None, :]) & 1
        differ = side[:, iu] != side[:, ju]
        frustrated = np.where(w > 0, differ, ~differ)
        cost = frustrated.astype(float) @ np.abs(w)
        best = min(best, float(cost.min()))
    return best


def _local_search(W: np.ndarray, rng: np.random.Generator, starts: int = 20) -> float:
    """Upper bound: best of ``starts`` single-flip descents from random bipartitions."""
    n = W.shape[0]
    best = np.inf
    for _ in range(starts):
        sigma = rng.choice([-1.0, 1.0], size=n)
        while True:
            # frustrated weight of node i's edges: sum_j |W_ij| [sign mismatch]
            field = W @ sigma  # gain of flipping i is 2 * sigma_i * field_i
            gain = 2.0 * sigma * field
            i = int(np.argmin(gain))
            if gain[i] >= -1e-12:
                break
            sigma[i] = -sigma[i]
        cost = 0.5 * (np.abs(W).sum() - sigma @ W @ sigma) / 2.0
        best = min(best, float(cost))
    return best
