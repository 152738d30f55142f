"""``alliancelab backtest alliances`` on the official data: the method's bookkeeping."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest
from typer.testing import CliRunner

from alliancelab import snapshot_from_ties
from alliancelab.cli import app
from alliancelab.errors import ParameterError
from alliancelab.risk import backtest_alliances as B

# three early cases: a founding, a dissolution of one treaty replaced by another with the
# same defence tie (no alliance feature moves), and an enlargement
CASES = ["nato-1949-founding", "us-japan-1960", "nato-1952-greece-turkey"]


@pytest.fixture(scope="module")
def table(risk_store: Any) -> pd.DataFrame:
    return B.backtest(risk_store, cases=CASES)


def test_table_columns_order_and_arithmetic(table: pd.DataFrame) -> None:
    assert list(table.columns) == list(B.COLUMNS)
    assert list(table["year"]) == sorted(table["year"])
    assert np.allclose(table["delta"], table["risk_with"] - table["risk_without"])
    assert (table["delta_lo"] <= table["delta"]).all()
    assert (table["delta"] <= table["delta_hi"]).all()
    assert np.allclose(table["observed_change"], table["mids_after"] - table["mids_before"])


def test_a_change_that_moves_no_alliance_feature_predicts_nothing(table: pd.DataFrame) -> None:
    r = table.set_index("case").loc["us-japan-1960"]
    assert r["n_changed"] == 0 and r["delta"] == 0.0
    assert pd.isna(r["hit"])  # no predicted sign: not scored


def test_the_founding_moves_the_prediction(table: pd.DataFrame) -> None:
    r = table.set_index("case").loc["nato-1949-founding"]
    assert r["n_changed"] >= 66  # at least the 12 founders' pairs
    assert r["delta"] != 0.0 and r["n_dyads"] > r["n_changed"] / 2


def test_hits_and_hit_rate_follow_the_signs(table: pd.DataFrame) -> None:
    for r in table.to_dict("records"):
        if r["observed_change"] == 0 or r["delta"] == 0:
            assert pd.isna(r["hit"])
        else:
            assert r["hit"] == (np.sign(r["observed_change"]) == np.sign(r["delta"]))
    scored = table["hit"].dropna().astype(bool)
    assert table.attrs["n_scored"] == len(scored)
    if len(scored):
        assert table.attrs["hit_rate"] == pytest.approx(scored.mean())


def test_observed_mids_counted_from_the_store(risk_store: Any, table: pd.DataFrame) -> None:
    # an independent count: MID onsets of Europe-internal dyads in 1949-1953 are at most
    # the case's count (its dyads are a superset: Europe plus the parties' dyads)
    from alliancelab.risk import raw_panel

    raw = raw_panel(risk_store, (1816, 1953))
    w = raw[(raw["year"] >= 1949) & (raw["year"] <= 1953)]
    eu = B.case_dyads(w, "europe", set())
    n_eu = int((w.loc[eu, "cowmidonset"].fillna(0) > 0).sum())
    r = table.set_index("case").loc["nato-1949-founding"]
    assert 0 < n_eu <= r["mids_after"]


def test_alliance_features_and_the_bridge() -> None:
    s = snapshot_from_ties(1950, {1: 1, 2: 1, 3: 1}, [(1, 2, "defense"), (2, 3, "consultation")])
    f = B.alliance_features(s)
    assert f[["defense", "alliance"]].to_numpy().tolist() == [[1, 1], [0, 0], [0, 1]]
    rows = pd.DataFrame({"ccode1": [1, 1], "ccode2": [2, 3], "defense": [1.0, np.nan],
                         "alliance": [1.0, 0.0], "kappa": [0.9, 0.1]})  # fmt: skip
    bridge = pd.DataFrame({"ccode1": [1, 1], "ccode2": [2, 3], "defense": [1.0, 1.0],
                           "alliance": [1.0, 1.0], "kappa": [0.5, -0.5]})  # fmt: skip
    out = B._with_change(rows, bridge)
    assert out["defense"].tolist() == [1.0, 1.0]  # clipped; NA takes the change
    assert out["kappa"].tolist() == pytest.approx([1.0, -0.4])


def test_unknown_case_is_a_parameter_error(risk_store: Any) -> None:
    with pytest.raises(ParameterError, match="unknown case"):
        B.backtest(risk_store, cases=["nato-1914"])
    with pytest.raises(ParameterError, match="unknown case"):
        B.backtest(risk_store, cases=[])


def test_cli_writes_the_page(risk_store: Any, tmp_path: Path) -> None:
    out = tmp_path / "bt.html"
    res = CliRunner().invoke(
        app,
        [
            "backtest",
            "alliances",
            "--case",
            "nato-1949-founding",
            "--store",
            str(risk_store.path),
            "--out",
            str(out),
        ],
    )
    assert res.exit_code == 0, res.output
    text = out.read_text()
    assert "Hit rate" in text and "<svg" in text and "nato-1949-founding" in text
    assert "<script" not in text and "<link" not in text  # self-contained, offline
    assert not re.search(r"(src|href)\s*=\s*[\"']https?:", text)
    bad = CliRunner().invoke(app, ["backtest", "alliances", "--case", "nope"])
    assert bad.exit_code != 0 and "Traceback" not in bad.output
