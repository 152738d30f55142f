"""Download the official data files, checking each against its known sha256.

:data:`DOWNLOADS` lists, per source, the files its importer reads: the official URL
(a zip archive where the publisher distributes one, with the member to extract) and the
sha256 of the file's content where a verified copy is known. The checksums are those of
the copies in the project's shared data folder that its README documents as unchanged
official files; where no such copy exists the entry has ``sha256=None`` and the download
is reported as unverified. The official URLs were not reachable from the machine this was
written on (no network); ``url=`` points the download at a mirror or a local server.

A file is written to ``<name>.part`` while streaming and renamed only after its checksum
matched; on any failure the partial file is removed.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
import urllib.error
import urllib.parse
import urllib.request
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from ..errors import DownloadError, UnknownSourceError

__all__ = ["DOWNLOADS", "RemoteFile", "default_download_dir", "download_source"]

_COW = "https://correlatesofwar.org/wp-content/uploads/"


@dataclass(frozen=True)
class RemoteFile:
    """One file of a data source: local name, official URL, zip member, content sha256."""

    name: str
    url: str
    sha256: str | None
    member: str | None = None
    note: str = ""


DOWNLOADS: dict[str, tuple[RemoteFile, ...]] = {
    "cow_states": (
        RemoteFile(
            "states2016.csv",
            _COW + "states2016.csv",
            None,
            note="no verified copy of the official bytes",
        ),
        RemoteFile(
            "system2016.csv",
            _COW + "system2016.csv",
            "280e10b408c0aefb3b452e1d35d59a54d78935c08ac3a6039c47cb982cdc9f17",
        ),
        RemoteFile(
            "majors2016.csv",
            _COW + "majors2016.csv",
            "6ba42de12f2f63401ff5a61e6d0037d17b5dd03ed9aca07d0bc16660e03694eb",
        ),
    ),
    "cow_alliance": (
        RemoteFile(
            "alliance_v4.1_by_member.csv",
            _COW + "version4.1_csv.zip",
            None,
            member="alliance_v4.1_by_member.csv",
            note="the shared copy has the official content in another row order",
        ),
    ),
    "cow_nmc": (
        RemoteFile(
            "NMC-60-abridged.csv",
            _COW + "NMC-60-abridged.zip",
            "989920cc06ccb652bf8b0c537f78220463ecfe14c41295a8876e9f263e78f323",
            member="NMC-60-abridged.csv",
        ),
    ),
    "cow_mid": (
        RemoteFile(
            "MIDA 5.0.csv",
            _COW + "MID-5-Data-and-Supporting-Materials.zip",
            "fa00331f8b5e68b57d510303039081a1494b4d45df680ca38dfd8640d32c8474",
            member="MIDA 5.0.csv",
        ),
        RemoteFile(
            "MIDB 5.0.csv",
            _COW + "MID-5-Data-and-Supporting-Materials.zip",
            "5189071e3b8aa32e1338f3df43fe574f4a0f2a06b2f481a3213c9e8f01211722",
            member="MIDB 5.0.csv",
        ),
    ),
    "cow_contiguity": (
        RemoteFile(
            "contdir.csv",
            _COW + "DirectContiguity320.zip",
            None,
            member="contdir.csv",
            note="v3.2; the verified shared copy is v3.1",
        ),
    ),
    "atop": (
        RemoteFile(
            "atop5_1m.csv",
            "http://www.atopdata.org/uploads/6/9/1/3/69134503/atop_5.1__.csv_.zip",
            "0e3c803f65275c3cb9309d08c04710416dff16aee936c8b4f887c7b67ee5b55b",
            member="atop5_1m.csv",
        ),
        RemoteFile(
            "atop5_1a.csv",
            "http://www.atopdata.org/uploads/6/9/1/3/69134503/atop_5.1__.csv_.zip",
            "eafd146fa5c5bc2737ae829288c87d01c990a55fbc82dcc2dc08b94c0d7b5b7d",
            member="atop5_1a.csv",
        ),
    ),
    "sipri_milex": (
        RemoteFile(
            "SIPRI-Milex-data-1949-2024_2.xlsx",
            "https://www.sipri.org/sites/default/files/SIPRI-Milex-data-1949-2024_2.xlsx",
            "9362c97ad1e36e3a577139d309d37de331ecb5849824167578c60692f789ffc4",
        ),
    ),
}

Progress = Callable[[str, int, int | None], None]
"""``progress(name, bytes_done, bytes_total_or_None)``, called while downloading."""


def default_download_dir(source: str) -> Path:
    """``$ALLIANCELAB_HOME/downloads/<source>``, else under the user's data directory."""
    from .core import default_store_path

    return default_store_path().parent / "downloads" / source


def _key(source: str) -> str:
    key = source.strip().lower().replace("-", "_")
    if key not in DOWNLOADS:
        raise UnknownSourceError(
            f"no download known for {source!r}; downloadable sources: "
            f"{', '.join(s.replace('_', '-') for s in sorted(DOWNLOADS))} (rivalries and "
            "peacesciencer have no official CSV download: import local files)"
        )
    return key


def download_source(
    source: str,
    dest: str | Path | None = None,
    url: str | None = None,
    *,
    progress: Progress | None = None,
    timeout: float = 60.0,
) -> list[Path]:
    """Download the files of ``source`` into ``dest`` and verify their sha256.

    Parameters
    ----------
    source : str
        A source of :data:`DOWNLOADS` (``cow-nmc``, ``cow-mid``, ``atop``, ...).
    dest : path, optional
        Target folder (default :func:`default_download_dir`).
    url : str, optional
        A mirror: a URL ending in ``/`` is a base, each file is fetched as
        ``url + name`` (no zip); another URL is fetched as the one file of a one-file
        source (or the file whose name it ends with).
    progress : callable, optional
        Called as ``progress(name, done, total)`` while streaming.

    Returns
    -------
    list of Path
        The verified files, in the order of :data:`DOWNLOADS`.

    Raises
    ------
    DownloadError
        HTTP error, unreachable host, missing zip member or checksum mismatch (the
        partial file is removed; files already complete are kept).
    """
    key = _key(source)
    target = Path(dest) if dest is not None else default_download_dir(key)
    target.mkdir(parents=True, exist_ok=True)
    entries = DOWNLOADS[key]
    jobs: list[tuple[RemoteFile, str, bool]] = []  # (entry, url, from zip)
    if url is None:
        jobs = [(e, e.url, e.member is not None) for e in entries]
    elif url.endswith("/"):
        jobs = [(e, url + urllib.parse.quote(e.name), False) for e in entries]
    else:
        base = urllib.parse.unquote(url.rsplit("/", 1)[-1])
        match = [e for e in entries if e.name == base]
        if not match and len(entries) == 1:
            match = [RemoteFile(base, url, entries[0].sha256)]
        if not match:
            raise DownloadError(
                f"{url} is none of the files of {key} ({', '.join(e.name for e in entries)}); "
                "give a base URL ending in '/' to fetch them all"
            )
        jobs = [(match[0], url, False)]
    out: list[Path] = []
    fetched: dict[str, Path] = {}  # zip archives fetched once per call
    with tempfile.TemporaryDirectory(prefix="alliancelab-dl-") as tmp:
        for entry, link, is_zip in jobs:
            final = target / entry.name
            part = target / (entry.name + ".part")
            try:
                if is_zip:
                    if link not in fetched:
                        fetched[link] = Path(tmp) / f"archive{len(fetched)}.zip"
                        _fetch(link, fetched[link], entry.name, progress, timeout)
                    _extract(fetched[link], entry, part)
                else:
                    _fetch(link, part, entry.name, progress, timeout)
                digest = _sha256(part)
                if entry.sha256 is not None and digest != entry.sha256:
                    raise DownloadError(
                        f"checksum mismatch for {entry.name} from {link}: expected sha256 "
                        f"{entry.sha256}, got {digest}; the partial file was removed"
                    )
                os.replace(part, final)
            finally:
                part.unlink(missing_ok=True)
            out.append(final)
    return out


def _fetch(link: str, path: Path, name: str, progress: Progress | None, timeout: float) -> None:
    req = urllib.request.Request(link, headers={"User-Agent": "alliancelab"})
    try:
        with urllib.request.urlopen(req, timeout=timeout) as resp, open(path, "wb") as fh:
            total = resp.headers.get("Content-Length")
            size = int(total) if total and total.isdigit() else None
            done = 0
            if progress:
                progress(name, 0, size)
            while chunk := resp.read(1 << 16):
                fh.write(chunk)
                done += len(chunk)
                if progress:
                    progress(name, done, size)
            if size is not None and done != size:
                raise DownloadError(f"{link}: connection closed after {done} of {size} bytes")
    except urllib.error.HTTPError as exc:
        path.unlink(missing_ok=True)
        raise DownloadError(f"{link}: HTTP {exc.code} {exc.reason}") from None
    except (urllib.error.URLError, OSError) as exc:
        path.unlink(missing_ok=True)
        if isinstance(exc, DownloadError):
            raise
        raise DownloadError(f"{link}: {getattr(exc, 'reason', exc)}") from None


def _extract(archive: Path, entry: RemoteFile, part: Path) -> None:
    try:
        with zipfile.ZipFile(archive) as zf:
            names = [n for n in zf.namelist() if n.rsplit("/", 1)[-1] == entry.member]
            if not names:
                raise DownloadError(f"{entry.member!r} is not in the archive {entry.url}")
            with zf.open(names[0]) as src, open(part, "wb") as dst:
                shutil.copyfileobj(src, dst)
    except zipfile.BadZipFile as exc:
        raise DownloadError(f"{entry.url}: not a zip archive ({exc})") from None


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()
