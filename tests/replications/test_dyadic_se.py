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


def test_one_implementation_serves_the_replications_and_the_risk_logit(monkeypatch) -> None:
    # the replications' fit goes through the kernel: a second copy of the meat would
    # leave the spy uncalled
    from alliancelab.kernels import dyadic

    calls: list[int] = []
    real = dyadic.dyadic_meat

    def spy(a: np.ndarray, b: np.ndarray, scores: np.ndarray) -> np.ndarray:
        calls.append(len(a))
        return real(a, b, scores)

    monkeypatch.setattr(dyadic, "dyadic_meat", spy)
    rng = np.random.default_rng(5)
    n = 150
    a = rng.integers(0, 10, n)
    b = (a + rng.integers(1, 10, n)) % 10
    x = rng.normal(size=n)
    y = (rng.random(n) < 1 / (1 + np.exp(-x))).astype(float)
    fit = fit_logit(pd.DataFrame({"y": y, "x": x, "ccode1": a, "ccode2": b}), "y", ["x"])
    assert calls == [n]
    assert np.array_equal(dyadic_meat(np.ones((n, 1)), a, b), real(a, b, np.ones((n, 1))))
    # the risk engine's sandwich on the same fit gives the same standard errors
    X = np.column_stack([np.ones(n), x])
    cov = dyadic.logit_dyadic_cov(X, y, fit.coef, a, b)
    assert np.allclose(np.sqrt(np.diag(cov)), fit.se_dyadic, rtol=1e-9)


def test_dyads_are_unordered_pairs_of_any_codes() -> None:
    from alliancelab.kernels.dyadic import dyad_ids

    rng = np.random.default_rng(11)
    # codes far apart (a key like lo * 1000 + hi would merge distinct pairs)
    codes = np.array([2, 1_000, 2_002, 10**6, 10**9 + 7])
    i, j = rng.integers(0, 5, 300), rng.integers(1, 5, 300)
    a, b = codes[i], codes[(i + j) % 5]
    ids, n = dyad_ids(a, b)
    pairs = [frozenset((int(p), int(q))) for p, q in zip(a, b, strict=True)]
    assert n == len(set(pairs))
    for k in range(len(a)):  # same id exactly when the same unordered pair
        assert (ids == ids[k]).tolist() == [p == pairs[k] for p in pairs]
    s = rng.normal(size=(300, 2))
    assert np.allclose(dyadic_meat(s, a, b), _brute(s, a, b))
