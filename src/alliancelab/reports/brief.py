"""The regional brief: who holds power in a region-year, which blocs exist, who is rival.

``build_brief`` gathers the frames (all from :mod:`alliancelab.measures`), ``render_html``
turns them into one self-contained HTML page with inline SVG figures (no scripts, fonts
or stylesheets from the network), so the file opens offline.
"""

from __future__ import annotations

import html
import io
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from .. import __version__
from ..codes import resolve_region
from ..measures import alliance_blocs, capability_shares, con, polarity, pooled_capability
from ..reference import OBLIGATIONS, load_alliances, load_rivalries, load_states
from ..snapshot import Snapshot, alliance_members, snapshot

__all__ = ["ALIGNMENT_OBLIGATIONS", "Brief", "build_brief", "render_html", "write_html"]

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
    rv = load_rivalries()
    pos = set(s.ccodes)
    live = rv[
        (rv["start_year"] <= s.year)
        & (rv["end_year"].fillna(9999) >= s.year)
        & rv["ccode1"].isin(pos)
        & rv["ccode2"].isin(pos)
    ]
    out = live[["rivalry_id", "name", "ccode1", "ccode2", "start_year", "type"]].copy()
    return out.sort_values("start_year").reset_index(drop=True)


def build_brief(region: str, year: int, data: str = "reference") -> Brief:
    """Gather the frames of a regional brief for ``region`` in ``year``.

    The snapshot holds the region's states plus their outside defence or offence allies
    (see :func:`alliancelab.snapshot`); shares, CON, polarity, blocs and pooled
    capability are computed over that set.

    Examples
    --------
    >>> b = build_brief("europe", 1914)
    >>> sorted(b.blocs["alliance"].dropna())
    ['anglo_japanese', 'franco_russian', 'triple_alliance']
    """
    reg = resolve_region(region)
    s = snapshot(year, reg, data=data)
    st = load_states()
    return Brief(
        region=reg.name,
        year=s.year,
        snapshot=s,
        shares=capability_shares(s),
        con=con(s),
        polarity=polarity(s).iloc[0],
        blocs=alliance_blocs(s),
        alignments=alliance_blocs(s, obligations=ALIGNMENT_OBLIGATIONS),
        alliances=_alliance_table(s),
        rivalries=_rivalry_table(s),
        pooled=pooled_capability(s).sort_values("pooled_capability", ascending=False),
        abbrev=dict(zip(st["ccode"].astype(int), st["stateabb"], strict=False)),
    )


# ----------------------------------------------------------------------------- HTML

_PALETTE = ["#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b", "#e377c2"]


def _bloc_of(brief: Brief) -> dict[int, int]:
    out: dict[int, int] = {}
    for _, row in brief.blocs.iterrows():
        for c in row["members"]:
            out[int(c)] = int(row["bloc"])
    return out


def _color(bloc: int | None) -> str:
    return "#9e9e9e" if bloc is None else _PALETTE[(bloc - 1) % len(_PALETTE)]


def _svg(fig: object) -> str:
    import matplotlib as mpl

    buf = io.StringIO()
    with mpl.rc_context({"svg.hashsalt": "alliancelab", "svg.fonttype": "none"}):
        fig.savefig(buf, format="svg", bbox_inches="tight")  # type: ignore[attr-defined]
    text = buf.getvalue()
    return text[text.index("<svg") :]


def _shares_figure(brief: Brief, top: int = 15) -> str:
    from matplotlib.figure import Figure

    df = brief.shares.dropna(subset=["share"]).head(top).iloc[::-1]
    blocs = _bloc_of(brief)
    fig = Figure(figsize=(6.5, 0.32 * len(df) + 0.9))
    ax = fig.add_subplot()
    labels = [f"{brief.abbrev.get(int(c), c)}" for c in df["ccode"]]
    colors = [_color(blocs.get(int(c))) for c in df["ccode"]]
    ax.barh(labels, df["share"] * 100, color=colors)
    ax.set_xlabel("share of capability in the brief's system (%)")
    ax.set_title(f"Capability shares, {brief.region} {brief.year} (colour = defence bloc)")
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    return _svg(fig)


def _network_figure(brief: Brief) -> str:
    import networkx as nx
    from matplotlib.figure import Figure

    s = brief.snapshot
    blocs = _bloc_of(brief)
    defense = s.obligation("defense")
    align = np.zeros_like(defense)
    for k in ALIGNMENT_OBLIGATIONS:
        align |= s.obligation(k)
    g = nx.Graph()
    shown = [i for i in range(s.n) if align[i].any() or align[:, i].any() or s.rivalry[i].any()]
    for i in shown:
        g.add_node(i)
    for i in shown:
        for j in shown:
            if i < j and (align[i, j] or align[j, i]):
                g.add_edge(i, j, weight=2.0 if defense[i, j] and defense[j, i] else 0.7)
    fig = Figure(figsize=(8.5, 8.0))
    ax = fig.add_subplot()
    ax.set_axis_off()
    if not shown:
        ax.text(0.5, 0.5, "no alliance ties or rivalries", ha="center")
        return _svg(fig)
    # states on a circle, grouped by bloc and by capability within a bloc: deterministic
    # and readable for the few dozen states a region holds
    cap0 = np.nan_to_num(s.capability, nan=0.0)
    order = sorted(shown, key=lambda i: (blocs.get(s.ccodes[i], 10**6), -cap0[i], i))
    angles = np.linspace(np.pi / 2, np.pi / 2 - 2 * np.pi, len(order), endpoint=False)
    pos = {i: (float(np.cos(a)), float(np.sin(a))) for i, a in zip(order, angles, strict=True)}
    ax.set_xlim(-1.25, 1.25)
    ax.set_ylim(-1.2, 1.2)
    ax.set_aspect("equal")
    for i, j in g.edges:
        has_def = bool(defense[i, j] or defense[j, i])
        bi, bj = blocs.get(s.ccodes[i]), blocs.get(s.ccodes[j])
        same = bi is not None and bi == bj
        # ties inside a bloc are many (NATO alone has 496 pairs): draw them faint in the
        # bloc's colour so the ties between blocs and of unaligned states stand out
        (x0, y0), (x1, y1) = pos[i], pos[j]
        ax.plot(
            [x0, x1],
            [y0, y1],
            color=_color(bi) if same else ("#444444" if has_def else "#888888"),
            alpha=0.12 if same else 0.9,
            lw=0.6 if same else (1.4 if has_def else 0.9),
            ls="-" if has_def else "--",
            zorder=1,
        )
    ri, rj = np.nonzero(np.triu(s.rivalry, 1))
    for a, b in zip(ri.tolist(), rj.tolist(), strict=True):
        if a in pos and b in pos:
            (x0, y0), (x1, y1) = pos[a], pos[b]
            ax.plot([x0, x1], [y0, y1], color="#d62728", lw=1.4, ls=":", zorder=1)
    cap = np.nan_to_num(s.capability, nan=0.0)
    top = cap.max() if cap.max() > 0 else 1.0
    for node in shown:
        x, y = pos[node]
        ax.scatter(
            [x],
            [y],
            s=40 + 900 * np.sqrt(cap[node] / top),
            color=_color(blocs.get(s.ccodes[node])),
            edgecolors="white" if s.in_region[node] else "black",
            zorder=2,
        )
        ax.annotate(
            brief.abbrev.get(s.ccodes[node], str(s.ccodes[node])),
            (x, y),
            fontsize=7,
            ha="center",
            va="center",
            zorder=3,
        )
    ax.set_title(
        "Alliance network: solid = defence commitment, dashed = other alignment, "
        "red dotted = rivalry; black ring = outside the region",
        fontsize=8,
    )
    return _svg(fig)


def _table(df: pd.DataFrame, columns: dict[str, str], fmt: dict[str, str] | None = None) -> str:
    fmt = fmt or {}
    head = "".join(f"<th>{html.escape(v)}</th>" for v in columns.values())
    body = []
    for _, row in df.iterrows():
        cells = []
        for col in columns:
            v = row[col]
            if col in fmt and v is not None and not (isinstance(v, float) and np.isnan(v)):
                text = format(v, fmt[col])
            elif isinstance(v, float) and np.isnan(v):
                text = "NA"
            elif isinstance(v, tuple):
                text = ", ".join(str(x) for x in v)
            else:
                text = "" if v is None else str(v)
            cells.append(f"<td>{html.escape(text)}</td>")
        body.append("<tr>" + "".join(cells) + "</tr>")
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"


_CSS = """
body{font-family:system-ui,-apple-system,'Segoe UI',sans-serif;max-width:1000px;
margin:2em auto;padding:0 1em;color:#222;line-height:1.45}
h1{font-size:1.6em;margin-bottom:.2em}
h2{font-size:1.2em;margin-top:1.6em;border-bottom:1px solid #ddd}
table{border-collapse:collapse;font-size:.88em;margin:.5em 0}
td,th{border:1px solid #ddd;padding:3px 7px;text-align:left;vertical-align:top}
th{background:#f3f3f3}.kpi{display:flex;gap:1.2em;flex-wrap:wrap}
.kpi div{background:#f6f8fa;border:1px solid #e1e4e8;border-radius:6px;padding:.5em .9em}
.kpi b{display:block;font-size:1.3em}.note{color:#555;font-size:.85em}
svg{max-width:100%;height:auto}
"""


def render_html(brief: Brief) -> str:
    """The brief as one self-contained HTML page (inline CSS and SVG, no external links)."""
    s = brief.snapshot
    pol = brief.polarity
    abbrev = brief.abbrev

    def names(codes: tuple[int, ...]) -> str:
        return ", ".join(f"{abbrev.get(int(c), c)}" for c in codes)

    blocs = brief.blocs.assign(member_list=brief.blocs["members"].map(names))
    aligns = brief.alignments.assign(member_list=brief.alignments["members"].map(names))
    shares = brief.shares.head(20).assign(share_pct=lambda d: d["share"] * 100)
    pooled = brief.pooled.head(15).assign(pooled_pct=lambda d: d["pooled_share"] * 100)
    riv = brief.rivalries.assign(
        pair=[
            f"{abbrev.get(int(a), a)}-{abbrev.get(int(b), b)}"
            for a, b in zip(brief.rivalries["ccode1"], brief.rivalries["ccode2"], strict=True)
        ]
    )
    poles = names(pol["poles"])
    notes = "".join(f"<li>{html.escape(n)}</li>" for n in s.notes) or "<li>none</li>"
    parts = [
        "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>",
        f"<title>alliancelab brief: {html.escape(brief.region)} {brief.year}</title>",
        f"<style>{_CSS}</style></head><body>",
        f"<h1>Regional brief: {html.escape(brief.region.replace('_', ' ').title())}, "
        f"{brief.year}</h1>",
        f"<p class='note'>alliancelab {__version__}, shipped reference data. The system shown "
        f"is the {brief.n_region_states} states of the region in the state system plus "
        f"{s.n - brief.n_region_states} outside states allied to them by defence or offence "
        "obligations.</p>",
        "<div class='kpi'>",
        f"<div>States<b>{s.n}</b></div>",
        f"<div>Concentration (CON)<b>{brief.con:.3f}</b></div>",
        f"<div>Polarity<b>{html.escape(str(pol['polarity']))} ({int(pol['n_poles'])})</b>"
        f"{html.escape(poles)}</div>",
        f"<div>Defence blocs<b>{len(brief.blocs)}</b></div>",
        f"<div>Active rivalries<b>{len(brief.rivalries)}</b></div>",
        "</div>",
        "<h2>Defence blocs</h2>",
        "<p class='note'>Connected components of defence commitments answered by an aligning "
        "commitment; each labelled by the alliance that covers most of its members (the "
        "oldest on near-ties), or after its hub when no alliance covers half of it.</p>",
        _table(
            blocs,
            {
                "bloc": "#",
                "label": "bloc",
                "n_members": "members",
                "share": "capability share",
                "member_list": "states",
            },
            {"share": ".1%"},
        ),
        "<h2>Alignments (defence, offence and entente/consultation ties)</h2>",
        _table(
            aligns,
            {
                "bloc": "#",
                "label": "largest alliance",
                "n_members": "members",
                "share": "capability share",
                "member_list": "states",
            },
            {"share": ".1%"},
        ),
        "<h2>Distribution of power</h2>",
        _shares_figure(brief),
        _table(
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
        _network_figure(brief),
        "<h2>Alliances in force with members in the region</h2>",
        _table(
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
        _table(
            pooled,
            {
                "name": "state",
                "capability": "own",
                "pooled_capability": "pooled",
                "n_allies": "defence allies",
                "pooled_pct": "pooled share %",
            },
            {"capability": ".4f", "pooled_capability": ".4f", "pooled_pct": ".1f"},
        ),
        "<h2>Strategic rivalries</h2>",
        _table(riv, {"pair": "pair", "name": "rivalry", "start_year": "since", "type": "type"}),
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
        "</ul></body></html>",
    ]
    return "\n".join(parts)


def write_text_atomic(text: str, path: str | Path) -> Path:
    """Write ``text`` to ``path`` through a temporary file, so a reader never sees half a
    page (parent folders are created)."""
    out = Path(path)
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(out.name + ".tmp")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(out)
    return out


def write_html(brief: Brief, path: str | Path) -> Path:
    """Write :func:`render_html` to ``path`` (parent folders are created)."""
    return write_text_atomic(render_html(brief), path)
