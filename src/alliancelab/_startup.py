"""Process start-up for entry points: import the scientific stack without paying the GC.

Importing pandas (with numpy and pyarrow) and DuckDB creates about 68,000 long-lived
container objects: modules, classes, functions. CPython's cyclic garbage collector walks
all of them in every full collection: during the import itself and again, three times,
when the interpreter exits, although none of them ever becomes garbage. For a short job,
such as building a panel from a script or the CLI, that was about 0.08 s of a 0.67 s
process (``benchmarks/bench_panels.py`` times the process with and without the freeze).

:func:`quiet_gc` wraps a process's heavy imports: it turns the collector off while they
run (harmless: garbage made meanwhile is collected once it is back on) and then calls
:func:`gc.freeze`, which moves every object alive at that moment to the permanent
generation that collections skip (Python documentation of ``gc.freeze``, added in 3.7
by bpo-31558 "to make the gc copy-on-write friendly or to speed up collection"; Instagram
Engineering, 2017, "Copy-on-write friendly Python garbage collection").
:func:`freeze_after_imports` does that for a list of module names.

The freeze is process-wide state, so only process entry points call it: the CLI's
``main`` (:mod:`alliancelab.cli`) and the benchmark scripts (``benchmarks/``). Importing
alliancelab never does (DESIGN.md: no import-time global state); a script or service
that wants the saving calls :func:`freeze_after_imports` itself, once, at its start.

An object frozen there that later becomes part of an unreachable cycle is never
reclaimed. Freezing is therefore skipped where that could matter or where the gain does
not: in interactive sessions (the standard REPL, IPython/Jupyter), when the collector was
already off (the caller manages it), and when the environment sets
``ALLIANCELAB_GC_FREEZE=0``.
"""

from __future__ import annotations

import gc
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from importlib import import_module

__all__ = ["freeze_after_imports", "quiet_gc"]


def _freeze_wanted() -> bool:
    if os.environ.get("ALLIANCELAB_GC_FREEZE", "1").strip().lower() in ("0", "no", "false"):
        return False
    interactive = hasattr(sys, "ps1") or bool(sys.flags.interactive) or "IPython" in sys.modules
    return not interactive


@contextmanager
def quiet_gc() -> Iterator[None]:
    """Run the enclosed imports with the cyclic GC off, then freeze what they created.

    Examples
    --------
    >>> import gc
    >>> with quiet_gc():
    ...     off_inside = not gc.isenabled()
    >>> off_inside, gc.isenabled()
    (True, True)
    >>> gc.unfreeze()  # this example runs inside a test process: undo the freeze
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
            if _freeze_wanted():
                gc.freeze()


def freeze_after_imports(*modules: str) -> None:
    """Import ``modules`` with the cyclic GC off, then freeze what the process holds.

    For process entry points only (the CLI, benchmark scripts): see the module docstring
    for when the freeze is skipped.

    Parameters
    ----------
    *modules
        Absolute module names, e.g. ``"pandas"``, ``"duckdb"``, ``"alliancelab.panels"``.
    """
    with quiet_gc():
        for name in modules:
            import_module(name)
