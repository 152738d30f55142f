"""A store's year tables are computed once and shared by every region's snapshot.

The snapshots built from the shared tables must equal, field by field, the snapshots built
from tables computed afresh for each region (the former behaviour).
"""

from __future__ import annotations

import dataclasses
import datetime as dt

import numpy as np

from alliancelab.snapshot import Snapshot, store_data
from alliancelab.store import Store

REGIONS = ("americas", "europe", "africa", "middle_east", "asia", None)


def _assert_same(a: Snapshot, b: Snapshot) -> None:
    for f in dataclasses.fields(Snapshot):
        x, y = getattr(a, f.name), getattr(b, f.name)
        if f.name == "source":
            continue
        if isinstance(x, np.ndarray):
            assert x.dtype == y.dtype and np.array_equal(x, y, equal_nan=x.dtype.kind == "f")
        elif f.name == "layers":
            assert x.keys() == y.keys()
            assert all(np.array_equal(x[k], y[k]) for k in x)
        else:
            assert x == y, f.name


def test_shared_tables_build_the_same_snapshots(official_store: Store) -> None:
    sd = store_data(official_store)
    years = [1914, 1939, 1955, 1991, 2010, 2016]
    shared = {}
    for y in years:
        for r in REGIONS:
            shared[y, r] = sd.snapshot(y, r)
        assert sd.tables(y) is sd.tables(y)
    for y in years:
        for r in REGIONS:
            sd.__dict__.pop("_year_tables", None)  # fresh tables for each snapshot
            _assert_same(shared[y, r], sd.snapshot(y, r))


def test_dated_tables_are_not_kept(official_store: Store) -> None:
    sd = store_data(official_store)
    day = dt.date(1914, 8, 4)
    assert sd.tables(1914, day) is not sd.tables(1914, day)
    assert sd.tables(1914, day).day == day and sd.tables(1914).day is None
