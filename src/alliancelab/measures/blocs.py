"""Alliance blocs and alliance-pooled capability."""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache, lru_cache
from math import gcd
from typing import Any
from weakref import WeakKeyDictionary

import numpy as np
import pandas as pd

from ..codes import abbreviation
from ..reference import OBLIGATIONS, load_states
from ..snapshot import Snapshot

__all__ = [
    "MIN_COMMUNITY",
    "MODULARITY_SPLIT",
    "RECIPROCATING",
    "TIE_RANK",
    "alliance_blocs",
    "pooled_capability",
]

#: Obligations which, owed in return for a defence commitment, make it a bloc tie.
RECIPROCATING: tuple[str, ...] = ("defense", "offense", "consultation")

#: A connected cluster of alliance ties splits into its modularity communities only when
#: the split's modularity exceeds this value (0: better than no split; Newman & Girvan 2004).
MODULARITY_SPLIT = 0.0
#: The smallest community a split may leave: a pair (the Pact of Steel, Germany and Italy,
#: tied to the Western powers on 1 September 1939 only by the 1938 consultation
#: declarations) is a bloc of its own when it passes the weak-community test.
MIN_COMMUNITY = 2


def _tie_matrix(snapshot: Snapshot, obligations: Sequence[str]) -> np.ndarray:
    unknown = [o for o in obligations if o not in OBLIGATIONS]
    if unknown or not obligations:
        raise ValueError(f"obligations must be a non-empty subset of {OBLIGATIONS}")
    idx = [OBLIGATIONS.index(o) for o in obligations]
    return np.asarray(snapshot.obligations[:, :, idx].any(axis=2))


#: Strength of a tie by its strongest obligation, the ordinal coding of alliance ties of
#: Bueno de Mesquita (1975) and Signorino & Ritter (1999, *International Studies Quarterly*
#: 43(1)): defence pact 3, neutrality or non-aggression 2, entente (consultation) 1;
#: offence pledges count as defence. Community detection weighs ties by it (Newman 2004,
#: weighted modularity), so a state with a defence pact on one side and a consultation
#: pact on the other (Russia on 28 July 1914: France, and Italy by the Racconigi bargain)
#: falls on its defence partner's side.
TIE_RANK: dict[str, int] = {
    "defense": 3, "offense": 3, "neutrality": 2, "nonaggression": 2, "consultation": 1,
}  # fmt: skip


def _tie_weights(snapshot: Snapshot, obligations: Sequence[str]) -> np.ndarray:
    """The :data:`TIE_RANK` of each pair's strongest obligation among ``obligations``,
    owed in either direction (0: none)."""
    w = np.zeros(snapshot.obligations.shape[:2], dtype=np.int64)
    for o in obligations:
        w = np.maximum(w, TIE_RANK[o] * snapshot.obligations[:, :, OBLIGATIONS.index(o)])
    return np.maximum(w, w.T)


def _components(adj: np.ndarray) -> list[list[int]]:
    """Connected components (size >= 2) of an undirected boolean adjacency matrix."""
    n = adj.shape[0]
    seen = np.zeros(n, dtype=bool)
    out: list[list[int]] = []
    for start in range(n):
        if seen[start] or not adj[start].any():
            continue
        stack, comp = [start], []
        seen[start] = True
        while stack:
            i = stack.pop()
            comp.append(i)
            for j in np.nonzero(adj[i] & ~seen)[0]:
                seen[j] = True
                stack.append(int(j))
        out.append(sorted(comp))
    return out


def _communities(
    adj: np.ndarray, comp: list[int], weight: np.ndarray | None = None
) -> list[list[int]]:
    """Split one component into its modularity communities, or keep it whole.

    Communities by Clauset, Newman & Moore's (2004) greedy modularity maximisation on the
    component's own ties (:func:`_greedy_modularity`), each tie weighted by ``weight``
    (:func:`_tie_weights`; ``None``: every tie 1). The split is kept when its
    modularity exceeds :data:`MODULARITY_SPLIT`, every community has at least
    :data:`MIN_COMMUNITY` states and every community is a community in the weak sense of
    Radicchi et al. (2004): its members have more ties among themselves than to the rest
    of the component (counted as weighted degree sums). The weak-community test keeps a hub
    and its spokes (a state with several bilateral pacts) one bloc: a spoke and the hub
    have fewer ties between them than the hub has to its other spokes.
    """
    if len(comp) < 4:
        return [comp]
    a, b = np.nonzero(np.triu(adj[np.ix_(comp, comp)], 1))
    if weight is None:
        w = [1] * len(a)
    else:
        w = [int(x) for x in weight[np.ix_(comp, comp)][a, b]]
        g = gcd(*w)  # a graph with one tie strength is the unweighted graph, exactly
        w = [x // g for x in w]
    edges = tuple(zip(a.tolist(), b.tolist(), w, strict=True))
    parts = _split(len(comp), edges)
    return [[comp[i] for i in p] for p in parts]


def _weighted(edges: Sequence[tuple[int, ...]]) -> list[tuple[int, int, int]]:
    """Edges as ``(a, b, weight)``: a pair ``(a, b)`` has weight 1."""
    return [(e[0], e[1], e[2] if len(e) > 2 else 1) for e in edges]


@lru_cache(maxsize=4096)
def _split(k: int, edges: tuple[tuple[int, ...], ...]) -> tuple[tuple[int, ...], ...]:
    """:func:`_communities` of the connected graph on nodes ``0..k-1`` (edges ``(a, b)``
    or ``(a, b, weight)`` with ``a < b`` and an integer weight).

    A pure function of the graph, so it is memoised: a region's alliance graph rarely
    changes from one year to the next.
    """
    whole = (tuple(range(k)),)
    parts = _greedy_modularity(k, edges)
    if len(parts) < 2 or min(len(p) for p in parts) < MIN_COMMUNITY:
        return whole
    if _modularity(k, edges, parts) <= MODULARITY_SPLIT:
        return whole
    wedges = _weighted(edges)
    deg = [0] * k
    for u, v, w in wedges:
        deg[u] += w
        deg[v] += w
    where = {u: i for i, p in enumerate(parts) for u in p}
    inner = [0] * len(parts)  # each internal tie twice: the internal degree sum
    for u, v, w in wedges:
        if where[u] == where[v]:
            inner[where[u]] += 2 * w
    for i, p in enumerate(parts):
        if inner[i] <= sum(deg[u] for u in p) - inner[i]:
            return whole
    return tuple(tuple(p) for p in sorted(parts, key=lambda p: p[0]))


def _greedy_modularity(k: int, edges: Sequence[tuple[int, ...]]) -> list[list[int]]:
    """Clauset-Newman-Moore greedy modularity communities of the graph on nodes 0..k-1.

    The merge rule, the tie-breaking (the pair with the smallest ``(-dq, u, v)``) and every
    floating-point step follow networkx 3's ``greedy_modularity_communities`` (default
    resolution 1; ``weight="weight"`` for weighted edges), so the result is the same
    partition in the same order (largest community first, ties in node order): the
    algorithm of Clauset, Newman & Moore (2004, *Physical Review E* 70(6)), with Newman's
    (2004, *Physical Review E* 70(5)) weighted modularity. ``edges`` are ``(a, b)`` or
    ``(a, b, weight)`` with ``a < b``, each once, of a connected graph; integer weights
    keep the degree sums exact.
    """
    wedges = _weighted(edges)
    deg = [0] * k
    for a, b, w in wedges:
        deg[a] += w
        deg[b] += w
    q0 = 1 / sum(w for _, _, w in wedges)
    share = [d * q0 * 0.5 for d in deg]  # networkx's a = b (undirected)
    dq: dict[int, dict[int, float]] = {u: {} for u in range(k)}
    for a, b, w in wedges:
        dq[a][b] = dq[b][a] = float(w)
    for u, row in dq.items():
        for v, wt in row.items():
            row[v] = q0 * wt - (share[u] * share[v] + share[u] * share[v])
    comm: dict[int, list[int]] = {u: [u] for u in range(k)}
    while len(comm) > 1:
        best = min(((-d, u, v) for u, row in dq.items() for v, d in row.items()), default=None)
        if best is None or -best[0] < 0:
            break
        _, u, v = best
        comm[v] = comm[u] + comm[v]
        del comm[u]
        u_nbrs, v_nbrs = set(dq[u]), set(dq[v])
        for w in (u_nbrs | v_nbrs) - {u, v}:
            if w in u_nbrs and w in v_nbrs:
                d = dq[v][w] + dq[u][w]
            elif w in v_nbrs:
                d = dq[v][w] - (share[u] * share[w] + share[w] * share[u])
            else:
                d = dq[u][w] - (share[v] * share[w] + share[w] * share[v])
            dq[v][w] = dq[w][v] = d
        for w in dq[u]:
            del dq[w][u]
        del dq[u]
        share[v] += share[u]
        share[u] = 0
    return sorted((sorted(c) for c in comm.values()), key=len, reverse=True)


def _modularity(k: int, edges: Sequence[tuple[int, ...]], parts: list[list[int]]) -> float:
    """Newman's modularity of ``parts`` (weighted as :func:`_greedy_modularity`, resolution
    1), summed in networkx 3's order (``networkx.community.modularity``): sum over parts of
    L_c / m - (d_c / 2m)^2."""
    wedges = _weighted(edges)
    deg = [0] * k
    for a, b, w in wedges:
        deg[a] += w
        deg[b] += w
    deg_sum = sum(deg)
    m = deg_sum / 2
    norm = 1 / deg_sum**2
    where = {u: i for i, p in enumerate(parts) for u in p}
    inner = [0] * len(parts)
    for a, b, w in wedges:
        if where[a] == where[b]:
            inner[where[a]] += w
    total: float = 0  # an int start, as networkx sums
    for i, p in enumerate(parts):
        ds = sum(deg[u] for u in p)
        total += inner[i] / m - 1 * ds * ds * norm
    return total


def alliance_blocs(
    snapshot: Snapshot,
    *,
    obligations: Sequence[str] = ("defense",),
    reciprocated_by: Sequence[str] = RECIPROCATING,
    mutual: bool = True,
) -> pd.DataFrame:
    """Blocs: connected components of the graph of alliance ties.

    With ``mutual=True`` (the default) states i and j are linked when i owes j one of
    ``obligations`` and j owes i one of ``obligations`` or ``reciprocated_by`` (by default
    defence, offence or consultation). A bloc is held together by commitments both sides
    make: the asymmetric US-Japan treaty of 1960 (the US owes defence, Japan consultation,
    in ATOP's coding) links them, while a one-sided guarantee answered only by a
    neutrality pledge, such as the 1839 guarantee of Belgium, does not merge the
    guarantors into one bloc. With ``mutual=False`` either direction suffices. Each
    bloc is labelled with the alliance that best describes it (most members inside the
    bloc net of members outside it; near-ties go to the oldest alliance). Blocs as
    connected clusters of the alliance network follow the network view of alliance
    clusters in Maoz (2006, *Journal of Peace Research* 43(4)); his exact clustering rule
    is not verified here (LITERATURE.md tags it [U]), and the reciprocity rule is ours.

    Parameters
    ----------
    obligations : sequence of str
        ATOP obligation types that count as a tie; ``("defense",)`` gives defence-pact
        blocs, ``("defense", "offense", "consultation")`` looser alignments (ententes).
    reciprocated_by : sequence of str
        Obligations that, owed back, make a tie of ``obligations`` reciprocal.
    mutual : bool

    Returns
    -------
    DataFrame
        One row per bloc of at least two states, largest capability first: ``bloc``
        (1-based), ``label``, ``alliance`` (id of the labelling alliance or None),
        ``n_members``, ``members`` (tuple of ccodes), ``names`` (tuple), ``capability``,
        ``share`` (of the snapshot's total capability; members without capability data
        add nothing and are listed in ``missing``), ``year``, ``region``.

    Examples
    --------
    Hand-computed: 1-2 mutual defence, 3-4 mutual defence, 2 -> 3 and 1 -> 4 one-way
    guarantees. Capabilities 4, 3, 2, 1 (total 10), so the blocs hold 0.7 and 0.3; with
    either direction sufficing the four states form a cycle, which no split improves
    (modularity 0).

    >>> from alliancelab import snapshot_from_ties
    >>> s = snapshot_from_ties(
    ...     1900, {1: 4, 2: 3, 3: 2, 4: 1},
    ...     [(1, 2, "defense"), (2, 1, "defense"), (3, 4, "defense"), (4, 3, "defense"),
    ...      (2, 3, "defense"), (1, 4, "defense")])
    >>> alliance_blocs(s)[["members", "share"]].values.tolist()
    [[(1, 2), 0.7], [(3, 4), 0.3]]
    >>> alliance_blocs(s, mutual=False)["members"].tolist()
    [(1, 2, 3, 4)]
    """
    key = (tuple(obligations), tuple(reciprocated_by), bool(mutual))
    memo = _BLOCS.setdefault(snapshot, {})
    if key not in memo:
        memo[key] = _blocs(snapshot, key[0], key[1], key[2])
    return memo[key].copy()


#: The blocs of each live snapshot by options: a Snapshot is immutable (frozen arrays), so
#: its blocs are computed once however many reports and measures ask for them.
_BLOCS: WeakKeyDictionary[Snapshot, dict[object, Any]] = WeakKeyDictionary()


def _blocs(
    snapshot: Snapshot,
    obligations: Sequence[str],
    reciprocated_by: Sequence[str],
    mutual: bool,
) -> pd.DataFrame:
    """:func:`alliance_blocs`, computed."""
    adj, comps = _bloc_components(snapshot, obligations, reciprocated_by, mutual)
    cap = np.nan_to_num(snapshot.capability, nan=0.0)
    total = cap.sum()
    rows = []
    for comp in comps:
        members = tuple(snapshot.ccodes[i] for i in comp)
        label, aid = _label(snapshot, comp, obligations, adj)
        c = float(cap[comp].sum())
        rows.append(
            {
                "year": snapshot.year,
                "region": snapshot.region,
                "label": label,
                "alliance": aid,
                "n_members": len(comp),
                "members": members,
                "names": tuple(snapshot.names[i] for i in comp),
                "capability": c,
                "share": c / total if total > 0 else np.nan,
                "missing": tuple(
                    snapshot.ccodes[i] for i in comp if np.isnan(snapshot.capability[i])
                ),
            }
        )
    cols = [
        "bloc",
        "year",
        "region",
        "label",
        "alliance",
        "n_members",
        "members",
        "names",
        "capability",
        "share",
        "missing",
    ]
    if not rows:
        return pd.DataFrame(columns=cols)
    df = pd.DataFrame(rows).sort_values("capability", ascending=False, kind="stable")
    df.insert(0, "bloc", range(1, len(df) + 1))
    return df[cols].reset_index(drop=True)


def _bloc_components(
    snapshot: Snapshot,
    obligations: Sequence[str],
    reciprocated_by: Sequence[str],
    mutual: bool,
) -> tuple[np.ndarray, list[list[int]]]:
    """The tie graph of :func:`alliance_blocs` and its blocs (positions, unordered)."""
    ties = _tie_matrix(snapshot, obligations)
    if mutual:
        back = ties | _tie_matrix(snapshot, (*obligations, *reciprocated_by))
        adj = (ties & back.T) | (ties.T & back)
    else:
        adj = ties | ties.T
    np.fill_diagonal(adj, False)
    keep = _regional(snapshot, obligations)
    adj &= keep[:, None] & keep[None, :]
    weight = _tie_weights(snapshot, obligations)
    return adj, [c for whole in _components(adj) for c in _communities(adj, whole, weight)]


def _bloc_members(snapshot: Snapshot) -> list[tuple[int, ...]]:
    """The ``members`` column of ``alliance_blocs(snapshot)`` (defence blocs), in its order
    (largest capability first, ties in bloc order), without naming the blocs or building
    the frame: what :func:`~alliancelab.measures.bloc_structure` needs."""
    memo = _BLOCS.setdefault(snapshot, {})
    frame = memo.get((("defense",), RECIPROCATING, True))
    if frame is not None:
        return list(frame["members"])
    if "members" not in memo:
        _, comps = _bloc_components(snapshot, ("defense",), RECIPROCATING, True)
        cap = np.nan_to_num(snapshot.capability, nan=0.0)
        caps = [float(cap[c].sum()) for c in comps]
        order = sorted(range(len(comps)), key=lambda k: caps[k], reverse=True)  # stable
        memo["members"] = [tuple(snapshot.ccodes[i] for i in comps[k]) for k in order]
    return list(memo["members"])


def _regional(snapshot: Snapshot, obligations: Sequence[str]) -> np.ndarray:
    """States that may be in a region's blocs: its own, and outside states that belong to a
    regional alliance, one promising one of ``obligations`` with at least two members in
    the region and at least half of its members there (the US and Canada in NATO, Russia
    in the CSTO in Asia; not North Korea, whose 1961 treaty with the USSR is an Asian
    commitment, nor SEATO's Asian members, in Europe)."""
    inside = np.asarray(snapshot.in_region, dtype=bool)
    if inside.all() or snapshot.membership.shape[0] == 0:
        return inside | ~inside
    mem = snapshot.membership
    n_in = (mem & inside).sum(axis=1)
    idx = [OBLIGATIONS.index(o) for o in obligations]
    promised = snapshot.alliance_obligations[:, idx].any(axis=1)
    regional = promised & (n_in >= 2) & (2 * n_in >= mem.sum(axis=1))
    return inside | snapshot.membership[regional].any(axis=0)


@cache
def _states() -> dict[int, tuple[str, str]]:
    """Each reference state's COW abbreviation and name (its first row)."""
    st = load_states().drop_duplicates("ccode")
    return {
        int(c): (str(a), str(n))
        for c, a, n in zip(st["ccode"], st["stateabb"], st["name"], strict=True)
    }


def _abbr(snapshot: Snapshot, ccode: int) -> str:
    """The state's abbreviation by its name on the snapshot's date or year (COW State
    System Membership v2016 ``stateabb``; :func:`alliancelab.codes.abbreviation`), else the
    code."""
    known = _states().get(int(ccode))
    if known is None:
        return str(ccode)
    when = snapshot.date if snapshot.date is not None else snapshot.year
    return abbreviation(int(ccode), when, *known)


def _core_name(snapshot: Snapshot, comp: list[int]) -> str:
    """A bloc named by its core: its (up to) three strongest members, e.g. "USA-JPN bloc"."""
    cap = np.nan_to_num(np.asarray(snapshot.capability, dtype=float)[comp], nan=-1.0)
    top = [comp[k] for k in np.argsort(-cap, kind="stable")[:3]]
    return "-".join(_abbr(snapshot, snapshot.ccodes[i]) for i in top) + " bloc"


def _label(
    snapshot: Snapshot, comp: list[int], obligations: Sequence[str], adj: np.ndarray
) -> tuple[str, str | None]:
    """The name of a bloc: its alliance when that alliance is most of the bloc.

    Candidates are conventional or nuclear alliances whose members promise one of
    ``obligations`` and that are a majority both ways: more than half of the bloc's
    members belong to it and more than half of its members in the snapshot are in the
    bloc. Among candidates covering at least 75% as many members as the best, the oldest
    wins (snapshots list alliances oldest first), so a founding pact beats a later
    accession treaty that covers one more state (the Triple Alliance of 1882, not the
    Austro-Romanian treaty of 1883 with its accessions). Members outside the alliance are
    then appended ("Warsaw Pact + FIN"; more than three: "+ 5 others"). Otherwise the
    bloc is named by its core states, the three with most capability ("USA-JPN-ROK
    bloc"), and ``alliance`` is None.
    """
    core = _core_name(snapshot, comp)
    if snapshot.membership.shape[0] == 0:
        return core, None
    idx = [OBLIGATIONS.index(o) for o in obligations]
    in_bloc = np.zeros(snapshot.n, dtype=bool)
    in_bloc[comp] = True
    mem = snapshot.membership
    inside = (mem & in_bloc).sum(axis=1)
    eligible = (
        snapshot.alliance_obligations[:, idx].any(axis=1)
        & np.isin(np.array(snapshot.alliance_domains), ["conventional", "nuclear"])
        & (2 * inside > len(comp))
        & (2 * inside > mem.sum(axis=1))
    )
    if not eligible.any():
        return core, None
    score = np.where(eligible, inside, -1)
    k = int(np.nonzero(score >= 0.75 * score.max())[0][0])  # the oldest near-best
    rest = [i for i in comp if not mem[k, i]]
    name = snapshot.alliance_names[k]
    if len(rest) > 3:
        name += f" + {len(rest)} others"
    elif rest:
        name += " + " + ", ".join(_abbr(snapshot, snapshot.ccodes[i]) for i in rest)
    return name, snapshot.alliances[k]


def pooled_capability(
    snapshot: Snapshot, *, obligations: Sequence[str] = ("defense",)
) -> pd.DataFrame:
    """Each state's capability plus that of the states that owe it ``obligations``.

    ``pooled_i = c_i + sum_j c_j * [j owes i one of obligations]``: the capability a
    state can expect to stand with it if every commitment to it is honoured (the pooled
    capability of alliance-adjusted power; Kim 1991, *American Journal of Political
    Science* 35(4): 833-850, adds allies' capabilities the same way). ``pooled_share``
    divides by the snapshot's total capability.

    Returns
    -------
    DataFrame
        ``ccode, year, name, capability, pooled_capability, pooled_share, n_allies``.

    Examples
    --------
    Hand-computed: 2 owes 1 defence, 1 owes 2 nothing; capabilities 3 and 1.

    >>> from alliancelab import snapshot_from_ties
    >>> s = snapshot_from_ties(1900, {1: 3.0, 2: 1.0}, [(2, 1, "defense")])
    >>> p = pooled_capability(s)
    >>> p["pooled_capability"].tolist(), p["n_allies"].tolist()
    ([4.0, 1.0], [1, 0])
    """
    ties = _tie_matrix(snapshot, obligations)  # ties[j, i]: j owes i
    cap = np.nan_to_num(snapshot.capability, nan=0.0)
    pooled = cap + ties.T.astype(float) @ cap
    total = cap.sum()
    return pd.DataFrame(
        {
            "ccode": list(snapshot.ccodes),
            "year": snapshot.year,
            "name": list(snapshot.names),
            "capability": snapshot.capability.tolist(),
            "pooled_capability": pooled.tolist(),
            "pooled_share": (pooled / total).tolist() if total > 0 else np.nan,
            "n_allies": ties.sum(axis=0).astype(int).tolist(),
        }
    )
