"""Round 6 of the risk model's selection: allied dispute diffusion scored by year-block CV.

The candidates and the rule are docs/risk.md's ("Model selection", round 6), written
before any of them was scored. Siverson & Starr (1991, *The Diffusion of War*): a
"warring alliance partner" is the willingness channel of war's spread, so disputes
spread along alliance lines. F1: ``ally_mid_hi/lo``, log1p of the MID onsets in
t-5..t-1 between one state of the dyad and the ATOP defence allies (t-1) of the other,
the higher and the lower of the two directions; F2: the same with any ATOP alliance.
Each is added to the ``full`` recipe and scored by
:func:`alliancelab.risk.model.cv_recipe` on 1816-1989 only (folds validated on
1975-1979, 1980-1984, 1985-1989), the current recipe as the baseline in the same run.

Run with the project environment and the official files::

    ALLIANCELAB_DATA=/work/shared/data .venv/bin/python tools/risk_round6_cv.py [NAME ...]

It builds a temporary store of the risk sources and prints one line per candidate (about
30-60 s each on one core); nothing is written to the repository. A one-off comparison for
the documentation, not part of the package.
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
from alliancelab.store import Store

SPAN = (1816, 1989)
NEW = ("ally_mid_hi", "ally_mid_lo", "ally_any_mid_hi", "ally_any_mid_lo")


def ally_recent_onsets(
    raw: pd.DataFrame, column: str, window: int = 5
) -> tuple[np.ndarray, np.ndarray]:
    """MID onsets in ``t-window``..``t-1`` between each state and the other's allies of t-1.

    For the non-directed dyad (a, b) in year t: ``x_ab`` = the number of COW MID dyadic
    onsets of years t-window..t-1 between b and the states c allied to a in t-1
    (``raw[column] > 0`` on the dyad (a, c) in year t-1), ``x_ba`` symmetrically;
    returns log1p of the higher and the lower of the two (Siverson & Starr 1991). A state
    is not its own ally, so the dyad's own onsets (a-b) are never counted. One matrix
    product per year over the states of the panel.
    """
    y = raw["year"].to_numpy(dtype=np.int64)
    c1 = raw["ccode1"].to_numpy(dtype=np.int64)
    c2 = raw["ccode2"].to_numpy(dtype=np.int64)
    codes = np.unique(np.r_[c1, c2])
    i1, i2 = np.searchsorted(codes, c1), np.searchsorted(codes, c2)
    y0 = int(y.min())
    t = y - y0
    n, nt = len(codes), int(t.max()) + 1
    on = np.nan_to_num(raw["cowmidonset"].to_numpy(dtype=np.float64))
    al = (np.nan_to_num(raw[column].to_numpy(dtype=np.float64)) > 0).astype(np.float64)
    mid = np.zeros((nt, n, n))
    np.add.at(mid, (t, i1, i2), on)
    mid += mid.transpose(0, 2, 1)
    ally = np.zeros((nt, n, n))
    ally[t, i1, i2] = al
    ally += ally.transpose(0, 2, 1)
    cum = np.concatenate([np.zeros((1, n, n)), np.cumsum(mid, axis=0)], axis=0)
    # cum[k] = onsets of the years before y0 + k
    out1, out2 = np.zeros(len(raw)), np.zeros(len(raw))
    for k in range(1, nt):
        rows = np.flatnonzero(t == k)
        if rows.size == 0:
            continue
        w = cum[k] - cum[max(k - window, 0)]  # onsets of t-window..t-1
        p = ally[k - 1] @ w  # p[a, b] = sum_c ally[a, c] * w[c, b]
        out1[rows] = p[i1[rows], i2[rows]]
        out2[rows] = p[i2[rows], i1[rows]]
    return np.log1p(np.maximum(out1, out2)), np.log1p(np.minimum(out1, out2))


def frame(st: Store) -> pd.DataFrame:
    """The training span's design frame with the candidates' extra columns."""
    raw = F.raw_panel(st, SPAN)
    df = F.design(raw, SPAN)
    y = raw["year"].to_numpy()
    on, og = raw["cowmidonset"].to_numpy(), raw["cowmidongoing"].to_numpy()
    keep = (y >= SPAN[0]) & (y <= SPAN[1]) & ~np.isnan(on) & ~((og == 1) & (on == 0))
    assert keep.sum() == len(df)  # design()'s rows, in the raw panel's order
    t0 = time.perf_counter()
    for col, name in (("atop_defense", "ally_mid"), ("atop_alliance", "ally_any_mid")):
        hi, lo = ally_recent_onsets(raw, col)
        df[f"{name}_hi"], df[f"{name}_lo"] = hi[keep], lo[keep]
    print(f"features built in {time.perf_counter() - t0:.1f} s", flush=True)
    return df


def candidates(df: pd.DataFrame) -> dict[str, tuple[pd.DataFrame, tuple[str, ...], dict[str, Any]]]:
    """name -> (frame, features, cv_recipe keywords)."""
    base = F.FEATURES
    f1 = ("ally_mid_hi", "ally_mid_lo")
    f2 = ("ally_any_mid_hi", "ally_any_mid_lo")
    return {
        "baseline": (df, base, {}),
        "F1": (df, (*base, *f1), {}),
        "F2": (df, (*base, *f2), {}),
        "F1+F2": (df, (*base, *f1, *f2), {}),
    }


def main(names: list[str]) -> None:
    data = Path(os.environ.get("ALLIANCELAB_DATA", "/work/shared/data"))
    with tempfile.TemporaryDirectory() as tmp:
        st = import_official(Store(Path(tmp) / "alliancelab.duckdb"), data, RISK_SOURCES)
        df = frame(st)
    M.LOGIT_FEATURES = (*M.LOGIT_FEATURES, *NEW)  # the logit reads the new columns ...
    M.FEATURES = (*M.FEATURES, *NEW)  # ... and fills their NaN with the training mean
    table = candidates(df)
    for name in names or ["baseline", "F1", "F2"]:
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
