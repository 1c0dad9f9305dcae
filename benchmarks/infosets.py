"""`spe` and `pbe` on trees with information sets of growing size (not a test).

Run ``python benchmarks/infosets.py`` (options: ``--cap 60`` seconds per call,
``--seeds 2``, ``--families signaling crisis random``). Needs pygambit for the peer
column (the ``test`` extra); without it only our times print.

Seeded games (exact integer payoffs in [-9, 9]):

* ``signaling k``: :func:`alliance_games.games.random_signaling.random_signaling_game`,
  k types x k messages x k responses (``k^3`` leaves; no proper subgame);
* ``crisis k``: :func:`alliance_games.games.random_signaling.random_crisis_game`,
  k types x k messages x k responses, then a second move of the sender (3 actions) and a
  reply of the uninformed receiver (3): ``9 k^3`` leaves (576 for k = 4);
* ``random n``: :func:`alliance_games.games.random_extensive.random_extensive_game`
  with a chance root, 30 % chance nodes, information sets of up to 4 nodes, about ``n``
  leaves (many proper subgames).

For each game we time, in a child process stopped after ``--cap`` seconds, our
``spe`` (``solve_extensive(game, "spe")``) and ``pbe`` (``solve_pbe(game)``) in CPU
seconds (``time.process_time`` of the child), with the number of equilibria and whether
the list is complete; every equilibrium they return is verified by the solver itself
(regret 0 on the tree; each PBE assessment by the PBE test). The peer is pygambit's
``lcp_solve(game, rational=False, use_strategic=False)`` (sequence-form Lemke, all
equilibria it reaches; Gambit has no SPE or PBE solver for trees with information
sets), on the same tree, capped the same way. Calls are interleaved per game and the
load average is printed with every row (2 shared cores: compare ratios within a run).
"""

from __future__ import annotations

import argparse
import io
import multiprocessing as mp
import os
import time
from typing import Any

import numpy as np

from alliance_games.games.random_extensive import random_extensive_game
from alliance_games.games.random_signaling import random_crisis_game, random_signaling_game
from alliance_games.interop.efg import write_efg

FAMILIES = {
    "signaling": [2, 3, 4, 5, 8],
    "crisis": [2, 3, 4],
    "random": [64, 128, 256, 512],
}


def make_game(family: str, size: int, seed: int) -> Any:
    if family == "signaling":
        return random_signaling_game(np.random.default_rng([seed, size]), size, size, size)
    if family == "crisis":
        return random_crisis_game(np.random.default_rng([seed, size]), size, size, size, 3, 3)
    return random_extensive_game(np.random.default_rng([seed, size]), leaves=size, chance=0.3,
                                 max_infoset=4, chance_root=True, name=f"random {size}")


def _ours_child(family: str, size: int, seed: int, method: str, queue: mp.Queue) -> None:
    from alliance_games.solvers.signaling.pbe import solve_pbe
    from alliance_games.solvers.tree.methods import solve_extensive

    game = make_game(family, size, seed)
    start = time.process_time()
    try:
        if method == "spe":
            result = solve_extensive(game, "spe")
        else:
            result = solve_pbe(game)
    except Exception as exc:  # reported in the table
        queue.put((None, type(exc).__name__, None))
        return
    queue.put((time.process_time() - start, len(result.equilibria), result.complete))


def _gambit_child(text: str, queue: mp.Queue) -> None:
    import pygambit as gbt

    game = gbt.read_efg(io.StringIO(text))
    start = time.process_time()
    try:
        result = gbt.nash.lcp_solve(game, rational=False, use_strategic=False)
    except Exception as exc:
        queue.put((None, type(exc).__name__, None))
        return
    queue.put((time.process_time() - start, len(result.equilibria), None))


def _run(target: Any, args: tuple, cap: float) -> tuple[float | None, Any, Any]:
    """(CPU seconds, count, complete) of a child process, or None past ``cap`` wall s."""
    ctx = mp.get_context("fork")
    queue: mp.Queue = ctx.Queue()
    proc = ctx.Process(target=target, args=(*args, queue))
    proc.start()
    proc.join(cap)
    if proc.is_alive():
        proc.kill()
        proc.join()
        return None, "cap", None
    if queue.empty():
        return None, "died", None
    return queue.get()


def _fmt(t: float | None, cap: float) -> str:
    return f">{cap:g}" if t is None else f"{t:.3f}"


def _load() -> str:
    return " ".join(f"{x:.1f}" for x in os.getloadavg())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--cap", type=float, default=60.0)
    parser.add_argument("--seeds", type=int, default=2)
    parser.add_argument("--families", nargs="*", default=list(FAMILIES))
    parser.add_argument("--sizes", type=int, nargs="*", default=None,
                        help="override the sizes of every family")
    args = parser.parse_args()
    try:
        import pygambit  # noqa: F401

        have_gambit = True
    except ImportError:
        have_gambit = False
        print("pygambit is not installed: only our times are shown")
    print(f"load average at start: {_load()}")
    print(f"{'game':>13} {'seed':>4} {'leaves':>6} {'sets':>5} | {'spe s':>8} {'#':>3} "
          f"{'cmpl':>5} | {'pbe s':>8} {'#':>3} {'cmpl':>5} | {'gambit lcp s':>12} {'#':>4} "
          f"| load")
    for family in args.families:
        gambit_over = False
        for size in args.sizes or FAMILIES[family]:
            for seed in range(args.seeds):
                game = make_game(family, size, seed)
                row = [f"{family} {size}", f"{seed}", f"{len(game.terminals)}",
                       f"{len(game.infosets)}"]
                spe = _run(_ours_child, (family, size, seed, "spe"), args.cap)
                pbe = _run(_ours_child, (family, size, seed, "pbe"), args.cap)
                if have_gambit and not gambit_over:
                    text = write_efg(game)
                    gam = _run(_gambit_child, (text,), args.cap)
                    gambit_over = gam[0] is None
                else:
                    gam = (None, "-", None)
                print(f"{row[0]:>13} {row[1]:>4} {row[2]:>6} {row[3]:>5} | "
                      f"{_fmt(spe[0], args.cap):>8} {spe[1]!s:>3} {spe[2]!s:>5} | "
                      f"{_fmt(pbe[0], args.cap):>8} {pbe[1]!s:>3} {pbe[2]!s:>5} | "
                      f"{_fmt(gam[0], args.cap):>12} {gam[1]!s:>4} | {_load()}",
                      flush=True)


if __name__ == "__main__":
    main()
