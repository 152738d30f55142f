"""``alliancelab backtest alliances``: the risk engine on historical alliance changes.

A thin layer over :func:`alliancelab.risk.backtest_alliances.backtest` (the method) and
:mod:`alliancelab.reports.backtest_alliances` (the page and figure).
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from ._common import STORE_IMPORTS, StoreOpt, console

__all__ = ["HEAVY_IMPORTS", "USER_ERRORS", "app"]

HEAVY_IMPORTS = STORE_IMPORTS
USER_ERRORS: tuple[type[Exception], ...] = ()

app = typer.Typer(help="Backtests of the risk engine against what happened.",
                  no_args_is_help=True)  # fmt: skip


@app.command("alliances")
def alliances_cmd(
    case: Annotated[
        list[str] | None, typer.Option("--case", help="a case study name (repeatable)")
    ] = None,
    out: Annotated[
        Path | None, typer.Option("--out", "-o", help=".html (page), .svg (figure) or .csv")
    ] = None,
    store: StoreOpt = None,
) -> None:
    """Predicted change in region-year risk at each alliance change vs the MIDs that
    followed (5 years after minus 5 before), with the hit rate (docs/backtest.md)."""
    import pandas as pd
    from rich.table import Table

    from ..reports.backtest_alliances import write
    from ..risk.backtest_alliances import backtest

    df = backtest(store, cases=case or None)
    t = Table(title="Backtest: predicted vs observed change (expected / counted MID onsets)")
    for h in ("case", "year", "predicted", "90% interval", "MIDs before", "after", "hit"):
        t.add_column(h)
    for r in df.to_dict("records"):
        cells = [str(r["case"]), str(r["year"]), f"{r['delta']:+.3f}",
                 f"{r['delta_lo']:+.3f} to {r['delta_hi']:+.3f}"]  # fmt: skip
        for c in ("mids_before", "mids_after"):
            cells.append("" if pd.isna(r[c]) else f"{float(r[c]):.0f}")
        cells.append("" if pd.isna(r["hit"]) else ("yes" if r["hit"] else "no"))
        t.add_row(*cells)
    console.print(t)
    k = int(df.attrs["n_scored"])
    if k:
        hits = int(df["hit"].dropna().astype(bool).sum())
        console.print(f"hit rate: {hits} of {k} scored cases ({df.attrs['hit_rate']:.0%})")
    else:
        console.print("hit rate: no case has an observed change")
    if out is not None:
        console.print(f"wrote {write(df, out)}")
