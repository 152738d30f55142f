"""Arms races between blocs: Richardson's (1960) reaction-fatigue-grievance equations.

For two blocs with military expenditure x and y,

.. math:: dx/dt = a y - m x + g, \\qquad dy/dt = b x - n y + h

(a, b: reaction to the rival; m, n: fatigue; g, h: grievance). The equilibrium is
``x* = (a h + n g)/(m n - a b)``, ``y* = (b g + m h)/(m n - a b)`` and it is stable iff
``m n > a b`` (with m, n > 0). For k blocs the same model is ``dx/dt = K x + g`` with
``K = A - diag(m)`` (A holds the reactions, zero diagonal): equilibrium ``-K^{-1} g``,
stable iff every eigenvalue of K has a negative real part.

:func:`fit` estimates the coefficients by least squares on annual data with the
difference form ``x_i(t+1) - x_i(t) = sum_j a_ij x_j(t) - m_i x_i(t) + g_i``, one
regression per bloc, and reports stability. :func:`enlarge` shows the effect of a bloc
gaining a member whose spending is a share ``s`` of the bloc's and reacts like it: on the
enlarged bloc's scale its reaction and grievance and the rival's reaction to it all grow
by ``1 + s``, so the two-bloc condition becomes ``m n > (1 + s)^2 a b``.

References
----------
Richardson, Lewis F. 1960. *Arms and Insecurity*. Boxwood Press.
Singer, J. David, Stuart Bremer & John Stuckey. 1972 (COW National Material Capabilities,
the military expenditure used by :func:`bloc_spending`).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from .. import limits
from ..errors import ParameterError
from ._contract import Estimate, Model, coalition, label, mean, number, positive_int, whole
from ._rng import make_rng

#: Largest magnitude of a Richardson coefficient (reaction, fatigue, grievance).
MAX_COEFFICIENT = 1e6
#: Largest yearly log-volatility of the spending shocks.
MAX_SIGMA = 10.0

if TYPE_CHECKING:
    from ..snapshot import Snapshot

__all__ = [
    "MODEL",
    "FitResult",
    "Params",
    "bloc_spending",
    "enlarge",
    "fit",
    "fit_combined",
    "simulate",
    "step",
    "trajectory",
]


@dataclass(frozen=True, eq=False)
class Params:
    """Richardson coefficients for k >= 2 blocs.

    Parameters
    ----------
    reaction : (k, k) array
        ``reaction[i, j]``: how bloc i's spending responds to bloc j's (diagonal ignored).
    fatigue : (k,) array
        ``m_i``, the brake on a bloc's own spending.
    grievance : (k,) array
        ``g_i``, the constant drive.
    names : tuple of str, optional

    Examples
    --------
    >>> two = Params.two_bloc(a=0.9, b=0.9, m=1.0, n=1.0, g=1.0, h=1.0)
    >>> two.stable(), [round(float(v), 6) for v in two.equilibrium()]
    (True, [10.0, 10.0])
    >>> Params.two_bloc(a=2, b=1, m=1, n=1, g=1, h=1).stable()
    False
    """

    reaction: np.ndarray
    fatigue: np.ndarray
    grievance: np.ndarray
    names: tuple[str, ...] = field(default=())

    def __post_init__(self) -> None:
        a = np.array(self.reaction, dtype=float)
        m = np.array(self.fatigue, dtype=float).reshape(-1)
        g = np.array(self.grievance, dtype=float).reshape(-1)
        k = m.size
        if k < 2 or a.shape != (k, k) or g.shape != (k,):
            raise ParameterError(
                f"need k >= 2 blocs: reaction (k, k), fatigue (k,), grievance (k,); got "
                f"{a.shape}, {m.shape}, {g.shape}"
            )
        for nm, arr in (("reaction", a), ("fatigue", m), ("grievance", g)):
            bad = ~np.isfinite(arr) | (np.abs(arr) > MAX_COEFFICIENT)
            if bad.any():
                raise ParameterError(
                    f"{nm} must hold finite numbers in [-{MAX_COEFFICIENT:g}, "
                    f"{MAX_COEFFICIENT:g}], got {float(arr[bad][0]):g}"
                )
        np.fill_diagonal(a, 0.0)
        names = tuple(self.names) or tuple(f"bloc{i + 1}" for i in range(k))
        if len(names) != k:
            raise ParameterError(f"names has {len(names)} entries for {k} blocs")
        for nm, arr in (("reaction", a), ("fatigue", m), ("grievance", g)):
            arr.setflags(write=False)
            object.__setattr__(self, nm, arr)
        object.__setattr__(self, "names", names)

    @classmethod
    def two_bloc(
        cls, a: float, b: float, m: float, n: float, g: float, h: float, names: Sequence[str] = ()
    ) -> Params:
        """Richardson's two-bloc form (x reacts to y with a, y to x with b)."""
        return cls(np.array([[0.0, a], [b, 0.0]]), np.array([m, n]), np.array([g, h]), tuple(names))

    @property
    def k(self) -> int:
        """Number of blocs."""
        return int(self.fatigue.size)

    def matrix(self) -> np.ndarray:
        """``K = A - diag(m)``."""
        return self.reaction - np.diag(self.fatigue)

    def equilibrium(self) -> np.ndarray:
        """``x* = -K^{-1} g``; NaN when K is singular."""
        kmat = self.matrix()
        if abs(np.linalg.det(kmat)) < 1e-15:
            return np.full(self.k, np.nan)
        return np.asarray(-np.linalg.solve(kmat, self.grievance))

    def stable(self) -> bool:
        """True iff every eigenvalue of K has a negative real part (2 blocs: m n > a b)."""
        return bool(np.all(np.linalg.eigvals(self.matrix()).real < 0))


def step(state: np.ndarray, params: Params, dt: float = 1.0) -> np.ndarray:
    """One Euler step ``x + dt (K x + g)`` (dt = 1 is the annual difference form).

    Examples
    --------
    >>> step(np.array([1.0, 1.0]), Params.two_bloc(1, 1, 2, 2, 0, 0)).tolist()
    [0.0, 0.0]
    """
    x = np.asarray(state, dtype=float)
    return np.asarray(x + dt * (params.matrix() @ x + params.grievance))


def trajectory(
    params: Params, x0: Sequence[float], t_end: float, *, dt: float = 0.01, every: float = 1.0
) -> pd.DataFrame:
    """Integrate the continuous equations (4th-order Runge-Kutta) from ``x0``.

    Returns
    -------
    DataFrame
        Tidy: ``t, bloc, spending`` at multiples of ``every``.

    Examples
    --------
    >>> p = Params.two_bloc(0.5, 0.5, 1.0, 1.0, 1.0, 1.0)
    >>> tr = trajectory(p, [0.0, 0.0], 30)
    >>> round(float(tr[tr.t == 30]["spending"].iloc[0]), 4)  # converges to x* = 2
    2.0
    """
    x = np.asarray(x0, dtype=float)
    if x.shape != (params.k,) or not np.isfinite(x).all():
        raise ParameterError(f"x0 needs {params.k} finite values")
    t_end = number(t_end, "t_end", maximum=limits.limit("horizon"), above=True)
    dt = number(dt, "dt", maximum=t_end, above=True)
    every = number(every, "every", minimum=dt)
    kmat, g = params.matrix(), params.grievance
    steps = round(t_end / dt)
    limits.check_cells(steps, params.k, what="arms-race trajectory (steps x blocs)")
    keep = max(1, round(every / dt))
    rows: list[tuple[float, str, float]] = [(0.0, nm, v) for nm, v in zip(params.names, x)]  # noqa: B905
    for s in range(1, steps + 1):
        k1 = kmat @ x + g
        k2 = kmat @ (x + dt / 2 * k1) + g
        k3 = kmat @ (x + dt / 2 * k2) + g
        k4 = kmat @ (x + dt * k3) + g
        x = x + dt / 6 * (k1 + 2 * k2 + 2 * k3 + k4)
        if s % keep == 0:
            t = round(s * dt, 10)
            rows.extend((t, nm, float(v)) for nm, v in zip(params.names, x, strict=True))
    return pd.DataFrame(rows, columns=["t", "bloc", "spending"])


def simulate(
    params: Params,
    x0: Sequence[float],
    years: int,
    n: int = 100,
    sigma: float = 0.0,
    seed: int | np.random.SeedSequence | None = None,
    *,
    rng: np.random.Generator | None = None,
) -> pd.DataFrame:
    """``n`` annual paths of the difference form with multiplicative shocks.

    ``x(t+1) = max(0, x(t) + K x(t) + g) * exp(sigma * e)``, e standard normal, drawn for
    all paths at once.

    Returns
    -------
    DataFrame
        Tidy: ``sim, t, bloc, spending``.

    Examples
    --------
    >>> p = Params.two_bloc(0.2, 0.2, 0.5, 0.5, 1.0, 1.0)
    >>> df = simulate(p, [1.0, 1.0], 3, n=2, sigma=0.1, seed=0)
    >>> df.shape, df.equals(simulate(p, [1.0, 1.0], 3, n=2, sigma=0.1, seed=0))
    ((16, 4), True)
    """
    sigma = number(sigma, "sigma", maximum=MAX_SIGMA)
    years = positive_int(years, "years", cap="horizon")
    n = positive_int(n, "n", cap="draws")
    limits.check_cells(years + 1, n, params.k, what="arms-race paths (years x n x blocs)")
    gen = make_rng(seed, rng)
    x0_ = np.asarray(x0, dtype=float).reshape(-1)
    if x0_.shape != (params.k,) or not np.isfinite(x0_).all() or (x0_ < 0).any():
        raise ParameterError(f"x0 needs {params.k} finite spending values >= 0, got {x0!r}")
    x = np.tile(x0_, (n, 1))
    out = np.empty((years + 1, n, params.k))
    out[0] = x
    kmat, g = params.matrix(), params.grievance
    for t in range(1, years + 1):
        x = np.maximum(0.0, x + x @ kmat.T + g)
        if sigma > 0:
            x = x * np.exp(sigma * gen.standard_normal(x.shape))
        out[t] = x
    t_idx, s_idx, b_idx = np.meshgrid(
        np.arange(years + 1), np.arange(n), np.arange(params.k), indexing="ij"
    )
    return pd.DataFrame(
        {
            "sim": s_idx.ravel(),
            "t": t_idx.ravel(),
            "bloc": np.array(params.names)[b_idx.ravel()],
            "spending": out.ravel(),
        }
    )


def enlarge(params: Params, bloc: int, share: float) -> Params:
    """The system after bloc ``bloc`` gains a member spending ``share`` of its total.

    The member reacts like the bloc, so on the enlarged bloc's scale its reactions and
    grievance, and every rival's reaction to it, are multiplied by ``1 + share``.

    Examples
    --------
    >>> p = Params.two_bloc(0.8, 0.8, 1.0, 1.0, 1.0, 1.0)
    >>> p.stable(), enlarge(p, 0, 0.3).stable()  # 1 > 0.64 but 1 < 1.3**2 * 0.64
    (True, False)
    """
    if not 0 <= bloc < params.k:
        raise ParameterError(f"bloc must be in 0..{params.k - 1}")
    if share < 0:
        raise ParameterError("share must be >= 0")
    f = 1.0 + share
    a = params.reaction.copy()
    a[bloc, :] *= f
    a[:, bloc] *= f
    g = params.grievance.copy()
    g[bloc] *= f
    return Params(a, params.fatigue.copy(), g, params.names)


@dataclass(frozen=True)
class FitResult:
    """Least-squares Richardson fit: ``params``, ``coefficients`` (tidy), ``r2`` by bloc."""

    params: Params
    coefficients: pd.DataFrame
    r2: Mapping[str, float]
    n_obs: int

    @property
    def stable(self) -> bool:
        """Stability of the fitted system."""
        return self.params.stable()


def fit(spending: pd.DataFrame) -> FitResult:
    """Fit Richardson's difference equations to annual spending by bloc.

    Parameters
    ----------
    spending : DataFrame
        Columns ``year, bloc, milex`` (one row per bloc-year, consecutive years).

    Returns
    -------
    FitResult
        ``coefficients`` has one row per (bloc, term): terms ``reaction:<other bloc>``,
        ``fatigue`` (m_i, the negative of the own-level coefficient) and ``grievance``.

    Examples
    --------
    Data generated from known coefficients are recovered exactly.

    >>> p = Params.two_bloc(0.3, 0.2, 0.5, 0.4, 1.0, 2.0, names=("x", "y"))
    >>> sim = simulate(p, [1.0, 3.0], 6, n=1).rename(columns={"t": "year", "spending": "milex"})
    >>> res = fit(sim)
    >>> np.round(res.params.reaction, 6).tolist(), res.stable
    ([[0.0, 0.3], [0.2, 0.0]], True)
    """
    need = {"year", "bloc", "milex"}
    if not need <= set(spending.columns):
        raise ParameterError(f"spending needs columns {sorted(need)}")
    wide = spending.pivot_table(index="year", columns="bloc", values="milex", aggfunc="sum")
    wide = wide.sort_index()
    if wide.isna().any().any():
        raise ParameterError("spending has missing bloc-years")
    years = wide.index.to_numpy()
    if len(years) < 4 or not (np.diff(years) == 1).all():
        raise ParameterError("need at least 4 consecutive years")
    names = tuple(str(c) for c in wide.columns)
    k = len(names)
    if k < 2:
        raise ParameterError("need at least two blocs")
    x = wide.to_numpy(dtype=float)
    dx = x[1:] - x[:-1]
    lag = x[:-1]
    if len(dx) < k + 1:
        raise ParameterError(f"need at least {k + 2} years to fit {k} blocs")
    a = np.zeros((k, k))
    m = np.zeros(k)
    g = np.zeros(k)
    rows = []
    r2: dict[str, float] = {}
    for i in range(k):
        design = np.column_stack([lag, np.ones(len(lag))])
        coef, *_ = np.linalg.lstsq(design, dx[:, i], rcond=None)
        resid = dx[:, i] - design @ coef
        tss = ((dx[:, i] - dx[:, i].mean()) ** 2).sum()
        r2[names[i]] = float(1 - (resid**2).sum() / tss) if tss > 0 else float("nan")
        for j in range(k):
            if j == i:
                m[i] = -coef[j]
                rows.append((names[i], "fatigue", float(-coef[j])))
            else:
                a[i, j] = coef[j]
                rows.append((names[i], f"reaction:{names[j]}", float(coef[j])))
        g[i] = coef[k]
        rows.append((names[i], "grievance", float(coef[k])))
    coefs = pd.DataFrame(rows, columns=["bloc", "term", "estimate"])
    return FitResult(Params(a, m, g, names), coefs, r2, len(dx))


def _spans(years: Sequence[int], most: int = 8) -> str:
    """Sorted years as short spans: ``1900-1905, 1910`` (at most ``most`` spans shown).

    Examples
    --------
    >>> _spans([1900, 1901, 1902, 1910])
    '1900-1902, 1910'
    """
    runs: list[list[int]] = []
    for y in years:
        if runs and y == runs[-1][1] + 1:
            runs[-1][1] = y
        else:
            runs.append([y, y])
    text = [f"{a}-{b}" if b > a else f"{a}" for a, b in runs[:most]]
    if len(runs) > most:
        text.append(f"... ({len(runs) - most} more spans)")
    return ", ".join(text)


def bloc_spending(
    nmc: pd.DataFrame, blocs: Mapping[str, Sequence[int]], start: int, end: int
) -> pd.DataFrame:
    """Sum NMC military expenditure (``milex``) by bloc and year.

    Parameters
    ----------
    nmc : DataFrame
        COW NMC rows with ``ccode, year, milex`` (NA for missing).
    blocs : mapping of bloc name to COW codes

    Returns
    -------
    DataFrame
        ``year, bloc, milex`` for ``start..end``; raises ValueError naming any
        state-year without expenditure.

    Examples
    --------
    >>> nmc = pd.DataFrame({"ccode": [1, 2, 1, 2], "year": [1900, 1900, 1901, 1901],
    ...                     "milex": [1.0, 2.0, 3.0, 4.0]})
    >>> bloc_spending(nmc, {"A": [1, 2]}, 1900, 1901)["milex"].tolist()
    [3.0, 7.0]
    """
    start, end = whole(start, "start", minimum=0), whole(end, "end", minimum=0)
    if end < start:
        raise ParameterError(f"end ({end}) must not be before start ({start})")
    limits.check("horizon", end - start + 1, what=f"the span {start}-{end} (years)")
    rows: list[tuple[int, str, float]] = []
    for name, members in blocs.items():
        sub = nmc[nmc["ccode"].isin(list(members)) & nmc["year"].between(start, end)]
        for c in members:
            have = sub[sub["ccode"] == c].dropna(subset=["milex"])
            gaps = sorted(set(range(start, end + 1)) - set(have["year"].astype(int)))
            if gaps:
                raise ParameterError(
                    f"no military expenditure for state {int(c)} in {_spans(gaps)}; "
                    "choose years the NMC data covers for every member"
                )
        tot = sub.groupby("year")["milex"].sum()
        rows.extend((int(str(y)), name, float(v)) for y, v in tot.items())
    return pd.DataFrame(rows, columns=["year", "bloc", "milex"])


def fit_combined(spending: pd.DataFrame) -> tuple[float, float]:
    """Richardson's own two-bloc summary: ``d(U + V) = k (U + V - x0)`` by least squares.

    Richardson (1960) fitted it to 1909-1913 (France + Russia vs Germany +
    Austria-Hungary); his k = 0.73 and x0 = 194 (pounds sterling, millions) are quoted
    from memory in LITERATURE.md ([U], not checked here). A positive k means runaway
    growth (instability).

    Returns
    -------
    (k, x0) : tuple of float

    Examples
    --------
    >>> tot = [10.0, 12.0, 16.0, 24.0]  # grows by (U+V - 8) each year: k = 1, x0 = 8
    >>> sp = pd.DataFrame({"year": [1, 2, 3, 4], "bloc": "all", "milex": tot})
    >>> [round(v, 6) for v in fit_combined(sp)]
    [1.0, 8.0]
    """
    tot = spending.groupby("year")["milex"].sum().sort_index()
    if len(tot) < 3 or not (np.diff(tot.index.to_numpy()) == 1).all():
        raise ParameterError("need at least 3 consecutive years")
    x = tot.to_numpy(dtype=float)
    k, b = np.polyfit(x[:-1], np.diff(x), 1)
    if k == 0:
        raise ParameterError("no growth response: k = 0")
    return float(k), float(-b / k)


# ------------------------------------------------------------------------------ contract


@dataclass(frozen=True)
class Setup:
    """One arms-race run: :class:`Params`, start spending, ``years``, ``n`` paths and noise
    ``sigma``; ``text`` describes a snapshot run (empty in a sweep)."""

    params: Params
    start: tuple[float, ...]
    years: int
    n: int
    sigma: float
    text: str = ""


def _params_from(snapshot: Snapshot | None, **options: Any) -> Setup:
    """Sweep options (no snapshot): ``a, b, m, n, g, h`` of :meth:`Params.two_bloc`, ``x0,
    y0, years, sigma``. Snapshot options: states ``a``, ``b`` and ``reaction``, ``fatigue``,
    ``years``, ``sigma``, ``n`` paths; ``systems[0]`` (default the snapshot) is the
    reference whose bloc capabilities are the baseline spending 1."""
    if snapshot is None:
        o = {"g": 1.0, "h": 1.0, "x0": 1.0, "y0": 1.0, "years": 20, "sigma": 0.0, **options}
        prm = Params.two_bloc(o["a"], o["b"], o["m"], o["n"], o["g"], o["h"])
        years = positive_int(o["years"], "years", cap="horizon")
        return Setup(
            prm, (o["x0"], o["y0"]), years, 1, number(o["sigma"], "sigma", maximum=MAX_SIGMA)
        )
    _check_options(options)
    s = snapshot
    a, b = options["a"], options["b"]
    n = positive_int(options.get("n", 2000), "n", cap="draws")
    systems = options.get("systems") or (s,)
    ref = systems[0]
    cap_s = np.nan_to_num(np.asarray(s.capability, dtype=float), nan=0.0)
    cap_r = np.nan_to_num(np.asarray(ref.capability, dtype=float), nan=0.0)
    xa0 = cap_r[coalition(ref, a, b)].sum()
    xb0 = cap_r[coalition(ref, b, a)].sum()
    if xa0 <= 0 or xb0 <= 0:
        raise ParameterError("arms_race: a bloc has no capability data")
    fa = cap_s[coalition(s, a, b)].sum() / xa0
    fb = cap_s[coalition(s, b, a)].sum() / xb0
    r = float(options.get("reaction", 0.8))
    m = float(options.get("fatigue", 1.0))
    g = m - r  # baseline equilibrium at the current spending (normalised to 1)
    react = np.array([[0.0, r], [r, 0.0]])
    react[0, :] *= fa
    react[:, 0] *= fa
    react[1, :] *= fb
    react[:, 1] *= fb
    prm = Params(react, np.array([m, m]), np.array([g * fa, g * fb]), ("a", "b"))
    ab = prm.reaction[0, 1] * prm.reaction[1, 0]
    text = (
        f"blocs of {label(s, a)} and {label(s, b)} at {fa:.2f} and {fb:.2f} times their baseline "
        f"capability; reaction product / fatigue product = {ab / (m * m):.2f} "
        f"({'stable' if prm.stable() else 'unstable: runaway race'})"
    )
    years = positive_int(options.get("years", 20), "years", cap="horizon")
    sigma = number(options.get("sigma", 0.05), "sigma", maximum=MAX_SIGMA)
    return Setup(prm, (fa, fb), years, max(2, min(n, 2000)), sigma, text)


def _simulate(
    setup: Setup,
    seed: int | np.random.SeedSequence | None = None,
    rng: np.random.Generator | None = None,
) -> tuple[Setup, pd.DataFrame]:
    sims = simulate(setup.params, list(setup.start), setup.years, n=setup.n, sigma=setup.sigma,
                    seed=seed, rng=rng)  # fmt: skip
    return setup, sims


def _summarise(result: tuple[Setup, pd.DataFrame]) -> dict[str, Estimate]:
    setup, sims = result
    prm = setup.params
    last = sims[sims["t"] == setup.years]
    if not setup.text:  # a sweep: one path
        end = last["spending"].to_numpy()
        return {"stable": Estimate(prm.stable()), "x_final": Estimate(float(end[0])),
                "y_final": Estimate(float(end[1]))}  # fmt: skip
    text = setup.text
    eq = prm.equilibrium()
    m = float(prm.fatigue[0])
    ab = prm.reaction[0, 1] * prm.reaction[1, 0]
    return {
        "stable": Estimate(float(prm.stable()), detail=text),
        "reaction_ratio": Estimate(ab / (m * m), detail=text),
        "equilibrium_a": Estimate(float(eq[0]) if prm.stable() else float("inf"), detail=text),
        "equilibrium_b": Estimate(float(eq[1]) if prm.stable() else float("inf"), detail=text),
        "spending_a_end": dataclasses.replace(
            mean(last.loc[last["bloc"] == "a", "spending"].to_numpy()), detail=text
        ),
        "spending_b_end": dataclasses.replace(
            mean(last.loc[last["bloc"] == "b", "spending"].to_numpy()), detail=text
        ),
    }


def _check_options(options: Mapping[str, Any]) -> None:
    for key, lo, hi in (
        ("reaction", 0.0, MAX_COEFFICIENT),
        ("fatigue", 1e-12, MAX_COEFFICIENT),
        ("sigma", 0.0, MAX_SIGMA),
    ):
        if key in options:
            number(options[key], key, minimum=lo, maximum=hi)
    if "years" in options:
        positive_int(options["years"], "years", cap="horizon")


#: Richardson's arms race under the model contract (:mod:`alliancelab.models._contract`).
MODEL = Model(
    name="arms_race",
    title="arms race of two blocs (Richardson 1960)",
    keys=(frozenset({"a", "b"}), frozenset({"reaction", "fatigue", "years", "sigma"})),
    outputs={
        "stable": "1 if the Richardson system has a stable equilibrium",
        "reaction_ratio": "product of reactions over product of fatigues (< 1 stable)",
        "equilibrium_a": "equilibrium spending of A's bloc (baseline = 1)",
        "equilibrium_b": "equilibrium spending of B's bloc (baseline = 1)",
        "spending_a_end": "simulated spending of A's bloc at the horizon",
        "spending_b_end": "simulated spending of B's bloc at the horizon",
    },
    params_from=_params_from,
    simulate=_simulate,
    summarise=_summarise,
    check=_check_options,
)
