"""Power distribution: capability shares, Ray-Singer concentration (CON), polarity and
power-transition risk among rivals (parity, overtaking)."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
from numpy.typing import ArrayLike

from ..snapshot import Snapshot

__all__ = [
    "PARITY_BAND",
    "POLE_THRESHOLD",
    "capability_shares",
    "con",
    "concentration",
    "parity_rivalries",
    "polarity",
    "pole_candidates",
    "pole_index",
    "poles_of",
    "rival_parity",
    "system_polarity",
]

#: A pole's capability is at least this fraction of the leading great power's (Schweller
#: 1998: a pole has more than half the resources of the most powerful state; see
#: :func:`polarity`).
POLE_THRESHOLD = 1 / 2


def concentration(shares: ArrayLike) -> float:
    """Ray & Singer's capability concentration index CON.

    .. math:: CON = \\sqrt{\\frac{\\sum_i S_i^2 - 1/N}{1 - 1/N}}

    where :math:`S_i` is state i's share of the capability of the N states. CON is 0 when
    capability is spread evenly and 1 when one state holds all of it.

    Parameters
    ----------
    shares : sequence of float
        Shares, or non-negative capabilities, which are first divided by their sum.
        NaN entries are dropped.

    Returns
    -------
    float
        CON in [0, 1]; NaN for fewer than two states or zero total capability.

    References
    ----------
    Ray, James Lee & J. David Singer. 1973. "Measuring the Concentration of Power in the
    International System." *Sociological Methods & Research* 1(4): 403-437. Used by
    Singer, Bremer & Stuckey (1972) for major-power capability.

    Examples
    --------
    Hand-computed: (0.5, 0.3, 0.2) gives sum of squares 0.38; (0.38 - 1/3) / (1 - 1/3)
    = 0.07; sqrt(0.07) = 0.2646.

    >>> round(concentration([0.5, 0.3, 0.2]), 4)
    0.2646
    >>> concentration([0.5, 0.5]), concentration([1.0, 0.0])
    (0.0, 1.0)
    """
    s = np.asarray(shares, dtype=float)
    s = s[~np.isnan(s)]
    if (s < 0).any():
        raise ValueError("shares must be non-negative")
    n = s.size
    total = s.sum()
    if n < 2 or total <= 0:
        return float("nan")
    s = s / total
    value = (np.sum(s**2) - 1.0 / n) / (1.0 - 1.0 / n)
    return float(np.sqrt(min(max(value, 0.0), 1.0)))


def capability_shares(snapshot: Snapshot, *, region_only: bool = False) -> pd.DataFrame:
    """Each state's share of the snapshot's total capability (COW CINC or its proxy).

    CINC (Singer, Bremer & Stuckey 1972; COW NMC v7.0) is already a share of the world;
    here it is renormalised over the states of the snapshot (or only those inside the
    region with ``region_only=True``), so shares sum to 1. States without capability data
    get NA, never 0.

    Returns
    -------
    DataFrame
        ``ccode, year, name, in_region, capability, capability_kind, share``, sorted by
        share (largest first).

    Examples
    --------
    >>> from alliancelab import snapshot_from_ties
    >>> s = snapshot_from_ties(1900, {1: 3.0, 2: 1.0}, [])
    >>> capability_shares(s)["share"].tolist()
    [0.75, 0.25]
    """
    df = snapshot.states()
    df.insert(1, "year", snapshot.year)
    if region_only:
        df = df[df["in_region"]].copy()
    total = df["capability"].sum(skipna=True)
    df["share"] = df["capability"] / total if total > 0 else np.nan
    return df.sort_values("share", ascending=False, na_position="last").reset_index(drop=True)


def _polarity_label(n_poles: int) -> str:
    """Label of :func:`polarity` from the number of poles."""
    if n_poles == 0:
        return "none"
    if n_poles == 1:
        return "unipolar"
    return "bipolar" if n_poles == 2 else "multipolar"


def pole_index(snapshot: Snapshot, *, window: int | None = None) -> np.ndarray:
    """The capability index poles are counted on: smoothed shares of military expenditure.

    For a data snapshot, each state's share of the system's COW NMC military expenditure
    (``milex``), averaged over the ``window`` years ending in the snapshot's year
    (default :data:`~alliancelab.measures._military.WINDOW`, five: the half-decade of
    Singer, Bremer & Stuckey 1972), read from the data the snapshot was built from
    (:mod:`alliancelab.measures._military`: the reference benchmarks, interpolated, or
    the NMC table of the snapshot's store); for a hypothetical snapshot (every
    ``capability_kind`` ``"given"``) its capability. Military expenditure carries no
    population weight, unlike CINC (see :func:`polarity`).

    Examples
    --------
    >>> from alliancelab import snapshot_from_ties
    >>> pole_index(snapshot_from_ties(1900, {1: 3.0, 2: 1.0}, [])).tolist()
    [3.0, 1.0]
    """
    cap = np.asarray(snapshot.capability, dtype=float)
    if snapshot.n == 0 or _hypothetical(snapshot):
        return cap
    from ._military import WINDOW, windowed_shares

    store = getattr(snapshot.source, "store", None)  # a store snapshot's Store
    data = "store" if store is not None else "reference"
    w = WINDOW if window is None else _check_window(window)
    mil = windowed_shares(snapshot.year, snapshot.ccodes, data=data, store=store, window=w)
    return np.where(np.isnan(cap), np.nan, mil)


def _check_window(window: int) -> int:
    from ..limits import check

    return check("window", window, what="polarity window (years)")


def _hypothetical(snapshot: Snapshot) -> bool:
    return all(k == "given" for k in snapshot.capability_kind)


def pole_candidates(snapshot: Snapshot) -> np.ndarray:
    """Mask of the states that may be poles: the great powers of the whole system, or a
    region's own states.

    For the whole system (``region`` None or ``"world"``) the candidates are the COW major
    powers on 31 December of the year (:data:`~alliancelab.measures._military.MAJOR_POWERS`,
    COW State System Membership 2024): Waltz (1979) counts poles among the great powers.
    For a region they are the states inside it (regional powers need no global status).
    A hypothetical snapshot's states are all candidates.

    Examples
    --------
    >>> from alliancelab import snapshot
    >>> s = snapshot(1913)
    >>> sorted(c for c, m in zip(s.ccodes, pole_candidates(s)) if m)
    [2, 200, 220, 255, 300, 325, 365, 740]
    """
    inside = np.asarray(snapshot.in_region, dtype=bool)
    if snapshot.region not in (None, "world") or _hypothetical(snapshot):
        return inside
    from ._military import major_powers

    majors = major_powers(snapshot.year)
    return inside & np.array([c in majors for c in snapshot.ccodes], dtype=bool)


def poles_of(
    codes: Sequence[int], index: ArrayLike, threshold: float = POLE_THRESHOLD
) -> tuple[tuple[int, ...], tuple[float, ...], float]:
    """The poles among ``codes``: index at least ``threshold`` times the leader's.

    Returns the poles' codes and their shares of the candidates' index (largest first) and
    the leader's share; NaN entries are dropped.

    Examples
    --------
    >>> poles_of([1, 2, 3], [6.0, 3.0, 1.0])
    ((1, 2), (0.6, 0.3), 0.6)
    """
    x = np.asarray(index, dtype=float)
    cc = np.asarray(codes)
    ok = ~np.isnan(x)
    x, cc = x[ok], cc[ok]
    total = x.sum()
    if x.size == 0 or total <= 0:
        return (), (), float("nan")
    share = x / total
    order = np.argsort(-share, kind="stable")
    lead = float(share[order[0]])
    big = [k for k in order if share[k] >= threshold * lead]
    return tuple(int(cc[k]) for k in big), tuple(float(share[k]) for k in big), lead


def con(snapshot: Snapshot, *, region_only: bool = False) -> float:
    """CON (:func:`concentration`) of the snapshot's capability shares.

    Examples
    --------
    >>> from alliancelab import snapshot_from_ties
    >>> con(snapshot_from_ties(1900, {1: 1.0, 2: 1.0}, []))
    0.0
    """
    return concentration(capability_shares(snapshot, region_only=region_only)["share"])


def polarity(
    snapshot: Snapshot,
    *,
    threshold: float = POLE_THRESHOLD,
    window: int | None = None,
    region_only: bool = False,
) -> pd.DataFrame:
    """Count the poles: great powers with at least half the leading power's capability.

    **Rule** (Schweller 1998: a pole is a great power with more than half the
    resources of the most powerful state; lesser great powers have less; what could be
    verified of this and of the other operationalisations, and how they compare, is in
    docs/measures.md, "Polarity"). The capability
    index is each candidate's share of military expenditure (COW NMC ``milex``)
    averaged over the five years ending in the year (:func:`pole_index`; the
    half-decade of Singer, Bremer & Stuckey 1972), which smooths one-year war budgets.
    One pole makes the system ``unipolar``, two ``bipolar``, three or more
    ``multipolar``. The same rule is applied to the whole system (``region`` None or
    ``"world"``: the candidates are the COW major powers, Waltz's great powers) and to a
    region (its own states; ``region_only=True``, as the indicator registry does, drops
    the outside allies of a regional snapshot).

    **Population.** Schweller measures resources with CINC; CINC gives total and urban
    population a third of its weight, which makes China (11-12% of world CINC 1975-1990,
    23% in 2016) a Cold War pole and the post-1995 leader, and India a pole from 1995.
    Military expenditure has no population term, so the index here is ``milex`` alone
    (docs/measures.md: the CINC caveat, and the years the published data do not fit).

    References
    ----------
    Schweller, Randall L. 1998. *Deadly Imbalances: Tripolarity and Hitler's Strategy of
    World Conquest*. Columbia University Press (ch. 1; first in "Tripolarity and the Second
    World War", *International Studies Quarterly* 37(1), 1993: 73-103). Waltz, Kenneth
    N. 1979. *Theory of International Politics*. Addison-Wesley. Singer, J. David,
    Stuart Bremer & John Stuckey. 1972. "Capability Distribution, Uncertainty, and Major Power War,
    1820-1965." In Russett (ed.), *Peace, War, and Numbers* (COW NMC).

    Parameters
    ----------
    threshold : float
        In (0, 1]: a pole's index relative to the leader's (default one half).
    window : int, optional
        Years averaged (default five); ``window=1, threshold=1/3`` is the earlier
        one-year, one-third rule.
    region_only : bool
        Count only the states inside the region.

    Returns
    -------
    DataFrame
        One row keyed by ``(region, year)``: ``n_poles``, ``polarity``, ``poles`` (tuple
        of ccodes, largest first), ``pole_shares`` (their shares of the candidates'
        index), ``leading_share``.

    Examples
    --------
    Hand-computed on a hypothetical system (its given capabilities are the index): shares
    0.4, 0.35, 0.25; the third has 0.25 / 0.4 = 0.625 of the leader's, so three poles.

    >>> from alliancelab import snapshot_from_ties
    >>> s = snapshot_from_ties(1900, {1: 0.4, 2: 0.35, 3: 0.25}, [])
    >>> row = polarity(s).iloc[0]
    >>> int(row["n_poles"]), row["polarity"]
    (3, 'multipolar')
    >>> polarity(s, threshold=0.7)["polarity"].iloc[0]
    'bipolar'
    """
    if not 0 < threshold <= 1:
        raise ValueError("threshold must be in (0, 1]")
    index = pole_index(snapshot, window=window)
    cand = pole_candidates(snapshot)
    if not region_only:
        cand = cand | ~np.asarray(snapshot.in_region, dtype=bool)
    codes = np.asarray(snapshot.ccodes)[cand]
    poles, shares, lead = poles_of(codes, index[cand], threshold)
    return _polarity_row(snapshot.region, snapshot.year, poles, shares, lead)


def _polarity_row(
    region: str | None,
    year: int,
    poles: tuple[int, ...],
    shares: tuple[float, ...],
    lead: float,
) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "region": [region],
            "year": [year],
            "n_poles": [len(poles)],
            "polarity": [_polarity_label(len(poles))],
            "poles": [poles],
            "pole_shares": [shares],
            "leading_share": [lead],
        }
    )


def system_polarity(
    years: Sequence[int] | None = None,
    *,
    data: str = "reference",
    store: object | None = None,
    threshold: float = POLE_THRESHOLD,
    window: int | None = None,
) -> pd.DataFrame:
    """:func:`polarity` of the whole system for many years, without building snapshots.

    The same rule and index as ``polarity(snapshot(year, data=...))``: the COW major
    powers of each year are the candidates and the source's table of military-expenditure
    shares is read once (:func:`~alliancelab.measures._military.share_table`).

    Parameters
    ----------
    years : sequence of int, optional
        Default: every year of the source's expenditure table.
    data : {"reference", "store"}
    store : Store or path, optional
    threshold, window
        As for :func:`polarity`.

    Returns
    -------
    DataFrame
        One row per year, the columns of :func:`polarity` (``region`` None).

    Examples
    --------
    >>> p = system_polarity([1913, 1985, 2005]).set_index("year")
    >>> p["polarity"].tolist()
    ['multipolar', 'bipolar', 'unipolar']
    """
    from ._military import WINDOW, major_powers, share_table, windowed_shares

    if not 0 < threshold <= 1:
        raise ValueError("threshold must be in (0, 1]")
    if data not in ("reference", "store"):
        raise ValueError("data must be 'reference' or 'store'")
    w = WINDOW if window is None else _check_window(window)
    table = share_table(data, store)
    todo = [int(y) for y in (table.index if years is None else years)]
    rows = []
    for y in todo:
        codes = sorted(major_powers(y))
        index = windowed_shares(y, codes, data=data, store=store, window=w)
        rows.append(_polarity_row(None, y, *poles_of(codes, index, threshold)))
    if not rows:
        return _polarity_row(None, 0, (), (), float("nan")).iloc[0:0]
    return pd.concat(rows, ignore_index=True)


#: Capability ratio band counted as parity (Organski & Kugler 1980: the weaker side has
#: at least 80% of the stronger's capability).
PARITY_BAND = (0.8, 1.25)


def _rival_pairs(snapshot: Snapshot, region_only: bool) -> list[tuple[int, int]]:
    riv = np.triu(np.asarray(snapshot.rivalry, dtype=bool), 1)
    pairs = [(int(i), int(j)) for i, j in zip(*np.nonzero(riv), strict=True)]
    if region_only:
        inr = np.asarray(snapshot.in_region, dtype=bool)
        pairs = [(i, j) for i, j in pairs if inr[i] or inr[j]]
    return pairs


def rival_parity(
    snapshot: Snapshot,
    *,
    previous: Snapshot | None = None,
    band: tuple[float, float] = PARITY_BAND,
    region_only: bool = True,
) -> pd.DataFrame:
    """Power-transition risk per rival pair: parity and overtaking.

    For each strategic rival pair (i, j) with ``ccode1 < ccode2``, ``ratio = c_i / c_j``
    of capabilities; the pair is at ``parity`` when ``band[0] <= ratio <= band[1]``
    (default 0.8-1.25). ``overtaking`` is True when ``previous`` (the snapshot of an
    earlier year) is given and the stronger state of the pair changed since then. Organski
    & Kugler's power-transition theory expects war to be most likely when a challenger
    reaches parity with, and overtakes, a dominant rival.

    References
    ----------
    Organski, A.F.K. & Jacek Kugler. 1980. *The War Ledger*. University of Chicago Press.

    Returns
    -------
    DataFrame
        ``ccode1, ccode2, year, capability1, capability2, ratio, parity, overtaking``
        (``overtaking`` is NA without ``previous`` or without capabilities there; ratio NA
        where a capability is missing).

    Examples
    --------
    Hand-computed: capabilities 9 and 10 give ratio 0.9 (parity); the year before they
    were 11 and 10, so state 1 was stronger and has been overtaken.

    >>> from alliancelab import snapshot_from_ties
    >>> now = snapshot_from_ties(1900, {1: 9, 2: 10}, [], [(1, 2)])
    >>> before = snapshot_from_ties(1899, {1: 11, 2: 10}, [], [(1, 2)])
    >>> r = rival_parity(now, previous=before).iloc[0]
    >>> float(r["ratio"]), bool(r["parity"]), bool(r["overtaking"])
    (0.9, True, True)
    """
    lo, hi = band
    if not 0 < lo <= 1 <= hi:
        raise ValueError("band must satisfy 0 < low <= 1 <= high")
    cap = np.asarray(snapshot.capability, dtype=float)
    prev_cap: dict[int, float] = {}
    if previous is not None:
        prev_cap = dict(zip(previous.ccodes, np.asarray(previous.capability, float), strict=True))
    rows = []
    for i, j in _rival_pairs(snapshot, region_only):
        a, b = snapshot.ccodes[i], snapshot.ccodes[j]
        ci, cj = cap[i], cap[j]
        ratio = ci / cj if (cj > 0 and not np.isnan(ci)) else np.nan
        over: object = pd.NA
        pa, pb = prev_cap.get(a, np.nan), prev_cap.get(b, np.nan)
        if previous is not None and not np.isnan([pa, pb, ci, cj]).any():
            over = bool((pa > pb) != (ci > cj) and pa != pb and ci != cj)
        rows.append(
            {
                "ccode1": a,
                "ccode2": b,
                "year": snapshot.year,
                "capability1": ci,
                "capability2": cj,
                "ratio": ratio,
                "parity": pd.NA if np.isnan(ratio) else bool(lo <= ratio <= hi),
                "overtaking": over,
            }
        )
    cols = ["ccode1", "ccode2", "year", "capability1", "capability2", "ratio", "parity"]
    cols.append("overtaking")
    return pd.DataFrame(rows, columns=cols)


def parity_rivalries(
    snapshot: Snapshot,
    *,
    previous: Snapshot | None = None,
    band: tuple[float, float] = PARITY_BAND,
    region_only: bool = True,
) -> pd.DataFrame:
    """Count the region's rival pairs at parity and the overtakings (Organski & Kugler).

    Aggregates :func:`rival_parity`: ``parity_rivalries`` is the number of rival pairs
    at parity, ``overtakings`` the number whose stronger member changed since
    ``previous`` (NA without it), ``n_rivalries`` all rival pairs with a member in the
    region, ``parity_unknown`` pairs lacking capability data.

    Examples
    --------
    >>> from alliancelab import snapshot_from_ties
    >>> s = snapshot_from_ties(1900, {1: 9, 2: 10, 3: 1}, [], [(1, 2), (2, 3)])
    >>> r = parity_rivalries(s).iloc[0]
    >>> int(r["parity_rivalries"]), int(r["n_rivalries"])
    (1, 2)
    """
    d = rival_parity(snapshot, previous=previous, band=band, region_only=region_only)
    known = d["parity"].notna()
    over = d["overtaking"].dropna()
    return pd.DataFrame(
        {
            "region": [snapshot.region],
            "year": [snapshot.year],
            "n_rivalries": [len(d)],
            "parity_rivalries": [int(d.loc[known, "parity"].astype(bool).sum())],
            "parity_unknown": [int((~known).sum())],
            "overtakings": [int(over.astype(bool).sum()) if previous is not None else pd.NA],
        }
    )
