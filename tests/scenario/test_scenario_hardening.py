"""Hardening of scenario files (issue 13, items 1-3): names cannot leave the output
folder, every ``[run]`` and model value is type- and range-checked at load time, and
``write_outputs`` refuses any file outside its folder. Each case of the issue is a
regression test; CLI cases go through the CLI.
"""

from __future__ import annotations

import os
import textwrap
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pandas as pd
import pytest
from typer.testing import CliRunner

from alliancelab.cli import app
from alliancelab.errors import ScenarioError
from alliancelab.limits import raised
from alliancelab.reports.scenario_outputs import write_outputs
from alliancelab.scenario import Scenario, loads, run

runner = CliRunner()

BASE = """\
[scenario]
name = {name}
[base]
year = 2022
region = "europe"
[[edits]]
{edit}
[run]
n = {n}
seed = {seed}
window = {window}
{run}
{models}
"""
JOIN = 'type = "join"\nstate = "Finland"\nalliance = "nato"'


def text(
    name: str = '"t"', n: str = "200", window: str = "0", run: str = "", models: str = "",
    edit: str = JOIN, seed: str = "0",
) -> str:  # fmt: skip
    return BASE.format(name=name, n=n, window=window, run=run, models=models, edit=edit,
                       seed=seed)  # fmt: skip


def _flat(output: str) -> str:
    """The text without whitespace: the console wraps (and folds) long lines."""
    return "".join(output.split())


def _tree(root: Path) -> set[str]:
    return {str(p.relative_to(root)) for p in root.rglob("*")}


# ------------------------------------------------------------------- 1. output paths


@pytest.mark.parametrize(
    "name",
    ["../../x", "/tmp/alliancelab-abs", "..", ".", "a/b", "a\\b", ".hidden", "x" * 65, "",
     "out/../../y", "na\u0000me", "C:\\x", "~root", "é t"],
)  # fmt: skip
def test_a_path_like_name_is_refused_at_load_naming_file_line_and_key(name: str) -> None:
    toml = text(name=f'"{name}"'.replace("\\", "\\\\").replace("\x00", "\\u0000"))
    with pytest.raises(ScenarioError) as info:
        loads(toml, path="f.toml")
    err = info.value
    assert (err.file, err.line, err.key) == ("f.toml", 2, "name")
    assert "letters, digits" in str(err) and "path separators" in str(err)


@pytest.mark.parametrize("name", ["nato-2024", "a.b_c", "X" * 64, "2023", "_x", "-x"])
def test_a_safe_name_loads_and_its_folder_is_directly_in_the_output_root(name: str) -> None:
    sc = loads(text(name=f'"{name}"'), path="f.toml")
    assert sc.name == name and sc.output_dir("out") == Path("out") / name


def test_the_default_name_from_an_odd_file_name_is_made_safe() -> None:
    assert loads(text().replace('name = "t"\n', ""), path="d/my run!.toml").name == "my-run-"
    assert loads(text().replace('name = "t"\n', ""), path="d/...toml").name == "scenario"
    with pytest.raises(ScenarioError, match="name= argument"):
        loads(text().replace('name = "t"\n', ""), name="../x")


def test_a_scenario_built_directly_with_a_path_name_is_refused() -> None:
    with pytest.raises(ScenarioError, match="path separators"):
        Scenario(name="../../x", year=2022)
    with pytest.raises(ScenarioError, match="over the cap"):
        Scenario(name="x", year=2022, window=100_000)


@pytest.mark.parametrize("name", ["../../harden-escape", "ABS"])
def test_cli_run_with_a_traversal_name_writes_nothing_anywhere(
    tmp_path: Path, name: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    work = tmp_path / "a" / "b"
    work.mkdir(parents=True)
    if name == "ABS":
        name = str(tmp_path / "abs-escape")
    f = work / "trav.toml"
    f.write_text(text(name=f'"{name}"'))
    monkeypatch.chdir(work)
    before = _tree(tmp_path)
    res = runner.invoke(app, ["scenario", "run", str(f), "--no-report"])
    assert res.exit_code == 1, res.output
    flat = _flat(res.output)
    assert flat.startswith("ScenarioError:") and _flat("line 2, key 'name'") in flat
    assert _tree(tmp_path) == before  # no out/, no escape folder, no temporary folder
    assert not (tmp_path / "harden-escape").exists() and not (tmp_path / "abs-escape").exists()


def _fake_result(tmp: str = "[base]\nyear = 2022\n") -> Any:
    """What write_outputs reads of a ScenarioResult (no run: the paths are under test)."""
    blocs = pd.DataFrame({"members": [(2, 20)], "names": [("a", "b")], "missing": [()]})
    return SimpleNamespace(
        table=pd.DataFrame({"x": [1]}), changes=pd.DataFrame({"c": [1]}),
        states=pd.DataFrame({"s": [1]}), blocs=blocs,
        scenario=SimpleNamespace(text=tmp),
    )  # fmt: skip


def test_write_outputs_refuses_a_symlink_that_leads_outside_its_folder(tmp_path: Path) -> None:
    outside = tmp_path / "precious.csv"
    outside.write_text("keep me\n")
    out = tmp_path / "out" / "t"
    out.mkdir(parents=True)
    (out / "results.csv").symlink_to(outside)
    before = _tree(tmp_path)
    with pytest.raises(ScenarioError, match=r"'results\.csv' would be written outside"):
        write_outputs(_fake_result(), out, report=False)
    assert outside.read_text() == "keep me\n" and (out / "results.csv").is_symlink()
    assert _tree(tmp_path) == before  # nothing written, no temporary folder left


def test_write_outputs_writes_every_file_inside_its_folder(tmp_path: Path) -> None:
    out = write_outputs(_fake_result(), tmp_path / "out" / "t", report=False)
    assert sorted(p.name for p in out.iterdir()) == [
        "blocs.csv", "changes.csv", "results.csv", "scenario.toml", "states.csv",
    ]  # fmt: skip
    assert _tree(tmp_path) == {"out", "out/t", *(f"out/t/{p.name}" for p in out.iterdir())}
    # a symlink inside the folder to a file inside it is fine (replaced, not followed)
    (out / "keep.csv").write_text("k\n")
    (out / "results.csv").unlink()
    (out / "results.csv").symlink_to(out / "keep.csv")
    write_outputs(_fake_result(), out, report=False)
    assert (out / "keep.csv").read_text() == "k\n"


# ------------------------------------------------------------- 2, 3. values at load time

AR = '[models.arms_race]\na = "Russia"\nb = "Finland"\n'
BG = '[models.bargaining]\na = "Russia"\nb = "Finland"\n'
TR = '[models.transition]\nleader = "Russia"\nchallenger = "Germany"\n'
ES = '[models.escalation]\nchallenger = "Russia"\ntarget = "Finland"\n'
CAP = 'type = "capability"\nstate = "Finland"\n'


@pytest.mark.parametrize(
    ("kw", "line", "key", "words"),
    [
        ({"n": "9000000000000000000"}, 11, "n", "over the cap of 10,000,000 (draws)"),
        ({"n": "1e12"}, 11, "n", "n must be an integer >= 1 and <= 10,000,000"),
        ({"n": "0"}, 11, "n", "n must be an integer >= 1 and <= 10,000,000"),
        ({"window": "100000"}, 13, "window", "over the cap of 100 (window)"),
        ({"window": "-1"}, 13, "window", "window must be an integer >= 0 and <= 100"),
        ({"run": 'rates = ["x"]'}, 14, "rates", "rates must be one of ['berkemeier-fuhrmann'"),
        ({"seed": "-3"}, 12, "seed", "seed must be an integer >= 0"),
        ({"run": "measures = [1]"}, 14, "measures", "measures must be a list of measure names"),
        ({"models": AR + "years = 1e9"}, 18, "years", "over the cap of 500 (horizon)"),
        ({"models": AR + "years = 1000000000"}, 18, "years", "over the cap of 500 (horizon)"),
        ({"models": AR + "reaction = 1e308"}, 18, "reaction", "finite number in [0, 1e+06]"),
        ({"models": BG + "precision = 1e9"}, 18, "precision", "in [1, 10000]"),
        ({"models": BG + "precision = 1000000000"}, 18, "precision", "in [1, 10000]"),
        ({"models": BG + "c_b = inf"}, 18, "c_b", "c_b must be a finite number, got inf"),
        ({"models": BG + "c_bar = 0"}, 18, "c_bar", "c_bar must be"),
        ({"models": BG + "mediation = 1.5"}, 18, "mediation", "a probability in [0, 1]"),
        ({"models": TR + "horizon = 100000000"}, 18, "horizon", "over the cap of 500 (horizon)"),
        ({"models": TR + "window = 100000"}, 18, "window", "whole number in [1, 1000]"),
        ({"models": ES + "regional_share = nan"}, 18, "regional_share", "finite number"),
        ({"models": ES + "honour = {defense = 2.0}"}, 18, "honour", "in [0, 1]"),
        ({"edit": CAP + "scale = 1e308"}, 9, "scale", "scale must be a finite number in [0, 1000]"),
        ({"edit": CAP + "scale = inf"}, 9, "scale", "scale must be a finite number, got inf"),
        ({"edit": CAP + "scale = -0.5"}, 9, "scale", "in [0, 1000], got -0.5"),
        ({"edit": CAP + "set = 1e7"}, 9, "set", "set must be a finite number in [0, 1e+06]"),
        ({"edit": CAP + "set = -inf"}, 9, "set", "set must be a finite number, got -inf"),
    ],
)
def test_bad_values_are_refused_at_load_naming_file_line_key_and_range(
    kw: dict[str, str], line: int, key: str, words: str
) -> None:
    with pytest.raises(ScenarioError) as info:
        loads(text(**kw), path="f.toml")
    err = info.value
    assert (err.file, err.line, err.key) == ("f.toml", line, key), str(err)
    assert words in str(err) and str(err).startswith(f"f.toml, line {line}, key {key!r}: ")


def test_a_non_finite_number_anywhere_is_refused() -> None:
    with pytest.raises(ScenarioError, match="line 3, key 'year': year must be a finite"):
        loads("[base]\nregion = 'europe'\nyear = nan\n", path="f.toml")
    with pytest.raises(ScenarioError) as info:
        loads(text(edit=JOIN + "\nwhy = -inf"), path="f.toml")
    assert (info.value.line, info.value.key, info.value.edit) == (10, "why", 1)


def test_in_range_values_load_and_a_raised_cap_lets_more_through() -> None:
    sc = loads(text(models=AR + "years = 500\n" + BG + "precision = 10000"), path="f.toml")
    assert sc.models["arms_race"]["years"] == 500 and sc.models["bargaining"]["precision"] == 10_000
    with raised(window=1000, draws=10**9):
        sc = loads(text(window="1000", n="100000000"), path="f.toml")
        assert (sc.window, sc.n) == (1000, 10**8)
    with pytest.raises(ScenarioError, match="over the cap"):
        loads(text(window="1000"), path="f.toml")


def test_run_checks_n_against_the_draws_cap_before_any_work(tmp_path: Path) -> None:
    sc = loads(text(), path="f.toml")
    with pytest.raises(ScenarioError, match=r"key 'n': n = 1,000,000,000,000 is over the cap"):
        run(sc, n=10**12)
    assert sc.checked_draws(5) == 5
    with raised(draws=10**12):
        assert sc.checked_draws(10**12) == 10**12


def test_cli_run_n_over_the_cap_is_a_clean_error_and_writes_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    f = tmp_path / "n.toml"
    f.write_text(textwrap.dedent(text()))
    monkeypatch.chdir(tmp_path)
    before = _tree(tmp_path)
    res = runner.invoke(app, ["scenario", "run", str(f), "--n", "1000000000000", "--no-report"])
    assert res.exit_code == 1, res.output
    flat = _flat(res.output)
    # --n is a command-line option: the CLI refuses it before reading the file (LimitError)
    assert flat.startswith("LimitError:") and _flat("over the cap of 10,000,000 (draws)") in flat
    assert "Traceback" not in res.output and _tree(tmp_path) == before


@pytest.mark.parametrize(
    ("kw", "words"),
    [
        ({"n": "9000000000000000000"}, "over the cap"),
        ({"window": "100000"}, "over the cap"),
        ({"run": 'rates = ["x"]'}, "rates must be one of"),
        ({"models": AR + "years = 1000000000"}, "over the cap"),
        ({"models": BG + "c_b = inf"}, "finite"),
        ({"edit": CAP + "scale = 1e308"}, "in [0, 1000]"),
    ],
)
def test_cli_run_bad_values_exit_1_with_one_line_and_write_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, kw: dict[str, str], words: str
) -> None:
    f = tmp_path / "bad.toml"
    f.write_text(text(**kw))
    monkeypatch.chdir(tmp_path)
    before = _tree(tmp_path)
    res = runner.invoke(app, ["scenario", "run", str(f), "--no-report"])
    assert res.exit_code == 1 and "Traceback" not in res.output, res.output
    flat = _flat(res.output)
    assert flat.startswith("ScenarioError:") and "bad.toml,line" in flat and _flat(words) in flat
    assert len(res.output) < 1000 and _tree(tmp_path) == before
    assert not os.path.exists(tmp_path / "out")


def test_an_edit_built_directly_gets_the_same_capability_ranges() -> None:
    from alliancelab.scenario import Edit

    assert Edit("capability", state=365, scale=2.0).scale == 2.0
    for kw in ({"scale": 1e308}, {"scale": float("inf")}, {"scale": -1.0}, {"value": 1e7}):
        with pytest.raises(ValueError, match="must be a finite number in"):
            Edit("capability", state=365, **kw)  # type: ignore[arg-type]


def test_a_bundled_name_cannot_reach_a_file_outside_the_bundled_folder(tmp_path: Path) -> None:
    from alliancelab.scenario import bundled_path

    assert bundled_path("nato-2024-sweden").name == "nato-2024-sweden.toml"
    for name in ("../scenarios/nato-2024-sweden", "/etc/passwd", str(tmp_path / "x")):
        with pytest.raises(ScenarioError, match="no bundled scenario"):
            bundled_path(name)


def test_write_outputs_into_an_unwritable_place_is_a_clean_error(tmp_path: Path) -> None:
    blocker = tmp_path / "ro"
    blocker.write_text("not a folder")
    before = _tree(tmp_path)
    with pytest.raises(ScenarioError, match=r"cannot write the output folder .*ro is a file"):
        write_outputs(_fake_result(), blocker / "s", report=False)
    with pytest.raises(ScenarioError, match="exists and is not a folder"):
        write_outputs(_fake_result(), blocker, report=False)
    assert _tree(tmp_path) == before and blocker.read_text() == "not a folder"
