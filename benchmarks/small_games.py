"""All extreme equilibria of small and medium two-player games (goal 1 of issue 13): our
vertex enumeration vs QuantEcon's, side by side in one process; not a test.

Run ``python benchmarks/small_games.py`` (optionally ``--repeats 21 --sizes 2 3 5``;
``--games 20`` averages 20 seeded games per row instead of one; ``--ours-only`` times our
notebook-style call alone, in a process that never imports QuantEcon or numba).
Needs quantecon (and pygambit for the count check; the ``test`` extra).

For each size ``k`` one seeded random ``k x k`` game with integer payoffs in
``[-1000, 1000]`` (nondegenerate in practice) and, up to 8x8, one with payoffs in
{0, 1} (degenerate). The calls alternate ``--repeats`` times:

* as a notebook user calls them, from the payoff arrays: ours
  ``solve(NormalFormGame.from_arrays([a, b]))`` (the default ``auto`` method: vertex
  enumeration, every equilibrium certified exactly), QuantEcon's
  ``vertex_enumeration(NormalFormGame((Player(a), Player(b.T))))``;
* both on a prebuilt game (ours ``vertex_enumeration(game)``);
* ours on the numpy path (the compiled kernel switched off), prebuilt.

We print medians, the ratios to QuantEcon (user call against user call, solve against
solve), and the number of equilibria each found. QuantEcon's is float only, after its
numba compilation (importing QuantEcon imports numba, so our compiled kernel is loaded
too: see :mod:`alliance_games.solvers.kernels.polytope_compiled`). Where pygambit's
rational ``enummixed`` finishes (up to 6x6) its count is printed as the reference: every
count of ours must equal it.
Times are CPU time of this process (``time.process_time``), not wall time: on a shared,
overloaded machine a wall-clock call of a few milliseconds is often preempted for a
whole scheduler time slice (about 10 ms), which buries the differences measured here;
CPU time is not charged for the wait. BLAS is held to one thread (``OPENBLAS_NUM_THREADS
=1``, set before numpy loads) so that CPU time is one core's work for both sides. The
machine's load average is printed.
"""

from __future__ import annotations

import argparse
import os
import statistics
import time
from collections.abc import Callable

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
os.environ.setdefault("OMP_NUM_THREADS", "1")

import numpy as np  # noqa: E402


def _games(sizes: list[int], count: int = 1) -> list[tuple[str, list[tuple[np.ndarray, ...]]]]:
    """Per row: its name and ``count`` seeded games (the first is the one-game run's)."""
    out = []
    for k in sizes:
        games = []
        for g in range(count):
            rng = np.random.default_rng([2024, k] + ([g] if g else []))
            games.append(tuple(rng.integers(-1000, 1001, size=(2, k, k))))
        out.append((f"{k}x{k}", games))
    for k in (s for s in sizes if 3 <= s <= 8):
        games = []
        for g in range(count):
            rng = np.random.default_rng([2024, k, 1] + ([g] if g else []))
            games.append(tuple(rng.integers(0, 2, size=(2, k, k))))
        out.append((f"{k}x{k} 0/1", games))
    return out


def _median(call: Callable[[], object], times: list[float]) -> object:
    start = time.process_time()
    out = call()
    times.append(time.process_time() - start)
    return out


def _gambit_count(a: np.ndarray, b: np.ndarray) -> int | None:
    try:
        import pygambit as gbt
    except ImportError:
        return None
    game = gbt.Game.from_arrays(a.astype(int).tolist(), b.astype(int).tolist())
    # distinct profiles: on degenerate games enummixed can list one twice
    return len({tuple(str(eq[p][s]) for p in game.players for s in p.strategies)
                for eq in gbt.nash.enummixed_solve(game, rational=True).equilibria})


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+",
                        default=[2, 3, 4, 5, 6, 8, 10, 12, 14])
    parser.add_argument("--repeats", type=int, default=15)
    parser.add_argument("--gambit-max", type=int, default=6)
    parser.add_argument("--games", type=int, default=1,
                        help="seeded games per row (times are then the mean of their "
                        "medians, counts the totals)")
    parser.add_argument("--ours-only", action="store_true",
                        help="time only our notebook-style call, without importing "
                        "QuantEcon (so numba is not loaded)")
    args = parser.parse_args()
    if args.ours_only:
        _ours_only(args)
        return

    import quantecon.game_theory as qe

    from alliance_games.games.normal import NormalFormGame
    from alliance_games.solvers.dispatch import solve
    from alliance_games.solvers.kernels import polytope_compiled
    from alliance_games.solvers.normal.vertex_enumeration import vertex_enumeration

    warm = qe.NormalFormGame((qe.Player(np.eye(2)), qe.Player(np.eye(2))))
    qe.vertex_enumeration(warm)  # numba compilation, not timed
    eye = np.eye(2, dtype=np.int64)  # and for the integer arrays of the games below
    qe.vertex_enumeration(qe.NormalFormGame((qe.Player(eye), qe.Player(eye))))
    solve(NormalFormGame.from_arrays([np.eye(3), np.eye(3)]))  # our kernel
    load = os.getloadavg()
    print(f"load average {load[0]:.2f} / {load[1]:.2f} / {load[2]:.2f} "
          f"({os.cpu_count()} cores); median CPU time of {args.repeats} interleaved calls; "
          f"compiled kernel loaded: {polytope_compiled.kernel() is not None}\n")
    print("| game | ours, from arrays | QuantEcon, from arrays | ratio | ours, prebuilt | "
          "QuantEcon, prebuilt | ratio | ours, numpy path | equilibria ours / QE / Gambit |")
    print("|---|---|---|---|---|---|---|---|---|")
    for name, games in _games(args.sizes, args.games):
        totals: list[list[float]] = [[] for _ in range(5)]
        counts: list[tuple[int, int, int | None]] = []
        for a, b in games:
            row = _row(qe, NormalFormGame, solve, polytope_compiled, vertex_enumeration,
                       a, b, args)
            for total, value in zip(totals, row[:5], strict=True):
                total.append(value)
            counts.append(row[5])
        user, qe_user, mine, peer, plain = (sum(t) / len(t) for t in totals)
        found = [sum(c[i] for c in counts) for i in range(2)]
        gambit = ("-" if any(c[2] is None for c in counts)
                  else sum(c[2] for c in counts))  # type: ignore[misc]
        print(f"| {name} | {user * 1e3:.2f} ms | {qe_user * 1e3:.2f} ms | "
              f"{user / qe_user:.2f}x | {mine * 1e3:.2f} ms | {peer * 1e3:.2f} ms | "
              f"{mine / peer:.2f}x | {plain * 1e3:.2f} ms | {found[0]} / {found[1]} / "
              f"{gambit} |")


def _ours_only(args: argparse.Namespace) -> None:
    """Our notebook-style call alone, in a process without numba (as in a session that
    never imported QuantEcon): the compiled kernel is not loaded, the numpy path runs."""
    import sys

    from alliance_games.games.normal import NormalFormGame
    from alliance_games.solvers.dispatch import solve

    solve(NormalFormGame.from_arrays([np.eye(3), np.eye(3)]))
    load = os.getloadavg()
    print(f"load average {load[0]:.2f} / {load[1]:.2f} / {load[2]:.2f}; median CPU time of "
          f"{args.repeats} calls; numba loaded: {'numba' in sys.modules}\n")
    print("| game | ours, from arrays (no numba) | equilibria |")
    print("|---|---|---|")
    for name, games in _games(args.sizes, args.games):
        means: list[float] = []
        found = 0
        for a, b in games:
            k = a.shape[0]
            times: list[float] = []
            repeats = args.repeats if k <= 10 else max(3, args.repeats // 3)
            for _ in range(repeats):
                result = _median(lambda a=a, b=b: solve(NormalFormGame.from_arrays([a, b])),
                                 times)
            means.append(statistics.median(times))
            found += len(result.equilibria)  # type: ignore[attr-defined]
        print(f"| {name} | {sum(means) / len(means) * 1e3:.2f} ms | {found} |")
    # past PAYBACK CPU seconds of numpy vertex enumeration the kernel loads numba
    # (ALLIANCE_GAMES_NO_NUMBA=1 keeps it out)
    print(f"\nnumba loaded at the end: {'numba' in sys.modules}")


def _row(qe, normal_form_game, solve, polytope_compiled,  # noqa: ANN001, ANN202, PLR0913
         vertex_enumeration, a: np.ndarray, b: np.ndarray, args: argparse.Namespace):
    """One game: medians of ours and QuantEcon's from arrays, both prebuilt, ours on
    numpy; counts."""
    qg = qe.NormalFormGame((qe.Player(a), qe.Player(b.T)))
    game = normal_form_game.from_arrays([a, b])
    times: list[list[float]] = [[] for _ in range(5)]
    k = a.shape[0]
    repeats = args.repeats if k <= 10 else max(3, args.repeats // 3)
    for _ in range(repeats):
        ours = _median(lambda: solve(normal_form_game.from_arrays([a, b])), times[0])
        _median(lambda: qe.vertex_enumeration(qe.NormalFormGame((qe.Player(a),
                                                                 qe.Player(b.T)))), times[1])
        _median(lambda: vertex_enumeration(game), times[2])
        theirs = _median(lambda: qe.vertex_enumeration(qg), times[3])
        polytope_compiled.MODE = False
        try:
            _median(lambda: vertex_enumeration(game), times[4])
        finally:
            polytope_compiled.MODE = None
    gambit = _gambit_count(a, b) if k <= args.gambit_max else None
    return (*(statistics.median(t) for t in times),
            (len(ours.equilibria), len(theirs), gambit))  # type: ignore[attr-defined]


if __name__ == "__main__":
    main()
