"""Alignment landscapes: Axelrod & Bennett's (1993) landscape theory of aggregation.

A configuration X splits n actors into two sides; ``d_ij(X)`` is 0 when i and j are on the
same side and 1 otherwise. With sizes ``s_i`` and symmetric propensities ``p_ij`` (positive:
i and j tend to align), actor i's frustration is ``F_i(X) = sum_j s_j p_ij d_ij(X)`` and the
energy of the configuration is

.. math:: E(X) = \\sum_i s_i F_i(X) = \\sum_i \\sum_{j \\ne i} s_i s_j p_ij d_ij(X)

(ordered pairs, as in the paper's footnote 2, so every split pair counts twice). Myopic
actors switch sides one at a time to lower their frustration, which lowers E; the process
ends in a local minimum, a configuration that no single switch improves. With
``sigma_i = +1`` on side 0 and ``-1`` on side 1 and ``h_k = sum_j r_kj sigma_j``
(``r_kj = s_k s_j p_kj``), switching actor k changes E by ``dE_k = 2 sigma_k h_k``.

:func:`minima` enumerates all ``2**(n-1)`` configurations (actor 0 fixed on side 0) in
Gray-code order, updating ``h`` in O(n) per configuration (numba), finds every local
minimum (``dE_k >= 0`` for all k, within a relative tolerance of 1e-9), and the basin of
each under steepest-descent dynamics (the switch with the most negative ``dE``, ties to
the lowest actor index), by pointer jumping over the successor map. :func:`multistart`
runs the same descent from random starts for larger n. :func:`landscape_inputs` builds
sizes and propensities from data.

References
----------
Axelrod, Robert & D. Scott Bennett. 1993. "A Landscape Theory of Aggregation." *British
Journal of Political Science* 23(2): 211-233.
Galam, Serge. 1996. "Fragmentation versus Stability in Bimodal Coalitions." *Physica A*
230: 174-188 (the spin-glass equivalence).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

import numpy as np
import pandas as pd
from numpy.typing import ArrayLike

from .. import limits
from ..errors import ParameterError
from . import _jit
from ._alignment_inputs import landscape_inputs
from ._contract import Estimate, Model, number, positive_int, whole
from ._rng import make_rng

__all__ = [
    "EUROPE_1936",
    "MODEL",
    "WWII_SIDES",
    "Params",
    "descend",
    "energy",
    "landscape_inputs",
    "minima",
    "multistart",
    "simulate",
]

#: The 17 European states of Axelrod & Bennett's 1936 application (COW codes).
EUROPE_1936: tuple[int, ...] = (
    200, 220, 235, 255, 290, 310, 315, 325, 345, 350, 360, 365, 366, 367, 368, 375, 390,
)  # fmt: skip
#: The side each took in the Second World War as Axelrod & Bennett code it: 0 = Allies
#: (Britain, France, USSR, Czechoslovakia, Denmark, Greece, Yugoslavia, Poland, Portugal),
#: 1 = Axis side (Germany, Italy, Hungary, Romania, Finland, the Baltic states).
WWII_SIDES: Mapping[int, int] = {
    200: 0, 220: 0, 235: 0, 255: 1, 290: 0, 310: 1, 315: 0, 325: 1, 345: 0, 350: 0,
    360: 1, 365: 0, 366: 1, 367: 1, 368: 1, 375: 1, 390: 0,
}  # fmt: skip
MAX_EXACT = 30


@dataclass(frozen=True)
class Params:
    """How to search the landscape.

    Parameters
    ----------
    method : {"exact", "multistart"}
        ``exact`` enumerates all configurations (n <= 30); ``multistart`` descends from
        ``n_starts`` random configurations.
    n_starts : int
        Random starts, 1 to the ``starts`` cap of :mod:`alliancelab.limits`.
    rtol : float
        Energy differences below ``rtol * sum(|r_ij|)`` count as ties (zero).
    """

    method: str = "exact"
    n_starts: int = 1000
    rtol: float = 1e-9

    def __post_init__(self) -> None:
        if self.method not in ("exact", "multistart"):
            raise ParameterError(f"method must be 'exact' or 'multistart', got {self.method!r}")
        object.__setattr__(self, "n_starts", positive_int(self.n_starts, "n_starts", cap="starts"))
        rtol = number(self.rtol, "rtol", maximum=1e-3)
        if rtol == 1e-3:
            raise ParameterError(f"rtol must be in [0, 1e-3), got {self.rtol}")
        object.__setattr__(self, "rtol", rtol)


def _weights(sizes: ArrayLike, propensities: ArrayLike) -> np.ndarray:
    s = np.asarray(sizes, dtype=float)
    p = np.asarray(propensities, dtype=float)
    n = s.size
    if s.ndim != 1 or n < 2:
        raise ParameterError("sizes must be a 1-d sequence of at least two actors")
    if p.shape != (n, n):
        raise ParameterError(f"propensities must be an ({n}, {n}) matrix, got shape {p.shape}")
    if not (np.isfinite(s).all() and np.isfinite(p).all()):
        raise ParameterError("sizes and propensities must be finite numbers")
    if (s < 0).any():
        raise ParameterError("sizes must be non-negative")
    if not np.allclose(p, p.T):
        raise ParameterError("propensities must be symmetric (p_ij == p_ji)")
    r = np.outer(s, s) * p
    np.fill_diagonal(r, 0.0)
    return r


def energy(configuration: Sequence[int], sizes: ArrayLike, propensities: ArrayLike) -> float:
    """Axelrod & Bennett's energy E(X) of one configuration (0/1 side per actor).

    Examples
    --------
    Two friends (p = 1) split apart: each ordered pair counts, E = 2 * 1 * 1 * 1.

    >>> energy([0, 1], [1.0, 1.0], [[0, 1], [1, 0]])
    2.0
    """
    r = _weights(sizes, propensities)
    x = np.asarray(configuration, dtype=int)
    if x.shape != (r.shape[0],) or not np.isin(x, (0, 1)).all():
        raise ParameterError("configuration must hold one 0/1 side per actor")
    d = x[:, None] != x[None, :]
    return float((r * d).sum())


@cache
def _kernels() -> tuple[Callable[..., Any], Callable[..., Any]]:
    numba = _jit.numba()
    cached = _jit.cache_enabled()

    @numba.njit(cache=cached, nogil=True)
    def enumerate_next(r: np.ndarray, tol: float, nxt: np.ndarray) -> None:  # pragma: no cover
        n = r.shape[0]
        m = n - 1
        total = np.int64(1) << np.int64(m)
        full = total - 1
        sigma = np.ones(n)
        h = np.zeros(n)
        for k in range(n):
            acc = 0.0
            for j in range(n):
                acc += r[k, j]
            h[k] = acc
        x = np.int64(0)
        for i in range(total):
            if i > 0:
                # Gray code: bit b flips, b = number of trailing zeros of i
                b = 0
                y = i
                while (y & 1) == 0:
                    y >>= 1
                    b += 1
                x ^= np.int64(1) << np.int64(b)
                k = b + 1
                sigma[k] = -sigma[k]
                two = 2.0 * sigma[k]
                for j in range(n):
                    h[j] += two * r[j, k]
            best = 2.0 * sigma[0] * h[0]
            arg = 0
            for k in range(1, n):
                d = 2.0 * sigma[k] * h[k]
                if d < best - tol:
                    best = d
                    arg = k
            if best >= -tol:
                nxt[x] = x
            elif arg == 0:
                nxt[x] = x ^ full
            else:
                nxt[x] = x ^ (np.int64(1) << np.int64(arg - 1))

    @numba.njit(cache=cached, nogil=True)
    def descend_many(r: np.ndarray, tol: float, starts: np.ndarray) -> None:  # pragma: no cover
        n = r.shape[0]
        for s in range(starts.shape[0]):
            sigma = np.empty(n)
            for k in range(n):
                sigma[k] = 1.0 if starts[s, k] == 0 else -1.0
            h = np.zeros(n)
            for k in range(n):
                for j in range(n):
                    h[k] += r[k, j] * sigma[j]
            while True:
                best = 2.0 * sigma[0] * h[0]
                arg = 0
                for k in range(1, n):
                    d = 2.0 * sigma[k] * h[k]
                    if d < best - tol:
                        best = d
                        arg = k
                if best >= -tol:
                    break
                sigma[arg] = -sigma[arg]
                two = 2.0 * sigma[arg]
                for j in range(n):
                    h[j] += two * r[j, arg]
            flip = sigma[0] < 0
            for k in range(n):
                side = 0 if sigma[k] > 0 else 1
                starts[s, k] = (1 - side) if flip else side

    return enumerate_next, descend_many


def _tol(r: np.ndarray, rtol: float) -> float:
    return float(rtol * np.abs(r).sum())


def _frame(
    configs: np.ndarray, counts: np.ndarray, r: np.ndarray, labels: Sequence[object] | None
) -> pd.DataFrame:
    rows = []
    for cfg, cnt in zip(configs, counts, strict=True):
        d = cfg[:, None] != cfg[None, :]
        rows.append(
            {
                "configuration": tuple(int(v) for v in cfg),
                "energy": float((r * d).sum()),
                "basin_size": int(cnt),
            }
        )
    df = pd.DataFrame(rows, columns=["configuration", "energy", "basin_size"])
    df = df.sort_values(["energy", "configuration"]).reset_index(drop=True)
    if labels is not None:
        df.attrs["labels"] = tuple(labels)
    return df


def minima(
    sizes: ArrayLike,
    propensities: ArrayLike,
    *,
    labels: Sequence[object] | None = None,
    rtol: float = 1e-9,
) -> pd.DataFrame:
    """Every local minimum of the landscape, by exact enumeration of ``2**(n-1)`` splits.

    Parameters
    ----------
    sizes : sequence of float, length n (2 <= n <= 30)
    propensities : (n, n) symmetric matrix (the diagonal is ignored)
    labels : sequence, optional
        Actor names kept in ``DataFrame.attrs["labels"]``.
    rtol : float
        Relative tolerance for ties (see module docstring).

    Returns
    -------
    DataFrame
        One row per local minimum, lowest energy first: ``configuration`` (tuple of 0/1,
        the first actor on side 0), ``energy`` and ``basin_size`` (how many of the
        ``2**(n-1)`` configurations steepest descent leads there; they sum to the total).

    Examples
    --------
    Hand-computed: three equal actors, 0 and 1 friends (p = 1), both hostile to 2
    (p = -1). The split {0, 1} vs {2} has E = 0 and is the only minimum; all four
    configurations descend to it.

    >>> p = [[0, 1, -1], [1, 0, -1], [-1, -1, 0]]
    >>> minima([1, 1, 1], p).to_dict("records")
    [{'configuration': (0, 0, 1), 'energy': -4.0, 'basin_size': 4}]
    """
    r = _weights(sizes, propensities)
    n = r.shape[0]
    if n > MAX_EXACT:
        raise ParameterError(f"exact enumeration is limited to {MAX_EXACT} actors; use multistart")
    enumerate_next, _ = _kernels()
    total = 1 << (n - 1)
    limits.check_cells(total, what=f"exact landscape of {n} actors (2**(n-1) configurations)")
    nxt = np.empty(total, dtype=np.int64 if n > 31 else np.int32)
    enumerate_next(r, _tol(r, rtol), nxt)
    fixed = np.nonzero(nxt == np.arange(total, dtype=nxt.dtype))[0]
    root = nxt
    while True:  # pointer jumping: root[x] = root[root[x]] until every chain is resolved
        nr = root[root]
        if np.array_equal(nr, root):
            break
        root = nr
    counts = np.bincount(root, minlength=total)[fixed]
    bits = (fixed[:, None] >> np.arange(n - 1)[None, :]) & 1
    configs = np.concatenate([np.zeros((len(fixed), 1), dtype=np.int64), bits], axis=1)
    return _frame(configs, counts, r, labels)


def descend(
    configuration: Sequence[int], sizes: ArrayLike, propensities: ArrayLike, *, rtol: float = 1e-9
) -> tuple[int, ...]:
    """The local minimum that steepest descent reaches from ``configuration``.

    Examples
    --------
    >>> descend([0, 1, 0], [1, 1, 1], [[0, 1, -1], [1, 0, -1], [-1, -1, 0]])
    (0, 0, 1)
    """
    r = _weights(sizes, propensities)
    x = np.array([configuration], dtype=np.int64)
    if x.shape != (1, r.shape[0]) or not np.isin(x, (0, 1)).all():
        raise ParameterError("configuration must hold one 0/1 side per actor")
    _kernels()[1](r, _tol(r, rtol), x)
    return tuple(int(v) for v in x[0])


def multistart(
    sizes: ArrayLike,
    propensities: ArrayLike,
    n_starts: int = 1000,
    seed: int | np.random.SeedSequence | None = None,
    *,
    rng: np.random.Generator | None = None,
    labels: Sequence[object] | None = None,
    rtol: float = 1e-9,
) -> pd.DataFrame:
    """Local minima found by steepest descent from ``n_starts`` uniform random splits.

    A heuristic for landscapes too large to enumerate: it finds the minima with large
    basins; ``basin_size`` here counts the starts that reached each minimum, an estimate
    of ``basin share * n_starts``.

    Examples
    --------
    >>> p = [[0, 1, -1], [1, 0, -1], [-1, -1, 0]]
    >>> multistart([1, 1, 1], p, n_starts=50, seed=0)["basin_size"].tolist()
    [50]
    """
    r = _weights(sizes, propensities)
    n_starts = positive_int(n_starts, "n_starts", cap="starts")
    limits.check_cells(n_starts, r.shape[0], what="multistart (starts x actors)")
    gen = make_rng(seed, rng)
    starts = gen.integers(0, 2, size=(n_starts, r.shape[0]), dtype=np.int64)
    _kernels()[1](r, _tol(r, rtol), starts)
    uniq, counts = np.unique(starts, axis=0, return_counts=True)
    return _frame(uniq, counts, r, labels)


def simulate(
    sizes: ArrayLike,
    propensities: ArrayLike,
    params: Params | None = None,
    seed: int | np.random.SeedSequence | None = None,
    *,
    rng: np.random.Generator | None = None,
    labels: Sequence[object] | None = None,
) -> pd.DataFrame:
    """Run :func:`minima` or :func:`multistart` as ``params.method`` says.

    Examples
    --------
    >>> p = [[0, 1, -1], [1, 0, -1], [-1, -1, 0]]
    >>> simulate([1, 1, 1], p)["configuration"].tolist()
    [(0, 0, 1)]
    """
    params = params or Params()
    if params.method == "exact":
        return minima(sizes, propensities, labels=labels, rtol=params.rtol)
    return multistart(
        sizes, propensities, params.n_starts, seed, rng=rng, labels=labels, rtol=params.rtol
    )


# ------------------------------------------------------------------------------ contract


@dataclass(frozen=True)
class Setup:
    """One landscape run: a random landscape of ``n_actors`` actors, or the given ``sizes``
    and ``propensities`` (e.g. from :func:`landscape_inputs`), solved exactly or, with
    ``starts`` > 0, by descent from random starts (:func:`multistart`)."""

    n_actors: int
    sizes: np.ndarray | None = None
    propensities: np.ndarray | None = None
    labels: tuple[object, ...] | None = None
    starts: int = 0


def _params_from(
    snapshot: object | None,
    *,
    n_actors: int = 12,
    sizes: ArrayLike | None = None,
    propensities: ArrayLike | None = None,
    labels: Sequence[object] | None = None,
    starts: int = 0,
) -> Setup:
    if snapshot is not None:
        raise ParameterError(
            "alignment is not built from a snapshot here; use landscape_inputs(codes, year)"
        )
    if (sizes is None) != (propensities is None):
        raise ParameterError("give both sizes and propensities, or neither")
    starts = whole(starts, "starts", minimum=0)
    if starts:
        starts = positive_int(starts, "starts", cap="starts")
    if sizes is None:
        k = whole(n_actors, "n_actors", minimum=2)
        limits.check_cells(k, k, what=f"random landscape of {k} actors")
        if not starts and k > MAX_EXACT:
            raise ParameterError(
                f"n_actors = {k} is over {MAX_EXACT} for exact enumeration; give starts > 0"
            )
        return Setup(k, starts=starts)
    sz = np.asarray(sizes, dtype=float)
    return Setup(len(sz), sz, np.asarray(propensities, dtype=float),
                 None if labels is None else tuple(labels), starts)  # fmt: skip


def _simulate(
    setup: Setup,
    seed: int | np.random.SeedSequence | None = None,
    rng: np.random.Generator | None = None,
) -> pd.DataFrame:
    """Every local minimum (or those found from ``starts`` random starts); without given
    inputs, of a random landscape (uniform sizes, symmetric normal propensities)."""
    if setup.sizes is not None and setup.propensities is not None:
        if setup.starts > 0:
            return multistart(setup.sizes, setup.propensities, setup.starts, seed, rng=rng,
                              labels=setup.labels)  # fmt: skip
        return minima(setup.sizes, setup.propensities, labels=setup.labels)
    g = make_rng(seed, rng)
    k = setup.n_actors
    s = g.random(k)
    p = g.normal(size=(k, k))
    if setup.starts > 0:
        return multistart(s, (p + p.T) / 2, setup.starts, rng=g)
    return minima(s, (p + p.T) / 2)


def _summarise(df: pd.DataFrame) -> dict[str, Estimate]:
    return {
        "n_minima": Estimate(len(df)),
        "largest_basin_share": Estimate(float(df["basin_size"].max() / df["basin_size"].sum())),
    }


#: The landscape model under the model contract (:mod:`alliancelab.models._contract`):
#: random landscapes for sweeps (a snapshot's landscape comes from :func:`landscape_inputs`).
MODEL = Model(
    name="alignment",
    title="landscape theory of aggregation (Axelrod & Bennett 1993)",
    keys=None,
    outputs={
        "n_minima": "number of local minima (stable alignments) of the landscape",
        "largest_basin_share": "share of configurations that descend to the largest basin",
    },
    params_from=_params_from,
    simulate=_simulate,
    summarise=_summarise,
)
