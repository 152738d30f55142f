"""Escalation through alliance chains: collective defence, chain-ganging and deterrence.

A crisis starts with a challenger attacking a target. States that owe a belligerent an
obligation are called in, honour it with a probability by obligation type (and era), and
when they join they call in their own allies: the cascade of 1914 (Christensen & Snyder
1990). Neutrality and non-aggression pledges, when kept, keep a state out of a war against
the state it pledged to. An optional deterrence step lets the challenger back down when the
coalition declared against it outweighs its own.

Rules of the cascade (one simulated crisis)
-------------------------------------------
* Sides: side 0 is the challenger's, side 1 the target's. The target is attacked, so
  every state owing a member of side 1 ``defense`` is called to side 1. States owing a
  member of side 0 ``offense`` are called to side 0. Once a third state has entered on the
  target's side the challenger's coalition is itself attacked, and states owing a member
  of side 0 ``defense`` are called to side 0 as well (Germany behind Austria-Hungary in
  1914).
* Each state decides once per crisis and per obligation type whether it honours that
  type of commitment: honoured with probability ``honour[type]``. A state called by
  several allies of one type therefore decides once.
* A pledge (``neutrality`` or ``nonaggression``) that state i gave to a belligerent j is
  kept with probability ``honour[type]``; a kept pledge stops i from joining the side
  opposing j.
* A state called to both sides in the same round stays out for the rest of the crisis
  (cross-pressure, Italy in 1914). ``consultation`` obligations call nobody in.
* Rounds are synchronous: decisions in a round see the coalitions as they stood at its
  start. The cascade stops when a round adds nobody.
* **Conditions** (a snapshot's :attr:`~alliancelab.snapshot.Snapshot.tie_conditions`:
  ATOP 5.1 member-level conditions, read once by
  :func:`alliancelab.store.atop_conditions.member_conditions`, or the reference data's
  ``against`` column):

  - *specific adversary* (ATOP ``defcoadv``/``offcoadv`` with the states of
    ``statthr1``/``statthr2``): a defence obligation owed to a belligerent applies only
    once one of its named adversaries is on the opposing side (for the target's allies:
    the challenger or a state that joined it); an offence obligation owed to a member of
    the challenger's side applies only once a named adversary is on the target's side.
  - *non-provocation* (``defconpr``): a defence obligation owed to the challenger never
    applies, since the challenger started the crisis; owed to any other state it is
    assumed to hold.
  - *location* of a defence obligation (``defcoloc`` = 1; ATOP codebook v5.1: defence
    conditional on the location of the conflict, e.g. NATO's Article 6 treaty area, the
    Rio Treaty's, SEATO's): a crisis is fought on the target's territory, so such an
    obligation applies only when owed to the target (attacked at home); owed to the
    challenger or to any state that joins either side it does not apply, since they fight
    on another state's territory. Leeds, Long & Mitchell (2000) and Berkemeier &
    Fuhrmann (2018) likewise count a commitment only where its casus foederis, location
    included, arose. Without it, Israel attacking Egypt on 29 October 1956 would call
    the UK and France in (the Sevres offence pact), then NATO, the Rio Treaty and SEATO
    to their side. The rule is :meth:`~alliancelab.snapshot.TieConditions.defense_applies`
    (one place, shared with the war-joining data).
  - *offence location, specific conflict, number of adversaries, demand* (``offcoloc``,
    ``defcocon``, ``defconum``, ``defcodem`` and their offence counterparts): the model
    knows no crisis demand or the place of an offensive war, so these are assumed to
    hold.
  - *aimed against*: a state never joins the side of a state that one of its defence or
    offence obligations names as adversary (a state pledged to defend against X never
    fights on X's side), whichever ally calls it.
  - *pledged to both sides*: a state called to both sides in the same round stays out
    (the cross-pressure rule above; Italy in 1914 declared neutrality, holding Triple
    Alliance obligations it judged defensive only, and the Entente's offers).

  A pair of states keeps an obligation type when any tie of that pair and type applies
  without condition (a parallel unconditional pact). A tie with no condition
  (hypothetical systems, scenario edits, the reference data's ties, which carry no
  location condition) is unconditional, so results for them are exactly those of the
  unconditioned cascade.
* Deterrence (``deterrence_threshold`` set): after the first round (the target's and the
  challenger's direct allies have declared) the challenger backs down when the
  capability of the target's coalition exceeds ``deterrence_threshold`` times its own
  (immediate extended deterrence; Huth 1988). A deterred crisis has no war:
  ``n_states`` is 0.

Default honour rates (``honour=None``, or ``"fitted"``) are the war-joining fit's, by
era (:func:`~._honour.fitted_honour`: defence and offence fitted on the COW inter-state
wars dated by day, pledge-keeping Berkemeier & Fuhrmann's); ``honour="bf2018"`` gives
Berkemeier & Fuhrmann's (2018) rates for every type (:func:`~._honour.bf2018_honour`).
:mod:`alliancelab.models._honour` says why the two differ.

References
----------
Berkemeier, Molly & Matthew Fuhrmann. 2018. "Reassessing the Fulfillment of Alliance
Commitments in War." *Research & Politics* 5(2).
Leeds, Brett Ashley, Andrew G. Long & Sara McLaughlin Mitchell. 2000. "Reevaluating
Alliance Reliability." *Journal of Conflict Resolution* 44(5): 686-699 (74.5% honoured).
Leeds, Brett Ashley et al. *Alliance Treaty Obligations and Provisions (ATOP) Codebook*,
version 5.1 (``defcoloc``: defence conditional on the location of the conflict).
Christensen, Thomas J. & Jack Snyder. 1990. "Chain Gangs and Passed Bucks."
*International Organization* 44(2): 137-168.
Huth, Paul K. 1988. *Extended Deterrence and the Prevention of War*. Yale.
Leeds, Brett Ashley. 2003. "Do Alliances Deter Aggression?" *AJPS* 47(3): 427-439.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from ..errors import ParameterError
from ..reference import OBLIGATIONS
from ..snapshot import UNCONDITIONAL, Snapshot
from ._contract import Estimate, Model, mean, number, positive_int, probability, proportion
from ._escalation_kernel import _kernel, _masks
from ._honour import (
    BF2018_COUNTS,
    DEFAULT_SOURCE,
    HONOUR_POST_1945,
    HONOUR_PRE_1945,
    TYPES,
    bf2018_honour,
    default_honour,
    fitted_honour,
)
from ._rng import make_rng

__all__ = [
    "BF2018_COUNTS",
    "DEFAULT_SOURCE",
    "HONOUR_POST_1945",
    "HONOUR_PRE_1945",
    "MODEL",
    "EscalationResult",
    "Params",
    "bf2018_honour",
    "default_honour",
    "fitted_honour",
    "simulate",
]

#: Largest deterrence threshold (opposing / own coalition capability) a run accepts.
MAX_THRESHOLD = 1e6
_TYPES = TYPES
_NAMED = {"fitted": fitted_honour, "bf2018": bf2018_honour}


@dataclass(frozen=True)
class Params:
    """Parameters of the escalation cascade (validated on creation).

    Parameters
    ----------
    honour : float, mapping or None
        Probability that a state honours a commitment (or keeps a pledge): one number for
        every type, or a mapping by type (``defense``, ``offense``, ``neutrality``,
        ``nonaggression``; missing types take the era default). ``None`` or
        ``"fitted"``: the war-joining fit's rates for the snapshot's era
        (:func:`fitted_honour`); ``"bf2018"``: Berkemeier & Fuhrmann's (2018)
        (:func:`bf2018_honour`).
    deterrence_threshold : float or None
        The challenger backs down when the declared opposing coalition's capability
        exceeds this multiple of its own coalition's; ``None`` disables deterrence.
    regional_share : float
        A war is region-wide when the belligerents hold at least this share of the
        snapshot's capability.

    Examples
    --------
    >>> Params(honour=0.745).rates(1914)["nonaggression"]
    0.745
    >>> Params(honour={"defense": 2.0})
    Traceback (most recent call last):
    ...
    alliancelab.errors.ParameterError: honour['defense'] must be a probability in [0, 1], got 2.0
    >>> Params(deterrence_threshold=float("inf"))
    Traceback (most recent call last):
    ...
    alliancelab.errors.ParameterError: deterrence_threshold must be a positive finite number \
in (0, 1e+06], got inf
    """

    honour: float | Mapping[str, float] | str | None = None
    deterrence_threshold: float | None = None
    regional_share: float = 0.5

    def __post_init__(self) -> None:
        h = self.honour
        if isinstance(h, Mapping):
            unknown = set(h) - set(_TYPES)
            if unknown:
                raise ParameterError(
                    f"honour has unknown obligation type(s) {sorted(unknown)}; use {_TYPES}"
                )
            object.__setattr__(
                self, "honour", {k: probability(v, f"honour[{k!r}]") for k, v in h.items()}
            )
        elif isinstance(h, str):
            if h not in _NAMED:
                raise ParameterError(f"honour {h!r}: use a probability, a mapping, "
                                     f"{' or '.join(map(repr, _NAMED))}")  # fmt: skip
        elif h is not None:
            object.__setattr__(self, "honour", probability(h, "honour"))
        t = self.deterrence_threshold
        if t is not None:
            t = number(t, "deterrence_threshold", maximum=MAX_THRESHOLD, above=True)
            object.__setattr__(self, "deterrence_threshold", t)
        share = number(self.regional_share, "regional_share", maximum=1.0, above=True)
        object.__setattr__(self, "regional_share", share)

    def rates(self, year: int) -> dict[str, float]:
        """Honour probability by type for a crisis in ``year``."""
        if isinstance(self.honour, str):
            return _NAMED[self.honour](year)
        base = default_honour(year)
        if isinstance(self.honour, Mapping):
            base.update({k: float(v) for k, v in self.honour.items()})
        elif self.honour is not None:
            base = dict.fromkeys(_TYPES, float(self.honour))
        return base


@dataclass(frozen=True)
class EscalationResult:
    """What :func:`simulate` returns.

    Attributes
    ----------
    states : DataFrame
        One row per state: ``ccode, name, p_join`` (share of crises in which it fought),
        ``p_challenger_side``, ``p_target_side``.
    wars : DataFrame
        One row per simulated crisis: ``n_states`` (belligerents, 0 when deterred),
        ``capability_share`` (their share of the snapshot's capability), ``deterred``.
    params : Params
    rates : dict
        The honour probabilities used.
    """

    states: pd.DataFrame
    wars: pd.DataFrame
    params: Params
    rates: dict[str, float] = field(default_factory=dict)

    @property
    def p_deterred(self) -> float:
        """Share of crises in which the challenger backed down."""
        return float(self.wars["deterred"].mean())

    @property
    def p_war(self) -> float:
        """Share of crises that became wars (not deterred)."""
        return 1.0 - self.p_deterred

    @property
    def p_regional_war(self) -> float:
        """Share of crises whose belligerents hold >= ``regional_share`` of capability."""
        return float((self.wars["capability_share"] >= self.params.regional_share).mean())

    @property
    def mean_states(self) -> float:
        """Mean number of belligerents over the crises that became wars."""
        w = self.wars.loc[~self.wars["deterred"], "n_states"]
        return float(w.mean()) if len(w) else 0.0

    def summary(self) -> dict[str, float]:
        """The headline figures as a dict (used by ``run_sweep`` and the CLI)."""
        return {
            "p_war": self.p_war,
            "p_deterred": self.p_deterred,
            "p_regional_war": self.p_regional_war,
            "mean_states": self.mean_states,
            "mean_capability_share": float(self.wars["capability_share"].mean()),
        }


def simulate(
    snapshot: Snapshot,
    challenger: int,
    target: int,
    params: Params | None = None,
    n: int = 10_000,
    seed: int | np.random.SeedSequence | None = None,
    *,
    rng: np.random.Generator | None = None,
) -> EscalationResult:
    """Simulate ``n`` crises in which ``challenger`` attacks ``target`` (rules above).

    Parameters
    ----------
    snapshot : Snapshot
        The alliance system (any number of states).
    challenger, target : int
        COW codes of states in the snapshot.
    params : Params, optional
    n : int
        Number of simulated crises.
    seed : int or SeedSequence, optional
        Builds the generator (``numpy.random.default_rng(seed)``); or pass ``rng``.
    rng : numpy.random.Generator, optional
        The only source of randomness; the same seed gives an identical result.

    Returns
    -------
    EscalationResult
        ``.states`` (``ccode, name, p_join, p_challenger_side, p_target_side``) and
        ``.wars`` (``n_states, capability_share, deterred``), with ``p_war``,
        ``p_deterred``, ``p_regional_war`` and ``mean_states``.

    Examples
    --------
    A chain 3 -> 2 -> 1 of defence commitments behind target 1 (challenger 9): with
    honour 1 everyone in the chain fights, so every war has four states.

    >>> from alliancelab import snapshot_from_ties
    >>> s = snapshot_from_ties(
    ...     1900, {1: 1.0, 2: 1.0, 3: 1.0, 9: 1.0}, [(2, 1, "defense"), (3, 2, "defense")]
    ... )
    >>> r = simulate(s, 9, 1, Params(honour=1.0), n=100, seed=1)
    >>> r.wars["n_states"].unique().tolist(), r.states["p_join"].tolist()
    ([4], [1.0, 1.0, 1.0, 1.0])
    >>> round(simulate(s, 9, 1, Params(honour=0.6), n=20_000, seed=1).mean_states, 1)
    3.0
    """
    params = params or Params()
    if not isinstance(params, Params):
        raise TypeError("params must be an escalation.Params")
    n = positive_int(n, "n", cap="draws")
    gen = make_rng(seed, rng)
    ci, ti = snapshot.index(challenger), snapshot.index(target)
    if ci == ti:
        raise ParameterError("challenger and target must be different states")
    rates = params.rates(snapshot.year)
    nn = snapshot.n
    w = max(1, (nn + 63) // 64)
    ob = snapshot.obligations
    k = {name: OBLIGATIONS.index(name) for name in _TYPES}
    # owers[j] = states that owe j the obligation (transpose of obligations[i, j])
    conds = _conditional(snapshot, ci, ti)
    owers_def = _masks((ob[:, :, k["defense"]] & ~conds.drop_def).T, nn, w)
    owers_off = _masks((ob[:, :, k["offense"]] & ~conds.drop_off).T, nn, w)
    pledge_neu = _masks(ob[:, :, k["neutrality"]], nn, w)
    pledge_na = _masks(ob[:, :, k["nonaggression"]], nn, w)
    cap = np.nan_to_num(np.asarray(snapshot.capability, dtype=float), nan=0.0)
    thr = float(params.deterrence_threshold or 0.0)
    n_states = np.zeros(int(n), dtype=np.int64)
    cap_war = np.zeros(int(n), dtype=np.float64)
    deterred = np.zeros(int(n), dtype=np.bool_)
    joined = np.zeros((nn, 2), dtype=np.int64)
    _kernel()(
        gen,
        int(n),
        ci,
        ti,
        owers_def,
        owers_off,
        conds.def_ties,
        _masks(conds.def_against, len(conds.def_ties), w),
        conds.off_ties,
        _masks(conds.off_against, len(conds.off_ties), w),
        _masks(conds.aimed, nn, w),
        pledge_neu,
        pledge_na,
        rates["defense"],
        rates["offense"],
        rates["neutrality"],
        rates["nonaggression"],
        cap,
        thr,
        n_states,
        cap_war,
        deterred,
        joined,
    )
    total = cap.sum()
    states = pd.DataFrame(
        {
            "ccode": list(snapshot.ccodes),
            "name": list(snapshot.names),
            "p_join": joined.sum(axis=1) / n,
            "p_challenger_side": joined[:, 0] / n,
            "p_target_side": joined[:, 1] / n,
        }
    )
    wars = pd.DataFrame(
        {
            "n_states": n_states,
            "capability_share": cap_war / total if total > 0 else np.zeros(int(n)),
            "deterred": deterred,
        }
    )
    return EscalationResult(states=states, wars=wars, params=params, rates=rates)


@dataclass(frozen=True)
class _Conditional:
    """A snapshot's conditional ties in the cascade's terms (see the module rules).

    ``drop_def``/``drop_off`` (n, n): pairs removed from the unconditional owers (every
    tie of that pair and type is conditional or cannot apply); ``def_ties``/``off_ties``
    (q, 2) from, to of the conditional ties that may apply, with ``def_against``/
    ``off_against`` (q, n) their named adversaries; ``aimed`` (n, n): i never joins j's
    side.
    """

    drop_def: np.ndarray
    drop_off: np.ndarray
    def_ties: np.ndarray
    def_against: np.ndarray
    off_ties: np.ndarray
    off_against: np.ndarray
    aimed: np.ndarray


def _conditional(snapshot: Snapshot, challenger: int, target: int) -> _Conditional:
    """The conditional ties of ``snapshot`` for a crisis in which index ``challenger``
    attacks index ``target``.

    A defence obligation of tie (i, j) that cannot apply in this crisis
    (:meth:`~alliancelab.snapshot.TieConditions.defense_applies`: non-provocation with j
    the challenger, location with j not the target) is dropped; so is one limited to
    named adversaries, which is kept as a conditional tie instead. A pair keeps its
    obligation when any tie of the same pair and type applies unconditionally.
    """
    nn = snapshot.n
    drop = {t: np.zeros((nn, nn), dtype=bool) for t in ("defense", "offense")}
    keep = {t: np.zeros((nn, nn), dtype=bool) for t in ("defense", "offense")}
    ties: dict[str, list[tuple[int, int, frozenset[int]]]] = {"defense": [], "offense": []}
    aimed = np.zeros((nn, nn), dtype=bool)
    pos = {c: i for i, c in enumerate(snapshot.ccodes)}
    obl = snapshot.tie_obligations
    doms = np.array([*snapshot.alliance_domains, "conventional"])
    mil = np.isin(doms[snapshot.tie_alliance], ("conventional", "nuclear"))
    bare = np.array([c is UNCONDITIONAL or c == UNCONDITIONAL for c in snapshot.tie_conditions],
                    dtype=bool).reshape(-1)  # fmt: skip
    for kind in keep:  # an unconditional tie keeps its pair whatever the parallel ties say
        sel = bare & mil[: len(bare)] & obl[: len(bare), OBLIGATIONS.index(kind)]
        keep[kind][snapshot.tie_from[: len(bare)][sel], snapshot.tie_to[: len(bare)][sel]] = True
    for t, c in enumerate(snapshot.tie_conditions):
        if bare[t] or not mil[t]:
            continue
        i, j = int(snapshot.tie_from[t]), int(snapshot.tie_to[t])
        for kind, against in (("defense", c.defense_against), ("offense", c.offense_against)):
            if not obl[t, OBLIGATIONS.index(kind)]:
                continue
            named = frozenset(pos[a] for a in (against or ()) if a in pos)
            if against is not None:
                aimed[i, list(named)] = True
            if kind == "defense" and not c.defense_applies(
                attacked_at_home=j == target, provoked=j == challenger
            ):
                drop[kind][i, j] = True  # void in this crisis: never a conditional tie
            elif against is None:
                keep[kind][i, j] = True
            else:
                drop[kind][i, j] = True
                if named:
                    ties[kind].append((i, j, named))
    out: dict[str, tuple[np.ndarray, np.ndarray]] = {}
    for kind, rows in ties.items():
        rows = [r for r in rows if not keep[kind][r[0], r[1]]]
        pairs = np.array([(i, j) for i, j, _ in rows], dtype=np.int64).reshape(len(rows), 2)
        mask = np.zeros((len(rows), nn), dtype=bool)
        for q, (_, _, named) in enumerate(rows):
            mask[q, list(named)] = True
        out[kind] = (pairs, mask)
    return _Conditional(
        drop_def=drop["defense"] & ~keep["defense"],
        drop_off=drop["offense"] & ~keep["offense"],
        def_ties=out["defense"][0],
        def_against=out["defense"][1],
        off_ties=out["offense"][0],
        off_against=out["offense"][1],
        aimed=aimed,
    )


# ------------------------------------------------------------------------------ contract


@dataclass(frozen=True)
class Setup:
    """One escalation run: snapshot, challenger, target, :class:`Params`, ``n`` crises;
    ``sweep`` when built from sweep options (then :func:`_summarise` gives ``summary()``)."""

    snapshot: Snapshot
    challenger: int
    target: int
    params: Params
    n: int
    sweep: bool = False


_SWEEP_SNAPSHOTS: dict[tuple[int, str], Snapshot] = {}


def _params_from(
    snapshot: Snapshot | None,
    *,
    challenger: int,
    target: int,
    honour: float | Mapping[str, float] | str | None = None,
    deterrence_threshold: float | None = None,
    regional_share: float = 0.5,
    n: int = 10_000,
    year: int | None = None,
    region: str | None = None,
    systems: Sequence[Snapshot] = (),
) -> Setup:
    if snapshot is not None:
        prm = Params(honour=honour, deterrence_threshold=deterrence_threshold,
                     regional_share=regional_share)  # fmt: skip
        return Setup(snapshot, challenger, target, prm, positive_int(n, "n", cap="draws"))
    if year is None:
        raise ParameterError("escalation needs a snapshot or a year")
    from ..snapshot import snapshot as _snapshot

    if region is not None:  # snapshots of a sweep are built once per process
        key = (int(year), region)
        if key not in _SWEEP_SNAPSHOTS:
            _SWEEP_SNAPSHOTS[key] = _snapshot(int(year), region)
        snap = _SWEEP_SNAPSHOTS[key]
    else:
        snap = _snapshot(int(year))
    prm = Params(honour=honour, deterrence_threshold=deterrence_threshold)
    return Setup(snap, challenger, target, prm, positive_int(n, "n", cap="draws"), sweep=True)


def _simulate(
    setup: Setup,
    seed: int | np.random.SeedSequence | None = None,
    rng: np.random.Generator | None = None,
) -> tuple[Setup, EscalationResult]:
    r = simulate(setup.snapshot, setup.challenger, setup.target, setup.params, n=setup.n,
                 seed=seed, rng=rng)  # fmt: skip
    return setup, r


def _summarise(result: tuple[Setup, EscalationResult]) -> dict[str, Estimate]:
    setup, r = result
    if setup.sweep:
        return {k: Estimate(v) for k, v in r.summary().items()}
    w = r.wars
    war = ~w["deterred"].to_numpy(dtype=bool)
    out = {
        "p_war": proportion(war),
        "p_regional_war": proportion(
            w["capability_share"].to_numpy() >= setup.params.regional_share
        ),
        "mean_states": mean(w["n_states"].to_numpy()[war]),
        "mean_capability_share": mean(w["capability_share"].to_numpy()),
    }
    top = r.states.sort_values("p_join", ascending=False)
    top = top[top["p_join"] > 0].head(6)
    detail = "most likely belligerents: " + ", ".join(
        f"{nm} {pj:.2f}" for nm, pj in zip(top["name"], top["p_join"], strict=True)
    )
    return {k: dataclasses.replace(v, detail=detail) for k, v in out.items()}


def _check_options(options: Mapping[str, Any]) -> None:
    Params(
        honour=options.get("honour"),
        deterrence_threshold=options.get("deterrence_threshold"),
        regional_share=options.get("regional_share", 0.5),
    )


#: The escalation cascade under the model contract (:mod:`alliancelab.models._contract`).
MODEL = Model(
    name="escalation",
    title="crises cascading through alliance obligations (Christensen & Snyder 1990; "
    "honour rates fitted on COW war joining, or Berkemeier & Fuhrmann 2018's)",
    keys=(
        frozenset({"challenger", "target"}),
        frozenset({"honour", "deterrence_threshold", "regional_share"}),
    ),
    outputs={
        "p_war": "share of simulated crises that became wars (not deterred)",
        "p_regional_war": "share of crises whose belligerents hold half the capability",
        "mean_states": "mean number of belligerents in the crises that became wars",
        "mean_capability_share": "mean capability share of the belligerents",
    },
    params_from=_params_from,
    simulate=_simulate,
    summarise=_summarise,
    states=lambda result: result[1].states[["ccode", "p_join"]],
    check=_check_options,
)
