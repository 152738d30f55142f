"""One experiment runner: a factorial grid of parameters x seeds, locally or on Dask.

``run_sweep`` expands ``grid`` (a mapping of parameter name to a list of values) into
every combination, repeats each ``seeds`` times, and gives task k the k-th child of one
``numpy.random.SeedSequence`` (``SeedSequence(seed).spawn(n_tasks)``): the result does
not depend on where or in which order the tasks ran. Each task returns a dict of results
(or a one-row frame); the sweep returns one tidy frame: the grid columns, ``replicate``,
then the results. After Mesa's ``batch_run``, without its import-time side effects.

Models are callables ``model(rng=Generator, **params) -> dict`` or the name of a model of
:data:`alliancelab.models.MODELS`, run through the model contract (``params_from(None,
**params)``, ``simulate(..., rng=...)``, ``summarise``; the values of its estimates):
``escalation`` (year, challenger, target, region, honour,
deterrence_threshold, n), ``bargaining`` (p, c_b, c_bar, mediation, precision, n),
``arms_race`` (a, b, m, n, g, h, x0, y0, years, sigma), ``alignment`` (n_actors: a random
landscape; exact minima) and ``transition`` (base_year, horizon, leader, challenger).
Callables sent to Dask must be importable by the workers (module-level functions).

References
----------
Kazil, Jackie, David Masad & Andrew Crooks. 2020. "Utilizing Python for Agent-Based
Modeling: The Mesa Framework." (``batch_run``).
"""

from __future__ import annotations

import itertools
import math
import sys
from collections.abc import Callable, Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd

from . import limits
from .errors import ParameterError
from .models import MODELS as _MODELS
from .models import Model
from .models._contract import seed_value

__all__ = ["MODELS", "run_sweep"]


#: The models :func:`run_sweep` runs by name: the one registry :data:`alliancelab.models.MODELS`.
MODELS: Mapping[str, Model] = _MODELS


def _run_task(
    model: str | Callable[..., Any], params: dict[str, Any], seed_seq: np.random.SeedSequence
) -> dict[str, Any]:
    rng = np.random.default_rng(seed_seq)
    if isinstance(model, str):  # the model contract, sweep options (no snapshot)
        m = MODELS[model]
        result = m.simulate(m.params_from(None, **params), rng=rng)
        return {k: e.value for k, e in m.summarise(result).items()}
    out = model(rng=rng, **params)
    if isinstance(out, pd.DataFrame):
        if len(out) != 1:
            raise ValueError("a model run must return a dict or a one-row DataFrame")
        out = out.iloc[0].to_dict()
    elif isinstance(out, pd.Series):
        out = out.to_dict()
    if not isinstance(out, Mapping):
        raise TypeError(f"a model run returned {type(out).__name__}, expected a dict")
    return dict(out)


def _progress(total: int, show: bool) -> Any:
    if not show:
        return None
    from rich.console import Console
    from rich.progress import Progress

    prog = Progress(console=Console(stderr=True), transient=True)
    prog.start()
    prog.add_task("sweep", total=total)
    return prog


def run_sweep(
    model: str | Callable[..., Any],
    grid: Mapping[str, Sequence[Any]],
    seeds: int = 1,
    executor: str = "local",
    scheduler: Any = None,
    *,
    seed: int | None = None,
    progress: bool | None = None,
) -> pd.DataFrame:
    """Run ``model`` over the factorial ``grid`` x ``seeds`` replicates; one tidy frame.

    Parameters
    ----------
    model : str or callable
        A built-in name (:data:`MODELS`) or ``f(rng=Generator, **params) -> dict``.
    grid : mapping of str to sequence
        Parameter values; every combination is run. Grid points x ``seeds`` may not
        exceed the ``sweep_tasks`` cap of :mod:`alliancelab.limits` (checked before any
        run); each model's parameters are validated by its ``Params``.
    seeds : int
        Replicates per grid point, each with its own child seed.
    executor : {"local", "dask"}
        ``local`` runs in this process; ``dask`` submits to a Dask cluster.
    scheduler : str or distributed.Client, optional
        The Dask scheduler address (``tcp://host:port``) or a connected Client; with
        ``executor="dask"`` and no scheduler a temporary local cluster is started.
    seed : int, optional
        Entropy of the root ``SeedSequence``; the same seed gives an identical frame.
    progress : bool, optional
        Show a progress bar on standard error (default: when it is a terminal).

    Returns
    -------
    DataFrame
        The grid columns, ``replicate``, and the model's results, in grid order.

    Examples
    --------
    >>> df = run_sweep("bargaining", {"c_b": [0.1, 0.2], "n": [1000]}, seeds=2, seed=1)
    >>> df[["c_b", "replicate", "p_war_closed"]].round(4).values.tolist()
    [[0.1, 0.0, 0.3333], [0.1, 1.0, 0.3333], [0.2, 0.0, 0.1667], [0.2, 1.0, 0.1667]]
    """
    if isinstance(model, str) and model not in MODELS:
        raise ParameterError(f"unknown model {model!r}; use one of {sorted(MODELS)} or a callable")
    if not isinstance(model, str) and not callable(model):
        raise TypeError("model must be a built-in name or a callable")
    if not isinstance(grid, Mapping):
        raise TypeError("grid must be a mapping of parameter name to a list of values")
    if isinstance(seeds, bool) or not isinstance(seeds, int | np.integer) or seeds < 1:
        raise ParameterError(f"seeds must be a positive integer, got {seeds!r}")
    if executor not in ("local", "dask"):
        raise ParameterError(f"executor must be 'local' or 'dask', got {executor!r}")
    if scheduler is not None and executor != "dask":
        raise ParameterError("a scheduler is only used with executor='dask'")
    names = list(grid)
    values = []
    for k in names:
        v = grid[k]
        if isinstance(v, str | bytes) or not isinstance(v, Sequence | np.ndarray):
            raise TypeError(f"grid[{k!r}] must be a list of values, got {v!r}")
        if len(v) == 0:
            raise ParameterError(f"grid[{k!r}] is empty")
        values.append(list(v))
    n_points = math.prod(len(v) for v in values)
    limits.check("sweep_tasks", n_points * int(seeds), what="grid points x seeds")
    if seed is not None:
        seed_value(seed)
    points = [dict(zip(names, combo, strict=True)) for combo in itertools.product(*values)]
    tasks = [(p, r) for p in points for r in range(int(seeds))]
    children = np.random.SeedSequence(seed).spawn(len(tasks))
    show = sys.stderr.isatty() if progress is None else bool(progress)
    if executor == "local":
        results = _run_local(model, tasks, children, show)
    else:
        results = _run_dask(model, tasks, children, scheduler, show)
    rows = [{**p, "replicate": r, **res} for (p, r), res in zip(tasks, results, strict=True)]
    return pd.DataFrame(rows)


def _run_local(
    model: str | Callable[..., Any],
    tasks: list[tuple[dict[str, Any], int]],
    children: list[np.random.SeedSequence],
    show: bool,
) -> list[dict[str, Any]]:
    prog = _progress(len(tasks), show)
    out = []
    try:
        for (p, _), ss in zip(tasks, children, strict=True):
            out.append(_run_task(model, p, ss))
            if prog is not None:
                prog.advance(prog.task_ids[0])
    finally:
        if prog is not None:
            prog.stop()
    return out


def _run_dask(
    model: str | Callable[..., Any],
    tasks: list[tuple[dict[str, Any], int]],
    children: list[np.random.SeedSequence],
    scheduler: Any,
    show: bool,
) -> list[dict[str, Any]]:
    from distributed import Client, LocalCluster, as_completed

    own_cluster = None
    if scheduler is None:
        own_cluster = LocalCluster(processes=True, threads_per_worker=1, dashboard_address=None)
        client = Client(own_cluster)
        own_client = True
    elif isinstance(scheduler, Client):
        client, own_client = scheduler, False
    else:
        client, own_client = Client(scheduler), True
    prog = _progress(len(tasks), show)
    try:
        futures = [
            client.submit(_run_task, model, p, ss, pure=False)
            for (p, _), ss in zip(tasks, children, strict=True)
        ]
        for _ in as_completed(futures):
            if prog is not None:
                prog.advance(prog.task_ids[0])
        return list(client.gather(futures))
    finally:
        if prog is not None:
            prog.stop()
        if own_client:
            client.close()
        if own_cluster is not None:
            own_cluster.close()
