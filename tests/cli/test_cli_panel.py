"""``alliancelab panel ...`` run as a user runs it: the installed script in a subprocess,
with ALLIANCELAB_HOME pointing at a fresh folder holding the store."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

SCRIPT = Path(sys.executable).with_name("alliancelab")


def _run(home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "ALLIANCELAB_HOME": str(home), "COLUMNS": "120"}
    return subprocess.run(
        [str(SCRIPT), *args], capture_output=True, text=True, env=env, timeout=120
    )


@pytest.fixture(scope="module")
def home(shared_data: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    h = tmp_path_factory.mktemp("home")
    r = _run(h, "data", "import", "peacesciencer", str(shared_data / "peacesciencer"))
    assert r.returncode == 0, r.stderr
    return h


def test_dyad_years_parquet_matches_python(home: Path) -> None:
    out = home / "p2.parquet"
    r = _run(
        home, "panel", "dyad-years", "--add", "atop,nmc,mids,contiguity,majors",
        "--years", "2000-2025", "--extend-to", "2025", "--out", str(out),
    )  # fmt: skip
    assert r.returncode == 0, r.stderr
    assert "wrote" in r.stdout and "add_cow_mids: peacesciencer 1.2.9" in r.stdout
    df = pd.read_parquet(out)
    from alliancelab import panels as P
    from alliancelab.store import Store

    ref = (
        P.create_dyad_years(directed=False, years=(2000, 2025), extend_to=2025,
                            store=Store(home / "alliancelab.duckdb"))
        .pipe(P.add_atop_alliance).pipe(P.add_nmc).pipe(P.add_cow_mids)
        .pipe(P.add_contiguity).pipe(P.add_cow_majors)
    )  # fmt: skip
    assert list(df.columns) == list(ref.columns) and len(df) == len(ref)
    pd.testing.assert_frame_equal(df, ref, check_dtype=False)
    assert (df["ccode1"] < df["ccode2"]).all()  # non-directed unless --directed


def test_state_years_csv_and_stata(home: Path) -> None:
    csv = home / "s.csv"
    r = _run(home, "panel", "state-years", "--add", "nmc,majors", "--years", "2015-2020",
             "--extend-to", "2020", "--out", str(csv))  # fmt: skip
    assert r.returncode == 0, r.stderr
    df = pd.read_csv(csv)
    assert list(df.columns) == ["ccode", "cw_name", "year", *P_NMC, "cowmaj"]
    assert df.loc[df.year > 2016, "cowmaj"].notna().all()
    dta = home / "d.dta"
    r = _run(home, "panel", "dyad-years", "--directed", "--add", "atop,mids", "--years",
             "2014-2016", "--out", str(dta))  # fmt: skip
    assert r.returncode == 0, r.stderr
    st = pd.read_stata(dta)
    assert len(st) > 0 and (st["ccode1"] > st["ccode2"]).any()  # directed
    assert st["dispnum"].isna().mean() > 0.9  # NA (Stata missing) without a dispute
    assert st.loc[st.year == 2015, "cowmidonset"].isna().all()  # MIDs end in 2014
    assert np.isin(st["atop_defense"].dropna(), [0, 1]).all()


P_NMC = ["milex", "milper", "irst", "pec", "tpop", "upop", "cinc"]


def test_user_errors_exit_1_with_a_message(home: Path, tmp_path: Path) -> None:
    r = _run(home, "panel", "dyad-years", "--add", "atlas", "--out", str(tmp_path / "x.csv"))
    assert r.returncode == 1 and "ParameterError: unknown --add 'atlas'" in r.stderr
    r = _run(home, "panel", "dyad-years", "--years", "2010-2020", "--out", str(tmp_path / "x.csv"))
    assert r.returncode == 1 and "CoverageError" in r.stderr and "extend_to" in r.stderr
    r = _run(home, "panel", "state-years", "--out", str(tmp_path / "x.xlsx"))
    assert r.returncode == 1 and "ParameterError: cannot tell the format" in r.stderr
    empty = tmp_path / "empty"
    empty.mkdir()
    r = _run(empty, "panel", "dyad-years", "--add", "mids", "--out", str(tmp_path / "y.csv"))
    assert r.returncode == 1 and "alliancelab data import" in r.stderr
    assert "Traceback" not in r.stderr
