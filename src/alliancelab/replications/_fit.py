"""Logit fits with classical and dyadic-clustered standard errors (Aronow, Samii & Assenova 2015).

The dyad-robust variance of Aronow, Samii & Assenova (2015) allows the scores of any two
observations whose dyads share a member to be correlated (the dyad itself over all
years, and every dyad with one state in common): ``V = B M B`` with the inverse Hessian
``B`` and the meat ``M = sum_{o, o' : dyads share a member} s_o s_o'^T``. The meat is
computed by :func:`alliancelab.kernels.dyadic.dyadic_meat` (its derivation and cost are
there; the one implementation, shared with the risk engine's logit). No small-sample
factor is applied (as in Aronow et al.'s estimator); the classical standard errors are
statsmodels' (inverse Hessian).

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

from ..kernels import dyadic as _dyadic

__all__ = ["Fit", "dyadic_meat", "fit_logit"]


def dyadic_meat(scores: np.ndarray, a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """``sum s_o s_o'^T`` over the pairs of observations whose dyads share a member.

    The public name of the replications; the computation is
    :func:`alliancelab.kernels.dyadic.dyadic_meat` (the one implementation, whose
    arguments come in the order ``a, b, scores``).

    Parameters
    ----------
    scores : (n, k) array
        Per-observation score contributions.
    a, b : (n,) arrays
        The two members of each observation's dyad (order ignored; directed dyad-years
        of the same pair form one dyad).
    """
    return _dyadic.dyadic_meat(a, b, scores)


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
    v = bread @ _dyadic.dyadic_meat(a, b, scores) @ bread
    pairs = _dyadic.dyad_ids(a, b)[1]
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
