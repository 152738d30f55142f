"""numba for the compiled kernels, with an on-disk cache so only the first process compiles.

Every numba kernel (:mod:`alliancelab.models`, :mod:`alliancelab.kernels.signed`,
:mod:`alliancelab.kernels.cascade`) is compiled with ``numba.njit(cache=cache)``
where ``cache`` is :func:`cache_enabled`'s answer. numba writes the machine code of a
cached function to ``NUMBA_CACHE_DIR`` (numba documentation, "Cache sharing" and
"NUMBA_CACHE_DIR"); a later process loads it instead of compiling (the escalation cascade
took about 3.5 s to compile per process before, issue 16).

The folder, decided once per process, before numba is imported:

1. ``NUMBA_CACHE_DIR`` when the environment already sets it (the user's numba setting wins);
2. else ``$ALLIANCELAB_CACHE/numba`` when ``ALLIANCELAB_CACHE`` is set;
3. else ``<user cache dir>/numba`` with ``platformdirs.user_cache_dir("alliancelab")``
   (``~/.cache/alliancelab/numba`` on Linux).

When the folder cannot be created or written, the kernels are compiled without a cache
(as before), silently. The cache costs about 0.63 MB on disk for the seven kernels: one
``.nbi`` index (2 KB) and one ``.nbc`` object file per kernel and argument signature
(escalation 237 KB, alignment 67 + 68 KB, frustration enumeration 54 KB, signed blocs'
moves 79 KB, exposure cascade 95 + 19 KB; measured with numba 0.68, Python 3.11, x86-64
Linux). numba invalidates an entry when its source file changes; files of an older
alliancelab or Python version are left behind, so deleting the folder is always safe.
"""

from __future__ import annotations

import os
import sys
import tempfile
from functools import cache
from pathlib import Path
from types import ModuleType

__all__ = ["cache_dir", "cache_enabled", "numba"]


def _writable(path: Path) -> bool:
    try:
        path.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryFile(dir=path):
            pass
    except OSError:
        return False
    return True


@cache
def cache_dir() -> Path | None:
    """The folder numba caches the kernels in, or None when there is no writable one.

    Sets ``NUMBA_CACHE_DIR`` in this process's environment (and in numba's config when
    numba is already imported without one) the first time it is called.
    """
    given = os.environ.get("NUMBA_CACHE_DIR", "").strip()
    if given:
        path = Path(given)
    else:
        root = os.environ.get("ALLIANCELAB_CACHE", "").strip()
        if not root:
            import platformdirs

            root = platformdirs.user_cache_dir("alliancelab")
        path = Path(root) / "numba"
    if not _writable(path):
        return None
    if not given:
        os.environ["NUMBA_CACHE_DIR"] = str(path)
        config = sys.modules.get("numba.core.config")
        if config is not None and not getattr(config, "CACHE_DIR", ""):
            config.CACHE_DIR = str(path)  # type: ignore[attr-defined]
    return path


def cache_enabled() -> bool:
    """Whether the kernels are compiled with ``cache=True`` (a writable folder exists)."""
    return cache_dir() is not None


def numba() -> ModuleType:
    """Import numba after the cache folder is configured (see the module docstring)."""
    cache_dir()
    import numba as nb

    return nb
