"""Caps on every size or count a user can pass, checked before anything is allocated.

One table, :data:`DEFAULTS`, holds every cap; :func:`check` is the one place that enforces
them. A cap can be raised for one process with the environment variable
``ALLIANCELAB_LIMIT_<NAME>`` (e.g. ``ALLIANCELAB_LIMIT_DRAWS=50000000``), for a block of
code with :func:`raised`, and on the command line with the root option
``alliancelab --limit NAME=VALUE ...``. The defaults keep any single run within a few GB
of memory on a laptop; raising them is the user's explicit choice.

Examples
--------
>>> check("draws", 10_000, what="--n")
10000
>>> check("draws", 10**12, what="--n")
Traceback (most recent call last):
...
alliancelab.errors.LimitError: --n = 1,000,000,000,000 is over the cap of 10,000,000 (draws); \
raise it with --limit draws=N or ALLIANCELAB_LIMIT_DRAWS=N
>>> with raised(draws=10**12):
...     check("draws", 10**12, what="--n")
1000000000000
"""

from __future__ import annotations

import math
import os
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from types import MappingProxyType

from .errors import LimitError, ParameterError

__all__ = ["DEFAULTS", "check", "check_cells", "limit", "raised"]

#: name -> (default cap, what it bounds). Documented in docs/limits.md.
DEFAULTS: MappingProxyType[str, tuple[int, str]] = MappingProxyType(
    {
        "draws": (10_000_000, "Monte Carlo draws, crises or paths of one run"),
        "policy_draws": (100_000, "crises per rival pair and option in a policy ranking"),
        "starts": (1_000_000, "random starts of the alignment multistart"),
        "horizon": (500, "years a model projects or simulates ahead"),
        "window": (100, "years either side of a case study or scenario's base year"),
        "rows": (100_000, "rows a command prints"),
        "sweep_tasks": (100_000, "grid points x seeds of one parameter sweep"),
        "cells": (500_000_000, "elements of the largest array one run allocates"),
    }
)

_OVERRIDES: ContextVar[dict[str, int] | None] = ContextVar("alliancelab_limits", default=None)


def _env(name: str) -> int | None:
    raw = os.environ.get(f"ALLIANCELAB_LIMIT_{name.upper()}")
    if raw is None or not raw.strip():
        return None
    try:
        value = float(raw)
    except ValueError:
        raise ParameterError(f"ALLIANCELAB_LIMIT_{name.upper()}={raw!r} is not a number") from None
    if not math.isfinite(value) or value < 1 or value != int(value):
        raise ParameterError(f"ALLIANCELAB_LIMIT_{name.upper()}={raw!r}: give a whole number >= 1")
    return int(value)


def limit(name: str) -> int:
    """The cap in force for ``name`` (:func:`raised`, then the environment, then the default).

    Examples
    --------
    >>> limit("window")
    100
    """
    if name not in DEFAULTS:
        raise ParameterError(f"no limit named {name!r}; limits are {', '.join(DEFAULTS)}")
    over = _OVERRIDES.get()
    if over and name in over:
        return over[name]
    env = _env(name)
    return env if env is not None else DEFAULTS[name][0]


@contextmanager
def raised(**caps: int) -> Iterator[None]:
    """Raise (or lower) caps inside a ``with`` block: ``with raised(draws=10**8): ...``."""
    for name, value in caps.items():
        limit(name)  # unknown names fail here
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            raise ParameterError(f"limit {name} must be a whole number >= 1, got {value!r}")
    token = _OVERRIDES.set({**(_OVERRIDES.get() or {}), **caps})
    try:
        yield
    finally:
        _OVERRIDES.reset(token)


def check(name: str, value: object, *, what: str, minimum: int = 1) -> int:
    """``value`` as an int in ``[minimum, limit(name)]``, else a clear error naming ``what``.

    Rejects booleans, non-integers (``1e12`` read as a float, ``2.5``, ``"x"``) and values
    below ``minimum`` with :class:`~alliancelab.errors.ParameterError`, and values over the
    cap with :class:`~alliancelab.errors.LimitError`, before anything is allocated.
    """
    if (
        isinstance(value, bool)
        or not isinstance(value, int | float)
        or (isinstance(value, float) and (not math.isfinite(value) or value != int(value)))
    ):
        raise ParameterError(f"{what} must be a whole number, got {value!r}")
    v = int(value)
    if v < minimum:
        raise ParameterError(f"{what} must be >= {minimum}, got {v}")
    cap = limit(name)
    if v > cap:
        raise LimitError(
            f"{what} = {v:,} is over the cap of {cap:,} ({name}); raise it with "
            f"--limit {name}=N or ALLIANCELAB_LIMIT_{name.upper()}=N"
        )
    return v


def check_cells(*shape: int, what: str) -> int:
    """Refuse an array of ``shape`` whose element count is over the ``cells`` cap.

    Examples
    --------
    >>> check_cells(1000, 20, 195, what="transition paths")
    3900000
    """
    cells = 1
    for s in shape:
        cells *= max(int(s), 0)
    cap = limit("cells")
    if cells > cap:
        dims = " x ".join(f"{int(s):,}" for s in shape)
        raise LimitError(
            f"{what} would allocate {dims} = {cells:,} elements, over the cap of {cap:,} "
            "(cells); use fewer draws or a shorter horizon, or raise it with "
            "--limit cells=N or ALLIANCELAB_LIMIT_CELLS=N"
        )
    return cells
