"""War joining estimated from history: P(a state joins a war, and on which side).

The data (:mod:`._joiners_data`): every COW inter-state war (Sarkees & Wayman 2010, v4.0,
participant level, entries dated by day) and, for every state in the system on its onset
day that is not an originator (entered on that day), two rows (one per side) with the
alliance obligations it holds towards that side's and the other side's belligerents
(ATOP 5.1 with its member-level conditions, in force on the onset day), its capability,
major-power status, contiguity to each side and the era. The belligerents are the
originators (``mode="onset"``: a forecast at the outbreak) or the participants that
entered before the state did (``mode="cascade"``, :data:`MODE`, the shipped fit: P(joins |
who is at war), what the escalation cascade's honour rates mean).

The model is one ridge logit (penalty :data:`ALPHA` / 2 times the squared
coefficients on the summed log-likelihood, constant unpenalised: rare obligation types
separate the data otherwise; fitted by Newton's method, :func:`fit`) for "joins side s"
on each (candidate, side) row; P(joins) is the sum over its two sides (at most 1).
Its predictors are one of :data:`SETS`: ``base`` (:data:`FEATURES`, the obligations,
capability, contiguity, region and era) or ``war`` (``base`` plus :data:`WAR_FEATURES`,
war-level predictors known on the onset day and rivalries, chosen from the war-diffusion
literature: Siverson & Starr 1991, Yamamoto & Bremer 1980, Kim 1989, Vasquez 2009).
Both modes use ``base`` by default (:data:`MODE_SETS`): scored once leave-one-war-out,
the ``war`` set forecasts worse than ``base`` (docs/risk.md, War joining).
:func:`backtest` scores it leave-one-war-out (:func:`nested_backtest` with the set
chosen inside each fold) and
:func:`honour_table` turns the full fit into the honour probabilities the escalation
cascade uses by default (:mod:`alliancelab.models.escalation`, shipped as
``models/joining_default.json`` by :func:`write_default`).

Anchors: Leeds, Long & Mitchell (2000) find 74.5% of commitments honoured when the
casus foederis arises; Berkemeier & Fuhrmann (2018) 66.3% before 1945 and 22.2% after
(defence pacts 41%); Sabrosky (1980) about 25% of allies joining a partner at war. The
opportunity here is every applicable obligation to a belligerent (as in the cascade: a
location-conditioned defence pledge, ATOP ``defcoloc``, applies only towards the war's
targets, :meth:`alliancelab.snapshot.TieConditions.defense_applies`; a named conflict
is not evaluated), so the fitted rates sit near or below Sabrosky's, below the
casus-foederis counts (:mod:`alliancelab.models._honour`).

References
----------
Sarkees, Meredith Reid & Frank Wayman. 2010. *Resort to War: 1816-2007*. CQ Press.
Leeds, Brett Ashley, Andrew G. Long & Sara McLaughlin Mitchell. 2000. "Reevaluating
Alliance Reliability." *Journal of Conflict Resolution* 44(5): 686-699.
Berkemeier, Molly & Matthew Fuhrmann. 2018. "Reassessing the Fulfillment of Alliance
Commitments in War." *Research & Politics* 5(2).
Siverson, Randolph M. & Harvey Starr. 1991. *The Diffusion of War*. University of
Michigan Press.
Yamamoto, Yoshinobu & Stuart A. Bremer. 1980. "Wider Wars and Restless Nights: Major
Power Intervention in Ongoing Wars." In J. David Singer (ed.), *The Correlates of War
II*. Free Press.
Kim, Woosang. 1989. "Power, Alliance, and Major Wars, 1816-1975." *Journal of Conflict
Resolution* 33(2): 255-273.
Vasquez, John A. 2009. *The War Puzzle Revisited*. Cambridge University Press.
Sabrosky, Alan Ned. 1980. "Interstate Alliances: Their Reliability and the Expansion of
War." In J. David Singer (ed.), *The Correlates of War II*. Free Press.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from ..errors import ParameterError
from ._joiners_data import ERAS, FEATURES, WAR_FEATURES, WINDOW, build, era_of, wars

__all__ = [
    "ALPHA",
    "DEFAULT_PATH",
    "ERAS",
    "FEATURES",
    "MODE",
    "MODE_SETS",
    "SETS",
    "WAR_FEATURES",
    "WINDOW",
    "JoinModel",
    "backtest",
    "build",
    "era_of",
    "features_of",
    "fit",
    "honour_table",
    "nested_backtest",
    "wars",
    "write_default",
]

#: Ridge penalty of the joining logit (on the summed log-likelihood).
ALPHA = 1.0
#: Mode of the shipped fit (:func:`build`): towards the belligerents already at war.
MODE = "cascade"
#: Predictor sets of the joining logit (module docstring).
SETS: dict[str, tuple[str, ...]] = {"base": FEATURES, "war": (*FEATURES, *WAR_FEATURES)}
#: The set each mode uses by default. The cascade fit (the shipped honour table) keeps
#: ``base``, since the escalation cascade reads only rates by era and obligation type.
#: The forecast at the outbreak keeps it too: the ``war`` set, chosen from the
#: literature before scoring, reached a lower leave-one-war-out AUC (docs/risk.md, War
#: joining), and both are published (``loo`` of the model card).
MODE_SETS = {"cascade": "base", "onset": "base"}
#: The shipped honour table (read by :func:`alliancelab.models.escalation.fitted_honour`).
DEFAULT_PATH = Path(__file__).resolve().parents[1] / "models" / "joining_default.json"
#: obligation type of the escalation cascade -> (predictor, kept when the row joins?)
_TYPES = {
    "defense": ("def_side", True),
    "offense": ("off_side", True),
    "neutrality": ("neu_opp", False),
    "nonaggression": ("nonagg_opp", False),
}


class JoinModel:
    """A fitted joining logit: ``params`` (constant first, then ``features``)."""

    def __init__(self, params: np.ndarray, features: tuple[str, ...] = FEATURES) -> None:
        self.params = np.asarray(params, dtype=float)
        self.features = tuple(features)

    def predict(self, df: pd.DataFrame) -> np.ndarray:
        """P(joins the row's side) for each row of a :func:`build` frame."""
        x = df[list(self.features)].to_numpy(dtype=float)
        z = self.params[0] + x @ self.params[1:]
        return np.asarray(1.0 / (1.0 + np.exp(-z)))

    def coefficients(self) -> dict[str, float]:
        """The coefficients by name (``const`` and ``features``)."""
        return dict(zip(("const", *self.features), map(float, self.params), strict=True))


def features_of(df: pd.DataFrame, features: str | None = None) -> tuple[str, ...]:
    """The predictors of set ``features`` (a key of :data:`SETS`), by default the set of
    the mode ``df`` was built in (:data:`MODE_SETS`)."""
    name = features if features is not None else MODE_SETS[df.attrs.get("mode", MODE)]
    if name not in SETS:
        raise ParameterError(f"features must be one of {sorted(SETS)}, got {name!r}")
    return SETS[name]


def fit(
    df: pd.DataFrame, alpha: float = ALPHA, features: tuple[str, ...] | None = None
) -> JoinModel:
    """Fit the joining logit on the rows of ``df`` (a :func:`build` frame).

    Maximises the log-likelihood minus ``alpha / 2`` times the squared coefficients
    (constant unpenalised) by Newton's method from zero: a ridge logit, unique and
    deterministic; rare obligation types would separate the data otherwise.
    ``features``: the predictors (default: :func:`features_of` ``df``).
    """
    cols = tuple(features) if features is not None else features_of(df)
    x = df[list(cols)].to_numpy(dtype=float)
    x = np.column_stack([np.ones(len(x)), x])
    y = df["joined"].to_numpy(dtype=float)
    pen = np.full(x.shape[1], float(alpha))
    pen[0] = 0.0
    b = np.zeros(x.shape[1])
    for _ in range(100):
        p = 1.0 / (1.0 + np.exp(-(x @ b)))
        grad = x.T @ (y - p) - pen * b
        hess = (x * (p * (1 - p))[:, None]).T @ x + np.diag(pen)
        step = np.linalg.solve(hess, grad)
        b = b + step
        if np.max(np.abs(step)) < 1e-12:
            break
    return JoinModel(b, cols)


def p_join(model: JoinModel, df: pd.DataFrame) -> pd.DataFrame:
    """P(joins) per (war, candidate): ``warnum, onset, era, ccode, p_join, p_side1,
    p_side2, joined`` (``joined`` 1 when it joined either side)."""
    d = df[["warnum", "onset", "era", "ccode", "side", "joined"]].copy()
    d["p"] = model.predict(df)
    wide = d.pivot_table(index=["warnum", "onset", "era", "ccode"], columns="side",
                         values=["p", "joined"], aggfunc="sum")  # fmt: skip
    out = pd.DataFrame(
        {
            "p_side1": wide[("p", 1)],
            "p_side2": wide[("p", 2)],
            "joined": (wide[("joined", 1)] + wide[("joined", 2)]).clip(upper=1).astype(int),
        }
    ).reset_index()
    out["p_join"] = np.minimum(out["p_side1"] + out["p_side2"], 1.0)
    return out[["warnum", "onset", "era", "ccode", "p_join", "p_side1", "p_side2", "joined"]]


def _scores(y: np.ndarray, p: np.ndarray) -> dict[str, float]:
    from sklearn.metrics import roc_auc_score

    auc = float(roc_auc_score(y, p)) if 0 < y.sum() < len(y) else float("nan")
    return {
        "wars": 0,
        "candidates": len(y),
        "joiners": int(y.sum()),
        "auc": auc,
        "brier": float(np.mean((p - y) ** 2)),
        "brier_skill": float(1 - np.mean((p - y) ** 2) / np.mean((y.mean() - y) ** 2))
        if 0 < y.sum() < len(y)
        else float("nan"),
        "expected": float(p.sum()),
    }


def _within(pred: pd.DataFrame) -> float:
    """Mean AUC within each war that had joiners (which states join, war by war)."""
    from sklearn.metrics import roc_auc_score

    aucs = [
        roc_auc_score(g["joined"], g["p_join"])
        for _, g in pred.groupby("warnum")
        if 0 < g["joined"].sum() < len(g)
    ]
    return float(np.mean(aucs)) if aucs else float("nan")


def backtest(
    df: pd.DataFrame, alpha: float = ALPHA, features: str | None = None
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Leave-one-war-out: each war's candidates predicted by a fit on the other wars
    (predictors: the set ``features`` of :data:`SETS`, by default the mode's own).

    Returns
    -------
    predictions : DataFrame
        :func:`p_join` rows of every war, each from the fit without it.
    table : DataFrame
        One row per era and ``all``: ``era, wars, candidates, joiners, auc, brier,
        brier_skill, expected, auc_within`` (AUC and Brier of P(joins) against joining
        either side, pooled over the era's candidates; ``brier_skill``: one minus the
        Brier over that of the era's own joining share, a constant known only after the
        fact; ``auc_within``: the mean AUC within each war that had joiners).
    """
    from threadpoolctl import threadpool_limits

    cols = features_of(df, features)
    df = df[["warnum", "onset", "era", "ccode", "side", "joined", *cols]]
    parts = []
    # one BLAS thread: 95 small Newton fits run many times slower with threads on a
    # loaded machine (each product is a 15,000 x 25 matrix)
    with threadpool_limits(limits=1, user_api="blas"):
        for w in sorted(df["warnum"].unique()):
            test = df["warnum"] == w
            parts.append(p_join(fit(df[~test], alpha, cols), df[test]))
    pred = pd.concat(parts, ignore_index=True)
    return pred, _table(pred)


def _table(pred: pd.DataFrame) -> pd.DataFrame:
    rows = []
    for label, sub in [*((e[0], pred[pred["era"] == e[0]]) for e in ERAS), ("all", pred)]:
        r = {"era": label, **_scores(sub["joined"].to_numpy(), sub["p_join"].to_numpy())}
        r["wars"] = int(sub["warnum"].nunique())
        r["auc_within"] = _within(sub)
        rows.append(r)
    return pd.DataFrame(rows)


def nested_backtest(
    df: pd.DataFrame, sets: tuple[str, ...] = ("base", "war"), folds: int = 5,
    alpha: float = ALPHA,
) -> tuple[pd.DataFrame, pd.DataFrame, dict[int, str]]:  # fmt: skip
    """Leave-one-war-out with the predictor set chosen inside each fold.

    For each held-out war, the training wars are split into ``folds`` groups (by war
    number, in turn); each set of ``sets`` (keys of :data:`SETS`) is scored by the
    pooled AUC of its cross-validated predictions on the training wars, and the best
    (the first on a tie) is refitted on every training war to predict the held-out
    one. The evaluation never sees the choice made on it.

    Returns
    -------
    predictions, table
        As :func:`backtest`.
    chosen : dict
        War number -> the set chosen in its fold.
    """
    from sklearn.metrics import roc_auc_score
    from threadpoolctl import threadpool_limits

    if not 2 <= int(folds) <= 20:
        raise ParameterError(f"folds must be 2-20, got {folds}")
    cols = {name: features_of(df, name) for name in sets}
    war_ids = sorted(df["warnum"].unique())
    parts, chosen = [], {}
    with threadpool_limits(limits=1, user_api="blas"):
        for w in war_ids:
            train = df[df["warnum"] != w]
            inner = {v: k % int(folds) for k, v in enumerate(x for x in war_ids if x != w)}
            group = train["warnum"].map(inner).to_numpy()
            best, best_auc = sets[0], -1.0
            for name in sets:
                pred = pd.concat(
                    [
                        p_join(fit(train[group != g], alpha, cols[name]), train[group == g])
                        for g in range(int(folds))
                    ]
                )
                auc = float(roc_auc_score(pred["joined"], pred["p_join"]))
                if auc > best_auc:
                    best, best_auc = name, auc
            chosen[int(w)] = best
            parts.append(p_join(fit(train, alpha, cols[best]), df[df["warnum"] == w]))
    pred = pd.concat(parts, ignore_index=True)
    return pred, _table(pred), chosen


def honour_table(model: JoinModel, df: pd.DataFrame) -> dict[str, dict[str, float]]:
    """Honour probability by era and obligation type from a fit (docs/risk.md).

    ``defense``/``offense``: the mean fitted P(joins side s) over the rows whose state
    holds that applicable obligation towards side s (an era with no such row: every row
    of the era with the predictor set to 1 and the other obligations to 0).
    ``neutrality``/``nonaggression``: Berkemeier & Fuhrmann's (2018) rates, since the
    wars do not identify pledge-keeping (:data:`default_table`'s ``pledge_rows``: states
    both pledged to one side and called to the other by an obligation are all but absent
    before 1946; :mod:`alliancelab.models._honour`).
    """
    from ..models._honour import bf2018_honour

    p = model.predict(df)
    out: dict[str, dict[str, float]] = {}
    for label, lo, _ in ERAS:
        era = (df["era"] == label).to_numpy()
        pledges = bf2018_honour(lo)
        out[label] = {}
        for kind, (col, joins) in _TYPES.items():
            if not joins:
                out[label][kind] = round(pledges[kind], 6)
                continue
            held = era & (df[col].to_numpy() > 0)
            if held.any():
                m = float(p[held].mean())
            else:
                cf = df[era].copy()
                for c in ("def_side", "off_side", "neu_opp", "nonagg_opp", "def_side_era3"):
                    cf[c] = 0.0
                cf[col] = 1.0
                if col == "def_side":
                    cf["def_side_era3"] = cf["era3"]
                cf["def_side_x_war_majors"] = cf["def_side"] * cf["war_majors"]
                m = float(model.predict(cf).mean())
            out[label][kind] = round(m, 6)
    return out


def _checks(model: JoinModel, df: pd.DataFrame) -> dict[str, Any]:
    """Per era: rows holding an applicable defence obligation to a side, how many joined
    it, and the joiners the fit and Berkemeier & Fuhrmann's defence rate expect there;
    and the rows both pledged to one side and called to the other (pledge-keeping)."""
    from ..models._honour import bf2018_honour

    p = model.predict(df)
    defence, pledge = {}, {}
    for label, lo, _ in ERAS:
        era = (df["era"] == label).to_numpy()
        held = era & (df["def_side"].to_numpy() > 0)
        defence[label] = {
            "rows": int(held.sum()),
            "joined": int(df.loc[held, "joined"].sum()),
            "expected_fit": round(float(p[held].sum()), 3),
            "expected_bf2018": round(float(held.sum() * bf2018_honour(lo)["defense"]), 3),
        }
        called = era & ((df["def_side"] > 0) | (df["off_side"] > 0)).to_numpy()
        pledge[label] = {
            k: [
                int((called & (df[c] > 0).to_numpy()).sum()),
                int(df.loc[called & (df[c] > 0).to_numpy(), "joined"].sum()),
            ]
            for k, c in (("neutrality", "neu_opp"), ("nonaggression", "nonagg_opp"))
        }
    return {"defence_check": defence, "pledge_rows": pledge}


def default_table(store: Any, df: pd.DataFrame | None = None) -> dict[str, Any]:
    """The shipped table: full fit on every war of ``store`` (see :func:`write_default`),
    with the data built by :func:`build` in mode :data:`MODE` and window ``WINDOW``
    (``df``: that data, already built)."""
    if df is None:
        df = build(store, mode=MODE)
    model = fit(df)
    counts: dict[str, dict[str, list[int]]] = {}
    for label, _, _ in ERAS:
        sub = df[df["era"] == label]
        counts[label] = {
            k: [int((sub[c] > 0).sum()), int(sub.loc[sub[c] > 0, "joined"].sum())]
            for k, (c, _) in _TYPES.items()
        }
    return {
        "description": "honour probabilities by era and obligation type, fitted on COW "
        "inter-state war joining dated by day (alliancelab.risk.joiners; docs/risk.md, War "
        "joining); neutrality and non-aggression from Berkemeier & Fuhrmann 2018 (not "
        "identified by the wars)",
        "sources": _sources(store),
        "span": [int(df["onset"].min()), int(df["onset"].max())],
        "mode": MODE,
        "window_days": int(df.attrs["window"]),
        "eras": [[label, lo, hi] for label, lo, hi in ERAS],
        "honour": honour_table(model, df),
        "counts_rows_joined": counts,
        **_checks(model, df),
        "coefficients": {k: round(v, 6) for k, v in model.coefficients().items()},
        "features": {m: MODE_SETS[m] for m in ("cascade", "onset")},
        "alpha": ALPHA,
        "wars": int(df["warnum"].nunique()),
        "rows": len(df),
        "joiners": int(df["joined"].sum()),
        "joiners_missed": int(df.attrs.get("missed", 0)),
    }


_USED = ("atop", "cow_contiguity", "cow_nmc", "cow_states", "cow_war_participants", "rivalries")


def _sources(store: Any) -> list[dict[str, Any]]:
    imp = store.imports()
    return [
        {
            "source": str(r["source"]),
            "version": str(r["version"]),
            "files": [Path(f).name for f in r["files"]],
            "sha256": [str(h) for h in r["sha256"]],
        }
        for r in imp.sort_values("source").to_dict("records")
        if r["source"] in _USED
    ]


def _metrics(table: pd.DataFrame) -> list[dict[str, Any]]:
    return [
        {str(k): (round(float(v), 6) if isinstance(v, float) else v) for k, v in r.items()}
        for r in table.to_dict("records")
    ]


def write_default(store: Any, path: str | Path = DEFAULT_PATH) -> dict[str, Any]:
    """Refit on ``store`` and write the honour table JSON (the model card) to ``path``,
    with the leave-one-war-out metrics of :func:`backtest` in both modes with their own
    predictors (``loo``: ``cascade``, ``onset``) and of the forecast with the ``war``
    set (``onset_war``)."""
    df = build(store, mode=MODE)
    table = default_table(store, df)
    onset = build(store, mode="onset")
    table["loo"] = {
        "cascade": _metrics(backtest(df)[1]),
        "onset": _metrics(backtest(onset)[1]),
        "onset_war": _metrics(backtest(onset, features="war")[1]),
    }
    Path(path).write_text(json.dumps(table, indent=1, sort_keys=True) + "\n")
    return table
