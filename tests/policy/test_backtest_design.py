"""The alliance backtest's design flags (issue 17): in-sample cases and resolved calls."""

from __future__ import annotations

from types import SimpleNamespace

from alliancelab.risk import backtest_alliances as B


def test_in_sample_follows_the_model_card() -> None:
    m = SimpleNamespace(card={"training_span": [1816, 1989]})
    assert B._in_sample(m, 1955)  # type: ignore[arg-type]
    assert B._in_sample(m, 1993)  # 1988-1997: the before-window is in the training span
    assert not B._in_sample(m, 1995)  # 1990-1999: after the training span
    assert not B._in_sample(SimpleNamespace(card={}), 1955)  # type: ignore[arg-type]


def test_the_table_carries_both_flags() -> None:
    assert {"resolved", "in_sample"} <= set(B.COLUMNS)
