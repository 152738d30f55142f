"""Compare the curated rivalries with the Thompson, Sakuwa & Suhas (2022) update, and apply it.

Reads the TSS (2022) strategic rivalries (``$ALLIANCELAB_DATA/rivalries/tss_rivalries.csv.gz``,
peacesciencer's COW-coded copy, 264 dyads to 2020; default ``../shared/data`` beside the
checkout) and ``src/alliancelab/reference/rivalries.csv``. Nothing from the TSS file is
copied wholesale into the repository: ``diff`` only prints; the curation rule below is
applied by ``tools/build_capabilities.py`` when it rebuilds ``rivalries.csv`` (one row per
rivalry, each with its source).

``diff [FIRST LAST]``
    Lists, for the years FIRST-LAST (default 2011-2020, the years after Thompson & Dreyer's
    2010 end that TSS covers), every COW pair whose rivalry years differ between the
    reference set and TSS: years TSS has and the reference lacks, and the reverse. Then
    lists the reference rows left open (blank ``end_year``) whose pair TSS ends before its
    2020 end. Exit status 1 when anything differs.

Curation rule (:func:`apply_tss`), for each TSS row active in 2011-2020 whose two codes are
reference states (``ccode`` in ``states.csv``):

* a reference row on the same pair whose span overlaps the TSS row's (the largest overlap)
  takes TSS's end: blank when TSS runs it to its 2020 end ("taken as ongoing through 2024",
  the rule of the T&D extensions), else TSS's end year when that is later than the row's;
* otherwise the TSS row is added with id 1000 + ``tssr_id``, TSS's codes, years, name and
  type (its positional/spatial/ideological/interventionary flags joined with "+"), source
  "Thompson, Sakuwa & Suhas 2022, rivalry N".

Run with the project environment::

    .venv/bin/python tools/reference_rivalries.py diff
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
REF = ROOT / "src" / "alliancelab" / "reference"
#: Ids of rivalries taken from the TSS update are its row id plus this offset (T&D ids < 200).
TSS_ID_OFFSET = 1000
TSS_TYPES = ("positional", "spatial", "ideological", "interventionary")
#: Years a blank ``end_year`` stands for (the reference set ends in 2024).
REF_LAST = 2024
#: First year after Thompson & Dreyer's (2012) coverage; TSS (2022) ends in 2020.
WINDOW = (2011, 2020)
# TSS (2022) rows whose COW pair is miscoded there, mapped to the T&D pair they continue.
TSS_PAIR_ALIASES: dict[int, tuple[int, int]] = {
    165: (411, 481),  # TSS "Eguatorial Guinea-Gabon" is coded 438 (Guinea)-481
}
ONGOING = "taken as ongoing through 2024"
_KEPT = re.compile(r"; T&D end \d+ kept \([^)]*\)")


def data_dir() -> Path:
    env = os.environ.get("ALLIANCELAB_DATA")
    path = Path(env) if env else ROOT.parent / "shared" / "data"
    if not path.is_dir():
        sys.exit(f"official data folder not found: {path} (set ALLIANCELAB_DATA)")
    return path


def read_tss(data: Path) -> pd.DataFrame:
    """TSS (2022) rows with ``pair`` = the sorted COW pair (miscoded pairs aliased)."""
    tss = pd.read_csv(data / "rivalries" / "tss_rivalries.csv.gz")
    tss["pair"] = [
        tuple(sorted(TSS_PAIR_ALIASES.get(int(i), (int(a), int(b)))))
        for i, a, b in zip(tss.tssr_id, tss.ccode1, tss.ccode2, strict=True)
    ]
    return tss


def years_by_pair(spans: Iterable[tuple[tuple[int, int], int, int]], lo: int, hi: int):
    """Pair -> set of years in ``lo..hi`` covered by the (pair, start, end) spans."""
    out: dict[tuple[int, int], set[int]] = {}
    for pair, start, end in spans:
        yrs = set(range(max(start, lo), min(end, hi) + 1))
        if yrs:
            out.setdefault(pair, set()).update(yrs)
    return out


def tss_spans(tss: pd.DataFrame):
    return [(p, int(s), int(e)) for p, s, e in zip(tss.pair, tss.start, tss.end, strict=True)]


def ref_spans(ref: pd.DataFrame):
    ends = pd.to_numeric(ref["end_year"], errors="coerce").fillna(REF_LAST).astype(int)
    return [
        ((int(a), int(b)), int(s), int(e))
        for a, b, s, e in zip(ref.ccode1, ref.ccode2, ref.start_year, ends, strict=True)
    ]


def _span_text(years: set[int]) -> str:
    ys, parts = sorted(years), []
    start = prev = ys[0]
    for y in [*ys[1:], None]:
        if y is not None and y == prev + 1:
            prev = y
            continue
        parts.append(str(start) if start == prev else f"{start}-{prev}")
        if y is not None:
            start = prev = y
    return ", ".join(parts)


def differences(ref: pd.DataFrame, tss: pd.DataFrame, lo: int, hi: int) -> list[str]:
    """Printable lines: pair-years that differ in ``lo..hi`` and open rows TSS ends early."""
    ours, theirs = years_by_pair(ref_spans(ref), lo, hi), years_by_pair(tss_spans(tss), lo, hi)
    ref_pairs = zip(ref.ccode1, ref.ccode2, ref.name, strict=True)
    names = {(int(a), int(b)): str(n) for a, b, n in ref_pairs}
    names.update({p: f"TSS {n}" for p, n in zip(tss.pair, tss.rivalry, strict=True)})
    lines = []
    for pair in sorted(set(ours) | set(theirs)):
        only_tss = theirs.get(pair, set()) - ours.get(pair, set())
        only_ref = ours.get(pair, set()) - theirs.get(pair, set())
        if only_tss:
            lines.append(f"{pair} {names[pair]}: TSS only {_span_text(only_tss)}")
        if only_ref:
            lines.append(f"{pair} {names[pair]}: reference only {_span_text(only_ref)}")
    tss_last = int(tss["end"].max())
    open_pairs = {p for p, _, e in tss_spans(tss) if e == tss_last}
    for r in ref[ref["end_year"].astype(str).isin(["", "nan"])].itertuples(index=False):
        if (int(r.ccode1), int(r.ccode2)) not in open_pairs:
            lines.append(f"row {r.rivalry_id} {r.name}: open, TSS ends before {tss_last}")
    return lines


def _overlap(row: dict[str, Any], start: int, end: int) -> int:
    row_end = REF_LAST if row["end_year"] is None else int(row["end_year"])
    return min(row_end, end) - max(int(row["start_year"]), start) + 1


def apply_tss(
    rows: list[dict[str, Any]], tss: pd.DataFrame, cow_codes: set[int]
) -> list[dict[str, Any]]:
    """Bring ``rows`` (rivalry dicts, ``end_year`` None = ongoing) up to TSS for 2011-2020.

    Thompson, Sakuwa & Suhas (2022) update of Thompson & Dreyer (2012); rule in the module
    docstring. Returns the rows, updated in place, plus the added ones, sorted by id.
    """
    tss_last = int(tss["end"].max())
    added = []
    for t in tss.sort_values("tssr_id").itertuples(index=False):
        tid, start, end, pair = int(t.tssr_id), int(t.start), int(t.end), t.pair
        if end < WINDOW[0] or not set(pair) <= cow_codes:
            continue
        ongoing = end == tss_last
        cands = [r for r in rows if (r["ccode1"], r["ccode2"]) == pair]
        cands = [r for r in cands if _overlap(r, start, end) > 0]
        if cands:
            r = max(cands, key=lambda r: _overlap(r, start, end))
            old = r["end_year"]
            if old is not None and (ongoing or int(old) < end):
                r["end_year"] = None if ongoing else end
                r["source"] = _KEPT.sub("", r["source"]) + (
                    f"; T&D end {old} replaced: "
                    + (
                        f"ongoing in Thompson, Sakuwa & Suhas 2022 update (row {tid}, to"
                        f" {tss_last}), {ONGOING}"
                        if ongoing
                        else f"ends {end} in Thompson, Sakuwa & Suhas 2022 update (row {tid})"
                    )
                )
            continue
        src = f"Thompson, Sakuwa & Suhas 2022, rivalry {tid}"
        if start > WINDOW[0] - 1:
            src += f" (begins after T&D's {WINDOW[0] - 1} end)"
        else:
            src += " (spell not in T&D)"
        if ongoing:
            src += f"; ongoing at the update's {tss_last} end, {ONGOING}"
        added.append(
            {
                "rivalry_id": TSS_ID_OFFSET + tid,
                "name": str(t.rivalry),
                "ccode1": pair[0],
                "ccode2": pair[1],
                "start_year": start,
                "end_year": None if ongoing else end,
                "type": "+".join(k for k in TSS_TYPES if getattr(t, k) == 1),
                "source": src,
            }
        )
    return rows + added


def main(argv: list[str]) -> int:
    if not argv or argv[0] != "diff" or len(argv) not in (1, 3):
        print(__doc__)
        return 2
    lo, hi = (int(argv[1]), int(argv[2])) if len(argv) == 3 else WINDOW
    ref = pd.read_csv(REF / "rivalries.csv", dtype={"end_year": str}, keep_default_na=False)
    lines = differences(ref, read_tss(data_dir()), lo, hi)
    print("\n".join(lines) if lines else f"no differences {lo}-{hi}")
    print(f"{len(ref)} reference rows; {len(lines)} differences")
    return 1 if lines else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
