"""The bridge from a snapshot to the risk engine: predicted MID onset risk of a system.

:class:`Evidence` builds, once per region-year, the dyad-year feature frame the shipped
risk model (:func:`alliancelab.risk.engine.load_default`, trained on COW MID 5.0 to 2014)
reads, for every non-directed dyad of the snapshot's states. The rows are those of
:func:`alliancelab.risk.structural.snapshot_features` with ``states="all"``, the one rule
shared with the brief and the web risk view: COW direct contiguity, the snapshot's CINC,
the COW major powers, the snapshot's rivalries, the dyad's COW region and the era of the
year predicted (``snapshot.year + 1``). The alliance-derived features (``defense``,
``alliance``, ``kappa``) are recomputed from the snapshot asked about, so a move changes
predicted risk only through the model's estimated alliance effects (Bremer 1992; Häge
2011's kappa over the snapshot's states). The shipped model uses the structural feature
set (no MID history), so the reference data need no dispute record.

Uncertainty: the model's ``n_boot`` dyad-cluster bootstrap calibrators (model.py) give
``B`` draws of every dyad's probability; the same draws (common random numbers) score
the baseline and every option, so a difference between options is not noise.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from ..snapshot import Snapshot

__all__ = ["LEVEL", "Evidence", "delta", "delta_draws", "interval"]

#: Interval level of every criterion.
LEVEL = 0.90


def interval(draws: np.ndarray) -> tuple[float, float]:
    """The central :data:`LEVEL` interval of a vector of draws.

    Examples
    --------
    >>> [round(v, 9) for v in interval(np.arange(101.0))]
    [5.0, 95.0]
    """
    a = (1 - LEVEL) / 2 * 100
    lo, hi = np.percentile(np.asarray(draws, dtype=float), [a, 100 - a])
    return float(lo), float(hi)


def _alliance_features(s: Snapshot) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(defense, alliance, kappa) matrices of the snapshot's states: the risk layer's one
    rule (:func:`alliancelab.risk.structural.alliance_matrices`)."""
    from ..risk.structural import alliance_matrices

    return alliance_matrices(s)


def _static_frame(s: Snapshot) -> pd.DataFrame:
    """The model's design rows for every non-directed dyad of the snapshot's states (the
    region and its allies outside it): the risk layer's one rule,
    :func:`alliancelab.risk.structural.snapshot_features` with ``states="all"`` (``year``
    is the year predicted, ``feature_year`` the snapshot's)."""
    from ..risk.structural import snapshot_features

    return snapshot_features(s, states="all")


@dataclass
class Evidence:
    """Predicted onset risk of a snapshot's dyads, and of any edited copy of it.

    Attributes
    ----------
    base : Snapshot
        The baseline.
    frame : DataFrame
        The baseline feature frame (``ccode1 < ccode2``, one row per dyad).
    p, draws : ndarray
        Baseline P(onset) per dyad and its (B, n_dyads) bootstrap draws.
    model : RiskModel
        The shipped default model.
    """

    base: Snapshot
    frame: pd.DataFrame
    p: np.ndarray
    draws: np.ndarray
    model: Any

    @classmethod
    def of(cls, s: Snapshot, model: Any = None) -> Evidence:
        """Build the baseline frame of ``s`` and predict it."""
        from ..risk.engine import load_default

        m = model if model is not None else load_default()
        df = _static_frame(s)
        df = _with_alliances(df, s)
        p, d = m.predict(df, draws=True)
        return cls(s, df, np.asarray(p), np.asarray(d), m)

    def predict(self, new: Snapshot) -> tuple[np.ndarray, np.ndarray]:
        """P(onset) and its draws for the baseline's dyads under snapshot ``new`` (the same
        states; only rows whose alliance features changed are re-predicted)."""
        return self.predict_many([new])[0]

    def predict_many(self, news: list[Snapshot]) -> list[tuple[np.ndarray, np.ndarray]]:
        """:meth:`predict` of several snapshots in one call of the model (the changed rows
        of every snapshot stacked: one tree traversal per batch, not per option)."""
        cols = ["defense", "alliance", "kappa"]
        b = self.frame[cols].to_numpy(dtype=float)
        frames, masks = [], []
        for new in news:
            if tuple(new.ccodes) != tuple(self.base.ccodes):
                raise ValueError("the edited snapshot must keep the baseline's states")
            df = _with_alliances(self.frame.copy(), new)
            changed = ~(np.isclose(df[cols].to_numpy(dtype=float), b, equal_nan=True)).all(1)
            masks.append(changed)
            frames.append(df.loc[changed])
        out = []
        if any(m.any() for m in masks):
            p_all, d_all = self.model.predict(pd.concat(frames, ignore_index=True), draws=True)
        at = 0
        for m in masks:
            p, d = self.p.copy(), self.draws.copy()
            k = int(m.sum())
            if k:
                p[m] = p_all[at : at + k]
                d[:, m] = d_all[:, at : at + k]
                at += k
            out.append((p, d))
        return out

    def masks(self) -> dict[str, np.ndarray]:
        """Row masks: ``region`` (both states in the region), and per state its dyads."""
        inside = {c for c, m in zip(self.base.ccodes, self.base.in_region, strict=True) if m}
        c1 = self.frame["ccode1"].to_numpy()
        c2 = self.frame["ccode2"].to_numpy()
        return {"region": np.isin(c1, list(inside)) & np.isin(c2, list(inside))}

    def threatened(self, k: int = 5, focal: int | None = None) -> list[int]:
        """The ``k`` states of the region with the highest baseline expected onsets over
        their dyads (threat from the engine's prediction, not coded rivalries); with
        ``focal``, the focal state only."""
        if focal is not None:
            return [focal]
        c1 = self.frame["ccode1"].to_numpy()
        c2 = self.frame["ccode2"].to_numpy()
        risk = {}
        for c, m in zip(self.base.ccodes, self.base.in_region, strict=True):
            if m:
                risk[c] = float(self.p[(c1 == c) | (c2 == c)].sum())
        return sorted(risk, key=lambda c: (-risk[c], c))[:k]

    def tie_changed(self, new: Snapshot) -> np.ndarray:
        """Mask of the dyads whose own tie the edited snapshot ``new`` changes (a defence
        obligation or any obligation, either way, added or removed): where the engine's
        estimate is the MID record's association of allied pairs with disputes, the part
        most exposed to selection (docs/policy.md)."""
        from ..reference import OBLIGATIONS

        def ties(s: Snapshot) -> tuple[np.ndarray, np.ndarray]:
            ob = np.asarray(s.obligations, dtype=bool)
            d = ob[:, :, OBLIGATIONS.index("defense")]
            a = np.asarray(ob.any(axis=2))
            return np.asarray(d | d.T), np.asarray(a | a.T)

        (d0, a0), (d1, a1) = ties(self.base), ties(new)
        ii, jj = np.triu_indices(len(self.base.ccodes), 1)
        return np.asarray((d0 != d1)[ii, jj] | (a0 != a1)[ii, jj])

    def dyads_of(self, states: set[int] | list[int]) -> np.ndarray:
        """Mask of the dyads with at least one of ``states``."""
        st = list(states)
        return np.isin(self.frame["ccode1"].to_numpy(), st) | np.isin(
            self.frame["ccode2"].to_numpy(), st
        )

    def dyads_between(self, a: set[int], b: set[int]) -> np.ndarray:
        """Mask of the dyads with one state in ``a`` and the other in ``b``."""
        c1, c2 = self.frame["ccode1"].to_numpy(), self.frame["ccode2"].to_numpy()
        x, y = list(a), list(b)
        return (np.isin(c1, x) & np.isin(c2, y)) | (np.isin(c1, y) & np.isin(c2, x))


def _with_alliances(df: pd.DataFrame, s: Snapshot) -> pd.DataFrame:
    """``df`` with ``defense``, ``alliance`` and ``kappa`` read from snapshot ``s``."""
    n = len(s.ccodes)
    ii, jj = np.triu_indices(n, 1)
    de, al, ka = _alliance_features(s)
    df["defense"] = de[ii, jj]
    df["alliance"] = al[ii, jj]
    df["kappa"] = ka[ii, jj]
    return df


def delta_draws(d0: np.ndarray, d1: np.ndarray, mask: np.ndarray) -> np.ndarray:
    """The (B,) draws of the change in expected onsets over the dyads of ``mask``
    (common random numbers: draw b of the baseline and of the option share calibrator
    b)."""
    return np.asarray(d1[:, mask].sum(axis=1) - d0[:, mask].sum(axis=1), dtype=float)


def delta(
    p0: np.ndarray, d0: np.ndarray, p1: np.ndarray, d1: np.ndarray, mask: np.ndarray
) -> tuple[float, float, float]:
    """Change in expected onsets over the dyads of ``mask``: point, lo, hi (the
    :data:`LEVEL` interval of :func:`delta_draws`, widened to hold the point)."""
    pt = float(p1[mask].sum() - p0[mask].sum())
    lo, hi = interval(delta_draws(d0, d1, mask))
    return pt, min(lo, pt), max(hi, pt)
