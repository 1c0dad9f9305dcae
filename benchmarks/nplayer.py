"""n-player games: our methods vs pygambit's enumpoly / gnm / ipa on the same seeded games.

Random games with integer payoffs in [-1000, 1000] (seeded), shapes 3x3x3, 2x2x2x2,
2x2x2x2x2 and 3x3x3x3. For each: wall time of our ``support-enumeration`` (all
equilibria, with its ``complete`` flag) and ``support-search`` (one equilibrium), and of
pygambit's ``enumpoly`` (all), ``gnm`` and ``ipa`` (one); the counts of equilibria each
finds (enumpoly's profiles are regret-checked and matched against ours), and the machine
load. Prints a markdown table.

Run: ``PYTHONPATH=. python benchmarks/nplayer.py [--seeds 3] [--timeout 60]``.
"""

from __future__ import annotations

import argparse
import os
import statistics
import time
from functools import partial

import numpy as np
import pygambit as gbt

from alliance_games.equilibrium import regret
from alliance_games.games.normal import NormalFormGame
from alliance_games.solvers.nplayer.search import support_search
from alliance_games.solvers.nplayer.supports import nplayer_support_enumeration

SHAPES = [(3, 3, 3), (2, 2, 2, 2), (2, 2, 2, 2, 2), (3, 3, 3, 3)]


def _timed(fn):  # type: ignore[no-untyped-def]
    start = time.perf_counter()
    out = fn()
    return time.perf_counter() - start, out


def _profiles(result, gg):  # type: ignore[no-untyped-def]
    return [[[float(eq[s]) for s in p.strategies] for p in gg.players]
            for eq in result.equilibria]


def _matches(theirs, ours, tol=1e-6):  # type: ignore[no-untyped-def]
    return sum(
        any(all(np.allclose(a, b, atol=tol) for a, b in zip(t, o, strict=True)) for o in ours)
        for t in theirs
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seeds", type=int, default=3)
    parser.add_argument("--timeout", type=float, default=60.0)
    args = parser.parse_args()
    print(f"load average before: {os.getloadavg()}")
    print("| game | seed | ours all NE (s) | complete | ours # | enumpoly (s) | enumpoly # "
          "(regret ok, among ours) | ratio ours/enumpoly | support-search (s) | gnm (s) | "
          "ipa (s) | ratio search/gnm |")
    print("|---|---|---|---|---|---|---|---|---|---|---|---|")
    for shape in SHAPES:
        ratios = []
        for seed in range(1, args.seeds + 1):
            rng = np.random.default_rng(seed)
            u = rng.integers(-1000, 1001, size=(len(shape), *shape))
            game = NormalFormGame.from_payoff_array(u)
            gg = gbt.Game.from_arrays(*[np.array(u[i], dtype=float) for i in range(len(shape))])
            t_ours, ours = _timed(partial(nplayer_support_enumeration, game,
                                          timeout=args.timeout))
            t_search, _ = _timed(partial(support_search, game))
            t_poly, poly = _timed(partial(gbt.nash.enumpoly_solve, gg))
            t_gnm, _ = _timed(partial(gbt.nash.gnm_solve, gg))
            t_ipa, _ = _timed(partial(gbt.nash.ipa_solve, gg))
            theirs = _profiles(poly, gg)
            good = [p for p in theirs if regret(game, p) < 1e-6 * 1000]
            mine = [[[float(x) for x in row] for row in eq.profile()] for eq in ours.equilibria]
            ratios.append(t_ours / t_poly)
            name = "x".join(map(str, shape))
            print(f"| {name} | {seed} | {t_ours:.3f} | {ours.complete} | {len(mine)} | "
                  f"{t_poly:.3f} | {len(theirs)} ({len(good)}, {_matches(good, mine)}) | "
                  f"{t_ours / t_poly:.1f} | {t_search:.4f} | {t_gnm:.4f} | {t_ipa:.4f} | "
                  f"{t_search / t_gnm:.2f} |", flush=True)
        print(f"| {'x'.join(map(str, shape))} | median ratio ours/enumpoly | "
              f"{statistics.median(ratios):.1f} | | | | | | | | | |", flush=True)
    print(f"load average after: {os.getloadavg()}")


if __name__ == "__main__":
    main()
