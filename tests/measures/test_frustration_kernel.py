"""The compiled Gray-code enumeration of the frustration index equals every-cut evaluation.

:func:`alliancelab.kernels.signed.min_frustrated_weight` (one node flip per step, costs
updated incrementally) against :func:`alliancelab.measures._frustration._enumerate_cuts`
(each of the ``2**(n-1)`` cuts evaluated directly), on random weighted signed graphs and
the edge cases: no negative edge, disconnected graphs, empty and one-node graphs, the size
cap, and the weights twin-merging produces (sums of signs, possibly 0 or +-2). The signed
blocs' compiled single-state moves equal the Python loop they replaced
(``tests/_reference_kernels.py``).
"""

from __future__ import annotations

import numpy as np
import pytest

from _reference_kernels import python_local_moves
from alliancelab.kernels.signed import MAX_NODES, local_moves, min_frustrated_weight
from alliancelab.measures import frustration_index
from alliancelab.measures._frustration import _enumerate, _enumerate_cuts


def _random_signed(rng: np.random.Generator, n: int, p_neg: float, weights: int) -> np.ndarray:
    mask = np.triu(rng.random((n, n)) < rng.uniform(0.15, 0.95), 1)
    signs = np.where(rng.random((n, n)) < p_neg, -1.0, 1.0)
    W = np.where(mask, signs * rng.integers(1, weights + 1, (n, n)), 0.0)
    return W + W.T


@pytest.mark.parametrize("seed", range(60))
def test_gray_code_equals_every_cut(seed: int) -> None:
    rng = np.random.default_rng(1000 + seed)
    n = int(rng.integers(2, 15))
    p_neg = (0.0, 0.3, 0.6, 1.0)[seed % 4]  # includes graphs with no negative edge
    W = _random_signed(rng, n, p_neg, weights=1 + seed % 3)
    want = _enumerate_cuts(W)
    assert min_frustrated_weight(W) == want
    assert _enumerate(W) == want
    if p_neg == 0.0:
        assert want == 0.0


def test_disconnected_and_degenerate_graphs() -> None:
    rng = np.random.default_rng(7)
    a = _random_signed(rng, 6, 0.5, 1)
    b = _random_signed(rng, 5, 0.5, 2)
    W = np.zeros((11, 11))
    W[:6, :6] = a
    W[6:, 6:] = b
    # disconnected: the minimum is the sum of the parts' minima, as every cut shows
    assert min_frustrated_weight(W) == _enumerate_cuts(W)
    assert _enumerate_cuts(W) == _enumerate_cuts(a) + _enumerate_cuts(b)
    assert min_frustrated_weight(np.zeros((0, 0))) == 0.0
    assert min_frustrated_weight(np.zeros((1, 1))) == 0.0
    assert min_frustrated_weight(np.zeros((4, 4))) == 0.0  # no edge at all
    neg_triangle = -(np.ones((3, 3)) - np.eye(3))
    assert min_frustrated_weight(neg_triangle) == 1.0
    # a non-zero diagonal is ignored, as in the cut evaluation
    assert min_frustrated_weight(neg_triangle - 5 * np.eye(3)) == 1.0


def test_merged_weights_and_fractional_fallback() -> None:
    rng = np.random.default_rng(3)
    W = _random_signed(rng, 9, 0.5, 1)
    W[0, 1] = W[1, 0] = 2.0  # merged twins: summed signs
    W[2, 3] = W[3, 2] = -2.0
    assert min_frustrated_weight(W) == _enumerate_cuts(W)
    frac = W * 0.3  # not integer-valued: the exact every-cut path is taken
    assert _enumerate(frac) == _enumerate_cuts(frac)


def test_size_cap() -> None:
    with pytest.raises(ValueError, match="at most"):
        min_frustrated_weight(np.zeros((MAX_NODES + 1, MAX_NODES + 1)))
    # the index's own cap: beyond exact_limit the local search is used and flagged
    rng = np.random.default_rng(5)
    S = np.sign(_random_signed(rng, 16, 0.4, 1)).astype(int)
    exact_value, exact = frustration_index(S)
    assert exact
    bound, _ = frustration_index(S, exact_limit=3)
    assert bound >= exact_value
    # the largest graph the index enumerates (exact_limit 20 nodes), both ways
    W = _random_signed(np.random.default_rng(9), 18, 0.5, 1)
    assert min_frustrated_weight(W) == _enumerate_cuts(W)


@pytest.mark.parametrize("seed", range(30))
def test_signed_bloc_moves_equal_the_python_loop(seed: int) -> None:
    rng = np.random.default_rng(500 + seed)
    n = int(rng.integers(1, 40))
    S = np.sign(_random_signed(rng, n, (0.1, 0.4, 0.8)[seed % 3], 1)).astype(int)
    # start as signed_blocs does: positive components, or scattered labels
    start = rng.integers(0, max(1, n // (1 + seed % 4)), n)
    want = python_local_moves(S, start)
    np.testing.assert_array_equal(local_moves(S, start), want)
    np.testing.assert_array_equal(local_moves(S, start, sweeps=1), python_local_moves(S, start, 1))
