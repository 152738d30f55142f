"""Regenerate the "Results at the time of writing" table of every case-study page.

Runs each bundled case study (``alliancelab case-study NAME --n 2000 --seed 0``, the same
seed as the pages quote) and rewrites the section of ``docs/case_studies/NAME.md`` from its
``results.csv``: the quantities whose baseline and scenario differ, with their 95% Monte
Carlo interval where stochastic. Run it after a change to the data, measures or models:
``.venv/bin/python tools/case_study_results.py [NAME ...]`` (default: every page).
"""

from __future__ import annotations

import math
import subprocess
import sys
import tempfile
from pathlib import Path

import pandas as pd

REPO = Path(__file__).resolve().parents[1]
DOCS = REPO / "docs" / "case_studies"
HEADING = "## Results at the time of writing"
N, SEED = 2000, 0


def _g(x: float, sig: int = 4, sign: bool = False) -> str:
    return format(x, f"{'+' if sign else ''}.{sig}g")


def table(results: pd.DataFrame) -> str:
    rows = ["| quantity | before | after | change | 95% interval |", "|---|---|---|---|---|"]
    for r in results.itertuples(index=False):
        if not isinstance(r.delta, float) or math.isnan(r.delta) or abs(r.delta) < 1e-12:
            continue  # unchanged (up to floating-point noise)
        interval = ""
        if bool(r.stochastic) and not math.isnan(r.delta_lo):
            interval = f"{_g(r.delta_lo, 3, True)} to {_g(r.delta_hi, 3, True)}"
        rows.append(
            f"| {r.name} | {_g(r.baseline)} | {_g(r.scenario)} | {_g(r.delta, 4, True)} "
            f"| {interval} |"
        )
    if len(rows) == 2:
        rows.append("| (no quantity changed) | | | | |")
    return "\n".join(rows)


def main(names: list[str]) -> int:
    """Rewrite the pages of ``names`` (default: every bundled case study)."""
    exe = Path(sys.executable).with_name("alliancelab")
    for page in sorted(DOCS.glob("*.md")):
        if names and page.stem not in names:
            continue
        name = page.stem
        with tempfile.TemporaryDirectory() as tmp:
            subprocess.run(
                [str(exe), "case-study", name, "--n", str(N), "--seed", str(SEED), "--out", tmp],
                check=True,
                capture_output=True,
            )
            results = pd.read_csv(Path(tmp) / "results.csv")
        text = page.read_text(encoding="utf-8")
        head = text.split(HEADING)[0].rstrip("\n")
        section = (
            f"{HEADING}\n\nalliancelab 0.1.0, `--n {N} --seed {SEED}`; only the quantities "
            "that changed. Rerun the command\nfor the current figures; the report explains "
            f"each one.\n\n{table(results)}\n"
        )
        page.write_text(f"{head}\n\n{section}", encoding="utf-8")
        print(f"{name}: {len(results)} quantities")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
