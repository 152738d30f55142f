"""The regional brief reproduces the alignments the issue names."""

from __future__ import annotations

from alliancelab.reports.brief import build_brief, render_html


def test_europe_2024_shows_nato_and_csto_blocs() -> None:
    b = build_brief("europe", 2024)
    blocs = b.blocs.set_index("alliance")
    assert blocs.loc["nato", "n_members"] == 32
    assert set(blocs.loc["csto", "members"]) >= {365, 370, 371, 702, 703, 705}
    assert 0 < blocs.loc["csto", "share"] < blocs.loc["nato", "share"] < 1
    assert b.polarity["n_poles"] >= 2


def test_europe_1914_shows_triple_alliance_and_entente() -> None:
    b = build_brief("europe", 1914)
    blocs = b.blocs.set_index("alliance")
    assert {255, 300, 325} <= set(blocs.loc["triple_alliance", "members"])
    assert set(blocs.loc["franco_russian", "members"]) == {220, 365}
    # with entente (consultation) ties, Britain joins France and Russia
    entente = [set(m) for m in b.alignments["members"] if {200, 220, 365} <= set(m)]
    assert len(entente) == 1
    assert not entente[0] & {255, 300}
    assert b.polarity["polarity"] == "multipolar"


def test_html_names_blocs_and_sources() -> None:
    page = render_html(build_brief("europe", 1914))
    assert "Triple Alliance" in page and "Franco-Russian" in page
    assert "COW National Material Capabilities v7.0" in page
