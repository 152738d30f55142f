"""Load benchmark of the web API: bounded loopback traffic on ``/api/alliances``.

Starts ``alliancelab serve`` on a free 127.0.0.1 port, then sends requests from
``CLIENTS`` threads (keep-alive connections, one request in flight per client, so the
load is bounded by the server's own speed) for ``SECONDS`` seconds (default 60; set
``BENCH_WEB_SECONDS`` for a shorter run), cycling over years 1816-2024 in Europe.
Prints requests/s, errors and latency percentiles (p50, p99). Issue 15 asks for at
least 200 requests/s with 0 errors over 60 s; this prints whether that held.
This is a benchmark, not a timed test (``make bench``).
"""

from __future__ import annotations

import http.client
import os
import socket
import subprocess
import sys
import threading
import time

from _record import record

SECONDS = float(os.environ.get("BENCH_WEB_SECONDS", "60"))
CLIENTS = int(os.environ.get("BENCH_WEB_CLIENTS", "4"))
TARGET_RPS = 200


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _wait_up(port: int, proc: subprocess.Popen) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit("alliancelab serve exited")
        try:
            c = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            c.request("GET", "/api/health")
            if c.getresponse().status == 200:
                return
        except OSError:
            time.sleep(0.2)
    raise SystemExit("alliancelab serve did not start in 60 s")


def _client(port: int, stop: float, k: int, lat: list[float], errors: list[int]) -> None:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    i = k
    while time.monotonic() < stop:
        year = 1816 + (i * 37) % 209
        i += CLIENTS
        t0 = time.perf_counter()
        try:
            conn.request("GET", f"/api/alliances?year={year}&region=europe")
            r = conn.getresponse()
            r.read()
            ok = r.status == 200
        except (OSError, http.client.HTTPException):
            ok = False
            conn.close()
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        lat.append(time.perf_counter() - t0)
        if not ok:
            errors.append(1)
    conn.close()


def main() -> int:
    port = _free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "alliancelab.cli", "serve", "--port", str(port)],
        env={**os.environ, "ALLIANCELAB_TOKEN": "bench"},
        stdout=subprocess.DEVNULL,
    )
    try:
        _wait_up(port, proc)
        t0 = time.monotonic()
        warm = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        for year in range(1816, 2025):  # build (and cache) each year's snapshot once
            warm.request("GET", f"/api/alliances?year={year}&region=europe")
            warm.getresponse().read()
        warm.close()
        print(f"warm-up: 209 first requests (snapshot built) in {time.monotonic() - t0:.1f} s")
        lat: list[float] = []
        errors: list[int] = []
        start = time.monotonic()
        stop = start + SECONDS
        threads = [
            threading.Thread(target=_client, args=(port, stop, k, lat, errors))
            for k in range(CLIENTS)
        ]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        elapsed = time.monotonic() - start
    finally:
        proc.terminate()
        proc.wait(10)
    lat.sort()
    n = len(lat)
    rps = n / elapsed
    p50 = lat[n // 2] * 1e3 if n else float("nan")
    p99 = lat[min(n - 1, int(n * 0.99))] * 1e3 if n else float("nan")
    print(
        f"/api/alliances (europe, years 1816-2024 cycled, snapshots cached after the "
        f"warm-up): {n} requests in {elapsed:.1f} s from {CLIENTS} clients"
    )
    print(f"  {rps:.0f} requests/s, {len(errors)} errors, p50 {p50:.1f} ms, p99 {p99:.1f} ms")
    held = rps >= TARGET_RPS and not errors
    print(f"  target >= {TARGET_RPS} requests/s with 0 errors: {'met' if held else 'NOT met'}")
    record(
        "web /api/alliances requests/s",
        rps,
        "requests/s",
        baseline=float(TARGET_RPS),
        baseline_kind="target",
        baseline_label=f"target with 0 errors ({len(errors)} errors in this run)",
        target=">= 1",
    )
    record("web /api/alliances p99 latency", p99, "ms")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
