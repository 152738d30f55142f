"""Conflict risk: P(MID onset) for non-directed dyad-years, estimated and validated out of sample.

The outcome is COW MID 5.0 onset (Palmer et al. 2022) on non-directed COW dyad-years,
ongoing non-onset years dropped; every time-varying feature is lagged one year within the
dyad (:mod:`.features`). Two models (:mod:`.model`): a scikit-learn
HistGradientBoostingClassifier and a logit with Aronow, Samii & Assenova (2015)
dyadic-clustered standard errors (the transparent baseline); the predictions are their
ensemble (mean log-odds, isotonic calibration), tuned and chosen only by year-block
cross-validation (:class:`.cv.YearBlockSplit`, :func:`.model.cv_recipe`). :mod:`.engine`
fits on a store, saves a model folder with its model card and predicts;
:func:`.metrics.region_year_risk` turns dyad predictions into P(at least one onset) and
expected onsets per region-year.
:mod:`.structural` computes the structural features of a Snapshot (either data source,
scenario edits included) and :func:`predict_snapshot` applies the shipped default to it:
the entry points of policy and the web dashboard (``predict_snapshot``,
``region_year_risk``).
docs/risk.md has the validation and the commands.
"""

from .cv import YearBlockSplit
from .engine import fit_store, load, load_default, predict_frame, predict_store, save
from .features import FEATURE_SETS, FEATURES, STRUCTURAL, build, design, raw_panel
from .metrics import evaluate, region_year_risk, scores, targets_met
from .model import RiskModel, fit
from .structural import predict_snapshot, snapshot_features

__all__ = [
    "FEATURES",
    "FEATURE_SETS",
    "STRUCTURAL",
    "RiskModel",
    "YearBlockSplit",
    "build",
    "design",
    "evaluate",
    "fit",
    "fit_store",
    "load",
    "load_default",
    "predict_frame",
    "predict_snapshot",
    "predict_store",
    "raw_panel",
    "region_year_risk",
    "save",
    "scores",
    "snapshot_features",
    "targets_met",
]
