"""Power transitions: capability shares projected forward, parity windows and overtakings.

Power-transition theory (Organski & Kugler 1980) holds that war is most likely when a
dissatisfied challenger reaches parity with the dominant power (a capability ratio of
about 0.8-1.2) and overtakes it; Kim (1991) adds allies' capabilities.

Projection. For each state, the growth rate of its capability index is the least-squares
slope ``g`` of ``log c`` on the year over the observations in the last ``window`` years
(at least two), with residual standard deviation ``sd`` (per year, from the fit's
residuals when there are three or more points; ``default_sd`` otherwise). Each of ``n``
simulated paths draws, per state, a growth rate ``g + se_g * z1`` and a random walk
``sd * sqrt(h) * z2`` so that ``log c(T + h) = log c(T) + g h + ...``; capabilities are
renormalised to shares of the projected states each year. Bands are the 5% and 95%
quantiles over paths.

:func:`parity` reports, for each rival pair, the years in which the median ratio lies in
the parity band, the first year the challenger's median share exceeds the leader's,
and the share of paths with an overtaking by each year. :func:`projected_snapshot`
returns a Snapshot whose capability is the projected median, for the other models.

References
----------
Organski, A. F. K. & Jacek Kugler. 1980. *The War Ledger*. University of Chicago Press.
Kim, Woosang. 1991. "Alliance Transitions and Great Power War." *AJPS* 35(4): 833-850.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from .. import limits
from ..errors import CoverageError, ParameterError
from ..snapshot import Snapshot
from ._contract import (
    Estimate,
    Model,
    coalition,
    label,
    mean,
    number,
    positive_int,
    probability,
    proportion,
    whole,
)
from ._rng import make_rng

#: Longest history window (years) for growth rates: the data span 1816-2024.
MAX_WINDOW = 1000

__all__ = [
    "MAX_WINDOW",
    "MODEL",
    "Params",
    "parity",
    "project",
    "projected_snapshot",
    "snapshots",
    "step",
]


@dataclass(frozen=True)
class Params:
    """Projection settings.

    Parameters
    ----------
    horizon : int
        Years projected beyond the base year (1 to the ``horizon`` cap of
        :mod:`alliancelab.limits`, 500 by default).
    window : int
        Years of history used for growth rates (1 to :data:`MAX_WINDOW`).
    n : int
        Simulated paths (1 to the ``draws`` cap).
    default_sd : float
        Yearly log-volatility when a state has fewer than three observations, in [0, 1].
    band : tuple of float
        Parity band for capability ratios (Organski & Kugler: 0.8-1.2).

    Every value is checked on creation (DESIGN.md convention 5):

    >>> Params(horizon=10**8)
    Traceback (most recent call last):
    ...
    alliancelab.errors.LimitError: horizon = 100,000,000 is over the cap of 500 (horizon); \
raise it with --limit horizon=N or ALLIANCELAB_LIMIT_HORIZON=N
    """

    horizon: int = 20
    window: int = 20
    n: int = 2000
    default_sd: float = 0.03
    band: tuple[float, float] = (0.8, 1.2)

    def __post_init__(self) -> None:
        set_ = object.__setattr__
        set_(self, "horizon", positive_int(self.horizon, "horizon", cap="horizon"))
        set_(self, "window", whole(self.window, "window", maximum=MAX_WINDOW))
        set_(self, "n", positive_int(self.n, "n", cap="draws"))
        set_(self, "default_sd", number(self.default_sd, "default_sd", maximum=1.0))
        lo, hi = (number(b, "band", maximum=1e6) for b in self.band)
        if not 0 < lo < 1 < hi:
            raise ParameterError(f"band must satisfy 0 < low < 1 < high, got {self.band}")
        set_(self, "band", (lo, hi))


def _growth(
    capabilities: pd.DataFrame, base_year: int, params: Params
) -> tuple[list[int], np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    need = {"ccode", "year", "cinc"}
    if not need <= set(capabilities.columns):
        raise ParameterError(f"capabilities need columns {sorted(need)}")
    d = capabilities.dropna(subset=["cinc"])
    d = d[(d["cinc"] > 0) & d["year"].between(base_year - params.window, base_year)]
    ccodes, c0, g, se, sd = [], [], [], [], []
    for c, grp in d.groupby("ccode"):
        grp = grp.sort_values("year")
        if int(grp["year"].iloc[-1]) != base_year or len(grp) < 2:
            continue
        t = grp["year"].to_numpy(dtype=float) - base_year
        y = np.log(grp["cinc"].to_numpy(dtype=float))
        design = np.column_stack([np.ones_like(t), t])
        coef, *_ = np.linalg.lstsq(design, y, rcond=None)
        if len(t) >= 3:
            resid = y - design @ coef
            s2 = float((resid**2).sum() / (len(t) - 2))
            sxx = float(((t - t.mean()) ** 2).sum())
            sd_i = np.sqrt(s2 / max(float(np.mean(np.diff(t))), 1.0))
            se_i = np.sqrt(s2 / sxx)
        else:
            sd_i = params.default_sd
            se_i = params.default_sd / max(float(t[-1] - t[0]), 1.0)
        ccodes.append(int(str(c)))
        c0.append(float(grp["cinc"].iloc[-1]))
        g.append(float(coef[1]))
        se.append(float(se_i))
        sd.append(float(sd_i))
    if len(ccodes) < 2:
        raise ParameterError(f"fewer than two states have capability data in {base_year}")
    return ccodes, np.array(c0), np.array(g), np.array(se), np.array(sd)


def step(
    log_cap: np.ndarray, growth: np.ndarray, sd: np.ndarray, rng: np.random.Generator
) -> np.ndarray:
    """One projected year for many paths: ``log c + g + sd * z``."""
    return np.asarray(log_cap + growth + sd * rng.standard_normal(log_cap.shape))


def project(
    capabilities: pd.DataFrame,
    base_year: int,
    params: Params | None = None,
    seed: int | np.random.SeedSequence | None = None,
    *,
    states: Sequence[int] | None = None,
    rng: np.random.Generator | None = None,
) -> pd.DataFrame:
    """Project capability shares ``params.horizon`` years beyond ``base_year``.

    Parameters
    ----------
    capabilities : DataFrame
        ``ccode, year, cinc`` (e.g. COW NMC, or the reference table's benchmark years).
    states : sequence of int, optional
        Restrict to these states (shares are within them).

    Returns
    -------
    DataFrame
        Tidy, one row per (ccode, year) for base_year..base_year + horizon: ``share``
        (median over paths), ``share_lo``, ``share_hi`` (5% and 95%), ``growth`` (the
        fitted yearly log growth). ``attrs["paths"]`` holds the simulated shares,
        shape (n, horizon + 1, states).

    Examples
    --------
    Hand-computed: state 1 halves and state 2 doubles per decade (log growth -+0.0693 a
    year), so in 2015 c1 = 0.1 / sqrt(2) = 0.0707, c2 = 0.2 * sqrt(2) = 0.2828: shares 0.2
    and 0.8 on the median path.

    >>> caps = pd.DataFrame({"ccode": [1, 1, 2, 2], "year": [2000, 2010, 2000, 2010],
    ...                      "cinc": [0.2, 0.1, 0.1, 0.2]})
    >>> pr = project(caps, 2010, Params(horizon=5, n=200), seed=0)
    >>> pr[pr.year == 2015].set_index("ccode")["share"].round(2).tolist()
    [0.2, 0.8]
    """
    params = params or Params()
    caps = capabilities
    if states is not None:
        caps = caps[caps["ccode"].isin([int(c) for c in states])]
    ccodes, c0, g, se, sd = _growth(caps, int(base_year), params)
    gen = make_rng(seed, rng)
    n, h, k = params.n, params.horizon, len(ccodes)
    g_draw = g + se * gen.standard_normal((n, k))
    logc = np.tile(np.log(c0), (n, 1))
    limits.check_cells(n, h + 1, k, what="transition paths (n x years x states)")
    paths = np.empty((n, h + 1, k))
    paths[:, 0] = logc
    for t in range(1, h + 1):
        logc = step(logc, g_draw, sd, gen)
        paths[:, t] = logc
    caps_p = np.exp(paths)
    shares = caps_p / caps_p.sum(axis=2, keepdims=True)
    med = np.median(shares, axis=0)
    lo = np.quantile(shares, 0.05, axis=0)
    hi = np.quantile(shares, 0.95, axis=0)
    years = np.arange(int(base_year), int(base_year) + h + 1)
    yy, kk = np.meshgrid(years, np.arange(k), indexing="ij")
    out = pd.DataFrame(
        {
            "ccode": np.array(ccodes)[kk.ravel()],
            "year": yy.ravel(),
            "share": med.ravel(),
            "share_lo": lo.ravel(),
            "share_hi": hi.ravel(),
            "growth": g[kk.ravel()],
        }
    )
    out = out.sort_values(["ccode", "year"]).reset_index(drop=True)
    out.attrs["paths"] = shares
    out.attrs["ccodes"] = tuple(ccodes)
    return out


def parity(
    projection: pd.DataFrame, pairs: Sequence[tuple[int, int]], params: Params | None = None
) -> pd.DataFrame:
    """Parity windows and overtakings for (leader, challenger) pairs of a projection.

    Returns
    -------
    DataFrame
        One row per pair and year: ``leader, challenger, year, ratio`` (median of the
        challenger/leader capability ratio over paths), ``parity`` (ratio inside the
        band), ``p_overtaken`` (share of paths in which the challenger has overtaken by
        that year), and in ``attrs["summary"]`` per pair: first and last parity year and
        the year of the median overtaking (NaN if none within the horizon).

    Examples
    --------
    Hand-computed: the ratio 0.08/0.1 = 0.8 in 2010 grows by exp(0.047 + 0.069) = 1.123 a
    year: 0.90 in 2011, 1.01 in 2012, so the median path overtakes in 2012.

    >>> caps = pd.DataFrame({"ccode": [1, 1, 2, 2], "year": [2000, 2010, 2000, 2010],
    ...                      "cinc": [0.2, 0.1, 0.05, 0.08]})
    >>> pr = project(caps, 2010, Params(horizon=10, n=500), seed=0)
    >>> parity(pr, [(1, 2)]).attrs["summary"]["overtaking_year"].tolist()
    [2012.0]
    """
    params = params or Params()
    shares = projection.attrs.get("paths")
    ccodes = list(projection.attrs.get("ccodes", ()))
    if shares is None:
        raise ParameterError("projection lacks its simulated paths; pass the frame from project()")
    years = sorted(projection["year"].unique())
    lo, hi = params.band
    rows, summ = [], []
    for leader, chal in pairs:
        for c in (leader, chal):
            if c not in ccodes:
                raise ParameterError(f"state {c} is not in the projection")
        ratio = shares[:, :, ccodes.index(chal)] / shares[:, :, ccodes.index(leader)]
        med = np.median(ratio, axis=0)
        over = np.maximum.accumulate(ratio > 1.0, axis=1).mean(axis=0)
        in_band = (med >= lo) & (med <= hi)
        for y, r, p, b in zip(years, med, over, in_band, strict=True):
            rows.append((leader, chal, int(y), float(r), bool(b), float(p)))
        par_years = [int(y) for y, b in zip(years, in_band, strict=True) if b]
        ot = [int(y) for y, p in zip(years, over, strict=True) if p >= 0.5]
        summ.append(
            {
                "leader": leader,
                "challenger": chal,
                "parity_from": par_years[0] if par_years else np.nan,
                "parity_to": par_years[-1] if par_years else np.nan,
                "overtaking_year": float(ot[0]) if ot else np.nan,
                "p_overtaken_by_end": float(over[-1]),
            }
        )
    out = pd.DataFrame(
        rows, columns=["leader", "challenger", "year", "ratio", "parity", "p_overtaken"]
    )
    out.attrs["summary"] = pd.DataFrame(summ)
    return out


def projected_snapshot(snapshot: Snapshot, projection: pd.DataFrame, year: int) -> Snapshot:
    """A copy of ``snapshot`` for ``year`` whose capabilities are the projected shares.

    The projected states share their current total capability in proportion to their
    median projected shares (renormalised to sum to 1, since medians need not); states
    of the snapshot absent from the projection keep their capability.

    Examples
    --------
    >>> from alliancelab import snapshot_from_ties
    >>> s = snapshot_from_ties(2010, {1: 0.1, 2: 0.2}, [(1, 2, "defense")])
    >>> caps = pd.DataFrame({"ccode": [1, 1, 2, 2], "year": [2000, 2010, 2000, 2010],
    ...                      "cinc": [0.05, 0.1, 0.2, 0.2]})
    >>> ps = projected_snapshot(s, project(caps, 2010, Params(horizon=5, n=100), seed=0), 2015)
    >>> ps.year, ps.capability_kind, round(float(ps.capability[0] / ps.capability.sum()), 2)
    (2015, ('projected', 'projected'), 0.41)
    """
    sel = projection[projection["year"] == year]
    if sel.empty:
        raise ParameterError(f"year {year} is not in the projection")
    med = sel["share"].to_numpy(dtype=float)
    share = dict(zip(sel["ccode"].astype(int), med / med.sum(), strict=True))
    cap = np.array(snapshot.capability, dtype=float)
    inproj = np.array([c in share for c in snapshot.ccodes])
    total = np.nansum(cap[inproj])
    new = cap.copy()
    for i, c in enumerate(snapshot.ccodes):
        if c in share:
            new[i] = share[c] * total
    kinds = tuple(
        "projected" if f else k for f, k in zip(inproj, snapshot.capability_kind, strict=True)
    )
    return dataclasses.replace(
        snapshot,
        year=int(year),
        capability=new,
        capability_kind=kinds,
        notes=(*snapshot.notes, f"capabilities projected from {snapshot.year} to {year}"),
    )


def snapshots(
    snapshot: Snapshot, projection: pd.DataFrame, years: Sequence[int] | None = None
) -> Iterator[Snapshot]:
    """Yield :func:`projected_snapshot` for each projected year (or the given ones)."""
    for y in years if years is not None else sorted(projection["year"].unique()):
        yield projected_snapshot(snapshot, projection, int(y))


# ------------------------------------------------------------------------------ contract


@dataclass(frozen=True)
class Setup:
    """One projection: capability history ``caps``, base ``year``, :class:`Params`, the
    ``leader`` and ``challenger``; with a snapshot also the snapshot and the honour that
    weights allies (``snapshot`` is None in a sweep)."""

    caps: pd.DataFrame
    year: int
    params: Params
    leader: int
    challenger: int
    snapshot: Snapshot | None = None
    honour: float = 1.0


def _coalitions(s: Snapshot, leader: int, chal: int) -> tuple[np.ndarray, np.ndarray]:
    return coalition(s, leader, chal), coalition(s, chal, leader)


def _params_from(snapshot: Snapshot | None, **options: Any) -> Setup:
    """Sweep options: ``base_year, leader, challenger[, horizon, window, n, caps]`` over
    ``caps`` (``ccode, year, cinc``; default the reference capabilities, COW NMC v6.0).
    Snapshot options: ``leader, challenger[, horizon, window, honour]`` and ``n`` paths;
    the history covers both sides' defence coalitions in every snapshot of ``systems``
    (so compared systems project the same states)."""
    from ..reference import load_capabilities

    leader, chal = options["leader"], options["challenger"]
    if snapshot is None:
        given = options.get("caps")
        caps = (load_capabilities() if given is None else given)[["ccode", "year", "cinc"]]
        prm = Params(
            horizon=options.get("horizon", 20),
            window=options.get("window", Params.window),
            n=options.get("n", 1000),
        )
        return Setup(caps, int(options["base_year"]), prm, int(leader), int(chal))
    from ..measures.deterrence import honour_probabilities

    s = snapshot
    systems = options.get("systems") or (s,)
    union = sorted(
        {
            snap.ccodes[i]
            for snap in systems
            for m in _coalitions(snap, leader, chal)
            for i in np.nonzero(m)[0]
        }
    )
    honour = float(options.get("honour", honour_probabilities(s.year)["defense"]))
    lmask, cmask = _coalitions(s, leader, chal)
    codes = sorted(set(union) | {s.ccodes[i] for i in np.nonzero(lmask | cmask)[0]})
    cap_now = {c: float(s.capability[s.index(c)]) for c in codes if c in s.ccodes}
    hist = load_capabilities()[["ccode", "year", "cinc"]]
    hist = hist[hist["ccode"].isin(codes) & (hist["year"] < s.year)]
    now = pd.DataFrame(
        {"ccode": list(cap_now), "year": s.year, "cinc": list(cap_now.values())}
    ).dropna()
    caps = pd.concat([hist, now[now["cinc"] > 0]], ignore_index=True)
    n = positive_int(options.get("n", 2000), "n", cap="draws")
    prm = Params(horizon=options.get("horizon", 20), window=options.get("window", 30),
                 n=max(2, n))  # fmt: skip
    return Setup(caps, s.year, prm, leader, chal, s, honour)


def _simulate(
    setup: Setup,
    seed: int | np.random.SeedSequence | None = None,
    rng: np.random.Generator | None = None,
) -> tuple[Setup, pd.DataFrame]:
    return setup, project(setup.caps, setup.year, setup.params, seed=seed, rng=rng)


def _summarise(result: tuple[Setup, pd.DataFrame]) -> dict[str, Estimate]:
    setup, pr = result
    leader, chal, s = setup.leader, setup.challenger, setup.snapshot
    if s is None:
        summ = parity(pr, [(leader, chal)]).attrs["summary"].iloc[0]
        return {
            "overtaking_year": Estimate(float(summ["overtaking_year"])),
            "p_overtaken_by_end": Estimate(float(summ["p_overtaken_by_end"])),
        }
    lmask, cmask = _coalitions(s, leader, chal)
    paths = pr.attrs["paths"]  # (n, h + 1, k) shares
    pc = list(pr.attrs["ccodes"])
    w = np.zeros(len(pc))
    v = np.zeros(len(pc))
    for k, c in enumerate(pc):
        if c not in s.ccodes:
            continue
        i = s.index(c)
        if c == leader:
            w[k] = 1.0
        elif lmask[i]:
            w[k] = setup.honour
        if c == chal:
            v[k] = 1.0
        elif cmask[i]:
            v[k] = setup.honour
    if w.sum() == 0 or v.sum() == 0:
        raise CoverageError("transition: leader or challenger has no capability history")
    ratio = (paths @ v) / (paths @ w)  # (n, h + 1): challenger coalition / leader coalition
    over = np.maximum.accumulate(ratio > 1.0, axis=1)
    text = (
        f"{label(s, chal)}'s coalition over {label(s, leader)}'s (allies weighted by "
        f"honour {setup.honour:.2f}): {float(np.median(ratio[:, 0])):.2f} now, "
        f"{float(np.median(ratio[:, -1])):.2f} in {s.year + setup.params.horizon} (median path)"
    )
    return {
        "ratio_now": Estimate(float(ratio[0, 0]), detail=text),
        "ratio_end": dataclasses.replace(mean(ratio[:, -1]), detail=text),
        "p_overtaken_by_end": dataclasses.replace(proportion(over[:, -1]), detail=text),
    }


def _check_options(options: Mapping[str, Any]) -> None:
    Params(horizon=options.get("horizon", 20), window=options.get("window", 30))
    if "honour" in options:
        probability(options["honour"], "honour")


#: Power-transition projections under the model contract (:mod:`alliancelab.models._contract`).
MODEL = Model(
    name="transition",
    title="alliance transition: projected capability of two coalitions "
    "(Organski & Kugler 1980; Kim 1991)",
    keys=(frozenset({"leader", "challenger"}), frozenset({"horizon", "window", "honour"})),
    outputs={
        "ratio_now": "challenger's coalition capability over the leader's, base year",
        "ratio_end": "the same ratio at the horizon (mean over projected paths)",
        "p_overtaken_by_end": "share of paths in which the challenger's side overtakes",
    },
    params_from=_params_from,
    simulate=_simulate,
    summarise=_summarise,
    check=_check_options,
)
