"""Cold War blocs and bloc labels against the historical record.

NATO (1949) and the Soviet camp were separate, opposed blocs through the Cold War: the
Soviet camp was the USSR's bilateral treaties of 1943-1949 until the Warsaw Pact (May
1955 - July 1991). ATOP also codes the 1942 Anglo-Soviet and 1944 Franco-Soviet treaties
in force until 1955, which bridge the two groups; ``alliance_blocs`` splits such a
cluster into its modularity communities (Newman & Girvan 2004).
"""

from __future__ import annotations

import numpy as np
import pytest

from alliancelab import snapshot
from alliancelab.measures import alliance_blocs
from alliancelab.snapshot import Snapshot
from alliancelab.store import Store

NATO = {"nato", "atop3180"}  # reference id, store id (ATOP 5.1 atopid)
WARSAW = {"warsaw_pact", "atop3285"}


def _members(s: Snapshot, ids: set[str]) -> set[int]:
    rows = [k for k, a in enumerate(s.alliances) if a in ids]
    return {s.ccodes[i] for k in rows for i in np.nonzero(s.membership[k])[0]}


def _check_labels(s: Snapshot, blocs: object) -> None:
    for members, aid in zip(blocs["members"], blocs["alliance"], strict=True):  # type: ignore[index]
        if not isinstance(aid, str):  # None (NaN in the frame): named by its core
            continue
        covered = _members(s, {aid})
        inside = covered & set(members)
        assert 2 * len(inside) > len(members), (s.year, aid, members)
        assert 2 * len(inside) > len(covered), (s.year, aid, members)


def _check_cold_war_year(s: Snapshot) -> None:
    blocs = alliance_blocs(s)
    nato = _members(s, NATO)
    camp = _members(s, WARSAW) if s.year >= 1955 else {365}
    assert nato and camp, s.year
    for members in blocs["members"]:
        assert not (set(members) & nato and set(members) & camp), (s.year, members)
    _check_labels(s, blocs)
    # no state outside Europe in a bloc labelled Warsaw Pact
    pos = {c: i for i, c in enumerate(s.ccodes)}
    for members, aid in zip(blocs["members"], blocs["alliance"], strict=True):
        if aid in WARSAW:
            assert all(s.in_region[pos[c]] for c in members), (s.year, members)


def test_reference_nato_and_soviet_camp_apart_1949_1990() -> None:
    for year in range(1949, 1991):
        _check_cold_war_year(snapshot(year, "europe"))


def test_store_nato_and_soviet_camp_apart_1949_1990(official_store: Store) -> None:
    for year in range(1949, 1991):
        _check_cold_war_year(snapshot(year, "europe", data="store", store=official_store))


@pytest.mark.parametrize(("region", "year"), [("asia", 2024), ("europe", 1990), ("europe", 2024)])
def test_labels_are_majorities_and_misleading_ones_are_gone(region: str, year: int) -> None:
    s = snapshot(year, region)
    blocs = alliance_blocs(s)
    _check_labels(s, blocs)
    al = alliance_blocs(s, obligations=("defense", "offense", "consultation"))
    _check_labels(s, al)
    for label, members in zip(al["label"], al["members"], strict=True):
        if "Shanghai" in label:  # the SCO names no alignment holding the US or its allies
            assert not {2, 740, 900, 840} & set(members), (label, members)
    for label, members in zip(blocs["label"], blocs["members"], strict=True):
        if label.startswith("Collective Security Treaty"):
            # China and North Korea are not CSTO members: the label says they are extra
            assert ({710, 731} & set(members)) <= {710, 731}
            if {710, 731} & set(members):
                assert "CHN" in label or "PRK" in label


def test_europe_1990_warsaw_pact_bloc_has_no_north_korea() -> None:
    blocs = alliance_blocs(snapshot(1990, "europe"))
    wp = blocs[blocs["alliance"] == "warsaw_pact"].iloc[0]
    assert 731 not in wp["members"]
    assert wp["label"].endswith("+ FIN")  # Finland's 1948 treaty with the USSR, shown as extra


def _alignment_of(s: Snapshot, ccode: int) -> set[int]:
    al = alliance_blocs(s, obligations=("defense", "offense", "consultation"))
    for members in al["members"]:
        if ccode in members:
            return set(members)
    return {ccode}


def _check_july_1914(s: Snapshot) -> None:
    # Russia (365) and France (220) were allied by the 1892-94 military convention; Russia's
    # Racconigi bargain with Italy (1909) was consultation only: Russia's alignment on the
    # eve of the war is France's, and neither is grouped with Germany (255) or
    # Austria-Hungary (300)
    russia = _alignment_of(s, 365)
    assert 220 in russia, russia
    assert not russia & {255, 300}, russia
    assert not _alignment_of(s, 220) & {255, 300}


def test_reference_alignments_july_1914() -> None:
    _check_july_1914(snapshot("1914-07-28", "europe"))


def test_store_alignments_july_1914(official_store: Store) -> None:
    _check_july_1914(snapshot("1914-07-28", "europe", data="store", store=official_store))


def _check_september_1939(s: Snapshot) -> None:
    # 1 September 1939: Germany (255) and Italy (325), allied by the Pact of Steel, are not
    # in one alignment with the UK (200), France (220) or Poland (290)
    axis = _alignment_of(s, 255)
    assert 325 in axis, axis
    assert not axis & {200, 220, 290}, axis


def test_reference_alignments_september_1939() -> None:
    _check_september_1939(snapshot("1939-09-01", "europe"))


def test_store_alignments_september_1939(official_store: Store) -> None:
    _check_september_1939(snapshot("1939-09-01", "europe", data="store", store=official_store))


def test_bloc_labels_use_the_name_of_the_day() -> None:
    from alliancelab.measures import blocs as B

    # COW v2016 has one abbreviation per code (365 RUS, 345 YUG); labels follow the name
    # the state had on the snapshot's date, as the brief's state lists do
    assert B._abbr(snapshot(1960, "europe"), 365) == "USSR"
    assert B._abbr(snapshot("1991-12-26", "europe"), 365) == "RUS"
    assert B._abbr(snapshot(1914, "europe"), 345) == "SER"
    assert B._abbr(snapshot(1950, "europe"), 345) == "YUG"
