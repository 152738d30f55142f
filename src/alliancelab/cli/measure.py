"""``alliancelab measure``: the regional stability panel from the command line."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from ._common import HEAVY_IMPORTS, check_seed, console, err_console, out_file

__all__ = ["HEAVY_IMPORTS", "USER_ERRORS", "measure"]

#: no exceptions beyond AllianceLabError are user errors: the panel verbs and the stability
#: panel raise ParameterError (an AllianceLabError and ValueError) for bad arguments
USER_ERRORS: tuple[type[Exception], ...] = ()


def measure(
    region: Annotated[
        str,
        typer.Option(
            "--region",
            "-r",
            help="COW region (americas, europe, africa, middle-east, asia), several "
            "separated by '+', or comma-separated COW codes",
        ),
    ],
    years: Annotated[str, typer.Option("--years", "-y", help="a year or a span, e.g. 1816-2018")],
    data: Annotated[
        str, typer.Option("--data", help="reference (shipped) or store (imported official data)")
    ] = "reference",
    store: Annotated[
        Path | None,
        typer.Option("--store", help="DuckDB store for --data store (default: the default store)"),
    ] = None,
    out: Annotated[
        Path | None,
        typer.Option("--out", "-o", help="write the panel to FILE (.csv or .parquet)"),
    ] = None,
    seed: Annotated[int, typer.Option(help="seed of the exposure Monte Carlo")] = 0,
) -> None:
    """Compute the regional stability panel (one row per region and year).

    Every measure of docs/measures.md: power distribution, blocs, network balance,
    similarity, deterrence, entanglement exposure, dependency. Values beyond the data's
    coverage are NA with a note.
    """
    import pandas as pd

    from ..stability import require_coverage, stability_panel

    if out is not None and out.suffix.lower() not in (".csv", ".parquet"):
        raise typer.BadParameter("--out must end in .csv or .parquet", param_hint="--out")
    check_seed(seed)
    require_coverage(years, data, store)  # refuse, as brief does, instead of NA rows
    if out is not None:
        out_file(out)
    regions: str | list[str] = region.split("+") if "+" in region else region
    with Progress(
        TextColumn("measuring"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=err_console,
        transient=True,
    ) as bar:
        task = bar.add_task("panel", total=None)

        def tick(done: int, total: int) -> None:
            bar.update(task, completed=done, total=total)

        panel = stability_panel(regions, years, data=data, store=store, seed=seed, progress=tick)
    if not isinstance(panel, pd.DataFrame):  # detail=False returns a frame
        raise TypeError("stability_panel returned detail frames")
    if out is None:
        cols = [
            "region",
            "year",
            "con",
            "polarity",
            "n_blocs",
            "defense_density",
            "balanced_share",
            "mean_s",
            "min_deterrence",
            "expected_war_size",
        ]
        typer.echo(panel[cols].to_string(index=False, max_rows=60))
        return
    if out.suffix.lower() == ".csv":
        panel.to_csv(out, index=False)
    else:
        panel.to_parquet(out, index=False)
    console.print(f"wrote {len(panel)} region-years x {panel.shape[1]} columns to {out}")
