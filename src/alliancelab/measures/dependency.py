"""Dependency inside alliances: reliance on the largest partner, asymmetry, free-riding."""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from ..snapshot import Snapshot

__all__ = ["dependency", "free_riding", "spearman"]


def dependency(
    snapshot: Snapshot, *, region_only: bool = True
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """How much each state's alliance-pooled capability comes from its largest partner.

    For state i with defence partners ``A_i = {j : j owes i defence}``:

    .. math:: \\text{dependency}_i = \\frac{\\max_{j \\in A_i} c_j}{c_i + \\sum_{j \\in
       A_i} c_j}

    (0 for a state nobody owes defence; NA where capabilities are missing). Obligation
    ``asymmetry`` of the region: the share of defence-tied pairs in which only one side
    owes defence (one-sided guarantees, e.g. the US-Japan treaty of 1960 in ATOP's
    coding). Pooled capability as in Kim (1991, *AJPS* 35(4)); asymmetric alliances as
    autonomy-security trade-offs in Morrow (1991, *AJPS* 35(4): 904-933).

    Returns
    -------
    (region, states) : two DataFrames
        ``region``: one row keyed by ``(region, year)`` with ``max_dependency``
        (largest over states inside the region), ``most_dependent``, ``asymmetry``.
        ``states``: ``ccode, year, dependency, largest_partner, n_partners``.

    Examples
    --------
    Hand-computed: 2 (cap 1) is owed defence by 1 (cap 6) and 3 (cap 3):
    6 / (1 + 6 + 3) = 0.6. 1 owes 2 but 2 owes 1 nothing; 3 and 2 likewise: both pairs
    are one-sided -> asymmetry 1.

    >>> from alliancelab import snapshot_from_ties
    >>> s = snapshot_from_ties(1950, {1: 6, 2: 1, 3: 3}, [(1, 2, "defense"), (3, 2, "defense")])
    >>> reg, st = dependency(s)
    >>> float(reg["max_dependency"].iloc[0]), int(reg["most_dependent"].iloc[0])
    (0.6, 2)
    >>> float(reg["asymmetry"].iloc[0])
    1.0
    """
    dep, largest, n_partners, inside, region = _dependency_arrays(snapshot, region_only)
    states = pd.DataFrame(
        {
            "ccode": list(snapshot.ccodes),
            "year": snapshot.year,
            "dependency": dep,
            "largest_partner": pd.Series(largest, dtype="Int64").where(largest >= 0),
            "n_partners": n_partners,
        }
    )[inside].reset_index(drop=True)
    return pd.DataFrame([region]), states


def _dependency_arrays(
    snapshot: Snapshot, region_only: bool = True
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, dict[str, object]]:
    """:func:`dependency` as arrays over all the snapshot's states, and its region row.

    Returns ``dependency``, ``largest_partner`` (ccode, -1 for none), ``n_partners``, the
    mask of the states the frame keeps, and the region row as a dict (the stability panel
    reads it without building either frame).
    """
    owes = np.asarray(snapshot.obligation("defense"), dtype=bool).copy()
    np.fill_diagonal(owes, False)
    cap = np.asarray(snapshot.capability, dtype=float)
    n = snapshot.n
    dep = np.full(n, np.nan)
    largest = np.full(n, -1, dtype=np.int64)
    for i in range(n):
        partners = np.nonzero(owes[:, i])[0]
        if len(partners) == 0:
            dep[i] = 0.0 if not np.isnan(cap[i]) else np.nan
            continue
        pc = cap[partners]
        if np.isnan(pc).any() or np.isnan(cap[i]):
            continue
        total = cap[i] + pc.sum()
        k = int(np.argmax(pc))
        dep[i] = pc[k] / total if total > 0 else np.nan
        largest[i] = snapshot.ccodes[partners[k]]
    inside = np.asarray(snapshot.in_region, dtype=bool) if region_only else np.ones(n, bool)
    tied = np.triu(owes | owes.T, 1)
    one_way = np.triu(owes ^ owes.T, 1)
    m = np.ix_(inside, inside)
    n_tied = int(tied[m].sum())
    dv = dep[inside]
    has = bool((~np.isnan(dv)).any())
    kmax = int(np.nanargmax(dv)) if has else -1
    region: dict[str, object] = {
        "region": snapshot.region,
        "year": snapshot.year,
        "max_dependency": float(dv[kmax]) if has else np.nan,
        "most_dependent": int(np.asarray(snapshot.ccodes)[inside][kmax]) if has else pd.NA,
        "asymmetry": int(one_way[m].sum()) / n_tied if n_tied else np.nan,
    }
    return dep, largest, owes.sum(axis=0).astype(int), inside, region


def alliance_dependency(
    snapshot: Snapshot, *, level: str = "state", region_only: bool = True
) -> pd.DataFrame:
    """One frame of :func:`dependency`: by ``(ccode, year)`` or ``(region, year)``.

    ``level="state"``: ``dependency``, ``largest_partner``, ``n_partners`` of each state;
    ``"region"``: ``max_dependency``, ``most_dependent``, ``asymmetry``.

    Examples
    --------
    >>> from alliancelab import snapshot_from_ties
    >>> s = snapshot_from_ties(1900, {1: 6, 2: 1, 3: 3}, [(1, 2, "defense"), (3, 2, "defense")])
    >>> float(alliance_dependency(s).set_index("ccode").loc[2, "dependency"])
    0.6
    """
    if level not in ("state", "region"):
        raise ValueError(f"level must be 'state' or 'region', got {level!r}")
    reg, states = dependency(snapshot, region_only=region_only)
    return states if level == "state" else reg


def spearman(x: np.ndarray, y: np.ndarray) -> float:
    """Spearman rank correlation (average ranks for ties); NaN for fewer than 3 pairs.

    Examples
    --------
    >>> spearman(np.array([1, 2, 3]), np.array([10, 30, 20]))
    0.5
    """
    x = np.asarray(x, dtype=float)
    y = np.asarray(y, dtype=float)
    ok = ~(np.isnan(x) | np.isnan(y))
    if ok.sum() < 3:
        return float("nan")
    rx = pd.Series(x[ok]).rank().to_numpy()
    ry = pd.Series(y[ok]).rank().to_numpy()
    if rx.std() == 0 or ry.std() == 0:
        return float("nan")
    return float(np.corrcoef(rx, ry)[0, 1])


def free_riding(
    snapshot: Snapshot,
    burden: Mapping[int, float],
    size: Mapping[int, float] | None = None,
    *,
    min_members: int = 3,
) -> pd.DataFrame:
    """Olson & Zeckhauser's exploitation test: rank correlation of size and burden.

    For every alliance of the snapshot with at least ``min_members`` members that have
    data, Spearman's rho between members' size (GDP in the original; by default the
    capability index) and their defence burden (military expenditure / GDP, which a
    Snapshot does not hold: pass it, e.g. SIPRI's ``milex_share_gdp``). A positive rho
    means the large members carry a disproportionate share: the small ones free-ride.

    References
    ----------
    Olson, Mancur & Richard Zeckhauser. 1966. "An Economic Theory of Alliances." *Review
    of Economics and Statistics* 48(3): 266-279. Sandler & Murdoch (2000, *Fiscal
    Studies* 21(3)), Table 9, report rho for NATO 1994-97 of 0.11-0.19.

    Returns
    -------
    DataFrame
        ``alliance, name, year, n, rho``.

    Examples
    --------
    Hand-computed: sizes 3, 1, 2 (US, Canada, UK) with burdens .04, .03, .02: ranks
    (3, 1, 2) and (3, 2, 1), sum of squared rank differences 2, rho = 1 - 6*2/(3*8) = 0.5.

    >>> from alliancelab import snapshot
    >>> s = snapshot(1960, [2, 20, 200])
    >>> fr = free_riding(s, {2: .04, 20: .03, 200: .02}, {2: 3, 20: 1, 200: 2})
    >>> fr.loc[fr["alliance"] == "nato", "rho"].round(3).tolist()
    [0.5]
    """
    rows = []
    sizes = dict(zip(snapshot.ccodes, np.asarray(snapshot.capability, float), strict=True))
    if size is not None:
        sizes = {c: float(size.get(c, np.nan)) for c in snapshot.ccodes}
    for k, aid in enumerate(snapshot.alliances):
        members = [snapshot.ccodes[i] for i in np.nonzero(snapshot.membership[k])[0]]
        x = np.array([sizes.get(c, np.nan) for c in members], dtype=float)
        y = np.array([burden.get(c, np.nan) for c in members], dtype=float)
        ok = ~(np.isnan(x) | np.isnan(y))
        if ok.sum() < min_members:
            continue
        rows.append(
            {
                "alliance": aid,
                "name": snapshot.alliance_names[k],
                "year": snapshot.year,
                "n": int(ok.sum()),
                "rho": spearman(x, y),
            }
        )
    return pd.DataFrame(rows, columns=["alliance", "name", "year", "n", "rho"])
