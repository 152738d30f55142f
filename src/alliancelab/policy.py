"""Policy options: candidate alliance moves for a region-year, scored, ranked and explained.

:func:`options` enumerates moves on the region's snapshot, applies each with
:func:`alliancelab.scenario.apply`, and scores it against the baseline on five criteria
(``docs/policy.md`` has the full derivation and sources):

``deterrence_gain``
    Change in the mean log2 deterrence ratio over directed rival pairs whose target is
    inside the region (or the focal state): expected alliance-pooled capability of the
    target side over the challenger side, allies weighted by their honour probability
    (Kim 1991; Leeds 2003, Johnson & Leeds 2011: defence pacts to the target deter;
    Berkemeier & Fuhrmann 2018 honour rates).
``entanglement_risk``
    Change in the expected number of belligerents of a war between rivals, averaged over
    every directed rival pair with a member in the region, from the escalation cascade
    (chain-ganging through defence and offence ties, neutrality and non-aggression
    pledges that keep states out; Christensen & Snyder 1990), same random numbers for
    every option.
``provocation``
    For the outsiders the move is aimed at (rivals of the move's members): the largest
    log2 change in their threat ratio (their rivals' pooled capability over their own),
    with the Richardson arms-race pressure ``(1 + s)^2`` (s: growth of the capability
    pooled against them; :func:`alliancelab.models.arms_race.enlarge`) in the reason.
    Kenwick, Vasquez & Powers (2015) find new alliances followed by more disputes.
``dependency``
    Change in the mean dependency (share of pooled capability owed to the largest ally;
    Morrow 1991's autonomy-security trade-off) of the region's states (or the focal
    state's).
``balance``
    Change in the share of balanced alliance/rivalry triangles in the region (Heider
    1946; Cartwright & Harary 1956; Maoz et al. 2007 find imbalance raises conflict).

Each criterion is oriented so that higher is better (gain, balance) or worse (risk,
provocation, dependency); :func:`pareto` keeps the options no other option beats on
every criterion, and the composite score is the weighted mean of the criteria divided by
their largest absolute value across the options (weights default to 1).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from .errors import UnknownStateError
from .measures.indicators import Context, indicator_values, mean_log_deterrence
from .reference import OBLIGATIONS
from .scenario import Edit, _apply, resolve_state
from .snapshot import Snapshot

__all__ = ["CRITERIA", "KINDS", "PolicyOptions", "candidates", "options", "pareto", "score"]

#: Scoring criteria and their direction (+1: higher is better, -1: lower is better).
CRITERIA: dict[str, int] = {
    "deterrence_gain": 1,
    "entanglement_risk": -1,
    "provocation": -1,
    "dependency": -1,
    "balance": 1,
}

#: Kinds of candidate move.
KINDS: tuple[str, ...] = ("admit", "defense_pact", "framework", "cooperation", "leave")


@dataclass(frozen=True)
class Candidate:
    """A candidate move: its kind, a label and the scenario edits that make it."""

    kind: str
    label: str
    edits: tuple[Edit, ...]
    members: tuple[int, ...]


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
        What was asked.
    """

    table: pd.DataFrame
    pareto: pd.DataFrame
    snapshot: Snapshot
    region: str
    year: int
    focal: int | None


def _name(s: Snapshot, c: int) -> str:
    return s.names[s.index(c)]


def _short(name: str) -> str:
    """A short alliance label: its acronym if the name has one ("NATO"), else the name
    without parenthetical detail.

    Examples
    --------
    >>> _short("North Atlantic Treaty Organization (NATO)"), _short("Warsaw Pact (1955-1991)")
    ('NATO', 'Warsaw Pact')
    """
    m = re.search(r"\(([^);,]+)", name)
    if m and re.fullmatch(r"[A-Z][A-Za-z]{1,7}", m.group(1).strip()):
        return m.group(1).strip()
    return name.split(" (")[0]


def _defense(s: Snapshot) -> np.ndarray:
    return np.asarray(s.obligation("defense"), dtype=bool)


def _rivals(s: Snapshot) -> dict[int, set[int]]:
    out: dict[int, set[int]] = {c: set() for c in s.ccodes}
    for i, j in zip(*np.nonzero(np.triu(s.rivalry, 1)), strict=True):
        a, b = s.ccodes[int(i)], s.ccodes[int(j)]
        out[a].add(b)
        out[b].add(a)
    return out


def _defense_partners(s: Snapshot) -> dict[int, set[int]]:
    d = _defense(s)
    both = d | d.T
    return {c: {s.ccodes[j] for j in np.nonzero(both[i])[0]} for i, c in enumerate(s.ccodes)}


@dataclass(frozen=True)
class _Setting:
    """What every kind of candidate move reads from the baseline snapshot."""

    s: Snapshot
    focal: int | None
    inside: list[int]
    riv: dict[int, set[int]]
    partners: dict[int, set[int]]
    cap: dict[int, float]
    mil: list[int]


def _admit(st: _Setting, admit_per_alliance: int) -> list[Candidate]:
    """Candidate moves of one kind: admit."""
    s, focal, inside, riv = st.s, st.focal, st.inside, st.riv
    partners, cap, mil = st.partners, st.cap, st.mil
    out: list[Candidate] = []
    for k in mil:
        members = {s.ccodes[i] for i in np.nonzero(s.membership[k])[0]}
        if len(members) < 3:  # bilateral treaties do not admit members
            continue
        hostile = set().union(*(riv[m] for m in members))
        eligible = [
            c
            for c in inside
            if c not in members
            and c not in hostile
            and not partners[c] & hostile
            and cap[c] > 0
            and (focal is None or focal in (c, *members))
        ]
        # states with a rival (who need deterrence) first, then the strongest
        eligible = sorted(eligible, key=lambda c: (not riv[c], -cap[c], c))[:admit_per_alliance]
        for c in eligible:
            out.append(
                Candidate(
                    "admit",
                    f"{_short(s.alliance_names[k])} admits {_name(s, c)}",
                    (Edit("join", state=c, alliance=s.alliances[k]),),
                    (c, *sorted(members)),
                )
            )
    return out


def _defense_pacts(st: _Setting, top_partners: int) -> list[Candidate]:
    """Candidate moves of one kind: bilateral defence pacts."""
    from .measures.deterrence import deterrence

    s, focal, inside, riv, partners, cap = st.s, st.focal, st.inside, st.riv, st.partners, st.cap
    out: list[Candidate] = []
    det = deterrence(s)
    targets = [c for c in inside if riv[c]]
    if focal is not None:
        targets = [focal]
    else:
        low = det[det["target"].isin(targets)].groupby("target")["deterrence"].min()
        targets = [int(c) for c in low.sort_values().index[:5]]
    strongest = sorted(s.ccodes, key=lambda c: -cap[c])
    seen: set[frozenset[int]] = set()
    for t in targets:
        hostile = set(riv[t]).union(*(partners[r] for r in riv[t]), *(riv[q] for q in partners[t]))
        n_added = 0
        for p in strongest:
            if n_added >= top_partners:
                break
            if p == t or p in hostile or p in partners[t] or cap[p] <= 0:
                continue
            n_added += 1
            if frozenset((t, p)) in seen:
                continue
            seen.add(frozenset((t, p)))
            out.append(
                Candidate(
                    "defense_pact",
                    f"defence pact {_name(s, t)}-{_name(s, p)}",
                    (
                        Edit(
                            "create",
                            alliance=f"pact_{t}_{p}",
                            states=(t, p),
                            obligations=("defense", "consultation"),
                            name=f"{_name(s, t)}-{_name(s, p)} defence pact",
                        ),
                    ),
                    (t, p),
                )
            )
    return out


def _frameworks(st: _Setting) -> list[Candidate]:
    """Candidate moves of one kind: frameworks among rivals."""
    s, focal, inside, riv = st.s, st.focal, st.inside, st.riv
    out: list[Candidate] = []
    pairs = sorted(
        {(min(a, b), max(a, b)) for a in inside for b in riv[a] if focal is None or focal in (a, b)}
    )
    for a, b in pairs:
        out.append(
            Candidate(
                "framework",
                f"non-aggression and consultation pact {_name(s, a)}-{_name(s, b)}",
                (
                    Edit(
                        "create",
                        alliance=f"nap_{a}_{b}",
                        states=(a, b),
                        obligations=("nonaggression", "consultation"),
                        name=f"{_name(s, a)}-{_name(s, b)} non-aggression pact",
                    ),
                ),
                (a, b),
            )
        )
    everyone = sorted({c for p in pairs for c in p})
    if len(everyone) > 2:
        out.append(
            Candidate(
                "framework",
                f"inclusive non-aggression and consultation framework of all {len(everyone)} "
                "states in the region's rivalries",
                (
                    Edit(
                        "create",
                        alliance="inclusive_framework",
                        states=tuple(everyone),
                        obligations=("nonaggression", "consultation"),
                        name="Inclusive security framework",
                    ),
                ),
                tuple(everyone),
            )
        )
    return out


def _cooperation(st: _Setting) -> list[Candidate]:
    """Candidate moves of one kind: cyber / non-traditional cooperation."""
    s, focal, inside, mil = st.s, st.focal, st.inside, st.mil
    out: list[Candidate] = []
    for k in mil:
        in_members = tuple(
            c for c in (s.ccodes[i] for i in np.nonzero(s.membership[k])[0]) if c in inside
        )
        if len(in_members) < 2 or (focal is not None and focal not in in_members):
            continue
        out.append(
            Candidate(
                "cooperation",
                f"cyber cooperation pact of {_short(s.alliance_names[k])}'s members in the region",
                (
                    Edit(
                        "create",
                        alliance=f"cyber_{s.alliances[k]}",
                        states=in_members,
                        obligations=("consultation",),
                        domain="cyber",
                        name=f"{s.alliance_names[k]} cyber pact",
                    ),
                ),
                in_members,
            )
        )
    if len(inside) >= 2:
        out.append(
            Candidate(
                "cooperation",
                "region-wide non-traditional security pact (terrorism, disasters, health)",
                (
                    Edit(
                        "create",
                        alliance="regional_non_traditional",
                        states=tuple(inside),
                        obligations=("consultation",),
                        domain="non_traditional",
                        name="Regional non-traditional security pact",
                    ),
                ),
                tuple(inside),
            )
        )
    return out


def _leave(st: _Setting) -> list[Candidate]:
    """Candidate moves of one kind: a member leaves."""
    from .measures.exposure import war_exposure

    s, focal, inside, mil = st.s, st.focal, st.inside, st.mil
    out: list[Candidate] = []
    expo = war_exposure(s, n_sims=300, seed=0).set_index("ccode")["exposure"].fillna(0.0)
    for k in mil:
        all_members = [s.ccodes[i] for i in np.nonzero(s.membership[k])[0]]
        if len(all_members) < 2:
            continue
        leavers = [c for c in all_members if c in inside]
        if focal is not None:
            leavers = [focal] if focal in all_members else []
        else:
            leavers = sorted(leavers, key=lambda c: (-float(expo.get(c, 0.0)), c))[:3]
        for c in leavers:
            out.append(
                Candidate(
                    "leave",
                    f"{_name(s, c)} leaves {_short(s.alliance_names[k])}",
                    (Edit("leave", state=c, alliance=s.alliances[k]),),
                    (c,),
                )
            )
    return out


def candidates(
    s: Snapshot, focal: int | None = None, *, top_partners: int = 6, admit_per_alliance: int = 8
) -> list[Candidate]:
    """Enumerate candidate moves on snapshot ``s`` (optionally only those of ``focal``).

    * **admit**: a multilateral alliance (three or more members) with defence obligations
      and a member in the region admits a state of the region that is not a member, is no
      rival of a member and is not tied by defence to a rival of a member (at most
      ``admit_per_alliance`` per alliance: states with a rival first, then the strongest;
      the reference data hold no contiguity, so every such state of the region counts as
      a neighbour);
    * **defense_pact**: a new bilateral defence pact between a state of the region that
      has a rival (the least deterred first; with ``focal``, the focal state) and one of
      the ``top_partners`` strongest states of the snapshot that is not its rival, not
      allied to its rivals, no rival of its allies and not already its defence partner;
    * **framework**: non-aggression and consultation among rivals, bilateral for each
      rival pair with a member in the region and one inclusive framework for all of them;
    * **cooperation**: a cyber cooperation pact (consultation) among the region's members
      of each defence alliance, and a region-wide non-traditional pact (terrorism,
      disaster relief, health);
    * **leave**: a member of the region leaves a defence alliance (the members most
      exposed to rival wars; with ``focal``, the focal state).

    Examples
    --------
    >>> from alliancelab import snapshot
    >>> kinds = {c.kind for c in candidates(snapshot(2024, "europe"))}
    >>> sorted(kinds)
    ['admit', 'cooperation', 'defense_pact', 'framework', 'leave']
    """
    inside = [c for c, m in zip(s.ccodes, s.in_region, strict=True) if m]
    riv = _rivals(s)
    partners = _defense_partners(s)
    cap = dict(zip(s.ccodes, np.nan_to_num(s.capability, nan=0.0), strict=True))
    mil = [
        k
        for k, a in enumerate(s.alliances)
        if s.alliance_domains[k] in ("conventional", "nuclear")
        and s.alliance_obligations[k, OBLIGATIONS.index("defense")]
        and any(s.in_region[np.nonzero(s.membership[k])[0]])
    ]
    st = _Setting(s, focal, inside, riv, partners, cap, mil)
    return [
        *_admit(st, admit_per_alliance),
        *_defense_pacts(st, top_partners),
        *_frameworks(st),
        *_cooperation(st),
        *_leave(st),
    ]


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
    from .measures.deterrence import deterrence

    d = deterrence(s, region_only=False)
    inside = {c for c, m in zip(s.ccodes, s.in_region, strict=True) if m}
    return d.assign(inside=d["target"].isin(inside if focal is None else {focal}))


def _war_size(s: Snapshot, pairs: Sequence[tuple[int, int]], n: int, seed: int) -> float:
    from .models import escalation

    if not pairs:
        return float("nan")
    prm = escalation.Params()
    sizes = []
    for k, (c, t) in enumerate(pairs):
        r = escalation.simulate(s, c, t, prm, n=n, seed=np.random.SeedSequence([seed, k]))
        sizes.append(float(r.wars["n_states"].mean()))
    return float(np.mean(sizes))


#: The registry indicators behind the balance and entanglement criteria.
STRUCTURE_INDICATORS = ("balanced_share", "frustration", "mean_exposure")


def _structure(s: Snapshot, seed: int) -> tuple[float, int, float]:
    """Balanced-triangle share, frustration and mean exposure (300 draws) from the
    indicator registry: the values :func:`~alliancelab.stability_panel` reports."""
    vals, _ = indicator_values(Context(s, seed=seed, n_sims=300), STRUCTURE_INDICATORS)
    b, fr, ex = (vals[k].value for k in STRUCTURE_INDICATORS)
    return float(b), int(fr), float(ex)


def _dependency(s: Snapshot) -> pd.Series:
    from .measures.dependency import alliance_dependency

    return alliance_dependency(s, region_only=False).set_index("ccode")["dependency"]


def _log_det(d: pd.DataFrame) -> float:
    """The registry's ``mean_log_deterrence`` over the targets flagged ``inside``."""
    return mean_log_deterrence(d, d.loc[d["inside"], "target"])


def _threat(d: pd.DataFrame, o: int) -> float:
    """Outsider o's threat ratio: max over its rivals r of r's pooled side over o's."""
    v = d.loc[d["challenger"] == o, "deterrence"].to_numpy(dtype=float)
    v = v[np.isfinite(v)]
    return float(v.max()) if v.size else float("nan")


def _provocation(
    s: Snapshot,
    new: Snapshot,
    cand: Candidate,
    base_det: pd.DataFrame,
    d: pd.DataFrame,
    focal: int | None,
) -> tuple[float, str]:
    """Provocation criterion and its reason: rivals of the move's members, outside it."""
    outsiders = sorted(
        {
            s.ccodes[j]
            for c in cand.members
            if c in s.ccodes
            for j in np.nonzero(s.rivalry[s.index(c)])[0]
        }
        - set(cand.members)
    )
    prov = 0.0
    why_prov = "no rival of the move's members is outside it"
    worst = None
    for o in outsiders:
        t0 = _threat(base_det if focal is None else _deterrence_table(s, None), o)
        t1 = _threat(d if focal is None else _deterrence_table(new, None), o)
        if not (np.isfinite(t0) and np.isfinite(t1)) or t0 <= 0:
            continue
        lr = float(np.log2(t1 / t0))
        if worst is None or lr > worst[1]:
            worst = (o, lr, t0, t1)
    if worst is not None:
        o, lr, t0, t1 = worst
        prov = max(lr, 0.0)
        sgrowth = t1 / t0 - 1.0
        why_prov = (
            f"{_name(s, o)}'s threat ratio (rivals' pooled capability over its own) "
            f"{t0:.2f} -> {t1:.2f}"
        )
        if sgrowth > 1e-9:
            why_prov += (
                f"; Richardson reaction product x{(1 + sgrowth) ** 2:.2f}: an arms race "
                f"with it turns unstable once reactions exceed {1 / (1 + sgrowth):.2f} of "
                "fatigue"
            )
        else:
            why_prov += "; no added arms-race pressure"
    return prov, why_prov


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


def score(
    s: Snapshot,
    cands: Sequence[Candidate],
    *,
    focal: int | None = None,
    n: int = 300,
    seed: int = 0,
) -> pd.DataFrame:
    """Score candidate moves against the baseline ``s`` (criteria: module docstring).

    Returns
    -------
    DataFrame
        One row per candidate: ``kind, option``, the :data:`CRITERIA` and a
        ``why_<criterion>`` sentence for each.
    """
    base_det = _deterrence_table(s, focal)
    riv = np.triu(s.rivalry, 1)
    pairs: list[tuple[int, int]] = []
    for i, j in zip(*np.nonzero(riv), strict=True):
        a, b = s.ccodes[int(i)], s.ccodes[int(j)]
        if s.in_region[int(i)] or s.in_region[int(j)]:
            pairs += [(a, b), (b, a)]
    base_ws = _war_size(s, pairs, n, seed)
    base_bal, base_fr, base_ex = _structure(s, seed)
    base_dep = _dependency(s)
    base_ld = _log_det(base_det)
    inside_codes = [c for c, m in zip(s.ccodes, s.in_region, strict=True) if m]
    rows = []
    for cand in cands:
        new, _ = _apply(s, cand.edits)
        d = _deterrence_table(new, focal)
        ld = _log_det(d)
        gain = ld - base_ld if np.isfinite(ld) and np.isfinite(base_ld) else 0.0
        weakest_b = base_det[base_det["inside"]].dropna(subset=["deterrence"])
        weakest_s = d[d["inside"]].dropna(subset=["deterrence"])
        why_det = f"mean log2 deterrence {base_ld:+.3f} -> {ld:+.3f}"
        if len(weakest_b) and len(weakest_s):
            why_det += (
                f"; weakest ratio {weakest_b['deterrence'].min():.3f} -> "
                f"{weakest_s['deterrence'].min():.3f}"
            )
        if gain == 0.0:
            why_det += " (no defence commitment to a rival's target changes)"
        ws = _war_size(new, pairs, n, seed)
        risk = ws - base_ws if np.isfinite(ws) and np.isfinite(base_ws) else 0.0
        bal, fr, ex = _structure(new, seed)
        why_ent = (
            f"expected belligerents per rival war {base_ws:.2f} -> {ws:.2f} over "
            f"{len(pairs)} directed rival crises (escalation cascade, n={n}); mean exposure "
            f"of the region's states {base_ex:.3f} -> {ex:.3f}"
        )
        # provocation: rivals of the move's members, outside the move
        prov, why_prov = _provocation(s, new, cand, base_det, d, focal)
        scope = [focal] if focal is not None else inside_codes
        dep, why_dep = _dependency_change(new, cand, base_dep, scope, focal)
        bal_gain = (bal - base_bal) if np.isfinite(bal) and np.isfinite(base_bal) else 0.0
        why_bal = (
            f"balanced triangles {base_bal:.1%} -> {bal:.1%}; frustration {base_fr} -> {fr}"
            if np.isfinite(bal) and np.isfinite(base_bal)
            else f"no signed triangle in the region; frustration {base_fr} -> {fr}"
        )
        rows.append(
            {
                "kind": cand.kind,
                "option": cand.label,
                "deterrence_gain": gain,
                "entanglement_risk": risk,
                "provocation": prov,
                "dependency": dep,
                "balance": bal_gain,
                "why_deterrence_gain": why_det,
                "why_entanglement_risk": why_ent,
                "why_provocation": why_prov,
                "why_dependency": why_dep,
                "why_balance": why_bal,
            }
        )
    return pd.DataFrame(rows)


def pareto(table: pd.DataFrame, criteria: Mapping[str, int] = CRITERIA) -> np.ndarray:
    """Boolean mask of the Pareto-efficient rows (no other row at least as good on every
    criterion and better on one; ``criteria`` maps column to direction, +1 or -1).

    Examples
    --------
    >>> t = pd.DataFrame({"gain": [1.0, 0.5, 1.0], "risk": [1.0, 0.0, 2.0]})
    >>> pareto(t, {"gain": 1, "risk": -1}).tolist()
    [True, True, False]
    """
    x = np.column_stack([table[c].to_numpy(dtype=float) * sgn for c, sgn in criteria.items()])
    x = np.nan_to_num(x, nan=-np.inf)
    n = len(x)
    eff = np.ones(n, dtype=bool)
    for i in range(n):
        ge = (x >= x[i] - 1e-12).all(axis=1)
        gt = (x > x[i] + 1e-12).any(axis=1)
        if (ge & gt).any():
            eff[i] = False
    return eff


def options(
    region: str,
    year: int,
    *,
    focal: int | str | None = None,
    data: str = "reference",
    n: int = 300,
    seed: int = 0,
    weights: Mapping[str, float] | None = None,
) -> PolicyOptions:
    """Ranked, explained policy options for a region in a year.

    Parameters
    ----------
    region : str
        A COW region (``europe``, ``asia``, ...) or comma-separated COW codes.
    year : int
    focal : int or str, optional
        Only moves involving this state (COW code, ISO3 or name); deterrence gain is then
        the focal state's as a target.
    n : int
        Crises simulated per directed rival pair for the entanglement risk.
    seed : int
        Same seed, same table.
    weights : mapping, optional
        Weight of each criterion in the composite score (default 1 each).

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
    from .snapshot import snapshot

    s = snapshot(year, region, data=data)
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
            raise ValueError(f"unknown criteria {sorted(bad)}; use {list(CRITERIA)}")
        w.update({k: float(v) for k, v in weights.items()})
    cands = candidates(s, fc)
    cols = ["rank", "kind", "option", "pareto", "score", *CRITERIA]
    cols += [f"why_{c}" for c in CRITERIA]
    if not cands:
        empty = pd.DataFrame(columns=cols)
        return PolicyOptions(empty, empty, s, str(s.region), year, fc)
    t = score(s, cands, focal=fc, n=n, seed=seed)
    comp = np.zeros(len(t))
    for c, sgn in CRITERIA.items():
        v = t[c].to_numpy(dtype=float)
        scale = np.nanmax(np.abs(v)) if np.isfinite(v).any() else 0.0
        if scale > 0:
            comp += w[c] * sgn * np.nan_to_num(v / scale)
    t["score"] = comp / sum(w.values())
    t["pareto"] = pareto(t)
    t = t.sort_values(["score", "option"], ascending=[False, True], kind="stable")
    t.insert(0, "rank", range(1, len(t) + 1))
    t = t[cols].reset_index(drop=True)
    return PolicyOptions(t, t[t["pareto"]].reset_index(drop=True), s, str(s.region), year, fc)
