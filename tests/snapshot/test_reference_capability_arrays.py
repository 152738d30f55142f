"""The reference capabilities split by state as arrays equal the former per-state frames."""

from __future__ import annotations

import numpy as np

from alliancelab.reference import load_capabilities
from alliancelab.snapshot import snapshot
from alliancelab.snapshot._reference import _capabilities_by_state


def test_arrays_equal_per_state_frames() -> None:
    cap = load_capabilities()
    cap = cap[cap["cinc"].notna()]
    old = {int(c): g.sort_values("year") for c, g in cap.groupby("ccode")}
    new = _capabilities_by_state()
    assert new.keys() == old.keys()
    for c, g in old.items():
        years, cinc, kinds = new[c]
        assert np.array_equal(years, g["year"].astype(int).to_numpy())
        assert np.array_equal(cinc, g["cinc"].to_numpy(dtype=float))
        assert kinds == g["cinc_kind"].tolist()


def test_snapshot_capabilities_have_every_kind() -> None:
    # interpolated, carried, benchmark/proxy and missing values all come from the arrays
    kinds = set()
    for year in (1816, 1900, 1937, 1946, 2011, 2024):
        s = snapshot(year)
        kinds |= set(s.capability_kind)
        known = np.array([k != "missing" for k in s.capability_kind])
        assert np.isfinite(s.capability[known]).all()
        assert np.isnan(s.capability[~known]).all()
    assert {"interpolated", "carried"} <= kinds
