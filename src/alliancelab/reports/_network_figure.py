"""Alliance networks drawn as SVG: the regional brief's network, and the before/after
networks of a scenario drawn for comparison (one layout, one colour per bloc).

:func:`network_figure` draws the brief's network with the plain SVG writer
(:mod:`alliancelab.reports._svg`; no matplotlib, so a brief imports none). It shares the
one circular layout of :func:`layout` (states grouped by bloc and by capability within a
bloc).

:func:`network_pair` draws the baseline and the edited system of a scenario as two SVG
figures (matplotlib, for the case study) that can be laid side by side or one above the
other:

* **One fixed layout.** Positions are computed once, on the union of both systems' states
  with a tie (:func:`layout`): the states sit on a circle, grouped by bloc and by
  capability within a bloc (deterministic: no random seed is involved), and both figures
  use the same positions and the same axes limits and size, so a state is at the same
  place before and after.
* **Fixed colours per bloc** (:func:`bloc_colours`): the baseline's blocs take the palette
  in order; each bloc after the edits takes the colour of the baseline bloc whose members
  it keeps most of (its core), so Germany's bloc keeps its colour; a new bloc takes a
  colour no baseline bloc used.
* **Changes drawn distinctly** on the "after" figure: added ties green and solid, removed
  ties red and dashed (thick, above the others); rivalries orange and dotted.
* **A legend** (blocs with their labels, line styles) and fonts of 12 pt.

The SVG carries ``id="node-<ccode>"`` groups (one per state) and ``id="ties-added"``,
``id="ties-removed"`` groups, so tests and readers can find them.

References
----------
Tufte, E. 2001. *The Visual Display of Quantitative Information*, 2nd ed. (small multiples:
the same frame for each panel).
"""

from __future__ import annotations

import textwrap
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from ._svg import Canvas, dash
from .html import GREY, PALETTE, bloc_color, bloc_of, svg

if TYPE_CHECKING:
    from matplotlib.artist import Artist
    from matplotlib.axes import Axes

    from ..snapshot import Snapshot

__all__ = [
    "ADDED",
    "FONT",
    "REMOVED",
    "bloc_colours",
    "layout",
    "network_figure",
    "network_pair",
    "ties",
]

#: Font size of every text of the figures, in points.
FONT = 12
#: Style of ties the edits added: (colour, line style, width).
ADDED = ("#2ca02c", "-", 2.6)
#: Style of ties the edits removed.
REMOVED = ("#d62728", "--", 2.6)
_RIVALRY = ("#e6550d", ":", 1.6)


def ties(s: Snapshot, alignment: Sequence[str]) -> dict[tuple[int, int], bool]:
    """Aligned pairs ``(ccode_a, ccode_b)``, a < b, of ``s`` -> whether one owes the other
    defence (an obligation in ``alignment`` either way makes a tie)."""
    defense = s.obligation("defense")
    align = np.zeros_like(defense)
    for k in alignment:
        align |= s.obligation(k)
    ii, jj = np.nonzero(np.triu(align | align.T, 1))
    c = s.ccodes
    return {
        (int(c[i]), int(c[j])): bool(defense[i, j] or defense[j, i])
        for i, j in zip(ii.tolist(), jj.tolist(), strict=True)
    }


def _rivals(s: Snapshot) -> set[tuple[int, int]]:
    ri, rj = np.nonzero(np.triu(s.rivalry, 1))
    return {(int(s.ccodes[a]), int(s.ccodes[b])) for a, b in zip(ri, rj, strict=True)}


def bloc_colours(
    before: pd.DataFrame, after: pd.DataFrame
) -> tuple[dict[int, str], dict[int, str]]:
    """Colour of each bloc number before and after (frames of ``alliance_blocs``).

    Baseline bloc k takes ``PALETTE[k-1]`` (cycled). After the edits, pairs (after bloc,
    baseline bloc) are matched greedily by the number of members they share (most first,
    each baseline bloc once): a matched bloc keeps the baseline bloc's colour; the others
    take the palette's unused colours in order.

    Examples
    --------
    >>> b = pd.DataFrame({"bloc": [1, 2], "members": [(1, 2, 3), (4, 5)]})
    >>> a = pd.DataFrame({"bloc": [1, 2], "members": [(4, 5, 6), (1, 2, 3)]})
    >>> bloc_colours(b, a)[1] == {1: PALETTE[1], 2: PALETTE[0]}
    True
    """
    cb = {int(k): PALETTE[(int(k) - 1) % len(PALETTE)] for k in before["bloc"]}
    mb = {int(k): set(map(int, m)) for k, m in zip(before["bloc"], before["members"], strict=True)}
    ma = {int(k): set(map(int, m)) for k, m in zip(after["bloc"], after["members"], strict=True)}
    pairs = sorted(
        ((len(ma[a] & mb[b]), a, b) for a in ma for b in mb if ma[a] & mb[b]),
        key=lambda t: (-t[0], t[1], t[2]),
    )
    ca: dict[int, str] = {}
    used: set[int] = set()
    for _, a, b in pairs:
        if a not in ca and b not in used:
            ca[a], used = cb[b], used | {b}
    spare = [c for c in PALETTE if c not in {cb[b] for b in used}] or list(PALETTE)
    for k, a in enumerate(sorted(x for x in ma if x not in ca)):
        ca[a] = spare[k % len(spare)]
    return cb, ca


def layout(
    codes: Sequence[int], order_key: Mapping[int, tuple[float, ...]]
) -> dict[int, tuple[float, float]]:
    """States on the unit circle, clockwise from the top, sorted by ``order_key``.

    Examples
    --------
    >>> p = layout([5, 7], {5: (0,), 7: (1,)})
    >>> [tuple(round(v, 6) + 0.0 for v in p[c]) for c in (5, 7)]  # + 0.0: no "-0.0"
    [(0.0, 1.0), (0.0, -1.0)]
    """
    order = sorted(codes, key=lambda c: (*order_key[c], c))
    angles = np.linspace(np.pi / 2, np.pi / 2 - 2 * np.pi, len(order), endpoint=False)
    return {c: (float(np.cos(a)), float(np.sin(a))) for c, a in zip(order, angles, strict=True)}


#: The brief's network: its size (points), the data range shown (x, y: the circle and its
#: labels) and the height of the band above it for the title.
_BRIEF_SIZE, _BRIEF_RANGE, _BRIEF_TOP = 612.0, (2.5, 2.4), 24.48
_BRIEF_TITLE = (
    "Alliance network: solid = defence commitment, dashed = other alignment, "
    "red dotted = rivalry; black ring = outside the region"
)


def network_figure(
    s: Snapshot,
    blocs: pd.DataFrame,
    abbrev: Mapping[int, str],
    *,
    alignment: Sequence[str],
) -> str:
    """The alliance network of snapshot ``s`` as inline SVG (the regional brief's figure).

    States with an alignment tie (an obligation in ``alignment``, either direction:
    :func:`ties`) or a rivalry sit on a circle (:func:`layout`), grouped by their bloc in
    ``blocs`` (frame of :func:`alliancelab.measures.alliance_blocs`) and by capability
    within a bloc, sized by capability (area ``40 + 900 sqrt(cap / max cap)`` square
    points) and labelled with ``abbrev``. Solid lines are defence commitments, dashed ones
    other alignments (ties inside a bloc faint, in the bloc's colour), red dotted ones
    rivalries; a black ring marks a state outside the region.

    The SVG holds one ``<line>`` per tie and per rivalry, in one group per line style
    (``id="network-ties-K"``, ``id="network-rivalries"``), and one ``<circle>``
    (``id="network-node-<ccode>"``) and one label per state, drawn in that order.
    """
    size = _BRIEF_SIZE
    canvas = Canvas(size, size, name="network", title=_BRIEF_TITLE, desc="")
    canvas.text(size / 2, _BRIEF_TOP - 6.0, _BRIEF_TITLE, size=8.0, anchor="middle")
    tie = ties(s, alignment)
    rivals = sorted(_rivals(s))
    shown = sorted({c for p in (*tie, *rivals) for c in p})
    if not shown:
        canvas.desc = "No alliance ties or rivalries."
        canvas.text(size / 2, size / 2, "no alliance ties or rivalries", anchor="middle")
        return canvas.to_string()
    bloc = bloc_of(blocs)
    idx = {int(c): i for i, c in enumerate(s.ccodes)}
    cap = np.nan_to_num(np.asarray(s.capability, dtype=float), nan=0.0)
    top = cap.max() if cap.size and cap.max() > 0 else 1.0
    pos = layout(shown, {c: (float(bloc.get(c, 10**6)), -float(cap[idx[c]])) for c in shown})
    # data -> points: the data range fills the canvas below the title band, equal aspect
    scale = size / _BRIEF_RANGE[0]
    cy = _BRIEF_TOP + (size - _BRIEF_TOP) / 2

    def xy(c: int) -> tuple[float, float]:
        return size / 2 + scale * pos[c][0], cy - scale * pos[c][1]

    styles: dict[tuple[str, float | None, float, str], list[tuple[int, int]]] = {}
    for (a, b), has_def in tie.items():
        ba, bb = bloc.get(a), bloc.get(b)
        same = ba is not None and ba == bb
        # ties inside a bloc are many (NATO alone has 496 pairs): draw them faint in the
        # bloc's colour so the ties between blocs and of unaligned states stand out
        style = (
            bloc_color(ba) if same else ("#444444" if has_def else "#888888"),
            0.12 if same else 0.9,
            0.6 if same else (1.4 if has_def else 0.9),
            "-" if has_def else "--",
        )
        styles.setdefault(style, []).append((a, b))
    groups = [
        (f"network-ties-{k}", style, pairs) for k, (style, pairs) in enumerate(styles.items())
    ]
    if rivals:
        groups.append(("network-rivalries", ("#d62728", None, 1.4, ":"), rivals))
    for gid, (colour, alpha, width, ls), pairs in groups:
        with canvas.group(
            id=gid,
            stroke=colour,
            stroke_opacity=alpha,
            stroke_width=width,
            stroke_dasharray=dash(ls, width),
            stroke_linecap="square" if ls == "-" else None,  # solid lines project, as before
        ):
            for a, b in pairs:
                canvas.line(*xy(a), *xy(b))
    in_region = {int(c): bool(r) for c, r in zip(s.ccodes, s.in_region, strict=True)}
    with canvas.group(id="network-nodes"):
        for c in shown:
            x, y = xy(c)
            r = float(np.sqrt(40 + 900 * np.sqrt(cap[idx[c]] / top))) / 2
            canvas.circle(x, y, r, id=f"network-node-{c}", fill=bloc_color(bloc.get(c)),
                          stroke="#ffffff" if in_region[c] else "#000000")  # fmt: skip
    with canvas.group(id="network-labels"):
        for c in shown:
            canvas.text(*xy(c), abbrev.get(c, str(c)), size=7.0, anchor="middle", middle=True)
    n_def = sum(tie.values())
    canvas.desc = (
        f"{len(shown)} states on a circle, grouped by defence bloc; {len(tie)} alignment "
        f"ties ({n_def} with a defence commitment) and {len(rivals)} rivalries. "
        f"States: {', '.join(abbrev.get(c, str(c)) for c in shown)}."
    )
    return canvas.to_string()


def _lines(
    ax: Axes, segments: list, style: tuple[str, str, float], alpha: float, gid: str, z: float
) -> None:
    from matplotlib.collections import LineCollection

    if not segments:
        return
    color, ls, lw = style
    lc = LineCollection(
        segments, colors=color, linestyles=ls, linewidths=lw, alpha=alpha, capstyle="butt", zorder=z
    )
    lc.set_gid(gid)
    ax.add_collection(lc, autolim=False)


def _draw(
    s: Snapshot,
    pos: Mapping[int, tuple[float, float]],
    colour: Mapping[int, str],
    legend: list[tuple[str, str]],
    abbrev: Mapping[int, str],
    tie: Mapping[tuple[int, int], bool],
    changes: tuple[set[tuple[int, int]], set[tuple[int, int]]] | None,
    title: str,
) -> str:
    from matplotlib.figure import Figure
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    fig = Figure(figsize=(12.0, 8.6))
    ax = fig.add_axes((0.0, 0.0, 0.66, 0.94))
    ax.set_axis_off()
    ax.set_xlim(-1.22, 1.22)
    ax.set_ylim(-1.18, 1.18)
    ax.set_aspect("equal")
    fig.suptitle(title, fontsize=FONT + 2, x=0.02, ha="left", y=0.985)
    added, removed = changes or (set(), set())
    groups: dict[tuple[str, str, float, float], list] = {}
    for (a, b), has_def in tie.items():
        if (a, b) in added or a not in pos or b not in pos:
            continue
        same = colour.get(a) == colour.get(b) and colour.get(a, GREY) != GREY
        key = (
            (colour[a], "-", 0.8, 0.18)
            if same and has_def
            else (("#444444", "-", 1.4, 0.9) if has_def else ("#777777", "--", 1.0, 0.9))
        )
        groups.setdefault(key, []).append([pos[a], pos[b]])
    for k, ((col, ls, lw, alpha), seg) in enumerate(sorted(groups.items())):
        _lines(ax, seg, (col, ls, lw), alpha, f"ties-{k}", 1)
    _lines(
        ax,
        [[pos[a], pos[b]] for a, b in sorted(_rivals(s)) if a in pos and b in pos],
        _RIVALRY,
        0.9,
        "rivalries",
        1.5,
    )
    _lines(ax, [[pos[a], pos[b]] for a, b in sorted(added)], ADDED, 1.0, "ties-added", 2.5)
    _lines(ax, [[pos[a], pos[b]] for a, b in sorted(removed)], REMOVED, 1.0, "ties-removed", 2.5)
    idx = {c: i for i, c in enumerate(s.ccodes)}
    cap = np.nan_to_num(np.asarray(s.capability, dtype=float), nan=0.0)
    top = cap.max() if cap.size and cap.max() > 0 else 1.0
    for c, (x, y) in sorted(pos.items()):
        i = idx.get(c)
        size = 60 + 900 * np.sqrt(cap[i] / top) if i is not None else 60
        edge = "black" if i is not None and not s.in_region[i] else "white"
        sc = ax.scatter([x], [y], s=[size], c=[colour.get(c, GREY)], edgecolors=[edge], zorder=3)
        sc.set_gid(f"node-{c}")
        ax.text(  # the label just outside the circle (a Text: no arrow to place)
            1.09 * x,
            1.07 * y,
            abbrev.get(c, str(c)),
            fontsize=FONT,
            ha="center",
            va="center",
            zorder=4,
        )
    handles: list[Artist] = [
        Patch(color=col, label=textwrap.fill(lab, 34, subsequent_indent="   "))
        for lab, col in legend
    ]
    handles += [
        Line2D([], [], color="#444444", lw=1.4, label="defence commitment"),
        Line2D([], [], color="#777777", lw=1.0, ls="--", label="other alignment"),
        Line2D([], [], color=_RIVALRY[0], lw=1.6, ls=":", label="rivalry"),
        Line2D([], [], color=ADDED[0], lw=ADDED[2], label="tie added by the edits"),
        Line2D([], [], color=REMOVED[0], lw=REMOVED[2], ls="--", label="tie removed by the edits"),
        Line2D(
            [],
            [],
            marker="o",
            ls="none",
            mfc="white",
            mec="black",
            ms=9,
            label="black ring: outside the region",
        ),
    ]
    fig.legend(
        handles=handles,
        loc="upper left",
        bbox_to_anchor=(0.66, 0.92),
        fontsize=FONT,
        frameon=False,
        title="Legend",
        title_fontsize=FONT,
    )
    return svg(fig, tight=False)


def network_pair(
    before: Snapshot,
    after: Snapshot,
    blocs_before: pd.DataFrame,
    blocs_after: pd.DataFrame,
    abbrev: Mapping[int, str],
    *,
    alignment: Sequence[str],
) -> tuple[str, str]:
    """The baseline and the edited network as two SVGs on one layout (module docstring)."""
    tb, ta = ties(before, alignment), ties(after, alignment)
    added = {p for p in ta if p not in tb}
    removed = {p for p in tb if p not in ta}
    shown = {c for p in (*tb, *ta, *_rivals(before), *_rivals(after)) for c in p}
    bb, ba = bloc_of(blocs_before), bloc_of(blocs_after)
    cb, ca = bloc_colours(blocs_before, blocs_after)
    cap = {
        int(c): float(np.nan_to_num(v)) for c, v in zip(after.ccodes, after.capability, strict=True)
    }
    far = 10**6
    key = {
        c: (float(bb.get(c, ba.get(c, far))), float(ba.get(c, far)), -cap.get(c, 0.0))
        for c in shown
    }
    pos = layout(sorted(shown), key)
    col_b = {c: cb[bb[c]] for c in shown if c in bb}
    col_a = {c: ca[ba[c]] for c in shown if c in ba}

    def legend(blocs: pd.DataFrame, colours: Mapping[int, str]) -> list[tuple[str, str]]:
        lab = blocs["label"] if "label" in blocs.columns else blocs["bloc"].astype(str)
        out = [
            (f"bloc {int(k)}: {v}", colours[int(k)])
            for k, v in zip(blocs["bloc"], lab, strict=True)
        ]
        return [*out, ("no defence bloc", GREY)]

    return (
        _draw(
            before,
            pos,
            col_b,
            legend(blocs_before, cb),
            abbrev,
            tb,
            None,
            "Before the edits (baseline)",
        ),
        _draw(
            after,
            pos,
            col_a,
            legend(blocs_after, ca),
            abbrev,
            ta,
            (added, removed),
            f"After the edits: {len(added)} ties added (green), {len(removed)} removed "
            "(red dashed)",
        ),
    )
