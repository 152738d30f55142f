"""Dyadic-clustered ("dyadic-robust") variance of an M-estimator (Aronow, Samii & Assenova 2015).

The one implementation in alliancelab: the replications
(:func:`alliancelab.replications.fit_logit`) and the risk engine's logit
(:func:`alliancelab.risk.model.fit_logit`) both call it.

Observations ``i`` and ``j`` are allowed to be correlated whenever their dyads share a
state (the dyad itself over all years, and every dyad with one state in common). With
per-observation score vectors ``s_i`` (``(y - p) x`` for the logit) and the bread
``B = (sum_i H_i)^-1``, the meat is ``M = sum_{i,j: shared member} s_i s_j'``, which
equals ``sum_k S_k S_k' - sum_d S_d S_d'`` where ``S_k`` sums the scores of the
observations with state ``k`` on either side and ``S_d`` those of dyad ``d`` (a pair of
observations of the same dyad shares two members, so the state sum counts it twice;
every observation is paired with itself once). That is O(n p + (states + dyads) p^2),
not O(n^2). ``V = B M B`` (no small-sample correction; the paper's estimator).

Reference: Aronow, P. M., C. Samii & V. A. Assenova (2015). "Cluster-Robust Variance
Estimation for Dyadic Data." *Political Analysis* 23(4): 564-577.
"""

from __future__ import annotations

import numpy as np

__all__ = ["dyad_ids", "dyadic_meat", "logit_dyadic_cov"]


def _group_sum(values: np.ndarray, groups: np.ndarray, n: int) -> np.ndarray:
    """``out[g] = sum of values[groups == g]`` (rows in order; one ``bincount`` a column)."""
    out = np.zeros((n, values.shape[1]))
    for j in range(values.shape[1]):
        out[:, j] = np.bincount(groups, weights=values[:, j], minlength=n)
    return out


def _state_index(a: np.ndarray, b: np.ndarray) -> tuple[np.ndarray, np.ndarray, int]:
    a, b = np.asarray(a, dtype=np.int64), np.asarray(b, dtype=np.int64)
    states, inv = np.unique(np.concatenate([a, b]), return_inverse=True)
    return inv[: len(a)], inv[len(a) :], len(states)


def dyad_ids(a: np.ndarray, b: np.ndarray) -> tuple[np.ndarray, int]:
    """(each observation's dyad number ``0..n_dyads-1``, ``n_dyads``).

    A dyad is the unordered pair ``{a, b}``: directed dyad-years of the same pair, and
    every year of it, form one dyad. Any integer codes work (no bound on their size).

    Examples
    --------
    >>> ids, n = dyad_ids(np.array([2, 20, 2, 365]), np.array([20, 2, 365, 2]))
    >>> ids.tolist(), n
    ([0, 0, 1, 1], 2)
    """
    ia, ib, n_states = _state_index(a, b)
    lo, hi = np.minimum(ia, ib), np.maximum(ia, ib)
    _, dyad = np.unique(lo * n_states + hi, return_inverse=True)
    return dyad, int(dyad.max()) + 1 if len(dyad) else 0


def dyadic_meat(a: np.ndarray, b: np.ndarray, scores: np.ndarray) -> np.ndarray:
    """``sum_{i,j share a member} s_i s_j'`` for dyads (a_i, b_i) and scores (n, p).

    Parameters
    ----------
    a, b : (n,) integer arrays
        The two members of each observation's dyad (order ignored, :func:`dyad_ids`).
    scores : (n, p) array
        Per-observation score contributions.

    Examples
    --------
    Three observations: dyads (1,2), (2,3), (4,5); the first two share state 2.

    >>> s = np.array([[1.0], [2.0], [3.0]])
    >>> float(dyadic_meat(np.array([1, 2, 4]), np.array([2, 3, 5]), s)[0, 0])
    18.0

    (1 + 4 + 9 on the diagonal, plus 2 * 1 * 2 for the shared pair.)
    """
    scores = np.asarray(scores, dtype=np.float64)
    ia, ib, n_states = _state_index(a, b)
    per_state = _group_sum(scores, ia, n_states) + _group_sum(scores, ib, n_states)
    dyad, n_dyads = dyad_ids(a, b)
    per_dyad = _group_sum(scores, dyad, n_dyads)
    meat: np.ndarray = per_state.T @ per_state - per_dyad.T @ per_dyad
    return meat


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
