"""``alliancelab risk fit|predict|report``: the dyadic MID-onset risk model (docs/risk.md).

A thin layer over :mod:`alliancelab.risk`: ``fit`` trains on the store's data up to
``--train-end`` and writes the model folder (model + ``model_card.json`` + the held-out
predictions); ``predict`` writes the prediction table for ``--years``; ``report`` writes
the validation page.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Annotated

import typer

from ..errors import ParameterError
from ._common import STORE_IMPORTS, StoreOpt, console

__all__ = ["HEAVY_IMPORTS", "USER_ERRORS", "app"]

HEAVY_IMPORTS = STORE_IMPORTS
USER_ERRORS: tuple[type[Exception], ...] = ()

app = typer.Typer(help="Fit, apply and report the MID-onset risk model.", no_args_is_help=True)

ModelDir = Annotated[
    Path, typer.Option("--model", help="model folder written by risk fit ('default': shipped)")
]


def _years(text: str) -> tuple[int, int]:
    m = re.fullmatch(r"([0-9]{4})(?:-([0-9]{4}))?", text.strip(), flags=re.ASCII)
    if not m:
        raise ParameterError(f"--years must be YYYY or YYYY-YYYY, got {text!r}")
    a = int(m.group(1))
    b = int(m.group(2) or a)
    if b < a:
        raise ParameterError(f"--years {text!r}: the end is before the start")
    return a, b


def _write(df: object, out: Path) -> None:
    import pandas as pd

    assert isinstance(df, pd.DataFrame)
    name = out.name.lower()
    out.parent.mkdir(parents=True, exist_ok=True)
    if name.endswith((".parquet", ".pq")):
        df.to_parquet(out, index=False)
    elif name.endswith((".csv", ".csv.gz")):
        df.to_csv(out, index=False)
    else:
        raise ParameterError(f"--out {out}: use .csv, .csv.gz or .parquet")


@app.command("fit")
def fit_cmd(
    out: Annotated[Path, typer.Option("--out", "-o", help="model folder to write")],
    train_end: Annotated[int, typer.Option("--train-end", help="last training year")] = 1989,
    train_start: Annotated[int, typer.Option("--train-start")] = 1816,
    test_end: Annotated[int, typer.Option("--test-end", help="last held-out year")] = 2014,
    outcome: Annotated[str, typer.Option("--outcome", help="cow (MID 5.0) or gml")] = "cow",
    seed: Annotated[int, typer.Option("--seed")] = 0,
    features: Annotated[
        str, typer.Option("--features", help="full (MID history), structural or extended")
    ] = "full",
    store: StoreOpt = None,
) -> None:
    """Fit on the store's data to --train-end; score --train-end+1..--test-end held out."""
    from .. import risk

    test = test_end if test_end > train_end else None
    model = risk.fit_store(
        store, train_end=train_end, train_start=train_start, test_end=test, seed=seed,
        features=features, outcome=outcome,
    )  # fmt: skip
    risk.save(model, out)
    if "held_out" in model.card:
        ho = model.card["held_out"]
        risk.predict_store(model, store, tuple(ho["span"])).to_csv(
            out / "held_out.csv.gz", index=False
        )
        g = ho["gbm"]
        console.print(
            f"held out {ho['span'][0]}-{ho['span'][1]}: AUC {g['all']['auc']:.3f} "
            f"AP {g['all']['ap']:.3f} | PRD AUC {g['prd']['auc']:.3f} AP {g['prd']['ap']:.3f}"
            f" | Brier skill {g['all']['brier_skill']:.3f}"
        )
        for r, v in g["regions"].items():
            console.print(f"  {r}: observed {v['observed']} expected {v['expected']:.1f}")
    console.print(f"wrote {out}")


@app.command("predict")
def predict_cmd(
    model: ModelDir,
    years: Annotated[str, typer.Option("--years", help="YYYY-YYYY")],
    out: Annotated[Path, typer.Option("--out", "-o", help=".csv, .csv.gz or .parquet")],
    store: StoreOpt = None,
) -> None:
    """Write p_onset, p_lo, p_hi (90%) for every non-directed dyad-year of --years.

    Years after 2014 (the end of COW MID 5.0) carry the covariates forward and add the
    column ``carried_forward`` naming the sources extended (docs/risk.md).
    """
    from .. import risk
    from ..risk import engine

    m = engine.load_default() if str(model) == "default" else risk.load(model)
    span = _years(years)
    cols = ["ccode1", "ccode2", "year", "p_onset", "p_lo", "p_hi"]
    if span[1] > engine.MID_LAST:
        pred = engine.predict_forward(m, store, span)
        cols.append("carried_forward")
    else:
        pred = risk.predict_store(m, store, span)
    _write(pred[cols], out)
    console.print(f"wrote {len(pred)} dyad-years to {out}")


@app.command("report")
def report_cmd(
    model: ModelDir,
    out: Annotated[Path | None, typer.Option("--out", "-o", help="HTML file")] = None,
    store: StoreOpt = None,
) -> None:
    """Write the validation page (ROC, PR, reliability, region/year calibration, top risks)."""
    import pandas as pd

    from .. import risk
    from ..risk.report import build_page

    m = risk.load(model)
    held = model / "held_out.csv.gz"
    if held.is_file():
        pred = pd.read_csv(held)
    elif "held_out" in m.card:
        pred = risk.predict_store(m, store, tuple(m.card["held_out"]["span"]))
    else:
        raise ParameterError(f"{model}: no held-out years to report (fit with --test-end)")
    path = out or (model / "report.html")
    path.write_text(build_page(m.card, pred), encoding="utf-8")
    console.print(f"wrote {path}")
