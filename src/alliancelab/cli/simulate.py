"""``alliancelab simulate ...``: the five models on the command line.

Each command builds a snapshot (or reads the store), runs one model with a seed and
prints the headline figures. Bad values raise the library's errors
(:class:`~alliancelab.errors.ParameterError`, ``LimitError``, ``UnknownStateError``...):
the guard of :mod:`alliancelab.cli` prints ``ErrorType: message`` and exits 1; any other
exception is a bug and keeps its traceback.

The commands build a model's inputs from options, a snapshot or the store, then call
the model through its contract (``alliancelab.models.MODELS[name].params_from`` and
``.simulate``, the same path as scenarios and sweeps) and print the result. Arms-race
fitting (:func:`alliancelab.models.arms_race.fit`) and bargaining's mediation table are
estimation helpers outside the contract and are called directly.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.table import Table

from ._common import HEAVY_IMPORTS, check_seed, console, err_console

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["HEAVY_IMPORTS", "MODELS", "USER_ERRORS", "app"]

#: exceptions reported as user errors besides AllianceLabError: none (the models, codes and
#: the NMC reader raise ParameterError, DataFormatError and the Unknown*Error classes)
USER_ERRORS: tuple[type[Exception], ...] = ()

app = typer.Typer(
    help="Run a simulation model (escalation, arms-race, alignment, bargaining, transition).",
    no_args_is_help=True,
)


def _state(value: str) -> int:
    """A COW code (ASCII digits), an ISO3 code or a state name
    (:func:`alliancelab.codes.resolve_state`)."""
    from ..codes import resolve_state

    return resolve_state(value)


def _codes(value: str) -> list[int]:
    return [_state(x) for x in value.split(",") if x.strip()]


def _nmc_csv(path: Path, columns: tuple[str, ...]) -> pd.DataFrame:
    """An NMC-like CSV with ``columns`` (numeric), or a DataFormatError naming the file."""
    import pandas as pd

    from ..errors import DataFormatError, ParameterError

    if not path.is_file():
        raise ParameterError(f"--nmc {path}: no such file")
    try:
        df = pd.read_csv(path)
    except (ValueError, UnicodeDecodeError) as exc:  # pandas' ParserError is a ValueError
        raise DataFormatError(f"not a readable CSV file ({exc})", file=str(path)) from None
    missing = [c for c in columns if c not in df.columns]
    if missing:
        raise DataFormatError(
            f"needs the COW NMC columns {list(columns)}; missing {missing}", file=str(path)
        )
    for c in columns:
        if not pd.api.types.is_numeric_dtype(df[c]):
            raise DataFormatError("not numeric", file=str(path), field=c)
    return df


def _nmc(path: Path | None) -> pd.DataFrame:
    """NMC from a CSV file or from the store (source cow_nmc)."""
    from ..errors import CoverageError

    if path is not None:
        return _nmc_csv(path, ("ccode", "year", "milex"))
    from ..store import Store

    st = Store()
    if not st.has("cow_nmc"):
        raise CoverageError(
            "COW NMC is not in the store: import it (alliancelab.store.import_source("
            "'cow-nmc', [PATH])) or pass --nmc PATH to an NMC CSV"
        )
    return st.read("cow_nmc", "nmc")


Seed = Annotated[int | None, typer.Option(help="seed of the random generator")]


# --- the per-model adapters (one command per model; see the module docstring) ------------


def escalation(
    challenger: Annotated[str, typer.Option(help="challenger (COW code, ISO3 or name)")],
    target: Annotated[str, typer.Option(help="target (COW code, ISO3 or name)")],
    year: Annotated[int | None, typer.Option("--year", "-y", help="year of the snapshot")] = None,
    date: Annotated[
        str | None,
        typer.Option("--date", help="day of the snapshot, YYYY-MM-DD (instead of --year)"),
    ] = None,
    region: Annotated[str | None, typer.Option("--region", "-r", help="COW region")] = None,
    data: Annotated[
        str, typer.Option("--data", help="reference (shipped) or store (imported official data)")
    ] = "reference",
    store: Annotated[
        Path | None,
        typer.Option("--store", help="DuckDB store for --data store (default: the default store)"),
    ] = None,
    n: Annotated[int, typer.Option(help="simulated crises")] = 100_000,
    seed: Seed = None,
    honour: Annotated[
        float | None, typer.Option(help="one honour probability (default: by type and era)")
    ] = None,
    deterrence: Annotated[
        float | None, typer.Option(help="deterrence threshold (opposing/own capability)")
    ] = None,
) -> None:
    """Crises cascading through alliance obligations (Berkemeier & Fuhrmann 2018 rates;
    ATOP conditions honoured)."""

    from .. import limits
    from ..errors import ParameterError
    from ..models import MODELS
    from ..snapshot import snapshot
    from ..snapshot._dates import year_or_date

    when = year_or_date(year, date)
    limits.check("draws", n, what="--n")
    check_seed(seed)
    if data not in ("reference", "store"):
        raise ParameterError(f"--data must be 'reference' or 'store', got {data!r}")
    snap = snapshot(when, region, data=data, store=store)  # type: ignore[arg-type]
    c, t = _state(challenger), _state(target)
    model = MODELS["escalation"]
    setup = model.params_from(
        snap, challenger=c, target=t, honour=honour, deterrence_threshold=deterrence, n=n
    )
    with err_console.status(f"simulating {n:,} crises..."):
        _, res = model.simulate(setup, seed)
    summ = res.summary()
    console.print(
        f"[bold]{snap.names[snap.index(c)]} -> {snap.names[snap.index(t)]}[/bold], "
        f"{when}{' ' + region if region else ''}: {n:,} crises, seed {seed}, {data} data"
    )
    console.print(
        f"P(war) = {summ['p_war']:.4f}   P(deterred) = {summ['p_deterred']:.4f}   "
        f"P(region-wide war) = {summ['p_regional_war']:.4f}   "
        f"mean belligerents = {summ['mean_states']:.2f}"
    )
    table = Table(title="States most likely to fight")
    for col in ("ccode", "state", "P(join)", "challenger side", "target side"):
        table.add_column(col)
    top = res.states.sort_values("p_join", ascending=False)
    for r in top[top["p_join"] > 0].head(15).itertuples(index=False):
        table.add_row(
            str(r.ccode),
            str(r.name),
            f"{r.p_join:.4f}",
            f"{r.p_challenger_side:.4f}",
            f"{r.p_target_side:.4f}",
        )
    console.print(table)


#: Richardson's (1960) blocs of 1909-1913: France + Russia against Germany + Austria-Hungary.
RICHARDSON_BLOCS: tuple[str, ...] = ("entente=220,365", "central=255,300")


def arms_race(
    bloc: Annotated[
        list[str] | None,
        typer.Option(
            help="NAME=ccode,ccode,... (repeat for each bloc; default Richardson's "
            "entente=220,365 and central=255,300)"
        ),
    ] = None,
    start: Annotated[int, typer.Option(help="first year")] = 1900,
    end: Annotated[int, typer.Option(help="last year")] = 1913,
    nmc: Annotated[Path | None, typer.Option(help="NMC CSV (default: the store)")] = None,
    add: Annotated[
        str | None, typer.Option(help="BLOC=ccode: refit with a member added to a bloc")
    ] = None,
) -> None:
    """Fit Richardson's equations to NMC military expenditure by bloc."""

    from .. import limits
    from ..errors import ParameterError
    from ..models import arms_race as ar

    if end < start:
        raise ParameterError(f"--end ({end}) must not be before --start ({start})")
    limits.check("horizon", end - start + 1, what=f"--start {start} --end {end} (years)")
    blocs: dict[str, list[int]] = {}
    for b in bloc or RICHARDSON_BLOCS:
        if "=" not in b:
            raise ParameterError(f"--bloc {b!r}: write NAME=ccode,ccode")
        name, codes = b.split("=", 1)
        blocs[name.strip()] = _codes(codes)
    data = _nmc(nmc)
    fits = {"fit": ar.fit(ar.bloc_spending(data, blocs, start, end))}
    if add:
        name, _, code = add.partition("=")
        if name not in blocs or not code:
            raise ParameterError(
                f"--add {add!r}: write BLOC=ccode with BLOC one of {sorted(blocs)}"
            )
        bigger = {**blocs, name: [*blocs[name], _state(code)]}
        fits[f"with {code} in {name}"] = ar.fit(ar.bloc_spending(data, bigger, start, end))
    for label, res in fits.items():
        t = Table(title=f"Richardson {label}, {start}-{end} ({res.n_obs} yearly changes)")
        for col in ("bloc", "term", "estimate"):
            t.add_column(col)
        for r in res.coefficients.itertuples(index=False):
            t.add_row(str(r.bloc), str(r.term), f"{r.estimate:.4g}")
        console.print(t)
        console.print(
            f"stable: [bold]{res.stable}[/bold]; R2 "
            + ", ".join(f"{k} {v:.2f}" for k, v in res.r2.items())
        )


def alignment(
    year: Annotated[int, typer.Option("--year", "-y")] = 1936,
    states: Annotated[
        str | None, typer.Option(help="comma-separated states (default: Europe 1936's 17)")
    ] = None,
    since: Annotated[int, typer.Option(help="disputes and wars counted from this year")] = 1900,
    starts: Annotated[int, typer.Option(help="multistart: number of random starts")] = 0,
    seed: Seed = None,
) -> None:
    """Axelrod & Bennett landscape: every local minimum and its basin."""

    from .. import limits
    from ..errors import ParameterError
    from ..models import MODELS
    from ..models import alignment as al
    from ..store import Store

    if starts < 0:
        raise ParameterError(f"--starts must be 0 (exact) or a positive number, got {starts}")
    if starts:
        limits.check("starts", starts, what="--starts")
    check_seed(seed)
    codes = _codes(states) if states else list(al.EUROPE_1936)
    if starts:
        limits.check_cells(starts, len(codes), what="--starts x states")
    st = Store()
    used = ["alliances", "rivalries"]
    mids = contiguity = None
    if st.has("cow_mid"):
        mids = st.read("cow_mid", "midb")
        used.append("disputes (store)")
        if st.has("cow_contiguity"):
            contiguity = st.read("cow_contiguity", "contdir")
            used.append("borders (store)")
    sizes, props, _ = al.landscape_inputs(
        codes, year, since=since, mids=mids, contiguity=contiguity
    )
    model = MODELS["alignment"]
    setup = model.params_from(None, sizes=sizes, propensities=props, labels=codes, starts=starts)
    what = f"descending from {starts:,} random starts" if starts else "enumerating the landscape"
    with err_console.status(f"{what} ({len(codes)} states)..."):
        df = model.simulate(setup, seed)
    console.print(f"factors: {', '.join(used)}; {len(codes)} states, {len(df)} minima")
    from ..codes import ccode_to_name

    for r in df.itertuples(index=False):
        cfg = tuple(r.configuration)
        side = [
            [ccode_to_name(c) for c, x in zip(codes, cfg, strict=True) if x == k] for k in (0, 1)
        ]
        console.print(f"E = {r.energy:.5f}, basin {r.basin_size}:")
        console.print(f"  side A: {', '.join(side[0])}")
        console.print(f"  side B: {', '.join(side[1])}")


def bargaining(
    p: Annotated[float | None, typer.Option(help="A's probability of winning")] = None,
    year: Annotated[int | None, typer.Option(help="derive p from pooled capability")] = None,
    date: Annotated[
        str | None, typer.Option("--date", help="as --year, on a day YYYY-MM-DD")
    ] = None,
    a: Annotated[str | None, typer.Option("--a", help="state A (with --year)")] = None,
    b: Annotated[str | None, typer.Option("--b", help="state B (with --year)")] = None,
    c_b: Annotated[float, typer.Option("--c-b", help="B's cost of war")] = 0.1,
    c_bar: Annotated[float, typer.Option("--c-bar", help="upper bound of A's cost")] = 0.3,
    mediation: Annotated[float, typer.Option(help="share of crises mediated")] = 0.0,
    precision: Annotated[int, typer.Option(help="mediator's precision (intervals)")] = 4,
    n: Annotated[int, typer.Option(help="simulated crises")] = 100_000,
    seed: Seed = None,
) -> None:
    """Fearon's bargaining model: closed-form and simulated P(war), with mediation."""

    from .. import limits
    from ..errors import ParameterError
    from ..models import MODELS
    from ..models import bargaining as bg
    from ..snapshot import snapshot
    from ..snapshot._dates import year_or_date

    when = year_or_date(year, date, required=False)
    limits.check("draws", n, what="--n")
    check_seed(seed)
    pp = p
    if when is not None:
        if a is None or b is None:
            raise ParameterError("--year or --date needs --a and --b")
        snap = snapshot(when)
        pp = bg.p_from_snapshot(snap, _state(a), _state(b))
        alone = bg.p_from_snapshot(snap, _state(a), _state(b), pooled=False)
        console.print(f"p = {pp:.4f} with allies' pooled capability ({alone:.4f} alone)")
    if pp is None:
        raise ParameterError("give --p, or --year with --a and --b")
    model = MODELS["bargaining"]
    setup = model.params_from(
        None, p=pp, c_b=c_b, c_bar=c_bar, mediation=mediation, precision=precision, n=n
    )
    prm = setup.params
    with err_console.status(f"simulating {n:,} crises..."):
        _, df = model.simulate(setup, seed)
    console.print(
        f"offer x* = {bg.optimal_offer(pp, c_b, c_bar):.4f}; P(war) closed form "
        f"{prm.p_war():.4f}, simulated {df['war'].mean():.4f} ({n:,} crises)"
    )
    eff = bg.mediation_effect(pp, c_b, c_bar, n=min(n, 100_000), seed=seed)
    t = Table(title="Mediation: P(war) by the mediator's precision")
    for col in ("precision", "closed form", "simulated"):
        t.add_column(col)
    for r in eff.itertuples(index=False):
        t.add_row(str(r.precision), f"{r.p_war_closed:.4f}", f"{r.p_war_mc:.4f}")
    console.print(t)


def transition(
    year: Annotated[int, typer.Option("--year", "-y", help="base year")] = 2024,
    pair: Annotated[list[str] | None, typer.Option(help="LEADER,CHALLENGER (repeatable)")] = None,
    horizon: Annotated[int, typer.Option(help="years ahead")] = 20,
    window: Annotated[int, typer.Option(help="years of history for growth")] = 24,
    n: Annotated[int, typer.Option(help="simulated paths")] = 2000,
    seed: Seed = None,
    nmc: Annotated[
        Path | None, typer.Option(help="NMC CSV (default: the reference capabilities)")
    ] = None,
) -> None:
    """Project capability shares; parity windows and overtakings of rival pairs."""

    import pandas as pd

    from .. import limits
    from ..errors import ParameterError
    from ..models import MODELS
    from ..models import transition as tr
    from ..reference import load_capabilities

    limits.check("horizon", horizon, what="--horizon")
    limits.check("draws", n, what="--n")
    check_seed(seed)
    caps = _nmc_csv(nmc, ("ccode", "year", "cinc")) if nmc is not None else load_capabilities()
    caps = caps[["ccode", "year", "cinc"]]
    pairs = [tuple(_codes(x)) for x in (pair or ["2,710", "710,750"])]
    for pr_ in pairs:
        if len(pr_) != 2:
            raise ParameterError(f"--pair needs two states, got {list(pr_)}")
    model = MODELS["transition"]
    setup = model.params_from(
        None, caps=caps, base_year=year, leader=pairs[0][0], challenger=pairs[0][1],
        horizon=horizon, window=window, n=n,
    )  # fmt: skip
    prm = setup.params
    with err_console.status(f"projecting {n:,} paths {horizon} years ahead..."):
        _, proj = model.simulate(setup, seed)
    summ = tr.parity(proj, [(x[0], x[1]) for x in pairs], prm).attrs["summary"]
    t = Table(title=f"Power transitions projected {year}-{year + horizon}")
    for col in ("leader", "challenger", "parity from", "to", "overtaking", "P(by end)"):
        t.add_column(col)
    for r in summ.itertuples(index=False):
        t.add_row(
            str(r.leader),
            str(r.challenger),
            "-" if pd.isna(r.parity_from) else str(int(r.parity_from)),
            "-" if pd.isna(r.parity_to) else str(int(r.parity_to)),
            "-" if pd.isna(r.overtaking_year) else str(int(r.overtaking_year)),
            f"{r.p_overtaken_by_end:.3f}",
        )
    console.print(t)


#: ``alliancelab simulate NAME``: the per-model adapters, in the order of ``--help``
MODELS: dict[str, Callable[..., Any]] = {
    "escalation": escalation,
    "arms-race": arms_race,
    "alignment": alignment,
    "bargaining": bargaining,
    "transition": transition,
}
for _name, _command in MODELS.items():
    app.command(_name)(_command)
