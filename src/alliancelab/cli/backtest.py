"""``alliancelab backtest alliances|joiners``: estimated models held against what happened.

* ``alliances``: a thin layer over :func:`alliancelab.risk.backtest_alliances.backtest`
  (the method) and :mod:`alliancelab.reports.backtest_alliances` (the page and figure);
* ``joiners``: a thin layer over :mod:`alliancelab.risk.joiners`: builds the (war,
  candidate, side) data from the store (``--mode cascade``, the shipped fit: obligations
  towards the belligerents already at war; ``--mode onset``: towards the originators, a
  forecast at the outbreak; ``--window`` days of originators; ``--features base`` or
  ``war``, the predictor sets of :data:`alliancelab.risk.joiners.SETS`, by default the
  mode's own), predicts each COW
  inter-state war's joiners from a fit on the other wars and prints AUC and Brier by
  era; ``--out`` writes the table (``.csv``) or a self-contained HTML page with the
  table and an SVG figure (``.html``).
"""

from __future__ import annotations

import html
from pathlib import Path
from typing import Annotated, Any

import typer

from ..errors import ParameterError
from ._common import STORE_IMPORTS, StoreOpt, console

__all__ = ["HEAVY_IMPORTS", "USER_ERRORS", "app"]

HEAVY_IMPORTS = STORE_IMPORTS
USER_ERRORS: tuple[type[Exception], ...] = ()

app = typer.Typer(help="Backtests of the estimated models against history.", no_args_is_help=True)


def _svg(table: Any) -> str:
    """Bars of AUC (and Brier x 10) by era, as an inline SVG."""
    rows = table.to_dict("records")
    w, h, bw, goal = 120 * len(rows) + 60, 260, 36, 220 - 200 * 0.8
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h}">',
        f'<line x1="40" y1="220" x2="{w - 10}" y2="220" stroke="black"/>',
        f'<line x1="40" y1="{goal}" x2="{w - 10}" y2="{goal}" stroke="grey" stroke-dasharray="4"/>',
        f'<text x="{w - 60}" y="{goal - 4}" font-size="11">AUC 0.80</text>',
    ]
    for k, r in enumerate(rows):
        x = 60 + 120 * k
        auc = r["auc"] if r["auc"] == r["auc"] else 0.0
        for off, val, col in ((0, auc, "#3366aa"), (bw + 4, min(r["brier"] * 10, 1), "#cc6633")):
            parts.append(f'<rect x="{x + off}" y="{220 - 200 * val:.1f}" width="{bw}" '
                         f'height="{200 * val:.1f}" fill="{col}"/>')  # fmt: skip
        parts.append(f'<text x="{x}" y="{216 - 200 * auc:.1f}" font-size="11">{auc:.2f}</text>')
        parts.append(f'<text x="{x}" y="238" font-size="12">{html.escape(str(r["era"]))}</text>')
    parts.append('<text x="40" y="255" font-size="11">blue: AUC; orange: Brier x 10</text>')
    return "".join(parts) + "</svg>"


_MODES = {
    "cascade": "obligations towards the belligerents already at war when the state "
    "entered (all participants for a state that stayed out): P(joins | the war's course), "
    "the fit the escalation cascade uses, not a forecast",
    "onset": "obligations towards the originators only: a forecast at the outbreak",
}


_FEATURES = {
    "base": "obligations, capability, contiguity, region, era",
    "war": "base plus rivalries and war-level predictors of the onset day (major powers "
    "among the originators, their capability, alliance reach, alliance-augmented parity)",
}


def _page(table: Any, mode: str = "cascade", window: int = 0, features: str = "base") -> str:
    return (
        "<!doctype html><html><head><meta charset='utf-8'><title>War joining backtest"
        "</title></head><body><h1>War joining, leave-one-war-out</h1>"
        "<p>COW inter-state wars (participants dated by day); P(joins) of every "
        f"system member on the onset day not entering within {int(window)} day(s) of it; "
        f"mode {html.escape(mode)}: {html.escape(_MODES.get(mode, ''))}; predictors "
        f"{html.escape(features)}: {html.escape(_FEATURES.get(features, ''))} "
        "(alliancelab.risk.joiners).</p>"
        + table.to_html(index=False, float_format=lambda v: f"{v:.3f}")
        + _svg(table)
        + "</body></html>\n"
    )


@app.command("joiners")
def joiners_cmd(
    out: Annotated[
        Path | None, typer.Option("--out", "-o", help=".csv (table) or .html (page)")
    ] = None,
    mode: Annotated[
        str, typer.Option(help="cascade (belligerents before entry) or onset (originators)")
    ] = "cascade",
    window: Annotated[
        int, typer.Option(help="entrants within this many days of the onset are originators")
    ] = 0,
    features: Annotated[
        str | None, typer.Option(help="predictors: base or war (default: the mode's own)")
    ] = None,
    store: StoreOpt = None,
) -> None:
    """Score predicted join probabilities against the joiners of every COW war."""
    from ..risk import joiners
    from ..store import Store

    if out is not None and not out.name.lower().endswith((".csv", ".html")):
        raise ParameterError(f"--out {out}: use .csv or .html")
    if mode not in _MODES:
        raise ParameterError(f"--mode {mode!r}: use cascade or onset")
    if not 0 <= window <= 366:
        raise ParameterError(f"--window {window}: use 0-366 days")
    if features is not None and features not in _FEATURES:
        raise ParameterError(f"--features {features!r}: use base or war")
    fs = features if features is not None else joiners.MODE_SETS[mode]
    st = store if isinstance(store, Store) else Store(store)
    df = joiners.build(st, window=window, mode=mode)
    _, table = joiners.backtest(df, features=fs)
    console.print(
        f"mode {mode}: {_MODES[mode]}; originators: entered within {window} day(s); "
        f"predictors {fs}: {_FEATURES[fs]}"
    )
    console.print(table.to_string(index=False, float_format=lambda v: f"{v:.3f}"), soft_wrap=True)
    if out is not None:
        out.parent.mkdir(parents=True, exist_ok=True)
        if out.name.lower().endswith(".html"):
            out.write_text(_page(table, mode, window, fs))
        else:
            table.to_csv(out, index=False)
        console.print(f"wrote {out}")


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
