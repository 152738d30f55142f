"""The compiled exposure cascade draws the same random stream as the dense computation.

:func:`alliancelab.measures.exposure._cascade` advances the cascades with the sparse
kernel of :class:`alliancelab.kernels.cascade.Cascade`. The reference below is the dense
round it replaced (the float32 product ``new @ log(1 - P)``, candidates by
``np.nonzero``), kept frozen here: with one seed both must give identical frequencies
(exact equality, not a tolerance) on random obligation graphs, including graphs wider
than one 64-bit word, source sets that share states and graphs without an edge.
"""

from __future__ import annotations

import numpy as np
import pytest

from _reference_kernels import dense_cascade as _dense_cascade
from alliancelab.kernels.cascade import Cascade
from alliancelab.measures.exposure import _cascade


def _random_probs(rng: np.random.Generator, m: int, density: float) -> np.ndarray:
    levels = np.array([0.14, 0.61, 0.74, 0.745, 0.3])  # honour rates and a mixed value
    P = np.where(rng.random((m, m)) < density, rng.choice(levels, (m, m)), 0.0)
    np.fill_diagonal(P, 0.0)
    return P


@pytest.mark.parametrize("seed", range(12))
def test_sparse_cascade_equals_dense(seed: int) -> None:
    rng = np.random.default_rng(seed)
    m = int(rng.integers(3, 150))  # up to three 64-bit words per row
    P = _random_probs(rng, m, density=float(rng.uniform(0.02, 0.4)))
    n_sets = int(rng.integers(1, 6))
    sources = [rng.choice(m, size=2, replace=False) for _ in range(n_sets)]
    n_sims = int(rng.integers(1, 300))
    want = _dense_cascade(P, sources, n_sims, np.random.default_rng(seed))
    got = _cascade(P, sources, n_sims, np.random.default_rng(seed))
    np.testing.assert_array_equal(got, want)


def test_no_edges_and_bit_layout() -> None:
    P = np.zeros((70, 70))
    src = [np.array([0, 69])]
    got = _cascade(P, src, 5, np.random.default_rng(0))
    assert got[0, 0] == got[0, 69] == 1.0
    assert got.sum() == 2.0
    # states on both sides of a word boundary survive the packing round trip
    start = np.zeros((3, 130), dtype=bool)
    start[0, [0, 63, 64, 129]] = True
    start[2, 127] = True
    cas = Cascade(np.zeros((130, 130), dtype=np.float32), start)
    np.testing.assert_array_equal(cas.reached(), start)
    cas.mark(np.array([1, 1]), np.array([64, 65]))
    assert cas.reached()[1].nonzero()[0].tolist() == [64, 65]
