"""Network measures: defence density, blocs, polarization, structural balance, layers.

The *signed network* of a snapshot has a positive edge between two states tied by a
defence obligation (either direction; ATOP coding) and a negative edge between two
strategic rivals (Thompson & Dreyer 2012). Structural balance (Heider 1946; Cartwright &
Harary 1956) asks how far this network is from one that splits into two camps with
alliances inside and rivalries across.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from ..kernels.signed import local_moves
from ..reference import DOMAINS
from ..snapshot import Snapshot
from ._frustration import _balanced, _enumerate, _local_search, _prune_and_merge
from .blocs import _bloc_members, _components

__all__ = [
    "EXACT_LIMIT",
    "balance",
    "bloc_structure",
    "defense_density",
    "frustration_index",
    "layer_network",
    "polarization_index",
    "signed_blocs",
    "signed_matrix",
]

#: Largest reduced component (after exact reductions) whose frustration is found by
#: enumerating all bipartitions; larger ones use a seeded local search (upper bound).
EXACT_LIMIT = 20
_BOTH = ("negative", "positive", "drop")


def _region_mask(snapshot: Snapshot, region_only: bool) -> np.ndarray:
    if region_only:
        return np.asarray(snapshot.in_region, dtype=bool)
    return np.ones(snapshot.n, dtype=bool)


def _defense_adj(snapshot: Snapshot) -> np.ndarray:
    d = np.asarray(snapshot.obligation("defense"))
    adj = d | d.T
    np.fill_diagonal(adj, False)
    return adj


def defense_density(snapshot: Snapshot, *, region_only: bool = True) -> pd.DataFrame:
    """Density of the defence-tie network: ties / possible ties.

    .. math:: \\text{density} = \\frac{|\\{\\{i, j\\} : i \\text{ owes } j \\text{ or } j
       \\text{ owes } i \\text{ defence}\\}|}{n (n - 1) / 2}

    over the ``n`` states inside the region (``region_only=True``) or the snapshot.
    Network density as in Wasserman & Faust (1994, *Social Network Analysis*, §4.2);
    applied to defence pacts by Maoz (2006, *Journal of Peace Research* 43(4)).

    Returns
    -------
    DataFrame
        One row keyed by ``(region, year)``: ``defense_ties``, ``n_states``,
        ``defense_density`` (NaN for fewer than two states).

    Examples
    --------
    Hand-computed: 4 states, pacts 1-2 (mutual) and 3 -> 4 (one-sided): 2 of 6 pairs.

    >>> from alliancelab import snapshot_from_ties
    >>> s = snapshot_from_ties(1900, {1: 1, 2: 1, 3: 1, 4: 1},
    ...     [(1, 2, "defense"), (2, 1, "defense"), (3, 4, "defense")])
    >>> round(float(defense_density(s)["defense_density"].iloc[0]), 4)
    0.3333
    """
    return _one_row(_density_row(snapshot, region_only=region_only))


def _one_row(row: dict[str, object]) -> pd.DataFrame:
    """A ``(region, year)`` row as the one-row frame of the public measures."""
    return pd.DataFrame({k: [v] for k, v in row.items()})


def _density_row(snapshot: Snapshot, *, region_only: bool = True) -> dict[str, object]:
    """:func:`defense_density`'s row as a dict (the stability panel reads it so)."""
    m = _region_mask(snapshot, region_only)
    adj = _defense_adj(snapshot)[np.ix_(m, m)]
    n = int(m.sum())
    ties = int(np.triu(adj, 1).sum())
    pairs = n * (n - 1) / 2
    return {
        "region": snapshot.region,
        "year": snapshot.year,
        "defense_ties": ties,
        "n_states": n,
        "defense_density": ties / pairs if pairs > 0 else np.nan,
    }


def signed_matrix(snapshot: Snapshot, *, both: str = "negative") -> np.ndarray:
    """The signed adjacency matrix: +1 defence tie, -1 strategic rivalry, 0 none.

    Parameters
    ----------
    both : {"negative", "positive", "drop"}
        Sign of a pair that is allied *and* rival (e.g. Greece and Turkey in NATO):
        by default the rivalry wins (-1); ``"drop"`` leaves the pair unsigned.

    Examples
    --------
    >>> from alliancelab import snapshot_from_ties
    >>> s = snapshot_from_ties(1900, {1: 1, 2: 1, 3: 1}, [(1, 2, "defense")], [(2, 3)])
    >>> signed_matrix(s).tolist()
    [[0, 1, 0], [1, 0, -1], [0, -1, 0]]
    """
    if both not in _BOTH:
        raise ValueError(f"both must be one of {_BOTH}, got {both!r}")
    pos = _defense_adj(snapshot)
    neg = np.asarray(snapshot.rivalry, dtype=bool).copy()
    np.fill_diagonal(neg, False)
    S = pos.astype(np.int64) - neg.astype(np.int64)
    overlap = pos & neg
    if both == "negative":
        S[overlap] = -1
    elif both == "positive":
        S[overlap] = 1
    else:
        S[overlap] = 0
    return S


def balance(
    snapshot: Snapshot, *, region_only: bool = True, both: str = "negative"
) -> pd.DataFrame:
    """Share of balanced triangles in the signed alliance/rivalry network.

    A triangle of three signed edges is balanced when the product of its signs is +1
    (Heider 1946): "the friend of my friend is my friend", "the enemy of my enemy is my
    friend". With ``A = |S|``, the number of triangles is ``tr(A^3)/6`` and
    ``tr(S^3)/6`` = balanced - unbalanced, so

    .. math:: \\text{balanced\\_share} = \\frac{1}{2}\\left(1 +
       \\frac{\\operatorname{tr} S^3}{\\operatorname{tr} |S|^3}\\right).

    References
    ----------
    Heider, Fritz. 1946. "Attitudes and Cognitive Organization." *Journal of Psychology*
    21: 107-112. Cartwright, Dorwin & Frank Harary. 1956. "Structural Balance: A
    Generalization of Heider's Theory." *Psychological Review* 63(5): 277-293. Applied to
    alliances (+) and rivalries (-) by Oishi & Sakuwa (2020, arXiv:2009.00369).

    Returns
    -------
    DataFrame
        One row keyed by ``(region, year)``: ``triangles``, ``balanced_triangles``,
        ``balanced_share`` (NaN when there is no signed triangle), ``allied_rivals``
        (pairs both allied and rival).

    Examples
    --------
    Hand-computed: 1-2 allied, 1-3 and 2-3 rivals: signs (+, -, -), product + ->
    balanced. Adding 3-4 alliance and 1-4 rivalry... (see tests) here one triangle.

    >>> from alliancelab import snapshot_from_ties
    >>> s = snapshot_from_ties(1900, {1: 1, 2: 1, 3: 1},
    ...     [(1, 2, "defense")], [(1, 3), (2, 3)])
    >>> b = balance(s).iloc[0]
    >>> int(b["triangles"]), float(b["balanced_share"])
    (1, 1.0)
    """
    return _one_row(_balance_row(snapshot, region_only=region_only, both=both))


def _balance_row(
    snapshot: Snapshot, *, region_only: bool = True, both: str = "negative"
) -> dict[str, object]:
    """:func:`balance`'s row as a dict (the stability panel reads it so)."""
    m = _region_mask(snapshot, region_only)
    S = signed_matrix(snapshot, both=both)[np.ix_(m, m)].astype(float)
    A = np.abs(S)
    t_all = float(np.einsum("ij,jk,ki->", A, A, A)) / 6.0
    t_signed = float(np.einsum("ij,jk,ki->", S, S, S)) / 6.0
    tri = round(t_all)
    bal = round((t_all + t_signed) / 2.0)
    pos = _defense_adj(snapshot)[np.ix_(m, m)]
    riv = np.asarray(snapshot.rivalry, dtype=bool)[np.ix_(m, m)]
    return {
        "region": snapshot.region,
        "year": snapshot.year,
        "triangles": tri,
        "balanced_triangles": bal,
        "balanced_share": bal / tri if tri > 0 else np.nan,
        "allied_rivals": int(np.triu(pos & riv, 1).sum()),
    }


# -- frustration index ----------------------------------------------------------------


def frustration_index(
    S: np.ndarray, *, exact_limit: int = EXACT_LIMIT, seed: int = 0
) -> tuple[int, bool]:
    """Frustration (line) index of a signed graph: fewest edges to delete for balance.

    The minimum, over bipartitions ``sigma`` of the nodes, of the number of positive
    edges across and negative edges within the two sides:

    .. math:: L(S) = \\min_{\\sigma \\in \\{\\pm 1\\}^n} \\sum_{i<j} \\frac{|S_{ij}| -
       S_{ij}\\sigma_i\\sigma_j}{2}.

    This is the energy of Axelrod & Bennett's (1993) landscape with unit sizes and
    propensities ``p_ij = S_ij`` (E = sum r_ij d_ij, minimised over configurations), up
    to the constant number of negative edges: a ±J Ising ground state. Computed exactly
    by enumerating bipartitions of each connected component after exact reductions
    (dropping nodes of degree one and merging positive twins) when the reduced component
    has at most ``exact_limit`` nodes (a component that a two-colouring shows balanced has
    frustration 0 and is not enumerated: Harary 1953; Aref & Wilson 2018); otherwise a
    seeded multi-start local search gives an upper bound and ``exact`` is False.

    Parameters
    ----------
    S : (n, n) array
        Symmetric signed adjacency (+1, -1, 0).

    Returns
    -------
    (int, bool)
        The index and whether it is exact.

    References
    ----------
    Harary, Frank. 1959. "On the Measurement of Structural Balance." *Behavioral Science*
    4(4): 316-323 (line index of balance). Cartwright & Harary (1956). Harary, Frank.
    1953. "On the notion of balance of a signed graph." *Michigan Mathematical Journal*
    2(2): 143-146. Aref, Samin & Mark C. Wilson. 2018. "Measuring partial balance in
    signed networks." *Journal of Complex Networks* 6(4): 566-595.

    Examples
    --------
    An all-negative triangle needs one deletion; a balanced square none.

    >>> import numpy as np
    >>> frustration_index(-(np.ones((3, 3), dtype=int) - np.eye(3, dtype=int)))
    (1, True)
    """
    S = np.asarray(S)
    if S.ndim != 2 or S.shape[0] != S.shape[1] or not np.array_equal(S, S.T):
        raise ValueError("S must be a symmetric square signed matrix")
    W = np.sign(S).astype(float)
    np.fill_diagonal(W, 0.0)
    rng = np.random.default_rng(seed)
    total = 0.0
    exact = True
    for comp in _components(W != 0):
        sub, fixed = _prune_and_merge(W[np.ix_(comp, comp)])
        total += fixed
        for c2 in _components(sub != 0) if sub.shape[0] else []:
            part = sub[np.ix_(c2, c2)]
            if part.shape[0] <= exact_limit:
                # a balanced component has frustration 0: no need to enumerate its cuts
                total += 0.0 if _balanced(part) else _enumerate(part)
            else:
                total += _local_search(part, rng)
                exact = False
    return round(total), exact


def frustration(
    snapshot: Snapshot, *, region_only: bool = True, both: str = "negative", seed: int = 0
) -> pd.DataFrame:
    """Frustration index of the snapshot's signed network, as a ``(region, year)`` frame.

    :func:`frustration_index` (Harary 1959) of :func:`signed_matrix` restricted to the
    region's states (``region_only``); ``frustration_index`` itself stays the array-level
    convenience.

    Returns
    -------
    DataFrame
        One row keyed by ``(region, year)``: ``frustration`` (int) and
        ``frustration_exact`` (False when a component was too large to enumerate and the
        value is a local-search upper bound).

    Examples
    --------
    An all-negative triangle (three mutual rivals) needs one deletion.

    >>> from alliancelab import snapshot_from_ties
    >>> s = snapshot_from_ties(1900, {1: 1, 2: 1, 3: 1}, [], [(1, 2), (2, 3), (1, 3)])
    >>> frustration(s)[["frustration", "frustration_exact"]].values.tolist()
    [[1, True]]
    """
    m = _region_mask(snapshot, region_only)
    fr, exact = frustration_index(signed_matrix(snapshot, both=both)[np.ix_(m, m)], seed=seed)
    return pd.DataFrame(
        {
            "region": [snapshot.region],
            "year": [snapshot.year],
            "frustration": [int(fr)],
            "frustration_exact": [bool(exact)],
        }
    )


def signed_labels(
    snapshot: Snapshot, *, region_only: bool = True, both: str = "negative"
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """:func:`signed_blocs`' groups before they are ranked: ``(idx, active, label)``.

    ``idx`` are the snapshot indices of the states considered, ``active`` the positions in
    ``idx`` of those with a signed edge and ``label`` their group numbers (unranked).
    """
    m = _region_mask(snapshot, region_only)
    idx = np.nonzero(m)[0]
    S = signed_matrix(snapshot, both=both)[np.ix_(idx, idx)]
    active = np.nonzero((S != 0).any(axis=1))[0]
    if len(active) == 0:
        return idx, active, np.zeros(0, dtype=np.int64)
    S = S[np.ix_(active, active)]
    n = len(active)
    label = np.full(n, -1)
    for k, comp in enumerate(_components(S > 0)):
        label[comp] = k
    nxt = label.max() + 1
    for i in range(n):
        if label[i] < 0:
            label[i] = nxt
            nxt += 1
    label = local_moves(S, label, sweeps=50)  # compiled; states in index order
    return idx, active, label


def signed_blocs(
    snapshot: Snapshot, *, region_only: bool = True, both: str = "negative"
) -> pd.DataFrame:
    """Signed communities: groups with alliances inside and rivalries across.

    Correlation clustering (Bansal, Blum & Chawla 2004) of the signed network: start from
    the connected components of the positive (defence) graph and move single states
    between groups (or into a new group) while that lowers the number of disagreements
    (negative edges inside a group plus positive edges between groups); deterministic
    (states visited in ccode order). The idea of blocs as signed communities follows
    Traag & Bruggeman (2009, *Physical Review E* 80: 036115), who use a Potts model;
    this is a simpler local optimum, not their algorithm.

    Returns
    -------
    DataFrame
        One row per state with a signed edge: ``ccode, year, bloc`` (1-based, largest
        capability first), ``capability``.

    Examples
    --------
    1-2 allied and 3-4 allied, 1-3 rivals: two blocs.

    >>> from alliancelab import snapshot_from_ties
    >>> s = snapshot_from_ties(1900, {1: 2, 2: 1, 3: 1, 4: 1},
    ...     [(1, 2, "defense"), (3, 4, "defense")], [(1, 3)])
    >>> signed_blocs(s)[["ccode", "bloc"]].values.tolist()
    [[1, 1], [2, 1], [3, 2], [4, 2]]
    """
    idx, active, label = signed_labels(snapshot, region_only=region_only, both=both)
    cols = ["ccode", "year", "bloc", "capability"]
    if len(active) == 0:
        return pd.DataFrame(columns=cols)
    cap = np.asarray(snapshot.capability, dtype=float)[idx][active]
    df = pd.DataFrame(
        {
            "ccode": [snapshot.ccodes[idx[a]] for a in active],
            "year": snapshot.year,
            "label": label,
            "capability": cap,
        }
    )
    order = (
        df.groupby("label")["capability"]
        .sum(min_count=0)
        .fillna(0.0)
        .sort_values(ascending=False, kind="stable")
        .index
    )
    rank = {g: r + 1 for r, g in enumerate(order)}
    df["bloc"] = df["label"].map(rank).astype(int)
    return df[cols].sort_values(["bloc", "ccode"]).reset_index(drop=True)


def polarization_index(shares: Sequence[float]) -> float:
    """Discrete polarization RQ of group shares (Montalvo & Reynal-Querol 2005).

    .. math:: RQ = 1 - \\sum_i \\left(\\frac{1/2 - \\pi_i}{1/2}\\right)^2 \\pi_i
       = 4 \\sum_i \\pi_i^2 (1 - \\pi_i)

    RQ is 1 for two equal groups (bipolarity), 0 for one group holding everything, and
    falls toward 0 as capability fragments into many small groups.

    References
    ----------
    Montalvo, José G. & Marta Reynal-Querol. 2005. "Ethnic Polarization, Potential
    Conflict, and Civil Wars." *American Economic Review* 95(3): 796-816.

    Examples
    --------
    >>> polarization_index([0.5, 0.5]), polarization_index([1.0])
    (1.0, 0.0)
    >>> round(polarization_index([0.5, 0.25, 0.25]), 4)  # 4*(.25*.5 + 2*.0625*.75)
    0.875
    """
    p = np.asarray(shares, dtype=float)
    p = p[~np.isnan(p)]
    if p.size == 0 or p.sum() <= 0:
        return float("nan")
    p = p / p.sum()
    return float(4.0 * np.sum(p**2 * (1.0 - p)))


def bloc_structure(snapshot: Snapshot, *, region_only: bool = True) -> pd.DataFrame:
    """Defence blocs and the polarization of capability among them.

    Blocs are :func:`~alliancelab.measures.alliance_blocs` (connected components of
    mutual defence ties) restricted to blocs with at least one member inside the region
    when ``region_only``; every state inside the region that belongs to no bloc is its
    own group. Capability shares are over the region's states plus the outside members
    of its blocs.

    * ``n_blocs``: number of defence blocs (at least two states).
    * ``largest_bloc_share``: capability share of the strongest group (bloc or lone
      state): the preponderance of the leading coalition.
    * ``polarization``: :func:`polarization_index` (Montalvo & Reynal-Querol's RQ) of
      the group shares. **Not Maoz's (2006) index**: LITERATURE.md marks Maoz's formula
      as unverified, so this documented substitute is used; like Maoz's measure it is
      high when capability is concentrated in a few distinct blocs.

    Returns
    -------
    DataFrame
        One row keyed by ``(region, year)``: ``n_blocs``, ``largest_bloc_share``,
        ``polarization``, ``bloc_members`` (states in blocs).

    Examples
    --------
    Hand-computed: 1-2 and 3-4 mutual pacts, capabilities 2, 2, 3, 1 (total 8): two blocs
    of 4/8 each -> largest share 0.5, RQ = 4 * 2 * .25 * .5 = 1.

    >>> from alliancelab import snapshot_from_ties
    >>> s = snapshot_from_ties(1900, {1: 2, 2: 2, 3: 3, 4: 1},
    ...     [(1, 2, "defense"), (2, 1, "defense"), (3, 4, "defense"), (4, 3, "defense")])
    >>> r = bloc_structure(s).iloc[0]
    >>> int(r["n_blocs"]), float(r["largest_bloc_share"]), float(r["polarization"])
    (2, 0.5, 1.0)
    """
    return _one_row(_bloc_row(snapshot, region_only=region_only))


def _bloc_row(snapshot: Snapshot, *, region_only: bool = True) -> dict[str, object]:
    """:func:`bloc_structure`'s row as a dict (the stability panel reads it so)."""
    blocs = {"members": _bloc_members(snapshot)}  # alliance_blocs(snapshot)'s column
    inside = {snapshot.ccodes[i] for i in np.nonzero(_region_mask(snapshot, region_only))[0]}
    cap = dict(zip(snapshot.ccodes, np.asarray(snapshot.capability, dtype=float), strict=True))
    groups: list[float] = []
    in_bloc: set[int] = set()
    n_blocs = 0
    for members in blocs["members"]:
        if not inside & set(members):
            continue
        n_blocs += 1
        in_bloc |= set(members)
        groups.append(float(np.nansum([cap[c] for c in members])))
    for c in sorted(inside - in_bloc):
        groups.append(float(np.nan_to_num(cap[c], nan=0.0)))
    total = float(np.sum(groups)) if groups else 0.0
    largest = max(groups) / total if total > 0 else np.nan
    return {
        "region": snapshot.region,
        "year": snapshot.year,
        "n_blocs": n_blocs,
        "largest_bloc_share": largest,
        "polarization": polarization_index(groups) if total > 0 else np.nan,
        "bloc_members": len(in_bloc),
    }


def layer_network(snapshot: Snapshot, domain: str, *, region_only: bool = True) -> pd.DataFrame:
    """Network measures of one alliance domain layer (cyber, non_traditional, ...).

    For the undirected graph of ties in alliances of ``domain`` among the region's
    states: ``ties``, ``density`` (as :func:`defense_density`), ``n_components`` (groups
    of at least two tied states) and ``largest_component_share`` (of the region's
    states). A snapshot without any alliance of that domain gives NaN with
    ``covered=False``: the data do not code that layer, which is not the same as no ties.

    Examples
    --------
    >>> from alliancelab import snapshot
    >>> r = layer_network(snapshot(2024, "europe"), "cyber").iloc[0]
    >>> bool(r["covered"]), int(r["ties"]) > 0
    (True, True)
    """
    return pd.DataFrame([_layer_row(snapshot, domain, region_only=region_only)])


def _layer_row(snapshot: Snapshot, domain: str, *, region_only: bool = True) -> dict[str, object]:
    """:func:`layer_network`'s row as a dict (the stability panel reads it so)."""
    if domain not in DOMAINS:
        raise ValueError(f"domain must be one of {DOMAINS}, got {domain!r}")
    m = _region_mask(snapshot, region_only)
    n = int(m.sum())
    covered = domain in snapshot.alliance_domains or domain == "conventional"
    layer = snapshot.layers.get(domain)
    row: dict[str, object] = {"region": snapshot.region, "year": snapshot.year}
    row["domain"] = domain
    if not covered or layer is None:
        row.update(
            covered=False,
            ties=np.nan,
            density=np.nan,
            n_components=np.nan,
            largest_component_share=np.nan,
        )
        return row
    adj = np.asarray(layer, dtype=bool)[np.ix_(m, m)]
    adj = adj | adj.T
    np.fill_diagonal(adj, False)
    ties = int(np.triu(adj, 1).sum())
    comps = _components(adj)
    pairs = n * (n - 1) / 2
    row.update(
        covered=True,
        ties=ties,
        density=ties / pairs if pairs > 0 else np.nan,
        n_components=len(comps),
        largest_component_share=(max(len(c) for c in comps) / n) if comps else 0.0,
    )
    return row
