"""The war-joining data set: one row per (war, candidate state, side).

For every COW inter-state war (Sarkees & Wayman 2010, v4.0, participant level:
``alliancelab data import cow-war-participants Inter-StateWarData_v4.0.csv``) each
participant's entry is its first start date (``StartMonth1/StartDay1/StartYear1``; a
state that changed sides enters on the side of its first entry) and the war's *onset* is
the earliest entry. The *originators* are the participants entering within
:data:`WINDOW` days of the onset (default 0: the onset day itself); every later entrant
is a *joiner*. Day-level dates matter: counted by year, the allies that fought in a
war's first year (Russia, France and the United Kingdom in 1914; France and the United
Kingdom, two days after Germany attacked Poland, in 1939) would be originators and their
honoured pledges never enter the data. A wider window (``window=7``) treats entries of
the first week as part of the outbreak instead (simultaneous declarations, a few days
of diplomatic lag); both are tested and the backtest table is published for both.

The alliance system is the dated store snapshot **on the onset day**, for every
candidate, joiners late in a war included: the model predicts at the outbreak, from what
is known then, and alliances signed during a war are often the price of entry (Italy's
Treaty of London, 1915), which would make the predictor a consequence of joining.
Every system member of that snapshot that is not an originator is a *candidate* (no
relevance filter: a filter of allies, neighbours and major powers would drop the joiners
outside it, such as Brazil or Mongolia in 1939-45, and the model weighs those predictors
itself), with two rows, one per side (``side`` 1 = COW side 1, 2 = side 2); ``joined``
is 1 on the row of the side it entered on.

Predictors of a (candidate i, side s) row, with S the originators of side s and O those
of the other side (obligations read from the snapshot's ties and their ATOP 5.1 member
conditions, :class:`alliancelab.snapshot.TieConditions`):

* ``def_side``: i owes a member of S defence that applies: S is not the initiating
  side, the obligation names no adversary or names a member of O (ATOP ``defcoadv``),
  and it is not void by its conditions
  (:meth:`~alliancelab.snapshot.TieConditions.defense_applies`, the rule the escalation
  cascade reads): by non-provocation (``defconpr``) with the ally a war initiator, or
  by location (``defcoloc``, ATOP codebook v5.1) with the ally not a *target*. A war is
  fought on its targets' territory; the targets are the originators of the side
  without initiators (COW ``Initiator``; every war of v4.0 has initiators on one side
  only), the escalation cascade's target. A state of that side entering later (a
  joiner) fights on another state's territory, so a location-conditioned pledge to it
  does not apply; nor to the initiating side, void anyway;
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
* era dummies ``era2`` (1915-1945) and ``era3`` (1946-), and ``def_side_era3``;
* ``rival_side``/``rival_opp``: i is in a Thompson & Dreyer (2012) strategic rivalry,
  in force in the onset year, with a member of S / O.

War-level predictors (:data:`WAR_FEATURES`, the same on every row of a war; always
towards the *originators*, so known on the onset day in both modes; chosen from the
war-diffusion literature, docs/risk.md "War joining"):

* ``war_majors``: COW major powers among the originators (Yamamoto & Bremer 1980);
* ``war_log_cinc``: log of the originators' summed CINC (Kim 1989);
* ``war_reach``: log(1 + the states, originators excepted, owing a defence or offence
  obligation to an originator, whatever its conditions; Siverson & Starr 1991);
* ``war_parity``: smaller over larger alliance-augmented side capability (each side's
  originators and the states owing them defence or offence, CINC summed; Kim 1989);
* ``major_x_war_majors`` and ``def_side_x_war_majors``: ``major`` and ``def_side``
  times ``war_majors``.

Joiners that were not system members on the onset day (and so are no candidates) are
counted in :func:`build` 's ``attrs["missed"]``.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

from ..errors import DataFormatError, ParameterError
from ..reference import OBLIGATIONS
from ..snapshot import Snapshot
from ..snapshot import snapshot as _snapshot

__all__ = ["ERAS", "FEATURES", "WAR_FEATURES", "WINDOW", "build", "era_of", "wars"]

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
#: Rivalries and war-level predictors known on the onset day (module docstring): the
#: ``war`` set of :data:`alliancelab.risk.joiners.SETS` adds them to :data:`FEATURES`.
WAR_FEATURES: tuple[str, ...] = (
    "rival_side",
    "rival_opp",
    "war_majors",
    "war_log_cinc",
    "war_reach",
    "war_parity",
    "major_x_war_majors",
    "def_side_x_war_majors",
)
#: Days after the onset within which an entrant counts as an originator (module docstring).
WINDOW = 0
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


def wars(store: Any, window: int = WINDOW) -> pd.DataFrame:
    """Participants of every COW inter-state war in the store, with dated entries.

    Parameters
    ----------
    store : Store
        With ``cow_war_participants`` (COW Inter-State War Data v4.0, participant level).
    window : int
        A participant entering at most this many days after the onset is an originator.

    Returns
    -------
    DataFrame
        ``warnum, ccode, side, entry, onset, initiator, originator``: one row per
        participating state (its first entry; ``side`` that entry's side), ``entry`` and
        ``onset`` as datetimes (an unknown day or month, coded -9, counts as the first
        of the month or of January; COW v4.0 has none), ``initiator`` 0/1.
    """
    if not store.has("cow_war_participants"):
        raise DataFormatError(
            "war joining needs the COW inter-state war participants: alliancelab data "
            "import cow-war-participants cow_war/Inter-StateWarData_v4.0.csv"
        )
    if not 0 <= int(window) <= 366:
        raise ParameterError(f"window must be 0-366 days, got {window}")
    w = store.read("cow_war_participants", "participants")
    entry = pd.to_datetime(
        pd.DataFrame(
            {
                "year": w["startyear1"].astype(int),
                "month": w["startmonth1"].fillna(1).astype(int),
                "day": w["startday1"].fillna(1).astype(int),
            }
        )
    )
    p = pd.DataFrame(
        {
            "warnum": w["warnum"].astype(int),
            "ccode": w["ccode"].astype(int),
            "side": w["side"].astype(int),
            "entry": entry,
            "initiator": (w["initiator"] == 1).astype(int),
        }
    )
    p = p.sort_values(["warnum", "ccode", "entry", "side"]).drop_duplicates(
        ["warnum", "ccode"], keep="first"
    )
    p["onset"] = p.groupby("warnum")["entry"].transform("min")
    p["originator"] = (p["entry"] - p["onset"]).dt.days <= int(window)
    cols = ["warnum", "ccode", "side", "entry", "onset", "initiator", "originator"]
    return p[cols].sort_values(["warnum", "ccode"]).reset_index(drop=True)


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
    snap: Snapshot, sides: dict[int, set[int]], initiators: set[int], targets: set[int]
) -> dict[str, np.ndarray]:
    """(n, 2) flags per predictor: column s-1 for side s (module docstring); ``targets``
    are the states attacked at home (the originators of the side without initiators)."""
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
            # defence is owed to a state attacked: void towards the initiating side, and
            # by its conditions (non-provocation, location: TieConditions.defense_applies)
            void = bool(own & initiators) or not cond.defense_applies(
                attacked_at_home=snap.ccodes[j] in targets,
                provoked=snap.ccodes[j] in initiators,
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


def _side_flags(
    snap: Snapshot, war: pd.DataFrame, belligerent: pd.Series, live: pd.DataFrame
) -> dict[str, np.ndarray]:
    """(n, 2) side-relative flags (obligations, contiguity, region) towards the
    participants marked in ``belligerent``."""
    b = war[belligerent]
    sides = {s: set(b.loc[b["side"] == s, "ccode"].astype(int)) for s in (1, 2)}
    init = set(war.loc[war["initiator"] == 1, "ccode"].astype(int))
    init_sides = set(war.loc[war["initiator"] == 1, "side"].astype(int))
    tgt = war["originator"] & ~war["side"].isin(init_sides)
    flags = _obligations(snap, sides, init, set(war.loc[tgt, "ccode"].astype(int)))
    codes = np.array(snap.ccodes)
    reg = np.array([_region(int(c)) for c in codes])
    flags["contig"] = np.column_stack(
        [np.isin(codes, live.loc[live["ccode2"].isin(sides[s]), "ccode1"]) for s in (1, 2)]
    )
    flags["region"] = np.column_stack(
        [np.isin(reg, [_region(c) for c in sides[s]]) for s in (1, 2)]
    )
    idx = {s: [k for k, c in enumerate(codes) if int(c) in sides[s]] for s in (1, 2)}
    flags["rival"] = np.column_stack([snap.rivalry[:, idx[s]].any(axis=1) for s in (1, 2)])
    return flags


def _war_level(snap: Snapshot, war: pd.DataFrame, majors: set[int]) -> dict[str, float]:
    """The war-level predictors of :data:`WAR_FEATURES` (module docstring), from the
    originators and the onset-day snapshot."""
    o = war[war["originator"]]
    sides = {s: set(o.loc[o["side"] == s, "ccode"].astype(int)) for s in (1, 2)}
    orig = sides[1] | sides[2]
    codes = [int(c) for c in snap.ccodes]
    cap = dict(zip(codes, np.nan_to_num(np.asarray(snap.capability, float)), strict=True))
    allies: dict[int, set[int]] = {1: set(), 2: set()}
    for t in range(len(snap.tie_from)):
        ob = snap.tie_obligations[t]
        if not (ob[_K["defense"]] or ob[_K["offense"]]):
            continue
        i, j = codes[int(snap.tie_from[t])], codes[int(snap.tie_to[t])]
        for s in (1, 2):
            if j in sides[s] and i not in orig:
                allies[s].add(i)
    power = [sum(cap.get(c, 0.0) for c in sides[s] | allies[s]) for s in (1, 2)]
    return {
        "war_majors": float(len(orig & majors)),
        "war_log_cinc": float(np.log(sum(cap.get(c, 0.0) for c in orig) + 1e-6)),
        "war_reach": float(np.log1p(len(allies[1] | allies[2]))),
        "war_parity": min(power) / max(power) if max(power) > 0 else 0.0,
    }


def _war_flags(
    snap: Snapshot, war: pd.DataFrame, live: pd.DataFrame, mode: str
) -> dict[str, np.ndarray]:
    """Side-relative flags of every system member: towards the originators
    (``mode="onset"``), or towards the participants that entered before the member did
    (``mode="cascade"``; a member that never entered: towards every participant)."""
    if mode == "onset":
        return _side_flags(snap, war, war["originator"], live)
    entry = dict(zip(war["ccode"].astype(int), war["entry"], strict=True))
    codes = [int(c) for c in snap.ccodes]
    cut = [entry.get(c) for c in codes]  # None: never entered
    out: dict[str, np.ndarray] = {}
    for when in {c for c in cut if c is not None} | {None}:
        bel = war["entry"] < when if when is not None else pd.Series(True, index=war.index)
        f = _side_flags(snap, war, bel, live)
        rows = np.array([c == when for c in cut])
        for k, v in f.items():
            out[k] = np.where(rows[:, None], v, out[k]) if k in out else v & rows[:, None]
    return out


def _war_rows(
    store: Any, war: pd.DataFrame, contig: pd.DataFrame, mode: str
) -> tuple[pd.DataFrame, int]:
    day = war["onset"].iloc[0]
    onset = int(day.year)
    snap = _snapshot(f"{day:%Y-%m-%d}", data="store", store=store)
    later = war[~war["originator"]]
    joiners = later.set_index("ccode")["side"].to_dict()
    originators = set(war.loc[war["originator"], "ccode"])
    codes = np.array(snap.ccodes)
    month = onset * 100 + int(day.month)
    live = contig[(contig["begin"] <= month) & (contig["end"] >= month)]
    flags = _war_flags(snap, war, live, mode)
    majors = _majors(store, onset * 10000 + int(day.month) * 100 + int(day.day))
    cinc = np.nan_to_num(np.asarray(snap.capability, dtype=float), nan=0.0)
    cand = np.array([c not in originators for c in codes])
    level = _war_level(snap, war, majors)
    era = era_of(onset)
    rows = []
    for s in (1, 2):
        c, o = s - 1, 2 - s  # columns of this side and of the other side
        r = pd.DataFrame(
            {
                "warnum": int(war["warnum"].iloc[0]),
                "onset": onset,
                "era": era,
                "ccode": codes,
                "side": s,
                "joined": [int(joiners.get(int(x)) == s) for x in codes],
                "def_side": flags["def"][:, c],
                "off_side": flags["off"][:, c],
                "def_opp": flags["def"][:, o],
                "off_opp": flags["off"][:, o],
                "neu_opp": flags["neu"][:, c],
                "nonagg_opp": flags["nonagg"][:, c],
                "consult_side": flags["consult"][:, c],
                "aimed_side": flags["aimed"][:, c],
                "major": np.isin(codes, list(majors)),
                "log_cinc": np.log(cinc + 1e-6),
                "contig_side": flags["contig"][:, c],
                "contig_opp": flags["contig"][:, o],
                "region_side": flags["region"][:, c],
                "rival_side": flags["rival"][:, c],
                "rival_opp": flags["rival"][:, o],
                **level,
            }
        )
        rows.append(r[cand])
    present = {int(x) for x in codes}
    missed = len(set(map(int, later["ccode"])) - present)
    return pd.concat(rows, ignore_index=True), missed


def build(
    store: Any,
    window: int = WINDOW,
    warnums: Sequence[int] | None = None,
    mode: str = "onset",
) -> pd.DataFrame:
    """The (war, candidate, side) data set of every war in the store (module docstring).

    Parameters
    ----------
    store : Store
        With COW states (and majors), ATOP 5.1, NMC, COW contiguity, Thompson & Dreyer
        rivalries and ``cow-war-participants``.
    window : int
        Originators: the participants entering at most ``window`` days after the onset.
    warnums : sequence of int, optional
        Only these wars (default: all).
    mode : {"onset", "cascade"}
        The belligerents the side-relative predictors refer to: the originators
        (``"onset"``, a forecast made at the outbreak) or, for each candidate, the
        participants that entered before it did, every participant for a state that
        never entered (``"cascade"``: P(joins | who is already at war), the quantity the
        escalation cascade needs; not a forecast, since it uses the war's course).

    Returns
    -------
    DataFrame
        ``warnum, onset, era, ccode, side, joined``, :data:`FEATURES` and
        :data:`WAR_FEATURES` (floats);
        ``attrs["missed"]``: joiners that were no candidates (not system members on
        the onset day).
    """
    if mode not in ("onset", "cascade"):
        raise ParameterError(f"mode must be 'onset' or 'cascade', got {mode!r}")
    if not store.has("rivalries"):
        raise DataFormatError(
            "war joining needs Thompson & Dreyer's strategic rivalries: alliancelab data "
            "import rivalries rivalries/td_rivalries.csv.gz"
        )
    w = wars(store, window)
    if warnums is not None:
        w = w[w["warnum"].isin([int(x) for x in warnums])]
    contig = _contiguity(store)
    parts, missed = [], 0
    for _, war in w.groupby("warnum", sort=True):
        rows, m = _war_rows(store, war, contig, mode)
        parts.append(rows)
        missed += m
    df = pd.concat(parts, ignore_index=True)
    df["era2"] = df["era"] == ERAS[1][0]
    df["era3"] = df["era"] == ERAS[2][0]
    df["def_side_era3"] = df["def_side"] & df["era3"]
    df["major_x_war_majors"] = df["major"] * df["war_majors"]
    df["def_side_x_war_majors"] = df["def_side"] * df["war_majors"]
    for f in (*FEATURES, *WAR_FEATURES):
        df[f] = df[f].astype(float)
    df.attrs["missed"] = int(missed)
    df.attrs["mode"] = mode
    df.attrs["window"] = int(window)
    return df
