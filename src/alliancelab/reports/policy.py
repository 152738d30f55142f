"""The policy-options report: one self-contained offline HTML page.

:func:`page_html` takes :func:`alliancelab.policy.options`' result and returns the page:
a scatter of every option on change in the region's expected MID onsets against the
deterrence gain of the most threatened states, each with its 90% intervals as error bars
(inline SVG written by hand, text at 13 px or more), the ranking table with the reason
each option is on the list and why it scores as it does, the data versions and the risk
model card. No script, font or stylesheet from the network (:mod:`.html`'s rule).
"""

from __future__ import annotations

import html
import json
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from .html import page, table, write_text_atomic

__all__ = ["page_html", "scatter_svg", "write_report"]

_W, _H, _M = 760, 520, 70  # width, height, margin (px)


def _ticks(lo: float, hi: float, n: int = 5) -> list[float]:
    """About ``n`` round tick values covering ``[lo, hi]``.

    Examples
    --------
    >>> _ticks(0.0, 1.0)
    [0.0, 0.2, 0.4, 0.6000000000000001, 0.8, 1.0]
    """
    span = hi - lo if hi > lo else 1.0
    raw = span / n
    mag = 10 ** np.floor(np.log10(raw))
    step = min((m * mag for m in (1, 2, 5, 10) if m * mag >= raw), default=mag * 10)
    start = np.ceil(lo / step) * step
    return [float(start + k * step) for k in range(int(np.floor((hi - start) / step)) + 1)]


def scatter_svg(t: pd.DataFrame) -> str:
    """Options on x = ``onset_risk`` (change in expected onsets) and y =
    ``deterrence_gain``, 90% error bars both ways, labelled by rank; Pareto options
    filled."""
    x, y = t["onset_risk"].to_numpy(float), t["deterrence_gain"].to_numpy(float)
    xl, xh = t["onset_risk_lo"].to_numpy(float), t["onset_risk_hi"].to_numpy(float)
    yl, yh = t["deterrence_gain_lo"].to_numpy(float), t["deterrence_gain_hi"].to_numpy(float)
    x0, x1 = float(np.nanmin([*xl, 0.0])), float(np.nanmax([*xh, 0.0]))
    y0, y1 = float(np.nanmin([*yl, 0.0])), float(np.nanmax([*yh, 0.0]))
    pad_x, pad_y = (x1 - x0) * 0.05 or 0.01, (y1 - y0) * 0.05 or 0.01
    x0, x1, y0, y1 = x0 - pad_x, x1 + pad_x, y0 - pad_y, y1 + pad_y

    def px(v: float) -> float:
        return _M + (v - x0) / (x1 - x0) * (_W - 2 * _M)

    def py(v: float) -> float:
        return _H - _M - (v - y0) / (y1 - y0) * (_H - 2 * _M)

    out = [
        f"<svg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 {_W} {_H}' width='{_W}' "
        f"height='{_H}' font-family='sans-serif' font-size='13'>",
        f"<rect x='{_M}' y='{_M}' width='{_W - 2 * _M}' height='{_H - 2 * _M}' fill='none' "
        "stroke='#999'/>",
    ]
    for v in _ticks(x0, x1):
        out.append(f"<line x1='{px(v):.1f}' x2='{px(v):.1f}' y1='{_H - _M}' y2='{_H - _M + 5}' "
                   f"stroke='#444'/><text x='{px(v):.1f}' y='{_H - _M + 20}' "
                   f"text-anchor='middle'>{v:+.3g}</text>")  # fmt: skip
    for v in _ticks(y0, y1):
        out.append(f"<line x1='{_M - 5}' x2='{_M}' y1='{py(v):.1f}' y2='{py(v):.1f}' "
                   f"stroke='#444'/><text x='{_M - 8}' y='{py(v) + 4:.1f}' "
                   f"text-anchor='end'>{v:+.3g}</text>")  # fmt: skip
    out.append(f"<line x1='{px(0):.1f}' x2='{px(0):.1f}' y1='{_M}' y2='{_H - _M}' "
               "stroke='#bbb' stroke-dasharray='4 3'/>"
               f"<line x1='{_M}' x2='{_W - _M}' y1='{py(0):.1f}' y2='{py(0):.1f}' "
               "stroke='#bbb' stroke-dasharray='4 3'/>")  # fmt: skip
    out.append(f"<text x='{_W / 2}' y='{_H - 22}' text-anchor='middle' font-size='14'>change "
               "in expected MID onsets among the region's dyads (left is safer)</text>"
               f"<text transform='translate(18 {_H / 2}) rotate(-90)' text-anchor='middle' "
               "font-size='14'>deterrence gain of the most threatened (up is better)"
               "</text>")  # fmt: skip
    for k in range(len(t)):
        col = "#d62728" if bool(t["pareto"].iloc[k]) else "#1f77b4"
        fill = col if bool(t["pareto"].iloc[k]) else "white"
        out.append(f"<line x1='{px(xl[k]):.1f}' x2='{px(xh[k]):.1f}' y1='{py(y[k]):.1f}' "
                   f"y2='{py(y[k]):.1f}' stroke='{col}' stroke-opacity='.5'/>"
                   f"<line x1='{px(x[k]):.1f}' x2='{px(x[k]):.1f}' y1='{py(yl[k]):.1f}' "
                   f"y2='{py(yh[k]):.1f}' stroke='{col}' stroke-opacity='.5'/>"
                   f"<circle cx='{px(x[k]):.1f}' cy='{py(y[k]):.1f}' r='5' fill='{fill}' "
                   f"stroke='{col}'><title>{html.escape(str(t['option'].iloc[k]))}</title>"
                   f"</circle><text x='{px(x[k]) + 7:.1f}' y='{py(y[k]) - 6:.1f}' "
                   f"font-size='12'>{int(t['rank'].iloc[k])}</text>")  # fmt: skip
    out.append(f"<circle cx='{_M + 10}' cy='{_M - 30}' r='5' fill='#d62728' stroke='#d62728'/>"
               f"<text x='{_M + 20}' y='{_M - 26}'>Pareto set (interval rule)</text>"
               f"<circle cx='{_M + 230}' cy='{_M - 30}' r='5' fill='white' stroke='#1f77b4'/>"
               f"<text x='{_M + 240}' y='{_M - 26}'>other options; bars: 90% intervals; "
               "labels: rank</text></svg>")  # fmt: skip
    return "".join(out)


def _card(card: dict[str, Any]) -> str:
    """The risk model card's key facts as HTML."""
    src = pd.DataFrame(card.get("sources", []))
    rows = [
        f"<p>{html.escape(str(card.get('model', '')))}; outcome: "
        f"{html.escape(str(card.get('outcome', '')))}; training span "
        f"{html.escape(str(card.get('training_span')))} "
        f"({card.get('training_rows', 0):,} dyad-years, {card.get('training_onsets', 0):,} "
        "onsets).</p>",
        f"<p>Features: {html.escape(', '.join(card.get('features', [])))}. "
        f"{html.escape(str(card.get('lag', '')))}.</p>",
    ]
    if len(src):
        rows.append(table(src, {"source": "source", "version": "version"}))
    rows.append(f"<p class='note'>Software: {html.escape(json.dumps(card.get('versions', {})))}"
                "</p>")  # fmt: skip
    return "\n".join(rows)


def page_html(po: Any, *, data: str = "") -> str:
    """The report page of a :class:`alliancelab.policy.PolicyOptions`."""
    from ..risk.engine import load_default

    t = po.table
    title = f"Policy options: {po.region} {po.year}"
    cols = {"rank": "#", "tier": "tier", "option": "option", "pareto": "Pareto",
            "onset_risk": "Δ onsets", "onset_risk_lo": "lo", "onset_risk_hi": "hi",
            "deterrence_gain": "deterrence", "deterrence_gain_lo": "lo",
            "deterrence_gain_hi": "hi", "pooled_deterrence": "pooled deterrence",
            "pooled_deterrence_lo": "lo", "pooled_deterrence_hi": "hi",
            "provocation": "provocation", "belligerents": "belligerents/war",
            "belligerents_lo": "lo", "belligerents_hi": "hi", "dependency": "dependency",
            "balance": "balance", "reason": "why on the list"}  # fmt: skip
    cols = {k: v for k, v in cols.items() if k in t.columns}
    fmt = {c: "+.3f" for c in cols if c not in ("rank", "tier", "option", "pareto", "reason")}
    why = t.assign(pareto=t["pareto"].map({True: "yes", False: ""}))
    detail = why.head(10)
    whys = {c: c.removeprefix("why_") for c in t.columns if c.startswith("why_")}
    body = [
        f"<h1>{html.escape(title)}</h1>",
        f"<p class='note'>data: {html.escape(data)}</p>",
        f"<p>{len(t)} plausible candidate moves; {int(t['pareto'].sum())} in the Pareto set. "
        "Every conflict criterion is the change the shipped risk engine predicts when the "
        "move's alliance ties (defence, any alliance, portfolio similarity kappa) replace "
        "the baseline's; intervals are 90% over the model's bootstrap calibrators, the "
        "same draws for every option. Ranked by tier (1: a resolved fall in regional "
        "risk with no pooled deterrence given up; 2: any other fall; 3: none), then by "
        "the change in expected MID onsets among the region's dyads (docs/policy.md).</p>",
        "<h2>Options: regional risk against deterrence</h2>",
        scatter_svg(t),
        "<h2>Ranking</h2>",
        table(why, cols, fmt),
        "<h2>Why each of the top ten scores as it does</h2>",
        table(detail, {"rank": "#", "option": "option", **whys}),
        "<h2>Risk model card</h2>",
        _card(load_default().card),
    ]
    css = "body{font-size:15px}table{font-size:13px}.note{font-size:13px}"
    return page(title, body, css=css)


def write_report(po: Any, path: str | Path, *, data: str = "") -> Path:
    """Write :func:`page_html` to ``path`` (atomically)."""
    return write_text_atomic(page_html(po, data=data), path)
