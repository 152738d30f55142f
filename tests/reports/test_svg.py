"""``reports._svg``: the small SVG writer the regional brief draws its figures with."""

from __future__ import annotations

import itertools
import math
import xml.etree.ElementTree as ET

import pytest

from alliancelab.reports._svg import Axes, Canvas, dash, escape, num, ticks

SVG = "{http://www.w3.org/2000/svg}"


def test_text_and_attributes_are_escaped_and_read_back_unchanged() -> None:
    nasty = "Bosnia & Herzegovina <\"BOS\"> 'x'"
    c = Canvas(100, 60, name="t", title=nasty, desc="a < b && c > d")
    with c.group(id="g", data_label=nasty):
        c.text(10, 20, nasty)
        c.text(10, 40, "bell\x07 and NUL\x00 dropped")
    root = ET.fromstring(c.to_string())  # well-formed XML or this raises
    assert root.find(f"{SVG}title").text == nasty  # type: ignore[union-attr]
    assert root.find(f"{SVG}desc").text == "a < b && c > d"  # type: ignore[union-attr]
    texts = [t.text for t in root.iter(f"{SVG}text")]
    assert texts == [nasty, "bell and NUL dropped"]
    assert root.find(f"{SVG}g").get("data-label") == nasty  # type: ignore[union-attr]
    assert escape("<&>") == "&lt;&amp;&gt;"


def test_the_figure_is_accessible_and_scaled_in_points() -> None:
    c = Canvas(612, 300.5, name="fig", title="T", desc="D")
    root = ET.fromstring(c.to_string())
    assert root.get("viewBox") == "0 0 612 300.5"
    assert (root.get("width"), root.get("height")) == ("612pt", "300.5pt")
    assert root.get("role") == "img"
    ids = root.get("aria-labelledby", "").split()
    found = {e.get("id") for e in root if e.tag in (f"{SVG}title", f"{SVG}desc")}
    assert set(ids) == found == {"fig-title", "fig-desc"}


@pytest.mark.parametrize("value", [0.0, 1.0, -2.5, 3.14159, 1e-4, -1e-4, 123456.789, 0.005])
def test_numbers_are_compact_and_within_a_hundredth(value: float) -> None:
    text = num(value)
    assert abs(float(text) - value) <= 0.005 + 1e-12
    assert not text.startswith("-0") or float(text) != 0  # no "-0"
    assert not (("." in text) and text.endswith("0"))  # no trailing zeros
    assert not text.endswith(".")


@pytest.mark.parametrize(
    ("lo", "hi", "most"),
    [
        (0, 29.07, 10),
        (0, 0.83, 10),
        (-3, 3, 4),
        (0, 1, 10),
        (12.5, 13.0, 6),
        (0, 7e6, 8),
        (-10, -3, 8),
    ],
)
def test_ticks_are_round_evenly_spaced_and_inside_the_range(
    lo: float, hi: float, most: int
) -> None:
    t = ticks(lo, hi, most)
    assert 2 <= len(t) <= most
    assert lo - 1e-9 <= t[0] and t[-1] <= hi + 1e-9
    steps = {round(b - a, 9) for a, b in itertools.pairwise(t)}
    assert len(steps) == 1
    step = steps.pop()
    mantissa = step / 10 ** math.floor(math.log10(step))
    assert round(mantissa, 6) in (1, 2, 2.5, 5)
    # the first tick is the first multiple of the step at or above lo, and no tick is left
    # out at the top
    assert t[0] - step < lo - 1e-9 and t[-1] + step > hi + 1e-9
    assert all(abs(v / step - round(v / step)) < 1e-6 for v in t)


def test_axes_map_data_to_points_with_y_upwards() -> None:
    ax = Axes(Canvas(300, 200, name="a", title="t"), (40, 20, 240, 150), (-1, 3), (10, 20))
    assert ax.x(-1) == 40 and ax.x(3) == 280 and ax.x(1) == pytest.approx(160)
    assert ax.y(10) == ax.bottom == 170 and ax.y(20) == 20
    ax.xaxis(ticks(*ax.xlim), label="x label")
    ax.yaxis([10, 15, 20], ["ten", "fifteen", "twenty"])
    root = ET.fromstring(ax.canvas.to_string())
    groups = {g.get("id"): g for g in root.iter(f"{SVG}g")}
    xt = [t.text for t in groups["a-xticks"].iter(f"{SVG}text")]
    assert xt == ["-1", "-0.5", "0", "0.5", "1", "1.5", "2", "2.5", "3"]
    yt = groups["a-yticks"]
    assert [t.text for t in yt.iter(f"{SVG}text")] == ["ten", "fifteen", "twenty"]
    assert [float(t.get("y", "nan")) for t in yt.iter(f"{SVG}text")] == [170, 95, 20]
    # an axis line plus one tick mark per value
    assert len(list(groups["a-xaxis"].iter(f"{SVG}line"))) == 1 + len(xt)
    assert "x label" in [t.text for t in root.iter(f"{SVG}text")]


def test_a_legend_has_a_row_per_entry_with_its_swatch() -> None:
    c = Canvas(200, 200, name="l", title="t")
    entries = [
        ("bloc 1: NATO & co", {"fill": "#1f77b4"}),
        ("rivalry", {"stroke": "#d62728", "stroke_width": 1.4, "style": ":"}),
        ("outside the region", {"marker": "#ffffff", "stroke": "#000000"}),
    ]
    c.legend(10, 10, entries, title="Legend", size=12)
    g = next(e for e in ET.fromstring(c.to_string()).iter(f"{SVG}g") if e.get("id") == "legend")
    labels = [t.text for t in g.iter(f"{SVG}text")]
    assert labels == ["Legend", *(lab for lab, _ in entries)]
    rect, line, circle = (next(g.iter(f"{SVG}{k}")) for k in ("rect", "line", "circle"))
    assert rect.get("fill") == "#1f77b4" and circle.get("fill") == "#ffffff"
    assert line.get("stroke-dasharray") == dash(":", 1.4) and line.get("stroke") == "#d62728"
    ys = [float(t.get("y", "nan")) for t in g.iter(f"{SVG}text")]
    assert all(b - a == pytest.approx(1.6 * 12) for a, b in itertools.pairwise(ys))


def test_line_styles_scale_with_the_line_width() -> None:
    assert dash("-", 3.0) is None
    for style in ("--", ":"):
        thin = [float(v) for v in dash(style, 1.0).split(",")]  # type: ignore[union-attr]
        thick = [float(v) for v in dash(style, 2.0).split(",")]  # type: ignore[union-attr]
        assert thick == pytest.approx([2 * v for v in thin], abs=0.01)
