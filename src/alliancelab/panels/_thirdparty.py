"""Third-party alliance commitments (Leeds 2003) and treaty provisions (Benson 2011) on dyad-years.

Both verbs read the ATOP 5.1 member-level table (``atop.members``, every official column of
``atop5_1m.csv``, imported by ``alliancelab data import atop atop5_1m.csv``): one row per
alliance x member x phase, with the member's obligations and the conditions attached to
them. The ATOP 5.1 codebook (Leeds et al. 2019, atopdata.org) fields used:

* ``defense``, ``offense``, ``neutral``, ``nonagg``: the member's obligations;
* ``defcoadv``, ``offcoadv``, ``neucoadv``: the defence / offence / neutrality obligation is
  conditional on a specific adversary; ``statthr1``, ``statthr2``: the COW codes of the
  states the treaty names as its threat (the adversary of such a condition);
* ``neucoatt``: the neutrality obligation holds only if the partner is attacked;
* ``defcon``, ``offcon``: the defence / offence obligation carries any condition
  (Benson's conditional/unconditional split); ``defconpr``: defence conditional on the
  partner not provoking the attack.

Which pledges are limited to named adversaries is decided by the toolkit's one condition
rule, :func:`alliancelab.store.atop_conditions.member_conditions` (shared with the
snapshot and the escalation model): a ``<type>coadv`` pledge naming at least one state is
limited to the named states, one naming none applies against any adversary.
:func:`pledge_applies` applies that to a panel's adversaries. Neutrality pledges
conditional on the partner being attacked (``neucoatt``) or not provoking (``neuconpr``)
do not cover a challenger's own initiation. Conditions on location (``defcoloc``),
a specific conflict (``defcocon``), the number of attackers (``defconum``), demands
(``defcodem``) and non-provocation (``defconpr``) depend on the conflict itself, which a
dyad-year does not know: such pledges count as applicable (the same reading as the
unconditional obligation columns of ``add_atop_alliance``).

Year rule: a pledge counts in a year if any phase row carrying it is in force at any
point of that year (``yrent`` to ``yrexit``; ``yrexit`` 0 = in force to the file's last
year, 2018). Years outside ATOP's coverage (1815 to the last year) are NA.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from ..errors import ParameterError
from ..store import read as store_read
from ..store.core import Store
from ._meta import _label, _require_unit, _resolve_store, _with, panel_info

__all__ = ["add_atop_provisions", "add_third_party_alliances", "pledge_applies"]

_MEMBERS = [("atop", "members", "`alliancelab data import atop atop5_1m.csv atop5_1a.csv`")]
_ATOP_FIRST = 1815
_Y0 = 1700  # year offset in packed keys

#: obligation -> its specific-adversary condition column (nonagg has none in ATOP 5.1)
_ADV_COND = {"defense": "defcoadv", "offense": "offcoadv", "neutral": "neucoadv", "nonagg": None}
#: member columns read besides atop_conditions.CONDITION_COLUMNS
_READ = [
    "atopid",
    "member",
    "yrent",
    "yrexit",
    "defense",
    "offense",
    "neutral",
    "nonagg",
    "phase",
    "neucoatt",
    "defcon",
    "offcon",
]  # fmt: skip


def pledge_applies(
    adv_conditional: np.ndarray,
    named1: np.ndarray,
    named2: np.ndarray,
    adversary: np.ndarray,
    unnamed: str = "include",
) -> np.ndarray:
    """Whether an ATOP pledge covers a conflict with ``adversary`` (the one condition rule).

    An obligation without a specific-adversary condition (``defcoadv``/``offcoadv``/
    ``neucoadv`` 0) covers every adversary; a conditional one covers only the states the
    treaty names as its threat (``statthr1``, ``statthr2``; ATOP 5.1 codebook). A
    conditional pledge naming no state (68 of the 264 ``defcoadv`` rows in ATOP 5.1: the
    threat is a non-state one, or the adversaries are listed only in the treaty notes,
    e.g. the Franco-Russian alliance of 1893, atopid 1385) covers no state with
    every state with ``unnamed="include"`` (the default, the toolkit's rule in
    :func:`~alliancelab.store.atop_conditions.member_conditions`: the condition cannot be
    evaluated from the file) and no state with ``unnamed="exclude"``.

    Parameters
    ----------
    adv_conditional : array of bool
        The obligation is conditional on a specific adversary.
    named1, named2 : array of int
        COW codes of the named threats (0 or negative = none).
    adversary : array of int
        The state the pledge would be invoked against.
    unnamed : {"exclude", "include"}
        How a conditional pledge naming no state is read.

    Examples
    --------
    >>> pledge_applies(np.array([False, True, True, True]), np.array([0, 255, 255, 0]),
    ...                np.array([0, 0, 0, 0]), np.array([365, 255, 365, 365])).tolist()
    [True, True, False, True]
    """
    a, n1, n2 = np.asarray(adversary), np.asarray(named1), np.asarray(named2)
    hit = ((n1 == a) | (n2 == a)) & (a > 0)
    return ~_conditional(np.asarray(adv_conditional, dtype=bool), n1, n2, unnamed) | hit


def _conditional(cond: np.ndarray, n1: np.ndarray, n2: np.ndarray, unnamed: str) -> np.ndarray:
    """The pledges restricted to named threats (an unnamed one counts as unconditional
    with ``unnamed="include"``)."""
    if unnamed not in ("exclude", "include"):
        raise ParameterError(f"unnamed must be 'exclude' or 'include', got {unnamed!r}")
    if unnamed == "include":
        return cond & ((n1 > 0) | (n2 > 0))
    return cond


def _members(st: Store, verb: str) -> tuple[pd.DataFrame, int, str]:
    """ATOP member rows expanded to member-years (any-point-in-year rule), last year, label."""
    # imported here: reading a panel loads no store module beyond core and read
    from ..store.atop_conditions import CONDITION_COLUMNS, member_conditions

    cols = list(dict.fromkeys([*_READ, *CONDITION_COLUMNS]))
    src, table, ver = store_read.pick(st, _MEMBERS, "official", verb)
    d = store_read.read_columns(st, src, table, ver, cols)
    m = pd.DataFrame({c: np.ma.filled(np.ma.asarray(d[c]).astype(np.float64), 0) for c in cols})
    m = m.astype("int64")
    conditions = member_conditions(m)
    for kind in ("defense", "offense", "neutral"):
        m[f"{kind}_limited"] = conditions[f"{kind}_against"].notna().to_numpy()
    last = int(max(m["yrent"].max(), m["yrexit"].max()))
    y1 = np.where(m["yrexit"].to_numpy() == 0, last, m["yrexit"].to_numpy())
    y0 = m["yrent"].to_numpy()
    n = np.maximum(y1 - y0 + 1, 1)
    idx = np.repeat(np.arange(len(m)), n)
    year = y0[idx] + np.arange(int(n.sum())) - np.repeat(np.cumsum(n) - n, n)
    my = m.iloc[idx].reset_index(drop=True).assign(year=year)
    return my, last, _label(src, table, ver)


def _key3(a: Any, b: Any, y: Any) -> np.ndarray:
    a, b, y = (np.asarray(v, dtype=np.int64) for v in (a, b, y))
    return (a * 1000 + b) * 1000 + (y - _Y0)


def _key2(a: Any, y: Any) -> np.ndarray:
    return np.asarray(a, dtype=np.int64) * 1000 + (np.asarray(y, dtype=np.int64) - _Y0)


def _isin(keys: np.ndarray, table: np.ndarray) -> np.ndarray:
    return np.isin(keys, np.unique(table))


def _third_party(
    my: pd.DataFrame,
    obligation: str,
    holder: np.ndarray,
    other: np.ndarray,
    year: np.ndarray,
    unnamed: str = "include",
) -> np.ndarray:
    """Does ``holder`` hold ``obligation`` from a third state, applicable against ``other``?

    A pledge of alliance *a* reaches ``holder`` when another member of *a* carries the
    obligation in that year; it is a third-party pledge against ``other`` when ``other``
    is not itself a member of *a* that year (a pact's promise is not invoked against its
    own members) and :func:`pledge_applies` says it covers ``other``.
    """
    cond_col = _ADV_COND[obligation]
    giver = my[my[obligation] == 1]
    if obligation == "neutral":  # neutrality only if the partner is attacked or did not
        # provoke: not a cover for a challenger's own initiation
        giver = giver[(giver["neucoatt"] == 0) & (giver["neuconpr"] == 0)]
    cols = ["atopid", "year", "member", "statthr1", "statthr2"]
    _conditional(np.zeros(0, dtype=bool), np.zeros(0), np.zeros(0), unnamed)  # checks it
    if cond_col is None:  # ATOP 5.1 has no conditions on non-aggression
        cond = np.zeros(len(giver), dtype=bool)
    elif unnamed == "include":  # the shared rule: limited only when a state is named
        cond = giver[f"{obligation}_limited"].to_numpy(dtype=bool)
    else:
        cond = giver[cond_col].to_numpy() == 1
    giver = giver[cols].assign(cond=cond).rename(columns={"member": "giver"})
    members = my[["atopid", "year", "member"]].drop_duplicates()
    pl = giver.merge(members, on=["atopid", "year"])
    pl = pl[pl["giver"].to_numpy() != pl["member"].to_numpy()]
    # unconditional pledges: count alliances per (recipient, year), minus those `other` is in
    unc = pl.loc[~pl["cond"], ["member", "atopid", "year"]].drop_duplicates()
    n_unc = unc.groupby(["member", "year"]).size()
    k2 = _key2(n_unc.index.get_level_values(0), n_unc.index.get_level_values(1))
    order = np.argsort(k2)
    k2, cnt = k2[order], n_unc.to_numpy()[order]
    q2 = _key2(holder, year)
    pos = np.clip(np.searchsorted(k2, q2), 0, max(len(k2) - 1, 0))
    total = np.where((len(k2) > 0) & (k2[pos] == q2), cnt[pos], 0) if len(k2) else 0 * q2
    shared = unc.merge(members.rename(columns={"member": "other"}), on=["atopid", "year"])
    shared = shared[shared["other"].to_numpy() != shared["member"].to_numpy()]
    sh = shared.groupby(["member", "other", "year"]).size()
    k3 = _key3(*(sh.index.get_level_values(i) for i in range(3)))
    o3 = np.argsort(k3)
    k3, c3 = k3[o3], sh.to_numpy()[o3]
    q3 = _key3(holder, other, year)
    p3 = np.clip(np.searchsorted(k3, q3), 0, max(len(k3) - 1, 0))
    n_shared = np.where(k3[p3] == q3, c3[p3], 0) if len(k3) else 0 * q3
    out = (total - n_shared) > 0
    # adversary-conditional pledges: only against the named threats, not members of the pact
    con = pl[pl["cond"]]
    named = pd.concat(
        [con.assign(adv=con[c]) for c in ("statthr1", "statthr2")], ignore_index=True
    )[["member", "adv", "atopid", "year"]]
    named = named[(named["adv"] > 0) & (named["adv"] != named["member"])]
    inside = _isin(
        _key3(named["atopid"], named["adv"], named["year"]),
        _key3(members["atopid"], members["member"], members["year"]),
    )
    named = named[~inside]
    hit = _isin(q3, _key3(named["member"], named["adv"], named["year"]))
    return out | hit


def _int_na(values: np.ndarray, na: np.ndarray) -> pd.arrays.IntegerArray:
    return pd.arrays.IntegerArray(values.astype(np.int8), na.copy())


def add_third_party_alliances(
    df: pd.DataFrame, store: Store | str | Path | None = None, unnamed: str = "include"
) -> pd.DataFrame:
    """Add Leeds's (2003) third-party alliance commitments to a directed dyad-year panel.

    ccode1 is the potential challenger, ccode2 the potential target. Columns (1/0, NA
    outside ATOP 5.1's coverage, 1815-2018):

    * ``tpdef_target``: the target holds a defence pledge from a third state (another
      member of an alliance the challenger is not in that year) that applies against the
      challenger (:func:`pledge_applies`: no specific-adversary condition, or the
      challenger is a named threat);
    * ``tpoff_challenger``: the challenger holds an offence pledge from a third state,
      applicable against the target;
    * ``tpneu_challenger``: the challenger holds a promise of neutrality or
      non-intervention from a third state covering a conflict with the target: an ATOP
      neutrality obligation (applicable against the target and not restricted to the
      challenger being attacked, ``neucoatt`` 0) or a non-aggression obligation, which
      Leeds groups with neutrality as promises that the third state will stay out;
    * ``tpnonagg_challenger``: the non-aggression part alone.

    ``unnamed`` says how a pledge conditional on a specific adversary that names no
    state is read (:func:`pledge_applies`): ``"include"`` (default, against any
    adversary: the toolkit's shared rule) or ``"exclude"`` (against none).

    Reads ``atop.members`` (the official ATOP 5.1 member file); rules and codebook fields
    in the module docstring. The pledges are the member-level obligations, not the
    official directed dyad file's (not available): in the 10 asymmetric ATOP treaties a
    pledge may reach a partner the treaty does not cover (see ``import_atop``).

    References
    ----------
    Leeds, Brett Ashley. 2003. "Do Alliances Deter Aggression? The Influence of Military
    Alliances on the Initiation of Militarized Interstate Disputes." *American Journal
    of Political Science* 47(3): 427-439. Leeds et al. (2002), ATOP v5.1.

    Examples
    --------
    See ``tests/panels/test_thirdparty.py`` (the real ATOP file): NATO members hold
    ``tpdef_target`` against the USSR in 1960.
    """
    meta = panel_info(df)
    _require_unit(meta, "add_third_party_alliances", ["dyad_year"])
    if not meta["directed"]:
        raise ParameterError(
            "add_third_party_alliances() needs a directed dyad-year panel (ccode1 = "
            "challenger, ccode2 = target): create_dyad_years(directed=True)"
        )
    st = _resolve_store(meta, store)
    my, last, used = _members(st, "add_third_party_alliances")
    c1, c2, year = (df[c].to_numpy(dtype=np.int64) for c in ("ccode1", "ccode2", "year"))
    na = (year < _ATOP_FIRST) | (year > last)
    deff = _third_party(my, "defense", c2, c1, year, unnamed)
    off = _third_party(my, "offense", c1, c2, year, unnamed)
    neu = _third_party(my, "neutral", c1, c2, year, unnamed)
    nonagg = _third_party(my, "nonagg", c1, c2, year, unnamed)
    new = {
        "tpdef_target": _int_na(deff, na),
        "tpoff_challenger": _int_na(off, na),
        "tpneu_challenger": _int_na(neu | nonagg, na),
        "tpnonagg_challenger": _int_na(nonagg, na),
    }
    return _with(df, meta, new, "add_third_party_alliances", used)


def add_atop_provisions(
    df: pd.DataFrame, store: Store | str | Path | None = None, milinst: bool = True
) -> pd.DataFrame:
    """Add ATOP treaty types after Benson (2011) to a dyad-year panel.

    For each dyad-year, over the alliances ccode1 and ccode2 share in that year (both
    members at some point of the year; ccode1's own member-level obligations, as
    ``add_atop_alliance``; a non-directed panel takes both directions):

    * ``atop_deter_uncond`` / ``atop_deter_cond``: a defence (deterrent) obligation with
      no condition / with a condition (ATOP ``defense`` with ``defcon`` 0 / 1);
    * ``atop_compel_uncond`` / ``atop_compel_cond``: an offence (compellent) obligation
      with no condition / with one (``offense`` with ``offcon`` 0 / 1);
    * ``atop_deter_nonprov``: a deterrent obligation that holds only if the partner did not
      provoke the attack (``defconpr`` 1; Benson's probabilistic deterrent).

    * ``atop_milinst``: treaty depth, the highest military institutionalisation
      (Leeds & Anac 2005: 0 none, 1 moderate, 2 high) over the alliance phases the pair
      shares that year, from ``atopinst5_1.csv`` (``alliancelab data import atop
      atop5_1m.csv atopinst5_1.csv``: a member row of phase *p* is alliance phase
      ``atopid + p/10``, phase 0 the alliance itself); NA without a shared alliance or
      where ATOP leaves it blank; ``milinst=False`` leaves the column out (no
      institutionalisation file needed).

    Benson's 2 x 2 reading of ATOP's conditions (deterrent/compellent x conditional/
    unconditional) from the codebook fields named; his finer split of conditional
    deterrence is not reproduced. NA outside ATOP's coverage (1815-2018), 0 inside
    without such a treaty.

    References
    ----------
    Benson, Brett V. 2011. "Unpacking Alliances: Deterrent and Compellent Alliances and
    Their Relationship with Conflict, 1816-2000." *Journal of Politics* 73(4):
    1111-1127. Leeds, Brett Ashley & Sezi Anac. 2005. "Alliance Institutionalization and
    Alliance Performance." *International Interactions* 31(3): 183-202. Leeds et al.
    (2002), ATOP v5.1 (member file).
    """
    meta = panel_info(df)
    _require_unit(meta, "add_atop_provisions", ["dyad_year"])
    st = _resolve_store(meta, store)
    my, last, used = _members(st, "add_atop_provisions")
    flags = {
        "atop_deter_uncond": (my["defense"] == 1) & (my["defcon"] == 0),
        "atop_deter_cond": (my["defense"] == 1) & (my["defcon"] == 1),
        "atop_compel_uncond": (my["offense"] == 1) & (my["offcon"] == 0),
        "atop_compel_cond": (my["offense"] == 1) & (my["offcon"] == 1),
        "atop_deter_nonprov": (my["defense"] == 1) & (my["defconpr"] == 1),
    }
    members = my[["atopid", "year", "member"]].drop_duplicates()
    c1, c2, year = (df[c].to_numpy(dtype=np.int64) for c in ("ccode1", "ccode2", "year"))
    na = (year < _ATOP_FIRST) | (year > last)
    both = not meta["directed"]
    new: dict[str, Any] = {}
    for col, flag in flags.items():
        g = my.loc[flag.to_numpy(), ["atopid", "year", "member"]].drop_duplicates()
        pairs = g.merge(members.rename(columns={"member": "partner"}), on=["atopid", "year"])
        pairs = pairs[pairs["member"].to_numpy() != pairs["partner"].to_numpy()]
        keys = _key3(pairs["member"], pairs["partner"], pairs["year"])
        hit = _isin(_key3(c1, c2, year), keys)
        if both:
            hit |= _isin(_key3(c2, c1, year), keys)
        new[col] = _int_na(hit, na)
    if milinst:
        new["atop_milinst"] = _milinst(st, my, members, c1, c2, year, both)
    return _with(df, meta, new, "add_atop_provisions", used)


_INST = [("atop", "inst", "`alliancelab data import atop atop5_1m.csv atopinst5_1.csv`")]


def _milinst(
    st: Store,
    my: pd.DataFrame,
    members: pd.DataFrame,
    c1: np.ndarray,
    c2: np.ndarray,
    year: np.ndarray,
    both: bool,
) -> pd.arrays.IntegerArray:
    """Highest ``milinst`` over the alliance phases each dyad-year's pair shares."""
    src, table, ver = store_read.pick(st, _INST, "official", "add_atop_provisions")
    d = store_read.read_columns(st, src, table, ver, ["atopidphase", "milinst"])
    inst = pd.Series(
        np.ma.filled(np.ma.asarray(d["milinst"]).astype(np.float64), np.nan),
        index=np.round(np.ma.filled(np.ma.asarray(d["atopidphase"]), 0) * 10).astype(np.int64),
    )
    phase = my["atopid"].to_numpy() * 10 + my["phase"].to_numpy()
    rows = my[["atopid", "year", "member"]].assign(milinst=inst.reindex(phase).to_numpy())
    rows = rows.dropna(subset=["milinst"])
    pairs = rows.merge(members.rename(columns={"member": "partner"}), on=["atopid", "year"])
    pairs = pairs[pairs["member"].to_numpy() != pairs["partner"].to_numpy()]
    best = pairs.groupby(["member", "partner", "year"])["milinst"].max()
    keys = _key3(*(best.index.get_level_values(i) for i in range(3)))
    lookup = pd.Series(best.to_numpy(), index=keys)
    out = lookup.reindex(_key3(c1, c2, year)).to_numpy()
    if both:
        out = np.fmax(out, lookup.reindex(_key3(c2, c1, year)).to_numpy())
    na = np.isnan(out)
    return pd.arrays.IntegerArray(np.where(na, 0, out).astype(np.int8), na)
