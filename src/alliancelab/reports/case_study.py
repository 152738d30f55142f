"""The case-study and scenario report: one self-contained HTML page.

:func:`build_report` takes a :class:`~alliancelab.scenario.ScenarioResult` and adds the
region's indicators over the years around the base year (the regional stability panel of
the reference data: what actually happened). Every indicator number and description the
page shows comes from the one indicator registry (:mod:`alliancelab.measures.indicators`):
through the scenario result, the stability panel (with the scenario's measure seed and
draws, so the base year of an unedited baseline shows the same numbers as the results
table) or the registry directly; :func:`render_html` draws the alliance
network before and after the edits, the indicators over time and the scenario deltas
with their Monte Carlo intervals, as inline SVG (matplotlib), with no scripts, fonts or
stylesheets from the network. The drawing helpers are shared with the regional brief
(:mod:`alliancelab.reports.html`).
"""

from __future__ import annotations

import html
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from .. import __version__
from ..measures.blocs import alliance_blocs
from ..measures.indicators import INDICATORS, Context, indicator_values
from ..reference import LAST_YEAR, load_alliances
from ..scenario import MODEL_OUTPUTS, Scenario, ScenarioResult
from ..snapshot import SYSTEM_FIRST_YEAR
from .brief import ALIGNMENT_OBLIGATIONS, data_used
from .html import (
    abbreviations,
    bloc_table,
    grid_figure,
    page,
    svg,
    table,
    write_text_atomic,
)

if TYPE_CHECKING:
    from matplotlib.axes import Axes

__all__ = [
    "PANEL_INDICATORS",
    "CaseReport",
    "build_report",
    "on_data",
    "render_html",
    "write_report",
]

#: Indicators drawn over time (registry indicators, columns of the stability panel), with
#: the short titles of their plots (the registry's descriptions are in the results table).
PANEL_INDICATORS: dict[str, str] = {
    "con": "capability concentration (CON)",
    "n_blocs": "defence blocs",
    "min_deterrence": "weakest deterrence ratio",
    "expected_war_size": "expected war size (most dangerous rivalry)",
    "balanced_share": "balanced triangles (share)",
    "max_dependency": "largest dependency on one ally",
}


def on_data(sc: Scenario, data: str) -> Scenario:
    """The scenario ``sc`` run on ``data`` (``"reference"`` or ``"store"``).

    On the store, alliances are ATOP 5.1 alliances named ``atop<atopid>`` (as in store
    snapshots), so each edit naming a reference alliance that has an ATOP id
    (``alliances.csv``) names the ATOP one instead (``nato`` -> ``atop3180``); an
    alliance outside ATOP stays as it is (and the run says it is not in the snapshot).
    An accession case starts on the day before ATOP's entry date of its joining states
    (:func:`alliancelab.scenario.accession_base`: ATOP dates accessions to the protocol).

    Examples
    --------
    >>> from alliancelab.scenario import bundled_path, load
    >>> sc = on_data(load(bundled_path("nato-1999-enlargement")), "store")
    >>> sc.data, {e.alliance for e in sc.edits}
    ('store', {'atop3180'})
    """
    if data not in ("reference", "store"):
        raise ValueError(f"data must be 'reference' or 'store', got {data!r}")
    if data == sc.data:
        return sc
    if data == "reference":
        return replace(sc, data=data)
    al = load_alliances().dropna(subset=["atopid"])
    to_atop = {a: f"atop{int(i)}" for a, i in zip(al["alliance"], al["atopid"], strict=True)}

    def edit(e: object) -> object:
        aid = getattr(e, "alliance", None)
        return replace(e, alliance=to_atop[aid]) if aid in to_atop else e  # type: ignore[type-var]

    from ..scenario import accession_base

    return accession_base(
        replace(
            sc,
            data=data,
            edits=tuple(edit(e) for e in sc.edits),  # type: ignore[misc]
            base_edits=tuple(edit(e) for e in sc.base_edits),  # type: ignore[misc]
        )
    )


@dataclass(frozen=True)
class CaseReport:
    """A scenario result with the indicators over time around its base year."""

    result: ScenarioResult
    panel: pd.DataFrame
    years: tuple[int, int]
    abbrev: dict[int, str]


def build_report(result: ScenarioResult, *, window: int | None = None) -> CaseReport:
    """Gather what the report shows: the result plus the stability panel around the year.

    Parameters
    ----------
    window : int, optional
        Years before and after the base year for the indicators over time (default the
        scenario's ``window``, 5); 0 draws only the base year.
    """
    from ..stability import stability_panel

    sc = result.scenario
    w = sc.window if window is None else int(window)
    if w < 0:
        raise ValueError("window must be >= 0")
    lo = max(SYSTEM_FIRST_YEAR, sc.year - w)
    hi = min(LAST_YEAR, sc.year + w)
    region = list(sc.region) if isinstance(sc.region, tuple) else sc.region
    if region is None:
        panel = pd.DataFrame(columns=["year", *PANEL_INDICATORS])
    else:
        got = stability_panel(
            region,
            range(lo, hi + 1),
            data=sc.data,
            rates=sc.rates,
            seed=result.measure_seed,
            n_sims=result.n,
        )
        panel = got if isinstance(got, pd.DataFrame) else got.regions
    return CaseReport(
        result=result,
        panel=panel,
        years=(lo, hi),
        abbrev=abbreviations(sc.year),
    )


def _networks(rep: CaseReport) -> list[str]:
    """The network before and after, on one layout with one colour per bloc
    (:func:`alliancelab.reports._network_figure.network_pair`)."""
    from ._network_figure import network_pair

    r = rep.result
    b = r.blocs
    if "system" in b.columns:
        bb, ba = b[b["system"] == "baseline"], b[b["system"] == "scenario"]
    else:  # pragma: no cover - a result always has the column
        bb, ba = alliance_blocs(r.baseline), alliance_blocs(r.snapshot)
    before, after = network_pair(
        r.baseline, r.snapshot, bb, ba, rep.abbrev, alignment=ALIGNMENT_OBLIGATIONS
    )
    return ["<h2>Alliance network before</h2>", before, "<h2>Alliance network after</h2>", after]


def _panel_figure(rep: CaseReport) -> str:
    p = rep.panel
    cols = [c for c in PANEL_INDICATORS if c in p.columns]
    year = rep.result.scenario.year
    fig, axes = grid_figure(
        len(cols),
        f"Indicators over time ({rep.result.scenario.data} data, what happened); red star = "
        f"the scenario in {year}",
        row_height=2.9,
        gap=0.85,
        top=0.8,
        left=0.8,
    )
    results = rep.result.table.set_index("name")
    for k, (ax, col) in enumerate(zip(axes, cols, strict=True)):
        y = pd.to_numeric(p[col], errors="coerce") if len(p) else pd.Series(dtype=float)
        ax.plot(p["year"] if len(p) else [], y, marker="o", ms=3, color="#1f77b4", label="history")
        ax.axvline(year, color="#999999", lw=0.8, ls="--")
        if col in results.index:
            ax.plot(
                [year],
                [float(str(results.loc[col, "scenario"]))],
                marker="*",
                ms=11,
                color="#d62728",
                ls="none",
                label="scenario",
            )
        ax.set_title(PANEL_INDICATORS[col], fontsize=FONT, y=1.0)
        _ticks(ax, col)
        ax.set_gid(f"panel-{col}")
        if k == 0:
            ax.legend(fontsize=FONT, frameon=False)
    return svg(fig, tight=False)


#: Font size of the report's figures (points; 12 pt is 16 px at the page's scale).
FONT = 12


def _ticks(ax: Axes, name: str, whole: bool = False) -> None:
    """Tick labels in :data:`FONT`; integer ticks on the axis of a count (an indicator of
    kind ``int`` in the registry, e.g. ``n_blocs``, or ``whole``: a quantity whose
    values are exact whole numbers, such as a flag)."""
    from matplotlib.ticker import MaxNLocator

    ax.tick_params(labelsize=FONT)
    ind = INDICATORS.get(name)
    if whole or (ind is not None and ind.kind == "int"):
        ax.yaxis.set_major_locator(MaxNLocator(integer=True))


def _delta_rows(results: pd.DataFrame) -> pd.DataFrame:
    moved = (results["delta"].abs() > 1e-12) | results["stochastic"]
    finite = np.isfinite(results["baseline"]) & np.isfinite(results["scenario"])
    return results[moved & finite].head(18)


def _delta_figure(rep: CaseReport) -> str:
    rows = _delta_rows(rep.result.table)
    if rows.empty:
        from matplotlib.figure import Figure

        fig = Figure(figsize=(6, 1))
        ax = fig.add_subplot()
        ax.set_axis_off()
        ax.text(0.5, 0.5, "no measure or model output changed", ha="center", fontsize=FONT)
        return svg(fig)
    fig, axes = grid_figure(
        len(rows),
        "Scenario deltas (bars: 95% Monte Carlo intervals where stochastic)",
        row_height=2.7,
        gap=1.0,
        top=1.1,
        left=0.8,
    )
    colors = ("#1f77b4", "#d62728")  # before, after
    for ax, (_, r) in zip(axes, rows.iterrows(), strict=True):
        # one artist per layer: the 95% intervals (a LineCollection), their caps and the
        # values (a PathCollection each), before at x = 0 and after at x = 1
        xs, lows, highs, bar_colors = [], [], [], []
        for x, tag in enumerate(("baseline", "scenario")):
            v = float(r[tag])
            lo, hi = float(r[f"{tag}_lo"]), float(r[f"{tag}_hi"])
            if np.isfinite(lo) and np.isfinite(hi):
                xs.append(x)
                lows.append(min(lo, v))
                highs.append(max(hi, v))
                bar_colors.append(colors[x])
        if xs:
            ax.vlines(xs, lows, highs, colors=bar_colors, lw=1.5)
            ax.scatter(xs + xs, lows + highs, s=64, marker="_", c=bar_colors * 2, linewidths=1.5)
        ax.scatter([0, 1], [float(r["baseline"]), float(r["scenario"])], s=25, c=colors)
        ax.set_xticks([0, 1], ["before", "after"], fontsize=FONT)
        ax.set_xlim(-0.6, 1.6)
        vals = [float(r["baseline"]), float(r["scenario"])]
        _ticks(ax, str(r["name"]), whole=not r["stochastic"] and all(v.is_integer() for v in vals))
        ax.set_gid(f"delta-{r['name']}")
        d = float(r["delta"])
        ci = ""
        if np.isfinite(r["delta_lo"]):
            ci = f" [{r['delta_lo']:+.3g}, {r['delta_hi']:+.3g}]"
        ax.set_title(f"{r['name']}\nΔ {d:+.3g}{ci}", fontsize=FONT, y=1.0)
    return svg(fig, tight=False)


def _fmt(v: object) -> str:
    if isinstance(v, float | np.floating):
        if not np.isfinite(v):
            return "" if np.isnan(v) else ("inf" if v > 0 else "-inf")
        return f"{v:.4g}"
    return "" if v is None else str(v)


def _results_table(results: pd.DataFrame) -> str:
    head = "".join(
        f"<th>{h}</th>"
        for h in ("quantity", "what it is", "before", "after", "change", "95% interval", "why")
    )
    body = []
    for _, r in results.iterrows():
        name = str(r["name"])
        ind = INDICATORS.get(name) if r["kind"] == "measure" else None
        what = ind.description if ind is not None else MODEL_OUTPUTS.get(name, "")
        interval = ""
        if np.isfinite(r["delta_lo"]):
            interval = f"{r['delta_lo']:+.3g} to {r['delta_hi']:+.3g}"
        d = float(r["delta"])
        cls = " class='moved'" if np.isfinite(d) and abs(d) > 1e-12 else ""
        cells = [
            name,
            what,
            _fmt(r["baseline"]),
            _fmt(r["scenario"]),
            f"{d:+.4g}" if np.isfinite(d) else "",
            interval,
            str(r["why"]),
        ]
        body.append(f"<tr{cls}>" + "".join(f"<td>{html.escape(c)}</td>" for c in cells) + "</tr>")
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"


def _states_table(rep: CaseReport) -> str:
    st = rep.result.states
    st = st[st["changed"]].copy()
    if st.empty:
        return "<p class='note'>No state's position changed.</p>"
    st["shift"] = (st["exposure_scenario"] - st["exposure_baseline"]).abs().fillna(0) + (
        st["defense_partners_scenario"] - st["defense_partners_baseline"]
    ).abs().fillna(0)
    st = st.sort_values("shift", ascending=False).head(20)
    cols = {
        "name": "state",
        "defense_partners_baseline": "defence partners before",
        "defense_partners_scenario": "after",
        "pooled_share_baseline": "pooled share before",
        "pooled_share_scenario": "after",
        "exposure_baseline": "exposure before",
        "exposure_scenario": "after",
    }
    fmt = {c: ".3f" for c in cols if "share" in c or "exposure" in c}
    for c in [c for c in st.columns if c.startswith("p_join_") and c.endswith("_baseline")]:
        cols[c] = f"{c[len('p_join_') : -len('_baseline')]}: P(joins) before"
        cols[c.replace("_baseline", "_scenario")] = "after"
        fmt[c] = fmt[c.replace("_baseline", "_scenario")] = ".2f"
    return table(st, cols, fmt)


def _blocs_table(rep: CaseReport) -> str:
    b = rep.result.blocs
    if b.empty:
        return "<p class='note'>No defence blocs in either system.</p>"
    return bloc_table(b, rep.abbrev, key=("system", "system"))


#: The report's "Sources and methods" section (data sets with versions, papers), one
#: fragment a line.
_SOURCES = (
    "<h2>Sources and methods</h2><ul class='note'>",
    "<li>Alliances: ATOP 5.1 (Leeds et al. 2002) and COW Formal Alliances v4.1, extended "
    "to 2024 from treaty texts. Capabilities: COW NMC v7.0 (CINC), SIPRI-based proxy for "
    "2024. Rivalries: Thompson &amp; Dreyer (2012).</li>",
    "<li>Honour rates of the escalation cascade: defence and offence fitted on the COW "
    "inter-state wars 1823-2003 dated by day with the ATOP 5.1 obligations at each onset "
    "(models/joining_default.json, docs/risk.md); neutrality and non-aggression "
    "pledge-keeping Berkemeier &amp; Fuhrmann (2018). Deterrence measures use Berkemeier "
    "&amp; Fuhrmann's rates (docs/measures.md).</li>",
    "<li>Deterrence: expected alliance-pooled capability ratio (Kim 1991; Leeds 2003). "
    "Entanglement: percolation of honoured defence/offence ties (Christensen &amp; Snyder "
    "1990). Structural balance: Heider (1946), Cartwright &amp; Harary (1956). Escalation "
    "cascade, Richardson arms race, Fearon bargaining, power transition (Organski &amp; "
    "Kugler 1980): see docs/models.md and docs/scenarios.md.</li>",
    "<li>Intervals: 95%, normal approximation value ± 1.96 standard errors of the Monte "
    "Carlo mean; baseline and scenario share random numbers.</li>",
    "</ul>",
)


def _headline(results: pd.DataFrame) -> list[str]:
    """The "What it did" items: the first eight quantities that moved, with their noise."""
    headline = []
    moved = results[(results["delta"].abs() > 1e-12) & results["delta"].notna()]
    for _, row in moved.head(8).iterrows():
        sig = ""
        if np.isfinite(row["delta_lo"]):
            sig = (
                " (beyond Monte Carlo noise)"
                if row["delta_lo"] > 0 or row["delta_hi"] < 0
                else " (within Monte Carlo noise)"
            )
        headline.append(
            f"<li><b>{html.escape(str(row['name']))}</b>: {_fmt(row['baseline'])} → "
            f"{_fmt(row['scenario'])} ({row['delta']:+.3g}){sig}. "
            f"<span class='note'>{html.escape(str(row['why']))}</span></li>"
        )
    return headline


def render_html(rep: CaseReport) -> str:
    """The report as one self-contained HTML page (inline CSS and SVG)."""
    r = rep.result
    sc = r.scenario
    title = sc.title or sc.name
    region = sc.region if isinstance(sc.region, str) else ("custom" if sc.region else "system")

    def items(stage: str) -> str:
        ch = r.changes[r.changes["stage"] == stage]
        return "".join(
            f"<li><b>Edit {int(e)} ({html.escape(str(t))})</b>: {html.escape(str(d))}"
            + (f"<br><span class='note'>Why: {html.escape(str(w))}</span>" if w else "")
            + "</li>"
            for e, t, d, w in ch[["edit", "type", "description", "why"]].itertuples(index=False)
        )

    changes = items("scenario")
    inside = indicator_values(Context(r.snapshot), ["n_states"])[0]["n_states"].value
    setup = items("baseline")
    headline = _headline(r.table)
    notes = (
        "".join(f"<li>{html.escape(n)}</li>" for n in dict.fromkeys(r.snapshot.notes))
        or "<li>none</li>"
    )
    models = (
        "".join(
            f"<li><b>{html.escape(m)}</b>: "
            + html.escape(", ".join(f"{k} = {v}" for k, v in p.items()))
            + "</li>"
            for m, p in sc.models.items()
        )
        or "<li>none</li>"
    )
    body = [
        f"<h1>{html.escape(title)}</h1>",
        f"<p class='note'>alliancelab {__version__}; scenario <code>{html.escape(sc.name)}"
        f"</code>; base {sc.year}, {html.escape(str(region))}; data: "
        f"{html.escape(data_used(sc.data))}; "
        f"{r.n} Monte Carlo draws per stochastic quantity, seed {r.seed} (the same seed "
        "gives the same report).</p>",
        f"<p>{html.escape(sc.description.strip())}</p>" if sc.description else "",
        (
            "<h2>How the baseline was set up</h2><p class='note'>The "
            f"{sc.year} data, edited so that the scenario starts from the right "
            f"system:</p><ol>{setup}</ol>"
            if setup
            else ""
        ),
        "<h2>What changed</h2>",
        f"<ol>{changes or '<li>no edits: the scenario equals the baseline</li>'}</ol>",
        "<h2>What it did</h2>",
        "<ul>" + ("".join(headline) or "<li>no measure or model output changed</li>") + "</ul>",
        "<div class='kpi'>",
        f"<div>States<b>{r.snapshot.n}</b>{inside} in the region</div>",
        f"<div>Alliances before / after<b>{len(r.baseline.alliances)} / "
        f"{len(r.snapshot.alliances)}</b></div>",
        f"<div>Defence ties before / after<b>{int(r.baseline.obligation('defense').sum())} / "
        f"{int(r.snapshot.obligation('defense').sum())}</b>directed</div>",
        "</div>",
        *_networks(rep),
        "<h2>Scenario deltas</h2>",
        _delta_figure(rep),
        _results_table(r.table),
        "<h2>States whose position changed</h2>",
        "<p class='note'>Defence partners: states owing it defence; pooled share: its "
        "capability plus theirs over the system's; exposure: mean probability of being "
        "drawn into a war between rivals (entanglement).</p>",
        _states_table(rep),
        "<h2>Defence blocs before and after</h2>",
        _blocs_table(rep),
        f"<h2>Indicators over time, {rep.years[0]}-{rep.years[1]}</h2>",
        _panel_figure(rep) if len(rep.panel) else "<p class='note'>No region: no panel.</p>",
        "<h2>Models run</h2>",
        f"<ul class='note'>{models}</ul>",
        "<h2>Data notes</h2>",
        f"<ul class='note'>{notes}</ul>",
        *_SOURCES,
    ]
    return page(f"alliancelab scenario: {title}", body, css="tr.moved td{background:#fff8e1}")


def write_report(rep: CaseReport, path: str | Path) -> Path:
    """Write :func:`render_html` to ``path`` atomically (parent folders are created)."""
    return write_text_atomic(render_html(rep), path)
