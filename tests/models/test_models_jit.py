"""numba's on-disk cache for the models' kernels: folder choice, fallback, no recompile."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from alliancelab.models import _jit

_PROBE = """
import json, numpy as np
from alliancelab.models import _jit, alignment as al
from alliancelab.models._escalation_kernel import _kernel
al.minima(np.random.default_rng(0).random(4), np.ones((4, 4)))
k = al._kernels()[0]
print(json.dumps({
    "dir": str(_jit.cache_dir()),
    "hits": sum(k.stats.cache_hits.values()),
    "misses": sum(k.stats.cache_misses.values()),
    "escalation_cached": type(_kernel()._cache).__name__ != "NullCache",
}))
"""


def _probe(env: dict[str, str]) -> dict[str, object]:
    out = subprocess.run(
        [sys.executable, "-c", _PROBE], env=env, capture_output=True, text=True, check=True
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def _env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("NUMBA_CACHE_DIR", "ALLIANCELAB_CACHE")}
    env.update(extra)
    return env


def test_a_second_process_loads_the_kernel_from_the_cache(tmp_path: Path) -> None:
    env = _env(ALLIANCELAB_CACHE=str(tmp_path))
    first = _probe(env)
    second = _probe(env)
    assert first["dir"] == str(tmp_path / "numba")
    assert (first["hits"], first["misses"]) == (0, 1)
    assert (second["hits"], second["misses"]) == (1, 0)
    assert first["escalation_cached"] and second["escalation_cached"]
    assert any((tmp_path / "numba").rglob("*.nbc"))


def test_an_existing_numba_cache_dir_wins(tmp_path: Path) -> None:
    res = _probe(_env(ALLIANCELAB_CACHE=str(tmp_path / "ours"), NUMBA_CACHE_DIR=str(tmp_path)))
    assert res["dir"] == str(tmp_path)
    assert not (tmp_path / "ours").exists()


def test_an_unwritable_folder_means_no_cache_silently(tmp_path: Path) -> None:
    # A folder below a regular file can be created by nobody, root included.
    blocker = tmp_path / "file"
    blocker.write_text("")
    out = subprocess.run(
        [sys.executable, "-W", "error", "-c", _PROBE],
        env=_env(ALLIANCELAB_CACHE=str(blocker / "cache")),
        capture_output=True,
        text=True,
        check=True,
    )
    res = json.loads(out.stdout.strip().splitlines()[-1])
    assert res["dir"] == "None"
    assert (res["hits"], res["escalation_cached"]) == (0, False)
    assert out.stderr == ""


def test_writable_probe(tmp_path: Path) -> None:
    assert _jit._writable(tmp_path / "a" / "b")
    (tmp_path / "f").write_text("")
    assert not _jit._writable(tmp_path / "f" / "sub")
