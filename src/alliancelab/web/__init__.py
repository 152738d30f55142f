"""The HTTP API and web dashboard of alliancelab (``alliancelab serve``; docs/web.md).

A thin layer over the public API, on top of the library with :mod:`alliancelab.cli`:
nothing in the library imports it. It needs the optional extra ``alliancelab[web]``
(FastAPI and uvicorn); ``import alliancelab`` never loads it.

Modules: :mod:`.app` (the app factory, the one error handler, the safety middleware,
the dashboard and Swagger UI from vendored files), :mod:`.api` (read-only endpoints and
the one store path and snapshot cache every endpoint reads through), :mod:`.risk_api`
(the risk view), :mod:`.jobs` (scenarios and policy rankings run as background jobs),
:mod:`._frames` (JSON, CSV and Parquet tables with provenance), :mod:`._geo` (where the
map draws each state), :mod:`._toml` (a JSON scenario as TOML text). The dashboard's
static files and the vendored libraries (``static/vendor/MANIFEST.json``) live in
``static/``.
"""

from __future__ import annotations

from .app import create_app

__all__ = ["create_app"]
