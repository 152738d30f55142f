"""Shared fixtures: where the official data files live, and the stores built from them.

The official COW/ATOP/SIPRI files are never copied into the repository. Tests that need
them read the folder named by ``ALLIANCELAB_DATA`` (default: ``../shared/data`` beside the
checkout) and skip, with the reason, only where that folder is genuinely absent.

Stores imported from those files are session fixtures, built once per session (once per
worker under pytest-xdist) in a temporary folder and shared read only; a test that writes
to a store builds its own.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from alliancelab.store import Store

REPO = Path(__file__).resolve().parents[1]


def _data_dir() -> Path | None:
    env = os.environ.get("ALLIANCELAB_DATA")
    if env:
        return Path(env)
    default = REPO.parent / "shared" / "data"
    return default if default.is_dir() else None


@pytest.fixture
def empty_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty ``ALLIANCELAB_HOME``: the default store holds nothing, so a test shows
    that only the store it passes is read."""
    home = tmp_path / "empty-home"
    home.mkdir()
    monkeypatch.setenv("ALLIANCELAB_HOME", str(home))
    return home


@pytest.fixture(scope="session")
def shared_data() -> Path:
    """Path to the official data folder, or skip with a clear reason when it is absent."""
    path = _data_dir()
    if path is None or not path.is_dir():
        reason = (
            "official data folder not found: set ALLIANCELAB_DATA or place ../shared/data "
            "beside the checkout"
        )
        if os.environ.get("CI"):  # CI has the data: a missing folder fails, never skips
            pytest.fail(reason)
        pytest.skip(reason)
    return path


@pytest.fixture(scope="session")
def official_store(shared_data: Path, tmp_path_factory: pytest.TempPathFactory) -> Store:
    """COW states v2016, ATOP 5.1 members, NMC 7.0 and the rivalries imported from the
    official files into one DuckDB store (session-wide, read only). The file is named as the
    default store of ``ALLIANCELAB_HOME=<its folder>``, so scenarios (which name no store)
    find it through that variable."""
    from alliancelab.store import Store, import_source

    st = Store(tmp_path_factory.mktemp("official") / "alliancelab.duckdb")
    import_source(
        "cow_states",
        [shared_data / "cow_states/cow_states.csv.gz", shared_data / "cow_states/system2016.csv"],
        store=st,
    )
    import_source("atop", [shared_data / "atop/atop5_1m.csv"], store=st)
    import_source("cow_nmc", [shared_data / "cow_nmc/cow_nmc.csv.gz"], store=st)
    import_source("rivalries", [shared_data / "rivalries/td_rivalries.csv.gz"], store=st)
    return st


@pytest.fixture(scope="session")
def ps_store(shared_data: Path, tmp_path_factory: pytest.TempPathFactory) -> Store:
    """peacesciencer 1.2.9's exported inputs in a DuckDB store (session-wide, read only).

    The same store as ``from _panels_data import ps_store``.
    """
    from _panels_data import peacesciencer_store

    return peacesciencer_store(shared_data, tmp_path_factory)


#: (source, path under the data folder) of every covariate import (issue 14)
COVARIATE_FILES = (
    ("gml-mid", "gml_mid"),
    ("democracy", "extra/cw_democracy.csv.gz"),
    ("gdp-pop", "extra/cw_gdppop.csv.gz"),
    ("capitals", "extra/cow_capitals.csv.gz"),
    ("cow-mindist", "extra/cow_mindist.csv.gz"),
    ("cow-war", "extra/cow_war_inter.csv.gz"),
    ("terrthreat", "extra/terrthreat.csv.gz"),
    ("arms-races", "extra/grh_arms_races.csv.gz"),
    ("gw-crosswalk", "extra/cw_gw_panel.csv.gz"),
    ("powers", "extra/maoz_powers.csv.gz"),
    ("tss-rivalries", "rivalries/tss_rivalries.csv.gz"),
)


@pytest.fixture(scope="session")
def covariates_store(shared_data: Path, tmp_path_factory: pytest.TempPathFactory) -> Store:
    """COW states v2016 and MID 5.0 plus every covariate source of issue 14 (GML MIDs,
    democracy, GDP/population, capitals, minimum distance, COW wars, territorial threat,
    arms races, the G-W crosswalk, Maoz's powers, TSS rivalries), imported from the real
    files into one store (session-wide, read only)."""
    from alliancelab.store import Store, import_source

    st = Store(tmp_path_factory.mktemp("covariates") / "alliancelab.duckdb")
    import_source(
        "cow_states",
        [shared_data / "cow_states/cow_states.csv.gz", shared_data / "cow_states/system2016.csv"],
        store=st,
    )
    import_source(
        "cow_mid", [shared_data / "cow_mid/MIDA 5.0.csv", shared_data / "cow_mid/MIDB 5.0.csv"],
        store=st,
    )  # fmt: skip
    for source, rel in COVARIATE_FILES:
        import_source(source, shared_data / rel, store=st)
    return st
