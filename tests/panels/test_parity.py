"""Parity with peacesciencer 1.2.9 (issue 3, item 4).

The reference outputs and their semantics are in
``shared_data/peacesciencer/reference_outputs/`` (``PARITY.md``): peacesciencer 1.2.9 run
on 2026-11-25 (so ``mry = TRUE`` meant 2025). With its own inputs imported and
``extend_to=2025``, P1 and P4 must match row for row and P3 year for year: keys, row
counts and values, floats to 1e-9 relative.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from _panels_data import ps_store  # noqa: F401
from alliancelab import panels as P
from alliancelab.store import Store, import_source


def _ref(shared_data: Path, name: str) -> pd.DataFrame:
    return pd.read_csv(shared_data / "peacesciencer" / "reference_outputs" / name)


def _same(mine: pd.Series, ref: pd.Series) -> np.ndarray:
    """Element-wise equality: both NA, or equal to 1e-9 relative (exact for integers)."""
    a = mine.astype("float64").to_numpy(na_value=np.nan)
    b = ref.astype("float64").to_numpy(na_value=np.nan)
    both_na = np.isnan(a) & np.isnan(b)
    close = np.abs(a - b) <= 1e-9 * np.abs(b)
    return both_na | close


def _compare_full(mine: pd.DataFrame, ref: pd.DataFrame, keys: list[str]) -> None:
    assert list(mine.columns) == list(ref.columns)
    assert len(mine) == len(ref)
    a = mine.sort_values(keys).reset_index(drop=True)
    b = ref.sort_values(keys).reset_index(drop=True)
    for k in keys:
        assert np.array_equal(a[k].to_numpy(), b[k].to_numpy()), f"keys differ in {k}"
    for c in ref.columns:
        if c in keys:
            continue
        if ref[c].dtype == object or str(ref[c].dtype) == "str":
            bad = (a[c].astype(str) != b[c].astype(str)).to_numpy()
        else:
            bad = ~_same(a[c], b[c])
        assert not bad.any(), f"{c}: {int(bad.sum())} values differ, first at {a.loc[bad].head(1)}"


def test_p1_state_years_nmc_majors(shared_data: Path, ps_store: Store) -> None:  # noqa: F811
    ref = _ref(shared_data, "P1.csv.gz")
    mine = (
        P.create_state_years(system="cow", extend_to=2025, store=ps_store)
        .pipe(P.add_nmc)
        .pipe(P.add_cow_majors)
    )
    assert len(ref) == 17_706
    _compare_full(mine, ref, ["ccode", "year"])


def test_p4_dyad_years_atop_ndir_false(shared_data: Path, ps_store: Store) -> None:  # noqa: F811
    ref = _ref(shared_data, "P4.csv.gz")
    mine = P.create_dyad_years(directed=False, extend_to=2025, store=ps_store).pipe(
        P.add_atop_alliance, ndir=False
    )
    assert len(ref) == 1_126_380
    _compare_full(mine, ref, ["ccode1", "ccode2", "year"])


@pytest.fixture
def p3(ps_store: Store) -> pd.DataFrame:  # noqa: F811
    return (
        P.create_dyad_years(directed=True, extend_to=2025, store=ps_store)
        .pipe(P.add_atop_alliance)
        .pipe(P.add_nmc)
        .pipe(P.add_cow_mids)
        .pipe(P.add_contiguity)
        .pipe(P.add_cow_majors)
    )


def test_p3_per_year_summary(shared_data: Path, p3: pd.DataFrame) -> None:
    ref = _ref(shared_data, "P3_per_year_summary.csv.gz")
    cols = [c[4:] for c in ref.columns if c.startswith("sum_")]
    assert list(p3.columns[3:]) == cols  # peacesciencer's columns, in its order
    assert len(p3) == 2_252_760
    by = p3.groupby("year")
    mine = pd.DataFrame({"n_rows": by.size()})
    for c in cols:
        x = p3[c].astype("float64")
        mine[f"sum_{c}"] = x.groupby(p3["year"]).sum()
        mine[f"nonmissing_{c}"] = x.notna().groupby(p3["year"]).sum()
    mine = mine.reset_index()
    assert mine["year"].tolist() == ref["year"].tolist() == list(range(1816, 2026))
    for c in ref.columns:
        ok = _same(mine[c], ref[c])
        assert ok.all(), f"{c} differs in years {mine.loc[~ok, 'year'].tolist()[:5]}"


def test_p2_sums_quoted_in_parity_md(ps_store: Store) -> None:  # noqa: F811
    p2 = (
        P.create_dyad_years(directed=False, extend_to=2025, store=ps_store)
        .pipe(P.add_atop_alliance)
        .pipe(P.add_nmc)
        .pipe(P.add_cow_mids)
        .pipe(P.add_contiguity)
        .pipe(P.add_cow_majors)
    )
    assert p2.shape == (1_126_380, 47)
    assert int(p2["atop_alliance"].sum()) == 133_701
    assert int(p2["cowmidonset"].sum()) == 3_461
    assert int((p2["conttype"] > 0).sum()) == 40_530
    assert int(p2["cowmaj1"].sum()) == 62_807
    assert round(float(p2["cinc1"].sum()), 3) == 8818.565
    # no silent imputation: after each source's coverage the columns are NA
    late = p2["year"] > 2018
    assert p2.loc[late, "atop_alliance"].isna().all()
    assert p2.loc[p2["year"] > 2014, "cowmidonset"].isna().all()
    assert p2.loc[p2["year"] > 2016, "conttype"].isna().all()
    assert p2.loc[p2["year"] <= 2014, "cowmidonset"].notna().all()


def test_directed_keys_equal_cow_ddy(ps_store: Store) -> None:  # noqa: F811
    """PARITY.md: for 1816-2024 the directed keys equal peacesciencer's cow_ddy."""
    ddy = ps_store.read("peacesciencer", "cow_ddy")
    mine = P.create_dyad_years(directed=True, years=(1816, 2024), extend_to=2025, store=ps_store)
    assert len(mine) == len(ddy) == 2_214_930
    ref = ddy.sort_values(["ccode1", "ccode2", "year"])
    for c in ("ccode1", "ccode2", "year"):
        assert np.array_equal(mine[c].to_numpy(), ref[c].to_numpy())


def test_false_dyads_computed_from_dates_match_peacesciencer(
    shared_data: Path,
    ps_store: Store,  # noqa: F811
    tmp_path: Path,
) -> None:
    """Without false_cow_dyads the same pairs are dropped, computed from the dates."""
    only = Store(tmp_path / "s.duckdb")
    import_source(
        "peacesciencer", [shared_data / "peacesciencer" / "isard_cw_system.csv.gz"], store=only
    )
    computed = P.create_dyad_years(directed=True, extend_to=2025, store=only)
    table = P.create_dyad_years(directed=True, extend_to=2025, store=ps_store)
    assert len(computed) == len(table)
    for c in ("ccode1", "ccode2", "year"):
        assert np.array_equal(computed[c].to_numpy(), table[c].to_numpy())
    false = ps_store.read("peacesciencer", "false_cow_dyads")
    false = false.astype("int64")
    k = false["ccode1"] * 10**7 + false["ccode2"] * 10**4 + false["year"]
    kc = computed["ccode1"].astype("int64") * 10**7 + computed["ccode2"] * 10**4 + computed["year"]
    assert len(false) == 60 and not kc.isin(k).any()
