"""Run every ``benchmarks/bench_*.py`` script in its own process (``make bench``).

Each script measures alliancelab and a baseline in the same run (or quotes a recorded
external baseline, saying so) and prints its figures and their ratio. Speed is measured
here, never in unit tests.

Every figure is also recorded (``benchmarks/_record.py``) and written, with its baseline
or same-run floor and the ratio, to ``out/bench.json`` (``--out`` to change the path):
``{"created", "python", "platform", "cpus", "commit", "scripts": {name: exit code},
"figures": [{"script", "name", "value", "unit", "baseline", "baseline_kind",
"baseline_label", "ratio", "target", "runs", "min", "median", "max"}, ...]}``.
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
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    print(f"{len(scripts) - failed} benchmark(s) ran, {failed} failed; {len(figures)} figures")
    print(f"written to {args.out}")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
