"""The base of a case study run on the store: the day before ATOP's accession date.

A bundled accession case (NATO enlargements) starts from the year before the accession
entered into force, the reference data's rule. ATOP 5.1 dates an accession to the
signature of its protocol (Leeds et al. 2002; member file ``yrent/moent/dayent``): Greece
and Turkey enter NATO on 22 October 1951, Spain on 10 December 1981, the Czech Republic,
Hungary and Poland on 16 December 1997, though the accessions took effect in 1952, 1982
and 1999. On the store's year-end snapshot of the base year the joining state is then
already a member and the case cannot run. :func:`accession_base` moves the base to the
dated snapshot of the day before the earliest ATOP entry of the case's joining states, so
the case's edit adds exactly the membership ATOP records, as the treaty's member entry.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import replace

from .files import Scenario

__all__ = ["accession_base"]


def _base_day(sc: Scenario) -> _dt.date:
    return _dt.date.fromisoformat(sc.date) if sc.date else _dt.date(sc.year, 12, 31)


def accession_base(sc: Scenario, store: object | None = None) -> Scenario:
    """``sc`` with its base moved to the day before ATOP's entry date of its joiners.

    Applies to a scenario on the store (``data="store"``) whose ``join`` edits name an
    ATOP alliance (``atop<id>``) that a joining state already belongs to, by ATOP's
    member spells, on the base day (31 December of the base year, or the base date). A
    join preceded by a ``leave`` of the same state and alliance (the scenario's own
    baseline set-up, e.g. West Germany 1955) is left alone. The new base is the day
    before the earliest such entry; the description says so. Other scenarios, and any
    scenario when the store lacks the state system or ATOP (the run then says what to
    import), are returned unchanged.

    Parameters
    ----------
    sc : Scenario
    store : Store or path, optional
        Default: the default store, as ``snapshot(..., data="store")`` uses.

    Examples
    --------
    A reference scenario is unchanged:

    >>> from alliancelab.scenario import bundled_path, load
    >>> sc = load(bundled_path("nato-1952-greece-turkey"))
    >>> accession_base(sc) is sc
    True
    """
    if sc.data != "store":
        return sc
    day = _base_day(sc)
    left: set[tuple[int, str]] = set()
    entries: list[_dt.date] = []
    joins = [e for e in (*sc.base_edits, *sc.edits) if e.type in ("join", "leave")]
    if not any(e.type == "join" and str(e.alliance).startswith("atop") for e in joins):
        return sc
    from ..errors import CoverageError
    from ..snapshot import store_data

    try:
        data = store_data(store)
    except CoverageError:  # no official data: the run itself says what to import
        return sc
    for e in joins:
        key = (int(e.state), str(e.alliance))  # type: ignore[arg-type]
        if e.type == "leave":
            left.add(key)
            continue
        aid = str(e.alliance)
        if key in left or not aid.startswith("atop") or not aid[4:].isdigit():
            continue
        before = [d for d in data.member_entries(int(aid[4:]), key[0]) if d <= day]
        if before:
            entries.append(max(before))
    if not entries:
        return sc
    base = min(entries) - _dt.timedelta(days=1)
    note = (
        f"On the official data the base is {base.isoformat()}, the day before ATOP 5.1's "
        f"entry date ({min(entries).isoformat()}, the accession protocol's signature) of "
        "the joining states; on the year's snapshot they would already be members."
    )
    desc = f"{sc.description.rstrip()}\n\n{note}" if sc.description else note
    return replace(sc, year=base.year, date=base.isoformat(), description=desc)
