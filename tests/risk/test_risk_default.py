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

    assert card["feature_set"] == "structural"
    assert m.features == risk.STRUCTURAL == tuple(card["features"])
    assert "held_out_1989" in card and set(card["held_out_1989"]) == {"structural", "full"}
    row = {f: 0.0 for f in risk.STRUCTURAL}
    near = dict(row, contig=5.0, land=1.0, majors=1.0, rival=1.0, region="europe",
                same_region=1.0, region_code=1.0, era=3.0)  # fmt: skip
    far = dict(row, region="inter", region_code=5.0, era=3.0)
    df = pd.DataFrame([near, far])
    p = m.predict(df)
    assert 0 <= p[1] < p[0] <= 1


def test_refit_reproduces_the_shipped_model(risk_store: Any, risk_raw: Any, tmp_path: Any) -> None:
    """``alliancelab risk fit --features structural --train-end 2014`` = the shipped model."""
    from typer.testing import CliRunner

    from alliancelab.cli import app

    shipped = engine.load_default()
    out = tmp_path / "refit"
    args = ["risk", "fit", "--features", "structural", "--train-end", "2014", "--out",
            str(out), "--store", str(risk_store.path)]  # fmt: skip
    r = CliRunner().invoke(app, args)
    assert r.exit_code == 0, r.output
    refit = risk.load(out)
    assert refit.features == shipped.features == risk.STRUCTURAL
    df = risk.design(risk_raw, (1990, 2014))
    np.testing.assert_allclose(refit.predict(df), shipped.predict(df), rtol=0, atol=1e-9)
    a = risk.predict_frame(refit, df)
    b = risk.predict_frame(shipped, df)
    np.testing.assert_allclose(a[["p_lo", "p_hi"]], b[["p_lo", "p_hi"]], rtol=0, atol=1e-9)
    assert refit.card["sources"] == shipped.card["sources"]
    np.testing.assert_allclose(refit.logit["coef"], shipped.logit["coef"], rtol=0, atol=1e-9)


def test_forward_to_2024_flags_carried_covariates(risk_store: Any) -> None:
    pred = engine.predict_forward(engine.load_default(), risk_store, (2013, 2024))
    assert set(pred.year) == set(range(2013, 2024 + 1))
    assert pred.p_onset.between(0, 1).all()
    last = pred[pred.year == 2024]
    assert last["carried_forward"].str.contains("cow_mid").all()
    assert not pred[pred.year == 2014]["carried_forward"].str.contains("cow_mid").any()
    assert last["observed"].isna().all()
