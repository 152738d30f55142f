"""Pooled-capability deterrence of the most threatened states: what a move adds or gives up.

The criterion ``pooled_deterrence`` of :func:`alliancelab.policy.options`. For each state
``t`` of the region (with ``--for``, the focal state) and each of its likeliest
challengers ``c`` (the :data:`N_CHALLENGERS` states with the highest baseline
P(onset) with ``t`` in the engine, and ``t``'s coded strategic rivals), the extended
deterrence of :func:`alliancelab.measures.deterrence.deterrence` (Huth 1988; Kim 1991's
alliance-pooled capability; Leeds 2003 on defence pacts to the target and offence pacts
to the challenger):

.. math:: D_{ct} = \\frac{c_t + p_d \\sum_{j \\ne c,t} [j \\text{ owes } t \\text{ defence}]\\,
   c_j}{c_c + p_o \\sum_{j \\ne c,t} [j \\text{ owes } c \\text{ offence}]\\, c_j}

with CINC capabilities ``c`` and the probabilities ``p_d``, ``p_o`` that a defence /
offence commitment is honoured. The criterion is the mean change of ``log D`` over the
pairs: a move that gives an exposed state a strong ally raises it, a state that leaves
its alliance (or whose ally leaves) gives up the capability its allies would bring. Every
state of the region counts, so the deterrence a leaver gives up is scored whether or not
it is among the engine's most threatened.

Uncertainty: the honour probabilities are estimates, Berkemeier & Fuhrmann's (2018)
recomputed counts (defence 36 of 59 before 1945, 6 of 43 from 1945; offence 31 of 42).
Draw ``b`` takes ``p_d``, ``p_o`` from their Beta(honoured + 1, not honoured + 1)
posteriors with a fixed seed; the same draws score the baseline and every option
(common random numbers), so the 90% interval and the paired Pareto comparison cover the
reliability estimate's sampling error. The point uses the published rates.

Unlike the engine's alliance coefficients (:mod:`._evidence`), this is not a regression on
the dispute record, so it carries no selection effect (states ally when threatened) but is
only as good as the capability-pooling model it encodes.

References
----------
Berkemeier, M. & M. Fuhrmann. 2018. "Reassessing the Fulfillment of Alliance Commitments
in War." *Research & Politics* 5(2).
Huth, P. 1988. *Extended Deterrence and the Prevention of War*. Yale University Press.
Kim, W. 1991. "Alliance Transitions and Great Power War." *American Journal of Political
Science* 35(4): 833-850.
Leeds, B. A. 2003. "Do Alliances Deter Aggression?" *American Journal of Political
Science* 47(3): 427-439.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..measures._bf2018 import BF2018_COUNTS, ERA_BREAK
from ..reference import OBLIGATIONS
from ..snapshot import Snapshot
from ._evidence import Evidence

__all__ = ["COUNTS", "N_CHALLENGERS", "Deterrence"]

#: Likeliest challengers per threatened state (by the engine's baseline P(onset)).
N_CHALLENGERS = 3
#: Berkemeier & Fuhrmann (2018): (honoured, cases) by obligation and era (before 1945,
#: from 1945), the one table of :mod:`alliancelab.measures._bf2018`.
COUNTS = BF2018_COUNTS


def _rate(kind: str, year: int) -> tuple[int, int]:
    return COUNTS[kind][0 if year < ERA_BREAK else 1]


@dataclass(frozen=True)
class Deterrence:
    """The (challenger, target) pairs of a baseline and the honour-rate draws.

    Attributes
    ----------
    pairs : ndarray
        (m, 2) snapshot indices ``(c, t)``.
    p_def, p_off : ndarray
        Index 0: the published rate; 1..B: the posterior draws.
    """

    pairs: np.ndarray
    p_def: np.ndarray
    p_off: np.ndarray

    @classmethod
    def of(cls, ev: Evidence, targets: list[int], seed: int) -> Deterrence:
        """Pairs of the ``targets`` (COW codes) in ``ev``'s baseline; ``ev.draws.shape[0]``
        draws of the honour probabilities."""
        s = ev.base
        c1 = ev.frame["ccode1"].to_numpy()
        c2 = ev.frame["ccode2"].to_numpy()
        riv = np.asarray(s.rivalry, dtype=bool)
        pairs: list[tuple[int, int]] = []
        for t in targets:
            rows = np.flatnonzero((c1 == t) | (c2 == t))
            top = rows[np.argsort(-ev.p[rows], kind="stable")[:N_CHALLENGERS]]
            rivals = {s.ccodes[int(j)] for j in np.flatnonzero(riv[s.index(t)])}
            others = {int(c2[r] if c1[r] == t else c1[r]) for r in top} | rivals
            pairs += [(s.index(c), s.index(t)) for c in sorted(others - {t})]
        b = ev.draws.shape[0]
        rng = np.random.default_rng(np.random.SeedSequence([int(seed), 23]))
        draws = {}
        for kind in ("defense", "offense"):
            h, n = _rate(kind, int(s.year))
            draws[kind] = np.r_[h / n, rng.beta(h + 1, n - h + 1, size=b)]
        arr = np.asarray(pairs, dtype=np.int64).reshape(-1, 2)
        return cls(arr, draws["defense"], draws["offense"])

    def log_deterrence(self, s: Snapshot) -> np.ndarray:
        """(B + 1, m) log extended deterrence of every pair on snapshot ``s`` (row 0: the
        published rates); NaN where a capability is missing or zero."""
        ob = np.asarray(s.obligations, dtype=bool)
        cap = np.asarray(s.capability, dtype=float)
        c0 = np.nan_to_num(cap, nan=0.0)
        c, t = self.pairs[:, 0], self.pairs[:, 1]
        dfn = ob[:, :, OBLIGATIONS.index("defense")].astype(float)  # [j, t]: j owes t
        off = ob[:, :, OBLIGATIONS.index("offense")].astype(float)
        a = (dfn[:, t] * c0[:, None]).sum(axis=0) - dfn[c, t] * c0[c] - dfn[t, t] * c0[t]
        o = (off[:, c] * c0[:, None]).sum(axis=0) - off[t, c] * c0[t] - off[c, c] * c0[c]
        num = cap[t][None, :] + self.p_def[:, None] * a[None, :]
        den = cap[c][None, :] + self.p_off[:, None] * o[None, :]
        with np.errstate(divide="ignore", invalid="ignore"):
            out = np.log(num / den)
        return np.where(np.isfinite(out), out, np.nan)

    def change(self, base: np.ndarray, new: np.ndarray) -> tuple[float, np.ndarray]:
        """Mean change of log deterrence over the pairs: the point and the (B,) draws."""
        ok = np.isfinite(base[0]) & np.isfinite(new[0])
        if not ok.any():
            return 0.0, np.zeros(base.shape[0] - 1)
        d = (new[:, ok] - base[:, ok]).mean(axis=1)
        return float(d[0]), np.asarray(d[1:], dtype=float)
