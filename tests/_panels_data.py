"""Shared store for the panel tests (not a conftest: imported explicitly).

peacesciencer 1.2.9's exported inputs (``shared_data / "peacesciencer"``) are imported
once per test session (per pytest-xdist worker) into a real DuckDB file in a temporary
folder, with ``alliancelab.store.import_source("peacesciencer", DIR)``, as a user would.
``tests/conftest.py`` offers the same session fixture, so ``from _panels_data import
ps_store`` is optional; both hand out the one store.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from alliancelab.store import Store, import_source

_CACHE: dict[str, Store] = {}


def peacesciencer_store(shared_data: Path, factory: pytest.TempPathFactory) -> Store:
    """A store holding the peacesciencer inputs (imported once per session)."""
    if "ps" not in _CACHE:
        store = Store(factory.mktemp("ps_store") / "alliancelab.duckdb")
        import_source("peacesciencer", shared_data / "peacesciencer", store=store)
        _CACHE["ps"] = store
    return _CACHE["ps"]


@pytest.fixture(scope="session")
def ps_store(shared_data: Path, tmp_path_factory: pytest.TempPathFactory) -> Store:
    """The session's peacesciencer store (read only: tests must not write to it)."""
    return peacesciencer_store(shared_data, tmp_path_factory)
