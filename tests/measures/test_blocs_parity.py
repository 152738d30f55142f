"""The bloc search is networkx's greedy modularity communities, bit for bit.

:mod:`alliancelab.measures.blocs` runs its own Clauset-Newman-Moore merge loop (no
networkx import) and memoises it per graph. These tests hold it to the rule it replaced:
``networkx.community.greedy_modularity_communities`` on the component's ties (nodes
labelled by their snapshot positions, each tie weighted by its strongest obligation,
``blocs.TIE_RANK``), ``networkx.community.modularity`` for the split test and the
weak-community check, on every region-year of the official store and of the
reference data, for defence blocs and looser alignments, and on random graphs.
"""

from __future__ import annotations

import random

import networkx as nx
import numpy as np
import pytest

from alliancelab import snapshot
from alliancelab.codes import resolve_region
from alliancelab.measures import alliance_blocs
from alliancelab.measures import blocs as B
from alliancelab.snapshot import Snapshot, store_data
from alliancelab.store import Store

REGIONS = ("americas", "europe", "africa", "middle_east", "asia")
ALIGN = ("defense", "offense", "consultation")


def _networkx_communities(
    adj: np.ndarray, comp: list[int], weight: np.ndarray | None = None
) -> list[list[int]]:
    """The split rule written on networkx (the reference), ties weighted by ``weight``
    divided by the component's greatest common divisor of tie weights."""
    if len(comp) < 4:
        return [comp]
    w = np.where(adj, 1 if weight is None else weight, 0).astype(int)
    sub = w[np.ix_(comp, comp)]
    g_cd = int(np.gcd.reduce(sub[sub > 0]))
    g = nx.Graph()
    g.add_nodes_from(comp)
    g.add_weighted_edges_from(
        (comp[a], comp[b], int(sub[a, b]) // g_cd)
        for a, b in zip(*np.nonzero(np.triu(sub, 1)), strict=True)
    )
    parts = [
        sorted(int(x) for x in c)
        for c in nx.community.greedy_modularity_communities(g, weight="weight")
    ]
    if len(parts) < 2 or min(len(p) for p in parts) < B.MIN_COMMUNITY:
        return [comp]
    if nx.community.modularity(g, parts, weight="weight") <= B.MODULARITY_SPLIT:
        return [comp]
    for p in parts:
        inner = int(w[np.ix_(p, p)].sum())
        outer = int(w[np.ix_(p, comp)].sum()) - inner
        if inner <= outer:
            return [comp]
    return sorted(parts, key=lambda p: p[0])


def _adjacency(s: Snapshot, obligations: tuple[str, ...]) -> np.ndarray:
    ties = B._tie_matrix(s, obligations)
    back = ties | B._tie_matrix(s, (*obligations, *B.RECIPROCATING))
    adj = (ties & back.T) | (ties.T & back)
    np.fill_diagonal(adj, False)
    keep = B._regional(s, obligations)
    return adj & keep[:, None] & keep[None, :]


def _compare(s: Snapshot) -> int:
    """Components of four or more states compared; asserts the splits agree (and that the
    members-only path of bloc_structure lists the frame's blocs in the frame's order)."""
    members = B._bloc_members(s)  # first, from an empty memo
    assert members == list(alliance_blocs(s)["members"]), (s.year, s.region)
    n = 0
    for obl in (("defense",), ALIGN):
        adj = _adjacency(s, obl)
        weight = B._tie_weights(s, obl)
        for comp in B._components(adj):
            if len(comp) >= 4:
                n += 1
                assert B._communities(adj, comp, weight) == _networkx_communities(
                    adj, comp, weight
                ), (
                    s.year,
                    s.region,
                    obl,
                )
    return n


def test_store_region_years_split_as_networkx(official_store: Store) -> None:
    sd = store_data(official_store)
    span = sd.coverage["system"]
    assert span is not None
    first, last = span
    n = 0
    for reg in REGIONS:
        for year in sd.region_years(resolve_region(reg)):
            if first <= year <= last:
                n += _compare(sd.snapshot(year, reg))
    assert n > 500  # the store has hundreds of clusters of four or more states


def test_reference_region_years_split_as_networkx() -> None:
    n = 0
    for reg in REGIONS:
        for year in range(1816, 2025, 4):
            try:
                s = snapshot(year, reg)
            except Exception:  # no state of the region that year
                continue
            n += _compare(s)
    assert n > 50


def _random_graphs() -> list[tuple[int, tuple[tuple[int, int], ...]]]:
    rng = random.Random(16)
    out = []
    graphs = [nx.gnp_random_graph(rng.randint(4, 40), rng.choice([0.08, 0.15, 0.3, 0.6]),
                                  seed=rng.randint(0, 10**9)) for _ in range(400)]  # fmt: skip
    graphs += [nx.cycle_graph(k) for k in range(4, 25)] + [nx.complete_graph(k) for k in (4, 9)]
    graphs += [nx.barbell_graph(a, b) for a in range(3, 7) for b in range(3)]
    graphs += [nx.random_regular_graph(3, k, seed=k) for k in range(6, 30, 2)]
    graphs += [nx.karate_club_graph()]
    for g in graphs:
        comp = sorted(max(nx.connected_components(g), key=lambda c: len(set(c))))
        if len(comp) < 2:
            continue
        pos = {c: i for i, c in enumerate(comp)}
        edges = sorted((min(pos[a], pos[b]), max(pos[a], pos[b]))
                       for a, b in g.subgraph(comp).edges())  # fmt: skip
        out.append((len(comp), tuple(edges)))
    return out


@pytest.mark.parametrize(("k", "edges"), _random_graphs())
def test_random_graphs_as_networkx(k: int, edges: tuple[tuple[int, int], ...]) -> None:
    # nodes labelled by increasing (non-contiguous) snapshot positions, as in a snapshot
    labels = sorted(random.Random(k * 1000 + len(edges)).sample(range(300), k))
    g = nx.Graph()
    g.add_nodes_from(labels)
    g.add_edges_from((labels[a], labels[b]) for a, b in edges)
    ref = [
        sorted(labels.index(x) for x in c) for c in nx.community.greedy_modularity_communities(g)
    ]
    mine = B._greedy_modularity(k, edges)
    assert mine == ref
    q = nx.community.modularity(g, [[labels[i] for i in p] for p in ref])
    assert B._modularity(k, edges, mine) == q  # the same float, not just close
    adj = np.zeros((300, 300), dtype=bool)
    for a, b in edges:
        adj[labels[a], labels[b]] = adj[labels[b], labels[a]] = True
    assert B._communities(adj, labels) == _networkx_communities(adj, labels)


@pytest.mark.parametrize(("k", "edges"), _random_graphs()[::4])
def test_random_weighted_graphs_as_networkx(k: int, edges: tuple[tuple[int, int], ...]) -> None:
    rng = random.Random(k * 7 + len(edges))
    wedges = tuple((a, b, rng.choice((1, 2, 3))) for a, b in edges)
    g = nx.Graph()
    g.add_nodes_from(range(k))
    g.add_weighted_edges_from(wedges)
    ref = [sorted(c) for c in nx.community.greedy_modularity_communities(g, weight="weight")]
    mine = B._greedy_modularity(k, wedges)
    assert mine == ref
    q = nx.community.modularity(g, ref, weight="weight")
    assert B._modularity(k, wedges, mine) == pytest.approx(q, abs=1e-12)
    adj = np.zeros((k, k), dtype=bool)
    w = np.zeros((k, k), dtype=int)
    for a, b, x in wedges:
        adj[a, b] = adj[b, a] = True
        w[a, b] = w[b, a] = x
    assert B._communities(adj, list(range(k)), w) == _networkx_communities(adj, list(range(k)), w)


def test_one_tie_strength_is_the_unweighted_graph() -> None:
    # every tie of rank 3 (a defence-only graph) splits exactly as the unweighted graph
    k, edges = max(_random_graphs(), key=lambda ke: len(ke[1]))
    adj = np.zeros((k, k), dtype=bool)
    for a, b in edges:
        adj[a, b] = adj[b, a] = True
    three = np.where(adj, 3, 0)
    assert B._communities(adj, list(range(k)), three) == B._communities(adj, list(range(k)))


def test_blocs_computed_once_per_snapshot_and_copied() -> None:
    s = snapshot(1914, "europe")
    a = alliance_blocs(s)
    a.loc[0, "label"] = "changed"  # a caller's edit does not reach the memo
    b = alliance_blocs(s)
    assert b.loc[0, "label"] != "changed"
    assert b.equals(B._blocs(s, ("defense",), B.RECIPROCATING, True))
    loose = alliance_blocs(s, obligations=ALIGN)
    assert loose.equals(B._blocs(s, ALIGN, B.RECIPROCATING, True))
    assert len(B._BLOCS[s]) == 2


def test_blocs_module_does_not_import_networkx() -> None:
    import subprocess
    import sys

    code = (
        "import sys; from alliancelab import snapshot; from alliancelab.measures import "
        "alliance_blocs; alliance_blocs(snapshot(1955, 'europe')); "
        "print('networkx' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_members_order_with_tied_capabilities() -> None:
    from alliancelab import snapshot_from_ties

    ties = [(a, b, "defense") for a, b in ((1, 2), (2, 1), (3, 4), (4, 3), (5, 6), (6, 5))]
    s = snapshot_from_ties(1900, {1: 1, 2: 1, 3: 1, 4: 1, 5: 3, 6: 0}, ties)
    assert B._bloc_members(s) == [(5, 6), (1, 2), (3, 4)]
    assert B._bloc_members(s) == list(alliance_blocs(s)["members"])
