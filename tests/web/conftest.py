"""Fixtures of the web tests: a real ``alliancelab serve`` on a free loopback port."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator

import pytest

pytest.importorskip("fastapi", reason="the web extra (pip install -e '.[web]') is not installed")

from _web_server import TOKEN, Server, free_port


@pytest.fixture(scope="session")
def server() -> Iterator[Server]:
    """``alliancelab serve`` (the real CLI and uvicorn) on 127.0.0.1 and a free port."""
    port = free_port()
    env = {**os.environ, "ALLIANCELAB_TOKEN": TOKEN}
    proc = subprocess.Popen(
        [sys.executable, "-m", "alliancelab.cli", "serve", "--port", str(port)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    srv = Server(f"http://127.0.0.1:{port}", proc)
    deadline = time.monotonic() + 60
    while True:
        try:
            if srv.request("/api/health")[0] == 200:
                break
        except OSError:
            pass
        if proc.poll() is not None or time.monotonic() > deadline:
            proc.kill()
            out = proc.communicate(timeout=10)[0].decode()
            pytest.fail(f"alliancelab serve did not start: {out}")
        time.sleep(0.2)
    yield srv
    proc.terminate()
    try:
        proc.wait(10)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(10)
    if proc.stdout is not None:
        proc.stdout.close()
