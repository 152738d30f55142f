"""ScenarioError (errors.py) carries the file, line, key and edit as explicit fields."""

from __future__ import annotations

import pytest

from alliancelab.errors import DataFormatError, ScenarioError
from alliancelab.scenario import ScenarioError as ReExported
from alliancelab.scenario import loads, parse_edit, run

TEXT = """[base]
year = 1990
region = "europe"
[[edits]]
type = "dissolve"
alliance = "warsaw_pact"
[[edits]]
type = "join"
state = "Sweden"
alliance = "natoo"
"""


def test_scenario_error_is_the_one_in_errors() -> None:
    assert ReExported is ScenarioError and issubclass(ScenarioError, DataFormatError)
    err = ScenarioError("bad", file="f.toml", line=3, key="k", edit=2)
    assert (err.file, err.line, err.key, err.edit, err.row, err.field) == (
        "f.toml", 3, "k", 2, 3, "k",
    )  # fmt: skip
    assert str(err) == "f.toml, line 3, key 'k': bad"


def test_load_error_names_the_edit_line_and_key() -> None:
    bad = TEXT.replace('state = "Sweden"', 'state = "Swedn"')
    with pytest.raises(ScenarioError) as info:
        loads(bad, path="x.toml")
    err = info.value
    assert (err.file, err.line, err.key, err.edit) == ("x.toml", 9, "state", 2)
    assert "in edits[1]" in str(err)


def test_run_error_names_the_edit_that_cannot_be_made() -> None:
    with pytest.raises(ScenarioError) as info:
        run(loads(TEXT, path="x.toml"), n=10)
    err = info.value
    assert (err.line, err.key, err.edit) == (10, "alliance", 2)
    assert "unknown alliance 'natoo'" in str(err)


def test_public_parse_edit_raises_the_plain_error_not_a_wrapper() -> None:
    with pytest.raises(ValueError, match="join edit lacks key 'alliance'") as info:
        parse_edit({"type": "join", "state": 380})
    assert type(info.value) is ValueError
