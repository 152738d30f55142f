"""Run every ``benchmarks/bench_*.py`` script in its own process (``make bench``).

Each script measures alliancelab and a baseline in the same run (or quotes a recorded
external baseline, saying so) and prints its figures and their ratio. Speed is measured
here, never in unit tests.

Every figure is also recorded (``benchmarks/_record.py``) and written, with its baseline
or same-run floor and the ratio, to ``out/bench.json`` (``--out`` to change the path):
``{"created", "python", "platform", "cpus", "commit", "scripts": {name: exit code},
"figures": [{"script", "name", "value", "unit", "baseline", "baseline_kind",
"baseline_label", "ratio", "target", "runs", "min", "median", "max"}, ...],
"issue16": [{"item", "figure", "found", ...the figure's fields}, ...]}``.

At the end every figure issue 16 asks for (:data:`ISSUE16`) is printed again in one
table, with its same-run floor or baseline, its ratio and the target; a figure that no
script recorded in this run is listed as missing, so a gap shows.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import subprocess
import sys
import tempfile
from pathlib import Path

#: Issue 16's figures: (item, what, the start of the recorded figure's name, the script).
ISSUE16: tuple[tuple[str, str, str, str], ...] = (
    ("1", "alliancelab --help vs import pandas", "alliancelab --help (wall)", "bench_cli.py"),
    ("1", "  the same, CPU time", "alliancelab --help (CPU)", "bench_cli.py"),
    ("2", "brief europe 2024 vs import pandas, duckdb",
     "alliancelab brief --region europe --year 2024 (wall)", "bench_cli.py"),
    ("2", "  the same, CPU time", "alliancelab brief --region europe --year 2024 (CPU)",
     "bench_cli.py"),
    ("2", "case study nato-1949-founding", "case-study nato-1949-founding (wall)",
     "bench_case_study.py"),
    ("3", "escalation first call (numba cache)", "escalation first call (numba cache)",
     "bench_models.py"),
    ("4", "escalation europe 2024, default rates", "escalation europe 2024",
     "bench_models.py"),
    ("4", "escalation world 2024, default rates", "escalation world 2024", "bench_models.py"),
    ("5", "stability panel, 5 regions 1816-2018",
     "stability panel, 5 regions x 1816-2018, store, one core, best run",
     "bench_measures.py"),
    ("6", "P2 whole process vs import floor", "P2 whole process vs import floor",
     "bench_panels.py"),
    ("6", "P2 pipeline alone", "P2 pipeline", "bench_panels.py"),
    ("7", "policy europe 2024 (countrycode share)", "policy europe 2024 (whole process)",
     "bench_policy.py"),
)  # fmt: skip


def issue16(figures: list[dict[str, object]]) -> list[dict[str, object]]:
    """The :data:`ISSUE16` rows, each with the first recorded figure whose name starts
    with the row's prefix (``found`` False when none did).

    Examples
    --------
    >>> rows = issue16([{"name": "alliancelab --help (wall)", "value": 0.3, "ratio": 0.3}])
    >>> rows[0]["found"], rows[0]["ratio"], rows[2]["found"]
    (True, 0.3, False)
    """
    out: list[dict[str, object]] = []
    for item, what, prefix, script in ISSUE16:
        hit = next((f for f in figures if str(f.get("name", "")).startswith(prefix)), None)
        out.append({"item": item, "figure": what, "script": script, "found": hit is not None,
                    **(hit or {})})  # fmt: skip
    return out


def _num(v: object, fmt: str = "{:.3g}") -> str:
    return fmt.format(v) if isinstance(v, int | float) else "-"


def print_issue16(rows: list[dict[str, object]]) -> None:
    """Print the issue-16 table: figure, value, baseline, ratio, target (or missing)."""
    print("\n== issue 16 figures (value; same-run floor or baseline; ratio; target)")
    for r in rows:
        if not r["found"]:
            print(f"  {r['item']}. {r['figure']}: MISSING (not recorded by {r['script']})")
            continue
        base = f"{_num(r.get('baseline'))} {r.get('baseline_kind') or ''}".strip()
        spread = ""
        if "min" in r:
            spread = f" [{_num(r['min'])}/{_num(r['median'])}/{_num(r['max'])}]"
        print(f"  {r['item']}. {r['figure']}: {_num(r.get('value'))} {r.get('unit', '')}"
              f"{spread}; {base or 'no baseline'}; ratio {_num(r.get('ratio'), '{:.2f}')}"
              f"; target {r.get('target') or '-'}")  # fmt: skip


def _commit(root: Path) -> str | None:
    try:
        out = subprocess.run(
            ["git", "-C", str(root), "rev-parse", "HEAD"], capture_output=True, text=True
        )
    except OSError:
        return None
    return out.stdout.strip() or None


def main() -> int:
    here = Path(__file__).resolve().parent
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("only", nargs="*", help="run only the scripts whose name contains these")
    ap.add_argument("--out", type=Path, default=here.parent / "out" / "bench.json")
    args = ap.parse_args()
    scripts = sorted(here.glob("bench_*.py"))
    if args.only:
        scripts = [s for s in scripts if any(k in s.name for k in args.only)]
    failed = 0
    figures: list[dict[str, object]] = []
    codes: dict[str, int] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for script in scripts:
            print(f"== {script.name}", flush=True)
            rec = Path(tmp) / f"{script.stem}.jsonl"
            env = dict(os.environ, ALLIANCELAB_BENCH_RECORD=str(rec))
            rc = subprocess.call([sys.executable, str(script)], env=env)
            codes[script.name] = rc
            if rc != 0:
                print(f"!! {script.name} exited with {rc}", flush=True)
                failed += 1
            if rec.exists():
                for line in rec.read_text(encoding="utf-8").splitlines():
                    figures.append({"script": script.name, **json.loads(line)})
    report = {
        "created": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "python": sys.version.split()[0],
        "platform": platform.platform(),
        "cpus": os.cpu_count(),
        "commit": _commit(here.parent),
        "scripts": codes,
        "figures": figures,
        "issue16": issue16(figures),
    }
    print_issue16(report["issue16"])  # type: ignore[arg-type]
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    print(f"{len(scripts) - failed} benchmark(s) ran, {failed} failed; {len(figures)} figures")
    print(f"written to {args.out}")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
