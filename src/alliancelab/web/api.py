"""The read-only JSON endpoints: health, states, alliances, snapshot, map, measures.

Every endpoint of the web layer reads the app's data and store (:func:`source`) through
one snapshot cache (:func:`cached_snapshot`); the states, alliances and map tables share
one body (``_snapshot_table``).

Each handler is a thin adapter: it calls one public function of alliancelab
(:func:`~alliancelab.snapshot.snapshot`, :func:`~alliancelab.stability.stability_panel`,
:func:`~alliancelab.measures.alliance_blocs`) and turns its result into JSON (or a CSV /
Parquet download, :mod:`._frames`). Errors the library raises on bad input
(:class:`~alliancelab.errors.AllianceLabError`) become 4xx answers in the app's one
exception handler (:mod:`.app`).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache
from typing import Annotated, Any

import pandas as pd
from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from ..errors import ParameterError
from ._frames import Format, provenance, table_response

__all__ = ["cached_snapshot", "coverage", "router", "snapshot_of", "source"]

router = APIRouter(prefix="/api")

Year = Annotated[int | None, Query(description="year (the data covers 1816-2024); or pass date")]
Region = Annotated[
    str | None,
    Query(description="COW region (europe, asia, ...) or comma-separated COW codes"),
]
DateQ = Annotated[
    str | None,
    Query(description="a day (YYYY-MM-DD): the states and memberships in force that day"),
]
Fmt = Annotated[Format, Query(alias="format", description="json, csv or parquet")]


class WhenError(ParameterError):
    """``year`` and ``date`` passed together, or neither (the answer names both)."""


def when(year: int | None, date: str | None) -> int | str:
    """The snapshot key of a request: ``year`` or the ``date`` string (checked).

    Raises
    ------
    WhenError
        Both or neither given.
    ParameterError
        ``date`` is not a valid ``YYYY-MM-DD`` day (the message starts with ``date``).
    """
    from ..snapshot import parse_when

    if year is not None and date is not None:
        raise WhenError(f"year={year} and date={date!r}: pass one of year= or date=, not both")
    if date is not None:
        _, day = parse_when(date, "date")
        return str(day)
    if year is None:
        raise WhenError("year or date: pass year=YYYY or date=YYYY-MM-DD")
    return year


def source(request: Request) -> tuple[str, str | None]:
    """The app's ``(data, store)``: where every endpoint's snapshots come from.

    ``store`` is the store file of ``create_app(store=)`` (``None``: the default store)
    and is ``None`` with ``data="reference"`` (the shipped data reads no store).
    """
    data = str(request.app.state.data)
    store = request.app.state.store if data == "store" else None
    return data, None if store is None else str(store)


@lru_cache(maxsize=256)
def cached_snapshot(key: int | str, region: str | None, data: str, store: str | None) -> Any:
    """:func:`alliancelab.snapshot` of ``key`` (a year or a ``YYYY-MM-DD`` day), cached.

    The one snapshot cache of the web layer: the table endpoints, ``/api/risk`` and the
    policy jobs all read their snapshots through it (key: the app's :func:`source`).
    """
    from ..snapshot import snapshot

    return snapshot(key, region, data=data, store=store)


def snapshot_of(request: Request, key: int | str, region: str | None) -> Any:
    """The request's snapshot of ``key`` and ``region`` from the app's data and store."""
    return cached_snapshot(key, region, *source(request))


def _label(s: Any) -> str:
    return str(s.date) if s.date is not None else str(s.year)


def _name(kind: str, s: Any) -> str:
    """A download's file name: ``{kind}-{region or system}-{year or day}``."""
    return f"{kind}-{s.region or 'system'}-{_label(s)}"


def _meta(s: Any, data: str) -> dict[str, Any]:
    date = str(s.date) if s.date is not None else None
    return {"year": s.year, "date": date, "region": s.region, "data": data}


def _snapshot_table(
    request: Request,
    when_key: int | str,
    region: str | None,
    fmt: Format,
    kind: str,
    frame: Callable[[Any], pd.DataFrame],
    key: str,
) -> Response:
    """The one body of the snapshot table endpoints (states, alliances, map): the
    request's snapshot, ``frame`` of it as JSON (``{year, date, region, data, key:
    rows}``), CSV or Parquet named :func:`_name`."""
    s = snapshot_of(request, when_key, region)
    data, store = source(request)
    return table_response(
        frame(s), fmt, name=_name(kind, s), data=data, store=store, meta=_meta(s, data), key=key
    )


@router.get("/health", summary="Liveness, version and data mode")
def health(request: Request) -> dict[str, Any]:
    """``{"status": "ok", "version", "data"}`` plus the data versions (``provenance``)
    and how to cite them (``cite``), as the downloads carry them, the years the served
    data's snapshots cover (``years``: ``[first, last]``, the dashboard's year range;
    ``null`` when the store lacks the state system), and whether the risk view can
    answer (``risk``: ``available``, ``reason``)."""
    from .. import __version__

    data, store = source(request)
    line, cite = provenance(data, store)
    return {
        "status": "ok",
        "version": __version__,
        "data": data,
        "provenance": line,
        "cite": cite,
        "years": coverage(data, store),
        "risk": request.app.state.risk_availability(),
    }


@lru_cache(maxsize=4)
def coverage(data: str, store: str | None) -> list[int] | None:
    """``[first, last]`` year of the snapshots of ``data`` (and ``store``): the reference
    data's state system (1816 to :data:`alliancelab.reference.LAST_YEAR`), else the
    store's COW state system (:func:`alliancelab.snapshot.store_data`); ``None`` when
    the store cannot build snapshots (the endpoints then answer 4xx saying why)."""
    from ..errors import AllianceLabError

    if data == "reference":
        from ..reference import LAST_YEAR
        from ..snapshot import SYSTEM_FIRST_YEAR

        return [SYSTEM_FIRST_YEAR, LAST_YEAR]
    from ..snapshot import store_data

    try:
        span = store_data(store).coverage["system"]
    except AllianceLabError:
        return None
    return None if span is None else [int(span[0]), int(span[1])]


@router.get("/states", summary="States of a year's snapshot (with outside allies)")
def states(
    request: Request,
    year: Year = None,
    region: Region = None,
    date: DateQ = None,
    fmt: Fmt = "json",
) -> Response:
    """The snapshot's states: ``ccode, name, in_region, capability, capability_kind``.

    With a region, states outside it that are allied to one inside by a defence or
    offence obligation are included with ``in_region`` false.
    """
    return _snapshot_table(
        request, when(year, date), region, fmt, "states", lambda s: s.states(), "states"
    )


def _alliance_frame(s: Any) -> pd.DataFrame:
    from ..reference import OBLIGATIONS

    rows = []
    for k, aid in enumerate(s.alliances):
        members = [c for c, m in zip(s.ccodes, s.membership[k], strict=True) if m]
        rows.append(
            {
                "id": aid,
                "name": s.alliance_names[k],
                "domain": s.alliance_domains[k],
                "obligations": [
                    o for o, on in zip(OBLIGATIONS, s.alliance_obligations[k], strict=True) if on
                ],
                "n_members": len(members),
                "members": members,
            }
        )
    cols = ["id", "name", "domain", "obligations", "n_members", "members"]
    return pd.DataFrame(rows, columns=cols)


@router.get("/alliances", summary="Alliances in force in a year")
def alliances(
    request: Request,
    year: Year = None,
    region: Region = None,
    date: DateQ = None,
    fmt: Fmt = "json",
) -> Response:
    """Alliances with at least two members in the year's snapshot: ``id, name, domain,
    obligations`` (types some member promises), ``members`` (COW codes)."""
    return _snapshot_table(
        request, when(year, date), region, fmt, "alliances", _alliance_frame, "alliances"
    )


def _nodes(s: Any) -> pd.DataFrame:
    from ..measures import alliance_blocs

    nodes = s.states()
    bloc = {}
    b = alliance_blocs(s)
    members: list[Any] = b["members"].tolist()
    for no, aid, label, mem in zip(b["bloc"], b["alliance"], b["label"], members, strict=True):
        for c in mem:
            bloc[int(c)] = (int(no), str(aid), str(label))
    nodes["bloc"] = pd.array([bloc.get(c, (None,))[0] for c in nodes["ccode"]], dtype="Int64")
    nodes["bloc_alliance"] = [bloc.get(c, (None, None))[1] for c in nodes["ccode"]]
    nodes["bloc_label"] = [bloc.get(c, (None, None, None))[2] for c in nodes["ccode"]]
    return nodes


def _ties(s: Any) -> pd.DataFrame:
    from ..reference import OBLIGATIONS

    rows = []
    for a, i, j, obl in zip(s.tie_alliance, s.tie_from, s.tie_to, s.tie_obligations, strict=True):
        rows.append(
            {
                "from": s.ccodes[i],
                "to": s.ccodes[j],
                "alliance": s.alliances[a] if a >= 0 else None,
                "obligations": [o for o, on in zip(OBLIGATIONS, obl, strict=True) if on],
            }
        )
    return pd.DataFrame(rows, columns=["from", "to", "alliance", "obligations"])


@router.get("/snapshot", summary="The alliance network of a year: nodes and ties")
def snapshot_view(
    request: Request,
    year: Year = None,
    region: Region = None,
    date: DateQ = None,
    fmt: Fmt = "json",
) -> Response:
    """Nodes (states with capability and defence ``bloc``: number, alliance id, label) and
    directed ties (``from`` owes ``to`` the listed obligation types in ``alliance``).
    CSV/Parquet give the nodes table; the JSON also carries ``ties``, ``rivalries``,
    ``region_ranges`` (the region's COW code ranges) and ``notes``."""
    from ..codes import resolve_region

    data, store = source(request)
    s = snapshot_of(request, when(year, date), region)
    nodes = _nodes(s)
    name = _name("snapshot", s)
    if fmt != "json":
        return table_response(nodes, fmt, name=name, data=data, store=store, meta={})
    from ._frames import records

    riv = [
        [s.ccodes[i], s.ccodes[j]] for i in range(s.n) for j in range(i + 1, s.n) if s.rivalry[i, j]
    ]
    ranges = [list(r) for r in resolve_region(region).ranges] if region else []
    body = {
        **_meta(s, data),
        "nodes": records(nodes),
        "ties": records(_ties(s)),
        "rivalries": riv,
        "region_ranges": ranges,
        "notes": list(s.notes),
    }
    from fastapi.responses import JSONResponse

    return JSONResponse(body)


@lru_cache(maxsize=64)
def _panel(region: str, years: str, data: str, store: str | None, n_sims: int) -> pd.DataFrame:
    from ..stability import stability_panel

    out = stability_panel(region, years, data=data, store=store, n_sims=n_sims)
    assert isinstance(out, pd.DataFrame)
    return out


@router.get("/measures", summary="The regional stability panel (the indicator registry)")
def measures(
    request: Request,
    region: Annotated[str, Query(description="COW region or comma-separated COW codes")],
    years: Annotated[str, Query(description="a year or a span A-B, e.g. 1945-1991")],
    n_sims: Annotated[int, Query(description="Monte Carlo draws of the exposure measure")] = 1000,
    fmt: Fmt = "json",
) -> Response:
    """One row per region-year with every indicator of
    :data:`alliancelab.measures.indicators.INDICATORS` (:func:`alliancelab.stability_panel`);
    values outside a source's coverage are ``null`` and ``notes`` says why. A span is
    capped at ``limits.window`` years, ``n_sims`` at ``limits.draws``."""
    from .. import limits
    from ..stability import _parse_years  # the library's rule for a year or span

    span = _parse_years(years)
    a, b = span[0], span[-1]
    limits.check("window", b - a + 1, what="years (span)")
    limits.check("draws", n_sims, what="n_sims")
    data, store = source(request)
    p = _panel(region, f"{a}-{b}", data, store, n_sims)
    return table_response(
        p,
        fmt,
        name=f"measures-{p['region'].iloc[0] if len(p) else region}-{a}-{b}",
        data=data,
        store=store,
        meta={"region": region, "years": [a, b], "data": data, "n_sims": n_sims},
    )


@router.get("/map", summary="How the dashboard's map draws each state of a year")
def map_view(
    request: Request,
    year: Year = None,
    region: Region = None,
    date: DateQ = None,
    fmt: Fmt = "json",
) -> Response:
    """One row per snapshot state: ``ccode, name, in_region, bloc_alliance``,
    ``iso_numeric`` (the world-atlas polygon id: ISO 3166-1 numeric through the dated
    COW-to-ISO crosswalk), and ``drawn``: ``polygon``, ``point`` (at the capital,
    ``lon, lat``) or ``listed`` (no polygon, no known capital: listed on the page)."""
    return _snapshot_table(request, when(year, date), region, fmt, "map", _map_frame, "states")


#: the columns of ``/api/map``
MAP_COLS = ["ccode", "name", "in_region", "bloc_alliance", "iso_numeric", "drawn", "lon", "lat"]


def _map_frame(s: Any) -> pd.DataFrame:
    from ._frames import records
    from ._geo import map_rows

    return pd.DataFrame(map_rows(records(_nodes(s)), s.year), columns=MAP_COLS)
