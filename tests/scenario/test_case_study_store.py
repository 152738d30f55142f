"""Case studies on the official data (``--data store``): the NATO enlargements.

ATOP 5.1 dates an accession to the signature of its protocol (Greece and Turkey: 22
October 1951), so on the store a case starts on the day before ATOP's entry date of its
joining states (``accession_base``); the case's join edit then adds exactly the
membership ATOP records. The cases after COW's state system (2016) stop with a clean
coverage error.
"""

from __future__ import annotations

import datetime as dt

import pytest

from alliancelab import snapshot
from alliancelab.reports.case_study import on_data
from alliancelab.scenario import ScenarioError, apply, bundled, bundled_path, load, run
from alliancelab.snapshot import store_data
from alliancelab.store import Store

NATO = sorted(n for n in bundled()["name"] if n.startswith("nato-"))


def _store_case(name: str, store: Store, monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    monkeypatch.setenv("ALLIANCELAB_HOME", str(store.path.parent))
    return on_data(load(bundled_path(name)), "store")


def test_founding_case_creates_atops_founders(
    official_store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    # 1948: no North Atlantic Treaty yet; the created alliance has ATOP 3180's founders,
    # the twelve states whose spells begin on 4 April 1949
    sc = _store_case("nato-1949-founding", official_store, monkeypatch)
    base = snapshot(sc.year, sc.region, data="store", store=official_store)
    assert "atop3180" not in base.alliances
    (create,) = sc.edits
    data = store_data(official_store)
    founders = {c for c in create.states if dt.date(1949, 4, 4) in data.member_entries(3180, c)}
    assert founders == set(create.states) and len(founders) == 12
    assert run(sc, n=20, seed=1).snapshot.alliances[-1] == create.alliance


@pytest.mark.parametrize("name", [n for n in NATO if 1949 < int(n.split("-")[1]) <= 2017])
def test_nato_case_edits_add_atops_membership(
    name: str, official_store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    sc = _store_case(name, official_store, monkeypatch)
    assert {e.alliance for e in sc.edits if e.alliance} == {"atop3180"}
    base = snapshot(sc.date or sc.year, sc.region, data="store", store=official_store)
    base = apply(base, list(sc.base_edits)) if sc.base_edits else base
    after = apply(base, list(sc.edits))
    k0, k1 = base.alliances.index("atop3180"), after.alliances.index("atop3180")
    data = store_data(official_store)
    for e in sc.edits:
        if e.type != "join":
            continue
        code = int(e.state)  # type: ignore[arg-type]
        assert code not in base.ccodes or not base.membership[k0, base.index(code)], name
        assert after.membership[k1, after.index(code)], name
        if sc.date is not None:  # the base is the day before ATOP's entry date
            entry = dt.date.fromisoformat(sc.date) + dt.timedelta(days=1)
            assert entry in data.member_entries(3180, code), (name, code)


def test_greece_turkey_case_runs_on_the_store(
    official_store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    sc = _store_case("nato-1952-greece-turkey", official_store, monkeypatch)
    assert sc.date == "1951-10-21" and "ATOP 5.1" in sc.description
    r = run(sc, n=50, seed=1)
    k = r.snapshot.alliances.index("atop3180")
    members = {c for c, m in zip(r.snapshot.ccodes, r.snapshot.membership[k], strict=True) if m}
    assert {350, 640, 2, 200, 220} <= members  # Greece, Turkey join the 1949 founders


@pytest.mark.parametrize("name", [n for n in NATO if int(n.split("-")[1]) > 2017])
def test_cases_after_the_state_system_stop_cleanly(
    name: str, official_store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    sc = _store_case(name, official_store, monkeypatch)
    with pytest.raises(ScenarioError, match="outside the store's COW state system"):
        run(sc, n=10, seed=0)
