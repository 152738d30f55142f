"""The ``alliancelab`` command line: a thin layer over the public API.

User errors print ``ErrorType: message`` on standard error and exit with status 1.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, TypeVar

import pandas as pd
import typer
from rich.console import Console
from rich.table import Table

from .errors import AllianceLabError

if TYPE_CHECKING:
    pass

app = typer.Typer(
    name="alliancelab",
    help="Measure, explain and simulate how military alliances shape regional stability.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)
console = Console()
err_console = Console(stderr=True)

T = TypeVar("T")


def _guard(fn: Callable[[], T]) -> T:
    try:
        return fn()
    except AllianceLabError as exc:
        err_console.print(f"{type(exc).__name__}: {exc}", markup=False, highlight=False)
        raise typer.Exit(1) from None


Region = Annotated[
    str, typer.Option("--region", "-r", help="COW region or comma-separated COW codes")
]


@app.command()
def states(
    year: Annotated[int | None, typer.Option(help="only states in the system this year")] = None,
    region: Annotated[str | None, typer.Option(help="COW region or ccodes")] = None,
) -> None:
    """List the states of the reference data (COW codes, ISO3, region, system spells)."""

    def run() -> None:
        from .codes import resolve_region
        from .reference import load_states
        from .snapshot import system_members

        df = load_states()
        if year is not None:
            df = df[df["ccode"].isin(system_members(year))]
        if region is not None:
            reg = resolve_region(region)
            df = df[df["ccode"].map(lambda c: reg.contains(int(c)))]
        table = Table(title=f"States ({len(df)} spells)")
        for col in ("ccode", "abb", "name", "iso3", "region", "from", "to"):
            table.add_column(col)
        for r in df.itertuples(index=False):
            table.add_row(
                str(r.ccode),
                str(r.stateabb),
                str(r.name),
                str(r.iso3 or ""),
                str(r.region),
                str(r.start_year),
                "" if pd.isna(r.end_year) else str(r.end_year),  # type: ignore[arg-type]
            )
        console.print(table)

    _guard(run)


@app.command()
def alliances(
    year: Annotated[int, typer.Option(help="year, 1815-2024")],
    region: Annotated[str | None, typer.Option(help="only alliances with a member here")] = None,
) -> None:
    """List the alliances in force in a year, with members and obligations."""

    def run() -> None:
        from .codes import resolve_region
        from .reference import OBLIGATIONS
        from .snapshot import alliance_members

        m = alliance_members(year)
        if region is not None:
            reg = resolve_region(region)
            keep = {a for a, c in zip(m["alliance"], m["ccode"], strict=True) if reg.contains(c)}
            m = m[m["alliance"].isin(keep)]
        table = Table(title=f"Alliances in force in {year} ({m['alliance'].nunique()})")
        for col in ("alliance", "domain", "members", "obligations", "member codes"):
            table.add_column(col, overflow="fold")
        for _, grp in m.groupby("alliance", sort=True):
            obl = ", ".join(k for k in OBLIGATIONS if grp[k].any())
            table.add_row(
                str(grp["name"].iloc[0]),
                str(grp["domain"].iloc[0]),
                str(len(grp)),
                obl,
                " ".join(str(c) for c in grp["ccode"]),
            )
        console.print(table)

    _guard(run)


@app.command()
def brief(
    region: Region,
    year: Annotated[int, typer.Option("--year", "-y", help="year, 1816-2024")],
    out: Annotated[
        Path | None, typer.Option(help="HTML file (default out/brief-REGION-YEAR.html)")
    ] = None,
) -> None:
    """Print a regional brief and write it as a self-contained HTML file."""

    def run() -> None:
        from .reports.brief import build_brief, write_html

        b = build_brief(region, year)
        _print_brief(b)
        path = write_html(b, out or Path("out") / f"brief-{b.region}-{b.year}.html")
        console.print(f"\nHTML brief written to [bold]{path}[/bold]")

    _guard(run)


def _groups_table(title: str, label: str, groups: Any, ab: Mapping[int, str]) -> Table:
    """A brief's bloc or alignment frame as a table: number, label, size, share, states."""
    t = Table(title=title)
    for col in ("#", label, "members", "share", "states"):
        t.add_column(col, overflow="fold")
    for _, r in groups.iterrows():
        t.add_row(
            str(r["bloc"]),
            str(r["label"]),
            str(r["n_members"]),
            f"{r['share']:.1%}",
            ", ".join(str(ab.get(c, c)) for c in r["members"]),
        )
    return t


def _print_brief(b: object) -> None:
    from .reports.brief import Brief

    assert isinstance(b, Brief)
    s = b.snapshot
    pol = b.polarity
    ab = b.abbrev
    console.rule(f"[bold]Regional brief: {b.region.replace('_', ' ').title()}, {b.year}")
    console.print(
        f"{b.n_region_states} states in the region, {s.n - b.n_region_states} outside allies; "
        f"concentration CON = [bold]{b.con:.3f}[/bold]; polarity: [bold]{pol['polarity']}"
        f"[/bold] ({pol['n_poles']} poles: "
        + ", ".join(
            f"{ab.get(c, c)} {sh:.0%}"
            for c, sh in zip(pol["poles"], pol["pole_shares"], strict=True)
        )
        + ")"
    )
    console.print(_groups_table("Defence blocs (mutual defence commitments)", "bloc", b.blocs, ab))
    console.print(
        _groups_table(
            "Alignments (defence, offence and entente/consultation ties)",
            "largest alliance",
            b.alignments,
            ab,
        )
    )
    t = Table(title="Largest capability shares")
    for col in ("state", "in region", "share", "pooled share (defence)", "data"):
        t.add_column(col)
    pooled = b.pooled.set_index("ccode")["pooled_share"]
    for _, r in b.shares.head(10).iterrows():
        t.add_row(
            str(r["name"]),
            "yes" if r["in_region"] else "no",
            f"{r['share']:.1%}" if r["share"] == r["share"] else "NA",
            f"{pooled[r['ccode']]:.1%}",
            str(r["capability_kind"]),
        )
    console.print(t)
    t = Table(title="Alliances in force with members in the region")
    for col in ("alliance", "domain", "since", "members", "in region", "obligations"):
        t.add_column(col, overflow="fold")
    for _, r in b.alliances.iterrows():
        t.add_row(
            str(r["name"]),
            str(r["domain"]),
            str(r["since"]),
            str(r["n_members"]),
            str(r["n_in_region"]),
            str(r["obligations"]),
        )
    console.print(t)
    if len(b.rivalries):
        console.print(
            "Active strategic rivalries: "
            + "; ".join(
                f"{ab.get(int(a), a)}-{ab.get(int(c), c)}"
                for a, c in zip(b.rivalries["ccode1"], b.rivalries["ccode2"], strict=True)
            )
        )
    for note in s.notes:
        console.print(f"[dim]note: {note}[/dim]")


@app.command()
def cite(name: Annotated[str, typer.Argument(help="data source, e.g. atop, cow_nmc")]) -> None:
    """Print the BibTeX entry for a data source."""

    def run() -> None:
        from .sources import cite as _cite

        console.print(_cite(name), markup=False, highlight=False)

    _guard(run)


@app.command()
def versions() -> None:
    """List the registered data sources with version, URL and licence."""
    from .sources import versions as _versions

    table = Table(title="Data sources")
    for col in ("name", "version", "url", "licence"):
        table.add_column(col, overflow="fold")
    for r in _versions().itertuples(index=False):
        table.add_row(str(r.name), str(r.version), str(r.url), str(r.licence))
    console.print(table)


# --- command groups defined in their own modules (one line each) -------------------------
from .cli_data import app as _data_app  # noqa: E402

app.add_typer(_data_app, name="data")
from .cli_simulate import app as _simulate_app  # noqa: E402

app.add_typer(_simulate_app, name="simulate")
from .cli_scenario import register as _register_scenario  # noqa: E402

_register_scenario(app)
from .cli_panel import app as _panel_app  # noqa: E402

app.add_typer(_panel_app, name="panel")
from .cli_measure import measure as _measure_cmd  # noqa: E402

app.command("measure")(_measure_cmd)


def main() -> None:
    """Entry point of the ``alliancelab`` script."""
    app()


if __name__ == "__main__":  # pragma: no cover
    main()
