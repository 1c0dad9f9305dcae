"""One equilibrium of a large bimatrix game: our Lemke–Howson vs QuantEcon and Gambit.

Run ``python benchmarks/lemke_howson.py`` (optionally ``--sizes 50 100 200 --seeds 5``).
Not a test: nothing here is asserted. Needs quantecon and pygambit (the ``test`` extra).

For each size ``k`` and seed: a random ``k x k`` game with integer payoffs in
``[0, 1000]``; every method starts from label 0 (QuantEcon's ``init_pivot=0``; Gambit's
``lcp_solve`` picks its own start). We print the median wall time over the seeds, the
median number of pivots (ours and QuantEcon's follow the same path, so their counts must
agree), and the ratio of each peer's time to ours. Ours includes the exact certification
of the result (re-solving the supports' indifference systems in integers); QuantEcon's is
float only; Gambit's ``lcp_solve(rational=False)`` is float only. QuantEcon's numba
compilation is done once before timing.
"""

from __future__ import annotations

import argparse
import statistics
import time

import numpy as np


def _time(call) -> tuple[float, object]:
    start = time.perf_counter()
    out = call()
    return time.perf_counter() - start, out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[50, 100, 200])
    parser.add_argument("--seeds", type=int, default=3)
    parser.add_argument("--gambit-cap", type=int, default=100,
                        help="largest size given to Gambit's lcp_solve")
    args = parser.parse_args()

    import pygambit as gbt
    import quantecon.game_theory as qe

    from alliance_games.games.normal import NormalFormGame
    from alliance_games.solvers.normal.lemke_howson import lemke_howson

    warm = qe.NormalFormGame((qe.Player(np.eye(3)), qe.Player(np.eye(3))))
    qe.lemke_howson(warm, init_pivot=0)  # numba compilation, not timed

    print(f"{'size':>6} {'ours s':>9} {'pivots':>7} {'QE s':>9} {'QE piv':>7} "
          f"{'Gambit s':>9} {'QE/ours':>8} {'Gambit/ours':>12}")
    for k in args.sizes:
        ours, qes, gbs, piv, qpiv = [], [], [], [], []
        for seed in range(args.seeds):
            rng = np.random.default_rng([k, seed])
            a, b = rng.integers(0, 1001, size=(2, k, k))
            game = NormalFormGame.from_arrays([a, b])
            t, res = _time(lambda game=game: lemke_howson(game, label=0))
            ours.append(t)
            piv.append(res.extra["pivots"])
            qg = qe.NormalFormGame((qe.Player(a.astype(float)), qe.Player(b.T.astype(float))))
            t, (_, info) = _time(lambda qg=qg: qe.lemke_howson(qg, init_pivot=0,
                                                               full_output=True))
            qes.append(t)
            qpiv.append(info.num_iter)
            if k <= args.gambit_cap:
                gg = gbt.Game.from_arrays(a.astype(object), b.astype(object))
                t, _ = _time(lambda gg=gg: gbt.nash.lcp_solve(gg, rational=False,
                                                              stop_after=1))
                gbs.append(t)
        mo, mq = statistics.median(ours), statistics.median(qes)
        mg = statistics.median(gbs) if gbs else float("nan")
        print(f"{k:>6} {mo:>9.4f} {statistics.median(piv):>7.0f} {mq:>9.4f} "
              f"{statistics.median(qpiv):>7.0f} {mg:>9.4f} {mq / mo:>8.2f} {mg / mo:>12.2f}")


if __name__ == "__main__":
    main()
