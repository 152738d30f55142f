"""Load-time checks of a scenario file's values: the name, ``[run]`` and model tables.

Everything a scenario file can set is checked for type and range before anything is
computed or written (issue 13: a name such as ``"../../x"`` wrote outside the output
folder; ``n = 9e18``, ``window = 100000``, ``years = 1e9``, ``c_b = inf`` reached numpy or
were accepted silently):

* :func:`check_name`: a scenario name is a safe slug, so that the default output folder
  ``out/<name>`` stays inside ``out``;
* :func:`non_finite`: the first ``inf`` or ``nan`` anywhere in the document;
* :func:`check_run`: ``[run] n, seed, window, rates`` (sizes through the caps of
  :mod:`alliancelab.limits`);
* :func:`check_model_bounds`: the ranges of the model options, applied on top of each
  model's own ``check`` (:data:`alliancelab.models.MODELS`).

Each function raises ``ValueError`` (or :class:`~alliancelab.errors.ParameterError`,
:class:`~alliancelab.errors.LimitError`) naming the key and the allowed range; the loader
(:mod:`.files`) turns it into a :class:`~alliancelab.errors.ScenarioError` naming the file,
line and key.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator, Mapping
from typing import Any

from .. import limits
from ..errors import ParameterError
from ._keyed import _Keyed

#: The longest scenario name (characters).
NAME_MAX = 64

_NAME = re.compile(rf"[A-Za-z0-9_\-][A-Za-z0-9._\-]{{0,{NAME_MAX - 1}}}")

#: The largest seed (seeds are non-negative 64-bit integers).
SEED_MAX = 2**63 - 1


def check_name(name: object, key: str = "name") -> str:
    """``name`` if it is a safe slug, else a ``ValueError`` saying what a name may hold.

    A name is 1 to :data:`NAME_MAX` letters, digits, ``-``, ``_`` and ``.``, not starting
    with ``.``: no path separators, no ``..``, never absolute, so ``out/<name>`` is a
    folder directly inside ``out``.

    Examples
    --------
    >>> check_name("nato-2024.v2")
    'nato-2024.v2'
    >>> check_name("../../x")
    Traceback (most recent call last):
    ...
    ValueError: name must be 1-64 letters, digits, '-', '_' or '.' (not leading '.'; no \
path separators), got '../../x'
    """
    if not isinstance(name, str) or not _NAME.fullmatch(name):
        shown = name if not isinstance(name, str) or len(name) <= 80 else name[:80] + "..."
        raise ValueError(
            f"{key} must be 1-{NAME_MAX} letters, digits, '-', '_' or '.' (not leading '.'; "
            f"no path separators), got {shown!r}"
        )
    return name


def slug(stem: str) -> str:
    """A safe name made from a file name's stem (characters outside the slug become ``-``).

    Examples
    --------
    >>> slug("my scenario"), slug(".."), slug("")
    ('my-scenario', 'scenario', 'scenario')
    """
    s = re.sub(r"[^A-Za-z0-9._\-]", "-", stem).lstrip(".")[:NAME_MAX]
    return s if s and _NAME.fullmatch(s) else "scenario"


def _walk(value: Any, path: tuple[str, ...]) -> Iterator[tuple[tuple[str, ...], Any]]:
    if isinstance(value, Mapping):
        for k, v in value.items():
            yield from _walk(v, (*path, str(k)))
    elif isinstance(value, list):
        for k, v in enumerate(value):
            yield from _walk(v, (*path, f"[{k}]"))
    else:
        yield path, value


def non_finite(doc: Mapping[str, Any]) -> tuple[tuple[str, ...], float] | None:
    """The path and value of the first ``inf`` or ``nan`` in a parsed document, or None.

    Examples
    --------
    >>> non_finite({"models": {"bargaining": {"c_b": float("inf")}}})
    (('models', 'bargaining', 'c_b'), inf)
    >>> non_finite({"run": {"n": 10}}) is None
    True
    """
    for path, v in _walk(doc, ()):
        if isinstance(v, float) and not math.isfinite(v):
            return path, v
    return None


def _num(x: float) -> str:
    return f"{x:,}" if isinstance(x, int) else f"{x:g}"


def _range(key: str, lo: Any, hi: Any, open_low: bool = False) -> str:
    left = "(" if open_low else "["
    return f"{key} must be in {left}{_num(lo)}, {_num(hi)}]"


def _cap(hi: Any) -> int | float:
    return limits.limit(hi) if isinstance(hi, str) else hi


def check_value(key: str, value: object, spec: tuple[Any, ...]) -> int | float:
    """``value`` checked against ``spec`` (``(kind, low, high[, "open"])``, as in
    used for ``[run]``): a ``ValueError`` naming ``key`` and the allowed range.

    Examples
    --------
    >>> check_value("precision", 8, ("int", 1, 10_000))
    8
    >>> check_value("precision", 1e9, ("int", 1, 10_000))
    Traceback (most recent call last):
    ...
    alliancelab.errors.ParameterError: precision must be an integer >= 1 and <= 10,000 (write \
it without a decimal point or exponent), got 1000000000.0
    """
    kind, lo, hi = spec[:3]
    open_low = len(spec) > 3 and spec[3] == "open"
    if kind == "int":
        cap = _cap(hi)
        if isinstance(value, bool) or not isinstance(value, int) or value < lo:
            hint = " (write it without a decimal point or exponent)" if isinstance(
                value, float) else ""  # fmt: skip
            raise ParameterError(
                f"{key} must be an integer >= {lo:,} and <= {cap:,}{hint}, got {value!r}"
            )
        if isinstance(hi, str):  # a size with a cap of alliancelab.limits: LimitError
            return limits.check(hi, value, what=key, minimum=lo)
        if value > cap:
            raise ParameterError(
                f"{key} must be an integer >= {lo:,} and <= {cap:,}, got {value!r}"
            )
        return value
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValueError(f"{key} must be a number, got {value!r}")
    v = float(value)
    if not math.isfinite(v) or v < lo or v > hi or (open_low and v == lo):
        raise ValueError(f"{_range(key, lo, hi, open_low)}, got {value!r}")
    return value


def check_run(runt: Mapping[str, Any]) -> dict[str, Any]:
    """``[run] n, seed, window, rates`` checked; errors travel as :class:`._keyed._Keyed`.

    ``n`` (draws) and ``window`` (years either side) are capped by :mod:`alliancelab.limits`
    (``draws``, ``window``); ``seed`` is a whole number in ``[0, 2**63 - 1]``; ``rates``
    one of :data:`alliancelab.measures.deterrence.HONOUR_RATES`.

    Examples
    --------
    >>> check_run({"n": 500, "window": 3})
    {'n': 500, 'window': 3}
    """
    settings: dict[str, Any] = {}
    specs = {"n": ("int", 1, "draws"), "window": ("int", 0, "window")}
    for key in ("n", "window"):
        if key in runt:
            try:  # 1e12 is a float in TOML: refused, not rounded
                settings[key] = check_value(key, runt[key], specs[key])
            except ValueError as exc:
                raise _Keyed(exc, key) from None
    if "seed" in runt:
        try:
            settings["seed"] = check_value("seed", runt["seed"], ("int", 0, SEED_MAX))
        except ValueError as exc:
            raise _Keyed(exc, "seed") from None
    if "rates" in runt:
        from ..measures.deterrence import HONOUR_RATES

        rates = runt["rates"]
        if not isinstance(rates, str) or rates not in HONOUR_RATES:
            raise _Keyed(
                ValueError(f"rates must be one of {list(HONOUR_RATES)}, got {rates!r}"), "rates"
            )
        settings["rates"] = rates
    return settings


def check_draws(n: object, *, what: str = "n") -> int:
    """``n`` Monte Carlo draws checked against the ``draws`` cap (for ``--n`` and
    ``run(n=...)``): :class:`~alliancelab.errors.ParameterError` or
    :class:`~alliancelab.errors.LimitError` naming the allowed range.

    Examples
    --------
    >>> check_draws(2000)
    2000
    """
    return int(check_value(what, n, ("int", 1, "draws")))
