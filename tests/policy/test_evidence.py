"""The bridge from a snapshot to the risk engine's dyad features (policy._evidence)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from alliancelab import snapshot
from alliancelab.policy._evidence import Evidence, delta, interval
from alliancelab.reference import contiguity
from alliancelab.risk.features import STRUCTURAL
from alliancelab.scenario.edits import Edit, _apply


@pytest.fixture(scope="module")
def ev() -> Evidence:
    return Evidence.of(snapshot(2024, "europe"))


def _row(ev: Evidence, a: int, b: int) -> int:
    f = ev.frame
    lo, hi = min(a, b), max(a, b)
    return int(np.flatnonzero((f["ccode1"] == lo) & (f["ccode2"] == hi))[0])


def test_frame_has_every_feature_and_the_snapshot_ties(ev: Evidence) -> None:
    f = ev.frame
    n = len(ev.base.ccodes)
    assert len(f) == n * (n - 1) // 2 and set(STRUCTURAL) <= set(f.columns)
    assert (f["ccode1"] < f["ccode2"]).all()
    # one convention with the risk layer: ``year`` is the year predicted
    assert (f["year"] == 2025).all() and (f["feature_year"] == 2024).all()
    ct = contiguity(2024)
    for a, b, t in ct[["ccode1", "ccode2", "conttype"]].itertuples(index=False):
        if a < b and a in ev.base.ccodes and b in ev.base.ccodes:
            r = f.iloc[_row(ev, a, b)]
            assert r["contig"] == 6 - t and r["land"] == (t == 1)
    defense = np.asarray(ev.base.obligation("defense"), dtype=bool)
    for i, j in zip(*np.nonzero(np.triu(defense | defense.T, 1)), strict=True):
        a, b = ev.base.ccodes[int(i)], ev.base.ccodes[int(j)]
        assert f.iloc[_row(ev, a, b)]["defense"] == 1 and f.iloc[_row(ev, a, b)]["alliance"] == 1
    k = f["kappa"].dropna()
    assert len(k) and (k.abs() <= 1 + 1e-9).all()
    assert ev.p.min() > 0 and ev.p.max() < 1 and ev.draws.shape[1] == len(f)


def test_a_move_changes_only_its_members_dyads(ev: Evidence) -> None:
    s = ev.base
    nato = next(a for a, n in zip(s.alliances, s.alliance_names, strict=True) if "NATO" in n)
    new, _ = _apply(s, (Edit("leave", state=366, alliance=nato),))  # Estonia leaves
    p, _d = ev.predict(new)
    f = ev.frame
    touched = (f["ccode1"] == 366) | (f["ccode2"] == 366)
    assert np.array_equal(p[~touched.to_numpy()], ev.p[~touched.to_numpy()])
    assert f.iloc[_row(ev, 2, 366)]["defense"] == 1
    # the unchanged snapshot predicts the baseline exactly: zero change, zero interval
    p0, d0 = ev.predict(s)
    assert delta(ev.p, ev.draws, p0, d0, np.ones(len(f), dtype=bool)) == (0.0, 0.0, 0.0)
    both = ev.predict_many([new, s])
    assert np.array_equal(both[0][0], p) and np.array_equal(both[1][0], ev.p)


def test_delta_interval_and_threat(ev: Evidence) -> None:
    assert interval(np.linspace(0, 1, 201)) == pytest.approx((0.05, 0.95))
    thr = ev.threatened(5)
    assert len(thr) == 5 and all(ev.base.in_region[ev.base.index(c)] for c in thr)
    score = {c: ev.p[ev.dyads_of([c])].sum() for c in thr}
    assert list(score.values()) == sorted(score.values(), reverse=True)
    assert ev.threatened(5, focal=373) == [373]


@pytest.mark.parametrize(("year", "region"), [(2024, "asia"), (1989, "europe")])
def test_policy_and_the_risk_users_share_one_feature_rule(year: int, region: str) -> None:
    """The policy frame is ``snapshot_features(states="all")``; restricted to the in-region
    dyads it is the default frame the brief and the web risk view predict, row for row, and
    the shipped model predicts the same there (1989: the era boundary of the year
    predicted)."""
    from alliancelab.risk import predict_snapshot, snapshot_features

    s = snapshot(year, region)
    ev = Evidence.of(s)
    region_rows = snapshot_features(s)
    assert len(ev.frame) == s.n * (s.n - 1) // 2 > len(region_rows)
    keys = ["ccode1", "ccode2"]
    sub = region_rows[keys].merge(ev.frame.reset_index(), on=keys, how="left")
    assert sub["index"].notna().all()
    cols = [c for c in region_rows.columns if c not in keys]
    pd.testing.assert_frame_equal(
        sub[cols].reset_index(drop=True), region_rows[cols].reset_index(drop=True)
    )
    pred = predict_snapshot(s)
    assert np.allclose(pred["p_onset"].to_numpy(), ev.p[sub["index"].to_numpy(int)])
    assert (pred["year"] == year + 1).all() and (pred["feature_year"] == year).all()


def test_snapshot_features_states_is_checked() -> None:
    from alliancelab.errors import ParameterError
    from alliancelab.risk import snapshot_features

    with pytest.raises(ParameterError, match="states"):
        snapshot_features(snapshot(2024, "asia"), states="world")
