r"""The risk-return trade-off: a take-it-or-leave-it demand to a privately informed state.

Model (Fearon 1995, pp. 395-401)
--------------------------------
A stake of value 1 is in dispute. The proposer A demands ``x`` (keeps ``x``, offers
``1 - x``); the responder B accepts or fights. War: A wins with probability ``p``; the
costs are ``c_A`` (known) and ``c_B`` (B's private information, ``c_B ~ F``). B accepts
iff ``1 - x >= 1 - p - c_B``, i.e. iff its cost is at least the *cutoff*
``t = x - p`` (an indifferent type accepts). With ``F(t) = P(c_B < t)`` the proposer's
expected payoff is

.. math:: U(t) = (p + t)\,(1 - F(t)) + (p - c_A)\,F(t) = p + t\,(1 - F(t)) - c_A F(t),

over the feasible cutoffs ``t ∈ [-p, 1 - p]`` (``0 <= x <= 1``). A higher demand is
worth more when accepted and is rejected more often: the *risk-return trade-off*.

Uniform costs, closed form
--------------------------
Let ``c_B ~ U[lo, hi]`` with ``0 <= lo < hi``. Below ``lo`` every type accepts and ``U``
rises with ``t``, so ``t >= lo``; above ``hi`` every type fights and
``U = p - c_A``. On ``[lo, hi]``, ``F(t) = (t - lo)/(hi - lo)`` and

.. math:: U(t) = p + \frac{t (hi - t) - c_A (t - lo)}{hi - lo}, \qquad
          U'(t) = \frac{hi - c_A - 2t}{hi - lo}, \qquad U'' = \frac{-2}{hi - lo} < 0,

so ``U`` is strictly concave and its unconstrained maximiser is
``t° = (hi - c_A)/2 < hi`` (``c_A >= 0``): fighting every type is never optimal. The
optimum clamps ``t°`` to the feasible ``[lo, min(hi, 1 - p)]``:

* *whole stake, no war* (``lo >= 1 - p``): even the most resolved type prefers
  conceding everything to war; ``x* = 1``, ``P(war) = 0``;
* *safe demand* (``hi - c_A <= 2 lo``): ``x* = p + lo``, every type accepts,
  ``P(war) = 0``;
* *risk-return optimum* (``2 lo < hi - c_A < 2 (1 - p)``):
  ``x* = p + (hi - c_A)/2``, ``P(war) = (hi - c_A - 2 lo) / (2 (hi - lo))``;
* *whole stake, risking war* (``hi - c_A >= 2 (1 - p) > 2 lo``): the demand bound binds,
  ``x* = 1``, ``P(war) = (1 - p - lo)/(hi - lo)``.

With ``lo = 0`` this is the textbook ``x* = p + (hi - c_A)/2`` and
``P(war) = (hi - c_A)/(2 hi)`` (domain.md §5.1). Everything is rational in the data, so
rational inputs give an exact solution (:class:`~fractions.Fraction`).

Finitely many types
-------------------
With types ``v_1 < ... < v_k``, ``U`` is linear and increasing on each
``(v_j, v_{j+1}]``, so the optimum is a type's own cost (``t = v_j``: only the types
with ``c_B >= v_j`` accept), the demand bound ``t = 1 - p``, or fighting every type
(``U = p - c_A``). The candidates are compared exactly; ties go to the more peaceful
demand.

Certificate
-----------
The returned demand is checked against every corner and against a grid of demands
(exactly when the data are rational); the equilibrium's ``regret`` is the largest gain
found (0 for a true optimum). The responder's cutoff rule is a best reply by
construction. For the uniform case the analysis also records the one-sided slopes
``U'`` at the optimum (0 at an interior optimum; ``<= 0`` at the safe corner; ``>= 0``
at the demand bound) and ``U'' < 0``.

References
----------
Fearon, J. D. (1995). Rationalist explanations for war. *International Organization*
49(3), 379-414 (pp. 395-401, the risk-return trade-off).
Banks, J. S. (1990). Equilibrium behavior in crisis bargaining games. *American Journal
of Political Science* 34(3), 599-614.
Powell, R. (1999). *In the Shadow of Power*. Princeton University Press, ch. 3.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from ...equilibrium import Equilibrium
from ...games.crisis import RiskReturnGame
from ...games.public_goods import Number

__all__ = ["RiskReturnSolution", "risk_return", "proposer_payoff", "responder_payoff",
           "uniform_optimum", "REGIMES", "CHECK_POINTS"]

#: regime -> words
REGIMES = {
    "risk_return": "risk-return optimum: a demand some resolved types reject",
    "safe": "safe demand: every type accepts",
    "whole_stake": "whole stake demanded, risking war (the demand bound binds)",
    "whole_stake_peace": "whole stake demanded and conceded by every type",
    "never_settle": "no settlement: a demand every type rejects",
}

#: demands checked on a grid between the corners (the certificate)
CHECK_POINTS = 200


@dataclass(frozen=True)
class RiskReturnSolution:
    """The proposer's optimal cutoff and what follows from it."""

    regime: str
    cutoff: Number
    demand: Number
    p_war: Number
    proposer_payoff: Number
    responder_payoff: Number
    war_costs: Number
    regret: Number


def proposer_payoff(game: RiskReturnGame, t: Number) -> Number:
    """``U(t) = p + t (1 - F(t)) - c_A F(t)``: the proposer's payoff at cutoff ``t``."""
    f = game.responder_cost.cdf_below(t)
    return game.power + t * (1 - f) - game.proposer_cost * f


def responder_payoff(game: RiskReturnGame, t: Number) -> Number:
    """B's expected payoff: ``(1 - p - t)(1 - F(t)) + (1 - p) F(t) - E[c_B; c_B < t]``."""
    dist = game.responder_cost
    f = dist.cdf_below(t)
    return (1 - game.power - t) * (1 - f) + (1 - game.power) * f - dist.partial_mean_below(t)


def uniform_optimum(p: Number, c_a: Number, lo: Number, hi: Number) -> tuple[str, Number]:
    """Regime and optimal cutoff ``t*`` for ``c_B ~ U[lo, hi]`` (module docstring).

    Examples
    --------
    >>> uniform_optimum(Fraction(1, 2), Fraction(1, 10), Fraction(1, 10), Fraction(1, 2))
    ('risk_return', Fraction(1, 5))
    """
    top = 1 - p
    if lo >= top:
        return "whole_stake_peace", top
    t_free = (hi - c_a) / 2
    if t_free <= lo:
        return "safe", lo
    if t_free < top:
        return "risk_return", t_free
    return "whole_stake", top


def _discrete_optimum(game: RiskReturnGame) -> tuple[str, Number]:
    dist, p = game.responder_cost, game.power
    top = 1 - p
    # a type's own cost, or the demand bound (which is the demand every type fights
    # when all costs lie below it)
    candidates = [v for v in dist.values if v <= top] + [top]
    best_t = min(candidates, key=lambda t: (-proposer_payoff(game, t), t))
    return _regime_of(game, best_t), best_t


def _regime_of(game: RiskReturnGame, t: Number) -> str:
    f = game.responder_cost.cdf_below(t)
    top = 1 - game.power
    if f == 1:
        return "never_settle"
    if f == 0:
        return "whole_stake_peace" if t >= top else "safe"
    return "whole_stake" if t >= top else "risk_return"


def _certificate(game: RiskReturnGame, t_star: Number) -> Number:
    """The largest gain of another demand (corners and a grid); 0 for the optimum."""
    dist, p = game.responder_cost, game.power
    top = 1 - p
    lo = min(dist.low, top)
    hi = min(dist.high, top)
    points: list[Number] = [lo, hi, top, -p, *[v for v in dist.values if v <= top]]
    if hi > lo:
        step = (hi - lo) / CHECK_POINTS
        points += [lo + k * step for k in range(1, CHECK_POINTS)]
    best = proposer_payoff(game, t_star)
    gain = max(proposer_payoff(game, t) - best for t in points)
    return gain if gain > 0 else 0 * gain


def risk_return(game: RiskReturnGame) -> RiskReturnSolution:
    """Solve the risk-return game (closed form for uniform costs, exact enumeration for
    finitely many types) and certify the optimum.

    Examples
    --------
    >>> from alliance_games.games.crisis import CostDistribution
    >>> g = RiskReturnGame.build(["A", "B"], power=Fraction(1, 2),
    ...     proposer_cost=Fraction(1, 10),
    ...     responder_cost=CostDistribution.uniform(Fraction(1, 10), Fraction(1, 2)))
    >>> s = risk_return(g)
    >>> s.demand, s.p_war
    (Fraction(7, 10), Fraction(1, 4))
    """
    dist = game.responder_cost
    if dist.kind == "uniform":
        regime, t = uniform_optimum(game.power, game.proposer_cost, dist.low, dist.high)
    else:
        regime, t = _discrete_optimum(game)
    f = dist.cdf_below(t)
    demand = game.power + t
    return RiskReturnSolution(
        regime=regime,
        cutoff=t,
        demand=demand,
        p_war=f,
        proposer_payoff=proposer_payoff(game, t),
        responder_payoff=responder_payoff(game, t),
        war_costs=game.proposer_cost * f + dist.partial_mean_below(t),
        regret=_certificate(game, t),
    )


def uniform_slopes(game: RiskReturnGame, t: Number) -> dict[str, Any]:
    """One-sided slopes ``U'(t-)``, ``U'(t+)`` and ``U''`` on the uniform support."""
    dist = game.responder_cost
    lo, hi, c_a = dist.low, dist.high, game.proposer_cost
    inside = (hi - c_a - 2 * t) / (hi - lo)
    left = 1 if t <= lo else inside  # below lo every type accepts: U' = 1
    right = 0 * inside if t >= hi else inside  # above hi: U = p - c_A
    return {"slope_left": left, "slope_right": right, "second_derivative": -2 / (hi - lo)}


def analysis(game: RiskReturnGame, s: RiskReturnSolution) -> dict[str, Any]:
    """The documented ``analysis`` keys of a risk-return result (docs/spec-crisis.md)."""
    dist = game.responder_cost
    p, c_a = game.power, game.proposer_cost
    out: dict[str, Any] = {
        "model": "risk_return",
        "regime": s.regime,
        "regime_label": REGIMES[s.regime],
        "demand": s.demand,
        "offer": 1 - s.demand,
        "cutoff": s.cutoff,
        "p_war": s.p_war,
        "p_settlement": 1 - s.p_war,
        "expected_payoff_proposer": s.proposer_payoff,
        "expected_payoff_responder": s.responder_payoff,
        "expected_war_costs": s.war_costs,
        "war_payoff_proposer": p - c_a,
        "safe_demand": min(p + dist.low, 0 * p + 1),
        "cost_distribution": dist.kind,
        "cost_low": dist.low,
        "cost_high": dist.high,
    }
    if dist.kind == "uniform":
        lo, hi = dist.low, dist.high
        out["interior_cutoff"] = (hi - c_a) / 2
        out["interior_demand"] = p + (hi - c_a) / 2
        # war is risked iff hi - c_A > 2 lo (and some demand below 1 is left)
        out["threshold_proposer_cost"] = hi - 2 * lo
        out["threshold_cost_low"] = (hi - c_a) / 2
        out.update(uniform_slopes(game, s.cutoff))
    return out


def equilibrium(game: RiskReturnGame, s: RiskReturnSolution, exact: bool) -> Equilibrium:
    """The perfect Bayesian equilibrium of the screening game as an :class:`Equilibrium`."""
    a, b = game.players
    one: Number = Fraction(1) if exact else 1.0
    outcomes: dict[str, Number] = {}
    if s.p_war < 1:
        outcomes["peaceful settlement"] = one * (1 - s.p_war)
    if s.p_war > 0:
        outcomes["war by miscalculation"] = one * s.p_war
    if not exact:
        outcomes = {k: float(v) for k, v in outcomes.items()}
    payoffs = {a: s.proposer_payoff, b: s.responder_payoff}
    if not exact:
        payoffs = {k: float(v) for k, v in payoffs.items()}
    return Equilibrium(
        players=game.players,
        payoffs=payoffs,
        regret=float(s.regret),
        exact=exact and s.regret == 0,
        outcomes=outcomes,
        concept="perfect bayesian (screening)",
        notes=(REGIMES[s.regime],),
        extra={"demand": s.demand, "offer": 1 - s.demand, "cutoff": s.cutoff,
               f"{b} accepts iff": f"its cost of war >= {_text(s.cutoff)}"},
    )


def _text(value: Number) -> str:
    return str(value) if isinstance(value, Fraction) else repr(float(value))
