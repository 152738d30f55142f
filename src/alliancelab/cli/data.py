"""``alliancelab data ...``: import, list, remove and download the official data files."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from ._common import STORE_IMPORTS, StoreOpt, console

__all__ = ["HEAVY_IMPORTS", "USER_ERRORS", "app"]

app = typer.Typer(
    help="Import official data (COW, ATOP, SIPRI, rivalries) into the local DuckDB store.",
    no_args_is_help=True,
)
#: imported before a ``data`` command runs, then frozen (see alliancelab._startup)
HEAVY_IMPORTS = STORE_IMPORTS
#: exceptions reported as user errors besides AllianceLabError: none
USER_ERRORS: tuple[type[Exception], ...] = ()


def _store(path: Path | None):  # type: ignore[no-untyped-def]
    from ..store import Store

    return Store(path)


@app.command("import")
def import_(
    source: Annotated[
        str,
        typer.Argument(
            help="cow-states, cow-alliance, cow-nmc, cow-mid, "
            "cow-contiguity, atop, sipri-milex, rivalries, tss-rivalries, "
            "gml-mid, democracy, gdp-pop, capitals, cow-mindist, cow-war, cow-war-participants, "
            "terrthreat, arms-races, gw-crosswalk, powers, peacesciencer"
        ),
    ],
    paths: Annotated[
        list[Path], typer.Argument(help="the official file(s) (a folder for gml-mid)")
    ],
    version: Annotated[
        str | None, typer.Option("--version", help="version label (default: detected)")
    ] = None,
    store: StoreOpt = None,
) -> None:
    """Import official files of SOURCE: validated, all or nothing, versions side by side."""
    from ..store import import_source

    st = _store(store)
    with console.status(f"importing {source} ..."):
        rec = import_source(source, paths, store=st, version=version)
    if rec.unchanged:
        console.print(
            f"{rec.source} {rec.version}: already imported from the same files "
            f"(sha256 match); store unchanged"
        )
        return
    console.print(
        f"imported [bold]{rec.source}[/bold] version [bold]{rec.version}[/bold]: "
        f"{rec.rows} rows in {len(rec.tables)} table(s) into {st.path}"
    )
    for note in filter(None, rec.notes.split("; ")):
        console.print(f"  [dim]{note}[/dim]", highlight=False)


@app.command("list")
def list_(store: StoreOpt = None) -> None:
    """List the imported sources and versions with rows, time and checksums."""
    st = _store(store)
    df = st.imports()
    if df.empty:
        console.print(f"no data imported yet in {st.path}")
        return
    t = Table(title=f"Imported data ({st.path})")
    for c in ("source", "version", "rows", "imported (UTC)", "files", "sha256"):
        t.add_column(c, overflow="fold")
    for r in df.itertuples(index=False):
        t.add_row(
            str(r.source),
            str(r.version),
            str(r.rows),
            str(r.imported_at)[:19],
            "\n".join(Path(f).name for f in r.files),
            "\n".join(s[:12] for s in r.sha256),
        )
    console.print(t)


@app.command("remove")
def remove(
    source: Annotated[str, typer.Argument(help="source name, e.g. cow-nmc")],
    version: Annotated[
        str | None, typer.Option("--version", help="only this version (default: all)")
    ] = None,
    store: StoreOpt = None,
) -> None:
    """Remove an imported source (every version, or one with --version)."""
    st = _store(store)
    key = source.strip().lower().replace("-", "_")
    gone = st.remove(key, version)
    console.print(f"removed {key} version(s): {', '.join(gone)}")


@app.command("download")
def download(
    source: Annotated[str, typer.Argument(help="source name, e.g. cow-nmc, atop")],
    dest: Annotated[
        Path | None, typer.Option("--dest", help="target folder (default under the store)")
    ] = None,
    url: Annotated[
        str | None, typer.Option("--url", help="mirror URL (ending in / = base for all files)")
    ] = None,
    do_import: Annotated[
        bool, typer.Option("--import", help="import the files after downloading")
    ] = False,
    store: StoreOpt = None,
) -> None:
    """Download SOURCE from its official URL (or --url), checking sha256; optionally import."""
    from rich.progress import (
        BarColumn,
        DownloadColumn,
        Progress,
        TaskID,
        TextColumn,
        TransferSpeedColumn,
    )

    from ..store import import_source
    from ..store.download import DOWNLOADS, download_source

    tasks: dict[str, TaskID] = {}
    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        DownloadColumn(),
        TransferSpeedColumn(),
        console=console,
    ) as bar:

        def progress(name: str, done: int, total: int | None) -> None:
            if name not in tasks:
                tasks[name] = bar.add_task(name, total=total)
            bar.update(tasks[name], completed=done, total=total)

        files = download_source(source, dest, url, progress=progress)
    key = source.strip().lower().replace("-", "_")
    known = {e.name: e.sha256 for e in DOWNLOADS.get(key, ())}
    for f in files:
        state = "sha256 verified" if known.get(f.name) else "[yellow]no known sha256[/]"
        console.print(f"downloaded {f} ({state})")
    if do_import:
        rec = import_source(source, files, store=_store(store))
        console.print(
            f"imported {rec.source} {rec.version}: {rec.rows} rows"
            + (" (unchanged)" if rec.unchanged else "")
        )
