"""The shipped default model: loads with no store, predicts, and is reproduced by a refit."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

from alliancelab import risk
from alliancelab.risk import engine


def test_default_loads_without_a_store(monkeypatch: pytest.MonkeyPatch, tmp_path: Any) -> None:
    monkeypatch.setenv("ALLIANCELAB_HOME", str(tmp_path / "empty"))
    m = engine.load_default()
    card = m.card
    assert card["training_span"] == [1816, 2014]
    assert {s["source"] for s in card["sources"]} >= {"cow_mid", "atop", "cow_nmc"}
    size = sum(f.stat().st_size for f in engine.DEFAULT.iterdir())
    assert size < 5_000_000
    import pandas as pd

    row = {f: 0.0 for f in risk.FEATURES}
    near = dict(row, contig=5.0, land=1.0, majors=1.0, spell=0.0, mid_lag=1.0, mid_prev=3.0,
                rival=1.0, region="europe")  # fmt: skip
    far = dict(row, spell=np.log1p(100.0), dyad_age=np.log1p(50), region="inter")
    df = pd.DataFrame([near, far])
    p = m.predict(df)
    assert 0 <= p[1] < p[0] <= 1


def test_refit_reproduces_the_shipped_model(risk_store: Any, risk_raw: Any) -> None:
    shipped = engine.load_default()
    refit = engine.fit_store(risk_store, train_end=2014, test_end=None)
    df = risk.design(risk_raw, (1990, 2014))
    np.testing.assert_allclose(refit.predict(df), shipped.predict(df), rtol=0, atol=1e-9)
    a = risk.predict_frame(refit, df)
    b = risk.predict_frame(shipped, df)
    np.testing.assert_allclose(a[["p_lo", "p_hi"]], b[["p_lo", "p_hi"]], rtol=0, atol=1e-9)
    assert refit.card["sources"] == shipped.card["sources"]


def test_forward_to_2024_flags_carried_covariates(risk_store: Any) -> None:
    pred = engine.predict_forward(engine.load_default(), risk_store, (2013, 2024))
    assert set(pred.year) == set(range(2013, 2024 + 1))
    assert pred.p_onset.between(0, 1).all()
    last = pred[pred.year == 2024]
    assert last["carried_forward"].str.contains("cow_mid").all()
    assert not pred[pred.year == 2014]["carried_forward"].str.contains("cow_mid").any()
    assert last["observed"].isna().all()
