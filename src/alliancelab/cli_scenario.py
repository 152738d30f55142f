"""``alliancelab scenario run``, ``alliancelab policy`` and ``alliancelab case-study``.

User errors print ``ErrorType: message`` and exit 1; outputs are written to a temporary
folder and moved into place only when complete.
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.table import Table

__all__ = ["app", "register"]

app = typer.Typer(help="What-if scenarios: edit alliances, compare measures and models.",
                  no_args_is_help=True)  # fmt: skip
console = Console()


def _fmt(v: object) -> str:
    if isinstance(v, float):
        if math.isnan(v):
            return ""
        return f"{v:.4g}"
    return str(v)


def _print_result(result: Any) -> None:
    sc = result.scenario
    console.rule(f"[bold]{sc.title or sc.name}[/bold] (base {sc.year}, {sc.region or 'system'})")
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
    from .cli import _guard

    def go() -> None:
        from .reports.scenario_outputs import write_outputs
        from .scenario import load, run

        sc = load(file)
        with console.status("running the scenario...") as status:
            result = run(sc, n=n, seed=seed, progress=lambda m: status.update(m))
            _print_result(result)
            status.update("writing the outputs...")
            path = write_outputs(result, out or Path("out") / sc.name, report=not no_report)
        console.print(f"\nResults written to [bold]{path}[/bold]")

    _guard(go)


def policy(
    region: Annotated[str, typer.Option("--region", "-r", help="COW region or COW codes")],
    year: Annotated[int, typer.Option("--year", "-y", help="year, 1816-2024")],
    focal: Annotated[
        str | None, typer.Option("--for", help="only moves of this state (code, ISO3, name)")
    ] = None,
    n: Annotated[int, typer.Option("--n", help="crises per rival pair")] = 300,
    seed: Annotated[int, typer.Option("--seed")] = 0,
    top: Annotated[int, typer.Option("--top", help="rows of the ranked table")] = 15,
    out: Annotated[Path | None, typer.Option("--out", help="also save the table (CSV)")] = None,
) -> None:
    """Rank candidate alliance moves for a region-year and explain each score."""
    from .cli import _guard

    def go() -> None:
        from .policy import CRITERIA, options

        with console.status("scoring the options..."):
            po = options(region, year, focal=focal, n=n, seed=seed)
        who = f" for {po.snapshot.names[po.snapshot.index(po.focal)]}" if po.focal else ""
        console.rule(f"[bold]Policy options: {po.region} {year}{who}[/bold]")
        console.print(
            f"{len(po.table)} candidate moves scored on deterrence gain (deter), entanglement "
            "risk (risk), provocation of outsiders (provoke), dependency (depend) and "
            "structural balance (balance); see docs/policy.md."
        )
        for title, frame in (
            ("Pareto-efficient options", po.pareto),
            (f"Ranked options (top {top})", po.table.head(top)),
        ):
            t = Table(title=title)
            t.add_column("#")
            t.add_column("kind")
            t.add_column("option", overflow="fold", min_width=24, ratio=3)
            for col in ("score", "deter", "risk", "provoke", "depend", "balance"):
                t.add_column(col, justify="right")
            for _, r in frame.iterrows():
                t.add_row(
                    str(r["rank"]),
                    str(r["kind"]),
                    str(r["option"]),
                    f"{r['score']:+.3f}",
                    *(f"{r[c]:+.3f}" for c in CRITERIA),
                )
            console.print(t)
        console.rule("Why: the reason behind each score (top options)")
        for _, r in po.table.head(min(top, 5)).iterrows():
            console.print(f"[bold]{r['rank']}. {r['option']}[/bold]", highlight=False)
            for c in CRITERIA:
                console.print(f"   {c}: {r[f'why_{c}']}", markup=False, highlight=False)
        if out is not None:
            from .reports.scenario_outputs import _atomic_csv

            _atomic_csv(po.table, out)
            console.print(f"\nTable written to [bold]{out}[/bold]")

    _guard(go)


def case_study(
    name: Annotated[str | None, typer.Argument(help="bundled case (see --list)")] = None,
    list_: Annotated[bool, typer.Option("--list", help="list the bundled case studies")] = False,
    out: Annotated[Path | None, typer.Option("--out", help="output folder")] = None,
    n: N = None,
    seed: Seed = None,
    window: Annotated[
        int | None, typer.Option("--window", help="years either side for indicators over time")
    ] = None,
) -> None:
    """List the bundled case studies, or run one and write its HTML report."""
    from .cli import _guard

    def go() -> None:
        from .reports.scenario_outputs import write_outputs
        from .scenario import bundled, bundled_path, run

        if list_ or name is None:
            t = Table(title="Bundled case studies (alliancelab case-study NAME)")
            for col in ("name", "year", "region", "title"):
                t.add_column(col, overflow="fold")
            for r in bundled().itertuples(index=False):
                t.add_row(str(r.name), str(r.year), str(r.region), str(r.title))
            console.print(t)
            return
        path = bundled_path(name)
        with console.status(f"running {name}...") as status:
            result = run(path, n=n, seed=seed, progress=lambda m: status.update(m))
            _print_result(result)
            status.update("writing the report...")
            folder = write_outputs(result, out or Path("out") / name, window=window)
        console.print(f"\nReport written to [bold]{folder / 'report.html'}[/bold]")

    _guard(go)


def register(root: typer.Typer) -> None:
    """Add ``scenario``, ``policy`` and ``case-study`` to the main CLI."""
    root.add_typer(app, name="scenario")
    root.command("policy")(policy)
    root.command("case-study")(case_study)
