"""Logit fits with classical and dyadic-clustered standard errors (Aronow, Samii & Assenova 2015).

The dyad-robust variance of Aronow, Samii & Assenova (2015) allows the scores of any two
observations whose dyads share a member to be correlated (the dyad itself over all
years, and every dyad with one state in common). With per-observation scores ``s_o``
(``(y - p) x`` for the logit) and the inverse Hessian ``B``:

    V = B M B,   M = sum_{o, o' : dyads share a member} s_o s_o'^T
      = sum_states S_i S_i^T - sum_dyads D_d D_d^T

where ``S_i`` sums the scores of every observation with state ``i`` on either side and
``D_d`` those of dyad ``d`` (a pair in the same dyad shares two members, so the state sum
counts it twice; every observation is paired with itself once). That is
O(n k + (states + dyads) k^2), not O(n^2). No small-sample factor is applied (as in
Aronow et al.'s estimator); the classical standard errors are statsmodels' (inverse
Hessian).

References
----------
Aronow, Peter M., Cyrus Samii & Valentina A. Assenova. 2015. "Cluster-Robust Variance
Estimation for Dyadic Data." *Political Analysis* 23(4): 564-577.

Examples
--------
Three states, scores of three dyads; the meat equals the brute-force double sum:

>>> s = np.array([[1.0, 0.5], [-2.0, 1.0], [0.5, -1.0], [1.0, 1.0]])
>>> a, b = np.array([1, 1, 2, 3]), np.array([2, 2, 3, 4])
>>> m = dyadic_meat(s, a, b)
>>> share = lambda i, j: len({a[i], b[i]} & {a[j], b[j]}) > 0
>>> brute = sum(np.outer(s[i], s[j]) for i in range(4) for j in range(4) if share(i, j))
>>> bool(np.allclose(m, brute))
True
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

__all__ = ["Fit", "dyadic_meat", "fit_logit"]


def _group_sum(values: np.ndarray, groups: np.ndarray, n: int) -> np.ndarray:
    out = np.zeros((n, values.shape[1]))
    for j in range(values.shape[1]):
        out[:, j] = np.bincount(groups, weights=values[:, j], minlength=n)
    return out


def dyadic_meat(scores: np.ndarray, a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """``sum s_o s_o'^T`` over the pairs of observations whose dyads share a member.

    Parameters
    ----------
    scores : (n, k) array
        Per-observation score contributions.
    a, b : (n,) arrays
        The two members of each observation's dyad (order ignored; directed dyad-years
        of the same pair form one dyad).
    """
    a, b = np.asarray(a, dtype=np.int64), np.asarray(b, dtype=np.int64)
    states, inv = np.unique(np.concatenate([a, b]), return_inverse=True)
    ia, ib = inv[: len(a)], inv[len(a) :]
    per_state = _group_sum(scores, ia, len(states)) + _group_sum(scores, ib, len(states))
    lo, hi = np.minimum(ia, ib), np.maximum(ia, ib)
    _, dyad = np.unique(lo * len(states) + hi, return_inverse=True)
    per_dyad = _group_sum(scores, dyad, int(dyad.max()) + 1 if len(dyad) else 0)
    meat: np.ndarray = per_state.T @ per_state - per_dyad.T @ per_dyad
    return meat


@dataclass
class Fit:
    """A fitted logit: coefficients, classical and dyadic-clustered standard errors."""

    terms: list[str]
    coef: np.ndarray
    se: np.ndarray
    se_dyadic: np.ndarray
    n: int
    n_events: int
    dyads: int
    llf: float
    extra: dict[str, float] = field(default_factory=dict)

    def table(self) -> pd.DataFrame:
        """term, coef, se (classical), se_dyadic, z (dyadic)."""
        return pd.DataFrame(
            {
                "term": self.terms,
                "coef": self.coef,
                "se": self.se,
                "se_dyadic": self.se_dyadic,
                "z_dyadic": self.coef / self.se_dyadic,
            }
        )


def fit_logit(
    df: pd.DataFrame, outcome: str, terms: list[str], dyad: tuple[str, str] = ("ccode1", "ccode2")
) -> Fit:
    """Logit of ``outcome`` on ``terms`` (plus an intercept) by maximum likelihood.

    Rows with a missing outcome or term are dropped (listwise, as R's ``glm``).
    statsmodels' ``Logit`` (Newton) fits; the classical standard errors are its inverse
    Hessian's, the dyadic ones :func:`dyadic_meat` sandwiched by the same Hessian.
    """
    import statsmodels.api as sm

    cols = [outcome, *terms, *dyad]
    d = df[cols].astype("float64").dropna()
    y = d[outcome].to_numpy()
    x = sm.add_constant(d[terms].to_numpy(), has_constant="add")
    res = sm.Logit(y, x).fit(disp=0, method="newton", maxiter=100)
    bread = np.asarray(res.normalized_cov_params)
    scores = np.asarray(res.model.score_obs(res.params))
    a, b = d[dyad[0]].to_numpy(np.int64), d[dyad[1]].to_numpy(np.int64)
    v = bread @ dyadic_meat(scores, a, b) @ bread
    pairs = len(np.unique(np.minimum(a, b) * 1000 + np.maximum(a, b)))
    return Fit(
        terms=["(Intercept)", *terms],
        coef=np.asarray(res.params),
        se=np.asarray(res.bse),
        se_dyadic=np.sqrt(np.clip(np.diag(v), 0, None)),
        n=len(d),
        n_events=int(y.sum()),
        dyads=pairs,
        llf=float(res.llf),
    )
