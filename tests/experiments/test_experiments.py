"""run_sweep: factorial grid x seeds, SeedSequence children, local and a real Dask cluster."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import alliancelab
from alliancelab.experiments import run_sweep


def _coin(rng: np.random.Generator, p: float, n: int) -> dict[str, float]:
    return {"heads": float((rng.random(n) < p).mean())}


def test_grid_times_seeds_in_order_and_reproducible() -> None:
    df = run_sweep(_coin, {"p": [0.2, 0.8], "n": [10, 20, 30]}, seeds=3, seed=7, progress=False)
    assert len(df) == 2 * 3 * 3
    assert list(df.columns) == ["p", "n", "replicate", "heads"]
    assert df[["p", "n"]].drop_duplicates().values.tolist() == [
        [0.2, 10],
        [0.2, 20],
        [0.2, 30],
        [0.8, 10],
        [0.8, 20],
        [0.8, 30],
    ]
    assert df["replicate"].tolist()[:3] == [0, 1, 2]
    again = run_sweep(_coin, {"p": [0.2, 0.8], "n": [10, 20, 30]}, seeds=3, seed=7, progress=False)
    pd.testing.assert_frame_equal(df, again)
    other = run_sweep(_coin, {"p": [0.2, 0.8], "n": [10, 20, 30]}, seeds=3, seed=8, progress=False)
    assert not df.equals(other)


def test_task_k_gets_the_kth_spawned_child() -> None:
    df = run_sweep(_coin, {"p": [0.5], "n": [5]}, seeds=4, seed=11, progress=False)
    children = np.random.SeedSequence(11).spawn(4)
    expect = [_coin(np.random.default_rng(c), 0.5, 5)["heads"] for c in children]
    assert df["heads"].tolist() == expect


def test_builtin_bargaining_matches_closed_form() -> None:
    df = alliancelab.run_sweep(
        "bargaining", {"c_b": [0.1, 0.2], "n": [40_000]}, seeds=2, seed=1, progress=False
    )
    se = np.sqrt(1 / 3 * 2 / 3 / 40_000)
    for _, r in df.iterrows():
        assert abs(r["p_war_mc"] - r["p_war_closed"]) < 4 * se


def test_bad_arguments() -> None:
    with pytest.raises(ValueError, match="unknown model"):
        run_sweep("nope", {"a": [1]})
    with pytest.raises(ValueError, match="seeds"):
        run_sweep(_coin, {"p": [0.5]}, seeds=0)
    with pytest.raises(TypeError, match="list of values"):
        run_sweep(_coin, {"p": 0.5})  # type: ignore[dict-item]
    with pytest.raises(ValueError, match="executor"):
        run_sweep(_coin, {"p": [0.5]}, executor="spark")


def test_dask_cluster_gives_the_same_frame_as_local() -> None:
    from distributed import Client, LocalCluster

    grid = {"c_b": [0.05, 0.1, 0.2], "n": [5000]}
    local = run_sweep("bargaining", grid, seeds=2, seed=3, progress=False)
    with (
        LocalCluster(
            n_workers=2, processes=True, threads_per_worker=1, dashboard_address=None
        ) as cluster,
        Client(cluster) as client,
    ):
        by_address = run_sweep(
            "bargaining",
            grid,
            seeds=2,
            seed=3,
            executor="dask",
            scheduler=cluster.scheduler_address,
            progress=False,
        )
        by_client = run_sweep(
            "bargaining",
            grid,
            seeds=2,
            seed=3,
            executor="dask",
            scheduler=client,
            progress=False,
        )
        workers = client.run(lambda: 1)
    assert len(workers) == 2
    pd.testing.assert_frame_equal(local, by_address)
    pd.testing.assert_frame_equal(local, by_client)


def test_dask_without_scheduler_starts_and_stops_its_own_cluster() -> None:
    """executor="dask" and no scheduler: a temporary local cluster runs the tasks (same
    frame as local execution) and is closed afterwards (no client left behind)."""
    from distributed import default_client

    grid = {"c_b": [0.05, 0.2], "n": [2000]}
    local = run_sweep("bargaining", grid, seeds=2, seed=5, progress=False)
    temp = run_sweep("bargaining", grid, seeds=2, seed=5, executor="dask", progress=False)
    pd.testing.assert_frame_equal(local, temp)
    with pytest.raises(ValueError, match="No clients found"):
        default_client()


def test_sweep_task_cap_and_seed_are_checked_before_any_run() -> None:
    from alliancelab.errors import LimitError, ParameterError

    big = {"c_b": [0.1] * 1000, "c_bar": [0.3] * 1000}  # 10**6 tasks > the 100,000 cap
    with pytest.raises(LimitError, match="sweep_tasks"):
        run_sweep("bargaining", big, progress=False)
    with pytest.raises(ParameterError, match="seed"):
        run_sweep("bargaining", {"c_b": [0.1], "n": [100]}, seed=-1, progress=False)
    with pytest.raises(ParameterError, match="precision"):
        run_sweep("bargaining", {"precision": [10**9], "n": [100]}, progress=False)
