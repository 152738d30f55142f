"""The great-power rows of the reference capability table (``capabilities.csv``).

At 1920, 1925, 1930, 1935, 1946, 1955, 1991 and 1995 the table holds the NMC v7.0 rows of
the COW major powers of that year (31 December, COW majors2016) and of no other state, so
the interwar, early Cold War and post-Soviet readings of the polarity index come from
published figures instead of one interpolation between distant benchmarks. The values
themselves are checked against NMC v7.0 in ``test_reference_states.py``.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from alliancelab.measures._military import (
    _interpolate,
    _shares_by_year,
    major_powers,
    share_table,
)
from alliancelab.reference import load_capabilities

GREAT_POWER_YEARS = (1920, 1925, 1930, 1935, 1946, 1955, 1991, 1995)


def test_great_power_rows_are_the_majors_of_the_year(shared_data: Path) -> None:
    caps = load_capabilities()
    majors = pd.read_csv(shared_data / "cow_states" / "majors2016.csv")
    start = majors["styear"] * 10000 + majors["stmonth"] * 100 + majors["stday"]
    end = majors["endyear"] * 10000 + majors["endmonth"] * 100 + majors["endday"]
    for year in GREAT_POWER_YEARS:
        day = year * 10000 + 1231
        cow = set(majors.loc[(start <= day) & (end >= day), "ccode"].astype(int))
        ours = set(caps.loc[caps["year"] == year, "ccode"].astype(int))
        assert ours == cow, year
        assert ours == set(major_powers(year)), year  # the measures' own list agrees
    # 1920: Germany (not a major 1918-1924) and Russia (1917-1921) have no row
    assert not {255, 365} & set(caps.loc[caps["year"] == 1920, "ccode"].astype(int))


def test_great_power_years_keep_nmc_ratios_and_system_shares() -> None:
    caps = load_capabilities().astype({"ccode": int, "year": int})
    table = share_table()
    full = caps[~caps["year"].isin(GREAT_POWER_YEARS)].dropna(subset=["milex"])
    base = _interpolate(_shares_by_year(full.astype({"milex": float})), table.index)
    for year in GREAT_POWER_YEARS:
        rows = caps[caps["year"] == year].set_index("ccode")["milex"].astype(float)
        shares = table.loc[year, rows.index].to_numpy()
        # the great powers' ratios to one another are NMC's published ones
        np.testing.assert_allclose(shares / shares.sum(), rows / rows.sum(), rtol=1e-12)
        # and their combined share is the one interpolated between the full benchmarks
        assert shares.sum() == pytest.approx(base.loc[year, rows.index].sum(), rel=1e-12)
    # a state with no great-power row anywhere keeps its full-benchmark interpolation
    never = sorted(set(base.columns) - set(caps.loc[caps["year"].isin(GREAT_POWER_YEARS), "ccode"]))
    assert len(never) > 150
    np.testing.assert_allclose(table[never].to_numpy(), base[never].to_numpy(), rtol=1e-12)
    # e.g. Spain 1925: between its 1913 and 1938 shares
    lo, hi = table.loc[1913, 230], table.loc[1938, 230]
    assert table.loc[1925, 230] == pytest.approx(lo + (hi - lo) * 12 / 25)


def test_interwar_shares_are_published_not_interpolated() -> None:
    # 1925 row: NMC's Soviet milex 1,447,885 against the US's 589,706 (thousand US$)
    t = share_table()
    assert t.loc[1925, 365] / t.loc[1925, 2] == pytest.approx(1447885 / 589706)
    # 1920: Britain's post-war milex is 89% of the US's, as NMC has it; the old
    # 1913 -> 1938 line put Britain ahead of the US (117%)
    assert t.loc[1920, 200] / t.loc[1920, 2] == pytest.approx(1475661 / 1657118)
    line = {c: t.loc[1913, c] + (t.loc[1938, c] - t.loc[1913, c]) * 7 / 25 for c in (2, 200)}
    assert line[200] / line[2] > 1.1
