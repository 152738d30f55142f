"""The year-block splitter: whole years, expanding training window, the gap, errors."""

from __future__ import annotations

import numpy as np
import pytest

from alliancelab.errors import ParameterError
from alliancelab.risk import YearBlockSplit


def test_blocks_are_whole_years_with_gap_and_expanding() -> None:
    rng = np.random.default_rng(1)
    years = rng.integers(1900, 1950, 5000)
    sp = YearBlockSplit(n_splits=3, block=4, gap=1)
    folds = list(sp.split(years))
    assert len(folds) == sp.get_n_splits() == 3
    prev_train = -1
    for k, (tr, va) in enumerate(folds):
        vy, ty = set(years[va]), set(years[tr])
        assert vy == set(range(1938 + 4 * k, 1942 + 4 * k))  # last 3 blocks of 4 years
        assert max(ty) == min(vy) - 2  # one-year gap
        assert not vy & ty
        # every row of a validation year is in the validation fold (split by year, not row)
        assert len(va) == np.isin(years, list(vy)).sum()
        assert len(tr) > prev_train  # the window expands
        prev_train = len(tr)


def test_gap_zero_and_errors() -> None:
    years = np.arange(2000, 2010)
    ((tr, va),) = YearBlockSplit(n_splits=1, block=2, gap=0).split(years)
    assert years[tr].max() == 2007 and list(years[va]) == [2008, 2009]
    with pytest.raises(ParameterError):
        list(YearBlockSplit(n_splits=5, block=2, gap=1).split(years))
    with pytest.raises(ParameterError):
        YearBlockSplit(n_splits=0)
