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
  read (raises :class:`~alliancelab.errors.ParameterError`, a ``ValueError``, naming the
  option, its value and the allowed range: the same checks as the model's frozen ``Params``).

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

from .. import limits
from ..errors import ParameterError

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


def _fmt(v: float) -> str:
    """A bound or value as a plain number (``1e+308`` stays short, 5.0 prints as 5)."""
    return f"{v:g}" if isinstance(v, float) else str(v)


def number(
    value: object,
    key: str,
    *,
    minimum: float = 0.0,
    maximum: float = math.inf,
    above: bool = False,
) -> float:
    """``value`` as a finite float in ``[minimum, maximum]`` (``(minimum, maximum]`` with
    ``above``), else a :class:`~alliancelab.errors.ParameterError` naming ``key``, the
    value and the allowed range. Rejects booleans, strings, NaN and infinities.

    Examples
    --------
    >>> number(0.5, "c_b", maximum=1.0)
    0.5
    >>> number(float("inf"), "c_b", maximum=1.0)
    Traceback (most recent call last):
    ...
    alliancelab.errors.ParameterError: c_b must be a finite number in [0, 1], got inf
    >>> number(0, "deterrence_threshold", maximum=10.0, above=True)
    Traceback (most recent call last):
    ...
    alliancelab.errors.ParameterError: deterrence_threshold must be a positive finite number \
in (0, 10], got 0.0
    """
    if isinstance(value, bool) or not isinstance(value, int | float | np.integer | np.floating):
        raise ParameterError(f"{key} must be a number, got {value!r}")
    v = float(value)
    if not math.isfinite(v) or v < minimum or v > maximum or (above and v == minimum):
        top = f"{_fmt(maximum)}]" if math.isfinite(maximum) else "inf)"
        span = f"{'(' if above else '['}{_fmt(minimum)}, {top}"
        kind = "positive finite number" if above and minimum == 0 else "finite number"
        raise ParameterError(f"{key} must be a {kind} in {span}, got {v!r}")
    return v


def probability(value: object, key: str) -> float:
    """``value`` as a probability in [0, 1]; the ParameterError names ``key``.

    Examples
    --------
    >>> probability(2.0, "honour")
    Traceback (most recent call last):
    ...
    alliancelab.errors.ParameterError: honour must be a probability in [0, 1], got 2.0
    """
    if isinstance(value, bool) or not isinstance(value, int | float | np.integer | np.floating):
        raise ParameterError(f"{key} must be a probability in [0, 1], got {value!r}")
    v = float(value)
    if not 0.0 <= v <= 1.0:  # NaN fails too
        raise ParameterError(f"{key} must be a probability in [0, 1], got {v!r}")
    return v


def whole(value: object, key: str, *, minimum: int = 1, maximum: int | None = None) -> int:
    """``value`` as a whole number in ``[minimum, maximum]`` (a float such as ``1e3`` read
    from TOML counts when it is integral); the ParameterError names ``key`` and the range.

    Examples
    --------
    >>> whole(4.0, "precision", maximum=10_000)
    4
    >>> whole(10**9, "precision", maximum=10_000)
    Traceback (most recent call last):
    ...
    alliancelab.errors.ParameterError: precision must be a whole number in [1, 10000], \
got 1000000000
    """
    if isinstance(value, np.integer | np.floating):
        value = value.item()
    if (
        isinstance(value, bool)
        or not isinstance(value, int | float)
        or (isinstance(value, float) and (not math.isfinite(value) or value != int(value)))
    ):
        raise ParameterError(f"{key} must be a whole number, got {value!r}")
    v = int(value)
    if v < minimum or (maximum is not None and v > maximum):
        span = f"in [{minimum}, {maximum}]" if maximum is not None else f">= {minimum}"
        raise ParameterError(f"{key} must be a whole number {span}, got {v}")
    return v


def positive_int(value: object, key: str, *, cap: str | None = None) -> int:
    """``value`` as a positive integer; with ``cap``, also at most the cap of that name in
    :mod:`alliancelab.limits` (a :class:`~alliancelab.errors.LimitError` says how to raise it).

    Examples
    --------
    >>> positive_int(3, "years", cap="horizon")
    3
    >>> positive_int(0, "years")
    Traceback (most recent call last):
    ...
    alliancelab.errors.ParameterError: years must be a positive integer, got 0
    """
    if isinstance(value, np.integer | np.floating):
        value = value.item()
    if (
        isinstance(value, bool)
        or not isinstance(value, int | float)
        or (isinstance(value, float) and (not math.isfinite(value) or value != int(value)))
        or value < 1
    ):
        raise ParameterError(f"{key} must be a positive integer, got {value!r}")
    return int(value) if cap is None else limits.check(cap, int(value), what=key)


def seed_value(seed: object) -> None:
    """Refuse a seed numpy's ``SeedSequence`` would reject (negative, non-integer) with a
    ParameterError; None, ints >= 0, SeedSequences and Generators pass."""
    if seed is None or isinstance(seed, np.random.SeedSequence | np.random.Generator):
        return
    if isinstance(seed, bool) or not isinstance(seed, int | np.integer) or int(seed) < 0:
        raise ParameterError(f"seed must be a whole number >= 0, got {seed!r}")


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
