"""Out-of-sample scores of onset predictions, and region-year risk.

AUC (area under the ROC curve), average precision (AP, the area under the
precision-recall curve; Davis & Goadrich 2006) and the Brier skill score over the base
rate of the training span (``1 - Brier / Brier(base rate)``; Brier 1950). The politically
relevant dyads are Lemke & Reed's (2001): contiguous (COW direct contiguity, any type) or
including a major power. Region calibration is observed over expected onsets among the
dyads inside each of the five COW regions (both states in it).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

from ..codes import Region, resolve_region
from .features import FIVE_REGIONS


def scores(y: np.ndarray, p: np.ndarray, base_rate: float) -> dict[str, float]:
    """AUC, AP, Brier, Brier skill over ``base_rate``, observed and expected onsets."""
    from sklearn.metrics import average_precision_score, brier_score_loss, roc_auc_score

    y = np.asarray(y)
    p = np.asarray(p, dtype=float)
    both = 0 < y.sum() < len(y)
    brier = float(brier_score_loss(y, p)) if len(y) else float("nan")
    ref = float(np.mean((y - base_rate) ** 2)) if len(y) else float("nan")
    return {
        "n": len(y),
        "onsets": int(y.sum()),
        "expected": float(p.sum()),
        "auc": float(roc_auc_score(y, p)) if both else float("nan"),
        "ap": float(average_precision_score(y, p)) if both else float("nan"),
        "brier": brier,
        "brier_skill": 1.0 - brier / ref if ref > 0 else float("nan"),
    }


def prd_mask(df: pd.DataFrame) -> np.ndarray:
    """Politically relevant dyads (Lemke & Reed 2001): contiguous or with a major power."""
    return np.asarray((df["contig"].fillna(0) > 0) | (df["majors"] > 0))


def evaluate(df: pd.DataFrame, p: np.ndarray, base_rate: float) -> dict[str, Any]:
    """Scores on all dyads, politically relevant dyads and inside each COW region."""
    y = df["onset"].to_numpy()
    prd = prd_mask(df)
    out: dict[str, Any] = {"all": scores(y, p, base_rate),
                           "prd": scores(y[prd], p[prd], base_rate), "regions": {}}  # fmt: skip
    reg = df["region"].to_numpy()
    for r in FIVE_REGIONS:
        m = reg == r
        o, e = int(y[m].sum()), float(p[m].sum())
        out["regions"][r] = {"observed": o, "expected": e, "ratio": o / e if e > 0 else None}
    return out


def targets_met(ev: dict[str, Any]) -> dict[str, bool]:
    """Issue 12's targets, each True/False."""
    a, r = ev["all"], ev["prd"]
    ratios = [v["ratio"] for v in ev["regions"].values()]
    return {
        "all_auc>=0.94": a["auc"] >= 0.94,
        "all_ap>=0.20": a["ap"] >= 0.20,
        "prd_auc>=0.90": r["auc"] >= 0.90,
        "prd_ap>=0.22": r["ap"] >= 0.22,
        "region_oe_in_[0.67,1.5]": all(x is not None and 0.67 <= x <= 1.5 for x in ratios),
        "brier_skill>=0.15": a["brier_skill"] >= 0.15,
    }


def region_dyads(
    pred: pd.DataFrame, region: str | Sequence[int] | Region = "system"
) -> tuple[np.ndarray, str]:
    """Which rows of ``pred`` (``ccode1``, ``ccode2``) are dyads of ``region``, and its name.

    A dyad counts when both its states lie in the region; ``"system"``, ``"world"`` or
    ``"all"``: every dyad (name ``"system"``). The one rule of :func:`region_year_risk`
    and the web's risk view.

    Examples
    --------
    >>> pred = pd.DataFrame({"ccode1": [2, 2], "ccode2": [20, 200]})
    >>> m, name = region_dyads(pred, "americas")
    >>> m.tolist(), name
    ([True, False], 'americas')
    """
    c1 = pred["ccode1"].to_numpy()
    c2 = pred["ccode2"].to_numpy()
    if isinstance(region, str) and region.lower() in ("system", "world", "all"):
        return np.ones(len(pred), dtype=bool), "system"
    reg = resolve_region(region)
    inside = {int(c): reg.contains(int(c)) for c in np.unique(np.r_[c1, c2])}
    m = np.fromiter(
        (inside[int(a)] and inside[int(b)] for a, b in zip(c1, c2, strict=True)),
        dtype=bool,
        count=len(c1),
    )
    return m, reg.name


def region_year_risk(
    pred: pd.DataFrame,
    draws: np.ndarray | None = None,
    region: str | Sequence[int] | Region = "system",
    level: float = 0.90,
) -> pd.DataFrame:
    """P(at least one onset) and expected onsets per year among the dyads of ``region``.

    A dyad counts when both its states lie in the region (``"system"`` or ``"world"``:
    every dyad). ``P(any) = 1 - prod(1 - p)`` (dyads independent given the features);
    ``expected = sum p``. With ``draws`` (bootstrap draws, shape (B, n), aligned with
    ``pred``'s rows) each column gets its ``level`` interval (``*_lo``, ``*_hi``).

    Examples
    --------
    >>> pred = pd.DataFrame({"ccode1": [2, 2], "ccode2": [20, 200], "year": [2000, 2000],
    ...     "p_onset": [0.5, 0.5]})
    >>> region_year_risk(pred, region="americas")[["year", "p_any", "expected"]]
       year  p_any  expected
    0  2000    0.5       0.5
    >>> float(region_year_risk(pred)["p_any"].iloc[0])
    0.75
    """
    m, name = region_dyads(pred, region)
    sub = pred.loc[m]
    years = sub["year"].to_numpy()
    logq = np.log1p(-np.clip(sub["p_onset"].to_numpy(), 0, 1 - 1e-12))
    g = pd.Series(logq).groupby(years)
    out = pd.DataFrame({"region": name, "year": g.sum().index.astype(int),
                        "dyads": g.size().to_numpy(),
                        "p_any": 1 - np.exp(g.sum().to_numpy()),
                        "expected": pd.Series(sub["p_onset"].to_numpy()).groupby(years)
                        .sum().to_numpy()})  # fmt: skip
    if draws is not None:
        d = np.asarray(draws)[:, m]
        uy, inv = np.unique(years, return_inverse=True)
        exp_d = np.zeros((d.shape[0], len(uy)))
        lq_d = np.zeros((d.shape[0], len(uy)))
        for b in range(d.shape[0]):
            exp_d[b] = np.bincount(inv, d[b], minlength=len(uy))
            lq_d[b] = np.bincount(inv, np.log1p(-np.clip(d[b], 0, 1 - 1e-12)), minlength=len(uy))
        a = (1 - level) / 2 * 100
        out["expected_lo"], out["expected_hi"] = np.percentile(exp_d, [a, 100 - a], axis=0)
        pa = 1 - np.exp(lq_d)
        out["p_any_lo"], out["p_any_hi"] = np.percentile(pa, [a, 100 - a], axis=0)
    if "observed" in pred.columns:
        out["observed"] = pd.Series(sub["observed"].to_numpy()).groupby(years).sum().to_numpy()
    return out.reset_index(drop=True)


def region_year_table(
    pred: pd.DataFrame,
    regions: Sequence[str] = (*FIVE_REGIONS, "system"),
    level: float = 0.90,
    draws: np.ndarray | None = None,
) -> pd.DataFrame:
    """Observed vs expected onsets per region-year, with the model's interval of the count.

    One :func:`region_year_risk` block per region (``"system"``: every dyad), plus
    ``count_lo``/``count_hi``: the central ``level`` interval of the number of onsets the
    model predicts, Poisson quantiles at the expected count (Le Cam 1960: the
    Poisson-binomial sum of rare Bernoulli events is close to Poisson; its variance
    ``sum p`` is slightly above ``sum p (1 - p)``, so the interval is a little wide), and
    ``inside`` (the observed count lies in it) when ``pred`` has ``observed``.
    """
    from scipy.stats import poisson  # type: ignore[import-untyped]

    a = (1 - level) / 2
    blocks = [region_year_risk(pred, draws, region=r, level=level) for r in regions]
    out = pd.concat(blocks, ignore_index=True)
    out["count_lo"] = poisson.ppf(a, out["expected"].to_numpy())
    out["count_hi"] = poisson.ppf(1 - a, out["expected"].to_numpy())
    if "observed" in out.columns:
        obs = out["observed"].to_numpy()
        out["inside"] = (obs >= out["count_lo"]) & (obs <= out["count_hi"])
    return out


def region_disputes(
    pred: pd.DataFrame,
    disputes: pd.DataFrame,
    region: str,
    min_dyads: int = 5,
    n_boot: int = 2000,
    level: float = 0.90,
    seed: int = 0,
) -> dict[str, Any]:
    """A region's observed/expected onsets, split by the disputes that carry them.

    COW's dyadic MID data expand one multiparty dispute into an onset for every pair of
    opposing participants (Miller's rules, as in peacesciencer), so one coalition dispute
    can add tens of onsets in a year, while a model of independent dyad-years expects
    them one by one; Poast (2010) on dyadic data of multilateral events. The split
    shows how much of a region's ratio a few such disputes carry, and the dispute-cluster
    bootstrap (disputes resampled with replacement, the expected count held fixed) how
    far the ratio moves with the sample of disputes rather than of dyads.

    Parameters
    ----------
    pred : DataFrame
        Predictions with ``ccode1, ccode2, year, region, p_onset, observed``
        (:func:`alliancelab.risk.predict_frame`).
    disputes : DataFrame
        Dyadic onsets ``dispnum, ccode1, ccode2, year`` (ccode1 < ccode2, one row per
        onset dyad-year; :func:`alliancelab.risk.features.onset_disputes`).
    region : str
        One of the five COW regions (``pred["region"]``: both states inside it).
    min_dyads : int
        A dispute with at least this many onset dyad-years in the region is "multiparty".

    Returns
    -------
    dict
        ``observed``, ``expected``, ``ratio``, ``disputes`` (how many carry the region's
        onsets), ``ratio_lo``/``ratio_hi`` (the ``level`` dispute-cluster bootstrap
        interval), ``multiparty`` (rows ``dispnum, year, onsets, expected``: the first
        onset year, the onset dyad-years and their predictions' sum), and
        ``observed_rest``, ``expected_rest``, ``ratio_rest``: the region without the
        multiparty disputes' onset dyad-years.

    Examples
    --------
    >>> pred = pd.DataFrame({"ccode1": [1, 1, 2, 3], "ccode2": [2, 3, 3, 4],
    ...     "year": 2000, "region": "europe", "p_onset": 0.25, "observed": [1, 1, 1, 0]})
    >>> d = pd.DataFrame({"dispnum": [7, 7, 8], "ccode1": [1, 1, 2], "ccode2": [2, 3, 3],
    ...     "year": 2000})
    >>> r = region_disputes(pred, d, "europe", min_dyads=2)
    >>> r["ratio"], r["multiparty"]["dispnum"].tolist(), r["ratio_rest"]
    (3.0, [7], 2.0)
    """
    sub = pred.loc[pred["region"].to_numpy() == region]
    keys = ["ccode1", "ccode2", "year"]
    d = disputes.loc[:, ["dispnum", *keys]].drop_duplicates(keys)
    on = sub.loc[sub["observed"].to_numpy() == 1, [*keys, "p_onset"]].merge(d, on=keys, how="left")
    on["dispnum"] = on["dispnum"].fillna(-1)  # onsets no dispute row names: one cluster
    g = on.groupby("dispnum").agg(year=("year", "min"), onsets=("year", "size"),
                                  expected=("p_onset", "sum"))  # fmt: skip
    o, e = len(on), float(sub["p_onset"].sum())
    big = g.loc[g["onsets"] >= min_dyads].sort_values("onsets", ascending=False)
    o_rest = o - int(big["onsets"].sum())
    e_rest = e - float(big["expected"].sum())
    rng = np.random.default_rng(seed)
    k = g["onsets"].to_numpy()
    draws = np.array([k[rng.integers(0, len(k), len(k))].sum() for _ in range(n_boot)]) / e
    a = (1 - level) / 2 * 100
    lo, hi = np.percentile(draws, [a, 100 - a]) if len(k) else (np.nan, np.nan)
    return {"observed": o, "expected": e, "ratio": o / e, "disputes": len(g),
            "ratio_lo": float(lo), "ratio_hi": float(hi),
            "multiparty": big.reset_index()[["dispnum", "year", "onsets", "expected"]],
            "observed_rest": o_rest, "expected_rest": e_rest,
            "ratio_rest": o_rest / e_rest}  # fmt: skip
