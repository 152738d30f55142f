"""Reporters of the region indicators and the shared products they rest on (private).

:mod:`alliancelab.measures.indicators` registers each reporter under its indicator's
name; a :class:`Context` holds one snapshot and computes each shared measure (an
entanglement, a deterrence table, a portfolio matrix) once for all the indicators that
use it. Every value is a measure of :mod:`alliancelab.measures`, which cites its source.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from ..snapshot import Snapshot
from .blocs import alliance_blocs
from .dependency import _dependency_arrays, dependency
from .deterrence import _deterrence_arrays, deterrence
from .exposure import entangle, entanglement_frames
from .network import (
    _balance_row,
    _bloc_row,
    _density_row,
    _layer_row,
    frustration_index,
    signed_blocs,
    signed_labels,
    signed_matrix,
)
from .power import (
    _polarity_label,
    concentration,
    pole_candidates,
    pole_index,
    poles_of,
    rival_parity,
)
from .similarity import kappa_matrix, pi_matrix, portfolio_matrix, s_matrix, taub_matrix


@dataclass(frozen=True)
class Value:
    """One indicator's value for one snapshot.

    Attributes
    ----------
    value : object
        The value (float, int, bool, str or tuple; NA when undefined).
    se : float or None
        Monte Carlo standard error; None when the value is exact.
    detail : str
        A sentence saying what drives the value (only with ``Context(details=True)``).
    note : str
        A data note for the ``notes`` column (e.g. "upper bound"), empty when none.
    """

    value: Any
    se: float | None = None
    detail: str = ""
    note: str = ""


@dataclass
class Context:
    """One snapshot and the options of the measures, with shared intermediate products.

    Indicators that rest on the same computation (e.g. ``mean_exposure`` and
    ``expected_war_size`` on one :func:`~alliancelab.measures.entanglement`) share it
    through :meth:`get`, so evaluating many indicators costs each measure once.

    Parameters
    ----------
    snapshot : Snapshot
    previous : Snapshot, optional
        The same region one year earlier (for ``overtakings``).
    rates : str or mapping
        Honouring probabilities (:func:`~alliancelab.measures.honour_probabilities`).
    seed, n_sims : int
        Seed and draws of the Monte Carlo (exposure) and of the frustration search.
    details : bool
        Compute the ``detail`` sentences (slower; for scenario reports).
    """

    snapshot: Snapshot
    previous: Snapshot | None = None
    rates: str | Mapping[str, float] = "berkemeier-fuhrmann"
    seed: int = 0
    n_sims: int = 1000
    details: bool = False
    _cache: dict[str, Any] = field(default_factory=dict, repr=False)

    def get(self, key: str) -> Any:
        """The shared product ``key`` (one of ``_PRODUCTS``), computed once."""
        if key not in self._cache:
            self._cache[key] = _PRODUCTS[key](self)
        return self._cache[key]

    @property
    def inside(self) -> np.ndarray:
        """Boolean mask of the snapshot's states inside the region."""
        return self.get("inside")

    def abbr(self, code: object) -> str:
        """The snapshot's short name of a ccode (the code itself if unknown)."""
        s = self.snapshot
        try:
            return s.names[s.index(int(code))]  # type: ignore[call-overload]
        except (KeyError, LookupError, TypeError, ValueError):
            return str(code)


def _mean_upper(M: np.ndarray, mask: np.ndarray) -> float:
    """Mean of the finite upper-triangle entries of ``M`` among the ``mask`` states."""
    idx = np.nonzero(mask)[0]
    if len(idx) < 2:
        return float("nan")
    vals = M[np.ix_(idx, idx)][np.triu_indices(len(idx), 1)]
    vals = vals[~np.isnan(vals)]
    return float(vals.mean()) if vals.size else float("nan")


def mean_log_deterrence(det: pd.DataFrame, targets: Iterable[int]) -> float:
    """Mean log2 deterrence ratio over directed rival pairs whose target is in ``targets``.

    ``det`` is a :func:`~alliancelab.measures.deterrence` frame; non-finite and
    non-positive ratios are left out (a ratio of 0 or infinity has no log).

    Examples
    --------
    >>> d = pd.DataFrame({"target": [1, 2, 3], "deterrence": [2.0, 0.5, np.inf]})
    >>> mean_log_deterrence(d, {1, 2, 3})
    0.0
    """
    v = det.loc[det["target"].isin(set(targets)), "deterrence"].to_numpy(dtype=float)
    v = v[np.isfinite(v) & (v > 0)]
    return float(np.mean(np.log2(v))) if v.size else float("nan")


# ------------------------------------------------------------------ shared products


def _p_power(ctx: Context) -> tuple[np.ndarray, np.ndarray]:
    # capability_shares(s, region_only=True) on arrays: ccodes inside and their shares
    s = ctx.snapshot
    inside = ctx.inside
    cap = np.asarray(s.capability, dtype=float)[inside]
    total = np.nansum(cap)
    share = cap / total if total > 0 else np.full(cap.shape, np.nan)
    return np.asarray(s.ccodes)[inside], share


def _p_portfolio(ctx: Context) -> np.ndarray:
    return portfolio_matrix(ctx.snapshot)


def _p_s_weighted(ctx: Context) -> np.ndarray:
    P = ctx.get("portfolio")
    cap = np.nan_to_num(np.asarray(ctx.snapshot.capability, dtype=float), nan=0.0)
    return s_matrix(P, weights=cap) if cap.sum() > 0 else np.full(P.shape, np.nan)


def _p_deterrence(ctx: Context) -> pd.DataFrame:
    d = deterrence(ctx.snapshot, rates=ctx.rates)
    inside = set(np.asarray(ctx.snapshot.ccodes)[ctx.inside].tolist())
    return d[d["target"].isin(inside)].dropna(subset=["deterrence"])


def _p_deterrence_arrays(ctx: Context) -> tuple[np.ndarray, ...]:
    # _p_deterrence's rows as arrays (challenger, target positions; pooled sides; ratio)
    c, t, tp, cp, r = _deterrence_arrays(ctx.snapshot, rates=ctx.rates)
    keep = ctx.inside[t] & ~np.isnan(r)
    return c[keep], t[keep], tp[keep], cp[keep], r[keep]


def _p_frustration(ctx: Context) -> tuple[int, bool]:
    inside = ctx.inside
    return frustration_index(signed_matrix(ctx.snapshot)[np.ix_(inside, inside)], seed=ctx.seed)


_PRODUCTS: dict[str, Callable[[Context], Any]] = {
    "inside": lambda c: np.asarray(c.snapshot.in_region, dtype=bool),
    "power": _p_power,
    "poles": lambda c: _p_poles(c),
    "parity": lambda c: rival_parity(c.snapshot, previous=c.previous),
    "blocs": lambda c: _bloc_row(c.snapshot),
    "signed_blocs": lambda c: signed_blocs(c.snapshot),
    "signed_labels": lambda c: signed_labels(c.snapshot),
    "density": lambda c: _density_row(c.snapshot),
    "balance": lambda c: _balance_row(c.snapshot),
    "frustration": _p_frustration,
    "portfolio": _p_portfolio,
    "s": lambda c: s_matrix(c.get("portfolio")),
    "s_squared": lambda c: s_matrix(c.get("portfolio"), distance="squared"),
    "s_weighted": _p_s_weighted,
    "kappa": lambda c: kappa_matrix(c.get("portfolio")),
    "pi": lambda c: pi_matrix(c.get("portfolio")),
    "taub": lambda c: taub_matrix(c.get("portfolio")),
    "deterrence": _p_deterrence,
    "deterrence_arrays": _p_deterrence_arrays,
    "entangled": lambda c: entangle(c.snapshot, rates=c.rates, seed=c.seed, n_sims=c.n_sims),
    "entanglement": lambda c: entanglement_frames(c.snapshot, c.get("entangled")),
    "dependency": lambda c: dependency(c.snapshot),
    "dependency_region": lambda c: _dependency_arrays(c.snapshot)[4],
    "cyber": lambda c: _layer_row(c.snapshot, "cyber"),
    "non_traditional": lambda c: _layer_row(c.snapshot, "non_traditional"),
}


# ------------------------------------------------------------------ reporters


def _f(x: object) -> float:
    return float(x)  # type: ignore[arg-type]


def _n_states(ctx: Context) -> Value:
    return Value(int(ctx.inside.sum()))


def _con(ctx: Context) -> Value:
    return Value(concentration(ctx.get("power")[1]))


def _p_poles(ctx: Context) -> tuple[tuple[int, ...], tuple[float, ...], float]:
    s = ctx.snapshot
    cand = pole_candidates(s)
    index = pole_index(s)[cand]
    return poles_of(np.asarray(s.ccodes)[cand], index)


def _poles(ctx: Context) -> tuple[tuple[int, ...], tuple[float, ...], float]:
    return ctx.get("poles")


def _poles_detail(ctx: Context) -> str:
    if not ctx.details:
        return ""
    return "poles: " + (", ".join(ctx.abbr(c) for c in _poles(ctx)[0]) or "none")


def _n_poles(ctx: Context) -> Value:
    return Value(len(_poles(ctx)[0]), detail=_poles_detail(ctx))


def _polarity(ctx: Context) -> Value:
    return Value(_polarity_label(len(_poles(ctx)[0])), detail=_poles_detail(ctx))


def _pole_codes(ctx: Context) -> Value:
    return Value(_poles(ctx)[0], detail=_poles_detail(ctx))


def _n_rivalries(ctx: Context) -> Value:
    return Value(len(ctx.get("parity")))


def _parity_rivalries(ctx: Context) -> Value:
    return Value(int(ctx.get("parity")["parity"].dropna().astype(bool).sum()))


def _overtakings(ctx: Context) -> Value:
    if ctx.previous is None:
        return Value(pd.NA)
    return Value(int(ctx.get("parity")["overtaking"].dropna().astype(bool).sum()))


def _blocs_detail(ctx: Context) -> str:
    if not ctx.details:
        return ""
    s = ctx.snapshot
    bl = alliance_blocs(s)
    inside = set(np.asarray(s.ccodes)[ctx.inside].tolist())
    labels = [
        f"{lab} ({n})"
        for lab, n, mem in zip(bl["label"], bl["n_members"], bl["members"], strict=True)
        if inside & set(mem)
    ]
    return "blocs: " + ("; ".join(labels) if labels else "none")


def _bloc_value(col: str, cast: Callable[[Any], Any]) -> Callable[[Context], Value]:
    def fn(ctx: Context) -> Value:
        return Value(cast(ctx.get("blocs")[col]), detail=_blocs_detail(ctx))

    return fn


def _n_signed_blocs(ctx: Context) -> Value:
    # blocs of two or more states; the ranking of signed_blocs does not change the count
    label = ctx.get("signed_labels")[2]
    return Value(int((np.unique(label, return_counts=True)[1] >= 2).sum()) if len(label) else 0)


def _defense_density(ctx: Context) -> Value:
    d = ctx.get("density")
    text = f"{int(d['defense_ties'])} defence-tied pairs" if ctx.details else ""
    return Value(_f(d["defense_density"]), detail=text)


def _triangles(ctx: Context) -> Value:
    return Value(int(ctx.get("balance")["triangles"]))


def _balanced_share(ctx: Context) -> Value:
    b = ctx.get("balance")
    text = (
        f"{int(b['balanced_triangles'])} of {int(b['triangles'])} triangles balanced"
        if ctx.details
        else ""
    )
    return Value(_f(b["balanced_share"]), detail=text)


def _frustration(ctx: Context) -> Value:
    fr, exact = ctx.get("frustration")
    return Value(
        int(fr),
        detail="exact" if exact else "local-search upper bound (not exact)",
        note=""
        if exact
        else "frustration: local-search upper bound (component too large to enumerate)",
    )


def _frustration_exact(ctx: Context) -> Value:
    return Value(bool(ctx.get("frustration")[1]))


def _mean_matrix(key: str) -> Callable[[Context], Value]:
    def fn(ctx: Context) -> Value:
        if ctx.snapshot.n < 2:
            return Value(float("nan"))
        return Value(_mean_upper(ctx.get(key), ctx.inside))

    return fn


def _min_deterrence(ctx: Context) -> Value:
    c, t, tp, cp, r = ctx.get("deterrence_arrays")
    if len(r) == 0:
        return Value(float("nan"), detail="no rival pair with a target in the region")
    k = int(r.argmin())
    cc = ctx.snapshot.ccodes
    text = (
        f"weakest link: {ctx.abbr(cc[t[k]])} facing {ctx.abbr(cc[c[k]])} "
        f"(target side {tp[k]:.3g} vs challenger side {cp[k]:.3g})"
        if ctx.details
        else ""
    )
    return Value(_f(r[k]), detail=text)


def _mean_log_deterrence(ctx: Context) -> Value:
    r = ctx.get("deterrence_arrays")[4]
    if len(r) == 0:
        return Value(float("nan"), detail="no rival pair with a target in the region")
    v = r[np.isfinite(r) & (r > 0)]  # as mean_log_deterrence over every row's target
    mean = float(np.mean(np.log2(v))) if v.size else float("nan")
    return Value(mean, detail=f"{len(r)} directed rival pairs")


def _exposure_detail(ctx: Context) -> str:
    if not ctx.details:
        return ""
    reg, states, _ = ctx.get("entanglement")
    md = reg.iloc[0]["most_dangerous"]
    text = (
        f"most dangerous rivalry: {ctx.abbr(md[0])}-{ctx.abbr(md[1])}"
        if isinstance(md, tuple)
        else "no rivalry in the region"
    )
    ex = states.dropna(subset=["exposure"])
    if len(ex):
        top = ex.sort_values("exposure", ascending=False).iloc[0]
        text += f"; most exposed: {ctx.abbr(top['ccode'])} ({top['exposure']:.2f})"
    return text


def _mc_note(ctx: Context, exact: bool) -> str:
    if exact:
        return ""
    return f"exposure: Monte Carlo with {ctx.n_sims} draws (seed {ctx.seed}); see war_size_se"


def _mean_exposure(ctx: Context) -> Value:
    e = ctx.get("entangled")
    ses = e.exposure_se[~np.isnan(e.exposure)]
    se = float(np.sqrt(np.sum(ses**2)) / len(ses)) if len(ses) and not e.exact else None
    return Value(float(e.mean_exposure), se, _exposure_detail(ctx), _mc_note(ctx, e.exact))


def _expected_war_size(ctx: Context) -> Value:
    e = ctx.get("entangled")
    se = None if e.exact else float(e.war_size_se_max)
    return Value(float(e.expected_war_size), se, _exposure_detail(ctx))


def _dependency_value(col: str) -> Callable[[Context], Value]:
    def fn(ctx: Context) -> Value:
        r = ctx.get("dependency_region")
        text = ""
        if ctx.details and col == "max_dependency" and pd.notna(r["most_dependent"]):
            st = ctx.get("dependency")[1]
            row = st[st["ccode"] == r["most_dependent"]].iloc[0]
            partner = row["largest_partner"]
            text = f"most dependent: {ctx.abbr(r['most_dependent'])}" + (
                f" on {ctx.abbr(partner)}" if pd.notna(partner) else ""
            )
        return Value(_f(r[col]), detail=text)

    return fn


def _layer(dom: str) -> Callable[[Context], Value]:
    def fn(ctx: Context) -> Value:
        r = ctx.get(dom)
        covered = bool(r["covered"])
        return Value(
            _f(r["density"]),
            detail=(f"{int(r['ties'])} tied pairs" if covered else "layer not coded"),
            note="" if covered else f"{dom} layer: no {dom} alliance in force (NA)",
        )

    return fn
