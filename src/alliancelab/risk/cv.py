"""Year-block cross-validation: expanding window with a gap, split by year, never by row.

scikit-learn's :class:`~sklearn.model_selection.TimeSeriesSplit` splits rows, so a
year's dyads can fall on both sides of a cut; panel forecasting needs whole years. Fold
``k`` trains on every year up to ``cut_k - gap - 1`` and validates on the block of years
``[cut_k, cut_k + block - 1]``; the cuts are the last ``n_splits`` blocks of the span, so
the training window expands (Hyndman & Athanasopoulos 2021, "Time series
cross-validation", ch. 5.10; Bergmeir & Benitez 2012).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np

from ..errors import ParameterError


@dataclass(frozen=True)
class YearBlockSplit:
    """Expanding-window year-block splitter.

    Parameters
    ----------
    n_splits : int
        Number of validation blocks (the last ``n_splits`` blocks of the years).
    block : int
        Years per validation block.
    gap : int
        Years left out between the end of training and the validation block (default 1:
        the lagged features of the first validation year are the last training year's).

    Examples
    --------
    >>> years = np.repeat(np.arange(1980, 1990), 3)
    >>> for tr, va in YearBlockSplit(n_splits=2, block=2, gap=1).split(years):
    ...     print(sorted(set(years[tr].tolist())), sorted(set(years[va].tolist())))
    [1980, 1981, 1982, 1983, 1984] [1986, 1987]
    [1980, 1981, 1982, 1983, 1984, 1985, 1986] [1988, 1989]
    """

    n_splits: int = 3
    block: int = 5
    gap: int = 1

    def __post_init__(self) -> None:
        if self.n_splits < 1 or self.block < 1 or self.gap < 0:
            raise ParameterError("YearBlockSplit needs n_splits >= 1, block >= 1, gap >= 0")

    def cuts(self, years: np.ndarray) -> list[int]:
        """First year of each validation block, oldest first."""
        y1 = int(np.max(years))
        y0 = int(np.min(years))
        cuts = [y1 - self.block * (self.n_splits - k) + 1 for k in range(self.n_splits)]
        if cuts[0] - self.gap <= y0:
            raise ParameterError(
                f"{self.n_splits} blocks of {self.block} years with a gap of {self.gap} "
                f"leave no training years in {y0}-{y1}"
            )
        return cuts

    def split(self, years: np.ndarray) -> Iterator[tuple[np.ndarray, np.ndarray]]:
        """Yield (train row indices, validation row indices) for each block."""
        years = np.asarray(years)
        for c in self.cuts(years):
            train = np.flatnonzero(years < c - self.gap)
            val = np.flatnonzero((years >= c) & (years < c + self.block))
            yield train, val

    def get_n_splits(self) -> int:
        """Number of folds (scikit-learn's splitter protocol)."""
        return self.n_splits
