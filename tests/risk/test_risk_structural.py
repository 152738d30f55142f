"""The structural feature set: features from a Snapshot, predict_snapshot, scenario edits."""

from __future__ import annotations

from typing import Any

import pandas as pd
import pytest

from alliancelab import risk
from alliancelab.errors import ParameterError
from alliancelab.risk import engine
from alliancelab.snapshot import snapshot

COLS = ["ccode1", "ccode2", "year", "p_onset", "p_lo", "p_hi", "carried_forward"]


def test_predict_snapshot_on_reference_data_without_a_store(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Any
) -> None:
    monkeypatch.setenv("ALLIANCELAB_HOME", str(tmp_path / "empty"))
    snap = snapshot(2024, region="europe")
    pred = risk.predict_snapshot(snap)
    inside = [c for c, r in zip(snap.ccodes, snap.in_region, strict=True) if r]
    n = len(inside)
    assert len(pred) == n * (n - 1) // 2
    assert set(COLS) <= set(pred.columns)
    assert (pred.ccode1 < pred.ccode2).all()
    assert set(pred.ccode1) | set(pred.ccode2) == set(inside)
    assert (pred.year == 2025).all() and (pred.feature_year == 2024).all()
    assert ((pred.p_lo <= pred.p_onset) & (pred.p_onset <= pred.p_hi)).all()
    assert pred.p_onset.between(0, 1).all()
    assert pred.carried_forward.str.contains("contiguity").all()  # COW ends 2016
    # the model ranks a contiguous rivalry above a distant pair
    p = pred.set_index(["ccode1", "ccode2"]).p_onset
    assert p[(365, 366)] > p[(205, 235)]  # Russia-Estonia vs Ireland-Portugal
    yr = risk.region_year_risk(pred)
    assert yr.year.tolist() == [2025] and 0 < yr.p_any.iloc[0] <= 1


def test_scenario_defence_pact_changes_only_that_dyad() -> None:
    from alliancelab.scenario.edits import apply

    base = snapshot(2024)
    edit = {"type": "create", "id": "test_pact", "members": [365, 366]}
    new = apply(base, [edit])
    f0 = risk.snapshot_features(base).set_index(["ccode1", "ccode2"])
    f1 = risk.snapshot_features(new).set_index(["ccode1", "ccode2"])
    assert f0.loc[(365, 366), "defense"] == 0 and f1.loc[(365, 366), "defense"] == 1
    other = [f for f in risk.STRUCTURAL if f not in ("defense", "alliance", "kappa")]
    pd.testing.assert_frame_equal(f0[other], f1[other])
    rest = f0.index != (365, 366)
    pd.testing.assert_frame_equal(
        f0.loc[rest, ["defense", "alliance"]], f1.loc[rest, ["defense", "alliance"]]
    )
    m = engine.load_default()
    p0 = risk.predict_snapshot(base, m).set_index(["ccode1", "ccode2"]).p_onset
    p1 = risk.predict_snapshot(new, m).set_index(["ccode1", "ccode2"]).p_onset
    # the model sees the pact: the dyad's score moves; the calibrated risk moves with it
    # (isotonic calibration is a step function: it may stay on its step, as it does here)
    s0 = m.score(f0.loc[[(365, 366)]].reset_index())[0]
    s1 = m.score(f1.loc[[(365, 366)]].reset_index())[0]
    assert abs(s1 - s0) > 0.01
    assert (p1[(365, 366)] - p0[(365, 366)]) * (s1 - s0) >= 0


def test_store_snapshot_features_match_the_training_design(risk_store: Any, risk_raw: Any) -> None:
    """Features of a store snapshot of 2000 = the design's (lagged) features of 2001."""
    snap = snapshot(2000, data="store", store=risk_store)
    f = risk.snapshot_features(snap).set_index(["ccode1", "ccode2"])
    d = risk.design(risk_raw, (2001, 2001)).set_index(["ccode1", "ccode2"])
    both = f.index.intersection(d.index)
    assert len(both) >= 0.95 * len(d)
    f, d = f.loc[both], d.loc[both]
    cols = list(risk.STRUCTURAL)
    pd.testing.assert_frame_equal(f[cols], d[cols], check_dtype=False, atol=1e-9)
    assert (f["carried_forward"] == "").all()


def test_predict_snapshot_refuses_a_model_with_mid_history(risk_fit_1989: Any) -> None:
    with pytest.raises(ParameterError, match="structural"):
        risk.predict_snapshot(snapshot(2000), risk_fit_1989)


def test_unknown_feature_set_is_a_parameter_error(risk_store: Any) -> None:
    with pytest.raises(ParameterError, match="feature set"):
        risk.fit_store(risk_store, features="nope")
