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
    import numba

    @numba.njit(cache=False, nogil=True)
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

    @numba.njit(cache=False, nogil=True)
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


def _pairs_matrix(ccodes: Sequence[int], pairs: set[tuple[int, int]]) -> np.ndarray:
    pos = {c: i for i, c in enumerate(ccodes)}
    m = np.zeros((len(ccodes), len(ccodes)))
    for a, b in pairs:
        if a in pos and b in pos and a != b:
            m[pos[a], pos[b]] = m[pos[b], pos[a]] = 1.0
    return m


def _col(df: pd.DataFrame, *names: str) -> pd.Series:
    for n in names:
        if n in df.columns:
            return df[n]
        for c in df.columns:
            if c.lower() == n.lower():
                return df[c]
    raise ParameterError(f"table lacks a column named {' or '.join(names)}")


def landscape_inputs(
    ccodes: Sequence[int],
    year: int,
    *,
    since: int = 1900,
    capabilities: Mapping[int, float] | None = None,
    mids: pd.DataFrame | None = None,
    contiguity: pd.DataFrame | None = None,
    wars: pd.DataFrame | None = None,
    democracy: pd.DataFrame | None = None,
    weights: Mapping[str, float] | None = None,
) -> tuple[np.ndarray, np.ndarray, pd.DataFrame]:
    """Sizes and propensities for a landscape from alliance, conflict and regime data.

    ``p_ij`` is a weighted sum of factors, each -1, 0 or +1 (weights default to 1):

    ``alliance``
        +1 if i and j are members of a common alliance in force in ``year`` (the
        reference alliance data: ATOP 5.1 obligations).
    ``rivalry``
        -1 for a strategic rivalry ongoing in ``year`` (Thompson & Dreyer 2012).
    ``dispute``
        -1 if i and j were on opposite sides of a militarised interstate dispute begun
        between ``since`` and ``year`` (``mids``: COW MID participant table with
        ``dispnum, ccode, sidea, styear``, e.g. MID 5.0 MIDB).
    ``border``
        A further -1 when such a dispute is between land-contiguous states
        (``contiguity``: COW Direct Contiguity with ``conttype`` 1 = land), Axelrod &
        Bennett's border-dispute factor.
    ``war``
        +1 if i and j fought on the same side, -1 on opposite sides, in a COW inter-state
        war begun between ``since`` and ``year`` (``wars``: participant table with
        ``WarNum, ccode, Side, StartYear1``, COW Inter-State War Data v4.0); opposite
        sides win when both occur.
    ``government``
        +1 if both are democracies (Polity2 >= 6 in ``year``), -1 if exactly one is,
        0 otherwise (``democracy``: ``ccode, year, polity2``).

    Sizes are the COW CINC of ``year`` (``capabilities`` or the reference data, NMC v7.0).
    Factors whose table is not given are left out. Ethnicity and religion, two of
    Axelrod & Bennett's five factors, have no source here and are not coded.

    Returns
    -------
    sizes : ndarray
    propensities : ndarray
    factors : DataFrame
        One row per pair (``ccode1 < ccode2``) with each factor and ``propensity``.

    Examples
    --------
    >>> s, p, f = landscape_inputs([200, 220, 255], 1936)
    >>> p[0, 1], p[0, 2]
    (np.float64(1.0), np.float64(0.0))
    """
    from ..snapshot import alliance_members, snapshot

    ccodes = [int(c) for c in ccodes]
    if len(set(ccodes)) != len(ccodes) or len(ccodes) < 2:
        raise ParameterError("ccodes must hold at least two distinct COW codes")
    w = {"alliance": 1.0, "rivalry": 1.0, "dispute": 1.0, "border": 1.0, "war": 1.0}
    w["government"] = 1.0
    if weights:
        unknown = set(weights) - set(w)
        if unknown:
            raise ParameterError(f"unknown factor(s) {sorted(unknown)}; use {sorted(w)}")
        w.update({k: float(v) for k, v in weights.items()})
    if capabilities is None:
        snap = snapshot(year, ccodes)
        cap = dict(zip(snap.ccodes, snap.capability, strict=True))
    else:
        cap = {int(k): float(v) for k, v in capabilities.items()}
    missing = [c for c in ccodes if c not in cap or not np.isfinite(cap[c])]
    if missing:
        raise ParameterError(f"no capability for state(s) {missing} in {year}")
    sizes = np.array([cap[c] for c in ccodes], dtype=float)
    n = len(ccodes)
    factors: dict[str, np.ndarray] = {}

    am = alliance_members(year)
    shared: set[tuple[int, int]] = set()
    for _, g in am.groupby("alliance"):
        mem = sorted(int(c) for c in g["ccode"])
        shared |= {(a, b) for a in mem for b in mem if a < b}
    factors["alliance"] = _pairs_matrix(ccodes, shared)

    from ..reference import LAST_YEAR, load_rivalries

    rv = load_rivalries()
    live = rv[(rv["start_year"] <= year) & (rv["end_year"].fillna(LAST_YEAR) >= year)]
    factors["rivalry"] = -_pairs_matrix(
        ccodes, {(int(a), int(b)) for a, b in zip(live["ccode1"], live["ccode2"], strict=True)}
    )

    disputed: set[tuple[int, int]] = set()
    if mids is not None:
        d = pd.DataFrame(
            {
                "dispnum": _col(mids, "dispnum"),
                "ccode": _col(mids, "ccode"),
                "sidea": _col(mids, "sidea"),
                "styear": _col(mids, "styear"),
            }
        )
        d = d[(d["styear"] >= since) & (d["styear"] <= year) & d["ccode"].isin(ccodes)]
        for _, g in d.groupby("dispnum"):
            a = {int(c) for c in g.loc[g["sidea"] == 1, "ccode"]}
            b = {int(c) for c in g.loc[g["sidea"] != 1, "ccode"]}
            disputed |= {(x, y) for x in a for y in b if x != y}
        factors["dispute"] = -_pairs_matrix(ccodes, disputed)
    if contiguity is not None:
        if mids is None:
            raise ParameterError("the border factor needs mids as well as contiguity")
        c1 = _col(contiguity, "ccode1", "state1no")
        c2 = _col(contiguity, "ccode2", "state2no")
        ct = _col(contiguity, "conttype")
        land = {(int(a), int(b)) for a, b, t in zip(c1, c2, ct, strict=True) if int(t) == 1}
        border = {(a, b) for a, b in disputed if (a, b) in land or (b, a) in land}
        factors["border"] = -_pairs_matrix(ccodes, border)
    if wars is not None:
        wd = pd.DataFrame(
            {
                "war": _col(wars, "WarNum", "warnum"),
                "ccode": _col(wars, "ccode"),
                "side": _col(wars, "Side", "side"),
                "start": _col(wars, "StartYear1", "styear", "startyear1"),
            }
        )
        wd = wd[(wd["start"] >= since) & (wd["start"] <= year) & wd["ccode"].isin(ccodes)]
        same: set[tuple[int, int]] = set()
        opp: set[tuple[int, int]] = set()
        for _, g in wd.groupby("war"):
            sides = dict(zip(g["ccode"].astype(int), g["side"].astype(int), strict=False))
            for c1_, s1_ in sides.items():
                for c2_, s2_ in sides.items():
                    if c1_ < c2_:
                        (same if s1_ == s2_ else opp).add((c1_, c2_))
        factors["war"] = _pairs_matrix(ccodes, same - opp) - _pairs_matrix(ccodes, opp)
    if democracy is not None:
        dem = democracy[_col(democracy, "year") == year]
        pol = dict(zip(_col(dem, "ccode").astype(int), _col(dem, "polity2"), strict=False))
        isdem = np.array([float(pol.get(c, np.nan)) >= 6 for c in ccodes])
        known = np.array([np.isfinite(float(pol.get(c, np.nan))) for c in ccodes])
        gov = np.zeros((n, n))
        both = np.outer(isdem, isdem)
        one = np.logical_xor.outer(isdem, isdem) & np.outer(known, known)
        gov[both] = 1.0
        gov[one] = -1.0
        np.fill_diagonal(gov, 0.0)
        factors["government"] = gov

    p = np.zeros((n, n))
    for k, m in factors.items():
        p += w[k] * m
    iu = np.triu_indices(n, 1)
    table = pd.DataFrame({"ccode1": np.array(ccodes)[iu[0]], "ccode2": np.array(ccodes)[iu[1]]})
    for k, m in factors.items():
        table[k] = m[iu]
    table["propensity"] = p[iu]
    return sizes, p, table


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
