"""Downloads against a real loopback HTTP server serving the shared data folder."""

from __future__ import annotations

import hashlib
import zipfile
from pathlib import Path

import pytest

from _loopback import serve
from alliancelab.errors import DownloadError, UnknownSourceError
from alliancelab.store import Store, import_source
from alliancelab.store import download as dl


def _sha(p: Path) -> str:
    return hashlib.sha256(p.read_bytes()).hexdigest()


def test_download_mid_from_a_mirror_and_import(shared_data: Path, tmp_path: Path) -> None:
    seen: list[tuple[str, int, int | None]] = []
    with serve(shared_data) as base:
        files = dl.download_source(
            "cow-mid",
            tmp_path / "dl",
            url=base + "cow_mid/",
            progress=lambda n, d, t: seen.append((n, d, t)),
        )
    assert [f.name for f in files] == ["MIDA 5.0.csv", "MIDB 5.0.csv"]
    for f in files:
        assert _sha(f) == _sha(shared_data / "cow_mid" / f.name)
    assert not list((tmp_path / "dl").glob("*.part"))
    size = (shared_data / "cow_mid/MIDA 5.0.csv").stat().st_size
    assert ("MIDA 5.0.csv", size, size) in seen  # progress reached the announced length
    rec = import_source("cow-mid", files, store=Store(tmp_path / "s.duckdb"))
    assert rec.version == "5.0"


def test_download_extracts_the_member_of_an_official_zip(
    shared_data: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    site = tmp_path / "site"
    site.mkdir()
    with zipfile.ZipFile(site / "atop.zip", "w") as zf:  # built here, never committed
        for name in ("atop5_1m.csv", "atop5_1a.csv"):
            zf.write(shared_data / "atop" / name, f"ATOP 5.1 (.csv)/{name}")
    with serve(site) as base:
        entries = tuple(
            dl.RemoteFile(e.name, base + "atop.zip", e.sha256, member=e.member)
            for e in dl.DOWNLOADS["atop"]
        )
        monkeypatch.setitem(dl.DOWNLOADS, "atop", entries)
        files = dl.download_source("atop", tmp_path / "out")
    assert [_sha(f) for f in files] == [e.sha256 for e in entries]


def test_checksum_mismatch_removes_the_file(shared_data: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    site.mkdir()
    data = (shared_data / "cow_nmc/NMC-60-abridged.csv").read_bytes()
    (site / "NMC-60-abridged.csv").write_bytes(data.replace(b"USA,2,1816,3823", b"USA,2,1816,3824"))
    dest = tmp_path / "dl"
    with serve(site) as base, pytest.raises(DownloadError, match="checksum mismatch") as exc:
        dl.download_source("cow-nmc", dest, url=base)
    assert "partial file was removed" in str(exc.value)
    assert list(dest.iterdir()) == []


def test_http_404(tmp_path: Path) -> None:
    site = tmp_path / "empty"
    site.mkdir()
    dest = tmp_path / "dl"
    with serve(site) as base, pytest.raises(DownloadError, match="HTTP 404"):
        dl.download_source("sipri-milex", dest, url=base)
    assert list(dest.iterdir()) == []


def test_single_file_url_and_unknown_names(shared_data: Path, tmp_path: Path) -> None:
    with serve(shared_data) as base:
        (f,) = dl.download_source("cow-nmc", tmp_path, url=base + "cow_nmc/NMC-60-abridged.csv")
        assert _sha(f) == dl.DOWNLOADS["cow_nmc"][0].sha256
        with pytest.raises(DownloadError, match="none of the files of cow_mid"):
            dl.download_source("cow-mid", tmp_path, url=base + "cow_mid/MIDI%205.0.csv")
    with pytest.raises(UnknownSourceError, match="downloadable sources"):
        dl.download_source("rivalries", tmp_path)


def test_unreachable_host(tmp_path: Path) -> None:
    with serve(tmp_path) as base:
        pass  # the server is shut down: the port now refuses connections
    with pytest.raises(DownloadError):
        dl.download_source("cow-nmc", tmp_path / "dl", url=base, timeout=5)
