"""Cross-checks of the shipped rivalries against Thompson & Dreyer and its 2022 update.

Compares ``src/alliancelab/reference/rivalries.csv`` with the official files through the
``shared_data`` fixture: the Thompson & Dreyer (2012) strategic rivalries
(``rivalries/td_rivalries.csv.gz``, to 2010) and the Thompson, Sakuwa & Suhas (2022) update
(``rivalries/tss_rivalries.csv.gz``, 264 dyads to 2020), both COW-coded by peacesciencer.
Every deliberate difference is listed below with its reason; any other disagreement fails.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

REF = Path(__file__).resolve().parents[2] / "src/alliancelab/reference"
#: Ids of rows taken from the TSS update are its ``tssr_id`` plus this offset.
TSS_ID_OFFSET = 1000
TSS_TYPES = ("positional", "spatial", "ideological", "interventionary")
#: Years after T&D's 2010 end that TSS covers: the two must agree on them.
WINDOW = range(2011, 2021)
#: Years a blank ``end_year`` stands for (the reference set ends in 2024).
REF_LAST = 2024

# rivalry_id -> (T&D ccode, our ccode, reason)
RIVALRY_CCODE_CHANGES: dict[int, tuple[int, int, str]] = {
    93: (679, 678, "Saudi Arabia-Yemen 1 (1932-34): Yemen was the Yemen Arab Republic (678)"),
    153: (679, 678, "South Yemen-Yemen (1967-90): North Yemen is 678; 679 begins 1990-05-22"),
}
# TSS rows whose COW pair is miscoded there: tssr_id -> the pair they stand for.
TSS_PAIR_ALIASES: dict[int, tuple[int, int]] = {
    165: (411, 481),  # "Eguatorial Guinea-Gabon" coded 438 (Guinea); Equatorial Guinea is 411
}
# T&D rivalries whose end is TSS's (the T&D end is its 2010 coverage end, or 2009 where TSS
# runs the same pair on): rivalry_id -> TSS tssr_id. Blank end when TSS runs to 2020.
TSS_END_CHANGES: dict[int, int] = {
    **{43: 40, 45: 42, 103: 102, 105: 106, 106: 107, 107: 109, 109: 110, 110: 111, 112: 113},
    **{113: 114, 115: 118, 122: 124, 128: 130, 136: 137, 138: 143, 146: 154, 147: 153},
    **{148: 152, 152: 157, 156: 165, 168: 177, 169: 178, 170: 179, 180: 199, 182: 200},
    **{184: 204, 185: 205, 186: 206, 189: 213, 190: 211, 197: 246},
    # TSS ends these between 2011 and 2018
    **{101: 104, 154: 160, 183: 201, 187: 207, 191: 212, 194: 233},
    # T&D ends these in 2009; TSS has the same pair running to 2020
    **{192: 214, 193: 217, 195: 238},
}
# Rivalries active in 2011-2020 in the reference set that TSS does not have in those years,
# kept on purpose: rivalry_id -> reason. None.
TD_ONLY_KEPT: dict[int, str] = {}


def _pair(a: object, b: object) -> tuple[int, int]:
    x, y = int(a), int(b)  # type: ignore[call-overload]
    return (x, y) if x < y else (y, x)


@pytest.fixture(scope="module")
def rivals() -> pd.DataFrame:
    return pd.read_csv(REF / "rivalries.csv", dtype=str, keep_default_na=False)


@pytest.fixture(scope="module")
def cow() -> set[int]:
    states = pd.read_csv(REF / "states.csv", dtype=str, keep_default_na=False)
    return set(states["ccode"].astype(int))


@pytest.fixture(scope="module")
def td(shared_data: Path) -> pd.DataFrame:
    return pd.read_csv(shared_data / "rivalries" / "td_rivalries.csv.gz")


@pytest.fixture(scope="module")
def tss(shared_data: Path) -> pd.DataFrame:
    t = pd.read_csv(shared_data / "rivalries" / "tss_rivalries.csv.gz")
    t["pair"] = [
        _pair(*TSS_PAIR_ALIASES.get(int(i), (a, b)))
        for i, a, b in zip(t.tssr_id, t.ccode1, t.ccode2, strict=True)
    ]
    return t.set_index("tssr_id", drop=False)


def _end(value: str) -> int:
    return REF_LAST if value == "" else int(value)


def _active(spans: list[tuple[tuple[int, int], int, int]]) -> dict[tuple[int, int], set[int]]:
    out: dict[tuple[int, int], set[int]] = {}
    for pair, start, end in spans:
        yrs = {y for y in WINDOW if start <= y <= end}
        if yrs:
            out.setdefault(pair, set()).update(yrs)
    return out


def test_rivalries_match_td(rivals: pd.DataFrame, cow: set[int], td: pd.DataFrame, tss) -> None:
    """Rows below the TSS offset are T&D's (codes, start, name, type, source), with T&D's end
    except the listed ones, which take the end of the named TSS row on the same pair."""
    tss_last = int(tss["end"].max())
    ours = rivals.set_index(rivals["rivalry_id"].astype(int))
    ours = ours[ours.index < TSS_ID_OFFSET]
    expected_ids = set()
    for r in td.itertuples(index=False):
        rid, codes = int(r.rivalryno), {int(r.ccode1), int(r.ccode2)}
        if rid in RIVALRY_CCODE_CHANGES:
            old, new, _ = RIVALRY_CCODE_CHANGES[rid]
            codes = {new if c == old else c for c in codes}
        if int(r.endyear) >= 1816 and codes <= cow:
            expected_ids.add(rid)
    assert set(ours.index) == expected_ids
    for r in td[td["rivalryno"].isin(expected_ids)].itertuples(index=False):
        rid = int(r.rivalryno)
        o = ours.loc[rid]
        pair = _pair(r.ccode1, r.ccode2)
        if rid in RIVALRY_CCODE_CHANGES:
            old, new, _ = RIVALRY_CCODE_CHANGES[rid]
            assert old in pair
            pair = _pair(*(new if c == old else c for c in pair))
            assert f"{old} corrected to {new}" in o["source"]
        assert _pair(o["ccode1"], o["ccode2"]) == pair, rid
        assert (int(o["ccode1"]), int(o["ccode2"])) == pair, rid  # stored sorted
        assert int(o["start_year"]) == int(r.styear), rid
        assert o["name"] == r.rivalryname, rid
        types = [t for t in (r.type1, r.type2, r.type3) if isinstance(t, str)]
        assert o["type"] == "+".join(types), rid
        assert o["source"].startswith(f"Thompson & Dreyer 2012, rivalry {rid}"), rid
        if rid not in TSS_END_CHANGES:
            assert o["end_year"] == str(int(r.endyear)), rid
            continue
        t = tss.loc[TSS_END_CHANGES[rid]]
        assert t.pair == pair, rid
        assert int(t.start) <= int(r.endyear) and int(t.end) > int(r.endyear), rid
        assert int(r.endyear) >= 2009, rid  # only T&D's last years are replaced
        assert o["end_year"] == ("" if int(t.end) == tss_last else str(int(t.end))), rid
        assert f"Thompson, Sakuwa & Suhas 2022 update (row {int(t.tssr_id)}" in o["source"], rid


def test_rows_from_tss_are_tss(rivals: pd.DataFrame, cow: set[int], tss: pd.DataFrame) -> None:
    """Rows at or above the offset are the TSS row of that id: codes, years (blank end when
    ongoing at TSS's 2020 end), name, type from its flags, source naming it."""
    tss_last = int(tss["end"].max())
    ours = rivals[rivals["rivalry_id"].astype(int) >= TSS_ID_OFFSET]
    assert len(ours) > 0
    for r in ours.itertuples(index=False):
        tid = int(r.rivalry_id) - TSS_ID_OFFSET
        t = tss.loc[tid]
        assert (int(r.ccode1), int(r.ccode2)) == t.pair, tid
        assert set(t.pair) <= cow, tid
        assert int(r.start_year) == int(t.start), tid
        assert r.end_year == ("" if int(t.end) == tss_last else str(int(t.end))), tid
        assert r.name == t.rivalry, tid
        assert r.type == "+".join(k for k in TSS_TYPES if t[k] == 1), tid
        assert r.source.startswith(f"Thompson, Sakuwa & Suhas 2022, rivalry {tid}"), tid
        if r.end_year == "":
            assert "taken as ongoing through 2024" in r.source, tid


def test_rivalries_agree_with_tss_2011_2020(
    rivals: pd.DataFrame, cow: set[int], tss: pd.DataFrame
) -> None:
    """Every TSS (2022) rivalry active in 2011-2020 between reference states is active in the
    reference set in exactly those years, and vice versa (except ``TD_ONLY_KEPT``)."""
    theirs = _active(
        [
            (p, int(s), int(e))
            for p, s, e in zip(tss.pair, tss.start, tss.end, strict=True)
            if set(p) <= cow
        ]
    )
    kept = rivals[rivals["rivalry_id"].astype(int).isin(TD_ONLY_KEPT)]
    checked = rivals.drop(kept.index)
    spans = [
        (_pair(a, b), int(s), _end(e))
        for a, b, s, e in zip(
            checked.ccode1, checked.ccode2, checked.start_year, checked.end_year, strict=True
        )
    ]
    ours = _active(spans)
    for pair in sorted(set(ours) | set(theirs)):
        assert ours.get(pair, set()) == theirs.get(pair, set()), pair
    for r in kept.itertuples(index=False):
        assert {y for y in WINDOW if int(r.start_year) <= y <= _end(r.end_year)}, r.rivalry_id


def test_open_rows_are_open_in_tss(rivals: pd.DataFrame, tss: pd.DataFrame) -> None:
    """A blank end (ongoing through 2024) only where TSS runs the pair to its 2020 end."""
    tss_last = int(tss["end"].max())
    running = set(tss.loc[tss["end"] == tss_last, "pair"])
    for r in rivals[rivals["end_year"] == ""].itertuples(index=False):
        assert (int(r.ccode1), int(r.ccode2)) in running, r.rivalry_id


def test_2024_rivalries_include_the_update(rivals: pd.DataFrame) -> None:
    """Rivalries in force in 2024 include Russia-Ukraine (2014-), Iran-United States (1982-)
    and Iran-Turkey (2011-), all ongoing at TSS's 2020 end."""
    live = {
        (int(a), int(b))
        for a, b, s, e in zip(
            rivals.ccode1, rivals.ccode2, rivals.start_year, rivals.end_year, strict=True
        )
        if int(s) <= REF_LAST <= _end(e)
    }
    assert {(365, 369), (2, 630), (630, 640), (2, 365)} <= live
