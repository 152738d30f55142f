"""Parity with peacesciencer 1.2.9 from the *official* files (issue 3: a new user with the
official files gets peacesciencer's rows).

A store is built only from the official COW and ATOP files in ``shared_data`` (states2016,
system2016, majors2016; NMC v7.0 as peacesciencer ships it - the only v7.0 copy here;
ATOP 5.1 member and alliance files; MID 5.0 A and B; Direct Contiguity v3.1), and the
reference pipelines of ``PARITY.md`` are run on it with ``extend_to=2025``:

* P1 (state-years + NMC + majors): every key and value equal (as from peacesciencer's
  inputs: the official state list gives the same system).
* P4 (non-directed dyad-years + ATOP, ``ndir=False``): every key and ``atop_alliance``
  equal; obligations differ on 190 values, all in the 10 asymmetric ATOP alliances whose
  pledges the member file does not direct at partners (docs/data.md, ``atop``).
* P2's quoted sums: atop_alliance, cowmidonset, cowmaj1 and cinc1 equal. Contiguity is
  not compared: v3.1 (the official file here) ends in 2006, peacesciencer's v3.2 in 2016.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from test_parity import _compare_full, _ref

from alliancelab import panels as P
from alliancelab.store import Store, import_source

KEYS2 = ["ccode1", "ccode2", "year"]


@pytest.fixture(scope="module")
def official(shared_data: Path, tmp_path_factory: pytest.TempPathFactory) -> Store:
    st = Store(tmp_path_factory.mktemp("official") / "alliancelab.duckdb")
    d = shared_data
    states = ["cow_states.csv.gz", "system2016.csv", "majors2016.csv"]
    import_source("cow_states", [d / "cow_states" / f for f in states], store=st)
    import_source("cow_nmc", [d / "cow_nmc/cow_nmc.csv.gz"], store=st)
    import_source("atop", [d / "atop/atop5_1m.csv", d / "atop/atop5_1a.csv"], store=st)
    import_source("cow_mid", [d / "cow_mid/MIDA 5.0.csv", d / "cow_mid/MIDB 5.0.csv"], store=st)
    import_source("cow_contiguity", [d / "cow_contiguity/contdir.csv"], store=st)
    assert set(st.imports()["source"]) == {
        "cow_states", "cow_nmc", "atop", "cow_mid", "cow_contiguity",
    }  # fmt: skip
    return st


def test_p1_from_the_official_files_is_exact(shared_data: Path, official: Store) -> None:
    mine = (
        P.create_state_years(system="cow", extend_to=2025, store=official)
        .pipe(P.add_nmc)
        .pipe(P.add_cow_majors)
    )
    assert mine.attrs["alliancelab"]["sources"]["system"] == "cow_states 2016 (states)"
    _compare_full(mine, _ref(shared_data, "P1.csv.gz"), ["ccode", "year"])


def test_p4_from_the_official_files(shared_data: Path, official: Store) -> None:
    ref = _ref(shared_data, "P4.csv.gz")
    mine = P.create_dyad_years(directed=False, extend_to=2025, store=official).pipe(
        P.add_atop_alliance, ndir=False
    )
    assert mine.attrs["alliancelab"]["sources"]["add_atop_alliance"].startswith("atop 5.1")
    a = mine.sort_values(KEYS2).reset_index(drop=True)
    b = ref.sort_values(KEYS2).reset_index(drop=True)
    assert len(a) == len(b) == 1_126_380
    for k in KEYS2:
        assert np.array_equal(a[k].to_numpy(), b[k].to_numpy())
    differ = {}
    for c in ref.columns[3:]:
        x = a[c].astype("float64").to_numpy(na_value=np.nan)
        y = b[c].astype("float64").to_numpy(na_value=np.nan)
        differ[c] = int((~((x == y) | (np.isnan(x) & np.isnan(y)))).sum())
    assert differ == {
        "atop_alliance": 0,
        "atop_defense": 72,
        "atop_offense": 30,
        "atop_neutral": 51,
        "atop_nonagg": 37,
        "atop_consul": 0,
    }
    # every difference is a pledge ours carries and the official dyadic file does not
    for c in ("atop_defense", "atop_offense", "atop_neutral", "atop_nonagg"):
        x, y = a[c].astype("float64"), b[c].astype("float64")
        assert ((x != y) & y.notna()).sum() == ((x == 1) & (y == 0)).sum()


def test_p2_sums_from_the_official_files(official: Store) -> None:
    df = (
        P.create_dyad_years(system="cow", directed=False, extend_to=2025, store=official)
        .pipe(P.add_atop_alliance)
        .pipe(P.add_nmc)
        .pipe(P.add_cow_mids)
        .pipe(P.add_contiguity)
        .pipe(P.add_cow_majors)
    )
    assert df.shape == (1_126_380, 47)
    assert int(df["atop_alliance"].sum()) == 133_701
    assert int(df["cowmidonset"].sum()) == 3_461
    assert int(df["cowmaj1"].sum()) == 62_807
    assert round(float(df["cinc1"].sum()), 3) == 8818.565
    # the official contiguity file here is v3.1 (to 2006): NA after, never 0
    assert df.loc[df["year"] > 2006, "conttype"].isna().all()
    assert df.loc[df["year"] <= 2006, "conttype"].notna().all()
    src = df.attrs["alliancelab"]["sources"]
    assert src["add_cow_mids"] == "cow_mid 5.0 (ddydisps)"
    assert not pd.Series(src).str.contains("peacesciencer").any()
