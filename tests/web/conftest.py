"""Fixtures of the web tests: a real ``alliancelab serve`` on a free loopback port."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

pytest.importorskip("fastapi", reason="the web extra (pip install -e '.[web]') is not installed")

from _web_server import TOKEN, Server, free_port


@pytest.fixture(scope="session")
def risk_home(shared_data: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder whose default store holds what ``/api/risk`` needs: COW states (with
    majors), ATOP 5.1, NMC 7.0, the rivalries, MID 5.0 and contiguity (official files)."""
    from _official import import_official
    from alliancelab.store import Store

    home = tmp_path_factory.mktemp("web-home")
    import_official(Store(home / "alliancelab.duckdb"), shared_data)
    return home


def _launch(env: dict[str, str], *args: str) -> Iterator[Server]:
    """``alliancelab serve ARGS`` (the real CLI and uvicorn) on 127.0.0.1 and a free port,
    up once ``/api/health`` answers; stopped afterwards."""
    port = free_port()
    env = {**os.environ, "ALLIANCELAB_TOKEN": TOKEN, **env}
    proc = subprocess.Popen(
        [sys.executable, "-m", "alliancelab.cli", "serve", "--port", str(port), *args],
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


@pytest.fixture(scope="session")
def server(risk_home: Path) -> Iterator[Server]:
    """``alliancelab serve`` on the reference data, its default store
    (``ALLIANCELAB_HOME``) :func:`risk_home`'s."""
    yield from _launch({"ALLIANCELAB_HOME": str(risk_home)})


@pytest.fixture(scope="session")
def store_server(risk_home: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """``alliancelab serve --store`` :func:`risk_home`'s store, the default store
    (``ALLIANCELAB_HOME``) an empty folder."""
    empty = tmp_path_factory.mktemp("web-empty-home")
    store = str(risk_home / "alliancelab.duckdb")
    yield from _launch({"ALLIANCELAB_HOME": str(empty)}, "--store", store)
