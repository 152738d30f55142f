"""Snapshots: coverage, interpolation, obligations, immutability, hypothetical systems."""

from __future__ import annotations

import numpy as np
import pytest

import alliancelab
from alliancelab import CoverageError, UnknownStateError, snapshot, snapshot_from_ties
from alliancelab.reference import load_capabilities


def _cinc(ccode: int, year: int) -> float:
    cap = load_capabilities()
    return float(cap.loc[(cap["ccode"] == ccode) & (cap["year"] == year), "cinc"].item())


def test_years_outside_the_data_raise_coverage_errors_naming_the_coverage() -> None:
    with pytest.raises(CoverageError, match="1816-2024"):
        snapshot(2025)
    with pytest.raises(CoverageError, match="1816-2024"):
        snapshot(1815)
    with pytest.raises(CoverageError, match="1815-2024"):
        alliancelab.alliance_members(1700)
    with pytest.raises(CoverageError, match=r"oceania.*1920"):
        snapshot(1900, "oceania")


def test_benchmark_years_are_exact_and_2024_is_a_proxy() -> None:
    s = snapshot(1913, "europe")
    i = s.index(200)
    assert s.capability[i] == _cinc(200, 1913)
    assert s.capability_kind[i] == "benchmark"
    s = snapshot(2024, "europe")
    assert s.capability_kind[s.index(365)] == "proxy"
    assert s.capability[s.index(365)] == _cinc(365, 2024)


def test_capabilities_interpolate_log_linearly_between_benchmarks() -> None:
    # Spain in 1925 lies 12/25 of the way from 1913 to 1938 (the great powers also have
    # rows in 1920-1935, so Spain, with none, is the case of two distant benchmarks)
    s = snapshot(1925, "europe")
    i = s.index(230)
    c0, c1 = _cinc(230, 1913), _cinc(230, 1938)
    assert s.capability[i] == pytest.approx(c0 * (c1 / c0) ** (12 / 25), rel=1e-12)
    assert s.capability_kind[i] == "interpolated"
    assert any("interpolated" in n for n in s.notes)


def test_a_state_entering_between_benchmarks_carries_its_nearest_value() -> None:
    # unified Germany re-enters the system in 1990; its first row after that is its
    # great-power row of 1991
    s = snapshot(1990, "europe")
    i = s.index(255)
    assert s.capability_kind[i] == "carried"
    assert s.capability[i] == _cinc(255, 1991)
    with pytest.raises(UnknownStateError):
        s.index(260)  # West Germany left the system in 1990


def test_arrays_are_read_only() -> None:
    s = snapshot(1914, "europe")
    with pytest.raises(ValueError):
        s.capability[0] = 1.0
    with pytest.raises(ValueError):
        s.obligations[0, 1, 0] = True
    with pytest.raises(ValueError):
        s.layers["conventional"][0, 0] = True


def test_whole_system_snapshot_holds_every_system_member() -> None:
    s = snapshot(1950)
    assert list(s.ccodes) == alliancelab.system_members(1950)
    assert s.in_region.all()


def test_europe_2024_includes_outside_nato_and_csto_allies() -> None:
    s = snapshot(2024, "europe")
    for c in (2, 20, 705):  # USA, Canada, Kazakhstan
        assert not s.in_region[s.index(c)]
    assert 710 not in s.ccodes  # China has no defence tie to a European state
    nato = s.membership[s.alliances.index("nato")]
    assert nato.sum() == 32
    d = s.obligation("defense")
    assert d[s.index(2), s.index(290)] and d[s.index(290), s.index(2)]


def test_belgian_guarantee_is_one_way() -> None:
    s = snapshot(1900, "europe")
    d = s.obligation("defense")
    assert d[s.index(200), s.index(211)]
    assert not d[s.index(211), s.index(200)]


def test_rivalries_are_symmetric_and_exact_by_year() -> None:
    s = snapshot(1914, "europe")
    r = s.rivalry
    assert (r == r.T).all() and not r.diagonal().any()
    assert r[s.index(255), s.index(200)]  # Anglo-German rivalry, 1896-1918


def test_to_networkx() -> None:
    g = snapshot(1914, "europe").to_networkx()
    assert g.nodes[255]["name"] and g.edges[255, 300]["defense"]
    assert (200, 255) in g.graph["rivalries"] or (255, 200) in g.graph["rivalries"]


def test_snapshot_from_ties_validates() -> None:
    with pytest.raises(ValueError, match="unknown obligation"):
        snapshot_from_ties(2000, {1: 1.0, 2: 1.0}, [(1, 2, "friendship")])
    with pytest.raises(UnknownStateError):
        snapshot_from_ties(2000, {1: 1.0}, [(1, 2, "defense")])
    with pytest.raises(ValueError, match="non-negative"):
        snapshot_from_ties(2000, {1: -1.0}, [])
    with pytest.raises(UnknownStateError):
        snapshot_from_ties(2000, {1: 1.0}, [], rivalries=[(1, 3)])
    s = snapshot_from_ties(2000, {2: 1.0, 20: 0.5}, [(20, 2, "consultation")], [(2, 20)])
    assert s.obligation("consultation")[1, 0] and not s.obligation("consultation")[0, 1]
    assert s.rivalry[0, 1] and s.rivalry[1, 0]
    assert s.names == ("United States", "Canada")
    assert np.isfinite(s.capability).all()


def test_ties_rebuild_the_obligation_tensor_and_layers() -> None:
    from alliancelab.snapshot import assemble_ties

    s = snapshot(2024, "europe")
    ob, layers = assemble_ties(
        s.n, s.tie_alliance, s.tie_from, s.tie_to, s.tie_obligations, s.alliance_domains
    )
    assert (ob == s.obligations).all()
    for d, m in s.layers.items():
        assert (layers[d] == m).all()
    assert s.layers["cyber"].any() and s.layers["non_traditional"].any()
    # every tie belongs to an alliance whose members include both ends
    assert s.membership[s.tie_alliance, s.tie_from].all()
    assert s.membership[s.tie_alliance, s.tie_to].all()


def test_snapshot_names_follow_the_year() -> None:
    assert snapshot(2024, "europe").names[snapshot(2024, "europe").index(345)] == "Serbia"
    s = snapshot(1960, "europe")
    assert s.names[s.index(365)] == "Soviet Union"
    assert s.names[s.index(345)] == "Yugoslavia"


def test_system_membership_is_taken_on_31_december() -> None:
    from alliancelab.snapshot import system_members

    # COW states2016: the German Federal Republic and the GDR end 1990-10-02, Germany
    # (255) re-enters 1990-10-03; Germany's first spell ends 1945-05-08; Czechoslovakia
    # ends on 1992-12-31 itself and the Czech Republic (316) begins 1993-01-01.
    in_1990 = system_members(1990)
    assert 255 in in_1990 and 260 not in in_1990 and 265 not in in_1990
    assert 260 in system_members(1989) and 255 not in system_members(1989)
    assert 255 not in system_members(1945) and 255 in system_members(1944)
    assert 315 in system_members(1992) and 316 not in system_members(1992)
    assert 316 in system_members(1993) and 315 not in system_members(1993)


def test_europe_1990_counts_germany_once() -> None:
    s = snapshot(1990, "europe")
    german = [c for c in s.ccodes if c in (255, 260, 265)]
    assert german == [255]
    assert list(s.states()["ccode"]).count(255) == 1
    nato = s.membership[s.alliances.index("nato")]
    assert nato[s.index(255)] and nato.sum() == 16  # the 16 members of 1982-1999


def test_reference_names_follow_the_year_for_serbia() -> None:
    s = snapshot(1914, "europe")
    assert s.names[s.index(345)] == "Serbia"
    s = snapshot(1950, "europe")
    assert s.names[s.index(345)] == "Yugoslavia"


def test_reference_ties_are_the_tensor_and_survive_a_capability_edit() -> None:
    from alliancelab import scenario

    s = snapshot(1914, "europe")
    assert len(s.tie_alliance) > 0
    t = scenario.apply(s, [{"type": "capability", "state": 255, "scale": 0.5}])
    assert (t.obligations == s.obligations).all()
    for name in ("tie_alliance", "tie_from", "tie_to", "tie_obligations"):
        assert (getattr(t, name) == getattr(s, name)).all(), name
    assert t.capability[t.index(255)] == pytest.approx(0.5 * s.capability[s.index(255)])
