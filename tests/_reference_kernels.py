"""Frozen reference implementations that the compiled kernels must reproduce exactly.

``dense_cascade`` is the exposure Monte Carlo as it was before the sparse kernel of
:class:`alliancelab.kernels.cascade.Cascade`: each round the float32 product
``new @ log(1 - P)`` and the candidates by ``np.nonzero``, one uniform float32 per
candidate in (row, state) order. Kept here, unchanged, so that tests compare the current
code with it draw for draw.
"""

from __future__ import annotations

import numpy as np


def dense_cascade(
    P: np.ndarray, sources: list[np.ndarray], n_sims: int, rng: np.random.Generator
) -> np.ndarray:
    m = P.shape[0]
    L = np.log1p(-np.minimum(P, 1.0 - 1e-7)).astype(np.float32)
    B = len(sources) * n_sims
    reached = np.zeros((B, m), dtype=bool)
    for k, src in enumerate(sources):
        reached[k * n_sims : (k + 1) * n_sims, src] = True
    new_r, new_c = np.nonzero(reached)
    while len(new_r):
        first = np.r_[True, new_r[1:] != new_r[:-1]]
        rows = new_r[first]
        dense = np.zeros((len(rows), m), dtype=np.float32)
        dense[np.cumsum(first) - 1, new_c] = 1.0
        logq = dense @ L
        cand = (logq < 0) & ~reached[rows]
        r, c = np.nonzero(cand)
        joined = rng.random(len(r), dtype=np.float32) < -np.expm1(logq[r, c])
        new_r, new_c = rows[r[joined]], c[joined]
        reached[new_r, new_c] = True
    return reached.reshape(len(sources), n_sims, m).mean(axis=1)


def python_local_moves(S: np.ndarray, label: np.ndarray, sweeps: int = 50) -> np.ndarray:
    """The signed blocs' single-state moves as the Python loop they were before the kernel
    of :func:`alliancelab.kernels.signed.local_moves`."""
    label = np.array(label, dtype=np.int64)
    n = len(label)
    nxt = label.max() + 1 if n else 0
    for _ in range(sweeps):
        moved = False
        for i in range(n):
            cur = label[i]
            pos = S[i] > 0
            neg = S[i] < 0
            cands = set(label[S[i] != 0].tolist()) | {cur}
            cost = {
                g: int((neg & (label == g)).sum()) + int((pos & (label != g)).sum()) for g in cands
            }
            cost_new = int(pos.sum())
            g_best = min(sorted(cost), key=lambda g: cost[g])
            if cost_new < cost[g_best] and cost_new < cost[cur]:
                label[i] = nxt
                nxt += 1
                moved = True
            elif cost[g_best] < cost[cur]:
                label[i] = g_best
                moved = True
        if not moved:
            break
    return label
