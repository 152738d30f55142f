"""The regional brief: who holds power in a region-year, which blocs exist, who is rival.

``build_brief`` gathers the frames (all from :mod:`alliancelab.measures`), ``render_html``
turns them into one self-contained HTML page with inline SVG figures (no scripts, fonts
or stylesheets from the network), so the file opens offline.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from .. import __version__
from ..codes import resolve_region
from ..measures import alliance_blocs, capability_shares, pooled_capability
from ..measures.indicators import evaluate
from ..reference import OBLIGATIONS, load_alliances, load_rivalries, load_states
from ..snapshot import Snapshot, alliance_members, snapshot
from .html import (
    bloc_color,
    bloc_of,
    bloc_table,
    network_figure,
    page,
    state_names,
    svg,
    table,
    write_text_atomic,
)

__all__ = [
    "ALIGNMENT_OBLIGATIONS",
    "BRIEF_INDICATORS",
    "Brief",
    "build_brief",
    "render_html",
    "write_html",
]

#: The registry indicators a brief shows (:mod:`alliancelab.measures.indicators`).
BRIEF_INDICATORS = ("n_states", "con", "polarity", "n_poles", "poles", "n_blocs", "n_rivalries")

#: Obligations that align states (ententes included); neutrality and non-aggression pledges
#: keep states apart rather than together, so they do not make an alignment.
ALIGNMENT_OBLIGATIONS = ("defense", "offense", "consultation")


@dataclass(frozen=True)
class Brief:
    """Everything a regional brief shows, as frames."""

    region: str
    year: int
    snapshot: Snapshot
    shares: pd.DataFrame
    con: float
    polarity: pd.Series
    blocs: pd.DataFrame
    alignments: pd.DataFrame
    alliances: pd.DataFrame
    rivalries: pd.DataFrame
    pooled: pd.DataFrame
    abbrev: dict[int, str]
    indicators: pd.DataFrame | None = None

    @property
    def n_region_states(self) -> int:
        """Number of system members inside the region."""
        return int(self.snapshot.in_region.sum())


def _alliance_table(s: Snapshot) -> pd.DataFrame:
    members = alliance_members(s.year)
    inside = {c for c, r in zip(s.ccodes, s.in_region, strict=True) if r}
    al = load_alliances()
    since = dict(zip(al["alliance"], al["start_year"].astype(int), strict=True))
    rows = []
    for aid, grp in members.groupby("alliance"):
        codes = [int(c) for c in grp["ccode"]]
        n_in = sum(c in inside for c in codes)
        if n_in == 0:
            continue
        obl = [k for k in OBLIGATIONS if grp[k].any()]
        rows.append(
            {
                "alliance": aid,
                "name": str(grp["name"].iloc[0]),
                "domain": str(grp["domain"].iloc[0]),
                "since": since[str(aid)],
                "n_members": len(codes),
                "n_in_region": n_in,
                "obligations": ", ".join(obl),
            }
        )
    cols = ["alliance", "name", "domain", "since", "n_members", "n_in_region", "obligations"]
    if not rows:
        return pd.DataFrame(columns=cols)
    return pd.DataFrame(rows)[cols].sort_values(["n_members", "name"], ascending=[False, True])


def _rivalry_table(s: Snapshot) -> pd.DataFrame:
    # the rivalries the registry's n_rivalries counts: both in the snapshot, one inside
    rv = load_rivalries()
    pos = set(s.ccodes)
    inside = {c for c, m in zip(s.ccodes, s.in_region, strict=True) if m}
    live = rv[
        (rv["start_year"] <= s.year)
        & (rv["end_year"].fillna(9999) >= s.year)
        & rv["ccode1"].isin(pos)
        & rv["ccode2"].isin(pos)
        & (rv["ccode1"].isin(inside) | rv["ccode2"].isin(inside))
    ]
    out = live[["rivalry_id", "name", "ccode1", "ccode2", "start_year", "type"]].copy()
    return out.sort_values("start_year").reset_index(drop=True)


def _polarity(shares: pd.DataFrame, ind: pd.Series) -> pd.Series:
    """The brief's polarity row: the registry's label, count and poles with their shares."""
    share = dict(zip(shares["ccode"].astype(int), shares["share"], strict=True))
    poles = tuple(int(c) for c in ind["poles"]) if isinstance(ind["poles"], tuple) else ()
    return pd.Series(
        {
            "polarity": ind["polarity"],
            "n_poles": ind["n_poles"],
            "poles": poles,
            "pole_shares": tuple(float(share[c]) for c in poles),
            "leading_share": float(shares["share"].max()) if len(shares) else float("nan"),
        }
    )


def build_brief(
    region: str, year: int, data: str = "reference", store: object | None = None
) -> Brief:
    """Gather the frames of a regional brief for ``region`` in ``year``.

    The snapshot holds the region's states plus their outside defence or offence allies
    (see :func:`alliancelab.snapshot`). The headline indicators (CON, polarity and poles,
    bloc and rivalry counts) come from the indicator registry
    (:func:`alliancelab.measures.indicators.evaluate`), computed over the states inside
    the region as everywhere else; ``shares`` are capability shares among the region's
    states; blocs and pooled capability count the outside allies.

    Examples
    --------
    >>> b = build_brief("europe", 1914)
    >>> sorted(b.blocs["alliance"].dropna())
    ['franco_russian', 'triple_alliance']
    >>> round(b.con, 3), b.polarity["polarity"]
    (0.327, 'multipolar')
    """
    reg = resolve_region(region)
    s = snapshot(year, reg, data=data, store=store)
    st = load_states()
    ind = evaluate(s, BRIEF_INDICATORS)
    shares = capability_shares(s, region_only=True)
    return Brief(
        region=reg.name,
        year=s.year,
        snapshot=s,
        shares=shares,
        con=float(ind["con"].iloc[0]),
        polarity=_polarity(shares, ind.iloc[0]),
        blocs=alliance_blocs(s),
        alignments=alliance_blocs(s, obligations=ALIGNMENT_OBLIGATIONS),
        alliances=_alliance_table(s),
        rivalries=_rivalry_table(s),
        pooled=pooled_capability(s).sort_values("pooled_capability", ascending=False),
        abbrev=dict(zip(st["ccode"].astype(int), st["stateabb"], strict=False)),
        indicators=ind,
    )


# ----------------------------------------------------------------------------- HTML


def _shares_figure(brief: Brief, top: int = 15) -> str:
    from matplotlib.figure import Figure

    df = brief.shares.dropna(subset=["share"]).head(top).iloc[::-1]
    blocs = bloc_of(brief.blocs)
    fig = Figure(figsize=(6.5, 0.32 * len(df) + 0.9))
    ax = fig.add_subplot()
    labels = [f"{brief.abbrev.get(int(c), c)}" for c in df["ccode"]]
    colors = [bloc_color(blocs.get(int(c))) for c in df["ccode"]]
    ax.barh(labels, df["share"] * 100, color=colors)
    ax.set_xlabel("share of the region's capability (%)")
    ax.set_title(f"Capability shares, {brief.region} {brief.year} (colour = defence bloc)")
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    return svg(fig)


def render_html(brief: Brief) -> str:
    """The brief as one self-contained HTML page (inline CSS and SVG, no external links)."""
    s = brief.snapshot
    pol = brief.polarity
    abbrev = brief.abbrev
    shares = brief.shares.head(20).assign(share_pct=lambda d: d["share"] * 100)
    pooled = brief.pooled.head(15).assign(pooled_pct=lambda d: d["pooled_share"] * 100)
    riv = brief.rivalries.assign(
        pair=[
            f"{abbrev.get(int(a), a)}-{abbrev.get(int(b), b)}"
            for a, b in zip(brief.rivalries["ccode1"], brief.rivalries["ccode2"], strict=True)
        ]
    )
    poles = state_names(pol["poles"], abbrev)
    notes = "".join(f"<li>{html.escape(n)}</li>" for n in s.notes) or "<li>none</li>"
    ind = (
        brief.indicators if brief.indicators is not None else evaluate(s, BRIEF_INDICATORS)
    ).iloc[0]
    body = [
        f"<h1>Regional brief: {html.escape(brief.region.replace('_', ' ').title())}, "
        f"{brief.year}</h1>",
        f"<p class='note'>alliancelab {__version__}, shipped reference data. The network "
        f"shows the {brief.n_region_states} states of the region in the state system plus "
        f"{s.n - brief.n_region_states} outside states allied to them by defence or offence "
        "obligations; those allies count in blocs and pooled capability, while CON, polarity "
        "and shares are over the region's own states (as in every indicator).</p>",
        "<div class='kpi'>",
        f"<div>States in the region<b>{ind['n_states']}</b></div>",
        f"<div>Concentration (CON)<b>{brief.con:.3f}</b></div>",
        f"<div>Polarity<b>{html.escape(str(pol['polarity']))} ({int(pol['n_poles'])})</b>"
        f"{html.escape(poles)}</div>",
        f"<div>Defence blocs<b>{ind['n_blocs']}</b></div>",
        f"<div>Active rivalries<b>{ind['n_rivalries']}</b></div>",
        "</div>",
        "<h2>Defence blocs</h2>",
        "<p class='note'>Connected components of defence commitments answered by an aligning "
        "commitment; each labelled by the alliance that covers most of its members (the "
        "oldest on near-ties), or after its hub when no alliance covers half of it.</p>",
        bloc_table(brief.blocs, abbrev),
        "<h2>Alignments (defence, offence and entente/consultation ties)</h2>",
        bloc_table(brief.alignments, abbrev, label="largest alliance"),
        "<h2>Distribution of power</h2>",
        _shares_figure(brief),
        table(
            shares,
            {
                "name": "state",
                "in_region": "in region",
                "capability": "capability index",
                "capability_kind": "data",
                "share_pct": "share %",
            },
            {"capability": ".4f", "share_pct": ".1f"},
        ),
        "<h2>Alliance network</h2>",
        network_figure(s, brief.blocs, abbrev, alignment=ALIGNMENT_OBLIGATIONS),
        "<h2>Alliances in force with members in the region</h2>",
        table(
            brief.alliances,
            {
                "name": "alliance",
                "domain": "domain",
                "since": "since",
                "n_members": "members",
                "n_in_region": "in region",
                "obligations": "obligations",
            },
        ),
        "<h2>Alliance-pooled capability (if every defence commitment is honoured)</h2>",
        table(
            pooled,
            {
                "name": "state",
                "capability": "own",
                "pooled_capability": "pooled",
                "n_allies": "defence allies",
                "pooled_pct": "pooled share % (of the region and its outside allies)",
            },
            {"capability": ".4f", "pooled_capability": ".4f", "pooled_pct": ".1f"},
        ),
        "<h2>Strategic rivalries</h2>",
        table(riv, {"pair": "pair", "name": "rivalry", "start_year": "since", "type": "type"}),
        "<h2>Data notes</h2>",
        f"<ul class='note'>{notes}</ul>",
        "<h2>Sources</h2><ul class='note'>",
        "<li>Alliances: ATOP 5.1 (Leeds et al. 2002) and COW Formal Alliances v4.1 (Gibler "
        "2009), extended to 2024 from treaty texts; see each row's source.</li>",
        "<li>Capabilities: COW National Material Capabilities v7.0 (Singer, Bremer &amp; "
        "Stuckey 1972); 2024 proxy from SIPRI Military Expenditure Database (2025).</li>",
        "<li>States: COW State System Membership v2016. Rivalries: Thompson &amp; Dreyer "
        "(2012), Handbook of International Rivalries.</li>",
        "<li>CON: Ray &amp; Singer (1973). Polarity threshold 10% after Modelski &amp; "
        "Thompson (1988).</li>",
        "</ul>",
    ]
    return page(f"alliancelab brief: {brief.region} {brief.year}", body)


def write_html(brief: Brief, path: str | Path) -> Path:
    """Write :func:`render_html` to ``path`` (parent folders are created)."""
    return write_text_atomic(render_html(brief), path)
