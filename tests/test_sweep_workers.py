"""Sweeps spread over local processes and over a Dask cluster give the CSV of one process.

The points are independent, so the only ways to get a different CSV are a chunk lost,
duplicated or put back in the wrong order, or a worker holding stale state: the grids
below cross regime boundaries (tying_hands: Fearon 1997's audience cost makes the
threat credible once it exceeds the cost of fighting; the chain-store's prior decides
between entry and deterrence, Kreps & Wilson 1982), so a misplaced chunk changes a
regime, not only a number.
"""

from __future__ import annotations

from alliance_games.analysis.sweep import (
    CHUNKS_PER_WORKER,
    _chunk_size,
    parse_grid,
    sweep,
)

SPEC = "extended_deterrence/tying_hands"
GRIDS = ["audience_cost=0:2:3", "p_resolute=0:1:3"]


def test_chunks_are_coarse_and_cover_the_grid() -> None:
    """100 points on 2 workers: ceil(100 / (2 * 4)) = 13 points a chunk, 8 chunks (the
    last one 9 points); 3 points on 8 workers: one point a chunk."""
    assert CHUNKS_PER_WORKER == 4
    assert _chunk_size(100, 2) == 13
    assert -(-100 // _chunk_size(100, 2)) == 8
    assert _chunk_size(3, 8) == 1
    assert _chunk_size(1, 1) == 1


def test_two_workers_give_the_csv_of_one() -> None:
    axes = [parse_grid(g) for g in GRIDS]
    one = sweep(SPEC, axes)
    two = sweep(SPEC, axes, workers=2)
    assert two.to_csv() == one.to_csv()
    assert len(one.regimes()) > 1


def test_a_local_dask_cluster_gives_the_csv_of_one_process() -> None:
    """Two worker processes of a local ``dask.distributed`` cluster (the ``dask`` extra,
    part of the ``test`` extra): the chunks travel with the spec's text."""
    from dask.distributed import LocalCluster  # the test extra installs dask

    axes = [parse_grid(g) for g in GRIDS]
    one = sweep(SPEC, axes)
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=None) as cluster:
        seen: list[tuple[int, int]] = []
        on_dask = sweep(SPEC, axes, scheduler=cluster.scheduler_address,
                        progress=lambda done, total: seen.append((done, total)))
    assert on_dask.to_csv() == one.to_csv()
    assert seen[-1] == (9, 9)

