"""Background jobs: ``POST /api/scenarios``, ``POST /api/policy``, ``GET /api/jobs/{id}``.

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
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Header, Query, Request
from fastapi.responses import JSONResponse

from .. import limits
from ..errors import AllianceLabError, ParameterError, UnknownStateError
from ._toml import to_toml
from .api import DateQ, Year, snapshot_of, source, when

__all__ = ["JobStore", "Unauthorized", "UnknownFocalError", "UnknownJobError", "router"]

#: the server's cap on Monte Carlo draws per quantity of one scenario (also capped by
#: the library's ``draws`` limit)
WEB_DRAWS = 20_000
#: the server's cap on crises per rival pair and option of one policy ranking (also
#: capped by the library's ``policy_draws`` limit)
WEB_POLICY_DRAWS = 1_000
MAX_JOBS = 200


class Unauthorized(AllianceLabError):
    """A request to a protected endpoint without the right bearer token (401)."""


class UnknownFocalError(UnknownStateError):
    """``for=`` names a state that is not in the policy ranking's snapshot (404)."""


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


@contextmanager
def web_caps() -> Iterator[None]:
    """The server's caps inside a ``with`` block: ``draws`` at most :data:`WEB_DRAWS`,
    ``policy_draws`` at most :data:`WEB_POLICY_DRAWS` (never above the library's)."""
    with limits.raised(
        draws=min(limits.limit("draws"), WEB_DRAWS),
        policy_draws=min(limits.limit("policy_draws"), WEB_POLICY_DRAWS),
    ):
        yield


def check_run(cap: str, n: int, seed: int | None) -> None:
    """The one check of a job's size and seed, at the request and again in the worker:
    ``n`` within the server's ``cap`` (:func:`web_caps`), ``seed`` not negative."""
    with web_caps():
        limits.check(cap, n, what="n")
    if seed is not None and seed < 0:
        raise ParameterError(f"seed must be >= 0, got {seed}")


def _in_child(conn: Any, compute: Callable[[], dict[str, Any]]) -> None:
    """Child process: send ``compute()`` (under :func:`web_caps`) or the error it raised
    (a user error by its class name; anything else as ``InternalError``, no traceback)."""
    try:
        with web_caps():
            conn.send({"ok": True, "result": compute()})
    except AllianceLabError as exc:
        conn.send({"ok": False, "error": {"error": type(exc).__name__, "message": str(exc)}})
    except Exception as exc:  # a bug: report it without a traceback to the client
        conn.send({"ok": False, "error": {"error": "InternalError", "message": repr(exc)}})
    finally:
        conn.close()


def _work(text: str, n: int | None, seed: int | None, store: str | None, conn: Any) -> None:
    """Child process: run the scenario (``[base] data = "store"`` reads ``store``, the
    server's), send back the result frames as JSON-ready dicts."""

    def compute() -> dict[str, Any]:
        from ..scenario import loads, run
        from ._frames import records

        sc = loads(text, name="posted")
        check_run("draws", sc.n if n is None else n, seed)
        r = run(sc, n=n, seed=seed, store=store)
        return {
            "name": sc.name,
            "year": sc.year,
            "region": r.baseline.region,
            "n": r.n,
            "seed": r.seed,
            "table": records(r.table),
            "changes": records(r.changes),
            "states": records(r.states),
        }

    _in_child(conn, compute)


def _policy_work(
    region: str,
    when: int | str,
    focal: int | None,
    n: int,
    seed: int,
    data: str,
    store: str | None,
    conn: Any,
) -> None:
    """Child process: rank the policy options, send back the ranked table."""

    def compute() -> dict[str, Any]:
        from ..policy import options
        from ._frames import records

        check_run("policy_draws", n, seed)
        po = options(
            region,
            when,
            focal=focal,
            data=data,
            store=store,
            n=n,
            seed=seed,
            progress=lambda m: conn.send({"progress": str(m)}),
        )
        s = po.snapshot
        return {
            "region": po.region,
            "year": s.year,
            "date": str(s.date) if s.date is not None else None,
            "focal": po.focal,
            "n": n,
            "seed": seed,
            "table": records(po.table),
        }

    _in_child(conn, compute)


class JobStore:
    """In-memory jobs, each run in its own spawned process with a time-out."""

    def __init__(self, timeout: float = 120.0, max_running: int = 1) -> None:
        self.timeout = timeout
        self.jobs: OrderedDict[str, Job] = OrderedDict()
        self._slots = threading.Semaphore(max_running)
        self._lock = threading.Lock()

    def submit(self, text: str, n: int | None, seed: int | None, store: str | None = None) -> Job:
        """Run a scenario (TOML ``text``) as a job; ``store``: the store file a scenario
        on ``data = "store"`` reads (None: the default store)."""
        return self.submit_work(_work, (text, n, seed, store), "running the scenario")

    def submit_work(self, target: Any, args: tuple[Any, ...], what: str) -> Job:
        """Run ``target(*args, conn)`` in its own process as a job.

        ``target`` sends ``{"progress": text}`` messages while it works, then one
        ``{"ok": True, "result": ...}`` or ``{"ok": False, "error": ...}``.
        """
        job = Job(secrets.token_hex(8))
        with self._lock:
            self.jobs[job.id] = job
            while len(self.jobs) > MAX_JOBS:
                self.jobs.popitem(last=False)
        threading.Thread(target=self._run, args=(job, target, args, what), daemon=True).start()
        return job

    def _receive(self, job: Job, parent: Any) -> dict[str, Any] | None:
        """The worker's final message, recording its progress messages; None on time-out."""
        deadline = time.monotonic() + self.timeout
        while (left := deadline - time.monotonic()) > 0:
            if not parent.poll(left):
                return None
            msg = parent.recv()
            if "progress" in msg:
                job.progress = str(msg["progress"])
                continue
            return dict(msg)
        return None

    def _run(self, job: Job, target: Any, args: tuple[Any, ...], what: str) -> None:
        with self._slots:
            job.status, job.progress = "running", what
            ctx = mp.get_context("spawn")
            parent, child = ctx.Pipe(duplex=False)
            proc = ctx.Process(target=target, args=(*args, child), daemon=True)
            proc.start()
            child.close()
            try:
                msg = self._receive(job, parent)
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
        raise Unauthorized(
            "POST /api/scenarios and /api/policy need the header Authorization: Bearer <token>"
        )


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
    check_run("draws", sc.n if n is None else n, seed)
    # a scenario on [base] data = "store" reads the server's store (serve --store)
    job = request.app.state.jobs.submit(text, n, seed, request.app.state.store)
    return JSONResponse(job.view(), status_code=202, headers={"Location": f"/api/jobs/{job.id}"})


@router.post(
    "/policy",
    summary="Rank a region-year's policy options as a background job",
    status_code=202,
    dependencies=[Depends(require_token)],
)
def post_policy(
    request: Request,
    region: Annotated[str, Query(description="COW region or comma-separated COW codes")],
    year: Year = None,
    date: DateQ = None,
    focal: Annotated[
        str | None, Query(alias="for", description="only moves involving this state")
    ] = None,
    n: Annotated[int, Query(description="crises per rival pair and option (capped)")] = 100,
    seed: Annotated[int, Query(description="root seed")] = 0,
) -> JSONResponse:
    """:func:`alliancelab.policy.options` (about 6-8 s a region-year) as a job, on the
    snapshot of ``year`` or of the day ``date`` (YYYY-MM-DD), as the snapshot endpoints
    take them: checks the region, year or date, state and ``n`` at once (4xx naming the
    parameter), answers ``202`` with the job ``id``; ``GET /api/jobs/{id}`` reports
    progress and, when done, the ranked ``table`` (``rank, kind, option, pareto, score``,
    the criteria and their reasons) with the snapshot's ``year`` and ``date`` (null for a
    year). ``n`` is capped at ``WEB_POLICY_DRAWS`` through ``limits.policy_draws``."""
    from ..codes import resolve_state

    data, store = source(request)
    key = when(year, date)  # both or neither, or a malformed date -> 422 naming them
    check_run("policy_draws", n, seed)
    s = snapshot_of(request, key, region)  # unknown region, outside coverage -> 4xx
    fc = None
    if focal is not None:
        try:
            fc = resolve_state(focal)
        except UnknownStateError as exc:
            raise UnknownFocalError(f"for={focal!r}: {exc}") from None
        if fc not in s.ccodes:
            raise UnknownFocalError(
                f"for={focal!r}: state {fc} is not in the {key} snapshot of {s.region}"
            )
    job = request.app.state.jobs.submit_work(
        _policy_work, (region, key, fc, n, seed, data, store), "ranking the policy options"
    )
    return JSONResponse(job.view(), status_code=202, headers={"Location": f"/api/jobs/{job.id}"})


@router.get("/jobs/{job_id}", summary="A job's status and, when done, its result")
def get_job(request: Request, job_id: str) -> dict[str, Any]:
    """``status`` is queued, running, done, failed or timeout; ``result`` holds the
    scenario's ``table`` (baseline, scenario, delta with 95% intervals), ``changes`` and
    ``states`` when done; ``error`` says what went wrong otherwise."""
    return request.app.state.jobs.get(job_id).view()
