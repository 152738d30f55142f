"""What the command modules share: the consoles, common options and the user-error table.

Nothing here imports pandas, numpy, DuckDB or matplotlib: ``alliancelab --help`` and
importing :mod:`alliancelab.cli` stay light, and every command imports what it needs when
it runs.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

__all__ = [
    "HEAVY_IMPORTS",
    "STORE_IMPORTS",
    "Region",
    "StoreOpt",
    "console",
    "err_console",
    "error_line",
]

#: standard output (tables, results) and standard error (errors, progress bars)
console = Console()
err_console = Console(stderr=True)

#: Modules the entry point imports before freezing the cyclic GC when a command runs
#: (see :mod:`alliancelab._startup`): the scientific stack nearly every command needs.
HEAVY_IMPORTS: tuple[str, ...] = ("numpy", "pandas")
#: The same for command families that read the DuckDB store.
STORE_IMPORTS: tuple[str, ...] = (*HEAVY_IMPORTS, "duckdb")

Region = Annotated[
    str, typer.Option("--region", "-r", help="COW region or comma-separated COW codes")
]

StoreOpt = Annotated[
    Path | None,
    typer.Option(
        "--store", help="DuckDB store file (default: $ALLIANCELAB_HOME/alliancelab.duckdb)"
    ),
]


def error_line(exc: BaseException) -> str:
    """The one-line report of a user error: ``ErrorType: message``.

    A plain :class:`KeyError` would quote its message, so its first argument is used.

    Examples
    --------
    >>> error_line(ValueError("give --p"))
    'ValueError: give --p'
    >>> error_line(KeyError("no such verb"))
    'KeyError: no such verb'
    """
    msg = exc.args[0] if isinstance(exc, KeyError) and exc.args else exc
    return f"{type(exc).__name__}: {msg}"
