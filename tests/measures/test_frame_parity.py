"""Deterrence and dependency on arrays give the frames of the per-row code they replaced.

The stability panel reads :func:`~alliancelab.measures.deterrence` and
:func:`~alliancelab.measures.dependency` as arrays; the frames are now built from the same
arrays. The references below are the former implementations (one dict per row, one
frame per region-year); every region-year of the official store and a span of the
reference data must give identical frames (exact floats) and identical panel values.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pandas.testing as pdt
import pytest

from alliancelab import snapshot
from alliancelab.codes import resolve_region
from alliancelab.measures import dependency, deterrence
from alliancelab.measures._reporters import (
    Context,
    _dependency_value,
    _mean_log_deterrence,
    _min_deterrence,
    mean_log_deterrence,
)
from alliancelab.measures.deterrence import (
    CHALLENGER_WEIGHTS,
    TARGET_WEIGHTS,
    _weights,
    honour_probabilities,
)
from alliancelab.measures.power import _rival_pairs
from alliancelab.snapshot import Snapshot, store_data
from alliancelab.store import Store

REGIONS = ("americas", "europe", "africa", "middle_east", "asia")


def _old_deterrence(snapshot: Snapshot) -> pd.DataFrame:
    probs = honour_probabilities(snapshot.year, "berkemeier-fuhrmann")
    W = _weights(snapshot, TARGET_WEIGHTS, probs)
    V = _weights(snapshot, CHALLENGER_WEIGHTS, probs)
    cap = np.asarray(snapshot.capability, dtype=float)
    c0 = np.nan_to_num(cap, nan=0.0)
    rows = []
    for i, j in _rival_pairs(snapshot, True):
        for c, t in ((i, j), (j, i)):
            wt = W[:, t].copy()
            wt[[c, t]] = 0.0
            vc = V[:, c].copy()
            vc[[c, t]] = 0.0
            tp = cap[t] + wt @ c0
            cp = cap[c] + vc @ c0
            rows.append(
                {
                    "challenger": snapshot.ccodes[c],
                    "target": snapshot.ccodes[t],
                    "year": snapshot.year,
                    "target_pooled": tp,
                    "challenger_pooled": cp,
                    "deterrence": tp / cp if cp > 0 else np.nan,
                }
            )
    cols = ["challenger", "target", "year", "target_pooled", "challenger_pooled", "deterrence"]
    return pd.DataFrame(rows, columns=cols)


def _old_dependency_region(snapshot: Snapshot) -> dict[str, object]:
    owes = np.asarray(snapshot.obligation("defense"), dtype=bool).copy()
    np.fill_diagonal(owes, False)
    cap = np.asarray(snapshot.capability, dtype=float)
    dep = np.full(snapshot.n, np.nan)
    for i in range(snapshot.n):
        partners = np.nonzero(owes[:, i])[0]
        if len(partners) == 0:
            dep[i] = 0.0 if not np.isnan(cap[i]) else np.nan
            continue
        pc = cap[partners]
        if np.isnan(pc).any() or np.isnan(cap[i]):
            continue
        total = cap[i] + pc.sum()
        dep[i] = pc[int(np.argmax(pc))] / total if total > 0 else np.nan
    inside = np.asarray(snapshot.in_region, dtype=bool)
    tied = np.triu(owes | owes.T, 1)[np.ix_(inside, inside)].sum()
    one_way = np.triu(owes ^ owes.T, 1)[np.ix_(inside, inside)].sum()
    dv = dep[inside]
    has = bool((~np.isnan(dv)).any())
    k = int(np.nanargmax(dv)) if has else -1
    return {
        "max_dependency": float(dv[k]) if has else np.nan,
        "most_dependent": int(np.asarray(snapshot.ccodes)[inside][k]) if has else pd.NA,
        "asymmetry": int(one_way) / int(tied) if tied else np.nan,
    }


def _same(a: object, b: object) -> bool:
    if pd.isna(a) and pd.isna(b):  # type: ignore[call-overload]
        return True
    return bool(a == b)


def _check(s: Snapshot) -> None:
    new, old = deterrence(s), _old_deterrence(s)
    pdt.assert_frame_equal(new, old, check_exact=True)
    ctx = Context(s, details=True)
    kept = old[old["target"].isin(set(np.asarray(s.ccodes)[s.in_region].tolist()))]
    kept = kept.dropna(subset=["deterrence"])
    mn, ml = _min_deterrence(ctx), _mean_log_deterrence(ctx)
    if kept.empty:
        assert np.isnan(mn.value) and np.isnan(ml.value)
    else:
        weak = kept.iloc[int(kept["deterrence"].to_numpy().argmin())]
        assert mn.value == float(weak["deterrence"])
        assert ctx.abbr(weak["target"]) in mn.detail
        assert _same(ml.value, mean_log_deterrence(kept, kept["target"]))
    ref = _old_dependency_region(s)
    reg, _ = dependency(s)
    for col in ("max_dependency", "most_dependent", "asymmetry"):
        assert _same(reg[col].iloc[0], ref[col]), (s.year, s.region, col)
    for col in ("max_dependency", "asymmetry"):
        assert _same(_dependency_value(col)(ctx).value, ref[col]), (s.year, s.region, col)


def test_store_region_years(official_store: Store) -> None:
    sd = store_data(official_store)
    n = 0
    for reg in REGIONS:
        for year in sd.region_years(resolve_region(reg))[::2]:
            _check(sd.snapshot(year, reg))
            n += 1
    assert n > 400


@pytest.mark.parametrize("region", REGIONS)
def test_reference_region_years(region: str) -> None:
    for year in range(1900, 2025, 7):
        try:
            s = snapshot(year, region)
        except Exception:  # no state of the region that year
            continue
        _check(s)
