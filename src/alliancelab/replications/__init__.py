"""Replications of published conflict studies from alliancelab's own data and verbs.

Each replication builds its data with the panel verbs (:mod:`alliancelab.panels`) from
the store, fits a logit with statsmodels and sets our figures beside the published ones,
with classical and dyadic-clustered standard errors (Aronow, Samii & Assenova 2015;
:mod:`._fit`). A published figure matches within a stated tolerance
(:data:`._result.COEF_SES` published SEs for a coefficient, the sign where only the sign
is published, N within :data:`._result.N_TOLERANCE`); a miss is reported with its cause,
never tuned away, and an input the data here lack is named.

:data:`REPLICATIONS` lists them; :func:`replicate` runs one; the CLI is
``alliancelab replicate NAME [--out FILE]``; docs/replicate.md shows each.
"""

from __future__ import annotations

import importlib
from collections.abc import Mapping
from pathlib import Path
from types import MappingProxyType
from typing import Any

from ..errors import ParameterError
from ..store.core import Store
from ._fit import Fit, dyadic_meat, fit_logit
from ._result import Published, Replication

__all__ = [
    "REPLICATIONS",
    "Fit",
    "Published",
    "Replication",
    "dyadic_meat",
    "fit_logit",
    "replicate",
]

#: name -> (module, function, one-line description)
REPLICATIONS: Mapping[str, tuple[str, str, str]] = MappingProxyType(
    {
        "bremer-atop": (".bremer", "run_atop", "peacesciencer's Bremer vignette, ATOP defence"),
        "miller-2022": (".bremer", "run_miller", "Miller (2022) Table 2, COW defence"),
        "leeds-2003": (".leeds", "run", "Leeds (2003): third-party alliances and MID initiation"),
        "gibler-2005": (".gibler", "run", "Gibler, Rider & Hutchison (2005): arms races"),
    }
)


def replicate(name: str, store: Store | str | Path | None = None, data: Any = None) -> Replication:
    """Run the replication ``name`` (see :data:`REPLICATIONS`) on the store.

    Parameters
    ----------
    name : str
        ``bremer-atop``, ``miller-2022``, ``leeds-2003`` or ``gibler-2005``.
    store : Store or path, optional
        The store the panels read (default: the default store).
    data : DataFrame, optional
        A frame already built by the replication's ``build`` (reused, e.g. by tests).

    Returns
    -------
    Replication
        Ours beside the published figures; ``print(result)`` shows the table.

    Raises
    ------
    ParameterError
        For an unknown name (the message lists the known ones).
    """
    key = name.strip().lower().replace("_", "-")
    if key not in REPLICATIONS:
        raise ParameterError(f"no replication {name!r}; known: {', '.join(sorted(REPLICATIONS))}")
    module, func, _ = REPLICATIONS[key]
    st = Store(store) if isinstance(store, (str, Path)) else store
    run = getattr(importlib.import_module(module, __name__), func)
    result: Replication = run(store=st, data=data)
    return result
