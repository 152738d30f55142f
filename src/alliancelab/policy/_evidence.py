"""The bridge from a snapshot to the risk engine: predicted MID onset risk of a system.

:class:`Evidence` builds, once per region-year, the dyad-year feature frame the shipped
risk model (:func:`alliancelab.risk.engine.load_default`, trained on COW MID 5.0 to 2014)
reads, for every non-directed dyad of the snapshot's states. The covariates a move cannot
change come from the data (reference contiguity, COW Direct Contiguity 3.2 extended to
2024; the snapshot's CINC; the COW major powers; the dyad's COW region, era and age);
the alliance-derived ones (``defense``, ``alliance``, ``kappa``) are recomputed from the
snapshot it is asked about, so a move changes predicted risk only through the model's
estimated alliance effects (Bremer 1992; Häge 2011's kappa over the snapshot's states).

The curated reference set carries no MID history, so the three dispute-history features
(``spell``, ``mid_lag``, ``mid_prev``) are missing (NaN); the gradient-boosted model
routes a missing value the way it learned or, for a feature never missing in training,
to the larger child (scikit-learn's HistGradientBoosting rule). Levels of risk are
therefore those of a dyad with unknown dispute history; the *changes* a move makes come
from the alliance features alone, as the issue asks (docs/policy.md).

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
    """The covariates a move cannot change, one row per non-directed dyad (i < j)."""
    from ..measures._military import major_powers
    from ..reference import contiguity, load_states
    from ..risk.features import REGION_CODES, _region5

    n = len(s.ccodes)
    ii, jj = np.triu_indices(n, 1)
    c = np.asarray(s.ccodes, dtype=np.int64)
    y = int(s.year)
    df = pd.DataFrame({"ccode1": c[ii], "ccode2": c[jj], "year": y})
    ct = contiguity(y)
    typ = dict(zip(zip(ct["ccode1"], ct["ccode2"], strict=True), ct["conttype"], strict=True))
    t = np.array([typ.get((a, b), 0) for a, b in zip(c[ii], c[jj], strict=True)], dtype=float)
    df["contig"] = np.where(t >= 1, 6 - t, 0.0)
    df["land"] = (t == 1).astype(float)
    cap = np.asarray(s.capability, dtype=float)
    c1, c2 = cap[ii], cap[jj]
    floor = 1e-6
    bad = np.isnan(c1) | np.isnan(c2)
    hi = np.log10(np.maximum(np.fmax(c1, c2), floor))
    lo = np.log10(np.maximum(np.fmin(c1, c2), floor))
    df["cinc_hi"] = np.where(bad, np.nan, hi)
    df["cinc_lo"] = np.where(bad, np.nan, lo)
    df["log_ratio"] = df["cinc_hi"] - df["cinc_lo"]
    maj = major_powers(y)
    df["majors"] = np.isin(c[ii], list(maj)).astype(float) + np.isin(c[jj], list(maj))
    for f in ("spell", "mid_lag", "mid_prev"):  # no MID history in the reference set
        df[f] = np.nan
    df["rival"] = np.asarray(s.rivalry, dtype=float)[ii, jj]
    reg = {int(x): _region5(int(x)) for x in c}
    r1 = np.array([reg[int(a)] for a in c[ii]], dtype=object)
    r2 = np.array([reg[int(b)] for b in c[jj]], dtype=object)
    region = np.where(r1 == r2, r1, "inter")
    df["region"] = region
    df["same_region"] = (r1 == r2).astype(float)
    df["region_code"] = pd.Series(region).map({r: float(k) for k, r in enumerate(REGION_CODES)})
    df["era"] = float(np.select([y < 1914, y < 1946, y < 1990], [0.0, 1.0, 2.0], 3.0))
    st = load_states()
    start = st.groupby("ccode")["start_year"].min().to_dict()
    first = np.maximum(
        np.array([start.get(int(a), 1816) for a in c[ii]]),
        np.array([start.get(int(b), 1816) for b in c[jj]]),
    )
    df["dyad_age"] = np.log1p(np.clip(y - np.maximum(first, 1816), 0, 50)).astype(float)
    return df


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
