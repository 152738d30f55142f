"""What-if scenarios: edit a snapshot (join, leave, dissolve, create, capability, rivalry),
then compare measures and model outputs between the baseline and the edited system.

A scenario is a TOML file (schema in ``docs/scenarios.md``)::

    [scenario]
    name = "sweden-2023"
    title = "Sweden joins NATO a year early"

    [base]
    year = 2023
    region = "europe"

    [[edits]]
    type = "join"
    state = "Sweden"
    alliance = "nato"

    [run]
    measures = ["min_deterrence", "expected_war_size"]

    [models.escalation]
    challenger = "Russia"
    target = "Estonia"

:func:`load` reads and checks a file (errors name the file, line and key),
:func:`apply` returns a new :class:`~alliancelab.snapshot.Snapshot` with the edits made
(the input is never changed), and :func:`run` computes every requested measure and model
output for the baseline and the scenario, with 95% Monte Carlo intervals where a quantity
is stochastic. :func:`write_outputs` saves the frames and an HTML report atomically.

Measures come from :mod:`alliancelab.measures` (formulas and sources in their
docstrings); models from :mod:`alliancelab.models` (escalation cascade: Christensen &
Snyder 1990 with Berkemeier & Fuhrmann 2018 honour rates; crisis bargaining: Fearon 1995;
arms race: Richardson 1960; alliance transition: Organski & Kugler 1980, Kim 1991).
"""

from __future__ import annotations

import dataclasses
import difflib
import math
import re
import shutil
import tempfile
import tomllib
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from .codes import ccode_to_name, iso3_to_ccode, name_to_ccode
from .errors import (
    AllianceLabError,
    CoverageError,
    DataFormatError,
    UnknownAllianceError,
    UnknownStateError,
)
from .reference import DOMAINS, LAST_YEAR, OBLIGATIONS, load_alliance_members, load_alliances
from .snapshot import Snapshot, assemble_ties, system_members

__all__ = [
    "EDIT_TYPES",
    "MEASURES",
    "MODELS",
    "MODEL_OUTPUTS",
    "Edit",
    "Scenario",
    "ScenarioError",
    "ScenarioResult",
    "apply",
    "bundled",
    "bundled_path",
    "describe_edits",
    "load",
    "loads",
    "parse_edit",
    "resolve_state",
    "run",
    "write_outputs",
]

#: The edit types a scenario may contain.
EDIT_TYPES: tuple[str, ...] = ("join", "leave", "dissolve", "create", "capability", "rivalry")

_EDIT_KEYS: dict[str, tuple[set[str], set[str]]] = {
    # type: (required keys, optional keys); every edit may also carry "type" and "why"
    "join": ({"state", "alliance"}, {"obligations"}),
    "leave": ({"state", "alliance"}, set()),
    "dissolve": ({"alliance"}, set()),
    "create": ({"id", "members"}, {"name", "obligations", "owed", "domain"}),
    "capability": ({"state"}, {"scale", "set"}),
    "rivalry": ({"action", "states"}, set()),
}

#: Region-level measures a scenario can compare, with what each is (details and sources
#: in the docstrings of :mod:`alliancelab.measures`).
MEASURES: dict[str, str] = {
    "con": "Ray-Singer capability concentration of the region's states (0 even, 1 one holds all)",
    "n_poles": "states holding at least 10% of the snapshot's capability (Modelski & Thompson)",
    "n_blocs": "defence blocs with a member in the region (components of mutual defence ties)",
    "largest_bloc_share": "capability share of the strongest bloc or lone state",
    "polarization": "Montalvo & Reynal-Querol polarization of capability among blocs",
    "defense_density": "share of the region's state pairs tied by a defence obligation",
    "balanced_share": "share of balanced alliance/rivalry triangles (Heider; Cartwright-Harary)",
    "frustration": "frustration index: fewest signed ties to delete for a balanced network",
    "mean_s": "mean Signorino-Ritter S of alliance portfolios over the region's dyads",
    "min_deterrence": "weakest link: smallest expected pooled capability ratio target/challenger",
    "mean_log_deterrence": "mean log2 deterrence ratio over directed rival pairs (target inside)",
    "mean_exposure": "mean probability that a state of the region is drawn into a rival war",
    "expected_war_size": "expected belligerents in the most dangerous rivalry's war",
    "max_dependency": "largest share of a state's pooled capability owed to one partner",
    "asymmetry": "share of defence-tied pairs in which only one side owes defence",
    "parity_rivalries": "rival pairs at capability parity (0.8-1.25, Organski & Kugler)",
    "n_rivalries": "strategic rival pairs with a member in the region (Thompson & Dreyer)",
    "cyber_density": "density of cyber-alliance ties among the region's states",
    "non_traditional_density": "density of non-traditional (terrorism, health, disaster) ties",
}

#: Models a scenario can run, with their keys (see ``docs/scenarios.md``).
MODELS: dict[str, tuple[set[str], set[str]]] = {
    "escalation": (
        {"challenger", "target"},
        {"honour", "deterrence_threshold", "regional_share"},
    ),
    "bargaining": ({"a", "b"}, {"c_b", "c_bar", "mediation", "precision", "honour"}),
    "arms_race": ({"a", "b"}, {"reaction", "fatigue", "years", "sigma"}),
    "transition": ({"leader", "challenger"}, {"horizon", "window", "honour"}),
}

#: What each model output is (the report's "what it is" column).
MODEL_OUTPUTS: dict[str, str] = {
    "escalation.p_war": "share of simulated crises that became wars (not deterred)",
    "escalation.p_regional_war": "share of crises whose belligerents hold half the capability",
    "escalation.mean_states": "mean number of belligerents in the crises that became wars",
    "escalation.mean_capability_share": "mean capability share of the belligerents",
    "bargaining.p_win_a": "A's chance of winning a war, from alliance-pooled capability",
    "bargaining.p_war_closed": "Fearon's closed-form probability of war",
    "bargaining.p_war_mc": "simulated probability of war",
    "arms_race.stable": "1 if the Richardson system has a stable equilibrium",
    "arms_race.reaction_ratio": "product of reactions over product of fatigues (< 1 stable)",
    "arms_race.equilibrium_a": "equilibrium spending of A's bloc (baseline = 1)",
    "arms_race.equilibrium_b": "equilibrium spending of B's bloc (baseline = 1)",
    "arms_race.spending_a_end": "simulated spending of A's bloc at the horizon",
    "arms_race.spending_b_end": "simulated spending of B's bloc at the horizon",
    "transition.ratio_now": "challenger's coalition capability over the leader's, base year",
    "transition.ratio_end": "the same ratio at the horizon (mean over projected paths)",
    "transition.p_overtaken_by_end": "share of paths in which the challenger's side overtakes",
}

_Z95 = 1.959963984540054
_DEFAULT_N = 2000


# ------------------------------------------------------------------------------ errors


class ScenarioError(DataFormatError):
    """A scenario that cannot be read or run: names the file, the line and the key.

    Examples
    --------
    >>> str(ScenarioError("unknown alliance 'natoo'", file="s.toml", line=7, key="alliance"))
    "s.toml, line 7, key 'alliance': unknown alliance 'natoo'"
    """

    def __init__(
        self,
        message: str,
        *,
        file: str | None = None,
        line: int | None = None,
        key: str | None = None,
    ) -> None:
        super().__init__(message, file=file, row=line, field=key)
        self.line = line
        self.key = key
        where = []
        if file is not None:
            where.append(str(file))
        if line is not None:
            where.append(f"line {line}")
        if key is not None:
            where.append(f"key {key!r}")
        self.args = (f"{', '.join(where)}: {message}" if where else message,)


def _keyed(exc: BaseException, key: str | None) -> BaseException:
    """Remember which key of an edit or model table an error is about."""
    if key is not None and getattr(exc, "scenario_key", None) is None:
        exc.scenario_key = key  # type: ignore[attr-defined]
    return exc


def _message(exc: BaseException) -> str:
    if isinstance(exc, KeyError) and not isinstance(exc, AllianceLabError) and exc.args:
        return str(exc.args[0])
    return str(exc)


# ------------------------------------------------------------------------------ states


def resolve_state(value: object) -> int:
    """A COW code from a code, an ISO3 code (``"SWE"``) or an English name (``"Sweden"``).

    Raises
    ------
    UnknownStateError
        For a code or name COW does not know.

    Examples
    --------
    >>> resolve_state("Sweden"), resolve_state("FIN"), resolve_state(2), resolve_state("740")
    (380, 375, 2, 740)
    """
    if isinstance(value, bool):
        raise UnknownStateError(f"a state must be a COW code, ISO3 code or name, got {value!r}")
    if isinstance(value, int | np.integer):
        code = int(value)
        if code < 1:
            raise UnknownStateError(f"state codes are positive integers, got {code}")
        return code  # checked against the snapshot (or the state system) when applied
    if isinstance(value, str):
        v = value.strip()
        if v.isdigit():
            return resolve_state(int(v))
        if len(v) == 3 and v.isalpha() and v.isupper():
            return iso3_to_ccode(v)
        if not v:
            raise UnknownStateError("empty state name")
        return name_to_ccode(v)
    raise UnknownStateError(f"a state must be a COW code, ISO3 code or name, got {value!r}")


def _label(code: int) -> str:
    try:
        return f"{ccode_to_name(code)} ({code})"
    except UnknownStateError:
        return str(code)


# ------------------------------------------------------------------------------ edits


@dataclass(frozen=True)
class Edit:
    """One scenario edit (build it with :func:`parse_edit` or directly).

    Attributes
    ----------
    type : str
        One of :data:`EDIT_TYPES`.
    state : int or None
        The state that joins, leaves or whose capability changes.
    alliance : str or None
        The alliance id (``join``, ``leave``, ``dissolve``) or the new id (``create``).
    states : tuple of int
        Members of a new alliance (``create``) or the rival pair (``rivalry``).
    obligations : tuple of str or None
        Obligations promised (``join``: default the members' typical ones; ``create``:
        default defence).
    owed : tuple of (int, tuple of str)
        ``create``: obligations of particular members, overriding ``obligations``.
    name, domain : str
        ``create``: readable name and domain (conventional, nuclear, cyber, non_traditional).
    scale, value : float or None
        ``capability``: multiply by ``scale`` or set to ``value``.
    action : str or None
        ``rivalry``: ``begin`` or ``end``.
    why : str
        Free text: the reason for the edit, shown in the report.
    """

    type: str
    state: int | None = None
    alliance: str | None = None
    states: tuple[int, ...] = ()
    obligations: tuple[str, ...] | None = None
    owed: tuple[tuple[int, tuple[str, ...]], ...] = ()
    name: str | None = None
    domain: str = "conventional"
    scale: float | None = None
    value: float | None = None
    action: str | None = None
    why: str = ""


def _obligations(value: object, key: str) -> tuple[str, ...]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list | tuple) or not value:
        raise _keyed(ValueError(f"{key} must be a non-empty list of {list(OBLIGATIONS)}"), key)
    out = []
    for v in value:
        if v not in OBLIGATIONS:
            hint = difflib.get_close_matches(str(v), OBLIGATIONS, n=1)
            raise _keyed(
                ValueError(
                    f"unknown obligation {v!r}"
                    + (f" (did you mean {hint[0]!r}?)" if hint else "")
                    + f"; use {list(OBLIGATIONS)}"
                ),
                key,
            )
        out.append(str(v))
    return tuple(dict.fromkeys(out))


def _state_key(value: object, key: str) -> int:
    try:
        return resolve_state(value)
    except UnknownStateError as exc:
        raise _keyed(exc, key) from None


def _number(value: object, key: str, *, minimum: float = 0.0) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise _keyed(ValueError(f"{key} must be a number, got {value!r}"), key)
    v = float(value)
    if not math.isfinite(v) or v < minimum:
        raise _keyed(ValueError(f"{key} must be a finite number >= {minimum:g}, got {v}"), key)
    return v


def parse_edit(spec: Mapping[str, Any] | Edit) -> Edit:
    """Check one edit given as a mapping (as in a scenario file) and return an :class:`Edit`.

    States may be COW codes, ISO3 codes or names. Raises ``ValueError`` (or
    ``UnknownStateError``) naming the offending key.

    Examples
    --------
    >>> parse_edit({"type": "join", "state": "Sweden", "alliance": "nato"}).state
    380
    >>> parse_edit({"type": "capability", "state": 365, "scale": 0.5}).scale
    0.5
    >>> parse_edit({"type": "join", "state": 380})
    Traceback (most recent call last):
    ...
    ValueError: join edit lacks key 'alliance'
    """
    if isinstance(spec, Edit):
        return spec
    if not isinstance(spec, Mapping):
        raise TypeError(f"an edit is a mapping with a 'type' key, got {spec!r}")
    kind = spec.get("type")
    if kind not in EDIT_TYPES:
        hint = difflib.get_close_matches(str(kind), EDIT_TYPES, n=1)
        raise _keyed(
            ValueError(
                f"unknown edit type {kind!r}"
                + (f" (did you mean {hint[0]!r}?)" if hint else "")
                + f"; use one of {list(EDIT_TYPES)}"
            ),
            "type",
        )
    required, optional = _EDIT_KEYS[kind]
    for key in sorted(required):
        if key not in spec:
            raise _keyed(ValueError(f"{kind} edit lacks key {key!r}"), "type")
    for key in spec:
        if key not in required | optional | {"type", "why"}:
            allowed = sorted(required | optional | {"type", "why"})
            raise _keyed(
                ValueError(f"key {key!r} does not belong in a {kind} edit; use {allowed}"), key
            )
    why = spec.get("why", "")
    if not isinstance(why, str):
        raise _keyed(ValueError("why must be a string"), "why")
    if kind in ("join", "leave"):
        alliance = spec["alliance"]
        if not isinstance(alliance, str) or not alliance:
            raise _keyed(ValueError("alliance must be an alliance id such as 'nato'"), "alliance")
        obl = _obligations(spec["obligations"], "obligations") if "obligations" in spec else None
        return Edit(
            kind, state=_state_key(spec["state"], "state"), alliance=alliance, obligations=obl,
            why=why,
        )  # fmt: skip
    if kind == "dissolve":
        alliance = spec["alliance"]
        if not isinstance(alliance, str) or not alliance:
            raise _keyed(ValueError("alliance must be an alliance id such as 'nato'"), "alliance")
        return Edit(kind, alliance=alliance, why=why)
    if kind == "create":
        aid = spec["id"]
        if not isinstance(aid, str) or not re.fullmatch(r"[a-z][a-z0-9_]*", aid):
            raise _keyed(
                ValueError(f"id must be a lowercase identifier like 'nordic_pact', got {aid!r}"),
                "id",
            )
        members = spec["members"]
        if not isinstance(members, list) or len(members) < 2:
            raise _keyed(ValueError("members must list at least two states"), "members")
        codes = [_state_key(m, "members") for m in members]
        dup = sorted({c for c in codes if codes.count(c) > 1})
        if dup:
            raise _keyed(
                ValueError(f"duplicate member {', '.join(_label(c) for c in dup)} in members"),
                "members",
            )
        obl = _obligations(spec.get("obligations", ["defense"]), "obligations")
        owed: list[tuple[int, tuple[str, ...]]] = []
        raw_owed = spec.get("owed", {})
        if not isinstance(raw_owed, Mapping):
            raise _keyed(ValueError("owed must be a table: member = [obligations]"), "owed")
        for k, v in raw_owed.items():
            c = _state_key(k, "owed")
            if c not in codes:
                raise _keyed(ValueError(f"owed names {_label(c)}, who is not a member"), "owed")
            owed.append((c, _obligations(v, "owed")))
        domain = spec.get("domain", "conventional")
        if domain not in DOMAINS:
            raise _keyed(
                ValueError(f"domain must be one of {list(DOMAINS)}, got {domain!r}"), "domain"
            )
        name = spec.get("name", aid)
        if not isinstance(name, str):
            raise _keyed(ValueError("name must be a string"), "name")
        return Edit(
            kind, alliance=aid, states=tuple(codes), obligations=obl, owed=tuple(owed),
            name=name, domain=domain, why=why,
        )  # fmt: skip
    if kind == "capability":
        has = [k for k in ("scale", "set") if k in spec]
        if len(has) != 1:
            raise _keyed(ValueError("a capability edit needs exactly one of scale or set"), "state")
        state = _state_key(spec["state"], "state")
        if "scale" in spec:
            return Edit(kind, state=state, scale=_number(spec["scale"], "scale"), why=why)
        return Edit(kind, state=state, value=_number(spec["set"], "set"), why=why)
    # rivalry
    action = spec["action"]
    if action not in ("begin", "end"):
        raise _keyed(ValueError(f"action must be 'begin' or 'end', got {action!r}"), "action")
    pair = spec["states"]
    if not isinstance(pair, list) or len(pair) != 2:
        raise _keyed(ValueError("states must list the two rivals"), "states")
    a, b = (_state_key(x, "states") for x in pair)
    if a == b:
        raise _keyed(ValueError(f"a state cannot be its own rival: {_label(a)}"), "states")
    return Edit(kind, states=(a, b), action=str(action), why=why)


# ------------------------------------------------------------------------------ apply


@dataclass
class _Work:
    """A mutable copy of a snapshot's parts, keyed by ccode (internal to apply)."""

    year: int
    data: str
    hypothetical: bool
    ccodes: list[int]
    names: dict[int, str]
    in_region: dict[int, bool]
    capability: dict[int, float]
    kind: dict[int, str]
    rivals: set[tuple[int, int]]
    alliances: list[str]
    anames: dict[str, str]
    aobl: dict[str, np.ndarray]
    adom: dict[str, str]
    members: dict[str, set[int]]
    ties: list[tuple[str | None, int, int, np.ndarray]]
    notes: list[str]
    dissolved: dict[str, int] = field(default_factory=dict)
    system: set[int] | None = None

    @classmethod
    def of(cls, s: Snapshot, data: str) -> _Work:
        cc = list(s.ccodes)
        ties: list[tuple[str | None, int, int, np.ndarray]] = []
        for a, i, j, o in zip(
            s.tie_alliance.tolist(), s.tie_from.tolist(), s.tie_to.tolist(), s.tie_obligations,
            strict=True,
        ):  # fmt: skip
            ties.append((s.alliances[a] if a >= 0 else None, cc[i], cc[j], np.array(o)))
        ri, rj = np.nonzero(np.triu(s.rivalry, 1))
        return cls(
            year=s.year,
            data=data,
            hypothetical=all(k == "given" for k in s.capability_kind) and s.n > 0,
            ccodes=cc,
            names=dict(zip(cc, s.names, strict=True)),
            in_region=dict(zip(cc, s.in_region.tolist(), strict=True)),
            capability=dict(zip(cc, s.capability.tolist(), strict=True)),
            kind=dict(zip(cc, s.capability_kind, strict=True)),
            rivals={(cc[i], cc[j]) for i, j in zip(ri.tolist(), rj.tolist(), strict=True)},
            alliances=list(s.alliances),
            anames=dict(zip(s.alliances, s.alliance_names, strict=True)),
            aobl={a: np.array(s.alliance_obligations[k]) for k, a in enumerate(s.alliances)},
            adom=dict(zip(s.alliances, s.alliance_domains, strict=True)),
            members={
                a: {cc[i] for i in np.nonzero(s.membership[k])[0]}
                for k, a in enumerate(s.alliances)
            },
            ties=ties,
            notes=list(s.notes),
        )

    def in_system(self, code: int) -> bool:
        if self.system is None:
            self.system = set(system_members(self.year)) if self.year >= 1816 else set()
        return code in self.system

    def ensure_state(self, code: int, key: str) -> None:
        """Add a state of the system to the snapshot as an outside state, if missing."""
        if code in self.names:
            return
        if self.hypothetical:
            raise _keyed(
                UnknownStateError(f"state {_label(code)} is not in this hypothetical snapshot"),
                key,
            )
        if not self.in_system(code):
            try:
                ccode_to_name(code)
            except UnknownStateError:
                raise _keyed(
                    UnknownStateError(f"unknown COW state code {code}; see `alliancelab states`"),
                    key,
                ) from None
            raise _keyed(
                CoverageError(
                    f"state {_label(code)} is not in the state system in {self.year} "
                    "(COW state system membership v2016, extended to 2024)"
                ),
                key,
            )
        from .snapshot import snapshot as _snapshot

        one = _snapshot(self.year, [code], data=self.data)
        k = one.index(code)
        self.ccodes.append(code)
        self.names[code] = one.names[k]
        self.in_region[code] = False
        self.capability[code] = float(one.capability[k])
        self.kind[code] = one.capability_kind[k]
        for i, j in zip(*np.nonzero(np.triu(one.rivalry, 1)), strict=True):
            a, b = one.ccodes[int(i)], one.ccodes[int(j)]
            if a in self.names and b in self.names:
                self.rivals.add((min(a, b), max(a, b)))
        self.notes.append(f"scenario: {_label(code)} added to the snapshot as an outside state")

    def alliance_info(self, aid: str, key: str) -> pd.Series:
        al = load_alliances()
        row = al[al["alliance"] == aid]
        if row.empty:
            live = [a for a in self.alliances if a not in self.dissolved]
            hint = difflib.get_close_matches(aid, [*live, *al["alliance"]], n=3)
            raise _keyed(
                UnknownAllianceError(
                    f"unknown alliance {aid!r}"
                    + (f"; did you mean {' or '.join(repr(h) for h in hint)}?" if hint else "")
                    + f" Alliances in this snapshot: {', '.join(live) or 'none'}"
                ),
                key,
            )
        return row.iloc[0]

    def require_alliance(self, aid: str, key: str, verb: str) -> None:
        """Make sure alliance ``aid`` is in force in the work copy; explain when it is not."""
        if aid in self.dissolved:
            raise _keyed(
                CoverageError(
                    f"alliance {aid!r} was dissolved by edit {self.dissolved[aid]}: "
                    f"it cannot {verb}"
                ),
                key,
            )
        if aid in self.members:
            return
        info = self.alliance_info(aid, key)
        start = int(info["start_year"])
        end = int(info["end_year"]) if pd.notna(info["end_year"]) else None
        if not start <= self.year <= (end if end is not None else LAST_YEAR):
            span = f"{start}-{end}" if end is not None else f"since {start}"
            when = "was dissolved in" if end is not None and self.year > end else "only began in"
            raise _keyed(
                CoverageError(
                    f"alliance {aid!r} is not in force in {self.year} ({span}; it "
                    f"{when} {end if end is not None and self.year > end else start}), so it "
                    f"cannot {verb}; use a 'create' edit for a new alliance"
                ),
                key,
            )
        if self.hypothetical:
            raise _keyed(
                UnknownAllianceError(f"alliance {aid!r} is not in this hypothetical snapshot"),
                key,
            )
        # in force but with fewer than two members in the snapshot: bring it in with its
        # members and their ties (reference data)
        mem = load_alliance_members()
        live = mem[
            (mem["alliance"] == aid)
            & (mem["entry_year"] <= self.year)
            & (mem["exit_year"].fillna(LAST_YEAR) >= self.year)
        ]
        codes = sorted(
            {int(c) for c in live["ccode"]} & (self.system or set(system_members(self.year)))
        )
        for c in codes:
            self.ensure_state(c, key)
        self.alliances.append(aid)
        self.anames[aid] = str(info["name"])
        self.adom[aid] = str(info["domain"])
        self.aobl[aid] = np.array([bool(live[k].astype(bool).any()) for k in OBLIGATIONS])
        self.members[aid] = set(codes)
        for _, m in live.iterrows():
            a = int(m["ccode"])
            if a not in codes:
                continue
            flags = np.array([bool(m[k]) for k in OBLIGATIONS])
            toward = m.get("toward")
            targets = (
                {int(x) for x in str(toward).split()}
                if isinstance(toward, str) and toward.strip()
                else None
            )
            if not flags.any():
                continue
            for b in codes:
                if b != a and (targets is None or b in targets):
                    self.ties.append((aid, a, b, flags.copy()))

    def own_flags(self, aid: str, code: int) -> np.ndarray:
        """What a member promises in an alliance: the union of its ties' obligations."""
        out = np.zeros(len(OBLIGATIONS), dtype=bool)
        for a, i, _, o in self.ties:
            if a == aid and i == code:
                out |= o
        return out


def _apply_one(w: _Work, e: Edit, number: int) -> str:
    """Apply edit ``e`` (1-based ``number``) to ``w``; return a description."""
    if e.type == "join":
        aid = str(e.alliance)
        w.require_alliance(aid, "alliance", "be joined")
        code = int(e.state)  # type: ignore[arg-type]
        w.ensure_state(code, "state")
        if code in w.members[aid]:
            raise _keyed(
                ValueError(f"{_label(code)} is already a member of {aid!r} in {w.year}"), "state"
            )
        before = len(w.members[aid])
        per_member = {m: w.own_flags(aid, m) for m in sorted(w.members[aid])}
        if e.obligations is not None:
            flags = np.array([k in e.obligations for k in OBLIGATIONS])
        else:
            stack = np.array(list(per_member.values())) if per_member else np.zeros((0, 5))
            flags = stack.mean(axis=0) >= 0.5 if len(stack) else np.array(w.aobl[aid], dtype=bool)
            if not flags.any():
                flags = np.array(w.aobl[aid], dtype=bool)
        for m, mf in per_member.items():
            w.ties.append((aid, code, m, flags.copy()))
            if mf.any():
                w.ties.append((aid, m, code, mf.copy()))
        w.members[aid].add(code)
        w.aobl[aid] = np.asarray(w.aobl[aid], dtype=bool) | flags
        promised = ", ".join(k for k, f in zip(OBLIGATIONS, flags, strict=True) if f)
        return (
            f"{_label(code)} joins {w.anames[aid]}: {before} -> {before + 1} members in the "
            f"snapshot; it owes {promised} to each member and each member owes it what it "
            "owes the others"
        )
    if e.type == "leave":
        aid = str(e.alliance)
        w.require_alliance(aid, "alliance", "be left")
        code = int(e.state)  # type: ignore[arg-type]
        if code not in w.members[aid]:
            raise _keyed(
                ValueError(f"{_label(code)} is not a member of {aid!r} in {w.year}"), "state"
            )
        before = len(w.members[aid])
        w.ties = [t for t in w.ties if not (t[0] == aid and code in (t[1], t[2]))]
        w.members[aid].discard(code)
        return f"{_label(code)} leaves {w.anames[aid]}: {before} -> {before - 1} members"
    if e.type == "dissolve":
        aid = str(e.alliance)
        w.require_alliance(aid, "alliance", "be dissolved")
        n_ties = sum(1 for t in w.ties if t[0] == aid)
        n_mem = len(w.members[aid])
        w.ties = [t for t in w.ties if t[0] != aid]
        name = w.anames[aid]
        w.alliances.remove(aid)
        for d in (w.members, w.aobl, w.adom, w.anames):
            d.pop(aid, None)
        w.dissolved[aid] = number
        return f"{name} dissolved: its {n_mem} members lose {n_ties} directed ties"
    if e.type == "create":
        aid = str(e.alliance)
        if aid in w.members:
            raise _keyed(ValueError(f"alliance id {aid!r} is already in the snapshot"), "id")
        al = load_alliances()
        if aid in set(al["alliance"]):
            raise _keyed(
                ValueError(
                    f"alliance id {aid!r} is taken by the reference data "
                    f"({al.loc[al['alliance'] == aid, 'name'].iloc[0]}); choose another id"
                ),
                "id",
            )
        for c in e.states:
            w.ensure_state(c, "members")
        owed = dict(e.owed)
        base = e.obligations or ("defense",)
        flags_of = {c: np.array([k in owed.get(c, base) for k in OBLIGATIONS]) for c in e.states}
        for a in e.states:
            if not flags_of[a].any():
                continue
            for b in e.states:
                if a != b:
                    w.ties.append((aid, a, b, flags_of[a].copy()))
        w.alliances.append(aid)
        w.anames[aid] = e.name or aid
        w.adom[aid] = e.domain
        w.aobl[aid] = np.any(np.array(list(flags_of.values())), axis=0)
        w.members[aid] = set(e.states)
        parts = [
            f"{_label(c)} owes "
            + ", ".join(k for k, f in zip(OBLIGATIONS, flags_of[c], strict=True) if f)
            for c in e.states
        ]
        uniform = len({tuple(f) for f in flags_of.values()}) == 1
        what = (
            "each owes "
            + ", ".join(k for k, f in zip(OBLIGATIONS, flags_of[e.states[0]], strict=True) if f)
            if uniform
            else "; ".join(parts)
        )
        return (
            f"new {e.domain} alliance {w.anames[aid]} ({aid}) of "
            f"{', '.join(_label(c) for c in e.states)}: {what} to the other members"
        )
    if e.type == "capability":
        code = int(e.state)  # type: ignore[arg-type]
        if code not in w.names:
            raise _keyed(
                UnknownStateError(
                    f"state {_label(code)} is not in the {w.year} snapshot; a capability edit "
                    "needs a state of the snapshot"
                ),
                "state",
            )
        old = w.capability[code]
        if e.scale is not None:
            if not math.isfinite(old):
                raise _keyed(
                    ValueError(f"{_label(code)} has no capability data to scale; use set"),
                    "scale",
                )
            new = old * e.scale
        else:
            new = float(e.value)  # type: ignore[arg-type]
        w.capability[code] = new
        w.kind[code] = "scenario"
        return f"capability of {_label(code)}: {old:.4g} -> {new:.4g}"
    # rivalry
    a, b = e.states
    for c in (a, b):
        w.ensure_state(c, "states")
    pair = (min(a, b), max(a, b))
    if e.action == "begin":
        if pair in w.rivals:
            raise _keyed(
                ValueError(f"{_label(a)} and {_label(b)} are already rivals in {w.year}"),
                "states",
            )
        w.rivals.add(pair)
        return f"rivalry begins between {_label(a)} and {_label(b)}"
    if pair not in w.rivals:
        raise _keyed(
            ValueError(f"{_label(a)} and {_label(b)} are not rivals in {w.year}"), "states"
        )
    w.rivals.discard(pair)
    return f"rivalry ends between {_label(a)} and {_label(b)}"


def _apply(
    snapshot: Snapshot, edits: Iterable[Mapping[str, Any] | Edit], data: str = "reference"
) -> tuple[Snapshot, list[dict[str, object]]]:
    if not isinstance(snapshot, Snapshot):
        raise TypeError("snapshot must be an alliancelab Snapshot")
    w = _Work.of(snapshot, data)
    log: list[dict[str, object]] = []
    for k, spec in enumerate(edits, start=1):
        try:
            e = parse_edit(spec)
            text = _apply_one(w, e, k)
        except (AllianceLabError, ValueError, TypeError) as exc:
            setattr(exc, "edit_number", k)  # noqa: B010
            raise
        w.notes.append(f"scenario edit {k}: {text}")
        log.append({"edit": k, "type": e.type, "description": text, "why": e.why})
    # alliances need two members in the snapshot (the Snapshot convention)
    for aid in [a for a in w.alliances if len(w.members[a]) < 2]:
        w.notes.append(f"scenario: {w.anames[aid]} has fewer than two members left and lapses")
        w.alliances.remove(aid)
        w.ties = [t for t in w.ties if t[0] != aid]
    return _rebuild(snapshot, w), log


def apply(
    snapshot: Snapshot, edits: Iterable[Mapping[str, Any] | Edit], *, data: str = "reference"
) -> Snapshot:
    """A new snapshot with ``edits`` made, in order; ``snapshot`` is left unchanged.

    Edits (mappings as in a scenario file, or :class:`Edit` objects):

    * ``join`` (state, alliance[, obligations]): the state joins an alliance in force that
      year. By default it promises the obligations that at least half of the members
      promise, owed to every member, and every member owes it what that member owes the
      others (ATOP codes obligations per member, owed to all members).
    * ``leave`` (state, alliance): its ties in that alliance, both ways, are removed.
    * ``dissolve`` (alliance): every tie of the alliance is removed.
    * ``create`` (id, members[, obligations, owed, domain, name]): a new alliance; each
      member owes ``obligations`` (default defence) to the others, or what ``owed`` lists
      for it.
    * ``capability`` (state, scale | set): multiply or replace its capability index.
    * ``rivalry`` (action = begin | end, states = [a, b]).

    A state of the state system that is not in the snapshot (e.g. Turkey in a Europe
    snapshot) is added as an outside state with its capability and rivalries. An
    alliance that has fewer than two members left lapses.

    Raises
    ------
    UnknownStateError, UnknownAllianceError
        Unknown names or codes.
    CoverageError
        Impossible edits: an alliance not in force that year or dissolved by an earlier
        edit, a state outside the state system that year.
    ValueError
        Malformed edits, a state that already is (or is not) a member, a duplicate
        member, an id already taken, a rivalry that already exists (or does not).

    Examples
    --------
    Sweden joined NATO in 2024; joining in the 2023 snapshot makes NATO 32:

    >>> from alliancelab import snapshot
    >>> s = snapshot(2023, "europe")
    >>> t = apply(s, [{"type": "join", "state": "Sweden", "alliance": "nato"}])
    >>> k = s.alliances.index("nato")
    >>> int(s.membership[k].sum()), int(t.membership[t.alliances.index("nato")].sum())
    (31, 32)
    >>> bool(t.obligation("defense")[t.index(380), t.index(2)])
    True
    """
    return _apply(snapshot, edits, data)[0]


def describe_edits(
    snapshot: Snapshot, edits: Iterable[Mapping[str, Any] | Edit], *, data: str = "reference"
) -> pd.DataFrame:
    """What each edit does, in words: ``edit, type, description, why``.

    Examples
    --------
    >>> from alliancelab import snapshot
    >>> d = describe_edits(snapshot(1990, "europe"), [{"type": "dissolve",
    ...                                                "alliance": "warsaw_pact"}])
    >>> d["description"].iloc[0].startswith("Warsaw Pact")
    True
    """
    return pd.DataFrame(
        _apply(snapshot, edits, data)[1], columns=["edit", "type", "description", "why"]
    )


def _with_states(snapshot: Snapshot, codes: Iterable[int], data: str) -> Snapshot:
    """``snapshot`` with the states ``codes`` added as outside states (no new ties)."""
    w = _Work.of(snapshot, data)
    missing = [c for c in codes if c not in w.names]
    if not missing:
        return snapshot
    for c in missing:
        w.ensure_state(c, "state")
    return _rebuild(snapshot, w)


def _rebuild(snapshot: Snapshot, w: _Work) -> Snapshot:
    """A snapshot from a work copy (via an empty apply on a snapshot carrying its parts)."""
    cc = sorted(w.ccodes)
    pos = {c: i for i, c in enumerate(cc)}
    aidx = {a: k for k, a in enumerate(w.alliances)}
    n = len(cc)
    t_al = np.array([aidx[a] if a is not None else -1 for a, *_ in w.ties], dtype=np.int64)
    t_from = np.array([pos[i] for _, i, _, _ in w.ties], dtype=np.int64)
    t_to = np.array([pos[j] for _, _, j, _ in w.ties], dtype=np.int64)
    t_obl = np.array([o for *_, o in w.ties], dtype=bool).reshape(len(w.ties), len(OBLIGATIONS))
    domains = tuple(w.adom[a] for a in w.alliances)
    obligations, layers = assemble_ties(n, t_al, t_from, t_to, t_obl, domains)
    riv = np.zeros((n, n), dtype=bool)
    for r1, r2 in w.rivals:
        riv[pos[r1], pos[r2]] = riv[pos[r2], pos[r1]] = True
    membership = np.zeros((len(w.alliances), n), dtype=bool)
    for row, aid in enumerate(w.alliances):
        membership[row, [pos[c] for c in w.members[aid]]] = True
    return dataclasses.replace(
        snapshot,
        ccodes=tuple(cc),
        names=tuple(w.names[c] for c in cc),
        in_region=np.array([w.in_region[c] for c in cc], dtype=bool),
        capability=np.array([w.capability[c] for c in cc], dtype=float),
        capability_kind=tuple(w.kind[c] for c in cc),
        obligations=obligations,
        rivalry=riv,
        layers=layers,
        alliances=tuple(w.alliances),
        membership=membership,
        alliance_names=tuple(w.anames[a] for a in w.alliances),
        alliance_obligations=np.array([w.aobl[a] for a in w.alliances], dtype=bool).reshape(
            len(w.alliances), len(OBLIGATIONS)
        ),
        alliance_domains=domains,
        tie_alliance=t_al,
        tie_from=t_from,
        tie_to=t_to,
        tie_obligations=t_obl,
        notes=tuple(w.notes),
    )


# ------------------------------------------------------------------------------ files


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

    def __post_init__(self) -> None:
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

    def _line(self, table: str, index: int, key: str | None) -> int | None:
        if self.text is None:
            return None
        return _Lines(self.text).line(table, index, key)

    def locate(self, exc: BaseException, table: str, index: int = 0) -> ScenarioError:
        """Turn an error about table ``table`` (and its key) into a located ScenarioError."""
        key = getattr(exc, "scenario_key", None)
        where = f"{table}[{index}]" if table in ("edits", "base.edits") else table
        return ScenarioError(
            f"{_message(exc)} ({type(exc).__name__} in {where})",
            file=self.path,
            line=self._line(table, index, key),
            key=key,
        )


_TOP = {"scenario", "base", "edits", "run", "models"}
_SCENARIO_KEYS = {"name", "title", "description"}
_BASE_KEYS = {"year", "region", "data", "edits"}
_RUN_KEYS = {"measures", "n", "seed", "rates", "window"}


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
    alliancelab.scenario.ScenarioError: line 5, key 'alliance': alliance must be an alliance id ...
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
    if "year" not in base:
        raise fail("[base] needs a year", "base")
    year = base["year"]
    if isinstance(year, bool) or not isinstance(year, int):
        raise fail(f"year must be an integer, got {year!r}", "base", "year")
    region = base.get("region")
    if region is not None:
        if isinstance(region, list):
            try:
                region = tuple(resolve_state(c) for c in region)
            except UnknownStateError as exc:
                raise fail(str(exc), "base", "region") from None
        elif isinstance(region, str):
            from .codes import resolve_region
            from .errors import UnknownRegionError

            try:
                region = resolve_region(region).name if "," not in region else region
            except (UnknownRegionError, UnknownStateError) as exc:
                raise fail(str(exc), "base", "region") from None
        else:
            raise fail("region must be a region name or a list of states", "base", "region")
    data = base.get("data", "reference")
    if data not in ("reference", "store"):
        raise fail(f"data must be 'reference' or 'store', got {data!r}", "base", "data")
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
                parsed[tname].append(parse_edit(spec))
            except (AllianceLabError, ValueError, TypeError) as exc:
                bad: str | None = getattr(exc, "scenario_key", None)
                raise ScenarioError(
                    f"{_message(exc)} ({type(exc).__name__} in {tname}[{k}])",
                    file=path,
                    line=lines.line(tname, k, bad),
                    key=bad,
                ) from None
    edits = parsed["edits"]
    measures = runt.get("measures", list(MEASURES))
    if isinstance(measures, str):
        measures = list(MEASURES) if measures == "all" else [measures]
    if not isinstance(measures, list) or not all(isinstance(m, str) for m in measures):
        raise fail("measures must be a list of measure names", "run", "measures")
    settings: dict[str, Any] = {}
    for key, lo in (("n", 1), ("seed", 0), ("window", 0)):
        if key in runt:
            v = runt[key]
            if isinstance(v, bool) or not isinstance(v, int) or v < lo:
                raise fail(f"{key} must be an integer >= {lo}, got {v!r}", "run", key)
            settings[key] = v
    if "rates" in runt:
        from .measures.deterrence import HONOUR_RATES

        if runt["rates"] not in HONOUR_RATES:
            raise fail(f"rates must be one of {list(HONOUR_RATES)}", "run", "rates")
        settings["rates"] = runt["rates"]
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
        except (AllianceLabError, ValueError, TypeError) as exc:
            bad = getattr(exc, "scenario_key", None)
            raise ScenarioError(
                f"{_message(exc)} ({type(exc).__name__} in models.{mname})",
                file=path,
                line=lines.line(f"models.{mname}", 0, bad),
                key=bad,
            ) from None
    return Scenario(
        name=meta.get("name") or name or (Path(path).stem if path else "scenario"),
        title=meta.get("title", ""),
        description=meta.get("description", ""),
        year=int(year),
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
    required, optional = MODELS[name]
    for key in sorted(required):
        if key not in params:
            raise _keyed(ValueError(f"model {name} needs key {key!r}"), None)
    for key in params:
        if key not in required | optional:
            raise _keyed(
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
        raise _keyed(ValueError(f"model {name} needs two different states"), sorted(required)[0])
    if name == "escalation":
        from .models import escalation

        try:
            escalation.Params(
                honour=out.get("honour"),
                deterrence_threshold=out.get("deterrence_threshold"),
                regional_share=out.get("regional_share", 0.5),
            )
        except (ValueError, TypeError) as exc:
            bad = next((k for k in ("honour", "deterrence_threshold", "regional_share")
                        if k in str(exc)), None)  # fmt: skip
            raise _keyed(exc, bad) from None
    elif name == "bargaining":
        from .models import bargaining

        try:
            bargaining.Params(
                p=0.5,
                c_b=out.get("c_b", 0.1),
                c_bar=out.get("c_bar", 0.3),
                mediation=out.get("mediation", 0.0),
                precision=out.get("precision", 4),
            )
        except (ValueError, TypeError) as exc:
            bad = next((k for k in ("c_bar", "c_b", "mediation", "precision") if k in str(exc)),
                       None)  # fmt: skip
            raise _keyed(exc, bad) from None
        if "honour" in out:
            _prob(out["honour"], "honour")
    elif name == "arms_race":
        for key, lo in (("reaction", 0.0), ("fatigue", 1e-12), ("sigma", 0.0)):
            if key in out:
                _number(out[key], key, minimum=lo)
        if "years" in out:
            _int(out["years"], "years")
    elif name == "transition":
        for key in ("horizon", "window"):
            if key in out:
                _int(out[key], key)
        if "honour" in out:
            _prob(out["honour"], "honour")
    return out


def _prob(v: object, key: str) -> float:
    x = _number(v, key)
    if x > 1:
        raise _keyed(ValueError(f"{key} must be a probability in [0, 1], got {x}"), key)
    return x


def _int(v: object, key: str) -> int:
    if isinstance(v, bool) or not isinstance(v, int) or v < 1:
        raise _keyed(ValueError(f"{key} must be a positive integer, got {v!r}"), key)
    return int(v)


# ------------------------------------------------------------------------------ bundled


def _bundled_dir() -> Path:
    return Path(__file__).resolve().parent / "scenarios"


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


# ------------------------------------------------------------------------------ measures


@dataclass(frozen=True)
class _Value:
    value: float
    se: float | None = None  # Monte Carlo standard error; None when exact
    detail: str = ""


def _abbr(s: Snapshot, code: object) -> str:
    try:
        return s.names[s.index(int(code))]  # type: ignore[call-overload]
    except (UnknownStateError, TypeError, ValueError):
        return str(code)


def _mean_upper(M: np.ndarray, mask: np.ndarray) -> float:
    idx = np.nonzero(mask)[0]
    if len(idx) < 2:
        return float("nan")
    vals = M[np.ix_(idx, idx)][np.triu_indices(len(idx), 1)]
    vals = vals[~np.isnan(vals)]
    return float(vals.mean()) if vals.size else float("nan")


def _g_power(s: Snapshot, ctx: _Ctx) -> dict[str, _Value]:
    from .measures.power import capability_shares, concentration, polarity

    pol = polarity(s, region_only=True).iloc[0]
    poles = ", ".join(_abbr(s, c) for c in pol["poles"]) or "none"
    return {
        "con": _Value(concentration(capability_shares(s, region_only=True)["share"])),
        "n_poles": _Value(float(pol["n_poles"]), detail=f"poles: {poles}"),
    }


def _g_blocs(s: Snapshot, ctx: _Ctx) -> dict[str, _Value]:
    from .measures.blocs import alliance_blocs
    from .measures.network import bloc_structure

    r = bloc_structure(s).iloc[0]
    bl = alliance_blocs(s)
    inside = {c for c, m in zip(s.ccodes, s.in_region, strict=True) if m}
    labels = [
        f"{lab} ({n})"
        for lab, n, mem in zip(bl["label"], bl["n_members"], bl["members"], strict=True)
        if inside & set(mem)
    ]
    text = "blocs: " + ("; ".join(labels) if labels else "none")
    return {
        "n_blocs": _Value(float(r["n_blocs"]), detail=text),
        "largest_bloc_share": _Value(float(r["largest_bloc_share"]), detail=text),
        "polarization": _Value(float(r["polarization"]), detail=text),
    }


def _g_network(s: Snapshot, ctx: _Ctx) -> dict[str, _Value]:
    from .measures.network import balance, defense_density, frustration_index, signed_matrix

    d = defense_density(s).iloc[0]
    b = balance(s).iloc[0]
    inside = np.asarray(s.in_region, dtype=bool)
    fr, exact = frustration_index(signed_matrix(s)[np.ix_(inside, inside)], seed=ctx.seed)
    return {
        "defense_density": _Value(
            float(d["defense_density"]), detail=f"{int(d['defense_ties'])} defence-tied pairs"
        ),
        "balanced_share": _Value(
            float(b["balanced_share"]),
            detail=f"{int(b['balanced_triangles'])} of {int(b['triangles'])} triangles balanced",
        ),
        "frustration": _Value(
            float(fr), detail="exact" if exact else "local-search upper bound (not exact)"
        ),
    }


def _g_similarity(s: Snapshot, ctx: _Ctx) -> dict[str, _Value]:
    from .measures.similarity import portfolio_matrix, s_matrix

    if s.n < 2:
        return {"mean_s": _Value(float("nan"))}
    return {"mean_s": _Value(_mean_upper(s_matrix(portfolio_matrix(s)), s.in_region))}


def _g_deterrence(s: Snapshot, ctx: _Ctx) -> dict[str, _Value]:
    from .measures.deterrence import deterrence

    d = deterrence(s, rates=ctx.rates)
    inside = {c for c, m in zip(s.ccodes, s.in_region, strict=True) if m}
    d = d[d["target"].isin(inside)].dropna(subset=["deterrence"])
    if d.empty:
        nan = _Value(float("nan"), detail="no rival pair with a target in the region")
        return {"min_deterrence": nan, "mean_log_deterrence": nan}
    k = int(d["deterrence"].to_numpy().argmin())
    weak = d.iloc[k]
    text = (
        f"weakest link: {_abbr(s, weak['target'])} facing {_abbr(s, weak['challenger'])} "
        f"(target side {weak['target_pooled']:.3g} vs challenger side "
        f"{weak['challenger_pooled']:.3g})"
    )
    pos = d["deterrence"].to_numpy(dtype=float)
    pos = pos[pos > 0]
    return {
        "min_deterrence": _Value(float(weak["deterrence"]), detail=text),
        "mean_log_deterrence": _Value(
            float(np.mean(np.log2(pos))) if pos.size else float("nan"),
            detail=f"{len(d)} directed rival pairs",
        ),
    }


def _g_exposure(s: Snapshot, ctx: _Ctx) -> dict[str, _Value]:
    from .measures.exposure import entanglement

    reg, states, _ = entanglement(s, rates=ctx.rates, n_sims=ctx.n_sims, seed=ctx.seed)
    r = reg.iloc[0]
    exact = bool(r["exact"])
    ex = states.dropna(subset=["exposure"])
    se_mean = (
        float(np.sqrt(np.sum(ex["exposure_se"].to_numpy(dtype=float) ** 2)) / len(ex))
        if len(ex) and not exact
        else None
    )
    md = r["most_dangerous"]
    text = (
        f"most dangerous rivalry: {_abbr(s, md[0])}-{_abbr(s, md[1])}"
        if isinstance(md, tuple)
        else "no rivalry in the region"
    )
    if len(ex):
        top = ex.sort_values("exposure", ascending=False).iloc[0]
        text += f"; most exposed: {_abbr(s, top['ccode'])} ({top['exposure']:.2f})"
    return {
        "mean_exposure": _Value(float(r["mean_exposure"]), se_mean, text),
        "expected_war_size": _Value(
            float(r["expected_war_size"]), None if exact else float(r["war_size_se"]), text
        ),
    }


def _g_dependency(s: Snapshot, ctx: _Ctx) -> dict[str, _Value]:
    from .measures.dependency import dependency

    reg, st = dependency(s)
    r = reg.iloc[0]
    text = ""
    if pd.notna(r["most_dependent"]):
        row = st[st["ccode"] == r["most_dependent"]].iloc[0]
        partner = row["largest_partner"]
        text = f"most dependent: {_abbr(s, r['most_dependent'])}" + (
            f" on {_abbr(s, partner)}" if pd.notna(partner) else ""
        )
    return {
        "max_dependency": _Value(float(r["max_dependency"]), detail=text),
        "asymmetry": _Value(float(r["asymmetry"])),
    }


def _g_parity(s: Snapshot, ctx: _Ctx) -> dict[str, _Value]:
    from .measures.power import parity_rivalries

    r = parity_rivalries(s).iloc[0]
    return {
        "parity_rivalries": _Value(float(r["parity_rivalries"])),
        "n_rivalries": _Value(float(r["n_rivalries"])),
    }


def _g_layers(s: Snapshot, ctx: _Ctx) -> dict[str, _Value]:
    from .measures.network import layer_network

    out = {}
    for dom in ("cyber", "non_traditional"):
        r = layer_network(s, dom).iloc[0]
        out[f"{dom}_density"] = _Value(
            float(r["density"]),
            detail=f"{int(r['ties'])} tied pairs" if bool(r["covered"]) else "layer not coded",
        )
    return out


_GROUPS: dict[str, Callable[[Snapshot, _Ctx], dict[str, _Value]]] = {
    "power": _g_power,
    "blocs": _g_blocs,
    "network": _g_network,
    "similarity": _g_similarity,
    "deterrence": _g_deterrence,
    "exposure": _g_exposure,
    "dependency": _g_dependency,
    "parity": _g_parity,
    "layers": _g_layers,
}
_GROUP_OF = {
    "con": "power",
    "n_poles": "power",
    "n_blocs": "blocs",
    "largest_bloc_share": "blocs",
    "polarization": "blocs",
    "defense_density": "network",
    "balanced_share": "network",
    "frustration": "network",
    "mean_s": "similarity",
    "min_deterrence": "deterrence",
    "mean_log_deterrence": "deterrence",
    "mean_exposure": "exposure",
    "expected_war_size": "exposure",
    "max_dependency": "dependency",
    "asymmetry": "dependency",
    "parity_rivalries": "parity",
    "n_rivalries": "parity",
    "cyber_density": "layers",
    "non_traditional_density": "layers",
}


@dataclass(frozen=True)
class _Ctx:
    seed: int
    n_sims: int
    rates: str


def _measure_values(
    s: Snapshot, names: Sequence[str], seed: int, n: int, rates: str
) -> dict[str, _Value]:
    out: dict[str, _Value] = {}
    ctx = _Ctx(seed=seed, n_sims=n, rates=rates)
    for g in dict.fromkeys(_GROUP_OF[m] for m in names):
        out.update(_GROUPS[g](s, ctx))
    return {m: out[m] for m in names}


# ------------------------------------------------------------------------------ models


def _prop(x: np.ndarray) -> _Value:
    x = np.asarray(x, dtype=float)
    if x.size == 0:
        return _Value(float("nan"))
    p = float(x.mean())
    return _Value(p, float(np.sqrt(max(p * (1 - p), 0.0) / x.size)))


def _mean(x: np.ndarray) -> _Value:
    x = np.asarray(x, dtype=float)
    if x.size == 0:
        return _Value(float("nan"))
    se = float(x.std(ddof=1) / np.sqrt(x.size)) if x.size > 1 else float("nan")
    return _Value(float(x.mean()), se)


def _model_escalation(
    s: Snapshot, p: Mapping[str, Any], n: int, seed: np.random.SeedSequence
) -> tuple[dict[str, _Value], pd.DataFrame]:
    from .models import escalation

    prm = escalation.Params(
        honour=p.get("honour"),
        deterrence_threshold=p.get("deterrence_threshold"),
        regional_share=p.get("regional_share", 0.5),
    )
    r = escalation.simulate(s, p["challenger"], p["target"], prm, n=n, seed=seed)
    w = r.wars
    war = ~w["deterred"].to_numpy(dtype=bool)
    out = {
        "p_war": _prop(war),
        "p_regional_war": _prop(w["capability_share"].to_numpy() >= prm.regional_share),
        "mean_states": _mean(w["n_states"].to_numpy()[war]),
        "mean_capability_share": _mean(w["capability_share"].to_numpy()),
    }
    top = r.states.sort_values("p_join", ascending=False)
    top = top[top["p_join"] > 0].head(6)
    detail = "most likely belligerents: " + ", ".join(
        f"{nm} {pj:.2f}" for nm, pj in zip(top["name"], top["p_join"], strict=True)
    )
    out = {k: dataclasses.replace(v, detail=detail) for k, v in out.items()}
    return out, r.states[["ccode", "p_join"]]


def _model_bargaining(
    s: Snapshot, p: Mapping[str, Any], n: int, seed: np.random.SeedSequence
) -> tuple[dict[str, _Value], pd.DataFrame]:
    from .measures.deterrence import honour_probabilities
    from .models import bargaining

    honour = float(p.get("honour", honour_probabilities(s.year)["defense"]))
    pa = bargaining.p_from_snapshot(s, p["a"], p["b"], honour=honour)
    prm = bargaining.Params(
        p=pa,
        c_b=p.get("c_b", 0.1),
        c_bar=p.get("c_bar", 0.3),
        mediation=p.get("mediation", 0.0),
        precision=p.get("precision", 4),
    )
    df = bargaining.simulate(prm, n=n, seed=seed)
    text = f"{_abbr(s, p['a'])} wins with p = {pa:.3f} (pooled, allies honour {honour:.2f})"
    return {
        "p_win_a": _Value(pa, detail=text),
        "p_war_closed": _Value(prm.p_war(), detail=text),
        "p_war_mc": dataclasses.replace(_prop(df["war"].to_numpy()), detail=text),
    }, pd.DataFrame()


def _coalition(s: Snapshot, code: int, other: int) -> np.ndarray:
    """Boolean mask: ``code`` and the states owing it defence but not owing ``other``."""
    i, j = s.index(code), s.index(other)
    d = np.asarray(s.obligation("defense"), dtype=bool)
    m = d[:, i] & ~d[:, j]
    m[[i, j]] = False
    m[i] = True
    return m


def _model_arms_race(
    s: Snapshot,
    p: Mapping[str, Any],
    n: int,
    seed: np.random.SeedSequence,
    base: Snapshot | None = None,
) -> tuple[dict[str, _Value], pd.DataFrame]:
    from .models import arms_race

    a, b = p["a"], p["b"]
    ref = base if base is not None else s
    cap_s = np.nan_to_num(np.asarray(s.capability, dtype=float), nan=0.0)
    cap_r = np.nan_to_num(np.asarray(ref.capability, dtype=float), nan=0.0)
    xa0 = cap_r[_coalition(ref, a, b)].sum()
    xb0 = cap_r[_coalition(ref, b, a)].sum()
    if xa0 <= 0 or xb0 <= 0:
        raise ValueError("arms_race: a bloc has no capability data")
    fa = cap_s[_coalition(s, a, b)].sum() / xa0
    fb = cap_s[_coalition(s, b, a)].sum() / xb0
    r = float(p.get("reaction", 0.8))
    m = float(p.get("fatigue", 1.0))
    g = m - r  # baseline equilibrium at the current spending (normalised to 1)
    react = np.array([[0.0, r], [r, 0.0]])
    react[0, :] *= fa
    react[:, 0] *= fa
    react[1, :] *= fb
    react[:, 1] *= fb
    prm = arms_race.Params(react, np.array([m, m]), np.array([g * fa, g * fb]), ("a", "b"))
    years = int(p.get("years", 20))
    sigma = float(p.get("sigma", 0.05))
    sims = arms_race.simulate(prm, [fa, fb], years, n=max(2, min(n, 2000)), sigma=sigma, seed=seed)
    last = sims[sims["t"] == years]
    eq = prm.equilibrium()
    ab = prm.reaction[0, 1] * prm.reaction[1, 0]
    text = (
        f"blocs of {_abbr(s, a)} and {_abbr(s, b)} at {fa:.2f} and {fb:.2f} times their baseline "
        f"capability; reaction product / fatigue product = {ab / (m * m):.2f} "
        f"({'stable' if prm.stable() else 'unstable: runaway race'})"
    )
    return {
        "stable": _Value(float(prm.stable()), detail=text),
        "reaction_ratio": _Value(ab / (m * m), detail=text),
        "equilibrium_a": _Value(float(eq[0]) if prm.stable() else float("inf"), detail=text),
        "equilibrium_b": _Value(float(eq[1]) if prm.stable() else float("inf"), detail=text),
        "spending_a_end": dataclasses.replace(
            _mean(last.loc[last["bloc"] == "a", "spending"].to_numpy()), detail=text
        ),
        "spending_b_end": dataclasses.replace(
            _mean(last.loc[last["bloc"] == "b", "spending"].to_numpy()), detail=text
        ),
    }, pd.DataFrame()


def _model_transition(
    s: Snapshot,
    p: Mapping[str, Any],
    n: int,
    seed: np.random.SeedSequence,
    union: Sequence[int] = (),
) -> tuple[dict[str, _Value], pd.DataFrame]:
    from .measures.deterrence import honour_probabilities
    from .models import transition
    from .reference import load_capabilities

    leader, chal = p["leader"], p["challenger"]
    honour = float(p.get("honour", honour_probabilities(s.year)["defense"]))
    lmask = _coalition(s, leader, chal)
    cmask = _coalition(s, chal, leader)
    codes = sorted(set(union) | {s.ccodes[i] for i in np.nonzero(lmask | cmask)[0]})
    cap_now = {c: float(s.capability[s.index(c)]) for c in codes if c in s.ccodes}
    hist = load_capabilities()[["ccode", "year", "cinc"]]
    hist = hist[hist["ccode"].isin(codes) & (hist["year"] < s.year)]
    now = pd.DataFrame(
        {"ccode": list(cap_now), "year": s.year, "cinc": list(cap_now.values())}
    ).dropna()
    caps = pd.concat([hist, now[now["cinc"] > 0]], ignore_index=True)
    prm = transition.Params(
        horizon=int(p.get("horizon", 20)), window=int(p.get("window", 30)), n=max(2, n)
    )
    pr = transition.project(caps, s.year, prm, seed=seed)
    paths = pr.attrs["paths"]  # (n, h + 1, k) shares
    pc = list(pr.attrs["ccodes"])
    w = np.zeros(len(pc))
    v = np.zeros(len(pc))
    for k, c in enumerate(pc):
        if c not in s.ccodes:
            continue
        i = s.index(c)
        if c == leader:
            w[k] = 1.0
        elif lmask[i]:
            w[k] = honour
        if c == chal:
            v[k] = 1.0
        elif cmask[i]:
            v[k] = honour
    if w.sum() == 0 or v.sum() == 0:
        raise ValueError("transition: leader or challenger has no capability history")
    ratio = (paths @ v) / (paths @ w)  # (n, h + 1): challenger coalition / leader coalition
    over = np.maximum.accumulate(ratio > 1.0, axis=1)
    text = (
        f"{_abbr(s, chal)}'s coalition over {_abbr(s, leader)}'s (allies weighted by "
        f"honour {honour:.2f}): {float(np.median(ratio[:, 0])):.2f} now, "
        f"{float(np.median(ratio[:, -1])):.2f} in {s.year + prm.horizon} (median path)"
    )
    return {
        "ratio_now": _Value(float(ratio[0, 0]), detail=text),
        "ratio_end": dataclasses.replace(_mean(ratio[:, -1]), detail=text),
        "p_overtaken_by_end": dataclasses.replace(_prop(over[:, -1]), detail=text),
    }, pd.DataFrame()


_MODEL_FUNCS: dict[str, Callable[..., tuple[dict[str, _Value], pd.DataFrame]]] = {
    "escalation": _model_escalation,
    "bargaining": _model_bargaining,
    "arms_race": _model_arms_race,
    "transition": _model_transition,
}


# ------------------------------------------------------------------------------ run

RESULT_COLUMNS: tuple[str, ...] = (
    "kind",
    "name",
    "baseline",
    "baseline_lo",
    "baseline_hi",
    "scenario",
    "scenario_lo",
    "scenario_hi",
    "delta",
    "delta_lo",
    "delta_hi",
    "stochastic",
    "why",
)


@dataclass(frozen=True)
class ScenarioResult:
    """Baseline versus scenario: what :func:`run` returns.

    Attributes
    ----------
    scenario : Scenario
    baseline, snapshot : Snapshot
        The system before and after the edits (states that the edits bring in are added
        to the baseline too, without ties, so that both hold the same states).
    table : DataFrame
        One row per measure (``kind="measure"``) and model output (``kind="model"``,
        ``name="model.output"``): ``baseline``, ``scenario``, ``delta`` and, for
        stochastic quantities, 95% Monte Carlo intervals ``*_lo``, ``*_hi`` (normal
        approximation, ``value +- 1.96 se``; the delta's se is ``sqrt(se_b^2 + se_s^2)``,
        conservative since both runs share their random numbers); ``why`` says what
        drives the value in each system.
    changes : DataFrame
        ``stage, edit, type, description, why``: each edit in words; ``stage`` is
        ``baseline`` for the ``[[base.edits]]`` that set up the baseline, ``scenario``
        for the scenario's edits.
    states : DataFrame
        Per state, baseline and scenario: capability, pooled (defence) capability share,
        defence partners, dependency, entanglement exposure, ``obligations`` (the number of
        (partner, obligation type) commitments it owes or is owed) and, with the escalation
        model, the probability of joining the war; ``changed`` flags the states whose
        position changed.
    blocs : DataFrame
        Defence blocs (``alliance_blocs``) of both systems, column ``system``.
    n, seed : int
        Monte Carlo draws per stochastic quantity and the root seed.
    """

    scenario: Scenario
    baseline: Snapshot
    snapshot: Snapshot
    table: pd.DataFrame
    changes: pd.DataFrame
    states: pd.DataFrame
    blocs: pd.DataFrame
    n: int
    seed: int


def _interval(v: _Value) -> tuple[float, float]:
    if v.se is None or not math.isfinite(v.se):
        return (float("nan"), float("nan"))
    return (v.value - _Z95 * v.se, v.value + _Z95 * v.se)


def _row(kind: str, name: str, b: _Value, s: _Value) -> dict[str, object]:
    blo, bhi = _interval(b)
    slo, shi = _interval(s)
    stochastic = b.se is not None or s.se is not None
    delta = s.value - b.value if math.isfinite(s.value) and math.isfinite(b.value) else np.nan
    dlo = dhi = float("nan")
    if stochastic and math.isfinite(delta):
        se = math.sqrt((b.se or 0.0) ** 2 + (s.se or 0.0) ** 2)
        if math.isfinite(se):
            dlo, dhi = delta - _Z95 * se, delta + _Z95 * se
    if b.detail == s.detail:
        why = b.detail
    else:
        why = f"before: {b.detail}; after: {s.detail}" if b.detail or s.detail else ""
    return {
        "kind": kind,
        "name": name,
        "baseline": b.value,
        "baseline_lo": blo,
        "baseline_hi": bhi,
        "scenario": s.value,
        "scenario_lo": slo,
        "scenario_hi": shi,
        "delta": delta,
        "delta_lo": dlo,
        "delta_hi": dhi,
        "stochastic": stochastic,
        "why": why,
    }


def _model_states(p: Mapping[str, Any]) -> list[int]:
    return [int(p[k]) for k in ("challenger", "target", "a", "b", "leader") if k in p]


def _states_frame(
    b: Snapshot, s: Snapshot, seed: int, n_sims: int, rates: str, extra: dict[str, tuple]
) -> pd.DataFrame:
    from .measures.blocs import pooled_capability
    from .measures.dependency import dependency
    from .measures.exposure import entanglement

    frames = []
    for tag, snap in (("baseline", b), ("scenario", s)):
        pc = pooled_capability(snap)[["ccode", "name", "capability", "pooled_share", "n_allies"]]
        pc = pc.rename(columns={"n_allies": "defense_partners"})
        dep = dependency(snap, region_only=False)[1][["ccode", "dependency"]]
        ex = entanglement(snap, rates=rates, n_sims=n_sims, seed=seed, region_only=False)[1]
        f = pc.merge(dep, on="ccode", how="left").merge(
            ex[["ccode", "exposure"]], on="ccode", how="left"
        )
        f.insert(2, "in_region", snap.in_region.tolist())
        ob = np.asarray(snap.obligations, dtype=bool)
        f["obligations"] = (ob.sum(axis=(1, 2)) + ob.sum(axis=(0, 2))).astype(int)
        for col, (pj_b, pj_s) in extra.items():
            pj = pj_b if tag == "baseline" else pj_s
            f = f.merge(pj.rename(columns={"p_join": col}), on="ccode", how="left")
        frames.append(f.set_index("ccode"))
    fb, fs = frames
    out = fb[["name", "in_region"]].copy()
    for col in [c for c in fb.columns if c not in ("name", "in_region")]:
        out[f"{col}_baseline"] = fb[col]
        out[f"{col}_scenario"] = fs[col]
    changed = np.zeros(len(out), dtype=bool)
    for col in [c for c in fb.columns if c not in ("name", "in_region")]:
        x = out[f"{col}_baseline"].to_numpy(dtype=float)
        y = out[f"{col}_scenario"].to_numpy(dtype=float)
        diff = ~np.isclose(x, y, rtol=1e-9, atol=1e-12, equal_nan=True)
        if col.startswith("p_join") or col == "exposure":
            diff &= np.abs(np.nan_to_num(x) - np.nan_to_num(y)) >= 0.01
        changed |= diff
    out["changed"] = changed
    return out.reset_index()


def run(
    scenario: Scenario | str | Path,
    n: int | None = None,
    seed: int | None = None,
    *,
    progress: Callable[[str], None] | None = None,
) -> ScenarioResult:
    """Run a scenario: baseline and edited snapshot, measures and models, side by side.

    Parameters
    ----------
    scenario : Scenario or path
        A :class:`Scenario` or the path of a scenario file (:func:`load`).
    n : int, optional
        Monte Carlo draws per stochastic quantity (escalation crises, bargaining crises,
        arms-race and transition paths, exposure cascades); default the scenario's
        ``[run] n`` (2000).
    seed : int, optional
        Root seed (default the scenario's, 0). Each stochastic component draws from its
        own child of ``numpy.random.SeedSequence(seed)``, the same for baseline and
        scenario (common random numbers): the same seed gives an identical result.
    progress : callable, optional
        Called with a short message before each step.

    Raises
    ------
    ScenarioError
        Anything wrong with the scenario (unknown names, impossible edits), naming the
        file, line and key. Nothing is computed before the edits have been checked.

    Examples
    --------
    >>> r = run(bundled_path("nato-2024-sweden"), n=200, seed=1)
    >>> r.table.set_index("name").loc["min_deterrence", ["baseline", "scenario"]].notna().all()
    np.True_
    >>> int(r.snapshot.membership[r.snapshot.alliances.index("nato")].sum())
    32
    """
    sc = scenario if isinstance(scenario, Scenario) else load(scenario)
    n = sc.n if n is None else n
    seed = sc.seed if seed is None else seed
    if isinstance(n, bool) or not isinstance(n, int) or n < 1:
        raise ScenarioError(f"n must be a positive integer, got {n!r}")
    if isinstance(seed, bool) or not isinstance(seed, int) or seed < 0:
        raise ScenarioError(f"seed must be a non-negative integer, got {seed!r}")
    say = progress or (lambda _m: None)
    say("building the baseline snapshot")
    from .snapshot import snapshot as _snapshot

    region = list(sc.region) if isinstance(sc.region, tuple) else sc.region
    try:
        base0 = _snapshot(sc.year, region, data=sc.data)
    except (AllianceLabError, ValueError, TypeError) as exc:
        raise sc.locate(_keyed(exc, "year"), "base") from None
    base_log: list[dict[str, object]] = []
    if sc.base_edits:
        try:
            base0, base_log = _apply(base0, sc.base_edits, sc.data)
        except (AllianceLabError, ValueError, TypeError) as exc:
            k = int(getattr(exc, "edit_number", 1))
            raise sc.locate(exc, "base.edits", k - 1) from None
    needed = [c for p in sc.models.values() for c in _model_states(p)]
    try:
        base1 = _with_states(base0, needed, sc.data)
    except (AllianceLabError, ValueError) as exc:
        for name, p in sc.models.items():
            for key in ("challenger", "target", "a", "b", "leader"):
                if key in p and str(p[key]) in str(exc):
                    raise sc.locate(_keyed(exc, key), f"models.{name}") from None
        raise sc.locate(exc, "base") from None
    say("applying the edits")
    try:
        new, log = _apply(base1, sc.edits, sc.data)
    except (AllianceLabError, ValueError, TypeError) as exc:
        k = int(getattr(exc, "edit_number", 1))
        raise sc.locate(exc, "edits", k - 1) from None
    added = [c for c in new.ccodes if c not in base1.ccodes]
    baseline = _with_states(base1, added, sc.data)
    root = np.random.SeedSequence(seed)
    children = root.spawn(1 + len(sc.models))
    mseed = int(children[0].generate_state(1)[0])
    rows: list[dict[str, object]] = []
    say("computing measures")
    vb = _measure_values(baseline, sc.measures, mseed, n, sc.rates)
    vs = _measure_values(new, sc.measures, mseed, n, sc.rates)
    for m in sc.measures:
        rows.append(_row("measure", m, vb[m], vs[m]))
    extra: dict[str, tuple] = {}
    for (mname, params), child in zip(sc.models.items(), children[1:], strict=True):
        say(f"running the {mname} model")
        fn = _MODEL_FUNCS[mname]
        try:
            if mname == "arms_race":
                ob, db = fn(baseline, params, n, child, baseline)
                os_, ds = fn(new, params, n, child, baseline)
            elif mname == "transition":
                union = sorted(
                    {
                        snap.ccodes[i]
                        for snap in (baseline, new)
                        for c in (params["leader"], params["challenger"])
                        for i in np.nonzero(
                            _coalition(
                                snap,
                                c,
                                params["challenger"] if c == params["leader"] else params["leader"],
                            )
                        )[0]
                    }
                )
                ob, db = fn(baseline, params, n, child, union)
                os_, ds = fn(new, params, n, child, union)
            else:
                ob, db = fn(baseline, params, n, child)
                os_, ds = fn(new, params, n, child)
        except (AllianceLabError, ValueError) as exc:
            raise sc.locate(exc, f"models.{mname}") from None
        for out_name in ob:
            rows.append(_row("model", f"{mname}.{out_name}", ob[out_name], os_[out_name]))
        if len(db) and len(ds):
            extra[f"p_join_{mname}"] = (db, ds)
    say("comparing states and blocs")
    states = _states_frame(baseline, new, mseed, n, sc.rates, extra)
    from .measures.blocs import alliance_blocs

    blocs = pd.concat(
        [
            alliance_blocs(baseline).assign(system="baseline"),
            alliance_blocs(new).assign(system="scenario"),
        ],
        ignore_index=True,
    )
    changes = pd.DataFrame(
        [{"stage": "baseline", **r} for r in base_log] + [{"stage": "scenario", **r} for r in log],
        columns=["stage", "edit", "type", "description", "why"],
    )
    table = pd.DataFrame(rows, columns=list(RESULT_COLUMNS))
    return ScenarioResult(
        scenario=sc,
        baseline=baseline,
        snapshot=new,
        table=table,
        changes=changes,
        states=states,
        blocs=blocs,
        n=n,
        seed=seed,
    )


def write_outputs(
    result: ScenarioResult, out: str | Path, *, report: bool = True, window: int | None = None
) -> Path:
    """Save a result in folder ``out``: ``results.csv``, ``changes.csv``, ``states.csv``,
    ``blocs.csv``, ``scenario.toml`` (the file as run) and ``report.html``.

    Everything is written to a temporary folder beside ``out`` and moved into place only
    when all files are complete, so a failure leaves ``out`` as it was.

    Parameters
    ----------
    report : bool
        Also write the HTML report (:mod:`alliancelab.reports.case_study`).
    window : int, optional
        Years either side of the base year for the report's indicators over time
        (default the scenario's ``[run] window``, 5).
    """
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}.tmp-", dir=out.parent))
    tmp.chmod(0o755)
    try:
        result.table.to_csv(tmp / "results.csv", index=False)
        result.changes.to_csv(tmp / "changes.csv", index=False)
        result.states.to_csv(tmp / "states.csv", index=False)
        blocs = result.blocs.copy()
        for col in ("members", "names", "missing"):
            blocs[col] = blocs[col].map(lambda t: " ".join(str(x) for x in t))
        blocs.to_csv(tmp / "blocs.csv", index=False)
        if result.scenario.text is not None:
            (tmp / "scenario.toml").write_text(result.scenario.text, encoding="utf-8")
        if report:
            from .reports.case_study import build_report, render_html

            rep = build_report(result, window=window)
            (tmp / "report.html").write_text(render_html(rep), encoding="utf-8")
        if not out.exists():
            tmp.rename(out)
        else:
            if not out.is_dir():
                raise ScenarioError(f"output path {out} exists and is not a folder")
            for f in sorted(tmp.iterdir()):
                f.replace(out / f.name)
    finally:
        if tmp.exists():
            shutil.rmtree(tmp, ignore_errors=True)
    return out


def _atomic_csv(frame: pd.DataFrame, path: str | Path) -> Path:
    """Write a CSV file via a temporary file in the same folder (never half-written)."""
    out = Path(path)
    out.parent.mkdir(parents=True, exist_ok=True)
    fd, name = tempfile.mkstemp(prefix=f".{out.name}.", suffix=".tmp", dir=out.parent)
    tmp = Path(name)
    try:
        with open(fd, "w", encoding="utf-8", newline="") as fh:
            frame.to_csv(fh, index=False)
        tmp.replace(out)
    finally:
        if tmp.exists():
            tmp.unlink()
    return out
