"""``scenario.run(store=)``: a scenario on ``[base] data = "store"`` reads the given store.

The default store (``ALLIANCELAB_HOME``) is an empty folder here, so a snapshot built from
it instead of the given file fails with a coverage error (nothing imported), and the
folder stays empty.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from alliancelab import snapshot
from alliancelab.scenario import ScenarioError, loads, run
from alliancelab.store import Store

#: Sweden and Japan join ATOP 3180 (NATO) in 1960; Japan is outside Europe, so its edit
#: brings in a state the region's snapshot lacks.
STORE_TOML = """
[scenario]
name = "sweden-nato-1960-store"
[base]
year = 1960
region = "europe"
data = "{data}"
[[edits]]
type = "join"
state = "Sweden"
alliance = "{alliance}"
[[edits]]
type = "join"
state = "Japan"
alliance = "{alliance}"
"""


def base_codes(store: Store) -> list[int]:
    return list(snapshot(1960, "europe", data="store", store=store).ccodes)


def test_run_reads_the_given_store(official_store: Store, empty_home: Path) -> None:
    sc = loads(STORE_TOML.format(data="store", alliance="atop3180"), name="store-case")
    r = run(sc, n=20, seed=1, store=official_store.path)
    k = r.snapshot.alliances.index("atop3180")
    assert r.snapshot.membership[k, r.snapshot.index(380)]
    assert not r.baseline.membership[r.baseline.alliances.index("atop3180"), r.baseline.index(380)]
    # the state the second edit brings in is the store's, not the reference data's
    japan = snapshot(1960, [740], data="store", store=official_store)
    ref = snapshot(1960, [740])
    cap = japan.capability[japan.index(740)]
    assert cap != ref.capability[ref.index(740)]
    assert r.baseline.capability[r.baseline.index(740)] == pytest.approx(cap)
    assert r.snapshot.capability[r.snapshot.index(740)] == pytest.approx(cap)
    assert 740 not in base_codes(official_store)
    # the base snapshot is the store's: ATOP ids, the store's states and capabilities
    base = snapshot(1960, "europe", data="store", store=official_store)
    assert set(base.ccodes) <= set(r.baseline.ccodes) and "atop3180" in base.alliances
    i = base.index(260)
    assert r.baseline.capability[r.baseline.index(260)] == pytest.approx(base.capability[i])
    # the same run as a path string gives the same table
    again = run(sc, n=20, seed=1, store=str(official_store.path))
    assert again.table.equals(r.table)
    assert list(empty_home.iterdir()) == []  # the default store was never opened


def test_without_store_the_default_store_is_read(
    official_store: Store, empty_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # today's behaviour: no store= means the default store, here an empty folder
    sc = loads(STORE_TOML.format(data="store", alliance="atop3180"), name="store-case")
    with pytest.raises(ScenarioError) as err:
        run(sc, n=20, seed=1)
    assert err.value.key == "year" and "import" in str(err.value)
    # pointing the default store at the file gives the same result as store=
    monkeypatch.setenv("ALLIANCELAB_HOME", str(official_store.path.parent))
    by_home = run(sc, n=20, seed=1)
    assert by_home.table.equals(run(sc, n=20, seed=1, store=official_store.path).table)


def test_store_is_not_read_for_the_reference_data(tmp_path: Path, empty_home: Path) -> None:
    sc = loads(STORE_TOML.format(data="reference", alliance="nato"), name="ref-case")
    missing = tmp_path / "missing.duckdb"
    a = run(sc, n=20, seed=1)
    b = run(sc, n=20, seed=1, store=missing)
    assert a.table.equals(b.table) and not missing.exists()
