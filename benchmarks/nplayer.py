"""n-player games: our methods vs pygambit's enumpoly / gnm / ipa on the same seeded games.

Random games with integer payoffs in [-1000, 1000] (seeded), shapes 3x3x3, 2x2x2x2,
2x2x2x2x2 and 3x3x3x3. For each game and each repetition, interleaved: our
``support-enumeration`` (all equilibria, with its ``complete`` flag), pygambit's
``enumpoly`` (all), our ``support-search`` (one equilibrium), pygambit's ``gnm`` and
``ipa`` (one). Times are CPU seconds (``time.process_time``) of the call alone, medians
over the repetitions: the machine is shared, and CPU time is what a loaded machine
distorts least. Every pygambit call runs in its own spawned process with a time limit
(``--peer-limit``): a call that does not return in time is killed and reported as
``> limit`` (a pygambit call once hung for 6 minutes). enumpoly's profiles are
regret-checked and matched against ours. The load average is printed with every row.

Support profiles are decided by compiled (numba) kernels once they are loaded
(:mod:`alliance_games.solvers.nplayer.binary`: one for two strategies per player, one for
any number; automatically when numba is already imported or after 0.5 s of CPU on the
numpy path). ``--kernel on`` (the default) loads it
before the timings and prints what loading cost (paid once per process); ``--kernel off``
times the numpy path; ``--kernel auto`` leaves the library's rule alone.

Run: ``PYTHONPATH=. python benchmarks/nplayer.py [--seeds 3] [--repeat 3] [--timeout 60]
[--peer-limit 60] [--shapes 3x3x3 2x2x2x2x2] [--all-only] [--kernel on|off|auto]``
(``--all-only``: our enumeration and enumpoly only; the one-equilibrium columns then read
``-``).
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import os
import queue
import statistics
import time
from typing import Any

import numpy as np

from alliance_games.equilibrium import regret
from alliance_games.games.normal import NormalFormGame
from alliance_games.solvers.nplayer import binary
from alliance_games.solvers.nplayer.search import support_search
from alliance_games.solvers.nplayer.supports import nplayer_support_enumeration

SHAPES = [(3, 3, 3), (2, 2, 2, 2), (2, 2, 2, 2, 2), (3, 3, 3, 3)]
#: wall seconds a spawned child may take to start (imports) on top of the peer limit
SPAWN_SECONDS = 20.0


def _peer_call(kind: str, u: np.ndarray, out: Any) -> None:
    """In the child: one pygambit solver on the game, CPU time and profiles back."""
    import pygambit as gbt  # benchmark-only peer (GPL): never imported by the library

    gg = gbt.Game.from_arrays(*[np.array(u[i], dtype=float) for i in range(u.shape[0])])
    solver = getattr(gbt.nash, f"{kind}_solve")
    start = time.process_time()
    result = solver(gg)
    spent = time.process_time() - start
    profiles = [[[float(eq[s]) for s in p.strategies] for p in gg.players]
                for eq in result.equilibria]
    out.put((spent, profiles))


def peer(kind: str, u: np.ndarray, limit: float) -> tuple[float, list[Any]] | None:
    """Run pygambit's ``kind`` solver in a fresh (spawned) process; None past ``limit``
    seconds of wall time (the child is killed). Spawned, not forked: forked children
    of this process hung at random (a fork of a process with running threads)."""
    ctx = mp.get_context("spawn")
    out = ctx.Queue()
    child = ctx.Process(target=_peer_call, args=(kind, u, out), daemon=True)
    child.start()
    try:
        answer = out.get(timeout=limit + SPAWN_SECONDS)
    except queue.Empty:
        answer = None
    if child.is_alive():
        child.kill()
    child.join()
    return answer


def _cpu(fn, *args, **kwargs):  # type: ignore[no-untyped-def]
    start = time.process_time()
    result = fn(*args, **kwargs)
    return time.process_time() - start, result


def _matches(theirs, ours, tol=1e-6):  # type: ignore[no-untyped-def]
    return sum(
        any(all(np.allclose(a, b, atol=tol) for a, b in zip(t, o, strict=True)) for o in ours)
        for t in theirs
    )


def _median(values: list[float | None], limit: float) -> str:
    """Median of the runs that finished; runs killed at the limit are counted."""
    if not values:  # not run (--all-only)
        return "-"
    done = [v for v in values if v is not None]
    killed = len(values) - len(done)
    if not done:
        return f"> {limit:.0f}"
    text = f"{statistics.median(done):.4f}"
    return text + (f" ({killed} of {len(values)} > {limit:.0f})" if killed else "")


def _ratio(a: list[float | None], b: list[float | None]) -> str:
    """Ratio of the medians of the finished runs."""
    da = [v for v in a if v is not None]
    db = [v for v in b if v is not None]
    if not da or not db:
        return "-"
    return f"{statistics.median(da) / statistics.median(db):.2f}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seeds", type=int, default=3)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--timeout", type=float, default=60.0)
    parser.add_argument("--peer-limit", type=float, default=60.0)
    parser.add_argument("--shapes", nargs="*", default=None)
    parser.add_argument("--all-only", action="store_true",
                        help="all equilibria only: skip support-search, gnm and ipa "
                             "(benchmarks/nplayer_one.py measures those)")
    parser.add_argument("--kernel", choices=("on", "off", "auto"), default="on",
                        help="the compiled kernels: loaded before "
                             "the timings (on), never used (off), the library's rule (auto)")
    args = parser.parse_args()
    if args.kernel != "auto":
        binary.MODE = args.kernel == "on"
    if args.kernel == "on":
        wall, cpu = time.perf_counter(), time.process_time()
        loaded = binary.kernel() is not None and binary.general_kernel((3, 3, 3)) is not None
        print(f"binary kernel loaded: {loaded} (once per process: "
              f"{time.process_time() - cpu:.2f} s CPU, {time.perf_counter() - wall:.2f} s wall)")
    shapes = SHAPES if not args.shapes else [tuple(int(x) for x in s.split("x"))
                                             for s in args.shapes]
    print(f"load average before: {os.getloadavg()}")
    print("| game | seed | ours all NE (CPU s) | complete | ours # | enumpoly (CPU s) | "
          "enumpoly # (regret ok, among ours) | ratio ours/enumpoly | support-search | "
          "gnm | ipa | ratio search/gnm | load |")
    print("|---|---|---|---|---|---|---|---|---|---|---|---|---|")
    for shape in shapes:
        for seed in range(1, args.seeds + 1):
            rng = np.random.default_rng(seed)
            u = rng.integers(-1000, 1001, size=(len(shape), *shape))
            game = NormalFormGame.from_payoff_array(u)
            times: dict[str, list[float | None]] = {k: [] for k in
                                                    ("ours", "poly", "search", "gnm", "ipa")}
            ours = poly = None
            for _ in range(args.repeat):
                t, ours = _cpu(nplayer_support_enumeration, game, timeout=args.timeout)
                times["ours"].append(t)
                answer = peer("enumpoly", u, args.peer_limit)
                times["poly"].append(None if answer is None else answer[0])
                poly = answer[1] if answer is not None else poly
                if args.all_only:
                    continue
                t, _ = _cpu(support_search, game)
                times["search"].append(t)
                for kind in ("gnm", "ipa"):
                    answer = peer(kind, u, args.peer_limit)
                    times[kind].append(None if answer is None else answer[0])
            assert ours is not None
            mine = [[[float(x) for x in row] for row in eq.profile()] for eq in ours.equilibria]
            if poly is None:
                poly_count = "-"
            else:
                good = [p for p in poly if regret(game, p) < 1e-6 * 1000]
                poly_count = f"{len(poly)} ({len(good)}, {_matches(good, mine)})"
            name = "x".join(map(str, shape))
            lim = args.peer_limit
            print(f"| {name} | {seed} | {_median(times['ours'], lim)} | {ours.complete} | "
                  f"{len(mine)} | {_median(times['poly'], lim)} | {poly_count} | "
                  f"{_ratio(times['ours'], times['poly'])} | "
                  f"{_median(times['search'], lim)} | {_median(times['gnm'], lim)} | "
                  f"{_median(times['ipa'], lim)} | {_ratio(times['search'], times['gnm'])} | "
                  f"{os.getloadavg()[0]:.1f} |", flush=True)
    print(f"load average after: {os.getloadavg()}")


if __name__ == "__main__":
    main()
