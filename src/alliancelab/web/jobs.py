"""Scenarios run as background jobs: ``POST /api/scenarios`` and ``GET /api/jobs/{id}``.

The scenario (TOML text, or JSON with the same tables) is parsed and checked at once by
:func:`alliancelab.scenario.loads`, so a malformed scenario or an unknown state or
alliance is a 4xx answer naming the line and key. It then runs with
:func:`alliancelab.scenario.run` in a separate process (so a job that runs past its
time-out can be stopped), at most ``max_running`` at a time; its Monte Carlo size is
capped through :mod:`alliancelab.limits` (``draws``, lowered for the server to
``WEB_DRAWS``). Jobs are kept in memory, the newest ``MAX_JOBS``.
"""

from __future__ import annotations

import json
import multiprocessing as mp
import secrets
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass, field
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Header, Query, Request
from fastapi.responses import JSONResponse

from .. import limits
from ..errors import AllianceLabError, ParameterError
from ._toml import to_toml

__all__ = ["JobStore", "Unauthorized", "UnknownJobError", "router"]

#: the server's cap on Monte Carlo draws per quantity of one scenario (also capped by
#: the library's ``draws`` limit)
WEB_DRAWS = 20_000
MAX_JOBS = 200


class Unauthorized(AllianceLabError):
    """A request to a protected endpoint without the right bearer token (401)."""


class UnknownJobError(AllianceLabError, KeyError):
    """A job id the server does not hold (404)."""

    def __str__(self) -> str:
        return str(self.args[0]) if self.args else ""


@dataclass
class Job:
    id: str
    status: str = "queued"  # queued, running, done, failed, timeout
    progress: str = ""
    created: float = field(default_factory=time.time)
    result: dict[str, Any] | None = None
    error: dict[str, Any] | None = None

    def view(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "status": self.status,
            "progress": self.progress,
            "created": self.created,
            "result": self.result,
            "error": self.error,
        }


def _work(text: str, n: int | None, seed: int | None, conn: Any) -> None:
    """Child process: run the scenario, send back the result frames as JSON-ready dicts."""
    try:
        from ..scenario import loads, run
        from ._frames import records

        sc = loads(text, name="posted")
        with limits.raised(draws=min(limits.limit("draws"), WEB_DRAWS)):
            limits.check("draws", sc.n if n is None else n, what="n")
            r = run(sc, n=n, seed=seed)
        conn.send(
            {
                "ok": True,
                "result": {
                    "name": sc.name,
                    "year": sc.year,
                    "region": r.baseline.region,
                    "n": r.n,
                    "seed": r.seed,
                    "table": records(r.table),
                    "changes": records(r.changes),
                    "states": records(r.states),
                },
            }
        )
    except AllianceLabError as exc:
        conn.send({"ok": False, "error": {"error": type(exc).__name__, "message": str(exc)}})
    except Exception as exc:  # a bug: report it without a traceback to the client
        conn.send({"ok": False, "error": {"error": "InternalError", "message": repr(exc)}})
    finally:
        conn.close()


class JobStore:
    """In-memory jobs, each run in its own spawned process with a time-out."""

    def __init__(self, timeout: float = 120.0, max_running: int = 1) -> None:
        self.timeout = timeout
        self.jobs: OrderedDict[str, Job] = OrderedDict()
        self._slots = threading.Semaphore(max_running)
        self._lock = threading.Lock()

    def submit(self, text: str, n: int | None, seed: int | None) -> Job:
        job = Job(secrets.token_hex(8))
        with self._lock:
            self.jobs[job.id] = job
            while len(self.jobs) > MAX_JOBS:
                self.jobs.popitem(last=False)
        threading.Thread(target=self._run, args=(job, text, n, seed), daemon=True).start()
        return job

    def _run(self, job: Job, text: str, n: int | None, seed: int | None) -> None:
        with self._slots:
            job.status, job.progress = "running", "running the scenario"
            ctx = mp.get_context("spawn")
            parent, child = ctx.Pipe(duplex=False)
            proc = ctx.Process(target=_work, args=(text, n, seed, child), daemon=True)
            proc.start()
            child.close()
            try:
                msg = parent.recv() if parent.poll(self.timeout) else None
            except EOFError:
                msg = {"ok": False, "error": {"error": "InternalError", "message": "worker died"}}
            if msg is None:
                proc.kill()
                job.status = "timeout"
                job.error = {
                    "error": "TimeoutError",
                    "message": f"the job ran over its time-out of {self.timeout:g} s",
                }
            elif msg["ok"]:
                job.status, job.result = "done", msg["result"]
            else:
                job.status, job.error = "failed", msg["error"]
            job.progress = job.status
            proc.join(5)
            parent.close()

    def get(self, job_id: str) -> Job:
        job = self.jobs.get(job_id)
        if job is None:
            raise UnknownJobError(f"job {job_id!r}: no such job (jobs are kept in memory)")
        return job


router = APIRouter(prefix="/api")


def require_token(request: Request, authorization: Annotated[str | None, Header()] = None) -> None:
    """Refuse the request unless it carries ``Authorization: Bearer <the server's token>``."""
    want = request.app.state.token
    got = (authorization or "").removeprefix("Bearer ").strip()
    if (
        not authorization
        or not authorization.startswith("Bearer ")
        or not secrets.compare_digest(got.encode(), want.encode())
    ):
        raise Unauthorized("POST /api/scenarios needs the header Authorization: Bearer <token>")


@router.post(
    "/scenarios",
    summary="Run a scenario (TOML or JSON) as a background job",
    status_code=202,
    dependencies=[Depends(require_token)],
)
async def post_scenario(
    request: Request,
    n: Annotated[int | None, Query(description="Monte Carlo draws (capped)")] = None,
    seed: Annotated[int | None, Query(description="root seed")] = None,
) -> JSONResponse:
    """Body: a scenario file's TOML (``Content-Type: application/toml`` or text) or the
    same tables as JSON (``application/json``). Checked at once (errors name the line and
    key); answers ``202`` with the job ``id``; poll ``GET /api/jobs/{id}``."""
    from ..scenario import loads

    raw = await request.body()
    ctype = request.headers.get("content-type", "")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise ParameterError("the body must be UTF-8 text (TOML or JSON)") from None
    if "json" in ctype:
        try:
            doc = json.loads(text)
        except json.JSONDecodeError as exc:
            raise ParameterError(f"malformed JSON: {exc}") from None
        text = to_toml(doc)
    sc = loads(text, name="posted")  # ScenarioError -> 422 naming line and key
    cap = min(limits.limit("draws"), WEB_DRAWS)
    with limits.raised(draws=cap):
        limits.check("draws", sc.n if n is None else n, what="n")
    if seed is not None and seed < 0:
        raise ParameterError(f"seed must be >= 0, got {seed}")
    job = request.app.state.jobs.submit(text, n, seed)
    return JSONResponse(job.view(), status_code=202, headers={"Location": f"/api/jobs/{job.id}"})


@router.get("/jobs/{job_id}", summary="A job's status and, when done, its result")
def get_job(request: Request, job_id: str) -> dict[str, Any]:
    """``status`` is queued, running, done, failed or timeout; ``result`` holds the
    scenario's ``table`` (baseline, scenario, delta with 95% intervals), ``changes`` and
    ``states`` when done; ``error`` says what went wrong otherwise."""
    return request.app.state.jobs.get(job_id).view()
