"""Scenario edits: :class:`Edit`, :func:`parse_edit`, :func:`apply`, :func:`describe_edits`.

An edit changes one thing in a :class:`~alliancelab.snapshot.Snapshot`: a state joins or
leaves an alliance, an alliance is dissolved or created, a capability changes, a rivalry
begins or ends. Alliance data are the reference data (ATOP v5.1 obligations, COW State
System Membership v2016 extended to 2024); :func:`apply` returns a new snapshot and never
changes its input.

Errors about one key of an edit are raised as the builtin-compatible alliancelab errors
(``ValueError``, :class:`~alliancelab.errors.UnknownStateError`, ...). Inside the package
they travel wrapped in :class:`_Keyed`, which names the key and the edit number as
explicit fields, so that :mod:`.files` and :mod:`.run` can turn them into a
:class:`~alliancelab.errors.ScenarioError` naming the file, line and key.
"""

from __future__ import annotations

import difflib
import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import pandas as pd

from ..codes import resolve_state
from ..errors import UnknownStateError
from ..reference import DOMAINS, OBLIGATIONS
from ..snapshot import Snapshot
from ._keyed import _CAUGHT, _Keyed, _label, _split
from ._work import _apply_one, _rebuild, _Work

__all__ = ["EDIT_TYPES", "Edit", "apply", "describe_edits", "parse_edit"]

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

    def __post_init__(self) -> None:  # an Edit built directly gets the file's ranges too
        try:
            if self.scale is not None:
                _number(self.scale, "scale", maximum=SCALE_MAX)
            if self.value is not None:
                _number(self.value, "set", maximum=SET_MAX)
        except _Keyed as exc:
            raise exc.error from None


def _obligations(value: object, key: str) -> tuple[str, ...]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list | tuple) or not value:
        raise _Keyed(ValueError(f"{key} must be a non-empty list of {list(OBLIGATIONS)}"), key)
    out = []
    for v in value:
        if v not in OBLIGATIONS:
            hint = difflib.get_close_matches(str(v), OBLIGATIONS, n=1)
            raise _Keyed(
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
        raise _Keyed(exc, key) from None


#: The largest capability ``scale`` and ``set`` of a capability edit: a thousandfold change,
#: and an index value far above any CINC share (at most 1; Singer, Bremer & Stuckey 1972).
SCALE_MAX = 1_000.0
SET_MAX = 1_000_000.0


def _number(value: object, key: str, *, minimum: float = 0.0, maximum: float) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise _Keyed(ValueError(f"{key} must be a number, got {value!r}"), key)
    v = float(value)
    if not math.isfinite(v) or v < minimum or v > maximum:
        raise _Keyed(
            ValueError(f"{key} must be a finite number in [{minimum:g}, {maximum:g}], got {v}"),
            key,
        )
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
    try:
        return _parse_edit(spec)
    except _Keyed as exc:
        raise exc.error from None


def _parse_edit(spec: Mapping[str, Any] | Edit) -> Edit:
    """:func:`parse_edit`, with errors about a key raised as :class:`_Keyed`."""
    if isinstance(spec, Edit):
        return spec
    if not isinstance(spec, Mapping):
        raise TypeError(f"an edit is a mapping with a 'type' key, got {spec!r}")
    kind = spec.get("type")
    if kind not in EDIT_TYPES:
        hint = difflib.get_close_matches(str(kind), EDIT_TYPES, n=1)
        raise _Keyed(
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
            raise _Keyed(ValueError(f"{kind} edit lacks key {key!r}"), "type")
    for key in spec:
        if key not in required | optional | {"type", "why"}:
            allowed = sorted(required | optional | {"type", "why"})
            raise _Keyed(
                ValueError(f"key {key!r} does not belong in a {kind} edit; use {allowed}"), key
            )
    why = spec.get("why", "")
    if not isinstance(why, str):
        raise _Keyed(ValueError("why must be a string"), "why")
    if kind in ("join", "leave"):
        alliance = spec["alliance"]
        if not isinstance(alliance, str) or not alliance:
            raise _Keyed(ValueError("alliance must be an alliance id such as 'nato'"), "alliance")
        obl = _obligations(spec["obligations"], "obligations") if "obligations" in spec else None
        return Edit(
            kind, state=_state_key(spec["state"], "state"), alliance=alliance, obligations=obl,
            why=why,
        )  # fmt: skip
    if kind == "dissolve":
        alliance = spec["alliance"]
        if not isinstance(alliance, str) or not alliance:
            raise _Keyed(ValueError("alliance must be an alliance id such as 'nato'"), "alliance")
        return Edit(kind, alliance=alliance, why=why)
    if kind == "create":
        aid = spec["id"]
        if not isinstance(aid, str) or not re.fullmatch(r"[a-z][a-z0-9_]*", aid):
            raise _Keyed(
                ValueError(f"id must be a lowercase identifier like 'nordic_pact', got {aid!r}"),
                "id",
            )
        members = spec["members"]
        if not isinstance(members, list) or len(members) < 2:
            raise _Keyed(ValueError("members must list at least two states"), "members")
        codes = [_state_key(m, "members") for m in members]
        dup = sorted({c for c in codes if codes.count(c) > 1})
        if dup:
            raise _Keyed(
                ValueError(f"duplicate member {', '.join(_label(c) for c in dup)} in members"),
                "members",
            )
        obl = _obligations(spec.get("obligations", ["defense"]), "obligations")
        owed: list[tuple[int, tuple[str, ...]]] = []
        raw_owed = spec.get("owed", {})
        if not isinstance(raw_owed, Mapping):
            raise _Keyed(ValueError("owed must be a table: member = [obligations]"), "owed")
        for k, v in raw_owed.items():
            c = _state_key(k, "owed")
            if c not in codes:
                raise _Keyed(ValueError(f"owed names {_label(c)}, who is not a member"), "owed")
            owed.append((c, _obligations(v, "owed")))
        domain = spec.get("domain", "conventional")
        if domain not in DOMAINS:
            raise _Keyed(
                ValueError(f"domain must be one of {list(DOMAINS)}, got {domain!r}"), "domain"
            )
        name = spec.get("name", aid)
        if not isinstance(name, str):
            raise _Keyed(ValueError("name must be a string"), "name")
        return Edit(
            kind, alliance=aid, states=tuple(codes), obligations=obl, owed=tuple(owed),
            name=name, domain=domain, why=why,
        )  # fmt: skip
    if kind == "capability":
        has = [k for k in ("scale", "set") if k in spec]
        if len(has) != 1:
            raise _Keyed(ValueError("a capability edit needs exactly one of scale or set"), "state")
        state = _state_key(spec["state"], "state")
        if "scale" in spec:
            scale = _number(spec["scale"], "scale", maximum=SCALE_MAX)
            return Edit(kind, state=state, scale=scale, why=why)
        return Edit(kind, state=state, value=_number(spec["set"], "set", maximum=SET_MAX), why=why)
    # rivalry
    action = spec["action"]
    if action not in ("begin", "end"):
        raise _Keyed(ValueError(f"action must be 'begin' or 'end', got {action!r}"), "action")
    pair = spec["states"]
    if not isinstance(pair, list) or len(pair) != 2:
        raise _Keyed(ValueError("states must list the two rivals"), "states")
    a, b = (_state_key(x, "states") for x in pair)
    if a == b:
        raise _Keyed(ValueError(f"a state cannot be its own rival: {_label(a)}"), "states")
    return Edit(kind, states=(a, b), action=str(action), why=why)


def _apply(
    snapshot: Snapshot, edits: Iterable[Mapping[str, Any] | Edit], data: str = "reference"
) -> tuple[Snapshot, list[dict[str, object]]]:
    """The edited snapshot and the log of edits (``edit, type, description, why``)."""
    try:
        return _edited(snapshot, edits, data)
    except _Keyed as exc:
        raise exc.error from None


def _edited(
    snapshot: Snapshot,
    edits: Iterable[Mapping[str, Any] | Edit],
    data: str = "reference",
    store: object | None = None,
) -> tuple[Snapshot, list[dict[str, object]]]:
    """:func:`_apply`, with errors raised as :class:`_Keyed` carrying the edit number;
    states the edits bring in come from ``data`` (and ``store``, for ``data="store"``)."""
    if not isinstance(snapshot, Snapshot):
        raise TypeError("snapshot must be an alliancelab Snapshot")
    w = _Work.of(snapshot, data, store)
    log: list[dict[str, object]] = []
    for k, spec in enumerate(edits, start=1):
        try:
            e = _parse_edit(spec)
            text = _apply_one(w, e, k)
        except _CAUGHT as exc:
            error, key, _ = _split(exc)
            raise _Keyed(error, key, edit=k) from None  # type: ignore[arg-type]
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


def _with_states(
    snapshot: Snapshot, codes: Iterable[int], data: str, store: object | None = None
) -> Snapshot:
    """``snapshot`` with the states ``codes`` added as outside states (no new ties), read
    from ``data`` (and ``store``, for ``data="store"``).

    Errors about a state are raised as :class:`_Keyed` (key ``state``).
    """
    w = _Work.of(snapshot, data, store)
    missing = [c for c in codes if c not in w.names]
    if not missing:
        return snapshot
    for c in missing:
        w.ensure_state(c, "state")
    return _rebuild(snapshot, w)
