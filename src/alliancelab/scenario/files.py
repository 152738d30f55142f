"""Scenario files: :class:`Scenario`, :func:`loads`, :func:`load`, the bundled case studies.

A scenario is a TOML file (schema in ``docs/scenarios.md``): ``[scenario]`` (name, title,
description), ``[base]`` (year, region, data and ``[[base.edits]]``), ``[[edits]]``,
``[run]`` (measures, n, seed, rates, window) and ``[models.<name>]`` tables. Everything
that can be checked without data is checked here, and every error is a
:class:`~alliancelab.errors.ScenarioError` naming the file, line and key.
"""

from __future__ import annotations

import difflib
import re
import tomllib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from ..codes import resolve_state
from ..errors import ScenarioError, UnknownStateError
from ..measures.indicators import SCENARIO_MEASURES as MEASURES
from ..models import MODELS as _MODELS
from ._checks import check_draws, check_name, check_run, non_finite, slug
from ._keyed import _CAUGHT, _Keyed, _message, _split
from .edits import Edit, _parse_edit, _state_key

__all__ = ["MODELS", "Scenario", "bundled", "bundled_path", "load", "loads"]

#: Models a scenario can run, with their keys (required, optional; see ``docs/scenarios.md``):
#: the models of :data:`alliancelab.models.MODELS` that are built from a snapshot.
MODELS: dict[str, tuple[set[str], set[str]]] = {
    name: (set(m.keys[0]), set(m.keys[1])) for name, m in _MODELS.items() if m.keys is not None
}

_DEFAULT_N = 2000


class _Lines:
    """Where tables and keys sit in a TOML text (tomllib keeps no positions).

    ``[[edits]]`` tables are numbered 0, 1, ... in order; a sub-table such as
    ``[edits.owed]`` belongs to the latest ``[[edits]]``.
    """

    _HEADER = re.compile(r"^\s*(\[\[?)\s*([^\]]+?)\s*\]\]?")
    _KEY = re.compile(r"""^\s*(?:"([^"]+)"|'([^']+)'|([A-Za-z0-9_\-]+))\s*=""")

    def __init__(self, text: str) -> None:
        self.tables: dict[tuple[str, int], int] = {}
        self.keys: dict[tuple[str, int, str], int] = {}
        counts: dict[str, int] = {}
        table, index = "", 0
        in_string = False
        for no, line in enumerate(text.splitlines(), start=1):
            if in_string:
                if line.count('"""') % 2 == 1 or line.count("'''") % 2 == 1:
                    in_string = False
                continue
            m = self._HEADER.match(line)
            if m:
                name = m.group(2).replace(" ", "").replace('"', "")
                if m.group(1) == "[[":
                    counts[name] = counts.get(name, 0) + 1
                    table, index = name, counts[name] - 1
                else:
                    parts = name.split(".")
                    prefixes = [".".join(parts[:k]) for k in range(len(parts) - 1, 0, -1)]
                    parent = next((q for q in prefixes if q in counts), None)
                    table = name
                    index = counts[parent] - 1 if parent is not None else 0
                self.tables.setdefault((table, index), no)
                continue
            k = self._KEY.match(line)
            if k:
                key = k.group(1) or k.group(2) or k.group(3)
                self.keys.setdefault((table, index, key), no)
                if ('"""' in line and line.count('"""') % 2 == 1) or (
                    "'''" in line and line.count("'''") % 2 == 1
                ):
                    in_string = True

    def line(self, table: str, index: int = 0, key: str | None = None) -> int | None:
        if key is not None:
            for t in (table, f"{table}.{key}"):
                if (t, index, key) in self.keys:
                    return self.keys[(t, index, key)]
            if (f"{table}.{key}", index) in self.tables:
                return self.tables[(f"{table}.{key}", index)]
        if (table, index) in self.tables:
            return self.tables[(table, index)]
        return None


@dataclass(frozen=True)
class Scenario:
    """A what-if scenario: a base (year, region, data), edits, measures and models.

    Build one with :func:`load` from a TOML file, or directly.

    Examples
    --------
    >>> from alliancelab.scenario import parse_edit
    >>> sc = Scenario(name="demo", year=2023, region="europe",
    ...               edits=(parse_edit({"type": "join", "state": 380, "alliance": "nato"}),),
    ...               measures=("min_deterrence",))
    >>> sc.edits[0].state
    380
    """

    name: str
    year: int
    region: str | tuple[int, ...] | None = None
    data: str = "reference"
    edits: tuple[Edit, ...] = ()
    base_edits: tuple[Edit, ...] = ()
    measures: tuple[str, ...] = tuple(MEASURES)
    models: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    title: str = ""
    description: str = ""
    n: int = _DEFAULT_N
    seed: int = 0
    rates: str = "berkemeier-fuhrmann"
    window: int = 5
    path: str | None = None
    text: str | None = None
    #: the base day (``YYYY-MM-DD``, from ``[base] date``) of a dated scenario; ``year`` is
    #: its year. None: the base is the year's snapshot.
    date: str | None = None

    def __post_init__(self) -> None:
        try:  # a Scenario built directly gets the checks of a file's [scenario] and [run]
            check_name(self.name)
        except ValueError as exc:
            raise ScenarioError(
                str(exc), file=self.path, line=self._line("scenario", 0, "name"), key="name"
            ) from None
        try:
            check_run({"n": self.n, "seed": self.seed, "window": self.window,
                       "rates": self.rates})  # fmt: skip
        except _Keyed as exc:
            raise ScenarioError(
                _message(exc.error), file=self.path, line=self._line("run", 0, exc.key),
                key=exc.key,
            ) from None  # fmt: skip
        unknown = [m for m in self.measures if m not in MEASURES]
        if unknown:
            hint = difflib.get_close_matches(unknown[0], MEASURES, n=1)
            raise ScenarioError(
                f"unknown measure {unknown[0]!r}"
                + (f" (did you mean {hint[0]!r}?)" if hint else "")
                + f"; use some of {list(MEASURES)}",
                file=self.path,
                line=self._line("run", 0, "measures"),
                key="measures",
            )
        for name in self.models:
            if name not in MODELS:
                raise ScenarioError(
                    f"unknown model {name!r}; use some of {list(MODELS)}",
                    file=self.path,
                    line=self._line(f"models.{name}", 0, None),
                    key=f"models.{name}",
                )

    def checked_draws(self, n: object) -> int:
        """``n`` draws for a run of this scenario (``run(n=...)``, ``--n``), checked against
        the ``draws`` cap of :mod:`alliancelab.limits` before anything is allocated.

        Raises
        ------
        ScenarioError
            For a non-integer, ``n < 1`` or ``n`` over the cap (the message says how to
            raise it: ``--limit draws=N`` or ``ALLIANCELAB_LIMIT_DRAWS=N``).

        Examples
        --------
        >>> Scenario(name="demo", year=2023).checked_draws(10**12)
        Traceback (most recent call last):
        ...
        alliancelab.errors.ScenarioError: key 'n': n = 1,000,000,000,000 is over the cap ...
        """
        try:
            return check_draws(n)
        except ValueError as exc:
            raise ScenarioError(str(exc), file=self.path, key="n") from None

    def output_dir(self, root: str | Path = "out") -> Path:
        """The default output folder, ``root / name``: always directly inside ``root``.

        Examples
        --------
        >>> Scenario(name="demo", year=2023).output_dir().as_posix()
        'out/demo'
        """
        folder = Path(root) / check_name(self.name)
        if folder.parent != Path(root):  # cannot happen for a checked name; kept as a guard
            raise ScenarioError(f"scenario name {self.name!r} leaves the folder {root}")
        return folder

    def _line(self, table: str, index: int, key: str | None) -> int | None:
        if self.text is None:
            return None
        return _Lines(self.text).line(table, index, key)

    def locate(
        self, exc: BaseException, table: str, index: int = 0, key: str | None = None
    ) -> ScenarioError:
        """Turn an error about table ``table`` (and its key) into a located ScenarioError.

        The key an error carries (:class:`._keyed._Keyed`) wins over ``key``; ``index`` is
        the 0-based number of the edit in an edits table.
        """
        error, carried, _ = _split(exc)
        key = carried if carried is not None else key
        edits = table in ("edits", "base.edits")
        where = f"{table}[{index}]" if edits else table
        return ScenarioError(
            f"{_message(error)} ({type(error).__name__} in {where})",
            file=self.path,
            line=self._line(table, index, key),
            key=key,
            edit=index + 1 if edits else None,
        )


_TOP = {"scenario", "base", "edits", "run", "models"}
_SCENARIO_KEYS = {"name", "title", "description"}
_BASE_KEYS = {"year", "date", "region", "data", "edits"}
_RUN_KEYS = {"measures", "n", "seed", "rates", "window"}


_Fail = Callable[..., ScenarioError]


def _region(region: Any, fail: _Fail) -> Any:
    """``[base] region``: a COW region name, a comma list, or a list of states."""
    if region is not None:
        if isinstance(region, list):
            try:
                region = tuple(resolve_state(c) for c in region)
            except UnknownStateError as exc:
                raise fail(str(exc), "base", "region") from None
        elif isinstance(region, str):
            from ..codes import resolve_region
            from ..errors import UnknownRegionError

            try:
                region = resolve_region(region).name if "," not in region else region
            except (UnknownRegionError, UnknownStateError) as exc:
                raise fail(str(exc), "base", "region") from None
        else:
            raise fail("region must be a region name or a list of states", "base", "region")
    return region


def _settings(runt: Mapping[str, Any], fail: _Fail) -> dict[str, Any]:
    """``[run]`` n, seed, window and rates, checked (:func:`._checks.check_run`)."""
    try:
        return check_run(runt)
    except _Keyed as exc:
        raise fail(_message(exc.error), "run", exc.key) from None


def _models(
    models: Mapping[str, Any], fail: _Fail, lines: _Lines, path: str | None
) -> dict[str, dict[str, Any]]:
    """The ``[models.<name>]`` tables, each checked by :func:`_check_model`."""
    checked: dict[str, dict[str, Any]] = {}
    for mname, params in models.items():
        if mname not in MODELS:
            hint = difflib.get_close_matches(mname, MODELS, n=1)
            raise fail(
                f"unknown model {mname!r}"
                + (f" (did you mean {hint[0]!r}?)" if hint else "")
                + f"; use some of {list(MODELS)}",
                f"models.{mname}",
            )
        if not isinstance(params, dict):
            raise fail(f"models.{mname} must be a table", "models", mname)
        try:
            checked[mname] = _check_model(mname, params)
        except _CAUGHT as exc:
            error, bad, _ = _split(exc)
            raise ScenarioError(
                f"{_message(error)} ({type(error).__name__} in models.{mname})",
                file=path,
                line=lines.line(f"models.{mname}", 0, bad),
                key=bad,
            ) from None
    return checked


def _finite(doc: Mapping[str, Any], lines: _Lines, path: str | None) -> None:
    """Refuse the first ``inf`` or ``nan`` anywhere in the document, located."""
    infinite = non_finite(doc)
    if infinite is not None:
        where, value = infinite
        table, index, key = _where(where)
        raise ScenarioError(
            f"{key} must be a finite number, got {value!r}",
            file=path,
            line=lines.line(table, index, key),
            key=key,
            edit=index + 1 if table in ("edits", "base.edits") else None,
        )


def _name(meta: Mapping[str, Any], name: str | None, path: str | None, fail: _Fail) -> str:
    """The scenario's name: ``[scenario] name``, else ``name=``, else the file name made
    safe (:func:`._checks.slug`); a name given that is not a safe slug is refused."""
    if "name" in meta:
        try:
            return check_name(meta["name"])
        except ValueError as exc:
            raise fail(str(exc), "scenario", "name") from None
    if name is not None:
        try:
            return check_name(name)
        except ValueError as exc:
            raise ScenarioError(f"{exc} (the name= argument)", file=path) from None
    return slug(Path(path).stem) if path else "scenario"


def _edits(
    base: Mapping[str, Any],
    doc: Mapping[str, Any],
    lines: _Lines,
    path: str | None,
    fail: _Fail,
) -> dict[str, list[Edit]]:
    """The ``[[base.edits]]`` and ``[[edits]]`` tables parsed, errors located."""
    parsed: dict[str, list[Edit]] = {}
    for tname, raw_edits in (
        ("base.edits", base.get("edits", [])),
        ("edits", doc.get("edits", [])),
    ):
        if not isinstance(raw_edits, list):
            raise fail(f"{tname} must be an array of tables ([[{tname}]])", tname, "edits")
        parsed[tname] = []
        for k, spec in enumerate(raw_edits):
            try:
                parsed[tname].append(_parse_edit(spec))
            except _CAUGHT as exc:
                error, bad, _ = _split(exc)
                raise ScenarioError(
                    f"{_message(error)} ({type(error).__name__} in {tname}[{k}])",
                    file=path,
                    line=lines.line(tname, k, bad),
                    key=bad,
                    edit=k + 1,
                ) from None
    return parsed


def _date(base: Mapping[str, Any], fail: _Fail) -> str | None:
    """``[base] date`` checked (a TOML date or a ``"YYYY-MM-DD"`` string), or None."""
    import datetime as _dt

    from ..errors import ParameterError
    from ..snapshot._dates import parse_when

    if "date" not in base:
        return None
    value = base["date"]
    if not isinstance(value, str | _dt.date) or isinstance(value, _dt.datetime):
        raise fail(f"date must be a date YYYY-MM-DD, got {value!r}", "base", "date")
    try:
        day = parse_when(value if isinstance(value, str) else value.isoformat(), "date")[1]
    except ParameterError as exc:
        raise fail(str(exc), "base", "date") from None
    return day.isoformat() if day is not None else None


def loads(text: str, *, path: str | None = None, name: str | None = None) -> Scenario:
    """Read a scenario from TOML text (see :func:`load`).

    Examples
    --------
    >>> sc = loads('[base]\\nyear = 1990\\nregion = "europe"\\n[[edits]]\\n'
    ...            'type = "dissolve"\\nalliance = "warsaw_pact"\\n', name="wp")
    >>> sc.year, sc.edits[0].type, sc.name
    (1990, 'dissolve', 'wp')
    >>> loads('[base]\\nyear = 1990\\n[[edits]]\\ntype = "dissolve"\\nalliance = 3\\n')
    Traceback (most recent call last):
    ...
    alliancelab.errors.ScenarioError: line 5, key 'alliance': alliance must be an alliance id ...
    """
    lines = _Lines(text)
    try:
        doc = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        m = re.search(r"at line (\d+)", str(exc))
        raise ScenarioError(
            f"malformed TOML: {exc}", file=path, line=int(m.group(1)) if m else None
        ) from None

    def fail(msg: str, table: str, key: str | None = None, index: int = 0) -> ScenarioError:
        return ScenarioError(msg, file=path, line=lines.line(table, index, key), key=key)

    _finite(doc, lines, path)
    for key in doc:
        if key not in _TOP:
            raise fail(f"unknown section {key!r}; use {sorted(_TOP)}", key, key)

    def table(key: str) -> dict[str, Any]:
        t = doc.get(key, {})
        if not isinstance(t, dict):
            raise fail(f"{key} must be a table ([{key}])", key, key)
        return t

    meta, base, runt, models = table("scenario"), table("base"), table("run"), table("models")
    for tname, t, allowed in (
        ("scenario", meta, _SCENARIO_KEYS),
        ("base", base, _BASE_KEYS),
        ("run", runt, _RUN_KEYS),
    ):
        for key in t:
            if key not in allowed:
                raise fail(f"unknown key {key!r} in [{tname}]; use {sorted(allowed)}", tname, key)
    for key in ("name", "title", "description"):
        if key in meta and not isinstance(meta[key], str):
            raise fail(f"{key} must be a string", "scenario", key)
    sname = _name(meta, name, path, fail)
    date = _date(base, fail)
    if "year" not in base and date is None:
        raise fail("[base] needs a year or a date", "base")
    year = base.get("year", int(date[:4]) if date else None)
    if isinstance(year, bool) or not isinstance(year, int) or not 1 <= year <= 9999:
        raise fail(f"year must be an integer in [1, 9999], got {year!r}", "base", "year")
    if date is not None and int(date[:4]) != year:
        raise fail(f"year {year} and date {date} disagree; give one of them", "base", "date")
    region = _region(base.get("region"), fail)
    data = base.get("data", "reference")
    if data not in ("reference", "store"):
        raise fail(f"data must be 'reference' or 'store', got {data!r}", "base", "data")
    parsed = _edits(base, doc, lines, path, fail)
    edits = parsed["edits"]
    measures = runt.get("measures", list(MEASURES))
    if isinstance(measures, str):
        measures = list(MEASURES) if measures == "all" else [measures]
    if not isinstance(measures, list) or not all(isinstance(m, str) for m in measures):
        raise fail("measures must be a list of measure names", "run", "measures")
    settings = _settings(runt, fail)
    checked = _models(models, fail, lines, path)
    return Scenario(
        name=sname,
        title=meta.get("title", ""),
        description=meta.get("description", ""),
        year=int(year),
        date=date,
        region=region,
        data=data,
        edits=tuple(edits),
        base_edits=tuple(parsed["base.edits"]),
        measures=tuple(dict.fromkeys(measures)),
        models=checked,
        path=path,
        text=text,
        **settings,
    )


def load(path: str | Path) -> Scenario:
    """Read and check a scenario file (TOML; schema in ``docs/scenarios.md``).

    Everything that can be checked without data is checked here: TOML syntax, sections
    and keys, edit types and their keys, state names, obligation and measure names,
    model parameters. Edits that depend on the year (alliances in force, members) are
    checked by :func:`run` before anything is computed. Every error is a
    :class:`ScenarioError` naming the file, line and key.

    Examples
    --------
    >>> sc = load(bundled_path("nato-2024-sweden"))
    >>> sc.year, [e.type for e in sc.edits]
    (2023, ['join'])
    """
    p = Path(path)
    try:
        text = p.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ScenarioError("no such scenario file", file=str(p)) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ScenarioError(f"cannot read the file: {exc}", file=str(p)) from None
    return loads(text, path=str(p))


def _check_model(name: str, params: Mapping[str, Any]) -> dict[str, Any]:
    """The model table ``params`` checked: its keys, its states, then the model's own
    checks (``Model.check`` of :data:`alliancelab.models.MODELS`)."""
    required, optional = MODELS[name]
    for key in sorted(required):
        if key not in params:
            raise _Keyed(ValueError(f"model {name} needs key {key!r}"), None)
    for key in params:
        if key not in required | optional:
            raise _Keyed(
                ValueError(f"key {key!r} does not belong to model {name}; use "
                           f"{sorted(required | optional)}"),
                key,
            )  # fmt: skip
    out: dict[str, Any] = dict(params)
    for key in ("challenger", "target", "a", "b", "leader"):
        if key in out:
            out[key] = _state_key(out[key], key)
    pair = [out[k] for k in ("challenger", "target", "a", "b", "leader") if k in out]
    if len(pair) == 2 and pair[0] == pair[1]:
        raise _Keyed(ValueError(f"model {name} needs two different states"), sorted(required)[0])
    try:
        _MODELS[name].check(out)
    except (ValueError, TypeError, ArithmeticError, LookupError) as exc:
        # The model contract is the one place for its parameters' ranges (ParameterError /
        # LimitError); the option the message names (longest name first: c_bar before c_b)
        bad = next((k for k in sorted(optional, key=len, reverse=True) if k in str(exc)), None)
        raise _Keyed(exc, bad) from None
    return out


def _where(path: tuple[str, ...]) -> tuple[str, int, str]:
    """Table, edit index and key of a value's path in the parsed document (for lines)."""
    parts = list(path)
    if parts[:2] == ["base", "edits"]:
        parts = ["base.edits", *parts[2:]]
    table = parts[0]
    index = 0
    rest = parts[1:]
    if table in ("edits", "base.edits") and rest and rest[0].startswith("["):
        index, rest = int(rest[0][1:-1]), rest[1:]
    elif table == "models" and len(rest) > 1:
        table, rest = f"models.{rest[0]}", rest[1:]
    keys = [r for r in rest if not r.startswith("[")]
    return table, index, keys[0] if keys else table


# ------------------------------------------------------------------------------ bundled


def _bundled_dir() -> Path:
    return Path(__file__).resolve().parent.parent / "scenarios"


def bundled() -> pd.DataFrame:
    """The bundled case-study scenarios: ``name, year, region, title``.

    Examples
    --------
    >>> "nato-2024-sweden" in set(bundled()["name"])
    True
    """
    rows = []
    for p in sorted(_bundled_dir().glob("*.toml")):
        sc = load(p)
        region = sc.region if isinstance(sc.region, str) or sc.region is None else "custom"
        rows.append({"name": p.stem, "year": sc.year, "region": region, "title": sc.title})
    return pd.DataFrame(rows, columns=["name", "year", "region", "title"])


def bundled_path(name: str) -> Path:
    """Path of a bundled scenario file by name (see :func:`bundled`).

    Raises
    ------
    ScenarioError
        For an unknown name; the message lists the bundled ones.
    """
    try:  # a bundled name is a safe slug: "../x" cannot reach a file outside the folder
        check_name(name)
    except ValueError as exc:
        raise ScenarioError(f"no bundled scenario {name!r}: {exc}") from None
    p = _bundled_dir() / f"{name}.toml"
    if not p.is_file():
        names = sorted(q.stem for q in _bundled_dir().glob("*.toml"))
        hint = difflib.get_close_matches(name, names, n=2)
        raise ScenarioError(
            f"no bundled scenario {name!r}"
            + (f"; did you mean {' or '.join(hint)}?" if hint else "")
            + f" Bundled: {', '.join(names)}"
        )
    return p
