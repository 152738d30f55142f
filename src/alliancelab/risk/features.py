"""The risk model's design matrix: non-directed COW dyad-years, MID onset, lagged covariates.

Rows are the non-directed COW dyad-years (:func:`alliancelab.panels.create_dyad_years`)
with COW MID 5.0 (Palmer et al. 2022) from :func:`alliancelab.panels.add_cow_mids`.
The outcome ``onset`` is ``cowmidonset``; years in which a dispute is ongoing but did not
start that year are dropped (the convention of Bennett & Stam 2000 and peacesciencer's
vignettes), as are years outside the MID coverage (1816-2014).

Every time-varying covariate is **lagged one year within the dyad**: the feature of year
``t`` is the covariate of ``t - 1`` (NA in the dyad's first year). The peace spell
(``cowmidspell``, Beck, Katz & Tucker 1998) of year ``t`` counts only the years before
``t`` by construction (peacesciencer's rule), and the previous year's ongoing dispute is
``mid_lag``; no feature reads year-``t`` MID data (``tests/risk/test_no_leakage.py``).

Features (columns of :data:`FEATURES`):

- ``contig``: COW direct contiguity type at ``t-1`` (0 none, 1 land ... 5 by 400 miles of
  water; COW Direct Contiguity 3.2), recoded so higher is closer (``6 - conttype``, 0 if
  not contiguous), and ``land`` (``conttype == 1``);
- ``cinc_hi``, ``cinc_lo``: log10 CINC of the stronger and weaker state (NMC 7.0),
  ``log_ratio``: log10 of their ratio (Bremer 1992);
- ``majors``: number of COW major powers in the dyad (0-2);
- ``defense``, ``alliance``: ATOP 5.1 defence pact / any ATOP obligation between them;
- ``kappa``: alliance-portfolio similarity (Häge 2011's kappa);
- ``spell``: peace years (log1p), ``mid_lag``: MID ongoing in ``t-1``;
  ``mid_prev``: number of MID onsets in the dyad's last 10 years (to ``t-1``);
- ``rival``: a Thompson & Dreyer strategic rivalry in force at ``t-1`` (when imported);
- ``same_region`` and ``region``: the dyad's COW region (a category: each of the five
  regions when both states lie in it, ``inter`` otherwise);
- ``era``: the year's era (pre-1914, 1914-45, 1946-89, post-1989);
- ``dyad_age``: log1p of the years since the dyad entered the system (both states
  members; capped at 50; 1816 is year 0), a system-membership fact known in advance;
- ``state_mid_hi``, ``state_mid_lo``: log1p of each state's MID onsets with any state in
  ``t-5``..``t-1`` (COW MID 5.0), the higher and the lower of the two states (chosen by
  year-block CV on the training span, docs/risk.md).
"""

from __future__ import annotations

import itertools
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from ..codes import region_of

if TYPE_CHECKING:
    from ..store import Store

#: Feature columns, in the order of the design matrix.
FEATURES: tuple[str, ...] = (
    "contig",
    "land",
    "cinc_hi",
    "cinc_lo",
    "log_ratio",
    "majors",
    "defense",
    "alliance",
    "kappa",
    "spell",
    "mid_lag",
    "mid_prev",
    "rival",
    "same_region",
    "region_code",
    "era",
    "dyad_age",
    "state_mid_hi",
    "state_mid_lo",
)
#: The "structural" feature set: every feature computable from one :class:`Snapshot` of
#: either data source (no MID history, no dyad age), so the shipped default predicts on
#: the reference data with no store (:func:`alliancelab.risk.snapshot_features`).
STRUCTURAL: tuple[str, ...] = (
    "contig",
    "land",
    "cinc_hi",
    "cinc_lo",
    "log_ratio",
    "majors",
    "defense",
    "alliance",
    "kappa",
    "rival",
    "same_region",
    "region_code",
    "era",
)
#: The issue-14 covariates (NA where the store lacks their source; the GBM takes NaN).
COVARIATES: tuple[str, ...] = (
    "capdist",
    "mindist",
    "dem_lo",
    "dem_hi",
    "gdppc_lo",
    "gdppc_hi",
    "terr_hi",
    "deter_uncond",
    "deter_cond",
)
#: ``full`` plus :data:`COVARIATES`.
EXTENDED: tuple[str, ...] = FEATURES + COVARIATES
#: Named feature sets (``alliancelab risk fit --features NAME``).
FEATURE_SETS: dict[str, tuple[str, ...]] = {
    "full": FEATURES,
    "structural": STRUCTURAL,
    "extended": EXTENDED,
}
#: Store sources of the covariates, and the panel columns each adds.
_COVARIATE_SOURCES: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("capitals", "add_capital_distance", ("capdist",)),
    ("cow_mindist", "add_minimum_distance", ("mindist",)),
    ("democracy", "add_democracy", ("euds1", "euds2")),
    ("gdp_pop", "add_sim_gdp_pop", ("mrgdppc1", "mrgdppc2")),
    ("terrthreat", "add_latent_territorial_threat", ("lterrthreat1", "lterrthreat2")),
)
_PROVISIONS = ("atop_deter_uncond", "atop_deter_cond")
#: The five COW regions a dyad can lie inside (Oceania counts as Asia, COW's practice).
REGION_CODES: tuple[str, ...] = ("americas", "europe", "africa", "middle_east", "asia", "inter")
#: Region categories the intra-regional calibration is checked on.
FIVE_REGIONS: tuple[str, ...] = REGION_CODES[:5]

_LAGGED = ("conttype", "cinc1", "cinc2", "cowmaj1", "cowmaj2", "atop_defense",
           "atop_alliance", "kappa", "rival", "cowmidongoing")  # fmt: skip


def _region5(ccode: int) -> str:
    r = region_of(int(ccode))
    return "asia" if r == "oceania" else r


#: The last panel built (key, frame): :func:`raw_panel` serves later calls with the same
#: store contents and options and an end year within it from a copy of its rows.
_CACHE: list[tuple[tuple[Any, ...], pd.DataFrame]] = []


def _cache_key(store: Store | str | Path | None, *opts: Any) -> tuple[Any, ...]:
    """The store file and its import records (versions and file hashes), and the options."""
    from ..store import Store as _Store

    st = store if isinstance(store, _Store) else _Store(store)
    imp = st.imports()
    rec = tuple(sorted((str(r["source"]), str(r["version"]), tuple(map(str, r["sha256"])))
                       for r in imp.to_dict("records")))  # fmt: skip
    return (str(Path(st.path).resolve()), rec, *opts)


def raw_panel(
    store: Store | str | Path | None,
    years: tuple[int, int],
    extend_to: int | None = None,
    covariates: bool = False,
    outcome: str = "cow",
) -> pd.DataFrame:
    """The non-directed dyad-year panel with the covariates the features are built from.

    Cached: a call with the same store contents (import records) and options whose end
    year is within the last panel built returns a copy of that panel's rows up to
    ``years[1]`` (a year's values do not depend on where the panel ends), so a test
    session or a fit-then-predict run builds the panel once. See :func:`_raw_panel`.
    """
    key = _cache_key(store, extend_to, covariates, outcome)
    if _CACHE and _CACHE[0][0] == key and int(_CACHE[0][1]["year"].max()) >= years[1]:
        full = _CACHE[0][1]
        out = full.loc[full["year"].to_numpy() <= years[1]].reset_index(drop=True)
        out.attrs = {k: (dict(v) if isinstance(v, dict) else v) for k, v in full.attrs.items()}
        return out
    out = _raw_panel(store, years, extend_to, covariates, outcome)
    _CACHE[:] = [(key, out.copy())]
    _CACHE[0][1].attrs = dict(out.attrs)
    return out


def _raw_panel(
    store: Store | str | Path | None,
    years: tuple[int, int],
    extend_to: int | None = None,
    covariates: bool = False,
    outcome: str = "cow",
) -> pd.DataFrame:
    """The non-directed dyad-year panel with the covariates the features are built from.

    The panel always starts in 1816 (peace spells, recent onsets and the dyad's age need
    the whole history); it ends in ``years[1]``. ``covariates=True`` adds the issue-14
    covariates of :data:`COVARIATES` whose source is in the store (the others stay NA).
    ``outcome="gml"`` puts the Gibler-Miller-Little MIDs (``add_gml_mids``, 1816-2010)
    in the columns ``cowmidonset``/``cowmidongoing`` the features read (the peace spell,
    ``mid_lag`` and ``mid_prev`` then count GML disputes too); ``attrs["outcome"]`` says
    which.
    """
    from .. import panels as P

    df = P.create_dyad_years(
        directed=False, years=(1816, years[1]), store=store, extend_to=extend_to
    )
    df = df.pipe(P.add_cow_mids)
    if outcome == "gml":
        df = P.add_gml_mids(df, keep=())
        df["cowmidonset"] = df["gmlmidonset"]
        df["cowmidongoing"] = df["gmlmidongoing"]
    elif outcome != "cow":
        raise ValueError(f"outcome must be 'cow' or 'gml', got {outcome!r}")
    df = df.pipe(P.add_peace_years).pipe(P.add_contiguity)
    df = df.pipe(P.add_nmc).pipe(P.add_cow_majors).pipe(P.add_atop_alliance)
    df = P.add_similarity(df, measures=("kappa",))
    keep = ["ccode1", "ccode2", "year", "cowmidonset", "cowmidongoing", "cowmidspell",
            "conttype", "cinc1", "cinc2", "cowmaj1", "cowmaj2", "atop_defense",
            "atop_alliance", "kappa"]  # fmt: skip
    out = pd.DataFrame({c: pd.to_numeric(df[c], errors="coerce").astype("float64")
                        for c in keep})  # fmt: skip
    out["rival"] = _rivalry_flag(out, store)
    if covariates:
        df = _add_covariates(df, store, out)
    out.attrs["sources"] = dict(df.attrs.get("alliancelab", {}).get("sources", {}))
    out.attrs["outcome"] = outcome
    return out


def _add_covariates(df: pd.DataFrame, store: Store | str | Path | None, out: pd.DataFrame) -> Any:
    """Add the issue-14 covariate columns to ``out`` (NaN where the source is absent)."""
    from .. import panels as P
    from ..store import Store as _Store

    st = store if isinstance(store, _Store) else _Store(store)
    for source, verb, cols in _COVARIATE_SOURCES:
        if st.has(source):
            fn = getattr(P, verb)
            df = fn(df) if verb.endswith("distance") else fn(df, keep=(cols[0][:-1],))
        for c in cols:
            has = c in df.columns
            out[c] = pd.to_numeric(df[c], errors="coerce").astype("float64") if has else np.nan
    from ..errors import CoverageError

    try:  # needs ATOP's atopinst5_1.csv imported with the member file
        df = P.add_atop_provisions(df)
    except CoverageError:
        for c in _PROVISIONS:
            out[c] = np.nan
        return df
    for c in _PROVISIONS:
        out[c] = pd.to_numeric(df[c], errors="coerce").astype("float64")
    return df


def _rivalry_flag(df: pd.DataFrame, store: Store | str | Path | None) -> np.ndarray:
    """1 when a Thompson & Dreyer strategic rivalry is in force that year, NA if absent."""
    from ..store import Store as _Store

    st = store if isinstance(store, _Store) else _Store(store)
    if not st.has("rivalries"):
        return np.full(len(df), np.nan)
    riv = st.read("rivalries", "rivalries")
    out = np.zeros(len(df))
    key = df["ccode1"].to_numpy() * 1000 + df["ccode2"].to_numpy()
    year = df["year"].to_numpy()
    ends = pd.to_numeric(riv["endyear"]).fillna(2020).to_numpy(dtype=np.int64)
    r1, r2 = riv["ccode1"].to_numpy(dtype=np.int64), riv["ccode2"].to_numpy(dtype=np.int64)
    starts = riv["styear"].to_numpy(dtype=np.int64)
    for a0, b0, st0, end in zip(r1, r2, starts, ends, strict=True):
        a, b = min(a0, b0), max(a0, b0)
        out[(key == a * 1000 + b) & (year >= st0) & (year <= end)] = 1.0
    out[year > 2010] = np.nan  # T&D coverage ends 2010
    return out


def _lags(df: pd.DataFrame, cols: tuple[str, ...]) -> dict[str, np.ndarray]:
    """Each column's last known value in the same dyad *before* each row's year.

    The value of ``t - 1`` when present, else the latest earlier non-missing value of the
    dyad (a covariate past its source's coverage is carried forward; it never looks at
    year ``t`` or later); NA in a dyad's first year.
    """
    order = np.lexsort([df["year"].to_numpy(), df["ccode2"].to_numpy(), df["ccode1"].to_numpy()])
    s = df.iloc[order]
    g = pd.Series(s["ccode1"].to_numpy() * 1000 + s["ccode2"].to_numpy())
    out: dict[str, np.ndarray] = {}
    for c in cols:
        v = pd.Series(s[c].to_numpy(dtype="float64"))
        prev = v.groupby(g).shift(1).groupby(g).ffill().to_numpy()
        res = np.empty(len(df))
        res[order] = prev
        out[c] = res
    return out


def _recent_onsets(df: pd.DataFrame, window: int = 10) -> np.ndarray:
    """Onsets in the dyad over the ``window`` years before each year (years < t only)."""
    order = np.lexsort([df["year"].to_numpy(), df["ccode2"].to_numpy(), df["ccode1"].to_numpy()])
    s = df.iloc[order]
    g = s["ccode1"].to_numpy() * 1000 + s["ccode2"].to_numpy()
    on = pd.Series(s["cowmidonset"].fillna(0).to_numpy(), index=s["year"].to_numpy())
    res = np.zeros(len(s))
    start = np.r_[0, np.flatnonzero(g[1:] != g[:-1]) + 1, len(s)]
    ys = s["year"].to_numpy()
    cs = np.r_[0.0, np.cumsum(on.to_numpy())]
    for a, b in itertools.pairwise(start):
        yy = ys[a:b]
        lo = np.searchsorted(yy, yy - window, side="left") + a
        hi = np.arange(a, b)  # exclusive of the current row
        res[a:b] = cs[hi] - cs[lo]
    out = np.empty(len(s))
    out[order] = res
    return out


def _spell(df: pd.DataFrame) -> np.ndarray:
    """Peace years at t: years since the dyad's last ongoing MID before t (peacesciencer's
    ``add_peace_years`` rule, Beck, Katz & Tucker 1998), from years < t only."""
    order = np.lexsort([df["year"].to_numpy(), df["ccode2"].to_numpy(), df["ccode1"].to_numpy()])
    s = df.iloc[order]
    g = s["ccode1"].to_numpy() * 1000 + s["ccode2"].to_numpy()
    ev = s["cowmidongoing"].fillna(0).to_numpy() != 0
    n = len(s)
    idx = np.arange(n)
    start = np.r_[True, g[1:] != g[:-1]]
    gstart = np.maximum.accumulate(np.where(start, idx, 0))
    last_ev = np.maximum.accumulate(np.where(ev, idx, -1))
    prev_ev = np.r_[-1, last_ev[:-1]]
    sp = np.where(prev_ev >= gstart, idx - prev_ev - 1, idx - gstart).astype(float)
    out = np.empty(n)
    out[order] = sp
    return out


def _state_recent_onsets(raw: pd.DataFrame, window: int = 5) -> tuple[np.ndarray, np.ndarray]:
    """Each state's MID onsets with any state over the ``window`` years before each year.

    Returns the higher and the lower count of the dyad's two states (log1p), from years
    ``t - window`` to ``t - 1`` only (COW MID 5.0 dyadic onsets, every partner in the
    panel): a state's recent conflict involvement, the monadic counterpart of the dyad's
    own ``mid_prev``. A year past the MID coverage adds no onset.
    """
    y = raw["year"].to_numpy(dtype=np.int64)
    on = np.nan_to_num(raw["cowmidonset"].to_numpy(dtype=np.float64))
    c1 = raw["ccode1"].to_numpy(dtype=np.int64)
    c2 = raw["ccode2"].to_numpy(dtype=np.int64)
    codes = np.unique(np.r_[c1, c2])
    i1, i2 = np.searchsorted(codes, c1), np.searchsorted(codes, c2)
    y0 = int(y.min())
    t = y - y0
    m = np.zeros((len(codes), int(t.max()) + 1))
    np.add.at(m, (i1, t), on)
    np.add.at(m, (i2, t), on)
    cum = np.concatenate([np.zeros((len(codes), 1)), np.cumsum(m, axis=1)], axis=1)
    lo = np.maximum(t - window, 0)  # cum[:, k] = onsets of years before y0 + k
    s1 = cum[i1, t] - cum[i1, lo]
    s2 = cum[i2, t] - cum[i2, lo]
    return np.log1p(np.maximum(s1, s2)), np.log1p(np.minimum(s1, s2))


def design(raw: pd.DataFrame, years: tuple[int, int], unobserved: bool = False) -> pd.DataFrame:
    """Features, outcome and keys for ``years`` (inclusive) from :func:`raw_panel`'s frame.

    Returns columns ``ccode1, ccode2, year, onset`` and :data:`FEATURES`; rows are the
    dyad-years inside the MID coverage with no ongoing dispute that began earlier
    (``unobserved=True`` keeps the years past the coverage too, ``onset`` NA there; their
    features are carried forward from the last covered year, as :func:`_lags` does).
    """
    lag = _lags(raw, _LAGGED)
    out = pd.DataFrame({"ccode1": raw["ccode1"].astype("int64"),
                        "ccode2": raw["ccode2"].astype("int64"),
                        "year": raw["year"].astype("int64")})  # fmt: skip
    ct = lag["conttype"]
    out["contig"] = np.where(ct >= 1, 6 - ct, np.where(np.isnan(ct), np.nan, 0.0))
    out["land"] = np.where(np.isnan(ct), np.nan, (ct == 1).astype(float))
    c1, c2 = lag["cinc1"], lag["cinc2"]
    floor = 1e-6
    hi = np.log10(np.maximum(np.fmax(c1, c2), floor))
    lo = np.log10(np.maximum(np.fmin(c1, c2), floor))
    missing = np.isnan(c1) | np.isnan(c2)
    out["cinc_hi"] = np.where(missing, np.nan, hi)
    out["cinc_lo"] = np.where(missing, np.nan, lo)
    out["log_ratio"] = out["cinc_hi"] - out["cinc_lo"]
    out["majors"] = np.nan_to_num(lag["cowmaj1"]) + np.nan_to_num(lag["cowmaj2"])
    out["defense"] = lag["atop_defense"]
    out["alliance"] = lag["atop_alliance"]
    out["kappa"] = lag["kappa"]
    out["spell"] = np.log1p(_spell(raw))
    out["mid_lag"] = lag["cowmidongoing"]
    out["mid_prev"] = _recent_onsets(raw)
    out["rival"] = lag["rival"]
    codes = np.unique(np.r_[raw["ccode1"].to_numpy(), raw["ccode2"].to_numpy()]).astype(int)
    reg = {c: _region5(c) for c in codes}
    r1 = raw["ccode1"].astype(int).map(reg).to_numpy()
    r2 = raw["ccode2"].astype(int).map(reg).to_numpy()
    region = np.where(r1 == r2, r1, "inter")
    out["region"] = region
    out["same_region"] = (r1 == r2).astype(float)
    out["region_code"] = pd.Series(region).map({r: float(i) for i, r in enumerate(REGION_CODES)})
    y = out["year"].to_numpy()
    out["era"] = np.select([y < 1914, y < 1946, y < 1990], [0.0, 1.0, 2.0], 3.0)
    key = raw["ccode1"].to_numpy() * 1000 + raw["ccode2"].to_numpy()
    first = pd.Series(y).groupby(key).transform("min").to_numpy()
    out["dyad_age"] = np.log1p(np.minimum(y - first, 50))
    out["state_mid_hi"], out["state_mid_lo"] = _state_recent_onsets(raw)
    if "capdist" in raw.columns:
        _covariate_features(out, _lags(raw, _COVARIATE_LAGGED))
    out["onset"] = raw["cowmidonset"].to_numpy()
    ongoing = raw["cowmidongoing"].to_numpy()
    keep = (y >= years[0]) & (y <= years[1])
    if not unobserved:  # years past the MID coverage are kept only on request
        keep &= ~np.isnan(out["onset"].to_numpy())
    keep &= ~((ongoing == 1) & (out["onset"].to_numpy() == 0))
    res = out.loc[keep].reset_index(drop=True)
    res["onset"] = res["onset"].astype("Int64" if unobserved else "int64")
    res.attrs["sources"] = raw.attrs.get("sources", {})
    return res


_COVARIATE_LAGGED = ("capdist", "mindist", "euds1", "euds2", "mrgdppc1", "mrgdppc2",
                     "lterrthreat1", "lterrthreat2", *_PROVISIONS)  # fmt: skip


def _covariate_features(out: pd.DataFrame, lag: dict[str, np.ndarray]) -> None:
    """:data:`COVARIATES` from the lagged panel columns (weak-link min/max, Dixon 1994)."""
    out["capdist"] = np.log1p(lag["capdist"])
    out["mindist"] = np.log1p(lag["mindist"])
    out["dem_lo"] = np.fmin(lag["euds1"], lag["euds2"])
    out["dem_hi"] = np.fmax(lag["euds1"], lag["euds2"])
    out["gdppc_lo"] = np.log(np.fmin(lag["mrgdppc1"], lag["mrgdppc2"]))
    out["gdppc_hi"] = np.log(np.fmax(lag["mrgdppc1"], lag["mrgdppc2"]))
    out["terr_hi"] = np.fmax(lag["lterrthreat1"], lag["lterrthreat2"])
    out["deter_uncond"] = lag["atop_deter_uncond"]
    out["deter_cond"] = lag["atop_deter_cond"]


def build(store: Store | str | Path | None, years: tuple[int, int]) -> pd.DataFrame:
    """:func:`design` of :func:`raw_panel` for ``years`` (inclusive)."""
    return design(raw_panel(store, years), years)


def feature_set(name: str) -> tuple[str, ...]:
    """The features of a named set (:data:`FEATURE_SETS`); ParameterError otherwise."""
    from ..errors import ParameterError

    if name not in FEATURE_SETS:
        raise ParameterError(f"unknown feature set {name!r}; use one of {sorted(FEATURE_SETS)}")
    return FEATURE_SETS[name]


def matrix(df: pd.DataFrame, features: tuple[str, ...] = FEATURES) -> Any:
    """The float32 design matrix of ``features`` (NaN kept; the GBM handles it)."""
    return df.loc[:, list(features)].to_numpy(dtype=np.float32)


def onset_disputes(store: Store | str | Path | None) -> pd.DataFrame:
    """COW MID 5.0's dyadic onsets: ``dispnum, ccode1, ccode2, year`` (ccode1 < ccode2).

    One row per onset dyad-year (the first dispute when two begin in the same dyad-year),
    from the store's dyadic dispute table (``cowmidonset == 1``): which dispute each onset
    of :func:`design` belongs to (:func:`alliancelab.risk.metrics.region_disputes`).
    """
    from ..store import Store as _Store

    st = store if isinstance(store, _Store) else _Store(store)
    d = st.read("cow_mid", "ddydisps")
    d = d.loc[pd.to_numeric(d["cowmidonset"]) == 1]
    a = d["ccode1"].to_numpy(dtype=np.int64)
    b = d["ccode2"].to_numpy(dtype=np.int64)
    out = pd.DataFrame({"dispnum": d["dispnum"].to_numpy(dtype=np.int64),
                        "ccode1": np.minimum(a, b), "ccode2": np.maximum(a, b),
                        "year": d["year"].to_numpy(dtype=np.int64)})  # fmt: skip
    out = out.sort_values(["ccode1", "ccode2", "year", "dispnum"], kind="stable")
    return out.drop_duplicates(["ccode1", "ccode2", "year"]).reset_index(drop=True)
