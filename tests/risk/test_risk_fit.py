"""The session's 1989 fit writes a valid model card and folder; the CLI runs; region risk.

These tests share the session fit of ``conftest.risk_fit_1989`` (train 1816-1989, held
out 1990-2014) rather than fitting a model of their own."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest

from alliancelab import risk
from alliancelab.errors import ParameterError


@pytest.fixture(scope="module")
def fitted(risk_fit_1989: Any) -> Any:
    return risk_fit_1989


def test_fit_card_and_round_trip(fitted: Any, tmp_path: Path, risk_store: Any) -> None:
    d = risk.save(fitted, tmp_path / "m")
    card = json.loads((d / "model_card.json").read_text())
    assert card["training_span"] == [1816, 1989]
    assert card["features"] == list(risk.FEATURES)
    names = {s["source"] for s in card["sources"]}
    assert {"cow_mid", "atop", "cow_nmc", "cow_states", "cow_contiguity"} <= names
    assert all(len(h) == 64 for s in card["sources"] for h in s["sha256"])
    assert card["gbm"]["cal_span"] == [1985, 1989] and card["gbm"]["base_span"][1] == 1983
    # the round-4 recipe: logit + GBM ensemble, its logit fitted on the base span only
    assert card["gbm"]["logit_weight"] == 0.5 and card["gbm"]["n_bag"] == 1
    assert {"const", "spell", "spell2", "state_mid_hi"} <= set(card["gbm"]["mix_logit"]["names"])
    assert card["gbm"]["mix_logit"]["coef"] != card["logit"]["coef"]
    assert all(max(f[1] for f in r["folds"]) <= 1983 for r in card["gbm"]["cv"])
    assert card["held_out"]["span"] == [1990, 2014]
    assert 0.5 < card["held_out"]["gbm"]["all"]["auc"] <= 1
    m2 = risk.load(d)
    pred = risk.predict_store(m2, risk_store, (1990, 1991))
    assert list(pred.columns[:6]) == ["ccode1", "ccode2", "year", "p_onset", "p_lo", "p_hi"]
    assert (pred.ccode1 < pred.ccode2).all()
    assert ((pred.p_lo <= pred.p_onset) & (pred.p_onset <= pred.p_hi)).all()
    assert pred.p_onset.between(0, 1).all()
    np.testing.assert_allclose(pred.p_onset, risk.predict_store(fitted, risk_store,
                                                                 (1990, 1991)).p_onset)  # fmt: skip


def test_region_year_risk_and_intervals(fitted: Any, risk_store: Any) -> None:
    df = risk.build(risk_store, (1990, 1992))
    pred, draws = risk.predict_frame(fitted, df, draws=True)
    sys_ = risk.region_year_risk(pred, draws)
    eu = risk.region_year_risk(pred, draws, region="europe")
    codes = risk.region_year_risk(pred, draws, region=[2, 200, 220, 365])
    assert list(sys_.year) == [1990, 1991, 1992]
    assert (eu.expected < sys_.expected).all() and (codes.dyads == 6).all()
    y = pred[pred.year == 1990].p_onset.to_numpy()
    assert sys_.p_any.iloc[0] == pytest.approx(1 - np.prod(1 - y))
    assert (sys_.expected_lo <= sys_.expected_hi).all()
    assert ((sys_.p_any_lo <= sys_.p_any_hi) & (sys_.p_any_hi <= 1)).all()
    from alliancelab.risk.metrics import region_year_table

    t = region_year_table(pred, regions=("europe", "system"))
    assert len(t) == 6 and set(t.region) == {"europe", "system"}
    s = t[t.region == "system"].reset_index(drop=True)
    np.testing.assert_allclose(s.expected, sys_.expected)
    assert (s.observed == pred.groupby("year")["observed"].sum().to_numpy()).all()
    assert ((t.count_lo <= t.expected) & (t.expected <= t.count_hi)).all()
    assert (t.inside == ((t.observed >= t.count_lo) & (t.observed <= t.count_hi))).all()


def test_bad_spans_raise(risk_store: Any) -> None:
    with pytest.raises(ParameterError):
        risk.fit_store(risk_store, train_start=1990, train_end=1980)
    with pytest.raises(ParameterError):
        risk.fit_store(risk_store, train_end=2014, test_end=2020)


def test_cli_predict_and_report(fitted: Any, tmp_path: Path, risk_store: Any) -> None:
    from typer.testing import CliRunner

    from alliancelab.cli import app

    d = risk.save(fitted, tmp_path / "m")
    risk.predict_store(fitted, risk_store, (1990, 1994)).to_csv(d / "held_out.csv.gz",
                                                               index=False)  # fmt: skip
    r = CliRunner().invoke(app, ["risk", "predict", "--model", str(d), "--years", "1991-1992",
                                 "--out", str(tmp_path / "p.csv"), "--store",
                                 str(risk_store.path)])  # fmt: skip
    assert r.exit_code == 0, r.output
    p = pd.read_csv(tmp_path / "p.csv")
    assert set(p.year) == {1991, 1992}
    r = CliRunner().invoke(app, ["risk", "report", "--model", str(d)])
    assert r.exit_code == 0, r.output
    page = (d / "report.html").read_text()
    assert page.count("<svg") >= 2 and "middle_east" in page and "<script" not in page
    assert "Region-year risk" in page and "count_hi" in page
    r = CliRunner().invoke(app, ["risk", "predict", "--model", str(d), "--years", "19x0",
                                 "--out", str(tmp_path / "q.csv")])  # fmt: skip
    assert r.exit_code == 1 and "ParameterError" in r.output


def test_cached_panel_slice_equals_a_fresh_build(risk_store: Any, risk_raw: Any) -> None:
    from alliancelab.risk import features as F

    cached = F.raw_panel(risk_store, (1816, 1900))
    fresh = F._raw_panel(risk_store, (1816, 1900))
    pd.testing.assert_frame_equal(cached, fresh)
    assert cached.attrs["sources"] == fresh.attrs["sources"]
    cached.loc[0, "kappa"] = -9.0  # a caller's edit does not reach the cache
    assert F.raw_panel(risk_store, (1816, 1900)).loc[0, "kappa"] != -9.0
