"""Verbs derived from other data: ``filter_prd`` and, beyond peacesciencer, capability
ratios, allies' pooled capabilities and alliance-portfolio similarity."""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from ..errors import ParameterError
from ..store.core import Store
from ._join import (
    _YEAR0,
    _DyadIndex,
)
from ._meta import (
    _ATOP_COLS,
    _OBLIGATION_COLS,
    ATTR,
    SIMILARITY_MEASURES,
    _arr,
    _coverage,
    _label,
    _pick,
    _prefer,
    _read,
    _require_unit,
    _resolve_store,
    _with,
    panel_info,
)
from ._system import (
    _System,
)


def filter_prd(df: pd.DataFrame) -> pd.DataFrame:
    """Keep the politically relevant dyads (contiguous, or with a major power).

    peacesciencer's ``filter_prd()``: ``prd = 1`` if ``conttype >= 1``, or
    ``conttype == 0`` and ``cowmaj1 == 1`` or ``cowmaj2 == 1``; rows with ``prd = 0``
    (including rows where those columns are NA) are dropped; the ``prd`` column (all 1)
    is kept. Needs :func:`add_contiguity` and :func:`add_cow_majors` first.

    References
    ----------
    Weede (1976), *Journal of Conflict Resolution* 20: 395-411; Lemke & Reed (2001),
    *Journal of Conflict Resolution* 45(1): 126-144.

    Examples
    --------
    >>> df = pd.DataFrame({"ccode1": [2, 2, 20], "ccode2": [20, 31, 31], "year": 1990,
    ...     "conttype": [1, 0, 0], "cowmaj1": [1, 1, 0], "cowmaj2": [0, 0, 0]})
    >>> filter_prd(df)[["ccode1", "ccode2", "prd"]].values.tolist()
    [[2, 20, 1], [2, 31, 1]]
    """
    meta = panel_info(df)
    _require_unit(meta, "filter_prd", ["dyad_year"])
    need = [c for c in ("conttype", "cowmaj1", "cowmaj2") if c not in df.columns]
    if need:
        raise ParameterError(
            f"filter_prd() needs {', '.join(need)}: run add_contiguity() and add_cow_majors() first"
        )
    ct = df["conttype"].to_numpy(dtype=np.float64, na_value=np.nan)
    m1 = df["cowmaj1"].to_numpy(dtype=np.float64, na_value=np.nan) == 1
    m2 = df["cowmaj2"].to_numpy(dtype=np.float64, na_value=np.nan) == 1
    prd = (ct >= 1) | ((ct == 0) & (m1 | m2))
    out = df.loc[prd].reset_index(drop=True)
    if "prd" in out.columns:
        out = out.drop(columns="prd")
    out["prd"] = pd.array(np.ones(len(out), dtype=np.int8), dtype="Int8")
    out.attrs = {ATTR: {**meta, "filtered": [*meta.get("filtered", []), "prd"]}}
    return out


# -- beyond peacesciencer ---------------------------------------------------------------


def add_capability_ratio(df: pd.DataFrame) -> pd.DataFrame:
    """Add the dyad's capability balance from CINC: ``cinc_ratio`` and ``cinc_share1``.

    ``cinc_ratio`` is the stronger side's CINC over the weaker side's (>= 1; NA if
    either is missing or the weaker is 0), the capability ratio of the power-transition
    and preponderance literature (e.g. Bremer 1992); ``cinc_share1 = cinc1 / (cinc1 +
    cinc2)``, ccode1's share of the dyad's capabilities. Needs :func:`add_nmc` first.

    References
    ----------
    Bremer, Stuart A. 1992. "Dangerous Dyads." *Journal of Conflict Resolution* 36(2):
    309-341. COW NMC (CINC).

    Examples
    --------
    >>> df = pd.DataFrame({"ccode1": [2], "ccode2": [20], "year": [1990],
    ...     "cinc1": [0.15], "cinc2": [0.05]})
    >>> add_capability_ratio(df)[["cinc_ratio", "cinc_share1"]].round(3).values.tolist()
    [[3.0, 0.75]]
    """
    meta = panel_info(df)
    _require_unit(meta, "add_capability_ratio", ["dyad_year"])
    if not {"cinc1", "cinc2"} <= set(df.columns):
        raise ParameterError("add_capability_ratio() needs cinc1 and cinc2: run add_nmc() first")
    a = df["cinc1"].to_numpy(dtype=np.float64, na_value=np.nan)
    b = df["cinc2"].to_numpy(dtype=np.float64, na_value=np.nan)
    hi, lo = np.fmax(a, b), np.fmin(a, b)
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = np.where((lo > 0) & ~np.isnan(a) & ~np.isnan(b), hi / lo, np.nan)
        share = np.where(a + b > 0, a / (a + b), np.nan)
    return _with(df, meta, {"cinc_ratio": ratio, "cinc_share1": share}, "add_capability_ratio")


def _atop_nmc(
    st: Store, meta: dict[str, Any], source: str | None, verb: str
) -> tuple[dict[str, Any], str, tuple[int, int], np.ndarray, str]:
    src, table, ver = _pick(st, "atop", _prefer(meta, source), verb)
    d = _read(st, src, table, ver, ["ccode1", "ccode2", "year", *_ATOP_COLS])
    cov = _coverage("atop", src, _arr(d["year"]))
    nsrc, ntable, nver = _pick(st, "nmc", _prefer(meta, source), verb)
    n = _read(st, nsrc, ntable, nver, ["ccode", "year", "cinc"])
    cinc = np.full((1000, 1000), np.nan)
    cinc[_arr(n["ccode"]), _arr(n["year"]) - _YEAR0] = _arr(n["cinc"], np.float64, np.nan)
    return d, _label(src, table, ver), cov, cinc, _label(nsrc, ntable, nver)


def add_pooled_capability(
    df: pd.DataFrame,
    obligations: Sequence[str] = ("defense",),
    store: Store | str | Path | None = None,
    source: str | None = None,
) -> pd.DataFrame:
    """Add each side's CINC plus that of the states obliged to it by an ATOP alliance.

    ``pooled_cinc`` (state-year) or ``pooled_cinc1``, ``pooled_cinc2`` (dyad-year): the
    state's CINC plus the CINC of every state that owes it one of ``obligations`` in that
    year (ATOP directed dyad-years: ccode1 owes ccode2). In a dyad the other side is
    never counted as an ally of its opponent. NA where the state's or a counted ally's
    CINC is missing and outside ATOP's coverage (1815-2018).

    Parameters
    ----------
    obligations : sequence of {"defense", "offense", "neutrality", "nonaggression",
        "consultation"}
        Which obligations make a state an ally (default: defence pacts).

    References
    ----------
    Leeds et al. (2002), ATOP v5.1; COW NMC v7.0 (CINC). Pooled capabilities of allies as
    in Snyder (1997), *Alliance Politics*.
    """
    meta = panel_info(df)
    _require_unit(meta, "add_pooled_capability", ["state_year", "dyad_year"])
    bad = [o for o in obligations if o not in _OBLIGATION_COLS]
    if bad or not obligations:
        raise ParameterError(
            f"obligations must be a non-empty subset of {', '.join(_OBLIGATION_COLS)}; got {bad}"
        )
    st = _resolve_store(meta, store)
    d, alabel, (lo, hi), cinc, nlabel = _atop_nmc(st, meta, source, "add_pooled_capability")
    owes = np.zeros(len(d["year"]), dtype=bool)
    for o in obligations:
        owes |= _arr(d[_OBLIGATION_COLS[o]], np.int64, 0) == 1
    s1, s2, sy = _arr(d["ccode1"])[owes], _arr(d["ccode2"])[owes], _arr(d["year"])[owes]
    ally = np.zeros((1000, 1000))
    np.add.at(ally, (s2, sy - _YEAR0), cinc[s1, sy - _YEAR0])
    year = df["year"].to_numpy()
    yo = year - _YEAR0
    outside = (year < lo) | (year > hi)
    new: dict[str, Any] = {}
    if meta["unit"] == "state_year":
        c = df["ccode"].to_numpy()
        v = cinc[c, yo] + ally[c, yo]
        new["pooled_cinc"] = np.where(outside, np.nan, v)
    else:
        c1, c2 = df["ccode1"].to_numpy(), df["ccode2"].to_numpy()
        index = _DyadIndex(s1, s2, sy, "ATOP obligations")
        owes21 = index.get(c2, c1, year) < len(sy)
        owes12 = index.get(c1, c2, year) < len(sy)
        v1 = cinc[c1, yo] + ally[c1, yo] - np.where(owes21, cinc[c2, yo], 0.0)
        v2 = cinc[c2, yo] + ally[c2, yo] - np.where(owes12, cinc[c1, yo], 0.0)
        new["pooled_cinc1"] = np.where(outside, np.nan, v1)
        new["pooled_cinc2"] = np.where(outside, np.nan, v2)
    return _with(df, meta, new, "add_pooled_capability", f"{alabel}; {nlabel}")


def add_similarity(
    df: pd.DataFrame,
    measures: Sequence[str] = SIMILARITY_MEASURES,
    store: Store | str | Path | None = None,
    source: str | None = None,
) -> pd.DataFrame:
    """Add alliance-portfolio similarity of the two states of each dyad-year.

    Each state's portfolio is its ATOP tie to every member of the COW state system that
    year, coded 3 defence or offence, 2 neutrality or non-aggression, 1 consultation, 0
    none (the highest obligation in either direction; 3 to itself), as in
    :func:`alliancelab.measures.similarity.portfolio_matrix`. Columns:

    - ``s_unweighted``: Signorino & Ritter's S, absolute distance, unweighted;
    - ``s_weighted``: the same weighted by CINC (NA in a year where a system member's
      CINC is missing, or without NMC data);
    - ``kappa``: Cohen's kappa with quadratic weights (Häge 2011);
    - ``pi``: Scott's pi with quadratic weights (Häge 2011);
    - ``tau_b``: Kendall's tau-b (Bueno de Mesquita 1975).

    NA outside ATOP's coverage (1815-2018) and for years without system data.
    Computed with the vectorised all-pairs functions of
    :mod:`alliancelab.measures.similarity` (a few milliseconds per year).

    References
    ----------
    Signorino & Ritter (1999), *International Studies Quarterly* 43(1): 115-144;
    Häge (2011), *Political Analysis* 19(3): 287-305; Bueno de Mesquita (1975),
    *Journal of Conflict Resolution* 19(2): 187-216.
    """
    from ..kernels.similarity import kappa_matrix, pi_matrix, s_matrix, taub_matrix

    meta = panel_info(df)
    _require_unit(meta, "add_similarity", ["dyad_year"])
    measures = tuple(measures)
    bad = [m for m in measures if m not in SIMILARITY_MEASURES]
    if bad or not measures:
        raise ParameterError(
            f"measures must be a non-empty subset of {SIMILARITY_MEASURES}; got {bad}"
        )
    st = _resolve_store(meta, store)
    src, table, ver = _pick(st, "atop", _prefer(meta, source), "add_similarity")
    d = _read(st, src, table, ver, ["ccode1", "ccode2", "year", *_ATOP_COLS])
    s1, s2, sy = _arr(d["ccode1"]), _arr(d["ccode2"]), _arr(d["year"])
    code = np.zeros(len(sy), dtype=np.int64)
    for c, v in zip(_ATOP_COLS, (3, 3, 2, 2, 1), strict=True):
        code = np.maximum(code, np.where(_arr(d[c], np.int64, 0) == 1, v, 0))
    lo, hi = _coverage("atop", src, sy)
    used = [_label(src, table, ver)]
    cinc = None
    if "s_weighted" in measures:
        nsrc, ntable, nver = _pick(st, "nmc", _prefer(meta, source), "add_similarity")
        n = _read(st, nsrc, ntable, nver, ["ccode", "year", "cinc"])
        cinc = np.full((1000, 1000), np.nan)
        cinc[_arr(n["ccode"]), _arr(n["year"]) - _YEAR0] = _arr(n["cinc"], np.float64, np.nan)
        used.append(_label(nsrc, ntable, nver))
    sysm = _System(st, meta.get("prefer"), meta.get("extend_to"), "add_similarity")
    year = df["year"].to_numpy()
    c1, c2 = df["ccode1"].to_numpy(), df["ccode2"].to_numpy()
    out = {m: np.full(len(df), np.nan) for m in measures}
    order = np.argsort(year, kind="stable")
    ys = year[order]
    bounds = np.flatnonzero(np.r_[True, ys[1:] != ys[:-1], True])
    src_order = np.argsort(sy, kind="stable")
    sys_sorted = sy[src_order]
    for a, b in itertools.pairwise(bounds):
        y = int(ys[a])
        if y < lo or y > hi or y < sysm.first or y > sysm.last:
            continue
        rows = order[a:b]
        members = sysm.ccodes[sysm.member[:, y - sysm.first]]
        nm = len(members)
        pos = np.full(1000, -1, dtype=np.int64)
        pos[members] = np.arange(nm)
        r0, r1 = np.searchsorted(sys_sorted, [y, y + 1])
        e = src_order[r0:r1]
        i, j = pos[s1[e]], pos[s2[e]]
        ok = (i >= 0) & (j >= 0)
        P = np.zeros((nm, nm), dtype=np.int64)
        np.maximum.at(P, (i[ok], j[ok]), code[e][ok])
        P = np.maximum(P, P.T)
        np.fill_diagonal(P, 3)
        pi_, pj = pos[c1[rows]], pos[c2[rows]]
        good = (pi_ >= 0) & (pj >= 0)
        rows, pi_, pj = rows[good], pi_[good], pj[good]
        for m in measures:
            if m == "s_unweighted":
                M = s_matrix(P)
            elif m == "s_weighted":
                w = cinc[members, y - _YEAR0] if cinc is not None else np.array([np.nan])
                if np.isnan(w).any() or w.sum() <= 0:
                    continue
                M = s_matrix(P, weights=w)
            elif m == "kappa":
                M = kappa_matrix(P)
            elif m == "pi":
                M = pi_matrix(P)
            elif m == "tau_b":
                M = taub_matrix(P)
            out[m][rows] = M[pi_, pj]
    return _with(df, meta, dict(out), "add_similarity", "; ".join(used))
