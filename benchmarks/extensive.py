"""Sequence-form Lemke on random 2-player trees: alliance_games vs pygambit (not a test).

Run ``python benchmarks/extensive.py`` (options: ``--sizes 32 64 ... 10000``, ``--cap 60``,
``--seeds 2``). Needs pygambit (the ``test`` extra); without it only our times print.

The trees are seeded random 2-player games with chance moves (30 % of inner nodes) and
information sets of up to 4 nodes, built by
:func:`alliance_games.games.random_extensive.random_extensive_game` with a chance move at
the root (as in games of incomplete information) and integer payoffs in [-9, 9]; sizes
are numbers of terminal nodes. For each tree we time

* ours: :func:`alliance_games.solvers.tree.sequence_lcp.sequence_form_lemke` in float mode,
  then the found profile's regret is computed on the tree (it must be ~0);
* pygambit: ``gbt.nash.lcp_solve(game, rational=False, use_strategic=False)``, Gambit's
  sequence-form Lemke (``stop_after`` is not available on trees, so Gambit follows the
  Lemke paths to every equilibrium it can reach), in a child process stopped after
  ``--cap`` seconds (reported as ``>cap``); once pygambit exceeds the cap it is not run
  on larger trees.

Building the game objects and reading the ``.efg`` text are not timed. The last column
divides pygambit's time by ours (a lower bound when pygambit hit the cap).

A second table (``--spe-nodes 10000 100000 1000000``; ``--spe-nodes`` with no sizes
skips it) times subgame perfection on random perfect-information trees built by
:func:`alliance_games.games.random_extensive.random_perfect_information_game` (10 %
chance nodes, payoffs in [-9, 9], so ties occur): building the tree, the backward
induction pass (``backward_induction``, up to 10 equilibria listed), the verification of
each listed equilibrium (``make_behavior_equilibrium``) and the whole ``spe`` method on a
fresh copy of the tree (backward induction plus the verification of every listed
equilibrium; it lists up to ``max(10, 200000 // nodes)``), in CPU seconds
(``time.process_time``, less sensitive to the machine's load than wall-clock time).
pygambit has no backward-induction solver, so there is no peer column. Both tables print
the machine's load average (2 cores shared with other work inflate the times).
"""

from __future__ import annotations

import argparse
import io
import multiprocessing as mp
import os
import time

import numpy as np

from alliance_games.games.random_extensive import (
    random_extensive_game,
    random_perfect_information_game,
)
from alliance_games.interop.efg import write_efg
from alliance_games.solvers.tree.backward_induction import backward_induction
from alliance_games.solvers.tree.behavior import (
    complete_behavior,
    make_behavior_equilibrium,
    player_regrets,
)
from alliance_games.solvers.tree.methods import solve_extensive
from alliance_games.solvers.tree.sequence_lcp import lemke_behavior, sequence_form_lemke

SIZES = [32, 64, 128, 256, 512, 1024, 2048, 4096, 8192, 16_384]
SPE_NODES = [10_000, 100_000, 1_000_000]


def make_tree(leaves: int, seed: int):
    rng = np.random.default_rng([seed, leaves])
    return random_extensive_game(rng, leaves=leaves, chance=0.3, max_infoset=4,
                                 chance_root=True, name=f"bench {leaves}/{seed}")


def time_ours(game) -> tuple[float, int, float]:
    start = time.process_time()
    result = sequence_form_lemke(game)
    elapsed = time.process_time() - start
    table = complete_behavior(game, lemke_behavior(game, result))
    regrets, _ = player_regrets(game, table)
    return elapsed, result.pivots, max(regrets)


def _gambit_child(text: str, queue: mp.Queue) -> None:
    import pygambit as gbt

    game = gbt.read_efg(io.StringIO(text))
    start = time.process_time()
    try:
        result = gbt.nash.lcp_solve(game, rational=False, use_strategic=False)
    except Exception as exc:  # reported by the parent
        queue.put((None, repr(exc)))
        return
    queue.put((time.process_time() - start, len(result.equilibria)))


def time_gambit(text: str, cap: float) -> float | None:
    """pygambit's time, or None when it did not finish within ``cap`` seconds."""
    ctx = mp.get_context("fork")
    queue: mp.Queue = ctx.Queue()
    proc = ctx.Process(target=_gambit_child, args=(text, queue))
    proc.start()
    proc.join(cap + 30.0)  # reading the file is not timed: allow some slack
    if proc.is_alive():
        proc.kill()
        proc.join()
        return None
    if queue.empty():
        return None
    elapsed, info = queue.get()
    if elapsed is None:
        raise RuntimeError(f"pygambit failed: {info}")
    return elapsed if elapsed <= cap else None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="*", default=SIZES)
    parser.add_argument("--cap", type=float, default=60.0)
    parser.add_argument("--seeds", type=int, default=1)
    parser.add_argument("--spe-nodes", type=int, nargs="*", default=SPE_NODES)
    args = parser.parse_args()
    print(f"load average at start: {_load()}")
    try:
        import pygambit  # noqa: F401

        have_gambit = True
    except ImportError:
        have_gambit = False
        print("pygambit is not installed: only our times are shown")
    print(f"{'leaves':>7} {'seed':>4} {'nodes':>6} {'seqs':>11} {'ours s':>8} {'pivots':>7} "
          f"{'regret':>8} {'pygambit s':>11} {'ratio':>8}")
    gambit_gave_up = not have_gambit
    for leaves in args.sizes:
        for seed in range(args.seeds):
            game = make_tree(leaves, seed)
            seqs = "/".join(str(len(s)) for s in game.sequences)
            ours, pivots, regret = time_ours(game)
            theirs: float | None = None
            shown = "not run"
            if not gambit_gave_up:
                theirs = time_gambit(write_efg(game), args.cap)
                if theirs is None:
                    shown = f">{args.cap:g}"
                    gambit_gave_up = True
                else:
                    shown = f"{theirs:.3f}"
            if theirs is not None:
                ratio = f"{theirs / ours:.1f}x"
            elif shown.startswith(">"):
                ratio = f">{args.cap / ours:.1f}x"
            else:
                ratio = "-"
            print(f"{leaves:>7} {seed:>4} {len(game.nodes):>6} {seqs:>11} {ours:>8.3f} "
                  f"{pivots:>7} {regret:>8.1e} {shown:>11} {ratio:>8}  load {_load()}",
                  flush=True)
    if args.spe_nodes:
        spe_table(args.spe_nodes)


def _load() -> str:
    return "/".join(f"{x:.1f}" for x in os.getloadavg())


def spe_table(sizes: list[int]) -> None:
    """Build, backward induction, verification and the whole ``spe`` method on
    perfect-information trees (CPU seconds: ``time.process_time``)."""
    print()
    print("CPU seconds (time.process_time); 'verify' checks every listed equilibrium with "
          "make_behavior_equilibrium; 'spe' is the whole method (its own backward "
          "induction, tables, verification, result); 'total' = build + spe")
    print(f"{'nodes':>9} {'build s':>8} {'BI s':>7} {'listed':>6} {'ties':>6} "
          f"{'verify s':>8} {'spe s':>7} {'total s':>7} {'spe eq':>6}  load")
    for n in sizes:
        start = time.process_time()
        game = random_perfect_information_game(1, nodes=n, chance=0.1, payoff_range=9)
        built = time.process_time() - start
        start = time.process_time()
        bi = backward_induction(game, max_solutions=10)
        bi_s = time.process_time() - start
        start = time.process_time()
        for choice in bi.choices:
            table = [tuple(1.0 if j == a else 0.0 for j in range(len(game.infosets[h].actions)))
                     for h, a in enumerate(choice)]
            make_behavior_equilibrium(game, table, concept="subgame perfect")
        verify_s = time.process_time() - start
        del game
        game = random_perfect_information_game(1, nodes=n, chance=0.1, payoff_range=9)
        start = time.process_time()
        result = solve_extensive(game, "spe")
        spe_s = time.process_time() - start
        print(f"{len(game.nodes):>9} {built:>8.2f} {bi_s:>7.2f} {len(bi.choices):>6} "
              f"{len(bi.ties):>6} {verify_s:>8.2f} {spe_s:>7.2f} {built + spe_s:>7.2f} "
              f"{len(result.equilibria):>6}  {_load()}", flush=True)


if __name__ == "__main__":
    main()
