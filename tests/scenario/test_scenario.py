"""Scenario edits (apply), scenario files (load) and runs (run): hand-checked edits,
bad input named by file, line and key, reproducibility, atomic outputs."""

from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from typer.testing import CliRunner

from alliancelab import snapshot, snapshot_from_ties
from alliancelab.cli import app
from alliancelab.errors import CoverageError, UnknownAllianceError, UnknownStateError
from alliancelab.reference import OBLIGATIONS
from alliancelab.reports.scenario_outputs import write_outputs
from alliancelab.scenario import (
    ScenarioError,
    apply,
    bundled_path,
    load,
    loads,
    run,
)

runner = CliRunner()


def _members(s, aid: str) -> set[int]:
    k = s.alliances.index(aid)
    return {s.ccodes[i] for i in np.nonzero(s.membership[k])[0]}


# --------------------------------------------------------------------------- apply


def test_sweden_joins_nato_in_2023_makes_32_and_input_is_unchanged() -> None:
    s = snapshot(2023, "europe")
    before = {
        "obligations": s.obligations.copy(),
        "membership": s.membership.copy(),
        "tie_from": s.tie_from.copy(),
        "ccodes": s.ccodes,
    }
    t = apply(s, [{"type": "join", "state": "Sweden", "alliance": "nato"}])
    assert len(_members(s, "nato")) == 31  # Finland in (2023), Sweden not yet
    assert len(_members(t, "nato")) == 32
    assert 380 in _members(t, "nato")
    # Sweden owes each member what members typically owe (ATOP: defence, non-aggression,
    # consultation) and each member owes Sweden its own obligations
    sw, us, fi = t.index(380), t.index(2), t.index(375)
    for k in ("defense", "nonaggression", "consultation"):
        assert t.obligation(k)[sw, us] and t.obligation(k)[us, sw] and t.obligation(k)[fi, sw]
    assert not t.obligation("offense")[sw, us]
    # 31 new ties each way
    assert t.obligation("defense").sum() - s.obligation("defense").sum() == 2 * 31
    # the input snapshot is untouched (and still frozen)
    assert np.array_equal(s.obligations, before["obligations"])
    assert np.array_equal(s.membership, before["membership"])
    assert np.array_equal(s.tie_from, before["tie_from"])
    assert s.ccodes == before["ccodes"] and 380 not in _members(s, "nato")
    assert not s.obligations.flags.writeable


def test_dissolving_the_warsaw_pact_in_1990_removes_its_ties() -> None:
    s = snapshot(1990, "europe")
    k = s.alliances.index("warsaw_pact")
    n_wp = int((s.tie_alliance == k).sum())
    assert n_wp > 0
    t = apply(s, [{"type": "dissolve", "alliance": "warsaw_pact"}])
    assert "warsaw_pact" not in t.alliances
    assert len(t.tie_alliance) == len(s.tie_alliance) - n_wp
    pol, sov, hun = t.index(290), t.index(365), t.index(310)
    # no other alliance tied Poland or Hungary to the Soviet Union in 1990
    assert not t.obligations[pol, sov].any() and not t.obligations[sov, hun].any()
    assert s.obligations[pol, sov].any()  # they were tied before
    # other alliances keep their ties: NATO unchanged
    assert _members(t, "nato") == _members(s, "nato")


def test_create_leave_capability_rivalry_on_a_hand_built_system() -> None:
    s = snapshot_from_ties(2000, {1: 1.0, 2: 2.0, 3: 3.0}, [], [])
    t = apply(
        s,
        [
            {"type": "create", "id": "trio", "members": [1, 2, 3], "obligations": ["defense"]},
            {"type": "leave", "state": 3, "alliance": "trio"},
            {"type": "capability", "state": 2, "scale": 2.0},
            {"type": "capability", "state": 3, "set": 0.5},
            {"type": "rivalry", "action": "begin", "states": [1, 3]},
        ],
    )
    # hand-derived: after 3 leaves, only 1 <-> 2 defence remains
    expected = np.array([[0, 1, 0], [1, 0, 0], [0, 0, 0]], dtype=bool)
    assert np.array_equal(t.obligation("defense"), expected)
    assert not t.obligations[:, :, [OBLIGATIONS.index(k) for k in OBLIGATIONS[1:]]].any()
    assert t.capability.tolist() == [1.0, 4.0, 0.5]
    assert t.capability_kind == ("given", "scenario", "scenario")
    assert t.rivalry[0, 2] and t.rivalry[2, 0] and t.rivalry.sum() == 2
    assert t.alliances == ("trio",) and t.membership.tolist() == [[True, True, False]]
    u = apply(t, [{"type": "rivalry", "action": "end", "states": [3, 1]}])
    assert not u.rivalry.any()


def test_create_with_asymmetric_obligations() -> None:
    s = snapshot(1952, "asia")
    t = apply(
        s,
        [
            {"type": "dissolve", "alliance": "us_japan_1951"},
            {
                "type": "create",
                "id": "usj",
                "members": ["United States", "Japan"],
                "owed": {"2": ["defense"], "740": ["consultation"]},
            },
        ],
    )
    us, jp = t.index(2), t.index(740)
    assert t.obligation("defense")[us, jp] and not t.obligation("defense")[jp, us]
    assert t.obligation("consultation")[jp, us] and not t.obligation("consultation")[us, jp]


def test_a_state_outside_the_snapshot_is_added_as_an_outside_state() -> None:
    s = snapshot(1951, "europe")
    assert 640 not in s.ccodes  # Turkey is COW Middle East
    t = apply(s, [{"type": "join", "state": "Turkey", "alliance": "nato"}])
    i = t.index(640)
    assert not t.in_region[i] and t.capability[i] > 0
    assert t.obligation("defense")[i, t.index(2)]


@pytest.mark.parametrize(
    ("edits", "error", "words"),
    [
        ([{"type": "join", "state": "Narnia", "alliance": "nato"}], UnknownStateError, "Narnia"),
        ([{"type": "join", "state": 380, "alliance": "natoo"}], UnknownAllianceError, "'nato'"),
        (
            [
                {"type": "dissolve", "alliance": "nato"},
                {"type": "join", "state": 380, "alliance": "nato"},
            ],
            CoverageError,
            "dissolved by edit 1",
        ),
        (
            [{"type": "join", "state": 380, "alliance": "warsaw_pact"}],
            CoverageError,
            "not in force in 2023",
        ),
        (
            [{"type": "join", "state": 265, "alliance": "nato"}],
            CoverageError,
            "not in the state system in 2023",
        ),
        (
            [{"type": "create", "id": "dup", "members": [380, "Sweden"]}],
            ValueError,
            "duplicate member Sweden (380)",
        ),
        ([{"type": "join", "state": 375, "alliance": "nato"}], ValueError, "already a member"),
        ([{"type": "leave", "state": 380, "alliance": "nato"}], ValueError, "not a member"),
        (
            [{"type": "create", "id": "nato", "members": [380, 375]}],
            ValueError,
            "already in the snapshot",
        ),
        (
            [{"type": "rivalry", "action": "end", "states": [380, 375]}],
            ValueError,
            "not rivals",
        ),
        ([{"type": "explode", "alliance": "nato"}], ValueError, "unknown edit type"),
    ],
)
def test_impossible_or_unknown_edits_raise_clear_errors(
    edits: list[dict[str, object]], error: type[Exception], words: str
) -> None:
    s = snapshot(2023, "europe")
    with pytest.raises(error, match=None) as info:
        apply(s, edits)
    assert words in str(info.value)


# --------------------------------------------------------------------------- files

GOOD = """[scenario]
name = "t"

[base]
year = 2023
region = "europe"

[[edits]]
type = "join"
state = "Sweden"
alliance = "nato"

[run]
measures = ["min_deterrence", "expected_war_size", "n_blocs"]
n = 60

[models.escalation]
challenger = "Russia"
target = "Estonia"
"""


def _write(tmp_path: Path, text: str, name: str = "s.toml") -> Path:
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return p


@pytest.mark.parametrize(
    ("old", "new", "line", "key", "words"),
    [
        ('alliance = "nato"', 'alliance = "nato', 11, None, "malformed TOML"),
        ('state = "Sweden"', 'state = "Narnia"', 10, "state", "unknown state name 'Narnia'"),
        ('state = "Sweden"', 'stat = "Sweden"', 9, "type", "lacks key 'state'"),
        ('alliance = "nato"', 'alliance = "nato"\ncolour = "red"', 12, "colour", "does not"),
        ('"n_blocs"]', '"n_blox"]', 14, "measures", "did you mean 'n_blocs'"),
        ('target = "Estonia"', 'target = "Atlantis"', 19, "target", "Atlantis"),
        ("[models.escalation]", "[models.escalator]", 17, None, "unknown model 'escalator'"),
        ("n = 60", "n = 0", 15, "n", "n must be an integer >= 1"),
        ("year = 2023", 'year = "2023"', 5, "year", "year must be an integer"),
    ],
)
def test_bad_files_name_file_line_and_key(
    tmp_path: Path, old: str, new: str, line: int, key: str | None, words: str
) -> None:
    assert old in GOOD
    p = _write(tmp_path, GOOD.replace(old, new))
    with pytest.raises(ScenarioError) as info:
        load(p)
    err = info.value
    assert err.file == str(p) and err.line == line and err.key == key
    assert str(p) in str(err) and f"line {line}" in str(err) and words in str(err)


@pytest.mark.parametrize(
    ("old", "new", "line", "key", "words"),
    [
        ('alliance = "nato"', 'alliance = "warsaw_pact"', 11, "alliance", "not in force"),
        ('alliance = "nato"', 'alliance = "nato_plus"', 11, "alliance", "unknown alliance"),
        ('state = "Sweden"', 'state = "Finland"', 10, "state", "already a member"),
        ("year = 2023", "year = 1790", 5, "year", "outside the reference data"),
    ],
)
def test_semantic_errors_are_located_at_run_and_nothing_is_written(
    tmp_path: Path, old: str, new: str, line: int, key: str, words: str
) -> None:
    p = _write(tmp_path, GOOD.replace(old, new))
    sc = load(p)  # syntax and names are fine
    with pytest.raises(ScenarioError) as info:
        run(sc, n=20)
    err = info.value
    assert (err.line, err.key) == (line, key) and words in str(err)
    out = tmp_path / "out"
    res = runner.invoke(app, ["scenario", "run", str(p), "--n", "20", "--out", str(out)])
    assert res.exit_code == 1
    printed = " ".join(res.output.split())
    assert f"ScenarioError: {p}, line {line}, key '{key}'" in printed
    assert "Traceback" not in printed
    assert not out.exists() and list(tmp_path.iterdir()) == [p]


def test_missing_file_is_a_clear_error(tmp_path: Path) -> None:
    res = runner.invoke(app, ["scenario", "run", str(tmp_path / "nope.toml")])
    printed = " ".join(res.output.split())
    assert res.exit_code == 1 and "ScenarioError" in printed and "no such" in printed


def test_base_edits_set_up_the_baseline() -> None:
    sc = loads(
        "[base]\nyear = 1955\nregion = 'europe'\n[[base.edits]]\ntype = 'leave'\n"
        "state = 260\nalliance = 'nato'\n[[edits]]\ntype = 'join'\nstate = 260\n"
        "alliance = 'nato'\n[run]\nmeasures = ['defense_density']\n"
    )
    r = run(sc, n=10)
    assert 260 not in _members(r.baseline, "nato") and 260 in _members(r.snapshot, "nato")
    assert r.changes["stage"].tolist() == ["baseline", "scenario"]
    assert r.table.set_index("name").loc["defense_density", "delta"] > 0
    with pytest.raises(ScenarioError) as info:
        loads(
            "[base]\nyear = 1955\n[[base.edits]]\ntype = 'leave'\nstate = 'Nowhere'\n"
            "alliance = 'nato'\n"
        )
    assert info.value.line == 5 and info.value.key == "state"


# --------------------------------------------------------------------------- run


def test_same_seed_gives_identical_frames_and_seeds_matter() -> None:
    sc = load(bundled_path("nato-2024-sweden"))
    a = run(sc, n=150, seed=3)
    b = run(sc, n=150, seed=3)
    pd.testing.assert_frame_equal(a.table, b.table)
    pd.testing.assert_frame_equal(a.states, b.states)
    c = run(sc, n=150, seed=4)
    stoch = a.table["stochastic"].to_numpy()
    assert stoch.any()
    assert not np.allclose(
        a.table.loc[stoch, "scenario"].to_numpy(float),
        c.table.loc[stoch, "scenario"].to_numpy(float),
    )


def test_run_reports_intervals_only_for_stochastic_rows_and_explains() -> None:
    r = run(bundled_path("nato-2024-sweden"), n=200, seed=0)
    t = r.table.set_index("name")
    # deterministic measure: no interval; Monte Carlo quantity: an interval around delta
    assert np.isnan(t.loc["defense_density", "delta_lo"])
    row = t.loc["escalation.mean_states"]
    assert row["stochastic"] and row["delta_lo"] <= row["delta"] <= row["delta_hi"]
    # Sweden gains 31 defence partners; the report explains the bloc change
    st = r.states.set_index("ccode")
    assert st.loc[380, "defense_partners_baseline"] == 0
    assert st.loc[380, "defense_partners_scenario"] == 31
    assert "(32)" in t.loc["n_blocs", "why"]
    assert r.changes["description"].iloc[0].startswith("Sweden (380) joins")


def test_write_outputs_is_atomic(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    r = run(bundled_path("nato-2017-montenegro"), n=30, seed=0)
    import alliancelab.reports.case_study as cs

    def boom(rep: object) -> str:
        raise RuntimeError("disk full")

    monkeypatch.setattr(cs, "render_html", boom)
    out = tmp_path / "res"
    with pytest.raises(RuntimeError):
        write_outputs(r, out, window=0)
    assert not out.exists() and list(tmp_path.iterdir()) == []
    monkeypatch.undo()
    write_outputs(r, out, window=0)
    assert {f.name for f in out.iterdir()} == {
        "results.csv",
        "changes.csv",
        "states.csv",
        "blocs.csv",
        "scenario.toml",
        "report.html",
    }
    assert len(pd.read_csv(out / "results.csv")) == len(r.table)


def test_a_user_copies_a_bundled_scenario_changes_one_edit_and_runs_it(tmp_path: Path) -> None:
    src = bundled_path("nato-2024-sweden")
    mine = tmp_path / "austria.toml"
    shutil.copy(src, mine)
    text = mine.read_text().replace('state = "Sweden"', 'state = "Austria"')
    mine.write_text(text)
    out = tmp_path / "austria-out"
    res = runner.invoke(
        app, ["scenario", "run", str(mine), "--n", "50", "--seed", "2", "--out", str(out)]
    )
    assert res.exit_code == 0, res.output
    assert "Austria (305) joins" in res.output
    html = (out / "report.html").read_text()
    assert "Austria (305) joins" in html and "<svg" in html and "<script" not in html
    changes = pd.read_csv(out / "changes.csv")
    assert changes["description"].str.contains("Austria").all()


# --------------------------------------------------------------------------- measures


def test_scenario_measures_are_registry_indicators_with_its_descriptions() -> None:
    from alliancelab.measures.indicators import INDICATORS
    from alliancelab.models import Estimate
    from alliancelab.scenario import MEASURES, Scenario
    from alliancelab.scenario.run import _measure_values

    assert len(MEASURES) == 19
    assert {n: INDICATORS[n].description for n in MEASURES} == MEASURES
    assert Scenario(name="x", year=1914).measures == tuple(MEASURES)
    with pytest.raises(ScenarioError, match="unknown measure 'polarity'"):
        Scenario(name="x", year=1914, measures=("polarity",))  # a label, not a number
    vals = _measure_values(
        snapshot(1914, "europe"), ["n_poles", "mean_exposure"], 1, 50, "berkemeier-fuhrmann"
    )
    assert all(type(v) is Estimate for v in vals.values())
    # Europe 1914: the great powers with at least half the leader's military expenditure
    # over 1910-1914 (Italy and Austria-Hungary below half: lesser great powers)
    assert vals["n_poles"].value == 4.0 and vals["n_poles"].se is None
    # order by the index: Russia 1.01x Germany since the 1920 great-power row (was 0.97x)
    assert vals["n_poles"].detail == "poles: Russia, Germany, United Kingdom, France"
