"""Property-based test of the scenario loader (issue 13): any file either loads or fails
with a ScenarioError, and a loaded scenario's output folder stays inside the output root.

The strategy writes scenario TOML files valid and malformed: the real sections and keys
with valid values, random keys, wrong types, nesting, huge, negative and non-finite
numbers, unicode, path-like names, duplicate tables, bad edits and model tables, and
text-level damage (a repeated header, a stray line, a cut). Profiles (fixed seed; 2,000
files, 4,000 with ``HYPOTHESIS_PROFILE=ci``) are in ``tests/scenario/conftest.py``.

A second property sets one documented value at a time (``[run]``, every model option, a
capability edit's ``scale`` and ``set``) to an edge or wrong value (1,000 files): it loads
within the range written in ``docs/limits.md`` (model options) or ``docs/scenarios.md``
(``[run]``, edits), or the error names that key and line.
Loads only, no runs: both took 13 s together (2 cores, load average 9).
"""

from __future__ import annotations

import json
import math
import os
import time
from collections import Counter
from pathlib import Path
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from alliancelab.errors import ScenarioError
from alliancelab.limits import limit
from alliancelab.scenario import Scenario, loads
from alliancelab.scenario.edits import SCALE_MAX, SET_MAX

PROFILE = "scenario-ci" if os.environ.get("HYPOTHESIS_PROFILE") == "ci" else "scenario-dev"

#: Letters, digits, TOML and path metacharacters, controls, unicode digits and scripts, an
#: emoji and a right-to-left override (a fixed alphabet: much faster to draw from).
_ALPHABET = "aZ09 _-.,/\\\"'=#[]{}\n\t\r\x00\x7fé²٢中🙂\u202e\ufeff"
_TEXT = st.text(_ALPHABET, max_size=12)
_PATHS = st.sampled_from(
    ["../../x", "/tmp/abs", "..", ".", "a/b", "a\\b", "C:\\x", "~", "", ".hidden", "x" * 65,
     "ok-name", "nato.v2", "né", "a\x00b", "out/../../y", " ", "-"]
)  # fmt: skip
_INTS = st.one_of(
    st.integers(-3, 3000),
    st.sampled_from([2**63 - 1, -(2**63), 9 * 10**18, 10**12, 100_000, 10**9, 501, 101]),
)
_FLOATS = st.one_of(
    st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from([1e308, 1e9, 1e12, -0.0, 5e-324, math.inf, -math.inf, math.nan, 0.5]),
)
_SCALARS = st.one_of(st.booleans(), _INTS, _FLOATS, _TEXT, _PATHS)
_ANY = st.recursive(
    _SCALARS,
    lambda inner: st.one_of(
        st.lists(inner, max_size=3), st.dictionaries(_TEXT | _PATHS, inner, max_size=3)
    ),
    max_leaves=6,
)
#: Wrong values: scalars, lists and tables equally often.
_EDGE = st.sampled_from(
    [math.inf, -math.inf, math.nan, 1e308, -1e308, 1e9, 1e12, 10**9, 9 * 10**18, -1, 501, 0]
)
_WRONG = st.one_of(
    _EDGE, _SCALARS, st.lists(_SCALARS, max_size=3), st.dictionaries(_TEXT, _SCALARS, max_size=2)
)
_STATES = st.sampled_from(["Sweden", "Finland", "Russia", "Germany", "France", 2, 365, "SWE",
                           "Atlantis", 99999, -1])  # fmt: skip
_EDITS = [
    {"type": "join", "state": "Sweden", "alliance": "nato"},
    {"type": "leave", "state": "Germany", "alliance": "nato", "why": "x"},
    {"type": "dissolve", "alliance": "warsaw_pact"},
    {"type": "create", "id": "nordic", "members": ["Sweden", "Finland"],
     "owed": {"380": ["defense"]}},
    {"type": "capability", "state": "Russia", "scale": 0.5},
    {"type": "capability", "state": "Russia", "set": 0.1},
    {"type": "rivalry", "action": "begin", "states": ["Sweden", "Russia"]},
]  # fmt: skip
_MODELS = {
    "escalation": {"challenger": "Russia", "target": "Finland", "honour": 0.5,
                   "deterrence_threshold": 1.0, "regional_share": 0.5},
    "bargaining": {"a": "Russia", "b": "Finland", "c_b": 0.1, "c_bar": 0.3,
                   "mediation": 0.2, "precision": 4, "honour": 0.7},
    "arms_race": {"a": "Russia", "b": "Finland", "reaction": 0.8, "fatigue": 1.0,
                  "years": 20, "sigma": 0.05},
    "transition": {"leader": "Russia", "challenger": "Germany", "horizon": 20, "window": 30},
}  # fmt: skip
_RUN = {"n": 2000, "seed": 0, "rates": "berkemeier-fuhrmann", "window": 5,
        "measures": ["con", "min_deterrence"]}  # fmt: skip


def _string(v: str) -> str:
    """A TOML basic string (JSON escapes, and DEL, which JSON leaves raw and TOML refuses)."""
    return json.dumps(v, ensure_ascii=False).replace("\x7f", "\\u007f")


def _toml(v: Any) -> str:
    """A value as TOML text (strings JSON-escaped, which TOML basic strings accept)."""
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, int):
        return str(v)
    if isinstance(v, float):
        return "nan" if math.isnan(v) else repr(v)
    if isinstance(v, str):
        return _string(v)
    if isinstance(v, list):
        return "[" + ", ".join(_toml(x) for x in v) + "]"
    return "{" + ", ".join(f"{_string(str(k))} = {_toml(x)}" for k, x in v.items()) + "}"


# strategies built once (a strategy made inside a draw is rebuilt, and re-analysed, each time)
_ACTIONS = st.sampled_from(("keep", "keep", "keep", "keep", "drop", "replace"))
_KEYS = _TEXT | st.sampled_from(("type", "n", "name", "years"))
_FAULTY = st.sampled_from(("none", "scenario", "base", "edits", "run", "models", "all"))
_GOOD_NAMES = st.sampled_from(("demo", "nato-2024", "a.b_c", "X" * 64))
_NAMES = st.one_of(_GOOD_NAMES, _PATHS, _TEXT)
_BASE_VALUES = st.one_of(
    _ANY,
    st.sampled_from((1914, 1990, 1816, 2024, 0, -5, 10**6)),
    st.sampled_from(("asia", "americas", "2,3", ("Sweden", 2))).map(
        lambda v: list(v) if isinstance(v, tuple) else v
    ),
)
_VALUES = st.one_of(_WRONG, _STATES)
_EDIT_TEMPLATES = st.sampled_from(_EDITS)
_MODEL_NAMES = st.sampled_from(tuple(_MODELS))
_ANY_MODEL_NAMES = st.sampled_from((*_MODELS, "nope"))
_STRAY = _TEXT | st.sampled_from(("[x]", "[[run]]", "edits = 3", "[models]", "a.b = 1"))


@st.composite
def _table(
    draw: st.DrawFn, template: dict[str, Any], values: st.SearchStrategy, clean: bool = False
) -> dict:
    """``template`` as it is (``clean``), with exactly one fault (a key dropped, a value
    replaced, a random key added), or with several."""
    if clean:
        return dict(template)
    out: dict[str, Any] = dict(template)
    keys = list(template)
    if draw(st.booleans()) and keys:  # one fault, so that every check is reached
        key = keys[draw(st.integers(0, len(keys) - 1))]
        if draw(st.integers(0, 4)) == 0:
            del out[key]
        else:
            out[key] = draw(values)
        return out
    for key in keys:
        action = draw(_ACTIONS)
        if action == "drop":
            del out[key]
        elif action == "replace":
            out[key] = draw(values)
    if draw(st.integers(0, 5)) == 0:
        out[draw(_KEYS)] = draw(_ANY)
    return out


def _lines(table: dict[str, Any]) -> list[str]:
    return [f"{_string(k)} = {_toml(v)}" for k, v in table.items()]


@st.composite
def scenario_files(draw: st.DrawFn) -> str:
    """The text of a scenario file: valid, with faults in one section (so that every
    check is reached), with faults everywhere, and text-level damage."""
    faulty = draw(_FAULTY)

    def ok(section: str) -> bool:
        return faulty not in (section, "all")

    out: list[str] = []
    if draw(st.booleans()):
        name = draw(_GOOD_NAMES if ok("scenario") else _NAMES)
        out += ["[scenario]", f"name = {_toml(name)}", 'title = "T"']
    base = {"year": 2023, "region": "europe", "data": "reference"}
    if ok("base") or draw(st.integers(0, 9)) > 0:
        out += ["[base]", *_lines(draw(_table(base, _BASE_VALUES, ok("base"))))]
    for header in ("[[base.edits]]", "[[edits]]"):
        for _ in range(draw(st.integers(0, 2))):
            edit = draw(_table(draw(_EDIT_TEMPLATES), _VALUES, ok("edits")))
            out += [header, *_lines(edit)]
    if draw(st.booleans()) or faulty == "run":
        out += ["[run]", *_lines(draw(_table(_RUN, _WRONG, ok("run"))))]
    names = _MODEL_NAMES if ok("models") else _ANY_MODEL_NAMES
    at_least = 1 if faulty == "models" else 0
    for mname in draw(st.lists(names, min_size=at_least, max_size=3, unique=True)):
        params = draw(_table(_MODELS.get(mname, {"a": 1}), _VALUES, ok("models")))
        out += [f"[models.{mname}]", *_lines(params)]
    damage = draw(st.integers(0, 11)) if faulty == "all" else 3
    if damage == 0 and out:  # a repeated table or key
        out.append(out[draw(st.integers(0, len(out) - 1))])
    elif damage == 1:  # a stray line
        out.insert(draw(st.integers(0, len(out))), draw(_STRAY))
    text = "\n".join(out) + "\n"
    if damage == 2:  # cut anywhere
        text = text[: draw(st.integers(0, len(text)))]
    return text


def test_loader_returns_a_scenario_or_raises_scenario_error(tmp_path: Path) -> None:
    """At least 2,000 generated files; no exception other than ScenarioError; the default
    output folder of every loaded scenario is directly inside the output root."""
    seen: Counter[str] = Counter()
    root = tmp_path / "out"

    @settings(settings.get_profile(PROFILE))
    @given(text=scenario_files())
    def check(text: str) -> None:
        seen["files"] += 1
        try:
            sc = loads(text, path="gen.toml")
        except ScenarioError as exc:
            seen["errors"] += 1
            assert str(exc).startswith("gen.toml")  # every error names the file
            return
        assert isinstance(sc, Scenario)
        seen["loaded"] += 1
        folder = sc.output_dir(root)
        assert folder.parent == root and folder.resolve().parent == root.resolve()
        assert not Path(sc.name).is_absolute() and ".." not in Path(sc.name).parts
        # what loads accepts is in range: sizes under their caps, every number finite
        assert 1 <= sc.n <= limit("draws") and 0 <= sc.window <= limit("window")
        assert isinstance(sc.rates, str) and 0 <= sc.seed < 2**63
        for e in (*sc.edits, *sc.base_edits):
            assert all(math.isfinite(x) for x in (e.scale, e.value) if x is not None)
            assert (e.scale or 0) <= SCALE_MAX and (e.value or 0) <= SET_MAX
        for mname, params in sc.models.items():
            numbers = [v for v in params.values() if isinstance(v, float)]
            assert all(math.isfinite(v) for v in numbers), (mname, params)
            for key in ("years", "horizon"):
                assert params.get(key, 1) <= limit("horizon"), (mname, params)

    start = time.perf_counter()
    check()
    elapsed = time.perf_counter() - start
    assert seen["files"] >= 2_000, seen
    # both kinds are generated in earnest, so the property is tested on each side
    assert seen["loaded"] >= 0.05 * seen["files"] and seen["errors"] >= 0.2 * seen["files"], seen
    print(f"loader property: {dict(seen)} in {elapsed:.1f} s")


# ----------------------------------------------------------- one value, every key in turn

#: The documented ranges (docs/limits.md for the model options, docs/scenarios.md for [run]
#: and edits), written out independently of the code: (low, high) for numbers; a loaded
#: value outside them is a silent acceptance.
_DOCUMENTED: dict[tuple[str, str], tuple[float, float]] = {
    ("run", "n"): (1, 10_000_000), ("run", "seed"): (0, 2**63 - 1), ("run", "window"): (0, 100),
    ("arms_race", "reaction"): (0, 1e6), ("arms_race", "fatigue"): (0, 1e6),
    ("arms_race", "sigma"): (0, 10), ("arms_race", "years"): (1, 500),
    ("bargaining", "c_b"): (0, 1), ("bargaining", "c_bar"): (0, 1),
    ("bargaining", "mediation"): (0, 1), ("bargaining", "precision"): (1, 10_000),
    ("bargaining", "honour"): (0, 1), ("transition", "horizon"): (1, 500),
    ("transition", "window"): (1, 1000), ("transition", "honour"): (0, 1),
    ("escalation", "honour"): (0, 1), ("escalation", "deterrence_threshold"): (0, 1e6),
    ("escalation", "regional_share"): (0, 1), ("capability", "scale"): (0, 1_000),
    ("capability", "set"): (0, 1_000_000),
}  # fmt: skip
_INTEGER_KEYS = {"n", "seed", "window", "years", "precision", "horizon"}
_SLOTS = st.sampled_from(tuple(_DOCUMENTED))
_ONE_VALUE = st.one_of(_EDGE, _INTS, _FLOATS, _WRONG)


def _one_value_file(section: str, key: str, value: Any) -> str:
    lines = ["[base]", "year = 2023", 'region = "europe"']
    if section == "capability":
        lines += ["[[edits]]", 'type = "capability"', 'state = "Russia"']
    elif section != "run":
        lines += [f"[models.{section}]"]
        required = {k: v for k, v in _MODELS[section].items() if k in ("a", "b", "leader",
                    "challenger", "target")}  # fmt: skip
        lines += _lines(required)
    else:
        lines += ["[run]"]
    return "\n".join([*lines, f"{key} = {_toml(value)}"]) + "\n"


def test_every_documented_value_is_in_range_or_refused_naming_its_key() -> None:
    """One option at a time set to an edge or wrong value: the file loads with the value in
    its documented range, or the ScenarioError names that option's key and line."""
    seen: Counter[str] = Counter()

    @settings(settings.get_profile(PROFILE), max_examples=1_000)
    @given(slot=_SLOTS, value=_ONE_VALUE)
    def check(slot: tuple[str, str], value: Any) -> None:
        section, key = slot
        text = _one_value_file(section, key, value)
        try:
            sc = loads(text, path="one.toml")
        except ScenarioError as exc:
            seen["refused"] += 1
            assert exc.key == key and exc.line == text.count("\n"), (str(exc), text)
            return
        seen["loaded"] += 1
        if section == "run":
            got: Any = {"n": sc.n, "seed": sc.seed, "window": sc.window}[key]
        elif section == "capability":
            got = sc.edits[0].scale if key == "scale" else sc.edits[0].value
        else:
            got = sc.models[section][key]
        lo, hi = _DOCUMENTED[slot]
        values = list(got.values()) if isinstance(got, dict) else [got]
        for v in values:
            assert not isinstance(v, bool) and isinstance(v, int | float), (slot, value)
            assert math.isfinite(v) and lo <= v <= hi, (slot, value)
            # whole-number options: an int, or a float with an integral value (TOML reads 1e3
            # as a float; the model contract takes it as 1000: models._contract.whole)
            assert key not in _INTEGER_KEYS or float(v).is_integer(), (slot, value)

    check()
    assert seen["refused"] > 100 and seen["loaded"] > 50, seen
