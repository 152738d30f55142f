"""Run every ``benchmarks/bench_*.py`` script in its own process (``make bench``).

Each script measures alliancelab and a baseline in the same run (or quotes a recorded
external baseline, saying so) and prints its figures and their ratio. Speed is measured
here, never in unit tests.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path


def main() -> int:
    here = Path(__file__).resolve().parent
    scripts = sorted(here.glob("bench_*.py"))
    if len(sys.argv) > 1:
        scripts = [s for s in scripts if any(k in s.name for k in sys.argv[1:])]
    failed = 0
    for script in scripts:
        print(f"== {script.name}", flush=True)
        rc = subprocess.call([sys.executable, str(script)])
        if rc != 0:
            print(f"!! {script.name} exited with {rc}", flush=True)
            failed += 1
    print(f"{len(scripts) - failed} benchmark(s) ran, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
