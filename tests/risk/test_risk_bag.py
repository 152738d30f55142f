"""The bagged GBM (mean log-odds of several subsampled GBMs) and the recipe's year-block CV,
on a synthetic design frame with a known onset model (no official data needed)."""

from __future__ import annotations

import pickle

import numpy as np
import pandas as pd
import pytest

from alliancelab.errors import ParameterError
from alliancelab.risk import YearBlockSplit, model
from alliancelab.risk._bag import BaggedGBM
from alliancelab.risk.features import REGION_CODES, STRUCTURAL, matrix

#: Small GBMs: the tests check the bag's arithmetic and the CV's bookkeeping, not accuracy.
SMALL = {"learning_rate": 0.1, "max_leaf_nodes": 7, "max_iter": 40}


def _frame(n_years: int = 30, dyads: int = 600, seed: int = 3) -> pd.DataFrame:
    """Dyad-years 1960-(1960 + n_years - 1) with onsets from a logit in three features."""
    rng = np.random.default_rng(seed)
    n = n_years * dyads
    df = pd.DataFrame({f: rng.normal(size=n) for f in STRUCTURAL})
    df["contig"] = rng.integers(0, 6, n).astype(float)
    df["majors"] = rng.integers(0, 3, n).astype(float)
    region = rng.choice(np.array(REGION_CODES), n)
    df["region"] = region
    df["region_code"] = pd.Series(region).map({r: float(i) for i, r in enumerate(REGION_CODES)})
    df["year"] = np.repeat(np.arange(1960, 1960 + n_years), dyads)
    df["ccode1"] = np.tile(np.arange(dyads) // 30 + 2, n_years)
    df["ccode2"] = np.tile(np.arange(dyads) % 30 + 200, n_years)
    lin = -4.5 + 0.5 * df["contig"] + 0.8 * df["kappa"] - 0.6 * df["cinc_lo"]
    df["onset"] = (rng.random(n) < 1.0 / (1.0 + np.exp(-lin))).astype(int)
    return df


def test_bag_is_the_mean_log_odds_of_its_members() -> None:
    df = _frame()
    X = matrix(df, STRUCTURAL)
    bag = model._fit_bag(df, SMALL, 0.1, 0, STRUCTURAL, 3)
    assert isinstance(bag, BaggedGBM) and len(bag.members) == 3
    single = model._fit_bag(df, SMALL, 0.1, 0, STRUCTURAL, 1)
    # member 0 is the single GBM of the same seed; the others differ (their own subsample)
    s0 = bag.members[0].decision_function(X)
    np.testing.assert_array_equal(s0, single.decision_function(X))
    s = np.array([m.decision_function(X) for m in bag.members])
    assert not np.allclose(s[0], s[1])
    np.testing.assert_allclose(bag.decision_function(X), s.mean(axis=0), rtol=0, atol=1e-12)
    p = bag.predict_proba(X)
    np.testing.assert_allclose(p[:, 1], 1 / (1 + np.exp(-s.mean(axis=0))), rtol=1e-12)
    assert list(bag.classes_) == [0, 1]
    with pytest.raises(ParameterError):
        model._fit_bag(df, SMALL, 0.1, 0, STRUCTURAL, 0)


def test_bagged_fit_calibrates_once_and_round_trips(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(model, "GRID", (SMALL,))  # one candidate: no tuning cost
    df = _frame()
    m = model.fit(df, n_boot=5, features=STRUCTURAL, n_bag=3)
    assert isinstance(m.gbm, BaggedGBM) and m.params["n_bag"] == 3
    p, d = m.predict(df, draws=True)
    assert d.shape == (5, len(df)) and ((p > 0) & (p < 1)).all()
    # the calibration maps the bag's mean score: ranking by score = ranking by p (ties aside)
    s = m.score(df)
    hi, lo = s > np.quantile(s, 0.99), s < np.quantile(s, 0.5)
    assert p[hi].min() >= p[lo].max()
    # the recipe recovers the synthetic model: the mean predicted risk tracks the truth
    last = df["year"] >= 1985
    assert abs(p[last].sum() / df.loc[last, "onset"].sum() - 1) < 0.35
    back = pickle.loads(pickle.dumps(m))
    np.testing.assert_array_equal(back.predict(df), p)


def test_cv_recipe_scores_each_block() -> None:
    df = _frame()
    sp = YearBlockSplit(n_splits=2, block=5, gap=1)
    r1 = model.cv_recipe(df, STRUCTURAL, n_bag=1, splitter=sp, params=SMALL)
    r3 = model.cv_recipe(df, STRUCTURAL, n_bag=3, splitter=sp, params=SMALL)
    assert [f["span"] for f in r1["folds"]] == [[1980, 1984], [1985, 1989]]
    for r in (r1, r3):
        assert set(r["mean"]) == {"brier_skill", "log_loss", "auc", "ap", "reg_dev",
                                  "reg_worst"}  # fmt: skip
        for f in r["folds"]:  # the worst region's |log(O/E)| bounds their mean
            logs = [abs(np.log(x)) for x in f["ratios"].values() if x]
            assert f["reg_worst"] >= f["reg_dev"] and np.isclose(f["reg_worst"], max(logs))
        assert r["mean"]["auc"] > 0.75  # three informative features
        assert r["mean"]["brier_skill"] > 0
        assert np.isclose(r["mean"]["auc"], np.mean([f["auc"] for f in r["folds"]]))
    assert r1["mean"] != r3["mean"]


def test_logit_gbm_ensemble_scores_the_mean_log_odds(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(model, "GRID", (SMALL,))
    df = _frame()
    m = model.fit(df, n_boot=5, features=STRUCTURAL, logit_weight=0.5)
    assert m.logit_weight == 0.5 and m.params["calibration"] == "isotonic (of the mixed score)"
    lg = m.params["mix_logit"]  # fitted on the base span (1960-1983), not the whole span
    assert lg["coef"] != m.logit["coef"]
    q = model._logit_p(lg, df)
    g = m.gbm.decision_function(matrix(df, STRUCTURAL))
    s = m.score(df)
    np.testing.assert_allclose(s, 0.5 * g + 0.5 * np.log(q / (1 - q)), rtol=0, atol=1e-9)
    p, d = m.predict(df, draws=True)
    np.testing.assert_array_equal(
        p, np.clip(m.calibrator.predict(s), model.P_BOUND, 1 - model.P_BOUND)
    )
    assert d.shape == (5, len(df))
    # monotone in the mixed score, and calibrated in the large on the calibration block
    order = np.argsort(s)
    assert (np.diff(p[order]) >= -1e-12).all()
    cal = df["year"] >= 1985
    assert p[cal].sum() == pytest.approx(df.loc[cal, "onset"].sum(), rel=1e-3)  # P_BOUND
    single = model.fit(df, n_boot=5, features=STRUCTURAL, logit_weight=0.0)
    assert single.logit_weight == 0.0 and not np.allclose(single.predict(df), p)
