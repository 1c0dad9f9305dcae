"""Parameter sweeps (goal 5 of issue 13): points per second, ours vs a plain loop over
QuantEcon's vertex enumeration; not a test.

Run ``python benchmarks/sweeps.py`` (``--side 60`` for the grid's side, ``--quick``).
Needs quantecon for the peer loop.

1. **security_dilemma/chicken** on a ``side x side`` grid of ``cost_of_war`` and
   ``prize``, four ways: the sweep as it is now (spec compiled once, the grid classified
   at once by :mod:`alliance_games.analysis.sweep_2x2`, ties and errors solved one by
   one); the general per-point path with the spec compiled once
   (:class:`~alliance_games.analysis.sweep.CompiledSpec`: compile + vertex enumeration
   per point); the old per-point path (``solve_point``: YAML read and parsed at every
   point); and the peer, a plain Python loop that builds each point's 2x2 bimatrix with
   numpy and calls ``quantecon.game_theory.vertex_enumeration`` (no spec, no regimes,
   no certification: the floor of a naive loop). The vectorised kernel alone
   (:func:`~alliance_games.analysis.sweep_2x2.classify_grid_2x2` on 10^6 random
   points) is timed too: that is the 10^6 points/s target.
2. **Workers**: a sweep of a signaling model (not vectorised) with 1 and 2 local worker
   processes: points/s and the speed-up.

Times are wall time (a sweep's cost is what the user waits for); the load average is
printed, and on a shared machine the ratios within one run are what to compare.
"""

from __future__ import annotations

import argparse
import os
import time
from fractions import Fraction

import numpy as np


def _rate(n: int, seconds: float) -> str:
    return f"{n / seconds:,.0f} points/s ({n} points, {seconds:.2f} s)"


def chicken(side: int) -> None:
    from alliance_games.analysis.sweep import (
        _compiled,
        _grid,
        _solve_compiled,
        parse_grid,
        solve_point,
        sweep,
    )
    from alliance_games.analysis.sweep_2x2 import classify_grid_2x2
    from alliance_games.modeling.loader import _read_text, resolve

    spec = "security_dilemma/chicken"
    axes = [parse_grid(f"cost_of_war=0:20:{side}"), parse_grid(f"prize=1/7:50/7:{side}")]
    n = side * side
    sweep(spec, [parse_grid("cost_of_war=0:20:3")])  # imports, lambdify warm-up

    start = time.perf_counter()
    result = sweep(spec, axes)
    t_fast = time.perf_counter() - start

    points = _grid(axes)
    sample = points[:: max(1, len(points) // 400)]  # the slow paths on a sample
    path = resolve(spec)
    text = _read_text(path)
    _compiled(spec, text, str(path))
    start = time.perf_counter()
    for p in sample:
        _solve_compiled(spec, text, str(path), p, "auto", None)
    t_compiled = time.perf_counter() - start
    start = time.perf_counter()
    for p in sample:
        solve_point(spec, p)
    t_old = time.perf_counter() - start

    import quantecon.game_theory as qe

    R, S = 3.0, 1.0  # chicken's compromise and concession
    warm = np.array([[R, S], [4.0, -1.0]])
    qe.vertex_enumeration(qe.NormalFormGame((qe.Player(warm), qe.Player(warm))))  # numba
    start = time.perf_counter()
    for p in points:
        T, P = float(Fraction(p["prize"])), -float(Fraction(p["cost_of_war"]))
        a = np.array([[R, S], [T, P]])
        qe.vertex_enumeration(qe.NormalFormGame((qe.Player(a), qe.Player(a))))
    t_qe = time.perf_counter() - start

    rng = np.random.default_rng(0)
    T, Rr, P, Ss = rng.random((4, 10**6))
    start = time.perf_counter()
    classify_grid_2x2(T, Rr, P, Ss)
    t_kernel = time.perf_counter() - start

    regimes = len(result.regimes())
    print(f"## security_dilemma/chicken, {side}x{side} grid ({regimes} regimes)\n")
    print("| path | speed | vs QuantEcon loop |\n|---|---|---|")
    rows = [
        ("sweep (compiled once, vectorised 2x2)", n, t_fast),
        ("per point, spec compiled once", len(sample), t_compiled),
        ("per point, YAML re-parsed (before)", len(sample), t_old),
        ("plain loop over QuantEcon VE", n, t_qe),
        ("vectorised kernel alone (10^6 random points)", 10**6, t_kernel),
    ]
    peer = n / t_qe
    for name, count, seconds in rows:
        print(f"| {name} | {_rate(count, seconds)} | {count / seconds / peer:.2f}x |")
    print()


def workers(quick: bool) -> None:
    from alliance_games.analysis.sweep import parse_grid, sweep

    spec = "extended_deterrence/tying_hands"
    side = 6 if quick else 12
    axes = [parse_grid(f"audience_cost=0:4:{side}"), parse_grid(f"p_resolute=0:1:{side}")]
    n = side * side
    sweep(spec, [parse_grid("audience_cost=0:4:2")])
    times = {}
    for k in (1, 2):
        start = time.perf_counter()
        sweep(spec, axes, workers=k)
        times[k] = time.perf_counter() - start
    print(f"## workers: {spec}, {side}x{side} grid\n")
    print("| workers | speed | speed-up |\n|---|---|---|")
    for k, seconds in times.items():
        print(f"| {k} | {_rate(n, seconds)} | {times[1] / seconds:.2f}x |")
    print()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--side", type=int, default=60)
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args()
    load = os.getloadavg()
    print(f"load average {load[0]:.2f} / {load[1]:.2f} / {load[2]:.2f} "
          f"({os.cpu_count()} cores)\n")
    chicken(20 if args.quick else args.side)
    workers(args.quick)
    load = os.getloadavg()
    print(f"load average after: {load[0]:.2f} / {load[1]:.2f} / {load[2]:.2f}")


if __name__ == "__main__":
    main()
