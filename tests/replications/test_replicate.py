"""The replication suite on the real files: ours against the published figures.

The store holds the official ATOP 5.1 member file, COW states and NMC 7.0 and
peacesciencer's exported MIDs, contiguity and majors; each replication's data are built
once per module.
"""

from __future__ import annotations

import pytest

from alliancelab.errors import ParameterError
from alliancelab.replications import REPLICATIONS, Published, bremer, gibler, leeds, replicate


@pytest.fixture(scope="module")
def store(shared_data, tmp_path_factory):
    from alliancelab.store import Store, import_source

    st = Store(tmp_path_factory.mktemp("replications") / "alliancelab.duckdb")
    import_source("peacesciencer", shared_data / "peacesciencer", store=st)
    import_source(
        "cow_states",
        [shared_data / "cow_states/cow_states.csv.gz", shared_data / "cow_states/system2016.csv"],
        store=st,
    )
    import_source("atop", [shared_data / "atop/atop5_1m.csv"], store=st)
    import_source("cow_nmc", [shared_data / "cow_nmc/cow_nmc.csv.gz"], store=st)
    return st


@pytest.fixture(scope="module")
def leeds_result(store):
    return replicate("leeds-2003", store=store)


def test_unknown_name() -> None:
    with pytest.raises(ParameterError, match="leeds-2003"):
        replicate("leeds-2004")
    assert set(REPLICATIONS) == {"bremer-atop", "miller-2022", "leeds-2003", "gibler-2005"}


def test_published_check_tolerance() -> None:
    p = Published("x", "x", coef=-0.132, se=0.058)
    assert p.check(-0.132 + 1.9 * 0.058) and not p.check(-0.132 + 2.1 * 0.058)
    s = Published("x", "x", sign=-1)
    assert s.check(-0.01) and not s.check(0.01)


def test_leeds_2003(leeds_result) -> None:
    r = leeds_result
    fit = r.fits["conditions"]
    # 1816-1944 COW directed dyad-years with all regressors (NMC and contiguity complete)
    assert 230_000 < fit.n < 240_000 and fit.n_events > 800
    t = r.table().set_index("term")
    # published directions (Leeds 2003, Table 2): offence + and neutrality + are matched
    assert t.loc["challenger: third-party offence", "match"]
    assert t.loc["challenger: neutrality/non-intervention", "match"]
    # the target's third-party defence comes out positive here, not negative: an honest
    # miss, reported in the output with its cause (the specific-adversary conditions the
    # member file cannot resolve), never tuned away
    assert not t.loc["target: third-party defence", "match"]
    assert not r.ok
    text = r.text()
    assert "MISS" in text and "NOT replicated" in text and "statthr1/2" in text
    assert "se_dyadic" in text and "published" in text


def test_dyadic_ses_are_reported(leeds_result) -> None:
    t = leeds_result.fits["conditions"].table()
    assert (t["se_dyadic"] > 0).all() and (t["se"] > 0).all()


@pytest.mark.parametrize("name", ["bremer-atop", "miller-2022"])
def test_dangerous_dyads(name, store) -> None:
    r = replicate(name, store=store)
    if bremer.missing_verbs():
        # the covariate verbs of issue 14 are not in this build: the missing ones are named
        assert r.missing and not r.fits and not r.ok
        assert all(f"{v}()" in r.text() for v in bremer.missing_verbs())
        return
    t = r.table().set_index("term")
    if name == "bremer-atop":
        assert r.n_ok(r.fits["logit"]), r.text()
        assert t["match"].all(), r.text()
    else:  # Miller's GDP input is absent: the missing input is named, the fit still runs
        assert "add_sdp_gdp" in r.text()
        assert t.loc["land contiguity", "match"], r.text()


def test_gibler_2005(store) -> None:
    r = replicate("gibler-2005", store=store)
    if gibler.missing_verbs():
        assert r.missing and not r.ok
        assert all(f"{v}()" in r.text() for v in gibler.missing_verbs())
        return
    assert r.table()["match"].all(), r.text()


def test_leeds_module_terms() -> None:
    assert leeds.TERMS[:3] == ["tpdef_target", "tpoff_challenger", "tpneu_challenger"]


def test_cli_replicate(store, tmp_path) -> None:
    from typer.testing import CliRunner

    from alliancelab.cli import app

    runner = CliRunner()
    bad = runner.invoke(app, ["replicate", "nope"])
    assert bad.exit_code == 1 and "known: bremer-atop" in bad.output
    out = tmp_path / "leeds.csv"
    res = runner.invoke(
        app, ["replicate", "leeds-2003", "--store", str(store.path), "--out", str(out)]
    )
    assert res.exit_code == 0, res.output
    assert "leeds-2003" in res.output and "se_dyadic" in res.output
    import pandas as pd

    table = pd.read_csv(out)
    assert list(table["term"])[:1] == ["target: third-party defence"]
    wrong = runner.invoke(app, ["replicate", "leeds-2003", "--out", str(tmp_path / "x.xlsx")])
    assert wrong.exit_code == 1 and ".csv" in wrong.output
