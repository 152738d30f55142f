"""Compare operationalisations of polarity against the accepted periodisation.

For each rule and index, the number of years whose whole-system reading matches the
periodisation (multipolar 1816-1945, bipolar 1946-1991, unipolar 1992-) and the years
that miss. The candidates are always the COW major powers of the year (31 December) and
every index is each candidate's share among the candidates, averaged over the five years
ending in the year (the half-decade of Singer, Bremer & Stuckey 1972).

Rules:

* ``half``: a pole has at least half the leader's index (Schweller 1998; the default of
  :func:`alliancelab.measures.polarity`);
* ``25/50``: bipolar when the two largest each hold at least 25% and together at least
  50% of the great powers' index, unipolar when one holds at least 50% and the second
  under 25%, else multipolar (the share thresholds attributed to Rapkin, Thompson &
  Christopherson 1979 and Wayman 1984; see docs/measures.md for what could be verified).

Indices: ``milex`` (COW NMC military expenditure), ``cinc`` (COW NMC CINC), ``gdp``
(Anders, Fariss & Markowitz 2020 GDP, ``extra/cw_gdppop.csv.gz``; store side only) and
``milex+gdp`` (the mean of the milex and GDP shares). The reference side reads the
reference tables (milex as :mod:`alliancelab.measures._military` interpolates it, CINC as
reference snapshots interpolate it) and has no GDP.

Run with the project environment and the official files::

    ALLIANCELAB_DATA=/work/shared/data .venv/bin/python tools/polarity_rules.py
    ALLIANCELAB_DATA=/work/shared/data .venv/bin/python tools/polarity_rules.py --search

``--search`` (store side only) scores the half-of-the-leader rule on every mean of one to
four of the indices NMC's six components (``milex``, ``milper``, ``irst``, ``pec``,
``tpop``, ``upop``), GDP and Beckley's (2018, *International Security* 43(2)) net
resources (GDP x GDP per capita, from the same Anders, Fariss & Markowitz file), with a
one-year and a five-year window: 324 operationalisations. It prints the ten that match
the most years and, for each year, how many of them read it as history does; the point is
to show whether *any* mix of the available indices gives the periodisation, not to pick
one by its score.

It builds a temporary store of COW states and NMC v7.0 (about 5 s); nothing is written to
the repository. A one-off comparison for the documentation, not part of the package.
"""

from __future__ import annotations

import os
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pandas as pd

from alliancelab.measures._military import major_powers, share_table
from alliancelab.store import Store, import_source

WINDOW = 5


def history(year: int) -> str:
    if year <= 1945:
        return "multipolar"
    return "bipolar" if year <= 1991 else "unipolar"


def half(shares: np.ndarray) -> str:
    s = np.sort(shares)[::-1]
    n = int((s >= 0.5 * s[0]).sum())
    return "unipolar" if n == 1 else ("bipolar" if n == 2 else "multipolar")


def share_rule(shares: np.ndarray) -> str:
    s = np.sort(shares)[::-1]
    second = s[1] if len(s) > 1 else 0.0
    if s[0] >= 0.5 and second < 0.25:
        return "unipolar"
    if s[0] >= 0.25 and second >= 0.25 and s[0] + second >= 0.5:
        return "bipolar"
    return "multipolar"


RULES: dict[str, Callable[[np.ndarray], str]] = {"half": half, "25/50": share_rule}


def windowed(table: pd.DataFrame, year: int) -> np.ndarray:
    """Candidates' shares among the candidates, averaged over the window (NaN skipped)."""
    codes = sorted(major_powers(year))
    years = [y for y in range(year - WINDOW + 1, year + 1) if y in table.index]
    sub = table.loc[years].reindex(columns=codes)
    sub = sub.div(sub.sum(axis=1).where(lambda t: t > 0), axis=0)
    mean = sub.mean(axis=0, skipna=True).dropna().to_numpy()
    return mean[mean > 0]


def wide(df: pd.DataFrame, value: str) -> pd.DataFrame:
    out = df.pivot_table(index="year", columns="ccode", values=value, aggfunc="sum")
    out.index = out.index.astype(int)
    out.columns = out.columns.astype(int)
    return out


def runs(years: list[int]) -> str:
    spans: list[list[int]] = []
    for y in years:
        if spans and spans[-1][1] == y - 1:
            spans[-1][1] = y
        else:
            spans.append([y, y])
    return ", ".join(str(a) if a == b else f"{a}-{b}" for a, b in spans)


def score(table: pd.DataFrame, years: range, rule: Callable[[np.ndarray], str]) -> str:
    misses = [y for y in years if rule(windowed(table, y)) != history(y)]
    return f"{len(years) - len(misses)}/{len(years)}; misses {runs(misses) or 'none'}"


def reference_cinc(years: range) -> pd.DataFrame:
    from alliancelab.snapshot._reference import _capabilities

    rows = {}
    for y in years:
        codes = sorted(major_powers(y))
        vals, _, _ = _capabilities(y, codes)
        rows[y] = pd.Series(vals, index=codes)
    return pd.DataFrame(rows).T


COMPONENTS = ("milex", "milper", "irst", "pec", "tpop", "upop", "gdp", "beckley")


def windowed_by_code(table: pd.DataFrame, year: int, window: int) -> pd.Series:
    """Like :func:`windowed`, keyed by COW code (the candidates with data), any window."""
    codes = sorted(major_powers(year))
    years = [y for y in range(year - window + 1, year + 1) if y in table.index]
    sub = table.loc[years].reindex(columns=codes)
    sub = sub.div(sub.sum(axis=1).where(lambda t: t > 0), axis=0)
    return sub.mean(axis=0, skipna=True)


def search(data: Path) -> None:
    """Score the half rule on every mean of 1-4 indices (store side), both windows."""
    from itertools import combinations

    nmc = pd.read_csv(data / "cow_nmc" / "cow_nmc.csv.gz")
    gdp = pd.read_csv(data / "extra" / "cw_gdppop.csv.gz").dropna(subset=["ccode", "year"])
    gdp = gdp.assign(beckley=gdp["pwtrgdp"] * gdp["mrgdppc"])
    tables = {c: wide(nmc[nmc[c] >= 0], c) for c in COMPONENTS[:6]}
    tables |= {"gdp": wide(gdp, "pwtrgdp"), "beckley": wide(gdp, "beckley")}
    years = range(1816, 2017)
    cache = {
        (c, y, w): windowed_by_code(tables[c], y, w)
        for c in COMPONENTS
        for y in years
        for w in (1, 5)
    }
    scored, right = [], {y: 0 for y in years}
    for w in (1, 5):
        for r in range(1, 5):
            for combo in combinations(COMPONENTS, r):
                misses = []
                for y in years:
                    mean = (sum(cache[(c, y, w)] for c in combo) / r).dropna().to_numpy()
                    if half(mean[mean > 0]) == history(y):
                        right[y] += 1
                    else:
                        misses.append(y)
                scored.append((len(years) - len(misses), w, "+".join(combo), misses))
    scored.sort(key=lambda t: -t[0])
    print(f"{len(scored)} operationalisations (half of the leader), store 1816-2016; best ten:")
    print("| matched | window | index (mean of shares) | misses |")
    print("|---|---|---|---|")
    for n, w, name, misses in scored[:10]:
        print(f"| {n}/{len(years)} | {w} | {name} | {runs(misses)} |")
    few = [y for y in years if right[y] <= len(scored) // 10]
    print(f"years that at most a tenth of them read as history does: {runs(few) or 'none'}")


def main() -> None:
    data = Path(os.environ.get("ALLIANCELAB_DATA", "../shared/data"))
    if "--search" in sys.argv[1:]:
        search(data)
        return
    if not data.is_dir():
        sys.exit(f"official data folder not found: {data} (set ALLIANCELAB_DATA)")
    with tempfile.TemporaryDirectory() as tmp:
        st = Store(Path(tmp) / "s.duckdb")
        states = ["cow_states.csv.gz", "system2016.csv", "majors2016.csv"]
        import_source("cow_states", [data / "cow_states" / f for f in states], store=st)
        import_source("cow_nmc", [data / "cow_nmc" / "cow_nmc.csv.gz"], store=st)
        nmc = st.read("cow_nmc", "nmc", columns=["ccode", "year", "milex", "cinc"])
    nmc = nmc[(nmc["milex"] >= 0) | nmc["milex"].isna()]
    gdp = pd.read_csv(data / "extra" / "cw_gdppop.csv.gz").dropna(subset=["ccode", "year"])
    store_ix = {"milex": wide(nmc, "milex"), "cinc": wide(nmc, "cinc"), "gdp": wide(gdp, "pwtrgdp")}
    gp = store_ix["gdp"]
    mil = store_ix["milex"]
    store_ix["milex+gdp"] = (
        mil.div(mil.sum(axis=1), axis=0).add(gp.div(gp.sum(axis=1), axis=0), fill_value=np.nan) / 2
    )
    ref_years = range(1816, 2025)
    ref_ix = {"milex": share_table(), "cinc": reference_cinc(ref_years)}
    print("| rule | index | reference 1816-2024 | store 1816-2016 |")
    print("|---|---|---|---|")
    for rname, rule in RULES.items():
        for iname in ("milex", "cinc", "gdp", "milex+gdp"):
            ref = score(ref_ix[iname], ref_years, rule) if iname in ref_ix else "n/a"
            sto = score(store_ix[iname], range(1816, 2017), rule)
            print(f"| {rname} | {iname} | {ref} | {sto} |")


if __name__ == "__main__":
    main()
