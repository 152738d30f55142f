"""The risk engine's workflow: fit on a store, save with a model card, load, predict.

``fit_store`` builds the design frame (:mod:`.features`) from the store, fits
(:func:`.model.fit`), scores the held-out years when asked and writes nothing;
``save``/``load`` write and read a model folder: ``model.joblib`` (the fitted objects)
and ``model_card.json`` (data sources with versions and sha256 from the store's import
records, features, spans, CV and held-out metrics). ``predict_store`` writes the
prediction table ``ccode1, ccode2, year, p_onset, p_lo, p_hi`` (90% bootstrap interval,
see :mod:`.model`) with the observed onset when the MID data cover the year.
"""

from __future__ import annotations

import json
import platform
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from ..errors import ParameterError
from . import features as F
from .metrics import evaluate, targets_met
from .model import LOGIT_WEIGHT, N_BAG, RiskModel, fit

if TYPE_CHECKING:
    from ..store import Store

MID_LAST = 2014  # COW MID 5.0 ends in 2014
#: Last year of each outcome's data.
OUTCOME_LAST = {"cow": MID_LAST, "gml": 2010}
OUTCOME_TEXT = {
    "cow": "COW MID 5.0 onset (cowmidonset), non-directed dyad-years, ongoing non-onset "
    "years dropped",
    "gml": "Gibler-Miller-Little MID 2.2.1 onset (gmlmidonset), non-directed dyad-years, "
    "ongoing non-onset years dropped",
}


def _needs_covariates(features: tuple[str, ...]) -> bool:
    return any(f in F.COVARIATES for f in features)


def _raw_for(model: RiskModel, store: Any, years: tuple[int, int], **kw: Any) -> pd.DataFrame:
    """The raw panel a model's features and outcome need."""
    return F.raw_panel(store, years, covariates=_needs_covariates(model.features),
                       outcome=model.card.get("outcome_source", "cow"), **kw)  # fmt: skip


CARD = "model_card.json"
MODEL = "model.joblib"


def _sources(store: Store | str | Path | None, used: dict[str, str]) -> list[dict[str, Any]]:
    from ..store import Store as _Store

    st = store if isinstance(store, _Store) else _Store(store)
    imp = st.imports()
    names = {v.split(" ")[0] for v in used.values()}
    rows = []
    for r in imp.to_dict("records"):
        if r["source"] in names or r["source"] == "rivalries":
            rows.append({"source": str(r["source"]), "version": str(r["version"]),
                         "files": [Path(f).name for f in r["files"]],
                         "sha256": [str(h) for h in r["sha256"]]})  # fmt: skip
    return rows


def fit_store(
    store: Store | str | Path | None = None,
    train_end: int = 1989,
    train_start: int = 1816,
    test_end: int | None = MID_LAST,
    seed: int = 0,
    n_boot: int = 50,
    features: str = "full",
    outcome: str = "cow",
    n_bag: int | None = None,
    logit_weight: float | None = None,
) -> RiskModel:
    """Fit the risk model on ``train_start``-``train_end`` of a store's data.

    ``features`` names the feature set (:data:`~.features.FEATURE_SETS`): ``full`` (with
    the MID history) or ``structural``
    (computable from a snapshot; the shipped default) or ``extended`` (``full`` plus the
    issue-14 covariates: distances, democracy, GDP per capita, territorial threat, ATOP
    deterrent provisions). ``outcome`` is ``cow`` (COW MID 5.0, to 2014) or ``gml``
    (Gibler-Miller-Little 2.2.1, to 2010; a ``test_end`` of 2014 becomes 2010).

    ``n_bag`` is the number of GBMs averaged (:class:`~._bag.BaggedGBM`; default
    :data:`~.model.N_BAG`, the recipe chosen by year-block CV) and ``logit_weight`` the
    logit's weight in the logit + GBM ensemble (default :data:`~.model.LOGIT_WEIGHT` of
    the feature set; 0 = the GBM alone).

    When ``test_end`` > ``train_end`` the held-out years ``train_end + 1``-``test_end``
    are scored (never used for fitting or tuning) and the metrics go in the card.
    """
    cols = F.feature_set(features)
    if outcome not in OUTCOME_LAST:
        raise ParameterError(f"outcome must be one of {sorted(OUTCOME_LAST)}, got {outcome!r}")
    end = OUTCOME_LAST[outcome]
    if test_end is not None and test_end == MID_LAST:
        test_end = end
    if not 1816 <= train_start < train_end <= end:
        raise ParameterError(f"training span {train_start}-{train_end} must lie in 1816-{end}")
    last = max(train_end, test_end or train_end)
    if last > end:
        raise ParameterError(f"test years end in {end} ({outcome} MID coverage)")
    raw = F.raw_panel(store, (train_start, last), covariates=_needs_covariates(cols),
                      outcome=outcome)  # fmt: skip
    train = F.design(raw, (train_start, train_end))
    w = LOGIT_WEIGHT.get(features, 0.0) if logit_weight is None else logit_weight
    if not 0.0 <= w < 1.0:
        raise ParameterError(f"logit_weight must lie in [0, 1), got {w}")
    model = fit(train, n_boot=n_boot, seed=seed, features=cols,
                n_bag=N_BAG if n_bag is None else n_bag, logit_weight=w)  # fmt: skip
    base_rate = float(train["onset"].mean())
    mix = f" (score: {1 - w:g} x GBM log-odds + {w:g} x base-span logit log-odds, isotonic)"
    mix = mix if w > 0 else ""
    card: dict[str, Any] = {
        "model": "alliancelab.risk: calibrated HistGradientBoostingClassifier + logit" + mix,
        "outcome": OUTCOME_TEXT[outcome],
        "outcome_source": outcome,
        "feature_set": features,
        "features": list(cols),
        "lag": "every time-varying covariate is its dyad's last value before year t",
        "training_span": [train_start, train_end],
        "training_rows": len(train),
        "training_onsets": int(train["onset"].sum()),
        "base_rate": base_rate,
        "gbm": model.params,
        "logit": {k: model.logit[k] for k in ("names", "coef", "se_dyadic", "se_naive")},
        "sources": _sources(store, raw.attrs.get("sources", {})),
        "verbs": raw.attrs.get("sources", {}),
        "versions": _versions(),
    }
    if test_end is not None and test_end > train_end:
        test = F.design(raw, (train_end + 1, test_end))
        p = model.predict(test)
        ev = evaluate(test, p, base_rate)
        ev_l = evaluate(test, model.predict_logit(test), base_rate)
        card["held_out"] = {"span": [train_end + 1, test_end], "gbm": ev, "logit": ev_l,
                            "targets_met": targets_met(ev)}  # fmt: skip
    model.card = card
    return model


def _versions() -> dict[str, str]:
    import sklearn
    import statsmodels

    from .. import __version__

    return {"alliancelab": __version__, "scikit-learn": sklearn.__version__,
            "statsmodels": statsmodels.__version__, "numpy": np.__version__,
            "python": platform.python_version()}  # fmt: skip


def save(model: RiskModel, out: str | Path) -> Path:
    """Write ``model.joblib`` and ``model_card.json`` into the folder ``out``."""
    import joblib

    d = Path(out)
    d.mkdir(parents=True, exist_ok=True)
    joblib.dump(
        {"gbm": model.gbm, "calibrator": model.calibrator, "boot": model.boot,
         "logit": model.logit, "params": model.params}, d / MODEL, compress=3,
    )  # fmt: skip
    (d / CARD).write_text(json.dumps(model.card, indent=1, default=_json) + "\n")
    return d


def _json(o: Any) -> Any:
    if isinstance(o, np.integer | np.floating | np.bool_):
        return o.item()
    raise TypeError(type(o))


def load(path: str | Path) -> RiskModel:
    """Read a model folder written by :func:`save`."""
    import joblib

    d = Path(path)
    if not (d / MODEL).is_file() or not (d / CARD).is_file():
        raise ParameterError(f"{d}: not a risk model folder (needs {MODEL} and {CARD})")
    obj = joblib.load(d / MODEL)
    return RiskModel(card=json.loads((d / CARD).read_text()), **obj)


def predict_frame(model: RiskModel, df: pd.DataFrame, draws: bool = False) -> Any:
    """Prediction table of a design frame: keys, p_onset, p_lo, p_hi (and observed)."""
    p, d = model.predict(df, draws=True)
    out = pd.DataFrame({"ccode1": df["ccode1"].to_numpy(), "ccode2": df["ccode2"].to_numpy(),
                        "year": df["year"].to_numpy(), "p_onset": p,
                        "p_lo": np.minimum(np.percentile(d, 5, axis=0), p),
                        "p_hi": np.maximum(np.percentile(d, 95, axis=0), p)})  # fmt: skip
    if "onset" in df.columns:
        out["observed"] = df["onset"].to_numpy()
    out["region"] = df["region"].to_numpy()
    return (out, d) if draws else out


def predict_store(
    model: RiskModel, store: Store | str | Path | None, years: tuple[int, int]
) -> pd.DataFrame:
    """Predictions for every non-directed COW dyad-year of ``years`` in the store."""
    if years[1] > MID_LAST:
        raise ParameterError(
            f"the store's MID data end in {MID_LAST}; years after that need the shipped "
            "model's carried-forward prediction (alliancelab.risk.predict_default)"
        )
    raw = _raw_for(model, store, years)
    out: pd.DataFrame = predict_frame(model, F.design(raw, years))
    return out


#: The shipped default model (trained on the official data 1816-2014).
DEFAULT = Path(__file__).with_name("default")


def load_default() -> RiskModel:
    """The shipped default model (no store needed): trained 1816-2014 on COW MID 5.0, COW
    states 2016, ATOP 5.1, NMC 7.0, COW contiguity and Thompson & Dreyer rivalries, with
    ``seed=0``; ``fit_store(store, train_end=2014, test_end=None)`` on the same data
    versions reproduces it (``tests/risk/test_risk_default.py``)."""
    return load(DEFAULT)


def _coverage_end(raw: pd.DataFrame) -> dict[str, int]:
    """Last year each lagged source column has data in the raw panel."""
    out = {}
    cols = {"cowmidongoing": "cow_mid", "conttype": "cow_contiguity", "cinc1": "cow_nmc",
            "atop_defense": "atop", "rival": "rivalries"}  # fmt: skip
    for col, src in cols.items():
        yrs = raw.loc[raw[col].notna(), "year"]
        out[src] = int(yrs.max()) if len(yrs) else 0
    return out


def predict_forward(
    model: RiskModel, store: Store | str | Path | None, years: tuple[int, int]
) -> pd.DataFrame:
    """Predictions for ``years`` up to any year (e.g. 2024), covariates carried forward.

    The state system is carried past its 2016 end (``create_dyad_years(extend_to=...)``,
    peacesciencer's ``mry``); each feature of a year beyond its source's coverage is the
    dyad's last covered value (peace years keep counting, no MID being known after 2014).
    Column ``carried_forward`` names the sources whose coverage ends before ``year - 1``
    ("" when none); ``observed`` is NA past the MID coverage.
    """
    last = max(years[1], MID_LAST)
    raw = _raw_for(model, store, (years[0], last), extend_to=last if last > 2016 else None)
    cov = _coverage_end(raw)
    df = F.design(raw, years, unobserved=True)
    out: pd.DataFrame = predict_frame(model, df)
    y = out["year"].to_numpy()
    flags = np.full(len(out), "", dtype=object)
    for src, end in sorted(cov.items()):
        m = y - 1 > end
        flags[m] = [f"{f},{src}" if f else src for f in flags[m]]
    out["carried_forward"] = flags
    return out


def attach_validation(model_dir: str | Path, fits: dict[str, str | Path]) -> dict[str, Any]:
    """Copy the held-out metrics of other fits into a model folder's card.

    ``fits`` maps a label (``"structural"``, ``"full"``) to a model folder fitted with a
    held-out span (e.g. ``risk fit --train-end 1989``); the card of ``model_dir`` gets
    ``held_out_<first held-out year - 1>[label]`` = that fit's ``held_out`` block with its
    feature set and training span (the block's other labels are kept). The shipped
    default's card is completed this way (docs/risk.md); the model itself is unchanged.
    """
    d = Path(model_dir)
    card = json.loads((d / CARD).read_text())
    blocks: dict[str, dict[str, Any]] = {}
    for label, path in fits.items():
        other = json.loads((Path(path) / CARD).read_text())
        if "held_out" not in other:
            raise ParameterError(f"{path}: the fit has no held-out years")
        key = f"held_out_{other['training_span'][1]}"
        blocks[key] = blocks.get(key, dict(card.get(key, {})))  # other labels are kept
        blocks[key][label] = {
            "feature_set": other.get("feature_set", "full"),
            "training_span": other["training_span"],
            **other["held_out"],
        }
    card.update(blocks)
    (d / CARD).write_text(json.dumps(card, indent=1, default=_json) + "\n")
    return card
