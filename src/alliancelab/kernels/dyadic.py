"""Dyadic-clustered ("dyadic-robust") variance of an M-estimator (Aronow, Samii & Assenova 2015).

Observations ``i`` and ``j`` are allowed to be correlated whenever their dyads share a
state. With per-observation score vectors ``s_i`` and the bread ``B = (sum_i H_i)^-1``,
the meat is ``M = sum_{i,j: shared member} s_i s_j'``, which equals
``sum_k S_k S_k' - sum_d S_d S_d'`` where ``S_k`` sums the scores of the observations
involving state ``k`` and ``S_d`` those of dyad ``d`` (a pair of observations of the same
dyad shares two members and would be counted twice). ``V = B M B`` (no small-sample
correction; the paper's estimator).

Reference: Aronow, P. M., C. Samii & V. A. Assenova (2015). "Cluster-Robust Variance
Estimation for Dyadic Data." *Political Analysis* 23(4): 564-577.
"""

from __future__ import annotations

import numpy as np


def _group_sums(keys: np.ndarray, scores: np.ndarray) -> np.ndarray:
    _, inv = np.unique(keys, return_inverse=True)
    out = np.zeros((int(inv.max()) + 1 if len(inv) else 0, scores.shape[1]))
    np.add.at(out, inv, scores)
    return out


def dyadic_meat(a: np.ndarray, b: np.ndarray, scores: np.ndarray) -> np.ndarray:
    """``sum_{i,j share a member} s_i s_j'`` for dyads (a_i, b_i) and scores (n, p).

    Examples
    --------
    Three observations: dyads (1,2), (2,3), (4,5); the first two share state 2.

    >>> s = np.array([[1.0], [2.0], [3.0]])
    >>> float(dyadic_meat(np.array([1, 2, 4]), np.array([2, 3, 5]), s)[0, 0])
    18.0

    (1 + 4 + 9 on the diagonal, plus 2 * 1 * 2 for the shared pair.)
    """
    scores = np.asarray(scores, dtype=np.float64)
    states = np.r_[a, b]
    sk = _group_sums(states, np.vstack([scores, scores]))
    lo, hi = np.minimum(a, b), np.maximum(a, b)
    sd = _group_sums(lo.astype(np.int64) * 100_000 + hi, scores)
    return sk.T @ sk - sd.T @ sd


def logit_dyadic_cov(
    X: np.ndarray, y: np.ndarray, beta: np.ndarray, a: np.ndarray, b: np.ndarray
) -> np.ndarray:
    """Dyadic-clustered covariance of logit coefficients ``beta`` (design ``X`` with const).

    The logit score is ``(y - p) x`` and the Hessian ``-sum p (1 - p) x x'``.
    """
    p = 1.0 / (1.0 + np.exp(-(X @ beta)))
    scores = X * (y - p)[:, None]
    bread = np.linalg.inv((X * (p * (1 - p))[:, None]).T @ X)
    return bread @ dyadic_meat(a, b, scores) @ bread
