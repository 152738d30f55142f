"""A scenario posted as JSON, written out as the TOML text :func:`alliancelab.scenario.loads`
reads (the library parses scenarios from TOML only; this module only changes notation).

Examples
--------
>>> print(to_toml({"base": {"year": 1990, "region": "europe"},
...                "edits": [{"type": "dissolve", "alliance": "warsaw_pact"}]}))
[base]
year = 1990
region = "europe"
<BLANKLINE>
[[edits]]
type = "dissolve"
alliance = "warsaw_pact"
<BLANKLINE>
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Mapping
from typing import Any

from ..errors import ParameterError

__all__ = ["to_toml"]

_BARE = re.compile(r"^[A-Za-z0-9_-]+$")


def _key(k: object) -> str:
    if not isinstance(k, str) or not k:
        raise ParameterError(f"scenario keys must be non-empty strings, got {k!r}")
    return k if _BARE.match(k) else json.dumps(k)


def _value(v: Any, where: str) -> str:
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, int):
        return str(v)
    if isinstance(v, float):
        if not math.isfinite(v):
            raise ParameterError(f"{where}: numbers must be finite, got {v!r}")
        return repr(v)
    if isinstance(v, str):
        return json.dumps(v)
    if isinstance(v, list) and not any(isinstance(x, Mapping) for x in v):
        return "[" + ", ".join(_value(x, where) for x in v) + "]"
    raise ParameterError(f"{where}: unsupported value {v!r} in a scenario")


def _table(path: str, body: Mapping[str, Any], header: str, out: list[str]) -> None:
    subs: list[tuple[str, Any]] = []
    lines = []
    for k, v in body.items():
        if isinstance(v, Mapping) or (
            isinstance(v, list) and v and all(isinstance(x, Mapping) for x in v)
        ):
            subs.append((k, v))
        else:
            lines.append(f"{_key(k)} = {_value(v, f'{path}.{k}' if path else k)}")
    if header:
        out.append(header)
    out.extend(lines)
    if header or lines:
        out.append("")
    for k, v in subs:
        sub = f"{path}.{_key(k)}" if path else _key(k)
        if isinstance(v, Mapping):
            _table(sub, v, f"[{sub}]", out)
        else:
            for item in v:
                _table(sub, item, f"[[{sub}]]", out)


def to_toml(doc: object) -> str:
    """The TOML text of a scenario given as a JSON object."""
    if not isinstance(doc, Mapping):
        raise ParameterError("a JSON scenario must be an object with [base], [[edits]], ...")
    out: list[str] = []
    _table("", doc, "", out)
    return "\n".join(out) + "\n"
