"""``alliancelab measure``: the regional stability panel from the command line."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from ._common import HEAVY_IMPORTS, check_seed, console, err_console, out_file

if TYPE_CHECKING:
    import pandas as pd

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
    years: Annotated[
        str | None, typer.Option("--years", "-y", help="a year or a span, e.g. 1816-2018")
    ] = None,
    date: Annotated[
        str | None,
        typer.Option("--date", help="one day YYYY-MM-DD instead of --years (dated snapshots)"),
    ] = None,
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
    coverage are NA with a note. With ``--date`` the measures are taken on the snapshot of
    that day (states, memberships and obligations in force that day), one row per region.
    """
    import pandas as pd

    from ..snapshot._dates import year_or_date
    from ..stability import require_coverage, stability_panel

    if out is not None and out.suffix.lower() not in (".csv", ".parquet"):
        raise typer.BadParameter("--out must end in .csv or .parquet", param_hint="--out")
    when = year_or_date(None if years is None else 0, date, "--years", "--date")
    check_seed(seed)
    regions: str | list[str] = region.split("+") if "+" in region else region
    if isinstance(when, str):
        require_coverage(when[:4], data, store)
        if out is not None:
            out_file(out)
        _print_or_write(_dated_panel(regions, when, data, store, seed), out)
        return
    years = str(years)
    require_coverage(years, data, store)  # refuse, as brief does, instead of NA rows
    if out is not None:
        out_file(out)
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
    _print_or_write(panel, out)


def _print_or_write(panel: pd.DataFrame, out: Path | None) -> None:
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
        cols = (["date"] if "date" in panel.columns else []) + cols
        typer.echo(panel[cols].to_string(index=False, max_rows=60))
        return
    if out.suffix.lower() == ".csv":
        panel.to_csv(out, index=False)
    else:
        panel.to_parquet(out, index=False)
    console.print(f"wrote {len(panel)} region-years x {panel.shape[1]} columns to {out}")


def _dated_panel(
    regions: str | list[str], day: str, data: str, store: Path | None, seed: int
) -> pd.DataFrame:
    """The panel's measures on the snapshot of one day, one row per region (the same
    indicators and coverage rules as :func:`alliancelab.stability.stability_panel`)."""
    import pandas as pd

    from ..measures.indicators import Context, indicator_values
    from ..snapshot import snapshot, store_data
    from ..stability import PANEL_COLUMNS, PANEL_INDICATORS

    cov: dict[str, tuple[int, int] | None] = {}
    if data == "store":
        cov = dict(store_data(store).coverage)
    year = int(day[:4])
    covered = {
        k: cov.get(k, (year, year)) is not None
        and cov.get(k, (year, year))[0] <= year <= cov.get(k, (year, year))[1]  # type: ignore[index]
        for k in ("rivalries", "capability")
    }
    covered["layers"] = data == "reference"
    rows = []
    for reg in regions if isinstance(regions, list) else [regions]:
        s = snapshot(day, reg, data=data, store=store)
        ctx = Context(s, None, rates="berkemeier-fuhrmann", seed=seed, n_sims=1000)
        vals, notes = indicator_values(ctx, PANEL_INDICATORS, covered)
        row: dict[str, object] = {"region": s.region, "year": s.year, "date": day}
        row.update({k: v.value for k, v in vals.items()})
        row["notes"] = "; ".join(notes)
        rows.append(row)
    frame = pd.DataFrame(rows)
    cols = [c for c in ("date", *PANEL_COLUMNS) if c in frame.columns]
    return frame[cols]
