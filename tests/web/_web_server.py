"""The web tests' HTTP client of a running server, and its bearer token."""

from __future__ import annotations

import json
import socket
import subprocess
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from typing import Any

TOKEN = "test-token-123"


@dataclass
class Server:
    base: str
    proc: subprocess.Popen

    def request(
        self,
        path: str,
        *,
        method: str = "GET",
        body: bytes | None = None,
        headers: dict[str, str] | None = None,
    ) -> tuple[int, dict[str, str], bytes]:
        req = urllib.request.Request(
            self.base + path, data=body, method=method, headers=headers or {}
        )
        try:
            with urllib.request.urlopen(req, timeout=60) as r:
                return r.status, dict(r.headers), r.read()
        except urllib.error.HTTPError as e:
            return e.code, dict(e.headers), e.read()

    def json(self, path: str, **kw: Any) -> tuple[int, Any]:
        status, _, raw = self.request(path, **kw)
        return status, json.loads(raw)

    def wait(self, job_id: str, timeout: float = 90) -> dict[str, Any]:
        """The job ``job_id`` once it is no longer queued or running."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            _, job = self.json(f"/api/jobs/{job_id}")
            if job["status"] not in ("queued", "running"):
                return dict(job)
            time.sleep(0.3)
        raise AssertionError(f"job {job_id} still running after {timeout} s")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def asgi_request(
    app: Any, path: str, *, method: str = "GET", headers: dict[str, str] | None = None
) -> tuple[int, Any]:
    """One request to an ASGI ``app`` in this process: (status, the JSON body)."""
    status, _, body = asgi_raw(app, path, method=method, headers=headers)
    return status, json.loads(body)


def asgi_raw(
    app: Any,
    path: str,
    *,
    method: str = "GET",
    headers: dict[str, str] | None = None,
    reraises: type[BaseException] | None = None,
) -> tuple[int, dict[str, str], bytes]:
    """One request to an ASGI ``app`` in this process: (status, headers, body).

    The web extra does not ship an HTTP test client, so this drives the ASGI interface
    directly (one ``http.request`` message with an empty body). ``reraises``: the
    exception the app must raise to its server after answering (Starlette re-raises
    what its 500 handler answered, for the server to log)."""
    import asyncio

    scope = asgi_scope(path, method=method, headers=headers)
    sent: list[dict[str, Any]] = []

    async def receive() -> dict[str, Any]:
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(msg: dict[str, Any]) -> None:
        sent.append(msg)

    if reraises is None:
        asyncio.run(app(scope, receive, send))
    else:
        try:
            asyncio.run(app(scope, receive, send))
        except reraises:
            pass
        else:
            raise AssertionError(f"the app did not re-raise {reraises.__name__}")
    start = next(m for m in sent if m["type"] == "http.response.start")
    head = {k.decode().lower(): v.decode() for k, v in start.get("headers", [])}
    body = b"".join(m.get("body", b"") for m in sent if m["type"] == "http.response.body")
    return int(start["status"]), head, body


def asgi_scope(
    path: str, *, method: str = "GET", headers: dict[str, str] | None = None
) -> dict[str, Any]:
    """The ASGI ``http`` scope of one request to ``path`` (with its query string)."""
    from urllib.parse import urlsplit

    url = urlsplit(path)
    return {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": method,
        "scheme": "http",
        "path": url.path,
        "raw_path": url.path.encode(),
        "query_string": url.query.encode(),
        "root_path": "",
        "headers": [(k.lower().encode(), v.encode()) for k, v in (headers or {}).items()],
        "client": ("127.0.0.1", 1),
        "server": ("127.0.0.1", 80),
    }
