"""The ATOP 5.1 alliance institutionalisation file (``atopinst5_1.csv``), parsed for the
ATOP importer (:func:`alliancelab.store._atop.import_atop`, table ``inst``).

Source: Leeds, Brett Ashley & Sezi Anac. 2005. "Alliance Institutionalization and
Alliance Performance." *International Interactions* 31(3): 183-202, with ATOP v5.1
(Leeds, Ritter, Mitchell & Long 2002). One row per alliance phase: ``atopid``,
``atopidphase``, ``milinst`` (military institutionalisation: 0 none, 1 moderate, 2 high),
``formal`` (a formal organisation) and ``version``.
:func:`alliancelab.panels.add_atop_provisions` reads it for ``atop_milinst``.
"""

from __future__ import annotations

import pandas as pd

from ._parse import Col, RawTable, Report, check_unique, parse, require_columns
from ._parse import single_value as _single

#: what identifies the file among the ATOP files (see ``classify_files``)
INST_KIND = {"atopid", "atopidphase", "milinst"}
_COLS = {
    "atopid": Col("int", lo=1),
    "atopidphase": Col("float"),  # atopid.phase, e.g. 1020.1
    "milinst": Col("int", required=False, lo=0, hi=2),  # blank = not coded
    "formal": Col("int", required=False, lo=0, hi=2),
    "version": Col("float"),
}


def parse_atop_inst(raw: RawTable, report: Report) -> tuple[pd.DataFrame, str]:
    """The checked table and its version label (``"5.1"``).

    Bad input (a missing column, ``milinst`` outside 0-2, a repeated alliance phase)
    raises :class:`~alliancelab.errors.DataFormatError` naming file, row and field.
    """
    require_columns(raw, _COLS)
    df = parse(raw, _COLS, report)[list(_COLS)]
    check_unique(df, raw, ["atopidphase"], "alliance phase")
    report.add(f"{raw.file}: {len(df)} alliance phases (institutionalisation)")
    return df, f"{float(_single(df, raw, 'version')):.1f}"
