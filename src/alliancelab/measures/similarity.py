"""Similarity of alliance portfolios: S, Cohen's kappa, Scott's pi and tau-b.

A state's *alliance portfolio* is its vector of ties to every state in the system, coded
on the ordinal scale of Signorino & Ritter (1999): 3 defence pact, 2 neutrality or
non-aggression pact, 1 entente (consultation), 0 no tie; a state's tie to itself is 3.
Two states with similar portfolios are aligned. The pairwise scores
for two vectors (:func:`s_score`) and vectorised all-pairs versions that take an (n, n)
integer portfolio matrix ``P`` (row i = i's ties to every state; diagonal 3):
:func:`s_matrix`, :func:`kappa_matrix`, :func:`pi_matrix`, :func:`taub_matrix`.
:func:`portfolio_matrix` builds ``P`` from a :class:`~alliancelab.snapshot.Snapshot`.

All-pairs scores are computed from weighted contingency counts obtained with matrix
products (``N_ab = I_a diag(w) I_b^T``, with ``I_a`` the indicator of category ``a``),
so all dyads of a 190-state system take a few milliseconds.

References
----------
Signorino, Curtis S. & Jeffrey M. Ritter. 1999. "Tau-b or Not Tau-b: Measuring the
Similarity of Foreign Policy Positions." *International Studies Quarterly* 43(1): 115-144.

Häge, Frank M. 2011. "Choice or Circumstance? Adjusting Measures of Foreign Policy
Similarity for Chance Agreement." *Political Analysis* 19(3): 287-305.

Bueno de Mesquita, Bruce. 1975. "Measuring Systemic Polarity." *Journal of Conflict
Resolution* 19(2): 187-216.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..kernels.similarity import (
    _MAX,
    kappa_matrix,
    pi_matrix,
    s_matrix,
    s_score,
    taub_matrix,
)
from ..reference import OBLIGATIONS
from ..snapshot import Snapshot

__all__ = [
    "CHIBA_CODES",
    "OBLIGATION_CODES",
    "kappa_matrix",
    "pi_matrix",
    "portfolio_matrix",
    "s_matrix",
    "s_score",
    "similarity_dyads",
    "taub_matrix",
]

#: Ordinal code of each ATOP obligation on the Signorino-Ritter scale. Offence pacts count
#: as defence pacts (3): both commit the state to fight beside the partner (the ordinal
#: ATOP coding of Chiba et al. 2022 used by the ``fpsim`` R package does the same).
OBLIGATION_CODES: dict[str, int] = {
    "defense": 3,
    "offense": 3,
    "neutrality": 2,
    "nonaggression": 2,
    "consultation": 1,
}
#: Alternative ordinal ATOP coding of Chiba, Johnson & Leeds (2022) as used by the
#: ``fpsim`` R package: 3 defence/offence, 2 neutrality or consultation, 1 non-aggression.
CHIBA_CODES: dict[str, int] = {
    "defense": 3,
    "offense": 3,
    "neutrality": 2,
    "consultation": 2,
    "nonaggression": 1,
}
_SCHEMES = {"signorino-ritter": OBLIGATION_CODES, "chiba": CHIBA_CODES}


def portfolio_matrix(snapshot: Snapshot, scheme: str = "signorino-ritter") -> np.ndarray:
    """The symmetric (n, n) alliance-portfolio matrix of a snapshot, codes 0-3.

    ``P[i, j]`` is the highest code (:data:`OBLIGATION_CODES`: defence or offence 3,
    neutrality or non-aggression 2, consultation 1, none 0) of any obligation that i owes
    j **or** j owes i, and ``P[i, i] = 3``. Treating a tie as the highest obligation in
    either direction follows the COW and ATOP dyadic coding used for S and kappa
    (a one-sided guarantee still ties the two states), so portfolios are symmetric by
    convention.

    Parameters
    ----------
    snapshot : Snapshot
    scheme : {"signorino-ritter", "chiba"}
        ``"chiba"`` uses :data:`CHIBA_CODES` (neutrality and consultation 2,
        non-aggression 1), the ATOP ordering of the ``fpsim`` data.

    Examples
    --------
    >>> from alliancelab import snapshot_from_ties
    >>> s = snapshot_from_ties(1900, {1: 1, 2: 1, 3: 1},
    ...                        [(1, 2, "defense"), (3, 2, "neutrality"), (2, 3, "consultation")])
    >>> portfolio_matrix(s).tolist()
    [[3, 3, 0], [3, 3, 2], [0, 2, 3]]
    """
    if scheme not in _SCHEMES:
        raise ValueError(f"scheme must be one of {sorted(_SCHEMES)}, got {scheme!r}")
    codes = np.array([_SCHEMES[scheme][k] for k in OBLIGATIONS], dtype=np.int64)
    ob = snapshot.obligations
    if ob.shape[0] == 0:
        return np.zeros((0, 0), dtype=np.int64)
    directed = (ob * codes[None, None, :]).max(axis=2)
    P = np.maximum(directed, directed.T).astype(np.int64)
    np.fill_diagonal(P, _MAX)
    return P


def similarity_dyads(
    snapshot: Snapshot, *, weighted: bool = True, q: float = 2, region_only: bool = False
) -> pd.DataFrame:
    """All similarity scores for every non-directed dyad of a snapshot.

    Portfolios are taken over all states of the snapshot (:func:`portfolio_matrix`);
    ``region_only`` restricts the *dyads* (not the portfolios) to states inside the
    region. Capability-weighted S uses the capability index as weights (missing
    capability counts 0); it is NA when no state has capability data.

    Returns
    -------
    DataFrame
        ``ccode1 < ccode2, year, s_abs, s_sq, s_abs_w, s_sq_w, kappa, pi, taub``.

    Examples
    --------
    >>> from alliancelab import snapshot_from_ties
    >>> s = snapshot_from_ties(1900, {1: 1, 2: 1, 3: 1}, [(1, 2, "defense")])
    >>> d = similarity_dyads(s)
    >>> [(int(a), int(b), float(x)) for a, b, x in zip(d.ccode1, d.ccode2, d.s_abs)]
    [(1, 2, 1.0), (1, 3, -1.0), (2, 3, -1.0)]
    """
    P = portfolio_matrix(snapshot)
    n = P.shape[0]
    cols = ["ccode1", "ccode2", "year", "s_abs", "s_sq", "s_abs_w", "s_sq_w", "kappa", "pi"]
    cols.append("taub")
    if n < 2:
        return pd.DataFrame(columns=cols)
    out: dict[str, np.ndarray] = {
        "s_abs": s_matrix(P),
        "s_sq": s_matrix(P, distance="squared"),
        "kappa": kappa_matrix(P, q=q),
        "pi": pi_matrix(P, q=q),
        "taub": taub_matrix(P),
    }
    cap = np.nan_to_num(np.asarray(snapshot.capability, dtype=float), nan=0.0)
    if weighted and cap.sum() > 0:
        out["s_abs_w"] = s_matrix(P, weights=cap)
        out["s_sq_w"] = s_matrix(P, weights=cap, distance="squared")
    else:
        out["s_abs_w"] = out["s_sq_w"] = np.full((n, n), np.nan)
    iu, ju = np.triu_indices(n, 1)
    if region_only:
        keep = snapshot.in_region[iu] & snapshot.in_region[ju]
        iu, ju = iu[keep], ju[keep]
    cc = np.asarray(snapshot.ccodes)
    df = pd.DataFrame({"ccode1": cc[iu], "ccode2": cc[ju], "year": snapshot.year})
    for k in cols[3:]:
        df[k] = out[k][iu, ju]
    return df[cols]
