"""Infinitely repeated games: when can cooperation (restraint) be sustained?

The stage game is played every period; payoffs are discounted by ``δ`` and measured as
*average* discounted payoffs ``(1-δ) Σ_t δ^t u_t``.

**Grim trigger** (Nash reversion, Friedman 1971). Play the cooperative profile ``c``;
after a deviation by player ``i`` play a stage Nash equilibrium ``p^i`` forever (the
one worst for ``i`` among the pure ones). Punishment is a repeated stage equilibrium,
hence credible; by the one-shot deviation principle the profile is subgame perfect iff
no player gains by deviating once from ``c``:

.. math::

    u_i(c) \\ge (1-δ)\\,\\max_{s_i} u_i(s_i, c_{-i}) + δ\\,u_i(p^i)
    \\iff δ \\ge δ_i^* = \\frac{D_i - u_i(c)}{D_i - u_i(p^i)},

``D_i`` the best one-shot deviation payoff. In the prisoner's dilemma (T > R > P > S)
this is ``δ* = (T-R)/(T-P)``. For the n-player linear public good
``u_i = -x_i + r Σ x_j / n`` (``T = r(n-1)/n``, ``R = r-1``, ``P = 0``) it is
``δ*(n, r) = (n-r)/(r(n-1))``, increasing in ``n``: cooperation is harder in larger
alliances.

**Tit-for-tat** against itself (Axelrod 1984, Proposition 2). The best replies to TFT
are among: always cooperate (``R``), always defect (``(1-δ)T + δP``) and alternate
defect/cooperate (``(T + δS)/(1+δ)``), so TFT is a Nash equilibrium iff
``δ ≥ max{(T-R)/(T-P), (T-R)/(R-S)}``. (It is subgame perfect only on a knife edge.)

**Minmax values and the folk theorem** (two players). Player ``i``'s minmax value is
``v_i = min_{σ_j} max_{s_i} u_i(s_i, σ_j)``, a linear program; by the minimax theorem it
equals ``max_{τ_i} min_{t} u_i(τ_i, t)``, so a rational pair ``(σ_j, τ_i)`` with equal
bounds certifies ``v_i`` exactly. Every feasible payoff vector (in the convex hull of the
stage payoffs) strictly above ``(v_1, v_2)`` is a subgame-perfect equilibrium payoff for
``δ`` close enough to 1 (Fudenberg & Maskin 1986); the hull clipped at the minmax
values is returned as a polygon.

References
----------
Friedman, J. W. (1971). A non-cooperative equilibrium for supergames. *Review of
Economic Studies* 38(1), 1-12.
Axelrod, R. (1984). *The Evolution of Cooperation*. Basic Books.
Fudenberg, D. & Maskin, E. (1986). The folk theorem in repeated games with discounting or
with incomplete information. *Econometrica* 54(3), 533-554.
Jervis, R. (1978). Cooperation under the security dilemma. *World Politics* 30(2).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from fractions import Fraction
from typing import Any

import numpy as np

from ...equilibrium import Equilibrium, SolveResult, make_equilibrium
from ...errors import SolverError
from ...games.normal import NormalFormGame, Profile

__all__ = [
    "solve_repeated",
    "grim_trigger_threshold",
    "tit_for_tat_threshold",
    "linear_public_good_threshold",
    "critical_discount_factors",
    "minmax_value",
    "pure_minmax_value",
    "feasible_individually_rational_set",
    "pure_stage_equilibria",
    "MinmaxValue",
    "Threshold",
]

Number = Fraction | float


def grim_trigger_threshold(T: Number, R: Number, P: Number) -> Number:
    """``(T-R)/(T-P)``: the least ``δ`` at which grim trigger sustains cooperation.

    Examples
    --------
    >>> grim_trigger_threshold(Fraction(5), Fraction(3), Fraction(1))
    Fraction(1, 2)
    """
    if T <= R:
        return 0 * T
    if T <= P:
        raise SolverError("grim trigger needs T > P (the punishment must hurt)")
    return (T - R) / (T - P)


def tit_for_tat_threshold(T: Number, R: Number, P: Number, S: Number) -> Number:
    """``max{(T-R)/(T-P), (T-R)/(R-S)}`` (Axelrod 1984, Proposition 2).

    Examples
    --------
    >>> tit_for_tat_threshold(Fraction(5), Fraction(3), Fraction(1), Fraction(0))
    Fraction(2, 3)
    """
    if not (R > S and R > P):
        raise SolverError("the tit-for-tat condition needs R > S and R > P")
    if T <= R:
        return 0 * T
    return max((T - R) / (T - P), (T - R) / (R - S))


def linear_public_good_threshold(n: int, multiplier: Number) -> Number:
    """``δ*(n, r) = (n - r)/(r (n - 1))`` for the n-player linear public good.

    Examples
    --------
    >>> linear_public_good_threshold(4, Fraction(2))
    Fraction(1, 3)
    """
    if not 1 < multiplier < n:
        raise SolverError(f"the linear public good is a dilemma only for 1 < r < n = {n}")
    return (n - multiplier) / (multiplier * (n - 1))


# ============================================================================ stage game
def _source(game: NormalFormGame, exact: bool) -> np.ndarray:
    if exact and game.exact_payoffs is not None:
        return game.exact_payoffs
    return game.payoffs


def pure_stage_equilibria(game: NormalFormGame, exact: bool = True) -> list[Profile]:
    """All pure Nash equilibria of the stage game (brute force; small games)."""
    u = _source(game, exact)
    out = []
    for profile in game.profiles_gen():
        stable = True
        for i in range(game.n_players):
            current = u[(i, *profile)]
            for s in range(game.shape[i]):
                alt = profile[:i] + (s,) + profile[i + 1:]
                if u[(i, *alt)] > current:
                    stable = False
                    break
            if not stable:
                break
        if stable:
            out.append(profile)
    return out


@dataclass(frozen=True)
class Threshold:
    """Player ``i``'s grim-trigger condition: ``δ ≥ delta``.

    ``cooperate`` = ``u_i(c)``, ``deviation`` = ``D_i``, ``punishment`` = ``u_i(p^i)``;
    ``delta`` is ``None`` when Nash reversion cannot deter ``i`` (``u_i(p^i) ≥ u_i(c)``).
    """

    player: str
    cooperate: Number
    deviation: Number
    punishment: Number
    punishment_profile: Profile
    delta: Number | None


def critical_discount_factors(
    game: NormalFormGame,
    cooperate: Profile,
    punishment: Profile | None = None,
    exact: bool = True,
) -> tuple[Threshold, ...]:
    """Each player's grim-trigger threshold ``δ_i*`` (see the module docstring).

    ``punishment`` must be a pure stage equilibrium; by default each deviator is punished
    with the pure stage equilibrium it likes least.
    """
    u = _source(game, exact)
    equilibria = pure_stage_equilibria(game, exact)
    if punishment is not None and punishment not in equilibria:
        raise SolverError(
            f"the punishment profile {game.profile_name(punishment)} is not a stage Nash "
            "equilibrium, so reverting to it is not credible"
        )
    if not equilibria:
        raise SolverError("the stage game has no pure Nash equilibrium to revert to")
    out = []
    for i, player in enumerate(game.players):
        value = u[(i, *cooperate)]
        deviation = max(
            u[(i, *(cooperate[:i] + (s,) + cooperate[i + 1:]))] for s in range(game.shape[i])
        )
        chosen = punishment or min(equilibria, key=lambda p, i=i: u[(i, *p)])
        punish = u[(i, *chosen)]
        if deviation <= value:
            delta: Number | None = 0 * value
        elif punish >= value:
            delta = None
        else:
            delta = (deviation - value) / (deviation - punish)
        out.append(Threshold(player, value, deviation, punish, chosen, delta))
    return tuple(out)


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
    """Mixed minmax value of ``player`` in a two-player stage game (LP, certified)."""
    from scipy.optimize import linprog

    if game.n_players != 2:
        raise SolverError("mixed minmax values are computed for two-player stage games")
    matrix = _source(game, exact)[player]
    if player == 1:
        matrix = matrix.T  # rows: the player's strategies, columns: the opponent's
    a = np.asarray(matrix, dtype=float)
    m, k = a.shape
    # primal: min v  s.t.  a @ sigma <= v, sum sigma = 1, sigma >= 0
    primal = linprog(
        c=np.r_[np.zeros(k), 1.0],
        A_ub=np.c_[a, -np.ones(m)],
        b_ub=np.zeros(m),
        A_eq=np.r_[np.ones(k), 0.0].reshape(1, -1),
        b_eq=[1.0],
        bounds=[(0, None)] * k + [(None, None)],
        method="highs",
    )
    # dual: max w  s.t.  tau @ a >= w, sum tau = 1, tau >= 0
    dual = linprog(
        c=np.r_[np.zeros(m), -1.0],
        A_ub=np.c_[-a.T, np.ones(k)],
        b_ub=np.zeros(k),
        A_eq=np.r_[np.ones(m), 0.0].reshape(1, -1),
        b_eq=[1.0],
        bounds=[(0, None)] * m + [(None, None)],
        method="highs",
    )
    if not (primal.success and dual.success):  # pragma: no cover - bounded feasible LPs
        raise SolverError("minmax linear program failed")
    sigma, tau = primal.x[:k], dual.x[:m]
    name = game.players[player]
    if exact and game.exact_payoffs is not None:
        s_r, t_r = _rational_simplex(sigma), _rational_simplex(tau)
        upper = max(sum((matrix[r, c] * s_r[c] for c in range(k)), Fraction(0))
                    for r in range(m))
        lower = min(sum((matrix[r, c] * t_r[r] for r in range(m)), Fraction(0))
                    for c in range(k))
        if upper == lower:
            return MinmaxValue(name, upper, s_r, t_r, True)
    return MinmaxValue(name, float(primal.fun), tuple(sigma), tuple(tau), False)


def _rational_simplex(x: np.ndarray) -> tuple[Fraction, ...]:
    approx = [Fraction(float(max(v, 0.0))).limit_denominator(10**6) for v in x]
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


# ============================================================================ entry point
def solve_repeated(
    game: NormalFormGame,
    *,
    exact: bool = False,
    discount_factor: Any = None,
    cooperate: Sequence[str] | None = None,
) -> SolveResult:
    """Critical discount factors, minmax values and cooperative equilibria of a repeated game.

    Parameters
    ----------
    game
        The stage game. ``game.info["repeated"]`` may give ``discount_factor``,
        ``cooperate`` (a strategy name per player, or one name for all) and
        ``punishment``; otherwise the cooperative action is ``info["cooperate"]`` or each
        player's first strategy.
    exact
        Thresholds and minmax values in Fractions (rational payoffs).
    discount_factor, cooperate
        Override the values in ``game.info["repeated"]``.

    Returns
    -------
    SolveResult
        ``method="repeated"``. Equilibria: the grim-trigger cooperative equilibrium when
        ``δ ≥ δ*``, tit-for-tat (two-player prisoner's dilemmas) when its condition holds,
        and every pure stage equilibrium played forever. ``complete=False``: by the folk
        theorem there are many more. ``extra`` holds the thresholds, minmax values, the
        feasible individually rational set and ``predictions``.

    Examples
    --------
    >>> pd = NormalFormGame.from_arrays([[[3, 0], [5, 1]], [[3, 5], [0, 1]]],
    ...                                 strategies=[["C", "D"], ["C", "D"]])
    >>> r = solve_repeated(pd, discount_factor=Fraction(3, 4), exact=True)
    >>> r.extra["critical_discount_factor"], r.extra["tit_for_tat_threshold"]
    (Fraction(1, 2), Fraction(2, 3))
    """
    if not isinstance(game, NormalFormGame):
        raise SolverError("repeated-game analysis needs a normal-form stage game")
    settings: Mapping[str, Any] = game.info.get("repeated") or {}
    exact_ok = game.exact_payoffs is not None
    use_exact = exact_ok  # thresholds are exact whenever payoffs are rational
    delta = _as_number(discount_factor if discount_factor is not None
                       else settings.get("discount_factor"))
    if delta is not None and not 0 <= delta < 1:
        raise SolverError(f"the discount factor must lie in [0, 1), found {delta}")
    coop = _cooperative_profile(game, cooperate or settings.get("cooperate"))
    punish = settings.get("punishment")
    punish_profile = _profile_from_names(game, punish) if punish else None
    thresholds = critical_discount_factors(game, coop, punish_profile, exact=use_exact)
    deterrable = all(t.delta is not None for t in thresholds)
    critical = max(t.delta for t in thresholds) if deterrable else None  # type: ignore[type-var]
    extra: dict[str, Any] = {
        "cooperative_profile": dict(zip(game.players, game.profile_name(coop), strict=True)),
        "discount_factor": delta,
        "critical_discount_factor": critical,
        "thresholds": {
            t.player: {
                "cooperation_payoff": t.cooperate,
                "best_deviation_payoff": t.deviation,
                "punishment_payoff": t.punishment,
                "punishment_profile": list(game.profile_name(t.punishment_profile)),
                "critical_discount_factor": t.delta,
            }
            for t in thresholds
        },
    }
    trps = _trps(game, coop)
    if trps is not None:
        T, R, P, S = trps
        extra["stage_payoffs"] = {"T": T, "R": R, "P": P, "S": S}
        if T > R > P > S:
            extra["tit_for_tat_threshold"] = tit_for_tat_threshold(T, R, P, S)
    lpg = game.info.get("linear_public_good")
    if lpg is not None:
        n, r = int(lpg["n"]), _as_number(lpg["multiplier"])
        if r is not None and 1 < r < n:
            extra["linear_public_good"] = {
                "n": n,
                "multiplier": r,
                "formula": "(n - r) / (r (n - 1))",
                "threshold": linear_public_good_threshold(n, r),
                "threshold_by_group_size": {
                    m: linear_public_good_threshold(m, r)
                    for m in range(int(r) + 1 if r == int(r) else int(r) + 1, max(n + 4, 8))
                    if m > r
                },
            }
    diagnostics = [
        "by the folk theorem a repeated game has many equilibria: listed are the "
        "cooperative grim-trigger (and tit-for-tat) equilibria when the discount factor "
        "sustains them, and the stage game's pure equilibria played forever"
    ]
    if game.n_players == 2:
        values = [minmax_value(game, i, exact=use_exact) for i in range(2)]
        extra["minmax"] = {v.player: v.value for v in values}
        extra["minmax_exact"] = all(v.exact for v in values)
        extra["feasible_individually_rational_set"] = feasible_individually_rational_set(
            game, [v.value for v in values], exact=use_exact and extra["minmax_exact"]
        )
    else:
        extra["pure_minmax"] = {
            p: pure_minmax_value(game, i, exact=use_exact) for i, p in enumerate(game.players)
        }
    equilibria = _equilibria(game, coop, thresholds, delta, critical, extra, use_exact)
    if delta is None:
        diagnostics.append(
            "no discount factor given: thresholds are reported; set the spec's "
            "discount_factor to list the cooperative equilibrium"
        )
    return SolveResult(
        game=game,
        method="repeated",
        complete=False,
        equilibria=tuple(equilibria),
        exact=use_exact and exact,
        diagnostics=tuple(diagnostics),
        extra=extra,
        requested_method="repeated",
    )


def _as_number(value: Any) -> Number | None:
    if value is None:
        return None
    if isinstance(value, Fraction | float):
        return value
    if isinstance(value, int):
        return Fraction(value)
    try:
        import sympy

        if isinstance(value, sympy.Basic):
            if value.is_Rational:
                return Fraction(int(value.p), int(value.q))
            return float(value)
    except ImportError:  # pragma: no cover
        pass
    try:
        return Fraction(str(value))
    except (TypeError, ValueError):
        return float(value)


def _cooperative_profile(game: NormalFormGame, names: Any) -> Profile:
    if names is None:
        names = game.info.get("cooperate")
    if names is None:
        return tuple(0 for _ in game.players)
    return _profile_from_names(game, names)


def _profile_from_names(game: NormalFormGame, names: Any) -> Profile:
    if isinstance(names, str):
        names = [names] * game.n_players
    if len(names) != game.n_players:
        raise SolverError(f"a profile needs one strategy per player, found {list(names)}")
    return tuple(game.strategy_index(i, str(s)) for i, s in enumerate(names))


def _trps(game: NormalFormGame, coop: Profile) -> tuple[Number, ...] | None:
    """``(T, R, P, S)`` of a symmetric 2x2 stage game (cooperate = ``coop``)."""
    if game.n_players != 2 or game.shape != (2, 2) or coop[0] != coop[1]:
        return None
    u = _source(game, True)
    c, d = coop[0], 1 - coop[0]
    R, S, T, P = u[0, c, c], u[0, c, d], u[0, d, c], u[0, d, d]
    if (u[1, c, c], u[1, d, c], u[1, c, d], u[1, d, d]) != (R, S, T, P):
        return None
    return T, R, P, S


def _equilibria(
    game: NormalFormGame,
    coop: Profile,
    thresholds: Sequence[Threshold],
    delta: Number | None,
    critical: Number | None,
    extra: dict[str, Any],
    exact: bool,
) -> list[Equilibrium]:
    out: list[Equilibrium] = []
    u = _source(game, exact)
    names = game.profile_name(coop)
    label = game.outcomes.get(coop)
    one: Number = Fraction(1) if exact else 1.0
    if delta is not None and critical is not None and delta >= critical and critical > 0:
        regret = max(
            max(0.0, float((1 - delta) * t.deviation + delta * t.punishment - t.cooperate))
            for t in thresholds
        )
        out.append(
            Equilibrium(
                players=game.players,
                strategies={
                    p: {s: (one if k == coop[i] else 0 * one)
                        for k, s in enumerate(game.strategies[i])}
                    for i, p in enumerate(game.players)
                },
                payoffs={p: u[(i, *coop)] for i, p in enumerate(game.players)},
                regret=regret,
                exact=exact,
                outcomes={label: one} if label else {},
                concept="subgame perfect (grim trigger)",
                notes=(
                    f"on path every period: {', '.join(names)}; after a deviation the stage "
                    "equilibrium worst for the deviator is played forever",
                ),
                extra={"one_shot_deviation_gain": regret, "discount_factor": delta},
            )
        )
    tft = extra.get("tit_for_tat_threshold")
    if delta is not None and tft is not None and delta >= tft:
        T, R, P, S = (extra["stage_payoffs"][k] for k in "TRPS")
        best_alt = max((1 - delta) * T + delta * P, (T + delta * S) / (1 + delta))
        regret = max(0.0, float(best_alt - R))
        out.append(
            Equilibrium(
                players=game.players,
                strategies={
                    p: {s: (one if k == coop[i] else 0 * one)
                        for k, s in enumerate(game.strategies[i])}
                    for i, p in enumerate(game.players)
                },
                payoffs={p: R for p in game.players},
                regret=regret,
                exact=exact,
                outcomes={label: one} if label else {},
                concept="nash (tit-for-tat)",
                notes=("both play tit-for-tat: cooperate first, then copy the other's last move",),
                extra={"discount_factor": delta},
            )
        )
    for profile in pure_stage_equilibria(game, exact):
        values = [Fraction(1) if s == profile[i] else Fraction(0)
                  for i in range(game.n_players) for s in range(game.shape[i])]
        rows, k = [], 0
        for m in game.shape:
            rows.append(values[k:k + m])
            k += m
        eq = make_equilibrium(game, rows, exact=exact and game.exact_payoffs is not None)
        out.append(replace(eq, concept="subgame perfect (stage equilibrium repeated)",
                           notes=("the stage equilibrium is played in every period",)))
    return out
