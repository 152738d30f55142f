"""The dyadic-clustered variance (Aronow, Samii & Assenova 2015) against its definition."""

from __future__ import annotations

import numpy as np
import pandas as pd

from alliancelab.replications import dyadic_meat, fit_logit


def _brute(s: np.ndarray, a: np.ndarray, b: np.ndarray) -> np.ndarray:
    n = len(a)
    m = np.zeros((s.shape[1], s.shape[1]))
    for i in range(n):
        for j in range(n):
            if {a[i], b[i]} & {a[j], b[j]}:
                m += np.outer(s[i], s[j])
    return m


def test_meat_equals_double_sum() -> None:
    rng = np.random.default_rng(7)
    a = rng.integers(0, 9, 120)
    b = (a + rng.integers(1, 9, 120)) % 9  # never a == b
    s = rng.normal(size=(120, 3))
    assert np.allclose(dyadic_meat(s, a, b), _brute(s, a, b))


def test_disjoint_dyads_give_the_robust_meat() -> None:
    # every observation its own dyad of two states no other one has: the meat is HC0's
    rng = np.random.default_rng(1)
    s = rng.normal(size=(30, 2))
    a, b = np.arange(30) * 2, np.arange(30) * 2 + 1
    assert np.allclose(dyadic_meat(s, a, b), s.T @ s)


def test_logit_sandwich_matches_brute_force() -> None:
    rng = np.random.default_rng(3)
    n = 200
    a = rng.integers(0, 12, n)
    b = (a + rng.integers(1, 12, n)) % 12
    x = rng.normal(size=n)
    u = rng.normal(size=12)  # state effects: scores correlated within a state's dyads
    y = (rng.random(n) < 1 / (1 + np.exp(-(-0.5 + x + u[a] + u[b])))).astype(float)
    df = pd.DataFrame({"y": y, "x": x, "ccode1": a, "ccode2": b})
    fit = fit_logit(df, "y", ["x"])
    X = np.column_stack([np.ones(n), x])
    p = 1 / (1 + np.exp(-X @ fit.coef))
    bread = np.linalg.inv(X.T @ (X * (p * (1 - p))[:, None]))
    v = bread @ _brute(X * (y - p)[:, None], a, b) @ bread
    assert np.allclose(fit.se_dyadic, np.sqrt(np.diag(v)), rtol=1e-6)
    pairs = {(min(i, j), max(i, j)) for i, j in zip(a, b, strict=True)}
    assert fit.n == n and fit.dyads == len(pairs)
    # clustered dependence: the dyadic SE of the intercept exceeds the classical one here
    assert fit.se_dyadic[0] > fit.se[0]
