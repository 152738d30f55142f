"""Inputs of the alignment landscape from data: sizes and pairwise propensities.

:func:`landscape_inputs` builds the sizes (capabilities) and propensities (alliances,
rivalries, disputes, borders, wars, regimes) that :mod:`alliancelab.models.alignment`
(Axelrod & Bennett 1993) minimises; it is re-exported there.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd

from ..errors import ParameterError


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
