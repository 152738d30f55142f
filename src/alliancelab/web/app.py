"""The FastAPI app: routes, the one error handler, request-size guard, static files.

:func:`create_app` assembles the read-only endpoints (:mod:`.api`), the scenario jobs
(:mod:`.jobs`), the dashboard at ``/`` and Swagger UI at ``/docs``; both pages load only
files vendored under ``static/vendor`` (``MANIFEST.json``), never a CDN.

Safety: a user error the library raises (:class:`~alliancelab.errors.AllianceLabError`
and its subclasses) is turned into a JSON 4xx answer ``{"error", "parameter",
"message"}`` by the one handler :func:`user_error`; a malformed query parameter gets the
same shape from FastAPI's validation (422), and a bug a 500 of the same shape
(``InternalError``, no traceback; the server logs it). Request bodies over
:data:`MAX_BODY` bytes get 413 before they are read in full.
"""

from __future__ import annotations

import re
import secrets
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import FileResponse, HTMLResponse, JSONResponse
from fastapi.staticfiles import StaticFiles

from ..errors import (
    AllianceLabError,
    CoverageError,
    ParameterError,
    ScenarioError,
    UnknownAllianceError,
    UnknownRegionError,
    UnknownSourceError,
    UnknownStateError,
)
from . import api, jobs, risk_api

__all__ = ["MAX_BODY", "create_app", "user_error"]

STATIC = Path(__file__).resolve().parent / "static"
#: the largest request body accepted (1 MiB)
MAX_BODY = 1 << 20

#: error class -> (HTTP status, the request parameter it is about)
_STATUS: tuple[tuple[type[AllianceLabError], int, str | None], ...] = (
    (jobs.Unauthorized, 401, "Authorization"),
    (jobs.UnknownJobError, 404, "job_id"),
    (jobs.UnknownFocalError, 404, "for"),
    (UnknownRegionError, 404, "region"),
    (UnknownStateError, 404, "state"),
    (UnknownAllianceError, 404, "alliance"),
    (UnknownSourceError, 404, "source"),
    (ScenarioError, 422, "body"),
    (api.WhenError, 422, "year,date"),
    (risk_api.RiskUnavailable, 409, None),  # the server's model, no request parameter
    (CoverageError, 422, "year"),
)
_LEADING = re.compile(r"^([A-Za-z_]+)")


def user_error(request: Request, exc: Exception) -> JSONResponse:
    """The one handler of user errors: a 4xx JSON answer naming the parameter."""
    assert isinstance(exc, AllianceLabError)
    status, param = 422, None
    for cls, code, name in _STATUS:
        if isinstance(exc, cls):
            status, param = code, name
            if cls is CoverageError and "date" in request.query_params:
                param = "date"
            break
    else:  # ParameterError, LimitError, ...: the message starts with the parameter
        m = _LEADING.match(str(exc))
        known = {*request.query_params.keys(), *request.path_params.keys()}
        known |= {"date", "years", "n", "n_sims", "seed", "year", "region"}
        param = m.group(1) if m and m.group(1) in known else "body"
    body: dict[str, Any] = {"error": type(exc).__name__, "parameter": param, "message": str(exc)}
    if isinstance(exc, ScenarioError):
        body.update(line=exc.line, key=exc.key)
    headers = {"WWW-Authenticate": "Bearer"} if status == 401 else None
    return JSONResponse(body, status_code=status, headers=headers)


def _internal_error(request: Request, exc: Exception) -> JSONResponse:
    """A bug (not a user error): a 500 JSON answer of the same shape, no traceback (the
    server logs it), as a job's worker reports one (:mod:`.jobs`)."""
    return JSONResponse(
        {"error": "InternalError", "parameter": None, "message": repr(exc)}, status_code=500
    )


def _validation_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    first = exc.errors()[0] if exc.errors() else {}
    loc = [str(x) for x in first.get("loc", ())]
    return JSONResponse(
        {
            "error": "ValidationError",
            "parameter": loc[-1] if loc else None,
            "message": f"{'.'.join(loc)}: {first.get('msg', 'invalid')}",
        },
        status_code=422,
    )


class BodyLimit:
    """ASGI middleware: 413 for a body over ``limit`` bytes (declared or streamed)."""

    def __init__(self, app: Any, limit: int = MAX_BODY) -> None:
        self.app = app
        self.limit = limit

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = dict(scope.get("headers") or [])
        declared = headers.get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > self.limit:
            await self._too_large(send)
            return
        seen = 0

        async def guarded() -> Any:
            nonlocal seen
            msg = await receive()
            if msg["type"] == "http.request":
                seen += len(msg.get("body", b""))
                if seen > self.limit:
                    raise _TooLarge
            return msg

        try:
            await self.app(scope, guarded, send)
        except _TooLarge:
            await self._too_large(send)

    async def _too_large(self, send: Any) -> None:
        resp = JSONResponse(
            {
                "error": "PayloadTooLarge",
                "parameter": "body",
                "message": f"request bodies are limited to {self.limit:,} bytes",
            },
            status_code=413,
        )
        await resp({"type": "http"}, None, send)  # type: ignore[arg-type]


class _TooLarge(Exception):
    pass


def _store_path(data: str, store: str | None) -> str | None:
    """The app's store file: ``None`` for the reference data, else the resolved path of
    ``store`` (default: the default store), which must exist."""
    if data not in ("reference", "store"):
        raise ParameterError(f"data must be 'reference' or 'store', got {data!r}")
    if data == "reference":
        if store is not None:
            raise ParameterError(f"store {store!r} is read only with data='store'")
        return None
    from ..store import default_store_path

    path = Path(store) if store is not None else default_store_path()
    if not path.is_file():
        raise ParameterError(
            f"store {str(path)!r}: no such file; import data into it first "
            "(`alliancelab data import SOURCE PATH... --store FILE`, docs/data.md)"
        )
    return str(path.resolve())


def create_app(
    data: str = "reference",
    token: str | None = None,
    job_timeout: float = 120.0,
    store: str | None = None,
) -> FastAPI:
    """The alliancelab web app.

    Parameters
    ----------
    data : {"reference", "store"}
        Where snapshots come from (:func:`alliancelab.snapshot`).
    token : str, optional
        The bearer token of ``POST /api/scenarios`` (default: a random one, in
        ``app.state.token``).
    job_timeout : float
        Seconds a scenario job may run before it is stopped.
    store : str, optional
        The store file every endpoint reads with ``data="store"`` (snapshots, the
        stability panel, the risk view, policy jobs; one cache, :func:`.api.source`);
        default: the default store (``$ALLIANCELAB_HOME/alliancelab.duckdb``), fixed when
        the app is made. Only with ``data="store"``.

    Raises
    ------
    ParameterError
        ``data`` is neither value, ``store`` is given with ``data="reference"``, or the
        store file does not exist (serving never creates a store). The message starts
        with the parameter (``data`` or ``store``).
    """
    store = _store_path(data, store)
    from .. import __version__

    app = FastAPI(
        title="alliancelab",
        version=__version__,
        description="Alliance networks, stability indicators and what-if scenarios "
        "(docs/web.md). Errors are JSON: error, parameter, message.",
        docs_url=None,
        redoc_url=None,
    )
    app.state.data = data
    app.state.store = store
    # /api/health asks the risk router whether it can answer (api.py must not import it)
    app.state.risk_availability = risk_api.availability
    app.state.token = token or secrets.token_urlsafe(24)
    app.state.jobs = jobs.JobStore(timeout=job_timeout)
    app.add_exception_handler(AllianceLabError, user_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(Exception, _internal_error)
    app.add_middleware(BodyLimit)
    app.include_router(api.router)
    app.include_router(risk_api.router)
    app.include_router(jobs.router)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")

    @app.get("/", include_in_schema=False)
    def dashboard() -> FileResponse:
        return FileResponse(STATIC / "index.html", media_type="text/html")

    @app.get("/docs", include_in_schema=False)
    def docs() -> HTMLResponse:
        return get_swagger_ui_html(
            openapi_url="/openapi.json",
            title="alliancelab API",
            swagger_js_url="/static/vendor/swagger-ui/swagger-ui-bundle.js",
            swagger_css_url="/static/vendor/swagger-ui/swagger-ui.css",
            swagger_favicon_url="/static/vendor/swagger-ui/favicon-32x32.png",
            swagger_ui_parameters={"validatorUrl": None},
        )

    return app
