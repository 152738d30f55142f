"""The dense join tables of the panel verbs against plain dictionary lookups, and the two
ways add_atop_alliance takes the maximum over both directions of a pair-year."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from alliancelab.errors import ParameterError
from alliancelab.panels import _join, add_atop_alliance, create_dyad_years
from alliancelab.panels._join import _Cells, _DyadIndex, _state_year_index
from alliancelab.store import Store


@pytest.fixture(params=[7, 1 << 15], ids=["chunks of 7 rows", "one chunk"])
def chunk(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> int:
    """The lookups run over the panel in chunks (``_join._chunks``): with 7 rows a chunk,
    the queries below take ~150 chunks and a partial last one."""
    monkeypatch.setattr(_join, "_CHUNK", request.param)
    return int(request.param)


@pytest.mark.parametrize("dtype", [np.int32, np.int64])
@pytest.mark.parametrize("span", [None, (1800, 2030)])
def test_dyad_index_matches_a_dictionary(
    dtype: type, span: tuple[int, int] | None, chunk: int
) -> None:
    rng = np.random.default_rng(7)
    pairs = rng.choice(1000, size=(300, 2))
    years = rng.integers(1816, 2020, 300)
    keys = {(int(a), int(b), int(y)) for (a, b), y in zip(pairs, years, strict=True)}
    keys.add((0, 1, 1800))  # the first cell is taken: a lookup falling there by mistake shows
    src = np.array(sorted(keys), dtype=dtype)
    index = _DyadIndex(src[:, 0], src[:, 1], src[:, 2], "t", span)
    where = {k: i for i, k in enumerate(map(tuple, src.tolist()))}
    # the source's own keys, other years of its pairs (some outside every span), new pairs
    shift = np.array([[0, 0, 3], [0, 0, -400], [0, 0, 1500]])
    new = rng.choice(1000, size=(200, 3))
    q = np.concatenate([src, src + shift[0], src + shift[1], new + shift[2]]).astype(dtype)
    got = index.get(q[:, 0], q[:, 1], q[:, 2])
    want = [where.get(k, len(src)) for k in map(tuple, q.tolist())]
    np.testing.assert_array_equal(got, want)
    cells = _Cells(src[:, 0], src[:, 1], src[:, 2], span).cells(q[:, 0], q[:, 1], q[:, 2])
    assert cells.min() >= 0 and cells.max() < _Cells(src[:, 0], src[:, 1], src[:, 2], span).size


def _store(tmp: Path, atop: pd.DataFrame) -> Store:
    st = Store(tmp / "s.duckdb")
    sysm = pd.DataFrame(
        {
            "ccode": [2, 20, 200],
            "cw_abb": ["USA", "CAN", "UKG"],
            "cw_name": ["United States", "Canada", "United Kingdom"],
            "start": pd.to_datetime(["1816-01-01"] * 3),
            "end": pd.to_datetime(["2016-12-31"] * 3),
        }
    )
    st.write_import(
        "peacesciencer",
        "1.2.9",
        {"isard_cw_system": sysm, "atop_alliance": atop},
        files=["x"],
        sha256=["y"],
    )
    return st


@pytest.mark.parametrize("defense_us", [1, 2])  # 2: not a 0/1 flag, the general path
def test_non_directed_atop_takes_the_maximum_of_both_directions(
    tmp_path: Path, defense_us: int
) -> None:
    cols = ["atop_defense", "atop_offense", "atop_neutral", "atop_nonagg", "atop_consul"]
    rows = [  # (ccode1, ccode2, year, defense, offense, neutral, nonagg, consul)
        (2, 20, 2015, defense_us, 0, 0, 0, 1),
        (20, 2, 2015, 0, 1, 0, 0, 0),
        (200, 2, 2016, 0, 0, 1, 1, 0),
    ]
    atop = pd.DataFrame(rows, columns=["ccode1", "ccode2", "year", *cols])
    st = _store(tmp_path, atop)
    dy = create_dyad_years(directed=False, years=(2015, 2019), extend_to=2019, store=st)
    out = add_atop_alliance(dy).set_index(["ccode1", "ccode2", "year"])
    for key in [(2, 20, 2015), (2, 200, 2016)]:
        both = atop[
            ((atop.ccode1 == key[0]) & (atop.ccode2 == key[1]))
            | ((atop.ccode1 == key[1]) & (atop.ccode2 == key[0]))
        ]
        want = [1, *both[cols].max().tolist()]
        assert out.loc[key, ["atop_alliance", *cols]].tolist() == want
    # no ATOP row: 0 inside ATOP's coverage (to 2018), NA after
    assert out.loc[(2, 20, 2016), ["atop_alliance", *cols]].tolist() == [0] * 6
    assert out.loc[(2, 20, 2019), ["atop_alliance", *cols]].isna().all()
    assert all(str(out[c].dtype) == "Int8" for c in ["atop_alliance", *cols])


def test_state_year_index_matches_a_dictionary(chunk: int) -> None:
    rng = np.random.default_rng(3)
    drawn = {(int(c), int(y)) for c, y in rng.integers([0, 1700], [1000, 2700], (400, 2))}
    # the first and last years, and the last code: where a clipped year would land
    keys = sorted(drawn | {(1, 1700), (0, 2699), (999, 2699)})
    src = np.array(keys, dtype=np.int32)
    get = _state_year_index(src[:, 0], src[:, 1], "t")
    where = {k: i for i, k in enumerate(keys)}
    # the source's keys, the years next to them, and years outside 1700-2699 (no data,
    # even where code * 1000 + year would land on another state's row)
    step = np.array([0, 1])
    q = np.concatenate([src, src + step, src - step, [[1, 1699], [0, 2700], [1, 700]]])
    got = get(q[:, 0], q[:, 1])
    want = [where.get(k, len(src)) for k in map(tuple, q.tolist())]
    np.testing.assert_array_equal(got, want)
    with pytest.raises(ParameterError, match="twice"):
        _state_year_index(np.array([2, 2]), np.array([1816, 1816]), "t")


@pytest.mark.parametrize("code", [-1, 1000])
def test_lookups_refuse_codes_outside_0_999(code: int, chunk: int) -> None:
    src = np.array([[2, 20, 1816], [20, 2, 1816]])
    index = _DyadIndex(src[:, 0], src[:, 1], src[:, 2], "t")
    get = _state_year_index(src[:, 0], src[:, 2], "t")
    q = np.full(20, 2)
    q[13] = code
    years = np.full(20, 1816)
    other = np.full(20, 20)
    lookups = (lambda: index.get(q, other, years), lambda: index.get(other, q, years),
               lambda: get(q, years))  # fmt: skip
    for lookup in lookups:
        with pytest.raises(ParameterError, match="0-999"):
            lookup()
