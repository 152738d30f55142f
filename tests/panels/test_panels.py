"""Panel verbs on tiny hand-made stores (hand-computed answers) and on the real inputs.

Tiny stores are real DuckDB files in ``tmp_path`` written with ``Store.write_import``;
every expected value is derived in the comment beside it.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from _panels_data import ps_store  # noqa: F401
from alliancelab import panels as P
from alliancelab.errors import CoverageError
from alliancelab.measures.similarity import kappa_matrix, s_matrix
from alliancelab.store import Store, import_source


def _system(rows: list[tuple[int, str, str, str]]) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "ccode": [r[0] for r in rows],
            "cw_abb": [r[1][:3].upper() for r in rows],
            "cw_name": [r[1] for r in rows],
            "start": pd.to_datetime([r[2] for r in rows]),
            "end": pd.to_datetime([r[3] for r in rows]),
        }
    )


def _atop(rows: list[tuple[int, ...]]) -> pd.DataFrame:
    cols = ["ccode1", "ccode2", "year", *P._ATOP_COLS]
    return pd.DataFrame(rows, columns=cols)


@pytest.fixture
def tiny(tmp_path: Path) -> Store:
    """Three states: 2 (1816-2016), 20 (from 1920-01-10), 31 (from 1973-07-10), all to
    2016-12-31; 2 and 20 have a defence pact 1949-2018 (both ways, 2 also owes 20
    consultation) and 2 owes 31 consultation in 2000; majors: 2 from 1898-08-13 to
    2016-12-31; NMC for 2000-2001 (31's 2001 CINC missing)."""
    st = Store(tmp_path / "s.duckdb")
    sysm = _system(
        [
            (2, "United States", "1816-01-01", "2016-12-31"),
            (20, "Canada", "1920-01-10", "2016-12-31"),
            (31, "Bahamas", "1973-07-10", "2016-12-31"),
        ]
    )
    atop = _atop(
        [(2, 20, y, 1, 0, 0, 0, 1) for y in range(1949, 2019)]
        + [(20, 2, y, 1, 0, 0, 0, 0) for y in range(1949, 2019)]
        + [(2, 31, 2000, 0, 0, 0, 0, 1)]
    )
    majors = pd.DataFrame(
        {
            "ccode": [2],
            "styear": [1898],
            "stmonth": [8],
            "stday": [13],
            "endyear": [2016],
            "endmonth": [12],
            "endday": [31],
            "version": [2016],
        }
    )
    nmc = pd.DataFrame(
        {
            "ccode": [2, 20, 31, 2, 20, 31],
            "year": [2000, 2000, 2000, 2001, 2001, 2001],
            **{c: [1.0, 2.0, 3.0, 4.0, 5.0, np.nan] for c in P._NMC_COLS[:-1]},
            "cinc": [0.6, 0.3, 0.1, 0.5, 0.2, np.nan],
        }
    )
    st.write_import(
        "peacesciencer",
        "1.2.9",
        {"isard_cw_system": sysm, "atop_alliance": atop, "cow_majors": majors, "cow_nmc": nmc},
        files=["x"],
        sha256=["y"],
    )
    return st


def test_state_years_and_attrs(tiny: Store) -> None:
    sy = P.create_state_years(store=tiny)
    # 2: 1816-2016 = 201 years; 20: 1920-2016 = 97; 31: 1973-2016 = 44
    assert len(sy) == 201 + 97 + 44
    meta = sy.attrs["alliancelab"]
    assert meta["unit"] == "state_year" and meta["system"] == "cow"
    assert meta["extend_to"] is None and meta["store"] == str(tiny.path)
    ext = P.create_state_years(extend_to=2020, store=tiny)
    assert len(ext) == len(sy) + 3 * 4  # three states alive at the end, 2017-2020
    assert sy["ccode"].dtype == np.int32 and sy["year"].dtype == np.int32


def test_extend_to_is_explicit(tiny: Store) -> None:
    with pytest.raises(CoverageError, match="extend_to=2020"):
        P.create_dyad_years(years=(2010, 2020), store=tiny)
    with pytest.raises(ValueError, match="before the end of the system data"):
        P.create_dyad_years(extend_to=2000, store=tiny)
    with pytest.raises(ValueError, match="1816-2025"):
        P.create_dyad_years(years="1816 to 2025", store=tiny)


def test_dyad_years_directed_and_not(tiny: Store) -> None:
    d = P.create_dyad_years(directed=True, years=1973, store=tiny)
    assert d[["ccode1", "ccode2"]].values.tolist() == [
        [2, 20],
        [2, 31],
        [20, 2],
        [20, 31],
        [31, 2],
        [31, 20],
    ]
    nd = P.create_dyad_years(directed=False, years=(1973, 1974), store=tiny)
    assert (nd["ccode1"] < nd["ccode2"]).all() and len(nd) == 6
    assert nd.attrs["alliancelab"]["directed"] is False


def test_false_dyads_from_dates(tmp_path: Path) -> None:
    # 100 leaves on 1975-03-01, 200 enters on 1975-06-01: both members in 1975, never on
    # the same day, so no 1975 dyad (peacesciencer's false_cow_dyads, e.g. RVN-Suriname)
    st = Store(tmp_path / "s.duckdb")
    sysm = _system(
        [
            (2, "A", "1816-01-01", "2016-12-31"),
            (100, "B", "1816-01-01", "1975-03-01"),
            (200, "C", "1975-06-01", "2016-12-31"),
        ]
    )
    st.write_import("peacesciencer", "1.2.9", {"isard_cw_system": sysm}, files=["a"], sha256=["b"])
    d = P.create_dyad_years(directed=False, years=1975, store=st)
    assert d[["ccode1", "ccode2"]].values.tolist() == [[2, 100], [2, 200]]
    k = P.create_kad_years(3, years=1975, store=st)
    assert len(k) == 0  # the only triad needs 100 and 200 together


def test_atop_coverage_and_ndir(tiny: Store) -> None:
    nd = P.create_dyad_years(directed=False, years=(2015, 2020), extend_to=2020, store=tiny)
    a = nd.pipe(P.add_atop_alliance)
    us_ca = a[(a.ccode1 == 2) & (a.ccode2 == 20)].set_index("year")
    # 2015-2018 inside ATOP's 1815-2018: pact present; 2019-2020 outside: NA, never 0
    assert us_ca.loc[2015, "atop_defense"] == 1 and us_ca.loc[2018, "atop_alliance"] == 1
    assert us_ca.loc[[2019, 2020], "atop_alliance"].isna().all()
    # ndir=True: consul is the max over both directions (2 owes 20 consultation)
    assert us_ca.loc[2016, "atop_consul"] == 1
    other = a[(a.ccode1 == 20) & (a.ccode2 == 31)].set_index("year")
    assert other.loc[2016, "atop_alliance"] == 0 and pd.isna(other.loc[2019, "atop_alliance"])
    # ndir=False reads the (ccode1 < ccode2) direction only: the same here, plus a
    # directed panel where (20, 2) has no consultation
    d = P.create_dyad_years(directed=True, years=2016, store=tiny).pipe(P.add_atop_alliance)
    row = d[(d.ccode1 == 20) & (d.ccode2 == 2)].iloc[0]
    assert row["atop_defense"] == 1 and row["atop_consul"] == 0
    assert d.attrs["alliancelab"]["sources"]["add_atop_alliance"].startswith("peacesciencer")


def test_nmc_majors_and_row_count(tiny: Store) -> None:
    sy = P.create_state_years(years=(2000, 2001), store=tiny).pipe(P.add_nmc)
    assert len(sy) == 6
    assert sy.loc[(sy.ccode == 31) & (sy.year == 2001), "cinc"].isna().all()  # no 0 fill
    d = P.create_dyad_years(directed=True, years=(2016, 2018), extend_to=2018, store=tiny)
    m = d.pipe(P.add_cow_majors)
    # spell ends 2016-12-31 -> carried to extend_to=2018
    assert (
        m.loc[m.ccode1 == 2, "cowmaj1"].eq(1).all() and m.loc[m.ccode1 == 20, "cowmaj1"].eq(0).all()
    )
    m2 = P.create_dyad_years(directed=True, years=2016, store=tiny).pipe(P.add_cow_majors)
    assert m2["cowmaj2"].notna().all()
    with pytest.raises(ValueError, match="already has"):
        m.pipe(P.add_cow_majors)


def test_missing_source_names_the_import_command(tiny: Store, tmp_path: Path) -> None:
    d = P.create_dyad_years(years=2000, store=tiny)
    with pytest.raises(CoverageError, match="alliancelab data import peacesciencer DIR"):
        d.pipe(P.add_cow_mids)
    with pytest.raises(CoverageError, match="alliancelab data import cow-alliance"):
        d.pipe(P.add_cow_alliance)
    with pytest.raises(CoverageError, match="alliancelab data import"):
        P.create_state_years(store=tmp_path / "none.duckdb")
    with pytest.raises(CoverageError, match=r"cow_states\.states"):
        P.create_state_years(store=tiny, source="official")


def test_unit_checks(tiny: Store) -> None:
    sy = P.create_state_years(years=2000, store=tiny)
    with pytest.raises(ValueError, match="dyad-year"):
        sy.pipe(P.add_atop_alliance)
    with pytest.raises(ValueError, match="key column"):
        d = P.create_dyad_years(years=2000, store=tiny)
        d.drop(columns="ccode2").pipe(P.add_nmc)
    # attrs lost (e.g. after a merge): the unit is inferred from the keys
    plain = pd.DataFrame({"ccode1": [2], "ccode2": [20], "year": [2000]})
    assert P.panel_info(plain)["unit"] == "dyad_year"
    assert P.add_atop_alliance(plain, store=tiny)["atop_defense"].tolist() == [1]


def test_peace_years_match_the_r_loop(ps_store: Store) -> None:  # noqa: F811
    """Vectorised cowmidspell equals a literal transcription of peacesciencer's loop."""
    d = (
        P.create_dyad_years(directed=True, years=(1816, 1900), store=ps_store)
        .pipe(P.add_cow_mids)
        .pipe(P.add_peace_years)
    )

    def spells(x: list[int]) -> list[int]:  # ps_btscs()'s spells(), line by line
        tmp = [0] * len(x)
        run = 0
        for j in range(1, len(x)):
            if x[j] == 0 and x[j - 1] == 0:
                run += 1
                tmp[j] = run
            if x[j] != 0 and x[j - 1] == 0:
                tmp[j] = run + 1
                run = 0
            if x[j] == 0 and x[j - 1] != 0:
                tmp[j] = run = 0
        return tmp

    events = d.groupby(["ccode1", "ccode2"])["cowmidongoing"].transform("sum") > 0
    checked = 0
    for _, g in d[events].groupby(["ccode1", "ccode2"]):
        g = g.sort_values("year")
        assert g["cowmidspell"].tolist() == spells(g["cowmidongoing"].astype(int).tolist())
        checked += 1
    quiet = d[~events].groupby(["ccode1", "ccode2"])
    assert (quiet["cowmidspell"].transform(lambda s: s - np.arange(len(s))) == 0).all()
    assert checked > 100


def test_filter_prd_and_contiguity(ps_store: Store) -> None:  # noqa: F811
    d = (
        P.create_dyad_years(directed=False, years=(2014, 2018), extend_to=2018, store=ps_store)
        .pipe(P.add_contiguity)
        .pipe(P.add_cow_majors)
    )
    us_can = d[(d.ccode1 == 2) & (d.ccode2 == 20)].set_index("year")["conttype"]
    assert us_can[2016] == 1 and pd.isna(us_can[2017])  # contiguity data end in 2016
    f = d.pipe(P.filter_prd)
    assert (f["year"] <= 2016).all()  # NA conttype after 2016 is not relevant (as in R)
    assert ((f["conttype"] >= 1) | (f["cowmaj1"] == 1) | (f["cowmaj2"] == 1)).all()
    assert len(f) < len(d) and f["prd"].eq(1).all()


def test_capability_ratio_and_pooled(tiny: Store) -> None:
    d = P.create_dyad_years(directed=True, years=2000, store=tiny).pipe(P.add_nmc)
    r = d.pipe(P.add_capability_ratio).set_index(["ccode1", "ccode2"])
    assert r.loc[(2, 20), "cinc_ratio"] == pytest.approx(2.0)  # 0.6 / 0.3
    assert r.loc[(20, 2), "cinc_share1"] == pytest.approx(1 / 3)  # 0.3 / 0.9
    p = d.pipe(P.add_pooled_capability).set_index(["ccode1", "ccode2"])
    # 2 and 20 defend each other; in the (2, 20) dyad neither counts the opponent
    assert p.loc[(2, 20), "pooled_cinc1"] == pytest.approx(0.6)
    # against 31: 2 pools its ally 20 (0.6 + 0.3); 31 has no defence ally
    assert p.loc[(2, 31), "pooled_cinc1"] == pytest.approx(0.9)
    assert p.loc[(2, 31), "pooled_cinc2"] == pytest.approx(0.1)
    s = P.create_state_years(years=2001, store=tiny).pipe(P.add_pooled_capability)
    # 2001: 2 = 0.5 + 0.2; 31's CINC is missing -> NA, not 0
    v = s.set_index("ccode")["pooled_cinc"]
    assert v[2] == pytest.approx(0.7) and np.isnan(v[31])
    with pytest.raises(ValueError, match="subset"):
        d.pipe(P.add_pooled_capability, obligations=("alliance",))


def test_similarity_against_the_measures(tiny: Store) -> None:
    d = P.create_dyad_years(directed=False, years=2000, store=tiny).pipe(P.add_similarity)
    # portfolios 2000 (order 2, 20, 31): 2: (3, 3, 1); 20: (3, 3, 0); 31: (1, 0, 3)
    port = np.array([[3, 3, 1], [3, 3, 0], [1, 0, 3]])
    s = s_matrix(port)
    w = s_matrix(port, weights=[0.6, 0.3, 0.1])
    k = kappa_matrix(port)
    row = d.set_index(["ccode1", "ccode2"])
    assert row.loc[(2, 20), "s_unweighted"] == pytest.approx(s[0, 1])
    assert s[0, 1] == pytest.approx(1 - 2 * 1 / (3 * 3))  # one unit of distance
    assert row.loc[(2, 31), "s_weighted"] == pytest.approx(w[0, 2])
    assert row.loc[(20, 31), "kappa"] == pytest.approx(k[1, 2])
    late = P.create_dyad_years(directed=False, years=2019, extend_to=2019, store=tiny)
    assert late.pipe(P.add_similarity)[list(P.SIMILARITY_MEASURES)].isna().all().all()


def test_kad_years(tiny: Store) -> None:
    k = P.create_kad_years(3, years=(1973, 1974), store=tiny)
    assert k.values.tolist() == [[2, 20, 31, 1973], [2, 20, 31, 1974]]
    assert k.attrs["alliancelab"]["unit"] == "kad_year"
    m = k.pipe(P.add_cow_majors)
    assert m[["cowmaj1", "cowmaj2", "cowmaj3"]].values.tolist()[0] == [1, 0, 0]
    with pytest.raises(ValueError, match="max_rows"):
        P.create_kad_years(2, store=tiny, max_rows=10)
    with pytest.raises(ValueError, match="kad_year panel"):
        k.pipe(P.add_atop_alliance)


def test_cow_mids_from_the_official_files_equal_peacesciencer(
    shared_data: Path,
    tmp_path: Path,
    ps_store: Store,  # noqa: F811
) -> None:
    """add_cow_mids on a store holding only the official COW files (states, MID 5.0 A+B)
    gives, on every shared dyad-year, the values add_cow_mids gives from peacesciencer's
    exported cow_mid_ddydisps; the official MIDs cover 1816-2014 (0 inside, NA after)."""
    st = Store(tmp_path / "official.duckdb")
    cow = shared_data / "cow_states"
    states = [cow / "cow_states.csv.gz", cow / "system2016.csv"]
    import_source("cow_states", states, store=st)
    mid = shared_data / "cow_mid"
    import_source("cow_mid", [mid / "MIDA 5.0.csv", mid / "MIDB 5.0.csv"], store=st)
    keys = ["ccode1", "ccode2", "year"]
    for directed in (False, True):
        ours = P.create_dyad_years(directed=directed, years=(1816, 2016), store=st)
        ours = P.add_cow_mids(ours)
        assert ours.attrs["alliancelab"]["sources"]["add_cow_mids"] == "cow_mid 5.0 (ddydisps)"
        ps = P.create_dyad_years(directed=directed, years=(1816, 2016), store=ps_store)
        ps = P.add_cow_mids(ps)
        both = ours.merge(ps, on=keys, suffixes=("", "_ps"))
        assert len(both) > 0.99 * len(ours)  # the two system lists agree almost everywhere
        cols = [c for c in ours.columns if c not in keys]
        assert len(cols) == 21
        for c in cols:
            a, b = both[c], both[f"{c}_ps"]
            assert a.isna().equals(b.isna()), c
            assert (a[a.notna()] == b[b.notna()]).all(), c
        onset = ours.loc[ours["year"] <= 2014, "cowmidonset"]
        assert onset.notna().all() and onset.sum() > 1000
        assert ours.loc[ours["year"] > 2014, "cowmidonset"].isna().all()


def test_reversed_or_malformed_years_are_errors(tiny: Store) -> None:
    for bad in ("2020-2010", (2020, 2010)):
        with pytest.raises(ValueError, match="last year is before the first"):
            P.create_dyad_years(years=bad, store=tiny)
    with pytest.raises(ValueError, match="must look like"):
        P.create_state_years(years="1816-1900-1950", store=tiny)
    with pytest.raises(ValueError, match="extend_to must be a year, got 'soon'"):
        P.create_state_years(extend_to="soon", store=tiny)
