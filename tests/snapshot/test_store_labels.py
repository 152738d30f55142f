"""Store snapshots name their ATOP alliances (ATOP 5.1 has no name field).

The reference set's name where it carries the ATOP id; otherwise the founding members'
COW abbreviations and the signature year, with the ATOP id kept for tracing.
"""

from __future__ import annotations

import re

from alliancelab import snapshot
from alliancelab.reference import load_alliances
from alliancelab.store import Store


def test_every_store_alliance_has_a_readable_name(official_store: Store) -> None:
    bare = re.compile(r"^ATOP \d+$")
    for year, region in ((1914, "europe"), (1950, "europe"), (1960, "asia"), (2010, None)):
        s = snapshot(year, region, data="store", store=official_store)
        assert len(s.alliance_names) == len(s.alliances) > 0
        assert not [n for n in s.alliance_names if bare.match(n) or not n.strip()], year


def test_reference_names_where_the_atop_id_matches(official_store: Store) -> None:
    ref = load_alliances().dropna(subset=["atopid"])
    name = dict(zip(ref["atopid"].astype(int), ref["name"], strict=True))
    s = snapshot(1950, "europe", data="store", store=official_store)
    names = dict(zip(s.alliances, s.alliance_names, strict=True))
    assert names["atop3180"] == name[3180]  # the North Atlantic Treaty
    for aid, n in names.items():
        a = int(aid.removeprefix("atop"))
        if a in name:
            assert n == name[a], aid
        else:
            assert n.endswith(f"(ATOP {a})"), n


def test_built_name_is_founders_and_signature_year(official_store: Store) -> None:
    # the Anglo-Soviet agreement of 12 July 1941 (ATOP 2535): Britain and the USSR
    s = snapshot(1943, "europe", data="store", store=official_store)
    names = dict(zip(s.alliances, s.alliance_names, strict=True))
    assert names["atop2535"] == "UKG-RUS 1941 (ATOP 2535)"
