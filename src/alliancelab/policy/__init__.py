"""Policy options: plausible alliance moves for a region-year, scored on the evidence.

:func:`options` builds the region's snapshot, enumerates plausible moves
(:mod:`._moves`: geography, affinity, no tie across opposing camps, no admission of a
member's rival or a bloc's leader; each with its ``reason``), applies each with
:func:`alliancelab.scenario.apply` and scores it against the baseline
(``docs/policy.md`` has the derivation and sources). The conflict criteria come from the
fitted risk engine (:mod:`._evidence`: the shipped model, the move's alliance features
replacing the baseline's):

``onset_risk``
    Change in the **expected number of MID onsets** in the year among the dyads with
    both states in the region (sum of the engine's P(onset); the reason also gives
    P(>=1 onset), assuming independence given the features).
``deterrence_gain``
    Fall in expected onsets on the dyads between the region's five states the engine
    finds most threatened at baseline (or the focal state) and third parties (not the
    pairs whose own tie the move changes): positive when the move deters.
``pooled_deterrence``
    Mean change of log extended deterrence (allies' pooled capability times the honour
    rate; Huth 1988, Kim 1991) of the region's states against their likeliest
    challengers (:mod:`._deterrence`): what a move adds or, leaving, gives up.
``provocation``
    Change in expected onsets on the dyads between the move's states and the outsiders.
``belligerents``
    Change in expected belligerents per war over the region's likeliest crises, the
    escalation cascade weighted by the engine's risk (:mod:`._belligerents`).
``dependency``
    Change in the mean dependency on the largest ally (Morrow 1991) of the region's
    states (or the focal state's).
``balance``
    Change in the share of balanced alliance/rivalry triangles (Heider 1946; Cartwright
    & Harary 1956; Maoz et al. 2007).

Every criterion has 90% bounds (``<criterion>_lo``, ``_hi``) over 50 paired draws with
common random numbers (the engine's bootstrap calibrators; honour-rate posteriors;
cascade resamples), degenerate for the two structural ones. :func:`pareto` judges
dominance with those intervals and :data:`MATERIAL`; the table is ranked by tier
(:data:`TIERS`: a resolved fall in regional risk with no pooled deterrence given up
first), then by ``onset_risk`` (safest first), then by the composite ``score`` (weighted
mean of the criteria, each divided by its largest absolute value across the options;
weights default to 1). The selection effect in the engine's alliance estimates and why
these rules keep it from ranking a move first: ``docs/policy.md``.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from .. import limits
from ..codes import resolve_state
from ..errors import ParameterError, UnknownStateError
from ..measures.indicators import Context, indicator_values, mean_log_deterrence
from ..models._contract import number, seed_value
from ..models.escalation import DEFAULT_SOURCE as HONOUR_SOURCE
from ..scenario.edits import _apply
from ..snapshot import Snapshot
from ._belligerents import Crises
from ._deterrence import Deterrence
from ._evidence import LEVEL, Evidence, delta, delta_draws, interval
from ._moves import Candidate, _name, candidates

__all__ = [
    "CRITERIA",
    "KINDS",
    "MATERIAL",
    "TIERS",
    "PolicyOptions",
    "candidates",
    "options",
    "pareto",
    "score",
]

#: Scoring criteria and their direction (+1: higher is better, -1: lower is better).
CRITERIA: dict[str, int] = {
    "onset_risk": -1,
    "deterrence_gain": 1,
    "pooled_deterrence": 1,
    "provocation": -1,
    "belligerents": -1,
    "dependency": -1,
    "balance": 1,
}

#: Kinds of candidate move.
KINDS: tuple[str, ...] = ("admit", "defense_pact", "framework", "cooperation", "leave")


@dataclass(frozen=True)
class PolicyOptions:
    """What :func:`options` returns.

    Attributes
    ----------
    table : DataFrame
        One row per option, best composite score first: ``rank, kind, option, pareto,
        score``, the five :data:`CRITERIA`, and ``why_<criterion>`` reasons.
    pareto : DataFrame
        The Pareto-efficient rows of ``table``.
    snapshot : Snapshot
        The baseline.
    region, year, focal :
        What was asked (``year``: the year, or the day, of the snapshot).
    """

    table: pd.DataFrame
    pareto: pd.DataFrame
    snapshot: Snapshot
    region: str
    year: int | str | _dt.date
    focal: int | None


@dataclass(frozen=True)
class _Base:
    """Baseline quantities every option is compared with."""

    det: pd.DataFrame
    war_size: float
    exposure: float
    balanced: float
    frustration: int
    dependency: pd.Series
    pairs: tuple[tuple[int, int], ...]


def _deterrence_table(s: Snapshot, focal: int | None) -> pd.DataFrame:
    from ..measures.deterrence import deterrence

    d = deterrence(s, region_only=False)
    inside = {c for c, m in zip(s.ccodes, s.in_region, strict=True) if m}
    return d.assign(inside=d["target"].isin(inside if focal is None else {focal}))


#: The registry indicators behind the balance criterion and the exposure reason.
STRUCTURE_INDICATORS = ("balanced_share", "frustration", "mean_exposure")


def _structure(s: Snapshot, seed: int, n: int = 300) -> tuple[float, int, float]:
    """Balanced-triangle share, frustration and mean exposure (``n`` draws) from the
    indicator registry: the values :func:`~alliancelab.stability_panel` reports."""
    vals, _ = indicator_values(Context(s, seed=seed, n_sims=n), STRUCTURE_INDICATORS)
    b, fr, ex = (vals[k].value for k in STRUCTURE_INDICATORS)
    return float(b), int(fr), float(ex)


def _balance(s: Snapshot) -> tuple[float, int]:
    """Balanced-triangle share and frustration from the indicator registry (no Monte
    Carlo: the per-option structure criterion)."""
    vals, _ = indicator_values(Context(s, seed=0), STRUCTURE_INDICATORS[:2])
    b, fr = (vals[k].value for k in STRUCTURE_INDICATORS[:2])
    return float(b), int(fr)


def _dependency(s: Snapshot) -> pd.Series:
    from ..measures.dependency import alliance_dependency

    return alliance_dependency(s, region_only=False).set_index("ccode")["dependency"]


def _log_det(d: pd.DataFrame) -> float:
    """The registry's ``mean_log_deterrence`` over the targets flagged ``inside``."""
    return mean_log_deterrence(d, d.loc[d["inside"], "target"])


def _dependency_change(
    new: Snapshot,
    cand: Candidate,
    base_dep: pd.Series,
    scope: list[int],
    focal: int | None,
) -> tuple[float, str]:
    """Dependency criterion and its reason: mean change over ``scope``."""
    dep_new = _dependency(new)
    before = base_dep.reindex(scope).astype(float)
    after = dep_new.reindex(scope).astype(float)
    ok = before.notna() & after.notna()
    dep = float((after[ok] - before[ok]).mean()) if ok.any() else 0.0
    moved = [c for c in cand.members if c in dep_new.index and c in base_dep.index]
    biggest = max(
        moved,
        key=lambda c: abs(float(np.nan_to_num(dep_new[c] - base_dep[c]))),
        default=None,
    )
    why_dep = (
        f"mean dependency on the largest ally over {int(ok.sum())} "
        f"{'state' if focal is not None else 'states of the region'} "
        f"{before[ok].mean():.3f} -> {after[ok].mean():.3f}"
        if ok.any()
        else "no capability data"
    )
    if biggest is not None and np.isfinite(dep_new[biggest] - base_dep[biggest]):
        why_dep += f"; {_name(new, biggest)}: {base_dep[biggest]:.3f} -> {dep_new[biggest]:.3f}"
    return dep, why_dep


def _evidence_criteria(
    ev: Evidence,
    pred: tuple[np.ndarray, np.ndarray],
    cand: Candidate,
    threatened: list[int],
    tie: np.ndarray,
) -> dict[str, Any]:
    """The engine-based criteria of one option (point, ``_lo``, ``_hi``) and reasons,
    from its predictions ``pred`` (:meth:`Evidence.predict`); ``tie`` marks the dyads
    whose own tie the move changes (:meth:`Evidence.tie_changed`)."""
    p1, d1 = pred
    p0, d0 = ev.p, ev.draws
    reg = ev.masks()["region"]
    out: dict[str, Any] = {}
    draws = {"onset_risk": delta_draws(d0, d1, reg)}
    r, rlo, rhi = delta(p0, d0, p1, d1, reg)
    out.update(onset_risk=r, onset_risk_lo=rlo, onset_risk_hi=rhi)
    q0 = 1 - np.exp(np.log1p(-np.clip(p0[reg], 0, 1 - 1e-12)).sum())
    q1 = 1 - np.exp(np.log1p(-np.clip(p1[reg], 0, 1 - 1e-12)).sum())
    out["why_onset_risk"] = (
        f"expected MID onsets among the region's {int(reg.sum())} dyads {p0[reg].sum():.3f}"
        f" -> {p1[reg].sum():.3f} (P(>=1 onset) {q0:.1%} -> {q1:.1%}); risk engine; "
        f"{(p1 - p0)[reg & tie].sum():+.3f} on the pairs whose own tie changes "
        f"(selection-prone), {(p1 - p0)[reg & ~tie].sum():+.3f} on the others"
    )
    # deterrence: the threatened states' dyads with third parties, not with the partners
    # the move ties them to or parts them from (an ally's own dyad is not deterrence)
    thr = ev.dyads_of(threatened) & ~tie
    draws["deterrence_gain"] = -delta_draws(d0, d1, thr)
    g, glo, ghi = delta(p0, d0, p1, d1, thr)
    out.update(deterrence_gain=-g, deterrence_gain_lo=-ghi, deterrence_gain_hi=-glo)
    names = ", ".join(_name(ev.base, c) for c in threatened)
    out["why_deterrence_gain"] = (
        f"expected onsets on the dyads of the most threatened ({names}) with third "
        f"parties {p0[thr].sum():.3f} -> {p1[thr].sum():.3f}"
    )
    members = {c for c in cand.members if c in ev.base.ccodes}
    others = set(ev.base.ccodes) - members
    out_m = ev.dyads_between(members, others) if members else np.zeros(len(p0), dtype=bool)
    draws["provocation"] = delta_draws(d0, d1, out_m)
    v, vlo, vhi = delta(p0, d0, p1, d1, out_m)
    out.update(provocation=v, provocation_lo=vlo, provocation_hi=vhi)
    out["why_provocation"] = (
        f"expected onsets between the move's {len(members)} states and the "
        f"{len(others)} outsiders {p0[out_m].sum():.3f} -> {p1[out_m].sum():.3f}"
    )
    out["_draws"] = draws
    return out


def _belligerents(
    crises: Crises,
    base: tuple[float, np.ndarray],
    sizes: np.ndarray,
    pred: tuple[np.ndarray, np.ndarray],
) -> dict[str, Any]:
    """The ``belligerents`` criterion of one option (:mod:`._belligerents`): change in
    expected belligerents per war over the region's likeliest crises, its interval over
    the paired draws, and the reason."""
    e1, d1 = crises.expected(sizes, *pred)
    diff = d1 - base[1]
    lo, hi = interval(diff)
    pt = e1 - base[0]
    return {
        "belligerents": pt,
        "belligerents_lo": min(lo, pt),
        "belligerents_hi": max(hi, pt),
        "why_belligerents": (
            f"expected belligerents per war over the region's {len(crises.pairs)} likeliest "
            f"crises (risk engine weights) {base[0]:.2f} -> {e1:.2f}; escalation cascade, "
            f"{crises.n} cascades each, {HONOUR_SOURCE}"
        ),
        "_bdraws": diff,
    }


def score(
    s: Snapshot,
    cands: Sequence[Candidate],
    *,
    focal: int | None = None,
    n: int = 300,
    seed: int = 0,
    progress: Callable[[str], object] | None = None,
    evidence: Evidence | None = None,
) -> pd.DataFrame:
    """Score candidate moves against the baseline ``s`` (criteria: module docstring).

    ``n`` Monte Carlo draws of the exposure behind the balance reason (1 to the
    ``policy_draws`` cap of :mod:`alliancelab.limits`); ``progress(message)`` is called
    before each candidate; ``evidence`` the baseline's :class:`Evidence` (built when
    omitted).

    Returns
    -------
    DataFrame
        One row per candidate: ``kind, option, reason``, the :data:`CRITERIA` with their
        ``_lo``/``_hi`` 90% bounds and a ``why_<criterion>`` sentence for each.
    """
    n = limits.check("policy_draws", n, what="n")
    seed_value(seed)
    ev = evidence if evidence is not None else Evidence.of(s)
    threatened = ev.threatened(5, focal)
    base_bal, base_fr = _balance(s)
    base_dep = _dependency(s)
    inside_codes = [c for c, m in zip(s.ccodes, s.in_region, strict=True) if m]
    news = [_apply(s, cand.edits)[0] for cand in cands]
    if progress is not None:
        progress(f"predicting onset risk under {len(cands)} options (risk engine)")
    preds = ev.predict_many(news)
    crises = Crises.of(ev, n, seed)
    det = Deterrence.of(ev, [focal] if focal is not None else inside_codes, seed)
    base_det = det.log_deterrence(s)
    who = "the focal state" if focal is not None else "the region's states"
    base_sizes = crises.sizes(s)
    base_war = crises.expected(base_sizes, ev.p, ev.draws)
    rows = []
    for k, (cand, new) in enumerate(zip(cands, news, strict=True), start=1):
        if progress is not None:
            progress(f"scoring option {k}/{len(cands)}: {cand.label}")
        row: dict[str, Any] = {"kind": cand.kind, "option": cand.label, "reason": cand.reason}
        row.update(_evidence_criteria(ev, preds[k - 1], cand, threatened, ev.tie_changed(new)))
        pdet, pdraws = det.change(base_det, det.log_deterrence(new))
        lo, hi = interval(pdraws)
        row.update(pooled_deterrence=pdet, pooled_deterrence_lo=min(lo, pdet),
                   pooled_deterrence_hi=max(hi, pdet))  # fmt: skip
        row["why_pooled_deterrence"] = (
            f"mean change of log extended deterrence (allies' pooled capability x honour "
            f"rate) over {len(det.pairs)} pairs of {who} and their likeliest challengers "
            f"{pdet:+.3f}"
        )
        row["_draws"]["pooled_deterrence"] = pdraws
        sizes = crises.sizes(new, s, base_sizes)
        row.update(_belligerents(crises, base_war, sizes, preds[k - 1]))
        row["_draws"]["belligerents"] = row.pop("_bdraws")
        scope = [focal] if focal is not None else inside_codes
        dep, why_dep = _dependency_change(new, cand, base_dep, scope, focal)
        bal, fr = _balance(new)
        ok = np.isfinite(bal) and np.isfinite(base_bal)
        bal_gain = bal - base_bal if ok else 0.0
        why_bal = (
            f"balanced triangles {base_bal:.1%} -> {bal:.1%}; frustration {base_fr} -> {fr}"
            if ok
            else f"no signed triangle in the region; frustration {base_fr} -> {fr}"
        )
        row.update(dependency=dep, dependency_lo=dep, dependency_hi=dep, why_dependency=why_dep)
        row.update(balance=bal_gain, balance_lo=bal_gain, balance_hi=bal_gain, why_balance=why_bal)
        rows.append(row)
    draws = [r.pop("_draws") for r in rows]
    out = pd.DataFrame(rows)
    if draws:
        out.attrs["draws"] = {c: np.vstack([d[c] for d in draws]) for c in draws[0]}
    return out


#: Differences below these count as ties in :func:`pareto` for the criteria with no
#: sampling interval (a share: one percentage point).
RESOLUTION: dict[str, float] = {"dependency": 0.01, "balance": 0.01}


def _resolved(
    x: np.ndarray, i: int, band: np.ndarray, draws: np.ndarray | None, material: float = 0.0
) -> tuple[np.ndarray, np.ndarray]:
    """For one criterion (oriented, higher better): which options are resolvably (and
    materially: by more than ``material``) worse and which better than option ``i``."""
    d = x - x[i]
    if draws is not None:  # paired differences over the common draws
        a = (1 - LEVEL) / 2 * 100
        lo, hi = np.percentile(draws - draws[i], [a, 100 - a], axis=1)
        return (hi < 0) & (d < -material), (lo > 0) & (d > material)
    b = max(band[i], material)
    return d < -b, d > b


#: Material differences for :func:`options`' Pareto rule: a resolved difference smaller
#: than this is a tie (expected onsets or belligerents: 0.01 of an onset, 0.05 of a
#: state; pooled deterrence: 1% in capability ratio; dependency, balance: one point).
MATERIAL: dict[str, float] = {
    "onset_risk": 0.01, "deterrence_gain": 0.01, "pooled_deterrence": 0.01,
    "provocation": 0.01, "belligerents": 0.05, "dependency": 0.01, "balance": 0.01,
}  # fmt: skip


def pareto(
    table: pd.DataFrame,
    criteria: Mapping[str, int] = CRITERIA,
    draws: Mapping[str, np.ndarray] | None = None,
    material: Mapping[str, float] | None = None,
) -> np.ndarray:
    """Boolean mask of the options no other option dominates, judged with the evidence's
    uncertainty.

    Option j dominates option i when j is resolvably worse than i on no criterion and
    resolvably better on at least one. With ``draws`` for a criterion (an (options, B)
    array of common-random-number draws, oriented as the column; :func:`options` passes
    the engine's bootstrap draws) "resolvably" means the 90% interval of the paired
    difference j - i excludes 0. Otherwise the difference must exceed a tie band: half
    the width of i's ``_lo``/``_hi`` interval when the table has one, else
    :data:`RESOLUTION` (default 0: plain Pareto dominance). ``material`` (by criterion;
    :func:`options` passes :data:`MATERIAL`) also makes a resolved difference smaller
    than it a tie.

    Examples
    --------
    >>> t = pd.DataFrame({"gain": [1.0, 0.5, 1.0], "risk": [1.0, 0.0, 2.0]})
    >>> pareto(t, {"gain": 1, "risk": -1}).tolist()
    [True, True, False]
    >>> t["risk_lo"], t["risk_hi"] = t["risk"] - 1.5, t["risk"] + 1.5
    >>> pareto(t, {"gain": 1, "risk": -1}).tolist()  # risk gaps of 1 are now ties
    [True, False, True]
    >>> # gain gaps of 0.5 are immaterial too: row 1's clearly lower risk now counts
    >>> pareto(t, {"gain": 1, "risk": -1}, material={"gain": 0.6}).tolist()
    [True, True, False]
    """
    cols = list(criteria)
    draws = draws or {}
    material = material or {}
    x = np.column_stack([table[c].to_numpy(dtype=float) * criteria[c] for c in cols])
    x = np.nan_to_num(x, nan=-np.inf)
    band = np.zeros_like(x)
    for k, c in enumerate(cols):
        if f"{c}_lo" in table and f"{c}_hi" in table:
            band[:, k] = (table[f"{c}_hi"].to_numpy(float) - table[f"{c}_lo"].to_numpy(float)) / 2
        band[:, k] = np.where(band[:, k] > 0, band[:, k], RESOLUTION.get(c, 0.0))
    band = np.nan_to_num(band) + 1e-12
    eff = np.ones(len(x), dtype=bool)
    for i in range(len(x)):
        worse = np.zeros(len(x), dtype=bool)
        better = np.zeros(len(x), dtype=bool)
        for k, c in enumerate(cols):
            d = draws.get(c)
            w, b = _resolved(x[:, k], i, band[:, k], None if d is None else d * criteria[c],
                             float(material.get(c, 0.0)))  # fmt: skip
            worse |= w
            better |= b
        if (~worse & better).any():
            eff[i] = False
    return eff


def _effective(t: pd.DataFrame) -> np.ndarray:
    """Options with a resolvable effect on at least one criterion: a 90% interval that
    excludes 0 and a change of at least :data:`MATERIAL` (for the criteria with no
    interval, the change alone). The others are indistinguishable from the status quo: they take
    part in the dominance comparison (a move with only costs is dominated by one with no
    effect) but are not reported as Pareto options."""
    eff = np.zeros(len(t), dtype=bool)
    for c in CRITERIA:
        big = np.abs(t[c].to_numpy(float)) >= MATERIAL[c]
        if c in RESOLUTION:
            eff |= big
        else:
            sure = (t[f"{c}_lo"].to_numpy(float) > 0) | (t[f"{c}_hi"].to_numpy(float) < 0)
            eff |= big & sure
    return eff


#: Ranking tiers (:func:`_tier`).
TIERS: dict[int, str] = {
    1: "resolved fall in regional risk, no pooled deterrence given up",
    2: "lower regional risk, unresolved or bought with deterrence given up",
    3: "no fall in regional risk",
}


def _tier(t: pd.DataFrame) -> np.ndarray:
    """Ranking tier of every option (:data:`TIERS`): 1 when the 90% interval of the change
    in expected regional onsets lies below 0 and the pooled deterrence of the region's
    states is not resolvably lowered (its interval's upper end is not below
    0); 2 for any other fall in regional risk; 3 otherwise. The same rule for every kind
    of move: a move that gives up deterrence (a state leaving its allies) can rank first
    only when the evidence resolves a fall in risk and no loss of deterrence."""
    fall = t["onset_risk"].to_numpy(float) < 0
    resolved = t["onset_risk_hi"].to_numpy(float) < 0
    gives_up = t["pooled_deterrence_hi"].to_numpy(float) < 0
    return np.where(fall & resolved & ~gives_up, 1, np.where(fall, 2, 3))


def options(
    region: str,
    year: int | str | _dt.date,
    *,
    focal: int | str | None = None,
    data: str = "reference",
    store: object | None = None,
    n: int = 300,
    seed: int = 0,
    weights: Mapping[str, float] | None = None,
    progress: Callable[[str], object] | None = None,
) -> PolicyOptions:
    """Ranked, explained policy options for a region in a year.

    Parameters
    ----------
    region : str
        A COW region (``europe``, ``asia``, ...) or comma-separated COW codes.
    year : int, str or datetime.date
        The snapshot's year, or a day (``"YYYY-MM-DD"`` or a date): the states and
        alliance memberships in force that day, as :func:`alliancelab.snapshot` takes it.
    focal : int or str, optional
        Only moves involving this state (COW code, ISO3 or name); deterrence gain is then
        the focal state's as a target.
    data : {"reference", "store"}
        The shipped reference set, or the official data imported into ``store``.
    store : Store, str or Path, optional
        The store for ``data="store"`` (default: the default store).
    n : int
        Monte Carlo escalation cascades per crisis behind the ``belligerents`` criterion
        options (1 to the ``policy_draws`` cap of :mod:`alliancelab.limits`, 100,000 by
        default).
    seed : int
        Same seed, same table.
    weights : mapping, optional
        Weight of each criterion in the composite score (default 1 each, each finite
        and >= 0, not all 0).
    progress : callable, optional
        ``progress(message)`` before each candidate is scored.

    Returns
    -------
    PolicyOptions
        ``table`` ranked by composite score, ``pareto`` the efficient options.

    Examples
    --------
    >>> po = options("asia", 2024, n=50)
    >>> set(po.table["kind"]) >= {"admit", "defense_pact", "framework"}
    True
    >>> bool(po.table["pareto"].any())
    True
    """
    from ..snapshot import snapshot

    n = limits.check("policy_draws", n, what="n")
    seed_value(seed)
    s = snapshot(year, region, data=data, store=store)
    fc = None
    if focal is not None:
        fc = resolve_state(focal)
        if fc not in s.ccodes:
            raise UnknownStateError(
                f"state {fc} is not in the {year} snapshot of {s.region}; choose a state of "
                "the region or an ally of one"
            )
    w = {c: 1.0 for c in CRITERIA}
    if weights:
        bad = set(weights) - set(CRITERIA)
        if bad:
            raise ParameterError(f"unknown criteria {sorted(bad)}; use {list(CRITERIA)}")
        w.update({k: number(v, f"weights[{k!r}]", maximum=1e6) for k, v in weights.items()})
        if sum(w.values()) <= 0:
            raise ParameterError("weights must not all be 0")
    ev = Evidence.of(s)
    cands = candidates(s, fc, threatened=ev.threatened(5, fc))
    cols = ["rank", "tier", "kind", "option", "pareto", "score", *CRITERIA]
    cols += [f"{c}_{b}" for c in CRITERIA for b in ("lo", "hi")]
    cols += ["reason", *(f"why_{c}" for c in CRITERIA)]
    if not cands:
        empty = pd.DataFrame(columns=cols)
        return PolicyOptions(empty, empty, s, str(s.region), year, fc)
    t = score(s, cands, focal=fc, n=n, seed=seed, progress=progress, evidence=ev)
    comp = np.zeros(len(t))
    for c, sgn in CRITERIA.items():
        v = t[c].to_numpy(dtype=float)
        scale = np.nanmax(np.abs(v)) if np.isfinite(v).any() else 0.0
        if scale > 0:
            comp += w[c] * sgn * np.nan_to_num(v / scale)
    t["score"] = comp / sum(w.values())
    harmless = t["onset_risk_lo"].to_numpy(float) <= 0  # not resolvably riskier
    t["pareto"] = pareto(t, draws=t.attrs.get("draws"), material=MATERIAL)
    t["pareto"] &= _effective(t) & harmless
    t["tier"] = _tier(t)
    t = t.sort_values(["tier", "onset_risk", "score", "option"],
                      ascending=[True, True, False, True], kind="stable")  # fmt: skip
    order = t.index.to_numpy()
    draws = {c: d[order] for c, d in t.attrs.pop("draws", {}).items()}
    t.insert(0, "rank", range(1, len(t) + 1))
    t = t[cols].reset_index(drop=True)
    t.attrs["draws"] = draws  # rows aligned with the ranked table
    return PolicyOptions(t, t[t["pareto"]].reset_index(drop=True), s, str(s.region), year, fc)
