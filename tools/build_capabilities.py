"""Build the shipped reference tables from the official data files.

Writes, deterministically, into ``src/alliancelab/reference/``:

* ``states.csv``        - COW State System Membership v2016 spells, extended to 2024;
* ``capabilities.csv``  - compact COW NMC v7.0 table at benchmark years (every state),
  NMC v7.0 rows of the great powers alone at ``GREAT_POWER_YEARS``, plus a documented
  2024 proxy built from SIPRI (2025 release) and NMC v7.0 2022;
* ``rivalries.csv``     - Thompson & Dreyer strategic rivalries with COW codes, brought
  up to the Thompson, Sakuwa & Suhas (2022) update for 2011-2020
  (``tools/reference_rivalries.py``: rule, and ``diff`` to list what still differs).

The official files are read from ``$ALLIANCELAB_DATA`` (default ``../shared/data``
beside the checkout) and are never copied into the repository.

Hand-fixes applied (each is also checked by ``tests/reference/test_reference_states.py``):

* state names: the ``NAME_FIXES`` spelling corrections of COW's ``statenme``;
* ISO codes: ``countrycode`` (``cown`` -> ``iso3c``) overridden by ``ISO3_OVERRIDES``
  (historical states, ISO 3166-3 codes, and a wrong Papal States match);
* SIPRI country names that ``countrycode`` cannot map: ``SIPRI_NAME_TO_CCODE``;
  SIPRI 2024 cells treated as unavailable: ``SIPRI_2024_UNUSABLE``;
* rivalry COW codes corrected: ``RIVALRY_CCODE_FIXES``; TSS rows matched by hand:
  ``TSS_PAIR_ALIASES`` (in ``tools/reference_rivalries.py``).

Run with the project environment::

    .venv/bin/python tools/build_capabilities.py
"""

from __future__ import annotations

import csv
import math
import os
import sys
import warnings
from collections.abc import Iterable
from pathlib import Path

import numpy as np
import pandas as pd
from reference_rivalries import TSS_PAIR_ALIASES, apply_tss, read_tss

REPO = Path(__file__).resolve().parents[1]
OUT_DIR = REPO / "src" / "alliancelab" / "reference"

BENCHMARK_YEARS = (1816, 1850, 1880, 1900, 1913, 1938, 1950, 1962, 1975, 1989, 2000, 2010, 2016)
# Great-power rows only (the COW majors on 31 December of the year), where the full
# benchmarks are far apart: the interwar years (1913-1938), the late 1940s and 1950s,
# and the end of the Cold War (1989-2000). See reference/README.md, "Capabilities".
GREAT_POWER_YEARS = (1920, 1925, 1930, 1935, 1946, 1955, 1991, 1995)
PROXY_YEAR = 2024
NMC_LAST_YEAR = 2022
COW_LAST_YEAR = 2016
NMC_COMPONENTS = ("milex", "milper", "irst", "pec", "tpop", "upop")

STATES_COLUMNS = (
    "ccode",
    "stateabb",
    "name",
    "iso3",
    "region",
    "start_year",
    "end_year",
    "start_date",
    "end_date",
    "source",
)
CAPABILITIES_COLUMNS = (
    "ccode",
    "year",
    "milex",
    "milex_unit",
    "milper",
    "tpop",
    "cinc",
    "cinc_kind",
    "source",
)
RIVALRIES_COLUMNS = (
    "rivalry_id",
    "name",
    "ccode1",
    "ccode2",
    "start_year",
    "end_year",
    "type",
    "source",
)

SRC_STATES = "COW State System Membership v2016 (states2016)"
SRC_STATES_EXTENDED = (
    "COW State System Membership v2016 (states2016); spell extended to 2024 (no change known)"
)
SRC_NMC = "COW NMC v7.0"
SRC_NMC_GREAT_POWER = "COW NMC v7.0; great-power row (COW major on 31 December, majors2016)"
SRC_PROXY_TAIL = "NMC v7.0 2022 milper/tpop carried forward; CINC proxy (see reference/README.md)"

# COW statenme spelling fixes (everything else is COW's English name unchanged).
NAME_FIXES: dict[int, str] = {
    58: "Antigua and Barbuda",  # COW: "Antigua & Barbuda" (ampersand; other names use "and")
    271: "Wuerttemberg",  # COW: "Wuerttemburg" (misspelling of Württemberg)
    280: "Mecklenburg-Schwerin",  # COW: "Mecklenburg Schwerin" (missing hyphen)
}

# iso3 by (ccode, spell start year); None = no code. Applied over countrycode's cown->iso3c.
ISO3_OVERRIDES: dict[tuple[int, int], str | None] = {
    (260, 1955): "DEU",  # German Federal Republic: ISO 3166 DE/DEU was assigned to West Germany
    (265, 1954): "DDR",  # German Democratic Republic: ISO 3166-3 DDDE, alpha-3 DDR
    (315, 1918): "CSK",  # Czechoslovakia: ISO 3166-3 CSHH, alpha-3 CSK
    (315, 1945): "CSK",
    (327, 1816): None,  # Papal States: countrycode says VAT, but Vatican City (1929) is not it
    (345, 1878): "YUG",  # Serbia / Yugoslavia 1878-1941: ISO 3166-3 YUCS, alpha-3 YUG
    (345, 1944): "SRB",  # spell runs on as Yugoslavia -> Serbia and Montenegro -> Serbia (2024)
    (678, 1926): "YEM",  # Yemen Arab Republic: held YE/YEM, kept by unified Yemen in 1990
    (680, 1967): "YMD",  # Yemen People's Republic: ISO 3166-3 YDYE, alpha-3 YMD
    (347, 2008): None,  # Kosovo: no ISO 3166-1 code (XKX is a user-assigned code)
    (730, 1887): None,  # Korea 1887-1905: pre-ISO, not the same state as ROK/PRK
    (817, 1954): None,  # Republic of Vietnam: no separate code (VNM now belongs to ccode 816)
}

REGION_RANGES: tuple[tuple[int, int, str], ...] = (
    (2, 165, "americas"),
    (200, 399, "europe"),
    (400, 599, "africa"),
    (600, 699, "middle_east"),
    (700, 899, "asia"),
    (900, 999, "oceania"),
)

# SIPRI country names countrycode does not map (or maps wrongly) -> COW ccode.
SIPRI_NAME_TO_CCODE: dict[str, int | None] = {
    "Serbia": 345,  # countrycode: no cown for modern Serbia; COW 345 continues Yugoslavia
    "Kosovo": 347,
    "Korea, South": 732,
    "Korea, North": 731,
    "Türkiye": 640,
    "Czechia": 316,
    "Russia": 365,
    "USSR": 365,  # no 2024 figure; listed so the mapping is explicit
    "Yemen, North": 678,
    "Yemen": 679,
    "Viet Nam": 816,
    "European Union": None,  # not a state
}

# SIPRI 2024 cells present in the tidy file but not usable as a 2024 figure.
SIPRI_2024_UNUSABLE: dict[str, str] = {
    "Venezuela": (
        "SIPRI 2024 current-US$ cell is 0.0 with no constant-US$ figure (bolivar conversion "
        "artefact, not a reported zero)"
    ),
}

# SIPRI's genuine zeros (no armed forces, per the workbook footnotes).
SIPRI_ZERO_NOTE = "SIPRI records 0: no military expenditure, per its footnotes"

# Thompson & Dreyer rivalries whose peacesciencer COW coding is corrected: rivalry -> (old, new).
RIVALRY_CCODE_FIXES: dict[int, tuple[int, int]] = {
    93: (679, 678),  # Saudi Arabia-Yemen 1 (1932-1934): Yemen then = Yemen Arab Republic (678)
    153: (679, 678),  # South Yemen-Yemen (1967-1990): North Yemen = 678; COW 679 starts 1990-05-22
}


def data_dir() -> Path:
    env = os.environ.get("ALLIANCELAB_DATA")
    path = Path(env) if env else REPO.parent / "shared" / "data"
    if not path.is_dir():
        sys.exit(f"official data folder not found: {path} (set ALLIANCELAB_DATA)")
    return path


def region_of(ccode: int) -> str:
    for lo, hi, name in REGION_RANGES:
        if lo <= ccode <= hi:
            return name
    raise ValueError(f"ccode {ccode} outside the COW regional ranges")


def fmt_number(value: float | int | None, sig: int | None = None) -> str:
    """Plain decimal text: integers without '.0', never exponent notation, NA -> ''."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    x = float(value)
    if sig is not None and x != 0:
        x = float(f"{x:.{sig}g}")
    if x.is_integer():
        return str(int(x))
    return np.format_float_positional(x, trim="-")


def write_csv(path: Path, columns: Iterable[str], rows: Iterable[dict[str, object]]) -> int:
    cols = list(columns)
    n = 0
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=cols, lineterminator="\n")
        writer.writeheader()
        for row in rows:
            writer.writerow({c: row[c] for c in cols})
            n += 1
    return n


# --------------------------------------------------------------------------- states


def iso3_for(ccodes: list[int]) -> dict[int, str | None]:
    from countrycode import countrycode

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        codes = countrycode(ccodes, origin="cown", destination="iso3c")
    return {
        c: (i if isinstance(i, str) and i else None) for c, i in zip(ccodes, codes, strict=True)
    }


def build_states(data: Path) -> pd.DataFrame:
    raw = pd.read_csv(data / "cow_states" / "cow_states.csv.gz")
    raw = raw.sort_values(["ccode", "styear", "stmonth", "stday"]).reset_index(drop=True)
    iso = iso3_for(sorted(raw["ccode"].unique().tolist()))
    rows = []
    for r in raw.itertuples(index=False):
        ccode, start = int(r.ccode), int(r.styear)
        ongoing = (int(r.endyear), int(r.endmonth), int(r.endday)) == (COW_LAST_YEAR, 12, 31)
        key = (ccode, start)
        code = ISO3_OVERRIDES[key] if key in ISO3_OVERRIDES else iso[ccode]
        rows.append(
            {
                "ccode": ccode,
                "stateabb": r.stateabb,
                "name": NAME_FIXES.get(ccode, r.statenme),
                "iso3": code or "",
                "region": region_of(ccode),
                "start_year": start,
                "end_year": None if ongoing else int(r.endyear),
                "start_date": f"{start:04d}-{int(r.stmonth):02d}-{int(r.stday):02d}",
                "end_date": None
                if ongoing
                else f"{int(r.endyear):04d}-{int(r.endmonth):02d}-{int(r.endday):02d}",
                "source": SRC_STATES_EXTENDED if ongoing else SRC_STATES,
            }
        )
    return pd.DataFrame(rows)


def members_in(states: pd.DataFrame, year: int) -> list[int]:
    end = states["end_year"].fillna(PROXY_YEAR)
    mask = (states["start_year"] <= year) & (end >= year)
    return sorted(states.loc[mask, "ccode"].unique().tolist())


# --------------------------------------------------------------------------- capabilities


def sipri_2024(data: Path) -> dict[int, tuple[float, str]]:
    """COW ccode -> (milex in thousands of current US$, SIPRI country name) for 2024."""
    from countrycode import countrycode

    sipri = pd.read_csv(data / "milex" / "sipri_milex_1949_2024_long.csv.gz")
    names = sorted(sipri["country"].unique().tolist())
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        auto = countrycode(names, origin="country.name", destination="cown")
    mapping: dict[str, int | None] = {}
    for name, code in zip(names, auto, strict=True):
        if name in SIPRI_NAME_TO_CCODE:
            mapping[name] = SIPRI_NAME_TO_CCODE[name]
        elif code is None or (isinstance(code, float) and math.isnan(code)):
            raise SystemExit(f"SIPRI name not mapped to a COW code: {name!r}")
        else:
            mapping[name] = int(code)
    cur = sipri[(sipri["year"] == PROXY_YEAR) & sipri["milex_current_usd_m"].notna()]
    out: dict[int, tuple[float, str]] = {}
    for r in cur.itertuples(index=False):
        ccode = mapping[r.country]
        if ccode is None or r.country in SIPRI_2024_UNUSABLE:
            continue
        if ccode in out:
            raise SystemExit(f"two SIPRI 2024 rows for ccode {ccode}")
        out[ccode] = (float(r.milex_current_usd_m) * 1000.0, r.country)
    return out


def majors_at_year_end(data: Path, year: int) -> list[int]:
    """COW major powers on 31 December of ``year`` (COW majors2016 spells)."""
    m = pd.read_csv(data / "cow_states" / "majors2016.csv")
    start = m["styear"] * 10000 + m["stmonth"] * 100 + m["stday"]
    end = m["endyear"] * 10000 + m["endmonth"] * 100 + m["endday"]
    day = year * 10000 + 1231
    return sorted(m.loc[(start <= day) & (end >= day), "ccode"].astype(int).unique().tolist())


def build_capabilities(data: Path, states: pd.DataFrame) -> pd.DataFrame:
    nmc = pd.read_csv(data / "cow_nmc" / "cow_nmc.csv.gz").set_index(["ccode", "year"])
    rows: list[dict[str, object]] = []
    years = [(y, members_in(states, y), SRC_NMC) for y in BENCHMARK_YEARS]
    years += [(y, majors_at_year_end(data, y), SRC_NMC_GREAT_POWER) for y in GREAT_POWER_YEARS]
    for year, ccodes, source in years:
        unit = "thousand_gbp" if year <= 1913 else "thousand_usd"
        for ccode in ccodes:
            if (ccode, year) not in nmc.index:
                continue
            rec = nmc.loc[(ccode, year)]
            rows.append(
                {
                    "ccode": ccode,
                    "year": year,
                    "milex": fmt_number(rec["milex"]),
                    "milex_unit": unit,
                    "milper": fmt_number(rec["milper"]),
                    "tpop": fmt_number(rec["tpop"]),
                    "cinc": fmt_number(rec["cinc"]),
                    "cinc_kind": "published",
                    "source": source,
                }
            )
    rows.extend(build_proxy_rows(data, states, nmc))
    out = pd.DataFrame(rows, columns=list(CAPABILITIES_COLUMNS))
    return out.sort_values(["year", "ccode"], kind="stable").reset_index(drop=True)


def build_proxy_rows(
    data: Path, states: pd.DataFrame, nmc: pd.DataFrame
) -> list[dict[str, object]]:
    """2024 rows: SIPRI 2024 milex + NMC 2022 components, CINC proxy = mean of shares."""
    sipri = sipri_2024(data)
    base = nmc.xs(NMC_LAST_YEAR, level="year")
    members = [c for c in members_in(states, PROXY_YEAR) if c in base.index]
    unmatched = sorted(set(sipri) - set(members))
    if unmatched:
        raise SystemExit(f"SIPRI 2024 ccodes not in the 2024 state system: {unmatched}")
    comp = base.loc[members, list(NMC_COMPONENTS)].astype(float).copy()
    notes: dict[int, str] = {}
    for ccode in members:
        if ccode in sipri:
            # whole thousands of US$, as written, so the table reproduces its own proxy
            comp.loc[ccode, "milex"] = float(round(sipri[ccode][0]))
            note = "SIPRI Milex 2025 release (2024, current US$)"
            if sipri[ccode][0] == 0:
                note += f" [{SIPRI_ZERO_NOTE}]"
            notes[ccode] = note
        elif not math.isnan(comp.loc[ccode, "milex"]):
            notes[ccode] = "milex = NMC v7.0 2022 carried forward (no SIPRI 2024 figure)"
        else:
            notes[ccode] = "milex missing (no SIPRI 2024 figure; NMC v7.0 2022 milex missing)"
    # Shares against the totals of the states reporting each component (NA excluded),
    # then the mean over the available components, as in NMC's published CINC.
    shares = comp / comp.sum(axis=0, skipna=True)
    proxy = shares.mean(axis=1, skipna=True)
    rows = []
    for ccode in members:
        rows.append(
            {
                "ccode": ccode,
                "year": PROXY_YEAR,
                "milex": fmt_number(comp.loc[ccode, "milex"]),
                "milex_unit": "thousand_usd",
                "milper": fmt_number(comp.loc[ccode, "milper"]),
                "tpop": fmt_number(comp.loc[ccode, "tpop"]),
                "cinc": fmt_number(proxy.loc[ccode], sig=9),
                "cinc_kind": "proxy",
                "source": f"{notes[ccode]}; {SRC_PROXY_TAIL}",
            }
        )
    return rows


# --------------------------------------------------------------------------- rivalries


def build_rivalries(data: Path, states: pd.DataFrame) -> pd.DataFrame:
    td = pd.read_csv(data / "rivalries" / "td_rivalries.csv.gz")
    tss = pd.read_csv(data / "rivalries" / "tss_rivalries.csv.gz")
    tss_end = int(tss["end"].max())
    pairs = {}
    for r in tss.itertuples(index=False):
        pair = TSS_PAIR_ALIASES.get(int(r.tssr_id), (int(r.ccode1), int(r.ccode2)))
        pairs.setdefault(tuple(sorted(pair)), []).append(r)
    cow_codes = set(states["ccode"])
    td_last = int(td["endyear"].max())
    rows = []
    for r in td.sort_values("rivalryno").itertuples(index=False):
        if int(r.endyear) < 1816 or int(r.styear) > PROXY_YEAR:
            continue
        rid = int(r.rivalryno)
        c1, c2 = int(r.ccode1), int(r.ccode2)
        src = f"Thompson & Dreyer 2012, rivalry {rid}"
        if rid in RIVALRY_CCODE_FIXES:
            old, new = RIVALRY_CCODE_FIXES[rid]
            c1, c2 = (new if c == old else c for c in (c1, c2))
            src += f" (COW code {old} corrected to {new})"
        if c1 not in cow_codes or c2 not in cow_codes:
            continue
        c1, c2 = min(c1, c2), max(c1, c2)
        end: int | None = int(r.endyear)
        if end == td_last:
            # Match the TSS row for the same pair that overlaps most with the T&D spell.
            cands = [
                t for t in pairs.get((c1, c2), []) if t.start <= end and t.end >= int(r.styear)
            ]
            if cands:
                best = max(cands, key=lambda t: min(t.end, end) - max(t.start, int(r.styear)))
                if int(best.end) == tss_end:
                    end = None
                    src += (
                        f"; ongoing in Thompson, Sakuwa & Suhas 2022 update (row {best.tssr_id},"
                        f" to {tss_end}), taken as ongoing through 2024"
                    )
                else:
                    src += (
                        f"; T&D end {td_last} kept (Thompson, Sakuwa & Suhas 2022 update,"
                        f" row {best.tssr_id}, ends {int(best.end)})"
                    )
            else:
                src += f"; T&D end {td_last} kept (no matching Thompson, Sakuwa & Suhas 2022 row)"
        types = [t for t in (r.type1, r.type2, r.type3) if isinstance(t, str) and t]
        rows.append(
            {
                "rivalry_id": rid,
                "name": r.rivalryname,
                "ccode1": c1,
                "ccode2": c2,
                "start_year": int(r.styear),
                "end_year": end,
                "type": "+".join(types),
                "source": src,
            }
        )
    # Thompson, Sakuwa & Suhas (2022) for 2011-2020: ends and added rows (rule in that tool).
    rows = apply_tss(rows, read_tss(data), cow_codes)
    return pd.DataFrame(rows, columns=list(RIVALRIES_COLUMNS))


# --------------------------------------------------------------------------- main


def _cell(value: object) -> object:
    """CSV cell: NA -> '', whole floats (nullable year columns) -> int, else unchanged."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def _records(df: pd.DataFrame) -> list[dict[str, object]]:
    return [{k: _cell(v) for k, v in rec.items()} for rec in df.to_dict("records")]


def main() -> None:
    data = data_dir()
    OUT_DIR.mkdir(parents=True, exist_ok=True)
    states = build_states(data)
    caps = build_capabilities(data, states)
    rivals = build_rivalries(data, states)
    n_s = write_csv(OUT_DIR / "states.csv", STATES_COLUMNS, _records(states))
    n_c = write_csv(OUT_DIR / "capabilities.csv", CAPABILITIES_COLUMNS, _records(caps))
    n_r = write_csv(OUT_DIR / "rivalries.csv", RIVALRIES_COLUMNS, _records(rivals))
    print(f"states.csv: {n_s} rows; capabilities.csv: {n_c} rows; rivalries.csv: {n_r} rows")


if __name__ == "__main__":
    main()
