"""The one contract every model in :mod:`alliancelab.models` exposes (DESIGN.md convention 5).

Each model module holds a frozen :class:`Model` descriptor, registered by name in
:data:`alliancelab.models.MODELS`:

* ``params_from(snapshot | None, **options) -> setup``: the validated inputs of one run.
  With a snapshot, the options are those of a scenario's ``[models.<name>]`` table
  (:attr:`Model.keys`: states and a few parameters; ``n`` draws; ``systems``: the snapshots
  compared, when a run is normalised across them). Without one, they are the
  parameters of a sweep (:func:`alliancelab.experiments.run_sweep`).
* ``simulate(setup, seed=None, rng=None) -> result``: randomness only from ``seed`` (an
  integer or ``SeedSequence``) or an injected ``numpy.random.Generator``.
* ``summarise(result) -> dict[str, Estimate]``: the headline figures, each a value with a
  Monte Carlo standard error where the figure is stochastic.
* ``states(result) -> DataFrame``: per-state figures (``ccode, p_join``), empty when the
  model has none.
* ``check(options) -> None``: the checks that need no data, run when a scenario file is
  read (raises ``ValueError`` naming the option).

References
----------
Kazil, Jackie, David Masad & Andrew Crooks. 2020. "Utilizing Python for Agent-Based
Modeling: The Mesa Framework." (parameters, state and step kept apart).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

__all__ = ["Estimate", "Model", "mean", "proportion"]


@dataclass(frozen=True)
class Estimate:
    """One model output: ``value``, Monte Carlo standard error ``se`` (None when exact) and
    ``detail``, a few words on what drives the value.

    Examples
    --------
    >>> Estimate(0.25, 0.01).value
    0.25
    """

    value: float
    se: float | None = None
    detail: str = ""


def proportion(x: np.ndarray) -> Estimate:
    """A share of simulated draws with its binomial standard error ``sqrt(p (1 - p) / n)``.

    Examples
    --------
    >>> proportion(np.array([True, False, True, True])).value
    0.75
    """
    x = np.asarray(x, dtype=float)
    if x.size == 0:
        return Estimate(float("nan"))
    p = float(x.mean())
    return Estimate(p, float(np.sqrt(max(p * (1 - p), 0.0) / x.size)))


def mean(x: np.ndarray) -> Estimate:
    """A mean over simulated draws with its standard error ``s / sqrt(n)``.

    Examples
    --------
    >>> round(mean(np.array([1.0, 2.0, 3.0])).se, 4)
    0.5774
    """
    x = np.asarray(x, dtype=float)
    if x.size == 0:
        return Estimate(float("nan"))
    se = float(x.std(ddof=1) / np.sqrt(x.size)) if x.size > 1 else float("nan")
    return Estimate(float(x.mean()), se)


def no_states(result: Any) -> pd.DataFrame:
    """The ``states`` of a model without per-state figures: an empty frame."""
    return pd.DataFrame()


def number(value: object, key: str, *, minimum: float = 0.0) -> float:
    """``value`` as a finite float >= ``minimum``; the ValueError names ``key``."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValueError(f"{key} must be a number, got {value!r}")
    v = float(value)
    if not math.isfinite(v) or v < minimum:
        raise ValueError(f"{key} must be a finite number >= {minimum:g}, got {v}")
    return v


def probability(value: object, key: str) -> float:
    """``value`` as a probability in [0, 1]; the ValueError names ``key``."""
    x = number(value, key)
    if x > 1:
        raise ValueError(f"{key} must be a probability in [0, 1], got {x}")
    return x


def positive_int(value: object, key: str) -> int:
    """``value`` as a positive integer; the ValueError names ``key``."""
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise ValueError(f"{key} must be a positive integer, got {value!r}")
    return int(value)


def coalition(s: Any, code: int, other: int) -> np.ndarray:
    """Boolean mask over ``s.ccodes``: ``code`` and the states owing it defence but not
    owing ``other`` (ATOP defence obligations of the snapshot)."""
    i, j = s.index(code), s.index(other)
    d = np.asarray(s.obligation("defense"), dtype=bool)
    m = d[:, i] & ~d[:, j]
    m[[i, j]] = False
    m[i] = True
    return m


def label(s: Any, code: object) -> str:
    """The snapshot's name of state ``code`` (the code itself when it is not there)."""
    from ..errors import UnknownStateError

    try:
        return str(s.names[s.index(int(code))])  # type: ignore[call-overload]
    except (UnknownStateError, TypeError, ValueError):
        return str(code)


@dataclass(frozen=True)
class Model:
    """A model's surface: what :mod:`alliancelab.experiments`, scenarios and the CLI call.

    Attributes
    ----------
    name : str
        The registry name (``alliancelab.models.MODELS[name]``).
    title : str
        One line: what the model is and its source.
    keys : tuple of (frozenset, frozenset) or None
        Required and optional options of ``params_from`` with a snapshot (a scenario's
        ``[models.<name>]`` table); None when the model cannot be built from a snapshot.
    outputs : mapping of str to str
        The outputs of ``summarise`` for a snapshot run, with what each is.
    params_from, simulate, summarise, states, check : callable
        The contract (see the module docstring).
    """

    name: str
    title: str
    keys: tuple[frozenset[str], frozenset[str]] | None
    outputs: Mapping[str, str]
    params_from: Callable[..., Any]
    simulate: Callable[..., Any]
    summarise: Callable[[Any], dict[str, Estimate]]
    states: Callable[[Any], pd.DataFrame] = field(default=no_states)
    check: Callable[[Mapping[str, Any]], None] = field(default=lambda options: None)

    def run(
        self,
        snapshot: Any = None,
        *,
        seed: int | np.random.SeedSequence | None = None,
        rng: np.random.Generator | None = None,
        **options: Any,
    ) -> dict[str, Estimate]:
        """``summarise(simulate(params_from(snapshot, **options), seed, rng))`` in one call."""
        return self.summarise(self.simulate(self.params_from(snapshot, **options), seed, rng))
