"""Helpers shared by the importers: known state codes, version labels, the final write."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path

import pandas as pd

from ..errors import AllianceLabError, DataFormatError
from ._parse import RawTable, Report, read_csv_raw
from .core import ImportRecord, Store, default_version, sha256_file, table_name

__all__ = ["carry_over", "classify_files", "finish", "known_ccodes", "need_files"]


def known_ccodes(store: Store) -> set[int]:
    """COW state codes: the reference states plus any imported ``cow_states`` codes."""
    from ..reference import load_states

    known = {int(c) for c in load_states()["ccode"].dropna()}
    try:
        if store.path.exists() and store.has("cow_states"):
            try:
                df = store.read("cow_states", "states", columns=["ccode"])
                known |= {int(c) for c in df["ccode"].dropna()}
            except AllianceLabError:
                pass
    except AllianceLabError:  # e.g. a store that cannot be opened: already said clearly
        raise
    except Exception as exc:  # a store that cannot be read must not hide the data error
        raise AllianceLabError(f"cannot read the store at {store.path}: {exc}") from None
    return known


def need_files(paths: Sequence[Path], source: str, low: int, high: int | None = None) -> None:
    """Check the number of files given to an importer."""
    if len(paths) < low or (high is not None and len(paths) > high):
        want = f"{low}" if high == low else f"{low} to {high}" if high else f"at least {low}"
        raise DataFormatError(
            f"{source} takes {want} file(s), got {len(paths)}: " + ", ".join(str(p) for p in paths)
        )
    for p in paths:
        if not Path(p).is_file():
            raise DataFormatError("file not found", file=str(p))


def finish(
    store: Store,
    source: str,
    version: str,
    tables: Mapping[str, pd.DataFrame],
    paths: Sequence[Path],
    report: Report,
    override: str | None,
) -> ImportRecord:
    """Hash the files and write all tables in one transaction (see Store.write_import)."""
    label = override or version
    if override and override != version:
        report.add(f"version label {override!r} given by the user (detected {version!r})")
    else:
        report.add(f"detected version {version}")
    files = [str(Path(p).resolve()) for p in paths]
    sha = [sha256_file(p) for p in paths]
    clean = {name: df.reset_index(drop=True) for name, df in tables.items()}
    return store.write_import(source, label, clean, files=files, sha256=sha, notes=report.text())


def classify_files(
    paths: Sequence[Path], kinds: dict[str, set[str]], source: str, report: Report
) -> dict[str, tuple[Path, RawTable]]:
    """Read each file (strict CSV) and name it by the set of columns that identifies its kind;
    a file of no known kind, or two of one kind, is a DataFormatError naming the file."""
    found: dict[str, tuple[Path, RawTable]] = {}
    for p in paths:
        raw = read_csv_raw(p, report)
        hdr = set(raw.header)
        kind = next((k for k, cols in kinds.items() if cols <= hdr), None)
        if kind is None:
            raise DataFormatError(
                f"not a {source} file: its header ({', '.join(raw.header)}) has none of the "
                "expected column sets: "
                + "; ".join(f"{k}: {', '.join(sorted(c))}" for k, c in kinds.items()),
                file=raw.file,
                row=1,
            )
        if kind in found:
            raise DataFormatError(
                f"two {kind} files given ({found[kind][1].file} and {raw.file})", file=raw.file
            )
        found[kind] = (p, raw)
    return found


def carry_over(
    store: Store, source: str, kinds: Sequence[str], given: Sequence[str], report: Report
) -> dict[str, pd.DataFrame]:
    """The tables a partial import of a multi-file source keeps from the store.

    The store's one rule for a partial re-import (documented in ``docs/data.md``, "Partial
    re-imports merge"): when the files given provide only some of the tables ``kinds`` of
    ``source``, every other table of ``kinds`` held by the source's default version
    (:func:`~.core.default_version`) is carried into the new import unchanged and named in
    its notes, so importing a corrected ``majors2016.csv`` alone never drops the
    ``states`` and ``system`` tables. Returns ``{kind: DataFrame}`` (empty for a new store
    or a source not imported yet).
    """
    missing = [k for k in kinds if k not in given]
    if not missing or not store.path.exists() or not store.has(source):
        return {}
    current = default_version(store.versions(source))
    rec = store.imports()
    row = rec[(rec["source"] == source) & (rec["version"] == current)].iloc[0]
    held = set(row["tables"])
    out = {
        k: store.read(source, k, current) for k in missing if table_name(source, k, current) in held
    }
    if out:
        report.add(
            f"partial import: {', '.join(out)} kept from version {current} "
            f"({', '.join(f'{k} {len(df)} rows' for k, df in out.items())})"
        )
    return out
