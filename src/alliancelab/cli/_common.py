"""What the command modules share: the consoles, common options and the user-error table.

Nothing here imports pandas, numpy, DuckDB or matplotlib: ``alliancelab --help`` and
importing :mod:`alliancelab.cli` stay light, and every command imports what it needs when
it runs.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

__all__ = [
    "HEAVY_IMPORTS",
    "STORE_IMPORTS",
    "Region",
    "StoreOpt",
    "check_home",
    "check_seed",
    "console",
    "err_console",
    "error_line",
    "out_file",
    "out_folder",
]

#: Width of the tables when standard output is not a terminal and ``COLUMNS`` is unset
#: (a pipe, a file, a notebook cell): Rich would fall back to 80 columns, which cuts the
#: numbers of wide tables such as ``policy`` to "-0.…".
PIPE_WIDTH = 160


def _width() -> int | None:
    """The console width: the terminal's or ``COLUMNS`` when known, else :data:`PIPE_WIDTH`."""
    import sys

    if os.environ.get("COLUMNS") or sys.stdout.isatty():
        return None
    return PIPE_WIDTH


#: standard output (tables, results) and standard error (errors, progress bars)
console = Console(width=_width())
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
    return f"{type(exc).__name__}: {plain_numbers(str(msg))}"


_NUMPY_SCALAR = re.compile(r"np\.(?:u?int|float|bool_?)\d*\(([^()]*)\)")


def plain_numbers(text: str) -> str:
    """``np.int64(201)`` in a message as ``201`` (numpy 2 reprs of scalars).

    Examples
    --------
    >>> plain_numbers("state np.int64(201) is not in [np.int64(2), np.float64(0.5)]")
    'state 201 is not in [2, 0.5]'
    """
    return _NUMPY_SCALAR.sub(r"\1", text)


def _param_error(message: str) -> Exception:
    from ..errors import ParameterError

    return ParameterError(message)


def _writable_parent(path: Path, what: str) -> None:
    """Refuse ``path`` when an existing ancestor is a file or is not writable; create the
    missing folders and say so on standard error."""
    parent = path.parent
    existing = parent
    while not existing.exists() and existing != existing.parent:
        existing = existing.parent
    if not existing.is_dir():
        raise _param_error(
            f"{what} {path}: cannot write there, {existing} is a file, not a folder; "
            "choose another path"
        )
    if not os.access(existing, os.W_OK | os.X_OK):
        raise _param_error(
            f"{what} {path}: the folder {existing} is not writable; choose another path"
        )
    if existing != parent:
        parent.mkdir(parents=True, exist_ok=True)
        err_console.print(f"created folder {parent}", markup=False, highlight=False)


def out_file(path: Path, what: str = "--out") -> Path:
    """Check an output file path before any work: not a folder, its folder writable
    (missing folders are created, and the user told).

    Examples
    --------
    >>> import tempfile
    >>> out_file(Path(tempfile.gettempdir()))
    Traceback (most recent call last):
    ...
    alliancelab.errors.ParameterError: --out /tmp is a folder; give a file name
    """
    if path.is_dir():
        raise _param_error(f"{what} {path} is a folder; give a file name")
    _writable_parent(path, what)
    return path


def out_folder(path: Path, what: str = "--out") -> Path:
    """Check an output folder before any work: not a file, inside a writable folder
    (missing folders are created when the outputs are written; the user is told)."""
    if path.exists() and not path.is_dir():
        raise _param_error(f"{what} {path} is a file, not a folder; give a folder")
    if not path.exists():
        _writable_parent(path, what)
        err_console.print(f"creating folder {path}", markup=False, highlight=False)
    elif not os.access(path, os.W_OK | os.X_OK):
        raise _param_error(f"{what} {path} is not writable; choose another folder")
    return path


def check_seed(seed: int | None, what: str = "--seed") -> int | None:
    """A seed must be a whole number >= 0 (numpy's ``SeedSequence`` rule).

    Examples
    --------
    >>> check_seed(-3)
    Traceback (most recent call last):
    ...
    alliancelab.errors.ParameterError: --seed must be a whole number >= 0, got -3
    """
    if seed is not None and seed < 0:
        raise _param_error(f"{what} must be a whole number >= 0, got {seed}")
    return seed


def check_home() -> None:
    """``ALLIANCELAB_HOME``, when set, must be a folder (or not exist yet)."""
    home = os.environ.get("ALLIANCELAB_HOME")
    if home and Path(home).exists() and not Path(home).is_dir():
        raise _param_error(
            f"ALLIANCELAB_HOME={home} is a file, not a folder; point it at a folder "
            "(it holds the store and downloads)"
        )
