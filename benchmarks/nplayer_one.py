"""One n-player equilibrium: our ``path-search`` and ``support-search`` vs pygambit's gnm and ipa.

Random games with integer payoffs in [-1000, 1000] (seeded ``numpy`` generators, the
same games as ``benchmarks/nplayer.py``), shapes 3x3x3, 2x2x2x2, 2x2x2x2x2, 3x3x3x3,
4x4x4 and 3x3x3x3x3. For each game, interleaved: our ``path-search`` (stage that found
the equilibrium noted), our ``support-search``, pygambit's ``gnm`` and ``ipa``. Times
are CPU seconds (``time.process_time``) of the call alone, the best of ``--repeat``
runs: the machine is shared and CPU time is what load distorts least. Ours are certified
(``make_equilibrium``: regret against every pure deviation below 1e-9 of the payoff
scale); the peers' profiles are regret-checked here (``max regret / 1000`` printed).

Every pygambit call runs in a spawned worker process with a time limit
(``--peer-limit``): a call that does not return in time is killed (its worker with it)
and reported as ``> limit``; a fresh worker serves the next call. One worker per peer
serves many games, so the spawn and import cost is paid once per kill, not per game.

With ``--no-pure`` only games without a pure equilibrium are kept (the first
``--seeds`` such seeds): the games where the work is; with ``--path-only`` only games
with neither a pure equilibrium nor one where two players mix two strategies each (the
games path-search solves on the logit path, about 1 in 20). Per game one row; then per shape
the medians over all seeds and over the seeds with no pure equilibrium, and the ratio of
our median to gnm's and ipa's. The load average is printed with every row.

Run: ``PYTHONPATH=. python benchmarks/nplayer_one.py [--seeds 10] [--repeat 3]
[--peer-limit 20] [--shapes 3x3x3 4x4x4]``.
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
from alliance_games.solvers.nplayer.path_search import path_search, two_by_two_equilibria
from alliance_games.solvers.nplayer.search import pure_profiles, support_search

SHAPES = [(3, 3, 3), (2, 2, 2, 2), (2, 2, 2, 2, 2), (3, 3, 3, 3), (4, 4, 4), (3, 3, 3, 3, 3)]
#: wall seconds a spawned worker may take to start (imports) on top of the peer limit
SPAWN_SECONDS = 20.0


def _worker(kind: str, inbox: Any, outbox: Any) -> None:
    """In the child: pygambit's ``kind`` solver on each game received."""
    import pygambit as gbt  # benchmark-only peer (GPL): never imported by the library

    solver = getattr(gbt.nash, f"{kind}_solve")
    while True:
        u = inbox.get()
        if u is None:
            return
        gg = gbt.Game.from_arrays(*[np.array(u[i], dtype=float) for i in range(u.shape[0])])
        start = time.process_time()
        result = solver(gg)
        spent = time.process_time() - start
        profiles = [[[float(eq[s]) for s in p.strategies] for p in gg.players]
                    for eq in result.equilibria]
        outbox.put((spent, profiles))


class Peer:
    """A spawned pygambit worker for one solver; killed and replaced past the limit."""

    def __init__(self, kind: str, limit: float) -> None:
        self.kind, self.limit = kind, limit
        self.ctx = mp.get_context("spawn")
        self.child: Any = None
        self.first = True

    def _start(self) -> None:
        self.inbox, self.outbox = self.ctx.Queue(), self.ctx.Queue()
        self.child = self.ctx.Process(target=_worker, args=(self.kind, self.inbox,
                                                            self.outbox), daemon=True)
        self.child.start()
        self.first = True

    def __call__(self, u: np.ndarray) -> tuple[float, list[Any]] | None:
        if self.child is None or not self.child.is_alive():
            self._start()
        self.inbox.put(u)
        wait = self.limit + (SPAWN_SECONDS if self.first else 1.0)
        self.first = False
        try:
            return self.outbox.get(timeout=wait)  # type: ignore[no-any-return]
        except queue.Empty:
            self.child.kill()
            self.child.join()
            self.child = None
            return None

    def close(self) -> None:
        if self.child is not None and self.child.is_alive():
            self.inbox.put(None)
            self.child.join(timeout=5)
            if self.child.is_alive():
                self.child.kill()


def _cpu(fn, *args, **kwargs):  # type: ignore[no-untyped-def]
    start = time.process_time()
    result = fn(*args, **kwargs)
    return time.process_time() - start, result


def _fmt(v: float | None, limit: float) -> str:
    return f"> {limit:.0f}" if v is None else f"{v:.4f}"


def _median(values: list[float | None], limit: float) -> str:
    """Median with runs killed at the limit counted as +infinity."""
    if not values:
        return "-"
    ranked = sorted(float("inf") if v is None else v for v in values)
    m = statistics.median(ranked)
    return f"> {limit:.0f}" if m == float("inf") else f"{m:.4f}"


def _ratio(a: list[float | None], b: list[float | None]) -> str:
    if not a or not b:
        return "-"
    ma = statistics.median(sorted(float("inf") if v is None else v for v in a))
    mb = statistics.median(sorted(float("inf") if v is None else v for v in b))
    if mb == float("inf"):
        return "< 0.01"
    return f"{ma / mb:.2f}"


def _seeds(shape: tuple[int, ...], first: int, count: int, no_pure: bool,
           path_only: bool = False) -> list[int]:
    """``count`` seeds from ``first`` on; with ``no_pure`` only games without a pure
    equilibrium, with ``path_only`` only those without a 2x2 sub-game one either."""
    out, seed = [], first
    while len(out) < count:
        u = np.random.default_rng(seed).integers(-1000, 1001, size=(len(shape), *shape))
        uf = np.asarray(u, dtype=float)
        if path_only:
            keep = not pure_profiles(uf) and not two_by_two_equilibria(uf)
        else:
            keep = not no_pure or not pure_profiles(uf)
        if keep:
            out.append(seed)
        seed += 1
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seeds", type=int, default=10)
    parser.add_argument("--first-seed", type=int, default=1)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--peer-limit", type=float, default=20.0)
    parser.add_argument("--shapes", nargs="*", default=None)
    parser.add_argument("--no-pure", action="store_true",
                        help="keep only games without a pure equilibrium (the first "
                             "--seeds such seeds from --first-seed on)")
    parser.add_argument("--path-only", action="store_true",
                        help="keep only games with neither a pure equilibrium nor one "
                             "where two players mix two strategies each (the games "
                             "path-search solves on its logit path)")
    args = parser.parse_args()
    shapes = SHAPES if not args.shapes else [tuple(int(x) for x in s.split("x"))
                                             for s in args.shapes]
    lim = args.peer_limit
    peers = {kind: Peer(kind, lim) for kind in ("gnm", "ipa")}
    print(f"load average before: {os.getloadavg()}")
    print("| game | seed | pure NE | path-search (CPU s) | stage | support-search | gnm | "
          "ipa | gnm regret/1000 | ipa regret/1000 | load |")
    print("|---|---|---|---|---|---|---|---|---|---|---|")
    summary = []
    try:
        for shape in shapes:
            rows: dict[str, list[float | None]] = {k: [] for k in ("path", "search", "gnm",
                                                                   "ipa")}
            hard: dict[str, list[float | None]] = {k: [] for k in rows}
            for seed in _seeds(shape, args.first_seed, args.seeds, args.no_pure,
                               args.path_only):
                rng = np.random.default_rng(seed)
                u = rng.integers(-1000, 1001, size=(len(shape), *shape))
                game = NormalFormGame.from_payoff_array(u)
                best: dict[str, float | None] = {}
                stage = "-"
                peer_regret: dict[str, str] = {}
                for _ in range(args.repeat):
                    t, res = _cpu(path_search, game)
                    assert res.equilibria, (shape, seed)
                    stage = res.extra["stage"]
                    best["path"] = min(t, best.get("path") or t)
                    t, res2 = _cpu(support_search, game)
                    best["search"] = min(t, best.get("search") or t)
                    for kind, call in peers.items():
                        if kind in best and best[kind] is None:
                            continue  # killed once: do not wait again
                        answer = call(u)
                        if answer is None:
                            best[kind] = None
                            peer_regret[kind] = "-"
                            continue
                        spent, profiles = answer
                        prev = best.get(kind)
                        best[kind] = spent if prev is None else min(prev, spent)
                        peer_regret[kind] = (
                            f"{max(regret(game, p) for p in profiles) / 1000:.1e}"
                            if profiles else "none")
                n_pure = len(pure_profiles(np.asarray(u, dtype=float)))
                for k in rows:
                    rows[k].append(best.get(k))
                    if not n_pure:
                        hard[k].append(best.get(k))
                name = "x".join(map(str, shape))
                print(f"| {name} | {seed} | {n_pure} | {_fmt(best['path'], lim)} | {stage} | "
                      f"{_fmt(best['search'], lim)} | {_fmt(best.get('gnm'), lim)} | "
                      f"{_fmt(best.get('ipa'), lim)} | {peer_regret.get('gnm', '-')} | "
                      f"{peer_regret.get('ipa', '-')} | {os.getloadavg()[0]:.1f} |", flush=True)
            summary.append((shape, rows, hard))
    finally:
        for call in peers.values():
            call.close()
    print()
    print("| game | games (no pure NE) | path-search median | support-search | gnm | ipa | "
          "path/gnm | path/ipa | no pure NE: path | gnm | ipa | path/gnm | path/ipa |")
    print("|---|---|---|---|---|---|---|---|---|---|---|---|---|")
    for shape, rows, hard in summary:
        name = "x".join(map(str, shape))
        print(f"| {name} | {len(rows['path'])} ({len(hard['path'])}) | "
              f"{_median(rows['path'], lim)} | {_median(rows['search'], lim)} | "
              f"{_median(rows['gnm'], lim)} | {_median(rows['ipa'], lim)} | "
              f"{_ratio(rows['path'], rows['gnm'])} | {_ratio(rows['path'], rows['ipa'])} | "
              f"{_median(hard['path'], lim)} | {_median(hard['gnm'], lim)} | "
              f"{_median(hard['ipa'], lim)} | {_ratio(hard['path'], hard['gnm'])} | "
              f"{_ratio(hard['path'], hard['ipa'])} |")
    print(f"load average after: {os.getloadavg()}")


if __name__ == "__main__":
    main()
