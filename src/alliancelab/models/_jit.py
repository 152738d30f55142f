"""numba with the package's on-disk kernel cache (:mod:`alliancelab.kernels._jit`).

The cache logic lives in the kernels layer so that compiled kernels below the models (the
frustration enumeration of :mod:`alliancelab.kernels.signed`) share it; the models keep
importing it from here.
"""

from __future__ import annotations

from ..kernels._jit import _writable as _writable
from ..kernels._jit import cache_dir, cache_enabled, numba

__all__ = ["cache_dir", "cache_enabled", "numba"]
