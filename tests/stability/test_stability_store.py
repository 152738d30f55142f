"""The stability panel and snapshots from a store of the official data (real DuckDB file).

Validation target (LITERATURE.md section 4): Oishi & Sakuwa (2020, arXiv:2009.00369) find
that the signed network of alliances (+) and strategic rivalries (-) fits structural balance
before German unification (1871) and after WWII, but not in between. Here: ATOP 5.1
defence ties (+) and Thompson & Dreyer strategic rivalries (-), whole system, 1816-2010.
What we find (docs/measures.md): the mean of the yearly balanced-triangle shares agrees
(0.79 before 1871, 0.41 in 1871-1945, 0.93 after 1945); the share pooled over all
triangles of an era does not (0.85, 0.92, 0.95), because a few years with large alliance
cliques contribute most triangles, nearly all of them all-positive.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from alliancelab import CoverageError, snapshot, stability_panel
from alliancelab.measures import balance
from alliancelab.snapshot import store_data
from alliancelab.store import Store


@pytest.fixture(scope="module")
def store(official_store: Store) -> Store:
    return official_store  # tests/conftest.py: the official files, imported once a session


def test_store_snapshot_1914(store: Store) -> None:
    s = snapshot(1914, "europe", data="store", store=store)
    fra, rus, gmy, aus = (s.index(c) for c in (220, 365, 255, 300))
    d = s.obligation("defense")
    assert d[fra, rus] and d[rus, fra] and d[gmy, aus]
    assert not d[fra, gmy]
    assert s.rivalry[fra, gmy]  # Thompson & Dreyer: France-Germany rivalry
    # NMC v7.0 cinc of Germany in 1914 (the store's value, not a copy)
    nmc = store.read("cow_nmc", "nmc")
    want = float(nmc[(nmc["ccode"] == 255) & (nmc["year"] == 1914)]["cinc"].iloc[0])
    assert s.capability[gmy] == pytest.approx(want)
    assert s.capability_kind[gmy] == "benchmark"


def test_store_coverage_errors_and_notes(store: Store) -> None:
    sd = store_data(store)
    assert sd.coverage["system"] == (1816, 2016)
    assert sd.coverage["rivalries"] == (1494, 2010)
    with pytest.raises(CoverageError, match="1816-2016"):
        snapshot(2017, "europe", data="store", store=store)
    assert any("rivalries" in n for n in snapshot(2012, data="store", store=store).notes)
    with pytest.raises(CoverageError, match="no 'cow_states' data"):
        store_data(Store(store.path.parent / "empty.duckdb"))


def test_store_panel_marks_what_the_sources_do_not_cover(store: Store) -> None:
    p = stability_panel("europe", "2009-2018", data="store", store=store)
    assert isinstance(p, pd.DataFrame)
    r = p.set_index("year")
    # T&D rivalries end in 2010: rivalry measures NA afterwards (never 0)
    assert not pd.isna(r.loc[2010, "balanced_share"])
    for c in ("balanced_share", "frustration", "min_deterrence", "expected_war_size"):
        assert pd.isna(r.loc[2012, c]), c
    assert "rivalry measures NA" in r.loc[2012, "notes"]
    # defence density still known in 2012 (ATOP to 2018, COW system to 2016)
    assert r.loc[2012, "defense_density"] > 0
    # COW system ends in 2016: whole row NA
    assert pd.isna(r.loc[2017, "defense_density"]) and "not covered" in r.loc[2017, "notes"]
    assert pd.isna(r.loc[2016, "cyber_density"])  # ATOP codes no cyber layer


def test_store_panel_is_deterministic(store: Store) -> None:
    a = stability_panel("middle_east", "1990-1991", data="store", store=store, seed=2)
    b = stability_panel("middle_east", "1990-1991", data="store", store=store, seed=2)
    assert isinstance(a, pd.DataFrame) and isinstance(b, pd.DataFrame)
    pd.testing.assert_frame_equal(a, b)


def test_oishi_sakuwa_balance_by_era(store: Store) -> None:
    sd = store_data(store)
    rows = []
    for year in range(1816, 2011):
        b = balance(sd.snapshot(year), region_only=False).iloc[0]
        rows.append((year, int(b["triangles"]), int(b["balanced_triangles"])))
    d = pd.DataFrame(rows, columns=["year", "tri", "bal"])
    d["era"] = np.select([d["year"] < 1871, d["year"] <= 1945], ["pre", "mid"], "post")
    d["share"] = d["bal"] / d["tri"].where(d["tri"] > 0)
    yearly = d.groupby("era")["share"].mean()
    pooled = d.groupby("era")["bal"].sum() / d.groupby("era")["tri"].sum()
    # agrees with Oishi & Sakuwa (2020): higher before 1871 and after 1945 than between
    assert yearly["pre"] > yearly["mid"] + 0.2
    assert yearly["post"] > yearly["mid"] + 0.2
    assert yearly["pre"] == pytest.approx(0.787, abs=0.01)
    assert yearly["mid"] == pytest.approx(0.407, abs=0.01)
    assert yearly["post"] == pytest.approx(0.930, abs=0.01)
    # does not agree when triangles are pooled over an era (reported in docs/measures.md)
    assert pooled["pre"] < pooled["mid"] < pooled["post"]
