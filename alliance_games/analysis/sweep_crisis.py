"""Vectorised sweeps of the risk-return trade-off (``crisis_bargaining``, ``model:
risk_return`` with a uniform cost distribution) over a whole grid.

The proposer with war-winning probability ``p`` and cost ``c_A`` faces a responder whose
cost is uniform on ``[lo, hi]``; with ``t° = (hi - c_A)/2`` the optimal cutoff is
(Fearon 1995, pp. 395-401; :func:`~alliance_games.solvers.crisis.risk_return.
uniform_optimum`):

==================  ==============================  ======================
regime              region                          cutoff ``t*``
==================  ==============================  ======================
whole_stake_peace   ``lo ≥ 1 - p``                  ``1 - p``
safe                ``lo < 1 - p``, ``t° ≤ lo``     ``lo``
risk_return         ``lo < t° < 1 - p``             ``t°``
whole_stake         ``lo < 1 - p ≤ t°``             ``1 - p``
==================  ==============================  ======================

so the boundaries are ``lo = 1 - p``, ``hi - c_A = 2 lo`` and ``hi - c_A = 2 (1 - p)``;
the demand is ``p + t*`` and the probability of war ``F(t*) = (t* - lo)/(hi - lo)``
clipped to ``[0, 1]``. :func:`classify` decides the regime of every point with numpy;
each point's figures (every one of them an exact column) are then those of the solver's
own functions (:func:`~alliance_games.solvers.crisis.risk_return.analysis` on the exact
data), without the per-point compile and without the certificate's 200 evaluations of
``U``: ``U`` is strictly concave on ``[lo, hi]`` and ``t*`` its exact maximiser on the
feasible cutoffs, so the certificate's gain is 0, as the per-point path finds. A point
whose float regime is within ``1e-9`` of a boundary is decided in Fractions.

References
----------
Fearon, J. D. (1995). Rationalist explanations for war. *International Organization*
49(3), 379-414.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from fractions import Fraction
from typing import Any

import numpy as np

from ..games.crisis import CostDistribution, RiskReturnGame
from ..solvers.crisis.risk_return import (
    RiskReturnSolution,
    analysis,
    proposer_payoff,
    responder_payoff,
    uniform_optimum,
)

__all__ = ["classify", "extract", "valid", "point_record", "REGIME_CODES"]

TIE = 1e-9
EXACT = -1
REGIME_CODES = ("whole_stake_peace", "safe", "risk_return", "whole_stake")
PEACE, WAR = "peaceful settlement", "war by miscalculation"

Row = tuple[int, bool, str, str, dict[str, tuple[float, float]],
            dict[str, tuple[Fraction, Fraction]], Any, Any]


def extract(game: Any) -> tuple[Any, tuple[Fraction, ...]] | None:
    """``(players, (p, c_A, lo, hi))`` of a risk-return game with uniform rational costs;
    None for any other game."""
    if getattr(game, "model", None) != "risk_return":
        return None
    dist = game.responder_cost
    data = (game.power, game.proposer_cost, dist.low, dist.high)
    if dist.kind != "uniform" or not all(isinstance(v, Fraction) for v in data):
        return None
    return tuple(game.players), data


def valid(structure: Any, data: Sequence[Fraction]) -> bool:
    """The compiler's and the game's checks: ``0 ≤ p ≤ 1``, ``c_A ≥ 0``,
    ``0 ≤ lo < hi``."""
    p, c_a, lo, hi = data
    return 0 <= p <= 1 and c_a >= 0 and 0 <= lo < hi


def classify(structure: Any, floats: Sequence[np.ndarray]) -> np.ndarray:
    """Every point's regime (an index into :data:`REGIME_CODES`), ``EXACT`` within
    ``TIE`` of a boundary."""
    p, c_a, lo, hi = np.broadcast_arrays(*(np.asarray(v, dtype=float) for v in floats))
    top = 1 - p
    t_free = (hi - c_a) / 2
    code = np.where(lo >= top, 0, np.where(t_free <= lo, 1, np.where(t_free < top, 2, 3)))
    near = (np.abs(lo - top) <= TIE) | (np.abs(t_free - lo) <= TIE) | (
        np.abs(t_free - top) <= TIE)
    return np.where(near | ~np.isfinite(t_free + top + lo), EXACT, code)


def point_record(structure: Any, data: Sequence[Fraction], case: int,
                 make_analysis: Callable[[dict[str, Any]], tuple[Any, Any]]
                 ) -> Row | None:
    """The sweep row of one point (the solver's figures on the exact data); None when
    the exact regime disagrees with the float ``case``."""
    p, c_a, lo, hi = data
    regime, t = uniform_optimum(p, c_a, lo, hi)
    if case != EXACT and REGIME_CODES[case] != regime:
        return None
    dist = CostDistribution("uniform", lo, hi)
    game = RiskReturnGame("", structure, p, c_a, dist)
    f = dist.cdf_below(t)
    solution = RiskReturnSolution(
        regime=regime, cutoff=t, demand=p + t, p_war=f,
        proposer_payoff=proposer_payoff(game, t),
        responder_payoff=responder_payoff(game, t),
        war_costs=c_a * f + dist.partial_mean_below(t), regret=0 * f)
    figures, exact = make_analysis(analysis(game, solution))
    outcomes: dict[str, Any] = {}
    if f < 1:
        outcomes[PEACE] = 1 - f
    if f > 0:
        outcomes[WAR] = f
    return (1, True, " & ".join(sorted(outcomes)), "",
            {k: (float(v), float(v)) for k, v in sorted(outcomes.items())},
            {k: (v, v) for k, v in sorted(outcomes.items())}, figures, exact)
