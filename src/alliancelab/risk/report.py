"""The risk model's validation page: self-contained HTML with inline SVG figures.

ROC and precision-recall curves, a reliability diagram (onset rate against predicted
probability in quantile bins; Niculescu-Mizil & Caruana 2005), observed against expected
onsets by region and by year, and the largest predicted risks. The page follows
:mod:`alliancelab.reports.html`'s house style (inline CSS, matplotlib figures inlined as
SVG with a fixed hash salt and no date, no scripts or network resources); the risk layer
sits below the reports, so the few helpers are repeated here.
"""

from __future__ import annotations

import html
import io
import json
from typing import Any

import numpy as np
import pandas as pd

from .features import FIVE_REGIONS

_CSS = """
body{font-family:system-ui,-apple-system,'Segoe UI',sans-serif;max-width:1000px;
margin:2em auto;padding:0 1em;color:#222;line-height:1.45}
h1{font-size:1.6em;margin-bottom:.2em}
h2{font-size:1.2em;margin-top:1.6em;border-bottom:1px solid #ddd}
table{border-collapse:collapse;font-size:.88em;margin:.5em 0}
td,th{border:1px solid #ddd;padding:3px 7px;text-align:left;vertical-align:top}
th{background:#f3f3f3}.note{color:#555;font-size:.85em}svg{max-width:100%;height:auto}
"""


def _svg(fig: Any) -> str:
    import matplotlib as mpl
    import matplotlib.pyplot as plt

    buf = io.StringIO()
    with mpl.rc_context({"svg.hashsalt": "alliancelab", "svg.fonttype": "none"}):
        fig.savefig(buf, format="svg", bbox_inches="tight", metadata={"Date": None})
    plt.close(fig)
    text = buf.getvalue()
    return text[text.index("<svg") :]


def _table(df: pd.DataFrame) -> str:
    head = "".join(f"<th>{html.escape(str(c))}</th>" for c in df.columns)
    rows = []
    for r in df.itertuples(index=False):
        cells = "".join(
            f"<td>{v:.4g}</td>" if isinstance(v, float) else f"<td>{html.escape(str(v))}</td>"
            for v in r
        )
        rows.append(f"<tr>{cells}</tr>")
    return f"<table><tr>{head}</tr>{''.join(rows)}</table>"


def _curves(y: np.ndarray, p: np.ndarray) -> str:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from sklearn.metrics import precision_recall_curve, roc_curve

    fig, (a, b, c) = plt.subplots(1, 3, figsize=(12, 3.8))
    fpr, tpr, _ = roc_curve(y, p)
    a.plot(fpr, tpr, color="#1f77b4")
    a.plot([0, 1], [0, 1], ls=":", color="grey")
    a.set(title="ROC", xlabel="false positive rate", ylabel="true positive rate")
    prec, rec, _ = precision_recall_curve(y, p)
    b.plot(rec, prec, color="#d62728")
    b.set(title="Precision-recall", xlabel="recall", ylabel="precision")
    q = np.quantile(p, np.linspace(0, 1, 11))
    bins = np.clip(np.searchsorted(q, p, side="right") - 1, 0, 9)
    mp = [p[bins == k].mean() for k in range(10) if np.any(bins == k)]
    my = [y[bins == k].mean() for k in range(10) if np.any(bins == k)]
    c.loglog(mp, my, "o-", color="#2ca02c")
    lo = max(min(mp), 1e-5)
    c.plot([lo, 1], [lo, 1], ls=":", color="grey")
    c.set(title="Reliability (deciles)", xlabel="predicted", ylabel="observed rate")
    return _svg(fig)


def _by_year(pred: pd.DataFrame) -> str:
    import matplotlib.pyplot as plt

    g = pred.groupby("year").agg(observed=("observed", "sum"), expected=("p_onset", "sum"))
    fig, ax = plt.subplots(figsize=(10, 3.2))
    ax.bar(g.index, g["observed"], color="#bbb", label="observed onsets")
    ax.plot(g.index, g["expected"], color="#d62728", label="expected (sum of p)")
    ax.legend()
    ax.set(xlabel="year", ylabel="MID onsets")
    return _svg(fig)


def _region_year_section(pred: pd.DataFrame) -> list[str]:
    """The region-year risk table: observed vs expected with the 90% count interval."""
    from .metrics import region_year_table

    t = region_year_table(pred.dropna(subset=["observed"]))
    share = float(t["inside"].mean()) if len(t) else float("nan")
    cols = ["region", "year", "dyads", "observed", "expected", "count_lo", "count_hi",
            "inside", "p_any"]  # fmt: skip
    note = (f"<p class='note'>Per region-year (dyads with both states inside; system: all "
            "dyads): observed onsets, expected onsets (sum of p), the model's 90% interval "
            "of the count (Poisson quantiles at the expected count) and P(at least one "
            f"onset). {share:.0%} of the region-years fall inside their interval.</p>")  # fmt: skip
    return ["<h2>Region-year risk</h2>", note, _table(t[cols])]


def build_page(card: dict[str, Any], pred: pd.DataFrame, top: int = 25) -> str:
    """The HTML page for a model card and its held-out prediction table."""
    y = pred["observed"].to_numpy()
    p = pred["p_onset"].to_numpy()
    span = card.get("held_out", {}).get("span", [int(pred.year.min()), int(pred.year.max())])
    body = [f"<h1>alliancelab risk model: MID onset, held out {span[0]}-{span[1]}</h1>",
            f"<p class='note'>Trained {card['training_span'][0]}-{card['training_span'][1]} "
            f"({card['training_rows']} dyad-years, {card['training_onsets']} onsets). "
            "Features are lagged one year.</p>"]  # fmt: skip
    ho = card.get("held_out")
    if ho:
        rows = []
        for name in ("gbm", "logit"):
            for sub in ("all", "prd"):
                s = ho[name][sub]
                rows.append({"model": name, "dyads": sub, "AUC": s["auc"], "AP": s["ap"],
                             "Brier skill": s["brier_skill"], "observed": s["onsets"],
                             "expected": s["expected"]})  # fmt: skip
        body += ["<h2>Held-out metrics</h2>", _table(pd.DataFrame(rows))]
        body.append(f"<pre>{html.escape(json.dumps(ho['targets_met'], indent=1))}</pre>")
    body += ["<h2>ROC, precision-recall, reliability</h2>", _curves(y, p)]
    reg = (
        pred.assign(inside=pred["region"])
        .groupby("inside")
        .agg(observed=("observed", "sum"), expected=("p_onset", "sum"), dyad_years=("year", "size"))
    )
    reg = reg.reset_index().rename(columns={"inside": "region"})
    reg["observed/expected"] = reg["observed"] / reg["expected"]
    reg["region"] = [r if r in FIVE_REGIONS else "inter-regional" for r in reg["region"]]
    body += ["<h2>Observed vs expected onsets by region</h2>", _table(reg)]
    body += ["<h2>Observed vs expected onsets by year</h2>", _by_year(pred)]
    body += _region_year_section(pred)
    t = pred.nlargest(top, "p_onset")[["ccode1", "ccode2", "year", "p_onset", "p_lo", "p_hi",
                                        "observed"]]  # fmt: skip
    body += [f"<h2>The {top} largest predicted risks</h2>", _table(t)]
    head = [
        "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>",
        "<title>alliancelab risk report</title>",
        f"<style>{_CSS}</style></head><body>",
    ]
    return "\n".join([*head, *body]) + "</body></html>"
