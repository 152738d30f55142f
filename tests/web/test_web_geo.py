"""The map's capital table against its cited source, and the dated polygon keys."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from alliancelab.web import _geo


def test_capitals_match_peacesciencer_cow_capitals(shared_data: Path) -> None:
    """Each row of ``_geo.CAPITALS`` is the latest capital of the state in peacesciencer's
    ``cow_capitals`` (the table's cited source), to the 0.01 degree it is rounded to."""
    caps = pd.read_csv(shared_data / "extra/cow_capitals.csv.gz")
    for ccode, (lon, lat) in _geo.CAPITALS.items():
        rows = caps[caps["ccode"] == ccode].sort_values("stdate")
        assert len(rows), ccode
        last = rows.iloc[-1]
        assert lon == pytest.approx(last["lng"], abs=0.0051), ccode
        assert lat == pytest.approx(last["lat"], abs=0.0051), ccode


@pytest.mark.parametrize(
    ("ccode", "year", "drawn"),
    [
        (300, 1914, "point"),  # Austria-Hungary: no ISO code, not modern Austria
        (365, 1960, "point"),  # the Soviet Union (SUN), not Russia's polygon
        (265, 1960, "point"),  # the GDR (DDR)
        (345, 1990, "point"),  # Yugoslavia (YUG), not Serbia's polygon
        (365, 1914, "polygon"),  # Russia
        (305, 1960, "polygon"),  # Austria
        (345, 2010, "polygon"),  # Serbia
    ],
)
def test_defunct_states_are_capital_points(ccode: int, year: int, drawn: str) -> None:
    row = _geo.map_rows([{"ccode": ccode, "name": str(ccode), "in_region": True}], year)[0]
    assert row["drawn"] == drawn
    if drawn == "point":
        assert (row["lon"], row["lat"]) == _geo.CAPITALS[ccode]
        assert row["iso_numeric"] not in _geo.atlas_ids()
    else:
        assert row["iso_numeric"] in _geo.atlas_ids() and row["lon"] is None
