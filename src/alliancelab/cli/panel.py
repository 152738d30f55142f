"""``alliancelab panel state-years|dyad-years``: build a panel and write it to a file.

A thin layer over :mod:`alliancelab.panels`: create the panel, apply the ``--add`` verbs
in the order given (with a progress bar), and write Parquet, CSV or Stata by the
extension of ``--out``. Bad values (``ValueError``, ``KeyError``) are user errors here:
the guard of :mod:`alliancelab.cli` prints ``ErrorType: message`` and exits 1.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from ..errors import ParameterError
from ._common import STORE_IMPORTS, StoreOpt, err_console

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["HEAVY_IMPORTS", "USER_ERRORS", "VERBS", "app", "write_panel"]

#: imported before a ``panel`` command runs, then frozen (see alliancelab._startup)
HEAVY_IMPORTS = STORE_IMPORTS
#: no exceptions beyond AllianceLabError are user errors: the panel verbs and the stability
#: panel raise ParameterError (an AllianceLabError and ValueError) for bad arguments
USER_ERRORS: tuple[type[Exception], ...] = ()

app = typer.Typer(
    help="Build state-year or dyad-year panels (peacesciencer's verbs) and write them out.",
    no_args_is_help=True,
)

#: ``--add`` names and the panel verbs they apply, in peacesciencer's spelling.
VERBS: dict[str, str] = {
    "atop": "add_atop_alliance",
    "cow-alliance": "add_cow_alliance",
    "nmc": "add_nmc",
    "mids": "add_cow_mids",
    "contiguity": "add_contiguity",
    "majors": "add_cow_majors",
    "peace-years": "add_peace_years",
    "sipri": "add_sipri_milex",
    "capability-ratio": "add_capability_ratio",
    "pooled-capability": "add_pooled_capability",
    "similarity": "add_similarity",
    "gml-mids": "add_gml_mids",
    "spells": "add_spells",
    "cow-wars": "add_cow_wars",
    "rivalries": "add_strategic_rivalries",
    "arms-races": "add_arms_races",
    "democracy": "add_democracy",
    "gdp-pop": "add_sim_gdp_pop",
    "terrthreat": "add_latent_territorial_threat",
    "capital-distance": "add_capital_distance",
    "minimum-distance": "add_minimum_distance",
    "ccode": "add_ccode_to_gw",
    "gwcode": "add_gwcode_to_cow",
    "prd": "filter_prd",
}

_FORMATS = {".parquet": "parquet", ".pq": "parquet", ".csv": "csv", ".gz": "csv", ".dta": "stata"}

Out = Annotated[
    Path, typer.Option("--out", "-o", help="output file: .parquet, .csv (.csv.gz) or .dta")
]
Add = Annotated[
    str,
    typer.Option(
        "--add",
        help="comma-separated verbs, applied in order: " + ", ".join(VERBS),
    ),
]
Years = Annotated[str | None, typer.Option("--years", help="e.g. 1816-2025 (default: all)")]
ExtendTo = Annotated[
    int | None,
    typer.Option(
        "--extend-to",
        help="carry states alive at the end of the system data (2016) to this year",
    ),
]
System = Annotated[
    str,
    typer.Option("--system", help="cow, or gw (Gleditsch-Ward, from the gw-crosswalk import)"),
]
Source = Annotated[
    str | None,
    typer.Option("--source", help="official or peacesciencer (default: official when imported)"),
]


def _parse_add(add: str) -> list[str]:
    names = [a.strip().lower().replace("_", "-") for a in add.split(",") if a.strip()]
    bad = [a for a in names if a not in VERBS]
    if bad:
        raise ParameterError(f"unknown --add {bad[0]!r}; choose from {', '.join(VERBS)}")
    return names


def write_panel(df: pd.DataFrame, out: Path) -> str:
    """Write ``df`` by the extension of ``out``: Parquet, CSV (NA empty) or Stata 118.

    Stata: column names must be valid Stata names of at most 32 characters (all panel
    columns are); nullable integer columns are written as byte/int/long with Stata's
    missing value ``.`` for NA (values beyond a type's range are stored in the next
    wider type by pandas); ``attrs`` (unit, sources) go into the data label and the
    Parquet metadata.

    Examples
    --------
    >>> import tempfile, pathlib, pandas as pd
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "x.csv"
    >>> write_panel(pd.DataFrame({"ccode": [2], "year": [1816]}), p)
    'csv'
    >>> p.read_text()
    'ccode,year\\n2,1816\\n'
    """
    suffix = out.suffix.lower()
    kind = _FORMATS.get(suffix)
    if kind is None or (suffix == ".gz" and not out.name.lower().endswith(".csv.gz")):
        raise ParameterError(
            f"cannot tell the format of {out.name!r}: use .parquet, .csv, .csv.gz or .dta"
        )
    out.parent.mkdir(parents=True, exist_ok=True)
    if kind == "parquet":
        df.to_parquet(out, index=False)
    elif kind == "csv":
        df.to_csv(out, index=False)
    else:
        long = [c for c in df.columns if len(str(c)) > 32]
        if long:
            raise ParameterError(f"Stata allows names of at most 32 characters: {long[0]!r}")
        meta = df.attrs.get("alliancelab", {})
        label = f"alliancelab {meta.get('unit', 'panel')}"[:80]
        plain = df.copy()
        plain.attrs = {}
        for c in plain.columns:
            if str(plain[c].dtype) == "str":
                plain[c] = plain[c].astype(object)
        plain.to_stata(out, write_index=False, version=118, data_label=label)
    return kind


def _build(
    unit: str,
    add: str,
    years: str | None,
    extend_to: int | None,
    store: Path | None,
    source: str | None,
    out: Path,
    directed: bool = False,
    system: str = "cow",
) -> None:
    from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

    from .. import panels

    steps = _parse_add(add)
    if source not in (None, "official", "peacesciencer"):
        raise ParameterError(f"--source must be official or peacesciencer, not {source!r}")
    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        TextColumn("{task.completed}/{task.total}"),
        TimeElapsedColumn(),
        console=err_console,
        transient=False,
    ) as bar:
        task = bar.add_task(f"create {unit}", total=len(steps) + 2)
        df: Any
        if unit == "state-years":
            df = panels.create_state_years(
                system=system, years=years, extend_to=extend_to, store=store, source=source
            )
        else:
            df = panels.create_dyad_years(
                system=system,
                directed=directed,
                years=years,
                extend_to=extend_to,
                store=store,
                source=source,
            )
        bar.advance(task)
        for name in steps:
            bar.update(task, description=f"{VERBS[name]}")
            verb: Callable[..., Any] = getattr(panels, VERBS[name])
            df = df.pipe(verb)
            bar.advance(task)
        bar.update(task, description=f"write {out.name}")
        kind = write_panel(df, out)
        bar.advance(task)
    rows, cols = df.shape
    typer.echo(f"wrote {rows:,} rows x {cols} columns ({kind}) to {out}")
    for verb_name, used in df.attrs.get("alliancelab", {}).get("sources", {}).items():
        typer.echo(f"  {verb_name}: {used}")


@app.command("state-years")
def state_years(
    out: Out,
    add: Add = "",
    years: Years = None,
    extend_to: ExtendTo = None,
    store: StoreOpt = None,
    source: Source = None,
    system: System = "cow",
) -> None:
    """State-years of the COW (or G-W) state system, plus the --add columns."""
    _build("state-years", add, years, extend_to, store, source, out, system=system)


@app.command("dyad-years")
def dyad_years(
    out: Out,
    directed: Annotated[
        bool, typer.Option("--directed", help="directed dyads (default: non-directed)")
    ] = False,
    add: Add = "",
    years: Years = None,
    extend_to: ExtendTo = None,
    store: StoreOpt = None,
    source: Source = None,
    system: System = "cow",
) -> None:
    """Dyad-years of the COW (or G-W) state system (non-directed unless --directed), plus
    --add."""
    _build(
        "dyad-years", add, years, extend_to, store, source, out, directed=directed, system=system
    )
