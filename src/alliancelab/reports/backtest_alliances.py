"""The page and figure of ``alliancelab backtest alliances``.

The method is :mod:`alliancelab.risk.backtest_alliances`.

:func:`figure` draws, per case, the engine's predicted change in the region-year's expected
MID onsets (with its 90% bootstrap interval) beside the observed change in MID onsets
(five years after minus five years before), on two panels that share the case axis;
:func:`render_html` adds the table, the hit rate and the model card's data versions.
Self-contained (inline SVG and CSS, no scripts).
"""

from __future__ import annotations

import html
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from .html import page, svg, table, write_text_atomic

__all__ = ["figure", "render_html", "write"]

_FONT = 12


def figure(df: pd.DataFrame) -> str:
    """Predicted vs observed change per case, as inline SVG (fonts 12 pt, integer counts)."""
    from matplotlib.figure import Figure
    from matplotlib.ticker import MaxNLocator

    n = len(df)
    fig = Figure(figsize=(11, 1.6 + 0.42 * max(n, 1)))
    ax1, ax2 = fig.subplots(1, 2, sharey=True, gridspec_kw={"wspace": 0.08})
    y = np.arange(n)[::-1]
    d = df["delta"].to_numpy(dtype=float)
    err = np.vstack([d - df["delta_lo"].to_numpy(dtype=float),
                     df["delta_hi"].to_numpy(dtype=float) - d])  # fmt: skip
    colors = ["#d62728" if v > 0 else "#1f77b4" for v in d]
    ax1.barh(y, d, color=colors, height=0.6)
    ax1.errorbar(d, y, xerr=np.clip(err, 0, None), fmt="none", ecolor="#333333", capsize=3)
    ax1.axvline(0, color="#555555", lw=0.8)
    ax1.set_yticks(y, [f"{c} ({yr})" for c, yr in zip(df["case"], df["year"], strict=True)])
    ax1.set_xlabel("predicted change in expected MID onsets, year of the change", fontsize=_FONT)
    obs = pd.to_numeric(df["observed_change"], errors="coerce").to_numpy(dtype=float)
    seen = ~np.isnan(obs)
    ax2.barh(y[seen], obs[seen], color=["#d62728" if v > 0 else "#1f77b4" for v in obs[seen]],
             height=0.6)  # fmt: skip
    for yy in y[~seen]:
        ax2.text(0, yy, "MID data end 2014", va="center", ha="center", fontsize=_FONT,
                 color="#777777")  # fmt: skip
    ax2.axvline(0, color="#555555", lw=0.8)
    ax2.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax2.set_xlabel("observed change in MID onsets (5 years after - 5 before)", fontsize=_FONT)
    for ax in (ax1, ax2):
        ax.tick_params(labelsize=_FONT)
        ax.spines[["top", "right"]].set_visible(False)
    fig.suptitle(
        "Risk engine vs what followed: red = more conflict, blue = less; bars on the left "
        "show the 90% bootstrap interval",
        fontsize=_FONT,
    )
    return svg(fig)


def _versions(card: dict[str, Any]) -> str:
    src = card.get("sources", [])
    data = ", ".join(f"{s['source']} {s['version']}" for s in src) or "not recorded"
    span = card.get("training_span", ["?", "?"])
    ver = card.get("versions", {})
    return (
        f"Model: {card.get('model', '?')}, trained {span[0]}-{span[1]} "
        f"(alliancelab {ver.get('alliancelab', '?')}, scikit-learn "
        f"{ver.get('scikit-learn', '?')}). Data: {data}."
    )


def render_html(df: pd.DataFrame) -> str:
    """The backtest page: method, hit rate, figure, table, model card's data versions."""
    hr = df.attrs.get("hit_rate", float("nan"))
    k = int(df.attrs.get("n_scored", 0))
    hits = int(df["hit"].dropna().astype(bool).sum())
    rate = "no case with an observed change" if not k else f"{hits} of {k} ({hr:.0%})"
    kr = int(df.attrs.get("n_resolved", 0))
    if kr:
        hr2 = df.attrs.get("hit_rate_resolved", float("nan"))
        rate += f"; {round(hr2 * kr)} of the {kr} whose predicted change is resolved ({hr2:.0%})"
    shown = df.assign(hit=df["hit"].map(lambda h: "" if h is pd.NA else ("yes" if h else "no")))
    cols = {
        "case": "case", "year": "year", "change": "change", "n_dyads": "dyads",
        "risk_without": "risk without", "risk_with": "risk with", "delta": "predicted change",
        "delta_lo": "90% lo", "delta_hi": "90% hi", "mids_before": "MIDs 5 y before",
        "mids_after": "MIDs 5 y after", "observed_change": "observed change", "hit": "hit",
        "resolved": "resolved", "in_sample": "in sample",
    }  # fmt: skip
    cols = {k: v for k, v in cols.items() if k in df.columns}
    fmt = {c: ".3f" for c in ("risk_without", "risk_with")}
    fmt.update({c: "+.3f" for c in ("delta", "delta_lo", "delta_hi")})
    fmt.update({c: ".0f" for c in ("mids_before", "mids_after")})
    fmt["observed_change"] = "+.0f"
    body = [
        "<h1>Backtest: the risk engine on historical alliance changes</h1>",
        f"<p><b>Hit rate</b> (sign of the predicted change = sign of the observed change): "
        f"{html.escape(rate)}. Cases with no observed change, or past the MID data (2014), "
        "are not scored.</p>",
        "<p class='note'>For each bundled case study, the risk of the region's dyads (both "
        "states in the region, or one in it and the other a party to the change) in the "
        "year of the change: the expected number of MID onsets without the change (the "
        "store's features, lagged to the year before) and with it (the alliance features "
        "defence, any alliance and kappa moved by the change the case's edits make on the "
        "reference snapshot). Observed: COW MID 5.0 onsets in the same dyads, the five "
        "years from the change minus the five years before. Nothing is tuned to these "
        "cases. 'Resolved': the 90% interval of the predicted change excludes 0. 'In "
        "sample': the model's training span covers the scored years, so the model has "
        "seen those MIDs; the two 1955 cases share one region-year and its windows.</p>",
        figure(df),
        table(shown, cols, fmt),
        f"<p class='note'>{html.escape(_versions(df.attrs.get('model_card', {})))}</p>",
    ]
    return page("alliancelab backtest: alliance changes", body)


def write(df: pd.DataFrame, out: str | Path) -> Path:
    """Write the backtest to ``out``: ``.html`` (page), ``.svg`` (figure) or ``.csv``."""
    from ..errors import ParameterError

    p = Path(out)
    suffix = p.suffix.lower()
    if suffix == ".html":
        return write_text_atomic(render_html(df), p)
    if suffix == ".svg":
        return write_text_atomic(figure(df), p)
    if suffix == ".csv":
        return write_text_atomic(df.to_csv(index=False), p)
    raise ParameterError(f"--out {out}: use .html, .svg or .csv")
