"""The regional stability panel: one tidy frame of what shapes stability, per region-year.

:func:`stability_panel` builds one :class:`~alliancelab.snapshot.Snapshot` per region and
year (from the shipped reference data or from the official data in a store) and applies
every measure of :mod:`alliancelab.measures` to it. The result is keyed by
``(region, year)``; with ``detail=True`` per-state and per-dyad frames for drill-down come
with it (:class:`StabilityPanel`). Beyond a source's coverage a value is NA, never 0, and
the ``notes`` column says why. See ``docs/measures.md`` for every formula and source.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from .codes import Region, resolve_region
from .errors import CoverageError, ParameterError
from .measures.blocs import pooled_capability
from .measures.indicators import Context, indicator_values, typed_frame
from .measures.power import capability_shares
from .reference import LAST_YEAR, load_rivalries
from .snapshot import SYSTEM_FIRST_YEAR, Snapshot, snapshot, store_data

__all__ = ["PANEL_COLUMNS", "StabilityPanel", "require_coverage", "stability_panel"]

#: The region-year columns, in order.
PANEL_COLUMNS: tuple[str, ...] = (
    "region",
    "year",
    "n_states",
    "con",
    "polarity",
    "n_poles",
    "n_rivalries",
    "parity_rivalries",
    "overtakings",
    "n_blocs",
    "largest_bloc_share",
    "n_signed_blocs",
    "defense_density",
    "polarization",
    "triangles",
    "balanced_share",
    "frustration",
    "frustration_exact",
    "mean_s",
    "mean_s_squared",
    "mean_s_weighted",
    "mean_kappa",
    "mean_pi",
    "mean_taub",
    "min_deterrence",
    "mean_exposure",
    "expected_war_size",
    "war_size_se",
    "max_dependency",
    "asymmetry",
    "cyber_density",
    "non_traditional_density",
    "notes",
)


@dataclass(frozen=True)
class StabilityPanel:
    """The panel with its drill-down frames (``stability_panel(..., detail=True)``).

    Attributes
    ----------
    regions : DataFrame
        Keyed by ``(region, year)``: :data:`PANEL_COLUMNS`.
    states : DataFrame
        Keyed by ``(region, ccode, year)``, states inside the region: ``capability``,
        ``share`` (of the region snapshot's capability), ``pooled_capability``
        (defence allies added), ``dependency``, ``largest_partner``, ``exposure``,
        ``exposure_se``, ``signed_bloc``.
    dyads : DataFrame
        Keyed by ``(region, ccode1, ccode2, year)``, ``ccode1 < ccode2``, both inside
        the region: ``defense`` (a defence tie either way), ``rivalry``, ``s``,
        ``s_weighted``, ``kappa``, ``pi``, ``taub``, and for rival pairs ``ratio``
        (capability 1 over 2), ``parity``, ``deterrence_12`` (2 the target, 1 the
        challenger), ``deterrence_21``, ``war_size``.
    """

    regions: pd.DataFrame
    states: pd.DataFrame
    dyads: pd.DataFrame


def _parse_years(years: int | str | Iterable[int]) -> list[int]:
    if isinstance(years, bool):
        raise TypeError("years must be an int, 'A-B' or an iterable of ints")
    if isinstance(years, int | np.integer):
        return [int(years)]
    if isinstance(years, str):
        # ASCII digits only: Python's \d also matches e.g. Arabic-Indic digits ('٢٠٢٠')
        m = re.fullmatch(r"\s*([0-9]{4})\s*(?:-\s*([0-9]{4})\s*)?", years, flags=re.ASCII)
        if not m:
            raise ParameterError(f"years must look like 1816-2018 or 1914, got {years!r}")
        a = int(m.group(1))
        b = int(m.group(2) or a)
        if b < a:
            raise ParameterError(f"years {years!r}: the end comes before the start")
        return list(range(a, b + 1))
    out = [int(y) for y in years]
    if not out:
        raise ParameterError("years is empty")
    return out


def _parse_regions(region: object) -> list[str | Sequence[int] | Region]:
    if isinstance(region, Region | str):
        return [region]
    if isinstance(region, Sequence) and region and all(isinstance(r, str) for r in region):
        return list(region)
    return [region]  # type: ignore[list-item]  # a list of ccodes: one user region


def _rivalry_coverage(data: str, store: object | None) -> tuple[int, int] | None:
    if data == "store":
        return store_data(store).coverage["rivalries"]
    rv = load_rivalries()
    return (int(rv["start_year"].min()), LAST_YEAR)


def _coverage(data: str, store: object | None) -> dict[str, tuple[int, int] | None]:
    if data == "store":
        return dict(store_data(store).coverage)
    return {
        "system": (SYSTEM_FIRST_YEAR, LAST_YEAR),
        "capability": (SYSTEM_FIRST_YEAR, LAST_YEAR),
        "rivalries": _rivalry_coverage(data, store),
    }


def require_coverage(
    years: int | str | Iterable[int], data: str = "reference", store: object | None = None
) -> list[int]:
    """The years of ``years`` (as :func:`stability_panel` reads them), or a CoverageError
    when one lies outside the data's state system (reference: COW from 1816 to
    :data:`alliancelab.reference.LAST_YEAR`; store: the imported COW system's years).

    :func:`stability_panel` itself gives NA rows with a note for such years, so that a span
    may run past the data; callers that should refuse instead, as ``alliancelab measure``
    does like ``brief``, check first.

    Examples
    --------
    >>> require_coverage("1913-1914")
    [1913, 1914]
    >>> require_coverage(1700)
    Traceback (most recent call last):
    ...
    alliancelab.errors.CoverageError: years 1700: 1700 is outside the reference data, which \
covers 1816-2024; choose years in that span
    """
    year_list = _parse_years(years)
    span = _coverage(data, store)["system"]
    where = "the store's COW state system" if data == "store" else "the reference data"
    bad = [y for y in year_list if span is None or not span[0] <= y <= span[1]]
    if bad and span is not None:
        shown = years.strip() if isinstance(years, str) else ", ".join(map(str, year_list))
        raise CoverageError(
            f"years {shown}: {bad[0]} is outside {where}, which covers "
            f"{span[0]}-{span[1]}; choose years in that span"
        )
    return year_list


#: The registry indicators of the panel, in column order (``war_size_se`` is the
#: standard error of ``expected_war_size``).
PANEL_INDICATORS: tuple[str, ...] = tuple(
    c for c in PANEL_COLUMNS if c not in ("region", "year", "war_size_se", "notes")
)


def _measure(
    s: Snapshot,
    prev: Snapshot | None,
    *,
    rates: str | Mapping[str, float],
    seed: int,
    n_sims: int,
    riv_known: bool,
    cap_known: bool,
    layers_known: bool,
    detail: bool,
) -> tuple[dict[str, object], pd.DataFrame | None, pd.DataFrame | None]:
    ctx = Context(s, prev, rates=rates, seed=seed, n_sims=n_sims)
    covered = {"rivalries": riv_known, "capability": cap_known, "layers": layers_known}
    vals, notes = indicator_values(ctx, PANEL_INDICATORS, covered)
    row: dict[str, object] = {"region": s.region, "year": s.year}
    row.update({k: v.value for k, v in vals.items()})
    ws = vals["expected_war_size"]
    row["war_size_se"] = ws.se if ws.se is not None else (np.nan if pd.isna(ws.value) else 0.0)
    row["notes"] = "; ".join(notes)
    if not detail:
        return row, None, None
    return row, *_detail_frames(ctx, riv_known)


def _detail_frames(ctx: Context, riv_known: bool) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The per-state and per-dyad frames, from the products the indicators used."""
    s = ctx.snapshot
    inside = ctx.inside
    dstates = ctx.get("dependency")[1]
    smat, sw = ctx.get("s"), ctx.get("s_weighted")
    kap, pim, tau = ctx.get("kappa"), ctx.get("pi"), ctx.get("taub")
    # per-state frame
    ids = [c for c, m in zip(s.ccodes, inside, strict=True) if m]
    st = pd.DataFrame({"ccode": ids})
    st.insert(0, "region", s.region)
    st["year"] = s.year
    shares = capability_shares(s, region_only=True)
    st = st.merge(shares[["ccode", "capability", "share"]], on="ccode", how="left")
    st = st.merge(pooled_capability(s)[["ccode", "pooled_capability"]], on="ccode", how="left")
    st = st.merge(dstates[["ccode", "dependency", "largest_partner"]], on="ccode", how="left")
    if riv_known:
        # exposure and signed blocs rest on the rivalries: outside their coverage they are
        # NA, so the Monte Carlo and the bloc search are not run at all
        estates = ctx.get("entanglement")[1]
        sb = ctx.get("signed_blocs")
        st = st.merge(estates[["ccode", "exposure", "exposure_se"]], on="ccode", how="left")
        st = st.merge(
            sb[["ccode", "bloc"]].rename(columns={"bloc": "signed_bloc"}), on="ccode", how="left"
        )
        st["signed_bloc"] = st["signed_bloc"].astype("Int64")
    else:
        st["exposure"] = st["exposure_se"] = np.nan
        st["signed_bloc"] = pd.NA
    # per-dyad frame
    idx = np.nonzero(inside)[0]
    iu, ju = np.triu_indices(len(idx), 1)
    a, b = idx[iu], idx[ju]
    cc = np.asarray(s.ccodes)
    defense = np.asarray(s.obligation("defense"), dtype=bool)
    dy = pd.DataFrame(
        {
            "region": s.region,
            "ccode1": cc[a],
            "ccode2": cc[b],
            "year": s.year,
            "defense": (defense[a, b] | defense[b, a]),
            "rivalry": np.asarray(s.rivalry, dtype=bool)[a, b] if riv_known else pd.NA,
            "s": smat[a, b],
            "s_weighted": sw[a, b],
            "kappa": kap[a, b],
            "pi": pim[a, b],
            "taub": tau[a, b],
        }
    )
    par = ctx.get("parity") if riv_known else None
    if par is not None and len(par):
        det = ctx.get("deterrence")
        eriv = ctx.get("entanglement")[2]
        p2 = par[["ccode1", "ccode2", "ratio", "parity"]]
        d12 = det.rename(columns={"challenger": "ccode1", "target": "ccode2"})
        d12 = d12[["ccode1", "ccode2", "deterrence"]].rename(
            columns={"deterrence": "deterrence_12"}
        )
        d21 = det.rename(columns={"challenger": "ccode2", "target": "ccode1"})
        d21 = d21[["ccode1", "ccode2", "deterrence"]].rename(
            columns={"deterrence": "deterrence_21"}
        )
        ws = eriv[["ccode1", "ccode2", "war_size"]]
        dy = dy.merge(p2, on=["ccode1", "ccode2"], how="left")
        dy = dy.merge(d12, on=["ccode1", "ccode2"], how="left")
        dy = dy.merge(d21, on=["ccode1", "ccode2"], how="left")
        dy = dy.merge(ws, on=["ccode1", "ccode2"], how="left")
    else:
        for c in ("ratio", "parity", "deterrence_12", "deterrence_21", "war_size"):
            dy[c] = np.nan
    return st, dy


def stability_panel(
    region: str | Sequence[int] | Sequence[str] | Region | None,
    years: int | str | Iterable[int],
    data: str = "reference",
    store: object | None = None,
    *,
    rates: str | Mapping[str, float] = "berkemeier-fuhrmann",
    seed: int = 0,
    n_sims: int = 1000,
    detail: bool = False,
    progress: Callable[[int, int], None] | None = None,
) -> pd.DataFrame | StabilityPanel:
    """The regional stability panel: every measure for each region and year.

    Parameters
    ----------
    region : str, sequence of int, sequence of str or Region
        A COW region (``americas``, ``europe``, ``africa``, ``middle_east``, ``asia``),
        ``"world"`` or None (the whole system), a list of ccodes (one user-defined
        region) or a list of region names.
    years : int, str or iterable of int
        ``1914``, ``"1816-2018"`` or any iterable of years.
    data : {"reference", "store"}
        The shipped reference data or the official data in a store
        (:func:`~alliancelab.snapshot.store_data`).
    store : Store or path, optional
        For ``data="store"``; default the default store.
    rates : str or mapping
        Honouring probabilities for deterrence and exposure
        (:func:`~alliancelab.measures.honour_probabilities`).
    seed, n_sims : int
        Monte Carlo of :func:`~alliancelab.measures.entanglement` (same seed, same
        panel).
    detail : bool
        Also return the per-state and per-dyad frames (:class:`StabilityPanel`).
    progress : callable, optional
        Called as ``progress(done, total)`` after each region-year.

    Returns
    -------
    DataFrame or StabilityPanel
        Keyed by ``(region, year)`` with :data:`PANEL_COLUMNS`. Years outside the data
        (no state system, no state of the region, rivalries or capabilities not covered)
        get NA in the affected columns, never 0, and a ``notes`` entry.

    Raises
    ------
    UnknownRegionError, ValueError
        For an unknown region or malformed years.

    Examples
    --------
    >>> p = stability_panel("europe", "1913-1914")
    >>> p[["region", "year", "n_blocs", "polarity"]].values.tolist()
    [['europe', 1913, 3, 'multipolar'], ['europe', 1914, 3, 'multipolar']]
    >>> bool(p["balanced_share"].between(0, 1).all())
    True
    """
    if data not in ("reference", "store"):
        raise ParameterError(f"data must be 'reference' or 'store', got {data!r}")
    regions = [resolve_region("world" if r is None else r) for r in _parse_regions(region)]
    year_list = _parse_years(years)
    cov = _coverage(data, store)
    sd = store_data(store) if data == "store" else None
    sys_cov = cov["system"]
    riv_cov = cov["rivalries"]
    cap_cov = cov["capability"]
    total = len(regions) * len(year_list)
    rows: list[dict[str, object]] = []
    states: list[pd.DataFrame] = []
    dyads: list[pd.DataFrame] = []
    done = 0
    for reg in regions:
        prev: Snapshot | None = None
        for year in year_list:
            row: dict[str, object]
            try:
                if sys_cov is None or not sys_cov[0] <= year <= sys_cov[1]:
                    raise CoverageError(
                        f"no state-system data for {year}"
                        + (f" (covered {sys_cov[0]}-{sys_cov[1]})" if sys_cov else "")
                    )
                s = sd.snapshot(year, reg) if sd is not None else snapshot(year, reg)
            except CoverageError as exc:
                row = {c: np.nan for c in PANEL_COLUMNS}
                row.update(region=reg.name, year=year, notes=f"not covered: {exc}")
                rows.append(row)
                prev = None
            else:
                riv_known = riv_cov is not None and riv_cov[0] <= year <= riv_cov[1]
                cap_known = cap_cov is not None and cap_cov[0] <= year <= cap_cov[1]
                row, st, dy = _measure(
                    s,
                    prev if prev is not None and prev.year == year - 1 else None,
                    rates=rates,
                    seed=seed,
                    n_sims=n_sims,
                    riv_known=riv_known,
                    cap_known=cap_known,
                    layers_known=data == "reference",
                    detail=detail,
                )
                rows.append(row)
                if st is not None and dy is not None:
                    states.append(st)
                    dyads.append(dy)
                prev = s
            done += 1
            if progress is not None:
                progress(done, total)
    panel = typed_frame(rows, PANEL_COLUMNS)
    if not detail:
        return panel
    st_all = pd.concat(states, ignore_index=True) if states else pd.DataFrame()
    dy_all = pd.concat(dyads, ignore_index=True) if dyads else pd.DataFrame()
    return StabilityPanel(regions=panel, states=st_all, dyads=dy_all)
