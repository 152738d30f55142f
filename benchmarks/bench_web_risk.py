"""Latency of the web API's ``/api/risk``: the first request, a new year, a cached repeat.

Imports the official COW states, ATOP 5.1, NMC 7.0, rivalries, MID 5.0 and contiguity
(``ALLIANCELAB_DATA``, default ``../shared/data``) into a temporary store, starts
``alliancelab serve`` on a free 127.0.0.1 port with that store as its default
(``ALLIANCELAB_HOME``) and times, one request at a time: Europe 1914 (the first request:
the 1816-2024 dyad-year panel is built, then the year predicted), Europe 2024 (a new
year: one prediction with covariates carried forward), Europe 2024 again (cached) and
Asia 2024 (the year's predictions cached, a new region); then the server's resident
memory (the panel is kept). A benchmark, not a timed test.
"""

from __future__ import annotations

import http.client
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _record import record
from bench_web import _free_port, _wait_up

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))  # _official
DATA = Path(os.environ.get("ALLIANCELAB_DATA", Path(__file__).resolve().parents[2] / "shared/data"))


def _store(home: Path) -> None:
    from _official import import_official
    from alliancelab.store import Store

    import_official(Store(home / "alliancelab.duckdb"), DATA)


def _rss_mib(pid: int) -> float | None:
    """The resident memory of ``pid`` (Linux ``/proc``), None elsewhere."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        return None
    return None


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        home = Path(tmp)
        _store(home)
        port = _free_port()
        env = {**os.environ, "ALLIANCELAB_TOKEN": "bench", "ALLIANCELAB_HOME": str(home)}
        proc = subprocess.Popen(
            [sys.executable, "-m", "alliancelab.cli", "serve", "--port", str(port)],
            env=env,
            stdout=subprocess.DEVNULL,
        )
        try:
            _wait_up(port, proc)
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=600)
            cases = [
                ("first request (panel built), europe 1914", "year=1914&region=europe"),
                ("new year, europe 2024", "year=2024&region=europe"),
                ("cached, europe 2024", "year=2024&region=europe"),
                ("new region, asia 2024", "year=2024&region=asia"),
            ]
            for label, q in cases:
                t0 = time.perf_counter()
                conn.request("GET", f"/api/risk?{q}")
                r = conn.getresponse()
                r.read()
                dt = time.perf_counter() - t0
                if r.status != 200:
                    raise SystemExit(f"/api/risk?{q}: HTTP {r.status}")
                print(f"/api/risk {label}: {dt:.2f} s")
                record(f"web /api/risk {label}", dt, "s")
            conn.close()
            rss = _rss_mib(proc.pid)
            if rss is not None:
                print(f"server resident memory after these requests: {rss:.0f} MiB")
                record("web /api/risk server resident memory", rss, "MiB")
        finally:
            proc.terminate()
            proc.wait(10)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
