"""Property-based test of the scenario loader (issue 13): any file either loads or fails
with a ScenarioError, and a loaded scenario's output folder stays inside the output root.

The strategy writes scenario TOML files valid and malformed: the real sections and keys
with valid values, random keys, wrong types, nesting, huge, negative and non-finite
numbers, unicode, path-like names, duplicate tables, bad edits and model tables, and
text-level damage (a repeated header, a stray line, a cut). Profiles (fixed seed; 2,000
files, 4,000 with ``HYPOTHESIS_PROFILE=ci``) are in ``tests/scenario/conftest.py``.
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

_TEXT = st.text(st.characters(blacklist_categories=("Cs",)), max_size=12)
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


def _toml(v: Any) -> str:
    """A value as TOML text (strings JSON-escaped, which TOML basic strings accept)."""
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, int):
        return str(v)
    if isinstance(v, float):
        return "nan" if math.isnan(v) else repr(v)
    if isinstance(v, str):
        return json.dumps(v, ensure_ascii=False)
    if isinstance(v, list):
        return "[" + ", ".join(_toml(x) for x in v) + "]"
    return (
        "{"
        + ", ".join(f"{json.dumps(str(k), ensure_ascii=False)} = {_toml(x)}" for k, x in v.items())
        + "}"
    )


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
        key = draw(st.sampled_from(keys))
        if draw(st.integers(0, 4)) == 0:
            del out[key]
        else:
            out[key] = draw(values)
        return out
    for key in keys:
        action = draw(st.sampled_from(["keep"] * 4 + ["drop", "replace"]))
        if action == "drop":
            del out[key]
        elif action == "replace":
            out[key] = draw(values)
    if draw(st.integers(0, 5)) == 0:
        out[draw(_TEXT | st.sampled_from(["type", "n", "name", "years"]))] = draw(_ANY)
    return out


def _lines(table: dict[str, Any]) -> list[str]:
    return [f"{json.dumps(k, ensure_ascii=False)} = {_toml(v)}" for k, v in table.items()]


@st.composite
def scenario_files(draw: st.DrawFn) -> str:
    """The text of a scenario file: valid, with faults in one section (so that every
    check is reached), with faults everywhere, and text-level damage."""
    faulty = draw(st.sampled_from(["none", "scenario", "base", "edits", "run", "models", "all"]))

    def ok(section: str) -> bool:
        return faulty not in (section, "all")

    out: list[str] = []
    if draw(st.booleans()):
        names = st.sampled_from(["demo", "nato-2024", "a.b_c", "X" * 64])
        name = draw(names if ok("scenario") else st.one_of(names, _PATHS, _TEXT))
        out += ["[scenario]", f"name = {_toml(name)}", 'title = "T"']
    base = {"year": 2023, "region": "europe", "data": "reference"}
    year_or_region = st.one_of(
        _ANY,
        st.sampled_from([1914, 1990, 1816, 2024, 0, -5, 10**6]),
        st.sampled_from(["asia", "americas", "2,3", ["Sweden", 2]]),
    )
    if ok("base") or draw(st.integers(0, 9)) > 0:
        out += ["[base]", *_lines(draw(_table(base, year_or_region, ok("base"))))]
    value = st.one_of(_WRONG, _STATES)
    for header in ("[[base.edits]]", "[[edits]]"):
        for _ in range(draw(st.integers(0, 2))):
            edit = draw(_table(draw(st.sampled_from(_EDITS)), value, ok("edits")))
            out += [header, *_lines(edit)]
    if draw(st.booleans()) or faulty == "run":
        out += ["[run]", *_lines(draw(_table(_RUN, _WRONG, ok("run"))))]
    names = [*_MODELS, *([] if ok("models") else ["nope"])]
    at_least = 1 if faulty == "models" else 0
    for mname in draw(st.lists(st.sampled_from(names), min_size=at_least, max_size=3, unique=True)):
        params = draw(_table(_MODELS.get(mname, {"a": 1}), value, ok("models")))
        out += [f"[models.{mname}]", *_lines(params)]
    damage = draw(st.integers(0, 11)) if faulty == "all" else 3
    if damage == 0 and out:  # a repeated table or key
        out.append(out[draw(st.integers(0, len(out) - 1))])
    elif damage == 1:  # a stray line
        stray = _TEXT | st.sampled_from(["[x]", "[[run]]", "edits = 3", "[models]", "a.b = 1"])
        out.insert(draw(st.integers(0, len(out))), draw(stray))
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
