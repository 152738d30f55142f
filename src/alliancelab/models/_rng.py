"""Random-number plumbing shared by the models: one injected ``numpy.random.Generator``."""

from __future__ import annotations

import numpy as np

from ..errors import ParameterError

__all__ = ["make_rng"]


def make_rng(
    seed: int | np.random.SeedSequence | None = None, rng: np.random.Generator | None = None
) -> np.random.Generator:
    """The generator a model draws from: ``rng`` if given, else ``default_rng(seed)``.

    Examples
    --------
    >>> make_rng(3).random() == make_rng(3).random()
    True
    """
    if rng is not None and seed is not None:
        raise ParameterError("give either seed or rng, not both")
    if rng is not None:
        if not isinstance(rng, np.random.Generator):
            raise TypeError(f"rng must be a numpy.random.Generator, got {type(rng).__name__}")
        return rng
    if isinstance(seed, bool) or (
        seed is not None and not isinstance(seed, int | np.integer | np.random.SeedSequence)
    ):
        raise TypeError(f"seed must be an integer or a SeedSequence, got {seed!r}")
    if seed is not None and not isinstance(seed, np.random.SeedSequence) and int(seed) < 0:
        raise ParameterError(f"seed must be a whole number >= 0 (numpy's SeedSequence), got {seed}")
    return np.random.default_rng(seed)
