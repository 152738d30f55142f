"""Tables out of the API: JSON records, CSV and Parquet downloads with provenance.

Every table endpoint returns JSON by default and, with ``?format=csv`` or
``?format=parquet``, the same rows as a file. A CSV download starts with ``#`` comment
lines naming the alliancelab version, the data source and versions, and how to cite
them (``pandas.read_csv(path, comment="#")`` reads it); a Parquet file carries the same
text in its schema metadata (keys ``alliancelab.provenance`` and ``alliancelab.cite``).
"""

from __future__ import annotations

import io
import math
from collections.abc import Sequence
from functools import lru_cache
from typing import Any, Literal

import pandas as pd
from fastapi.responses import JSONResponse, Response

__all__ = ["STORE_SOURCES", "Format", "provenance", "records", "table_response"]

Format = Literal["json", "csv", "parquet"]

#: the data sets behind each table (names of alliancelab.versions())
REFERENCE_SOURCES: tuple[str, ...] = (
    "alliancelab_reference",
    "cow_states",
    "atop",
    "cow_nmc",
    "rivalries",
)


def _clean(value: Any) -> Any:
    """A JSON-safe value: NaN/NA -> None, numpy scalars -> Python, tuples -> lists."""
    if isinstance(value, list | tuple | set | frozenset):
        return [_clean(v) for v in value]
    if hasattr(value, "tolist") and not isinstance(value, str):
        return _clean(value.tolist())
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value


def records(df: pd.DataFrame) -> list[dict[str, Any]]:
    """The rows of ``df`` as JSON-safe dicts (missing values as ``null``)."""
    cols = [str(c) for c in df.columns]
    return [
        {c: _clean(v) for c, v in zip(cols, row, strict=True)}
        for row in df.itertuples(index=False, name=None)
    ]


#: the store's data sets behind each table (what :func:`alliancelab.snapshot.store_data`
#: reads)
STORE_SOURCES: tuple[str, ...] = REFERENCE_SOURCES[1:]


@lru_cache(maxsize=8)
def provenance(data: str, store: str | None = None) -> tuple[str, str]:
    """(one line naming alliancelab's and the data's versions, the citation keys).

    The reference data name the shipped versions (:func:`alliancelab.versions`); a store
    (``data="store"``, ``store`` its file, default the default store) names the version
    of each source it reads (the store's default, :func:`alliancelab.store.core.default_version`).
    Cached per (data, store) for the server's life."""
    from .. import __version__, versions

    if data == "store":
        from ..store import Store
        from ..store.core import default_version

        imp = Store(store).imports()
        found = {
            n: default_version([str(v) for v in imp.loc[imp["source"] == n, "version"]])
            for n in STORE_SOURCES
            if (imp["source"] == n).any()
        }
        used = ", ".join(f"{n} {v}" for n, v in found.items())
    else:
        v = versions().set_index("name")["version"]
        used = ", ".join(f"{n} {v[n]}" for n in REFERENCE_SOURCES if n in v.index)
    line = f"alliancelab {__version__}; data={data}; sources: {used}"
    cite = "cite: " + "; ".join(f"alliancelab.cite({n!r})" for n in REFERENCE_SOURCES[1:])
    return line, cite


def _flat(df: pd.DataFrame) -> pd.DataFrame:
    """Lists in cells become space-separated text (CSV and Parquet want flat columns)."""
    out = df.copy()
    for c in out.columns:
        if out[c].map(lambda x: isinstance(x, list | tuple)).any():
            out[c] = out[c].map(
                lambda x: " ".join(map(str, x)) if isinstance(x, list | tuple) else x
            )
    return out


def table_response(
    df: pd.DataFrame,
    fmt: Format,
    *,
    name: str,
    data: str,
    meta: dict[str, Any],
    store: str | None = None,
    key: str = "rows",
    columns: Sequence[str] | None = None,
    notes: Sequence[str] = (),
) -> Response:
    """``df`` as JSON (``{**meta, key: records}``), CSV or Parquet named ``name``, its
    provenance that of ``data`` and ``store`` (:func:`provenance`).

    ``notes``: more provenance lines (a CSV's ``#`` lines after the first two; a Parquet
    file's ``alliancelab.notes`` metadata, newline-separated)."""
    if columns is not None:
        df = df[list(columns)]
    if fmt == "json":
        return JSONResponse({**meta, key: records(df)})
    line, cite = provenance(data, store)
    flat = _flat(df)
    if fmt == "csv":
        head = "".join(f"# {n}\n" for n in (line, cite, *notes))
        text = head + flat.to_csv(index=False)
        return Response(
            text,
            media_type="text/csv; charset=utf-8",
            headers={"Content-Disposition": f'attachment; filename="{name}.csv"'},
        )
    import pyarrow as pa  # type: ignore[import-untyped]
    import pyarrow.parquet as pq  # type: ignore[import-untyped]

    table = pa.Table.from_pandas(flat, preserve_index=False)
    table = table.replace_schema_metadata(
        {
            **(table.schema.metadata or {}),
            b"alliancelab.provenance": line.encode(),
            b"alliancelab.cite": cite.encode(),
            **({b"alliancelab.notes": "\n".join(notes).encode()} if notes else {}),
        }
    )
    buf = io.BytesIO()
    pq.write_table(table, buf)
    return Response(
        buf.getvalue(),
        media_type="application/vnd.apache.parquet",
        headers={"Content-Disposition": f'attachment; filename="{name}.parquet"'},
    )
