"""The store's read cache: the tables a reader preloads, as one raw file of numpy arrays.

Opening DuckDB costs a fresh process 20-30 ms before it reads anything (it builds the
catalog of its built-in functions), and reading the seven input tables of a panel
pipeline through Arrow another 15-25 ms: together about a third of P2's pipeline
(``benchmarks/bench_panels.py``). :class:`alliancelab.store.read.Loaded` therefore keeps
the tables it preloads beside the store, in ``PATH.arrays``, under the same key as its
in-memory cache (size and modification time of the DuckDB file and its WAL): a later
process whose key matches reads that one file (a few ms for P2's ~10 MiB) and does not
open DuckDB at all. Any import or removal changes the key, and the next reader rewrites
the file.

The file is an 8-byte magic, the length of a JSON header, the header (the key, the
store's import metadata, the tables and, per column, its kind, dtype, length and
offsets, and the size of the data) and the data, each array on a 64-byte boundary.
Only plain numeric, boolean and datetime dtypes are read back (never an object dtype
from the file); strings are stored as fixed-width unicode and turned back into ``str``
objects. A file that is missing, damaged, truncated or written under another key is
ignored; a store whose folder is read-only simply gets no cache. Writes go to a
temporary file renamed into place, so readers see the old file or the new one.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

__all__ = ["cache_path", "read_arrays", "write_arrays"]

_MAGIC = b"ALARR001"
_ALIGN = 64
_PLAIN_KINDS = frozenset("biufmM")  # bool, ints, floats, timedelta, datetime

Tables = dict[str, dict[str, Any]]
Imports = list[tuple[str, str, list[str]]]


def cache_path(store_path: Path) -> Path:
    """``PATH.arrays`` beside the store file ``PATH``."""
    return store_path.with_name(store_path.name + ".arrays")


def _pad(n: int) -> int:
    return -(-n // _ALIGN) * _ALIGN


def _encode(col: Any) -> list[tuple[str, np.ndarray]] | None:
    """The arrays that store one column: ("data", ...) and maybe ("mask", ...); None
    when the column cannot be stored exactly (then its table is not cached)."""
    if not isinstance(col, np.ndarray):  # e.g. a pandas Categorical from fetchnumpy
        return None
    mask = None
    if isinstance(col, np.ma.MaskedArray):
        mask = np.ma.getmaskarray(col)
        col = np.ma.getdata(col)
    col = np.asarray(col)
    if col.ndim != 1:
        return None
    if col.dtype.kind == "O":
        if not all(isinstance(v, str) for v in (col[~mask] if mask is not None else col)):
            return None
        filled = col if mask is None else np.where(mask, "", col)
        data = np.asarray(filled.tolist() if len(filled) else [], dtype=str)
        if len(data) == 0:
            data = np.zeros(0, dtype="<U1")
        if not np.array_equal(data.astype(object), filled):  # e.g. a trailing NUL
            return None
    elif col.dtype.kind in _PLAIN_KINDS:
        data = col
    else:
        return None
    parts = [("data", np.ascontiguousarray(data))]
    if mask is not None:
        parts.append(("mask", np.ascontiguousarray(mask)))
    return parts


def write_arrays(
    path: Path,
    key: Sequence[int],
    imports: Imports,
    tables: Tables,
    absent: Sequence[str] = (),
    mode: int | None = None,
) -> bool:
    """Write ``tables`` (name -> column -> array) with ``key``, ``imports`` and the names
    of the ``absent`` tables (listed in the metadata, missing in DuckDB) to ``path``,
    with permission bits ``mode`` (the store file's); tables with a column that cannot be
    stored exactly are left out. Returns whether the file was written (False when its
    folder is not writable)."""
    header: dict[str, Any] = {
        "key": list(key),
        "imports": imports,
        "absent": list(absent),
        "tables": {},
    }
    chunks: list[np.ndarray] = []
    off = 0
    for name, cols in tables.items():
        encoded = [(c, np.asarray(v).dtype.kind == "O", _encode(v)) for c, v in cols.items()]
        if any(parts is None for _, _, parts in encoded):
            continue
        desc = []
        for col_name, is_object, parts in encoded:
            entry: dict[str, Any] = {"name": col_name, "object": is_object}
            for part, arr in parts or ():
                entry[part] = [arr.dtype.str, len(arr), off]
                chunks.append(arr)
                off += _pad(arr.nbytes)
            desc.append(entry)
        header["tables"][name] = desc
    header["bytes"] = off
    head = json.dumps(header).encode()
    lead = _MAGIC + len(head).to_bytes(8, "little") + head
    lead += b"\0" * (_pad(len(lead)) - len(lead))
    try:
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=path.name + ".", suffix=".tmp")
    except OSError:
        return False
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(lead)
            for arr in chunks:
                f.write(arr.tobytes())
                f.write(b"\0" * (_pad(arr.nbytes) - arr.nbytes))
        if mode is not None:
            os.chmod(tmp, mode)
        os.replace(tmp, path)
    except OSError:
        Path(tmp).unlink(missing_ok=True)
        return False
    return True


def _view(buf: np.ndarray, spec: Any) -> np.ndarray:
    """The array ``[dtype, length, offset]`` of ``buf``; raises ValueError unless the dtype
    is plain (numeric, bool, datetime or unicode) and the bytes lie inside ``buf``."""
    dtype, n, off = np.dtype(str(spec[0])), int(spec[1]), int(spec[2])
    if dtype.kind not in _PLAIN_KINDS | {"U"} or dtype.hasobject or n < 0 or off < 0:
        raise ValueError(f"bad array spec {spec!r}")
    end = off + n * dtype.itemsize
    if end > len(buf) or off % _ALIGN:
        raise ValueError(f"array {spec!r} lies outside the file")
    return buf[off:end].view(dtype)


def read_arrays(path: Path, key: Sequence[int]) -> tuple[Imports, Tables, list[str]] | None:
    """The (imports, tables, absent tables) written under ``key``, or None (no file,
    another key, or damaged). The arrays are read-only views of one buffer, as Arrow's
    zero-copy arrays are; string columns come back as object arrays of ``str``."""
    try:
        with open(path, "rb") as f:
            if f.read(8) != _MAGIC:
                return None
            size = int.from_bytes(f.read(8), "little")
            header = json.loads(f.read(size))
            if not isinstance(header, dict) or header.get("key") != list(key):
                return None
            f.seek(_pad(16 + size))
            buf = np.fromfile(f, dtype=np.uint8)
        if len(buf) != header["bytes"]:  # truncated, or another writer's tail
            return None
        buf.flags.writeable = False
        imports = [(str(s), str(v), [str(t) for t in ts]) for s, v, ts in header["imports"]]
        tables: Tables = {}
        for name, desc in header["tables"].items():
            cols: dict[str, Any] = {}
            for entry in desc:
                data = _view(buf, entry["data"])
                mask = _view(buf, entry["mask"]) if "mask" in entry else None
                if mask is not None and (mask.dtype != np.bool_ or len(mask) != len(data)):
                    return None
                if entry["object"]:
                    data = data.astype(object)
                    if mask is not None:
                        data[mask] = None  # as DuckDB gives NULL strings
                if mask is not None:
                    data = np.ma.MaskedArray(data, mask=mask)
                cols[str(entry["name"])] = data
            tables[str(name)] = cols
        absent = [str(a) for a in header["absent"]]
    except (OSError, ValueError, TypeError, KeyError, IndexError, AttributeError):
        return None
    return imports, tables, absent
