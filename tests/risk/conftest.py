"""Session fixtures of the risk tests: a store of the official files the model reads, and
one fit on it (train <= 1989, held out 1990-2014), shared by every test that needs it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest


@pytest.fixture(scope="session")
def risk_store(shared_data: Path, tmp_path_factory: pytest.TempPathFactory) -> Any:
    """COW states (with majors), ATOP 5.1, NMC 7.0, MID 5.0, contiguity, rivalries."""
    from _official import import_official
    from alliancelab.store import Store

    st = Store(tmp_path_factory.mktemp("risk") / "alliancelab.duckdb")
    return import_official(st, shared_data)


@pytest.fixture(scope="session")
def risk_raw(risk_store: Any) -> Any:
    """The raw dyad-year panel 1816-2014 of :func:`alliancelab.risk.raw_panel`."""
    from alliancelab.risk import raw_panel

    return raw_panel(risk_store, (1816, 2014))


@pytest.fixture(scope="session")
def risk_fit_1989(risk_store: Any) -> Any:
    """The published recipe: train 1816-1989, held out 1990-2014 (shared by the target,
    card, round-trip and CLI tests). Ten bootstrap calibrators instead of 50: only the
    width of ``p_lo``/``p_hi`` depends on them, which these tests check for order, not
    size; the held-out metrics are those of the 50-calibrator fit."""
    from alliancelab.risk import fit_store

    return fit_store(risk_store, train_end=1989, test_end=2014, n_boot=10)
