"""Build ``src/alliancelab/reference/contiguity.csv`` from COW Direct Contiguity v3.2.

Reads peacesciencer's copy of the v3.2 master records
(``$ALLIANCELAB_DATA/cow_contiguity/cow_contdir.csv.gz``, directed, to 2016; Stinnett et
al. 2002) and writes one undirected row per contiguity spell among the reference states
(``states.csv``): ``ccode1 < ccode2``, ``conttype`` 1-5 (COW: 1 land or river border,
2 separated by <= 12 miles of water, 3 <= 24, 4 <= 150, 5 <= 400 miles), ``start_year``
and ``end_year`` (the years of v3.2's ``stdate`` and ``enddate``, inclusive), ``source``.

* v3.2's explicit non-contiguity records (``conttype`` 0) are dropped;
* a spell v3.2 ends in December 2016 (its last month) is taken as continuing to 2024
  (``end_year`` blank): no state entered or left the COW system 2017-2024 and we know of
  no border change between reference states in those years; the row's source says so;
* every directed spell has its mirror in v3.2 (checked here), so the undirected rows are
  exactly the ``ccode1 < ccode2`` half.

Run with the project environment::

    .venv/bin/python tools/build_contiguity.py
"""

from __future__ import annotations

import os
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "src" / "alliancelab" / "reference" / "contiguity.csv"
SRC = "COW Direct Contiguity v3.2 (peacesciencer cow_contdir)"
SRC_EXTENDED = SRC + "; spell extended to 2024 (no change known)"
COLUMNS = ["ccode1", "ccode2", "conttype", "start_year", "end_year", "source"]


def data_dir() -> Path:
    """The official data folder (``ALLIANCELAB_DATA``, default ``../shared/data``)."""
    return Path(os.environ.get("ALLIANCELAB_DATA", ROOT.parent / "shared" / "data"))


def build() -> pd.DataFrame:
    """The undirected contiguity spells among reference states, sorted."""
    raw = pd.read_csv(data_dir() / "cow_contiguity" / "cow_contdir.csv.gz")
    raw = raw[raw["conttype"] > 0]
    key = ["conttype", "stdate", "enddate"]
    mirror = raw.rename(columns={"ccode1": "ccode2", "ccode2": "ccode1"})
    merged = raw.merge(mirror, on=["ccode1", "ccode2", *key], how="left", indicator=True)
    assert (merged["_merge"] == "both").all(), "v3.2 spell without its mirror"
    states = set(pd.read_csv(ROOT / "src" / "alliancelab" / "reference" / "states.csv")["ccode"])
    u = raw[(raw["ccode1"] < raw["ccode2"]) & raw["ccode1"].isin(states)]
    u = u[u["ccode2"].isin(states)].copy()
    ongoing = u["enddate"].str.startswith("2016-12")
    out = pd.DataFrame(
        {
            "ccode1": u["ccode1"].astype(int),
            "ccode2": u["ccode2"].astype(int),
            "conttype": u["conttype"].astype(int),
            "start_year": u["stdate"].str[:4].astype(int),
            "end_year": u["enddate"].str[:4].astype(int).astype(object).where(~ongoing, ""),
            "source": [SRC_EXTENDED if o else SRC for o in ongoing],
        }
    )
    return out.sort_values(["ccode1", "ccode2", "start_year", "conttype"]).reset_index(drop=True)


def main() -> None:
    """Write ``contiguity.csv`` and print its size."""
    df = build()
    df[COLUMNS].to_csv(OUT, index=False, lineterminator="\n")
    dyads = len(df[["ccode1", "ccode2"]].drop_duplicates())
    print(f"contiguity.csv: {len(df)} rows, {dyads} dyads")


if __name__ == "__main__":
    main()
