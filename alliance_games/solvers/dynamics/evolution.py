"""Evolutionary and learning dynamics over two-player normal-form games (with nashpy).

Three dynamics, each run from a grid of starting points, each end point checked
against the game's own equilibria (vertex enumeration, verified by regret):

- **replicator** (Taylor & Jonker 1978): one population playing a symmetric game,
  ``ẋ_i = x_i ((A x)_i - x·A x)``: a strategy's share grows with its payoff advantage
  over the population average (``nashpy.Game.replicator_dynamics``). On a game that is
  not symmetric (``B ≠ Aᵀ``) it runs the two-population form below.
- **asymmetric-replicator** (two populations, one per player): ``ẋ_i = x_i ((A y)_i -
  x·A y)``, ``ẏ_j = y_j ((xB)_j - x·B y)`` (``asymmetric_replicator_dynamics``).
- **fictitious-play** (Brown 1951; Robinson 1951): each player best-responds to the
  empirical frequency of the other's past play (``fictitious_play``); the frequencies
  converge to a Nash equilibrium in every 2x2 game (Miyasawa 1961), not in general
  (Shapley 1964).
- **stochastic-fictitious-play** (Fudenberg & Kreps 1993; Hofbauer & Sandholm 2002):
  each round each player plays a logit response to the other's empirical frequencies,
  with payoffs perturbed by uniform noise on ``[0, epsilon_bar]`` and logit noise
  ``etha`` (``nashpy.Game.stochastic_fictitious_play``, the names nashpy uses), both
  relative to the player's payoff range (each player's payoffs are rescaled to
  ``[0, 1]`` first, which changes no equilibrium, as the ``logit`` method does; the
  default ``etha = 0.02`` on that scale, where nashpy's 0.1 applies to raw payoffs). The
  frequencies approach a *perturbed* equilibrium (a logit quantal response
  equilibrium for these noise levels), which lies near a Nash equilibrium when
  ``etha`` is small; in zero-sum games and 2x2 games they converge (Hofbauer & Sandholm
  2002; Benaïm & Hirsch 1999). nashpy draws from numpy's *global* generator; the run
  seeds it (``seed``, one stream per starting point) and restores the caller's state
  afterwards, so results are reproducible and the caller's random numbers untouched.
  The frequencies after ``n`` rounds carry sampling noise of order ``1/(2 sqrt(n))``
  per share, so an end point counts as reaching an equilibrium within
  ``max(MATCH_DISTANCE, 2/sqrt(n))`` (four such standard deviations); a path not yet
  there is played on (same counts, same stream) for up to nine more blocks of ``n``
  rounds, since frequencies forget an early detour only like ``1/rounds``.

  Worked example, matching pennies (``A = [[1, -1], [-1, 1]]``, ``B = -A``): the only
  equilibrium is ``(1/2, 1/2)`` for both. The perturbed equilibrium is the same point:
  the logit response to a 1/2-1/2 opponent faces equal expected payoffs ``0`` and ``0``,
  and the uniform payoff noise has the same law for both actions, so it plays each with
  probability 1/2. Play therefore approaches ``(1/2, 1/2)``.

A stable rest point of the replicator dynamics is a Nash equilibrium, and an
evolutionarily stable strategy is an asymptotically stable rest point (Hofbauer &
Sigmund 1998, Thms 7.2.1 and 7.3.1). In hawk-dove with prize ``V < C`` (cost of a
fight) the population converges to hawks at ``V/C`` from every interior start.

Basins of attraction
--------------------
Each starting point is classified by the equilibrium its path ends at (the nearest of
the game's equilibria within :data:`MATCH_DISTANCE`, whose regret is then verified);
paths that end near no equilibrium (cycles, slow drift) are counted as not converged.
For a symmetric 2x2 game with row payoffs ``[[a, b], [c, d]]`` the single-population
basin boundary is exact: the payoff advantage of strategy 1 at share ``x`` is
``x (a - c) + (1 - x)(b - d)``, zero at ``p* = (d - b)/((a - c) + (d - b))``; when
``a > c`` and ``d > b`` (coordination, stag hunt) ``p*`` divides the two basins (above
it strategy 1 takes over); when ``a < c`` and ``d < b`` (hawk-dove) ``p*`` attracts every
interior start; otherwise one strategy dominates and takes over.

References
----------
Taylor, P. D. & Jonker, L. B. (1978). Evolutionarily stable strategies and game
dynamics. *Mathematical Biosciences* 40(1-2), 145-156.
Brown, G. W. (1951). Iterative solution of games by fictitious play. In Koopmans (ed.),
*Activity Analysis of Production and Allocation*, 374-376. Wiley.
Miyasawa, K. (1961). On the convergence of the learning process in a 2x2 non-zero-sum
two-person game. Princeton Econometric Research Program, Research Memorandum 33.
Hofbauer, J. & Sigmund, K. (1998). *Evolutionary Games and Population Dynamics*.
Cambridge University Press.
Fudenberg, D. & Kreps, D. M. (1993). Learning mixed equilibria. *Games and Economic
Behavior* 5(3), 320-367.
Benaïm, M. & Hirsch, M. W. (1999). Mixed equilibria and dynamical systems arising from
fictitious play in perturbed games. *Games and Economic Behavior* 29(1-2), 36-72.
Hofbauer, J. & Sandholm, W. H. (2002). On the global convergence of stochastic
fictitious play. *Econometrica* 70(6), 2265-2294.
Knight, V. & Campbell, J. (2018). Nashpy: a Python library for the computation of Nash
equilibria. *Journal of Open Source Software* 3(30), 904.
"""

from __future__ import annotations

import dataclasses
import itertools
import math
from collections.abc import Sequence
from fractions import Fraction
from typing import Any

import numpy as np

from ...budget import Budget
from ...equilibrium import Equilibrium, SolveResult, make_equilibrium, regret
from ...errors import SolverError
from ...games.normal import NormalFormGame
from ..normal.vertex_enumeration import vertex_enumeration

__all__ = ["solve_dynamics", "starting_points", "symmetric_basin_boundary",
           "MATCH_DISTANCE", "MAX_STARTS", "METHODS"]

METHODS = ("replicator", "asymmetric-replicator", "fictitious-play",
           "stochastic-fictitious-play")
_LEARNING = ("fictitious-play", "stochastic-fictitious-play")
#: an end point within this max-norm distance of an equilibrium has reached it
MATCH_DISTANCE = 0.02
#: starting points at most (``grid`` is refused beyond)
MAX_STARTS = 2_000
#: starting points at most when ``grid`` is not given
DEFAULT_STARTS = 100
#: the same for stochastic fictitious play (each path is a sampled sequence of rounds)
DEFAULT_SFP_STARTS = 25
_PATH_POINTS = 41
_STEPS = 400
#: how many more horizons a path that has not yet reached an equilibrium is followed
_EXTENSIONS = 9


def starting_points(m: int, grid: int) -> list[tuple[Fraction, ...]]:
    """Interior points of the ``m``-strategy simplex on a lattice of step ``1/(grid+1)``.

    Examples
    --------
    >>> [tuple(str(v) for v in p) for p in starting_points(2, 3)]
    [('1/4', '3/4'), ('1/2', '1/2'), ('3/4', '1/4')]
    """
    total = grid + 1
    out = []
    for cuts in itertools.combinations(range(1, total), m - 1):
        parts = [b - a for a, b in zip((0, *cuts), (*cuts, total), strict=True)]
        out.append(tuple(Fraction(p, total) for p in parts))
    return out


def symmetric_basin_boundary(a: Any, b: Any, c: Any, d: Any) -> dict[str, Any]:
    """The exact single-population basins of a symmetric 2x2 game ``[[a, b], [c, d]]``.

    Examples
    --------
    Stag hunt (stag-stag 4, stag-hare 0, hare-stag 3, hare-hare 3): stag takes over
    above ``p* = (3 - 0)/((4 - 3) + (3 - 0)) = 3/4``.

    >>> symmetric_basin_boundary(4, 0, 3, 3)["threshold"]
    Fraction(3, 4)
    """
    up, down = a - c, d - b
    if up > 0 and down > 0:
        p = Fraction(down) / (up + down) if all(
            isinstance(v, int | Fraction) for v in (a, b, c, d)) else down / (up + down)
        return {"kind": "coordination", "threshold": p,
                "reading": "above the threshold share strategy 1 takes over, below it "
                           "strategy 2 does"}
    if up < 0 and down < 0:
        p = Fraction(down) / (up + down) if all(
            isinstance(v, int | Fraction) for v in (a, b, c, d)) else down / (up + down)
        return {"kind": "anti-coordination", "threshold": p,
                "reading": "every interior start converges to the mixed state with this "
                           "share of strategy 1 (the evolutionarily stable state)"}
    if up >= 0 and down <= 0 and (up, down) != (0, 0):
        return {"kind": "dominance", "threshold": None,
                "reading": "strategy 1 is never worse: it takes over from every start"}
    if up <= 0 and down >= 0 and (up, down) != (0, 0):
        return {"kind": "dominance", "threshold": None,
                "reading": "strategy 2 is never worse: it takes over from every start"}
    return {"kind": "neutral", "threshold": None,
            "reading": "payoffs do not depend on the share: every state is at rest"}


def solve_dynamics(game: NormalFormGame, method: str = "replicator", *,
                   grid: int | None = None,
                   horizon: float = 100.0, iterations: int = 1000, exact: bool = False,
                   seed: int = 0, etha: float = 0.02, epsilon_bar: float = 0.01,
                   timeout: float | None = None, budget: Budget | None = None
                   ) -> SolveResult:
    """Run ``method`` from a grid of starts; report the equilibria reached and their basins.

    Parameters
    ----------
    game
        A two-player :class:`~alliance_games.games.normal.NormalFormGame`.
    method
        ``"replicator"``, ``"asymmetric-replicator"``, ``"fictitious-play"`` or
        ``"stochastic-fictitious-play"``.
    grid
        Lattice resolution: a population's shares are multiples of ``1/(grid+1)``,
        strictly inside the simplex (two populations: the product of the lattices).
        Default (``None``): 10, lowered until there are at most
        :data:`DEFAULT_STARTS` starting points (a 2x2 game keeps 10); stochastic
        fictitious play: at most :data:`DEFAULT_SFP_STARTS`.
    horizon
        Time the replicator dynamics run from each start.
    iterations
        Rounds of (stochastic) fictitious play from each start (the start is the prior
        count).
    seed
        Stochastic fictitious play: seed of numpy's global generator, which nashpy draws
        from; start ``k`` uses the stream ``[seed, k]``, and the caller's generator
        state is restored afterwards.
    etha
        Stochastic fictitious play: the logit noise (nashpy's name; smaller is closer to
        a best response), relative to each player's payoff range.
    epsilon_bar
        Stochastic fictitious play: the largest uniform payoff perturbation, relative to
        each player's payoff range.
    exact
        Compute the game's equilibria in rational arithmetic (the reached ones are then
        certified exactly).
    timeout
        Seconds, when no budget is given.
    budget
        Time budget (checked between starting points).

    Returns
    -------
    SolveResult
        The equilibria reached (each a verified equilibrium of the game, its basin share
        in ``extra``), ``complete=False`` (unreached equilibria are not listed), and the
        analysis: ``dynamics``, ``starting_points``, ``basins``, ``not_converged``,
        ``max_end_regret``, ``basin_boundary`` (symmetric 2x2 with one population;
        two-population 2x2 replicator: :func:`~.basins.two_population_boundary`, the
        saddle's stable manifold and exact shares where it is a line), ``time_path``; every
        end point names the nearest equilibrium (``nearest``) and its max-norm
        ``distance``; stochastic fictitious play adds ``seed``, ``etha``,
        ``epsilon_bar`` and ``match_distance``.
    """
    if method not in METHODS:
        raise SolverError(f"unknown dynamics {method!r}; use one of {', '.join(METHODS)}")
    if not isinstance(game, NormalFormGame) or game.n_players != 2:
        raise SolverError("evolutionary and learning dynamics need a two-player normal-form "
                          "game")
    if grid is not None and grid < 1:
        raise SolverError(f"grid must be at least 1, found {grid}")
    if horizon <= 0 or iterations < 1:
        raise SolverError("horizon must be positive and iterations at least 1")
    stochastic = method == "stochastic-fictitious-play"
    if stochastic and not (0 <= seed < 2 ** 32):
        raise SolverError(f"seed must be an integer in [0, 2**32), found {seed}")
    if stochastic and (etha <= 0 or epsilon_bar < 0):
        raise SolverError(f"etha must be positive and epsilon_bar non-negative, found "
                          f"etha={etha}, epsilon_bar={epsilon_bar}")
    budget = budget or Budget.start(timeout)
    import nashpy  # type: ignore[import-untyped]

    A, B = (np.asarray(m, dtype=float) for m in game.bimatrix())
    symmetric = A.shape[0] == A.shape[1] and np.allclose(A, B.T)
    single = method == "replicator" and symmetric
    m, n = A.shape
    if grid is None:
        grid = _default_grid(m, n, single,
                             DEFAULT_SFP_STARTS if stochastic else DEFAULT_STARTS)
    own = starting_points(m, grid)
    starts: list[tuple[tuple[Fraction, ...], tuple[Fraction, ...]]]
    if single:
        starts = [(s, s) for s in own]
    else:
        starts = list(itertools.product(own, starting_points(n, grid)))
    if len(starts) > MAX_STARTS:
        raise SolverError(f"grid={grid} gives {len(starts):,} starting points, more than "
                          f"{MAX_STARTS:,}; lower --option grid")
    equilibria = list(vertex_enumeration(game, exact=exact, budget=budget).equilibria)
    extreme = len(equilibria)
    # stochastic fictitious play: payoffs rescaled to [0, 1] per player (equilibria do
    # not change), so that etha and epsilon_bar are relative to each payoff range
    nash = nashpy.Game(_unit(A), _unit(B)) if stochastic else nashpy.Game(A, B)
    times = np.linspace(0.0, float(horizon), _STEPS)
    hits = [0] * len(equilibria)
    ends: list[dict[str, Any]] = []
    not_converged = 0
    worst = 0.0
    path: dict[str, list[float]] | None = None
    centre = len(starts) // 2
    stopped = False
    match_distance = (max(MATCH_DISTANCE, 2 / math.sqrt(iterations)) if stochastic
                      else MATCH_DISTANCE)
    saved = np.random.get_state() if stochastic else None
    try:
        for index, (x0, y0) in enumerate(starts):
            if budget.expired():
                stopped = True
                break
            if stochastic:
                # nashpy draws from the global generator: one reproducible stream per
                # start (the caller's state is restored below)
                np.random.seed([seed, index])
            counts: list[Any] = []
            try:
                xs, ys = _run(nash, method, single, x0, y0, times, iterations,
                              etha=etha, epsilon_bar=epsilon_bar, last_counts=counts)
            except ValueError as err:  # nashpy's logit overflows on large payoffs
                raise SolverError(f"stochastic fictitious play failed: {err}; raise "
                                  "--option etha=... (1/etha must stay below about "
                                  "700)") from None
            end = (tuple(float(v) for v in xs[-1]), tuple(float(v) for v in ys[-1]))
            match = _nearest(equilibria, end, match_distance)
            if match is None:
                found = _on_component(game, equilibria[:extreme], end, match_distance,
                                      exact)
                if found is not None:
                    equilibria.append(found)
                    hits.append(0)
                    match = len(equilibria) - 1
            extensions = 0
            while (match is None and stochastic and extensions < _EXTENSIONS
                   and not budget.expired()):
                # The frequencies forget a long first detour only like 1/rounds: play the
                # same sequence on (the counts carry over, the stream continues).
                extensions += 1
                counts = _sfp_more(nash, counts, iterations, etha, epsilon_bar)
                fx, fy = (c / np.sum(c) for c in counts)
                end = (tuple(float(v) for v in fx), tuple(float(v) for v in fy))
                match = _nearest(equilibria, end, match_distance)
            while (match is None and method not in _LEARNING and extensions < _EXTENSIONS
                   and not budget.expired()):
                # Small payoff differences move the shares slowly: follow the same path
                # for another horizon (the limit is what "reached" means), a bounded
                # number of times.
                extensions += 1
                xs, ys = _run(nash, method, single, end[0], end[1], times, iterations)
                end = (tuple(float(v) for v in xs[-1]), tuple(float(v) for v in ys[-1]))
                match = _nearest(equilibria, end)
            r = regret(game, end)
            if match is None:
                not_converged += 1
                worst = max(worst, r)
            else:
                hits[match] += 1
            near, distance = _nearest_any(equilibria, end)
            ends.append({"start": [float(v) for v in (*x0, *([] if single else y0))],
                         "end": [float(v) for v in (*end[0], *([] if single else end[1]))],
                         "equilibrium": None if match is None else match + 1,
                         "nearest": None if near is None else near + 1,
                         "distance": None if near is None else distance,
                         "regret": r})
            if index == centre:
                rounds = np.minimum(np.arange(len(xs)) * _fp_step(iterations),
                                    iterations).astype(float)
                path = _path(game, xs, ys, single, times if method not in _LEARNING
                             else rounds)
    finally:
        if saved is not None:
            np.random.set_state(saved)
    total = len(ends)
    reached = []
    basins: dict[str, Any] = {}
    for k, eq in enumerate(equilibria):
        if hits[k] == 0:
            continue
        share = Fraction(hits[k], total)
        label = _population_label(eq) if single else _label(eq)
        basins[label] = share
        reached.append(dataclasses.replace(
            eq, notes=(*eq.notes, f"reached by {method} from {hits[k]} of {total} starting "
                                  f"points"),
            extra={**dict(eq.extra), "basin_share": share}))
    extra: dict[str, Any] = {
        "dynamics": ("replicator (one population)" if single else
                     "replicator (two populations)" if "replicator" in method else
                     f"stochastic fictitious play (logit noise etha={etha:g}, payoff "
                     f"noise up to {epsilon_bar:g}, seed {seed})" if stochastic else
                     "fictitious play"),
        "starting_points": total,
        "basins": basins,
        "not_converged": not_converged,
        "equilibria_of_the_game": extreme,
        "unreached_equilibria": sum(1 for h in hits[:extreme] if h == 0),
    }
    if not_converged:
        extra["max_end_regret"] = worst
    if stochastic:
        extra.update({"seed": seed, "etha": etha, "epsilon_bar": epsilon_bar,
                      "match_distance": match_distance})
    if single and A.shape == (2, 2):
        a, b, c, d = _entries(game)
        boundary = symmetric_basin_boundary(a, b, c, d)
        boundary["strategy_1"] = game.strategies[0][0]
        extra["basin_boundary"] = boundary
    elif A.shape == (2, 2) and method in ("replicator", "asymmetric-replicator"):
        extra["basin_boundary"] = _two_population(game)
    extra["end_points"] = ends
    if path is not None:
        extra["time_path"] = path
    diagnostics = [f"{extra['dynamics']} from {total} starting points (grid {grid}); the "
                   "equilibria listed are those reached, each checked against the game's "
                   "own equilibria by regret"]
    if stopped:
        diagnostics.append(f"the time limit stopped the run after {total} of {len(starts)} "
                           "starting points: basins are shares of those")
    if not_converged:
        diagnostics.append(f"{not_converged} of {total} paths ended near no equilibrium "
                           f"(largest regret {worst:.3g}): cycling or slow convergence")
    return SolveResult(game=game, method=method, complete=False, equilibria=tuple(reached),
                       exact=bool(exact and all(e.exact for e in reached)),
                       diagnostics=tuple(diagnostics), extra=extra, requested_method=method)


def _unit(matrix: np.ndarray) -> np.ndarray:
    """``(M - min M)/(max M - min M)``: one player's payoffs on ``[0, 1]`` (zeros if flat)."""
    low, high = float(matrix.min()), float(matrix.max())
    return (matrix - low) / (high - low) if high > low else np.zeros_like(matrix)


def _fp_step(iterations: int) -> int:
    """Rounds between the recorded points of a fictitious-play path."""
    return max(1, iterations // (_PATH_POINTS - 1))


def _default_grid(m: int, n: int, single: bool, most: int = DEFAULT_STARTS) -> int:
    """The finest grid (at most 10) with at most ``most`` starts."""
    for grid in range(10, 0, -1):
        count = math.comb(grid, m - 1) * (1 if single else math.comb(grid, n - 1))
        if count <= most:
            return grid
    return 1


def _run(nash: Any, method: str, single: bool, x0: Sequence[Fraction | float],
         y0: Sequence[Fraction | float], times: np.ndarray, iterations: int, *,
         etha: float = 0.02, epsilon_bar: float = 0.01,
         last_counts: list[Any] | None = None) -> tuple[np.ndarray, np.ndarray]:
    """The path of each population's shares (rows: time points / rounds)."""
    x_start = np.array([float(v) for v in x0])
    y_start = np.array([float(v) for v in y0])
    if single:
        xs = np.asarray(nash.replicator_dynamics(y0=x_start, timepoints=times))
        return xs, xs
    if method in ("replicator", "asymmetric-replicator"):
        xs, ys = nash.asymmetric_replicator_dynamics(x0=x_start, y0=y_start,
                                                     timepoints=times)
        return np.asarray(xs), np.asarray(ys)
    prior = [x_start.copy(), y_start.copy()]
    rows_x, rows_y = [], []
    step = _fp_step(iterations)
    # the generator yields the prior first, then the counts after each round
    plays: Any
    if method == "stochastic-fictitious-play":
        plays = (counts for counts, _ in nash.stochastic_fictitious_play(
            iterations=iterations, play_counts=prior, etha=etha, epsilon_bar=epsilon_bar))
    else:
        plays = nash.fictitious_play(iterations=iterations, play_counts=prior)
    counts = prior
    for k, counts in enumerate(plays):
        if k % step == 0 or k == iterations:
            rows_x.append(np.asarray(counts[0], dtype=float) / np.sum(counts[0]))
            rows_y.append(np.asarray(counts[1], dtype=float) / np.sum(counts[1]))
    if last_counts is not None:
        last_counts[:] = [np.asarray(c, dtype=float) for c in counts]
    return np.array(rows_x), np.array(rows_y)


def _sfp_more(nash: Any, counts: list[np.ndarray], iterations: int, etha: float,
              epsilon_bar: float) -> list[np.ndarray]:
    """The play counts after ``iterations`` more rounds of stochastic fictitious play."""
    *_, (out, _) = nash.stochastic_fictitious_play(
        iterations=iterations, play_counts=[c.copy() for c in counts], etha=etha,
        epsilon_bar=epsilon_bar)
    return [np.asarray(c, dtype=float) for c in out]


def _nearest(equilibria: Sequence[Equilibrium], end: tuple[tuple[float, ...], ...],
             within: float = MATCH_DISTANCE) -> int | None:
    """The nearest equilibrium within max-norm distance ``within`` (``None``: none)."""
    best, best_d = _nearest_any(equilibria, end)
    return best if best is not None and best_d <= within else None


def _on_component(game: NormalFormGame, equilibria: Sequence[Equilibrium],
                  end: tuple[tuple[float, ...], ...], within: float, exact: bool
                  ) -> Equilibrium | None:
    """A verified equilibrium on a segment between two extreme equilibria near ``end``.

    In a degenerate game equilibria form convex sets whose extreme points are what vertex
    enumeration lists; learning can settle inside such a set (stochastic fictitious
    play does). The end point is projected on each segment between two extreme
    equilibria, the weight rounded to a multiple of 1/1000, and the point kept if it is
    within ``within`` of the end and passes the regret check (exactly 0 in exact mode).
    """
    point = np.concatenate([np.asarray(s, dtype=float) for s in end])
    for i, j in itertools.combinations(range(len(equilibria)), 2):
        p = [list(s) for s in equilibria[i].profile()]
        q = [list(s) for s in equilibria[j].profile()]
        fp = np.concatenate([np.asarray(s, dtype=float) for s in p])
        fq = np.concatenate([np.asarray(s, dtype=float) for s in q])
        d = fq - fp
        norm = float(d @ d)
        if norm == 0:
            continue
        t = Fraction(round(min(1.0, max(0.0, float((point - fp) @ d) / norm)) * 1000),
                     1000)
        mix: list[list[Any]]
        if exact:
            mix = [[Fraction(a) + t * (Fraction(b) - Fraction(a)) for a, b in
                    zip(ps, qs, strict=True)] for ps, qs in zip(p, q, strict=True)]
        else:
            mix = [[float(a) + float(t) * (float(b) - float(a)) for a, b in
                    zip(ps, qs, strict=True)] for ps, qs in zip(p, q, strict=True)]
        flat = np.array([float(v) for s in mix for v in s])
        if max(abs(flat - point)) > within or t in (0, 1):
            continue
        try:
            return make_equilibrium(game, mix, exact=exact, notes=(
                f"on the segment from the extreme equilibrium ({_label(equilibria[i])}) "
                f"to ({_label(equilibria[j])}), weight {t}: the game is degenerate and "
                "its equilibria form a convex set",))
        except SolverError:
            continue
    return None


def _nearest_any(equilibria: Sequence[Equilibrium], end: tuple[tuple[float, ...], ...]
                 ) -> tuple[int | None, float]:
    """The nearest equilibrium and its max-norm distance (``None, inf`` if there is none)."""
    best, best_d = None, math.inf
    for k, eq in enumerate(equilibria):
        profile = eq.profile()
        d = max(abs(float(p) - e) for s, t in zip(profile, end, strict=True)
                for p, e in zip(s, t, strict=True))
        if d < best_d:
            best, best_d = k, d
    return best, best_d


def _label(eq: Equilibrium) -> str:
    assert eq.strategies is not None
    parts = []
    for player, dist in eq.strategies.items():
        used = [(s, p) for s, p in dist.items() if p != 0]
        if len(used) == 1:
            parts.append(f"{player}: {used[0][0]}")
        else:
            parts.append(f"{player}: " + ", ".join(f"{s} {float(p):.4g}" for s, p in used))
    return "; ".join(parts)


def _population_label(eq: Equilibrium) -> str:
    """A one-population state: ``all Comply`` or ``Comply 1/3, Violate 2/3``."""
    assert eq.strategies is not None
    dist = next(iter(eq.strategies.values()))
    used = [(s, p) for s, p in dist.items() if p != 0]
    if len(used) == 1:
        return f"all {used[0][0]}"
    return ", ".join(f"{s} {float(p):.4g}" for s, p in used)


def _two_population(game: NormalFormGame) -> dict[str, Any]:
    """:func:`~.basins.two_population_boundary` with the corners named by strategies."""
    from .basins import two_population_boundary

    table = game.exact_payoffs if game.exact_payoffs is not None else game.payoffs
    rows = [[table[k][i, j] for j in range(2)] for k in range(2) for i in range(2)]
    out = two_population_boundary(rows[:2], rows[2:])
    (p1, p2), (s, t) = game.players, game.strategies
    out["x"] = f"share of {p1} playing {s[0]}"
    out["y"] = f"share of {p2} playing {t[0]}"
    names = {"(1, 1)": (0, 0), "(0, 0)": (1, 1), "(0, 1)": (1, 0), "(1, 0)": (0, 1)}
    corner = {k: f"{p1}: {s[i]}; {p2}: {t[j]}" for k, (i, j) in names.items()}
    if "shares" in out:
        out["shares"] = {corner[k]: v for k, v in out["shares"].items()}
        out["above"], out["below"] = corner[out["above"]], corner[out["below"]]
        shares = "; ".join(f"{k} {v} of the square" if isinstance(v, Fraction) else
                           f"{k} {v:.6f} of the square (quadrature)"
                           for k, v in out["shares"].items())
        shape = (f"the straight line {out['straight_line']}" if out["straight_line"] else
                 "the level curve H(x, y) = H(x*, y*) of the constant of motion H = "
                 "-q2 ln x - q1 ln(1-x) + p2 ln y + p1 ln(1-y)")
        x0, y0 = out["saddle"]
        out["reading"] = (
            f"two populations (x = {out['x']}, y = {out['y']}): the stable manifold "
            f"of the saddle at ({x0}, {y0}), {shape}, divides the basins: above it "
            f"{out['above']}, below it {out['below']}; basin shares: {shares}")
    return out


def _entries(game: NormalFormGame) -> tuple[Any, Any, Any, Any]:
    table = game.exact_payoffs if game.exact_payoffs is not None else game.payoffs
    row = table[0]
    return row[0, 0], row[0, 1], row[1, 0], row[1, 1]


def _path(game: NormalFormGame, xs: np.ndarray, ys: np.ndarray, single: bool,
          times: np.ndarray) -> dict[str, list[float]]:
    pick = np.linspace(0, len(xs) - 1, min(_PATH_POINTS, len(xs))).round().astype(int)
    out: dict[str, list[float]] = {"t": [float(times[i]) for i in pick]}
    p1, p2 = game.players
    for j, s in enumerate(game.strategies[0]):
        out[f"{p1}: {s}" if not single else s] = [float(xs[i, j]) for i in pick]
    if not single:
        for j, s in enumerate(game.strategies[1]):
            out[f"{p2}: {s}"] = [float(ys[i, j]) for i in pick]
    return out
