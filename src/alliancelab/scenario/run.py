"""Running a scenario: baseline and edited snapshot, measures and models, side by side.

:func:`run` builds the baseline snapshot, makes the edits, reads the requested region
measures from the one indicator registry (:mod:`alliancelab.measures.indicators`, the
values the stability panel and the brief show) and runs each model of the
scenario through the one model contract (:data:`alliancelab.models.MODELS`: escalation
cascade, Christensen & Snyder 1990 with honour rates fitted on the COW wars, pledge-keeping
Berkemeier & Fuhrmann 2018; crisis
bargaining, Fearon 1995; arms race, Richardson 1960; alliance transition, Organski &
Kugler 1980, Kim 1991), with 95% Monte Carlo intervals where a quantity is stochastic.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from ..errors import AllianceLabError, ScenarioError
from ..measures.indicators import SCENARIO_MEASURES as MEASURES
from ..measures.indicators import Context, indicator_values
from ..models import MODELS as _MODELS
from ..models import Estimate
from ..snapshot import Snapshot
from ._keyed import _CAUGHT, _Keyed, _split
from .edits import _edited, _with_states
from .files import Scenario, load

__all__ = ["MEASURES", "MODEL_OUTPUTS", "RESULT_COLUMNS", "ScenarioResult", "run"]

#: What each model output is (the report's "what it is" column), from the models' contract.
MODEL_OUTPUTS: dict[str, str] = {
    f"{name}.{out}": what
    for name, m in _MODELS.items()
    if m.keys is not None
    for out, what in m.outputs.items()
}

_Z95 = 1.959963984540054


RESULT_COLUMNS: tuple[str, ...] = (
    "kind",
    "name",
    "baseline",
    "baseline_lo",
    "baseline_hi",
    "scenario",
    "scenario_lo",
    "scenario_hi",
    "delta",
    "delta_lo",
    "delta_hi",
    "stochastic",
    "why",
)


@dataclass(frozen=True)
class ScenarioResult:
    """Baseline versus scenario: what :func:`run` returns.

    Attributes
    ----------
    scenario : Scenario
    baseline, snapshot : Snapshot
        The system before and after the edits (states that the edits bring in are added
        to the baseline too, without ties, so that both hold the same states).
    table : DataFrame
        One row per measure (``kind="measure"``) and model output (``kind="model"``,
        ``name="model.output"``): ``baseline``, ``scenario``, ``delta`` and, for
        stochastic quantities, 95% Monte Carlo intervals ``*_lo``, ``*_hi`` (normal
        approximation, ``value +- 1.96 se``; the delta's se is ``sqrt(se_b^2 + se_s^2)``,
        conservative since both runs share their random numbers); ``why`` says what
        drives the value in each system.
    changes : DataFrame
        ``stage, edit, type, description, why``: each edit in words; ``stage`` is
        ``baseline`` for the ``[[base.edits]]`` that set up the baseline, ``scenario``
        for the scenario's edits.
    states : DataFrame
        Per state, baseline and scenario: capability, pooled (defence) capability share,
        defence partners, dependency, entanglement exposure, ``obligations`` (the number of
        (partner, obligation type) commitments it owes or is owed) and, with the escalation
        model, the probability of joining the war; ``changed`` flags the states whose
        position changed.
    blocs : DataFrame
        Defence blocs (``alliance_blocs``) of both systems, column ``system``.
    n, seed : int
        Monte Carlo draws per stochastic quantity and the root seed.
    """

    scenario: Scenario
    baseline: Snapshot
    snapshot: Snapshot
    table: pd.DataFrame
    changes: pd.DataFrame
    states: pd.DataFrame
    blocs: pd.DataFrame
    n: int
    seed: int

    @property
    def measure_seed(self) -> int:
        """The seed of the region measures' Monte Carlo (exposure) in both systems.

        The first child of ``numpy.random.SeedSequence(seed)``; the models draw from the
        next ones. The case-study report's indicators over time use it too, so that its
        base year shows the baseline's numbers.
        """
        return _measure_seed(self.seed)


def _measure_seed(seed: int) -> int:
    return int(np.random.SeedSequence(seed).spawn(1)[0].generate_state(1)[0])


def _measure_values(
    s: Snapshot, names: Sequence[str], seed: int, n: int, rates: str
) -> dict[str, Estimate]:
    """The region measures ``names`` of one system, from the indicator registry.

    Each is an :class:`~alliancelab.models._contract.Estimate` like a model output: the
    registry's value as a float, its Monte Carlo standard error (exposure) and the detail
    sentence (``Context(details=True)``) the report's "why" column shows.
    """
    ctx = Context(s, seed=seed, n_sims=n, rates=rates, details=True)
    vals, _ = indicator_values(ctx, names)
    return {m: Estimate(_as_float(v.value), v.se, v.detail) for m, v in vals.items()}


def _as_float(x: object) -> float:
    return float("nan") if x is None or x is pd.NA else float(x)  # type: ignore[arg-type]


def _interval(v: Estimate) -> tuple[float, float]:
    if v.se is None or not math.isfinite(v.se):
        return (float("nan"), float("nan"))
    return (v.value - _Z95 * v.se, v.value + _Z95 * v.se)


def _row(kind: str, name: str, b: Estimate, s: Estimate) -> dict[str, object]:
    blo, bhi = _interval(b)
    slo, shi = _interval(s)
    stochastic = b.se is not None or s.se is not None
    delta = s.value - b.value if math.isfinite(s.value) and math.isfinite(b.value) else np.nan
    dlo = dhi = float("nan")
    if stochastic and math.isfinite(delta):
        se = math.sqrt((b.se or 0.0) ** 2 + (s.se or 0.0) ** 2)
        if math.isfinite(se):
            dlo, dhi = delta - _Z95 * se, delta + _Z95 * se
    if b.detail == s.detail:
        why = b.detail
    else:
        why = f"before: {b.detail}; after: {s.detail}" if b.detail or s.detail else ""
    return {
        "kind": kind,
        "name": name,
        "baseline": b.value,
        "baseline_lo": blo,
        "baseline_hi": bhi,
        "scenario": s.value,
        "scenario_lo": slo,
        "scenario_hi": shi,
        "delta": delta,
        "delta_lo": dlo,
        "delta_hi": dhi,
        "stochastic": stochastic,
        "why": why,
    }


def _model_states(p: Mapping[str, Any]) -> list[int]:
    return [int(p[k]) for k in ("challenger", "target", "a", "b", "leader") if k in p]


def _states_frame(
    b: Snapshot, s: Snapshot, seed: int, n_sims: int, rates: str, extra: dict[str, tuple]
) -> pd.DataFrame:
    from ..measures.blocs import pooled_capability
    from ..measures.dependency import dependency
    from ..measures.exposure import entanglement

    frames = []
    for tag, snap in (("baseline", b), ("scenario", s)):
        pc = pooled_capability(snap)[["ccode", "name", "capability", "pooled_share", "n_allies"]]
        pc = pc.rename(columns={"n_allies": "defense_partners"})
        dep = dependency(snap, region_only=False)[1][["ccode", "dependency"]]
        ex = entanglement(snap, rates=rates, n_sims=n_sims, seed=seed, region_only=False)[1]
        f = pc.merge(dep, on="ccode", how="left").merge(
            ex[["ccode", "exposure"]], on="ccode", how="left"
        )
        f.insert(2, "in_region", snap.in_region.tolist())
        ob = np.asarray(snap.obligations, dtype=bool)
        f["obligations"] = (ob.sum(axis=(1, 2)) + ob.sum(axis=(0, 2))).astype(int)
        for col, (pj_b, pj_s) in extra.items():
            pj = pj_b if tag == "baseline" else pj_s
            f = f.merge(pj.rename(columns={"p_join": col}), on="ccode", how="left")
        frames.append(f.set_index("ccode"))
    fb, fs = frames
    out = fb[["name", "in_region"]].copy()
    for col in [c for c in fb.columns if c not in ("name", "in_region")]:
        out[f"{col}_baseline"] = fb[col]
        out[f"{col}_scenario"] = fs[col]
    changed = np.zeros(len(out), dtype=bool)
    for col in [c for c in fb.columns if c not in ("name", "in_region")]:
        x = out[f"{col}_baseline"].to_numpy(dtype=float)
        y = out[f"{col}_scenario"].to_numpy(dtype=float)
        diff = ~np.isclose(x, y, rtol=1e-9, atol=1e-12, equal_nan=True)
        if col.startswith("p_join") or col == "exposure":
            diff &= np.abs(np.nan_to_num(x) - np.nan_to_num(y)) >= 0.01
        changed |= diff
    out["changed"] = changed
    return out.reset_index()


def _run_model(
    sc: Scenario,
    mname: str,
    params: Mapping[str, Any],
    systems: tuple[Snapshot, Snapshot],
    n: int,
    seed: np.random.SeedSequence,
) -> tuple[dict[str, Any], dict[str, Any], pd.DataFrame, pd.DataFrame]:
    """One model on both systems through the model contract, the same seed for both
    (common random numbers): outputs and per-state frames, baseline then scenario."""
    model = _MODELS[mname]
    out = []
    try:
        for snap in systems:
            setup = model.params_from(snap, systems=systems, n=n, **params)
            result = model.simulate(setup, seed=seed)
            out.append((model.summarise(result), model.states(result)))
    except (AllianceLabError, ValueError) as exc:
        raise sc.locate(exc, f"models.{mname}") from None
    (ob, db), (os_, ds) = out
    return ob, os_, db, ds


def _systems(
    sc: Scenario, say: Callable[[str], None], store: object | None = None
) -> tuple[Snapshot, Snapshot, list[dict[str, object]], list[dict[str, object]]]:
    """The baseline and the edited system, with the edit logs of each stage.

    The base year's snapshot, edited by ``[[base.edits]]``, with the states the models
    name; then the scenario's edits. States the edits bring in are added to the baseline
    without ties, so that both systems hold the same states. With ``[base] data =
    "store"`` every snapshot (the base and each state an edit or model brings in) is read
    from ``store`` (None: the default store). Errors name the table, edit and key of the
    scenario file.
    """
    say("building the baseline snapshot")
    from ..snapshot import snapshot as _snapshot

    region = list(sc.region) if isinstance(sc.region, tuple) else sc.region
    try:
        base0 = _snapshot(sc.date or sc.year, region, data=sc.data, store=store)
    except (AllianceLabError, ValueError, TypeError) as exc:
        raise sc.locate(exc, "base", key="date" if sc.date else "year") from None
    base_log: list[dict[str, object]] = []
    if sc.base_edits:
        try:
            base0, base_log = _edited(base0, sc.base_edits, sc.data, store)
        except _CAUGHT as exc:
            raise sc.locate(exc, "base.edits", (_split(exc)[2] or 1) - 1) from None
    needed = [c for p in sc.models.values() for c in _model_states(p)]
    try:
        base1 = _with_states(base0, needed, sc.data, store)
    except (_Keyed, AllianceLabError, ValueError) as exc:
        error = _split(exc)[0]
        for name, p in sc.models.items():
            for key in ("challenger", "target", "a", "b", "leader"):
                if key in p and str(p[key]) in str(error):
                    raise sc.locate(exc, f"models.{name}", key=key) from None
        raise sc.locate(exc, "base") from None
    say("applying the edits")
    try:
        new, log = _edited(base1, sc.edits, sc.data, store)
    except _CAUGHT as exc:
        raise sc.locate(exc, "edits", (_split(exc)[2] or 1) - 1) from None
    added = [c for c in new.ccodes if c not in base1.ccodes]
    baseline = _with_states(base1, added, sc.data, store)
    return baseline, new, base_log, log


def run(
    scenario: Scenario | str | Path,
    n: int | None = None,
    seed: int | None = None,
    *,
    progress: Callable[[str], None] | None = None,
    store: object | None = None,
) -> ScenarioResult:
    """Run a scenario: baseline and edited snapshot, measures and models, side by side.

    Parameters
    ----------
    scenario : Scenario or path
        A :class:`Scenario` or the path of a scenario file (:func:`load`).
    n : int, optional
        Monte Carlo draws per stochastic quantity (escalation crises, bargaining crises,
        arms-race and transition paths, exposure cascades); default the scenario's
        ``[run] n`` (2000).
    seed : int, optional
        Root seed (default the scenario's, 0). Each stochastic component draws from its
        own child of ``numpy.random.SeedSequence(seed)``, the same for baseline and
        scenario (common random numbers): the same seed gives an identical result.
    progress : callable, optional
        Called with a short message before each step.
    store : Store, str or Path, optional
        The store a scenario with ``[base] data = "store"`` reads its snapshots from (the
        base and every state an edit or model brings in), as
        :func:`alliancelab.snapshot` takes it; default: the default store
        (``$ALLIANCELAB_HOME/alliancelab.duckdb``). Not read for ``data = "reference"``.

    Raises
    ------
    ScenarioError
        Anything wrong with the scenario (unknown names, impossible edits), naming the
        file, line and key. Nothing is computed before the edits have been checked.

    Examples
    --------
    >>> from alliancelab.scenario import bundled_path
    >>> r = run(bundled_path("nato-2024-sweden"), n=200, seed=1)
    >>> r.table.set_index("name").loc["min_deterrence", ["baseline", "scenario"]].notna().all()
    np.True_
    >>> int(r.snapshot.membership[r.snapshot.alliances.index("nato")].sum())
    32
    """
    sc = scenario if isinstance(scenario, Scenario) else load(scenario)
    n = sc.n if n is None else n
    seed = sc.seed if seed is None else seed
    if isinstance(n, bool) or not isinstance(n, int) or n < 1:
        raise ScenarioError(f"n must be a positive integer, got {n!r}")
    n = sc.checked_draws(n)  # the draws cap of alliancelab.limits (issue 13)
    if isinstance(seed, bool) or not isinstance(seed, int) or seed < 0:
        raise ScenarioError(f"seed must be a non-negative integer, got {seed!r}")
    say = progress or (lambda _m: None)
    baseline, new, base_log, log = _systems(sc, say, store)
    root = np.random.SeedSequence(seed)
    children = root.spawn(1 + len(sc.models))
    mseed = _measure_seed(seed)  # children[0]; the models draw from children[1:]
    rows: list[dict[str, object]] = []
    say("computing measures")
    vb = _measure_values(baseline, sc.measures, mseed, n, sc.rates)
    vs = _measure_values(new, sc.measures, mseed, n, sc.rates)
    for m in sc.measures:
        rows.append(_row("measure", m, vb[m], vs[m]))
    extra: dict[str, tuple] = {}
    for (mname, params), child in zip(sc.models.items(), children[1:], strict=True):
        say(f"running the {mname} model")
        ob, os_, db, ds = _run_model(sc, mname, params, (baseline, new), n, child)
        for out_name in ob:
            rows.append(_row("model", f"{mname}.{out_name}", ob[out_name], os_[out_name]))
        if len(db) and len(ds):
            extra[f"p_join_{mname}"] = (db, ds)
    say("comparing states and blocs")
    states = _states_frame(baseline, new, mseed, n, sc.rates, extra)
    from ..measures.blocs import alliance_blocs

    blocs = pd.concat(
        [
            alliance_blocs(baseline).assign(system="baseline"),
            alliance_blocs(new).assign(system="scenario"),
        ],
        ignore_index=True,
    )
    changes = pd.DataFrame(
        [{"stage": "baseline", **r} for r in base_log] + [{"stage": "scenario", **r} for r in log],
        columns=["stage", "edit", "type", "description", "why"],
    )
    table = pd.DataFrame(rows, columns=list(RESULT_COLUMNS))
    return ScenarioResult(
        scenario=sc,
        baseline=baseline,
        snapshot=new,
        table=table,
        changes=changes,
        states=states,
        blocs=blocs,
        n=n,
        seed=seed,
    )
