"""The covariate verbs of issue 14 on the real files: row count kept, NA outside each
source's coverage, values equal to the source files read here independently."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import alliancelab
from alliancelab import panels as P
from alliancelab.errors import ParameterError
from alliancelab.store import Store


@pytest.fixture(scope="module")
def dyads(covariates_store: Store) -> pd.DataFrame:
    """Non-directed COW dyad-years 1816-2016."""
    return P.create_dyad_years(directed=False, store=covariates_store)


@pytest.fixture(scope="module")
def ddyads(covariates_store: Store) -> pd.DataFrame:
    """Directed COW dyad-years 1816-2030 (2017-2030 carried with extend_to)."""
    return P.create_dyad_years(directed=True, extend_to=2030, store=covariates_store)


@pytest.fixture(scope="module")
def states(covariates_store: Store) -> pd.DataFrame:
    """COW state-years 1816-2030 (2017-2030 carried with extend_to)."""
    return P.create_state_years(extend_to=2030, store=covariates_store)


def _csv(shared: Path, rel: str) -> pd.DataFrame:
    return pd.read_csv(shared / rel)


def _at(df: pd.DataFrame, **keys: int) -> pd.Series:
    sel = np.ones(len(df), dtype=bool)
    for k, v in keys.items():
        sel &= (df[k] == v).to_numpy()
    assert sel.sum() == 1, keys
    return df[sel].iloc[0]


def test_gml_mids_non_directed(dyads: pd.DataFrame, shared_data: Path) -> None:
    out = P.add_gml_mids(dyads)
    assert len(out) == len(dyads)
    late = out["year"] > 2010
    assert out.loc[late, "gmlmidonset"].isna().all() and out.loc[late, "gmlmidongoing"].isna().all()
    assert out.loc[~late, "gmlmidonset"].notna().all()
    assert "init1" not in out  # initiation makes no sense on non-directed dyads
    src = _csv(shared_data, "gml_mid/gml_mid_ddydisps.csv.gz")
    src = src[src["ccode1"] < src["ccode2"]]
    m = out.merge(src, on=["ccode1", "ccode2", "year"], suffixes=("", "_src"))
    assert len(m) > 4000
    for c in ("dispnum", "gmlmidonset", "gmlmidongoing", "hostlev", "fatality1", "stmon"):
        assert (m[c].astype("int64") == m[f"{c}_src"]).all(), c
    # every dispute dyad-year of the panel is a source row: the rest are 0
    assert int(out.loc[~late, "gmlmidonset"].sum()) == int(m["gmlmidonset_src"].sum())
    assert _at(out, ccode1=2, ccode2=20, year=1979)["dispnum"] == 2968


def test_gml_mids_directed_initiation(ddyads: pd.DataFrame) -> None:
    out = P.add_gml_mids(ddyads, keep=["sidea1", "orig1"])
    assert len(out) == len(ddyads)
    assert "dispnum" not in out and "hostlev" not in out  # keep= restricts the columns
    has = out["sidea1"].notna()
    want = ((out.loc[has, "sidea1"] == 1) | (out.loc[has, "orig1"] == 0)).astype("int64")
    assert (out.loc[has, "init1"].astype("int64") == want).all()
    assert out.loc[~has, "init1"].isna().all()
    assert out.loc[out["year"] > 2010, "gmlmidonset"].isna().all()


def test_spells_match_peace_years_and_ps_semantics(covariates_store: Store) -> None:
    dy = P.create_dyad_years(directed=False, years=(1900, 2016), store=covariates_store)
    dy = P.add_gml_mids(P.add_cow_mids(dy, source="official"), keep=[])
    out = P.add_spells(dy)
    assert len(out) == len(dy)
    pd.testing.assert_series_equal(
        out["cowmidspell"].astype("Int64"), P.add_peace_years(dy)["cowmidspell"].astype("Int64")
    )
    assert out["cowmidspell"].isna().equals(dy["cowmidongoing"].isna())
    assert out.loc[out["year"] > 2010, "gmlmidspell"].isna().all()
    # by hand on one dyad: 0 in its first year, counting up, an event year carries the count
    d = out[(out["ccode1"] == 2) & (out["ccode2"] == 365) & (out["year"] <= 2010)]
    d = d.sort_values("year")
    ev = d["gmlmidongoing"].astype("int64").to_numpy()
    want, count = [], 0
    for i, e in enumerate(ev):
        want.append(count if i else 0)
        count = 0 if e else (count + 1 if i else 1)
    assert d["gmlmidspell"].astype("int64").tolist() == want
    with pytest.raises(ParameterError, match="no conflict columns"):
        P.add_spells(P.create_dyad_years(directed=False, years=2000, store=covariates_store))


def test_democracy_gdp_threat_state_years(states: pd.DataFrame, shared_data: Path) -> None:
    out = states.pipe(P.add_democracy).pipe(P.add_sim_gdp_pop)
    out = out.pipe(P.add_latent_territorial_threat)
    assert len(out) == len(states)
    dem = _csv(shared_data, "extra/cw_democracy.csv.gz")
    row = _at(dem, ccode=200, year=1900)
    got = _at(out, ccode=200, year=1900)
    for c in ("euds", "aeuds", "polity2", "v2x_polyarchy"):
        assert got[c] == pytest.approx(row[c])
    gdp = _csv(shared_data, "extra/cw_gdppop.csv.gz")
    assert _at(out, ccode=2, year=1950)["sd_pwtpop"] == pytest.approx(
        _at(gdp, ccode=2, year=1950)["sd_pwtpop"]
    )
    assert out.loc[out["year"] > 2025, "euds"].isna().all()  # democracy data end 2025
    assert out.loc[out["year"] > 2019, "mrgdppc"].isna().all()  # GDP simulations end 2019
    assert out.loc[out["year"] > 2010, "lterrthreat"].isna().all()  # threat ends 2010
    assert out.loc[out["year"] <= 2010, "lterrthreat"].notna().mean() > 0.95


def test_democracy_on_dyads_has_both_sides(dyads: pd.DataFrame) -> None:
    out = P.add_democracy(dyads, keep=["polity2"])
    assert list(out.columns[-2:]) == ["polity21", "polity22"]
    r = _at(out, ccode1=2, ccode2=20, year=1990)
    assert (r["polity21"], r["polity22"]) == (10.0, 10.0)
    with pytest.raises(ParameterError, match="unknown column"):
        P.add_democracy(dyads, keep=["polity"])


def test_capital_distance(dyads: pd.DataFrame, shared_data: Path) -> None:
    out = P.add_capital_distance(dyads)
    assert len(out) == len(dyads)
    caps = _csv(shared_data, "extra/cow_capitals.csv.gz")
    us, ca = (caps[caps["ccode"] == c].iloc[0] for c in (2, 20))
    want = P.states.great_circle_km(us["lat"], us["lng"], ca["lat"], ca["lng"])
    assert _at(out, ccode1=2, ccode2=20, year=2000)["capdist"] == pytest.approx(float(want))
    assert 700 < float(want) < 770  # Washington-Ottawa is about 735 km
    assert out["capdist"].notna().mean() > 0.99
    assert (out["capdist"].dropna() >= 0).all()


def test_min_capital_distance_state_years(covariates_store: Store) -> None:
    sy = P.create_state_years(years=(1995, 2005), store=covariates_store)
    out = P.add_capital_distance(sy)
    assert len(out) == len(sy) and out["mincapdist"].notna().all()
    dy = P.add_capital_distance(
        P.create_dyad_years(directed=True, years=2000, store=covariates_store)
    )
    want = dy[dy["ccode1"] == 200]["capdist"].min()
    assert _at(out, ccode=200, year=2000)["mincapdist"] == pytest.approx(want)
    assert 300 < want < 350  # London-Brussels


def test_minimum_distance(ddyads: pd.DataFrame, states: pd.DataFrame, shared_data: Path) -> None:
    out = P.add_minimum_distance(ddyads)
    assert len(out) == len(ddyads)
    outside = (out["year"] < 1886) | (out["year"] > 2019)
    assert out.loc[outside, "mindist"].isna().all()
    src = _csv(shared_data, "extra/cow_mindist.csv.gz")
    r = _at(src, ccode1=2, ccode2=41, year=1950)
    assert _at(out, ccode1=2, ccode2=41, year=1950)["mindist"] == pytest.approx(r["mindist"])
    assert _at(out, ccode1=41, ccode2=2, year=1950)["mindist"] == pytest.approx(r["mindist"])
    sy = P.add_minimum_distance(states)
    assert len(sy) == len(states) and sy.loc[sy["year"] < 1886, "minmindist"].isna().all()
    assert _at(sy, ccode=2, year=1950)["minmindist"] == 0.0  # land border with Canada


def test_cow_wars(ddyads: pd.DataFrame, shared_data: Path) -> None:
    out = P.add_cow_wars(ddyads)
    assert len(out) == len(ddyads)
    assert out.loc[out["year"] > 2007, "cowinteronset"].isna().all()
    assert out.loc[out["year"] <= 2007, "cowinteronset"].notna().all()
    r = _at(out, ccode1=220, ccode2=230, year=1823)
    assert (r["cowinteronset"], r["initiator1"], r["sidea1"], r["batdeath1"]) == (1, 1, 1, 400)
    src = _csv(shared_data, "extra/cow_war_inter.csv.gz")
    n_src = src[src["cowinteronset"] == 1][["ccode1", "ccode2", "year"]].drop_duplicates()
    keys = out[out["cowinteronset"] == 1][["ccode1", "ccode2", "year"]]
    assert len(keys.merge(n_src)) == len(keys) and len(keys) > 0.9 * len(n_src)
    with pytest.raises(ParameterError, match="already has"):
        P.add_cow_wars(P.add_gml_mids(ddyads, keep=["sidea1"]))
    with pytest.raises(ParameterError, match="type='inter'"):
        P.add_cow_wars(ddyads, type="intra")


def test_rivalries_and_arms_races(ddyads: pd.DataFrame, states: pd.DataFrame) -> None:
    out = P.add_arms_races(P.add_strategic_rivalries(ddyads))
    assert len(out) == len(ddyads)
    r = _at(out, ccode1=2, ccode2=365, year=1960)
    assert r["ongoingrivalry"] == 1 and r["ideological"] == 1
    assert _at(out, ccode1=365, ccode2=2, year=1960)["ongoingrivalry"] == 1
    assert out.loc[out["year"] > 2020, "ongoingrivalry"].isna().all()
    assert _at(out, ccode1=2, ccode2=20, year=1960)["ongoingrivalry"] == 0
    race = _at(out, ccode1=365, ccode2=200, year=1855)
    assert (race["armsrace"], race["race_id"]) == (1, 1)
    assert out.loc[out["year"] > 1993, "armsrace"].isna().all()
    assert int(out.loc[out["year"] <= 1993, "armsrace"].isna().sum()) == 0
    sy = P.add_strategic_rivalries(states)
    assert len(sy) == len(states) and _at(sy, ccode=2, year=1960)["n_ideological"] >= 1
    assert sy.loc[sy["year"] > 2020, "n_spatial"].isna().all()


def test_gleditsch_ward(covariates_store: Store, shared_data: Path) -> None:
    gw = P.create_state_years(system="gw", store=covariates_store)
    assert list(gw.columns) == ["gwcode", "statename", "year"]
    cw = _csv(shared_data, "extra/cw_gw_panel.csv.gz").dropna(subset=["gwcode"])
    assert len(gw) == len(cw.drop_duplicates(["gwcode", "year"]))
    assert _at(gw, gwcode=260, year=2000)["statename"] == "German Federal Republic"
    assert alliancelab.panel_info(gw)["system"] == "gw"
    gwd = P.create_dyad_years(
        system="gw", directed=False, years=(1990, 1991), store=covariates_store
    )
    assert (gwd["gwcode1"] < gwd["gwcode2"]).all()
    n = gw[gw["year"] == 1990].shape[0]
    assert (gwd["year"] == 1990).sum() == n * (n - 1) // 2
    with_cow = P.add_ccode_to_gw(gwd)
    assert len(with_cow) == len(gwd)
    r = _at(with_cow, gwcode1=2, gwcode2=260, year=1990)
    assert (r["ccode1"], r["ccode2"]) == (2, 260)  # G-W 260 in 1990 = COW 260 (kept)
    sy = P.add_gwcode_to_cow(P.create_state_years(store=covariates_store))
    assert _at(sy, ccode=255, year=2000)["gwcode"] == 260
    assert _at(sy, ccode=255, year=1900)["gwcode"] == 255
    # a G-W panel joins COW-coded data once it has COW codes
    dem = P.add_democracy(with_cow, keep=["polity2"])
    assert _at(dem, gwcode1=2, gwcode2=260, year=1990)["polity21"] == 10.0
    with pytest.raises(ParameterError, match="add_ccode_to_gw"):
        P.add_democracy(gwd)


def test_verbs_need_their_import(tmp_path: Path, shared_data: Path) -> None:
    from alliancelab.errors import CoverageError
    from alliancelab.store import import_source

    st = Store(tmp_path / "s.duckdb")
    import_source("cow-states", shared_data / "cow_states/cow_states.csv.gz", store=st)
    dy = P.create_dyad_years(directed=False, years=2000, store=st)
    with pytest.raises(CoverageError, match="alliancelab data import democracy"):
        P.add_democracy(dy)
    with pytest.raises(CoverageError, match="alliancelab data import gml-mid"):
        P.add_gml_mids(dy)


def test_gml_mids_state_years(states: pd.DataFrame, shared_data: Path) -> None:
    out = P.add_spells(P.add_gml_mids(states))
    assert len(out) == len(states)
    assert out.loc[out["year"] > 2010, "gmlmidongoing"].isna().all()
    part = _csv(shared_data, "gml_mid/gml_part.csv.gz")
    part = part[(part["allmiss_leader_start"] == 0) & (part["allmiss_leader_end"] == 0)]
    onsets = part.groupby("ccode")["styear"].apply(set)
    us = out[(out["ccode"] == 2) & (out["year"] <= 2010)]
    assert set(us.loc[us["gmlmidonset"] == 1, "year"]) == onsets[2]
    ongoing = {y for _, r in part[part["ccode"] == 2].iterrows()
               for y in range(r["styear"], r["endyear"] + 1)}  # fmt: skip
    assert set(us.loc[us["gmlmidongoing"] == 1, "year"]) == ongoing
    assert (out["gmlmidonset_init"].fillna(0) <= out["gmlmidonset"].fillna(0)).all()
    assert {"gmlmidspell", "gmlmidinitspell"} <= set(out.columns)
