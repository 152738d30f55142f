"""``alliancelab panel`` with the covariate verbs and the G-W system (issue 14), run as
the installed script on the session's covariate store."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pandas as pd

from alliancelab.store import Store

SCRIPT = Path(sys.executable).with_name("alliancelab")


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(SCRIPT), *args], capture_output=True, text=True, timeout=120)


def test_dyad_years_with_covariates(covariates_store: Store, tmp_path: Path) -> None:
    out = tmp_path / "p.parquet"
    r = _run(
        "panel", "dyad-years", "--store", str(covariates_store.path), "--years", "1990-2012",
        "--add", "gml-mids,spells,democracy,capital-distance,rivalries", "--out", str(out),
    )  # fmt: skip
    assert r.returncode == 0, r.stderr
    assert "add_gml_mids: gml_mid 2.2.1 (ddydisps)" in r.stdout
    df = pd.read_parquet(out)
    assert {"gmlmidonset", "gmlmidspell", "polity21", "capdist", "ongoingrivalry"} <= set(df)
    assert df.loc[df["year"] > 2010, "gmlmidonset"].isna().all()


def test_gw_state_years_and_a_bad_system(covariates_store: Store, tmp_path: Path) -> None:
    out = tmp_path / "g.csv"
    r = _run(
        "panel", "state-years", "--system", "gw", "--store", str(covariates_store.path),
        "--add", "ccode", "--out", str(out),
    )  # fmt: skip
    assert r.returncode == 0, r.stderr
    df = pd.read_csv(out)
    assert list(df.columns) == ["gwcode", "statename", "year", "ccode"]
    r = _run("panel", "state-years", "--system", "xx", "--out", str(out))
    assert r.returncode != 0 and "Traceback" not in r.stderr + r.stdout
    assert "'gw'" in r.stderr + r.stdout
