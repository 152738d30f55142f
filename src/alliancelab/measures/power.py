"""Power distribution: capability shares, Ray-Singer concentration (CON) and polarity."""

from __future__ import annotations

import numpy as np
import pandas as pd
from numpy.typing import ArrayLike

from ..snapshot import Snapshot

__all__ = ["POLE_THRESHOLD", "capability_shares", "con", "concentration", "polarity"]

#: A pole holds at least this share of the snapshot's capability (see :func:`polarity`).
POLE_THRESHOLD = 0.10
#: A system is unipolar when its leading state holds at least this share.
UNIPOLAR_THRESHOLD = 0.50


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
    snapshot: Snapshot, *, threshold: float = POLE_THRESHOLD, region_only: bool = False
) -> pd.DataFrame:
    """Count the poles: states holding at least ``threshold`` of the snapshot's capability.

    A pole is a state whose capability share (:func:`capability_shares`) is at least
    ``threshold`` (default 10%, after Modelski & Thompson's rule that a global power holds
    at least 10% of global naval capability). The system is ``unipolar`` when the leading
    state holds at least 50% (Modelski & Thompson's threshold for a world power) or there
    is a single pole, ``bipolar`` with two poles and ``multipolar`` with three or more
    (Waltz 1979, *Theory of International Politics*, counts great powers the same way).

    References
    ----------
    Modelski, George & William R. Thompson. 1988. *Seapower in Global Politics,
    1494-1993*. Macmillan. Waltz, Kenneth N. 1979. *Theory of International Politics*.

    Returns
    -------
    DataFrame
        One row keyed by ``(region, year)``: ``n_poles``, ``polarity``, ``poles`` (tuple
        of ccodes, largest first), ``pole_shares`` (tuple of floats), ``leading_share``.

    Examples
    --------
    Hand-computed: shares 0.45, 0.35, 0.2 with threshold 0.1 give three poles.

    >>> from alliancelab import snapshot_from_ties
    >>> s = snapshot_from_ties(1900, {1: 0.45, 2: 0.35, 3: 0.2}, [])
    >>> row = polarity(s).iloc[0]
    >>> int(row["n_poles"]), row["polarity"]
    (3, 'multipolar')
    >>> polarity(s, threshold=0.3)["polarity"].iloc[0]
    'bipolar'
    """
    if not 0 < threshold <= 1:
        raise ValueError("threshold must be in (0, 1]")
    sh = capability_shares(snapshot, region_only=region_only).dropna(subset=["share"])
    poles = sh[sh["share"] >= threshold]
    lead = float(sh["share"].max()) if len(sh) else float("nan")
    n = len(poles)
    if n == 0:
        label = "none"
    elif n == 1 or lead >= UNIPOLAR_THRESHOLD:
        label = "unipolar"
    elif n == 2:
        label = "bipolar"
    else:
        label = "multipolar"
    return pd.DataFrame(
        {
            "region": [snapshot.region],
            "year": [snapshot.year],
            "n_poles": [n],
            "polarity": [label],
            "poles": [tuple(int(c) for c in poles["ccode"])],
            "pole_shares": [tuple(float(x) for x in poles["share"])],
            "leading_share": [lead],
        }
    )
