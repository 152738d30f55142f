"""``reports.html.network_figure``: line styles per tie kind, one artist per style."""

from __future__ import annotations

import re
from collections import Counter

import matplotlib
import pandas as pd

from alliancelab.reports.html import network_figure
from alliancelab.snapshot import snapshot_from_ties

matplotlib.use("Agg")

SEGMENT = re.compile(r'<path d="M [\d. ]+\nL [\d. ]+\n" clip-path="[^"]*" style="([^"]*)"')


def _figure() -> str:
    s = snapshot_from_ties(
        2000,
        {2: 1.0, 200: 0.5, 220: 0.3, 365: 0.6},
        [
            (2, 200, "defense"),
            (200, 2, "defense"),
            (220, 200, "consultation"),
            (220, 2, "defense"),
        ],
        rivalries=[(2, 365)],
    )
    blocs = pd.DataFrame({"bloc": [1], "members": [(2, 200)]})
    return network_figure(s, blocs, {2: "USA", 200: "UKG"}, alignment=["defense", "consultation"])


def test_each_tie_kind_keeps_its_line_style() -> None:
    out = _figure()
    styles = Counter(SEGMENT.findall(out))
    assert styles == {
        # inside bloc 1: faint, in the bloc's colour
        "fill: none; stroke: #1f77b4; stroke-opacity: 0.12; stroke-width: 0.6; "
        "stroke-linecap: square": 1,
        # a defence tie across blocs: solid dark grey
        "fill: none; stroke: #444444; stroke-opacity: 0.9; stroke-width: 1.4; "
        "stroke-linecap: square": 1,
        # another alignment: dashed grey
        "fill: none; stroke-dasharray: 3.33,1.44; stroke-dashoffset: 0; stroke: #888888; "
        "stroke-opacity: 0.9; stroke-width: 0.9": 1,
        # a rivalry: red dotted
        "fill: none; stroke-dasharray: 1.4,2.31; stroke-dashoffset: 0; stroke: #d62728; "
        "stroke-width: 1.4": 1,
    }
    # one artist per line style, all states in one scatter, labels kept
    assert out.count('<g id="LineCollection_') == 4
    assert out.count('<g id="PathCollection_') == 1
    assert "USA" in out and "UKG" in out and "<script" not in out


def test_the_figure_is_deterministic() -> None:
    assert _figure() == _figure()
