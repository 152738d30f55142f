"""Alliance reliability (honouring probabilities) and extended deterrence of rivals."""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from ..reference import OBLIGATIONS
from ..snapshot import Snapshot
from ._bf2018 import BF2018_COUNTS, ERA_BREAK, bf2018_rates
from .power import _rival_pairs

__all__ = [
    "HONOUR_RATES",
    "deterrence",
    "honour_probabilities",
    "min_deterrence",
]

_PRE, _POST = bf2018_rates(ERA_BREAK - 1), bf2018_rates(ERA_BREAK)
#: Honouring rates of alliance commitments when the casus foederis arose.
#: ``berkemeier-fuhrmann``: Berkemeier & Fuhrmann (2018, *Research & Politics*),
#: 1816-2003, the exact ratios of their recomputed counts (:mod:`._bf2018`, the one copy;
#: LITERATURE.md section 2): defence 36/59 (0.610) before 1945 and 6/43 (0.140) from
#: 1945, offence 31/42 (0.738), neutrality 35/45 (0.778), non-aggression 18/49 (0.367),
#: each as ``(before 1945, from 1945)``; consultation pacts were not scored (0: they
#: promise no action).
#: ``leeds-long-mitchell``: Leeds, Long & Mitchell (2000, *Journal of Conflict
#: Resolution* 44(5)): 74.5% for every obligation type, 1816-1944.
HONOUR_RATES: dict[str, dict[str, float | tuple[float, float]]] = {
    "berkemeier-fuhrmann": {
        **{k: (_PRE[k], _POST[k]) for k in BF2018_COUNTS},
        "consultation": 0.0,
    },
    "leeds-long-mitchell": {
        "defense": 0.745,
        "offense": 0.745,
        "neutrality": 0.745,
        "nonaggression": 0.745,
        "consultation": 0.0,
    },
}


def honour_probabilities(
    year: int, rates: str | Mapping[str, float] = "berkemeier-fuhrmann"
) -> dict[str, float]:
    """Probability that a commitment of each obligation type is honoured in ``year``.

    Parameters
    ----------
    year : int
        Selects the era for era-specific rates (before 1945 / from 1945).
    rates : str or mapping
        A key of :data:`HONOUR_RATES` or a mapping obligation -> probability (missing
        obligation types get 0).

    Examples
    --------
    >>> p, q = honour_probabilities(1914)["defense"], honour_probabilities(1950)["defense"]
    >>> p == 36 / 59, q == 6 / 43, round(p, 4), round(q, 4)
    (True, True, 0.6102, 0.1395)
    >>> honour_probabilities(1950, "leeds-long-mitchell")["offense"]
    0.745
    """
    if isinstance(rates, str):
        if rates not in HONOUR_RATES:
            raise ValueError(f"unknown honour rates {rates!r}; use one of {list(HONOUR_RATES)}")
        table = HONOUR_RATES[rates]
        out: dict[str, float] = {}
        for k in OBLIGATIONS:
            v = table.get(k, 0.0)
            out[k] = float(v[0] if year < ERA_BREAK else v[1]) if isinstance(v, tuple) else v
        return out
    bad = [k for k in rates if k not in OBLIGATIONS]
    if bad:
        raise ValueError(f"unknown obligation(s) {bad}; use {OBLIGATIONS}")
    out = {k: float(rates.get(k, 0.0)) for k in OBLIGATIONS}
    if any(not 0.0 <= v <= 1.0 for v in out.values()):
        raise ValueError("honouring probabilities must lie in [0, 1]")
    return out


def _weights(
    snapshot: Snapshot, type_weights: Mapping[str, float], probs: Mapping[str, float]
) -> np.ndarray:
    """(n, n): ``W[j, i] = max_k owes(j, i, k) * type_weight_k * p_k``."""
    f = np.array([float(type_weights.get(k, 0.0)) * probs[k] for k in OBLIGATIONS])
    return (np.asarray(snapshot.obligations, dtype=float) * f[None, None, :]).max(axis=2)


#: Which obligations owed to the target add capability against an attack (defence).
TARGET_WEIGHTS = {"defense": 1.0}
#: Which obligations owed to the challenger add capability to its attack (offence).
CHALLENGER_WEIGHTS = {"offense": 1.0}


def deterrence(
    snapshot: Snapshot,
    *,
    rates: str | Mapping[str, float] = "berkemeier-fuhrmann",
    target_weights: Mapping[str, float] = TARGET_WEIGHTS,
    challenger_weights: Mapping[str, float] = CHALLENGER_WEIGHTS,
    region_only: bool = True,
) -> pd.DataFrame:
    """Extended deterrence for every directed rival pair (challenger -> target).

    .. math:: D_{ct} = \\frac{c_t + \\sum_{j \\ne c} w_{jt} c_j}{c_c + \\sum_{j \\ne t}
       v_{jc} c_j}

    with ``w_jt = max_k [j owes t obligation k] * target_weight_k * p_k`` (by default
    defence commitments to the target, honoured with probability ``p_defense``) and
    ``v_jc`` the same for commitments to the challenger (by default offence pacts,
    which promise help to an attacker; Leeds 2003, *AJPS* 47(3), finds defence pacts to
    the target deter and offence pacts to the challenger encourage initiation). The
    expected alliance-pooled capability of the target over that of the challenger:
    below 1 the challenger expects to be stronger (Kim 1991, *AJPS* 35(4), adds allies'
    capabilities the same way). Honouring probabilities: :func:`honour_probabilities`.

    Returns
    -------
    DataFrame
        ``challenger, target, year, target_pooled, challenger_pooled, deterrence``
        (NA where a capability is missing). Pairs with at least one member in the region.

    Examples
    --------
    Hand-computed, 1914 (defence honoured with p = 36/59 = 0.6102): 1 (cap 4) rivals 2
    (cap 2); 3 (cap 2) owes 2 defence. Target 2: 2 + 0.6102*2 = 3.2203 over 4 -> 0.805;
    target 1: 4 over 2 -> 2.0.

    >>> from alliancelab import snapshot_from_ties
    >>> s = snapshot_from_ties(1914, {1: 4, 2: 2, 3: 2}, [(3, 2, "defense")], [(1, 2)])
    >>> deterrence(s)[["challenger", "target", "deterrence"]].round(3).values.tolist()
    [[1.0, 2.0, 0.805], [2.0, 1.0, 2.0]]
    """
    c, t, tp, cp, ratio = _deterrence_arrays(
        snapshot,
        rates=rates,
        target_weights=target_weights,
        challenger_weights=challenger_weights,
        region_only=region_only,
    )
    cols = ["challenger", "target", "year", "target_pooled", "challenger_pooled"]
    cols.append("deterrence")
    if len(c) == 0:
        return pd.DataFrame([], columns=cols)
    cc = np.asarray(snapshot.ccodes, dtype=np.int64)
    return pd.DataFrame(
        {
            "challenger": cc[c],
            "target": cc[t],
            "year": np.full(len(c), snapshot.year, dtype=np.int64),
            "target_pooled": tp,
            "challenger_pooled": cp,
            "deterrence": ratio,
        },
        columns=cols,
    )


def _deterrence_arrays(
    snapshot: Snapshot,
    *,
    rates: str | Mapping[str, float] = "berkemeier-fuhrmann",
    target_weights: Mapping[str, float] = TARGET_WEIGHTS,
    challenger_weights: Mapping[str, float] = CHALLENGER_WEIGHTS,
    region_only: bool = True,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """:func:`deterrence` as arrays, for callers that need no frame (the stability panel).

    Returns
    -------
    challenger, target : ndarray of int
        Positions in the snapshot of each directed rival pair, in :func:`deterrence`'s
        row order (each rival pair ``i < j`` as ``i -> j`` then ``j -> i``).
    target_pooled, challenger_pooled, deterrence : ndarray of float
        The frame's columns of the same names (NaN where a capability is missing).
    """
    probs = honour_probabilities(snapshot.year, rates)
    W = _weights(snapshot, target_weights, probs)
    V = _weights(snapshot, challenger_weights, probs)
    cap = np.asarray(snapshot.capability, dtype=float)
    c0 = np.nan_to_num(cap, nan=0.0)
    pairs = _rival_pairs(snapshot, region_only)
    m = 2 * len(pairs)
    ch, tg = np.empty(m, dtype=np.int64), np.empty(m, dtype=np.int64)
    tp, cp, ratio = np.empty(m), np.empty(m), np.empty(m)
    k = 0
    for i, j in pairs:
        for c, t in ((i, j), (j, i)):
            wt = W[:, t].copy()
            wt[[c, t]] = 0.0
            vc = V[:, c].copy()
            vc[[c, t]] = 0.0
            tp[k] = cap[t] + wt @ c0
            cp[k] = cap[c] + vc @ c0
            ratio[k] = tp[k] / cp[k] if cp[k] > 0 else np.nan
            ch[k], tg[k] = c, t
            k += 1
    return ch, tg, tp, cp, ratio


def min_deterrence(snapshot: Snapshot, **kwargs: object) -> pd.DataFrame:
    """The region's weakest link: the smallest :func:`deterrence` over directed rival
    pairs whose target is inside the region.

    Returns
    -------
    DataFrame
        One row keyed by ``(region, year)``: ``min_deterrence`` (NaN without rival
        pairs or capabilities), ``weakest_target``, ``weakest_challenger``.

    Examples
    --------
    >>> from alliancelab import snapshot_from_ties
    >>> s = snapshot_from_ties(1914, {1: 4, 2: 2, 3: 2}, [(3, 2, "defense")], [(1, 2)])
    >>> r = min_deterrence(s).iloc[0]
    >>> round(float(r["min_deterrence"]), 3), int(r["weakest_target"])
    (0.805, 2)
    """
    d = deterrence(snapshot, **kwargs)  # type: ignore[arg-type]
    inside = {c for c, m in zip(snapshot.ccodes, snapshot.in_region, strict=True) if m}
    d = d[d["target"].isin(inside)].dropna(subset=["deterrence"])
    row: dict[str, object] = {"region": snapshot.region, "year": snapshot.year}
    if d.empty:
        row.update(min_deterrence=np.nan, weakest_target=pd.NA, weakest_challenger=pd.NA)
    else:
        k = int(d["deterrence"].to_numpy().argmin())
        row.update(
            min_deterrence=float(d["deterrence"].to_numpy()[k]),
            weakest_target=int(d["target"].to_numpy()[k]),
            weakest_challenger=int(d["challenger"].to_numpy()[k]),
        )
    return pd.DataFrame([row])
