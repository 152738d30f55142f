"""Similarity of two ordinal portfolios, vectorised over all pairs: S, kappa, pi, tau-b.

Pure array functions (no snapshot, no data), so that both the panel verbs
(:func:`alliancelab.add_similarity`) and the snapshot measures
(:mod:`alliancelab.measures.similarity`) use one implementation from below them.
A portfolio matrix ``P`` is (n, n) integers 0..3 (row i = i's ties to every state;
diagonal 3), coded on the ordinal scale of Signorino & Ritter (1999). All-pairs scores come
from weighted contingency counts obtained with matrix products (``N_ab = I_a diag(w)
I_b^T``, with ``I_a`` the indicator of category ``a``).

References
----------
Signorino, Curtis S. & Jeffrey M. Ritter. 1999. "Tau-b or Not Tau-b: Measuring the
Similarity of Foreign Policy Positions." *International Studies Quarterly* 43(1): 115-144.

Häge, Frank M. 2011. "Choice or Circumstance? Adjusting Measures of Foreign Policy
Similarity for Chance Agreement." *Political Analysis* 19(3): 287-305.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike

__all__ = ["kappa_matrix", "pi_matrix", "s_matrix", "s_score", "taub_matrix"]

_MAX = 3  # highest code; codes run 0..3, so the range (Delta) is 3
_CATS = np.arange(_MAX + 1)
_DISTANCES = ("absolute", "squared")


def _check_distance(distance: str) -> int:
    if distance not in _DISTANCES:
        raise ValueError(f"distance must be 'absolute' or 'squared', got {distance!r}")
    return 1 if distance == "absolute" else 2


def _check_portfolio(P: ArrayLike, what: str = "P") -> np.ndarray:
    a = np.asarray(P)
    if a.dtype == bool or not np.issubdtype(a.dtype, np.number):
        raise ValueError(f"{what} must hold integer codes 0-3")
    if a.size and (np.isnan(a.astype(float)).any() or (a < 0).any() or (a > _MAX).any()):
        raise ValueError(f"{what} must hold integer codes 0-3 (3 defence ... 0 none)")
    if a.size and not np.array_equal(a, np.round(a)):
        raise ValueError(f"{what} must hold integer codes 0-3")
    return a.astype(np.int64)


def _check_weights(weights: ArrayLike | None, k: int) -> np.ndarray:
    if weights is None:
        return np.ones(k)
    w = np.asarray(weights, dtype=float)
    if w.shape != (k,):
        raise ValueError(f"weights must have one value per state ({k}), got shape {w.shape}")
    if np.isnan(w).any() or (w < 0).any():
        raise ValueError("weights must be non-negative numbers (no NaN)")
    if w.sum() <= 0:
        raise ValueError("weights must not all be zero")
    return w


def s_score(
    x: ArrayLike, y: ArrayLike, weights: ArrayLike | None = None, distance: str = "absolute"
) -> float:
    """Signorino & Ritter's S between two alliance portfolios.

    .. math:: S = 1 - \\frac{2 \\sum_k w_k d(x_k, y_k)}{\\Delta^p \\sum_k w_k}

    with :math:`d = |x_k - y_k|^p`, ``p = 1`` (``distance="absolute"``) or 2
    (``"squared"``), :math:`\\Delta = 3` the range of the codes and :math:`w_k = 1`
    unless ``weights`` (e.g. CINC) are given. S lies in [-1, 1] and is 1 exactly when the
    portfolios agree everywhere weight is positive.

    Parameters
    ----------
    x, y : sequence of int
        Portfolios coded 3 defence, 2 neutrality/non-aggression, 1 entente/consultation,
        0 none (one entry per state of the system, including the two states themselves,
        whose self-tie is 3).
    weights : sequence of float, optional
        Non-negative weight per state (capability-weighted S uses CINC).
    distance : {"absolute", "squared"}

    References
    ----------
    Signorino & Ritter (1999), *International Studies Quarterly* 43(1): 115-144,
    equations for S with absolute and squared distances.

    Examples
    --------
    Hand-computed: x = (3, 0, 1), y = (3, 3, 0). Distances 0, 3, 1 sum to 4, so
    S = 1 - 2*4/(3*3) = 1/9; squared: 0 + 9 + 1 = 10, S = 1 - 20/27 = 7/27.

    >>> round(s_score([3, 0, 1], [3, 3, 0]), 4), round(s_score([3, 0, 1], [3, 3, 0],
    ...     distance="squared"), 4)
    (0.1111, 0.2593)
    >>> s_score([3, 2], [3, 2])
    1.0
    """
    p = _check_distance(distance)
    xa = _check_portfolio(x, "x")
    ya = _check_portfolio(y, "y")
    if xa.ndim != 1 or xa.shape != ya.shape or xa.size == 0:
        raise ValueError("x and y must be non-empty 1-d portfolios of the same length")
    w = _check_weights(weights, xa.size)
    d = np.abs(xa - ya).astype(float) ** p
    return float(1.0 - 2.0 * (w @ d) / (w.sum() * _MAX**p))


def _indicators(P: np.ndarray) -> np.ndarray:
    """(4, n, K) float indicators ``I[a, i, k] = [P[i, k] == a]``."""
    return (P[None, :, :] == _CATS[:, None, None]).astype(float)


def _dist(p: int) -> np.ndarray:
    """(4, 4) matrix of d(a, b) = |a - b|^p."""
    return np.abs(_CATS[:, None] - _CATS[None, :]).astype(float) ** p


def _disagreement(P: np.ndarray, w: np.ndarray, p: int) -> np.ndarray:
    """(n, n) matrix ``sum_k w_k |P_ik - P_jk|^p`` via matrix products.

    Absolute distance uses the threshold identity ``|x - y| = sum_t |[x>=t] - [y>=t]|``
    (three products); squared distance uses ``(x-y)^2 = x^2 + y^2 - 2xy`` (one product).
    """
    if p == 2:
        Pf = P.astype(float)
        q = (Pf**2) @ w
        D = q[:, None] + q[None, :] - 2.0 * (Pf * w) @ Pf.T
    else:
        n = P.shape[0]
        D = np.zeros((n, n))
        for t in range(1, _MAX + 1):
            B = (t <= P).astype(float)
            a = B @ w
            D += a[:, None] + a[None, :] - 2.0 * (B * w) @ B.T
    np.fill_diagonal(D, 0.0)
    return np.maximum(D, 0.0)


def s_matrix(
    P: ArrayLike, weights: ArrayLike | None = None, distance: str = "absolute"
) -> np.ndarray:
    """S (:func:`s_score`) for every pair of rows of the portfolio matrix ``P``.

    Parameters
    ----------
    P : (n, K) array of int
        Row i is state i's portfolio (codes 0-3); usually square with diagonal 3
        (:func:`portfolio_matrix`).
    weights : (K,) array of float, optional
    distance : {"absolute", "squared"}

    Returns
    -------
    ndarray, shape (n, n)
        Symmetric, ones on the diagonal.

    Examples
    --------
    Hand-computed: states 0 and 1 in a defence pact, 2 alone. Rows (3,3,0), (3,3,0),
    (0,0,3): S(0,1) = 1; S(0,2) = 1 - 2*(3+3+3)/(3*3) = -1.

    >>> s_matrix([[3, 3, 0], [3, 3, 0], [0, 0, 3]]).tolist()
    [[1.0, 1.0, -1.0], [1.0, 1.0, -1.0], [-1.0, -1.0, 1.0]]
    """
    p = _check_distance(distance)
    A = _check_portfolio(P)
    if A.ndim != 2:
        raise ValueError("P must be a 2-d portfolio matrix")
    w = _check_weights(weights, A.shape[1])
    D = _disagreement(A, w, p)
    return 1.0 - 2.0 * D / (w.sum() * _MAX**p)


def _marginals(P: np.ndarray, w: np.ndarray) -> np.ndarray:
    """(n, 4): weighted share of each state's portfolio in each category."""
    return np.stack([((a == P).astype(float) @ w) for a in _CATS], axis=1) / w.sum()


def _kappa_parts(
    P: ArrayLike, q: float, weights: ArrayLike | None
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    A = _check_portfolio(P)
    if A.ndim != 2:
        raise ValueError("P must be a 2-d portfolio matrix")
    if not q >= 0:
        raise ValueError("q must be >= 0 (2 quadratic, 1 linear, 0 nominal disagreement weights)")
    w = _check_weights(weights, A.shape[1])
    d = np.abs(_CATS[:, None] - _CATS[None, :])
    W = np.where(d > 0, (d / _MAX).astype(float) ** q, 0.0)
    if q in (1, 2):
        observed = _disagreement(A, w, int(q)) / (w.sum() * _MAX**q)
    else:
        ind = _indicators(A)
        observed = np.einsum("ab,aik,bjk->ij", W, ind * w, ind, optimize=True) / w.sum()
    R = _marginals(A, w)
    return observed, R, W


def _safe_ratio(num: np.ndarray, den: np.ndarray) -> np.ndarray:
    out = np.full(num.shape, np.nan)
    ok = den > 1e-12
    out[ok] = 1.0 - num[ok] / den[ok]
    return out


def kappa_matrix(P: ArrayLike, q: float = 2, weights: ArrayLike | None = None) -> np.ndarray:
    """Cohen's kappa (Häge 2011) for every pair of rows of ``P``.

    .. math:: \\kappa_{ij} = 1 - \\frac{\\sum_{ab} w_{ab} o_{ab}}{\\sum_{ab} w_{ab} r_a c_b}

    ``o_ab`` is the (weighted) share of states that i codes ``a`` and j codes ``b``,
    ``r`` and ``c`` are i's and j's own marginal distributions over the codes, and
    ``w_ab = (|a - b| / 3)^q`` for ``a != b`` (0 on the diagonal). Kappa corrects S-type
    agreement for the agreement expected by chance given each state's own distribution
    (most states have few ties, so two mostly empty portfolios agree by chance).
    Undefined (NaN) when the expected disagreement is 0, e.g. both states code every
    state the same.

    Parameters
    ----------
    P : (n, K) array of int
        Portfolios (codes 0-3), see :func:`portfolio_matrix`.
    q : float
        Disagreement weight exponent: 2 quadratic (default, as in ``fpsim::cohenk``),
        1 linear, 0 nominal (unweighted kappa: every disagreement counts 1).
    weights : (K,) array of float, optional
        Weights of the states over which the portfolios run (proportions become
        weighted proportions).

    Returns
    -------
    ndarray, shape (n, n)

    References
    ----------
    Häge (2011), *Political Analysis* 19(3): 287-305; quadratic weights (q=2) are the
    default of the ``fpsim`` R package.

    Examples
    --------
    Hand-computed (q=2): x = (3, 3, 0, 0), y = (3, 0, 0, 0). Observed disagreement:
    one state differs by 3, so (1/4)*1 = 0.25. Marginals r = (.5, 0, 0, .5),
    c = (.75, 0, 0, .25); expected = w_03 r_0 c_3 + w_30 r_3 c_0 = .5*.25 + .5*.75 = .5.
    kappa = 1 - .25/.5 = 0.5.

    >>> kappa_matrix([[3, 3, 0, 0], [3, 0, 0, 0]])[0, 1]
    np.float64(0.5)
    """
    observed, R, W = _kappa_parts(P, q, weights)
    expected = R @ W @ R.T
    k = _safe_ratio(observed, expected)
    np.fill_diagonal(k, np.where(np.diag(expected) > 1e-12, 1.0, np.nan))
    return k


def pi_matrix(P: ArrayLike, q: float = 2, weights: ArrayLike | None = None) -> np.ndarray:
    """Scott's pi (Häge 2011) for every pair of rows of ``P``.

    As :func:`kappa_matrix`, but the chance disagreement uses the pooled marginal
    ``m = (r + c) / 2`` of the two states: ``e = sum_ab w_ab m_a m_b``. With ``q=0``
    this is Scott's (1955) unweighted pi, as computed by ``fpsim::spi``.

    Examples
    --------
    Hand-computed (q=2), same portfolios as for kappa: m = (.625, 0, 0, .375);
    expected = 2 * .625 * .375 = .46875; pi = 1 - .25/.46875 = 0.4667.

    >>> round(float(pi_matrix([[3, 3, 0, 0], [3, 0, 0, 0]])[0, 1]), 4)
    0.4667
    """
    observed, R, W = _kappa_parts(P, q, weights)
    G = R @ W @ R.T
    g = np.diag(G)
    expected = (g[:, None] + g[None, :] + 2.0 * G) / 4.0
    k = _safe_ratio(observed, expected)
    np.fill_diagonal(k, np.where(g > 1e-12, 1.0, np.nan))
    return k


def _contingency(A: np.ndarray) -> np.ndarray:
    """(4, 4, n, n) counts ``N[a, b, i, j] = #{k : A_ik = a, A_jk = b}``.

    Six float32 matrix products (codes 1-3, using ``N_ba = N_ab^T``); the rows and
    column with code 0 follow from the row counts. Counts are exact in float32 below 2**24.
    """
    n, K = A.shape
    ind = [(a == A).astype(np.float32) for a in _CATS]
    N = np.empty((4, 4, n, n))
    for a in range(1, 4):
        for b in range(a, 4):
            m = ind[a] @ ind[b].T
            N[a, b] = m
            N[b, a] = m.T
    cnt = [x.sum(axis=1, dtype=np.float64) for x in ind]
    for a in range(1, 4):
        N[a, 0] = cnt[a][:, None] - N[a, 1:].sum(axis=0)
        N[0, a] = cnt[a][None, :] - N[1:, a].sum(axis=0)
    N[0, 0] = K - N[1:, :].sum(axis=(0, 1)) - N[0, 1:].sum(axis=0)
    return N


def taub_matrix(P: ArrayLike) -> np.ndarray:
    """Kendall's tau-b between every pair of rows of ``P`` (Bueno de Mesquita 1975).

    .. math:: \\tau_b = \\frac{C - D}{\\sqrt{(C + D + T_i)(C + D + T_j)}}

    over all pairs of states (k, l): C concordant (i and j rank k and l the same way),
    D discordant, ``T_i`` pairs tied in j's portfolio but not in i's, ``T_j`` the
    reverse; ``C + D + T_i`` is the number of pairs not tied in i's portfolio. This is
    Kendall's tau-b (R's ``cor(method = "kendall")``). Computed from the 4x4 contingency
    table of each pair of portfolios. NaN when one portfolio is constant.

    References
    ----------
    Bueno de Mesquita (1975), *Journal of Conflict Resolution* 19(2): 187-216;
    Signorino & Ritter (1999) discuss its flaws (tau-b is 1 for portfolios that are
    merely perfectly associated, not identical).

    Examples
    --------
    Hand-computed: x = (3, 3, 0), y = (3, 0, 0). Pairs (0,1): tied in x only; (0,2):
    concordant; (1,2): tied in y only. tau_b = 1 / sqrt(2 * 2) = 0.5.

    >>> taub_matrix([[3, 3, 0], [3, 0, 0]])[0, 1]
    np.float64(0.5)
    """
    A = _check_portfolio(P)
    if A.ndim != 2:
        raise ValueError("P must be a 2-d portfolio matrix")
    n, K = A.shape
    N = _contingency(A)  # N[a, b, i, j] = #{k : P_ik = a, P_jk = b}
    # C - D = sum_{a < c} sum_{b, d} N_ab N_cd sgn(d - b): for each a, H = sum_{c > a} N_c.
    cd = np.zeros((n, n))
    for a in range(3):
        H = [sum(N[c][d] for c in range(a + 1, 4)) for d in range(4)]
        for b in range(4):
            up = sum((H[d] for d in range(b + 1, 4)), np.zeros((n, n)))
            down = sum((H[d] for d in range(b)), np.zeros((n, n)))
            cd += N[a][b] * (up - down)
    counts = np.stack([(a == A).sum(axis=1) for a in _CATS]).astype(float)  # (4, n)
    pairs = K * (K - 1) / 2.0
    untied = pairs - (counts * (counts - 1) / 2.0).sum(axis=0)  # pairs not tied, per row
    den = np.sqrt(np.outer(untied, untied))
    out = np.full(den.shape, np.nan)
    ok = den > 0
    out[ok] = cd[ok] / den[ok]
    return out
