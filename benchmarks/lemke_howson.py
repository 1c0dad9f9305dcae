"""One equilibrium of a large bimatrix game: our Lemke–Howson vs QuantEcon and Gambit.

Run ``python benchmarks/lemke_howson.py`` (optionally ``--sizes 50 100 200 --seeds 5``).
Not a test: nothing here is asserted. Needs quantecon and pygambit (the ``test`` extra).

For each size ``k`` and seed: a random ``k x k`` game with integer payoffs in
``[0, 1000]``; every method starts from label 0 (QuantEcon's ``init_pivot=0``; Gambit's
``lcp_solve`` picks its own start). Each game is solved ``--repeats`` times by ours and
by QuantEcon, interleaved call by call, and the median CPU time (``time.process_time``: a
process preempted by the machine's other jobs is not charged for the wait) is kept. Ours
is timed twice per repeat: on the same game object (``ours``: its data warm in the CPU
caches; the compiled path keeps no per-game state, the numpy path caches its start
tables and integer rows per game) and on a freshly built
copy (``cold``: every per-game cost paid, timed right after QuantEcon's last call, so
our code and data come back into the caches; the build, ``build`` in the table, is not
in ``cold``: an integer game is held as int64 arrays, its Fractions built only if
asked for). QuantEcon is timed the same two
ways: on its game object (``QE``) and right after one of our games is built
(``QE*``: the build, untimed, before its call). ``arrays`` is the whole way from the
two integer arrays to a certified equilibrium: our build plus the cold call, against
QuantEcon's ``NormalFormGame((Player(A), Player(B^T)))`` plus its call (``QE arr``),
timed in one piece each. The table shows the median over the seeds,
the median number of pivots (ours and QuantEcon's follow the same path, so their counts
must agree) and the ratios of the times.
Ours includes the exact certification of the result (re-solving the supports'
indifference systems in integers); QuantEcon's is float only; Gambit's
``lcp_solve(rational=False)`` is float only (one call, wall time). Both numba kernels
(QuantEcon's and ours, when numba is installed) are compiled or loaded from their cache
before timing; ``--no-numba`` times our numpy path instead, and the first line printed
is our first call's cost in this process (the load of our kernels from numba's cache;
numba itself is imported by QuantEcon's warm-up before it).
"""

from __future__ import annotations

import argparse
import os
import statistics
import time

import numpy as np


def _cpu(call, repeats: int) -> tuple[float, object]:
    times, out = [], None
    for _ in range(repeats):
        start = time.process_time()
        out = call()
        times.append(time.process_time() - start)
    return statistics.median(times), out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[50, 100, 200, 300, 500])
    parser.add_argument("--seeds", type=int, default=3)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--gambit-cap", type=int, default=100,
                        help="largest size given to Gambit's lcp_solve")
    parser.add_argument("--no-numba", action="store_true",
                        help="time our pure numpy path (ALLIANCE_GAMES_NO_NUMBA=1)")
    args = parser.parse_args()
    if args.no_numba:
        os.environ["ALLIANCE_GAMES_NO_NUMBA"] = "1"

    import pygambit as gbt
    import quantecon.game_theory as qe

    from alliance_games.games.normal import NormalFormGame
    from alliance_games.solvers.normal.lemke_howson import lemke_howson

    warm = qe.NormalFormGame((qe.Player(np.eye(3)), qe.Player(np.eye(3))))
    qe.lemke_howson(warm, init_pivot=0)  # numba compilation, not timed
    ints = np.eye(3, dtype=np.int64)  # and its specialisation for integer payoff arrays
    qe.lemke_howson(qe.NormalFormGame((qe.Player(ints), qe.Player(ints))), init_pivot=0)
    rng = np.random.default_rng(0)
    first = NormalFormGame.from_arrays(list(rng.integers(0, 1001, size=(2, 40, 40))))
    start = time.perf_counter()
    lemke_howson(first, label=0)
    print(f"our first call (40x40, numba import and kernel load if used): "
          f"{time.perf_counter() - start:.2f} s wall; load average {os.getloadavg()[0]:.1f}")

    print(f"{'size':>6} {'ours ms':>9} {'cold ms':>9} {'build ms':>9} {'pivots':>7} "
          f"{'QE ms':>9} {'QE* ms':>9} {'QE piv':>7} {'Gambit ms':>9} {'ours/QE':>8} "
          f"{'cold/QE':>8} {'cold/QE*':>9} {'arrays/QE arr':>14} {'Gambit/ours':>12}")
    for k in args.sizes:
        ours, cold, qes, qes_cold, gbs, piv, qpiv = [], [], [], [], [], [], []
        builds, whole, qe_whole = [], [], []
        for seed in range(args.seeds):
            rng = np.random.default_rng([k, seed])
            a, b = rng.integers(0, 1001, size=(2, k, k))
            game = NormalFormGame.from_arrays([a, b])
            qg = qe.NormalFormGame((qe.Player(a.astype(float)), qe.Player(b.T.astype(float))))
            t_ours, t_cold, t_qe, t_qe_cold = [], [], [], []
            t_build, t_whole, t_qe_whole = [], [], []
            res = info = None
            for _ in range(args.repeats):  # interleaved: cold, warm, QuantEcon
                t, fresh = _cpu(lambda a=a, b=b: NormalFormGame.from_arrays([a, b]), 1)
                t_build.append(t)  # per-game caches empty
                t, _ = _cpu(lambda fresh=fresh: lemke_howson(fresh, label=0), 1)
                t_cold.append(t)
                t, res = _cpu(lambda game=game: lemke_howson(game, label=0), 1)
                t_ours.append(t)
                t, (_, info) = _cpu(lambda qg=qg: qe.lemke_howson(qg, init_pivot=0,
                                                                  full_output=True), 1)
                t_qe.append(t)
                NormalFormGame.from_arrays([a, b])  # pollute the caches as ``cold`` does
                t, _ = _cpu(lambda qg=qg: qe.lemke_howson(qg, init_pivot=0), 1)
                t_qe_cold.append(t)
                t, _ = _cpu(lambda a=a, b=b: lemke_howson(
                    NormalFormGame.from_arrays([a, b]), label=0), 1)
                t_whole.append(t)
                t, _ = _cpu(lambda a=a, b=b: qe.lemke_howson(qe.NormalFormGame(
                    (qe.Player(a), qe.Player(b.T))), init_pivot=0), 1)
                t_qe_whole.append(t)
            builds.append(statistics.median(t_build))
            whole.append(statistics.median(t_whole))
            qe_whole.append(statistics.median(t_qe_whole))
            ours.append(statistics.median(t_ours))
            cold.append(statistics.median(t_cold))
            qes.append(statistics.median(t_qe))
            qes_cold.append(statistics.median(t_qe_cold))
            piv.append(res.extra["pivots"])
            qpiv.append(info.num_iter)
            if k <= args.gambit_cap:
                gg = gbt.Game.from_arrays(a.astype(object), b.astype(object))
                start = time.perf_counter()
                gbt.nash.lcp_solve(gg, rational=False, stop_after=1)
                gbs.append(time.perf_counter() - start)
        mo, mc, mq = statistics.median(ours), statistics.median(cold), statistics.median(qes)
        mqc = statistics.median(qes_cold)
        mg = statistics.median(gbs) if gbs else float("nan")
        mb, mw, mqw = (statistics.median(v) for v in (builds, whole, qe_whole))
        print(f"{k:>6} {1e3 * mo:>9.3f} {1e3 * mc:>9.3f} {1e3 * mb:>9.3f} "
              f"{statistics.median(piv):>7.0f} "
              f"{1e3 * mq:>9.3f} {1e3 * mqc:>9.3f} {statistics.median(qpiv):>7.0f} "
              f"{1e3 * mg:>9.3f} {mo / mq:>8.2f} {mc / mq:>8.2f} {mc / mqc:>9.2f} "
              f"{mw / mqw:>14.2f} {mg / mo:>12.2f}", flush=True)
    print(f"load average at the end {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
