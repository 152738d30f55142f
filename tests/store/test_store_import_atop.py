"""ATOP 5.1 import and the derived directed dyad-years (``ddy``)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from alliancelab.errors import DataFormatError
from alliancelab.store import Store, import_source
from alliancelab.store._atop import derive_atop_ddy

ASYMMETRIC_DIFFERING = [1100, 1110, 1120, 1160, 1205, 1227, 1350, 1355, 2130, 3322]
OBL = ["atop_defense", "atop_offense", "atop_neutral", "atop_nonagg", "atop_consul"]


@pytest.fixture(scope="module")
def atop(shared_data: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Store, object]:
    store = Store(tmp_path_factory.mktemp("atop") / "al.duckdb")
    files = [shared_data / "atop/atop5_1m.csv", shared_data / "atop/atop5_1a.csv"]
    return store, import_source("atop", files, store=store)


def test_atop_tables(atop: tuple[Store, object]) -> None:
    store, rec = atop
    assert store.versions("atop") == ["5.1"]
    assert len(store.read("atop", "members")) == 2510
    assert len(store.read("atop", "alliances")) == 789
    assert "8152" in rec.notes  # the non-COW member, kept in members and left out of ddy
    ddy = store.read("atop", "ddy")
    assert list(ddy.columns) == ["ccode1", "ccode2", "year", *OBL]
    assert 8152 not in set(ddy["ccode1"]) | set(ddy["ccode2"])
    assert (ddy["year"].min(), ddy["year"].max()) == (1815, 2018)


def test_ddy_against_peacesciencer_atop_alliance(
    atop: tuple[Store, object], shared_data: Path
) -> None:
    """Measured agreement with peacesciencer's atop_alliance (official atop5_1ddyr subset).

    Keys: exactly its 273,296 dyad-years (date-level overlap drops the 14 year-level-only
    pairs: GDR/FRG/Germany and the Yemens 1990, Yugoslavia with Croatia, Ukraine and
    Kazakhstan 1992). Obligations: identical on 99.873% (346 dyad-years differ; defence
    alone 99.922%), all in alliances coded asymmetric, where the official file directs
    each obligation at specific partners and the member file cannot say which; ours then
    has the obligation and the official file does not, never the reverse.
    """
    store, _ = atop
    ours = store.read("atop", "ddy")
    ref = pd.read_csv(shared_data / "atop/atop_alliance.csv.gz")
    keys = ["ccode1", "ccode2", "year"]
    m = ours.merge(ref, on=keys, how="outer", suffixes=("", "_ps"), indicator=True)
    counts = m["_merge"].value_counts()
    assert counts["right_only"] == 0
    assert counts["left_only"] == 0
    assert counts["both"] == len(ref) == len(ours) == 273296
    theirs = m[[f"{c}_ps" for c in OBL]].to_numpy()
    differ = (m[OBL].to_numpy() != theirs).any(axis=1)
    assert int(differ.sum()) == 346  # 0.998734 agreement: measured, not exact
    assert int((m["atop_defense"] != m["atop_defense_ps"]).sum()) == 213
    assert (m[OBL].to_numpy() >= theirs).all()  # only extra obligations, none missing
    # each extra obligation comes from an alliance coded asymmetric (asymm 1) in which
    # ccode1 holds that obligation and both states are members that year
    mem, alli = store.read("atop", "members"), store.read("atop", "alliances")
    asym = mem[mem["atopid"].isin(alli.loc[alli["asymm"] == 1, "atopid"])]
    asym = asym.assign(yrexit=asym["yrexit"].where(asym["yrexit"] != 0, 2018))
    two = asym[["atopid", "member", "yrent", "yrexit"]]
    pair = asym.merge(two, on="atopid", suffixes=("", "_2"))
    pair = pair[pair["member"] != pair["member_2"]].rename(
        columns={"member": "ccode1", "member_2": "ccode2"}
    )
    diff = m.loc[differ, [*keys, *OBL]].assign(
        **{f"x_{c}": (m.loc[differ, c] > m.loc[differ, f"{c}_ps"]) for c in OBL}
    )
    hit = diff.merge(pair, on=["ccode1", "ccode2"])
    in_force = (hit["year"] >= hit[["yrent", "yrent_2"]].max(axis=1)) & (
        hit["year"] <= hit[["yrexit", "yrexit_2"]].min(axis=1)
    )
    holds = np.zeros(len(hit), dtype=bool)
    for c in OBL:
        holds |= hit[f"x_{c}"].to_numpy() & (hit[c.removeprefix("atop_")] == 1).to_numpy()
    hit = hit[in_force & holds]
    assert len(hit.drop_duplicates(keys)) == len(diff)
    assert sorted(hit["atopid"].unique()) == ASYMMETRIC_DIFFERING


def test_ddy_transition_years_follow_the_last_phase(atop: tuple[Store, object]) -> None:
    """Real cases fixed by the date rules (values as in the official atop5_1ddyr)."""
    ddy = atop[0].read("atop", "ddy").set_index(["ccode1", "ccode2", "year"])
    # atopid 1362 phase 2 (24 Nov 1888) drops neutrality: 1888 carries phase 2
    assert ddy.loc[(90, 91, 1887), "atop_neutral"] == 1
    assert ddy.loc[(90, 91, 1888), "atop_neutral"] == 0
    # Anglo-Japanese alliance 1415, phase 2 from 12 Aug 1905: Japan's offense/neutrality end
    assert ddy.loc[(740, 200, 1904), ["atop_offense", "atop_neutral"]].tolist() == [1, 1]
    assert ddy.loc[(740, 200, 1905), ["atop_offense", "atop_neutral"]].tolist() == [0, 0]
    # 4985: Seychelles (591) left 1 Jul 2003, before phase 2's defence (26 Aug 2003)
    assert ddy.loc[(490, 591, 2003), ["atop_defense", "atop_consul"]].tolist() == [0, 0]
    assert ddy.loc[(490, 510, 2003), ["atop_defense", "atop_consul"]].tolist() == [1, 1]
    # GDR (265) left on the day united Germany (255) joined: never allied
    assert (255, 265, 1990) not in ddy.index and (265, 255, 1990) not in ddy.index


def test_asymmetric_obligations_follow_the_first_state() -> None:
    """Hand-built alliance: 2 promises defense to 20, 20 only consults; 20 stays (yrexit 0)."""
    m = pd.DataFrame(
        {
            "atopid": [1, 1, 2, 2],
            "member": [2, 20, 2, 20],
            "yrent": [1900, 1901, 1902, 1902],
            "yrexit": [1902, 0, 1902, 1902],
            "defense": [1, 0, 0, 0],
            "offense": [0, 0, 0, 1],
            "neutral": [0, 0, 0, 0],
            "nonagg": [0, 0, 0, 0],
            "consul": [0, 1, 0, 0],
        }
    )
    ddy = derive_atop_ddy(m, last_year=1903).set_index(["ccode1", "ccode2", "year"])
    # years both members are in force: 1901-1902 (2 leaves alliance 1 after 1902)
    assert sorted(ddy.index) == [(2, 20, 1901), (2, 20, 1902), (20, 2, 1901), (20, 2, 1902)]
    assert ddy.loc[(2, 20, 1901), "atop_defense"] == 1
    assert ddy.loc[(20, 2, 1901), "atop_defense"] == 0
    assert ddy.loc[(20, 2, 1901), "atop_consul"] == 1
    # 1902: alliance 2 adds 20's offense promise; flags are the max over alliances
    assert ddy.loc[(20, 2, 1902), "atop_offense"] == 1
    assert ddy.loc[(2, 20, 1902), "atop_offense"] == 0


def _members(rows: list[tuple[int, ...]]) -> pd.DataFrame:
    cols = ["atopid", "member", "yrent", "moent", "dayent", "yrexit", "moexit", "dayexit"]
    cols += ["defense", "offense", "neutral", "nonagg", "consul"]
    return pd.DataFrame(rows, columns=cols)


def test_date_level_overlap_and_last_phase() -> None:
    """Hand-built: phases change in-year, a partner leaves mid-year, a Jan 1 exit."""
    m = _members(
        [
            # alliance 1: 2 and 20 from 1900; phase 2 (1 Oct 1902) adds 2's defence pledge
            (1, 2, 1900, 3, 1, 1902, 10, 1, 0, 0, 0, 0, 1),
            (1, 20, 1900, 3, 1, 1902, 10, 1, 0, 0, 0, 0, 1),
            (1, 2, 1902, 10, 1, 0, 0, 0, 1, 0, 0, 0, 1),
            (1, 20, 1902, 10, 1, 1903, 1, 1, 0, 0, 0, 0, 1),
            # 30 joins phase 1 and leaves 1 Jun 1902, before 2's defence pledge
            (1, 30, 1901, 5, 0, 1902, 6, 1, 0, 0, 0, 1, 0),
            # 40 joins the day 30 leaves: 30 and 40 never overlap
            (1, 40, 1902, 6, 1, 0, 0, 0, 0, 0, 0, 1, 0),
        ]
    )
    ddy = derive_atop_ddy(m, last_year=1904).set_index(["ccode1", "ccode2", "year"])
    keys = set(ddy.index)
    # 20 leaves 1 Jan 1903: 1903 still counts (year of the earlier exit, included)
    assert {(2, 20, y) for y in (1900, 1901, 1902, 1903)} <= keys
    assert (2, 20, 1904) not in keys
    assert not {k for k in keys if {k[0], k[1]} == {30, 40}}
    # 1902: 2's last phase of the year (defence) towards 20 and 40 ...
    assert ddy.loc[(2, 20, 1901), "atop_defense"] == 0
    assert ddy.loc[(2, 20, 1902), "atop_defense"] == 1
    assert ddy.loc[(2, 40, 1902), "atop_defense"] == 1
    # ... but towards 30, which left before phase 2, the phase they shared
    assert ddy.loc[(2, 30, 1902), "atop_defense"] == 0
    assert ddy.loc[(2, 30, 1902), "atop_consul"] == 1
    # without month/day columns the spells are whole years (year-level overlap)
    whole = derive_atop_ddy(m.drop(columns=["moent", "dayent", "moexit", "dayexit"]), 1904)
    got = set(whole[["ccode1", "ccode2", "year"]].itertuples(index=False, name=None))
    assert {(30, 40, 1902), (2, 30, 1902)} <= got


def test_exit_before_entry_in_the_same_year_is_an_error(tmp_path: Path) -> None:
    hdr = "atopid,member,cowsys,yrent,moent,dayent,yrexit,moexit,dayexit,phase,"
    hdr += "defense,offense,neutral,nonagg,consul,version"
    rows = ["1,2,1,1900,6,1,1900,3,1,0,1,0,0,0,1,5.1", "1,20,1,1900,1,1,0,0,0,0,0,0,0,0,1,5.1"]
    (tmp_path / "m.csv").write_text("\n".join([hdr, *rows]))
    with pytest.raises(DataFormatError, match=r"exit date before the entry date") as e:
        import_source("atop", [tmp_path / "m.csv"], store=Store(tmp_path / "s.duckdb"))
    assert e.value.row == 2 and e.value.field == "moexit"
