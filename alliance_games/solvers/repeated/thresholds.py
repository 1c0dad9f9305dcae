"""Critical discount factors of a repeated game: grim trigger, tit-for-tat, linear public good.

By the one-shot deviation principle grim trigger (Nash reversion, Friedman 1971)
sustains the cooperative profile ``c`` iff ``δ ≥ δ_i^* = (D_i - u_i(c)) / (D_i - u_i(p^i))``
for every player ``i`` (``D_i`` the best one-shot deviation payoff, ``p^i`` the pure stage
equilibrium worst for ``i``); see :mod:`.strategies` for the derivations.

References
----------
Friedman, J. W. (1971). A non-cooperative equilibrium for supergames. *Review of
Economic Studies* 38(1), 1-12.
Axelrod, R. (1984). *The Evolution of Cooperation*. Basic Books.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

import numpy as np

from ...errors import SolverError
from ...games.normal import NormalFormGame, Profile

__all__ = [
    "grim_trigger_threshold",
    "tit_for_tat_threshold",
    "linear_public_good_threshold",
    "critical_discount_factors",
    "pure_stage_equilibria",
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
        chosen = punishment or min(equilibria, key=lambda p: u[(i, *p)])
        punish = u[(i, *chosen)]
        if deviation <= value:
            delta: Number | None = 0 * value
        elif punish >= value:
            delta = None
        else:
            delta = (deviation - value) / (deviation - punish)
        out.append(Threshold(player, value, deviation, punish, chosen, delta))
    return tuple(out)
