"""The regional brief: who holds power in a region-year, which blocs exist, who is rival.

``build_brief`` gathers the frames (all from :mod:`alliancelab.measures`), ``render_html``
turns them into one self-contained HTML page with inline SVG figures (no scripts, fonts
or stylesheets from the network), so the file opens offline. The figures are written by
the plain SVG writer (:mod:`alliancelab.reports._svg`), so a brief imports no matplotlib.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from .. import __version__
from ..codes import resolve_region
from ..measures import alliance_blocs, capability_shares, pooled_capability
from ..measures.indicators import evaluate
from ..measures.power import polarity as _pole_count
from ..reference import OBLIGATIONS, load_alliances, load_rivalries, load_states
from ..snapshot import Snapshot, snapshot
from ._network_figure import network_figure
from ._svg import Axes, Canvas, ticks
from .html import (
    abbreviations,
    bloc_color,
    bloc_of,
    bloc_table,
    page,
    state_names,
    table,
    write_text_atomic,
)

__all__ = [
    "ALIGNMENT_OBLIGATIONS",
    "BRIEF_INDICATORS",
    "Brief",
    "build_brief",
    "data_used",
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
    data: str = "reference"
    data_note: str = ""

    @property
    def n_region_states(self) -> int:
        """Number of system members inside the region."""
        return int(self.snapshot.in_region.sum())


def _since(data: str, store: object | None) -> dict[str, int]:
    """First year in force of each alliance id of the data source (for the "since" column).

    Reference: ``alliances.csv`` ``start_year``; store: the earliest ATOP 5.1 ``yrent`` of
    the alliance (ids ``atop<atopid>``, as the store snapshot names them).
    """
    if data == "store":
        from ..snapshot import store_data

        mem = store_data(store).store.read("atop", "members", columns=["atopid", "yrent"])
        first = mem.dropna().groupby("atopid")["yrent"].min()
        return {
            f"atop{a}": y
            for a, y in zip(
                first.index.astype(int).tolist(), first.astype(int).tolist(), strict=True
            )
        }
    al = load_alliances()
    return dict(zip(al["alliance"], al["start_year"].astype(int), strict=True))


def _alliance_table(s: Snapshot, since: dict[str, int]) -> pd.DataFrame:
    """The alliances in force with a member in the region, from the snapshot itself.

    ``n_members`` counts the members in the snapshot (the region's states and their
    outside defence or offence allies), so the table agrees with the blocs and the network.
    """
    inside = s.in_region
    rows = []
    for k, aid in enumerate(s.alliances):
        members = s.membership[k]
        n_in = int((members & inside).sum())
        if n_in == 0:
            continue
        obl = [o for o, on in zip(OBLIGATIONS, s.alliance_obligations[k], strict=True) if on]
        rows.append(
            {
                "alliance": aid,
                "name": s.alliance_names[k],
                "domain": s.alliance_domains[k],
                "since": since.get(aid, pd.NA),
                "n_members": int(members.sum()),
                "n_in_region": n_in,
                "obligations": ", ".join(obl),
            }
        )
    cols = ["alliance", "name", "domain", "since", "n_members", "n_in_region", "obligations"]
    if not rows:
        return pd.DataFrame(columns=cols)
    return pd.DataFrame(rows)[cols].sort_values(["n_members", "name"], ascending=[False, True])


def _rivalry_meta(
    year: int, data: str, store: object | None
) -> dict[tuple[int, int], tuple[object, ...]]:
    """(id, name, start, type) of each rivalry ongoing in ``year``, keyed by its sorted pair.

    Reference: ``rivalries.csv``; store: the imported Thompson & Dreyer (2012) table
    (``rivalryno``, ``rivalryname``, ``styear``, ``type1-3``), when it is in the store.
    """
    if data == "store":
        from ..snapshot import store_data

        st = store_data(store).store
        if not st.has("rivalries"):
            return {}
        rv = st.read("rivalries", "rivalries")
        kinds = [c for c in ("type1", "type2", "type3") if c in rv.columns]
        rv = pd.DataFrame(
            {
                "ccode1": rv["ccode1"],
                "ccode2": rv["ccode2"],
                "rivalry_id": rv["rivalryno"],
                "name": rv["rivalryname"],
                "start_year": rv["styear"],
                "end_year": rv["endyear"],
                "type": rv[kinds].apply(
                    lambda r: "+".join(str(v) for v in r if isinstance(v, str) and v), axis=1
                )
                if kinds
                else None,
            }
        ).dropna(subset=["ccode1", "ccode2", "start_year"])
    else:
        rv = load_rivalries()
    live = rv[(rv["start_year"] <= year) & (rv["end_year"].fillna(9999) >= year)]
    cols = ["ccode1", "ccode2", "rivalry_id", "name", "start_year", "type"]
    meta: dict[tuple[int, int], tuple[object, ...]] = {}
    for c1, c2, rid, name, start, kind in live[cols].itertuples(index=False):
        a, b = int(c1), int(c2)
        meta[(min(a, b), max(a, b))] = (int(rid), str(name), int(start), kind or None)
    return meta


def _rivalry_table(
    s: Snapshot, data: str, abbrev: dict[int, str], store: object | None = None
) -> pd.DataFrame:
    """The snapshot's rivalries with a state in the region (those ``n_rivalries`` counts).

    The pairs come from the snapshot's rivalry matrix (either data source); id, name,
    start and type from that source's Thompson & Dreyer (2012) entry for the pair
    (:func:`_rivalry_meta`), else the pair labelled with the names of the day.
    """
    i, j = np.nonzero(np.triu(s.rivalry, 1))
    keep = s.in_region[i] | s.in_region[j]
    pairs = [(s.ccodes[a], s.ccodes[b]) for a, b in zip(i[keep], j[keep], strict=True)]
    meta = _rivalry_meta(s.year, data, store)
    rows = []
    for a, b in pairs:
        rid, name, start, kind = meta.get(
            (a, b), (pd.NA, f"{abbrev.get(a, a)}-{abbrev.get(b, b)}", pd.NA, None)
        )
        rows.append(
            {"rivalry_id": rid, "name": name, "ccode1": a, "ccode2": b,
             "start_year": start, "type": kind}
        )  # fmt: skip
    cols = ["rivalry_id", "name", "ccode1", "ccode2", "start_year", "type"]
    out = pd.DataFrame(rows, columns=cols)
    return out.sort_values(["start_year", "ccode1"], na_position="last").reset_index(drop=True)


def data_used(data: str = "reference", store: object | None = None) -> str:
    """One line saying which data (and versions) a report was computed from.

    Reference: the shipped set's version (the ``alliancelab_reference`` entry of
    :mod:`alliancelab.sources`) and its size; store: the file and, per source the store
    snapshot reads, the version it uses (the latest import, as :meth:`Store.read` does)
    with its import date, from the store's import records.

    Examples
    --------
    >>> data_used()[:40]
    'shipped reference data (alliancelab_refe'
    """
    if data == "store":
        from ..snapshot import store_data
        from ..store.core import default_version

        st = store_data(store).store
        imp = st.imports()
        parts = []
        for source in ("cow_states", "atop", "cow_nmc", "rivalries"):
            found = imp[imp["source"] == source]
            if found.empty:
                parts.append(f"{source}: not imported")
                continue
            version = default_version(found["version"].tolist())
            when = found.loc[found["version"] == version, "imported_at"].iloc[-1]
            parts.append(f"{source} {version} (imported {str(when)[:10]})")
        return f"official data from the store {st.path}: " + ", ".join(parts)
    from ..sources import SOURCES

    ref = SOURCES["alliancelab_reference"]
    return (
        f"shipped reference data (alliancelab_reference {ref.version}: "
        f"{len(load_alliances())} alliances, {load_states()['ccode'].nunique()} states, "
        "1815-2024; import the official files and use --data store for every ATOP alliance)"
    )


def _polarity(s: Snapshot, ind: pd.Series) -> pd.Series:
    """The brief's polarity row: the registry's label and count, and the poles with their
    shares of the index the rule compares (:func:`alliancelab.measures.power.polarity`:
    military expenditure, five-year mean), not CINC shares, so a reader can check the
    half-of-the-leader rule against the printed numbers."""
    row = _pole_count(s, region_only=True).iloc[0]  # the registry's rule and candidates
    return pd.Series(
        {
            "polarity": ind["polarity"],
            "n_poles": ind["n_poles"],
            "poles": tuple(int(c) for c in row["poles"]),
            "pole_shares": tuple(float(x) for x in row["pole_shares"]),
            "leading_share": float(row["leading_share"]),
        }
    )


def build_brief(
    region: str,
    year: object,
    data: str = "reference",
    store: object | None = None,
) -> Brief:
    """Gather the frames of a regional brief for ``region`` in ``year``.

    The snapshot holds the region's states plus their outside defence or offence allies
    (see :func:`alliancelab.snapshot`). The headline indicators (CON, polarity and poles,
    bloc and rivalry counts) come from the indicator registry
    (:func:`alliancelab.measures.indicators.evaluate`), computed over the states inside
    the region as everywhere else; ``shares`` are capability shares among the region's
    states; blocs and pooled capability count the outside allies. The alliance and
    rivalry tables are read from the snapshot too, so they are those of ``data``
    (``"reference"``: the shipped set; ``"store"``: the imported official files of
    ``store``, ATOP 5.1 and COW), and states are labelled by the name of the day
    (:func:`alliancelab.reports.html.abbreviations`).

    Parameters
    ----------
    year : int (or whatever :func:`alliancelab.snapshot` accepts as its first argument)

    Examples
    --------
    >>> b = build_brief("europe", 1914)
    >>> sorted(b.blocs["alliance"].dropna())
    ['franco_russian', 'greek_serbian_1913', 'triple_alliance']
    >>> round(b.con, 3), b.polarity["polarity"]
    (0.324, 'multipolar')
    >>> b.abbrev[345], "Austria-Serbia" in set(b.rivalries["name"])  # Serbia, not "YUG"
    ('SER', True)
    """
    reg = resolve_region(region)
    s = snapshot(year, reg, data=data, store=store)  # type: ignore[arg-type]
    ind = evaluate(s, BRIEF_INDICATORS)
    shares = capability_shares(s, region_only=True)
    abbrev = abbreviations(s.year)
    return Brief(
        region=reg.name,
        year=s.year,
        snapshot=s,
        shares=shares,
        con=float(ind["con"].iloc[0]),
        polarity=_polarity(s, ind.iloc[0]),
        blocs=alliance_blocs(s),
        alignments=alliance_blocs(s, obligations=ALIGNMENT_OBLIGATIONS),
        alliances=_alliance_table(s, _since(data, store)),
        rivalries=_rivalry_table(s, data, abbrev, store),
        pooled=pooled_capability(s).sort_values("pooled_capability", ascending=False),
        abbrev=abbrev,
        indicators=ind,
        data=data,
        data_note=data_used(data, store),
    )


# ----------------------------------------------------------------------------- HTML


def _shares_figure(brief: Brief, top: int = 15) -> str:
    """Horizontal bars of the ``top`` largest capability shares (%), coloured by defence
    bloc, as inline SVG (:mod:`alliancelab.reports._svg`, one ``<rect>`` per state, the
    largest on top).

    The layout is fixed, in points: 23 (0.32 inch) a bar, room for the title above, for
    the tick labels and the axis label below and for the state labels on the left. The x
    axis starts at 0 and runs 5% past the largest share; ticks at round numbers.
    """
    df = brief.shares.dropna(subset=["share"]).head(top).iloc[::-1]
    blocs = bloc_of(brief.blocs)
    n = len(df)
    width, height = 468.0, 23.04 * n + 72.0
    left, right, bottom, top_ = 43.2, 14.4, 39.6, 28.8
    pct = [float(v) * 100 for v in df["share"]]
    hi = max(pct, default=0.0)
    # bars of height 0.8 at y = 0 .. n-1 with a 5% margin; x from 0 to 5% past the largest
    pad = 0.05 * (n - 0.2)
    title = f"Capability shares, {brief.region} {brief.year} (colour = defence bloc)"
    labels = [str(brief.abbrev.get(int(c), c)) for c in df["ccode"]]
    canvas = Canvas(
        width,
        height,
        name="shares",
        title=title,
        desc="Share of the region's capability (%), largest first: "
        + "; ".join(f"{lab} {v:.1f}" for lab, v in reversed(list(zip(labels, pct, strict=True))))
        + ".",
    )
    ax = Axes(
        canvas,
        (left, top_, width - left - right, height - top_ - bottom),
        (0.0, 1.05 * hi if hi > 0 else 1.0),
        (-0.4 - pad, n - 0.6 + pad),
    )
    with canvas.group(id="shares-bars"):
        for k, (code, v) in enumerate(zip(df["ccode"], pct, strict=True)):
            canvas.rect(ax.x(0), ax.y(k + 0.4), ax.x(v) - ax.x(0), ax.y(k - 0.4) - ax.y(k + 0.4),
                        fill=bloc_color(blocs.get(int(code))))  # fmt: skip
    ax.xaxis(ticks(*ax.xlim), label="share of the region's capability (%)")
    ax.yaxis(list(range(n)), labels)
    canvas.text(left + ax.width / 2, top_ - 6.0, title, size=12.0, anchor="middle")
    return canvas.to_string()


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
        f"{getattr(s, 'date', None) or brief.year}</h1>",
        f"<p class='note'>alliancelab {__version__}; data: {html.escape(brief.data_note)}. "
        "The network "
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
        f"<li>Data used: {html.escape(brief.data_note)}.</li>",
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
