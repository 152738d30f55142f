"""Frozen one-year views of the alliance system: :class:`Snapshot` and its one builder.

A snapshot holds, for one year and optionally one region, the states (ordered by COW
code), their capability index, a directional obligation tensor (state x state x ATOP
obligation type), the rivalry matrix, one adjacency matrix per alliance domain
(conventional, nuclear, cyber, non_traditional) and the per-alliance ties behind them.
Everything in ``measures`` and ``models`` takes a Snapshot; scenario edits return new ones.

Both data sources feed the same builder (:func:`._build.build`): the shipped reference
data (:class:`._reference.ReferenceSource`) and a store of the official COW/ATOP files
(:class:`._store.StoreData`) only supply one year's tables (system members, alliance
members with their obligations, capabilities, rivalries, names); the builder assembles
the snapshot the same way for both.

Modules: ``_snapshot`` (the Snapshot class, :func:`assemble_ties`,
:func:`snapshot_from_ties`), ``_build`` (the builder), ``_reference`` and ``_store`` (the
two sources).
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Sequence

from ..codes import Region
from ._build import build
from ._dates import parse_when
from ._reference import SYSTEM_FIRST_YEAR as SYSTEM_FIRST_YEAR
from ._reference import (
    ReferenceSource,
    _check_data,
    _check_year,
    alliance_members,
    system_members,
)
from ._snapshot import UNCONDITIONAL as UNCONDITIONAL
from ._snapshot import Snapshot, TieConditions, assemble_ties, snapshot_from_ties
from ._store import _STORE_CACHE as _STORE_CACHE  # benchmarks clear it
from ._store import StoreData as StoreData
from ._store import store_data

__all__ = [
    "Snapshot",
    "TieConditions",
    "alliance_members",
    "assemble_ties",
    "snapshot",
    "snapshot_from_ties",
    "store_data",
    "system_members",
]

_REFERENCE = ReferenceSource()


def snapshot(
    year: int | str | _dt.date,
    region: str | Sequence[int] | Region | None = None,
    data: str = "reference",
    store: object | None = None,
) -> Snapshot:
    """The alliance system in ``year`` (or on one day), for the whole system or one region.

    Parameters
    ----------
    year : int, str or datetime.date
        A year in 1816-2024: the states that are system members on 31 December and the
        alliance memberships in force on some day of the year. Or a date
        (``"1914-07-28"`` or ``datetime.date``): exactly the states, memberships and
        obligations in force that day (COW states2016 and ATOP 5.1 day-level dates; see
        :mod:`._reference` for the reference data's dates), ``Snapshot.date`` set and each
        state named as it was that day (345 is Serbia on 1914-07-28).
    region : str or sequence of int, optional
        A COW region (``europe``, ``asia``, ...) or a list of ccodes. The snapshot holds
        the region's system members plus every state allied to one of them by a defense
        or offense obligation (``in_region`` False), since outside allies shape a
        region's balance.

        System membership is taken at the end of the year: a state counts in ``year``
        when it is a COW system member on 31 December (see :func:`system_members`), the
        same rule for both data sources, so a year never holds a state and its
        successor (Europe 1990 has Germany, 255, not the two German states).
    data : {"reference", "store"}
        ``"reference"``: the shipped reference data. ``"store"``: the official data
        imported into an alliancelab store (COW state system, ATOP 5.1 members, COW NMC
        CINC, Thompson & Dreyer rivalries); see :func:`store_data`.
    store : Store or path, optional
        The store for ``data="store"`` (default: the default store).

    Raises
    ------
    CoverageError
        Year outside the data's coverage (1816-2024 for the reference data), or a region
        with no state in the system that year; the message names what is covered.

    Examples
    --------
    >>> s = snapshot(1914, "europe")
    >>> s.names[s.index(345)]
    'Serbia'
    >>> s.obligation("defense")[s.index(220), s.index(365)]
    np.True_
    >>> bool(s.in_region[s.index(740)])
    False
    >>> d = snapshot("1990-10-02", "europe")
    >>> 255 in d.ccodes, 260 in d.ccodes, str(d.date)
    (False, True, '1990-10-02')

    Raises ``ParameterError`` for a string that is not a ``YYYY-MM-DD`` date.
    """
    if data == "store":
        return store_data(store).snapshot(year, region)
    _check_data(data)
    if isinstance(year, str | _dt.date):
        y, day = parse_when(year)
        return build(_REFERENCE, _check_year(y, SYSTEM_FIRST_YEAR), region, day)
    return build(_REFERENCE, _check_year(year, SYSTEM_FIRST_YEAR), region)
