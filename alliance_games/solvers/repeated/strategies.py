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
from dataclasses import replace
from fractions import Fraction
from typing import Any

from ...equilibrium import Equilibrium, SolveResult, make_equilibrium
from ...errors import SolverError
from ...games.normal import NormalFormGame, Profile
from .margins import finite_horizon, grim_trigger_values, tit_for_tat_best_reply
from .thresholds import (
    Number,
    Threshold,
    _source,
    critical_discount_factors,
    grim_trigger_threshold,
    linear_public_good_threshold,
    pure_stage_equilibria,
    tit_for_tat_threshold,
)
from .values import (
    MinmaxValue,
    feasible_individually_rational_set,
    minmax_value,
    pure_minmax_value,
)

__all__ = [
    "solve_repeated",
    "stage_game_thresholds",
    "folk_theorem_values",
    "stage_equilibria_forever",
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
        ``punishment`` and ``horizon`` (a finite number of periods); otherwise the
        cooperative action is ``info["cooperate"]`` or each player's first strategy.
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
        feasible individually rational set (read in words by
        :mod:`alliance_games.interpretation.repeated`), and with a discount factor
        ``grim_trigger_values`` (per player: ``comply``, ``deviate``, ``margin``, each a
        ``discounted_total`` and a ``per_period_average``; the margin unclipped;
        ``sustained``) and ``tit_for_tat_best_reply`` (``best_reply``, its ``value``,
        the three candidate ``replies``, ``tit_for_tat_is_best_reply``); see
        :mod:`.margins`. With a ``horizon`` the equilibria are the stage equilibria
        played in every period and ``finite_horizon`` holds ``horizon``,
        ``unique_stage_equilibrium``, ``unravelling``, ``stage_equilibrium`` and the
        ``values`` (totals and per-period averages).

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
    settings: Mapping[str, Any] = game.repeated or {}
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
    extra.update(stage_game_thresholds(game, coop))
    if delta is not None:
        extra["grim_trigger_values"] = grim_trigger_values(thresholds, delta)
        if "stage_payoffs" in extra:
            T, R, P, S = (extra["stage_payoffs"][k] for k in "TRPS")
            extra["tit_for_tat_best_reply"] = tit_for_tat_best_reply(T, R, P, S, delta)
    horizon = _horizon(settings.get("horizon"))
    diagnostics = [
        "by the folk theorem a repeated game has many equilibria: listed are the "
        "cooperative grim-trigger (and tit-for-tat) equilibria when the discount factor "
        "sustains them, and the stage game's pure equilibria played forever"
    ] if horizon is None else [
        f"finite horizon of {horizon} periods: solved by backward induction from the "
        "last period"
    ]
    extra.update(folk_theorem_values(game, use_exact))
    if horizon is not None:
        extra["finite_horizon"] = finite_horizon(game, horizon, delta, use_exact)
        equilibria = stage_equilibria_forever(game, use_exact)
        if not extra["finite_horizon"]["unravelling"]:
            diagnostics.append(
                "the stage game has several equilibria: the unravelling argument does not "
                "apply and cooperation may be sustained early on (Benoit & Krishna 1985); "
                "listed are only the stage equilibria repeated")
    else:
        equilibria = _equilibria(game, coop, thresholds, delta, critical, extra, use_exact)
    if delta is None and horizon is None:
        diagnostics.append(
            "no discount factor given: thresholds are reported; set the spec's "
            "discount_factor to list the cooperative equilibrium"
        )
    return SolveResult(
        game=game,
        method="repeated",
        # a finite horizon with a unique stage equilibrium has a unique SPE (unravelling)
        complete=bool(horizon is not None and extra["finite_horizon"]["unravelling"]),
        equilibria=tuple(equilibria),
        exact=use_exact and exact,
        diagnostics=tuple(diagnostics),
        extra=extra,
        requested_method="repeated",
    )


def stage_game_thresholds(game: NormalFormGame, coop: Profile) -> dict[str, Any]:
    """``stage_payoffs`` and tit-for-tat's threshold of a symmetric 2x2 prisoner's
    dilemma (``T > R > P > S``), and the linear public good's ``δ*(n, r)`` by group size
    when ``game.info["linear_public_good"]`` gives ``n`` and ``1 < r < n``."""
    extra: dict[str, Any] = {}
    trps = _trps(game, coop)
    if trps is not None:
        T, R, P, S = trps
        extra["stage_payoffs"] = {"T": T, "R": R, "P": P, "S": S}
        if T > R > P > S:
            extra["tit_for_tat_threshold"] = tit_for_tat_threshold(T, R, P, S)
    lpg = game.linear_public_good
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
    return extra


def folk_theorem_values(game: NormalFormGame, exact: bool) -> dict[str, Any]:
    """Two players: mixed minmax values and the feasible individually rational set;
    more players: pure minmax values."""
    if game.n_players == 2:
        values = [minmax_value(game, i, exact=exact) for i in range(2)]
        minmax_exact = all(v.exact for v in values)
        return {
            "minmax": {v.player: v.value for v in values},
            "minmax_exact": minmax_exact,
            "feasible_individually_rational_set": feasible_individually_rational_set(
                game, [v.value for v in values], exact=exact and minmax_exact
            ),
        }
    return {
        "pure_minmax": {
            p: pure_minmax_value(game, i, exact=exact) for i, p in enumerate(game.players)
        }
    }


def _horizon(value: Any) -> int | None:
    if value is None:
        return None
    number = _as_number(value)
    if number is None or number != int(number) or int(number) < 1:
        raise SolverError(f"the horizon must be a whole number of periods >= 1, found {value}")
    return int(number)


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
    out.extend(stage_equilibria_forever(game, exact))
    return out


def stage_equilibria_forever(game: NormalFormGame, exact: bool) -> list[Equilibrium]:
    """Each pure stage equilibrium played in every period (subgame perfect for any δ)."""
    out = []
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
