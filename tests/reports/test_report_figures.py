"""The case-study report's figures, read back from the SVG: one layout before and after,
one colour per bloc, a legend, added and removed ties drawn distinctly, fonts >= 12 px,
integer ticks on counts."""

from __future__ import annotations

import itertools
import re
import xml.etree.ElementTree as ET
from typing import Any

import numpy as np
import pytest

from alliancelab.measures.blocs import alliance_blocs
from alliancelab.reports._network_figure import network_pair
from alliancelab.reports.brief import ALIGNMENT_OBLIGATIONS
from alliancelab.reports.case_study import build_report, render_html
from alliancelab.reports.html import abbreviations
from alliancelab.scenario import bundled_path, run

NS = {"svg": "http://www.w3.org/2000/svg", "xlink": "http://www.w3.org/1999/xlink"}
HREF = "{http://www.w3.org/1999/xlink}href"


@pytest.fixture(scope="module")
def founding() -> Any:
    return run(bundled_path("nato-1949-founding"), n=20, seed=0)


@pytest.fixture(scope="module")
def dissolution() -> Any:
    return run(bundled_path("warsaw-pact-1991-dissolution"), n=20, seed=0)


def _pair(r: Any) -> tuple[ET.Element, ET.Element]:
    b = r.blocs
    before, after = network_pair(
        r.baseline,
        r.snapshot,
        b[b["system"] == "baseline"],
        b[b["system"] == "scenario"],
        abbreviations(r.scenario.year),
        alignment=ALIGNMENT_OBLIGATIONS,
    )
    return ET.fromstring(before), ET.fromstring(after)


def _by_id(root: ET.Element, prefix: str) -> dict[str, ET.Element]:
    return {e.get("id", ""): e for e in root.iter() if e.get("id", "").startswith(prefix)}


def _nodes(root: ET.Element) -> dict[int, tuple[float, float, str]]:
    """COW code -> (x, y, fill) of each state's marker."""
    out = {}
    for gid, g in _by_id(root, "node-").items():
        use = next(e for e in g.iter() if e.tag.endswith("use"))
        fill = re.search(r"fill:\s*(#[0-9a-fA-F]{6})", use.get("style", ""))
        assert fill, use.get("style")
        out[int(gid[5:])] = (float(use.get("x", "nan")), float(use.get("y", "nan")), fill[1])
    return out


def _paths(root: ET.Element, gid: str) -> list[ET.Element]:
    g = _by_id(root, gid).get(gid)
    return [] if g is None else [e for e in g.iter() if e.tag.endswith("path")]


def _aligned(s: Any) -> np.ndarray:
    a = np.zeros((s.n, s.n), dtype=bool)
    for k in ALIGNMENT_OBLIGATIONS:
        a |= s.obligation(k)
    return a | a.T


@pytest.mark.parametrize("case", ["founding", "dissolution"])
def test_same_positions_before_and_after(case: str, request: pytest.FixtureRequest) -> None:
    before, after = _pair(request.getfixturevalue(case))
    nb, na = _nodes(before), _nodes(after)
    assert nb.keys() == na.keys() and len(nb) > 10
    for c in nb:
        assert nb[c][:2] == pytest.approx(na[c][:2]), c
    assert before.get("width") == after.get("width")  # same frame, same scale


@pytest.mark.parametrize("case", ["founding", "dissolution"])
def test_a_bloc_keeps_its_colour_when_it_keeps_its_core(
    case: str, request: pytest.FixtureRequest
) -> None:
    r = request.getfixturevalue(case)
    nb, na = _nodes(_pair(r)[0]), _nodes(_pair(r)[1])
    bb, ba = alliance_blocs(r.baseline), alliance_blocs(r.snapshot)
    mb = [set(map(int, m)) for m in bb["members"]]
    ma = [set(map(int, m)) for m in ba["members"]]
    checked = 0
    for B in mb:  # mutual best overlap: the bloc after is the bloc before, kept
        A = max(ma, key=lambda s: len(s & B), default=set())
        if A & B and max(mb, key=lambda s: len(s & A)) is B:
            for c in A & B:
                if c in nb:
                    assert nb[c][2] == na[c][2], c
                    checked += 1
    assert checked >= 2
    # the Brussels Treaty states (UKG, FRN, BEL, NTH, LUX) stay in one colour in 1949
    if case == "founding":
        assert len({nb[c][2] for c in (200, 220, 211, 210, 212)} | {na[200][2]}) == 1


def test_added_and_removed_ties_are_drawn_distinctly(founding: Any, dissolution: Any) -> None:
    # founding: every founders' pair not aligned before is an added tie, solid
    r = founding
    i = [r.snapshot.ccodes.index(c) for c in (2, 20, 200, 210, 211, 212, 220, 235, 325, 385,
                                              390, 395)]  # fmt: skip
    before_al = _aligned(r.baseline)
    new = sum(1 for a, b in itertools.combinations(i, 2) if not before_al[a, b])
    _, after = _pair(r)
    added = _paths(after, "ties-added")
    assert len(added) == new > 0 and not _paths(after, "ties-removed")
    assert all("dasharray" not in p.get("style", "") for p in added)
    # dissolution: the Warsaw Pact's ties are removed, dashed, in another colour
    r = dissolution
    gone = int(np.triu(_aligned(r.baseline) & ~_aligned(r.snapshot), 1).sum())
    before, after = _pair(r)
    removed = _paths(after, "ties-removed")
    assert len(removed) == gone > 0
    assert all("stroke-dasharray" in p.get("style", "") for p in removed)
    colour = {re.search(r"stroke:\s*(#\w+)", p.get("style", ""))[1] for p in removed}  # type: ignore[index]
    assert len(colour) == 1 and colour != {re.search(r"stroke:\s*(#\w+)", p.get("style", ""))[1]  # type: ignore[index]
                                           for p in added}  # fmt: skip
    assert not _paths(before, "ties-removed")  # the baseline shows no change


def test_legend_names_every_bloc(founding: Any) -> None:
    for root, blocs in zip(_pair(founding), (founding.baseline, founding.snapshot), strict=True):
        text = " ".join(t.text or "" for t in root.iter() if t.tag.endswith("text"))
        assert "Legend" in text and "tie removed by the edits" in text
        for lab in alliance_blocs(blocs)["label"]:
            assert str(lab).split()[0] in text


def test_report_fonts_and_integer_count_ticks(founding: Any) -> None:
    page = render_html(build_report(founding, window=3))
    sizes = [float(x) for x in re.findall(r"font(?:-size)?:\s*([0-9.]+)px", page)]
    assert sizes and min(sizes) >= 12
    svgs = [ET.fromstring(m) for m in re.findall(r"<svg.*?</svg>", page, flags=re.S)]
    panels = [g for s in svgs for g in s.iter() if g.get("id") == "panel-n_blocs"]
    assert len(panels) == 1
    ticks = [
        (t.text or "").replace("\u2212", "-")
        for g in panels[0].iter()
        if g.get("id", "").startswith("ytick")
        for t in g.iter()
        if t.tag.endswith("text")
    ]
    assert ticks and all(re.fullmatch(r"-?\d+", t) for t in ticks), ticks
