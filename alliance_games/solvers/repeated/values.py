"""Minmax values and the feasible individually rational set of a repeated game.

Player ``i``'s minmax value ``v_i = min_{σ_j} max_{s_i} u_i(s_i, σ_j)`` is a linear
program, certified exactly by a rational pair with equal bounds (minimax theorem); the
feasible payoffs (convex hull of the stage payoffs) above ``(v_1, v_2)`` are those the
folk theorem sustains for ``δ`` close to 1 (Fudenberg & Maskin 1986).

References
----------
Fudenberg, D. & Maskin, E. (1986). The folk theorem in repeated games with discounting or
with incomplete information. *Econometrica* 54(3), 533-554.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction

import numpy as np

from ...errors import SolverError
from ...games.normal import NormalFormGame
from ...numbers import rational_guess
from ..kernels.rational_lp import linprog
from .thresholds import Number, _source

__all__ = [
    "MinmaxValue",
    "minmax_value",
    "pure_minmax_value",
    "feasible_individually_rational_set",
]


# ============================================================================ minmax
@dataclass(frozen=True)
class MinmaxValue:
    """Player's minmax value ``value``; ``punisher`` is the opponent's minimising mix and
    ``guarantee`` the player's own maximin mix; ``exact`` when certified in rationals."""

    player: str
    value: Number
    punisher: tuple[Number, ...]
    guarantee: tuple[Number, ...]
    exact: bool


def pure_minmax_value(game: NormalFormGame, player: int, exact: bool = True) -> Number:
    """``min_{s_{-i}} max_{s_i} u_i`` over pure strategies of the others (any n)."""
    u = np.moveaxis(_source(game, exact)[player], player, 0)
    flat = u.reshape(u.shape[0], -1)
    return min(max(flat[:, k]) for k in range(flat.shape[1]))


def minmax_value(game: NormalFormGame, player: int, exact: bool = True) -> MinmaxValue:
    """Mixed minmax value of ``player`` in a two-player stage game (LP, certified).

    Two linear programs with ``A`` the player's payoffs (rows: own strategies):
    ``min v`` s.t. ``A σ ≤ v``, ``Σσ = 1``, ``σ ≥ 0`` (the opponent's punishing mix)
    and ``max w`` s.t. ``τ A ≥ w``, ``Στ = 1``, ``τ ≥ 0`` (the player's guarantee);
    equal values certify both (minimax theorem). A small stage game is solved by the
    exact rational simplex (:func:`~alliance_games.solvers.kernels.rational_lp.linprog`),
    a large one by HiGHS, whose mixes are then rounded to fractions and certified when
    the payoffs are exact.
    """
    if game.n_players != 2:
        raise SolverError("mixed minmax values are computed for two-player stage games")
    matrix = _source(game, exact)[player]
    if player == 1:
        matrix = matrix.T  # rows: the player's strategies, columns: the opponent's
    rational = exact and game.exact_payoffs is not None
    m, k = matrix.shape
    a = [[Fraction(matrix[r, c]) if rational else float(matrix[r, c]) for c in range(k)]
         for r in range(m)]
    # primal: min v  s.t.  a @ sigma <= v, sum sigma = 1, sigma >= 0
    primal = linprog([0] * k + [1], A_ub=[[*row, -1] for row in a], b_ub=[0] * m,
                     A_eq=[[1] * k + [0]], b_eq=[1], bounds=[(0, None)] * k + [(None, None)])
    # dual: max w  s.t.  tau @ a >= w, sum tau = 1, tau >= 0
    dual = linprog([0] * m + [-1],
                   A_ub=[[*(-a[r][c] for r in range(m)), 1] for c in range(k)], b_ub=[0] * k,
                   A_eq=[[1] * m + [0]], b_eq=[1], bounds=[(0, None)] * m + [(None, None)])
    if not (primal.success and dual.success):  # pragma: no cover - bounded feasible LPs
        raise SolverError("minmax linear program failed")
    assert primal.x is not None and dual.x is not None
    sigma, tau = primal.x[:k], dual.x[:m]
    name = game.players[player]
    if rational and primal.exact and dual.exact and primal.fun == -dual.fun:
        return MinmaxValue(name, primal.fun, tuple(sigma), tuple(tau), True)
    if rational:
        s_r = _rational_simplex(np.array(sigma, dtype=float))
        t_r = _rational_simplex(np.array(tau, dtype=float))
        upper = max(sum((matrix[r, c] * s_r[c] for c in range(k)), Fraction(0))
                    for r in range(m))
        lower = min(sum((matrix[r, c] * t_r[r] for r in range(m)), Fraction(0))
                    for c in range(k))
        if upper == lower:
            return MinmaxValue(name, upper, s_r, t_r, True)
    return MinmaxValue(name, float(primal.fun), tuple(float(v) for v in sigma),
                       tuple(float(v) for v in tau), False)


def _rational_simplex(x: np.ndarray) -> tuple[Fraction, ...]:
    approx = [rational_guess(max(v, 0.0), 10**6) for v in x]
    total = sum(approx, Fraction(0))
    if total == 0:  # pragma: no cover
        return tuple(Fraction(1, len(x)) for _ in x)
    return tuple(v / total for v in approx)


# ============================================================================ folk theorem set
def feasible_individually_rational_set(
    game: NormalFormGame, minmax: Sequence[Number], exact: bool = True
) -> list[tuple[Number, Number]]:
    """Vertices (counter-clockwise) of ``conv{u(s)} ∩ {u_1 ≥ v_1, u_2 ≥ v_2}``.

    Exact in Fractions for rational payoffs: Andrew's monotone-chain hull, then
    Sutherland-Hodgman clipping by the two half-planes.
    """
    if game.n_players != 2:
        raise SolverError("the feasible individually rational set is drawn for two players")
    u = _source(game, exact)
    points = sorted({(u[(0, *p)], u[(1, *p)]) for p in game.profiles_gen()})
    polygon = _convex_hull(points)
    for axis in (0, 1):
        polygon = _clip(polygon, axis, minmax[axis])
    return polygon


def _cross(o: Sequence[Number], a: Sequence[Number], b: Sequence[Number]) -> Number:
    return (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0])


def _convex_hull(points: list[tuple[Number, Number]]) -> list[tuple[Number, Number]]:
    if len(points) <= 2:
        return list(points)
    lower: list[tuple[Number, Number]] = []
    for p in points:
        while len(lower) >= 2 and _cross(lower[-2], lower[-1], p) <= 0:
            lower.pop()
        lower.append(p)
    upper: list[tuple[Number, Number]] = []
    for p in reversed(points):
        while len(upper) >= 2 and _cross(upper[-2], upper[-1], p) <= 0:
            upper.pop()
        upper.append(p)
    return lower[:-1] + upper[:-1]


def _clip(
    polygon: list[tuple[Number, Number]], axis: int, bound: Number
) -> list[tuple[Number, Number]]:
    """Keep the part of ``polygon`` with ``coordinate[axis] >= bound``."""
    if not polygon:
        return []
    out: list[tuple[Number, Number]] = []
    n = len(polygon)
    for k in range(n):
        cur, nxt = polygon[k], polygon[(k + 1) % n]
        cur_in, nxt_in = cur[axis] >= bound, nxt[axis] >= bound
        if cur_in:
            out.append(cur)
        if cur_in != nxt_in and n > 1:
            t = (bound - cur[axis]) / (nxt[axis] - cur[axis])
            point = tuple(cur[j] + t * (nxt[j] - cur[j]) for j in range(2))
            out.append(point)  # type: ignore[arg-type]
    unique: list[tuple[Number, Number]] = []
    for p in out:
        if not unique or p != unique[-1]:
            unique.append(p)
    if len(unique) > 1 and unique[0] == unique[-1]:
        unique.pop()
    return unique
