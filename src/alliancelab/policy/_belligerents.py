"""Expected belligerents per war: the escalation cascade over the region's likeliest crises.

The criterion ``belligerents`` of :func:`alliancelab.policy.options`. The crises are the
:data:`N_CRISES` dyads of the region (both states in it) with the highest baseline
P(onset) of the shipped risk engine (:mod:`._evidence`), each in both directions (either
state the challenger). Every crisis is run through the escalation cascade of
:func:`alliancelab.models.escalation.simulate` with its default parameters: the honour
rates it uses (by obligation type and era: the war-joining fit, pledge-keeping Berkemeier
& Fuhrmann 2018; :mod:`alliancelab.models.escalation`) and no deterrence
step, so every crisis becomes a war and its size is the number of states the alliance
chains pull in (Christensen & Snyder 1990). The expected belligerents per war of a
snapshot is the mean size over the crises weighted by the engine's predicted risk of
each crisis dyad under that snapshot (each direction half the dyad's weight):

.. math:: E = \\sum_k w_k \\bar n_k / \\sum_k w_k, \\quad w_k = P(\\text{onset}_k).

Common random numbers: crisis ``k`` uses the same seed for the baseline and every
option, so a difference is the move's and not Monte Carlo noise. Draw ``b`` of the
interval pairs the engine's bootstrap calibrator ``b`` (the weights) with the ``b``-th
bootstrap resample of the ``n`` cascades of each crisis (the same resample indices for
every option), so the 90% interval covers both the model's calibration and the Monte
Carlo error.

References
----------
Berkemeier, M. & M. Fuhrmann. 2018. "Reassessing the Fulfillment of Alliance Commitments
in War." *Research & Politics* 5(2).
Christensen, T. J. & J. Snyder. 1990. "Chain Gangs and Passed Bucks." *International
Organization* 44(2): 137-168.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..snapshot import Snapshot
from ._evidence import Evidence

__all__ = ["N_CRISES", "Crises"]

#: Number of crisis dyads (the region's likeliest by the engine), each run both ways.
N_CRISES = 10


@dataclass(frozen=True)
class Crises:
    """The crisis set of a baseline and the cascade settings shared by every option.

    Attributes
    ----------
    rows : ndarray
        Row of each crisis dyad in ``Evidence.frame`` (likeliest first).
    pairs : list of (challenger, target)
        Both directions of every crisis dyad (COW codes), ``2 * len(rows)`` crises.
    n : int
        Cascades per crisis.
    seeds : ndarray
        One seed per crisis, shared by the baseline and every option.
    counts : ndarray
        (B, n) multiplicity of each cascade in bootstrap resample ``b``, shared likewise.
    """

    rows: np.ndarray
    pairs: list[tuple[int, int]]
    n: int
    seeds: np.ndarray
    counts: np.ndarray

    @classmethod
    def of(cls, ev: Evidence, n: int, seed: int) -> Crises:
        """The :data:`N_CRISES` likeliest region dyads of ``ev``'s baseline."""
        reg = np.flatnonzero(ev.masks()["region"])
        rows = reg[np.argsort(-ev.p[reg], kind="stable")[:N_CRISES]]
        c1 = ev.frame["ccode1"].to_numpy()[rows]
        c2 = ev.frame["ccode2"].to_numpy()[rows]
        pairs = [
            p for a, b in zip(c1, c2, strict=True) for p in ((int(a), int(b)), (int(b), int(a)))
        ]
        ss = np.random.SeedSequence([int(seed), 17])
        seeds = ss.generate_state(len(pairs), dtype=np.uint32)
        rng = np.random.default_rng(ss.spawn(1)[0])
        b = ev.draws.shape[0]
        idx = rng.integers(0, n, size=(b, n))
        counts = np.zeros((b, n))
        np.add.at(counts, (np.repeat(np.arange(b), n), idx.ravel()), 1.0)
        return cls(rows, pairs, int(n), seeds, counts)

    def sizes(
        self, s: Snapshot, base: Snapshot | None = None, base_sizes: np.ndarray | None = None
    ) -> np.ndarray:
        """(crises, n) belligerents of every cascade of every crisis on snapshot ``s``.

        With the baseline ``base`` and its ``base_sizes``, a crisis is re-run only when a
        state whose obligations the edit changed is connected (by any obligation of either
        snapshot, in either direction) to its challenger or target: otherwise the cascade
        reads the same ties with the same seed and its result is the baseline's."""
        from ..models.escalation import simulate

        rerun = np.ones(len(self.pairs), dtype=bool)
        if base is not None and base_sizes is not None:
            rerun = self._touched(base, s)
        out = base_sizes.copy() if base_sizes is not None else np.zeros((len(self.pairs), self.n))
        for k in np.flatnonzero(rerun):
            c, t = self.pairs[int(k)]
            out[k] = simulate(s, c, t, n=self.n, seed=int(self.seeds[k])).wars["n_states"]
        return out

    def _touched(self, base: Snapshot, new: Snapshot) -> np.ndarray:
        """Which crises an edit from ``base`` to ``new`` can change (:meth:`sizes`)."""
        from scipy.sparse import csr_matrix  # type: ignore[import-untyped]
        from scipy.sparse.csgraph import connected_components  # type: ignore[import-untyped]

        o0 = np.asarray(base.obligations, dtype=bool)
        o1 = np.asarray(new.obligations, dtype=bool)
        diff = (o0 != o1).any(axis=2)
        changed = diff.any(axis=0) | diff.any(axis=1)
        if not changed.any():
            return np.zeros(len(self.pairs), dtype=bool)
        g = (o0 | o1).any(axis=2)
        _, lab = connected_components(csr_matrix(g | g.T), directed=False)
        hit = set(lab[changed].tolist())
        return np.array(
            [lab[base.index(c)] in hit or lab[base.index(t)] in hit for c, t in self.pairs]
        )

    def expected(
        self, sizes: np.ndarray, p: np.ndarray, draws: np.ndarray
    ) -> tuple[float, np.ndarray]:
        """Expected belligerents per war: the point (weights ``p``, every cascade) and the
        (B,) draws (calibrator ``b``'s weights, cascade resample ``b``)."""
        w = np.repeat(p[self.rows], 2) / 2
        wd = np.repeat(draws[:, self.rows], 2, axis=1) / 2  # (B, crises)
        point = float(w @ sizes.mean(axis=1) / w.sum()) if w.sum() > 0 else 0.0
        boot = self.counts @ sizes.T / self.n  # (B, crises): resampled cascade means
        tot = wd.sum(axis=1)
        d = np.where(tot > 0, (wd * boot).sum(axis=1) / np.where(tot > 0, tot, 1.0), 0.0)
        return point, np.asarray(d, dtype=float)
