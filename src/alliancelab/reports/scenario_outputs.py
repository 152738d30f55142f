"""Writing a scenario's results: CSV frames, the scenario file as run, the HTML report.

:func:`write_outputs` saves a :class:`~alliancelab.scenario.ScenarioResult` in a folder,
atomically (a temporary folder beside it, moved into place when complete);
:func:`_atomic_csv` writes one CSV file the same way. The report is
:mod:`alliancelab.reports.case_study`.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import pandas as pd

from ..errors import ScenarioError
from ..scenario import ScenarioResult

__all__ = ["write_outputs"]


def write_outputs(
    result: ScenarioResult, out: str | Path, *, report: bool = True, window: int | None = None
) -> Path:
    """Save a result in folder ``out``: ``results.csv``, ``changes.csv``, ``states.csv``,
    ``blocs.csv``, ``scenario.toml`` (the file as run) and ``report.html``.

    Everything is written to a temporary folder beside ``out`` and moved into place only
    when all files are complete, so a failure leaves ``out`` as it was.

    Parameters
    ----------
    report : bool
        Also write the HTML report (:mod:`alliancelab.reports.case_study`).
    window : int, optional
        Years either side of the base year for the report's indicators over time
        (default the scenario's ``[run] window``, 5).

    Raises
    ------
    ScenarioError
        Before anything is written, when an output file would land outside ``out``
        (symlinks resolved: an existing ``out/results.csv`` linking elsewhere is refused);
        when ``out`` exists and is not a folder, and when the folder cannot be created or
        written (a file in the way, no permission, a full disk): ``out`` is left as it was.
    """
    out = Path(out)
    names = list(_FILES) + (["report.html"] if report else [])
    for fname in names:  # nothing is written when a file would land outside ``out``
        _confined(out, fname)
    if out.exists() and not out.is_dir():
        raise ScenarioError(f"output path {out} exists and is not a folder; give another --out")
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}.tmp-", dir=out.parent))
    except OSError as exc:  # a file in the way, no permission, a read-only mount
        blocker = next((p for p in out.parents if p.exists() and not p.is_dir()), None)
        why = f"{blocker} is a file, not a folder" if blocker else exc.strerror or str(exc)
        raise ScenarioError(
            f"cannot write the output folder {out}: {why}; give another --out"
        ) from None
    tmp.chmod(0o755)
    try:
        result.table.to_csv(tmp / "results.csv", index=False)
        result.changes.to_csv(tmp / "changes.csv", index=False)
        result.states.to_csv(tmp / "states.csv", index=False)
        blocs = result.blocs.copy()
        for col in ("members", "names", "missing"):
            blocs[col] = blocs[col].map(lambda t: " ".join(str(x) for x in t))
        blocs.to_csv(tmp / "blocs.csv", index=False)
        if result.scenario.text is not None:
            (tmp / "scenario.toml").write_text(result.scenario.text, encoding="utf-8")
        if report:  # imported here: a run without a report does not load the report code
            from .case_study import build_report, render_html

            rep = build_report(result, window=window)
            (tmp / "report.html").write_text(render_html(rep), encoding="utf-8")
        if not out.exists():
            tmp.rename(out)
        else:
            if not out.is_dir():
                raise ScenarioError(f"output path {out} exists and is not a folder")
            targets = [(f, _confined(out, f.name)) for f in sorted(tmp.iterdir())]
            for f, target in targets:
                f.replace(target)
    except OSError as exc:  # disk full, permissions: the folder is left as it was
        raise ScenarioError(
            f"cannot write the outputs to {out}: {exc.strerror or exc}; nothing was changed"
        ) from None
    finally:
        if tmp.exists():
            shutil.rmtree(tmp, ignore_errors=True)
    return out


#: The files :func:`write_outputs` writes besides ``report.html``.
_FILES = ("results.csv", "changes.csv", "states.csv", "blocs.csv", "scenario.toml")


def _confined(folder: Path, name: str) -> Path:
    """``folder / name`` if it stays inside ``folder``, else a ScenarioError (nothing written).

    ``name`` must be a plain file name (no separators, not ``.`` or ``..``, not absolute),
    and the path, symlinks resolved, must lie inside the resolved ``folder``: an existing
    ``results.csv`` that is a symlink to a file elsewhere is refused, not written through.

    Examples
    --------
    >>> _confined(Path("out/x"), "results.csv").as_posix()
    'out/x/results.csv'
    >>> _confined(Path("out/x"), "../y.csv")
    Traceback (most recent call last):
    ...
    alliancelab.errors.ScenarioError: output file '../y.csv' would be written outside out/x
    """
    target = folder / name
    plain = name not in ("", ".", "..") and Path(name).name == name and "\\" not in name
    if plain and not Path(name).is_absolute() and target.resolve().parent == folder.resolve():
        return target
    raise ScenarioError(f"output file {name!r} would be written outside {folder.as_posix()}")


def _atomic_csv(frame: pd.DataFrame, path: str | Path) -> Path:
    """Write a CSV file via a temporary file in the same folder (never half-written)."""
    out = Path(path)
    out.parent.mkdir(parents=True, exist_ok=True)
    fd, name = tempfile.mkstemp(prefix=f".{out.name}.", suffix=".tmp", dir=out.parent)
    tmp = Path(name)
    try:
        with open(fd, "w", encoding="utf-8", newline="") as fh:
            frame.to_csv(fh, index=False)
        tmp.replace(out)
    finally:
        if tmp.exists():
            tmp.unlink()
    return out
