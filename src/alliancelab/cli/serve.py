"""``alliancelab serve``: the HTTP API and web dashboard (:mod:`alliancelab.web`).

Needs the optional extra ``alliancelab[web]`` (FastAPI, uvicorn). Binds 127.0.0.1 unless
told otherwise; the bearer token of ``POST /api/scenarios`` comes from
``ALLIANCELAB_TOKEN`` or is generated and printed at start. See docs/web.md.
"""

from __future__ import annotations

import os
import secrets
from typing import Annotated

import typer

from ._common import HEAVY_IMPORTS, StoreOpt, console

__all__ = ["HEAVY_IMPORTS", "USER_ERRORS", "serve"]

#: exceptions reported as user errors besides AllianceLabError: none
USER_ERRORS: tuple[type[Exception], ...] = ()


def serve(
    host: Annotated[str, typer.Option(help="address to bind (loopback by default)")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="TCP port", min=1, max=65535)] = 8000,
    data: Annotated[
        str | None,
        typer.Option(help="reference (shipped data) or store (default: store with --store)"),
    ] = None,
    store: StoreOpt = None,
    job_timeout: Annotated[
        float, typer.Option(help="seconds a scenario job may run", min=0.1, max=86_400.0)
    ] = 120.0,
) -> None:
    """Serve the HTTP API (/api, Swagger UI at /docs) and the dashboard (/).

    --store FILE serves that store (and implies --data store); the store, given or the
    default one, must exist (serving never creates it)."""
    data = data or ("store" if store is not None else "reference")
    try:
        import uvicorn

        from ..web import create_app
    except ImportError as exc:
        raise typer.BadParameter(
            f"the web server needs the extra alliancelab[web] ({exc.name} is missing): "
            "pip install 'alliancelab[web]'"
        ) from None
    from ..errors import ParameterError

    token = os.environ.get("ALLIANCELAB_TOKEN") or secrets.token_urlsafe(24)
    try:  # create_app checks data and store (the message starts with the one at fault)
        app = create_app(
            data=data,
            token=token,
            job_timeout=job_timeout,
            store=None if store is None else str(store),
        )
    except ParameterError as exc:
        hint = "--data" if str(exc).startswith("data") else "--store"
        raise typer.BadParameter(str(exc), param_hint=hint) from None
    if "ALLIANCELAB_TOKEN" not in os.environ:
        console.print(f"API token (POST /api/scenarios): [bold]{token}[/bold]", highlight=False)
    console.print(f"Dashboard: http://{host}:{port}/  API docs: http://{host}:{port}/docs")
    uvicorn.run(app, host=host, port=port, log_level="warning")
