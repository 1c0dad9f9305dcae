"""Nash equilibria of a two-player game by support enumeration.

For supports ``I`` (rows) and ``J`` (columns) of equal size ``k``, a profile ``(x, y)``
with those supports is an equilibrium iff (Nash 1951; von Stengel 2002, sec. 2.4)

.. math::

    \\sum_{j \\in J} a_{ij} y_j = v \\ (i \\in I), \\quad \\sum_{j \\in J} y_j = 1, \\qquad
    \\sum_{i \\in I} b_{ij} x_i = u \\ (j \\in J), \\quad \\sum_{i \\in I} x_i = 1,

with ``x_I > 0``, ``y_J > 0``, and no pure strategy outside the support doing better:
``(A y)_i <= v`` for every row and ``(x^T B)_j <= u`` for every column.

All support pairs of one size are solved at once as a batch of ``(k+1) x (k+1)`` linear
systems in floats. Every candidate that passes (or nearly passes: within ``1e-7``) is
solved again in exact rationals and accepted only if its exact regret is 0, so a float
candidate is never reported unless it is exactly an equilibrium; near-singular systems
of rational games are also decided exactly.

*Completeness.* In a nondegenerate game every equilibrium has supports of equal size and
a unique solution of these equations, so trying all support pairs finds all equilibria
(von Stengel 2002, Thm 2.10). We check nondegeneracy exactly as that chapter
characterises it: no vertex of either best-response polytope has more labels than its
dimension (see :mod:`.vertex_enumeration`). In a degenerate game equilibria may have
supports of unequal size or form continua; support enumeration then cannot promise
completeness and says so (``complete=False``); use vertex enumeration.

References
----------
Nash, J. (1951). Non-cooperative games. *Annals of Mathematics* 54, 286-295.
von Stengel, B. (2002). Computing equilibria for two-person games. *Handbook of Game
Theory* vol. 3, ch. 45.

Examples
--------
>>> from alliance_games.games.normal import NormalFormGame
>>> pennies = NormalFormGame.from_arrays([[[1, -1], [-1, 1]], [[-1, 1], [1, -1]]])
>>> result = support_enumeration(pennies, exact=True)
>>> result.equilibria[0].profile()
((Fraction(1, 2), Fraction(1, 2)), (Fraction(1, 2), Fraction(1, 2)))
>>> result.complete
True
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from fractions import Fraction

import numpy as np

from ...budget import Budget, BudgetExceeded
from ...equilibrium import ExactProfile, SolveResult, make_equilibrium, verify_profile
from ...errors import SolverError
from ...games.normal import NormalFormGame
from ...numbers import exact_needs_rational
from ..kernels.rational import normalized_payoffs, normalized_payoffs_float, solve
from .components import nash_components
from .vertex_enumeration import best_response_vertices

__all__ = ["support_enumeration"]

METHOD = "support-enumeration"
_MARGIN = 1e-7
_SINGULAR = 1e-6
_BATCH = 8192
_MAX_EXACT_SINGULAR = 2000


def _indifference_systems(payoff: np.ndarray) -> np.ndarray:
    """``[[P, -1], [1, 0]]`` for a batch ``P`` of ``k x k`` blocks: ``(N, k+1, k+1)``."""
    n, k, _ = payoff.shape
    system = np.zeros((n, k + 1, k + 1))
    system[:, :k, :k] = payoff
    system[:, :k, k] = -1.0
    system[:, k, :k] = 1.0
    return system


def _exact_strategy(
    payoff: list[list[Fraction]], rows: tuple[int, ...], cols: tuple[int, ...], size: int
) -> tuple[Fraction, ...] | None:
    """The mixed strategy on ``cols`` making every row in ``rows`` indifferent, exactly.

    ``payoff[i][j]`` is the payoff of the player who is made indifferent; returns a full
    probability vector of length ``size``, or ``None`` if the system is singular or the
    solution is not strictly positive on ``cols``.
    """
    k = len(cols)
    matrix = [[payoff[i][j] for j in cols] + [Fraction(-1)] for i in rows]
    matrix.append([Fraction(1)] * k + [Fraction(0)])
    values = solve(matrix, [Fraction(0)] * k + [Fraction(1)])
    if values is None or any(v <= 0 for v in values[:k]):
        return None
    full = [Fraction(0)] * size
    for j, v in zip(cols, values[:k], strict=True):
        full[j] = v
    return tuple(full)


def _support_batches(m: int, n: int, k: int) -> Iterator[tuple[np.ndarray, np.ndarray]]:
    """All pairs (rows, columns) of ``k``-subsets, ``_BATCH`` at a time, generated lazily.

    ``C(m, k)`` alone can be astronomically large (``C(200, 100) ~ 10^59``): nothing of
    that size is ever built, only one batch of pairs at a time.
    """
    pairs = (
        (r, c)
        for r in itertools.combinations(range(m), k)
        for c in itertools.combinations(range(n), k)
    )
    while True:
        batch = list(itertools.islice(pairs, _BATCH))
        if not batch:
            return
        yield (np.array([r for r, _ in batch], dtype=np.intp).reshape(len(batch), k),
               np.array([c for _, c in batch], dtype=np.intp).reshape(len(batch), k))


def _vertex_pairs(profiles: list[tuple]) -> list[tuple[int, int]]:
    """Number the distinct ``x`` and ``y`` of the equilibria: the bipartite graph's edges."""
    xs: dict[tuple, int] = {}
    ys: dict[tuple, int] = {}
    return [(xs.setdefault(x, len(xs)), ys.setdefault(y, len(ys))) for x, y in profiles]


def _order_key(profile: tuple[tuple, ...]) -> tuple:
    size = sum(1 for s in profile for p in s if p > 0)
    return (size, tuple(-float(p) for s in profile for p in s))


def support_enumeration(
    game: NormalFormGame,
    *,
    exact: bool = False,
    tol: float = 1e-9,
    max_support: int | None = None,
    timeout: float | None = None,
    memory: int | str | None = None,
    budget: Budget | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> SolveResult:
    """Nash equilibria of a two-player game by enumerating equal-size support pairs.

    Parameters
    ----------
    game
        A 2-player :class:`NormalFormGame`.
    exact
        Report equilibria as Fractions (needs rational payoffs). Rational games are
        certified exactly in either mode.
    tol
        Float tolerance on the payoffs shifted onto ``[1, 2]``.
    max_support
        Largest support size tried (default: all); a smaller value makes the result
        incomplete.
    timeout, memory, budget
        Limits (seconds, bytes, or the dispatcher's
        :class:`~alliance_games.budget.Budget`): support pairs are generated lazily, one
        batch at a time, and the deadline is checked per batch; past a limit the result
        is incomplete and ``extra["stopped"]`` says why.
    progress
        Called with ``(support pairs done, support pairs in total)``.

    Returns
    -------
    SolveResult
        ``method="support-enumeration"``; ``complete`` is True only when every support
        pair was tried and the game is nondegenerate; ``extra`` has ``degenerate`` and
        ``support_pairs`` (tried, total).
    """
    if game.n_players != 2:
        raise SolverError(
            f"this method needs a 2-player game; {game.name!r} has {game.n_players} players"
        )
    if exact and not game.is_exact:
        exact_needs_rational()
    budget = budget or Budget.start(timeout, memory)
    m, n = game.shape
    budget.require(m * n * 8 * 8, f"support enumeration's {m}x{n} matrices")
    largest = min(m, n) if max_support is None else max(0, min(m, n, max_support))
    total = sum(math.comb(m, k) * math.comb(n, k) for k in range(1, min(m, n) + 1))
    search = _search(game, largest, total, tol, budget, progress)
    try:
        vertices = best_response_vertices(game, tol=tol, budget=budget)
        degenerate = vertices.degenerate
        degeneracy_known = vertices.complete
    except BudgetExceeded:
        vertices, degenerate, degeneracy_known = None, None, False
    profiles = sorted(search.found.values(), key=_order_key)
    equilibria = []
    for profile in profiles:
        if exact:
            equilibria.append(make_equilibrium(game, profile, exact=True))
        else:
            floats = tuple(tuple(float(v) for v in s) for s in profile)
            # a rational game's profiles were certified in Fractions: keep them
            certificate = ExactProfile.of(game, profile) if game.is_exact else None
            equilibria.append(make_equilibrium(game, floats, exact=False, tol=max(tol, 1e-9),
                                               certificate=certificate))
    if not degeneracy_known:
        degenerate = None
    complete, diagnostics = _completeness(
        search, total, largest < min(m, n), largest, degeneracy_known, bool(degenerate),
        game.is_exact, tol,
    )
    return SolveResult(
        game=game,
        method=METHOD,
        complete=complete,
        equilibria=tuple(equilibria),
        exact=exact,
        diagnostics=tuple(diagnostics),
        components=nash_components(_vertex_pairs(profiles)),
        extra={
            "degenerate": degenerate,
            "support_pairs": (search.done, total),
            "rejected_candidates": search.rejected,
            **({"stopped": search.stopped} if search.stopped else {}),
        },
    )


@dataclass
class _Search:
    """What the support search found and how it went (the state of :func:`_search`)."""

    found: dict[tuple, tuple] = field(default_factory=dict)
    done: int = 0
    timed_out: bool = False
    stopped: str | None = None
    delicate: bool = False
    rejected: int = 0
    unresolved: int = 0


def _payoff_matrices(
    game: NormalFormGame,
) -> tuple[np.ndarray, np.ndarray, list[list[Fraction]] | None, list[list[Fraction]] | None]:
    """Both players' payoffs shifted onto ``[1, 2]``: floats ``A``, ``B`` and, for rational
    games, the same in Fractions (``B`` transposed: ``[column][row]``)."""
    a_raw, b_raw = game.bimatrix()
    a = normalized_payoffs_float(a_raw)
    b = normalized_payoffs_float(b_raw)
    a_exact = b_exact = None
    if game.is_exact:
        ea, eb = game.bimatrix(exact=True)
        a_exact = normalized_payoffs(np.asarray(ea, dtype=object))
        b_exact = normalized_payoffs(np.asarray(eb, dtype=object).T)  # [column][row]
    return a, b, a_exact, b_exact


def _search(
    game: NormalFormGame,
    largest: int,
    total: int,
    tol: float,
    budget: Budget,
    progress: Callable[[int, int], None] | None,
) -> _Search:
    """Try every support pair of equal size ``k <= largest``, a batch at a time.

    Float candidates of a rational game, and its nearly singular systems (up to
    ``_MAX_EXACT_SINGULAR``), are re-solved and verified in Fractions; the floats of an
    irrational game are accepted within ``tol``, and undecidable ones mark the search
    ``delicate``.
    """
    m, n = game.shape
    a, b, a_exact, b_exact = _payoff_matrices(game)
    state = _Search()

    def certify(rows: tuple[int, ...], cols: tuple[int, ...]) -> None:
        y = _exact_strategy(a_exact, rows, cols, n)  # type: ignore[arg-type]
        x = _exact_strategy(b_exact, cols, rows, m)  # type: ignore[arg-type]
        if x is None or y is None:
            state.rejected += 1
            return
        try:
            verify_profile(game, (x, y), exact=True)
        except SolverError:
            state.rejected += 1
            return
        state.found.setdefault((x, y), (x, y))

    for k in range(1, largest + 1):
        for rows, cols in _support_batches(m, n, k):
            if budget.expired():
                state.timed_out = True
                state.stopped = "support enumeration stopped at the time limit"
                break
            ok, x, y, worst, passing, near_singular = _solve_batch(a, b, rows, cols, k, tol)
            if game.is_exact and near_singular.size:
                if near_singular.size + state.unresolved > _MAX_EXACT_SINGULAR:
                    state.unresolved += near_singular.size
                else:
                    for p in near_singular:
                        certify(tuple(rows[p].tolist()), tuple(cols[p].tolist()))
            elif near_singular.size:
                state.delicate = True
            for p in np.flatnonzero(worst > -_MARGIN):
                if game.is_exact:
                    certify(tuple(rows[ok[p]].tolist()), tuple(cols[ok[p]].tolist()))
                elif passing[p]:
                    profile = (tuple(x[p].tolist()), tuple(y[p].tolist()))
                    state.found.setdefault(
                        tuple(np.round(np.concatenate([x[p], y[p]]), 9)), profile
                    )
                else:
                    state.delicate = True
            state.done += len(rows)
            if progress is not None:
                progress(state.done, total)
        if state.timed_out:
            break
    return state


def _solve_batch(
    a: np.ndarray, b: np.ndarray, rows: np.ndarray, cols: np.ndarray, k: int, tol: float
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Solve the indifference systems of a batch of ``k x k`` support pairs in floats.

    For support pair ``p`` the column mix ``y`` makes every row in ``rows[p]`` indifferent
    (``A_{rows, cols} y = v``, ``Σ y = 1``), then the row mix ``x`` every column in
    ``cols[p]``. Returns ``ok`` (indices into the batch of the pairs solved), ``x`` and
    ``y`` (full-length mixes), ``worst`` (the most negative of the probabilities and of
    ``v`` minus the best pure payoff), ``passing`` (all positive beyond ``tol`` and
    ``worst >= -tol``), and ``near_singular`` (pairs whose systems were too close to
    singular to solve in floats).
    """
    m, n = a.shape
    # the column player's mix y first: most support pairs fail there already
    sys_y = _indifference_systems(a[rows[:, :, None], cols[:, None, :]])
    det_y = np.abs(np.linalg.det(sys_y))
    regular = det_y > _SINGULAR
    doubtful = [np.flatnonzero(~regular & (det_y > 0.0))]
    ok = np.flatnonzero(regular)
    rhs = np.zeros((ok.size, k + 1, 1))
    rhs[:, k] = 1.0
    sol_y = np.linalg.solve(sys_y[ok], rhs)[:, :, 0]
    y = np.zeros((ok.size, n))
    np.put_along_axis(y, cols[ok], sol_y[:, :k], axis=1)
    slack_y = sol_y[:, k] - (y @ a.T).max(axis=1)  # v - best row payoff
    worst_y = np.minimum(sol_y[:, :k].min(axis=1), slack_y)
    alive = worst_y > -_MARGIN
    ok, sol_y, y, worst_y = ok[alive], sol_y[alive], y[alive], worst_y[alive]
    # then the row player's mix x, for the survivors only
    sys_x = _indifference_systems(
        b[rows[ok][:, :, None], cols[ok][:, None, :]].transpose(0, 2, 1)
    )
    det_x = np.abs(np.linalg.det(sys_x))
    regular = det_x > _SINGULAR
    doubtful.append(ok[~regular & (det_x > 0.0)])
    ok, sol_y, y, worst_y = ok[regular], sol_y[regular], y[regular], worst_y[regular]
    rhs = np.zeros((ok.size, k + 1, 1))
    rhs[:, k] = 1.0
    sol_x = np.linalg.solve(sys_x[regular], rhs)[:, :, 0]
    x = np.zeros((ok.size, m))
    np.put_along_axis(x, rows[ok], sol_x[:, :k], axis=1)
    slack_x = sol_x[:, k] - (x @ b).max(axis=1)
    worst = np.minimum.reduce([worst_y, sol_x[:, :k].min(axis=1), slack_x])
    positive = np.minimum(sol_y[:, :k].min(axis=1), sol_x[:, :k].min(axis=1))
    passing = (positive > tol) & (worst >= -tol)
    return ok, x, y, worst, passing, np.concatenate(doubtful)


def _completeness(
    search: _Search,
    total: int,
    capped: bool,
    largest: int,
    degeneracy_known: bool,
    degenerate: bool,
    is_exact: bool,
    tol: float,
) -> tuple[bool, list[str]]:
    """Whether the list is complete, and the diagnostics saying why not.

    Complete only when every support pair was tried (no time limit, no ``max_support``
    cap), the game is known to be nondegenerate, and no decision was left open.
    """
    diagnostics: list[str] = []
    complete = True
    if search.timed_out:
        complete = False
        diagnostics.append(
            f"Stopped at the time limit after {search.done} of {total} support pairs: the "
            "list of equilibria may be incomplete."
        )
    elif capped:
        complete = False
        diagnostics.append(
            f"Only supports of up to {largest} strategies were tried (max_support): "
            "equilibria with larger supports would be missing."
        )
    if not degeneracy_known:
        complete = False
        diagnostics.append(
            "Could not check within the time or memory budget whether the game is "
            "degenerate, so completeness is not guaranteed."
        )
    elif degenerate:
        complete = False
        diagnostics.append(
            "The game is degenerate (some mixed strategy has more pure best responses than "
            "strategies in its support): equilibria may have supports of unequal size or "
            "form continua, which support enumeration does not list. Use "
            "vertex-enumeration for every extreme equilibrium and the components."
        )
    if search.unresolved:
        complete = False
        diagnostics.append(
            f"{search.unresolved} nearly singular support systems were not decided: the list "
            "may be incomplete."
        )
    if search.delicate:
        complete = False
        diagnostics.append(
            "Some floating-point checks were too close to the tolerance to decide (payoffs "
            "are irrational, so they could not be redone exactly): the list may be "
            "incomplete."
        )
    if not is_exact:
        diagnostics.append(
            "Some payoffs are irrational: equilibria were computed in floating point and "
            f"verified to tolerance {tol:g}, not exactly."
        )
    return complete, diagnostics
