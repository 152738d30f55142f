"""Third-party alliances (Leeds 2003) and Benson's treaty types on the real ATOP 5.1 file."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from alliancelab.errors import ParameterError
from alliancelab.panels import (
    add_atop_alliance,
    add_atop_provisions,
    add_third_party_alliances,
    create_dyad_years,
)
from alliancelab.panels._thirdparty import pledge_applies

TP = ["tpdef_target", "tpoff_challenger", "tpneu_challenger", "tpnonagg_challenger"]


@pytest.fixture(scope="module")
def tp(official_store):
    dy = create_dyad_years(directed=True, years=(1900, 2016), store=official_store)
    return dy, add_third_party_alliances(dy).pipe(add_atop_alliance)


def _row(df, c1, c2, year):
    r = df[(df.ccode1 == c1) & (df.ccode2 == c2) & (df.year == year)]
    assert len(r) == 1
    return r.iloc[0]


def test_rows_kept_and_coverage(tp, official_store):
    dy, x = tp
    assert len(x) == len(dy)
    assert x[TP].notna().all().all()  # 1900-2016 lies inside ATOP 5.1 (1815-2018)
    late = create_dyad_years(directed=True, years=(2016, 2020), extend_to=2020,
                             store=official_store).pipe(add_third_party_alliances)  # fmt: skip
    assert late.loc[late.year > 2018, TP].isna().all().all()
    assert late.loc[late.year <= 2018, TP].notna().all().all()


def test_nato_deters_ussr_1960(tp):
    _, x = tp
    for target in (2, 200, 220, 260, 325):  # USA, UK, France, West Germany, Italy
        assert _row(x, 365, target, 1960)["tpdef_target"] == 1


def test_unnamed_adversary_rule(official_store):
    # Franco-Russian alliance (atopid 1385, 1893): defence conditional on a specific
    # adversary that the member file does not name (statthr1/2 are 0): by the shared rule
    # (store.atop_conditions) it applies against any adversary; "exclude" drops it
    dy = create_dyad_years(directed=True, years=(1900, 1900), store=official_store)
    inc = add_third_party_alliances(dy)
    ex = add_third_party_alliances(dy, unnamed="exclude")
    assert _row(ex, 255, 220, 1900)["tpdef_target"] == 0
    assert _row(inc, 255, 220, 1900)["tpdef_target"] == 1
    assert (inc["tpdef_target"] >= ex["tpdef_target"]).all()
    with pytest.raises(ParameterError, match="unnamed"):
        add_third_party_alliances(dy, unnamed="maybe")


def test_named_adversary_limits_the_pledge(official_store):
    # Dual Alliance (ATOP 1335, 1879): Germany's and Austria's defence is against Russia
    # only (statthr1 365), so it does not cover Austria-Hungary against Italy
    dy = create_dyad_years(directed=True, years=(1880, 1880), store=official_store)
    x = add_third_party_alliances(dy)
    assert _row(x, 365, 300, 1880)["tpdef_target"] == 1
    assert _row(x, 325, 300, 1880)["tpdef_target"] == 0


def test_serbia_1914(tp):
    _, x = tp
    # Russia and Serbia share no ATOP alliance in 1914 ...
    assert _row(x, 365, 345, 1914)["atop_alliance"] == 0
    # ... Serbia's defence pledge that year is Greece's (atopid 1490, 1913), with no
    # specific-adversary condition, so it covers Austria-Hungary as challenger
    assert _row(x, 300, 345, 1914)["tpdef_target"] == 1


def test_specific_adversary_condition():
    cond = np.array([False, True, True, True])
    n1, n2, adv = np.array([0, 255, 0, 255]), np.array([0, 740, 0, 0]), np.array([2, 740, 255, 2])
    assert pledge_applies(cond, n1, n2, adv).tolist() == [True, True, True, False]
    assert pledge_applies(cond, n1, n2, adv, unnamed="exclude").tolist() == [
        True, True, False, False,
    ]  # fmt: skip


def test_neutral_includes_nonagg(tp):
    _, x = tp
    assert (x["tpneu_challenger"] >= x["tpnonagg_challenger"]).all()
    assert (x["tpneu_challenger"] > x["tpnonagg_challenger"]).any()


def test_undirected_refused(official_store):
    dy = create_dyad_years(directed=False, years=(1900, 1901), store=official_store)
    with pytest.raises(ParameterError, match="directed"):
        add_third_party_alliances(dy)


def test_provisions(official_store):
    dy = create_dyad_years(directed=True, years=(1950, 2016), extend_to=2020,
                           store=official_store).pipe(add_atop_alliance)  # fmt: skip
    x = add_atop_provisions(dy, milinst=False)  # the session store has no atopinst5_1.csv
    assert "atop_milinst" not in x.columns
    cols = [c for c in x.columns if c.startswith(("atop_deter", "atop_compel"))]
    assert len(x) == len(dy) and len(cols) == 5
    assert x.loc[x.year > 2018, cols].isna().all().all()
    inside = x[x.year <= 2018]
    # a deterrent type is a defence obligation of ccode1 to ccode2; add_atop_alliance keeps
    # the obligations of the year's last phase, this verb any phase of the year, so they
    # differ only in the years a phase changes
    det = (inside["atop_deter_uncond"] == 1) | (inside["atop_deter_cond"] == 1)
    agree = (inside.loc[det, "atop_defense"] == 1).mean()
    assert 0.99 < agree < 1
    assert (det | (inside["atop_defense"] == 0)).all()  # every defence pact has a type
    assert pd.Series(det).mean() > 0
    # NATO's pledge is limited to an area (Art. 6; ATOP defcoloc 1): conditional deterrent
    assert _row(x, 2, 200, 1960)["atop_deter_cond"] == 1


def test_milinst(shared_data, tmp_path):
    from alliancelab.errors import CoverageError
    from alliancelab.store import Store, import_source

    st = Store(tmp_path / "s.duckdb")
    states = [
        shared_data / "cow_states/cow_states.csv.gz",
        shared_data / "cow_states/system2016.csv",
    ]
    import_source("cow_states", states, store=st)
    import_source("atop", [shared_data / "atop/atop5_1m.csv"], store=st)
    dy = create_dyad_years(directed=False, years=(1960, 1960), store=st)
    with pytest.raises(CoverageError, match=r"atopinst5_1\.csv"):
        add_atop_provisions(dy)
    atop = [shared_data / "atop/atop5_1m.csv", shared_data / "atop/atopinst5_1.csv"]
    import_source("atop", atop, store=st)
    x = add_atop_provisions(create_dyad_years(directed=False, years=(1960, 1960), store=st))
    assert len(x) == len(dy)
    # NATO (atopid 3180) is highly institutionalised (integrated command): milinst 2
    assert _row(x, 2, 200, 1960)["atop_milinst"] == 2
    assert set(x["atop_milinst"].dropna().unique()) <= {0, 1, 2}
    # NA exactly where the pair shares no alliance (or ATOP leaves milinst blank)
    shared = add_atop_alliance(dy)["atop_alliance"].to_numpy() == 1
    assert not x.loc[~shared, "atop_milinst"].notna().any()
    assert x.loc[shared, "atop_milinst"].notna().mean() > 0.99


def test_bad_inst_file(shared_data, tmp_path):
    from alliancelab.errors import DataFormatError
    from alliancelab.store import Store, import_source

    bad = tmp_path / "atopinst5_1.csv"
    bad.write_text("atopid,atopidphase,milinst,formal,version\n1005,1005,3,1,5.1\n")
    st = Store(tmp_path / "s.duckdb")
    states = [
        shared_data / "cow_states/cow_states.csv.gz",
        shared_data / "cow_states/system2016.csv",
    ]
    import_source("cow_states", states, store=st)
    before = st.snapshot_contents()
    with pytest.raises(DataFormatError) as exc:
        import_source("atop", [shared_data / "atop/atop5_1m.csv", bad], store=st)
    assert (exc.value.file, exc.value.row, exc.value.field) == ("atopinst5_1.csv", 2, "milinst")
    assert st.snapshot_contents() == before  # all or nothing
