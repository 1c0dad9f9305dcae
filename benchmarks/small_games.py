"""All extreme equilibria of small and medium two-player games (goal 1 of issue 13): our
vertex enumeration vs QuantEcon's, side by side in one process; not a test.

Run ``python benchmarks/small_games.py`` (optionally ``--repeats 21 --sizes 2 3 5``;
``--games 20`` averages 20 seeded games per row instead of one).
Needs quantecon (and pygambit for the count check; the ``test`` extra).

For each size ``k`` one seeded random ``k x k`` game with integer payoffs in
``[-1000, 1000]`` (nondegenerate in practice) and, up to 8x8, one with payoffs in
{0, 1} (degenerate). The calls alternate ``--repeats`` times: ours on a prebuilt
:class:`NormalFormGame` (as QuantEcon's is timed on its prebuilt game), QuantEcon's,
ours including building the game from the arrays, and ours on the numpy path (the
compiled kernel switched off: what a process that has not imported numba runs); we
print medians, the ratio to QuantEcon (solve against solve), and the number of
equilibria each found. Ours includes the exact certification of every equilibrium
(the payoffs are integers); QuantEcon's is float only, after its numba compilation
(importing QuantEcon imports numba, so our compiled kernel is loaded too: see
:mod:`alliance_games.solvers.kernels.polytope_compiled`). Where pygambit's rational
``enummixed`` finishes (up to 6x6) its count is printed as the reference: every count
of ours must equal it.
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
    args = parser.parse_args()

    import quantecon.game_theory as qe

    from alliance_games.games.normal import NormalFormGame
    from alliance_games.solvers.kernels import polytope_compiled
    from alliance_games.solvers.normal.vertex_enumeration import vertex_enumeration

    warm = qe.NormalFormGame((qe.Player(np.eye(2)), qe.Player(np.eye(2))))
    qe.vertex_enumeration(warm)  # numba compilation, not timed
    vertex_enumeration(NormalFormGame.from_arrays([np.eye(3), np.eye(3)]))  # our kernel
    load = os.getloadavg()
    print(f"load average {load[0]:.2f} / {load[1]:.2f} / {load[2]:.2f} "
          f"({os.cpu_count()} cores); median CPU time of {args.repeats} interleaved calls; "
          f"compiled kernel loaded: {polytope_compiled.kernel() is not None}\n")
    print("| game | ours | QuantEcon VE | ours / QE | ours + building the game | "
          "ours, numpy path | equilibria ours / QE / Gambit |")
    print("|---|---|---|---|---|---|---|")
    for name, games in _games(args.sizes, args.games):
        ours_t: list[float] = []
        qe_t: list[float] = []
        built_t: list[float] = []
        numpy_t: list[float] = []
        counts: list[tuple[int, int, int | None]] = []
        for a, b in games:
            row = _row(qe, NormalFormGame, polytope_compiled, vertex_enumeration, a, b, args)
            for total, value in zip((ours_t, qe_t, built_t, numpy_t), row[:4], strict=True):
                total.append(value)
            counts.append(row[4])
        mine, peer, built, plain = (sum(t) / len(t) for t in (ours_t, qe_t, built_t, numpy_t))
        found = [sum(c[i] for c in counts) for i in range(2)]
        gambit = ("-" if any(c[2] is None for c in counts)
                  else sum(c[2] for c in counts))  # type: ignore[misc]
        print(f"| {name} | {mine * 1e3:.2f} ms | {peer * 1e3:.2f} ms | {mine / peer:.1f}x | "
              f"{built * 1e3:.2f} ms | {plain * 1e3:.2f} ms | {found[0]} / {found[1]} / "
              f"{gambit} |")


def _row(qe, normal_form_game, polytope_compiled, vertex_enumeration,  # noqa: ANN001, ANN202
         a: np.ndarray, b: np.ndarray, args: argparse.Namespace):
    """One game: medians of ours, QuantEcon, ours with building, ours on numpy; counts."""
    qg = qe.NormalFormGame((qe.Player(a.astype(float)), qe.Player(b.T.astype(float))))
    game = normal_form_game.from_arrays([a, b])
    ours_t: list[float] = []
    qe_t: list[float] = []
    built_t: list[float] = []
    numpy_t: list[float] = []
    k = a.shape[0]
    repeats = args.repeats if k <= 10 else max(3, args.repeats // 3)
    for _ in range(repeats):
        ours = _median(lambda: vertex_enumeration(game), ours_t)
        theirs = _median(lambda: qe.vertex_enumeration(qg), qe_t)
        _median(lambda: vertex_enumeration(normal_form_game.from_arrays([a, b])), built_t)
        polytope_compiled.MODE = False
        try:
            _median(lambda: vertex_enumeration(game), numpy_t)
        finally:
            polytope_compiled.MODE = None
    gambit = _gambit_count(a, b) if k <= args.gambit_max else None
    return (statistics.median(ours_t), statistics.median(qe_t), statistics.median(built_t),
            statistics.median(numpy_t),
            (len(ours.equilibria), len(theirs), gambit))  # type: ignore[attr-defined]

if __name__ == "__main__":
    main()
