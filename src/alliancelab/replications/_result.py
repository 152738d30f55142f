"""Published figures, the tolerance each is checked with, and a replication's result."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from ._fit import Fit

__all__ = ["COEF_SES", "N_TOLERANCE", "Published", "Replication"]

#: a coefficient matches when within this many published standard errors
COEF_SES = 2.0
#: the sample size matches when within this relative distance
N_TOLERANCE = 0.01


@dataclass(frozen=True)
class Published:
    """One published figure: a coefficient (with its SE), or only its sign.

    ``term`` is our column name; ``label`` the paper's name for it.
    """

    term: str
    label: str
    coef: float | None = None
    se: float | None = None
    sign: int | None = None
    model: str | None = None  # the fit it belongs to (None: every fit)

    def check(self, ours: float) -> bool:
        """Within :data:`COEF_SES` published SEs; else (sign only) the same sign."""
        if not np.isfinite(ours):
            return False
        if self.coef is not None and self.se is not None:
            return abs(ours - self.coef) <= COEF_SES * self.se
        if self.sign is not None:
            return bool(np.sign(ours) == self.sign)
        return True

    def shown(self) -> str:
        if self.coef is not None:
            return f"{self.coef:.3f}" + (f" ({self.se:.3f})" if self.se is not None else "")
        return {1: "+", -1: "-"}.get(self.sign or 0, "")


@dataclass
class Replication:
    """The outcome of one replication: our fit beside the published figures.

    ``ok`` is True when every published figure is matched within its tolerance;
    ``missing`` names inputs the data here do not hold (the fit is then partial or
    absent) and ``notes`` explains every miss.
    """

    name: str
    title: str
    data: str
    published: list[Published]
    published_n: int | None = None
    fits: dict[str, Fit] = field(default_factory=dict)
    missing: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def table(self) -> pd.DataFrame:
        """One row per published figure (and fit): ours, SEs, published, match."""
        rows = []
        for model, fit in self.fits.items():
            for p in self.published:
                if p.term not in fit.terms or p.model not in (None, model):
                    continue
                i = fit.terms.index(p.term)
                rows.append(
                    {
                        "model": model,
                        "term": p.label,
                        "ours": float(fit.coef[i]),
                        "se": float(fit.se[i]),
                        "se_dyadic": float(fit.se_dyadic[i]),
                        "published": p.shown(),
                        "match": p.check(float(fit.coef[i])),
                    }
                )
        return pd.DataFrame(rows)

    def n_ok(self, fit: Fit) -> bool:
        if self.published_n is None:
            return True
        return abs(fit.n - self.published_n) <= N_TOLERANCE * self.published_n

    @property
    def ok(self) -> bool:
        if not self.fits or self.missing:
            return False
        t = self.table()
        return bool(t["match"].all()) and all(self.n_ok(f) for f in self.fits.values())

    def text(self) -> str:
        """The side-by-side report ``alliancelab replicate`` prints."""
        out = [f"{self.name}: {self.title}", f"data: {self.data}"]
        for model, fit in self.fits.items():
            pub = f" (published {self.published_n:,})" if self.published_n else ""
            mark = "" if self.n_ok(fit) else "  MISS (N off by more than 1%)"
            out.append(f"[{model}] N = {fit.n:,}{pub}, events {fit.n_events:,}, dyads "
                       f"{fit.dyads:,}{mark}")  # fmt: skip
        t = self.table()
        if len(t):
            show = t.assign(
                ours=t["ours"].map("{:.3f}".format),
                se=t["se"].map("{:.3f}".format),
                se_dyadic=t["se_dyadic"].map("{:.3f}".format),
                match=t["match"].map({True: "ok", False: "MISS"}),
            )
            out.append(show.to_string(index=False))
        out.append(
            f"tolerance: coefficients within {COEF_SES:g} published SEs (signs where only "
            f"signs are published), N within {N_TOLERANCE:.0%}; se = classical, se_dyadic = "
            "Aronow, Samii & Assenova (2015)"
        )
        out += [f"missing input: {m}" for m in self.missing]
        out += [f"note: {n}" for n in self.notes]
        out.append("result: " + self._verdict())
        return "\n".join(out)

    def _verdict(self) -> str:
        if self.ok:
            return "replicated"
        figures = bool(self.fits) and bool(self.table()["match"].all())
        figures = figures and all(self.n_ok(f) for f in self.fits.values())
        if figures and self.missing:
            return "figures within tolerance, but with a substituted input (see missing input)"
        return "NOT replicated (see notes)"

    def __str__(self) -> str:
        return self.text()
