"""Side-by-side timing of two-player equilibrium enumeration (not a test).

Run ``python benchmarks/bimatrix.py`` (optionally ``--repeats 5 --cap 20``). Needs
nashpy, quantecon and pygambit (the ``test`` extra); a missing library is reported as
"not installed".

Seeded random games (integer payoffs in [-1000, 1000], so ties are rare) of sizes 5x5,
8x8, 10x10 and 12x12, plus two degenerate ones (payoffs in {0, 1}, 5x5 and 8x8). For
each game and method we report the median wall time of ``--repeats`` calls and how many
equilibria the method returned; the last table divides each time by that of our float
vertex enumeration. Each (method, game) runs in a child process; its timed calls are
stopped after ``--cap`` seconds ("skipped (>Ns)"), and a method skipped on a game is not
tried on larger games of the same family. Setup (imports, building the game, QuantEcon's
numba compilation) is not timed and has its own generous limit. Our methods always
certify equilibria exactly when payoffs are rational.
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import statistics
import time
import warnings
from collections.abc import Callable

import numpy as np

SETUP_CAP = 300.0  # seconds allowed for imports and JIT compilation, not timed

GAMES = [
    ("5x5", 5, "generic"),
    ("8x8", 8, "generic"),
    ("10x10", 10, "generic"),
    ("12x12", 12, "generic"),
    ("5x5 0/1", 5, "zero_one"),
    ("8x8 0/1", 8, "zero_one"),
]


def make_game(size: int, kind: str, seed: int = 2024) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng([seed, size, kind == "zero_one"])
    if kind == "zero_one":
        return rng.integers(0, 2, size=(2, size, size))
    return rng.integers(-1000, 1001, size=(2, size, size))


# ------------------------------------------------------------------ the contenders
def ours_vertex_float(a, b) -> Callable[[], int]:
    from alliance_games.games.normal import NormalFormGame
    from alliance_games.solvers.normal.vertex_enumeration import vertex_enumeration

    game = NormalFormGame.from_arrays([a, b])
    return lambda: len(vertex_enumeration(game))


def ours_vertex_exact(a, b) -> Callable[[], int]:
    from alliance_games.games.normal import NormalFormGame
    from alliance_games.solvers.normal.vertex_enumeration import vertex_enumeration

    game = NormalFormGame.from_arrays([a, b])
    return lambda: len(vertex_enumeration(game, exact=True))


def ours_support(a, b) -> Callable[[], int]:
    from alliance_games.games.normal import NormalFormGame
    from alliance_games.solvers.normal.support_enumeration import support_enumeration

    game = NormalFormGame.from_arrays([a, b])
    return lambda: len(support_enumeration(game))


def nashpy_support(a, b) -> Callable[[], int]:
    import nashpy

    game = nashpy.Game(a, b)
    return lambda: len(list(game.support_enumeration()))


def nashpy_vertex(a, b) -> Callable[[], int]:
    import nashpy

    game = nashpy.Game(a, b)
    return lambda: len(list(game.vertex_enumeration()))


def quantecon_vertex(a, b) -> Callable[[], int]:
    import quantecon.game_theory as gt

    game = gt.NormalFormGame((gt.Player(a.astype(float)), gt.Player(b.T.astype(float))))
    gt.vertex_enumeration(game)  # numba compilation outside the timing
    return lambda: len(gt.vertex_enumeration(game))


def gambit(rational: bool):
    def build(a, b) -> Callable[[], int]:
        import pygambit as gbt

        game = gbt.Game.from_arrays(a.astype(object), b.astype(object))
        return lambda: len(gbt.nash.enummixed_solve(game, rational=rational).equilibria)

    return build


METHODS = [
    ("ours vertex-enumeration (float)", ours_vertex_float),
    ("ours vertex-enumeration (exact)", ours_vertex_exact),
    ("ours support-enumeration", ours_support),
    ("nashpy support_enumeration", nashpy_support),
    ("nashpy vertex_enumeration", nashpy_vertex),
    ("quantecon vertex_enumeration", quantecon_vertex),
    ("gambit enummixed (float)", gambit(False)),
    ("gambit enummixed (rational)", gambit(True)),
]


# ------------------------------------------------------------------ measurement
def _child(conn, index: int, size: int, kind: str, repeats: int, cap: float) -> None:
    warnings.filterwarnings("ignore")
    try:
        a, b = make_game(size, kind)
        call = METHODS[index][1](a, b)
    except ImportError as err:
        conn.send(("missing", str(err)))
        return
    conn.send(("ready", None))
    times, count = [], 0
    start = time.perf_counter()
    for _ in range(repeats):
        t0 = time.perf_counter()
        count = call()
        times.append(time.perf_counter() - t0)
        if time.perf_counter() - start > cap / 2:
            break
    conn.send(("ok", (statistics.median(times), count)))


def measure(index: int, size: int, kind: str, repeats: int, cap: float):
    parent, child = mp.Pipe(duplex=False)
    proc = mp.Process(target=_child, args=(child, index, size, kind, repeats, cap))
    proc.start()
    status, value = "skipped", None
    if parent.poll(SETUP_CAP):  # imports, game construction, numba compilation
        status, value = parent.recv()
        if status == "ready":
            status, value = parent.recv() if parent.poll(cap) else ("skipped", None)
    proc.terminate()
    proc.join()
    return status, value


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--cap", type=float, default=20.0, help="seconds per (method, game)")
    args = parser.parse_args()
    results: dict[tuple[str, str], str] = {}
    ratios: dict[tuple[str, str], str] = {}
    for label, size, kind in GAMES:
        base = None
        for index, (name, _) in enumerate(METHODS):
            previous = [g for g in GAMES if g[2] == kind and g[1] < size]
            if previous and results.get((name, previous[-1][0]), "").startswith("skipped"):
                results[(name, label)] = f"skipped (>{args.cap:g}s)"
                ratios[(name, label)] = "-"
                continue
            status, value = measure(index, size, kind, args.repeats, args.cap)
            if status == "ok":
                seconds, count = value
                results[(name, label)] = f"{seconds * 1e3:.1f} ms ({count})"
                if base is None:
                    base = seconds
                ratios[(name, label)] = f"{seconds / base:.2f}x"
            elif status == "missing":
                results[(name, label)] = "not installed"
                ratios[(name, label)] = "-"
            else:
                results[(name, label)] = f"skipped (>{args.cap:g}s)"
                ratios[(name, label)] = "-"
            print(f"{label:9s} {name:34s} {results[(name, label)]}", flush=True)
    labels = [g[0] for g in GAMES]
    for title, table in (
        ("Median time (equilibria found)", results),
        ("Time relative to ours (float vertex enumeration)", ratios),
    ):
        print(f"\n{title}\n")
        print("| method | " + " | ".join(labels) + " |")
        print("|---" * (len(labels) + 1) + "|")
        for name, _ in METHODS:
            print(f"| {name} | " + " | ".join(table[(name, g)] for g in labels) + " |")


if __name__ == "__main__":
    main()
