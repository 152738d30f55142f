"""Round 5 of the risk model's selection: Europe's candidates scored by year-block CV.

The candidates and the rule are docs/risk.md's ("Model selection", round 5), written
before any of them was scored: A. state newness (Maoz 1989), B. recent regime change
(Mansfield & Snyder 1995), C. a 3- or 10-year window of ``state_mid_hi/lo``, D. a 3-year
calibration block, E. no region category; each added to (or changed in) the ``full``
recipe and scored by :func:`alliancelab.risk.model.cv_recipe` on 1816-1989 only (folds
validated on 1975-1979, 1980-1984, 1985-1989), the round-4 recipe as the baseline in the
same run. None passed the rule, so none of these features is in the package: they are
built here, on the training span's panel, and handed to the recipe as extra columns (the
logit's columns and mean fill are extended for the run).

Run with the project environment and the official files::

    ALLIANCELAB_DATA=/work/shared/data .venv/bin/python tools/risk_round5_cv.py [NAME ...]

It builds a temporary store (the risk sources and the xUDS democracy scores, about 6 s)
and prints one line per candidate (about 30 s each on one core); nothing is written to
the repository. A one-off comparison for the documentation, not part of the package.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from _official import RISK_SOURCES, import_official
from alliancelab.risk import features as F
from alliancelab.risk import model as M
from alliancelab.store import Store, import_source

SPAN = (1816, 1989)
NEW = ("state_age_lo", "state_age_hi", "dem_change_hi")


def state_age(raw: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """A (Maoz 1989): log1p(min(years since the state's current membership spell began,
    50)) of the newer and the older state; a member in 1816 counts as established (50)."""
    y = raw["year"].to_numpy(np.int64)
    c = np.r_[raw["ccode1"].to_numpy(np.int64), raw["ccode2"].to_numpy(np.int64)]
    sy = pd.DataFrame({"c": c, "y": np.r_[y, y]}).drop_duplicates().sort_values(["c", "y"])
    spell = sy.groupby("c")["y"].diff().ne(1).groupby(sy["c"]).cumsum()
    start = sy.groupby([sy["c"], spell])["y"].transform("min")
    age = np.where(start <= 1816, 50, np.minimum(sy["y"] - start, 50))
    a = dict(zip(zip(sy["c"], sy["y"], strict=True), age, strict=True))
    a1 = np.array([a[k] for k in zip(raw["ccode1"].astype(int), y, strict=True)], float)
    a2 = np.array([a[k] for k in zip(raw["ccode2"].astype(int), y, strict=True)], float)
    return np.log1p(np.minimum(a1, a2)), np.log1p(np.maximum(a1, a2))


def dem_change(raw: pd.DataFrame, st: Store) -> np.ndarray:
    """B (Mansfield & Snyder 1995): the larger over the two states of
    |xUDS(t-1) - xUDS(t-6)| (NA when either state lacks one of the two values)."""
    d = st.read("democracy", "democracy")[["ccode", "year", "euds"]].dropna()
    e = dict(zip(zip(d["ccode"].astype(int), d["year"].astype(int), strict=True),
                 d["euds"], strict=True))  # fmt: skip
    y = raw["year"].to_numpy(np.int64)

    def change(codes: np.ndarray) -> np.ndarray:
        return np.array([abs(e[(a, t - 1)] - e[(a, t - 6)])
                         if (a, t - 1) in e and (a, t - 6) in e else np.nan
                         for a, t in zip(codes, y, strict=True)])  # fmt: skip

    c1 = change(raw["ccode1"].astype(int).to_numpy())
    c2 = change(raw["ccode2"].astype(int).to_numpy())
    return np.where(np.isnan(c1) | np.isnan(c2), np.nan, np.fmax(c1, c2))


def frame(st: Store) -> pd.DataFrame:
    """The training span's design frame with the candidates' extra columns."""
    raw = F.raw_panel(st, SPAN)
    df = F.design(raw, SPAN)
    y = raw["year"].to_numpy()
    on, og = raw["cowmidonset"].to_numpy(), raw["cowmidongoing"].to_numpy()
    keep = (y >= SPAN[0]) & (y <= SPAN[1]) & ~np.isnan(on) & ~((og == 1) & (on == 0))
    assert keep.sum() == len(df)  # design()'s rows, in the raw panel's order
    lo, hi = state_age(raw)
    df["state_age_lo"], df["state_age_hi"] = lo[keep], hi[keep]
    df["dem_change_hi"] = dem_change(raw, st)[keep]
    for w in (3, 10):
        a, b = F._state_recent_onsets(raw, window=w)
        df[f"state_mid_hi_{w}"], df[f"state_mid_lo_{w}"] = a[keep], b[keep]
    return df


def candidates(df: pd.DataFrame) -> dict[str, tuple[pd.DataFrame, tuple[str, ...], dict[str, Any]]]:
    """name -> (frame, features, cv_recipe keywords)."""

    def window(w: int) -> pd.DataFrame:
        d = df.copy()
        d["state_mid_hi"], d["state_mid_lo"] = d[f"state_mid_hi_{w}"], d[f"state_mid_lo_{w}"]
        return d

    base = F.FEATURES
    return {
        "baseline": (df, base, {}),
        "A": (df, (*base, "state_age_lo", "state_age_hi"), {}),
        "B": (df, (*base, "dem_change_hi"), {}),
        "C3": (window(3), base, {}),
        "C10": (window(10), base, {}),
        "D": (df, base, {"cal_block": 3}),
        "E": (df, tuple(f for f in base if f != "region_code"), {}),
    }


def main(names: list[str]) -> None:
    data = Path(os.environ.get("ALLIANCELAB_DATA", "/work/shared/data"))
    with tempfile.TemporaryDirectory() as tmp:
        st = import_official(Store(Path(tmp) / "alliancelab.duckdb"), data, RISK_SOURCES)
        import_source("democracy", [data / "extra" / "cw_democracy.csv.gz"], store=st)
        df = frame(st)
    M.LOGIT_FEATURES = (*M.LOGIT_FEATURES, *NEW)  # the logit reads the new columns ...
    M.FEATURES = (*M.FEATURES, *NEW)  # ... and fills their NaN with the training mean
    table = candidates(df)
    for name in names or list(table):
        d, feats, kw = table[name]
        t0 = time.perf_counter()
        r = M.cv_recipe(d, feats, logit_weight=M.LOGIT_WEIGHT["full"], **kw)
        m = r["mean"]
        folds = " ".join(f"{f['brier_skill']:.3f}" for f in r["folds"])
        eu = " ".join(f"{f['ratios']['europe']:.2f}" for f in r["folds"])
        print(f"{name:8s} brier_skill {m['brier_skill']:.4f} log_loss {m['log_loss']:.5f} "
              f"auc {m['auc']:.4f} ap {m['ap']:.3f} reg_dev {m['reg_dev']:.3f} "
              f"reg_worst {m['reg_worst']:.3f} | folds {folds} | europe {eu} "
              f"| {time.perf_counter() - t0:.0f} s", flush=True)  # fmt: skip


if __name__ == "__main__":
    main(sys.argv[1:])
