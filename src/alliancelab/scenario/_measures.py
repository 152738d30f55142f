"""Region measures a scenario compares (moved verbatim from the old ``scenario.py``).

Each ``_g_*`` group computes a few region-level values of one snapshot from
:mod:`alliancelab.measures` (formulas and sources in their docstrings: Ray & Singer 1973
concentration, Modelski & Thompson poles, Montalvo & Reynal-Querol polarization, Heider /
Cartwright-Harary balance, Signorino & Ritter 1999 S, Berkemeier & Fuhrmann 2018 honour
rates, Thompson & Dreyer rivalries, Organski & Kugler parity).

This module is a stop-gap: the one indicator registry (``measures/indicators.py``) will
replace it, so it is kept as it was rather than redesigned.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..errors import UnknownStateError
from ..snapshot import Snapshot

__all__ = ["MEASURES"]

#: Region-level measures a scenario can compare, with what each is (details and sources
#: in the docstrings of :mod:`alliancelab.measures`).
MEASURES: dict[str, str] = {
    "con": "Ray-Singer capability concentration of the region's states (0 even, 1 one holds all)",
    "n_poles": "states holding at least 10% of the snapshot's capability (Modelski & Thompson)",
    "n_blocs": "defence blocs with a member in the region (components of mutual defence ties)",
    "largest_bloc_share": "capability share of the strongest bloc or lone state",
    "polarization": "Montalvo & Reynal-Querol polarization of capability among blocs",
    "defense_density": "share of the region's state pairs tied by a defence obligation",
    "balanced_share": "share of balanced alliance/rivalry triangles (Heider; Cartwright-Harary)",
    "frustration": "frustration index: fewest signed ties to delete for a balanced network",
    "mean_s": "mean Signorino-Ritter S of alliance portfolios over the region's dyads",
    "min_deterrence": "weakest link: smallest expected pooled capability ratio target/challenger",
    "mean_log_deterrence": "mean log2 deterrence ratio over directed rival pairs (target inside)",
    "mean_exposure": "mean probability that a state of the region is drawn into a rival war",
    "expected_war_size": "expected belligerents in the most dangerous rivalry's war",
    "max_dependency": "largest share of a state's pooled capability owed to one partner",
    "asymmetry": "share of defence-tied pairs in which only one side owes defence",
    "parity_rivalries": "rival pairs at capability parity (0.8-1.25, Organski & Kugler)",
    "n_rivalries": "strategic rival pairs with a member in the region (Thompson & Dreyer)",
    "cyber_density": "density of cyber-alliance ties among the region's states",
    "non_traditional_density": "density of non-traditional (terrorism, health, disaster) ties",
}


@dataclass(frozen=True)
class _Value:
    value: float
    se: float | None = None  # Monte Carlo standard error; None when exact
    detail: str = ""


def _abbr(s: Snapshot, code: object) -> str:
    try:
        return s.names[s.index(int(code))]  # type: ignore[call-overload]
    except (UnknownStateError, TypeError, ValueError):
        return str(code)


def _mean_upper(M: np.ndarray, mask: np.ndarray) -> float:
    idx = np.nonzero(mask)[0]
    if len(idx) < 2:
        return float("nan")
    vals = M[np.ix_(idx, idx)][np.triu_indices(len(idx), 1)]
    vals = vals[~np.isnan(vals)]
    return float(vals.mean()) if vals.size else float("nan")


def _g_power(s: Snapshot, ctx: _Ctx) -> dict[str, _Value]:
    from ..measures.power import capability_shares, concentration, polarity

    pol = polarity(s, region_only=True).iloc[0]
    poles = ", ".join(_abbr(s, c) for c in pol["poles"]) or "none"
    return {
        "con": _Value(concentration(capability_shares(s, region_only=True)["share"])),
        "n_poles": _Value(float(pol["n_poles"]), detail=f"poles: {poles}"),
    }


def _g_blocs(s: Snapshot, ctx: _Ctx) -> dict[str, _Value]:
    from ..measures.blocs import alliance_blocs
    from ..measures.network import bloc_structure

    r = bloc_structure(s).iloc[0]
    bl = alliance_blocs(s)
    inside = {c for c, m in zip(s.ccodes, s.in_region, strict=True) if m}
    labels = [
        f"{lab} ({n})"
        for lab, n, mem in zip(bl["label"], bl["n_members"], bl["members"], strict=True)
        if inside & set(mem)
    ]
    text = "blocs: " + ("; ".join(labels) if labels else "none")
    return {
        "n_blocs": _Value(float(r["n_blocs"]), detail=text),
        "largest_bloc_share": _Value(float(r["largest_bloc_share"]), detail=text),
        "polarization": _Value(float(r["polarization"]), detail=text),
    }


def _g_network(s: Snapshot, ctx: _Ctx) -> dict[str, _Value]:
    from ..measures.network import balance, defense_density, frustration_index, signed_matrix

    d = defense_density(s).iloc[0]
    b = balance(s).iloc[0]
    inside = np.asarray(s.in_region, dtype=bool)
    fr, exact = frustration_index(signed_matrix(s)[np.ix_(inside, inside)], seed=ctx.seed)
    return {
        "defense_density": _Value(
            float(d["defense_density"]), detail=f"{int(d['defense_ties'])} defence-tied pairs"
        ),
        "balanced_share": _Value(
            float(b["balanced_share"]),
            detail=f"{int(b['balanced_triangles'])} of {int(b['triangles'])} triangles balanced",
        ),
        "frustration": _Value(
            float(fr), detail="exact" if exact else "local-search upper bound (not exact)"
        ),
    }


def _g_similarity(s: Snapshot, ctx: _Ctx) -> dict[str, _Value]:
    from ..measures.similarity import portfolio_matrix, s_matrix

    if s.n < 2:
        return {"mean_s": _Value(float("nan"))}
    return {"mean_s": _Value(_mean_upper(s_matrix(portfolio_matrix(s)), s.in_region))}


def _g_deterrence(s: Snapshot, ctx: _Ctx) -> dict[str, _Value]:
    from ..measures.deterrence import deterrence

    d = deterrence(s, rates=ctx.rates)
    inside = {c for c, m in zip(s.ccodes, s.in_region, strict=True) if m}
    d = d[d["target"].isin(inside)].dropna(subset=["deterrence"])
    if d.empty:
        nan = _Value(float("nan"), detail="no rival pair with a target in the region")
        return {"min_deterrence": nan, "mean_log_deterrence": nan}
    k = int(d["deterrence"].to_numpy().argmin())
    weak = d.iloc[k]
    text = (
        f"weakest link: {_abbr(s, weak['target'])} facing {_abbr(s, weak['challenger'])} "
        f"(target side {weak['target_pooled']:.3g} vs challenger side "
        f"{weak['challenger_pooled']:.3g})"
    )
    pos = d["deterrence"].to_numpy(dtype=float)
    pos = pos[pos > 0]
    return {
        "min_deterrence": _Value(float(weak["deterrence"]), detail=text),
        "mean_log_deterrence": _Value(
            float(np.mean(np.log2(pos))) if pos.size else float("nan"),
            detail=f"{len(d)} directed rival pairs",
        ),
    }


def _g_exposure(s: Snapshot, ctx: _Ctx) -> dict[str, _Value]:
    from ..measures.exposure import entanglement

    reg, states, _ = entanglement(s, rates=ctx.rates, n_sims=ctx.n_sims, seed=ctx.seed)
    r = reg.iloc[0]
    exact = bool(r["exact"])
    ex = states.dropna(subset=["exposure"])
    se_mean = (
        float(np.sqrt(np.sum(ex["exposure_se"].to_numpy(dtype=float) ** 2)) / len(ex))
        if len(ex) and not exact
        else None
    )
    md = r["most_dangerous"]
    text = (
        f"most dangerous rivalry: {_abbr(s, md[0])}-{_abbr(s, md[1])}"
        if isinstance(md, tuple)
        else "no rivalry in the region"
    )
    if len(ex):
        top = ex.sort_values("exposure", ascending=False).iloc[0]
        text += f"; most exposed: {_abbr(s, top['ccode'])} ({top['exposure']:.2f})"
    return {
        "mean_exposure": _Value(float(r["mean_exposure"]), se_mean, text),
        "expected_war_size": _Value(
            float(r["expected_war_size"]), None if exact else float(r["war_size_se"]), text
        ),
    }


def _g_dependency(s: Snapshot, ctx: _Ctx) -> dict[str, _Value]:
    from ..measures.dependency import dependency

    reg, st = dependency(s)
    r = reg.iloc[0]
    text = ""
    if pd.notna(r["most_dependent"]):
        row = st[st["ccode"] == r["most_dependent"]].iloc[0]
        partner = row["largest_partner"]
        text = f"most dependent: {_abbr(s, r['most_dependent'])}" + (
            f" on {_abbr(s, partner)}" if pd.notna(partner) else ""
        )
    return {
        "max_dependency": _Value(float(r["max_dependency"]), detail=text),
        "asymmetry": _Value(float(r["asymmetry"])),
    }


def _g_parity(s: Snapshot, ctx: _Ctx) -> dict[str, _Value]:
    from ..measures.power import parity_rivalries

    r = parity_rivalries(s).iloc[0]
    return {
        "parity_rivalries": _Value(float(r["parity_rivalries"])),
        "n_rivalries": _Value(float(r["n_rivalries"])),
    }


def _g_layers(s: Snapshot, ctx: _Ctx) -> dict[str, _Value]:
    from ..measures.network import layer_network

    out = {}
    for dom in ("cyber", "non_traditional"):
        r = layer_network(s, dom).iloc[0]
        out[f"{dom}_density"] = _Value(
            float(r["density"]),
            detail=f"{int(r['ties'])} tied pairs" if bool(r["covered"]) else "layer not coded",
        )
    return out


_GROUPS: dict[str, Callable[[Snapshot, _Ctx], dict[str, _Value]]] = {
    "power": _g_power,
    "blocs": _g_blocs,
    "network": _g_network,
    "similarity": _g_similarity,
    "deterrence": _g_deterrence,
    "exposure": _g_exposure,
    "dependency": _g_dependency,
    "parity": _g_parity,
    "layers": _g_layers,
}
_GROUP_OF = {
    "con": "power",
    "n_poles": "power",
    "n_blocs": "blocs",
    "largest_bloc_share": "blocs",
    "polarization": "blocs",
    "defense_density": "network",
    "balanced_share": "network",
    "frustration": "network",
    "mean_s": "similarity",
    "min_deterrence": "deterrence",
    "mean_log_deterrence": "deterrence",
    "mean_exposure": "exposure",
    "expected_war_size": "exposure",
    "max_dependency": "dependency",
    "asymmetry": "dependency",
    "parity_rivalries": "parity",
    "n_rivalries": "parity",
    "cyber_density": "layers",
    "non_traditional_density": "layers",
}


@dataclass(frozen=True)
class _Ctx:
    seed: int
    n_sims: int
    rates: str


def _measure_values(
    s: Snapshot, names: Sequence[str], seed: int, n: int, rates: str
) -> dict[str, _Value]:
    out: dict[str, _Value] = {}
    ctx = _Ctx(seed=seed, n_sims=n, rates=rates)
    for g in dict.fromkeys(_GROUP_OF[m] for m in names):
        out.update(_GROUPS[g](s, ctx))
    return {m: out[m] for m in names}
