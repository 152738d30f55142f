"""Shared fixtures: where the official data files live.

The official COW/ATOP/SIPRI files are never copied into the repository. Tests that need
them read the folder named by ``ALLIANCELAB_DATA`` (default: ``../shared/data`` beside the
checkout) and skip, with the reason, only where that folder is genuinely absent.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]


def _data_dir() -> Path | None:
    env = os.environ.get("ALLIANCELAB_DATA")
    if env:
        return Path(env)
    default = REPO.parent / "shared" / "data"
    return default if default.is_dir() else None


@pytest.fixture(scope="session")
def shared_data() -> Path:
    """Path to the official data folder, or skip with a clear reason when it is absent."""
    path = _data_dir()
    if path is None or not path.is_dir():
        pytest.skip(
            "official data folder not found: set ALLIANCELAB_DATA or place ../shared/data "
            "beside the checkout"
        )
    return path
