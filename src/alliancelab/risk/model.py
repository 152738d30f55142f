"""Fitting the risk models: a dyadic-clustered logit and a calibrated gradient-boosted model.

**Gradient boosting.** scikit-learn's
:class:`~sklearn.ensemble.HistGradientBoostingClassifier` (Ke et al. 2017's histogram
algorithm, as in LightGBM) rather than LightGBM itself: it is already a dependency of the
logit's ecosystem, bitwise deterministic with a fixed ``random_state`` on one machine
(the shipped model's reproduction test needs that), handles NaN and categorical features
natively, and pickles to a few hundred kB; LightGBM would add a compiled dependency for
no accuracy the targets need. Non-onset rows are subsampled (each kept with probability
``neg_rate``, weight ``1/neg_rate``; a case-control design with inverse-probability
weights, King & Zeng 2001) to make the fit fast. Hyper-parameters are chosen from a small
grid by log loss with :class:`~alliancelab.risk.cv.YearBlockSplit` inside the training
span only.

**Calibration.** The base model is fitted on the training span minus its last
``cal_block`` years (and a one-year gap), then calibrated on that last block with
isotonic regression (:class:`~sklearn.calibration.CalibratedClassifierCV` on a
:class:`~sklearn.frozen.FrozenEstimator`; Zadrozny & Elkan 2002).

**Intervals.** ``p_lo``/``p_hi`` (90%) are the 5th and 95th percentiles over
``n_boot`` isotonic calibrators refitted on dyad-cluster bootstrap resamples of the
calibration block (the uncertainty of the mapping from score to probability, which
dominates for rare events; the trees' own sampling variance is not included).

**Missing values.** The GBM takes NaN natively (each split sends it to the side that
lowers the loss). The logit replaces NaN by the training mean of the column and, for the
issue-14 covariates, adds one missing-indicator column per source (``na_capdist``,
``na_mindist``, ``na_dem``, ``na_gdppc``, ``na_terr``; dropped when constant in training),
the missing-indicator method of Cohen & Cohen (1975).

**Logit.** statsmodels' ``Logit`` on the same lagged features (a quadratic in log peace years,
after Carter & Signorino 2010; region dummies), with Aronow, Samii & Assenova (2015)
dyadic-clustered standard errors (:mod:`alliancelab.kernels.dyadic`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from .cv import YearBlockSplit
from .features import COVARIATES, FEATURES, REGION_CODES, matrix

#: Hyper-parameter grid searched with year-block CV (learning rate, leaves, iterations).
GRID: tuple[dict[str, Any], ...] = (
    {"learning_rate": 0.04, "max_leaf_nodes": 15, "max_iter": 300},
    {"learning_rate": 0.08, "max_leaf_nodes": 31, "max_iter": 150},
)
#: Missing-value indicators of the logit (one per covariate source: the column checked).
_NA_GROUPS: dict[str, str] = {"capdist": "capdist", "mindist": "mindist", "dem": "dem_lo",
                              "gdppc": "gdppc_lo", "terr": "terr_hi"}  # fmt: skip
#: The logit's columns (log_ratio left out: it is cinc_hi - cinc_lo, perfectly collinear).
LOGIT_FEATURES: tuple[str, ...] = ("contig", "land", "cinc_hi", "cinc_lo", "majors",
    "defense", "alliance", "kappa", "spell", "spell2", "mid_lag", "mid_prev", "rival",
    "dyad_age", "state_mid_hi", "state_mid_lo", *(f"reg_{r}" for r in REGION_CODES[:5]),
    *COVARIATES, *(f"na_{c}" for c in _NA_GROUPS))  # fmt: skip


@dataclass
class RiskModel:
    """A fitted risk model: the calibrated GBM, its bootstrap calibrators and the logit."""

    gbm: Any
    calibrator: Any
    boot: list[Any]
    logit: dict[str, Any]
    params: dict[str, Any]
    card: dict[str, Any] = field(default_factory=dict)

    @property
    def features(self) -> tuple[str, ...]:
        """The GBM's feature columns (:data:`~.features.FEATURES` for older model folders)."""
        return tuple(self.params.get("features", FEATURES))

    def score(self, df: pd.DataFrame) -> np.ndarray:
        """The base GBM's uncalibrated score (log-odds) for the rows of ``df``."""
        return np.asarray(self.gbm.decision_function(matrix(df, self.features)), np.float64)

    def predict(self, df: pd.DataFrame, draws: bool = False) -> Any:
        """Calibrated P(onset) (and, with ``draws=True``, the (n_boot, n) bootstrap draws).

        Bounded to [:data:`P_BOUND`, 1 - :data:`P_BOUND`]: isotonic calibration maps a bin
        with no onset in the calibration block to exactly 0 (and one with no non-onset to
        exactly 1), a certainty no dyad-year risk model can claim.
        """
        from threadpoolctl import threadpool_limits

        X = matrix(df, self.features)
        with threadpool_limits(limits=1, user_api="openmp"):
            p = np.asarray(self.calibrator.predict_proba(X)[:, 1], dtype=np.float64)
            p = np.clip(p, P_BOUND, 1.0 - P_BOUND)
            s = np.asarray(self.gbm.decision_function(X), dtype=np.float64)
        if not draws:
            return p
        d = np.vstack([np.clip(c.predict(s), P_BOUND, 1.0 - P_BOUND) for c in self.boot])
        return p, d

    def predict_logit(self, df: pd.DataFrame) -> np.ndarray:
        """The logit baseline's P(onset)."""
        X = logit_matrix(df, self.logit["fill"], tuple(self.logit["names"][1:]))
        beta = np.asarray(self.logit["coef"])
        return np.asarray(1.0 / (1.0 + np.exp(-(X @ beta))))


#: The bound of every predicted probability (:meth:`RiskModel.predict`), far below the
#: MID-onset base rate of dyad-years in any COW region.
P_BOUND = 1e-5


def logit_features(features: tuple[str, ...] = FEATURES) -> tuple[str, ...]:
    """The :data:`LOGIT_FEATURES` whose source column is among ``features``."""

    def base(f: str) -> str:
        if f.startswith("na_"):
            return _NA_GROUPS[f[3:]]
        return "region_code" if f.startswith("reg_") else ("spell" if f == "spell2" else f)

    return tuple(f for f in LOGIT_FEATURES if base(f) in features)


def logit_matrix(
    df: pd.DataFrame, fill: dict[str, float], names: tuple[str, ...] = LOGIT_FEATURES
) -> np.ndarray:
    """The logit's design matrix (constant first); NaN replaced by training means."""
    cols: dict[str, np.ndarray] = {}
    for f in names:
        if f.startswith("reg_"):
            cols[f] = (df["region"].to_numpy() == f[4:]).astype(float)
        elif f == "spell2":
            cols[f] = df["spell"].to_numpy(dtype=float) ** 2
        elif f.startswith("na_"):
            cols[f] = np.isnan(df[_NA_GROUPS[f[3:]]].to_numpy(dtype=float)).astype(float)
        else:
            v = df[f].to_numpy(dtype=float)
            cols[f] = np.where(np.isnan(v), fill.get(f, 0.0), v)
    return np.column_stack([np.ones(len(df)), *cols.values()])


def _independent(X: np.ndarray, tol: float = 1e-8) -> np.ndarray:
    """Columns of ``X`` (in order) not a linear combination of the earlier ones (QR)."""
    r = np.abs(np.diag(np.linalg.qr(X / np.maximum(np.abs(X).max(axis=0), 1e-300), "r")))
    return np.asarray(r > tol * r.max(), dtype=bool)


def fit_logit(df: pd.DataFrame, features: tuple[str, ...] = FEATURES) -> dict[str, Any]:
    """Logit of onset on :data:`LOGIT_FEATURES` with dyadic-clustered SEs (ASA 2015)."""
    import statsmodels.api as sm

    from ..kernels.dyadic import logit_dyadic_cov

    fill = {f: float(np.nanmean(df[f].to_numpy(dtype=float))) for f in (*FEATURES, *COVARIATES)
            if f in df.columns and f not in ("region_code",)}  # fmt: skip
    names_x = logit_features(features)
    X = logit_matrix(df, fill, names_x)
    var = X[:, 1:].std(axis=0) > 0  # drop constant columns (an indicator never set)
    names_x = tuple(n for n, v in zip(names_x, var, strict=True) if v)
    X = X[:, np.r_[True, var]]
    keep = _independent(X)  # and columns collinear with earlier ones (e.g. shared NA)
    names_x = tuple(n for n, k in zip(names_x, keep[1:], strict=True) if k)
    X = X[:, keep]
    y = df["onset"].to_numpy(dtype=float)
    res = sm.Logit(y, X).fit(disp=0, maxiter=100, method="newton")
    beta = np.asarray(res.params)
    cov = logit_dyadic_cov(X, y, beta, df["ccode1"].to_numpy(), df["ccode2"].to_numpy())
    names = ["const", *names_x]
    return {"coef": beta.tolist(), "se_dyadic": np.sqrt(np.diag(cov)).tolist(),
            "se_naive": np.asarray(res.bse).tolist(), "names": names, "fill": fill,
            "cov_dyadic": cov.tolist(), "nobs": len(y)}  # fmt: skip


def _subsample(y: np.ndarray, rate: float, seed: int) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    keep = (y == 1) | (rng.random(len(y)) < rate)
    w = np.where(y == 1, 1.0, 1.0 / rate)
    return np.flatnonzero(keep), w[keep]


def _gbm(params: dict[str, Any], seed: int, features: tuple[str, ...]) -> Any:
    from sklearn.ensemble import HistGradientBoostingClassifier

    cat = np.array([f == "region_code" for f in features])
    return HistGradientBoostingClassifier(
        min_samples_leaf=100, l2_regularization=1.0, categorical_features=cat,
        early_stopping=False, random_state=seed, **params,
    )  # fmt: skip


def _fit_gbm(
    df: pd.DataFrame, params: dict[str, Any], rate: float, seed: int, features: tuple[str, ...]
) -> Any:
    """Fit one GBM on one OpenMP thread: ten times faster than all threads on this shared
    two-core machine (the trees are small), and bitwise reproducible."""
    from threadpoolctl import threadpool_limits

    y = df["onset"].to_numpy()
    idx, w = _subsample(y, rate, seed)
    m = _gbm(params, seed, features)
    with threadpool_limits(limits=1, user_api="openmp"):
        m.fit(matrix(df.iloc[idx], features), y[idx], sample_weight=w)
    return m


def tune(
    df: pd.DataFrame,
    splitter: YearBlockSplit,
    rate: float,
    seed: int,
    features: tuple[str, ...] = FEATURES,
) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """Choose the :data:`GRID` entry with the lowest mean year-block CV log loss."""
    from sklearn.metrics import log_loss, roc_auc_score
    from threadpoolctl import threadpool_limits

    rows: list[dict[str, Any]] = []
    years = df["year"].to_numpy()
    folds = list(splitter.split(years))
    for params in GRID:
        losses, aucs = [], []
        for tr, va in folds:
            m = _fit_gbm(df.iloc[tr], params, rate, seed, features)
            yv = df["onset"].to_numpy()[va]
            with threadpool_limits(limits=1, user_api="openmp"):
                p = m.predict_proba(matrix(df.iloc[va], features))[:, 1]
            losses.append(log_loss(yv, p, labels=[0, 1]))
            aucs.append(roc_auc_score(yv, p) if 0 < yv.sum() < len(yv) else float("nan"))
        spans = [[int(years[va].min()), int(years[va].max())] for _, va in folds]
        rows.append({"params": params, "log_loss": float(np.mean(losses)),
                     "auc": float(np.nanmean(aucs)), "folds": spans})  # fmt: skip
    best = min(rows, key=lambda r: r["log_loss"])
    return dict(best["params"]), rows


def _isotonic(s: np.ndarray, y: np.ndarray, w: np.ndarray | None = None) -> Any:
    from sklearn.isotonic import IsotonicRegression

    iso = IsotonicRegression(y_min=0.0, y_max=1.0, out_of_bounds="clip")
    return iso.fit(s, y, sample_weight=w)


def fit(
    df: pd.DataFrame,
    cal_block: int = 5,
    n_boot: int = 50,
    neg_rate: float = 0.1,
    seed: int = 0,
    splitter: YearBlockSplit | None = None,
    features: tuple[str, ...] = FEATURES,
) -> RiskModel:
    """Fit the calibrated GBM and the logit on the design frame ``df`` (training span only).

    Parameters
    ----------
    df : DataFrame
        :func:`alliancelab.risk.features.design` output for the training years.
    cal_block : int
        Years at the end of the span used only for calibration (after a one-year gap).
    n_boot : int
        Bootstrap calibrators for the 90% intervals.
    neg_rate : float
        Share of non-onset rows kept for the GBM (weighted back).
    seed : int
        ``random_state`` of everything random (subsample, trees, bootstrap).
    splitter : YearBlockSplit, optional
        Tuning splitter on the base span (default 2 blocks of 5 years, gap 1).
    features : tuple of str
        The GBM's columns (:data:`~.features.FEATURES` or :data:`~.features.STRUCTURAL`);
        the logit uses :func:`logit_features` of them.
    """
    from sklearn.calibration import CalibratedClassifierCV
    from sklearn.frozen import FrozenEstimator

    years = df["year"].to_numpy()
    y_end = int(years.max())
    cal0 = y_end - cal_block + 1
    base = df[years < cal0 - 1].reset_index(drop=True)
    cal = df[years >= cal0].reset_index(drop=True)
    splitter = splitter or YearBlockSplit(n_splits=2, block=5, gap=1)
    params, cv_rows = tune(base, splitter, neg_rate, seed, features)
    gbm = _fit_gbm(base, params, neg_rate, seed, features)
    from threadpoolctl import threadpool_limits

    cc = CalibratedClassifierCV(FrozenEstimator(gbm), method="isotonic")
    with threadpool_limits(limits=1, user_api="openmp"):
        cc.fit(matrix(cal, features), cal["onset"].to_numpy())
        s = np.asarray(gbm.decision_function(matrix(cal, features)), dtype=np.float64)
    boot = _bootstrap_calibrators(cal, s, cal["onset"].to_numpy(), n_boot, seed)
    logit = fit_logit(df, features)
    info = {"params": params, "cv": cv_rows, "base_span": [int(base.year.min()), cal0 - 2],
            "cal_span": [cal0, y_end], "neg_rate": neg_rate, "seed": seed, "n_boot": n_boot,
            "features": list(features),
            "calibration": "isotonic (CalibratedClassifierCV on FrozenEstimator)"}  # fmt: skip
    return RiskModel(gbm=gbm, calibrator=cc, boot=boot, logit=logit, params=info)


def _bootstrap_calibrators(
    cal: pd.DataFrame, s: np.ndarray, y: np.ndarray, n_boot: int, seed: int
) -> list[Any]:
    """Isotonic calibrators on dyad-cluster bootstrap resamples of the calibration block."""
    rng = np.random.default_rng(seed + 1)
    key = cal["ccode1"].to_numpy() * 1000 + cal["ccode2"].to_numpy()
    uniq, inv = np.unique(key, return_inverse=True)
    out = []
    for _ in range(n_boot):
        counts = np.bincount(rng.integers(0, len(uniq), len(uniq)), minlength=len(uniq))
        w = counts[inv].astype(np.float64)  # a dyad drawn k times weighs k
        out.append(_isotonic(s[w > 0], y[w > 0], w[w > 0]))
    return out
