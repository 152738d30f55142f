"""The top-level commands: ``states``, ``alliances``, ``brief``, ``cite``, ``versions``,
``policy`` and ``case-study``: a thin layer over the public API.

Each command imports the library it needs when it runs; user errors are reported by the
one guard of :mod:`alliancelab.cli`.
"""

from __future__ import annotations

import datetime as _dt
import re
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, TypeVar

import typer
from rich.table import Table

from ._common import (
    HEAVY_IMPORTS,
    Region,
    StoreOpt,
    check_seed,
    console,
    out_file,
    out_folder,
)
from .scenario import N, Seed, print_result

if TYPE_CHECKING:
    from ..codes import Region as _Region

__all__ = [
    "COMMANDS",
    "COMMAND_IMPORTS",
    "HEAVY_IMPORTS",
    "USER_ERRORS",
    "alliances",
    "brief",
    "case_study",
    "cite",
    "policy",
    "state_spells",
    "states",
    "versions",
]

#: exceptions reported as user errors besides AllianceLabError: none
USER_ERRORS: tuple[type[Exception], ...] = ()

_T = TypeVar("_T")
_ISO_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


#: The reference data's years and the one years-only spell that ends on 31 December, as
#: :func:`alliancelab.system_members` reads them (``reference.LAST_YEAR``,
#: ``snapshot.SYSTEM_FIRST_YEAR`` and ``snapshot._reference._ENDS_ON_31_DECEMBER``; a test
#: checks they agree). ``states`` reads the CSV itself so that it needs no pandas.
_SYSTEM_YEARS = (1816, 2024)
_ENDS_ON_31_DECEMBER = frozenset({(315, 1992)})  # Czechoslovakia, dissolved 1992-12-31


def state_spells(year: int | None = None, region: str | None = None) -> list[dict[str, str]]:
    """The rows of the shipped ``states.csv`` (COW State System Membership v2016, spells
    extended to 2024), read with the :mod:`csv` module: every spell of the states in the
    system at the end of ``year`` (:func:`alliancelab.system_members`' rule) and in
    ``region``.

    Examples
    --------
    >>> rows = state_spells(1914, "2,255,260")
    >>> [(r["ccode"], r["start_year"], r["end_year"]) for r in rows]
    [('2', '1816', ''), ('255', '1816', '1945'), ('255', '1990', '')]
    """
    import csv

    from ..errors import CoverageError

    path = Path(__file__).resolve().parent.parent / "reference" / "states.csv"
    with path.open(newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    if year is not None:
        first, last = _SYSTEM_YEARS
        if not first <= year <= last:
            raise CoverageError(
                f"year {year} is outside the reference data, which covers {first}-{last}"
            )
        live = {
            r["ccode"]
            for r in rows
            if int(r["start_year"]) <= year
            and (
                not r["end_year"]
                or int(r["end_year"]) > year
                or (int(r["end_year"]) == year and (int(r["ccode"]), year) in _ENDS_ON_31_DECEMBER)
            )
        }
        rows = [r for r in rows if r["ccode"] in live]
    if region is not None:
        reg = _region(region, {int(r["ccode"]) for r in rows})
        rows = [r for r in rows if reg.contains(int(r["ccode"]))]
    return rows


def _region(region: str, listed: set[int]) -> _Region:
    """``--region`` as :func:`alliancelab.codes.resolve_region` reads it; a list of codes
    that ``states.csv`` holds is known to COW without the code list of ``countrycode``
    (which needs pandas)."""
    from ..codes import Region, resolve_region

    parts = [p.strip() for p in region.split(",") if p.strip()]
    if parts and all(p.isascii() and p.isdigit() for p in parts):
        codes = frozenset(int(p) for p in parts)
        if codes <= listed:
            return Region("custom", ccodes=codes)
    return resolve_region(region)


def states(
    year: Annotated[int | None, typer.Option(help="only states in the system this year")] = None,
    region: Annotated[str | None, typer.Option(help="COW region or ccodes")] = None,
) -> None:
    """List the states of the reference data (COW codes, ISO3, region, system spells)."""
    rows = state_spells(year, region)
    table = Table(title=f"States ({len(rows)} spells)")
    for col in ("ccode", "abb", "name", "iso3", "region", "from", "to"):
        table.add_column(col)
    for r in rows:
        table.add_row(
            r["ccode"],
            r["stateabb"],
            r["name"],
            r["iso3"],
            r["region"],
            r["start_year"],
            r["end_year"],
        )
    console.print(table)


def alliances(
    year: Annotated[int, typer.Option(help="year, 1815-2024")],
    region: Annotated[str | None, typer.Option(help="only alliances with a member here")] = None,
) -> None:
    """List the alliances in force in a year, with members and obligations."""
    from ..codes import resolve_region
    from ..reference import OBLIGATIONS
    from ..snapshot import alliance_members

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


DataOpt = Annotated[
    str,
    typer.Option("--data", help="reference (shipped, default) or store (imported official data)"),
]
DateOpt = Annotated[
    str | None,
    typer.Option(
        "--date", help="a day, YYYY-MM-DD (instead of --year): what was in force that day"
    ),
]
YearOpt = Annotated[int | None, typer.Option("--year", "-y", help="year, 1816-2024")]


def _when(year: int | None, date: str | None) -> int | _dt.date:
    """The snapshot's first argument from ``--year`` or ``--date`` (exactly one of them)."""
    from ..errors import ParameterError

    if (year is None) == (date is None):
        raise ParameterError("give exactly one of --year and --date")
    if date is None:
        assert year is not None
        return year
    text = date.strip()
    try:
        if not _ISO_DAY.fullmatch(text):
            raise ValueError
        return _dt.date.fromisoformat(text)
    except ValueError:
        raise ParameterError(f"--date must be a day as YYYY-MM-DD, got {date!r}") from None


def _check_data(data: str) -> None:
    from ..errors import ParameterError

    if data not in ("reference", "store"):
        raise ParameterError(f"--data must be 'reference' or 'store', got {data!r}")


def _dated(call: Callable[[], _T], when: object) -> _T:
    """Run ``call``; a snapshot that cannot take a date says so as a user error."""
    from ..errors import ParameterError

    try:
        return call()
    except TypeError as exc:
        if isinstance(when, _dt.date) and "year must be an integer" in str(exc):
            raise ParameterError(
                "--date needs dated snapshots, which this build does not have yet; use --year"
            ) from None
        raise


def brief(
    region: Region,
    year: YearOpt = None,
    date: DateOpt = None,
    data: DataOpt = "reference",
    store: StoreOpt = None,
    out: Annotated[
        Path | None, typer.Option(help="HTML file (default out/brief-REGION-YEAR.html)")
    ] = None,
) -> None:
    """Print a regional brief and write it as a self-contained HTML file."""
    from ..reports.brief import build_brief, write_html

    when = _when(year, date)
    _check_data(data)
    if out is not None:
        out_file(out)
    b = _dated(lambda: build_brief(region, when, data=data, store=store), when)
    _print_brief(b)
    stamp = when.isoformat() if isinstance(when, _dt.date) else str(b.year)
    path = out or Path("out") / f"brief-{b.region}-{stamp}.html"
    out_file(path)  # again: the default name is known only now
    path = write_html(b, path)
    console.print(f"\nHTML brief written to [bold]{path}[/bold]")


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
    from ..reports.brief import Brief

    assert isinstance(b, Brief)
    s = b.snapshot
    pol = b.polarity
    ab = b.abbrev
    day = getattr(s, "date", None)
    console.rule(f"[bold]Regional brief: {b.region.replace('_', ' ').title()}, {day or b.year}")
    console.print(f"[dim]data: {b.data_note}[/dim]", highlight=False)
    n_out, n_poles = s.n - b.n_region_states, int(pol["n_poles"])
    console.print(
        f"{b.n_region_states} states in the region, {n_out} outside "
        f"all{'y' if n_out == 1 else 'ies'}; "
        f"concentration CON = [bold]{b.con:.3f}[/bold]; polarity: [bold]{pol['polarity']}"
        f"[/bold] ({n_poles} pole{'' if n_poles == 1 else 's'} by military spending, "
        "five-year mean: "
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
    # Two denominators, said in the headers: the region's own states (the share, as CON and
    # polarity count them) and the region with its outside allies (own and pooled capability
    # on one base, so a state's pooled share is never below its own).
    t = Table(title="Largest capability shares")
    for col in (
        "state",
        "share of region",
        "own, of region + allies",
        "pooled (defence), of region + allies",
        "data",
    ):
        t.add_column(col)
    pooled = b.pooled.set_index("ccode")
    system_total = float(pooled["capability"].sum())
    for _, r in b.shares.head(10).iterrows():
        own = pooled.loc[r["ccode"], "capability"]
        t.add_row(
            str(r["name"]),
            f"{r['share']:.1%}" if r["share"] == r["share"] else "NA",
            f"{own / system_total:.1%}" if own == own and system_total > 0 else "NA",
            f"{pooled.loc[r['ccode'], 'pooled_share']:.1%}",
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


def cite(name: Annotated[str, typer.Argument(help="data source, e.g. atop, cow_nmc")]) -> None:
    """Print the BibTeX entry for a data source."""
    from .. import sources

    console.print(sources.cite(name), markup=False, highlight=False)


def versions() -> None:
    """List the registered data sources with version, URL and licence."""
    from ..sources import SOURCES  # the rows of sources.versions(), without pandas

    table = Table(title="Data sources")
    for col in ("name", "version", "url", "licence"):
        table.add_column(col, overflow="fold")
    for r in SOURCES.values():
        table.add_row(r.name, r.version, r.url, r.licence)
    console.print(table)


def policy(
    region: Annotated[str, typer.Option("--region", "-r", help="COW region or COW codes")],
    year: YearOpt = None,
    date: DateOpt = None,
    data: DataOpt = "reference",
    store: StoreOpt = None,
    focal: Annotated[
        str | None, typer.Option("--for", help="only moves of this state (code, ISO3, name)")
    ] = None,
    n: Annotated[int, typer.Option("--n", help="escalation cascades per crisis")] = 300,
    seed: Annotated[int, typer.Option("--seed")] = 0,
    top: Annotated[int, typer.Option("--top", help="rows of the ranked table")] = 15,
    out: Annotated[Path | None, typer.Option("--out", help="also save the table (CSV)")] = None,
    report: Annotated[
        Path | None, typer.Option("--report", help="also write an HTML report")
    ] = None,
) -> None:
    """Rank candidate alliance moves for a region-year and explain each score."""
    from .. import limits
    from ..policy import CRITERIA, options
    from ..reports.brief import data_used

    when = _when(year, date)
    _check_data(data)
    limits.check("policy_draws", n, what="--n")
    top = limits.check("rows", top, what="--top")
    check_seed(seed)
    for f in (out, report):
        if f is not None:
            out_file(f)
    with console.status("scoring the options...") as status:
        po = _dated(
            lambda: options(
                region,
                when,
                focal=focal,
                data=data,
                store=store,
                n=n,
                seed=seed,
                progress=status.update,
            ),
            when,
        )
    who = f" for {po.snapshot.names[po.snapshot.index(po.focal)]}" if po.focal else ""
    console.rule(f"[bold]Policy options: {po.region} {when}{who}[/bold]")
    console.print(f"[dim]data: {data_used(data, store)}[/dim]", highlight=False)
    console.print(
        f"{len(po.table)} candidate moves scored on the change in expected MID onsets in "
        "the region (risk), deterrence of the most threatened (deter), pooled-capability "
        "deterrence (pooled), provocation of outsiders (provoke), belligerents per war "
        "(war size), dependency (depend) and structural balance (balance), ranked by "
        "tier then risk; 90% intervals in --out/--report; see docs/policy.md."
    )
    for title, frame in (
        ("Pareto-efficient options", po.pareto),
        (f"Ranked options (top {top})", po.table.head(top)),
    ):
        t = Table(title=title)
        t.add_column("#")
        t.add_column("kind")
        t.add_column("option", overflow="fold", min_width=24, ratio=3)
        short = {"onset_risk": "risk", "deterrence_gain": "deter", "pooled_deterrence":
                 "pooled", "provocation": "provoke", "belligerents": "war size",
                 "dependency": "depend"}  # fmt: skip
        for col in ("tier", "score", *(short.get(c, c) for c in CRITERIA)):
            t.add_column(col, justify="right")
        for _, r in frame.iterrows():
            t.add_row(
                str(r["rank"]),
                str(r["kind"]),
                str(r["option"]),
                str(r["tier"]),
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
        from ..reports.scenario_outputs import _atomic_csv

        _atomic_csv(po.table, out)
        console.print(f"\nTable written to [bold]{out}[/bold]")
    if report is not None:
        from ..reports.policy import write_report

        write_report(po, report, data=data_used(data, store))
        console.print(f"Report written to [bold]{report}[/bold]")


def case_study(
    name: Annotated[str | None, typer.Argument(help="bundled case (see --list)")] = None,
    list_: Annotated[bool, typer.Option("--list", help="list the bundled case studies")] = False,
    out: Annotated[Path | None, typer.Option("--out", help="output folder")] = None,
    n: N = None,
    seed: Seed = None,
    window: Annotated[
        int | None, typer.Option("--window", help="years either side for indicators over time")
    ] = None,
    data: DataOpt = "reference",
) -> None:
    """List the bundled case studies, or run one and write its HTML report.

    ``--data store`` runs the case on the official data of the default store
    (``$ALLIANCELAB_HOME``), with the case's alliances named by their ATOP ids.
    """
    from ..reports.case_study import on_data
    from ..reports.scenario_outputs import write_outputs
    from ..scenario import bundled, bundled_path, load, run

    if list_ or name is None:
        t = Table(title="Bundled case studies (alliancelab case-study NAME)")
        for col in ("name", "year", "region", "title"):
            t.add_column(col, overflow="fold")
        for r in bundled().itertuples(index=False):
            t.add_row(str(r.name), str(r.year), str(r.region), str(r.title))
        console.print(t)
        return
    from .. import limits

    if n is not None:
        limits.check("draws", n, what="--n")
    if window is not None:
        limits.check("window", window, what="--window", minimum=0)
    check_seed(seed)
    _check_data(data)
    sc = on_data(load(bundled_path(name)), data)
    folder = out_folder(out or Path("out") / name)
    with console.status(f"running {name}...") as status:
        result = run(sc, n=n, seed=seed, progress=lambda m: status.update(m))
        print_result(result)
        status.update("writing the report...")
        folder = write_outputs(result, folder, window=window)
    console.print(f"\nReport written to [bold]{folder / 'report.html'}[/bold]")


#: Matplotlib's object-oriented API and its SVG backend (no pyplot), for the reports.
_FIGURES = ("matplotlib.figure", "matplotlib.backends.backend_svg")

#: What the entry point imports (GC off, then frozen) before a command runs, where it is
#: not :data:`HEAVY_IMPORTS`: ``states``, ``cite`` and ``versions`` need neither pandas nor
#: numpy; the reports also freeze their own modules and, for the case study, matplotlib
#: (about 0.1 s less of garbage collection: the collector no longer walks them). The
#: brief draws its figures without matplotlib (:mod:`alliancelab.reports._svg`).
COMMAND_IMPORTS: dict[str, tuple[str, ...]] = {
    "states": (),
    "cite": (),
    "versions": (),
    "brief": (*HEAVY_IMPORTS, "alliancelab.reports.brief"),
    "case-study": (*HEAVY_IMPORTS, *_FIGURES, "alliancelab.reports.case_study"),
}

#: The top-level commands in the order ``alliancelab --help`` lists them, by name.
COMMANDS: dict[str, Any] = {
    "states": states,
    "alliances": alliances,
    "brief": brief,
    "cite": cite,
    "versions": versions,
    "policy": policy,
    "case-study": case_study,
}
