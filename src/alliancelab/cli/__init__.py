"""The ``alliancelab`` command line: a thin layer over the public API.

This entry module assembles the Typer app from one submodule per command family
(:mod:`~alliancelab.cli.toplevel`, :mod:`~alliancelab.cli.data`,
:mod:`~alliancelab.cli.measure`, :mod:`~alliancelab.cli.panel`,
:mod:`~alliancelab.cli.scenario`, :mod:`~alliancelab.cli.simulate`); the submodules never
import it. It holds the one error guard: a user error (:class:`AllianceLabError` and its
subclasses, plus the bad-value exceptions a family lists in its ``USER_ERRORS``) prints
``ErrorType: message`` on standard error and exits with status 1; anything else is a bug
and keeps its traceback.

The root option ``alliancelab --limit NAME=VALUE`` (repeatable) raises a cap of
:mod:`alliancelab.limits` for the one command that follows (docs/limits.md).

Importing this module loads Typer and Rich but not pandas, numpy, DuckDB or matplotlib,
so ``alliancelab --help`` is quick; each command imports what it needs when it runs.
:func:`main`, the process entry point, imports the family's heavy modules with the cyclic
GC off and then freezes them (:mod:`alliancelab._startup`) before running a command;
importing the library never touches the GC.
"""

from __future__ import annotations

from typing import Annotated, Any

import typer
import typer.main
from typer.core import TyperGroup

from .. import _startup, limits
from ..errors import AllianceLabError, ParameterError
from . import backtest, data, measure, panel, replicate, risk, scenario, serve, simulate, toplevel
from ._common import check_home, err_console, error_line

__all__ = ["app", "main"]

#: top-level command -> its family module (USER_ERRORS and HEAVY_IMPORTS are read from it)
_FAMILIES: dict[str, Any] = {
    **dict.fromkeys(toplevel.COMMANDS, toplevel),
    "measure": measure,
    "data": data,
    "simulate": simulate,
    "scenario": scenario,
    "panel": panel,
    "serve": serve,
    "replicate": replicate,
    "risk": risk,
    "backtest": backtest,
}


class _GuardedGroup(TyperGroup):
    """The root command group; its :meth:`invoke` is the CLI's one error guard."""

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except AllianceLabError as exc:
            raise _user_error(exc) from None
        except Exception as exc:
            family = _FAMILIES.get(ctx.invoked_subcommand or "")
            if family is not None and isinstance(exc, family.USER_ERRORS):
                raise _user_error(exc) from None
            raise


def _user_error(exc: Exception) -> typer.Exit:
    err_console.print(error_line(exc), markup=False, highlight=False, soft_wrap=True)
    return typer.Exit(1)


app = typer.Typer(
    name="alliancelab",
    cls=_GuardedGroup,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
    # Help and usage errors in click's plain layout: Typer's Rich layout imports
    # rich.markdown (markdown-it) and rich.traceback for every --help and usage error, a
    # third of the time of `alliancelab --help`; at 100 columns no summary is cut short.
    rich_markup_mode=None,
    context_settings={"max_content_width": 100},
)


def parse_limits(values: list[str]) -> dict[str, int]:
    """``["draws=5e7", "horizon=1000"]`` as caps for :func:`alliancelab.limits.raised`.

    Examples
    --------
    >>> parse_limits(["draws=5e7", "horizon=1000"])
    {'draws': 50000000, 'horizon': 1000}
    """
    caps: dict[str, int] = {}
    for item in values:
        name, sep, raw = item.partition("=")
        name = name.strip().lower().replace("-", "_")
        if not sep or name not in limits.DEFAULTS:
            raise ParameterError(
                f"--limit {item!r}: write NAME=VALUE with NAME one of "
                f"{', '.join(limits.DEFAULTS)} (see docs/limits.md)"
            )
        try:
            value = float(raw.replace("_", ""))
        except ValueError:
            raise ParameterError(f"--limit {item!r}: {raw!r} is not a number") from None
        if not value == value or value in (float("inf"), -float("inf")) or value < 1:
            raise ParameterError(f"--limit {item!r}: give a whole number >= 1")
        if value != int(value):
            raise ParameterError(f"--limit {item!r}: give a whole number >= 1")
        caps[name] = int(value)
    return caps


@app.callback()
def _root(
    ctx: typer.Context,
    limit: Annotated[
        list[str] | None,
        typer.Option(
            "--limit",
            metavar="NAME=VALUE",
            help="raise (or lower) a cap on sizes for this command, e.g. --limit draws=5e7; "
            "caps: " + ", ".join(limits.DEFAULTS) + " (docs/limits.md)",
        ),
    ] = None,
) -> None:
    """Measure, explain and simulate how military alliances shape regional stability."""
    check_home()
    if limit:
        ctx.with_resource(limits.raised(**parse_limits(limit)))


for _name, _command in toplevel.COMMANDS.items():
    app.command(_name)(_command)
app.command("measure")(measure.measure)
app.add_typer(data.app, name="data")
app.add_typer(simulate.app, name="simulate")
app.add_typer(scenario.app, name="scenario")
app.add_typer(panel.app, name="panel")
app.add_typer(risk.app, name="risk")
app.add_typer(backtest.app, name="backtest")
app.command("serve")(serve.serve)
app.command("replicate")(replicate.replicate)


def _imports_for(path: tuple[str, ...]) -> tuple[str, ...]:
    """What to import before freezing the GC when the command ``alliancelab PATH`` runs:
    its family's ``HEAVY_IMPORTS``, or the family's ``COMMAND_IMPORTS`` entry for it.

    Examples
    --------
    >>> _imports_for(("cite",)), _imports_for(("alliances",))
    ((), ('numpy', 'pandas'))
    """
    family = _FAMILIES.get(path[0]) if path else None
    if family is None:
        return ()
    heavy: tuple[str, ...] = getattr(family, "COMMAND_IMPORTS", {}).get(
        path[0], family.HEAVY_IMPORTS
    )
    return heavy


def _freeze_before_run(command: Any, path: tuple[str, ...] = ()) -> None:
    """Make every command under ``command`` import its heavy modules with the GC off, and
    freeze them, when it runs: after its arguments parsed, so ``--help`` and a usage
    error import none of them."""
    commands = getattr(command, "commands", None)
    if commands is not None:
        for name, sub in commands.items():
            _freeze_before_run(sub, (*path, name))
        return
    heavy = _imports_for(path)
    run = command.callback
    if not heavy or run is None:
        return

    def heavy_first(*args: Any, **kwargs: Any) -> Any:
        _startup.freeze_after_imports(*heavy)
        return run(*args, **kwargs)

    command.callback = heavy_first


def main() -> None:
    """Entry point of the ``alliancelab`` script.

    Once a command's arguments have parsed, and before it runs, the modules its family
    needs are imported with the cyclic GC off and then frozen, a start-up saving of a
    whole short process (:func:`alliancelab._startup.freeze_after_imports`; skipped in
    interactive sessions, when the caller has the GC off, or with
    ``ALLIANCELAB_GC_FREEZE=0``). ``--help``, a usage error, ``cite``, ``versions`` and
    ``states`` import none of them.
    """
    command = typer.main.get_command(app)
    _freeze_before_run(command)
    command()
