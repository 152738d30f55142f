"""Benchmark: what a user waits for at the command line (issue 16, items 1 and 2).

Each figure is a whole ``alliancelab ...`` process, as a user starts it, against a floor
measured in the same run, run for run interleaved (floor, command, floor, command, ...)
so that a change in the machine's load falls on both:

1. ``alliancelab --help`` against ``python -c "import pandas"``. Target: at most 0.35x.
   ``cite atop``, ``versions`` and ``states`` are timed against the same floor (they too
   import no pandas).
2. ``alliancelab brief --region europe --year 2024 --out FILE`` (the reference data; the
   brief's HTML with its two SVG figures) against ``python -c "import pandas, duckdb"``.
   Target: at most 2x.

The children run pinned to one CPU; each figure is the median of ``RUNS`` runs (min,
median and max are printed and recorded) of the wall time, with the child's CPU time
(user + system, from ``getrusage``) beside it: on a shared machine the wall time also
holds the wait for a CPU, the CPU time is what the run costs. One warm-up run of each
command first fills the OS file cache and Python's bytecode cache. Run:
``python benchmarks/bench_cli.py`` (or ``make bench``); ``python benchmarks/bench_cli.py
brief`` runs only the figures whose name holds ``brief``.
"""

from __future__ import annotations

import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _record import record, spread

RUNS = 7
#: words from the command line: only the figures whose name holds one of them run
_ONLY = [a for a in sys.argv[1:] if not a.startswith("-")]
HELP_TARGET = 0.35
BRIEF_TARGET = 2.0


def _run(args: list[str]) -> tuple[float, float]:
    """Wall and CPU seconds of one child process ``args`` (it must succeed)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t = time.perf_counter()
    subprocess.run(args, check=True, capture_output=True)
    wall = time.perf_counter() - t
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def _pair(
    floor: list[str], command: list[str], runs: int
) -> tuple[list[float], list[float], list[float], list[float]]:
    """Interleaved runs of ``floor`` and ``command``: their walls and CPU times."""
    _run(floor), _run(command)  # warm-up
    fw, fc, cw, cc = [], [], [], []
    for _ in range(runs):
        w, c = _run(floor)
        fw.append(w)
        fc.append(c)
        w, c = _run(command)
        cw.append(w)
        cc.append(c)
    return fw, fc, cw, cc


def _report(
    name: str, label: str, floor: list[str], command: list[str], target: float | None
) -> None:
    if _ONLY and not any(word in name for word in _ONLY):
        return
    fw, fc, cw, cc = _pair(floor, command, RUNS)
    ratio = statistics.median(cw) / statistics.median(fw)
    cpu_ratio = statistics.median(cc) / statistics.median(fc)
    goal = f"<= {target}x the floor" if target is not None else ""
    print(f"{name}")
    print(f"   wall {spread(cw)}; floor ({label}) {spread(fw)}")
    print(f"   CPU  {spread(cc)}; floor {spread(fc)}")
    verdict = ""
    if target is not None:
        verdict = f"  ({'meets' if ratio <= target else 'misses'} {goal})"
    print(f"   ratio to the floor: wall {ratio:.2f}x, CPU {cpu_ratio:.2f}x{verdict}")
    med, fmed = statistics.median(cw), statistics.median(fw)
    record(f"{name} (wall)", med, "s", runs=cw, baseline=fmed, baseline_kind="floor",
           baseline_label=f"{label}, same run", target=goal)  # fmt: skip
    record(f"{name} (CPU)", statistics.median(cc), "s", runs=cc,
           baseline=statistics.median(fc), baseline_kind="floor",
           baseline_label=f"{label} CPU time, same run", target=goal)  # fmt: skip


def main() -> int:
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
    py = sys.executable
    exe = str(Path(py).with_name("alliancelab"))
    pandas = [py, "-c", "import pandas"]
    print(f"load average {os.getloadavg()[0]:.2f} (1 min); {RUNS} runs each, one CPU")
    _report("alliancelab --help", "import pandas", pandas, [exe, "--help"], HELP_TARGET)
    for args in (["cite", "atop"], ["versions"], ["states", "--year", "2024"]):
        _report(f"alliancelab {' '.join(args)}", "import pandas", pandas, [exe, *args], None)
    with tempfile.TemporaryDirectory() as tmp:
        brief = [exe, "brief", "--region", "europe", "--year", "2024", "--out", f"{tmp}/b.html"]
        _report(
            "alliancelab brief --region europe --year 2024",
            "import pandas, duckdb",
            [py, "-c", "import pandas, duckdb"],
            brief,
            BRIEF_TARGET,
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
