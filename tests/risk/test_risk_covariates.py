"""The extended feature set: issue-14 covariates lagged one year, NA rules, outcome choice.

A synthetic raw panel (two dyads, four years) checks the lag and the weak-link min/max
exactly; the real-data fits are in docs/risk.md (they need the covariate imports).
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
import pytest

from alliancelab import risk
from alliancelab.errors import ParameterError
from alliancelab.risk.features import COVARIATES, EXTENDED, FEATURES
from alliancelab.risk.model import fit_logit, logit_features


def _raw(rng: np.random.Generator) -> pd.DataFrame:
    rows = [(c1, c2, y) for c1, c2 in ((2, 20), (200, 220)) for y in range(2000, 2004)]
    df = pd.DataFrame(rows, columns=["ccode1", "ccode2", "year"]).astype("float64")
    n = len(df)
    for c in ("cowmidongoing", "cowmidonset", "atop_defense", "atop_alliance", "cowmaj1",
              "cowmaj2", "rival", "atop_deter_uncond", "atop_deter_cond"):  # fmt: skip
        df[c] = rng.integers(0, 2, n).astype(float)
    df["cowmidonset"] = df["cowmidongoing"]  # every dispute starts in its year
    df["conttype"] = rng.integers(0, 6, n).astype(float)
    for c in ("cinc1", "cinc2", "kappa", "euds1", "euds2", "lterrthreat1", "lterrthreat2"):
        df[c] = rng.random(n)
    for c in ("capdist", "mindist", "mrgdppc1", "mrgdppc2"):
        df[c] = rng.uniform(100, 10_000, n)
    df["cowmidspell"] = 0.0
    df.loc[5, "euds2"] = np.nan  # a missing covariate stays missing a year later
    return df


def test_covariates_are_those_of_the_year_before() -> None:
    raw = _raw(np.random.default_rng(3))
    d = design(raw)
    r = raw.set_index(["ccode1", "ccode2", "year"])
    for _, row in d.iterrows():
        prev = (row.ccode1, row.ccode2, row.year - 1)
        if prev not in r.index:
            assert np.isnan(row.capdist) and np.isnan(row.dem_lo)
            continue
        p = r.loc[prev]
        assert row.capdist == pytest.approx(np.log1p(p.capdist))
        assert row.mindist == pytest.approx(np.log1p(p.mindist))
        e2 = p.euds2
        if np.isnan(e2):  # missing at t-1: the dyad's last earlier value is carried
            e2 = r.loc[(row.ccode1, row.ccode2, row.year - 2), "euds2"]
        assert row.dem_lo == pytest.approx(min(p.euds1, e2))
        assert row.dem_hi == pytest.approx(max(p.euds1, e2))
        assert row.gdppc_lo == pytest.approx(np.log(min(p.mrgdppc1, p.mrgdppc2)))
        assert row.terr_hi == pytest.approx(max(p.lterrthreat1, p.lterrthreat2))
        assert row.deter_cond == p.atop_deter_cond


def design(raw: pd.DataFrame) -> pd.DataFrame:
    return risk.design(raw, (2000, 2003))


def test_logit_missing_indicators_and_mean_imputation() -> None:
    rng = np.random.default_rng(0)
    n = 4000
    df = pd.DataFrame({f: rng.normal(size=n) for f in (*FEATURES, *COVARIATES)})
    df["region"] = rng.choice(["europe", "asia", "inter"], n)
    df["ccode1"], df["ccode2"] = rng.integers(1, 50, n), rng.integers(50, 99, n)
    df.loc[: n // 4, "dem_lo"] = np.nan
    df["onset"] = (rng.random(n) < 1 / (1 + np.exp(3 - df["contig"]))).astype(int)
    lg = fit_logit(df, EXTENDED)
    names = lg["names"]
    assert "na_dem" in names and "na_capdist" not in names  # constant indicator dropped
    assert lg["fill"]["dem_lo"] == pytest.approx(np.nanmean(df["dem_lo"]))
    assert set(logit_features(risk.STRUCTURAL)).isdisjoint({"spell", "mid_lag", "na_dem"})
    coef = dict(zip(names, lg["coef"], strict=True))
    assert coef["contig"] > 0.5  # the simulated effect (1.0) is recovered in sign and size


def test_outcome_and_feature_set_errors(risk_store: Any) -> None:
    with pytest.raises(ParameterError, match="outcome"):
        risk.fit_store(risk_store, outcome="icb")
    with pytest.raises(ParameterError, match="2010"):
        risk.fit_store(risk_store, outcome="gml", train_end=2012)
