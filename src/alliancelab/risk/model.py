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

**Bagging.** With ``n_bag`` > 1 the GBM is a :class:`~._bag.BaggedGBM`: ``n_bag`` members,
member ``k`` fitted on its own subsample of non-onsets with its own tree seed
(``seed + 1000 k``; member 0 is the single GBM of ``n_bag=1``), their raw scores
(log-odds) averaged; the average is calibrated once (below). Bagging averages out the
variance of the subsample (Breiman 1996); tried by year-block CV (:func:`cv_recipe`) and
not adopted (:data:`N_BAG` = 1; docs/risk.md "Model selection").

**Logit + GBM ensemble** (the recipe since round 4, adopted by year-block CV): with
``logit_weight`` ``w`` > 0 (:data:`LOGIT_WEIGHT`, 1/2) the score is ``(1 - w)`` x the
GBM's log-odds + ``w`` x the log-odds of a logit (below, no standard errors) fitted on the
same base span as the GBM, so that the calibration block stays out of sample for both.

**Calibration.** The base model is fitted on the training span minus its last
``cal_block`` years (and a one-year gap), then calibrated on that last block with
isotonic regression (Zadrozny & Elkan 2002): of the ensemble's score, or with ``w`` = 0
the GBM's (:class:`~sklearn.calibration.CalibratedClassifierCV` on a
:class:`~sklearn.frozen.FrozenEstimator`).

**Intervals.** ``p_lo``/``p_hi`` (90%) are the 5th and 95th percentiles over
``n_boot`` isotonic calibrators refitted on dyad-cluster bootstrap resamples of the
calibration block (the uncertainty of the mapping from score to probability, which
dominates for rare events; the trees' and the logit's own sampling variance is not
included).

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


#: The GBM's parameters in the model-selection CV (:func:`cv_recipe`): those the 1989
#: fit's own tuning picks, fixed so that candidates are compared on one model.
CV_PARAMS: dict[str, Any] = dict(GRID[0])
#: GBMs averaged per fit by default (:class:`~._bag.BaggedGBM`; 1 = a single GBM).
N_BAG = 1
#: The logit's weight in the score per feature set (:func:`fit`'s ``logit_weight``): the
#: logit + GBM ensemble of round 4, adopted by year-block CV (docs/risk.md "Model
#: selection"); 0 = the GBM alone.
LOGIT_WEIGHT: dict[str, float] = {"full": 0.5, "extended": 0.5, "structural": 0.5}
#: Seed step between the members of a bag (member k uses ``seed + BAG_SEED_STEP * k``).
BAG_SEED_STEP = 1000


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

    @property
    def logit_weight(self) -> float:
        """The logit's weight in the score (0 = the GBM alone; see :func:`fit`)."""
        return float(self.params.get("logit_weight", 0.0))

    def score(self, df: pd.DataFrame) -> np.ndarray:
        """The uncalibrated score (log-odds) for the rows of ``df``: the GBM's, or with
        :attr:`logit_weight` ``w`` > 0, ``(1 - w)`` x the GBM's + ``w`` x the base-span
        logit's (``params["mix_logit"]``)."""
        from threadpoolctl import threadpool_limits

        with threadpool_limits(limits=1, user_api="openmp"):
            s = np.asarray(self.gbm.decision_function(matrix(df, self.features)), np.float64)
        w = self.logit_weight
        if w > 0:
            q = np.clip(_logit_p(self.params["mix_logit"], df), 1e-12, 1 - 1e-12)
            s = (1 - w) * s + w * np.log(q / (1 - q))
        return s

    def predict(self, df: pd.DataFrame, draws: bool = False) -> Any:
        """Calibrated P(onset) (and, with ``draws=True``, the (n_boot, n) bootstrap draws).

        Bounded to [:data:`P_BOUND`, 1 - :data:`P_BOUND`]: isotonic calibration maps a bin
        with no onset in the calibration block to exactly 0 (and one with no non-onset to
        exactly 1), a certainty no dyad-year risk model can claim.
        """
        from threadpoolctl import threadpool_limits

        if self.logit_weight > 0:  # the ensemble: one isotonic map of the mixed score
            s = self.score(df)
            p = np.asarray(self.calibrator.predict(s), dtype=np.float64)
        else:
            X = matrix(df, self.features)
            with threadpool_limits(limits=1, user_api="openmp"):
                p = np.asarray(self.calibrator.predict_proba(X)[:, 1], dtype=np.float64)
                s = np.asarray(self.gbm.decision_function(X), dtype=np.float64)
        p = np.clip(p, P_BOUND, 1.0 - P_BOUND)
        if not draws:
            return p
        d = np.vstack([np.clip(c.predict(s), P_BOUND, 1.0 - P_BOUND) for c in self.boot])
        return p, d

    def predict_logit(self, df: pd.DataFrame) -> np.ndarray:
        """The logit baseline's P(onset) (the logit of the whole training span)."""
        return _logit_p(self.logit, df)


def _logit_p(lg: dict[str, Any], df: pd.DataFrame) -> np.ndarray:
    """P(onset) of a fitted logit (:func:`fit_logit`'s ``coef``, ``names``, ``fill``)."""
    X = logit_matrix(df, lg["fill"], tuple(lg["names"][1:]))
    return np.asarray(1.0 / (1.0 + np.exp(-(X @ np.asarray(lg["coef"])))))


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


def fit_logit(
    df: pd.DataFrame, features: tuple[str, ...] = FEATURES, se: bool = True
) -> dict[str, Any]:
    """Logit of onset on :data:`LOGIT_FEATURES` with dyadic-clustered SEs (ASA 2015;
    ``se=False``: the coefficients only, for :func:`cv_recipe`)."""
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
    names = ["const", *names_x]
    if not se:
        return {"coef": beta.tolist(), "names": names, "fill": fill, "nobs": len(y)}
    cov = logit_dyadic_cov(X, y, beta, df["ccode1"].to_numpy(), df["ccode2"].to_numpy())
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


def _fit_bag(
    df: pd.DataFrame,
    params: dict[str, Any],
    rate: float,
    seed: int,
    features: tuple[str, ...],
    n_bag: int,
) -> Any:
    """One GBM (``n_bag`` = 1) or a :class:`~._bag.BaggedGBM` of ``n_bag`` members."""
    if n_bag < 1:
        from ..errors import ParameterError

        raise ParameterError(f"n_bag must be >= 1, got {n_bag}")
    if n_bag == 1:
        return _fit_gbm(df, params, rate, seed, features)
    from ._bag import BaggedGBM

    return BaggedGBM(tuple(_fit_gbm(df, params, rate, seed + BAG_SEED_STEP * k, features)
                           for k in range(n_bag)))  # fmt: skip


def _split_calibration(
    df: pd.DataFrame, cal_block: int
) -> tuple[pd.DataFrame, pd.DataFrame, int, int]:
    """(base span, calibration block, first calibration year, last year): the base span
    ends one year before the block (a gap, as in :class:`~.cv.YearBlockSplit`)."""
    years = df["year"].to_numpy()
    y_end = int(years.max())
    cal0 = y_end - cal_block + 1
    base = df[years < cal0 - 1].reset_index(drop=True)
    cal = df[years >= cal0].reset_index(drop=True)
    return base, cal, cal0, y_end


def _calibrate(gbm: Any, cal: pd.DataFrame, features: tuple[str, ...]) -> tuple[Any, np.ndarray]:
    """Isotonic calibration of a fitted (frozen) GBM on ``cal``; and its raw scores there."""
    from sklearn.calibration import CalibratedClassifierCV
    from sklearn.frozen import FrozenEstimator
    from threadpoolctl import threadpool_limits

    cc = CalibratedClassifierCV(FrozenEstimator(gbm), method="isotonic")
    with threadpool_limits(limits=1, user_api="openmp"):
        cc.fit(matrix(cal, features), cal["onset"].to_numpy())
        s = np.asarray(gbm.decision_function(matrix(cal, features)), dtype=np.float64)
    return cc, s


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
    n_bag: int = N_BAG,
    logit_weight: float = 0.0,
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
    n_bag : int
        GBMs averaged (:class:`~._bag.BaggedGBM`; 1 = one GBM). The tuning uses one (member 0).
    logit_weight : float
        ``w`` > 0 makes the score the logit + GBM ensemble: ``(1 - w)`` x the GBM's
        log-odds + ``w`` x the log-odds of a logit (:func:`fit_logit`, no standard errors)
        fitted on the same base span, calibrated once by isotonic regression on the
        calibration block (:data:`LOGIT_WEIGHT`; docs/risk.md "Model selection").
    """
    base, cal, cal0, y_end = _split_calibration(df, cal_block)
    splitter = splitter or YearBlockSplit(n_splits=2, block=5, gap=1)
    params, cv_rows = tune(base, splitter, neg_rate, seed, features)
    m, s = _calibrated(base, cal, params, neg_rate, seed, features, n_bag, logit_weight)
    m.boot = _bootstrap_calibrators(cal, s, cal["onset"].to_numpy(), n_boot, seed)
    m.logit = fit_logit(df, features)
    how = "CalibratedClassifierCV on FrozenEstimator" if logit_weight == 0 else "of the mixed score"
    m.params.update({"params": params, "cv": cv_rows,
                     "base_span": [int(base.year.min()), cal0 - 2], "cal_span": [cal0, y_end],
                     "neg_rate": neg_rate, "seed": seed, "n_boot": n_boot,
                     "calibration": f"isotonic ({how})"})  # fmt: skip
    return m


def _calibrated(
    base: pd.DataFrame,
    cal: pd.DataFrame,
    params: dict[str, Any],
    neg_rate: float,
    seed: int,
    features: tuple[str, ...],
    n_bag: int,
    logit_weight: float,
) -> tuple[RiskModel, np.ndarray]:
    """The recipe's model (no bootstrap calibrators, no baseline logit) fitted on ``base``
    and calibrated on ``cal``, and its raw scores on ``cal`` (:func:`fit`, :func:`cv_recipe`)."""
    gbm = _fit_bag(base, params, neg_rate, seed, features, n_bag)
    info: dict[str, Any] = {"features": list(features), "n_bag": n_bag,
                            "logit_weight": float(logit_weight)}  # fmt: skip
    m = RiskModel(gbm=gbm, calibrator=None, boot=[], logit={}, params=info)
    if logit_weight > 0:
        lg = fit_logit(base, features, se=False)
        info["mix_logit"] = {k: lg[k] for k in ("names", "coef", "fill")}
        s = m.score(cal)
        m.calibrator = _isotonic(s, cal["onset"].to_numpy())
    else:
        m.calibrator, s = _calibrate(gbm, cal, features)
    return m, s


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


def cv_recipe(
    df: pd.DataFrame,
    features: tuple[str, ...] = FEATURES,
    n_bag: int = N_BAG,
    splitter: YearBlockSplit | None = None,
    params: dict[str, Any] | None = None,
    cal_block: int = 5,
    neg_rate: float = 0.1,
    seed: int = 0,
    logit_weight: float = 0.0,
) -> dict[str, Any]:
    """Year-block CV of the whole recipe (GBM, isotonic calibration) on ``df``'s years.

    The model-selection protocol of docs/risk.md ("Model selection"): each fold of
    ``splitter`` (default three blocks of 5 years with a one-year gap: for a frame of
    1816-1989, validated on 1975-1979, 1980-1984 and 1985-1989) trains the recipe on its
    training years exactly as :func:`fit` does (base GBM or bag on the span minus its last
    ``cal_block`` years and a gap, isotonic calibration on those years) with the GBM's
    parameters fixed at ``params`` (default :data:`CV_PARAMS`), and scores the block.

    Returns ``{"folds": [...], "mean": {...}}``; each fold and the mean hold
    ``brier_skill`` (over the fold's training onset rate, as :func:`.metrics.scores`),
    ``log_loss``, ``auc``, ``ap``, ``reg_dev``: the mean over the five COW regions of
    ``|log(observed / expected)|`` among the dyads inside each (0 = perfect; a region
    with no onset in the block is left out), and ``reg_worst``: the largest of those
    (the round-5 criterion, docs/risk.md); each fold also holds ``ratios``, the five
    regions' observed / expected.

    ``logit_weight`` > 0 scores the logit + GBM ensemble (as :func:`fit`'s).
    """
    from sklearn.metrics import log_loss

    from .metrics import evaluate

    splitter = splitter or YearBlockSplit(n_splits=3, block=5, gap=1)
    params = dict(CV_PARAMS if params is None else params)
    years = df["year"].to_numpy()
    folds = []
    for tr, va in splitter.split(years):
        train = df.iloc[tr].reset_index(drop=True)
        val = df.iloc[va].reset_index(drop=True)
        base, cal, _, _ = _split_calibration(train, cal_block)
        model, _ = _calibrated(base, cal, params, neg_rate, seed, features, n_bag, logit_weight)
        p = model.predict(val)
        ev = evaluate(val, p, float(train["onset"].mean()))
        logs = [abs(np.log(r["observed"] / r["expected"])) for r in ev["regions"].values()
                if r["observed"] > 0 and r["expected"] > 0]  # fmt: skip
        ratios = {k: r["ratio"] for k, r in ev["regions"].items()}
        folds.append({"span": [int(val.year.min()), int(val.year.max())],
                      "brier_skill": ev["all"]["brier_skill"],
                      "log_loss": float(log_loss(val["onset"].to_numpy(), p, labels=[0, 1])),
                      "auc": ev["all"]["auc"], "ap": ev["all"]["ap"],
                      "reg_dev": float(np.mean(logs)) if logs else float("nan"),
                      "reg_worst": float(np.max(logs)) if logs else float("nan"),
                      "ratios": ratios,
                      "onsets": ev["all"]["onsets"],
                      "expected": ev["all"]["expected"]})  # fmt: skip
    keys = ("brier_skill", "log_loss", "auc", "ap", "reg_dev", "reg_worst")
    mean = {k: float(np.mean([f[k] for f in folds])) for k in keys}
    return {"folds": folds, "mean": mean, "n_bag": n_bag, "params": params,
            "logit_weight": logit_weight}  # fmt: skip
