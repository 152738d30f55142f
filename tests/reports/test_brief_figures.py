"""The regional brief's two figures (capability shares, alliance network), read back from
the SVG: well-formed, one element per state and per tie of the snapshot, each tie kind in
its line style, text escaped, and no matplotlib in a brief's process."""

from __future__ import annotations

import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from alliancelab.reports._network_figure import network_figure
from alliancelab.reports.brief import ALIGNMENT_OBLIGATIONS, build_brief, render_html
from alliancelab.reports.html import PALETTE, bloc_color
from alliancelab.snapshot import snapshot_from_ties

SVG = "{http://www.w3.org/2000/svg}"


def _small() -> ET.Element:
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
    out = network_figure(s, blocs, {2: "USA", 200: "U<K>&G"}, alignment=["defense", "consultation"])
    return ET.fromstring(out)


def _groups(root: ET.Element, prefix: str) -> dict[str, ET.Element]:
    return {g.get("id", ""): g for g in root.iter(f"{SVG}g") if g.get("id", "").startswith(prefix)}


def test_each_tie_kind_keeps_its_line_style() -> None:
    root = _small()
    styles = sorted(
        [
            (
                g.get("stroke"),
                g.get("stroke-opacity"),
                g.get("stroke-width"),
                g.get("stroke-dasharray"),
                len(list(g.iter(f"{SVG}line"))),
            )
            for g in _groups(root, "network-").values()
            if g.get("stroke")
        ],
        key=str,
    )
    assert styles == [  # (colour, opacity, width, dashes, number of lines)
        ("#1f77b4", "0.12", "0.6", None, 1),  # inside bloc 1: faint, in the bloc's colour
        ("#444444", "0.9", "1.4", None, 1),  # a defence tie across blocs: solid dark grey
        ("#888888", "0.9", "0.9", "3.33,1.44", 1),  # another alignment: dashed grey
        ("#d62728", None, "1.4", "1.4,2.31", 1),  # a rivalry: red dotted
    ]
    nodes = {c.get("id"): c for c in root.iter(f"{SVG}circle")}
    assert set(nodes) == {"network-node-2", "network-node-200", "network-node-220",
                          "network-node-365"}  # fmt: skip
    assert nodes["network-node-2"].get("fill") == PALETTE[0]
    assert nodes["network-node-220"].get("fill") == bloc_color(None)
    # the largest capability has the largest marker
    r = {k: float(v.get("r", "nan")) for k, v in nodes.items()}
    assert max(r, key=r.__getitem__) == "network-node-2"
    labels = [t.text for t in _groups(root, "network-labels")["network-labels"]]
    assert labels == ["USA", "U<K>&G", "220", "365"]  # escaped in the file, intact here


def test_the_figure_is_deterministic() -> None:
    assert ET.tostring(_small()) == ET.tostring(_small())


def _svgs(page: str) -> dict[str, ET.Element]:
    roots = [ET.fromstring(m) for m in re.findall(r"<svg.*?</svg>", page, flags=re.S)]
    return {r.get("aria-labelledby", "").split("-")[0]: r for r in roots}


@pytest.mark.parametrize(("region", "year"), [("europe", 2024), ("europe", 1914), ("asia", 1960)])
def test_brief_figures_hold_one_element_per_state_and_tie(region: str, year: int) -> None:
    b = build_brief(region, year)
    page = render_html(b)
    figs = _svgs(page)
    assert set(figs) == {"shares", "network"}
    s = b.snapshot
    # the ties and rivalries, counted from the snapshot's own matrices
    align = np.zeros((s.n, s.n), dtype=bool)
    for k in ALIGNMENT_OBLIGATIONS:
        align |= s.obligation(k)
    pairs = np.triu(align | align.T, 1)
    rivals = np.triu(s.rivalry | s.rivalry.T, 1)
    shown = {int(s.ccodes[i]) for i in np.flatnonzero((pairs | pairs.T | rivals | rivals.T).any(0))}
    net = figs["network"]
    circles = list(net.iter(f"{SVG}circle"))
    assert {c.get("id") for c in circles} == {f"network-node-{c}" for c in shown}
    assert len(circles) == len(shown) > 0
    ties = [g for k, g in _groups(net, "network-ties-").items()]
    assert sum(len(list(g.iter(f"{SVG}line"))) for g in ties) == int(pairs.sum())
    riv = _groups(net, "network-rivalries").get("network-rivalries")
    assert (0 if riv is None else len(list(riv.iter(f"{SVG}line")))) == int(rivals.sum())
    assert len(list(_groups(net, "network-labels")["network-labels"])) == len(shown)
    # a state outside the region has a black ring, one inside a white one
    inside = {int(c): bool(r) for c, r in zip(s.ccodes, s.in_region, strict=True)}
    for c in circles:
        code = int(c.get("id", "")[len("network-node-") :])
        assert c.get("stroke") == ("#ffffff" if inside[code] else "#000000")
    # shares: one bar per state shown, longest for the largest share, in the bloc's colour
    shares = b.shares.dropna(subset=["share"]).head(15)
    bars = list(_groups(figs["shares"], "shares-bars")["shares-bars"])
    assert len(bars) == len(shares) > 0
    widths = [float(r.get("width", "nan")) for r in bars[::-1]]  # drawn from the bottom
    ratio = np.asarray(widths) / shares["share"].to_numpy()
    assert np.allclose(ratio, ratio[0], rtol=1e-3)  # a bar's length is its share
    ticks = [t.text for t in _groups(figs["shares"], "shares-yticks")["shares-yticks"]]
    assert ticks == [b.abbrev.get(int(c), str(c)) for c in shares["ccode"][::-1]]
    # accessible and self-contained
    for name, root in figs.items():
        assert root.find(f"{SVG}title").text and root.find(f"{SVG}desc").text, name  # type: ignore[union-attr]
    ids = re.findall(r'\bid="([^"]+)"', page)
    assert len(ids) == len(set(ids))
    assert "<script" not in page and "href=" not in page


def test_a_brief_imports_no_plotting_or_graph_library(tmp_path: Path) -> None:
    out = tmp_path / "b.html"
    probe = (
        "import atexit, sys\n"
        "atexit.register(lambda: print('LOADED=' + ','.join(sorted({m.split('.')[0] for m in "
        "sys.modules if m.split('.')[0] in ('matplotlib', 'networkx', 'scipy', 'numba', "
        "'duckdb', 'statsmodels', 'PIL')})), file=sys.__stderr__))\n"
        "sys.argv = ['alliancelab', 'brief', '--region', 'europe', '--year', '2024', "
        f"'--out', {str(out)!r}]\n"
        "from alliancelab.cli import main\n"
        "main()\n"
    )
    run = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr
    loaded = [x for x in run.stderr.splitlines() if x.startswith("LOADED=")][-1]
    assert loaded == "LOADED=", loaded
    assert out.read_text(encoding="utf-8").count("<svg") == 2
