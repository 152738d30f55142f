"""``alliancelab scenario run``: run a scenario file, print and save baseline vs scenario.

Outputs are written to a temporary folder and moved into place only when complete. The
printer :func:`print_result` is shared with ``alliancelab case-study``
(:mod:`alliancelab.cli.toplevel`).
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.table import Table

from ._common import HEAVY_IMPORTS, check_seed, console, out_folder

__all__ = ["HEAVY_IMPORTS", "USER_ERRORS", "N", "Seed", "app", "print_result"]

#: exceptions reported as user errors besides AllianceLabError: none
USER_ERRORS: tuple[type[Exception], ...] = ()

app = typer.Typer(help="What-if scenarios: edit alliances, compare measures and models.",
                  no_args_is_help=True)  # fmt: skip


def _fmt(v: object) -> str:
    if isinstance(v, float):
        if math.isnan(v):
            return ""
        return f"{v:.4g}"
    return str(v)


def print_result(result: Any) -> None:
    """Print a scenario result: its edits and the baseline-vs-scenario table."""
    sc = result.scenario
    base = getattr(sc, "date", None) or sc.year
    console.rule(f"[bold]{sc.title or sc.name}[/bold] (base {base}, {sc.region or 'system'})")
    for _, r in result.changes.iterrows():
        what = "baseline set-up" if r["stage"] == "baseline" else "edit"
        console.print(f"{what} {r['edit']}: {r['description']}", markup=False, highlight=False)
    t = Table(title=f"Baseline vs scenario (n={result.n}, seed={result.seed})")
    for col in ("quantity", "baseline", "scenario", "change", "95% interval", "why"):
        t.add_column(col, overflow="fold")
    for _, r in result.table.iterrows():
        d = r["delta"]
        ci = ""
        if not math.isnan(r["delta_lo"]):
            ci = f"{r['delta_lo']:+.3g} to {r['delta_hi']:+.3g}"
        t.add_row(
            str(r["name"]),
            _fmt(r["baseline"]),
            _fmt(r["scenario"]),
            "" if math.isnan(d) else f"{d:+.4g}",
            ci,
            str(r["why"]),
        )
    console.print(t)


N = Annotated[int | None, typer.Option("--n", help="Monte Carlo draws (default: the file's)")]
Seed = Annotated[int | None, typer.Option("--seed", help="root seed (default: the file's)")]


@app.command("run")
def run_cmd(
    file: Annotated[Path, typer.Argument(help="scenario TOML file (see docs/scenarios.md)")],
    n: N = None,
    seed: Seed = None,
    out: Annotated[
        Path | None, typer.Option("--out", help="output folder (default out/NAME)")
    ] = None,
    no_report: Annotated[bool, typer.Option("--no-report", help="skip the HTML report")] = False,
) -> None:
    """Run a scenario file: print baseline vs scenario and save frames and a report."""
    from .. import limits
    from ..reports.scenario_outputs import write_outputs
    from ..scenario import load, run

    if n is not None:
        limits.check("draws", n, what="--n")
    check_seed(seed)
    if out is not None:
        out_folder(out)
    sc = load(file)
    folder = out if out is not None else out_folder(Path("out") / sc.name)
    with console.status("running the scenario...") as status:
        result = run(sc, n=n, seed=seed, progress=lambda m: status.update(m))
        print_result(result)
        status.update("writing the outputs...")
        path = write_outputs(result, folder, report=not no_report)
    console.print(f"\nResults written to [bold]{path}[/bold]")
