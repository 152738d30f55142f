"""A small SVG writer for the report figures that need no plotting library.

The regional brief draws its two figures (capability shares as bars, the alliance network
on a circle) with these few primitives instead of matplotlib, whose import alone took
more time than everything else the brief does. The figures are plain SVG 1.1, inlined in
the page:

* :class:`Canvas`: an ``<svg>`` with a ``viewBox`` in points (72 a inch, the unit
  matplotlib's SVG backend writes, so a figure keeps its printed size), a ``<title>`` and
  a ``<desc>`` for screen readers (``role="img"`` and ``aria-labelledby``), groups with
  an ``id`` and shared styles, and lines, polylines, paths, rectangles, circles and text.
* :class:`Axes`: a rectangle of the canvas with linear x and y scales (data -> points,
  y upwards), axis lines, ticks at round numbers (:func:`ticks`) and their labels.
* :meth:`Canvas.legend`: swatches (a filled square, a line in a style or a marker) with
  their labels, one a row.

All text goes through :func:`escape` (XML's five special characters, and the control
characters XML 1.0 forbids dropped), and every number through :func:`num` (at most two
decimals, no trailing zeros, no ``-0``), so the same figure gives the same bytes.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager

__all__ = ["FONT_FAMILY", "Axes", "Canvas", "dash", "escape", "num", "ticks"]

#: The fonts of every text (matplotlib's default first, as the other reports' figures).
FONT_FAMILY = "DejaVu Sans, Bitstream Vera Sans, Arial, Helvetica, sans-serif"

_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_ESCAPES = {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&apos;"}


def escape(text: object) -> str:
    """``text`` as XML character data or an attribute value.

    Examples
    --------
    >>> escape("A&B <C> \\"d\\" 'e'\\x07")
    'A&amp;B &lt;C&gt; &quot;d&quot; &apos;e&apos;'
    """
    return re.sub(r"[&<>\"']", lambda m: _ESCAPES[m[0]], _CONTROL.sub("", str(text)))


def num(value: float) -> str:
    """A coordinate or length, compactly: rounded to two decimals, no trailing zeros.

    Examples
    --------
    >>> num(12.0), num(0.125), num(-0.001), num(3.14159), num(1e6)
    ('12', '0.12', '0', '3.14', '1000000')
    """
    text = f"{float(value):.2f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def dash(style: str, width: float) -> str | None:
    """The ``stroke-dasharray`` of a line style (``"-"``, ``"--"``, ``":"``) of ``width``:
    matplotlib's patterns (dashes 3.7 on 1.6, dots 1 on 1.65, in line widths), so a line
    looks as it did when the figures were drawn with it; ``None`` for a solid line.

    Examples
    --------
    >>> dash("--", 0.9), dash(":", 1.4), dash("-", 2.0)
    ('3.33,1.44', '1.4,2.31', None)
    """
    pattern = {"-": None, "--": (3.7, 1.6), ":": (1.0, 1.65)}[style]
    return None if pattern is None else ",".join(num(p * width) for p in pattern)


def ticks(lo: float, hi: float, max_ticks: int = 10) -> list[float]:
    """Round tick values inside ``[lo, hi]``: the smallest step of 1, 2, 2.5 or 5 times a
    power of ten that needs at most ``max_ticks`` ticks (matplotlib's default locator
    picks its steps from the same list).

    Examples
    --------
    >>> ticks(0, 29.1)
    [0.0, 5.0, 10.0, 15.0, 20.0, 25.0]
    >>> ticks(0, 0.8), ticks(-3, 3, 4)
    ([0.0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8], [-2.0, 0.0, 2.0])
    """
    if not (math.isfinite(lo) and math.isfinite(hi)) or hi <= lo or max_ticks < 2:
        return [float(lo)] if math.isfinite(lo) else []
    raw = (hi - lo) / (max_ticks - 1)
    power = 10.0 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 2.5, 5, 10, 20) if m * power >= raw * (1 - 1e-9))
    first = math.ceil(lo / step - 1e-9)
    out = []
    k = first
    while k * step <= hi + step * 1e-9:
        out.append(round(k * step, 12) + 0.0)
        k += 1
    return out


def _attrs(attrs: dict[str, object]) -> str:
    parts = []
    for key, value in attrs.items():
        if value is None:
            continue
        text = num(value) if isinstance(value, float) else escape(value)
        parts.append(f' {key.rstrip("_").replace("_", "-")}="{text}"')
    return "".join(parts)


class Canvas:
    """An SVG figure of ``width`` x ``height`` points, with a title and a description.

    ``name`` makes the ids of the figure's ``<title>`` and ``<desc>`` (``NAME-title``,
    ``NAME-desc``), which must be unique in the page; the figure is drawn on an opaque
    ``background`` rectangle unless it is ``None``. Drawing methods take SVG presentation
    attributes as keywords (``stroke_width=1.4`` is written ``stroke-width="1.4"``; a
    trailing underscore is dropped, for ``class_``); floats go through :func:`num`, the
    rest through :func:`escape`.

    Examples
    --------
    >>> c = Canvas(100, 50, name="demo", title="A <demo>", desc="one circle", background=None)
    >>> c.circle(10, 20, 5, fill="#1f77b4")
    >>> print(c.to_string())  # doctest: +NORMALIZE_WHITESPACE
    <svg xmlns="http://www.w3.org/2000/svg" width="100pt" height="50pt" viewBox="0 0 100 50"
    font-family="DejaVu Sans, Bitstream Vera Sans, Arial, Helvetica, sans-serif" role="img"
    aria-labelledby="demo-title demo-desc"><title id="demo-title">A
    &lt;demo&gt;</title><desc id="demo-desc">one circle</desc>
    <circle cx="10" cy="20" r="5" fill="#1f77b4"/>
    </svg>
    """

    def __init__(
        self,
        width: float,
        height: float,
        *,
        name: str,
        title: str,
        desc: str = "",
        background: str | None = "#ffffff",
    ) -> None:
        self.width, self.height = float(width), float(height)
        self.name = name
        self.title, self.desc = title, desc
        self._parts: list[str] = []
        if background is not None:  # opaque, as a printed figure (and matplotlib's) is
            self.rect(0, 0, self.width, self.height, fill=background)

    def _add(self, tag: str, attrs: dict[str, object], content: str | None = None) -> None:
        if content is None:
            self._parts.append(f"<{tag}{_attrs(attrs)}/>")
        else:
            self._parts.append(f"<{tag}{_attrs(attrs)}>{content}</{tag}>")

    @contextmanager
    def group(self, **attrs: object) -> Iterator[None]:
        """A ``<g>`` around what is drawn inside the ``with`` block (an ``id_`` or ``id``
        names it; the other attributes are inherited by its elements)."""
        self._parts.append(f"<g{_attrs(attrs)}>")
        try:
            yield
        finally:
            self._parts.append("</g>")

    def line(self, x1: float, y1: float, x2: float, y2: float, **attrs: object) -> None:
        """A straight line from (x1, y1) to (x2, y2)."""
        self._add("line", {"x1": float(x1), "y1": float(y1), "x2": float(x2), "y2": float(y2),
                           **attrs})  # fmt: skip

    def polyline(self, points: Iterable[tuple[float, float]], **attrs: object) -> None:
        """An open line through ``points`` (no fill unless one is given)."""
        pts = " ".join(f"{num(x)},{num(y)}" for x, y in points)
        self._add("polyline", {"points": pts, "fill": "none", **attrs})

    def path(self, d: str, **attrs: object) -> None:
        """A path of SVG path data ``d`` (build it with :func:`num` for compact numbers)."""
        self._add("path", {"d": d, **attrs})

    def rect(self, x: float, y: float, width: float, height: float, **attrs: object) -> None:
        """A rectangle with its top left corner at (x, y)."""
        self._add("rect", {"x": float(x), "y": float(y), "width": float(width),
                           "height": float(height), **attrs})  # fmt: skip

    def circle(self, cx: float, cy: float, r: float, **attrs: object) -> None:
        """A circle of radius ``r`` centred on (cx, cy)."""
        self._add("circle", {"cx": float(cx), "cy": float(cy), "r": float(r), **attrs})

    def text(
        self,
        x: float,
        y: float,
        text: str,
        *,
        size: float = 10.0,
        anchor: str = "start",
        middle: bool = False,
        **attrs: object,
    ) -> None:
        """``text`` (escaped) at (x, y): ``anchor`` is ``start``, ``middle`` or ``end``;
        ``middle=True`` centres it vertically on y, else y is its baseline."""
        self._add(
            "text",
            {"x": float(x), "y": float(y), "font-size": float(size),
             "text-anchor": None if anchor == "start" else anchor,
             "dy": "0.35em" if middle else None, **attrs},
            escape(text),
        )  # fmt: skip

    def legend(
        self,
        x: float,
        y: float,
        entries: Sequence[tuple[str, dict[str, object]]],
        *,
        size: float = 10.0,
        title: str = "",
        name: str = "legend",
    ) -> None:
        """A legend with its top left corner at (x, y): one row per ``(label, swatch)``.

        A swatch is a dict: ``{"fill": colour}`` draws a filled square, ``{"stroke":
        colour, "stroke_width": w, "style": "--"}`` a line in that style, ``{"marker":
        fill, "stroke": edge}`` a circle. Rows are ``1.6 * size`` apart; the group's id is
        ``name``.
        """
        row = 1.6 * size
        with self.group(id=name, font_size=float(size)):
            if title:
                self.text(x, y + row / 2, title, size=size, middle=True, font_weight="bold")
                y += row
            for label, swatch in entries:
                mid = y + row / 2
                sw = dict(swatch)
                if "marker" in sw:
                    self.circle(x + size, mid, size * 0.4, fill=sw.pop("marker"), **sw)
                elif "fill" in sw:
                    self.rect(x + size * 0.4, mid - size * 0.4, size * 1.2, size * 0.8, **sw)
                else:
                    style = str(sw.pop("style", "-"))
                    width = float(sw.get("stroke_width", 1.0))  # type: ignore[arg-type]
                    self.line(x, mid, x + 2 * size, mid, stroke_dasharray=dash(style, width),
                              **sw)  # fmt: skip
                self.text(x + 2.8 * size, mid, label, size=size, middle=True)
                y += row

    def to_string(self) -> str:
        """The figure as an inline ``<svg>`` element (no XML prologue)."""
        w, h, name = num(self.width), num(self.height), escape(self.name)
        head = (
            f'<svg xmlns="http://www.w3.org/2000/svg" width="{w}pt" height="{h}pt" '
            f'viewBox="0 0 {w} {h}" font-family="{escape(FONT_FAMILY)}" role="img" '
            f'aria-labelledby="{name}-title {name}-desc">'
            f'<title id="{name}-title">{escape(self.title)}</title>'
            f'<desc id="{name}-desc">{escape(self.desc)}</desc>'
        )
        return "\n".join([head, *self._parts, "</svg>"])


class Axes:
    """A plotting rectangle of a :class:`Canvas` with linear scales.

    ``box`` is (left, top, width, height) in canvas points; ``xlim`` and ``ylim`` are the
    data ranges it shows (y grows upwards, as in a chart). :meth:`x` and :meth:`y` map data
    to canvas points.

    Examples
    --------
    >>> ax = Axes(Canvas(200, 100, name="a", title="t"), (20, 10, 160, 80), (0, 4), (0, 1))
    >>> ax.x(2), ax.y(0), ax.y(1)
    (100.0, 90.0, 10.0)
    """

    def __init__(
        self,
        canvas: Canvas,
        box: tuple[float, float, float, float],
        xlim: tuple[float, float],
        ylim: tuple[float, float],
    ) -> None:
        self.canvas = canvas
        self.left, self.top, self.width, self.height = (float(v) for v in box)
        self.xlim = (float(xlim[0]), float(xlim[1]))
        self.ylim = (float(ylim[0]), float(ylim[1]))

    def x(self, value: float) -> float:
        """Canvas x of data x ``value``."""
        lo, hi = self.xlim
        return self.left + (float(value) - lo) / (hi - lo) * self.width

    def y(self, value: float) -> float:
        """Canvas y of data y ``value`` (upwards)."""
        lo, hi = self.ylim
        return self.top + (hi - float(value)) / (hi - lo) * self.height

    @property
    def bottom(self) -> float:
        """Canvas y of the lower edge."""
        return self.top + self.height

    def xaxis(
        self, values: Sequence[float], *, label: str = "", size: float = 10.0,
        fmt: str = "{:g}", tick: float = 3.5,
    ) -> None:  # fmt: skip
        """The bottom axis line with ticks and tick labels at ``values`` and its ``label``."""
        c, b = self.canvas, self.bottom
        with c.group(id=f"{c.name}-xaxis", stroke="#000000", stroke_width=0.8):
            c.line(self.left, b, self.left + self.width, b, stroke_linecap="square")
            for v in values:
                c.line(self.x(v), b, self.x(v), b + tick)
        with c.group(id=f"{c.name}-xticks"):
            for v in values:
                c.text(self.x(v), b + tick + 3.5 + size * 0.8, fmt.format(v), size=size,
                       anchor="middle")  # fmt: skip
        if label:
            c.text(self.left + self.width / 2, b + tick + 3.5 + size * 2.2, label,
                   size=size, anchor="middle")  # fmt: skip

    def yaxis(
        self, values: Sequence[float], labels: Sequence[str], *, size: float = 10.0,
        tick: float = 3.5,
    ) -> None:  # fmt: skip
        """The left axis line with ticks at ``values`` labelled ``labels``."""
        c, left = self.canvas, self.left
        with c.group(id=f"{c.name}-yaxis", stroke="#000000", stroke_width=0.8):
            c.line(left, self.top, left, self.bottom, stroke_linecap="square")
            for v in values:
                c.line(left - tick, self.y(v), left, self.y(v))
        with c.group(id=f"{c.name}-yticks"):
            for v, lab in zip(values, labels, strict=True):
                c.text(left - tick - 3.5, self.y(v), lab, size=size, anchor="end", middle=True)
