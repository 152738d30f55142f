"""``GET /api/risk``: dyad and region-year conflict risk from the shipped risk model.

A thin adapter over :mod:`alliancelab.risk`: the shipped default model
(:func:`alliancelab.risk.engine.load_default`, the ``structural`` feature set trained
1816-2014 on COW MID 5.0; its model card is ``model_card``) scores the features of the
server's own data (:func:`alliancelab.risk.snapshot_features` of the whole-system
snapshot of the year before, reference or store, so no import is needed), with the
sources carried past their coverage flagged in ``carried_forward``, and
:func:`alliancelab.risk.region_year_risk` gives P(at least one onset) and the expected
onsets with their 90% bootstrap intervals. Predictions are cached per (data, year) (at
most :data:`CACHE` of them) and ``top`` is capped by ``limits.rows``.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Annotated, Any

import numpy as np
import pandas as pd
from fastapi import APIRouter, Query, Request
from fastapi.responses import JSONResponse, Response

from ..errors import AllianceLabError, CoverageError, ParameterError
from ._frames import Format, records, table_response
from .api import DateQ, Fmt, Region, Year, cached_snapshot, coverage, source, when

__all__ = ["CACHE", "RiskUnavailable", "availability", "model_card", "router"]

router = APIRouter(prefix="/api")

#: (region, year) predictions kept in memory
CACHE = 32
DYAD_COLS = ["ccode1", "ccode2", "name1", "name2", "year", "p_onset", "p_lo", "p_hi",
             "carried_forward"]  # fmt: skip


class RiskUnavailable(AllianceLabError):
    """The risk view cannot answer (the message says why)."""


@lru_cache(maxsize=1)
def _model() -> Any:
    from ..risk import engine

    return engine.load_default()


def availability() -> dict[str, Any]:
    """``{"available": bool, "reason": str}``: can ``/api/risk`` answer? The shipped model
    needs only a snapshot (of either data source), so it can unless the install is damaged."""
    try:
        _model()
    except (AllianceLabError, OSError) as exc:  # a damaged install
        return {"available": False, "reason": f"risk view unavailable: {exc}"}
    return {"available": True, "reason": ""}


@lru_cache(maxsize=CACHE)
def _year(data: str, path: str | None, year: int) -> tuple[pd.DataFrame, np.ndarray]:
    """Every dyad's prediction for ``year`` (features of ``year - 1``) and its draws.

    The snapshot is the web layer's cached one (:func:`.api.cached_snapshot`), so the
    risk view reads the same data and store as every other endpoint."""
    from ..risk import predict_frame, snapshot_features

    span = coverage(data, path)  # the served data's years (None: snapshot says why)
    if span is not None and not span[0] + 1 <= year <= span[1] + 1:
        # features are the year before's: the risk view covers the data's years + 1
        raise CoverageError(f"year {year}: the risk view covers {span[0] + 1}-{span[1] + 1}")
    s = cached_snapshot(year - 1, None, data, path)
    df = snapshot_features(s)
    pred, draws = predict_frame(_model(), df, draws=True)
    pred["carried_forward"] = df["carried_forward"].to_numpy()
    return pred, draws


@lru_cache(maxsize=CACHE)
def _region(
    data: str, path: str | None, year: int, region: str
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(the region-year row, the region's dyads by falling risk) of ``year``."""
    from ..codes import ccode_to_name, display_name
    from ..risk import region_year_risk
    from ..risk.metrics import region_dyads

    pred, draws = _year(data, path, year)
    ry = region_year_risk(pred, draws, region=region)
    inside, _ = region_dyads(pred, region)  # the dyads region_year_risk sums over
    sub = pred.loc[inside]
    sub = sub.sort_values("p_onset", ascending=False, kind="stable").reset_index(drop=True)

    def names(codes: pd.Series) -> list[str]:
        return [display_name(int(c), year, ccode_to_name(int(c))) for c in codes]

    sub.insert(2, "name1", names(sub["ccode1"]))
    sub.insert(3, "name2", names(sub["ccode2"]))
    return ry, sub


def model_card() -> dict[str, Any]:
    """The shipped model's card (sources with versions, spans, validation)."""
    card: dict[str, Any] = _model().card
    return card


@router.get("/risk", summary="MID-onset risk of a region-year and its top-risk dyads")
def risk_view(
    request: Request,
    year: Year = None,
    region: Region = None,
    date: DateQ = None,
    top: Annotated[int, Query(description="dyads listed, by falling risk")] = 25,
    table: Annotated[
        str, Query(description="the table a CSV/Parquet download holds: dyads or region")
    ] = "dyads",
    fmt: Fmt = "json",
) -> Response:
    """P(at least one MID onset) and expected onsets in the region-year (``p_any``,
    ``expected`` with 90% intervals ``*_lo``, ``*_hi``) and the ``top`` dyads with both
    states in the region: ``p_onset, p_lo, p_hi`` and ``carried_forward`` (the sources
    whose coverage ends before ``year - 1``, their last values carried forward). A date
    means its year (the model is yearly). JSON also carries ``model`` (the card's
    training span, sources and versions) and ``cite``."""
    from .. import limits

    key = when(year, date)
    y = int(str(key)[:4])
    top = limits.check("rows", top, what="top")
    if table not in ("dyads", "region"):
        raise ParameterError(f"table must be dyads or region, got {table!r}")
    state = availability()
    if not state["available"]:  # a damaged install: 409 saying why, never a traceback
        raise RiskUnavailable(state["reason"])
    data, path = source(request)
    reg = region or "system"
    ry, dyads = _region(data, path, y, reg)
    name = f"risk-{table}-{reg}-{y}"
    if fmt != "json":
        df = ry if table == "region" else dyads[DYAD_COLS].head(top)
        return _download(df, fmt, name, data, path)
    card = model_card()
    body = {
        "year": y,
        "date": key if isinstance(key, str) else None,
        "region": str(ry["region"].iloc[0]) if len(ry) else reg,
        "region_year": records(ry)[0] if len(ry) else None,
        "dyads_total": len(dyads),
        "dyads": records(dyads[DYAD_COLS].head(top)),
        "model": {k: card.get(k) for k in ("model", "outcome", "training_span", "versions")},
        "sources": card.get("sources"),
        "cite": "cite: "
        + "; ".join(
            f"alliancelab.cite({n!r})" for n in ("cow_mid", "cow_states", "atop", "cow_nmc")
        ),
    }
    return JSONResponse(body)


def model_line() -> str:
    """One line naming the shipped model and the data versions it was trained on."""
    card = model_card()
    src = ", ".join(f"{s['source']} {s['version']}" for s in card.get("sources", []))
    span = "-".join(map(str, card.get("training_span", [])))
    return f"risk model: alliancelab default (trained {span}); model card sources: {src}"


def _download(df: pd.DataFrame, fmt: Format, name: str, data: str, store: str | None) -> Response:
    return table_response(
        df, fmt, name=name, data=data, store=store, meta={}, notes=(model_line(),)
    )
