"""Crisis bargaining with private information, alliances and mediation (Fearon 1995).

Two states divide a pie of size 1. A war would give A the whole pie with probability
``p`` and cost A ``c_A`` and B ``c_B``. B makes a take-it-or-leave-it offer ``x`` (A's
share); A accepts when ``x >= p - c_A``. B knows ``c_B`` but only that ``c_A`` is uniform on
``[0, c_bar]``. Maximising ``(1 - x) P(accept) + (1 - p - c_B) P(war)`` with
``y = p - x`` gives ``y* = (c_bar - c_B) / 2``, so

.. math:: x^* = p + (c_B - \\bar c)/2, \\qquad P(war) = \\max\\{0, (\\bar c - c_B)/(2 \\bar c)\\}

(with ``x* >= 0``: when ``p < y*`` B offers nothing and ``P(war) = p / c_bar``).
With p = 0.5, c_B = 0.1, c_bar = 0.3: x* = 0.4 and P(war) = 1/3.

Mediation (Rauchhaus 2006; Kydd 2003) is modelled as information: a mediated crisis
reveals which of ``precision`` equal sub-intervals of ``[0, c_bar]`` holds ``c_A``. B then
bargains against a uniform cost on an interval of width ``w = c_bar / precision``; only the
lowest interval can end in war, so
``P(war | mediated) = max(0, w - c_B) / (2 c_bar)``, which falls to 0 as precision grows.
A crisis is mediated with probability ``mediation``.

Alliances enter through ``p``: :func:`p_from_snapshot` sets ``p`` to A's share of the two
sides' pooled capability (own capability plus that of states owing it defence, weighted
by the probability they honour it; Kim 1991 adds allies' capabilities the same way).

References
----------
Fearon, James D. 1995. "Rationalist Explanations for War." *International Organization*
49(3): 379-414.
Rauchhaus, Robert W. 2006. "Asymmetric Information, Mediation, and Conflict Management."
*World Politics* 58(2): 207-241.
Kydd, Andrew. 2003. "Which Side Are You On? Bias, Credibility, and Mediation." *AJPS*
47(4): 597-611.
Kim, Woosang. 1991. "Alliance Transitions and Great Power War." *AJPS* 35(4): 833-850.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from ..errors import ParameterError
from ..reference import OBLIGATIONS
from ..snapshot import Snapshot
from ._contract import (
    Estimate,
    Model,
    label,
    number,
    positive_int,
    probability,
    proportion,
    seed_value,
    whole,
)
from ._rng import make_rng

__all__ = [
    "MODEL",
    "Params",
    "mediation_effect",
    "optimal_offer",
    "p_from_snapshot",
    "simulate",
    "war_probability",
]


#: Largest mediator precision (equal intervals of A's cost); beyond a few hundred the
#: closed form is indistinguishable from full revelation.
MAX_PRECISION = 10_000


def _check(p: float, c_b: float, c_bar: float) -> None:
    """Fearon's (1995) ranges: p in [0, 1]; costs in units of the disputed good, c_B in
    [0, 1] and c_bar in (0, 1]. Raises ParameterError naming the parameter."""
    probability(p, "p")
    number(c_b, "c_b", maximum=1.0)
    number(c_bar, "c_bar", maximum=1.0, above=True)


def _y_star(p: float, c_b: float, width: float) -> float:
    """B's optimal concession below p against a cost uniform on [0, width]."""
    return min(max(0.0, (width - c_b) / 2.0), p)


def optimal_offer(p: float, c_b: float, c_bar: float) -> float:
    """B's optimal offer to A, ``x* = p + (c_B - c_bar)/2`` (at most p, at least 0).

    Examples
    --------
    >>> round(optimal_offer(0.5, 0.1, 0.3), 10)
    0.4
    """
    _check(p, c_b, c_bar)
    return p - _y_star(p, c_b, c_bar)


def war_probability(p: float, c_b: float, c_bar: float, precision: int = 1) -> float:
    """Fearon's closed-form probability of war, ``(c_bar - c_B) / (2 c_bar)`` when positive.

    ``precision > 1`` gives the probability after a mediator has revealed which of
    ``precision`` equal intervals holds A's cost (module docstring).

    Examples
    --------
    >>> war_probability(0.5, 0.1, 0.3)
    0.3333333333333333
    >>> war_probability(0.5, 0.1, 0.3, precision=2), war_probability(0.5, 0.4, 0.3)
    (0.08333333333333331, 0.0)
    """
    _check(p, c_b, c_bar)
    precision = whole(precision, "precision", maximum=MAX_PRECISION)
    w = c_bar / precision
    return _y_star(p, c_b, w) / c_bar


@dataclass(frozen=True)
class Params:
    """Parameters of one bargaining crisis.

    Parameters
    ----------
    p : float
        A's probability of winning a war, in [0, 1].
    c_b : float
        B's (known) cost of war, >= 0.
    c_bar : float
        Upper bound of A's private cost, > 0.
    mediation : float
        Probability that a crisis is mediated, in [0, 1].
    precision : int
        How finely a mediator reveals A's cost (number of equal intervals, 1 to
        :data:`MAX_PRECISION`).

    Every value is checked on creation (DESIGN.md convention 5): a non-finite or
    out-of-range value raises :class:`~alliancelab.errors.ParameterError` naming it.

    Examples
    --------
    >>> Params(c_b=float("inf"))
    Traceback (most recent call last):
    ...
    alliancelab.errors.ParameterError: c_b must be a finite number in [0, 1], got inf
    """

    p: float = 0.5
    c_b: float = 0.1
    c_bar: float = 0.3
    mediation: float = 0.0
    precision: int = 4

    def __post_init__(self) -> None:
        _check(self.p, self.c_b, self.c_bar)
        probability(self.mediation, "mediation")
        object.__setattr__(
            self, "precision", whole(self.precision, "precision", maximum=MAX_PRECISION)
        )

    def p_war(self) -> float:
        """Closed-form P(war) with mediation."""
        base = war_probability(self.p, self.c_b, self.c_bar)
        med = war_probability(self.p, self.c_b, self.c_bar, self.precision)
        return (1 - self.mediation) * base + self.mediation * med


def simulate(
    params: Params | None = None,
    n: int = 10_000,
    seed: int | np.random.SeedSequence | None = None,
    *,
    rng: np.random.Generator | None = None,
) -> pd.DataFrame:
    """Monte Carlo of ``n`` crises: draw A's cost, mediation and B's offer; war or not.

    Returns
    -------
    DataFrame
        One row per crisis: ``c_a``, ``mediated``, ``offer`` (A's share), ``war``.

    Examples
    --------
    >>> df = simulate(Params(p=0.5, c_b=0.1, c_bar=0.3), n=200_000, seed=1)
    >>> round(float(df["war"].mean()), 2), round(float(df["offer"].iloc[0]), 3)
    (0.33, 0.4)
    """
    params = params or Params()
    n = positive_int(n, "n", cap="draws")
    gen = make_rng(seed, rng)
    c_a = gen.uniform(0.0, params.c_bar, size=int(n))
    mediated = gen.random(int(n)) < params.mediation
    w = params.c_bar / params.precision
    # unmediated: B believes c_A ~ U[0, c_bar]; mediated: U[lo, lo + w] for c_A's interval
    lo = np.where(mediated, np.minimum(np.floor(c_a / w), params.precision - 1) * w, 0.0)
    width = np.where(mediated, w, params.c_bar)
    y = np.clip((lo + width - params.c_b) / 2.0, lo, lo + width)
    y = np.minimum(y, params.p)
    offer = params.p - y
    war = c_a < params.p - offer
    return pd.DataFrame({"c_a": c_a, "mediated": mediated, "offer": offer, "war": war})


def mediation_effect(
    p: float,
    c_b: float,
    c_bar: float,
    precisions: Sequence[int] = (1, 2, 4, 8),
    n: int = 100_000,
    seed: int | None = None,
) -> pd.DataFrame:
    """P(war) without and with mediation of increasing precision, closed form and MC.

    Examples
    --------
    >>> mediation_effect(0.5, 0.1, 0.3, n=1000, seed=0)["p_war_closed"].round(4).tolist()
    [0.3333, 0.0833, 0.0, 0.0]
    """
    seed_value(seed)
    root = np.random.SeedSequence(seed)
    rows = []
    for k, child in zip(precisions, root.spawn(len(precisions)), strict=True):
        prm = Params(p=p, c_b=c_b, c_bar=c_bar, mediation=1.0 if k > 1 else 0.0, precision=k)
        mc = simulate(prm, n=n, rng=np.random.default_rng(child))
        rows.append(
            {
                "precision": int(k),
                "p_war_closed": prm.p_war(),
                "p_war_mc": float(mc["war"].mean()),
                "mc_se": float(np.sqrt(max(prm.p_war() * (1 - prm.p_war()), 1e-300) / n)),
            }
        )
    return pd.DataFrame(rows)


def p_from_snapshot(
    snapshot: Snapshot,
    a: int,
    b: int,
    *,
    honour: float = 1.0,
    obligations: Sequence[str] = ("defense",),
    pooled: bool = True,
) -> float:
    """A's probability of winning against B: its share of the two sides' capability.

    With ``pooled`` each side adds the capability of states owing it ``obligations``,
    times ``honour``; a state owing both sides counts for neither. Without, it is the
    dyad's own capability ratio ``c_a / (c_a + c_b)``.

    Examples
    --------
    >>> from alliancelab import snapshot_from_ties
    >>> s = snapshot_from_ties(1900, {1: 1.0, 2: 2.0, 3: 1.0}, [(3, 1, "defense")])
    >>> p_from_snapshot(s, 1, 2, pooled=False), p_from_snapshot(s, 1, 2)
    (0.3333333333333333, 0.5)
    """
    if not 0 <= honour <= 1:
        raise ParameterError(f"honour must be in [0, 1], got {honour}")
    ia, ib = snapshot.index(a), snapshot.index(b)
    cap = np.nan_to_num(np.asarray(snapshot.capability, dtype=float), nan=0.0)
    ca, cb = cap[ia], cap[ib]
    if pooled:
        idx = [OBLIGATIONS.index(o) for o in obligations]
        owes = np.asarray(np.asarray(snapshot.obligations[:, :, idx]).any(axis=2), dtype=bool)
        to_a = np.array(owes[:, ia], dtype=bool)
        to_b = np.array(owes[:, ib], dtype=bool)
        both = to_a & to_b
        to_a &= ~both
        to_b &= ~both
        to_a[[ia, ib]] = False
        to_b[[ia, ib]] = False
        ca = ca + honour * cap[to_a].sum()
        cb = cb + honour * cap[to_b].sum()
    if ca + cb <= 0:
        raise ParameterError("both sides have zero capability")
    return float(ca / (ca + cb))


# ------------------------------------------------------------------------------ contract


@dataclass(frozen=True)
class Setup:
    """One bargaining run: :class:`Params` and ``n`` crises; with a snapshot also the
    states ``a``, ``b`` and the honour probability behind ``p`` (``snapshot`` is None in a
    sweep)."""

    params: Params
    n: int
    snapshot: Snapshot | None = None
    a: int | None = None
    honour: float | None = None


def _params_from(
    snapshot: Snapshot | None,
    *,
    n: int = 10_000,
    a: int | None = None,
    b: int | None = None,
    honour: float | None = None,
    systems: Sequence[Snapshot] = (),
    **params: Any,
) -> Setup:
    if snapshot is None:  # sweep options are Params' own (p, c_b, c_bar, mediation, precision)
        extra: dict[str, Any] = {
            k: v for k, v in (("a", a), ("b", b), ("honour", honour)) if v is not None
        }
        return Setup(Params(**params, **extra), positive_int(n, "n", cap="draws"))
    if a is None or b is None:
        raise ParameterError("bargaining on a snapshot needs states a and b")
    from ..measures.deterrence import honour_probabilities

    h = float(honour if honour is not None else honour_probabilities(snapshot.year)["defense"])
    pa = p_from_snapshot(snapshot, a, b, honour=h)
    prm = Params(
        p=pa,
        c_b=params.get("c_b", 0.1),
        c_bar=params.get("c_bar", 0.3),
        mediation=params.get("mediation", 0.0),
        precision=params.get("precision", 4),
    )
    return Setup(prm, positive_int(n, "n", cap="draws"), snapshot, a, h)


def _simulate(
    setup: Setup,
    seed: int | np.random.SeedSequence | None = None,
    rng: np.random.Generator | None = None,
) -> tuple[Setup, pd.DataFrame]:
    return setup, simulate(setup.params, n=setup.n, seed=seed, rng=rng)


def _summarise(result: tuple[Setup, pd.DataFrame]) -> dict[str, Estimate]:
    setup, df = result
    prm = setup.params
    if setup.snapshot is None:
        return {
            "p_war_mc": Estimate(float(df["war"].mean())),
            "p_war_closed": Estimate(prm.p_war()),
        }
    text = (
        f"{label(setup.snapshot, setup.a)} wins with p = {prm.p:.3f} "
        f"(pooled, allies honour {setup.honour:.2f})"
    )
    return {
        "p_win_a": Estimate(prm.p, detail=text),
        "p_war_closed": Estimate(prm.p_war(), detail=text),
        "p_war_mc": dataclasses.replace(proportion(df["war"].to_numpy()), detail=text),
    }


def _check_options(options: Mapping[str, Any]) -> None:
    Params(
        p=0.5,
        c_b=options.get("c_b", 0.1),
        c_bar=options.get("c_bar", 0.3),
        mediation=options.get("mediation", 0.0),
        precision=options.get("precision", 4),
    )
    if "honour" in options:
        probability(options["honour"], "honour")


#: Fearon's crisis bargaining under the model contract (:mod:`alliancelab.models._contract`).
MODEL = Model(
    name="bargaining",
    title="crisis bargaining with private costs and mediation (Fearon 1995)",
    keys=(frozenset({"a", "b"}), frozenset({"c_b", "c_bar", "mediation", "precision", "honour"})),
    outputs={
        "p_win_a": "A's chance of winning a war, from alliance-pooled capability",
        "p_war_closed": "Fearon's closed-form probability of war",
        "p_war_mc": "simulated probability of war",
    },
    params_from=_params_from,
    simulate=_simulate,
    summarise=_summarise,
    check=_check_options,
)
