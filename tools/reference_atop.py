"""Cross-check the curated alliance tables against ATOP 5.1, and fill their date columns.

Two sub-commands, reading the official ATOP 5.1 member file
(``$ALLIANCELAB_DATA/atop/atop5_1m.csv``, default ``../shared/data`` beside the checkout)
and the reference CSVs in ``src/alliancelab/reference/``. No ATOP table is written into the
repository: ``missing`` only prints, ``dates`` rewrites three columns of the curated rows.

``missing [YEAR ...]``
    Lists every ATOP 5.1 alliance in force in the given years (default: the capability
    benchmark years of ``capabilities.csv`` up to ATOP's 2018 end) with at least two
    members in the reference state system that year, whose ``atopid`` is not in
    ``alliances.csv``: atopid, years, members, obligations.

``dates``
    Fills ``entry_date``, ``exit_date`` and ``against`` of ``alliance_members.csv``:

    * for rows of an ATOP alliance, from the member's ATOP rows: ``entry_date`` from
      ``yrent/moent/dayent`` of the phase whose ``yrent`` equals the row's ``entry_year``,
      ``exit_date`` from ``yrexit/moexit/dayexit`` of the phase whose ``yrexit`` equals the
      row's last year (blank while ATOP has the member in force at its 2018 end); a missing
      day (ATOP leaves ``dayent`` blank when unknown) leaves the date blank;
    * ``against``: ATOP's named threats ``statthr1``/``statthr2`` when ``specthrt`` = 1
      (specific states named) and every obligation the row holds is conditional on a
      specific adversary (``defcoadv``, ``offcoadv``, ``neucoadv``, ``concoadv``; a
      non-aggression pledge has no such condition, so a row holding one stays blank);
      identical over all ATOP phases the row spans, else blank;
    * otherwise (treaties outside ATOP, NATO accessions dated by accession, post-2018
      rows) from :data:`HAND`, each entry with its source; rows in neither stay blank.

Run with the project environment::

    .venv/bin/python tools/reference_atop.py missing
    .venv/bin/python tools/reference_atop.py dates
"""

from __future__ import annotations

import csv
import os
import sys
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
REF = ROOT / "src" / "alliancelab" / "reference"
ATOP_LAST = 2018
OBLIG = {"defense": "defense", "offense": "offense", "neutrality": "neutral",
         "nonaggression": "nonagg", "consultation": "consul"}  # fmt: skip
COADV = {"defense": "defcoadv", "offense": "offcoadv", "neutrality": "neucoadv",
         "consultation": "concoadv"}  # fmt: skip

_LONDON = ("1839-04-19", "1914-08-04", None, "Treaty of London")
_NATO = "NATO accession (instrument deposited in Washington)"
#: Hand dates and adversaries: (alliance, ccode, entry_year) -> (entry, exit, against, source).
#: ``None`` keeps the value derived from ATOP (or blank).
HAND: dict[tuple[str, int, int], tuple[str | None, str | None, str | None, str]] = {
    **{("nato", c, 1952): ("1952-02-18", None, None, _NATO) for c in (350, 640)},
    ("nato", 260, 1955): ("1955-05-06", "1990-10-02", None, _NATO + "; FRG ends 1990-10-02"),
    ("nato", 230, 1982): ("1982-05-30", None, None, _NATO),
    **{("nato", c, 1999): ("1999-03-12", None, None, _NATO) for c in (290, 310, 316)},
    **{
        ("nato", c, 2004): ("2004-03-29", None, None, _NATO)
        for c in (317, 349, 355, 360, 366, 367, 368)
    },
    **{("nato", c, 2009): ("2009-04-01", None, None, _NATO) for c in (339, 344)},
    ("nato", 341, 2017): ("2017-06-05", None, None, _NATO),
    ("nato", 343, 2020): ("2020-03-27", None, None, _NATO),
    ("nato", 375, 2023): ("2023-04-04", None, None, _NATO),
    ("nato", 380, 2024): ("2024-03-07", None, None, _NATO),
    ("nato", 255, 1990): ("1990-10-03", None, None, "German unification, 3 Oct 1990"),
    # Franco-Russian military convention (1892/1894), art. 1: France helps Russia if Russia
    # is attacked by Germany or by Austria supported by Germany; Russia helps France if
    # France is attacked by Germany or by Italy supported by Germany. ATOP codes specthrt 6
    # without naming the states.
    ("franco_russian", 220, 1893): (None, None, "255 300", "Franco-Russian convention art. 1"),
    ("franco_russian", 365, 1893): (None, None, "255 325", "Franco-Russian convention art. 1"),
    ("entente_cordiale", 200, 1904): ("1904-04-08", None, None, "Anglo-French declarations"),
    ("entente_cordiale", 220, 1904): ("1904-04-08", None, None, "Anglo-French declarations"),
    ("anglo_russian_entente", 200, 1907): ("1907-08-31", None, None, "Anglo-Russian Convention"),
    ("anglo_russian_entente", 365, 1907): ("1907-08-31", None, None, "Anglo-Russian Convention"),
    ("russia_nk_2024", 365, 2024): ("2024-12-04", None, None, "treaty in force 4 Dec 2024"),
    ("russia_nk_2024", 731, 2024): ("2024-12-04", None, None, "treaty in force 4 Dec 2024"),
    ("sco", 630, 2023): ("2023-07-04", None, None, "SCO summit, 4 Jul 2023"),
    ("sco", 370, 2024): ("2024-07-04", None, None, "SCO summit, 4 Jul 2024"),
    **{
        ("anglo_japanese", c, y): (None, "1923-08-17", None, "Four-Power Treaty in force")
        for c, y in ((200, 1902), (740, 1905))
    },
    ("arab_league_defence", 652, 2023): ("2023-05-07", None, None, "League readmission"),
}
for _c in (200, 211, 220, 255, 300, 365):
    HAND[("belgium_guarantee_1839", _c, 1839)] = _LONDON


def data_dir() -> Path:
    """The official data folder (``ALLIANCELAB_DATA``, default ``../shared/data``)."""
    return Path(os.environ.get("ALLIANCELAB_DATA", ROOT.parent / "shared" / "data"))


def _date(y: object, m: object, d: object) -> str | None:
    if pd.isna(y) or pd.isna(m) or pd.isna(d) or int(y) == 0 or int(m) == 0 or int(d) == 0:
        return None
    return f"{int(y):04d}-{int(m):02d}-{int(d):02d}"


def _against(rows: pd.DataFrame, ours: pd.Series) -> str | None:
    held = [k for k in OBLIG if int(ours[k]) == 1]
    found: set[str] = set()
    for r in rows.itertuples(index=False):
        rd = r._asdict()
        ok = rd["specthrt"] == 1 and held and all(k in COADV and rd[COADV[k]] == 1 for k in held)
        codes = sorted({int(rd[c]) for c in ("statthr1", "statthr2") if rd[c] and rd[c] > 0})
        found.add(" ".join(map(str, codes)) if ok and codes else "")
    return found.pop() if len(found) == 1 else None


def fill_dates() -> None:
    """Rewrite ``alliance_members.csv`` with the date and adversary columns filled."""
    atop = pd.read_csv(data_dir() / "atop" / "atop5_1m.csv")
    al = pd.read_csv(REF / "alliances.csv", dtype=str, keep_default_na=False)
    end = dict(zip(al["alliance"], al["end_year"], strict=True))
    ids = {a: int(i) for a, i in zip(al["alliance"], al["atopid"], strict=True) if i}
    path = REF / "alliance_members.csv"
    mem = pd.read_csv(path, dtype=str, keep_default_na=False)
    for col in ("entry_date", "exit_date", "against"):
        if col not in mem:
            mem.insert(len(mem.columns) - 1, col, "")
    for i, row in mem.iterrows():
        aid, cc, y0 = row["alliance"], int(row["ccode"]), int(row["entry_year"])
        last = row["exit_year"] or end[aid]
        entry = exit_ = against = None
        if aid in ids:
            rows = atop[(atop["atopid"] == ids[aid]) & (atop["member"] == cc)]
            first = rows[rows["yrent"] == y0]
            if len(first):
                entry = min(
                    filter(None, (_date(r.yrent, r.moent, r.dayent) for r in first.itertuples())),
                    default=None,
                )
            if last and int(last) <= ATOP_LAST:
                fin = rows[rows["yrexit"] == int(last)]
                exit_ = max(
                    filter(None, (_date(r.yrexit, r.moexit, r.dayexit) for r in fin.itertuples())),
                    default=None,
                )
            y1 = int(last) if last else 9999
            span = rows[(rows["yrent"] <= y1) & ((rows["yrexit"] == 0) | (rows["yrexit"] >= y0))]
            against = _against(span, row) if len(span) else None
        hand = HAND.get((aid, cc, y0))
        if hand is not None:
            entry = hand[0] or entry
            exit_ = hand[1] or exit_
            against = hand[2] or against
            if hand[3] not in row["source"]:
                mem.at[i, "source"] = f"{row['source']}; dates/adversary: {hand[3]}"
        mem.at[i, "entry_date"] = entry or ""
        mem.at[i, "exit_date"] = exit_ or ""
        mem.at[i, "against"] = against or ""
    mem.to_csv(path, index=False, quoting=csv.QUOTE_MINIMAL, lineterminator="\n")
    n = {c: int((mem[c] != "").sum()) for c in ("entry_date", "exit_date", "against")}
    print(f"alliance_members.csv: {len(mem)} rows; filled {n}")


def missing(years: list[int]) -> pd.DataFrame:
    """ATOP 5.1 alliances in force in ``years`` among reference states, absent from ours."""
    atop = pd.read_csv(data_dir() / "atop" / "atop5_1m.csv")
    states = pd.read_csv(REF / "states.csv", keep_default_na=False)
    al = pd.read_csv(REF / "alliances.csv", keep_default_na=False)
    have = {int(x) for x in al["atopid"] if str(x).strip()}
    out = []
    for y in years:
        sys_y = set(
            states.loc[
                (states["start_year"] <= y)
                & (states["end_year"].replace("", 9999).astype(int) >= y),
                "ccode",
            ]
        )
        live = atop[(atop["yrent"] <= y) & ((atop["yrexit"] == 0) | (atop["yrexit"] >= y))]
        live = live[~live["atopid"].isin(have) & live["member"].isin(sys_y)]
        for aid, grp in live.groupby("atopid"):
            codes = sorted(set(grp["member"].astype(int)))
            if len(codes) < 2:
                continue
            obl = [k for k, c in OBLIG.items() if grp[c].max() == 1]
            out.append({"year": y, "atopid": int(aid), "members": " ".join(map(str, codes)),
                        "obligations": " ".join(obl)})  # fmt: skip
    return pd.DataFrame(out, columns=["year", "atopid", "members", "obligations"])


def main(argv: list[str]) -> None:
    """Command-line entry: ``missing [YEAR ...]`` or ``dates``."""
    if not argv or argv[0] not in ("missing", "dates"):
        raise SystemExit(__doc__)
    if argv[0] == "dates":
        fill_dates()
        return
    if len(argv) > 1:
        years = [int(a) for a in argv[1:]]
    else:
        caps = pd.read_csv(REF / "capabilities.csv")
        # the full benchmarks only, not the years with great-power rows alone
        caps = caps[~caps["source"].str.contains("great-power row", regex=False)]
        years = sorted(y for y in caps["year"].unique() if y <= ATOP_LAST)
    df = missing(years)
    print(df.to_string(index=False) if len(df) else "none")
    print(f"\n{len(df)} alliance-years; per year: {df.groupby('year').size().to_dict()}")


if __name__ == "__main__":
    main(sys.argv[1:])
