"""Entanglement exposure: who is drawn into a war that a rival pair starts.

A war between rivals ``a`` and ``b`` draws in every state that owes a belligerent a
defence or offence obligation and honours it; those states' own allies may follow, and so
on (chain-ganging; Christensen & Snyder 1990). Each obligation edge ``j -> i`` (j owes
i) is honoured independently with probability ``r`` by type and era
(:func:`~alliancelab.measures.deterrence.honour_probabilities`; Berkemeier & Fuhrmann
2018 by default). A state's probability of joining is then the probability that it is
reachable from ``{a, b}`` in the random graph of honoured edges (independent-cascade
percolation). Computed exactly by enumerating the honoured/dishonoured states of every
edge in the war's reach when there are at most ``exact_edges`` of them, otherwise by
Monte Carlo with a seeded generator and a reported standard error.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from ..kernels.cascade import Cascade
from ..reference import OBLIGATIONS
from ..snapshot import Snapshot
from .deterrence import honour_probabilities
from .power import _rival_pairs

__all__ = ["DRAWING_IN", "EXACT_EDGES", "entanglement", "war_participation"]

#: Obligations that bring a state into its partner's war.
DRAWING_IN: tuple[str, ...] = ("defense", "offense")
#: Up to this many edges in a war's reach, participation is computed exactly (2**E cases).
EXACT_EDGES = 14


def _edge_probs(
    snapshot: Snapshot, rates: str | Mapping[str, float], drawing_in: tuple[str, ...]
) -> np.ndarray:
    """(n, n) ``P[i, j]``: probability that j joins i's war (j owes i; max over types)."""
    probs = honour_probabilities(snapshot.year, rates)
    idx = [OBLIGATIONS.index(k) for k in drawing_in]
    f = np.array([probs[k] for k in drawing_in])
    ob = np.asarray(snapshot.obligations, dtype=float)[:, :, idx]  # [j, i, k]: j owes i
    P = (ob * f[None, None, :]).max(axis=2).T  # P[i, j]
    np.fill_diagonal(P, 0.0)
    return P


def _reach(src: np.ndarray, dst: np.ndarray, kept: np.ndarray, start: np.ndarray) -> np.ndarray:
    """Batch reachability: ``kept`` (B, E) honoured edges src -> dst; start (m,) bool."""
    B = kept.shape[0]
    m = start.shape[0]
    reached = np.broadcast_to(start, (B, m)).copy()
    onehot = np.zeros((len(dst), m))
    onehot[np.arange(len(dst)), dst] = 1.0
    for _ in range(m):
        act = kept & reached[:, src]
        new = reached | ((act.astype(float) @ onehot) > 0)
        if np.array_equal(new, reached):
            break
        reached = new
    return reached


def _reach_mask(P: np.ndarray, sources: tuple[int, ...]) -> np.ndarray:
    """States reachable from ``sources`` through edges with positive probability."""
    reach = np.zeros(P.shape[0], dtype=bool)
    reach[list(sources)] = True
    while True:
        nxt = reach | (P[reach] > 0).any(axis=0)
        if np.array_equal(nxt, reach):
            return reach
        reach = nxt


def _reach_set(P: np.ndarray, sources: tuple[int, ...]) -> np.ndarray:
    return np.nonzero(_reach_mask(P, sources))[0]


def war_participation(
    P: np.ndarray,
    sources: tuple[int, ...],
    *,
    exact_edges: int = EXACT_EDGES,
    n_sims: int = 2000,
    rng: np.random.Generator | None = None,
) -> tuple[np.ndarray, np.ndarray, bool]:
    """Probability that each state joins a war started by ``sources``.

    Parameters
    ----------
    P : (n, n) array
        ``P[i, j]``: probability that j joins when i is at war.
    sources : tuple of int
        Indices of the states that start the war (probability 1).
    exact_edges, n_sims, rng
        Exact enumeration up to ``exact_edges`` edges in reach; otherwise ``n_sims``
        Monte Carlo draws from ``rng`` (default ``numpy.random.default_rng(0)``).

    Returns
    -------
    (prob, se, exact)
        Per-state probabilities (sources 1), their standard errors (0 when exact) and
        whether the computation was exact.

    Examples
    --------
    Hand-computed chain 0 -> 1 -> 2, each honoured with probability 0.5: state 1 joins
    with 0.5, state 2 with 0.25.

    >>> import numpy as np
    >>> P = np.array([[0, .5, 0], [0, 0, .5], [0, 0, 0]])
    >>> war_participation(P, (0,))[0].tolist()
    [1.0, 0.5, 0.25]
    """
    if not 0 <= exact_edges <= 20:
        raise ValueError("exact_edges must be between 0 and 20 (2**E cases are enumerated)")
    if n_sims < 1:
        raise ValueError("n_sims must be positive")
    P = np.asarray(P, dtype=float)
    n = P.shape[0]
    start = np.zeros(n, dtype=bool)
    start[list(sources)] = True
    nodes = _reach_set(P, sources)
    sub = P[np.ix_(nodes, nodes)]
    src, dst = np.nonzero(sub > 0)
    keep = ~start[nodes][dst]  # edges into a source never matter
    src, dst = src[keep], dst[keep]
    p = sub[src, dst]
    prob = np.zeros(n)
    se = np.zeros(n)
    prob[start] = 1.0
    E = len(p)
    if E == 0:
        return prob, se, True
    sub_start = start[nodes]
    if exact_edges >= E:
        masks = np.arange(1 << E, dtype=np.int64)
        kept = ((masks[:, None] >> np.arange(E, dtype=np.int64)[None, :]) & 1).astype(bool)
        weight = np.prod(np.where(kept, p[None, :], 1.0 - p[None, :]), axis=1)
        reached = _reach(src, dst, kept, sub_start)
        prob[nodes] = weight @ reached
        prob[start] = 1.0
        return prob, se, True
    rng = rng if rng is not None else np.random.default_rng(0)
    q = _cascade(sub, [np.nonzero(sub_start)[0]], n_sims, rng)[0]
    prob[nodes] = q
    se[nodes] = np.sqrt(q * (1.0 - q) / n_sims)
    prob[start] = 1.0
    se[start] = 0.0
    return prob, se, False


def _cascade(
    P: np.ndarray, sources: list[np.ndarray], n_sims: int, rng: np.random.Generator
) -> np.ndarray:
    """Monte Carlo of the independent cascade, all source sets batched.

    Rows are (source set, draw). In each round the states that joined in the previous
    round test their edges once: a state j still out joins with probability
    ``1 - prod_{i new} (1 - P[i, j])``, computed as ``-expm1(sum_{i new} log(1 - P[i, j]))``
    in float32. Each edge is tested exactly once (when its source joins), so this is the
    per-edge model. The round's candidates come from the compiled kernel of
    :class:`alliancelab.kernels.cascade.Cascade` (the values and order of the
    dense product ``new @ log(1 - P)`` it replaced, so one seed gives the same draws);
    one uniform float32 per candidate, in (row, state) order, decides who joins.
    Returns (len(sources), m) joining frequencies.
    """
    m = P.shape[0]
    L = np.log1p(-np.minimum(P, 1.0 - 1e-7)).astype(np.float32)
    B = len(sources) * n_sims
    start = np.zeros((B, m), dtype=bool)
    for k, src in enumerate(sources):
        start[k * n_sims : (k + 1) * n_sims, src] = True
    cascade = Cascade(L, start)
    # the states that joined in the last round, as (row, state) pairs sorted by row
    new_r, new_c = np.nonzero(start)
    while len(new_r):
        r, c, logq = cascade.candidates(new_r, new_c)
        joined = rng.random(len(r), dtype=np.float32) < -np.expm1(logq)
        new_r, new_c = r[joined], c[joined]
        cascade.mark(new_r, new_c)
    reached = cascade.reached()
    return reached.reshape(len(sources), n_sims, m).mean(axis=1)


def _pair_participation(
    P: np.ndarray,
    pairs: list[tuple[int, int]],
    exact_edges: int,
    n_sims: int,
    rng: np.random.Generator,
) -> dict[tuple[int, int], tuple[np.ndarray, np.ndarray, bool]]:
    """Each rival pair's ``(probabilities, standard errors, exact)`` of joining its war.

    Exact enumeration (:func:`war_participation`) when the pair's reachable network has at
    most ``exact_edges`` edges; the other pairs share one Monte Carlo of ``n_sims``
    cascades over the union of their reachable states (binomial standard errors).
    """
    n = P.shape[0]
    results: dict[tuple[int, int], tuple[np.ndarray, np.ndarray, bool]] = {}
    mc_pairs: list[tuple[int, int]] = []
    for i, j in pairs:
        reach = _reach_set(P, (i, j))
        sub = P[np.ix_(reach, reach)]
        n_edges = int((sub > 0).sum())
        if n_edges <= exact_edges:
            results[(i, j)] = war_participation(P, (i, j), exact_edges=exact_edges)
        else:
            mc_pairs.append((i, j))
    if mc_pairs:
        union = np.nonzero(np.any([_reach_mask(P, pr) for pr in mc_pairs], axis=0))[0]
        local = {g: k for k, g in enumerate(union.tolist())}
        freq = _cascade(
            P[np.ix_(union, union)],
            [np.array([local[i], local[j]]) for i, j in mc_pairs],
            n_sims,
            rng,
        )
        for k, (i, j) in enumerate(mc_pairs):
            prob = np.zeros(n)
            prob[union] = freq[k]
            se = np.sqrt(prob * (1.0 - prob) / n_sims)
            prob[[i, j]] = 1.0
            se[[i, j]] = 0.0
            results[(i, j)] = (prob, se, False)
    return results


def entanglement(
    snapshot: Snapshot,
    *,
    rates: str | Mapping[str, float] = "berkemeier-fuhrmann",
    drawing_in: tuple[str, ...] = DRAWING_IN,
    exact_edges: int = EXACT_EDGES,
    n_sims: int = 2000,
    seed: int = 0,
    region_only: bool = True,
) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """Entanglement exposure of states and expected war sizes of rivalries.

    For every strategic rival pair with a member in the region, the probability that
    each state joins the war the pair starts (:func:`war_participation`). Then

    * ``exposure`` of a state inside the region: its mean joining probability over the
      rival pairs it does not belong to (a war erupting in a uniformly chosen rivalry);
    * ``war_size`` of a rival pair: ``2 + sum_j P(j joins)``, the expected number of
      belligerents; ``expected_war_size`` of the region: the largest of these (the
      most dangerous rivalry) and ``mean_exposure`` the mean state exposure.

    Defaults: edges are defence and offence obligations (``drawing_in``), with
    Berkemeier & Fuhrmann's (2018) rates (defence 0.61 before 1945, 0.14 after;
    offence 0.74); an edge with both takes the larger probability. Pass
    ``rates="leeds-long-mitchell"`` for 74.5% throughout (Leeds, Long & Mitchell 2000).
    The Monte Carlo uses ``numpy.random.default_rng(seed)`` (same seed, same frames).

    Returns
    -------
    (region, states, rivalries) : three DataFrames
        ``region``: one row keyed by ``(region, year)`` with ``mean_exposure``,
        ``expected_war_size``, ``war_size_se``, ``most_dangerous`` (the pair),
        ``exact``. ``states``: ``ccode, year, exposure, exposure_se``. ``rivalries``:
        ``ccode1, ccode2, year, war_size, war_size_se, exact``.

    Examples
    --------
    Hand-computed (1914, defence 36/59 = 0.6102): rivals 1 and 2; 3 owes 1 defence, 4 owes
    3 defence. P(3 joins) = 0.6102, P(4 joins) = 0.6102^2 = 0.3723; war size 2 + 0.9825.

    >>> from alliancelab import snapshot_from_ties
    >>> s = snapshot_from_ties(1914, {1: 1, 2: 1, 3: 1, 4: 1},
    ...     [(3, 1, "defense"), (4, 3, "defense")], [(1, 2)])
    >>> reg, states, riv = entanglement(s)
    >>> round(float(reg["expected_war_size"].iloc[0]), 4)
    2.9825
    >>> states.dropna().set_index("ccode")["exposure"].round(4).to_dict()
    {3: 0.6102, 4: 0.3723}
    """
    e = entangle(
        snapshot,
        rates=rates,
        drawing_in=drawing_in,
        exact_edges=exact_edges,
        n_sims=n_sims,
        seed=seed,
        region_only=region_only,
    )
    return entanglement_frames(snapshot, e)


@dataclass(frozen=True)
class Entangled:
    """:func:`entanglement` as arrays (what its three frames are built from).

    Attributes
    ----------
    pairs : list of (int, int)
        The rival pairs (snapshot indices), in the rivalry frame's order.
    war_size, war_size_se : (len(pairs),) float arrays
    pair_exact : (len(pairs),) bool array
    states : (k,) int array
        Snapshot indices of the states of the state frame (those inside the region).
    exposure, exposure_se : (k,) float arrays
        NaN for a state in no other pair's war.
    mean_exposure, expected_war_size, war_size_se_max : float
        The region row (NaN without a rival pair); ``war_size_se_max`` is the standard
        error of the largest war size.
    most_dangerous : (int, int) or None
        The ccodes of the pair with the largest expected war.
    exact : bool
        Whether every pair was computed exactly.
    """

    pairs: list[tuple[int, int]]
    war_size: np.ndarray
    war_size_se: np.ndarray
    pair_exact: np.ndarray
    states: np.ndarray
    exposure: np.ndarray
    exposure_se: np.ndarray
    mean_exposure: float
    expected_war_size: float
    war_size_se_max: float
    most_dangerous: tuple[int, int] | None
    exact: bool


def entangle(
    snapshot: Snapshot,
    *,
    rates: str | Mapping[str, float] = "berkemeier-fuhrmann",
    drawing_in: tuple[str, ...] = DRAWING_IN,
    exact_edges: int = EXACT_EDGES,
    n_sims: int = 2000,
    seed: int = 0,
    region_only: bool = True,
) -> Entangled:
    """:func:`entanglement`'s numbers without its frames (same arguments, same values)."""
    P = _edge_probs(snapshot, rates, drawing_in)
    rng = np.random.default_rng(seed)
    pairs = _rival_pairs(snapshot, region_only)
    n = snapshot.n
    inside = np.asarray(snapshot.in_region, dtype=bool) if region_only else np.ones(n, bool)
    sums = np.zeros(n)
    var_sums = np.zeros(n)
    counts = np.zeros(n)
    sizes = np.zeros(len(pairs))
    size_ses = np.zeros(len(pairs))
    exacts = np.ones(len(pairs), dtype=bool)
    results = _pair_participation(P, pairs, exact_edges, n_sims, rng)
    for k, (i, j) in enumerate(pairs):
        prob, se, exact = results[(i, j)]
        others = np.ones(n, dtype=bool)
        others[[i, j]] = False
        sums[others] += prob[others]
        var_sums[others] += se[others] ** 2
        counts[others] += 1
        size_ses[k] = float(np.sqrt(np.sum(se**2))) if not exact else 0.0
        sizes[k] = float(prob.sum())
        exacts[k] = exact
    with np.errstate(invalid="ignore", divide="ignore"):
        expo = np.where(counts > 0, sums / np.maximum(counts, 1), np.nan)
        expo_se = np.where(counts > 0, np.sqrt(var_sums) / np.maximum(counts, 1), np.nan)
    idx = np.nonzero(inside)[0]
    nan = float("nan")
    if not pairs:
        return Entangled(
            pairs, sizes, size_ses, exacts, idx, expo[idx], expo_se[idx], nan, nan, nan, None, True
        )
    k = int(sizes.argmax())
    vals = expo[idx][~np.isnan(expo[idx])]
    i, j = pairs[k]
    return Entangled(
        pairs,
        sizes,
        size_ses,
        exacts,
        idx,
        expo[idx],
        expo_se[idx],
        float(vals.mean()) if len(vals) else nan,
        float(sizes[k]),
        float(size_ses[k]),
        (int(snapshot.ccodes[i]), int(snapshot.ccodes[j])),
        bool(exacts.all()),
    )


def entanglement_frames(
    snapshot: Snapshot, e: Entangled
) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """The three frames of :func:`entanglement` from its arrays (:func:`entangle`)."""
    cc = snapshot.ccodes
    rows = [
        {
            "ccode1": cc[i],
            "ccode2": cc[j],
            "year": snapshot.year,
            "war_size": float(e.war_size[k]),
            "war_size_se": float(e.war_size_se[k]),
            "exact": bool(e.pair_exact[k]),
        }
        for k, (i, j) in enumerate(e.pairs)
    ]
    riv = pd.DataFrame(
        rows, columns=["ccode1", "ccode2", "year", "war_size", "war_size_se", "exact"]
    )
    states = pd.DataFrame(
        {
            "ccode": [cc[k] for k in e.states],
            "year": snapshot.year,
            "exposure": e.exposure,
            "exposure_se": e.exposure_se,
        }
    )
    region = {
        "region": snapshot.region,
        "year": snapshot.year,
        "mean_exposure": e.mean_exposure,
        "expected_war_size": e.expected_war_size,
        "war_size_se": e.war_size_se_max,
        "most_dangerous": e.most_dangerous,
        "exact": e.exact,
    }
    return pd.DataFrame([region]), states, riv


_LEVELS = {"region": 0, "state": 1, "rivalry": 2}


def war_exposure(snapshot: Snapshot, *, level: str = "state", **kwargs: Any) -> pd.DataFrame:
    """One frame of :func:`entanglement`: by ``(ccode, year)``, ``(ccode1, ccode2, year)``
    or ``(region, year)``.

    ``level="state"``: ``exposure`` and ``exposure_se`` of each state; ``"rivalry"``:
    ``war_size`` of each rival pair; ``"region"``: ``mean_exposure``,
    ``expected_war_size``, ``war_size_se``. Keywords go to :func:`entanglement` (which
    returns all three at once, for callers that need more than one).

    Examples
    --------
    >>> from alliancelab import snapshot_from_ties
    >>> s = snapshot_from_ties(1914, {1: 1, 2: 1, 3: 1}, [(3, 1, "defense")], [(1, 2)])
    >>> war_exposure(s).dropna().set_index("ccode")["exposure"].round(4).to_dict()
    {3: 0.6102}
    >>> round(float(war_exposure(s, level="rivalry")["war_size"].iloc[0]), 4)
    2.6102
    """
    if level not in _LEVELS:
        raise ValueError(f"level must be one of {sorted(_LEVELS)}, got {level!r}")
    return entanglement(snapshot, **kwargs)[_LEVELS[level]]
