"""The figures of a benchmark run, collected for ``out/bench.json`` (``make bench``).

Every ``bench_*.py`` script prints its figures for a reader and also calls :func:`record`
for each one: its value, the same-run floor or the baseline it is compared with, and the
ratio. When ``benchmarks/run.py`` starts a script it sets ``ALLIANCELAB_BENCH_RECORD`` to
a JSON-lines file; :func:`record` appends one line to it (and does nothing when the
variable is unset, so a script run by hand just prints). ``run.py`` then writes all the
lines, with the machine and commit, to ``out/bench.json``.
"""

from __future__ import annotations

import json
import os
import statistics
from collections.abc import Sequence

__all__ = ["record", "spread"]

_ENV = "ALLIANCELAB_BENCH_RECORD"


def spread(values: Sequence[float], unit: str = "s", fmt: str = "{:.3f}") -> str:
    """Runs for printing: ``spread([0.43, 0.41, 0.51])`` is ``0.410/0.430/0.510 s (min/median/max
    of 3)``."""
    lo, mid, hi = min(values), statistics.median(values), max(values)
    nums = f"{fmt.format(lo)}/{fmt.format(mid)}/{fmt.format(hi)}"
    return f"{nums} {unit} (min/median/max of {len(values)})"


def record(
    name: str,
    value: float,
    unit: str,
    *,
    runs: Sequence[float] | None = None,
    baseline: float | None = None,
    baseline_kind: str | None = None,
    baseline_label: str = "",
    ratio: float | None = None,
    target: str = "",
) -> None:
    """Append one figure to the run's record (no-op outside ``benchmarks/run.py``).

    Parameters
    ----------
    name : str
        What was measured, e.g. ``"escalation europe 2024, default rates"``.
    value : float
        The figure (the median when there are several runs).
    unit : str
        ``"s"``, ``"crises/s"``, ``"MiB"``, ...
    runs : sequence of float, optional
        Every run's value; min, median and max are stored with them.
    baseline : float, optional
        What the figure is compared with.
    baseline_kind : {"floor", "baseline", "target"}, optional
        ``floor``: measured in the same run (e.g. the import of pandas); ``baseline``: an
        earlier or external measurement; ``target``: the issue's goal.
    baseline_label : str
        What the baseline is.
    ratio : float, optional
        ``value / baseline`` unless given (given where the sense differs, e.g. speed-ups).
    target : str
        The issue's target, in words, e.g. ``"<= 0.35x the floor"``.
    """
    path = os.environ.get(_ENV)
    if not path:
        return
    if ratio is None and baseline:
        ratio = value / baseline
    row: dict[str, object] = {
        "name": name,
        "value": value,
        "unit": unit,
        "baseline": baseline,
        "baseline_kind": baseline_kind,
        "baseline_label": baseline_label,
        "ratio": ratio,
        "target": target,
    }
    if runs:
        row.update(
            runs=list(runs),
            min=min(runs),
            median=statistics.median(runs),
            max=max(runs),
        )
    with open(path, "a", encoding="utf-8") as fh:
        fh.write(json.dumps(row) + "\n")
