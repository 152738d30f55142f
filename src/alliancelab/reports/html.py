"""Building blocks shared by the HTML reports (the regional brief and the case study).

Every page is self-contained: inline CSS (:data:`CSS`), figures inlined as SVG (drawn
with matplotlib and written by :func:`svg`, or, for the regional brief, written directly by
:mod:`alliancelab.reports._svg`), tables as plain HTML (:func:`table`), no scripts, fonts or
stylesheets from the network, so the file opens offline. The helpers are pure: they take
frames and return strings (:func:`write_text_atomic` aside, which writes a page).
"""

from __future__ import annotations

import html
import io
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

__all__ = [
    "CSS",
    "GREY",
    "PALETTE",
    "abbreviations",
    "bloc_color",
    "bloc_of",
    "bloc_table",
    "grid_figure",
    "page",
    "state_names",
    "svg",
    "table",
    "write_text_atomic",
]

#: Colours of defence blocs 1, 2, ... (cycled); states outside any bloc are :data:`GREY`.
PALETTE = ("#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b", "#e377c2")
#: The colour of a state in no defence bloc.
GREY = "#9e9e9e"

#: The pages' stylesheet, inlined in ``<style>``.
CSS = """
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


def page(title: str, body: Iterable[str], *, css: str = "") -> str:
    """One self-contained HTML page: ``title`` (escaped), :data:`CSS` plus ``css``, and the
    ``body`` fragments one a line (they are HTML, not escaped).

    Examples
    --------
    >>> p = page("a < b", ["<h1>Hi</h1>"])
    >>> p.splitlines()[1], p.endswith("<h1>Hi</h1></body></html>")
    ('<title>a &lt; b</title>', True)
    """
    head = [
        "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>",
        f"<title>{html.escape(title)}</title>",
        f"<style>{CSS}{css}</style></head><body>",
    ]
    return "\n".join([*head, *body]) + "</body></html>"


def svg(fig: Figure, *, tight: bool = True) -> str:
    """The matplotlib figure ``fig`` as an inline ``<svg>`` element (no XML prologue).

    Text stays text (``svg.fonttype`` none), element ids are salted with a fixed string
    and no ``dc:date`` is written, so the same figure gives byte-identical SVG (a report
    run twice with the same seed is the same file). ``tight=True`` crops the page to what
    is drawn (``bbox_inches="tight"``, which draws the figure twice); a figure laid out
    by hand (:func:`grid_figure`) passes ``tight=False`` and is drawn once.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import matplotlib.pyplot as plt
    >>> fig, ax = plt.subplots()
    >>> _ = ax.plot([1, 2], [3, 4])
    >>> a, b = svg(fig), svg(fig)
    >>> plt.close(fig)
    >>> a == b, a.startswith("<svg"), "dc:date" in a
    (True, True, False)
    """
    import matplotlib as mpl

    buf = io.StringIO()
    with mpl.rc_context({"svg.hashsalt": "alliancelab", "svg.fonttype": "none"}):
        fig.savefig(
            buf, format="svg", bbox_inches="tight" if tight else None, metadata={"Date": None}
        )
    text = buf.getvalue()
    return text[text.index("<svg") :]


def grid_figure(
    n: int,
    title: str,
    *,
    ncol: int = 3,
    width: float = 9.0,
    row_height: float = 1.7,
    gap: float = 0.6,
    top: float = 0.8,
    left: float = 0.55,
) -> tuple[Figure, list[Axes]]:
    """A figure of ``n`` small axes on a grid of ``ncol`` columns with a fixed layout.

    Sizes are in inches: ``row_height`` per row (axes plus the gap below it), ``gap``
    between rows and between columns (room for a two-line axes title and the tick
    labels), ``top`` above the first row for the figure's ``title`` (12 pt) and the first
    row's axes titles, ``left`` for the first column's tick labels. The layout is computed here once
    instead of by ``tight_layout`` (which draws every axes to measure it), so the figure
    is drawn once, by :func:`svg` with ``tight=False``. Cells past ``n`` are left empty;
    the axes come in reading order, with the top and right spines hidden and no offset
    on the y tick labels, so that an axes title set at ``y=1.0`` (which skips
    matplotlib's measuring of what lies above the axes) overlaps nothing.

    Examples
    --------
    >>> fig, axes = grid_figure(4, "four panels")
    >>> len(axes), [round(float(v), 2) for v in fig.get_size_inches()]
    (4, [9.0, 3.95])
    """
    from matplotlib.figure import Figure

    nrow = max(1, -(-n // ncol))
    bottom, right = 0.35, 0.15
    height = row_height * nrow - gap + bottom + top
    h = (height - top - bottom - (nrow - 1) * gap) / nrow
    w = (width - left - right - (ncol - 1) * gap) / ncol
    fig = Figure(figsize=(width, height))
    fig.suptitle(title, fontsize=12, y=1 - 0.12 / height, va="top")
    grid = fig.add_gridspec(
        nrow,
        ncol,
        left=left / width,
        right=1 - right / width,
        bottom=bottom / height,
        top=1 - top / height,
        hspace=gap / h,
        wspace=gap / w,
    )
    axes = []
    for k in range(n):
        ax = fig.add_subplot(grid[k // ncol, k % ncol])
        ax.spines[["top", "right"]].set_visible(False)
        ax.ticklabel_format(axis="y", useOffset=False)  # nothing drawn above the axes
        axes.append(ax)
    return fig, axes


def table(df: pd.DataFrame, columns: dict[str, str], fmt: dict[str, str] | None = None) -> str:
    """The ``columns`` of ``df`` (column -> header) as an HTML table, cells escaped.

    ``fmt`` maps a column to a :func:`format` spec; missing floats show as ``NA`` and
    tuples as comma-separated lists.

    Examples
    --------
    >>> df = pd.DataFrame({"a": [0.5, float("nan")], "b": [(1, 2), "x<y"]})
    >>> table(df, {"a": "A", "b": "B"}, {"a": ".0%"})  # doctest: +NORMALIZE_WHITESPACE
    '<table><thead><tr><th>A</th><th>B</th></tr></thead><tbody><tr><td>50%</td><td>1,
    2</td></tr><tr><td>NA</td><td>x&lt;y</td></tr></tbody></table>'
    """
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


#: Abbreviations of the names a COW code went by in some years (:func:`codes.display_name`):
#: COW's ``stateabb`` is one per code for the whole spell (345 "YUG" in 1914, 365 "RUS" in
#: 1960), so a report of those years labels the state by the name of the day instead.
def abbreviations(year: int) -> dict[int, str]:
    """COW abbreviation of every reference state, by the name it had in ``year``.

    Source: COW State System Membership v2016 ``stateabb``, replaced where
    :func:`alliancelab.codes.display_name` gives the state another name that year.

    Examples
    --------
    >>> a, b = abbreviations(1914), abbreviations(1950)
    >>> a[345], b[345], a[200], abbreviations(1960)[365]
    ('SER', 'YUG', 'UKG', 'USSR')
    """
    from ..codes import abbreviation
    from ..reference import load_states

    st = load_states().drop_duplicates("ccode")
    return {
        code: abbreviation(code, year, str(abb), str(name))
        for code, abb, name in zip(st["ccode"].astype(int), st["stateabb"], st["name"], strict=True)
    }


def state_names(codes: Iterable[int], abbrev: Mapping[int, str]) -> str:
    """COW codes as their abbreviations, comma-separated (the code where none is known).

    Examples
    --------
    >>> state_names((2, 200, 999), {2: "USA", 200: "UKG"})
    'USA, UKG, 999'
    """
    return ", ".join(str(abbrev.get(int(c), c)) for c in codes)


def bloc_table(
    blocs: pd.DataFrame,
    abbrev: Mapping[int, str],
    *,
    key: tuple[str, str] = ("bloc", "#"),
    label: str = "bloc",
) -> str:
    """A table of blocs (frame of :func:`alliancelab.measures.alliance_blocs`): the
    ``key`` column (column, header), the bloc's label (headed ``label``), its size, its
    capability share and its members named with ``abbrev``.
    """
    df = blocs.assign(member_list=blocs["members"].map(lambda t: state_names(t, abbrev)))
    columns = {
        key[0]: key[1],
        "label": label,
        "n_members": "members",
        "share": "capability share",
        "member_list": "states",
    }
    return table(df, columns, {"share": ".1%"})


def bloc_of(blocs: pd.DataFrame) -> dict[int, int]:
    """COW code -> bloc number, from a frame of :func:`alliancelab.measures.alliance_blocs`.

    Examples
    --------
    >>> bloc_of(pd.DataFrame({"bloc": [1, 2], "members": [(2, 200), (365,)]}))
    {2: 1, 200: 1, 365: 2}
    """
    out: dict[int, int] = {}
    for _, row in blocs.iterrows():
        for c in row["members"]:
            out[int(c)] = int(row["bloc"])
    return out


def bloc_color(bloc: int | None) -> str:
    """The colour of bloc number ``bloc`` (1-based, :data:`PALETTE` cycled); grey for none.

    Examples
    --------
    >>> bloc_color(1), bloc_color(8), bloc_color(None)
    ('#1f77b4', '#1f77b4', '#9e9e9e')
    """
    return GREY if bloc is None else PALETTE[(bloc - 1) % len(PALETTE)]


def write_text_atomic(text: str, path: str | Path) -> Path:
    """Write ``text`` to ``path`` through a temporary file, so a reader never sees half a
    page (parent folders are created)."""
    out = Path(path)
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(out.name + ".tmp")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(out)
    return out
