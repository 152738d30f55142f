"""``GET /api/risk``: dyad and region-year conflict risk from the shipped risk model.

A thin adapter over :mod:`alliancelab.risk`: the shipped default model
(:func:`alliancelab.risk.engine.load_default`, trained 1816-2014 on COW MID 5.0; its model
card is ``model_card``), the features of the store's dyad-year panel
(:func:`alliancelab.risk.raw_panel`, :func:`alliancelab.risk.design`) carried forward past
each source's coverage as :func:`alliancelab.risk.engine.predict_forward` does (flagged in
``carried_forward``), and :func:`alliancelab.risk.region_year_risk` for P(at least one
onset) and the expected onsets with their 90% bootstrap intervals.

The features need the store's MID and contiguity history (docs/risk.md, "Limit"): with a
store lacking them the answer is a 409 naming ``store`` and the imports to run. The panel
is built once per server (the first request takes tens of seconds), the predictions are
cached per (region, year) (at most :data:`CACHE` of them) and ``top`` is capped by
``limits.rows``.
"""

from __future__ import annotations

import threading
from functools import lru_cache
from typing import Annotated, Any

import numpy as np
import pandas as pd
from fastapi import APIRouter, Query, Request
from fastapi.responses import JSONResponse, Response

from ..errors import AllianceLabError
from ._frames import Format, records, table_response
from .api import DateQ, Fmt, Region, Year, when

__all__ = ["CACHE", "NEEDS", "RiskUnavailable", "availability", "model_card", "router"]

router = APIRouter(prefix="/api")

#: store imports the risk features need (besides the COW states)
NEEDS: tuple[str, ...] = ("cow_mid", "cow_contiguity", "cow_nmc", "atop", "rivalries")
#: (region, year) predictions kept in memory
CACHE = 32
#: the last year the panel is built to (the dashboard's last year)
LAST = 2024
DYAD_COLS = ["ccode1", "ccode2", "name1", "name2", "year", "p_onset", "p_lo", "p_hi",
             "carried_forward"]  # fmt: skip


class RiskUnavailable(AllianceLabError):
    """The store lacks data the risk features need (the message names the imports)."""


@lru_cache(maxsize=1)
def _model() -> Any:
    from ..risk import engine

    return engine.load_default()


def _store(path: str | None) -> Any:
    from ..store import Store

    st = Store(path)
    missing = [n for n in NEEDS if not (st.path.exists() and st.has(n))]
    if missing:
        raise RiskUnavailable(
            f"store {st.path}: the risk features need the imports {', '.join(missing)} "
            "(`alliancelab data import SOURCE PATH...`; docs/risk.md); the reference data "
            "have no MID or contiguity history"
        )
    return st


def availability(path: str | None) -> dict[str, Any]:
    """``{"available": bool, "reason": str}``: can ``/api/risk`` answer with this store?"""
    try:
        _store(path)
    except AllianceLabError as exc:
        return {"available": False, "reason": f"risk view unavailable: {exc}"}
    return {"available": True, "reason": ""}


_BUILD = threading.Lock()


def _raw(path: str | None) -> tuple[pd.DataFrame, dict[str, int]]:
    """The store's raw dyad-year panel 1816-:data:`LAST` and each source's last year
    (built once: concurrent first requests wait for the one build)."""
    with _BUILD:
        return _raw_built(path)


@lru_cache(maxsize=1)
def _raw_built(path: str | None) -> tuple[pd.DataFrame, dict[str, int]]:
    from ..risk import engine, raw_panel

    raw = raw_panel(_store(path), (1816, LAST), extend_to=LAST)
    return raw, engine._coverage_end(raw)


@lru_cache(maxsize=CACHE)
def _year(path: str | None, year: int) -> tuple[pd.DataFrame, np.ndarray]:
    """Every dyad's prediction in ``year`` (with ``carried_forward``) and its draws."""
    from ..risk import design, predict_frame

    if not 1817 <= year <= LAST:
        from ..errors import CoverageError

        raise CoverageError(f"year {year}: the risk panel covers 1817-{LAST}")
    raw, cov = _raw(path)
    pred, draws = predict_frame(_model(), design(raw, (year, year), unobserved=True), draws=True)
    flags = [src for src, end in sorted(cov.items()) if year - 1 > end]
    pred["carried_forward"] = ",".join(flags)
    return pred, draws


@lru_cache(maxsize=CACHE)
def _region(path: str | None, year: int, region: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(the region-year row, the region's dyads by falling risk) of ``year``."""
    from ..codes import ccode_to_name, display_name, resolve_region
    from ..risk import region_year_risk

    pred, draws = _year(path, year)
    from ..risk.engine import MID_LAST

    ry = region_year_risk(pred, draws, region=region)
    if year > MID_LAST and "observed" in ry.columns:  # no MID data: unknown, not 0
        ry["observed"] = pd.array([pd.NA] * len(ry), dtype="Int64")
    if region.lower() in ("system", "world", "all"):
        sub = pred
    else:
        reg = resolve_region(region)
        m = np.array([reg.contains(int(a)) and reg.contains(int(b))
                      for a, b in zip(pred["ccode1"], pred["ccode2"], strict=True)])  # fmt: skip
        sub = pred.loc[m] if len(m) else pred.iloc[:0]
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
        from ..errors import ParameterError

        raise ParameterError(f"table must be dyads or region, got {table!r}")
    path = request.app.state.store
    reg = region or "system"
    ry, dyads = _region(path, y, reg)
    data = str(request.app.state.data)
    name = f"risk-{table}-{reg}-{y}"
    if fmt != "json":
        df = ry if table == "region" else dyads[DYAD_COLS].head(top)
        return _download(df, fmt, name, data)
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


def _download(df: pd.DataFrame, fmt: Format, name: str, data: str) -> Response:
    return table_response(df, fmt, name=name, data=data, meta={}, notes=(model_line(),))
