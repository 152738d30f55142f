"""Dyadic MID data derived from the official MID 5.0 files (``alliancelab.store._mid``).

Against peacesciencer 1.2.9's exports (measured): ``dirdisps`` equals
``cow_mid_dirdisps`` (11,390 rows) and ``ddydisps`` equals ``cow_mid_ddydisps``
(10,234 rows) exactly - every key, every value, the row order - so the tests assert
equality, not bounds. The only alternative rule offered, ``onsets="spells"``, differs on
the 2 directed rows of MID 4678 Russia-Finland 2014 (a re-entry Miller's hand list
misses). Small synthetic cases pin each rule down.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from alliancelab.errors import DataFormatError
from alliancelab.store import Store, import_source
from alliancelab.store._mid import (
    DDYDISPS_COLUMNS,
    DIRDISPS_COLUMNS,
    PEACESCIENCER_ONSET_FIXES,
    MidRecordError,
    derive_mid_dirdisps,
    whittle_counts,
    whittle_mid_ddy,
)

KEYS = ["dispnum", "ccode1", "ccode2", "year"]
MIDA, MIDB = "cow_mid/MIDA 5.0.csv", "cow_mid/MIDB 5.0.csv"


@pytest.fixture(scope="module")
def imported(tmp_path_factory: pytest.TempPathFactory, shared_data: Path) -> tuple[Store, str]:
    store = Store(tmp_path_factory.mktemp("mid") / "store.duckdb")
    rec = import_source("cow-mid", [shared_data / MIDA, shared_data / MIDB], store=store)
    return store, rec.notes


@pytest.fixture(scope="module")
def reference(shared_data: Path) -> tuple[pd.DataFrame, pd.DataFrame]:
    ps = shared_data / "peacesciencer"
    return (
        pd.read_csv(ps / "cow_mid_dirdisps.csv.gz"),
        pd.read_csv(ps / "cow_mid_ddydisps.csv.gz"),
    )


# -- against peacesciencer ---------------------------------------------------------------


def test_import_stores_the_official_and_derived_tables(imported: tuple[Store, str]) -> None:
    store, notes = imported
    assert len(store.read("cow_mid", "mida")) == 2436
    assert len(store.read("cow_mid", "midb")) == 5883
    assert store.read("cow_mid", "midb")["fatality"].isna().sum() == 599  # official kept NA
    assert list(store.read("cow_mid", "dirdisps").columns) == list(DIRDISPS_COLUMNS)
    assert list(store.read("cow_mid", "ddydisps").columns) == list(DDYDISPS_COLUMNS)
    assert "dirdisps: 11390 directed dispute-years" in notes
    assert (
        "ddydisps: 10234 directed dyad-years, rows dropped per peacesciencer rule: "
        "disponset 516, fatality 338, hostlev 102, mindur 186, maxdur 2, recip 6, stmon 6;"
    ) in notes
    assert "tie-break" not in notes  # peacesciencer's rules alone leave one row per dyad-year


def test_dirdisps_equal_peacesciencer(
    imported: tuple[Store, str], reference: tuple[pd.DataFrame, pd.DataFrame]
) -> None:
    ours, ref = imported[0].read("cow_mid", "dirdisps"), reference[0]
    assert len(ours) == len(ref) == 11390
    k_ours = set(map(tuple, ours[KEYS].to_numpy()))
    k_ref = set(map(tuple, ref[KEYS].to_numpy()))
    assert k_ours - k_ref == set() and k_ref - k_ours == set()
    both = ours.merge(ref, on=KEYS, suffixes=("", "_ps"))
    for c in DIRDISPS_COLUMNS[4:]:
        assert (both[c] == both[f"{c}_ps"]).all(), c
    assert (ours["fatality1"] == -9).sum() == 1510  # COW's -9 kept, as peacesciencer
    pd.testing.assert_frame_equal(ours, ref.astype("int64"))  # also the row order


def test_ddydisps_equal_peacesciencer(
    imported: tuple[Store, str], reference: tuple[pd.DataFrame, pd.DataFrame]
) -> None:
    ours, ref = imported[0].read("cow_mid", "ddydisps"), reference[1]
    assert len(ours) == len(ref) == 10234
    assert not ours.duplicated(["ccode1", "ccode2", "year"]).any()
    both = ours.merge(ref, on=["ccode1", "ccode2", "year"], how="outer", indicator=True)
    assert (both["_merge"] == "both").all()
    for c in DDYDISPS_COLUMNS:
        if c not in ("ccode1", "ccode2", "year"):
            assert (both[f"{c}_x"] == both[f"{c}_y"]).all(), c
    assert (ours["fatality"] == -9).sum() == 1346
    pd.testing.assert_frame_equal(ours, ref.astype("int64"))


def test_raw_csv_and_store_forms_give_the_same_tables(
    imported: tuple[Store, str], shared_data: Path
) -> None:
    """The pure functions accept the files as published (-9) or as stored (NA)."""
    store = imported[0]
    mida, midb = pd.read_csv(shared_data / MIDA), pd.read_csv(shared_data / MIDB)
    raw = derive_mid_dirdisps(midb)
    pd.testing.assert_frame_equal(raw, store.read("cow_mid", "dirdisps"))
    pd.testing.assert_frame_equal(whittle_mid_ddy(raw, mida), store.read("cow_mid", "ddydisps"))
    # the order of the participant records does not matter
    shuffled = midb.sample(frac=1.0, random_state=3).reset_index(drop=True)
    pd.testing.assert_frame_equal(derive_mid_dirdisps(shuffled), raw)


def test_spell_onsets_find_the_reentry_miller_missed(
    shared_data: Path, reference: tuple[pd.DataFrame, pd.DataFrame]
) -> None:
    midb = pd.read_csv(shared_data / MIDB)
    spells = derive_mid_dirdisps(midb, onsets="spells")
    ref = reference[0]
    differ = spells[spells["disponset"] != ref["disponset"]]
    assert differ[KEYS].values.tolist() == [[4678, 365, 375, 2014], [4678, 375, 365, 2014]]
    assert (differ["disponset"] == 1).all()
    assert (spells.drop(columns="disponset") == ref.drop(columns="disponset")).all().all()
    # Miller's hand list touches 34 rows; the generic rule alone (first year, or a gap of
    # more than a year) would leave 28 of them as ongoing
    plain = derive_mid_dirdisps(midb)
    fixed = np.zeros(len(plain), dtype=bool)
    for dispnum, ccode, years in PEACESCIENCER_ONSET_FIXES:
        fixed |= (
            (plain["dispnum"] == dispnum)
            & ((plain["ccode1"] == ccode) | (plain["ccode2"] == ccode))
            & plain["year"].isin(years)
        ).to_numpy()
    assert fixed.sum() == 34 and (plain.loc[fixed, "disponset"] == 1).all()
    gap = plain.groupby(["dispnum", "ccode1", "ccode2"])["year"].diff()
    generic = (gap.isna() | (gap > 1)).to_numpy()
    assert (~generic[fixed]).sum() == 28
    assert (plain["disponset"].to_numpy() == (generic | fixed)).all()
    with pytest.raises(ValueError, match="onsets must be"):
        derive_mid_dirdisps(midb, onsets="first")


# -- the rules, on small synthetic cases -------------------------------------------------


def _midb(*records: tuple) -> pd.DataFrame:
    """Participant records: (dispnum, ccode, start y-m-d, end y-m-d, sidea[, hiact])."""
    rows = []
    for r in records:
        dispnum, ccode, st, en, sidea = r[:5]
        (sy, sm, sd), (ey, em, ed) = st, en
        rows.append(
            {
                "dispnum": dispnum, "ccode": ccode, "styear": sy, "stmon": sm, "stday": sd,
                "endyear": ey, "endmon": em, "endday": ed, "sidea": sidea, "fatality": 0,
                "fatalpre": 0, "hiact": r[5] if len(r) > 5 else 7, "hostlev": 3, "orig": 1,
            }
        )  # fmt: skip
    return pd.DataFrame(rows)


def test_pairs_need_opposite_sides_and_a_shared_day() -> None:
    midb = _midb(
        (1, 2, (1900, 1, 1), (1900, 3, 31), 1),
        (1, 20, (1900, 4, 1), (1900, 6, 30), 0),  # starts the day after 2 ends: no pair
        (1, 30, (1900, 3, -9), (1901, 1, 5), 0),  # unknown day = 1 March: shares March
        (1, 40, (1900, 3, 1), (1900, 3, 3), 1),  # 40 and 2 are on the same side: no pair
    )
    d = derive_mid_dirdisps(midb)
    assert d[["ccode1", "ccode2", "year"]].values.tolist() == [
        [2, 30, 1900], [30, 2, 1900], [30, 40, 1900],
        [40, 30, 1900],
    ]  # fmt: skip
    # the last day of a month with an unknown end day is shared
    midb = _midb((1, 2, (1900, 1, 1), (1900, 2, -9), 1), (1, 20, (1900, 2, 28), (1901, 1, 1), 0))
    assert len(derive_mid_dirdisps(midb)) == 2
    midb = _midb((1, 2, (1900, 1, 1), (1900, 2, 27), 1), (1, 20, (1900, 2, 28), (1901, 1, 1), 0))
    assert derive_mid_dirdisps(midb).empty


def test_onset_rules_and_reentries() -> None:
    midb = _midb(
        (1, 2, (1900, 1, 1), (1905, 1, 1), 1),
        (1, 20, (1900, 5, 1), (1900, 6, 1), 0),
        (1, 20, (1901, 5, 1), (1901, 6, 1), 0),  # back the next year
        (1, 20, (1903, 5, 1), (1903, 6, 1), 0),  # back after a year's gap
    )
    d = derive_mid_dirdisps(midb)
    fwd = d[d["ccode1"] == 2]
    assert fwd[["year", "dispongoing", "disponset"]].values.tolist() == [
        [1900, 1, 1], [1901, 1, 0], [1903, 1, 1],
    ]  # fmt: skip
    assert d[d["ccode1"] == 20]["disponset"].tolist() == [1, 0, 1]  # both directions
    spells = derive_mid_dirdisps(midb, onsets="spells")
    assert spells[spells["ccode1"] == 2]["disponset"].tolist() == [1, 1, 1]
    # Miller's hand-coded re-entries: dispute 4691, state 2, 2013 and 2014 only
    moved = midb.assign(dispnum=4691, styear=midb["styear"] + 113, endyear=midb["endyear"] + 113)
    moved["ccode"] = moved["ccode"].replace({20: 365})  # stints 2013, 2014, 2016
    assert derive_mid_dirdisps(moved)["disponset"].tolist() == [1, 1, 1, 1, 1, 1]
    other = moved.assign(ccode=moved["ccode"] + 1)  # states 3 and 366: no fix applies
    assert derive_mid_dirdisps(other)["disponset"].tolist() == [1, 0, 1, 1, 0, 1]


def test_values_of_the_first_shared_day() -> None:
    """Two stints of state 20 on one side in 1900, coded differently: the values of the
    stint running on the first day state 2 and 20 share that year are kept."""
    midb = _midb(
        (1, 2, (1900, 1, 1), (1900, 12, 31), 1, 16),
        (1, 20, (1900, 8, 1), (1900, 9, 1), 0, 7),
        (1, 20, (1900, 2, 1), (1900, 3, 1), 0, 17),
    )
    d = derive_mid_dirdisps(midb)
    assert d[["ccode1", "hiact1", "hiact2"]].values.tolist() == [[2, 16, 17], [20, 17, 16]]
    assert len(d) == 2 and d["disponset"].tolist() == [1, 1]


def _dirdisps(rows: list[tuple[int, int, int]]) -> pd.DataFrame:
    """Dispute-years of dyad (2, 20): (dispnum, year, disponset)."""
    d = pd.DataFrame(rows, columns=["dispnum", "year", "disponset"])
    d = d.assign(ccode1=2, ccode2=20, dispongoing=1)
    return d.assign(**{c: 0 for c in DIRDISPS_COLUMNS[6:]})[list(DIRDISPS_COLUMNS)]


def _mida(n: int, **cols: list[int]) -> pd.DataFrame:
    """MIDA rows for disputes 1..n, equal in every whittling column unless given."""
    base = {"fatality": 0, "hostlev": 3, "mindur": 10, "maxdur": 10, "recip": 0, "stmon": 6}
    return pd.DataFrame(
        {"dispnum": range(1, n + 1), **{k: [v] * n for k, v in base.items()}}
    ).assign(**cols)


@pytest.mark.parametrize(
    ("column", "values", "winner", "rule"),
    [
        ("fatality", [1, 3], 2, "fatality"),
        ("fatality", [0, -9], 2, "fatality"),  # unknown (-9) counts as 0.5: beats none
        ("fatality", [-9, 1], 2, "fatality"),  # ... but loses to 1-25 deaths
        ("hostlev", [5, 4], 1, "hostlev"),
        ("mindur", [3, 30], 2, "mindur"),
        ("maxdur", [40, 30], 1, "maxdur"),
        ("recip", [0, 1], 2, "recip"),
        ("stmon", [9, 2], 2, "stmon"),  # the lower start month
        ("stmon", [4, 4], 1, "dispnum"),  # everything equal: our tie-break, lowest dispnum
    ],
)
def test_each_whittling_rule_decides_when_the_earlier_ones_tie(
    column: str, values: list[int], winner: int, rule: str
) -> None:
    d = _dirdisps([(1, 1900, 1), (2, 1900, 1)])
    ddy, dropped = whittle_counts(d, _mida(2, **{column: values}))
    assert ddy["dispnum"].tolist() == [winner]
    assert [k for k, v in dropped.items() if v] == [rule]


def test_onset_beats_a_more_severe_ongoing_dispute() -> None:
    d = _dirdisps([(1, 1899, 1), (1, 1900, 0), (2, 1900, 1), (3, 1901, 1), (4, 1901, 1)])
    ddy = whittle_mid_ddy(d, _mida(4, fatality=[6, 0, 1, 2]))
    assert ddy[["dispnum", "year", "cowmidonset", "fatality"]].values.tolist() == [
        [1, 1899, 1, 6], [2, 1900, 1, 0], [4, 1901, 1, 2],
    ]  # fmt: skip
    # a dispute missing from MIDA gets -9 in the MIDA columns (an unknown fatality ranks
    # 0.5) and loses to a dispute with 1-25 deaths
    ddy = whittle_mid_ddy(_dirdisps([(1, 1900, 1), (9, 1900, 1)]), _mida(1, fatality=[1]))
    assert ddy["dispnum"].tolist() == [1]
    alone = whittle_mid_ddy(_dirdisps([(9, 1900, 1)]), _mida(1))
    assert alone[["fatality", "hostlev", "stmon"]].values.tolist() == [[-9, -9, -9]]


def test_bad_dates_are_reported_with_the_record() -> None:
    good = _midb((1, 2, (1900, 1, 1), (1900, 3, 31), 1), (1, 20, (1900, 1, 1), (1900, 3, 9), 0))
    no_day = good.copy()
    no_day.loc[0, ["endmon", "endday"]] = [2, 31]  # 1900 is not a leap year
    no_month = good.copy()
    no_month.loc[1, "stmon"] = 13
    no_year = good.copy().astype({"endyear": "Int64"})
    no_year.loc[1, "endyear"] = pd.NA
    backwards = good.copy()
    backwards.loc[1, ["stmon", "stday", "endmon", "endday"]] = [3, 5, 3, 1]
    cases = [
        (no_day, 0, "endday", r"day 31 does not exist in 2/1900"),
        (no_month, 1, "stmon", r"stmon 13 is not a month"),
        (no_year, 1, "endyear", r"endyear is missing"),
        (backwards, 1, "endday", r"ends \(1900-03-01\) before it starts \(1900-03-05\)"),
    ]
    for bad, pos, field, match in cases:
        with pytest.raises(MidRecordError, match=match) as exc:
            derive_mid_dirdisps(bad)
        assert (exc.value.position, exc.value.field) == (pos, field)
    with pytest.raises(ValueError, match="MIDB is missing column"):
        derive_mid_dirdisps(good.drop(columns="orig"))
    with pytest.raises(ValueError, match="MIDA is missing column"):
        whittle_mid_ddy(derive_mid_dirdisps(good), _mida(1).drop(columns="recip"))


# -- through the importer ----------------------------------------------------------------


def _edit_midb(shared_data: Path, dst: Path, row: int, col: str, value: str) -> Path:
    lines = (shared_data / MIDB).read_text().splitlines()
    header = lines[0].split(",")
    parts = lines[row - 1].split(",")
    parts[header.index(col)] = value
    lines[row - 1] = ",".join(parts)
    dst.write_text("\n".join(lines))
    return dst


@pytest.mark.parametrize(
    ("col", "value", "match"),
    [("stday", "31", "day 31 does not exist in 6/"), ("stmon", "13", "stmon 13 is not a month")],
)
def test_failed_import_names_the_row_and_leaves_the_store_unchanged(
    tmp_path: Path, shared_data: Path, col: str, value: str, match: str
) -> None:
    store = Store(tmp_path / "store.duckdb")
    import_source("cow-mid", [shared_data / MIDA, shared_data / MIDB], store=store)
    before = store.snapshot_contents()
    assert {"cow_mid__dirdisps__5_0", "cow_mid__ddydisps__5_0"} <= set(before)
    raw = pd.read_csv(shared_data / MIDB)
    pos = int(np.flatnonzero(raw["stmon"].to_numpy() == 6)[0])
    bad = _edit_midb(shared_data, tmp_path / "MIDB 5.0.csv", pos + 2, col, value)
    with pytest.raises(DataFormatError, match=match) as exc:
        import_source("cow-mid", [shared_data / MIDA, bad], store=store)
    assert (exc.value.file, exc.value.row, exc.value.field) == ("MIDB 5.0.csv", pos + 2, col)
    assert store.snapshot_contents() == before


def test_one_file_alone_derives_nothing(tmp_path: Path, shared_data: Path) -> None:
    store = Store(tmp_path / "store.duckdb")
    rec = import_source("cow-mid", [shared_data / MIDB], store=store)
    assert rec.tables == ("cow_mid__midb__5_0",)
    assert "need both MIDA and MIDB: not derived" in rec.notes
