"""Iterated elimination of strictly dominated strategies (IESDS), n players.

Strategy ``s`` of player ``i`` is *strictly dominated* when some mixed strategy ``σ`` over
``i``'s other strategies does strictly better against every opponents' profile:

.. math::

    \\sum_t \\sigma_t\\, u_i(t, s_{-i}) > u_i(s, s_{-i}) \\quad \\text{for all } s_{-i}.

This is decided by the linear programme

.. math::

    \\varepsilon^* = \\max_{\\sigma, \\varepsilon} \\varepsilon \\quad\\text{s.t.}\\quad
    \\sum_t \\sigma_t u_i(t, s_{-i}) \\ge u_i(s, s_{-i}) + \\varepsilon \\;\\forall s_{-i},
    \\quad \\sigma \\ge 0,\\ \\textstyle\\sum_t \\sigma_t = 1,

``s`` being strictly dominated iff ``ε* > 0`` (solved with HiGHS through
:func:`scipy.optimize.linprog`). Domination by a pure strategy is checked first; it gives
the simplest certificate.

The elimination runs in rounds: each round visits the players in order and, for each,
their strategies in order, removing a strategy as soon as it is found dominated in the
*current* game (so every recorded certificate is valid in the game just before its step).
It stops after a round that removes nothing. For strict domination in finite games the
surviving set does not depend on the order (Gilboa, Kalai and Zemel 1990), and every Nash
equilibrium of the original game survives.

In exact mode the LP's ``σ`` is rationalised (:meth:`fractions.Fraction.limit_denominator`
on a few denominator bounds, then renormalised) and the strict inequalities are checked
in rationals; when no rational certificate is found the strategy is kept and a note says
so. Float mode checks the margin of the LP's ``σ`` against ``tol`` times the payoff scale.

References
----------
D. Fudenberg and J. Tirole, *Game Theory*, MIT Press, 1991, §2.1 (iterated strict
dominance, domination by mixed strategies).
I. Gilboa, E. Kalai and E. Zemel, "On the order of eliminating dominated strategies,"
*Operations Research Letters* 9(2), 1990, 85-89.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from fractions import Fraction
from types import MappingProxyType
from typing import Any

import numpy as np
from scipy.optimize import linprog

from ...equilibrium import DEFAULT_TOL, ExactProfile, SolveResult, make_equilibrium
from ...games.normal import NormalFormGame, Profile
from ...numbers import exact_needs_rational, rational_guess
from .pure import is_exact_pure_equilibrium, pure_equilibrium_profiles

__all__ = ["Elimination", "IESDSResult", "iterated_elimination", "solve_iesds"]

Number = Fraction | float
_DENOMINATOR_BOUNDS = (1, 2, 4, 6, 8, 10, 12, 24, 60, 100, 1000, 10**4, 10**6, 10**9)


@dataclass(frozen=True)
class Elimination:
    """One elimination step.

    Attributes
    ----------
    player, strategy
        Who loses which strategy.
    dominated_by
        The dominating mixed strategy: ``strategy -> probability`` over its support
        (Fractions in exact mode, floats otherwise).
    round
        The round (1-based) in which the step happened.
    """

    player: str
    strategy: str
    dominated_by: Mapping[str, Number]
    round: int

    def __post_init__(self) -> None:
        object.__setattr__(self, "dominated_by", MappingProxyType(dict(self.dominated_by)))

    def as_dict(self) -> dict[str, Any]:
        """Plain data: probabilities as strings (``"1/2"``, or a float's ``"0.5"``)."""
        return {
            "player": self.player,
            "strategy": self.strategy,
            "dominated_by": {t: _prob_str(p) for t, p in self.dominated_by.items()},
            "round": self.round,
        }


@dataclass(frozen=True)
class IESDSResult:
    """The outcome of :func:`iterated_elimination`.

    Attributes
    ----------
    game
        The reduced game (strategies that survived).
    eliminations
        The steps, in order.
    original
        The game elimination started from.
    notes
        Plain-language remarks (e.g. a dominance the LP saw but could not certify exactly).
    """

    game: NormalFormGame
    eliminations: tuple[Elimination, ...]
    original: NormalFormGame
    notes: tuple[str, ...] = field(default=())


def _prob_str(p: Number) -> str:
    return str(p) if isinstance(p, Fraction) else format(float(p), ".12g")


# ---------------------------------------------------------------------- kernels
def _against_rest(table: np.ndarray, player: int) -> np.ndarray:
    """``table`` (one player's payoffs) as a matrix: rows = own strategies, cols = ``s_{-i}``."""
    return np.moveaxis(table, player, 0).reshape(table.shape[player], -1)


def _margin(matrix: np.ndarray, s: int, sigma: Mapping[int, Number]) -> Number:
    """``min_{s_-i} (Σ_t σ_t u(t, s_-i) - u(s, s_-i))``: positive iff σ strictly dominates s."""
    mixed = sum(p * matrix[t] for t, p in sigma.items())
    return min(mixed - matrix[s])


def _lp_dominator(matrix: np.ndarray, s: int) -> tuple[float, dict[int, float]] | None:
    """Solve the domination LP for row ``s``; return ``(ε*, σ)`` or None if it fails."""
    others = [t for t in range(matrix.shape[0]) if t != s]
    k, cols = len(others), matrix.shape[1]
    # variables: σ_t for t in others, then ε; minimise -ε
    c = np.zeros(k + 1)
    c[-1] = -1.0
    a_ub = np.hstack([-matrix[others].T, np.ones((cols, 1))])
    b_ub = -matrix[s]
    a_eq = np.hstack([np.ones((1, k)), np.zeros((1, 1))])
    bounds = [(0.0, None)] * k + [(None, None)]
    res = linprog(c, A_ub=a_ub, b_ub=b_ub, A_eq=a_eq, b_eq=[1.0], bounds=bounds,
                  method="highs")
    if res.status != 0:
        return None
    sigma = np.clip(res.x[:k], 0.0, None)
    sigma = sigma / sigma.sum()
    return float(-res.fun), {t: float(p) for t, p in zip(others, sigma, strict=True) if p > 0}


def _rationalise(sigma: Mapping[int, float], bound: int) -> dict[int, Fraction] | None:
    approx = {t: rational_guess(p, bound) for t, p in sigma.items()}
    approx = {t: p for t, p in approx.items() if p > 0}
    total = sum(approx.values(), Fraction(0))
    if total == 0:
        return None
    return {t: p / total for t, p in approx.items()}


def _find_dominator(
    exact_matrix: np.ndarray | None,
    float_matrix: np.ndarray,
    s: int,
    *,
    mixed: bool,
    threshold: float,
) -> tuple[dict[int, Number] | None, bool]:
    """A certificate that row ``s`` is strictly dominated, or None.

    The second value is True when the LP found domination but exact mode could not
    certify it with a rational σ.
    """
    rows = float_matrix.shape[0]
    for t in range(rows):  # pure domination first
        if t == s:
            continue
        if exact_matrix is not None:
            if _margin(exact_matrix, s, {t: Fraction(1)}) > 0:
                return {t: Fraction(1)}, False
        elif _margin(float_matrix, s, {t: 1.0}) > threshold:
            return {t: 1.0}, False
    if not mixed or rows < 3:  # with two rows, mixed domination is pure domination
        return None, False
    solved = _lp_dominator(float_matrix, s)
    if solved is None:
        return None, False
    epsilon, sigma = solved
    if exact_matrix is None:
        if epsilon > threshold and _margin(float_matrix, s, sigma) > threshold:
            return dict(sigma), False
        return None, False
    if epsilon <= 0:
        return None, False
    for bound in _DENOMINATOR_BOUNDS:
        candidate = _rationalise(sigma, bound)
        if candidate is not None and _margin(exact_matrix, s, candidate) > 0:
            return dict(candidate), False
    return None, epsilon > threshold


# ---------------------------------------------------------------------- public API
def iterated_elimination(
    game: NormalFormGame,
    *,
    mixed: bool = True,
    exact: bool = False,
    tol: float = DEFAULT_TOL,
) -> IESDSResult:
    """Iteratively remove strictly dominated strategies.

    Parameters
    ----------
    game
        An n-player normal-form game.
    mixed
        Also test domination by mixed strategies (an LP per strategy); with ``False`` only
        domination by a pure strategy is used.
    exact
        Certify every elimination in rational arithmetic (needs rational payoffs).
    tol
        Float mode: a strategy is eliminated only if the dominator wins by more than
        ``tol * max(1, max |u|)`` against every opponents' profile.

    Returns
    -------
    IESDSResult
        The reduced game, the eliminations in order and the original game.

    Examples
    --------
    >>> pd = NormalFormGame.from_arrays([[[3, 0], [5, 1]], [[3, 5], [0, 1]]],
    ...                                 players=["A", "B"], strategies=[["C", "D"]] * 2)
    >>> r = iterated_elimination(pd, exact=True)
    >>> [(e.player, e.strategy, dict(e.dominated_by)) for e in r.eliminations]
    [('A', 'C', {'D': Fraction(1, 1)}), ('B', 'C', {'D': Fraction(1, 1)})]
    """
    if exact and game.exact_payoffs is None:
        exact_needs_rational()
    threshold = tol * max(1.0, float(np.max(np.abs(game.payoffs))))
    kept: list[list[int]] = [list(range(m)) for m in game.shape]
    steps: list[Elimination] = []
    notes: list[str] = []
    uncertified: set[tuple[int, int]] = set()
    exact_payoffs = game.exact_payoffs if exact else None
    round_number = 0
    changed = True
    while changed:
        changed = False
        round_number += 1
        for i in range(game.n_players):
            position = 0
            while position < len(kept[i]) and len(kept[i]) > 1:
                index = np.ix_(*kept)
                float_matrix = _against_rest(game.payoffs[i][index], i)
                exact_matrix = (
                    _against_rest(exact_payoffs[i][index], i)
                    if exact_payoffs is not None else None
                )
                sigma, missed = _find_dominator(
                    exact_matrix, float_matrix, position, mixed=mixed, threshold=threshold
                )
                original_s = kept[i][position]
                if sigma is None:
                    if missed and (i, original_s) not in uncertified:
                        uncertified.add((i, original_s))
                        notes.append(
                            f"{game.players[i]}'s strategy "
                            f"{game.strategies[i][original_s]!r} looks strictly dominated "
                            "(LP) but no rational certificate was found, so exact mode "
                            "keeps it"
                        )
                    position += 1
                    continue
                steps.append(
                    Elimination(
                        player=game.players[i],
                        strategy=game.strategies[i][original_s],
                        dominated_by={
                            game.strategies[i][kept[i][t]]: p for t, p in sigma.items()
                        },
                        round=round_number,
                    )
                )
                del kept[i][position]
                changed = True
    return IESDSResult(
        game=game.restrict(kept), eliminations=tuple(steps), original=game, notes=tuple(notes)
    )


def _to_original(result: IESDSResult, profile: Profile) -> Profile:
    reduced, original = result.game, result.original
    return tuple(
        original.strategy_index(i, reduced.strategies[i][s]) for i, s in enumerate(profile)
    )


def solve_iesds(
    game: NormalFormGame, *, exact: bool = False, tol: float = DEFAULT_TOL
) -> SolveResult:
    """Solve by iterated strict dominance (pure and mixed dominators).

    If one profile survives, it is the game's unique Nash equilibrium (``complete=True``).
    Otherwise the pure equilibria of the reduced game are returned (they are exactly the
    pure equilibria of the original game) with ``complete=False``: mixed equilibria are
    not searched. Every equilibrium is verified in the original game.

    Returns
    -------
    SolveResult
        Method ``"iesds"``; ``extra["eliminations"]`` lists the steps as plain data
        (``player``, ``strategy``, ``dominated_by`` as strategy -> probability string,
        ``round``) and ``extra["surviving"]`` the strategies left to each player.

    Examples
    --------
    >>> pd = NormalFormGame.from_arrays([[[3, 0], [5, 1]], [[3, 5], [0, 1]]],
    ...                                 players=["A", "B"], strategies=[["C", "D"]] * 2)
    >>> res = solve_iesds(pd, exact=True)
    >>> res.complete, res[0].support("A"), res[0].support("B")
    (True, ('D',), ('D',))
    """
    result = iterated_elimination(game, mixed=True, exact=exact, tol=tol)
    reduced = result.game
    one, zero = 1, 0
    diagnostics = list(result.notes)
    removed = len(result.eliminations)
    dims = "x".join(str(m) for m in reduced.shape)
    diagnostics.append(
        f"iterated strict dominance removed {removed} "
        f"strateg{'y' if removed == 1 else 'ies'}; the reduced game is {dims}"
    )
    if all(m == 1 for m in reduced.shape):
        profiles = [tuple(0 for _ in reduced.shape)]
        complete = True
        diagnostics.append("dominance solvable: the surviving profile is the unique equilibrium")
    else:
        profiles = pure_equilibrium_profiles(reduced, exact=exact, tol=tol)
        complete = False
        diagnostics.append(
            "the reduced game has several profiles: only its pure equilibria are listed; "
            "mixed equilibria are not searched"
        )
    equilibria = []
    for profile in profiles:
        full = _to_original(result, profile)
        mixed = [
            [one if j == s else zero for j in range(m)]
            for s, m in zip(full, game.shape, strict=True)
        ]
        certified = not exact and game.is_exact and is_exact_pure_equilibrium(game, full)
        equilibria.append(make_equilibrium(  # certified: JSON's exact mirror
            game, mixed, exact=exact, tol=tol,
            certificate=ExactProfile.pure(game, full) if certified else None))
    return SolveResult(
        game=game,
        method="iesds",
        complete=complete,
        equilibria=tuple(equilibria),
        exact=exact,
        diagnostics=tuple(diagnostics),
        extra={
            "eliminations": [step.as_dict() for step in result.eliminations],
            "surviving": {p: list(reduced.strategies[i]) for i, p in enumerate(game.players)},
        },
    )

