"""The one registry of region indicators: named reporters over the pure measures.

Each region indicator (CON, polarity, bloc count, balance, exposure, ...) is registered
**once** in :data:`INDICATORS` with its name, a description, the data coverage it needs
(``capability``, ``rivalries``, ``layers``), whether it is Monte Carlo (then it has a
standard error) and a function of an :class:`Context` (one snapshot plus the options of
the Monte Carlo) returning a :class:`Value`. This is Mesa's ``DataCollector`` idea of
named model reporters, over networkx-style pure functions (the measures of
:mod:`alliancelab.measures`, which cite their sources).

:func:`evaluate` applies a list of indicators to one or more snapshots and returns a
frame keyed by ``(region, year)``: one column per indicator, ``<name>_se`` beside each
Monte Carlo one, and ``notes``. :func:`~alliancelab.stability_panel`, the regional brief
and the policy criteria all read their region values through it, so a region-year gives
the same number everywhere. Adding an indicator is one :class:`Indicator` entry in
``_ENTRIES`` below.

**One definition of the system.** Region indicators are computed over the states *inside*
the region (``Snapshot.in_region``, COW's region lists). Outside states in a snapshot (the
allies of region members by defence or offence, e.g. the United States in NATO) count as
allies: in pooled capability, deterrence, exposure, portfolios and bloc capability
shares, but not as members of the region's distribution of power. ``docs/measures.md``
explains the choice.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..snapshot import Snapshot
from ._reporters import (
    Context,
    Value,
    _balanced_share,
    _bloc_value,
    _con,
    _defense_density,
    _dependency_value,
    _expected_war_size,
    _frustration,
    _frustration_exact,
    _layer,
    _mean_exposure,
    _mean_log_deterrence,
    _mean_matrix,
    _min_deterrence,
    _n_poles,
    _n_rivalries,
    _n_signed_blocs,
    _n_states,
    _overtakings,
    _parity_rivalries,
    _polarity,
    _pole_codes,
    _triangles,
    mean_log_deterrence,
)

__all__ = [
    "COVERAGE_NOTES",
    "INDICATORS",
    "SCENARIO_MEASURES",
    "Context",
    "Indicator",
    "Value",
    "evaluate",
    "frame_columns",
    "indicator_values",
    "mean_log_deterrence",
    "typed_frame",
]

#: Coverage keys an indicator may need, with the note added when a year lacks them.
COVERAGE_NOTES: dict[str, str] = {
    "layers": "cyber/non_traditional layers: not coded by ATOP (NA)",
    "rivalries": "rivalry measures NA: rivalry data do not cover this year",
    "capability": "capability measures NA: capability data do not cover this year",
}


@dataclass(frozen=True)
class Indicator:
    """A registered region indicator.

    Attributes
    ----------
    name : str
    needs : tuple of str
        Keys of :data:`COVERAGE_NOTES` the indicator needs; NA when one is not covered.
    kind : {"float", "int", "bool", "label", "object"}
        Column type in :func:`evaluate` (Float64 as float, nullable Int64 / boolean).
    fn : callable
        ``fn(ctx) -> Value`` (the reporters live in ``measures/_reporters.py``).
    description : str
        One line; formula and source in ``docs/measures.md``.
    monte_carlo : bool
        True when the value can come from a Monte Carlo (then ``<name>_se`` is a column).
    """

    name: str
    needs: tuple[str, ...]
    kind: str
    fn: Callable[[Context], Value]
    description: str
    monte_carlo: bool = False


# ------------------------------------------------------------------ the registry

_C, _R, _L = ("capability",), ("rivalries",), ("layers",)
_CR = ("rivalries", "capability")

#: Every region indicator, in the order of the stability panel: one entry per indicator
#: (formula and source of each in docs/measures.md).
# fmt: off
_ENTRIES: tuple[Indicator, ...] = (  # name, coverage needed, kind, reporter, description
    Indicator("n_states", (), "int", _n_states,
        "states of the system inside the region"),
    Indicator("con", _C, "float", _con,
        "Ray-Singer capability concentration of the region's states (0 even, 1 one holds all)"),
    Indicator("polarity", _C, "label", _polarity,
        "unipolar, bipolar or multipolar by the region's poles (Waltz; Schweller)"),
    Indicator("n_poles", _C, "int", _n_poles,
        "states with at least half the leader's military expenditure, 5-year mean"),
    Indicator("poles", _C, "object", _pole_codes,
        "the poles' ccodes, largest share first"),
    Indicator("n_rivalries", _R, "int", _n_rivalries,
        "strategic rival pairs with a member in the region (Thompson & Dreyer)"),
    Indicator("parity_rivalries", _CR, "int", _parity_rivalries,
        "rival pairs at capability parity (0.8-1.25, Organski & Kugler)"),
    Indicator("overtakings", _CR, "int", _overtakings,
        "rival pairs whose stronger side changed since the previous year"),
    Indicator("n_blocs", (), "int", _bloc_value("n_blocs", int),
        "defence blocs with a member in the region (components of mutual defence ties)"),
    Indicator("largest_bloc_share", _C, "float", _bloc_value("largest_bloc_share", float),
        "capability share of the strongest bloc or lone state"),
    Indicator("polarization", _C, "float", _bloc_value("polarization", float),
        "Montalvo & Reynal-Querol polarization of capability among blocs"),
    Indicator("n_signed_blocs", _R, "int", _n_signed_blocs,
        "groups of >= 2 states in the signed network's clustering (Traag & Bruggeman)"),
    Indicator("defense_density", (), "float", _defense_density,
        "share of the region's state pairs tied by a defence obligation"),
    Indicator("triangles", _R, "int", _triangles,
        "signed alliance/rivalry triangles among the region's states"),
    Indicator("balanced_share", _R, "float", _balanced_share,
        "share of balanced alliance/rivalry triangles (Heider; Cartwright-Harary)"),
    Indicator("frustration", _R, "int", _frustration,
        "frustration index: fewest signed ties to delete for a balanced network"),
    Indicator("frustration_exact", _R, "bool", _frustration_exact,
        "whether the frustration index is exact (else a local-search upper bound)"),
    Indicator("mean_s", (), "float", _mean_matrix("s"),
        "mean Signorino-Ritter S of alliance portfolios over the region's dyads"),
    Indicator("mean_s_squared", (), "float", _mean_matrix("s_squared"),
        "mean S with squared distance (Signorino & Ritter)"),
    Indicator("mean_s_weighted", _C, "float", _mean_matrix("s_weighted"),
        "mean capability-weighted S (Signorino & Ritter)"),
    Indicator("mean_kappa", (), "float", _mean_matrix("kappa"),
        "mean Cohen's kappa of alliance portfolios (Hage 2011)"),
    Indicator("mean_pi", (), "float", _mean_matrix("pi"),
        "mean Scott's pi of alliance portfolios (Hage 2011)"),
    Indicator("mean_taub", (), "float", _mean_matrix("taub"),
        "mean Kendall tau-b of alliance portfolios (Bueno de Mesquita 1975)"),
    Indicator("min_deterrence", _CR, "float", _min_deterrence,
        "weakest link: smallest expected pooled capability ratio target/challenger"),
    Indicator("mean_log_deterrence", _CR, "float", _mean_log_deterrence,
        "mean log2 deterrence ratio over directed rival pairs (target inside)"),
    Indicator("mean_exposure", _R, "float", _mean_exposure,
        "mean probability that a state of the region is drawn into a rival war",
        monte_carlo=True),
    Indicator("expected_war_size", _R, "float", _expected_war_size,
        "expected belligerents in the most dangerous rivalry's war", monte_carlo=True),
    Indicator("max_dependency", _C, "float", _dependency_value("max_dependency"),
        "largest share of a state's pooled capability owed to one partner"),
    Indicator("asymmetry", (), "float", _dependency_value("asymmetry"),
        "share of defence-tied pairs in which only one side owes defence"),
    Indicator("cyber_density", _L, "float", _layer("cyber"),
        "density of cyber-alliance ties among the region's states"),
    Indicator("non_traditional_density", _L, "float", _layer("non_traditional"),
        "density of non-traditional (terrorism, health, disaster) ties"),
)
# fmt: on

#: The registry: name -> :class:`Indicator`.
INDICATORS: dict[str, Indicator] = {i.name: i for i in _ENTRIES}

#: The numeric indicators a scenario compares (``alliancelab.scenario.MEASURES``): the
#: names a scenario file's ``[run] measures`` may list (default all), each with its
#: registry description. Values and details come from :func:`indicator_values`.
SCENARIO_MEASURES: dict[str, str] = {
    n: INDICATORS[n].description
    for n in (
        "con", "n_poles", "n_blocs", "largest_bloc_share", "polarization",
        "defense_density", "balanced_share", "frustration", "mean_s", "min_deterrence",
        "mean_log_deterrence", "mean_exposure", "expected_war_size", "max_dependency",
        "asymmetry", "parity_rivalries", "n_rivalries", "cyber_density",
        "non_traditional_density",
    )
}  # fmt: skip


def _check(names: Iterable[str] | None) -> list[str]:
    out = list(INDICATORS) if names is None else list(names)
    bad = [n for n in out if n not in INDICATORS]
    if bad:
        raise ValueError(f"unknown indicators {bad}; known: {', '.join(INDICATORS)}")
    return out


def indicator_values(
    ctx: Context,
    names: Iterable[str] | None = None,
    covered: Mapping[str, bool] | None = None,
) -> tuple[dict[str, Value], list[str]]:
    """Evaluate indicators on one context: ``({name: Value}, notes)``.

    An indicator whose coverage (``covered[key]`` False) is missing is NA and the
    matching :data:`COVERAGE_NOTES` entry is added once; keys not in ``covered`` count as
    covered. Notes come in registry order, then coverage notes, then the snapshot's.
    """
    want = _check(names)
    cov = dict(covered or {})
    out: dict[str, Value] = {}
    notes: list[str] = []
    missing: set[str] = set()
    for name in want:
        ind = INDICATORS[name]
        lacking = [k for k in ind.needs if not cov.get(k, True)]
        if lacking:
            missing.update(lacking)
            out[name] = Value(pd.NA if ind.kind in ("int", "bool", "label") else float("nan"))
            continue
        v = ind.fn(ctx)
        out[name] = v
        if v.note:
            notes.append(v.note)
    notes += [text for key, text in COVERAGE_NOTES.items() if key in missing]
    notes += list(ctx.snapshot.notes)
    return out, notes


def _row(ctx: Context, names: Sequence[str], covered: Mapping[str, bool] | None) -> dict:
    vals, notes = indicator_values(ctx, names, covered)
    row: dict[str, object] = {"region": ctx.snapshot.region, "year": ctx.snapshot.year}
    for name in names:
        v = vals[name]
        row[name] = v.value
        if INDICATORS[name].monte_carlo:
            finite = v.value is not pd.NA and not pd.isna(v.value)
            row[f"{name}_se"] = v.se if v.se is not None else (0.0 if finite else np.nan)
    row["notes"] = "; ".join(notes)
    return row


def frame_columns(names: Sequence[str]) -> list[str]:
    """The columns :func:`evaluate` returns for ``names``, in order."""
    cols = ["region", "year"]
    for n in names:
        cols.append(n)
        if INDICATORS[n].monte_carlo:
            cols.append(f"{n}_se")
    return [*cols, "notes"]


def typed_frame(rows: Sequence[Mapping[str, object]], columns: Sequence[str]) -> pd.DataFrame:
    """Rows of indicator values as a frame with each indicator's column type."""
    df = pd.DataFrame(list(rows), columns=list(columns))
    for c in columns:
        ind = INDICATORS.get(c)
        kind = ind.kind if ind is not None else ("float" if c.endswith("_se") else None)
        if kind == "int":
            df[c] = pd.array([None if pd.isna(v) else int(v) for v in df[c]], dtype="Int64")
        elif kind == "bool":
            df[c] = pd.array([None if pd.isna(v) else bool(v) for v in df[c]], dtype="boolean")
        elif kind == "float":
            df[c] = pd.to_numeric(df[c], errors="coerce").astype(float)
        elif kind == "label":
            df[c] = df[c].astype(object).where(df[c].notna(), None)
    if "year" in df:
        df["year"] = df["year"].astype(int)
    return df


def evaluate(
    snapshots: Snapshot | Iterable[Snapshot],
    names: Iterable[str] | None = None,
    *,
    rates: str | Mapping[str, float] = "berkemeier-fuhrmann",
    seed: int = 0,
    n_sims: int = 1000,
    covered: Mapping[str, bool] | None = None,
) -> pd.DataFrame:
    """Evaluate registered indicators on snapshots: one row per ``(region, year)``.

    Parameters
    ----------
    snapshots : Snapshot or iterable of Snapshot
        Consecutive years of one region give ``overtakings`` (else NA).
    names : iterable of str, optional
        Indicator names (:data:`INDICATORS`); default all, in registry order.
    rates, seed, n_sims :
        Options of the measures (:class:`Context`).
    covered : mapping, optional
        Coverage flags (``capability``, ``rivalries``, ``layers``); missing keys count as
        covered.

    Returns
    -------
    DataFrame
        ``region, year``, one column per indicator (``<name>_se`` after each Monte Carlo
        one: 0 when exact) and ``notes``.

    Examples
    --------
    >>> from alliancelab import snapshot
    >>> f = evaluate(snapshot(1914, "europe"), ["con", "polarity", "n_blocs"])
    >>> f[["region", "year", "polarity", "n_blocs"]].values.tolist()
    [['europe', 1914, 'multipolar', 3]]
    >>> round(float(f["con"].iloc[0]), 3)
    0.324
    """
    want = _check(names)
    snaps = [snapshots] if isinstance(snapshots, Snapshot) else list(snapshots)
    rows = []
    prev: Snapshot | None = None
    for s in snaps:
        ok = prev is not None and prev.region == s.region and prev.year == s.year - 1
        ctx = Context(s, prev if ok else None, rates=rates, seed=seed, n_sims=n_sims)
        rows.append(_row(ctx, want, covered))
        prev = s
    return typed_frame(rows, frame_columns(want))
