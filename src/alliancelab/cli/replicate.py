"""``alliancelab replicate NAME [--out FILE]``: rerun a published conflict study.

A thin layer over :func:`alliancelab.replications.replicate`: prints ours beside the
published figures (classical and dyadic-clustered SEs) and, with ``--out``, writes the
same report (``.txt``/``.md``) or the comparison table (``.csv``). Exit status 0 whether
or not the figures match: a miss is a finding, reported with its cause.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from ..errors import ParameterError
from ._common import STORE_IMPORTS, StoreOpt, console, out_file

__all__ = ["HEAVY_IMPORTS", "USER_ERRORS", "replicate"]

#: imported before the command runs, then frozen (see alliancelab._startup)
HEAVY_IMPORTS = (*STORE_IMPORTS, "statsmodels.api")
#: no exceptions beyond AllianceLabError are user errors
USER_ERRORS: tuple[type[Exception], ...] = ()


def replicate(
    name: Annotated[str, typer.Argument(help="bremer-atop, miller-2022, leeds-2003, gibler-2005")],
    out: Annotated[
        Path | None,
        typer.Option("--out", "-o", help="also write the report (.txt, .md) or table (.csv)"),
    ] = None,
    store: StoreOpt = None,
) -> None:
    """Rerun a published study from the store; print ours beside the published figures."""
    from ..replications import REPLICATIONS
    from ..replications import replicate as run

    if name.strip().lower().replace("_", "-") not in REPLICATIONS:
        raise ParameterError(f"no replication {name!r}; known: {', '.join(sorted(REPLICATIONS))}")
    if out is not None:
        out_file(out)
        if out.suffix.lower() not in (".txt", ".md", ".csv"):
            raise ParameterError(f"--out {out}: use a .txt, .md or .csv file")
    result = run(name, store=store)
    text = result.text()
    console.print(text, markup=False, highlight=False, soft_wrap=True)
    if out is not None:
        if out.suffix.lower() == ".csv":
            result.table().to_csv(out, index=False)
        else:
            out.write_text(text + "\n", encoding="utf-8")
