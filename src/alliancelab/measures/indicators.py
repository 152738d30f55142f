"""The one registry of region indicators: named reporters over the pure measures.

Each region indicator (CON, polarity, bloc count, balance, exposure, ...) is registered
**once** in :data:`INDICATORS` with its name, a description, the data coverage it needs
(``capability``, ``rivalries``, ``layers``), whether it is Monte Carlo (then it has a
standard error) and a function of an :class:`Context` (one snapshot plus the options of
the Monte Carlo) returning a :class:`Value`. This is Mesa's ``DataCollector`` idea of
named model reporters, over networkx-style pure functions (the measures of
:mod:`alliancelab.measures`, which cite their sources).

:func:`evaluate` applies a list of indicators to one or more snapshots and returns a
frame keyed by ``(region, year)``: one column per indicator, ``<name>_se`` beside each
Monte Carlo one, and ``notes``. :func:`~alliancelab.stability_panel`, the regional brief
and the policy criteria all read their region values through it, so a region-year gives
the same number everywhere. Adding an indicator is one :class:`Indicator` entry in
``_ENTRIES`` below.

**One definition of the system.** Region indicators are computed over the states *inside*
the region (``Snapshot.in_region``, COW's region lists). Outside states in a snapshot (the
allies of region members by defence or offence, e.g. the United States in NATO) count as
allies: in pooled capability, deterrence, exposure, portfolios and bloc capability
shares, but not as members of the region's distribution of power. ``docs/measures.md``
explains the choice.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from ..snapshot import Snapshot
from .blocs import alliance_blocs
from .dependency import dependency
from .deterrence import deterrence
from .exposure import entanglement
from .network import (
    balance,
    bloc_structure,
    defense_density,
    frustration_index,
    layer_network,
    signed_blocs,
    signed_matrix,
)
from .power import POLE_THRESHOLD, _polarity_label, concentration, rival_parity
from .similarity import kappa_matrix, pi_matrix, portfolio_matrix, s_matrix, taub_matrix

__all__ = [
    "COVERAGE_NOTES",
    "INDICATORS",
    "Context",
    "Indicator",
    "Value",
    "evaluate",
    "indicator_values",
    "mean_log_deterrence",
]

#: Coverage keys an indicator may need, with the note added when a year lacks them.
COVERAGE_NOTES: dict[str, str] = {
    "layers": "cyber/non_traditional layers: not coded by ATOP (NA)",
    "rivalries": "rivalry measures NA: rivalry data do not cover this year",
    "capability": "capability measures NA: capability data do not cover this year",
}


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


@dataclass(frozen=True)
class Indicator:
    """A registered region indicator.

    Attributes
    ----------
    name, description : str
    needs : tuple of str
        Keys of :data:`COVERAGE_NOTES` the indicator needs; NA when one is not covered.
    kind : {"float", "int", "bool", "label", "object"}
        Column type in :func:`evaluate` (Float64 as float, nullable Int64 / boolean).
    fn : callable
        ``fn(ctx) -> Value``.
    monte_carlo : bool
        True when the value can come from a Monte Carlo (then ``<name>_se`` is a column).
    """

    name: str
    description: str
    needs: tuple[str, ...]
    kind: str
    fn: Callable[[Context], Value]
    monte_carlo: bool = False


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
        return self.get("inside")  # type: ignore[no-any-return]

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


def _p_frustration(ctx: Context) -> tuple[int, bool]:
    inside = ctx.inside
    return frustration_index(signed_matrix(ctx.snapshot)[np.ix_(inside, inside)], seed=ctx.seed)


_PRODUCTS: dict[str, Callable[[Context], Any]] = {
    "inside": lambda c: np.asarray(c.snapshot.in_region, dtype=bool),
    "power": _p_power,
    "parity": lambda c: rival_parity(c.snapshot, previous=c.previous),
    "blocs": lambda c: bloc_structure(c.snapshot).iloc[0],
    "signed_blocs": lambda c: signed_blocs(c.snapshot),
    "density": lambda c: defense_density(c.snapshot).iloc[0],
    "balance": lambda c: balance(c.snapshot).iloc[0],
    "frustration": _p_frustration,
    "portfolio": _p_portfolio,
    "s": lambda c: s_matrix(c.get("portfolio")),
    "s_squared": lambda c: s_matrix(c.get("portfolio"), distance="squared"),
    "s_weighted": _p_s_weighted,
    "kappa": lambda c: kappa_matrix(c.get("portfolio")),
    "pi": lambda c: pi_matrix(c.get("portfolio")),
    "taub": lambda c: taub_matrix(c.get("portfolio")),
    "deterrence": _p_deterrence,
    "entanglement": lambda c: entanglement(c.snapshot, rates=c.rates, seed=c.seed, n_sims=c.n_sims),
    "dependency": lambda c: dependency(c.snapshot),
    "cyber": lambda c: layer_network(c.snapshot, "cyber").iloc[0],
    "non_traditional": lambda c: layer_network(c.snapshot, "non_traditional").iloc[0],
}


# ------------------------------------------------------------------ reporters


def _f(x: object) -> float:
    return float(x)  # type: ignore[arg-type]


def _n_states(ctx: Context) -> Value:
    return Value(int(ctx.inside.sum()))


def _con(ctx: Context) -> Value:
    return Value(concentration(ctx.get("power")[1]))


def _poles(ctx: Context) -> tuple[tuple[int, ...], tuple[float, ...], float]:
    codes, share = ctx.get("power")
    ok = ~np.isnan(share)
    codes, share = codes[ok], share[ok]
    order = np.argsort(-share, kind="stable")
    big = [k for k in order if share[k] >= POLE_THRESHOLD]
    lead = float(share.max()) if share.size else float("nan")
    return tuple(int(codes[k]) for k in big), tuple(float(share[k]) for k in big), lead


def _poles_detail(ctx: Context) -> str:
    if not ctx.details:
        return ""
    return "poles: " + (", ".join(ctx.abbr(c) for c in _poles(ctx)[0]) or "none")


def _n_poles(ctx: Context) -> Value:
    return Value(len(_poles(ctx)[0]), detail=_poles_detail(ctx))


def _polarity(ctx: Context) -> Value:
    poles, _, lead = _poles(ctx)
    return Value(_polarity_label(len(poles), lead), detail=_poles_detail(ctx))


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
    sb = ctx.get("signed_blocs")
    return Value(int((sb.groupby("bloc").size() >= 2).sum()) if len(sb) else 0)


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
    d = ctx.get("deterrence")
    if d.empty:
        return Value(float("nan"), detail="no rival pair with a target in the region")
    weak = d.iloc[int(d["deterrence"].to_numpy().argmin())]
    text = (
        f"weakest link: {ctx.abbr(weak['target'])} facing {ctx.abbr(weak['challenger'])} "
        f"(target side {weak['target_pooled']:.3g} vs challenger side "
        f"{weak['challenger_pooled']:.3g})"
        if ctx.details
        else ""
    )
    return Value(_f(weak["deterrence"]), detail=text)


def _mean_log_deterrence(ctx: Context) -> Value:
    d = ctx.get("deterrence")
    if d.empty:
        return Value(float("nan"), detail="no rival pair with a target in the region")
    return Value(mean_log_deterrence(d, d["target"]), detail=f"{len(d)} directed rival pairs")


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
    reg, states, _ = ctx.get("entanglement")
    r = reg.iloc[0]
    exact = bool(r["exact"])
    ex = states.dropna(subset=["exposure"])
    se = (
        float(np.sqrt(np.sum(ex["exposure_se"].to_numpy(dtype=float) ** 2)) / len(ex))
        if len(ex) and not exact
        else None
    )
    return Value(_f(r["mean_exposure"]), se, _exposure_detail(ctx), _mc_note(ctx, exact))


def _expected_war_size(ctx: Context) -> Value:
    r = ctx.get("entanglement")[0].iloc[0]
    exact = bool(r["exact"])
    se = None if exact else _f(r["war_size_se"])
    return Value(_f(r["expected_war_size"]), se, _exposure_detail(ctx))


def _dependency_value(col: str) -> Callable[[Context], Value]:
    def fn(ctx: Context) -> Value:
        reg, st = ctx.get("dependency")
        r = reg.iloc[0]
        text = ""
        if ctx.details and col == "max_dependency" and pd.notna(r["most_dependent"]):
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


# ------------------------------------------------------------------ the registry

_C, _R, _L = ("capability",), ("rivalries",), ("layers",)
_CR = ("rivalries", "capability")

#: Every region indicator, in the order of the stability panel. One entry per indicator:
#: name, description (formula and source are in docs/measures.md), coverage needed, kind.
_ENTRIES: tuple[Indicator, ...] = (
    Indicator("n_states", "states of the system inside the region", (), "int", _n_states),
    Indicator(
        "con", "CON of capability shares inside the region (Ray & Singer 1973)", _C, "float", _con
    ),
    Indicator(
        "polarity",
        "unipolar/bipolar/multipolar: states >= 10% of the region's "
        "capability (Modelski & Thompson 1988)",
        _C,
        "label",
        _polarity,
    ),
    Indicator("n_poles", "states holding >= 10% of the region's capability", _C, "int", _n_poles),
    Indicator("poles", "the poles' ccodes, largest first", _C, "object", _pole_codes),
    Indicator(
        "n_rivalries",
        "strategic rivalries with a member in the region (Thompson & Dreyer 2012)",
        _R,
        "int",
        _n_rivalries,
    ),
    Indicator(
        "parity_rivalries",
        "rivalries at capability parity, 0.8-1.25 (Organski & Kugler 1980)",
        _CR,
        "int",
        _parity_rivalries,
    ),
    Indicator(
        "overtakings",
        "rivalries whose stronger side changed since the previous year",
        _CR,
        "int",
        _overtakings,
    ),
    Indicator(
        "n_blocs",
        "defence blocs with a member in the region",
        (),
        "int",
        _bloc_value("n_blocs", int),
    ),
    Indicator(
        "largest_bloc_share",
        "capability share of the strongest bloc or unaligned state",
        _C,
        "float",
        _bloc_value("largest_bloc_share", float),
    ),
    Indicator(
        "polarization",
        "Montalvo & Reynal-Querol (2005) RQ over bloc shares",
        _C,
        "float",
        _bloc_value("polarization", float),
    ),
    Indicator(
        "n_signed_blocs",
        "groups of >= 2 states in the signed network's clustering (after Traag & Bruggeman 2009)",
        _R,
        "int",
        _n_signed_blocs,
    ),
    Indicator(
        "defense_density",
        "defence-tied pairs over all pairs of region states",
        (),
        "float",
        _defense_density,
    ),
    Indicator("triangles", "signed triangles among region states", _R, "int", _triangles),
    Indicator(
        "balanced_share",
        "share of balanced signed triangles (Cartwright & Harary 1956)",
        _R,
        "float",
        _balanced_share,
    ),
    Indicator(
        "frustration",
        "frustration (line) index of the signed network (Harary 1959)",
        _R,
        "int",
        _frustration,
    ),
    Indicator(
        "frustration_exact",
        "whether the frustration index is exact",
        _R,
        "bool",
        _frustration_exact,
    ),
    Indicator(
        "mean_s",
        "mean S score of region dyads (Signorino & Ritter 1999)",
        (),
        "float",
        _mean_matrix("s"),
    ),
    Indicator(
        "mean_s_squared", "mean S score, squared distance", (), "float", _mean_matrix("s_squared")
    ),
    Indicator(
        "mean_s_weighted",
        "mean capability-weighted S score",
        _C,
        "float",
        _mean_matrix("s_weighted"),
    ),
    Indicator(
        "mean_kappa",
        "mean Cohen's kappa of portfolios (Häge 2011)",
        (),
        "float",
        _mean_matrix("kappa"),
    ),
    Indicator(
        "mean_pi", "mean Scott's pi of portfolios (Häge 2011)", (), "float", _mean_matrix("pi")
    ),
    Indicator(
        "mean_taub",
        "mean Kendall tau-b of portfolios (Bueno de Mesquita 1975)",
        (),
        "float",
        _mean_matrix("taub"),
    ),
    Indicator(
        "min_deterrence",
        "weakest extended-deterrence ratio, target in the region (Kim 1991; Leeds 2003)",
        _CR,
        "float",
        _min_deterrence,
    ),
    Indicator(
        "mean_log_deterrence",
        "mean log2 deterrence ratio over directed rival pairs (target inside)",
        _CR,
        "float",
        _mean_log_deterrence,
    ),
    Indicator(
        "mean_exposure",
        "mean probability that a region state joins a rival war (independent cascade)",
        _R,
        "float",
        _mean_exposure,
        monte_carlo=True,
    ),
    Indicator(
        "expected_war_size",
        "expected belligerents of the most dangerous rivalry",
        _R,
        "float",
        _expected_war_size,
        monte_carlo=True,
    ),
    Indicator(
        "max_dependency",
        "largest share of a state's pooled capability from one ally (Kim 1991)",
        _C,
        "float",
        _dependency_value("max_dependency"),
    ),
    Indicator(
        "asymmetry",
        "share of one-sided defence ties (Morrow 1991)",
        (),
        "float",
        _dependency_value("asymmetry"),
    ),
    Indicator("cyber_density", "density of the cyber alliance layer", _L, "float", _layer("cyber")),
    Indicator(
        "non_traditional_density",
        "density of the non-traditional alliance layer",
        _L,
        "float",
        _layer("non_traditional"),
    ),
)

#: The registry: name -> :class:`Indicator`.
INDICATORS: dict[str, Indicator] = {i.name: i for i in _ENTRIES}


def _check(names: Iterable[str] | None) -> list[str]:
    out = list(INDICATORS) if names is None else list(names)
    bad = [n for n in out if n not in INDICATORS]
    if bad:
        raise ValueError(f"unknown indicators {bad}; known: {', '.join(INDICATORS)}")
    return out


def indicator_values(
    ctx: Context,
    names: Iterable[str] | None = None,
    covered: Mapping[str, bool] | None = None,
) -> tuple[dict[str, Value], list[str]]:
    """Evaluate indicators on one context: ``({name: Value}, notes)``.

    An indicator whose coverage (``covered[key]`` False) is missing is NA and the
    matching :data:`COVERAGE_NOTES` entry is added once; keys not in ``covered`` count as
    covered. Notes come in registry order, then coverage notes, then the snapshot's.
    """
    want = _check(names)
    cov = dict(covered or {})
    out: dict[str, Value] = {}
    notes: list[str] = []
    missing: set[str] = set()
    for name in want:
        ind = INDICATORS[name]
        lacking = [k for k in ind.needs if not cov.get(k, True)]
        if lacking:
            missing.update(lacking)
            out[name] = Value(pd.NA if ind.kind in ("int", "bool", "label") else float("nan"))
            continue
        v = ind.fn(ctx)
        out[name] = v
        if v.note:
            notes.append(v.note)
    notes += [text for key, text in COVERAGE_NOTES.items() if key in missing]
    notes += list(ctx.snapshot.notes)
    return out, notes


def _row(ctx: Context, names: Sequence[str], covered: Mapping[str, bool] | None) -> dict:
    vals, notes = indicator_values(ctx, names, covered)
    row: dict[str, object] = {"region": ctx.snapshot.region, "year": ctx.snapshot.year}
    for name in names:
        v = vals[name]
        row[name] = v.value
        if INDICATORS[name].monte_carlo:
            finite = v.value is not pd.NA and not pd.isna(v.value)
            row[f"{name}_se"] = v.se if v.se is not None else (0.0 if finite else np.nan)
    row["notes"] = "; ".join(notes)
    return row


def frame_columns(names: Sequence[str]) -> list[str]:
    """The columns :func:`evaluate` returns for ``names``, in order."""
    cols = ["region", "year"]
    for n in names:
        cols.append(n)
        if INDICATORS[n].monte_carlo:
            cols.append(f"{n}_se")
    return [*cols, "notes"]


def typed_frame(rows: Sequence[Mapping[str, object]], columns: Sequence[str]) -> pd.DataFrame:
    """Rows of indicator values as a frame with each indicator's column type."""
    df = pd.DataFrame(list(rows), columns=list(columns))
    for c in columns:
        ind = INDICATORS.get(c)
        kind = ind.kind if ind is not None else ("float" if c.endswith("_se") else None)
        if kind == "int":
            df[c] = pd.array([None if pd.isna(v) else int(v) for v in df[c]], dtype="Int64")
        elif kind == "bool":
            df[c] = pd.array([None if pd.isna(v) else bool(v) for v in df[c]], dtype="boolean")
        elif kind == "float":
            df[c] = pd.to_numeric(df[c], errors="coerce").astype(float)
        elif kind == "label":
            df[c] = df[c].astype(object).where(df[c].notna(), None)
    if "year" in df:
        df["year"] = df["year"].astype(int)
    return df


def evaluate(
    snapshots: Snapshot | Iterable[Snapshot],
    names: Iterable[str] | None = None,
    *,
    rates: str | Mapping[str, float] = "berkemeier-fuhrmann",
    seed: int = 0,
    n_sims: int = 1000,
    covered: Mapping[str, bool] | None = None,
) -> pd.DataFrame:
    """Evaluate registered indicators on snapshots: one row per ``(region, year)``.

    Parameters
    ----------
    snapshots : Snapshot or iterable of Snapshot
        Consecutive years of one region give ``overtakings`` (else NA).
    names : iterable of str, optional
        Indicator names (:data:`INDICATORS`); default all, in registry order.
    rates, seed, n_sims :
        Options of the measures (:class:`Context`).
    covered : mapping, optional
        Coverage flags (``capability``, ``rivalries``, ``layers``); missing keys count as
        covered.

    Returns
    -------
    DataFrame
        ``region, year``, one column per indicator (``<name>_se`` after each Monte Carlo
        one: 0 when exact) and ``notes``.

    Examples
    --------
    >>> from alliancelab import snapshot
    >>> f = evaluate(snapshot(1914, "europe"), ["con", "polarity", "n_blocs"])
    >>> f[["region", "year", "polarity", "n_blocs"]].values.tolist()
    [['europe', 1914, 'multipolar', 3]]
    >>> round(float(f["con"].iloc[0]), 3)
    0.327
    """
    want = _check(names)
    snaps = [snapshots] if isinstance(snapshots, Snapshot) else list(snapshots)
    rows = []
    prev: Snapshot | None = None
    for s in snaps:
        ok = prev is not None and prev.region == s.region and prev.year == s.year - 1
        ctx = Context(s, prev if ok else None, rates=rates, seed=seed, n_sims=n_sims)
        rows.append(_row(ctx, want, covered))
        prev = s
    return typed_frame(rows, frame_columns(want))
