"""Risk from one Snapshot: the structural features and ``predict_snapshot``.

The shipped default model (:func:`alliancelab.risk.engine.load_default`) uses the
**structural** feature set (:data:`~.features.STRUCTURAL`): everything it reads is in a
:class:`~alliancelab.snapshot.Snapshot` of either data source, so it predicts on the
curated reference data with no store, to 2024, and on scenario edits of a snapshot.

For a snapshot of year ``Y`` the features are the system of ``Y`` and the prediction is
for onsets in ``Y + 1`` (the model maps covariates of ``t - 1`` to onset in ``t``, see
:mod:`.features`): output column ``year`` is ``Y + 1``, ``feature_year`` is ``Y``.

Per dyad of the snapshot's in-region states (``ccode1 < ccode2``):

- ``contig``, ``land``: COW direct contiguity of ``Y``
  (:func:`alliancelab.reference.contiguity` for the reference data, COW Direct Contiguity
  v3.2 extended to 2024; for a store snapshot the store's COW contiguity through
  :func:`alliancelab.panels.add_contiguity`, its last year (2016) carried forward);
- ``cinc_hi``, ``cinc_lo``, ``log_ratio``: log10 of ``Snapshot.capability`` (CINC, floor
  1e-6; NaN when unknown);
- ``majors``: COW major powers of ``Y`` (``measures._military.major_powers``);
- ``defense``, ``alliance``: a defence obligation / any obligation in either direction
  (``Snapshot.obligations``), so a scenario edit of the ties changes them;
- ``kappa``: Häge's (2011) kappa of the two alliance portfolios
  (:func:`alliancelab.measures.similarity.portfolio_matrix`) over the snapshot's states
  (the panel computes it over the whole system: pass a world snapshot for the same value);
- ``rival``: ``Snapshot.rivalry`` (NaN for a store snapshot after 2010, Thompson &
  Dreyer's last year, as in training);
- ``region``, ``same_region``, ``region_code``, ``era``: as in :mod:`.features`.

``carried_forward`` names what is extended past its source's coverage for the row:
``capability`` (a state's ``capability_kind`` is ``carried``, ``proxy``, ``interpolated``
or ``missing``), ``contiguity`` (after 2016), ``rivalries`` (after 2010 for the store;
the reference list is curated to 2024 and not flagged).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from ..errors import ParameterError
from ..reference import OBLIGATIONS
from .features import REGION_CODES, STRUCTURAL, _region5

if TYPE_CHECKING:
    from ..snapshot import Snapshot
    from .model import RiskModel

#: Last year of COW Direct Contiguity (later years carry the 2016 spells forward).
CONTIGUITY_LAST = 2016
#: Last year of Thompson & Dreyer's strategic rivalries in the store.
RIVALRY_LAST = 2010
_CARRIED_KINDS = ("carried", "proxy", "interpolated", "missing")


def _store_of(snapshot: Snapshot) -> Any:
    from ..snapshot import StoreData

    src = snapshot.source
    return src.store if isinstance(src, StoreData) else None


def _contiguity(snapshot: Snapshot, a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """COW contiguity type (0 none, 1-5) of the dyads ``(a, b)`` in the snapshot's year."""
    year = min(snapshot.year, CONTIGUITY_LAST)
    store = _store_of(snapshot)
    if store is not None and store.has("cow_contiguity"):
        from .. import panels as P

        df = P.create_dyad_years(directed=False, years=(year, year), store=store)
        df = P.add_contiguity(df)
        df = df.assign(conttype=pd.to_numeric(df["conttype"]).fillna(0))
    else:
        from ..reference import contiguity

        df = contiguity(snapshot.year)
    keys = zip(df["ccode1"].astype(int), df["ccode2"].astype(int), strict=True)
    table = dict(zip(keys, df["conttype"].astype(int), strict=True))
    return np.array([table.get((int(x), int(y)), 0) for x, y in zip(a, b, strict=True)], float)


def alliance_matrices(snapshot: Snapshot) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The alliance-derived risk features of every pair of the snapshot's states.

    The one rule for them, used by :func:`snapshot_features`, the alliance backtest and
    the policy bridge: ``defense`` (an ATOP defence obligation either way), ``alliance``
    (any ATOP obligation either way, as :func:`alliancelab.panels.add_atop_alliance`)
    and ``kappa`` (Häge's 2011 kappa of the two alliance portfolios,
    :func:`alliancelab.measures.similarity.portfolio_matrix`), each an n x n matrix.
    """
    from ..kernels.similarity import kappa_matrix
    from ..measures.similarity import portfolio_matrix

    ob = np.asarray(snapshot.obligations, dtype=bool)
    d = ob[:, :, OBLIGATIONS.index("defense")]
    anyob = ob.any(axis=2)
    kappa = np.asarray(kappa_matrix(portfolio_matrix(snapshot)), dtype=float)
    return (d | d.T).astype(float), (anyob | anyob.T).astype(float), kappa


#: Which states :func:`snapshot_features` scores.
STATES = ("region", "all")


def snapshot_features(snapshot: Snapshot, states: str = "region") -> pd.DataFrame:
    """The structural features of every dyad of the snapshot's states.

    The one rule that turns a snapshot into the shipped model's design rows, used by
    :func:`predict_snapshot` (brief, web risk view) and by the policy layer.

    Parameters
    ----------
    snapshot : Snapshot
        Any snapshot (reference or store, a scenario edit).
    states : {"region", "all"}
        ``"region"`` (default): the dyads of the snapshot's in-region states;
        ``"all"``: every dyad of the snapshot's states (the region and its allies
        outside it), rows in the order of ``numpy.triu_indices`` over
        ``snapshot.ccodes``. The features of a dyad do not depend on this choice.

    Returns
    -------
    DataFrame
        ``ccode1, ccode2, year`` (the year predicted, ``snapshot.year + 1``: the model
        maps covariates of ``t - 1`` to onset in ``t``), ``feature_year``
        (``snapshot.year``, the year the features describe), the
        :data:`~.features.STRUCTURAL` columns, ``region`` and ``carried_forward``
        (module docstring). One row per non-directed dyad.
    """
    from ..measures._military import major_powers

    if states not in STATES:
        raise ParameterError(f"states must be one of {STATES}, got {states!r}")
    codes = np.asarray(snapshot.ccodes, dtype=np.int64)
    if states == "all":
        inside = np.arange(len(codes))
    else:
        inside = np.flatnonzero(np.asarray(snapshot.in_region, dtype=bool))
    if len(inside) < 2:
        raise ParameterError(f"the {snapshot.year} snapshot has fewer than two states")
    ii, jj = np.triu_indices(len(inside), k=1)
    i, j = inside[ii], inside[jj]
    a, b = codes[i], codes[j]
    y = snapshot.year
    out = pd.DataFrame({"ccode1": a, "ccode2": b, "year": y + 1, "feature_year": y})
    ct = _contiguity(snapshot, a, b)
    out["contig"] = np.where(ct >= 1, 6 - ct, 0.0)
    out["land"] = (ct == 1).astype(float)
    cap = np.asarray(snapshot.capability, dtype=float)
    c1, c2 = cap[i], cap[j]
    hi = np.log10(np.maximum(np.fmax(c1, c2), 1e-6))
    lo = np.log10(np.maximum(np.fmin(c1, c2), 1e-6))
    miss = np.isnan(c1) | np.isnan(c2)
    out["cinc_hi"] = np.where(miss, np.nan, hi)
    out["cinc_lo"] = np.where(miss, np.nan, lo)
    out["log_ratio"] = out["cinc_hi"] - out["cinc_lo"]
    majors = major_powers(min(y, 2024))
    is_major = np.array([c in majors for c in codes], dtype=float)
    out["majors"] = is_major[i] + is_major[j]
    defense, alliance, K = alliance_matrices(snapshot)
    out["defense"] = defense[i, j]
    out["alliance"] = alliance[i, j]
    out["kappa"] = K[i, j]
    store = _store_of(snapshot)
    riv = np.asarray(snapshot.rivalry, dtype=bool)[i, j].astype(float)
    if store is not None and y > RIVALRY_LAST:
        riv = np.full(len(out), np.nan)
    out["rival"] = riv
    r1 = np.array([_region5(c) for c in a])
    r2 = np.array([_region5(c) for c in b])
    region = np.where(r1 == r2, r1, "inter")
    out["region"] = region
    out["same_region"] = (r1 == r2).astype(float)
    out["region_code"] = pd.Series(region).map({r: float(k) for k, r in enumerate(REGION_CODES)})
    t = y + 1
    out["era"] = 0.0 if t < 1914 else 1.0 if t < 1946 else 2.0 if t < 1990 else 3.0
    out["carried_forward"] = _flags(snapshot, i, j, store is not None)
    return out


def _flags(snapshot: Snapshot, i: np.ndarray, j: np.ndarray, is_store: bool) -> np.ndarray:
    kind = np.array([k in _CARRIED_KINDS for k in snapshot.capability_kind], dtype=bool)
    cap = kind[i] | kind[j]
    common = []
    if snapshot.year > CONTIGUITY_LAST:
        common.append("contiguity")
    if is_store and snapshot.year > RIVALRY_LAST:
        common.append("rivalries")
    base = ",".join(common)
    with_cap = ",".join(["capability", *common])
    return np.where(cap, with_cap, base).astype(object)


def predict_snapshot(snapshot: Snapshot, model: RiskModel | None = None) -> pd.DataFrame:
    """P(MID onset) in ``snapshot.year + 1`` for every dyad of the snapshot's states.

    Parameters
    ----------
    snapshot : Snapshot
        Any snapshot (reference or store, a year or a date, a scenario edit); a world
        snapshot gives ``kappa`` as in training (see :func:`snapshot_features`).
    model : RiskModel, optional
        A model fitted on the structural features (default: the shipped model,
        :func:`alliancelab.risk.engine.load_default`).

    Returns
    -------
    DataFrame
        ``ccode1, ccode2, year, p_onset, p_lo, p_hi`` (90% bootstrap interval of the
        calibration, :mod:`.model`), ``region``, ``carried_forward``, ``feature_year``.
        Feed it to :func:`alliancelab.risk.region_year_risk` for regional totals.
    """
    from .engine import load_default, predict_frame

    m = model if model is not None else load_default()
    extra = [f for f in m.features if f not in STRUCTURAL]
    if extra:
        raise ParameterError(
            f"the model uses features a snapshot does not carry ({', '.join(extra)}); "
            "fit it with `alliancelab risk fit --features structural`"
        )
    df = snapshot_features(snapshot)
    out: pd.DataFrame = predict_frame(m, df)
    out["carried_forward"] = df["carried_forward"].to_numpy()
    out["feature_year"] = df["feature_year"].to_numpy()
    return out
