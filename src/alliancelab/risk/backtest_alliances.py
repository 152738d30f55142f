"""Backtest of the risk engine on the historical alliance changes of the bundled case studies.

For each case (:data:`CASES`: NATO's founding and enlargements, the Warsaw Pact's founding
and dissolution, the US-Japan treaties) in its year ``Y`` (the year in the case's name):

* **Predicted change.** The engine's region-year risk of ``Y`` without the change and with
  it. "Without" is the design row of every dyad in ``Y`` as the store has it (each feature
  is the dyad's value of ``Y - 1``, before the change: :mod:`.features`). "With" adds to
  the alliance-derived features (``defense``, ``alliance``, ``kappa``) the change the
  case's edits make to the same quantities computed on the reference snapshot
  (scenario minus baseline; :func:`alliance_features`), clipped to their ranges. The
  region-year risk is the expected number of MID onsets, the sum of ``P(onset)`` over the
  case's dyads (:func:`case_dyads`), with a 90% interval of the change from the model's
  bootstrap draws (:meth:`.model.RiskModel.predict`, common draws for both sides).
* **Observed change.** COW MID 5.0 onsets (Palmer et al. 2022) in the same dyads in the
  five years ``Y .. Y+4`` minus the five years ``Y-5 .. Y-1``, from the store. NA when
  the MID data (to 2014) do not cover both windows in full.
* **Hit.** The sign of the predicted change equals the sign of the observed change; a case
  with no observed change (or none observable) is no hit and no miss, and is left out of
  the hit rate. ``resolved`` marks a prediction whose 90% interval excludes 0, and
  ``attrs["hit_rate_resolved"]`` is the hit rate over the scored cases so marked (a sign
  the model cannot resolve is a weak call); both rates are reported, neither is tuned.
* **In sample.** ``in_sample`` marks a case whose windows overlap the model's training
  span (the shipped model is trained on 1816-2014, so every observable case): the model
  has seen the MIDs it is scored on, so the backtest checks consistency, not foresight.
  Two changes of the same region-year (NATO admits West Germany and the Warsaw Pact is
  founded, both 1955) share the observed windows, so their opposite predicted signs make
  one hit and one miss by construction.

Nothing is tuned to these cases: the model is the one given (by default the shipped
:func:`.engine.load_default`), the windows are fixed at five years, the dyad rule is the
same for every case. The snapshot-to-feature bridge here is deliberately minimal (three
features); a fuller one lives with the policy layer.

References
----------
Palmer, G., et al. 2022. "The MID5 Dataset, 2011-2014." *Conflict Management and Peace
Science* 39(4): 470-482.
Häge, F. 2011. "Choice or Circumstance? Adjusting Measures of Foreign Policy Similarity
for Chance Agreement." *Political Analysis* 19(3): 287-305 (kappa).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from ..errors import ParameterError
from . import features as F

if TYPE_CHECKING:
    from ..snapshot import Snapshot
    from ..store import Store
    from .model import RiskModel

__all__ = ["CASES", "COLUMNS", "WINDOW", "alliance_features", "backtest", "case_dyads"]

#: The bundled case studies that are historical alliance changes, in time order.
CASES: tuple[str, ...] = (
    "nato-1949-founding",
    "us-japan-1951",
    "nato-1952-greece-turkey",
    "nato-1955-west-germany",
    "warsaw-pact-1955",
    "us-japan-1960",
    "nato-1982-spain",
    "warsaw-pact-1991-dissolution",
    "nato-1999-enlargement",
    "nato-2004-enlargement",
    "nato-2009-albania-croatia",
    "nato-2017-montenegro",
    "nato-2020-north-macedonia",
    "nato-2023-finland",
    "nato-2024-sweden",
)
#: Years before and after the change over which MID onsets are counted.
WINDOW = 5
#: Last year of COW MID 5.0.
MID_LAST = 2014
#: Alliance-derived features the bridge changes, with their ranges.
_BRIDGE = {"defense": (0.0, 1.0), "alliance": (0.0, 1.0), "kappa": (-1.0, 1.0)}
#: Columns of :func:`backtest`'s table.
COLUMNS: tuple[str, ...] = (
    "case", "year", "region", "change", "n_dyads", "n_changed", "risk_without",
    "risk_with", "delta", "delta_lo", "delta_hi", "mids_before", "mids_after",
    "observed_change", "hit", "resolved", "in_sample",
)  # fmt: skip


@dataclass(frozen=True)
class _Case:
    name: str
    year: int
    region: str
    change: str
    bridge: pd.DataFrame  # ccode1 < ccode2 and the change of each bridged feature


def _year(name: str) -> int:
    m = re.search(r"-(\d{4})(?:-|$)", name)
    if not m:
        raise ParameterError(f"case {name!r}: no year in its name")
    return int(m.group(1))


def alliance_features(s: Snapshot) -> pd.DataFrame:
    """The alliance-derived risk features of every non-directed dyad of snapshot ``s``.

    ``defense``: a defence obligation either way; ``alliance``: any ATOP obligation either
    way (ATOP's dyadic coding, as :func:`alliancelab.panels.add_atop_alliance`);
    ``kappa``: Häge's (2011) kappa of their alliance portfolios; the one rule is
    :func:`alliancelab.risk.structural.alliance_matrices`.

    Examples
    --------
    >>> from alliancelab import snapshot_from_ties
    >>> s = snapshot_from_ties(1950, {1: 1, 2: 1, 3: 1}, [(1, 2, "defense")])
    >>> f = alliance_features(s)
    >>> f[["ccode1", "ccode2"]].values.tolist(), f[["defense", "alliance"]].values.tolist()
    ([[1, 2], [1, 3], [2, 3]], [[1.0, 1.0], [0.0, 0.0], [0.0, 0.0]])
    """
    from .structural import alliance_matrices

    i, j = np.triu_indices(s.n, 1)
    defense, alliance, kappa = alliance_matrices(s)
    c = np.asarray(s.ccodes, dtype=np.int64)
    out = pd.DataFrame({"ccode1": c[i], "ccode2": c[j], "defense": defense[i, j],
                        "alliance": alliance[i, j], "kappa": kappa[i, j]})  # fmt: skip
    return out


def _case(name: str) -> _Case:
    """A case's year, region, edits described and the bridged change of every dyad."""
    from ..scenario import apply, bundled_path, describe_edits, load
    from ..snapshot import snapshot

    sc = load(bundled_path(name))
    region = sc.region if isinstance(sc.region, str) else "europe"
    base = snapshot(sc.year, region, data=sc.data)
    if sc.base_edits:
        base = apply(base, sc.base_edits, data=sc.data)
    new = apply(base, sc.edits, data=sc.data)
    a, b = alliance_features(base), alliance_features(new)
    m = b.merge(a, on=["ccode1", "ccode2"], how="left", suffixes=("", "_0"))
    d = pd.DataFrame({"ccode1": m["ccode1"], "ccode2": m["ccode2"]})
    for f in _BRIDGE:
        d[f] = m[f].fillna(0.0) - m[f"{f}_0"].fillna(0.0)
    changed = (d[list(_BRIDGE)].abs() > 1e-12).any(axis=1)
    words = describe_edits(base, sc.edits, data=sc.data)["description"]
    return _Case(name, _year(name), region, "; ".join(map(str, words)),
                 d[changed].reset_index(drop=True))  # fmt: skip


def case_dyads(frame: pd.DataFrame, region: str, parties: set[int]) -> np.ndarray:
    """Rows of ``frame`` (``ccode1, ccode2``) that are the case's dyads: both states in
    ``region`` (COW regions; Oceania counts as Asia), or one in it and the other a party
    to the change (a state whose ties the edits changed, e.g. the United States in NATO).

    Examples
    --------
    >>> df = pd.DataFrame({"ccode1": [2, 2, 200, 2], "ccode2": [200, 365, 220, 740]})
    >>> case_dyads(df, "europe", {2, 200}).tolist()
    [True, True, True, False]
    """
    c1 = frame["ccode1"].to_numpy(dtype=np.int64)
    c2 = frame["ccode2"].to_numpy(dtype=np.int64)
    codes = np.unique(np.r_[c1, c2])
    reg = {int(c): F._region5(int(c)) == region for c in codes}
    in1 = np.array([reg[int(c)] for c in c1], dtype=bool)
    in2 = np.array([reg[int(c)] for c in c2], dtype=bool)
    p1 = np.isin(c1, list(parties))
    p2 = np.isin(c2, list(parties))
    return np.asarray((in1 & in2) | (in1 & p2) | (in2 & p1))


def _with_change(rows: pd.DataFrame, bridge: pd.DataFrame) -> pd.DataFrame:
    """``rows`` with the bridged features moved by the case's change, clipped."""
    m = rows[["ccode1", "ccode2"]].merge(bridge, on=["ccode1", "ccode2"], how="left")
    out = rows.copy()
    for f, (lo, hi) in _BRIDGE.items():
        base = out[f].to_numpy(dtype=float)
        delta = m[f].fillna(0.0).to_numpy()
        # a dyad with no value yet (NA) takes the change as its value
        moved = np.where(np.isnan(base), np.where(delta != 0, delta, np.nan), base + delta)
        out[f] = np.clip(moved, lo, hi)
    return out


def _observed(raw: pd.DataFrame, region: str, parties: set[int], year: int) -> tuple[Any, Any]:
    """MID onsets in the case's dyads in the windows before and after ``year``."""
    lo, hi = year - WINDOW, year + WINDOW - 1
    if hi > MID_LAST or lo < 1816:
        return np.nan, np.nan
    w = raw[(raw["year"] >= lo) & (raw["year"] <= hi)]
    w = w[case_dyads(w, region, parties)]
    on = w["cowmidonset"].fillna(0).to_numpy() > 0
    y = w["year"].to_numpy()
    return int(on[y < year].sum()), int(on[y >= year].sum())


def _in_sample(model: RiskModel, year: int) -> bool:
    """Whether the model's training span (its card) covers any of the years ``year - WINDOW
    .. year + WINDOW - 1`` the case is scored on: then the model has seen the outcomes."""
    span = (model.card or {}).get("training_span")
    if not span:
        return False
    return bool(span[0] <= year + WINDOW - 1 and year - WINDOW <= span[1])


def _row(case: _Case, rows: pd.DataFrame, model: RiskModel, raw: pd.DataFrame) -> dict[str, Any]:
    parties = set(case.bridge["ccode1"]) | set(case.bridge["ccode2"])
    rows = rows[case_dyads(rows, case.region, parties)]
    p0, d0 = model.predict(rows, draws=True)
    p1, d1 = model.predict(_with_change(rows, case.bridge), draws=True)
    delta = float(p1.sum() - p0.sum())
    dd = d1.sum(axis=1) - d0.sum(axis=1)
    before, after = _observed(raw, case.region, parties, case.year)
    obs = after - before if not np.isnan(before) else np.nan
    hit: object = pd.NA
    if not np.isnan(obs) and obs != 0 and delta != 0:
        hit = bool(np.sign(obs) == np.sign(delta))
    return {"case": case.name, "year": case.year, "region": case.region,
            "change": case.change, "n_dyads": len(rows), "n_changed": len(case.bridge),
            "risk_without": float(p0.sum()), "risk_with": float(p1.sum()), "delta": delta,
            "delta_lo": float(min(np.percentile(dd, 5), delta)),
            "delta_hi": float(max(np.percentile(dd, 95), delta)),
            "mids_before": before, "mids_after": after, "observed_change": obs,
            "hit": hit, "resolved": bool(np.percentile(dd, 5) > 0 or np.percentile(dd, 95) < 0),
            "in_sample": _in_sample(model, case.year)}  # fmt: skip


def backtest(
    store: Store | str | Path | None = None,
    cases: tuple[str, ...] | list[str] | None = None,
    model: RiskModel | None = None,
) -> pd.DataFrame:
    """The backtest table (:data:`COLUMNS`), one row per case, in time order.

    Parameters
    ----------
    store : Store or path, optional
        The store with COW MID 5.0, the state system, contiguity, NMC and ATOP imported.
    cases : sequence of str, optional
        Names from :data:`CASES` (default all).
    model : RiskModel, optional
        Default the shipped model (:func:`alliancelab.risk.engine.load_default`).

    Returns
    -------
    DataFrame
        ``attrs["hit_rate"]`` is hits over cases with an observed change (NA if none),
        ``attrs["model_card"]`` the model's card.
    """
    from .engine import load_default

    names = list(CASES if cases is None else cases)
    unknown = [c for c in names if c not in CASES]
    if unknown or not names:
        raise ParameterError(f"unknown case(s) {unknown}; choose from {', '.join(CASES)}")
    model = model or load_default()
    built = sorted((_case(n) for n in names), key=lambda c: (c.year, c.name))
    years = [c.year for c in built]
    last = max(max(years), min(MID_LAST, max(years) + WINDOW - 1))
    raw = F.raw_panel(store, (1816, last), extend_to=last if last > 2016 else None)
    df = F.design(raw, (min(years), max(years)), unobserved=True)
    out = pd.DataFrame(
        [_row(c, df[df["year"] == c.year], model, raw) for c in built], columns=list(COLUMNS)
    )
    scored = out["hit"].dropna()
    out.attrs["hit_rate"] = float(scored.astype(bool).mean()) if len(scored) else float("nan")
    out.attrs["n_scored"] = len(scored)
    sure = out.loc[out["resolved"].astype(bool), "hit"].dropna()
    out.attrs["hit_rate_resolved"] = float(sure.astype(bool).mean()) if len(sure) else float("nan")
    out.attrs["n_resolved"] = len(sure)
    out.attrs["model_card"] = model.card
    return out
