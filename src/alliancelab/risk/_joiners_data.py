"""The war-joining data set: one row per (war, candidate state, side).

For every COW inter-state war (Sarkees & Wayman 2010, v4.0, in peacesciencer's directed
dyad-year form: ``alliancelab data import cow-war``) the onset is the war's first year
(the store's war table dates participation by year only) and the alliance system is the
dated store snapshot of 1 January of that year, so no alliance signed during the war
year enters its predictors. The *originators* are the states fighting in that first year;
every other system member of the snapshot is a *candidate*, with two rows, one per side
(``side`` 1 = COW side A, 2 = side B); ``joined`` is 1 on the row of the side it later
fought on.

Predictors of a (candidate i, side s) row, with S the originators of side s and O those
of the other side (obligations read from the snapshot's ties and their ATOP 5.1 member
conditions, :class:`alliancelab.snapshot.TieConditions`):

* ``def_side``: i owes a member of S defence that applies: the obligation names no
  adversary or names a member of O (ATOP ``defcoadv``), and is not void by
  non-provocation (``defconpr``) with the ally a war initiator;
* ``off_side``: i owes a member of S offence naming no adversary or a member of O;
* ``def_opp``, ``off_opp``: the same towards the other side;
* ``neu_opp``, ``nonagg_opp``: i pledged neutrality / non-aggression to a member of O
  (a kept pledge keeps i off side s); neutrality pledges naming adversaries apply when
  one is in S;
* ``consult_side``: a consultation obligation towards a member of S;
* ``aimed_side``: a defence or offence obligation of i names a member of S as adversary;
* ``major`` (COW major power on the onset day), ``log_cinc`` (NMC CINC of the year),
  ``contig_side``/``contig_opp`` (COW direct contiguity, any type, to a member of S / O
  in the onset month);
* ``region_side``: i is in the COW region (first digit of the code) of a member of S;
* era dummies ``era2`` (1915-1945) and ``era3`` (1946-), and ``def_side_era3``.

Joiners that were not system members on 1 January of the onset year (and so are no
candidates) are counted in :func:`build` 's ``attrs["missed"]``.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from ..errors import DataFormatError
from ..reference import OBLIGATIONS
from ..snapshot import Snapshot
from ..snapshot import snapshot as _snapshot

__all__ = ["ERAS", "FEATURES", "build", "era_of", "wars"]

#: Eras of the backtest and of the honour table: (label, first year, last year).
ERAS: tuple[tuple[str, int, int], ...] = (
    ("1816-1914", 1816, 1914),
    ("1915-1945", 1915, 1945),
    ("1946-", 1946, 9999),
)
#: Predictors of the joining logit, in model order.
FEATURES: tuple[str, ...] = (
    "def_side",
    "off_side",
    "def_opp",
    "off_opp",
    "neu_opp",
    "nonagg_opp",
    "consult_side",
    "aimed_side",
    "major",
    "log_cinc",
    "contig_side",
    "contig_opp",
    "region_side",
    "era2",
    "era3",
    "def_side_era3",
)
_K = {name: OBLIGATIONS.index(name) for name in OBLIGATIONS}


def era_of(year: int) -> str:
    """The era label of ``year``.

    Examples
    --------
    >>> era_of(1914), era_of(1939), era_of(1950)
    ('1816-1914', '1915-1945', '1946-')
    """
    for label, lo, hi in ERAS:
        if lo <= year <= hi:
            return label
    raise ValueError(f"year {year} is outside every era")


def wars(store: Any) -> pd.DataFrame:
    """Participants of every COW inter-state war in the store.

    Returns
    -------
    DataFrame
        ``warnum, ccode, side, first_year, onset, initiator``: one row per participant,
        ``onset`` the war's first year, ``first_year`` the participant's.
    """
    if not store.has("cow_war"):
        raise DataFormatError(
            "war joining needs the COW inter-state wars: "
            "alliancelab data import cow-war extra/cow_war_inter.csv.gz"
        )
    w = store.read("cow_war", "inter")
    p = (
        w.groupby(["warnum", "ccode1"])
        .agg(side=("sidea1", "first"), first_year=("year", "min"), init=("initiator1", "max"))
        .reset_index()
        .rename(columns={"ccode1": "ccode", "init": "initiator"})
    )
    p["onset"] = p.groupby("warnum")["first_year"].transform("min")
    cols = ["warnum", "ccode", "side", "first_year", "onset", "initiator"]
    return p[cols].astype(int).sort_values(["warnum", "ccode"]).reset_index(drop=True)


def _region(ccode: int) -> int:
    """COW region by code: 0 Americas, 1 Europe, 2 Africa, 3 Middle East, 4 Asia-Oceania."""
    for k, hi in enumerate((199, 399, 626, 699)):
        if ccode <= hi:
            return k
    return 4


def _majors(store: Any, day: int) -> set[int]:
    m = store.read("cow_states", "majors")
    start = m["styear"] * 10000 + m["stmonth"] * 100 + m["stday"]
    end = m["endyear"] * 10000 + m["endmonth"] * 100 + m["endday"]
    return set(m.loc[(start <= day) & (day <= end), "ccode"].astype(int))


def _contiguity(store: Any) -> pd.DataFrame:
    if not store.has("cow_contiguity"):
        raise DataFormatError(
            "war joining needs COW direct contiguity: alliancelab data import "
            "cow-contiguity cow_contiguity/contdir.csv"
        )
    c = store.read("cow_contiguity", "contdir")[["ccode1", "ccode2", "begin", "end"]]
    return pd.concat([c, c.rename(columns={"ccode1": "ccode2", "ccode2": "ccode1"})])


def _obligations(
    snap: Snapshot, sides: dict[int, set[int]], initiators: set[int]
) -> dict[str, np.ndarray]:
    """(n, 2) flags per predictor: column s-1 for side s (module docstring)."""
    n = snap.n
    names = ("def", "off", "neu", "nonagg", "consult", "aimed")
    out = {k: np.zeros((n, 2), dtype=bool) for k in names}
    side_of = {c: s for s, cs in sides.items() for c in cs}
    for t in range(len(snap.tie_from)):
        i, j = int(snap.tie_from[t]), int(snap.tie_to[t])
        cond = snap.conditions(t)
        for s in (1, 2):  # aimed: an obligation of i names a member of side s
            if sides[s] & cond.aimed_at():
                out["aimed"][i, s - 1] = True
        sj = side_of.get(snap.ccodes[j])
        if sj is None:
            continue
        own, other = sides[sj], sides[3 - sj]
        ob = snap.tie_obligations[t]
        if ob[_K["defense"]]:
            against = cond.defense_against
            # defence is owed to a state attacked: void towards the initiating side
            void = bool(own & initiators) or (
                cond.defense_nonprovocation and snap.ccodes[j] in initiators
            )
            if not void and (against is None or against & other):
                out["def"][i, sj - 1] = True
        if ob[_K["offense"]]:
            against = cond.offense_against
            if against is None or against & other:
                out["off"][i, sj - 1] = True
        if ob[_K["neutrality"]]:
            against = cond.neutral_against
            if against is None or against & other:
                out["neu"][i, 2 - sj] = True  # pledged to j: stays off the other side
        if ob[_K["nonaggression"]]:
            out["nonagg"][i, 2 - sj] = True
        if ob[_K["consultation"]]:
            out["consult"][i, sj - 1] = True
    return out


def _war_rows(store: Any, war: pd.DataFrame, contig: pd.DataFrame) -> tuple[pd.DataFrame, int]:
    onset = int(war["onset"].iloc[0])
    snap = _snapshot(f"{onset}-01-01", data="store", store=store)
    orig = war[war["first_year"] == onset]
    sides = {s: set(orig.loc[orig["side"] == s, "ccode"]) for s in (1, 2)}
    joiners = war[war["first_year"] > onset].set_index("ccode")["side"].to_dict()
    originators = sides[1] | sides[2]
    init = set(war.loc[war["initiator"] == 1, "ccode"])
    flags = _obligations(snap, sides, init)
    codes = np.array(snap.ccodes)
    month = onset * 100 + 1
    live = contig[(contig["begin"] <= month) & (contig["end"] >= month)]
    nb = {s: set(live.loc[live["ccode2"].isin(sides[s]), "ccode1"]) for s in (1, 2)}
    majors = _majors(store, onset * 10000 + 101)
    cinc = np.nan_to_num(np.asarray(snap.capability, dtype=float), nan=0.0)
    cand = np.array([c not in originators for c in codes])
    reg = np.array([_region(int(c)) for c in codes])
    side_regions = {s: {_region(c) for c in sides[s]} for s in (1, 2)}
    era = era_of(onset)
    rows = []
    for s in (1, 2):
        o = 2 - s  # column of the other side
        r = pd.DataFrame(
            {
                "warnum": int(war["warnum"].iloc[0]),
                "onset": onset,
                "era": era,
                "ccode": codes,
                "side": s,
                "joined": [int(joiners.get(int(c)) == s) for c in codes],
                "def_side": flags["def"][:, s - 1],
                "off_side": flags["off"][:, s - 1],
                "def_opp": flags["def"][:, o],
                "off_opp": flags["off"][:, o],
                "neu_opp": flags["neu"][:, s - 1],
                "nonagg_opp": flags["nonagg"][:, s - 1],
                "consult_side": flags["consult"][:, s - 1],
                "aimed_side": flags["aimed"][:, s - 1],
                "major": np.isin(codes, list(majors)),
                "log_cinc": np.log(cinc + 1e-6),
                "contig_side": np.isin(codes, list(nb[s])),
                "contig_opp": np.isin(codes, list(nb[3 - s])),
                "region_side": np.isin(reg, list(side_regions[s])),
            }
        )
        rows.append(r[cand])
    present = {int(c) for c in codes}
    missed = len(set(map(int, war.loc[war["first_year"] > onset, "ccode"])) - present)
    return pd.concat(rows, ignore_index=True), missed


def build(store: Any) -> pd.DataFrame:
    """The (war, candidate, side) data set of every war in the store (module docstring).

    Parameters
    ----------
    store : Store
        With COW states (and majors), ATOP 5.1, NMC, COW contiguity and ``cow-war``.

    Returns
    -------
    DataFrame
        ``warnum, onset, era, ccode, side, joined`` and :data:`FEATURES` (floats);
        ``attrs["missed"]``: joiners that were no candidates (not system members on
        1 January of the onset year).
    """
    w = wars(store)
    contig = _contiguity(store)
    parts, missed = [], 0
    for _, war in w.groupby("warnum", sort=True):
        rows, m = _war_rows(store, war, contig)
        parts.append(rows)
        missed += m
    df = pd.concat(parts, ignore_index=True)
    df["era2"] = df["era"] == ERAS[1][0]
    df["era3"] = df["era"] == ERAS[2][0]
    df["def_side_era3"] = df["def_side"] & df["era3"]
    for f in FEATURES:
        df[f] = df[f].astype(float)
    df.attrs["missed"] = int(missed)
    return df
