"""ATOP 5.1 member-level conditions: against whom, and when, an obligation applies.

The one place that interprets the condition fields of the ATOP 5.1 member file
(``atop5_1m.csv``; Leeds, Ritter, Mitchell & Long 2002, "Alliance Treaty Obligations and
Provisions, 1815-1944", *International Interactions* 28: 237-260; ATOP codebook v5.1).
The snapshot (:mod:`alliancelab.snapshot`) and the panel verbs that need "does this
member's obligation apply against that state?" both call it, so the rule is written once.

Columns read (member level, one row per member and phase; 0/1 unless noted)
-------------------------------------------------------------------------
* ``defcoadv``, ``offcoadv``, ``neucoadv`` - the defence / offence / neutrality obligation
  is conditional on a *specific adversary*.
* ``statthr1``, ``statthr2`` - COW codes of the states the treaty names as a threat
  (0 or missing: none). ``specthrt`` (whether and what kind of threat is named) is not
  needed: a named state is in ``statthr1``/``statthr2``.
* ``defconpr``, ``neuconpr`` - conditional on the partner not provoking the conflict.
* ``defcoloc``, ``offcoloc``, ``neucoloc`` - conditional on the location of the conflict.
* ``defcocon``, ``offcocon``, ``neucocon`` - conditional on a specific conflict.
* ``defconum``, ``offconum``, ``neuconum`` - conditional on the number of adversaries.
* ``defcodem``, ``offcodem``, ``neucodem`` - conditional on non-compliance with a demand.

The rule (:func:`member_conditions`)
-----------------------------------
* **Specific adversary.** When ``<type>coadv`` is 1 and the row names at least one state
  (``statthr1``/``statthr2`` non-zero), the obligation of that type applies only against
  the named states: ``<type>_against`` is the frozenset of their COW codes. Otherwise
  (no adversary condition, or the condition is coded but no state is named, e.g. the
  Franco-Russian convention ATOP 1385) it is ``None``: against any adversary, since the
  condition cannot be evaluated from the file.
* **Non-provocation** (``defconpr``, ``neuconpr``): kept as a flag; the escalation model
  reads it as "the obligation does not apply to an ally that started the crisis".
* **Location, specific conflict, number of adversaries, demand**: kept as flags. The
  defence location flag (``defense_location``, from ``defcoloc``) is evaluated by
  :meth:`alliancelab.snapshot.TieConditions.defense_applies`: a crisis is fought on the
  target's territory, so the pledge applies only to the target. The others (offence and
  neutrality location, conflict, number, demand) are not: nothing in the toolkit knows a
  crisis's demands or the place of an offensive war, so consumers assume they hold.

Phases of one member in force together are combined by :func:`combine_conditions`: an
obligation limited in one phase and unlimited in another is unlimited (the union of
what the member promises), adversary sets are united, a flag holds only if it holds in
every phase that carries the obligation.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd

__all__ = [
    "CONDITIONED",
    "CONDITION_COLUMNS",
    "applies_against",
    "combine_conditions",
    "member_conditions",
]

#: Obligation types with member-level conditions in ATOP 5.1 -> their column prefix.
CONDITIONED = {"defense": "defco", "offense": "offco", "neutral": "neuco"}
#: Condition kinds -> column suffix (``defco`` + ``loc`` = ``defcoloc``; non-provocation
#: is ``defconpr`` / ``neuconpr``, which have no offence counterpart).
_FLAGS = {"location": "loc", "conflict": "con", "number": "num", "demand": "dem"}
#: Every ATOP 5.1 member column :func:`member_conditions` reads (missing ones count as 0).
CONDITION_COLUMNS = (
    "statthr1",
    "statthr2",
    *(p + "adv" for p in CONDITIONED.values()),
    "defconpr",
    "neuconpr",
    *(p + s for p in CONDITIONED.values() for s in _FLAGS.values()),
)


def _flag(members: pd.DataFrame, col: str) -> np.ndarray:
    if col not in members.columns:
        return np.zeros(len(members), dtype=bool)
    return pd.to_numeric(members[col], errors="coerce").fillna(0).to_numpy() > 0


def _named(members: pd.DataFrame) -> list[frozenset[int]]:
    cols = [c for c in ("statthr1", "statthr2") if c in members.columns]
    if not cols:
        return [frozenset()] * len(members)
    vals = np.stack(
        [pd.to_numeric(members[c], errors="coerce").fillna(0).to_numpy() for c in cols], axis=1
    ).astype(np.int64)
    return [frozenset(int(v) for v in row if v > 0) for row in vals.tolist()]


def member_conditions(members: pd.DataFrame) -> pd.DataFrame:
    """The conditions of each ATOP member row, interpreted (rule in the module docstring).

    Parameters
    ----------
    members : DataFrame
        Rows of the ATOP 5.1 member file (the store's ``atop`` ``members`` table keeps every
        official column); columns of :data:`CONDITION_COLUMNS` that are absent count as 0.

    Returns
    -------
    DataFrame
        Same index and row order. ``defense_against``, ``offense_against``,
        ``neutral_against``: frozenset of COW codes, or None for any adversary;
        booleans ``defense_nonprovocation``, ``neutral_nonprovocation`` and
        ``<type>_<kind>`` for kind in location, conflict, number, demand.

    Examples
    --------
    The Dual Alliance (ATOP 1335: defence against Russia) and the Serbian-Bulgarian
    treaty (ATOP 1480: offence against Turkey and Austria-Hungary, defence unconditional):

    >>> m = pd.DataFrame({"defcoadv": [1, 0], "offcoadv": [0, 1], "defconpr": [0, 0],
    ...                   "statthr1": [365, 640], "statthr2": [0, 300]})
    >>> c = member_conditions(m)
    >>> c["defense_against"].tolist(), sorted(c["offense_against"][1])
    ([frozenset({365}), None], [300, 640])
    """
    named = _named(members)
    out: dict[str, object] = {}
    for kind, prefix in CONDITIONED.items():
        adv = _flag(members, prefix + "adv")
        out[f"{kind}_against"] = [
            s if a and s else None for a, s in zip(adv.tolist(), named, strict=True)
        ]
    out["defense_nonprovocation"] = _flag(members, "defconpr")
    out["neutral_nonprovocation"] = _flag(members, "neuconpr")
    for kind, prefix in CONDITIONED.items():
        for flag, suffix in _FLAGS.items():
            out[f"{kind}_{flag}"] = _flag(members, prefix + suffix)
    return pd.DataFrame(out, index=members.index)


def combine_conditions(
    against: Iterable[frozenset[int] | None], holds: Iterable[bool]
) -> tuple[frozenset[int] | None, bool]:
    """Combine the conditions of several phases of one member's obligation.

    ``against`` gives each phase's adversary set (None: any), ``holds`` each phase's flag
    (e.g. non-provocation). The obligation is unlimited when any phase is, else limited
    to the union of the sets; the flag holds only when it holds in every phase.

    Examples
    --------
    >>> combine_conditions([frozenset({365}), frozenset({220})], [True, False])
    (frozenset({220, 365}), False)
    >>> combine_conditions([frozenset({365}), None], [True, True])
    (None, True)
    """
    sets = list(against)
    flags = list(holds)
    if not sets:
        return None, False
    if any(s is None for s in sets):
        union: frozenset[int] | None = None
    else:
        union = frozenset().union(*[s for s in sets if s is not None])
    return union, bool(flags) and all(flags)


def applies_against(against: frozenset[int] | None, adversaries: Iterable[int]) -> bool:
    """Whether an obligation limited to ``against`` applies when ``adversaries`` fight.

    True when the obligation is unlimited (``None``) or one of ``adversaries`` (e.g. the
    challenger, for a defence obligation owed to the target) is a named adversary.

    Examples
    --------
    >>> applies_against(frozenset({365}), [300]), applies_against(None, [300])
    (False, True)
    >>> applies_against(frozenset({365}), [365, 220])
    True
    """
    if against is None:
        return True
    return any(int(a) in against for a in adversaries)
